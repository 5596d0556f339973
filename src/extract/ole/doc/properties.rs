//! Character and paragraph properties: the sprms of CHPX and PAPX FKPs (and of piece
//! Prms) that mark deleted revisions and hidden (vanished) text, which stay in the file as
//! ordinary characters, and the table flags that tell a row end from a cell end.

use crate::extract::limits::ExtractError;
use crate::extract::ole::{slice, u16_at, u32_at, u8_at};
use crate::extract::Ctx;

/// Character flags.
pub(super) const DELETED: u8 = 1;
pub(super) const VANISH: u8 = 2;
/// Paragraph flags.
pub(super) const IN_TABLE: u8 = 1;
pub(super) const ROW_END: u8 = 2;

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

pub(super) fn chp_flags(grpprl: &[u8]) -> u8 {
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
pub(super) struct Runs {
    runs: Vec<(u32, u32, u8)>,
    /// Whether the table was present (for paragraphs: whether table ends can be told).
    pub(super) known: bool,
}

impl Runs {
    /// `papx` selects the paragraph FKP layout (13-byte BX entries, PapxInFkp).
    pub(super) fn parse(
        word: &[u8],
        plcf: &[u8],
        papx: bool,
        ctx: &Ctx,
    ) -> Result<Runs, ExtractError> {
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

    pub(super) fn at(&self, fc: u32) -> u8 {
        let i = self.runs.partition_point(|r| r.0 <= fc);
        match i.checked_sub(1).and_then(|i| self.runs.get(i)) {
            Some(&(_, end, flags)) if fc < end => flags,
            _ => 0,
        }
    }
}
