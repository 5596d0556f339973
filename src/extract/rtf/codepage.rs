//! Code pages: 8-bit text (`\'hh` and literal bytes) is decoded with the charset of the
//! current font (`\fcharset134` → GBK) or the document code page (`\ansicpg936`,
//! default windows-1252), a whole run of pending bytes at a time so that double-byte
//! characters split over two `\'hh` escapes decode as one.

use encoding_rs::{Encoding, BIG5, EUC_KR, GB18030, SHIFT_JIS, UTF_8, WINDOWS_1252};

use super::Parser;
use crate::extract::limits::ExtractError;

/// Charset number of `\fcharsetN` → encoding (None: use the document code page).
pub(super) fn charset_encoding(n: i32) -> Option<&'static Encoding> {
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
pub(super) fn codepage(n: i32) -> Option<&'static Encoding> {
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

impl Parser<'_, '_> {
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

    /// Decodes pending 8-bit text with the current encoding.
    pub(super) fn flush_bytes(&mut self) -> Result<(), ExtractError> {
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
}
