//! xlsx/xlsm (SpreadsheetML) and xlsb. Every member calamine will read is first inflated
//! through the bounded [`Package`] (zip bombs stop there) and XML with a DTD is refused;
//! the same pass reads what calamine does not expose: hidden rows (`<row hidden="1">`),
//! hidden columns (`<col hidden="1">`), headers/footers, and cell comments (legacy
//! `xl/comments*.xml` and threaded comments), mapped to sheets through `xl/workbook.xml`
//! and the relationships.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::Cursor;

use calamine::{Reader, Xlsb, XlsbError, Xlsx, XlsxError};

use super::{emit_defined_names, guarded, header_text, read_sheets, render_ref, SheetExtras};
use crate::extract::document::{DocumentBuilder, Part};
use crate::extract::limits::ExtractError;
use crate::extract::package::{resolve_target, Package};
use crate::extract::props::push_ooxml_properties;
use crate::extract::xml::{attr, attr_qualified, local, XmlEvent, XmlReader};
use crate::extract::{Ctx, Document};

/// Extracts an xlsx/xlsm/xlsb workbook.
pub fn extract_ooxml(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut pkg = Package::open(bytes, ctx.budget)?;
    let binary = pkg.has("xl/workbook.bin");
    let side = side_pass(&mut pkg, ctx)?;
    let format = if binary { "xlsb" } else { "xlsx" };
    let mut b = DocumentBuilder::new(format, ctx.budget.limits.max_text_bytes);
    let names = if binary {
        let mut wb: Xlsb<_> =
            guarded("xlsb", || Xlsb::new(Cursor::new(bytes)))?.map_err(xlsb_error)?;
        let sheets = wb.sheets_metadata().to_vec();
        read_sheets(
            &mut b,
            ctx,
            &sheets,
            "xlsb",
            |_, name| Cow::Owned(side.extras_for(name)),
            |name, sink| {
                let mut cells = wb.worksheet_cells_reader(name).map_err(xlsb_error)?;
                while let Some(cell) = cells.next_cell().map_err(xlsb_error)? {
                    let (r, c) = cell.get_position();
                    sink.add(r, c, render_ref(cell.get_value()))?;
                }
                Ok(())
            },
        )?;
        wb.defined_names().to_vec()
    } else {
        let mut wb: Xlsx<_> =
            guarded("xlsx", || Xlsx::new(Cursor::new(bytes)))?.map_err(xlsx_error)?;
        let sheets = wb.sheets_metadata().to_vec();
        read_sheets(
            &mut b,
            ctx,
            &sheets,
            "xlsx",
            |_, name| Cow::Owned(side.extras_for(name)),
            |name, sink| {
                let mut cells = wb.worksheet_cells_reader(name).map_err(xlsx_error)?;
                while let Some(cell) = cells.next_cell().map_err(xlsx_error)? {
                    let (r, c) = cell.get_position();
                    sink.add(r, c, render_ref(cell.get_value()))?;
                }
                Ok(())
            },
        )?;
        wb.defined_names().to_vec()
    };
    emit_defined_names(&mut b, &names)?;
    push_ooxml_properties(&mut pkg, &mut b, ctx)?;
    b.end_block();
    for (i, name) in side.embeddings {
        let content = pkg.read_index(i);
        b.member(name, content, true);
    }
    Ok(b.finish())
}

fn xlsx_error(e: XlsxError) -> ExtractError {
    match e {
        XlsxError::Password => ExtractError::Encrypted("xlsx workbook".into()),
        other => ExtractError::Corrupt(format!("xlsx: {other}")),
    }
}

fn xlsb_error(e: XlsbError) -> ExtractError {
    match e {
        XlsbError::Password => ExtractError::Encrypted("xlsb workbook".into()),
        other => ExtractError::Corrupt(format!("xlsb: {other}")),
    }
}

/// What the side pass found, keyed by part path.
#[derive(Default)]
struct Side {
    /// Sheet name → sheet part path.
    sheet_parts: HashMap<String, String>,
    /// Sheet part path → hidden rows/columns and headers.
    sheets: HashMap<String, SheetExtras>,
    /// Sheet part path → comment part paths (legacy, threaded).
    comment_parts: HashMap<String, (Vec<String>, Vec<String>)>,
    /// Comment part path → comments.
    comments: HashMap<String, Vec<(u32, u32, String, String)>>,
    /// Threaded comment part path → (row, col, person id, text).
    threaded: HashMap<String, Vec<(u32, u32, String, String)>>,
    /// Person id → display name.
    persons: HashMap<String, String>,
    /// Embedded files (member index, path).
    embeddings: Vec<(usize, String)>,
}

impl Side {
    fn extras_for(&self, sheet: &str) -> SheetExtras {
        let mut out = SheetExtras::default();
        let Some(path) = self.sheet_parts.get(sheet) else {
            return out;
        };
        if let Some(s) = self.sheets.get(path) {
            out.hidden_rows = s.hidden_rows.clone();
            out.hidden_cols = s.hidden_cols.clone();
            out.headers = s.headers.clone();
        }
        if let Some((legacy, threaded)) = self.comment_parts.get(path) {
            let mut threaded_cells = Vec::new();
            for part in threaded {
                for (r, c, person, text) in self.threaded.get(part).into_iter().flatten() {
                    let author = self.persons.get(person).cloned().unwrap_or_default();
                    out.comments.push((*r, *c, author, text.clone()));
                    threaded_cells.push((*r, *c));
                }
            }
            for part in legacy {
                for comment in self.comments.get(part).into_iter().flatten() {
                    if !threaded_cells.contains(&(comment.0, comment.1)) {
                        out.comments.push(comment.clone());
                    }
                }
            }
        }
        out
    }
}

/// Inflates every member calamine reads (bounded), refuses DTDs, and parses the parts
/// that say what is hidden and what is commented.
fn side_pass(pkg: &mut Package, ctx: &Ctx) -> Result<Side, ExtractError> {
    let mut side = Side::default();
    let mut rels: HashMap<String, Vec<(String, String, String)>> = HashMap::new();
    let mut workbook: Option<Vec<u8>> = None;
    let names: Vec<String> = pkg.names().to_vec();
    for (i, name) in names.iter().enumerate() {
        if pkg.is_dir(i) {
            continue;
        }
        if name.starts_with("xl/embeddings/") {
            side.embeddings.push((i, name.clone()));
            continue;
        }
        if name.starts_with("xl/media/")
            || name.starts_with("xl/printerSettings/")
            || name.ends_with("vbaProject.bin")
        {
            continue;
        }
        let data = pkg.read_index(i)?;
        let xmlish = name.ends_with(".xml") || name.ends_with(".rels") || name.ends_with(".vml");
        if xmlish && memchr::memmem::find(&data, b"<!DOCTYPE").is_some() {
            return Err(ExtractError::Limit(format!(
                "{name}: XML with a DTD (entity declarations can expand without bound; \
                 no office format needs one)"
            )));
        }
        if !xmlish {
            continue;
        }
        let depth = ctx.budget.limits.max_xml_depth;
        if name == "xl/workbook.xml" {
            workbook = Some(data);
        } else if name.ends_with(".rels") {
            rels.insert(name.clone(), parse_rels(&data, name, depth)?);
        } else if name.starts_with("xl/worksheets/") || name.starts_with("xl/macrosheets/") {
            side.sheets
                .insert(name.clone(), parse_sheet(&data, name, depth, ctx)?);
        } else if name.starts_with("xl/threadedComments/") {
            side.threaded
                .insert(name.clone(), parse_threaded(&data, name, depth)?);
        } else if name.starts_with("xl/comments") {
            side.comments
                .insert(name.clone(), parse_comments(&data, name, depth)?);
        } else if name.starts_with("xl/persons/") {
            parse_persons(&data, name, depth, &mut side.persons)?;
        }
    }
    // Sheet names → parts, through the workbook's relationships.
    let wb_rels = rels
        .get("xl/_rels/workbook.xml.rels")
        .cloned()
        .unwrap_or_default();
    if let Some(xml) = workbook {
        let depth = ctx.budget.limits.max_xml_depth;
        for (sheet, rid) in parse_workbook_sheets(&xml, depth)? {
            if let Some((_, _, target)) = wb_rels.iter().find(|(id, _, _)| *id == rid) {
                side.sheet_parts
                    .insert(sheet, resolve_target("xl/workbook.xml", target));
            }
        }
    }
    // Sheet parts → their comment parts.
    let sheet_paths: Vec<String> = side.sheet_parts.values().cloned().collect();
    for path in sheet_paths {
        let rels_path = match path.rsplit_once('/') {
            Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
            None => format!("_rels/{path}.rels"),
        };
        let mut legacy = Vec::new();
        let mut threaded = Vec::new();
        for (_, typ, target) in rels.get(&rels_path).into_iter().flatten() {
            let target = resolve_target(&path, target);
            if typ.ends_with("/comments") {
                legacy.push(target);
            } else if typ.ends_with("/threadedComment") {
                threaded.push(target);
            }
        }
        side.comment_parts.insert(path, (legacy, threaded));
    }
    Ok(side)
}

/// `(Id, Type, Target)` of each relationship.
fn parse_rels(
    xml: &[u8],
    what: &str,
    depth: usize,
) -> Result<Vec<(String, String, String)>, ExtractError> {
    let mut r = XmlReader::new(xml, depth, what);
    let mut out = Vec::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } if local(&e) == "Relationship" => {
                if attr(&e, "TargetMode").as_deref() == Some("External") {
                    continue;
                }
                if let (Some(id), Some(target)) = (attr(&e, "Id"), attr(&e, "Target")) {
                    out.push((id, attr(&e, "Type").unwrap_or_default(), target));
                }
            }
            XmlEvent::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// `(name, r:id)` of each `<sheet>` in `xl/workbook.xml`.
fn parse_workbook_sheets(xml: &[u8], depth: usize) -> Result<Vec<(String, String)>, ExtractError> {
    let mut r = XmlReader::new(xml, depth, "xl/workbook.xml");
    let mut out = Vec::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } if local(&e) == "sheet" => {
                let rid = attr_qualified(&e, "r:id").or_else(|| attr(&e, "id"));
                if let (Some(name), Some(rid)) = (attr(&e, "name"), rid) {
                    out.push((name, rid));
                }
            }
            XmlEvent::Eof => return Ok(out),
            _ => {}
        }
    }
}

fn truthy(v: Option<String>) -> bool {
    matches!(v.as_deref(), Some("1" | "true"))
}

fn zero(v: Option<String>) -> bool {
    v.and_then(|s| s.parse::<f64>().ok())
        .is_some_and(|f| f == 0.0)
}

/// Hidden rows and columns and header/footer texts of one sheet part.
fn parse_sheet(
    xml: &[u8],
    what: &str,
    depth: usize,
    ctx: &Ctx,
) -> Result<SheetExtras, ExtractError> {
    let mut r = XmlReader::new(xml, depth, what);
    let mut out = SheetExtras::default();
    let mut next_row: u32 = 0;
    let mut header: Option<(Part, String)> = None;
    let mut text = String::new();
    let mut rows = 0usize;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => match e.local_name().as_ref() {
                "row" => {
                    rows += 1;
                    if rows.is_multiple_of(4096) {
                        ctx.budget.check_time()?;
                    }
                    let row = attr(&e, "r")
                        .and_then(|v| v.trim().parse::<u32>().ok())
                        .and_then(|v| v.checked_sub(1))
                        .unwrap_or(next_row);
                    next_row = row.saturating_add(1);
                    let zero_height = zero(attr(&e, "ht")) && truthy(attr(&e, "customHeight"));
                    if truthy(attr(&e, "hidden")) || zero_height {
                        out.hidden_rows.insert(row);
                    }
                }
                "col" => {
                    let min = attr(&e, "min").and_then(|v| v.trim().parse::<u32>().ok());
                    let max = attr(&e, "max").and_then(|v| v.trim().parse::<u32>().ok());
                    let hidden = truthy(attr(&e, "hidden"))
                        || (zero(attr(&e, "width")) && truthy(attr(&e, "customWidth")));
                    if let (true, Some(min), Some(max)) = (hidden, min, max) {
                        let lo = min.saturating_sub(1);
                        out.hidden_cols.push((lo, max.saturating_sub(1).max(lo)));
                    }
                }
                name @ ("oddHeader" | "evenHeader" | "firstHeader" | "oddFooter" | "evenFooter"
                | "firstFooter")
                    if !empty =>
                {
                    let part = if name.ends_with("Header") {
                        Part::Header
                    } else {
                        Part::Footer
                    };
                    header = Some((part, name.to_string()));
                    text.clear();
                }
                _ => {}
            },
            XmlEvent::Text(t) => {
                if header.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { local } => {
                if local.ends_with("Header") || local.ends_with("Footer") {
                    if let Some((part, field)) = header.take() {
                        let clean = header_text(&text);
                        if !clean.is_empty() {
                            out.headers.push((part, field, clean));
                        }
                    }
                }
            }
            XmlEvent::Eof => return Ok(out),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// `A4` → (3, 0), 0-based.
pub(crate) fn parse_a1(s: &str) -> Option<(u32, u32)> {
    let s = s.trim().trim_start_matches('$');
    let split = s.find(|c: char| c.is_ascii_digit())?;
    let (letters, digits) = s.split_at(split);
    let letters = letters.trim_end_matches('$');
    if letters.is_empty() || letters.len() > 3 {
        return None;
    }
    let mut col: u32 = 0;
    for c in letters.chars() {
        if !c.is_ascii_alphabetic() {
            return None;
        }
        col = col * 26 + (c.to_ascii_uppercase() as u32 - 'A' as u32 + 1);
    }
    let row: u32 = digits.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// Legacy comments: `<authors>` then `<comment ref authorId><text>…<t>…</t>`. Phonetic
/// runs (`rPh`) are skipped.
fn parse_comments(
    xml: &[u8],
    what: &str,
    depth: usize,
) -> Result<Vec<(u32, u32, String, String)>, ExtractError> {
    let mut r = XmlReader::new(xml, depth, what);
    let mut authors: Vec<String> = Vec::new();
    let mut out = Vec::new();
    let mut in_author = false;
    let mut author = String::new();
    let mut current: Option<(u32, u32, usize)> = None;
    let mut in_t = false;
    let mut in_rph = false;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => match e.local_name().as_ref() {
                "author" if !empty => {
                    in_author = true;
                    author.clear();
                }
                "comment" => {
                    let pos = attr(&e, "ref").and_then(|v| parse_a1(&v));
                    let id = attr(&e, "authorId")
                        .and_then(|v| v.parse::<usize>().ok())
                        .unwrap_or(usize::MAX);
                    current = pos.map(|(r, c)| (r, c, id));
                    text.clear();
                }
                "t" if !empty => in_t = true,
                "rPh" if !empty => in_rph = true,
                _ => {}
            },
            XmlEvent::Text(t) => {
                if in_author {
                    author.push_str(&t);
                } else if in_t && !in_rph && current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "author" => {
                    in_author = false;
                    authors.push(std::mem::take(&mut author));
                }
                "t" => in_t = false,
                "rPh" => in_rph = false,
                "comment" => {
                    if let Some((row, col, id)) = current.take() {
                        let who = authors.get(id).cloned().unwrap_or_default();
                        out.push((row, col, who, std::mem::take(&mut text)));
                    }
                }
                _ => {}
            },
            XmlEvent::Eof => return Ok(out),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// Threaded comments (Excel 365): `<threadedComment ref personId><text>…</text>`.
fn parse_threaded(
    xml: &[u8],
    what: &str,
    depth: usize,
) -> Result<Vec<(u32, u32, String, String)>, ExtractError> {
    let mut r = XmlReader::new(xml, depth, what);
    let mut out = Vec::new();
    let mut current: Option<(u32, u32, String)> = None;
    let mut in_text = false;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => match e.local_name().as_ref() {
                "threadedComment" => {
                    let pos = attr(&e, "ref").and_then(|v| parse_a1(&v));
                    let person = attr(&e, "personId").unwrap_or_default();
                    current = pos.map(|(r, c)| (r, c, person));
                    text.clear();
                }
                "text" if !empty => in_text = true,
                _ => {}
            },
            XmlEvent::Text(t) => {
                if in_text && current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "text" => in_text = false,
                "threadedComment" => {
                    if let Some((row, col, person)) = current.take() {
                        out.push((row, col, person, std::mem::take(&mut text)));
                    }
                }
                _ => {}
            },
            XmlEvent::Eof => return Ok(out),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// `<person displayName id>` of `xl/persons/person.xml`.
fn parse_persons(
    xml: &[u8],
    what: &str,
    depth: usize,
    out: &mut HashMap<String, String>,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, depth, what);
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } if local(&e) == "person" => {
                if let (Some(id), Some(name)) = (attr(&e, "id"), attr(&e, "displayName")) {
                    out.insert(id, name);
                }
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_parses() {
        assert_eq!(parse_a1("A1"), Some((0, 0)));
        assert_eq!(parse_a1("C4"), Some((3, 2)));
        assert_eq!(parse_a1("$AB$10"), Some((9, 27)));
        assert_eq!(parse_a1("A0"), None);
        assert_eq!(parse_a1("1A"), None);
        assert_eq!(parse_a1("ZZZZ1"), None);
    }

    #[test]
    fn sheet_side_pass_finds_hidden_rows_cols_and_headers() -> Result<(), ExtractError> {
        let budget = crate::extract::Budget::new(crate::extract::Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.xlsx",
            encoding: None,
        };
        let xml = r#"<worksheet><cols><col min="3" max="4" hidden="1"/></cols>
<sheetData><row r="2" hidden="1"><c r="A2"/></row><row><c/></row>
<row r="7" ht="0" customHeight="1"/></sheetData>
<headerFooter><oddHeader>&amp;C&amp;"宋体"机密★1年</oddHeader><oddFooter>&amp;R第&amp;P页</oddFooter></headerFooter></worksheet>"#;
        let s = parse_sheet(xml.as_bytes(), "s.xml", 64, &ctx)?;
        assert!(s.hidden_rows.contains(&1));
        assert!(!s.hidden_rows.contains(&2));
        assert!(s.hidden_rows.contains(&6));
        assert_eq!(s.hidden_cols, vec![(2, 3)]);
        assert_eq!(
            s.headers,
            vec![
                (
                    Part::Header,
                    "oddHeader".to_string(),
                    "机密★1年".to_string()
                ),
                (Part::Footer, "oddFooter".to_string(), "第页".to_string())
            ]
        );
        Ok(())
    }

    #[test]
    fn comments_with_authors() -> Result<(), ExtractError> {
        let xml = "<comments><authors><author>张三</author></authors><commentList>\
<comment ref=\"B3\" authorId=\"0\"><text><r><rPr/><t>身份证</t></r><r><t>号</t></r>\
<rPh><t>x</t></rPh></text></comment></commentList></comments>";
        let c = parse_comments(xml.as_bytes(), "c.xml", 64)?;
        assert_eq!(c, vec![(2, 1, "张三".to_string(), "身份证号".to_string())]);
        Ok(())
    }
}
