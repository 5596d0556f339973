//! Document properties: the Info dictionary, then the catalog's XMP packet for the
//! values Info does not already give (authors, tools, history agents and paths).

use std::collections::HashSet;

use oxidize_pdf::parser::{PdfDictionary, PdfObject};

use super::objects::{decode_stream, resolve, text_string};
use super::Pdf;
use crate::extract::document::{DocumentBuilder, Loc};
use crate::extract::limits::ExtractError;
use crate::extract::xml::{local, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// The Info dictionary: every text entry but the dates, keyed by its PDF name (`Author`).
/// Returns the values pushed (the XMP packet usually repeats them).
pub(super) fn push_info(
    pdf: &Pdf,
    info: &PdfDictionary,
    b: &mut DocumentBuilder,
) -> Result<HashSet<String>, ExtractError> {
    let mut entries: Vec<(&str, String)> = Vec::new();
    for (key, value) in info.0.iter() {
        let key = key.as_str();
        if matches!(key, "CreationDate" | "ModDate" | "Trapped") {
            continue;
        }
        if let Some(s) = resolve(pdf, value).as_ref().and_then(PdfObject::as_string) {
            entries.push((key, text_string(s)));
        }
    }
    // The standard keys first, in the order a properties dialog shows them.
    const ORDER: [&str; 6] = [
        "Title", "Author", "Subject", "Keywords", "Creator", "Producer",
    ];
    entries.sort_by_key(|(k, _)| {
        (
            ORDER.iter().position(|o| o == k).unwrap_or(ORDER.len()),
            k.to_string(),
        )
    });
    let mut values = HashSet::new();
    for (key, value) in entries {
        b.push(value.trim(), Loc::metadata(key))?;
        b.end_block();
        values.insert(value.trim().to_string());
    }
    Ok(values)
}

/// XMP properties that are dates, identifiers or enumerations, not text.
/// Compared without case (`documentID` and `DocumentID` both occur).
const XMP_SKIP: &[&str] = &[
    "createdate",
    "modifydate",
    "metadatadate",
    "documentid",
    "instanceid",
    "originaldocumentid",
    "versionid",
    "renditionclass",
    "format",
    "when",
    "action",
    "changed",
    "trapped",
    "part",
    "conformance",
];

/// The XMP packet of the catalog: leaf values (`dc:creator` lists, `pdf:Producer`,
/// `xmpMM:History` agents and paths…) not already given by the Info dictionary.
pub(super) fn push_xmp(
    pdf: &Pdf,
    catalog: &PdfDictionary,
    already: &HashSet<String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let Some(obj) = catalog.get("Metadata").and_then(|m| resolve(pdf, m)) else {
        return Ok(());
    };
    let Some(stream) = obj.as_stream() else {
        return Ok(());
    };
    let xml = decode_stream(pdf, stream, ctx, "XMP metadata")?;
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, "XMP metadata");
    let mut stack: Vec<String> = Vec::new();
    let mut text = String::new();
    let mut pushed: HashSet<String> = already.clone();
    let mut emit = |name: &str, value: &str, b: &mut DocumentBuilder| {
        let value = value.trim();
        let skip = XMP_SKIP.iter().any(|k| k.eq_ignore_ascii_case(name));
        if value.is_empty() || skip || !pushed.insert(value.to_string()) {
            return Ok(());
        }
        b.push(value, Loc::metadata(&format!("xmp:{name}")))?;
        b.end_block();
        Ok::<(), ExtractError>(())
    };
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                let name = local(&e);
                if name == "Description" {
                    // <rdf:Description pdf:Producer="…" xmp:CreatorTool="…">
                    for a in e.attributes().with_checks(false).flatten() {
                        let key = a.key.as_ref();
                        if key.starts_with("xmlns") || key.starts_with("rdf:") {
                            continue;
                        }
                        let local = a.key.local_name().as_ref().to_string();
                        let value = a
                            .normalized_value(quick_xml::XmlVersion::Implicit1_0)
                            .map(|v| v.into_owned())
                            .unwrap_or_else(|_| a.value.to_string());
                        emit(&local, &value, b)?;
                    }
                }
                if !empty {
                    stack.push(name);
                    text.clear();
                }
            }
            XmlEvent::Text(t) => text.push_str(&t),
            XmlEvent::End { .. } => {
                if !text.trim().is_empty() {
                    // The property is the nearest element that is not RDF structure.
                    let property = stack.iter().rev().find(|n| {
                        !matches!(
                            n.as_str(),
                            "li" | "Seq" | "Bag" | "Alt" | "Description" | "RDF" | "xmpmeta"
                        )
                    });
                    if let Some(property) = property {
                        emit(property, &text, b)?;
                    }
                }
                text.clear();
                stack.pop();
            }
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}
