//! The HTML report from hand-built runs: hostile strings stay text, the verdict follows
//! the gate, the page is self-contained.

use std::collections::BTreeMap;

use super::*;
use crate::finding::{Kind, Location};
use crate::report::{UnitSummary, Unscanned};

const HOSTILE: &str = "<img src=x onerror=alert(1)>\"'&</script>";

fn row(path: &str, severity: Severity, hidden: bool) -> Row {
    Row {
        path: path.to_string(),
        unit: Some(format!("单位{HOSTILE}")),
        rule: format!("terms.{HOSTILE}"),
        kind: Kind::IdCard,
        severity,
        text: "430102********8907".to_string(),
        location: Location {
            sheet: Some(format!("Sheet{HOSTILE}")),
            cell: Some("C5".to_string()),
            part: hidden.then(|| "comment".to_string()),
            ..Location::default()
        },
        context: format!("…{HOSTILE} 430102********8907 …"),
        fingerprint: "abc".to_string(),
        hidden,
        confidence: 1.0,
        evidence: vec![format!("column:{HOSTILE}")],
        linked_from: None,
    }
}

fn render(run: &Collected, summary: &Summary) -> String {
    let mut out = Vec::new();
    let written = write(run, summary, &RuleCatalog::default(), &mut out);
    assert!(written.is_ok(), "{written:?}");
    String::from_utf8(out).unwrap_or_default()
}

fn hostile_run() -> (Collected, Summary) {
    let path = format!("公示/{HOSTILE}.txt");
    let run = Collected {
        findings: vec![
            row(&path, Severity::High, false),
            row(&path, Severity::Info, true),
        ],
        unscanned: vec![Unscanned {
            path: format!("{HOSTILE}.docx"),
            error: format!("not a zip: {HOSTILE}"),
            skipped: false,
            linked_from: None,
        }],
        paths: vec![path.clone(), format!("{HOSTILE}.docx")],
    };
    let unit = UnitSummary {
        files: 2,
        findings: 2,
        by_kind: BTreeMap::from([(HOSTILE.to_string(), 2)]),
        by_severity: BTreeMap::from([("high".to_string(), 1), ("info".to_string(), 1)]),
        fail_on: "high".to_string(),
        passed: false,
    };
    let summary = Summary {
        files: 2,
        scanned: 1,
        errors: 1,
        findings: 2,
        by_kind: BTreeMap::from([("id_card".to_string(), 2)]),
        by_severity: BTreeMap::from([("high".to_string(), 1), ("info".to_string(), 1)]),
        by_unit: BTreeMap::from([(format!("单位{HOSTILE}"), unit)]),
        blocked: true,
        ..Summary::default()
    };
    (run, summary)
}

#[test]
fn hostile_strings_never_become_markup() {
    let (run, summary) = hostile_run();
    let html = render(&run, &summary);
    assert!(!html.contains("<img"), "raw tag in the report");
    assert!(
        !html.contains("onerror=alert(1)>"),
        "raw attribute in the report"
    );
    assert_eq!(
        html.matches("<script").count(),
        3,
        "only the report's own scripts"
    );
    assert_eq!(html.matches("</script>").count(), 3);
    assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;&lt;/script&gt;"));
    // path, location, context, rule, evidence, unit, unscanned path and error.
    assert!(html.matches("&lt;img src=x").count() >= 10);
}

#[test]
fn page_is_self_contained() {
    let (run, summary) = hostile_run();
    let html = render(&run, &summary);
    assert!(html.starts_with("<!DOCTYPE html>\n<html lang=\"zh-CN\">"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("default-src 'none'"));
    for external in [
        "src=\"http",
        "href=\"http",
        "<link",
        "url(",
        "@import",
        "//cdn",
    ] {
        assert!(!html.contains(external), "{external}");
    }
}

#[test]
fn rows_carry_filters_highlight_and_hidden_badge() {
    let (run, summary) = hostile_run();
    let html = render(&run, &summary);
    assert_eq!(html.matches("<tr id=\"r").count(), 2);
    assert!(html.contains("<tr id=\"r0\" data-s=\"3\" data-k=\"id_card\" data-u=\"单位&lt;img"));
    assert!(html.contains("<mark>430102********8907</mark>"));
    assert!(html.contains("<span class=\"badge\">隐藏·批注</span>"));
    assert!(html.contains("id=\"unscanned\""));
    assert!(html.contains("需处理"));
    assert!(html.contains("另有 <a href=\"#unscanned\">1 个文件无法审查</a>"));
}

#[test]
fn verdict_follows_the_gate() {
    let mut s = Summary::default();
    assert_eq!(Verdict::of(&s), Verdict::Pass);
    s.errors = 1;
    assert_eq!(Verdict::of(&s), Verdict::Incomplete);
    s.blocked = true;
    assert_eq!(Verdict::of(&s), Verdict::Block);
    // A unit over its own threshold blocks even when the summary was not judged.
    let mut s = Summary::default();
    s.by_unit.insert(
        "区民政局".to_string(),
        UnitSummary {
            by_severity: BTreeMap::from([("medium".to_string(), 1)]),
            fail_on: "medium".to_string(),
            ..UnitSummary::default()
        },
    );
    assert_eq!(Verdict::of(&s), Verdict::Block);
    let html = render(&Collected::default(), &Summary::default());
    assert!(html.contains("可以发布") && html.contains("没有发现"));
}

#[test]
fn embedded_summary_is_parseable_json() {
    let (run, summary) = hostile_run();
    let html = render(&run, &summary);
    let json = html
        .split("<script type=\"application/json\" id=\"baomi-summary\">")
        .nth(1)
        .and_then(|rest| rest.split("</script>").next())
        .unwrap_or_default();
    let value: serde_json::Value = serde_json::from_str(json).unwrap_or_default();
    assert_eq!(value["verdict"], "block");
    assert_eq!(value["summary"]["findings"], 2);
}

#[test]
fn sizes_are_human() {
    assert_eq!(human_bytes(17554), "17.1 KB");
    assert_eq!(human_bytes(12), "12 B");
    assert_eq!(human_bytes(3 << 30), "3.0 GB");
    assert_eq!(human_ms(36), "36 ms");
    assert_eq!(human_ms(5321), "5.3 s");
}
