//! What a crawl may fetch: the seed hosts, or the `--scope` URL prefixes; which links are
//! worth fetching at all (pages and documents, not images or scripts).

use url::Url;

#[derive(Clone, Debug)]
pub struct Scope {
    /// URL prefixes (`--scope`); when empty, the seeds' hosts.
    prefixes: Vec<String>,
    hosts: Vec<String>,
}

impl Scope {
    pub fn new(seeds: &[Url], prefixes: &[String]) -> Scope {
        Scope {
            prefixes: prefixes.to_vec(),
            hosts: seeds
                .iter()
                .filter_map(|u| u.host_str().map(str::to_ascii_lowercase))
                .collect(),
        }
    }

    pub fn contains(&self, url: &Url) -> bool {
        if !matches!(url.scheme(), "http" | "https") {
            return false;
        }
        if !self.prefixes.is_empty() {
            return self
                .prefixes
                .iter()
                .any(|p| url.as_str().starts_with(p.as_str()));
        }
        url.host_str()
            .is_some_and(|h| self.hosts.iter().any(|s| s.eq_ignore_ascii_case(h)))
    }
}

/// A link made absolute against `base`, without its fragment; None for what is not an
/// http(s) URL (`mailto:`, `javascript:`, garbage).
pub fn resolve(base: &Url, link: &str) -> Option<Url> {
    let mut url = base.join(link.trim()).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    url.set_fragment(None);
    Some(url)
}

/// A URL for people: percent-encoded UTF-8 shown as the characters it encodes
/// (`…/%E5%90%8D%E5%8D%95.xlsx` → `…/名单.xlsx`), unless that would show spaces, controls or
/// invalid UTF-8, or change what the URL means (`%2F`, `%3F`, `%23`, `%25`).
pub fn iri(url: &str) -> String {
    match String::from_utf8(crate::percent::decode_bytes(url, |b| b >= 0x80)) {
        Ok(s) if !s.chars().any(|c| c.is_whitespace() || c.is_control()) => s,
        _ => url.to_string(),
    }
}

/// File extensions of media that carry no text to review (decided before fetching).
const MEDIA: &[&str] = &[
    "jpg", "jpeg", "png", "gif", "bmp", "webp", "svg", "ico", "tif", "tiff", "css", "js", "mjs",
    "woff", "woff2", "ttf", "otf", "eot", "mp3", "mp4", "m4a", "wav", "avi", "mov", "wmv", "flv",
    "mkv", "webm", "swf", "exe", "msi", "dmg", "apk", "iso",
];

/// Why a URL is not fetched, judged from the URL alone.
pub fn media_extension(url: &Url) -> Option<String> {
    let last = url.path_segments()?.next_back()?;
    let (_, ext) = last.rsplit_once('.')?;
    let ext = ext.to_ascii_lowercase();
    MEDIA.contains(&ext.as_str()).then_some(ext)
}

/// Media types whose bodies are not downloaded (judged from the response headers).
pub fn media_type(content_type: &str) -> bool {
    let t = content_type.trim().to_ascii_lowercase();
    ["image/", "video/", "audio/", "font/"]
        .iter()
        .any(|p| t.starts_with(p))
        || t.starts_with("text/css")
        || t.contains("javascript")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn hosts_or_prefixes() {
        let seeds = [url("https://www.example.gov.cn/")];
        let by_host = Scope::new(&seeds, &[]);
        assert!(by_host.contains(&url("http://WWW.example.gov.cn/a/b.docx")));
        assert!(!by_host.contains(&url("https://other.gov.cn/")));
        assert!(!by_host.contains(&url("ftp://www.example.gov.cn/x")));
        let by_prefix = Scope::new(&seeds, &["https://www.example.gov.cn/mzj/".to_string()]);
        assert!(by_prefix.contains(&url("https://www.example.gov.cn/mzj/2024/a.html")));
        assert!(!by_prefix.contains(&url("https://www.example.gov.cn/gaj/a.html")));
    }

    #[test]
    fn links_resolve_without_fragments() {
        let base = url("https://www.example.gov.cn/a/index.html");
        assert_eq!(
            resolve(&base, "../公开/名单.xlsx#p2")
                .map(|u| u.to_string())
                .as_deref(),
            Some("https://www.example.gov.cn/%E5%85%AC%E5%BC%80/%E5%90%8D%E5%8D%95.xlsx")
        );
        assert!(resolve(&base, "mailto:a@b.cn").is_none());
        assert!(resolve(&base, "javascript:void(0)").is_none());
        assert_eq!(
            media_extension(&url("https://x.cn/a/b.JPG?x=1")).as_deref(),
            Some("jpg")
        );
        assert!(media_extension(&url("https://x.cn/a/b.docx")).is_none());
        assert!(media_type("image/png"));
        assert_eq!(
            iri("https://x.cn/%E5%90%8D%E5%8D%95.xlsx?a=%2F"),
            "https://x.cn/名单.xlsx?a=%2F"
        );
        assert_eq!(iri("https://x.cn/%FF%FE.txt"), "https://x.cn/%FF%FE.txt");
        assert!(!media_type("application/pdf"));
    }
}
