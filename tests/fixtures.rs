//! `baomi scan` on `tests/fixtures/text/`, exactly as `EXPECTED.md` lists each file: every
//! "Must find" row found once at `low` or above, nothing else at `low`+, no "Must NOT find"
//! value above what its row allows, exit code from the blocking findings.

use std::collections::BTreeSet;

use crate::common::{briefs, scan_jsonl};
use crate::harness::{expected_specs, fixture, fixtures_dir, rank, FindingLine, MustFind, Sandbox};

/// Rule of public service numbers (12345, 400-…): `info` by design (rules/base/pii.toml).
const SERVICE_RULE: &str = "pii.landline_phone.service";

/// Letters, digits and non-ASCII kept; ASCII separators (space, `-`, `(`, `+` …) dropped.
fn compact(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_ascii_alphanumeric() || !c.is_ascii())
        .collect()
}

/// The finding covers the row: same kind and line, starts inside the raw value, its text
/// is the raw text from there on (a `+86 ` prefix or `转123` suffix may be left out, as
/// EXPECTED.md allows), and it contains the normalized value.
fn covers(row: &MustFind, f: &FindingLine) -> bool {
    if f.kind != row.kind || f.line() != row.line || f.text.is_empty() {
        return false;
    }
    let Some(offset) = f.column().checked_sub(row.col) else {
        return false;
    };
    let rest: String = row.raw.chars().skip(offset as usize).collect();
    rest.starts_with(&f.text) && compact(&f.text).contains(&compact(&row.normalized))
}

fn overlaps(text: &str, raw: &str) -> bool {
    let (t, r) = (compact(text), compact(raw));
    !t.is_empty() && !r.is_empty() && (r.contains(&t) || t.contains(&r))
}

fn check_fixture(file: &str) {
    let specs = expected_specs();
    let Some(spec) = specs.get(file) else {
        panic!("EXPECTED.md has no section for {file}");
    };
    assert_eq!(
        spec.declared,
        spec.must_find.len(),
        "EXPECTED.md {file}: `Must find (N)` disagrees with its table"
    );
    let sandbox = Sandbox::new();
    let path = fixture(file).display().to_string();
    let out = scan_jsonl(&sandbox, &[&path], &["--reveal"]);
    let s = out.summary_typed();
    assert_eq!(
        (s.files, s.scanned, s.errors, s.skipped),
        (1, 1, 0, 0),
        "{file} was not scanned\n{}",
        out.dump()
    );
    let findings = out.findings();
    let low = rank("low");
    let mut problems = Vec::new();
    for f in &findings {
        if f.path != path || f.hidden || f.unit.is_some() {
            problems.push(format!("wrong path/hidden/unit: {f:?}"));
        }
    }
    let mut claimed = vec![false; findings.len()];
    for row in &spec.must_find {
        let hits: Vec<usize> = (0..findings.len())
            .filter(|&i| findings[i].rank() >= low && covers(row, &findings[i]))
            .collect();
        match hits.as_slice() {
            [i] => {
                claimed[*i] = true;
                let f = &findings[*i];
                if row.note.contains("high or critical") && f.rank() < rank("high") {
                    problems.push(format!(
                        "{} must be high or critical: {}",
                        row.raw,
                        f.brief()
                    ));
                }
            }
            [] => problems.push(format!(
                "missing {} at {}:{} ({}) `{}`",
                row.kind, row.line, row.col, row.normalized, row.raw
            )),
            many => problems.push(format!("`{}` reported {} times", row.raw, many.len())),
        }
    }
    for (f, claimed) in findings.iter().zip(&claimed) {
        if f.rank() >= low && !claimed {
            problems.push(format!("not in EXPECTED.md at low or above: {}", f.brief()));
        }
    }
    for row in &spec.must_not {
        if row.is_whole_file() {
            for f in &findings {
                problems.push(format!(
                    "expected no finding at all ({}): {}",
                    row.why,
                    f.brief()
                ));
            }
            continue;
        }
        let related = findings
            .iter()
            .filter(|f| row.line.is_none_or(|l| f.line() == l) && overlaps(&f.text, &row.raw));
        for f in related {
            // Masked values are compliant (at most info, EXPECTED.md says so per row);
            // public service numbers are graded info by the base rule pack.
            let documented_info =
                f.severity == "info" && (row.allows_info() || f.rule == SERVICE_RULE);
            if !documented_info {
                problems.push(format!(
                    "must not find `{}` ({}): {}",
                    row.raw,
                    row.why,
                    f.brief()
                ));
            }
        }
    }
    let blocking = findings.iter().any(|f| f.rank() >= rank("high"));
    if out.code != i32::from(blocking) {
        problems.push(format!("exit code {} with blocking={blocking}", out.code));
    }
    assert!(
        problems.is_empty(),
        "{file}:\n{}\n--- all findings ---\n{}",
        problems.join("\n"),
        briefs(&findings)
    );
}

#[test]
fn fixture_000_expected_md_covers_every_fixture_file() {
    let specs = expected_specs();
    let on_disk: BTreeSet<String> = std::fs::read_dir(fixtures_dir())
        .unwrap_or_else(|e| panic!("fixtures dir: {e}"))
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "EXPECTED.md")
        .collect();
    let listed: BTreeSet<String> = specs.keys().cloned().collect();
    assert_eq!(on_disk, listed);
    let rows: usize = specs.values().map(|s| s.must_find.len()).sum();
    assert_eq!(rows, 19, "must-find rows parsed from EXPECTED.md");
    let tested = [
        "clean.txt",
        "gbk.txt",
        "ids.txt",
        "marks.txt",
        "phones.txt",
        "utf16be.txt",
        "utf16le.txt",
        "utf8bom.txt",
    ];
    assert_eq!(
        listed,
        tested.iter().map(|s| s.to_string()).collect(),
        "a fixture without its fixture_* test below"
    );
}

#[test]
fn fixture_clean_txt() {
    check_fixture("clean.txt");
}

#[test]
fn fixture_gbk_txt() {
    check_fixture("gbk.txt");
}

#[test]
fn fixture_ids_txt() {
    check_fixture("ids.txt");
}

#[test]
fn fixture_marks_txt() {
    check_fixture("marks.txt");
}

#[test]
fn fixture_phones_txt() {
    check_fixture("phones.txt");
}

#[test]
fn fixture_utf16be_txt() {
    check_fixture("utf16be.txt");
}

#[test]
fn fixture_utf16le_txt() {
    check_fixture("utf16le.txt");
}

#[test]
fn fixture_utf8bom_txt() {
    check_fixture("utf8bom.txt");
}

#[test]
fn fixture_whole_directory_matches_single_file_runs() {
    let sandbox = Sandbox::new();
    let dir = fixtures_dir().display().to_string();
    let all = scan_jsonl(&sandbox, &[&dir], &["--reveal", "--exclude", "EXPECTED.md"]);
    let s = all.summary_typed();
    assert_eq!((s.files, s.scanned), (8, 8), "{}", all.dump());
    let mut single = Vec::new();
    for file in expected_specs().keys() {
        let path = fixture(file).display().to_string();
        single.extend(scan_jsonl(&sandbox, &[&path], &["--reveal"]).findings());
    }
    assert_eq!(all.findings(), single);
}
