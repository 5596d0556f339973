//! `baomi rules`: self-test, list and check rule packs.

use std::path::{Path, PathBuf};

use anyhow::Context;

use super::args::{RulesArgs, RulesCommand};
use super::exit;
use crate::engine::Engine;
use crate::ruleset::{load_str, self_test, Packs, RuleSet};

pub fn run(args: RulesArgs) -> anyhow::Result<i32> {
    match args.command {
        RulesCommand::Test { dir } => test(dir.as_deref()),
        RulesCommand::List { unit, rules_dir } => list(unit.as_deref(), rules_dir.as_deref()),
        RulesCommand::Check { paths } => check(&paths),
    }
}

fn packs(dir: Option<&Path>) -> anyhow::Result<Packs> {
    let mut packs = Packs::embedded().context("built-in unit packs")?;
    if let Some(dir) = dir {
        packs.load_dir(dir)?;
    }
    Ok(packs)
}

/// Every example of the base and of each unit pack (a unit's own rules under its
/// effective rule set).
fn test(dir: Option<&Path>) -> anyhow::Result<i32> {
    let mut out = String::new();
    let base = RuleSet::base().context("built-in rules")?;
    let packs = packs(dir)?;
    let mut failures = self_test(&base, &Engine::new(&base)?, None);
    let mut tested = vec!["base".to_string()];
    for unit in packs.names() {
        let rules = packs.resolve(base.clone(), unit)?;
        let engine = Engine::new(&rules)?;
        let own: Vec<String> = rules
            .term_lists
            .iter()
            .map(|t| t.origin.clone())
            .chain(rules.rules.iter().map(|r| r.origin.clone()))
            .filter(|o| !o.starts_with("rules/base/"))
            .collect();
        let mut origins = own;
        origins.sort();
        origins.dedup();
        for origin in origins {
            failures.extend(self_test(&rules, &engine, Some(&origin)));
        }
        tested.push(unit.to_string());
    }
    for f in &failures {
        line(&mut out, format!("FAIL {f}"));
    }
    line(
        &mut out,
        format!(
            "rules test: {} pack(s) ({}), {} failing example(s)",
            tested.len(),
            tested.join(", "),
            failures.len()
        ),
    );
    print(&out);
    Ok(if failures.is_empty() {
        exit::CLEAN
    } else {
        exit::BLOCKED
    })
}

/// The effective rule set after inheritance, with each rule's origin file.
fn list(unit: Option<&str>, dir: Option<&Path>) -> anyhow::Result<i32> {
    let mut out = String::new();
    let mut rules = RuleSet::base().context("built-in rules")?;
    if let Some(unit) = unit {
        rules = packs(dir)?.resolve(rules, unit)?;
    }
    line(
        &mut out,
        format!("unit: {}", rules.unit.as_deref().unwrap_or("(base only)")),
    );
    if let Some(f) = rules.fail_on {
        line(&mut out, format!("fail_on: {f}"));
    }
    for r in &rules.rules {
        let state = if r.enabled { "" } else { " (disabled)" };
        let by = r
            .overridden
            .as_ref()
            .map_or(String::new(), |b| format!("  ← override {b}"));
        line(
            &mut out,
            format!(
                "rule   {:<34} {:<20} {:<8}{state}  {}{by}",
                r.id,
                r.kind.as_str(),
                r.severity.as_str(),
                r.origin
            ),
        );
    }
    for t in &rules.term_lists {
        let state = if t.enabled { "" } else { " (disabled)" };
        let by = t
            .overridden
            .as_ref()
            .map_or(String::new(), |b| format!("  ← override {b}"));
        line(
            &mut out,
            format!(
                "terms  {:<34} {:<20} {:<8}{state}  {}  ({} terms){by}",
                t.id,
                "restricted_term",
                t.severity.as_str(),
                t.origin,
                t.terms.len()
            ),
        );
    }
    let e = &rules.exemptions;
    for (what, list) in [
        ("values", &e.values),
        ("terms", &e.terms),
        ("paths", &e.paths),
        ("people", &e.people),
    ] {
        if !list.is_empty() {
            line(&mut out, format!("exempt {what}: {}", list.join(", ")));
        }
    }
    print(&out);
    Ok(exit::CLEAN)
}

/// Validates rule files and directories of unit packs; errors name file, line and key.
fn check(paths: &[PathBuf]) -> anyhow::Result<i32> {
    let mut out = String::new();
    let base = RuleSet::base().context("built-in rules")?;
    let mut checked = 0;
    for path in paths {
        if path.is_dir() {
            let mut all = Packs::embedded()?;
            for unit in all.load_dir(path)? {
                all.resolve(base.clone(), &unit)?;
                checked += 1;
            }
        } else {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read {}", path.display()))?;
            load_str(&path.display().to_string(), &text)?;
            checked += 1;
        }
    }
    line(
        &mut out,
        format!("rules check: {checked} file(s)/pack(s) valid"),
    );
    print(&out);
    Ok(exit::CLEAN)
}

fn line(out: &mut String, text: String) {
    out.push_str(&text);
    out.push('\n');
}

/// Writes the report; a closed pipe (`| head`) is not an error.
fn print(out: &str) {
    use std::io::Write;
    let _ = std::io::stdout().lock().write_all(out.as_bytes());
}
