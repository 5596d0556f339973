//! Documents through the command line: formats chosen by content whatever the extension,
//! archive members reported as `outer!/inner`, broken documents as error records, and
//! `baomi extract` showing what was read with its locations.

use std::io::{Cursor, Write};

use baomi::synth_docs::{docx, pdf, xlsx};
use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use crate::harness::Sandbox;

const ID: &str = "11010519491231002X";
const MOBILE: &str = "13800138000";

fn roster() -> Vec<Vec<String>> {
    vec![
        vec!["姓名".into(), "身份证号".into(), "联系电话".into()],
        vec!["张某某".into(), ID.into(), MOBILE.into()],
    ]
}

fn zip_of(members: &[(&str, &[u8])]) -> Vec<u8> {
    let mut z = ZipWriter::new(Cursor::new(Vec::new()));
    for (name, bytes) in members {
        z.start_file(*name, SimpleFileOptions::default()).unwrap();
        z.write_all(bytes).unwrap();
    }
    z.finish().unwrap().into_inner()
}

#[test]
fn documents_000_wrong_extension_is_read_as_what_it_is() {
    let sandbox = Sandbox::new();
    let html = format!(
        "<html><body><table><tr><td>姓名</td><td>身份证号</td></tr>\
         <tr><td>张某某</td><td>{ID}</td></tr></table></body></html>"
    );
    let rtf = format!("{{\\rtf1\\ansi 申请人身份证号{ID}\\par}}");
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("名单.doc", xlsx(&roster())),
        ("通知.xls", docx(&[format!("身份证号{ID}")], &[])),
        ("导出.xls", html.into_bytes()),
        ("通知.doc", rtf.into_bytes()),
        ("附件.txt", pdf(&[vec![format!("Tel {MOBILE}")]])),
    ];
    for (name, bytes) in &cases {
        sandbox.write(name, bytes);
    }
    let names: Vec<&str> = cases.iter().map(|(n, _)| *n).collect();
    let mut args = vec!["scan", "--format", "jsonl"];
    args.extend(&names);
    let out = sandbox.run(&args);
    assert!(out.errors().is_empty(), "{}", out.dump());
    let s = out.summary_typed();
    assert_eq!((s.files, s.scanned), (5, 5), "{}", out.dump());
    let found: Vec<(String, String)> = out
        .findings()
        .into_iter()
        .filter(|f| f.severity == "high")
        .map(|f| (f.path, f.kind))
        .collect();
    for name in &names {
        assert!(
            found.iter().any(|(p, _)| p == name),
            "{name}: nothing found\n{}",
            out.dump()
        );
    }
    let xlsx_id = out
        .findings()
        .into_iter()
        .find(|f| f.path == "名单.doc" && f.kind == "id_card");
    let loc = xlsx_id.map(|f| (f.location.sheet, f.location.cell));
    assert_eq!(loc, Some((Some("Sheet1".into()), Some("B2".into()))));
    out.expect_code(1);
}

#[test]
fn documents_010_archive_members_are_outer_inner_and_counted() {
    let sandbox = Sandbox::new();
    let inner = zip_of(&[("名单.xlsx", &xlsx(&roster()))]);
    let outer = zip_of(&[
        ("附件/内层.zip", &inner),
        ("说明.txt", format!("联系电话：{MOBILE}").as_bytes()),
    ]);
    sandbox.write("材料.zip", &outer);
    let out = sandbox.run(&["scan", "--format", "jsonl", "材料.zip"]);
    let paths: Vec<String> = out.findings().into_iter().map(|f| f.path).collect();
    assert!(
        paths.contains(&"材料.zip!/附件/内层.zip!/名单.xlsx".to_string()),
        "{}",
        out.dump()
    );
    assert!(
        paths.contains(&"材料.zip!/说明.txt".to_string()),
        "{paths:?}"
    );
    let s = out.summary_typed();
    // The outer zip, the inner zip, the workbook and the text file.
    assert_eq!((s.files, s.scanned, s.errors), (4, 4, 0), "{}", out.dump());
}

#[test]
fn documents_020_broken_documents_are_error_records_and_the_batch_goes_on() {
    let sandbox = Sandbox::new();
    let good = docx(&[format!("身份证号{ID}")], &[]);
    let cut = good.get(..good.len() / 2).unwrap_or_default().to_vec();
    sandbox.write("a_truncated.docx", &cut);
    sandbox.write("b_garbage.xlsx", b"PK\x03\x04garbage garbage garbage");
    sandbox.write("c_garbage.pdf", b"%PDF-1.7\n%%garbage");
    sandbox.write("d_good.docx", &good);
    let out = sandbox.run(&["scan", "--format", "jsonl", "."]);
    let errors = out.errors();
    let paths: Vec<&str> = errors.iter().map(|e| e.path.as_str()).collect();
    assert_eq!(
        paths,
        vec!["./a_truncated.docx", "./b_garbage.xlsx", "./c_garbage.pdf"],
        "{}",
        out.dump()
    );
    for e in &errors {
        assert!(!e.error.contains("internal error"), "{e:?}");
    }
    assert!(out.findings().iter().any(|f| f.path == "./d_good.docx"));
    // A finding blocks (1) before an unreadable file would make it incomplete (3).
    out.expect_code(1);
    let only_broken = sandbox.run(&["scan", "--format", "jsonl", "a_truncated.docx"]);
    only_broken.expect_code(3);
}

#[test]
fn documents_030_extract_shows_segments_with_locations() {
    let sandbox = Sandbox::new();
    sandbox.write("名单.xlsx", xlsx(&roster()));
    let out = sandbox.run(&["extract", "--format", "jsonl", "名单.xlsx"]);
    out.expect_code(0);
    let records = out.lines();
    let id = records
        .iter()
        .find(|r| r["text"] == ID)
        .unwrap_or_else(|| panic!("{}", out.dump()));
    assert_eq!(id["location"]["sheet"], "Sheet1");
    assert_eq!(id["location"]["cell"], "B2");
    assert_eq!(id["hidden"], false);
    assert_eq!(id["format"], "xlsx");
    let text = sandbox.run(&["extract", "名单.xlsx"]);
    assert!(text.stdout.contains("Sheet1!B2"), "{}", text.dump());
    assert!(text.stdout.contains(ID), "{}", text.dump());
    let broken = sandbox.write("坏.docx", b"PK\x03\x04broken");
    let out = sandbox.run(&["extract", "--format", "jsonl", &broken]);
    out.expect_code(3);
    assert!(out.stdout.contains("\"error\""), "{}", out.dump());
}

#[test]
fn documents_040_demo_office_documents_leak_through_hidden_channels() {
    let demo = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/demo");
    let sandbox = Sandbox::new();
    let xlsx = demo
        .join("2024年第三季度城乡低保发放名单.xlsx")
        .display()
        .to_string();
    let docx = demo.join("专题会议纪要.docx").display().to_string();
    let out = sandbox.run(&["scan", "--format", "jsonl", &xlsx, &docx]);
    out.expect_code(1);
    let high: Vec<_> = out
        .findings()
        .into_iter()
        .filter(|f| f.rank() >= crate::harness::rank("high"))
        .collect();
    let in_xlsx: Vec<(String, String, String, bool)> = high
        .iter()
        .filter(|f| f.path == xlsx)
        .map(|f| {
            let loc = &f.location;
            let at = format!(
                "{}!{}",
                loc.sheet.clone().unwrap_or_default(),
                loc.cell.clone().unwrap_or_default()
            );
            (
                f.kind.clone(),
                at,
                loc.part.clone().unwrap_or_default(),
                f.hidden,
            )
        })
        .collect();
    let mut want = Vec::new();
    for r in 3..=6 {
        want.push(("id_card", format!("公示!D{r}"), "hidden_column"));
    }
    for r in 2..=5 {
        // A name in the same row as an ID (record pass): a person identified.
        want.push(("person_name", format!("原始数据!A{r}"), "hidden_sheet"));
        want.push(("id_card", format!("原始数据!B{r}"), "hidden_sheet"));
        want.push(("mobile_phone", format!("原始数据!C{r}"), "hidden_sheet"));
        want.push(("address", format!("原始数据!D{r}"), "hidden_sheet"));
    }
    for (kind, at, part) in &want {
        assert!(
            in_xlsx.contains(&(kind.to_string(), at.clone(), part.to_string(), true)),
            "missing {kind} at {at} ({part})\n{in_xlsx:?}"
        );
    }
    assert_eq!(in_xlsx.len(), want.len(), "{in_xlsx:?}");
    // The hidden column holds the IDs the visible column masks: the mask is defeated.
    let behind: Vec<&str> = high
        .iter()
        .filter(|f| f.path == xlsx && f.location.part.as_deref() == Some("hidden_column"))
        .map(|f| f.rule.as_str())
        .collect();
    assert_eq!(behind, vec!["pii.id_card.behind_mask"; 4]);
    let in_docx: Vec<(String, Option<u64>, String, bool)> = high
        .iter()
        .filter(|f| f.path == docx)
        .map(|f| {
            let part = f.location.part.clone().unwrap_or_default();
            (f.kind.clone(), f.location.paragraph, part, f.hidden)
        })
        .collect();
    assert_eq!(
        in_docx,
        vec![
            ("id_card".into(), Some(3), "tracked_change".into(), true),
            (
                "mobile_phone".into(),
                Some(3),
                "tracked_change".into(),
                true
            ),
            (
                "classification_mark".into(),
                Some(1),
                "comment".into(),
                true
            ),
        ]
    );
}

#[test]
fn documents_050_column_headers_make_ambiguous_numbers_findings_in_every_table_format() {
    // A UnionPay-style number that fails Luhn is a bank card only where a label or column
    // header says so: the header must reach the detectors from every table format.
    const ACCOUNT: &str = "6217002430012345671";
    let table = |header: &str| {
        vec![
            vec!["序号".to_string(), "姓名".to_string(), header.to_string()],
            vec!["1".to_string(), "张某".to_string(), ACCOUNT.to_string()],
        ]
    };
    let csv = |header: &str| format!("序号,姓名,{header}\n1,张某,{ACCOUNT}\n").into_bytes();
    let html = |header: &str| {
        format!(
            "<html><body><table><tr><th>序号</th><th>姓名</th><th>{header}</th></tr>\
             <tr><td>1</td><td>张某</td><td>{ACCOUNT}</td></tr></table></body></html>"
        )
        .into_bytes()
    };
    let sandbox = Sandbox::new();
    for (header, expect) in [("银行账号", true), ("编号", false)] {
        let files = [
            ("a.xlsx", xlsx(&table(header))),
            ("b.docx", docx(&[], &table(header))),
            ("c.csv", csv(header)),
            ("d.html", html(header)),
        ];
        for (name, bytes) in &files {
            sandbox.write(name, bytes);
        }
        let out = sandbox.run(&[
            "scan", "--format", "jsonl", "a.xlsx", "b.docx", "c.csv", "d.html",
        ]);
        let cards: Vec<String> = out
            .findings()
            .into_iter()
            .filter(|f| f.kind == "bank_card")
            .map(|f| f.path)
            .collect();
        let want: Vec<String> = if expect {
            files.iter().map(|(n, _)| n.to_string()).collect()
        } else {
            Vec::new()
        };
        assert_eq!(cards, want, "header {header}\n{}", out.dump());
    }
}

#[test]
fn documents_060_time_budget_and_size_limits_are_error_records() {
    let sandbox = Sandbox::new();
    sandbox.write("a.docx", docx(&[format!("身份证号{ID}")], &[]));
    let out = sandbox.run(&["scan", "--format", "jsonl", "--time-budget", "0", "a.docx"]);
    out.expect_code(3);
    let errors = out.errors();
    assert_eq!(errors.len(), 1, "{}", out.dump());
    assert!(errors[0].error.contains("longer than 0 s"), "{errors:?}");
    let big = xlsx(&roster());
    sandbox.write("b.xlsx", &big);
    let out = sandbox.run(&[
        "scan",
        "--format",
        "jsonl",
        "--max-file-size",
        "0",
        "b.xlsx",
    ]);
    out.expect_code(3);
    assert!(
        out.errors()[0].error.contains("larger than 0 MiB"),
        "{}",
        out.dump()
    );
}

#[test]
fn documents_070_fuzz_crashes_are_damaged_file_records() {
    let dir =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/crashes");
    let sandbox = Sandbox::new();
    for name in [
        "calamine_xls_slice_panic.xls",
        "calamine_xlsb_index_panic.xlsb",
    ] {
        let path = dir.join(name).display().to_string();
        let out = sandbox.run(&["scan", "--format", "jsonl", &path]);
        assert!(!out.stderr.contains("panicked"), "{}", out.dump());
        let records = out.errors();
        assert!(
            !records.is_empty(),
            "{name}: no error record\n{}",
            out.dump()
        );
        for r in &records {
            assert!(!r.error.contains("internal error"), "{name}: {r:?}");
        }
        assert!(
            records.iter().any(|r| r.error.contains("damaged")),
            "{name}: {records:?}"
        );
    }
}
