//! Stories (main text, footnotes, headers and footers, comments, endnotes, text boxes)
//! read in CP order, and [`Story`], which turns their characters into paragraphs, table
//! rows, field instructions and deleted or hidden runs.

use super::fib::{Fib, Text, FC_PLCFANDTXT, FC_PLCFHDD};
use super::properties::{DELETED, IN_TABLE, ROW_END, VANISH};
use super::strings::comment_authors;
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// Open fields nested deeper than this are treated as one level (hostile nesting).
const MAX_FIELD_DEPTH: usize = 64;

/// Which channel a character goes to.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Chan {
    Text,
    FieldCode,
    Deleted,
    Hidden,
}

/// Turns the characters of one story into segments.
struct Story<'b> {
    b: &'b mut DocumentBuilder,
    part: Part,
    field: Option<String>,
    /// 1-based index of the current paragraph within the story.
    para: u32,
    runs: Vec<(Chan, String)>,
    /// Cells of the table row being read: (text, paragraph).
    cells: Vec<(String, u32)>,
    /// Hidden runs seen inside the current row, written after it.
    row_hidden: Vec<(Chan, String, u32)>,
    /// Open fields: `true` once past the separator (in the result).
    fields: Vec<bool>,
    /// Fields opened beyond [`MAX_FIELD_DEPTH`].
    field_overflow: usize,
    last_was_cell_end: bool,
    pap_known: bool,
    /// Bytes held in `runs` and `cells`, bounded by the text limit (a paragraph without a
    /// paragraph mark must not grow without end).
    buffered: usize,
    max_buffered: usize,
}

impl<'b> Story<'b> {
    fn new(b: &'b mut DocumentBuilder, part: Part, pap_known: bool, max_buffered: usize) -> Self {
        Story {
            b,
            part,
            field: None,
            para: 1,
            runs: Vec::new(),
            cells: Vec::new(),
            row_hidden: Vec::new(),
            fields: Vec::new(),
            field_overflow: 0,
            last_was_cell_end: false,
            pap_known,
            buffered: 0,
            max_buffered,
        }
    }

    fn loc(&self, chan: Chan, para: u32) -> Loc {
        let loc = match chan {
            Chan::Text => Loc::part(self.part),
            Chan::FieldCode => Loc::part(Part::FieldCode),
            Chan::Deleted => Loc::part(Part::TrackedChange),
            Chan::Hidden => Loc::part(Part::HiddenText),
        };
        let loc = loc.with_paragraph(para);
        match &self.field {
            Some(f) => loc.with_field(f),
            None => loc,
        }
    }

    fn push_char(&mut self, c: char, chan: Chan) {
        self.buffered += c.len_utf8();
        match self.runs.last_mut() {
            Some((last, text)) if *last == chan => text.push(c),
            _ => self.runs.push((chan, c.to_string())),
        }
    }

    fn in_instruction(&self) -> bool {
        self.fields.iter().any(|in_result| !in_result)
    }

    fn feed(&mut self, c: char, flags: u8, pflags: u8) -> Result<(), ExtractError> {
        if self.buffered > self.max_buffered {
            return Err(ExtractError::Limit(format!(
                "one paragraph of the Word document holds more than {} MiB of text",
                self.max_buffered >> 20
            )));
        }
        let cell_end_before = std::mem::replace(&mut self.last_was_cell_end, false);
        match c {
            '\u{13}' => {
                if self.fields.len() < MAX_FIELD_DEPTH {
                    self.fields.push(false);
                } else {
                    self.field_overflow += 1;
                }
                return Ok(());
            }
            '\u{14}' => {
                if self.field_overflow == 0 {
                    if let Some(top) = self.fields.last_mut() {
                        *top = true;
                    }
                }
                return Ok(());
            }
            '\u{15}' => {
                if self.field_overflow > 0 {
                    self.field_overflow -= 1;
                } else {
                    self.fields.pop();
                }
                return Ok(());
            }
            _ => {}
        }
        let chan = if self.in_instruction() {
            Chan::FieldCode
        } else if flags & DELETED != 0 {
            Chan::Deleted
        } else if flags & VANISH != 0 {
            Chan::Hidden
        } else {
            Chan::Text
        };
        match c {
            '\r' => {
                if self.in_instruction() {
                    self.push_char(' ', Chan::FieldCode);
                    return Ok(());
                }
                let in_table = if self.pap_known {
                    pflags & IN_TABLE != 0
                } else {
                    !self.cells.is_empty()
                };
                if in_table {
                    // A paragraph inside a cell: the cell goes on.
                    self.push_char(' ', Chan::Text);
                    self.para += 1;
                } else {
                    self.end_paragraph()?;
                }
            }
            '\u{7}' => {
                let row_end = if self.pap_known {
                    pflags & ROW_END != 0
                } else {
                    cell_end_before && self.runs.is_empty()
                };
                if row_end {
                    if !self.runs.is_empty() {
                        self.end_cell();
                    }
                    self.end_row()?;
                } else {
                    self.end_cell();
                    self.last_was_cell_end = true;
                }
                self.para += 1;
            }
            '\u{b}' | '\u{c}' | '\u{e}' => self.push_char('\n', chan),
            '\t' => self.push_char('\t', chan),
            '\u{1e}' => self.push_char('-', chan),
            '\u{a0}' => self.push_char(' ', chan),
            c if (c as u32) < 0x20 => {} // objects, note references, soft hyphens …
            c => self.push_char(c, chan),
        }
        Ok(())
    }

    /// Splits the current runs into visible text and hidden runs.
    fn take_runs(&mut self) -> (String, Vec<(Chan, String)>) {
        let mut visible = String::new();
        let mut hidden = Vec::new();
        for (chan, text) in self.runs.drain(..) {
            if chan == Chan::Text {
                visible.push_str(&text);
            } else {
                hidden.push((chan, text));
            }
        }
        (visible, hidden)
    }

    fn end_paragraph(&mut self) -> Result<(), ExtractError> {
        if !self.cells.is_empty() {
            self.end_cell();
            self.end_row()?;
        }
        let (visible, hidden) = self.take_runs();
        self.buffered = 0;
        let para = self.para;
        self.b.push(&visible, self.loc(Chan::Text, para))?;
        for (chan, text) in hidden {
            self.b.push(&text, self.loc(chan, para))?;
        }
        self.para += 1;
        Ok(())
    }

    fn end_cell(&mut self) {
        let (visible, hidden) = self.take_runs();
        let para = self.para;
        self.cells.push((visible, para));
        for (chan, text) in hidden {
            self.row_hidden.push((chan, text, para));
        }
    }

    fn end_row(&mut self) -> Result<(), ExtractError> {
        let cells = std::mem::take(&mut self.cells);
        self.buffered = 0;
        let locs: Vec<Loc> = cells
            .iter()
            .map(|(_, p)| self.loc(Chan::Text, *p))
            .collect();
        self.b.row(
            cells
                .iter()
                .zip(locs)
                .map(|((text, _), loc)| (text.as_str(), loc)),
        )?;
        for (chan, text, para) in std::mem::take(&mut self.row_hidden) {
            self.b.push(&text, self.loc(chan, para))?;
        }
        Ok(())
    }

    /// Writes what is left at the end of a story (text without a final paragraph mark).
    fn finish(mut self) -> Result<(), ExtractError> {
        if !self.runs.is_empty() || !self.cells.is_empty() {
            self.end_paragraph()?;
        }
        self.b.end_block();
        Ok(())
    }
}

/// Reads each story in CP order with its part.
pub(super) fn read_stories(
    fib: &Fib,
    table: &[u8],
    text: &Text,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let [text_len, ftn, hdd, mcr, atn, edn, txbx, hdr_txbx] = fib.ccp;
    let mut at: u32 = 0;
    let mut next = |len: u32| {
        let start = at;
        at = at.saturating_add(len);
        (start, at)
    };
    let main = next(text_len);
    let footnotes = next(ftn);
    let headers = next(hdd);
    let _macros = next(mcr);
    let comments = next(atn);
    let endnotes = next(edn);
    let boxes = next(txbx);
    let header_boxes = next(hdr_txbx);
    let pap_known = text.pap.known;
    let max = ctx.budget.limits.max_text_bytes;

    let plain = |range: (u32, u32), part: Part, b: &mut DocumentBuilder| {
        if range.1 <= range.0 {
            return Ok(0);
        }
        let mut story = Story::new(b, part, pap_known, max);
        let n = text.for_each(range.0, range.1, ctx, |c, f, p| story.feed(c, f, p))?;
        story.finish()?;
        Ok(n)
    };
    if plain(main, Part::Body, b)? == 0 && main.1 > main.0 {
        return Err(ExtractError::Corrupt(
            "Word document: the piece table points outside the text stream".into(),
        ));
    }
    plain(footnotes, Part::Footnote, b)?;

    // Headers and footers: PlcfHdd splits the story; after six separator stories, each
    // section has even/odd header, even/odd footer, first-page header, first-page footer.
    if headers.1 > headers.0 {
        let hdd_cps = cps(fib.table_slice(table, FC_PLCFHDD));
        if hdd_cps.len() < 2 {
            plain(headers, Part::Header, b)?;
        } else {
            let mut para_header = 1;
            let mut para_footer = 1;
            for (i, w) in hdd_cps.windows(2).enumerate() {
                let (Some(&s), Some(&e)) = (w.first(), w.get(1)) else {
                    continue;
                };
                let (s, e) = (
                    headers.0.saturating_add(s).min(headers.1),
                    headers.0.saturating_add(e).min(headers.1),
                );
                if e <= s {
                    continue;
                }
                let footer = i >= 6 && matches!((i - 6) % 6, 2 | 3 | 5);
                let part = if footer { Part::Footer } else { Part::Header };
                // The first six are the note separators, not headers: not counted.
                let mut separator = 1;
                let counter = if i < 6 {
                    &mut separator
                } else if footer {
                    &mut para_footer
                } else {
                    &mut para_header
                };
                let mut story = Story::new(b, part, pap_known, max);
                story.para = *counter;
                text.for_each(s, e, ctx, |c, f, p| story.feed(c, f, p))?;
                // Keep counting across the sub-stories of the same part.
                *counter = story.para;
                story.finish()?;
            }
        }
    }

    // Comments: PlcfandTxt splits the story per comment; PlcfandRef's ATRD names the
    // author through GrpXstAtnOwners.
    if comments.1 > comments.0 {
        let txt = cps(fib.table_slice(table, FC_PLCFANDTXT));
        let authors = comment_authors(fib, table);
        if txt.len() < 2 {
            plain(comments, Part::Comment, b)?;
        } else {
            let mut para = 1;
            for (i, w) in txt.windows(2).enumerate() {
                let (Some(&s), Some(&e)) = (w.first(), w.get(1)) else {
                    continue;
                };
                let (s, e) = (
                    comments.0.saturating_add(s).min(comments.1),
                    comments.0.saturating_add(e).min(comments.1),
                );
                if e <= s {
                    continue;
                }
                let mut story = Story::new(b, Part::Comment, pap_known, max);
                story.para = para;
                story.field = authors.get(i).cloned().flatten();
                text.for_each(s, e, ctx, |c, f, p| story.feed(c, f, p))?;
                para = story.para;
                story.finish()?;
            }
        }
    }
    plain(endnotes, Part::Endnote, b)?;
    plain(boxes, Part::TextBox, b)?;
    plain(header_boxes, Part::TextBox, b)?;
    Ok(())
}

/// The CP array of a PLC whose data elements are not needed: n + 1 CPs where the PLC
/// holds n elements of unknown size — only usable for PLCs whose elements are empty
/// (PlcfHdd, PlcfandTxt), which is all CPs.
fn cps(plc: &[u8]) -> Vec<u32> {
    plc.chunks_exact(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap_or([0; 4])))
        .collect()
}
