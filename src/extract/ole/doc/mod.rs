//! Word 97–2003 binary documents (.doc) and Kingsoft WPS documents (.wps, same format).
//!
//! The FIB at the start of `WordDocument` gives the flags (encrypted, which table stream),
//! the story lengths (main text, footnotes, headers, comments, endnotes, text boxes) and
//! where the piece table (CLX) lives in `0Table`/`1Table`. Each piece maps a run of
//! character positions (CPs) to file offsets (FCs) in `WordDocument`, either 8-bit
//! ("compressed", Windows-1252) or UTF-16LE — Chinese text is always in UTF-16 pieces.
//! Character properties (CHPX FKPs) mark deleted revisions and hidden text, which stay in
//! the file as ordinary characters; paragraph properties (PAPX FKPs) tell a table's row
//! ends from its cell ends.
//!
//! This file opens the streams and hands over the pieces: `fib` (FIB, piece table,
//! the character reader), `properties` (deleted, hidden and table flags from the
//! FKPs), `stories` (stories split into paragraphs, cells, rows and fields) and
//! `strings` (comment authors, savers and revision authors from the table stream).

mod fib;
mod properties;
mod stories;
mod strings;

use super::{
    push_embedded_storage, push_summary_information, read_stream, read_stream_opt, root_names, Cfb,
};
use crate::extract::document::{Document, DocumentBuilder};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;
use fib::{parse_clx, Fib, Text, FC_CLX, FC_PLCFBTECHPX, FC_PLCFBTEPAPX};
use properties::Runs;
use stories::read_stories;
use strings::push_sttb_metadata;

/// Most embedded objects handed over from one document.
const MAX_OBJECTS: usize = 1000;

/// Reads a Word 97–2003 / WPS binary document.
pub fn extract_doc(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut cf = super::open(bytes)?;
    let names = root_names(&cf);
    let format = if names.iter().any(|n| n == "WpsCustomData") {
        "wps"
    } else {
        "doc"
    };
    let word = read_stream(&mut cf, "/WordDocument", ctx)?;
    let fib = Fib::parse(&word)?;
    if fib.encrypted || fib.obfuscated {
        return Err(ExtractError::Encrypted(
            "Word document encrypted with a password (fEncrypted set in the FIB)".into(),
        ));
    }
    let table_name = if fib.table_1 { "/1Table" } else { "/0Table" };
    let table = read_stream_opt(&mut cf, table_name, ctx)?.ok_or_else(|| {
        ExtractError::Corrupt(format!(
            "Word document: table stream {} missing",
            table_name.trim_start_matches('/')
        ))
    })?;
    let pieces = parse_clx(fib.table_slice(&table, FC_CLX))?;
    let mut b = DocumentBuilder::new(format, ctx.budget.limits.max_text_bytes);
    let chp = Runs::parse(&word, fib.table_slice(&table, FC_PLCFBTECHPX), false, ctx)?;
    let pap = Runs::parse(&word, fib.table_slice(&table, FC_PLCFBTEPAPX), true, ctx)?;
    let text = Text {
        word: &word,
        pieces,
        chp,
        pap,
    };
    read_stories(&fib, &table, &text, &mut b, ctx)?;
    push_sttb_metadata(&fib, &table, &mut b)?;
    push_summary_information(&mut cf, &mut b, ctx)?;
    push_object_pool(&mut cf, &mut b, ctx)?;
    Ok(b.finish())
}

/// Embedded objects: each storage under `ObjectPool`.
fn push_object_pool(cf: &mut Cfb, b: &mut DocumentBuilder, ctx: &Ctx) -> Result<(), ExtractError> {
    if !cf.is_storage("/ObjectPool") {
        return Ok(());
    }
    let storages: Vec<String> = match cf.read_storage("/ObjectPool") {
        Ok(entries) => entries
            .filter(|e| e.is_storage())
            .map(|e| e.name().to_string())
            .take(MAX_OBJECTS)
            .collect(),
        Err(e) => {
            b.member(
                "ObjectPool".into(),
                Err(ExtractError::Corrupt(format!("embedded objects: {e}"))),
                true,
            );
            return Ok(());
        }
    };
    for name in storages {
        let path = format!("/ObjectPool/{name}");
        let label = format!("ObjectPool/{}", name.trim_start_matches('_'));
        push_embedded_storage(cf, &path, &label, b, ctx)?;
    }
    Ok(())
}
