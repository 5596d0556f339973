//! Attached files (`/Names /EmbeddedFiles` and file attachment annotations), handed over
//! as hidden members so that what they hold is scanned too.

use std::collections::HashSet;

use oxidize_pdf::parser::{PdfDictionary, PdfObject};

use super::objects::{decode_stream, resolve, string_entry, text_string};
use super::{Pdf, MAX_NESTING};
use crate::extract::document::DocumentBuilder;
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// Files attached to the document (`/Names /EmbeddedFiles`), handed over as members.
/// Returns whether there was any.
pub(super) fn push_embedded_files(
    pdf: &Pdf,
    catalog: &PdfDictionary,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<bool, ExtractError> {
    let Some(names) = catalog.get("Names").and_then(|n| resolve(pdf, n)) else {
        return Ok(false);
    };
    let Some(tree) = names
        .as_dict()
        .and_then(|n| n.get("EmbeddedFiles"))
        .and_then(|t| resolve(pdf, t))
    else {
        return Ok(false);
    };
    let mut specs: Vec<(String, PdfObject)> = Vec::new();
    let mut visited = HashSet::new();
    collect_name_tree(pdf, &tree, 0, &mut visited, &mut specs, ctx)?;
    let any = !specs.is_empty();
    for (key, spec) in specs {
        ctx.budget.check_time()?;
        if let Some(spec) = resolve(pdf, &spec) {
            push_file_spec(pdf, &spec, Some(key), b, ctx)?;
        }
    }
    Ok(any)
}

/// Leaves of a name tree (`/Names [key value …]`, `/Kids`), bounded in depth and count.
fn collect_name_tree(
    pdf: &Pdf,
    node: &PdfObject,
    depth: usize,
    visited: &mut HashSet<(u32, u16)>,
    out: &mut Vec<(String, PdfObject)>,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    if depth > MAX_NESTING {
        return Ok(());
    }
    let Some(dict) = node.as_dict() else {
        return Ok(());
    };
    if let Some(names) = dict.get("Names").and_then(|n| resolve(pdf, n)) {
        if let Some(names) = names.as_array() {
            for pair in names.0.chunks(2) {
                if out.len() >= ctx.budget.limits.max_members {
                    return Err(ExtractError::Limit(format!(
                        "more than {} attached files",
                        ctx.budget.limits.max_members
                    )));
                }
                if let [key, value] = pair {
                    let key = key.as_string().map(text_string).unwrap_or_default();
                    out.push((key, value.clone()));
                }
            }
        }
    }
    if let Some(kids) = dict.get("Kids").and_then(|k| resolve(pdf, k)) {
        if let Some(kids) = kids.as_array() {
            for kid in kids.0.iter() {
                if let Some(r) = kid.as_reference() {
                    if !visited.insert(r) {
                        continue;
                    }
                }
                if let Some(kid) = resolve(pdf, kid) {
                    collect_name_tree(pdf, &kid, depth + 1, visited, out, ctx)?;
                }
            }
        }
    }
    Ok(())
}

/// One file specification with an embedded stream (`/EF /F`): a hidden member.
pub(super) fn push_file_spec(
    pdf: &Pdf,
    spec: &PdfObject,
    key: Option<String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let name = file_spec_name(pdf, spec)
        .or(key)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| "attachment".into());
    let Some(ef) = spec
        .as_dict()
        .and_then(|s| s.get("EF"))
        .and_then(|ef| resolve(pdf, ef))
    else {
        return Ok(());
    };
    let Some(ef) = ef.as_dict() else {
        return Ok(());
    };
    let Some(stream) = ["UF", "F"]
        .iter()
        .find_map(|k| ef.get(k))
        .and_then(|s| resolve(pdf, s))
    else {
        return Ok(());
    };
    let content = match stream.as_stream() {
        Some(stream) => decode_stream(pdf, stream, ctx, &name),
        None => Err(ExtractError::Corrupt(format!(
            "PDF: attached file {name} has no data stream"
        ))),
    };
    if let Err(ExtractError::Limit(_) | ExtractError::Timeout(_)) = &content {
        return content.map(|_| ());
    }
    b.member(name, content, true);
    Ok(())
}

/// The name of a file specification: a string, or `/UF` / `/F` of a dictionary.
pub(super) fn file_spec_name(pdf: &Pdf, spec: &PdfObject) -> Option<String> {
    match spec {
        PdfObject::String(s) => Some(text_string(s)),
        PdfObject::Dictionary(d) => {
            string_entry(pdf, d, "UF").or_else(|| string_entry(pdf, d, "F"))
        }
        _ => None,
    }
}
