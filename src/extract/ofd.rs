//! OFD (GB/T 33190-2016), the Chinese fixed-layout format of e-invoices and government
//! releases: a zip of XML parts.
//!
//! `OFD.xml` → each `DocBody`: `DocInfo` (author, title, keywords, `CustomDatas`: invoices
//! put 纳税人识别号 there) as metadata; `DocRoot` → `Document.xml` → `Pages/Page@BaseLoc` in
//! order (page = position + 1) → each page's `Content.xml`: `Layer` → (`PageBlock` …) →
//! `TextObject` (`Boundary`, `CTM`, `Size`, `Visible`) → `TextCode` (`X`, `Y`, `DeltaX`,
//! `DeltaY` with the `g N v` repetition).
//!
//! Converters (Suwell/数科 pdf2ofd) write one `TextObject` per glyph, so the text of a page
//! is re-assembled into lines by position: every `TextCode` becomes a piece placed at its
//! first glyph's baseline on the page (`Boundary` origin + `CTM` × (`X`, `Y`)); pieces on
//! one baseline are joined left to right, with a space only where the gap is wide, so an
//! ID written glyph by glyph is one string again. `paragraph` is the line's number on its
//! page.
//!
//! Hidden channels: `Visible="false"` or transparent text objects (hidden text), template
//! pages (`Tpls/…`, text printed on every page that uses them: part `other`, visible when a
//! page uses the template), annotations (`Annots/…`), custom tags (form data),
//! attachments (scanned as members, hidden). Paths are relative to the referring part's
//! folder or absolute from the package root; producers disagree, so the document folder
//! and the root are tried too. Element names are matched by local name: producers use
//! both `http://www.ofdspec.org/2016` and `http://www.ofdspec.org`.

use std::collections::HashMap;

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::{resolve_target, Package};
use super::xml::{attr, local, XmlEvent, XmlReader};
use super::Ctx;

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
struct DocBody {
    /// (field, value) of `DocInfo`.
    info: Vec<(String, String)>,
    root: Option<String>,
}

/// What `Document.xml` points at.
#[derive(Default)]
struct DocParts {
    /// (page ID, BaseLoc) in order.
    pages: Vec<(String, String)>,
    /// TemplatePage ID → BaseLoc.
    templates: HashMap<String, String>,
    annotations: Option<String>,
    attachments: Option<String>,
    custom_tags: Option<String>,
}

pub fn extract(pkg: &mut Package, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("ofd", ctx.budget.limits.max_text_bytes);
    let ofd = pkg.read("OFD.xml")?;
    let bodies = parse_ofd_xml(&ofd, ctx)?;
    if bodies.iter().all(|d| d.root.is_none()) {
        return Err(ExtractError::Corrupt(
            "OFD.xml names no document (DocBody/DocRoot missing)".into(),
        ));
    }
    for body in &bodies {
        for (field, value) in &body.info {
            b.push(value, Loc::metadata(field))?;
        }
    }
    b.end_block();
    let mut page_base: u32 = 0;
    let mut pages_total = 0usize;
    let mut text_pieces = 0usize;
    for body in &bodies {
        let Some(root_loc) = &body.root else {
            continue;
        };
        let root = clean(&resolve_target("OFD.xml", &clean(root_loc)));
        let xml = match pkg.read(&root) {
            Ok(xml) => xml,
            Err(e) => {
                b.member(root, Err(e), true);
                continue;
            }
        };
        let parts = match parse_document(&xml, &root, ctx) {
            Ok(parts) => parts,
            Err(e) => {
                b.member(root, Err(e), true);
                continue;
            }
        };
        pages_total += parts.pages.len();
        let (pieces, used) = pages(pkg, &mut b, ctx, &root, &parts, page_base)?;
        text_pieces += pieces;
        // Text of a template a page uses is on that page too.
        text_pieces += templates(pkg, &mut b, ctx, &root, &parts, &used)?;
        annotations(pkg, &mut b, ctx, &root, &parts, page_base)?;
        custom_tags(pkg, &mut b, ctx, &root, &parts)?;
        attachments(pkg, &mut b, ctx, &root, &parts)?;
        page_base = page_base.saturating_add(u32::try_from(parts.pages.len()).unwrap_or(u32::MAX));
    }
    if pages_total > 0 && text_pieces == 0 {
        b.member(
            "(page text)".into(),
            Err(ExtractError::NoText(format!(
                "OFD with {pages_total} page(s) and no text objects"
            ))),
            false,
        );
    }
    Ok(b.finish())
}

/// Normalises a path written in the package (`\` → `/`, surrounding blanks).
fn clean(path: &str) -> String {
    path.trim().replace('\\', "/")
}

/// The package part a location refers to: relative to the referring part, else to the
/// document root's folder, else to the package root.
fn locate(pkg: &Package, from: &str, doc_root: &str, loc: &str) -> Result<String, ExtractError> {
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
enum IfMissing {
    /// Pages and attachments: a page we cannot find may be a path we resolve wrongly,
    /// so it is reported rather than dropped.
    Report,
    /// Annotation, tag and template lists: producers leave dangling references (Suwell
    /// writes `<Annotations>` for an `Annotations.xml` it never stores); a part that is
    /// not there hides nothing.
    Skip,
}

/// Reads a part a location refers to; a failure becomes a member error and `None`.
fn read_loc(
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

fn parse_ofd_xml(xml: &[u8], ctx: &Ctx) -> Result<Vec<DocBody>, ExtractError> {
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

fn parse_document(xml: &[u8], what: &str, ctx: &Ctx) -> Result<DocParts, ExtractError> {
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

/// Reads every page: lines of visible text, then hidden text. Returns the number of text
/// pieces found and, per template ID, the first page that uses it.
fn pages(
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
fn templates(
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

/// `Annotations.xml` → per page `Annotation.xml`: remarks, parameters, appearance text.
fn annotations(
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
fn custom_tags(
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

/// `Attachments.xml`: each attachment is scanned as a hidden member; its name is scanned
/// as a (hidden) file name.
fn attachments(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    root: &str,
    parts: &DocParts,
) -> Result<(), ExtractError> {
    let Some(loc) = &parts.attachments else {
        return Ok(());
    };
    let Some((list_path, xml)) = read_loc(pkg, b, (root, root), loc, IfMissing::Report) else {
        return Ok(());
    };
    // (Name, Format, FileLoc)
    let mut found: Vec<(String, String, String)> = Vec::new();
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, &list_path);
    let (mut name, mut format) = (String::new(), String::new());
    let mut in_loc = false;
    let mut text = String::new();
    loop {
        match r.next() {
            Err(e) => {
                b.member(list_path.clone(), Err(e), true);
                break;
            }
            Ok(XmlEvent::Start { e, empty }) => match local(&e).as_str() {
                "Attachment" => {
                    name = attr(&e, "Name").unwrap_or_default();
                    format = attr(&e, "Format").unwrap_or_default();
                }
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
                    if found.len() >= ctx.budget.limits.max_members {
                        b.member(
                            list_path.clone(),
                            Err(ExtractError::Limit(format!(
                                "more than {} attachments",
                                ctx.budget.limits.max_members
                            ))),
                            true,
                        );
                        break;
                    }
                    found.push((name.clone(), format.clone(), text.trim().to_string()));
                }
            }
            Ok(XmlEvent::Eof) => break,
            Ok(XmlEvent::Comment(_)) => {}
        }
    }
    for (name, format, file) in found {
        ctx.budget.check_time()?;
        let member = attachment_name(&name, &format, &file);
        let mut name_loc = Loc::part(Part::FileName).with_field("attachment");
        name_loc.hidden = true;
        b.push(&member, name_loc)?;
        let content = locate(pkg, &list_path, root, &file).and_then(|path| pkg.read(&path));
        b.member(member, content, true);
    }
    b.end_block();
    Ok(())
}

/// The member name of an attachment: its `Name`, with the extension of its file (or its
/// `Format`) when the name has none (`original_invoice` + `xml`).
fn attachment_name(name: &str, format: &str, file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let name = name.trim();
    if name.is_empty() {
        return base.to_string();
    }
    if name.contains('.') {
        return name.to_string();
    }
    let ext = match base.rsplit_once('.') {
        Some((_, ext)) if !ext.is_empty() => ext,
        _ => format.trim(),
    };
    if ext.is_empty() {
        name.to_string()
    } else {
        format!("{name}.{ext}")
    }
}

// --- Page content: text pieces placed on the page -------------------------------------

/// The text of one `TextCode`, placed on the page (mm, y downwards).
#[derive(Debug, Clone)]
struct Piece {
    text: String,
    /// Page position of the first glyph's origin (on the baseline).
    x: f64,
    y: f64,
    /// Page x where the last glyph ends (estimated: widths are in the font).
    end: f64,
    /// Font size on the page.
    size: f64,
    hidden: bool,
}

struct Content {
    pieces: Vec<Piece>,
    /// TemplateIDs the page uses.
    templates: Vec<String>,
}

/// The state of the open `TextObject`.
struct TextObj {
    origin: (f64, f64),
    /// a b c d e f: (x, y) → (a·x + c·y + e, b·x + d·y + f).
    ctm: [f64; 6],
    size: f64,
    hidden: bool,
    /// Where the next `TextCode` without X/Y continues (object space).
    pen: (f64, f64),
}

/// The open `TextCode`.
struct Code {
    x: Option<f64>,
    y: Option<f64>,
    dx: Option<String>,
    dy: Option<String>,
    text: String,
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn numbers<const N: usize>(s: &str) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    let mut it = s.split_ascii_whitespace();
    for slot in out.iter_mut() {
        *slot = number(it.next()?)?;
    }
    Some(out)
}

/// Sum of the first `n` values of a `DeltaX`/`DeltaY` list (`g N v` repeats `v` N times).
fn delta_sum(spec: Option<&str>, n: usize) -> f64 {
    let Some(spec) = spec else {
        return 0.0;
    };
    let mut need = n as f64;
    let mut sum = 0.0;
    let mut it = spec.split_ascii_whitespace();
    let mut last = 0.0;
    while need > 0.0 {
        let Some(tok) = it.next() else {
            // Too few deltas: readers repeat the last one.
            sum += last * need;
            break;
        };
        if tok == "g" {
            let count = it.next().and_then(number).unwrap_or(0.0).max(0.0).floor();
            let v = it.next().and_then(number).unwrap_or(0.0);
            let k = count.min(need);
            sum += v * k;
            need -= k;
            last = v;
        } else if let Some(v) = number(tok) {
            sum += v;
            need -= 1.0;
            last = v;
        }
    }
    if sum.is_finite() {
        sum
    } else {
        0.0
    }
}

/// Width of a glyph in font sizes: CJK and full-width glyphs are square, others about half.
fn glyph_width(c: char) -> f64 {
    if u32::from(c) >= 0x2E80 {
        1.0
    } else {
        0.5
    }
}

impl TextObj {
    fn from_start(e: &quick_xml::events::BytesStart) -> Self {
        let boundary = attr(e, "Boundary").and_then(|s| numbers::<4>(&s));
        let ctm = attr(e, "CTM")
            .and_then(|s| numbers::<6>(&s))
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let size = attr(e, "Size")
            .and_then(|s| number(&s))
            .filter(|s| *s > 0.0)
            .or_else(|| boundary.map(|b| b[3]).filter(|h| *h > 0.0))
            .unwrap_or(3.5);
        let invisible = attr(e, "Visible").is_some_and(|v| v.trim() == "false");
        let transparent = attr(e, "Alpha").and_then(|a| number(&a)) == Some(0.0);
        let unpainted = attr(e, "Fill").is_some_and(|v| v.trim() == "false")
            && attr(e, "Stroke").is_none_or(|v| v.trim() != "true");
        TextObj {
            origin: boundary.map(|b| (b[0], b[1])).unwrap_or((0.0, 0.0)),
            ctm,
            size,
            hidden: invisible || transparent || unpainted,
            pen: (0.0, 0.0),
        }
    }

    /// Places one `TextCode` on the page and moves the pen after it.
    fn piece(&mut self, code: Code) -> Option<Piece> {
        let text = code.text;
        let n = text.chars().count();
        let last = text.chars().last()?;
        let x0 = code.x.unwrap_or(self.pen.0);
        let y0 = code.y.unwrap_or(self.pen.1);
        let sdx = delta_sum(code.dx.as_deref(), n.saturating_sub(1));
        let sdy = delta_sum(code.dy.as_deref(), n.saturating_sub(1));
        let last_w = glyph_width(last) * self.size;
        self.pen = if code.dy.is_some() && code.dx.is_none() {
            (x0, y0 + sdy + last_w)
        } else {
            (x0 + sdx + last_w, y0 + sdy)
        };
        let [a, b, c, d, e, f] = self.ctm;
        let x = self.origin.0 + a * x0 + c * y0 + e;
        let y = self.origin.1 + b * x0 + d * y0 + f;
        let scale = (a * d - b * c).abs().sqrt();
        let size = if scale.is_finite() && scale > 0.0 {
            self.size * scale
        } else {
            self.size
        };
        let advance = (a * sdx + c * sdy).max(0.0);
        let end = x + advance + glyph_width(last) * size;
        if !(x.is_finite() && y.is_finite() && end.is_finite()) {
            return Some(Piece {
                text,
                x: 0.0,
                y: 0.0,
                end: 0.0,
                size: 3.5,
                hidden: self.hidden,
            });
        }
        Some(Piece {
            text,
            x,
            y,
            end,
            size,
            hidden: self.hidden,
        })
    }
}

/// Text pieces of a page or template `Content.xml` (any nesting of `Layer`, `PageBlock`).
fn parse_content(xml: &[u8], what: &str, ctx: &Ctx) -> Result<Content, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    let mut content = Content {
        pieces: Vec::new(),
        templates: Vec::new(),
    };
    let mut obj: Option<TextObj> = None;
    let mut code: Option<Code> = None;
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            ctx.budget.check_time()?;
        }
        match r.next()? {
            XmlEvent::Start { e, empty } => match local(&e).as_str() {
                "TextObject" if !empty => obj = Some(TextObj::from_start(&e)),
                "TextCode" if !empty && obj.is_some() => {
                    code = Some(Code {
                        x: attr(&e, "X").and_then(|s| number(&s)),
                        y: attr(&e, "Y").and_then(|s| number(&s)),
                        dx: attr(&e, "DeltaX"),
                        dy: attr(&e, "DeltaY"),
                        text: String::new(),
                    })
                }
                "Template" => {
                    if let Some(id) = attr(&e, "TemplateID") {
                        if content.templates.len() < 64 {
                            content.templates.push(id);
                        }
                    }
                }
                _ => {}
            },
            XmlEvent::Text(t) => {
                if let Some(code) = &mut code {
                    code.text.push_str(&t);
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "TextCode" => {
                    if let (Some(c), Some(o)) = (code.take(), obj.as_mut()) {
                        if let Some(p) = o.piece(c) {
                            content.pieces.push(p);
                        }
                    }
                }
                "TextObject" => {
                    code = None;
                    obj = None;
                }
                _ => {}
            },
            XmlEvent::Eof => {
                if r.depth() > 0 {
                    return Err(ExtractError::Corrupt(format!(
                        "{what}: the XML ends inside an element (truncated)"
                    )));
                }
                return Ok(content);
            }
            XmlEvent::Comment(_) => {}
        }
    }
}

/// Groups pieces into lines (top to bottom) and joins each line left to right.
fn lines(mut pieces: Vec<Piece>) -> Vec<String> {
    pieces.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out = Vec::new();
    let mut line: Vec<Piece> = Vec::new();
    // The line's baseline and font size are its first piece's; a piece joins it when
    // its baseline is within 0.4 of the smaller font size (glyph boxes differ, baselines
    // of one line do not; the next line is at least a font size away).
    let (mut line_y, mut line_size) = (0.0, 0.0);
    for p in pieces {
        if !line.is_empty() && (p.y - line_y).abs() > 0.4 * p.size.min(line_size) {
            out.push(join(std::mem::take(&mut line)));
        }
        if line.is_empty() {
            line_y = p.y;
            line_size = p.size;
        }
        line.push(p);
    }
    if !line.is_empty() {
        out.push(join(line));
    }
    out
}

/// One line: pieces by x; a space where the gap exceeds half a font size; a piece that
/// repeats the previous one in place (fake bold) is dropped.
fn join(mut line: Vec<Piece>) -> String {
    line.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut out = String::new();
    let mut prev: Option<&Piece> = None;
    let mut end = f64::MIN;
    for p in &line {
        if let Some(q) = prev {
            if q.text == p.text && (p.x - q.x).abs() < 0.2 * p.size.min(q.size) {
                continue;
            }
            let gap = p.x - end;
            let spaced =
                out.ends_with(char::is_whitespace) || p.text.starts_with(char::is_whitespace);
            if gap > 0.5 * p.size.min(q.size) && !spaced {
                out.push(' ');
            }
        }
        out.push_str(&p.text);
        end = end.max(p.end);
        prev = Some(p);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn piece(text: &str, x: f64, y: f64, size: f64) -> Piece {
        let w: f64 = text.chars().map(glyph_width).sum();
        Piece {
            text: text.into(),
            x,
            y,
            end: x + w * size,
            size,
            hidden: false,
        }
    }

    #[test]
    fn delta_lists_with_repeats() {
        assert_eq!(delta_sum(Some("g 3 2 1"), 4), 7.0);
        assert_eq!(delta_sum(Some("g 3 2 1"), 2), 4.0);
        assert_eq!(delta_sum(Some("1.5"), 3), 4.5);
        assert_eq!(delta_sum(Some("g 99999999999 1"), 5), 5.0);
        assert_eq!(delta_sum(None, 5), 0.0);
        assert_eq!(delta_sum(Some("g x"), 5), 0.0);
    }

    #[test]
    fn glyphs_on_one_baseline_become_one_line() {
        // An ID written one glyph per object, shuffled, with glyph boxes at slightly
        // different heights but one baseline; a label further left; another line below.
        let id = "11010519491231002X";
        let mut pieces: Vec<Piece> = id
            .chars()
            .enumerate()
            .map(|(i, c)| {
                piece(
                    &c.to_string(),
                    60.0 + 2.0 * i as f64,
                    50.0 + 0.05 * (i % 3) as f64,
                    4.0,
                )
            })
            .collect();
        pieces.reverse();
        pieces.push(piece("身份证号", 30.0, 50.1, 4.0));
        pieces.push(piece("第二行", 30.0, 60.0, 4.0));
        pieces.push(piece("第二行", 30.05, 60.0, 4.0));
        let lines = lines(pieces);
        assert_eq!(lines, vec![format!("身份证号 {id}"), "第二行".to_string()]);
    }

    #[test]
    fn attachment_names() {
        assert_eq!(
            attachment_name("original_invoice", "xml", "original_invoice.xml"),
            "original_invoice.xml"
        );
        assert_eq!(
            attachment_name("Gao", "", "/Doc_0/Res/eg_tulip.jpg"),
            "Gao.jpg"
        );
        assert_eq!(attachment_name("名单.xlsx", "", "a.bin"), "名单.xlsx");
        assert_eq!(attachment_name("", "", "Res/a.txt"), "a.txt");
    }

    #[test]
    fn ctm_places_rotated_glyphs() {
        // Suwell pdf2ofd: rotated glyphs laid out left to right (文字横向-数科.ofd).
        let mut pieces = Vec::new();
        for (bx, by, x, c) in [
            (120.33, 34.19, -197.51, "一"),
            (124.01, 34.19, -197.51, "二"),
            (127.74, 34.13, -200.85, "三"),
            (131.42, 34.37, -187.05, "四"),
        ] {
            let mut o = TextObj {
                origin: (bx, by),
                ctm: [0.0, -0.0176, 0.0176, 0.0, 0.0, 0.0],
                size: 209.0,
                hidden: false,
                pen: (0.0, 0.0),
            };
            let code = Code {
                x: Some(x),
                y: Some(183.92),
                dx: None,
                dy: None,
                text: c.into(),
            };
            pieces.extend(o.piece(code));
        }
        assert_eq!(lines(pieces), vec!["一二三四".to_string()]);
    }
}
