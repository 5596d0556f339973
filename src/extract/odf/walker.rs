//! The walker over `content.xml` and `styles.xml`: its state (open elements, channels,
//! paragraphs, tables), the paragraph and channel helpers, and the event loop. What each
//! element does when it opens is in `super::open`; when it closes, in `super::close`.

use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::Ctx;

use super::close::cell_loc;
use super::Kind;

/// Which part the walker reads: in `styles.xml` only header and footer text counts (the
/// rest is style definitions and master-page placeholders).
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Source {
    Styles,
    Content,
}

/// Style names that hide what uses them.
#[derive(Default)]
pub(super) struct Styles {
    /// Paragraph and text styles with `text:display="none"`.
    pub(super) hidden_text: HashSet<String>,
    /// Drawing-page styles with `presentation:visibility="hidden"` (hidden slides).
    pub(super) hidden_page: HashSet<String>,
}

/// What an open element does; undone at its end.
#[derive(Clone, Copy, Default)]
pub(super) struct Frame {
    pub(super) channel: bool,
    pub(super) para: bool,
    pub(super) ignore: bool,
    pub(super) creator: bool,
    pub(super) table: bool,
    pub(super) row: bool,
    pub(super) cell: bool,
    pub(super) page: bool,
    pub(super) style: bool,
}

/// The part text is currently read into (body, comment, deleted revision, …).
pub(super) struct Channel {
    pub(super) part: Part,
    pub(super) hidden: bool,
    pub(super) field: Option<String>,
    /// `frames.len()` when it was opened.
    pub(super) depth: usize,
}

pub(super) struct Para {
    pub(super) text: String,
    pub(super) loc: Loc,
    /// Its text belongs to the open table cell.
    pub(super) in_cell: bool,
}

pub(super) struct Table {
    pub(super) row: u32,
    pub(super) rows_repeated: u32,
    pub(super) col: u32,
    /// (column, text, hidden) of the non-empty cells of the open row.
    pub(super) cells: Vec<(u32, String, bool)>,
    pub(super) cell: String,
    pub(super) cell_hidden: bool,
    pub(super) cell_repeat: u32,
    /// `frames.len()` when the open cell started (None between cells).
    pub(super) cell_depth: Option<usize>,
    pub(super) header_done: bool,
}

pub(super) struct Walker<'s> {
    pub(super) kind: Kind,
    pub(super) source: Source,
    pub(super) styles: &'s mut Styles,
    pub(super) frames: Vec<Frame>,
    pub(super) channels: Vec<Channel>,
    pub(super) paras: Vec<Para>,
    pub(super) tables: Vec<Table>,
    pub(super) ignore: usize,
    pub(super) creator: Option<String>,
    /// The `style:style` being read: (name, hidden by its parent).
    pub(super) style: Option<String>,
    pub(super) pages: u32,
    pub(super) page: Option<u32>,
    pub(super) counters: HashMap<Part, u32>,
}

/// Appends ODF text: runs of white space count as one space (ODF 1.2 §6.1.2).
fn append_collapsed(buf: &mut String, text: &str) {
    for c in text.chars() {
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
            if !buf.ends_with(' ') {
                buf.push(' ');
            }
        } else {
            buf.push(c);
        }
    }
}

impl<'s> Walker<'s> {
    pub(super) fn new(kind: Kind, source: Source, styles: &'s mut Styles, base: Loc) -> Self {
        Walker {
            kind,
            source,
            styles,
            frames: Vec::new(),
            channels: vec![Channel {
                part: base.part,
                hidden: base.hidden,
                field: base.field,
                depth: 0,
            }],
            paras: Vec::new(),
            tables: Vec::new(),
            ignore: 0,
            creator: None,
            style: None,
            pages: 0,
            page: None,
            counters: HashMap::new(),
        }
    }

    /// Whether text is being collected at all (in `styles.xml`: only inside a header or
    /// footer).
    pub(super) fn active(&self) -> bool {
        self.ignore == 0 && (self.source == Source::Content || self.channels.len() > 1)
    }

    pub(super) fn channel_loc(&self) -> Loc {
        let mut loc = Loc::part(Part::Body);
        if let Some(c) = self.channels.last() {
            loc.part = c.part;
            loc.hidden = c.hidden;
            loc.field = c.field.clone();
        }
        match self.kind {
            Kind::Drawing => loc.page = self.page,
            _ => loc.slide = self.page,
        }
        loc
    }

    pub(super) fn push_channel(&mut self, part: Part, hidden: bool, frame: &mut Frame) {
        let parent_hidden = self.channels.last().is_some_and(|c| c.hidden);
        self.channels.push(Channel {
            part,
            hidden: hidden || parent_hidden || part.hidden_by_default(),
            field: None,
            depth: self.frames.len(),
        });
        frame.channel = true;
    }

    /// Whether a paragraph opened now belongs to the innermost open table cell (no comment,
    /// note or text box opened inside the cell since).
    fn in_cell(&self) -> bool {
        let channel_depth = self.channels.last().map_or(0, |c| c.depth);
        self.tables
            .last()
            .and_then(|t| t.cell_depth)
            .is_some_and(|d| d >= channel_depth)
    }

    pub(super) fn open_para(&mut self, e: &BytesStart, frame: &mut Frame) {
        let mut loc = self.channel_loc();
        let n = self.counters.entry(loc.part).or_insert(0);
        *n = n.saturating_add(1);
        loc.paragraph = Some(*n);
        if attr(e, "style-name").is_some_and(|s| self.styles.hidden_text.contains(&s)) {
            loc = loc.hidden_as(Part::HiddenText);
        }
        let in_cell = self.in_cell();
        self.paras.push(Para {
            text: String::new(),
            loc,
            in_cell,
        });
        frame.para = true;
    }

    /// Hidden text inside a paragraph: its own segment, emitted when it closes.
    pub(super) fn open_inline_hidden(&mut self, frame: &mut Frame) {
        let loc = match self.paras.last() {
            Some(p) if p.in_cell => match self.tables.last() {
                Some(t) => cell_loc(&self.channel_loc(), t.row, t.col.saturating_add(1), true),
                None => p.loc.clone(),
            },
            Some(p) => p.loc.clone(),
            None => self.channel_loc(),
        };
        self.paras.push(Para {
            text: String::new(),
            loc: loc.hidden_as(Part::HiddenText),
            in_cell: false,
        });
        frame.para = true;
    }

    pub(super) fn run(
        mut self,
        xml: &[u8],
        what: &str,
        b: &mut DocumentBuilder,
        ctx: &Ctx,
    ) -> Result<(), ExtractError> {
        let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
        let mut events = 0u32;
        loop {
            events = events.wrapping_add(1);
            if events.is_multiple_of(4096) {
                ctx.budget.check_time()?;
            }
            match r.next()? {
                XmlEvent::Start { e, empty } => {
                    let frame = self.start(&e, empty, b)?;
                    if empty {
                        self.end(frame, b)?;
                    } else {
                        self.frames.push(frame);
                    }
                }
                XmlEvent::Text(t) => {
                    if let Some(c) = self.creator.as_mut() {
                        c.push_str(&t);
                    } else if self.active() {
                        if let Some(p) = self.paras.last_mut() {
                            append_collapsed(&mut p.text, &t);
                        }
                    }
                }
                XmlEvent::End { .. } => {
                    if let Some(frame) = self.frames.pop() {
                        self.end(frame, b)?;
                    }
                }
                XmlEvent::Eof => return Ok(()),
                XmlEvent::Comment(_) => {}
            }
        }
    }
}
