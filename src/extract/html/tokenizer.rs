//! A small HTML tokenizer: start and end tags with attributes, text, comments and the
//! content of raw-text elements, each with its byte position in the decoded source (a tree
//! builder would lose the exact positions segments report).

/// An attribute: lowercased name, raw (entity-encoded) value and its source position.
#[derive(Debug)]
pub(crate) struct Attr<'a> {
    pub(crate) name: String,
    pub(crate) value: &'a str,
    pub(crate) value_pos: usize,
}

#[derive(Debug)]
pub(crate) enum Token<'a> {
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

pub(crate) struct Tokenizer<'a> {
    s: &'a str,
    pos: usize,
    end: usize,
    raw: Option<String>,
}

fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r' | b'\x0c')
}

impl<'a> Tokenizer<'a> {
    pub(crate) fn new(s: &'a str, start: usize, end: usize) -> Self {
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

/// The attribute named `name` (lowercase), if the tag has it.
pub(crate) fn attr<'x>(attrs: &'x [Attr], name: &str) -> Option<&'x Attr<'x>> {
    attrs.iter().find(|a| a.name == name)
}
