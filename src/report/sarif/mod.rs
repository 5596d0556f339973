//! SARIF 2.1.0 (`--format sarif`) for code-scanning UIs (GitHub, GitLab, Azure DevOps, the
//! VS Code SARIF viewer): one run, one reporting descriptor per rule that fired (bilingual
//! help in `help.rs`), one result per finding, every input as an artifact, and the inputs
//! that could not be scanned as error notifications of the invocation. Rows arrive masked
//! unless the run reveals; this module only renders them.
//!
//! Mapping (checked with Microsoft's SARIF Multitool, `scripts/validate-sarif.sh`):
//! - severity → `level`: critical/high `error`, medium `warning`, low/info `note`; rules
//!   carry `properties.security-severity` (a string, as GitHub reads it).
//! - text inputs get a `region` (line; column in code points, `run.columnKind`) whose
//!   snippet is the masked match. Documents have no lines: the region is omitted (SARIF
//!   §3.29.4: the result concerns the artifact) and the place is a logical location
//!   (`公示!B3`, `page 3, paragraph 2`). The masked context is in the message and in
//!   `properties.context`.
//! - archive members (`outer.zip!/in/a.docx`): the physical location is the outermost file,
//!   the one a repository holds and a UI can open; the member path is the first logical
//!   location (kind `resource`) and `properties.member`. `artifacts` lists each member as a
//!   nested artifact (`parentIndex`, URI relative to its archive). A `!/` whose left side
//!   is not an input of the run is part of a file name, not a member separator.
//! - `partialFingerprints` holds baomi's fingerprint as `baomiFingerprint/v1` and as
//!   `primaryLocationLineHash`, the one key GitHub reads (without it, upload-sarif would
//!   hash "lines" of binary documents).

mod artifacts;
mod help;
mod result;
mod rules;
mod uri;

use std::io::Write;

use serde_json::{json, Value};

use super::{Collected, RuleCatalog, Summary, Unscanned};
use artifacts::Artifacts;

const SCHEMA: &str = "https://json.schemastore.org/sarif-2.1.0.json";

/// Writes the run as one SARIF log.
pub fn write(
    run: &Collected,
    summary: &Summary,
    catalog: &RuleCatalog,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(run, summary, catalog))?;
    out.write_all(b"\n")
}

/// The SARIF log of a run.
fn document(run: &Collected, summary: &Summary, catalog: &RuleCatalog) -> Value {
    let mut artifacts = Artifacts::new(&run.paths);
    let (rule_index, rules) = rules::rules(&run.findings, catalog);
    let results: Vec<Value> = run
        .findings
        .iter()
        .map(|row| {
            let index = rule_index.get(row.rule.as_str()).copied();
            result::result(row, index, &mut artifacts)
        })
        .collect();
    let notifications: Vec<Value> = run
        .unscanned
        .iter()
        .map(|u| notification(u, &mut artifacts))
        .collect();
    let invocation = with_optional(
        json!({"executionSuccessful": true}),
        "toolExecutionNotifications",
        (!notifications.is_empty()).then(|| notifications.into()),
    );
    let version = env!("CARGO_PKG_VERSION");
    let run_object = json!({
        "tool": {"driver": {
            "name": "baomi",
            "fullName": "baomi 公开前保密与个人信息审查 (pre-publication review)",
            "version": version,
            "semanticVersion": version,
            "rules": rules,
        }},
        "invocations": [invocation],
        "columnKind": "unicodeCodePoints",
        "results": results,
        "properties": {"summary": summary},
    });
    let artifacts = (!artifacts.list.is_empty()).then(|| artifacts.list.into());
    let run_object = with_optional(run_object, "artifacts", artifacts);
    json!({"$schema": SCHEMA, "version": "2.1.0", "runs": [run_object]})
}

/// `object` with `key` set when there is a value (SARIF omits absent properties).
fn with_optional(mut object: Value, key: &str, value: Option<Value>) -> Value {
    if let (Some(map), Some(value)) = (object.as_object_mut(), value) {
        map.insert(key.into(), value);
    }
    object
}

/// An input that was not scanned: an error notification, on its outermost file.
fn notification(u: &Unscanned, artifacts: &mut Artifacts) -> Value {
    artifacts.ensure(&u.path);
    let (outer, member) = artifacts.outermost(&u.path);
    let (zh, en) = if u.skipped {
        (
            "未扫描（格式不支持），未经审查",
            "Not scanned (format not read), so not reviewed",
        )
    } else {
        (
            "无法扫描，未经审查",
            "Could not be scanned, so not reviewed",
        )
    };
    let error = u.error.trim_end_matches(['.', '。']);
    let location = with_optional(
        json!({"physicalLocation": {"artifactLocation": artifacts.location(outer)}}),
        "logicalLocations",
        member.map(|m| json!([artifacts::member_location(m)])),
    );
    json!({
        "level": "error",
        "message": {"text": format!("{zh}：{}（{error}）。{en}: {} ({error}).", u.path, u.path)},
        "locations": [location],
        "properties": {"path": u.path, "error": u.error, "skipped": u.skipped},
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Finding, Kind, Location, Sensitive, Severity};
    use crate::report::Row;

    const RAW_ID: &str = "43010219900101123X";

    fn finding(path: &str, rule: &str, kind: Kind, severity: Severity, loc: Location) -> Finding {
        Finding {
            path: path.to_string(),
            unit: Some("区民政局".to_string()),
            rule: rule.to_string(),
            kind,
            severity,
            value: Sensitive::new(RAW_ID.to_string()),
            masked: "430102********123X".to_string(),
            location: loc,
            offset: 0,
            context: Sensitive::new(format!("身份证号 {RAW_ID}")),
            context_masked: "身份证号 430102********123X".to_string(),
            fingerprint: format!("fp-{path}-{rule}"),
            hidden: false,
            confidence: 0.9,
            evidence: vec!["checksum:GB11643".to_string()],
        }
    }

    fn sample(reveal: bool) -> Value {
        let text = Location {
            line: Some(3),
            column: Some(7),
            ..Location::default()
        };
        let cell = Location {
            sheet: Some("公示".into()),
            cell: Some("C5".into()),
            part: Some("hidden_sheet".into()),
            ..Location::default()
        };
        let para = Location {
            paragraph: Some(2),
            part: Some("comment".into()),
            ..Location::default()
        };
        let findings = [
            finding("a b.txt", "pii.id_card", Kind::IdCard, Severity::High, text),
            finding(
                "表.xlsx",
                "pii.id_card",
                Kind::IdCard,
                Severity::Critical,
                cell,
            ),
            finding(
                "pkg.zip!/in/c.docx",
                "mark.secret",
                Kind::ClassificationMark,
                Severity::Medium,
                para,
            ),
            finding(
                "dir!/x.txt",
                "pii.id_card.masked",
                Kind::IdCard,
                Severity::Info,
                Location::default(),
            ),
        ];
        let paths = [
            "a b.txt",
            "表.xlsx",
            "pkg.zip",
            "pkg.zip!/in/c.docx",
            "bad.docx",
            "dir!/x.txt",
        ];
        let run = Collected {
            findings: findings.iter().map(|f| Row::new(f, reveal)).collect(),
            unscanned: vec![Unscanned {
                path: "bad.docx".into(),
                error: "damaged".into(),
                skipped: false,
                linked_from: None,
            }],
            paths: paths.iter().map(|p| p.to_string()).collect(),
        };
        document(&run, &Summary::default(), &RuleCatalog::default())
    }

    fn list<'v>(v: &'v Value, pointer: &str) -> &'v Vec<Value> {
        v.pointer(pointer)
            .and_then(Value::as_array)
            .unwrap_or_else(|| panic!("{pointer}"))
    }

    #[test]
    fn levels_and_rule_indexes_agree() {
        let log = sample(false);
        let rules = list(&log, "/runs/0/tool/driver/rules");
        let ids: Vec<&str> = rules.iter().filter_map(|r| r["id"].as_str()).collect();
        assert_eq!(ids, ["mark.secret", "pii.id_card", "pii.id_card.masked"]);
        let levels: Vec<&str> = list(&log, "/runs/0/results")
            .iter()
            .map(|r| {
                let i = r["ruleIndex"]
                    .as_u64()
                    .and_then(|i| usize::try_from(i).ok());
                assert_eq!(i.and_then(|i| ids.get(i)).copied(), r["ruleId"].as_str());
                r["level"].as_str().unwrap_or_default()
            })
            .collect();
        assert_eq!(levels, ["error", "error", "warning", "note"]);
        assert_eq!(rules[0]["name"], "MarkSecret");
        assert_eq!(rules[0]["defaultConfiguration"]["level"], "warning");
        assert_eq!(rules[0]["properties"]["security-severity"], "5.5");
        assert!(rules[0]["help"]["text"]
            .as_str()
            .is_some_and(|t| t.contains("定密")));
    }

    #[test]
    fn locations_artifacts_and_members() {
        let log = sample(false);
        let artifacts = list(&log, "/runs/0/artifacts");
        let uris: Vec<&str> = artifacts
            .iter()
            .filter_map(|a| a["location"]["uri"].as_str())
            .collect();
        assert_eq!(
            uris,
            [
                "a%20b.txt",
                "%E8%A1%A8.xlsx",
                "pkg.zip",
                "in/c.docx",
                "bad.docx",
                "dir!/x.txt"
            ]
        );
        assert_eq!(artifacts[3]["parentIndex"], 2);
        assert!(
            artifacts[5].get("parentIndex").is_none(),
            "dir! is not an input"
        );
        let results = list(&log, "/runs/0/results");
        for r in results {
            let at = &r["locations"][0]["physicalLocation"]["artifactLocation"];
            let i = at["index"]
                .as_u64()
                .and_then(|i| usize::try_from(i).ok())
                .unwrap_or(99);
            assert_eq!(artifacts[i]["location"]["uri"], at["uri"]);
        }
        let region = &results[0]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(3), Some(7))
        );
        let cell = &results[1]["locations"][0];
        assert!(cell["physicalLocation"].get("region").is_none());
        assert_eq!(
            cell["logicalLocations"][0]["fullyQualifiedName"],
            "公示!C5, hidden sheet"
        );
        let member = &results[2]["locations"][0];
        assert_eq!(
            member["physicalLocation"]["artifactLocation"]["uri"],
            "pkg.zip"
        );
        assert_eq!(
            member["logicalLocations"][0]["fullyQualifiedName"],
            "in/c.docx"
        );
        assert_eq!(results[2]["properties"]["member"], "in/c.docx");
        assert_eq!(
            results[2]["partialFingerprints"]["baomiFingerprint/v1"],
            "fp-pkg.zip!/in/c.docx-mark.secret"
        );
    }

    #[test]
    fn unscanned_inputs_are_error_notifications() {
        let log = sample(false);
        assert_eq!(
            log["runs"][0]["invocations"][0]["executionSuccessful"],
            true
        );
        let n = list(&log, "/runs/0/invocations/0/toolExecutionNotifications");
        assert_eq!(n.len(), 1);
        assert_eq!(n[0]["level"], "error");
        assert_eq!(
            n[0]["locations"][0]["physicalLocation"]["artifactLocation"]["index"],
            4
        );
    }

    #[test]
    fn masked_unless_revealed() {
        let masked = serde_json::to_string(&sample(false)).unwrap_or_default();
        assert!(!masked.contains(RAW_ID) && masked.contains("430102********123X"));
        let message = &sample(false)["runs"][0]["results"][0]["message"]["text"];
        assert!(message
            .as_str()
            .is_some_and(|m| m.contains("「430102********123X」") && m.ends_with('.')));
        let revealed = serde_json::to_string(&sample(true)).unwrap_or_default();
        assert!(revealed.contains(RAW_ID));
    }
}
