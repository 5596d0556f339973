//! 机动车号牌 (GA 36): province abbreviation + issuing-authority letter + 5 serial
//! characters (digits and letters except I/O), or 6 for new-energy plates
//! (small: `D`/`F`… + letter/digit + 4 digits; large: 5 digits + `D`/`F`), optionally written
//! `湘A·12345` or `湘A 12345`. The province character comes just before the token.

use super::context::Cues;
use super::identifiers::{Hit, Probe};
use super::tokens::Sep;
use super::{rules, score, Mask};
use crate::finding::Kind;

/// Class characters that end some plates: 学 (driving school), 警 (police), 挂 (trailer),
/// 港/澳 (cross-border), 领/使 (consular, embassy), 试 (test), 超 (oversize).
const SUFFIXES: &str = "学警挂港澳领使试超";

const PROVINCES: &str = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼";

fn is_serial(b: u8) -> bool {
    b.is_ascii_digit() || (b.is_ascii_uppercase() && b != b'I' && b != b'O')
}

fn is_normal_serial(s: &[u8]) -> bool {
    s.len() == 5
        && s.iter().all(|&b| is_serial(b))
        && s.iter().filter(|b| b.is_ascii_digit()).count() >= 3
}

fn is_new_energy_serial(s: &[u8]) -> bool {
    let all_digits = |d: &[u8]| d.iter().all(u8::is_ascii_digit);
    match s {
        [first, second, rest @ ..] if rest.len() == 4 => {
            let small = matches!(first, b'A'..=b'H' | b'J' | b'K')
                && is_serial(*second)
                && all_digits(rest);
            let large = first.is_ascii_digit()
                && second.is_ascii_digit()
                && rest.get(..3).is_some_and(all_digits)
                && matches!(rest.get(3), Some(b'D' | b'F'));
            small || large
        }
        _ => false,
    }
}

/// Words ending in a province abbreviation (`最新V10001`, `北京A座`): the character is part
/// of the word, not a plate.
const WORDS_ENDING_IN_PROVINCE: &[&str] = &[
    "最新", "更新", "创新", "重新", "全新", "革新", "翻新", "刷新", "崭新", "清新", "一新", "维新",
    "出新", "北京", "南京", "东京", "进京", "来京", "在京", "离京", "赴京", "南宁", "四川", "白云",
];

pub(super) fn classify(p: &Probe) -> Option<Hit> {
    p.before.filter(|c| PROVINCES.contains(*c))?;
    let head = p.text.get(..p.start)?;
    if WORDS_ENDING_IN_PROVINCE.iter().any(|w| head.ends_with(w)) {
        return None;
    }
    let (&authority, serial) = p.chars.split_first()?;
    if !authority.is_ascii_uppercase() || authority == b'I' || authority == b'O' {
        return None;
    }
    let shape_ok = matches!(
        (p.lens, p.seps),
        ([_], []) | ([1, _], [Sep::Dot | Sep::Space])
    );
    // `湘A1234警`, `粤Z1234港`: four serial characters and a class character.
    let next = p.text.get(p.end..).and_then(|t| t.chars().next());
    let suffixed = serial.len() == 4
        && serial.iter().all(|&b| is_serial(b))
        && serial.iter().filter(|b| b.is_ascii_digit()).count() >= 3
        && next.is_some_and(|c| SUFFIXES.contains(c));
    if !shape_ok || !(suffixed || is_normal_serial(serial) || is_new_energy_serial(serial)) {
        return None;
    }
    let mut hit = Hit::new(
        Kind::LicensePlate,
        rules::LICENSE_PLATE,
        score::PLATE,
        Cues::EMPTY,
        Mask::KeepEnds { head: 1, tail: 1 },
    )
    .with_evidence("province+authority");
    hit.include_previous_char = true;
    hit.include_next_char = suffixed;
    Some(hit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serials() {
        assert!(is_normal_serial(b"12345"));
        assert!(is_normal_serial(b"A1234"));
        assert!(!is_normal_serial(b"ABCD1"));
        assert!(!is_normal_serial(b"1I345"));
        assert!(is_new_energy_serial(b"D12345"));
        assert!(is_new_energy_serial(b"DF1234"));
        assert!(is_new_energy_serial(b"12345D"));
        assert!(!is_new_energy_serial(b"Z12345"));
        assert!(!is_new_energy_serial(b"123456"));
    }
}
