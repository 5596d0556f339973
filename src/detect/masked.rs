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

/// Turns letter masks into `*`, keeping a single trailing check `X`.
fn unify_masks(chars: &[u8]) -> Vec<u8> {
    let mut out = chars.to_vec();
    if has_letter_mask(chars) {
        let last = out.len().saturating_sub(1);
        let trailing_check = out.get(last).is_some_and(|&b| b == b'X' || b == b'x')
            && out
                .get(last.wrapping_sub(1))
                .is_some_and(u8::is_ascii_digit);
        for (k, b) in out.iter_mut().enumerate() {
            if (*b == b'X' || *b == b'x') && !(trailing_check && k == last) {
                *b = b'*';
            }
        }
    }
    out
}

/// What a masked value still shows.
struct Shown {
    len: usize,
    visible: usize,
    hidden: usize,
    /// Visible characters before the first mask and after the last one.
    head: usize,
    tail: usize,
}

impl Shown {
    fn of(chars: &[u8]) -> Shown {
        let is_mask = |b: &&u8| **b == b'*';
        let hidden = chars.iter().filter(is_mask).count();
        Shown {
            len: chars.len(),
            visible: chars.len() - hidden,
            hidden,
            head: chars.iter().take_while(|b| !is_mask(b)).count(),
            tail: chars.iter().rev().take_while(|b| !is_mask(b)).count(),
        }
    }
}

/// A masked or weakly masked value: `adequate` picks the info rule, otherwise the weak one.
fn hit(
    kind: Kind,
    adequate: bool,
    rules: (&'static str, &'static str),
    weak_mask: Mask,
    why: &'static str,
) -> Hit {
    if adequate {
        // Shown as written: the value is already masked.
        return Hit::new(kind, rules.0, score::MASKED, Cues::EMPTY, Mask::Verbatim)
            .with_evidence("masked")
            .masked();
    }
    let mut hit = Hit::new(kind, rules.1, score::MASKED, Cues::EMPTY, weak_mask)
        .with_evidence("masked")
        .with_evidence(why);
    hit.cue_free = true;
    hit
}

/// Grades a value containing mask characters. Adequate masks (pii-facts §1.6, §4): an ID
/// hides all eight birth-date digits or at least 12 characters; a mobile hides at least 4
/// digits; a card shows at most the first 6 and last 4 digits.
pub(super) fn classify(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    let chars = unify_masks(p.chars);
    let is_visible = |b: &u8| b.is_ascii_digit() || *b == b'X' || *b == b'x';
    if !chars.iter().all(|b| is_visible(b) || *b == b'*') {
        return None;
    }
    let shown = Shown::of(&chars);
    if shown.visible < 2 || shown.hidden < 2 {
        return None;
    }
    let len = shown.len;
    let lead: Vec<u8> = chars
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .copied()
        .collect();
    let province_ok = lead.len() < 2 || has_valid_province_prefix(&lead);
    let found = cues.get();
    let id_cue = found.has(Cues::ID.union_with(Cues::DOCUMENT));
    let bank_cue = found.has(Cues::BANK) && !id_cue;

    if len == 11 && chars.first() == Some(&b'1') && matches!(chars.get(1), Some(b'3'..=b'9')) {
        let rules = (rules::MOBILE_MASKED, rules::MOBILE_WEAK_MASK);
        let weak = Mask::KeepEnds { head: 3, tail: 4 };
        return Some(hit(
            Kind::MobilePhone,
            shown.hidden >= 4,
            rules,
            weak,
            "too_few_digits_masked",
        ));
    }
    // A province prefix reads as an ID (`4301**********12`) unless a bank cue says card; an
    // ID label wins over the UnionPay `62` prefix (甘肃 IDs start with 62).
    let id_like = province_ok && (id_cue || (!lead.starts_with(b"62") && !bank_cue));
    if id_like && ((14..=18).contains(&len) || ((10..=19).contains(&len) && id_cue)) {
        let birth = match len {
            18 => Some(6..14),
            15 => Some(6..12),
            _ => None,
        };
        let birth_hidden = birth
            .clone()
            .and_then(|r| chars.get(r))
            .is_some_and(|d| d.iter().all(|&b| b == b'*'));
        let adequate = match birth {
            Some(_) => birth_hidden || shown.hidden >= 12,
            None => shown.visible <= 10,
        };
        let rules = (rules::ID_CARD_MASKED, rules::ID_CARD_WEAK_MASK);
        let weak = Mask::KeepEnds { head: 6, tail: 4 };
        return Some(hit(
            Kind::IdCard,
            adequate,
            rules,
            weak,
            "birth_date_visible",
        ));
    }
    if (16..=19).contains(&len) {
        let adequate = shown.head <= 6 && shown.tail <= 4 && shown.visible <= 10;
        let rules = (rules::BANK_CARD_MASKED, rules::BANK_CARD_WEAK_MASK);
        let weak = Mask::KeepEnds { head: 4, tail: 4 };
        return Some(hit(
            Kind::BankCard,
            adequate,
            rules,
            weak,
            "too_many_digits_visible",
        ));
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
