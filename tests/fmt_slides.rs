//! Format tests (slides): PowerPoint 2007+ (`src/extract/pptx.rs`) and OpenDocument text and
//! presentations (`src/extract/odf.rs`).
//!
//! The documents are built here in memory (stored zip members, readable XML) with planted
//! checksum-valid values, scanned end to end with `scan_bytes`, and each value is checked
//! for its kind, slide/paragraph/row/column, part and `hidden` flag. Real files from the
//! shared zoo are read when it is present (`BAOMI_ZOO`, else `../shared/zoo` or
//! `../../shared/zoo` from the crate), skipped with a note otherwise.

use std::io::Write;
use std::path::PathBuf;

use baomi::engine::Engine;
use baomi::extract::{self, Budget, Ctx, Document, ExtractError, Format, Limits, Part};
use baomi::finding::{Finding, Kind};
use baomi::ruleset::RuleSet;
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};

type Res = Result<(), Box<dyn std::error::Error>>;

fn zip_of(files: &[(&str, &str)]) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, body) in files {
        w.start_file(*name, opts)?;
        w.write_all(body.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}

fn engine() -> Result<Engine, Box<dyn std::error::Error>> {
    Ok(Engine::new(&RuleSet::base()?)?)
}

fn scan(name: &str, bytes: &[u8]) -> Result<FileResult, Box<dyn std::error::Error>> {
    Ok(scan_bytes(&engine()?, name, bytes, ScanOptions::default()))
}

fn findings(result: &FileResult) -> Vec<&Finding> {
    match &result.outcome {
        Outcome::Scanned { findings, .. } => findings.iter().collect(),
        other => panic!("{} not scanned: {other:?}", result.path),
    }
}

/// The finding whose raw value is `value`.
fn found<'a>(all: &[&'a Finding], value: &str) -> &'a Finding {
    all.iter()
        .find(|f| f.value.expose() == value)
        .copied()
        .unwrap_or_else(|| {
            let seen: Vec<String> = all
                .iter()
                .map(|f| format!("{:?} {:?}", f.kind, f.location))
                .collect();
            panic!("{value} not found; findings: {seen:#?}")
        })
}

fn part(f: &Finding) -> &str {
    f.location.part.as_deref().unwrap_or("")
}

fn extract_doc(bytes: &[u8]) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "x",
        encoding: None,
    };
    extract::extract(bytes, Format::Zip, &ctx)
}

/// The segment holding `needle` and its location.
fn loc_of(doc: &Document, needle: &str) -> extract::Loc {
    let at = doc
        .text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle:?} not in {:?}", doc.text));
    doc.segment_at(at)
        .map(|s| s.loc.clone())
        .unwrap_or_else(|| panic!("no segment at {needle:?}"))
}

fn zoo_file(rel: &str) -> Option<Vec<u8>> {
    let base = env!("CARGO_MANIFEST_DIR");
    let dirs: Vec<PathBuf> = match std::env::var_os("BAOMI_ZOO") {
        Some(d) => vec![PathBuf::from(d)],
        None => vec![
            PathBuf::from(base).join("../shared/zoo"),
            PathBuf::from(base).join("../../shared/zoo"),
        ],
    };
    for dir in dirs {
        if let Ok(bytes) = std::fs::read(dir.join(rel)) {
            return Some(bytes);
        }
    }
    eprintln!("SKIP zoo file {rel} absent");
    None
}

// ---------------------------------------------------------------------------------------
// PPTX

const P_NS: &str = r#"xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:p="http://schemas.openxmlformats.org/presentationml/2006/main""#;
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

fn shape(id: u32, paras: &[&str]) -> String {
    let ps: String = paras
        .iter()
        .map(|t| format!("<a:p><a:r><a:rPr lang=\"zh-CN\"/><a:t>{t}</a:t></a:r></a:p>"))
        .collect();
    format!(
        "<p:sp><p:nvSpPr><p:cNvPr id=\"{id}\" name=\"文本框 {id}\"/><p:cNvSpPr/><p:nvPr/></p:nvSpPr>\
         <p:spPr/><p:txBody><a:bodyPr/><a:lstStyle/>{ps}</p:txBody></p:sp>"
    )
}

fn cell(t: &str) -> String {
    format!("<a:tc><a:txBody><a:bodyPr/><a:p><a:r><a:t>{t}</a:t></a:r></a:p></a:txBody><a:tcPr/></a:tc>")
}

fn sld(show: &str, shapes: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<p:sld {P_NS}{show}><p:cSld><p:spTree>\
         <p:nvGrpSpPr><p:cNvPr id=\"1\" name=\"\"/><p:cNvGrpSpPr/><p:nvPr/></p:nvGrpSpPr><p:grpSpPr/>\
         {shapes}</p:spTree></p:cSld></p:sld>"
    )
}

/// Three slides; display order (sldIdLst) differs from file names: slide2.xml is shown
/// first, slide1.xml (hidden) second, slide3.xml third.
fn sample_pptx() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let table = format!(
        "<p:graphicFrame><p:nvGraphicFramePr><p:cNvPr id=\"5\" name=\"表格 4\"/><p:cNvGraphicFramePr/><p:nvPr/></p:nvGraphicFramePr>\
         <p:xfrm/><a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/table\"><a:tbl><a:tblGrid><a:gridCol w=\"1\"/><a:gridCol w=\"1\"/></a:tblGrid>\
         <a:tr h=\"1\"><a:tc gridSpan=\"2\"><a:txBody><a:bodyPr/><a:p><a:r><a:t>困难群众名单</a:t></a:r></a:p></a:txBody></a:tc><a:tc hMerge=\"1\"><a:txBody><a:bodyPr/><a:p/></a:txBody></a:tc></a:tr>\
         <a:tr h=\"1\">{}{}</a:tr><a:tr h=\"1\">{}{}</a:tr></a:tbl></a:graphicData></a:graphic></p:graphicFrame>",
        cell("姓名"),
        cell("身份证号"),
        cell("张三"),
        cell("11010519491231002X"),
    );
    let first = sld(
        "",
        &(shape(2, &["工作通报", "联系人手机：13800138000"]) + &table),
    );
    let hidden = sld(" show=\"0\"", &shape(2, &["身份证号码 430102198001010011"]));
    let third = sld("", &shape(2, &["第三页 机密★1年"]));
    let notes = format!(
        "<p:notes {P_NS}><p:cSld><p:spTree>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"2\" name=\"Slide Image Placeholder 1\"/><p:cNvSpPr/><p:nvPr><p:ph type=\"sldImg\"/></p:nvPr></p:nvSpPr><p:spPr/></p:sp>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"3\" name=\"Notes Placeholder 2\"/><p:cNvSpPr/><p:nvPr><p:ph type=\"body\" idx=\"1\"/></p:nvPr></p:nvSpPr><p:spPr/>\
         <p:txBody><a:bodyPr/><a:p><a:r><a:t>讲稿备注：请联系13912345678</a:t></a:r></a:p></p:txBody></p:sp>\
         <p:sp><p:nvSpPr><p:cNvPr id=\"4\" name=\"Slide Number Placeholder 3\"/><p:cNvSpPr/><p:nvPr><p:ph type=\"sldNum\" idx=\"5\"/></p:nvPr></p:nvSpPr><p:spPr/>\
         <p:txBody><a:bodyPr/><a:p><a:fld id=\"{{1}}\" type=\"slidenum\"><a:t>1</a:t></a:fld></a:p></p:txBody></p:sp>\
         </p:spTree></p:cSld></p:notes>"
    );
    let comment = format!(
        "<p:cmLst {P_NS}><p:cm authorId=\"0\" dt=\"2024-01-01T00:00:00\" idx=\"1\"><p:pos x=\"10\" y=\"10\"/>\
         <p:text>核对身份证 110101199003074514</p:text></p:cm></p:cmLst>"
    );
    let pres = format!(
        "<p:presentation {P_NS}><p:sldMasterIdLst/><p:sldIdLst>\
         <p:sldId id=\"256\" r:id=\"rId12\"/><p:sldId id=\"257\" r:id=\"rId11\"/><p:sldId id=\"258\" r:id=\"rId13\"/>\
         </p:sldIdLst><p:sldSz cx=\"1\" cy=\"1\"/></p:presentation>"
    );
    let pres_rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId11\" Type=\"{REL}/slide\" Target=\"slides/slide1.xml\"/>\
         <Relationship Id=\"rId12\" Type=\"{REL}/slide\" Target=\"slides/slide2.xml\"/>\
         <Relationship Id=\"rId13\" Type=\"{REL}/slide\" Target=\"slides/slide3.xml\"/>\
         <Relationship Id=\"rId14\" Type=\"{REL}/commentAuthors\" Target=\"commentAuthors.xml\"/></Relationships>"
    );
    let slide_rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/notesSlide\" Target=\"../notesSlides/notesSlide1.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{REL}/comments\" Target=\"../comments/comment1.xml\"/></Relationships>"
    );
    let authors = format!(
        "<p:cmAuthorLst {P_NS}><p:cmAuthor id=\"0\" name=\"王五\" initials=\"W\" lastIdx=\"1\" clrIdx=\"0\"/></p:cmAuthorLst>"
    );
    let core = "<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" \
                xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>汇报</dc:title><dc:creator>赵六</dc:creator>\
                <dc:description>经办人电话13800138000</dc:description></cp:coreProperties>";
    zip_of(&[
        (
            "[Content_Types].xml",
            "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"/>",
        ),
        ("ppt/presentation.xml", &pres),
        ("ppt/_rels/presentation.xml.rels", &pres_rels),
        ("ppt/slides/slide1.xml", &hidden),
        ("ppt/slides/slide2.xml", &first),
        ("ppt/slides/_rels/slide2.xml.rels", &slide_rels),
        ("ppt/slides/slide3.xml", &third),
        ("ppt/notesSlides/notesSlide1.xml", &notes),
        ("ppt/comments/comment1.xml", &comment),
        ("ppt/commentAuthors.xml", &authors),
        ("ppt/embeddings/附件.txt", "银行卡号 6222021234567890128\n"),
        ("docProps/core.xml", core),
    ])
}

#[test]
fn pptx_slides_tables_notes_comments_hidden() -> Res {
    let bytes = sample_pptx()?;
    let result = scan("汇报.pptx", &bytes)?;
    let all = findings(&result);

    let phone = found(&all, "13800138000");
    assert_eq!(phone.kind, Kind::MobilePhone);
    assert_eq!(
        (
            phone.location.slide,
            phone.location.paragraph,
            part(phone),
            phone.hidden
        ),
        (Some(1), Some(2), "body", false)
    );

    let id = found(&all, "11010519491231002X");
    assert_eq!(id.kind, Kind::IdCard);
    assert_eq!(
        (
            id.location.slide,
            id.location.row,
            id.location.col,
            id.hidden
        ),
        (Some(1), Some(3), Some(2), false)
    );

    let hidden = found(&all, "430102198001010011");
    assert_eq!(hidden.kind, Kind::IdCard);
    assert_eq!(
        (hidden.location.slide, part(hidden), hidden.hidden),
        (Some(2), "hidden_slide", true)
    );

    let notes = found(&all, "13912345678");
    assert_eq!(
        (notes.kind, notes.location.slide, part(notes), notes.hidden),
        (Kind::MobilePhone, Some(1), "notes", true)
    );

    let comment = found(&all, "110101199003074514");
    assert_eq!(
        (comment.location.slide, part(comment), comment.hidden),
        (Some(1), "comment", true)
    );
    assert_eq!(comment.location.field.as_deref(), Some("王五"));

    let mark = all
        .iter()
        .find(|f| f.kind == Kind::ClassificationMark)
        .unwrap_or_else(|| panic!("no classification mark"));
    assert_eq!(mark.location.slide, Some(3));

    // Metadata.
    assert!(
        all.iter()
            .any(|f| part(f) == "metadata" && f.hidden && f.value.expose() == "13800138000"),
        "phone in docProps description not found"
    );

    // The embedded file is a hidden member, scanned in turn.
    let member = result
        .members
        .iter()
        .find(|m| m.path.ends_with("ppt/embeddings/附件.txt"))
        .unwrap_or_else(|| panic!("embedding not a member: {:?}", result.members));
    let card = found(&findings(member), "6222021234567890128");
    assert_eq!(card.kind, Kind::BankCard);
    assert!(card.hidden, "a finding in an embedded file is hidden");
    Ok(())
}

#[test]
fn pptx_text_layout_and_boilerplate() -> Result<(), ExtractError> {
    let bytes = sample_pptx().map_err(|e| ExtractError::Corrupt(e.to_string()))?;
    let doc = extract_doc(&bytes)?;
    assert_eq!(doc.format, "pptx");
    // Display order, not file-name order; title row as a paragraph; header row first.
    let first = doc.text.find("工作通报");
    let hidden = doc.text.find("身份证号码 4301");
    assert!(first < hidden, "slide order: {:?}", doc.text);
    assert!(
        doc.text
            .contains("\n困难群众名单\n姓名\t身份证号\n张三\t11010519491231002X\n"),
        "{:?}",
        doc.text
    );
    // The slide-number placeholder of the notes page is not read.
    let notes = loc_of(&doc, "讲稿备注");
    assert_eq!((notes.part, notes.slide), (Part::Notes, Some(1)));
    assert!(!doc.text.contains("\n1\n"), "{:?}", doc.text);
    let title = loc_of(&doc, "困难群众名单");
    assert_eq!((title.row, title.col), (Some(1), Some(1)));
    Ok(())
}

#[test]
fn pptx_broken_slide_is_a_member_error_and_the_rest_is_read() -> Res {
    let pres = format!(
        "<p:presentation {P_NS}><p:sldIdLst><p:sldId id=\"256\" r:id=\"rId1\"/><p:sldId id=\"257\" r:id=\"rId2\"/></p:sldIdLst></p:presentation>"
    );
    let rels = format!(
        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">\
         <Relationship Id=\"rId1\" Type=\"{REL}/slide\" Target=\"slides/slide1.xml\"/>\
         <Relationship Id=\"rId2\" Type=\"{REL}/slide\" Target=\"slides/slide2.xml\"/></Relationships>"
    );
    let deep = format!("<p:sld {P_NS}>{}", "<a:x>".repeat(1000));
    let good = sld("", &shape(2, &["电话13800138000"]));
    let bytes = zip_of(&[
        ("ppt/presentation.xml", &pres),
        ("ppt/_rels/presentation.xml.rels", &rels),
        ("ppt/slides/slide1.xml", &deep),
        ("ppt/slides/slide2.xml", &good),
    ])?;
    let result = scan("x.pptx", &bytes)?;
    let phone = found(&findings(&result), "13800138000");
    assert_eq!(phone.location.slide, Some(2));
    let error = result
        .members
        .iter()
        .find(|m| m.path.ends_with("ppt/slides/slide1.xml"))
        .unwrap_or_else(|| panic!("no member error: {:?}", result.members));
    assert!(
        matches!(&error.outcome, Outcome::Error(e) if e.contains("deeper")),
        "{error:?}"
    );
    Ok(())
}

#[test]
fn pptx_hostile_inputs_are_errors() -> Res {
    let bytes = sample_pptx()?;
    // Truncated: the central directory is gone.
    let cut = bytes.get(..bytes.len() / 2).unwrap_or(&bytes);
    let result = scan("cut.pptx", cut)?;
    assert!(
        matches!(result.outcome, Outcome::Error(_)),
        "{:?}",
        result.outcome
    );
    // The right magic, then garbage.
    let mut junk = b"PK\x03\x04".to_vec();
    junk.extend(std::iter::repeat_n(0x5Au8, 4000));
    let result = scan("junk.pptx", &junk)?;
    assert!(
        matches!(result.outcome, Outcome::Error(_)),
        "{:?}",
        result.outcome
    );
    // presentation.xml with a DTD (entity bomb carrier).
    let bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aaaa\">]><p:presentation>&a;</p:presentation>";
    let bytes = zip_of(&[("ppt/presentation.xml", bomb)])?;
    let result = scan("bomb.pptx", &bytes)?;
    assert!(
        matches!(&result.outcome, Outcome::Error(e) if e.contains("DTD")),
        "{:?}",
        result.outcome
    );
    Ok(())
}

#[test]
fn zoo_pptx_comment() -> Result<(), ExtractError> {
    let Some(bytes) = zoo_file("ppt/testComment.pptx") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes)?;
    let text = loc_of(&doc, "Here is some text");
    assert_eq!(
        (text.slide, text.part, text.hidden),
        (Some(1), Part::Body, false)
    );
    let comment = loc_of(&doc, "Here is a comment");
    assert_eq!(
        (comment.slide, comment.part, comment.hidden),
        (Some(1), Part::Comment, true)
    );
    assert_eq!(comment.field.as_deref(), Some("Michael McCandless"));
    Ok(())
}

#[test]
fn zoo_pptx_notes_and_hidden_slide() -> Result<(), ExtractError> {
    let Some(bytes) = zoo_file("ppt/testPPT_various2.pptx") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes)?;
    let n2 = loc_of(&doc, "NotesForSlide2");
    assert_eq!((n2.slide, n2.part, n2.hidden), (Some(2), Part::Notes, true));
    let n3 = loc_of(&doc, "Notes for slide3");
    assert_eq!((n3.slide, n3.part), (Some(3), Part::Notes));
    let hidden = loc_of(&doc, "This slide is hidden");
    assert_eq!(
        (hidden.slide, hidden.part, hidden.hidden),
        (Some(9), Part::HiddenSlide, true)
    );
    let cell = loc_of(&doc, "r2c1");
    assert_eq!(
        (cell.slide, cell.row, cell.col),
        (Some(2), Some(2), Some(1))
    );
    assert_eq!(loc_of(&doc, "SmartList1").slide, Some(4));
    assert_eq!(loc_of(&doc, "Slide2Comment").part, Part::Comment);
    let embedded: Vec<&str> = doc.members.iter().map(|m| m.name.as_str()).collect();
    assert!(
        embedded.contains(&"ppt/embeddings/Microsoft_Excel_Worksheet.xlsx"),
        "{embedded:?}"
    );
    assert!(doc.members.iter().all(|m| m.hidden));
    Ok(())
}

#[test]
fn zoo_pptx_wps_attachments() -> Result<(), ExtractError> {
    let Some(bytes) = zoo_file("ppt/testWPSAttachment.pptx") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes)?;
    let names: Vec<&str> = doc.members.iter().map(|m| m.name.as_str()).collect();
    for want in [
        "ppt/embeddings/Workbook2.xlsx",
        "ppt/embeddings/Document2.docx",
        "ppt/embeddings/Presentation2.pptx",
        "ppt/embeddings/oleObject1.bin",
    ] {
        assert!(names.contains(&want), "{want} missing from {names:?}");
    }
    assert!(doc.members.iter().all(|m| m.hidden && m.content.is_ok()));
    assert_eq!(loc_of(&doc, "WPS 演示").part, Part::Metadata);
    Ok(())
}

// ---------------------------------------------------------------------------------------
// OpenDocument

const O_NS: &str = r#"xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" xmlns:presentation="urn:oasis:names:tc:opendocument:xmlns:presentation:1.0" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" office:version="1.3""#;

fn manifest(media: &str, encrypted: bool) -> String {
    let enc = if encrypted {
        "<manifest:encryption-data manifest:checksum-type=\"SHA1/1K\" manifest:checksum=\"x\">\
         <manifest:algorithm manifest:algorithm-name=\"Blowfish CFB\" manifest:initialisation-vector=\"x\"/></manifest:encryption-data>"
    } else {
        ""
    };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<manifest:manifest xmlns:manifest=\"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0\" manifest:version=\"1.3\">\
         <manifest:file-entry manifest:full-path=\"/\" manifest:media-type=\"{media}\"/>\
         <manifest:file-entry manifest:full-path=\"content.xml\" manifest:media-type=\"text/xml\">{enc}</manifest:file-entry>\
         </manifest:manifest>"
    )
}

const ODT: &str = "application/vnd.oasis.opendocument.text";
const ODP: &str = "application/vnd.oasis.opendocument.presentation";

fn sample_odt() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let content = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-content {O_NS}>\
         <office:automatic-styles><style:style style:name=\"T1\" style:family=\"text\"><style:text-properties text:display=\"none\"/></style:style></office:automatic-styles>\
         <office:body><office:text>\
         <text:tracked-changes><text:changed-region text:id=\"ct1\"><text:deletion>\
         <office:change-info><dc:creator>王五</dc:creator><dc:date>2024-01-01T00:00:00</dc:date></office:change-info>\
         <text:p>原稿：身份证 430102198001010011</text:p></text:deletion></text:changed-region></text:tracked-changes>\
         <text:h text:outline-level=\"1\">关于低保对象的公示</text:h>\n\
         <text:p>联系电话：<text:s/>13800138000<text:change text:change-id=\"ct1\"/>。\
         <office:annotation><dc:creator>李四</dc:creator><dc:date>2024-01-01T00:00:00</dc:date><text:p>核对 110101199003074514</text:p></office:annotation>请核对</text:p>\n\
         <text:p>公开<text:span text:style-name=\"T1\">手机13912345678</text:span>内容</text:p>\n\
         <table:table table:name=\"表格1\"><table:table-column table:number-columns-repeated=\"2\"/>\
         <table:table-row><table:table-cell><text:p>姓名</text:p></table:table-cell><table:table-cell><text:p>身份证号</text:p></table:table-cell></table:table-row>\
         <table:table-row><table:table-cell><text:p>张三</text:p></table:table-cell><table:table-cell><text:p>11010519491231002X</text:p></table:table-cell>\
         <table:table-cell table:number-columns-repeated=\"16384\"/></table:table-row>\
         </table:table>\
         </office:text></office:body></office:document-content>"
    );
    let styles = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-styles {O_NS}><office:master-styles>\
         <style:master-page style:name=\"Standard\" style:page-layout-name=\"pm1\">\
         <style:header><text:p>机密★1年</text:p></style:header>\
         <style:footer><text:p>承办人手机 13912345678</text:p></style:footer></style:master-page>\
         </office:master-styles></office:document-styles>"
    );
    let meta = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<office:document-meta {O_NS}><office:meta>\
         <meta:generator>LibreOffice</meta:generator><dc:title>公示</dc:title>\
         <meta:initial-creator>赵六</meta:initial-creator><dc:creator>赵六</dc:creator>\
         <meta:user-defined meta:name=\"经办人身份证\">110101199003074514</meta:user-defined>\
         </office:meta></office:document-meta>"
    );
    zip_of(&[
        ("mimetype", ODT),
        ("META-INF/manifest.xml", &manifest(ODT, false)),
        ("content.xml", &content),
        ("styles.xml", &styles),
        ("meta.xml", &meta),
    ])
}

#[test]
fn odt_body_table_comment_deletion_header_footer_meta() -> Res {
    let bytes = sample_odt()?;
    let result = scan("公示.odt", &bytes)?;
    let all = findings(&result);

    let phone = found(&all, "13800138000");
    assert_eq!(
        (
            phone.kind,
            phone.location.paragraph,
            part(phone),
            phone.hidden
        ),
        (Kind::MobilePhone, Some(2), "body", false)
    );

    let id = found(&all, "11010519491231002X");
    assert_eq!(
        (id.kind, id.location.row, id.location.col, id.hidden),
        (Kind::IdCard, Some(2), Some(2), false)
    );

    let deleted = found(&all, "430102198001010011");
    assert_eq!((part(deleted), deleted.hidden), ("tracked_change", true));
    assert_eq!(deleted.location.field.as_deref(), Some("王五"));

    let comments: Vec<&&Finding> = all
        .iter()
        .filter(|f| f.value.expose() == "110101199003074514")
        .collect();
    let comment = comments
        .iter()
        .find(|f| part(f) == "comment")
        .unwrap_or_else(|| panic!("comment finding missing"));
    assert!(comment.hidden);
    assert_eq!(comment.location.field.as_deref(), Some("李四"));
    let custom = comments
        .iter()
        .find(|f| part(f) == "metadata")
        .unwrap_or_else(|| panic!("user-defined property finding missing"));
    assert_eq!(
        custom.location.field.as_deref(),
        Some("custom:经办人身份证")
    );

    let phones: Vec<&&Finding> = all
        .iter()
        .filter(|f| f.value.expose() == "13912345678")
        .collect();
    assert!(
        phones.iter().any(|f| part(f) == "hidden_text" && f.hidden),
        "hidden span"
    );
    assert!(
        phones.iter().any(|f| part(f) == "footer" && !f.hidden),
        "footer"
    );
    let mark = all
        .iter()
        .find(|f| f.kind == Kind::ClassificationMark)
        .unwrap_or_else(|| panic!("no classification mark"));
    assert_eq!(part(mark), "header");
    Ok(())
}

#[test]
fn odt_text_layout() -> Result<(), ExtractError> {
    let bytes = sample_odt().map_err(|e| ExtractError::Corrupt(e.to_string()))?;
    let doc = extract_doc(&bytes)?;
    assert_eq!(doc.format, "odt");
    assert!(
        doc.text.contains("联系电话： 13800138000。请核对\n"),
        "{:?}",
        doc.text
    );
    assert!(doc.text.contains("公开内容\n"), "{:?}", doc.text);
    // Header row first; the 16384 repeated empty cells are not written out.
    assert!(
        doc.text
            .contains("\n姓名\t身份证号\n张三\t11010519491231002X\n"),
        "{:?}",
        doc.text
    );
    assert_eq!(loc_of(&doc, "赵六").part, Part::Metadata);
    assert!(!doc.text.contains("LibreOffice"));
    Ok(())
}

#[test]
fn odp_slides_notes_hidden_slide() -> Res {
    let content = format!(
        "<office:document-content {O_NS}>\
         <office:automatic-styles><style:style style:name=\"dp2\" style:family=\"drawing-page\"><style:drawing-page-properties presentation:visibility=\"hidden\"/></style:style></office:automatic-styles>\
         <office:body><office:presentation>\
         <draw:page draw:name=\"page1\" draw:master-page-name=\"Default\">\
         <draw:frame presentation:class=\"title\"><draw:text-box><text:p>工作汇报</text:p></draw:text-box></draw:frame>\
         <draw:frame presentation:class=\"outline\"><draw:text-box><text:p>联系电话13800138000</text:p></draw:text-box></draw:frame>\
         <presentation:notes><draw:page-thumbnail draw:page-number=\"1\"/><draw:frame presentation:class=\"notes\"><draw:text-box><text:p>备注：手机13912345678</text:p></draw:text-box></draw:frame></presentation:notes>\
         </draw:page>\
         <draw:page draw:name=\"page2\" draw:style-name=\"dp2\">\
         <draw:frame><draw:text-box><text:p>身份证 430102198001010011</text:p></draw:text-box></draw:frame></draw:page>\
         <draw:page draw:name=\"page3\"><draw:frame><table:table><table:table-row><table:table-cell><text:p>姓名</text:p></table:table-cell><table:table-cell><text:p>身份证号</text:p></table:table-cell></table:table-row>\
         <table:table-row><table:table-cell><text:p>张三</text:p></table:table-cell><table:table-cell><text:p>11010519491231002X</text:p></table:table-cell></table:table-row></table:table></draw:frame></draw:page>\
         </office:presentation></office:body></office:document-content>"
    );
    let bytes = zip_of(&[
        ("mimetype", ODP),
        ("META-INF/manifest.xml", &manifest(ODP, false)),
        ("content.xml", &content),
    ])?;
    let result = scan("汇报.odp", &bytes)?;
    let all = findings(&result);
    let phone = found(&all, "13800138000");
    assert_eq!(
        (
            phone.location.slide,
            phone.location.paragraph,
            part(phone),
            phone.hidden
        ),
        (Some(1), Some(2), "body", false)
    );
    let notes = found(&all, "13912345678");
    assert_eq!(
        (notes.location.slide, part(notes), notes.hidden),
        (Some(1), "notes", true)
    );
    let hidden = found(&all, "430102198001010011");
    assert_eq!(
        (hidden.location.slide, part(hidden), hidden.hidden),
        (Some(2), "hidden_slide", true)
    );
    let id = found(&all, "11010519491231002X");
    assert_eq!(
        (id.location.slide, id.location.row, id.location.col),
        (Some(3), Some(2), Some(2))
    );
    Ok(())
}

#[test]
fn odf_encrypted_and_hostile() -> Res {
    // Encrypted: the manifest says so; content.xml is ciphertext.
    let bytes = zip_of(&[
        ("mimetype", ODT),
        ("META-INF/manifest.xml", &manifest(ODT, true)),
        ("content.xml", "\u{1}\u{2}binary"),
    ])?;
    let result = scan("x.odt", &bytes)?;
    assert!(
        matches!(&result.outcome, Outcome::Error(e) if e.contains("encrypted")),
        "{:?}",
        result.outcome
    );
    // No content.xml.
    let bytes = zip_of(&[
        ("mimetype", ODT),
        ("META-INF/manifest.xml", &manifest(ODT, false)),
    ])?;
    let result = scan("x.odt", &bytes)?;
    assert!(
        matches!(result.outcome, Outcome::Error(_)),
        "{:?}",
        result.outcome
    );
    // Nesting far deeper than any document.
    let deep = format!(
        "<office:document-content {O_NS}><office:body><office:text>{}",
        "<text:span>".repeat(5000)
    );
    let bytes = zip_of(&[("mimetype", ODT), ("content.xml", &deep)])?;
    let result = scan("x.odt", &bytes)?;
    assert!(
        matches!(&result.outcome, Outcome::Error(e) if e.contains("deeper")),
        "{:?}",
        result.outcome
    );
    // Truncated.
    let good = sample_odt()?;
    let cut = good.get(..good.len() - 40).unwrap_or(&good);
    let result = scan("x.odt", cut)?;
    assert!(
        matches!(result.outcome, Outcome::Error(_)),
        "{:?}",
        result.outcome
    );
    // A broken styles.xml is a member error; the body is still read.
    let content = format!(
        "<office:document-content {O_NS}><office:body><office:text><text:p>电话13800138000</text:p></office:text></office:body></office:document-content>"
    );
    let bytes = zip_of(&[
        ("mimetype", ODT),
        ("content.xml", &content),
        (
            "styles.xml",
            "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY a \"b\">]><x>&a;</x>",
        ),
    ])?;
    let result = scan("x.odt", &bytes)?;
    found(&findings(&result), "13800138000");
    assert!(
        result
            .members
            .iter()
            .any(|m| m.path.ends_with("styles.xml") && matches!(m.outcome, Outcome::Error(_))),
        "{:?}",
        result.members
    );
    Ok(())
}

#[test]
fn zoo_odt_footer() -> Result<(), ExtractError> {
    let Some(bytes) = zoo_file("odf/testFooter.odt") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes)?;
    let footer = loc_of(&doc, "Here is footer text");
    assert_eq!((footer.part, footer.hidden), (Part::Footer, false));
    assert_eq!(loc_of(&doc, "Here is some text on page 2").part, Part::Body);
    let creator = loc_of(&doc, "Michael McCandless");
    assert_eq!(creator.part, Part::Metadata);
    Ok(())
}

#[test]
fn zoo_odt_openoffice2() -> Result<(), ExtractError> {
    let Some(bytes) = zoo_file("odf/testOpenOffice2.odt") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes)?;
    let loc = loc_of(&doc, "This is a sample Open Office document");
    assert_eq!((loc.part, loc.paragraph), (Part::Body, Some(1)));
    assert!(doc.text.contains("for the Mac"), "{:?}", doc.text);
    Ok(())
}

#[test]
fn zoo_odt_encrypted() {
    let Some(bytes) = zoo_file("hostile/testODTEncrypted.odt") else {
        return;
    };
    let got = extract_doc(&bytes);
    assert!(matches!(got, Err(ExtractError::Encrypted(_))), "{got:?}");
}
