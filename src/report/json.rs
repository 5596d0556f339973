//! JSON Lines, JSON and summary output, field for field as OUTPUT.md.

use std::io::Write;

use serde::Serialize;

use super::{RenderOptions, Summary};
use crate::finding::{Finding, Kind, Location, Severity};
use crate::scan::{FileResult, Outcome};

/// A finding as serialized; field order is the contract's.
#[derive(Serialize)]
pub struct FindingRecord<'a> {
    path: &'a str,
    unit: Option<&'a str>,
    rule: &'a str,
    kind: Kind,
    severity: Severity,
    text: &'a str,
    location: &'a Location,
    context: &'a str,
    fingerprint: &'a str,
    hidden: bool,
    confidence: f32,
    evidence: &'a [String],
}

impl<'a> FindingRecord<'a> {
    pub fn new(f: &'a Finding, reveal: bool) -> Self {
        let (text, context) = if reveal {
            (f.value.expose().as_str(), f.context.expose().as_str())
        } else {
            (f.masked.as_str(), f.context_masked.as_str())
        };
        FindingRecord {
            path: &f.path,
            unit: f.unit.as_deref(),
            rule: &f.rule,
            kind: f.kind,
            severity: f.severity,
            text,
            location: &f.location,
            context,
            fingerprint: &f.fingerprint,
            hidden: f.hidden,
            confidence: (f.confidence * 100.0).round() / 100.0,
            evidence: &f.evidence,
        }
    }
}

/// An input that was not scanned. `skipped` is set for formats not read yet, so that
/// consumers keying on `error` still fail closed.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    path: &'a str,
    error: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    skipped: bool,
}

fn error_record(r: &FileResult) -> Option<ErrorRecord<'_>> {
    match &r.outcome {
        Outcome::Error(e) => Some(ErrorRecord {
            path: &r.path,
            error: e,
            skipped: false,
        }),
        Outcome::Skipped(e) => Some(ErrorRecord {
            path: &r.path,
            error: e,
            skipped: true,
        }),
        Outcome::Scanned { .. } => None,
    }
}

#[derive(Serialize)]
struct SummaryLine<'a> {
    summary: &'a Summary,
}

pub fn write_jsonl(
    results: &[FileResult],
    summary: &Summary,
    options: RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    for r in results {
        if let Some(e) = error_record(r) {
            serde_json::to_writer(&mut *out, &e)?;
            out.write_all(b"\n")?;
        }
        if let Outcome::Scanned { findings, .. } = &r.outcome {
            for f in findings {
                serde_json::to_writer(&mut *out, &FindingRecord::new(f, options.reveal))?;
                out.write_all(b"\n")?;
            }
        }
    }
    write_summary(summary, out)
}

pub fn write_json(
    results: &[FileResult],
    summary: &Summary,
    options: RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    #[derive(Serialize)]
    struct Document<'a> {
        findings: Vec<FindingRecord<'a>>,
        errors: Vec<ErrorRecord<'a>>,
        summary: &'a Summary,
    }
    let doc = Document {
        findings: super::findings(results)
            .map(|f| FindingRecord::new(f, options.reveal))
            .collect(),
        errors: results.iter().filter_map(error_record).collect(),
        summary,
    };
    serde_json::to_writer_pretty(&mut *out, &doc)?;
    out.write_all(b"\n")
}

pub fn write_summary(summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
    serde_json::to_writer(&mut *out, &SummaryLine { summary })?;
    out.write_all(b"\n")
}
