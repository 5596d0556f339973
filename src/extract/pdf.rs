//! PDF: page text, document information and XMP metadata, annotations, form field values,
//! attached files and the text of earlier revisions kept by incremental updates.
//!
//! Text comes from `oxidize-pdf` (the only Rust extractor that read every Chinese case of
//! the research spot check right: predefined CMaps such as `GBK-EUC-H` and `UniGB-UCS2-H`
//! with fonts that are not embedded, RC4 with an empty user password). The crate is young,
//! so every call into it runs under `catch_unwind` and a panic becomes a `Corrupt` error.
//!
//! Never an empty success: a password-protected file is `Encrypted`, a file whose pages
//! carry no text at all (a scan) is `NoText`, a page that cannot be read is a member error
//! next to the pages that could. When no page has text but annotations, form values or
//! attachments do, those are scanned and the missing text layer is a member error beside
//! them; document properties alone (Info, XMP) do not keep a scan from being `NoText`, so
//! the authors of a blank or scanned PDF are not scanned (known gap).
//!
//! Known gaps: XFA forms, optional-content layers switched off, white or `Tr 3` invisible
//! text (read as ordinary body text, not flagged hidden), bookmarks, `/ActualText`.

use std::collections::HashSet;
use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use oxidize_pdf::parser::{
    ParseError, ParseOptions, PdfDictionary, PdfDocument, PdfObject, PdfReader, PdfString,
};
use oxidize_pdf::text::ExtractionOptions;

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::xml::{local, XmlEvent, XmlReader};
use super::Ctx;

type Pdf<'a> = PdfDocument<Cursor<&'a [u8]>>;

/// Incremental updates read back (the most recent ones), as Tika does by default.
const MAX_REVISIONS: usize = 10;
/// Nesting of name trees, form field trees and reference chains.
const MAX_NESTING: usize = 32;

pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("pdf", ctx.budget.limits.max_text_bytes);
    let Opened { pdf, catalog, info } = open(bytes)?;
    let pages = guard("reading the page tree", || pdf.page_count())?;

    let mut seen_lines: HashSet<String> = HashSet::new();
    let mut with_text = 0u32;
    let mut failed: Option<ExtractError> = None;
    // Text outside the page content that a reviewer must still see (annotations, form
    // values, earlier revisions): it keeps a document without a text layer readable.
    let mut other_text = false;
    for index in 0..pages {
        ctx.budget.check_time()?;
        let n = index + 1;
        match page_text(&pdf, index, &b, ctx) {
            Ok(text) => {
                let text = text.trim();
                if !text.is_empty() {
                    with_text += 1;
                    seen_lines.extend(text.lines().map(|l| l.trim().to_string()));
                    b.push(text, Loc::part(Part::Body).with_page(n))?;
                }
            }
            Err(e @ (ExtractError::Limit(_) | ExtractError::Timeout(_))) => return Err(e),
            Err(e) => {
                b.member(format!("page {n}"), Err(e.clone()), false);
                failed.get_or_insert(e);
            }
        }
        b.end_block();
        let before = b.text_len();
        match page_annotations(&pdf, index) {
            Ok(annots) => push_annotations(&pdf, &annots, n, &mut b, ctx)?,
            Err(e) => b.member(format!("page {n} annotations"), Err(e), true),
        }
        other_text |= b.text_len() > before;
    }
    let before = b.text_len();
    push_form_fields(&pdf, &catalog, &mut b, ctx)?;
    push_earlier_revisions(bytes, &seen_lines, &mut b, ctx)?;
    other_text |= b.text_len() > before;
    let attachments = push_embedded_files(&pdf, &catalog, &mut b, ctx)?;

    // Nothing on any page: a scan (needs OCR) or pages that could not be read. The error
    // is the whole answer unless annotations, form values or attachments hold text; then
    // they are scanned and the missing text layer is reported beside them.
    let mut no_text = None;
    if with_text == 0 {
        let noun = if pages == 1 { "page" } else { "pages" };
        let tail = bytes
            .get(bytes.len().saturating_sub(1024)..)
            .unwrap_or(bytes);
        // Page errors are already member errors; otherwise the reason is reported once.
        let reported = failed.is_some();
        let e = failed.unwrap_or_else(|| {
            if memchr::memmem::find(tail, b"%%EOF").is_none() {
                // A cut-off file whose pages came out empty is damaged, not scanned.
                ExtractError::Corrupt(format!(
                    "PDF is truncated (it does not end with %%EOF) and none of its {pages} \
                     {noun} gave any text"
                ))
            } else {
                ExtractError::NoText(format!("PDF with {pages} {noun} and no text layer"))
            }
        });
        if !other_text && !attachments {
            return Err(e);
        }
        if !reported {
            no_text = Some(e);
        }
    }

    let mut meta_values = HashSet::new();
    if let Some(info) = &info {
        meta_values = push_info(&pdf, info, &mut b)?;
    }
    if let Err(e) = push_xmp(&pdf, &catalog, &meta_values, &mut b, ctx) {
        match e {
            ExtractError::Limit(_) | ExtractError::Timeout(_) => return Err(e),
            e => b.member("XMP metadata".into(), Err(e), true),
        }
    }
    if let Some(e) = no_text {
        b.member("page text".into(), Err(e), false);
    }
    Ok(b.finish())
}

struct Opened<'a> {
    pdf: Pdf<'a>,
    catalog: PdfDictionary,
    info: Option<PdfDictionary>,
}

/// Parses the file, decrypts it when the user password is empty (as viewers do) and reads
/// the catalog and the document information dictionary.
fn open(bytes: &[u8]) -> Result<Opened<'_>, ExtractError> {
    guard("opening the PDF", || {
        let mut options = ParseOptions::lenient();
        options.log_recovery_details = false;
        options.collect_warnings = false;
        let mut reader = PdfReader::new_with_options(Cursor::new(bytes), options)?;
        if reader.is_encrypted() && !reader.is_unlocked() && !reader.try_empty_password()? {
            return Err(ParseError::WrongPassword);
        }
        let catalog = reader.catalog()?.clone();
        // A broken /Info reference loses the properties, not the document.
        let info = reader.info().ok().flatten().cloned();
        Ok(Opened {
            pdf: reader.into_document(),
            catalog,
            info,
        })
    })
}

/// Runs one call into the PDF crate: its errors in plain words, its panics as `Corrupt`.
fn guard<T>(what: &str, f: impl FnOnce() -> Result<T, ParseError>) -> Result<T, ExtractError> {
    match catch_unwind(AssertUnwindSafe(f)) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(parse_error(e)),
        Err(panic) => {
            let msg = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            Err(ExtractError::Corrupt(format!(
                "PDF: the reader failed while {what} ({msg})"
            )))
        }
    }
}

fn parse_error(e: ParseError) -> ExtractError {
    match e {
        ParseError::WrongPassword | ParseError::PdfLocked => {
            ExtractError::Encrypted("PDF with a user password".into())
        }
        ParseError::EncryptionNotSupported => {
            ExtractError::Encrypted("PDF encrypted with a method this tool cannot decrypt".into())
        }
        e => ExtractError::Corrupt(format!("PDF: {e}")),
    }
}

/// The text of one page (0-based `index`), bounded by what the document may still hold.
fn page_text(
    pdf: &Pdf,
    index: u32,
    b: &DocumentBuilder,
    ctx: &Ctx,
) -> Result<String, ExtractError> {
    let room = ctx
        .budget
        .limits
        .max_text_bytes
        .saturating_sub(b.text_len());
    let options = ExtractionOptions {
        // Headers, footers and watermarks marked as artifacts are printed: a mark such as
        // 机密 in a running header must be read.
        include_artifacts: true,
        max_extracted_bytes: Some(room.saturating_add(1)),
        ..ExtractionOptions::default()
    };
    let extracted = guard("extracting page text", || {
        pdf.extract_text_from_page_with_options(index, options)
    })?;
    if extracted.truncated {
        return Err(ExtractError::Limit(format!(
            "extracted text exceeds {} MiB (raise --max-text)",
            ctx.budget.limits.max_text_bytes >> 20
        )));
    }
    Ok(extracted.text)
}

/// The Info dictionary: every text entry but the dates, keyed by its PDF name (`Author`).
/// Returns the values pushed (the XMP packet usually repeats them).
fn push_info(
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
fn push_xmp(
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

/// The text an annotation carries: its `/Contents` (text notes, popups, free text,
/// markup), with the author (`/T`) as `field`; link targets (URIs, launched files).
fn push_annotations(
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
fn page_annotations(pdf: &Pdf, index: u32) -> Result<Vec<PdfDictionary>, ExtractError> {
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
fn push_form_fields(
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

/// Files attached to the document (`/Names /EmbeddedFiles`), handed over as members.
/// Returns whether there was any.
fn push_embedded_files(
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
fn push_file_spec(
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
fn file_spec_name(pdf: &Pdf, spec: &PdfObject) -> Option<String> {
    match spec {
        PdfObject::String(s) => Some(text_string(s)),
        PdfObject::Dictionary(d) => {
            string_entry(pdf, d, "UF").or_else(|| string_entry(pdf, d, "F"))
        }
        _ => None,
    }
}

/// A stream decoded within the input's decompression budget.
fn decode_stream(
    pdf: &Pdf,
    stream: &oxidize_pdf::parser::PdfStream,
    ctx: &Ctx,
    what: &str,
) -> Result<Vec<u8>, ExtractError> {
    let cap = usize::try_from(ctx.budget.limits.max_file_bytes).unwrap_or(usize::MAX);
    let data = guard("decoding a stream", || {
        pdf.decode_stream_with_limit(stream, cap)
    })
    .map_err(|e| match e {
        ExtractError::Corrupt(m) if m.contains("exceed") => ExtractError::Limit(format!(
            "PDF: {what} decodes to more than {} MiB",
            cap >> 20
        )),
        ExtractError::Corrupt(m) => ExtractError::Corrupt(format!("{what}: {m}")),
        e => e,
    })?;
    ctx.budget.spend(data.len() as u64)?;
    Ok(data)
}

/// Earlier revisions kept by incremental updates: each `%%EOF` before the last one ends a
/// complete earlier file. Their page lines that the final version no longer shows are
/// reported as hidden `Part::Other` text (a "redaction" by incremental update keeps the
/// original). Revisions that do not parse (linearization markers) are passed over.
fn push_earlier_revisions(
    bytes: &[u8],
    final_lines: &HashSet<String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let ends = revision_ends(bytes);
    let Some((_, earlier)) = ends.split_last() else {
        return Ok(());
    };
    let total = ends.len();
    let first = earlier.len().saturating_sub(MAX_REVISIONS);
    let mut reported: HashSet<String> = HashSet::new();
    for (i, &end) in earlier.iter().enumerate().skip(first) {
        ctx.budget.check_time()?;
        let Some(prefix) = bytes.get(..end) else {
            continue;
        };
        let Ok(Opened { pdf, .. }) = open(prefix) else {
            continue;
        };
        let Ok(pages) = guard("reading the page tree", || pdf.page_count()) else {
            continue;
        };
        let field = format!("revision {} of {total}", i + 1);
        for index in 0..pages {
            ctx.budget.check_time()?;
            let text = match page_text(&pdf, index, b, ctx) {
                Ok(t) => t,
                Err(e @ (ExtractError::Limit(_) | ExtractError::Timeout(_))) => return Err(e),
                Err(_) => continue,
            };
            let lines: Vec<&str> = text
                .lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !final_lines.contains(*l))
                .filter(|l| reported.insert(l.to_string()))
                .collect();
            if !lines.is_empty() {
                let loc = Loc::part(Part::Other)
                    .with_page(index + 1)
                    .with_field(&field);
                b.push(&lines.join("\n"), loc)?;
                b.end_block();
            }
        }
    }
    Ok(())
}

/// Byte offsets just past each `%%EOF` that follows a `startxref` (so a `%%EOF` inside an
/// attached file's data does not count).
fn revision_ends(bytes: &[u8]) -> Vec<usize> {
    let mut ends = Vec::new();
    for at in memchr::memmem::find_iter(bytes, b"%%EOF") {
        let window = bytes.get(at.saturating_sub(64)..at).unwrap_or(&[]);
        if memchr::memmem::find(window, b"startxref").is_some() {
            ends.push(at + 5);
        }
    }
    ends
}

/// Follows references (a bounded chain) to the object itself.
fn resolve(pdf: &Pdf, obj: &PdfObject) -> Option<PdfObject> {
    let mut current = obj.clone();
    for _ in 0..MAX_NESTING {
        match current {
            PdfObject::Reference(num, generation) => {
                current = guard("resolving an object", || pdf.get_object(num, generation)).ok()?;
            }
            PdfObject::Null => return None,
            other => return Some(other),
        }
    }
    None
}

fn string_entry(pdf: &Pdf, dict: &PdfDictionary, key: &str) -> Option<String> {
    let value = resolve(pdf, dict.get(key)?)?;
    value.as_string().map(text_string)
}

/// A PDF text string: UTF-16 with a byte order mark, UTF-8 with one (PDF 2.0), otherwise
/// PDFDocEncoding. Chinese producers often write GBK or UTF-8 bytes without a mark; those
/// are recognised when they decode cleanly to CJK text.
fn text_string(s: &PdfString) -> String {
    let bytes = s.as_bytes();
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") || bytes.is_ascii() {
        return s.to_text();
    }
    if let Ok(utf8) = std::str::from_utf8(bytes) {
        if utf8.chars().any(is_cjk) {
            return utf8.to_string();
        }
    }
    let (gbk, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if !had_errors && gbk.chars().any(is_cjk) {
        return gbk.into_owned();
    }
    s.to_text()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_every_encoding_producers_use() {
        let utf16 = PdfString::new(b"\xFE\xFF\x5F\x20\x4E\x09".to_vec());
        assert_eq!(text_string(&utf16), "张三");
        let gbk = PdfString::new(b"\xD5\xC5\xC8\xFD".to_vec());
        assert_eq!(text_string(&gbk), "张三");
        let utf8 = PdfString::new("张三".as_bytes().to_vec());
        assert_eq!(text_string(&utf8), "张三");
        let latin = PdfString::new(b"Caf\xE9".to_vec());
        assert_eq!(text_string(&latin), "Café");
    }

    #[test]
    fn revisions_end_at_eof_after_startxref() {
        let pdf =
            b"%PDF-1.4\nstream %%EOF endstream\nstartxref\n9\n%%EOF\nxref\nstartxref\n99\n%%EOF\n";
        let ends = revision_ends(pdf);
        assert_eq!(ends.len(), 2);
        assert!(ends
            .iter()
            .all(|&e| pdf.get(e - 5..e) == Some(&b"%%EOF"[..])));
    }
}
