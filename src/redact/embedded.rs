//! Office files embedded in an Office file (a worksheet inside a Word notice, a document
//! inside a workbook) are a classic hidden leak: the reader sees a table, the file holds
//! the whole roster. After the outer package is rewritten, each embedded docx/xlsx is
//! rewritten with the same plan and put back; every other member is copied raw.
//! Embedded legacy OLE objects (`oleObject*.bin`) are not rewritten: the verification
//! rescan reports what they still hold. The preview pictures of embedded objects, which
//! still show the old content, are replaced by blank ones (see `preview`).

use std::io::{Cursor, Read, Write};

use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::{docx, xlsx, FormatOptions, Plan, RedactError, Redacted};
use crate::extract::Limits;

/// Embedded packages inside embedded packages are followed this deep.
const MAX_DEPTH: u32 = 3;

fn zip_err(e: zip::result::ZipError) -> RedactError {
    RedactError::Malformed(format!("zip: {e}"))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Docx,
    Xlsx,
}

/// Which rewriter an embedded member takes, by its place and name (`word/embeddings/
/// Microsoft_Excel_Worksheet1.xlsx`, `xl/embeddings/…docx`).
fn embedded_kind(name: &str) -> Option<Kind> {
    let lower = name.to_ascii_lowercase();
    if !lower.contains("/embeddings/") {
        return None;
    }
    match lower.rsplit_once('.').map(|(_, ext)| ext) {
        Some("docx" | "docm") => Some(Kind::Docx),
        Some("xlsx" | "xlsm") => Some(Kind::Xlsx),
        _ => None,
    }
}

/// `outer` (a rewritten docx/xlsx) with its embedded docx/xlsx members rewritten too.
pub fn redact_embedded(
    outer: Redacted,
    plan: &Plan,
    options: &FormatOptions,
    depth: u32,
) -> Result<Redacted, RedactError> {
    let Ok(mut archive) = ZipArchive::new(Cursor::new(outer.bytes.as_slice())) else {
        return Ok(outer);
    };
    let targets: Vec<(usize, Kind)> = (0..archive.len())
        .filter_map(|i| {
            let name = archive.name_for_index(i)?.ok()?;
            embedded_kind(&name).map(|k| (i, k))
        })
        .collect();
    if targets.is_empty() || depth >= MAX_DEPTH {
        return Ok(outer);
    }
    let limit = Limits::default().max_decompressed_bytes;
    let names: Vec<String> = (0..archive.len())
        .filter_map(|i| archive.name_for_index(i)?.ok().map(|n| n.into_owned()))
        .collect();
    let previews = super::preview::previews(&names, &mut |name| {
        let file = archive.by_name(name).ok()?;
        let mut text = String::new();
        file.take(limit).read_to_string(&mut text).ok()?;
        Some(text)
    });
    let mut blanked = 0usize;
    let mut writer = ZipWriter::new(Cursor::new(Vec::new()));
    let mut replaced = outer.replaced;
    let mut rewritten = 0usize;
    for i in 0..archive.len() {
        let target = targets.iter().find(|(t, _)| *t == i).map(|(_, k)| *k);
        let Some(kind) = target else {
            let file = archive.by_index_raw(i).map_err(zip_err)?;
            let name = file.name().map_err(zip_err)?.into_owned();
            if previews.contains(&name) {
                let Some(blank) = super::preview::blank_for(&name) else {
                    return Err(RedactError::Unsupported(format!(
                        "嵌入对象的预览图 {name} 格式无法替换：请在 Word/WPS 中删除该对象的预览或改为图标显示后再运行"
                    )));
                };
                let opts =
                    SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
                drop(file);
                writer.start_file(name.as_str(), opts).map_err(zip_err)?;
                writer
                    .write_all(&blank)
                    .map_err(|e| RedactError::Malformed(format!("zip: {e}")))?;
                blanked += 1;
                continue;
            }
            writer.raw_copy_file(file).map_err(zip_err)?;
            continue;
        };
        let (name, data) = {
            let file = archive.by_index(i).map_err(zip_err)?;
            let name = file.name().map_err(zip_err)?.into_owned();
            let mut data = Vec::new();
            file.take(limit)
                .read_to_end(&mut data)
                .map_err(|e| RedactError::Malformed(format!("embedded file: {e}")))?;
            (name, data)
        };
        let inner = match kind {
            Kind::Docx => docx::redact_docx(&data, plan, options),
            Kind::Xlsx => xlsx::redact_xlsx(&data, plan, options),
        };
        // An embedded file that cannot be rewritten stays as it was; the rescan of the
        // copy then reports whatever it still holds.
        let new = match inner.and_then(|r| redact_embedded(r, plan, options, depth + 1)) {
            Ok(r) => {
                replaced += r.replaced;
                rewritten += 1;
                r.bytes
            }
            Err(_) => data,
        };
        let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
        writer.start_file(name.as_str(), opts).map_err(zip_err)?;
        writer
            .write_all(&new)
            .map_err(|e| RedactError::Malformed(format!("zip: {e}")))?;
    }
    writer
        .set_raw_comment(archive.comment().to_vec().into_boxed_slice())
        .map_err(zip_err)?;
    let bytes = writer.finish().map_err(zip_err)?.into_inner();
    let mut actions = outer.actions;
    if rewritten > 0 {
        actions.push(format!("嵌入文件脱敏 {rewritten} 个"));
    }
    if blanked > 0 {
        actions.push(format!(
            "嵌入对象预览图清空 {blanked} 张（在 Word/WPS 中双击对象可按脱敏后的内容重绘）"
        ));
    }
    Ok(Redacted {
        bytes,
        replaced,
        actions,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_members_are_recognised_by_place_and_extension() {
        assert!(
            embedded_kind("word/embeddings/Microsoft_Excel_Worksheet1.xlsx") == Some(Kind::Xlsx)
        );
        assert!(embedded_kind("xl/embeddings/Document.DOCX") == Some(Kind::Docx));
        assert!(embedded_kind("word/embeddings/oleObject1.bin").is_none());
        assert!(embedded_kind("word/media/a.xlsx").is_none());
    }
}
