//! The identifier tokenizer: one left-to-right sweep over the bytes of the text that
//! collects runs of Latin letters, digits and mask characters (ASCII or full-width), split
//! into groups by the separators people type inside numbers (`430102 1990 0101 1234`,
//! `138-0013-8000`, `(0731)84567890`, a line break inside a table cell).
//!
//! A group is atomic: a detector may join neighbouring groups but never cuts a group, which
//! is how "not inside a longer digit run" is enforced for every kind at once.
//! Text bytes that cannot start a token (all of CJK, punctuation) are skipped with one table
//! lookup each.

/// One character of a token, folded to ASCII: digits, letters (case kept) or `*` for a mask.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Unit {
    pub ch: u8,
    pub start: usize,
    pub end: usize,
}

/// A maximal run of units with no separator inside: `units[start..end]` of its token.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Group {
    pub start: usize,
    pub end: usize,
    /// The separator text before this group (empty for the first group).
    pub sep: Sep,
}

impl Group {
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    pub fn is_empty(&self) -> bool {
        self.end == self.start
    }
}

/// What separated a group from the previous one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Sep {
    #[default]
    None,
    Space,
    Hyphen,
    LineBreak,
    /// `(`/`)` or their full-width forms, as around an area code.
    Paren,
    /// `·` as in `湘A·12345`.
    Dot,
}

/// A token: its units and groups, reused between tokens to avoid allocation.
#[derive(Default, Debug)]
pub struct Token {
    pub units: Vec<Unit>,
    pub groups: Vec<Group>,
}

impl Token {
    /// Byte span of groups `i..j` in the text.
    pub fn span(&self, i: usize, j: usize) -> Option<(usize, usize)> {
        self.span_trimmed(i, j, (0, 0))
    }

    /// Like [`Token::span`] without `trim.0` leading and `trim.1` trailing units.
    pub fn span_trimmed(&self, i: usize, j: usize, trim: (usize, usize)) -> Option<(usize, usize)> {
        let first = self.groups.get(i)?;
        let last = self.groups.get(j.checked_sub(1)?)?;
        let s = self.units.get(first.start + trim.0)?.start;
        let e = self.units.get(last.end.checked_sub(1 + trim.1)?)?.end;
        (s < e).then_some((s, e))
    }

    /// The folded characters of groups `i..j`, appended to `out` (cleared first).
    pub fn chars_into(&self, i: usize, j: usize, out: &mut Vec<u8>) {
        out.clear();
        for g in self.groups.get(i..j).unwrap_or(&[]) {
            if let Some(units) = self.units.get(g.start..g.end) {
                out.extend(units.iter().map(|u| u.ch));
            }
        }
    }

    pub fn group_lens(&self, i: usize, j: usize) -> impl Iterator<Item = usize> + '_ {
        self.groups.get(i..j).unwrap_or(&[]).iter().map(Group::len)
    }
}

/// Characters stored per group: more than the longest identifier (22 with prefixes), so a
/// capped group is still too long for every detector.
const MAX_GROUP_UNITS: usize = 32;

/// Groups beyond this are cut into a new token; real identifiers have at most ~6 groups.
const MAX_GROUPS: usize = 12;

/// Classification of a char as part of a token.
enum Class {
    Unit(u8),
    Sep(Sep),
    Other,
}

fn classify(c: char) -> Class {
    match c {
        '0'..='9' | 'A'..='Z' | 'a'..='z' => Class::Unit(c as u8),
        // `×` is typed both as a mask and as the check character X (`…002×`): as `X` it
        // is a check character in position 18 and a letter mask in a run (`××××`).
        '\u{00D7}' => Class::Unit(b'X'),
        c if crate::normalize::is_mask_char(c) => Class::Unit(b'*'),
        '\u{FF10}'..='\u{FF19}' | '\u{FF21}'..='\u{FF3A}' | '\u{FF41}'..='\u{FF5A}' => {
            Class::Unit((c as u32 - 0xFEE0) as u8)
        }
        // Not a tab: a tab separates cells, never the parts of one number.
        ' ' | '\u{00A0}' | '\u{3000}' => Class::Sep(Sep::Space),
        '-' | '\u{2010}'..='\u{2014}' | '\u{FF0D}' => Class::Sep(Sep::Hyphen),
        '\n' | '\r' => Class::Sep(Sep::LineBreak),
        '(' | ')' | '\u{FF08}' | '\u{FF09}' => Class::Sep(Sep::Paren),
        '\u{00B7}' => Class::Sep(Sep::Dot),
        _ => Class::Other,
    }
}

/// Bytes that may start a token: ASCII alphanumerics, `*`, `#`, and 0xEF (lead byte of the
/// full-width forms). Everything else is skipped without decoding.
static STARTS: [bool; 256] = {
    let mut t = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        t[b] = c.is_ascii_alphanumeric() || c == b'*' || c == b'#' || c == 0xEF;
        b += 1;
    }
    t
};

const HIGH_BITS: u64 = 0x8080_8080_8080_8080;

/// SWAR test: does any byte of `w` equal `b`?
fn has_byte(w: u64, b: u8) -> bool {
    let x = w ^ (0x0101_0101_0101_0101 * u64::from(b));
    (x.wrapping_sub(0x0101_0101_0101_0101) & !x & HIGH_BITS) != 0
}

/// The two bytes after 0xEF encode a full-width digit, letter or `＊` (U+FF10–19, FF21–3A,
/// FF41–5A, FF0A); other 0xEF sequences are punctuation (`，` `：` `（`).
fn is_fullwidth_unit(next: Option<&[u8]>) -> bool {
    matches!(next, Some([0xBC, 0x90..=0x99 | 0xA1..=0xBA | 0x8A]) | Some([0xBD, 0x81..=0x9A]))
}

/// Iterates the tokens of `text` starting at byte `from`, calling `on_token` for each.
/// `skip` gives spans (sorted, non-overlapping) already claimed by another detector
/// (e-mail addresses); tokens starting inside them are not produced.
#[inline]
pub fn for_each_token(text: &str, skip: &[(usize, usize)], mut on_token: impl FnMut(&Token)) {
    let bytes = text.as_bytes();
    let mut token = Token::default();
    let mut skip_iter = skip.iter().peekable();
    let mut i = 0;
    while i < bytes.len() {
        // Sixteen (then eight) bytes at a time through CJK text: all lead/continuation bytes (high bit
        // set) and none 0xEF (the lead byte of full-width forms) cannot start a token.
        if let Some(block) = bytes.get(i..i + 16) {
            let (a, b) = block.split_at(8);
            let a = u64::from_le_bytes(a.try_into().unwrap_or([0; 8]));
            let b = u64::from_le_bytes(b.try_into().unwrap_or([0; 8]));
            if a & b & HIGH_BITS == HIGH_BITS && !has_byte(a, 0xEF) && !has_byte(b, 0xEF) {
                i += 16;
                continue;
            }
            if a & HIGH_BITS == HIGH_BITS && !has_byte(a, 0xEF) {
                i += 8;
                continue;
            }
        }
        let b = bytes.get(i).copied().unwrap_or(0);
        if !STARTS[b as usize] || (b == 0xEF && !is_fullwidth_unit(bytes.get(i + 1..i + 3))) {
            i += 1;
            continue;
        }
        while skip_iter.peek().is_some_and(|&&(_, e)| e <= i) {
            skip_iter.next();
        }
        if let Some(&&(s, e)) = skip_iter.peek() {
            if s <= i && i < e {
                i = e;
                continue;
            }
        }
        let Some(rest) = text.get(i..) else {
            // Not a char boundary: a continuation byte equal to 0xEF cannot occur, but stay safe.
            i += 1;
            continue;
        };
        let Some(first) = rest.chars().next() else {
            break;
        };
        if !matches!(classify(first), Class::Unit(_)) {
            i += first.len_utf8();
            continue;
        }
        let end = read_token(text, i, &mut token);
        on_token(&token);
        i = end.max(i + 1);
    }
}

/// Reads one token starting at `start` (a unit char) into `token`; returns the byte offset
/// just after the token's last unit.
fn read_token(text: &str, start: usize, token: &mut Token) -> usize {
    token.units.clear();
    token.groups.clear();
    let mut group_start = 0usize;
    let mut pending_sep: Option<(Sep, u32, bool)> = None; // kind, chars, saw line break
    let mut sep_before_group = Sep::None;
    let mut last_end = start;
    let tail = text.get(start..).unwrap_or("");
    for (off, c) in tail.char_indices() {
        let pos = start + off;
        match classify(c) {
            Class::Unit(ch) => {
                if let Some((sep, _, _)) = pending_sep.take() {
                    if token.groups.len() + 1 >= MAX_GROUPS {
                        break;
                    }
                    token.groups.push(Group {
                        start: group_start,
                        end: token.units.len(),
                        sep: sep_before_group,
                    });
                    group_start = token.units.len();
                    sep_before_group = sep;
                }
                // A group longer than any identifier is rejected whatever its length, so
                // its characters beyond the cap are not stored (regression: an 8 MB digit
                // run took 24 bytes per digit).
                if token.units.len() - group_start < MAX_GROUP_UNITS {
                    token.units.push(Unit {
                        ch,
                        start: pos,
                        end: pos + c.len_utf8(),
                    });
                }
                last_end = pos + c.len_utf8();
            }
            Class::Sep(sep) => {
                // `138****0172 1720` and `4122 6225****6042` (cells one space apart in PDF
                // tables): a group with digits at both ends and a mask inside is a whole
                // masked value; it is not joined with a number beside it.
                if pending_sep.is_none() && whole_masked(token.units.get(group_start..)) {
                    if sep_before_group == Sep::Space && group_start > 0 {
                        last_end = drop_last_group(token, &mut group_start, &mut sep_before_group);
                        break;
                    }
                    if sep == Sep::Space {
                        break;
                    }
                }
                let (kind, n, newline) = pending_sep.unwrap_or((sep, 0, false));
                let is_break = sep == Sep::LineBreak;
                // "\r\n" is one break; two breaks are a paragraph, which ends the token.
                let paragraph = newline && is_break && c == '\n' && !text_ends_with_cr(text, pos);
                // A wrapped table cell may indent its continuation line.
                let limit = if newline || is_break { 12 } else { 3 };
                // Two spaces in a row are a column gap of a table aligned with spaces
                // (`150****6175  450`), not a separator inside one number.
                let column_gap = sep == Sep::Space && kind == Sep::Space && n >= 1 && !newline;
                if n >= limit || paragraph || column_gap {
                    break;
                }
                let kind = if is_break || kind == Sep::LineBreak {
                    Sep::LineBreak
                } else if kind == Sep::Space {
                    sep
                } else {
                    kind
                };
                pending_sep = Some((kind, n + 1, newline || is_break));
            }
            Class::Other => {
                if pending_sep.is_none()
                    && sep_before_group == Sep::Space
                    && group_start > 0
                    && whole_masked(token.units.get(group_start..))
                {
                    last_end = drop_last_group(token, &mut group_start, &mut sep_before_group);
                    break;
                }
                // `…139000⏎2\t`: a group after a line break that ends at a tab is the first
                // cell of the next table row, not the rest of a wrapped number.
                // In text from PDF tables the cells are one space apart (`…2720⏎2 田某`):
                // a short number (a serial) before a space counts too.
                let short = token.units.len() - group_start <= 3;
                let spaced = pending_sep
                    .is_some_and(|(sep, n, newline)| sep == Sep::Space && n == 1 && !newline);
                let new_row = sep_before_group == Sep::LineBreak
                    && ((c == '\t' && pending_sep.is_none()) || (spaced && short));
                if new_row && group_start > 0 {
                    last_end = drop_last_group(token, &mut group_start, &mut sep_before_group);
                }
                break;
            }
        }
    }
    // The text ended right after a whole masked value (`… 4122 6225****6042`).
    if sep_before_group == Sep::Space
        && group_start > 0
        && whole_masked(token.units.get(group_start..))
    {
        last_end = drop_last_group(token, &mut group_start, &mut sep_before_group);
    }
    token.groups.push(Group {
        start: group_start,
        end: token.units.len(),
        sep: sep_before_group,
    });
    last_end
}

/// Digits at both ends and a mask character inside (`138****0172`).
fn whole_masked(group: Option<&[Unit]>) -> bool {
    let group = group.unwrap_or(&[]);
    let digit = |u: Option<&Unit>| u.is_some_and(|u| u.ch.is_ascii_digit());
    group.iter().any(|u| u.ch == b'*') && digit(group.first()) && digit(group.last())
}

/// Ends the token before its current group (which the next token starts with); returns
/// the new end of the token.
fn drop_last_group(
    token: &mut Token,
    group_start: &mut usize,
    sep_before_group: &mut Sep,
) -> usize {
    token.units.truncate(*group_start);
    *sep_before_group = token.groups.last().map_or(Sep::None, |g| g.sep);
    *group_start = token.groups.pop().map_or(0, |g| g.start);
    token.units.last().map_or(0, |u| u.end)
}

fn text_ends_with_cr(text: &str, pos: usize) -> bool {
    pos > 0 && text.as_bytes().get(pos - 1) == Some(&b'\r')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Vec<String>> {
        let mut out = Vec::new();
        for_each_token(text, &[], |t| {
            let groups = t
                .groups
                .iter()
                .map(|g| {
                    t.units[g.start..g.end]
                        .iter()
                        .map(|u| u.ch as char)
                        .collect::<String>()
                })
                .collect();
            out.push(groups);
        });
        out
    }

    #[test]
    fn groups_by_separators() {
        assert_eq!(
            tokens("身份证号：430102 1990 0101 1234。"),
            vec![vec!["430102", "1990", "0101", "1234"]]
        );
        assert_eq!(tokens("电话(0731)84567890"), vec![vec!["0731", "84567890"]]);
        assert_eq!(tokens("(+86)13800138000"), vec![vec!["86", "13800138000"]]);
        assert_eq!(tokens("４３０１０２"), vec![vec!["430102"]]);
        assert_eq!(tokens("430102\r\n1990"), vec![vec!["430102", "1990"]]);
        assert_eq!(tokens("430102\n\n1990"), vec![vec!["430102"], vec!["1990"]]);
        assert_eq!(tokens("138****8000"), vec![vec!["138****8000"]]);
        assert_eq!(tokens("2024年5月"), vec![vec!["2024"], vec!["5"]]);
    }

    #[test]
    fn swar_byte_test() {
        assert!(has_byte(u64::from_le_bytes(*b"abc\xEFdefg"), 0xEF));
        assert!(!has_byte(u64::from_le_bytes(*b"abcdefgh"), 0xEF));
        assert!(is_fullwidth_unit(Some(&[0xBC, 0x91])));
        assert!(!is_fullwidth_unit(Some(&[0xBC, 0x8C])));
        // A digit right after a long CJK run is still found.
        assert_eq!(
            tokens("中华人民共和国政府信息公开条例第１２条"),
            vec![vec!["12"]]
        );
    }

    #[test]
    fn skip_spans_and_spans() {
        let text = "a@b.cn 123";
        let mut seen = Vec::new();
        for_each_token(text, &[(0, 6)], |t| seen.push(t.span(0, t.groups.len())));
        assert_eq!(seen, vec![Some((7, 10))]);
    }

    #[test]
    fn sep_kinds() {
        let mut seps = Vec::new();
        for_each_token("138-0013 8000\n1", &[], |t| {
            seps = t.groups.iter().map(|g| g.sep).collect();
        });
        assert_eq!(
            seps,
            vec![Sep::None, Sep::Hyphen, Sep::Space, Sep::LineBreak]
        );
    }

    #[test]
    fn next_table_row_and_column_gaps_end_a_token() {
        let rows = tokens("1\t6217006717144094\n2\t6222021234567890128\n");
        assert_eq!(rows.get(1), Some(&vec!["6217006717144094".to_string()]));
        let aligned = tokens("150****6175  450");
        assert_eq!(aligned.len(), 2, "{aligned:?}");
        for row in [
            "138****0172 1720",
            "4122 6225****6042",
            "4122 6225****6042 2",
        ] {
            let t = tokens(row);
            assert!(t.len() >= 2, "{row}: {t:?}");
        }
        let spaced_id = tokens("430102 ******** 1234");
        assert_eq!(spaced_id.len(), 1, "{spaced_id:?}");
        let wrapped = tokens("身份证号：110105\n19491231002X");
        assert_eq!(wrapped.first().map(Vec::len), Some(2), "{wrapped:?}");
    }
}
