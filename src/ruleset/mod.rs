//! Rule packs: the TOML files under `rules/` that grade the built-in detectors and carry
//! restricted-term lists. The base pack is embedded in the binary, so `baomi scan` works
//! with no configuration.
//!
//! File format (extended by the per-unit rule sets later: `extends`, exemptions, regex rules):
//!
//! ```toml
//! [[rule]]                      # grades a built-in detector
//! id = "pii.id_card"
//! kind = "id_card"
//! severity = "high"
//! description = "居民身份证号"
//! examples.match = ["身份证号：11010519491231002X"]
//! examples.no_match = [{ text = "110105194912310021", why = "wrong check digit" }]
//!
//! [[terms]]                     # a restricted-term list
//! id = "terms.base.internal"
//! severity = "high"
//! tags = ["internal"]
//! terms = ["仅供内部参考", "不得外传"]
//! ```

mod load;
mod model;
mod selftest;
mod units;

pub use load::{load_str, RuleError};
pub use model::{
    Examples, Exemptions, MaskStyle, NoMatch, Override, RedactRule, RegexRule, RuleDef, RuleFile,
    RuleSet, TermList, UnitHeader,
};
pub use selftest::{self_test, ExampleFailure};
pub use units::{Packs, UNIT_FILES};

/// The base pack shipped in `rules/base/`, embedded at build time.
pub const BASE_FILES: &[(&str, &str)] = &[
    (
        "rules/base/pii.toml",
        include_str!("../../rules/base/pii.toml"),
    ),
    (
        "rules/base/marks.toml",
        include_str!("../../rules/base/marks.toml"),
    ),
    (
        "rules/base/terms.toml",
        include_str!("../../rules/base/terms.toml"),
    ),
    (
        "rules/base/sensitive.toml",
        include_str!("../../rules/base/sensitive.toml"),
    ),
    (
        "rules/base/redact.toml",
        include_str!("../../rules/base/redact.toml"),
    ),
];

impl RuleSet {
    /// The embedded base pack.
    pub fn base() -> Result<RuleSet, RuleError> {
        let mut set = RuleSet::default();
        for (name, text) in BASE_FILES {
            set.merge(load_str(name, text)?);
        }
        Ok(set)
    }
}
