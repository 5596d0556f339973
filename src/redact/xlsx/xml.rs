//! Span-tracking XML reading for in-place rewriting: every event comes with its byte range
//! in the part, text content is decoded with a map back to its raw bytes, and a rewrite is a
//! list of byte-range splices over the original part. Nothing is re-serialised, so bytes
//! outside a changed element stay exactly as the producing application wrote them.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::redact::RedactError;

/// Element nesting bound, as the extractor's (`Limits::max_xml_depth`).
pub(super) const MAX_DEPTH: usize = 256;

/// A pull parser whose events carry their byte range in the part.
pub(super) struct Cursor<'a> {
    reader: Reader<&'a [u8]>,
    /// Bytes skipped before the reader's input (a UTF-8 BOM).
    base: usize,
    depth: usize,
    what: &'a str,
}

impl<'a> Cursor<'a> {
    /// `what` names the part in error messages; no text of the part ever goes there.
    pub fn new(src: &'a [u8], what: &'a str) -> Self {
        let base = if src.starts_with(b"\xEF\xBB\xBF") {
            3
        } else {
            0
        };
        let mut reader = Reader::from_reader(src.get(base..).unwrap_or_default());
        let config = reader.config_mut();
        // Strict: a part we cannot parse exactly is refused rather than half rewritten.
        config.check_end_names = true;
        config.expand_empty_elements = false;
        Cursor {
            reader,
            base,
            depth: 0,
            what,
        }
    }

    /// Depth of open elements (1 inside the root element).
    pub fn depth(&self) -> usize {
        self.depth
    }

    fn pos(&self) -> usize {
        usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .saturating_add(self.base)
    }

    /// The next event and its byte range. A DTD, nesting past [`MAX_DEPTH`] and malformed
    /// XML are errors.
    pub fn next(&mut self) -> Result<(Event<'a>, Range<usize>), RedactError> {
        let start = self.pos();
        let event = self.reader.read_event().map_err(|_| {
            RedactError::Malformed(format!(
                "{}: malformed XML near byte {}",
                self.what,
                self.pos()
            ))
        })?;
        match &event {
            Event::Start(_) => {
                self.depth += 1;
                if self.depth > MAX_DEPTH {
                    return Err(RedactError::Malformed(format!(
                        "{}: XML nested deeper than {MAX_DEPTH} elements",
                        self.what
                    )));
                }
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            Event::DocType(_) => {
                return Err(RedactError::Malformed(format!(
                    "{}: XML with a DTD (entity declarations can expand without bound)",
                    self.what
                )))
            }
            _ => {}
        }
        Ok((event, start..self.pos()))
    }

    /// After a `Start` event: reads to its matching `End` and returns the range of the
    /// content between the two tags and the offset just past the end tag.
    pub fn content(&mut self) -> Result<(Range<usize>, usize), RedactError> {
        let open = self.depth;
        let from = self.pos();
        loop {
            let (event, span) = self.next()?;
            match event {
                Event::End(_) if self.depth < open => return Ok((from..span.start, span.end)),
                Event::Eof => return Err(self.truncated()),
                _ => {}
            }
        }
    }

    pub fn truncated(&self) -> RedactError {
        RedactError::Malformed(format!("{}: XML ends inside an element", self.what))
    }
}

/// The local name of an element (`x:c` → `c`).
pub(super) fn local<'b>(e: &'b BytesStart<'_>) -> &'b str {
    let name = e.name().into_inner();
    name.split_once(':').map_or(name, |(_, l)| l)
}

/// The namespace prefix of an element with its colon (`x:`), or empty.
pub(super) fn prefix(e: &BytesStart<'_>) -> String {
    let name = e.name().into_inner();
    name.split_once(':')
        .map_or_else(String::new, |(p, _)| format!("{p}:"))
}

/// One attribute: its qualified name, decoded value and the byte range of the raw value
/// inside the part (for splicing a new value between the quotes).
pub(super) struct Attr {
    pub name: String,
    pub value: String,
    pub raw: Option<Range<usize>>,
}

impl Attr {
    /// The name without its prefix (`r:id` → `id`).
    pub fn local(&self) -> &str {
        self.name.split_once(':').map_or(&self.name, |(_, l)| l)
    }
}

/// The attributes of a start tag read from `src` (the part the cursor reads).
pub(super) fn attrs(e: &BytesStart<'_>, src: &[u8]) -> Vec<Attr> {
    let mut out = Vec::new();
    for a in e.attributes().with_checks(false).flatten() {
        let raw = match &a.value {
            Cow::Borrowed(v) => offset_in(src, v.as_bytes()),
            Cow::Owned(_) => None,
        };
        let value = match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
            Ok(v) => v.into_owned(),
            Err(_) => a.value.to_string(),
        };
        out.push(Attr {
            name: a.key.into_inner().to_string(),
            value,
            raw,
        });
    }
    out
}

/// An attribute's decoded value by local name.
pub(super) fn attr(list: &[Attr], name: &str) -> Option<String> {
    list.iter()
        .find(|a| a.local() == name)
        .map(|a| a.value.clone())
}

/// Where `inner` (a slice borrowed from `outer`) sits in `outer`.
fn offset_in(outer: &[u8], inner: &[u8]) -> Option<Range<usize>> {
    let start = (inner.as_ptr() as usize).checked_sub(outer.as_ptr() as usize)?;
    let end = start.checked_add(inner.len())?;
    (end <= outer.len()).then_some(start..end)
}

/// `1` / `true`.
pub(super) fn truthy(v: Option<&str>) -> bool {
    matches!(v.map(str::trim), Some("1" | "true"))
}

/// Text content decoded (entities, CDATA; for text calamine reads, also line ends and
/// Excel's `_xHHHH_` escapes, as calamine decodes them; the extractor's own XML reader
/// leaves both as written) with a map from each decoded byte offset back to the raw bytes.
pub(super) struct Decoded {
    pub text: String,
    /// Runs in order: (decoded offset, raw offset, literal). A literal run's bytes are the
    /// same in both; any other run is one escape decoded to one character.
    runs: Vec<(usize, usize, bool)>,
    raw_end: usize,
}

impl Decoded {
    /// Decodes `src[range]`; `None` when it holds markup other than CDATA, an unknown
    /// entity or invalid UTF-8 (the unit is then left alone; the rescan reports it).
    pub fn new(src: &[u8], range: Range<usize>, calamine: bool) -> Option<Decoded> {
        let raw = src.get(range.clone())?;
        let base = range.start;
        let mut bytes: Vec<u8> = Vec::with_capacity(raw.len());
        let mut runs: Vec<(usize, usize, bool)> = Vec::new();
        let mut in_literal = false;
        let mut i = 0;
        while let Some(&b) = raw.get(i) {
            let escape: Option<(String, usize)> = match b {
                b'&' => Some(entity(raw.get(i..)?)?),
                b'\r' if calamine => Some((
                    "\n".into(),
                    if raw.get(i + 1) == Some(&b'\n') { 2 } else { 1 },
                )),
                b'<' => {
                    let rest = raw.get(i..)?;
                    let body = rest.strip_prefix(b"<![CDATA[")?;
                    let end = memchr::memmem::find(body, b"]]>")?;
                    runs.push((bytes.len(), base + i + 9, true));
                    bytes.extend_from_slice(body.get(..end)?);
                    in_literal = false;
                    i += 9 + end + 3;
                    continue;
                }
                b'_' if calamine => excel_escape(raw.get(i..)?),
                _ => None,
            };
            match escape {
                Some((text, len)) => {
                    runs.push((bytes.len(), base + i, false));
                    bytes.extend_from_slice(text.as_bytes());
                    in_literal = false;
                    i += len;
                }
                None => {
                    if !in_literal {
                        runs.push((bytes.len(), base + i, true));
                        in_literal = true;
                    }
                    bytes.push(b);
                    i += 1;
                }
            }
        }
        Some(Decoded {
            text: String::from_utf8(bytes).ok()?,
            runs,
            raw_end: range.end,
        })
    }

    /// The raw offset of decoded offset `at`, when `at` is not inside an escape.
    pub fn raw_at(&self, at: usize) -> Option<usize> {
        if at >= self.text.len() {
            return (at == self.text.len()).then_some(self.raw_end);
        }
        let i = self.runs.partition_point(|r| r.0 <= at).checked_sub(1)?;
        let &(text, raw, literal) = self.runs.get(i)?;
        if literal {
            Some(raw + (at - text))
        } else {
            (at == text).then_some(raw)
        }
    }
}

/// `&amp;`, `&#22995;`, `&#x540D;` at the start of `s`: (text, bytes consumed).
fn entity(s: &[u8]) -> Option<(String, usize)> {
    let end = memchr::memchr(b';', s.get(..s.len().min(12))?)?;
    let name = std::str::from_utf8(s.get(1..end)?).ok()?;
    let text = match name {
        "amp" => "&".to_string(),
        "lt" => "<".to_string(),
        "gt" => ">".to_string(),
        "quot" => "\"".to_string(),
        "apos" => "'".to_string(),
        _ => {
            let num = name.strip_prefix('#')?;
            let code = match num.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok()?,
                None => num.parse().ok()?,
            };
            char::from_u32(code)?.to_string()
        }
    };
    Some((text, end + 1))
}

fn hex4(s: &[u8]) -> Option<u16> {
    let t = s.get(..7)?;
    if !(t.starts_with(b"_x") && t.get(6) == Some(&b'_')) {
        return None;
    }
    u16::from_str_radix(std::str::from_utf8(t.get(2..6)?).ok()?, 16).ok()
}

/// Excel's `_xHHHH_` (a UTF-16 unit; surrogate pairs as two escapes), as calamine decodes it.
fn excel_escape(s: &[u8]) -> Option<(String, usize)> {
    let unit = hex4(s)?;
    if (0xD800..0xDC00).contains(&unit) {
        if let Some(low @ 0xDC00..=0xDFFF) = s.get(7..).and_then(hex4) {
            let c = 0x10000 + ((u32::from(unit) - 0xD800) << 10) + (u32::from(low) - 0xDC00);
            return Some((char::from_u32(c)?.to_string(), 14));
        }
    }
    Some((
        char::from_u32(u32::from(unit))
            .unwrap_or('\u{FFFD}')
            .to_string(),
        7,
    ))
}

/// `text` escaped for element content; a literal `_xHHHH_` is protected as Excel does.
pub(super) fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '_' if text.get(i..).and_then(|s| hex4(s.as_bytes())).is_some() => {
                out.push_str("_x005F_")
            }
            c => out.push(c),
        }
    }
    out
}

/// `text` escaped for a double-quoted attribute value.
pub(super) fn escape_attr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// Byte-range replacements over one part, applied in one pass.
#[derive(Default)]
pub(super) struct Splices {
    list: Vec<(Range<usize>, Vec<u8>)>,
}

impl Splices {
    pub fn push(&mut self, range: Range<usize>, with: impl Into<Vec<u8>>) {
        self.list.push((range, with.into()));
    }

    /// `src` with every splice applied, or `None` when there are none.
    pub fn apply(mut self, src: &[u8], what: &str) -> Result<Option<Vec<u8>>, RedactError> {
        if self.list.is_empty() {
            return Ok(None);
        }
        self.list.sort_by_key(|(r, _)| (r.start, r.end));
        let mut out = Vec::with_capacity(src.len());
        let mut at = 0;
        for (range, with) in &self.list {
            let keep = src.get(at..range.start).ok_or_else(|| {
                RedactError::Malformed(format!("{what}: overlapping rewrites (internal error)"))
            })?;
            out.extend_from_slice(keep);
            out.extend_from_slice(with);
            at = range.end.max(at);
        }
        out.extend_from_slice(src.get(at..).unwrap_or_default());
        Ok(Some(out))
    }
}
