//! Opening elements of a story: the stack of elements whose nesting matters, paragraph and
//! run properties (direct and style-hidden runs, unreadable white or tiny text), tabs, breaks
//! and field instructions put on their channel, comment anchors and hyperlinks recorded,
//! alternative text and text-box paragraphs, `mc:Fallback` skipped, and table rows and
//! cells (spans included) opened on the outermost table.

use quick_xml::events::BytesStart;

use super::table::cell_loc;
use super::{num, on, Cell, Channel, Para, Run, Story, Table, Tag};
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::xml::attr;

impl Story<'_> {
    pub(super) fn parent(&self) -> Option<Tag> {
        self.stack.last().copied()
    }

    fn cur_para_n(&self) -> Option<u32> {
        self.paras.last().map(|p| p.n)
    }

    /// The location of text in the current paragraph context, in `part`.
    pub(super) fn loc_here(&self, part: Part, paragraph: Option<u32>) -> Loc {
        let mut loc = Loc::part(part);
        loc.paragraph = paragraph;
        loc.field = self.field.clone();
        loc
    }

    pub(super) fn start(
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
                let invisible = invisible_formatting(name.as_ref(), &val);
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
}

/// White text (`w:color` FFFFFF) or text of at most 1 pt (`w:sz` in half points): printed
/// invisibly. Shared with the redaction rewriter, which must see runs as this reader does.
pub(crate) fn invisible_formatting(property: &str, val: &str) -> bool {
    if property == "color" {
        val.eq_ignore_ascii_case("FFFFFF")
    } else {
        val.parse::<u32>().is_ok_and(|half_points| half_points <= 2)
    }
}
