//! Archives: zip (members scanned as `a.zip!/b.docx`) and 7z.
use super::document::Document;
use super::limits::ExtractError;
use super::package::Package;
use super::Ctx;

pub fn extract_zip(_pkg: &mut Package, _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported(
        "zip archive: not implemented yet".into(),
    ))
}

pub fn extract_7z(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported(
        "7z archive: not implemented yet".into(),
    ))
}
