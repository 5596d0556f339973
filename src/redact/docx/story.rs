//! One WordprocessingML story (the body, a header, a footer, the notes, the comments, a
//! text box's host) rewritten in one pull pass over its original bytes.
//!
//! Each paragraph's channels are rebuilt exactly as `extract::docx::story` builds them
//! (same elements, same parents, same characters for tabs and breaks; `mc:Fallback` copies
//! are rewritten too, since an older reader shows them), the plan is run over each channel
//! when the paragraph closes, and the edits become splices of the text elements. With
//! hidden channels removed, tracked changes are accepted, comment anchors and hidden runs
//! cut, all as splices: nothing outside them changes.

mod open;

use std::collections::HashSet;
use std::ops::Range;

use super::channel::{Channel, Mark};
use super::xml::{Ev, PosReader, Splices};
use crate::redact::{HiddenChannels, Plan, RedactError};

/// What a story rewrite needs besides the part.
pub(super) struct StoryCtx<'c> {
    pub plan: &'c Plan,
    pub hidden: HiddenChannels,
    /// Style ids whose run properties hide text.
    pub hidden_styles: &'c HashSet<String>,
    pub max_depth: usize,
}

/// What one story rewrite did.
#[derive(Default, Debug)]
pub(super) struct StoryOut {
    /// The new part, or `None` when nothing changed.
    pub xml: Option<Vec<u8>>,
    pub replaced: usize,
    pub revisions: usize,
    pub comment_anchors: usize,
    pub hidden_runs: usize,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Tag {
    P,
    PPr,
    R,
    RPr,
    Del,
    /// A text element (`w:t`, `w:delText`, `w:instrText`).
    Text,
    Tbl,
    Tr,
    TrPr,
    Tc,
    TcPr,
    Props,
    /// `w:ins` / `w:moveTo` being unwrapped: its end tag goes too.
    Unwrap,
    Other,
}

struct Frame {
    tag: Tag,
    start: usize,
    /// Splices recorded when it opened.
    since: usize,
    /// Removed as a whole when it closes (a table row whose deletion is accepted).
    remove: bool,
}

const VISIBLE: usize = 0;
const DELETED: usize = 1;
const HIDDEN: usize = 2;
const CODE: usize = 3;

#[derive(Default)]
struct Para {
    style_hidden: bool,
    channels: [Channel; 4],
}

#[derive(Default)]
struct Run {
    direct: Option<bool>,
    style: bool,
    invisible: bool,
    start: usize,
    since: usize,
    comment_ref: bool,
    marks: [Mark; 4],
}

/// The text element being read.
struct TextEl {
    channel: usize,
    tag: Range<usize>,
    content_start: usize,
    text: String,
}

struct Story<'c> {
    ctx: &'c StoryCtx<'c>,
    remove: bool,
    stack: Vec<Frame>,
    /// While a removed element's content is skipped: the stack length at which it ends and
    /// where the element started.
    skip: Option<(usize, usize)>,
    paras: Vec<Para>,
    runs: Vec<Run>,
    del: u32,
    text: Option<TextEl>,
    splices: Splices,
    out: StoryOut,
}

/// Rewrites one story part.
pub(super) fn rewrite(xml: &[u8], part: &str, ctx: &StoryCtx) -> Result<StoryOut, RedactError> {
    let mut s = Story {
        ctx,
        remove: ctx.hidden == HiddenChannels::Remove,
        stack: Vec::new(),
        skip: None,
        paras: Vec::new(),
        runs: Vec::new(),
        del: 0,
        text: None,
        splices: Splices::default(),
        out: StoryOut::default(),
    };
    let mut r = PosReader::new(xml, ctx.max_depth, part);
    let mut seen_root = false;
    loop {
        let (ev, span) = r.next()?;
        match ev {
            Ev::Start { e, empty } => {
                seen_root = true;
                s.start(&e, empty, span);
            }
            Ev::End => s.end(span, xml),
            Ev::Text(t) => {
                let in_text = s.parent() == Some(Tag::Text);
                if let Some(el) = s.text.as_mut().filter(|_| in_text) {
                    el.text.push_str(&t);
                }
            }
            Ev::Other => {}
            Ev::Eof => break,
        }
    }
    if !s.stack.is_empty() || !seen_root {
        return Err(RedactError::Malformed(format!(
            "{part}: the XML ends before the document does"
        )));
    }
    let mut out = s.out;
    out.replaced = s.splices.edits();
    if !s.splices.is_empty() {
        out.xml = Some(s.splices.apply(xml, part)?);
    }
    Ok(out)
}

impl Story<'_> {
    fn parent(&self) -> Option<Tag> {
        self.stack.last().map(|f| f.tag)
    }

    fn push(&mut self, tag: Tag, start: usize) {
        self.stack.push(Frame {
            tag,
            start,
            since: self.splices.len(),
            remove: false,
        });
    }

    fn end(&mut self, span: Range<usize>, xml: &[u8]) {
        let Some(frame) = self.stack.pop() else {
            return;
        };
        if let Some((len, start)) = self.skip {
            if self.stack.len() < len {
                self.skip = None;
                self.splices.remove(start..span.end);
            }
            return;
        }
        match frame.tag {
            Tag::P => {
                if let Some(p) = self.paras.pop() {
                    for c in &p.channels {
                        c.redact(self.ctx.plan, xml, &mut self.splices);
                    }
                }
            }
            Tag::R => self.end_run(span),
            Tag::Del => self.del = self.del.saturating_sub(1),
            Tag::Text => {
                if let Some(el) = self.text.take() {
                    let content = el.content_start..span.start;
                    if let Some(c) = self
                        .paras
                        .last_mut()
                        .and_then(|p| p.channels.get_mut(el.channel))
                    {
                        c.push_text(&el.text, content, el.tag);
                    }
                }
            }
            Tag::Unwrap => self.splices.remove(span),
            Tag::Tr if frame.remove => {
                self.splices
                    .remove_since(frame.since, frame.start..span.end);
            }
            _ => {}
        }
    }

    /// A run closes: removed with what it holds when hidden (`w:vanish`, directly or by
    /// style) or when it carries a comment reference, and hidden channels are removed.
    fn end_run(&mut self, span: Range<usize>) {
        let Some(run) = self.runs.pop() else {
            return;
        };
        if !self.remove {
            return;
        }
        let para_hidden = self.paras.last().is_some_and(|p| p.style_hidden);
        let vanished = run.direct.unwrap_or(run.style || para_hidden);
        if !vanished && !run.comment_ref {
            return;
        }
        if let Some(p) = self.paras.last_mut() {
            let mut had_text = false;
            for (c, m) in p.channels.iter_mut().zip(run.marks) {
                had_text |= c.cut_to(m);
            }
            if vanished && had_text {
                self.out.hidden_runs += 1;
            }
        }
        self.splices.remove_since(run.since, run.start..span.end);
    }
}
