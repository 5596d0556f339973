//! The notice the docx rewriter is tested on: values in the body, a table, a header, a
//! footer, a value split across three differently formatted runs and the properties; with
//! `hidden`, also a comment, an insertion and a deletion.

use std::io::{Cursor, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;
pub(super) const ID: &str = "11010519491231002X";
pub(super) const ID_SPLIT: &str = "430102196209278907";
pub(super) const ID_ROW: &str = "110105198001011238";
pub(super) const ID_DELETED: &str = "320106199208082455";
pub(super) const MOBILE: &str = "13800138000";

pub(super) fn zip_of(files: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for (name, data) in files {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

fn r(text: &str) -> String {
    format!("<w:r><w:t>{text}</w:t></w:r>")
}

fn p(inner: &str) -> String {
    format!("<w:p><w:pPr><w:jc w:val=\"both\"/></w:pPr>{inner}</w:p>")
}

fn tc(text: &str) -> String {
    format!(
        "<w:tc><w:tcPr><w:tcW w:w=\"1200\" w:type=\"dxa\"/></w:tcPr>{}</w:tc>",
        p(&r(text))
    )
}

/// The notice; `hidden` adds a comment and tracked changes.
pub(super) fn notice(hidden: bool) -> Vec<u8> {
    let mut body = vec![
        p(&r("关于低保对象复核情况的公示")),
        p(&r(&format!("申请人姓名：王建国，身份证号：{ID}，联系电话：{MOBILE}。"))),
        // An ID across three runs, each with its own formatting.
        p(&format!(
            r#"{}<w:r><w:rPr><w:b/></w:rPr><w:t>4301021962</w:t></w:r><w:r><w:rPr><w:i/><w:color w:val="FF0000"/></w:rPr><w:t>0927</w:t></w:r><w:r><w:rPr><w:u w:val="single"/></w:rPr><w:t>8907</w:t></w:r>{}"#,
            r("复核对象身份证号："),
            r("，已核实。")
        )),
        format!(
            "<w:tbl><w:tblPr><w:tblW w:w=\"0\" w:type=\"auto\"/></w:tblPr><w:tr>{}{}{}{}</w:tr><w:tr>{}{}{}{}</w:tr></w:tbl>",
            tc("序号"), tc("姓名"), tc("身份证号"), tc("联系电话"),
            tc("1"), tc("刘德明"), tc(ID_ROW), tc("13971689962"),
        ),
    ];
    if hidden {
        body.push(p(&format!(
            r#"<w:commentRangeStart w:id="0"/>{}<w:ins w:id="1" w:author="王五" w:date="2024-01-01T00:00:00Z"><w:r><w:t>联系电话：13700137000</w:t></w:r></w:ins><w:del w:id="2" w:author="王五"><w:r><w:delText>原身份证号：{ID_DELETED}</w:delText></w:r></w:del><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r>"#,
            r("补充说明，")
        )));
    }
    body.push("<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId1\"/><w:footerReference w:type=\"default\" r:id=\"rId2\"/></w:sectPr>".into());
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{}</w:body></w:document>"#,
        body.concat()
    );
    let header = format!(
        "<w:hdr {W}>{}</w:hdr>",
        p(&r(&format!("经办人身份证号：{ID}")))
    );
    let footer = format!("<w:ftr {W}>{}</w:ftr>", p(&r("监督电话：13912345678")));
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W}><w:comment w:id="0" w:author="王五"><w:p><w:r><w:t>请与本人核实，手机13600136000</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    let rels = |items: &[String]| {
        format!(
            r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}</Relationships>"#,
            items.concat()
        )
    };
    let pkg_rels = rels(&[
        rel("rId1", "officeDocument", "word/document.xml"),
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#.into(),
    ]);
    let mut doc_rels = vec![
        rel("rId1", "header", "header1.xml"),
        rel("rId2", "footer", "footer1.xml"),
        rel("rId4", "styles", "styles.xml"),
    ];
    if hidden {
        doc_rels.push(rel("rId3", "comments", "comments.xml"));
    }
    let doc_rels = rels(&doc_rels);
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style></w:styles>"#
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>公示</dc:title><dc:creator>王建国</dc:creator><cp:lastModifiedBy>刘德明</cp:lastModifiedBy><cp:revision>2</cp:revision></cp:coreProperties>"#;
    let types = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/><Override PartName="/word/header1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.header+xml"/><Override PartName="/word/footer1.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footer+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;
    let mut files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", types.as_bytes()),
        ("_rels/.rels", pkg_rels.as_bytes()),
        ("word/document.xml", document.as_bytes()),
        ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/header1.xml", header.as_bytes()),
        ("word/footer1.xml", footer.as_bytes()),
        ("docProps/core.xml", core.as_bytes()),
    ];
    if hidden {
        files.insert(7, ("word/comments.xml", comments.as_bytes()));
    }
    zip_of(&files)
}
