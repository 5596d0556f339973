//! The docx rewriter on small packages built here: values split across runs, tabs, entity
//! references, text boxes and their fallbacks, XML escaping, byte-identical copies of what
//! does not change, hidden channels removed or masked, properties cleared, broken input.

use std::io::{Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::*;
use crate::extract::{extract, Format};

mod hidden;

pub(super) const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;

pub(super) const PKG_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#;

pub(super) const ID: &str = "11010519491231002X";
pub(super) const ID_MASK: &str = "110105********002X";

pub(super) fn zip_with(files: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(*name, opts).unwrap();
        w.write_all(data).unwrap();
    }
    w.finish().unwrap().into_inner()
}

pub(super) fn document(body: &str) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    )
}

/// A package with this body and extra members (after the body, in this order).
pub(super) fn docx(body: &str, extra: &[(&str, &str)]) -> Vec<u8> {
    let doc = document(body);
    let mut files: Vec<(&str, &[u8])> = vec![
        ("_rels/.rels", PKG_RELS.as_bytes()),
        ("word/document.xml", doc.as_bytes()),
    ];
    files.extend(extra.iter().map(|(n, d)| (*n, d.as_bytes())));
    zip_with(&files, CompressionMethod::Deflated)
}

pub(super) fn plan(pairs: &[(&str, &str)]) -> Plan {
    Plan::new(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())))
}

pub(super) fn redact(bytes: &[u8], plan: &Plan, hidden: HiddenChannels) -> Redacted {
    redact_docx(bytes, plan, &FormatOptions { hidden }).unwrap()
}

pub(super) fn member(bytes: &[u8], name: &str) -> String {
    let mut z = ZipArchive::new(Cursor::new(bytes)).unwrap();
    let mut s = String::new();
    z.by_name(name).unwrap().read_to_string(&mut s).unwrap();
    s
}

/// The text the scanner reads from a package.
pub(super) fn text_of(bytes: &[u8]) -> String {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.docx",
        encoding: None,
    };
    extract(bytes, Format::Zip, &ctx).unwrap().text
}

fn run(text: &str) -> String {
    format!("<w:r><w:t>{text}</w:t></w:r>")
}

#[test]
fn a_value_split_across_runs_is_masked_with_each_run_keeping_its_format() {
    let body = r#"<w:p><w:r><w:t>身份证号：1101051949</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1231</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>002X。</w:t></w:r></w:p>"#;
    let out = redact(
        &docx(body, &[]),
        &plan(&[(ID, ID_MASK)]),
        HiddenChannels::Remove,
    );
    assert_eq!(out.replaced, 1);
    let xml = member(&out.bytes, "word/document.xml");
    let expected = document(
        r#"<w:p><w:r><w:t>身份证号：1101051949</w:t></w:r><w:r><w:rPr><w:b/></w:rPr><w:t>1231</w:t></w:r><w:r><w:rPr><w:i/></w:rPr><w:t>002X。</w:t></w:r></w:p>"#,
    )
    .replace("1101051949<", "110105****<")
    .replace(">1231<", ">****<");
    assert_eq!(xml, expected);
    assert!(text_of(&out.bytes).contains("身份证号：110105********002X。"));
}

#[test]
fn a_mask_of_another_length_goes_into_the_first_run() {
    let body = format!("<w:p>{}{}</w:p>", run("电话1380013"), run("8000止"));
    let out = redact(
        &docx(&body, &[]),
        &plan(&[("13800138000", "138****")]),
        HiddenChannels::Remove,
    );
    let xml = member(&out.bytes, "word/document.xml");
    assert!(
        xml.contains("<w:t>电话138****</w:t></w:r><w:r><w:t>止</w:t>"),
        "{xml}"
    );
}

#[test]
fn tabs_breaks_and_references_read_as_the_extractor_reads_them() {
    // `&#49;` is `1`; the tab is a space in the scanned text, so the value holds one.
    let body = r#"<w:p><w:r><w:t>&#49;38</w:t><w:tab/><w:t>0013 8000</w:t></w:r></w:p><w:p><w:r><w:t>张</w:t><w:br/><w:t>三</w:t></w:r></w:p>"#;
    let p = plan(&[("138 0013 8000", "138 **** 8000"), ("张\n三", "张\n*")]);
    let out = redact(&docx(body, &[]), &p, HiddenChannels::Remove);
    assert_eq!(out.replaced, 2);
    let text = text_of(&out.bytes);
    assert!(text.contains("138 **** 8000"), "{text:?}");
    assert!(text.contains("张\n*"), "{text:?}");
    let xml = member(&out.bytes, "word/document.xml");
    // Same length: the tab and the break stay where the mask keeps them.
    assert!(
        xml.contains("<w:t>138</w:t><w:tab/><w:t>**** 8000</w:t>"),
        "{xml}"
    );
    assert!(xml.contains("<w:t>张</w:t><w:br/><w:t>*</w:t>"), "{xml}");
    // Masked, a tab goes and its mask character joins the text before it.
    let out = redact(
        &docx(body, &[]),
        &plan(&[("138 0013", "13******")]),
        HiddenChannels::Remove,
    );
    let xml = member(&out.bytes, "word/document.xml");
    assert!(xml.contains("<w:t>13**</w:t><w:t>**** 8000</w:t>"), "{xml}");
    assert!(text_of(&out.bytes).contains("13****** 8000"));
}

#[test]
fn white_space_at_the_edges_is_preserved_and_masks_are_escaped() {
    let body = format!("<w:p>{}</w:p>", run("甲 乙"));
    let out = redact(
        &docx(&body, &[]),
        &plan(&[("甲", ""), ("乙", "<&>")]),
        HiddenChannels::Remove,
    );
    let xml = member(&out.bytes, "word/document.xml");
    assert!(
        xml.contains(r#"<w:t xml:space="preserve"> &lt;&amp;&gt;</w:t>"#),
        "{xml}"
    );
    assert!(text_of(&out.bytes).contains(" <&>"));
}

#[test]
fn text_boxes_and_their_fallback_copies_are_both_masked() {
    let tb = |inner: &str| format!("<w:txbxContent><w:p>{inner}</w:p></w:txbxContent>");
    let body = format!(
        r#"<w:p><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx>{}</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict>{}</w:pict></mc:Fallback></mc:AlternateContent></w:r></w:p>"#,
        tb(&run("手机13700137000")),
        tb(&run("手机13700137000")),
    );
    let out = redact(
        &docx(&body, &[]),
        &plan(&[("13700137000", "137****7000")]),
        HiddenChannels::Remove,
    );
    assert_eq!(out.replaced, 2);
    let xml = member(&out.bytes, "word/document.xml");
    assert!(!xml.contains("13700137000"));
    assert_eq!(xml.matches("137****7000").count(), 2);
}

#[test]
fn tables_headers_footers_and_notes_are_stories() {
    let rels = r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/header" Target="header1.xml"/></Relationships>"#;
    let body = format!(
        "<w:tbl><w:tr><w:tc><w:p>{}</w:p></w:tc></w:tr></w:tbl>",
        run(ID)
    );
    let header = format!("<w:hdr {W}><w:p>{}</w:p></w:hdr>", run(ID));
    // footer2.xml has no relationship: found by its name.
    let footer = format!("<w:ftr {W}><w:p>{}</w:p></w:ftr>", run(ID));
    let notes = format!(
        "<w:footnotes {W}><w:footnote w:id=\"1\"><w:p>{}</w:p></w:footnote></w:footnotes>",
        run(ID)
    );
    let bytes = docx(
        &body,
        &[
            ("word/_rels/document.xml.rels", rels),
            ("word/header1.xml", &header),
            ("word/footer2.xml", &footer),
            ("word/footnotes.xml", &notes),
        ],
    );
    let out = redact(&bytes, &plan(&[(ID, ID_MASK)]), HiddenChannels::Remove);
    assert_eq!(out.replaced, 4);
    for part in [
        "word/document.xml",
        "word/header1.xml",
        "word/footer2.xml",
        "word/footnotes.xml",
    ] {
        let xml = member(&out.bytes, part);
        assert!(xml.contains(ID_MASK) && !xml.contains(ID), "{part}: {xml}");
    }
}

#[test]
fn members_that_do_not_change_are_copied_raw_in_their_order() {
    let styles = format!("<w:styles {W}><w:style w:styleId=\"a\"/></w:styles>");
    let body = format!("<w:p>{}</w:p>", run(ID));
    let files: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", b"<Types/>"),
        ("_rels/.rels", PKG_RELS.as_bytes()),
        ("word/styles.xml", styles.as_bytes()),
        ("word/media/image1.png", b"\x89PNG not really"),
    ];
    let doc = document(&body);
    let mut all = files.clone();
    all.insert(2, ("word/document.xml", doc.as_bytes()));
    for method in [CompressionMethod::Stored, CompressionMethod::Deflated] {
        let input = zip_with(&all, method);
        let out = redact(&input, &plan(&[(ID, ID_MASK)]), HiddenChannels::Remove);
        let mut a = ZipArchive::new(Cursor::new(&input[..])).unwrap();
        let mut b = ZipArchive::new(Cursor::new(&out.bytes[..])).unwrap();
        let names = |z: &ZipArchive<_>| z.file_names_raw().map(<[u8]>::to_vec).collect::<Vec<_>>();
        assert_eq!(names(&a), names(&b));
        for i in 0..a.len() {
            let (mut fa, mut fb) = (a.by_index_raw(i).unwrap(), b.by_index_raw(i).unwrap());
            let name = String::from_utf8_lossy(fa.name_raw()).into_owned();
            assert_eq!(fa.compression(), fb.compression(), "{name}");
            let (mut ra, mut rb) = (Vec::new(), Vec::new());
            fa.read_to_end(&mut ra).unwrap();
            fb.read_to_end(&mut rb).unwrap();
            if name == "word/document.xml" {
                assert_ne!(ra, rb);
            } else {
                assert_eq!(ra, rb, "{name} copied raw");
            }
        }
    }
}

#[test]
fn a_document_without_values_comes_out_identical_member_by_member() {
    let body = format!(
        "<w:p><w:pPr><w:jc w:val=\"center\"/></w:pPr>{}</w:p>",
        run("无关文字")
    );
    let input = docx(&body, &[]);
    let out = redact(&input, &plan(&[(ID, ID_MASK)]), HiddenChannels::Remove);
    assert_eq!(out.replaced, 0);
    assert!(out.actions.is_empty(), "{:?}", out.actions);
    assert_eq!(member(&out.bytes, "word/document.xml"), document(&body));
}

#[test]
fn properties_are_cleared_and_values_elsewhere_in_them_masked() {
    let core = r#"<?xml version="1.0"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><dc:title>关于张三的报告</dc:title><cp:keywords><cp:value>x</cp:value></cp:keywords><cp:contentStatus>联系13800138000</cp:contentStatus><cp:revision>3</cp:revision></cp:coreProperties>"#;
    let app = r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties"><Company>某局</Company><Manager>王五</Manager><Pages>1</Pages></Properties>"#;
    let custom = r#"<?xml version="1.0"?><Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties" xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="审核人"><vt:lpwstr>赵六</vt:lpwstr></property></Properties>"#;
    let bytes = docx(
        &format!("<w:p>{}</w:p>", run("正文")),
        &[
            ("docProps/core.xml", core),
            ("docProps/app.xml", app),
            ("docProps/custom.xml", custom),
        ],
    );
    let out = redact(
        &bytes,
        &plan(&[("13800138000", "138****8000")]),
        HiddenChannels::Remove,
    );
    assert_eq!(out.actions, ["清除文档属性"]);
    assert_eq!(out.replaced, 1);
    let core = member(&out.bytes, "docProps/core.xml");
    for gone in ["张三", "李四", "<cp:value>", "13800138000"] {
        assert!(!core.contains(gone), "{gone}: {core}");
    }
    assert!(
        core.contains("<dc:creator></dc:creator>") && core.contains("<cp:revision>3</cp:revision>")
    );
    assert!(core.contains("联系138****8000"));
    let app = member(&out.bytes, "docProps/app.xml");
    assert!(
        app.contains("<Company></Company><Manager></Manager><Pages>1</Pages>"),
        "{app}"
    );
    let custom = member(&out.bytes, "docProps/custom.xml");
    assert!(
        !custom.contains("property") && custom.contains("docPropsVTypes"),
        "{custom}"
    );
}

#[test]
fn broken_packages_are_malformed_not_panics() {
    let good = docx(&format!("<w:p>{}</w:p>", run(ID)), &[]);
    let p = plan(&[(ID, ID_MASK)]);
    let opts = FormatOptions::default();
    for cut in [0, 10, good.len() / 2, good.len() - 10] {
        let r = redact_docx(good.get(..cut).unwrap(), &p, &opts);
        assert!(matches!(r, Err(RedactError::Malformed(_))), "cut at {cut}");
    }
    let bad_xml = [
        format!("<w:document {W}><w:body><w:p>{}</w:body>", run(ID)),
        format!("<w:document {W}><w:body><w:p>{}</w:p>", run(ID)),
        format!("<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"{ID}\">]><w:document {W}><w:body><w:p><w:r><w:t>&a;</w:t></w:r></w:p></w:body></w:document>"),
        "<".repeat(3),
        "<a>".repeat(400),
    ];
    for xml in bad_xml {
        let bytes = zip_with(
            &[
                ("_rels/.rels", PKG_RELS.as_bytes()),
                ("word/document.xml", xml.as_bytes()),
            ],
            CompressionMethod::Stored,
        );
        let r = redact_docx(&bytes, &p, &opts);
        match r {
            Err(RedactError::Malformed(m)) => assert!(!m.contains(ID), "{m}"),
            other => panic!("{xml:.60}: {other:?}"),
        }
    }
    let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
    assert!(matches!(
        redact_docx(&ole, &p, &opts),
        Err(RedactError::Unsupported(_))
    ));
    let no_body = zip_with(&[("a.txt", b"x")], CompressionMethod::Stored);
    assert!(matches!(
        redact_docx(&no_body, &p, &opts),
        Err(RedactError::Malformed(_))
    ));
}
