//! One WordprocessingML story (the main document, a header, a footer, the footnotes, the
//! comments, the glossary) read in one pull pass.
//!
//! Every paragraph becomes one segment of visible text plus, when present, one segment per
//! hidden channel with the same paragraph number: deleted revisions (`w:del`, `w:moveFrom`),
//! hidden runs (`w:vanish`, `w:specVanish`, hidden styles) and field instructions
//! (`w:instrText`, `w:fldSimple@instr`). Runs of one channel concatenate, so a value split
//! across runs stays contiguous. Table rows go out as tab-separated rows (header first);
//! a table nested in a cell is flattened into that cell's text; hidden channels of a table
//! wait until the table ends so no untabbed line breaks the column-header tracking.
//! Text boxes (`w:txbxContent`) are their own paragraphs in [`Part::TextBox`];
//! `mc:Fallback` copies of drawings are skipped so nothing is read twice.
//!
//! Layout: `open` (opening elements), `close` (closing elements, paragraph ends), `channel`
//! (run text routed to its channel), `table` (held-back segments, cells and rows).

mod channel;
mod close;
pub(crate) mod open;
mod table;

use std::collections::HashSet;

use quick_xml::events::BytesStart;

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// What a story is and how its segments are labelled.
pub struct StoryKind<'a> {
    /// Part of visible text (`Body`, `Header`, `Footer`, `Footnote`, `Endnote`, `Comment`,
    /// `Other` for the glossary).
    pub part: Part,
    /// `field` of every segment (the glossary says so); comments set the author instead.
    pub field: Option<&'a str>,
}

/// What a story tells its caller besides the text.
#[derive(Default, Debug)]
pub struct StoryOut {
    /// Relationship ids of hyperlinks with the paragraph they sit in (first use).
    pub links: Vec<(String, u32)>,
    pub paragraphs: u32,
}

/// Elements whose nesting matters.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    /// `w:pPr` of a paragraph.
    PPr,
    R,
    /// `w:rPr` of a run (not of a paragraph mark, not of a property change).
    RPr,
    /// `w:del` / `w:moveFrom` wrapping runs.
    Del,
    T,
    DelText,
    Instr,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    TxbxContent,
    Fallback,
    /// Any other property element (`w:sectPr`, a paragraph mark's `w:rPr`, changes).
    Props,
    Comment,
    Other,
}

#[derive(Default)]
struct Para {
    n: u32,
    part: Part,
    /// Text-box nesting level where the paragraph opened.
    txbx: u32,
    /// Whether it belongs to the current cell of the open table.
    in_cell: bool,
    style_hidden: bool,
    visible: String,
    deleted: String,
    hidden: String,
    code: String,
}

#[derive(Default, Clone, Copy)]
struct Run {
    /// `w:vanish` set (or cleared) directly on the run.
    direct: Option<bool>,
    /// Hidden through its character style.
    style: bool,
    /// White (`w:color FFFFFF`) or at most 1 pt (`w:sz` ≤ 2 half-points): on a page it
    /// cannot be read, in the file it can.
    invisible: bool,
}

struct Cell {
    col: u32,
    span: u32,
    text: String,
    first_para: Option<u32>,
}

/// The outermost open table (nested tables are flattened into its cells).
struct Table {
    /// Table nesting level (`w:tbl` count) of this table.
    level: u32,
    txbx: u32,
    part: Part,
    row: u32,
    next_col: u32,
    header_seen: bool,
    cells: Vec<(String, Loc)>,
    cell: Option<Cell>,
}

#[derive(Clone, Copy)]
enum Channel {
    Visible,
    Deleted,
    Hidden,
    Code,
}

struct Story<'s> {
    part: Part,
    field: Option<String>,
    base_field: Option<String>,
    hidden_styles: &'s HashSet<String>,
    stack: Vec<Tag>,
    /// While inside `mc:Fallback`: the stack length at which skipping ends.
    skip_from: Option<usize>,
    paras: Vec<Para>,
    runs: Vec<Run>,
    del: u32,
    txbx: u32,
    tbl: u32,
    table: Option<Table>,
    pending: Vec<(String, Loc)>,
    count: u32,
    out: StoryOut,
}

/// `w:val` read as an on/off property (absent = on).
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "False" | "FALSE")
    )
}

fn num(e: &BytesStart) -> u32 {
    attr(e, "val")
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .clamp(1, 64)
}

fn push_sep(s: &mut String, piece: &str) {
    if piece.trim().is_empty() {
        return;
    }
    if !s.is_empty() {
        s.push(' ');
    }
    s.push_str(piece);
}

/// Reads one story into `b`. Errors on malformed XML (including a part that ends before its
/// root element closes); what was pushed before the error stays in `b`.
pub fn read(
    xml: &[u8],
    name: &str,
    kind: &StoryKind,
    hidden_styles: &HashSet<String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<StoryOut, ExtractError> {
    let mut s = Story {
        part: kind.part,
        field: kind.field.map(str::to_string),
        base_field: kind.field.map(str::to_string),
        hidden_styles,
        stack: Vec::new(),
        skip_from: None,
        paras: Vec::new(),
        runs: Vec::new(),
        del: 0,
        txbx: 0,
        tbl: 0,
        table: None,
        pending: Vec::new(),
        count: 0,
        out: StoryOut::default(),
    };
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, name);
    let mut seen_root = false;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                seen_root = true;
                s.start(&e, empty, b)?;
            }
            XmlEvent::End { .. } => s.end(b, ctx)?,
            XmlEvent::Text(t) => s.text(&t),
            XmlEvent::Comment(_) => {}
            XmlEvent::Eof => break,
        }
    }
    if !s.stack.is_empty() || !seen_root {
        // Keep what was read, then say the part is incomplete.
        s.skip_from = None;
        while let Some(p) = s.paras.pop() {
            s.end_para(p, b)?;
        }
        s.flush_pending(b)?;
        return Err(ExtractError::Corrupt(format!(
            "{name}: the XML ends before the document does"
        )));
    }
    s.flush_pending(b)?;
    s.out.paragraphs = s.count;
    Ok(s.out)
}
