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

impl Story<'_> {
    fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn cur_para_n(&self) -> Option<u32> {
        self.paras.last().map(|p| p.n)
    }

    /// The location of text in the current paragraph context, in `part`.
    fn loc_here(&self, part: Part, paragraph: Option<u32>) -> Loc {
        let mut loc = Loc::part(part);
        loc.paragraph = paragraph;
        loc.field = self.field.clone();
        loc
    }

    fn start(
        &mut self,
        e: &BytesStart,
        empty: bool,
        b: &mut DocumentBuilder,
    ) -> Result<(), ExtractError> {
        if self.skip_from.is_some() {
            if !empty {
                self.stack.push(Tag::Other);
            }
            return Ok(());
        }
        let parent = self.parent();
        let name = e.local_name();
        let tag = match name.as_ref() {
            "p" => {
                self.count = self.count.saturating_add(1);
                if empty {
                    return Ok(());
                }
                let in_cell = self
                    .table
                    .as_ref()
                    .is_some_and(|t| t.txbx == self.txbx && t.cell.is_some());
                self.paras.push(Para {
                    n: self.count,
                    part: if self.txbx > 0 {
                        Part::TextBox
                    } else {
                        self.part
                    },
                    txbx: self.txbx,
                    in_cell,
                    ..Para::default()
                });
                Tag::P
            }
            "pPr" if parent == Some(Tag::P) => Tag::PPr,
            "pStyle" if parent == Some(Tag::PPr) => {
                if let Some(id) = attr(e, "val") {
                    let hidden = self.hidden_styles.contains(&id);
                    if let Some(p) = self.paras.last_mut() {
                        p.style_hidden = hidden;
                    }
                }
                Tag::Other
            }
            "r" => {
                if empty {
                    return Ok(());
                }
                self.runs.push(Run::default());
                Tag::R
            }
            "rPr" if parent == Some(Tag::R) => Tag::RPr,
            "vanish" | "specVanish" if parent == Some(Tag::RPr) => {
                if let Some(run) = self.runs.last_mut() {
                    run.direct = Some(on(e));
                }
                Tag::Other
            }
            "color" | "sz" if parent == Some(Tag::RPr) => {
                let val = attr(e, "val").unwrap_or_default();
                let invisible = if name.as_ref() == "color" {
                    val.eq_ignore_ascii_case("FFFFFF")
                } else {
                    val.parse::<u32>().is_ok_and(|half_points| half_points <= 2)
                };
                if let Some(run) = self.runs.last_mut() {
                    run.invisible |= invisible;
                }
                Tag::Other
            }
            "rStyle" if parent == Some(Tag::RPr) => {
                if let Some(id) = attr(e, "val") {
                    let hidden = self.hidden_styles.contains(&id);
                    if let Some(run) = self.runs.last_mut() {
                        run.style = hidden;
                    }
                }
                Tag::Other
            }
            "del" | "moveFrom"
                if !matches!(
                    parent,
                    Some(Tag::RPr | Tag::PPr | Tag::Props | Tag::TrPr | Tag::TcPr)
                ) =>
            {
                if empty {
                    return Ok(());
                }
                self.del = self.del.saturating_add(1);
                Tag::Del
            }
            "t" if parent == Some(Tag::R) => Tag::T,
            "delText" if parent == Some(Tag::R) => Tag::DelText,
            "instrText" | "delInstrText" if parent == Some(Tag::R) => Tag::Instr,
            "tab" | "ptab" if parent == Some(Tag::R) => {
                self.put(self.run_channel(), " ");
                Tag::Other
            }
            "br" | "cr" if parent == Some(Tag::R) => {
                self.put(self.run_channel(), "\n");
                Tag::Other
            }
            "noBreakHyphen" if parent == Some(Tag::R) => {
                self.put(self.run_channel(), "-");
                Tag::Other
            }
            "fldSimple" => {
                if let Some(instr) = attr(e, "instr") {
                    let ch = if self.del > 0 {
                        Channel::Deleted
                    } else {
                        Channel::Code
                    };
                    self.put(ch, &instr);
                }
                Tag::Other
            }
            "hyperlink" => {
                if let (Some(id), Some(n)) = (attr(e, "id"), self.cur_para_n()) {
                    if !self.out.links.iter().any(|(i, _)| *i == id) {
                        self.out.links.push((id, n));
                    }
                }
                if let Some(tip) = attr(e, "tooltip") {
                    let loc = self
                        .loc_here(Part::Attribute, self.cur_para_n())
                        .with_field("tooltip");
                    self.emit(b, &tip, loc)?;
                }
                Tag::Other
            }
            "docPr" => {
                for key in ["descr", "title"] {
                    if let Some(v) = attr(e, key) {
                        let loc = self
                            .loc_here(Part::Attribute, self.cur_para_n())
                            .with_field(key);
                        self.emit(b, &v, loc)?;
                    }
                }
                Tag::Other
            }
            "shape" | "rect" | "roundrect" | "oval" | "group" | "imagedata" => {
                if let Some(alt) = attr(e, "alt") {
                    let loc = self
                        .loc_here(Part::Attribute, self.cur_para_n())
                        .with_field("alt");
                    self.emit(b, &alt, loc)?;
                }
                Tag::Other
            }
            "textpath" => {
                // WordArt and watermarks (often a classification mark in a header).
                if let Some(text) = attr(e, "string") {
                    let loc = self.loc_here(Part::TextBox, self.cur_para_n());
                    self.emit(b, &text, loc)?;
                }
                Tag::Other
            }
            "tbl" => {
                if empty {
                    return Ok(());
                }
                self.tbl = self.tbl.saturating_add(1);
                if self.table.is_none() {
                    self.table = Some(Table {
                        level: self.tbl,
                        txbx: self.txbx,
                        part: if self.txbx > 0 {
                            Part::TextBox
                        } else {
                            self.part
                        },
                        row: 0,
                        next_col: 1,
                        header_seen: false,
                        cells: Vec::new(),
                        cell: None,
                    });
                }
                Tag::Tbl
            }
            "tr" if parent == Some(Tag::Tbl) => {
                if !empty {
                    if let Some(t) = self.table.as_mut().filter(|t| t.level == self.tbl) {
                        t.row = t.row.saturating_add(1);
                        t.next_col = 1;
                        t.cells.clear();
                        t.cell = None;
                    }
                }
                Tag::Tr
            }
            "trPr" if parent == Some(Tag::Tr) => Tag::TrPr,
            "gridBefore" if parent == Some(Tag::TrPr) => {
                let n = num(e);
                let tbl = self.tbl;
                if let Some(t) = self.table.as_mut().filter(|t| t.level == tbl) {
                    for _ in 0..n {
                        let loc = cell_loc(t, t.next_col, None, self.field.as_deref());
                        t.cells.push((String::new(), loc));
                        t.next_col = t.next_col.saturating_add(1);
                    }
                }
                Tag::Other
            }
            "tc" if parent == Some(Tag::Tr) => {
                let tbl = self.tbl;
                if let Some(t) = self.table.as_mut().filter(|t| t.level == tbl) {
                    let col = t.next_col;
                    if empty {
                        let loc = cell_loc(t, col, None, self.field.as_deref());
                        t.cells.push((String::new(), loc));
                        t.next_col = t.next_col.saturating_add(1);
                        return Ok(());
                    }
                    t.cell = Some(Cell {
                        col,
                        span: 1,
                        text: String::new(),
                        first_para: None,
                    });
                }
                if empty {
                    return Ok(());
                }
                Tag::Tc
            }
            "tcPr" if parent == Some(Tag::Tc) => Tag::TcPr,
            "gridSpan" if parent == Some(Tag::TcPr) => {
                let n = num(e);
                let tbl = self.tbl;
                if let Some(c) = self
                    .table
                    .as_mut()
                    .filter(|t| t.level == tbl)
                    .and_then(|t| t.cell.as_mut())
                {
                    c.span = n;
                }
                Tag::Other
            }
            "txbxContent" => {
                if empty {
                    return Ok(());
                }
                self.txbx = self.txbx.saturating_add(1);
                Tag::TxbxContent
            }
            "Fallback" => {
                if empty {
                    return Ok(());
                }
                self.stack.push(Tag::Fallback);
                self.skip_from = Some(self.stack.len());
                return Ok(());
            }
            "rPr" | "pPr" | "sectPr" | "tblPr" | "tcPr" | "trPr" | "rPrChange" | "pPrChange"
            | "numPr" | "tblPrEx" => Tag::Props,
            "comment" => {
                if let Some(author) = attr(e, "author") {
                    self.field = Some(author);
                }
                Tag::Comment
            }
            _ => Tag::Other,
        };
        if !empty {
            self.stack.push(tag);
        }
        Ok(())
    }

    fn end(&mut self, b: &mut DocumentBuilder, ctx: &Ctx) -> Result<(), ExtractError> {
        let Some(tag) = self.stack.pop() else {
            return Ok(());
        };
        if let Some(from) = self.skip_from {
            if self.stack.len() < from {
                self.skip_from = None;
            }
            return Ok(());
        }
        match tag {
            Tag::P => {
                ctx.budget.check_time()?;
                if let Some(p) = self.paras.pop() {
                    self.end_para(p, b)?;
                }
            }
            Tag::R => {
                self.runs.pop();
            }
            Tag::Del => self.del = self.del.saturating_sub(1),
            Tag::TxbxContent => self.txbx = self.txbx.saturating_sub(1),
            Tag::Tc => {
                let tbl = self.tbl;
                let field = self.field.clone();
                if let Some(t) = self.table.as_mut().filter(|t| t.level == tbl) {
                    if let Some(c) = t.cell.take() {
                        let loc = cell_loc(t, c.col, c.first_para, field.as_deref());
                        t.cells.push((c.text, loc));
                        for extra in 1..c.span {
                            let loc =
                                cell_loc(t, c.col.saturating_add(extra), None, field.as_deref());
                            t.cells.push((String::new(), loc));
                        }
                        t.next_col = c.col.saturating_add(c.span);
                    }
                }
            }
            Tag::Tr => {
                let tbl = self.tbl;
                if let Some(t) = self.table.as_mut().filter(|t| t.level == tbl) {
                    end_row(t, b)?;
                }
            }
            Tag::Tbl => {
                if self.table.as_ref().is_some_and(|t| t.level == self.tbl) {
                    self.table = None;
                    self.flush_pending(b)?;
                    b.end_block();
                }
                self.tbl = self.tbl.saturating_sub(1);
            }
            Tag::Comment => {
                self.field.clone_from(&self.base_field);
            }
            _ => {}
        }
        Ok(())
    }

    fn run_channel(&self) -> Channel {
        if self.del > 0 {
            return Channel::Deleted;
        }
        let para_hidden = self.paras.last().is_some_and(|p| p.style_hidden);
        let hidden = match self.runs.last() {
            Some(r) => r.direct.unwrap_or(r.style || para_hidden) || r.invisible,
            None => false,
        };
        if hidden {
            Channel::Hidden
        } else {
            Channel::Visible
        }
    }

    fn put(&mut self, ch: Channel, text: &str) {
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let buf = match ch {
            Channel::Visible => &mut p.visible,
            Channel::Deleted => &mut p.deleted,
            Channel::Hidden => &mut p.hidden,
            Channel::Code => &mut p.code,
        };
        buf.push_str(text);
    }

    fn text(&mut self, t: &str) {
        if self.skip_from.is_some() {
            return;
        }
        let ch = match self.parent() {
            Some(Tag::T) => self.run_channel(),
            Some(Tag::DelText) => Channel::Deleted,
            Some(Tag::Instr) => {
                if self.del > 0 {
                    Channel::Deleted
                } else {
                    Channel::Code
                }
            }
            _ => return,
        };
        self.put(ch, t);
    }

    /// Pushes now, or after the open table so its rows stay together.
    fn emit(&mut self, b: &mut DocumentBuilder, text: &str, loc: Loc) -> Result<(), ExtractError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        if self.table.is_some() {
            self.pending.push((text.to_string(), loc));
            Ok(())
        } else {
            b.push(text, loc)
        }
    }

    fn flush_pending(&mut self, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        for (text, loc) in std::mem::take(&mut self.pending) {
            b.push(&text, loc)?;
        }
        Ok(())
    }

    fn end_para(&mut self, p: Para, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        let mut base = self.loc_here(p.part, Some(p.n));
        let cell = if p.in_cell && self.table.as_ref().is_some_and(|t| t.txbx == p.txbx) {
            self.table
                .as_mut()
                .and_then(|t| t.cell.as_mut().map(|c| (t.row, c)))
        } else {
            None
        };
        if let Some((row, c)) = cell {
            push_sep(&mut c.text, &p.visible);
            if c.first_para.is_none() && !p.visible.trim().is_empty() {
                c.first_para = Some(p.n);
            }
            base.row = Some(row);
            base.col = Some(c.col);
        } else {
            self.emit(b, &p.visible, base.clone())?;
        }
        for (text, part) in [
            (&p.deleted, Part::TrackedChange),
            (&p.hidden, Part::HiddenText),
            (&p.code, Part::FieldCode),
        ] {
            let mut loc = base.clone();
            loc.part = part;
            loc.hidden = true;
            self.emit(b, text, loc)?;
        }
        Ok(())
    }
}

fn cell_loc(t: &Table, col: u32, paragraph: Option<u32>, field: Option<&str>) -> Loc {
    let mut loc = Loc::part(t.part);
    loc.row = Some(t.row);
    loc.col = Some(col);
    loc.paragraph = paragraph;
    loc.field = field.map(str::to_string);
    loc
}

/// A title row (one filled cell before any header row) is pushed as a line; every other
/// row as a tab-separated row.
fn end_row(t: &mut Table, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
    if let Some(c) = t.cell.take() {
        // A row that ends inside a cell (malformed): keep the text.
        let loc = cell_loc(t, c.col, c.first_para, None);
        t.cells.push((c.text, loc));
    }
    let cells = std::mem::take(&mut t.cells);
    let filled = cells.iter().filter(|(s, _)| !s.trim().is_empty()).count();
    if !t.header_seen && filled <= 1 {
        if let Some((text, loc)) = cells.into_iter().find(|(s, _)| !s.trim().is_empty()) {
            b.push(&text, loc)?;
        }
        return Ok(());
    }
    t.header_seen = true;
    b.row(cells.iter().map(|(s, l)| (s.as_str(), l.clone())))
}
