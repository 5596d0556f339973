//! The HTTP message of a WARC `response` record (`application/http; msgtype=response`):
//! the status line and headers as the server sent them, then the body as it went over
//! the wire. Crawlers store it raw, so the transfer coding (`chunked`) and the content
//! coding (`gzip`, `deflate`) are undone here; some tools store the body already decoded
//! but keep the headers, so a body that does not look encoded is taken as it is.
//!
//! Only 2xx bodies are documents. Anything else (a redirect, an error page, 304) is
//! reported as a skipped record with its status, so every captured URL is accounted for.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};
use flate2::read::{DeflateDecoder, MultiGzDecoder, ZlibDecoder};

use crate::extract::limits::{Budget, ExtractError};

/// The most the status line and headers of one response may take.
pub const MAX_HEAD_BYTES: usize = 256 << 10;
/// The most header lines of one response.
const MAX_HEAD_LINES: usize = 1024;

/// A response's status line and headers.
#[derive(Debug)]
pub struct Head {
    pub status: u16,
    pub reason: String,
    headers: Vec<(String, String)>,
    /// Where the body starts in the record block.
    pub body_start: usize,
}

impl Head {
    /// The first header called `name` (case-insensitive).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

/// What a response record holds.
#[derive(Debug)]
pub enum Payload {
    /// A 2xx body with its codings undone; `partial` says why it may be incomplete.
    Body {
        bytes: Vec<u8>,
        partial: Option<String>,
    },
    /// Not a document (a redirect, an error page, 304): why, with the status.
    Status(String),
}

/// Reads the response in `block`: 2xx bodies decoded, other statuses described.
/// `forced` is `--encoding` (it wins over the HTTP charset).
pub fn payload(
    block: &[u8],
    budget: &Budget,
    forced: Option<&'static Encoding>,
) -> Result<Payload, ExtractError> {
    let head = final_head(block).map_err(ExtractError::Corrupt)?;
    if !(200..300).contains(&head.status) {
        return Ok(Payload::Status(describe(&head)));
    }
    let raw = block.get(head.body_start..).unwrap_or(&[]);
    let (mut bytes, mut partial) = (raw.to_vec(), None);
    let transfer = codings(head.get("Transfer-Encoding"));
    for coding in transfer.iter().rev() {
        if coding == "chunked" {
            let (body, cut) = dechunk(&bytes).map_err(ExtractError::Corrupt)?;
            bytes = body;
            partial = partial.or(cut);
        } else {
            bytes = decode(bytes, coding, budget)?;
        }
    }
    if !transfer.iter().any(|c| c == "chunked") {
        let declared = head
            .get("Content-Length")
            .and_then(|v| v.trim().parse::<u64>().ok());
        if let Some(declared) = declared.filter(|d| (raw.len() as u64) < *d) {
            partial = Some(format!(
                "the body has {} of the {declared} bytes its Content-Length declares",
                raw.len()
            ));
        }
    }
    for coding in codings(head.get("Content-Encoding")).iter().rev() {
        bytes = decode(bytes, coding, budget)?;
    }
    let bytes = apply_charset(bytes, head.get("Content-Type"), forced);
    Ok(Payload::Body { bytes, partial })
}

/// The final response head: interim `1xx` heads (`100 Continue`) before it are passed over.
fn final_head(block: &[u8]) -> Result<Head, String> {
    let mut at = 0usize;
    for _ in 0..8 {
        let rest = block.get(at..).unwrap_or(&[]);
        let mut head = parse_head(rest)?;
        head.body_start += at;
        if (100..200).contains(&head.status) && head.status != 101 {
            at = head.body_start;
            continue;
        }
        return Ok(head);
    }
    Err("more than 8 interim (1xx) HTTP responses".into())
}

/// Parses a status line and headers.
pub fn parse_head(block: &[u8]) -> Result<Head, String> {
    let window = block
        .get(..block.len().min(MAX_HEAD_BYTES))
        .unwrap_or(block);
    let end = head_end(window).ok_or_else(|| {
        if block.len() > MAX_HEAD_BYTES {
            format!("HTTP headers longer than {} KiB", MAX_HEAD_BYTES >> 10)
        } else {
            "the HTTP headers have no end (the record is cut or not an HTTP response)".into()
        }
    })?;
    let text = String::from_utf8_lossy(window.get(..end.0).unwrap_or(&[]));
    let mut lines = text.split('\n').map(|l| l.strip_suffix('\r').unwrap_or(l));
    let status_line = lines.next().unwrap_or("");
    let (status, reason) = status_line_parts(status_line)?;
    let mut headers: Vec<(String, String)> = Vec::new();
    for line in lines {
        if line.is_empty() {
            continue;
        }
        if headers.len() >= MAX_HEAD_LINES {
            return Err(format!("more than {MAX_HEAD_LINES} HTTP header lines"));
        }
        if line.starts_with([' ', '\t']) {
            if let Some((_, v)) = headers.last_mut() {
                v.push(' ');
                v.push_str(line.trim());
            }
            continue;
        }
        // A line without a colon is ignored, as browsers do.
        if let Some((name, value)) = line.split_once(':') {
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
    }
    Ok(Head {
        status,
        reason,
        headers,
        body_start: end.1,
    })
}

/// (end of the header lines, start of the body): the first empty line, CRLF or LF.
fn head_end(b: &[u8]) -> Option<(usize, usize)> {
    let mut from = 0;
    while let Some(nl) = memchr::memchr(b'\n', b.get(from..)?) {
        let at = from + nl + 1;
        let rest = b.get(at..)?;
        if rest.starts_with(b"\r\n") {
            return Some((at, at + 2));
        }
        if rest.starts_with(b"\n") {
            return Some((at, at + 1));
        }
        from = at;
    }
    None
}

/// `HTTP/1.1 404 Not Found` → (404, "Not Found").
fn status_line_parts(line: &str) -> Result<(u16, String), String> {
    let mut parts = line.trim().splitn(3, ' ');
    let version = parts.next().unwrap_or("");
    let code = parts.next().unwrap_or("");
    let reason = parts.next().unwrap_or("").trim();
    if !version.to_ascii_uppercase().starts_with("HTTP/")
        || code.len() != 3
        || !code.bytes().all(|b| b.is_ascii_digit())
    {
        let shown: String = line.chars().take(40).collect();
        return Err(format!("not an HTTP response (status line `{shown}`)"));
    }
    let status = code.parse().map_err(|_| "bad HTTP status".to_string())?;
    Ok((status, clean(reason, 80)))
}

/// Printable characters only, at most `max` of them (server text in a report).
pub fn clean(s: &str, max: usize) -> String {
    s.chars().filter(|c| !c.is_control()).take(max).collect()
}

/// Why a non-2xx response is not scanned.
fn describe(head: &Head) -> String {
    let status = format!("HTTP {} {}", head.status, head.reason);
    let status = status.trim_end();
    match head.status {
        300..=399 if head.status != 304 => match head.get("Location") {
            Some(to) => format!(
                "{status}: a redirect to {}, not a document; not scanned",
                clean(to, 300)
            ),
            None => format!("{status}: a redirect, not a document; not scanned"),
        },
        304 => format!("{status}: the capture holds no content; not scanned"),
        400..=599 => format!("{status}: an error page, not a published document; not scanned"),
        _ => format!("{status}: no document in this response; not scanned"),
    }
}

/// `gzip, chunked` → ["gzip", "chunked"], lower-cased.
fn codings(header: Option<&str>) -> Vec<String> {
    header
        .unwrap_or("")
        .split(',')
        .map(|c| c.trim().to_ascii_lowercase())
        .filter(|c| !c.is_empty())
        .collect()
}

/// Undoes `Transfer-Encoding: chunked`: the body and, when it ends before its last chunk,
/// why it is incomplete. A body that does not start with a chunk size was stored
/// de-chunked by the crawler and is returned as it is.
pub fn dechunk(body: &[u8]) -> Result<(Vec<u8>, Option<String>), String> {
    let mut out = Vec::new();
    let mut rest = body;
    let mut first = true;
    loop {
        if rest.is_empty() && !first {
            let why = "the chunked body ends before its last chunk".to_string();
            return Ok((out, Some(why)));
        }
        let Some(size) = chunk_size(rest) else {
            if first {
                return Ok((body.to_vec(), None));
            }
            return Err("damaged chunked body: a chunk size that is not a number".into());
        };
        let (size, line_len) = size;
        rest = rest.get(line_len..).unwrap_or(&[]);
        if size == 0 {
            // Trailer fields after the last chunk are not part of the document.
            return Ok((out, None));
        }
        let size = usize::try_from(size).unwrap_or(usize::MAX);
        let Some(chunk) = rest.get(..size) else {
            out.extend_from_slice(rest);
            let why = format!(
                "the chunked body is cut inside a chunk ({} of {size} bytes)",
                rest.len()
            );
            return Ok((out, Some(why)));
        };
        out.extend_from_slice(chunk);
        rest = rest.get(size..).unwrap_or(&[]);
        rest = match rest
            .strip_prefix(b"\r\n")
            .or_else(|| rest.strip_prefix(b"\n"))
        {
            Some(r) => r,
            None if rest.is_empty() => rest,
            None => return Err("damaged chunked body: no line break after a chunk".into()),
        };
        first = false;
    }
}

/// A chunk-size line (`1a;ext=1\r\n`): the size and the line's length with its break.
fn chunk_size(b: &[u8]) -> Option<(u64, usize)> {
    let nl = memchr::memchr(b'\n', b.get(..b.len().min(1024))?)?;
    let line = b.get(..nl)?;
    let line = line.strip_suffix(b"\r").unwrap_or(line);
    let digits = line.split(|c| *c == b';').next()?.trim_ascii();
    if digits.is_empty() || digits.len() > 15 || !digits.iter().all(u8::is_ascii_hexdigit) {
        return None;
    }
    let size = u64::from_str_radix(std::str::from_utf8(digits).ok()?, 16).ok()?;
    Some((size, nl + 1))
}

/// Undoes one content (or transfer) coding, bounded by the budget and the ratio limit.
fn decode(bytes: Vec<u8>, coding: &str, budget: &Budget) -> Result<Vec<u8>, ExtractError> {
    let cap = budget.limits.max_file_bytes;
    let len = Some(bytes.len() as u64);
    match coding {
        "identity" => Ok(bytes),
        // Stored decoded by the crawler although the header still says gzip.
        "gzip" | "x-gzip" if !bytes.starts_with(b"\x1F\x8B") => Ok(bytes),
        "gzip" | "x-gzip" => budget.read_bounded(
            MultiGzDecoder::new(&bytes[..]),
            cap,
            len,
            "gzip-encoded body",
        ),
        // RFC 9110 says zlib; some servers send raw deflate.
        "deflate" if is_zlib(&bytes) => budget.read_bounded(
            ZlibDecoder::new(&bytes[..]),
            cap,
            len,
            "deflate-encoded body",
        ),
        "deflate" => budget.read_bounded(
            DeflateDecoder::new(&bytes[..]),
            cap,
            len,
            "deflate-encoded body",
        ),
        "br" => Err(ExtractError::Unsupported(
            "Brotli-encoded response (Content-Encoding: br): baomi cannot decode it".into(),
        )),
        other => Err(ExtractError::Unsupported(format!(
            "response with Content-Encoding `{}`: baomi cannot decode it",
            clean(other, 40)
        ))),
    }
}

/// A zlib header: method 8 and a check value divisible by 31.
fn is_zlib(b: &[u8]) -> bool {
    match (b.first(), b.get(1)) {
        (Some(&cmf), Some(&flg)) => {
            cmf & 0x0F == 8 && (u16::from(cmf) << 8 | u16::from(flg)) % 31 == 0
        }
        _ => false,
    }
}

/// Text bodies whose HTTP `Content-Type` names a charset are handed on as UTF-8 with a
/// BOM (which the text and HTML readers honour before any `<meta>`), so the charset the
/// server declared is the one used. Order, as browsers do, with two exceptions:
/// `--encoding`, then a BOM in the body, then valid UTF-8 is read as UTF-8 (the readers'
/// own rule for declared charsets), then the HTTP charset, then the page's `<meta>` and
/// detection. Exceptions: `ISO-8859-1`/`windows-1252` (the default many Java servers add
/// to every response, never right for a Chinese page) and a UTF-8 or UTF-16 label on
/// bytes that are not UTF-8 are ignored, leaving `<meta>` and detection to decide.
pub fn apply_charset(
    body: Vec<u8>,
    content_type: Option<&str>,
    forced: Option<&'static Encoding>,
) -> Vec<u8> {
    if forced.is_some() || Encoding::for_bom(&body).is_some() {
        return body;
    }
    let Some((mime, Some(label))) = content_type.map(media_type) else {
        return body;
    };
    if !(mime.starts_with("text/") || mime == "application/xhtml+xml") {
        return body;
    }
    let Some(enc) = Encoding::for_label(label.as_bytes()) else {
        return body;
    };
    if [UTF_8, UTF_16LE, UTF_16BE, WINDOWS_1252].contains(&enc)
        || simdutf8::basic::from_utf8(&body).is_ok()
    {
        return body;
    }
    let enc = if enc == GBK { GB18030 } else { enc };
    let (text, _) = enc.decode_without_bom_handling(&body);
    let mut out = Vec::with_capacity(text.len() + 3);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    out.extend_from_slice(text.as_bytes());
    out
}

/// `text/html; charset="gbk"` → ("text/html", Some("gbk")).
fn media_type(value: &str) -> (String, Option<String>) {
    let mut parts = value.split(';');
    let mime = parts.next().unwrap_or("").trim().to_ascii_lowercase();
    let charset = parts.find_map(|p| {
        let (name, v) = p.split_once('=')?;
        name.trim()
            .eq_ignore_ascii_case("charset")
            .then(|| v.trim().trim_matches(['"', '\'']).to_string())
    });
    (mime, charset)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::Limits;
    use std::io::Write;

    fn budget() -> Budget {
        Budget::new(Limits::default())
    }

    fn body(block: &[u8]) -> (Vec<u8>, Option<String>) {
        match payload(block, &budget(), None) {
            Ok(Payload::Body { bytes, partial }) => (bytes, partial),
            other => panic!("{other:?}"),
        }
    }

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    #[test]
    fn plain_body_after_the_head() {
        let (b, partial) = body(b"HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello");
        assert_eq!(b, b"hello");
        assert_eq!(partial, None);
        let (b, _) = body(b"HTTP/1.0 200 OK\nServer: x\n\nbare LF");
        assert_eq!(b, b"bare LF");
    }

    #[test]
    fn chunked_bodies() {
        let (b, partial) = body(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5;x=y\r\nhello\r\n6\r\n world\r\n0\r\nX-Trailer: 1\r\n\r\n",
        );
        assert_eq!(b, b"hello world");
        assert_eq!(partial, None);
        // Stored de-chunked although the header says chunked.
        let (b, _) = body(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n<html>hi</html>");
        assert_eq!(b, b"<html>hi</html>");
        // Cut inside a chunk: what arrived, marked partial.
        let (b, partial) = body(b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nhello");
        assert_eq!(b, b"hello");
        assert!(partial.is_some_and(|p| p.contains("5 of 10")));
        let damaged = payload(
            b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nabXX3\r\ncde\r\n0\r\n\r\n",
            &budget(),
            None,
        );
        assert!(matches!(damaged, Err(ExtractError::Corrupt(_))));
    }

    #[test]
    fn gzip_and_deflate_content() {
        let mut block =
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
                .to_vec();
        let gz = gzip("身份证号".as_bytes());
        block.extend_from_slice(format!("{:x}\r\n", gz.len()).as_bytes());
        block.extend_from_slice(&gz);
        block.extend_from_slice(b"\r\n0\r\n\r\n");
        assert_eq!(body(&block).0, "身份证号".as_bytes());
        let mut z = flate2::write::ZlibEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = z.write_all(b"zlib body");
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n".to_vec();
        block.extend_from_slice(&z.finish().unwrap_or_default());
        assert_eq!(body(&block).0, b"zlib body");
        let mut d = flate2::write::DeflateEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = d.write_all(b"raw deflate");
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: deflate\r\n\r\n".to_vec();
        block.extend_from_slice(&d.finish().unwrap_or_default());
        assert_eq!(body(&block).0, b"raw deflate");
        // Stored decoded by the crawler.
        assert_eq!(
            body(b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\nplain").0,
            b"plain"
        );
        let broken = payload(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n\x1F\x8B\x08\x00garbage",
            &budget(),
            None,
        );
        assert!(
            matches!(broken, Err(ExtractError::Corrupt(_))),
            "{broken:?}"
        );
        let br = payload(
            b"HTTP/1.1 200 OK\r\nContent-Encoding: br\r\n\r\n\x1b\x03",
            &budget(),
            None,
        );
        assert!(matches!(br, Err(ExtractError::Unsupported(m)) if m.contains("Brotli")));
    }

    #[test]
    fn gzip_bombs_are_bounded() {
        let bomb = gzip(&vec![0u8; 8 << 20]);
        let mut block = b"HTTP/1.1 200 OK\r\nContent-Encoding: gzip\r\n\r\n".to_vec();
        block.extend_from_slice(&bomb);
        let limits = Limits {
            max_ratio: 10,
            ..Limits::default()
        };
        let r = payload(&block, &Budget::new(limits), None);
        assert!(matches!(r, Err(ExtractError::Limit(_))), "{r:?}");
    }

    #[test]
    fn statuses_other_than_2xx_are_described() {
        const CASES: &[(&[u8], &str)] = &[
            (
                b"HTTP/1.1 404 Not Found\r\n\r\n<h1>404</h1>",
                "HTTP 404 Not Found: an error page",
            ),
            (
                b"HTTP/1.1 301 Moved Permanently\r\nLocation: /sub/\r\n\r\n",
                "HTTP 301 Moved Permanently: a redirect to /sub/",
            ),
            (
                b"HTTP/1.1 304 Not Modified\r\n\r\n",
                "HTTP 304 Not Modified: the capture",
            ),
            (b"HTTP/1.1 500\r\n\r\n", "HTTP 500: an error page"),
        ];
        for (block, want) in CASES {
            match payload(block, &budget(), None) {
                Ok(Payload::Status(why)) => assert!(why.starts_with(want), "{why}"),
                other => panic!("{want}: {other:?}"),
            }
        }
        let (b, _) = body(b"HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\n\r\nafter continue");
        assert_eq!(b, b"after continue");
    }

    #[test]
    fn heads_are_bounded_and_checked() {
        assert!(parse_head(b"HTTP/1.1 200 OK\r\nX: 1\r\n").is_err());
        assert!(parse_head(b"GET / HTTP/1.1\r\n\r\n").is_err());
        assert!(parse_head(b"HTTP/1.1 2000 OK\r\n\r\n").is_err());
        let mut long = b"HTTP/1.1 200 OK\r\nX: ".to_vec();
        long.extend(std::iter::repeat_n(b'a', MAX_HEAD_BYTES));
        long.extend_from_slice(b"\r\n\r\n");
        assert!(parse_head(&long).is_err_and(|e| e.contains("longer")));
        let mut many = b"HTTP/1.1 200 OK\r\n".to_vec();
        for _ in 0..2000 {
            many.extend_from_slice(b"X: 1\r\n");
        }
        many.extend_from_slice(b"\r\n");
        assert!(parse_head(&many).is_err_and(|e| e.contains("lines")));
    }

    #[test]
    fn short_bodies_are_partial() {
        let (b, partial) = body(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this");
        assert_eq!(b, b"only this");
        assert!(partial.is_some_and(|p| p.contains("9 of the 100")));
    }

    #[test]
    fn http_charset_decides_text() {
        let (gbk_bytes, _, _) = GBK.encode("<p>联系电话</p>");
        let out = apply_charset(gbk_bytes.to_vec(), Some("text/html; charset=\"GBK\""), None);
        assert_eq!(out, "\u{feff}<p>联系电话</p>".as_bytes());
        // Left alone: no charset, Latin-1 default, UTF-8 already, not text, --encoding.
        for ct in [
            "text/html",
            "text/html; charset=ISO-8859-1",
            "text/html; charset=utf-8",
            "application/pdf; charset=gbk",
        ] {
            assert_eq!(
                apply_charset(gbk_bytes.to_vec(), Some(ct), None),
                gbk_bytes.to_vec()
            );
        }
        let forced = apply_charset(
            gbk_bytes.to_vec(),
            Some("text/html; charset=gbk"),
            Some(UTF_8),
        );
        assert_eq!(forced, gbk_bytes.to_vec());
        let utf8 = "联系电话".as_bytes().to_vec();
        assert_eq!(
            apply_charset(utf8.clone(), Some("text/plain; charset=gbk"), None),
            utf8
        );
    }
}
