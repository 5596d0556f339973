//! Names kept in the table stream outside the text: comment authors (GrpXstAtnOwners),
//! the last savers with their paths (SttbSavedBy) and revision authors (SttbfRMark).

use super::fib::{Fib, FC_GRPXSTATNOWNERS, FC_PLCFANDREF, FC_STTBFRMARK, FC_STTBSAVEDBY};
use crate::extract::document::{DocumentBuilder, Loc};
use crate::extract::limits::ExtractError;
use crate::extract::ole::{cp1252, slice, u16_at, u8_at, utf16le};

/// Author of each comment, in order (`None` where unknown).
pub(super) fn comment_authors(fib: &Fib, table: &[u8]) -> Vec<Option<String>> {
    let owners = xst_list(fib.table_slice(table, FC_GRPXSTATNOWNERS));
    let plc = fib.table_slice(table, FC_PLCFANDREF);
    // n + 1 CPs and n ATRDPre10 of 30 bytes.
    if plc.len() < 4 + 34 {
        return Vec::new();
    }
    let n = (plc.len() - 4) / 34;
    (0..n)
        .map(|i| {
            let atrd = (n + 1) * 4 + i * 30;
            let ibst = u16_at(plc, atrd + 20)?;
            owners.get(usize::from(ibst)).cloned()
        })
        .collect()
}

/// A run of Xst strings (u16 count + UTF-16LE), as in GrpXstAtnOwners.
fn xst_list(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Some(cch) = u16_at(bytes, at) {
        let len = usize::from(cch) * 2;
        let Some(raw) = slice(bytes, at + 2, len) else {
            break;
        };
        out.push(utf16le(raw));
        at = at + 2 + len;
    }
    out
}

/// An STTB (string table): extended (UTF-16) or 8-bit strings.
fn sttb(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let extended = u16_at(bytes, 0) == Some(0xFFFF);
    let (count_at, mut at) = if extended { (2, 4) } else { (0, 2) };
    let count = u16_at(bytes, count_at).unwrap_or(0);
    let extra = usize::from(u16_at(bytes, at).unwrap_or(0));
    at += 2;
    for _ in 0..count {
        let (len, raw_at) = if extended {
            match u16_at(bytes, at) {
                Some(cch) => (usize::from(cch) * 2, at + 2),
                None => break,
            }
        } else {
            match u8_at(bytes, at) {
                Some(cch) => (usize::from(cch), at + 1),
                None => break,
            }
        };
        let Some(raw) = slice(bytes, raw_at, len) else {
            break;
        };
        out.push(if extended {
            utf16le(raw)
        } else {
            raw.iter().map(|&c| cp1252(c)).collect()
        });
        at = raw_at + len + extra;
    }
    out
}

/// Names and paths Word keeps outside the text: the last ten savers with their file paths
/// (SttbSavedBy) and the authors of revisions (SttbfRMark).
pub(super) fn push_sttb_metadata(
    fib: &Fib,
    table: &[u8],
    b: &mut DocumentBuilder,
) -> Result<(), ExtractError> {
    for (i, s) in sttb(fib.table_slice(table, FC_STTBSAVEDBY))
        .iter()
        .enumerate()
    {
        let field = if i % 2 == 0 { "savedBy" } else { "savedByPath" };
        b.push(s.trim(), Loc::metadata(field))?;
    }
    for s in sttb(fib.table_slice(table, FC_STTBFRMARK)) {
        if s.trim() != "Unknown" {
            b.push(s.trim(), Loc::metadata("revisionAuthor"))?;
        }
    }
    b.end_block();
    Ok(())
}
