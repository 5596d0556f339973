//! Tables: cells gathered per row, columns counted through colspan and rowspan, hidden rows
//! and columns marked, each data row emitted as one tab-separated line. A table that holds
//! another table is page layout, and its cells are read as blocks instead.

use super::segment::Acc;
use super::tokenizer::{attr, Attr};
use super::walker::Walker;
use crate::extract::document::{a1, Loc, Part};
use crate::extract::limits::ExtractError;

pub(super) struct CellBuf {
    col: u32,
    colspan: u32,
    rowspan: u32,
    pub(super) acc: Acc,
    /// Hidden runs inside a visible cell, reported apart.
    pub(super) hidden_acc: Acc,
    /// Hidden by an ancestor or its own style.
    pub(super) ctx_hidden: bool,
}

struct RowBuf {
    n: u32,
    hidden: bool,
    cells: Vec<CellBuf>,
    next_col: u32,
}

#[derive(Default)]
pub(super) struct Table {
    /// A table that holds another table is page layout: its cells are read as blocks.
    pub(super) layout: bool,
    rows: u32,
    emitted: bool,
    row: Option<RowBuf>,
    pub(super) cell: Option<CellBuf>,
    /// Rows still covered by a rowspan, per column.
    spans: Vec<u32>,
    /// Columns hidden by `<col style=display:none>`.
    col_hidden: Vec<bool>,
}

const MAX_COLS: u32 = 16_384;

/// A span attribute (`colspan`, `rowspan`, `span`): its leading digits (at most 6), 1 when
/// missing, unreadable or 0, at most `max`.
fn span_attr(attrs: &[Attr], name: &str, max: u32) -> u32 {
    attr(attrs, name)
        .and_then(|a| {
            let digits: String = a
                .value
                .trim()
                .chars()
                .take_while(char::is_ascii_digit)
                .take(6)
                .collect();
            digits.parse::<u32>().ok()
        })
        .filter(|&n| n > 0)
        .unwrap_or(1)
        .min(max)
}

impl Walker<'_, '_> {
    pub(super) fn open_table(&mut self) -> Result<(), ExtractError> {
        self.flush()?;
        // A table inside a cell: the outer table is layout; its pending cells become
        // blocks.
        let mut pending: Vec<(String, usize, bool)> = Vec::new();
        if let Some(outer) = self.tables.last_mut() {
            if !outer.layout && (outer.cell.is_some() || outer.row.is_some()) {
                outer.layout = true;
                let mut cells: Vec<CellBuf> = outer.row.take().map(|r| r.cells).unwrap_or_default();
                cells.extend(outer.cell.take());
                for mut c in cells {
                    let hidden = c.ctx_hidden;
                    if let Some((t, s)) = c.acc.take() {
                        pending.push((t, s, hidden));
                    }
                    if let Some((t, s)) = c.hidden_acc.take() {
                        pending.push((t, s, true));
                    }
                }
            }
        }
        for (text, start, hidden) in pending {
            let loc = if hidden {
                Loc::part(Part::Body).hidden_as(Part::HiddenText)
            } else {
                Loc::part(Part::Body)
            };
            let loc = self.at(loc, start);
            self.b.push(&text, loc)?;
        }
        self.b.end_block();
        self.tables.push(Table::default());
        Ok(())
    }

    pub(super) fn close_table(&mut self) -> Result<(), ExtractError> {
        self.close_cell();
        self.close_row()?;
        self.flush()?;
        self.tables.pop();
        self.b.end_block();
        self.drain_side()
    }

    pub(super) fn open_row(&mut self, hidden: bool) -> Result<(), ExtractError> {
        // A row still open (`<td>a<tr>`, or cells put straight into `<table>`) ends here:
        // replacing it would drop its cells' text.
        if self.tables.last().is_some_and(|t| t.row.is_some()) {
            self.close_cell();
            self.close_row()?;
        }
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        if t.layout {
            return Ok(());
        }
        t.rows = t.rows.saturating_add(1);
        t.row = Some(RowBuf {
            n: t.rows,
            hidden,
            cells: Vec::new(),
            next_col: 1,
        });
        Ok(())
    }

    pub(super) fn open_cell(
        &mut self,
        attrs: &[Attr],
        hidden_ctx: bool,
    ) -> Result<(), ExtractError> {
        if self
            .tables
            .last()
            .is_some_and(|t| !t.layout && t.row.is_none())
        {
            self.open_row(false)?;
        }
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        if t.layout {
            return Ok(());
        }
        let Some(row) = t.row.as_mut() else {
            return Ok(());
        };
        let mut col = row.next_col;
        while col < MAX_COLS
            && t.spans
                .get(col as usize - 1)
                .is_some_and(|&remaining| remaining > 0)
        {
            col += 1;
        }
        let colspan = span_attr(attrs, "colspan", 1000).min(MAX_COLS + 1 - col.min(MAX_COLS));
        let rowspan = span_attr(attrs, "rowspan", 65_534);
        row.next_col = (col + colspan).min(MAX_COLS);
        t.cell = Some(CellBuf {
            col,
            colspan,
            rowspan,
            acc: Acc::default(),
            hidden_acc: Acc::default(),
            ctx_hidden: hidden_ctx,
        });
        Ok(())
    }

    pub(super) fn close_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else { return };
        if cell.rowspan > 1 {
            let from = cell.col as usize - 1;
            let to = from + cell.colspan as usize;
            if t.spans.len() < to {
                t.spans.resize(to, 0);
            }
            for s in t.spans.iter_mut().take(to).skip(from) {
                *s = (*s).max(cell.rowspan);
            }
        }
        if let Some(row) = t.row.as_mut() {
            row.cells.push(cell);
        }
    }

    pub(super) fn col(&mut self, attrs: &[Attr], hidden: bool) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let span = span_attr(attrs, "span", 1000);
        for _ in 0..span {
            if t.col_hidden.len() >= MAX_COLS as usize {
                break;
            }
            t.col_hidden.push(hidden);
        }
    }

    pub(super) fn close_row(&mut self) -> Result<(), ExtractError> {
        self.close_cell();
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let Some(mut row) = t.row.take() else {
            return Ok(());
        };
        for s in t.spans.iter_mut() {
            *s = s.saturating_sub(1);
        }
        let col_hidden: Vec<bool> = row
            .cells
            .iter()
            .map(|c| {
                t.col_hidden
                    .get(c.col as usize - 1)
                    .copied()
                    .unwrap_or(false)
            })
            .collect();
        row.cells.sort_by_key(|c| c.col);
        let width = row
            .cells
            .iter()
            .map(|c| c.col + c.colspan - 1)
            .max()
            .unwrap_or(0);
        let mut out: Vec<(String, Loc)> = Vec::new();
        let mut extra: Vec<(String, Loc)> = Vec::new();
        let mut next = 1u32;
        let mut single_wide = None;
        let mut non_empty = 0;
        for (cell, col_hidden) in row.cells.iter_mut().zip(col_hidden) {
            while next < cell.col {
                out.push((String::new(), Loc::default()));
                next += 1;
            }
            let mut loc = Loc {
                row: Some(row.n),
                col: Some(cell.col),
                cell: Some(a1(row.n, cell.col)),
                ..Loc::part(Part::Body)
            };
            if row.hidden {
                loc = loc.hidden_as(Part::HiddenRow);
            } else if col_hidden {
                loc = loc.hidden_as(Part::HiddenColumn);
            } else if cell.ctx_hidden {
                loc = loc.hidden_as(Part::HiddenText);
            }
            if let Some((text, start)) = cell.hidden_acc.take() {
                let l = loc.clone().hidden_as(Part::HiddenText);
                let (ln, c) = self.lines.at(start);
                extra.push((text, l.with_line(ln, c)));
            }
            let text = match cell.acc.take() {
                Some((text, start)) => {
                    let (ln, c) = self.lines.at(start);
                    loc = loc.with_line(ln, c);
                    non_empty += 1;
                    if cell.colspan > 1 {
                        single_wide = Some(out.len());
                    }
                    text
                }
                None => String::new(),
            };
            out.push((text, loc));
            next = cell.col + 1;
            for _ in 1..cell.colspan {
                if next > width {
                    break;
                }
                out.push((String::new(), Loc::default()));
                next += 1;
            }
        }
        if non_empty == 1 && single_wide.is_some() {
            // A title row spanning the table: a line of its own, not a header.
            if let Some((text, loc)) = single_wide.and_then(|i| out.get(i)) {
                self.b.push(text, loc.clone())?;
            }
        } else if non_empty > 0 {
            self.b
                .row(out.iter().map(|(t, l)| (t.as_str(), l.clone())))?;
        }
        if let Some(t) = self.tables.last_mut() {
            t.emitted |= non_empty > 0;
        }
        self.side.extend(extra);
        Ok(())
    }
}
