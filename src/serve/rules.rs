//! The rules a server judges with: the base set and every unit pack it knows (embedded
//! plus `--rules-dir`), each compiled once and shared by all requests. A reload builds a
//! whole new set and swaps it in one step; a set that fails to build leaves the old one.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Context;
use serde_json::{json, Value};

use crate::engine::Engine;
use crate::finding::{Kind, Severity};
use crate::report::RuleCatalog;
use crate::ruleset::{Packs, RuleSet};

/// One unit's (or the base's) compiled rules and threshold.
pub struct UnitRules {
    pub name: Option<String>,
    pub set: RuleSet,
    pub engine: Engine,
    pub fail_on: Severity,
}

pub struct Rules {
    /// Counts successful loads: 1 at start, +1 per reload.
    pub generation: u64,
    base: UnitRules,
    units: BTreeMap<String, UnitRules>,
    /// Applied when a request names no unit (`--unit`).
    default_unit: Option<String>,
    pub catalog: RuleCatalog,
}

impl Rules {
    /// Loads and compiles everything; any bad pack or pattern fails the whole load.
    pub fn load(
        rules_dir: Option<&Path>,
        default_unit: Option<&str>,
        generation: u64,
    ) -> anyhow::Result<Rules> {
        let mut packs = Packs::embedded().context("built-in unit packs")?;
        if let Some(dir) = rules_dir {
            packs.load_dir(dir)?;
        }
        let base_set = RuleSet::base().context("built-in rules")?;
        let mut catalog = RuleCatalog::default();
        let base = compile(None, base_set.clone(), &mut catalog)?;
        let mut units = BTreeMap::new();
        for name in packs.names() {
            let set = packs.resolve(base_set.clone(), name)?;
            units.insert(name.to_string(), compile(Some(name), set, &mut catalog)?);
        }
        if let Some(unit) = default_unit {
            if !units.contains_key(unit) {
                anyhow::bail!("unknown unit `{unit}`; known units: {}", names(&units));
            }
        }
        Ok(Rules {
            generation,
            base,
            units,
            default_unit: default_unit.map(str::to_string),
            catalog,
        })
    }

    /// The rules for a request's `unit` (or the server's default); an unknown unit is the
    /// caller's error, answered with the known names.
    pub fn select(&self, unit: Option<&str>) -> Result<&UnitRules, String> {
        match unit
            .filter(|u| !u.is_empty())
            .or(self.default_unit.as_deref())
        {
            None => Ok(&self.base),
            Some(name) => self.units.get(name).ok_or_else(|| {
                format!("unknown unit `{name}`; known units: {}", names(&self.units))
            }),
        }
    }

    pub fn unit_names(&self) -> Vec<&str> {
        self.units.keys().map(String::as_str).collect()
    }

    /// The effective rule set as JSON (`GET /v1/rules`). Term lists give their size, not
    /// their terms: a unit's restricted terms can themselves be restricted.
    pub fn describe(&self, rules: &UnitRules) -> Value {
        let set = &rules.set;
        let rule_list: Vec<Value> = set
            .rules
            .iter()
            .map(|r| {
                json!({"id": r.id, "kind": r.kind, "severity": r.severity, "enabled": r.enabled,
                       "description": r.description, "origin": r.origin, "overridden": r.overridden})
            })
            .collect();
        let terms: Vec<Value> = set
            .term_lists
            .iter()
            .map(|t| {
                json!({"id": t.id, "kind": t.kind.unwrap_or(Kind::RestrictedTerm),
                       "severity": t.severity, "enabled": t.enabled, "description": t.description,
                       "terms": t.terms.len(), "origin": t.origin, "overridden": t.overridden})
            })
            .collect();
        let regexes: Vec<Value> = set
            .regexes
            .iter()
            .map(|x| {
                json!({"id": x.id, "kind": x.kind, "severity": x.severity, "enabled": x.enabled,
                       "description": x.description, "origin": x.origin, "overridden": x.overridden})
            })
            .collect();
        let e = &set.exemptions;
        json!({
            "unit": rules.name,
            "fail_on": rules.fail_on,
            "generation": self.generation,
            "rules": rule_list,
            "term_lists": terms,
            "regexes": regexes,
            "exemptions": {"values": e.values.len(), "patterns": e.patterns.len(),
                           "terms": e.terms.len(), "paths": e.paths.len(), "people": e.people.len()},
            "units": self.unit_names(),
        })
    }
}

fn compile(
    name: Option<&str>,
    set: RuleSet,
    catalog: &mut RuleCatalog,
) -> anyhow::Result<UnitRules> {
    let engine =
        Engine::new(&set).with_context(|| format!("rules of {}", name.unwrap_or("base")))?;
    catalog.add(&set);
    Ok(UnitRules {
        name: name.map(str::to_string),
        fail_on: set.fail_on.unwrap_or(Severity::High),
        set,
        engine,
    })
}

fn names(units: &BTreeMap<String, UnitRules>) -> String {
    units.keys().cloned().collect::<Vec<_>>().join(", ")
}
