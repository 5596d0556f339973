//! Character references (`&amp;`, `&#56;`, `&#x4e2d;`): decoded as text is walked, keeping
//! the source position of each resulting char.

use encoding_rs::WINDOWS_1252;

/// Named character references decoded (the common ones; others are kept as written).
const ENTITIES: &[(&str, char)] = &[
    ("nbsp", '\u{a0}'),
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("copy", '©'),
    ("reg", '®'),
    ("trade", '™'),
    ("middot", '·'),
    ("bull", '•'),
    ("hellip", '…'),
    ("mdash", '—'),
    ("ndash", '–'),
    ("ldquo", '“'),
    ("rdquo", '”'),
    ("lsquo", '‘'),
    ("rsquo", '’'),
    ("laquo", '«'),
    ("raquo", '»'),
    ("times", '×'),
    ("divide", '÷'),
    ("deg", '°'),
    ("plusmn", '±'),
    ("yen", '¥'),
    ("euro", '€'),
    ("pound", '£'),
    ("cent", '¢'),
    ("sect", '§'),
    ("para", '¶'),
    ("emsp", '\u{2003}'),
    ("ensp", '\u{2002}'),
    ("thinsp", '\u{2009}'),
    ("zwnj", '\u{200c}'),
    ("zwj", '\u{200d}'),
    ("shy", '\u{ad}'),
    ("iexcl", '¡'),
    ("iquest", '¿'),
    ("larr", '←'),
    ("rarr", '→'),
    ("uarr", '↑'),
    ("darr", '↓'),
    ("hearts", '♥'),
    ("star", '☆'),
    ("starf", '★'),
    ("bigstar", '★'),
    ("check", '✓'),
    ("radic", '√'),
    ("le", '≤'),
    ("ge", '≥'),
    ("ne", '≠'),
    ("permil", '‰'),
    ("prime", '′'),
    ("Prime", '″'),
    ("frac12", '½'),
    ("frac14", '¼'),
    ("frac34", '¾'),
    ("sup1", '¹'),
    ("sup2", '²'),
    ("sup3", '³'),
    ("micro", 'µ'),
    ("ordm", 'º'),
    ("ordf", 'ª'),
    ("acute", '´'),
    ("uml", '¨'),
    ("macr", '¯'),
    ("cedil", '¸'),
    ("not", '¬'),
    ("brvbar", '¦'),
    ("curren", '¤'),
    ("ast", '*'),
    ("num", '#'),
    ("percnt", '%'),
    ("colon", ':'),
    ("comma", ','),
    ("period", '.'),
    ("lpar", '('),
    ("rpar", ')'),
    ("sol", '/'),
    ("hyphen", '-'),
    ("dash", '‐'),
];

/// References decoded without a `;` (the legacy ones browsers accept).
const LEGACY: &[&str] = &["nbsp", "amp", "lt", "gt", "quot", "copy", "reg"];

/// Decodes one reference at `s` (which starts after `&`): the char and the bytes consumed
/// after `&`.
fn entity(s: &[u8], in_attr: bool) -> Option<(char, usize)> {
    if s.first() == Some(&b'#') {
        let (hex, digits_from) = match s.get(1) {
            Some(b'x' | b'X') => (true, 2),
            _ => (false, 1),
        };
        let mut i = digits_from;
        let mut v: u32 = 0;
        while let Some(&b) = s.get(i) {
            let d = if hex {
                (b as char).to_digit(16)
            } else {
                (b as char).to_digit(10)
            };
            let Some(d) = d else { break };
            v = v
                .saturating_mul(if hex { 16 } else { 10 })
                .saturating_add(d);
            i += 1;
        }
        if i == digits_from {
            return None;
        }
        if s.get(i) == Some(&b';') {
            i += 1;
        }
        let c = match v {
            0 => '\u{fffd}',
            0x80..=0x9f => {
                let byte = [v as u8];
                WINDOWS_1252
                    .decode_without_bom_handling(&byte)
                    .0
                    .chars()
                    .next()
                    .unwrap_or('\u{fffd}')
            }
            _ => char::from_u32(v).unwrap_or('\u{fffd}'),
        };
        return Some((c, i));
    }
    let mut i = 0;
    while s.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) && i < 32 {
        i += 1;
    }
    let name = std::str::from_utf8(s.get(..i)?).ok()?;
    let &(_, c) = ENTITIES.iter().find(|(n, _)| *n == name)?;
    if s.get(i) == Some(&b';') {
        return Some((c, i + 1));
    }
    let next = s.get(i).copied();
    if LEGACY.contains(&name)
        && !(in_attr && next.is_some_and(|b| b.is_ascii_alphanumeric() || b == b'='))
    {
        return Some((c, i));
    }
    None
}

/// Calls `f` with each decoded char of `raw` and its source position (`base` + offset).
pub(crate) fn decode_chars(raw: &str, base: usize, in_attr: bool, mut f: impl FnMut(char, usize)) {
    let bytes = raw.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let amp = memchr::memchr(b'&', bytes.get(i..).unwrap_or(&[])).map(|k| i + k);
        let run_end = amp.unwrap_or(bytes.len());
        if let Some(run) = raw.get(i..run_end) {
            for (k, c) in run.char_indices() {
                f(c, base + i + k);
            }
        }
        let Some(a) = amp else { break };
        match entity(bytes.get(a + 1..).unwrap_or(&[]), in_attr) {
            Some((c, used)) => {
                f(c, base + a);
                i = a + 1 + used;
            }
            None => {
                f('&', base + a);
                i = a + 1;
            }
        }
    }
}

/// An attribute value with its references decoded, trimmed.
pub(crate) fn attr_text(raw: &str) -> String {
    let mut out = String::new();
    decode_chars(raw, 0, true, |c, _| out.push(norm(c)));
    out.trim().to_string()
}

/// No-break spaces and tabs read as spaces (a tab in a page is not a column separator;
/// table rows are the only tab-separated lines).
pub(crate) fn norm(c: char) -> char {
    if c == '\u{a0}' || c == '\t' {
        ' '
    } else {
        c
    }
}
