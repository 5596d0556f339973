//! Renders a generated [`Doc`] into a file format: plain text (UTF-8 or GBK), CSV (UTF-8
//! or GBK), HTML, docx, xlsx (with hidden columns) and PDF (see [`super::pdf`]).
//!
//! Every writer is deterministic: no clocks (zip entries carry the fixed DOS epoch), no
//! hash-map order. Labeled values are written verbatim, so they can be found again in the
//! decoded text; table cells may hold line breaks only in formats that have cells.

use std::io::{self, Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

use super::doc::{Block, Doc, Table};

/// A file format of the corpus; the format of a document is its file extension.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Fmt {
    Txt,
    TxtGbk,
    Csv,
    CsvGbk,
    Html,
    Docx,
    Xlsx,
    Pdf,
}

impl Fmt {
    pub const ALL: [Fmt; 8] = [
        Fmt::Txt,
        Fmt::TxtGbk,
        Fmt::Csv,
        Fmt::CsvGbk,
        Fmt::Html,
        Fmt::Docx,
        Fmt::Xlsx,
        Fmt::Pdf,
    ];

    pub fn ext(self) -> &'static str {
        match self {
            Fmt::Txt | Fmt::TxtGbk => "txt",
            Fmt::Csv | Fmt::CsvGbk => "csv",
            Fmt::Html => "html",
            Fmt::Docx => "docx",
            Fmt::Xlsx => "xlsx",
            Fmt::Pdf => "pdf",
        }
    }

    /// Appended to the file stem so a reader of the corpus sees the encoding.
    pub fn stem_suffix(self) -> &'static str {
        if self.is_gbk() {
            "-gbk"
        } else {
            ""
        }
    }

    pub fn is_gbk(self) -> bool {
        matches!(self, Fmt::TxtGbk | Fmt::CsvGbk)
    }

    /// Formats whose table cells can hold a line break.
    pub fn cell_breaks(self) -> bool {
        matches!(
            self,
            Fmt::Csv | Fmt::CsvGbk | Fmt::Html | Fmt::Docx | Fmt::Xlsx
        )
    }

    /// Formats with no paragraphs: prose goes into one-cell rows.
    pub fn is_sheet(self) -> bool {
        matches!(self, Fmt::Csv | Fmt::CsvGbk | Fmt::Xlsx)
    }
}

/// The bytes of `doc` in `fmt`; `style` picks small presentation variants (line endings,
/// table separators, heading markup).
pub fn render(doc: &Doc, fmt: Fmt, style: usize) -> io::Result<Vec<u8>> {
    match fmt {
        Fmt::Txt => Ok(txt(doc, style).into_bytes()),
        Fmt::TxtGbk => gbk(&txt(doc, style)),
        Fmt::Csv => Ok(csv(doc)?.into_bytes()),
        Fmt::CsvGbk => gbk(&csv(doc)?),
        Fmt::Html => Ok(html(doc, style).into_bytes()),
        Fmt::Docx => docx(doc),
        Fmt::Xlsx => xlsx(doc),
        Fmt::Pdf => Ok(super::pdf::pdf(doc)),
    }
}

fn gbk(text: &str) -> io::Result<Vec<u8>> {
    let (bytes, _, unmappable) = encoding_rs::GBK.encode(text);
    if unmappable {
        return Err(io::Error::other(
            "a character of a GBK document has no GBK code",
        ));
    }
    Ok(bytes.into_owned())
}

fn txt(doc: &Doc, style: usize) -> String {
    let sep = if style % 3 == 2 { "  " } else { "\t" };
    let mut lines: Vec<String> = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) => {
                lines.push(format!(
                    "{}{t}",
                    if style.is_multiple_of(2) {
                        ""
                    } else {
                        "        "
                    }
                ));
                lines.push(String::new());
            }
            Block::Para(p) => lines.push(p.clone()),
            Block::Table(t) => {
                lines.extend(t.rows.iter().map(|row| row.join(sep)));
                lines.push(String::new());
            }
        }
    }
    let eol = if style % 4 == 1 { "\r\n" } else { "\n" };
    let mut out = lines.join(eol);
    out.push_str(eol);
    out
}

fn csv(doc: &Doc) -> io::Result<String> {
    let mut w = ::csv::WriterBuilder::new()
        .flexible(true)
        .from_writer(Vec::new());
    for block in &doc.blocks {
        match block {
            Block::Title(s) | Block::Para(s) => w.write_record([s.as_str()])?,
            Block::Table(t) => {
                for row in &t.rows {
                    w.write_record(row)?;
                }
            }
        }
    }
    let bytes = w
        .into_inner()
        .map_err(|e| io::Error::other(e.to_string()))?;
    String::from_utf8(bytes).map_err(|e| io::Error::other(e.to_string()))
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn html(doc: &Doc, style: usize) -> String {
    // The page title is the site's, not the document's: a repeated document title would
    // be read twice and its labeled words would need two truth lines.
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>政府信息公开</title>\n</head>\n<body>\n<div class=\"article\">\n",
    );
    for block in &doc.blocks {
        match block {
            Block::Title(t) if style.is_multiple_of(2) => {
                out.push_str(&format!("<h1>{}</h1>\n", escape(t)));
            }
            Block::Title(t) => out.push_str(&format!(
                "<p style=\"text-align:center\"><strong>{}</strong></p>\n",
                escape(t)
            )),
            Block::Para(p) => {
                out.push_str(&format!("<p style=\"text-indent:2em\">{}</p>\n", escape(p)))
            }
            Block::Table(t) => html_table(t, &mut out),
        }
    }
    out.push_str("</div>\n</body>\n</html>\n");
    out
}

fn html_table(t: &Table, out: &mut String) {
    out.push_str("<table border=\"1\" cellspacing=\"0\" cellpadding=\"4\">\n");
    for (r, row) in t.rows.iter().enumerate() {
        out.push_str("<tr>");
        let tag = if r == 0 { "th" } else { "td" };
        for cell in row {
            let body = escape(cell).replace('\n', "<br>");
            out.push_str(&format!("<{tag}>{body}</{tag}>"));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
}

/// A zip package with fixed timestamps, entries in the given order.
pub fn package(parts: &[(&str, String)]) -> io::Result<Vec<u8>> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default()
        .compression_method(CompressionMethod::Deflated)
        .last_modified_time(DateTime::default());
    for (name, body) in parts {
        zip.start_file(*name, options).map_err(io::Error::other)?;
        zip.write_all(body.as_bytes())?;
    }
    let cursor = zip.finish().map_err(io::Error::other)?;
    Ok(cursor.into_inner())
}

const DOCX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const DOCX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// Runs of a paragraph: text split at line breaks, joined by `<w:br/>`.
fn docx_runs(text: &str, props: &str) -> String {
    let mut out = String::new();
    for (i, line) in text.split('\n').enumerate() {
        if i > 0 {
            out.push_str("<w:r><w:br/></w:r>");
        }
        out.push_str(&format!(
            "<w:r>{props}<w:t xml:space=\"preserve\">{}</w:t></w:r>",
            escape(line)
        ));
    }
    out
}

fn docx(doc: &Doc) -> io::Result<Vec<u8>> {
    const FONT: &str = r#"<w:rPr><w:rFonts w:ascii="仿宋_GB2312" w:eastAsia="仿宋_GB2312"/><w:sz w:val="32"/></w:rPr>"#;
    let mut body = String::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) => body.push_str(&format!(
                r#"<w:p><w:pPr><w:jc w:val="center"/></w:pPr>{}</w:p>"#,
                docx_runs(t, r#"<w:rPr><w:rFonts w:eastAsia="方正小标宋简体"/><w:b/><w:sz w:val="44"/></w:rPr>"#)
            )),
            Block::Para(p) => body.push_str(&format!(
                r#"<w:p><w:pPr><w:ind w:firstLineChars="200"/></w:pPr>{}</w:p>"#,
                docx_runs(p, FONT)
            )),
            Block::Table(t) => {
                body.push_str(r#"<w:tbl><w:tblPr><w:tblBorders><w:top w:val="single"/><w:bottom w:val="single"/><w:insideH w:val="single"/><w:insideV w:val="single"/></w:tblBorders></w:tblPr>"#);
                for row in &t.rows {
                    body.push_str("<w:tr>");
                    for cell in row {
                        body.push_str(&format!("<w:tc><w:p>{}</w:p></w:tc>", docx_runs(cell, "")));
                    }
                    body.push_str("</w:tr>");
                }
                body.push_str("</w:tbl><w:p/>");
            }
        }
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}<w:sectPr><w:pgSz w:w="11906" w:h="16838"/></w:sectPr></w:body></w:document>"#
    );
    package(&[
        ("[Content_Types].xml", DOCX_TYPES.to_string()),
        ("_rels/.rels", DOCX_RELS.to_string()),
        ("word/document.xml", document),
    ])
}

const XLSX_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const XLSX_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const XLSX_WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const XLSX_WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#;

/// A short plain integer (序号, a whole amount) is stored as a number, like a real sheet;
/// everything else (IDs, phones, cards) as text so no digit is lost.
fn is_small_number(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 7
        && s.bytes().all(|b| b.is_ascii_digit())
        && !(s.len() > 1 && s.starts_with('0'))
}

fn xlsx_cell(r: usize, c: usize, text: &str) -> String {
    let at = crate::extract::document::a1(r as u32, c as u32 + 1);
    if is_small_number(text) {
        format!("<c r=\"{at}\"><v>{text}</v></c>")
    } else {
        format!(
            "<c r=\"{at}\" t=\"inlineStr\"><is><t xml:space=\"preserve\">{}</t></is></c>",
            escape(text)
        )
    }
}

/// One sheet: the title and paragraphs in column A, tables below; a table's hidden
/// columns are hidden for the whole sheet (`<col hidden="1">` before `<sheetData>`).
fn xlsx(doc: &Doc) -> io::Result<Vec<u8>> {
    let mut data = String::new();
    let mut hidden: Vec<usize> = Vec::new();
    let mut r = 0usize;
    for block in &doc.blocks {
        match block {
            Block::Title(s) | Block::Para(s) => {
                r += 1;
                data.push_str(&format!("<row r=\"{r}\">{}</row>", xlsx_cell(r, 0, s)));
            }
            Block::Table(t) => {
                hidden.extend(&t.hidden_cols);
                for row in &t.rows {
                    r += 1;
                    data.push_str(&format!("<row r=\"{r}\">"));
                    for (c, cell) in row.iter().enumerate() {
                        data.push_str(&xlsx_cell(r, c, cell));
                    }
                    data.push_str("</row>");
                }
            }
        }
    }
    hidden.sort_unstable();
    hidden.dedup();
    let cols: String = if hidden.is_empty() {
        String::new()
    } else {
        let list: String = hidden
            .iter()
            .map(|c| {
                format!(
                    "<col min=\"{n}\" max=\"{n}\" width=\"0\" hidden=\"1\"/>",
                    n = c + 1
                )
            })
            .collect();
        format!("<cols>{list}</cols>")
    };
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">{cols}<sheetData>{data}</sheetData></worksheet>"#
    );
    package(&[
        ("[Content_Types].xml", XLSX_TYPES.to_string()),
        ("_rels/.rels", XLSX_RELS.to_string()),
        ("xl/workbook.xml", XLSX_WORKBOOK.to_string()),
        ("xl/_rels/workbook.xml.rels", XLSX_WORKBOOK_RELS.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::doc::Text;

    fn sample() -> Doc {
        let mut doc = Doc::new("通知");
        doc.title("关于开展复核工作的通知");
        doc.line("各街道：现将有关事项通知如下。");
        doc.table(
            vec![
                vec![Text::plain("姓名"), Text::plain("住址")],
                vec![Text::plain("张某"), Text::plain("开福区\n清水塘街道")],
            ],
            vec![1],
        );
        doc
    }

    #[test]
    fn every_format_renders_deterministically() -> io::Result<()> {
        let doc = sample();
        for fmt in Fmt::ALL {
            let a = render(&doc, fmt, 1)?;
            let b = render(&doc, fmt, 1)?;
            assert!(!a.is_empty(), "{fmt:?}");
            assert_eq!(a, b, "{fmt:?}");
        }
        Ok(())
    }

    #[test]
    fn xlsx_hides_columns_before_sheet_data() -> io::Result<()> {
        let bytes = render(&sample(), Fmt::Xlsx, 0)?;
        let mut zip = zip::ZipArchive::new(Cursor::new(bytes)).map_err(io::Error::other)?;
        let mut sheet = String::new();
        io::Read::read_to_string(
            &mut zip
                .by_name("xl/worksheets/sheet1.xml")
                .map_err(io::Error::other)?,
            &mut sheet,
        )?;
        let cols = sheet.find("<col min=\"2\" max=\"2\"").unwrap_or(usize::MAX);
        let data = sheet.find("<sheetData>").unwrap_or(0);
        assert!(cols < data, "{sheet}");
        Ok(())
    }

    #[test]
    fn gbk_refuses_unmappable_text() {
        assert!(gbk("阿卜杜拉•买买提").is_err());
        assert!(gbk("阿卜杜拉·买买提").is_ok());
    }
}
