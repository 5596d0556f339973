//! Format tests (ole): Word 97–2003 / WPS binaries, PowerPoint 97–2003 binaries, OLE
//! property sets, embedded objects and classification of other compound files.
//!
//! `tests/fixtures/formats/ole/planted.{doc,ppt}` are made by `scripts/gen_ole_fixtures.py`
//! (LibreOffice conversion of flat ODF files with one identifier per channel). The zoo
//! tests read `../shared/zoo` (or `BAOMI_ZOO`, or `/work/shared/zoo`) and skip when absent.

use std::path::{Path, PathBuf};

use baomi::engine::Engine;
use baomi::extract::{extract, Budget, Ctx, Document, Format, Limits, Part};
use baomi::finding::{Finding, Kind};
use baomi::ruleset::RuleSet;
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};

fn engine() -> Engine {
    Engine::new(&RuleSet::base().expect("base rules")).expect("engine")
}

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/ole")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn scan(name: &str, bytes: &[u8]) -> FileResult {
    scan_bytes(&engine(), name, bytes, ScanOptions::default())
}

fn findings(r: &FileResult) -> &[Finding] {
    match &r.outcome {
        Outcome::Scanned { findings, .. } => findings,
        other => panic!("{}: not scanned: {other:?}", r.path),
    }
}

fn error_of(r: &FileResult) -> String {
    match &r.outcome {
        Outcome::Error(e) => e.clone(),
        other => panic!("{}: expected an error record, got {other:?}", r.path),
    }
}

/// The finding whose value is `value`.
fn finding<'f>(all: &'f [Finding], value: &str) -> &'f Finding {
    all.iter()
        .find(|f| f.value.expose() == value)
        .unwrap_or_else(|| {
            let seen: Vec<String> = all
                .iter()
                .map(|f| format!("{:?} {:?}", f.kind, f.location.part))
                .collect();
            panic!("{value} not found; findings: {seen:?}")
        })
}

fn part(f: &Finding) -> &str {
    f.location.part.as_deref().unwrap_or("")
}

#[test]
fn planted_doc_every_channel_located() {
    let r = scan("planted.doc", &fixture("planted.doc"));
    let all = findings(&r);
    // (value, part, hidden)
    let expected = [
        ("11010519491231002X", "body", false),
        ("110101199003074514", "body", false),
        ("430102198001010011", "header", false),
        ("32010619850612003X", "footer", false),
        ("440305199208150042", "footnote", false),
        ("51010719780320005X", "comment", true),
        ("370202198809090068", "tracked_change", true),
        ("210102197001010075", "hidden_text", true),
        ("420106199505050082", "text_box", false),
        ("310115198303030098", "metadata", true),
    ];
    for (value, want_part, hidden) in expected {
        let f = finding(all, value);
        assert_eq!(f.kind, Kind::IdCard, "{value}");
        assert_eq!(part(f), want_part, "{value}");
        assert_eq!(f.hidden, hidden, "{value} hidden");
    }
    let body = finding(all, "11010519491231002X");
    assert_eq!(body.location.paragraph, Some(2));
    let comment = finding(all, "51010719780320005X");
    assert_eq!(comment.location.field.as_deref(), Some("赵六"));
    let custom = finding(all, "310115198303030098");
    assert_eq!(
        custom.location.field.as_deref(),
        Some("custom:经办人身份证")
    );
    let mark = all
        .iter()
        .find(|f| f.kind == Kind::ClassificationMark)
        .expect("classification mark");
    assert_eq!(mark.location.paragraph, Some(1));
    assert_eq!(part(mark), "body");
    // The table row is one tab-separated line under its header.
    let mobile = finding(all, "13800138000");
    assert_eq!(mobile.kind, Kind::MobilePhone);
    assert!(!mobile.hidden);
}

#[test]
fn planted_doc_text_and_metadata() {
    let d = extract_ole("planted.doc", &fixture("planted.doc")).expect("doc reads");
    assert_eq!(d.format, "doc");
    assert!(d
        .text
        .contains("姓名\t身份证号\t手机\n张三\t110101199003074514\t13800138000\n"));
    let field = segment(&d, "HYPERLINK").expect("field code segment");
    assert_eq!(field.0, Part::FieldCode);
    assert!(field.1);
    for (name, value) in [
        ("title", "关于人员名单的通知"),
        ("creator", "张三"),
        ("lastModifiedBy", "李四"),
    ] {
        assert!(
            d.segments
                .iter()
                .any(|s| s.loc.field.as_deref() == Some(name)
                    && d.text.get(s.start..s.end) == Some(value)
                    && s.loc.hidden),
            "metadata {name}"
        );
    }
}

#[test]
fn planted_ppt_slides_notes_comments() {
    let r = scan("planted.ppt", &fixture("planted.ppt"));
    let all = findings(&r);
    let slide = finding(all, "11010519491231002X");
    assert_eq!(
        (part(slide), slide.location.slide, slide.hidden),
        ("body", Some(1), false)
    );
    let hidden = finding(all, "110101199003074514");
    assert_eq!(
        (part(hidden), hidden.location.slide, hidden.hidden),
        ("hidden_slide", Some(2), true)
    );
    let notes = finding(all, "430102198001010011");
    assert_eq!(
        (part(notes), notes.location.slide, notes.hidden),
        ("notes", Some(1), true)
    );
    let comment = finding(all, "32010619850612003X");
    assert_eq!(
        (part(comment), comment.location.slide, comment.hidden),
        ("comment", Some(1), true)
    );
    assert_eq!(comment.location.field.as_deref(), Some("赵六"));
    assert!(all
        .iter()
        .any(|f| f.kind == Kind::ClassificationMark && f.location.slide == Some(1)));
}

#[test]
fn truncated_and_garbage_files_are_errors() {
    let doc = fixture("planted.doc");
    for cut in [100, 600, doc.len() / 3, doc.len() / 2, doc.len() - 600] {
        let r = scan("cut.doc", doc.get(..cut).unwrap());
        let e = error_of(&r);
        assert!(
            e.contains("damaged") || e.contains("truncated"),
            "cut {cut}: {e}"
        );
    }
    let mut garbage = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    garbage.extend((0..4096u32).map(|i| (i * 7 % 251) as u8));
    let e = error_of(&scan("garbage.doc", &garbage));
    assert!(e.contains("damaged"), "{e}");
    // Corrupted bytes inside the streams: an error or a reading, never a panic record.
    let ppt = fixture("planted.ppt");
    for step in [97usize, 389, 1021] {
        let mut broken = ppt.clone();
        for i in (4096..broken.len()).step_by(step) {
            broken[i] ^= 0x5A;
        }
        if let Outcome::Error(e) = &scan("broken.ppt", &broken).outcome {
            assert!(!e.contains("internal error"), "{e}");
        }
        let mut broken = doc.clone();
        for i in (2048..broken.len()).step_by(step) {
            broken[i] ^= 0xA5;
        }
        if let Outcome::Error(e) = &scan("broken.doc", &broken).outcome {
            assert!(!e.contains("internal error"), "{e}");
        }
    }
}

// ---------------------------------------------------------------------------------------
// Zoo (real files from Apache POI / Tika).

fn zoo() -> Option<PathBuf> {
    let candidates = [
        std::env::var_os("BAOMI_ZOO").map(PathBuf::from),
        Some(Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/zoo")),
        Some(PathBuf::from("/work/shared/zoo")),
    ];
    for dir in candidates.into_iter().flatten() {
        if dir.is_dir() {
            return Some(dir);
        }
    }
    eprintln!("SKIP zoo absent");
    None
}

fn zoo_file(rel: &str) -> Option<Vec<u8>> {
    let path = zoo()?.join(rel);
    match std::fs::read(&path) {
        Ok(bytes) => Some(bytes),
        Err(_) => {
            eprintln!("SKIP {} absent", path.display());
            None
        }
    }
}

fn extract_ole(name: &str, bytes: &[u8]) -> Result<Document, baomi::extract::ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name,
        encoding: None,
    };
    extract(bytes, Format::Ole, &ctx)
}

/// (part, hidden, paragraph, slide, field) of a segment.
type Seg = (Part, bool, Option<u32>, Option<u32>, Option<String>);

/// The first segment containing `needle`.
fn segment(d: &Document, needle: &str) -> Option<Seg> {
    d.segments
        .iter()
        .find(|s| {
            d.text
                .get(s.start..s.end)
                .is_some_and(|t| t.contains(needle))
        })
        .map(|s| {
            (
                s.loc.part,
                s.loc.hidden,
                s.loc.paragraph,
                s.loc.slide,
                s.loc.field.clone(),
            )
        })
}

#[test]
fn zoo_header_footer_unicode_doc() {
    let Some(bytes) = zoo_file("doc/HeaderFooterUnicode.doc") else {
        return;
    };
    let d = extract_ole("HeaderFooterUnicode.doc", &bytes).expect("reads");
    assert_eq!(
        segment(&d, "This is a simple header").map(|s| s.0),
        Some(Part::Header)
    );
    assert_eq!(
        segment(&d, "The footer, with").map(|s| s.0),
        Some(Part::Footer)
    );
    assert!(d.text.contains("The footer, with Molière"));
    assert!(d.text.contains("EUR - €"));
    assert_eq!(
        segment(&d, "This is a fairly simple").map(|s| s.2),
        Some(Some(1))
    );
}

#[test]
fn zoo_chinese_properties_doc() {
    let Some(bytes) = zoo_file("doc/TestChineseProperties.doc") else {
        return;
    };
    let d = extract_ole("TestChineseProperties.doc", &bytes).expect("reads");
    let title = segment(&d, "參考資料").expect("title");
    assert_eq!(
        (title.0, title.1, title.4.as_deref()),
        (Part::Metadata, true, Some("title"))
    );
    let author = segment(&d, "雅虎").expect("author");
    assert!(d
        .segments
        .iter()
        .any(|s| s.loc.field.as_deref() == Some("creator")
            && d.text.get(s.start..s.end) == Some("雅虎")));
    let _ = author;
    assert!(d.text.contains("世界雅虎"));
}

#[test]
fn zoo_comment_doc_and_ppt() {
    for rel in ["doc/testComment.doc", "ppt/testComment.ppt"] {
        let Some(bytes) = zoo_file(rel) else { return };
        let d = extract_ole(rel, &bytes).expect("reads");
        let text = segment(&d, "Here is some text").expect("body text");
        assert_eq!((text.0, text.1), (Part::Body, false), "{rel}");
        let comment = segment(&d, "Here is a comment").expect("comment");
        assert_eq!((comment.0, comment.1), (Part::Comment, true), "{rel}");
        assert_eq!(comment.4.as_deref(), Some("Michael McCandless"), "{rel}");
        if rel.ends_with(".ppt") {
            assert_eq!((text.3, comment.3), (Some(1), Some(1)));
        }
    }
}

#[test]
fn zoo_chinese_ppt() {
    let Some(bytes) = zoo_file("ppt/54880_chinese.ppt") else {
        return;
    };
    let d = extract_ole("54880_chinese.ppt", &bytes).expect("reads");
    for needle in ["表", "Single byte", "Mix", "𠮟"] {
        let s = segment(&d, needle).unwrap_or_else(|| panic!("{needle}"));
        assert_eq!((s.0, s.3), (Part::Body, Some(1)), "{needle}");
    }
}

#[test]
fn zoo_wps_attachments() {
    for (rel, format, wanted) in [
        (
            "doc/testWPSAttachment.doc",
            "wps",
            &["PDF.pdf", "TXT.txt", ".package"][..],
        ),
        (
            "ppt/testWPSAttachment.ppt",
            "ppt",
            &["PDF.pdf", "TXT.txt", ".package"][..],
        ),
    ] {
        let Some(bytes) = zoo_file(rel) else { return };
        let d = extract_ole(rel, &bytes).expect("reads");
        assert_eq!(d.format, format);
        for w in wanted {
            assert!(
                d.members
                    .iter()
                    .any(|m| m.name.ends_with(w) && m.hidden && m.content.is_ok()),
                "{rel}: {w}"
            );
        }
        let pdf = d
            .members
            .iter()
            .find(|m| m.name.ends_with("PDF.pdf"))
            .unwrap();
        assert!(pdf.content.as_ref().unwrap().starts_with(b"%PDF"));
        // The embedded WPS document is read in turn.
        let r = scan(rel, &bytes);
        let inner = r
            .members
            .iter()
            .find(|m| m.path.ends_with(".ole") && matches!(m.outcome, Outcome::Scanned { .. }));
        assert!(inner.is_some(), "{rel}: no embedded OLE document scanned");
        // WPS producer ids are not metadata.
        assert!(!d.text.contains("2052-11.1.0.10700"));
    }
}

#[test]
fn zoo_encrypted_and_other_ole() {
    if let Some(bytes) = zoo_file("hostile/password_tika_binaryrc4.doc") {
        let e = error_of(&scan("password_tika_binaryrc4.doc", &bytes));
        assert!(e.contains("encrypted"), "{e}");
    }
    if let Some(bytes) = zoo_file("hostile/protected_agile.docx") {
        assert!(matches!(
            baomi::extract::ole::classify(&bytes),
            Ok(baomi::extract::ole::OleKind::EncryptedOoxml)
        ));
        let e = error_of(&scan("protected_agile.docx", &bytes));
        assert!(e.contains("encrypted"), "{e}");
    }
    if let Some(bytes) = zoo_file("mail/testMSG_chinese.msg") {
        assert!(matches!(
            baomi::extract::ole::classify(&bytes),
            Ok(baomi::extract::ole::OleKind::OutlookMessage)
        ));
    }
}

/// Random byte flips (fixed seed) in the planted fixtures and the zoo's OLE files: every
/// result is a reading or an error, never a panic.
#[test]
fn mutated_files_never_panic() {
    let mut inputs = vec![fixture("planted.doc"), fixture("planted.ppt")];
    for rel in [
        "doc/testComment.doc",
        "ppt/testComment.ppt",
        "doc/testWPSAttachment.doc",
    ] {
        if let Some(bytes) = zoo_file(rel) {
            inputs.push(bytes);
        }
    }
    let rounds: usize = std::env::var("BAOMI_OLE_FUZZ")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(40);
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for input in &inputs {
        for _ in 0..rounds {
            let mut m = input.clone();
            let flips = 1 + (next() % 16) as usize;
            for _ in 0..flips {
                // Leave the CFB header mostly intact so the streams are reached.
                let at = 512 + (next() as usize) % (m.len() - 512);
                m[at] = next() as u8;
            }
            let r = std::panic::catch_unwind(|| extract_ole("m", &m));
            assert!(r.is_ok(), "panic on a mutated file");
        }
    }
}

#[test]
fn zoo_outlook_msg_in_its_code_page() {
    // testMSG_chinese.msg: 8-bit body in code page 950 (Big5), subject in UTF-16.
    let Some(zoo) = zoo() else { return };
    let Ok(bytes) = std::fs::read(zoo.join("mail/testMSG_chinese.msg")) else {
        return;
    };
    let doc = extract_ole("testMSG_chinese.msg", &bytes).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(doc.format, "msg");
    let title = doc.segments.iter().find(|s| s.loc.part == Part::Title);
    let title = title.and_then(|s| doc.text.get(s.start..s.end));
    assert_eq!(title, Some("Alfresco MSG format testing ( MSG 格式測試 )"));
    assert!(
        doc.text.contains("保全課"),
        "Big5 body misread: {}",
        doc.text
    );
    let from = doc
        .segments
        .iter()
        .find(|s| s.loc.field.as_deref() == Some("From"))
        .map(|s| s.loc.hidden);
    assert_eq!(from, Some(true));
}
