//! Names found by what follows them: `同志`, the marks after a name (`，男`, `，患`,
//! `等9名同志`) and the 任前公示 sentence that makes one an official.

use super::*;

/// `张三同志`: the name right before `同志`, three characters tried before two.
pub(super) fn tongzhi(text: &str, out: &mut Vec<Candidate>) {
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
            // After a middle dot the name goes on (`伊力哈木•司马义同志`).
            let starts_word = before
                .is_none_or(|c| !is_name_dot(c) && (!is_han(c) || LEADS_INTO_NAMES.contains(c)));
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
pub(super) fn gendered(text: &str, mut marks: Vec<LiteralMatch>, out: &mut Vec<Candidate>) {
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
pub(super) fn in_office_sentence(text: &str, end: usize) -> bool {
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
