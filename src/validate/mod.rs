//! Pure validators: check digits, dates, region prefixes, allocated number segments.
//!
//! No I/O, no allocation on the hot path; each takes ASCII bytes already folded by the
//! detector (full-width → ASCII, separators removed) and answers yes/no or a reason.

pub mod date;
pub mod gb11643;
pub mod gb32100;
pub mod luhn;
pub mod phone;
pub mod region;
