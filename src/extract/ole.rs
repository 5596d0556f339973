//! OLE2 compound files: classification by stream names, Word binary (.doc/.wps),
//! PowerPoint binary (.ppt) and property sets (placeholder until implemented).
use super::document::Document;
use super::limits::ExtractError;
use super::Ctx;

/// What an OLE compound file holds, by its stream names.
pub enum OleKind {
    Word,
    Workbook,
    PowerPoint,
    EncryptedOoxml,
    Other(String),
}

pub fn classify(_bytes: &[u8]) -> Result<OleKind, ExtractError> {
    Err(ExtractError::Unsupported(
        "OLE compound file: not implemented yet".into(),
    ))
}

pub fn extract_doc(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported("doc: not implemented yet".into()))
}

pub fn extract_ppt(_bytes: &[u8], _ctx: &Ctx) -> Result<Document, ExtractError> {
    Err(ExtractError::Unsupported("ppt: not implemented yet".into()))
}
