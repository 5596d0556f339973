//! The text report of `baomi eval`: tables per kind, per format and per kind × format,
//! hard negatives and positives per class, severity and rule agreement, then the first
//! misses, false positives and errors. Values arrive already masked (or revealed) in the
//! [`Metrics`]; this module only lays them out.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::report::{Agreement, Counts, Metrics};

/// Renders the report; `max_list` bounds each list (misses, false positives, mismatches).
pub fn text(m: &Metrics, title: &str, max_list: usize) -> String {
    let mut out = String::new();
    let t = &m.totals;
    let _ = writeln!(out, "{title}");
    let _ = writeln!(
        out,
        "{} files ({} unlabelled, {} errors); truth {} flag and {} pass entries; {} findings ({} above info)",
        t.files,
        t.unlabelled,
        t.errors,
        t.flag_entries,
        t.pass_entries,
        t.findings,
        t.findings_above_info
    );
    let kinds = m.by_kind.iter().map(|(k, c)| (k.to_string(), c));
    let all = std::iter::once(("all".to_string(), &m.overall));
    counts_table(&mut out, "kind", kinds.chain(all));
    counts_table(
        &mut out,
        "format",
        m.by_format.iter().map(|(f, c)| (f.clone(), c)),
    );
    for (kind, rows) in &m.by_kind_format {
        let title = format!("{kind} by format");
        counts_table(&mut out, &title, rows.iter().map(|(f, c)| (f.clone(), c)));
    }
    classes(&mut out, m);
    agreement(
        &mut out,
        "severity agreement",
        &m.severity_agreement,
        max_list,
    );
    agreement(&mut out, "rule agreement", &m.rule_agreement, max_list);
    lists(&mut out, m, max_list);
    out
}

fn counts_table<'a>(
    out: &mut String,
    title: &str,
    rows: impl Iterator<Item = (String, &'a Counts)>,
) {
    let rows: Vec<(String, &Counts)> = rows.collect();
    if rows.is_empty() {
        return;
    }
    let width = rows
        .iter()
        .map(|(label, _)| label.chars().count())
        .chain([title.chars().count(), 12])
        .max()
        .unwrap_or(12);
    let _ = writeln!(
        out,
        "\n{title:<width$}  planted  reported     TP     FP     FN  precision  recall     F1"
    );
    for (label, c) in rows {
        let _ = writeln!(
            out,
            "{label:<width$}  {:>7}  {:>8}  {:>5}  {:>5}  {:>5}  {:>9}  {:>6}  {:>5}",
            c.planted,
            c.reported,
            c.tp,
            c.fp,
            c.fn_,
            figure(c.precision),
            figure(c.recall),
            figure(c.f1)
        );
    }
}

/// A figure with three decimals, `-` when undefined.
fn figure(value: Option<f64>) -> String {
    value.map_or_else(|| "-".to_string(), |v| format!("{v:.3}"))
}

fn classes(out: &mut String, m: &Metrics) {
    if !m.hard_negatives.is_empty() {
        let rows: BTreeMap<&str, (usize, usize)> = m
            .hard_negatives
            .iter()
            .map(|(class, h)| (class.as_str(), (h.entries, h.reported)))
            .collect();
        class_table(out, "hard negatives (pass)", "entries", "above info", &rows);
    }
    let _ = writeln!(
        out,
        "masked reported above info: {} (target 0)",
        m.masked_reported_above_info
    );
    let rows: BTreeMap<&str, (usize, usize)> = m
        .positives_by_class
        .iter()
        .map(|(class, p)| (class.as_str(), (p.planted, p.found)))
        .collect();
    if !rows.is_empty() {
        class_table(out, "positives (flag)", "planted", "found", &rows);
    }
}

fn class_table(
    out: &mut String,
    title: &str,
    first: &str,
    second: &str,
    rows: &BTreeMap<&str, (usize, usize)>,
) {
    let width = rows
        .keys()
        .map(|k| k.chars().count())
        .chain([title.chars().count()])
        .max()
        .unwrap_or(12);
    let _ = writeln!(out, "\n{title:<width$}  {first:>8}  {second:>10}   share");
    for (class, (n, k)) in rows {
        let share = (*n > 0).then(|| *k as f64 / *n as f64);
        let _ = writeln!(
            out,
            "{class:<width$}  {n:>8}  {k:>10}  {:>6}",
            figure(share)
        );
    }
}

fn agreement(out: &mut String, title: &str, a: &Agreement, max_list: usize) {
    if a.total == 0 {
        return;
    }
    let rate = a
        .rate
        .map_or_else(String::new, |r| format!(" ({:.1}%)", r * 100.0));
    let _ = writeln!(out, "\n{title}: {}/{}{rate}", a.agree, a.total);
    for m in a.mismatches.iter().take(max_list) {
        let got = m.got.as_deref().unwrap_or("not found");
        let _ = writeln!(
            out,
            "  {} (truth line {}) {} {} [{}]: expected {}, got {got}",
            m.file, m.line, m.kind, m.value, m.expect, m.expected
        );
    }
    more(out, a.mismatches.len(), max_list);
}

fn lists(out: &mut String, m: &Metrics, max_list: usize) {
    let _ = writeln!(
        out,
        "\nmisses (flag entries not reported above info): {}",
        m.misses.len()
    );
    for miss in m.misses.iter().take(max_list) {
        let class = miss
            .class
            .as_deref()
            .map_or_else(String::new, |c| format!(" [{c}]"));
        let seen = miss
            .seen_at
            .map_or_else(String::new, |s| format!(" (reported at {s})"));
        let _ = writeln!(
            out,
            "  {} (truth line {}) {} {}{class}{seen}",
            miss.file, miss.line, miss.kind, miss.value
        );
    }
    more(out, m.misses.len(), max_list);
    let _ = writeln!(out, "\nfalse positives: {}", m.false_positives.len());
    for fp in m.false_positives.iter().take(max_list) {
        let hard = match (&fp.hard_negative, fp.truth_line) {
            (Some(class), Some(line)) => format!(" (hard negative: {class}, truth line {line})"),
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "  {} {} {} {} {} {} [{}]{hard}",
            fp.file,
            fp.location,
            fp.kind,
            fp.value,
            fp.severity,
            fp.rule,
            fp.evidence.join(", ")
        );
    }
    more(out, m.false_positives.len(), max_list);
    if !m.errors.is_empty() {
        let _ = writeln!(
            out,
            "\nerrors (flag entries of these files count as misses): {}",
            m.errors.len()
        );
        for e in &m.errors {
            let _ = writeln!(out, "  {}: {}", e.file, e.error);
        }
    }
}

fn more(out: &mut String, total: usize, shown: usize) {
    if total > shown {
        let _ = writeln!(out, "  … and {} more", total - shown);
    }
}
