//! Format tests (web): HTML pages (a GBK page with a `<meta charset=gb2312>`, an Excel
//! "Save as Web page" `.xls`), e-mail (GB2312 subject, body, attachments) and RTF (a `.doc`
//! that is RTF, with GBK `\'hh` text, `\uN`, a table and hidden text), each built here and
//! scanned end to end with planted values; the zoo's HTML and e-mail files (skipped when
//! the zoo is absent); hostile inputs.

use std::io::Write;
use std::path::{Path, PathBuf};

use baomi::extract::{extract, Budget, Ctx, Document, Format, Limits, Part};
use baomi::finding::{Finding, Kind};
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};
use encoding_rs::GBK;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn scan(name: &str, bytes: &[u8]) -> Result<FileResult, Box<dyn std::error::Error>> {
    let engine = baomi::engine::Engine::new(&baomi::ruleset::RuleSet::base()?)?;
    Ok(scan_bytes(&engine, name, bytes, ScanOptions::default()))
}

/// (path, finding) of a result and all its members.
fn all_findings(r: &FileResult) -> Vec<(String, &Finding)> {
    let mut out = Vec::new();
    if let Outcome::Scanned { findings, .. } = &r.outcome {
        out.extend(findings.iter().map(|f| (r.path.clone(), f)));
    }
    for m in &r.members {
        out.extend(all_findings(m));
    }
    out
}

fn findings(r: &FileResult) -> Result<&[Finding], String> {
    match &r.outcome {
        Outcome::Scanned { findings, .. } => Ok(findings),
        other => Err(format!("{} not scanned: {other:?}", r.path)),
    }
}

/// The finding of `kind` whose value is `value`.
fn find<'a>(fs: &'a [Finding], kind: Kind, value: &str) -> Result<&'a Finding, String> {
    fs.iter()
        .find(|f| f.kind == kind && f.value.expose() == value)
        .ok_or_else(|| {
            let got: Vec<String> = fs
                .iter()
                .map(|f| format!("{:?} {} {:?}", f.kind, f.value.expose(), f.location))
                .collect();
            format!("no {kind:?} {value}; got {got:#?}")
        })
}

fn part(f: &Finding) -> Option<&str> {
    f.location.part.as_deref()
}

fn gbk(s: &str) -> Vec<u8> {
    GBK.encode(s).0.into_owned()
}

// ------------------------------------------------------------------------------------
// HTML

/// A GBK county notice: title, meta author, comment, alt text, hidden div, a table with a
/// 身份证号 header and bare IDs.
const NOTICE: &str = "<!DOCTYPE html>
<html>
<head>
<meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">
<title>关于机密★1年名单的公示</title>
<meta name=\"author\" content=\"经办人 13700137000\">
<style>.x { color: red }</style>
<script>var tel = '13600136000';</script>
</head>
<body>
<!-- 原稿联系人 13912345678 -->
<p>联系电话：<span>1380013</span>8000</p>
<img src=\"a.jpg\" alt=\"申请人身份证 320106199208082455\">
<div style=\"display: none\">旧名单 440304198506151237</div>
<table border=1>
<tr><th>序号</th><th>姓名</th><th>身份证号</th></tr>
<tr><td>1</td><td>王五</td><td>110101199003074514</td></tr>
<tr><td>2</td><td>赵六</td><td>11010519491231002X</td></tr>
</table>
<p>银行卡&nbsp;6222021234567890128</p>
</body>
</html>
";

#[test]
fn web_gbk_html_page_channels_and_positions() -> TestResult {
    let bytes = gbk(NOTICE);
    let r = scan("公示.html", &bytes)?;
    let fs = findings(&r)?;
    // Body phone split by a span: found whole, on line 12 at the first text character.
    let phone = find(fs, Kind::MobilePhone, "13800138000")?;
    assert_eq!((part(phone), phone.hidden), (Some("body"), false));
    assert_eq!(phone.location.line, Some(12));
    // Table: a bare ID under the 身份证号 header, with row/col and line.
    let id = find(fs, Kind::IdCard, "110101199003074514")?;
    assert_eq!(
        (
            id.location.row,
            id.location.col,
            id.location.cell.as_deref()
        ),
        (Some(2), Some(3), Some("C2"))
    );
    assert_eq!((id.location.line, id.location.column), (Some(17), Some(30)));
    assert!(!id.hidden);
    let id2 = find(fs, Kind::IdCard, "11010519491231002X")?;
    assert_eq!((id2.location.row, id2.location.line), (Some(3), Some(18)));
    // Hidden channels.
    let comment = find(fs, Kind::MobilePhone, "13912345678")?;
    assert_eq!(
        (part(comment), comment.hidden),
        (Some("source_comment"), true)
    );
    assert_eq!(
        (comment.location.line, comment.location.column),
        (Some(11), Some(12))
    );
    let alt = find(fs, Kind::IdCard, "320106199208082455")?;
    assert_eq!((part(alt), alt.hidden), (Some("attribute"), true));
    assert_eq!(alt.location.field.as_deref(), Some("alt"));
    let hidden = find(fs, Kind::IdCard, "440304198506151237")?;
    assert_eq!((part(hidden), hidden.hidden), (Some("hidden_text"), true));
    assert_eq!(hidden.location.line, Some(14));
    let meta = find(fs, Kind::MobilePhone, "13700137000")?;
    assert_eq!((part(meta), meta.hidden), (Some("metadata"), true));
    assert_eq!(meta.location.field.as_deref(), Some("author"));
    // Title: a classification mark, visible.
    let mark = fs
        .iter()
        .find(|f| f.kind == Kind::ClassificationMark)
        .ok_or("no classification mark")?;
    assert_eq!(
        (part(mark), mark.hidden, mark.location.line),
        (Some("title"), false, Some(5))
    );
    // Entities decoded; scripts not scanned.
    find(fs, Kind::BankCard, "6222021234567890128")?;
    assert!(
        fs.iter().all(|f| f.value.expose() != "13600136000"),
        "script scanned"
    );
    Ok(())
}

/// Excel 2016 "Save as Web page" written as `名单.xls`: GB2312, document properties in a
/// conditional comment, a title row spanning the table, a hidden row.
fn excel_html() -> Vec<u8> {
    let page = r##"<html xmlns:v="urn:schemas-microsoft-com:vml"
xmlns:o="urn:schemas-microsoft-com:office:office"
xmlns:x="urn:schemas-microsoft-com:office:excel"
xmlns="http://www.w3.org/TR/REC-html40">

<head>
<meta http-equiv=Content-Type content="text/html; charset=gb2312">
<meta name=ProgId content=Excel.Sheet>
<meta name=Generator content="Microsoft Excel 15">
<!--[if gte mso 9]><xml>
 <o:DocumentProperties>
  <o:Author>张科长 13912345678</o:Author>
  <o:LastAuthor>李四</o:LastAuthor>
  <o:Created>2024-01-01T00:00:00Z</o:Created>
  <o:Company>某县民政局</o:Company>
  <o:Version>16.00</o:Version>
 </o:DocumentProperties>
</xml><![endif]-->
<style>
<!--table
	{mso-displayed-decimal-separator:"\.";}
.xl65
	{mso-number-format:"\@";}
-->
</style>
<!--[if gte mso 9]><xml>
 <x:ExcelWorkbook>
  <x:ExcelWorksheets>
   <x:ExcelWorksheet>
    <x:Name>Sheet1</x:Name>
   </x:ExcelWorksheet>
  </x:ExcelWorksheets>
 </x:ExcelWorkbook>
</xml><![endif]-->
</head>

<body link="#0563C1" vlink="#954F72">

<table border=0 cellpadding=0 cellspacing=0 width=360 style='border-collapse:
 collapse;table-layout:fixed;width:270pt'>
 <col width=72 style='width:54pt'>
 <col width=144 style='mso-width-source:userset;width:108pt'>
 <col width=144 style='width:108pt'>
 <tr height=19 style='height:14.25pt'>
  <td colspan=3 height=19 width=360 style='height:14.25pt;width:270pt'>2024年低保对象名单</td>
 </tr>
 <tr height=19 style='height:14.25pt'>
  <td height=19 style='height:14.25pt'>姓名</td>
  <td class=xl65>身份证号</td>
  <td>联系电话</td>
 </tr>
 <tr height=19 style='height:14.25pt'>
  <td height=19 style='height:14.25pt'>王五</td>
  <td class=xl65>110101199003074514</td>
  <td align=right x:num>13800138000</td>
 </tr>
 <tr height=0 style='display:none'>
  <td height=0>赵六</td>
  <td class=xl65>430102198001010011</td>
  <td align=right x:num>13600136000</td>
 </tr>
 <![if supportMisalignedColumns]>
 <tr height=0 style='display:none'>
  <td width=72 style='width:54pt'></td>
  <td width=144 style='width:108pt'></td>
  <td width=144 style='width:108pt'></td>
 </tr>
 <![endif]>
</table>

</body>

</html>
"##;
    gbk(page)
}

#[test]
fn web_excel_html_xls_with_id_column() -> TestResult {
    let bytes = excel_html();
    let r = scan("低保名单.xls", &bytes)?;
    let fs = findings(&r)?;
    // Row 1 is the spanning title, row 2 the header, row 3 the first person.
    let id = find(fs, Kind::IdCard, "110101199003074514")?;
    assert_eq!(
        (
            id.location.row,
            id.location.col,
            id.location.cell.as_deref()
        ),
        (Some(3), Some(2), Some("B3"))
    );
    assert_eq!(
        (part(id), id.hidden, id.location.line),
        (Some("body"), false, Some(54))
    );
    let phone = find(fs, Kind::MobilePhone, "13800138000")?;
    assert_eq!(phone.location.col, Some(3));
    // The hidden row.
    let hidden = find(fs, Kind::IdCard, "430102198001010011")?;
    assert_eq!(
        (part(hidden), hidden.hidden, hidden.location.row),
        (Some("hidden_row"), true, Some(4))
    );
    // Document properties from the XML island.
    let author = find(fs, Kind::MobilePhone, "13912345678")?;
    assert_eq!((part(author), author.hidden), (Some("metadata"), true));
    assert_eq!(author.location.field.as_deref(), Some("Author"));
    assert_eq!(author.location.line, Some(12));

    // The text the detectors read: the header row right above the data rows.
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "低保名单.xls",
        encoding: None,
    };
    let doc = extract(&bytes, Format::Html, &ctx)?;
    assert!(
        doc.text.contains(
            "2024年低保对象名单\n姓名\t身份证号\t联系电话\n王五\t110101199003074514\t13800138000\n"
        ),
        "{:?}",
        doc.text
    );
    for field in ["Author", "LastAuthor", "Company"] {
        assert!(
            doc.segments
                .iter()
                .any(|s| s.loc.field.as_deref() == Some(field) && s.loc.part == Part::Metadata),
            "{field} missing"
        );
    }
    assert!(!doc.text.contains("16.00") && !doc.text.contains("Sheet1"));
    Ok(())
}

// ------------------------------------------------------------------------------------
// E-mail

fn b64(b: &[u8]) -> String {
    const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut s = String::new();
    for (n, ch) in b.chunks(3).enumerate() {
        if n > 0 && n % 19 == 0 {
            s.push_str("\r\n");
        }
        let v = ch.iter().fold(0u32, |a, &x| a << 8 | u32::from(x)) << (8 * (3 - ch.len()));
        for k in 0..=ch.len() {
            s.push(char::from(A[(v >> (18 - 6 * k) & 63) as usize]));
        }
        for _ in ch.len()..3 {
            s.push('=');
        }
    }
    s
}

/// A minimal Word package with one paragraph.
fn small_docx(text: &str) -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    use zip::write::SimpleFileOptions;
    let mut w = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    let files: [(&str, String); 3] = [
        (
            "[Content_Types].xml",
            r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>"#.into(),
        ),
        (
            "_rels/.rels",
            r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"#.into(),
        ),
        (
            "word/document.xml",
            format!(r#"<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"#),
        ),
    ];
    for (name, data) in files {
        w.start_file(name, opts)?;
        w.write_all(data.as_bytes())?;
    }
    Ok(w.finish()?.into_inner())
}

fn planted_mail() -> Result<Vec<u8>, Box<dyn std::error::Error>> {
    let mut m = Vec::new();
    m.extend_from_slice(b"Return-Path: <zhang@example.gov.cn>\r\n");
    m.extend_from_slice(
        format!(
            "From: =?GB2312?B?{}?= <zhang@example.gov.cn>\r\n",
            b64(&gbk("张科长"))
        )
        .as_bytes(),
    );
    m.extend_from_slice(b"To: office@example.gov.cn\r\n");
    m.extend_from_slice(
        format!(
            "Subject: =?GB2312?B?{}?=\r\n",
            b64(&gbk("请核对名单，经办人13700137000"))
        )
        .as_bytes(),
    );
    m.extend_from_slice(b"MIME-Version: 1.0\r\n");
    m.extend_from_slice(b"Content-Type: multipart/mixed; boundary=\"----=_NextPart_01\"\r\n\r\n");
    m.extend_from_slice(b"This is a multi-part message in MIME format.\r\n\r\n");
    // Line 10: the text part; its body starts on line 14, the phone is on line 15.
    m.extend_from_slice(b"------=_NextPart_01\r\n");
    m.extend_from_slice(b"Content-Type: text/plain; charset=\"gb2312\"\r\n");
    m.extend_from_slice(b"Content-Transfer-Encoding: 8bit\r\n\r\n");
    m.extend_from_slice(&gbk("各位同事：\r\n如有疑问请致电 13912345678。\r\n"));
    m.extend_from_slice(b"------=_NextPart_01\r\n");
    m.extend_from_slice(
        format!(
            "Content-Type: text/plain; name=\"=?GB2312?B?{}?=\"\r\n",
            b64(&gbk("名单.txt"))
        )
        .as_bytes(),
    );
    m.extend_from_slice(b"Content-Transfer-Encoding: base64\r\n");
    m.extend_from_slice(
        format!(
            "Content-Disposition: attachment; filename=\"=?GB2312?B?{}?=\"\r\n\r\n",
            b64(&gbk("名单.txt"))
        )
        .as_bytes(),
    );
    m.extend_from_slice(b64(&gbk("姓名\t身份证号\r\n王五\t110101199003074514\r\n")).as_bytes());
    m.extend_from_slice(b"\r\n------=_NextPart_01\r\n");
    m.extend_from_slice(
        b"Content-Type: application/vnd.openxmlformats-officedocument.wordprocessingml.document\r\n",
    );
    m.extend_from_slice(b"Content-Transfer-Encoding: base64\r\n");
    m.extend_from_slice(
        b"Content-Disposition: attachment;\r\n\tfilename*=UTF-8''%E9%80%9A%E7%9F%A5.docx\r\n\r\n",
    );
    m.extend_from_slice(b64(&small_docx("申请人身份证号 320106199208082455")?).as_bytes());
    m.extend_from_slice(b"\r\n------=_NextPart_01--\r\n");
    Ok(m)
}

#[test]
fn web_eml_headers_body_and_attachments() -> TestResult {
    let mail = planted_mail()?;
    let r = scan("来信.eml", &mail)?;
    let fs = findings(&r)?;
    let subject = find(fs, Kind::MobilePhone, "13700137000")?;
    assert_eq!((part(subject), subject.hidden), (Some("title"), false));
    assert_eq!(subject.location.field.as_deref(), Some("Subject"));
    assert_eq!(subject.location.line, Some(4));
    let body = find(fs, Kind::MobilePhone, "13912345678")?;
    assert_eq!((part(body), body.hidden), (Some("body"), false));
    assert_eq!(body.location.line, Some(15));
    // Preamble and the From display name are not body text.
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "来信.eml",
        encoding: None,
    };
    let doc: Document = extract(&mail, Format::Eml, &ctx)?;
    assert!(!doc.text.contains("multi-part message"));
    let from = doc
        .segments
        .iter()
        .find(|s| s.loc.field.as_deref() == Some("From"))
        .ok_or("no From")?;
    assert!(doc
        .text
        .get(from.start..from.end)
        .is_some_and(|t| t.starts_with("张科长")));
    let names: Vec<&str> = doc.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, vec!["名单.txt", "通知.docx"]);
    assert!(doc.members.iter().all(|m| m.hidden));

    // The text attachment: scanned as a member, the ID found and hidden.
    let txt = r
        .members
        .iter()
        .find(|m| m.path.ends_with("!/名单.txt"))
        .ok_or("no txt member")?;
    let id = find(findings(txt)?, Kind::IdCard, "110101199003074514")?;
    assert!(id.hidden);
    // The docx attachment: scanned once the docx reader is there.
    let docx = r
        .members
        .iter()
        .find(|m| m.path.ends_with("!/通知.docx"))
        .ok_or("no docx member")?;
    match &docx.outcome {
        Outcome::Scanned { findings, .. } => {
            let id = find(findings, Kind::IdCard, "320106199208082455")?;
            assert!(id.hidden);
        }
        Outcome::Error(e) => assert!(e.contains("not implemented"), "{e}"),
        Outcome::Skipped(s) => return Err(format!("docx skipped: {s}").into()),
    }
    Ok(())
}

#[test]
fn web_mhtml_and_html_alternative() -> TestResult {
    let html = gbk("<html><body><p>申请人 11010519491231002X</p></body></html>");
    let mut m = Vec::new();
    m.extend_from_slice(
        b"From: <Saved by Windows Internet Explorer 8>\r\nSubject: page\r\nMIME-Version: 1.0\r\n",
    );
    m.extend_from_slice(b"Content-Type: multipart/related; type=\"text/html\"; boundary=\"----=_NextPart_000\"\r\n\r\n");
    m.extend_from_slice(b"------=_NextPart_000\r\nContent-Type: text/html; charset=\"gb2312\"\r\nContent-Transfer-Encoding: quoted-printable\r\nContent-Location: http://example.gov.cn/a.htm\r\n\r\n");
    let mut qp = String::new();
    for (n, b) in html.iter().enumerate() {
        if n > 0 && n % 25 == 0 {
            qp.push_str("=\r\n");
        }
        if b.is_ascii_alphanumeric() || *b == b' ' {
            qp.push(char::from(*b));
        } else {
            qp.push_str(&format!("={b:02X}"));
        }
    }
    m.extend_from_slice(qp.as_bytes());
    m.extend_from_slice(b"\r\n------=_NextPart_000--\r\n");
    let r = scan("页面.mht", &m)?;
    let all = all_findings(&r);
    let (path, id) = all
        .iter()
        .find(|(_, f)| f.kind == Kind::IdCard)
        .ok_or("no id in the mht page")?;
    assert!(path.ends_with("!/body.html"), "{path}");
    assert_eq!(
        (part(id), id.hidden, id.location.line),
        (Some("body"), false, Some(1))
    );
    Ok(())
}

// ------------------------------------------------------------------------------------
// RTF

fn hex(s: &str) -> String {
    gbk(s).iter().map(|b| format!("\\'{b:02x}")).collect()
}

fn planted_rtf() -> String {
    [
        "{\\rtf1\\ansi\\ansicpg936\\deff0\\deflang1033\\deflangfe2052".to_string(),
        format!(
            "{{\\fonttbl{{\\f0\\fnil\\fcharset134 {};}}{{\\f1\\fswiss\\fcharset0 Arial;}}}}",
            hex("宋体")
        ),
        "{\\colortbl ;\\red0\\green0\\blue0;}".into(),
        format!(
            "{{\\info{{\\author {}}}{{\\operator 13600136000}}{{\\*\\company {}}}}}",
            hex("张科长"),
            hex("某县民政局")
        ),
        // Line 5, paragraph 1: GBK \'hh text.
        format!("\\pard\\plain\\f0 {}\\par", hex("联系电话：13800138000")),
        // Line 6, paragraph 2: \uN Chinese with \'hh fallbacks skipped.
        "\\pard{\\uc2\\u30003\\'c9\\'ea\\u35831\\'c7\\'eb\\u20154\\'c8\\'cb} 320106199208082455\\par".into(),
        // Lines 7-10: a table with a 身份证号 header.
        "\\trowd\\cellx2000\\cellx5000".into(),
        format!("\\pard\\intbl {}\\cell {}\\cell\\row", hex("姓名"), hex("身份证号")),
        "\\trowd\\cellx2000\\cellx5000".into(),
        format!("\\pard\\intbl {}\\cell 110101199003074514\\cell\\row", hex("王五")),
        // Line 11: hidden text.
        format!(
            "\\pard {}{{\\v {} 11010519491231002X}}\\par",
            hex("正文"),
            hex("隐藏")
        ),
        // Line 12: an annotation.
        "{\\*\\atnid LS}{\\*\\atnauthor Li Si}\\chatn{\\*\\annotation\\pard\\plain call 13912345678}\\par"
            .into(),
        "}".into(),
    ]
    .join("\n")
}

#[test]
fn web_rtf_doc_channels() -> TestResult {
    let rtf = planted_rtf();
    let r = scan("通知.doc", rtf.as_bytes())?;
    let fs = findings(&r)?;
    let phone = find(fs, Kind::MobilePhone, "13800138000")?;
    assert_eq!((part(phone), phone.hidden), (Some("body"), false));
    assert_eq!(
        (phone.location.paragraph, phone.location.line),
        (Some(1), Some(5))
    );
    let uid = find(fs, Kind::IdCard, "320106199208082455")?;
    assert_eq!(
        (uid.location.paragraph, uid.location.line),
        (Some(2), Some(6))
    );
    let cell = find(fs, Kind::IdCard, "110101199003074514")?;
    assert_eq!(
        (cell.location.row, cell.location.col, cell.location.line),
        (Some(2), Some(2), Some(10))
    );
    let hidden = find(fs, Kind::IdCard, "11010519491231002X")?;
    assert_eq!((part(hidden), hidden.hidden), (Some("hidden_text"), true));
    assert_eq!(hidden.location.line, Some(11));
    let note = find(fs, Kind::MobilePhone, "13912345678")?;
    assert_eq!((part(note), note.hidden), (Some("comment"), true));
    assert_eq!(note.location.field.as_deref(), Some("Li Si"));
    let operator = find(fs, Kind::MobilePhone, "13600136000")?;
    assert_eq!((part(operator), operator.hidden), (Some("metadata"), true));
    assert_eq!(operator.location.field.as_deref(), Some("operator"));

    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "通知.doc",
        encoding: None,
    };
    let doc = extract(rtf.as_bytes(), Format::Rtf, &ctx)?;
    assert!(
        doc.text.contains("申请人 320106199208082455"),
        "{:?}",
        doc.text
    );
    assert!(
        doc.text
            .contains("姓名\t身份证号\n王五\t110101199003074514\n"),
        "{:?}",
        doc.text
    );
    assert!(doc.text.contains("某县民政局") && doc.text.contains("张科长"));
    assert!(!doc.text.contains("宋体") && !doc.text.contains("Arial"));
    Ok(())
}

// ------------------------------------------------------------------------------------
// Hostile

#[test]
fn web_hostile_inputs_end_in_records() -> TestResult {
    // RTF nested past the bound: a limit error, not a crash.
    let deep = format!("{{\\rtf1 {}", "{\\b ".repeat(100_000));
    let r = scan("deep.rtf", deep.as_bytes())?;
    match &r.outcome {
        Outcome::Error(e) => assert!(e.contains("nested"), "{e}"),
        other => return Err(format!("deep RTF: {other:?}").into()),
    }
    // Truncated RTF with no text: damaged, not an empty success.
    let r = scan("cut.rtf", b"{\\rtf1\\ansi{\\fonttbl{\\f0 Arial;}")?;
    assert!(
        matches!(&r.outcome, Outcome::Error(e) if e.contains("truncated")),
        "{:?}",
        r.outcome
    );
    // Truncated RTF with text: scanned, plus a member error saying it is truncated.
    let r = scan(
        "cut2.rtf",
        b"{\\rtf1\\ansi \\pard 13800138000\\par {\\b more",
    )?;
    find(findings(&r)?, Kind::MobilePhone, "13800138000")?;
    assert!(r
        .members
        .iter()
        .any(|m| matches!(&m.outcome, Outcome::Error(e) if e.contains("truncated"))));
    // HTML magic then garbage, deep nesting and unterminated constructs: scanned.
    let mut junk = b"<html><body>".to_vec();
    junk.extend((0..20_000u32).map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8 | 1));
    junk.extend_from_slice("<div>".repeat(30_000).as_bytes());
    junk.extend_from_slice(b"<p>13800138000<!-- <td colspan=999999999 ");
    let r = scan("junk.html", &junk)?;
    assert!(
        matches!(r.outcome, Outcome::Scanned { .. }),
        "{:?}",
        r.outcome
    );
    // A mail whose last part never closes, and one nested 200 deep: read, bounded.
    let open = b"From: a@b.cn\r\nSubject: x\r\nContent-Type: multipart/mixed; boundary=q\r\n\r\n--q\r\n\r\n13800138000\r\n";
    let r = scan("open.eml", open)?;
    find(findings(&r)?, Kind::MobilePhone, "13800138000")?;
    let mut nested = String::from("From: a@b.cn\r\nSubject: deep\r\n");
    for i in 0..200 {
        nested.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
        ));
    }
    let r = scan("nested.eml", nested.as_bytes())?;
    assert!(matches!(r.outcome, Outcome::Scanned { .. }));
    assert!(r
        .members
        .iter()
        .any(|m| matches!(&m.outcome, Outcome::Error(e) if e.contains("nested"))));
    Ok(())
}

// ------------------------------------------------------------------------------------
// Zoo

fn zoo() -> Option<PathBuf> {
    let dir = std::env::var_os("BAOMI_ZOO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/zoo"));
    match dir.canonicalize() {
        Ok(dir) if dir.is_dir() => Some(dir),
        _ => {
            eprintln!("SKIP zoo absent ({})", dir.display());
            None
        }
    }
}

/// The segment containing `needle` and the line/column of `needle` in it.
fn located(doc: &Document, needle: &str) -> Option<(u64, u64)> {
    let at = doc.text.find(needle)?;
    let seg = doc.segment_at(at)?;
    let before = doc.text.get(seg.start..at)?;
    let (line, col) = (seg.loc.line?, seg.loc.column?);
    Some(match before.rfind('\n') {
        Some(nl) => (
            line + before.matches('\n').count() as u64,
            before.get(nl + 1..)?.chars().count() as u64 + 1,
        ),
        None => (line, col + before.chars().count() as u64),
    })
}

#[test]
fn web_zoo_html_and_mail() -> TestResult {
    let Some(zoo) = zoo() else { return Ok(()) };
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "zoo",
        encoding: None,
    };
    for (name, text, line, column) in [
        ("html/testHTMLNoisyMetaEncoding_1.html", "أعرب", 66, 71),
        (
            "html/testHTML_charset_utf16le.html",
            "This is a sample text",
            7,
            9,
        ),
    ] {
        let path = zoo.join(name);
        let Ok(bytes) = std::fs::read(&path) else {
            eprintln!("SKIP {name} absent from the zoo");
            continue;
        };
        let doc = extract(&bytes, Format::Html, &ctx)?;
        assert!(!doc.text.contains('\u{fffd}'), "{name}: {:?}", doc.text);
        assert_eq!(
            located(&doc, text),
            Some((line, column)),
            "{name}: {:?}",
            doc.text
        );
    }
    let name = "mail/testRFC822_multipart_attachments.eml";
    match std::fs::read(zoo.join(name)) {
        Err(_) => eprintln!("SKIP {name} absent from the zoo"),
        Ok(bytes) => {
            let doc = extract(&bytes, Format::Eml, &ctx)?;
            assert!(
                doc.text.contains("This is test email for EML1"),
                "{:?}",
                doc.text
            );
            let member = |n: &str| {
                doc.members
                    .iter()
                    .find(|m| m.name == n)
                    .and_then(|m| m.content.as_ref().ok())
                    .ok_or(format!("{n} missing"))
            };
            let html = member("body.html")?;
            let html_doc = extract(html, Format::Html, &ctx)?;
            assert!(html_doc
                .text
                .contains("This is the html body of the main msg."));
            let txt = member("Test TxtA.txt")?;
            assert!(String::from_utf8_lossy(txt).contains("This is Test TXTA File for parser"));
            member("Test TxtB.txt")?;
            // End to end: both attachments and the html body are scanned as members.
            let r = scan(name, &bytes)?;
            assert!(matches!(r.outcome, Outcome::Scanned { .. }));
            let scanned = r
                .members
                .iter()
                .filter(|m| matches!(m.outcome, Outcome::Scanned { .. }))
                .count();
            assert_eq!(scanned, 3, "{:?}", r.members);
        }
    }
    Ok(())
}
