//! What an element does when it closes: undoes its frame, emits its paragraph (into the
//! open table cell or as a segment of its own), ends a cell or writes out a row.

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::pptx::push_table_row;

use super::walker::{Frame, Para, Walker};

/// Widest run of repeated columns written out cell by cell; repeated empty cells only move
/// the column counter.
const MAX_REPEAT: u32 = 64;
/// Columns up to which a row is padded with empty cells to stay aligned with its header;
/// cells beyond follow without padding (bounds the work a row of huge gaps can cause).
const MAX_PAD: u32 = 1024;

impl Walker<'_> {
    pub(super) fn end(&mut self, f: Frame, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        if f.creator {
            if let (Some(c), Some(ch)) = (self.creator.take(), self.channels.last_mut()) {
                let c = c.trim();
                if !c.is_empty() {
                    ch.field = Some(c.to_string());
                }
            }
        }
        if f.ignore {
            self.ignore = self.ignore.saturating_sub(1);
        }
        if f.style {
            self.style = None;
        }
        if f.para {
            if let Some(p) = self.paras.pop() {
                self.emit(p, b)?;
            }
        }
        if f.cell {
            if let Some(t) = self.tables.last_mut() {
                let start = t.col.saturating_add(1);
                let text = std::mem::take(&mut t.cell);
                let text = text.trim();
                if !text.is_empty() {
                    for k in 0..t.cell_repeat.min(MAX_REPEAT) {
                        t.cells
                            .push((start.saturating_add(k), text.to_string(), t.cell_hidden));
                    }
                }
                t.col = t.col.saturating_add(t.cell_repeat);
                t.cell_depth = None;
            }
        }
        if f.row {
            let loc = self.channel_loc();
            if let Some(t) = self.tables.last_mut() {
                let cells = std::mem::take(&mut t.cells);
                let row = t.row;
                let mut out: Vec<(String, Loc)> = Vec::new();
                let mut next = 1u32;
                for (col, text, hidden) in cells {
                    while next < col && next <= MAX_PAD {
                        out.push((String::new(), cell_loc(&loc, row, next, false)));
                        next += 1;
                    }
                    out.push((text, cell_loc(&loc, row, col, hidden)));
                    next = col.saturating_add(1);
                }
                push_table_row(b, out, &mut t.header_done)?;
                t.row = t.row.saturating_add(t.rows_repeated.saturating_sub(1));
            }
        }
        if f.table {
            self.tables.pop();
            b.end_block();
        }
        if f.channel {
            self.channels.pop();
        }
        if f.page {
            b.end_block();
        }
        Ok(())
    }

    /// A closed paragraph: into its table cell, or a segment of its own.
    fn emit(&mut self, p: Para, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        let text = p.text.trim();
        if p.in_cell {
            if let Some(t) = self.tables.last_mut() {
                if p.loc.hidden {
                    t.cell_hidden = true;
                }
                if !text.is_empty() {
                    if !t.cell.is_empty() {
                        t.cell.push('\n');
                    }
                    t.cell.push_str(text);
                }
                return Ok(());
            }
        }
        b.push(text, p.loc)
    }
}

pub(super) fn cell_loc(base: &Loc, row: u32, col: u32, hidden: bool) -> Loc {
    let mut loc = base.clone();
    loc.paragraph = None;
    loc.row = Some(row);
    loc.col = Some(col);
    if hidden {
        loc = loc.hidden_as(Part::HiddenText);
    }
    loc
}
