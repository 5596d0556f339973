//! Parsing and checking rule files. Errors name the file and, from the TOML parser, the
//! line and key.

use super::model::{MaskStyle, RedactRule, RuleFile};
use crate::detect::rules::ALL as BUILTIN_RULES;
use crate::normalize::normalize_term;

/// A rule file that cannot be used.
#[derive(Debug, thiserror::Error)]
pub enum RuleError {
    #[error("{file}: {message}")]
    Parse { file: String, message: String },
    #[error("{file}: rule `{id}`: {message}")]
    Invalid {
        file: String,
        id: String,
        message: String,
    },
    #[error("{file}: cannot read: {source}")]
    Io {
        file: String,
        source: std::io::Error,
    },
}

/// Parses and checks one rule file's text; `file` names it in errors.
pub fn load_str(file: &str, text: &str) -> Result<RuleFile, RuleError> {
    let mut parsed: RuleFile = toml::from_str(text).map_err(|e| RuleError::Parse {
        file: file.to_string(),
        message: e.to_string().trim_end().to_string(),
    })?;
    parsed.origin = file.to_string();
    for rule in &mut parsed.rule {
        rule.origin = file.to_string();
        let Some((_, kind)) = BUILTIN_RULES.iter().find(|(id, _)| *id == rule.id) else {
            return Err(invalid(file, &rule.id, "no built-in detector has this id"));
        };
        if *kind != rule.kind {
            return Err(invalid(
                file,
                &rule.id,
                &format!("kind must be `{kind}`, not `{}`", rule.kind),
            ));
        }
    }
    for r in &mut parsed.regex {
        r.origin = file.to_string();
        if let Err(e) = regex::Regex::new(&r.pattern) {
            return Err(invalid(
                file,
                &r.id,
                &format!("pattern does not compile: {e}"),
            ));
        }
    }
    for list in &mut parsed.terms {
        list.origin = file.to_string();
        if !list.id.starts_with("terms.") {
            return Err(invalid(file, &list.id, "term list ids start with `terms.`"));
        }
        for term in &list.terms {
            if normalize_term(term).is_empty() {
                return Err(invalid(
                    file,
                    &list.id,
                    &format!("term {term:?} is empty after normalization"),
                ));
            }
        }
    }
    for r in &parsed.redact {
        check_redact(file, r)?;
    }
    Ok(parsed)
}

fn check_redact(file: &str, r: &RedactRule) -> Result<(), RuleError> {
    let id = r.key();
    if r.kind.is_some() == r.rule.is_some() {
        return Err(invalid(file, "redact", "give either `kind` or `rule`"));
    }
    if r.mask == MaskStyle::Placeholder && r.text.as_deref().is_none_or(str::is_empty) {
        return Err(invalid(file, &id, "`placeholder` needs a non-empty `text`"));
    }
    if r.fill.as_deref().is_some_and(|f| f.chars().count() != 1) {
        return Err(invalid(file, &id, "`fill` is one character"));
    }
    if r.mask == MaskStyle::KeepEnds && r.head + r.tail == 0 && r.fill.is_none() {
        // Legal (everything masked), but almost always a typo for head/tail.
        return Err(invalid(
            file,
            &id,
            "`keep_ends` with head = tail = 0 masks everything: give head/tail, or `fill`",
        ));
    }
    Ok(())
}

fn invalid(file: &str, id: &str, message: &str) -> RuleError {
    RuleError::Invalid {
        file: file.to_string(),
        id: id.to_string(),
        message: message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_error_names_file_and_line() {
        let err = load_str("x.toml", "[[rule]]\nid = \"pii.id_card\"\nkind = 3\n");
        let msg = err.map(|_| ()).unwrap_err().to_string();
        assert!(msg.starts_with("x.toml:"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
    }

    #[test]
    fn unknown_rule_and_wrong_kind() {
        let unknown = "[[rule]]\nid = \"pii.nope\"\nkind = \"email\"\nseverity = \"low\"\n";
        assert!(load_str("u.toml", unknown).is_err());
        let wrong = "[[rule]]\nid = \"pii.email\"\nkind = \"id_card\"\nseverity = \"low\"\n";
        let msg = load_str("w.toml", wrong)
            .map(|_| ())
            .unwrap_err()
            .to_string();
        assert!(msg.contains("kind must be `email`"), "{msg}");
    }

    #[test]
    fn term_ids_and_empty_terms() {
        let bad_id = "[[terms]]\nid = \"x\"\nseverity = \"low\"\nterms = [\"a\"]\n";
        assert!(load_str("t.toml", bad_id).is_err());
        let empty = "[[terms]]\nid = \"terms.x\"\nseverity = \"low\"\nterms = [\" * \"]\n";
        assert!(load_str("t.toml", empty).is_err());
    }
}
