//! A mirrored site scanned as published: `baomi scan mirror/www.example.gov.cn --base-url
//! https://www.example.gov.cn/` reports every file under the URL it was mirrored from
//! (the contract: "a crawled page is its URL"), so findings, fingerprints, reviews and
//! `baomi.toml` URL-prefix units are the same as for a crawl or a WARC of the site.
//!
//! The URL is the base URL plus the file's path relative to the directory given, read back
//! the way `wget -m` (`-r -N -l inf`) lays a site out:
//!
//! * `a/index.html` → `…/a/` (wget's file for a directory URL), `index.html` → the base;
//! * `page.php?id=3` → `…/page.php?id=3` (wget writes the query into the file name);
//!   with `--restrict-file-names=windows` wget writes `page.php@id=3`: an `@` in the last
//!   name followed by a `key=value` query is read back as `?`;
//! * `--adjust-extension` (`-E`): a `.html` that wget added after a query
//!   (`page.php?id=3.html`) or to a dynamic page (`list.jsp.html`, `.php`, `.asp`,
//!   `.aspx`, `.jsp`, `.jspx`, `.do`, `.action`, `.cgi`, `.pl`) is dropped. An
//!   extension-less page that `-E` saved as `b.html` cannot be told from a real `b.html`
//!   and keeps the suffix;
//! * characters a URL cannot hold (space, `"`, `<`, `>`, `` ` ``, `{`, `}`, `#`, controls,
//!   non-ASCII, a stray `%`) are percent-encoded, bytes of non-UTF-8 names included;
//!   a `%XX` already in a name is kept (wget writes such escapes for characters it may not
//!   use in file names).
//!
//! `--base-url` takes exactly one directory: the base names that directory (a missing final
//! `/` is added). Files that cannot be read keep their file-system path in the error
//! record (the problem is on disk, not on the site).

use std::path::{Component, Path};

use super::walk::Input;

/// Extensions of server-side pages `wget -E` appends `.html` to.
const DYNAMIC: &[&str] = &[
    "php", "asp", "aspx", "jsp", "jspx", "do", "action", "cgi", "pl",
];

/// Checks `--base-url`: an absolute `http(s)` URL with a host and no query or fragment;
/// returned ending in `/`.
pub fn parse_base_url(s: &str) -> Result<String, String> {
    let lower = s.to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"))
        .ok_or_else(|| format!("`{s}` is not an http:// or https:// URL"))?;
    let host = rest.split('/').next().unwrap_or("");
    if host.is_empty() {
        return Err(format!("`{s}` has no host"));
    }
    if s.contains(['?', '#']) || s.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(format!(
            "`{s}`: a base URL names a directory (no query, fragment or spaces)"
        ));
    }
    Ok(if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    })
}

/// Reports the files walked under `root` under their URLs below `base`. `paths` are the
/// paths given on the command line: exactly one directory.
pub fn map_inputs(paths: &[String], base: &str, inputs: Vec<Input>) -> Result<Vec<Input>, String> {
    let root = match paths {
        [one] if Path::new(one).is_dir() => Path::new(one),
        [one] => {
            return Err(format!(
                "--base-url needs a directory (the mirrored site's root); `{one}` is not one"
            ))
        }
        _ => {
            return Err(format!(
                "--base-url takes exactly one directory (the mirrored site's root), not {}",
                paths.len()
            ))
        }
    };
    Ok(inputs
        .into_iter()
        .map(|input| match input {
            Input::File(file) => match file.strip_prefix(root) {
                Ok(rel) => {
                    let url = url_for(base, rel);
                    Input::Mirrored { file, url }
                }
                Err(_) => Input::File(file),
            },
            other => other,
        })
        .collect())
}

/// The URL of the file at `rel` (relative to the mirror's root) below `base` (ending `/`).
pub fn url_for(base: &str, rel: &Path) -> String {
    let mut names: Vec<Vec<u8>> = rel
        .components()
        .filter_map(|c| match c {
            Component::Normal(name) => Some(name_bytes(name)),
            _ => None,
        })
        .collect();
    let last = names.pop().unwrap_or_default();
    let mut url = base.to_string();
    for dir in &names {
        encode_into(&mut url, dir, false);
        url.push('/');
    }
    let (name, query) = split_query(&last);
    let (name, query) = drop_adjusted_extension(name, query);
    if name != b"index.html" || query.is_some() {
        encode_into(&mut url, name, false);
    }
    if let Some(q) = query {
        url.push('?');
        encode_into(&mut url, q, true);
    }
    url
}

/// `page.php?id=3` → (`page.php`, `id=3`); `page.php@id=3` likewise (wget's
/// `--restrict-file-names=windows`).
fn split_query(name: &[u8]) -> (&[u8], Option<&[u8]>) {
    if let Some(at) = memchr::memchr(b'?', name) {
        return (name.get(..at).unwrap_or(name), name.get(at + 1..));
    }
    if let Some(at) = memchr::memchr(b'@', name) {
        let (before, after) = (
            name.get(..at).unwrap_or(&[]),
            name.get(at + 1..).unwrap_or(&[]),
        );
        let looks_like_query = before.contains(&b'.')
            && after
                .split(|c| *c == b'&')
                .all(|kv| kv.contains(&b'=') && !kv.starts_with(b"="));
        if looks_like_query {
            return (before, Some(after));
        }
    }
    (name, None)
}

/// Drops the `.html` that `wget -E` appends after a query or to a dynamic page.
fn drop_adjusted_extension<'a>(
    name: &'a [u8],
    query: Option<&'a [u8]>,
) -> (&'a [u8], Option<&'a [u8]>) {
    if let Some(q) = query {
        return (name, Some(q.strip_suffix(b".html").unwrap_or(q)));
    }
    if let Some(stem) = name.strip_suffix(b".html") {
        let ext = stem.rsplit(|c| *c == b'.').next().unwrap_or(&[]);
        let dynamic = stem.contains(&b'.')
            && DYNAMIC
                .iter()
                .any(|d| d.as_bytes().eq_ignore_ascii_case(ext));
        if dynamic {
            return (stem, None);
        }
    }
    (name, None)
}

/// Appends `bytes` percent-encoded: what a URL path (or query) cannot hold is escaped, a
/// `%XX` already there is kept.
fn encode_into(out: &mut String, bytes: &[u8], query: bool) {
    for (i, &b) in bytes.iter().enumerate() {
        let is_escape = b == b'%'
            && bytes
                .get(i + 1..i + 3)
                .is_some_and(|h| h.iter().all(u8::is_ascii_hexdigit));
        let keep = match b {
            b'%' => is_escape,
            b' ' | b'"' | b'#' | b'<' | b'>' | b'`' => false,
            b'?' | b'{' | b'}' => query && b == b'?',
            0x21..=0x7E => true,
            _ => false,
        };
        if keep {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
}

#[cfg(unix)]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    use std::os::unix::ffi::OsStrExt;
    name.as_bytes().to_vec()
}

#[cfg(not(unix))]
fn name_bytes(name: &std::ffi::OsStr) -> Vec<u8> {
    name.to_string_lossy().into_owned().into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "https://www.example.gov.cn/";

    #[test]
    fn wget_layouts() {
        const CASES: &[(&str, &str, &str)] = &[
            (
                "plain_010",
                "a/b.docx",
                "https://www.example.gov.cn/a/b.docx",
            ),
            ("index_010", "index.html", "https://www.example.gov.cn/"),
            ("index_020", "a/index.html", "https://www.example.gov.cn/a/"),
            (
                "index_030",
                "a/index.htm",
                "https://www.example.gov.cn/a/index.htm",
            ),
            (
                "query_010",
                "list.php?id=3",
                "https://www.example.gov.cn/list.php?id=3",
            ),
            (
                "query_020",
                "list.php?id=3&p=2.html",
                "https://www.example.gov.cn/list.php?id=3&p=2",
            ),
            (
                "query_030",
                "list.php@id=3",
                "https://www.example.gov.cn/list.php?id=3",
            ),
            (
                "query_040",
                "index.html?x=1",
                "https://www.example.gov.cn/index.html?x=1",
            ),
            (
                "at_010",
                "people/wang@gov.txt",
                "https://www.example.gov.cn/people/wang@gov.txt",
            ),
            (
                "adjust_010",
                "news/show.jsp.html",
                "https://www.example.gov.cn/news/show.jsp",
            ),
            (
                "adjust_020",
                "news/b.html",
                "https://www.example.gov.cn/news/b.html",
            ),
            (
                "encode_010",
                "公示/名单 2024.xlsx",
                "https://www.example.gov.cn/%E5%85%AC%E7%A4%BA/%E5%90%8D%E5%8D%95%202024.xlsx",
            ),
            (
                "encode_020",
                "a/100%.txt",
                "https://www.example.gov.cn/a/100%25.txt",
            ),
            (
                "encode_030",
                "a/x%3Ay.txt",
                "https://www.example.gov.cn/a/x%3Ay.txt",
            ),
            (
                "encode_040",
                "a/#{x}.txt",
                "https://www.example.gov.cn/a/%23%7Bx%7D.txt",
            ),
        ];
        for (name, rel, want) in CASES {
            assert_eq!(url_for(BASE, Path::new(rel)), *want, "{name}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn non_utf8_names_are_encoded_bytewise() {
        use std::os::unix::ffi::OsStrExt;
        let gbk = std::ffi::OsStr::from_bytes(b"\xB9\xAB\xCA\xBE.txt");
        assert_eq!(
            url_for(BASE, Path::new(gbk)),
            "https://www.example.gov.cn/%B9%AB%CA%BE.txt"
        );
    }

    #[test]
    fn base_urls() {
        assert_eq!(
            parse_base_url("https://a.gov.cn").as_deref(),
            Ok("https://a.gov.cn/")
        );
        assert_eq!(
            parse_base_url("http://a.gov.cn/x/").as_deref(),
            Ok("http://a.gov.cn/x/")
        );
        for bad in [
            "a.gov.cn",
            "ftp://a.gov.cn/",
            "https:///x",
            "https://a/?q=1",
            "https://a/ b",
        ] {
            assert!(parse_base_url(bad).is_err(), "{bad}");
        }
    }
}
