//! Tables: `\cell` closes a cell, `\row` writes the row (A1 cell references, the
//! first character's line and column), and the hidden or deleted text of the cells is
//! written after the table so that the rows stay aligned.

use super::{Dest, Kind, Parser};
use crate::extract::document::{a1, Loc, Part};
use crate::extract::limits::ExtractError;

impl Parser<'_, '_> {
    pub(super) fn cell(&mut self) -> Result<(), ExtractError> {
        if self.st.dest != Dest::Body {
            return Ok(());
        }
        let pieces = std::mem::take(&mut self.para);
        self.cells.push(pieces);
        Ok(())
    }

    pub(super) fn row(&mut self) -> Result<(), ExtractError> {
        if self.st.dest != Dest::Body {
            return Ok(());
        }
        if self.para.iter().any(|p| p.start.is_some()) {
            self.cell()?;
        }
        self.para.clear();
        let cells = std::mem::take(&mut self.cells);
        self.table_row = self.table_row.saturating_add(1);
        let r = self.table_row;
        let mut out: Vec<(String, Loc)> = Vec::new();
        for (ci, pieces) in cells.into_iter().enumerate() {
            let col = u32::try_from(ci + 1).unwrap_or(u32::MAX);
            let base = Loc {
                row: Some(r),
                col: Some(col),
                cell: Some(a1(r, col)),
                ..Loc::part(Part::Body)
            };
            let mut text = String::new();
            let mut start = None;
            for p in pieces {
                let Some(s) = p.start else { continue };
                if p.kind == Kind::Visible {
                    if start.is_none() {
                        start = Some(s);
                    }
                    text.push_str(&p.text);
                } else {
                    let loc = match p.kind {
                        Kind::Deleted => Loc {
                            part: Part::TrackedChange,
                            hidden: true,
                            ..base.clone()
                        },
                        _ => base.clone().hidden_as(Part::HiddenText),
                    };
                    let loc = self.at(loc, s);
                    self.side.push((p.text.trim().to_string(), loc));
                }
            }
            let loc = match start {
                Some(s) => self.at(base, s),
                None => base,
            };
            out.push((text.trim().to_string(), loc));
        }
        self.b.row(out.iter().map(|(t, l)| (t.as_str(), l.clone())))
    }

    pub(super) fn end_table(&mut self) -> Result<(), ExtractError> {
        if self.table_row == 0 && self.side.is_empty() {
            return Ok(());
        }
        self.table_row = 0;
        self.b.end_block();
        for (text, loc) in std::mem::take(&mut self.side) {
            self.b.push(&text, loc)?;
        }
        self.b.end_block();
        Ok(())
    }
}
