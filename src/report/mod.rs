//! Reporters: results → text for people, JSON Lines / JSON / summary for machines, as
//! fixed by `../shared/OUTPUT.md`. Reporters never call detectors; they only render.

mod json;
mod stream;
mod text;

use std::collections::BTreeMap;
use std::io::Write;

use serde::Serialize;

use crate::finding::Severity;
use crate::scan::{FileResult, Outcome};

pub use stream::ReportWriter;

/// Output formats of `scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
    Json,
    Summary,
}

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub reveal: bool,
    pub color: bool,
}

/// The closing summary; it accounts for every input: `files = scanned + errors + skipped`.
#[derive(Debug, Default, Serialize)]
pub struct Summary {
    pub files: u64,
    pub scanned: u64,
    pub errors: u64,
    pub skipped: u64,
    pub findings: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
    pub bytes: u64,
    pub elapsed_ms: u64,
}

impl Summary {
    /// The highest severity counted, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.by_severity
            .keys()
            .filter_map(|k| Severity::parse(k))
            .max()
    }

    /// Counts one input's outcome.
    pub fn add(&mut self, r: &FileResult) {
        self.files += 1;
        match &r.outcome {
            Outcome::Scanned { tally, bytes, .. } => {
                self.scanned += 1;
                self.bytes += bytes;
                self.findings += tally.findings;
                for (kind, n) in &tally.by_kind {
                    *self.by_kind.entry(kind.to_string()).or_default() += n;
                }
                for (sev, n) in &tally.by_severity {
                    *self.by_severity.entry(sev.to_string()).or_default() += n;
                }
            }
            Outcome::Error(_) => self.errors += 1,
            Outcome::Skipped(_) => self.skipped += 1,
        }
        // Archive members and embedded files are accounted for like inputs.
        for m in &r.members {
            self.add(m);
        }
    }
}

/// Renders finished results in `format` (the streaming writer over a batch).
pub fn render(
    format: Format,
    results: &[FileResult],
    summary: &Summary,
    options: RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let mut writer = ReportWriter::new(format, options, out);
    writer.begin()?;
    for r in results.iter().flat_map(FileResult::flatten) {
        if let Outcome::Scanned { findings, .. } = &r.outcome {
            for f in findings {
                writer.finding(f)?;
            }
        }
        writer.end_input(r)?;
    }
    writer.finish(summary)
}
