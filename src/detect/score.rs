//! Confidence scoring, in one place so the numbers can be read and argued with.
//!
//! A candidate starts from a base score set by what its validators proved, then cue words
//! in the window before it move the score:
//!
//! | evidence | score |
//! |---|---|
//! | ID: region + birth date + GB 11643 check | 0.95 |
//! | ID, 15-digit legacy: region + date (no check digit) | 0.55 |
//! | mobile in an allocated segment | 0.75; unallocated `1[3-9]` segment 0.35 |
//! | landline with a valid area code | 0.6; local number without area code 0.2 |
//! | bank card: known issuer prefix + Luhn | 0.85; Luhn only 0.45; UnionPay 62 without Luhn 0.3 |
//! | passport / permit shape | 0.3 |
//! | licence plate shape after a province abbreviation | 0.7 |
//! | USCC with GB 32100 check | 0.9 |
//! | e-mail with a dotted domain | 0.8 |
//!
//! A cue of the candidate's own kind (`身份证号`, `手机`, `卡号`, `护照` …) adds
//! [`CUE_BOOST`]; a look-alike cue (`订单号`, `发票`, `编号`, `文号` …) subtracts
//! [`LOOKALIKE_PENALTY`]. A candidate is reported when its score reaches [`REPORT_AT`].
//! So a bare 11-digit run in an unallocated segment, a Luhn-only 19-digit run, a 15-digit
//! legacy ID after `发票号码` or a passport-shaped code stay silent unless a cue says what
//! they are — which is how cue words turn an ambiguous number into a finding.

pub const CUE_BOOST: f32 = 0.35;
pub const LOOKALIKE_PENALTY: f32 = 0.5;
pub const REPORT_AT: f32 = 0.5;

pub const ID_FULL: f32 = 0.95;
pub const ID_LEGACY: f32 = 0.55;
pub const MOBILE_ALLOCATED: f32 = 0.75;
pub const MOBILE_UNALLOCATED: f32 = 0.35;
pub const LANDLINE_AREA: f32 = 0.6;
pub const LANDLINE_LOCAL: f32 = 0.2;
pub const BANK_PREFIX_LUHN: f32 = 0.85;
pub const BANK_LUHN_ONLY: f32 = 0.45;
pub const BANK_UNIONPAY_NO_LUHN: f32 = 0.3;
pub const DOCUMENT_SHAPE: f32 = 0.3;
pub const PLATE: f32 = 0.7;
pub const USCC: f32 = 0.9;
pub const EMAIL: f32 = 0.8;
/// Masked values are recognised with this confidence; their severity is capped at `info`.
pub const MASKED: f32 = 0.9;

/// Applies cue evidence to a base score, clamped to 0..=1.
pub fn adjust(base: f32, own_cue: bool, lookalike_cue: bool) -> f32 {
    let mut s = base;
    if own_cue {
        s += CUE_BOOST;
    }
    if lookalike_cue {
        s -= LOOKALIKE_PENALTY;
    }
    s.clamp(0.0, 1.0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cues_decide_ambiguous_values() {
        assert!(adjust(ID_FULL, false, false) >= REPORT_AT);
        assert!(adjust(ID_LEGACY, false, true) < REPORT_AT);
        assert!(adjust(BANK_LUHN_ONLY, false, false) < REPORT_AT);
        assert!(adjust(BANK_LUHN_ONLY, true, false) >= REPORT_AT);
        assert!(adjust(BANK_UNIONPAY_NO_LUHN, true, false) >= REPORT_AT);
        assert!(adjust(DOCUMENT_SHAPE, false, false) < REPORT_AT);
        assert!(adjust(DOCUMENT_SHAPE, true, false) >= REPORT_AT);
        assert!(adjust(LANDLINE_LOCAL, true, false) >= REPORT_AT);
        assert!(adjust(MOBILE_ALLOCATED, false, true) < REPORT_AT);
    }
}
