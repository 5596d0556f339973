//! 电子邮箱: found from each `@` (located with `memchr`, so text without `@` costs nothing),
//! expanded left over the local-part alphabet and right over the domain alphabet.
//! The domain needs a dot and an alphabetic top-level label of 2+ letters; `@` mentions
//! (`@某某`), `a@b` and addresses with a masked local part (`z***@qq.com`, compliant)
//! are handled accordingly.

use super::{rules, score, Candidate, Mask, Source};
use crate::finding::{Kind, Severity};

fn is_local(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'_' | b'%' | b'+' | b'-' | b'*')
}

fn is_domain(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-')
}

/// All e-mail addresses in `text`, in order, non-overlapping.
pub fn find(text: &str) -> Vec<Candidate> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut last_end = 0;
    for at in memchr::memchr_iter(b'@', bytes) {
        if at < last_end {
            continue;
        }
        let mut s = at;
        while s > last_end && bytes.get(s - 1).copied().is_some_and(is_local) {
            s -= 1;
        }
        while bytes.get(s).is_some_and(|&b| b == b'.' || b == b'-') && s < at {
            s += 1;
        }
        let mut e = at + 1;
        while bytes.get(e).copied().is_some_and(is_domain) {
            e += 1;
        }
        // Trailing dots/hyphens are sentence punctuation, not the domain.
        while e > at + 1 && bytes.get(e - 1).is_some_and(|&b| b == b'.' || b == b'-') {
            e -= 1;
        }
        let (Some(local), Some(domain)) = (text.get(s..at), text.get(at + 1..e)) else {
            continue;
        };
        if local.is_empty() || !is_valid_domain(domain) {
            continue;
        }
        let masked = local.contains('*');
        if masked && local.chars().filter(|&c| c != '*').count() == 0 {
            continue;
        }
        out.push(Candidate {
            source: Source::Builtin(rules::EMAIL),
            kind: Kind::Email,
            start: s,
            end: e,
            confidence: score::EMAIL,
            cap: masked.then_some(Severity::Info),
            floor: None,
            evidence: vec![if masked { "masked" } else { "dotted_domain" }.into()],
            normalized: text.get(s..e).unwrap_or("").to_ascii_lowercase(),
            mask: if masked { Mask::Verbatim } else { Mask::Email },
        });
        last_end = e;
    }
    out
}

fn is_valid_domain(domain: &str) -> bool {
    let labels: Vec<&str> = domain.split('.').collect();
    let Some(tld) = labels.last() else {
        return false;
    };
    labels.len() >= 2
        && labels
            .iter()
            .all(|l| !l.is_empty() && !l.starts_with('-') && !l.ends_with('-'))
        && tld.len() >= 2
        && tld.chars().all(|c| c.is_ascii_alphabetic())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn values(text: &str) -> Vec<&str> {
        find(text).iter().map(|c| &text[c.start..c.end]).collect()
    }

    #[test]
    fn addresses() {
        assert_eq!(
            values("邮箱：zhang.san@example.com。"),
            vec!["zhang.san@example.com"]
        );
        assert_eq!(
            values("联系a_b+c@mail.gov.cn或x@y"),
            vec!["a_b+c@mail.gov.cn"]
        );
        assert_eq!(values("@张三 你好"), Vec::<&str>::new());
        assert_eq!(values("x@localhost"), Vec::<&str>::new());
        assert_eq!(values("x@a.b1"), Vec::<&str>::new());
        let masked = find("z***@qq.com");
        assert_eq!(masked.len(), 1);
        assert_eq!(masked[0].cap, Some(Severity::Info));
    }
}
