//! The package's entry points: `OFD.xml` (its `DocBody`s, their `DocInfo` metadata and
//! `DocRoot`) and each document's `Document.xml` (pages, template pages and the lists of
//! annotations, attachments and custom tags), plus resolving the paths parts write to
//! each other, which producers disagree on.

use std::collections::HashMap;

use crate::extract::document::DocumentBuilder;
use crate::extract::limits::ExtractError;
use crate::extract::package::{resolve_target, Package};
use crate::extract::xml::{attr, local, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// `DocInfo` children that are ids, dates or paths, not text a reviewer needs.
const SKIP_INFO: &[&str] = &[
    "DocID",
    "CreationDate",
    "ModDate",
    "CreatorVersion",
    "Cover",
    "DocInfo",
    "Keywords",
    "CustomDatas",
];

/// One `DocBody` of `OFD.xml`.
#[derive(Default)]
pub(super) struct DocBody {
    /// (field, value) of `DocInfo`.
    pub(super) info: Vec<(String, String)>,
    pub(super) root: Option<String>,
}

/// What `Document.xml` points at.
#[derive(Default)]
pub(super) struct DocParts {
    /// (page ID, BaseLoc) in order.
    pub(super) pages: Vec<(String, String)>,
    /// TemplatePage ID → BaseLoc.
    pub(super) templates: HashMap<String, String>,
    pub(super) annotations: Option<String>,
    pub(super) attachments: Option<String>,
    pub(super) custom_tags: Option<String>,
}

/// Normalises a path written in the package (`\` → `/`, surrounding blanks).
pub(super) fn clean(path: &str) -> String {
    path.trim().replace('\\', "/")
}

/// The package part a location refers to: relative to the referring part, else to the
/// document root's folder, else to the package root.
pub(super) fn locate(
    pkg: &Package,
    from: &str,
    doc_root: &str,
    loc: &str,
) -> Result<String, ExtractError> {
    let loc = clean(loc);
    let candidates = [
        resolve_target(from, &loc),
        resolve_target(doc_root, &loc),
        loc.trim_start_matches('/').to_string(),
    ];
    for c in &candidates {
        if pkg.has(c) {
            return Ok(c.clone());
        }
    }
    Err(ExtractError::Corrupt(format!(
        "OFD part {loc} (referred to by {from}) is missing"
    )))
}

/// Whether a part the package does not have is reported.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum IfMissing {
    /// Pages and attachments: a page we cannot find may be a path we resolve wrongly,
    /// so it is reported rather than dropped.
    Report,
    /// Annotation, tag and template lists: producers leave dangling references (Suwell
    /// writes `<Annotations>` for an `Annotations.xml` it never stores); a part that is
    /// not there hides nothing.
    Skip,
}

/// Reads a part a location refers to; a failure becomes a member error and `None`.
pub(super) fn read_loc(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    (from, doc_root): (&str, &str),
    loc: &str,
    missing: IfMissing,
) -> Option<(String, Vec<u8>)> {
    let path = match locate(pkg, from, doc_root, loc) {
        Ok(path) => path,
        Err(e) => {
            if missing == IfMissing::Report {
                b.member(clean(loc).trim_start_matches('/').to_string(), Err(e), true);
            }
            return None;
        }
    };
    match pkg.read(&path) {
        Ok(xml) => Some((path, xml)),
        Err(e) => {
            b.member(path, Err(e), true);
            None
        }
    }
}

pub(super) fn parse_ofd_xml(xml: &[u8], ctx: &Ctx) -> Result<Vec<DocBody>, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "OFD.xml");
    let mut bodies: Vec<DocBody> = Vec::new();
    let mut in_info = false;
    let mut current: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                let name = local(&e);
                match name.as_str() {
                    "DocBody" => bodies.push(DocBody::default()),
                    "DocInfo" => in_info = !empty,
                    "CustomData" => current = attr(&e, "Name").or(Some("CustomData".into())),
                    _ if !empty => current = Some(name),
                    _ => {}
                }
                text.clear();
            }
            XmlEvent::Text(t) => {
                if current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { local } => {
                if local == "DocInfo" {
                    in_info = false;
                }
                let Some(field) = current.take() else {
                    continue;
                };
                let value = text.trim();
                if value.is_empty() {
                    continue;
                }
                let Some(body) = bodies.last_mut() else {
                    continue;
                };
                if local == "DocRoot" && !in_info {
                    body.root = Some(value.to_string());
                } else if in_info && !SKIP_INFO.contains(&field.as_str()) {
                    body.info.push((field, value.to_string()));
                }
                text.clear();
            }
            XmlEvent::Eof => return Ok(bodies),
            XmlEvent::Comment(_) => {}
        }
    }
}

pub(super) fn parse_document(xml: &[u8], what: &str, ctx: &Ctx) -> Result<DocParts, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    let mut parts = DocParts::default();
    let mut current: Option<String> = None;
    let mut text = String::new();
    let max = ctx.budget.limits.max_members;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                let name = local(&e);
                match name.as_str() {
                    "Page" => {
                        if let Some(loc) = attr(&e, "BaseLoc") {
                            if parts.pages.len() >= max {
                                return Err(ExtractError::Limit(format!(
                                    "{what}: more than {max} pages"
                                )));
                            }
                            parts.pages.push((attr(&e, "ID").unwrap_or_default(), loc));
                        }
                    }
                    "TemplatePage" => {
                        if let (Some(id), Some(loc)) = (attr(&e, "ID"), attr(&e, "BaseLoc")) {
                            if parts.templates.len() < max {
                                parts.templates.insert(id, loc);
                            }
                        }
                    }
                    "Annotations" | "Attachments" | "CustomTags" if !empty => {
                        current = Some(name);
                        text.clear();
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { .. } => {
                if let Some(which) = current.take() {
                    let loc = Some(text.trim().to_string()).filter(|t| !t.is_empty());
                    match which.as_str() {
                        "Annotations" => parts.annotations = loc,
                        "Attachments" => parts.attachments = loc,
                        _ => parts.custom_tags = loc,
                    }
                }
            }
            XmlEvent::Eof => return Ok(parts),
            XmlEvent::Comment(_) => {}
        }
    }
}
