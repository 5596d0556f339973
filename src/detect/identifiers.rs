//! From tokens to identifier candidates: tries joins of neighbouring groups, longest
//! first, and asks each kind's classifier whether the joined characters are one of its
//! values. The first classifier that accepts wins and the scan resumes after the groups it
//! used, so one number is never reported twice.

use super::context::{CueMatcher, Cues};
use std::cell::RefCell;

use super::masked_name;
use super::table::TableTracker;
use super::tokens::{Sep, Token};
use super::{
    bank_card, documents, id_card, masked, phone, plate, score, Candidate, Evidence, Mask, Source,
};
use crate::finding::{Kind, Severity};

/// At most this many groups are joined into one value (`6222 0212 3456 7890 123` is 5).
const MAX_JOIN: usize = 6;
/// Longest joined value considered, in characters (`0086` + 11-digit mobile is 15; a
/// 19-digit card; an extension makes a landline up to 17).
const MAX_CHARS: usize = 22;

/// One join of groups `i..j` of a token, as classifiers see it.
#[derive(Clone, Copy)]
pub struct Probe<'a> {
    /// Folded characters, no separators: digits, letters, `*` for mask characters.
    pub chars: &'a [u8],
    /// Length of each joined group.
    pub lens: &'a [usize],
    /// Separator before each joined group after the first.
    pub seps: &'a [Sep],
    pub start: usize,
    pub end: usize,
    /// The character just before the span (for `+86`, province abbreviations).
    pub before: Option<char>,
    /// The whole text, for detectors that look further around.
    pub text: &'a str,
}

impl Probe<'_> {
    pub fn is_digits(&self) -> bool {
        self.chars.iter().all(u8::is_ascii_digit)
    }

    pub fn groups(&self) -> usize {
        self.lens.len()
    }
}

/// What a classifier found.
pub struct Hit {
    pub kind: Kind,
    pub rule: &'static str,
    pub base: f32,
    /// Cue flags that count as "own kind" for this hit.
    pub own_cues: Cues,
    /// Skip cue scoring (the value is certain or already masked).
    pub cue_free: bool,
    pub cap: Option<Severity>,
    pub mask: Mask,
    pub evidence: Vec<Evidence>,
    /// Number of groups of the probe actually used (landline extensions may add one).
    pub extra_groups: usize,
    /// The character before the token belongs to the value (the province of a plate).
    pub include_previous_char: bool,
    /// The character after the token belongs to the value (`湘A1234警`).
    pub include_next_char: bool,
    /// Validators prove the value (a check character over all digits): look-alike labels
    /// do not lower it.
    pub proven: bool,
    /// Units at the start and end of the joined groups that are not part of the value.
    pub trim: (usize, usize),
}

impl Hit {
    pub fn new(kind: Kind, rule: &'static str, base: f32, own_cues: Cues, mask: Mask) -> Self {
        Hit {
            kind,
            rule,
            base,
            own_cues,
            cue_free: false,
            cap: None,
            mask,
            evidence: Vec::new(),
            extra_groups: 0,
            include_previous_char: false,
            include_next_char: false,
            proven: false,
            trim: (0, 0),
        }
    }

    pub fn with_evidence(mut self, e: &'static str) -> Self {
        self.evidence.push(Evidence::Borrowed(e));
        self
    }

    pub fn masked(mut self) -> Self {
        self.cue_free = true;
        self.cap = Some(Severity::Info);
        self
    }
}

/// Cue words before a position, looked up at most once per position.
pub struct LazyCues<'a> {
    matcher: &'a CueMatcher,
    text: &'a str,
    at: usize,
    /// Finds the column header above the value in a tab-separated table, if any.
    table: &'a RefCell<TableTracker>,
    memo: Option<(Cues, Vec<&'static str>)>,
}

impl<'a> LazyCues<'a> {
    pub fn get(&mut self) -> Cues {
        self.words().0
    }

    fn words(&mut self) -> &(Cues, Vec<&'static str>) {
        let (matcher, text, at) = (self.matcher, self.text, self.at);
        let table = self.table;
        self.memo.get_or_insert_with(|| {
            let (mut cues, mut words) = matcher.before(text, at);
            if let Some(cell) = table.borrow_mut().header_cell(text, at) {
                let (column, column_words) = matcher.before(cell, cell.len());
                cues = cues.union_with(column);
                words.extend(column_words);
            }
            (cues, words)
        })
    }
}

/// Classifies every token of `text`, appending candidates to `out`.
pub struct IdentifierScanner<'a> {
    text: &'a str,
    cues: &'a CueMatcher,
    table: RefCell<TableTracker>,
    chars: Vec<u8>,
    lens: Vec<usize>,
    seps: Vec<Sep>,
}

impl<'a> IdentifierScanner<'a> {
    pub fn new(text: &'a str, cues: &'a CueMatcher) -> Self {
        IdentifierScanner {
            text,
            cues,
            table: RefCell::new(TableTracker::default()),
            chars: Vec::with_capacity(32),
            lens: Vec::with_capacity(MAX_JOIN),
            seps: Vec::with_capacity(MAX_JOIN),
        }
    }

    pub fn scan_token(&mut self, token: &Token, out: &mut Vec<Candidate>) {
        let n = token.groups.len();
        let mut i = 0;
        'outer: while i < n {
            if let Some(c) = self.masked_name(token, i) {
                out.push(c);
                i += 1;
                continue;
            }
            let mut cues: Option<LazyCues> = None;
            for j in (i + 1..=n.min(i + MAX_JOIN)).rev() {
                let total: usize = token.group_lens(i, j).sum();
                if !(3..=MAX_CHARS).contains(&total) {
                    continue;
                }
                let Some((start, end)) = token.span(i, j) else {
                    continue;
                };
                token.chars_into(i, j, &mut self.chars);
                self.lens.clear();
                self.lens.extend(token.group_lens(i, j));
                self.seps.clear();
                self.seps.extend(
                    token
                        .groups
                        .get(i + 1..j)
                        .unwrap_or(&[])
                        .iter()
                        .map(|g| g.sep),
                );
                let probe = Probe {
                    chars: &self.chars,
                    lens: &self.lens,
                    seps: &self.seps,
                    start,
                    end,
                    before: self.text.get(..start).and_then(|h| h.chars().next_back()),
                    text: self.text,
                };
                let (matcher, text, table) = (self.cues, self.text, &self.table);
                let lazy = cues.get_or_insert(LazyCues {
                    matcher,
                    text,
                    at: start,
                    table,
                    memo: None,
                });
                let Some(hit) = classify(&probe, lazy, token, j) else {
                    continue;
                };
                let used = (j + hit.extra_groups).min(n);
                // A shape that scores too low may still be part of a shorter value.
                if let Some(c) = self.finish(hit, token, i, used, lazy) {
                    out.push(c);
                    i = used;
                    continue 'outer;
                }
            }
            i += 1;
        }
    }

    /// `李**`, `王X`: a group of one to three mask characters after a surname.
    fn masked_name(&mut self, token: &Token, i: usize) -> Option<Candidate> {
        if token.groups.get(i)?.len() > 3 {
            return None;
        }
        token.chars_into(i, i + 1, &mut self.chars);
        let (start, end) = token.span(i, i + 1)?;
        masked_name::verify_mask_token(self.text, start, end, &self.chars)
    }

    /// Applies cue scoring; returns `None` when the score stays below the report threshold.
    fn finish(
        &self,
        hit: Hit,
        token: &Token,
        i: usize,
        j: usize,
        cues: &mut LazyCues,
    ) -> Option<Candidate> {
        let (mut start, mut end) = token.span_trimmed(i, j, hit.trim)?;
        let mut evidence = hit.evidence;
        let mut cap = hit.cap;
        let confidence = if hit.cue_free {
            hit.base
        } else {
            let (found, words) = cues.words();
            // A landline under a unit's or a hotline's label (`办公室电话`, `举报电话`,
            // `联系单位：…`) is the unit's published line.
            if hit.kind == Kind::LandlinePhone
                && found.has(Cues::UNIT_OWNED.union_with(Cues::HOTLINE))
            {
                cap = Some(Severity::Info);
                evidence.push(Evidence::Borrowed("unit_line"));
            }
            let own = found.has(hit.own_cues);
            // A value its validators prove (ID check character + date + region) is not
            // talked out of it by a label (`个人编号：`, `人员编码`).
            let lookalike = found.has(Cues::NOT_PERSONAL) && !hit.proven;
            for w in words {
                evidence.push(Evidence::Owned(format!("cue:{w}")));
            }
            score::adjust(hit.base, own, lookalike)
        };
        if confidence < score::REPORT_AT {
            return None;
        }
        // `湘A12345`: the province belongs to the plate; `+86 138…`, `(0731)8456…` and
        // `(+86)138…`: the plus sign and an opening bracket closed after the first group.
        let prev_char = |at: usize| self.text.get(..at).and_then(|h| h.chars().next_back());
        if hit.include_previous_char {
            start -= prev_char(start).map_or(0, char::len_utf8);
            if hit.include_next_char {
                end += self
                    .text
                    .get(end..)
                    .and_then(|t| t.chars().next())
                    .map_or(0, char::len_utf8);
            }
        } else if matches!(hit.kind, Kind::MobilePhone | Kind::LandlinePhone) {
            if let Some(plus @ ('+' | '\u{FF0B}')) = prev_char(start) {
                start -= plus.len_utf8();
            }
            let closes = token.groups.get(i + 1).is_some_and(|g| g.sep == Sep::Paren);
            if let Some(open @ ('(' | '\u{FF08}')) = prev_char(start) {
                if closes {
                    start -= open.len_utf8();
                }
            }
        }
        let mut normalized = Vec::new();
        token.chars_into(i, j, &mut normalized);
        normalized.truncate(normalized.len().saturating_sub(hit.trim.1));
        normalized.drain(..hit.trim.0.min(normalized.len()));
        if hit.kind == Kind::LandlinePhone && hit.rule == super::rules::LANDLINE {
            let ext = phone::extension_len(self.text.get(end..).unwrap_or(""));
            if ext > 0 {
                evidence.push(Evidence::Borrowed("extension"));
                end += ext;
            }
        }
        let normalized = String::from_utf8_lossy(&normalized).to_ascii_uppercase();
        Some(Candidate {
            source: Source::Builtin(hit.rule),
            kind: hit.kind,
            start,
            end,
            confidence,
            cap,
            floor: None,
            evidence,
            normalized,
            mask: hit.mask,
        })
    }
}

/// Digit-only lengths no detector accepts (years, `第4条`, 20-digit serials): the common
/// case, rejected before any classifier runs.
fn is_impossible_digit_length(p: &Probe) -> bool {
    matches!(p.chars.len(), 0..=2 | 4 | 6 | 9 | 14) || p.chars.len() > 20
}

/// Classifies the probe with leading/trailing mask characters removed, when what remains
/// has no mask at all; the hit records how many units to trim from the span.
fn classify_without_edge_masks(
    p: &Probe,
    cues: &mut LazyCues,
    token: &Token,
    j: usize,
) -> Option<Hit> {
    let lead = p.chars.iter().take_while(|&&b| b == b'*').count();
    let trail = p.chars.iter().rev().take_while(|&&b| b == b'*').count();
    let core = p.chars.get(lead..p.chars.len().checked_sub(trail)?)?;
    if core.len() < 7 || core.contains(&b'*') {
        return None;
    }
    let mut lens = p.lens.to_vec();
    if let Some(first) = lens.first_mut() {
        *first = first.checked_sub(lead)?;
    }
    if let Some(last) = lens.last_mut() {
        *last = last.checked_sub(trail)?;
    }
    if lens.contains(&0) {
        return None;
    }
    let trimmed = Probe {
        chars: core,
        lens: &lens,
        ..*p
    };
    let mut hit = classify(&trimmed, cues, token, j)?;
    hit.trim = (lead, trail);
    Some(hit)
}

/// `15032876541元`, `￥6222…`: a sum of money, not an identifier.
fn is_amount(p: &Probe) -> bool {
    let next = p.text.get(p.end..).and_then(|t| t.chars().next());
    let prev = p.before;
    next.is_some_and(|c| "元万亿%‰".contains(c)) || prev.is_some_and(|c| "¥￥$".contains(c))
}

/// Tries each kind in order of how much its validator proves.
fn classify(p: &Probe, cues: &mut LazyCues, token: &Token, j: usize) -> Option<Hit> {
    if p.chars.first().is_some_and(u8::is_ascii_digit)
        && p.is_digits()
        && is_impossible_digit_length(p)
    {
        return None;
    }
    if is_amount(p) {
        return None;
    }
    if p.chars.contains(&b'*') {
        // `13800138000#`, `*430102…`: a whole value with a stray mask character at an edge
        // is the value, not a masked one.
        if let Some(hit) = classify_without_edge_masks(p, cues, token, j) {
            return Some(hit);
        }
        return masked::classify(p, cues);
    }
    if masked::has_letter_mask(p.chars) {
        return masked::classify(p, cues);
    }
    if p.chars.first().is_some_and(u8::is_ascii_alphabetic) {
        return id_card::student_number(p)
            .or_else(|| documents::classify_alnum(p, cues))
            .or_else(|| plate::classify(p));
    }
    if !p.chars.iter().all(u8::is_ascii_alphanumeric) {
        return None;
    }
    id_card::classify(p, cues)
        .or_else(|| bank_card::classify(p, cues))
        .or_else(|| phone::classify(p, cues, token, j))
        .or_else(|| documents::classify_numeric(p, cues))
}
