//! Detection: one document buffer in, candidates out. Knows nothing of files, units or
//! severity policy.
//!
//! Three linear sweeps over the same in-memory text, none of them per pattern:
//! 1. `memchr` for `@` → e-mail addresses ([`email`]);
//! 2. the identifier tokenizer ([`tokens`]) → digit/letter groups, classified by length and
//!    shape and confirmed by the validators in `crate::validate` ([`identifiers`]);
//! 3. the term automaton (`crate::terms`) → restricted terms and the anchors of
//!    classification marks, confirmed by the mark grammar ([`marking`]).
//!
//! Context (cue words before a value) is looked up lazily, only for candidates whose shape
//! matched ([`context`]). Confidence scores are documented in [`score`].

pub mod address;
pub mod attribute;
pub mod context;
pub mod email;
pub mod identifiers;
pub mod marking;
pub mod masked;
pub mod masked_name;
pub mod names;
pub mod person_name;
pub mod record;
pub mod score;
pub mod table;
pub mod tokens;

mod bank_card;
mod documents;
mod id_card;
mod phone;
mod plate;

use crate::finding::{Kind, Severity};

/// One reason a candidate was flagged: a validator result (`checksum:GB11643`) or a cue
/// (`cue:身份证`). Static in the common case, so flagging allocates nothing.
pub type Evidence = std::borrow::Cow<'static, str>;

/// How to mask a value for display.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mask {
    /// Keep `head` leading and `tail` trailing letters/digits, star the rest; separators stay.
    KeepEnds { head: usize, tail: usize },
    /// `z***@example.com`: first character of the local part and the domain.
    Email,
    /// Keep the first `chars` characters and star every other non-space character: a name
    /// keeps its surname (`张**`), an address its district and street.
    KeepHead { chars: usize },
    /// Shown as is: the rule's own words (marks, restricted terms), not personal data.
    Verbatim,
}

/// What produced a candidate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    /// A built-in detector; the rule id (`pii.id_card`, `mark.classification`, …).
    Builtin(&'static str),
    /// A restricted-term list, by index into the engine's lists.
    TermList(usize),
    /// A unit's regex rule, by index into the engine's regexes.
    Regex(usize),
}

/// A word of the engine's term automaton found in the text for the detector that asked
/// for it (name anchors, attribute words): byte span and index into that detector's list.
#[derive(Clone, Copy, Debug)]
pub struct LiteralMatch {
    pub start: usize,
    pub end: usize,
    pub index: usize,
}

/// Reduces overlapping matches to the leftmost-longest ones, in text order — what a
/// leftmost-longest Aho–Corasick search reports (`被申请人` holds `申请人`).
pub fn leftmost_longest(matches: &mut Vec<LiteralMatch>) {
    matches.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end), m.index));
    let mut covered_to = 0;
    matches.retain(|m| {
        let keep = m.start >= covered_to;
        if keep {
            covered_to = m.end;
        }
        keep
    });
}

/// One detection, before policy.
#[derive(Clone, Debug)]
pub struct Candidate {
    pub source: Source,
    pub kind: Kind,
    /// Byte span in the scanned text.
    pub start: usize,
    pub end: usize,
    pub confidence: f32,
    /// The highest severity this candidate may get whatever the rule says (masked values
    /// and service numbers are `info` at most).
    pub cap: Option<Severity>,
    /// The lowest severity it gets whatever the rule says: set by the record pass when a
    /// name sits in one record with an identifier, address or sensitive attribute.
    pub floor: Option<Severity>,
    pub evidence: Vec<Evidence>,
    /// Canonical value for fingerprints: folded, separators removed.
    pub normalized: String,
    pub mask: Mask,
}

/// Built-in rule ids. The base rule pack (`rules/base/`) grades each.
pub mod rules {
    pub const ID_CARD: &str = "pii.id_card";
    pub const ID_CARD_MASKED: &str = "pii.id_card.masked";
    pub const ID_CARD_WEAK_MASK: &str = "pii.id_card.weak_mask";
    pub const ID_CARD_EXCEL_NUMBER: &str = "pii.id_card.excel_number";
    pub const MOBILE: &str = "pii.mobile_phone";
    pub const MOBILE_MASKED: &str = "pii.mobile_phone.masked";
    pub const MOBILE_WEAK_MASK: &str = "pii.mobile_phone.weak_mask";
    pub const LANDLINE: &str = "pii.landline_phone";
    pub const SERVICE_NUMBER: &str = "pii.landline_phone.service";
    pub const BANK_CARD: &str = "pii.bank_card";
    pub const BANK_CARD_MASKED: &str = "pii.bank_card.masked";
    pub const BANK_CARD_WEAK_MASK: &str = "pii.bank_card.weak_mask";
    pub const EMAIL: &str = "pii.email";
    pub const PASSPORT: &str = "pii.passport";
    pub const TRAVEL_PERMIT: &str = "pii.travel_permit";
    pub const LICENSE_PLATE: &str = "pii.license_plate";
    pub const USCC: &str = "pii.uscc";
    pub const PERSON_NAME: &str = "pii.person_name";
    pub const PERSON_NAME_MASKED: &str = "pii.person_name.masked";
    pub const PERSON_NAME_OFFICIAL: &str = "pii.person_name.official";
    pub const ADDRESS: &str = "pii.address";
    pub const ADDRESS_UNIT: &str = "pii.address.unit";
    pub const SENSITIVE_ATTRIBUTE: &str = "pii.sensitive_attribute";
    pub const ID_CARD_BEHIND_MASK: &str = "pii.id_card.behind_mask";
    pub const ID_CARD_MASK_UNION: &str = "pii.id_card.mask_union";
    pub const MARK_CLASSIFICATION: &str = "mark.classification";
    pub const MARK_INTERNAL: &str = "mark.internal";
    pub const MARK_NOT_PUBLIC: &str = "mark.not_public";

    /// Every built-in rule with its kind, for the rule pack loader's checks.
    pub const ALL: &[(&str, crate::finding::Kind)] = {
        use crate::finding::Kind::*;
        &[
            (ID_CARD, IdCard),
            (ID_CARD_MASKED, IdCard),
            (ID_CARD_WEAK_MASK, IdCard),
            (ID_CARD_EXCEL_NUMBER, IdCard),
            (MOBILE, MobilePhone),
            (MOBILE_MASKED, MobilePhone),
            (MOBILE_WEAK_MASK, MobilePhone),
            (LANDLINE, LandlinePhone),
            (SERVICE_NUMBER, LandlinePhone),
            (BANK_CARD, BankCard),
            (BANK_CARD_MASKED, BankCard),
            (BANK_CARD_WEAK_MASK, BankCard),
            (EMAIL, Email),
            (PASSPORT, Passport),
            (TRAVEL_PERMIT, TravelPermit),
            (LICENSE_PLATE, LicensePlate),
            (USCC, Uscc),
            (PERSON_NAME, PersonName),
            (PERSON_NAME_MASKED, PersonName),
            (PERSON_NAME_OFFICIAL, PersonName),
            (ADDRESS, Address),
            (ADDRESS_UNIT, Address),
            (SENSITIVE_ATTRIBUTE, SensitiveAttribute),
            (ID_CARD_BEHIND_MASK, IdCard),
            (ID_CARD_MASK_UNION, IdCard),
            (MARK_CLASSIFICATION, ClassificationMark),
            (MARK_INTERNAL, ClassificationMark),
            (MARK_NOT_PUBLIC, ClassificationMark),
        ]
    };
}
