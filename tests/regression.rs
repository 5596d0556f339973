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
    let got: Vec<(String, u64, u64)> = out
        .findings()
        .into_iter()
        .map(|f| (f.kind.clone(), f.line(), f.column()))
        .collect();
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
