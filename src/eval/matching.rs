//! Matching findings to truth entries (`corpora/TRUTH.md`, "Eval matching"): values are compared
//! after [`normalize`]; person names, identifiers and marks must be equal, an address must
//! contain or be contained in the other with the shorter at least 60 % of the longer's
//! characters, a sensitive attribute must contain or be contained in the other.
//!
//! Matching is a multiset matching per (file, kind): each finding consumes at most one
//! entry and each entry at most one finding, and as many pairs as possible are made. It
//! runs in three phases: findings above `info` against `flag` entries (true positives),
//! the findings left against `pass` entries (hard-negative false positives), then `info`
//! findings against the entries still unmatched (for severity and rule agreement, and to
//! tell a miss that was seen at `info` from one not seen at all). Knows nothing of files
//! on disk or of output.

use std::collections::{BTreeMap, HashMap, VecDeque};

use super::truth::{Expect, TruthEntry};
use crate::finding::{Finding, Kind, Sensitive, Severity};

/// A finding as eval sees it, keyed by its corpus-relative file.
#[derive(Clone, Debug)]
pub struct Observed {
    /// Corpus-relative path, `/`-separated (as in the truth file).
    pub file: String,
    pub kind: Kind,
    pub severity: Severity,
    pub rule: String,
    /// The raw value (for matching; shown only with `--reveal`).
    pub value: Sensitive<String>,
    /// The value masked by the detector that found it.
    pub masked: String,
    /// The finding's location, as the text report writes it.
    pub location: String,
    pub evidence: Vec<String>,
}

impl Observed {
    pub fn from_finding(file: &str, f: &Finding) -> Observed {
        Observed {
            file: file.to_string(),
            kind: f.kind,
            severity: f.severity,
            rule: f.rule.clone(),
            value: f.value.clone(),
            masked: f.masked.clone(),
            location: f.location.to_string(),
            evidence: f.evidence.clone(),
        }
    }

    /// Reported, in the sense of the metrics: above `info`.
    pub fn is_reported(&self) -> bool {
        self.severity > Severity::Info
    }
}

/// Which finding each entry got and vice versa (indices into the slices given to
/// [`assign`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Assignment {
    /// Per truth entry: the observed finding matched to it.
    pub entry: Vec<Option<usize>>,
    /// Per observed finding: the truth entry matched to it.
    pub observed: Vec<Option<usize>>,
}

/// Folds a value for comparison: full-width forms to ASCII, whitespace and separators
/// (hyphens and dashes, zero-width characters) removed, middle dots (`•・.` …) to `·`.
pub fn normalize(value: &str) -> String {
    value
        .chars()
        .map(|c| match crate::normalize::fold_width(c) {
            '\u{3000}' => ' ',
            c => c,
        })
        .filter(|&c| !is_separator(c))
        .map(|c| if is_middle_dot(c) { '·' } else { c })
        .collect()
}

fn is_separator(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' | '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}'
        )
}

/// `·` and the characters written for it in names (`阿卜杜拉•买买提`, `・`, `.` …).
pub fn is_middle_dot(c: char) -> bool {
    crate::detect::names::is_name_dot(c)
}

/// Whether two normalized values match under `kind`'s rule. Empty values never match.
pub fn values_match(kind: Kind, a: &str, b: &str) -> bool {
    if a.is_empty() || b.is_empty() {
        return false;
    }
    if a == b {
        return true;
    }
    let (short, long) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    match kind {
        Kind::Address => {
            long.contains(short) && short.chars().count() * 5 >= long.chars().count() * 3
        }
        Kind::SensitiveAttribute => long.contains(short),
        _ => false,
    }
}

/// Kinds whose rule is containment rather than equality.
fn is_containment(kind: Kind) -> bool {
    matches!(kind, Kind::Address | Kind::SensitiveAttribute)
}

/// Matches `observed` findings to `entries`, per (file, kind), in the three phases of the
/// module doc.
pub fn assign(entries: &[TruthEntry], observed: &[Observed]) -> Assignment {
    let mut out = Assignment {
        entry: vec![None; entries.len()],
        observed: vec![None; observed.len()],
    };
    let entry_norm: Vec<String> = entries.iter().map(|e| normalize(&e.value)).collect();
    let observed_norm: Vec<String> = observed
        .iter()
        .map(|o| normalize(o.value.expose()))
        .collect();
    let mut groups: BTreeMap<(&str, Kind), Group> = BTreeMap::new();
    for (i, e) in entries.iter().enumerate() {
        let group = groups.entry((&e.file, e.kind)).or_default();
        match e.expect {
            Expect::Flag => group.flag.push(i),
            Expect::Pass => group.pass.push(i),
        }
    }
    for (i, o) in observed.iter().enumerate() {
        let group = groups.entry((&o.file, o.kind)).or_default();
        if o.is_reported() {
            group.reported.push(i);
        } else {
            group.at_info.push(i);
        }
    }
    for ((_, kind), group) in groups {
        let sides = Sides {
            kind,
            entry_norm: &entry_norm,
            observed_norm: &observed_norm,
        };
        sides.pair(&group.reported, &group.flag, &mut out);
        sides.pair(&group.reported, &group.pass, &mut out);
        let mut left = group.flag;
        left.extend(group.pass);
        left.sort_unstable();
        sides.pair(&group.at_info, &left, &mut out);
    }
    out
}

/// The entries and findings of one (file, kind), by expectation and by severity; indices
/// in input order.
#[derive(Default)]
struct Group {
    flag: Vec<usize>,
    pass: Vec<usize>,
    reported: Vec<usize>,
    at_info: Vec<usize>,
}

/// Normalized values of both sides, for one group's kind.
struct Sides<'a> {
    kind: Kind,
    entry_norm: &'a [String],
    observed_norm: &'a [String],
}

impl Sides<'_> {
    /// Matches the still-unmatched findings of `observed` to the still-unmatched `entries`.
    fn pair(&self, observed: &[usize], entries: &[usize], out: &mut Assignment) {
        let free = |slots: &[Option<usize>], i: &usize| slots.get(*i).is_some_and(Option::is_none);
        let left: Vec<usize> = observed
            .iter()
            .copied()
            .filter(|i| free(&out.observed, i))
            .collect();
        let right: Vec<usize> = entries
            .iter()
            .copied()
            .filter(|i| free(&out.entry, i))
            .collect();
        if left.is_empty() || right.is_empty() {
            return;
        }
        let left_values: Vec<&str> = left.iter().map(|&i| value(self.observed_norm, i)).collect();
        let right_values: Vec<&str> = right.iter().map(|&i| value(self.entry_norm, i)).collect();
        let pairs = max_matching(self.kind, &left_values, &right_values);
        for (l, r) in pairs.iter().enumerate() {
            let (Some(&o), Some(&e)) = (left.get(l), r.and_then(|r| right.get(r))) else {
                continue;
            };
            if let (Some(os), Some(es)) = (out.observed.get_mut(o), out.entry.get_mut(e)) {
                *os = Some(e);
                *es = Some(o);
            }
        }
    }
}

fn value(norm: &[String], i: usize) -> &str {
    norm.get(i).map_or("", String::as_str)
}

/// A maximum matching between `left` and `right` values under `kind`'s rule: for each
/// left value, the index of its right value. Equal values are paired first, in order
/// (which is already maximum for equality kinds); for containment kinds, augmenting paths
/// then add what containment allows, possibly re-pairing equal values.
pub fn max_matching(kind: Kind, left: &[&str], right: &[&str]) -> Vec<Option<usize>> {
    let mut match_left: Vec<Option<usize>> = vec![None; left.len()];
    let mut match_right: Vec<Option<usize>> = vec![None; right.len()];
    let mut equal: HashMap<&str, VecDeque<usize>> = HashMap::new();
    for (j, v) in right.iter().enumerate() {
        if !v.is_empty() {
            equal.entry(v).or_default().push_back(j);
        }
    }
    for (i, v) in left.iter().enumerate() {
        if let Some(j) = equal.get_mut(v).and_then(VecDeque::pop_front) {
            if let (Some(l), Some(r)) = (match_left.get_mut(i), match_right.get_mut(j)) {
                *l = Some(j);
                *r = Some(i);
            }
        }
    }
    if !is_containment(kind) {
        return match_left;
    }
    // Edges, equal values first, then in right order.
    let adjacency: Vec<Vec<usize>> = left
        .iter()
        .map(|a| {
            let mut edges: Vec<usize> = (0..right.len())
                .filter(|&j| right.get(j).is_some_and(|b| values_match(kind, a, b)))
                .collect();
            edges.sort_by_key(|&j| (right.get(j) != Some(a), j));
            edges
        })
        .collect();
    let mut seen = vec![false; right.len()];
    for start in 0..left.len() {
        if match_left.get(start).is_some_and(Option::is_some) {
            continue;
        }
        if augment(
            start,
            &adjacency,
            &mut match_left,
            &mut match_right,
            &mut seen,
        ) {
            // Right vertices seen by a failed search stay dead until a path is found.
            seen.iter_mut().for_each(|s| *s = false);
        }
    }
    match_left
}

/// Looks for an augmenting path from the free left vertex `start` (breadth first) and
/// flips it; true when the matching grew.
fn augment(
    start: usize,
    adjacency: &[Vec<usize>],
    match_left: &mut [Option<usize>],
    match_right: &mut [Option<usize>],
    seen: &mut [bool],
) -> bool {
    // For each right vertex reached: the left vertex it was reached from.
    let mut from: HashMap<usize, usize> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(x) = queue.pop_front() {
        for &y in adjacency.get(x).map_or(&[][..], Vec::as_slice) {
            match seen.get_mut(y) {
                Some(s) if !*s => *s = true,
                _ => continue,
            }
            from.insert(y, x);
            match match_right.get(y).copied().flatten() {
                Some(next) => queue.push_back(next),
                None => {
                    flip(y, &from, match_left, match_right);
                    return true;
                }
            }
        }
    }
    false
}

/// Flips the alternating path ending at the free right vertex `end`.
fn flip(
    end: usize,
    from: &HashMap<usize, usize>,
    match_left: &mut [Option<usize>],
    match_right: &mut [Option<usize>],
) {
    let mut y = end;
    while let Some(&x) = from.get(&y) {
        let Some(slot) = match_left.get_mut(x) else {
            return;
        };
        let previous = slot.replace(y);
        if let Some(r) = match_right.get_mut(y) {
            *r = Some(x);
        }
        match previous {
            Some(p) => y = p,
            None => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(file: &str, kind: Kind, value: &str, expect: Expect) -> TruthEntry {
        TruthEntry {
            line: 0,
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

    fn seen(file: &str, kind: Kind, value: &str, severity: Severity) -> Observed {
        Observed {
            file: file.to_string(),
            kind,
            severity,
            rule: "r".to_string(),
            value: Sensitive::new(value.to_string()),
            masked: value.to_string(),
            location: "-".to_string(),
            evidence: Vec::new(),
        }
    }

    const NORMALIZE_CASES: &[(&str, &str, &str)] = &[
        ("id_010_plain", "11010519491231002X", "11010519491231002X"),
        (
            "id_020_fullwidth",
            "１１０１０５１９４９１２３１００２Ｘ",
            "11010519491231002X",
        ),
        (
            "id_030_grouped",
            "110105 1949 1231 002X",
            "11010519491231002X",
        ),
        ("phone_010_hyphens", "138-0013-8000", "13800138000"),
        (
            "phone_020_fullwidth_hyphen",
            "138－0013－8000",
            "13800138000",
        ),
        ("phone_030_newline_tab", "138\n0013\t8000", "13800138000"),
        (
            "phone_040_ideographic_space",
            "138\u{3000}00138000",
            "13800138000",
        ),
        ("name_010_bullet", "阿卜杜拉•买买提", "阿卜杜拉·买买提"),
        (
            "name_020_katakana_dot",
            "阿卜杜拉・买买提",
            "阿卜杜拉·买买提",
        ),
        ("name_030_period", "阿卜杜拉.买买提", "阿卜杜拉·买买提"),
        ("name_040_spaced", "张 三", "张三"),
    ];

    #[test]
    fn normalize_cases() {
        for (name, raw, want) in NORMALIZE_CASES {
            assert_eq!(normalize(raw), *want, "{name}");
        }
    }

    const MATCH_CASES: &[(&str, Kind, &str, &str, bool)] = &[
        (
            "equal_010_id",
            Kind::IdCard,
            "11010519491231002X",
            "11010519491231002X",
            true,
        ),
        (
            "equal_020_id_prefix",
            Kind::IdCard,
            "110105194912310",
            "11010519491231002X",
            false,
        ),
        ("equal_030_name", Kind::PersonName, "张三", "张三丰", false),
        (
            "addr_010_equal",
            Kind::Address,
            "某某村5组12号",
            "某某村5组12号",
            true,
        ),
        // 8 of 10 characters: 80 %.
        (
            "addr_020_contained_80",
            Kind::Address,
            "某某路88号3栋",
            "开福区某某路88号3栋",
            true,
        ),
        // 6 of 10: exactly 60 %.
        (
            "addr_030_contained_60",
            Kind::Address,
            "某路88号3栋",
            "开福某某路88号3栋",
            true,
        ),
        // 5 of 10: 50 %.
        (
            "addr_040_contained_50",
            Kind::Address,
            "88号3栋",
            "开福区某路88号3栋",
            false,
        ),
        (
            "addr_050_overlap_not_contained",
            Kind::Address,
            "某某路88号",
            "某某路99号",
            false,
        ),
        (
            "attr_010_contained",
            Kind::SensitiveAttribute,
            "残疾",
            "肢体残疾二级",
            true,
        ),
        (
            "attr_020_reverse",
            Kind::SensitiveAttribute,
            "肢体残疾二级",
            "残疾",
            true,
        ),
        (
            "attr_030_other",
            Kind::SensitiveAttribute,
            "吸毒",
            "刑满释放",
            false,
        ),
        ("empty_010", Kind::SensitiveAttribute, "", "刑满释放", false),
    ];

    #[test]
    fn match_cases() {
        for (name, kind, a, b, want) in MATCH_CASES {
            let (a, b) = (normalize(a), normalize(b));
            assert_eq!(values_match(*kind, &a, &b), *want, "{name}");
        }
    }

    #[test]
    fn multiset_with_duplicates() {
        // Two planted occurrences, three reported: one false positive.
        let entries = vec![
            entry("a.txt", Kind::MobilePhone, "13800138000", Expect::Flag),
            entry("a.txt", Kind::MobilePhone, "138 0013 8000", Expect::Flag),
        ];
        let observed: Vec<Observed> = (0..3)
            .map(|_| seen("a.txt", Kind::MobilePhone, "13800138000", Severity::High))
            .collect();
        let a = assign(&entries, &observed);
        assert_eq!(a.entry, vec![Some(0), Some(1)]);
        assert_eq!(a.observed, vec![Some(0), Some(1), None]);
    }

    #[test]
    fn flag_entries_are_matched_before_pass_entries() {
        // The pass entry comes first in the file; the finding still goes to the flag one.
        let entries = vec![
            entry("a.txt", Kind::PersonName, "张三", Expect::Pass),
            entry("a.txt", Kind::PersonName, "张三", Expect::Flag),
        ];
        let observed = vec![seen("a.txt", Kind::PersonName, "张三", Severity::High)];
        let a = assign(&entries, &observed);
        assert_eq!(a.entry, vec![None, Some(0)]);
    }

    #[test]
    fn second_finding_goes_to_the_pass_entry() {
        let entries = vec![
            entry("a.txt", Kind::PersonName, "张三", Expect::Pass),
            entry("a.txt", Kind::PersonName, "张三", Expect::Flag),
        ];
        let observed = vec![
            seen("a.txt", Kind::PersonName, "张三", Severity::High),
            seen("a.txt", Kind::PersonName, "张三", Severity::Medium),
        ];
        let a = assign(&entries, &observed);
        assert_eq!(a.entry, vec![Some(1), Some(0)]);
    }

    #[test]
    fn info_findings_never_count_as_reported_but_are_paired() {
        let entries = vec![
            entry("a.txt", Kind::IdCard, "430102********1234", Expect::Pass),
            entry("a.txt", Kind::IdCard, "11010519491231002X", Expect::Flag),
        ];
        let observed = vec![
            seen("a.txt", Kind::IdCard, "430102********1234", Severity::Info),
            seen("a.txt", Kind::IdCard, "11010519491231002X", Severity::Info),
        ];
        let a = assign(&entries, &observed);
        assert_eq!(a.entry, vec![Some(0), Some(1)]);
    }

    #[test]
    fn groups_are_per_file_and_kind() {
        let entries = vec![entry(
            "a.txt",
            Kind::IdCard,
            "11010519491231002X",
            Expect::Flag,
        )];
        let observed = vec![
            seen("b.txt", Kind::IdCard, "11010519491231002X", Severity::High),
            seen(
                "a.txt",
                Kind::BankCard,
                "11010519491231002X",
                Severity::High,
            ),
        ];
        let a = assign(&entries, &observed);
        assert_eq!(a.entry, vec![None]);
        assert_eq!(a.observed, vec![None, None]);
    }

    #[test]
    fn containment_finds_the_maximum_matching() {
        // Equal values are paired first (残疾人 = 残疾人), which leaves 疾人 without an
        // entry; the augmenting path moves 残疾人 to 残 and gives 疾人 its entry.
        let left = ["残疾人", "疾人"];
        let right = ["残疾人", "残"];
        let pairs = max_matching(Kind::SensitiveAttribute, &left, &right);
        assert_eq!(pairs, vec![Some(1), Some(0)]);
        let left = ["精神分裂症", "精神"];
        let right = ["精神"];
        // Only one entry: the equal value gets it.
        assert_eq!(
            max_matching(Kind::SensitiveAttribute, &left, &right),
            vec![None, Some(0)]
        );
    }

    #[test]
    fn address_containment_needs_sixty_percent() {
        let entries = vec![
            entry(
                "a.txt",
                Kind::Address,
                "开福区某某路88号3栋2单元501室",
                Expect::Flag,
            ),
            entry("a.txt", Kind::Address, "某某村5组12号", Expect::Flag),
        ];
        let observed = vec![
            // 17 of the 18 characters.
            seen(
                "a.txt",
                Kind::Address,
                "开福区某某路88号3栋2单元501",
                Severity::High,
            ),
            // 3 of 8: too short.
            seen("a.txt", Kind::Address, "12号", Severity::High),
        ];
        let a = assign(&entries, &observed);
        assert_eq!(a.entry, vec![Some(0), None]);
        assert_eq!(a.observed, vec![Some(0), None]);
    }
}
