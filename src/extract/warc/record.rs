//! WARC record headers (ISO 28500: WARC/1.0, WARC/1.1; WARC/0.17 and 0.18 have the same
//! layout): a version line, `Name: value` fields up to an empty line, then a block of
//! exactly `Content-Length` bytes and two line breaks before the next record.
//!
//! Lines end in CRLF; a bare LF is accepted (hand-made and older files). Header size and
//! field count are bounded; `Content-Length` is required (without it the next record
//! cannot be found) and is only a claim: blocks are read as they arrive, never allocated
//! up front.

use std::io::{self, BufRead, Read};

/// The most a record's header may take (all lines together).
pub const MAX_HEADER_BYTES: u64 = 256 << 10;
/// The most fields one record's header may have.
pub const MAX_FIELDS: usize = 1024;

/// One record's header.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Header {
    /// `1.0`, `1.1`, `0.18` …
    pub version: String,
    fields: Vec<(String, String)>,
    /// `Content-Length`: the block's size.
    pub length: u64,
}

impl Header {
    /// The first field called `name` (case-insensitive), trimmed.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// `WARC-Type`, lower-cased (`response`, `request`, `warcinfo` …).
    pub fn kind(&self) -> String {
        self.get("WARC-Type").unwrap_or("").to_ascii_lowercase()
    }

    /// `WARC-Target-URI` without the angle brackets WARC/1.1's grammar (and wget, in 1.0
    /// files) puts around it.
    pub fn target(&self) -> Option<&str> {
        let t = self.get("WARC-Target-URI")?.trim();
        let t = t
            .strip_prefix('<')
            .and_then(|s| s.strip_suffix('>'))
            .unwrap_or(t);
        (!t.is_empty()).then_some(t)
    }
}

/// Why a header could not be read.
#[derive(Debug)]
pub enum HeaderError {
    /// The stream failed (a damaged gzip member) or ended inside the header.
    Io(io::Error),
    /// Not a WARC header, or one without a usable `Content-Length`.
    Malformed(String),
}

impl std::fmt::Display for HeaderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            HeaderError::Io(e) if e.kind() == io::ErrorKind::UnexpectedEof => {
                f.write_str("the file ends inside a record header")
            }
            HeaderError::Io(e) => write!(f, "{e}"),
            HeaderError::Malformed(m) => f.write_str(m),
        }
    }
}

/// Reads the next header; `Ok(None)` at the end of the stream. Empty lines before the
/// version line (the two line breaks closing the previous record) are skipped.
pub fn read_header(r: &mut impl BufRead) -> Result<Option<Header>, HeaderError> {
    let mut budget = MAX_HEADER_BYTES;
    let mut line = Vec::new();
    let version = loop {
        if !read_line(r, &mut line, &mut budget)? {
            return Ok(None);
        }
        let text = trim_eol(&line);
        if text.is_empty() {
            continue;
        }
        match text.strip_prefix(b"WARC/") {
            Some(v) if !v.is_empty() && v.iter().all(|c| c.is_ascii_digit() || *c == b'.') => {
                break String::from_utf8_lossy(v).into_owned()
            }
            _ => {
                return Err(HeaderError::Malformed(
                    "not a WARC record: the header does not start with a WARC/1.x line".into(),
                ))
            }
        }
    };
    let mut fields: Vec<(String, String)> = Vec::new();
    loop {
        if !read_line(r, &mut line, &mut budget)? {
            return Err(HeaderError::Io(io::ErrorKind::UnexpectedEof.into()));
        }
        let text = trim_eol(&line);
        if text.is_empty() {
            break;
        }
        let text = String::from_utf8_lossy(text);
        if text.starts_with([' ', '\t']) {
            // A folded continuation of the previous field (WARC/1.0 allows it).
            match fields.last_mut() {
                Some((_, v)) => {
                    v.push(' ');
                    v.push_str(text.trim());
                }
                None => return Err(malformed("a continuation line with no field before it")),
            }
            continue;
        }
        let Some((name, value)) = text.split_once(':') else {
            return Err(malformed("a header line without `:`"));
        };
        if fields.len() >= MAX_FIELDS {
            return Err(malformed(&format!("more than {MAX_FIELDS} header fields")));
        }
        fields.push((name.trim().to_string(), value.trim().to_string()));
    }
    let length = match fields
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case("Content-Length"))
    {
        None => return Err(malformed("a record without Content-Length")),
        Some((_, v)) => parse_length(v)
            .ok_or_else(|| malformed(&format!("Content-Length `{}` is not a number", cut(v))))?,
    };
    Ok(Some(Header {
        version,
        fields,
        length,
    }))
}

fn malformed(what: &str) -> HeaderError {
    HeaderError::Malformed(format!("malformed WARC header: {what}"))
}

/// Decimal digits only (no sign, no spaces inside), at most 19 of them.
fn parse_length(v: &str) -> Option<u64> {
    if v.is_empty() || v.len() > 19 || !v.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    v.parse().ok()
}

/// At most 40 characters of a value, for a message.
fn cut(v: &str) -> String {
    v.chars().take(40).collect()
}

/// Reads one line (with its line break) into `line`, within what is left of `budget`.
/// `Ok(false)` at the end of the stream.
fn read_line(
    r: &mut impl BufRead,
    line: &mut Vec<u8>,
    budget: &mut u64,
) -> Result<bool, HeaderError> {
    line.clear();
    let n = r
        .by_ref()
        .take(*budget)
        .read_until(b'\n', line)
        .map_err(HeaderError::Io)?;
    if n == 0 {
        if *budget == 0 {
            return Err(too_long());
        }
        return Ok(false);
    }
    *budget -= n as u64;
    if line.last() != Some(&b'\n') {
        if *budget == 0 {
            return Err(too_long());
        }
        return Err(HeaderError::Io(io::ErrorKind::UnexpectedEof.into()));
    }
    Ok(true)
}

fn too_long() -> HeaderError {
    malformed(&format!(
        "the header is longer than {} KiB",
        MAX_HEADER_BYTES >> 10
    ))
}

fn trim_eol(line: &[u8]) -> &[u8] {
    let line = line.strip_suffix(b"\n").unwrap_or(line);
    line.strip_suffix(b"\r").unwrap_or(line)
}

/// Reads a block of `len` bytes whole (the caller has checked `len` against its bounds).
/// A stream that ends early is an error saying how much arrived.
pub fn read_block(r: &mut impl Read, len: u64) -> io::Result<Vec<u8>> {
    let mut out = Vec::new();
    let got = r.by_ref().take(len).read_to_end(&mut out)? as u64;
    if got < len {
        return Err(short(got, len));
    }
    Ok(out)
}

/// Reads past a block of `len` bytes without keeping it, calling `tick` between pieces
/// (the deadline check).
pub fn skip_block(
    r: &mut impl BufRead,
    len: u64,
    tick: &mut dyn FnMut() -> io::Result<()>,
) -> io::Result<()> {
    let mut left = len;
    while left > 0 {
        let avail = r.fill_buf()?;
        if avail.is_empty() {
            return Err(short(len - left, len));
        }
        let n = avail.len().min(usize::try_from(left).unwrap_or(usize::MAX));
        r.consume(n);
        left -= n as u64;
        tick()?;
    }
    Ok(())
}

fn short(got: u64, len: u64) -> io::Error {
    io::Error::new(
        io::ErrorKind::UnexpectedEof,
        format!("the record is cut short: {got} of its {len} bytes are in the file"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(text: &str) -> Result<Option<Header>, HeaderError> {
        read_header(&mut text.as_bytes())
    }

    #[test]
    fn fields_versions_and_brackets() {
        let h = header(
            "\r\nWARC/1.1\r\nWARC-Type: response\r\nwarc-target-uri: <https://a.gov.cn/x?y=1>\r\n\
             Content-Length: 12\r\n\r\nHTTP/1.1 200",
        );
        let Ok(Some(h)) = h else {
            panic!("{h:?}");
        };
        assert_eq!(h.version, "1.1");
        assert_eq!(h.kind(), "response");
        assert_eq!(h.target(), Some("https://a.gov.cn/x?y=1"));
        assert_eq!(h.length, 12);
        let old = header("WARC/0.18\nWARC-Type: warcinfo\nContent-Length: 0\n\n");
        assert!(matches!(old, Ok(Some(h)) if h.version == "0.18" && h.length == 0));
        let folded = header("WARC/1.0\r\nX: a\r\n  b\r\nContent-Length: 1\r\n\r\n");
        assert!(matches!(folded, Ok(Some(h)) if h.get("x") == Some("a b")));
    }

    #[test]
    fn end_of_stream_is_none() {
        assert!(matches!(header(""), Ok(None)));
        assert!(matches!(header("\r\n\r\n"), Ok(None)));
    }

    #[test]
    fn bad_headers_are_errors() {
        const CASES: &[(&str, &str)] = &[
            ("bad_010_not_warc", "HTTP/1.1 200 OK\r\n\r\n"),
            (
                "bad_020_no_length",
                "WARC/1.0\r\nWARC-Type: request\r\n\r\n",
            ),
            (
                "bad_030_length_text",
                "WARC/1.0\r\nContent-Length: 12a\r\n\r\n",
            ),
            (
                "bad_040_length_sign",
                "WARC/1.0\r\nContent-Length: -1\r\n\r\n",
            ),
            (
                "bad_050_length_huge",
                "WARC/1.0\r\nContent-Length: 99999999999999999999\r\n\r\n",
            ),
            ("bad_060_no_colon", "WARC/1.0\r\nWARC-Type response\r\n\r\n"),
            (
                "bad_070_cut",
                "WARC/1.0\r\nWARC-Type: response\r\nContent-Le",
            ),
            ("bad_080_no_blank", "WARC/1.0\r\nContent-Length: 3\r\n"),
        ];
        for (name, text) in CASES {
            assert!(header(text).is_err(), "{name}: {:?}", header(text));
        }
    }

    #[test]
    fn header_size_is_bounded() {
        let long_line = format!("WARC/1.0\r\nX: {}\r\n", "a".repeat(300 << 10));
        assert!(
            matches!(header(&long_line), Err(HeaderError::Malformed(m)) if m.contains("longer"))
        );
        let mut many = String::from("WARC/1.0\r\n");
        for i in 0..2000 {
            many.push_str(&format!("X-{i}: 1\r\n"));
        }
        many.push_str("Content-Length: 0\r\n\r\n");
        assert!(matches!(header(&many), Err(HeaderError::Malformed(m)) if m.contains("fields")));
    }

    #[test]
    fn blocks_are_read_or_skipped_exactly() -> io::Result<()> {
        let mut r: &[u8] = b"0123456789rest";
        assert_eq!(read_block(&mut r, 4)?, b"0123");
        skip_block(&mut r, 6, &mut || Ok(()))?;
        assert_eq!(r, b"rest");
        let mut short: &[u8] = b"abc";
        let e = read_block(&mut short, 1 << 40).err();
        assert!(e.is_some_and(|e| e.to_string().contains("3 of its 1099511627776 bytes")));
        let mut short: &[u8] = b"abc";
        assert!(skip_block(&mut short, 4, &mut || Ok(())).is_err());
        Ok(())
    }
}
