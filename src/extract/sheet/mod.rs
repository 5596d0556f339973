//! Spreadsheets: xlsx/xlsm/xlsb (OOXML), ods (OpenDocument), xls and Kingsoft WPS .et
//! (BIFF in an OLE compound file). Cell values come from calamine; what calamine does not
//! expose (hidden rows and columns, comments, headers and footers) comes from a side pass
//! over the same file: the sheet XML of an xlsx ([`ooxml`]), the BIFF records of an xls
//! ([`biff`]), `content.xml` of an ods ([`ods`]).
//!
//! Each sheet becomes one block of table rows in workbook order: a title row with a single
//! non-empty cell (`2024年低保发放名单`) is a line of its own, the first row with several
//! cells is the header the detectors read, and every later row is padded so its tabs line
//! up with the header. Hidden sheets, rows and columns stay in place (so the columns stay
//! aligned) with their segments marked hidden.
//!
//! calamine trusts sizes declared in the file in places (a BIFF `DIMENSIONS` record
//! reserves rows × columns cells; a sparse range allocates its bounding box; ods repeats
//! expand), and an allocation failure aborts the process. So every file is checked before
//! calamine sees it: zip members are read through the bounded [`Package`] (and XML with a
//! DTD refused), BIFF streams are walked record by record, ods repeats are counted.

mod biff;
mod ods;
mod ooxml;

use std::borrow::Cow;
use std::collections::HashSet;
use std::panic::{catch_unwind, AssertUnwindSafe};

use calamine::{Data, DataRef, ExcelDateTime, SheetVisible, WorkbookProperties};

use super::document::{DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::Ctx;

pub use biff::extract_xls;
pub use ods::extract_ods;
pub use ooxml::extract_ooxml;

/// Non-empty cells kept for one workbook. Each costs its text plus ~32 bytes; real
/// government workbooks hold a few hundred thousand at most.
const MAX_CELLS: usize = 10_000_000;

/// Bounding box (rows × columns) calamine may allocate for one sheet. BIFF8's own maximum
/// is 65,536 × 256; a larger declared box on a small stream is a crafted allocation.
const MAX_BOX_CELLS: u64 = 1 << 24;

/// Rows between deadline checks.
const ROWS_PER_TIME_CHECK: usize = 1024;

/// One non-empty cell: 0-based absolute row and column, rendered text.
pub(crate) type CellText = (u32, u32, String);

/// What a reader of the sheet does not see, from the side pass.
#[derive(Default, Debug, Clone)]
pub(crate) struct SheetExtras {
    /// 0-based hidden rows.
    pub hidden_rows: HashSet<u32>,
    /// 0-based inclusive ranges of hidden columns.
    pub hidden_cols: Vec<(u32, u32)>,
    /// Cell comments: 0-based row, column, author, text.
    pub comments: Vec<(u32, u32, String, String)>,
    /// Header/footer texts: part, field (`oddHeader`…), text.
    pub headers: Vec<(Part, String, String)>,
    /// Text boxes and other drawing text on the sheet (visible when printed).
    pub text_boxes: Vec<String>,
}

impl SheetExtras {
    fn col_hidden(&self, col: u32) -> bool {
        self.hidden_cols
            .iter()
            .any(|&(lo, hi)| lo <= col && col <= hi)
    }
}

/// Collects the cells of one sheet within the workbook-wide cell and text budget.
pub(crate) struct CellSink<'a> {
    pub cells: Vec<CellText>,
    total_cells: &'a mut usize,
    total_bytes: &'a mut usize,
    max_bytes: usize,
}

impl<'a> CellSink<'a> {
    pub fn new(total_cells: &'a mut usize, total_bytes: &'a mut usize, max_bytes: usize) -> Self {
        CellSink {
            cells: Vec::new(),
            total_cells,
            total_bytes,
            max_bytes,
        }
    }

    /// Keeps a cell if it has text.
    pub fn add(&mut self, row: u32, col: u32, text: String) -> Result<(), ExtractError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        *self.total_cells += 1;
        *self.total_bytes += text.len() + 1;
        if *self.total_cells > MAX_CELLS {
            return Err(ExtractError::Limit(format!(
                "more than {MAX_CELLS} non-empty cells in one workbook"
            )));
        }
        if *self.total_bytes > self.max_bytes {
            return Err(ExtractError::Limit(format!(
                "extracted text exceeds {} MiB (raise --max-text)",
                self.max_bytes >> 20
            )));
        }
        self.cells.push((row, col, text));
        Ok(())
    }
}

/// Runs a calamine call, turning a panic inside it into a `Corrupt` error.
pub(crate) fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> Result<T, ExtractError> {
    catch_unwind(AssertUnwindSafe(f)).map_err(|_| {
        ExtractError::Corrupt(format!(
            "{what}: the spreadsheet reader failed on malformed data"
        ))
    })
}

/// The location of a cell (0-based row and column) with its hidden channel: a hidden
/// sheet first, then a hidden row, then a hidden column.
fn cell_loc(sheet: &str, row: u32, col: u32, sheet_hidden: bool, extras: &SheetExtras) -> Loc {
    let loc = Loc::cell(sheet, row.saturating_add(1), col.saturating_add(1));
    if sheet_hidden {
        loc.hidden_as(Part::HiddenSheet)
    } else if extras.hidden_rows.contains(&row) {
        loc.hidden_as(Part::HiddenRow)
    } else if extras.col_hidden(col) {
        loc.hidden_as(Part::HiddenColumn)
    } else {
        loc
    }
}

/// Writes one sheet: its cells as table rows (title rows before the header as lines of
/// their own), then its comments, headers/footers and text boxes, then ends the block.
pub(crate) fn emit_sheet(
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    sheet: &str,
    sheet_hidden: bool,
    mut cells: Vec<CellText>,
    extras: &SheetExtras,
) -> Result<(), ExtractError> {
    // The sheet's name: a tab label anyone sees, unless the sheet is hidden (then this is
    // the one trace of an otherwise empty hidden sheet).
    let name_loc = Loc {
        sheet: Some(sheet.to_string()),
        field: Some("sheet name".to_string()),
        ..Loc::part(Part::Body)
    };
    let name_loc = if sheet_hidden {
        name_loc.hidden_as(Part::HiddenSheet)
    } else {
        name_loc
    };
    b.push(sheet, name_loc)?;
    cells.sort_unstable_by_key(|c| (c.0, c.1));
    let base_col = cells.iter().map(|c| c.1).min().unwrap_or(0);
    let mut header_seen = false;
    let mut rows = 0usize;
    let mut rest = cells.as_slice();
    while let Some(first) = rest.first() {
        let row = first.0;
        let n = rest.iter().take_while(|c| c.0 == row).count();
        let (this, tail) = rest.split_at(n);
        rest = tail;
        rows += 1;
        if rows.is_multiple_of(ROWS_PER_TIME_CHECK) {
            ctx.budget.check_time()?;
        }
        if !header_seen && this.len() == 1 {
            if let Some((r, c, text)) = this.first() {
                b.push(text, cell_loc(sheet, *r, *c, sheet_hidden, extras))?;
            }
            continue;
        }
        header_seen = true;
        let mut line: Vec<(&str, Loc)> = Vec::new();
        let mut next_col = base_col;
        for (r, c, text) in this {
            while next_col < *c {
                line.push(("", Loc::default()));
                next_col += 1;
            }
            line.push((text, cell_loc(sheet, *r, *c, sheet_hidden, extras)));
            next_col = c.saturating_add(1);
        }
        b.row(line)?;
    }
    let mut comments: Vec<&(u32, u32, String, String)> = extras.comments.iter().collect();
    comments.sort_by_key(|c| (c.0, c.1));
    for (row, col, author, text) in comments {
        let mut loc = Loc::cell(sheet, row.saturating_add(1), col.saturating_add(1));
        loc.part = Part::Comment;
        loc.hidden = true;
        if !author.trim().is_empty() {
            loc.field = Some(author.trim().to_string());
        }
        b.push(text.trim(), loc)?;
    }
    for (part, field, text) in &extras.headers {
        let loc = Loc {
            sheet: Some(sheet.to_string()),
            hidden: sheet_hidden || part.hidden_by_default(),
            field: Some(field.clone()),
            ..Loc::part(*part)
        };
        b.push(text.trim(), loc)?;
    }
    for text in &extras.text_boxes {
        let loc = Loc {
            sheet: Some(sheet.to_string()),
            hidden: sheet_hidden,
            ..Loc::part(Part::TextBox)
        };
        b.push(text.trim(), loc)?;
    }
    b.end_block();
    Ok(())
}

/// Whether calamine says a sheet is hidden.
pub(crate) fn is_hidden(v: SheetVisible) -> bool {
    matches!(v, SheetVisible::Hidden | SheetVisible::VeryHidden)
}

/// Defined names as `name: formula` lines (`field` = the name).
pub(crate) fn emit_defined_names(
    b: &mut DocumentBuilder,
    names: &[(String, String)],
) -> Result<(), ExtractError> {
    for (name, formula) in names {
        let text = format!("{name}: {formula}");
        b.push(&text, Loc::part(Part::DefinedName).with_field(name))?;
    }
    b.end_block();
    Ok(())
}

/// Document properties calamine read (xls, ods), with the field names of
/// [`super::props`] (`creator`, `lastModifiedBy`, `custom:NAME`).
pub(crate) fn emit_properties(
    b: &mut DocumentBuilder,
    p: &WorkbookProperties,
) -> Result<(), ExtractError> {
    let fields: [(&str, &Option<String>); 11] = [
        ("title", &p.title),
        ("subject", &p.subject),
        ("creator", &p.creator),
        ("lastModifiedBy", &p.last_modified_by),
        ("description", &p.description),
        ("keywords", &p.keywords),
        ("category", &p.category),
        ("company", &p.company),
        ("manager", &p.manager),
        ("template", &p.template),
        ("contentStatus", &p.content_status),
    ];
    for (field, value) in fields {
        if let Some(v) = value {
            b.push(v.trim(), Loc::metadata(field))?;
        }
    }
    let mut custom: Vec<(&String, &String)> = p.custom_properties.iter().collect();
    custom.sort();
    for (name, value) in custom {
        // Kingsoft WPS build ids, not text.
        if matches!(name.as_str(), "ICV" | "KSOProductBuildVer") {
            continue;
        }
        b.push(value.trim(), Loc::metadata(&format!("custom:{name}")))?;
    }
    b.end_block();
    Ok(())
}

/// A cell value as a reader sees it: integral numbers without exponent or `.0`, dates in
/// ISO form, booleans as Excel writes them, errors as their code.
pub(crate) fn render(d: &Data) -> String {
    match d {
        Data::Int(i) => i.to_string(),
        Data::Float(f) => render_float(*f),
        Data::String(s) => s.clone(),
        Data::Bool(v) => bool_text(*v).to_string(),
        Data::DateTime(dt) => render_datetime(dt),
        Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Error(e) => e.to_string(),
        Data::Empty => String::new(),
    }
}

/// [`render`] for the borrowed values of the streaming cell readers.
pub(crate) fn render_ref(d: &DataRef) -> String {
    match d {
        DataRef::Int(i) => i.to_string(),
        DataRef::Float(f) => render_float(*f),
        DataRef::String(s) => s.clone(),
        DataRef::SharedString(s) => (*s).to_string(),
        DataRef::Bool(v) => bool_text(*v).to_string(),
        DataRef::DateTime(dt) => render_datetime(dt),
        DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => s.clone(),
        DataRef::Error(e) => e.to_string(),
        DataRef::Empty => String::new(),
    }
}

fn bool_text(v: bool) -> &'static str {
    if v {
        "TRUE"
    } else {
        "FALSE"
    }
}

/// Integral values print as integers; from 10^15 on, as Excel shows them: 15 significant
/// digits then zeros (`1.10101199003071e17` → `110101199003071000`: an 18-digit ID typed
/// as a number has already lost its last digits in the file). Never an exponent.
pub(crate) fn render_float(f: f64) -> String {
    if !f.is_finite() {
        return f.to_string();
    }
    if f.fract() != 0.0 {
        return f.to_string();
    }
    if f.abs() < 1e15 {
        // Exact: |f| < 2^53.
        return format!("{f:.0}");
    }
    let sci = format!("{:.14e}", f.abs());
    let Some((mantissa, exp)) = sci.split_once('e') else {
        return format!("{f:.0}");
    };
    let Ok(exp) = exp.parse::<usize>() else {
        return format!("{f:.0}");
    };
    let mut digits: String = mantissa.chars().filter(char::is_ascii_digit).collect();
    let want = exp.saturating_add(1);
    if digits.len() > want {
        digits.truncate(want);
    }
    while digits.len() < want {
        digits.push('0');
    }
    if f < 0.0 {
        digits.insert(0, '-');
    }
    digits
}

/// `2024-03-01`, `2024-03-01 08:30:00`, `08:30:00`, or `36:00:00` for a duration.
fn render_datetime(dt: &ExcelDateTime) -> String {
    let value = dt.as_f64();
    if dt.is_duration() {
        let secs = (value * 86_400.0).round();
        if !secs.is_finite() || secs.abs() > 1e12 {
            return value.to_string();
        }
        let secs = secs as i64;
        let sign = if secs < 0 { "-" } else { "" };
        let secs = secs.unsigned_abs();
        return format!(
            "{sign}{}:{:02}:{:02}",
            secs / 3600,
            (secs / 60) % 60,
            secs % 60
        );
    }
    let (y, mo, d, h, mi, s, _) = dt.to_ymd_hms_milli();
    let has_time = h != 0 || mi != 0 || s != 0;
    if (0.0..1.0).contains(&value) && has_time {
        format!("{h:02}:{mi:02}:{s:02}")
    } else if has_time {
        format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}")
    } else {
        format!("{y:04}-{mo:02}-{d:02}")
    }
}

/// Strips the formatting codes of an Excel header/footer (`&C&"宋体,加粗"&12第&P页`):
/// section codes, fonts, sizes, fields; `&&` is a literal ampersand. Sections are joined
/// with spaces.
pub(crate) fn header_text(raw: &str) -> String {
    let mut out = String::new();
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '&' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('&') => out.push('&'),
            Some('L' | 'C' | 'R') => {
                if !out.is_empty() && !out.ends_with(' ') {
                    out.push(' ');
                }
            }
            Some('"') => {
                for f in chars.by_ref() {
                    if f == '"' {
                        break;
                    }
                }
            }
            Some('K') => {
                // Colour: six hex digits, or a theme reference like `01+000`.
                for _ in 0..6 {
                    if chars.next().is_none() {
                        break;
                    }
                }
            }
            Some(d) if d.is_ascii_digit() => {
                while chars.peek().is_some_and(char::is_ascii_digit) {
                    chars.next();
                }
            }
            Some(_) | None => {}
        }
    }
    out.trim().to_string()
}

/// Reads every worksheet's cells (`read` fills the sink for one sheet: calamine's readers
/// differ per format) and emits each with its hidden rows, columns, comments and headers
/// (`extras`, by sheet index and name). A sheet that fails is a member error and the others
/// are still read; a bound or the time budget stops the workbook.
pub(crate) fn read_sheets<'e>(
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    sheets: &[calamine::Sheet],
    what: &str,
    extras: impl Fn(usize, &str) -> Cow<'e, SheetExtras>,
    mut read: impl FnMut(&str, &mut CellSink) -> Result<(), ExtractError>,
) -> Result<(), ExtractError> {
    let mut total_cells = 0usize;
    let mut total_bytes = 0usize;
    let max = ctx.budget.limits.max_text_bytes;
    for (i, sheet) in sheets.iter().enumerate() {
        ctx.budget.check_time()?;
        if sheet.typ == calamine::SheetType::ChartSheet {
            continue;
        }
        let mut sink = CellSink::new(&mut total_cells, &mut total_bytes, max);
        let result = guarded(what, || read(&sheet.name, &mut sink)).and_then(|r| r);
        let cells = std::mem::take(&mut sink.cells);
        if let Err(e) = result {
            if matches!(e, ExtractError::Limit(_) | ExtractError::Timeout(_)) {
                return Err(e);
            }
            b.member(format!("sheet {}", sheet.name), Err(e), true);
        }
        let extras = extras(i, &sheet.name);
        emit_sheet(
            b,
            ctx,
            &sheet.name,
            is_hidden(sheet.visible),
            cells,
            &extras,
        )?;
    }
    Ok(())
}

/// Adds the used cells of a calamine range at their absolute positions.
pub(crate) fn add_range(
    range: &calamine::Range<Data>,
    sink: &mut CellSink,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let (r0, c0) = range.start().unwrap_or((0, 0));
    for (n, (r, c, value)) in range.used_cells().enumerate() {
        if n.is_multiple_of(65_536) {
            ctx.budget.check_time()?;
        }
        let row = r0.saturating_add(u32::try_from(r).unwrap_or(u32::MAX));
        let col = c0.saturating_add(u32::try_from(c).unwrap_or(u32::MAX));
        sink.add(row, col, render(value))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    #[test]
    fn floats_render_without_exponent() {
        assert_eq!(render_float(1.10101199003071e17), "110101199003071000");
        assert_eq!(render_float(13800138000.0), "13800138000");
        assert_eq!(render_float(-42.0), "-42");
        assert_eq!(render_float(0.5), "0.5");
        assert_eq!(render_float(6.22202123456789e18), "6222021234567890000");
        assert_eq!(render_float(1e15), "1000000000000000");
        assert!(!render_float(1.5e300).contains('e'));
    }

    #[test]
    fn dates_render_as_iso() {
        use calamine::ExcelDateTimeType;
        let d = ExcelDateTime::new(45352.0, ExcelDateTimeType::DateTime, false);
        assert_eq!(render_datetime(&d), "2024-03-01");
        let d = ExcelDateTime::new(45352.5, ExcelDateTimeType::DateTime, false);
        assert_eq!(render_datetime(&d), "2024-03-01 12:00:00");
        let d = ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false);
        assert_eq!(render_datetime(&d), "36:00:00");
    }

    #[test]
    fn header_codes_are_stripped() {
        assert_eq!(
            header_text("&L&\"Calibri,Bold\"&12Header - Corporate&RPage &P of &N"),
            "Header - Corporate Page  of"
        );
        assert_eq!(header_text("&C机密&&内部"), "机密&内部");
        assert_eq!(header_text("&KFF0000红色"), "红色");
    }

    #[test]
    fn title_row_then_aligned_rows() -> Result<(), ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.xlsx",
            encoding: None,
        };
        let mut b = DocumentBuilder::new("xlsx", 1 << 20);
        let cells = vec![
            (2, 1, "张三".to_string()),
            (0, 0, "2024年低保发放名单".to_string()),
            (1, 0, "姓名".to_string()),
            (1, 2, "身份证号".to_string()),
            (2, 2, "110101199003074514".to_string()),
            (3, 2, "11010519491231002X".to_string()),
        ];
        let mut extras = SheetExtras::default();
        extras.hidden_rows.insert(3);
        extras.comments.push((2, 2, "李四".into(), "核对".into()));
        emit_sheet(&mut b, &ctx, "名单", false, cells, &extras)?;
        let doc = b.finish();
        assert_eq!(
            doc.text,
            "名单\n2024年低保发放名单\n姓名\t\t身份证号\n\t张三\t110101199003074514\n\t\t11010519491231002X\n核对\n\n"
        );
        let at = doc.text.find("11010519491231002X").unwrap_or(0);
        let seg = doc
            .segment_at(at)
            .map(|s| s.loc.clone())
            .unwrap_or_default();
        assert_eq!(seg.cell.as_deref(), Some("C4"));
        assert_eq!(seg.part, Part::HiddenRow);
        assert!(seg.hidden);
        let at = doc.text.find("核对").unwrap_or(0);
        let seg = doc
            .segment_at(at)
            .map(|s| s.loc.clone())
            .unwrap_or_default();
        assert_eq!(seg.part, Part::Comment);
        assert_eq!(seg.field.as_deref(), Some("李四"));
        assert_eq!(seg.cell.as_deref(), Some("C3"));
        Ok(())
    }
}
