//! Elements read apart from the flow of text: named `<meta>` values as metadata, `<input>`
//! values as form data, the content of raw-text elements (`<title>`, `<textarea>`, skipped
//! `<script>` and `<style>` …) and HTML comments.

use super::entities::{attr_text, decode_chars};
use super::segment::Acc;
use super::tokenizer::{attr, Attr};
use super::walker::Walker;
use crate::extract::document::{Loc, Part};
use crate::extract::limits::ExtractError;

/// `<meta name>` values that are technical, not text.
const META_SKIP: &[&str] = &[
    "viewport",
    "robots",
    "renderer",
    "format-detection",
    "referrer",
    "theme-color",
    "color-scheme",
    "x-ua-compatible",
    "apple-mobile-web-app-capable",
    "apple-mobile-web-app-status-bar-style",
    "msapplication-tilecolor",
    "progid",
    "googlebot",
    "baiduspider",
    "csrf-token",
    "csrf-param",
];

/// What to do with the content of the raw-text element just opened.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum RawKind {
    Skip,
    Title,
    /// Visible text (`textarea`, `xmp`, `plaintext`); entities decoded when `true`.
    Text(bool),
    /// Office XML island.
    Xml,
}

impl Walker<'_, '_> {
    pub(super) fn raw_kind(&self, name: &str) -> Option<RawKind> {
        Some(match name {
            "script" | "style" | "template" | "iframe" | "noembed" | "noframes" => RawKind::Skip,
            "title" => RawKind::Title,
            "textarea" => RawKind::Text(true),
            "xmp" | "plaintext" => RawKind::Text(false),
            "xml" => RawKind::Xml,
            _ => return None,
        })
    }

    pub(super) fn meta(&mut self, attrs: &[Attr]) -> Result<(), ExtractError> {
        let (Some(name), Some(content)) = (attr(attrs, "name"), attr(attrs, "content")) else {
            return Ok(());
        };
        let field = name.value.trim();
        let lower = field.to_ascii_lowercase();
        if field.is_empty()
            || META_SKIP.contains(&lower.as_str())
            || lower.starts_with("apple-")
            || lower.starts_with("msapplication")
            || lower.ends_with("-verification")
            || lower.ends_with("_verification")
            || lower.ends_with("-site-verification")
        {
            return Ok(());
        }
        let value = attr_text(content.value);
        self.side(&value, Loc::metadata(field), content.value_pos)
    }

    pub(super) fn input(&mut self, attrs: &[Attr], hidden_ctx: bool) -> Result<(), ExtractError> {
        let Some(value) = attr(attrs, "value") else {
            return Ok(());
        };
        let kind = attr(attrs, "type")
            .map(|a| a.value.trim().to_ascii_lowercase())
            .unwrap_or_default();
        let v = attr_text(value.value);
        let mut loc = match kind.as_str() {
            "hidden" => Loc::part(Part::HiddenText),
            "" | "text" | "search" | "tel" | "email" | "number" | "url" => {
                let mut l = Loc::part(Part::FormData);
                l.hidden = false;
                l
            }
            _ => return Ok(()),
        };
        loc.hidden |= hidden_ctx;
        let field = attr(attrs, "name")
            .map(|n| format!("input {}", n.value.trim()))
            .unwrap_or_else(|| "input".to_string());
        self.side(&v, loc.with_field(&field), value.value_pos)
    }

    pub(super) fn raw_text(&mut self, start: usize, end: usize) -> Result<(), ExtractError> {
        let Some(kind) = self.raw.take() else {
            return Ok(());
        };
        let src = self.src;
        let raw = src.get(start..end).unwrap_or("");
        match kind {
            RawKind::Skip => Ok(()),
            RawKind::Title => {
                let mut acc = Acc::default();
                decode_chars(raw, start, true, |c, p| acc.add(c, p));
                if let Some((text, s)) = acc.take() {
                    let mut loc = Loc::part(Part::Title);
                    if self.hidden > 0 {
                        loc = loc.hidden_as(Part::HiddenText);
                    }
                    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
                    self.side(&text, loc, s)?;
                }
                Ok(())
            }
            RawKind::Text(decode) => {
                self.boundary()?;
                let mut result = Ok(());
                if decode {
                    decode_chars(raw, start, false, |c, p| {
                        if result.is_ok() {
                            result = self.text_char(c, p);
                        }
                    });
                } else {
                    for (k, c) in raw.char_indices() {
                        if result.is_ok() {
                            result = self.text_char(c, start + k);
                        }
                    }
                }
                result?;
                self.boundary()
            }
            RawKind::Xml => self.office_xml(start, end),
        }
    }

    pub(super) fn comment(&mut self, start: usize, end: usize) -> Result<(), ExtractError> {
        let src = self.src;
        let content = src.get(start..end).unwrap_or("");
        let trimmed = content.trim_start();
        if trimmed.starts_with("[if") || trimmed.starts_with("[endif") {
            // Office conditional comments: markup for old renderers; only the document
            // properties inside an XML island are of interest.
            if let Some(x) = memchr::memmem::find(content.as_bytes(), b"<xml") {
                let inner = memchr::memchr(b'>', content.as_bytes().get(x..).unwrap_or(&[]))
                    .map_or(end, |k| start + x + k + 1);
                return self.office_xml(inner, end);
            }
            return Ok(());
        }
        let lead = content.len() - trimmed.len();
        self.side(
            trimmed.trim_end(),
            Loc::part(Part::SourceComment),
            start + lead,
        )
    }
}
