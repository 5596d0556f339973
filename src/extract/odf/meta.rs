//! `meta.xml`: the document properties (title, subject, author, keywords, user-defined
//! fields, template) as metadata; dates, counts and the generator are left out.

use crate::extract::document::{DocumentBuilder, Loc};
use crate::extract::limits::ExtractError;
use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// Document properties of `meta.xml` that are not dates, counts or the generator.
const META_SKIP: &[&str] = &[
    "generator",
    "creation-date",
    "date",
    "print-date",
    "editing-cycles",
    "editing-duration",
    "document-statistic",
    "language",
    "hyperlink-behaviour",
    "auto-reload",
];

pub(super) fn push_meta(
    xml: &[u8],
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "meta.xml");
    let mut current: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                // office:document-meta (1) > office:meta (2) > property (3).
                if r.depth() != 3 && !(empty && r.depth() == 2) {
                    continue;
                }
                let name = e.local_name().as_ref().to_string();
                if META_SKIP.contains(&name.as_str()) {
                    continue;
                }
                if name == "template" {
                    for key in ["href", "title"] {
                        if let Some(v) = attr(&e, key) {
                            b.push(&v, Loc::metadata(&format!("template:{key}")))?;
                        }
                    }
                    continue;
                }
                if empty {
                    continue;
                }
                current = Some(if name == "user-defined" {
                    format!("custom:{}", attr(&e, "name").unwrap_or_default())
                } else {
                    name
                });
                text.clear();
            }
            XmlEvent::Text(t) => {
                if current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { .. } => {
                if r.depth() == 2 {
                    if let Some(name) = current.take() {
                        b.push(text.trim(), Loc::metadata(&name))?;
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}
