//! CSV and TSV. Decoded like any text input (BOM, UTF-8, UTF-16, GBK/GB18030 detection or
//! `--encoding`), parsed with the `csv` crate (quotes, quoted line breaks, rows of any
//! length), and written as table rows like a spreadsheet: a title line with one field
//! before the header is a line of its own, the header row comes first, and every later
//! row keeps its fields in their columns. Each field's segment carries its row and column
//! in the table and the line and column in the source file where it starts.

use super::document::{a1, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::{Ctx, Document};

/// Records between deadline checks.
const RECORDS_PER_TIME_CHECK: usize = 4096;

/// Extracts a CSV/TSV file.
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let text = super::text::decode_all(bytes, ctx.encoding);
    let delimiter = pick_delimiter(&text, ctx.name);
    let mut b = DocumentBuilder::new(
        if delimiter == b'\t' { "tsv" } else { "csv" },
        ctx.budget.limits.max_text_bytes,
    );
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .from_reader(text.as_bytes());
    let mut lines = LineIndex::new(&text);
    let mut record = csv::StringRecord::new();
    let mut header_seen = false;
    let mut row: u32 = 0;
    loop {
        let more = reader
            .read_record(&mut record)
            .map_err(|e| ExtractError::Corrupt(format!("CSV: {e}")))?;
        if !more {
            break;
        }
        row = row.saturating_add(1);
        if (row as usize).is_multiple_of(RECORDS_PER_TIME_CHECK) {
            ctx.budget.check_time()?;
        }
        let start = record.position().map_or(0, |p| p.byte() as usize);
        let starts = field_starts(&text, start, delimiter, record.len());
        let locs: Vec<Loc> = (0..record.len())
            .map(|i| {
                let col = u32::try_from(i + 1).unwrap_or(u32::MAX);
                let at = starts.get(i).copied().unwrap_or(start);
                let (line, column) = lines.at(at);
                Loc {
                    cell: Some(a1(row, col)),
                    row: Some(row),
                    col: Some(col),
                    ..Loc::part(Part::Body)
                }
                .with_line(line, column)
            })
            .collect();
        let non_empty = record.iter().filter(|f| !f.trim().is_empty()).count();
        if !header_seen && non_empty <= 1 {
            if let Some((field, loc)) = record.iter().zip(locs).find(|(f, _)| !f.trim().is_empty())
            {
                b.push(field, loc)?;
            }
            continue;
        }
        header_seen = true;
        b.row(record.iter().zip(locs))?;
    }
    Ok(b.finish())
}

/// Tab for `.tsv` or when the first line has at least as many tabs as commas; else a
/// semicolon when it has more of those than commas (European exports); else a comma.
fn pick_delimiter(text: &str, name: &str) -> u8 {
    if name.to_ascii_lowercase().ends_with(".tsv") {
        return b'\t';
    }
    let first = text
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or_default();
    let count = |c: char| first.chars().filter(|&x| x == c).count();
    let (tabs, commas, semis) = (count('\t'), count(','), count(';'));
    if tabs > 0 && tabs >= commas {
        b'\t'
    } else if semis > commas {
        b';'
    } else {
        b','
    }
}

/// Byte offsets where the first `n` fields of the record at `start` begin (quotes
/// respected, so a delimiter or line break inside a quoted field does not count).
fn field_starts(text: &str, start: usize, delimiter: u8, n: usize) -> Vec<usize> {
    let mut out = Vec::with_capacity(n.min(4096));
    let bytes = text.as_bytes();
    let Some(rest) = bytes.get(start..) else {
        return out;
    };
    out.push(start);
    let mut quoted = false;
    for (i, &c) in rest.iter().enumerate() {
        if out.len() >= n {
            break;
        }
        match c {
            b'"' => quoted = !quoted,
            b'\n' | b'\r' if !quoted => break,
            c if c == delimiter && !quoted => out.push(start + i + 1),
            _ => {}
        }
    }
    out
}

/// Line and column (1-based, in characters) of byte offsets visited in increasing order.
struct LineIndex<'a> {
    text: &'a str,
    /// Last position computed: byte offset, line, byte offset of that line's start.
    at: usize,
    line: u64,
    line_start: usize,
}

impl<'a> LineIndex<'a> {
    fn new(text: &'a str) -> Self {
        LineIndex {
            text,
            at: 0,
            line: 1,
            line_start: 0,
        }
    }

    fn at(&mut self, offset: usize) -> (u64, u64) {
        let offset = offset.min(self.text.len());
        if offset < self.at {
            // Out of order: start over (never happens for csv records).
            *self = LineIndex::new(self.text);
        }
        let bytes = self.text.as_bytes();
        if let Some(span) = bytes.get(self.at..offset) {
            for (i, &c) in span.iter().enumerate() {
                if c == b'\n' {
                    self.line += 1;
                    self.line_start = self.at + i + 1;
                }
            }
        }
        self.at = offset;
        let column = self
            .text
            .get(self.line_start..offset)
            .map_or(0, |s| s.chars().count());
        (self.line, column as u64 + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    fn extract_str(bytes: &[u8], name: &str) -> Result<Document, ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name,
            encoding: None,
        };
        extract(bytes, &ctx)
    }

    fn loc_of(doc: &Document, needle: &str) -> Loc {
        let at = doc.text.find(needle).unwrap_or(usize::MAX);
        doc.segment_at(at)
            .map(|s| s.loc.clone())
            .unwrap_or_default()
    }

    #[test]
    fn csv_rows_with_title_quotes_and_positions() -> Result<(), ExtractError> {
        let csv = "2024年低保发放名单,,\n姓名,身份证号,备注\n张三,110101199003074514,\"多行\n备注, 含逗号\"\n李四,\"11010519491231002X\",\n";
        let doc = extract_str(csv.as_bytes(), "a.csv")?;
        assert_eq!(
            doc.text,
            "2024年低保发放名单\n姓名\t身份证号\t备注\n张三\t110101199003074514\t多行 备注, 含逗号\n李四\t11010519491231002X\t\n"
        );
        let loc = loc_of(&doc, "11010519491231002X");
        assert_eq!(loc.cell.as_deref(), Some("B4"));
        assert_eq!((loc.row, loc.col), (Some(4), Some(2)));
        assert_eq!((loc.line, loc.column), (Some(5), Some(4)));
        let loc = loc_of(&doc, "110101199003074514");
        assert_eq!((loc.line, loc.column), (Some(3), Some(4)));
        let loc = loc_of(&doc, "2024年");
        assert_eq!((loc.row, loc.line, loc.column), (Some(1), Some(1), Some(1)));
        Ok(())
    }

    #[test]
    fn tabs_and_gbk() -> Result<(), ExtractError> {
        let (gbk, _, _) = encoding_rs::GBK.encode("姓名\t联系电话\n张三\t13800138000\n");
        let doc = extract_str(&gbk, "a.csv")?;
        assert_eq!(doc.text, "姓名\t联系电话\n张三\t13800138000\n");
        assert_eq!(doc.format, "tsv");
        let loc = loc_of(&doc, "13800138000");
        assert_eq!((loc.line, loc.column), (Some(2), Some(4)));
        Ok(())
    }

    #[test]
    fn delimiters() {
        assert_eq!(pick_delimiter("a;b;c\n", "x.csv"), b';');
        assert_eq!(pick_delimiter("a,b\tc\n", "x.csv"), b'\t');
        assert_eq!(pick_delimiter("a,b,c\n", "x.tsv"), b'\t');
        assert_eq!(pick_delimiter("\n\na,b\n", "x.csv"), b',');
    }
}
