use std::io::Write;

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

use super::*;
use crate::extract::document::Segment;
use crate::extract::limits::{Budget, Limits};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:v="urn:schemas-microsoft-com:vml""#;

const PKG_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

fn zip(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn body(inner: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{inner}</w:body></w:document>"#
    )
}

fn rels(items: &[(&str, &str, &str)]) -> String {
    let mut s = String::from(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">"#,
    );
    for (id, kind, target) in items {
        let mode = if target.contains(':') {
            r#" TargetMode="External""#
        } else {
            ""
        };
        s.push_str(&format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"{mode}/>"#
        ));
    }
    s.push_str("</Relationships>");
    s
}

fn extract_files(files: &[(&str, &[u8])]) -> Result<Document, ExtractError> {
    let bytes = zip(files);
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.docx",
        encoding: None,
    };
    let mut pkg = Package::open(&bytes, &budget)?;
    extract(&mut pkg, &ctx)
}

/// A package with a body only.
fn extract_body(inner: &str) -> Result<Document, ExtractError> {
    let doc = body(inner);
    extract_files(&[
        ("_rels/.rels", PKG_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ])
}

fn seg<'d>(doc: &'d Document, needle: &str) -> &'d Segment {
    let at = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.text));
    let s = doc.segment_at(at).unwrap();
    assert!(s.end >= at + needle.len(), "{needle:?} spans segments");
    s
}

/// Segments whose text is exactly `text`.
fn exact<'d>(doc: &'d Document, text: &str) -> Vec<&'d Segment> {
    doc.segments
        .iter()
        .filter(|s| doc.text.get(s.start..s.end) == Some(text))
        .collect()
}

fn p(runs: &str) -> String {
    format!("<w:p>{runs}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

#[test]
fn runs_join_and_hidden_channels_get_their_own_segments() -> Result<(), ExtractError> {
    let xml = [
        p(&r("通知")),
        p(&format!(
            "{}{}<w:del w:id=\"1\" w:author=\"a\"><w:r><w:delText>13912345678</w:delText></w:r></w:del>{}{}{}{}",
            r("身份证号1101051949"),
            r("1231002X"),
            r("，电话"),
            r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>430102198001010011</w:t></w:r>"#,
            r#"<w:r><w:instrText> INCLUDETEXT "C:\\Users\\张三\\a.docx" </w:instrText></w:r>"#,
            r#"<w:ins w:id="2"><w:r><w:t>13800138000</w:t></w:r></w:ins>"#,
        )),
        "<w:p/>".to_string(),
        p(r#"<w:r><w:rPr><w:vanish w:val="0"/></w:rPr><w:t>看得见</w:t></w:r>"#),
    ]
    .concat();
    let doc = extract_body(&xml)?;
    let s = seg(&doc, "通知");
    assert_eq!(
        (s.loc.paragraph, s.loc.part, s.loc.hidden),
        (Some(1), Part::Body, false)
    );
    let s = seg(&doc, "身份证号11010519491231002X，电话13800138000");
    assert_eq!(
        (s.loc.paragraph, s.loc.part, s.loc.hidden),
        (Some(2), Part::Body, false)
    );
    let s = seg(&doc, "13912345678");
    assert_eq!(
        (s.loc.paragraph, s.loc.part, s.loc.hidden),
        (Some(2), Part::TrackedChange, true)
    );
    let s = seg(&doc, "430102198001010011");
    assert_eq!(
        (s.loc.paragraph, s.loc.part, s.loc.hidden),
        (Some(2), Part::HiddenText, true)
    );
    let s = seg(&doc, "INCLUDETEXT");
    assert_eq!(
        (s.loc.paragraph, s.loc.part, s.loc.hidden),
        (Some(2), Part::FieldCode, true)
    );
    // The empty paragraph still counts.
    let s = seg(&doc, "看得见");
    assert_eq!((s.loc.paragraph, s.loc.hidden), (Some(4), false));
    Ok(())
}

#[test]
fn tables_are_rows_with_header_first_and_cells_located() -> Result<(), ExtractError> {
    let cell = |t: &str| format!("<w:tc>{}</w:tc>", p(&r(t)));
    let xml = [
        p(&r("附件")),
        "<w:tbl><w:tblPr/><w:tblGrid/>".to_string(),
        // Title row: one merged cell.
        format!(
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"3\"/></w:tcPr>{}</w:tc></w:tr>",
            p(&r("低保对象名单"))
        ),
        format!("<w:tr>{}{}{}</w:tr>", cell("姓名"), cell("身份证号"), cell("电话")),
        format!(
            "<w:tr>{}<w:tc>{}{}</w:tc>{}</w:tr>",
            cell("张三"),
            p(&r("110101199003074514")),
            p(r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>13912345678</w:t></w:r>"#),
            cell("备注"),
        ),
        // A spanned cell keeps the following column aligned; a nested table is flattened.
        format!(
            "<w:tr><w:tc><w:tcPr><w:gridSpan w:val=\"2\"/></w:tcPr>{}</w:tc><w:tc><w:tbl><w:tr>{}{}</w:tr></w:tbl></w:tc></w:tr>",
            p(&r("合计")),
            cell("13800138000"),
            cell("内层"),
        ),
        "</w:tbl>".to_string(),
        p(&r("正文继续")),
    ]
    .concat();
    let doc = extract_body(&xml)?;
    assert!(
        doc.text.contains(
            "附件\n低保对象名单\n姓名\t身份证号\t电话\n张三\t110101199003074514\t备注\n合计\t\t13800138000 内层\n"
        ),
        "{:?}",
        doc.text
    );
    let s = seg(&doc, "低保对象名单");
    assert_eq!((s.loc.row, s.loc.col), (Some(1), Some(1)));
    let s = seg(&doc, "110101199003074514");
    assert_eq!(
        (s.loc.row, s.loc.col, s.loc.paragraph, s.loc.part),
        (Some(3), Some(2), Some(7), Part::Body)
    );
    let s = seg(&doc, "13800138000");
    assert_eq!((s.loc.row, s.loc.col), (Some(4), Some(3)));
    // Hidden cell text comes after the table, located in its cell.
    let s = seg(&doc, "13912345678");
    assert_eq!(
        (
            s.loc.row,
            s.loc.col,
            s.loc.paragraph,
            s.loc.part,
            s.loc.hidden
        ),
        (Some(3), Some(2), Some(8), Part::HiddenText, true)
    );
    let table_end = doc.text.find("13800138000 内层").unwrap();
    assert!(doc.text.find("13912345678").unwrap() > table_end);
    assert!(doc.text.contains("\n\n正文继续"), "{:?}", doc.text);
    Ok(())
}

#[test]
fn text_boxes_are_read_once_and_alt_text_is_hidden() -> Result<(), ExtractError> {
    let xml = p(&format!(
        r#"{}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="T" descr="照片 13912345678"/><w:txbxContent>{}</w:txbxContent></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{}</w:txbxContent></v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>{}"#,
        r("前"),
        p(&r("框内 110101199003074514")),
        p(&r("框内 110101199003074514")),
        r("后"),
    ));
    let doc = extract_body(&xml)?;
    assert_eq!(
        doc.text.matches("110101199003074514").count(),
        1,
        "{:?}",
        doc.text
    );
    let s = seg(&doc, "框内 110101199003074514");
    assert_eq!(
        (s.loc.part, s.loc.paragraph, s.loc.hidden),
        (Part::TextBox, Some(2), false)
    );
    let s = seg(&doc, "前后");
    assert_eq!((s.loc.part, s.loc.paragraph), (Part::Body, Some(1)));
    let s = seg(&doc, "照片 13912345678");
    assert_eq!(
        (s.loc.part, s.loc.hidden, s.loc.field.as_deref()),
        (Part::Attribute, true, Some("descr"))
    );
    Ok(())
}

fn full_package(header: &str, comments: &str) -> Vec<(String, Vec<u8>)> {
    let doc = body(&[
        p(r#"<w:hyperlink r:id="rId9"><w:r><w:t>链接</w:t></w:r></w:hyperlink>"#),
        p(r#"<w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>430102198001010011</w:t></w:r>"#),
    ]
    .concat());
    let doc_rels = rels(&[
        ("rId1", "styles", "styles.xml"),
        ("rId2", "header", "header1.xml"),
        ("rId3", "footer", "footer1.xml"),
        ("rId4", "footnotes", "footnotes.xml"),
        ("rId5", "comments", "comments.xml"),
        ("rId6", "settings", "settings.xml"),
        ("rId7", "oleObject", "embeddings/oleObject1.bin"),
        ("rId8", "image", "media/image1.png"),
        (
            "rId9",
            "hyperlink",
            "file:///C:/Users/%E5%BC%A0%E4%B8%89/13800138000.docx",
        ),
    ]);
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="character" w:styleId="Base"><w:rPr><w:vanish/></w:rPr></w:style><w:style w:type="character" w:styleId="Secret"><w:basedOn w:val="Base"/></w:style><w:style w:type="character" w:styleId="Shown"><w:basedOn w:val="Base"/><w:rPr><w:vanish w:val="false"/></w:rPr></w:style></w:styles>"#
    );
    let footer = format!("<w:ftr {W}>{}</w:ftr>", p(&r("电话 13800138000")));
    let notes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">{}</w:footnote></w:footnotes>"#,
        p(&r("注：430102198001010011"))
    );
    let settings = format!(
        r#"<w:settings {W}><w:docVars><w:docVar w:name="审核人" w:val="李四 13912345678"/></w:docVars></w:settings>"#
    );
    let settings_rels = rels(&[("rId1", "attachedTemplate", "file:///D:/模板/公文.dotx")]);
    let core = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy></cp:coreProperties>"#;
    vec![
        ("_rels/.rels".into(), PKG_RELS.into()),
        ("word/document.xml".into(), doc.into()),
        ("word/_rels/document.xml.rels".into(), doc_rels.into()),
        ("word/styles.xml".into(), styles.into()),
        ("word/header1.xml".into(), header.as_bytes().to_vec()),
        ("word/footer1.xml".into(), footer.into()),
        ("word/footnotes.xml".into(), notes.into()),
        ("word/comments.xml".into(), comments.as_bytes().to_vec()),
        ("word/settings.xml".into(), settings.into()),
        ("word/_rels/settings.xml.rels".into(), settings_rels.into()),
        ("word/embeddings/oleObject1.bin".into(), b"OLE".to_vec()),
        (
            "word/embeddings/Microsoft_Excel_Worksheet.xlsx".into(),
            b"PK".to_vec(),
        ),
        ("word/embeddings/image2.emf".into(), b"EMF".to_vec()),
        ("word/media/image1.png".into(), b"\x89PNG".to_vec()),
        ("docProps/core.xml".into(), core.into()),
    ]
}

fn extract_owned(files: &[(String, Vec<u8>)]) -> Result<Document, ExtractError> {
    let refs: Vec<(&str, &[u8])> = files
        .iter()
        .map(|(n, d)| (n.as_str(), d.as_slice()))
        .collect();
    extract_files(&refs)
}

#[test]
fn secondary_parts_are_labelled() -> Result<(), ExtractError> {
    let header = format!("<w:hdr {W}>{}</w:hdr>", p(&r("机密★1年")));
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="张三">{}</w:comment><w:comment w:id="1" w:author="李四">{}</w:comment></w:comments>"#,
        p(&r("核对 13912345678")),
        p(&r("已核"))
    );
    let doc = extract_owned(&full_package(&header, &comments))?;
    let s = seg(&doc, "机密★1年");
    assert_eq!(
        (s.loc.part, s.loc.paragraph, s.loc.hidden),
        (Part::Header, Some(1), false)
    );
    let s = seg(&doc, "电话 13800138000");
    assert_eq!((s.loc.part, s.loc.hidden), (Part::Footer, false));
    let s = seg(&doc, "注：430102198001010011");
    assert_eq!((s.loc.part, s.loc.paragraph), (Part::Footnote, Some(2)));
    let s = seg(&doc, "核对 13912345678");
    assert_eq!(
        (s.loc.part, s.loc.hidden, s.loc.field.as_deref()),
        (Part::Comment, true, Some("张三"))
    );
    assert_eq!(seg(&doc, "已核").loc.field.as_deref(), Some("李四"));
    // Hidden through a style inherited with basedOn.
    let s = exact(&doc, "430102198001010011");
    assert_eq!(s.len(), 1);
    let s = s[0];
    assert_eq!(
        (s.loc.part, s.loc.paragraph, s.loc.hidden),
        (Part::HiddenText, Some(2), true)
    );
    // External targets, percent-decoded, with the paragraph of the link.
    let s = seg(&doc, "file:///C:/Users/张三/13800138000.docx");
    assert_eq!(
        (
            s.loc.part,
            s.loc.hidden,
            s.loc.field.as_deref(),
            s.loc.paragraph
        ),
        (Part::Other, true, Some("hyperlink"), Some(1))
    );
    let s = seg(&doc, "D:/模板/公文.dotx");
    assert_eq!(s.loc.field.as_deref(), Some("attachedTemplate"));
    let s = seg(&doc, "李四 13912345678");
    assert_eq!(
        (s.loc.part, s.loc.field.as_deref()),
        (Part::Other, Some("docVar:审核人"))
    );
    let fields: Vec<_> = exact(&doc, "张三")
        .iter()
        .map(|s| (s.loc.part, s.loc.field.as_deref(), s.loc.hidden))
        .collect();
    assert_eq!(fields, [(Part::Metadata, Some("creator"), true)]);
    let members: Vec<(&str, bool)> = doc
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.hidden))
        .collect();
    assert_eq!(
        members,
        [
            ("word/embeddings/Microsoft_Excel_Worksheet.xlsx", true),
            ("word/embeddings/oleObject1.bin", true)
        ]
    );
    assert!(doc.members.iter().all(|m| m.content.is_ok()));
    Ok(())
}

#[test]
fn a_damaged_secondary_part_is_an_error_member() -> Result<(), ExtractError> {
    let header = format!("<w:hdr {W}><w:p><w:r><w:t>页眉 13800138000</w:t></w:r>");
    let comments = format!("<w:comments {W}><w:comment><w:p></w:r></w:comments>&bad;<");
    let doc = extract_owned(&full_package(&header, &comments))?;
    let errors: Vec<&str> = doc
        .members
        .iter()
        .filter(|m| m.content.is_err())
        .map(|m| m.name.as_str())
        .collect();
    assert!(errors.contains(&"word/header1.xml"), "{errors:?}");
    assert!(errors.contains(&"word/comments.xml"), "{errors:?}");
    // What the damaged header held before it broke off is kept; the rest is still read.
    assert_eq!(seg(&doc, "页眉 13800138000").loc.part, Part::Header);
    assert_eq!(seg(&doc, "电话 13800138000").loc.part, Part::Footer);
    assert_eq!(seg(&doc, "链接").loc.part, Part::Body);
    Ok(())
}

#[test]
fn a_damaged_main_document_fails_the_file() {
    for xml in [
        body(&p(&r("未完"))).replace("</w:body></w:document>", ""),
        "<w:document><w:body><w:p></w:r></w:body>&amp<<".to_string(),
        String::new(),
        format!("<!DOCTYPE d [<!ENTITY a \"aa\">]><w:document {W}/>"),
    ] {
        let got = extract_body_raw(&xml);
        assert!(
            matches!(got, Err(ExtractError::Corrupt(_) | ExtractError::Limit(_))),
            "{xml:?} gave {got:?}"
        );
    }
    let no_main = extract_files(&[("_rels/.rels", PKG_RELS.as_bytes())]);
    assert!(matches!(no_main, Err(ExtractError::Corrupt(_))));
}

fn extract_body_raw(xml: &str) -> Result<Document, ExtractError> {
    extract_files(&[
        ("_rels/.rels", PKG_RELS.as_bytes()),
        ("word/document.xml", xml.as_bytes()),
    ])
}

#[test]
fn the_main_part_comes_from_the_package_rels() -> Result<(), ExtractError> {
    let pkg_rels = PKG_RELS.replace("word/document.xml", "/doc/main.xml");
    let main = body(&p(&r("主文档 13800138000")));
    let decoy = body(&p(&r("旧文档")));
    let main_rels = rels(&[("rId1", "header", "hdr.xml")]);
    let header = format!("<w:hdr {W}>{}</w:hdr>", p(&r("页眉文字")));
    let doc = extract_files(&[
        ("_rels/.rels", pkg_rels.as_bytes()),
        ("doc/main.xml", main.as_bytes()),
        ("doc/_rels/main.xml.rels", main_rels.as_bytes()),
        ("doc/hdr.xml", header.as_bytes()),
        ("word/document.xml", decoy.as_bytes()),
    ])?;
    assert!(doc.text.contains("主文档 13800138000"));
    assert!(!doc.text.contains("旧文档"));
    assert_eq!(seg(&doc, "页眉文字").loc.part, Part::Header);
    Ok(())
}

#[test]
fn character_references_and_breaks() -> Result<(), ExtractError> {
    let xml = p(
        r#"<w:r><w:t>&#22995;&#21517;</w:t><w:tab/><w:t>A</w:t><w:br/><w:t>B</w:t><w:noBreakHyphen/><w:t>C</w:t></w:r>"#,
    );
    let doc = extract_body(&xml)?;
    assert!(doc.text.contains("姓名 A\nB-C"), "{:?}", doc.text);
    Ok(())
}

#[test]
fn rels_paths_and_percent_decoding() {
    assert_eq!(
        rels_path("word/document.xml"),
        "word/_rels/document.xml.rels"
    );
    assert_eq!(rels_path(""), "_rels/.rels");
    assert_eq!(crate::percent::decode("a%20b%E5%BC%A0%zz%"), "a b张%zz%");
    assert!(is_image("word/media/IMAGE1.PNG"));
    assert!(!is_image("word/embeddings/a.xlsx"));
}

#[test]
fn smart_art_and_comment_accounts() -> Result<(), ExtractError> {
    let doc = body(&p(&r("正文")));
    let doc_rels = rels(&[
        ("rId1", "diagramData", "diagrams/data1.xml"),
        ("rId2", "people", "people.xml"),
    ]);
    let data = r#"<dgm:dataModel xmlns:dgm="http://schemas.openxmlformats.org/drawingml/2006/diagram" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"><dgm:ptLst><dgm:pt modelId="1"><dgm:t><a:bodyPr/><a:p><a:r><a:t>联络员 13912345678</a:t></a:r></a:p></dgm:t></dgm:pt></dgm:ptLst></dgm:dataModel>"#;
    let people = r#"<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="张三"><w15:presenceInfo w15:providerId="AD" w15:userId="S::zhangsan@unit.gov.cn::1a2b"/></w15:person></w15:people>"#;
    let doc = extract_files(&[
        ("_rels/.rels", PKG_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/diagrams/data1.xml", data.as_bytes()),
        ("word/people.xml", people.as_bytes()),
    ])?;
    let s = seg(&doc, "联络员 13912345678");
    assert_eq!((s.loc.part, s.loc.hidden), (Part::TextBox, false));
    let s = seg(&doc, "zhangsan@unit.gov.cn");
    assert_eq!(
        (s.loc.part, s.loc.hidden, s.loc.field.as_deref()),
        (Part::Other, true, Some("people:张三"))
    );
    Ok(())
}

#[test]
fn part_names_match_without_case() -> Result<(), ExtractError> {
    let pkg_rels = PKG_RELS.replace("word/document.xml", "/Word/Document.xml");
    let main = body(&p(&r("正文 13800138000")));
    let main_rels = rels(&[
        ("rId1", "footer", "Footer1.xml"),
        ("rId2", "oleObject", "embeddings/OLEObject1.bin"),
    ]);
    let footer = format!("<w:ftr {W}>{}</w:ftr>", p(&r("页脚文字")));
    let doc = extract_files(&[
        ("_rels/.rels", pkg_rels.as_bytes()),
        ("word/document.xml", main.as_bytes()),
        ("word/_rels/document.xml.rels", main_rels.as_bytes()),
        ("word/footer1.xml", footer.as_bytes()),
        ("word/embeddings/oleObject1.bin", b"OLE"),
    ])?;
    assert_eq!(seg(&doc, "正文 13800138000").loc.part, Part::Body);
    assert_eq!(seg(&doc, "页脚文字").loc.part, Part::Footer);
    let names: Vec<&str> = doc.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["word/embeddings/oleObject1.bin"]);
    Ok(())
}

#[test]
fn white_and_tiny_text_is_hidden() -> Result<(), ExtractError> {
    let xml = [
        p(r#"<w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>13912345678</w:t></w:r>"#),
        p(r#"<w:r><w:rPr><w:sz w:val="2"/></w:rPr><w:t>430102198001010011</w:t></w:r>"#),
        p(r#"<w:r><w:rPr><w:color w:val="FF0000"/><w:sz w:val="24"/></w:rPr><w:t>红色标题</w:t></w:r>"#),
    ]
    .concat();
    let doc = extract_body(&xml)?;
    for text in ["13912345678", "430102198001010011"] {
        let s = seg(&doc, text);
        assert_eq!(
            (s.loc.part, s.loc.hidden),
            (Part::HiddenText, true),
            "{text}"
        );
    }
    let s = seg(&doc, "红色标题");
    assert_eq!((s.loc.part, s.loc.hidden), (Part::Body, false));
    Ok(())
}
