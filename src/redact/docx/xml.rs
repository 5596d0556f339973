//! Span-based XML editing: a pull reader that reports each event with its byte range in the
//! original part (guarded like the extractor's: no DTD, bounded nesting, character and
//! predefined entities resolved the same way), and a list of splices applied to the
//! original bytes so everything not spliced stays byte-identical.

use std::borrow::Cow;
use std::ops::Range;

use quick_xml::events::attributes::Attribute;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use crate::redact::{Plan, RedactError};

/// One event of interest, names reduced to their local part by the caller.
pub(super) enum Ev<'a> {
    Start {
        e: BytesStart<'a>,
        empty: bool,
    },
    End,
    /// Text content with references resolved (one text node may come in several pieces).
    Text(Cow<'a, str>),
    /// Comments, processing instructions, the declaration: nothing to read.
    Other,
    Eof,
}

pub(super) struct PosReader<'a> {
    reader: Reader<&'a [u8]>,
    /// Bytes skipped before the reader's input (a UTF-8 byte-order mark).
    base: usize,
    depth: usize,
    max_depth: usize,
    part: &'a str,
}

impl<'a> PosReader<'a> {
    pub(super) fn new(bytes: &'a [u8], max_depth: usize, part: &'a str) -> Self {
        let body = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = Reader::from_reader(body);
        let config = reader.config_mut();
        // As the extractor reads: what it accepts, the rewriter accepts.
        config.check_end_names = false;
        config.expand_empty_elements = false;
        PosReader {
            reader,
            base: bytes.len() - body.len(),
            depth: 0,
            max_depth,
            part,
        }
    }

    pub(super) fn depth(&self) -> usize {
        self.depth
    }

    fn pos(&self) -> usize {
        usize::try_from(self.reader.buffer_position())
            .unwrap_or(usize::MAX)
            .saturating_add(self.base)
    }

    /// The next event and the byte range it occupies in the part.
    // Not an `Iterator`: every step can fail, and the end is an event of its own.
    #[allow(clippy::should_implement_trait)]
    pub(super) fn next(&mut self) -> Result<(Ev<'a>, Range<usize>), RedactError> {
        loop {
            let start = self.pos();
            let event = self.reader.read_event().map_err(|_| {
                // quick-xml's messages may quote content; the position is enough.
                RedactError::Malformed(format!(
                    "{}: malformed XML near byte {}",
                    self.part,
                    self.reader.error_position()
                ))
            })?;
            let span = start..self.pos();
            let ev = match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Err(RedactError::Malformed(format!(
                            "{}: XML nested deeper than {} elements",
                            self.part, self.max_depth
                        )));
                    }
                    Ev::Start { e, empty: false }
                }
                Event::Empty(e) => Ev::Start { e, empty: true },
                Event::End(_) => {
                    self.depth = self.depth.saturating_sub(1);
                    Ev::End
                }
                Event::Text(t) => Ev::Text(t.into_inner()),
                Event::CData(t) => Ev::Text(t.into_inner()),
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        Ev::Text(Cow::Owned(c.to_string()))
                    } else {
                        let name = r.into_inner();
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(s) => Ev::Text(Cow::Borrowed(s)),
                            None => continue,
                        }
                    }
                }
                Event::DocType(_) => {
                    return Err(RedactError::Malformed(format!(
                        "{}: XML with a DTD (entity declarations are refused)",
                        self.part
                    )))
                }
                Event::Eof => Ev::Eof,
                Event::Comment(_) | Event::Decl(_) | Event::PI(_) => Ev::Other,
            };
            return Ok((ev, span));
        }
    }
}

/// The local name of an element (`w:t` → `t`).
pub(super) fn local<'e>(e: &'e BytesStart) -> &'e str {
    e.local_name().into_inner()
}

/// An attribute's unescaped value by local name.
pub(super) fn attr(e: &BytesStart, name: &str) -> Option<String> {
    crate::extract::xml::attr(e, name)
}

/// Text content escaped for an element.
pub(super) fn escape_text(s: &str) -> String {
    quick_xml::escape::partial_escape(s).into_owned()
}

/// One replacement of a byte range of the original part. `edits` counts the plan edits it
/// carries (for `Redacted::replaced`).
#[derive(Debug)]
pub(super) struct Splice {
    pub range: Range<usize>,
    pub with: String,
    pub edits: usize,
}

#[derive(Default)]
pub(super) struct Splices {
    list: Vec<Splice>,
}

impl Splices {
    pub(super) fn push(&mut self, range: Range<usize>, with: String, edits: usize) {
        self.list.push(Splice { range, with, edits });
    }

    /// How many splices are recorded: what [`Splices::remove_since`] looks back to.
    pub(super) fn len(&self) -> usize {
        self.list.len()
    }

    /// Removes `range` (a tag, or an element whose content was skipped) from the output.
    pub(super) fn remove(&mut self, range: Range<usize>) {
        self.remove_since(self.list.len(), range);
    }

    /// Removes `range`, an element that opened when `since` splices were recorded, dropping
    /// the splices recorded inside it since (text masked in a run that turns out to be
    /// hidden, a row deleted as a whole). Splices inside an element are all recorded after
    /// it opens, so only those are looked at.
    pub(super) fn remove_since(&mut self, since: usize, range: Range<usize>) {
        let mut i = since.min(self.list.len());
        while i < self.list.len() {
            let inside = self
                .list
                .get(i)
                .is_some_and(|s| s.range.start >= range.start && s.range.end <= range.end);
            if inside {
                self.list.swap_remove(i);
            } else {
                i += 1;
            }
        }
        self.list.push(Splice {
            range,
            with: String::new(),
            edits: 0,
        });
    }

    pub(super) fn is_empty(&self) -> bool {
        self.list.is_empty()
    }

    /// Plan edits carried by the splices.
    pub(super) fn edits(&self) -> usize {
        self.list.iter().map(|s| s.edits).sum()
    }

    /// The part with every splice applied. Overlapping splices (which the callers never
    /// record) fail rather than corrupt the part.
    pub(super) fn apply(mut self, xml: &[u8], part: &str) -> Result<Vec<u8>, RedactError> {
        self.list.sort_by_key(|s| (s.range.start, s.range.end));
        let mut out = Vec::with_capacity(xml.len());
        let mut at = 0;
        for s in &self.list {
            let before = xml.get(at..s.range.start).ok_or_else(|| {
                RedactError::Malformed(format!("{part}: overlapping edits of the XML"))
            })?;
            out.extend_from_slice(before);
            out.extend_from_slice(s.with.as_bytes());
            at = s.range.end;
        }
        out.extend_from_slice(xml.get(at..).unwrap_or(&[]));
        Ok(out)
    }
}

/// Local names of attributes whose values are text a reader or a scanner sees (link tips,
/// alt text, WordArt, field instructions, revision and comment authors).
pub(super) const TEXT_ATTRS: &[&str] = &[
    "tooltip", "descr", "title", "alt", "string", "instr", "author",
];

/// The start tag `e` rewritten with the plan applied to the values of the attributes
/// `wanted` accepts (by local name), and the number of edits; `None` when none of them holds
/// a plan value. Only this tag changes; its other attributes are copied as written.
pub(super) fn masked_tag(
    e: &BytesStart,
    empty: bool,
    plan: &Plan,
    wanted: impl Fn(&str) -> bool,
) -> Option<(String, usize)> {
    let value = |a: &Attribute| -> String {
        a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
            .map(Cow::into_owned)
            .unwrap_or_else(|_| a.value.to_string())
    };
    // Most tags have no wanted attribute: decide before building anything.
    let touched = e
        .attributes()
        .with_checks(false)
        .flatten()
        .any(|a| wanted(a.key.local_name().as_ref()) && plan.touches(&value(&a)));
    if !touched {
        return None;
    }
    let mut edits = 0;
    let mut attrs = Vec::new();
    for a in e.attributes().with_checks(false) {
        // A tag whose attributes cannot all be read is left; the rescan reports a value left.
        let a = a.ok()?;
        let key = a.key.as_ref().to_string();
        let new = if wanted(a.key.local_name().as_ref()) {
            let v = value(&a);
            plan.apply(&v).map(|new| (new, plan.edits(&v).len()))
        } else {
            None
        };
        match new {
            Some((v, n)) => {
                edits += n;
                attrs.push((key, quick_xml::escape::escape(v.as_str()).into_owned()));
            }
            None => attrs.push((key, a.value.to_string())),
        }
    }
    Some((rebuild_tag(e, empty, &attrs), edits))
}

/// A start tag from its name and (qualified name, raw escaped value) attributes.
pub(super) fn rebuild_tag(e: &BytesStart, empty: bool, attrs: &[(String, String)]) -> String {
    let mut tag = format!("<{}", e.name().as_ref());
    for (k, v) in attrs {
        // A raw value holding `"` was written between single quotes.
        let q = if v.contains('"') { '\'' } else { '"' };
        tag.push_str(&format!(" {k}={q}{v}{q}"));
    }
    tag.push_str(if empty { "/>" } else { ">" });
    tag
}

/// The splice that makes a text element keep leading/trailing white space
/// (`xml:space="preserve"`), or `None` when it already does. `span` is its start tag.
pub(super) fn preserve_space(
    e: &BytesStart,
    span: &Range<usize>,
) -> Option<(Range<usize>, String)> {
    let mut attrs = Vec::new();
    let mut had = false;
    for a in e.attributes().with_checks(false).flatten() {
        let key = a.key.as_ref().to_string();
        if key == "xml:space" {
            if a.value.as_ref() == "preserve" {
                return None;
            }
            had = true;
            attrs.push((key, "preserve".to_string()));
        } else {
            attrs.push((key, a.value.to_string()));
        }
    }
    if had {
        return Some((span.clone(), rebuild_tag(e, false, &attrs)));
    }
    // Inserted right after the element name: the rest of the tag is untouched.
    let at = span
        .start
        .saturating_add(1)
        .saturating_add(e.name().as_ref().len());
    Some((at..at, " xml:space=\"preserve\"".to_string()))
}
