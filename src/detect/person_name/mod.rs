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

mod words;

use super::names::{
    ends_name, is_given, is_han, is_name_dot, is_transliteration, not_given, surname_len,
};
use super::{rules, Candidate, Evidence, Mask, Source};
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

/// One anchor occurrence: byte span and index into [`anchor_words`].
#[derive(Clone, Copy, Debug)]
pub struct AnchorMatch {
    pub start: usize,
    pub end: usize,
    pub index: usize,
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
                '等' | '的' | '在' | '于' | '是' | '和' | '与' | '及' | '同' | '因' | '系'
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
pub fn find(text: &str, anchors: Vec<AnchorMatch>, out: &mut Vec<Candidate>) {
    // Overlapping matches come in; the longest at each start wins and what it covers is
    // skipped (`被申请人` holds `申请人`).
    let (after, mut anchors): (Vec<AnchorMatch>, Vec<AnchorMatch>) = anchors
        .into_iter()
        .partition(|m| matches!(ANCHORS.get(m.index), Some((Anchor::After { .. }, _))));
    anchors.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    let mut covered_to = 0;
    for m in anchors {
        let Some(&(anchor, word)) = ANCHORS.get(m.index) else {
            continue;
        };
        if m.start < covered_to {
            continue;
        }
        covered_to = m.end;
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
        covered_to = enumeration(text, end, official, out).max(end);
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

/// Whether a column header says its cells are personal names.
fn is_name_header(cell: &str) -> bool {
    const HEADERS: &[&str] = &[
        "户主",
        "申请人",
        "联系人",
        "救助对象",
        "拟录用人员",
        "名字",
        "法定代表人",
        "负责人",
        "监护人",
        "被监护人",
        "户名",
        "持卡人",
        "收款人",
        "领款人",
        "经营者",
        "当事人",
        "被处罚人",
        "家庭成员",
        "受助人",
        "补助对象",
        "考生",
        "学生",
        "获奖者",
        "患者",
    ];
    let h: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    h.contains("姓名") || HEADERS.contains(&h.as_str())
}

/// Cells under a name header in tab-separated tables (header row first): a cell that is a
/// whole name (`张伟`, `阿卜杜拉·买买提`).
fn line_passes(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    // The name columns of the current table and their headers.
    let mut table: Option<Vec<(usize, String)>> = None;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', bytes.get(line_start..).unwrap_or(&[]))
            .map_or(bytes.len(), |p| line_start + p);
        let line = text.get(line_start..line_end).unwrap_or("");
        let lb = line.as_bytes();
        let spaced = memchr::memchr(b' ', lb).is_some()
            || memchr::memmem::find(lb, "\u{3000}".as_bytes()).is_some();
        let tabbed = memchr::memchr(b'\t', lb).is_some();
        if line.trim_end().ends_with(['：', ':']) {
            salutation(text, line_start, line, out);
        }
        if spaced && !tabbed {
            affiliation_line(text, line_start, line, out);
            name_row(text, line_start, line, out);
        }
        let cells = if spaced || tabbed {
            table_cells(line)
        } else {
            None
        };
        match (cells, &table) {
            (None, _) => table = None,
            (Some(cells), Some(cols)) => {
                for (i, (offset, cell)) in cells.into_iter().enumerate() {
                    if let Some((_, header)) = cols.iter().find(|(c, _)| *c == i) {
                        name_cell(text, line_start + offset, cell, header, out);
                    }
                }
            }
            (Some(cells), None) => {
                let cols = cells
                    .into_iter()
                    .enumerate()
                    .filter(|(_, (_, h))| is_name_header(h))
                    .map(|(i, (_, h))| (i, h.trim().to_string()))
                    .collect();
                table = Some(cols);
            }
        }
        line_start = line_end + 1;
    }
}

/// The cells of a table row with their byte offsets in the line: split at tabs, or — in
/// text exported with aligned columns — at runs of two or more spaces or an ideographic
/// space, when that gives at least three cells.
fn table_cells(line: &str) -> Option<Vec<(usize, &str)>> {
    let bytes = line.as_bytes();
    // Most lines of prose have neither: skip them without decoding.
    let spaced = memchr::memchr(b' ', bytes).is_some()
        || memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_some();
    if memchr::memchr(b'\t', bytes).is_none() && !spaced {
        return None;
    }
    if line.contains('\t') {
        let mut at = 0;
        let cells = line
            .split('\t')
            .map(|c| {
                let cell = (at, c);
                at += c.len() + 1;
                cell
            })
            .collect();
        return Some(cells);
    }
    let mut cells = Vec::new();
    let mut cell_start: Option<usize> = None;
    let mut gap = 0;
    // Columns aligned with runs of spaces keep single spaces inside a cell (`姓 名`); PDF
    // text keeps one space between cells (`1 覃梅润 区民政局`) and Chinese prose has none,
    // so without wide gaps any gap splits.
    let bytes = line.as_bytes();
    let wide = memchr::memmem::find(bytes, b"  ").is_some()
        || memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_some();
    let min_gap = if wide { 2 } else { 1 };
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            gap += if c == ' ' { 1 } else { 2 };
            continue;
        }
        match cell_start {
            Some(s) if gap >= min_gap => {
                cells.push((s, line.get(s..i).unwrap_or("").trim_end()));
                cell_start = Some(i);
            }
            None => cell_start = Some(i),
            _ => {}
        }
        gap = 0;
    }
    if let Some(s) = cell_start {
        cells.push((s, line.get(s..).unwrap_or("").trim_end()));
    }
    (cells.len() >= 3).then_some(cells)
}

fn name_cell(text: &str, cell_start: usize, cell: &str, header: &str, out: &mut Vec<Candidate>) {
    let lead = cell.len() - cell.trim_start().len();
    // `许琰聪 （户主）`: a role in brackets after the name.
    let value = cell.trim();
    let value = value
        .find(['（', '('])
        .filter(|&p| p > 0)
        .map_or(value, |p| value.get(..p).unwrap_or(value).trim_end());
    let at = cell_start + lead;
    if value.is_empty() || out.iter().rev().take(4).any(|c| c.start == at) {
        return;
    }
    // Under a name header a whole cell of two to four ordinary characters is a name even
    // without a known surname (`拉姆措`, `扎西`).
    let plain = (2..=4).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| !not_given(c) && !crate::normalize::is_mask_char(c) && c != '某');
    if !plain && name_at(text, at, Strength::Cued) != Some(at + value.len()) {
        return;
    }
    let evidence = Evidence::Owned(format!("column:{header}"));
    out.push(candidate(at, at + value.len(), text, None, evidence));
}

/// Names continuing a list after `end`: `张三、李四、王五`. Returns where the list ends.
fn enumeration(
    text: &str,
    mut end: usize,
    official: Option<&'static str>,
    out: &mut Vec<Candidate>,
) -> usize {
    for _ in 0..200 {
        let Some(rest) = text.get(end..) else { break };
        let sep = ['、', '，', ','].into_iter().find(|s| rest.starts_with(*s));
        let Some(sep) = sep else { break };
        let at = end + sep.len_utf8();
        // After a comma only a full name continues the list (`张三，男` is not a list).
        let (at, post) = match post_before_at(text, at) {
            Some((p, word)) => (p, Some(word)),
            None => (at, None),
        };
        let Some(next) = name_at(text, at, Strength::Shape) else {
            break;
        };
        if sep != '、' && next - at < 6 {
            break;
        }
        let official = post.or(official).or_else(|| post_after(text, next));
        out.push(candidate(
            at,
            next,
            text,
            official,
            Evidence::Borrowed("enumeration"),
        ));
        end = next;
    }
    end
}

/// A post at `at` (`、副区长李四`): where the name starts after it.
fn post_before_at(text: &str, at: usize) -> Option<(usize, &'static str)> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    if !POST_FIRST_CHARS.contains(first) {
        return None;
    }
    POSTS
        .iter()
        .filter(|p| rest.starts_with(**p))
        .max_by_key(|p| p.len())
        .map(|p| (at + p.len(), *p))
}

/// `张三同志`: the name right before `同志`, three characters tried before two.
fn tongzhi(text: &str, out: &mut Vec<Candidate>) {
    let finder = memchr::memmem::Finder::new("同志".as_bytes());
    for pos in finder.find_iter(text.as_bytes()) {
        if out
            .iter()
            .rev()
            .take(8)
            .any(|c| c.kind == Kind::PersonName && c.end == pos)
        {
            continue;
        }
        let head = text.get(..pos).unwrap_or("");
        let starts: Vec<usize> = head.char_indices().rev().take(4).map(|(i, _)| i).collect();
        for &start in starts.iter().skip(1).rev().chain(starts.first()) {
            // At the start of a clause (`其中，黄升同志`) `同志` is a cue like a label.
            let opens = head
                .get(..start)
                .and_then(|h| h.chars().next_back())
                .is_none_or(|c| !is_han(c));
            let strength = if opens {
                Strength::Cued
            } else {
                Strength::Shape
            };
            let Some(end) = name_at(text, start, strength) else {
                continue;
            };
            if end != pos {
                continue;
            }
            let before = head.get(..start).and_then(|h| h.chars().next_back());
            let official = post_before(text, start)
                .or_else(|| appointment_before(text, start).then_some("appointment"))
                .or_else(|| post_after(text, pos + "同志".len()).filter(|_| true));
            let starts_word = before.is_none_or(|c| !is_han(c) || LEADS_INTO_NAMES.contains(c));
            if !starts_word && official.is_none() {
                continue;
            }
            out.push(candidate(
                start,
                end,
                text,
                official,
                Evidence::Borrowed("tongzhi"),
            ));
            break;
        }
    }
}

/// `唐稻松，男，1994年3月出生`, `苏骁轩，患慢性肾功能衰竭`: a name that starts a line or
/// clause and is followed by the person's sex, age, illness or home ([`AFTER_MARKS`], found
/// by the term automaton).
fn gendered(text: &str, mut marks: Vec<AnchorMatch>, out: &mut Vec<Candidate>) {
    marks.sort_by_key(|m| m.start);
    for m in marks {
        let Some(&(Anchor::After { sex }, mark)) = ANCHORS.get(m.index) else {
            continue;
        };
        let pos = m.start;
        {
            let rest = text.get(m.end..).unwrap_or("");
            let after = rest.chars().next();
            if sex && after.is_some_and(|c| is_han(c) && c != '性') {
                continue; // `，男女平等`
            }
            // `授予潘朗诗等6名同志`: only a count of people or 同志 after 等.
            if mark == "等" {
                let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
                let counted = digits > 0 && rest.get(digits..).is_some_and(|r| r.starts_with('名'));
                if !counted && !rest.starts_with("同志") {
                    continue;
                }
            }
            if already_found(out, pos) || out.iter().rev().take(16).any(|c| c.end == pos) {
                continue;
            }
            let head = text.get(..pos).unwrap_or("");
            if let Some((s, e, post)) = item_ending_at(text, head) {
                let official = post
                    .or_else(|| post_after(text, e))
                    .or_else(|| in_office_sentence(text, e).then_some("appointment"));
                out.push(candidate(
                    s,
                    e,
                    text,
                    official,
                    Evidence::Owned(format!(
                        "after_name:{}",
                        mark.trim_start_matches(['，', ',', '（'])
                    )),
                ));
            }
        }
    }
}

/// `宇文翔添，女，汉族，…，现任区财政局局长，拟任区信访局局长。`: a 任前公示 entry — the
/// sentence after the name gives the person's current or future post.
fn in_office_sentence(text: &str, end: usize) -> bool {
    let sentence: String = text
        .get(end..)
        .unwrap_or("")
        .chars()
        .take(160)
        // PDF text wraps a sentence over lines: only its end stops the search.
        .take_while(|&c| c != '。')
        .collect();
    ["现任", "拟任", "拟提名", "拟推荐为", "任职"]
        .iter()
        .any(|w| sentence.contains(w))
}

/// `谯岚茜　郑歌　熊岩蓓　吴民沛`: a line of three or more names set apart by spaces (the
/// attachment list of a 表彰 decision), judged like a `、` list.
fn name_row(text: &str, start: usize, line: &str, out: &mut Vec<Candidate>) {
    {
        let mut items = Vec::new();
        let mut ok = true;
        let mut words = Vec::new();
        let mut word_start = None;
        for (i, c) in line
            .char_indices()
            .chain(std::iter::once((line.len(), ' ')))
        {
            match (c == ' ' || c == '\u{3000}', word_start) {
                (true, Some(ws)) => {
                    words.push((ws, line.get(ws..i).unwrap_or("")));
                    word_start = None;
                }
                (false, None) => word_start = Some(i),
                _ => {}
            }
        }
        for (offset, word) in words {
            let at = start + offset;
            // `潘朗诗（女）`: the sex in brackets after a name.
            let word = word
                .strip_suffix("（女）")
                .or_else(|| word.strip_suffix("（男）"))
                .unwrap_or(word);
            match list_item_at(text, at) {
                Some((end, shape)) if end == at + word.len() => items.push(ListItem {
                    start: at,
                    end,
                    post: None,
                    shape,
                }),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        let named = items.iter().filter(|i| i.shape != ItemShape::Plain).count();
        if !ok || items.len() < 3 || named * 2 < items.len() {
            return;
        }
        for item in items {
            if !already_found(out, item.start) {
                out.push(candidate(
                    item.start,
                    item.end,
                    text,
                    None,
                    Evidence::Borrowed("name_row"),
                ));
            }
        }
    }
}

/// `许梓添：` on a line of its own: the salutation of a reply letter (信访答复).
fn salutation(text: &str, start: usize, line: &str, out: &mut Vec<Candidate>) {
    {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        let Some(name) = body
            .strip_suffix('：')
            .or_else(|| body.strip_suffix(':'))
            .map(|n| {
                n.trim_end_matches("同志")
                    .trim_end_matches("先生")
                    .trim_end_matches("女士")
            })
        else {
            return;
        };
        let at = start + lead;
        if name.chars().count() >= 2
            && name_at(text, at, Strength::Cued) == Some(at + name.len())
            && !already_found(out, at)
        {
            out.push(candidate(
                at,
                at + name.len(),
                text,
                None,
                Evidence::Borrowed("salutation"),
            ));
        }
    }
}

/// `顾箫　区应急管理局`: a line that is a name, a wide gap and the person's unit — the
/// layout of 表彰 and 公示 lists.
fn affiliation_line(text: &str, start: usize, line: &str, out: &mut Vec<Candidate>) {
    {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        let bytes = body.as_bytes();
        // Lines of prose have no gap: one byte search rejects them.
        let gap = memchr::memmem::find(bytes, "\u{3000}".as_bytes()).or_else(|| {
            memchr::memchr_iter(b' ', bytes).find(|&p| bytes.get(p + 1) == Some(&b' '))
        });
        let Some(gap) = gap else {
            return;
        };
        let (name, rest) = (
            body.get(..gap).unwrap_or(""),
            body.get(gap..).unwrap_or("").trim(),
        );
        if name.is_empty() || rest.contains('\t') || !names_an_organisation_text(rest) {
            return;
        }
        let at = start + lead;
        if name_at(text, at, Strength::Cued) == Some(at + name.len()) && !already_found(out, at) {
            out.push(candidate(
                at,
                at + name.len(),
                text,
                None,
                Evidence::Borrowed("name_and_unit"),
            ));
        }
    }
}

/// Whether `s` ends like the name of a unit (`区应急管理局`, `某某街道办事处`).
fn names_an_organisation_text(s: &str) -> bool {
    const ENDS: &[&str] = &[
        "局",
        "委",
        "办",
        "院",
        "校",
        "学",
        "中心",
        "公司",
        "街道",
        "社区",
        "镇",
        "乡",
        "村",
        "所",
        "站",
        "队",
        "部",
        "处",
        "科",
        "厅",
        "会",
        "馆",
        "团",
        "办事处",
        "医院",
        "支队",
        "大队",
    ];
    s.chars().count() <= 24 && ENDS.iter().any(|e| s.ends_with(e))
}

/// Three or more name-shaped items joined by `、` with no label before them
/// (`王强、李娜、赵建国等`, `达瓦多吉、阿迪力·努尔兰、梁焕等`): most items must be names with
/// a surname or a middle dot, and their given names mostly common ones; items without a
/// surname (Tibetan, Mongolian names) ride along.
fn bare_enumerations(text: &str, out: &mut Vec<Candidate>) {
    let mut claimed_to = 0;
    for pos in memchr::memmem::find_iter(text.as_bytes(), "、".as_bytes()) {
        if pos < claimed_to {
            continue;
        }
        let head = text.get(..pos).unwrap_or("");
        let Some(first) = first_list_item(text, head) else {
            continue;
        };
        let mut items = vec![first];
        let mut end = pos;
        while text.get(end..).is_some_and(|r| r.starts_with('、')) && items.len() < 500 {
            let at = end + '、'.len_utf8();
            let (at, post) = match post_before_at(text, at) {
                Some((p, w)) => (p, Some(w)),
                None => (at, None),
            };
            let Some((next, shape)) = list_item_at(text, at) else {
                break;
            };
            items.push(ListItem {
                start: at,
                end: next,
                post,
                shape,
            });
            end = next;
        }
        claimed_to = end;
        let named = items.iter().filter(|i| i.shape != ItemShape::Plain).count();
        let spans: Vec<(usize, usize, Option<&'static str>)> = items
            .iter()
            .filter(|i| i.shape == ItemShape::Surname)
            .map(|i| (i.start, i.end, i.post))
            .collect();
        // `…等9名同志`, `…等同志`: the end says the list is of people.
        let rest = text.get(end..).unwrap_or("");
        let digits = rest
            .get(3..)
            .map_or(0, |r| r.bytes().take_while(u8::is_ascii_digit).count());
        let people_end = rest.starts_with("等同志")
            || rest.starts_with("同志")
            || (rest.starts_with('等') && digits > 0);
        if items.len() < 3
            || named * 2 < items.len()
            || (!people_end && !spans.is_empty() && !mostly_given_names(text, &spans))
            || already_found(out, items.first().map_or(0, |i| i.start))
        {
            continue;
        }
        for item in items {
            let official = item
                .post
                .or_else(|| post_before(text, item.start))
                .or_else(|| post_after(text, item.end));
            let c = candidate(
                item.start,
                item.end,
                text,
                official,
                Evidence::Borrowed("enumeration"),
            );
            out.push(c);
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ItemShape {
    /// Surname + given name.
    Surname,
    /// Parts joined by a middle dot.
    Dotted,
    /// Two to four ordinary characters.
    Plain,
}

struct ListItem {
    start: usize,
    end: usize,
    post: Option<&'static str>,
    shape: ItemShape,
}

/// The list item starting at `at` and how it is shaped.
fn list_item_at(text: &str, at: usize) -> Option<(usize, ItemShape)> {
    let rest = text.get(at..)?;
    if let Some(end) = dotted_name(rest) {
        return Some((at + end, ItemShape::Dotted));
    }
    if let Some(end) = name_at(text, at, Strength::Cued) {
        return Some((end, ItemShape::Surname));
    }
    // A plain item runs to the next `、`, `等` or punctuation.
    let run: String = rest
        .chars()
        .take_while(|&c| is_han(c) && c != '等')
        .take(5)
        .collect();
    let n = run.chars().count();
    let ends_cleanly = rest
        .get(run.len()..)
        .and_then(|t| t.chars().next())
        .is_none_or(|c| !is_han(c) || c == '等');
    ((2..=4).contains(&n) && ends_cleanly && run.chars().all(|c| !not_given(c)))
        .then_some((at + run.len(), ItemShape::Plain))
}

/// The first item of a list, ending at `head.len()`: it must start a word (after
/// punctuation, a verb such as `授予`, or a post).
fn first_list_item(text: &str, head: &str) -> Option<ListItem> {
    let tail: Vec<(usize, char)> = head.char_indices().rev().take(16).collect();
    let reach = if tail.iter().any(|(_, c)| is_name_dot(*c)) {
        16
    } else {
        5
    };
    let starts: Vec<usize> = tail.iter().take(reach).map(|(i, _)| *i).collect();
    for &start in starts.iter().skip(1) {
        // Where an item may start is cheap to test; parse only there.
        let before = head.get(..start).and_then(|h| h.chars().next_back());
        let opens = before.is_none_or(|c| !is_han(c) || LEADS_INTO_NAMES.contains(c));
        let post = if opens {
            None
        } else {
            post_before(text, start)
        };
        if !opens && post.is_none() {
            continue;
        }
        let Some((end, shape)) = list_item_at(text, start) else {
            continue;
        };
        if end == head.len() {
            return Some(ListItem {
                start,
                end,
                post,
                shape,
            });
        }
    }
    None
}

/// Characters after which a name starts a word in prose (`授予王强`, `向李娜`, `对张伟`).
const LEADS_INTO_NAMES: &str = "向给对和与及予经由请派将把被让叫有是为即定";

/// At least half of the given-name characters of a bare list are common ones: a
/// list of names, not of words that happen to start with surnames.
fn mostly_given_names(text: &str, items: &[(usize, usize, Option<&'static str>)]) -> bool {
    let (mut given, mut common) = (0, 0);
    for &(s, e, _) in items {
        let item = text.get(s..e).unwrap_or("");
        let skip = surname_len(item).unwrap_or(0);
        for c in item
            .get(skip..)
            .unwrap_or("")
            .chars()
            .filter(|c| is_han(*c))
        {
            given += 1;
            common += usize::from(is_given(c));
        }
    }
    given > 0 && common * 2 >= given
}

/// The name-shaped word that ends `head` (2–4 characters) and starts a word.
fn item_ending_at(text: &str, head: &str) -> Option<(usize, usize, Option<&'static str>)> {
    // Two to four characters, or up to sixteen for a dotted name (`艾合买提·依明`).
    let tail: Vec<(usize, char)> = head.char_indices().rev().take(16).collect();
    let dotted = tail.iter().any(|(_, c)| is_name_dot(*c));
    let reach = if dotted { 16 } else { 4 };
    let starts: Vec<usize> = tail.iter().take(reach).map(|(i, _)| *i).collect();
    // Nearest start first: the shortest item whose start opens a word (`授予阿卜杜拉·买买提`
    // is a verb and a name, not one dotted name).
    for &start in starts.iter().skip(1) {
        let Some(end) = name_at(text, start, Strength::Cued) else {
            continue;
        };
        if end != head.len() {
            continue;
        }
        let post = post_before(text, start);
        let before = head.get(..start).and_then(|h| h.chars().next_back());
        if post.is_some() || before.is_none_or(|c| !is_han(c) || LEADS_INTO_NAMES.contains(c)) {
            return Some((start, end, post));
        }
    }
    None
}

fn already_found(out: &[Candidate], start: usize) -> bool {
    out.iter()
        .rev()
        .take(64)
        .any(|c| c.kind == Kind::PersonName && c.start == start)
}

#[cfg(test)]
mod tests;
