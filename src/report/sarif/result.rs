//! One finding as a SARIF `result`: level, bilingual message, physical and logical
//! location, fingerprints and baomi's own fields as properties.

use serde_json::{json, Map, Value};

use super::artifacts::{self, Artifacts};
use super::{help, with_optional};
use crate::finding::Location;
use crate::report::Row;

/// The finding `row` as a result of rule number `rule_index`.
pub fn result(row: &Row, rule_index: Option<usize>, artifacts: &mut Artifacts) -> Value {
    artifacts.ensure(&row.path);
    let (outer, member) = artifacts.outermost(&row.path);
    let mut physical = Map::new();
    physical.insert("artifactLocation".into(), artifacts.location(outer));
    let region = member.is_none().then(|| region(row)).flatten();
    let has_region = region.is_some();
    if let Some(region) = region {
        physical.insert("region".into(), region);
    }
    let mut location = Map::new();
    location.insert("physicalLocation".into(), physical.into());
    let logical = logical_locations(member, &row.location, has_region);
    if !logical.is_empty() {
        location.insert("logicalLocations".into(), logical.into());
    }
    let result = json!({
        "ruleId": row.rule,
        "level": help::level(row.severity),
        "message": {"text": message(row, member)},
        "locations": [location],
        "partialFingerprints": {
            "baomiFingerprint/v1": row.fingerprint,
            "primaryLocationLineHash": row.fingerprint,
        },
        "properties": properties(row, member),
    });
    with_optional(result, "ruleIndex", rule_index.map(Value::from))
}

/// Line and column of a text input; the snippet is the match as reported (masked).
fn region(row: &Row) -> Option<Value> {
    let line = row.location.line.filter(|l| *l >= 1)?;
    let region = json!({"startLine": line, "snippet": {"text": row.text}});
    let column = row.location.column.filter(|c| *c >= 1).map(Value::from);
    Some(with_optional(region, "startColumn", column))
}

/// The archive member, then the place in the document when no region gives it.
fn logical_locations(member: Option<&str>, loc: &Location, has_region: bool) -> Vec<Value> {
    let mut out = Vec::new();
    if let Some(m) = member {
        out.push(artifacts::member_location(m));
    }
    let place = place_en(loc);
    if !has_region && !place.is_empty() {
        let name = loc.cell.clone().unwrap_or_else(|| place.clone());
        out.push(json!({"name": name, "fullyQualifiedName": place, "kind": "element"}));
    }
    out
}

/// Where in a document, in English words: `公示!B3`, `page 3, paragraph 2`,
/// `line 4, column 7`, `paragraph 1, comment (李四)`.
fn place_en(loc: &Location) -> String {
    let mut p: Vec<String> = Vec::new();
    match (&loc.sheet, &loc.cell) {
        (Some(s), Some(c)) => p.push(format!("{s}!{c}")),
        (Some(s), None) => p.push(format!("sheet {s}")),
        (None, Some(c)) => p.push(format!("cell {c}")),
        (None, None) => {}
    }
    let numbered = [
        ("row", if loc.cell.is_none() { loc.row } else { None }),
        ("column", if loc.cell.is_none() { loc.col } else { None }),
        ("page", loc.page),
        ("slide", loc.slide),
        ("paragraph", loc.paragraph),
    ];
    for (word, n) in numbered {
        if let Some(n) = n {
            p.push(format!("{word} {n}"));
        }
    }
    let lines = [("line", loc.line), ("column", loc.column)];
    p.extend(
        lines
            .iter()
            .filter_map(|(w, n)| n.map(|n| format!("{w} {n}"))),
    );
    if let Some(part) = loc.part.as_deref().filter(|p| *p != "body") {
        let part = part.replace('_', " ");
        p.push(match &loc.field {
            Some(field) => format!("{part} ({field})"),
            None => part,
        });
    }
    p.join(", ")
}

/// Chinese, then English: kind, masked text, where, hidden; then the masked context.
fn message(row: &Row, member: Option<&str>) -> String {
    let member = member.map(str::to_string);
    let zh_place = Some(row.location.to_string()).filter(|p| p != "-");
    let zh_where: Vec<String> = [member.clone(), zh_place].into_iter().flatten().collect();
    let en_place = Some(place_en(&row.location)).filter(|p| !p.is_empty());
    let en_where: Vec<String> = [member, en_place].into_iter().flatten().collect();
    let label_en = help::label_en(row.kind);
    let mut zh = format!("{}「{}」", row.kind.label_zh(), row.text);
    let mut en = format!("Found {label_en} \"{}\"", row.text);
    if !zh_where.is_empty() {
        zh.push_str(&format!("，位置：{}", zh_where.join(" ")));
        en.push_str(&format!(" at {}", en_where.join(", ")));
    }
    if row.hidden {
        zh.push_str("（读者不可见）");
        en.push_str(" (hidden from readers)");
    }
    let context = match row.context.trim() {
        "" => String::new(),
        c => format!("上下文 Context: {c}。"),
    };
    format!("{zh}。{context}{en}.")
}

/// baomi's own fields (the contract's names), for consumers that read more than SARIF.
fn properties(row: &Row, member: Option<&str>) -> Value {
    let p = json!({
        "path": row.path,
        "kind": row.kind,
        "severity": row.severity,
        "hidden": row.hidden,
        // Through f64 without float noise (0.9f32 would print as 0.8999999761581421).
        "confidence": (f64::from(row.confidence) * 100.0).round() / 100.0,
        "evidence": row.evidence,
        "context": row.context,
        "location": row.location,
    });
    let optional = [
        ("unit", row.unit.as_deref()),
        ("part", row.location.part.as_deref()),
        ("member", member),
    ];
    optional.into_iter().fold(p, |p, (key, value)| {
        with_optional(p, key, value.map(Value::from))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn places_in_words() {
        let cases = [
            (
                Location {
                    sheet: Some("公示".into()),
                    cell: Some("B3".into()),
                    row: Some(3),
                    col: Some(2),
                    ..Location::default()
                },
                "公示!B3",
            ),
            (
                Location {
                    page: Some(3),
                    paragraph: Some(2),
                    ..Location::default()
                },
                "page 3, paragraph 2",
            ),
            (
                Location {
                    row: Some(4),
                    col: Some(2),
                    ..Location::default()
                },
                "row 4, column 2",
            ),
            (
                Location {
                    line: Some(4),
                    column: Some(7),
                    part: Some("body".into()),
                    ..Location::default()
                },
                "line 4, column 7",
            ),
            (
                Location {
                    paragraph: Some(1),
                    part: Some("comment".into()),
                    field: Some("李四".into()),
                    ..Location::default()
                },
                "paragraph 1, comment (李四)",
            ),
            (
                Location {
                    part: Some("metadata".into()),
                    field: Some("author".into()),
                    ..Location::default()
                },
                "metadata (author)",
            ),
            (Location::default(), ""),
        ];
        for (loc, want) in cases {
            assert_eq!(place_en(&loc), want, "{loc:?}");
        }
    }
}
