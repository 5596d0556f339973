//! Percent-decoding (`%E5%BC%A0` → `张`) for URLs and link targets read from documents,
//! requests and archives. Malformed escapes (`%zz`, `%+1`, a lone `%`) stay as written.

/// The bytes of `s` with the escapes that `decode` accepts (given the decoded byte)
/// replaced by their byte.
pub fn decode_bytes(s: &str, decode: impl Fn(u8) -> bool) -> Vec<u8> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while let Some(&c) = b.get(i) {
        let value = b
            .get(i + 1..i + 3)
            .filter(|h| h.iter().all(u8::is_ascii_hexdigit))
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match value {
            Some(v) if c == b'%' && decode(v) => {
                out.push(v);
                i += 3;
            }
            _ => {
                out.push(c);
                i += 1;
            }
        }
    }
    out
}

/// Every escape decoded; invalid UTF-8 replaced.
pub fn decode(s: &str) -> String {
    String::from_utf8_lossy(&decode_bytes(s, |_| true)).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_malformed_ones() {
        assert_eq!(decode("%E5%BC%A0%20a"), "张 a");
        assert_eq!(decode("%zz%+1%4"), "%zz%+1%4");
        assert_eq!(decode_bytes("%2F%E5", |b| b >= 0x80), b"%2F\xE5");
    }
}
