//! Masked values: `430102********1234`, `4301**********12`, `138****8000`,
//! `6222 **** **** 1234`, `430102XXXXXXXX1234`. Publishing them is compliant, so they are
//! reported at `info` at most — except an ID whose eight birth-date digits are all visible
//! (`43010219900101****`): county + birth date + name nearly identify a person, so that is
//! a weak mask (`pii.id_card.weak_mask`, graded by the rule pack).
//!
//! Mask characters (`*`, `＊`, `×`, `#`, `○`, `〇`, `●`) arrive from the tokenizer as `*`;
//! runs of two or more `X`/`x` inside digits are masks too (a real ID has one `X`, last).

use super::context::Cues;
use super::identifiers::{Hit, LazyCues, Probe};
use super::{rules, score, Mask};
use crate::finding::Kind;
use crate::validate::region::has_valid_province_prefix;

/// Digits with at least two `X`/`x` and no other letter.
pub fn has_letter_mask(chars: &[u8]) -> bool {
    let xs = chars.iter().filter(|&&b| b == b'X' || b == b'x').count();
    xs >= 2
        && chars.first().is_some_and(u8::is_ascii_digit)
        && chars
            .iter()
            .all(|&b| b.is_ascii_digit() || b == b'X' || b == b'x' || b == b'*')
}

pub(super) fn classify(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    let mut chars: Vec<u8> = p.chars.to_vec();
    if has_letter_mask(&chars) {
        // Keep a single trailing X (check character); every other X is a mask.
        let last = chars.len().saturating_sub(1);
        let trailing_check = chars.get(last).is_some_and(|&b| b == b'X' || b == b'x')
            && chars
                .get(last.wrapping_sub(1))
                .is_some_and(u8::is_ascii_digit);
        for (k, b) in chars.iter_mut().enumerate() {
            if (*b == b'X' || *b == b'x') && !(trailing_check && k == last) {
                *b = b'*';
            }
        }
    }
    let is_visible = |b: &u8| b.is_ascii_digit() || *b == b'X' || *b == b'x';
    if !chars.iter().all(|b| is_visible(b) || *b == b'*') {
        return None;
    }
    let visible = chars.iter().filter(|b| is_visible(b)).count();
    let hidden = chars.len() - visible;
    if visible < 2 || hidden < 2 {
        return None;
    }
    let len = chars.len();
    let head: Vec<u8> = chars
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    let province_ok = head.len() < 2 || has_valid_province_prefix(&head);
    let found = cues.get();
    let id_cue = found.has(Cues::ID.union_with(Cues::DOCUMENT));
    let bank_cue = found.has(Cues::BANK) && !id_cue;
    let mask = Mask::KeepEnds { head: len, tail: 0 };

    if len == 11 && chars.first() == Some(&b'1') && matches!(chars.get(1), Some(b'3'..=b'9')) {
        return Some(
            Hit::new(
                Kind::MobilePhone,
                rules::MOBILE_MASKED,
                score::MASKED,
                Cues::EMPTY,
                mask,
            )
            .with_evidence("masked")
            .masked(),
        );
    }
    // A province prefix reads as an ID (`4301**********12`) unless a bank cue says card.
    let id_like = province_ok && !head.starts_with(b"62") && !bank_cue;
    if id_like && ((14..=18).contains(&len) || ((10..=19).contains(&len) && id_cue)) {
        let birth = if len == 15 { 6..12 } else { 6..14 };
        let birth_visible = len >= 15
            && chars
                .get(birth)
                .is_some_and(|d| d.iter().all(u8::is_ascii_digit));
        if birth_visible {
            let mut hit = Hit::new(
                Kind::IdCard,
                rules::ID_CARD_WEAK_MASK,
                score::MASKED,
                Cues::EMPTY,
                Mask::KeepEnds { head: 6, tail: 0 },
            )
            .with_evidence("masked")
            .with_evidence("birth_date_visible");
            hit.cue_free = true;
            return Some(hit);
        }
        return Some(
            Hit::new(
                Kind::IdCard,
                rules::ID_CARD_MASKED,
                score::MASKED,
                Cues::EMPTY,
                mask,
            )
            .with_evidence("masked")
            .masked(),
        );
    }
    if (16..=19).contains(&len) {
        return Some(
            Hit::new(
                Kind::BankCard,
                rules::BANK_CARD_MASKED,
                score::MASKED,
                Cues::EMPTY,
                mask,
            )
            .with_evidence("masked")
            .masked(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letter_masks() {
        assert!(has_letter_mask(b"430102XXXXXXXX1234"));
        assert!(has_letter_mask(b"4301021990xxxx123X"));
        assert!(!has_letter_mask(b"43010219900101123X"));
        assert!(!has_letter_mask(b"EAXX1234"));
    }
}
