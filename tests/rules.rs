//! Rule self-tests (STYLE.md "Rule self-tests"): every rule and every term list of the
//! base pack carries `examples.match` (each must produce a finding of that rule id) and
//! `examples.no_match` (none may). The tests walk whatever the pack holds; nothing here
//! names a rule.

use std::sync::OnceLock;

use baomi::ruleset::{Examples, RuleSet};
use baomi::scan::scan_str;
use baomi::{Engine, Finding};

fn base() -> &'static RuleSet {
    static RULES: OnceLock<RuleSet> = OnceLock::new();
    RULES.get_or_init(|| match RuleSet::base() {
        Ok(r) => r,
        Err(e) => panic!("base rule pack: {e}"),
    })
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| match Engine::new(base()) {
        Ok(e) => e,
        Err(e) => panic!("engine from the base pack: {e}"),
    })
}

/// A rule or a term list, as far as its self-test is concerned.
struct Subject<'a> {
    what: &'static str,
    id: &'a str,
    enabled: bool,
    examples: &'a Examples,
}

fn rules() -> Vec<Subject<'static>> {
    base()
        .rules
        .iter()
        .map(|r| Subject {
            what: "rule",
            id: &r.id,
            enabled: r.enabled,
            examples: &r.examples,
        })
        .collect()
}

fn term_lists() -> Vec<Subject<'static>> {
    base()
        .term_lists
        .iter()
        .map(|t| Subject {
            what: "term list",
            id: &t.id,
            enabled: t.enabled,
            examples: &t.examples,
        })
        .collect()
}

fn scan(text: &str) -> Vec<Finding> {
    scan_str(engine(), "example", text)
}

fn describe(findings: &[Finding]) -> String {
    let parts: Vec<String> = findings
        .iter()
        .map(|f| format!("{}@{}", f.rule, f.location))
        .collect();
    format!("[{}]", parts.join(", "))
}

/// Runs every `match` example of `subjects`; returns one line per failure.
fn check_matches(subjects: &[Subject]) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for s in subjects.iter().filter(|s| s.enabled) {
        for text in &s.examples.matches {
            checked += 1;
            let findings = scan(text);
            if !findings.iter().any(|f| f.rule == s.id) {
                failures.push(format!(
                    "{} {}: match example {text:?} gave {}",
                    s.what,
                    s.id,
                    describe(&findings)
                ));
            }
        }
    }
    (checked, failures)
}

/// Runs every `no_match` example of `subjects`; returns one line per failure.
fn check_no_matches(subjects: &[Subject]) -> (usize, Vec<String>) {
    let mut checked = 0;
    let mut failures = Vec::new();
    for s in subjects.iter().filter(|s| s.enabled) {
        for example in &s.examples.no_match {
            checked += 1;
            let findings = scan(&example.text);
            if findings.iter().any(|f| f.rule == s.id) {
                failures.push(format!(
                    "{} {}: no_match example {:?} ({}) gave {}",
                    s.what,
                    s.id,
                    example.text,
                    example.why,
                    describe(&findings)
                ));
            }
        }
    }
    (checked, failures)
}

#[test]
fn rules_000_base_pack_loads_with_unique_ids() {
    let all: Vec<Subject> = rules().into_iter().chain(term_lists()).collect();
    assert!(!base().rules.is_empty(), "no rules in the base pack");
    assert!(
        !base().term_lists.is_empty(),
        "no term lists in the base pack"
    );
    let mut ids: Vec<&str> = all.iter().map(|s| s.id).collect();
    ids.sort_unstable();
    let before = ids.len();
    ids.dedup();
    assert_eq!(before, ids.len(), "duplicate ids in the base pack");
    assert!(
        all.iter().any(|s| s.enabled),
        "nothing enabled: the self-tests would test nothing"
    );
}

#[test]
fn rules_010_every_rule_and_list_carries_examples() {
    let mut failures = Vec::new();
    for s in rules().iter().chain(term_lists().iter()) {
        if s.examples.matches.is_empty() {
            failures.push(format!("{} {}: no examples.match", s.what, s.id));
        }
        if s.examples.no_match.is_empty() {
            failures.push(format!("{} {}: no examples.no_match", s.what, s.id));
        }
        for n in &s.examples.no_match {
            if n.why.trim().is_empty() {
                failures.push(format!(
                    "{} {}: no_match {:?} without why",
                    s.what, s.id, n.text
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_020_match_examples_produce_their_rule() {
    let (checked, failures) = check_matches(&rules());
    assert!(checked >= base().rules.len(), "only {checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_030_no_match_examples_do_not_produce_their_rule() {
    let (checked, failures) = check_no_matches(&rules());
    assert!(checked >= base().rules.len(), "only {checked} examples");
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_040_term_list_match_examples_produce_their_list() {
    let (checked, failures) = check_matches(&term_lists());
    assert!(
        checked >= base().term_lists.len(),
        "only {checked} examples"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_050_term_list_no_match_examples_do_not_produce_their_list() {
    let (checked, failures) = check_no_matches(&term_lists());
    assert!(
        checked >= base().term_lists.len(),
        "only {checked} examples"
    );
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_060_match_findings_carry_the_rule_kind_and_severity() {
    let mut failures = Vec::new();
    for rule in base().rules.iter().filter(|r| r.enabled) {
        for text in &rule.examples.matches {
            for f in scan(text).iter().filter(|f| f.rule == rule.id) {
                // The record pass may raise a finding above its rule's grade, and says so.
                let raised = f.evidence.iter().any(|e| e.starts_with("record:"));
                if f.kind != rule.kind || (f.severity > rule.severity && !raised) {
                    failures.push(format!(
                        "{}: {text:?} gave kind {} severity {}, rule says {} {}",
                        rule.id, f.kind, f.severity, rule.kind, rule.severity
                    ));
                }
            }
        }
    }
    for list in base().term_lists.iter().filter(|l| l.enabled) {
        for text in &list.examples.matches {
            for f in scan(text).iter().filter(|f| f.rule == list.id) {
                let kind = list.kind.unwrap_or(baomi::Kind::RestrictedTerm);
                if f.kind != kind || f.severity != list.severity {
                    failures.push(format!(
                        "{}: {text:?} gave kind {} severity {}",
                        list.id, f.kind, f.severity
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn rules_070_every_term_is_found_on_its_own_and_in_a_sentence() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for list in base().term_lists.iter().filter(|l| l.enabled) {
        for term in &list.terms {
            // A list that needs a person nearby gets one on the same line.
            let person = if list.near.is_empty() {
                ""
            } else {
                "申请人身份证号11010519491231002X，"
            };
            for text in [
                format!("{person}{term}"),
                format!("请各单位注意：{person}{term}。"),
            ] {
                checked += 1;
                let findings = scan(&text);
                if !findings.iter().any(|f| f.rule == list.id) {
                    failures.push(format!(
                        "{}: {text:?} gave {}",
                        list.id,
                        describe(&findings)
                    ));
                }
            }
        }
    }
    assert!(checked > 0);
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
