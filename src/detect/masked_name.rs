//! Masked personal names: `张某`, `张某某`, `李*`, `王**`, `赵X`, `欧阳某` — the forms courts
//! and 公示 lists use to de-identify people. They are compliant, so they are reported at
//! `info` (rule `pii.person_name.masked`) for the record; finding *unmasked* names is the
//! job of the name detector (person-name issue), not of this module.
//!
//! A masked name is a surname (single or compound) followed by `某`/`某某` or one to three
//! mask characters, where the surname starts a word: the character before it is not a Han
//! character (start of line or cell, a label's colon, a list comma), or a name label
//! (`当事人`, `申请人`, `户主` …) sits right before it. `某某村`, `某单位` have no surname.

use super::names::{is_han, is_surname, COMPOUND_SURNAMES};
use super::{rules, Candidate, Evidence, Mask, Source};
use crate::finding::{Kind, Severity};

/// Labels that introduce a person (pii-facts §9.2).
const NAME_LABELS: &[&str] = &[
    "姓名",
    "当事人",
    "申请人",
    "户主",
    "联系人",
    "被处罚人",
    "违法行为人",
    "被执行人",
    "法定代表人",
    "负责人",
    "经营者",
    "投诉人",
    "举报人",
    "救助对象",
    "低保对象",
    "患者",
    "驾驶人",
    "监护人",
    "委托人",
    "代理人",
    "被申请人",
    "被告",
    "原告",
    "学生",
    "考生",
];

/// The start of the surname that ends at `end` (exclusive), if there is one that starts a
/// word or follows a name label.
fn surname_start(text: &str, end: usize) -> Option<usize> {
    let head = text.get(..end)?;
    let mut starts = Vec::with_capacity(2);
    if let Some(c) = COMPOUND_SURNAMES.iter().find(|c| head.ends_with(**c)) {
        starts.push(end - c.len());
    }
    let last = head.chars().next_back()?;
    if is_surname(last) {
        starts.push(end - last.len_utf8());
    }
    starts.into_iter().find(|&s| {
        let before = text.get(..s).unwrap_or("");
        let starts_word = before.chars().next_back().is_none_or(|c| !is_han(c));
        starts_word || NAME_LABELS.iter().any(|l| before.ends_with(l))
    })
}

fn candidate(text: &str, start: usize, end: usize, form: &'static str) -> Candidate {
    Candidate {
        source: Source::Builtin(rules::PERSON_NAME_MASKED),
        kind: Kind::PersonName,
        start,
        end,
        confidence: super::score::MASKED,
        cap: Some(Severity::Info),
        floor: None,
        evidence: vec![Evidence::Borrowed("masked"), Evidence::Borrowed(form)],
        normalized: text.get(start..end).unwrap_or("").to_string(),
        mask: Mask::Verbatim,
    }
}

/// `张某` / `张某某` from an occurrence of `某` at `start..end` found by the term automaton.
pub fn verify_mou(text: &str, start: usize, end: usize) -> Option<Candidate> {
    let mark = text.get(start..end)?.chars().next()?;
    if text.get(..start)?.ends_with(mark) {
        return None; // the second 某 of 某某: the first one reports
    }
    let name_start = surname_start(text, start)?;
    let mut stop = end;
    // `张某某`, `李○○`, `王××`: up to three of the same character.
    for _ in 0..2 {
        if text.get(stop..)?.starts_with(mark) {
            stop += mark.len_utf8();
        }
    }
    // `张某某公司`, `王某村`: a Han character right after makes it a place or body, unless
    // a label says a person is named here.
    let next = text.get(stop..)?.chars().next();
    let labelled = NAME_LABELS
        .iter()
        .any(|l| text.get(..name_start).is_some_and(|b| b.ends_with(l)));
    let glued = next.is_some_and(|c| is_han(c) && !"等和与及系为在于因的男女".contains(c));
    if glued && !labelled {
        return None;
    }
    let form = if mark == '某' {
        "surname+某"
    } else {
        "surname+mask"
    };
    Some(candidate(text, name_start, stop, form))
}

/// `李*`, `王**`, `赵X`: a token of one to three mask characters right after a surname.
pub fn verify_mask_token(text: &str, start: usize, end: usize, chars: &[u8]) -> Option<Candidate> {
    let all_mask =
        chars.iter().all(|&b| b == b'*') || chars.iter().all(|&b| b == b'X' || b == b'x');
    if !(1..=3).contains(&chars.len()) || !all_mask {
        return None;
    }
    let next = text.get(end..)?.chars().next();
    if next.is_some_and(|c| c.is_ascii_alphanumeric() || is_han(c) && !"等和与及".contains(c)) {
        return None;
    }
    let name_start = surname_start(text, start)?;
    Some(candidate(text, name_start, end, "surname+mask"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mou(text: &str) -> Option<String> {
        let s = text.find('某')?;
        verify_mou(text, s, s + 3).map(|c| text[c.start..c.end].to_string())
    }

    #[test]
    fn mou_forms() {
        assert_eq!(mou("当事人张某某，男，1980年生").as_deref(), Some("张某某"));
        assert_eq!(mou("申请人：王某").as_deref(), Some("王某"));
        assert_eq!(mou("欧阳某等三人").as_deref(), Some("欧阳某"));
        assert_eq!(mou("当事人王某驾驶车辆").as_deref(), Some("王某"));
        assert_eq!(mou("位于某某村"), None);
        assert_eq!(mou("他向某单位反映"), None);
        assert_eq!(mou("推进工作某项"), None);
    }

    #[test]
    fn mask_tokens() {
        let text = "1\t李**\t430102********1234";
        let s = text.find('*').unwrap_or(0);
        let c = verify_mask_token(text, s, s + 2, b"**").map(|c| text[c.start..c.end].to_string());
        assert_eq!(c.as_deref(), Some("李**"));
        let glued = "公司的王**公司";
        let s = glued.find('*').unwrap_or(0);
        assert!(verify_mask_token(glued, s, s + 2, b"**").is_none());
    }
}
