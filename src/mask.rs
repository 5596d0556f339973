//! Masking for display: values and context snippets, cut by characters, never bytes.

use crate::detect::Mask;

/// True for the characters a mask counts: letters and digits, ASCII or full-width, and
/// mask characters already present.
fn is_value_char(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('\u{FF10}'..='\u{FF19}').contains(&c)
        || ('\u{FF21}'..='\u{FF3A}').contains(&c)
        || ('\u{FF41}'..='\u{FF5A}').contains(&c)
        || crate::normalize::is_mask_char(c)
}

/// Renders `raw` with `mask` applied.
pub fn mask_value(raw: &str, mask: Mask) -> String {
    match mask {
        Mask::Verbatim => raw.to_string(),
        Mask::KeepEnds { head, tail } => keep_ends(raw, head, tail),
        // Spaces and the middle dot of a name (`阿***·***`) give nothing away.
        Mask::KeepHead { chars } => raw
            .chars()
            .enumerate()
            .map(|(i, c)| {
                if i < chars || c.is_whitespace() || crate::detect::names::is_name_dot(c) {
                    c
                } else {
                    '*'
                }
            })
            .collect(),
        Mask::Email => match raw.split_once('@') {
            Some((local, domain)) => {
                let first: String = local.chars().take(1).collect();
                format!("{first}***@{domain}")
            }
            None => keep_ends(raw, 1, 0),
        },
    }
}

fn keep_ends(raw: &str, head: usize, tail: usize) -> String {
    keep_ends_filled(raw, head, tail, '*')
}

/// Keeps `head` leading and `tail` trailing letters/digits and writes `fill` for the others;
/// separators stay. Mask characters already there count as value characters, so a weakly
/// masked `43010219900101****` keeps its stars as the tail, not the birth date.
pub fn keep_ends_filled(raw: &str, head: usize, tail: usize, fill: char) -> String {
    let total = raw.chars().filter(|&c| is_value_char(c)).count();
    let mut k = 0;
    raw.chars()
        .map(|c| {
            if !is_value_char(c) {
                return c;
            }
            let keep = k < head || k + tail >= total;
            k += 1;
            if keep {
                c
            } else {
                fill
            }
        })
        .collect()
}

/// Masks numbers of 6 or more digits that no detector claimed (a number that failed
/// validation may still be personal), counting digits across the single spaces and hyphens
/// people type inside numbers (`5101 0419 6502`): keeps the first and last two digits.
pub fn mask_loose_digits(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let is_digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
    let is_sep = |c: &char| matches!(c, ' ' | '-' | '\u{3000}' | '－');
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    while i < chars.len() {
        // Extent of a number starting here: digits, with single separators between digits.
        let mut end = i;
        let mut digits = 0;
        while let Some(c) = chars.get(end) {
            if is_digit(c) {
                digits += 1;
                end += 1;
            } else if digits > 0 && is_sep(c) && chars.get(end + 1).is_some_and(is_digit) {
                end += 1;
            } else {
                break;
            }
        }
        if digits >= 6 {
            let mut k = 0;
            for c in chars.get(i..end).unwrap_or(&[]) {
                if is_digit(c) {
                    out.push(if k < 2 || k + 2 >= digits { *c } else { '*' });
                    k += 1;
                } else {
                    out.push(*c);
                }
            }
            i = end;
        } else if let Some(c) = chars.get(i) {
            let step = end.max(i + 1);
            for c in chars.get(i..step).unwrap_or(std::slice::from_ref(c)) {
                out.push(*c);
            }
            i = step;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values() {
        let m = |raw, head, tail| mask_value(raw, Mask::KeepEnds { head, tail });
        assert_eq!(m("430102199001011234", 6, 4), "430102********1234");
        assert_eq!(m("138-0013-8000", 3, 4), "138-****-8000");
        assert_eq!(m("+86 13800138000", 5, 4), "+86 138****8000");
        assert_eq!(
            m("４３０１０２１９９００１０１１２３４", 6, 4),
            "４３０１０２********１２３４"
        );
        assert_eq!(m("湘A12345", 1, 1), "湘A****5");
        assert_eq!(mask_value("zhang@x.cn", Mask::Email), "z***@x.cn");
        assert_eq!(mask_value("机密★5年", Mask::Verbatim), "机密★5年");
    }

    #[test]
    fn loose_digits() {
        assert_eq!(mask_loose_digits("号码1234567号"), "号码12***67号");
        assert_eq!(mask_loose_digits("2024年12345"), "2024年12345");
        // Regression: grouped numbers no detector claimed are masked as one number.
        assert_eq!(
            mask_loose_digits("户主张三 5101 0419 6502 1897 46 手机"),
            "户主张三 51** **** **** **** 46 手机"
        );
        assert_eq!(mask_loose_digits("第3-5条 12 34"), "第3-5条 12 34");
    }
}
