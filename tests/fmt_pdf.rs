//! Format tests (pdf): filled in by the pdf extractor's work.
