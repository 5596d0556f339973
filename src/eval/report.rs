//! Accuracy metrics from truth entries, observed findings and their [`Assignment`]: per
//! kind, per format and per kind × format counts with precision, recall and F1; hard
//! negatives and positives per class; severity and rule agreement; the misses and false
//! positives themselves (values masked unless revealed). Pure: no I/O, no rendering.

use std::collections::BTreeMap;

use serde::Serialize;

use super::matching::{Assignment, Observed};
use super::truth::{Expect, TruthEntry};
use crate::detect::Mask;
use crate::finding::{Kind, Severity};
use crate::mask::mask_value;

/// Kinds that also get a row per format (the context-dependent detectors, whose accuracy
/// depends most on how each format keeps table structure).
pub const BY_FORMAT_KINDS: [Kind; 2] = [Kind::PersonName, Kind::Address];

/// The class hard negatives and positives without a `class` are grouped under.
pub const NO_CLASS: &str = "(none)";

/// Counts and figures of one row. `reported` counts findings above `info`; precision is
/// undefined (null) with nothing reported, recall with nothing planted, F1 with neither.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct Counts {
    pub planted: usize,
    pub reported: usize,
    pub tp: usize,
    pub fp: usize,
    #[serde(rename = "fn")]
    pub fn_: usize,
    pub precision: Option<f64>,
    pub recall: Option<f64>,
    pub f1: Option<f64>,
}

impl Counts {
    fn plant(&mut self, found: bool) {
        self.planted += 1;
        self.tp += usize::from(found);
        self.finish();
    }

    fn report(&mut self) {
        self.reported += 1;
        self.finish();
    }

    fn finish(&mut self) {
        self.fp = self.reported.saturating_sub(self.tp);
        self.fn_ = self.planted.saturating_sub(self.tp);
        let ratio = |a: usize, b: usize| (b > 0).then(|| a as f64 / b as f64);
        self.precision = ratio(self.tp, self.reported);
        self.recall = ratio(self.tp, self.planted);
        self.f1 = ratio(2 * self.tp, 2 * self.tp + self.fp + self.fn_);
    }
}

/// `pass` entries of one class: how many, and how many were reported above `info`.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct HardNegatives {
    pub entries: usize,
    pub reported: usize,
    pub by_kind: BTreeMap<Kind, HardNegativeKind>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct HardNegativeKind {
    pub entries: usize,
    pub reported: usize,
}

/// `flag` entries of one class and how many were found.
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize)]
pub struct ClassRecall {
    pub planted: usize,
    pub found: usize,
    pub recall: Option<f64>,
}

/// Agreement of findings with the entries' expected severity or rule.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Agreement {
    pub total: usize,
    pub agree: usize,
    pub rate: Option<f64>,
    pub mismatches: Vec<Mismatch>,
}

/// An entry whose finding has another severity or rule (or no finding: `got` is null).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mismatch {
    pub file: String,
    pub line: usize,
    pub kind: Kind,
    pub value: String,
    pub expect: &'static str,
    pub expected: String,
    pub got: Option<String>,
}

/// A `flag` entry not reported above `info`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Miss {
    pub file: String,
    pub line: usize,
    pub kind: Kind,
    pub value: String,
    pub class: Option<String>,
    /// The severity of the finding that matched it below the threshold (`info`), if any.
    pub seen_at: Option<Severity>,
}

/// A finding above `info` that matches no `flag` entry.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FalsePositive {
    pub file: String,
    pub kind: Kind,
    pub value: String,
    pub severity: Severity,
    pub rule: String,
    pub location: String,
    pub evidence: Vec<String>,
    /// The class of the `pass` entry it matched (a hard negative), if any.
    pub hard_negative: Option<String>,
    /// That entry's truth line.
    pub truth_line: Option<usize>,
}

/// A file (or archive member) that could not be scanned, or a truth file that is missing.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FileError {
    pub file: String,
    pub error: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Totals {
    /// Files in the corpus (the truth file excluded).
    pub files: usize,
    /// Of those, files with no truth entry (all their findings above info are FPs).
    pub unlabelled: usize,
    pub errors: usize,
    pub flag_entries: usize,
    pub pass_entries: usize,
    pub findings: usize,
    pub findings_above_info: usize,
}

/// Everything `baomi eval` measures.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Metrics {
    pub totals: Totals,
    pub overall: Counts,
    pub by_kind: BTreeMap<Kind, Counts>,
    pub by_format: BTreeMap<String, Counts>,
    pub by_kind_format: BTreeMap<Kind, BTreeMap<String, Counts>>,
    pub hard_negatives: BTreeMap<String, HardNegatives>,
    pub positives_by_class: BTreeMap<String, ClassRecall>,
    /// `pass` entries of class `masked` reported above `info` (target: zero).
    pub masked_reported_above_info: usize,
    pub severity_agreement: Agreement,
    pub rule_agreement: Agreement,
    pub misses: Vec<Miss>,
    pub false_positives: Vec<FalsePositive>,
    pub errors: Vec<FileError>,
}

/// The format of a document: its extension, lower case (`txt`, `xlsx` …); for an
/// archive member (`a.zip!/b.docx`) the member's.
pub fn format_of(file: &str) -> String {
    let name = file.rsplit("!/").next().unwrap_or(file);
    let base = name.rsplit('/').next().unwrap_or(name);
    match base.rsplit_once('.') {
        Some((stem, ext)) if !stem.is_empty() && !ext.is_empty() => ext.to_lowercase(),
        _ => "(none)".to_string(),
    }
}

/// Computes the metrics. `files` is every corpus file key scanned or tried, `errors` those
/// that could not be scanned; `reveal` shows raw values instead of masked ones.
pub fn measure(
    entries: &[TruthEntry],
    observed: &[Observed],
    assignment: &Assignment,
    files: &[String],
    errors: Vec<FileError>,
    reveal: bool,
) -> Metrics {
    let mut m = Metrics::default();
    let labelled: std::collections::BTreeSet<&str> =
        entries.iter().map(|e| e.file.as_str()).collect();
    m.totals.files = files.len();
    m.totals.unlabelled = files
        .iter()
        .filter(|f| !labelled.contains(f.as_str()))
        .count();
    m.totals.errors = errors.len();
    m.totals.findings = observed.len();
    m.errors = errors;
    for (i, e) in entries.iter().enumerate() {
        let found = assignment
            .entry
            .get(i)
            .copied()
            .flatten()
            .and_then(|o| observed.get(o));
        m.add_entry(e, found, reveal);
    }
    for (i, o) in observed.iter().enumerate() {
        let entry = assignment
            .observed
            .get(i)
            .copied()
            .flatten()
            .and_then(|e| entries.get(e));
        m.add_observed(o, entry, reveal);
    }
    m.masked_reported_above_info = m.hard_negatives.get("masked").map_or(0, |h| h.reported);
    m
}

impl Metrics {
    fn add_entry(&mut self, e: &TruthEntry, found: Option<&Observed>, reveal: bool) {
        let format = format_of(&e.file);
        let reported = found.filter(|o| o.is_reported());
        let class = e.class.clone().unwrap_or_else(|| NO_CLASS.to_string());
        // A kind and format labelled only with pass entries still gets its (empty) row.
        let kind_row = self.by_kind.entry(e.kind).or_default();
        let format_row = self.by_format.entry(format.clone()).or_default();
        match e.expect {
            Expect::Flag => {
                self.totals.flag_entries += 1;
                let hit = reported.is_some();
                kind_row.plant(hit);
                format_row.plant(hit);
                self.overall.plant(hit);
                if BY_FORMAT_KINDS.contains(&e.kind) {
                    let rows = self.by_kind_format.entry(e.kind).or_default();
                    rows.entry(format).or_default().plant(hit);
                }
                let positives = self.positives_by_class.entry(class.clone()).or_default();
                positives.planted += 1;
                positives.found += usize::from(hit);
                positives.recall = Some(positives.found as f64 / positives.planted as f64);
                if !hit {
                    self.misses.push(Miss {
                        file: e.file.clone(),
                        line: e.line,
                        kind: e.kind,
                        value: shown_truth(e, reveal),
                        class: e.class.clone(),
                        seen_at: found.map(|o| o.severity),
                    });
                }
            }
            Expect::Pass => {
                self.totals.pass_entries += 1;
                let negatives = self.hard_negatives.entry(class).or_default();
                negatives.entries += 1;
                negatives.reported += usize::from(reported.is_some());
                let per_kind = negatives.by_kind.entry(e.kind).or_default();
                per_kind.entries += 1;
                per_kind.reported += usize::from(reported.is_some());
            }
        }
        if let Some(want) = e.severity {
            let got = found.map(|o| o.severity);
            let mismatch = (got != Some(want)).then(|| mismatch(e, want.as_str(), got, reveal));
            self.severity_agreement.add(mismatch);
        }
        if let Some(want) = &e.rule {
            let got = found.map(|o| o.rule.as_str());
            let mismatch = (got != Some(want.as_str())).then(|| mismatch(e, want, got, reveal));
            self.rule_agreement.add(mismatch);
        }
    }

    fn add_observed(&mut self, o: &Observed, entry: Option<&TruthEntry>, reveal: bool) {
        if !o.is_reported() {
            return;
        }
        self.totals.findings_above_info += 1;
        let format = format_of(&o.file);
        self.by_kind.entry(o.kind).or_default().report();
        self.by_format.entry(format.clone()).or_default().report();
        self.overall.report();
        if BY_FORMAT_KINDS.contains(&o.kind) {
            let rows = self.by_kind_format.entry(o.kind).or_default();
            rows.entry(format).or_default().report();
        }
        if entry.is_some_and(|e| e.expect == Expect::Flag) {
            return;
        }
        let pass = entry.filter(|e| e.expect == Expect::Pass);
        self.false_positives.push(FalsePositive {
            file: o.file.clone(),
            kind: o.kind,
            value: if reveal {
                o.value.expose().clone()
            } else {
                o.masked.clone()
            },
            severity: o.severity,
            rule: o.rule.clone(),
            location: o.location.clone(),
            evidence: o.evidence.clone(),
            hard_negative: pass.map(|e| e.class.clone().unwrap_or_else(|| NO_CLASS.to_string())),
            truth_line: pass.map(|e| e.line),
        });
    }
}

impl Agreement {
    fn add(&mut self, mismatch: Option<Mismatch>) {
        self.total += 1;
        match mismatch {
            Some(m) => self.mismatches.push(m),
            None => self.agree += 1,
        }
        self.rate = Some(self.agree as f64 / self.total as f64);
    }
}

fn mismatch(e: &TruthEntry, expected: &str, got: Option<impl ToString>, reveal: bool) -> Mismatch {
    Mismatch {
        file: e.file.clone(),
        line: e.line,
        kind: e.kind,
        value: shown_truth(e, reveal),
        expect: e.expect.as_str(),
        expected: expected.to_string(),
        got: got.map(|g| g.to_string()),
    }
}

fn shown_truth(e: &TruthEntry, reveal: bool) -> String {
    if reveal {
        e.value.clone()
    } else {
        mask_truth(e.kind, &e.value)
    }
}

/// Masks a truth value for display the way the detector of its kind masks findings
/// (`mask::mask_value`); names keep their first character, addresses their first six;
/// attribute words, marks and terms are shown as is (as their findings are).
pub fn mask_truth(kind: Kind, value: &str) -> String {
    let ends = |head, tail| mask_value(value, Mask::KeepEnds { head, tail });
    match kind {
        Kind::IdCard | Kind::Uscc => ends(6, 4),
        Kind::MobilePhone => ends(3, 4),
        Kind::LandlinePhone => ends(4, 2),
        Kind::BankCard => ends(4, 4),
        Kind::Passport | Kind::TravelPermit => ends(2, 2),
        Kind::LicensePlate => ends(1, 1),
        Kind::Email => mask_value(value, Mask::Email),
        Kind::PersonName => mask_value(value, Mask::KeepHead { chars: 1 }),
        Kind::Address => mask_value(value, Mask::KeepHead { chars: 6 }),
        Kind::SensitiveAttribute | Kind::ClassificationMark | Kind::RestrictedTerm => {
            value.to_string()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::eval::matching::assign;
    use crate::finding::Sensitive;

    fn entry(line: usize, file: &str, kind: Kind, value: &str, expect: Expect) -> TruthEntry {
        TruthEntry {
            line,
            file: file.to_string(),
            kind,
            value: value.to_string(),
            expect,
            class: None,
            severity: None,
            rule: None,
            genre: None,
        }
    }

    fn seen(file: &str, kind: Kind, value: &str, severity: Severity, rule: &str) -> Observed {
        Observed {
            file: file.to_string(),
            kind,
            severity,
            rule: rule.to_string(),
            value: Sensitive::new(value.to_string()),
            masked: format!("masked:{kind}"),
            location: "1:1".to_string(),
            evidence: vec!["cue".to_string()],
        }
    }

    fn run(entries: &[TruthEntry], observed: &[Observed]) -> Metrics {
        let a = assign(entries, observed);
        let mut files: Vec<String> = entries.iter().map(|e| e.file.clone()).collect();
        files.extend(observed.iter().map(|o| o.file.clone()));
        files.sort();
        files.dedup();
        measure(entries, observed, &a, &files, Vec::new(), false)
    }

    /// A small labelled corpus: two IDs (one missed), a masked ID reported above info (a
    /// hard negative), a masked ID at info (correct), an unlabelled phone (an FP), a name
    /// in a docx table, and a restricted term no entry mentions.
    fn sample() -> Metrics {
        let mut masked = entry(3, "a.txt", Kind::IdCard, "430102********1234", Expect::Pass);
        masked.class = Some("masked".into());
        let mut masked_ok = entry(4, "b.txt", Kind::IdCard, "430102********1234", Expect::Pass);
        masked_ok.class = Some("masked".into());
        masked_ok.severity = Some(Severity::Info);
        let mut id = entry(1, "a.txt", Kind::IdCard, "11010519491231002X", Expect::Flag);
        id.severity = Some(Severity::High);
        id.rule = Some("pii.id_card".into());
        let mut behind = entry(2, "b.txt", Kind::IdCard, "110101199003074514", Expect::Flag);
        behind.class = Some("behind_mask".into());
        behind.rule = Some("pii.id_card.behind_mask".into());
        let mut name = entry(5, "c.docx", Kind::PersonName, "张三", Expect::Flag);
        name.severity = Some(Severity::Critical);
        let entries = vec![id, behind, masked, masked_ok, name];
        let observed = vec![
            seen(
                "a.txt",
                Kind::IdCard,
                "11010519491231002X",
                Severity::High,
                "pii.id_card",
            ),
            seen(
                "a.txt",
                Kind::IdCard,
                "430102********1234",
                Severity::Medium,
                "pii.id_card.weak_mask",
            ),
            seen(
                "b.txt",
                Kind::IdCard,
                "430102********1234",
                Severity::Info,
                "pii.id_card.masked",
            ),
            seen(
                "b.txt",
                Kind::MobilePhone,
                "13800138000",
                Severity::High,
                "pii.mobile",
            ),
            seen(
                "c.docx",
                Kind::PersonName,
                "张三",
                Severity::High,
                "pii.person_name",
            ),
            seen(
                "c.docx",
                Kind::RestrictedTerm,
                "内部",
                Severity::Low,
                "terms.base",
            ),
        ];
        run(&entries, &observed)
    }

    fn figures(c: &Counts) -> (usize, usize, usize, usize, usize) {
        (c.planted, c.reported, c.tp, c.fp, c.fn_)
    }

    #[test]
    fn per_kind_counts() {
        let m = sample();
        let id = m.by_kind.get(&Kind::IdCard).copied().unwrap_or_default();
        assert_eq!(figures(&id), (2, 2, 1, 1, 1));
        assert_eq!(id.precision, Some(0.5));
        assert_eq!(id.recall, Some(0.5));
        assert_eq!(id.f1, Some(0.5));
        let name = m
            .by_kind
            .get(&Kind::PersonName)
            .copied()
            .unwrap_or_default();
        assert_eq!(figures(&name), (1, 1, 1, 0, 0));
        assert_eq!(name.f1, Some(1.0));
        assert_eq!(figures(&m.overall), (3, 5, 2, 3, 1));
    }

    #[test]
    fn kinds_absent_from_truth_get_a_row_of_false_positives() {
        let m = sample();
        let mobile = m
            .by_kind
            .get(&Kind::MobilePhone)
            .copied()
            .unwrap_or_default();
        assert_eq!(figures(&mobile), (0, 1, 0, 1, 0));
        assert_eq!(
            (mobile.precision, mobile.recall, mobile.f1),
            (Some(0.0), None, Some(0.0))
        );
        let term = m
            .by_kind
            .get(&Kind::RestrictedTerm)
            .copied()
            .unwrap_or_default();
        assert_eq!(figures(&term), (0, 1, 0, 1, 0));
    }

    #[test]
    fn per_format_and_kind_format() {
        let m = sample();
        let txt = m.by_format.get("txt").copied().unwrap_or_default();
        assert_eq!(figures(&txt), (2, 3, 1, 2, 1));
        let docx = m.by_format.get("docx").copied().unwrap_or_default();
        assert_eq!(figures(&docx), (1, 2, 1, 1, 0));
        let names = m.by_kind_format.get(&Kind::PersonName);
        let names_docx = names
            .and_then(|r| r.get("docx"))
            .copied()
            .unwrap_or_default();
        assert_eq!(figures(&names_docx), (1, 1, 1, 0, 0));
        assert!(!m.by_kind_format.contains_key(&Kind::IdCard));
    }

    #[test]
    fn hard_negatives_and_positives_per_class() {
        let m = sample();
        let masked = m.hard_negatives.get("masked").cloned().unwrap_or_default();
        assert_eq!((masked.entries, masked.reported), (2, 1));
        assert_eq!(m.masked_reported_above_info, 1);
        let behind = m
            .positives_by_class
            .get("behind_mask")
            .copied()
            .unwrap_or_default();
        assert_eq!(
            (behind.planted, behind.found, behind.recall),
            (1, 0, Some(0.0))
        );
        let plain = m
            .positives_by_class
            .get(NO_CLASS)
            .copied()
            .unwrap_or_default();
        assert_eq!((plain.planted, plain.found), (2, 2));
    }

    #[test]
    fn severity_and_rule_agreement() {
        let m = sample();
        let s = &m.severity_agreement;
        assert_eq!((s.total, s.agree), (3, 2));
        assert_eq!(s.mismatches.len(), 1);
        assert_eq!(s.mismatches[0].expected, "critical");
        assert_eq!(s.mismatches[0].got.as_deref(), Some("high"));
        let r = &m.rule_agreement;
        assert_eq!((r.total, r.agree), (2, 1));
        assert_eq!(r.mismatches[0].got, None);
    }

    #[test]
    fn misses_and_false_positives_are_listed_masked() {
        let m = sample();
        assert_eq!(m.misses.len(), 1);
        assert_eq!(m.misses[0].value, "110101********4514");
        assert_eq!(m.misses[0].class.as_deref(), Some("behind_mask"));
        assert_eq!(m.false_positives.len(), 3);
        let hard: Vec<Option<&str>> = m
            .false_positives
            .iter()
            .map(|f| f.hard_negative.as_deref())
            .collect();
        assert_eq!(hard, vec![Some("masked"), None, None]);
        assert!(m
            .false_positives
            .iter()
            .all(|f| f.value.starts_with("masked:")));
    }

    #[test]
    fn totals() {
        let m = sample();
        let t = m.totals;
        assert_eq!((t.files, t.unlabelled, t.errors), (3, 0, 0));
        assert_eq!((t.flag_entries, t.pass_entries), (3, 2));
        assert_eq!((t.findings, t.findings_above_info), (6, 5));
    }

    #[test]
    fn formats() {
        assert_eq!(format_of("a/b.TXT"), "txt");
        assert_eq!(format_of("x.zip!/in/c.docx"), "docx");
        assert_eq!(format_of("README"), "(none)");
        assert_eq!(format_of(".hidden"), "(none)");
        assert_eq!(format_of("v1.2/notes"), "(none)");
    }

    #[test]
    fn truth_masks() {
        assert_eq!(
            mask_truth(Kind::IdCard, "11010519491231002X"),
            "110105********002X"
        );
        assert_eq!(
            mask_truth(Kind::MobilePhone, "138-0013-8000"),
            "138-****-8000"
        );
        assert_eq!(mask_truth(Kind::PersonName, "欧阳娜娜"), "欧***");
        assert_eq!(mask_truth(Kind::PersonName, "阿卜杜拉·买买提"), "阿***·***");
        assert_eq!(
            mask_truth(Kind::Address, "开福区某某路88号3栋"),
            "开福区某某路*****"
        );
        assert_eq!(mask_truth(Kind::SensitiveAttribute, "刑满释放"), "刑满释放");
    }
}
