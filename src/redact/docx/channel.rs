//! One text channel of a paragraph (visible, deleted, hidden or field code) rebuilt as the
//! extractor builds it, with where each piece of its text sits in the XML, and the plan's
//! edits of that text mapped back onto the text elements they cover.
//!
//! A value split across runs (`4301021990` in one run, `01011234` in a bold one) is one
//! edit covering several text elements. When the mask has as many characters as the value,
//! each element gets the mask characters in its own positions, so every run keeps its
//! formatting over its share; otherwise the first element gets the whole mask and the
//! covered text of the others is cut. Tabs and breaks inside a value are removed with it.

use std::collections::BTreeMap;
use std::ops::Range;

use quick_xml::events::Event;
use quick_xml::Reader;

use super::xml::{escape_text, preserve_space, Splices};
use crate::redact::Plan;

#[derive(Clone, Debug)]
enum Kind {
    /// The content of a text element (`w:t`, `w:delText`, `w:instrText`) and its start tag.
    Text {
        content: Range<usize>,
        tag: Range<usize>,
    },
    /// A character the extractor writes for an element (`w:tab` → space, `w:br` → line
    /// break, `w:noBreakHyphen` → `-`), removable as a whole.
    Mark { element: Range<usize> },
    /// Such a character whose element cannot be cut on its own (not self-closing).
    Opaque,
}

#[derive(Clone, Debug)]
struct Piece {
    at: usize,
    len: usize,
    kind: Kind,
}

/// The edits of one text piece: (range of the piece's text, new text), and how many plan
/// edits start in it.
type PieceEdits = (Vec<(Range<usize>, String)>, usize);

#[derive(Default)]
pub(super) struct Channel {
    text: String,
    pieces: Vec<Piece>,
}

/// A channel's length, to cut back to when a run turns out to be removed.
#[derive(Clone, Copy, Default)]
pub(super) struct Mark(usize, usize);

impl Channel {
    pub(super) fn push_text(&mut self, text: &str, content: Range<usize>, tag: Range<usize>) {
        self.push(text, Kind::Text { content, tag });
    }

    /// A tab/break character; `element` is its span when it is self-closing.
    pub(super) fn push_mark(&mut self, text: &str, element: Option<Range<usize>>) {
        let kind = match element {
            Some(element) => Kind::Mark { element },
            None => Kind::Opaque,
        };
        self.push(text, kind);
    }

    fn push(&mut self, text: &str, kind: Kind) {
        if text.is_empty() {
            return;
        }
        self.pieces.push(Piece {
            at: self.text.len(),
            len: text.len(),
            kind,
        });
        self.text.push_str(text);
    }

    pub(super) fn mark(&self) -> Mark {
        Mark(self.text.len(), self.pieces.len())
    }

    /// Cuts the channel back to `m`; whether that dropped any text.
    pub(super) fn cut_to(&mut self, m: Mark) -> bool {
        let cut = self.text.len() > m.0;
        self.text.truncate(m.0);
        self.pieces.truncate(m.1);
        cut
    }

    /// Records the splices that apply the plan to this channel; returns nothing, the
    /// splices carry the edit counts.
    pub(super) fn redact(&self, plan: &Plan, xml: &[u8], splices: &mut Splices) {
        if !plan.touches(&self.text) {
            return;
        }
        // Per text piece: (range in the piece's text, new text) and the edits it is first in.
        let mut local: BTreeMap<usize, PieceEdits> = BTreeMap::new();
        let mut cut_marks: Vec<Range<usize>> = Vec::new();
        for edit in plan.edits(&self.text) {
            let r = edit.range.clone();
            let first = self.pieces.partition_point(|p| p.at + p.len <= r.start);
            let covered: Vec<usize> = (first..self.pieces.len())
                .take_while(|&i| self.pieces.get(i).is_some_and(|p| p.at < r.end))
                .collect();
            let covered: Vec<(usize, &Piece)> = covered
                .into_iter()
                .filter_map(|i| Some((i, self.pieces.get(i)?)))
                .collect();
            let texts = covered
                .iter()
                .filter(|(_, p)| matches!(p.kind, Kind::Text { .. }))
                .count();
            if texts == 0 || covered.iter().any(|(_, p)| matches!(p.kind, Kind::Opaque)) {
                // Nothing here can carry the mask; the verification rescan reports it.
                continue;
            }
            let (shares, cut) = shares(&self.text, &r, &covered, edit.replacement);
            let mut counted = false;
            for &(i, piece) in &covered {
                match &piece.kind {
                    Kind::Text { .. } => {
                        let lo = r.start.max(piece.at) - piece.at;
                        let hi = r.end.min(piece.at + piece.len) - piece.at;
                        let share = shares.get(&i).cloned().unwrap_or_default();
                        let slot = local.entry(i).or_default();
                        slot.0.push((lo..hi, share));
                        if !counted {
                            slot.1 += 1;
                            counted = true;
                        }
                    }
                    Kind::Mark { element } if cut.contains(&i) => cut_marks.push(element.clone()),
                    Kind::Mark { .. } | Kind::Opaque => {}
                }
            }
        }
        for (i, (edits, count)) in local {
            let Some(Piece {
                at,
                len,
                kind: Kind::Text { content, tag },
            }) = self.pieces.get(i)
            else {
                continue;
            };
            let old = self.text.get(*at..at + len).unwrap_or("");
            let new = apply_local(old, &edits);
            let ws = |c: Option<char>| c.is_some_and(|c| matches!(c, ' ' | '\t' | '\n' | '\r'));
            if ws(new.chars().next()) || ws(new.chars().last()) {
                if let Some((range, with)) = preserve_space_at(xml, tag) {
                    splices.push(range, with, 0);
                }
            }
            splices.push(content.clone(), escape_text(&new), count);
        }
        for element in cut_marks {
            splices.push(element, String::new(), 0);
        }
    }
}

/// The part of `replacement` each covered text piece gets (by piece index), and the tab
/// and break pieces to cut. When the mask has as many characters as the value, position by
/// position: a tab or break whose position the mask keeps stays, one it masks goes and its
/// mask character joins the text before it (or the first text when it leads). Otherwise
/// all of it goes to the first text piece and every covered tab or break goes.
fn shares(
    text: &str,
    r: &Range<usize>,
    covered: &[(usize, &Piece)],
    replacement: &str,
) -> (BTreeMap<usize, String>, Vec<usize>) {
    let mut out = BTreeMap::new();
    let is_text = |p: &Piece| matches!(p.kind, Kind::Text { .. });
    let marks = || covered.iter().filter(|(_, p)| !is_text(p)).map(|&(i, _)| i);
    let Some(&(first_text, _)) = covered.iter().find(|(_, p)| is_text(p)) else {
        return (out, Vec::new());
    };
    let rep: Vec<char> = replacement.chars().collect();
    let total = text.get(r.clone()).map_or(0, |t| t.chars().count());
    if rep.len() != total {
        out.insert(first_text, replacement.to_string());
        return (out, marks().collect());
    }
    let mut cut = Vec::new();
    let mut pos = 0;
    let mut lead = String::new();
    let mut last_text: Option<usize> = None;
    for &(i, p) in covered {
        let lo = r.start.max(p.at);
        let hi = r.end.min(p.at + p.len);
        let old = text.get(lo..hi).unwrap_or("");
        let n = old.chars().count();
        let share: String = rep.iter().skip(pos).take(n).collect();
        pos += n;
        if is_text(p) {
            let slot: &mut String = out.entry(i).or_default();
            slot.push_str(&std::mem::take(&mut lead));
            slot.push_str(&share);
            last_text = Some(i);
        } else if share != old {
            cut.push(i);
            match last_text.and_then(|t| out.get_mut(&t)) {
                Some(slot) => slot.push_str(&share),
                None => lead.push_str(&share),
            }
        }
    }
    if !lead.is_empty() {
        // Only tabs and breaks before the first text: it takes their mask.
        out.entry(first_text).or_default().insert_str(0, &lead);
    }
    (out, cut)
}

/// `old` with `(range, new)` edits (sorted, non-overlapping, ranges of `old`) applied.
fn apply_local(old: &str, edits: &[(Range<usize>, String)]) -> String {
    let mut out = String::with_capacity(old.len());
    let mut at = 0;
    for (r, new) in edits {
        out.push_str(old.get(at..r.start).unwrap_or(""));
        out.push_str(new);
        at = r.end;
    }
    out.push_str(old.get(at..).unwrap_or(""));
    out
}

/// [`preserve_space`] for the start tag at `tag` in `xml`.
fn preserve_space_at(xml: &[u8], tag: &Range<usize>) -> Option<(Range<usize>, String)> {
    let bytes = xml.get(tag.clone())?;
    let mut reader = Reader::from_reader(bytes);
    match reader.read_event().ok()? {
        Event::Start(e) => preserve_space(&e, tag),
        _ => None,
    }
}
