//! Escaping for the HTML report. Every string that comes from a scanned document or from
//! the file system — paths, contexts, evidence, error messages, unit names — is attacker
//! controlled: a file named `<script>.txt` must print as text, never run.
//!
//! [`Esc`] escapes for element content and for double- or single-quoted attribute values
//! alike (the report quotes every attribute). It also makes invisible tricks visible:
//! control characters become U+FFFD and bidirectional controls (the "Trojan Source"
//! characters that reorder what a reviewer reads) print as `[U+202E]`.
//! [`script_json`] makes JSON safe inside a `<script>` element.

use std::fmt;

use serde::Serialize;

/// Displays a string HTML-escaped: `&`, `<`, `>`, `"` and `'` as character references.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = self.0;
        let mut start = 0;
        for (i, c) in s.char_indices() {
            let replacement = match c {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                '\'' => "&#39;",
                c if is_bidi_control(c) => "",
                c if is_control(c) => "\u{FFFD}",
                _ => continue,
            };
            f.write_str(s.get(start..i).unwrap_or_default())?;
            if replacement.is_empty() {
                write!(f, "[U+{:04X}]", u32::from(c))?;
            } else {
                f.write_str(replacement)?;
            }
            start = i + c.len_utf8();
        }
        f.write_str(s.get(start..).unwrap_or_default())
    }
}

/// Control characters other than tab and line breaks (C0, DEL, C1).
fn is_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Characters that reorder displayed text (Unicode bidi embeddings, overrides, isolates,
/// marks).
fn is_bidi_control(c: char) -> bool {
    matches!(
        c,
        '\u{061C}' | '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'
    )
}

/// Escaped `context` with the first occurrence of `text` wrapped in `<mark>`.
pub struct Highlight<'a> {
    pub context: &'a str,
    pub text: &'a str,
}

impl fmt::Display for Highlight<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let found = (!self.text.is_empty())
            .then(|| self.context.find(self.text))
            .flatten();
        let split = found.and_then(|i| {
            let end = i.checked_add(self.text.len())?;
            Some((
                self.context.get(..i)?,
                self.context.get(i..end)?,
                self.context.get(end..)?,
            ))
        });
        match split {
            Some((before, hit, after)) => {
                write!(f, "{}<mark>{}</mark>{}", Esc(before), Esc(hit), Esc(after))
            }
            None => Esc(self.context).fmt(f),
        }
    }
}

/// `value` as JSON that can sit inside `<script type="application/json">`: `<`, `>` and
/// `&` as `\u003c` … (so neither `</script>` nor `<!--` can appear), and U+2028/U+2029
/// escaped (line terminators in older JavaScript).
pub fn script_json(value: &impl Serialize) -> serde_json::Result<String> {
    let json = serde_json::to_string(value)?;
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn esc(s: &str) -> String {
        Esc(s).to_string()
    }

    #[test]
    fn hostile_strings_print_as_text() {
        let cases = [
            (
                "<script>alert(1)</script>",
                "&lt;script&gt;alert(1)&lt;/script&gt;",
            ),
            (
                "<img src=x onerror=alert(1)>.txt",
                "&lt;img src=x onerror=alert(1)&gt;.txt",
            ),
            ("\" onmouseover=\"x", "&quot; onmouseover=&quot;x"),
            ("' autofocus onfocus='x", "&#39; autofocus onfocus=&#39;x"),
            ("a&amp;b", "a&amp;amp;b"),
            (
                "</textarea><svg/onload=x>",
                "&lt;/textarea&gt;&lt;svg/onload=x&gt;",
            ),
            ("<!-- -->", "&lt;!-- --&gt;"),
            ("]]><![CDATA[", "]]&gt;&lt;![CDATA["),
        ];
        for (input, want) in cases {
            assert_eq!(esc(input), want, "{input:?}");
        }
    }

    #[test]
    fn keeps_chinese_and_whitespace() {
        assert_eq!(esc("公示/名单 2024\t第3页\n"), "公示/名单 2024\t第3页\n");
        assert_eq!(esc(""), "");
    }

    #[test]
    fn controls_and_bidi_become_visible() {
        assert_eq!(esc("a\u{0}b\u{1b}[31m"), "a\u{FFFD}b\u{FFFD}[31m");
        assert_eq!(esc("invoice\u{202E}txt.exe"), "invoice[U+202E]txt.exe");
        assert_eq!(esc("\u{2066}<\u{2069}"), "[U+2066]&lt;[U+2069]");
    }

    #[test]
    fn highlight_marks_first_occurrence_only() {
        let h = Highlight {
            context: "…<b> 430102********8907 与 430102********8907…",
            text: "430102********8907",
        };
        assert_eq!(
            h.to_string(),
            "…&lt;b&gt; <mark>430102********8907</mark> 与 430102********8907…"
        );
        let hostile = Highlight {
            context: "x<script>y",
            text: "<script>",
        };
        assert_eq!(hostile.to_string(), "x<mark>&lt;script&gt;</mark>y");
        let absent = Highlight {
            context: "a<b",
            text: "zz",
        };
        assert_eq!(absent.to_string(), "a&lt;b");
        let empty = Highlight {
            context: "a",
            text: "",
        };
        assert_eq!(empty.to_string(), "a");
    }

    #[test]
    fn script_json_cannot_close_the_script() {
        let value = serde_json::json!({
            "path": "</script><script>alert(1)</script>",
            "note": "<!-- \u{2028}\u{2029} & >",
        });
        let json = script_json(&value).unwrap_or_default();
        assert!(!json.contains('<') && !json.contains('>') && !json.contains('&'));
        assert!(!json.contains('\u{2028}') && !json.contains('\u{2029}'));
        assert!(json.contains("\\u003c/script\\u003e"));
        let back: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
        assert_eq!(back, value);
    }
}
