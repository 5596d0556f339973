//! `--format xlsx`: the table as a workbook for reviewers. Sheet 1 「发现 Findings」 holds
//! the CSV's rows (findings and inputs not scanned) under a frozen header row with an
//! autofilter, severity cells coloured; sheet 2 「汇总 Summary」 the run's counts
//! ([`super::summary`]); sheet 3 「无法审查 Not scanned」 every input not scanned with its
//! reason.
//!
//! Every value is written as a string cell formatted as text (`@`), never as a formula,
//! and a value that starts with a formula trigger also gets Excel's quote prefix: Excel and
//! WPS show `=1+1` as typed, and keep it text when a reviewer edits the cell. Numbers are
//! location indices and the confidence only; an ID-like value is never a number cell, so
//! no digit is lost to a float.

use std::io::Write;

use rust_xlsxwriter::{
    ColNum, Color, Format, FormatBorder, RowNum, Workbook, Worksheet, XlsxError,
};

use super::{
    col, entries, is_formula_like, Cell, Collected, Column, Entry, Status, Summary, COLUMNS,
    SEVERITY_COL, STATUS_COL,
};
use crate::finding::Severity;

pub(super) const FINDINGS_SHEET: &str = "发现 Findings";
pub(super) const SUMMARY_SHEET: &str = "汇总 Summary";
pub(super) const UNSCANNED_SHEET: &str = "无法审查 Not scanned";

/// Rows in a worksheet (Excel's limit); the header takes one.
const MAX_ROWS: usize = 1_048_576;
/// Characters in a cell (Excel's limit, in UTF-16 units).
const MAX_CELL_UTF16: usize = 32_767;

/// Writes the workbook to `out` (built in memory: xlsx is a zip with its index at the end).
pub fn write_xlsx(run: &Collected, summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    let bytes = workbook(run, summary, MAX_ROWS).map_err(std::io::Error::other)?;
    out.write_all(&bytes)
}

fn workbook(run: &Collected, summary: &Summary, max_rows: usize) -> Result<Vec<u8>, XlsxError> {
    let styles = Styles::new();
    let all = entries(run);
    let mut book = Workbook::new();
    book.push_worksheet(findings_sheet(&all, &styles, max_rows)?);
    book.push_worksheet(super::summary::sheet(summary, &styles)?);
    book.push_worksheet(unscanned_sheet(&all, &styles, max_rows)?);
    book.save_to_buffer()
}

/// The formats of the workbook, made once (rust_xlsxwriter deduplicates them by value).
pub(super) struct Styles {
    pub header: Format,
    pub text: Format,
    /// Text with Excel's quote prefix, for values that start with a formula trigger.
    pub quoted: Format,
    pub number: Format,
    pub real: Format,
    pub bold: Format,
    /// Indexed by `Severity as usize` (declaration order, info first).
    pub severity: [Format; 5],
    pub bad: Format,
    pub warn: Format,
    pub good: Format,
}

impl Styles {
    fn new() -> Styles {
        let text = Format::new().set_num_format("@");
        let fill = |bg: u32, fg: u32| {
            text.clone()
                .set_background_color(Color::RGB(bg))
                .set_font_color(Color::RGB(fg))
        };
        // Excel's own "Bad" / "Neutral" / "Good" cell styles, plus a blue for low and a
        // solid dark red for critical, so colour order follows severity order.
        let bad = fill(0xFFC7CE, 0x9C0006);
        let warn = fill(0xFFEB9C, 0x9C5700);
        let good = fill(0xC6EFCE, 0x006100);
        let severity = [
            good.clone(),
            fill(0xDDEBF7, 0x1F4E78),
            warn.clone(),
            bad.clone(),
            fill(0xC00000, 0xFFFFFF).set_bold(),
        ];
        Styles {
            header: text
                .clone()
                .set_bold()
                .set_text_wrap()
                .set_background_color(Color::RGB(0xD9E1F2))
                .set_border_bottom(FormatBorder::Thin),
            quoted: text.clone().set_quote_prefix(),
            number: Format::new(),
            real: Format::new().set_num_format("0.00"),
            bold: text.clone().set_bold(),
            text,
            severity,
            bad,
            warn,
            good,
        }
    }

    pub fn for_severity(&self, s: Severity) -> &Format {
        self.severity.get(s as usize).unwrap_or(&self.text)
    }

    fn for_status(&self, s: Status) -> &Format {
        match s {
            Status::Finding => &self.text,
            Status::Error => &self.bad,
            Status::Skipped => &self.warn,
        }
    }
}

/// Writes a text cell: cut to Excel's limit, quote-prefixed when formula-like.
pub(super) fn put_text(
    ws: &mut Worksheet,
    row: RowNum,
    col: ColNum,
    s: &str,
    format: &Format,
    styles: &Styles,
) -> Result<(), XlsxError> {
    let s = fit(s);
    let format = if is_formula_like(&s) {
        &styles.quoted
    } else {
        format
    };
    ws.write_string_with_format(row, col, s, format)?;
    Ok(())
}

/// `s`, or its head with `…` when it is over Excel's limit (cut on a char boundary).
fn fit(s: &str) -> std::borrow::Cow<'_, str> {
    if s.len() <= MAX_CELL_UTF16 || s.encode_utf16().count() <= MAX_CELL_UTF16 {
        return s.into();
    }
    let mut units = 0;
    let head: String = s
        .chars()
        .take_while(|c| {
            units += c.len_utf16();
            units < MAX_CELL_UTF16
        })
        .collect();
    format!("{head}…").into()
}

/// Column widths that grow with their contents up to each column's bound, and never get
/// narrower than the header's longest word (headers wrap at the space).
pub(super) struct Widths {
    header: Vec<f64>,
    content: Vec<f64>,
}

impl Widths {
    pub fn new(columns: &[Column]) -> Widths {
        Widths {
            header: columns
                .iter()
                .map(|c| display_width(c.zh).max(display_width(c.en)))
                .collect(),
            content: vec![0.0; columns.len()],
        }
    }

    pub fn fit(&mut self, col: usize, s: &str) {
        if let Some(w) = self.content.get_mut(col) {
            *w = w.max(display_width(s));
        }
    }

    pub fn apply(&self, ws: &mut Worksheet, columns: &[Column]) -> Result<(), XlsxError> {
        let widths = self.header.iter().zip(&self.content).zip(columns);
        for (i, ((header, content), c)) in (0..).zip(widths) {
            ws.set_column_width(i, header.max(content.min(c.max_width)) + 2.0)?;
        }
        Ok(())
    }
}

/// Width in Excel character units: CJK and full-width forms take two.
fn display_width(s: &str) -> f64 {
    s.chars()
        .map(|c| if c >= '\u{2E80}' { 2.0 } else { 1.0 })
        .sum()
}

/// The header row (frozen, wrapped at the space between Chinese and English), an
/// autofilter over `rows` data rows, and a print layout (A4 landscape, header row on every
/// page) for reviewers who sign off on paper.
fn table_frame(
    ws: &mut Worksheet,
    columns: &[Column],
    rows: usize,
    styles: &Styles,
) -> Result<(), XlsxError> {
    for (i, c) in (0..).zip(columns) {
        ws.write_string_with_format(0, i, c.header(), &styles.header)?;
    }
    ws.set_row_height(0, 30)?;
    ws.set_freeze_panes(1, 0)?;
    let last_col = ColNum::try_from(columns.len().saturating_sub(1)).unwrap_or(0);
    let last_row = RowNum::try_from(rows).unwrap_or(RowNum::MAX);
    ws.autofilter(0, 0, last_row, last_col)?;
    ws.set_landscape()
        .set_paper_size(9)
        .set_print_gridlines(true);
    ws.set_repeat_rows(0, 0)?;
    Ok(())
}

fn findings_sheet(
    all: &[Entry<'_>],
    styles: &Styles,
    max_rows: usize,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(FINDINGS_SHEET)?;
    let mut widths = Widths::new(&COLUMNS);
    // Past Excel's row limit the last row says how many were left out.
    let room = max_rows.saturating_sub(1);
    let shown = if all.len() > room {
        room.saturating_sub(1)
    } else {
        all.len()
    };
    let mut row: RowNum = 0;
    for entry in all.iter().take(shown) {
        row += 1;
        let record = entry.record();
        for (i, cell) in (0..).zip(&record.cells) {
            let col = usize::from(i);
            let format = match (col, record.severity) {
                (c, Some(s)) if c == SEVERITY_COL || c == SEVERITY_COL + 1 => {
                    styles.for_severity(s)
                }
                (c, _) if c == STATUS_COL || c == STATUS_COL + 1 => {
                    styles.for_status(record.status)
                }
                _ => &styles.text,
            };
            match cell {
                Cell::Text(s) => {
                    widths.fit(col, s);
                    put_text(&mut ws, row, i, s, format, styles)?;
                }
                Cell::Int(n) => {
                    widths.fit(col, &n.to_string());
                    ws.write_number_with_format(row, i, *n as f64, &styles.number)?;
                }
                Cell::Real(x) => {
                    ws.write_number_with_format(row, i, *x, &styles.real)?;
                }
                Cell::Empty => {}
            }
        }
    }
    if shown < all.len() {
        row += 1;
        let more = all.len() - shown;
        let note = format!(
            "另有 {more} 行超出 Excel 行数上限未写入 ({more} more rows over Excel's limit: use --format csv or jsonl)"
        );
        ws.write_string_with_format(row, 0, note, &styles.bad)?;
    }
    table_frame(&mut ws, &COLUMNS, usize::try_from(row).unwrap_or(0), styles)?;
    widths.apply(&mut ws, &COLUMNS)?;
    Ok(ws)
}

/// Columns of the not-scanned sheet.
const UNSCANNED_COLUMNS: [Column; 4] = [
    col("状态", "status_zh", 8.0),
    col("状态代码", "status", 10.0),
    col("文件", "path", 50.0),
    col("原因", "error", 70.0),
];

fn unscanned_sheet(
    all: &[Entry<'_>],
    styles: &Styles,
    max_rows: usize,
) -> Result<Worksheet, XlsxError> {
    let mut ws = Worksheet::new();
    ws.set_name(UNSCANNED_SHEET)?;
    let mut widths = Widths::new(&UNSCANNED_COLUMNS);
    let mut row: RowNum = 0;
    let unscanned = all.iter().filter_map(|e| match e {
        Entry::Unscanned(u) => Some(u),
        Entry::Finding(_) => None,
    });
    for u in unscanned.take(max_rows.saturating_sub(1)) {
        row += 1;
        let status = if u.skipped {
            Status::Skipped
        } else {
            Status::Error
        };
        let format = styles.for_status(status);
        let values = [status.label_zh(), status.as_str(), &u.path, &u.error];
        for (i, value) in (0..).zip(values) {
            widths.fit(usize::from(i), value);
            let f = if i < 2 { format } else { &styles.text };
            put_text(&mut ws, row, i, value, f, styles)?;
        }
    }
    table_frame(
        &mut ws,
        &UNSCANNED_COLUMNS,
        usize::try_from(row).unwrap_or(0),
        styles,
    )?;
    widths.apply(&mut ws, &UNSCANNED_COLUMNS)?;
    Ok(ws)
}

#[cfg(test)]
mod tests {
    use std::io::Cursor;

    use calamine::{Data, Reader, Xlsx};

    use super::super::tests::run;
    use super::super::WIDTH;
    use super::*;

    fn read(bytes: Vec<u8>) -> Xlsx<Cursor<Vec<u8>>> {
        Xlsx::new(Cursor::new(bytes)).unwrap()
    }

    fn cell(range: &calamine::Range<Data>, row: u32, col: u32) -> Data {
        range.get_value((row, col)).cloned().unwrap_or(Data::Empty)
    }

    #[test]
    fn sheets_header_rows_and_types() {
        let mut out = Vec::new();
        write_xlsx(&run(), &Summary::default(), &mut out).unwrap();
        let mut book = read(out);
        assert_eq!(
            book.sheet_names(),
            [FINDINGS_SHEET, SUMMARY_SHEET, UNSCANNED_SHEET]
        );
        let rows = book.worksheet_range(FINDINGS_SHEET).unwrap();
        assert_eq!(rows.height(), 5);
        assert_eq!(rows.width(), WIDTH);
        assert_eq!(cell(&rows, 0, 2), Data::String("文件 path".into()));
        assert_eq!(cell(&rows, 1, 9), Data::String("430102********1234".into()));
        // The formula-like value is a string as written, not a formula or its result.
        assert_eq!(cell(&rows, 2, 9), Data::String("=1+1".into()));
        assert_eq!(cell(&rows, 1, 13), Data::Float(5.0));
        assert_eq!(cell(&rows, 1, 24), Data::Float(0.95));
        assert_eq!(cell(&rows, 3, 1), Data::String("error".into()));
        let formulas = book.worksheet_formula(FINDINGS_SHEET).unwrap();
        assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));
        let missing = book.worksheet_range(UNSCANNED_SHEET).unwrap();
        assert_eq!(missing.height(), 2);
        assert_eq!(cell(&missing, 1, 2), Data::String("b.pdf".into()));
        assert_eq!(cell(&missing, 1, 3), Data::String("encrypted PDF".into()));
    }

    #[test]
    fn rows_over_the_limit_are_counted_not_dropped_silently() {
        let bytes = workbook(&run(), &Summary::default(), 3).unwrap();
        let mut book = read(bytes);
        let rows = book.worksheet_range(FINDINGS_SHEET).unwrap();
        assert_eq!(rows.height(), 3);
        let Data::String(note) = cell(&rows, 2, 0) else {
            panic!("no note row");
        };
        assert!(note.contains("另有 3 行"), "{note}");
    }

    #[test]
    fn long_text_is_cut_to_excels_limit() {
        let long = "字".repeat(40_000);
        let cut = fit(&long);
        assert_eq!(cut.encode_utf16().count(), MAX_CELL_UTF16);
        assert!(cut.ends_with('…'));
        assert_eq!(fit("short"), "short");
        let emoji = "😀".repeat(20_000);
        assert!(fit(&emoji).encode_utf16().count() <= MAX_CELL_UTF16);
    }

    #[test]
    fn empty_run_still_has_three_sheets() {
        let mut out = Vec::new();
        write_xlsx(&Collected::default(), &Summary::default(), &mut out).unwrap();
        let mut book = read(out);
        assert_eq!(book.sheet_names().len(), 3);
        assert_eq!(book.worksheet_range(FINDINGS_SHEET).unwrap().height(), 1);
    }
}
