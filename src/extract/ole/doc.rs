//! Word 97–2003 binary documents (.doc) and Kingsoft WPS documents (.wps, same format).
//!
//! The FIB at the start of `WordDocument` gives the flags (encrypted, which table stream),
//! the story lengths (main text, footnotes, headers, comments, endnotes, text boxes) and
//! where the piece table (CLX) lives in `0Table`/`1Table`. Each piece maps a run of
//! character positions (CPs) to file offsets (FCs) in `WordDocument`, either 8-bit
//! ("compressed", Windows-1252) or UTF-16LE — Chinese text is always in UTF-16 pieces.
//! Character properties (CHPX FKPs) mark deleted revisions and hidden text, which stay in
//! the file as ordinary characters; paragraph properties (PAPX FKPs) tell a table's row
//! ends from its cell ends.

use super::{
    cp1252, push_embedded_storage, push_summary_information, read_stream, read_stream_opt,
    root_names, slice, u16_at, u32_at, u8_at, utf16le, Cfb,
};
use crate::extract::document::{Document, DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// FibRgFcLcb97 indexes of the structures read here.
const FC_PLCFANDREF: usize = 4;
const FC_PLCFANDTXT: usize = 5;
const FC_PLCFHDD: usize = 11;
const FC_PLCFBTECHPX: usize = 12;
const FC_PLCFBTEPAPX: usize = 13;
const FC_CLX: usize = 33;
const FC_GRPXSTATNOWNERS: usize = 36;
const FC_STTBFRMARK: usize = 51;
const FC_STTBSAVEDBY: usize = 71;

/// Open fields nested deeper than this are treated as one level (hostile nesting).
const MAX_FIELD_DEPTH: usize = 64;
/// Most embedded objects handed over from one document.
const MAX_OBJECTS: usize = 1000;

/// The parts of the FIB this reader uses.
#[derive(Debug)]
struct Fib {
    encrypted: bool,
    obfuscated: bool,
    table_1: bool,
    /// ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx.
    ccp: [u32; 8],
    /// (fc, lcb) pairs of FibRgFcLcb.
    fclcb: Vec<(u32, u32)>,
}

impl Fib {
    fn parse(word: &[u8]) -> Result<Fib, ExtractError> {
        let short = || ExtractError::Corrupt("Word document: FIB truncated".into());
        let ident = u16_at(word, 0).ok_or_else(short)?;
        let nfib = u16_at(word, 2).ok_or_else(short)?;
        if ident != 0xA5EC && ident != 0xA5DC {
            return Err(ExtractError::Corrupt(
                "WordDocument stream without a Word FIB signature".into(),
            ));
        }
        let flags = u16_at(word, 0x0A).ok_or_else(short)?;
        if nfib < 0xC0 || ident == 0xA5DC {
            if flags & 0x0100 != 0 {
                return Err(ExtractError::Encrypted(
                    "Word 6.0/95 document encrypted with a password".into(),
                ));
            }
            return Err(ExtractError::Unsupported(
                "Word 6.0/95 document (older binary format): not read; save it as .doc or .docx in a current version and scan again".into(),
            ));
        }
        let csw = usize::from(u16_at(word, 32).ok_or_else(short)?);
        let lw_at = 34 + csw * 2;
        let cslw = usize::from(u16_at(word, lw_at).ok_or_else(short)?);
        let rglw = lw_at + 2;
        let lw = |i: usize| {
            if i < cslw {
                u32_at(word, rglw + i * 4).unwrap_or(0)
            } else {
                0
            }
        };
        let ccp = [lw(3), lw(4), lw(5), lw(6), lw(7), lw(8), lw(9), lw(10)];
        let fc_at = rglw + cslw * 4;
        let cb = usize::from(u16_at(word, fc_at).ok_or_else(short)?);
        let mut fclcb = Vec::new();
        for i in 0..cb {
            let at = fc_at + 2 + i * 8;
            match (u32_at(word, at), u32_at(word, at + 4)) {
                (Some(fc), Some(lcb)) => fclcb.push((fc, lcb)),
                _ => break,
            }
        }
        Ok(Fib {
            encrypted: flags & 0x0100 != 0,
            obfuscated: flags & 0x8000 != 0,
            table_1: flags & 0x0200 != 0,
            ccp,
            fclcb,
        })
    }

    /// The bytes of structure `index` in the table stream (empty when absent or out of
    /// bounds).
    fn table_slice<'t>(&self, table: &'t [u8], index: usize) -> &'t [u8] {
        match self.fclcb.get(index) {
            Some(&(fc, lcb)) if lcb > 0 => slice(table, fc as usize, lcb as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One piece of the piece table.
#[derive(Debug, Clone)]
struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset of the piece's first character in `WordDocument`.
    fc: u32,
    compressed: bool,
    /// Character flags applied to the whole piece by its Prm.
    flags: u8,
}

/// Character flags.
const DELETED: u8 = 1;
const VANISH: u8 = 2;
/// Paragraph flags.
const IN_TABLE: u8 = 1;
const ROW_END: u8 = 2;

/// Reads the CLX: property modifiers (Prc) then the PlcPcd.
fn parse_clx(clx: &[u8]) -> Result<Vec<Piece>, ExtractError> {
    let mut grpprls: Vec<&[u8]> = Vec::new();
    let mut at = 0usize;
    loop {
        match u8_at(clx, at) {
            Some(1) => {
                let cb = usize::from(u16_at(clx, at + 1).unwrap_or(0));
                grpprls.push(slice(clx, at + 3, cb).unwrap_or(&[]));
                at = at + 3 + cb;
            }
            Some(2) => break,
            _ => {
                return Err(ExtractError::Corrupt(
                    "Word document: piece table (CLX) missing or damaged".into(),
                ))
            }
        }
    }
    let lcb = u32_at(clx, at + 1).unwrap_or(0) as usize;
    let plc = clx
        .get(at + 5..)
        .map(|rest| rest.get(..lcb.min(rest.len())).unwrap_or(rest))
        .unwrap_or(&[]);
    if plc.len() < 16 {
        return Err(ExtractError::Corrupt(
            "Word document: piece table (PlcPcd) empty or truncated".into(),
        ));
    }
    let n = (plc.len() - 4) / 12;
    let mut pieces = Vec::new();
    for i in 0..n {
        let (Some(cp_start), Some(cp_end)) = (u32_at(plc, i * 4), u32_at(plc, i * 4 + 4)) else {
            break;
        };
        let pcd = (n + 1) * 4 + i * 8;
        let (Some(fc_raw), Some(prm)) = (u32_at(plc, pcd + 2), u16_at(plc, pcd + 6)) else {
            break;
        };
        if cp_end <= cp_start {
            continue;
        }
        let compressed = fc_raw & 0x4000_0000 != 0;
        let fc = fc_raw & 0x3FFF_FFFF;
        let fc = if compressed { fc / 2 } else { fc };
        let flags = if prm & 1 == 1 {
            grpprls
                .get(usize::from(prm >> 1))
                .map(|g| chp_flags(g))
                .unwrap_or(0)
        } else {
            0
        };
        pieces.push(Piece {
            cp_start,
            cp_end,
            fc,
            compressed,
            flags,
        });
    }
    pieces.sort_by_key(|p| p.cp_start);
    Ok(pieces)
}

/// The operand length of a sprm (MS-DOC 2.2.5.1), or `None` when it runs past `rest`.
fn sprm_operand_len(sprm: u16, rest: &[u8]) -> Option<usize> {
    Some(match sprm >> 13 {
        0 | 1 => 1,
        2 | 4 | 5 => 2,
        3 => 4,
        7 => 3,
        _ => {
            if sprm == 0xD608 {
                // sprmTDefTable: u16 cb, then cb - 1 bytes.
                2 + usize::from(u16_at(rest, 0)?).saturating_sub(1)
            } else {
                1 + usize::from(u8_at(rest, 0)?)
            }
        }
    })
}

/// Calls `f(sprm, operand)` for each sprm of a grpprl.
fn for_each_sprm(grpprl: &[u8], mut f: impl FnMut(u16, &[u8])) {
    let mut at = 0usize;
    while let Some(sprm) = u16_at(grpprl, at) {
        let rest = grpprl.get(at + 2..).unwrap_or(&[]);
        let Some(len) = sprm_operand_len(sprm, rest) else {
            break;
        };
        let Some(operand) = rest.get(..len) else {
            break;
        };
        f(sprm, operand);
        at = at + 2 + len;
    }
}

/// A toggle operand is on for 1 and for 0x81 ("opposite of the style", styles are off).
fn toggle_on(operand: &[u8]) -> bool {
    matches!(operand.first(), Some(1) | Some(0x81))
}

fn chp_flags(grpprl: &[u8]) -> u8 {
    let mut flags = 0;
    for_each_sprm(grpprl, |sprm, op| match sprm {
        0x0800 if toggle_on(op) => flags |= DELETED, // sprmCFRMarkDel
        0x083C if toggle_on(op) => flags |= VANISH,  // sprmCFVanish
        _ => {}
    });
    flags
}

fn pap_flags(grpprl: &[u8]) -> u8 {
    let mut flags = 0;
    for_each_sprm(grpprl, |sprm, op| match sprm {
        0x2416 if op.first().is_some_and(|&v| v != 0) => flags |= IN_TABLE, // sprmPFInTable
        0x2417 | 0x244C if op.first().is_some_and(|&v| v != 0) => flags |= ROW_END, // Ttp, InnerTtp
        _ => {}
    });
    flags
}

/// FC ranges with flags, from the FKPs a PlcfBte points to; sorted by start.
#[derive(Default)]
struct Runs {
    runs: Vec<(u32, u32, u8)>,
    /// Whether the table was present (for paragraphs: whether table ends can be told).
    known: bool,
}

impl Runs {
    /// `papx` selects the paragraph FKP layout (13-byte BX entries, PapxInFkp).
    fn parse(word: &[u8], plcf: &[u8], papx: bool, ctx: &Ctx) -> Result<Runs, ExtractError> {
        let mut runs = Vec::new();
        if plcf.len() < 12 {
            return Ok(Runs::default());
        }
        let n = (plcf.len() - 4) / 8;
        let mut seen = std::collections::HashSet::new();
        for i in 0..n {
            let Some(pn) = u32_at(plcf, (n + 1) * 4 + i * 4) else {
                break;
            };
            let pn = (pn & 0x003F_FFFF) as usize;
            if !seen.insert(pn) {
                continue;
            }
            ctx.budget.check_time()?;
            let Some(page) = pn.checked_mul(512).and_then(|at| slice(word, at, 512)) else {
                continue;
            };
            let count = usize::from(u8_at(page, 511).unwrap_or(0));
            for j in 0..count {
                let (Some(start), Some(end)) = (u32_at(page, j * 4), u32_at(page, j * 4 + 4))
                else {
                    break;
                };
                let flags = if papx {
                    let bx = (count + 1) * 4 + j * 13;
                    let off = usize::from(u8_at(page, bx).unwrap_or(0)) * 2;
                    if off == 0 {
                        0
                    } else {
                        let cb = usize::from(u8_at(page, off).unwrap_or(0));
                        let grpprl = if cb == 0 {
                            let cb2 = usize::from(u8_at(page, off + 1).unwrap_or(0));
                            slice(page, off + 2, cb2 * 2)
                        } else {
                            slice(page, off + 1, (cb * 2).saturating_sub(1))
                        };
                        // Skip the istd.
                        pap_flags(grpprl.and_then(|g| g.get(2..)).unwrap_or(&[]))
                    }
                } else {
                    let off = usize::from(u8_at(page, (count + 1) * 4 + j).unwrap_or(0)) * 2;
                    if off == 0 {
                        0
                    } else {
                        let cb = usize::from(u8_at(page, off).unwrap_or(0));
                        chp_flags(slice(page, off + 1, cb).unwrap_or(&[]))
                    }
                };
                if flags != 0 && end > start {
                    runs.push((start, end, flags));
                }
            }
        }
        runs.sort_by_key(|r| r.0);
        Ok(Runs { runs, known: true })
    }

    fn at(&self, fc: u32) -> u8 {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(_, end, flags)) if fc < end => flags,
            _ => 0,
        }
    }
}

/// Everything needed to read characters.
struct Text<'a> {
    word: &'a [u8],
    pieces: Vec<Piece>,
    chp: Runs,
    pap: Runs,
}

impl Text<'_> {
    /// Calls `f(char, char flags, paragraph flags)` for each character of CPs
    /// `[from, to)`. Stops at the end of the bytes present (a piece may lie about its
    /// length).
    fn for_each(
        &self,
        from: u32,
        to: u32,
        ctx: &Ctx,
        mut f: impl FnMut(char, u8, u8) -> Result<(), ExtractError>,
    ) -> Result<u32, ExtractError> {
        let first = self.pieces.partition_point(|p| p.cp_end <= from);
        let mut high: Option<u16> = None;
        let mut n: u32 = 0;
        let mut steps: u32 = 0;
        for p in self.pieces.get(first..).unwrap_or(&[]) {
            if p.cp_start >= to {
                break;
            }
            let start = from.max(p.cp_start);
            let end = to.min(p.cp_end);
            for cp in start..end {
                steps = steps.wrapping_add(1);
                if steps.is_multiple_of(65536) {
                    ctx.budget.check_time()?;
                }
                let delta = cp - p.cp_start;
                let (c, fc) = if p.compressed {
                    let Some(fc) = p.fc.checked_add(delta) else {
                        break;
                    };
                    let Some(byte) = u8_at(self.word, fc as usize) else {
                        break;
                    };
                    (cp1252(byte), fc)
                } else {
                    let Some(fc) = delta.checked_mul(2).and_then(|d| p.fc.checked_add(d)) else {
                        break;
                    };
                    let Some(unit) = u16_at(self.word, fc as usize) else {
                        break;
                    };
                    match unit {
                        0xD800..=0xDBFF => {
                            high = Some(unit);
                            continue;
                        }
                        0xDC00..=0xDFFF => {
                            let c = high.take().and_then(|h| {
                                let v = 0x10000
                                    + ((u32::from(h) - 0xD800) << 10)
                                    + (u32::from(unit) - 0xDC00);
                                char::from_u32(v)
                            });
                            (c.unwrap_or('\u{FFFD}'), fc)
                        }
                        _ => (char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}'), fc),
                    }
                };
                high = None;
                n = n.saturating_add(1);
                let flags = self.chp.at(fc) | p.flags;
                let pflags = if matches!(c, '\r' | '\u{7}') {
                    self.pap.at(fc)
                } else {
                    0
                };
                f(c, flags, pflags)?;
            }
        }
        Ok(n)
    }
}

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

/// Reads a Word 97–2003 / WPS binary document.
pub fn extract_doc(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut cf = super::open(bytes)?;
    let names = root_names(&cf);
    let format = if names.iter().any(|n| n == "WpsCustomData") {
        "wps"
    } else {
        "doc"
    };
    let word = read_stream(&mut cf, "/WordDocument", ctx)?;
    let fib = Fib::parse(&word)?;
    if fib.encrypted || fib.obfuscated {
        return Err(ExtractError::Encrypted(
            "Word document encrypted with a password (fEncrypted set in the FIB)".into(),
        ));
    }
    let table_name = if fib.table_1 { "/1Table" } else { "/0Table" };
    let table = read_stream_opt(&mut cf, table_name, ctx)?.ok_or_else(|| {
        ExtractError::Corrupt(format!(
            "Word document: table stream {} missing",
            table_name.trim_start_matches('/')
        ))
    })?;
    let pieces = parse_clx(fib.table_slice(&table, FC_CLX))?;
    let mut b = DocumentBuilder::new(format, ctx.budget.limits.max_text_bytes);
    let chp = Runs::parse(&word, fib.table_slice(&table, FC_PLCFBTECHPX), false, ctx)?;
    let pap = Runs::parse(&word, fib.table_slice(&table, FC_PLCFBTEPAPX), true, ctx)?;
    let text = Text {
        word: &word,
        pieces,
        chp,
        pap,
    };
    read_stories(&fib, &table, &text, &mut b, ctx)?;
    push_sttb_metadata(&fib, &table, &mut b)?;
    push_summary_information(&mut cf, &mut b, ctx)?;
    push_object_pool(&mut cf, &mut b, ctx)?;
    Ok(b.finish())
}

/// Reads each story in CP order with its part.
fn read_stories(
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

/// Author of each comment, in order (`None` where unknown).
fn comment_authors(fib: &Fib, table: &[u8]) -> Vec<Option<String>> {
    let owners = xst_list(fib.table_slice(table, FC_GRPXSTATNOWNERS));
    let plc = fib.table_slice(table, FC_PLCFANDREF);
    // n + 1 CPs and n ATRDPre10 of 30 bytes.
    if plc.len() < 4 + 34 {
        return Vec::new();
    }
    let n = (plc.len() - 4) / 34;
    (0..n)
        .map(|i| {
            let atrd = (n + 1) * 4 + i * 30;
            let ibst = u16_at(plc, atrd + 20)?;
            owners.get(usize::from(ibst)).cloned()
        })
        .collect()
}

/// A run of Xst strings (u16 count + UTF-16LE), as in GrpXstAtnOwners.
fn xst_list(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let mut at = 0usize;
    while let Some(cch) = u16_at(bytes, at) {
        let len = usize::from(cch) * 2;
        let Some(raw) = slice(bytes, at + 2, len) else {
            break;
        };
        out.push(utf16le(raw));
        at = at + 2 + len;
    }
    out
}

/// An STTB (string table): extended (UTF-16) or 8-bit strings.
fn sttb(bytes: &[u8]) -> Vec<String> {
    let mut out = Vec::new();
    let extended = u16_at(bytes, 0) == Some(0xFFFF);
    let (count_at, mut at) = if extended { (2, 4) } else { (0, 2) };
    let count = u16_at(bytes, count_at).unwrap_or(0);
    let extra = usize::from(u16_at(bytes, at).unwrap_or(0));
    at += 2;
    for _ in 0..count {
        let (len, raw_at) = if extended {
            match u16_at(bytes, at) {
                Some(cch) => (usize::from(cch) * 2, at + 2),
                None => break,
            }
        } else {
            match u8_at(bytes, at) {
                Some(cch) => (usize::from(cch), at + 1),
                None => break,
            }
        };
        let Some(raw) = slice(bytes, raw_at, len) else {
            break;
        };
        out.push(if extended {
            utf16le(raw)
        } else {
            raw.iter().map(|&c| cp1252(c)).collect()
        });
        at = raw_at + len + extra;
    }
    out
}

/// Names and paths Word keeps outside the text: the last ten savers with their file paths
/// (SttbSavedBy) and the authors of revisions (SttbfRMark).
fn push_sttb_metadata(
    fib: &Fib,
    table: &[u8],
    b: &mut DocumentBuilder,
) -> Result<(), ExtractError> {
    for (i, s) in sttb(fib.table_slice(table, FC_STTBSAVEDBY))
        .iter()
        .enumerate()
    {
        let field = if i % 2 == 0 { "savedBy" } else { "savedByPath" };
        b.push(s.trim(), Loc::metadata(field))?;
    }
    for s in sttb(fib.table_slice(table, FC_STTBFRMARK)) {
        if s.trim() != "Unknown" {
            b.push(s.trim(), Loc::metadata("revisionAuthor"))?;
        }
    }
    b.end_block();
    Ok(())
}

/// Embedded objects: each storage under `ObjectPool`.
fn push_object_pool(cf: &mut Cfb, b: &mut DocumentBuilder, ctx: &Ctx) -> Result<(), ExtractError> {
    if !cf.is_storage("/ObjectPool") {
        return Ok(());
    }
    let storages: Vec<String> = match cf.read_storage("/ObjectPool") {
        Ok(entries) => entries
            .filter(|e| e.is_storage())
            .map(|e| e.name().to_string())
            .take(MAX_OBJECTS)
            .collect(),
        Err(e) => {
            b.member(
                "ObjectPool".into(),
                Err(ExtractError::Corrupt(format!("embedded objects: {e}"))),
                true,
            );
            return Ok(());
        }
    };
    for name in storages {
        let path = format!("/ObjectPool/{name}");
        let label = format!("ObjectPool/{}", name.trim_start_matches('_'));
        push_embedded_storage(cf, &path, &label, b, ctx)?;
    }
    Ok(())
}
