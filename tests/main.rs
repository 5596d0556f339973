//! baomi's integration tests, one binary (STYLE.md "Tests"):
//!
//! * [`harness`]: runs the real binary in a temp dir per test, parses its output,
//!   reads `tests/fixtures/text/EXPECTED.md`, builds checksum-valid identifiers;
//! * [`scan_text`]: the CLI on the text fixtures and on synthetic files (output contract,
//!   masking, exit codes, formats, walking, encodings, large and hostile inputs);
//! * [`rules`]: every rule's and term list's `examples.match` / `examples.no_match`;
//! * [`property`]: generated identifiers are found, one-digit changes are not.

mod harness;
mod property;
mod rules;
mod scan_text;
