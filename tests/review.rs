//! The review record: `baomi review add/list`, `scan --reviews` (reviewed findings at
//! `info`, the gate passes, expired decisions stop applying, later lines win, fingerprints
//! survive unrelated edits) and `scan --baseline` (only what is new).

use std::io::{Cursor, Write};
use std::process::{Command, Stdio};

use serde_json::Value;
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use crate::common::{FILLER, ID_A, ID_B, MOBILE_A};
use crate::harness::{Output, Sandbox, BIN};

const REVIEWS: &str = ".baomi/reviews.jsonl";

fn doc(ids: &[&str]) -> String {
    let mut text = String::from("关于低保复核结果的公示\n");
    for id in ids {
        text.push_str(&format!("申请人身份证号：{id}\n"));
    }
    text
}

/// Runs `baomi ARGS` in the sandbox with `BAOMI_TODAY` set.
fn run_on(sandbox: &Sandbox, today: &str, args: &[&str]) -> Output {
    let out = Command::new(BIN)
        .args(args)
        .current_dir(sandbox.path())
        .env("BAOMI_TODAY", today)
        .stdin(Stdio::null())
        .output()
        .unwrap_or_else(|e| panic!("cannot run {BIN}: {e}"));
    Output {
        args: args.iter().map(|s| s.to_string()).collect(),
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn scan(sandbox: &Sandbox, today: &str, path: &str, extra: &[&str]) -> Output {
    let mut args = vec!["scan", path, "--format", "jsonl"];
    args.extend_from_slice(extra);
    run_on(sandbox, today, &args)
}

/// The finding lines as JSON values.
fn findings(out: &Output) -> Vec<Value> {
    out.lines()
        .into_iter()
        .filter(|v| v.get("fingerprint").is_some())
        .collect()
}

fn field<'a>(f: &'a Value, key: &str) -> &'a str {
    f.get(key).and_then(Value::as_str).unwrap_or_default()
}

fn decision_line(f: &Value, decision: &str, reason: &str, expires: Option<&str>) -> String {
    let mut d = serde_json::json!({
        "fingerprint": field(f, "fingerprint"),
        "rule": field(f, "rule"),
        "path": field(f, "path"),
        "decision": decision,
        "reviewer": "王审核",
        "unit": "市民政局",
        "reason": reason,
        "date": "2026-11-20",
    });
    if let Some(e) = expires {
        d["expires"] = e.into();
    }
    format!("{d}\n")
}

fn severities(out: &Output) -> Vec<String> {
    findings(out)
        .iter()
        .map(|f| field(f, "severity").to_string())
        .collect()
}

fn evidence(f: &Value) -> Vec<String> {
    f.get("evidence")
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|e| e.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn review_000_decision_lowers_to_info_and_passes_the_gate() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("公示.txt", doc(&[ID_A]));
    let before = scan(&sandbox, "2026-11-21", &draft, &[]);
    before.expect_code(1);
    let found = findings(&before);
    assert_eq!(found.len(), 1, "{}", before.dump());
    sandbox.write(
        REVIEWS,
        decision_line(&found[0], "accepted-risk", "已依法公示", None),
    );

    let after = scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]);
    after.expect_code(0);
    let f = &findings(&after)[0];
    assert_eq!(field(f, "severity"), "info");
    assert_eq!(field(f, "fingerprint"), field(&found[0], "fingerprint"));
    assert!(
        evidence(f).contains(&"review:accepted-risk by 王审核 2026-11-20: 已依法公示".to_string()),
        "{f}"
    );
    let s = after.summary_typed();
    assert_eq!(s.findings, 1);
    assert_eq!(s.by_severity.get("info"), Some(&1), "{s:?}");
    assert!(!s.by_severity.contains_key("high"), "{s:?}");

    // The other formats gate the same way (`summary` builds findings to match them).
    for format in ["summary", "json", "text"] {
        let out = run_on(
            &sandbox,
            "2026-11-21",
            &["scan", &draft, "--reviews", REVIEWS, "--format", format],
        );
        out.expect_code(0);
    }
    let text = run_on(
        &sandbox,
        "2026-11-21",
        &["scan", &draft, "--reviews", REVIEWS],
    );
    assert!(
        text.stdout.contains("accepted-risk by 王审核"),
        "{}",
        text.dump()
    );
}

#[test]
fn review_001_expired_decision_stops_applying() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    let found = findings(&scan(&sandbox, "2026-11-21", &draft, &[]));
    sandbox.write(
        REVIEWS,
        decision_line(&found[0], "accepted-risk", "试行期", Some("2026-12-31")),
    );
    // The expiry day is the last day the decision applies.
    let on_last_day = scan(&sandbox, "2026-12-31", &draft, &["--reviews", REVIEWS]);
    on_last_day.expect_code(0);
    let after = scan(&sandbox, "2027-01-01", &draft, &["--reviews", REVIEWS]);
    after.expect_code(1);
    assert_eq!(severities(&after), ["high"]);
    assert!(!evidence(&findings(&after)[0])
        .iter()
        .any(|e| e.starts_with("review:")));
}

#[test]
fn review_002_later_line_overrides_earlier() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    let f = findings(&scan(&sandbox, "2026-11-21", &draft, &[]))[0].clone();
    let live = decision_line(&f, "accepted-risk", "先前的决定", None);
    let lapsed = decision_line(&f, "false-positive", "后来的决定", Some("2026-01-01"));

    // A later, expired decision replaces a live one: nothing applies.
    sandbox.write(REVIEWS, format!("{live}{lapsed}"));
    scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]).expect_code(1);

    // A later live decision replaces an expired one, and its reason is the one shown.
    let renewed = decision_line(&f, "false-positive", "复核后确认", None);
    sandbox.write(REVIEWS, format!("{lapsed}{live}{renewed}"));
    let out = scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]);
    out.expect_code(0);
    let ev = evidence(&findings(&out)[0]);
    assert!(
        ev.iter()
            .any(|e| e == "review:false-positive by 王审核 2026-11-20: 复核后确认"),
        "{ev:?}"
    );
    assert_eq!(ev.iter().filter(|e| e.starts_with("review:")).count(), 1);

    let list = run_on(
        &sandbox,
        "2026-11-21",
        &["review", "list", "--file", REVIEWS],
    );
    list.expect_code(0);
    let states: Vec<&str> = list
        .stdout
        .lines()
        .map(|l| {
            l.split('[')
                .nth(1)
                .and_then(|r| r.split(']').next())
                .unwrap_or("")
        })
        .collect();
    assert_eq!(
        states,
        ["overridden", "overridden", "in force"],
        "{}",
        list.dump()
    );
}

#[test]
fn review_003_decision_survives_a_paragraph_inserted_above() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    let first = findings(&scan(&sandbox, "2026-11-21", &draft, &[]))[0].clone();
    sandbox.write(
        REVIEWS,
        decision_line(&first, "accepted-risk", "公示", None),
    );

    // The editor adds paragraphs above (and a clean one below) the reviewed value.
    let edited = format!(
        "{FILLER}根据《社会救助暂行办法》，现将复核结果公示如下。\n{FILLER}{}{FILLER}",
        doc(&[ID_A])
    );
    sandbox.write("a.txt", edited);
    let out = scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]);
    out.expect_code(0);
    let f = &findings(&out)[0];
    assert_eq!(field(f, "fingerprint"), field(&first, "fingerprint"));
    assert_ne!(f["location"]["line"], first["location"]["line"]);
    assert_eq!(field(f, "severity"), "info");
}

#[test]
fn review_004_unreviewed_new_finding_still_blocks() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    let first = findings(&scan(&sandbox, "2026-11-21", &draft, &[]))[0].clone();
    sandbox.write(
        REVIEWS,
        decision_line(&first, "accepted-risk", "公示", None),
    );

    sandbox.write("a.txt", doc(&[ID_A, ID_B]));
    let out = scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]);
    out.expect_code(1);
    assert_eq!(severities(&out), ["info", "high"], "{}", out.dump());
    let s = out.summary_typed();
    assert_eq!(
        (s.by_severity.get("info"), s.by_severity.get("high")),
        (Some(&1), Some(&1))
    );
}

#[test]
fn review_005_baseline_drops_old_findings_and_keeps_new_ones() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    for format in ["json", "jsonl"] {
        sandbox.write("a.txt", doc(&[ID_A]));
        let report = format!("old.{format}");
        run_on(
            &sandbox,
            "2026-11-21",
            &["scan", &draft, "--format", format, "-o", &report],
        )
        .expect_code(1);

        // Nothing new: nothing reported, nothing counted, the gate passes.
        let same = scan(&sandbox, "2026-11-21", &draft, &["--baseline", &report]);
        same.expect_code(0);
        assert!(findings(&same).is_empty(), "{}", same.dump());
        assert_eq!(same.summary_typed().findings, 0);
        assert!(same.summary_typed().by_severity.is_empty());

        sandbox.write(
            "a.txt",
            format!("{}联系电话：{MOBILE_A}\n", doc(&[ID_A, ID_B])),
        );
        let out = scan(&sandbox, "2026-11-21", &draft, &["--baseline", &report]);
        out.expect_code(1);
        let kept: Vec<String> = findings(&out)
            .iter()
            .map(|f| field(f, "kind").to_string())
            .collect();
        assert_eq!(
            kept,
            ["id_card", "mobile_phone"],
            "{format}: {}",
            out.dump()
        );
        let s = out.summary_typed();
        assert_eq!(s.findings, 2, "{s:?}");
        assert_eq!(s.by_kind.get("id_card"), Some(&1), "{s:?}");

        let summary = run_on(
            &sandbox,
            "2026-11-21",
            &["scan", &draft, "--baseline", &report, "--format", "summary"],
        );
        assert!(
            summary.stdout.contains("\"findings\":2"),
            "{}",
            summary.dump()
        );
    }
}

#[test]
fn review_006_malformed_review_file_is_a_usage_error_naming_file_and_line() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    let f = findings(&scan(&sandbox, "2026-11-21", &draft, &[]))[0].clone();
    let good = decision_line(&f, "accepted-risk", "公示", None);
    for bad in [
        "{\"fingerprint\": oops}\n".to_string(),
        good.replace("accepted-risk", "approved"),
        good.replace("2026-11-20", "2026-02-30"),
        good.replace(field(&f, "fingerprint"), ID_A),
    ] {
        sandbox.write(REVIEWS, format!("{good}\n{bad}"));
        let out = scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]);
        out.expect_code(2);
        assert!(
            out.stderr.contains(&format!("{REVIEWS}:3:")),
            "{}",
            out.dump()
        );
        assert!(out.stdout.is_empty(), "{}", out.dump());
    }
    let missing = scan(&sandbox, "2026-11-21", &draft, &["--reviews", "nope.jsonl"]);
    missing.expect_code(2);
    assert!(missing.stderr.contains("nope.jsonl"), "{}", missing.dump());
    let bad_baseline = sandbox.write("bad.jsonl", "not json\n");
    let out = scan(
        &sandbox,
        "2026-11-21",
        &draft,
        &["--baseline", &bad_baseline],
    );
    out.expect_code(2);
    assert!(out.stderr.contains("bad.jsonl:1"), "{}", out.dump());
}

#[test]
fn review_007_review_add_then_scan_round_trip() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A]));
    let f = findings(&scan(&sandbox, "2026-11-21", &draft, &[]))[0].clone();
    let add = run_on(
        &sandbox,
        "2026-11-22",
        &[
            "review",
            "add",
            "--fingerprint",
            field(&f, "fingerprint"),
            "--rule",
            field(&f, "rule"),
            "--path",
            field(&f, "path"),
            "--decision",
            "false-positive",
            "--reviewer",
            "李审核",
            "--reason",
            "样例号码",
            "--unit",
            "办公室",
            "--expires",
            "2027-06-30",
        ],
    );
    add.expect_code(0);
    let record = std::fs::read_to_string(sandbox.path().join(REVIEWS)).unwrap_or_default();
    assert_eq!(record.lines().count(), 1, "{record}");
    let line: Value = serde_json::from_str(record.trim()).unwrap_or_default();
    assert_eq!(field(&line, "decision"), "false-positive");
    assert_eq!(field(&line, "date"), "2026-11-22");
    assert_eq!(field(&line, "expires"), "2027-06-30");
    assert_eq!(field(&line, "unit"), "办公室");
    assert!(!record.contains(ID_A) && !record.contains(field(&f, "text")));

    let out = scan(&sandbox, "2026-11-23", &draft, &["--reviews", REVIEWS]);
    out.expect_code(0);
    assert_eq!(severities(&out), ["info"]);
    scan(&sandbox, "2027-07-01", &draft, &["--reviews", REVIEWS]).expect_code(1);

    let list = run_on(&sandbox, "2026-11-23", &["review", "list"]);
    list.expect_code(0);
    assert!(
        list.stdout.contains(field(&f, "fingerprint"))
            && list.stdout.contains("false-positive by 李审核")
            && list.stdout.contains("[in force]"),
        "{}",
        list.dump()
    );

    // A raw value where the fingerprint goes is refused, and nothing is written.
    let bad = run_on(
        &sandbox,
        "2026-11-23",
        &[
            "review",
            "add",
            "--fingerprint",
            ID_A,
            "--rule",
            "pii.id_card",
            "--path",
            "a.txt",
            "--decision",
            "fixed",
            "--reviewer",
            "李审核",
            "--reason",
            "x",
        ],
    );
    bad.expect_code(2);
    let after = std::fs::read_to_string(sandbox.path().join(REVIEWS)).unwrap_or_default();
    assert_eq!(after, record);
}

#[test]
fn review_008_add_from_report_accepts_every_finding() {
    let sandbox = Sandbox::new();
    let draft = sandbox.write("a.txt", doc(&[ID_A, ID_B]));
    run_on(
        &sandbox,
        "2026-11-21",
        &["scan", &draft, "--format", "jsonl", "-o", "r.jsonl"],
    )
    .expect_code(1);
    let common = [
        "--decision",
        "accepted-risk",
        "--reviewer",
        "王审核",
        "--reason",
        "批量确认",
    ];
    // Without `--all` it is refused.
    let mut args = vec!["review", "add", "--from", "r.jsonl"];
    args.extend_from_slice(&common);
    run_on(&sandbox, "2026-11-21", &args).expect_code(2);
    args.push("--all");
    run_on(&sandbox, "2026-11-21", &args).expect_code(0);
    let record = std::fs::read_to_string(sandbox.path().join(REVIEWS)).unwrap_or_default();
    assert_eq!(record.lines().count(), 2, "{record}");
    assert!(!record.contains(ID_A) && !record.contains(ID_B));
    scan(&sandbox, "2026-11-21", &draft, &["--reviews", REVIEWS]).expect_code(0);
}

#[test]
fn review_009_streamed_inputs_and_archive_members_are_triaged() {
    let sandbox = Sandbox::new();
    // stdin is scanned on the streaming path (findings written as they are found).
    let text = doc(&[ID_A]);
    let first = sandbox.run_with_stdin(&["scan", "-", "--format", "jsonl"], Some(text.as_bytes()));
    first.expect_code(1);
    let f = findings(&first)[0].clone();
    sandbox.write(REVIEWS, decision_line(&f, "accepted-risk", "公示", None));
    let out = sandbox.run_with_stdin(
        &["scan", "-", "--format", "jsonl", "--reviews", REVIEWS],
        Some(text.as_bytes()),
    );
    out.expect_code(0);
    assert_eq!(severities(&out), ["info"]);
    assert_eq!(out.summary_typed().by_severity.get("info"), Some(&1));
    let report = sandbox.write("stdin.jsonl", &first.stdout);
    let gone = sandbox.run_with_stdin(
        &["scan", "-", "--format", "jsonl", "--baseline", &report],
        Some(text.as_bytes()),
    );
    gone.expect_code(0);
    assert_eq!(gone.summary_typed().findings, 0);

    // Archive members carry their own findings.
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    z.start_file("名单.txt", SimpleFileOptions::default())
        .unwrap_or_else(|e| panic!("{e}"));
    z.write_all(doc(&[ID_A, ID_B]).as_bytes())
        .unwrap_or_else(|e| panic!("{e}"));
    let bytes = z.finish().unwrap_or_else(|e| panic!("{e}")).into_inner();
    let archive = sandbox.write("附件.zip", bytes);
    let all = findings(&scan(&sandbox, "2026-11-21", &archive, &[]));
    assert_eq!(all.len(), 2);
    sandbox.write(
        REVIEWS,
        all.iter()
            .map(|f| decision_line(f, "accepted-risk", "公示", None))
            .collect::<String>(),
    );
    let out = scan(&sandbox, "2026-11-21", &archive, &["--reviews", REVIEWS]);
    out.expect_code(0);
    assert_eq!(severities(&out), ["info", "info"]);
}

#[test]
fn review_fixed_but_still_present_keeps_blocking() {
    // A `fixed` decision says the value was removed; if the re-scan still finds it, the
    // fix did not happen: the finding keeps its severity and says so.
    let sandbox = Sandbox::new();
    sandbox.write("a.txt", doc(&[ID_A]));
    let first = scan(&sandbox, "2026-11-21", "a.txt", &[]);
    let f = findings(&first).into_iter().next().unwrap();
    sandbox.write(REVIEWS, decision_line(&f, "fixed", "已删除", None));
    let again = scan(&sandbox, "2026-11-21", "a.txt", &["--reviews", REVIEWS]);
    again.expect_code(1);
    let g = findings(&again).into_iter().next().unwrap();
    assert_eq!(field(&g, "severity"), "high");
    assert!(
        g["evidence"].to_string().contains("but still present"),
        "{g}"
    );
}

#[test]
fn review_to_fix_is_recorded_and_keeps_blocking() {
    // 待修改: the reviewer wants the value changed; the finding still blocks and says who
    // asked.
    let sandbox = Sandbox::new();
    sandbox.write("a.txt", doc(&[ID_A]));
    let first = scan(&sandbox, "2026-11-21", "a.txt", &[]);
    let f = findings(&first).into_iter().next().unwrap_or_default();
    sandbox.write(REVIEWS, decision_line(&f, "to-fix", "请改为脱敏号码", None));
    let again = scan(&sandbox, "2026-11-21", "a.txt", &["--reviews", REVIEWS]);
    again.expect_code(1);
    let g = findings(&again).into_iter().next().unwrap_or_default();
    assert_eq!(field(&g, "severity"), "high");
    assert!(
        g["evidence"]
            .to_string()
            .contains("review:to-fix by 王审核"),
        "{g}"
    );
}
