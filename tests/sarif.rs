//! `--format sarif`: the demo corpus, unscanned inputs, clean runs and archive members as
//! SARIF 2.1.0, checked for structure here and, when Microsoft's SARIF Multitool is
//! installed (`scripts/validate-sarif.sh --install` puts it under `target/tools`), by the
//! validator itself: no result of level `error`.

use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use crate::common::{scan_jsonl, CLEAN_TEXT, HIGH, ID_A};
use crate::harness::Sandbox;

const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// Runs `baomi scan ARGS --format sarif -o out.sarif`, checks the exit code, returns the log
/// and its path.
fn scan_sarif(sandbox: &Sandbox, args: &[&str], code: i32) -> (Value, PathBuf) {
    let mut all = vec!["scan"];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--format", "sarif", "-o", "out.sarif"]);
    sandbox.run(&all).expect_code(code);
    let path = sandbox.path().join("out.sarif");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("out.sarif: {e}"));
    let log = serde_json::from_str(&text).unwrap_or_else(|e| panic!("not JSON ({e}): {text}"));
    (log, path)
}

fn array<'v>(v: &'v Value, pointer: &str) -> &'v [Value] {
    v.pointer(pointer)
        .and_then(Value::as_array)
        .map_or(&[], Vec::as_slice)
}

fn index(v: &Value) -> usize {
    v.as_u64()
        .and_then(|i| usize::try_from(i).ok())
        .unwrap_or(usize::MAX)
}

/// Copies `corpora/demo` into the sandbox, so that paths (and URIs) are relative.
fn demo(sandbox: &Sandbox) {
    let dir = Path::new(ROOT).join("corpora/demo");
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    for entry in entries.flatten() {
        let bytes = std::fs::read(entry.path()).unwrap_or_default();
        sandbox.write(
            &format!("demo/{}", entry.file_name().to_string_lossy()),
            bytes,
        );
    }
}

/// Checks what every log must hold: one run, rules referenced by id and index, levels
/// from severities, artifact indexes that agree with URIs, valid URI characters.
fn check_structure(log: &Value) {
    assert_eq!(
        log["$schema"],
        "https://json.schemastore.org/sarif-2.1.0.json"
    );
    assert_eq!(log["version"], "2.1.0");
    assert_eq!(array(log, "/runs").len(), 1);
    let driver = &log["runs"][0]["tool"]["driver"];
    assert_eq!(driver["name"], "baomi");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = array(driver, "/rules");
    let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
    assert!(ids.windows(2).all(|w| w[0] < w[1]), "rules sorted, unique");
    for rule in rules {
        for key in [
            "/shortDescription/text",
            "/fullDescription/text",
            "/help/text",
            "/help/markdown",
        ] {
            assert!(rule
                .pointer(key)
                .and_then(Value::as_str)
                .is_some_and(|t| !t.is_empty()));
        }
        assert!(rule
            .pointer("/properties/security-severity")
            .is_some_and(Value::is_string));
    }
    let artifacts = array(log, "/runs/0/artifacts");
    for a in artifacts {
        let uri = a["location"]["uri"].as_str().unwrap_or_default();
        assert!(
            !uri.is_empty()
                && uri
                    .bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b)),
            "{uri}"
        );
    }
    for r in array(log, "/runs/0/results") {
        assert_eq!(
            rules.get(index(&r["ruleIndex"])).map(|d| &d["id"]),
            Some(&r["ruleId"])
        );
        let want = match r["properties"]["severity"].as_str().unwrap_or_default() {
            "critical" | "high" => "error",
            "medium" => "warning",
            _ => "note",
        };
        assert_eq!(r["level"], want, "{r}");
        let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
        assert_eq!(
            artifacts
                .get(index(&at["index"]))
                .map(|a| &a["location"]["uri"]),
            Some(&at["uri"])
        );
        assert!(r["message"]["text"]
            .as_str()
            .is_some_and(|m| m.ends_with('.')));
        assert!(r
            .pointer("/partialFingerprints/baomiFingerprint~1v1")
            .is_some());
    }
}

#[test]
fn sarif_000_demo_corpus() {
    let sandbox = Sandbox::new();
    demo(&sandbox);
    let (log, _) = scan_sarif(&sandbox, &["demo"], 1);
    check_structure(&log);
    let results = array(&log, "/runs/0/results");
    // The same findings as JSON Lines, in the same order, masked the same way.
    let jsonl = scan_jsonl(&sandbox, &["demo"], &[]).findings();
    assert_eq!(results.len(), jsonl.len());
    let revealed = scan_jsonl(&sandbox, &["demo"], &["--reveal"]).findings();
    let text = serde_json::to_string(&log).unwrap_or_default();
    for ((r, f), raw) in results.iter().zip(&jsonl).zip(&revealed) {
        assert_eq!(
            r["partialFingerprints"]["baomiFingerprint/v1"],
            f.fingerprint.as_str()
        );
        assert_eq!(r["ruleId"], f.rule.as_str());
        if raw.text != f.text {
            assert!(
                !text.contains(&raw.text),
                "raw value of {} in the SARIF log",
                f.rule
            );
        }
    }
    assert_eq!(array(&log, "/runs/0/artifacts").len(), 8);
    assert_eq!(
        log["runs"][0]["properties"]["summary"]["findings"],
        results.len()
    );
    let uri = |r: &Value| {
        r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap_or_default()
            .to_string()
    };
    let sheet = results
        .iter()
        .find(|r| uri(r).ends_with(".xlsx"))
        .unwrap_or_else(|| panic!("no xlsx result"));
    assert!(sheet["locations"][0]["physicalLocation"]
        .get("region")
        .is_none());
    let place = sheet["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str();
    assert!(place.is_some_and(|p| p.contains('!')), "{place:?}");
    let gbk = results
        .iter()
        .find(|r| uri(r) == "demo/gbk_%E9%80%9A%E7%9F%A5.txt")
        .unwrap_or_else(|| panic!("no gbk result"));
    assert!(gbk
        .pointer("/locations/0/physicalLocation/region/startLine")
        .is_some_and(Value::is_u64));
}

#[test]
fn sarif_010_unscanned_and_clean() {
    let sandbox = Sandbox::new();
    let bad = sandbox.write("坏 文件.docx", b"PK\x03\x04 not a zip at all");
    let clean = sandbox.write("clean.txt", CLEAN_TEXT);
    let (log, _) = scan_sarif(&sandbox, &[&bad, &clean], 3);
    check_structure(&log);
    assert!(array(&log, "/runs/0/results").is_empty());
    assert!(array(&log, "/runs/0/tool/driver/rules").is_empty());
    let invocation = &log["runs"][0]["invocations"][0];
    assert_eq!(invocation["executionSuccessful"], true);
    let notes = array(invocation, "/toolExecutionNotifications");
    assert_eq!(notes.len(), 1);
    assert_eq!(notes[0]["level"], "error");
    let at = &notes[0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(at["uri"], "%E5%9D%8F%20%E6%96%87%E4%BB%B6.docx");
    assert_eq!(
        log["runs"][0]["artifacts"][index(&at["index"])]["location"]["uri"],
        at["uri"]
    );

    let (log, _) = scan_sarif(&sandbox, &[&clean], 0);
    check_structure(&log);
    assert!(log["runs"][0]["invocations"][0]
        .get("toolExecutionNotifications")
        .is_none());
}

fn zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
    let mut w = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in entries {
        w.start_file(*name, SimpleFileOptions::default())
            .unwrap_or_else(|e| panic!("{e}"));
        w.write_all(bytes).unwrap_or_else(|e| panic!("{e}"));
    }
    w.finish().unwrap_or_else(|e| panic!("{e}")).into_inner()
}

#[test]
fn sarif_020_archive_members_nest_under_the_outer_file() {
    let sandbox = Sandbox::new();
    let inner = zip(&[("c.txt", HIGH)]);
    let outer = zip(&[("附件 1/名单.txt", HIGH), ("inner.zip", &inner)]);
    let path = sandbox.write("包.zip", outer);
    let (log, _) = scan_sarif(&sandbox, &[&path], 1);
    check_structure(&log);
    let artifacts = array(&log, "/runs/0/artifacts");
    let uris: Vec<&str> = artifacts
        .iter()
        .filter_map(|a| a["location"]["uri"].as_str())
        .collect();
    assert_eq!(
        uris,
        [
            "%E5%8C%85.zip",
            "%E9%99%84%E4%BB%B6%201/%E5%90%8D%E5%8D%95.txt",
            "inner.zip",
            "c.txt"
        ]
    );
    let parents: Vec<&Value> = artifacts.iter().map(|a| &a["parentIndex"]).collect();
    assert_eq!(
        parents,
        [
            &Value::Null,
            &Value::from(0),
            &Value::from(0),
            &Value::from(2)
        ]
    );
    let results = array(&log, "/runs/0/results");
    let members: Vec<&str> = results
        .iter()
        .filter_map(|r| r["locations"][0]["logicalLocations"][0]["fullyQualifiedName"].as_str())
        .collect();
    assert_eq!(members, ["附件 1/名单.txt", "inner.zip!/c.txt"]);
    for r in results {
        assert_eq!(
            r["locations"][0]["physicalLocation"]["artifactLocation"]["index"],
            0
        );
        assert!(!serde_json::to_string(r).unwrap_or_default().contains(ID_A));
    }
}

/// The SARIF Multitool, if installed: `$SARIF_MULTITOOL`, then the platform binary or the
/// npm wrapper under `$BAOMI_TOOLS` (default `target/tools`), then `sarif-multitool` on the
/// path or through `npx --no` (never installs).
fn multitool() -> Option<Vec<String>> {
    let tools = std::env::var("BAOMI_TOOLS").unwrap_or_else(|_| "target/tools".into());
    let tools = Path::new(ROOT).join(tools).join("node_modules");
    let platform = match std::env::consts::OS {
        "macos" => "darwin",
        "windows" => "win32",
        os => os,
    };
    let native = tools.join(format!(
        "@microsoft/sarif-multitool-{platform}/Sarif.Multitool{}",
        std::env::consts::EXE_SUFFIX
    ));
    let mut candidates: Vec<Vec<String>> = Vec::new();
    if let Ok(tool) = std::env::var("SARIF_MULTITOOL") {
        candidates.push(vec![tool]);
    }
    candidates.push(vec![native.to_string_lossy().into_owned()]);
    candidates.push(vec![tools
        .join(".bin/sarif-multitool")
        .to_string_lossy()
        .into_owned()]);
    candidates.push(vec!["sarif-multitool".into()]);
    candidates.push(vec![
        "npx".into(),
        "--no".into(),
        "--".into(),
        "sarif-multitool".into(),
    ]);
    candidates.into_iter().find(|c| {
        c.split_first().is_some_and(|(program, args)| {
            Command::new(program)
                .args(args)
                .arg("--version")
                .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
                .output()
                .is_ok_and(|o| o.status.success())
        })
    })
}

/// Validates `file`; returns the validator's error-level results (rule id and arguments).
fn validate(tool: &[String], file: &Path, dir: &Path) -> Vec<String> {
    let report = dir.join("validation.sarif");
    let (program, args) = tool.split_first().unwrap_or_else(|| panic!("empty tool"));
    let out = Command::new(program)
        .args(args)
        .arg("validate")
        .arg(file)
        .arg("-o")
        .arg(&report)
        .args(["--log", "ForceOverwrite"])
        .env("DOTNET_SYSTEM_GLOBALIZATION_INVARIANT", "1")
        .output()
        .unwrap_or_else(|e| panic!("{tool:?}: {e}"));
    let text = std::fs::read_to_string(&report).unwrap_or_else(|e| {
        panic!(
            "no validation report ({e}): {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    let log: Value = serde_json::from_str(&text).unwrap_or_default();
    array(&log, "/runs/0/results")
        .iter()
        .filter(|r| r["level"] == "error")
        .map(|r| format!("{} {}", r["ruleId"], r["message"]["arguments"]))
        .collect()
}

#[test]
fn sarif_030_multitool_finds_no_errors() {
    let Some(tool) = multitool() else {
        println!("skipped: SARIF Multitool not found (scripts/validate-sarif.sh --install)");
        return;
    };
    let sandbox = Sandbox::new();
    demo(&sandbox);
    sandbox.write("bad.docx", b"PK\x03\x04 not a zip");
    sandbox.write("包.zip", zip(&[("附件 1/名单.txt", HIGH)]));
    sandbox.write("clean.txt", CLEAN_TEXT);
    let runs: [(&[&str], i32); 3] = [
        (&["demo"], 1),
        (&["bad.docx", "包.zip"], 1),
        (&["clean.txt"], 0),
    ];
    for (args, code) in runs {
        let (_, file) = scan_sarif(&sandbox, args, code);
        let errors = validate(&tool, &file, sandbox.path());
        assert!(errors.is_empty(), "{args:?}: {errors:#?}");
    }
}
