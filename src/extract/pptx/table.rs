//! Table cells and rows of DrawingML tables: the location of a cell, and writing out a row
//! (a lone caption row before the header becomes a paragraph). `push_table_row` is shared
//! with the OpenDocument reader.

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;

pub(super) fn cell_loc(base: &Loc, row: u32, col: u32, hidden: bool) -> Loc {
    let mut loc = base.clone();
    loc.row = Some(row);
    loc.col = Some(col);
    if hidden {
        loc = loc.hidden_as(Part::HiddenText);
    }
    loc
}

/// Writes one table row. Before the header row has been written, a row with a single
/// non-empty cell is a title (a merged caption) and is pushed as a paragraph so it does not
/// pose as the header; afterwards every row keeps its columns.
pub(crate) fn push_table_row(
    b: &mut DocumentBuilder,
    cells: Vec<(String, Loc)>,
    header_done: &mut bool,
) -> Result<(), ExtractError> {
    let filled: Vec<&(String, Loc)> = cells.iter().filter(|(t, _)| !t.trim().is_empty()).collect();
    match filled.as_slice() {
        [] => Ok(()),
        [(text, loc)] if !*header_done => b.push(text.trim(), loc.clone()),
        _ => {
            *header_done = true;
            b.row(cells.iter().map(|(t, l)| (t.as_str(), l.clone())))
        }
    }
}
