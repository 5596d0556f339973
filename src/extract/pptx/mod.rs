//! PowerPoint 2007+ presentations (.pptx, and WPS 演示 saved as pptx).
//!
//! Slides are read in display order (`ppt/presentation.xml` `p:sldIdLst` → the presentation's
//! relationships), not in file-name order. Per slide: the text of every shape (`a:p`
//! paragraphs of `p:txBody`), tables (`a:tbl` → one row per `a:tr`), SmartArt data and
//! chart text reached through the slide's relationships, the speaker notes, the comments
//! (legacy `p:cmLst` and modern `p188:cmLst`, with their authors), alternative text of
//! pictures and shapes, and external link targets. Hidden slides (`<p:sld show="0">`) and
//! hidden shapes (`p:cNvPr hidden="1"`) are marked hidden. Slide parts no slide list points
//! at, and notes or comments no slide points at, are still read (hidden, part `other`).
//! Embedded files (`ppt/embeddings/*`) are handed over as hidden members; document
//! properties come from `docProps/*`.
//!
//! Layout: `presentation` (slide order from `ppt/presentation.xml`, part names), `slide` (one
//! slide and what its relationships point at), `walk` (the DrawingML text walker: paragraphs,
//! tables, hidden shapes, alt text), `table` (table cells and rows), `comments` (comment
//! authors and comment parts).

mod comments;
mod presentation;
mod slide;
mod table;
#[cfg(test)]
mod tests;
mod walk;

use std::collections::{HashMap, HashSet};

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::Package;
use super::props::push_ooxml_properties;
use super::rels::{read_rels, rels_path, Rel};
use super::Ctx;

use comments::{comments, read_authors};
use presentation::{is_part_in, part_number, slide_ids};
use slide::slide;
pub(crate) use table::push_table_row;
use walk::{walk, Mode};

/// Reports a failed part as a member error and goes on; only running out of time stops
/// the whole document.
fn soft(
    b: &mut DocumentBuilder,
    what: &str,
    result: Result<(), ExtractError>,
) -> Result<(), ExtractError> {
    match result {
        Ok(()) => Ok(()),
        Err(e @ ExtractError::Timeout(_)) => Err(e),
        Err(e) => {
            b.member(what.to_string(), Err(e), true);
            Ok(())
        }
    }
}

pub fn extract(pkg: &mut Package, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("pptx", ctx.budget.limits.max_text_bytes);
    let pres = "ppt/presentation.xml";
    let xml = pkg.read(pres)?;
    let ids = slide_ids(&xml, ctx)?;
    drop(xml);
    let rels = match read_rels(pkg, pres, ctx) {
        Ok(rels) => rels,
        Err(e @ ExtractError::Timeout(_)) => return Err(e),
        Err(e) => {
            b.member(rels_path(pres), Err(e), true);
            Vec::new()
        }
    };
    let by_id: HashMap<&str, &Rel> = rels
        .iter()
        .filter(|r| !r.external)
        .map(|r| (r.id.as_str(), r))
        .collect();
    let mut order: Vec<String> = Vec::new();
    let mut listed: HashSet<String> = HashSet::new();
    for id in &ids {
        if let Some(rel) = by_id.get(id.as_str()) {
            if listed.insert(rel.target.clone()) {
                order.push(rel.target.clone());
            }
        }
    }
    drop(by_id);
    let mut authors = HashMap::new();
    for part in ["ppt/commentAuthors.xml", "ppt/authors.xml"] {
        let r = read_authors(pkg, part, &mut authors, ctx);
        soft(&mut b, part, r)?;
    }
    let mut seen: HashSet<String> = HashSet::new();

    // Slide parts no slide list points at: numbered in name order when the list gave
    // nothing (a damaged presentation.xml), else read as leftovers.
    let mut leftovers: Vec<String> = pkg
        .names()
        .iter()
        .filter(|n| is_part_in(n, "ppt/slides/") && !listed.contains(n.as_str()))
        .cloned()
        .collect();
    leftovers.sort_by_key(|n| part_number(n));
    let leftover_slides = if order.is_empty() {
        order = std::mem::take(&mut leftovers);
        false
    } else {
        !leftovers.is_empty()
    };

    for (i, part) in order.iter().enumerate() {
        ctx.budget.check_time()?;
        let n = u32::try_from(i).unwrap_or(u32::MAX).saturating_add(1);
        seen.insert(part.clone());
        let r = slide(pkg, part, Some(n), &authors, &mut b, ctx, &mut seen);
        soft(&mut b, part, r)?;
        b.end_block();
    }
    if leftover_slides {
        for part in &leftovers {
            ctx.budget.check_time()?;
            seen.insert(part.clone());
            let r = slide(pkg, part, None, &authors, &mut b, ctx, &mut seen);
            soft(&mut b, part, r)?;
            b.end_block();
        }
    }

    // Notes and comments no slide points at.
    let names: Vec<(usize, String)> = pkg.names().iter().cloned().enumerate().collect();
    for (_, name) in &names {
        if seen.contains(name) {
            continue;
        }
        if is_part_in(name, "ppt/notesSlides/") {
            ctx.budget.check_time()?;
            let r = pkg.read(name).and_then(|xml| {
                let base = Loc::part(Part::Notes);
                walk(&xml, name, &base, Mode::Notes, &mut b, ctx).map(|_| ())
            });
            soft(&mut b, name, r)?;
            b.end_block();
        } else if is_part_in(name, "ppt/comments/") {
            ctx.budget.check_time()?;
            let r = pkg.read(name).and_then(|xml| {
                comments(&xml, name, &Loc::part(Part::Comment), &authors, &mut b, ctx)
            });
            soft(&mut b, name, r)?;
            b.end_block();
        }
    }

    for (i, name) in &names {
        if name.starts_with("ppt/embeddings/") && !pkg.is_dir(*i) {
            let content = pkg.read_index(*i);
            if let Err(ExtractError::Timeout(t)) = content {
                return Err(ExtractError::Timeout(t));
            }
            b.member(name.clone(), content, true);
        }
    }

    let r = push_ooxml_properties(pkg, &mut b, ctx);
    soft(&mut b, "docProps", r)?;
    Ok(b.finish())
}
