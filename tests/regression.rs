//! Regressions found while writing the scan tests, each named after the bug it pins.

use crate::common::{scan_jsonl, ID_A};
use crate::harness::{fixture, Sandbox};

#[test]
fn regression_000_stray_byte_in_head_keeps_utf8() {
    let sandbox = Sandbox::new();
    let mut bytes = "机密★5年\n关于全市重点项目推进情况的通报\n"
        .as_bytes()
        .to_vec();
    bytes.extend_from_slice(b"\xff\n");
    bytes.extend_from_slice(format!("本材料仅供内部参考。\n申请人身份证号：{ID_A}\n").as_bytes());
    let file = sandbox.write("stray.txt", &bytes);
    let out = scan_jsonl(&sandbox, &[&file], &[]);
    out.expect_code(1);
    let got = out.kinds_at();
    assert_eq!(
        got,
        vec![
            ("classification_mark".to_string(), 1, 1),
            ("restricted_term".to_string(), 4, 4),
            ("id_card".to_string(), 5, 9),
        ]
    );
}

#[cfg(unix)]
#[test]
fn regression_010_symlinks_in_walked_dirs_are_scanned_or_reported() {
    let sandbox = Sandbox::new();
    sandbox.write("d/a.txt", "无个人信息的普通文本。\n");
    sandbox.write("outside.txt", format!("身份证号：{ID_A}\n"));
    let root = sandbox.path();
    let link = |target: &str, name: &str| {
        std::os::unix::fs::symlink(root.join(target), root.join("d").join(name))
    };
    link("outside.txt", "link.txt").expect("symlink");
    link("nowhere.txt", "dangling.txt").expect("symlink");
    let dir = root.join("d").display().to_string();
    let out = scan_jsonl(&sandbox, &[&dir], &[]);
    let summary = out.summary_typed();
    assert_eq!(summary.files, 3, "{}", out.dump());
    assert_eq!(summary.errors, 1, "{}", out.dump());
    assert!(out
        .findings()
        .iter()
        .any(|f| f.kind == "id_card" && f.path.ends_with("link.txt")));
    assert!(out
        .errors()
        .iter()
        .any(|e| e.path.ends_with("dangling.txt")));
    out.expect_code(1);
}

#[test]
fn regression_020_summary_bytes_are_input_bytes() {
    let sandbox = Sandbox::new();
    for name in ["gbk.txt", "utf8bom.txt", "utf16le.txt"] {
        let path = fixture(name);
        let size = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0);
        let out = scan_jsonl(&sandbox, &[&path.display().to_string()], &[]);
        assert_eq!(out.summary_typed().bytes, size, "{name}");
    }
}

#[cfg(unix)]
#[test]
fn regression_030_fifo_is_reported_not_waited_on() {
    let sandbox = Sandbox::new();
    sandbox.write("d/a.txt", "普通文本。\n");
    let fifo = sandbox.path().join("d").join("pipe");
    let status = std::process::Command::new("mkfifo").arg(&fifo).status();
    if !status.is_ok_and(|s| s.success()) {
        eprintln!("SKIP mkfifo unavailable");
        return;
    }
    let dir = sandbox.path().join("d").display().to_string();
    for target in [dir, fifo.display().to_string()] {
        let out = scan_jsonl(&sandbox, &[&target], &[]);
        out.expect_code(3);
        assert!(
            out.errors().iter().any(|e| e.path.ends_with("pipe")),
            "{}",
            out.dump()
        );
    }
}

/// Forms and look-alikes found by review: each input with the kinds it must yield.
#[test]
fn regression_040_review_forms_and_lookalikes() {
    let cases: &[(&str, &[&str])] = &[
        ("个人编号：430102199001011238\n", &["id_card"]),
        ("邮政编码410000，13800138000\n", &["mobile_phone"]),
        ("身份证号：430102199001011238*\n", &["id_card"]),
        ("手机：13800138000#\n", &["mobile_phone"]),
        ("身份证：11010519491231002×\n", &["id_card"]),
        ("手机：138001\n38000\n", &["mobile_phone"]),
        ("430102199001\n    011238\n", &["id_card"]),
        ("1380 0138 000\n", &["mobile_phone"]),
        ("升级到最新V10001版本\n", &[]),
        ("全市一般公共预算收入15032876541元\n", &[]),
        ("守护秘密\n", &[]),
        ("二、秘密级事项\n", &[]),
        ("（此件依申请公开）\n", &["classification_mark"]),
        ("内部资料，注意保存\n", &["classification_mark"]),
    ];
    let sandbox = Sandbox::new();
    for (i, (text, want)) in cases.iter().enumerate() {
        let file = sandbox.write(&format!("case{i}.txt"), text);
        let out = scan_jsonl(&sandbox, &[&file], &[]);
        let kinds: Vec<String> = out
            .findings()
            .into_iter()
            .filter(|f| f.severity != "info")
            .map(|f| f.kind.clone())
            .collect();
        assert_eq!(kinds, want.to_vec(), "{text:?}\n{}", out.dump());
    }
}

/// Masks that leave too much visible are not graded as compliant.
#[test]
fn regression_050_weak_masks_are_not_info() {
    let cases = [
        ("手机：138001380**\n", "pii.mobile_phone.weak_mask"),
        ("卡号：62220212345678**128\n", "pii.bank_card.weak_mask"),
        ("身份证号：430102199001**1238\n", "pii.id_card.weak_mask"),
        ("4301021990****1238\n", "pii.id_card.weak_mask"),
        ("身份证号：62010219900101****\n", "pii.id_card.weak_mask"),
    ];
    let sandbox = Sandbox::new();
    for (i, (text, rule)) in cases.iter().enumerate() {
        let file = sandbox.write(&format!("weak{i}.txt"), text);
        let out = scan_jsonl(&sandbox, &[&file], &[]);
        let rules: Vec<String> = out.findings().into_iter().map(|f| f.rule.clone()).collect();
        assert_eq!(rules, vec![rule.to_string()], "{text:?}\n{}", out.dump());
    }
}

/// Stdin (and inputs of 32 MiB or more) are streamed: findings are written as they are
/// found. Every format must stay well formed on that path.
#[test]
fn regression_060_streamed_input_in_every_format() {
    let sandbox = Sandbox::new();
    let text = format!("身份证号：{ID_A}\n手机：13800138000\n卡号：6222021234567890128\n");
    let json = sandbox.run_with_stdin(&["scan", "-", "--format", "json"], Some(text.as_bytes()));
    json.expect_code(1);
    let doc: serde_json::Value = serde_json::from_str(&json.stdout).expect("one JSON document");
    assert_eq!(
        doc["findings"].as_array().map(Vec::len),
        Some(3),
        "{}",
        json.dump()
    );
    assert_eq!(doc["summary"]["findings"], 3);
    let jsonl = sandbox.run_with_stdin(&["scan", "-", "--format", "jsonl"], Some(text.as_bytes()));
    assert_eq!(jsonl.findings().len(), 3);
    assert_eq!(jsonl.summary_typed().findings, 3);
    let plain = sandbox.run_with_stdin(&["scan", "-", "--format", "text"], Some(text.as_bytes()));
    assert_eq!(
        plain.stdout.lines().filter(|l| *l == "-").count(),
        1,
        "{}",
        plain.dump()
    );
    assert!(plain.stdout.contains("汇总"));
}
