//! Plain text, CSV and Markdown: the whole file decoded as the scanner decodes it, values
//! replaced, written back in the same encoding with the same BOM.

use encoding_rs::Encoding;

use super::encoding::{decode_exact, encode};
use super::{apply_edits, Plan, RedactError, Redacted};
use crate::extract::text::{sniff, Sniffed};

pub fn redact_text(
    bytes: &[u8],
    plan: &Plan,
    forced: Option<&'static Encoding>,
) -> Result<Redacted, RedactError> {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    let Sniffed::Text { encoding, bom_len } = sniff(head, forced) else {
        return Err(RedactError::Unsupported(
            "binary content: not a text file".into(),
        ));
    };
    let (bom, body) = bytes.split_at(bom_len.min(bytes.len()));
    let text = decode_exact(body, encoding)?;
    let edits = plan.edits(&text);
    let mut out = bom.to_vec();
    if edits.is_empty() {
        out.extend_from_slice(body);
    } else {
        out.extend(encode(&apply_edits(&text, &edits), encoding)?);
    }
    Ok(Redacted {
        bytes: out,
        replaced: edits.len(),
        actions: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use encoding_rs::GBK;

    fn plan() -> Plan {
        Plan::new([("13800138000".to_string(), "138****8000".to_string())])
    }

    #[test]
    fn gbk_stays_gbk_and_bom_stays() -> Result<(), RedactError> {
        let (gbk, _, _) = GBK.encode("联系人电话：13800138000，地址不详。备注：无。\r\n");
        let out = redact_text(&gbk, &plan(), None)?;
        let (expected, _, _) = GBK.encode("联系人电话：138****8000，地址不详。备注：无。\r\n");
        assert_eq!(out.bytes, expected.into_owned());
        assert_eq!(out.replaced, 1);

        let mut bom = vec![0xEF, 0xBB, 0xBF];
        bom.extend_from_slice("a,13800138000\n".as_bytes());
        let out = redact_text(&bom, &plan(), None)?;
        assert_eq!(out.bytes, b"\xEF\xBB\xBFa,138****8000\n".to_vec());
        Ok(())
    }

    #[test]
    fn untouched_file_is_copied_byte_for_byte() -> Result<(), RedactError> {
        let out = redact_text(b"nothing here\r\n", &plan(), None)?;
        assert_eq!(out.bytes, b"nothing here\r\n".to_vec());
        assert_eq!(out.replaced, 0);
        Ok(())
    }
}
