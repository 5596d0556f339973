//! Closing the report part of a crawl that was killed: its JSON Lines report has records
//! but no summary line, so `baomi merge` would refuse it. On resume the part gets the
//! summary its records and its accounting file support (by unit counts are left out: the
//! unit of a URL that was never written cannot be known from the part). Records and
//! accounting lines of URLs the state log does not mark done are dropped: the resumed run
//! fetches those again, and the parts must not report a URL twice.

use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde_json::Value;

use crate::report::{CrawlTally, Summary};

/// Appends a summary to every `report-N.jsonl` in `dir` that ends without one; returns how
/// many were closed.
pub fn close_cut_parts(dir: &Path) -> std::io::Result<usize> {
    let mut closed = 0;
    let done = done_urls(dir);
    for n in 1.. {
        let report = dir.join(format!("report-{n}.jsonl"));
        if !report.exists() {
            break;
        }
        let text = std::fs::read_to_string(&report)?;
        let lines: Vec<Value> = text
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .collect();
        if lines.last().is_some_and(|v| v.get("summary").is_some()) {
            continue;
        }
        let is_done = |v: &Value, key: &str| {
            let path = v.get(key).and_then(Value::as_str).unwrap_or_default();
            done.contains(path.split("!/").next().unwrap_or(path))
        };
        let lines: Vec<Value> = lines.into_iter().filter(|v| is_done(v, "path")).collect();
        let accounting_path = dir.join(format!("accounting-{n}.jsonl"));
        let accounting: Vec<Value> = std::fs::read_to_string(&accounting_path)
            .unwrap_or_default()
            .lines()
            .filter_map(|l| serde_json::from_str::<Value>(l).ok())
            .filter(|v| is_done(v, "url"))
            .collect();
        let summary = summarize(&lines, &accounting);
        let mut kept = Vec::new();
        for a in &accounting {
            writeln!(kept, "{a}")?;
        }
        std::fs::write(&accounting_path, kept)?;
        // Rewritten whole: a record torn by the kill, or of a URL not marked done, is
        // dropped (the resumed run fetches that URL again).
        let mut out = Vec::with_capacity(text.len() + 512);
        for line in &lines {
            writeln!(out, "{line}")?;
        }
        writeln!(out, "{}", serde_json::json!({ "summary": summary }))?;
        let partial = dir.join(format!("report-{n}.jsonl.tmp"));
        std::fs::write(&partial, out)?;
        std::fs::rename(&partial, &report)?;
        closed += 1;
    }
    Ok(closed)
}

/// The URLs the state log marks done, as reports print them.
fn done_urls(dir: &Path) -> HashSet<String> {
    let text = std::fs::read_to_string(dir.join("events.jsonl")).unwrap_or_default();
    text.lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("done").and_then(Value::as_str).map(super::scope::iri))
        .collect()
}

fn summarize(records: &[Value], accounting: &[Value]) -> Summary {
    let mut s = Summary::default();
    for r in records {
        if r.get("error").is_some() {
            if r.get("skipped").and_then(Value::as_bool) == Some(true) {
                s.skipped += 1;
            } else {
                s.errors += 1;
            }
        } else if r.get("fingerprint").is_some() {
            s.findings += 1;
            let count = |map: &mut BTreeMap<String, u64>, key: &str| {
                if let Some(k) = r.get(key).and_then(Value::as_str) {
                    *map.entry(k.to_string()).or_default() += 1;
                }
            };
            count(&mut s.by_kind, "kind");
            count(&mut s.by_severity, "severity");
        }
    }
    let mut tally = CrawlTally::default();
    for a in accounting {
        let status = a.get("status").and_then(Value::as_str).unwrap_or_default();
        tally.urls += 1;
        match status {
            "scanned" => {
                tally.scanned += 1;
                s.files += 1;
                s.bytes += a.get("bytes").and_then(Value::as_u64).unwrap_or(0);
            }
            "error" | "skipped" => {
                tally.not_reviewed += 1;
                s.files += 1;
            }
            _ => tally.excluded += 1,
        }
        let reason = a.get("reason").and_then(Value::as_str).unwrap_or(status);
        *tally.by_reason.entry(reason.to_string()).or_default() += 1;
    }
    // Error records of scanned URLs (an unreadable attachment) are inputs not scanned too.
    s.files = s.files.max(s.errors + s.skipped);
    s.scanned = s.files.saturating_sub(s.errors + s.skipped);
    s.crawl = Some(tally);
    s
}
