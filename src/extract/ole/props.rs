//! OLE property sets (MS-OLEPS): `\x05SummaryInformation` (title, subject, author,
//! keywords, comments, template, last author) and `\x05DocumentSummaryInformation`
//! (category, manager, company, and the user-defined properties of its second section).
//! Strings are decoded with the property set's own code page (PID 1): Chinese files carry
//! 936 (GBK), 65001 (UTF-8) or 1200 (UTF-16).

use encoding_rs::Encoding;

use super::{read_stream_opt, slice, u16_at, u32_at, Cfb};
use crate::extract::document::{DocumentBuilder, Loc};
use crate::extract::limits::ExtractError;
use crate::extract::Ctx;

const SUMMARY: &str = "/\u{5}SummaryInformation";
const DOC_SUMMARY: &str = "/\u{5}DocumentSummaryInformation";

/// FMTID of the user-defined section of DocumentSummaryInformation
/// (D5CDD505-2E9C-101B-9397-08002B2CF9AE), as stored (little-endian GUID).
const FMTID_USER: [u8; 16] = [
    0x05, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9, 0xAE,
];

/// Most properties a section may declare that we look at (the rest are ignored).
const MAX_PROPERTIES: usize = 4096;

/// Pushes the text properties of both property-set streams (when present) as metadata
/// segments; `field` uses the OOXML names (`creator`, `lastModifiedBy`, …) so the same
/// property reads the same in a .doc and a .docx, user-defined ones as `custom:NAME`.
/// A damaged property set is reported as a member error, not a failure of the document.
pub fn push_summary_information(
    cf: &mut Cfb,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    for (stream, names) in [(SUMMARY, SUMMARY_NAMES), (DOC_SUMMARY, DOC_SUMMARY_NAMES)] {
        let bytes = match read_stream_opt(cf, stream, ctx) {
            Ok(Some(bytes)) => bytes,
            Ok(None) => continue,
            Err(e @ ExtractError::Timeout(_)) => return Err(e),
            Err(e) => {
                b.member(
                    stream.trim_start_matches('/').replace('\u{5}', ""),
                    Err(e),
                    true,
                );
                continue;
            }
        };
        for (field, value) in read_property_set(&bytes, names) {
            if SKIP_CUSTOM
                .iter()
                .any(|s| field.strip_prefix("custom:") == Some(s))
            {
                continue;
            }
            b.push(value.trim(), Loc::metadata(&field))?;
        }
    }
    Ok(())
}

/// User-defined properties that are producer ids, not text (Kingsoft WPS writes these).
const SKIP_CUSTOM: &[&str] = &["KSOProductBuildVer", "ICV"];

/// SummaryInformation PIDs worth a reviewer's eye (dates, counts, thumbnails left out).
const SUMMARY_NAMES: &[(u32, &str)] = &[
    (2, "title"),
    (3, "subject"),
    (4, "creator"),
    (5, "keywords"),
    (6, "description"),
    (7, "template"),
    (8, "lastModifiedBy"),
];

/// DocumentSummaryInformation PIDs (first section).
const DOC_SUMMARY_NAMES: &[(u32, &str)] = &[
    (2, "category"),
    (14, "manager"),
    (15, "company"),
    (26, "contentType"),
    (27, "contentStatus"),
];

/// Decodes a property-set stream into `(field, text)` pairs: the named PIDs of the first
/// section and every property of a user-defined section (named by its dictionary).
pub(crate) fn read_property_set(bytes: &[u8], names: &[(u32, &str)]) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if u16_at(bytes, 0) != Some(0xFFFE) {
        return out;
    }
    let sections = u32_at(bytes, 24).unwrap_or(0).min(8) as usize;
    for i in 0..sections {
        let entry = 28 + i * 20;
        let Some(fmtid) = slice(bytes, entry, 16) else {
            break;
        };
        let Some(offset) = u32_at(bytes, entry + 16).and_then(|o| usize::try_from(o).ok()) else {
            break;
        };
        let Some(section) = bytes.get(offset..) else {
            continue;
        };
        let user = fmtid == FMTID_USER;
        read_section(section, if user { None } else { Some(names) }, &mut out);
    }
    out
}

/// One section: size, count, (PID, offset) pairs. `names` = `None` reads every property
/// and names it from the section's dictionary (PID 0).
fn read_section(section: &[u8], names: Option<&[(u32, &str)]>, out: &mut Vec<(String, String)>) {
    let size = u32_at(section, 0)
        .and_then(|s| usize::try_from(s).ok())
        .unwrap_or(0);
    let section = section.get(..size.min(section.len())).unwrap_or(section);
    let count = (u32_at(section, 4).unwrap_or(0) as usize).min(MAX_PROPERTIES);
    let mut pids = Vec::new();
    for i in 0..count {
        let (Some(pid), Some(off)) = (u32_at(section, 8 + i * 8), u32_at(section, 12 + i * 8))
        else {
            break;
        };
        pids.push((pid, off as usize));
    }
    // Code page first: strings depend on it.
    let codepage = pids
        .iter()
        .find(|(pid, _)| *pid == 1)
        .and_then(|(_, off)| {
            let ty = u16_at(section, *off)?;
            (ty == 2).then(|| u16_at(section, off + 4))?
        })
        .unwrap_or(1252);
    let dictionary = match names {
        Some(_) => Vec::new(),
        None => pids
            .iter()
            .find(|(pid, _)| *pid == 0)
            .map(|(_, off)| read_dictionary(section, *off, codepage))
            .unwrap_or_default(),
    };
    for (pid, off) in pids {
        if pid <= 1 || pid == 0x8000_0000 || pid == 0x8000_0003 {
            continue; // dictionary, code page, locale, behaviour
        }
        let field = match names {
            Some(names) => match names.iter().find(|(p, _)| *p == pid) {
                Some((_, n)) => n.to_string(),
                None => continue,
            },
            None => {
                let name = dictionary
                    .iter()
                    .find(|(p, _)| *p == pid)
                    .map(|(_, n)| n.clone())
                    .unwrap_or_else(|| format!("pid{pid}"));
                format!("custom:{name}")
            }
        };
        if let Some(value) = read_value(section, off, codepage, names.is_none()) {
            if !value.trim().is_empty() {
                out.push((field, value));
            }
        }
    }
}

/// A typed value as text: strings always; numbers only in user-defined sections (a
/// custom property can hold an ID or phone number typed as a number).
fn read_value(section: &[u8], off: usize, codepage: u16, numbers: bool) -> Option<String> {
    let ty = u16_at(section, off)?;
    let data = off.checked_add(4)?;
    match ty {
        0x1E => lpstr(section, data, codepage).map(|(s, _)| s),
        0x1F => lpwstr(section, data).map(|(s, _)| s),
        0x101E | 0x101F => {
            let n = (u32_at(section, data)? as usize).min(MAX_PROPERTIES);
            let mut at = data + 4;
            let mut parts = Vec::new();
            for _ in 0..n {
                let (s, next) = if ty == 0x101E {
                    lpstr(section, at, codepage)?
                } else {
                    lpwstr(section, at)?
                };
                parts.push(s);
                at = next;
            }
            Some(parts.join("; "))
        }
        2 if numbers => Some((u16_at(section, data)? as i16).to_string()),
        3 | 0x16 if numbers => Some((u32_at(section, data)? as i32).to_string()),
        0x13 | 0x17 if numbers => Some(u32_at(section, data)?.to_string()),
        0x14 if numbers => {
            let lo = u64::from(u32_at(section, data)?);
            let hi = u64::from(u32_at(section, data + 4)?);
            Some(((hi << 32 | lo) as i64).to_string())
        }
        0x15 if numbers => {
            let lo = u64::from(u32_at(section, data)?);
            let hi = u64::from(u32_at(section, data + 4)?);
            Some((hi << 32 | lo).to_string())
        }
        5 if numbers => {
            let lo = u64::from(u32_at(section, data)?);
            let hi = u64::from(u32_at(section, data + 4)?);
            let v = f64::from_bits(hi << 32 | lo);
            v.is_finite().then(|| {
                if v.fract() == 0.0 && v.abs() < 1e21 {
                    format!("{v:.0}")
                } else {
                    v.to_string()
                }
            })
        }
        _ => None,
    }
}

/// VT_LPSTR at `at`: u32 byte count (with the terminating NUL), bytes in the code page
/// (UTF-16LE when the code page is 1200). Returns the text and the 4-aligned next offset.
fn lpstr(section: &[u8], at: usize, codepage: u16) -> Option<(String, usize)> {
    let len = u32_at(section, at)? as usize;
    let raw = slice(section, at + 4, len)?;
    let text = decode(raw, codepage);
    Some((text, align4(at + 4 + len)))
}

/// VT_LPWSTR at `at`: u32 character count (with the NUL), UTF-16LE.
fn lpwstr(section: &[u8], at: usize) -> Option<(String, usize)> {
    let chars = u32_at(section, at)? as usize;
    let bytes = chars.checked_mul(2)?;
    let raw = slice(section, at + 4, bytes)?;
    let text = super::utf16le(raw);
    Some((
        text.trim_end_matches('\0').to_string(),
        align4(at + 4 + bytes),
    ))
}

fn align4(n: usize) -> usize {
    n.saturating_add(3) & !3
}

/// Dictionary (PID 0): count, then (PID, length, name) entries; names are in the code
/// page, UTF-16 (and 4-aligned) when it is 1200.
fn read_dictionary(section: &[u8], off: usize, codepage: u16) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    let count = (u32_at(section, off).unwrap_or(0) as usize).min(MAX_PROPERTIES);
    let mut at = off + 4;
    for _ in 0..count {
        let (Some(pid), Some(len)) = (u32_at(section, at), u32_at(section, at + 4)) else {
            break;
        };
        let len = len as usize;
        let bytes = if codepage == 1200 {
            len.saturating_mul(2)
        } else {
            len
        };
        let Some(raw) = slice(section, at + 8, bytes) else {
            break;
        };
        out.push((pid, decode(raw, codepage)));
        at = at + 8 + bytes;
        if codepage == 1200 {
            at = align4(at);
        }
    }
    out
}

/// Bytes in a Windows code page → text without the trailing NULs.
pub(crate) fn decode(raw: &[u8], codepage: u16) -> String {
    let text = match codepage {
        1200 => super::utf16le(raw),
        _ => encoding(codepage)
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    };
    text.trim_end_matches('\0').to_string()
}

/// The encoding of a Windows code page number (windows-1252 when unknown).
pub(crate) fn encoding(codepage: u16) -> &'static Encoding {
    use encoding_rs::*;
    match codepage {
        936 => GBK,
        54936 => GB18030,
        950 => BIG5,
        932 => SHIFT_JIS,
        949 => EUC_KR,
        65001 => UTF_8,
        1201 => UTF_16BE,
        866 => IBM866,
        874 => WINDOWS_874,
        1250 => WINDOWS_1250,
        1251 => WINDOWS_1251,
        1253 => WINDOWS_1253,
        1254 => WINDOWS_1254,
        1255 => WINDOWS_1255,
        1256 => WINDOWS_1256,
        1257 => WINDOWS_1257,
        1258 => WINDOWS_1258,
        10000 => MACINTOSH,
        _ => WINDOWS_1252,
    }
}
