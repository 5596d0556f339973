//! The links of a page, for the crawler: `href`/`src`/`data` of the elements that lead to
//! pages and attachments, `<base href>`, and a `<meta http-equiv=refresh>` target. Raw
//! values with entities decoded; resolution against the page URL is the caller's.

use encoding_rs::Encoding;

use super::charset;
use super::entities::decode_chars;
use super::tokenizer::{attr, Token, Tokenizer};

/// What a page links to.
#[derive(Debug, Default, PartialEq)]
pub struct Links {
    /// `<base href>` (the first one), which links resolve against instead of the page URL.
    pub base: Option<String>,
    pub links: Vec<String>,
}

/// Links in `bytes` (decoded like the page itself: `forced`, BOM, `<meta>`, detection).
pub fn links(bytes: &[u8], forced: Option<&'static Encoding>) -> Links {
    let src = charset::decode(bytes, forced);
    let mut out = Links::default();
    for token in Tokenizer::new(&src, 0, src.len()) {
        let Token::Start { name, attrs, .. } = token else {
            continue;
        };
        let wanted = match name.as_str() {
            "a" | "area" | "link" => "href",
            "iframe" | "frame" | "embed" | "source" => "src",
            "object" => "data",
            "base" => {
                if out.base.is_none() {
                    out.base = attr(&attrs, "href").map(|a| decoded(a.value));
                }
                continue;
            }
            "meta" => {
                let refresh = attr(&attrs, "http-equiv")
                    .is_some_and(|a| a.value.eq_ignore_ascii_case("refresh"));
                if let Some(content) = attr(&attrs, "content").filter(|_| refresh) {
                    if let Some(target) = refresh_target(&decoded(content.value)) {
                        out.links.push(target);
                    }
                }
                continue;
            }
            _ => continue,
        };
        if let Some(a) = attr(&attrs, wanted) {
            let value = decoded(a.value);
            let value = value.trim();
            if !value.is_empty() && !value.starts_with('#') {
                out.links.push(value.to_string());
            }
        }
    }
    out
}

fn decoded(raw: &str) -> String {
    let mut s = String::with_capacity(raw.len());
    decode_chars(raw, 0, true, |c, _| s.push(c));
    s
}

/// `5; url=/next.html` → `/next.html`.
fn refresh_target(content: &str) -> Option<String> {
    let lower = content.to_ascii_lowercase();
    let at = lower.find("url")?;
    let rest = content.get(at + 3..)?.trim_start();
    let rest = rest.strip_prefix('=')?.trim();
    let rest = rest.trim_matches(|c| c == '\'' || c == '"');
    (!rest.is_empty()).then(|| rest.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hrefs_srcs_base_and_refresh() {
        let page = "<html><head><base href=\"/root/\"><meta http-equiv=\"Refresh\" \
                    content=\"0; URL='next.html'\"></head><body><a href=\"a.html?x=1&amp;y=2\">a</a>\
                    <a href='#top'>top</a><A HREF=附件.docx>附件</A><iframe src=\"f.html\"></iframe>\
                    <object data=\"x.pdf\"></object><img src=\"p.png\"></body></html>";
        let got = links(page.as_bytes(), None);
        assert_eq!(got.base.as_deref(), Some("/root/"));
        assert_eq!(
            got.links,
            [
                "next.html",
                "a.html?x=1&y=2",
                "附件.docx",
                "f.html",
                "x.pdf"
            ]
        );
    }

    #[test]
    fn gbk_pages_are_decoded_first() {
        let (bytes, _, _) =
            encoding_rs::GBK.encode("<meta charset=\"gbk\"><a href=\"/公开/名单.xls\">名单</a>");
        assert_eq!(links(&bytes, None).links, ["/公开/名单.xls"]);
    }
}
