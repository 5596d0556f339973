//! A guarded pull parser for the XML parts of OOXML, ODF and OFD packages. None of these
//! formats needs a DTD, so a `<!DOCTYPE` (the carrier of entity-expansion bombs) is refused
//! outright; element nesting is bounded; character and predefined entity references are
//! resolved (WPS and openpyxl write CJK as `&#22995;`), anything else is dropped.

use std::borrow::Cow;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::limits::ExtractError;

/// One event of interest, with names reduced to their local part (`w:t` → `t`).
#[derive(Debug)]
pub enum XmlEvent<'a> {
    /// An opening tag; `empty` when self-closing (no `End` follows).
    Start {
        e: BytesStart<'a>,
        empty: bool,
    },
    End {
        local: String,
    },
    /// Text content with entity references resolved. Consecutive pieces of one text node
    /// may come as several events.
    Text(Cow<'a, str>),
    /// `<!-- … -->` content.
    Comment(String),
    Eof,
}

pub struct XmlReader<'a> {
    reader: Reader<&'a [u8]>,
    depth: usize,
    max_depth: usize,
    what: String,
}

impl<'a> XmlReader<'a> {
    /// `what` names the part in error messages (`word/document.xml`).
    pub fn new(bytes: &'a [u8], max_depth: usize, what: &str) -> Self {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let mut reader = Reader::from_reader(bytes);
        let config = reader.config_mut();
        config.check_end_names = false;
        config.expand_empty_elements = false;
        XmlReader {
            reader,
            depth: 0,
            max_depth,
            what: what.to_string(),
        }
    }

    /// Current element depth (the root element is depth 1 while open).
    pub fn depth(&self) -> usize {
        self.depth
    }

    /// The next event. Errors on a DTD, on nesting deeper than the bound and on malformed
    /// XML.
    // Not an `Iterator`: every step can fail, and the end is an event of its own.
    #[allow(clippy::should_implement_trait)]
    pub fn next(&mut self) -> Result<XmlEvent<'a>, ExtractError> {
        loop {
            let event = self
                .reader
                .read_event()
                .map_err(|e| ExtractError::Corrupt(format!("{}: XML error: {e}", self.what)))?;
            match event {
                Event::Start(e) => {
                    self.depth += 1;
                    if self.depth > self.max_depth {
                        return Err(ExtractError::Limit(format!(
                            "{}: XML nested deeper than {} elements",
                            self.what, self.max_depth
                        )));
                    }
                    return Ok(XmlEvent::Start { e, empty: false });
                }
                Event::Empty(e) => return Ok(XmlEvent::Start { e, empty: true }),
                Event::End(e) => {
                    self.depth = self.depth.saturating_sub(1);
                    return Ok(XmlEvent::End {
                        local: e.local_name().as_ref().to_string(),
                    });
                }
                Event::Text(t) => {
                    return Ok(XmlEvent::Text(t.into_inner()));
                }
                Event::CData(t) => {
                    return Ok(XmlEvent::Text(t.into_inner()));
                }
                Event::GeneralRef(r) => {
                    if let Ok(Some(c)) = r.resolve_char_ref() {
                        return Ok(XmlEvent::Text(Cow::Owned(c.to_string())));
                    }
                    let name = r.into_inner().into_owned();
                    if let Some(s) = quick_xml::escape::resolve_predefined_entity(&name) {
                        return Ok(XmlEvent::Text(Cow::Borrowed(s)));
                    }
                }
                Event::Comment(c) => {
                    return Ok(XmlEvent::Comment(c.into_inner().into_owned()));
                }
                Event::DocType(_) => {
                    return Err(ExtractError::Limit(format!(
                        "{}: XML with a DTD (entity declarations can expand without bound; \
                         no office format needs one)",
                        self.what
                    )));
                }
                Event::Eof => return Ok(XmlEvent::Eof),
                Event::Decl(_) | Event::PI(_) => {}
            }
        }
    }
}

/// The local part of an element name (`w:p` → `p`).
pub fn local(e: &BytesStart) -> String {
    e.local_name().as_ref().to_string()
}

/// An attribute's unescaped value, matched by local name (`w:val` and `val` both match
/// `val`).
pub fn attr(e: &BytesStart, name: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == name {
            return Some(value(&a));
        }
    }
    None
}

fn value(a: &quick_xml::events::attributes::Attribute) -> String {
    match a.normalized_value(quick_xml::XmlVersion::Implicit1_0) {
        Ok(v) => v.into_owned(),
        Err(_) => a.value.to_string(),
    }
}

/// An attribute matched by its full qualified name (`r:id`, `xlink:href`).
pub fn attr_qualified(e: &BytesStart, name: &str) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.as_ref() == name {
            return Some(value(&a));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(xml: &str) -> Result<String, ExtractError> {
        let mut r = XmlReader::new(xml.as_bytes(), 8, "t.xml");
        let mut out = String::new();
        loop {
            match r.next()? {
                XmlEvent::Text(t) => out.push_str(&t),
                XmlEvent::Eof => return Ok(out),
                _ => {}
            }
        }
    }

    #[test]
    fn resolves_char_and_predefined_references() -> Result<(), ExtractError> {
        assert_eq!(texts("<a>&#22995;&#x540D;&amp;A&lt;</a>")?, "姓名&A<");
        Ok(())
    }

    #[test]
    fn refuses_dtd_and_deep_nesting() {
        let bomb = "<?xml version=\"1.0\"?><!DOCTYPE l [<!ENTITY a \"aa\">]><l>&a;</l>";
        assert!(matches!(texts(bomb), Err(ExtractError::Limit(_))));
        let deep = "<a>".repeat(20);
        assert!(matches!(texts(&deep), Err(ExtractError::Limit(_))));
    }
}
