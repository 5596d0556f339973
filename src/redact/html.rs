//! HTML: values masked in text and attribute values, in the page's own charset; everything
//! else (markup, entities elsewhere, whitespace) is left byte for byte.
//!
//! Text is matched as the extractor reads it: entities decoded, no-break spaces and tabs as
//! spaces, carriage returns dropped, and inline elements (`<span>`, `<b>`, `<font>` …) not
//! breaking the text, so a number split over `<span>`s is found whole. A replacement goes
//! where the match starts; the rest of the matched characters are removed from their nodes
//! (the markup between them stays).

use std::ops::Range;

use encoding_rs::Encoding;

use super::encoding::{decode_exact, encode};
use super::{FormatOptions, HiddenChannels, Plan, RedactError, Redacted};
use crate::extract::html::charset;
use crate::extract::html::entities::{decode_chars, norm};
use crate::extract::html::tokenizer::{Token, Tokenizer};

/// Elements that do not end a block of text (the extractor joins their text).
const INLINE: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "big", "cite", "code", "data", "del", "dfn", "em", "font", "i",
    "ins", "kbd", "label", "mark", "nobr", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "time", "tt", "u", "var", "wbr",
];

pub fn redact_html(
    bytes: &[u8],
    plan: &Plan,
    options: &FormatOptions,
    forced: Option<&'static Encoding>,
) -> Result<Redacted, RedactError> {
    let Some((encoding, bom_len)) = charset::detect(bytes, forced) else {
        return Err(RedactError::Unsupported(
            "binary content: not a page".into(),
        ));
    };
    let (bom, body) = bytes.split_at(bom_len.min(bytes.len()));
    let src = decode_exact(body, encoding)?;
    let mut edits = Edits::default();
    let mut flow = Flow::default();
    let mut comments_removed = 0usize;
    let mut raw_owner = String::new();
    for token in Tokenizer::new(&src, 0, src.len()) {
        match token {
            Token::Text { start, end } => flow.add(&src, start..end, false),
            Token::Start { name, attrs, .. } => {
                if !INLINE.contains(&name.as_str()) {
                    flow.finish(plan, &mut edits);
                }
                for a in &attrs {
                    let range = a.value_pos..a.value_pos + a.value.len();
                    let mut one = Flow::default();
                    one.add(&src, range, true);
                    one.finish(plan, &mut edits);
                }
                raw_owner = name;
            }
            Token::End { name } => {
                if !INLINE.contains(&name.as_str()) {
                    flow.finish(plan, &mut edits);
                }
            }
            Token::Raw { start, end } => {
                flow.finish(plan, &mut edits);
                if matches!(raw_owner.as_str(), "title" | "textarea") {
                    let mut one = Flow::default();
                    one.add(&src, start..end, false);
                    one.finish(plan, &mut edits);
                } else {
                    // Script and style text has no entities: values are matched as written.
                    raw_edits(&src, start..end, plan, &mut edits);
                }
            }
            Token::Comment { start, end } => {
                // A comment does not end the text around it (the extractor joins it).
                let content = src.get(start..end).unwrap_or("");
                // Conditional comments hold markup old browsers render: masked, not dropped.
                let conditional = content.starts_with("[if") || content.starts_with("<![endif");
                if options.hidden == HiddenChannels::Remove && !conditional && start < end {
                    edits.push(start..end, String::new());
                    comments_removed += 1;
                } else {
                    raw_edits(&src, start..end, plan, &mut edits);
                }
            }
        }
    }
    flow.finish(plan, &mut edits);
    let mut actions = Vec::new();
    if comments_removed > 0 {
        actions.push(format!("删除源代码注释 {comments_removed} 条"));
    }
    let replaced = edits.replaced;
    let mut out = bom.to_vec();
    if edits.splices.is_empty() {
        out.extend_from_slice(body);
    } else {
        out.extend(encode(&edits.apply(&src), encoding)?);
    }
    Ok(Redacted {
        bytes: out,
        replaced,
        actions,
    })
}

/// Source splices, in source order, and how many values they replace.
#[derive(Default)]
struct Edits {
    splices: Vec<(Range<usize>, String)>,
    replaced: usize,
}

impl Edits {
    fn push(&mut self, range: Range<usize>, with: String) {
        self.splices.push((range, with));
    }

    fn apply(mut self, src: &str) -> String {
        self.splices.sort_by_key(|(r, _)| r.start);
        let mut out = String::with_capacity(src.len());
        let mut at = 0;
        for (range, with) in &self.splices {
            if range.start < at {
                continue;
            }
            out.push_str(src.get(at..range.start).unwrap_or(""));
            out.push_str(with);
            at = range.end;
        }
        out.push_str(src.get(at..).unwrap_or(""));
        out
    }
}

/// Text as the extractor reads it, each character with the source range it came from.
#[derive(Default)]
struct Flow {
    text: String,
    /// (byte offset in `text`, source range) per character.
    chars: Vec<(usize, Range<usize>)>,
}

impl Flow {
    fn add(&mut self, src: &str, range: Range<usize>, in_attr: bool) {
        let raw = src.get(range.clone()).unwrap_or("");
        let mut starts: Vec<(char, usize)> = Vec::new();
        decode_chars(raw, range.start, in_attr, |c, pos| starts.push((c, pos)));
        for (i, (c, pos)) in starts.iter().enumerate() {
            let end = starts.get(i + 1).map_or(range.end, |next| next.1);
            if *c == '\r' {
                continue;
            }
            self.chars.push((self.text.len(), *pos..end));
            self.text.push(norm(*c));
        }
    }

    /// Matches the collected text and turns each match into splices; starts a new block.
    fn finish(&mut self, plan: &Plan, edits: &mut Edits) {
        if !self.text.is_empty() && plan.touches(&self.text) {
            for edit in plan.edits(&self.text) {
                let first = self.chars.partition_point(|(at, _)| *at < edit.range.start);
                let last = self.chars.partition_point(|(at, _)| *at < edit.range.end);
                for (k, (_, src)) in self.chars.iter().enumerate().take(last).skip(first) {
                    let with = if k == first {
                        escape(edit.replacement)
                    } else {
                        String::new()
                    };
                    edits.push(src.clone(), with);
                }
                edits.replaced += 1;
            }
        }
        self.text.clear();
        self.chars.clear();
    }
}

fn raw_edits(src: &str, range: Range<usize>, plan: &Plan, edits: &mut Edits) {
    let raw = src.get(range.clone()).unwrap_or("");
    for edit in plan.edits(raw) {
        let start = range.start + edit.range.start;
        edits.push(
            start..range.start + edit.range.end,
            edit.replacement.to_string(),
        );
        edits.replaced += 1;
    }
}

/// Safe in text and in quoted attribute values.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests;
