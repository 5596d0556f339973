//! One scan request: every uploaded file through the scanning core with the unit's rules,
//! judged against the unit's threshold. An unreadable file never yields `pass`.

use std::sync::atomic::Ordering;
use std::time::Instant;

use axum::body::Bytes;
use serde::Serialize;

use super::admit::ScanLog;
use super::rules::Rules;
use super::App;
use crate::finding::Severity;
use crate::report::{ErrorRecord, FindingRecord, Summary};
use crate::scan::{scan_bytes, FileResult, Outcome, ScanOptions};

/// What a response lists.
#[derive(Clone, Copy, Debug)]
pub struct Detail {
    /// Raw values (only when the server allows it; checked by the handler).
    pub reveal: bool,
    /// Findings below this are counted in the summary but not listed.
    pub min_severity: Severity,
}

pub struct Upload {
    pub name: String,
    pub bytes: Bytes,
}

/// `block` when a finding reaches the threshold, else `error` when something could not
/// be read, else `pass`.
fn verdict(result: &FileResult, fail_on: Severity) -> &'static str {
    let mut unreadable = false;
    for r in result.flatten() {
        match &r.outcome {
            Outcome::Scanned { findings, .. } => {
                if findings.iter().any(|f| f.severity >= fail_on) {
                    return "block";
                }
            }
            Outcome::Error(_) | Outcome::Skipped(_) => unreadable = true,
        }
    }
    if unreadable {
        "error"
    } else {
        "pass"
    }
}

/// One uploaded file's verdict.
#[derive(Serialize)]
struct FileVerdict<'a> {
    path: &'a str,
    verdict: &'static str,
    findings: u64,
    /// Files found inside it (archive members, attachments, embedded objects).
    members: usize,
}

/// The response body; field order is the contract's.
#[derive(Serialize)]
struct ScanResponse<'a> {
    verdict: &'static str,
    unit: Option<&'a str>,
    fail_on: Severity,
    rules_generation: u64,
    files: Vec<FileVerdict<'a>>,
    findings: Vec<FindingRecord<'a>>,
    errors: Vec<ErrorRecord<'a>>,
    summary: &'a Summary,
}

/// Scans the uploads (on a blocking thread) and builds the response body (JSON text).
pub fn scan_files(
    app: &App,
    rules: &Rules,
    unit: Option<&str>,
    uploads: Vec<Upload>,
    detail: Detail,
) -> Result<(String, ScanLog), String> {
    let started = Instant::now();
    let unit_rules = rules.select(unit)?;
    let mut limits = app.config.limits;
    limits.time_budget = limits.time_budget.min(app.config.request_timeout);
    let options = ScanOptions {
        encoding: None,
        keep_findings: true,
        limits,
    };
    let mut summary = Summary::default();
    let mut bytes = 0u64;
    let mut results = Vec::with_capacity(uploads.len());
    for upload in &uploads {
        bytes += upload.bytes.len() as u64;
        let result = scan_bytes(&unit_rules.engine, &upload.name, &upload.bytes, options);
        summary.add(&result);
        summary.judge(&result, unit_rules.fail_on);
        if let Some(name) = &unit_rules.name {
            summary.add_unit(name, unit_rules.fail_on, &result);
        }
        results.push(result);
    }
    summary.elapsed_ms = started.elapsed().as_millis() as u64;
    let (mut findings, mut errors, mut files) = (Vec::new(), Vec::new(), Vec::new());
    for (upload, result) in uploads.iter().zip(&results) {
        let mut count = 0u64;
        for r in result.flatten() {
            app.metrics.files.fetch_add(1, Ordering::Relaxed);
            match &r.outcome {
                Outcome::Scanned {
                    findings: found, ..
                } => {
                    for f in found {
                        app.metrics.finding(f.kind.as_str(), f.severity.as_str(), 1);
                        count += 1;
                        if f.severity >= detail.min_severity {
                            findings.push(FindingRecord::new(f, detail.reveal));
                        }
                    }
                }
                Outcome::Error(e) | Outcome::Skipped(e) => {
                    app.metrics.file_errors.fetch_add(1, Ordering::Relaxed);
                    let skipped = matches!(r.outcome, Outcome::Skipped(_));
                    errors.push(ErrorRecord::new(&r.path, e, skipped));
                }
            }
        }
        files.push(FileVerdict {
            path: &upload.name,
            verdict: verdict(result, unit_rules.fail_on),
            findings: count,
            members: result.members.len(),
        });
    }
    let verdict = if summary.blocked {
        "block"
    } else if summary.errors + summary.skipped > 0 {
        "error"
    } else {
        "pass"
    };
    app.metrics.bytes.fetch_add(bytes, Ordering::Relaxed);
    app.metrics.verdict(verdict);
    let log = ScanLog {
        verdict,
        unit: unit_rules.name.clone(),
        files: uploads.len(),
        findings: summary.findings,
        bytes,
    };
    let body = ScanResponse {
        verdict,
        unit: unit_rules.name.as_deref(),
        fail_on: unit_rules.fail_on,
        rules_generation: rules.generation,
        files,
        findings,
        errors,
        summary: &summary,
    };
    let text =
        serde_json::to_string(&body).map_err(|e| format!("cannot encode the response: {e}"))?;
    Ok((text, log))
}
