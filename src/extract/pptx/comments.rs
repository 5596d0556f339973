//! Comments: the author lists (`ppt/commentAuthors.xml`, modern `ppt/authors.xml`) and the
//! comment parts, legacy `p:cmLst` and modern `p188:cmLst` with replies, each comment one
//! segment with its author's name in `field`.

use std::collections::HashMap;

use crate::extract::document::{DocumentBuilder, Loc};
use crate::extract::limits::ExtractError;
use crate::extract::package::Package;
use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// `p:cmAuthor id="0" name="…"` and modern `p188:author id="{…}" name="…"`.
pub(super) fn read_authors(
    pkg: &mut Package,
    part: &str,
    authors: &mut HashMap<String, String>,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let Some(xml) = pkg.read_opt(part)? else {
        return Ok(());
    };
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, part);
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } => {
                if matches!(e.local_name().as_ref(), "cmAuthor" | "author") {
                    if let (Some(id), Some(name)) = (attr(&e, "id"), attr(&e, "name")) {
                        authors.insert(id, name);
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// A comments part: legacy `p:cm` (`p:text`) or modern `p188:cm` (`p188:txBody`) with
/// replies; each comment is one segment with its author in `field`.
pub(super) fn comments(
    xml: &[u8],
    what: &str,
    base: &Loc,
    authors: &HashMap<String, String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    // Open comments and replies: (author, text).
    let mut open: Vec<(Option<String>, String)> = Vec::new();
    let mut in_text = 0usize;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                if empty {
                    continue;
                }
                match e.local_name().as_ref() {
                    "cm" | "reply" => {
                        let author = attr(&e, "authorId").and_then(|id| authors.get(&id).cloned());
                        open.push((author, String::new()));
                    }
                    "text" | "t" => in_text += 1,
                    "p" => {
                        if let Some((_, text)) = open.last_mut() {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                        }
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if in_text > 0 {
                    if let Some((_, text)) = open.last_mut() {
                        text.push_str(&t);
                    }
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "cm" | "reply" => {
                    if let Some((author, text)) = open.pop() {
                        let mut loc = base.clone();
                        loc.field = author;
                        b.push(text.trim(), loc)?;
                    }
                }
                "text" | "t" => in_text = in_text.saturating_sub(1),
                _ => {}
            },
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}
