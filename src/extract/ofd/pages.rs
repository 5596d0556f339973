//! Page and template text: each `Content.xml` is parsed into pieces, which are pushed
//! as lines (visible first, then hidden text). Template text counts as shown on the
//! first page that uses the template, and as not shown at all when no page does.

use std::collections::HashMap;

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::package::Package;
use crate::extract::Ctx;

use super::content::{parse_content, Piece};
use super::lines::lines;
use super::package::{read_loc, DocParts, IfMissing};

/// Reads every page: lines of visible text, then hidden text. Returns the number of text
/// pieces found and, per template ID, the first page that uses it.
pub(super) fn pages(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    root: &str,
    parts: &DocParts,
    page_base: u32,
) -> Result<(usize, HashMap<String, u32>), ExtractError> {
    let mut pieces_total = 0usize;
    let mut used: HashMap<String, u32> = HashMap::new();
    for (i, (_, loc)) in parts.pages.iter().enumerate() {
        ctx.budget.check_time()?;
        let page = page_base.saturating_add(u32::try_from(i + 1).unwrap_or(u32::MAX));
        let Some((path, xml)) = read_loc(pkg, b, (root, root), loc, IfMissing::Report) else {
            continue;
        };
        let content = match parse_content(&xml, &path, ctx) {
            Ok(content) => content,
            Err(e) => {
                b.member(path, Err(e), true);
                continue;
            }
        };
        for id in content.templates {
            used.entry(id).or_insert(page);
        }
        pieces_total += content.pieces.len();
        push_pieces(b, content.pieces, &|| Loc::part(Part::Body).with_page(page))?;
        b.end_block();
    }
    Ok((pieces_total, used))
}

/// Pushes pieces as lines: visible ones with `visible()`'s location, hidden ones after
/// them as hidden text.
fn push_pieces(
    b: &mut DocumentBuilder,
    pieces: Vec<Piece>,
    visible: &dyn Fn() -> Loc,
) -> Result<(), ExtractError> {
    let (hidden, shown): (Vec<Piece>, Vec<Piece>) = pieces.into_iter().partition(|p| p.hidden);
    let mut n: u32 = 0;
    for line in lines(shown) {
        n = n.saturating_add(1);
        b.push(&line, visible().with_paragraph(n))?;
    }
    for line in lines(hidden) {
        n = n.saturating_add(1);
        b.push(
            &line,
            visible().with_paragraph(n).hidden_as(Part::HiddenText),
        )?;
    }
    Ok(())
}

/// Template pages: their text is printed on every page that uses them. Returns the number
/// of text pieces in templates that pages use.
pub(super) fn templates(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    root: &str,
    parts: &DocParts,
    used: &HashMap<String, u32>,
) -> Result<usize, ExtractError> {
    let mut shown = 0usize;
    let mut ids: Vec<(&String, &String)> = parts.templates.iter().collect();
    ids.sort();
    for (id, loc) in ids {
        ctx.budget.check_time()?;
        let Some((path, xml)) = read_loc(pkg, b, (root, root), loc, IfMissing::Skip) else {
            continue;
        };
        let content = match parse_content(&xml, &path, ctx) {
            Ok(content) => content,
            Err(e) => {
                b.member(path, Err(e), true);
                continue;
            }
        };
        let page = used.get(id).copied();
        if page.is_some() {
            shown += content.pieces.len();
        }
        push_pieces(b, content.pieces, &|| {
            let mut l = Loc::part(Part::Other);
            match page {
                Some(p) => {
                    l.hidden = false;
                    l.with_page(p)
                }
                // A template no page uses is not shown at all.
                None => l,
            }
        })?;
        b.end_block();
    }
    Ok(shown)
}
