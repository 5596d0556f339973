//! A text unit as the extractor sees it (a shared string, an inline string, a comment):
//! the concatenated text of one or more `t` elements. Plan values are found in the joined
//! text and mapped back onto the elements, so a value split over two formatted runs is
//! masked with each run keeping its formatting.

use std::ops::Range;

use quick_xml::events::Event;

use super::xml::{attrs, escape_text, local, Cursor, Decoded, Splices};
use crate::redact::{Edit, Plan, RedactError};

/// One text element: its decoded content and the part of it the reader keeps.
struct Piece {
    decoded: Decoded,
    /// The decoded range kept (calamine trims ASCII whitespace without `xml:space`).
    keep: Range<usize>,
}

/// The text elements of one unit, in document order.
#[derive(Default)]
pub(super) struct Unit {
    pieces: Vec<Piece>,
    /// A piece could not be decoded: the unit is left as it is.
    opaque: bool,
}

/// The plan's edits in `text` as the extractor may lay it out: as it is (a title row, a
/// comment) and with tabs and line breaks as spaces (a table cell). Both forms have the same
/// byte length, so the ranges hold for the text itself; where they disagree the edits of
/// the text as it is win.
pub(super) fn edits<'p>(plan: &'p Plan, text: &str) -> Vec<Edit<'p>> {
    let mut edits = plan.edits(text);
    if !text.bytes().any(|b| matches!(b, b'\t' | b'\n' | b'\r')) {
        return edits;
    }
    let spaced = text.replace(['\t', '\n', '\r'], " ");
    let extra: Vec<Edit<'p>> = plan
        .edits(&spaced)
        .into_iter()
        .filter(|e| {
            !edits
                .iter()
                .any(|d| d.range.start < e.range.end && e.range.start < d.range.end)
        })
        .collect();
    if !extra.is_empty() {
        edits.extend(extra);
        edits.sort_by_key(|e| e.range.start);
    }
    edits
}

impl Unit {
    /// Adds the element whose content is `src[content]`; `calamine` when the extractor
    /// reads it through calamine (see [`Decoded::new`]).
    pub fn push(&mut self, src: &[u8], content: Range<usize>, trim: bool, calamine: bool) {
        let Some(decoded) = Decoded::new(src, content, calamine) else {
            self.opaque = true;
            return;
        };
        let keep = if trim {
            let t = &decoded.text;
            let start = t.len() - t.trim_start_matches([' ', '\t', '\r', '\n']).len();
            let end = t.trim_end_matches([' ', '\t', '\r', '\n']).len().max(start);
            start..end
        } else {
            0..decoded.text.len()
        };
        self.pieces.push(Piece { decoded, keep });
    }

    /// The unit's text as the extractor builds it.
    pub fn text(&self) -> String {
        let mut out = String::new();
        for p in &self.pieces {
            out.push_str(p.decoded.text.get(p.keep.clone()).unwrap_or_default());
        }
        out
    }

    pub fn is_empty(&self) -> bool {
        self.pieces.iter().all(|p| p.keep.is_empty())
    }

    /// Masks every plan value of the unit in place; returns how many values were replaced.
    pub fn mask(&self, plan: &Plan, splices: &mut Splices) -> usize {
        if self.opaque || self.pieces.is_empty() {
            return 0;
        }
        let text = self.text();
        let edits = edits(plan, &text);
        if edits.is_empty() {
            return 0;
        }
        // Each piece's range in the joined text.
        let mut bounds = Vec::with_capacity(self.pieces.len());
        let mut at = 0;
        for p in &self.pieces {
            bounds.push(at..at + p.keep.len());
            at += p.keep.len();
        }
        let mut done = 0;
        for e in &edits {
            let parts = distribute(&text, e, &bounds);
            let mut ok = true;
            let mut local_splices = Vec::new();
            for (k, range, with) in parts {
                let (Some(piece), Some(b)) = (self.pieces.get(k), bounds.get(k)) else {
                    ok = false;
                    break;
                };
                let from = piece.keep.start + (range.start - b.start);
                let to = piece.keep.start + (range.end - b.start);
                match (piece.decoded.raw_at(from), piece.decoded.raw_at(to)) {
                    (Some(a), Some(z)) if a <= z => local_splices.push((a..z, escape_text(&with))),
                    _ => ok = false,
                }
            }
            if ok {
                for (r, w) in local_splices {
                    splices.push(r, w);
                }
                done += 1;
            }
        }
        done
    }
}

/// Splits one edit over the pieces it covers: (piece, range in the joined text, text for
/// that piece). A mask as long (in characters) as the value is cut along the pieces, so
/// each run keeps its share; otherwise the first piece takes the whole mask.
fn distribute(
    text: &str,
    e: &Edit<'_>,
    bounds: &[Range<usize>],
) -> Vec<(usize, Range<usize>, String)> {
    let covered: Vec<(usize, Range<usize>)> = bounds
        .iter()
        .enumerate()
        .filter(|(_, b)| b.start < e.range.end && b.end > e.range.start)
        .map(|(k, b)| (k, b.start.max(e.range.start)..b.end.min(e.range.end)))
        .collect();
    if covered.len() <= 1 {
        return covered
            .into_iter()
            .map(|(k, r)| (k, r, e.replacement.to_string()))
            .collect();
    }
    let chars = |r: Range<usize>| text.get(r).map_or(0, |s| s.chars().count());
    let same_length = chars(e.range.clone()) == e.replacement.chars().count();
    let mut out = Vec::with_capacity(covered.len());
    for (i, (k, r)) in covered.into_iter().enumerate() {
        let with = if same_length {
            let skip = chars(e.range.start..r.start);
            let take = chars(r.clone());
            e.replacement.chars().skip(skip).take(take).collect()
        } else if i == 0 {
            e.replacement.to_string()
        } else {
            String::new()
        };
        out.push((k, r, with));
    }
    out
}

/// Masks the text of elements grouped in units (`comment` → its `t` runs): an element
/// named in `pieces` adds its content to the innermost open unit (or is a unit of its own
/// outside any). Attributes are not touched. Returns the part rewritten and the count.
pub(super) fn mask_units(
    src: &[u8],
    what: &str,
    plan: &Plan,
    units: &[&str],
    pieces: &[&str],
    splices: &mut Splices,
) -> Result<usize, RedactError> {
    let mut cur = Cursor::new(src, what);
    // Open units with the depth they were opened at.
    let mut open: Vec<(usize, Unit)> = Vec::new();
    let mut done = 0;
    loop {
        let (event, _) = cur.next()?;
        match event {
            Event::Start(e) => {
                let name = local(&e);
                if pieces.contains(&name) {
                    let (content, _) = cur.content()?;
                    match open.last_mut() {
                        Some((_, unit)) => unit.push(src, content, false, false),
                        None => {
                            let mut unit = Unit::default();
                            unit.push(src, content, false, false);
                            done += unit.mask(plan, splices);
                        }
                    }
                } else if units.contains(&name) {
                    open.push((cur.depth(), Unit::default()));
                }
            }
            Event::End(_) if open.last().is_some_and(|(d, _)| cur.depth() < *d) => {
                if let Some((_, unit)) = open.pop() {
                    done += unit.mask(plan, splices);
                }
            }
            Event::Eof => return Ok(done),
            _ => {}
        }
    }
}

/// Masks a single text element's content (a header, a formula, a defined name).
pub(super) fn mask_content(
    src: &[u8],
    content: Range<usize>,
    plan: &Plan,
    splices: &mut Splices,
) -> usize {
    let mut unit = Unit::default();
    unit.push(src, content, false, false);
    unit.mask(plan, splices)
}

/// Masks plan values in every attribute value of a tag; returns how many were replaced.
pub(super) fn mask_attrs(
    e: &quick_xml::events::BytesStart<'_>,
    src: &[u8],
    plan: &Plan,
    splices: &mut Splices,
) -> usize {
    let mut done = 0;
    for a in attrs(e, src) {
        let Some(raw) = a.raw else { continue };
        if a.name.starts_with("xmlns") {
            continue;
        }
        let edits = plan.edits(&a.value);
        if edits.is_empty() {
            continue;
        }
        done += edits.len();
        let masked = crate::redact::apply_edits(&a.value, &edits);
        splices.push(raw, super::xml::escape_attr(&masked));
    }
    done
}
