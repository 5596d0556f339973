//! Identifiers for the corpus: checksum-valid ID numbers born in a given county and year
//! range, phones, cards, plates, USCCs and e-mail addresses, their masked forms, and
//! look-alike numbers that must fail validation (order numbers, accounts).
//!
//! Values come from [`crate::synth`] where it has a generator; everything is written the
//! way it appears on paper (grouped, full-width) by the helpers at the bottom.

use crate::synth::{self, Rng};
use crate::validate::{gb11643, gb32100, luhn};

/// `n` random ASCII digits.
pub fn digits(rng: &mut Rng, n: usize) -> String {
    (0..n)
        .map(|_| char::from(b'0' + rng.below(10) as u8))
        .collect()
}

/// Uniform in `lo..=hi`.
pub fn between(rng: &mut Rng, lo: u32, hi: u32) -> u32 {
    lo + rng.below((hi.saturating_sub(lo) + 1) as usize) as u32
}

/// A checksum-valid ID number of someone born in `years` whose number was issued in the
/// county `area6` (six digits).
pub fn id_born(rng: &mut Rng, area6: &str, years: (u32, u32)) -> String {
    let year = between(rng, years.0, years.1);
    let month = between(rng, 1, 12);
    let day = between(rng, 1, 28);
    let body = format!("{area6}{year:04}{month:02}{day:02}{}", digits(rng, 3));
    match gb11643::check_char(body.as_bytes()) {
        Some(c) => format!("{body}{}", char::from(c)),
        // Only if area6 is not six digits: fall back to a fully random valid number.
        None => synth::id_number(rng),
    }
}

/// County codes of other places people come from.
const ELSEWHERE: &[&str] = &[
    "110105", "310104", "320102", "330106", "340104", "360102", "370102", "420102", "430702",
    "431002", "440106", "450102", "500101", "510104", "522601", "610113", "620102", "650104",
];

/// A resident ID: mostly issued locally, sometimes elsewhere (people move).
pub fn resident_id(rng: &mut Rng, area6: &str, years: (u32, u32)) -> String {
    let area = if rng.below(4) == 0 {
        rng.pick(ELSEWHERE).copied().unwrap_or(area6)
    } else {
        area6
    };
    id_born(rng, area, years)
}

/// Birth year, month and day written in an ID number.
pub fn birth_of(id: &str) -> Option<(u32, u32, u32)> {
    let y = id.get(6..10)?.parse().ok()?;
    let m = id.get(10..12)?.parse().ok()?;
    let d = id.get(12..14)?.parse().ok()?;
    Some((y, m, d))
}

/// `男` or `女` from the parity of the sequence code (17th character).
pub fn gender_of(id: &str) -> &'static str {
    match id.get(16..17).and_then(|d| d.parse::<u32>().ok()) {
        Some(d) if d % 2 == 1 => "男",
        _ => "女",
    }
}

/// Ways of masking an ID number that leave the birth date hidden (adequate forms).
#[derive(Clone, Copy, Debug)]
pub enum IdMask {
    /// `430105********1234`
    Keep6Last4,
    /// `43**************1X` style: first 2, last 3
    Keep2Last3,
    /// `4***************1X`
    Keep1Last2,
    /// `4301**********12`
    Keep4Last2,
    /// `430105****1234`: a shortened run of stars
    Short,
}

pub const ID_MASKS: [IdMask; 5] = [
    IdMask::Keep6Last4,
    IdMask::Keep2Last3,
    IdMask::Keep1Last2,
    IdMask::Keep4Last2,
    IdMask::Short,
];

fn keep(s: &str, head: usize, tail: usize, star: char, stars: Option<usize>) -> String {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let head = head.min(n);
    let tail = tail.min(n - head);
    let hidden = stars.unwrap_or(n - head - tail);
    let mut out: String = chars.iter().take(head).collect();
    out.extend(std::iter::repeat_n(star, hidden));
    out.extend(chars.iter().skip(n - tail));
    out
}

pub fn mask_id(id: &str, mask: IdMask, star: char) -> String {
    match mask {
        IdMask::Keep6Last4 => keep(id, 6, 4, star, None),
        IdMask::Keep2Last3 => keep(id, 2, 3, star, None),
        IdMask::Keep1Last2 => keep(id, 1, 2, star, None),
        IdMask::Keep4Last2 => keep(id, 4, 2, star, None),
        IdMask::Short => keep(id, 6, 4, star, Some(4)),
    }
}

/// Only the last four characters hidden: the whole birth date stays visible.
pub fn mask_id_tail(id: &str) -> String {
    keep(id, 14, 0, '*', Some(4))
}

pub fn mobile(rng: &mut Rng) -> String {
    synth::mobile(rng)
}

/// `138****5678`
pub fn mask_mobile(m: &str) -> String {
    keep(m, 3, 4, '*', None)
}

pub fn bank_card(rng: &mut Rng) -> String {
    synth::bank_card(rng)
}

/// `622848*********1234` or `6228****1234`
pub fn mask_card(card: &str, short: bool) -> String {
    if short {
        keep(card, 4, 4, '*', Some(4))
    } else {
        keep(card, 6, 4, '*', None)
    }
}

/// A landline written one of the usual ways: `0731-84512345`, `（0731）84512345`,
/// `0731 8451 2345`, `0731－84512345`.
pub fn landline(rng: &mut Rng, area: &str) -> String {
    let local_len = if area.len() == 3 || rng.below(3) > 0 {
        8
    } else {
        7
    };
    let local = format!("{}{}", between(rng, 2, 8), digits(rng, local_len - 1));
    match rng.below(8) {
        0 => format!("（{area}）{local}"),
        1 => format!("({area}){local}"),
        2 if local.len() == 8 => format!("{area} {} {}", &local[..4], &local[4..]),
        3 => format!("{area}－{local}"),
        _ => format!("{area}-{local}"),
    }
}

const PLATE_LETTERS: &[u8] = b"ABCDEFGHJKLMNPQRSTUVWXYZ";

/// A motor-vehicle plate of the region (`湘A·3K5M2`, `湘AD12345` for new energy).
pub fn plate(rng: &mut Rng, prefix: &str) -> String {
    let mut tail = String::new();
    let new_energy = rng.below(4) == 0;
    if new_energy {
        tail.push(if rng.below(2) == 0 { 'D' } else { 'F' });
    }
    for i in 0..5 {
        let letter = i < 2 && !new_energy && rng.below(3) == 0;
        if letter {
            let b = PLATE_LETTERS
                .get(rng.below(PLATE_LETTERS.len()))
                .copied()
                .unwrap_or(b'A');
            tail.push(char::from(b));
        } else {
            tail.push(char::from(b'0' + rng.below(10) as u8));
        }
    }
    let dot = if !new_energy && rng.below(2) == 0 {
        "·"
    } else {
        ""
    };
    format!("{prefix}{dot}{tail}")
}

/// GB 11714 organization code check character for 8 symbols.
fn org_check(body: &[u8]) -> char {
    const W: [u32; 8] = [3, 7, 9, 10, 5, 8, 4, 2];
    let sum: u32 = body
        .iter()
        .zip(W)
        .map(|(&b, w)| u32::from(b.saturating_sub(b'0')) * w)
        .sum();
    match 11 - sum % 11 {
        10 => 'X',
        11 => '0',
        c => char::from(b'0' + c as u8),
    }
}

const USCC_ALPHABET: &[u8] = b"0123456789ABCDEFGHJKLMNPQRTUWXY";

/// A valid 统一社会信用代码 of an enterprise (`92` 个体工商户 or `91` 企业) registered in
/// `area6`.
pub fn uscc(rng: &mut Rng, area6: &str, individual: bool) -> String {
    let org = digits(rng, 8);
    let body = format!(
        "{}{area6}{org}{}",
        if individual { "92" } else { "91" },
        org_check(org.as_bytes())
    );
    for &c in USCC_ALPHABET {
        let code = format!("{body}{}", char::from(c));
        if gb32100::is_valid(code.as_bytes()) {
            return code;
        }
    }
    body
}

const MAIL_HOSTS: &[&str] = &["qq.com", "163.com", "126.com", "sina.com", "foxmail.com"];
const MAIL_WORDS: &[&str] = &[
    "xiaoming", "lihua", "zhangwei", "wangfang", "chenjing", "liuyang", "sunny", "hy", "zxc",
    "lin", "mumu", "tianyu",
];

/// A personal e-mail address (`1234567890@qq.com`, `lihua1988@163.com`).
pub fn personal_email(rng: &mut Rng) -> String {
    let host = rng.pick(MAIL_HOSTS).copied().unwrap_or("qq.com");
    if host == "qq.com" && rng.below(2) == 0 {
        return format!("{}{}@qq.com", between(rng, 1, 9), digits(rng, 8));
    }
    let word = rng.pick(MAIL_WORDS).copied().unwrap_or("lihua");
    format!("{word}{}@{host}", between(rng, 1970, 2003))
}

/// `n` digits that are not Luhn-valid (an account or contract number, not a card).
pub fn non_card_digits(rng: &mut Rng, prefix: &str, n: usize) -> String {
    let mut s = format!("{prefix}{}", digits(rng, n.saturating_sub(prefix.len())));
    if luhn::is_valid(s.as_bytes()) {
        let last = s.pop().unwrap_or('0');
        let bumped = char::from(b'0' + ((last as u8 - b'0' + 1) % 10));
        s.push(bumped);
    }
    s
}

/// An 18-digit serial (受理编号, 订单号) that starts with a year, so its "region" and
/// "birth date" are impossible: never a valid ID number.
pub fn serial18(rng: &mut Rng, year: u32) -> String {
    let s = format!("{year}{}", digits(rng, 14));
    debug_assert!(gb11643::validate18(s.as_bytes()).is_err());
    s
}

/// ASCII digits and `X` to their full-width forms (`４３０１…`).
pub fn fullwidth(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' | 'X' | '-' | '*' => char::from_u32(c as u32 - 0x21 + 0xFF01).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// `430105 19800101 1234`: an ID written in groups (region, birth date, sequence).
pub fn grouped_id(id: &str) -> String {
    match (id.get(..6), id.get(6..14), id.get(14..)) {
        (Some(a), Some(b), Some(c)) => format!("{a} {b} {c}"),
        _ => id.to_string(),
    }
}

/// `138 1234 5678`
pub fn grouped_mobile(m: &str) -> String {
    match (m.get(..3), m.get(3..7), m.get(7..)) {
        (Some(a), Some(b), Some(c)) => format!("{a} {b} {c}"),
        _ => m.to_string(),
    }
}

/// `6228 4800 1234 5678 901`
pub fn grouped_card(card: &str) -> String {
    let chars: Vec<char> = card.chars().collect();
    chars
        .chunks(4)
        .map(|c| c.iter().collect::<String>())
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_validate() {
        let mut rng = Rng::new(11);
        for _ in 0..300 {
            let id = id_born(&mut rng, "430105", (1940, 2005));
            assert!(gb11643::validate18(id.as_bytes()).is_ok(), "{id}");
            let individual = rng.below(2) == 0;
            let code = uscc(&mut rng, "430105", individual);
            assert!(gb32100::is_valid(code.as_bytes()), "{code}");
            let acct = non_card_digits(&mut rng, "1901", 19);
            assert!(!luhn::is_valid(acct.as_bytes()), "{acct}");
            let serial = serial18(&mut rng, 2024);
            assert!(gb11643::validate18(serial.as_bytes()).is_err(), "{serial}");
        }
    }

    #[test]
    fn masks_hide_the_birth_date() {
        let id = "43010519800101123X";
        assert_eq!(mask_id(id, IdMask::Keep6Last4, '*'), "430105********123X");
        assert_eq!(mask_id(id, IdMask::Keep1Last2, '*'), "4***************3X");
        assert_eq!(mask_id(id, IdMask::Short, '*'), "430105****123X");
        assert_eq!(mask_id_tail(id), "43010519800101****");
        assert_eq!(mask_mobile("13812345678"), "138****5678");
        assert_eq!(fullwidth("12X"), "１２Ｘ");
        assert_eq!(grouped_id(id), "430105 19800101 123X");
    }
}
