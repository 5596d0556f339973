//! OOXML relationships (`_rels/*.rels`): how a package part names the parts it uses
//! (headers, comments, slides, notes, embeddings) and its external targets (hyperlinks,
//! attached templates — paths on the drafter's PC). Shared by the docx and pptx readers.

use super::limits::ExtractError;
use super::package::{resolve_target, Package};
use super::xml::{attr, XmlEvent, XmlReader};
use super::Ctx;

/// One relationship of a part.
#[derive(Debug, Clone)]
pub(crate) struct Rel {
    pub id: String,
    /// The last segment of the relationship type (`header`, `hyperlink`, `oleObject`);
    /// transitional and strict OOXML differ only in the prefix.
    pub kind: String,
    /// Resolved package path for internal targets, the raw target for external ones.
    pub target: String,
    pub external: bool,
}

/// `word/document.xml` → `word/_rels/document.xml.rels`; the package root → `_rels/.rels`.
pub(crate) fn rels_path(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The relationships of `part` (none when it has no `.rels`).
pub(crate) fn read_rels(
    pkg: &mut Package,
    part: &str,
    ctx: &Ctx,
) -> Result<Vec<Rel>, ExtractError> {
    let path = rels_path(part);
    let Some(xml) = pkg.read_opt(&path)? else {
        return Ok(Vec::new());
    };
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, &path);
    let mut rels = Vec::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } => {
                if e.local_name().as_ref() != "Relationship" {
                    continue;
                }
                let (Some(target), Some(kind)) = (attr(&e, "Target"), attr(&e, "Type")) else {
                    continue;
                };
                let external = attr(&e, "TargetMode").is_some_and(|m| m == "External");
                let kind = kind.rsplit('/').next().unwrap_or_default().to_string();
                let target = if external {
                    target
                } else {
                    resolve_target(part, &target)
                };
                rels.push(Rel {
                    id: attr(&e, "Id").unwrap_or_default(),
                    kind,
                    target,
                    external,
                });
            }
            XmlEvent::Eof => return Ok(rels),
            _ => {}
        }
    }
}
