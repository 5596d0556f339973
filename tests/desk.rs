//! The reviewer's desk end to end in headless Chromium: drop a docx with an ID in a comment
//! and a clean docx, read the verdicts and findings, decide (false positive, accepted risk
//! with a reason), see the decisions again on re-upload, reveal one value on request,
//! download the redacted copy (it rescans clean) and the XLSX report. Screenshots are kept
//! in the test's output directory (`target/desk-e2e/`).
//!
//! Needs `/usr/bin/chromium` (or `$CHROMIUM`) and playwright-core under `target/tools`
//! (`.ci/run` installs both); without them the test says SKIPPED and passes.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use crate::common::{FILLER, ID_A, MOBILE_A};
use crate::harness::BIN;

const W: &str = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships""#;

pub fn p(text: &str) -> String {
    format!(r#"<w:p><w:r><w:t xml:space="preserve">{text}</w:t></w:r></w:p>"#)
}

/// A minimal Word file: `body` paragraphs and, when given, one comment.
pub fn docx(body: &[String], comment: Option<&str>) -> Vec<u8> {
    let mut document = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document {W}><w:body>"#
    );
    document.push_str(&body.concat());
    document.push_str("<w:sectPr/></w:body></w:document>");
    let mut files: Vec<(String, String)> = vec![
        (
            "[Content_Types].xml".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
        ),
        ("word/document.xml".into(), document),
    ];
    if let Some(c) = comment {
        files.push((
            "word/_rels/document.xml.rels".into(),
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"#.into(),
        ));
        files.push((
            "word/comments.xml".into(),
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:comments {W}><w:comment w:id="0" w:author="起草人">{}</w:comment></w:comments>"#, p(c)),
        ));
    }
    let mut w = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, data) in &files {
        if w.start_file(name.as_str(), SimpleFileOptions::default())
            .is_err()
            || w.write_all(data.as_bytes()).is_err()
        {
            return Vec::new();
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

fn playwright() -> Option<PathBuf> {
    let dir =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("target/tools/node_modules/playwright-core");
    dir.join("package.json").is_file().then_some(dir)
}

fn chromium() -> Option<PathBuf> {
    let path = std::env::var_os("CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from);
    path.is_file().then_some(path)
}

/// Says so on the real stderr: the test harness captures `println!`/`eprintln!` of
/// passing tests, and a skipped browser test must be visible in the run's output.
fn skipped(why: &str) {
    let _ = std::io::stderr()
        .lock()
        .write_all(format!("\nSKIPPED desk end-to-end test (browser): {why}\n").as_bytes());
}

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[test]
fn the_desk_end_to_end_in_chromium() {
    let (Some(playwright), Some(chromium)) = (playwright(), chromium()) else {
        skipped("needs /usr/bin/chromium and target/tools/node_modules/playwright-core (.ci/run installs them)");
        return;
    };
    if Command::new("node").arg("--version").output().is_err() {
        skipped("node not found");
        return;
    }
    let out = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/desk-e2e");
    let _ = std::fs::remove_dir_all(&out);
    let fixtures = out.join("fixtures");
    std::fs::create_dir_all(&fixtures).unwrap_or_else(|e| panic!("{e}"));
    let notice = docx(
        &[
            p("关于2026年第三季度低保对象的公示"),
            p(FILLER.trim()),
            p(&format!("申请人：王建国，联系电话：{MOBILE_A}")),
        ],
        Some(&format!("请核实申请人身份证号：{ID_A}")),
    );
    std::fs::write(fixtures.join("公示.docx"), &notice).unwrap_or_else(|e| panic!("{e}"));
    std::fs::write(
        fixtures.join("通知.docx"),
        docx(
            &[
                p("关于做好政务服务事项办理指南更新工作的通知"),
                p(FILLER.trim()),
            ],
            None,
        ),
    )
    .unwrap_or_else(|e| panic!("{e}"));
    // 350 phone numbers: more than one page of findings.
    let roster: String = (0..350)
        .map(|i| format!("联系电话：138{:08}\n", 10_000_000 + i))
        .collect();
    std::fs::write(fixtures.join("名单.txt"), roster).unwrap_or_else(|e| panic!("{e}"));
    let reviews = out.join("reviews.jsonl");

    let mut child = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--reviews"])
        .arg(&reviews)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start baomi serve: {e}"));
    let stdout = child.stdout.take();
    let stderr = child.stderr.take();
    let server = Server(child);
    let mut first = String::new();
    if let Some(s) = stdout {
        let _ = BufReader::new(s).read_line(&mut first);
    }
    let url = first
        .split_whitespace()
        .last()
        .unwrap_or("")
        .trim_end_matches('/')
        .to_string();
    assert!(
        url.starts_with("http://127.0.0.1:"),
        "no address printed: {first:?}"
    );

    let run = Command::new("node")
        .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/desk/e2e.mjs"))
        .args([&url])
        .arg(&fixtures)
        .arg(&out)
        .arg(&playwright)
        .arg(&chromium)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node: {e}"));
    drop(server);
    let log = stderr
        .map(|mut s| {
            let mut text = String::new();
            let _ = std::io::Read::read_to_string(&mut s, &mut text);
            text
        })
        .unwrap_or_default();
    let report = format!(
        "node exit {:?}\n--- stdout\n{}\n--- stderr\n{}",
        run.status.code(),
        String::from_utf8_lossy(&run.stdout),
        String::from_utf8_lossy(&run.stderr)
    );
    let results: Value = std::fs::read_to_string(out.join("results.json"))
        .ok()
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_default();
    assert!(run.status.success(), "{report}\nresults: {results:#}");

    // Verdicts and findings as the reviewer sees them.
    let first = results["first"].as_array().cloned().unwrap_or_default();
    let by_name = |name: &str| {
        first
            .iter()
            .find(|d| d["name"] == name)
            .cloned()
            .unwrap_or_default()
    };
    assert_eq!(by_name("公示.docx")["verdict"], "需处理", "{results:#}");
    assert_eq!(by_name("通知.docx")["verdict"], "可以发布", "{results:#}");
    let findings = by_name("公示.docx")["findings"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    let comment = findings
        .iter()
        .find(|f| f["kind"] == "id_card")
        .unwrap_or_else(|| panic!("no ID finding: {results:#}"));
    assert!(
        comment["location"].as_str().unwrap_or("").contains("批注"),
        "{comment}"
    );
    assert!(
        comment["hiddenWarning"]
            .as_str()
            .unwrap_or("")
            .contains("批注"),
        "{comment}"
    );
    assert!(
        comment["why"].as_str().unwrap_or("").contains("校验位正确"),
        "{comment}"
    );
    assert_eq!(comment["match"], "430102********8907");
    assert!(findings
        .iter()
        .any(|f| f["kind"] == "mobile_phone" && f["blocking"] == true));

    assert_eq!(
        results["visibleReasonForms"], 0,
        "reason forms shown before asked"
    );
    assert_eq!(
        results["dropFocusable"], true,
        "the drop zone takes the keyboard focus"
    );

    // Nothing raw on the page until asked; the revealed value is the raw one, then hidden.
    let text = results["pageTextBeforeReveal"].as_str().unwrap_or("");
    assert!(
        !text.contains(ID_A) && !text.contains(MOBILE_A),
        "raw value on the page"
    );
    assert_eq!(results["revealed"], MOBILE_A);
    assert_eq!(results["revealedAfterHide"], "");

    // Decisions persist: the re-uploaded draft shows them.
    let second = results["second"].as_array().cloned().unwrap_or_default();
    let again = second
        .iter()
        .find(|d| d["id"] == results["again"])
        .unwrap_or_else(|| panic!("re-upload missing: {results:#}"));
    let decided = |kind: &str| {
        again["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .find(|f| f["kind"] == kind)
            .map(|f| f["decision"].clone())
            .unwrap_or_default()
    };
    assert_eq!(decided("id_card"), "false-positive", "{again:#}");
    assert_eq!(decided("mobile_phone"), "accepted-risk", "{again:#}");
    let record = std::fs::read_to_string(&reviews).unwrap_or_default();
    assert_eq!(record.lines().count(), 2, "{record}");
    assert!(record.contains("经办人办公手机") && record.contains("王审核"));

    // The redacted copy rescans clean; the report is an xlsx.
    let redacted = out.join("redacted.docx");
    assert!(
        redacted.is_file(),
        "no redacted copy downloaded: {results:#}"
    );
    assert_eq!(results["redactedName"], "公示.docx");
    let rescan = Command::new(BIN)
        .args(["scan", "--format", "jsonl", "--fail-on", "low"])
        .arg(&redacted)
        .output()
        .unwrap_or_else(|e| panic!("{e}"));
    let rescan_text = String::from_utf8_lossy(&rescan.stdout);
    assert!(
        !rescan_text.contains("430102"),
        "ID still in the copy: {rescan_text}"
    );
    let copy = std::fs::read(&redacted).unwrap_or_default();
    assert!(std::str::from_utf8(&copy).map_or(true, |t| !t.contains(ID_A)));
    assert!(std::fs::read(out.join("report.xlsx"))
        .unwrap_or_default()
        .starts_with(b"PK"));

    // A long list is paged.
    assert_eq!(results["longListFirstPage"], 300, "{results:#}");
    assert_eq!(results["longListMore"], "显示更多（还有 50 处）");
    assert_eq!(results["longListAll"], 350);

    // The server never logged a value.
    for raw in [ID_A, MOBILE_A] {
        assert!(!log.contains(raw), "raw value in the server log");
    }
    assert!(
        results["consoleErrors"]
            .as_array()
            .is_some_and(Vec::is_empty),
        "{results:#}"
    );
    assert!(out.join("desk-1-uploaded.png").is_file() && out.join("desk-2-decided.png").is_file());
}
