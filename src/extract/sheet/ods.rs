//! OpenDocument spreadsheets (.ods). `content.xml` is read through the bounded
//! [`Package`] and walked once before calamine sees it: repeated rows and cells are
//! counted (a few bytes can declare billions of cells: `issue_594_dos.ods`), and the walk
//! collects what calamine does not return: rows and columns with
//! `table:visibility="collapse"` or `"filter"`, and cell annotations (comments).

use crate::extract::sheet::{add_range, read_sheets};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Ods, OdsError, Reader};

use super::{emit_defined_names, emit_properties, guarded, SheetExtras, MAX_BOX_CELLS, MAX_CELLS};
use crate::extract::document::DocumentBuilder;
use crate::extract::limits::ExtractError;
use crate::extract::package::Package;
use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::{Ctx, Document};

/// Longest run of spaces one `<text:s text:c>` may ask for.
const MAX_SPACES: u64 = 10_000;

/// Extracts an ods workbook.
pub fn extract_ods(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut pkg = Package::open(bytes, ctx.budget)?;
    if let Some(manifest) = pkg.read_opt("META-INF/manifest.xml")? {
        if memchr::memmem::find(&manifest, b"encryption-data").is_some() {
            return Err(ExtractError::Encrypted(
                "ods encrypted with a password".into(),
            ));
        }
    }
    let mut extras = HashMap::new();
    let names: Vec<String> = pkg.names().to_vec();
    for (i, name) in names.iter().enumerate() {
        if pkg.is_dir(i) || name.starts_with("Pictures/") || name.starts_with("Thumbnails/") {
            continue;
        }
        let data = pkg.read_index(i)?;
        if name.ends_with(".xml") && memchr::memmem::find(&data, b"<!DOCTYPE").is_some() {
            return Err(ExtractError::Limit(format!(
                "{name}: XML with a DTD (entity declarations can expand without bound; \
                 no office format needs one)"
            )));
        }
        if name == "content.xml" {
            extras = walk_content(&data, ctx)?;
        }
    }
    let mut wb: Ods<_> = guarded("ods", || Ods::new(Cursor::new(bytes)))?.map_err(ods_error)?;
    let mut b = DocumentBuilder::new("ods", ctx.budget.limits.max_text_bytes);
    let sheets = wb.sheets_metadata().to_vec();
    let empty = SheetExtras::default();
    read_sheets(
        &mut b,
        ctx,
        &sheets,
        "ods",
        |_, name| Cow::Borrowed(extras.get(name).unwrap_or(&empty)),
        |name, sink| add_range(&wb.worksheet_range(name).map_err(ods_error)?, sink, ctx),
    )?;
    let names = wb.defined_names().to_vec();
    emit_defined_names(&mut b, &names)?;
    match guarded("ods properties", || wb.workbook_properties()) {
        Ok(Ok(props)) => emit_properties(&mut b, &props)?,
        Ok(Err(e)) => b.member("document properties".into(), Err(ods_error(e)), true),
        Err(e) => b.member("document properties".into(), Err(e), true),
    }
    Ok(b.finish())
}

fn ods_error(e: OdsError) -> ExtractError {
    match e {
        OdsError::Password => ExtractError::Encrypted("ods encrypted with a password".into()),
        OdsError::CellLimitExceeded { .. } => ExtractError::Limit(format!("ods: {e}")),
        other => ExtractError::Corrupt(format!("ods: {other}")),
    }
}

fn repeat(v: Option<String>) -> u64 {
    v.and_then(|s| s.trim().parse::<u64>().ok())
        .unwrap_or(1)
        .max(1)
}

fn collapsed(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("collapse" | "filter"))
}

/// One table being walked.
#[derive(Default)]
struct Table {
    name: String,
    extras: SheetExtras,
    /// Hidden row ranges (0-based, inclusive); turned into rows up to the last used row.
    hidden_rows: Vec<(u64, u64)>,
    col: u64,
    row: u64,
    max_row: Option<u64>,
    max_col: u64,
}

/// Counts cells, finds hidden rows/columns and annotations, per table name.
fn walk_content(xml: &[u8], ctx: &Ctx) -> Result<HashMap<String, SheetExtras>, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "content.xml");
    let mut out = HashMap::new();
    let mut table: Option<Table> = None;
    let mut cells: u64 = 0;
    let mut row_repeat: u64 = 1;
    // Inside an annotation: creator text, paragraph text, which element is open.
    let mut note: Option<(String, String)> = None;
    let mut in_creator = false;
    let mut in_p = false;
    let mut cell_has_text = false;
    let mut pending_cell: Option<(u64, u64, bool)> = None;
    let mut events = 0usize;
    loop {
        events += 1;
        if events.is_multiple_of(65_536) {
            ctx.budget.check_time()?;
        }
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                let name = e.local_name();
                let name: &str = name.as_ref();
                match name {
                    "table" => {
                        table = Some(Table {
                            name: attr(&e, "name").unwrap_or_default(),
                            ..Table::default()
                        });
                    }
                    "table-column" => {
                        if let Some(t) = table.as_mut() {
                            let n = repeat(attr(&e, "number-columns-repeated"));
                            if collapsed(attr(&e, "visibility")) {
                                let lo = u32::try_from(t.col).unwrap_or(u32::MAX);
                                let hi =
                                    u32::try_from(t.col.saturating_add(n - 1)).unwrap_or(u32::MAX);
                                t.extras.hidden_cols.push((lo, hi));
                            }
                            t.col = t.col.saturating_add(n);
                        }
                    }
                    "table-row" => {
                        if let Some(t) = table.as_mut() {
                            row_repeat = repeat(attr(&e, "number-rows-repeated"));
                            if collapsed(attr(&e, "visibility")) {
                                t.hidden_rows
                                    .push((t.row, t.row.saturating_add(row_repeat - 1)));
                            }
                            t.col = 0;
                            if empty {
                                t.row = t.row.saturating_add(row_repeat);
                            }
                        }
                    }
                    "table-cell" | "covered-table-cell" => {
                        if let Some(t) = table.as_mut() {
                            let n = repeat(attr(&e, "number-columns-repeated"));
                            let valued = attr(&e, "value-type").is_some();
                            if empty {
                                if valued {
                                    count(t, &mut cells, row_repeat, n)?;
                                }
                                t.col = t.col.saturating_add(n);
                            } else {
                                pending_cell = Some((t.col, n, valued));
                                cell_has_text = false;
                            }
                        }
                    }
                    "annotation" if !empty => note = Some((String::new(), String::new())),
                    "creator" if note.is_some() && !empty => in_creator = true,
                    "p" if !empty => {
                        if let Some((_, text)) = note.as_mut() {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                        }
                        in_p = true;
                    }
                    "s" => {
                        let c = repeat(attr(&e, "c"));
                        if c > MAX_SPACES {
                            return Err(ExtractError::Limit(format!(
                                "content.xml asks for {c} repeated spaces"
                            )));
                        }
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if let Some((creator, text)) = note.as_mut() {
                    if in_creator {
                        creator.push_str(&t);
                    } else if in_p {
                        text.push_str(&t);
                    }
                } else if in_p && pending_cell.is_some() && !t.trim().is_empty() {
                    cell_has_text = true;
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "creator" => in_creator = false,
                "p" => in_p = false,
                "annotation" => {
                    if let (Some((author, text)), Some(t)) = (note.take(), table.as_mut()) {
                        let row = u32::try_from(t.row).unwrap_or(u32::MAX);
                        let col = pending_cell.map_or(t.col, |p| p.0);
                        let col = u32::try_from(col).unwrap_or(u32::MAX);
                        t.extras.comments.push((row, col, author, text));
                    }
                }
                "table-cell" | "covered-table-cell" => {
                    if let (Some((_, n, valued)), Some(t)) = (pending_cell.take(), table.as_mut()) {
                        if valued || cell_has_text {
                            count(t, &mut cells, row_repeat, n)?;
                        }
                        t.col = t.col.saturating_add(n);
                    }
                }
                "table-row" => {
                    if let Some(t) = table.as_mut() {
                        t.row = t.row.saturating_add(row_repeat);
                    }
                    row_repeat = 1;
                }
                "table" => {
                    if let Some(t) = table.take() {
                        let last = t.max_row.unwrap_or(0);
                        let mut extras = t.extras;
                        for (lo, hi) in t.hidden_rows {
                            let mut row = lo;
                            while row <= hi.min(last) {
                                extras
                                    .hidden_rows
                                    .insert(u32::try_from(row).unwrap_or(u32::MAX));
                                row += 1;
                            }
                        }
                        out.insert(t.name, extras);
                    }
                }
                _ => {}
            },
            XmlEvent::Eof => return Ok(out),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// Counts a used cell repeated `n` times in a row repeated `rows` times, and checks the
/// table's bounding box.
fn count(t: &mut Table, cells: &mut u64, rows: u64, n: u64) -> Result<(), ExtractError> {
    *cells = cells.saturating_add(rows.saturating_mul(n));
    let last_row = t.row.saturating_add(rows - 1);
    let last_col = t.col.saturating_add(n - 1);
    t.max_row = Some(t.max_row.map_or(last_row, |m| m.max(last_row)));
    t.max_col = t.max_col.max(last_col);
    let span = last_row
        .saturating_add(1)
        .saturating_mul(t.max_col.saturating_add(1));
    if *cells > MAX_CELLS as u64 || span > MAX_BOX_CELLS {
        return Err(ExtractError::Limit(format!(
            "ods sheet {} repeats cells beyond {} (a cell-repeat bomb)",
            t.name,
            if *cells > MAX_CELLS as u64 {
                format!("{MAX_CELLS} cells")
            } else {
                format!("{MAX_BOX_CELLS} cells of bounding box")
            }
        )));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    #[test]
    fn content_walk() -> Result<(), ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.ods",
            encoding: None,
        };
        let xml = r#"<office:document-content xmlns:office="o" xmlns:table="t" xmlns:text="x" xmlns:dc="d"><office:body><office:spreadsheet>
<table:table table:name="名单">
<table:table-column table:number-columns-repeated="2"/><table:table-column table:visibility="collapse"/>
<table:table-row><table:table-cell office:value-type="string"><text:p>姓名</text:p></table:table-cell></table:table-row>
<table:table-row table:visibility="collapse" table:number-rows-repeated="3"><table:table-cell table:number-columns-repeated="2"/><table:table-cell office:value-type="string"><office:annotation><dc:creator>张三</dc:creator><text:p>备注</text:p></office:annotation><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row table:number-rows-repeated="1048000"><table:table-cell table:number-columns-repeated="1024"/></table:table-row>
</table:table></office:spreadsheet></office:body></office:document-content>"#;
        let out = walk_content(xml.as_bytes(), &ctx)?;
        let t = out
            .get("名单")
            .ok_or(ExtractError::Corrupt("no table".into()))?;
        assert_eq!(t.hidden_cols, vec![(2, 2)]);
        assert_eq!(t.hidden_rows.len(), 3);
        assert!(t.hidden_rows.contains(&1) && t.hidden_rows.contains(&3));
        assert_eq!(
            t.comments,
            vec![(1, 2, "张三".to_string(), "备注".to_string())]
        );
        let bomb = r#"<table:table table:name="a"><table:table-row table:number-rows-repeated="999999999"><table:table-cell table:number-columns-repeated="999999999" office:value-type="float"/></table:table-row></table:table>"#;
        assert!(matches!(
            walk_content(bomb.as_bytes(), &ctx),
            Err(ExtractError::Limit(_))
        ));
        Ok(())
    }
}
