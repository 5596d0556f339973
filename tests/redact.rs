//! `baomi redact`: copies in the input's own format and encoding with the findings masked,
//! verified by a rescan; refusals (classified, PDF), review decisions, `--dry-run`, unit
//! masks, and a failed verification leaving no copy behind.

use encoding_rs::GBK;
use serde_json::Value;

use crate::common::{FILLER, ID_A, ID_B, MOBILE_A};
use crate::harness::{Output, Sandbox};

/// Findings at or above `low` in `path` (a rescan by the CLI).
fn blocking(sandbox: &Sandbox, path: &str) -> Vec<Value> {
    sandbox
        .run(&["scan", path, "--format", "jsonl"])
        .lines()
        .into_iter()
        .filter(|v| v.get("fingerprint").is_some())
        .filter(|v| v.get("severity").and_then(Value::as_str) != Some("info"))
        .collect()
}

fn read(sandbox: &Sandbox, rel: &str) -> Vec<u8> {
    std::fs::read(sandbox.path().join(rel)).unwrap_or_default()
}

fn no_raw_values(out: &Output, raws: &[&str]) {
    for raw in raws {
        assert!(
            !out.stdout.contains(raw) && !out.stderr.contains(raw),
            "raw value printed: {}",
            out.dump()
        );
    }
}

fn notice() -> String {
    format!(
        "关于2026年第三季度城乡低保对象的公示\n{FILLER}申请人：王建国，身份证号：{ID_A}，联系电话：{MOBILE_A}\n家庭住址：长沙市岳麓区银盆岭街道银杉路31号3栋201室\n{FILLER}"
    )
}

#[test]
fn text_csv_markdown_keep_their_bytes_outside_the_values() {
    let sb = Sandbox::new();
    sb.write("in/公示.txt", notice());
    sb.write(
        "in/名单.md",
        format!("# 名单\n\n| 姓名 | 身份证号 |\n|---|---|\n| 王建国 | {ID_A} |\n"),
    );
    let mut csv = b"\xEF\xBB\xBF".to_vec();
    csv.extend(
        format!("姓名,身份证号,联系电话\r\n王建国,{ID_A},{MOBILE_A}\r\n李秀英,{ID_B},无\r\n")
            .as_bytes(),
    );
    sb.write("in/名单.csv", &csv);
    let out = sb.run(&["redact", "in", "--out", "out"]);
    out.expect_code(0);
    no_raw_values(&out, &[ID_A, ID_B, MOBILE_A]);
    for name in ["公示.txt", "名单.md", "名单.csv"] {
        let path = format!("out/{name}");
        assert!(blocking(&sb, &path).is_empty(), "{path} still has findings");
        let copy = String::from_utf8_lossy(&read(&sb, &path)).into_owned();
        assert!(
            !copy.contains(ID_A) && copy.contains("430102********8907"),
            "{copy}"
        );
    }
    let txt = String::from_utf8_lossy(&read(&sb, "out/公示.txt")).into_owned();
    assert_eq!(
        txt,
        notice()
            .replace(ID_A, "430102********8907")
            .replace(MOBILE_A, "139****9962")
            .replace("王建国", "王**")
            .replace("银杉路31号3栋201室", "************")
    );
    // CSV: BOM, CRLF and the untouched cell stay; structure is the same.
    let csv_out = read(&sb, "out/名单.csv");
    assert!(csv_out.starts_with(b"\xEF\xBB\xBF"));
    let text = String::from_utf8_lossy(&csv_out).into_owned();
    assert_eq!(text.matches("\r\n").count(), 3);
    assert!(text.contains(",无\r\n"));
    assert_eq!(
        text.lines()
            .map(|l| l.matches(',').count())
            .collect::<Vec<_>>(),
        vec![2, 2, 2]
    );
}

#[test]
fn gbk_text_and_gbk_page_stay_gbk() {
    let sb = Sandbox::new();
    let text = notice();
    let (txt, _, _) = GBK.encode(&text);
    sb.write("通知.txt", &txt);
    let page = format!(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\"><title>公示</title></head>\
         <body><table><tr><td>姓名</td><td>身份证号</td></tr><tr><td>王建国</td><td>{ID_A}</td></tr></table>\
         <p>联系电话：<span>{}</span><span>{}</span></p><!-- 原始 {ID_B} --></body></html>",
        &MOBILE_A[..3],
        &MOBILE_A[3..]
    );
    let (html, _, _) = GBK.encode(&page);
    sb.write("公示.html", &html);
    let out = sb.run(&["redact", "通知.txt", "公示.html", "--out", "out"]);
    out.expect_code(0);
    for name in ["out/通知.txt", "out/公示.html"] {
        let bytes = read(&sb, name);
        assert!(
            std::str::from_utf8(&bytes).is_err(),
            "{name} is no longer GBK"
        );
        let (text, had_errors) = GBK.decode_without_bom_handling(&bytes);
        assert!(!had_errors, "{name} does not decode as GBK");
        assert!(!text.contains(ID_A) && !text.contains(MOBILE_A), "{text}");
        assert!(blocking(&sb, name).is_empty(), "{name} still has findings");
    }
    let html_bytes = read(&sb, "out/公示.html");
    let (html_out, _) = GBK.decode_without_bom_handling(&html_bytes);
    assert!(html_out.contains("charset=gb2312\"><title>公示</title>"));
    assert!(
        html_out.contains("<span>139****9962</span><span></span>"),
        "{html_out}"
    );
    assert!(
        html_out.contains("<!---->") && !html_out.contains(ID_B),
        "comment removed"
    );
}

#[test]
fn classified_and_pdf_are_refused_and_nothing_is_written() {
    let sb = Sandbox::new();
    sb.write(
        "密件.txt",
        format!("机密★5年\n关于全市重点项目推进情况的通报\n联系人身份证号：{ID_A}\n"),
    );
    sb.write("a.pdf", crate::common::PDF);
    let out = sb.run(&["redact", "密件.txt", "--out", "out"]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("涉密文件不得公开发布"),
        "{}",
        out.dump()
    );
    assert!(!sb.path().join("out/密件.txt").exists());
    let out = sb.run(&["redact", "a.pdf", "--out", "out", "--json"]);
    out.expect_code(3);
    let line = out.lines().into_iter().next().unwrap_or_default();
    assert_eq!(line["status"], "unsupported");
    assert!(
        line["reason"].as_str().unwrap_or("").contains("源文件"),
        "{}",
        out.dump()
    );
    assert!(!sb.path().join("out/a.pdf").exists());
}

#[test]
fn dry_run_writes_nothing_and_shows_masked_changes_only() {
    let sb = Sandbox::new();
    sb.write("公示.txt", notice());
    let out = sb.run(&["redact", "公示.txt", "--out", "out", "--dry-run"]);
    out.expect_code(0);
    assert!(!sb.path().join("out").exists());
    assert!(out.stdout.contains("430102********8907"), "{}", out.dump());
    assert!(out.stdout.contains("可脱敏"), "{}", out.dump());
    no_raw_values(&out, &[ID_A, MOBILE_A, "银杉路31号"]);
}

#[test]
fn accepted_risk_and_false_positive_are_left_as_is() {
    let sb = Sandbox::new();
    sb.write(
        "公示.txt",
        format!("{FILLER}经办人身份证号：{ID_A}\n申请人身份证号：{ID_B}\n"),
    );
    let scan = sb.run(&["scan", "公示.txt", "--format", "jsonl"]);
    let accepted: Vec<Value> = scan
        .lines()
        .into_iter()
        .filter(|v| {
            v.get("text")
                .and_then(Value::as_str)
                .is_some_and(|m| m.starts_with("430102"))
        })
        .collect();
    assert_eq!(accepted.len(), 1, "{}", scan.dump());
    let decision = serde_json::json!({
        "fingerprint": accepted[0]["fingerprint"], "rule": accepted[0]["rule"],
        "path": "公示.txt", "decision": "accepted-risk", "reviewer": "王审核",
        "reason": "经办人同意公开", "date": "2026-11-20",
    });
    sb.write("reviews.jsonl", format!("{decision}\n"));
    let out = sb.run(&[
        "redact",
        "公示.txt",
        "--out",
        "out",
        "--reviews",
        "reviews.jsonl",
    ]);
    out.expect_code(0);
    let copy = String::from_utf8_lossy(&read(&sb, "out/公示.txt")).into_owned();
    assert!(copy.contains(ID_A), "accepted value must stay: {copy}");
    assert!(!copy.contains(ID_B), "{copy}");
    // Without the record both are masked.
    let out = sb.run(&["redact", "公示.txt", "--out", "out2"]);
    out.expect_code(0);
    let copy = String::from_utf8_lossy(&read(&sb, "out2/公示.txt")).into_owned();
    assert!(!copy.contains(ID_A) && !copy.contains(ID_B), "{copy}");
}

const UNIT_PACK: &str = r#"
[unit]
name = "测试街道"

[[redact]]
kind = "person_name"
mask = "surname"
fill = "某"
"#;

#[test]
fn a_units_masks_replace_the_base_ones() {
    let sb = Sandbox::new();
    sb.write("packs/街道.toml", UNIT_PACK);
    sb.write("公示.txt", notice());
    let out = sb.run(&[
        "redact",
        "公示.txt",
        "--out",
        "out",
        "--rules-dir",
        "packs",
        "--unit",
        "测试街道",
    ]);
    out.expect_code(0);
    let copy = String::from_utf8_lossy(&read(&sb, "out/公示.txt")).into_owned();
    assert!(copy.contains("申请人：王某，"), "{copy}");
}

#[test]
fn a_failed_verification_leaves_no_copy() {
    let sb = Sandbox::new();
    // A unit mask that keeps every digit: the copy still holds the ID, so the rescan fails.
    sb.write(
        "packs/漏.toml",
        "[unit]\nname = \"漏\"\n\n[[redact]]\nkind = \"id_card\"\nmask = \"keep_ends\"\nhead = 18\n",
    );
    sb.write("公示.txt", notice());
    sb.write("out/公示.txt", "an earlier copy");
    let out = sb.run(&[
        "redact",
        "公示.txt",
        "--out",
        "out",
        "--rules-dir",
        "packs",
        "--unit",
        "漏",
        "--force",
    ]);
    out.expect_code(3);
    assert!(out.stdout.contains("复查未通过"), "{}", out.dump());
    assert!(
        !sb.path().join("out/公示.txt").exists(),
        "stale copy must go"
    );
    no_raw_values(&out, &[ID_A, MOBILE_A]);
    // Without --force an existing copy is never replaced.
    sb.write("out/公示.txt", "an earlier copy");
    let out = sb.run(&["redact", "公示.txt", "--out", "out"]);
    out.expect_code(3);
    assert_eq!(read(&sb, "out/公示.txt"), b"an earlier copy".to_vec());
}

#[test]
fn output_never_overwrites_the_input() {
    let sb = Sandbox::new();
    sb.write("公示.txt", notice());
    let out = sb.run(&["redact", "公示.txt", "--out", ".", "--force"]);
    out.expect_code(3);
    assert_eq!(read(&sb, "公示.txt"), notice().into_bytes());
}

#[test]
fn min_severity_info_accepts_its_own_masks_only() {
    let sb = Sandbox::new();
    sb.write("公示.txt", notice());
    let out = sb.run(&[
        "redact",
        "公示.txt",
        "--out",
        "out",
        "--min-severity",
        "info",
        "--json",
    ]);
    out.expect_code(0);
    let line = out.lines().into_iter().next().unwrap_or_default();
    assert_eq!(line["status"], "verified", "{}", out.dump());
    assert_eq!(line["masked_by_kind"]["id_card"], 1, "{}", out.dump());
    // A unit mask that keeps the birth date is weak: the rescan flags it and the copy fails.
    sb.write(
        "packs/弱.toml",
        "[unit]\nname = \"弱\"\n\n[[redact]]\nkind = \"id_card\"\nmask = \"keep_ends\"\nhead = 14\n",
    );
    let out = sb.run(&[
        "redact",
        "公示.txt",
        "--out",
        "out2",
        "--rules-dir",
        "packs",
        "--unit",
        "弱",
    ]);
    out.expect_code(3);
    assert!(!sb.path().join("out2/公示.txt").exists());
}

/// A 低保 roster with a hidden sheet holding the unmasked IDs.
pub fn roster() -> Vec<u8> {
    use rust_xlsxwriter::Workbook;
    let mut book = Workbook::new();
    let visible = book.add_worksheet();
    let rows = [
        ["姓名", "身份证号", "联系电话"],
        ["王建国", ID_A, MOBILE_A],
        ["李秀英", ID_B, "13800138000"],
    ];
    let write = |sheet: &mut rust_xlsxwriter::Worksheet, masked: bool| {
        for (r, row) in rows.iter().enumerate() {
            for (c, v) in row.iter().enumerate() {
                let v = if masked && r > 0 && c == 1 {
                    format!("{}********{}", &v[..6], &v[14..])
                } else {
                    v.to_string()
                };
                let _ = sheet.write_string(r as u32, c as u16, v);
            }
        }
    };
    let _ = visible.set_name("公示名单");
    write(visible, true);
    let hidden = book.add_worksheet();
    let _ = hidden.set_name("原始数据");
    write(hidden, false);
    hidden.set_hidden(true);
    book.save_to_buffer().unwrap_or_default()
}

#[test]
fn docx_and_xlsx_through_the_command() {
    let sb = Sandbox::new();
    sb.write("名单.xlsx", roster());
    let doc = crate::desk::docx(
        &[
            crate::desk::p("关于低保对象的公示"),
            crate::desk::p(&format!("申请人：王建国，联系电话：{MOBILE_A}")),
        ],
        Some(&format!("请核实身份证号：{ID_A}")),
    );
    sb.write("公示.docx", doc);
    let out = sb.run(&["redact", "名单.xlsx", "公示.docx", "--out", "发布版"]);
    out.expect_code(0);
    assert!(
        out.stdout.contains("删除隐藏工作表「原始数据」"),
        "{}",
        out.dump()
    );
    assert!(out.stdout.contains("删除批注 1 条"), "{}", out.dump());
    no_raw_values(&out, &[ID_A, ID_B, MOBILE_A]);
    for name in ["发布版/名单.xlsx", "发布版/公示.docx"] {
        assert!(blocking(&sb, name).is_empty(), "{name} still has findings");
        let scan = sb.run(&["scan", name, "--format", "jsonl", "--reveal"]);
        for raw in [ID_A, ID_B, MOBILE_A] {
            assert!(
                !scan.stdout.contains(raw),
                "{name} still holds a raw value: {}",
                scan.dump()
            );
        }
    }
    // The visible sheet's masked IDs were already compliant and stay as they were.
    let scan = sb.run(&["scan", "发布版/名单.xlsx", "--format", "jsonl"]);
    assert!(
        scan.stdout.contains(r#""sheet":"公示名单","cell":"B2""#),
        "{}",
        scan.dump()
    );
    assert!(
        !scan.stdout.contains("原始数据"),
        "hidden sheet must be gone: {}",
        scan.dump()
    );
}

/// `package` with one more member.
fn with_member(package: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(package)) else {
        return Vec::new();
    };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        if let Ok(f) = archive.by_index_raw(i) {
            let _ = w.raw_copy_file(f);
        }
    }
    let _ = w.start_file(name, zip::write::SimpleFileOptions::default());
    let _ = w.write_all(data);
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}

#[test]
fn an_embedded_workbook_is_redacted_too() {
    let sb = Sandbox::new();
    let notice = crate::desk::docx(&[crate::desk::p("附件：低保对象名单（见下表）")], None);
    let doc = with_member(
        &notice,
        "word/embeddings/Microsoft_Excel_Worksheet1.xlsx",
        &roster(),
    );
    sb.write("公示.docx", &doc);
    let before = sb.run(&["scan", "公示.docx", "--format", "jsonl"]);
    assert!(
        before.stdout.contains("!/word/embeddings/"),
        "{}",
        before.dump()
    );
    let out = sb.run(&["redact", "公示.docx", "--out", "out"]);
    out.expect_code(0);
    assert!(out.stdout.contains("嵌入文件脱敏 1 个"), "{}", out.dump());
    assert!(blocking(&sb, "out/公示.docx").is_empty());
    let scan = sb.run(&["scan", "out/公示.docx", "--format", "jsonl", "--reveal"]);
    for raw in [ID_A, ID_B, MOBILE_A] {
        assert!(!scan.stdout.contains(raw), "{}", scan.dump());
    }
}

#[test]
fn decisions_are_honoured_by_value_and_never_let_another_value_through() {
    // Three phones with the same mask: the one in a comment and the first in the body are
    // accepted; the second in the body is not. Removing the comment shifts the occurrence
    // count fingerprints use: the rescan must still catch the unaccepted one (it once
    // passed) and keep the accepted one, at `low` and at `info`.
    let sb = Sandbox::new();
    let page = "<html><body><!-- 联系电话 13800001234 --><p>联系电话 13811111234</p><p>联系电话 13822221234</p></body></html>";
    sb.write("f.html", page);
    let scan = sb.run(&["scan", "f.html", "--format", "jsonl"]);
    let found: Vec<Value> = scan
        .lines()
        .into_iter()
        .filter(|v| v.get("fingerprint").is_some())
        .collect();
    assert_eq!(found.len(), 3, "{}", scan.dump());
    let mut record = String::new();
    for f in found
        .iter()
        .filter(|f| f["location"]["line"] == 1 && f["hidden"] == true)
        .chain(found.iter().filter(|f| f["hidden"] == false).take(1))
    {
        record.push_str(&format!(
            "{}\n",
            serde_json::json!({"fingerprint": f["fingerprint"], "rule": f["rule"], "path": "f.html",
                "decision": "accepted-risk", "reviewer": "王审核", "reason": "单位电话", "date": "2026-11-20"})
        ));
    }
    assert_eq!(record.lines().count(), 2, "{}", scan.dump());
    sb.write("rev.jsonl", &record);
    for min in ["low", "info"] {
        let out_dir = format!("out-{min}");
        let out = sb.run(&[
            "redact",
            "f.html",
            "--reviews",
            "rev.jsonl",
            "--out",
            &out_dir,
            "--min-severity",
            min,
        ]);
        out.expect_code(0);
        let copy = String::from_utf8_lossy(&read(&sb, &format!("{out_dir}/f.html"))).into_owned();
        assert!(
            !copy.contains("13822221234"),
            "unaccepted value kept at {min}: {copy}"
        );
        assert!(
            copy.contains("13811111234"),
            "accepted value masked at {min}: {copy}"
        );
    }
    // The same record with a unit mask that leaves phones as they are: the unaccepted one
    // stays in the copy and takes the shifted fingerprint of an accepted one. It must fail.
    sb.write(
        "packs/漏.toml",
        "[unit]\nname = \"漏\"\n\n[[redact]]\nkind = \"mobile_phone\"\nmask = \"keep_ends\"\nhead = 11\n",
    );
    let out = sb.run(&[
        "redact",
        "f.html",
        "--reviews",
        "rev.jsonl",
        "--out",
        "out-leak",
        "--rules-dir",
        "packs",
        "--unit",
        "漏",
    ]);
    out.expect_code(3);
    assert!(
        !sb.path().join("out-leak/f.html").exists(),
        "{}",
        out.dump()
    );
}

#[cfg(unix)]
#[test]
fn links_planted_in_out_are_never_followed() {
    let sb = Sandbox::new();
    sb.write("in.txt", notice());
    sb.write("elsewhere/keep.txt", "x");
    std::fs::create_dir_all(sb.path().join("out")).unwrap_or_default();
    // A planted link where a temp file might go, and a linked directory below --out.
    for tmp in [".in.txt.baomi-redact.tmp", "in.txt.tmp"] {
        let _ = std::os::unix::fs::symlink("../in.txt", sb.path().join("out").join(tmp));
    }
    let _ = std::os::unix::fs::symlink("../elsewhere", sb.path().join("out/sub"));
    let out = sb.run(&["redact", "in.txt", "--out", "out"]);
    out.expect_code(0);
    assert_eq!(
        read(&sb, "in.txt"),
        notice().into_bytes(),
        "the input was overwritten"
    );
    let meta =
        std::fs::symlink_metadata(sb.path().join("out/in.txt")).map(|m| m.file_type().is_file());
    assert_eq!(meta.ok(), Some(true));
    sb.write("d/sub/q.txt", notice());
    let out = sb.run(&["redact", "d", "--out", "out"]);
    out.expect_code(3);
    assert!(
        !sb.path().join("elsewhere/q.txt").exists(),
        "written through a linked directory"
    );
}

#[test]
fn two_inputs_for_one_copy_are_refused() {
    let sb = Sandbox::new();
    sb.write("a/x.txt", notice());
    sb.write("b/x.txt", notice().replace("王建国", "李秀英"));
    let out = sb.run(&["redact", "a/x.txt", "b/x.txt", "--out", "out", "--force"]);
    out.expect_code(3);
    assert!(out.stdout.contains("另一个输入也要写到"), "{}", out.dump());
    let copy = String::from_utf8_lossy(&read(&sb, "out/x.txt")).into_owned();
    assert!(copy.contains("王**"), "{copy}");
}

#[test]
fn an_embedded_objects_preview_picture_is_blanked() {
    // Word draws an embedded worksheet from a stored picture (EMF) made from the old
    // content; its text records hold the IDs in UTF-16. After redaction it must not.
    let sb = Sandbox::new();
    let w = r#"xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office""#;
    let document = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?><w:document {w}><w:body><w:p><w:r><w:t>附表：</w:t></w:r><w:r><w:object><v:shape id="_x0000_i1025"><v:imagedata r:id="rId5" o:title=""/></v:shape><o:OLEObject Type="Embed" ProgID="Excel.Sheet.12" ShapeID="_x0000_i1025" r:id="rId6"/></w:object></w:r></w:p></w:body></w:document>"#
    );
    let rels = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/image" Target="media/image1.emf"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/package" Target="embeddings/Microsoft_Excel_Worksheet.xlsx"/></Relationships>"#;
    let mut emf = b"\x01\x00\x00\x00 fake EMF with text: ".to_vec();
    emf.extend(ID_A.encode_utf16().flat_map(u16::to_le_bytes));
    let base = crate::desk::docx(&[], None);
    let mut doc = with_member(&base, "word/_rels/document.xml.rels", rels.as_bytes());
    doc = with_member(&doc, "word/media/image1.emf", &emf);
    doc = with_member(
        &doc,
        "word/embeddings/Microsoft_Excel_Worksheet.xlsx",
        &roster(),
    );
    // The document part itself: replace the builder's empty body.
    let doc = replace_member(&doc, "word/document.xml", document.as_bytes());
    sb.write("附表.docx", &doc);
    let out = sb.run(&["redact", "附表.docx", "--out", "out"]);
    out.expect_code(0);
    assert!(
        out.stdout.contains("嵌入对象预览图清空 1 张"),
        "{}",
        out.dump()
    );
    let copy = read(&sb, "out/附表.docx");
    let mut archive =
        zip::ZipArchive::new(std::io::Cursor::new(copy)).unwrap_or_else(|e| panic!("{e}"));
    let mut picture = Vec::new();
    if let Ok(mut f) = archive.by_name("word/media/image1.emf") {
        let _ = std::io::Read::read_to_end(&mut f, &mut picture);
    }
    assert_eq!(picture.len(), 108, "a blank EMF");
    assert_eq!(picture.get(40..44), Some(&b" EMF"[..]));
}

/// `package` with `name` replaced by `data` (other members copied raw, in order).
fn replace_member(package: &[u8], name: &str, data: &[u8]) -> Vec<u8> {
    use std::io::Write as _;
    let Ok(mut archive) = zip::ZipArchive::new(std::io::Cursor::new(package)) else {
        return Vec::new();
    };
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for i in 0..archive.len() {
        let Ok(f) = archive.by_index_raw(i) else {
            continue;
        };
        if f.name().is_ok_and(|n| n == name) {
            drop(f);
            let _ = w.start_file(name, zip::write::SimpleFileOptions::default());
            let _ = w.write_all(data);
        } else {
            let _ = w.raw_copy_file(f);
        }
    }
    w.finish().map(|c| c.into_inner()).unwrap_or_default()
}
