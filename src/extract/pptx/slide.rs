//! One slide: the text of its shapes (through the walker), then what its relationships
//! point at — SmartArt data, charts, the speaker notes, the comments and external hyperlink
//! targets — each read as a part of its own, a failed part reported and skipped.

use std::collections::{HashMap, HashSet};

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::package::Package;
use crate::extract::rels::{read_rels, rels_path};
use crate::extract::Ctx;

use super::comments::comments;
use super::soft;
use super::walk::{walk, Mode};

/// One slide: its shapes, then what its relationships point at (SmartArt, charts, notes,
/// comments, external links).
pub(super) fn slide(
    pkg: &mut Package,
    part: &str,
    number: Option<u32>,
    authors: &HashMap<String, String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    seen: &mut HashSet<String>,
) -> Result<(), ExtractError> {
    let xml = pkg.read(part)?;
    let mut base = match number {
        Some(_) => Loc::part(Part::Body),
        None => Loc::part(Part::Other),
    };
    base.slide = number;
    let hidden = walk(&xml, part, &base, Mode::Slide, b, ctx)?;
    drop(xml);
    if hidden {
        base = base.hidden_as(Part::HiddenSlide);
    }
    let rels = match read_rels(pkg, part, ctx) {
        Ok(rels) => rels,
        Err(e @ ExtractError::Timeout(_)) => return Err(e),
        Err(e) => {
            b.member(rels_path(part), Err(e), true);
            Vec::new()
        }
    };
    let mut links: Vec<&str> = Vec::new();
    for rel in &rels {
        ctx.budget.check_time()?;
        if rel.external {
            if rel.kind == "hyperlink" && !links.contains(&rel.target.as_str()) {
                links.push(&rel.target);
                let mut loc = Loc::part(Part::Attribute).with_field("hyperlink");
                loc.slide = number;
                b.push(&rel.target, loc)?;
            }
            continue;
        }
        let (mode, loc) = match rel.kind.as_str() {
            "diagramData" => (Mode::Diagram, base.clone()),
            "chart" => (Mode::Chart, base.clone()),
            "notesSlide" => {
                let mut loc = Loc::part(Part::Notes);
                loc.slide = number;
                (Mode::Notes, loc)
            }
            "comments" => {
                let mut loc = Loc::part(Part::Comment);
                loc.slide = number;
                seen.insert(rel.target.clone());
                let r = pkg
                    .read(&rel.target)
                    .and_then(|xml| comments(&xml, &rel.target, &loc, authors, b, ctx));
                soft(b, &rel.target, r)?;
                continue;
            }
            _ => continue,
        };
        seen.insert(rel.target.clone());
        let r = pkg
            .read(&rel.target)
            .and_then(|xml| walk(&xml, &rel.target, &loc, mode, b, ctx).map(|_| ()));
        soft(b, &rel.target, r)?;
    }
    Ok(())
}
