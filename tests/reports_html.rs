//! `--format html`: the self-contained audit report. The demo corpus renders without any
//! external load, a hostile file name stays text, unreadable files are listed, values are
//! masked unless `--reveal`; when `/usr/bin/chromium` exists, the page is loaded headless
//! and its rows and script checked in the live DOM (skipped with a message otherwise).

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::common::{HIGH, ID_A};
use crate::harness::Sandbox;

const HOSTILE_NAME: &str = "<img src=x onerror=alert(1)>.txt";
const CHROMIUM: &str = "/usr/bin/chromium";

fn demo() -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/demo")
        .display()
        .to_string()
}

/// Runs `baomi scan ARGS --format html -o r.html` and returns the page and its path.
fn report(sandbox: &Sandbox, args: &[&str], code: i32) -> (String, PathBuf) {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "html", "-o", "r.html"]);
    sandbox.run(&all).expect_code(code);
    let path = sandbox.path().join("r.html");
    match std::fs::read_to_string(&path) {
        Ok(html) => (html, path),
        Err(e) => panic!("no report at {}: {e}", path.display()),
    }
}

fn assert_self_contained(html: &str) {
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("content=\"default-src 'none';"));
    for external in [
        "src=\"http",
        "href=\"http",
        "src='http",
        "<link",
        "url(",
        "@import",
    ] {
        assert!(!html.contains(external), "external reference {external:?}");
    }
}

fn rows(html: &str) -> usize {
    html.matches("<tr id=\"r").count()
}

#[test]
fn reports_html_000_demo_report_is_self_contained_and_masked() {
    let sandbox = Sandbox::new();
    let demo = demo();
    let jsonl = |extra: &[&str]| {
        let mut args = vec!["scan", demo.as_str(), "--format", "jsonl"];
        args.extend_from_slice(extra);
        sandbox.run(&args).findings()
    };
    let (findings, masked) = (jsonl(&["--reveal"]), jsonl(&[]));
    let (html, _) = report(&sandbox, &[&demo], 1);
    assert_self_contained(&html);
    assert!(html.contains("<title>baomi 发布前审查报告</title>"));
    assert!(html.contains("需处理"));
    assert_eq!(rows(&html), findings.len(), "one row per finding");
    assert!(html.contains("<title id=\"kind-chart-t\">"), "kind chart");
    // Raw values that are masked by default (long enough not to occur by chance; a
    // service hotline is not masked) appear only with --reveal.
    let raw: Vec<&str> = findings
        .iter()
        .zip(&masked)
        .filter(|(f, m)| f.text != m.text && f.text.chars().count() >= 7)
        .map(|(f, _)| f.text.as_str())
        .collect();
    assert!(raw.len() > 20, "{raw:?}");
    for value in &raw {
        assert!(!html.contains(value), "raw {value} without --reveal");
    }
    let (revealed, _) = report(&sandbox, &[&demo, "--reveal"], 1);
    assert!(raw.iter().all(|v| revealed.contains(v)));
}

#[test]
fn reports_html_010_hostile_name_escaped_unscanned_listed() {
    let sandbox = Sandbox::new();
    let hostile = sandbox.write(HOSTILE_NAME, HIGH);
    let bad = sandbox.write("bad.docx", b"PK\x03\x04 this is no zip archive");
    let (html, path) = report(&sandbox, &[&hostile, &bad], 1);
    assert_self_contained(&html);
    assert!(!html.contains("<img"), "file name became markup");
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;.txt"));
    assert_eq!(
        html.matches("<script").count(),
        3,
        "only the report's scripts"
    );
    assert!(!html.contains(ID_A), "raw ID without --reveal");
    assert!(html.contains("430102********8907"));
    let unscanned = html
        .split("id=\"unscanned\"")
        .nth(1)
        .unwrap_or_default()
        .split("</section>")
        .next()
        .unwrap_or_default();
    assert!(unscanned.contains("无法审查的文件") && unscanned.contains("bad.docx"));
    assert!(html.contains("1 个文件无法审查"));
    assert_eq!(rows(&html), 1);
    if let Some(dom) = dump_dom(&sandbox, &path) {
        assert!(dom.contains("<tr id=\"r0\""), "row missing from the DOM");
        assert!(!dom.contains("<img"), "an <img> element in the live DOM");
        assert!(
            dom.contains("<html lang=\"zh-CN\" class=\"js\">"),
            "the report's script did not run"
        );
    }

    // Nothing blocked, one file unreadable: not a pass.
    let sandbox = Sandbox::new();
    let bad = sandbox.write("bad.docx", b"PK\x03\x04 this is no zip archive");
    let (html, _) = report(&sandbox, &[&bad], 3);
    assert!(html.contains("有文件无法审查") && html.contains("退出码 exit code 3"));
    assert!(!html.contains("可以发布"));
}

#[test]
fn reports_html_020_chromium_renders_the_rows() {
    let sandbox = Sandbox::new();
    let demo = demo();
    let (html, path) = report(&sandbox, &[&demo], 1);
    let Some(dom) = dump_dom(&sandbox, &path) else {
        return;
    };
    let n = rows(&html);
    assert_eq!(rows(&dom), n, "rows in the live DOM");
    assert!(
        dom.contains(&format!("筛选后 {n} / 共 {n} 条")),
        "filter bar not live"
    );
    assert_eq!(
        dom.matches(" class=\"on\"").count(),
        n.min(500),
        "rows on the page"
    );
    assert!(
        !dom.contains("id=\"filters\" hidden"),
        "filter bar still hidden"
    );
}

/// The DOM after Chromium loaded the page and ran its script; `None` (with a message)
/// when Chromium is not installed.
fn dump_dom(sandbox: &Sandbox, page: &Path) -> Option<String> {
    if !Path::new(CHROMIUM).exists() {
        eprintln!("SKIP {CHROMIUM} absent: the report is not rendered");
        return None;
    }
    let profile = sandbox.path().join("chromium-profile");
    let mut child = match Command::new(CHROMIUM)
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--virtual-time-budget=5000",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg("--dump-dom")
        .arg(format!("file://{}", page.display()))
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .stdin(Stdio::null())
        .spawn()
    {
        Ok(c) => c,
        Err(e) => panic!("cannot start {CHROMIUM}: {e}"),
    };
    let stdout = child.stdout.take();
    let reader = std::thread::spawn(move || {
        let mut dom = String::new();
        if let Some(mut s) = stdout {
            let _ = std::io::Read::read_to_string(&mut s, &mut dom);
        }
        dom
    });
    let started = Instant::now();
    loop {
        match child.try_wait() {
            Ok(Some(_)) => break,
            Ok(None) if started.elapsed() > Duration::from_secs(120) => {
                let _ = child.kill();
                panic!("{CHROMIUM} did not finish in 120 s");
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(100)),
            Err(e) => panic!("waiting for {CHROMIUM}: {e}"),
        }
    }
    let dom = reader.join().unwrap_or_default();
    assert!(dom.contains("</html>"), "no DOM from {CHROMIUM}");
    Some(dom)
}
