//! Format tests (slides): filled in by the slides extractor's work.
