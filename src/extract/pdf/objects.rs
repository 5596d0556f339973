//! Reading PDF objects safely: references followed through a bounded chain, text
//! strings in whatever encoding producers used, streams decoded within the budget.

use oxidize_pdf::parser::{PdfDictionary, PdfObject, PdfString};

use super::open::guard;
use super::{Pdf, MAX_NESTING};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// A stream decoded within the input's decompression budget.
pub(super) fn decode_stream(
    pdf: &Pdf,
    stream: &oxidize_pdf::parser::PdfStream,
    ctx: &Ctx,
    what: &str,
) -> Result<Vec<u8>, ExtractError> {
    let cap = usize::try_from(ctx.budget.limits.max_file_bytes).unwrap_or(usize::MAX);
    let data = guard("decoding a stream", || {
        pdf.decode_stream_with_limit(stream, cap)
    })
    .map_err(|e| match e {
        ExtractError::Corrupt(m) if m.contains("exceed") => ExtractError::Limit(format!(
            "PDF: {what} decodes to more than {} MiB",
            cap >> 20
        )),
        ExtractError::Corrupt(m) => ExtractError::Corrupt(format!("{what}: {m}")),
        e => e,
    })?;
    ctx.budget.spend(data.len() as u64)?;
    Ok(data)
}

/// Follows references (a bounded chain) to the object itself.
pub(super) fn resolve(pdf: &Pdf, obj: &PdfObject) -> Option<PdfObject> {
    let mut current = obj.clone();
    for _ in 0..MAX_NESTING {
        match current {
            PdfObject::Reference(num, generation) => {
                current = guard("resolving an object", || pdf.get_object(num, generation)).ok()?;
            }
            PdfObject::Null => return None,
            other => return Some(other),
        }
    }
    None
}

pub(super) fn string_entry(pdf: &Pdf, dict: &PdfDictionary, key: &str) -> Option<String> {
    let value = resolve(pdf, dict.get(key)?)?;
    value.as_string().map(text_string)
}

/// A PDF text string: UTF-16 with a byte order mark, UTF-8 with one (PDF 2.0), otherwise
/// PDFDocEncoding. Chinese producers often write GBK or UTF-8 bytes without a mark; those
/// are recognised when they decode cleanly to CJK text.
pub(super) fn text_string(s: &PdfString) -> String {
    let bytes = s.as_bytes();
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return encoding_rs::UTF_16LE
            .decode_without_bom_handling(rest)
            .0
            .into_owned();
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return String::from_utf8_lossy(rest).into_owned();
    }
    if bytes.starts_with(b"\xFE\xFF") || bytes.is_ascii() {
        return s.to_text();
    }
    if let Ok(utf8) = std::str::from_utf8(bytes) {
        if utf8.chars().any(is_cjk) {
            return utf8.to_string();
        }
    }
    let (gbk, had_errors) = encoding_rs::GB18030.decode_without_bom_handling(bytes);
    if !had_errors && gbk.chars().any(is_cjk) {
        return gbk.into_owned();
    }
    s.to_text()
}

fn is_cjk(c: char) -> bool {
    matches!(c, '\u{3000}'..='\u{303F}' | '\u{4E00}'..='\u{9FFF}' | '\u{FF00}'..='\u{FFEF}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_strings_in_every_encoding_producers_use() {
        let utf16 = PdfString::new(b"\xFE\xFF\x5F\x20\x4E\x09".to_vec());
        assert_eq!(text_string(&utf16), "张三");
        let gbk = PdfString::new(b"\xD5\xC5\xC8\xFD".to_vec());
        assert_eq!(text_string(&gbk), "张三");
        let utf8 = PdfString::new("张三".as_bytes().to_vec());
        assert_eq!(text_string(&utf8), "张三");
        let latin = PdfString::new(b"Caf\xE9".to_vec());
        assert_eq!(text_string(&latin), "Café");
    }
}
