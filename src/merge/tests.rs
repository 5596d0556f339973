//! Merging: order by input whatever the split, shard coverage, overlaps, the verdict.

use std::collections::BTreeMap;

use super::*;
use crate::finding::{Kind, Location};
use crate::report::{Row, UnitSummary, Unscanned};

fn row(path: &str, severity: Severity, unit: Option<&str>) -> Record {
    Record::Finding(Box::new(Row {
        path: path.into(),
        unit: unit.map(str::to_string),
        rule: "pii.id_card".into(),
        kind: Kind::IdCard,
        severity,
        text: "1101**********0011".into(),
        location: Location::default(),
        context: String::new(),
        fingerprint: format!("fp-{path}"),
        hidden: false,
        confidence: 1.0,
        evidence: Vec::new(),
        linked_from: None,
    }))
}

fn error(path: &str) -> Record {
    Record::Unscanned(Unscanned {
        path: path.into(),
        error: "broken".into(),
        skipped: false,
        linked_from: None,
    })
}

/// A report whose summary accounts for its records.
fn section(file: &str, shard: Option<(u32, u32)>, records: Vec<Record>) -> Section {
    let findings = records
        .iter()
        .filter(|r| matches!(r, Record::Finding(_)))
        .count() as u64;
    let errors = records.len() as u64 - findings;
    Section {
        file: file.into(),
        line: records.len() + 1,
        summary: Summary {
            files: records.len() as u64,
            scanned: findings,
            errors,
            findings,
            shard: shard.map(|(i, n)| format!("{i}/{n}")),
            ..Summary::default()
        },
        shard: shard.map(|(index, count)| Shard { index, count }),
        records,
    }
}

fn paths(m: &Merged) -> Vec<&str> {
    m.records.iter().map(Record::path).collect()
}

#[test]
fn order_is_by_input_and_keeps_members_in_report_order() -> Result<(), MergeError> {
    let high = Severity::High;
    let a = || {
        vec![
            row("b.zip", high, None),
            row("b.zip!/z.docx", high, None),
            row("b.zip!/a.docx", high, None),
            error("d.pdf"),
        ]
    };
    let b = || vec![row("a.txt", high, None), row("c.txt", high, None)];
    let want = [
        "a.txt",
        "b.zip",
        "b.zip!/z.docx",
        "b.zip!/a.docx",
        "c.txt",
        "d.pdf",
    ];
    let one = merge(
        vec![
            section("0", Some((0, 2)), a()),
            section("1", Some((1, 2)), b()),
        ],
        MergeOptions::default(),
    )?;
    let other = merge(
        vec![
            section("1", Some((1, 2)), b()),
            section("0", Some((0, 2)), a()),
        ],
        MergeOptions::default(),
    )?;
    assert_eq!(paths(&one), want);
    assert_eq!(paths(&other), want);
    assert_eq!((one.summary.findings, one.summary.errors), (5, 1));
    assert!(one.summary.blocked);
    Ok(())
}

#[test]
fn shards_missing_twice_or_mixed() {
    let s = |file: &str, shard| section(file, shard, vec![]);
    let err = |sections, allow_partial| {
        let options = MergeOptions {
            allow_partial,
            ..MergeOptions::default()
        };
        match merge(sections, options) {
            Err(e) => e.to_string(),
            Ok(m) => format!("ok partial={} {:?}", m.summary.partial, m.warnings),
        }
    };
    let missing = err(vec![s("a", Some((0, 3))), s("c", Some((2, 3)))], false);
    assert!(missing.contains("shard(s) 1/3 missing"), "{missing}");
    let partial = err(vec![s("a", Some((0, 3))), s("c", Some((2, 3)))], true);
    assert!(partial.starts_with("ok partial=true"), "{partial}");
    let twice = err(
        vec![
            s("a", Some((0, 2))),
            s("b", Some((0, 2))),
            s("c", Some((1, 2))),
        ],
        true,
    );
    assert!(
        twice.contains("shard 0/2 is given twice: a:1 and b:1"),
        "{twice}"
    );
    let counts = err(vec![s("a", Some((0, 2))), s("b", Some((1, 3)))], true);
    assert!(counts.contains("shard counts differ"), "{counts}");
    let mixed = err(vec![s("a", Some((0, 1))), s("b", None)], true);
    assert!(mixed.contains("b:1 is not a shard"), "{mixed}");
    let whole = err(vec![s("a", None), s("b", None)], false);
    assert!(whole.starts_with("ok partial=false"), "{whole}");
}

#[test]
fn a_path_in_two_reports_is_an_overlap() {
    let e = merge(
        vec![
            section("a", None, vec![row("x.txt", Severity::Low, None)]),
            section("b", None, vec![error("x.txt")]),
        ],
        MergeOptions::default(),
    );
    assert!(
        matches!(&e, Err(MergeError::Overlap { path, .. }) if path == "x.txt"),
        "{e:?}"
    );
}

#[test]
fn verdict_uses_the_unit_threshold_or_fail_on() -> Result<(), MergeError> {
    let with_unit = |fail_on: &str| {
        let mut s = section("a", None, vec![row("x.txt", Severity::Medium, Some("局"))]);
        s.summary.by_unit = BTreeMap::from([(
            "局".to_string(),
            UnitSummary {
                files: 1,
                findings: 1,
                fail_on: fail_on.into(),
                passed: fail_on != "medium",
                ..UnitSummary::default()
            },
        )]);
        s
    };
    let options = MergeOptions::default();
    assert!(merge(vec![with_unit("medium")], options)?.summary.blocked);
    assert!(!merge(vec![with_unit("high")], options)?.summary.blocked);
    let strict = MergeOptions {
        fail_on: Some(Severity::Low),
        ..options
    };
    assert!(merge(vec![with_unit("high")], strict)?.summary.blocked);
    Ok(())
}
