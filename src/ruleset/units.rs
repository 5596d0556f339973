//! Unit packs: each unit (区民政局, 区公安分局 …) answers for what it publishes, so it has its
//! own pack over the shared base. A pack names the pack it `extends` (`base` or another
//! unit), and may add rules and term lists, re-grade or disable inherited ones
//! (`[[override]]`), set its gate threshold, and declare exemptions. The example packs in
//! `rules/units/` are embedded; `--rules-dir DIR` adds (or replaces) packs from disk.

use std::collections::BTreeMap;
use std::path::Path;

use super::load::{load_str, RuleError};
use super::model::{term_lines, RuleFile, RuleSet};

/// The unit packs shipped in `rules/units/`, embedded at build time.
pub const UNIT_FILES: &[(&str, &str)] = &[
    (
        "rules/units/区民政局.toml",
        include_str!("../../rules/units/区民政局.toml"),
    ),
    (
        "rules/units/区公安分局.toml",
        include_str!("../../rules/units/区公安分局.toml"),
    ),
];

/// Longest `extends` chain followed before giving up (a cycle or a mistake).
const MAX_CHAIN: usize = 16;

/// Known unit packs by unit name.
#[derive(Debug, Default)]
pub struct Packs {
    packs: BTreeMap<String, RuleFile>,
}

fn unit_error(file: &str, message: String) -> RuleError {
    RuleError::Parse {
        file: file.to_string(),
        message,
    }
}

impl Packs {
    /// The embedded example packs.
    pub fn embedded() -> Result<Packs, RuleError> {
        let mut packs = Packs::default();
        for (name, text) in UNIT_FILES {
            packs.add(name, load_str(name, text)?)?;
        }
        Ok(packs)
    }

    /// Adds a pack; returns its unit's name.
    fn add(&mut self, origin: &str, file: RuleFile) -> Result<String, RuleError> {
        let Some(unit) = &file.unit else {
            return Err(unit_error(
                origin,
                "a unit pack needs a [unit] table with `name`".into(),
            ));
        };
        let name = unit.name.clone();
        self.packs.insert(name.clone(), file);
        Ok(name)
    }

    /// Adds every `*.toml` pack in `dir` (a pack there replaces an embedded one of the same
    /// unit) and returns the units it loaded. A term list's `file` is read relative to the
    /// pack, in any encoding.
    pub fn load_dir(&mut self, dir: &Path) -> Result<Vec<String>, RuleError> {
        let io = |e: std::io::Error| RuleError::Io {
            file: dir.display().to_string(),
            source: e,
        };
        let mut paths: Vec<_> = std::fs::read_dir(dir)
            .map_err(io)?
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .collect();
        paths.sort();
        let mut loaded = Vec::new();
        for path in paths {
            let origin = path.display().to_string();
            let text = std::fs::read_to_string(&path).map_err(|e| RuleError::Io {
                file: origin.clone(),
                source: e,
            })?;
            let mut file = load_str(&origin, &text)?;
            for list in &mut file.terms {
                if let Some(rel) = &list.file {
                    let at = path.parent().unwrap_or(Path::new(".")).join(rel);
                    let bytes = std::fs::read(&at).map_err(|e| RuleError::Io {
                        file: format!("{origin}: terms file {}", at.display()),
                        source: e,
                    })?;
                    let text = crate::extract::text::decode_all(&bytes, None);
                    list.terms.extend(term_lines(&text));
                }
            }
            loaded.push(self.add(&origin, file)?);
        }
        Ok(loaded)
    }

    pub fn names(&self) -> Vec<&str> {
        self.packs.keys().map(String::as_str).collect()
    }

    /// The effective rule set of `unit`: the base, then each pack of its `extends` chain
    /// from the root down, so the unit's own pack has the last word.
    pub fn resolve(&self, base: RuleSet, unit: &str) -> Result<RuleSet, RuleError> {
        let mut chain = Vec::new();
        let mut name = unit;
        while name != "base" {
            let Some(file) = self.packs.get(name) else {
                let known = self.names().join(", ");
                let file = chain
                    .last()
                    .map_or("--unit".to_string(), |(n, _)| format!("unit {n}"));
                return Err(unit_error(
                    &file,
                    format!("unknown unit `{name}`; known units: {known}"),
                ));
            };
            if chain.len() >= MAX_CHAIN || chain.iter().any(|(n, _)| *n == name) {
                return Err(unit_error(
                    name,
                    "the `extends` chain loops or is deeper than 16 packs".into(),
                ));
            }
            chain.push((name, file));
            name = file.unit.as_ref().map_or("base", |u| u.extends.as_str());
        }
        let mut set = base;
        for (_, file) in chain.into_iter().rev() {
            let origin = file.origin.clone();
            for o in &file.overrides {
                let known = set.rules.iter().any(|r| r.id == o.id)
                    || set.term_lists.iter().any(|t| t.id == o.id)
                    || set.regexes.iter().any(|x| x.id == o.id)
                    || file.terms.iter().any(|t| t.id == o.id)
                    || file.regex.iter().any(|x| x.id == o.id);
                if !known {
                    return Err(RuleError::Invalid {
                        file: origin,
                        id: o.id.clone(),
                        message: "override of a rule or term list no pack defines".into(),
                    });
                }
            }
            set.merge(file.clone());
        }
        Ok(set)
    }
}
