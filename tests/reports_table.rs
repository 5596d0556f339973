//! `--format csv` and `--format xlsx` on the demo corpus plus a corrupt input and planted
//! values: one row per finding and per input not scanned, the same findings in the same
//! order as JSON Lines, masked values only, formula-like text neutralized, and a workbook
//! with its three sheets, frozen header row and autofilter (read back with calamine, the
//! zip's XML, and openpyxl when Python has it).

use std::io::{Cursor, Read};
use std::path::Path;

use calamine::{Data, Range, Reader, Xlsx};

use crate::common::planted;
use crate::harness::{FindingLine, Output, Sandbox, FINDING_KEYS};

const SHEETS: [&str; 3] = ["发现 Findings", "汇总 Summary", "无法审查 Not scanned"];
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// One run over the demo corpus, a corrupt `bad.docx`, planted values and a file whose
/// name and an ad-hoc term start with `=`, written as JSON Lines, CSV and XLSX (plus JSON
/// Lines with `--reveal` for the raw values).
struct Run {
    sandbox: Sandbox,
    jsonl: Output,
    revealed: Vec<FindingLine>,
    csv: Vec<u8>,
    xlsx: Vec<u8>,
}

fn run() -> Run {
    let sandbox = Sandbox::new();
    let demo = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/demo");
    let demo = demo.to_string_lossy().into_owned();
    // A zip signature and nothing else: sniffed as a package, unreadable.
    let bad = sandbox.write("bad.docx", b"PK\x03\x04garbage, not a zip member");
    let (text, _) = planted();
    let planted = sandbox.write("planted.txt", text);
    let terms = sandbox.write("terms.txt", "=HYPERLINK内部资料\n");
    let formula = sandbox.write(
        "=1+2.txt",
        "本文件为=HYPERLINK内部资料，请勿外传。\n申请人身份证号：110105198001011238\n",
    );
    let inputs = [demo.as_str(), &bad, &planted, &formula];
    let mut args = vec!["scan"];
    args.extend_from_slice(&inputs);
    args.extend_from_slice(&["--terms", &terms, "--unit", "区民政局"]);
    let mut both = args.clone();
    both.extend_from_slice(&[
        "--format", "jsonl", "-o", "x.jsonl", "--format", "csv", "-o", "x.csv", "--format", "xlsx",
        "-o", "x.xlsx",
    ]);
    let out = sandbox.run(&both);
    assert!(out.code == 1, "exit code\n{}", out.dump());
    let mut reveal = args.clone();
    reveal.extend_from_slice(&["--format", "jsonl", "--reveal"]);
    let revealed = sandbox.run(&reveal).findings();
    let read = |name: &str| {
        std::fs::read(sandbox.path().join(name)).unwrap_or_else(|e| panic!("{name}: {e}"))
    };
    let jsonl = Output {
        args: both.iter().map(|s| s.to_string()).collect(),
        code: out.code,
        stdout: String::from_utf8(read("x.jsonl")).unwrap_or_default(),
        stderr: out.stderr,
    };
    Run {
        csv: read("x.csv"),
        xlsx: read("x.xlsx"),
        sandbox,
        jsonl,
        revealed,
    }
}

/// Raw strings that must not appear: planted secrets, and every revealed value or context
/// that masking changed (at least four characters, so a lone surname is not a false hit).
fn secrets(run: &Run) -> Vec<String> {
    let masked = run.jsonl.findings();
    assert_eq!(masked.len(), run.revealed.len());
    let mut out: Vec<String> = planted().1.into_iter().map(String::from).collect();
    for (m, r) in masked.iter().zip(&run.revealed) {
        if m.text != r.text && r.text.chars().count() >= 4 {
            out.push(r.text.clone());
        }
    }
    out
}

/// The English key of a `中文 english` header.
fn key(header: &str) -> &str {
    header.rsplit(' ').next().unwrap_or(header)
}

fn column(headers: &[String], name: &str) -> usize {
    headers
        .iter()
        .position(|h| key(h) == name)
        .unwrap_or_else(|| panic!("no column {name} in {headers:?}"))
}

/// Checks a table (CSV rows or the findings sheet) against the JSON Lines run.
fn check_table(run: &Run, rows: &[Vec<String>], what: &str) {
    let (headers, body) = rows.split_first().expect("a header row");
    for h in headers {
        let (zh, en) = h
            .rsplit_once(' ')
            .unwrap_or_else(|| panic!("{what}: header {h:?}"));
        assert!(!zh.is_ascii() && en.is_ascii(), "{what}: header {h:?}");
    }
    for k in FINDING_KEYS {
        column(headers, k);
    }
    let at = |name| column(headers, name);
    let (status, path, rule, text, fp, error) = (
        at("status"),
        at("path"),
        at("rule"),
        at("text"),
        at("fingerprint"),
        at("error"),
    );
    let findings: Vec<&Vec<String>> = body.iter().filter(|r| r[status] == "finding").collect();
    let want = run.jsonl.findings();
    assert_eq!(findings.len(), want.len(), "{what}: finding rows");
    assert_eq!(want.len() as u64, run.jsonl.summary_typed().findings);
    for (row, f) in findings.iter().zip(&want) {
        // Same order and values; CSV adds an apostrophe before a formula trigger.
        let unguard = |s: &str| s.strip_prefix('\'').unwrap_or(s).to_string();
        assert_eq!(unguard(&row[path]), f.path, "{what}");
        assert_eq!(row[rule], f.rule, "{what}");
        assert_eq!(unguard(&row[text]), f.text, "{what}");
        assert_eq!(row[fp], f.fingerprint, "{what}");
        assert_eq!(row[at("kind")], f.kind, "{what}");
        assert_eq!(row[at("severity")], f.severity, "{what}");
        assert_eq!(row[at("hidden")], if f.hidden { "是" } else { "否" });
    }
    let errors: Vec<(String, String)> = body
        .iter()
        .filter(|r| r[status] != "finding")
        .map(|r| (r[path].clone(), r[error].clone()))
        .collect();
    let want: Vec<(String, String)> = run
        .jsonl
        .errors()
        .into_iter()
        .map(|e| (e.path, e.error))
        .collect();
    assert_eq!(errors, want, "{what}: rows not scanned");
    assert!(errors.iter().any(|(p, _)| p == "bad.docx"), "{what}");
    let all: Vec<&String> = rows.iter().flatten().collect();
    for secret in secrets(run) {
        assert!(
            !all.iter().any(|c| c.contains(&secret)),
            "{what} leaks {secret}"
        );
    }
}

#[test]
fn table_000_csv_bom_header_rows_and_guard() {
    let run = run();
    let body = run
        .csv
        .strip_prefix(BOM)
        .expect("CSV starts with a UTF-8 BOM");
    assert!(std::str::from_utf8(body).is_ok());
    let rows: Vec<Vec<String>> = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(body)
        .records()
        .map(|r| {
            r.expect("RFC 4180 record")
                .iter()
                .map(String::from)
                .collect()
        })
        .collect();
    check_table(&run, &rows, "csv");
    let headers = &rows[0];
    assert_eq!(headers[0], "状态 status_zh");
    assert_eq!(headers[2], "文件 path");
    let (path, text) = (column(headers, "path"), column(headers, "text"));
    // Formula injection: the file name and the term start with `=`.
    assert!(rows.iter().any(|r| r[path] == "'=1+2.txt"));
    assert!(rows.iter().any(|r| r[text] == "'=HYPERLINK内部资料"));
    for cell in rows.iter().flatten() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "unguarded cell {cell:?}"
        );
    }
}

fn strings(range: &Range<Data>) -> Vec<Vec<String>> {
    range
        .rows()
        .map(|r| {
            r.iter()
                .map(|c| match c {
                    Data::Empty => String::new(),
                    Data::String(s) => s.clone(),
                    other => other.to_string(),
                })
                .collect()
        })
        .collect()
}

#[test]
fn table_010_xlsx_sheets_rows_summary_and_not_scanned() {
    let run = run();
    let mut book = Xlsx::new(Cursor::new(run.xlsx.clone())).expect("a workbook");
    assert_eq!(book.sheet_names(), SHEETS);
    let findings = book.worksheet_range(SHEETS[0]).expect("findings sheet");
    let rows = strings(&findings);
    check_table(&run, &rows, "xlsx");
    // Values are text cells, never formulas; an ID-like value stays a string.
    let text = column(&rows[0], "text");
    for r in 1..findings.height() {
        let cell = findings.get((r, text)).unwrap_or(&Data::Empty);
        assert!(matches!(cell, Data::String(_) | Data::Empty), "{cell:?}");
    }
    assert!(rows.iter().any(|r| r[text] == "=HYPERLINK内部资料"));
    let formulas = book.worksheet_formula(SHEETS[0]).expect("formulas");
    assert!(formulas.used_cells().all(|(_, _, f)| f.is_empty()));

    let summary = strings(&book.worksheet_range(SHEETS[1]).expect("summary sheet"));
    let count = |key: &str| {
        summary
            .iter()
            .find(|r| r.get(1).map(String::as_str) == Some(key))
            .and_then(|r| r.get(2).cloned())
            .unwrap_or_else(|| panic!("no {key} in summary {summary:?}"))
    };
    let s = run.jsonl.summary_typed();
    assert_eq!(count("findings"), s.findings.to_string());
    assert_eq!(count("files"), s.files.to_string());
    assert_eq!(count("errors"), s.errors.to_string());
    assert_eq!(count("id_card"), s.by_kind["id_card"].to_string());
    assert_eq!(count("high"), s.by_severity["high"].to_string());
    let unit = summary
        .iter()
        .find(|r| r[0] == "区民政局")
        .unwrap_or_else(|| panic!("no unit row in {summary:?}"));
    assert_eq!(unit[2], s.findings.to_string());
    assert_eq!(unit[4], "不通过 fail");

    let missing = strings(&book.worksheet_range(SHEETS[2]).expect("not-scanned sheet"));
    assert_eq!(
        missing[0],
        [
            "状态 status_zh",
            "状态代码 status",
            "文件 path",
            "原因 error"
        ]
    );
    let errors = run.jsonl.errors();
    assert_eq!(missing.len(), errors.len() + 1);
    assert!(missing
        .iter()
        .any(|r| r[2] == "bad.docx" && !r[3].is_empty()));
}

/// The XML of one zip member of the workbook.
fn member(xlsx: &[u8], name: &str) -> String {
    let mut zip = zip::ZipArchive::new(Cursor::new(xlsx)).expect("xlsx is a zip");
    let mut xml = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut xml)
        .expect("UTF-8 XML");
    xml
}

#[test]
fn table_020_xlsx_frozen_header_autofilter_and_quote_prefix() {
    let run = run();
    let rows = run.jsonl.findings().len() + run.jsonl.errors().len();
    let sheet1 = member(&run.xlsx, "xl/worksheets/sheet1.xml");
    assert!(
        sheet1.contains(r#"topLeftCell="A2""#) && sheet1.contains(r#"state="frozen""#),
        "no frozen header row"
    );
    let filter = format!(r#"<autoFilter ref="A1:AC{}"/>"#, rows + 1);
    assert!(sheet1.contains(&filter), "no {filter}");
    assert!(sheet1.contains("<cols>"), "no column widths");
    let sheet3 = member(&run.xlsx, "xl/worksheets/sheet3.xml");
    assert!(sheet3.contains(r#"state="frozen""#) && sheet3.contains("<autoFilter"));
    let styles = member(&run.xlsx, "xl/styles.xml");
    assert!(
        styles.contains(r#"quotePrefix="1""#),
        "no quote-prefixed style"
    );

    // A second reader, when Python has openpyxl (not required: skipped otherwise).
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb:
    print(ws.title, ws.freeze_panes, ws.auto_filter.ref, ws.max_row, sep="|")
"#;
    let path = run.sandbox.path().join("x.xlsx");
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output();
    let out = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named") => {
            eprintln!("table_020: openpyxl not installed, second reader skipped");
            return;
        }
        Ok(o) => panic!("openpyxl: {}", String::from_utf8_lossy(&o.stderr)),
        Err(e) => {
            eprintln!("table_020: no python3 ({e}), second reader skipped");
            return;
        }
    };
    let lines: Vec<&str> = out.lines().collect();
    let errors = run.jsonl.errors().len();
    assert_eq!(lines.len(), 3, "{out}");
    assert_eq!(
        lines[0],
        format!("{}|A2|A1:AC{}|{}", SHEETS[0], rows + 1, rows + 1)
    );
    assert!(
        lines[1].starts_with(&format!("{}|None|None|", SHEETS[1])),
        "{out}"
    );
    assert_eq!(
        lines[2],
        format!("{}|A2|A1:D{}|{}", SHEETS[2], errors + 1, errors + 1)
    );
}
