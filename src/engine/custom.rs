//! Rules a unit writes itself: regex rules behind a keyword prefilter, and the proximity
//! condition of term lists such as 敏感个人信息 (a diagnosis or a religion is personal data
//! when it is tied to a person on the same line, sentence or table row, not in policy
//! prose).

use regex::Regex;

use crate::detect::{Candidate, Evidence, Mask, Source};
use crate::finding::{Kind, Severity};
use crate::ruleset::RegexRule;

/// A compiled regex rule.
pub struct CompiledRegex {
    pub id: String,
    pub kind: Kind,
    pub severity: Severity,
    regex: Regex,
    keywords: Vec<String>,
}

/// Compiles the enabled regex rules (patterns were checked when the pack was loaded).
pub fn compile(rules: &[RegexRule]) -> Result<Vec<CompiledRegex>, regex::Error> {
    rules
        .iter()
        .filter(|r| r.enabled)
        .map(|r| {
            Ok(CompiledRegex {
                id: r.id.clone(),
                kind: r.kind,
                severity: r.severity,
                regex: Regex::new(&r.pattern)?,
                keywords: r.keywords.clone(),
            })
        })
        .collect()
}

/// Matches of every regex whose keywords occur in `text`.
pub fn find(regexes: &[CompiledRegex], text: &str, out: &mut Vec<Candidate>) {
    for (i, r) in regexes.iter().enumerate() {
        if !r.keywords.is_empty() && !r.keywords.iter().any(|k| text.contains(k.as_str())) {
            continue;
        }
        for m in r.regex.find_iter(text) {
            if m.is_empty() {
                continue;
            }
            out.push(Candidate {
                source: Source::Regex(i),
                kind: r.kind,
                start: m.start(),
                end: m.end(),
                confidence: 1.0,
                cap: None,
                floor: None,
                evidence: vec![Evidence::Borrowed("regex")],
                normalized: String::new(),
                mask: match r.kind {
                    Kind::RestrictedTerm | Kind::ClassificationMark => Mask::Verbatim,
                    _ => Mask::KeepEnds { head: 2, tail: 2 },
                },
            });
        }
    }
}

/// Drops term-list candidates whose list requires a person nearby (`near`) when no
/// candidate of those kinds shares their line. `out` is sorted by start.
pub fn keep_near<'k>(
    text: &str,
    out: &mut Vec<Candidate>,
    near_of: impl Fn(&Source) -> Option<&'k [Kind]>,
) {
    if !out.iter().any(|c| near_of(&c.source).is_some()) {
        return;
    }
    let line_of = |at: usize| {
        let bytes = text.as_bytes();
        let start = memchr::memrchr(b'\n', bytes.get(..at).unwrap_or(&[])).map_or(0, |p| p + 1);
        let end =
            memchr::memchr(b'\n', bytes.get(at..).unwrap_or(&[])).map_or(text.len(), |p| at + p);
        (start, end)
    };
    let keep: Vec<bool> = out
        .iter()
        .map(|c| {
            let Some(kinds) = near_of(&c.source) else {
                return true;
            };
            let (ls, le) = line_of(c.start);
            let from = out.partition_point(|o| o.start < ls);
            out.get(from..)
                .unwrap_or(&[])
                .iter()
                .take_while(|o| o.start < le)
                .any(|o| kinds.contains(&o.kind) && near_of(&o.source).is_none())
        })
        .collect();
    let mut i = 0;
    out.retain(|_| {
        let k = keep.get(i).copied().unwrap_or(true);
        i += 1;
        k
    });
}
