//! The rule-file model (serde = the file format) and the merged rule set.

use serde::Deserialize;

use crate::finding::{Kind, Severity};

/// One example string that must not produce a finding of the rule, with the reason.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct NoMatch {
    pub text: String,
    pub why: String,
}

/// Self-test strings carried by a rule.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Examples {
    #[serde(default, rename = "match")]
    pub matches: Vec<String>,
    #[serde(default)]
    pub no_match: Vec<NoMatch>,
}

/// Grades a built-in detector.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleDef {
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub examples: Examples,
    /// The file the rule came from (filled by the loader).
    #[serde(skip)]
    pub origin: String,
}

/// A restricted-term list.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct TermList {
    pub id: String,
    pub severity: Severity,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub description: String,
    pub terms: Vec<String>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    #[serde(default)]
    pub examples: Examples,
    #[serde(skip)]
    pub origin: String,
}

fn enabled_by_default() -> bool {
    true
}

/// One parsed file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    #[serde(default)]
    pub terms: Vec<TermList>,
}

/// The effective rules: later files override earlier ones with the same id.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<RuleDef>,
    pub term_lists: Vec<TermList>,
}

impl RuleSet {
    pub fn merge(&mut self, file: RuleFile) {
        for r in file.rule {
            match self.rules.iter_mut().find(|x| x.id == r.id) {
                Some(slot) => *slot = r,
                None => self.rules.push(r),
            }
        }
        for t in file.terms {
            match self.term_lists.iter_mut().find(|x| x.id == t.id) {
                Some(slot) => *slot = t,
                None => self.term_lists.push(t),
            }
        }
    }

    pub fn rule(&self, id: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Adds an ad-hoc term list (`--terms FILE`): one term per line, `#` comments.
    pub fn add_term_lines(&mut self, id: &str, origin: &str, text: &str, severity: Severity) {
        let terms = text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(str::to_string)
            .collect();
        self.merge(RuleFile {
            rule: Vec::new(),
            terms: vec![TermList {
                id: id.to_string(),
                severity,
                tags: vec!["ad-hoc".to_string()],
                description: format!("terms from {origin}"),
                terms,
                enabled: true,
                examples: Examples::default(),
                origin: origin.to_string(),
            }],
        });
    }
}
