//! Writing text back in the encoding it was read in. A GBK page must stay GBK: a copy that
//! changed its charset would change every byte, and the publishing system may not expect it.

use encoding_rs::{Encoding, UTF_16BE, UTF_16LE};

use super::RedactError;

/// `body` (the bytes after any BOM) decoded with `encoding`, refused when decoding is not
/// exact: replacing undecodable bytes and writing them back would change bytes outside the
/// values, so such a file is not rewritten.
pub fn decode_exact(body: &[u8], encoding: &'static Encoding) -> Result<String, RedactError> {
    let (text, had_errors) = encoding.decode_without_bom_handling(body);
    if had_errors {
        return Err(RedactError::Malformed(format!(
            "the text is not valid {}: a copy would change bytes outside the values",
            encoding.name()
        )));
    }
    let text = text.into_owned();
    if encode(&text, encoding)? != body {
        return Err(RedactError::Malformed(format!(
            "the {} text does not encode back to the same bytes",
            encoding.name()
        )));
    }
    Ok(text)
}

/// `text` in `encoding`; an error when a character has no form in it (encoding_rs would
/// write an HTML character reference instead, which is not text in a .txt or .csv).
pub fn encode(text: &str, encoding: &'static Encoding) -> Result<Vec<u8>, RedactError> {
    // encoding_rs decodes UTF-16 but encodes it as UTF-8 (WHATWG): done by hand.
    if encoding == UTF_16LE || encoding == UTF_16BE {
        let little = encoding == UTF_16LE;
        let mut out = Vec::with_capacity(text.len() * 2);
        for unit in text.encode_utf16() {
            out.extend(if little {
                unit.to_le_bytes()
            } else {
                unit.to_be_bytes()
            });
        }
        return Ok(out);
    }
    let (bytes, used, had_errors) = encoding.encode(text);
    if had_errors || used != encoding {
        return Err(RedactError::Malformed(format!(
            "a mask character cannot be written in {}: choose another mask in the rule pack",
            encoding.name()
        )));
    }
    Ok(bytes.into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::{GB18030, GBK, UTF_8};

    #[test]
    fn gbk_round_trips_and_refuses_unmappable() -> Result<(), RedactError> {
        let (bytes, _, _) = GBK.encode("姓名：张三，身份证号〔已删除〕");
        let text = decode_exact(&bytes, GB18030)?;
        assert_eq!(encode(&text, GB18030)?, bytes.into_owned());
        assert!(encode("😀", GBK).is_err());
        Ok(())
    }

    #[test]
    fn utf16_by_hand() -> Result<(), RedactError> {
        assert_eq!(encode("张", UTF_16LE)?, vec![0x20, 0x5F]);
        assert_eq!(encode("张", UTF_16BE)?, vec![0x5F, 0x20]);
        assert_eq!(encode("a", UTF_8)?, b"a".to_vec());
        Ok(())
    }

    #[test]
    fn invalid_bytes_are_refused() {
        assert!(decode_exact(b"ok \xFF\xFE bad", UTF_8).is_err());
    }
}
