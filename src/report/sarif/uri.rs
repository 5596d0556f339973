//! baomi paths as SARIF artifact URIs (RFC 3986; SARIF §3.4.3 requires valid URIs).
//!
//! Paths are file paths as given (relative or absolute, any Unicode), `-` for stdin, or the
//! URL of a crawled page. Relative paths stay relative references (GitHub resolves them
//! against the repository root); absolute paths become `file:` URIs; URLs keep their
//! syntax. Whatever a URI may not hold (spaces, non-ASCII, `%`, `#`, `?` in a file name …)
//! is percent-encoded as UTF-8 bytes. Archive members are not URIs here: see `mod.rs`.

use std::fmt::Write;

/// `path` as the URI of an artifact.
pub fn artifact_uri(path: &str) -> String {
    if is_url(path) {
        return encode_url(path);
    }
    let windows_drive = is_drive_path(path);
    let slashed = if cfg!(windows) || windows_drive {
        path.replace('\\', "/")
    } else {
        path.to_string()
    };
    if windows_drive {
        // `C:/dir/a.txt` → `file:///C:/dir/a.txt`; the drive's colon stays.
        let (drive, rest) = slashed.split_at(2);
        return format!("file:///{drive}{}", encode_path(rest));
    }
    if slashed.starts_with('/') {
        return format!("file://{}", encode_path(&slashed));
    }
    encode_path(&slashed)
}

/// A member's name inside its archive (`word/media/a b.xlsx`) as a relative reference.
pub fn member_uri(name: &str) -> String {
    encode_path(&name.replace('\\', "/"))
}

/// `scheme://…`: a URL (a crawled page), not a file path.
fn is_url(path: &str) -> bool {
    match path.split_once("://") {
        Some((scheme, _)) => {
            let mut chars = scheme.chars();
            chars.next().is_some_and(|c| c.is_ascii_alphabetic())
                && chars.all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        }
        None => false,
    }
}

/// `C:\…` or `C:/…`.
fn is_drive_path(path: &str) -> bool {
    let b = path.as_bytes();
    b.len() >= 3
        && b.first().is_some_and(u8::is_ascii_alphabetic)
        && b.get(1) == Some(&b':')
        && matches!(b.get(2), Some(b'\\' | b'/'))
}

/// Keeps the characters a path segment may hold (RFC 3986 `pchar` without `:`, so that a
/// first segment like `a:b.txt` is not read as a scheme) and `/`; encodes the rest.
fn encode_path(path: &str) -> String {
    encode(path, |b, _| {
        b.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&b)
    })
}

/// Keeps every character a URI may hold and valid `%XX` escapes; encodes the rest.
fn encode_url(url: &str) -> String {
    encode(url, |b, rest| {
        if b == b'%' {
            return rest.len() >= 2 && rest.iter().take(2).all(u8::is_ascii_hexdigit);
        }
        b.is_ascii_alphanumeric() || b"-._~:/?#[]@!$&'()*+,;=".contains(&b)
    })
}

/// Percent-encodes (upper-case hex) every byte for which `keep(byte, following bytes)` is
/// false.
fn encode(s: &str, keep: impl Fn(u8, &[u8]) -> bool) -> String {
    let bytes = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    for (i, &b) in bytes.iter().enumerate() {
        let rest = bytes.get(i + 1..).unwrap_or_default();
        if keep(b, rest) {
            out.push(char::from(b));
        } else {
            // Writing to a String cannot fail.
            let _ = write!(out, "%{b:02X}");
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const CASES: [(&str, &str); 12] = [
        ("corpora/demo/a.txt", "corpora/demo/a.txt"),
        ("gbk_通知.txt", "gbk_%E9%80%9A%E7%9F%A5.txt"),
        (
            "公示 名单.xlsx",
            "%E5%85%AC%E7%A4%BA%20%E5%90%8D%E5%8D%95.xlsx",
        ),
        ("50%#?[x].txt", "50%25%23%3F%5Bx%5D.txt"),
        ("a:b.txt", "a%3Ab.txt"),
        ("./x/(1)+y.docx", "./x/(1)+y.docx"),
        ("-", "-"),
        ("/tmp/报告 1.pdf", "file:///tmp/%E6%8A%A5%E5%91%8A%201.pdf"),
        ("C:\\公开\\a.txt", "file:///C:/%E5%85%AC%E5%BC%80/a.txt"),
        (
            "https://www.example.gov.cn/公开/a b.html?x=1#f",
            "https://www.example.gov.cn/%E5%85%AC%E5%BC%80/a%20b.html?x=1#f",
        ),
        ("https://x.cn/a%20b%zz", "https://x.cn/a%20b%25zz"),
        ("tab\there\"<>.txt", "tab%09here%22%3C%3E.txt"),
    ];

    #[test]
    fn paths_become_valid_uris() {
        for (path, want) in CASES {
            let got = artifact_uri(path);
            assert_eq!(got, want, "{path}");
            assert!(
                got.bytes()
                    .all(|b| b.is_ascii_graphic() && !b"\"<>\\^`{|}".contains(&b)),
                "{got}"
            );
        }
    }

    #[test]
    fn member_names_are_relative() {
        assert_eq!(
            member_uri("word/embeddings/表 1.xlsx"),
            "word/embeddings/%E8%A1%A8%201.xlsx"
        );
        assert_eq!(member_uri("dir\\a.txt"), "dir/a.txt");
    }
}
