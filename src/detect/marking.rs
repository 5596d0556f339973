//! 密级标志 and other 不宜公开 markings, confirmed by position and grammar.
//!
//! The term automaton finds the anchors (`绝密`, `机密`, `秘密`, `内部资料`, `工作秘密`,
//! `不予公开` …, through width/繁简 folding and noise); this module decides whether an
//! occurrence is a *marking* or just a word in a sentence:
//!
//! * `机密★5年`, `秘密★1年`, `绝密★长期`, `机密*10年` — a level followed by a star: a mark;
//! * `密级：秘密`, `【机密】`, `（秘密）`, `秘密级` — field and bracket forms: a mark;
//! * a level or marking alone on a short line (the head of a 公文, `内部资料 注意保存`): a mark;
//! * `此件不公开` / `此件不予公开` — the publication-attribute footer: a mark anywhere;
//! * `保守国家秘密法`, `商业秘密`, `机密性`, `秘密投票`, `依法不予公开的信息` in running
//!   text: not a mark.

use super::{rules, Candidate, Mask, Source};
use crate::finding::Kind;

/// What an anchor term announces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Anchor {
    /// 绝密 / 机密 / 秘密
    Level,
    /// 内部资料 / 内部文件 / 工作秘密
    Internal,
    /// 此件不公开 / 此件不予公开: a mark wherever it stands.
    NotPublic,
    /// 不予公开 / 依申请公开: a mark only as a field value, bracketed or on its own line.
    NotPublicLoose,
}

/// The anchor terms, compiled into the term automaton with the restricted terms.
pub const ANCHORS: &[(&str, Anchor)] = &[
    ("绝密", Anchor::Level),
    ("机密", Anchor::Level),
    ("秘密", Anchor::Level),
    ("内部资料", Anchor::Internal),
    ("内部文件", Anchor::Internal),
    ("工作秘密", Anchor::Internal),
    ("此件不公开", Anchor::NotPublic),
    ("此件不予公开", Anchor::NotPublic),
    ("此件依申请公开", Anchor::NotPublic),
    ("不予公开", Anchor::NotPublicLoose),
    ("依申请公开", Anchor::NotPublicLoose),
];

const STARS: &[char] = &['★', '☆', '*', '＊', '✱', '✳', '⭐'];
const OPEN: &[char] = &['【', '[', '〔', '（', '(', '「', '《'];
const CLOSE: &[char] = &['】', ']', '〕', '）', ')', '」', '》'];
/// Words right before a level that make it part of a phrase, not a mark.
const LEVEL_PHRASES_BEFORE: &[&str] = &[
    "国家",
    "商业",
    "工作",
    "个人",
    "技术",
    "军事",
    "保守",
    "严守",
    "保护",
    "泄露",
    "此件不",
];
/// Words right after a level that make it a noun phrase (`机密性`, `秘密投票`).
const LEVEL_PHRASES_AFTER: &[&str] = &["性", "投票", "法", "保护", "事项", "信息", "文件", "载体"];
const INTERNAL_COMPANIONS: &[&str] = &[
    "注意保存",
    "妥善保管",
    "注意保密",
    "请勿外传",
    "不得外传",
    "严禁外传",
];
const FIELD_LABELS: &[&str] = &["密级", "公开属性", "公开方式", "公开类型", "公开选项"];
/// A "short line" holds a marking and little else.
const SHORT_LINE_CHARS: usize = 14;

fn skip_spaces(s: &str) -> &str {
    s.trim_start_matches([' ', '\u{3000}', '\t'])
}

/// How far to look for the ends of the line around an anchor. A short line is at most
/// `SHORT_LINE_CHARS` characters of up to 4 bytes plus indentation; a line end further away
/// means a long line, so the search is bounded (regression: one long line of anchors was
/// quadratic).
const LINE_PROBE_BYTES: usize = SHORT_LINE_CHARS * 4 + 64;

/// The line around `start..end`, or `None` when it is longer than a short line can be.
fn short_line_bounds(text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let from = start.saturating_sub(LINE_PROBE_BYTES);
    let before = bytes.get(from..start).unwrap_or(&[]);
    let ls = match memchr::memrchr(b'\n', before) {
        Some(p) => from + p + 1,
        None if from == 0 => 0,
        None => return None,
    };
    let to = (end + LINE_PROBE_BYTES).min(bytes.len());
    let after = bytes.get(end..to).unwrap_or(&[]);
    let le = match memchr::memchr(b'\n', after) {
        Some(p) => end + p,
        None if to == bytes.len() => bytes.len(),
        None => return None,
    };
    Some((ls, le))
}

/// What may share a line with a marking: spaces, stars, digits, and the words of a period,
/// grade, urgency or copy number; and a second marking (`机密 内部资料`).
fn is_marking_residue(part: &str) -> bool {
    for word in [
        "内部资料",
        "内部文件",
        "注意保存",
        "妥善保管",
        "注意保密",
        "不得外传",
        "请勿外传",
    ] {
        if part.contains(word) {
            return part.split(word).all(is_marking_residue);
        }
    }
    let rest = part.trim();
    rest.chars().count() <= SHORT_LINE_CHARS
        && rest.chars().all(|c| {
            c.is_whitespace()
                || c.is_ascii_digit()
                || STARS.contains(&c)
                || "０１２３４５６７８９一二三四五六七八九十年个月长期级特急加急平急份号№No.（）()【】[]〔〕"
                    .contains(c)
        })
}

/// Length in bytes of a period after a star: `5年`, `10年`, `6个月`, `长期`, `解密条件…`.
fn period_len(after_star: &str) -> usize {
    let s = skip_spaces(after_star);
    let lead = after_star.len() - s.len();
    let digits: usize = s
        .chars()
        .take_while(|c| {
            c.is_ascii_digit() || ('０'..='９').contains(c) || "一二三四五六七八九十".contains(*c)
        })
        .map(char::len_utf8)
        .sum();
    let rest = s.get(digits..).unwrap_or("");
    let unit = ["个月", "年", "月"]
        .iter()
        .find(|u| rest.starts_with(**u))
        .map_or(0, |u| u.len());
    if digits > 0 && unit > 0 {
        return lead + digits + unit;
    }
    ["长期", "解密"]
        .iter()
        .find(|w| s.starts_with(**w))
        .map_or(0, |w| lead + w.len())
}

/// Decides whether the anchor at `start..end` is a marking; returns the candidate with its
/// span extended over a star and period.
pub fn verify(text: &str, start: usize, end: usize, anchor: Anchor) -> Option<Candidate> {
    let before = text.get(..start)?;
    let after = text.get(end..)?;
    // "Own line": the line holds the marking and nothing but its period, grade, urgency
    // or copy number (`机密 1年`, `秘密级`, `秘密  特急`), not `守护秘密` or `二、秘密级事项`.
    let short = short_line_bounds(text, start, end).is_some_and(|(ls, le)| {
        let rest = [text.get(ls..start), text.get(end..le)];
        rest.iter().all(|part| part.is_some_and(is_marking_residue))
    });
    let trimmed_before = before.trim_end_matches([' ', '\u{3000}', '\t']);
    let after_sp = skip_spaces(after);
    let bracketed = trimmed_before.ends_with(OPEN) && after_sp.starts_with(CLOSE);
    let field = FIELD_LABELS.iter().any(|l| {
        trimmed_before
            .trim_end_matches(['：', ':', ' '])
            .ends_with(l)
    });
    let mut end = end;
    let mut evidence: Vec<super::Evidence> = Vec::new();
    let (rule, is_mark) = match anchor {
        Anchor::Level => {
            if LEVEL_PHRASES_BEFORE
                .iter()
                .any(|w| trimmed_before.ends_with(w))
            {
                return None;
            }
            let starred = after_sp.starts_with(STARS);
            if starred {
                let star_len = after_sp.chars().next().map_or(0, char::len_utf8);
                let spaces = after.len() - after_sp.len();
                let period = period_len(after_sp.get(star_len..).unwrap_or(""));
                end += spaces + star_len + period;
                evidence.push("star".into());
                if period > 0 {
                    evidence.push("period".into());
                }
            }
            let noun_phrase = LEVEL_PHRASES_AFTER.iter().any(|w| after_sp.starts_with(w));
            let mark = starred || bracketed || field || (short && !noun_phrase);
            (rules::MARK_CLASSIFICATION, mark)
        }
        Anchor::Internal => {
            let after_punct = skip_spaces(after_sp.trim_start_matches(['，', ',', '、']));
            let companion = INTERNAL_COMPANIONS
                .iter()
                .any(|w| after_punct.starts_with(w));
            let starred = after_sp.starts_with(STARS);
            (
                rules::MARK_INTERNAL,
                companion || starred || bracketed || field || short,
            )
        }
        Anchor::NotPublic => (rules::MARK_NOT_PUBLIC, true),
        Anchor::NotPublicLoose => {
            if trimmed_before.ends_with("此件") {
                return None;
            }
            (rules::MARK_NOT_PUBLIC, bracketed || field || short)
        }
    };
    if !is_mark {
        return None;
    }
    for (flag, name) in [
        (bracketed, "bracketed"),
        (field, "field"),
        (short, "own_line"),
    ] {
        if flag {
            evidence.push(name.into());
        }
    }
    let value = text.get(start..end)?;
    Some(Candidate {
        source: Source::Builtin(rule),
        kind: Kind::ClassificationMark,
        start,
        end,
        confidence: 0.9,
        cap: None,
        floor: None,
        evidence,
        normalized: value.chars().filter(|c| !c.is_whitespace()).collect(),
        mask: Mask::Verbatim,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(text: &str, anchor: &str, kind: Anchor) -> Option<String> {
        let start = text.find(anchor)?;
        verify(text, start, start + anchor.len(), kind).map(|c| text[c.start..c.end].to_string())
    }

    const MARKS: &[(&str, &str, Anchor, &str)] = &[
        ("机密★5年\n关于……的通知", "机密", Anchor::Level, "机密★5年"),
        ("秘密★1年", "秘密", Anchor::Level, "秘密★1年"),
        ("绝密★长期", "绝密", Anchor::Level, "绝密★长期"),
        ("机密 ★ 10年", "机密", Anchor::Level, "机密 ★ 10年"),
        ("机密*6个月", "机密", Anchor::Level, "机密*6个月"),
        ("密级：秘密", "秘密", Anchor::Level, "秘密"),
        ("【机密】会议纪要", "机密", Anchor::Level, "机密"),
        ("秘密\n", "秘密", Anchor::Level, "秘密"),
        ("秘密级\n", "秘密", Anchor::Level, "秘密"),
        ("机密  特急\n", "机密", Anchor::Level, "机密"),
        (
            "内部资料，注意保存",
            "内部资料",
            Anchor::Internal,
            "内部资料",
        ),
        (
            "（此件依申请公开）",
            "此件依申请公开",
            Anchor::NotPublic,
            "此件依申请公开",
        ),
        (
            "内部资料 注意保存",
            "内部资料",
            Anchor::Internal,
            "内部资料",
        ),
        (
            "内部文件\n请勿转发",
            "内部文件",
            Anchor::Internal,
            "内部文件",
        ),
        (
            "（此件不公开）",
            "此件不公开",
            Anchor::NotPublic,
            "此件不公开",
        ),
        (
            "公开属性：不予公开",
            "不予公开",
            Anchor::NotPublicLoose,
            "不予公开",
        ),
    ];

    const NOT_MARKS: &[(&str, &str, Anchor)] = &[
        (
            "认真学习保守国家秘密法，做好保密工作。",
            "秘密",
            Anchor::Level,
        ),
        (
            "企业的商业秘密受法律保护，任何单位不得侵犯。",
            "秘密",
            Anchor::Level,
        ),
        (
            "加强信息系统的机密性和完整性保护工作。",
            "机密",
            Anchor::Level,
        ),
        (
            "会议采用秘密投票方式进行了表决，结果如下。",
            "秘密",
            Anchor::Level,
        ),
        (
            "依法不予公开的信息，应当说明理由并告知申请人。",
            "不予公开",
            Anchor::NotPublicLoose,
        ),
        (
            "本单位编印的内部资料均已按规定登记备案管理。",
            "内部资料",
            Anchor::Internal,
        ),
        ("工作秘密", "秘密", Anchor::Level),
        ("守护秘密", "秘密", Anchor::Level),
        ("秘密花园", "秘密", Anchor::Level),
        ("二、秘密级事项", "秘密", Anchor::Level),
        ("守护秘密", "秘密", Anchor::Level),
        ("秘密花园", "秘密", Anchor::Level),
        ("二、秘密级事项", "秘密", Anchor::Level),
    ];

    #[test]
    fn marks() {
        for (text, anchor, kind, want) in MARKS {
            assert_eq!(check(text, anchor, *kind).as_deref(), Some(*want), "{text}");
        }
    }

    #[test]
    fn not_marks() {
        for (text, anchor, kind) in NOT_MARKS {
            assert_eq!(check(text, anchor, *kind), None, "{text}");
        }
    }
}
