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
    /// The pack that re-graded or disabled it, with the reason.
    #[serde(skip)]
    pub overridden: Option<String>,
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
    #[serde(default)]
    pub terms: Vec<String>,
    /// More terms from a text file, one per line (`#` comments), relative to the pack.
    #[serde(default)]
    pub file: Option<String>,
    /// What a match is: `restricted_term` (default) or `sensitive_attribute`.
    #[serde(default)]
    pub kind: Option<Kind>,
    /// Report a match only on a line (a sentence, a table row) that also holds one of
    /// these kinds: a diagnosis next to a person's ID or name, not in a policy sentence.
    #[serde(default)]
    pub near: Vec<Kind>,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    #[serde(default)]
    pub examples: Examples,
    #[serde(skip)]
    pub origin: String,
    /// The pack that re-graded or disabled it, with the reason.
    #[serde(skip)]
    pub overridden: Option<String>,
}

/// A unit's own pattern rule. The regex runs only on texts containing one of its
/// `keywords` (a literal prefilter), so a pack full of patterns stays fast.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RegexRule {
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    pub pattern: String,
    /// Literals of which at least one must occur in the text; empty = always run.
    #[serde(default)]
    pub keywords: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default = "enabled_by_default")]
    pub enabled: bool,
    #[serde(default)]
    pub examples: Examples,
    #[serde(skip)]
    pub origin: String,
    #[serde(skip)]
    pub overridden: Option<String>,
}

/// The `[unit]` header of a unit pack.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct UnitHeader {
    pub name: String,
    /// `base` or another unit's name.
    #[serde(default = "base_pack")]
    pub extends: String,
    /// The unit's gate threshold (used when `--fail-on` is not given).
    #[serde(default)]
    pub fail_on: Option<Severity>,
    #[serde(default)]
    pub description: String,
}

fn base_pack() -> String {
    "base".to_string()
}

/// Re-grades or disables a rule or term list inherited from the packs below.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Override {
    pub id: String,
    #[serde(default)]
    pub severity: Option<Severity>,
    #[serde(default)]
    pub enabled: Option<bool>,
    /// Why (shown by `rules list`).
    #[serde(default)]
    pub reason: String,
}

/// What a unit publishes on purpose: reported at `info` with the exemption, never hidden.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct Exemptions {
    /// Exact values (the unit's hotline, office numbers, its own USCC), compared without
    /// separators and case.
    #[serde(default)]
    pub values: Vec<String>,
    /// Value patterns (regex, matched against the whole value as written), e.g. every
    /// number of the unit's switchboard `^0731-8222\d{4}$`.
    #[serde(default)]
    pub patterns: Vec<String>,
    /// Restricted terms the unit may publish.
    #[serde(default)]
    pub terms: Vec<String>,
    /// Path globs whose findings are all exempt (e.g. an archive of already-reviewed files).
    #[serde(default)]
    pub paths: Vec<String>,
    /// Names of people who appear in official capacity (leaders on a 区政府 site).
    #[serde(default)]
    pub people: Vec<String>,
}

impl Exemptions {
    fn extend(&mut self, other: Exemptions) {
        self.values.extend(other.values);
        self.patterns.extend(other.patterns);
        self.terms.extend(other.terms);
        self.paths.extend(other.paths);
        self.people.extend(other.people);
    }
}

/// How `baomi redact` masks the findings of a kind or of one rule. A rule's entry wins
/// over its kind's; a unit's pack replaces the entry of the packs below with the same key.
#[derive(Clone, Debug, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RedactRule {
    #[serde(default)]
    pub kind: Option<Kind>,
    #[serde(default)]
    pub rule: Option<String>,
    pub mask: MaskStyle,
    /// `keep_ends`: letters/digits kept at the start and the end.
    #[serde(default)]
    pub head: usize,
    #[serde(default)]
    pub tail: usize,
    /// The character written for each masked one (`*` by default); for `surname`, `某`
    /// gives `张某` (written once), anything else is repeated (`张*`, `欧阳**`).
    #[serde(default)]
    pub fill: Option<String>,
    /// `placeholder`: the text that replaces the whole match.
    #[serde(default)]
    pub text: Option<String>,
    #[serde(skip)]
    pub origin: String,
}

impl RedactRule {
    /// What the entry applies to: `rule:<id>` or `kind:<kind>`.
    pub fn key(&self) -> String {
        match (&self.rule, self.kind) {
            (Some(rule), _) => format!("rule:{rule}"),
            (None, Some(kind)) => format!("kind:{kind}"),
            (None, None) => String::new(),
        }
    }
}

/// The masking styles of [`RedactRule`].
#[derive(Clone, Copy, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MaskStyle {
    /// `430102********1234`: keep `head` and `tail` letters/digits; separators stay.
    KeepEnds,
    /// `张*` / `张某`: the surname (compound surnames whole) and a fill.
    Surname,
    /// `z***@example.com`.
    Email,
    /// `长沙市岳麓区银盆岭街道***`: keep the address down to the street (街道/镇/乡).
    ToStreet,
    /// The whole match replaced by `text`.
    Placeholder,
    /// Not fixable by masking: the document is refused (a classified document must not
    /// be published at all).
    Refuse,
}

fn enabled_by_default() -> bool {
    true
}

/// One parsed file.
#[derive(Clone, Debug, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// The file it was read from (filled by the loader).
    #[serde(skip)]
    pub origin: String,
    /// Present in unit packs only.
    #[serde(default)]
    pub unit: Option<UnitHeader>,
    #[serde(default)]
    pub rule: Vec<RuleDef>,
    #[serde(default)]
    pub terms: Vec<TermList>,
    #[serde(default)]
    pub regex: Vec<RegexRule>,
    #[serde(default, rename = "override")]
    pub overrides: Vec<Override>,
    #[serde(default)]
    pub exempt: Option<Exemptions>,
    #[serde(default)]
    pub redact: Vec<RedactRule>,
}

/// The effective rules: later files override earlier ones with the same id.
#[derive(Clone, Debug, Default)]
pub struct RuleSet {
    pub rules: Vec<RuleDef>,
    pub term_lists: Vec<TermList>,
    pub regexes: Vec<RegexRule>,
    /// The unit whose pack is on top (None: base only).
    pub unit: Option<String>,
    /// The unit's gate threshold, from the nearest pack that sets one.
    pub fail_on: Option<Severity>,
    /// Exemptions of the unit and the packs it extends.
    pub exemptions: Exemptions,
    /// How `redact` masks each kind or rule.
    pub redaction: Vec<RedactRule>,
}

impl RuleSet {
    pub fn merge(&mut self, file: RuleFile) {
        if let Some(unit) = file.unit {
            self.unit = Some(unit.name);
            if unit.fail_on.is_some() {
                self.fail_on = unit.fail_on;
            }
        }
        if let Some(exempt) = file.exempt {
            self.exemptions.extend(exempt);
        }
        for mut r in file.redact {
            r.origin = file.origin.clone();
            let key = r.key();
            match self.redaction.iter_mut().find(|x| x.key() == key) {
                Some(slot) => *slot = r,
                None => self.redaction.push(r),
            }
        }
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
        for r in file.regex {
            match self.regexes.iter_mut().find(|x| x.id == r.id) {
                Some(slot) => *slot = r,
                None => self.regexes.push(r),
            }
        }
        for o in file.overrides {
            let by = if o.reason.is_empty() {
                file.origin.clone()
            } else {
                format!("{}: {}", file.origin, o.reason)
            };
            if let Some(r) = self.rules.iter_mut().find(|r| r.id == o.id) {
                r.severity = o.severity.unwrap_or(r.severity);
                r.enabled = o.enabled.unwrap_or(r.enabled);
                r.overridden = Some(by.clone());
            }
            if let Some(t) = self.term_lists.iter_mut().find(|t| t.id == o.id) {
                t.severity = o.severity.unwrap_or(t.severity);
                t.enabled = o.enabled.unwrap_or(t.enabled);
                t.overridden = Some(by.clone());
            }
            if let Some(x) = self.regexes.iter_mut().find(|x| x.id == o.id) {
                x.severity = o.severity.unwrap_or(x.severity);
                x.enabled = o.enabled.unwrap_or(x.enabled);
                x.overridden = Some(by);
            }
        }
    }

    pub fn rule(&self, id: &str) -> Option<&RuleDef> {
        self.rules.iter().find(|r| r.id == id)
    }

    /// Adds an ad-hoc term list (`--terms FILE`): one term per line, `#` comments.
    pub fn add_term_lines(&mut self, id: &str, origin: &str, text: &str, severity: Severity) {
        let terms = term_lines(text).collect();
        self.merge(RuleFile {
            terms: vec![TermList {
                id: id.to_string(),
                severity,
                tags: vec!["ad-hoc".to_string()],
                description: format!("terms from {origin}"),
                terms,
                file: None,
                kind: None,
                near: Vec::new(),
                enabled: true,
                examples: Examples::default(),
                origin: origin.to_string(),
                overridden: None,
            }],
            ..RuleFile::default()
        });
    }
}

/// The terms of a term file: one per line, blank lines and `#` comments skipped.
pub fn term_lines(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(str::to_string)
}
