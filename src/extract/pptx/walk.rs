//! The DrawingML text walker shared by slides, notes pages, SmartArt data and charts:
//! paragraphs of `p:txBody` (line breaks kept), tables (`a:tbl`, one row per `a:tr`),
//! hidden slides and hidden shapes, alternative text of shapes and pictures, the skipped
//! placeholders of notes pages, cached chart strings, and `mc:Fallback` copies ignored.

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::Ctx;

use super::table::{cell_loc, push_table_row};

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Mode {
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
pub(super) fn walk(
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
