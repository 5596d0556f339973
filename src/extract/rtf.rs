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

use encoding_rs::{Encoding, BIG5, EUC_KR, GB18030, SHIFT_JIS, UTF_8, WINDOWS_1252};

use super::document::{a1, Document, DocumentBuilder, Loc, Part};
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

/// Charset number of `\fcharsetN` → encoding (None: use the document code page).
fn charset_encoding(n: i32) -> Option<&'static Encoding> {
    Some(match n {
        0 => WINDOWS_1252,
        128 => SHIFT_JIS,
        129 => EUC_KR,
        134 => GB18030,
        136 => BIG5,
        161 => codepage(1253)?,
        162 => codepage(1254)?,
        163 => codepage(1258)?,
        177 => codepage(1255)?,
        178 => codepage(1256)?,
        186 => codepage(1257)?,
        204 => codepage(1251)?,
        222 => codepage(874)?,
        238 => codepage(1250)?,
        _ => return None,
    })
}

/// Windows code page number → encoding.
fn codepage(n: i32) -> Option<&'static Encoding> {
    Some(match n {
        936 | 20936 | 54936 => GB18030,
        950 => BIG5,
        932 => SHIFT_JIS,
        949 => EUC_KR,
        65001 => UTF_8,
        10000 => encoding_rs::MACINTOSH,
        874 => encoding_rs::WINDOWS_874,
        1250..=1258 => Encoding::for_label(format!("windows-{n}").as_bytes())?,
        _ => return None,
    })
}

fn is_dbcs(enc: &'static Encoding) -> bool {
    enc == GB18030 || enc == BIG5 || enc == SHIFT_JIS || enc == EUC_KR
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

    /// The encoding of 8-bit text in the current font.
    fn encoding(&self) -> &'static Encoding {
        let font = self.st.font.or(self.deff);
        let font_enc = font.and_then(|f| {
            self.fonts
                .iter()
                .rev()
                .find(|(n, _)| *n == f)
                .map(|(_, e)| *e)
        });
        match font_enc {
            // ANSI_CHARSET with a CJK document code page: generators write the code page's
            // bytes under it.
            Some(e) if e == WINDOWS_1252 && is_dbcs(self.doc_cp) => self.doc_cp,
            Some(e) => e,
            None => self.doc_cp,
        }
    }

    /// Runs to the end of input; returns the number of groups left open.
    fn run(&mut self, ctx: &Ctx) -> Result<usize, ExtractError> {
        let src = self.src;
        let mut i = 0usize;
        let mut steps = 0u32;
        while let Some(&c) = src.get(i) {
            steps = steps.wrapping_add(1);
            if steps.is_multiple_of(65_536) {
                ctx.budget.check_time()?;
            }
            match c {
                b'{' => {
                    self.flush_bytes()?;
                    self.skip_ansi = 0;
                    if self.stack.len() >= MAX_GROUP_DEPTH {
                        return Err(ExtractError::Limit(format!(
                            "RTF groups nested more than {MAX_GROUP_DEPTH} levels deep"
                        )));
                    }
                    self.stack.push(self.st.clone());
                    self.star = false;
                    i += 1;
                }
                b'}' => {
                    self.flush_bytes()?;
                    self.skip_ansi = 0;
                    self.close_group()?;
                    i += 1;
                }
                b'\\' => i = self.control(i)?,
                b'\r' | b'\n' => i += 1,
                _ => {
                    if self.skip_ansi > 0 {
                        self.skip_ansi -= 1;
                    } else if matches!(self.st.dest, Dest::Body | Dest::Buf(_)) {
                        self.pending.push(c);
                        self.pending_pos.push(i);
                    }
                    i += 1;
                }
            }
        }
        self.flush_bytes()?;
        let open = self.stack.len();
        while !self.stack.is_empty() {
            self.close_group()?;
        }
        Ok(open)
    }

    fn close_group(&mut self) -> Result<(), ExtractError> {
        let Some(parent) = self.stack.pop() else {
            return Ok(());
        };
        let closing = std::mem::replace(&mut self.st, parent);
        if let Dest::Buf(i) = closing.dest {
            if self.st.dest != Dest::Buf(i) {
                self.finish_buf(i)?;
            }
        }
        if closing.dest == Dest::FontTable && self.st.dest != Dest::FontTable {
            self.font_table_current = None;
        }
        self.star = false;
        Ok(())
    }

    /// Parses the control word or symbol at `i` (a backslash); returns the next index.
    fn control(&mut self, i: usize) -> Result<usize, ExtractError> {
        let src = self.src;
        let Some(&next) = src.get(i + 1) else {
            return Ok(i + 1);
        };
        if next == b'\'' {
            let hex = src
                .get(i + 2..i + 4)
                .and_then(|h| std::str::from_utf8(h).ok());
            let byte = hex.and_then(|h| u8::from_str_radix(h, 16).ok());
            let Some(byte) = byte else {
                return Ok((i + 2).min(src.len()));
            };
            if self.skip_ansi > 0 {
                self.skip_ansi -= 1;
            } else if matches!(self.st.dest, Dest::Body | Dest::Buf(_)) {
                self.pending.push(byte);
                self.pending_pos.push(i);
            }
            return Ok(i + 4);
        }
        if !next.is_ascii_alphabetic() {
            // Control symbol.
            self.flush_bytes()?;
            if self.skip_ansi > 0 && next != b'*' {
                self.skip_ansi -= 1;
                return Ok(i + 2);
            }
            match next {
                b'*' => self.star = true,
                b'\\' | b'{' | b'}' => self.put(next as char, i),
                b'~' => self.put(' ', i),
                b'_' => self.put('-', i),
                b'\n' | b'\r' => self.par()?,
                b'\t' => self.put('\t', i),
                _ => {}
            }
            return Ok(i + 2);
        }
        // Control word: letters, optional signed number, optional space.
        let mut j = i + 1;
        while j < i + 1 + 32 && src.get(j).is_some_and(u8::is_ascii_alphabetic) {
            j += 1;
        }
        let word = std::str::from_utf8(src.get(i + 1..j).unwrap_or(&[])).unwrap_or("");
        let mut k = j;
        let neg = src.get(k) == Some(&b'-');
        if neg {
            k += 1;
        }
        let digits_from = k;
        let mut value: i64 = 0;
        while k < digits_from + 10 {
            match src.get(k) {
                Some(d) if d.is_ascii_digit() => {
                    value = value * 10 + i64::from(d - b'0');
                    k += 1;
                }
                _ => break,
            }
        }
        let param = if k > digits_from {
            let v = if neg { -value } else { value };
            Some(v.clamp(i64::from(i32::MIN), i64::from(i32::MAX)) as i32)
        } else {
            if neg {
                k -= 1;
            }
            None
        };
        if src.get(k) == Some(&b' ') {
            k += 1;
        }
        let star = std::mem::take(&mut self.star);
        if word == "bin" {
            self.flush_bytes()?;
            let n = param.unwrap_or(0).max(0) as usize;
            if self.skip_ansi > 0 {
                self.skip_ansi -= 1;
            }
            return Ok(k.saturating_add(n).min(src.len()));
        }
        if word != "u" || self.skip_ansi > 0 {
            self.flush_bytes()?;
        }
        if self.skip_ansi > 0 {
            self.skip_ansi -= 1;
            return Ok(k);
        }
        self.word(word, param, star, i)?;
        Ok(k)
    }

    fn new_buf(&mut self, part: Part, field: Option<String>) {
        if self.st.dest == Dest::Skip {
            return;
        }
        self.bufs.push(Buf {
            part,
            field,
            text: String::new(),
            start: None,
        });
        self.st.dest = Dest::Buf(self.bufs.len() - 1);
    }

    fn word(
        &mut self,
        word: &str,
        param: Option<i32>,
        star: bool,
        pos: usize,
    ) -> Result<(), ExtractError> {
        let on = param != Some(0);
        match word {
            // --- text ---
            "par" | "sect" | "page" => self.par()?,
            "line" => self.line_break()?,
            "cell" => self.cell()?,
            "row" => self.row()?,
            "nestcell" | "nestrow" => self.put(' ', pos),
            "tab" => self.put('\t', pos),
            "emdash" => self.put('—', pos),
            "endash" => self.put('–', pos),
            "emspace" | "enspace" | "qmspace" => self.put(' ', pos),
            "lquote" => self.put('‘', pos),
            "rquote" => self.put('’', pos),
            "ldblquote" => self.put('“', pos),
            "rdblquote" => self.put('”', pos),
            "bullet" => self.put('•', pos),
            "u" => {
                let v = param.unwrap_or(0);
                let unit = if v < 0 { v + 65_536 } else { v } as u32;
                self.unicode(unit as u16, pos);
                self.skip_ansi = self.st.uc;
            }
            "uc" => self.st.uc = param.unwrap_or(1).clamp(0, 16) as u32,
            // --- character and paragraph state ---
            "v" => self.st.hidden = on,
            "deleted" => self.st.deleted = on,
            "plain" => {
                self.st.hidden = false;
                self.st.deleted = false;
                self.st.font = None;
            }
            "pard" => self.st.intbl = false,
            "intbl" => self.st.intbl = true,
            "f" => {
                if self.st.dest == Dest::FontTable {
                    self.font_table_current = param;
                } else {
                    self.st.font = param;
                }
            }
            "fcharset" => {
                if let (Dest::FontTable, Some(f), Some(enc)) = (
                    self.st.dest,
                    self.font_table_current,
                    param.and_then(charset_encoding),
                ) {
                    self.fonts.push((f, enc));
                }
            }
            "cpg" => {
                if let (Dest::FontTable, Some(f), Some(enc)) = (
                    self.st.dest,
                    self.font_table_current,
                    param.and_then(codepage),
                ) {
                    self.fonts.push((f, enc));
                }
            }
            "ansicpg" => {
                if let Some(enc) = param.and_then(codepage) {
                    self.doc_cp = enc;
                }
            }
            "mac" => self.doc_cp = encoding_rs::MACINTOSH,
            "deff" => self.deff = param,
            // --- destinations ---
            "fonttbl" => {
                if self.st.dest != Dest::Skip {
                    self.st.dest = Dest::FontTable;
                }
            }
            "info" => {
                if self.st.dest != Dest::Skip {
                    self.st.dest = Dest::Drop;
                }
            }
            "upr" => {
                if self.st.dest != Dest::Skip {
                    self.st.upr_outer = Some(self.st.dest);
                    self.st.dest = Dest::Drop;
                }
            }
            "ud" => {
                if let Some(outer) = self.st.upr_outer {
                    self.st.dest = outer;
                }
            }
            "title" | "subject" | "author" | "manager" | "company" | "operator" | "category"
            | "keywords" | "comment" | "doccomm" | "hlinkbase" => {
                self.new_buf(Part::Metadata, Some(word.to_string()))
            }
            "header" | "headerl" | "headerr" | "headerf" => self.new_buf(Part::Header, None),
            "footer" | "footerl" | "footerr" | "footerf" => self.new_buf(Part::Footer, None),
            "footnote" => self.new_buf(Part::Footnote, None),
            "annotation" => {
                let author = self.last_author.clone();
                self.new_buf(Part::Comment, author)
            }
            "atnauthor" | "atnid" => self.new_buf(Part::Other, Some(word.to_string())),
            "fldinst" => self.new_buf(Part::FieldCode, None),
            "fldrslt" | "shpinst" | "shptxt" | "field" | "object" | "result" => {}
            "colortbl" | "stylesheet" | "listtable" | "listoverridetable" | "revtbl"
            | "rsidtbl" | "pict" | "objdata" | "themedata" | "colorschememapping" | "datastore"
            | "latentstyles" | "xmlnstbl" | "generator" | "filetbl" | "creatim" | "revtim"
            | "printim" | "buptim" | "pgdsctbl" | "mmathPr" | "fchars" | "lchars" | "sp"
            | "nonshppict" | "template" | "background" | "pn" | "xe" | "tc" | "bkmkstart"
            | "bkmkend" | "fonttblx" | "listpicture" | "oleclsid" | "userprops" | "docvar"
            | "passwordhash" | "private" | "panose" | "falt" => self.st.dest = Dest::Skip,
            _ => {
                if star {
                    // Unknown `{\*\dest …}`: ignorable by definition.
                    self.st.dest = Dest::Skip;
                }
            }
        }
        Ok(())
    }

    fn unicode(&mut self, unit: u16, pos: usize) {
        match unit {
            0xD800..=0xDBFF => self.high_surrogate = Some(unit),
            0xDC00..=0xDFFF => {
                if let Some(hi) = self.high_surrogate.take() {
                    let c = 0x10000 + ((u32::from(hi) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    self.put(char::from_u32(c).unwrap_or('\u{fffd}'), pos);
                }
            }
            _ => {
                self.high_surrogate = None;
                self.put(char::from_u32(u32::from(unit)).unwrap_or('\u{fffd}'), pos);
            }
        }
    }

    /// Decodes pending 8-bit text with the current encoding.
    fn flush_bytes(&mut self) -> Result<(), ExtractError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let bytes = std::mem::take(&mut self.pending);
        let positions = std::mem::take(&mut self.pending_pos);
        let enc = self.encoding();
        let (text, _) = enc.decode_without_bom_handling(&bytes);
        // Positions: chars before the first non-blank byte get their own; the rest the
        // position of the first non-blank byte (only a segment's first char is located).
        let lead = bytes
            .iter()
            .take_while(|b| matches!(b, b' ' | b'\t'))
            .count();
        let first_pos = positions
            .get(lead)
            .or(positions.last())
            .copied()
            .unwrap_or(0);
        for (n, c) in text.chars().enumerate() {
            let pos = if n < lead {
                positions.get(n).copied().unwrap_or(first_pos)
            } else {
                first_pos
            };
            self.put(c, pos);
        }
        self.pending = bytes;
        self.pending.clear();
        self.pending_pos = positions;
        self.pending_pos.clear();
        Ok(())
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

    fn cell(&mut self) -> Result<(), ExtractError> {
        if self.st.dest != Dest::Body {
            return Ok(());
        }
        let pieces = std::mem::take(&mut self.para);
        self.cells.push(pieces);
        Ok(())
    }

    fn row(&mut self) -> Result<(), ExtractError> {
        if self.st.dest != Dest::Body {
            return Ok(());
        }
        if self.para.iter().any(|p| p.start.is_some()) {
            self.cell()?;
        }
        self.para.clear();
        let cells = std::mem::take(&mut self.cells);
        self.table_row = self.table_row.saturating_add(1);
        let r = self.table_row;
        let mut out: Vec<(String, Loc)> = Vec::new();
        for (ci, pieces) in cells.into_iter().enumerate() {
            let col = u32::try_from(ci + 1).unwrap_or(u32::MAX);
            let base = Loc {
                row: Some(r),
                col: Some(col),
                cell: Some(a1(r, col)),
                ..Loc::part(Part::Body)
            };
            let mut text = String::new();
            let mut start = None;
            for p in pieces {
                let Some(s) = p.start else { continue };
                if p.kind == Kind::Visible {
                    if start.is_none() {
                        start = Some(s);
                    }
                    text.push_str(&p.text);
                } else {
                    let loc = match p.kind {
                        Kind::Deleted => Loc {
                            part: Part::TrackedChange,
                            hidden: true,
                            ..base.clone()
                        },
                        _ => base.clone().hidden_as(Part::HiddenText),
                    };
                    let loc = self.at(loc, s);
                    self.side.push((p.text.trim().to_string(), loc));
                }
            }
            let loc = match start {
                Some(s) => self.at(base, s),
                None => base,
            };
            out.push((text.trim().to_string(), loc));
        }
        self.b.row(out.iter().map(|(t, l)| (t.as_str(), l.clone())))
    }

    fn end_table(&mut self) -> Result<(), ExtractError> {
        if self.table_row == 0 && self.side.is_empty() {
            return Ok(());
        }
        self.table_row = 0;
        self.b.end_block();
        for (text, loc) in std::mem::take(&mut self.side) {
            self.b.push(&text, loc)?;
        }
        self.b.end_block();
        Ok(())
    }

    fn finish_buf(&mut self, i: usize) -> Result<(), ExtractError> {
        let Some(buf) = self.bufs.get_mut(i) else {
            return Ok(());
        };
        let text = std::mem::take(&mut buf.text);
        let (part, field, start) = (buf.part, buf.field.take(), buf.start.take());
        let text = text.trim();
        if part == Part::Other {
            // `\atnauthor` / `\atnid`: the author of the next annotation.
            if !text.is_empty()
                && (field.as_deref() == Some("atnauthor") || self.last_author.is_none())
            {
                self.last_author = Some(text.to_string());
            }
            return Ok(());
        }
        let Some(start) = start else { return Ok(()) };
        let mut loc = Loc::part(part);
        loc.field = field;
        let loc = self.at(loc, start);
        self.b.push(text, loc)?;
        if part == Part::Comment {
            self.last_author = None;
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::limits::{Budget, Limits};

    fn run(bytes: &[u8]) -> Result<Document, ExtractError> {
        let budget = Budget::new(Limits::default());
        let ctx = Ctx {
            budget: &budget,
            name: "t.rtf",
            encoding: None,
        };
        extract(bytes, &ctx)
    }

    fn seg<'d>(doc: &'d Document, needle: &str) -> Option<(&'d str, &'d Loc)> {
        doc.segments
            .iter()
            .map(|s| (doc.text.get(s.start..s.end).unwrap_or(""), &s.loc))
            .find(|(t, _)| t.contains(needle))
    }

    fn hex(s: &str) -> String {
        encoding_rs::GBK
            .encode(s)
            .0
            .iter()
            .map(|b| format!("\\'{b:02x}"))
            .collect()
    }

    #[test]
    fn codepages_unicode_and_paragraphs() -> Result<(), ExtractError> {
        let rtf = format!(
            "{{\\rtf1\\ansi\\ansicpg936\\deff0{{\\fonttbl{{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}{{\\f1\\fswiss\\fcharset0 Arial;}}}}\
             {{\\colortbl;\\red0\\green0\\blue0;}}\n\
             {{\\info{{\\title \\'cd\\'a8\\'d6\\'aa}}{{\\author {}}}{{\\*\\company \\u26576?\\u23616?}}{{\\creatim\\yr2024}}}}\n\
             \\pard {}\\par\n\
             \\pard\\uc2 \\u24352\\'d5\\'c5\\u19977\\'c8\\'fd 13800138000\\par\n\
             {{\\pict\\pngblip 89504e47}}{{\\*\\unknown secret}}\\pard\\f1 Caf\\'e9\\par}}",
            hex("王五"),
            hex("身份证号：110101199003074514"),
        );
        let doc = run(rtf.as_bytes())?;
        let (t, loc) = seg(&doc, "身份证号").ok_or(ExtractError::Corrupt("id".into()))?;
        assert_eq!(t, "身份证号：110101199003074514");
        assert_eq!(
            (loc.part, loc.paragraph, loc.line, loc.column),
            (Part::Body, Some(1), Some(3), Some(7))
        );
        let (t, loc) = seg(&doc, "张三").ok_or(ExtractError::Corrupt("u".into()))?;
        assert_eq!(t, "张三 13800138000");
        assert_eq!((loc.paragraph, loc.line), (Some(2), Some(4)));
        assert_eq!(
            seg(&doc, "通知").map(|(_, l)| (l.part, l.field.as_deref())),
            Some((Part::Metadata, Some("title")))
        );
        assert_eq!(
            seg(&doc, "王五").map(|(_, l)| l.field.as_deref()),
            Some(Some("author"))
        );
        assert_eq!(
            seg(&doc, "某局").map(|(_, l)| l.field.as_deref()),
            Some(Some("company"))
        );
        // The ANSI font in a CJK document still reads Latin-1 bytes of the code page… as GBK.
        assert!(
            !doc.text.contains("secret")
                && !doc.text.contains("89504e47")
                && !doc.text.contains("Arial")
        );
        Ok(())
    }

    #[test]
    fn tables_hidden_deleted_annotations() -> Result<(), ExtractError> {
        let rtf = "{\\rtf1\\ansi\n\\trowd\\cellx1000\\cellx2000\\pard\\intbl Name\\cell ID\\cell\\row\n\
            \\trowd\\pard\\intbl Zhang\\cell 11010519491231002X{\\v  430102198001010011}\\cell\\row\n\
            \\pard\\par\\pard visible {\\v hidden 13912345678} more\\par\n\
            {\\deleted old 13800138000}\\par\n\
            {\\*\\atnid ZS}{\\*\\atnauthor Zhang San}\\chatn{\\*\\annotation\\pard note 6222021234567890128}\\par\n\
            {\\field{\\*\\fldinst HYPERLINK \"http://x/?id=1\"}{\\fldrslt link}}\\par}";
        let doc = run(rtf.as_bytes())?;
        assert!(
            doc.text.contains("Name\tID\nZhang\t11010519491231002X\n"),
            "{:?}",
            doc.text
        );
        let (_, loc) = seg(&doc, "11010519491231002X").ok_or(ExtractError::Corrupt("c".into()))?;
        assert_eq!((loc.row, loc.col, loc.line), (Some(2), Some(2), Some(3)));
        let (_, loc) = seg(&doc, "430102198001010011").ok_or(ExtractError::Corrupt("h".into()))?;
        assert_eq!(
            (loc.part, loc.hidden, loc.row),
            (Part::HiddenText, true, Some(2))
        );
        let (t, loc) = seg(&doc, "13912345678").ok_or(ExtractError::Corrupt("v".into()))?;
        assert_eq!(
            (t, loc.part, loc.hidden),
            ("hidden 13912345678", Part::HiddenText, true)
        );
        assert_eq!(seg(&doc, "visible").map(|(_, l)| l.hidden), Some(false));
        let (_, loc) = seg(&doc, "old").ok_or(ExtractError::Corrupt("d".into()))?;
        assert_eq!((loc.part, loc.hidden), (Part::TrackedChange, true));
        let (_, loc) = seg(&doc, "note").ok_or(ExtractError::Corrupt("a".into()))?;
        assert_eq!(
            (loc.part, loc.field.as_deref()),
            (Part::Comment, Some("Zhang San"))
        );
        assert_eq!(
            seg(&doc, "HYPERLINK").map(|(_, l)| l.part),
            Some(Part::FieldCode)
        );
        assert_eq!(seg(&doc, "link").map(|(_, l)| l.part), Some(Part::Body));
        assert!(!doc.text.contains("ZS"));
        Ok(())
    }

    #[test]
    fn hostile_rtf() {
        let deep = format!("{{\\rtf1 {}x", "{".repeat(10_000));
        assert!(matches!(run(deep.as_bytes()), Err(ExtractError::Limit(_))));
        assert!(matches!(
            run(b"{\\rtf1 {\\b"),
            Err(ExtractError::Corrupt(_))
        ));
        assert!(matches!(run(b"not rtf"), Err(ExtractError::Corrupt(_))));
        let truncated = run(b"{\\rtf1 hello 13800138000 {\\b x");
        assert!(truncated.is_ok_and(|d| d.text.contains("13800138000") && d.members.len() == 1));
        for cut in [&b"{\\rtf1 \\'"[..], b"{\\rtf1 \\"] {
            assert!(matches!(run(cut), Err(ExtractError::Corrupt(_))), "{cut:?}");
        }
        for junk in [
            &b"{\\rtf1 \\'zz\\u-\\u99999999999\\bin999999999}"[..],
            b"{\\rtf1}}}}}",
            b"{\\rtf1 \\ud\\upr{\\*\\ud x}\\cell\\row\\row}",
        ] {
            assert!(run(junk).is_ok(), "{junk:?}");
        }
    }
}
