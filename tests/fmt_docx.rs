//! Format tests (docx): a Word package built here in memory with values planted in every
//! channel (body, table under a 身份证号 header, header, footer, footnote, comment, deleted
//! revision, hidden text, text box, properties), scanned end to end; the zoo's Word files
//! (skipped when the zoo is absent); hostile packages.

use std::io::Write;
use std::path::PathBuf;

use baomi::extract::{extract, Budget, Ctx, Document, ExtractError, Format, Limits, Part};
use baomi::finding::{Finding, Kind};
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wp="http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape""#;

fn zip_of(files: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(method);
    for (name, data) in files {
        w.start_file(*name, opts).expect("zip entry");
        w.write_all(data).expect("zip write");
    }
    w.finish().expect("zip finish").into_inner()
}

fn p(inner: &str) -> String {
    format!("<w:p>{inner}</w:p>")
}

fn r(text: &str) -> String {
    format!(r#"<w:r><w:t xml:space="preserve">{text}</w:t></w:r>"#)
}

fn tc(text: &str) -> String {
    format!("<w:tc>{}</w:tc>", p(&r(text)))
}

/// A notice with planted values in every channel a Word file has.
fn planted_docx() -> Vec<u8> {
    let body = [
        p(&r("关于低保对象复核情况的公示")),
        // Paragraph 2: a mobile split across two runs; a deleted bank card; hidden ID.
        p(&[
            r("联系电话：1380013"),
            r("8000"),
            r#"<w:del w:id="1" w:author="李四"><w:r><w:delText>银行卡 6222021234567890128</w:delText></w:r></w:del>"#.into(),
            r#"<w:r><w:rPr><w:vanish/></w:rPr><w:t>身份证 440304198506151237</w:t></w:r>"#.into(),
        ]
        .concat()),
        // Paragraph 3 anchors a text box (paragraph 4) drawn as a wps shape, with a VML fallback.
        p(&format!(
            r#"{}<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wp:anchor><wp:docPr id="1" name="框"/><wps:txbx><w:txbxContent>{}</w:txbxContent></wps:txbx></wp:anchor></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>{}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>"#,
            r("见右侧说明"),
            p(&r("经办人手机 13700137000")),
            p(&r("经办人手机 13700137000")),
        )),
        // Paragraphs 5-10: a table; the ID sits bare in the 身份证号 column.
        "<w:tbl>".into(),
        format!("<w:tr>{}{}{}</w:tr>", tc("序号"), tc("姓名"), tc("身份证号")),
        format!("<w:tr>{}{}{}</w:tr>", tc("1"), tc("王五"), tc("110101199003074514")),
        "</w:tbl>".into(),
        p(&format!(
            "{}{}",
            r("注释见脚注"),
            r#"<w:r><w:footnoteReference w:id="1"/></w:r>"#
        )),
    ]
    .concat();
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>{body}<w:sectPr/></w:body></w:document>"#
    );
    let header = format!("<w:hdr {W}>{}</w:hdr>", p(&r("机密★1年")));
    let footer = format!("<w:ftr {W}>{}</w:ftr>", p(&r("监督电话：13912345678")));
    let footnotes = format!(
        r#"<w:footnotes {W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:id="1">{}</w:footnote></w:footnotes>"#,
        p(&r("申请人身份证号 320106199208082455"))
    );
    let comments = format!(
        r#"<w:comments {W}><w:comment w:id="0" w:author="张三" w:initials="ZS">{}</w:comment></w:comments>"#,
        p(&r("请核实 430102198001010011"))
    );
    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    let pkg_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}{}</Relationships>"#,
        rel("rId1", "officeDocument", "word/document.xml"),
        r#"<Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/>"#
    );
    let doc_rels = format!(
        r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}{}{}{}</Relationships>"#,
        rel("rId1", "header", "header1.xml"),
        rel("rId2", "footer", "footer1.xml"),
        rel("rId3", "footnotes", "footnotes.xml"),
        rel("rId4", "comments", "comments.xml"),
    );
    let core = r#"<?xml version="1.0" encoding="UTF-8"?><cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><dc:description>起草人电话 13600136000</dc:description></cp:coreProperties>"#;
    let types = r#"<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#;
    zip_of(
        &[
            ("[Content_Types].xml", types.as_bytes()),
            ("_rels/.rels", pkg_rels.as_bytes()),
            ("word/document.xml", document.as_bytes()),
            ("word/_rels/document.xml.rels", doc_rels.as_bytes()),
            ("word/header1.xml", header.as_bytes()),
            ("word/footer1.xml", footer.as_bytes()),
            ("word/footnotes.xml", footnotes.as_bytes()),
            ("word/comments.xml", comments.as_bytes()),
            ("docProps/core.xml", core.as_bytes()),
        ],
        CompressionMethod::Stored,
    )
}

fn scan(name: &str, bytes: &[u8]) -> Result<FileResult, Box<dyn std::error::Error>> {
    let engine = baomi::engine::Engine::new(&baomi::ruleset::RuleSet::base()?)?;
    Ok(scan_bytes(&engine, name, bytes, ScanOptions::default()))
}

fn findings(result: &FileResult) -> &[Finding] {
    match &result.outcome {
        Outcome::Scanned { findings, .. } => findings,
        other => panic!("{} not scanned: {other:?}", result.path),
    }
}

/// The finding of `kind` whose raw value contains `digits`.
fn find<'f>(all: &'f [Finding], kind: Kind, digits: &str) -> &'f Finding {
    all.iter()
        .find(|f| f.kind == kind && f.value.expose().contains(digits))
        .unwrap_or_else(|| {
            let seen: Vec<String> = all
                .iter()
                .map(|f| format!("{:?} {} {:?}", f.kind, f.masked, f.location))
                .collect();
            panic!("no {kind:?} with {digits}; found:\n{}", seen.join("\n"))
        })
}

fn part_of(f: &Finding) -> &str {
    f.location.part.as_deref().unwrap_or("")
}

#[test]
fn planted_values_are_found_in_every_channel_with_their_location() -> TestResult {
    let result = scan("公示.docx", &planted_docx())?;
    let all = findings(&result);

    let f = find(all, Kind::MobilePhone, "13800138000");
    assert_eq!(
        (part_of(f), f.location.paragraph, f.hidden),
        ("body", Some(2), false)
    );

    let f = find(all, Kind::BankCard, "6222021234567890128");
    assert_eq!(
        (part_of(f), f.location.paragraph, f.hidden),
        ("tracked_change", Some(2), true)
    );

    let f = find(all, Kind::IdCard, "440304198506151237");
    assert_eq!(
        (part_of(f), f.location.paragraph, f.hidden),
        ("hidden_text", Some(2), true)
    );

    let f = find(all, Kind::MobilePhone, "13700137000");
    assert_eq!(
        (part_of(f), f.location.paragraph, f.hidden),
        ("text_box", Some(4), false)
    );
    assert_eq!(
        all.iter()
            .filter(|f| f.value.expose().contains("13700137000"))
            .count(),
        1,
        "the VML fallback copy of the text box is not read twice"
    );

    let f = find(all, Kind::IdCard, "110101199003074514");
    assert_eq!(
        (
            part_of(f),
            f.location.row,
            f.location.col,
            f.location.paragraph,
            f.hidden
        ),
        ("body", Some(2), Some(3), Some(10), false)
    );
    assert!(
        f.evidence.iter().any(|e| e.contains("身份证")),
        "the column header is a cue: {:?}",
        f.evidence
    );

    let f = find(all, Kind::ClassificationMark, "机密");
    assert_eq!(
        (part_of(f), f.location.paragraph, f.hidden),
        ("header", Some(1), false)
    );

    let f = find(all, Kind::MobilePhone, "13912345678");
    assert_eq!((part_of(f), f.hidden), ("footer", false));

    let f = find(all, Kind::IdCard, "320106199208082455");
    assert_eq!((part_of(f), f.location.paragraph), ("footnote", Some(2)));

    let f = find(all, Kind::IdCard, "430102198001010011");
    assert_eq!(
        (part_of(f), f.location.field.as_deref(), f.hidden),
        ("comment", Some("张三"), true)
    );

    let f = find(all, Kind::MobilePhone, "13600136000");
    assert_eq!(
        (part_of(f), f.location.field.as_deref(), f.hidden),
        ("metadata", Some("description"), true)
    );
    assert!(result.members.is_empty());
    Ok(())
}

fn extract_bytes(bytes: &[u8]) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.docx",
        encoding: None,
    };
    extract(bytes, Format::Zip, &ctx)
}

/// Segments whose text contains `needle`: (part, paragraph, field, hidden).
fn located(doc: &Document, needle: &str) -> Vec<(Part, Option<u32>, Option<String>, bool)> {
    doc.segments
        .iter()
        .filter(|s| {
            doc.text
                .get(s.start..s.end)
                .is_some_and(|t| t.contains(needle))
        })
        .map(|s| {
            (
                s.loc.part,
                s.loc.paragraph,
                s.loc.field.clone(),
                s.loc.hidden,
            )
        })
        .collect()
}

#[test]
fn properties_and_text_land_in_their_parts() -> TestResult {
    let doc = extract_bytes(&planted_docx())?;
    assert_eq!(doc.format, "docx");
    assert_eq!(
        located(&doc, "张三"),
        [(Part::Metadata, None, Some("creator".into()), true)]
    );
    assert_eq!(
        located(&doc, "李四"),
        [(Part::Metadata, None, Some("lastModifiedBy".into()), true)]
    );
    // The visible runs of paragraph 2 join; its deleted and hidden runs stand apart.
    assert_eq!(
        located(&doc, "联系电话：13800138000"),
        [(Part::Body, Some(2), None, false)]
    );
    assert!(doc
        .text
        .contains("序号\t姓名\t身份证号\n1\t王五\t110101199003074514\n"));
    Ok(())
}

// --- the zoo -------------------------------------------------------------------------

fn zoo_file(rel: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("BAOMI_ZOO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/zoo"));
    let path = dir.join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("SKIP zoo file absent: {}", path.display());
            None
        }
    }
}

#[test]
fn zoo_headers_footers_and_comments() -> TestResult {
    if let Some(bytes) = zoo_file("docx/HeaderFooterUnicode.docx") {
        let doc = extract_bytes(&bytes)?;
        assert_eq!(
            located(&doc, "This is a simple header"),
            [(Part::Header, Some(1), None, false)]
        );
        assert_eq!(
            located(&doc, "The footer, with"),
            [(Part::Footer, Some(1), None, false)]
        );
        assert!(located(&doc, "Molière")
            .iter()
            .any(|l| l.0 == Part::Body && !l.3));
    }
    if let Some(bytes) = zoo_file("docx/testComment.docx") {
        let doc = extract_bytes(&bytes)?;
        assert_eq!(
            located(&doc, "Here is some text"),
            [(Part::Body, Some(1), None, false)]
        );
        assert_eq!(
            located(&doc, "Here is a comment"),
            [(
                Part::Comment,
                Some(1),
                Some("Michael McCandless".into()),
                true
            )]
        );
    }
    if let Some(bytes) = zoo_file("docx/bug56075-changeTracking_on.docx") {
        let doc = extract_bytes(&bytes)?;
        assert_eq!(located(&doc, "Change Tracking ON").len(), 1);
    }
    if let Some(bytes) = zoo_file("docx/testDOCX_Thumbnail.docx") {
        let doc = extract_bytes(&bytes)?;
        assert_eq!(located(&doc, "This file contains a thumbnail").len(), 1);
        assert!(
            doc.members.is_empty(),
            "the thumbnail is a picture, not a member"
        );
    }
    Ok(())
}

#[test]
fn zoo_properties() -> TestResult {
    let meta = |doc: &Document, field: &str| -> Vec<String> {
        doc.segments
            .iter()
            .filter(|s| s.loc.part == Part::Metadata && s.loc.field.as_deref() == Some(field))
            .map(|s| doc.text.get(s.start..s.end).unwrap_or("").to_string())
            .collect()
    };
    if let Some(bytes) = zoo_file("docx/testWORD_custom_props.docx") {
        let doc = extract_bytes(&bytes)?;
        assert_eq!(meta(&doc, "creator"), ["EJ04325S"]);
        assert_eq!(meta(&doc, "lastModifiedBy"), ["Etienne Jouvin"]);
        assert_eq!(meta(&doc, "title"), ["My Title"]);
        assert_eq!(meta(&doc, "keywords"), ["My Keyword"]);
        assert_eq!(meta(&doc, "custom:MyCustomString"), ["MyStringValue"]);
        assert!(doc
            .segments
            .iter()
            .filter(|s| s.loc.part == Part::Metadata)
            .all(|s| s.loc.hidden));
    }
    if let Some(bytes) = zoo_file("docx/testWORD_multi_authors.docx") {
        let doc = extract_bytes(&bytes)?;
        assert!(meta(&doc, "creator").concat().contains("author2"));
        let managers = meta(&doc, "Manager").concat();
        assert!(managers.contains("manager1") && managers.contains("manager2"));
    }
    Ok(())
}

#[test]
fn zoo_embedded_objects_are_hidden_members() -> TestResult {
    if let Some(bytes) = zoo_file("docx/testWPSAttachment.docx") {
        let doc = extract_bytes(&bytes)?;
        let names: Vec<&str> = doc.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names.len(), 9, "{names:?}");
        assert!(names
            .iter()
            .all(|n| n.starts_with("word/embeddings/oleObject")));
        assert!(doc.members.iter().all(|m| m.hidden));
        // The OLE wrappers hand over the attached pdf, xlsx and pptx (the OLE reader
        // unwraps them).
        let contents: Vec<&[u8]> = doc
            .members
            .iter()
            .map(|m| m.content.as_deref().expect("member read"))
            .collect();
        let has = |needle: &[u8]| {
            contents
                .iter()
                .any(|c| c.windows(needle.len()).any(|w| w == needle))
        };
        assert!(has(b"%PDF-"), "an attached pdf");
        assert!(has(b"xl/workbook.xml"), "an attached xlsx");
        assert!(has(b"ppt/presentation.xml"), "an attached pptx");
        let meta: Vec<&str> = doc
            .segments
            .iter()
            .filter(|s| s.loc.field.as_deref() == Some("Application"))
            .filter_map(|s| doc.text.get(s.start..s.end))
            .collect();
        assert!(meta.iter().any(|m| m.starts_with("WPS Office")), "{meta:?}");
    }
    if let Some(bytes) = zoo_file("docx/test_recursive_embedded.docx") {
        let doc = extract_bytes(&bytes)?;
        assert_eq!(located(&doc, "embed_0").len(), 1);
        let names: Vec<&str> = doc.members.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(names, ["word/embeddings/oleObject1.bin"]);
    }
    Ok(())
}

#[test]
fn zoo_truncated_docx_is_an_error() -> TestResult {
    if let Some(bytes) = zoo_file("hostile/testWORD_truncated.docx") {
        assert!(extract_bytes(&bytes).is_err());
        let result = scan("testWORD_truncated.docx", &bytes)?;
        assert!(
            matches!(result.outcome, Outcome::Error(_)),
            "{:?}",
            result.outcome
        );
    }
    Ok(())
}

// --- hostile packages ------------------------------------------------------------------

fn docx_with_document(xml: &[u8], method: CompressionMethod) -> Vec<u8> {
    zip_of(&[("word/document.xml", xml)], method)
}

#[test]
fn hostile_packages_are_errors_not_empty_documents() -> TestResult {
    // Garbage after the zip magic.
    let mut garbage = b"PK\x03\x04".to_vec();
    garbage.extend(std::iter::repeat_n(0xA5u8, 2000));
    assert!(extract_bytes(&garbage).is_err());

    // A main document cut short.
    let cut = format!("<w:document {W}><w:body><w:p><w:r><w:t>13800138000");
    let err = extract_bytes(&docx_with_document(
        cut.as_bytes(),
        CompressionMethod::Stored,
    ));
    assert!(matches!(err, Err(ExtractError::Corrupt(_))), "{err:?}");

    // An entity bomb.
    let bomb = br#"<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;">]><w:document><w:body><w:p><w:r><w:t>&b;</w:t></w:r></w:p></w:body></w:document>"#;
    let err = extract_bytes(&docx_with_document(bomb, CompressionMethod::Stored));
    assert!(matches!(err, Err(ExtractError::Limit(_))), "{err:?}");

    // Nesting far deeper than any real document.
    let deep = format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        "<w:sdt><w:sdtContent>".repeat(2000)
    );
    let err = extract_bytes(&docx_with_document(
        deep.as_bytes(),
        CompressionMethod::Stored,
    ));
    assert!(matches!(err, Err(ExtractError::Limit(_))), "{err:?}");

    // A document part that inflates far beyond its compressed size.
    let mut big = format!("<w:document {W}><w:body><w:p><w:r><w:t>").into_bytes();
    big.extend(std::iter::repeat_n(b' ', 8 << 20));
    big.extend_from_slice(b"</w:t></w:r></w:p></w:body></w:document>");
    let err = extract_bytes(&docx_with_document(&big, CompressionMethod::Deflated));
    assert!(matches!(err, Err(ExtractError::Limit(_))), "{err:?}");

    // End to end, each is an error record, never a clean scan.
    let result = scan(
        "bomb.docx",
        &docx_with_document(bomb, CompressionMethod::Stored),
    )?;
    assert!(matches!(result.outcome, Outcome::Error(_)));
    Ok(())
}

#[test]
fn a_damaged_comment_part_is_reported_and_the_rest_still_scanned() -> TestResult {
    let doc = format!(
        "<w:document {W}><w:body>{}</w:body></w:document>",
        p(&r("联系电话 13800138000"))
    );
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#;
    let bytes = zip_of(
        &[
            ("word/document.xml", doc.as_bytes()),
            ("word/_rels/document.xml.rels", rels.as_bytes()),
            ("word/comments.xml", b"<w:comments><w:comment></w:p>&x;<<"),
        ],
        CompressionMethod::Stored,
    );
    let result = scan("a.docx", &bytes)?;
    let f = find(findings(&result), Kind::MobilePhone, "13800138000");
    assert_eq!(part_of(f), "body");
    let errors: Vec<&str> = result
        .members
        .iter()
        .filter(|m| matches!(m.outcome, Outcome::Error(_)))
        .map(|m| m.path.as_str())
        .collect();
    assert_eq!(errors, ["a.docx!/word/comments.xml"]);
    Ok(())
}
