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

use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::Package;
use super::props::push_ooxml_properties;
use super::rels::{read_rels, rels_path, Rel};
use super::xml::{attr, XmlEvent, XmlReader};
use super::Ctx;

/// A prefixed `…:id` attribute (`r:id`), as opposed to a plain `id`.
fn rel_id(e: &BytesStart) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == "id" && a.key.prefix().is_some() {
            return Some(a.value.to_string());
        }
    }
    None
}

/// The relationship ids of `p:sldIdLst`, in display order.
fn slide_ids(xml: &[u8], ctx: &Ctx) -> Result<Vec<String>, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "ppt/presentation.xml");
    let mut ids = Vec::new();
    let mut in_list = false;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => match e.local_name().as_ref() {
                "sldIdLst" if !empty => in_list = true,
                "sldId" if in_list => {
                    if let Some(id) = rel_id(&e) {
                        ids.push(id);
                    }
                }
                _ => {}
            },
            XmlEvent::End { local } if local == "sldIdLst" => in_list = false,
            XmlEvent::Eof => return Ok(ids),
            _ => {}
        }
    }
}

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

/// `ppt/slides/slide3.xml` is a part directly in `ppt/slides/` ending in `.xml`.
fn is_part_in(name: &str, dir: &str) -> bool {
    name.strip_prefix(dir)
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".xml"))
}

/// `slide12.xml` → 12 (for name order of leftover parts).
fn part_number(name: &str) -> u64 {
    let file = name.rsplit('/').next().unwrap_or(name);
    let digits: String = file
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(18)
        .collect();
    digits.parse().unwrap_or(u64::MAX)
}

/// `p:cmAuthor id="0" name="…"` and modern `p188:author id="{…}" name="…"`.
fn read_authors(
    pkg: &mut Package,
    part: &str,
    authors: &mut HashMap<String, String>,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let Some(xml) = pkg.read_opt(part)? else {
        return Ok(());
    };
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, part);
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } => {
                if matches!(e.local_name().as_ref(), "cmAuthor" | "author") {
                    if let (Some(id), Some(name)) = (attr(&e, "id"), attr(&e, "name")) {
                        authors.insert(id, name);
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// One slide: its shapes, then what its relationships point at (SmartArt, charts, notes,
/// comments, external links).
fn slide(
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    /// A slide: all text, alt text.
    Slide,
    /// SmartArt data of a slide: all text (not numbered as the slide's paragraphs).
    Diagram,
    /// A notes page: the slide image, slide number and date placeholders are skipped.
    Notes,
    /// A chart: text of titles and the cached category/series strings.
    Chart,
}

/// What an open element means to the walker.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Frame {
    Other,
    Shape,
    Para,
    Run,
    Table,
    Row,
    Cell,
    StrCache,
    Value,
    /// `mc:Fallback`: a copy of the preceding `mc:Choice` for older readers.
    Ignore,
}

#[derive(Clone, Copy, Default)]
struct Shape {
    hidden: bool,
    skip: bool,
}

struct TableState {
    row: u32,
    col: u32,
    cells: Vec<(String, Loc)>,
    cell: String,
    cell_hidden: bool,
    header_done: bool,
}

/// Walks one DrawingML part (slide, notes page, SmartArt data, chart). Returns whether the
/// part is a hidden slide (`<p:sld show="0">`); everything in it is then marked hidden.
fn walk(
    xml: &[u8],
    what: &str,
    base: &Loc,
    mode: Mode,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<bool, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    let mut base = base.clone();
    let mut hidden_slide = false;
    let mut frames: Vec<Frame> = Vec::new();
    let mut shapes: Vec<Shape> = Vec::new();
    let mut tables: Vec<TableState> = Vec::new();
    let mut ignore = 0usize;
    let mut in_run = 0usize;
    let mut in_cache = 0usize;
    let mut para: Option<String> = None;
    let mut paragraph = 0u32;
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            ctx.budget.check_time()?;
        }
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                let name = e.local_name();
                let name = name.as_ref();
                if ignore > 0 {
                    if !empty {
                        frames.push(Frame::Ignore);
                        ignore += 1;
                    }
                    continue;
                }
                let shape = shapes.last().copied().unwrap_or_default();
                let frame = match name {
                    "sld" if frames.is_empty() => {
                        if attr(&e, "show").is_some_and(|v| v == "0" || v == "false") {
                            hidden_slide = true;
                            base = base.hidden_as(Part::HiddenSlide);
                        }
                        Frame::Other
                    }
                    "Fallback" => Frame::Ignore,
                    "sp" | "grpSp" | "graphicFrame" | "pic" | "cxnSp" | "contentPart" => {
                        shapes.push(shape);
                        Frame::Shape
                    }
                    "cNvPr" => {
                        if let Some(top) = shapes.last_mut() {
                            if attr(&e, "hidden").is_some_and(|v| v == "1" || v == "true") {
                                top.hidden = true;
                            }
                        }
                        if mode == Mode::Slide && !shape.skip {
                            for field in ["descr", "title"] {
                                if let Some(text) = attr(&e, field) {
                                    let mut loc = Loc::part(Part::Attribute).with_field(field);
                                    loc.slide = base.slide;
                                    b.push(&text, loc)?;
                                }
                            }
                        }
                        Frame::Other
                    }
                    "ph" => {
                        if mode == Mode::Notes
                            && attr(&e, "type")
                                .is_some_and(|t| matches!(t.as_str(), "sldNum" | "sldImg" | "dt"))
                        {
                            if let Some(top) = shapes.last_mut() {
                                top.skip = true;
                            }
                        }
                        Frame::Other
                    }
                    "p" => {
                        paragraph = paragraph.saturating_add(1);
                        if para.is_none() {
                            para = Some(String::new());
                        }
                        Frame::Para
                    }
                    "t" if para.is_some() => {
                        in_run += 1;
                        Frame::Run
                    }
                    "br" => {
                        if let Some(p) = para.as_mut() {
                            p.push('\n');
                        }
                        Frame::Other
                    }
                    "tbl" => {
                        b.end_block();
                        tables.push(TableState {
                            row: 0,
                            col: 0,
                            cells: Vec::new(),
                            cell: String::new(),
                            cell_hidden: false,
                            header_done: false,
                        });
                        Frame::Table
                    }
                    "tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row = t.row.saturating_add(1);
                            t.col = 0;
                            t.cells.clear();
                        }
                        Frame::Row
                    }
                    "tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.col = t.col.saturating_add(1);
                            t.cell.clear();
                            t.cell_hidden = shape.hidden;
                        }
                        Frame::Cell
                    }
                    "strCache" if mode == Mode::Chart => {
                        in_cache += 1;
                        Frame::StrCache
                    }
                    "v" if in_cache > 0 => {
                        para = Some(String::new());
                        in_run += 1;
                        Frame::Value
                    }
                    _ => Frame::Other,
                };
                if frame == Frame::Ignore {
                    ignore += 1;
                }
                if empty {
                    // A self-closing element has no end event: undo what its start did.
                    match frame {
                        Frame::Shape => {
                            shapes.pop();
                        }
                        Frame::Run | Frame::Value => in_run = in_run.saturating_sub(1),
                        Frame::Para => {
                            if frames.iter().all(|f| *f != Frame::Para) {
                                para = None;
                            }
                        }
                        Frame::Table => {
                            tables.pop();
                        }
                        Frame::Cell => {
                            if let Some(t) = tables.last_mut() {
                                let loc = cell_loc(&base, t.row, t.col, t.cell_hidden);
                                t.cells.push((String::new(), loc));
                            }
                        }
                        Frame::StrCache => in_cache = in_cache.saturating_sub(1),
                        Frame::Ignore => ignore = ignore.saturating_sub(1),
                        Frame::Other | Frame::Row => {}
                    }
                } else {
                    frames.push(frame);
                }
            }
            XmlEvent::Text(t) => {
                if ignore == 0 && in_run > 0 {
                    if let Some(p) = para.as_mut() {
                        p.push_str(&t);
                    }
                }
            }
            XmlEvent::End { .. } => {
                let Some(frame) = frames.pop() else {
                    continue;
                };
                match frame {
                    Frame::Ignore => ignore = ignore.saturating_sub(1),
                    Frame::Shape => {
                        shapes.pop();
                    }
                    Frame::Run => in_run = in_run.saturating_sub(1),
                    Frame::StrCache => in_cache = in_cache.saturating_sub(1),
                    Frame::Value => {
                        in_run = in_run.saturating_sub(1);
                        if let Some(text) = para.take() {
                            b.push(text.trim(), base.clone())?;
                        }
                    }
                    Frame::Para => {
                        // Nested paragraphs do not occur in DrawingML; the outermost one
                        // carries the text.
                        if frames.contains(&Frame::Para) {
                            continue;
                        }
                        let Some(text) = para.take() else { continue };
                        let shape = shapes.last().copied().unwrap_or_default();
                        if shape.skip {
                            continue;
                        }
                        let in_cell = cell_is_open(&frames);
                        if in_cell {
                            if let Some(t) = tables.last_mut() {
                                if !t.cell.is_empty() {
                                    t.cell.push('\n');
                                }
                                t.cell.push_str(text.trim());
                                continue;
                            }
                        }
                        let mut loc = base.clone();
                        if matches!(mode, Mode::Slide | Mode::Notes) {
                            loc.paragraph = Some(paragraph);
                        }
                        if shape.hidden {
                            loc = loc.hidden_as(Part::HiddenText);
                        }
                        b.push(text.trim(), loc)?;
                    }
                    Frame::Cell => {
                        if let Some(t) = tables.last_mut() {
                            let loc = cell_loc(&base, t.row, t.col, t.cell_hidden);
                            let text = std::mem::take(&mut t.cell);
                            t.cells.push((text, loc));
                        }
                    }
                    Frame::Row => {
                        if let Some(t) = tables.last_mut() {
                            let cells = std::mem::take(&mut t.cells);
                            push_table_row(b, cells, &mut t.header_done)?;
                        }
                    }
                    Frame::Table => {
                        tables.pop();
                        b.end_block();
                    }
                    Frame::Other => {}
                }
            }
            XmlEvent::Eof => return Ok(hidden_slide),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// Whether a table cell is open below the nearest shape.
fn cell_is_open(frames: &[Frame]) -> bool {
    for f in frames.iter().rev() {
        match f {
            Frame::Cell => return true,
            Frame::Shape => return false,
            _ => {}
        }
    }
    false
}

fn cell_loc(base: &Loc, row: u32, col: u32, hidden: bool) -> Loc {
    let mut loc = base.clone();
    loc.row = Some(row);
    loc.col = Some(col);
    if hidden {
        loc = loc.hidden_as(Part::HiddenText);
    }
    loc
}

/// Writes one table row. Before the header row has been written, a row with a single
/// non-empty cell is a title (a merged caption) and is pushed as a paragraph so it does not
/// pose as the header; afterwards every row keeps its columns.
pub(crate) fn push_table_row(
    b: &mut DocumentBuilder,
    cells: Vec<(String, Loc)>,
    header_done: &mut bool,
) -> Result<(), ExtractError> {
    let filled: Vec<&(String, Loc)> = cells.iter().filter(|(t, _)| !t.trim().is_empty()).collect();
    match filled.as_slice() {
        [] => Ok(()),
        [(text, loc)] if !*header_done => b.push(text.trim(), loc.clone()),
        _ => {
            *header_done = true;
            b.row(cells.iter().map(|(t, l)| (t.as_str(), l.clone())))
        }
    }
}

/// A comments part: legacy `p:cm` (`p:text`) or modern `p188:cm` (`p188:txBody`) with
/// replies; each comment is one segment with its author in `field`.
fn comments(
    xml: &[u8],
    what: &str,
    base: &Loc,
    authors: &HashMap<String, String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    // Open comments and replies: (author, text).
    let mut open: Vec<(Option<String>, String)> = Vec::new();
    let mut in_text = 0usize;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                if empty {
                    continue;
                }
                match e.local_name().as_ref() {
                    "cm" | "reply" => {
                        let author = attr(&e, "authorId").and_then(|id| authors.get(&id).cloned());
                        open.push((author, String::new()));
                    }
                    "text" | "t" => in_text += 1,
                    "p" => {
                        if let Some((_, text)) = open.last_mut() {
                            if !text.is_empty() {
                                text.push('\n');
                            }
                        }
                    }
                    _ => {}
                }
            }
            XmlEvent::Text(t) => {
                if in_text > 0 {
                    if let Some((_, text)) = open.last_mut() {
                        text.push_str(&t);
                    }
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "cm" | "reply" => {
                    if let Some((author, text)) = open.pop() {
                        let mut loc = base.clone();
                        loc.field = author;
                        b.push(text.trim(), loc)?;
                    }
                }
                "text" | "t" => in_text = in_text.saturating_sub(1),
                _ => {}
            },
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    fn doc_of(slide_xml: &str, mode: Mode) -> Result<Document, ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.pptx",
            encoding: None,
        };
        let mut b = DocumentBuilder::new("pptx", 1 << 20);
        walk(
            slide_xml.as_bytes(),
            "s.xml",
            &Loc::part(Part::Body).with_slide(2),
            mode,
            &mut b,
            &ctx,
        )?;
        Ok(b.finish())
    }

    const NS: &str = r#"xmlns:a="a" xmlns:p="p""#;

    #[test]
    fn paragraphs_tables_and_hidden_shapes() -> Result<(), ExtractError> {
        let xml = format!(
            r#"<p:sld {NS}><p:cSld><p:spTree>
            <p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/></p:nvSpPr><p:txBody>
              <a:p><a:r><a:t>联系</a:t></a:r><a:r><a:t>电话13800138000</a:t></a:r></a:p>
              <a:p><a:r><a:t>第二段</a:t></a:r><a:br/><a:r><a:t>续</a:t></a:r></a:p>
            </p:txBody></p:sp>
            <p:sp><p:nvSpPr><p:cNvPr id="3" name="H" hidden="1"/></p:nvSpPr><p:txBody>
              <a:p><a:r><a:t>隐藏</a:t></a:r></a:p></p:txBody></p:sp>
            <p:graphicFrame><a:graphic><a:graphicData><a:tbl>
              <a:tr><a:tc gridSpan="2"><a:txBody><a:p><a:r><a:t>名单</a:t></a:r></a:p></a:txBody></a:tc><a:tc hMerge="1"><a:txBody><a:p/></a:txBody></a:tc></a:tr>
              <a:tr><a:tc><a:txBody><a:p><a:r><a:t>姓名</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>身份证号</a:t></a:r></a:p></a:txBody></a:tc></a:tr>
              <a:tr><a:tc><a:txBody><a:p/></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>11010519491231002X</a:t></a:r></a:p></a:txBody></a:tc></a:tr>
            </a:tbl></a:graphicData></a:graphic></p:graphicFrame>
            </p:spTree></p:cSld></p:sld>"#
        );
        let doc = doc_of(&xml, Mode::Slide)?;
        assert_eq!(
            doc.text,
            "联系电话13800138000\n第二段\n续\n隐藏\n\n名单\n姓名\t身份证号\n\t11010519491231002X\n\n"
        );
        let first = &doc.segments[0].loc;
        assert_eq!(
            (first.slide, first.paragraph, first.hidden),
            (Some(2), Some(1), false)
        );
        let hidden = &doc.segments[2].loc;
        assert_eq!((hidden.part, hidden.hidden), (Part::HiddenText, true));
        let id = doc
            .segments
            .last()
            .map(|s| s.loc.clone())
            .unwrap_or_default();
        assert_eq!((id.row, id.col, id.slide), (Some(3), Some(2), Some(2)));
        Ok(())
    }

    #[test]
    fn hidden_slide_and_notes_placeholders() -> Result<(), ExtractError> {
        let xml = format!(
            r#"<p:sld {NS} show="0"><p:sp><p:txBody><a:p><a:r><a:t>x</a:t></a:r></a:p></p:txBody></p:sp></p:sld>"#
        );
        let doc = doc_of(&xml, Mode::Slide)?;
        assert_eq!(doc.segments[0].loc.part, Part::HiddenSlide);
        assert!(doc.segments[0].loc.hidden);
        let notes = format!(
            r#"<p:notes {NS}><p:sp><p:nvSpPr><p:cNvPr id="1" name=""/><p:nvPr><p:ph type="sldNum"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>7</a:t></a:r></a:p></p:txBody></p:sp>
            <p:sp><p:nvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>备注</a:t></a:r></a:p></p:txBody></p:sp></p:notes>"#
        );
        let doc = doc_of(&notes, Mode::Notes)?;
        assert_eq!(doc.text, "备注\n");
        Ok(())
    }

    #[test]
    fn comments_with_authors() -> Result<(), ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.pptx",
            encoding: None,
        };
        let mut authors = HashMap::new();
        authors.insert("0".to_string(), "张三".to_string());
        let mut b = DocumentBuilder::new("pptx", 1 << 20);
        let xml = r#"<p:cmLst xmlns:p="p"><p:cm authorId="0" idx="1"><p:pos x="1" y="2"/><p:text>电话13912345678</p:text></p:cm></p:cmLst>"#;
        comments(
            xml.as_bytes(),
            "c.xml",
            &Loc::part(Part::Comment).with_slide(1),
            &authors,
            &mut b,
            &ctx,
        )?;
        let doc = b.finish();
        assert_eq!(doc.text, "电话13912345678\n");
        assert_eq!(doc.segments[0].loc.field.as_deref(), Some("张三"));
        assert!(doc.segments[0].loc.hidden);
        Ok(())
    }
}
