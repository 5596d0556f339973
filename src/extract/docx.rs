//! Word packages (.docx, .docm, .dotx, .dotm, and the docx Kingsoft WPS writes).
//!
//! The main part is found through `_rels/.rels` (falling back to `word/document.xml`), and
//! everything else through its relationships: headers, footers, footnotes, endnotes,
//! comments, the glossary document, settings (document variables, the attached template's
//! path), external targets (hyperlinks to `file:///C:/Users/…`, linked objects) and
//! embedded files. Each story is read by [`story`]; what a reader does not see (deleted
//! revisions, hidden text, field codes, comments, alt text, link targets, properties) is
//! labelled hidden.
//!
//! A damaged main document fails the file; a damaged secondary part (a header, the
//! comments) is reported as an error member of its own and the rest is still read.

pub(crate) mod story;

use std::collections::{BTreeSet, HashMap, HashSet};

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::Package;
use super::rels::{read_rels, rels_path, Rel};
use super::xml::{attr, XmlEvent, XmlReader};
use super::Ctx;
use story::StoryKind;

/// The main document part: the `officeDocument` relationship of the package, else the
/// usual names.
fn main_part(pkg: &mut Package, ctx: &Ctx) -> Result<String, ExtractError> {
    // A damaged package-level .rels is not fatal: the usual name still finds the body.
    let rels = read_rels(pkg, "", ctx).unwrap_or_default();
    let from_rels = rels
        .iter()
        .filter(|r| !r.external && r.kind == "officeDocument")
        .find_map(|r| pkg.actual_name(&r.target));
    if let Some(t) = from_rels {
        return Ok(t);
    }
    ["word/document.xml", "word/document2.xml"]
        .into_iter()
        .find(|n| pkg.has(n))
        .map(str::to_string)
        .ok_or_else(|| ExtractError::Corrupt("Word package without a main document part".into()))
}

/// Style ids whose run properties make text hidden (`w:vanish`), following `w:basedOn`.
fn hidden_styles(xml: &[u8], name: &str, ctx: &Ctx) -> Result<HashSet<String>, ExtractError> {
    // id → (basedOn, own vanish setting)
    let mut styles: HashMap<String, (Option<String>, Option<bool>)> = HashMap::new();
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, name);
    let mut current: Option<String> = None;
    let mut in_rpr = false;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => match e.local_name().as_ref() {
                "style" if r.depth() == 2 => {
                    let id = attr(&e, "styleId").unwrap_or_default();
                    styles.entry(id.clone()).or_default();
                    current = (!empty).then_some(id);
                }
                "basedOn" if r.depth() == 2 => {
                    if let (Some(id), Some(base)) = (&current, attr(&e, "val")) {
                        if let Some(s) = styles.get_mut(id) {
                            s.0 = Some(base);
                        }
                    }
                }
                "rPr" if r.depth() == 3 && !empty => in_rpr = current.is_some(),
                "vanish" | "specVanish" if in_rpr && r.depth() == 3 => {
                    let val = !matches!(attr(&e, "val").as_deref(), Some("0" | "false" | "off"));
                    if let Some(s) = current.as_ref().and_then(|id| styles.get_mut(id)) {
                        s.1 = Some(val);
                    }
                }
                _ => {}
            },
            XmlEvent::End { local } => {
                if local == "rPr" {
                    in_rpr = false;
                } else if local == "style" && r.depth() == 1 {
                    current = None;
                }
            }
            XmlEvent::Eof => break,
            _ => {}
        }
    }
    Ok(hidden_closure(&styles))
}

/// External targets of a part's relationships (link targets, the attached template, linked
/// objects and images): paths that name people and machines.
fn push_external(
    rels: &[Rel],
    links: &[(String, u32)],
    b: &mut DocumentBuilder,
) -> Result<(), ExtractError> {
    for rel in rels.iter().filter(|r| r.external) {
        let mut loc = Loc::part(Part::Other).with_field(&rel.kind);
        loc.paragraph = links.iter().find(|(id, _)| *id == rel.id).map(|(_, n)| *n);
        let target = crate::percent::decode(&rel.target);
        b.push(&target, loc)?;
    }
    Ok(())
}

/// `w:docVar` values of `settings.xml` (macros and templates keep data there).
fn push_doc_vars(
    xml: &[u8],
    name: &str,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, name);
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } if e.local_name().as_ref() == "docVar" => {
                let key = attr(&e, "name").unwrap_or_default();
                if let Some(val) = attr(&e, "val") {
                    let loc = Loc::part(Part::Other).with_field(&format!("docVar:{key}"));
                    b.push(&val, loc)?;
                }
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// `word/people.xml` (Word 2013+): the account behind each comment or revision author
/// (`S::zhangsan@unit.gov.cn::…`), which the author name alone does not show.
fn push_people(
    xml: &[u8],
    name: &str,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, name);
    let mut author = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } if e.local_name().as_ref() == "person" => {
                author = attr(&e, "author").unwrap_or_default();
            }
            XmlEvent::Start { e, .. } if e.local_name().as_ref() == "presenceInfo" => {
                if let Some(user) = attr(&e, "userId") {
                    let loc = Loc::part(Part::Other).with_field(&format!("people:{author}"));
                    b.push(&user, loc)?;
                }
            }
            XmlEvent::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// Files that are pictures: never embedded documents to scan.
fn is_image(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    [
        ".emf", ".wmf", ".png", ".jpg", ".jpeg", ".gif", ".bmp", ".tif", ".tiff", ".svg", ".ico",
        ".wdp", ".jfif",
    ]
    .iter()
    .any(|ext| lower.ends_with(ext))
}

/// Natural order of part names (`header2.xml` before `header10.xml`).
fn part_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}

/// Whether an error stops the whole file rather than one part.
fn fatal(e: &ExtractError) -> bool {
    matches!(e, ExtractError::Timeout(_))
}

/// A secondary story: its text, its external targets; any failure becomes an error member.
fn secondary(
    pkg: &mut Package,
    name: &str,
    kind: &StoryKind,
    styles: &HashSet<String>,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    embedded: &mut BTreeSet<String>,
) -> Result<(), ExtractError> {
    let result = (|| -> Result<(), ExtractError> {
        let xml = pkg.read(name)?;
        let out = story::read(&xml, name, kind, styles, b, ctx)?;
        let rels = read_rels(pkg, name, ctx).unwrap_or_default();
        collect_embedded(&rels, embedded);
        push_external(&rels, &out.links, b)
    })();
    b.end_block();
    match result {
        Ok(()) => Ok(()),
        Err(e) if fatal(&e) => Err(e),
        Err(e) => {
            b.member(name.to_string(), Err(e), true);
            Ok(())
        }
    }
}

fn collect_embedded(rels: &[Rel], embedded: &mut BTreeSet<String>) {
    for rel in rels.iter().filter(|r| !r.external) {
        if matches!(rel.kind.as_str(), "oleObject" | "package" | "aFChunk")
            && !is_image(&rel.target)
        {
            embedded.insert(rel.target.clone());
        }
    }
}

pub fn extract(pkg: &mut Package, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("docx", ctx.budget.limits.max_text_bytes);
    let main = main_part(pkg, ctx)?;
    let rels = match read_rels(pkg, &main, ctx) {
        Ok(rels) => rels,
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => {
            b.member(rels_path(&main), Err(e), true);
            Vec::new()
        }
    };
    let target_of = |pkg: &Package, kind: &str| -> Vec<String> {
        let mut t: Vec<String> = rels
            .iter()
            .filter(|r| !r.external && r.kind == kind)
            .filter_map(|r| pkg.actual_name(&r.target))
            .collect();
        t.sort_by(|a, b| part_order(a, b));
        t.dedup();
        t
    };
    let dir = main.rsplit_once('/').map_or("", |(d, _)| d).to_string();
    let in_dir = |file: &str| {
        if dir.is_empty() {
            file.to_string()
        } else {
            format!("{dir}/{file}")
        }
    };

    // Styles only decide what is hidden; a damaged styles part loses no text.
    let styles_name = target_of(pkg, "styles")
        .into_iter()
        .next()
        .unwrap_or_else(|| in_dir("styles.xml"));
    let styles = match pkg.read_opt(&styles_name) {
        Ok(Some(xml)) => hidden_styles(&xml, &styles_name, ctx).unwrap_or_default(),
        Ok(None) => HashSet::new(),
        Err(e) if fatal(&e) => return Err(e),
        Err(_) => HashSet::new(),
    };

    let xml = pkg.read(&main)?;
    let body = StoryKind {
        part: Part::Body,
        field: None,
    };
    let out = story::read(&xml, &main, &body, &styles, &mut b, ctx)?;
    drop(xml);
    push_external(&rels, &out.links, &mut b)?;
    b.end_block();

    let mut embedded = BTreeSet::new();
    collect_embedded(&rels, &mut embedded);
    let stories: [(&str, Part, Option<&str>); 7] = [
        ("header", Part::Header, None),
        ("footer", Part::Footer, None),
        ("footnotes", Part::Footnote, None),
        ("endnotes", Part::Endnote, None),
        ("comments", Part::Comment, None),
        ("glossaryDocument", Part::Other, Some("glossary")),
        // SmartArt text is drawn on the page but stored apart from the story.
        ("diagramData", Part::TextBox, None),
    ];
    for (kind, part, field) in stories {
        for name in target_of(pkg, kind) {
            ctx.budget.check_time()?;
            let story = StoryKind { part, field };
            secondary(pkg, &name, &story, &styles, &mut b, ctx, &mut embedded)?;
        }
    }

    for name in target_of(pkg, "settings") {
        let result = (|| -> Result<(), ExtractError> {
            if let Some(xml) = pkg.read_opt(&name)? {
                push_doc_vars(&xml, &name, &mut b, ctx)?;
            }
            let rels = read_rels(pkg, &name, ctx)?;
            push_external(&rels, &[], &mut b)
        })();
        match result {
            Ok(()) => {}
            Err(e) if fatal(&e) => return Err(e),
            Err(e) => b.member(name, Err(e), true),
        }
    }
    for name in target_of(pkg, "people") {
        let result = pkg
            .read_opt(&name)
            .and_then(|xml| xml.map_or(Ok(()), |xml| push_people(&xml, &name, &mut b, ctx)));
        match result {
            Ok(()) => {}
            Err(e) if fatal(&e) => return Err(e),
            Err(e) => b.member(name, Err(e), true),
        }
    }
    b.end_block();

    match super::props::push_ooxml_properties(pkg, &mut b, ctx) {
        Ok(()) => {}
        Err(e) if fatal(&e) => return Err(e),
        Err(e) => b.member("docProps".to_string(), Err(e), true),
    }

    let prefix = in_dir("embeddings/");
    for name in pkg.names() {
        if name.starts_with(&prefix) && !name.ends_with('/') && !is_image(name) {
            embedded.insert(name.clone());
        }
    }
    let mut done = HashSet::new();
    for target in embedded {
        let Some(name) = pkg.actual_name(&target) else {
            continue;
        };
        if !done.insert(name.clone()) {
            continue;
        }
        ctx.budget.check_time()?;
        let content = pkg.read(&name);
        if let Err(e) = &content {
            if fatal(e) {
                return Err(e.clone());
            }
        }
        b.member(name, content, true);
    }
    Ok(b.finish())
}

#[cfg(test)]
mod tests;

/// The styles that are hidden: set by themselves or inherited through `basedOn` (a chain
/// cut at 32 links: a style loop in a hostile file ends there). `styles` maps a style id to
/// its base and its own `w:vanish`, if any.
pub(crate) fn hidden_closure(
    styles: &HashMap<String, (Option<String>, Option<bool>)>,
) -> HashSet<String> {
    let mut hidden = HashSet::new();
    for id in styles.keys() {
        let mut at = id;
        for _ in 0..32 {
            let Some((base, own)) = styles.get(at) else {
                break;
            };
            if let Some(v) = own {
                if *v {
                    hidden.insert(id.clone());
                }
                break;
            }
            match base {
                Some(b) => at = b,
                None => break,
            }
        }
    }
    hidden
}
