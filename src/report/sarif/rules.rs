//! `tool.driver.rules`: one reporting descriptor per rule that fired, from the rule
//! catalog, with the kind's bilingual help and GitHub's severity properties.

use std::collections::BTreeMap;

use serde_json::{json, Value};

use super::help;
use crate::report::{Row, RuleCatalog, RuleInfo};

/// The rules that fired, sorted by id, and each id's index in that list.
pub fn rules<'a>(rows: &'a [Row], catalog: &RuleCatalog) -> (BTreeMap<&'a str, usize>, Vec<Value>) {
    let mut first: BTreeMap<&str, &Row> = BTreeMap::new();
    for row in rows {
        first.entry(row.rule.as_str()).or_insert(row);
    }
    let descriptors = first
        .values()
        .map(|row| descriptor(&catalog.get(&row.rule, row.kind, row.severity)))
        .collect();
    let index = first.keys().enumerate().map(|(i, id)| (*id, i)).collect();
    (index, descriptors)
}

fn descriptor(rule: &RuleInfo) -> Value {
    let (kind, severity) = (rule.kind, rule.severity);
    let label = format!("{}（{}）", kind.label_zh(), help::label_en(kind));
    let short = match rule.description.trim() {
        "" => label.clone(),
        d => d.to_string(),
    };
    let (text, markdown) = help::help(kind, severity, &short);
    json!({
        "id": rule.id,
        "name": rule_name(&rule.id),
        "shortDescription": {"text": short},
        "fullDescription": {"text": format!("{label}：{short}")},
        "help": {"text": text, "markdown": markdown},
        "defaultConfiguration": {"level": help::level(severity)},
        "properties": {
            "kind": kind,
            "severity": severity,
            "security-severity": help::security_severity(severity),
            "tags": help::tags(kind),
        },
    })
}

/// `pii.id_card.masked` → `PiiIdCardMasked` (Chinese segments are kept as they are).
fn rule_name(id: &str) -> String {
    id.split(|c: char| c.is_ascii_punctuation() || c.is_whitespace())
        .flat_map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|c| c.to_ascii_uppercase())
                .into_iter()
                .chain(chars)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case() {
        assert_eq!(rule_name("pii.id_card.masked"), "PiiIdCardMasked");
        assert_eq!(rule_name("terms.民政局.内部"), "Terms民政局内部");
    }
}
