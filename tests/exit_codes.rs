//! Exit codes: 0 clean or below `--fail-on`, 1 blocking findings, 2 usage errors, 3 inputs
//! not scanned (and nothing blocking); usage errors print no report.

use crate::common::{scan_jsonl, CLEAN_TEXT, HIGH, MARK, PDF};
use crate::harness::Sandbox;

struct ExitCase {
    name: &'static str,
    files: &'static [(&'static str, &'static [u8])],
    args: &'static [&'static str],
    code: i32,
}

const CLEAN: &[u8] = CLEAN_TEXT.as_bytes();
const MEDIUM: &[u8] = "住宅电话：0731-84567890\n".as_bytes();
const LOW: &[u8] = "关于修订办法的说明（讨论稿）\n".as_bytes();
const MASKED: &[u8] = "公示时身份证号一律脱敏为430103********3517形式。\n".as_bytes();
const ZIP: &[u8] = b"PK\x03\x04\x14\x00\x06\x00";

const EXIT_CASES: &[ExitCase] = &[
    ExitCase {
        name: "00_clean",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt"],
        code: 0,
    },
    ExitCase {
        name: "01_clean_dir",
        files: &[("d/a.txt", CLEAN), ("d/b.txt", CLEAN)],
        args: &["scan", "d"],
        code: 0,
    },
    ExitCase {
        name: "02_medium_below_default",
        files: &[("a.txt", MEDIUM)],
        args: &["scan", "a.txt"],
        code: 0,
    },
    ExitCase {
        name: "03_low_below_default",
        files: &[("a.txt", LOW)],
        args: &["scan", "a.txt"],
        code: 0,
    },
    ExitCase {
        name: "04_masked_below_default",
        files: &[("a.txt", MASKED)],
        args: &["scan", "a.txt"],
        code: 0,
    },
    ExitCase {
        name: "10_high_blocks",
        files: &[("a.txt", HIGH)],
        args: &["scan", "a.txt"],
        code: 1,
    },
    ExitCase {
        name: "11_critical_blocks",
        files: &[("a.txt", MARK)],
        args: &["scan", "a.txt"],
        code: 1,
    },
    ExitCase {
        name: "12_fail_on_critical_high_only",
        files: &[("a.txt", HIGH)],
        args: &["scan", "a.txt", "--fail-on", "critical"],
        code: 0,
    },
    ExitCase {
        name: "13_fail_on_critical_mark",
        files: &[("a.txt", MARK)],
        args: &["scan", "a.txt", "--fail-on", "critical"],
        code: 1,
    },
    ExitCase {
        name: "14_fail_on_medium",
        files: &[("a.txt", MEDIUM)],
        args: &["scan", "a.txt", "--fail-on", "medium"],
        code: 1,
    },
    ExitCase {
        name: "15_fail_on_low",
        files: &[("a.txt", LOW)],
        args: &["scan", "a.txt", "--fail-on", "low"],
        code: 1,
    },
    ExitCase {
        name: "16_fail_on_info_masked",
        files: &[("a.txt", MASKED)],
        args: &["scan", "a.txt", "--fail-on", "info"],
        code: 1,
    },
    ExitCase {
        name: "17_fail_on_high_medium_only",
        files: &[("a.txt", MEDIUM)],
        args: &["scan", "a.txt", "--fail-on", "high"],
        code: 0,
    },
    ExitCase {
        name: "18_high_in_one_of_many",
        files: &[("d/a.txt", CLEAN), ("d/b/c.txt", HIGH)],
        args: &["scan", "d"],
        code: 1,
    },
    ExitCase {
        name: "20_bad_flag",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--bogus"],
        code: 2,
    },
    ExitCase {
        name: "21_unknown_severity",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--fail-on", "extreme"],
        code: 2,
    },
    ExitCase {
        name: "22_unknown_encoding",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--encoding", "klingon"],
        code: 2,
    },
    ExitCase {
        name: "23_unknown_format",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--format", "xml"],
        code: 2,
    },
    ExitCase {
        name: "24_no_subcommand",
        files: &[],
        args: &[],
        code: 2,
    },
    ExitCase {
        name: "25_unknown_subcommand",
        files: &[],
        args: &["frobnicate"],
        code: 2,
    },
    ExitCase {
        name: "26_jobs_zero",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--jobs", "0"],
        code: 2,
    },
    ExitCase {
        name: "27_missing_terms_file",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--terms", "nope.txt"],
        code: 2,
    },
    ExitCase {
        name: "28_bad_exclude_glob",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "--exclude", "a[.txt"],
        code: 2,
    },
    ExitCase {
        name: "29_bad_flag_beats_findings",
        files: &[("a.txt", HIGH)],
        args: &["scan", "a.txt", "--fail-on", "severe"],
        code: 2,
    },
    ExitCase {
        name: "30_missing_input",
        files: &[],
        args: &["scan", "nope.txt"],
        code: 3,
    },
    ExitCase {
        name: "31_pdf",
        files: &[("a.pdf", PDF)],
        args: &["scan", "a.pdf"],
        code: 3,
    },
    ExitCase {
        name: "32_zip_named_txt",
        files: &[("a.txt", ZIP)],
        args: &["scan", "a.txt"],
        code: 3,
    },
    ExitCase {
        name: "33_clean_and_pdf",
        files: &[("a.txt", CLEAN), ("b.pdf", PDF)],
        args: &["scan", "a.txt", "b.pdf"],
        code: 3,
    },
    ExitCase {
        name: "34_clean_and_missing",
        files: &[("a.txt", CLEAN)],
        args: &["scan", "a.txt", "nope.txt"],
        code: 3,
    },
    ExitCase {
        name: "35_pdf_in_dir",
        files: &[("d/a.txt", CLEAN), ("d/x/b.docx", ZIP)],
        args: &["scan", "d"],
        code: 3,
    },
    ExitCase {
        name: "36_high_below_fail_on_and_pdf",
        files: &[("a.txt", HIGH), ("b.pdf", PDF)],
        args: &["scan", "a.txt", "b.pdf", "--fail-on", "critical"],
        code: 3,
    },
    ExitCase {
        name: "40_high_and_pdf_blocks",
        files: &[("a.txt", HIGH), ("b.pdf", PDF)],
        args: &["scan", "a.txt", "b.pdf"],
        code: 1,
    },
    ExitCase {
        name: "41_high_and_missing_blocks",
        files: &[("a.txt", HIGH)],
        args: &["scan", "a.txt", "nope.txt"],
        code: 1,
    },
    ExitCase {
        name: "42_unwritable_output",
        files: &[("a.txt", HIGH)],
        args: &["scan", "a.txt", "-o", "no/such/dir/report.jsonl"],
        code: 2,
    },
    ExitCase {
        name: "43_empty_directory",
        files: &[("d/.keep/x.pdf", PDF)],
        args: &["scan", "d", "--exclude", ".keep"],
        code: 0,
    },
];

#[test]
fn exit_codes_000_table() {
    let mut failures = Vec::new();
    for case in EXIT_CASES {
        let sandbox = Sandbox::new();
        for (name, bytes) in case.files {
            sandbox.write(name, bytes);
        }
        let mut args = case.args.to_vec();
        if args.first() == Some(&"scan") && !args.contains(&"--format") {
            args.extend_from_slice(&["--format", "jsonl"]);
        }
        let out = sandbox.run(&args);
        if out.code != case.code {
            failures.push(format!(
                "{}: baomi {:?} exited {}, want {}\n{}",
                case.name,
                args,
                out.code,
                case.code,
                out.dump()
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn exit_codes_010_usage_errors_print_no_report() {
    let sandbox = Sandbox::new();
    let file = sandbox.write("a.txt", HIGH);
    for args in [
        vec!["scan", &file, "--bogus"],
        vec!["scan", &file, "--fail-on", "extreme"],
        vec!["scan", &file, "--encoding", "klingon"],
    ] {
        let out = sandbox.run(&args);
        out.expect_code(2);
        assert!(out.stdout.is_empty(), "{}", out.dump());
        assert!(
            !out.stderr.trim().is_empty(),
            "usage error without a message"
        );
    }
    let out = sandbox.run(&["scan", &file, "--fail-on", "extreme"]);
    assert!(out.stderr.contains("extreme"), "{}", out.dump());
    let out = sandbox.run(&["scan", &file, "--encoding", "klingon"]);
    assert!(out.stderr.contains("klingon"), "{}", out.dump());
}

#[test]
fn exit_codes_020_broken_documents_are_error_records() {
    let sandbox = Sandbox::new();
    sandbox.write("a.pdf", PDF);
    sandbox.write("b.docx", ZIP);
    let out = scan_jsonl(&sandbox, &["a.pdf", "b.docx", "c.txt"], &[]);
    out.expect_code(3);
    let errors = out.errors();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(paths, vec!["a.pdf", "b.docx", "c.txt"]);
    // Truncated after the magic bytes: read as what they are, and found damaged.
    assert!(
        errors[0].error.to_lowercase().contains("pdf"),
        "{:?}",
        errors[0]
    );
    assert!(
        errors[1].error.to_lowercase().contains("zip"),
        "{:?}",
        errors[1]
    );
    let s = out.summary_typed();
    assert_eq!((s.files, s.scanned, s.errors + s.skipped), (3, 0, 3));
}
