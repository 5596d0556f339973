//! Identity documents other than the ID card, and the organisation code.
//!
//! | document | form |
//! |---|---|
//! | 护照 (passport) | `E`+8 digits; `E`+letter (not I/O)+7; `G`+8; `P`/`PE`/`D`/`DE`/`SE`+7; `S`+7–8; `K`+8 (HKSAR); `MA`+7 (MSAR) |
//! | 往来港澳通行证 | `C`+8 digits; `C`+letter+7; old `W`+8 |
//! | 回乡证 | `H`/`M`+8 or +10 digits |
//! | 大陆居民往来台湾通行证 | `L`+8 digits |
//! | 台胞证 | 8 or 10 digits, only after `台胞证` |
//! | 统一社会信用代码 | 18 symbols, GB 32100 check (organisation: graded `low`) |
//!
//! Passport and permit shapes collide with product codes and 文号, so they are reported
//! only after a cue naming the document (`护照`, `通行证`, `证件号码` …). The USCC's check
//! character makes it safe without context.

use super::context::Cues;
use super::identifiers::{Hit, LazyCues, Probe};
use super::{rules, score, Mask};
use crate::finding::Kind;
use crate::validate::gb32100;

fn is_serial_letter(b: u8) -> bool {
    b.is_ascii_uppercase() && b != b'I' && b != b'O'
}

fn digits(d: &[u8], n: usize) -> bool {
    d.len() == n && d.iter().all(u8::is_ascii_digit)
}

fn is_passport(c: &[u8]) -> bool {
    match c {
        [b'E', rest @ ..] => {
            digits(rest, 8)
                || rest
                    .split_first()
                    .is_some_and(|(l, d)| is_serial_letter(*l) && digits(d, 7))
        }
        [b'G' | b'K', rest @ ..] => digits(rest, 8),
        [b'P' | b'D', b'E', rest @ ..] | [b'S', b'E', rest @ ..] | [b'M', b'A', rest @ ..] => {
            digits(rest, 7)
        }
        [b'P' | b'D', rest @ ..] => digits(rest, 7),
        [b'S', rest @ ..] => digits(rest, 7) || digits(rest, 8),
        _ => false,
    }
}

fn is_permit(c: &[u8]) -> bool {
    match c {
        [b'C', rest @ ..] => {
            digits(rest, 8)
                || rest
                    .split_first()
                    .is_some_and(|(l, d)| is_serial_letter(*l) && digits(d, 7))
        }
        [b'W' | b'L', rest @ ..] => digits(rest, 8),
        [b'H' | b'M', rest @ ..] => digits(rest, 8) || digits(rest, 10),
        _ => false,
    }
}

/// Letter-led tokens: passports and permits (need a cue); USCCs starting `Y`/`A`/`N`.
pub(super) fn classify_alnum(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    if let Some(hit) = uscc(p) {
        return Some(hit);
    }
    if p.groups() != 1 {
        return None;
    }
    let mask = Mask::KeepEnds { head: 2, tail: 2 };
    let found = cues.get();
    let passport = is_passport(p.chars);
    let permit = is_permit(p.chars);
    // A specific cue picks the document; a generic `证件号码` goes by the letter.
    let kind = if passport && found.has(Cues::PASSPORT) {
        Kind::Passport
    } else if permit && found.has(Cues::PERMIT.union_with(Cues::TAIWAN_PERMIT)) {
        Kind::TravelPermit
    } else if passport {
        Kind::Passport
    } else if permit {
        Kind::TravelPermit
    } else {
        return None;
    };
    let (rule, own) = match kind {
        Kind::Passport => (rules::PASSPORT, Cues::PASSPORT.union_with(Cues::DOCUMENT)),
        _ => (
            rules::TRAVEL_PERMIT,
            Cues::PERMIT
                .union_with(Cues::TAIWAN_PERMIT)
                .union_with(Cues::DOCUMENT),
        ),
    };
    Some(Hit::new(kind, rule, score::DOCUMENT_SHAPE, own, mask).with_evidence("document_shape"))
}

/// Digit-led tokens that are not ID, card or phone: USCC, 台胞证 after its cue.
pub(super) fn classify_numeric(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    if let Some(hit) = uscc(p) {
        return Some(hit);
    }
    if p.groups() == 1
        && p.is_digits()
        && matches!(p.chars.len(), 8 | 10)
        && cues.get().has(Cues::TAIWAN_PERMIT)
    {
        return Some(
            Hit::new(
                Kind::TravelPermit,
                rules::TRAVEL_PERMIT,
                score::DOCUMENT_SHAPE,
                Cues::TAIWAN_PERMIT,
                Mask::KeepEnds { head: 2, tail: 2 },
            )
            .with_evidence("taiwan_compatriot_permit"),
        );
    }
    None
}

fn uscc(p: &Probe) -> Option<Hit> {
    if p.groups() != 1 || p.chars.len() != 18 || p.chars.iter().any(u8::is_ascii_lowercase) {
        return None;
    }
    if !gb32100::is_valid(p.chars) {
        return None;
    }
    let mut hit = Hit::new(
        Kind::Uscc,
        rules::USCC,
        score::USCC,
        Cues::EMPTY,
        Mask::KeepEnds { head: 6, tail: 4 },
    )
    .with_evidence("checksum:GB32100");
    hit.cue_free = true;
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shapes() {
        for ok in [
            "E12345678",
            "EA1234567",
            "G12345678",
            "P1234567",
            "PE1234567",
            "S1234567",
            "S12345678",
            "SE1234567",
            "D1234567",
            "DE1234567",
            "K12345678",
            "MA1234567",
        ] {
            assert!(is_passport(ok.as_bytes()), "{ok}");
        }
        for bad in [
            "E1234567",
            "EI1234567",
            "EO1234567",
            "X12345678",
            "P12345678",
            "E123456789",
        ] {
            assert!(!is_passport(bad.as_bytes()), "{bad}");
        }
        for ok in [
            "C12345678",
            "CA1234567",
            "W12345678",
            "H12345678",
            "H1234567800",
            "M12345678",
            "L12345678",
        ] {
            assert!(is_permit(ok.as_bytes()), "{ok}");
        }
        for bad in ["C1234567", "CI1234567", "H123456789", "L1234567"] {
            assert!(!is_permit(bad.as_bytes()), "{bad}");
        }
    }
}
