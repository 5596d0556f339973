//! OLE2 compound files (CFB): classification by stream names, Word 97–2003 binary
//! (.doc, Kingsoft .wps), PowerPoint 97–2003 binary (.ppt, Kingsoft .dps), property sets
//! (`\x05SummaryInformation`, `\x05DocumentSummaryInformation`) and embedded objects.
//!
//! Every offset and length read from a stream is untrusted: slices are taken with `.get()`,
//! loops are bounded by the bytes actually present, and streams are read through the
//! input's [`Budget`](super::limits::Budget).

mod doc;
mod msg;
mod ppt;
mod props;

use std::io::{Cursor, Read, Seek, Write};

use super::document::DocumentBuilder;
use super::limits::ExtractError;
use super::Ctx;

pub use doc::extract_doc;
pub use msg::extract_msg;
pub use ppt::extract_ppt;
pub use props::push_summary_information;

/// What an OLE compound file holds, by its stream names.
pub enum OleKind {
    Word,
    Workbook,
    PowerPoint,
    EncryptedOoxml,
    /// An embedded-object file (`oleObject1.bin` inside a docx/xlsx/pptx): a Packager
    /// payload or an embedded package, read as the file it carries.
    EmbeddedObject,
    /// An Outlook message (`__substg1.0_…` property streams).
    OutlookMessage,
    Other(String),
}

/// An opened compound file over bytes in memory.
pub type Cfb<'a> = cfb::CompoundFile<Cursor<&'a [u8]>>;

/// Opens a compound file; an unreadable header or directory is `Corrupt`.
pub fn open(bytes: &[u8]) -> Result<Cfb<'_>, ExtractError> {
    cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ExtractError::Corrupt(format!("OLE compound file structure unreadable: {e}")))
}

/// Names of the streams and storages directly under the root.
fn root_names(cf: &Cfb) -> Vec<String> {
    cf.read_root_storage()
        .map(|e| e.name().to_string())
        .collect()
}

/// Decides what a compound file is from its root stream names.
pub fn classify(bytes: &[u8]) -> Result<OleKind, ExtractError> {
    let cf = open(bytes)?;
    Ok(classify_names(&root_names(&cf)))
}

fn classify_names(names: &[String]) -> OleKind {
    let has = |n: &str| names.iter().any(|x| x == n);
    if has("WordDocument") {
        return OleKind::Word;
    }
    if has("Workbook") || has("Book") || has("WORKBOOK") || has("BOOK") {
        return OleKind::Workbook;
    }
    if has("PowerPoint Document") {
        return OleKind::PowerPoint;
    }
    if has("EncryptionInfo") && has("EncryptedPackage") {
        return OleKind::EncryptedOoxml;
    }
    if names.iter().any(|n| n.starts_with("__substg1.0_")) {
        return OleKind::OutlookMessage;
    }
    if has("\u{1}Ole10Native") || names.iter().any(|n| n.eq_ignore_ascii_case("Package")) {
        return OleKind::EmbeddedObject;
    }
    OleKind::Other(describe_other(names))
}

/// A plain-words description of an OLE file that is not a Word/Excel/PowerPoint document.
fn describe_other(names: &[String]) -> String {
    let any = |p: &str| names.iter().any(|x| x.starts_with(p));
    let what = if any("\u{6}DataSpaces") {
        "OLE file protected by rights management (DataSpaces): not read".to_string()
    } else if any("VisioDocument") {
        "Visio drawing (.vsd): not read".to_string()
    } else if any("Quill") || any("MatOST") {
        "Microsoft Publisher/Works file: not read".to_string()
    } else if any("CONTENTS") && any("SPELLING") {
        "Microsoft Works document: not read".to_string()
    } else {
        let mut listed: Vec<String> = names.iter().take(8).map(|n| printable_name(n)).collect();
        if names.len() > 8 {
            listed.push("…".into());
        }
        format!(
            "OLE compound file that is not a Word, Excel or PowerPoint document (streams: {}): not read",
            listed.join(", ")
        )
    };
    what
}

/// An embedded-object file: no text of its own; the file it carries becomes a hidden
/// member (`oleObject1.bin!/object/报表.pdf`).
pub fn extract_embedded(bytes: &[u8], ctx: &Ctx) -> Result<super::Document, ExtractError> {
    let mut cf = open(bytes)?;
    let mut b = DocumentBuilder::new("ole-object", ctx.budget.limits.max_text_bytes);
    push_embedded_storage(&mut cf, "/", "object", &mut b, ctx)?;
    Ok(b.finish())
}

/// A stream name with control characters (`\x05SummaryInformation`) shown as `\x05`.
fn printable_name(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\x{:02X}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect()
}

/// Reads one stream through the budget. A stream never legitimately exceeds the file.
pub(crate) fn read_stream(cf: &mut Cfb, path: &str, ctx: &Ctx) -> Result<Vec<u8>, ExtractError> {
    let stream = cf
        .open_stream(path)
        .map_err(|e| ExtractError::Corrupt(format!("OLE stream {}: {e}", printable_name(path))))?;
    let cap = ctx.budget.limits.max_file_bytes;
    ctx.budget
        .read_bounded(stream, cap, None, &printable_name(path))
}

/// Reads a stream if it exists (`Ok(None)` when absent).
pub(crate) fn read_stream_opt(
    cf: &mut Cfb,
    path: &str,
    ctx: &Ctx,
) -> Result<Option<Vec<u8>>, ExtractError> {
    if !cf.is_stream(path) {
        return Ok(None);
    }
    read_stream(cf, path, ctx).map(Some)
}

// ---------------------------------------------------------------------------------------
// Little-endian readers that never panic.

pub(crate) fn u8_at(b: &[u8], at: usize) -> Option<u8> {
    b.get(at).copied()
}

pub(crate) fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    let s = b.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*s.first()?, *s.get(1)?]))
}

pub(crate) fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    let s = b.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([
        *s.first()?,
        *s.get(1)?,
        *s.get(2)?,
        *s.get(3)?,
    ]))
}

/// `len` bytes at `at`, or `None` past the end.
pub(crate) fn slice(b: &[u8], at: usize, len: usize) -> Option<&[u8]> {
    b.get(at..at.checked_add(len)?)
}

/// UTF-16LE bytes → text (lone surrogates become U+FFFD); a trailing odd byte is dropped.
pub(crate) fn utf16le(b: &[u8]) -> String {
    let units = b.chunks_exact(2).map(|c| {
        u16::from_le_bytes([
            c.first().copied().unwrap_or(0),
            c.get(1).copied().unwrap_or(0),
        ])
    });
    char::decode_utf16(units)
        .map(|r| r.unwrap_or('\u{FFFD}'))
        .collect()
}

/// Windows-1252 for the bytes 0x80–0x9F (what Word's "compressed" 8-bit pieces use);
/// other bytes are Latin-1.
pub(crate) fn cp1252(byte: u8) -> char {
    const HIGH: [u16; 32] = [
        0x20AC, 0x0081, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0x008D, 0x017D, 0x008F, 0x0090, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022,
        0x2013, 0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0x009D, 0x017E, 0x0178,
    ];
    if (0x80..0xA0).contains(&byte) {
        let unit = HIGH
            .get(usize::from(byte - 0x80))
            .copied()
            .unwrap_or(0xFFFD);
        char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}')
    } else {
        char::from(byte)
    }
}

// ---------------------------------------------------------------------------------------
// Embedded objects (Word ObjectPool storages, PowerPoint ExOleObjStg compound files).

/// Hands the document inside an embedded OLE object storage to the scanner as a hidden
/// member: the `Package` stream (an embedded docx/xlsx/pptx zip), the payload of
/// `\x01Ole10Native` (a file attached by Packager, often a PDF), `CONTENTS`, or — for an
/// embedded Word/Excel/PowerPoint document — the storage copied out as a compound file of
/// its own. Objects with nothing to read (equations, pictures) are left out.
pub(crate) fn push_embedded_storage(
    cf: &mut Cfb,
    storage: &str,
    label: &str,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    ctx.budget.check_time()?;
    let names: Vec<(String, bool)> = match cf.read_storage(storage) {
        Ok(entries) => entries
            .map(|e| (e.name().to_string(), e.is_stream()))
            .collect(),
        Err(e) => {
            b.member(
                label.to_string(),
                Err(ExtractError::Corrupt(format!(
                    "embedded object storage: {e}"
                ))),
                true,
            );
            return Ok(());
        }
    };
    let join = |n: &str| {
        if storage == "/" || storage.is_empty() {
            format!("/{n}")
        } else {
            format!("{storage}/{n}")
        }
    };
    let find = |want: &str| {
        names
            .iter()
            .find(|(n, s)| *s && n.eq_ignore_ascii_case(want))
            .map(|(n, _)| n.clone())
    };
    if let Some(n) = find("Package") {
        let content = read_stream(cf, &join(&n), ctx);
        b.member(format!("{label}.package"), content, true);
        return Ok(());
    }
    if let Some(n) = find("\u{1}Ole10Native") {
        match read_stream(cf, &join(&n), ctx) {
            Ok(raw) => {
                let (name, data) = ole10_native(&raw);
                let name = name.unwrap_or_else(|| format!("{label}.bin"));
                b.member(format!("{label}/{name}"), Ok(data), true);
            }
            Err(e) => b.member(label.to_string(), Err(e), true),
        }
        return Ok(());
    }
    let is_doc = names.iter().any(|(n, _)| {
        matches!(
            n.as_str(),
            "WordDocument" | "Workbook" | "Book" | "PowerPoint Document"
        )
    }) || (names.iter().any(|(n, _)| n == "EncryptionInfo")
        && names.iter().any(|(n, _)| n == "EncryptedPackage"));
    if is_doc {
        let content = copy_storage(cf, storage, ctx);
        b.member(format!("{label}.ole"), content, true);
        return Ok(());
    }
    if let Some(n) = find("CONTENTS") {
        let content = read_stream(cf, &join(&n), ctx);
        b.member(format!("{label}.contents"), content, true);
    }
    Ok(())
}

/// `\x01Ole10Native`: u32 size, u16 flags, label (C string), file name (C string), 4 bytes,
/// u32 length + temp path, u32 data length, data. Returns the file name (when the header
/// reads) and the payload (the whole stream past the size when it does not).
fn ole10_native(raw: &[u8]) -> (Option<String>, Vec<u8>) {
    fn cstr(b: &[u8], at: usize) -> Option<(String, usize)> {
        let rest = b.get(at..)?;
        let end = rest.iter().position(|&c| c == 0)?;
        let s = rest.get(..end)?;
        let text = match std::str::from_utf8(s) {
            Ok(t) => t.to_string(),
            Err(_) => encoding_rs::GBK
                .decode_without_bom_handling(s)
                .0
                .into_owned(),
        };
        Some((text, at.checked_add(end)?.checked_add(1)?))
    }
    let parsed = (|| {
        let mut at = 6; // size + flags
        let (label, next) = cstr(raw, at)?;
        at = next;
        let (_file, next) = cstr(raw, at)?;
        at = next.checked_add(4)?;
        let path_len = usize::try_from(u32_at(raw, at)?).ok()?;
        at = at.checked_add(4)?.checked_add(path_len)?;
        let data_len = usize::try_from(u32_at(raw, at)?).ok()?;
        let data = slice(raw, at.checked_add(4)?, data_len)?;
        let name = label
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(&label)
            .to_string();
        Some((name, data.to_vec()))
    })();
    match parsed {
        Some((name, data)) if !name.trim().is_empty() => (Some(name), data),
        Some((_, data)) => (None, data),
        None => (None, raw.get(4..).unwrap_or(&[]).to_vec()),
    }
}

/// Copies a storage and everything under it into a new compound file in memory.
fn copy_storage(cf: &mut Cfb, storage: &str, ctx: &Ctx) -> Result<Vec<u8>, ExtractError> {
    let broken = |e: std::io::Error| ExtractError::Corrupt(format!("embedded object: {e}"));
    let entries: Vec<(std::path::PathBuf, bool)> = cf
        .walk_storage(storage)
        .map_err(broken)?
        .map(|e| (e.path().to_path_buf(), e.is_stream()))
        .collect();
    let base = std::path::Path::new(storage);
    let mut out = cfb::CompoundFile::create(Cursor::new(Vec::new())).map_err(broken)?;
    for (path, is_stream) in entries {
        ctx.budget.check_time()?;
        let Ok(rel) = path.strip_prefix(base) else {
            continue;
        };
        if rel.as_os_str().is_empty() {
            continue;
        }
        let target = std::path::Path::new("/").join(rel);
        if is_stream {
            let data = read_stream(cf, &path.to_string_lossy(), ctx)?;
            let mut s = out.create_stream(&target).map_err(broken)?;
            s.write_all(&data).map_err(broken)?;
        } else {
            out.create_storage(&target).map_err(broken)?;
        }
    }
    out.flush().map_err(broken)?;
    let mut cursor = out.into_inner();
    cursor.rewind().map_err(broken)?;
    let mut bytes = Vec::new();
    cursor.read_to_end(&mut bytes).map_err(broken)?;
    Ok(bytes)
}

/// An embedded object that is itself a whole compound file (PowerPoint's ExOleObjStg):
/// opened and unwrapped like an ObjectPool storage.
pub(crate) fn push_embedded_file(
    bytes: &[u8],
    label: &str,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    match open(bytes) {
        Ok(mut cf) => push_embedded_storage(&mut cf, "/", label, b, ctx),
        Err(e) => {
            b.member(label.to_string(), Err(e), true);
            Ok(())
        }
    }
}

#[cfg(test)]
mod tests;
