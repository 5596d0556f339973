//! Redaction: a publishable copy of a document in its own format, with every finding at or
//! above a threshold masked in place, hidden channels dropped, and the copy verified by a
//! rescan before it is kept.

pub mod docx;
pub mod embedded;
pub mod encoding;
pub mod format;
pub mod html;
pub mod plan;
pub mod policy;
pub mod preview;
pub mod run;
pub mod text;
pub mod xlsx;

pub use format::{FormatOptions, HiddenChannels, RedactError, Redacted};
pub use plan::{apply_edits, Edit, Plan};
