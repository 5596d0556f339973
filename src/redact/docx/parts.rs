//! The parts of a Word package that are not stories: styles (which hide text), the comment
//! parts (emptied when comments are removed), document properties (cleared), and parts
//! with values in attributes or simple elements (settings' document variables, people,
//! relationship targets), each rewritten by splices on its original bytes.

use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use super::xml::{attr, escape_text, local, masked_tag, Ev, PosReader, Splices};
use crate::redact::{Plan, RedactError};

/// Style ids whose run properties hide text (`w:vanish`), following `w:basedOn`; the same
/// reading as the extractor's.
pub(super) fn hidden_styles(
    xml: &[u8],
    part: &str,
    max_depth: usize,
) -> Result<HashSet<String>, RedactError> {
    // id → (basedOn, own vanish setting)
    let mut styles: HashMap<String, (Option<String>, Option<bool>)> = HashMap::new();
    let mut r = PosReader::new(xml, max_depth, part);
    let mut current: Option<String> = None;
    let mut in_rpr = false;
    let mut names: Vec<String> = Vec::new();
    loop {
        let (ev, _) = r.next()?;
        match ev {
            Ev::Start { e, empty } => {
                let name = local(&e).to_string();
                // Depth as the extractor counts it: a self-closing element is not entered.
                let depth = r.depth();
                match name.as_str() {
                    "style" if depth == 2 => {
                        let id = attr(&e, "styleId").unwrap_or_default();
                        styles.entry(id.clone()).or_default();
                        current = (!empty).then_some(id);
                    }
                    "basedOn" if depth == 2 => {
                        if let (Some(id), Some(base)) = (&current, attr(&e, "val")) {
                            if let Some(s) = styles.get_mut(id) {
                                s.0 = Some(base);
                            }
                        }
                    }
                    "rPr" if depth == 3 && !empty => in_rpr = current.is_some(),
                    "vanish" | "specVanish" if in_rpr && depth == 3 => {
                        let val =
                            !matches!(attr(&e, "val").as_deref(), Some("0" | "false" | "off"));
                        if let Some(s) = current.as_ref().and_then(|id| styles.get_mut(id)) {
                            s.1 = Some(val);
                        }
                    }
                    _ => {}
                }
                if !empty {
                    names.push(name);
                }
            }
            Ev::End => {
                let name = names.pop().unwrap_or_default();
                if name == "rPr" {
                    in_rpr = false;
                } else if name == "style" && r.depth() == 1 {
                    current = None;
                }
            }
            Ev::Eof => break,
            Ev::Text(_) | Ev::Other => {}
        }
    }
    Ok(crate::extract::docx::hidden_closure(&styles))
}

/// The part reduced to its root element, self-closed: the declaration and the root's
/// namespace declarations stay, so the part (and its relationship) stays valid. Also the
/// number of `child` elements directly under the root it held.
pub(super) fn empty_root(
    xml: &[u8],
    part: &str,
    child: &str,
    max_depth: usize,
) -> Result<(Option<Vec<u8>>, usize), RedactError> {
    let mut r = PosReader::new(xml, max_depth, part);
    let mut root_tag: Option<std::ops::Range<usize>> = None;
    let mut count = 0;
    loop {
        let (ev, span) = r.next()?;
        match ev {
            Ev::Start { e, empty } => {
                if root_tag.is_none() {
                    if empty {
                        return Ok((None, 0));
                    }
                    root_tag = Some(span);
                } else if r.depth() == 2 && local(&e) == child {
                    count += 1;
                }
            }
            Ev::Eof => break,
            Ev::End | Ev::Text(_) | Ev::Other => {}
        }
    }
    let Some(tag) = root_tag else {
        return Err(RedactError::Malformed(format!("{part}: no root element")));
    };
    if r.depth() != 0 {
        return Err(RedactError::Malformed(format!(
            "{part}: the XML ends before the document does"
        )));
    }
    // `<w:comments …>` → `<w:comments …/>`.
    let head = xml
        .get(..tag.end.saturating_sub(1))
        .ok_or_else(|| RedactError::Malformed(format!("{part}: unreadable root element")))?;
    let mut out = head.to_vec();
    out.extend_from_slice(b"/>");
    Ok((Some(out), count))
}

/// What [`rewrite_leaves`] does to a part.
pub(super) struct Leaves<'a> {
    /// Elements under the root whose text is emptied (the element stays).
    pub clear: &'a [&'a str],
    /// Elements under the root removed with their content.
    pub drop: &'a [&'a str],
    /// Whether an attribute (by local name) of an element holds text to mask.
    pub attrs: &'a dyn Fn(&BytesStart, &str) -> bool,
}

/// A rewrite of a non-story part.
#[derive(Default)]
pub(super) struct LeavesOut {
    pub xml: Option<Vec<u8>>,
    pub replaced: usize,
    /// Elements emptied or removed that had content.
    pub cleared: usize,
}

/// Empties or removes the elements `leaves` names (directly under the root), and applies
/// the plan to the text of every other element holding only text and to the attributes
/// `leaves.attrs` accepts.
pub(super) fn rewrite_leaves(
    xml: &[u8],
    part: &str,
    plan: &Plan,
    leaves: &Leaves,
    max_depth: usize,
) -> Result<LeavesOut, RedactError> {
    let mut r = PosReader::new(xml, max_depth, part);
    let mut splices = Splices::default();
    let mut out = LeavesOut::default();
    // The element whose text is being read: its content start and text.
    let mut leaf: Option<(usize, String)> = None;
    // While an element to clear or drop is skipped: where it (or its content) starts, its
    // depth, whether it is dropped, and whether it held text.
    let mut skip: Option<(usize, usize, bool, bool)> = None;
    let mut seen_root = false;
    loop {
        let (ev, span) = r.next()?;
        match ev {
            Ev::Start { e, empty } => {
                seen_root = true;
                if skip.is_some() {
                    continue;
                }
                let name = local(&e);
                // Depth of this element: the reader counts a start tag once it is read.
                let depth = if empty { r.depth() + 1 } else { r.depth() };
                let drop = leaves.drop.contains(&name);
                if depth == 2 && drop && empty {
                    out.cleared += 1;
                    splices.remove(span);
                    continue;
                }
                if depth == 2 && !empty && (drop || leaves.clear.contains(&name)) {
                    let from = if drop { span.start } else { span.end };
                    skip = Some((from, depth, drop, false));
                    leaf = None;
                    continue;
                }
                if let Some((with, n)) = masked_tag(&e, empty, plan, |a| (leaves.attrs)(&e, a)) {
                    splices.push(span.clone(), with, n);
                }
                leaf = (!empty).then(|| (span.end, String::new()));
            }
            Ev::Text(t) => {
                if let Some((_, _, _, had)) = skip.as_mut() {
                    *had |= !t.trim().is_empty();
                } else if let Some((_, text)) = leaf.as_mut() {
                    text.push_str(&t);
                }
            }
            Ev::End => {
                if let Some((from, depth, drop, had)) = skip {
                    if r.depth() < depth {
                        skip = None;
                        if drop {
                            out.cleared += 1;
                            splices.remove(from..span.end);
                        } else if from < span.start {
                            out.cleared += usize::from(had);
                            splices.push(from..span.start, String::new(), 0);
                        }
                    }
                    continue;
                }
                if let Some((content_start, text)) = leaf.take() {
                    if let Some(new) = plan.apply(&text) {
                        let n = plan.edits(&text).len();
                        splices.push(content_start..span.start, escape_text(&new), n);
                    }
                }
            }
            Ev::Other => {}
            Ev::Eof => break,
        }
    }
    if !seen_root || r.depth() != 0 {
        return Err(RedactError::Malformed(format!(
            "{part}: the XML ends before the document does"
        )));
    }
    out.replaced = splices.edits();
    if !splices.is_empty() {
        out.xml = Some(splices.apply(xml, part)?);
    }
    Ok(out)
}
