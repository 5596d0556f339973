//! Unmasked personal names, found only where context says a person is named:
//!
//! * a label before the name (`姓名：`, `当事人`, `申请人`, `户主` …);
//! * a table column whose header says names (`姓名`, `户主姓名`, `申请人`);
//! * an enumeration continuing a name (`张三、李四、王五等`), or one of three or more
//!   name-shaped items on its own (`授予王强、李娜、赵建国同志…称号`);
//! * `XX同志`.
//!
//! A name in an official capacity — after a post (`区长张三`, `主任李四`), after a label of a
//! unit's own staff (`主持人`, `签发人`, `承办人`), or a unit's contact person given with an
//! office landline — is public: it is reported at `info` with the reason (rule
//! `pii.person_name.official`). Masked names are the job of [`super::masked_name`].
//!
//! Where the name ends and whether the word after a cue is a name at all come from the
//! character tables in [`super::names`].

use std::sync::LazyLock;

mod lines;
mod lists;
mod marks;
mod words;

use lines::*;
use lists::*;
use marks::*;

use super::names::{
    ends_name, is_given, is_han, is_name_dot, is_transliteration, not_given, surname_len,
};
use super::{leftmost_longest, rules, Candidate, Evidence, LiteralMatch, Mask, Source};
use crate::finding::Kind;
use words::{AFTER_MARKS, PERSON_LABELS, POSTS, STAFF_LABELS, VERB_WORDS, WEAK_LABELS};

/// What an anchor word says about the name after (or before) it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Anchor {
    /// A label of a natural person (`当事人`).
    Person,
    /// A label of a unit's own staff acting for it (`主持人`, `签发人`).
    Staff,
    /// `联系人`: a person, unless the line gives an office landline and no mobile.
    Contact,
    /// A post right before a name (`区长`, `副主任`).
    Post,
    /// A mark right after a name (`，男`, `，患`, `等`); `sex` when it gives the sex.
    After { sex: bool },
}

/// Every anchor word with what it says, in a fixed order: the engine adds them to its
/// term automaton (one pass over the text for terms, marks and name anchors) and hands the
/// matches back by index.
static ANCHORS: LazyLock<Vec<(Anchor, &'static str)>> = LazyLock::new(|| {
    let mut kinds = Vec::new();
    for (list, anchor) in [
        (PERSON_LABELS, Anchor::Person),
        (STAFF_LABELS, Anchor::Staff),
        (POSTS, Anchor::Post),
    ] {
        kinds.extend(list.iter().map(|w| (anchor, *w)));
    }
    kinds.push((Anchor::Contact, "联系人"));
    kinds.extend(
        AFTER_MARKS
            .iter()
            .map(|&(w, sex)| (Anchor::After { sex }, w)),
    );
    kinds
});

/// The anchor words, indexed as [`find`] expects them.
pub fn anchor_words() -> impl Iterator<Item = &'static str> {
    ANCHORS.iter().map(|(_, w)| *w)
}

/// How strongly the context says a person is named: decides how name-like the characters
/// after a surname must be.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// A label, a name column: any given-name characters that are not ordinary-word ones.
    Cued,
    /// An enumeration or `同志` without a label: every given-name character must be a
    /// common one.
    Shape,
}

/// The end (exclusive) of the name starting at `at`, if the text there is a name.
fn name_at(text: &str, at: usize, strength: Strength) -> Option<usize> {
    let rest = text.get(at..)?;
    if let Some(end) = dotted_name(rest) {
        return Some(at + end);
    }
    let Some(sl) = surname_len(rest) else {
        return transliterated_name(rest).map(|end| at + end);
    };
    // On the stack: this runs for every anchor in the text.
    let mut buf = ['\0'; 3];
    let mut n = 0;
    for (slot, c) in buf.iter_mut().zip(rest.get(sl..)?.chars()) {
        *slot = c;
        n += 1;
    }
    let given = buf.get(..n)?;
    let ok_given = |c: char| match strength {
        Strength::Cued => !not_given(c),
        Strength::Shape => is_given(c),
    };
    let first = *given.first()?;
    if !ok_given(first) {
        return None;
    }
    if starts_with_verb_word(rest) {
        return None;
    }
    let boundary = |c: Option<&char>| c.is_none_or(|c| !is_han(*c));
    let len = match (given.get(1), given.get(2)) {
        // `张伟` then punctuation, a digit or the end.
        (second, _) if boundary(second) => 1,
        // Before punctuation only a particle is cut off (`王强等，`); `宋铁家，` is a name.
        (Some(&second), third) if boundary(third) => {
            let particle = matches!(
                second,
                '等' | '的'
                    | '在'
                    | '于'
                    | '是'
                    | '和'
                    | '与'
                    | '及'
                    | '同'
                    | '因'
                    | '系'
                    | '自'
                    | '从'
                    | '向'
                    | '对'
                    | '将'
                    | '把'
                    | '被'
                    | '已'
                    | '曾'
                    | '未'
                    | '不'
            );
            if particle || not_given(second) {
                1
            } else if ok_given(second) {
                2
            } else {
                return None;
            }
        }
        (Some(&second), Some(&third)) => {
            if ends_name(second) {
                1
            } else if ok_given(second) && (ends_name(third) || not_given(third)) {
                2
            } else if ends_name(third) || not_given(third) || !is_given(second) {
                1
            } else {
                // Running text goes on (`王建国提出申请`): the second character is a common
                // given-name one, so it belongs to the name.
                2
            }
        }
        _ => return None,
    };
    // Glued to the text after it, a name must be made of common given-name characters
    // (`当事人陈述…` is a statement, `申请人王建国提出…` a name).
    let glued = given.get(len).is_some_and(|c| is_han(*c) && !ends_name(*c));
    if glued && !given.iter().take(len).all(|c| is_given(*c)) {
        return None;
    }
    let end = sl + given.iter().take(len).map(|c| c.len_utf8()).sum::<usize>();
    let name = rest.get(..end)?;
    if names_an_organisation(rest.get(end..)?) || name.contains(['某', '*', '＊', '×', '○']) {
        return None;
    }
    Some(at + end)
}

/// Last characters of the posts, likewise.
const POST_LAST_CHARS: &str = "长记任席员理委";

/// First characters of the posts, to reject most positions before comparing words.
const POST_FIRST_CHARS: &str =
    "书副区市县镇乡主局处科部厅委常组所站院校队秘调总董检庭审馆社会理行署督巡二一三四专党";

/// The verb words keyed by their first two characters, for one lookup per name.
static VERBS: LazyLock<std::collections::HashSet<&'static str>> =
    LazyLock::new(|| VERB_WORDS.iter().copied().collect());

fn starts_with_verb_word(rest: &str) -> bool {
    let mut ends = rest.char_indices().map(|(i, c)| i + c.len_utf8()).skip(1);
    let two = ends.next().and_then(|e| rest.get(..e));
    let three = ends.next().and_then(|e| rest.get(..e));
    two.is_some_and(|w| VERBS.contains(w)) || three.is_some_and(|w| VERBS.contains(w))
}

/// `额尔敦`, `那日苏`, `扎西次仁`, `其木格`: a Mongolian, Tibetan or Uyghur name written
/// without a middle dot and without a Han surname — two to six characters, all of them
/// ones such names are transliterated with, ending where a name ends.
fn transliterated_name(s: &str) -> Option<usize> {
    let mut end = 0;
    let mut n = 0;
    for (i, c) in s.char_indices() {
        if !is_transliteration(c) || n == 6 {
            let ends = !is_han(c) || ends_name(c);
            return (n >= 2 && ends).then_some(end);
        }
        n += 1;
        end = i + c.len_utf8();
    }
    (n >= 2).then_some(end)
}

/// `阿卜杜拉·买买提`: Han parts of 1–6 characters joined by middle dots, 2–4 parts.
fn dotted_name(s: &str) -> Option<usize> {
    let mut end = 0;
    let mut parts = 0;
    let mut run = 0;
    for (i, c) in s.char_indices() {
        // `卡德尔·吐尔逊的经营场所`: after a dot, a particle ends the name (not every
        // character that may follow a name: `阿不都热依木` holds 都).
        let particle = matches!(
            c,
            '的' | '在' | '于' | '等' | '是' | '因' | '系' | '为' | '经' | '向'
        );
        if parts > 0 && run > 0 && particle {
            break;
        }
        if is_han(c) && run < 6 {
            run += 1;
            end = i + c.len_utf8();
        } else if is_name_dot(c) && run > 0 && parts < 3 {
            parts += 1;
            run = 0;
        } else {
            break;
        }
    }
    (parts >= 1 && run > 0 && s.get(..end).is_some_and(|n| n.chars().count() >= 4)).then_some(end)
}

/// After a would-be name: `公司`, `局`, `村` within the same run of Han characters make the
/// whole run an organisation or a place (`王府井百货公司`, `张家界市`).
fn names_an_organisation(after: &str) -> bool {
    const WORDS: &[&str] = &[
        "公司",
        "集团",
        "中心",
        "合作社",
        "商行",
        "银行",
        "社区",
        "街道",
        "大道",
        "小区",
        "学校",
        "大学",
        "中学",
        "小学",
        "医院",
        "协会",
        "超市",
    ];
    let mut chars = 0;
    let mut hit_at = None;
    for (i, c) in after.char_indices() {
        // The run of Han characters, cut at the first one that typically follows a person.
        if chars == 8
            || !is_han(c)
            || matches!(
                c,
                '驾' | '因'
                    | '于'
                    | '在'
                    | '系'
                    | '是'
                    | '等'
                    | '的'
                    | '为'
                    | '与'
                    | '和'
                    | '及'
                    | '男'
                    | '女'
                    | '同'
                    | '身'
                    | '住'
                    | '现'
                    | '性'
            )
        {
            break;
        }
        chars += 1;
        if hit_at.is_some() {
            continue;
        }
        let single = matches!(
            c,
            '厂' | '店'
                | '局'
                | '委'
                | '院'
                | '站'
                | '所'
                | '部'
                | '处'
                | '科'
                | '村'
                | '镇'
                | '乡'
                | '县'
                | '市'
                | '区'
                | '路'
                | '街'
                | '办'
                | '馆'
                | '场'
        );
        let word = matches!(
            c,
            '公' | '集'
                | '中'
                | '合'
                | '商'
                | '银'
                | '社'
                | '街'
                | '大'
                | '小'
                | '学'
                | '医'
                | '协'
                | '超'
        ) && after
            .get(i..)
            .is_some_and(|t| WORDS.iter().any(|w| t.starts_with(w)));
        if single || word {
            hit_at = Some(chars - 1);
        }
    }
    hit_at.is_some_and(|k| k == 0 || chars <= 6)
}

fn candidate(
    start: usize,
    end: usize,
    text: &str,
    official: Option<&'static str>,
    evidence: Evidence,
) -> Candidate {
    let name = text.get(start..end).unwrap_or("");
    let surname_chars = surname_len(name).map_or(1, |b| if b > 3 { 2 } else { 1 });
    let (source, cap, confidence) = match official {
        // No cap: the base pack grades officials `info`, and a unit may grade them higher.
        Some(_) => (rules::PERSON_NAME_OFFICIAL, None, 0.6),
        None => (rules::PERSON_NAME, None, 0.8),
    };
    let mut ev = vec![evidence];
    if let Some(why) = official {
        ev.push(Evidence::Owned(format!("official:{why}")));
    }
    Candidate {
        source: Source::Builtin(source),
        kind: Kind::PersonName,
        start,
        end,
        confidence,
        cap,
        floor: None,
        evidence: ev,
        normalized: name.chars().filter(|c| !c.is_whitespace()).collect(),
        mask: Mask::KeepHead {
            chars: surname_chars,
        },
    }
}

/// Skips what sits between a label and its value: colons, spaces, `为`, `是`.
fn skip_separators(text: &str, mut at: usize) -> usize {
    let mut steps = 0;
    while let Some(c) = text.get(at..).and_then(|s| s.chars().next()) {
        if steps >= 4 || !(matches!(c, '：' | ':' | ' ' | '\u{3000}' | '\t' | '为' | '是')) {
            break;
        }
        at += c.len_utf8();
        steps += 1;
    }
    at
}

/// The rest of the line from byte `at`, at most 512 bytes.
fn rest_of_line(text: &str, at: usize) -> &str {
    let bytes = text.as_bytes();
    // Only the clause after `at` matters; a bounded look keeps long lines linear.
    let mut hi = (at + 512).min(text.len());
    while !text.is_char_boundary(hi) {
        hi -= 1;
    }
    let end = memchr::memchr(b'\n', bytes.get(at..hi).unwrap_or(&[])).map_or(hi, |p| at + p);
    text.get(at..end).unwrap_or("")
}

/// `联系人：张三，电话：0731-84567890` is a unit's contact: a landline and no mobile in the
/// clause (up to `；`, `。`, a bracket or the end of the line). A mobile makes the contact a
/// private person.
fn contact_is_official(text: &str, at: usize) -> bool {
    let clause = rest_of_line(text, at);
    let clause = clause
        .find('。')
        .map_or(clause, |p| clause.get(..p).unwrap_or(clause));
    // `联系人：王强，电话：…；经办人：…`: a `；` after the contact's own number ends it.
    let line = match clause.find(['；', ';']) {
        Some(p)
            if clause
                .get(..p)
                .is_some_and(|h| h.chars().any(|c| c.is_ascii_digit())) =>
        {
            clause.get(..p).unwrap_or(clause)
        }
        _ => clause,
    };
    // A phone number, however it is spaced (`0731 7659 9369`).
    let digits = line
        .chars()
        .map(crate::normalize::fold_width)
        .filter(char::is_ascii_digit)
        .count();
    // A unit's contact in a notice is named in office even with a mobile (the mobile is
    // reported on its own); an ID or a home address makes it a private person's record.
    digits >= 7
        && !["身份证", "住址", "家庭", "户籍"]
            .iter()
            .any(|w| line.contains(w))
}

/// Whether the name at `start` is preceded by a post, directly (`区长张三`) or with a unit
/// in between on the same clause is not tried: the post must touch the name.
fn post_before(text: &str, start: usize) -> Option<&'static str> {
    let head = text.get(..start)?;
    // Every post ends in one of these: most positions are rejected by one comparison.
    let last = head.chars().next_back()?;
    if !POST_LAST_CHARS.contains(last) {
        return None;
    }
    POSTS
        .iter()
        .copied()
        .filter(|p| head.ends_with(p))
        .max_by_key(|p| p.len())
}

/// A post right after the name (`张三（区长）`, `张三区长`, `张三同志任…局长`).
fn post_after(text: &str, end: usize) -> Option<&'static str> {
    let tail: String = text.get(end..)?.chars().take(24).collect();
    let tail = tail.trim_start_matches(['（', '(', '，', ' ']);
    if let Some(p) = POSTS.iter().find(|p| tail.starts_with(**p)) {
        return Some(p);
    }
    // Acts of office in the clause after the name (`张三同志在…主持召开会议`).
    let clause: String = tail
        .chars()
        .take_while(|c| !matches!(c, '，' | '。' | '；'))
        .collect();
    if [
        "主持", "出席", "讲话", "调研", "会见", "带队", "部署", "督导",
    ]
    .iter()
    .any(|a| clause.contains(a))
    {
        return Some("act_of_office");
    }
    for lead in [
        "同志任",
        "同志为",
        "同志担任",
        "同志兼任",
        "任",
        "为",
        "担任",
    ] {
        if tail.starts_with(lead) && tail.contains(['长', '记', '任', '员']) {
            return Some("appointment");
        }
    }
    None
}

/// Appointment verbs before a name: the person is named in office.
fn appointment_before(text: &str, start: usize) -> bool {
    let head = text.get(..start).unwrap_or("");
    ["任命", "免去", "拟任", "提名", "聘任", "推荐"]
        .iter()
        .any(|v| head.ends_with(v))
}

/// Finds names after labels, in `、` enumerations and before `同志`.
pub fn find(text: &str, anchors: Vec<LiteralMatch>, out: &mut Vec<Candidate>) {
    // The marks after a name overlap labels (`，患者`) and are read on their own.
    let (after, mut anchors): (Vec<LiteralMatch>, Vec<LiteralMatch>) = anchors
        .into_iter()
        .partition(|m| matches!(ANCHORS.get(m.index), Some((Anchor::After { .. }, _))));
    leftmost_longest(&mut anchors);
    // Anchors inside a list of names already read are part of it.
    let mut listed_to = 0;
    for m in anchors {
        let Some(&(anchor, word)) = ANCHORS.get(m.index) else {
            continue;
        };
        if m.start < listed_to {
            continue;
        }
        let at = if anchor == Anchor::Post {
            m.end
        } else {
            skip_separators(text, m.end)
        };
        // A label glued to a preceding Han word is part of it (`劳动者姓名` is fine, but
        // `主持人` inside `节目主持人员` is not a label); posts must touch the name.
        // Words that also describe groups (`困难群众温暖过冬`) name a person only with a
        // common given name that ends where a name ends.
        let weak = WEAK_LABELS.contains(&word);
        let strength = if weak {
            Strength::Shape
        } else {
            Strength::Cued
        };
        let Some(end) = name_at(text, at, strength) else {
            continue;
        };
        let next = text.get(end..).and_then(|t| t.chars().next());
        if weak && next.is_some_and(|c| is_han(c) && !ends_name(c)) {
            continue;
        }
        let official = match anchor {
            Anchor::Person => post_after(text, end).filter(|_| word != "姓名"),
            Anchor::Staff => Some("staff"),
            Anchor::Post => Some(word),
            Anchor::Contact => contact_is_official(text, at).then_some("unit_contact"),
            // Handled by `gendered`; never reaches here.
            Anchor::After { .. } => continue,
        };
        let evidence = Evidence::Owned(format!("cue:{word}"));
        out.push(candidate(at, end, text, official, evidence));
        listed_to = enumeration(text, end, official, out).max(end);
    }
    tongzhi(text, out);
    gendered(text, after, out);
    bare_enumerations(text, out);
    // Salutations, name-and-unit lines, rows of names and name columns: one pass over lines.
    line_passes(text, out);
    // Routes overlap (`王强等同志` is a list's last item and a name before `等`): one
    // candidate per span, the first route's.
    let mut seen = std::collections::HashSet::new();
    out.retain(|c| c.kind != Kind::PersonName || seen.insert((c.start, c.end)));
}

#[cfg(test)]
mod tests;
