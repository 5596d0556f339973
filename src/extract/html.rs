//! HTML pages, and the "Save as Web page" files Word and Excel write (`.htm`, and `.doc` /
//! `.xls` files that are really HTML, common in government systems).
//!
//! Charset: a BOM, else the `<meta charset>` / `http-equiv` declaration in the first
//! 1024 bytes (WHATWG prescan; GB2312/GBK are read as GB18030), else detection; `--encoding`
//! overrides all. A declared legacy charset on a file that is valid UTF-8 is taken as a
//! mistake of the page and the file is read as UTF-8.
//!
//! The decoded text goes through a small tokenizer of our own (tags, attributes, comments,
//! raw-text elements) rather than a tree builder: it gives exact source positions, so every
//! segment carries the line and column of its first character in the decoded source. A
//! stack of open elements (with the implicit closes that matter: `p`, `li`, table cells
//! and rows) tells what is hidden (`hidden`, `display:none`, `visibility:hidden`,
//! `mso-hide:all`) and where table cells are.
//!
//! What is emitted: visible text by block (inline text of one block joined, so an ID split
//! by `<span>` stays whole), tables as rows (header first, colspan and rowspan counted), the
//! title, named `<meta>` values and Word's `o:DocumentProperties` as metadata, `alt` and
//! `title` attributes, HTML comments, hidden elements and `<input type=hidden>` values.
//! `<script>`, `<style>` and `<template>` content is skipped.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::document::{a1, Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::text;
use super::Ctx;

/// Extracts an HTML document.
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let src = decode(bytes, ctx.encoding);
    let mut b = DocumentBuilder::new("html", ctx.budget.limits.max_text_bytes);
    let mut w = Walker::new(&src, &mut b);
    let tokens = Tokenizer::new(&src, 0, src.len());
    let mut n = 0u32;
    for tok in tokens {
        n = n.wrapping_add(1);
        if n.is_multiple_of(4096) {
            ctx.budget.check_time()?;
        }
        w.token(tok)?;
    }
    w.finish()?;
    Ok(b.finish())
}

// ---------------------------------------------------------------------------------------
// Charset

/// Decodes the page: `forced`, BOM or UTF-16 pattern, `<meta>` prescan, detection.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> String {
    if forced.is_some() || Encoding::for_bom(bytes).is_some() {
        return text::decode_all(bytes, forced);
    }
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    if memchr::memchr(0, head).is_some() {
        return text::decode_all(bytes, None);
    }
    let Some(declared) = prescan(bytes) else {
        return text::decode_all(bytes, None);
    };
    if let Ok(s) = simdutf8::basic::from_utf8(bytes) {
        // Valid UTF-8 is read as UTF-8 whatever the page says (all-ASCII decodes the same
        // in any ASCII-compatible charset; other legacy text is virtually never valid
        // UTF-8).
        return s.to_string();
    }
    if declared == UTF_8 {
        // Declared UTF-8 but it is not: detect.
        return text::decode_all(bytes, None);
    }
    declared.decode_without_bom_handling(bytes).0.into_owned()
}

/// The charset a `<meta>` in the first 1024 bytes declares (WHATWG prescan), or an
/// `<?xml … encoding=…?>` declaration at the start.
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    // windows-1252 decodes every byte, keeping ASCII where it is.
    let (s, _) = WINDOWS_1252.decode_without_bom_handling(head);
    let tokens = Tokenizer::new(&s, 0, s.len());
    for tok in tokens {
        let Token::Start { name, attrs, .. } = tok else {
            continue;
        };
        if name != "meta" {
            continue;
        }
        let mut label = None;
        let mut http_equiv = false;
        let mut content = None;
        for a in &attrs {
            match a.name.as_str() {
                "charset" => label = label.or(Some(a.value.to_string())),
                "http-equiv" => http_equiv = a.value.eq_ignore_ascii_case("content-type"),
                "content" => content = Some(a.value.to_string()),
                _ => {}
            }
        }
        if label.is_none() && http_equiv {
            label = content.as_deref().and_then(charset_in_content);
        }
        if let Some(enc) = label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
            return Some(html_encoding(enc));
        }
    }
    let t = s.trim_start();
    if t.starts_with("<?xml") {
        let decl = t.get(..t.find("?>")?)?;
        let at = decl.find("encoding")?;
        let rest = decl
            .get(at + 8..)?
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
            .collect();
        return Encoding::for_label(label.as_bytes()).map(html_encoding);
    }
    None
}

/// WHATWG: a declared UTF-16 means UTF-8 (the bytes are ASCII-compatible or the BOM would
/// have decided); GBK is decoded as its superset GB18030.
fn html_encoding(enc: &'static Encoding) -> &'static Encoding {
    if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else if enc == GBK {
        GB18030
    } else if enc.name() == "x-user-defined" {
        WINDOWS_1252
    } else {
        enc
    }
}

/// `text/html; charset=gb2312` → `gb2312`.
fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower
        .get(at + 7..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'' | ' ' | '\t' | '\n' | '\r'))
        .collect();
    (!label.is_empty()).then_some(label)
}

// ---------------------------------------------------------------------------------------
// Tokenizer

/// An attribute: lowercased name, raw (entity-encoded) value and its source position.
#[derive(Debug)]
struct Attr<'a> {
    name: String,
    value: &'a str,
    value_pos: usize,
}

#[derive(Debug)]
enum Token<'a> {
    /// Character data `start..end` (entities not yet decoded).
    Text {
        start: usize,
        end: usize,
    },
    Start {
        /// Lowercased.
        name: String,
        /// As written (`o:Author`).
        raw_name: &'a str,
        attrs: Vec<Attr<'a>>,
        self_closing: bool,
    },
    End {
        name: String,
    },
    /// Content of `<!-- … -->`.
    Comment {
        start: usize,
        end: usize,
    },
    /// Content of a raw-text element (the `Start` came just before, the `End` follows).
    Raw {
        start: usize,
        end: usize,
    },
}

/// Elements whose content is not markup: it runs to the matching end tag.
const RAW_TEXT: &[&str] = &[
    "script",
    "style",
    "template",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "textarea",
    "title",
    "xml",
    "plaintext",
];

struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    end: usize,
    raw: Option<String>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl<'a> Tokenizer<'a> {
    fn new(s: &'a str, start: usize, end: usize) -> Self {
        Tokenizer {
            s,
            pos: start,
            end: end.min(s.len()),
            raw: None,
        }
    }

    fn bytes(&self) -> &'a [u8] {
        self.s.as_bytes().get(..self.end).unwrap_or(&[])
    }

    fn find_at(&self, from: usize, needle: &[u8]) -> Option<usize> {
        let hay = self.bytes().get(from..)?;
        memchr::memmem::find(hay, needle).map(|i| from + i)
    }

    fn byte(&self, i: usize) -> Option<u8> {
        self.bytes().get(i).copied()
    }

    /// Where the end tag `</name` of a raw-text element starts (or the end of input).
    fn raw_end(&self, name: &str) -> usize {
        if name == "plaintext" {
            return self.end;
        }
        let mut from = self.pos;
        while let Some(at) = self.find_at(from, b"</") {
            let after = at + 2;
            let candidate = self.bytes().get(after..after + name.len());
            if candidate.is_some_and(|c| c.eq_ignore_ascii_case(name.as_bytes()))
                && self
                    .byte(after + name.len())
                    .is_none_or(|b| is_space(b) || b == b'/' || b == b'>')
            {
                return at;
            }
            from = after;
        }
        self.end
    }

    fn name_end(&self, from: usize) -> usize {
        let mut i = from;
        while let Some(b) = self.byte(i) {
            if is_space(b) || b == b'/' || b == b'>' {
                break;
            }
            i += 1;
        }
        i
    }

    fn slice(&self, a: usize, b: usize) -> &'a str {
        self.s.get(a..b).unwrap_or("")
    }

    fn skip_space(&self, mut i: usize) -> usize {
        while self.byte(i).is_some_and(is_space) {
            i += 1;
        }
        i
    }

    /// Parses a start tag at `self.pos` (`<` followed by a letter).
    fn start_tag(&mut self) -> Token<'a> {
        let name_start = self.pos + 1;
        let name_end = self.name_end(name_start);
        let raw_name = self.slice(name_start, name_end);
        let mut attrs: Vec<Attr<'a>> = Vec::new();
        let mut self_closing = false;
        let mut i = name_end;
        loop {
            i = self.skip_space(i);
            match self.byte(i) {
                None => break,
                Some(b'>') => {
                    i += 1;
                    break;
                }
                Some(b'/') => {
                    i += 1;
                    if self.byte(i) == Some(b'>') {
                        self_closing = true;
                        i += 1;
                        break;
                    }
                    continue;
                }
                Some(_) => {}
            }
            // Attribute name (a leading '=' belongs to the name).
            let an_start = i;
            i += 1;
            while let Some(b) = self.byte(i) {
                if is_space(b) || b == b'/' || b == b'>' || b == b'=' {
                    break;
                }
                i += 1;
            }
            let an = self.slice(an_start, i).to_ascii_lowercase();
            let j = self.skip_space(i);
            let (value, value_pos) = if self.byte(j) == Some(b'=') {
                let v = self.skip_space(j + 1);
                match self.byte(v) {
                    Some(q @ (b'"' | b'\'')) => {
                        let close = self.find_at(v + 1, &[q]).unwrap_or(self.end);
                        i = (close + 1).min(self.end);
                        (self.slice(v + 1, close), v + 1)
                    }
                    _ => {
                        let mut e = v;
                        while let Some(b) = self.byte(e) {
                            if is_space(b) || b == b'>' {
                                break;
                            }
                            e += 1;
                        }
                        i = e;
                        (self.slice(v, e), v)
                    }
                }
            } else {
                ("", i)
            };
            if !attrs.iter().any(|a| a.name == an) {
                attrs.push(Attr {
                    name: an,
                    value,
                    value_pos,
                });
            }
        }
        self.pos = i.min(self.end);
        let name = raw_name.to_ascii_lowercase();
        if !self_closing && RAW_TEXT.contains(&name.as_str()) {
            self.raw = Some(name.clone());
        }
        Token::Start {
            name,
            raw_name,
            attrs,
            self_closing,
        }
    }
}

impl<'a> Iterator for Tokenizer<'a> {
    type Item = Token<'a>;

    fn next(&mut self) -> Option<Token<'a>> {
        loop {
            if let Some(name) = self.raw.take() {
                let start = self.pos;
                let end = self.raw_end(&name);
                self.pos = end;
                return Some(Token::Raw { start, end });
            }
            if self.pos >= self.end {
                return None;
            }
            let p = self.pos;
            if self.byte(p) != Some(b'<') {
                let end = self.find_at(p, b"<").unwrap_or(self.end);
                self.pos = end;
                return Some(Token::Text { start: p, end });
            }
            let next = self.byte(p + 1);
            let rest = self.bytes().get(p..).unwrap_or(&[]);
            if rest.starts_with(b"<!--") {
                let c = p + 4;
                if self.byte(c) == Some(b'>') {
                    self.pos = c + 1;
                    continue;
                }
                if rest.get(4..6) == Some(b"->") {
                    self.pos = c + 2;
                    continue;
                }
                let (end, after) = match self.find_at(c, b"-->") {
                    Some(e) => (e, e + 3),
                    None => (self.end, self.end),
                };
                self.pos = after;
                return Some(Token::Comment { start: c, end });
            }
            if next == Some(b'!') || next == Some(b'?') {
                // Doctype, CDATA, `<![if …]>`, processing instruction: bogus comment.
                self.pos = self.find_at(p, b">").map_or(self.end, |e| e + 1);
                continue;
            }
            if next == Some(b'/') {
                let n = p + 2;
                let close = self.find_at(n, b">").map_or(self.end, |e| e + 1);
                self.pos = close;
                if self.byte(n).is_some_and(|b| b.is_ascii_alphabetic()) {
                    let name = self.slice(n, self.name_end(n)).to_ascii_lowercase();
                    return Some(Token::End { name });
                }
                continue;
            }
            if next.is_some_and(|b| b.is_ascii_alphabetic()) {
                return Some(self.start_tag());
            }
            // A lone '<' is text.
            let end = self.find_at(p + 1, b"<").unwrap_or(self.end);
            self.pos = end;
            return Some(Token::Text { start: p, end });
        }
    }
}

// ---------------------------------------------------------------------------------------
// Entities

/// Named character references decoded (the common ones; others are kept as written).
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", '\u{a0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("middot", '·'),
    ("bull", '•'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("times", '×'),
    ("divide", '÷'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("yen", '¥'),
    ("euro", '€'),
    ("pound", '£'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("shy", '\u{ad}'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("hearts", '♥'),
    ("star", '☆'),
    ("starf", '★'),
    ("bigstar", '★'),
    ("check", '✓'),
    ("radic", '√'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("micro", 'µ'),
    ("ordm", 'º'),
    ("ordf", 'ª'),
    ("acute", '´'),
    ("uml", '¨'),
    ("macr", '¯'),
    ("cedil", '¸'),
    ("not", '¬'),
    ("brvbar", '¦'),
    ("curren", '¤'),
    ("ast", '*'),
    ("num", '#'),
    ("percnt", '%'),
    ("colon", ':'),
    ("comma", ','),
    ("period", '.'),
    ("lpar", '('),
    ("rpar", ')'),
    ("sol", '/'),
    ("hyphen", '-'),
    ("dash", '‐'),
];

/// References decoded without a `;` (the legacy ones browsers accept).
const LEGACY: &[&str] = &["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"];

/// Decodes one reference at `s` (which starts after `&`): the char and the bytes consumed
/// after `&`.
fn entity(s: &[u8], in_attr: bool) -> Option<(char, usize)> {
    if s.first() == Some(&b'#') {
        let (hex, digits_from) = match s.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut i = digits_from;
        let mut v: u32 = 0;
        while let Some(&b) = s.get(i) {
            let d = if hex {
                (b as char).to_digit(16)
            } else {
                (b as char).to_digit(10)
            };
            let Some(d) = d else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == digits_from {
            return None;
        }
        if s.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match v {
            0 => '\u{fffd}',
            0x80..=0x9f => {
                let byte = [v as u8];
                WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()
                    .unwrap_or('\u{fffd}')
            }
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((c, i));
    }
    let mut i = 0;
    while s.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) && i < 32 {
        i += 1;
    }
    let name = std::str::from_utf8(s.get(..i)?).ok()?;
    let &(_, c) = ENTITIES.iter().find(|(n, _)| *n == name)?;
    if s.get(i) == Some(&b';') {
        return Some((c, i + 1));
    }
    let next = s.get(i).copied();
    if LEGACY.contains(&name)
        && !(in_attr && next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'='))
    {
        return Some((c, i));
    }
    None
}

/// Calls `f` with each decoded char of `raw` and its source position (`base` + offset).
fn decode_chars(raw: &str, base: usize, in_attr: bool, mut f: impl FnMut(char, usize)) {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let amp = memchr::memchr(b'&', bytes.get(i..).unwrap_or(&[])).map(|k| i + k);
        let run_end = amp.unwrap_or(bytes.len());
        if let Some(run) = raw.get(i..run_end) {
            for (k, c) in run.char_indices() {
                f(c, base + i + k);
            }
        }
        let Some(a) = amp else { break };
        match entity(bytes.get(a + 1..).unwrap_or(&[]), in_attr) {
            Some((c, used)) => {
                f(c, base + a);
                i = a + 1 + used;
            }
            None => {
                f('&', base + a);
                i = a + 1;
            }
        }
    }
}

/// An attribute value with its references decoded, trimmed.
fn attr_text(raw: &str) -> String {
    let mut out = String::new();
    decode_chars(raw, 0, true, |c, _| out.push(norm(c)));
    out.trim().to_string()
}

/// No-break spaces and tabs read as spaces (a tab in a page is not a column separator;
/// table rows are the only tab-separated lines).
fn norm(c: char) -> char {
    if c == '\u{a0}' || c == '\t' {
        ' '
    } else {
        c
    }
}

// ---------------------------------------------------------------------------------------
// Walker

/// Text being collected for one segment.
#[derive(Default)]
struct Acc {
    text: String,
    start: Option<usize>,
    hidden: bool,
}

impl Acc {
    fn add(&mut self, c: char, pos: usize) {
        if c == '\r' {
            return;
        }
        if self.start.is_none() {
            if c.is_whitespace() {
                return;
            }
            self.start = Some(pos);
        }
        self.text.push(norm(c));
    }

    /// A block boundary inside a cell: a space.
    fn sep(&mut self) {
        if self.start.is_some() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    fn take(&mut self) -> Option<(String, usize)> {
        let start = self.start.take()?;
        let mut text = std::mem::take(&mut self.text);
        text.truncate(text.trim_end().len());
        Some((text, start))
    }
}

/// Source line/column (1-based, column in chars) of byte positions of the decoded text.
///
/// Columns are counted from the nearest earlier answer on the same line (kept as marks in
/// position order), so a minified page on one long line costs linear time, not quadratic,
/// even though queries come slightly out of order (a block is located when it ends, after
/// the attributes inside it).
struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
    /// Earlier answers: (position, line index, 0-based column), increasing positions.
    marks: Vec<(usize, usize, u64)>,
}

impl<'s> Lines<'s> {
    fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        Lines {
            src,
            starts,
            marks: Vec::new(),
        }
    }

    fn at(&mut self, pos: usize) -> (u64, u64) {
        let li = self.starts.partition_point(|&s| s <= pos).saturating_sub(1);
        let line_start = self.starts.get(li).copied().unwrap_or(0);
        let m = self.marks.partition_point(|&(p, _, _)| p <= pos);
        let (from, col0) = match m.checked_sub(1).and_then(|i| self.marks.get(i)) {
            Some(&(p, l, c)) if l == li => (p, c),
            _ => (line_start, 0),
        };
        let col = col0 + self.src.get(from..pos).map_or(0, |s| s.chars().count()) as u64;
        if self.marks.last().is_none_or(|&(p, _, _)| pos > p + 64) {
            self.marks.push((pos, li, col));
        }
        (li as u64 + 1, col + 1)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    None,
    Table,
    Row,
    Cell,
}

struct Open {
    name: String,
    hidden: bool,
    role: Role,
}

struct CellBuf {
    col: u32,
    colspan: u32,
    rowspan: u32,
    acc: Acc,
    /// Hidden runs inside a visible cell, reported apart.
    hidden_acc: Acc,
    /// Hidden by an ancestor or its own style.
    ctx_hidden: bool,
}

struct RowBuf {
    n: u32,
    hidden: bool,
    cells: Vec<CellBuf>,
    next_col: u32,
}

#[derive(Default)]
struct Table {
    /// A table that holds another table is page layout: its cells are read as blocks.
    layout: bool,
    rows: u32,
    emitted: bool,
    row: Option<RowBuf>,
    cell: Option<CellBuf>,
    /// Rows still covered by a rowspan, per column.
    spans: Vec<u32>,
    /// Columns hidden by `<col style=display:none>`.
    col_hidden: Vec<bool>,
}

const MAX_COLS: u32 = 16_384;
/// Open elements kept; beyond this only hidden and table elements are tracked.
const MAX_STACK: usize = 10_000;
/// How far down the stack an end tag looks for its start tag.
const END_SEARCH: usize = 256;

/// Elements that start and end a block of text.
const BLOCK: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "center",
    "dd",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hgroup",
    "hr",
    "html",
    "legend",
    "li",
    "main",
    "menu",
    "nav",
    "noscript",
    "ol",
    "option",
    "p",
    "pre",
    "section",
    "select",
    "summary",
    "table",
    "tbody",
    "td",
    "textarea",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
    "xmp",
];

/// Elements that close an open `<p>`.
const CLOSES_P: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "center",
    "details",
    "dialog",
    "dir",
    "div",
    "dl",
    "fieldset",
    "figcaption",
    "figure",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hgroup",
    "hr",
    "main",
    "menu",
    "nav",
    "ol",
    "p",
    "pre",
    "section",
    "summary",
    "table",
    "ul",
    "li",
    "dd",
    "dt",
];

/// Where the search for an element to close implicitly stops.
const SCOPE: &[&str] = &[
    "html", "table", "td", "th", "caption", "button", "object", "marquee", "applet", "template",
];

const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "basefont", "bgsound", "frame", "image",
];

/// `<meta name>` values that are technical, not text.
const META_SKIP: &[&str] = &[
    "viewport",
    "robots",
    "renderer",
    "format-detection",
    "referrer",
    "theme-color",
    "color-scheme",
    "x-ua-compatible",
    "apple-mobile-web-app-capable",
    "apple-mobile-web-app-status-bar-style",
    "msapplication-tilecolor",
    "progid",
    "googlebot",
    "baiduspider",
    "csrf-token",
    "csrf-param",
];

/// Word/Excel `o:DocumentProperties` children that are counts and dates.
const OFFICE_SKIP: &[&str] = &[
    "revision",
    "totaltime",
    "created",
    "lastsaved",
    "lastprinted",
    "pages",
    "words",
    "characters",
    "lines",
    "paragraphs",
    "characterswithspaces",
    "version",
    "docsecurity",
];

/// What to do with the content of the raw-text element just opened.
#[derive(Clone, Copy, PartialEq, Eq)]
enum RawKind {
    Skip,
    Title,
    /// Visible text (`textarea`, `xmp`, `plaintext`); entities decoded when `true`.
    Text(bool),
    /// Office XML island.
    Xml,
}

struct Walker<'s, 'b> {
    src: &'s str,
    lines: Lines<'s>,
    b: &'b mut DocumentBuilder,
    stack: Vec<Open>,
    hidden: usize,
    block: Acc,
    tables: Vec<Table>,
    /// Segments held back while a data table is being written (so its rows stay
    /// together under the header).
    side: Vec<(String, Loc)>,
    raw: Option<RawKind>,
}

fn has_hidden_style(attrs: &[Attr]) -> bool {
    attrs.iter().any(|a| match a.name.as_str() {
        "hidden" => true,
        "style" => {
            let s: String = a
                .value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none")
                || s.contains("visibility:hidden")
                || s.contains("mso-hide:all")
        }
        _ => false,
    })
}

fn attr<'x>(attrs: &'x [Attr], name: &str) -> Option<&'x Attr<'x>> {
    attrs.iter().find(|a| a.name == name)
}

fn span_attr(attrs: &[Attr], name: &str, max: u32) -> u32 {
    attr(attrs, name)
        .and_then(|a| {
            let digits: String = a
                .value
                .trim()
                .chars()
                .take_while(char::is_ascii_digit)
                .take(6)
                .collect();
            digits.parse::<u32>().ok()
        })
        .filter(|&n| n > 0)
        .unwrap_or(1)
        .min(max)
}

impl<'s, 'b> Walker<'s, 'b> {
    fn new(src: &'s str, b: &'b mut DocumentBuilder) -> Self {
        Walker {
            src,
            lines: Lines::new(src),
            b,
            stack: Vec::new(),
            hidden: 0,
            block: Acc::default(),
            tables: Vec::new(),
            side: Vec::new(),
            raw: None,
        }
    }

    fn at(&mut self, loc: Loc, pos: usize) -> Loc {
        let (l, c) = self.lines.at(pos);
        loc.with_line(l, c)
    }

    fn in_data_table(&self) -> bool {
        self.tables.iter().any(|t| !t.layout)
    }

    /// A segment outside the flow of blocks (attribute, comment, metadata …).
    fn side(&mut self, text: &str, loc: Loc, pos: usize) -> Result<(), ExtractError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let loc = self.at(loc, pos);
        if self.in_data_table() {
            self.side.push((text.to_string(), loc));
            Ok(())
        } else {
            self.b.push(text, loc)
        }
    }

    fn drain_side(&mut self) -> Result<(), ExtractError> {
        if self.side.is_empty() || self.in_data_table() {
            return Ok(());
        }
        self.b.end_block();
        for (text, loc) in std::mem::take(&mut self.side) {
            self.b.push(&text, loc)?;
        }
        Ok(())
    }

    fn token(&mut self, tok: Token<'s>) -> Result<(), ExtractError> {
        match tok {
            Token::Text { start, end } => {
                let src = self.src;
                let raw = src.get(start..end).unwrap_or("");
                let mut result = Ok(());
                decode_chars(raw, start, false, |c, p| {
                    if result.is_ok() {
                        result = self.text_char(c, p);
                    }
                });
                result
            }
            Token::Start {
                name,
                raw_name: _,
                attrs,
                self_closing,
            } => self.start(name, &attrs, self_closing),
            Token::End { name } => self.end(&name),
            Token::Comment { start, end } => self.comment(start, end),
            Token::Raw { start, end } => self.raw_text(start, end),
        }
    }

    fn text_char(&mut self, c: char, pos: usize) -> Result<(), ExtractError> {
        let hidden_now = self.hidden > 0;
        if let Some(t) = self.tables.last_mut() {
            if !t.layout {
                if let Some(cell) = t.cell.as_mut() {
                    if hidden_now && !cell.ctx_hidden {
                        cell.hidden_acc.add(c, pos);
                    } else {
                        cell.acc.add(c, pos);
                    }
                    return Ok(());
                }
            }
        }
        if self.block.start.is_some() && self.block.hidden != hidden_now && !c.is_whitespace() {
            self.flush()?;
        }
        if self.block.start.is_none() {
            self.block.hidden = hidden_now;
        }
        self.block.add(c, pos);
        Ok(())
    }

    fn flush(&mut self) -> Result<(), ExtractError> {
        let hidden = self.block.hidden;
        if let Some((text, start)) = self.block.take() {
            let loc = if hidden {
                Loc::part(Part::Body).hidden_as(Part::HiddenText)
            } else {
                Loc::part(Part::Body)
            };
            let loc = self.at(loc, start);
            self.b.push(&text, loc)?;
        }
        Ok(())
    }

    /// The start or end of a block element.
    fn boundary(&mut self) -> Result<(), ExtractError> {
        if let Some(t) = self.tables.last_mut() {
            if !t.layout {
                if let Some(cell) = t.cell.as_mut() {
                    cell.acc.sep();
                    cell.hidden_acc.sep();
                    return Ok(());
                }
            }
        }
        self.flush()
    }

    fn start(
        &mut self,
        name: String,
        attrs: &[Attr<'s>],
        self_closing: bool,
    ) -> Result<(), ExtractError> {
        let own_hidden = has_hidden_style(attrs);
        let hidden_ctx = own_hidden || self.hidden > 0;
        for a in attrs {
            if matches!(a.name.as_str(), "alt" | "title") {
                let v = attr_text(a.value);
                let loc = Loc::part(Part::Attribute).with_field(&a.name);
                self.side(&v, loc, a.value_pos)?;
            }
        }
        match name.as_str() {
            "meta" => return self.meta(attrs),
            "input" => return self.input(attrs, hidden_ctx),
            _ => {}
        }
        self.implicit_close(&name)?;
        let block = BLOCK.contains(&name.as_str());
        if block {
            self.boundary()?;
        }
        let mut role = Role::None;
        match name.as_str() {
            "table" => {
                self.open_table()?;
                role = Role::Table;
            }
            "tr" => {
                self.open_row(own_hidden);
                role = Role::Row;
            }
            "td" | "th" => {
                self.open_cell(attrs, hidden_ctx);
                role = Role::Cell;
            }
            "col" => self.col(attrs, own_hidden),
            _ => {}
        }
        if let Some(kind) = self.raw_kind(&name) {
            if !self_closing {
                self.raw = Some(kind);
            }
        }
        let void = VOID.contains(&name.as_str()) || (self_closing && name.contains(':'));
        if void {
            return Ok(());
        }
        if self.stack.len() >= MAX_STACK && !own_hidden && role == Role::None {
            return Ok(());
        }
        if own_hidden {
            self.hidden += 1;
        }
        self.stack.push(Open {
            name,
            hidden: own_hidden,
            role,
        });
        Ok(())
    }

    fn raw_kind(&self, name: &str) -> Option<RawKind> {
        Some(match name {
            "script" | "style" | "template" | "iframe" | "noembed" | "noframes" => RawKind::Skip,
            "title" => RawKind::Title,
            "textarea" => RawKind::Text(true),
            "xmp" | "plaintext" => RawKind::Text(false),
            "xml" => RawKind::Xml,
            _ => return None,
        })
    }

    /// Closes what HTML closes implicitly before `name` opens.
    fn implicit_close(&mut self, name: &str) -> Result<(), ExtractError> {
        let target: &[&str] = match name {
            "li" => &["li"],
            "dd" | "dt" => &["dd", "dt"],
            "option" => &["option"],
            "td" | "th" => &["td", "th"],
            "tr" => &["tr"],
            _ => &[],
        };
        let stop: &[&str] = match name {
            "li" => &["ul", "ol", "menu", "dir"],
            "dd" | "dt" => &["dl"],
            "option" => &["select", "datalist"],
            "td" | "th" => &["tr", "table"],
            "tr" => &["table"],
            _ => &[],
        };
        if !target.is_empty() {
            if let Some(i) = self.find_open(target, stop) {
                self.pop_to(i)?;
            }
        }
        if CLOSES_P.contains(&name) {
            if let Some(i) = self.find_open(&["p"], &[]) {
                self.pop_to(i)?;
            }
        }
        Ok(())
    }

    /// The index of the topmost open element named in `names`, not past `stop` or a scope
    /// boundary.
    fn find_open(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for (i, e) in self.stack.iter().enumerate().rev().take(END_SEARCH) {
            if names.contains(&e.name.as_str()) {
                return Some(i);
            }
            if stop.contains(&e.name.as_str()) || SCOPE.contains(&e.name.as_str()) {
                return None;
            }
        }
        None
    }

    fn end(&mut self, name: &str) -> Result<(), ExtractError> {
        if name == "br" {
            return self.boundary();
        }
        let found = self
            .stack
            .iter()
            .enumerate()
            .rev()
            .take(END_SEARCH)
            .find(|(_, e)| e.name == name)
            .map(|(i, _)| i);
        if let Some(i) = found {
            self.pop_to(i)?;
        }
        Ok(())
    }

    /// Pops the elements from the top down to index `i` (inclusive), closing what they
    /// opened.
    fn pop_to(&mut self, i: usize) -> Result<(), ExtractError> {
        while self.stack.len() > i {
            let Some(e) = self.stack.pop() else { break };
            match e.role {
                Role::Cell => self.close_cell(),
                Role::Row => self.close_row()?,
                Role::Table => self.close_table()?,
                Role::None => {}
            }
            if BLOCK.contains(&e.name.as_str()) {
                self.boundary()?;
            }
            if e.hidden {
                self.hidden = self.hidden.saturating_sub(1);
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExtractError> {
        self.pop_to(0)?;
        self.flush()?;
        self.drain_side()
    }

    // --- tables ---

    fn open_table(&mut self) -> Result<(), ExtractError> {
        self.flush()?;
        // A table inside a cell: the outer table is layout; its pending cells become
        // blocks.
        let mut pending: Vec<(String, usize, bool)> = Vec::new();
        if let Some(outer) = self.tables.last_mut() {
            if !outer.layout && (outer.cell.is_some() || outer.row.is_some()) {
                outer.layout = true;
                let mut cells: Vec<CellBuf> = outer.row.take().map(|r| r.cells).unwrap_or_default();
                cells.extend(outer.cell.take());
                for mut c in cells {
                    let hidden = c.ctx_hidden;
                    if let Some((t, s)) = c.acc.take() {
                        pending.push((t, s, hidden));
                    }
                    if let Some((t, s)) = c.hidden_acc.take() {
                        pending.push((t, s, true));
                    }
                }
            }
        }
        for (text, start, hidden) in pending {
            let loc = if hidden {
                Loc::part(Part::Body).hidden_as(Part::HiddenText)
            } else {
                Loc::part(Part::Body)
            };
            let loc = self.at(loc, start);
            self.b.push(&text, loc)?;
        }
        self.b.end_block();
        self.tables.push(Table::default());
        Ok(())
    }

    fn close_table(&mut self) -> Result<(), ExtractError> {
        self.close_cell();
        self.close_row()?;
        self.flush()?;
        self.tables.pop();
        self.b.end_block();
        self.drain_side()
    }

    fn open_row(&mut self, hidden: bool) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        if t.layout {
            return;
        }
        t.rows = t.rows.saturating_add(1);
        t.row = Some(RowBuf {
            n: t.rows,
            hidden,
            cells: Vec::new(),
            next_col: 1,
        });
    }

    fn open_cell(&mut self, attrs: &[Attr], hidden_ctx: bool) {
        if self
            .tables
            .last()
            .is_some_and(|t| !t.layout && t.row.is_none())
        {
            self.open_row(false);
        }
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        if t.layout {
            return;
        }
        let Some(row) = t.row.as_mut() else { return };
        let mut col = row.next_col;
        while col < MAX_COLS
            && t.spans
                .get(col as usize - 1)
                .is_some_and(|&remaining| remaining > 0)
        {
            col += 1;
        }
        let colspan = span_attr(attrs, "colspan", 1000).min(MAX_COLS + 1 - col.min(MAX_COLS));
        let rowspan = span_attr(attrs, "rowspan", 65_534);
        row.next_col = (col + colspan).min(MAX_COLS);
        t.cell = Some(CellBuf {
            col,
            colspan,
            rowspan,
            acc: Acc::default(),
            hidden_acc: Acc::default(),
            ctx_hidden: hidden_ctx,
        });
    }

    fn close_cell(&mut self) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let Some(cell) = t.cell.take() else { return };
        if cell.rowspan > 1 {
            let from = cell.col as usize - 1;
            let to = from + cell.colspan as usize;
            if t.spans.len() < to {
                t.spans.resize(to, 0);
            }
            for s in t.spans.iter_mut().take(to).skip(from) {
                *s = (*s).max(cell.rowspan);
            }
        }
        if let Some(row) = t.row.as_mut() {
            row.cells.push(cell);
        }
    }

    fn col(&mut self, attrs: &[Attr], hidden: bool) {
        let Some(t) = self.tables.last_mut() else {
            return;
        };
        let span = span_attr(attrs, "span", 1000);
        for _ in 0..span {
            if t.col_hidden.len() >= MAX_COLS as usize {
                break;
            }
            t.col_hidden.push(hidden);
        }
    }

    fn close_row(&mut self) -> Result<(), ExtractError> {
        self.close_cell();
        let Some(t) = self.tables.last_mut() else {
            return Ok(());
        };
        let Some(mut row) = t.row.take() else {
            return Ok(());
        };
        for s in t.spans.iter_mut() {
            *s = s.saturating_sub(1);
        }
        let col_hidden: Vec<bool> = row
            .cells
            .iter()
            .map(|c| {
                t.col_hidden
                    .get(c.col as usize - 1)
                    .copied()
                    .unwrap_or(false)
            })
            .collect();
        row.cells.sort_by_key(|c| c.col);
        let width = row
            .cells
            .iter()
            .map(|c| c.col + c.colspan - 1)
            .max()
            .unwrap_or(0);
        let mut out: Vec<(String, Loc)> = Vec::new();
        let mut extra: Vec<(String, Loc)> = Vec::new();
        let mut next = 1u32;
        let mut single_wide = None;
        let mut non_empty = 0;
        for (cell, col_hidden) in row.cells.iter_mut().zip(col_hidden) {
            while next < cell.col {
                out.push((String::new(), Loc::default()));
                next += 1;
            }
            let mut loc = Loc {
                row: Some(row.n),
                col: Some(cell.col),
                cell: Some(a1(row.n, cell.col)),
                ..Loc::part(Part::Body)
            };
            if row.hidden {
                loc = loc.hidden_as(Part::HiddenRow);
            } else if col_hidden {
                loc = loc.hidden_as(Part::HiddenColumn);
            } else if cell.ctx_hidden {
                loc = loc.hidden_as(Part::HiddenText);
            }
            if let Some((text, start)) = cell.hidden_acc.take() {
                let l = loc.clone().hidden_as(Part::HiddenText);
                let (ln, c) = self.lines.at(start);
                extra.push((text, l.with_line(ln, c)));
            }
            let text = match cell.acc.take() {
                Some((text, start)) => {
                    let (ln, c) = self.lines.at(start);
                    loc = loc.with_line(ln, c);
                    non_empty += 1;
                    if cell.colspan > 1 {
                        single_wide = Some(out.len());
                    }
                    text
                }
                None => String::new(),
            };
            out.push((text, loc));
            next = cell.col + 1;
            for _ in 1..cell.colspan {
                if next > width {
                    break;
                }
                out.push((String::new(), Loc::default()));
                next += 1;
            }
        }
        if non_empty == 1 && single_wide.is_some() {
            // A title row spanning the table: a line of its own, not a header.
            if let Some((text, loc)) = single_wide.and_then(|i| out.get(i)) {
                self.b.push(text, loc.clone())?;
            }
        } else if non_empty > 0 {
            self.b
                .row(out.iter().map(|(t, l)| (t.as_str(), l.clone())))?;
        }
        if let Some(t) = self.tables.last_mut() {
            t.emitted |= non_empty > 0;
        }
        self.side.extend(extra);
        Ok(())
    }

    // --- special elements ---

    fn meta(&mut self, attrs: &[Attr]) -> Result<(), ExtractError> {
        let (Some(name), Some(content)) = (attr(attrs, "name"), attr(attrs, "content")) else {
            return Ok(());
        };
        let field = name.value.trim();
        let lower = field.to_ascii_lowercase();
        if field.is_empty()
            || META_SKIP.contains(&lower.as_str())
            || lower.starts_with("apple-")
            || lower.starts_with("msapplication")
            || lower.ends_with("-verification")
            || lower.ends_with("_verification")
            || lower.ends_with("-site-verification")
        {
            return Ok(());
        }
        let value = attr_text(content.value);
        self.side(&value, Loc::metadata(field), content.value_pos)
    }

    fn input(&mut self, attrs: &[Attr], hidden_ctx: bool) -> Result<(), ExtractError> {
        let Some(value) = attr(attrs, "value") else {
            return Ok(());
        };
        let kind = attr(attrs, "type")
            .map(|a| a.value.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let v = attr_text(value.value);
        let mut loc = match kind.as_str() {
            "hidden" => Loc::part(Part::HiddenText),
            "" | "text" | "search" | "tel" | "email" | "number" | "url" => {
                let mut l = Loc::part(Part::FormData);
                l.hidden = false;
                l
            }
            _ => return Ok(()),
        };
        loc.hidden |= hidden_ctx;
        let field = attr(attrs, "name")
            .map(|n| format!("input {}", n.value.trim()))
            .unwrap_or_else(|| "input".to_string());
        self.side(&v, loc.with_field(&field), value.value_pos)
    }

    fn raw_text(&mut self, start: usize, end: usize) -> Result<(), ExtractError> {
        let Some(kind) = self.raw.take() else {
            return Ok(());
        };
        let src = self.src;
        let raw = src.get(start..end).unwrap_or("");
        match kind {
            RawKind::Skip => Ok(()),
            RawKind::Title => {
                let mut acc = Acc::default();
                decode_chars(raw, start, true, |c, p| acc.add(c, p));
                if let Some((text, s)) = acc.take() {
                    let mut loc = Loc::part(Part::Title);
                    if self.hidden > 0 {
                        loc = loc.hidden_as(Part::HiddenText);
                    }
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.side(&text, loc, s)?;
                }
                Ok(())
            }
            RawKind::Text(decode) => {
                self.boundary()?;
                let mut result = Ok(());
                if decode {
                    decode_chars(raw, start, false, |c, p| {
                        if result.is_ok() {
                            result = self.text_char(c, p);
                        }
                    });
                } else {
                    for (k, c) in raw.char_indices() {
                        if result.is_ok() {
                            result = self.text_char(c, start + k);
                        }
                    }
                }
                result?;
                self.boundary()
            }
            RawKind::Xml => self.office_xml(start, end),
        }
    }

    fn comment(&mut self, start: usize, end: usize) -> Result<(), ExtractError> {
        let src = self.src;
        let content = src.get(start..end).unwrap_or("");
        let trimmed = content.trim_start();
        if trimmed.starts_with("[if") || trimmed.starts_with("[endif") {
            // Office conditional comments: markup for old renderers; only the document
            // properties inside an XML island are of interest.
            if let Some(x) = memchr::memmem::find(content.as_bytes(), b"<xml") {
                let inner = memchr::memchr(b'>', content.as_bytes().get(x..).unwrap_or(&[]))
                    .map_or(end, |k| start + x + k + 1);
                return self.office_xml(inner, end);
            }
            return Ok(());
        }
        let lead = content.len() - trimmed.len();
        self.side(
            trimmed.trim_end(),
            Loc::part(Part::SourceComment),
            start + lead,
        )
    }

    /// Word/Excel XML island: `o:DocumentProperties` (Author, LastAuthor, Company …) and
    /// `o:CustomDocumentProperties` as metadata.
    fn office_xml(&mut self, start: usize, end: usize) -> Result<(), ExtractError> {
        let src = self.src;
        let mut props: Option<bool> = None;
        let mut field: Option<(String, Acc)> = None;
        let mut found: Vec<(String, String, usize)> = Vec::new();
        for tok in Tokenizer::new(src, start, end) {
            match tok {
                Token::Start { name, raw_name, .. } => match name.as_str() {
                    "o:documentproperties" => props = Some(false),
                    "o:customdocumentproperties" => props = Some(true),
                    _ => {
                        if let (Some(custom), Some(local)) = (props, raw_name.strip_prefix("o:")) {
                            let f = if custom {
                                format!("custom:{local}")
                            } else {
                                local.to_string()
                            };
                            field = Some((f, Acc::default()));
                        }
                    }
                },
                Token::Text { start: s, end: e } | Token::Raw { start: s, end: e } => {
                    if let Some((_, acc)) = field.as_mut() {
                        decode_chars(src.get(s..e).unwrap_or(""), s, true, |c, p| acc.add(c, p));
                    }
                }
                Token::End { name } => {
                    if name == "o:documentproperties" || name == "o:customdocumentproperties" {
                        props = None;
                    } else if let Some((f, mut acc)) = field.take() {
                        let skip = OFFICE_SKIP.contains(&f.to_ascii_lowercase().as_str());
                        if let (false, Some((text, s))) = (skip, acc.take()) {
                            found.push((f, text, s));
                        }
                    }
                }
                Token::Comment { .. } => {}
            }
        }
        for (f, text, s) in found {
            self.side(&text, Loc::metadata(&f), s)?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    fn run(bytes: &[u8]) -> Result<Document, ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.html",
            encoding: None,
        };
        extract(bytes, &ctx)
    }

    /// (text, part, hidden, line, column) of each segment.
    fn segs(doc: &Document) -> Vec<(String, Part, bool, u64, u64)> {
        doc.segments
            .iter()
            .map(|s| {
                (
                    doc.text.get(s.start..s.end).unwrap_or("").to_string(),
                    s.loc.part,
                    s.loc.hidden,
                    s.loc.line.unwrap_or(0),
                    s.loc.column.unwrap_or(0),
                )
            })
            .collect()
    }

    fn find<'a>(
        v: &'a [(String, Part, bool, u64, u64)],
        needle: &str,
    ) -> Option<&'a (String, Part, bool, u64, u64)> {
        v.iter().find(|s| s.0.contains(needle))
    }

    #[test]
    fn gbk_meta_prescan() {
        let (page, _, _) = GBK.encode(
            "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
             <title>通知</title></head><body><p>身份证号码</p></body></html>",
        );
        assert_eq!(prescan(&page), Some(GB18030));
        let text = decode(&page, None);
        assert!(text.contains("身份证号码"), "{text}");
        let (page, _, _) = GBK.encode("<meta charset=\"GBK\"><p>张三</p>");
        assert!(decode(&page, None).contains("张三"));
    }

    #[test]
    fn blocks_inline_and_positions() -> Result<(), ExtractError> {
        let html = "<html>\n<body>\n  <p>电话：<span>138</span>0013&#56;000</p>\n<div>a<br>  b&nbsp;c</div>\n</body>";
        let doc = run(html.as_bytes())?;
        let s = segs(&doc);
        let p = find(&s, "电话").ok_or(ExtractError::Corrupt("p".into()))?;
        assert_eq!(p.0, "电话：13800138000");
        assert_eq!((p.1, p.2, p.3, p.4), (Part::Body, false, 3, 6));
        let b = find(&s, "b c").ok_or(ExtractError::Corrupt("b".into()))?;
        assert_eq!((b.3, b.4), (4, 13));
        assert!(find(&s, "a").is_some());
        Ok(())
    }

    #[test]
    fn hidden_comments_attributes_title_meta() -> Result<(), ExtractError> {
        let html = "<html><head><title>标 题</title><meta name=\"Author\" content=\"张三\">\
            <script>var x = '13800138000';</script><style>p{}</style></head>\
            <body><!-- 备注 13912345678 --><img src=a.png alt=\"照片 李四\">\
            <div style=\"DISPLAY: none\">secret <b>110101199003074514</b></div>\
            <p hidden>h2</p><input type=hidden name=sfz value=\"430102198001010011\">\
            <p>shown</p></body></html>";
        let doc = run(html.as_bytes())?;
        let s = segs(&doc);
        assert!(!doc.text.contains("13800138000"), "script leaked");
        assert_eq!(
            find(&s, "标 题").map(|x| (x.1, x.2)),
            Some((Part::Title, false))
        );
        assert_eq!(
            find(&s, "张三").map(|x| (x.1, x.2)),
            Some((Part::Metadata, true))
        );
        assert_eq!(
            find(&s, "13912345678").map(|x| (x.1, x.2)),
            Some((Part::SourceComment, true))
        );
        assert_eq!(
            find(&s, "李四").map(|x| (x.1, x.2)),
            Some((Part::Attribute, true))
        );
        assert_eq!(
            find(&s, "110101199003074514").map(|x| (x.0.as_str(), x.1, x.2)),
            Some(("secret 110101199003074514", Part::HiddenText, true))
        );
        assert_eq!(find(&s, "h2").map(|x| x.1), Some(Part::HiddenText));
        assert_eq!(
            find(&s, "430102198001010011").map(|x| (x.1, x.2)),
            Some((Part::HiddenText, true))
        );
        assert_eq!(
            find(&s, "shown").map(|x| (x.1, x.2)),
            Some((Part::Body, false))
        );
        Ok(())
    }

    #[test]
    fn tables_rows_spans_and_hidden_rows() -> Result<(), ExtractError> {
        let html = "<table><tr><td colspan=3>名单</td></tr>\
            <tr><th>姓名</th><th>身份证号</th><th>备注</th></tr>\
            <tr><td rowspan=2>张三</td><td>110101199003074514</td><td>x</td></tr>\
            <tr><td>11010519491231002X</td><td>y</td></tr>\
            <tr style='display:none'><td>李四<td>430102198001010011<td>z</tr></table><p>after</p>";
        let doc = run(html.as_bytes())?;
        assert!(
            doc.text
                .contains("名单\n姓名\t身份证号\t备注\n张三\t110101199003074514\tx\n\t11010519491231002X\ty\n李四\t430102198001010011\tz\n\nafter"),
            "{:?}",
            doc.text
        );
        let at = doc.text.find("11010519491231002X").unwrap_or(0);
        let seg = doc
            .segment_at(at)
            .map(|s| s.loc.clone())
            .unwrap_or_default();
        assert_eq!(
            (seg.row, seg.col, seg.cell.as_deref()),
            (Some(4), Some(2), Some("B4"))
        );
        let at = doc.text.find("430102198001010011").unwrap_or(0);
        let seg = doc
            .segment_at(at)
            .map(|s| s.loc.clone())
            .unwrap_or_default();
        assert_eq!(
            (seg.part, seg.hidden, seg.row),
            (Part::HiddenRow, true, Some(5))
        );
        Ok(())
    }

    #[test]
    fn layout_tables_become_blocks() -> Result<(), ExtractError> {
        let html = "<table><tr><td>导航<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>尾</td></tr></table>";
        let doc = run(html.as_bytes())?;
        assert!(doc.text.contains("导航\n"), "{:?}", doc.text);
        assert!(doc.text.contains("a\tb\n1\t2\n"), "{:?}", doc.text);
        assert!(doc.text.contains("尾"), "{:?}", doc.text);
        Ok(())
    }

    #[test]
    fn word_document_properties() -> Result<(), ExtractError> {
        let html = "<html><head><!--[if gte mso 9]><xml>\n<o:DocumentProperties>\n\
            <o:Author>王五</o:Author>\n<o:LastAuthor>赵六</o:LastAuthor>\n<o:Revision>3</o:Revision>\n\
            <o:Company>某局</o:Company>\n</o:DocumentProperties>\n</xml><![endif]--></head>\
            <body><![if !supportLists]>1.<![endif]>正文</body></html>";
        let doc = run(html.as_bytes())?;
        let s = segs(&doc);
        let author = doc
            .segments
            .iter()
            .find(|x| x.loc.field.as_deref() == Some("Author"))
            .map(|x| (doc.text.get(x.start..x.end).unwrap_or(""), x.loc.line));
        assert_eq!(author, Some(("王五", Some(3))));
        assert!(find(&s, "赵六").is_some() && find(&s, "某局").is_some());
        assert!(find(&s, "3").is_none_or(|x| x.0 != "3"));
        assert_eq!(find(&s, "正文").map(|x| x.1), Some(Part::Body));
        Ok(())
    }

    #[test]
    fn one_long_line_is_located_in_linear_time() -> Result<(), ExtractError> {
        let block = "<p title=\"t\">段落 13800138000</p>";
        let page = block.repeat(60_000);
        let started = std::time::Instant::now();
        let doc = run(page.as_bytes())?;
        let last = doc.segments.last().map(|s| (s.loc.line, s.loc.column));
        let chars = block.chars().count() as u64;
        assert_eq!(last, Some((Some(1), Some(59_999 * chars + 14))));
        assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
        Ok(())
    }

    #[test]
    fn hostile_markup_does_not_panic() -> Result<(), ExtractError> {
        for html in [
            "<",
            "<a",
            "<a href='",
            "<!--",
            "</",
            "<table><td colspan=99999999 rowspan=99999999>x",
            "&#xFFFFFFFFF;&#;&#x;&",
            "<p>é&",
            "<title>",
            "<script>",
        ] {
            run(html.as_bytes())?;
        }
        let deep = "<div>".repeat(20_000) + "x" + &"</span>".repeat(20_000);
        let doc = run(deep.as_bytes())?;
        assert!(doc.text.contains('x'));
        Ok(())
    }
}
