//! Character folding shared by the term matcher and the identifier scanner.
//!
//! One function, [`fold_char`], applied both to dictionary terms when they are compiled and
//! to document text at scan time, so a term always matches its own spelling in any width,
//! case or script (繁/简). Folding is strictly one char → one char so offsets map back to the
//! original text without a side table; the matchers keep the original byte offsets.

pub(crate) mod t2s_table;

/// Folds full-width ASCII (U+FF01–FF5E) to ASCII, the ideographic space to a space,
/// upper-case Latin to lower case, and traditional Chinese to simplified.
pub fn fold_char(c: char) -> char {
    let cp = c as u32;
    if cp < 0x80 {
        return c.to_ascii_lowercase();
    }
    if (0xFF01..=0xFF5E).contains(&cp) {
        let ascii = char::from_u32(cp - 0xFEE0).unwrap_or(c);
        return ascii.to_ascii_lowercase();
    }
    if cp == 0x3000 {
        return ' ';
    }
    match t2s_table::T2S.binary_search_by_key(&c, |&(t, _)| t) {
        Ok(i) => t2s_table::T2S.get(i).map_or(c, |&(_, s)| s),
        Err(_) => c,
    }
}

/// Characters a writer or a filter-evader puts between the characters of a term
/// (`内 部 资 料`, `内*部*资*料`, zero-width spaces, line breaks inside a table cell).
/// The term matcher skips a bounded number of them; they are never part of a term.
pub fn is_noise(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t'
            | '\r'
            | '\n'
            | '*'
            | '-'
            | '_'
            | '.'
            | '/'
            | '|'
            | '~'
            | '#'
            | '+'
            | '\u{00A0}'
            | '\u{00B7}'
            | '\u{2022}'
            | '\u{3000}'
            | '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{FF0A}'
            | '\u{30FB}'
            | '\u{2010}'..='\u{2015}'
            | '\u{FF0D}'
    )
}

/// Characters writers use to mask digits or names (`430102****1234`, `张××`, `李○○`). One
/// list for the tokenizer, the masker and the masked-name check.
pub fn is_mask_char(c: char) -> bool {
    matches!(c, '*' | '＊' | '#' | '×' | '○' | '〇' | '●')
}

/// A term as the matcher stores it: folded, noise removed.
pub fn normalize_term(term: &str) -> String {
    term.chars()
        .filter(|&c| !is_noise(c))
        .map(fold_char)
        .filter(|&c| !is_noise(c))
        .collect()
}

/// Folds a full-width digit or Latin letter to ASCII; other chars are returned unchanged.
/// Used by the identifier scanner, which must keep case (`X` check characters).
pub fn fold_width(c: char) -> char {
    let cp = c as u32;
    if (0xFF01..=0xFF5E).contains(&cp) {
        char::from_u32(cp - 0xFEE0).unwrap_or(c)
    } else {
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folds_width_case_and_script() {
        let folded: String = "ＡＢｃ１２３內部資料國".chars().map(fold_char).collect();
        assert_eq!(folded, "abc123内部资料国");
        assert_eq!(fold_char('\u{3000}'), ' ');
        assert_eq!(fold_width('９'), '9');
        assert_eq!(fold_width('Ｘ'), 'X');
    }

    #[test]
    fn terms_lose_noise() {
        assert_eq!(normalize_term("内部文件 注意保存"), "内部文件注意保存");
        assert_eq!(normalize_term("Top-Secret"), "topsecret");
        assert_eq!(normalize_term("內*部"), "内部");
    }

    #[test]
    fn t2s_table_sorted() {
        assert!(t2s_table::T2S.windows(2).all(|w| w[0].0 < w[1].0));
    }
}
