//! The FIB (flags, story lengths, where each table-stream structure lives) and the
//! piece table that maps character positions to bytes of `WordDocument`; [`Text`] reads
//! characters through it with their character and paragraph flags.

use super::properties::{chp_flags, Runs};
use crate::extract::limits::ExtractError;
use crate::extract::ole::{cp1252, slice, u16_at, u32_at, u8_at};
use crate::extract::Ctx;

/// FibRgFcLcb97 indexes of the structures read here.
pub(super) const FC_PLCFANDREF: usize = 4;
pub(super) const FC_PLCFANDTXT: usize = 5;
pub(super) const FC_PLCFHDD: usize = 11;
pub(super) const FC_PLCFBTECHPX: usize = 12;
pub(super) const FC_PLCFBTEPAPX: usize = 13;
pub(super) const FC_CLX: usize = 33;
pub(super) const FC_GRPXSTATNOWNERS: usize = 36;
pub(super) const FC_STTBFRMARK: usize = 51;
pub(super) const FC_STTBSAVEDBY: usize = 71;

/// The parts of the FIB this reader uses.
#[derive(Debug)]
pub(super) struct Fib {
    pub(super) encrypted: bool,
    pub(super) obfuscated: bool,
    pub(super) table_1: bool,
    /// ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx.
    pub(super) ccp: [u32; 8],
    /// (fc, lcb) pairs of FibRgFcLcb.
    fclcb: Vec<(u32, u32)>,
}

impl Fib {
    pub(super) fn parse(word: &[u8]) -> Result<Fib, ExtractError> {
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
    pub(super) fn table_slice<'t>(&self, table: &'t [u8], index: usize) -> &'t [u8] {
        match self.fclcb.get(index) {
            Some(&(fc, lcb)) if lcb > 0 => slice(table, fc as usize, lcb as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// One piece of the piece table.
#[derive(Debug, Clone)]
pub(super) struct Piece {
    cp_start: u32,
    cp_end: u32,
    /// Byte offset of the piece's first character in `WordDocument`.
    fc: u32,
    compressed: bool,
    /// Character flags applied to the whole piece by its Prm.
    flags: u8,
}

/// Reads the CLX: property modifiers (Prc) then the PlcPcd.
pub(super) fn parse_clx(clx: &[u8]) -> Result<Vec<Piece>, ExtractError> {
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

/// Everything needed to read characters.
pub(super) struct Text<'a> {
    pub(super) word: &'a [u8],
    pub(super) pieces: Vec<Piece>,
    pub(super) chp: Runs,
    pub(super) pap: Runs,
}

impl Text<'_> {
    /// Calls `f(char, char flags, paragraph flags)` for each character of CPs
    /// `[from, to)`. Stops at the end of the bytes present (a piece may lie about its
    /// length).
    pub(super) fn for_each(
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
