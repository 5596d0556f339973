//! pptx extraction (placeholder until implemented).
use super::document::Document;
use super::limits::ExtractError;
use super::package::Package;
use super::Ctx;

pub fn extract(_pkg: &mut Package, _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported(
        "pptx: not implemented yet".into(),
    ))
}
