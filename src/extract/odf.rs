//! OpenDocument text, presentations and drawings (.odt/.odp/.odg and their templates; .ods
//! goes to the spreadsheet reader).
//!
//! An encrypted package (`manifest:encryption-data` in `META-INF/manifest.xml`) is reported
//! as such: its parts are ciphertext. Otherwise `styles.xml` gives the page headers and
//! footers of the master pages and the styles that hide text; `content.xml` gives the body:
//! paragraphs and headings (`text:p`, `text:h`, paragraph index per part), tables (one row per
//! `table:table-row`, `table:number-columns-repeated` honoured within a bound), slides
//! (`draw:page`, hidden when their page style says `presentation:visibility="hidden"`), speaker
//! notes (`presentation:notes`), comments (`office:annotation`, author from `dc:creator`),
//! deleted revisions (`text:tracked-changes` → `text:deletion`), hidden text
//! (`text:hidden-text`, `text:hidden-paragraph`, hidden sections, styles with
//! `text:display="none"`), footnotes, text boxes and alt text. `meta.xml` gives the document
//! properties. Embedded `Object N/` sub-documents (charts, formulas, nested documents) are read
//! as hidden text of part `other`; binary `Object N` files are handed over as members.

use std::collections::{HashMap, HashSet};

use quick_xml::events::BytesStart;

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::Package;
use super::pptx::push_table_row;
use super::xml::{attr, XmlEvent, XmlReader};
use super::Ctx;

/// Widest run of repeated columns written out cell by cell; repeated empty cells only move
/// the column counter.
const MAX_REPEAT: u32 = 64;
/// Columns up to which a row is padded with empty cells to stay aligned with its header;
/// cells beyond follow without padding (bounds the work a row of huge gaps can cause).
const MAX_PAD: u32 = 1024;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Text,
    Presentation,
    Drawing,
    Other,
}

impl Kind {
    fn of(mimetype: &str) -> Kind {
        if mimetype.contains("opendocument.text") {
            Kind::Text
        } else if mimetype.contains("opendocument.presentation") {
            Kind::Presentation
        } else if mimetype.contains("opendocument.graphics") {
            Kind::Drawing
        } else {
            Kind::Other
        }
    }

    fn format(self) -> &'static str {
        match self {
            Kind::Text => "odt",
            Kind::Presentation => "odp",
            Kind::Drawing => "odg",
            Kind::Other => "odf",
        }
    }
}

pub fn extract(pkg: &mut Package, mimetype: &str, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mimetype = mimetype.trim();
    let mut kind = Kind::of(mimetype);
    if let Some(manifest) = pkg.read_opt("META-INF/manifest.xml")? {
        if encrypted(&manifest, ctx) {
            return Err(ExtractError::Encrypted(
                "OpenDocument file protected with a password (manifest:encryption-data)".into(),
            ));
        }
        if kind == Kind::Other {
            kind = Kind::of(&root_media_type(&manifest, ctx).unwrap_or_default());
        }
    }
    if !pkg.has("content.xml") {
        return Err(ExtractError::Corrupt(
            "OpenDocument package without content.xml".into(),
        ));
    }
    let mut b = DocumentBuilder::new(kind.format(), ctx.budget.limits.max_text_bytes);
    let mut styles = Styles::default();

    // Headers and footers of the master pages, and the styles that hide text.
    let r = pkg.read_opt("styles.xml").and_then(|xml| match xml {
        Some(xml) => Walker::new(kind, Source::Styles, &mut styles, Loc::part(Part::Body)).run(
            &xml,
            "styles.xml",
            &mut b,
            ctx,
        ),
        None => Ok(()),
    });
    soft(&mut b, "styles.xml", r)?;
    b.end_block();

    let xml = pkg.read("content.xml")?;
    Walker::new(kind, Source::Content, &mut styles, Loc::part(Part::Body)).run(
        &xml,
        "content.xml",
        &mut b,
        ctx,
    )?;
    drop(xml);
    b.end_block();

    let r = pkg.read_opt("meta.xml").and_then(|xml| match xml {
        Some(xml) => push_meta(&xml, &mut b, ctx),
        None => Ok(()),
    });
    soft(&mut b, "meta.xml", r)?;

    // Embedded objects: `Object 1/content.xml` (charts, formulas, sub-documents) as text;
    // `Object 2` (a binary OLE object) as a member.
    let names: Vec<(usize, String)> = pkg.names().iter().cloned().enumerate().collect();
    for (i, name) in &names {
        let Some((object, rest)) = object_name(name) else {
            continue;
        };
        ctx.budget.check_time()?;
        match rest {
            Some("content.xml") => {
                let base = Loc::part(Part::Other).with_field(object);
                let r = pkg.read(name).and_then(|xml| {
                    let mut styles = Styles::default();
                    Walker::new(Kind::Other, Source::Content, &mut styles, base)
                        .run(&xml, name, &mut b, ctx)
                });
                soft(&mut b, name, r)?;
                b.end_block();
            }
            None if !pkg.is_dir(*i) => {
                let content = pkg.read_index(*i);
                if let Err(ExtractError::Timeout(t)) = content {
                    return Err(ExtractError::Timeout(t));
                }
                b.member(name.clone(), content, true);
            }
            _ => {}
        }
    }
    Ok(b.finish())
}

/// `Object 1/content.xml` → (`Object 1`, Some(`content.xml`)); `Object 2` → (`Object 2`,
/// None). Only direct `Object N` entries of the package root.
fn object_name(name: &str) -> Option<(&str, Option<&str>)> {
    let (object, rest) = match name.split_once('/') {
        Some((o, r)) => (o, Some(r)),
        None => (name, None),
    };
    let n = object.strip_prefix("Object ")?;
    if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((object, rest))
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

/// Whether the manifest declares encrypted parts. A manifest that does not parse is
/// searched as bytes (better a false "encrypted" than ciphertext read as text).
fn encrypted(manifest: &[u8], ctx: &Ctx) -> bool {
    let mut r = XmlReader::new(
        manifest,
        ctx.budget.limits.max_xml_depth,
        "META-INF/manifest.xml",
    );
    loop {
        match r.next() {
            Ok(XmlEvent::Start { e, .. }) => {
                if e.local_name().as_ref() == "encryption-data" {
                    return true;
                }
            }
            Ok(XmlEvent::Eof) => return false,
            Ok(_) => {}
            Err(_) => return memchr::memmem::find(manifest, b"encryption-data").is_some(),
        }
    }
}

/// The media type of the `/` entry of the manifest (when `mimetype` is missing).
fn root_media_type(manifest: &[u8], ctx: &Ctx) -> Option<String> {
    let mut r = XmlReader::new(
        manifest,
        ctx.budget.limits.max_xml_depth,
        "META-INF/manifest.xml",
    );
    loop {
        match r.next().ok()? {
            XmlEvent::Start { e, .. }
                if e.local_name().as_ref() == "file-entry"
                    && attr(&e, "full-path").is_some_and(|p| p == "/") =>
            {
                return attr(&e, "media-type");
            }
            XmlEvent::Eof => return None,
            _ => {}
        }
    }
}

/// Document properties of `meta.xml` that are not dates, counts or the generator.
const META_SKIP: &[&str] = &[
    "generator",
    "creation-date",
    "date",
    "print-date",
    "editing-cycles",
    "editing-duration",
    "document-statistic",
    "language",
    "hyperlink-behaviour",
    "auto-reload",
];

fn push_meta(xml: &[u8], b: &mut DocumentBuilder, ctx: &Ctx) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "meta.xml");
    let mut current: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                // office:document-meta (1) > office:meta (2) > property (3).
                if r.depth() != 3 && !(empty && r.depth() == 2) {
                    continue;
                }
                let name = e.local_name().as_ref().to_string();
                if META_SKIP.contains(&name.as_str()) {
                    continue;
                }
                if name == "template" {
                    for key in ["href", "title"] {
                        if let Some(v) = attr(&e, key) {
                            b.push(&v, Loc::metadata(&format!("template:{key}")))?;
                        }
                    }
                    continue;
                }
                if empty {
                    continue;
                }
                current = Some(if name == "user-defined" {
                    format!("custom:{}", attr(&e, "name").unwrap_or_default())
                } else {
                    name
                });
                text.clear();
            }
            XmlEvent::Text(t) => {
                if current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { .. } => {
                if r.depth() == 2 {
                    if let Some(name) = current.take() {
                        b.push(text.trim(), Loc::metadata(&name))?;
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// Which part the walker reads: in `styles.xml` only header and footer text counts (the
/// rest is style definitions and master-page placeholders).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Source {
    Styles,
    Content,
}

/// Style names that hide what uses them.
#[derive(Default)]
struct Styles {
    /// Paragraph and text styles with `text:display="none"`.
    hidden_text: HashSet<String>,
    /// Drawing-page styles with `presentation:visibility="hidden"` (hidden slides).
    hidden_page: HashSet<String>,
}

/// What an open element does; undone at its end.
#[derive(Clone, Copy, Default)]
struct Frame {
    channel: bool,
    para: bool,
    ignore: bool,
    creator: bool,
    table: bool,
    row: bool,
    cell: bool,
    page: bool,
    style: bool,
}

/// The part text is currently read into (body, comment, deleted revision, …).
struct Channel {
    part: Part,
    hidden: bool,
    field: Option<String>,
    /// `frames.len()` when it was opened.
    depth: usize,
}

struct Para {
    text: String,
    loc: Loc,
    /// Its text belongs to the open table cell.
    in_cell: bool,
}

struct Table {
    row: u32,
    rows_repeated: u32,
    col: u32,
    /// (column, text, hidden) of the non-empty cells of the open row.
    cells: Vec<(u32, String, bool)>,
    cell: String,
    cell_hidden: bool,
    cell_repeat: u32,
    /// `frames.len()` when the open cell started (None between cells).
    cell_depth: Option<usize>,
    header_done: bool,
}

struct Walker<'s> {
    kind: Kind,
    source: Source,
    styles: &'s mut Styles,
    frames: Vec<Frame>,
    channels: Vec<Channel>,
    paras: Vec<Para>,
    tables: Vec<Table>,
    ignore: usize,
    creator: Option<String>,
    /// The `style:style` being read: (name, hidden by its parent).
    style: Option<String>,
    pages: u32,
    page: Option<u32>,
    counters: HashMap<Part, u32>,
}

fn truthy(v: &str) -> bool {
    v == "true" || v == "1"
}

fn repeat_attr(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
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
    fn new(kind: Kind, source: Source, styles: &'s mut Styles, base: Loc) -> Self {
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
    fn active(&self) -> bool {
        self.ignore == 0 && (self.source == Source::Content || self.channels.len() > 1)
    }

    fn channel_loc(&self) -> Loc {
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

    fn push_channel(&mut self, part: Part, hidden: bool, frame: &mut Frame) {
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

    fn open_para(&mut self, e: &BytesStart, frame: &mut Frame) {
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
    fn open_inline_hidden(&mut self, frame: &mut Frame) {
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

    fn run(
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

    fn start(
        &mut self,
        e: &BytesStart,
        empty: bool,
        b: &mut DocumentBuilder,
    ) -> Result<Frame, ExtractError> {
        let mut f = Frame::default();
        let name = e.local_name();
        let name = name.as_ref();
        // The author of a comment or a deletion sits in `dc:creator`, for a deletion inside
        // the otherwise ignored `office:change-info`.
        if name == "creator"
            && !empty
            && self
                .channels
                .last()
                .is_some_and(|c| matches!(c.part, Part::Comment | Part::TrackedChange))
        {
            self.creator = Some(String::new());
            f.creator = true;
            return Ok(f);
        }
        if self.ignore > 0 {
            f.ignore = true;
            self.ignore += 1;
            return Ok(f);
        }
        match name {
            // Style definitions (automatic styles of content.xml, styles of styles.xml).
            "style" => {
                if let Some(n) = attr(e, "name") {
                    if attr(e, "parent-style-name")
                        .is_some_and(|p| self.styles.hidden_text.contains(&p))
                    {
                        self.styles.hidden_text.insert(n.clone());
                    }
                    self.style = Some(n);
                    f.style = true;
                }
            }
            "text-properties" => {
                if let Some(s) = &self.style {
                    if attr(e, "display").is_some_and(|v| v == "none") {
                        self.styles.hidden_text.insert(s.clone());
                    }
                }
            }
            "drawing-page-properties" => {
                if let Some(s) = &self.style {
                    if attr(e, "visibility").is_some_and(|v| v == "hidden") {
                        self.styles.hidden_page.insert(s.clone());
                    }
                }
            }

            // Text.
            "p" | "h" if self.active() => self.open_para(e, &mut f),
            "s" | "tab" | "line-break" if self.active() => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push(if name == "line-break" { '\n' } else { ' ' });
                }
            }
            "span"
                if self.active()
                    && attr(e, "style-name")
                        .is_some_and(|s| self.styles.hidden_text.contains(&s)) =>
            {
                self.open_inline_hidden(&mut f)
            }
            "hidden-text" if self.active() => self.open_inline_hidden(&mut f),
            "hidden-paragraph" => {
                let in_cell = self.paras.last().is_some_and(|p| p.in_cell);
                if let Some(p) = self.paras.last_mut() {
                    p.loc = p.loc.clone().hidden_as(Part::HiddenText);
                }
                if in_cell {
                    if let Some(t) = self.tables.last_mut() {
                        t.cell_hidden = true;
                    }
                }
            }

            // Channels.
            "annotation" => self.push_channel(Part::Comment, true, &mut f),
            "deletion" => self.push_channel(Part::TrackedChange, true, &mut f),
            "note" => {
                let part = match attr(e, "note-class").as_deref() {
                    Some("endnote") => Part::Endnote,
                    _ => Part::Footnote,
                };
                self.push_channel(part, false, &mut f);
            }
            "section" => {
                let hidden = attr(e, "display").is_some_and(|d| d == "none")
                    || attr(e, "is-hidden").is_some_and(|h| truthy(&h))
                    || attr(e, "condition").is_some_and(|c| !c.trim().is_empty());
                if hidden {
                    self.push_channel(Part::HiddenText, true, &mut f);
                }
            }
            "text-box" if self.kind == Kind::Text && self.source == Source::Content => {
                self.push_channel(Part::TextBox, false, &mut f)
            }
            "notes" if self.source == Source::Content => {
                self.push_channel(Part::Notes, true, &mut f)
            }
            "header" | "header-left" | "header-first"
                if self.source == Source::Styles && self.ignore == 0 =>
            {
                self.push_channel(Part::Header, false, &mut f)
            }
            "footer" | "footer-left" | "footer-first"
                if self.source == Source::Styles && self.ignore == 0 =>
            {
                self.push_channel(Part::Footer, false, &mut f)
            }
            "header-decl" | "footer-decl" if self.source == Source::Content => {
                let part = if name == "header-decl" {
                    Part::Header
                } else {
                    Part::Footer
                };
                self.push_channel(part, false, &mut f);
                self.open_para(e, &mut f);
            }
            "title" | "desc"
                if self.source == Source::Content && e.name().as_ref().starts_with("svg:") =>
            {
                self.push_channel(Part::Attribute, true, &mut f);
                if let Some(c) = self.channels.last_mut() {
                    c.field = Some(name.to_string());
                }
                self.open_para(e, &mut f);
            }
            "page" if self.source == Source::Content => {
                b.end_block();
                self.pages = self.pages.saturating_add(1);
                self.page = Some(self.pages);
                self.counters.clear();
                let hidden =
                    attr(e, "style-name").is_some_and(|s| self.styles.hidden_page.contains(&s));
                let part = if hidden {
                    Part::HiddenSlide
                } else {
                    Part::Body
                };
                let parent = self.channels.last().map_or(Part::Body, |c| c.part);
                self.push_channel(
                    if parent == Part::Body { part } else { parent },
                    hidden,
                    &mut f,
                );
                f.page = true;
            }

            // Tables.
            "table" => {
                b.end_block();
                self.tables.push(Table {
                    row: 0,
                    rows_repeated: 1,
                    col: 0,
                    cells: Vec::new(),
                    cell: String::new(),
                    cell_hidden: false,
                    cell_repeat: 1,
                    cell_depth: None,
                    header_done: false,
                });
                f.table = true;
            }
            "table-row" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = t.row.saturating_add(1);
                    t.rows_repeated = repeat_attr(e, "number-rows-repeated");
                    t.col = 0;
                    t.cells.clear();
                    f.row = true;
                }
            }
            "table-cell" | "covered-table-cell" => {
                let depth = self.frames.len();
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                    t.cell_hidden = false;
                    t.cell_repeat = repeat_attr(e, "number-columns-repeated");
                    t.cell_depth = Some(depth);
                    f.cell = true;
                }
            }

            // Not text a reader sees, or copies of it.
            "change-info" | "note-citation" | "date-string" | "sequence-decls"
            | "variable-decls" | "user-field-decls" | "binary-data" | "script" | "scripts"
            | "event-listeners" | "forms" | "annotation-end" | "page-thumbnail"
            | "date-time-decl" => {
                f.ignore = true;
                self.ignore += 1;
            }
            "date"
                if self
                    .channels
                    .last()
                    .is_some_and(|c| c.part == Part::Comment) =>
            {
                f.ignore = true;
                self.ignore += 1;
            }
            _ if name.ends_with("-source") => {
                // Index templates (`text:table-of-content-source`).
                f.ignore = true;
                self.ignore += 1;
            }
            _ => {}
        }
        Ok(f)
    }

    fn end(&mut self, f: Frame, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        if f.creator {
            if let (Some(c), Some(ch)) = (self.creator.take(), self.channels.last_mut()) {
                let c = c.trim();
                if !c.is_empty() {
                    ch.field = Some(c.to_string());
                }
            }
        }
        if f.ignore {
            self.ignore = self.ignore.saturating_sub(1);
        }
        if f.style {
            self.style = None;
        }
        if f.para {
            if let Some(p) = self.paras.pop() {
                self.emit(p, b)?;
            }
        }
        if f.cell {
            if let Some(t) = self.tables.last_mut() {
                let start = t.col.saturating_add(1);
                let text = std::mem::take(&mut t.cell);
                let text = text.trim();
                if !text.is_empty() {
                    for k in 0..t.cell_repeat.min(MAX_REPEAT) {
                        t.cells
                            .push((start.saturating_add(k), text.to_string(), t.cell_hidden));
                    }
                }
                t.col = t.col.saturating_add(t.cell_repeat);
                t.cell_depth = None;
            }
        }
        if f.row {
            let loc = self.channel_loc();
            if let Some(t) = self.tables.last_mut() {
                let cells = std::mem::take(&mut t.cells);
                let row = t.row;
                let mut out: Vec<(String, Loc)> = Vec::new();
                let mut next = 1u32;
                for (col, text, hidden) in cells {
                    while next < col && next <= MAX_PAD {
                        out.push((String::new(), cell_loc(&loc, row, next, false)));
                        next += 1;
                    }
                    out.push((text, cell_loc(&loc, row, col, hidden)));
                    next = col.saturating_add(1);
                }
                push_table_row(b, out, &mut t.header_done)?;
                t.row = t.row.saturating_add(t.rows_repeated.saturating_sub(1));
            }
        }
        if f.table {
            self.tables.pop();
            b.end_block();
        }
        if f.channel {
            self.channels.pop();
        }
        if f.page {
            b.end_block();
        }
        Ok(())
    }

    /// A closed paragraph: into its table cell, or a segment of its own.
    fn emit(&mut self, p: Para, b: &mut DocumentBuilder) -> Result<(), ExtractError> {
        let text = p.text.trim();
        if p.in_cell {
            if let Some(t) = self.tables.last_mut() {
                if p.loc.hidden {
                    t.cell_hidden = true;
                }
                if !text.is_empty() {
                    if !t.cell.is_empty() {
                        t.cell.push('\n');
                    }
                    t.cell.push_str(text);
                }
                return Ok(());
            }
        }
        b.push(text, p.loc)
    }
}

fn cell_loc(base: &Loc, row: u32, col: u32, hidden: bool) -> Loc {
    let mut loc = base.clone();
    loc.paragraph = None;
    loc.row = Some(row);
    loc.col = Some(col);
    if hidden {
        loc = loc.hidden_as(Part::HiddenText);
    }
    loc
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    fn walk(
        kind: Kind,
        source: Source,
        styles: &mut Styles,
        xml: &str,
    ) -> Result<Document, ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.odt",
            encoding: None,
        };
        let mut b = DocumentBuilder::new("odt", 1 << 20);
        Walker::new(kind, source, styles, Loc::part(Part::Body)).run(
            xml.as_bytes(),
            "c.xml",
            &mut b,
            &ctx,
        )?;
        Ok(b.finish())
    }

    fn seg<'d>(doc: &'d Document, needle: &str) -> Option<&'d Loc> {
        let at = doc.text.find(needle)?;
        doc.segment_at(at).map(|s| &s.loc)
    }

    #[test]
    fn text_channels() -> Result<(), ExtractError> {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:dc="d" xmlns:table="tb">
<office:automatic-styles><style:style style:name="H1" style:family="text"><style:text-properties text:display="none"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>王五</dc:creator><dc:date>2024</dc:date></office:change-info><text:p>删去13912345678</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h>标题</text:h>
<text:p>电话<text:s/>13800138000<text:tab/>末<office:annotation><dc:creator>李四</dc:creator><dc:date>2024</dc:date><text:p>批注110101199003074514</text:p></office:annotation>尾</text:p>
<text:p>见<text:span text:style-name="H1">隐藏430102198001010011</text:span>文<text:hidden-text text:string-value="x" text:condition="">条件</text:hidden-text></text:p>
<text:p><text:hidden-paragraph text:condition="a"/>整段隐藏</text:p>
<table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>名单</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell><text:p>姓名</text:p></table:table-cell><table:table-cell><text:p>身份证号</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell/><table:table-cell><text:p>11010519491231002X</text:p></table:table-cell><table:table-cell table:number-columns-repeated="100000000"/></table:table-row>
<table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>末行</text:p></table:table-cell></table:table-row>
</table:table>
</office:text></office:body></office:document-content>"#;
        let mut styles = Styles::default();
        let doc = walk(Kind::Text, Source::Content, &mut styles, xml)?;
        let del = seg(&doc, "删去").ok_or(ExtractError::NoText("del".into()))?;
        assert_eq!(
            (del.part, del.hidden, del.field.as_deref()),
            (Part::TrackedChange, true, Some("王五"))
        );
        let h = seg(&doc, "标题").ok_or(ExtractError::NoText("h".into()))?;
        assert_eq!(
            (h.part, h.paragraph, h.hidden),
            (Part::Body, Some(1), false)
        );
        assert!(doc.text.contains("电话 13800138000 末尾"), "{}", doc.text);
        let c = seg(&doc, "批注").ok_or(ExtractError::NoText("c".into()))?;
        assert_eq!(
            (c.part, c.field.as_deref(), c.hidden),
            (Part::Comment, Some("李四"), true)
        );
        let hs = seg(&doc, "隐藏4301").ok_or(ExtractError::NoText("hs".into()))?;
        assert_eq!(
            (hs.part, hs.hidden, hs.paragraph),
            (Part::HiddenText, true, Some(3))
        );
        assert_eq!(seg(&doc, "条件").map(|l| l.part), Some(Part::HiddenText));
        assert_eq!(seg(&doc, "见文").map(|l| l.part), Some(Part::Body));
        assert_eq!(
            seg(&doc, "整段隐藏").map(|l| l.part),
            Some(Part::HiddenText)
        );
        assert!(
            doc.text
                .contains("\n名单\n姓名\t身份证号\n\t11010519491231002X\nx\tx\tx\n末行\n"),
            "{:?}",
            doc.text
        );
        let id = seg(&doc, "11010519491231002X").ok_or(ExtractError::NoText("id".into()))?;
        assert_eq!((id.row, id.col), (Some(3), Some(2)));
        let last = seg(&doc, "末行").ok_or(ExtractError::NoText("last".into()))?;
        assert_eq!(last.row, Some(9));
        Ok(())
    }

    #[test]
    fn slides_notes_and_hidden_pages() -> Result<(), ExtractError> {
        let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:draw="d" xmlns:presentation="p">
<office:automatic-styles><style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style></office:automatic-styles>
<office:body><office:presentation>
<draw:page draw:name="p1"><draw:frame><draw:text-box><text:p>第一页</text:p></draw:text-box></draw:frame>
<presentation:notes><draw:page-thumbnail/><draw:frame><draw:text-box><text:p>备注13800138000</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>
<draw:page draw:name="p2" draw:style-name="dp2"><draw:frame><draw:text-box><text:p>隐藏页</text:p></draw:text-box></draw:frame></draw:page>
</office:presentation></office:body></office:document-content>"#;
        let mut styles = Styles::default();
        let doc = walk(Kind::Presentation, Source::Content, &mut styles, xml)?;
        let first = seg(&doc, "第一页").ok_or(ExtractError::NoText("1".into()))?;
        assert_eq!(
            (first.slide, first.part, first.paragraph),
            (Some(1), Part::Body, Some(1))
        );
        let notes = seg(&doc, "备注").ok_or(ExtractError::NoText("n".into()))?;
        assert_eq!(
            (notes.slide, notes.part, notes.hidden),
            (Some(1), Part::Notes, true)
        );
        let hidden = seg(&doc, "隐藏页").ok_or(ExtractError::NoText("h".into()))?;
        assert_eq!(
            (hidden.slide, hidden.part, hidden.hidden),
            (Some(2), Part::HiddenSlide, true)
        );
        Ok(())
    }

    #[test]
    fn styles_give_headers_and_footers_only() -> Result<(), ExtractError> {
        let xml = r#"<office:document-styles xmlns:office="o" xmlns:text="t" xmlns:style="s">
<office:styles><style:style style:name="Hid" style:family="paragraph"><style:text-properties text:display="none"/></style:style></office:styles>
<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>页眉</text:p></style:header><style:footer><text:p>页脚<text:page-number>1</text:page-number></text:p></style:footer></style:master-page></office:master-styles>
<text:p>不是正文</text:p></office:document-styles>"#;
        let mut styles = Styles::default();
        let doc = walk(Kind::Text, Source::Styles, &mut styles, xml)?;
        assert_eq!(doc.text, "页眉\n页脚1\n");
        assert_eq!(
            seg(&doc, "页眉").map(|l| (l.part, l.hidden)),
            Some((Part::Header, false))
        );
        assert_eq!(seg(&doc, "页脚").map(|l| l.part), Some(Part::Footer));
        assert!(styles.hidden_text.contains("Hid"));
        Ok(())
    }

    #[test]
    fn object_names() {
        assert_eq!(
            object_name("Object 1/content.xml"),
            Some(("Object 1", Some("content.xml")))
        );
        assert_eq!(object_name("Object 12"), Some(("Object 12", None)));
        assert_eq!(object_name("ObjectReplacements/Object 1"), None);
        assert_eq!(object_name("Object x/content.xml"), None);
    }
}
