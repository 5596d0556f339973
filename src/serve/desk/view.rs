//! What the desk shows for one draft: a verdict in the reviewer's words, each finding with
//! its location, masked context (the match marked), why it was flagged, the hidden-channel
//! warning and the decision on record, and whether a clean copy can be produced.

use serde::Serialize;

use super::explain::{decision_zh, evidence_zh, hidden_warning, severity_zh};
use crate::finding::{Finding, Severity};
use crate::redact::run::{FileRedaction, Status};
use crate::scan::{FileResult, Outcome};

#[derive(Serialize)]
pub struct DraftView {
    pub id: String,
    pub name: String,
    pub unit: Option<String>,
    pub fail_on: Severity,
    /// `publishable`, `needs_work` or `unreadable`.
    pub verdict: &'static str,
    pub verdict_zh: &'static str,
    pub findings: Vec<FindingView>,
    pub errors: Vec<ErrorView>,
    pub redaction: RedactionView,
}

#[derive(Serialize)]
pub struct FindingView {
    pub fingerprint: String,
    pub rule: String,
    pub kind: &'static str,
    pub kind_zh: &'static str,
    pub severity: Severity,
    pub severity_zh: &'static str,
    /// At or above the unit's threshold (after review decisions).
    pub blocking: bool,
    pub location: String,
    pub text: String,
    /// The masked context split around the match, so the page marks it without parsing.
    pub context_before: String,
    pub context_match: String,
    pub context_after: String,
    pub why: Vec<String>,
    pub hidden: bool,
    pub hidden_warning: Option<String>,
    pub decision: Option<DecisionView>,
}

#[derive(Serialize)]
pub struct DecisionView {
    pub decision: String,
    pub decision_zh: &'static str,
    pub text: String,
}

#[derive(Serialize)]
pub struct ErrorView {
    pub path: String,
    pub message: String,
}

#[derive(Serialize)]
pub struct RedactionView {
    /// A verified clean copy can be downloaded.
    pub ready: bool,
    /// `verified`, `refused`, `unsupported`, `failed`.
    pub status: &'static str,
    pub note: String,
}

pub fn draft_view(
    id: &str,
    name: &str,
    unit: Option<&str>,
    fail_on: Severity,
    result: &FileResult,
    redaction: &FileRedaction,
) -> DraftView {
    let mut findings = Vec::new();
    let mut errors = Vec::new();
    for r in result.flatten() {
        match &r.outcome {
            Outcome::Scanned {
                findings: found, ..
            } => {
                findings.extend(found.iter().map(|f| finding_view(f, fail_on)));
            }
            Outcome::Error(e) | Outcome::Skipped(e) => errors.push(ErrorView {
                path: r.path.clone(),
                message: e.clone(),
            }),
        }
    }
    // Blocking first, then by severity, then in document order.
    findings.sort_by(|a, b| {
        b.blocking
            .cmp(&a.blocking)
            .then(b.severity.cmp(&a.severity))
    });
    let (verdict, verdict_zh) = if !errors.is_empty() {
        ("unreadable", "无法审查")
    } else if findings.iter().any(|f| f.blocking) {
        ("needs_work", "需处理")
    } else {
        ("publishable", "可以发布")
    };
    DraftView {
        id: id.to_string(),
        name: name.to_string(),
        unit: unit.map(str::to_string),
        fail_on,
        verdict,
        verdict_zh,
        findings,
        errors,
        redaction: redaction_view(redaction),
    }
}

fn finding_view(f: &Finding, fail_on: Severity) -> FindingView {
    let (before, matched, after) = split_context(&f.context_masked, &f.masked);
    let decision = f
        .evidence
        .iter()
        .find_map(|e| e.strip_prefix("review:"))
        .map(|d| {
            let name = d.split_whitespace().next().unwrap_or("");
            DecisionView {
                decision: name.to_string(),
                decision_zh: decision_zh(name),
                text: evidence_zh(&format!("review:{d}")),
            }
        });
    let part = f.location.part.as_deref().filter(|p| *p != "body");
    let part_zh = part
        .and_then(crate::extract::Part::parse)
        .map(|p| p.label_zh());
    FindingView {
        fingerprint: f.fingerprint.clone(),
        rule: f.rule.clone(),
        kind: f.kind.as_str(),
        kind_zh: f.kind.label_zh(),
        severity: f.severity,
        severity_zh: severity_zh(f.severity),
        blocking: f.severity >= fail_on,
        location: location_zh(&f.location),
        text: f.masked.clone(),
        context_before: before,
        context_match: matched,
        context_after: after,
        why: f.evidence.iter().map(|e| evidence_zh(e)).collect(),
        hidden: f.hidden,
        hidden_warning: f
            .hidden
            .then(|| hidden_warning(part_zh.unwrap_or("隐藏内容"))),
        decision,
    }
}

/// The location as a reviewer says it: `隐藏工作表「原始数据」C5`, `Sheet1!C5（隐藏行）`,
/// `第2段 批注`. A comment's author is left out: it names a person.
fn location_zh(loc: &crate::finding::Location) -> String {
    let loc = &loc.without_people();
    let part = loc.part.as_deref().unwrap_or("body");
    let mut plain = loc.clone();
    plain.part = None;
    plain.field = None;
    let base = plain.to_string();
    let cell = loc.cell.clone().unwrap_or_default();
    match (part, &loc.sheet) {
        ("hidden_sheet", Some(sheet)) => format!("隐藏工作表「{sheet}」{cell}"),
        ("hidden_row", _) => format!("{base}（隐藏行）"),
        ("hidden_column", _) => format!("{base}（隐藏列）"),
        ("body", _) => base,
        (other, _) => {
            let label = crate::extract::Part::parse(other).map_or(other, |p| p.label_zh());
            match loc.field.as_deref() {
                Some(field) if base != "-" => format!("{base} {label}:{field}"),
                Some(field) => format!("{label}:{field}"),
                None if base != "-" => format!("{base} {label}"),
                None => label.to_string(),
            }
        }
    }
}

/// The context around the first occurrence of the masked value (the whole context as
/// "before" when it is not found).
fn split_context(context: &str, masked: &str) -> (String, String, String) {
    match context.find(masked).filter(|_| !masked.is_empty()) {
        Some(at) => (
            context.get(..at).unwrap_or("").to_string(),
            masked.to_string(),
            context.get(at + masked.len()..).unwrap_or("").to_string(),
        ),
        None => (context.to_string(), String::new(), String::new()),
    }
}

fn redaction_view(r: &FileRedaction) -> RedactionView {
    let (status, note) = match &r.status {
        Status::Verified => {
            let mut what: Vec<String> = r
                .by_kind()
                .iter()
                .map(|(k, n)| format!("{} {n} 处", k.label_zh()))
                .collect();
            what.extend(r.actions.iter().cloned());
            let note = if what.is_empty() {
                "无需遮盖的内容；复查通过".to_string()
            } else {
                format!("将遮盖：{}；复查通过", what.join("，"))
            };
            ("verified", note)
        }
        Status::Refused(reasons) => ("refused", reasons.join("；")),
        Status::Unsupported(why) => ("unsupported", why.clone()),
        Status::Failed(why) => ("failed", why.clone()),
    };
    RedactionView {
        ready: matches!(r.status, Status::Verified),
        status,
        note,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locations_read_as_a_reviewer_says_them() {
        use crate::finding::Location;
        let at =
            |sheet: Option<&str>, cell: Option<&str>, part: &str, field: Option<&str>| Location {
                sheet: sheet.map(str::to_string),
                cell: cell.map(str::to_string),
                part: Some(part.to_string()),
                field: field.map(str::to_string),
                ..Location::default()
            };
        assert_eq!(
            location_zh(&at(Some("原始数据"), Some("C5"), "hidden_sheet", None)),
            "隐藏工作表「原始数据」C5"
        );
        assert_eq!(
            location_zh(&at(Some("Sheet1"), Some("C5"), "hidden_row", None)),
            "Sheet1!C5（隐藏行）"
        );
        assert_eq!(
            location_zh(&at(Some("Sheet1"), Some("B2"), "body", None)),
            "Sheet1!B2"
        );
        let comment = Location {
            paragraph: Some(2),
            ..at(None, None, "comment", Some("起草人"))
        };
        assert_eq!(location_zh(&comment), "第2段 批注");
        assert_eq!(
            location_zh(&at(None, None, "metadata", Some("author"))),
            "文档属性:author"
        );
    }

    #[test]
    fn context_is_split_around_the_match() {
        let (a, b, c) = split_context("…电话 138****8000 联系", "138****8000");
        assert_eq!(
            (a.as_str(), b.as_str(), c.as_str()),
            ("…电话 ", "138****8000", " 联系")
        );
        let (a, b, _) = split_context("无", "x");
        assert_eq!((a.as_str(), b.as_str()), ("无", ""));
    }
}
