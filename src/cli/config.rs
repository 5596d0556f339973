//! The project config `baomi.toml`: which unit's rules judge which files. A batch over a
//! tree that spans several units applies each file's own unit.
//!
//! ```toml
//! rules_dir = "rules/units"          # extra unit packs, relative to this file (optional)
//!
//! [units]
//! "民政/**" = "区民政局"               # path globs (relative to where baomi runs);
//!                                     # the longest matching pattern wins
//! "https://www.example.gov.cn/mzj/" = "区民政局"   # URL prefixes (for crawled pages)
//! ```

use std::path::{Path, PathBuf};

use anyhow::Context;
use globset::{Glob, GlobMatcher};
use serde::Deserialize;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rules_dir: Option<PathBuf>,
    #[serde(default)]
    units: toml::Table,
}

enum Matcher {
    Glob(GlobMatcher),
    Prefix(String),
}

pub struct ProjectConfig {
    pub rules_dir: Option<PathBuf>,
    units: Vec<(Matcher, String)>,
}

impl ProjectConfig {
    pub fn load(path: &Path) -> anyhow::Result<ProjectConfig> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read {}", path.display()))?;
        let file: File = toml::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{}: {}", path.display(), e.to_string().trim_end()))?;
        let mut units = Vec::new();
        for (pattern, unit) in file.units {
            let Some(unit) = unit.as_str() else {
                anyhow::bail!("{}: [units] \"{pattern}\" must name a unit", path.display());
            };
            let matcher = if pattern.starts_with("http://") || pattern.starts_with("https://") {
                Matcher::Prefix(pattern.clone())
            } else {
                let glob = Glob::new(&pattern)
                    .with_context(|| format!("{}: [units] \"{pattern}\"", path.display()))?;
                Matcher::Glob(glob.compile_matcher())
            };
            units.push((matcher, unit.to_string()));
        }
        let base = path.parent().unwrap_or(Path::new("."));
        Ok(ProjectConfig {
            rules_dir: file.rules_dir.map(|d| base.join(d)),
            units,
        })
    }

    /// Every unit the config names (to build their engines up front).
    pub fn unit_names(&self) -> Vec<&str> {
        let mut names: Vec<&str> = self.units.iter().map(|(_, u)| u.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        names
    }

    /// The unit of a path or URL: the most specific (longest) matching pattern wins.
    pub fn unit_for(&self, path: &str) -> Option<&str> {
        let path = path.strip_prefix("./").unwrap_or(path);
        self.units
            .iter()
            .filter(|(m, _)| match m {
                Matcher::Glob(g) => g.is_match(path),
                Matcher::Prefix(p) => path.starts_with(p.as_str()),
            })
            .max_by_key(|(m, _)| match m {
                Matcher::Glob(g) => g.glob().glob().len(),
                Matcher::Prefix(p) => p.len(),
            })
            .map(|(_, u)| u.as_str())
    }
}
