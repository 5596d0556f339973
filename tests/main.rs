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
//! * [`serve`]: `baomi serve` on a loopback port: endpoints, verdicts, units, limits, auth,
//!   overload, reload;
//! * [`gate_recipes`]: the pre-commit hook and the CMS client of docs/pipeline.md;
//! * [`reports_table`]: `--format csv` / `--format xlsx`: one row per finding and per
//!   input not scanned, masked, formula-guarded; the workbook's sheets, frozen header and
//!   autofilter read back with calamine (and openpyxl when Python has it);
//! * [`crawl`] (with the test web site [`site`]): `baomi crawl` findings, accounting,
//!   robots, sitemap, redirects, limits, politeness, resume and conditional re-audits;
//! * [`eval`]: `baomi eval` on a tiny labelled corpus: counts, masking, baselines;
//! * [`sarif`]: `--format sarif` on the demo corpus, unscanned inputs and archive members;
//!   validated by Microsoft's SARIF Multitool when installed (`scripts/validate-sarif.sh`);
//! * [`reports_html`]: `--format html`: self-contained, hostile names escaped, unscanned
//!   files listed, masked; rendered in headless Chromium when `/usr/bin/chromium` exists;
//! * [`shards`]: `scan --shard I/N` splits the demo corpus so every input is in exactly
//!   one shard; `baomi merge` of the shards equals the whole run in every format; missing,
//!   duplicated and malformed shard reports refused; the split's hash pinned; the
//!   Kubernetes Indexed Job manifest checked (`scripts/check-k8s.py`, when PyYAML is there);
//! * `fmt_*`: each document format's extractor: planted values found with the right
//!   location, part and `hidden` flag; hostile and broken files;
//! * [`fmt_warc`]: WARC web archives written by wget and warcio: pages under their URLs,
//!   HTTP codings and charsets, statuses accounted for, truncated and damaged copies;
//! * [`mirror`]: `--base-url` on a directory laid out like `wget -m`: paths are URLs, and
//!   `baomi.toml` URL prefixes pick the unit.

mod accuracy;
mod common;
mod contract;
mod crawl;
mod desk;
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
mod fmt_warc;
mod fmt_web;
mod gate_recipes;
mod harness;
mod hostile;
mod inputs;
mod large;
mod masking;
mod mirror;
mod property;
mod redact;
mod redact_docx;
mod redact_xlsx;
mod regression;
mod reports_html;
mod reports_table;
mod review;
mod rules;
mod sarif;
mod serve;
mod shards;
mod site;
mod units;
mod zoo;
