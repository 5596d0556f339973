//! PowerPoint 97–2003 binary presentations (.ppt, Kingsoft .dps).
//!
//! The `PowerPoint Document` stream is a tree of records (8-byte header: version/instance,
//! type, length). The current state is found through `Current User` → the newest
//! UserEditAtom → the persist directories (persist id → stream offset). Slides come in the
//! order of the DocumentContainer's SlideListWithText (one SlidePersistAtom per slide,
//! followed by the placeholder text of that slide); each SlideContainer adds the text of
//! its own text boxes, its comments (Comment10) and whether it is hidden; notes pages are
//! NotesContainers. Slides and notes left in the stream by fast saves but no longer part of
//! the presentation are read as hidden "other" text. Embedded objects are ExOleObjStg
//! records (zlib-compressed compound files).

use std::collections::{HashMap, HashSet};

use super::{
    push_embedded_file, push_summary_information, read_stream, read_stream_opt, u16_at, u32_at,
    u8_at, utf16le,
};
use crate::extract::document::{Document, DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

const DOCUMENT: u16 = 0x03E8;
const DOCUMENT_ATOM: u16 = 0x03E9;
const SLIDE: u16 = 0x03EE;
const SLIDE_ATOM: u16 = 0x03EF;
const NOTES: u16 = 0x03F0;
const MAIN_MASTER: u16 = 0x03F8;
const SLIDE_PERSIST_ATOM: u16 = 0x03F3;
const SS_SLIDE_INFO_ATOM: u16 = 0x03F9;
const EX_OBJ_LIST: u16 = 0x0409;
const TEXT_HEADER_ATOM: u16 = 0x0F9F;
const TEXT_CHARS_ATOM: u16 = 0x0FA0;
const TEXT_BYTES_ATOM: u16 = 0x0FA8;
const CSTRING: u16 = 0x0FBA;
const HEADERS_FOOTERS: u16 = 0x0FD9;
const SLIDE_LIST_WITH_TEXT: u16 = 0x0FF0;
const USER_EDIT_ATOM: u16 = 0x0FF5;
const EX_OLE_OBJ_STG: u16 = 0x1011;
const PERSIST_DIRECTORY_ATOM: u16 = 0x1772;
const BINARY_TAG_DATA_BLOB: u16 = 0x138B;
const COMMENT10: u16 = 0x2EE0;
const CRYPT_SESSION10: u16 = 0x2F14;

/// Deepest record nesting followed (real files stay under 10).
const MAX_DEPTH: usize = 32;
/// Most user edits followed back through the stream.
const MAX_EDITS: usize = 4096;
/// Most embedded objects handed over.
const MAX_OBJECTS: usize = 1000;

/// One record: header fields and its body (clipped to the bytes present).
#[derive(Clone, Copy)]
struct Rec<'a> {
    ver: u8,
    instance: u16,
    ty: u16,
    body: &'a [u8],
    /// Offset of the header in the stream (top-level records only; 0 otherwise).
    offset: usize,
}

impl<'a> Rec<'a> {
    fn at(stream: &'a [u8], at: usize) -> Option<Rec<'a>> {
        let vi = u16_at(stream, at)?;
        let ty = u16_at(stream, at + 2)?;
        let len = u32_at(stream, at + 4)? as usize;
        let rest = stream.get(at + 8..)?;
        let body = rest.get(..len.min(rest.len()))?;
        Some(Rec {
            ver: (vi & 0x0F) as u8,
            instance: vi >> 4,
            ty,
            body,
            offset: at,
        })
    }

    fn is_container(&self) -> bool {
        self.ver == 0x0F || self.ty == BINARY_TAG_DATA_BLOB
    }

    /// The records inside this one.
    fn children(&self) -> Children<'a> {
        Children {
            bytes: self.body,
            at: 0,
        }
    }
}

struct Children<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Children<'a> {
    type Item = Rec<'a>;
    fn next(&mut self) -> Option<Rec<'a>> {
        let rec = Rec::at(self.bytes, self.at)?;
        self.at = self.at.checked_add(8 + rec.body.len())?;
        Some(Rec { offset: 0, ..rec })
    }
}

/// Top-level records of the stream, with their offsets.
fn top_level(stream: &[u8]) -> impl Iterator<Item = Rec<'_>> {
    let mut at = 0usize;
    std::iter::from_fn(move || {
        let rec = Rec::at(stream, at)?;
        at = at.checked_add(8 + rec.body.len())?;
        Some(rec)
    })
}

/// Where text is being written.
struct Sink<'b> {
    b: &'b mut DocumentBuilder,
    /// Paragraph counters per (slide, part).
    paras: HashMap<(Option<u32>, Part), u32>,
}

impl Sink<'_> {
    /// Pushes text split into paragraphs at `\r`; `\x0b` is a line break.
    fn text(&mut self, text: &str, slide: Option<u32>, loc: &Loc) -> Result<(), ExtractError> {
        for para in text.split('\r') {
            let counter = self.paras.entry((slide, loc.part)).or_insert(0);
            *counter += 1;
            let n = *counter;
            let clean: String = para
                .chars()
                .map(|c| if c == '\u{b}' { '\n' } else { c })
                .filter(|c| !c.is_control() || matches!(c, '\n' | '\t'))
                .collect();
            let mut loc = loc.clone().with_paragraph(n);
            if let Some(s) = slide {
                loc = loc.with_slide(s);
            }
            self.b.push(&clean, loc)?;
        }
        Ok(())
    }
}

/// Text of a TextCharsAtom / TextBytesAtom / CString.
fn atom_text(rec: &Rec) -> Option<String> {
    match rec.ty {
        TEXT_CHARS_ATOM | CSTRING => Some(utf16le(rec.body)),
        TEXT_BYTES_ATOM => Some(rec.body.iter().map(|&c| char::from(c)).collect()),
        _ => None,
    }
}

/// Reads a PowerPoint 97–2003 presentation.
pub fn extract_ppt(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut cf = super::open(bytes)?;
    let stream = read_stream(&mut cf, "/PowerPoint Document", ctx)?;
    let current_user = read_stream_opt(&mut cf, "/Current User", ctx)?;

    // Current User: CurrentUserAtom header (8), size, headerToken, offsetToCurrentEdit.
    let (token, current_edit) = match &current_user {
        Some(cu) => (u32_at(cu, 12), u32_at(cu, 16)),
        None => (None, None),
    };
    if token == Some(0xF3D1_C4DF) {
        return Err(ExtractError::Encrypted(
            "PowerPoint presentation encrypted with a password".into(),
        ));
    }
    let persist = Persist::read(&stream, current_edit, ctx)?;
    if persist.encrypted || top_level(&stream).any(|r| r.ty == CRYPT_SESSION10) {
        return Err(ExtractError::Encrypted(
            "PowerPoint presentation encrypted with a password (CryptSession10Container)".into(),
        ));
    }

    let mut b = DocumentBuilder::new("ppt", ctx.budget.limits.max_text_bytes);
    let mut sink = Sink {
        b: &mut b,
        paras: HashMap::new(),
    };
    let document = persist
        .document
        .and_then(|off| Rec::at(&stream, off as usize))
        .filter(|r| r.ty == DOCUMENT)
        .or_else(|| top_level(&stream).find(|r| r.ty == DOCUMENT));
    let Some(document) = document else {
        return Err(ExtractError::Corrupt(
            "PowerPoint presentation without a document record".into(),
        ));
    };
    let mut visited: HashSet<usize> = HashSet::new();
    // The notes master and handout master (DocumentAtom) are templates, not notes.
    if let Some(atom) = document.children().find(|r| r.ty == DOCUMENT_ATOM) {
        for at in [24, 28] {
            if let Some(off) = u32_at(atom.body, at).and_then(|r| persist.offsets.get(&r)) {
                visited.insert(*off as usize);
            }
        }
    }
    read_document(&stream, &document, &persist, &mut sink, &mut visited, ctx)?;
    read_leftovers(&stream, &persist, &mut sink, &visited, ctx)?;
    push_summary_information(&mut cf, &mut b, ctx)?;
    push_objects(&stream, &persist, &mut b, ctx)?;
    Ok(b.finish())
}

/// The persist directory: persist id → stream offset, newest edit winning.
#[derive(Default)]
struct Persist {
    offsets: HashMap<u32, u32>,
    document: Option<u32>,
    encrypted: bool,
}

impl Persist {
    fn read(stream: &[u8], current_edit: Option<u32>, ctx: &Ctx) -> Result<Persist, ExtractError> {
        let mut persist = Persist::default();
        // Newest edit: from Current User, else the last UserEditAtom in the stream.
        let start = current_edit
            .filter(|&off| Rec::at(stream, off as usize).is_some_and(|r| r.ty == USER_EDIT_ATOM))
            .or_else(|| {
                top_level(stream)
                    .filter(|r| r.ty == USER_EDIT_ATOM)
                    .last()
                    .map(|r| r.offset as u32)
            });
        let Some(mut at) = start else {
            return Ok(persist);
        };
        let mut edits = Vec::new();
        let mut seen = HashSet::new();
        while edits.len() < MAX_EDITS && seen.insert(at) {
            ctx.budget.check_time()?;
            let Some(edit) = Rec::at(stream, at as usize).filter(|r| r.ty == USER_EDIT_ATOM) else {
                break;
            };
            edits.push(edit);
            match u32_at(edit.body, 8) {
                Some(0) | None => break,
                Some(prev) => at = prev,
            }
        }
        if let Some(newest) = edits.first() {
            persist.document = None;
            let doc_ref = u32_at(newest.body, 16);
            let crypt_ref = u32_at(newest.body, 28).filter(|&r| r != 0);
            let mut dirs_seen = HashSet::new();
            for edit in edits.iter().rev() {
                let dir_at = u32_at(edit.body, 12);
                if !dirs_seen.insert(dir_at) {
                    continue;
                }
                let Some(dir) = dir_at
                    .and_then(|off| Rec::at(stream, off as usize))
                    .filter(|r| r.ty == PERSIST_DIRECTORY_ATOM)
                else {
                    continue;
                };
                let mut i = 0usize;
                while let Some(head) = u32_at(dir.body, i) {
                    let id = head & 0x000F_FFFF;
                    let count = (head >> 20) as usize;
                    i += 4;
                    for k in 0..count {
                        let Some(off) = u32_at(dir.body, i + k * 4) else {
                            break;
                        };
                        persist.offsets.insert(id.wrapping_add(k as u32), off);
                    }
                    i += count * 4;
                }
            }
            persist.document = doc_ref.and_then(|r| persist.offsets.get(&r).copied());
            if let Some(r) = crypt_ref {
                persist.encrypted = persist
                    .offsets
                    .get(&r)
                    .and_then(|&off| Rec::at(stream, off as usize))
                    .is_some_and(|rec| rec.ty == CRYPT_SESSION10);
            }
        }
        Ok(persist)
    }

    fn record<'s>(&self, stream: &'s [u8], id: u32, ty: u16) -> Option<Rec<'s>> {
        let off = *self.offsets.get(&id)?;
        Rec::at(stream, off as usize).filter(|r| r.ty == ty)
    }
}

/// A persist atom of a SlideListWithText: (persistIdRef, slide or notes id).
fn persist_atom(rec: &Rec) -> (u32, u32) {
    (
        u32_at(rec.body, 0).unwrap_or(0),
        u32_at(rec.body, 12).unwrap_or(0),
    )
}

fn read_document(
    stream: &[u8],
    document: &Rec,
    persist: &Persist,
    sink: &mut Sink,
    visited: &mut HashSet<usize>,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    // Notes pages by notes id (SlideListWithText instance 2).
    let mut notes_by_id: HashMap<u32, u32> = HashMap::new();
    for list in document
        .children()
        .filter(|r| r.ty == SLIDE_LIST_WITH_TEXT && r.instance == 2)
    {
        for atom in list.children().filter(|r| r.ty == SLIDE_PERSIST_ATOM) {
            let (persist_ref, notes_id) = persist_atom(&atom);
            notes_by_id.insert(notes_id, persist_ref);
        }
    }
    let mut slide_no = 0u32;
    for list in document
        .children()
        .filter(|r| r.ty == SLIDE_LIST_WITH_TEXT && r.instance == 0)
    {
        // Placeholder text follows each SlidePersistAtom; written once the slide's own
        // container has told whether it is hidden.
        let mut pending: Vec<(u32, Vec<(Part, String)>)> = Vec::new();
        let mut text_type = 1u32;
        for rec in list.children() {
            match rec.ty {
                SLIDE_PERSIST_ATOM => {
                    let (persist_ref, _) = persist_atom(&rec);
                    pending.push((persist_ref, Vec::new()));
                }
                TEXT_HEADER_ATOM => text_type = u32_at(rec.body, 0).unwrap_or(1),
                TEXT_CHARS_ATOM | TEXT_BYTES_ATOM => {
                    if let (Some(text), Some((_, texts))) = (atom_text(&rec), pending.last_mut()) {
                        let part = if text_type == 2 {
                            Part::Notes
                        } else {
                            Part::Body
                        };
                        texts.push((part, text));
                    }
                }
                _ => {}
            }
        }
        for (persist_ref, texts) in pending {
            ctx.budget.check_time()?;
            slide_no += 1;
            let slide = persist.record(stream, persist_ref, SLIDE);
            let info = slide.map(|s| slide_info(&s)).unwrap_or_default();
            let body = if info.hidden {
                Loc::part(Part::Body).hidden_as(Part::HiddenSlide)
            } else {
                Loc::part(Part::Body)
            };
            for (part, text) in texts {
                let loc = if part == Part::Notes {
                    Loc::part(Part::Notes)
                } else {
                    body.clone()
                };
                sink.text(&text, Some(slide_no), &loc)?;
            }
            if let Some(slide) = slide {
                visited.insert(slide.offset);
                walk(&slide, Some(slide_no), &body, sink, 0)?;
                if let Some(notes) = info
                    .notes_id
                    .and_then(|id| notes_by_id.get(&id))
                    .and_then(|&r| persist.record(stream, r, NOTES))
                {
                    if visited.insert(notes.offset) {
                        walk(&notes, Some(slide_no), &Loc::part(Part::Notes), sink, 0)?;
                    }
                }
            }
            sink.b.end_block();
        }
    }
    // Notes pages no slide points to.
    for &persist_ref in notes_by_id.values() {
        if let Some(notes) = persist.record(stream, persist_ref, NOTES) {
            if visited.insert(notes.offset) {
                walk(&notes, None, &Loc::part(Part::Notes), sink, 0)?;
            }
        }
    }
    // Document-wide headers and footers.
    for hf in document.children().filter(|r| r.ty == HEADERS_FOOTERS) {
        walk(&hf, None, &Loc::part(Part::Footer), sink, 0)?;
    }
    sink.b.end_block();
    Ok(())
}

#[derive(Default)]
struct SlideInfo {
    hidden: bool,
    notes_id: Option<u32>,
}

fn slide_info(slide: &Rec) -> SlideInfo {
    let mut info = SlideInfo::default();
    for rec in slide.children() {
        match rec.ty {
            SLIDE_ATOM => info.notes_id = u32_at(rec.body, 16).filter(|&id| id != 0),
            SS_SLIDE_INFO_ATOM => {
                info.hidden = u8_at(rec.body, 10).is_some_and(|f| f & 0x04 != 0);
            }
            _ => {}
        }
    }
    info
}

/// Collects the text atoms under a container (text boxes of a slide or notes page),
/// comments (Comment10) and header/footer strings.
fn walk(
    rec: &Rec,
    slide: Option<u32>,
    loc: &Loc,
    sink: &mut Sink,
    depth: usize,
) -> Result<(), ExtractError> {
    if depth > MAX_DEPTH {
        return Ok(());
    }
    for child in rec.children() {
        match child.ty {
            TEXT_CHARS_ATOM | TEXT_BYTES_ATOM => {
                if let Some(text) = atom_text(&child) {
                    sink.text(&text, slide, loc)?;
                }
            }
            COMMENT10 => {
                let mut author = None;
                let mut texts = Vec::new();
                for c in child.children().filter(|c| c.ty == CSTRING) {
                    match c.instance {
                        0 => author = Some(utf16le(c.body)),
                        1 => texts.push(utf16le(c.body)),
                        _ => {}
                    }
                }
                let mut cloc = Loc::part(Part::Comment);
                if let Some(a) = author.filter(|a| !a.trim().is_empty()) {
                    cloc = cloc.with_field(a.trim());
                }
                for t in texts {
                    sink.text(&t, slide, &cloc)?;
                }
            }
            HEADERS_FOOTERS => {
                for c in child.children().filter(|c| c.ty == CSTRING) {
                    // 0x10 date, 0x11 header, 0x12 footer.
                    let part = if c.instance == 0x11 {
                        Part::Header
                    } else {
                        Part::Footer
                    };
                    let mut hloc = Loc::part(part);
                    hloc.hidden = loc.hidden;
                    sink.text(&utf16le(c.body), slide, &hloc)?;
                }
            }
            _ if child.is_container() => walk(&child, slide, loc, sink, depth + 1)?,
            _ => {}
        }
    }
    Ok(())
}

/// Slides and notes pages still in the stream but not part of the current presentation
/// (fast saves keep earlier versions; deleted slides stay until a full save).
fn read_leftovers(
    stream: &[u8],
    persist: &Persist,
    sink: &mut Sink,
    visited: &HashSet<usize>,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    if persist.offsets.is_empty() && visited.is_empty() {
        // No persist directory: read every slide and notes page in stream order.
        let mut slide_no = 0;
        for rec in top_level(stream) {
            ctx.budget.check_time()?;
            match rec.ty {
                SLIDE => {
                    slide_no += 1;
                    walk(&rec, Some(slide_no), &Loc::part(Part::Body), sink, 0)?;
                }
                NOTES => walk(&rec, None, &Loc::part(Part::Notes), sink, 0)?,
                _ => {}
            }
        }
        sink.b.end_block();
        return Ok(());
    }
    let current: HashSet<u32> = persist.offsets.values().copied().collect();
    for rec in top_level(stream) {
        ctx.budget.check_time()?;
        if !matches!(rec.ty, SLIDE | NOTES | MAIN_MASTER) || visited.contains(&rec.offset) {
            continue;
        }
        let is_current = current.contains(&(rec.offset as u32));
        let loc = match rec.ty {
            // Masters: placeholder prompts and the footer text repeated on every slide.
            MAIN_MASTER if is_current => Loc::part(Part::Other).with_field("slide master"),
            MAIN_MASTER => continue,
            NOTES if is_current => Loc::part(Part::Notes),
            _ => Loc::part(Part::Other).with_field("earlier version or deleted slide"),
        };
        walk(&rec, None, &loc, sink, 0)?;
    }
    sink.b.end_block();
    Ok(())
}

/// ExOleObjStg records that are current persist objects (all of them when there is no
/// persist directory): instance 1 is zlib-compressed behind a u32 decompressed size.
fn push_objects(
    stream: &[u8],
    persist: &Persist,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let current: HashSet<u32> = persist.offsets.values().copied().collect();
    let mut n = 0usize;
    for rec in top_level(stream).filter(|r| r.ty == EX_OLE_OBJ_STG) {
        if !current.is_empty() && !current.contains(&(rec.offset as u32)) {
            continue;
        }
        n += 1;
        if n > MAX_OBJECTS {
            break;
        }
        let label = format!("object{n}");
        let data = if rec.instance == 1 {
            let compressed = rec.body.get(4..).unwrap_or(&[]);
            let decoder = flate2::read::ZlibDecoder::new(compressed);
            ctx.budget.read_bounded(
                decoder,
                ctx.budget.limits.max_file_bytes,
                Some(compressed.len() as u64),
                "embedded object",
            )
        } else {
            Ok(rec.body.to_vec())
        };
        match data {
            Ok(data) => push_embedded_file(&data, &label, b, ctx)?,
            Err(e @ ExtractError::Timeout(_)) => return Err(e),
            Err(e) => b.member(label, Err(e), true),
        }
    }
    let _ = EX_OBJ_LIST;
    Ok(())
}
