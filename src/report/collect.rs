//! What the formats written at the end of a run (SARIF, CSV, XLSX, HTML) receive: every
//! finding as it is reported (already masked unless `--reveal`), every input that was not
//! scanned, and the rule catalog for help texts. Those formats need the whole run (one
//! SARIF document, one workbook, charts over all findings), so rows are owned and small.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::finding::{Finding, Kind, Location, Severity};
use crate::ruleset::RuleSet;

/// One finding as reported: `text` and `context` are masked unless the run reveals. Its
/// fields and their order are the JSON Lines finding record's (OUTPUT.md), so a finding
/// line of a report reads back into a `Row` (`baomi merge`).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Row {
    pub path: String,
    pub unit: Option<String>,
    pub rule: String,
    pub kind: Kind,
    pub severity: Severity,
    pub text: String,
    pub location: Location,
    pub context: String,
    pub fingerprint: String,
    pub hidden: bool,
    #[serde(default)]
    pub confidence: f32,
    #[serde(default)]
    pub evidence: Vec<String>,
    /// Crawls: the page that linked to this URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
}

impl Row {
    pub fn new(f: &Finding, reveal: bool) -> Row {
        let (text, context) = if reveal {
            (f.value.expose().clone(), f.context.expose().clone())
        } else {
            (f.masked.clone(), f.context_masked.clone())
        };
        Row {
            path: f.path.clone(),
            unit: f.unit.clone(),
            rule: f.rule.clone(),
            kind: f.kind,
            severity: f.severity,
            text,
            location: f.location.clone(),
            context,
            fingerprint: f.fingerprint.clone(),
            hidden: f.hidden,
            confidence: (f.confidence * 100.0).round() / 100.0,
            evidence: f.evidence.clone(),
            linked_from: None,
        }
    }
}

/// An input (or archive member) that could not be scanned, with the reason. `skipped`:
/// a format baomi does not read; consumers still treat it as not reviewed.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Unscanned {
    pub path: String,
    pub error: String,
    #[serde(default)]
    pub skipped: bool,
    /// Crawls: the page that linked to this URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub linked_from: Option<String>,
}

/// A whole run, in report order.
#[derive(Debug, Default)]
pub struct Collected {
    pub findings: Vec<Row>,
    pub unscanned: Vec<Unscanned>,
    /// Every path accounted for (scanned or not, members included), in report order.
    pub paths: Vec<String>,
}

/// What a rule is, for SARIF's `tool.driver.rules` and the reports' legends.
#[derive(Clone, Debug, Serialize)]
pub struct RuleInfo {
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    pub description: String,
}

/// The rules that can appear in a run: the base rules plus every unit's packs in use.
#[derive(Clone, Debug, Default)]
pub struct RuleCatalog {
    rules: BTreeMap<String, RuleInfo>,
}

impl RuleCatalog {
    /// Adds the rules, term lists and pattern rules of a resolved rule set (first wins:
    /// ids are the same across units, only severities differ).
    pub fn add(&mut self, set: &RuleSet) {
        let rules = set
            .rules
            .iter()
            .map(|r| (&r.id, r.kind, r.severity, &r.description));
        let terms = set.term_lists.iter().map(|t| {
            let kind = t.kind.unwrap_or(Kind::RestrictedTerm);
            (&t.id, kind, t.severity, &t.description)
        });
        let regexes = set
            .regexes
            .iter()
            .map(|x| (&x.id, x.kind, x.severity, &x.description));
        for (id, kind, severity, description) in rules.chain(terms).chain(regexes) {
            self.rules.entry(id.clone()).or_insert_with(|| RuleInfo {
                id: id.clone(),
                kind,
                severity,
                description: description.clone(),
            });
        }
    }

    /// The rule, or a description built from the finding's kind for a rule the catalog
    /// does not know (a rule id made at run time).
    pub fn get(&self, id: &str, kind: Kind, severity: Severity) -> RuleInfo {
        self.rules.get(id).cloned().unwrap_or_else(|| RuleInfo {
            id: id.to_string(),
            kind,
            severity,
            description: kind.label_zh().to_string(),
        })
    }

    pub fn iter(&self) -> impl Iterator<Item = &RuleInfo> {
        self.rules.values()
    }
}
