//! One worksheet part: cell values masked where the extractor would see a plan value
//! (inline strings in place; numbers, dates and formula results turned into inline
//! strings holding the mask), formula text masked, headers/footers masked, and with
//! hidden channels removed the cells of hidden rows and columns dropped.

use std::collections::{BTreeSet, HashSet};
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};

use super::cell::{emptied, mask_cell, Cell};
use super::numfmt::Styles;
use super::text::mask_content;
use super::xml::{attr, attrs, local, prefix, truthy, Cursor, Splices};
use crate::redact::{Plan, RedactError};

/// Shared-string indices still referenced by a kept cell. Indices past the bound are not
/// tracked: then nothing is treated as unreferenced.
#[derive(Default)]
pub(super) struct Used {
    bits: Vec<bool>,
    overflow: bool,
}

const MAX_TRACKED: usize = 1 << 24;

impl Used {
    pub fn mark(&mut self, i: usize) {
        if i >= MAX_TRACKED {
            self.overflow = true;
            return;
        }
        if i >= self.bits.len() {
            self.bits.resize(i + 1, false);
        }
        if let Some(b) = self.bits.get_mut(i) {
            *b = true;
        }
    }

    /// Whether string `i` is certainly unreferenced.
    pub fn unreferenced(&self, i: usize) -> bool {
        !self.overflow && !self.bits.get(i).copied().unwrap_or(false)
    }
}

/// What one sheet's rewrite needs to know.
pub(super) struct SheetCtx<'p> {
    pub plan: &'p Plan,
    pub remove_hidden: bool,
    pub styles: &'p Styles,
    /// `r:id`s of `legacyDrawing` elements whose drawing is removed.
    pub drop_drawings: &'p HashSet<String>,
}

#[derive(Default)]
pub(super) struct SheetStats {
    pub replaced: usize,
    pub hidden_rows: usize,
    pub hidden_cols: BTreeSet<u32>,
    pub formulas_dropped: usize,
    /// Whether any cell was removed or lost its formula (the calculation chain is stale).
    pub cells_changed: bool,
}

/// Rewrites one worksheet; marks the shared strings its kept cells reference.
pub(super) fn rewrite_sheet(
    src: &[u8],
    what: &str,
    ctx: &SheetCtx,
    used: &mut Used,
    stats: &mut SheetStats,
) -> Result<Option<Vec<u8>>, RedactError> {
    let mut cur = Cursor::new(src, what);
    let mut splices = Splices::default();
    let mut hidden_cols: Vec<(u32, u32)> = Vec::new();
    let (mut next_row, mut next_col) = (0u32, 0u32);
    let (mut row_hidden, mut row_counted) = (false, false);
    loop {
        let (event, span) = cur.next()?;
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::Eof => break,
            _ => continue,
        };
        match local(&e) {
            "col" => {
                let a = attrs(&e, src);
                let num = |n: &str| attr(&a, n).and_then(|v| v.trim().parse::<u32>().ok());
                let zero_width = attr(&a, "width")
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .is_some_and(|w| w == 0.0);
                let hidden = truthy(attr(&a, "hidden").as_deref())
                    || (zero_width && truthy(attr(&a, "customWidth").as_deref()));
                if let (true, Some(min), Some(max)) = (hidden, num("min"), num("max")) {
                    let lo = min.saturating_sub(1);
                    hidden_cols.push((lo, max.saturating_sub(1).max(lo)));
                }
            }
            "row" => {
                let a = attrs(&e, src);
                let row = attr(&a, "r")
                    .and_then(|v| v.trim().parse::<u32>().ok())
                    .and_then(|v| v.checked_sub(1))
                    .unwrap_or(next_row);
                next_row = row.saturating_add(1);
                next_col = 0;
                let zero_height = attr(&a, "ht")
                    .and_then(|v| v.trim().parse::<f64>().ok())
                    .is_some_and(|h| h == 0.0);
                row_hidden = truthy(attr(&a, "hidden").as_deref())
                    || (zero_height && truthy(attr(&a, "customHeight").as_deref()));
                row_counted = false;
            }
            "c" => {
                let cell = read_cell(&mut cur, &e, span, empty, src, &mut next_col)?;
                let col_hidden = hidden_cols
                    .iter()
                    .any(|&(lo, hi)| lo <= cell.col && cell.col <= hi);
                if ctx.remove_hidden && (row_hidden || col_hidden) {
                    let left = emptied(&cell, src, ctx.plan, stats);
                    splices.push(cell.span.clone(), left);
                    stats.cells_changed = true;
                    if cell.has_content() {
                        if row_hidden && !row_counted {
                            stats.hidden_rows += 1;
                            row_counted = true;
                        } else if !row_hidden {
                            stats.hidden_cols.insert(cell.col);
                        }
                    }
                    continue;
                }
                mask_cell(&cell, src, ctx, used, stats, &mut splices);
            }
            "oddHeader" | "evenHeader" | "firstHeader" | "oddFooter" | "evenFooter"
            | "firstFooter"
                if !empty =>
            {
                let (content, _) = cur.content()?;
                stats.replaced += mask_content(src, content, ctx.plan, &mut splices);
            }
            "legacyDrawing" => {
                let rid = attrs(&e, src)
                    .into_iter()
                    .find(|a| a.local() == "id")
                    .map(|a| a.value);
                if rid.is_some_and(|r| ctx.drop_drawings.contains(&r)) {
                    let end = if empty { span.end } else { cur.content()?.1 };
                    splices.push(span.start..end, Vec::new());
                }
            }
            _ => {}
        }
    }
    splices.apply(src, what)
}

/// Reads a `<c>` element whose start tag is `e`.
fn read_cell(
    cur: &mut Cursor<'_>,
    e: &BytesStart<'_>,
    span: Range<usize>,
    empty: bool,
    src: &[u8],
    next_col: &mut u32,
) -> Result<Cell, RedactError> {
    let mut cell = Cell {
        prefix: prefix(e),
        attrs: attrs(e, src),
        ..Cell::default()
    };
    cell.col = attr(&cell.attrs, "r")
        .and_then(|r| a1_col(&r))
        .unwrap_or(*next_col);
    *next_col = cell.col.saturating_add(1);
    if empty {
        cell.span = span;
        return Ok(cell);
    }
    let open = cur.depth();
    let mut in_is = false;
    let mut rph = 0usize;
    loop {
        let (event, inner) = cur.next()?;
        let (c, is_empty) = match event {
            Event::Start(c) => (c, false),
            Event::Empty(c) => (c, true),
            Event::End(c) => {
                if cur.depth() < open {
                    cell.span = span.start..inner.end;
                    return Ok(cell);
                }
                match c.local_name().as_ref() {
                    "is" => in_is = false,
                    "rPh" => rph = rph.saturating_sub(1),
                    _ => {}
                }
                continue;
            }
            Event::Eof => return Err(cur.truncated()),
            _ => continue,
        };
        match local(&c) {
            "f" => {
                let a = attrs(&c, src);
                let master =
                    attr(&a, "t").as_deref() == Some("shared") && attr(&a, "ref").is_some();
                if is_empty {
                    cell.f = Some((inner, None, master));
                } else {
                    let (content, end) = cur.content()?;
                    cell.f = Some((inner.start..end, Some(content), master));
                }
            }
            "v" if !is_empty => cell.v = Some(cur.content()?.0),
            "is" if !is_empty => {
                in_is = true;
                cell.has_is = true;
            }
            "rPh" if !is_empty => rph += 1,
            "t" if in_is && !is_empty => {
                let (content, _) = cur.content()?;
                if rph == 0 {
                    let preserve = attr(&attrs(&c, src), "space").as_deref() == Some("preserve");
                    cell.inline.push(src, content, !preserve, true);
                }
            }
            _ => {}
        }
    }
}

/// The 0-based column of an A1 reference (`$AB$10` → 27).
pub(super) fn a1_col(r: &str) -> Option<u32> {
    let letters: String = r
        .trim()
        .chars()
        .filter(|c| *c != '$')
        .take_while(char::is_ascii_alphabetic)
        .collect();
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.bytes() {
        col = col * 26 + u32::from(c.to_ascii_uppercase() - b'A' + 1);
    }
    col.checked_sub(1)
}
