//! baomi (保密): reviews documents before they are published and flags what must not go
//! out — personal identifiers and classification marks.
//!
//! ```text
//! input → extract → normalize → detect → policy (engine) → Finding → report
//! ```
//!
//! * [`input`] walks paths and sniffs real file types;
//! * [`extract`] decodes text (encodings, bounded-memory chunks);
//! * [`normalize`] folds width, case and 繁→简 for terms;
//! * [`detect`] finds candidates in one text buffer (identifier tokenizer + validators,
//!   e-mail, the term automaton in [`terms`], classification-mark grammar);
//! * [`engine`] compiles a [`ruleset::RuleSet`] and grades candidates;
//! * [`scan`] runs one input end to end into [`finding::Finding`]s;
//! * [`report`] renders findings;
//! * [`merge`] joins reports of shards (`scan --shard I/N`) into one (`baomi merge`);
//! * [`eval`] measures accuracy on a labelled corpus (`baomi eval`).

pub mod cli;
#[doc(hidden)]
pub mod corpus;
pub mod crawl;
pub mod detect;
pub mod engine;
pub mod eval;
pub mod exempt;
pub mod extract;
pub mod finding;
pub mod input;
pub mod mask;
pub mod merge;
pub mod normalize;
pub mod percent;
pub mod redact;
pub mod report;
pub mod review;
pub mod ruleset;
pub mod scan;
pub mod serve;
#[doc(hidden)]
pub mod synth;
pub mod synth_docs;
pub mod terms;
pub mod validate;

pub use engine::Engine;
pub use finding::{Finding, Kind, Severity};
