//! Outlook messages (.msg): a compound file of MAPI property streams
//! (`__substg1.0_PPPPTTTT`: property id, then type `001F` UTF-16, `001E` 8-bit, `0102`
//! binary). Sender, recipients and subject are metadata, the plain body is body text, the
//! HTML body and attachments are members (attachments hidden).

use super::{read_stream, u16_at, u32_at, utf16le, Cfb};
use crate::extract::document::{Document, DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

/// (property id, field name) of the headers a reviewer needs to see.
const HEADERS: &[(&str, &str)] = &[
    ("0C1A", "From"),
    ("0C1F", "From-Address"),
    ("0042", "Sent-Representing"),
    ("0E04", "To"),
    ("0E03", "Cc"),
    ("0E02", "Bcc"),
];

/// The message's code page for 8-bit strings: `PR_MESSAGE_CODEPAGE` (0x3FFD) or
/// `PR_INTERNET_CPID` (0x3FDE) in the top-level fixed-size property stream (a 32-byte
/// header, then 16-byte entries: type, id, flags, value). GBK when absent.
fn message_encoding(cf: &mut Cfb, ctx: &Ctx) -> &'static encoding_rs::Encoding {
    let path = "/__properties_version1.0";
    let Ok(raw) = (if cf.is_stream(path) {
        read_stream(cf, path, ctx)
    } else {
        Err(ExtractError::Corrupt(String::new()))
    }) else {
        return encoding_rs::GB18030;
    };
    let entries = raw.get(32..).unwrap_or(&[]);
    for id in [0x3FFD_u16, 0x3FDE] {
        for e in entries.chunks_exact(16) {
            let (Some(ty), Some(pid), Some(value)) = (u16_at(e, 0), u16_at(e, 2), u32_at(e, 8))
            else {
                continue;
            };
            if ty == 0x0003 && pid == id && value > 0 && value <= 65535 {
                return super::props::encoding(value as u16);
            }
        }
    }
    encoding_rs::GB18030
}

/// A string property of `storage` (UTF-16, or 8-bit in the message's code page).
fn string_prop(
    cf: &mut Cfb,
    storage: &str,
    id: &str,
    ctx: &Ctx,
    encoding: &'static encoding_rs::Encoding,
) -> Option<String> {
    for (ty, wide) in [("001F", true), ("001E", false)] {
        let path = format!("{storage}/__substg1.0_{id}{ty}");
        if cf.is_stream(&path) {
            let raw = read_stream(cf, &path, ctx).ok()?;
            let text = if wide {
                utf16le(&raw)
            } else {
                // 8-bit strings are in the message's code page.
                let (t, _) = encoding.decode_without_bom_handling(&raw);
                t.into_owned()
            };
            return Some(text.trim_end_matches('\0').to_string());
        }
    }
    None
}

fn binary_prop(
    cf: &mut Cfb,
    storage: &str,
    id: &str,
    ctx: &Ctx,
) -> Option<Result<Vec<u8>, ExtractError>> {
    let path = format!("{storage}/__substg1.0_{id}0102");
    cf.is_stream(&path).then(|| read_stream(cf, &path, ctx))
}

pub fn extract_msg(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut cf = super::open(bytes)?;
    let encoding = message_encoding(&mut cf, ctx);
    let mut b = DocumentBuilder::new("msg", ctx.budget.limits.max_text_bytes);
    if let Some(subject) = string_prop(&mut cf, "", "0037", ctx, encoding) {
        b.push(&subject, Loc::part(Part::Title).with_field("Subject"))?;
    }
    for (id, field) in HEADERS {
        if let Some(v) = string_prop(&mut cf, "", id, ctx, encoding) {
            b.push(&v, Loc::metadata(field))?;
        }
    }
    if let Some(body) = string_prop(&mut cf, "", "1000", ctx, encoding) {
        for (i, line) in body.lines().enumerate() {
            b.push(line, Loc::part(Part::Body).with_line(i as u64 + 1, 1))?;
        }
    }
    match binary_prop(&mut cf, "", "1013", ctx) {
        Some(html) => b.member("body.html".into(), html, false),
        None => {
            if let Some(html) = string_prop(&mut cf, "", "1013", ctx, encoding) {
                b.member("body.html".into(), Ok(html.into_bytes()), false);
            }
        }
    }
    let storages: Vec<String> = cf
        .read_root_storage()
        .filter(|e| e.is_storage())
        .map(|e| e.name().to_string())
        .collect();
    for (n, storage) in storages.iter().enumerate() {
        ctx.budget.check_time()?;
        if n >= ctx.budget.limits.max_members {
            let e = ExtractError::Limit("too many attachments and recipients".into());
            b.member("(remaining parts)".into(), Err(e), true);
            break;
        }
        let path = format!("/{storage}");
        if storage.starts_with("__recip_version1.0_") {
            for id in ["3001", "39FE", "3003"] {
                if let Some(v) = string_prop(&mut cf, &path, id, ctx, encoding) {
                    b.push(&v, Loc::metadata("Recipient"))?;
                }
            }
        } else if storage.starts_with("__attach_version1.0_") {
            let name = string_prop(&mut cf, &path, "3707", ctx, encoding)
                .or_else(|| string_prop(&mut cf, &path, "3704", ctx, encoding))
                .unwrap_or_else(|| format!("attachment-{}", n + 1));
            b.push(&name, Loc::part(Part::FileName))?;
            match binary_prop(&mut cf, &path, "3701", ctx) {
                Some(data) => b.member(name, data, true),
                None => b.member(
                    name,
                    Err(ExtractError::Unsupported(
                        "attached message or OLE object inside a .msg: not read".into(),
                    )),
                    true,
                ),
            }
        }
    }
    Ok(b.finish())
}
