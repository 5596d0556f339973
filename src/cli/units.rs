//! Which unit's rules judge which input: `--unit NAME` for everything; else `baomi.toml`
//! (`--config FILE`, or `./baomi.toml` when present) mapping path globs to units; else the
//! base rules. Each unit's engine is built once; each input is judged against its own
//! unit's threshold (`--fail-on` overrides them all).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use anyhow::Context;

use super::args::ScanArgs;
use super::config::ProjectConfig;
use crate::engine::Engine;
use crate::finding::Severity;
use crate::report::RuleCatalog;
use crate::ruleset::{Packs, RuleSet};

/// The engine, threshold and unit name applied to one input.
pub struct Judge<'a> {
    pub engine: &'a Engine,
    pub fail_on: Severity,
    pub unit: Option<&'a str>,
}

pub struct UnitEngines {
    default: Engine,
    default_fail_on: Severity,
    default_unit: Option<String>,
    config: Option<ProjectConfig>,
    mapped: HashMap<String, (Engine, Severity)>,
    /// Every rule the engines may report (SARIF rules, report legends).
    pub catalog: RuleCatalog,
}

/// Which rules judge the inputs (`scan`, `crawl`).
#[derive(clap::Args, Debug, Clone)]
pub struct RuleArgs {
    /// Exit 1 when a finding is at or above this severity. Default: the unit's threshold
    /// (`fail_on` in its pack), else high.
    #[arg(long, value_parser = super::args::parse_severity)]
    pub fail_on: Option<Severity>,

    #[command(flatten)]
    pub units: UnitArgs,
}

/// Which unit's rules apply (`scan`, `crawl`, `redact`).
#[derive(clap::Args, Debug, Clone)]
pub struct UnitArgs {
    /// Apply this unit's rule pack over the base (its terms, re-grades, exemptions,
    /// threshold, masks); findings carry the unit.
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,

    /// Load unit packs (`*.toml` with a [unit] table) from this directory, besides the
    /// embedded ones in rules/units/.
    #[arg(long, value_name = "DIR")]
    pub rules_dir: Option<PathBuf>,

    /// Project config mapping paths and URL prefixes to units (default: ./baomi.toml when
    /// present; ignored with --unit).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
}

/// The rule flags `scan` and `crawl` share, with `scan`'s term lists.
pub struct RuleChoice<'a> {
    pub config: Option<&'a Path>,
    pub unit: Option<&'a str>,
    pub rules_dir: Option<&'a Path>,
    pub terms: &'a [PathBuf],
    pub fail_on: Option<Severity>,
}

impl UnitEngines {
    pub fn build(args: &ScanArgs) -> anyhow::Result<UnitEngines> {
        Self::build_for(RuleChoice {
            config: args.rules.units.config.as_deref(),
            unit: args.rules.units.unit.as_deref(),
            rules_dir: args.rules.units.rules_dir.as_deref(),
            terms: &args.terms,
            fail_on: args.rules.fail_on,
        })
    }

    pub fn build_for(args: RuleChoice) -> anyhow::Result<UnitEngines> {
        let config = match args.config {
            Some(path) => Some(ProjectConfig::load(path)?),
            None if args.unit.is_none() && Path::new("baomi.toml").is_file() => {
                Some(ProjectConfig::load(Path::new("baomi.toml"))?)
            }
            None => None,
        };
        let mut packs = Packs::embedded().context("built-in unit packs")?;
        let dirs: Vec<&Path> = config
            .as_ref()
            .and_then(|c| c.rules_dir.as_deref())
            .into_iter()
            .chain(args.rules_dir)
            .collect();
        for dir in dirs {
            packs.load_dir(dir)?;
        }
        let terms = read_terms(args.terms)?;
        let base = RuleSet::base().context("built-in rules")?;
        let mut catalog = RuleCatalog::default();
        let (default, unit_fail_on) = engine(&base, &terms, &packs, args.unit, &mut catalog)?;
        let mut mapped = HashMap::new();
        // The flag wins over the config: with --unit the mapping is not consulted.
        if args.unit.is_none() {
            if let Some(c) = &config {
                for unit in c.unit_names() {
                    let (e, f) = engine(&base, &terms, &packs, Some(unit), &mut catalog)?;
                    let fail_on = args.fail_on.or(f).unwrap_or(Severity::High);
                    mapped.insert(unit.to_string(), (e, fail_on));
                }
            }
        }
        Ok(UnitEngines {
            default,
            default_fail_on: args.fail_on.or(unit_fail_on).unwrap_or(Severity::High),
            default_unit: args.unit.map(str::to_string),
            config: if args.unit.is_none() { config } else { None },
            mapped,
            catalog,
        })
    }

    pub fn for_path(&self, path: &str) -> Judge<'_> {
        let mapped = self
            .config
            .as_ref()
            .and_then(|c| c.unit_for(path))
            .and_then(|u| self.mapped.get_key_value(u));
        match mapped {
            Some((unit, (engine, fail_on))) => Judge {
                engine,
                fail_on: *fail_on,
                unit: Some(unit),
            },
            None => Judge {
                engine: &self.default,
                fail_on: self.default_fail_on,
                unit: self.default_unit.as_deref(),
            },
        }
    }
}

/// One engine for every input: the base rules, or `unit`'s pack over them (embedded packs
/// plus those in `rules_dir`). For commands without a project config (`baomi eval`).
pub fn single_engine(unit: Option<&str>, rules_dir: Option<&Path>) -> anyhow::Result<Engine> {
    let mut packs = Packs::embedded().context("built-in unit packs")?;
    if let Some(dir) = rules_dir {
        packs.load_dir(dir)?;
    }
    let base = RuleSet::base().context("built-in rules")?;
    Ok(engine(&base, &[], &packs, unit, &mut RuleCatalog::default())?.0)
}

/// The rules reports of `units` may name: the base rules and those units' embedded packs
/// (a unit whose pack is not embedded is left out: its rules are described by kind).
/// For `baomi merge`, which renders reports without scanning.
pub fn catalog_for<'u>(units: impl IntoIterator<Item = &'u str>) -> anyhow::Result<RuleCatalog> {
    let base = RuleSet::base().context("built-in rules")?;
    let packs = Packs::embedded().context("built-in unit packs")?;
    let mut catalog = RuleCatalog::default();
    catalog.add(&base);
    for unit in units {
        if let Ok(rules) = packs.resolve(base.clone(), unit) {
            catalog.add(&rules);
        }
    }
    Ok(catalog)
}

/// `--terms` files as (list id, origin, text), read once for all units' engines.
fn read_terms(terms: &[PathBuf]) -> anyhow::Result<Vec<(String, String, String)>> {
    terms
        .iter()
        .enumerate()
        .map(|(i, path)| {
            let bytes = std::fs::read(path)
                .with_context(|| format!("cannot read --terms file {}", path.display()))?;
            // Reviewers' term lists are often GBK: decode them the way inputs are.
            let text = crate::extract::text::decode_all(&bytes, None);
            Ok((
                format!("terms.adhoc.{}", i + 1),
                path.display().to_string(),
                text,
            ))
        })
        .collect()
}

/// The engine for the base rules or a unit's pack over them (with the `--terms` lists
/// added), and the unit's threshold.
fn engine(
    base: &RuleSet,
    terms: &[(String, String, String)],
    packs: &Packs,
    unit: Option<&str>,
    catalog: &mut RuleCatalog,
) -> anyhow::Result<(Engine, Option<Severity>)> {
    let mut rules = match unit {
        Some(unit) => packs.resolve(base.clone(), unit)?,
        None => base.clone(),
    };
    for (id, origin, text) in terms {
        rules.add_term_lines(id, origin, text, Severity::High);
    }
    let fail_on = rules.fail_on;
    catalog.add(&rules);
    Ok((Engine::new(&rules)?, fail_on))
}
