//! RTF documents (and the `.doc` files that are really RTF, common in government systems).
//!
//! A small parser of our own: control words, groups (nesting bounded), `\'hh` bytes decoded
//! with the font's charset (`\fcharset134` → GBK) or the document code page (`\ansicpg936`,
//! default windows-1252), `\uN` with the `\ucN` fallback skipped, `\binN` data skipped, and
//! the destinations that hold no text (font and colour tables, style sheet, pictures,
//! object data, theme, data store, list tables, unknown `{\*\…}` groups) skipped.
//!
//! What is emitted: body paragraphs (`paragraph` counts `\par` in the body; line and column
//! of the first character's source token), table rows (`\cell` / `\row`, header first),
//! hidden text (`\v`) and deleted revisions (`\deleted`) apart from the visible text,
//! headers, footers and footnotes, annotations (`\*\annotation`, with the `\*\atnauthor`),
//! field instructions (`\*\fldinst`), and the `\info` group as metadata.
//!
//! The parser is split by concern: `tokenizer` reads groups, control words and
//! symbols; `codepage` decodes 8-bit text; `dest` collects destinations (metadata,
//! headers, footnotes, annotations, field instructions); `table` assembles rows. This
//! file holds the parser state and the body paragraphs.

mod codepage;
mod dest;
mod table;
#[cfg(test)]
mod tests;
mod tokenizer;

use encoding_rs::{Encoding, WINDOWS_1252};

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::Ctx;

/// Group nesting beyond this is refused.
pub const MAX_GROUP_DEPTH: usize = 256;

/// Extracts an RTF document.
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    if !bytes.starts_with(b"{\\rtf") {
        return Err(ExtractError::Corrupt(
            "not an RTF document: no {\\rtf header".into(),
        ));
    }
    let mut b = DocumentBuilder::new("rtf", ctx.budget.limits.max_text_bytes);
    let mut p = Parser::new(bytes, &mut b);
    let depth_left = p.run(ctx)?;
    p.finish()?;
    let doc_has_text = b.text_len() > 0;
    if depth_left > 0 {
        if !doc_has_text {
            return Err(ExtractError::Corrupt(
                "RTF ends inside an open group before any text: the file is truncated".into(),
            ));
        }
        b.member(
            "(end of document)".into(),
            Err(ExtractError::Corrupt(
                "RTF ends inside an open group: the file is truncated, the text read so far was scanned"
                    .into(),
            )),
            true,
        );
    }
    Ok(b.finish())
}

/// Where text of the current group goes.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Dest {
    Body,
    /// A destination collected into `bufs[i]`.
    Buf(usize),
    /// Font table: `\fN` and `\fcharsetN` are read, text dropped.
    FontTable,
    /// Text dropped, child destinations still read (`\info`, `\upr`'s ANSI part).
    Drop,
    /// Everything dropped, including child destinations.
    Skip,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Visible,
    Hidden,
    Deleted,
}

#[derive(Clone)]
struct State {
    dest: Dest,
    /// The destination before `\upr` (restored by `\ud`).
    upr_outer: Option<Dest>,
    hidden: bool,
    deleted: bool,
    uc: u32,
    font: Option<i32>,
    intbl: bool,
}

struct Piece {
    kind: Kind,
    text: String,
    start: Option<usize>,
}

struct Buf {
    part: Part,
    field: Option<String>,
    text: String,
    start: Option<usize>,
}

struct Parser<'a, 'b> {
    src: &'a [u8],
    newlines: Vec<usize>,
    b: &'b mut DocumentBuilder,
    st: State,
    stack: Vec<State>,
    /// Document code page (`\ansicpgN`).
    doc_cp: &'static Encoding,
    fonts: Vec<(i32, &'static Encoding)>,
    font_table_current: Option<i32>,
    deff: Option<i32>,
    /// Pending 8-bit text bytes and their source positions.
    pending: Vec<u8>,
    pending_pos: Vec<usize>,
    /// Fallback characters still to skip after `\uN`.
    skip_ansi: u32,
    high_surrogate: Option<u16>,
    /// `\*` seen just before.
    star: bool,
    para: Vec<Piece>,
    para_no: u32,
    cells: Vec<Vec<Piece>>,
    table_row: u32,
    /// Hidden/deleted text of table cells, written after the table.
    side: Vec<(String, Loc)>,
    bufs: Vec<Buf>,
    last_author: Option<String>,
}

impl<'a, 'b> Parser<'a, 'b> {
    fn new(src: &'a [u8], b: &'b mut DocumentBuilder) -> Self {
        Parser {
            src,
            newlines: memchr::memchr_iter(b'\n', src).collect(),
            b,
            st: State {
                dest: Dest::Body,
                upr_outer: None,
                hidden: false,
                deleted: false,
                uc: 1,
                font: None,
                intbl: false,
            },
            stack: Vec::new(),
            doc_cp: WINDOWS_1252,
            fonts: Vec::new(),
            font_table_current: None,
            deff: None,
            pending: Vec::new(),
            pending_pos: Vec::new(),
            skip_ansi: 0,
            high_surrogate: None,
            star: false,
            para: Vec::new(),
            para_no: 1,
            cells: Vec::new(),
            table_row: 0,
            side: Vec::new(),
            bufs: Vec::new(),
            last_author: None,
        }
    }

    fn line_col(&self, pos: usize) -> (u64, u64) {
        let before = self.newlines.partition_point(|&n| n < pos);
        let line_start = match before.checked_sub(1) {
            Some(i) => self.newlines.get(i).map_or(0, |&n| n + 1),
            None => 0,
        };
        (before as u64 + 1, pos.saturating_sub(line_start) as u64 + 1)
    }

    fn at(&self, loc: Loc, pos: usize) -> Loc {
        let (l, c) = self.line_col(pos);
        loc.with_line(l, c)
    }

    fn kind(&self) -> Kind {
        if self.st.deleted {
            Kind::Deleted
        } else if self.st.hidden {
            Kind::Hidden
        } else {
            Kind::Visible
        }
    }

    fn put(&mut self, c: char, pos: usize) {
        match self.st.dest {
            Dest::Body => {
                let kind = self.kind();
                let same = self
                    .para
                    .last()
                    .is_some_and(|p| p.kind == kind || c.is_whitespace());
                if !same {
                    self.para.push(Piece {
                        kind,
                        text: String::new(),
                        start: None,
                    });
                }
                if let Some(p) = self.para.last_mut() {
                    if p.start.is_none() {
                        if c.is_whitespace() {
                            return;
                        }
                        p.start = Some(pos);
                    }
                    p.text.push(c);
                }
            }
            Dest::Buf(i) => {
                if let Some(buf) = self.bufs.get_mut(i) {
                    if buf.start.is_none() {
                        if c.is_whitespace() {
                            return;
                        }
                        buf.start = Some(pos);
                    }
                    buf.text.push(c);
                }
            }
            _ => {}
        }
    }

    fn loc_for(kind: Kind) -> Loc {
        match kind {
            Kind::Visible => Loc::part(Part::Body),
            Kind::Hidden => Loc::part(Part::Body).hidden_as(Part::HiddenText),
            Kind::Deleted => Loc::part(Part::TrackedChange),
        }
    }

    /// `\par`: ends a body paragraph (or adds a break inside a cell or a destination).
    fn par(&mut self) -> Result<(), ExtractError> {
        match self.st.dest {
            Dest::Body => {
                if self.st.intbl {
                    self.put(' ', 0);
                    return Ok(());
                }
                self.end_table()?;
                self.flush_para()?;
                self.para_no = self.para_no.saturating_add(1);
            }
            Dest::Buf(_) => self.put(' ', 0),
            _ => {}
        }
        Ok(())
    }

    fn line_break(&mut self) -> Result<(), ExtractError> {
        match self.st.dest {
            Dest::Body if !self.st.intbl => self.flush_para(),
            _ => {
                self.put(' ', 0);
                Ok(())
            }
        }
    }

    fn flush_para(&mut self) -> Result<(), ExtractError> {
        for piece in std::mem::take(&mut self.para) {
            if let Some(start) = piece.start {
                let loc = Self::loc_for(piece.kind).with_paragraph(self.para_no);
                let loc = self.at(loc, start);
                self.b.push(piece.text.trim_end(), loc)?;
            }
        }
        Ok(())
    }

    fn finish(&mut self) -> Result<(), ExtractError> {
        self.flush_bytes()?;
        if !self.cells.is_empty() {
            self.row()?;
        }
        self.end_table()?;
        self.flush_para()
    }
}
