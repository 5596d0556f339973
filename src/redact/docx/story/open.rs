//! Opening elements of a story: the elements whose nesting decides a text's channel (as the
//! extractor reads them), tabs and breaks, text elements started, and, with hidden channels
//! removed, revisions accepted (deletions cut, insertions unwrapped, property changes and
//! move markers cut, deleted rows marked) and comment anchors cut. Text attributes of the
//! elements that stay are masked.

use std::ops::Range;

use quick_xml::events::BytesStart;

use super::{Para, Run, Story, Tag, TextEl, CODE, DELETED, HIDDEN, VISIBLE};
use crate::redact::docx::xml::{attr, local, masked_tag, TEXT_ATTRS};

/// Property changes: accepting a revision drops the record of the old properties.
const PROPERTY_CHANGES: &[&str] = &[
    "rPrChange",
    "pPrChange",
    "sectPrChange",
    "tblPrChange",
    "trPrChange",
    "tcPrChange",
    "tblPrExChange",
    "tblGridChange",
    "numberingChange",
    "cellIns",
    "cellDel",
    "cellMerge",
];

/// Range markers of moves and of revised custom XML: meaningless once revisions are
/// accepted.
const REVISION_MARKERS: &[&str] = &[
    "moveFromRangeStart",
    "moveFromRangeEnd",
    "moveToRangeStart",
    "moveToRangeEnd",
    "customXmlInsRangeStart",
    "customXmlInsRangeEnd",
    "customXmlDelRangeStart",
    "customXmlDelRangeEnd",
    "customXmlMoveFromRangeStart",
    "customXmlMoveFromRangeEnd",
    "customXmlMoveToRangeStart",
    "customXmlMoveToRangeEnd",
];

/// `w:val` read as an on/off property (absent = on), as the extractor reads it.
fn on(e: &BytesStart) -> bool {
    !matches!(
        attr(e, "val").as_deref(),
        Some("0" | "false" | "off" | "False" | "FALSE")
    )
}

impl Story<'_> {
    /// Removes an element: at once when self-closing, else with everything up to its end.
    fn cut(&mut self, empty: bool, span: Range<usize>) {
        if empty {
            self.splices.remove(span);
        } else {
            self.push(Tag::Other, span.start);
            self.skip = Some((self.stack.len(), span.start));
        }
    }

    fn run_channel(&self) -> usize {
        if self.del > 0 {
            return DELETED;
        }
        let para_hidden = self.paras.last().is_some_and(|p| p.style_hidden);
        let hidden = match self.runs.last() {
            Some(r) => r.direct.unwrap_or(r.style || para_hidden) || r.invisible,
            None => false,
        };
        if hidden {
            HIDDEN
        } else {
            VISIBLE
        }
    }

    /// A tab or break character on its run's channel.
    fn put_mark(&mut self, text: &str, empty: bool, span: Range<usize>) {
        let ch = self.run_channel();
        if let Some(c) = self.paras.last_mut().and_then(|p| p.channels.get_mut(ch)) {
            c.push_mark(text, empty.then_some(span));
        }
    }

    pub(super) fn start(&mut self, e: &BytesStart, empty: bool, span: Range<usize>) {
        if self.skip.is_some() {
            if !empty {
                self.push(Tag::Other, span.start);
            }
            return;
        }
        let parent = self.parent();
        let in_props = matches!(
            parent,
            Some(Tag::RPr | Tag::PPr | Tag::Props | Tag::TrPr | Tag::TcPr)
        );
        let name = local(e);
        let tag = match name {
            "p" => {
                if empty {
                    return;
                }
                self.paras.push(Para::default());
                Tag::P
            }
            "pPr" if parent == Some(Tag::P) => Tag::PPr,
            "pStyle" if parent == Some(Tag::PPr) => {
                if let Some(id) = attr(e, "val") {
                    let hidden = self.ctx.hidden_styles.contains(&id);
                    if let Some(p) = self.paras.last_mut() {
                        p.style_hidden = hidden;
                    }
                }
                Tag::Other
            }
            "r" => {
                if empty {
                    return;
                }
                let marks = self
                    .paras
                    .last()
                    .map(|p| [0, 1, 2, 3].map(|i| p.channels[i].mark()))
                    .unwrap_or_default();
                self.runs.push(Run {
                    start: span.start,
                    since: self.splices.len(),
                    marks,
                    ..Run::default()
                });
                Tag::R
            }
            "rPr" if parent == Some(Tag::R) => Tag::RPr,
            "vanish" | "specVanish" if parent == Some(Tag::RPr) => {
                if let Some(run) = self.runs.last_mut() {
                    run.direct = Some(on(e));
                }
                Tag::Other
            }
            "color" | "sz" if parent == Some(Tag::RPr) => {
                let val = attr(e, "val").unwrap_or_default();
                let invisible = crate::extract::docx::story::open::invisible_formatting(name, &val);
                if let Some(run) = self.runs.last_mut() {
                    run.invisible |= invisible;
                }
                Tag::Other
            }
            "rStyle" if parent == Some(Tag::RPr) => {
                if let Some(id) = attr(e, "val") {
                    let hidden = self.ctx.hidden_styles.contains(&id);
                    if let Some(run) = self.runs.last_mut() {
                        run.style = hidden;
                    }
                }
                Tag::Other
            }
            "del" | "moveFrom" | "ins" | "moveTo" if self.remove => {
                self.out.revisions += 1;
                let deletion = matches!(name, "del" | "moveFrom");
                if in_props {
                    // A revision mark on a paragraph mark, a row or a cell: the mark goes;
                    // a deleted row goes with it.
                    if deletion && parent == Some(Tag::TrPr) {
                        if let Some(tr) = self.stack.iter_mut().rev().find(|f| f.tag == Tag::Tr) {
                            tr.remove = true;
                        }
                    }
                    self.cut(empty, span);
                } else if deletion {
                    self.cut(empty, span);
                } else if empty {
                    self.splices.remove(span);
                } else {
                    self.splices.remove(span.clone());
                    self.push(Tag::Unwrap, span.start);
                }
                return;
            }
            "del" | "moveFrom" if !in_props => {
                if empty {
                    return;
                }
                self.del = self.del.saturating_add(1);
                Tag::Del
            }
            n if self.remove && PROPERTY_CHANGES.contains(&n) => {
                self.out.revisions += 1;
                self.cut(empty, span);
                return;
            }
            n if self.remove && REVISION_MARKERS.contains(&n) => {
                self.cut(empty, span);
                return;
            }
            "commentRangeStart" | "commentRangeEnd" if self.remove => {
                self.out.comment_anchors += 1;
                self.cut(empty, span);
                return;
            }
            "commentReference" if self.remove && parent == Some(Tag::R) => {
                if let Some(run) = self.runs.last_mut() {
                    run.comment_ref = true;
                }
                Tag::Other
            }
            "t" | "delText" | "instrText" | "delInstrText" if parent == Some(Tag::R) => {
                let channel = match name {
                    "t" => self.run_channel(),
                    "delText" => DELETED,
                    _ if self.del > 0 => DELETED,
                    _ => CODE,
                };
                if !empty {
                    self.text = Some(TextEl {
                        channel,
                        tag: span.clone(),
                        content_start: span.end,
                        text: String::new(),
                    });
                }
                Tag::Text
            }
            "tab" | "ptab" if parent == Some(Tag::R) => {
                self.put_mark(" ", empty, span.clone());
                Tag::Other
            }
            "br" | "cr" if parent == Some(Tag::R) => {
                self.put_mark("\n", empty, span.clone());
                Tag::Other
            }
            "noBreakHyphen" if parent == Some(Tag::R) => {
                self.put_mark("-", empty, span.clone());
                Tag::Other
            }
            "tbl" => Tag::Tbl,
            "tr" if parent == Some(Tag::Tbl) => Tag::Tr,
            "trPr" if parent == Some(Tag::Tr) => Tag::TrPr,
            "tc" if parent == Some(Tag::Tr) => Tag::Tc,
            "tcPr" if parent == Some(Tag::Tc) => Tag::TcPr,
            "rPr" | "pPr" | "sectPr" | "tblPr" | "tcPr" | "trPr" | "rPrChange" | "pPrChange"
            | "numPr" | "tblPrEx" => Tag::Props,
            _ => Tag::Other,
        };
        if let Some((with, edits)) =
            masked_tag(e, empty, self.ctx.plan, |a| TEXT_ATTRS.contains(&a))
        {
            self.splices.push(span.clone(), with, edits);
        }
        if !empty {
            self.push(tag, span.start);
        }
    }
}
