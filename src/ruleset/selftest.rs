//! Rules test themselves: each rule's and term list's `examples.match` must produce a
//! finding of that rule, each `examples.no_match` must not. Used by `baomi rules test` and
//! by the test suite over everything shipped in `rules/`.

use super::model::{Examples, RuleSet};
use crate::engine::Engine;
use crate::scan::scan_str;

/// One example that did not behave.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleFailure {
    pub id: String,
    pub origin: String,
    pub example: String,
    pub problem: String,
}

impl std::fmt::Display for ExampleFailure {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}: `{}`: example {:?}: {}",
            self.origin, self.id, self.example, self.problem
        )
    }
}

/// Runs the examples of every enabled rule and term list of `rules` (only those defined in
/// `origin` when given) through `engine`, which must be built from `rules`.
pub fn self_test(rules: &RuleSet, engine: &Engine, origin: Option<&str>) -> Vec<ExampleFailure> {
    let subjects = rules
        .rules
        .iter()
        .map(|r| (&r.id, &r.origin, r.enabled, &r.examples))
        .chain(
            rules
                .term_lists
                .iter()
                .map(|t| (&t.id, &t.origin, t.enabled, &t.examples)),
        )
        .chain(
            rules
                .regexes
                .iter()
                .map(|x| (&x.id, &x.origin, x.enabled, &x.examples)),
        );
    let mut failures = Vec::new();
    for (id, from, enabled, examples) in subjects {
        if !enabled || origin.is_some_and(|o| o != from.as_str()) {
            continue;
        }
        check(id, from, examples, engine, &mut failures);
    }
    failures
}

fn check(id: &str, origin: &str, ex: &Examples, engine: &Engine, out: &mut Vec<ExampleFailure>) {
    let rules_found = |text: &str| -> Vec<String> {
        scan_str(engine, "example", text)
            .into_iter()
            .map(|f| f.rule)
            .collect()
    };
    let fail = |example: &str, problem: String| ExampleFailure {
        id: id.to_string(),
        origin: origin.to_string(),
        example: example.to_string(),
        problem,
    };
    for text in &ex.matches {
        let found = rules_found(text);
        if !found.iter().any(|r| r == id) {
            out.push(fail(text, format!("should match; found {found:?}")));
        }
    }
    for nm in &ex.no_match {
        if rules_found(&nm.text).iter().any(|r| r == id) {
            out.push(fail(&nm.text, format!("should not match ({})", nm.why)));
        }
    }
}
