//! Annotations (`Annotations.xml` → per-page `Annotation.xml`) and custom tags
//! (`CustomTags.xml` → tag files, i.e. form data): parts beside the page content whose
//! text is pushed leaf element by leaf element.

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::package::Package;
use crate::extract::xml::{attr, local, XmlEvent, XmlReader};
use crate::extract::Ctx;

use super::package::{read_loc, DocParts, IfMissing};

/// `Annotations.xml` → per page `Annotation.xml`: remarks, parameters, appearance text.
pub(super) fn annotations(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    root: &str,
    parts: &DocParts,
    page_base: u32,
) -> Result<(), ExtractError> {
    let Some(loc) = &parts.annotations else {
        return Ok(());
    };
    let Some((list_path, xml)) = read_loc(pkg, b, (root, root), loc, IfMissing::Skip) else {
        return Ok(());
    };
    // (page ID, FileLoc)
    let mut files: Vec<(String, String)> = Vec::new();
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, &list_path);
    let mut page_id = String::new();
    let mut in_loc = false;
    let mut text = String::new();
    loop {
        match r.next() {
            Err(e) => {
                b.member(list_path.clone(), Err(e), true);
                return Ok(());
            }
            Ok(XmlEvent::Start { e, empty }) => match local(&e).as_str() {
                "Page" => page_id = attr(&e, "PageID").unwrap_or_default(),
                "FileLoc" if !empty => {
                    in_loc = true;
                    text.clear();
                }
                _ => {}
            },
            Ok(XmlEvent::Text(t)) => {
                if in_loc {
                    text.push_str(&t);
                }
            }
            Ok(XmlEvent::End { local }) => {
                if local == "FileLoc" && in_loc {
                    in_loc = false;
                    if files.len() >= ctx.budget.limits.max_members {
                        break;
                    }
                    files.push((page_id.clone(), text.trim().to_string()));
                }
            }
            Ok(XmlEvent::Eof) => break,
            Ok(XmlEvent::Comment(_)) => {}
        }
    }
    for (page_id, file) in files {
        ctx.budget.check_time()?;
        let page = parts
            .pages
            .iter()
            .position(|(id, _)| *id == page_id)
            .and_then(|i| u32::try_from(i + 1).ok())
            .map(|p| page_base.saturating_add(p));
        let Some((path, xml)) = read_loc(pkg, b, (&list_path, root), &file, IfMissing::Skip) else {
            continue;
        };
        let mut base = Loc::part(Part::Annotation);
        base.page = page;
        if let Err(e) = push_leaf_texts(&xml, &path, ctx, b, &base) {
            b.member(path, Err(e), true);
        }
        b.end_block();
    }
    Ok(())
}

/// `CustomTags.xml` → each tag file's text as form data.
pub(super) fn custom_tags(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    root: &str,
    parts: &DocParts,
) -> Result<(), ExtractError> {
    let Some(loc) = &parts.custom_tags else {
        return Ok(());
    };
    let Some((list_path, xml)) = read_loc(pkg, b, (root, root), loc, IfMissing::Skip) else {
        return Ok(());
    };
    let files = match file_locs(&xml, &list_path, ctx, "FileLoc") {
        Ok(files) => files,
        Err(e) => {
            b.member(list_path, Err(e), true);
            return Ok(());
        }
    };
    for file in files {
        ctx.budget.check_time()?;
        let Some((path, xml)) = read_loc(pkg, b, (&list_path, root), &file, IfMissing::Skip) else {
            continue;
        };
        if let Err(e) = push_leaf_texts(&xml, &path, ctx, b, &Loc::part(Part::FormData)) {
            b.member(path, Err(e), true);
        }
        b.end_block();
    }
    Ok(())
}

/// The texts of every `<{element}>` (bounded in number).
fn file_locs(
    xml: &[u8],
    what: &str,
    ctx: &Ctx,
    element: &str,
) -> Result<Vec<String>, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    let mut out = Vec::new();
    let mut inside = false;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                if local(&e) == element && !empty {
                    inside = true;
                    text.clear();
                }
            }
            XmlEvent::Text(t) => {
                if inside {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { local } => {
                if inside && local == element {
                    inside = false;
                    if out.len() >= ctx.budget.limits.max_members {
                        return Err(ExtractError::Limit(format!(
                            "{what}: more than {} entries",
                            ctx.budget.limits.max_members
                        )));
                    }
                    out.push(text.trim().to_string());
                }
            }
            XmlEvent::Eof => return Ok(out),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// Pushes the text of every leaf element with `base`'s location; `field` is the element
/// name, or the `Name` attribute where there is one (`<Parameter Name="…">`).
fn push_leaf_texts(
    xml: &[u8],
    what: &str,
    ctx: &Ctx,
    b: &mut DocumentBuilder,
    base: &Loc,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    let mut field = String::new();
    let mut text = String::new();
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            ctx.budget.check_time()?;
        }
        match r.next()? {
            XmlEvent::Start { e, .. } => {
                flush_leaf(b, base, &field, &mut text)?;
                field = attr(&e, "Name").unwrap_or_else(|| local(&e));
            }
            XmlEvent::Text(t) => text.push_str(&t),
            XmlEvent::End { .. } => flush_leaf(b, base, &field, &mut text)?,
            XmlEvent::Eof => return flush_leaf(b, base, &field, &mut text),
            XmlEvent::Comment(_) => {}
        }
    }
}

fn flush_leaf(
    b: &mut DocumentBuilder,
    base: &Loc,
    field: &str,
    text: &mut String,
) -> Result<(), ExtractError> {
    let value = text.trim();
    if !value.is_empty() {
        b.push(value, base.clone().with_field(field))?;
    }
    text.clear();
    Ok(())
}
