//! 居民身份证号 (GB 11643-1999): 18 characters with region, birth date and MOD 11-2 check;
//! 15-digit first-generation numbers with region and date; 港澳台居民居住证 (81/82/83) and
//! the 2023 外国人永久居留身份证 (leading 9) share the 18-character form.
//!
//! Look-alikes rejected: wrong check character, impossible or future dates, unknown
//! province, and any 18-digit run that is part of a longer number (groups are atomic, see
//! `tokens`). Grouped forms (`430102 1990 0101 1234`, a line break inside a table cell)
//! arrive here joined. Also: 全国学籍号 `G` + ID (a minor's ID) and 残疾人证号 (ID + 残疾类别 +
//! 残疾等级, after a cue).

use super::context::Cues;
use super::identifiers::{Hit, LazyCues, Probe};
use super::{rules, score, Mask};
use crate::finding::Kind;
use crate::validate::gb11643::{self, IdType, Reject};

pub(super) fn classify(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    let mask = Mask::KeepEnds { head: 6, tail: 4 };
    match p.chars.len() {
        18 => {
            let id_type = match gb11643::validate18(p.chars) {
                Ok(id_type) => id_type,
                Err(Reject::Check) => return excel_number(p, cues),
                Err(_) => return None,
            };
            let what = match id_type {
                IdType::Citizen => "居民身份证",
                IdType::ResidencePermit => "港澳台居民居住证",
                IdType::ForeignPermanent => "外国人永久居留身份证",
            };
            let mut hit = Hit::new(
                Kind::IdCard,
                rules::ID_CARD,
                score::ID_FULL,
                Cues::ID.union_with(Cues::DOCUMENT),
                mask,
            );
            hit.proven = true;
            Some(
                hit.with_evidence("checksum:GB11643")
                    .with_evidence("birth_date")
                    .with_evidence(what),
            )
        }
        // 残疾人证号: the holder's ID + 残疾类别 (1–7) + 残疾等级 (1–4), after a cue.
        20 => {
            let (id, tail) = p.chars.split_at(18);
            gb11643::validate18(id).ok()?;
            if !matches!(tail, [b'1'..=b'7', b'1'..=b'4'])
                || !cues.get().has(Cues::ID.union_with(Cues::DOCUMENT))
            {
                return None;
            }
            let mut hit = Hit::new(Kind::IdCard, rules::ID_CARD, score::ID_FULL, Cues::ID, mask);
            hit.proven = true;
            Some(
                hit.with_evidence("checksum:GB11643")
                    .with_evidence("残疾人证号"),
            )
        }
        15 if p.groups() <= 4 => {
            gb11643::validate15(p.chars).ok()?;
            Some(
                Hit::new(
                    Kind::IdCard,
                    rules::ID_CARD,
                    score::ID_LEGACY,
                    Cues::ID.union_with(Cues::DOCUMENT),
                    Mask::KeepEnds { head: 6, tail: 3 },
                )
                .with_evidence("legacy_15_digit")
                .with_evidence("birth_date"),
            )
        }
        _ => None,
    }
}

/// An ID typed into Excel as a number keeps 15 significant digits: `430102199001011234`
/// is stored as `430102199001011000` and the check character is lost. Region and birth
/// date are valid, the tail is `000`, and the column header or label says 身份证: the
/// person's identity is still exposed (and the reviewer should know the list is damaged).
fn excel_number(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    if !p.chars.ends_with(b"000") || p.groups() != 1 || !cues.get().has(Cues::ID) {
        return None;
    }
    Some(
        Hit::new(
            Kind::IdCard,
            rules::ID_CARD_EXCEL_NUMBER,
            score::ID_LEGACY,
            Cues::ID,
            Mask::KeepEnds { head: 6, tail: 4 },
        )
        .with_evidence("region")
        .with_evidence("birth_date")
        .with_evidence("stored_as_number:check_character_lost"),
    )
}

/// 全国学籍号: `G` + the pupil's 18-character ID number — a minor's identity number.
pub(super) fn student_number(p: &Probe) -> Option<Hit> {
    let (&g, id) = p.chars.split_first()?;
    if !(g == b'G' || g == b'g') || p.groups() != 1 || id.len() != 18 {
        return None;
    }
    gb11643::validate18(id).ok()?;
    let mask = Mask::KeepEnds { head: 7, tail: 4 };
    let mut hit = Hit::new(Kind::IdCard, rules::ID_CARD, score::ID_FULL, Cues::ID, mask);
    hit.proven = true;
    Some(
        hit.with_evidence("checksum:GB11643")
            .with_evidence("学籍号"),
    )
}
