//! Accuracy evaluation on a labelled corpus (`baomi eval`).
//!
//! * [`truth`] reads the truth file (errors name the line);
//! * [`matching`] normalizes values and pairs findings with entries per (file, kind).

pub mod matching;
pub mod truth;
