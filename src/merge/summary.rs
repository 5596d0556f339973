//! Adding up shards' summaries, and the merged verdict.
//!
//! Counts add; `elapsed_ms` is the longest shard (they run side by side); units add their
//! counts and pass only when they passed everywhere. The verdict is judged again from the
//! merged findings, each against its unit's threshold, as `scan` judges each input.

use std::collections::BTreeMap;

use super::read::Record;
use crate::finding::Severity;
use crate::report::{Summary, UnitSummary};

/// Adds `s` (one shard's summary) to `total`; disagreements go to `warnings`.
pub fn add(total: &mut Summary, s: &Summary, warnings: &mut Vec<String>) {
    total.files += s.files;
    total.scanned += s.scanned;
    total.errors += s.errors;
    total.skipped += s.skipped;
    total.findings += s.findings;
    total.bytes += s.bytes;
    total.elapsed_ms = total.elapsed_ms.max(s.elapsed_ms);
    total.partial |= s.partial;
    add_counts(&mut total.by_kind, &s.by_kind);
    add_counts(&mut total.by_severity, &s.by_severity);
    if let Some(c) = &s.crawl {
        // Crawl parts (`--state DIR/report-N.jsonl`, crawl shards) add their accounting.
        let t = total.crawl.get_or_insert_with(Default::default);
        t.urls += c.urls;
        t.scanned += c.scanned;
        t.not_reviewed += c.not_reviewed;
        t.excluded += c.excluded;
        add_counts(&mut t.by_reason, &c.by_reason);
    }
    for (name, u) in &s.by_unit {
        match total.by_unit.get_mut(name) {
            Some(t) => add_unit(name, t, u, warnings),
            None => {
                total.by_unit.insert(
                    name.clone(),
                    UnitSummary {
                        files: u.files,
                        findings: u.findings,
                        by_kind: u.by_kind.clone(),
                        by_severity: u.by_severity.clone(),
                        fail_on: u.fail_on.clone(),
                        passed: u.passed,
                    },
                );
            }
        }
    }
}

fn add_counts(total: &mut BTreeMap<String, u64>, more: &BTreeMap<String, u64>) {
    for (k, n) in more {
        *total.entry(k.clone()).or_default() += n;
    }
}

/// One unit in two shards. Thresholds should agree (the same packs); when they do not,
/// the stricter one is kept and the unit is judged again against it.
fn add_unit(name: &str, total: &mut UnitSummary, u: &UnitSummary, warnings: &mut Vec<String>) {
    total.files += u.files;
    total.findings += u.findings;
    add_counts(&mut total.by_kind, &u.by_kind);
    add_counts(&mut total.by_severity, &u.by_severity);
    total.passed &= u.passed;
    if total.fail_on == u.fail_on {
        return;
    }
    let (Some(a), Some(b)) = (Severity::parse(&total.fail_on), Severity::parse(&u.fail_on)) else {
        return;
    };
    let strict = a.min(b);
    warnings.push(format!(
        "unit `{name}`: shards disagree on fail_on ({a} and {b}); judging against the \
         stricter, {strict}"
    ));
    total.fail_on = strict.to_string();
    let over = total
        .by_severity
        .iter()
        .any(|(s, n)| *n > 0 && Severity::parse(s).is_some_and(|s| s >= strict));
    total.passed &= !over;
}

/// Whether a finding reaches its threshold: `fail_on` when given, else its unit's merged
/// `fail_on`, else high (`scan`'s default).
pub fn is_blocked(summary: &Summary, records: &[Record], fail_on: Option<Severity>) -> bool {
    records.iter().any(|r| match r {
        Record::Finding(row) => {
            let unit = row
                .unit
                .as_deref()
                .and_then(|u| summary.by_unit.get(u))
                .and_then(|u| Severity::parse(&u.fail_on));
            row.severity >= fail_on.or(unit).unwrap_or(Severity::High)
        }
        Record::Unscanned(_) => false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn unit(fail_on: &str, passed: bool, high: u64) -> UnitSummary {
        UnitSummary {
            files: 2,
            findings: high + 1,
            by_kind: BTreeMap::from([("id_card".into(), high + 1)]),
            by_severity: BTreeMap::from([("high".into(), high), ("medium".into(), 1)]),
            fail_on: fail_on.into(),
            passed,
        }
    }

    fn shard(elapsed_ms: u64, u: UnitSummary) -> Summary {
        Summary {
            files: 2,
            scanned: 2,
            findings: u.findings,
            by_kind: u.by_kind.clone(),
            by_severity: u.by_severity.clone(),
            bytes: 100,
            elapsed_ms,
            by_unit: BTreeMap::from([("民政局".to_string(), u)]),
            ..Summary::default()
        }
    }

    #[test]
    fn counts_add_elapsed_is_the_longest() {
        let mut total = Summary::default();
        let mut warnings = Vec::new();
        add(&mut total, &shard(30, unit("high", true, 0)), &mut warnings);
        add(&mut total, &shard(70, unit("high", true, 0)), &mut warnings);
        assert_eq!((total.files, total.findings, total.bytes), (4, 2, 200));
        assert_eq!(total.elapsed_ms, 70);
        assert_eq!(total.by_severity.get("medium"), Some(&2));
        let u = &total.by_unit["民政局"];
        assert!(u.passed && u.files == 4 && u.fail_on == "high");
        assert!(warnings.is_empty());
    }

    #[test]
    fn disagreeing_thresholds_keep_the_stricter() {
        let mut total = Summary::default();
        let mut warnings = Vec::new();
        add(
            &mut total,
            &shard(1, unit("critical", true, 1)),
            &mut warnings,
        );
        add(&mut total, &shard(1, unit("high", true, 0)), &mut warnings);
        let u = &total.by_unit["民政局"];
        assert_eq!(u.fail_on, "high");
        assert!(!u.passed, "a high finding fails the stricter threshold");
        assert_eq!(warnings.len(), 1);
        assert!(warnings[0].contains("stricter, high"), "{warnings:?}");
    }

    #[test]
    fn a_failed_unit_stays_failed() {
        let mut total = Summary::default();
        let mut warnings = Vec::new();
        add(&mut total, &shard(1, unit("high", false, 1)), &mut warnings);
        add(&mut total, &shard(1, unit("high", true, 0)), &mut warnings);
        assert!(!total.by_unit["民政局"].passed);
    }
}
