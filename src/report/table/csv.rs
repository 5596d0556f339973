//! `--format csv`: the table as RFC 4180 CSV (CRLF line ends, fields quoted when they hold
//! a comma, quote or line break), UTF-8 with a byte-order mark.
//!
//! CSV has no types: a spreadsheet that opens it guesses, and a revealed 18-digit ID
//! number becomes `4.30102E+17`. Masked values (`430102********1234`) survive; for
//! reviewers who open the file in Excel or WPS the workbook (`--format xlsx`) is the safe
//! choice, the CSV is for tools.

use std::borrow::Cow;
use std::io::Write;

use super::{entries, neutralize, Cell, Collected, COLUMNS};

/// Excel and WPS on Chinese Windows read a CSV without a BOM in the ANSI code page (GBK),
/// so UTF-8 Chinese text comes out garbled; the BOM makes them read UTF-8. CSV readers in
/// code (the `csv` crate, Python's `utf-8-sig`, pandas) skip or accept it.
pub(super) const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Writes the header row and one row per finding and per input not scanned.
pub fn write_csv(run: &Collected, out: &mut dyn Write) -> std::io::Result<()> {
    out.write_all(BOM)?;
    let mut w = ::csv::WriterBuilder::new()
        .terminator(::csv::Terminator::CRLF)
        .from_writer(&mut *out);
    w.write_record(COLUMNS.iter().map(|c| c.header()))?;
    for entry in entries(run) {
        for cell in &entry.record().cells {
            w.write_field(field(cell).as_bytes())?;
        }
        // An empty record after `write_field`s ends the row.
        w.write_record(None::<&[u8]>)?;
    }
    w.flush()?;
    Ok(())
}

/// A cell as CSV text, guarded against formula injection.
fn field(cell: &Cell) -> Cow<'_, str> {
    match cell {
        Cell::Text(s) => neutralize(s),
        Cell::Int(n) => Cow::Owned(n.to_string()),
        Cell::Real(x) => Cow::Owned(x.to_string()),
        Cell::Empty => Cow::Borrowed(""),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::run;
    use super::super::WIDTH;
    use super::*;

    fn parse(bytes: &[u8]) -> Vec<Vec<String>> {
        let body = bytes.strip_prefix(BOM).expect("BOM");
        ::csv::ReaderBuilder::new()
            .has_headers(false)
            .from_reader(body)
            .records()
            .map(|r| r.unwrap().iter().map(String::from).collect())
            .collect()
    }

    #[test]
    fn bom_header_rows_and_crlf() {
        let mut out = Vec::new();
        write_csv(&run(), &mut out).unwrap();
        assert!(out.starts_with(BOM));
        let text = std::str::from_utf8(&out[BOM.len()..]).unwrap();
        assert!(text.starts_with("状态 status_zh,状态代码 status,文件 path,"));
        assert!(text.contains("\r\n"));
        let rows = parse(&out);
        assert_eq!(rows.len(), 5);
        assert!(rows.iter().all(|r| r.len() == WIDTH));
        let status: Vec<&str> = rows.iter().skip(1).map(|r| r[1].as_str()).collect();
        assert_eq!(status, ["finding", "finding", "error", "finding"]);
        assert_eq!(rows[3][2], "b.pdf");
        assert_eq!(rows[3][WIDTH - 1], "encrypted PDF");
        assert_eq!(rows[1][9], "430102********1234");
        assert_eq!(rows[1][13], "5");
        assert_eq!(rows[1][24], "0.95");
    }

    #[test]
    fn formula_cells_are_neutralized() {
        let mut out = Vec::new();
        write_csv(&run(), &mut out).unwrap();
        let rows = parse(&out);
        assert_eq!(rows[2][9], "'=1+1");
        assert!(rows[2][23].starts_with("…身份证号 =1+1"));
        for cell in rows.iter().flatten() {
            assert!(!super::super::is_formula_like(cell), "{cell:?}");
        }
    }

    #[test]
    fn empty_run_is_a_header() {
        let mut out = Vec::new();
        write_csv(&Collected::default(), &mut out).unwrap();
        assert_eq!(parse(&out).len(), 1);
    }
}
