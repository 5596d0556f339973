//! Format tests (docx): filled in by the docx extractor's work.
