//! baomi's integration tests, one binary (STYLE.md "Tests"):
//!
//! * [`harness`]: runs the real binary in a temp dir per test, parses its output,
//!   reads `tests/fixtures/text/EXPECTED.md`, builds checksum-valid identifiers;
//! * [`common`]: sample values and documents shared by the `scan` modules below;
//! * [`fixtures`]: `baomi scan` on the text fixtures, exactly as `EXPECTED.md` lists them;
//! * [`contract`]: the output contract (JSON Lines, json, summary, text, `-o`, fingerprints);
//! * [`exit_codes`]: exit codes 0/1/2/3 and usage errors;
//! * [`masking`]: no raw value without `--reveal`;
//! * [`inputs`]: stdin, walking, excludes, jobs, written forms, term lists, encodings;
//! * [`large`]: values across the text reader's chunk boundaries;
//! * [`hostile`]: hostile and odd text inputs;
//! * [`regression`]: bugs found while writing the suite, one test each;
//! * [`zoo`]: the shared document zoo (`../shared/zoo`, skipped when absent): every file
//!   accounted for, HTML decoded, hostile files refused or scanned in bounded time;
//! * [`rules`]: every rule's and term list's `examples.match` / `examples.no_match`;
//! * [`property`]: generated identifiers are found, one-digit changes are not;
//! * [`review`]: the review record (`baomi review`, `scan --reviews`, `--baseline`);
//! * [`eval`]: `baomi eval` on a tiny labelled corpus: counts, masking, baselines;
//! * [`reports_html`]: `--format html`: self-contained, hostile names escaped, unscanned
//!   files listed, masked; rendered in headless Chromium when `/usr/bin/chromium` exists;
//! * `fmt_*`: each document format's extractor: planted values found with the right
//!   location, part and `hidden` flag; hostile and broken files.

mod accuracy;
mod common;
mod contract;
mod eval;
mod exit_codes;
mod fixtures;
mod fmt_cli;
mod fmt_docx;
mod fmt_ole;
mod fmt_package;
mod fmt_pdf;
mod fmt_sheet;
mod fmt_slides;
mod fmt_web;
mod harness;
mod hostile;
mod inputs;
mod large;
mod masking;
mod property;
mod regression;
mod reports_html;
mod review;
mod rules;
mod units;
mod zoo;
