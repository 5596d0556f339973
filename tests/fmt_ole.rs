//! Format tests (ole): filled in by the ole extractor's work.
