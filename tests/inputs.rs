//! Inputs: stdin, directory walking and order, excludes, `--jobs`, written forms and
//! character columns; ad-hoc and base term lists; forced and sniffed encodings.

use std::collections::BTreeMap;

use crate::common::{scan_jsonl, CLEAN_TEXT, FILLER, HIGH, ID_A, ID_B, MARK, MOBILE_A, PDF};
use crate::harness::{fixture, id18, rank, Sandbox};

// ---------------------------------------------------------------------------------------
// Inputs: stdin, directories, excludes, jobs

#[test]
fn inputs_000_stdin_dash() {
    let sandbox = Sandbox::new();
    let text = format!("第一行\n申请人身份证号：{ID_A}\n");
    let out = sandbox.run_with_stdin(
        &["scan", "-", "--format", "jsonl", "--reveal"],
        Some(text.as_bytes()),
    );
    out.expect_code(1);
    let findings = out.findings();
    assert_eq!(findings.len(), 1, "{}", out.dump());
    let f = &findings[0];
    assert_eq!(
        (f.path.as_str(), f.line(), f.column(), f.text.as_str()),
        ("-", 2, 9, ID_A)
    );
    let s = out.summary_typed();
    assert_eq!((s.files, s.scanned, s.bytes), (1, 1, text.len() as u64));
    // No path and stdin not a terminal: stdin is read.
    let piped = sandbox.run_with_stdin(&["scan", "--format", "jsonl"], Some(text.as_bytes()));
    let paths: Vec<String> = piped.findings().into_iter().map(|f| f.path).collect();
    assert_eq!(paths, vec!["-"], "{}", piped.dump());
}

#[test]
fn inputs_010_stdin_utf16_and_gbk() {
    let sandbox = Sandbox::new();
    let text = format!("志愿者报名登记\n手机：{MOBILE_A}\n");
    let utf16: Vec<u8> = [0xFF, 0xFE]
        .into_iter()
        .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let gbk = std::fs::read(fixture("gbk.txt")).unwrap_or_default();
    for (name, bytes, want) in [
        ("utf16le", utf16, (2, 4, MOBILE_A)),
        ("gbk", gbk, (4, 9, "431102195503262072")),
    ] {
        let out = sandbox.run_with_stdin(
            &["scan", "-", "--format", "jsonl", "--reveal"],
            Some(&bytes),
        );
        let got: Vec<(u64, u64, String)> = out
            .findings()
            .iter()
            .filter(|f| f.rank() >= rank("low"))
            .map(|f| (f.line(), f.column(), f.text.clone()))
            .collect();
        assert_eq!(
            got,
            vec![(want.0, want.1, want.2.to_string())],
            "{name}\n{}",
            out.dump()
        );
    }
}

/// A directory tree with one distinct ID per file.
fn tree(sandbox: &Sandbox, files: &[&str]) -> BTreeMap<String, String> {
    let mut ids = BTreeMap::new();
    for (i, name) in files.iter().enumerate() {
        let id = id18(&format!(
            "1101051990{:02}{:02}00{}",
            1 + i % 12,
            1 + i % 28,
            i % 10
        ));
        sandbox.write(name, format!("{CLEAN_TEXT}申请人身份证号：{id}\n"));
        ids.insert(name.to_string(), id);
    }
    ids
}

#[test]
fn inputs_020_directories_walk_recursively_sorted_and_deterministic() {
    let sandbox = Sandbox::new();
    let files = [
        "d/b.txt",
        "d/a.txt",
        "d/.hidden.txt",
        "d/sub/c.txt",
        "d/sub/deeper/e.md",
        "d/归档/f.txt",
        "d/z.log",
    ];
    let ids = tree(&sandbox, &files);
    let first = scan_jsonl(&sandbox, &["d"], &["--reveal"]);
    let second = scan_jsonl(&sandbox, &["d"], &["--reveal"]);
    assert_eq!(first.stable_stdout(), second.stable_stdout());
    let found: Vec<(String, String)> = first
        .findings()
        .iter()
        .map(|f| (f.path.clone(), f.text.clone()))
        .collect();
    let mut want: Vec<(String, String)> = ids.into_iter().collect();
    want.sort();
    assert_eq!(found, want, "every file once, in path order");
    let s = first.summary_typed();
    assert_eq!(
        (s.files, s.scanned),
        (files.len() as u64, files.len() as u64)
    );
}

#[test]
fn inputs_030_findings_sorted_by_position_within_a_file() {
    let sandbox = Sandbox::new();
    let text = format!(
        "手机：{MOBILE_A} 身份证号：{ID_A}\n{FILLER}身份证号：{ID_B}，手机：{MOBILE_A}\n机密★5年\n"
    );
    let file = sandbox.write("a.txt", text);
    let findings = scan_jsonl(&sandbox, &[&file], &[]).findings();
    let positions: Vec<(u64, u64)> = findings.iter().map(|f| (f.line(), f.column())).collect();
    assert_eq!(positions, vec![(1, 4), (1, 21), (3, 6), (3, 28), (4, 1)]);
}

#[test]
fn inputs_040_exclude_globs() {
    let files = [
        "d/a.txt",
        "d/b.log",
        "d/sub/c.txt",
        "d/sub/skip/d.txt",
        "d/归档/e.txt",
    ];
    let cases: &[(&[&str], &[&str])] = &[
        (&[], &files),
        (
            &["*.log"],
            &["d/a.txt", "d/sub/c.txt", "d/sub/skip/d.txt", "d/归档/e.txt"],
        ),
        (
            &["skip"],
            &["d/a.txt", "d/b.log", "d/sub/c.txt", "d/归档/e.txt"],
        ),
        (
            &["归档"],
            &["d/a.txt", "d/b.log", "d/sub/c.txt", "d/sub/skip/d.txt"],
        ),
        (&["*.log", "sub"], &["d/a.txt", "d/归档/e.txt"]),
        (&["d/sub"], &["d/a.txt", "d/b.log", "d/归档/e.txt"]),
        (&["*.txt"], &["d/b.log"]),
    ];
    let sandbox = Sandbox::new();
    tree(&sandbox, &files);
    for (globs, want) in cases {
        let mut extra = Vec::new();
        for g in *globs {
            extra.extend_from_slice(&["--exclude", g]);
        }
        let out = scan_jsonl(&sandbox, &["d"], &extra);
        let paths: Vec<String> = out.findings().into_iter().map(|f| f.path).collect();
        let mut want: Vec<String> = want.iter().map(|s| s.to_string()).collect();
        want.sort();
        assert_eq!(paths, want, "--exclude {globs:?}");
        assert_eq!(
            out.summary_typed().files,
            want.len() as u64,
            "--exclude {globs:?}"
        );
    }
}

#[test]
fn inputs_050_jobs_do_not_change_output() {
    let sandbox = Sandbox::new();
    let names: Vec<String> = (0..24)
        .map(|i| format!("d/{}/f{i:02}.txt", i % 5))
        .collect();
    let refs: Vec<&str> = names.iter().map(String::as_str).collect();
    tree(&sandbox, &refs);
    sandbox.write("d/m.txt", MARK);
    sandbox.write("d/x.pdf", PDF);
    let default = scan_jsonl(&sandbox, &["d"], &[]);
    let one = scan_jsonl(&sandbox, &["d"], &["--jobs", "1"]);
    let three = scan_jsonl(&sandbox, &["d"], &["-j", "3"]);
    assert_eq!(default.findings().len(), 25);
    assert_eq!(default.stable_stdout(), one.stable_stdout());
    assert_eq!(default.stable_stdout(), three.stable_stdout());
    assert_eq!(default.code, one.code);
}

#[test]
fn inputs_060_same_file_twice_is_scanned_once() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("a.txt", HIGH);
    let out = scan_jsonl(&sandbox, &[&file, &file], &[]);
    assert_eq!(out.summary_typed().files, 1, "{}", out.dump());
    assert_eq!(out.findings().len(), 1);
}

#[test]
fn inputs_080_written_forms_and_character_columns() {
    // (line, kind, column in characters, text as written)
    let cases: &[(&str, &str, u64, &str)] = &[
        (
            "😀身份证号：430102196209278907\r\n",
            "id_card",
            7,
            "430102196209278907",
        ),
        (
            "身份证号：11010519860318286x\n",
            "id_card",
            6,
            "11010519860318286x",
        ),
        (
            "身份证号：１１０１０５１９８６０３１８２８６Ｘ\n",
            "id_card",
            6,
            "１１０１０５１９８６０３１８２８６Ｘ",
        ),
        (
            "身份证号：110105 19860318 286X\n",
            "id_card",
            6,
            "110105 19860318 286X",
        ),
        (
            "\t手机：+86-13971689962\n",
            "mobile_phone",
            5,
            "+86-13971689962",
        ),
        (
            "电话：+86 139 7168 9962\n",
            "mobile_phone",
            4,
            "+86 139 7168 9962",
        ),
        (
            "手机：１３９７１６８９９６２\r\n",
            "mobile_phone",
            4,
            "１３９７１６８９９６２",
        ),
        (
            "e\u{301}手机：13971689962\n",
            "mobile_phone",
            6,
            "13971689962",
        ),
    ];
    let sandbox = Sandbox::new();
    let text: String = cases.iter().map(|c| c.0).collect();
    let file = sandbox.write("forms.txt", &text);
    let got: Vec<(String, u64, u64, String)> = scan_jsonl(&sandbox, &[&file], &["--reveal"])
        .findings()
        .iter()
        .map(|f| (f.kind.clone(), f.line(), f.column(), f.text.clone()))
        .collect();
    let want: Vec<(String, u64, u64, String)> = cases
        .iter()
        .enumerate()
        .map(|(i, c)| (c.1.to_string(), i as u64 + 1, c.2, c.3.to_string()))
        .collect();
    assert_eq!(got, want);
}

// ---------------------------------------------------------------------------------------
// Term lists and encodings

#[test]
fn terms_000_ad_hoc_list_with_noise_and_traditional_forms() {
    let sandbox = Sandbox::new();
    let terms = sandbox.write(
        "terms.txt",
        "# 本单位补充词表\n项目保密\n\n  专项审计底稿  \n",
    );
    let file = sandbox.write(
        "a.txt",
        "本文件涉及项目保密事项。\n另见项 目 保 密。\n又見項目保密。\n附：专项审计底稿。\n项目公开。\n",
    );
    let without = scan_jsonl(&sandbox, &[&file], &["--reveal"]);
    without.expect_code(0);
    assert!(without.findings().is_empty(), "{}", without.dump());

    let out = scan_jsonl(&sandbox, &[&file], &["--reveal", "--terms", &terms]);
    out.expect_code(1);
    let got: Vec<(String, String, String, u64, u64, String)> = out
        .findings()
        .into_iter()
        .map(|f| {
            (
                f.rule.clone(),
                f.kind.clone(),
                f.severity.clone(),
                f.line(),
                f.column(),
                f.text.clone(),
            )
        })
        .collect();
    let row = |line, col, text: &str| {
        (
            "terms.adhoc.1".to_string(),
            "restricted_term".to_string(),
            "high".to_string(),
            line,
            col,
            text.to_string(),
        )
    };
    assert_eq!(
        got,
        vec![
            row(1, 6, "项目保密"),
            row(2, 3, "项 目 保 密"),
            row(3, 3, "項目保密"),
            row(4, 3, "专项审计底稿"),
        ]
    );
}

#[test]
fn terms_010_several_lists_get_their_own_ids() {
    let sandbox = Sandbox::new();
    let t1 = sandbox.write("t1.txt", "项目保密\n");
    let t2 = sandbox.write("t2.txt", "专项审计底稿\n");
    let file = sandbox.write("a.txt", "专项审计底稿与项目保密。\n");
    let out = scan_jsonl(&sandbox, &[&file], &["--terms", &t1, "--terms", &t2]);
    let rules: Vec<String> = out.findings().into_iter().map(|f| f.rule).collect();
    assert_eq!(rules, vec!["terms.adhoc.2", "terms.adhoc.1"]);
}

#[test]
fn terms_020_base_terms_and_marks_through_noise() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("a.txt", "内 部 资 料\n本材料僅供內部參考，不 得 外 传。\n");
    let got: Vec<(String, u64, u64)> = scan_jsonl(&sandbox, &[&file], &["--reveal"])
        .findings()
        .into_iter()
        .map(|f| (f.rule.clone(), f.line(), f.column()))
        .collect();
    assert_eq!(
        got,
        vec![
            ("mark.internal".to_string(), 1, 1),
            ("terms.base.internal_circulation".to_string(), 2, 4),
            ("terms.base.internal_circulation".to_string(), 2, 11),
        ]
    );
}

#[test]
fn encoding_000_forced_gbk_decodes_text_the_sniffer_took_for_utf8() {
    // 70 KB of ASCII first: the sniffed head is valid UTF-8, so only `--encoding` can make
    // the GBK tail readable.
    let sandbox = Sandbox::new();
    let mut bytes = "Appendix A: ASCII preamble line of the report, nothing personal.\n"
        .repeat(1100)
        .into_bytes();
    let (tail, _, lossy) =
        encoding_rs::GBK.encode("仅供内部参考\n申请人身份证号：431102195503262072\n");
    assert!(!lossy);
    bytes.extend_from_slice(&tail);
    let file = sandbox.write("late_gbk.txt", &bytes);
    for label in ["gbk", "GBK", "gb18030"] {
        let out = scan_jsonl(&sandbox, &[&file], &["--reveal", "--encoding", label]);
        let got: Vec<(String, u64, u64, String)> = out
            .findings()
            .into_iter()
            .map(|f| (f.kind.clone(), f.line(), f.column(), f.text.clone()))
            .collect();
        assert_eq!(
            got,
            vec![
                (
                    "restricted_term".to_string(),
                    1101,
                    1,
                    "仅供内部参考".to_string()
                ),
                (
                    "id_card".to_string(),
                    1102,
                    9,
                    "431102195503262072".to_string()
                ),
            ],
            "--encoding {label}"
        );
    }
    let sniffed = scan_jsonl(&sandbox, &[&file], &["--reveal"]);
    assert!(
        sniffed
            .findings()
            .iter()
            .all(|f| f.kind != "restricted_term"),
        "this test needs a file the sniffer decodes wrongly"
    );
}

#[test]
fn encoding_010_fixture_gbk_forced_and_sniffed_agree() {
    let sandbox = Sandbox::new();
    let path = fixture("gbk.txt").display().to_string();
    let sniffed = scan_jsonl(&sandbox, &[&path], &["--reveal"]);
    let forced = scan_jsonl(&sandbox, &[&path], &["--reveal", "--encoding", "gbk"]);
    assert_eq!(sniffed.findings(), forced.findings());
    let ids: Vec<String> = forced
        .findings()
        .into_iter()
        .filter(|f| f.rank() >= rank("low"))
        .map(|f| f.text)
        .collect();
    assert_eq!(ids, vec!["431102195503262072"]);
}
