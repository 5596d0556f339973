//! 手机号码 and 固定电话.
//!
//! Mobile: 11 digits `1[3-9]…` in an allocated segment, optionally after `86`/`0086`
//! (typed `+86`, `(+86)`, `0086-`, `86-`), written whole or grouped 3-4-4 / 3-8.
//! Landline: trunk `0` + area code (2 digits for 10/2x, else 3) + 7/8-digit local number
//! not starting with 0/1, grouped as people write it (`0731-84567890`, `(0731)84567890`,
//! `010 6552 1234`), with an extension (`-123`, `转123`, `分机123`). A local number without
//! area code needs a phone cue. Service numbers (12345, 110, 95xxx, 400/800) are public:
//! reported at `info`, and only after a phone or hotline cue, since alone they are amounts.

use super::context::Cues;
use super::identifiers::{Hit, LazyCues, Probe};
use super::tokens::{Sep, Token};
use super::{rules, score, Mask};
use crate::finding::Kind;
use crate::validate::{date::parse_digits, phone as segs};

pub(super) fn classify(p: &Probe, cues: &mut LazyCues, token: &Token, j: usize) -> Option<Hit> {
    if !p.is_digits() {
        return None;
    }
    mobile(p)
        .or_else(|| landline(p, token, j))
        .or_else(|| service(p, cues))
        .or_else(|| local_landline(p))
}

fn mobile(p: &Probe) -> Option<Hit> {
    let (prefix, national, national_lens) = split_country_code(p)?;
    if national.len() != 11 || national.first() != Some(&b'1') {
        return None;
    }
    // A line break (a table cell wrapping) may fall anywhere in the number.
    let wrapped = p.seps.contains(&Sep::LineBreak);
    let shape_ok = wrapped
        || matches!(
            national_lens,
            [11] | [3, 4, 4] | [3, 8] | [7, 4] | [4, 4, 3]
        );
    if !shape_ok || !matches!(national.get(1), Some(b'3'..=b'9')) {
        return None;
    }
    let p3 = national.get(..3).and_then(parse_digits)?;
    let allocated = segs::is_allocated_mobile_prefix(p3);
    let base = if allocated {
        score::MOBILE_ALLOCATED
    } else {
        score::MOBILE_UNALLOCATED
    };
    let mask = Mask::KeepEnds {
        head: prefix + 3,
        tail: 4,
    };
    let hit = Hit::new(
        Kind::MobilePhone,
        rules::MOBILE,
        base,
        Cues::MOBILE.union_with(Cues::PHONE),
        mask,
    );
    Some(if allocated {
        hit.with_evidence("allocated_segment")
    } else {
        hit.with_evidence("unallocated_segment")
    })
}

/// Splits a leading `86`/`0086` country code group off: (prefix digits, rest, rest lens).
fn split_country_code<'a>(p: &'a Probe) -> Option<(usize, &'a [u8], &'a [usize])> {
    let first = *p.lens.first()?;
    let plus = p.before == Some('+') || p.before == Some('\u{FF0B}');
    let cc = match p.chars {
        [b'8', b'6', ..] if first == 2 && p.groups() > 1 => 2,
        [b'0', b'0', b'8', b'6', ..] if first == 4 && p.groups() > 1 => 4,
        [b'8', b'6', b'1', ..] if first == 13 && plus => 2,
        _ => 0,
    };
    if cc == 0 {
        return Some((0, p.chars, p.lens));
    }
    let rest = p.chars.get(cc..)?;
    let lens = if first == cc {
        p.lens.get(1..)?
    } else {
        // `+8613800138000`: one group; the national part is the whole rest.
        &[11][..]
    };
    Some((cc, rest, lens))
}

fn landline(p: &Probe, token: &Token, j: usize) -> Option<Hit> {
    if p.chars.first() != Some(&b'0') {
        return None;
    }
    let area = 1 + segs::area_code_len(p.chars.get(1..)?)?;
    let local = p.chars.get(area..)?;
    let local_ok = match area {
        3 => local.len() == 8,
        _ => local.len() == 7 || local.len() == 8,
    };
    if !local_ok || matches!(local.first(), Some(b'0' | b'1') | None) {
        return None;
    }
    // The area code is its own group, or the whole number is one group; the local part may
    // be split 4-4 or 3-4.
    let shape_ok = match p.lens {
        [_] => true,
        [a, rest @ ..] => *a == area && rest.len() <= 2,
        [] => false,
    };
    if !shape_ok {
        return None;
    }
    let mut hit = Hit::new(
        Kind::LandlinePhone,
        rules::LANDLINE,
        score::LANDLINE_AREA,
        Cues::PHONE,
        Mask::KeepEnds {
            head: area,
            tail: 2,
        },
    )
    .with_evidence("area_code");
    // `0731-84567890-123`: a short hyphenated group right after is an extension.
    if let Some(next) = token.groups.get(j) {
        if next.sep == Sep::Hyphen && (1..=5).contains(&next.len()) {
            hit.extra_groups = 1;
            hit = hit.with_evidence("extension");
        }
    }
    Some(hit)
}

fn local_landline(p: &Probe) -> Option<Hit> {
    let ok_shape = matches!(p.lens, [7] | [8] | [4, 4] | [3, 4]);
    if !ok_shape || matches!(p.chars.first(), Some(b'0' | b'1' | b'9') | None) {
        return None;
    }
    Some(
        Hit::new(
            Kind::LandlinePhone,
            rules::LANDLINE,
            score::LANDLINE_LOCAL,
            Cues::PHONE,
            Mask::KeepEnds { head: 0, tail: 2 },
        )
        .with_evidence("local_number"),
    )
}

fn service(p: &Probe, cues: &mut LazyCues) -> Option<Hit> {
    if !segs::is_service_number(p.chars) {
        return None;
    }
    let long_form = p.chars.len() >= 10; // 400/800: unmistakable even without a cue
    if !long_form && !cues.get().has(Cues::PHONE.union_with(Cues::HOTLINE)) {
        return None;
    }
    // Public numbers are shown as written.
    let hit = Hit::new(
        Kind::LandlinePhone,
        rules::SERVICE_NUMBER,
        0.9,
        Cues::PHONE,
        Mask::Verbatim,
    );
    Some(hit.with_evidence("service_number").masked())
}

/// Bytes of a written extension right after a landline: `转123`, `转分机123`, `分机123`,
/// `ext.123`, `-123` is handled as a group by the tokenizer. 0 when there is none.
pub(super) fn extension_len(after: &str) -> usize {
    let labels = ["转分机", "转", "分机", "ext.", "ext", "EXT", "Ext."];
    let Some(label) = labels.iter().find(|l| after.starts_with(**l)) else {
        return 0;
    };
    let rest = after.get(label.len()..).unwrap_or("");
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let next_is_digit = rest.as_bytes().get(digits).is_some_and(u8::is_ascii_digit);
    if (1..=5).contains(&digits) && !next_is_digit {
        label.len() + digits
    } else {
        0
    }
}

#[cfg(test)]
mod extension_tests {
    use super::extension_len;

    #[test]
    fn extensions() {
        assert_eq!(extension_len("转123。"), "转123".len());
        assert_eq!(extension_len("转分机8001"), "转分机8001".len());
        assert_eq!(extension_len("ext.12"), 6);
        assert_eq!(extension_len("转达"), 0);
        assert_eq!(extension_len("转123456"), 0);
    }
}
