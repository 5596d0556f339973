//! E-mail messages (`.eml`) and MIME web archives (`.mht`, `.mhtml`).
//!
//! Headers are read with `mailparse` (RFC 2047 encoded words in any charset `encoding_rs`
//! knows; raw 8-bit GBK headers are decoded too); the MIME tree is walked here, with its
//! own bounds (parts count, nesting depth, decoded bytes through the shared budget), and
//! transfer encodings are undone leniently so a damaged part is still read.
//!
//! What is emitted:
//! * `From`, `To`, `Cc`, `Bcc`, `Reply-To`, `Sender`, `Organization` as metadata
//!   (`field` = header name) and `Subject` as the title, each with the line of its value in
//!   the file;
//! * `text/plain` bodies as body text. Line numbers are those of the file when the part is
//!   not transfer-encoded, and lines of the decoded body when it is base64 or
//!   quoted-printable (a reviewer cannot read those lines in the file anyway);
//! * `text/html` bodies as members (`body.html`, then `part-N.html`), transcoded to UTF-8
//!   with a BOM when the part declares its charset, not hidden;
//! * attachments and inline files as hidden members under their decoded file names (RFC 2231
//!   and RFC 2047), their names as file-name segments; nested messages as `*.eml` members.
//!
//! A part that cannot be decoded becomes a member error; the rest of the mail is still read.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};
use mailparse::{parse_content_disposition, parse_content_type, parse_headers, MailHeader};

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::text;
use super::Ctx;

/// MIME nesting beyond this is refused (a part error), bounding recursion.
const MAX_MIME_DEPTH: u32 = 32;

/// Headers reported (name as written in the report).
const HEADERS: &[&str] = &[
    "From",
    "To",
    "Cc",
    "Bcc",
    "Reply-To",
    "Sender",
    "Organization",
    "Subject",
];

/// Extracts an e-mail message or MHTML archive.
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("eml", ctx.budget.limits.max_text_bytes);
    let mut m = Mail {
        top: bytes,
        newlines: memchr::memchr_iter(b'\n', bytes).collect(),
        ctx,
        parts: 0,
        html_bodies: 0,
        stopped: false,
    };
    m.walk(&mut b, 0, bytes.len(), 0, false)?;
    Ok(b.finish())
}

struct Mail<'a, 'c> {
    top: &'a [u8],
    /// Positions of `\n` in `top` (source line numbers).
    newlines: Vec<usize>,
    ctx: &'c Ctx<'c>,
    parts: usize,
    html_bodies: usize,
    /// A bound was hit: no further parts are read (already reported).
    stopped: bool,
}

/// A part's transfer encoding.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Transfer {
    Identity,
    Base64,
    QuotedPrintable,
}

impl<'a> Mail<'a, '_> {
    /// 1-based line and column (in bytes) of a position of the file.
    fn line_col(&self, pos: usize) -> (u64, u64) {
        let before = self.newlines.partition_point(|&n| n < pos);
        let line_start = match before.checked_sub(1) {
            Some(i) => self.newlines.get(i).map_or(0, |&n| n + 1),
            None => 0,
        };
        (before as u64 + 1, pos.saturating_sub(line_start) as u64 + 1)
    }

    /// Position of a slice of the file (header values borrow from it).
    fn offset_of(&self, sub: &[u8]) -> Option<usize> {
        let off = (sub.as_ptr() as usize).checked_sub(self.top.as_ptr() as usize)?;
        (off <= self.top.len()).then_some(off)
    }

    /// Reads the part `top[start..end]`.
    fn walk(
        &mut self,
        b: &mut DocumentBuilder,
        start: usize,
        end: usize,
        depth: u32,
        in_digest: bool,
    ) -> Result<(), ExtractError> {
        if self.stopped {
            return Ok(());
        }
        self.ctx.budget.check_time()?;
        self.parts += 1;
        let part_no = self.parts;
        if self.parts > self.ctx.budget.limits.max_members {
            self.stopped = true;
            b.member(
                format!("part-{part_no}"),
                Err(ExtractError::Limit(format!(
                    "more than {} MIME parts: the rest of the message is not read",
                    self.ctx.budget.limits.max_members
                ))),
                true,
            );
            return Ok(());
        }
        if depth > MAX_MIME_DEPTH {
            b.member(
                format!("part-{part_no}"),
                Err(ExtractError::Limit(format!(
                    "MIME parts nested more than {MAX_MIME_DEPTH} levels deep: not read"
                ))),
                true,
            );
            return Ok(());
        }
        let raw = self.top.get(start..end).unwrap_or(&[]);
        let (headers, body_at) = match parse_headers(raw) {
            Ok(h) => h,
            Err(e) => {
                if depth == 0 {
                    // Unreadable headers: read the whole file as text, say so.
                    let text = text::decode_all(raw, self.ctx.encoding);
                    b.push(&text, Loc::part(Part::Body).with_line(1, 1))?;
                }
                b.member(
                    format!("part-{part_no} (headers)"),
                    Err(ExtractError::Corrupt(format!("MIME headers: {e}"))),
                    true,
                );
                return Ok(());
            }
        };
        let body_start = start + body_at.min(raw.len());
        if depth == 0 {
            self.headers(b, &headers)?;
        }
        let ctype = header(&headers, "Content-Type").map(|v| parse_content_type(&v));
        let mimetype = match &ctype {
            Some(c) => c.mimetype.clone(),
            None if in_digest => "message/rfc822".to_string(),
            None => "text/plain".to_string(),
        };
        let boundary = ctype
            .as_ref()
            .and_then(|c| c.params.get("boundary"))
            .filter(|b| !b.is_empty());
        if mimetype.starts_with("multipart/") {
            if let Some(boundary) = boundary {
                let digest = mimetype == "multipart/digest";
                let delim = format!("--{boundary}");
                let parts = split_multipart(self.top, body_start, end, delim.as_bytes());
                for (s, e) in parts {
                    self.walk(b, s, e, depth + 1, digest)?;
                    b.end_block();
                    if self.stopped {
                        break;
                    }
                }
                return Ok(());
            }
        }
        self.leaf(
            b,
            &headers,
            ctype.as_ref(),
            &mimetype,
            body_start,
            end,
            part_no,
        )
    }

    fn headers(&self, b: &mut DocumentBuilder, headers: &[MailHeader]) -> Result<(), ExtractError> {
        for h in headers {
            let key = h.get_key();
            let Some(name) = HEADERS.iter().find(|n| n.eq_ignore_ascii_case(key.trim())) else {
                continue;
            };
            let value = header_value(h);
            let value = value.trim();
            let loc = if *name == "Subject" {
                Loc::part(Part::Title).with_field(name)
            } else {
                Loc::metadata(name)
            };
            let loc = match self.offset_of(h.get_value_raw()) {
                Some(off) => {
                    // Skip the blanks after the colon.
                    let lead = h
                        .get_value_raw()
                        .iter()
                        .take_while(|b| matches!(b, b' ' | b'\t'))
                        .count();
                    let (l, c) = self.line_col(off + lead);
                    loc.with_line(l, c)
                }
                None => loc,
            };
            b.push(value, loc)?;
        }
        b.end_block();
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    fn leaf(
        &mut self,
        b: &mut DocumentBuilder,
        headers: &[MailHeader],
        ctype: Option<&mailparse::ParsedContentType>,
        mimetype: &str,
        body_start: usize,
        end: usize,
        part_no: usize,
    ) -> Result<(), ExtractError> {
        let body = self.top.get(body_start..end).unwrap_or(&[]);
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let disposition =
            header(headers, "Content-Disposition").map(|v| parse_content_disposition(&v));
        let attachment = disposition
            .as_ref()
            .is_some_and(|d| d.disposition == mailparse::DispositionType::Attachment);
        let filename = disposition
            .as_ref()
            .and_then(|d| d.params.get("filename"))
            .or_else(|| ctype.and_then(|c| c.params.get("name")))
            .and_then(|n| clean_name(n));
        let charset = ctype
            .and_then(|c| c.params.get("charset"))
            .map(String::as_str);
        let transfer = match header(headers, "Content-Transfer-Encoding")
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("base64") => Transfer::Base64,
            Some("quoted-printable") => Transfer::QuotedPrintable,
            _ => Transfer::Identity,
        };
        let decoded = match transfer {
            Transfer::Identity => body.to_vec(),
            Transfer::Base64 => base64_lenient(body),
            Transfer::QuotedPrintable => quoted_printable_lenient(body),
        };
        if let Err(e) = self.ctx.budget.spend(decoded.len() as u64) {
            self.stopped = true;
            b.member(
                filename.unwrap_or_else(|| format!("part-{part_no}")),
                Err(e),
                true,
            );
            return Ok(());
        }
        if let Some(name) = &filename {
            b.push(name, Loc::part(Part::FileName).with_field("attachment"))?;
        }
        let is_file = attachment || filename.is_some();
        match mimetype {
            "text/plain" if !is_file => {
                let text = decode_text(&decoded, charset, self.ctx.encoding).replace("\r\n", "\n");
                let (line, col) = if transfer == Transfer::Identity {
                    self.line_col(body_start)
                } else {
                    (1, 1)
                };
                b.push(&text, Loc::part(Part::Body).with_line(line, col))?;
            }
            "text/html" if !is_file => {
                self.html_bodies += 1;
                let name = if self.html_bodies == 1 {
                    "body.html".to_string()
                } else {
                    format!("part-{part_no}.html")
                };
                let bytes = match charset {
                    Some(cs) => {
                        let text = decode_text(&decoded, Some(cs), self.ctx.encoding);
                        let mut out = Vec::with_capacity(text.len() + 3);
                        out.extend_from_slice(b"\xEF\xBB\xBF");
                        out.extend_from_slice(text.as_bytes());
                        out
                    }
                    None => decoded,
                };
                b.member(name, Ok(bytes), false);
            }
            "message/rfc822" | "message/global" => {
                let name = match filename {
                    Some(n) => n,
                    None => format!("part-{part_no}.eml"),
                };
                b.member(name, Ok(decoded), true);
            }
            _ => {
                let name = match filename {
                    Some(n) => n,
                    None => format!("part-{part_no}.{}", extension_for(mimetype)),
                };
                b.member(name, Ok(decoded), true);
            }
        }
        Ok(())
    }
}

/// The first header named `name`, decoded.
fn header(headers: &[MailHeader], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| h.get_key().trim().eq_ignore_ascii_case(name))
        .map(header_value)
}

/// A header value with RFC 2047 words decoded and folding undone. Raw 8-bit values that are
/// not UTF-8 (Chinese mailers write GBK straight into headers) are decoded as GB18030, or
/// detected, instead of Latin-1.
fn header_value(h: &MailHeader) -> String {
    let raw = h.get_value_raw();
    if raw.is_ascii() || std::str::from_utf8(raw).is_ok() {
        return h.get_value();
    }
    let decoded = match GB18030.decode_without_bom_handling_and_without_replacement(raw) {
        Some(s) => s.into_owned(),
        None => text::decode_all(raw, None),
    };
    let line = format!("X: {decoded}");
    match mailparse::parse_header(line.as_bytes()) {
        Ok((parsed, _)) => parsed.get_value(),
        Err(_) => decoded,
    }
}

/// Decodes text with the declared charset (GBK as GB18030); an unknown, missing or wrong
/// (`us-ascii` on 8-bit data, UTF-8 that is not) charset falls back to detection.
fn decode_text(bytes: &[u8], charset: Option<&str>, forced: Option<&'static Encoding>) -> String {
    let declared = charset.and_then(|c| Encoding::for_label(c.trim().trim_matches('"').as_bytes()));
    let is_ascii_label = charset.is_some_and(|c| {
        let c = c.trim().to_ascii_lowercase();
        c == "us-ascii" || c == "ascii"
    });
    match declared {
        Some(enc) if !is_ascii_label => {
            if enc == UTF_8 && std::str::from_utf8(bytes).is_err() {
                return text::decode_all(bytes, forced);
            }
            let enc = if enc == GBK { GB18030 } else { enc };
            enc.decode_without_bom_handling(bytes).0.into_owned()
        }
        _ if bytes.is_ascii() => String::from_utf8_lossy(bytes).into_owned(),
        _ => text::decode_all(bytes, forced),
    }
}

/// A file name fit for a member path: the last path component, trimmed.
fn clean_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let t = last.trim().trim_matches('"').trim();
    let t: String = t.chars().filter(|c| !c.is_control()).take(255).collect();
    (!t.is_empty() && t != "." && t != "..").then_some(t)
}

fn extension_for(mimetype: &str) -> &'static str {
    match mimetype {
        "text/plain" => "txt",
        "text/html" => "html",
        "text/csv" => "csv",
        "text/xml" | "application/xml" => "xml",
        "application/pdf" => "pdf",
        "application/msword" => "doc",
        "application/rtf" | "text/rtf" => "rtf",
        "application/zip" => "zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.ms-excel" => "xls",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        _ => "bin",
    }
}

/// The parts of a multipart body `top[start..end]` between delimiter lines `delim`
/// (`--boundary`) as ranges of `top`: the preamble and epilogue are dropped, the line
/// break before each delimiter belongs to the delimiter. A missing close delimiter ends
/// the last part at the end.
fn split_multipart(top: &[u8], start: usize, end: usize, delim: &[u8]) -> Vec<(usize, usize)> {
    let body = top.get(start..end).unwrap_or(&[]);
    let mut delims = memchr::memmem::find_iter(body, delim)
        .filter(|&i| i == 0 || body.get(i - 1) == Some(&b'\n'))
        .peekable();
    let mut parts = Vec::new();
    while let Some(d) = delims.next() {
        let after = d + delim.len();
        if body.get(after..after + 2) == Some(b"--") {
            break;
        }
        let part_start = match memchr::memchr(b'\n', body.get(after..).unwrap_or(&[])) {
            Some(k) => after + k + 1,
            None => break,
        };
        let part_end = match delims.peek() {
            Some(&next) => {
                let mut e = next;
                if e > part_start && body.get(e - 1) == Some(&b'\n') {
                    e -= 1;
                    if e > part_start && body.get(e - 1) == Some(&b'\r') {
                        e -= 1;
                    }
                }
                e
            }
            None => body.len(),
        };
        if part_end >= part_start {
            parts.push((start + part_start, start + part_end));
        }
    }
    parts
}

/// Base64 that skips what is not in the alphabet (line breaks, stray characters) and
/// restarts after padding (concatenated encodings).
fn base64_lenient(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &c in input {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                acc = 0;
                bits = 0;
                continue;
            }
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable: `=XX` bytes and soft line breaks; anything malformed is kept as is.
fn quoted_printable_lenient(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&c) = input.get(i) {
        if c != b'=' {
            out.push(c);
            i += 1;
            continue;
        }
        match (input.get(i + 1), input.get(i + 2)) {
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(h) << 4 | hex(l));
                i += 3;
            }
            _ => {
                // `=` followed by blanks up to the line end is a soft break too.
                let rest = input.get(i + 1..).unwrap_or(&[]);
                let blanks = rest
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t'))
                    .count();
                match rest.get(blanks) {
                    Some(b'\n') => i += 2 + blanks,
                    Some(b'\r') if rest.get(blanks + 1) == Some(&b'\n') => i += 3 + blanks,
                    _ => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

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
}
