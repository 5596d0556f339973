//! What to replace in one document: each raw value a finding matched, paired with its mask,
//! found again in every text unit of the format (a docx paragraph, a cell, an HTML text
//! node) by one automaton pass. Finding the values again, rather than carrying byte offsets
//! of the extracted text back into the file, keeps every format's writer independent of
//! how its extractor built the text; the verification rescan catches what this misses.

use std::ops::Range;

use aho_corasick::{AhoCorasick, MatchKind};

/// One replacement inside a text unit: a byte range of the unit's text and its mask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit<'a> {
    pub range: Range<usize>,
    pub replacement: &'a str,
}

/// The raw values of one document's findings and their masks.
pub struct Plan {
    originals: Vec<String>,
    masks: Vec<String>,
    automaton: Option<AhoCorasick>,
}

impl Plan {
    /// `pairs` are (raw value, mask). Empty raw values and values whose mask equals them are
    /// dropped; when one value is listed twice the first mask wins.
    pub fn new(pairs: impl IntoIterator<Item = (String, String)>) -> Plan {
        let mut originals: Vec<String> = Vec::new();
        let mut masks = Vec::new();
        // A roster has 10^5 values: duplicates found by hash, not by scanning the list.
        let mut seen = std::collections::HashSet::new();
        for (raw, mask) in pairs {
            if raw.is_empty() || raw == mask || !seen.insert(raw.clone()) {
                continue;
            }
            originals.push(raw);
            masks.push(mask);
        }
        // Leftmost-longest: `张三丰` wins over `张三` when both are findings.
        let automaton = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&originals)
            .ok();
        Plan {
            originals,
            masks,
            automaton,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.originals.is_empty()
    }

    pub fn len(&self) -> usize {
        self.originals.len()
    }

    /// Whether `text` holds any value of the plan (cheap test before rebuilding a unit).
    pub fn touches(&self, text: &str) -> bool {
        self.automaton
            .as_ref()
            .is_some_and(|a| a.find(text).is_some())
    }

    /// The non-overlapping edits in `text`, left to right.
    pub fn edits<'a>(&'a self, text: &str) -> Vec<Edit<'a>> {
        let Some(automaton) = &self.automaton else {
            return Vec::new();
        };
        automaton
            .find_iter(text)
            .filter_map(|m| {
                let replacement = self.masks.get(m.pattern().as_usize())?;
                Some(Edit {
                    range: m.range(),
                    replacement,
                })
            })
            .collect()
    }

    /// `text` with every value replaced, or `None` when nothing in it is a value.
    pub fn apply(&self, text: &str) -> Option<String> {
        let edits = self.edits(text);
        if edits.is_empty() {
            return None;
        }
        Some(apply_edits(text, &edits))
    }
}

/// `text` with `edits` (sorted, non-overlapping) applied.
pub fn apply_edits(text: &str, edits: &[Edit<'_>]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for e in edits {
        out.push_str(text.get(at..e.range.start).unwrap_or(""));
        out.push_str(e.replacement);
        at = e.range.end;
    }
    out.push_str(text.get(at..).unwrap_or(""));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(pairs: &[(&str, &str)]) -> Plan {
        Plan::new(pairs.iter().map(|(a, b)| (a.to_string(), b.to_string())))
    }

    #[test]
    fn replaces_every_occurrence_longest_first() {
        let p = plan(&[
            ("张三", "张*"),
            ("张三丰", "张**"),
            ("13800138000", "138****8000"),
        ]);
        assert_eq!(
            p.apply("张三丰与张三，电话13800138000。").as_deref(),
            Some("张**与张*，电话138****8000。")
        );
        assert_eq!(p.apply("无关文字"), None);
        assert!(p.touches("x张三"));
    }

    #[test]
    fn drops_empty_and_unchanged_pairs() {
        let p = plan(&[("", "x"), ("abc", "abc")]);
        assert!(p.is_empty());
        assert_eq!(p.apply("abc"), None);
    }

    #[test]
    fn edits_are_byte_ranges_of_the_unit() {
        let p = plan(&[("李四", "李*")]);
        let e = p.edits("姓名：李四");
        assert_eq!(e.len(), 1);
        assert_eq!(e[0].range, 9..15);
        assert_eq!(e[0].replacement, "李*");
    }
}
