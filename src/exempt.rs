//! A unit's exemptions, compiled: values it publishes on purpose (its hotline, office
//! numbers, USCC), terms it may use, paths already reviewed, people in official capacity.
//! An exempt finding is still reported, at `info` with the exemption as evidence, so an
//! auditor sees what was let through and why.

use std::collections::HashSet;

use globset::{Glob, GlobSet, GlobSetBuilder};

use crate::finding::Kind;
use crate::normalize::{fold_width, normalize_term};
use crate::ruleset::Exemptions;

#[derive(Debug, Default)]
pub struct Exempt {
    values: HashSet<String>,
    patterns: Option<regex::RegexSet>,
    terms: HashSet<String>,
    people: HashSet<String>,
    paths: GlobSet,
    globs: Vec<String>,
}

/// A value as compared: width-folded, letters and digits only, upper case
/// (`0731-8456 7890` = `073184567890`).
fn value_key(s: &str) -> String {
    s.chars()
        .map(fold_width)
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_uppercase)
        .collect()
}

impl Exempt {
    pub fn new(e: &Exemptions) -> Result<Exempt, String> {
        let mut b = GlobSetBuilder::new();
        for g in &e.paths {
            b.add(Glob::new(g).map_err(|x| x.to_string())?);
        }
        let patterns = if e.patterns.is_empty() {
            None
        } else {
            Some(regex::RegexSet::new(&e.patterns).map_err(|x| format!("exempt patterns: {x}"))?)
        };
        Ok(Exempt {
            values: e.values.iter().map(|v| value_key(v)).collect(),
            patterns,
            terms: e.terms.iter().map(|t| normalize_term(t)).collect(),
            people: e.people.iter().map(|p| value_key(p)).collect(),
            paths: b.build().map_err(|x| x.to_string())?,
            globs: e.paths.clone(),
        })
    }

    /// The evidence for a file whose every finding is exempt (`exempt:path:<glob>`).
    pub fn path(&self, path: &str) -> Option<String> {
        let i = self.paths.matches(path).into_iter().next()?;
        Some(format!("exempt:path:{}", self.globs.get(i)?))
    }

    /// The evidence when the matched value is one the unit publishes on purpose.
    pub fn value(&self, kind: Kind, raw: &str) -> Option<&'static str> {
        match kind {
            Kind::RestrictedTerm | Kind::ClassificationMark => self
                .terms
                .contains(&normalize_term(raw))
                .then_some("exempt:term"),
            Kind::PersonName => self
                .people
                .contains(&value_key(raw))
                .then_some("exempt:person_in_official_capacity"),
            _ if self.values.contains(&value_key(raw)) => Some("exempt:value"),
            _ if self.patterns.as_ref().is_some_and(|p| p.is_match(raw)) => {
                Some("exempt:value_pattern")
            }
            _ => None,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
            && self.terms.is_empty()
            && self.people.is_empty()
            && self.globs.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_compare_without_separators_and_width() -> Result<(), String> {
        let e = Exempt::new(&Exemptions {
            values: vec!["0731-84567890".into()],
            patterns: vec![r"^0731-8222\d{4}$".into()],
            terms: vec!["内部资料".into()],
            people: vec!["王晓明".into()],
            paths: vec!["已审/**".into()],
        })?;
        assert_eq!(
            e.value(Kind::LandlinePhone, "０７３１ 8456 7890"),
            Some("exempt:value")
        );
        assert_eq!(e.value(Kind::LandlinePhone, "0731-84567891"), None);
        assert_eq!(
            e.value(Kind::LandlinePhone, "0731-82220110"),
            Some("exempt:value_pattern")
        );
        assert_eq!(e.value(Kind::LandlinePhone, "0731-82230110"), None);
        assert_eq!(
            e.value(Kind::ClassificationMark, "内 部 资 料"),
            Some("exempt:term")
        );
        assert!(e.value(Kind::PersonName, "王晓明").is_some());
        assert_eq!(
            e.path("已审/a.docx").as_deref(),
            Some("exempt:path:已审/**")
        );
        assert_eq!(e.path("待审/a.docx"), None);
        Ok(())
    }
}
