//! The engine: compiled once from a [`RuleSet`], then shared (`Send + Sync`) by every thread
//! that scans. [`Engine::detect`] runs the detection sweeps over one text buffer;
//! [`Engine::grade`] applies the rule set's severity policy to a candidate.

mod custom;

use std::collections::BTreeMap;

use crate::detect::context::CueMatcher;
use crate::detect::identifiers::IdentifierScanner;
use crate::detect::marking::{self, Anchor, ANCHORS};
use crate::detect::person_name;
use crate::detect::{address, attribute, masked_name, record};
use crate::detect::{email, tokens, Candidate, Evidence, LiteralMatch, Mask, Source};
use crate::finding::{Kind, Severity};
use crate::normalize::{fold_width, normalize_term};
use crate::ruleset::RuleSet;
use crate::terms::automaton::{BuildError, CharAutomaton};

/// Why an engine could not be built from a rule set.
#[derive(Debug, thiserror::Error)]
pub enum EngineError {
    #[error("cue words: {0}")]
    Cues(#[from] aho_corasick::BuildError),
    #[error("term list `{list}`: term {term:?} is {source}")]
    Term {
        list: String,
        term: String,
        source: BuildError,
    },
    #[error("exemptions: {0}")]
    Exemption(String),
    #[error("regex rule: {0}")]
    Regex(#[from] regex::Error),
}

/// Who owns a literal in the term automaton.
#[derive(Clone, Copy, Debug)]
enum LiteralOwner {
    TermList(usize),
    Mark(Anchor),
    /// `某` after a surname: a masked name.
    MaskedName,
    /// A label or post that a personal name may follow (index into the name anchors).
    NameAnchor(usize),
    /// A word of the sensitive-attribute dictionary (index into it).
    Attribute(usize),
}

/// Severity policy for one rule.
#[derive(Clone, Debug)]
struct Grade {
    severity: Severity,
    enabled: bool,
}

/// A restricted-term list as the engine applies it.
#[derive(Clone, Debug)]
pub struct CompiledTermList {
    pub id: String,
    pub severity: Severity,
    pub kind: Kind,
    /// Report only on a line that also holds one of these kinds (empty: anywhere).
    pub near: Vec<Kind>,
}

pub struct Engine {
    literals: CharAutomaton,
    /// For each literal id: who asked for it.
    owners: Vec<Vec<LiteralOwner>>,
    /// For each literal id: does it start / end with an ASCII letter or digit (then the
    /// match needs a Latin word boundary there).
    ascii_edges: Vec<(bool, bool)>,
    term_lists: Vec<CompiledTermList>,
    grades: BTreeMap<String, Grade>,
    cues: CueMatcher,
    unit: Option<String>,
    exempt: crate::exempt::Exempt,
    regexes: Vec<custom::CompiledRegex>,
    /// How `redact` masks each kind or rule (from the packs).
    redaction: Vec<crate::ruleset::RedactRule>,
}

impl Engine {
    pub fn new(rules: &RuleSet) -> Result<Engine, EngineError> {
        let mut literal_ids: BTreeMap<String, usize> = BTreeMap::new();
        let mut literals: Vec<String> = Vec::new();
        let mut owners: Vec<Vec<LiteralOwner>> = Vec::new();
        let mut add = |norm: String, owner: LiteralOwner| {
            let id = *literal_ids.entry(norm.clone()).or_insert_with(|| {
                literals.push(norm);
                owners.push(Vec::new());
                literals.len() - 1
            });
            if let Some(o) = owners.get_mut(id) {
                o.push(owner);
            }
        };
        for (word, anchor) in ANCHORS {
            add(normalize_term(word), LiteralOwner::Mark(*anchor));
        }
        // `张某`, and names masked with characters that cannot start an identifier token
        // (`李○○`, `王××`, `赵●`); `张**` and `王X` come through the tokenizer.
        for anchor in ["某", "○", "〇", "●", "×"] {
            add(anchor.to_string(), LiteralOwner::MaskedName);
        }
        for (index, word) in person_name::anchor_words().enumerate() {
            add(normalize_term(word), LiteralOwner::NameAnchor(index));
        }
        for (index, word) in attribute::dictionary().iter().enumerate() {
            add(normalize_term(word), LiteralOwner::Attribute(index));
        }
        let mut term_lists = Vec::new();
        for list in rules.term_lists.iter().filter(|l| l.enabled) {
            let index = term_lists.len();
            term_lists.push(CompiledTermList {
                id: list.id.clone(),
                severity: list.severity,
                kind: list.kind.unwrap_or(Kind::RestrictedTerm),
                near: list.near.clone(),
            });
            for term in &list.terms {
                let norm = normalize_term(term);
                if norm.is_empty() {
                    continue;
                }
                add(norm, LiteralOwner::TermList(index));
            }
        }
        let automaton = CharAutomaton::new(&literals).map_err(|source| {
            let index = match &source {
                BuildError::Empty { index } | BuildError::TooLong { index } => *index,
                BuildError::AlphabetFull => 0,
            };
            let term = literals.get(index).cloned().unwrap_or_default();
            let list = owners
                .get(index)
                .and_then(|o| o.first())
                .and_then(|o| match o {
                    LiteralOwner::TermList(l) => term_lists.get(*l).map(|t| t.id.clone()),
                    LiteralOwner::Mark(_)
                    | LiteralOwner::MaskedName
                    | LiteralOwner::NameAnchor(_)
                    | LiteralOwner::Attribute(_) => Some("built-in anchors".to_string()),
                })
                .unwrap_or_default();
            EngineError::Term { list, term, source }
        })?;
        let ascii_edges = literals
            .iter()
            .map(|t| {
                let first = t.chars().next().is_some_and(|c| c.is_ascii_alphanumeric());
                let last = t.chars().last().is_some_and(|c| c.is_ascii_alphanumeric());
                (first, last)
            })
            .collect();
        let grades = rules
            .rules
            .iter()
            .map(|r| {
                let grade = Grade {
                    severity: r.severity,
                    enabled: r.enabled,
                };
                (r.id.clone(), grade)
            })
            .collect();
        Ok(Engine {
            literals: automaton,
            owners,
            ascii_edges,
            term_lists,
            grades,
            cues: CueMatcher::new()?,
            unit: rules.unit.clone(),
            exempt: crate::exempt::Exempt::new(&rules.exemptions)
                .map_err(EngineError::Exemption)?,
            regexes: custom::compile(&rules.regexes)?,
            redaction: rules.redaction.clone(),
        })
    }

    /// The masking entries of the packs, for `redact`.
    pub fn redaction(&self) -> &[crate::ruleset::RedactRule] {
        &self.redaction
    }

    /// The unit whose rules this engine applies (None: base rules only).
    pub fn unit(&self) -> Option<&str> {
        self.unit.as_deref()
    }

    pub fn exempt(&self) -> &crate::exempt::Exempt {
        &self.exempt
    }

    /// All candidates in `text`, sorted by start offset, then rule.
    pub fn detect(&self, text: &str) -> Vec<Candidate> {
        let mut out = email::find(text);
        let skip: Vec<(usize, usize)> = out.iter().map(|c| (c.start, c.end)).collect();
        let mut scanner = IdentifierScanner::new(text, &self.cues);
        tokens::for_each_token(text, &skip, |token| scanner.scan_token(token, &mut out));
        let (name_anchors, attributes) = self.find_literals(text, &mut out);
        person_name::find(text, name_anchors, &mut out);
        address::find(text, &mut out);
        attribute::find_with(text, attributes, &mut out);
        custom::find(&self.regexes, text, &mut out);
        out.sort_by(|a, b| {
            (a.start, a.end, source_key(&a.source)).cmp(&(b.start, b.end, source_key(&b.source)))
        });
        out.dedup_by(|a, b| a.start == b.start && a.end == b.end && a.source == b.source);
        drop_nested_marks(&mut out);
        custom::keep_near(text, &mut out, |s| match s {
            Source::TermList(i) => self
                .term_lists
                .get(*i)
                .map(|l| l.near.as_slice())
                .filter(|n| !n.is_empty()),
            _ => None,
        });
        record::apply(text, &mut out);
        out
    }

    /// Terms, marks and masked names into `out`; the name anchors and attribute words are
    /// returned for their detectors.
    fn find_literals(
        &self,
        text: &str,
        out: &mut Vec<Candidate>,
    ) -> (Vec<LiteralMatch>, Vec<LiteralMatch>) {
        let mut name_anchors = Vec::new();
        let mut attributes = Vec::new();
        self.literals.find_overlapping(text, |id, start, end| {
            let Some(owners) = self.owners.get(id) else {
                return;
            };
            let (ascii_first, ascii_last) = self.ascii_edges.get(id).copied().unwrap_or_default();
            if (ascii_first && alnum_before(text, start)) || (ascii_last && alnum_after(text, end))
            {
                return;
            }
            for owner in owners {
                match *owner {
                    LiteralOwner::Mark(anchor) => {
                        out.extend(marking::verify(text, start, end, anchor));
                    }
                    LiteralOwner::MaskedName => {
                        out.extend(masked_name::verify_mou(text, start, end));
                    }
                    LiteralOwner::NameAnchor(index) => {
                        name_anchors.push(LiteralMatch { start, end, index });
                    }
                    LiteralOwner::Attribute(index) => {
                        attributes.push(LiteralMatch { start, end, index })
                    }
                    LiteralOwner::TermList(list) => out.push(Candidate {
                        source: Source::TermList(list),
                        kind: self
                            .term_lists
                            .get(list)
                            .map_or(Kind::RestrictedTerm, |l| l.kind),
                        start,
                        end,
                        confidence: 1.0,
                        cap: None,
                        floor: None,
                        evidence: vec![Evidence::Borrowed("term")],
                        // Filled in only when a finding is built (fingerprints).
                        normalized: String::new(),
                        mask: Mask::Verbatim,
                    }),
                }
            }
        });
        (name_anchors, attributes)
    }

    /// The rule id and severity a candidate gets under this rule set, or `None` when its
    /// rule is disabled. Caps (masked values → `info`) always apply.
    pub fn grade(&self, c: &Candidate) -> Option<(&str, Severity)> {
        let (rule, severity) = match &c.source {
            Source::Builtin(id) => {
                let grade = self.grades.get(*id);
                if grade.is_some_and(|g| !g.enabled) {
                    return None;
                }
                let severity = grade.map_or_else(|| default_severity(c.kind), |g| g.severity);
                (*id, severity)
            }
            Source::TermList(i) => {
                let list = self.term_lists.get(*i)?;
                (list.id.as_str(), list.severity)
            }
            Source::Regex(i) => {
                let r = self.regexes.get(*i)?;
                (r.id.as_str(), r.severity)
            }
        };
        let severity = c.floor.map_or(severity, |floor| severity.max(floor));
        Some((rule, c.cap.map_or(severity, |cap| severity.min(cap))))
    }
}

/// Severity for a built-in rule the rule set does not mention.
fn default_severity(kind: Kind) -> Severity {
    match kind {
        Kind::ClassificationMark => Severity::Critical,
        Kind::IdCard | Kind::MobilePhone | Kind::BankCard | Kind::Passport | Kind::TravelPermit => {
            Severity::High
        }
        Kind::Uscc => Severity::Low,
        _ => Severity::Medium,
    }
}

fn source_key(s: &Source) -> (u8, &str, usize) {
    match s {
        Source::Builtin(id) => (0, id, 0),
        Source::TermList(i) => (1, "", *i),
        Source::Regex(i) => (2, "", *i),
    }
}

/// A mark anchor inside a longer verified mark (`秘密` in `工作秘密★`) is the same mark.
/// One sweep: containers are visited before what they hold (by start, longest first);
/// regression: a file of 100k marks took seconds with the pairwise check.
fn drop_nested_marks(out: &mut Vec<Candidate>) {
    let mut order: Vec<usize> = (0..out.len())
        .filter(|&i| {
            out.get(i)
                .is_some_and(|c| c.kind == Kind::ClassificationMark)
        })
        .collect();
    if order.len() < 2 {
        return;
    }
    order.sort_by_key(|&i| out.get(i).map(|c| (c.start, std::cmp::Reverse(c.end))));
    let mut nested = vec![false; out.len()];
    let mut widest: Option<(usize, usize)> = None;
    for i in order {
        let Some(c) = out.get(i) else { continue };
        match widest {
            Some((s, e)) if c.end <= e => {
                if let Some(flag) = nested.get_mut(i) {
                    *flag = (s, e) != (c.start, c.end);
                }
            }
            _ => widest = Some((c.start, c.end)),
        }
    }
    let mut index = 0;
    out.retain(|_| {
        index += 1;
        !nested.get(index - 1).copied().unwrap_or(false)
    });
}

fn alnum_before(text: &str, at: usize) -> bool {
    text.get(..at)
        .and_then(|h| h.chars().next_back())
        .is_some_and(|c| fold_width(c).is_ascii_alphanumeric())
}

fn alnum_after(text: &str, at: usize) -> bool {
    text.get(at..)
        .and_then(|t| t.chars().next())
        .is_some_and(|c| fold_width(c).is_ascii_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn engine() -> Result<Engine, EngineError> {
        Engine::new(&RuleSet::base().unwrap_or_default())
    }

    #[test]
    fn engine_is_send_sync() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Engine>();
    }

    #[test]
    fn ascii_terms_need_word_boundaries() {
        let mut rules = RuleSet::default();
        rules.add_term_lines("terms.test", "t", "SM\n", Severity::High);
        let e = match Engine::new(&rules) {
            Ok(e) => e,
            Err(err) => panic!("{err}"),
        };
        let terms = |t: &str| {
            e.detect(t)
                .into_iter()
                .filter(|c| c.kind == Kind::RestrictedTerm)
                .count()
        };
        assert_eq!(terms("Smoking"), 0);
        assert_eq!(terms("见SM文件"), 1);
    }

    #[test]
    fn marks_and_pii_in_one_text() -> Result<(), EngineError> {
        let e = engine()?;
        let text = "机密★5年\n身份证号：11010519491231002X，手机13800138000。";
        let kinds: Vec<Kind> = e.detect(text).iter().map(|c| c.kind).collect();
        assert_eq!(
            kinds,
            vec![Kind::ClassificationMark, Kind::IdCard, Kind::MobilePhone]
        );
        Ok(())
    }
}
