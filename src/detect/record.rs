//! The record pass: what one person's record holds, across detectors.
//!
//! A record is a table row (a tab-separated line), a run of short `标签：值` lines
//! (`当事人：张伟` / `身份证号：…` / `住址：…`), or otherwise a sentence. Within a record:
//!
//! * an address without a personal cue and a sensitive attribute (both carry the
//!   `needs_person` evidence) are kept only when a person is identified there — an unmasked
//!   name or identifier; tied only to a masked name they are `info`; alone they are dropped
//!   (policy text says 残疾人 and 精神障碍患者 all the time);
//! * a name together with an identifier, a detailed address or a sensitive attribute
//!   raises every personal finding of the record: to `high`, or to `critical` when a
//!   sensitive attribute comes with an identifier or address (a 低保 row with name, ID and
//!   illness);
//! * an unmasked ID in the same row as its own masked form defeats the mask (a hidden
//!   column behind a masked one): rule `pii.id_card.behind_mask`.
//!
//! Across the document, two different masks of the same ID that together show every digit
//! but one (the check digit restores it) are reported as `pii.id_card.mask_union`.

use std::collections::HashMap;

use super::{rules, Candidate, Evidence, Source};
use crate::finding::{Kind, Severity};

/// Longest `标签：值` line that joins a record with its neighbours, in bytes.
const LABEL_LINE_MAX: usize = 120;
/// How many label lines around a value make up its record at most.
const LABEL_LINES_MAX: usize = 12;

pub const NEEDS_PERSON: &str = "needs_person";

/// How far a record reaches on each side of a value, in bytes.
const REACH: usize = 1024;

fn floor_char(text: &str, mut at: usize) -> usize {
    while at > 0 && !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    Name,
    MaskedName,
    Identifier,
    Address,
    Attribute,
    Other,
}

fn role(c: &Candidate) -> Role {
    let masked = c.cap == Some(Severity::Info);
    match c.kind {
        Kind::PersonName if c.source == Source::Builtin(rules::PERSON_NAME_MASKED) => {
            Role::MaskedName
        }
        Kind::PersonName if c.source == Source::Builtin(rules::PERSON_NAME) => Role::Name,
        Kind::IdCard | Kind::MobilePhone | Kind::BankCard | Kind::Passport | Kind::TravelPermit
            if !masked =>
        {
            Role::Identifier
        }
        Kind::Address if !masked => Role::Address,
        Kind::SensitiveAttribute => Role::Attribute,
        _ => Role::Other,
    }
}

fn needs_person(c: &Candidate) -> bool {
    c.evidence.iter().any(|e| e == NEEDS_PERSON)
}

/// Applies the record rules to `out` (sorted by start).
pub fn apply(text: &str, out: &mut Vec<Candidate>) {
    dedup_names(out);
    let mut records = Records::new(text);
    let spans: Vec<(usize, usize)> = out.iter().map(|c| records.of(c.start)).collect();
    let mut keep = vec![true; out.len()];
    let mut i = 0;
    while i < out.len() {
        let span = spans.get(i).copied().unwrap_or_default();
        let mut j = i;
        while spans.get(j) == Some(&span) {
            j += 1;
        }
        judge_record(out, &mut keep, i, j);
        behind_mask(text, out, i, j);
        i = j;
    }
    let mut index = 0;
    out.retain(|_| {
        index += 1;
        keep.get(index - 1).copied().unwrap_or(true)
    });
    mask_union(text, out);
    unit_lines(text, out);
}

/// Words on a line that make a landline on it the unit's published number.
const UNIT_LINE_WORDS: &[&str] = &[
    "联系单位",
    "办公室",
    "监督电话",
    "举报电话",
    "咨询电话",
    "受理",
];

/// `联系人：王强；电话：0731-84567890`, `联系单位：…科，联系电话：…`: a landline on a line
/// with a unit's contact in office (and no private person) or a unit's label is the
/// unit's published number: `info`.
fn unit_lines(text: &str, out: &mut [Candidate]) {
    let records = Records::new(text);
    for k in 0..out.len() {
        let Some(c) = out.get(k) else { continue };
        if c.kind != Kind::LandlinePhone || c.cap.is_some() {
            continue;
        }
        let (ls, le) = records.line(c.start);
        let on_line = |x: &&Candidate| x.start >= ls && x.end <= le;
        let before = out
            .get(..k)
            .unwrap_or(&[])
            .iter()
            .rev()
            .take_while(|x| x.start >= ls);
        let after = out
            .get(k + 1..)
            .unwrap_or(&[])
            .iter()
            .take_while(|x| x.start < le);
        let neighbours: Vec<&Candidate> = before.chain(after).filter(on_line).collect();
        let private = neighbours.iter().any(|x| role(x) == Role::Name);
        let official = neighbours
            .iter()
            .any(|x| x.source == Source::Builtin(rules::PERSON_NAME_OFFICIAL));
        let line = text.get(ls..le).unwrap_or("");
        let unit_words = UNIT_LINE_WORDS.iter().any(|w| line.contains(w));
        if !private && (official || unit_words) {
            if let Some(c) = out.get_mut(k) {
                c.cap = Some(Severity::Info);
                c.evidence.push(Evidence::Borrowed("unit_contact_line"));
            }
        }
    }
}

/// The same person span found by two routes (a label and a column) is one name.
fn dedup_names(out: &mut Vec<Candidate>) {
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| c.kind != Kind::PersonName || seen.insert((c.start, c.end)));
}

fn judge_record(out: &mut [Candidate], keep: &mut [bool], from: usize, to: usize) {
    let group = out.get(from..to).unwrap_or(&[]);
    let has = |r: Role| group.iter().any(|c| role(c) == r);
    let name = has(Role::Name);
    let identifier = has(Role::Identifier);
    let identified = name || identifier;
    let masked_person = has(Role::MaskedName);
    // Addresses and attributes that depend on a person are judged first: only those that
    // stay count towards the record.
    let mut address = false;
    let mut attribute = false;
    for (k, c) in out.iter_mut().enumerate().take(to).skip(from) {
        let r = role(c);
        if !matches!(r, Role::Address | Role::Attribute) {
            continue;
        }
        if needs_person(c) && !identified {
            if masked_person {
                c.cap = Some(Severity::Info);
                c.evidence.push(Evidence::Borrowed("tied:masked_person"));
            } else if let Some(flag) = keep.get_mut(k) {
                *flag = false;
                continue;
            }
        }
        if c.cap.is_none() {
            address |= r == Role::Address;
            attribute |= r == Role::Attribute;
        }
    }
    if !name || !(identifier || address || attribute) {
        return;
    }
    let floor = if attribute && (identifier || address) {
        Severity::Critical
    } else {
        Severity::High
    };
    let mut parts = vec!["person_name"];
    for (present, label) in [
        (identifier, "identifier"),
        (address, "address"),
        (attribute, "sensitive_attribute"),
    ] {
        if present {
            parts.push(label);
        }
    }
    let why = Evidence::Owned(format!("record:{}", parts.join("+")));
    for (k, c) in out.iter_mut().enumerate().take(to).skip(from) {
        if keep.get(k) == Some(&false) || c.cap.is_some() {
            continue;
        }
        if matches!(
            role(c),
            Role::Name | Role::Identifier | Role::Address | Role::Attribute
        ) {
            c.floor = Some(c.floor.map_or(floor, |f| f.max(floor)));
            c.evidence.push(why.clone());
        }
    }
}

/// An ID's characters, `None` where masked.
type IdPattern = Vec<Option<char>>;

/// The digits and mask characters of an ID-shaped value, upper case; `None` if it is not
/// 18 characters of digits, `X` and masks.
fn id_pattern(raw: &str) -> Option<IdPattern> {
    let mut out = Vec::with_capacity(18);
    for c in raw.chars().map(crate::normalize::fold_width) {
        if c.is_ascii_digit() || c == 'X' || c == 'x' {
            out.push(Some(c.to_ascii_uppercase()));
        } else if crate::normalize::is_mask_char(c) {
            out.push(None);
        } else if !matches!(c, ' ' | '-') {
            return None;
        }
    }
    (out.len() == 18).then_some(out)
}

fn is_masked_id(c: &Candidate) -> bool {
    c.kind == Kind::IdCard
        && matches!(
            c.source,
            Source::Builtin(rules::ID_CARD_MASKED) | Source::Builtin(rules::ID_CARD_WEAK_MASK)
        )
}

fn agrees(masked: &[Option<char>], whole: &[Option<char>]) -> bool {
    masked.len() == whole.len() && masked.iter().zip(whole).all(|(m, w)| m.is_none() || m == w)
}

/// An unmasked ID in the same row as a masked form of itself.
fn behind_mask(text: &str, out: &mut [Candidate], from: usize, to: usize) {
    let group = out.get(from..to).unwrap_or(&[]);
    let masks: Vec<IdPattern> = group
        .iter()
        .filter(|c| is_masked_id(c))
        .filter_map(|c| id_pattern(text.get(c.start..c.end)?))
        .collect();
    if masks.is_empty() {
        return;
    }
    for c in out.iter_mut().take(to).skip(from) {
        if c.kind != Kind::IdCard || c.source != Source::Builtin(rules::ID_CARD) {
            continue;
        }
        let Some(whole) = text.get(c.start..c.end).and_then(id_pattern) else {
            continue;
        };
        if masks.iter().any(|m| agrees(m, &whole)) {
            c.source = Source::Builtin(rules::ID_CARD_BEHIND_MASK);
            c.evidence
                .push(Evidence::Borrowed("behind_mask:same_row_masked"));
        }
    }
}

/// Two masked forms of one ID that together leave at most one position hidden.
fn mask_union(text: &str, out: &mut [Candidate]) {
    // Grouped by the first six characters (the region, visible in nearly every mask) to
    // keep the comparison local; capped so a masked roster stays linear.
    let mut groups: HashMap<String, Vec<(usize, IdPattern)>> = HashMap::new();
    for (i, c) in out.iter().enumerate() {
        if !is_masked_id(c) {
            continue;
        }
        let Some(p) = text.get(c.start..c.end).and_then(id_pattern) else {
            continue;
        };
        let key: String = p.iter().take(6).map(|d| d.unwrap_or('*')).collect();
        groups.entry(key).or_default().push((i, p));
    }
    let mut hits: Vec<usize> = Vec::new();
    for members in groups.values() {
        for (n, (i, p)) in members.iter().enumerate() {
            let earlier = members.get(..n).unwrap_or(&[]);
            let start = earlier.len().saturating_sub(256);
            let reveals = earlier.get(start..).unwrap_or(&[]).iter().any(|(_, q)| {
                if p == q {
                    return false;
                }
                let consistent = p
                    .iter()
                    .zip(q)
                    .all(|(a, b)| a.is_none() || b.is_none() || a == b);
                let hidden = p
                    .iter()
                    .zip(q)
                    .filter(|(a, b)| a.is_none() && b.is_none())
                    .count();
                consistent && hidden <= 1
            });
            if reveals {
                hits.push(*i);
            }
        }
    }
    for i in hits {
        if let Some(c) = out.get_mut(i) {
            c.source = Source::Builtin(rules::ID_CARD_MASK_UNION);
            c.cap = None;
            c.evidence
                .push(Evidence::Borrowed("mask_union:another_mask_shows_the_rest"));
        }
    }
}

/// Finds the record span around an offset. Offsets come in increasing order.
struct Records<'t> {
    text: &'t str,
    cache: Option<(usize, usize)>,
}

impl<'t> Records<'t> {
    fn new(text: &'t str) -> Self {
        Records { text, cache: None }
    }

    /// The line around `at`, cut to [`REACH`] bytes on each side: a record never spans
    /// more, and a bounded look keeps a megabyte-long line with many values linear.
    fn line(&self, at: usize) -> (usize, usize) {
        let bytes = self.text.as_bytes();
        let lo = floor_char(self.text, at.saturating_sub(REACH));
        let hi = floor_char(self.text, (at + REACH).min(self.text.len()));
        let start =
            memchr::memrchr(b'\n', bytes.get(lo..at).unwrap_or(&[])).map_or(lo, |p| lo + p + 1);
        let end = memchr::memchr(b'\n', bytes.get(at..hi).unwrap_or(&[])).map_or(hi, |p| at + p);
        (start, end)
    }

    fn is_label_line(&self, (s, e): (usize, usize)) -> bool {
        let Some(line) = self.text.get(s..e) else {
            return false;
        };
        // A line with several clauses (`联系人：…；经办人：…`) is prose, cut into sentences.
        let body = line.trim_end_matches(['。', '；', ';']);
        if line.len() > LABEL_LINE_MAX || line.contains('\t') || body.contains(['；', '。', ';'])
        {
            return false;
        }
        line.char_indices()
            .take(12)
            .any(|(_, c)| c == '：' || c == ':')
    }

    fn of(&mut self, at: usize) -> (usize, usize) {
        if let Some((s, e)) = self.cache {
            if at >= s && at < e {
                return (s, e);
            }
        }
        let line = self.line(at);
        let span = if self
            .text
            .get(line.0..line.1)
            .is_some_and(|l| l.contains('\t'))
        {
            line
        } else if self.is_label_line(line) {
            self.label_block(line)
        } else {
            self.sentence(at, line)
        };
        self.cache = Some(span);
        span
    }

    fn label_block(&self, line: (usize, usize)) -> (usize, usize) {
        let (mut s, mut e) = line;
        for _ in 0..LABEL_LINES_MAX {
            if s == 0 {
                break;
            }
            let prev = self.line(s - 1);
            if prev.0 == prev.1 || !self.is_label_line(prev) {
                break;
            }
            s = prev.0;
        }
        for _ in 0..LABEL_LINES_MAX {
            if e >= self.text.len() {
                break;
            }
            let next = self.line(e + 1);
            if next.0 == next.1 || !self.is_label_line(next) {
                break;
            }
            e = next.1;
        }
        (s, e)
    }

    /// The sentence around `at` inside its line, cut at `。！？；`.
    fn sentence(&self, at: usize, (ls, le): (usize, usize)) -> (usize, usize) {
        let line = self.text.get(ls..le).unwrap_or("");
        let rel = at.saturating_sub(ls);
        let ends = |c: char| matches!(c, '。' | '！' | '？' | '；' | '!' | '?' | ';');
        let start = line
            .get(..rel)
            .and_then(|h| h.char_indices().rev().find(|&(_, c)| ends(c)))
            .map_or(ls, |(p, c)| ls + p + c.len_utf8());
        let end = line
            .get(rel..)
            .and_then(|t| t.find(ends))
            .map_or(le, |p| at + p);
        (start.min(at), end.max(at))
    }
}

#[cfg(test)]
mod tests;
