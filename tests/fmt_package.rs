//! Format tests (package): filled in by the package extractor's work.
