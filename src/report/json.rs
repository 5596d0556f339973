//! The JSON records of OUTPUT.md, field for field: a finding and an unscanned input.

use serde::Serialize;

use crate::finding::{Finding, Kind, Location, Severity};

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
    /// Crawls: the page that linked to this URL.
    #[serde(skip_serializing_if = "Option::is_none")]
    linked_from: Option<&'a str>,
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
            linked_from: None,
        }
    }

    /// Names the page that linked to the finding's URL (crawls).
    pub fn linked_from(mut self, page: Option<&'a str>) -> Self {
        self.linked_from = page;
        self
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
    #[serde(skip_serializing_if = "Option::is_none")]
    linked_from: Option<&'a str>,
}

impl<'a> ErrorRecord<'a> {
    pub fn new(path: &'a str, error: &'a str, skipped: bool) -> Self {
        ErrorRecord {
            path,
            error,
            skipped,
            linked_from: None,
        }
    }

    /// Names the page that linked to this URL (crawls).
    pub fn linked_from(mut self, page: Option<&'a str>) -> Self {
        self.linked_from = page;
        self
    }
}
