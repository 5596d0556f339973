//! Synthetic documents in real formats (docx, xlsx, pdf) for benchmarks and tests: built in
//! memory from generated text, so no binary fixture is needed to measure extraction.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

fn escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
}

fn package(parts: &[(&str, String)]) -> Vec<u8> {
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, body) in parts {
        // Writing into a Vec cannot fail short of allocation failure.
        let _ = zip.start_file(*name, options);
        let _ = zip.write_all(body.as_bytes());
    }
    zip.finish().map(|c| c.into_inner()).unwrap_or_default()
}

const CONTENT_TYPES_DOCX: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
const RELS_DOCX: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

/// A docx with one paragraph per entry of `paragraphs` and a table of `rows` (first row
/// the header).
pub fn docx(paragraphs: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut body = String::new();
    for p in paragraphs {
        body.push_str("<w:p><w:r><w:t xml:space=\"preserve\">");
        body.push_str(&escape(p));
        body.push_str("</w:t></w:r></w:p>");
    }
    if !rows.is_empty() {
        body.push_str("<w:tbl>");
        for row in rows {
            body.push_str("<w:tr>");
            for cell in row {
                body.push_str("<w:tc><w:p><w:r><w:t>");
                body.push_str(&escape(cell));
                body.push_str("</w:t></w:r></w:p></w:tc>");
            }
            body.push_str("</w:tr>");
        }
        body.push_str("</w:tbl>");
    }
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>{body}</w:body></w:document>"#
    );
    package(&[
        ("[Content_Types].xml", CONTENT_TYPES_DOCX.to_string()),
        ("_rels/.rels", RELS_DOCX.to_string()),
        ("word/document.xml", document),
    ])
}

/// An xlsx with one sheet holding `rows` as inline strings.
pub fn xlsx(rows: &[Vec<String>]) -> Vec<u8> {
    let mut data = String::new();
    for (r, row) in rows.iter().enumerate() {
        data.push_str(&format!("<row r=\"{}\">", r + 1));
        for (c, cell) in row.iter().enumerate() {
            let col = crate::extract::document::a1(r as u32 + 1, c as u32 + 1);
            data.push_str(&format!(
                "<c r=\"{col}\" t=\"inlineStr\"><is><t>{}</t></is></c>",
                escape(cell)
            ));
        }
        data.push_str("</row>");
    }
    let sheet = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>{data}</sheetData></worksheet>"#
    );
    package(&[
        ("[Content_Types].xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#.to_string()),
        ("_rels/.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#.to_string()),
        ("xl/workbook.xml", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>"#.to_string()),
        ("xl/_rels/workbook.xml.rels", r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>"#.to_string()),
        ("xl/worksheets/sheet1.xml", sheet),
    ])
}

/// A PDF with one page per entry, each page's lines in Helvetica (ASCII only: the standard
/// fonts have no CJK glyphs).
pub fn pdf(pages: &[Vec<String>]) -> Vec<u8> {
    let mut doc = oxidize_pdf::Document::new();
    for lines in pages {
        let mut page = oxidize_pdf::Page::a4();
        let mut y = 800.0;
        for line in lines {
            let _ = page
                .text()
                .set_font(oxidize_pdf::text::Font::Helvetica, 10.0)
                .at(40.0, y)
                .write(line);
            y -= 14.0;
        }
        doc.add_page(page);
    }
    doc.to_bytes().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packages_are_zips() {
        let d = docx(&["通知".to_string()], &[vec!["姓名".into(), "电话".into()]]);
        assert!(d.starts_with(b"PK\x03\x04"));
        let x = xlsx(&[vec!["a".into()]]);
        assert!(x.starts_with(b"PK\x03\x04"));
        let p = pdf(&[vec!["Tel 13800138000".into()]]);
        assert!(p.starts_with(b"%PDF-"));
    }
}
