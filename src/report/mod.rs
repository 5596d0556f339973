//! Reporters: results → text for people, JSON Lines / JSON / summary for machines, as
//! fixed by `../shared/OUTPUT.md`. Reporters never call detectors; they only render.

mod collect;
mod html;
mod json;
mod sarif;
mod stream;
mod table;
mod text;

use std::collections::BTreeMap;
use std::io::Write;

use serde::{Deserialize, Serialize};

use crate::finding::Severity;
use crate::scan::{FileResult, Outcome};

pub use collect::{Collected, Row, RuleCatalog, RuleInfo, Unscanned};
pub use json::{ErrorRecord, FindingRecord};
pub use stream::{ReportWriter, ReportWriters};

/// Output formats of `scan`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Jsonl,
    Json,
    Summary,
    /// SARIF 2.1.0 for code-scanning UIs (GitHub, GitLab, Azure DevOps).
    Sarif,
    /// One row per finding, headers in Chinese and English.
    Csv,
    /// The CSV's rows as a workbook: frozen header, autofilter, a summary sheet.
    Xlsx,
    /// One self-contained page: summary per unit and kind, charts, a filterable table.
    Html,
}

impl Format {
    /// Written once the whole run is known (not streamed finding by finding).
    pub fn is_collected(self) -> bool {
        matches!(
            self,
            Format::Sarif | Format::Csv | Format::Xlsx | Format::Html
        )
    }

    /// Binary output: refused on a terminal.
    pub fn is_binary(self) -> bool {
        self == Format::Xlsx
    }

    /// The format an output file's extension names (`a.sarif`, `a.html` …).
    pub fn from_path(path: &std::path::Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "jsonl" | "ndjson" => Format::Jsonl,
            "json" => Format::Json,
            "sarif" => Format::Sarif,
            "csv" => Format::Csv,
            "xlsx" => Format::Xlsx,
            "html" | "htm" => Format::Html,
            "txt" => Format::Text,
            _ => return None,
        })
    }
}

/// How to render.
#[derive(Clone, Copy, Debug)]
pub struct RenderOptions {
    pub reveal: bool,
    pub color: bool,
}

/// The closing summary; it accounts for every input: `files = scanned + errors + skipped`.
/// It reads back from a report (`baomi merge`).
#[derive(Debug, Default, Serialize, Deserialize)]
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
    /// `I/N` when the run scanned one shard of the inputs (`scan --shard`): `merge` checks
    /// that every shard is present once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub shard: Option<String>,
    /// A merge that lacked some shards (`merge --allow-partial`): inputs are missing.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub partial: bool,
    /// Per unit, when units apply (谁主管、谁公开、谁审查: each unit answers for its files).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub by_unit: BTreeMap<String, UnitSummary>,
    /// Some input had a finding at or above its own threshold (the gate's verdict).
    #[serde(skip)]
    pub blocked: bool,
    /// A crawl's accounting of every URL it met.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub crawl: Option<CrawlTally>,
}

/// Every URL a crawl met, by how it ended: `urls = scanned + not_reviewed + excluded`.
/// Scanned and not-reviewed URLs are the report's inputs (`files`); excluded ones (out of
/// scope, robots.txt, depth, media, unchanged) are only counted here, by reason.
#[derive(Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CrawlTally {
    pub urls: u64,
    pub scanned: u64,
    pub not_reviewed: u64,
    pub excluded: u64,
    pub by_reason: BTreeMap<String, u64>,
    /// URLs done by the interrupted run this one resumed (in its own report part).
    #[serde(skip_serializing_if = "is_zero")]
    pub done_earlier: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// One unit's share of a run, judged against the unit's own threshold.
#[derive(Debug, Default, Serialize, Deserialize)]
pub struct UnitSummary {
    pub files: u64,
    pub findings: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
    pub fail_on: String,
    /// Nothing at or above `fail_on`, and every file scanned.
    pub passed: bool,
}

impl Summary {
    /// The highest severity counted, if any.
    pub fn max_severity(&self) -> Option<Severity> {
        self.by_severity
            .keys()
            .filter_map(|k| Severity::parse(k))
            .max()
    }

    /// Judges one input (and its members) against its threshold.
    pub fn judge(&mut self, r: &FileResult, fail_on: Severity) {
        for r in r.flatten() {
            if let Outcome::Scanned { tally, .. } = &r.outcome {
                if tally
                    .by_severity
                    .iter()
                    .any(|(s, n)| *s >= fail_on && *n > 0)
                {
                    self.blocked = true;
                }
            }
        }
    }

    /// Counts one input (and its members) toward `unit`, judged against `fail_on`.
    pub fn add_unit(&mut self, unit: &str, fail_on: Severity, r: &FileResult) {
        let u = self
            .by_unit
            .entry(unit.to_string())
            .or_insert_with(|| UnitSummary {
                fail_on: fail_on.to_string(),
                passed: true,
                ..UnitSummary::default()
            });
        for r in r.flatten() {
            u.files += 1;
            match &r.outcome {
                Outcome::Scanned { tally, .. } => {
                    u.findings += tally.findings;
                    for (kind, n) in &tally.by_kind {
                        *u.by_kind.entry(kind.to_string()).or_default() += n;
                    }
                    for (sev, n) in &tally.by_severity {
                        *u.by_severity.entry(sev.to_string()).or_default() += n;
                        if *sev >= fail_on && *n > 0 {
                            u.passed = false;
                        }
                    }
                }
                Outcome::Error(_) | Outcome::Skipped(_) => u.passed = false,
            }
        }
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
