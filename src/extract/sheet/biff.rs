//! xls (BIFF5/BIFF8) and Kingsoft WPS .et (BIFF8 in the same OLE container).
//!
//! Before calamine parses the file, the `Workbook` (or BIFF5 `Book`) stream is read with
//! the `cfb` crate (bounded, sizes checked against the file) and walked record by record:
//! a `FILEPASS` record means the workbook is encrypted; a `DIMENSIONS` record or a spread
//! of cell records whose bounding box is far larger than anything the stream could fill
//! is refused (calamine reserves and allocates that box, and an allocation failure aborts
//! the process). The same walk reads what calamine skips: hidden rows (`ROW` fDyZero),
//! hidden columns (`COLINFO` fHidden), comments (`NOTE` + `OBJ`/`TXO` text), text boxes,
//! and the sheet header and footer.

use crate::extract::sheet::{add_range, read_sheets};
use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use calamine::{Reader, Xls, XlsError};

use super::{
    emit_defined_names, emit_properties, guarded, header_text, SheetExtras, MAX_BOX_CELLS,
};
use crate::extract::document::{DocumentBuilder, Part};
use crate::extract::limits::ExtractError;
use crate::extract::{Ctx, Document};

/// Extracts a BIFF workbook (.xls, WPS .et).
pub fn extract_xls(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let (stream, embedded) = workbook_stream(bytes, ctx)?;
    let info = walk(&stream, ctx)?;
    drop(stream);
    let mut wb: Xls<_> = guarded("xls", || Xls::new(Cursor::new(bytes)))?.map_err(xls_error)?;
    let mut b = DocumentBuilder::new("xls", ctx.budget.limits.max_text_bytes);
    let sheets = wb.sheets_metadata().to_vec();
    let same_sheets = sheets.len() == info.sheets.len();
    let empty = SheetExtras::default();
    read_sheets(
        &mut b,
        ctx,
        &sheets,
        "xls",
        |i, _| match info.sheets.get(i) {
            Some(extras) if same_sheets => Cow::Borrowed(extras),
            _ => Cow::Borrowed(&empty),
        },
        |name, sink| add_range(&wb.worksheet_range(name).map_err(xls_error)?, sink, ctx),
    )?;
    let names = wb.defined_names().to_vec();
    emit_defined_names(&mut b, &names)?;
    match guarded("xls properties", || wb.workbook_properties()) {
        Ok(Ok(props)) => emit_properties(&mut b, &props)?,
        Ok(Err(e)) => b.member("document properties".into(), Err(xls_error(e)), true),
        Err(e) => b.member("document properties".into(), Err(e), true),
    }
    for (name, content) in embedded {
        b.member(name, content, true);
    }
    Ok(b.finish())
}

fn xls_error(e: XlsError) -> ExtractError {
    match e {
        XlsError::Password => {
            ExtractError::Encrypted("xls workbook with a password (FILEPASS)".into())
        }
        other => ExtractError::Corrupt(format!("xls: {other}")),
    }
}

/// An embedded object's name and content (or why it could not be read).
type Embedded = (String, Result<Vec<u8>, ExtractError>);

/// The `Workbook` (BIFF8) or `Book` (BIFF5) stream, read within the budget, and the
/// embedded objects (`MBD…` storages: Excel and WPS attachments).
fn workbook_stream(bytes: &[u8], ctx: &Ctx) -> Result<(Vec<u8>, Vec<Embedded>), ExtractError> {
    let mut cfb = cfb::CompoundFile::open(Cursor::new(bytes))
        .map_err(|e| ExtractError::Corrupt(format!("not a readable OLE compound file: {e}")))?;
    let name = [
        "/Workbook",
        "/Book",
        "/WORKBOOK",
        "/BOOK",
        "/workbook",
        "/book",
    ]
    .into_iter()
    .find(|n| cfb.is_stream(n))
    .ok_or_else(|| {
        ExtractError::Corrupt("OLE file without a Workbook stream: not an xls".into())
    })?;
    let declared = cfb
        .entry(name)
        .map(|e| e.len())
        .map_err(|e| ExtractError::Corrupt(format!("xls Workbook stream: {e}")))?;
    if declared > bytes.len() as u64 {
        return Err(ExtractError::Corrupt(format!(
            "xls Workbook stream declares {declared} bytes in a {}-byte file",
            bytes.len()
        )));
    }
    let stream = cfb
        .open_stream(name)
        .map_err(|e| ExtractError::Corrupt(format!("xls Workbook stream: {e}")))?;
    let workbook =
        ctx.budget
            .read_bounded(stream.take(declared), declared, None, "xls Workbook stream")?;
    let storages: Vec<String> = cfb
        .read_root_storage()
        .filter(|e| e.is_storage() && e.name().starts_with("MBD"))
        .map(|e| e.name().to_string())
        .collect();
    let mut embedded = Vec::new();
    for storage in storages {
        ctx.budget.check_time()?;
        let content = embedded_object(&mut cfb, &storage, bytes.len() as u64, ctx);
        let name = match &content {
            Ok((Some(file), _)) => format!("{storage}/{file}"),
            _ => storage.clone(),
        };
        embedded.push((name, content.map(|(_, data)| data)));
    }
    Ok((workbook, embedded))
}

/// Reads one stream of the compound file within the budget.
fn read_stream(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    path: &str,
    cap: u64,
    ctx: &Ctx,
) -> Result<Vec<u8>, ExtractError> {
    let stream = cfb
        .open_stream(path)
        .map_err(|e| ExtractError::Corrupt(format!("embedded object {path}: {e}")))?;
    ctx.budget.read_bounded(stream.take(cap), cap, None, path)
}

/// The file inside an `MBD…` storage: an OOXML `package` stream, the payload of an
/// `Ole10Native` stream (with its file name), a `CONTENTS` stream (PDF), or else the
/// storage itself copied into a compound file of its own (an embedded doc/xls/ppt).
fn embedded_object(
    cfb: &mut cfb::CompoundFile<Cursor<&[u8]>>,
    storage: &str,
    cap: u64,
    ctx: &Ctx,
) -> Result<(Option<String>, Vec<u8>), ExtractError> {
    let entries: Vec<(String, bool)> = cfb
        .read_storage(format!("/{storage}"))
        .map_err(|e| ExtractError::Corrupt(format!("embedded object {storage}: {e}")))?
        .map(|e| (e.name().to_string(), e.is_stream()))
        .collect();
    let find = |want: &str| {
        entries
            .iter()
            .find(|(n, stream)| *stream && n.eq_ignore_ascii_case(want))
            .map(|(n, _)| format!("/{storage}/{n}"))
    };
    if let Some(path) = find("package") {
        return Ok((None, read_stream(cfb, &path, cap, ctx)?));
    }
    if let Some(path) = find("\u{1}Ole10Native") {
        let raw = read_stream(cfb, &path, cap, ctx)?;
        return Ok(match ole10_native(&raw) {
            Some((name, data)) => (Some(name), data.to_vec()),
            None => (None, raw),
        });
    }
    if let Some(path) = find("CONTENTS") {
        return Ok((None, read_stream(cfb, &path, cap, ctx)?));
    }
    // A whole OLE document: copy its streams into a new compound file.
    let mut out = cfb::CompoundFile::create(Cursor::new(Vec::new()))
        .map_err(|e| ExtractError::Corrupt(format!("embedded object {storage}: {e}")))?;
    let paths: Vec<(std::path::PathBuf, bool)> = cfb
        .walk_storage(format!("/{storage}"))
        .map_err(|e| ExtractError::Corrupt(format!("embedded object {storage}: {e}")))?
        .map(|e| (e.path().to_path_buf(), e.is_stream()))
        .collect();
    let prefix = std::path::Path::new("/").join(storage);
    let mut copied = 0u64;
    for (path, is_stream) in paths {
        let Ok(rel) = path.strip_prefix(&prefix) else {
            continue;
        };
        if rel.as_os_str().is_empty() {
            continue;
        }
        let target = std::path::Path::new("/").join(rel);
        let what =
            |e: std::io::Error| ExtractError::Corrupt(format!("embedded object {storage}: {e}"));
        if is_stream {
            let data = read_stream(cfb, &path.to_string_lossy(), cap, ctx)?;
            copied = copied.saturating_add(data.len() as u64);
            if copied > cap {
                return Err(ExtractError::Limit(format!(
                    "embedded object {storage} is larger than its container"
                )));
            }
            let mut s = out.create_stream(&target).map_err(what)?;
            std::io::Write::write_all(&mut s, &data).map_err(what)?;
        } else {
            out.create_storage(&target).map_err(what)?;
        }
    }
    out.flush()
        .map_err(|e| ExtractError::Corrupt(format!("embedded object {storage}: {e}")))?;
    Ok((None, out.into_inner().into_inner()))
}

/// The file name and payload of an `Ole10Native` stream: total size u32, flags u16,
/// label, file name (NUL-terminated), reserved u32, command length u32 + command, data
/// length u32 + data.
fn ole10_native(raw: &[u8]) -> Option<(String, &[u8])> {
    let mut at = 6usize;
    let cstr = |at: &mut usize| -> Option<String> {
        let rest = raw.get(*at..)?;
        let end = rest.iter().position(|&b| b == 0)?;
        let text = encoding_rs::GB18030
            .decode_without_bom_handling(rest.get(..end)?)
            .0
            .into_owned();
        *at = at.checked_add(end + 1)?;
        Some(text)
    };
    let _label = cstr(&mut at)?;
    let file = cstr(&mut at)?;
    at = at.checked_add(4)?;
    let cmd = usize::try_from(u32_at(raw, at)?).ok()?;
    at = at.checked_add(4)?.checked_add(cmd)?;
    let len = usize::try_from(u32_at(raw, at)?).ok()?;
    at = at.checked_add(4)?;
    let data = raw.get(at..at.checked_add(len)?)?;
    let name = file
        .rsplit(['\\', '/'])
        .next()
        .filter(|n| !n.is_empty())
        .unwrap_or("Ole10Native")
        .to_string();
    Some((name, data))
}

/// What the record walk found.
#[derive(Default)]
struct BiffInfo {
    /// Per `BOUNDSHEET`, in workbook order.
    sheets: Vec<SheetExtras>,
}

fn u16_at(d: &[u8], at: usize) -> Option<u16> {
    let b = d.get(at..at.checked_add(2)?)?;
    Some(u16::from_le_bytes([*b.first()?, *b.get(1)?]))
}

fn u32_at(d: &[u8], at: usize) -> Option<u32> {
    let b = d.get(at..at.checked_add(4)?)?;
    Some(u32::from_le_bytes([
        *b.first()?,
        *b.get(1)?,
        *b.get(2)?,
        *b.get(3)?,
    ]))
}

/// BIFF records from `at`: `(type, data)`; stops at the end or at a truncated record.
struct Records<'a> {
    s: &'a [u8],
    at: usize,
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let typ = u16_at(self.s, self.at)?;
        let len = usize::from(u16_at(self.s, self.at.checked_add(2)?)?);
        let start = self.at.checked_add(4)?;
        let end = start.checked_add(len)?;
        let data = self.s.get(start..end)?;
        self.at = end;
        Some((typ, data))
    }
}

const BOF: u16 = 0x0809;
const EOF: u16 = 0x000A;
const CONTINUE: u16 = 0x003C;

/// Walks the globals and every sheet substream.
fn walk(stream: &[u8], ctx: &Ctx) -> Result<BiffInfo, ExtractError> {
    let mut info = BiffInfo::default();
    let mut positions = Vec::new();
    let mut biff8 = true;
    for (typ, data) in (Records { s: stream, at: 0 }) {
        match typ {
            BOF => biff8 = u16_at(data, 0) == Some(0x0600),
            0x002F => {
                return Err(ExtractError::Encrypted(
                    "xls workbook with a password (FILEPASS)".into(),
                ))
            }
            0x0085 => positions.push(u32_at(data, 0).unwrap_or(u32::MAX)),
            EOF => break,
            _ => {}
        }
    }
    // A cell box larger than what the stream could describe (even at two bytes per cell)
    // is a crafted allocation, not a sparse sheet.
    let cap = MAX_BOX_CELLS.max(stream.len() as u64);
    for pos in positions {
        ctx.budget.check_time()?;
        let at = usize::try_from(pos).unwrap_or(usize::MAX);
        if at >= stream.len() {
            info.sheets.push(SheetExtras::default());
            continue;
        }
        info.sheets.push(walk_sheet(stream, at, biff8, cap)?);
    }
    Ok(info)
}

/// Cell records whose first four bytes are row and column.
fn is_cell(typ: u16) -> bool {
    matches!(
        typ,
        0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD
    )
}

fn walk_sheet(
    stream: &[u8],
    at: usize,
    biff8: bool,
    cap: u64,
) -> Result<SheetExtras, ExtractError> {
    let mut out = SheetExtras::default();
    let mut depth = 0usize;
    let mut seen_bof = false;
    let (mut min_r, mut max_r, mut min_c, mut max_c) = (u32::MAX, 0u32, u32::MAX, 0u32);
    let mut last_obj: Option<u16> = None;
    // The TXO whose text the next CONTINUE records carry: object id, characters left.
    let mut pending: Option<(u16, usize)> = None;
    let mut texts: HashMap<u16, String> = HashMap::new();
    let mut order: Vec<u16> = Vec::new();
    let mut notes: Vec<(u32, u32, u16, String)> = Vec::new();
    for (typ, data) in (Records { s: stream, at }) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        if typ != CONTINUE {
            if let Some((id, _)) = pending.take() {
                order.push(id);
            }
        }
        match typ {
            BOF => {
                if seen_bof {
                    depth += 1;
                } else {
                    seen_bof = true;
                }
            }
            EOF => break,
            0x0200 => check_dimensions(data, cap)?,
            t if is_cell(t) => {
                if let (Some(r), Some(c)) = (u16_at(data, 0), u16_at(data, 2)) {
                    let last_c = if t == 0x00BD {
                        data.len()
                            .checked_sub(2)
                            .and_then(|i| u16_at(data, i))
                            .unwrap_or(c)
                    } else {
                        c
                    };
                    min_r = min_r.min(r.into());
                    max_r = max_r.max(r.into());
                    min_c = min_c.min(c.into());
                    max_c = max_c.max(c.max(last_c).into());
                }
            }
            0x0208 => {
                // ROW: rw, …, grbit at 12; fDyZero (0x20) = hidden.
                if let (Some(r), Some(flags)) = (u16_at(data, 0), u16_at(data, 12)) {
                    if flags & 0x20 != 0 {
                        out.hidden_rows.insert(r.into());
                    }
                }
            }
            0x007D => {
                // COLINFO: colFirst, colLast, coldx, ixfe, grbit (fHidden = bit 0).
                if let (Some(lo), Some(hi), Some(flags)) =
                    (u16_at(data, 0), u16_at(data, 2), u16_at(data, 8))
                {
                    if flags & 1 != 0 {
                        out.hidden_cols.push((lo.into(), hi.max(lo).into()));
                    }
                }
            }
            0x0014 | 0x0015 if biff8 => {
                let (part, field) = if typ == 0x0014 {
                    (Part::Header, "header")
                } else {
                    (Part::Footer, "footer")
                };
                if let Some((s, _)) = unicode_string(data, 0) {
                    let clean = header_text(&s);
                    if !clean.is_empty() {
                        out.headers.push((part, field.to_string(), clean));
                    }
                }
            }
            0x005D => {
                // OBJ: the first subrecord is ftCmo (ft 0x15): ot, id.
                last_obj = (u16_at(data, 0) == Some(0x15))
                    .then(|| u16_at(data, 6))
                    .flatten();
            }
            0x01B6 if biff8 => {
                let cch = usize::from(u16_at(data, 10).unwrap_or(0));
                if let Some(id) = last_obj {
                    if cch > 0 {
                        pending = Some((id, cch));
                        texts.insert(id, String::new());
                    }
                }
            }
            CONTINUE => {
                if let Some((id, left)) = pending {
                    let (high, chars) = match data.split_first() {
                        Some((flag, rest)) => (flag & 1 != 0, rest),
                        None => (false, &[][..]),
                    };
                    let (piece, n) = decode_chars(chars, left, high);
                    if let Some(t) = texts.get_mut(&id) {
                        t.push_str(&piece);
                    }
                    let left = left.saturating_sub(n);
                    if left == 0 || n == 0 {
                        pending = None;
                        order.push(id);
                    } else {
                        pending = Some((id, left));
                    }
                }
            }
            0x001C if biff8 => {
                // NOTE: rw, col, grbit, idObj, author (XLUnicodeString).
                if let (Some(r), Some(c), Some(id)) =
                    (u16_at(data, 0), u16_at(data, 2), u16_at(data, 6))
                {
                    let author = unicode_string(data, 8).map(|s| s.0).unwrap_or_default();
                    notes.push((r.into(), c.into(), id, author));
                }
            }
            _ => {}
        }
    }
    if min_r <= max_r && min_c <= max_c {
        let cells = (u64::from(max_r - min_r) + 1) * (u64::from(max_c - min_c) + 1);
        if cells > cap {
            return Err(ExtractError::Limit(format!(
                "xls sheet spans {cells} cells in a small stream (crafted sizes)"
            )));
        }
    }
    for (r, c, id, author) in notes {
        if let Some(text) = texts.remove(&id) {
            out.comments.push((r, c, author, text));
        }
    }
    for id in order {
        if let Some(text) = texts.remove(&id) {
            if !text.trim().is_empty() {
                out.text_boxes.push(text);
            }
        }
    }
    Ok(out)
}

/// `DIMENSIONS`: calamine reserves rows × columns cells from it.
fn check_dimensions(d: &[u8], cap: u64) -> Result<(), ExtractError> {
    let (rf, rl, cf, cl) = match d.len() {
        10 => (
            u32::from(u16_at(d, 0).unwrap_or(0)),
            u32::from(u16_at(d, 2).unwrap_or(0)),
            u16_at(d, 4).unwrap_or(0),
            u16_at(d, 6).unwrap_or(0),
        ),
        14 | 16 => (
            u32_at(d, 0).unwrap_or(0),
            u32_at(d, 4).unwrap_or(0),
            u16_at(d, 8).unwrap_or(0),
            u16_at(d, 10).unwrap_or(0),
        ),
        _ => return Ok(()),
    };
    let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
    let rows = u64::from(rl.saturating_sub(rf)) + 1;
    let cols = u64::from(cl.saturating_sub(cf)) + 1;
    if rows.saturating_mul(cols) > cap {
        return Err(ExtractError::Limit(format!(
            "xls sheet declares {rows} × {cols} cells (crafted DIMENSIONS record)"
        )));
    }
    Ok(())
}

/// `cch` characters of a BIFF8 string body: UTF-16LE when `high`, else one byte each
/// (Latin-1). Returns the text and the characters actually read.
fn decode_chars(d: &[u8], cch: usize, high: bool) -> (String, usize) {
    if high {
        let units: Vec<u16> = d
            .chunks_exact(2)
            .take(cch)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .collect();
        let n = units.len();
        (String::from_utf16_lossy(&units), n)
    } else {
        let s: String = d.iter().take(cch).map(|&b| char::from(b)).collect();
        let n = d.len().min(cch);
        (s, n)
    }
}

/// An `XLUnicodeString` (cch u16, flags u8, characters) at `at`.
fn unicode_string(d: &[u8], at: usize) -> Option<(String, usize)> {
    let cch = usize::from(u16_at(d, at)?);
    let flags = *d.get(at.checked_add(2)?)?;
    let body = d.get(at.checked_add(3)?..)?;
    Some(decode_chars(body, cch, flags & 1 != 0))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rec(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut v = typ.to_le_bytes().to_vec();
        v.extend_from_slice(&(data.len() as u16).to_le_bytes());
        v.extend_from_slice(data);
        v
    }

    #[test]
    fn sheet_walk_reads_hidden_rows_cols_notes() -> Result<(), ExtractError> {
        let mut s = rec(BOF, &[0, 6, 0x10, 0]);
        let mut row = vec![0u8; 16];
        row[0] = 4; // row 5
        row[12] = 0x20;
        s.extend(rec(0x0208, &row));
        s.extend(rec(0x007D, &[2, 0, 3, 0, 0, 0, 0, 0, 1, 0, 0, 0]));
        // OBJ ftCmo id 7, TXO with 4 characters, CONTINUE with the text.
        s.extend(rec(0x005D, &[0x15, 0, 0x12, 0, 0x19, 0, 7, 0]));
        let mut txo = vec![0u8; 18];
        txo[10] = 4;
        s.extend(rec(0x01B6, &txo));
        let mut text = vec![1u8];
        for u in "机密★1".encode_utf16() {
            text.extend_from_slice(&u.to_le_bytes());
        }
        s.extend(rec(CONTINUE, &text));
        s.extend(rec(CONTINUE, &[0; 16]));
        s.extend(rec(0x001C, &[1, 0, 2, 0, 0, 0, 7, 0, 2, 0, 0, b'A', b'B']));
        s.extend(rec(0x0014, &[3, 0, 0, b'&', b'C', b'X']));
        s.extend(rec(EOF, &[]));
        let out = walk_sheet(&s, 0, true, 1 << 24)?;
        assert!(out.hidden_rows.contains(&4));
        assert_eq!(out.hidden_cols, vec![(2, 3)]);
        assert_eq!(
            out.comments,
            vec![(1, 2, "AB".to_string(), "机密★1".to_string())]
        );
        assert_eq!(
            out.headers,
            vec![(Part::Header, "header".to_string(), "X".to_string())]
        );
        Ok(())
    }

    #[test]
    fn ole10_native_payload() {
        let mut raw = vec![0u8; 4];
        raw.extend_from_slice(&2u16.to_le_bytes());
        raw.extend_from_slice(b"label\0C:\\tmp\\a.pdf\0");
        raw.extend_from_slice(&[0, 0, 3, 0]);
        raw.extend_from_slice(&4u32.to_le_bytes());
        raw.extend_from_slice(b"x.p\0");
        raw.extend_from_slice(&5u32.to_le_bytes());
        raw.extend_from_slice(b"%PDF-");
        let (name, data) = ole10_native(&raw).unwrap_or_default();
        assert_eq!((name.as_str(), data), ("a.pdf", &b"%PDF-"[..]));
        assert!(ole10_native(&raw[..20]).is_none());
    }

    #[test]
    fn crafted_boxes_are_refused() {
        let mut dims = vec![0u8; 14];
        dims[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
        dims[10] = 0xFF;
        assert!(matches!(
            check_dimensions(&dims, 1 << 24),
            Err(ExtractError::Limit(_))
        ));
        let mut s = rec(BOF, &[0, 6, 0x10, 0]);
        s.extend(rec(0x0203, &[0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]));
        s.extend(rec(
            0x0203,
            &[0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        ));
        assert!(matches!(
            walk_sheet(&s, 0, true, 1 << 24),
            Err(ExtractError::Limit(_))
        ));
    }
}
