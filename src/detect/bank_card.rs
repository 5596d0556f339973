//! 银行卡号: 16–19 digits, ISO/IEC 7812 issuer prefix, Luhn.
//!
//! Accepted: a known issuer prefix (UnionPay 62, Visa 4, Mastercard 51–55/22–27, JCB 35,
//! and the legacy domestic BINs listed in pii-facts §4) with a valid Luhn digit; a Luhn-valid
//! number of any prefix after a bank cue (`卡号`, `账号`, `开户行` …); a UnionPay `62` number
//! without a Luhn digit after a bank cue (some UnionPay cards carry none). Written whole or
//! in groups of four (`6222 0212 3456 7890 123`) or 6 + rest.

use super::context::Cues;
use super::identifiers::{Hit, LazyCues, Probe};
use super::{rules, score, Mask};
use crate::finding::Kind;
use crate::validate::luhn;

fn has_issuer_prefix(d: &[u8]) -> bool {
    matches!(
        d,
        [b'6', b'2', ..]
            | [b'4', ..]
            | [b'5', b'1'..=b'5', ..]
            | [b'2', b'2'..=b'7', ..]
            | [b'3', b'5', ..]
            | [b'6', b'0', b'1', b'3', b'8', b'2', ..]
            | [b'9', b'5', b'5', b'8', ..]
            | [b'9', b'5', b'5', b'9', ..]
    )
}

fn shape_ok(lens: &[usize]) -> bool {
    match lens {
        [_] => true,
        [6, _] => true,
        [init @ .., _last] => init.iter().all(|&l| l == 4),
        [] => false,
    }
}

pub(super) fn classify(p: &Probe, _cues: &mut LazyCues) -> Option<Hit> {
    let wrapped = p.seps.contains(&super::tokens::Sep::LineBreak);
    if !(16..=19).contains(&p.chars.len()) || !p.is_digits() || !(wrapped || shape_ok(p.lens)) {
        return None;
    }
    let luhn_ok = luhn::is_valid(p.chars);
    let prefix_ok = has_issuer_prefix(p.chars);
    let (base, why) = match (prefix_ok, luhn_ok) {
        (true, true) => (score::BANK_PREFIX_LUHN, "issuer_prefix+luhn"),
        (false, true) => (score::BANK_LUHN_ONLY, "luhn"),
        (true, false) if p.chars.starts_with(b"62") => {
            (score::BANK_UNIONPAY_NO_LUHN, "unionpay_prefix")
        }
        _ => return None,
    };
    Some(
        Hit::new(
            Kind::BankCard,
            rules::BANK_CARD,
            base,
            Cues::BANK,
            Mask::KeepEnds { head: 4, tail: 4 },
        )
        .with_evidence(why),
    )
}
