//! Lists of names: `、` enumerations after a label or on their own (judged as a whole),
//! and the word-start rules they share with the marks after a name.

use super::*;

/// Names continuing a list after `end`: `张三、李四、王五`. Returns where the list ends.
pub(super) fn enumeration(
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
pub(super) fn post_before_at(text: &str, at: usize) -> Option<(usize, &'static str)> {
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

/// Three or more name-shaped items joined by `、` with no label before them
/// (`王强、李娜、赵建国等`, `达瓦多吉、阿迪力·努尔兰、梁焕等`): most items must be names with
/// a surname or a middle dot, and their given names mostly common ones; items without a
/// surname (Tibetan, Mongolian names) ride along.
/// Where the item after the one ending at `end` starts: past `（女）`/`（男）`, the `、` and
/// a line break (PDF text wraps long lists).
fn next_list_item_start(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    let rest = rest
        .strip_prefix("（女）")
        .or_else(|| rest.strip_prefix("（男）"))
        .unwrap_or(rest);
    let after = rest.strip_prefix('、')?;
    let trimmed = after.trim_start_matches([' ', '\n', '\r', '\u{3000}']);
    Some(text.len() - trimmed.len())
}

pub(super) fn bare_enumerations(text: &str, out: &mut Vec<Candidate>) {
    let mut claimed_to = 0;
    for pos in memchr::memmem::find_iter(text.as_bytes(), "、".as_bytes()) {
        if pos < claimed_to {
            continue;
        }
        let head = text.get(..pos).unwrap_or("");
        // `林礼娅（女）、高泽`: the sex in brackets after a listed name.
        let head = head
            .strip_suffix("（女）")
            .or_else(|| head.strip_suffix("（男）"))
            .unwrap_or(head);
        let Some(first) = first_list_item(text, head) else {
            continue;
        };
        let mut items = vec![first];
        let mut end = pos;
        while let Some(at) = next_list_item_start(text, end) {
            if items.len() >= 500 {
                break;
            }
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
pub(super) enum ItemShape {
    /// Surname + given name.
    Surname,
    /// Parts joined by a middle dot.
    Dotted,
    /// Two to four ordinary characters.
    Plain,
}

pub(super) struct ListItem {
    pub(super) start: usize,
    pub(super) end: usize,
    pub(super) post: Option<&'static str>,
    pub(super) shape: ItemShape,
}

/// The list item starting at `at` and how it is shaped.
pub(super) fn list_item_at(text: &str, at: usize) -> Option<(usize, ItemShape)> {
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
pub(super) fn first_list_item(text: &str, head: &str) -> Option<ListItem> {
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
        // After a middle dot the name goes on (`阿依古丽·沙吾提`).
        let opens =
            before.is_none_or(|c| !is_name_dot(c) && (!is_han(c) || LEADS_INTO_NAMES.contains(c)));
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
pub(super) const LEADS_INTO_NAMES: &str = "向给对和与及予经由请派将把被让叫有是为即定";

/// At least half of the given-name characters of a bare list are common ones: a
/// list of names, not of words that happen to start with surnames.
pub(super) fn mostly_given_names(
    text: &str,
    items: &[(usize, usize, Option<&'static str>)],
) -> bool {
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
pub(super) fn item_ending_at(
    text: &str,
    head: &str,
) -> Option<(usize, usize, Option<&'static str>)> {
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
        // After a middle dot the name goes on (`阿依古丽·沙吾提`): a longer start will do.
        let opens =
            before.is_none_or(|c| !is_name_dot(c) && (!is_han(c) || LEADS_INTO_NAMES.contains(c)));
        if post.is_some() || opens {
            return Some((start, end, post));
        }
    }
    None
}

pub(super) fn already_found(out: &[Candidate], start: usize) -> bool {
    out.iter()
        .rev()
        .take(64)
        .any(|c| c.kind == Kind::PersonName && c.start == start)
}
