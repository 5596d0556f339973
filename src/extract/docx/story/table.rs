//! The outermost open table: segments are held back while it is open so its rows stay
//! together, cells get their row and column, and each row goes out either as a title line
//! (one filled cell before any header row) or as a tab-separated row.

use super::{Story, Table};
use crate::extract::document::{DocumentBuilder, Loc};
use crate::extract::limits::ExtractError;

impl Story<'_> {
    /// Pushes now, or after the open table so its rows stay together.
    pub(super) fn emit(
        &mut self,
        b: &mut DocumentBuilder,
        text: &str,
        loc: Loc,
    ) -> Result<(), ExtractError> {
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

    pub(super) fn flush_pending(&mut self, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        for (text, loc) in std::mem::take(&mut self.pending) {
            b.push(&text, loc)?;
        }
        Ok(())
    }
}

pub(super) fn cell_loc(t: &Table, col: u32, paragraph: Option<u32>, field: Option<&str>) -> Loc {
    let mut loc = Loc::part(t.part);
    loc.row = Some(t.row);
    loc.col = Some(col);
    loc.paragraph = paragraph;
    loc.field = field.map(str::to_string);
    loc
}

/// A title row (one filled cell before any header row) is pushed as a line; every other
/// row as a tab-separated row.
pub(super) fn end_row(t: &mut Table, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
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
