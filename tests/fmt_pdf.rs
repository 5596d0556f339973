//! Format tests (pdf): planted values found on the right page, in the right part, with the
//! right `hidden` flag; encrypted, scanned, truncated and garbage files give an error that
//! says so, never a panic or an empty success. Fixtures: `tests/fixtures/formats/pdf/`,
//! made by `scripts/gen_pdf_fixtures.py` (reportlab; see its docstring). Real files: the
//! shared zoo (skipped when absent).

use std::path::{Path, PathBuf};
use std::time::Duration;

use baomi::engine::Engine;
use baomi::extract::{Budget, Ctx, Document, ExtractError, Limits, Part};
use baomi::finding::Kind;
use baomi::ruleset::RuleSet;
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};

fn fixture(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/formats/pdf")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn scan(name: &str, bytes: &[u8]) -> FileResult {
    let engine = Engine::new(&RuleSet::base().expect("base rules")).expect("engine");
    scan_bytes(&engine, name, bytes, ScanOptions::default())
}

/// One finding as (kind, page, part, hidden, field).
type Seen = (Kind, Option<u32>, String, bool, Option<String>);

fn findings(result: &FileResult) -> Vec<Seen> {
    match &result.outcome {
        Outcome::Scanned { findings, .. } => findings
            .iter()
            .map(|f| {
                (
                    f.kind,
                    f.location.page,
                    f.location.part.clone().unwrap_or_default(),
                    f.hidden,
                    f.location.field.clone(),
                )
            })
            .collect(),
        other => panic!("{}: not scanned: {other:?}", result.path),
    }
}

fn has(seen: &[Seen], kind: Kind, page: Option<u32>, part: Part, hidden: bool) -> bool {
    seen.iter()
        .any(|(k, p, pt, h, _)| *k == kind && *p == page && pt == part.as_str() && *h == hidden)
}

fn error_of(result: &FileResult) -> String {
    match &result.outcome {
        Outcome::Error(e) => e.clone(),
        other => panic!("{}: expected an error, got {other:?}", result.path),
    }
}

fn extract_with(bytes: &[u8], limits: Limits) -> Result<Document, ExtractError> {
    let budget = Budget::new(limits);
    let ctx = Ctx {
        budget: &budget,
        name: "x.pdf",
        encoding: None,
    };
    baomi::extract::pdf::extract(bytes, &ctx)
}

fn extract(bytes: &[u8]) -> Result<Document, ExtractError> {
    extract_with(bytes, Limits::default())
}

/// The text of the segments in `part` (with their field), in document order.
fn segments(doc: &Document, part: Part) -> Vec<(String, Option<String>, Option<u32>)> {
    doc.segments
        .iter()
        .filter(|s| s.loc.part == part)
        .map(|s| {
            (
                doc.text.get(s.start..s.end).unwrap_or("").to_string(),
                s.loc.field.clone(),
                s.loc.page,
            )
        })
        .collect()
}

#[test]
fn chinese_cid_font_values_on_their_pages() {
    let result = scan("cn.pdf", &fixture("cn_stsong.pdf"));
    let seen = findings(&result);
    assert!(
        has(&seen, Kind::IdCard, Some(1), Part::Body, false),
        "{seen:?}"
    );
    assert!(
        has(&seen, Kind::MobilePhone, Some(2), Part::Body, false),
        "{seen:?}"
    );
    assert!(
        has(&seen, Kind::ClassificationMark, Some(2), Part::Body, false),
        "{seen:?}"
    );
    assert!(
        !seen
            .iter()
            .any(|(k, p, ..)| *k == Kind::IdCard && *p == Some(2)),
        "the page-1 ID must not be attributed to page 2: {seen:?}"
    );
}

#[test]
fn document_info_is_hidden_metadata() {
    let doc = extract(&fixture("cn_stsong.pdf")).expect("readable");
    let meta = segments(&doc, Part::Metadata);
    assert!(
        meta.contains(&("张三".into(), Some("Author".into()), None)),
        "{meta:?}"
    );
    assert!(
        meta.iter()
            .any(|(t, f, _)| t == "关于人员信息核查的通知" && f.as_deref() == Some("Title")),
        "{meta:?}"
    );
    assert!(doc
        .segments
        .iter()
        .filter(|s| s.loc.part == Part::Metadata)
        .all(|s| s.loc.hidden));
    // Pages are separate blocks: no identifier can be joined across a page break.
    assert!(doc.text.contains("002X\n\n"), "{:?}", doc.text);
}

#[test]
fn annotations_and_form_values_are_hidden_parts() {
    let result = scan("a.pdf", &fixture("annotated.pdf"));
    let seen = findings(&result);
    assert!(
        seen.contains(&(
            Kind::IdCard,
            Some(1),
            "annotation".into(),
            true,
            Some("李四".into())
        )),
        "text note with its author: {seen:?}"
    );
    assert!(
        has(&seen, Kind::MobilePhone, Some(1), Part::Annotation, true),
        "free text annotation: {seen:?}"
    );
    assert!(
        seen.contains(&(
            Kind::BankCard,
            None,
            "form_data".into(),
            true,
            Some("银行卡号".into())
        )),
        "AcroForm value: {seen:?}"
    );
}

#[test]
fn user_password_is_an_encrypted_error() {
    let result = scan("e.pdf", &fixture("encrypted_user.pdf"));
    let e = error_of(&result);
    assert!(e.contains("PDF with a user password"), "{e}");
    assert!(matches!(
        extract(&fixture("encrypted_user.pdf")),
        Err(ExtractError::Encrypted(_))
    ));
}

#[test]
fn empty_user_password_is_decrypted_and_read() {
    let result = scan("e.pdf", &fixture("encrypted_empty.pdf"));
    let seen = findings(&result);
    assert!(
        has(&seen, Kind::MobilePhone, Some(1), Part::Body, false),
        "{seen:?}"
    );
}

#[test]
fn image_only_pdf_has_no_text_layer() {
    let result = scan("s.pdf", &fixture("scanned.pdf"));
    let e = error_of(&result);
    assert!(e.contains("PDF with 1 page and no text layer"), "{e}");
    assert!(matches!(
        extract(&fixture("scanned.pdf")),
        Err(ExtractError::NoText(_))
    ));
}

#[test]
fn attached_files_are_scanned_as_hidden_members() {
    let result = scan("att.pdf", &fixture("attachment.pdf"));
    let member = result
        .members
        .iter()
        .find(|m| m.path.ends_with("roster.txt"))
        .unwrap_or_else(|| panic!("no roster.txt member: {:?}", result.members));
    let seen = findings(member);
    assert!(
        seen.iter().any(|(k, _, _, h, _)| *k == Kind::IdCard && *h),
        "{seen:?}"
    );
}

#[test]
fn earlier_revision_keeps_the_removed_id() {
    let result = scan("inc.pdf", &fixture("incremental.pdf"));
    let seen = findings(&result);
    assert!(
        seen.contains(&(
            Kind::IdCard,
            Some(1),
            "other".into(),
            true,
            Some("revision 1 of 2".into())
        )),
        "{seen:?}"
    );
    assert!(
        !has(&seen, Kind::IdCard, Some(1), Part::Body, false),
        "the published page no longer shows it: {seen:?}"
    );
    // Lines the final version still shows are not repeated as revision text.
    let doc = extract(&fixture("incremental.pdf")).expect("readable");
    let other = segments(&doc, Part::Other);
    assert_eq!(other.len(), 1, "{other:?}");
    assert!(!other[0].0.contains("处理结果公示"), "{other:?}");
}

#[test]
fn truncated_damaged_and_garbage_files_are_errors_not_panics() {
    let good = fixture("cn_stsong.pdf");
    let mut cases: Vec<(String, Vec<u8>)> = Vec::new();
    for cut in (0..good.len()).step_by(97) {
        cases.push((format!("cut at {cut}"), good[..cut].to_vec()));
    }
    let mut state = 0x2545_f491_u32;
    for round in 0..30 {
        let mut bytes = good.clone();
        for _ in 0..12 {
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            let at = state as usize % bytes.len();
            bytes[at] = (state >> 24) as u8;
        }
        cases.push((format!("flipped bytes, round {round}"), bytes));
    }
    let mut garbage = b"%PDF-1.7\n".to_vec();
    garbage.extend((0..4000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8));
    cases.push(("garbage after the magic".into(), garbage));
    cases.push(("magic only".into(), b"%PDF-1.4\n%%EOF\n".to_vec()));

    for (what, bytes) in cases {
        let outcome = std::panic::catch_unwind(|| extract(&bytes));
        match outcome {
            Err(_) => panic!("{what}: a panic escaped the extractor"),
            Ok(Ok(doc)) => assert!(
                !doc.text.trim().is_empty() || !doc.members.is_empty(),
                "{what}: empty success"
            ),
            Ok(Err(e)) => assert!(!e.to_string().is_empty(), "{what}"),
        }
    }
}

#[test]
fn bounds_apply() {
    let bytes = fixture("cn_stsong.pdf");
    let tiny_text = Limits {
        max_text_bytes: 10,
        ..Limits::default()
    };
    assert!(matches!(
        extract_with(&bytes, tiny_text),
        Err(ExtractError::Limit(_))
    ));
    let no_time = Limits {
        time_budget: Duration::ZERO,
        ..Limits::default()
    };
    std::thread::sleep(Duration::from_millis(2));
    assert!(matches!(
        extract_with(&bytes, no_time),
        Err(ExtractError::Timeout(_))
    ));
}

// --- the shared zoo -----------------------------------------------------------------------

fn zoo() -> Option<PathBuf> {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("BAOMI_ZOO").map(PathBuf::from),
        Some(manifest.join("../shared/zoo")),
        Some(manifest.join("../../shared/zoo")),
    ];
    for dir in candidates.into_iter().flatten() {
        if dir.join("MANIFEST.tsv").is_file() {
            return Some(dir);
        }
    }
    eprintln!("SKIP zoo absent");
    None
}

fn zoo_doc(zoo: &Path, file: &str) -> Option<Document> {
    let path = zoo.join(file);
    let Ok(bytes) = std::fs::read(&path) else {
        eprintln!("SKIP {} absent", path.display());
        return None;
    };
    Some(extract(&bytes).unwrap_or_else(|e| panic!("{file}: {e}")))
}

fn body_text(doc: &Document) -> String {
    segments(doc, Part::Body)
        .into_iter()
        .map(|(t, ..)| t)
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn zoo_chinese_text() {
    let Some(zoo) = zoo() else { return };
    for (file, expected) in [
        ("pdf/issue19360.pdf", "坚持社会主义核心价值体系"),
        ("pdf/issue2128r.pdf", "浅谈校长的魅力"),
        ("pdf/issue8372.pdf", "目录"),
        ("pdf/helloworld-bad.pdf", "Hello, world!"),
        (
            "hostile/testPDF_protected.pdf",
            "RETHINKING THE FINANCIAL NETWORK",
        ),
    ] {
        let Some(doc) = zoo_doc(&zoo, file) else {
            continue;
        };
        let body = body_text(&doc);
        assert!(body.contains(expected), "{file}: {body:?}");
        let first = doc.segments.first().map(|s| s.loc.page);
        assert_eq!(first, Some(Some(1)), "{file}: first segment is page 1");
    }
}

#[test]
fn zoo_annotations_and_links() {
    let Some(zoo) = zoo() else { return };
    if let Some(doc) = zoo_doc(&zoo, "pdf/testAnnotations.pdf") {
        let notes = segments(&doc, Part::Annotation);
        assert!(
            notes
                .iter()
                .any(|(t, _, p)| t == "Here is a comment" && *p == Some(1)),
            "{notes:?}"
        );
        assert!(body_text(&doc).contains("Here"), "body kept");
    }
    if let Some(doc) = zoo_doc(&zoo, "pdf/testPopupAnnotation.pdf") {
        // A blank page carrying a note: the note is read, the missing text layer is
        // reported beside it.
        let notes = segments(&doc, Part::Annotation);
        assert!(
            notes.iter().any(|(t, f, p)| t == "this is the note"
                && f.as_deref() == Some("igalsh")
                && *p == Some(1)),
            "{notes:?}"
        );
        assert!(doc
            .members
            .iter()
            .any(|m| matches!(m.content, Err(ExtractError::NoText(_)))));
    }
    if let Some(doc) = zoo_doc(&zoo, "pdf/issue17846.pdf") {
        let notes = segments(&doc, Part::Annotation);
        assert!(
            notes
                .iter()
                .any(|(t, _, _)| t.contains("对不起/没关系/1_1_模块1行政文件和药品信息目录.pdf")),
            "{notes:?}"
        );
    }
}

#[test]
fn zoo_incremental_updates_read_without_noise() {
    let Some(zoo) = zoo() else { return };
    let Some(doc) = zoo_doc(&zoo, "pdf/testPDF_incrementalUpdates.pdf") else {
        return;
    };
    assert!(body_text(&doc).contains("Testing Incremental"));
    // Its earlier revisions hold a subset of the final text: nothing extra to report.
    assert!(segments(&doc, Part::Other).is_empty());
}

#[test]
fn zoo_blank_page_with_only_xmp_authors_is_no_text() {
    // testPDF_twoAuthors.pdf: one blank page; its two authors live only in XMP. With no
    // page text and no annotation, the whole file is a NoText error (the authors are not
    // scanned: a known gap, see the module docs of src/extract/pdf/mod.rs).
    let Some(zoo) = zoo() else { return };
    let Ok(bytes) = std::fs::read(zoo.join("pdf/testPDF_twoAuthors.pdf")) else {
        return;
    };
    assert!(matches!(extract(&bytes), Err(ExtractError::NoText(_))));
}
