//! Charset of a page: a BOM, else the `<meta charset>` / `http-equiv` declaration in the
//! first 1024 bytes (WHATWG prescan), else detection. Decided before tokenizing, since the
//! tokenizer works on the decoded text.

use encoding_rs::{Encoding, GB18030, GBK, UTF_16BE, UTF_16LE, UTF_8, WINDOWS_1252};

use super::tokenizer::{Token, Tokenizer};
use crate::extract::text;

/// Decodes the page: `forced`, BOM or UTF-16 pattern, `<meta>` prescan, detection.
pub fn decode(bytes: &[u8], forced: Option<&'static Encoding>) -> String {
    match detect(bytes, forced) {
        Some((encoding, bom_len)) => {
            let body = bytes.get(bom_len..).unwrap_or(&[]);
            encoding.decode_without_bom_handling(body).0.into_owned()
        }
        None => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// The encoding `decode` reads the page with and the length of its BOM; `None` for bytes
/// that are no text at all (decoded lossily as UTF-8). Redaction writes the page back in
/// the same encoding.
pub fn detect(
    bytes: &[u8],
    forced: Option<&'static Encoding>,
) -> Option<(&'static Encoding, usize)> {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    let sniffed = |forced| match text::sniff(head, forced) {
        text::Sniffed::Text { encoding, bom_len } => Some((encoding, bom_len)),
        text::Sniffed::Binary => None,
    };
    if forced.is_some() || Encoding::for_bom(bytes).is_some() || memchr::memchr(0, head).is_some() {
        return sniffed(forced);
    }
    let Some(declared) = prescan(bytes) else {
        return sniffed(None);
    };
    if simdutf8::basic::from_utf8(bytes).is_ok() {
        // Valid UTF-8 is read as UTF-8 whatever the page says (all-ASCII decodes the same
        // in any ASCII-compatible charset; other legacy text is virtually never valid
        // UTF-8).
        return Some((UTF_8, 0));
    }
    if declared == UTF_8 {
        // Declared UTF-8 but it is not: detect.
        return sniffed(None);
    }
    Some((declared, 0))
}

/// The charset a `<meta>` in the first 1024 bytes declares (WHATWG prescan), or an
/// `<?xml … encoding=…?>` declaration at the start.
pub fn prescan(bytes: &[u8]) -> Option<&'static Encoding> {
    let head = bytes.get(..bytes.len().min(1024)).unwrap_or(bytes);
    // windows-1252 decodes every byte, keeping ASCII where it is.
    let (s, _) = WINDOWS_1252.decode_without_bom_handling(head);
    let tokens = Tokenizer::new(&s, 0, s.len());
    for tok in tokens {
        let Token::Start { name, attrs, .. } = tok else {
            continue;
        };
        if name != "meta" {
            continue;
        }
        let mut label = None;
        let mut http_equiv = false;
        let mut content = None;
        for a in &attrs {
            match a.name.as_str() {
                "charset" => label = label.or(Some(a.value.to_string())),
                "http-equiv" => http_equiv = a.value.eq_ignore_ascii_case("content-type"),
                "content" => content = Some(a.value.to_string()),
                _ => {}
            }
        }
        if label.is_none() && http_equiv {
            label = content.as_deref().and_then(charset_in_content);
        }
        if let Some(enc) = label.and_then(|l| Encoding::for_label(l.trim().as_bytes())) {
            return Some(html_encoding(enc));
        }
    }
    let t = s.trim_start();
    if t.starts_with("<?xml") {
        let decl = t.get(..t.find("?>")?)?;
        let at = decl.find("encoding")?;
        let rest = decl
            .get(at + 8..)?
            .trim_start()
            .strip_prefix('=')?
            .trim_start();
        let rest = rest.trim_start_matches(['"', '\'']);
        let label: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
            .collect();
        return Encoding::for_label(label.as_bytes()).map(html_encoding);
    }
    None
}

/// WHATWG: a declared UTF-16 means UTF-8 (the bytes are ASCII-compatible or the BOM would
/// have decided); GBK is decoded as its superset GB18030.
fn html_encoding(enc: &'static Encoding) -> &'static Encoding {
    if enc == UTF_16LE || enc == UTF_16BE {
        UTF_8
    } else if enc == GBK {
        GB18030
    } else if enc.name() == "x-user-defined" {
        WINDOWS_1252
    } else {
        enc
    }
}

/// `text/html; charset=gb2312` → `gb2312`.
fn charset_in_content(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("charset")?;
    let rest = lower
        .get(at + 7..)?
        .trim_start()
        .strip_prefix('=')?
        .trim_start();
    let rest = rest.trim_start_matches(['"', '\'']);
    let label: String = rest
        .chars()
        .take_while(|c| !matches!(c, ';' | '"' | '\'' | ' ' | '\t' | '\n' | '\r'))
        .collect();
    (!label.is_empty()).then_some(label)
}
