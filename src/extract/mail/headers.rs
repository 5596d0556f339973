//! Mail headers: the reported headers (`From`, `To`, … as metadata, `Subject` as the title)
//! with the line and column of each value in the file, and header values decoded — RFC 2047
//! encoded words through `mailparse`, raw 8-bit GBK values as GB18030 or by detection.

use encoding_rs::GB18030;
use mailparse::MailHeader;

use super::{Mail, HEADERS};
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::text;

impl Mail<'_, '_> {
    pub(super) fn headers(
        &self,
        b: &mut DocumentBuilder,
        headers: &[MailHeader],
    ) -> Result<(), ExtractError> {
        for h in headers {
            let key = h.get_key();
            let Some(name) = HEADERS.iter().find(|n| n.eq_ignore_ascii_case(key.trim())) else {
                continue;
            };
            let value = header_value(h);
            let value = value.trim();
            let loc = if *name == "Subject" {
                Loc::part(Part::Title).with_field(name)
            } else {
                Loc::metadata(name)
            };
            let loc = match self.offset_of(h.get_value_raw()) {
                Some(off) => {
                    // Skip the blanks after the colon.
                    let lead = h
                        .get_value_raw()
                        .iter()
                        .take_while(|b| matches!(b, b' ' | b'\t'))
                        .count();
                    let (l, c) = self.line_col(off + lead);
                    loc.with_line(l, c)
                }
                None => loc,
            };
            b.push(value, loc)?;
        }
        b.end_block();
        Ok(())
    }
}

/// The first header named `name`, decoded.
pub(super) fn header(headers: &[MailHeader], name: &str) -> Option<String> {
    headers
        .iter()
        .find(|h| h.get_key().trim().eq_ignore_ascii_case(name))
        .map(header_value)
}

/// A header value with RFC 2047 words decoded and folding undone. Raw 8-bit values that are
/// not UTF-8 (Chinese mailers write GBK straight into headers) are decoded as GB18030, or
/// detected, instead of Latin-1.
fn header_value(h: &MailHeader) -> String {
    let raw = h.get_value_raw();
    if raw.is_ascii() || std::str::from_utf8(raw).is_ok() {
        return h.get_value();
    }
    let decoded = match GB18030.decode_without_bom_handling_and_without_replacement(raw) {
        Some(s) => s.into_owned(),
        None => text::decode_all(raw, None),
    };
    let line = format!("X: {decoded}");
    match mailparse::parse_header(line.as_bytes()) {
        Ok((parsed, _)) => parsed.get_value(),
        Err(_) => decoded,
    }
}
