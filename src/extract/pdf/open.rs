//! Opening a PDF: lenient parsing, decryption with the empty user password (as viewers
//! do; any other password is `Encrypted`), and the guard that turns the PDF crate's
//! errors into plain words and its panics into `Corrupt`.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use oxidize_pdf::parser::{ParseError, ParseOptions, PdfDictionary, PdfReader};

use super::Pdf;
use crate::extract::limits::ExtractError;

pub(super) struct Opened<'a> {
    pub(super) pdf: Pdf<'a>,
    pub(super) catalog: PdfDictionary,
    pub(super) info: Option<PdfDictionary>,
}

/// Parses the file, decrypts it when the user password is empty (as viewers do) and reads
/// the catalog and the document information dictionary.
pub(super) fn open(bytes: &[u8]) -> Result<Opened<'_>, ExtractError> {
    guard("opening the PDF", || {
        let mut options = ParseOptions::lenient();
        options.log_recovery_details = false;
        options.collect_warnings = false;
        let mut reader = PdfReader::new_with_options(Cursor::new(bytes), options)?;
        if reader.is_encrypted() && !reader.is_unlocked() && !reader.try_empty_password()? {
            return Err(ParseError::WrongPassword);
        }
        let catalog = reader.catalog()?.clone();
        // A broken /Info reference loses the properties, not the document.
        let info = reader.info().ok().flatten().cloned();
        Ok(Opened {
            pdf: reader.into_document(),
            catalog,
            info,
        })
    })
}

/// Runs one call into the PDF crate: its errors in plain words, its panics as `Corrupt`.
pub(super) fn guard<T>(
    what: &str,
    f: impl FnOnce() -> Result<T, ParseError>,
) -> Result<T, ExtractError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(parse_error(e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(ExtractError::Corrupt(format!(
                "PDF: the reader failed while {what} ({msg})"
            )))
        }
    }
}

fn parse_error(e: ParseError) -> ExtractError {
    match e {
        ParseError::WrongPassword | ParseError::PdfLocked => {
            ExtractError::Encrypted("PDF with a user password".into())
        }
        ParseError::EncryptionNotSupported => {
            ExtractError::Encrypted("PDF encrypted with a method this tool cannot decrypt".into())
        }
        e => ExtractError::Corrupt(format!("PDF: {e}")),
    }
}
