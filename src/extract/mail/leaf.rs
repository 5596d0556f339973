//! A leaf part (anything but a multipart with a boundary): its transfer encoding undone and
//! the decoded bytes charged to the budget, then `text/plain` bodies pushed as body text,
//! `text/html` bodies and nested messages handed over as members, and attachments and inline
//! files as hidden members under their cleaned file names.

use encoding_rs::{Encoding, GB18030, GBK, UTF_8};
use mailparse::{parse_content_disposition, MailHeader};

use super::headers::header;
use super::transfer::{base64_lenient, quoted_printable_lenient, Transfer};
use super::Mail;
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::text;

impl Mail<'_, '_> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn leaf(
        &mut self,
        b: &mut DocumentBuilder,
        headers: &[MailHeader],
        ctype: Option<&mailparse::ParsedContentType>,
        mimetype: &str,
        body_start: usize,
        end: usize,
        part_no: usize,
    ) -> Result<(), ExtractError> {
        let body = self.top.get(body_start..end).unwrap_or(&[]);
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let disposition =
            header(headers, "Content-Disposition").map(|v| parse_content_disposition(&v));
        let attachment = disposition
            .as_ref()
            .is_some_and(|d| d.disposition == mailparse::DispositionType::Attachment);
        let filename = disposition
            .as_ref()
            .and_then(|d| d.params.get("filename"))
            .or_else(|| ctype.and_then(|c| c.params.get("name")))
            .and_then(|n| clean_name(n));
        let charset = ctype
            .and_then(|c| c.params.get("charset"))
            .map(String::as_str);
        let transfer = match header(headers, "Content-Transfer-Encoding")
            .map(|v| v.trim().to_ascii_lowercase())
            .as_deref()
        {
            Some("base64") => Transfer::Base64,
            Some("quoted-printable") => Transfer::QuotedPrintable,
            _ => Transfer::Identity,
        };
        let decoded = match transfer {
            Transfer::Identity => body.to_vec(),
            Transfer::Base64 => base64_lenient(body),
            Transfer::QuotedPrintable => quoted_printable_lenient(body),
        };
        if let Err(e) = self.ctx.budget.spend(decoded.len() as u64) {
            self.stopped = true;
            b.member(
                filename.unwrap_or_else(|| format!("part-{part_no}")),
                Err(e),
                true,
            );
            return Ok(());
        }
        if let Some(name) = &filename {
            b.push(name, Loc::part(Part::FileName).with_field("attachment"))?;
        }
        let is_file = attachment || filename.is_some();
        match mimetype {
            "text/plain" if !is_file => {
                let text = decode_text(&decoded, charset, self.ctx.encoding).replace("\r\n", "\n");
                let (line, col) = if transfer == Transfer::Identity {
                    self.line_col(body_start)
                } else {
                    (1, 1)
                };
                b.push(&text, Loc::part(Part::Body).with_line(line, col))?;
            }
            "text/html" if !is_file => {
                self.html_bodies += 1;
                let name = if self.html_bodies == 1 {
                    "body.html".to_string()
                } else {
                    format!("part-{part_no}.html")
                };
                let bytes = match charset {
                    Some(cs) => {
                        let text = decode_text(&decoded, Some(cs), self.ctx.encoding);
                        let mut out = Vec::with_capacity(text.len() + 3);
                        out.extend_from_slice(b"\xEF\xBB\xBF");
                        out.extend_from_slice(text.as_bytes());
                        out
                    }
                    None => decoded,
                };
                b.member(name, Ok(bytes), false);
            }
            "message/rfc822" | "message/global" => {
                let name = match filename {
                    Some(n) => n,
                    None => format!("part-{part_no}.eml"),
                };
                b.member(name, Ok(decoded), true);
            }
            _ => {
                let name = match filename {
                    Some(n) => n,
                    None => format!("part-{part_no}.{}", extension_for(mimetype)),
                };
                b.member(name, Ok(decoded), true);
            }
        }
        Ok(())
    }
}

/// Decodes text with the declared charset (GBK as GB18030); an unknown, missing or wrong
/// (`us-ascii` on 8-bit data, UTF-8 that is not) charset falls back to detection.
fn decode_text(bytes: &[u8], charset: Option<&str>, forced: Option<&'static Encoding>) -> String {
    let declared = charset.and_then(|c| Encoding::for_label(c.trim().trim_matches('"').as_bytes()));
    let is_ascii_label = charset.is_some_and(|c| {
        let c = c.trim().to_ascii_lowercase();
        c == "us-ascii" || c == "ascii"
    });
    match declared {
        Some(enc) if !is_ascii_label => {
            if enc == UTF_8 && std::str::from_utf8(bytes).is_err() {
                return text::decode_all(bytes, forced);
            }
            let enc = if enc == GBK { GB18030 } else { enc };
            enc.decode_without_bom_handling(bytes).0.into_owned()
        }
        _ if bytes.is_ascii() => String::from_utf8_lossy(bytes).into_owned(),
        _ => text::decode_all(bytes, forced),
    }
}

/// A file name fit for a member path: the last path component, trimmed.
fn clean_name(name: &str) -> Option<String> {
    let last = name.rsplit(['/', '\\']).next().unwrap_or(name);
    let t = last.trim().trim_matches('"').trim();
    let t: String = t.chars().filter(|c| !c.is_control()).take(255).collect();
    (!t.is_empty() && t != "." && t != "..").then_some(t)
}

fn extension_for(mimetype: &str) -> &'static str {
    match mimetype {
        "text/plain" => "txt",
        "text/html" => "html",
        "text/csv" => "csv",
        "text/xml" | "application/xml" => "xml",
        "application/pdf" => "pdf",
        "application/msword" => "doc",
        "application/rtf" | "text/rtf" => "rtf",
        "application/zip" => "zip",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" => "xlsx",
        "application/vnd.ms-excel" => "xls",
        "image/png" => "png",
        "image/jpeg" => "jpg",
        "image/gif" => "gif",
        _ => "bin",
    }
}
