//! Format tests (sheet): filled in by the sheet extractor's work.
