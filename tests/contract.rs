//! The output contract (OUTPUT.md): JSON Lines shapes and key order, summary counts,
//! vocabularies; the `json`, `summary` and `text` formats and `-o`; fingerprints.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::common::{planted, scan_jsonl, FILLER, HIGH, ID_A, MOBILE_A, PDF};
use crate::harness::{
    fixture, fixtures_dir, rank, top_level_keys, Sandbox, FINDING_KEYS, SUMMARY_KEYS,
};

// ---------------------------------------------------------------------------------------
// The JSON Lines contract

#[test]
fn jsonl_000_finding_error_and_summary_shapes() {
    let sandbox = Sandbox::new();
    let text = format!("关于低保复核的说明\n申请人身份证号：{ID_A}\n");
    let a = sandbox.write("a.txt", &text);
    let pdf = sandbox.write("b.pdf", b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n");
    let out = scan_jsonl(&sandbox, &[&a, &pdf, "nope.txt"], &[]);
    out.expect_code(1);

    let raw_lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(raw_lines.len(), 4, "{}", out.dump());
    // 1. the finding, fields in contract order, extensions after them
    let keys = top_level_keys(raw_lines[0]);
    assert_eq!(
        keys.get(..FINDING_KEYS.len()),
        Some(&FINDING_KEYS.map(String::from)[..])
    );
    for extra in keys.get(FINDING_KEYS.len()..).unwrap_or_default() {
        assert!(
            !FINDING_KEYS.contains(&extra.as_str()),
            "duplicate key {extra}"
        );
    }
    let f: Value = serde_json::from_str(raw_lines[0]).unwrap_or_default();
    assert_eq!(f["path"], "a.txt");
    assert_eq!(f["unit"], Value::Null);
    assert_eq!(f["rule"], "pii.id_card");
    assert_eq!(f["kind"], "id_card");
    assert_eq!(f["severity"], "high");
    assert_eq!(f["text"], "430102********8907");
    assert_eq!(f["location"], serde_json::json!({"line": 2, "column": 9}));
    let context = f["context"].as_str().unwrap_or_default();
    assert!(
        context.contains("申请人身份证号：430102********8907"),
        "context {context:?}"
    );
    assert_eq!(f["hidden"], false);
    let fp = f["fingerprint"].as_str().unwrap_or_default();
    assert!(
        fp.len() >= 16 && fp.bytes().all(|b| b.is_ascii_hexdigit()),
        "fingerprint {fp:?}"
    );
    // 2–3. error records, sorted by path, `path` then `error`
    let errors = out.errors();
    assert_eq!(
        errors.iter().map(|e| e.path.as_str()).collect::<Vec<_>>(),
        vec!["b.pdf", "nope.txt"]
    );
    for (line, e) in raw_lines[1..3].iter().zip(&errors) {
        assert_eq!(
            top_level_keys(line).get(..2),
            Some(&["path".to_string(), "error".to_string()][..])
        );
        assert!(!e.error.trim().is_empty(), "empty error message: {line}");
    }
    // 4. the summary, last
    assert_eq!(top_level_keys(raw_lines[3]), vec!["summary"]);
    let inner = raw_lines[3]
        .strip_prefix("{\"summary\":")
        .and_then(|s| s.strip_suffix('}'))
        .unwrap_or_default();
    assert_eq!(top_level_keys(inner), SUMMARY_KEYS.map(String::from));
    let s = out.summary_typed();
    assert_eq!(
        (s.files, s.scanned, s.errors, s.skipped, s.findings),
        (3, 1, 2, 0, 1)
    );
    assert_eq!(s.files, s.scanned + s.errors + s.skipped);
    assert_eq!(s.by_kind, BTreeMap::from([("id_card".to_string(), 1)]));
    assert_eq!(s.by_severity, BTreeMap::from([("high".to_string(), 1)]));
    assert_eq!(s.bytes, text.len() as u64);
}

#[test]
fn jsonl_010_summary_counts_agree_with_lines() {
    let sandbox = Sandbox::new();
    let phones = fixture("phones.txt").display().to_string();
    let ids = fixture("ids.txt").display().to_string();
    sandbox.write("x.zip", b"PK\x03\x04\x14\x00\x00\x00");
    let out = scan_jsonl(&sandbox, &[&phones, &ids, "x.zip", "missing.txt"], &[]);
    let lines = out.lines();
    let summaries = lines.iter().filter(|v| v.get("summary").is_some()).count();
    assert_eq!(summaries, 1, "exactly one summary line");
    let findings = out.findings();
    let s = out.summary_typed();
    assert_eq!(s.files, 4);
    assert_eq!(s.files, s.scanned + s.errors + s.skipped);
    assert_eq!(s.errors + s.skipped, out.errors().len() as u64);
    assert_eq!(s.findings, findings.len() as u64);
    let mut by_kind = BTreeMap::new();
    let mut by_severity = BTreeMap::new();
    for f in &findings {
        *by_kind.entry(f.kind.clone()).or_insert(0) += 1;
        *by_severity.entry(f.severity.clone()).or_insert(0) += 1;
    }
    assert_eq!(s.by_kind, by_kind);
    assert_eq!(s.by_severity, by_severity);
    assert_eq!(
        s.bytes,
        (std::fs::read(&phones).map_or(0, |b| b.len()) + std::fs::read(&ids).map_or(0, |b| b.len()))
            as u64,
        "plain UTF-8 inputs: bytes is their size"
    );
}

#[test]
fn jsonl_020_every_kind_and_severity_is_in_the_vocabulary() {
    const KINDS: [&str; 14] = [
        "id_card",
        "mobile_phone",
        "landline_phone",
        "bank_card",
        "email",
        "passport",
        "travel_permit",
        "license_plate",
        "person_name",
        "address",
        "uscc",
        "classification_mark",
        "restricted_term",
        "sensitive_attribute",
    ];
    let sandbox = Sandbox::new();
    let dir = fixtures_dir().display().to_string();
    let out = scan_jsonl(&sandbox, &[&dir], &[]);
    let findings = out.findings();
    assert!(findings.len() > 20, "{}", out.dump());
    for f in &findings {
        assert!(KINDS.contains(&f.kind.as_str()), "kind {}", f.kind);
        rank(&f.severity);
        assert!(f.line() >= 1 && f.column() >= 1, "{}", f.brief());
    }
}

// ---------------------------------------------------------------------------------------
// Other formats

#[test]
fn formats_000_json_is_one_document_like_jsonl() {
    let sandbox = Sandbox::new();
    let (text, _) = planted();
    let file = sandbox.write("planted.txt", &text);
    sandbox.write("b.pdf", PDF);
    let json = sandbox.run(&["scan", &file, "b.pdf", "--format", "json"]);
    json.expect_code(1);
    let doc: Value = serde_json::from_str(&json.stdout).unwrap_or_else(|e| {
        panic!(
            "--format json is not one JSON document: {e}\n{}",
            json.dump()
        )
    });
    assert_eq!(
        top_level_keys(&json.stdout),
        vec!["findings", "errors", "summary"]
    );
    let jsonl = scan_jsonl(&sandbox, &[&file, "b.pdf"], &[]);
    let lines = jsonl.lines();
    let findings: Vec<&Value> = lines.iter().filter(|v| v.get("rule").is_some()).collect();
    let errors: Vec<&Value> = lines.iter().filter(|v| v.get("error").is_some()).collect();
    assert_eq!(
        doc["findings"]
            .as_array()
            .map(|a| a.iter().collect::<Vec<_>>()),
        Some(findings)
    );
    assert_eq!(
        doc["errors"]
            .as_array()
            .map(|a| a.iter().collect::<Vec<_>>()),
        Some(errors)
    );
    let mut a = doc["summary"].clone();
    let mut b = jsonl.summary();
    a["elapsed_ms"] = Value::from(0);
    b["elapsed_ms"] = Value::from(0);
    assert_eq!(a, b);
    assert_eq!(a["findings"], 5);
}

#[test]
fn formats_010_summary_is_a_single_line() {
    let sandbox = Sandbox::new();
    let (text, _) = planted();
    let file = sandbox.write("planted.txt", &text);
    let out = sandbox.run(&["scan", &file, "--format", "summary"]);
    out.expect_code(1);
    assert_eq!(out.stdout.lines().count(), 1, "{}", out.dump());
    assert_eq!(top_level_keys(&out.stdout), vec!["summary"]);
    let s = out.summary_typed();
    assert_eq!((s.files, s.scanned, s.findings), (1, 1, 5));
    assert_eq!(s.by_kind.get("mobile_phone"), Some(&2));
}

#[test]
fn formats_020_text_has_chinese_labels_and_summary_line() {
    let sandbox = Sandbox::new();
    let (text, _) = planted();
    let file = sandbox.write("planted.txt", &text);
    sandbox.write("b.pdf", PDF);
    let out = sandbox.run(&["scan", &file, "b.pdf", "--format", "text"]);
    out.expect_code(1);
    for want in [
        "planted.txt",
        "b.pdf",
        "身份证号",
        "手机号码",
        "银行卡号",
        "电子邮箱",
        "高",
        "430102********8907",
        "2:9",
    ] {
        assert!(
            out.stdout.contains(want),
            "text report lacks {want:?}\n{}",
            out.dump()
        );
    }
    assert!(
        !out.stdout.contains('\x1b'),
        "colour when not on a terminal"
    );
    let last = out.stdout.lines().last().unwrap_or_default();
    assert!(last.starts_with("汇总"), "last line {last:?}");
    let numbers: Vec<&str> = last
        .split(|c: char| !c.is_ascii_digit())
        .filter(|n| !n.is_empty())
        .collect();
    assert_eq!(numbers.first(), Some(&"2"), "files first: {last:?}");
    assert!(numbers.contains(&"5"), "findings 5: {last:?}");
}

#[test]
fn formats_030_text_is_the_default() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("a.txt", HIGH);
    let default = sandbox.run(&["scan", &file]);
    let text = sandbox.run(&["scan", &file, "--format", "text"]);
    assert_eq!(default.stable_stdout(), text.stable_stdout());
    assert!(default.stdout.contains("汇总"));
}

#[test]
fn formats_040_output_file() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("a.txt", HIGH);
    let out = sandbox.run(&["scan", &file, "--format", "jsonl", "-o", "report.jsonl"]);
    out.expect_code(1);
    assert!(out.stdout.is_empty(), "{}", out.dump());
    let report = std::fs::read_to_string(sandbox.path().join("report.jsonl")).unwrap_or_default();
    let direct = scan_jsonl(&sandbox, &[&file], &[]);
    let strip = |s: &str| {
        s.lines()
            .filter(|l| !l.starts_with("{\"summary\""))
            .collect::<Vec<_>>()
            .join("\n")
    };
    assert_eq!(strip(&report), strip(&direct.stdout));
    assert_eq!(report.lines().count(), 2);
}

#[test]
fn formats_050_several_reports_from_one_scan() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("a.txt", HIGH);
    sandbox.write("bad.docx", b"PK\x03\x04 broken");
    let out = sandbox.run(&[
        "scan", &file, "bad.docx", "--format", "jsonl", "--output", "r.jsonl", "--format", "sarif",
        "--output", "r.sarif", "-f", "csv", "-o", "r.csv",
    ]);
    out.expect_code(1);
    assert!(out.stdout.is_empty(), "{}", out.dump());
    let read = |name: &str| std::fs::read_to_string(sandbox.path().join(name)).unwrap_or_default();
    let jsonl = read("r.jsonl");
    let sarif: serde_json::Value = serde_json::from_str(&read("r.sarif")).expect("sarif");
    let csv = read("r.csv");
    assert_eq!(
        jsonl
            .lines()
            .filter(|l| l.contains("\"fingerprint\""))
            .count(),
        1
    );
    assert_eq!(
        sarif["runs"][0]["results"].as_array().map(Vec::len),
        Some(1)
    );
    // One finding and one unscanned input, each a row under the header.
    assert_eq!(csv.lines().count(), 3, "{csv}");
    assert!(
        !(jsonl + &csv + &sarif.to_string()).contains(ID_A),
        "raw value in a report"
    );

    // Without --format, each output's extension names its format.
    let out = sandbox.run(&["scan", &file, "-o", "x.sarif", "-o", "x.jsonl"]);
    out.expect_code(1);
    assert!(
        read("x.sarif").contains("\"version\": \"2.1.0\"")
            || read("x.sarif").contains("\"version\":\"2.1.0\"")
    );
    assert!(read("x.jsonl").starts_with("{\"path\""));

    // Formats and outputs that do not pair are a usage error, before anything is scanned.
    for args in [
        vec!["scan", &file, "-f", "json", "-f", "jsonl"],
        vec!["scan", &file, "-f", "json", "-f", "jsonl", "-o", "y.json"],
    ] {
        let out = sandbox.run(&args);
        out.expect_code(2);
        assert!(out.stderr.contains("--output"), "{}", out.dump());
    }
}

// ---------------------------------------------------------------------------------------
// Fingerprints

#[test]
fn fingerprints_000_stable_across_runs_distinct_per_occurrence() {
    let sandbox = Sandbox::new();
    let text =
        format!("申请人身份证号：{ID_A}\n{FILLER}复核人身份证号：{ID_A}\n手机：{MOBILE_A}\n");
    let file = sandbox.write("a.txt", &text);
    let run = || -> Vec<(String, String)> {
        scan_jsonl(&sandbox, &[&file], &[])
            .findings()
            .into_iter()
            .map(|f| (f.rule, f.fingerprint))
            .collect()
    };
    let first = run();
    assert_eq!(first.len(), 3);
    assert_eq!(first, run());
    let prints: BTreeSet<&String> = first.iter().map(|(_, fp)| fp).collect();
    assert_eq!(
        prints.len(),
        3,
        "two occurrences of one value share a fingerprint: {first:?}"
    );

    // An unrelated edit (a line added above) keeps every fingerprint.
    sandbox.write("a.txt", format!("补充说明一行。\n{text}"));
    assert_eq!(first, run());
    // Masking does not change fingerprints.
    let revealed: Vec<String> = scan_jsonl(&sandbox, &[&file], &["--reveal"])
        .findings()
        .into_iter()
        .map(|f| f.fingerprint)
        .collect();
    assert_eq!(
        revealed,
        first.iter().map(|(_, fp)| fp.clone()).collect::<Vec<_>>()
    );
}
