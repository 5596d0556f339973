//! Cell comments: legacy notes (`xl/comments*.xml` with their VML shapes), threaded
//! comments (`xl/threadedComments/`) and the people who wrote them (`xl/persons/`).
//!
//! Removed, the parts go with their relationships, and the sheet's `<legacyDrawing>` with
//! a VML drawing that held only note shapes (a VML drawing that also holds form controls
//! keeps them and loses its note shapes). Taking the parts out, rather than leaving empty
//! comment lists behind, gives the package Excel itself writes for a sheet without
//! comments; calamine and openpyxl open the result (tests/redact_xlsx), LibreOffice too
//! (checked by hand).

use std::collections::HashSet;
use std::ops::Range;

use quick_xml::events::Event;

use super::generic::{self, Act};
use super::parts::{Pkg, Removal};
use super::text::mask_units;
use super::xml::{attr, attrs, local, Cursor, Splices};
use crate::redact::{Plan, RedactError};

/// What removing one sheet's comments did.
#[derive(Default)]
pub(super) struct Removed {
    pub comments: usize,
    /// `r:id`s of the sheet's `legacyDrawing` elements to take out.
    pub drawings: HashSet<String>,
    /// VML parts rewritten without their note shapes.
    pub vml: Vec<(String, Vec<u8>)>,
}

/// Plans the removal of the comments of sheet part `sheet`.
pub(super) fn remove_for_sheet(
    pkg: &Pkg,
    sheet: &str,
    removal: &mut Removal,
) -> Result<Removed, RedactError> {
    let mut out = Removed::default();
    let mut legacy_cells: HashSet<String> = HashSet::new();
    let rels = pkg.rels_from(sheet);
    for rel in rels.iter().filter(|r| !r.external && r.is("comments")) {
        if let Some(xml) = pkg.xml.get(&rel.target) {
            let refs = refs_of(xml, &rel.target, "comment")?;
            out.comments += refs.len();
            legacy_cells.extend(refs);
        }
        removal.drop_rel(sheet, &rel.id);
        removal.remove(pkg, &rel.target);
    }
    for rel in rels
        .iter()
        .filter(|r| !r.external && r.is("threadedComment"))
    {
        if let Some(xml) = pkg.xml.get(&rel.target) {
            let refs = refs_of(xml, &rel.target, "threadedComment")?;
            out.comments += refs.iter().filter(|r| !legacy_cells.contains(*r)).count();
        }
        removal.drop_rel(sheet, &rel.id);
        removal.remove(pkg, &rel.target);
    }
    for rel in rels.iter().filter(|r| !r.external && r.is("vmlDrawing")) {
        let Some(xml) = pkg.xml.get(&rel.target) else {
            continue;
        };
        match note_shapes(xml, &rel.target) {
            // Notes and nothing else (or not even readable as XML, as old VML can be):
            // the drawing goes.
            Ok((notes, 0)) if !notes.is_empty() => {}
            Err(_) => {}
            Ok((notes, _)) => {
                if !notes.is_empty() {
                    let starts: HashSet<usize> = notes.iter().map(|r| r.start).collect();
                    let mut decide = |t: &generic::Tag| {
                        if starts.contains(&t.start) {
                            Act::Drop
                        } else {
                            Act::Keep
                        }
                    };
                    let mut done = generic::Done::default();
                    let plan = Plan::new(Vec::new());
                    if let Some(b) =
                        generic::rewrite(xml, &rel.target, &plan, &mut decide, &mut done)?
                    {
                        out.vml.push((rel.target.clone(), b));
                    }
                }
                continue;
            }
        }
        out.drawings.insert(rel.id.clone());
        removal.drop_rel(sheet, &rel.id);
        removal.remove(pkg, &rel.target);
    }
    Ok(out)
}

/// The `ref` of each `element` (`comment`, `threadedComment`) of a comments part.
fn refs_of(xml: &[u8], what: &str, element: &str) -> Result<Vec<String>, RedactError> {
    let mut cur = Cursor::new(xml, what);
    let mut out = Vec::new();
    loop {
        match cur.next()?.0 {
            Event::Start(e) | Event::Empty(e) if local(&e) == element => {
                out.push(attr(&attrs(&e, xml), "ref").unwrap_or_default());
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// The note shapes of a VML drawing (`<v:shape>` whose `x:ClientData` is a `Note`), and
/// how many other shapes it holds.
fn note_shapes(xml: &[u8], what: &str) -> Result<(Vec<Range<usize>>, usize), RedactError> {
    let mut cur = Cursor::new(xml, what);
    let mut notes = Vec::new();
    let mut others = 0;
    // The open shape: its start, depth, and whether it is a note.
    let mut open: Option<(usize, usize, bool)> = None;
    loop {
        let (event, span) = cur.next()?;
        match event {
            Event::Start(e) | Event::Empty(e) if local(&e) == "ClientData" => {
                if let Some(shape) = open.as_mut() {
                    shape.2 |= attr(&attrs(&e, xml), "ObjectType").as_deref() == Some("Note");
                }
            }
            Event::Start(e) if local(&e) == "shape" && open.is_none() => {
                open = Some((span.start, cur.depth(), false));
            }
            Event::Empty(e) if local(&e) == "shape" => others += 1,
            Event::End(_) => {
                if let Some((start, depth, note)) = open {
                    if cur.depth() < depth {
                        if note {
                            notes.push(start..span.end);
                        } else {
                            others += 1;
                        }
                        open = None;
                    }
                }
            }
            Event::Eof => return Ok((notes, others)),
            _ => {}
        }
    }
}

/// Removes the workbook's list of comment authors (threaded comments' people).
pub(super) fn remove_persons(pkg: &Pkg, workbook: &str, removal: &mut Removal) {
    for rel in pkg
        .rels_from(workbook)
        .iter()
        .filter(|r| !r.external && r.is("person"))
    {
        removal.drop_rel(workbook, &rel.id);
        removal.remove(pkg, &rel.target);
    }
}

/// With hidden channels kept: masks comment text and authors.
pub(super) fn mask_comments(
    src: &[u8],
    what: &str,
    threaded: bool,
    plan: &Plan,
    replaced: &mut usize,
) -> Result<Option<Vec<u8>>, RedactError> {
    let mut splices = Splices::default();
    *replaced += if threaded {
        mask_units(
            src,
            what,
            plan,
            &["threadedComment"],
            &["text"],
            &mut splices,
        )?
    } else {
        mask_units(
            src,
            what,
            plan,
            &["comment", "rPh"],
            &["t", "author"],
            &mut splices,
        )?
    };
    splices.apply(src, what)
}
