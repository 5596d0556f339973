//! e-mail extraction (placeholder until implemented).
use super::document::Document;
use super::limits::ExtractError;
use super::Ctx;

pub fn extract(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported(
        "e-mail: not implemented yet".into(),
    ))
}
