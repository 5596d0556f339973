//! The review record: reviewers' decisions on findings, kept next to the documents as
//! JSON Lines (`.baomi/reviews.jsonl`), and baselines (an earlier report whose findings an
//! audit does not want to see again).
//!
//! A decision names a finding by its fingerprint (path, rule, masked value, occurrence:
//! see `scan::fingerprint`), so it survives unrelated edits of the document and never
//! holds a raw value. `baomi scan --reviews FILE` lowers a finding with a live decision to
//! `info` and says why in its evidence; `--baseline REPORT` drops findings the report
//! already had. Both are applied before findings are counted, so the summary and the exit
//! code see the adjusted severities.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::io::Write;
use std::path::Path;
use std::time::{SystemTime, UNIX_EPOCH};

use anyhow::{bail, Context};
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::finding::{Finding, Kind, Severity};
use crate::scan::{FileResult, Outcome, Tally};

/// Where `baomi review` keeps decisions unless told otherwise.
pub const DEFAULT_FILE: &str = ".baomi/reviews.jsonl";

/// What the reviewer decided.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, clap::ValueEnum)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The value may be published (e.g. a public official's office phone).
    AcceptedRisk,
    /// Not what the rule says it is.
    FalsePositive,
    /// The document was corrected.
    Fixed,
    /// Must be corrected before publication (待修改): recorded, the finding keeps its
    /// severity.
    ToFix,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Verdict::AcceptedRisk => "accepted-risk",
            Verdict::FalsePositive => "false-positive",
            Verdict::Fixed => "fixed",
            Verdict::ToFix => "to-fix",
        }
    }
}

impl fmt::Display for Verdict {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One line of the review file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Decision {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub decision: Verdict,
    pub reviewer: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    pub reason: String,
    /// `YYYY-MM-DD`, the day of the decision.
    pub date: String,
    /// `YYYY-MM-DD`, the last day the decision applies; none: it does not expire.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expires: Option<String>,
}

impl Decision {
    /// Checks the fields a hand-edited line can get wrong.
    pub fn validate(&self) -> anyhow::Result<()> {
        check_fingerprint(&self.fingerprint)?;
        if self.rule.trim().is_empty() {
            bail!("empty rule");
        }
        if self.reviewer.trim().is_empty() {
            bail!("empty reviewer");
        }
        check_date(&self.date).context("date")?;
        if let Some(e) = &self.expires {
            check_date(e).context("expires")?;
        }
        Ok(())
    }

    /// Whether the decision has lapsed on `today` (it applies through its `expires` day).
    pub fn expired(&self, today: &str) -> bool {
        self.expires.as_deref().is_some_and(|e| e < today)
    }

    /// The evidence entry a reviewed finding carries.
    pub fn evidence(&self) -> String {
        format!(
            "review:{} by {} {}: {}",
            self.decision, self.reviewer, self.date, self.reason
        )
    }
}

/// A fingerprint is 32 lowercase hex digits; anything else (a pasted raw value above
/// all) is refused.
pub fn check_fingerprint(fp: &str) -> anyhow::Result<()> {
    if fp.len() != 32 || !fp.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f')) {
        bail!("fingerprint must be 32 lowercase hex digits (as in a scan report)");
    }
    Ok(())
}

/// Accepts a real calendar date written `YYYY-MM-DD`.
pub fn check_date(s: &str) -> anyhow::Result<()> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    if !shape {
        bail!("`{s}` is not a date written YYYY-MM-DD");
    }
    let num = |r: std::ops::Range<usize>| s[r].parse::<u32>().unwrap_or(0);
    let (y, m, d) = (num(0..4), num(5..7), num(8..10));
    if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
        bail!("`{s}` is not a calendar date");
    }
    Ok(())
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The civil (proleptic Gregorian, UTC) date `days` days after 1970-01-01, as `YYYY-MM-DD`
/// (H. Hinnant's `civil_from_days`).
pub fn civil_from_days(days: i64) -> String {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// Today's date (UTC), or `BAOMI_TODAY` when set (tests, and re-running an audit as of a
/// given day).
pub fn today() -> anyhow::Result<String> {
    if let Ok(day) = std::env::var("BAOMI_TODAY") {
        check_date(&day).context("BAOMI_TODAY")?;
        return Ok(day);
    }
    let secs = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    Ok(civil_from_days((secs / 86_400) as i64))
}

/// The decisions of one review file, the last line per fingerprint winning.
#[derive(Debug, Default)]
pub struct Reviews {
    by_fingerprint: HashMap<String, Decision>,
    lines: Vec<Decision>,
}

impl Reviews {
    /// Reads a review file; an error names the file and line.
    pub fn load(path: &Path) -> anyhow::Result<Reviews> {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read review file {}", path.display()))?;
        Reviews::parse(&text, &path.display().to_string())
    }

    /// Parses review lines (blank lines are skipped); `name` is used in errors.
    pub fn parse(text: &str, name: &str) -> anyhow::Result<Reviews> {
        let mut reviews = Reviews::default();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}').trim();
            if line.is_empty() {
                continue;
            }
            let decision: Decision = serde_json::from_str(line)
                .map_err(anyhow::Error::from)
                .and_then(|d: Decision| d.validate().map(|()| d))
                .with_context(|| format!("{name}:{}: not a review decision", i + 1))?;
            reviews
                .by_fingerprint
                .insert(decision.fingerprint.clone(), decision.clone());
            reviews.lines.push(decision);
        }
        Ok(reviews)
    }

    /// Every line, in file order.
    pub fn lines(&self) -> &[Decision] {
        &self.lines
    }

    /// The decision in force for `fingerprint` and `rule` on `today`, if any.
    pub fn lookup(&self, fingerprint: &str, rule: &str, today: &str) -> Option<&Decision> {
        self.by_fingerprint
            .get(fingerprint)
            .filter(|d| d.rule == rule && !d.expired(today))
    }

    /// Whether `d` is the line in force for its fingerprint (a later line overrides it).
    pub fn is_current(&self, d: &Decision) -> bool {
        self.by_fingerprint.get(&d.fingerprint) == Some(d)
    }

    /// Lowers `f` to `info` and records the decision in its evidence when a decision is in
    /// force for it; returns whether one was.
    pub fn apply(&self, f: &mut Finding, today: &str) -> bool {
        match self.lookup(&f.fingerprint, &f.rule, today) {
            // Marked fixed but still in the document: the fix did not happen. Keep the
            // severity and say so.
            Some(d) if d.decision == Verdict::ToFix => {
                f.evidence.push(d.evidence());
                false
            }
            Some(d) if d.decision == Verdict::Fixed => {
                f.evidence
                    .push(format!("{} (but still present)", d.evidence()));
                false
            }
            Some(d) => {
                f.severity = Severity::Info;
                f.evidence.push(d.evidence());
                true
            }
            None => false,
        }
    }
}

/// Appends decisions as lines, creating the file and its directory; a last line without
/// its newline (hand-edited) is ended first.
pub fn append(file: &Path, decisions: &[Decision]) -> anyhow::Result<()> {
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let unterminated = std::fs::read(file).is_ok_and(|b| b.last().is_some_and(|&c| c != b'\n'));
    let mut text = String::new();
    if unterminated {
        text.push('\n');
    }
    for d in decisions {
        text.push_str(&serde_json::to_string(d)?);
        text.push('\n');
    }
    let mut f = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(file)
        .with_context(|| format!("cannot write {}", file.display()))?;
    f.write_all(text.as_bytes())
        .with_context(|| format!("cannot write {}", file.display()))?;
    Ok(())
}

/// One finding of an earlier report, as much of it as the review record needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReportedFinding {
    pub fingerprint: String,
    pub rule: String,
    pub path: String,
    pub unit: Option<String>,
}

/// Reads the findings of a `baomi scan` report: `--format json` (an object with
/// `findings`) or `--format jsonl` (finding lines; error and summary lines are skipped).
pub fn read_report(path: &Path) -> anyhow::Result<Vec<ReportedFinding>> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read report {}", path.display()))?;
    let name = path.display();
    let text = text.trim_start_matches('\u{feff}');
    if let Ok(Value::Object(doc)) = serde_json::from_str::<Value>(text) {
        if let Some(findings) = doc.get("findings") {
            let Some(findings) = findings.as_array() else {
                bail!("{name}: `findings` is not a list");
            };
            return findings
                .iter()
                .enumerate()
                .map(|(i, v)| reported(v).with_context(|| format!("{name}: finding {}", i + 1)))
                .collect();
        }
    }
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line)
            .with_context(|| format!("{name}:{}: not a JSON line of a baomi report", i + 1))?;
        if v.get("fingerprint").is_some() {
            out.push(reported(&v).with_context(|| format!("{name}:{}", i + 1))?);
        }
    }
    Ok(out)
}

fn reported(v: &Value) -> anyhow::Result<ReportedFinding> {
    let field = |k: &str| -> anyhow::Result<String> {
        match v.get(k).and_then(Value::as_str) {
            Some(s) => Ok(s.to_string()),
            None => bail!("finding without `{k}`"),
        }
    };
    let fingerprint = field("fingerprint")?;
    check_fingerprint(&fingerprint)?;
    Ok(ReportedFinding {
        fingerprint,
        rule: field("rule")?,
        path: field("path")?,
        unit: v.get("unit").and_then(Value::as_str).map(str::to_string),
    })
}

/// The fingerprints of an earlier report.
#[derive(Debug, Default)]
pub struct Baseline {
    fingerprints: HashSet<String>,
}

impl Baseline {
    pub fn load(path: &Path) -> anyhow::Result<Baseline> {
        Ok(Baseline {
            fingerprints: read_report(path)?
                .into_iter()
                .map(|f| f.fingerprint)
                .collect(),
        })
    }

    pub fn contains(&self, fingerprint: &str) -> bool {
        self.fingerprints.contains(fingerprint)
    }

    pub fn len(&self) -> usize {
        self.fingerprints.len()
    }

    pub fn is_empty(&self) -> bool {
        self.fingerprints.is_empty()
    }
}

/// What triage did to one finding.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Triaged {
    Unchanged,
    /// Lowered from this severity by a review decision.
    Reviewed(Severity),
    /// In the baseline (at this severity): not reported, not counted.
    Dropped(Severity),
}

/// Reviews and baseline applied together, as `scan` does.
#[derive(Debug, Default)]
pub struct Triage {
    pub reviews: Option<Reviews>,
    pub baseline: Option<Baseline>,
    pub today: String,
}

impl Triage {
    /// Whether there is anything to apply.
    pub fn is_active(&self) -> bool {
        self.reviews.is_some() || self.baseline.is_some()
    }

    /// Baseline first (a baselined finding is gone), then the review decision.
    pub fn finding(&self, f: &mut Finding) -> Triaged {
        if self
            .baseline
            .as_ref()
            .is_some_and(|b| b.contains(&f.fingerprint))
        {
            return Triaged::Dropped(f.severity);
        }
        let was = f.severity;
        match &self.reviews {
            Some(r) if r.apply(f, &self.today) => Triaged::Reviewed(was),
            _ => Triaged::Unchanged,
        }
    }

    /// Applies triage to every finding kept in `result` and its members, dropping
    /// baselined ones, and corrects each tally to match.
    pub fn result(&self, result: &mut FileResult) {
        if !self.is_active() {
            return;
        }
        if let Outcome::Scanned {
            findings, tally, ..
        } = &mut result.outcome
        {
            findings.retain_mut(|f| {
                let t = self.finding(f);
                adjust_tally(tally, f.kind, t);
                !matches!(t, Triaged::Dropped(_))
            });
        }
        for m in &mut result.members {
            self.result(m);
        }
    }
}

/// Moves one finding of `kind` in `tally` as triage decided (from its original severity
/// to `info`, or out). Emptied entries are removed, so a severity no longer present does
/// not count toward the exit code.
pub fn adjust_tally(tally: &mut Tally, kind: Kind, triaged: Triaged) {
    fn dec<K: Ord>(map: &mut std::collections::BTreeMap<K, u64>, key: K) {
        if let Some(n) = map.get_mut(&key) {
            *n = n.saturating_sub(1);
            if *n == 0 {
                map.remove(&key);
            }
        }
    }
    match triaged {
        Triaged::Unchanged => {}
        Triaged::Reviewed(was) => {
            dec(&mut tally.by_severity, was);
            *tally.by_severity.entry(Severity::Info).or_default() += 1;
        }
        Triaged::Dropped(severity) => {
            tally.findings = tally.findings.saturating_sub(1);
            dec(&mut tally.by_kind, kind);
            dec(&mut tally.by_severity, severity);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FP: &str = "0123456789abcdef0123456789abcdef";

    fn line(decision: &str, expires: Option<&str>, reason: &str) -> String {
        let mut d = serde_json::json!({
            "fingerprint": FP, "rule": "pii.id_card", "path": "a.txt", "decision": decision,
            "reviewer": "王审核", "reason": reason, "date": "2026-11-20",
        });
        if let Some(e) = expires {
            d["expires"] = e.into();
        }
        d.to_string()
    }

    #[test]
    fn civil_dates() {
        assert_eq!(civil_from_days(0), "1970-01-01");
        assert_eq!(civil_from_days(-1), "1969-12-31");
        assert_eq!(civil_from_days(59), "1970-03-01");
        assert_eq!(civil_from_days(10_957), "2000-01-01");
        assert_eq!(civil_from_days(11_016), "2000-02-29");
        assert_eq!(civil_from_days(19_782), "2024-02-29");
        assert_eq!(civil_from_days(20_412), "2025-11-20");
        // Every day of a few centuries is a valid date, one after the other.
        let mut prev = civil_from_days(-50_000);
        for d in -49_999..60_000 {
            let s = civil_from_days(d);
            assert!(check_date(&s).is_ok(), "{s}");
            assert!(s > prev, "{prev} then {s}");
            prev = s;
        }
    }

    #[test]
    fn dates_are_checked() {
        for ok in ["2026-11-20", "2024-02-29", "2000-02-29", "1999-12-31"] {
            assert!(check_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "2026-1-20",
            "2026/11/20",
            "2026-13-01",
            "2026-02-29",
            "1900-02-29",
            "2026-04-31",
            "2026-00-10",
            "2026-11-00",
            "２０２６-11-20",
            "",
        ] {
            assert!(check_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn parses_and_later_lines_win() -> anyhow::Result<()> {
        let text = format!(
            "{}\n\n{}\n",
            line("accepted-risk", None, "first"),
            line("false-positive", Some("2026-12-31"), "second")
        );
        let r = Reviews::parse(&text, "r.jsonl")?;
        assert_eq!(r.lines().len(), 2);
        let d = r.lookup(FP, "pii.id_card", "2026-12-31");
        assert_eq!(d.map(|d| d.reason.as_str()), Some("second"));
        assert_eq!(d.map(|d| d.decision), Some(Verdict::FalsePositive));
        // Expired the day after; the earlier line does not come back.
        assert!(r.lookup(FP, "pii.id_card", "2027-01-01").is_none());
        // Another rule with the same fingerprint is not covered.
        assert!(r.lookup(FP, "pii.mobile_phone", "2026-12-01").is_none());
        assert!(!r.is_current(&r.lines()[0]) && r.is_current(&r.lines()[1]));
        Ok(())
    }

    #[test]
    fn round_trips_in_contract_form() -> anyhow::Result<()> {
        let r = Reviews::parse(&line("accepted-risk", None, "公开的办公电话"), "r")?;
        let d = &r.lines()[0];
        let out = serde_json::to_string(d)?;
        assert!(out.contains("\"decision\":\"accepted-risk\""), "{out}");
        assert!(!out.contains("expires") && !out.contains("unit"), "{out}");
        assert_eq!(
            d.evidence(),
            "review:accepted-risk by 王审核 2026-11-20: 公开的办公电话"
        );
        Ok(())
    }

    #[test]
    fn errors_name_file_and_line() {
        let cases = [
            "{not json".to_string(),
            line("approved", None, "x"),
            line("fixed", Some("2026-02-30"), "x"),
            line("fixed", None, "x").replace(FP, "430102196209278907"),
            line("fixed", None, "x").replace("\"reason\"", "\"raison\""),
        ];
        for bad in cases {
            let text = format!("{}\n{bad}\n", line("fixed", None, "ok"));
            let e = match Reviews::parse(&text, "dir/r.jsonl") {
                Ok(_) => panic!("accepted: {bad}"),
                Err(e) => format!("{e:#}"),
            };
            assert!(e.starts_with("dir/r.jsonl:2: "), "{e}");
        }
    }

    #[test]
    fn tally_follows_triage() {
        let mut t = Tally {
            findings: 2,
            ..Tally::default()
        };
        t.by_kind.insert(Kind::IdCard, 2);
        t.by_severity.insert(Severity::High, 2);
        adjust_tally(&mut t, Kind::IdCard, Triaged::Reviewed(Severity::High));
        adjust_tally(&mut t, Kind::IdCard, Triaged::Dropped(Severity::High));
        assert_eq!(t.findings, 1);
        assert_eq!(t.by_kind.get(&Kind::IdCard), Some(&1));
        assert_eq!(t.by_severity.get(&Severity::Info), Some(&1));
        // An emptied severity is gone, not a zero that would still set the exit code.
        assert!(!t.by_severity.contains_key(&Severity::High));
    }
}
