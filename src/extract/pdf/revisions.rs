//! Earlier revisions kept by incremental updates: text an update removed from the pages
//! (a "redaction" by incremental update) is still in the file and is reported hidden.

use std::collections::HashSet;

use super::open::{guard, open, Opened};
use super::page::page_text;
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// Incremental updates read back (the most recent ones), as Tika does by default.
const MAX_REVISIONS: usize = 10;

/// Earlier revisions kept by incremental updates: each `%%EOF` before the last one ends a
/// complete earlier file. Their page lines that the final version no longer shows are
/// reported as hidden `Part::Other` text (a "redaction" by incremental update keeps the
/// original). Revisions that do not parse (linearization markers) are passed over.
pub(super) fn push_earlier_revisions(
    bytes: &[u8],
    final_lines: &HashSet<String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let ends = revision_ends(bytes);
    let Some((_, earlier)) = ends.split_last() else {
        return Ok(());
    };
    let total = ends.len();
    let first = earlier.len().saturating_sub(MAX_REVISIONS);
    let mut reported: HashSet<String> = HashSet::new();
    for (i, &end) in earlier.iter().enumerate().skip(first) {
        ctx.budget.check_time()?;
        let Some(prefix) = bytes.get(..end) else {
            continue;
        };
        let Ok(Opened { pdf, .. }) = open(prefix) else {
            continue;
        };
        let Ok(pages) = guard("reading the page tree", || pdf.page_count()) else {
            continue;
        };
        let field = format!("revision {} of {total}", i + 1);
        for index in 0..pages {
            ctx.budget.check_time()?;
            let text = match page_text(&pdf, index, b, ctx) {
                Ok(t) => t,
                Err(e @ (ExtractError::Limit(_) | ExtractError::Timeout(_))) => return Err(e),
                Err(_) => continue,
            };
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !final_lines.contains(*l))
                .filter(|l| reported.insert(l.to_string()))
                .collect();
            if !lines.is_empty() {
                let loc = Loc::part(Part::Other)
                    .with_page(index + 1)
                    .with_field(&field);
                b.push(&lines.join("\n"), loc)?;
                b.end_block();
            }
        }
    }
    Ok(())
}

/// Byte offsets just past each `%%EOF` that follows a `startxref` (so a `%%EOF` inside an
/// attached file's data does not count).
fn revision_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"%%EOF") {
        let window = bytes.get(at.saturating_sub(64)..at).unwrap_or(&[]);
        if memchr::memmem::find(window, b"startxref").is_some() {
            ends.push(at + 5);
        }
    }
    ends
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn revisions_end_at_eof_after_startxref() {
        let pdf =
            b"%PDF-1.4\nstream %%EOF endstream\nstartxref\n9\n%%EOF\nxref\nstartxref\n99\n%%EOF\n";
        let ends = revision_ends(pdf);
        assert_eq!(ends.len(), 2);
        assert!(ends
            .iter()
            .all(|&e| pdf.get(e - 5..e) == Some(&b"%%EOF"[..])));
    }
}
