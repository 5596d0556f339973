//! `scan --shard I/N` and `baomi merge`: the demo corpus (plus a corrupt `bad.docx`) scanned
//! whole and as shards 0/3, 1/3, 2/3; every input in exactly one shard; the merge of the
//! shards' JSON Lines equal to the whole run (findings, error records, summary counts,
//! exit code) and rendered as SARIF, HTML and XLSX with as many findings; missing,
//! duplicated and malformed shard reports refused; the hash pinned end to end; the
//! Kubernetes manifest checked when Python has PyYAML.

use std::collections::BTreeSet;
use std::io::Cursor;
use std::path::Path;

use calamine::{Reader, Xlsx};
use serde_json::Value;

use crate::harness::{Output, Sandbox};

const SHARDS: u32 = 3;

/// The demo corpus under `demo/` in a sandbox (relative paths, as a shard job sees them),
/// with a zip signature and nothing else as `demo/bad.docx`.
fn corpus() -> Sandbox {
    let sandbox = Sandbox::new();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/demo");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        sandbox.write(
            &format!("demo/{}", entry.file_name().to_string_lossy()),
            bytes,
        );
    }
    sandbox.write("demo/bad.docx", b"PK\x03\x04garbage, not a zip member");
    sandbox
}

/// The whole run on stdout, and each shard's run written to `shard-I.jsonl`.
fn whole_and_shards(sandbox: &Sandbox) -> (Output, Vec<Output>) {
    let whole = sandbox.run(&["scan", "demo", "--format", "jsonl"]);
    whole.expect_code(1);
    let shards = (0..SHARDS)
        .map(|i| {
            let shard = format!("{i}/{SHARDS}");
            let out = sandbox.run(&["scan", "demo", "--shard", &shard, "--format", "jsonl"]);
            assert!([0, 1, 3].contains(&out.code), "{}", out.dump());
            sandbox.write(&format!("shard-{i}.jsonl"), &out.stdout);
            out
        })
        .collect();
    (whole, shards)
}

fn shard_files() -> Vec<String> {
    (0..SHARDS).map(|i| format!("shard-{i}.jsonl")).collect()
}

fn merge(sandbox: &Sandbox, files: &[String], extra: &[&str]) -> Output {
    let mut args = vec!["merge"];
    args.extend(files.iter().map(String::as_str));
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

/// Every path named by a finding or error record.
fn paths(out: &Output) -> BTreeSet<String> {
    out.lines()
        .iter()
        .filter_map(|v| v.get("path").and_then(Value::as_str).map(str::to_string))
        .collect()
}

/// (fingerprint, path, masked text, masked context) of every finding, in report order.
fn findings(out: &Output) -> Vec<(String, String, String, String)> {
    out.findings()
        .into_iter()
        .map(|f| (f.fingerprint, f.path, f.text, f.context))
        .collect()
}

/// The summary without `elapsed_ms` (the only field allowed to differ).
fn counts(out: &Output) -> Value {
    let mut s = out.summary();
    if let Some(o) = s.as_object_mut() {
        o.remove("elapsed_ms");
    }
    s
}

#[test]
fn shards_010_every_input_in_exactly_one_shard() {
    let sandbox = corpus();
    let (whole, shards) = whole_and_shards(&sandbox);
    let mut seen = BTreeSet::new();
    let mut files = 0;
    for (i, out) in shards.iter().enumerate() {
        assert_eq!(out.summary()["shard"], format!("{i}/{SHARDS}"));
        files += out.summary_typed().files;
        for path in paths(out) {
            assert!(seen.insert(path.clone()), "{path} reported by two shards");
        }
    }
    assert_eq!(seen, paths(&whole));
    assert_eq!(files, whole.summary_typed().files);
    assert!(whole.summary().get("shard").is_none());
}

#[test]
fn shards_020_merge_equals_the_whole_run() {
    let sandbox = corpus();
    let (whole, _) = whole_and_shards(&sandbox);
    let merged = merge(&sandbox, &shard_files(), &["--format", "jsonl"]);
    assert_eq!(merged.code, whole.code, "{}", merged.dump());
    assert_eq!(findings(&merged), findings(&whole));
    assert_eq!(merged.errors(), whole.errors());
    assert_eq!(counts(&merged), counts(&whole));
    // Any order of the shards' reports gives the same bytes.
    let mut reversed = shard_files();
    reversed.reverse();
    let again = merge(&sandbox, &reversed, &["--format", "jsonl"]);
    assert_eq!(again.stable_stdout(), merged.stable_stdout());
}

#[test]
fn shards_030_merged_sarif_html_xlsx_hold_every_finding() {
    let sandbox = corpus();
    let (whole, _) = whole_and_shards(&sandbox);
    let n = whole.findings().len();
    let errors = whole.errors().len();
    let out = merge(
        &sandbox,
        &shard_files(),
        &[
            "--format", "sarif", "-o", "m.sarif", "--format", "html", "-o", "m.html", "-f", "xlsx",
            "-o", "m.xlsx",
        ],
    );
    out.expect_code(whole.code);
    let read = |name: &str| {
        std::fs::read(sandbox.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };

    let sarif: Value = serde_json::from_slice(&read("m.sarif"))
        .unwrap_or_else(|e| panic!("m.sarif is not JSON: {e}"));
    let results = sarif
        .pointer("/runs/0/results")
        .and_then(Value::as_array)
        .map_or(0, Vec::len);
    assert_eq!(results, n, "SARIF results");

    let html = String::from_utf8(read("m.html")).unwrap_or_default();
    assert_eq!(html.matches("<tr id=\"r").count(), n, "HTML finding rows");
    assert!(
        html.contains("demo/bad.docx"),
        "the unscanned input is listed"
    );

    // The findings sheet: a header, then a row per finding and per input not scanned.
    let mut book = Xlsx::new(Cursor::new(read("m.xlsx"))).unwrap_or_else(|e| panic!("{e}"));
    let sheet = book
        .worksheet_range("发现 Findings")
        .unwrap_or_else(|e| panic!("findings sheet: {e}"));
    assert_eq!(sheet.height(), 1 + n + errors, "XLSX rows");
}

#[test]
fn shards_040_missing_or_duplicated_shard_is_refused() {
    let sandbox = corpus();
    let (_, shards) = whole_and_shards(&sandbox);
    let files = shard_files();
    let (first, last) = (files[0].clone(), files[2].clone());

    let missing = merge(&sandbox, &[first.clone(), last.clone()], &["-f", "jsonl"]);
    missing.expect_code(2);
    assert!(missing.stderr.contains("1/3 missing"), "{}", missing.dump());
    assert!(missing.stdout.is_empty());

    let twice = merge(
        &sandbox,
        &[first.clone(), files[1].clone(), last.clone(), last.clone()],
        &["--allow-partial"],
    );
    twice.expect_code(2);
    assert!(
        twice.stderr.contains("2/3 is given twice"),
        "{}",
        twice.dump()
    );

    let partial = merge(
        &sandbox,
        &[first, last],
        &["-f", "jsonl", "--allow-partial"],
    );
    assert!(partial.stderr.contains("partial"), "{}", partial.dump());
    let summary = partial.summary();
    assert_eq!(summary["partial"], true);
    assert_eq!(
        summary["files"],
        shards[0].summary_typed().files + shards[2].summary_typed().files
    );
    // Blocked beats incomplete; a clean partial merge would exit 3, never 0.
    let blocked = shards[0].code == 1 || shards[2].code == 1;
    partial.expect_code(if blocked { 1 } else { 3 });
}

#[test]
fn shards_050_malformed_line_names_file_and_line() {
    let sandbox = corpus();
    whole_and_shards(&sandbox);
    let text = std::fs::read_to_string(sandbox.path().join("shard-1.jsonl")).unwrap_or_default();
    let lines: Vec<&str> = text.lines().collect();
    let mut broken = lines.clone();
    broken.insert(1, "{\"path\": \"x\", oops");
    sandbox.write("shard-1.jsonl", broken.join("\n"));
    let out = merge(&sandbox, &shard_files(), &[]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("shard-1.jsonl:2: not a JSON line"),
        "{}",
        out.dump()
    );
    // A report cut before its summary is refused too.
    let cut = lines.get(..lines.len() - 1).unwrap_or_default().join("\n");
    sandbox.write("shard-1.jsonl", cut);
    let out = merge(&sandbox, &shard_files(), &[]);
    out.expect_code(2);
    assert!(out.stderr.contains("cut short"), "{}", out.dump());
}

/// The split is part of the contract between machines: the key is the path as walked
/// (`demo/…`, not absolute) and its bucket SHA-256's first 8 bytes mod N, pinned here
/// (computed independently with Python's hashlib).
#[test]
fn shards_060_stable_hash_pins_the_split() {
    let sandbox = corpus();
    let (_, shards) = whole_and_shards(&sandbox);
    for (path, shard) in [("demo/行政处罚决定书.txt", 2), ("demo/bad.docx", 1)] {
        let owners: Vec<usize> = shards
            .iter()
            .enumerate()
            .filter(|(_, out)| paths(out).contains(path))
            .map(|(i, _)| i)
            .collect();
        assert_eq!(owners, [shard], "{path}");
    }
}

#[test]
fn shards_070_bad_shard_flags_are_usage_errors() {
    let sandbox = corpus();
    for (shard, want) in [("3/3", "out of range"), ("0/0", "at least 1"), ("1", "I/N")] {
        let out = sandbox.run(&["scan", "demo", "--shard", shard]);
        out.expect_code(2);
        assert!(out.stderr.contains(want), "{shard}: {}", out.dump());
    }
    let out = sandbox.run_with_stdin(&["scan", "-", "--shard", "0/2"], Some(b"x"));
    out.expect_code(2);
    assert!(out.stderr.contains("stdin"), "{}", out.dump());
}

/// `deploy/k8s/audit-indexed-job.yaml` parses and its Jobs agree (`scripts/check-k8s.py`),
/// when Python has PyYAML (skipped otherwise).
#[test]
fn shards_080_kubernetes_manifest_is_consistent() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = std::process::Command::new("python3")
        .arg(root.join("scripts/check-k8s.py"))
        .output();
    match out {
        Ok(o) if o.status.success() => {}
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named 'yaml'") => {
            eprintln!("shards_080: PyYAML not installed, manifest check skipped");
        }
        Ok(o) => panic!("check-k8s.py: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => eprintln!("shards_080: no python3 ({e}), manifest check skipped"),
    }
}
