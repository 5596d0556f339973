//! Tests of the mail reader: transfer decoders, GBK headers and bodies, RFC 2231 names,
//! alternative HTML bodies, nested messages, bounds and garbage input.

use super::transfer::{base64_lenient, quoted_printable_lenient};
use super::*;
use crate::extract::document::{Loc, Part};
use crate::extract::limits::{Budget, Limits};
use encoding_rs::GBK;

fn run(bytes: &[u8]) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "m.eml",
        encoding: None,
    };
    extract(bytes, &ctx)
}

fn seg<'d>(doc: &'d Document, needle: &str) -> Option<(&'d str, &'d Loc)> {
    doc.segments
        .iter()
        .map(|s| (doc.text.get(s.start..s.end).unwrap_or(""), &s.loc))
        .find(|(t, _)| t.contains(needle))
}

#[test]
fn transfer_decoders() {
    assert_eq!(base64_lenient(b"aGVs\r\nbG8=\r\n"), b"hello");
    assert_eq!(base64_lenient(b"aGk=aGk="), b"hihi");
    assert_eq!(quoted_printable_lenient(b"a=3Db=\r\nc=ZZ=\n"), b"a=bc=ZZ");
}

#[test]
fn gbk_headers_body_and_parts() -> Result<(), ExtractError> {
    let (gbk_subject, _, _) = GBK.encode("关于张三的通知");
    let b64 = |b: &[u8]| {
        const A: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
        let mut s = String::new();
        for ch in b.chunks(3) {
            let n = ch.iter().fold(0u32, |a, &x| a << 8 | u32::from(x)) << (8 * (3 - ch.len()));
            for k in 0..=ch.len() {
                s.push(A[(n >> (18 - 6 * k) & 63) as usize] as char);
            }
            for _ in ch.len()..3 {
                s.push('=');
            }
        }
        s
    };
    let (body, _, _) = GBK.encode("您好：\r\n联系电话 13800138000。\r\n");
    let mut mail = Vec::new();
    mail.extend_from_slice(b"From: =?GB2312?B?");
    mail.extend_from_slice(b64(&GBK.encode("李四").0).as_bytes());
    mail.extend_from_slice(b"?= <li@example.cn>\r\nSubject: =?GB2312?B?");
    mail.extend_from_slice(b64(&gbk_subject).as_bytes());
    mail.extend_from_slice(b"?=\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"XX\"\r\n\r\npreamble\r\n--XX\r\nContent-Type: text/plain; charset=gb2312\r\nContent-Transfer-Encoding: 8bit\r\n\r\n");
    mail.extend_from_slice(&body);
    mail.extend_from_slice(b"--XX\r\nContent-Type: text/plain; name=\"=?GB2312?B?");
    mail.extend_from_slice(b64(&GBK.encode("名单.txt").0).as_bytes());
    mail.extend_from_slice(
        b"?=\"\r\nContent-Disposition: attachment\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    mail.extend_from_slice(b64("身份证号 110101199003074514\n".as_bytes()).as_bytes());
    mail.extend_from_slice(b"\r\n--XX--\r\nepilogue\r\n");
    let doc = run(&mail)?;
    let (t, loc) = seg(&doc, "关于").ok_or(ExtractError::Corrupt("subject".into()))?;
    assert_eq!(t, "关于张三的通知");
    assert_eq!(
        (loc.part, loc.line, loc.column),
        (Part::Title, Some(2), Some(10))
    );
    let (_, loc) = seg(&doc, "李四").ok_or(ExtractError::Corrupt("from".into()))?;
    assert_eq!(
        (loc.part, loc.field.as_deref()),
        (Part::Metadata, Some("From"))
    );
    let (t, loc) = seg(&doc, "13800138000").ok_or(ExtractError::Corrupt("body".into()))?;
    assert!(t.starts_with("您好：\n联系电话"), "{t:?}");
    assert_eq!(
        (loc.part, loc.line, loc.column),
        (Part::Body, Some(11), Some(1))
    );
    assert!(!doc.text.contains("preamble") && !doc.text.contains("epilogue"));
    assert_eq!(doc.members.len(), 1);
    let m = doc
        .members
        .first()
        .ok_or(ExtractError::Corrupt("member".into()))?;
    assert_eq!(m.name, "名单.txt");
    assert!(m.hidden);
    assert_eq!(
        m.content.as_deref().ok(),
        Some("身份证号 110101199003074514\n".as_bytes())
    );
    Ok(())
}

#[test]
fn rfc2231_names_html_alternative_and_nested() -> Result<(), ExtractError> {
    let mail = "From: a@b.cn\r\nContent-Type: multipart/mixed; boundary=o\r\n\r\n\
        --o\r\nContent-Type: multipart/alternative; boundary=i\r\n\r\n\
        --i\r\nContent-Type: text/plain\r\n\r\nplain\r\n\
        --i\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>html</p>\r\n--i--\r\n\
        --o\r\nContent-Type: application/octet-stream\r\n\
        Content-Disposition: attachment; filename*=UTF-8''%E5%90%8D%E5%8D%95.xls\r\n\r\nxx\r\n\
        --o\r\nContent-Type: message/rfc822\r\n\r\nFrom: c@d.cn\r\nSubject: inner\r\n\r\nbody\r\n\
        --o--\r\n";
    let doc = run(mail.as_bytes())?;
    let names: Vec<(&str, bool)> = doc
        .members
        .iter()
        .map(|m| (m.name.as_str(), m.hidden))
        .collect();
    assert_eq!(
        names,
        vec![
            ("body.html", false),
            ("名单.xls", true),
            ("part-6.eml", true)
        ]
    );
    let html = doc.members.first().and_then(|m| m.content.as_ref().ok());
    assert_eq!(html.map(|h| h.starts_with(b"\xEF\xBB\xBF<p>")), Some(true));
    assert!(seg(&doc, "plain").is_some());
    Ok(())
}

#[test]
fn bounds_and_garbage() -> Result<(), ExtractError> {
    // Deep nesting: refused as a part error, no stack overflow.
    let mut mail = String::from("From: a@b.cn\r\n");
    for i in 0..200 {
        mail.push_str(&format!(
            "Content-Type: multipart/mixed; boundary=b{i}\r\n\r\n--b{i}\r\n"
        ));
    }
    mail.push_str("\r\ndeep\r\n");
    let doc = run(mail.as_bytes())?;
    assert!(doc
        .members
        .iter()
        .any(|m| matches!(&m.content, Err(ExtractError::Limit(_)))));
    // Many parts: bounded by max_members.
    let mut many =
        String::from("From: a@b.cn\r\nContent-Type: multipart/mixed; boundary=z\r\n\r\n");
    for _ in 0..50 {
        many.push_str("--z\r\n\r\nx\r\n");
    }
    let budget = Budget::new(Limits {
        max_members: 10,
        ..Limits::default()
    });
    let ctx = Ctx {
        budget: &budget,
        name: "m.eml",
        encoding: None,
    };
    let doc = extract(many.as_bytes(), &ctx)?;
    assert!(doc
        .members
        .iter()
        .any(|m| matches!(&m.content, Err(ExtractError::Limit(_)))));
    for junk in [
        &b"From: a\r\n\rx"[..],
        b"",
        b"From:",
        b"Subject: =?gb2312?B?!!!?=\r\n\r\n",
    ] {
        run(junk)?;
    }
    Ok(())
}

#[test]
fn a_line_that_only_starts_with_the_boundary_is_content() {
    let top = b"--XX\r\nContent-Type: text/plain\r\n\r\nline one\r\n--XX-1 is not a delimiter\r\n--XX--\r\n";
    let parts = super::walk::split_multipart_for_test(top, b"--XX");
    assert_eq!(parts.len(), 1, "{parts:?}");
    let (s, e) = parts[0];
    let part = std::str::from_utf8(&top[s..e]).unwrap();
    assert!(part.contains("--XX-1 is not a delimiter"), "{part:?}");
}
