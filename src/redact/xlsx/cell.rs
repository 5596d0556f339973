//! One cell of a worksheet: what the extractor shows of it, masked in place (inline
//! strings) or by turning the cell into an inline string holding the mask.

use std::ops::Range;

use super::sheet::{SheetCtx, SheetStats, Used};
use super::text::{edits, mask_content, Unit};
use super::xml::{attr, escape_text, Attr, Decoded, Splices};
use crate::redact::{apply_edits, Plan};

/// A `<c>` element as read.
#[derive(Default)]
pub(super) struct Cell {
    pub span: Range<usize>,
    pub prefix: String,
    pub attrs: Vec<Attr>,
    pub col: u32,
    /// The whole `<f>` element, its content, and whether it is a shared formula's master.
    pub f: Option<(Range<usize>, Option<Range<usize>>, bool)>,
    pub v: Option<Range<usize>>,
    pub inline: Unit,
    pub has_is: bool,
}

impl Cell {
    pub fn has_content(&self) -> bool {
        self.f.is_some() || self.v.is_some() || self.has_is
    }
}

/// Masks one kept cell.
pub(super) fn mask_cell(
    cell: &Cell,
    src: &[u8],
    ctx: &SheetCtx,
    used: &mut Used,
    stats: &mut SheetStats,
    splices: &mut Splices,
) {
    let t = attr(&cell.attrs, "t");
    let raw_v = || cell.v.clone().and_then(|r| src.get(r));
    // The text the extractor shows, for the types whose value is not edited in place.
    let shown: Option<String> = match t.as_deref() {
        Some("s") => {
            if let Some(i) = raw_v().and_then(|v| std::str::from_utf8(v).ok()?.trim().parse().ok())
            {
                used.mark(i);
            }
            None
        }
        Some("inlineStr") => {
            stats.replaced += cell.inline.mask(ctx.plan, splices);
            None
        }
        Some("str") => cell
            .v
            .clone()
            .and_then(|r| Decoded::new(src, r, true))
            .map(|d| d.text),
        // ISO dates and error codes as written; booleans as Excel shows them.
        Some("d" | "e") => cell
            .v
            .clone()
            .and_then(|r| Decoded::new(src, r, true))
            .map(|d| d.text),
        Some("b") => raw_v().map(|v| match v.trim_ascii() {
            b"1" | b"true" => "TRUE".to_string(),
            _ => "FALSE".to_string(),
        }),
        None | Some("n") => raw_v().map(|v| {
            let v = String::from_utf8_lossy(v);
            ctx.styles.render(&v, attr(&cell.attrs, "s").as_deref())
        }),
        Some(_) => None,
    };
    if let Some(text) = shown {
        let edits = edits(ctx.plan, &text);
        if !edits.is_empty() {
            stats.replaced += edits.len();
            let masked = apply_edits(&text, &edits);
            splices.push(
                cell.span.clone(),
                convert(cell, src, &masked, ctx.plan, stats),
            );
            return;
        }
    }
    if let Some((_, Some(content), _)) = &cell.f {
        stats.replaced += mask_content(src, content.clone(), ctx.plan, splices);
    }
}

/// The cell rewritten to show `masked`: an inline string (its formula dropped, so a
/// recalculation cannot bring the value back), or, for the master of a shared formula that
/// other cells depend on, the formula kept (masked) with `masked` as its string result.
fn convert(cell: &Cell, src: &[u8], masked: &str, plan: &Plan, stats: &mut SheetStats) -> Vec<u8> {
    let p = &cell.prefix;
    let mut out = open_tag(cell, src);
    let text = escape_text(masked);
    match &cell.f {
        Some((f, content, true)) => {
            let formula = masked_formula(src, f, content.as_ref(), plan, stats);
            out.push_str(&format!(" t=\"str\">{formula}<{p}v>{text}</{p}v></{p}c>"));
        }
        other => {
            if other.is_some() {
                stats.formulas_dropped += 1;
            }
            stats.cells_changed |= other.is_some();
            let space = if masked.trim() != masked {
                " xml:space=\"preserve\""
            } else {
                ""
            };
            out.push_str(&format!(
                " t=\"inlineStr\"><{p}is><{p}t{space}>{text}</{p}t></{p}is></{p}c>"
            ));
        }
    }
    out.into_bytes()
}

/// What is left of a removed cell (a hidden row's or column's): nothing, unless it is the
/// master of a shared formula other cells depend on; then the formula stays, without its
/// value, or Excel would find those cells' formula missing and repair the file.
pub(super) fn emptied(cell: &Cell, src: &[u8], plan: &Plan, stats: &mut SheetStats) -> Vec<u8> {
    let Some((f, content, true)) = &cell.f else {
        return Vec::new();
    };
    let formula = masked_formula(src, f, content.as_ref(), plan, stats);
    let p = &cell.prefix;
    format!("{}>{formula}</{p}c>", open_tag(cell, src)).into_bytes()
}

/// `<c r=".." s=".."` (not closed): the cell's position and style, nothing else.
fn open_tag(cell: &Cell, src: &[u8]) -> String {
    let mut out = format!("<{}c", cell.prefix);
    for a in &cell.attrs {
        if matches!(a.local(), "r" | "s") {
            let raw = a.raw.clone().and_then(|r| src.get(r)).unwrap_or_default();
            out.push_str(&format!(" {}=\"{}\"", a.name, String::from_utf8_lossy(raw)));
        }
    }
    out
}

/// The `<f>` element `src[f]` with plan values in its text masked.
fn masked_formula(
    src: &[u8],
    f: &Range<usize>,
    content: Option<&Range<usize>>,
    plan: &Plan,
    stats: &mut SheetStats,
) -> String {
    let whole = String::from_utf8_lossy(src.get(f.clone()).unwrap_or_default()).into_owned();
    let Some(content) = content else {
        return whole;
    };
    let Some(text) = Decoded::new(src, content.clone(), false).map(|d| d.text) else {
        return whole;
    };
    let edits = plan.edits(&text);
    if edits.is_empty() {
        return whole;
    }
    stats.replaced += edits.len();
    let head = src.get(f.start..content.start).unwrap_or_default();
    let tail = src.get(content.end..f.end).unwrap_or_default();
    format!(
        "{}{}{}",
        String::from_utf8_lossy(head),
        escape_text(&apply_edits(&text, &edits)),
        String::from_utf8_lossy(tail)
    )
}
