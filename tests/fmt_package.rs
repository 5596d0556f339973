//! Format tests (package): OFD, zip and 7z. OFD and zip inputs are built here with
//! `zip::ZipWriter` (stored or deflated, readable in the source); 7z and ZipCrypto inputs
//! come from `tests/fixtures/formats/package/` (made by `scripts/gen_package_fixtures.py`).
//! Zoo files are used when `../shared/zoo` (or `BAOMI_ZOO`) is present.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use baomi::engine::Engine;
use baomi::extract::{self, Budget, Ctx, Format, Limits, Part};
use baomi::finding::{Finding, Kind};
use baomi::ruleset::RuleSet;
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipWriter};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn engine() -> Result<Engine, Box<dyn std::error::Error>> {
    Ok(Engine::new(&RuleSet::base()?)?)
}

fn zip_with(entries: &[(&str, &[u8])], method: CompressionMethod) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(method);
    for (name, bytes) in entries {
        w.start_file(*name, options).unwrap();
        w.write_all(bytes).unwrap();
    }
    w.finish().unwrap().into_inner()
}

fn stored(entries: &[(&str, &[u8])]) -> Vec<u8> {
    zip_with(entries, CompressionMethod::Stored)
}

fn findings(r: &FileResult) -> &[Finding] {
    match &r.outcome {
        Outcome::Scanned { findings, .. } => findings,
        _ => &[],
    }
}

fn error(r: &FileResult) -> Option<&str> {
    match &r.outcome {
        Outcome::Error(e) => Some(e),
        _ => None,
    }
}

fn find<'a>(r: &'a FileResult, path: &str) -> &'a FileResult {
    r.flatten()
        .into_iter()
        .find(|m| m.path == path)
        .unwrap_or_else(|| {
            let all: Vec<&str> = r.flatten().iter().map(|m| m.path.as_str()).collect();
            panic!("no result {path} in {all:?}")
        })
}

/// The finding whose raw value is `value`.
fn with_value<'a>(r: &'a FileResult, value: &str) -> &'a Finding {
    findings(r)
        .iter()
        .find(|f| f.value.expose() == value)
        .unwrap_or_else(|| {
            let got: Vec<(&String, Kind)> = findings(r)
                .iter()
                .map(|f| (f.value.expose(), f.kind))
                .collect();
            panic!("{value} not found in {}: {got:?}", r.path)
        })
}

fn part(f: &Finding) -> &str {
    f.location.part.as_deref().unwrap_or("")
}

// --- OFD -----------------------------------------------------------------------------

const NS16: &str = "http://www.ofdspec.org/2016";

fn ofd_xml() -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:OFD xmlns:ofd="{NS16}" DocType="OFD" Version="1.0"><ofd:DocBody><ofd:DocInfo>
<ofd:DocID>ab12</ofd:DocID><ofd:Title>关于公示的通知</ofd:Title><ofd:Author>张三</ofd:Author>
<ofd:CreationDate>2024-01-02</ofd:CreationDate><ofd:Creator>OFD R&amp;W</ofd:Creator>
<ofd:Keywords><ofd:Keyword>公示</ofd:Keyword></ofd:Keywords>
<ofd:CustomDatas><ofd:CustomData Name="纳税人识别号">430102198001010011</ofd:CustomData></ofd:CustomDatas>
</ofd:DocInfo><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot>
<ofd:Signatures>Doc_0/Signs/Signatures.xml</ofd:Signatures></ofd:DocBody></ofd:OFD>"#
    )
}

const DOCUMENT: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Document xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CommonData>
<ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea>
<ofd:TemplatePage ID="9" BaseLoc="Tpls/Tpl_0/Content.xml"/>
<ofd:TemplatePage ID="10" BaseLoc="Tpls/Tpl_1/Content.xml"/></ofd:CommonData>
<ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/>
<ofd:Page ID="2" BaseLoc="/Doc_0/Pages/Page_1/Content.xml"/></ofd:Pages>
<ofd:Annotations>Annots/Annotations.xml</ofd:Annotations>
<ofd:Attachments>Attachs/Attachments.xml</ofd:Attachments>
<ofd:CustomTags>Tags/CustomTags.xml</ofd:CustomTags></ofd:Document>"#;

/// Page 1: an ID in one TextCode, a bank card inside a PageBlock, hidden text; uses
/// template 9.
const PAGE_1: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Template TemplateID="9" ZOrder="Background"/>
<ofd:Content><ofd:Layer ID="2">
<ofd:TextObject ID="3" Boundary="20 30 150 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4" DeltaX="g 26 4">申请人张三，身份证号：11010519491231002X</ofd:TextCode></ofd:TextObject>
<ofd:PageBlock ID="4"><ofd:PageBlock ID="5"><ofd:TextObject ID="6" Boundary="20 40 150 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4">银行卡号：6222021234567890128</ofd:TextCode></ofd:TextObject></ofd:PageBlock></ofd:PageBlock>
<ofd:TextObject ID="7" Boundary="20 50 150 6" Font="1" Size="4" Visible="false"><ofd:TextCode X="0" Y="4">联系电话13912345678</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>"#;

/// Page 2 (the other namespace): an ID written one glyph per TextObject, in shuffled
/// order, glyph boxes at different heights on one baseline, after a label.
fn page_2() -> String {
    let id = "110101199003074514";
    let mut objects = Vec::new();
    for (i, c) in id.chars().enumerate() {
        let x = 60.0 + 2.2 * i as f64;
        // The box top varies per glyph; Y compensates so the baseline is 104.
        let top = 100.0 + 0.1 * (i % 3) as f64;
        objects.push(format!(
            r#"<ofd:TextObject ID="{}" Boundary="{x:.2} {top:.2} 2.2 4.4" Font="2" Size="4.4"><ofd:TextCode X="0" Y="{:.2}">{c}</ofd:TextCode></ofd:TextObject>"#,
            100 + i,
            104.0 - top
        ));
    }
    // Shuffle deterministically: odd positions first, then even ones reversed.
    let mut shuffled: Vec<String> = objects.iter().skip(1).step_by(2).cloned().collect();
    shuffled.extend(objects.iter().step_by(2).rev().cloned());
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="http://www.ofdspec.org"><ofd:Content><ofd:Layer ID="2">
<ofd:TextObject ID="90" Boundary="20 100 40 5" Font="2" Size="4.4"><ofd:TextCode X="0" Y="4" DeltaX="g 4 4.4">公民身份号码</ofd:TextCode></ofd:TextObject>
{}
</ofd:Layer></ofd:Content></ofd:Page>"#,
        shuffled.join("\n")
    )
}

const TEMPLATE: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">
<ofd:TextObject ID="1" Boundary="150 10 40 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4">机密★1年</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>"#;

/// A template no page uses: stored but never shown.
const TEMPLATE_UNUSED: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Page xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Content><ofd:Layer ID="1">
<ofd:TextObject ID="1" Boundary="150 10 40 6" Font="1" Size="4"><ofd:TextCode X="0" Y="4">旧模板 13700001111</ofd:TextCode></ofd:TextObject>
</ofd:Layer></ofd:Content></ofd:Page>"#;

const ANNOTATIONS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Annotations xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Page PageID="1"><ofd:FileLoc>Page_0/Annotation.xml</ofd:FileLoc></ofd:Page></ofd:Annotations>"#;

const ANNOTATION: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:PageAnnot xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Annot ID="1" Type="Highlight" Creator="李四">
<ofd:Remark>请核对，经办人电话18612345678</ofd:Remark><ofd:Appearance Boundary="0 0 10 10"/></ofd:Annot></ofd:PageAnnot>"#;

const ATTACHMENTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:Attachments xmlns:ofd="http://www.ofdspec.org/2016"><ofd:Attachment ID="1" Name="联系人" Format="txt" Visible="false"><ofd:FileLoc>contacts.txt</ofd:FileLoc></ofd:Attachment></ofd:Attachments>"#;

const CUSTOM_TAGS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<ofd:CustomTags xmlns:ofd="http://www.ofdspec.org/2016"><ofd:CustomTag TypeID="x"><ofd:FileLoc>Tag_0.xml</ofd:FileLoc></ofd:CustomTag></ofd:CustomTags>"#;

const TAG: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<x:Form xmlns:x="urn:x"><x:Holder>王五</x:Holder><x:BankCard>6222021234567890128</x:BankCard></x:Form>"#;

fn ofd_package() -> Vec<u8> {
    let ofd = ofd_xml();
    let page2 = page_2();
    stored(&[
        ("OFD.xml", ofd.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", PAGE_1.as_bytes()),
        ("Doc_0/Pages/Page_1/Content.xml", page2.as_bytes()),
        ("Doc_0/Tpls/Tpl_0/Content.xml", TEMPLATE.as_bytes()),
        ("Doc_0/Tpls/Tpl_1/Content.xml", TEMPLATE_UNUSED.as_bytes()),
        ("Doc_0/Annots/Annotations.xml", ANNOTATIONS.as_bytes()),
        ("Doc_0/Annots/Page_0/Annotation.xml", ANNOTATION.as_bytes()),
        ("Doc_0/Attachs/Attachments.xml", ATTACHMENTS.as_bytes()),
        (
            "Doc_0/Attachs/contacts.txt",
            "联系人 王五 13800138000\n".as_bytes(),
        ),
        ("Doc_0/Tags/CustomTags.xml", CUSTOM_TAGS.as_bytes()),
        ("Doc_0/Tags/Tag_0.xml", TAG.as_bytes()),
    ])
}

fn extract_doc(bytes: &[u8], name: &str) -> Result<extract::Document, extract::ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name,
        encoding: None,
    };
    extract::extract(bytes, Format::Zip, &ctx)
}

#[test]
fn ofd_metadata_fields() -> TestResult {
    let doc = extract_doc(&ofd_package(), "t.ofd")?;
    assert_eq!(doc.format, "ofd");
    let field = |name: &str| {
        doc.segments
            .iter()
            .find(|s| s.loc.field.as_deref() == Some(name))
            .map(|s| (&doc.text[s.start..s.end], s.loc.part, s.loc.hidden))
    };
    assert_eq!(field("Author"), Some(("张三", Part::Metadata, true)));
    assert_eq!(
        field("Title"),
        Some(("关于公示的通知", Part::Metadata, true))
    );
    assert_eq!(field("Keyword"), Some(("公示", Part::Metadata, true)));
    assert_eq!(field("Creator"), Some(("OFD R&W", Part::Metadata, true)));
    assert_eq!(field("DocID"), None);
    assert_eq!(field("CreationDate"), None);
    // The per-glyph ID is one line with its label.
    assert!(
        doc.text.contains("公民身份号码 110101199003074514\n"),
        "{}",
        doc.text
    );
    Ok(())
}

#[test]
fn ofd_findings_have_page_part_and_hidden() -> TestResult {
    let engine = engine()?;
    let r = scan_bytes(&engine, "t.ofd", &ofd_package(), ScanOptions::default());
    assert!(error(&r).is_none(), "{:?}", r.outcome);

    let tax = with_value(&r, "430102198001010011");
    assert_eq!(tax.kind, Kind::IdCard);
    assert_eq!(part(tax), "metadata");
    assert_eq!(tax.location.field.as_deref(), Some("纳税人识别号"));
    assert!(tax.hidden);

    let id = with_value(&r, "11010519491231002X");
    assert_eq!(id.kind, Kind::IdCard);
    assert_eq!(
        (id.location.page, part(id), id.hidden),
        (Some(1), "body", false)
    );
    assert_eq!(id.location.paragraph, Some(1));

    let card = with_value(&r, "6222021234567890128");
    assert_eq!(card.kind, Kind::BankCard);
    assert_eq!(
        (card.location.page, part(card), card.hidden),
        (Some(1), "body", false)
    );

    let hidden = with_value(&r, "13912345678");
    assert_eq!(hidden.kind, Kind::MobilePhone);
    assert_eq!(
        (hidden.location.page, part(hidden), hidden.hidden),
        (Some(1), "hidden_text", true)
    );

    let glyphs = with_value(&r, "110101199003074514");
    assert_eq!(glyphs.kind, Kind::IdCard);
    assert_eq!(
        (glyphs.location.page, part(glyphs), glyphs.hidden),
        (Some(2), "body", false)
    );

    let mark = findings(&r)
        .iter()
        .find(|f| f.kind == Kind::ClassificationMark)
        .expect("template mark");
    assert_eq!(
        (mark.location.page, part(mark), mark.hidden),
        (Some(1), "other", false)
    );

    let unused = with_value(&r, "13700001111");
    assert_eq!((part(unused), unused.hidden), ("other", true));

    let annot = with_value(&r, "18612345678");
    assert_eq!(
        (annot.location.page, part(annot), annot.hidden),
        (Some(1), "annotation", true)
    );

    let tag = findings(&r)
        .iter()
        .find(|f| part(f) == "form_data")
        .expect("custom tag value");
    assert_eq!((tag.kind, tag.hidden), (Kind::BankCard, true));

    // The attachment is a hidden member; its name is scanned too.
    assert_eq!(r.members.len(), 1);
    let att = find(&r, "t.ofd!/联系人.txt");
    let phone = with_value(att, "13800138000");
    assert!(phone.hidden);
    Ok(())
}

#[test]
fn ofd_damaged_parts() -> TestResult {
    let engine = engine()?;
    // No DocRoot at all: the whole file is an error.
    let ofd = format!(r#"<ofd:OFD xmlns:ofd="{NS16}"><ofd:DocBody/></ofd:OFD>"#);
    let r = scan_bytes(
        &engine,
        "a.ofd",
        &stored(&[("OFD.xml", ofd.as_bytes())]),
        ScanOptions::default(),
    );
    assert!(
        error(&r).is_some_and(|e| e.contains("damaged")),
        "{:?}",
        r.outcome
    );

    // A broken page: the other page and the metadata are still read, the page is an
    // error record.
    let ofd = ofd_xml();
    let broken = "<ofd:Page><ofd:Content><ofd:Layer><ofd:TextObject></ofd:Broken attr=>";
    let bytes = stored(&[
        ("OFD.xml", ofd.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", broken.as_bytes()),
        ("Doc_0/Pages/Page_1/Content.xml", page_2().as_bytes()),
    ]);
    let r = scan_bytes(&engine, "b.ofd", &bytes, ScanOptions::default());
    assert!(findings(&r)
        .iter()
        .any(|f| f.value.expose() == "110101199003074514"));
    let page = find(&r, "b.ofd!/Doc_0/Pages/Page_0/Content.xml");
    assert!(
        error(page).is_some_and(|e| e.contains("damaged")),
        "{:?}",
        page.outcome
    );

    // A DTD in a page is refused (entity bombs), not expanded.
    let bomb = r#"<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaaaaaaaa">]><ofd:Page xmlns:ofd="x"><ofd:Content/></ofd:Page>"#;
    let bytes = stored(&[
        ("OFD.xml", ofd.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", bomb.as_bytes()),
    ]);
    let r = scan_bytes(&engine, "c.ofd", &bytes, ScanOptions::default());
    let page = find(&r, "c.ofd!/Doc_0/Pages/Page_0/Content.xml");
    assert!(
        error(page).is_some_and(|e| e.contains("limit")),
        "{:?}",
        page.outcome
    );
    // A page the package does not have is reported, not dropped.
    let gone = find(&r, "c.ofd!/Doc_0/Pages/Page_1/Content.xml");
    assert!(
        error(gone).is_some_and(|e| e.contains("missing")),
        "{:?}",
        gone.outcome
    );

    // Pages with no text (a scanned document): said so, not a clean pass.
    let image_page = r#"<ofd:Page xmlns:ofd="x"><ofd:Content><ofd:Layer><ofd:ImageObject ID="1" ResourceID="2"/></ofd:Layer></ofd:Content></ofd:Page>"#;
    let bytes = stored(&[
        ("OFD.xml", ofd.as_bytes()),
        ("Doc_0/Document.xml", DOCUMENT.as_bytes()),
        ("Doc_0/Pages/Page_0/Content.xml", image_page.as_bytes()),
        ("Doc_0/Pages/Page_1/Content.xml", image_page.as_bytes()),
    ]);
    let r = scan_bytes(&engine, "d.ofd", &bytes, ScanOptions::default());
    let notext = find(&r, "d.ofd!/(page text)");
    assert!(
        error(notext).is_some_and(|e| e.contains("no text layer")),
        "{:?}",
        notext.outcome
    );

    // Truncated package.
    let full = ofd_package();
    let r = scan_bytes(
        &engine,
        "e.ofd",
        &full[..full.len() / 2],
        ScanOptions::default(),
    );
    assert!(error(&r).is_some(), "{:?}", r.outcome);
    Ok(())
}

// --- zip -----------------------------------------------------------------------------

const ID_TEXT: &str = "身份证号：11010519491231002X\n";

#[test]
fn zip_members_names_and_comment() -> TestResult {
    let engine = engine()?;
    let b = zip_with(
        &[("c.txt", ID_TEXT.as_bytes())],
        CompressionMethod::Deflated,
    );
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    w.add_directory("附件/", opts)?;
    w.start_file("附件/b.zip", opts)?;
    w.write_all(&b)?;
    w.start_file("张三_13800138000.jpg", opts)?;
    w.write_all(b"\xFF\xD8\xFF\xE0not really")?;
    w.set_comment("经办人 13912345678")?;
    let a = w.finish()?.into_inner();

    let r = scan_bytes(&engine, "a.zip", &a, ScanOptions::default());
    let inner = find(&r, "a.zip!/附件/b.zip!/c.txt");
    let id = with_value(inner, "11010519491231002X");
    assert!(!id.hidden);
    // Member names are scanned as file names (visible), the comment as metadata.
    let name = with_value(&r, "13800138000");
    assert_eq!((part(name), name.hidden), ("file_name", false));
    let comment = with_value(&r, "13912345678");
    assert_eq!((part(comment), comment.hidden), ("metadata", true));
    // The directory is not a member; the image is skipped with a reason.
    let paths: Vec<&str> = r.flatten().iter().map(|m| m.path.as_str()).collect();
    assert!(!paths.iter().any(|p| p.ends_with("附件/")), "{paths:?}");
    let image = find(&r, "a.zip!/张三_13800138000.jpg");
    assert!(
        matches!(image.outcome, Outcome::Skipped(_)),
        "{:?}",
        image.outcome
    );
    Ok(())
}

#[test]
fn zip_gbk_member_name() -> TestResult {
    let engine = engine()?;
    let (gbk, _, _) = encoding_rs::GBK.encode("张三身份证.txt");
    let placeholder = "X".repeat(gbk.len() - 4) + ".txt";
    let mut bytes = stored(&[(placeholder.as_str(), ID_TEXT.as_bytes())]);
    // Put the GBK bytes in place of the name (local header and central directory): no
    // UTF-8 flag, as Chinese Windows zip tools write.
    let pat = placeholder.as_bytes();
    let mut i = 0;
    let mut replaced = 0;
    while i + pat.len() <= bytes.len() {
        if &bytes[i..i + pat.len()] == pat {
            bytes[i..i + pat.len()].copy_from_slice(&gbk);
            replaced += 1;
            i += pat.len();
        } else {
            i += 1;
        }
    }
    assert_eq!(replaced, 2);
    let r = scan_bytes(&engine, "g.zip", &bytes, ScanOptions::default());
    let m = find(&r, "g.zip!/张三身份证.txt");
    with_value(m, "11010519491231002X");
    let doc = extract_doc(&bytes, "g.zip")?;
    assert!(doc.text.contains("张三身份证.txt"));
    Ok(())
}

#[test]
fn zip_encrypted_member_is_an_error_others_read() -> TestResult {
    let engine = engine()?;
    let bytes = std::fs::read(fixture("zipcrypto.zip"))?;
    let r = scan_bytes(&engine, "z.zip", &bytes, ScanOptions::default());
    let secret = find(&r, "z.zip!/secret.txt");
    assert!(
        error(secret).is_some_and(|e| e.starts_with("encrypted")),
        "{:?}",
        secret.outcome
    );
    with_value(find(&r, "z.zip!/plain.txt"), "13912345678");
    Ok(())
}

#[test]
fn zip_bomb_member_is_a_limit_error_others_read() -> TestResult {
    let engine = engine()?;
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    w.start_file("ok.txt", opts)?;
    w.write_all(ID_TEXT.as_bytes())?;
    w.start_file("zeros.txt", opts.large_file(true))?;
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..200 {
        w.write_all(&zeros)?;
    }
    w.start_file("after.txt", opts)?;
    w.write_all("电话 13800138000\n".as_bytes())?;
    let bytes = w.finish()?.into_inner();
    // 200 MiB of zeros in well under 1 MiB: more than 200× (the ratio limit).
    assert!(bytes.len() < 1 << 20, "{}", bytes.len());
    let r = scan_bytes(&engine, "bomb.zip", &bytes, ScanOptions::default());
    let bomb = find(&r, "bomb.zip!/zeros.txt");
    assert!(
        error(bomb).is_some_and(|e| e.starts_with("limit")),
        "{:?}",
        bomb.outcome
    );
    with_value(find(&r, "bomb.zip!/ok.txt"), "11010519491231002X");
    with_value(find(&r, "bomb.zip!/after.txt"), "13800138000");
    Ok(())
}

#[test]
fn zip_member_count_bomb() -> TestResult {
    let engine = engine()?;
    let names: Vec<String> = (0..101).map(|i| format!("f{i}.txt")).collect();
    let entries: Vec<(&str, &[u8])> = names.iter().map(|n| (n.as_str(), &b"x"[..])).collect();
    let bytes = stored(&entries);
    let options = ScanOptions {
        limits: Limits {
            max_members: 100,
            ..Limits::default()
        },
        ..ScanOptions::default()
    };
    let r = scan_bytes(&engine, "many.zip", &bytes, options);
    assert!(
        error(&r).is_some_and(|e| e.starts_with("limit")),
        "{:?}",
        r.outcome
    );
    Ok(())
}

#[test]
fn zip_nesting_stops_at_depth_three() -> TestResult {
    let engine = engine()?;
    let mut inner = stored(&[("deep.txt", ID_TEXT.as_bytes())]);
    for name in ["e.zip", "d.zip", "c.zip", "b.zip"] {
        inner = stored(&[(name, &inner)]);
    }
    let r = scan_bytes(&engine, "a.zip", &inner, ScanOptions::default());
    // a.zip!/b.zip (1) !/c.zip (2) !/d.zip (3) are read; e.zip would be depth 4.
    let d = find(&r, "a.zip!/b.zip!/c.zip!/d.zip");
    assert!(
        matches!(d.outcome, Outcome::Scanned { .. }),
        "{:?}",
        d.outcome
    );
    let e = find(&r, "a.zip!/b.zip!/c.zip!/d.zip!/e.zip");
    assert!(
        error(e).is_some_and(|e| e.starts_with("limit") && e.contains("nested")),
        "{:?}",
        e.outcome
    );
    assert!(r.flatten().iter().all(|m| !m.path.ends_with("deep.txt")));
    Ok(())
}

#[test]
fn zip_garbage_with_magic() -> TestResult {
    let engine = engine()?;
    let mut bytes = b"PK\x03\x04".to_vec();
    bytes.extend(std::iter::repeat_n(0xA5u8, 500));
    let r = scan_bytes(&engine, "junk.zip", &bytes, ScanOptions::default());
    assert!(
        error(&r).is_some_and(|e| e.starts_with("damaged")),
        "{:?}",
        r.outcome
    );
    Ok(())
}

// --- 7z ------------------------------------------------------------------------------

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/package")
        .join(name)
}

#[test]
fn seven_z_members_and_names() -> TestResult {
    let engine = engine()?;
    let bytes = std::fs::read(fixture("id.7z"))?;
    let r = scan_bytes(&engine, "a.7z", &bytes, ScanOptions::default());
    let m = find(&r, "a.7z!/名单/id.txt");
    let id = with_value(m, "11010519491231002X");
    assert!(!id.hidden);
    with_value(m, "13800138000");
    // The directory entry is a name, not a member.
    assert_eq!(r.members.len(), 1);
    let doc = {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "a.7z",
            encoding: None,
        };
        extract::extract(&bytes, Format::SevenZ, &ctx)?
    };
    assert_eq!(doc.format, "7z");
    assert!(doc.text.contains("名单/id.txt"));
    assert!(doc.segments.iter().all(|s| s.loc.part == Part::FileName));
    Ok(())
}

#[test]
fn seven_z_encrypted() -> TestResult {
    let engine = engine()?;
    // Encrypted headers: nothing, not even names, can be read.
    let bytes = std::fs::read(fixture("encrypted_header.7z"))?;
    let r = scan_bytes(&engine, "h.7z", &bytes, ScanOptions::default());
    assert!(
        error(&r).is_some_and(|e| e.starts_with("encrypted")),
        "{:?}",
        r.outcome
    );
    // Encrypted content: the names are read, the member is an error.
    let bytes = std::fs::read(fixture("encrypted_content.7z"))?;
    let r = scan_bytes(&engine, "c.7z", &bytes, ScanOptions::default());
    assert!(
        matches!(r.outcome, Outcome::Scanned { .. }),
        "{:?}",
        r.outcome
    );
    let m = find(&r, "c.7z!/secret.txt");
    assert!(
        error(m).is_some_and(|e| e.starts_with("encrypted")),
        "{:?}",
        m.outcome
    );
    Ok(())
}

#[test]
fn seven_z_truncated_and_limits() -> TestResult {
    let engine = engine()?;
    let bytes = std::fs::read(fixture("id.7z"))?;
    for cut in [8, 32, bytes.len() / 2, bytes.len() - 1] {
        let r = scan_bytes(&engine, "t.7z", &bytes[..cut], ScanOptions::default());
        let bad = error(&r).is_some() || r.flatten().iter().any(|m| error(m).is_some());
        assert!(bad, "cut at {cut}: {:?}", r.outcome);
    }
    let options = ScanOptions {
        limits: Limits {
            max_members: 1,
            ..Limits::default()
        },
        ..ScanOptions::default()
    };
    let r = scan_bytes(&engine, "m.7z", &bytes, options);
    assert!(
        error(&r).is_some_and(|e| e.starts_with("limit")),
        "{:?}",
        r.outcome
    );
    Ok(())
}

// --- zoo -----------------------------------------------------------------------------

fn zoo_file(rel: &str) -> Option<Vec<u8>> {
    let dir = std::env::var_os("BAOMI_ZOO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/zoo"));
    match std::fs::read(dir.join(rel)) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("SKIP zoo file {rel} absent ({})", dir.display());
            None
        }
    }
}

fn zoo_text(rel: &str) -> Option<String> {
    let bytes = zoo_file(rel)?;
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: rel,
        encoding: None,
    };
    let head = &bytes[..bytes.len().min(65536)];
    let format = extract::detect_format(head, rel, None);
    match extract::extract(&bytes, format, &ctx) {
        Ok(doc) => Some(doc.text),
        Err(e) => panic!("{rel}: {e}"),
    }
}

#[test]
fn zoo_ofd_text() {
    let cases: [(&str, &[&str]); 5] = [
        (
            "ofd/helloworld_with_pageblock.ofd",
            &["你好呀，OFD Reader&Writer！"],
        ),
        ("ofd/keyword.ofd", &["办理", "不动产权"]),
        ("ofd/文字横向-数科.ofd", &["一二三四"]),
        (
            "ofd/发票示例.ofd",
            &["重庆增值税电子普通发票", "050001700111"],
        ),
        ("ofd/AddAttachment.ofd", &["这是一个带有附件的OFD文件"]),
    ];
    for (rel, wants) in cases {
        let Some(text) = zoo_text(rel) else { continue };
        for want in wants {
            assert!(text.contains(want), "{rel}: {want} not in {text}");
        }
    }
    if let Some(text) = zoo_text("ofd/multiKeywordInTextCode.ofd") {
        assert_eq!(text.matches("打发").count(), 7, "{text}");
    }
}

#[test]
fn zoo_ofd_invoice_hidden_channels() -> TestResult {
    let Some(bytes) = zoo_file("ofd/发票示例.ofd") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes, "发票示例.ofd")?;
    let custom = doc
        .segments
        .iter()
        .find(|s| s.loc.field.as_deref() == Some("发票代码"))
        .expect("CustomData 发票代码");
    assert_eq!(&doc.text[custom.start..custom.end], "050001700111");
    assert!(custom.loc.hidden);
    let title = doc
        .text
        .find("重庆增值税电子普通发票")
        .expect("template title");
    let seg = doc.segment_at(title).expect("segment");
    assert_eq!(
        (seg.loc.part, seg.loc.hidden, seg.loc.page),
        (Part::Other, false, Some(1))
    );
    assert!(doc
        .segments
        .iter()
        .any(|s| s.loc.part == Part::Annotation && s.loc.page == Some(1)));
    let names: Vec<(&str, bool, bool)> = doc
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.hidden, m.content.is_ok()))
        .collect();
    assert_eq!(names, vec![("original_invoice.xml", true, true)]);
    Ok(())
}

#[test]
fn zoo_ofd_attachment() -> TestResult {
    let Some(bytes) = zoo_file("ofd/AddAttachment.ofd") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes, "AddAttachment.ofd")?;
    assert_eq!(doc.members.len(), 1);
    let m = &doc.members[0];
    assert_eq!(m.name, "Gao.jpg");
    assert!(m.hidden && m.content.as_ref().is_ok_and(|b| b.starts_with(b"\xFF\xD8")));
    Ok(())
}

#[test]
fn zoo_ofd_per_glyph_suwell() -> TestResult {
    let Some(bytes) = zoo_file("ofd/文字横向-数科.ofd") else {
        return Ok(());
    };
    let doc = extract_doc(&bytes, "文字横向-数科.ofd")?;
    let at = doc.text.find("一二三四").expect("joined glyphs");
    let seg = doc.segment_at(at).expect("segment");
    assert_eq!(
        (seg.loc.part, seg.loc.page, seg.loc.hidden),
        (Part::Body, Some(1), false)
    );
    Ok(())
}

#[test]
fn zoo_archives() -> TestResult {
    let engine = engine()?;
    if let Some(bytes) = zoo_file("zip/gbk.zip") {
        let doc = extract_doc(&bytes, "gbk.zip")?;
        assert!(doc.text.contains("审计压缩"), "{}", doc.text);
    }
    if let Some(bytes) = zoo_file("zip/test-zip-of-zip.zip") {
        let r = scan_bytes(&engine, "z.zip", &bytes, ScanOptions::default());
        let inner = find(&r, "z.zip!/html-within-zip.zip");
        assert!(
            matches!(inner.outcome, Outcome::Scanned { .. }),
            "{:?}",
            inner.outcome
        );
        assert_eq!(inner.members.len(), 1);
    }
    if let Some(bytes) = zoo_file("hostile/droste.zip") {
        let r = scan_bytes(&engine, "droste.zip", &bytes, ScanOptions::default());
        let all = r.flatten();
        assert!(all.len() < 10, "{}", all.len());
        assert!(
            all.iter()
                .any(|m| error(m).is_some_and(|e| e.starts_with("limit"))),
            "{:?}",
            all.iter()
                .map(|m| (&m.path, &m.outcome))
                .collect::<Vec<_>>()
        );
    }
    if let Some(bytes) = zoo_file("hostile/testZipEncrypted.zip") {
        let r = scan_bytes(&engine, "e.zip", &bytes, ScanOptions::default());
        let enc = find(&r, "e.zip!/encrypted.txt");
        assert!(
            error(enc).is_some_and(|e| e.starts_with("encrypted")),
            "{:?}",
            enc.outcome
        );
        let doc = {
            let plain = find(&r, "e.zip!/unencrypted.txt");
            assert!(matches!(plain.outcome, Outcome::Scanned { .. }));
            extract_doc(&bytes, "e.zip")?
        };
        let plain = doc
            .members
            .iter()
            .find(|m| m.name == "unencrypted.txt")
            .expect("member");
        assert!(plain
            .content
            .as_ref()
            .is_ok_and(|b| b.starts_with(b"hello world")));
    }
    if let Some(bytes) = zoo_file("7z/test-documents.7z") {
        let r = scan_bytes(&engine, "t.7z", &bytes, ScanOptions::default());
        assert!(
            matches!(r.outcome, Outcome::Scanned { .. }),
            "{:?}",
            r.outcome
        );
        find(&r, "t.7z!/test-documents/testEXCEL.xls");
        assert!(r.members.len() >= 9, "{}", r.members.len());
    }
    if let Some(bytes) = zoo_file("hostile/test7Z_protected_passTika.7z") {
        let r = scan_bytes(&engine, "p.7z", &bytes, ScanOptions::default());
        let all = r.flatten();
        assert!(
            all.iter()
                .any(|m| error(m).is_some_and(|e| e.starts_with("encrypted"))),
            "{:?}",
            all.iter()
                .map(|m| (&m.path, &m.outcome))
                .collect::<Vec<_>>()
        );
    }
    Ok(())
}

#[test]
fn seven_z_bomb_member_is_a_limit_error() -> TestResult {
    let engine = engine()?;
    let bytes = std::fs::read(fixture("bomb.7z"))?;
    let r = scan_bytes(&engine, "b.7z", &bytes, ScanOptions::default());
    assert!(
        matches!(r.outcome, Outcome::Scanned { .. }),
        "{:?}",
        r.outcome
    );
    with_value(find(&r, "b.7z!/ok.txt"), "11010519491231002X");
    let bomb = find(&r, "b.7z!/zeros.bin");
    assert!(
        error(bomb).is_some_and(|e| e.starts_with("limit") && e.contains("200×")),
        "{:?}",
        bomb.outcome
    );
    // Behind the bomb in the same solid block: said so, not dropped.
    let after = find(&r, "b.7z!/after.txt");
    assert!(
        error(after).is_some_and(|e| e.contains("after zeros.bin")),
        "{:?}",
        after.outcome
    );
    Ok(())
}
