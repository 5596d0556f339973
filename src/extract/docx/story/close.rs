//! Closing elements of a story: a paragraph's visible text goes to the open table cell or out
//! as a segment, and its deleted, hidden and field-code channels out as hidden segments with
//! the same paragraph number; closing cells, rows and the outermost table writes the table
//! out and then whatever was held back while it was open.

use super::table::{cell_loc, end_row};
use super::{push_sep, Para, Story, Tag};
use crate::extract::document::{DocumentBuilder, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

impl Story<'_> {
    pub(super) fn end(&mut self, b: &mut DocumentBuilder, ctx: &Ctx) -> Result<(), ExtractError> {
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

    pub(super) fn end_para(
        &mut self,
        p: Para,
        b: &mut DocumentBuilder,
    ) -> Result<(), ExtractError> {
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
