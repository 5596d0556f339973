//! Spreadsheets via calamine (placeholder until implemented).
use super::document::Document;
use super::limits::ExtractError;
use super::Ctx;

pub fn extract_ooxml(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported(
        "xlsx: not implemented yet".into(),
    ))
}

pub fn extract_ods(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported("ods: not implemented yet".into()))
}

pub fn extract_xls(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported("xls: not implemented yet".into()))
}
