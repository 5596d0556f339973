//! Text a reader sees outside the page content: annotation contents with their authors,
//! link targets, file attachment annotations, and AcroForm field values.

use std::collections::HashSet;

use oxidize_pdf::parser::{PdfDictionary, PdfObject};

use super::attachments::{file_spec_name, push_file_spec};
use super::objects::{resolve, string_entry, text_string};
use super::open::guard;
use super::{Pdf, MAX_NESTING};
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// The text an annotation carries: its `/Contents` (text notes, popups, free text,
/// markup), with the author (`/T`) as `field`; link targets (URIs, launched files).
pub(super) fn push_annotations(
    pdf: &Pdf,
    annots: &[PdfDictionary],
    page: u32,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut seen: HashSet<(String, String)> = HashSet::new();
    for annot in annots {
        ctx.budget.check_time()?;
        let author = string_entry(pdf, annot, "T").unwrap_or_default();
        let subtype = annot
            .get("Subtype")
            .and_then(PdfObject::as_name)
            .map(|n| n.as_str().to_string())
            .unwrap_or_default();
        let mut texts: Vec<(String, String)> = Vec::new();
        // A popup with a parent shows the parent's text, read with the parent.
        let mirror = subtype == "Popup" && annot.contains_key("Parent");
        if let Some(contents) = string_entry(pdf, annot, "Contents").filter(|_| !mirror) {
            texts.push((contents, author.clone()));
        }
        if subtype == "Link" {
            if let Some(target) = link_target(pdf, annot) {
                texts.push((target, "link".into()));
            }
        }
        for (text, field) in texts {
            let text = text.trim().to_string();
            if text.is_empty() || !seen.insert((text.clone(), field.clone())) {
                continue;
            }
            let mut loc = Loc::part(Part::Annotation).with_page(page);
            if !field.is_empty() {
                loc = loc.with_field(&field);
            }
            b.push(&text, loc)?;
            b.end_block();
        }
        if subtype == "FileAttachment" {
            if let Some(spec) = annot.get("FS").and_then(|fs| resolve(pdf, fs)) {
                push_file_spec(pdf, &spec, None, b, ctx)?;
            }
        }
    }
    Ok(())
}

/// The annotation dictionaries of a page. `/Annots` may be an indirect array, which the
/// crate's own `get_page_annotations` passes over.
pub(super) fn page_annotations(pdf: &Pdf, index: u32) -> Result<Vec<PdfDictionary>, ExtractError> {
    let page = guard("reading a page", || pdf.get_page(index))?;
    let Some(annots) = page.dict.get("Annots").and_then(|a| resolve(pdf, a)) else {
        return Ok(Vec::new());
    };
    let Some(annots) = annots.as_array() else {
        return Ok(Vec::new());
    };
    Ok(annots
        .0
        .iter()
        .filter_map(|a| resolve(pdf, a))
        .filter_map(|a| match a {
            PdfObject::Dictionary(d) => Some(d),
            _ => None,
        })
        .collect())
}

/// Where a link goes: `/A` with `/URI`, or `/F` / `/Win /F` of a launch or remote go-to.
fn link_target(pdf: &Pdf, annot: &PdfDictionary) -> Option<String> {
    let action = resolve(pdf, annot.get("A")?)?;
    let action = action.as_dict()?;
    if let Some(uri) = string_entry(pdf, action, "URI") {
        return Some(uri);
    }
    if let Some(file) = action.get("F").and_then(|f| resolve(pdf, f)) {
        if let Some(name) = file_spec_name(pdf, &file) {
            return Some(name);
        }
    }
    let win = resolve(pdf, action.get("Win")?)?;
    string_entry(pdf, win.as_dict()?, "F")
}

/// AcroForm field values (`/V`), keyed by the field's full name (`parent.child`).
pub(super) fn push_form_fields(
    pdf: &Pdf,
    catalog: &PdfDictionary,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let Some(form) = catalog.get("AcroForm").and_then(|f| resolve(pdf, f)) else {
        return Ok(());
    };
    let Some(fields) = form
        .as_dict()
        .and_then(|f| f.get("Fields"))
        .and_then(|f| resolve(pdf, f))
    else {
        return Ok(());
    };
    let Some(fields) = fields.as_array() else {
        return Ok(());
    };
    let mut visited = HashSet::new();
    let mut count = 0usize;
    for field in fields.0.iter() {
        push_field(pdf, field, "", 0, &mut visited, &mut count, b, ctx)?;
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
fn push_field(
    pdf: &Pdf,
    field: &PdfObject,
    parent: &str,
    depth: usize,
    visited: &mut HashSet<(u32, u16)>,
    count: &mut usize,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    if depth > MAX_NESTING || *count >= ctx.budget.limits.max_members {
        return Ok(());
    }
    if let Some(r) = field.as_reference() {
        if !visited.insert(r) {
            return Ok(());
        }
    }
    *count += 1;
    ctx.budget.check_time()?;
    let Some(obj) = resolve(pdf, field) else {
        return Ok(());
    };
    let Some(dict) = obj.as_dict() else {
        return Ok(());
    };
    let name = match string_entry(pdf, dict, "T") {
        Some(t) if parent.is_empty() => t,
        Some(t) => format!("{parent}.{t}"),
        None => parent.to_string(),
    };
    if let Some(value) = dict.get("V").and_then(|v| resolve(pdf, v)) {
        let mut values = Vec::new();
        match &value {
            PdfObject::String(s) => values.push(text_string(s)),
            PdfObject::Array(a) => {
                values.extend(a.0.iter().filter_map(PdfObject::as_string).map(text_string))
            }
            _ => {}
        }
        for v in values {
            let mut loc = Loc::part(Part::FormData);
            if !name.is_empty() {
                loc = loc.with_field(&name);
            }
            b.push(v.trim(), loc)?;
            b.end_block();
        }
    }
    if let Some(kids) = dict.get("Kids").and_then(|k| resolve(pdf, k)) {
        if let Some(kids) = kids.as_array() {
            for kid in kids.0.iter() {
                push_field(pdf, kid, &name, depth + 1, visited, count, b, ctx)?;
            }
        }
    }
    Ok(())
}
