//! Content transfer encodings, undone leniently: base64 that skips stray characters and
//! restarts after padding, and quoted-printable that keeps malformed escapes as they are, so
//! a damaged part is still read.

/// A part's transfer encoding.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Transfer {
    Identity,
    Base64,
    QuotedPrintable,
}

/// Base64 that skips what is not in the alphabet (line breaks, stray characters) and
/// restarts after padding (concatenated encodings).
pub(super) fn base64_lenient(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len() / 4 * 3 + 3);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for &c in input {
        let v = match c {
            b'A'..=b'Z' => c - b'A',
            b'a'..=b'z' => c - b'a' + 26,
            b'0'..=b'9' => c - b'0' + 52,
            b'+' | b'-' => 62,
            b'/' | b'_' => 63,
            b'=' => {
                acc = 0;
                bits = 0;
                continue;
            }
            _ => continue,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    out
}

/// Quoted-printable: `=XX` bytes and soft line breaks; anything malformed is kept as is.
pub(super) fn quoted_printable_lenient(input: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while let Some(&c) = input.get(i) {
        if c != b'=' {
            out.push(c);
            i += 1;
            continue;
        }
        match (input.get(i + 1), input.get(i + 2)) {
            (Some(b'\r'), Some(b'\n')) => i += 3,
            (Some(b'\n'), _) => i += 2,
            (Some(&h), Some(&l)) if h.is_ascii_hexdigit() && l.is_ascii_hexdigit() => {
                let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
                out.push(hex(h) << 4 | hex(l));
                i += 3;
            }
            _ => {
                // `=` followed by blanks up to the line end is a soft break too.
                let rest = input.get(i + 1..).unwrap_or(&[]);
                let blanks = rest
                    .iter()
                    .take_while(|b| matches!(b, b' ' | b'\t'))
                    .count();
                match rest.get(blanks) {
                    Some(b'\n') => i += 2 + blanks,
                    Some(b'\r') if rest.get(blanks + 1) == Some(&b'\n') => i += 3 + blanks,
                    _ => {
                        out.push(b'=');
                        i += 1;
                    }
                }
            }
        }
    }
    out
}
