//! Format tests (web): filled in by the web extractor's work.
