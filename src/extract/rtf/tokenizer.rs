//! The tokenizer: the main loop over groups (`{` / `}`, nesting bounded), control
//! symbols and control words (`\'hh` bytes, `\uN` with its `\ucN` fallback, `\binN`
//! data), and what each control word does to the parser state or the destination.

use super::codepage::{charset_encoding, codepage};
use super::{Dest, Parser, MAX_GROUP_DEPTH};
use crate::extract::document::Part;
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

impl Parser<'_, '_> {
    /// Runs to the end of input; returns the number of groups left open.
    pub(super) fn run(&mut self, ctx: &Ctx) -> Result<usize, ExtractError> {
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
}
