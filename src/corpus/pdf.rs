//! A PDF writer for Chinese text: the standard 14 fonts have no CJK glyphs, so text is
//! shown with a Type0 font (`/Encoding /Identity-H`) over a CIDFontType2 descendant that is
//! not embedded (`SimSun`), two bytes per character with the Unicode code point (BMP) as the
//! CID, and a `/ToUnicode` CMap that maps every code back to the same code point, so text
//! extractors read the characters exactly.
//!
//! Layout is simple on purpose: A4 pages (landscape for wide tables), paragraphs wrapped
//! only after punctuation (a labeled value never contains any, so none is split across
//! lines), table cells at column offsets. Content streams are deflated; output is
//! deterministic.

use std::fmt::Write as _;
use std::io::Write as _;

use flate2::write::ZlibEncoder;
use flate2::Compression;

use super::doc::{Block, Doc, Table};

const MARGIN: f32 = 50.0;
const BODY_SIZE: f32 = 10.5;
const TABLE_SIZE: f32 = 8.0;

/// A line of text at a position, in font size `size`.
struct Run {
    x: f32,
    size: f32,
    text: String,
}

/// One printed line: its runs and the vertical space it takes.
struct Line {
    runs: Vec<Run>,
    height: f32,
}

fn width_chars(s: &str) -> usize {
    s.chars().count()
}

/// Splits a paragraph into lines of about `max` characters, breaking only after
/// punctuation; a stretch without punctuation stays on one (long) line.
fn wrap(text: &str, max: usize) -> Vec<String> {
    const BREAK_AFTER: &[char] = &['，', '。', '；', '、', '：', '）', '！', '？', ',', ';'];
    let mut lines = Vec::new();
    let mut line = String::new();
    let mut n = 0usize;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        line.push(c);
        n += 1;
        let next_is_mark = chars
            .peek()
            .is_some_and(|p| BREAK_AFTER.contains(p) || *p == '”');
        if n >= max * 3 / 5 && BREAK_AFTER.contains(&c) && !next_is_mark {
            lines.push(std::mem::take(&mut line));
            n = 0;
        }
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn table_lines(t: &Table, page_width: f32) -> Vec<Line> {
    let cols = t.rows.iter().map(Vec::len).max().unwrap_or(0);
    let mut widths = vec![2usize; cols];
    for row in &t.rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(width_chars(cell) + 1);
        }
    }
    let total: usize = widths.iter().sum();
    let avail = page_width - 2.0 * MARGIN;
    let size = (avail / total.max(1) as f32).clamp(4.0, TABLE_SIZE);
    t.rows
        .iter()
        .map(|row| {
            let mut x = MARGIN;
            let mut runs = Vec::new();
            for (cell, w) in row.iter().zip(&widths) {
                if !cell.is_empty() {
                    runs.push(Run {
                        x,
                        size,
                        text: cell.clone(),
                    });
                }
                x += *w as f32 * size;
            }
            Line {
                runs,
                height: size * 1.6,
            }
        })
        .collect()
}

/// Lays the document out into pages of lines; returns the page size too.
fn layout(doc: &Doc) -> (f32, f32, Vec<Vec<Line>>) {
    let widest = doc
        .blocks
        .iter()
        .filter_map(|b| match b {
            Block::Table(t) => t
                .rows
                .iter()
                .map(|r| r.iter().map(|c| width_chars(c) + 1).sum::<usize>())
                .max(),
            _ => None,
        })
        .max()
        .unwrap_or(0);
    let (w, h) = if widest as f32 * TABLE_SIZE > 595.0 - 2.0 * MARGIN {
        (842.0, 595.0)
    } else {
        (595.0, 842.0)
    };
    let per_line = ((w - 2.0 * MARGIN) / BODY_SIZE) as usize;
    let mut lines = Vec::new();
    for block in &doc.blocks {
        match block {
            Block::Title(t) => {
                let size = 16.0;
                let x = ((w - width_chars(t) as f32 * size) / 2.0).max(MARGIN);
                lines.push(Line {
                    runs: vec![Run {
                        x,
                        size,
                        text: t.clone(),
                    }],
                    height: size * 2.0,
                });
            }
            Block::Para(p) => {
                for (i, text) in wrap(p, per_line).into_iter().enumerate() {
                    let indent = if i == 0 { 2.0 * BODY_SIZE } else { 0.0 };
                    lines.push(Line {
                        runs: vec![Run {
                            x: MARGIN + indent,
                            size: BODY_SIZE,
                            text,
                        }],
                        height: BODY_SIZE * 1.8,
                    });
                }
            }
            Block::Table(t) => lines.extend(table_lines(t, w)),
        }
    }
    let mut pages = vec![Vec::new()];
    let mut used = 0.0;
    for line in lines {
        if used + line.height > h - 2.0 * MARGIN {
            pages.push(Vec::new());
            used = 0.0;
        }
        used += line.height;
        if let Some(page) = pages.last_mut() {
            page.push(line);
        }
    }
    (w, h, pages)
}

/// UTF-16BE hex of `text`: with Identity-H and CID = code point this is the CID string.
fn hex(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 4);
    for unit in text.encode_utf16() {
        let _ = write!(out, "{unit:04X}");
    }
    out
}

fn content(lines: &[Line], page_height: f32) -> String {
    let mut out = String::new();
    let mut y = page_height - MARGIN;
    for line in lines {
        y -= line.height;
        for run in &line.runs {
            let _ = writeln!(
                out,
                "BT /F1 {:.1} Tf {:.1} {:.1} Td <{}> Tj ET",
                run.size,
                run.x,
                y,
                hex(&run.text)
            );
        }
    }
    out
}

fn deflate(data: &[u8]) -> Vec<u8> {
    let mut enc = ZlibEncoder::new(Vec::new(), Compression::default());
    // Writing into a Vec cannot fail short of allocation failure.
    let _ = enc.write_all(data);
    enc.finish().unwrap_or_default()
}

/// The ToUnicode CMap: each used high byte gets one range `<hh00> <hhFF> <hh00>`, so every
/// 2-byte code maps to the same Unicode code point.
fn to_unicode(doc_text: &str) -> String {
    let mut highs: Vec<u16> = doc_text.encode_utf16().map(|u| u >> 8).collect();
    highs.sort_unstable();
    highs.dedup();
    let mut out = String::from(
        "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n",
    );
    for chunk in highs.chunks(100) {
        let _ = writeln!(out, "{} beginbfrange", chunk.len());
        for h in chunk {
            let _ = writeln!(out, "<{h:02X}00> <{h:02X}FF> <{h:02X}00>");
        }
        out.push_str("endbfrange\n");
    }
    out.push_str("endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
    out
}

/// Appends `n 0 obj … endobj` and records its offset.
fn object(out: &mut Vec<u8>, offsets: &mut Vec<usize>, body: &[u8]) {
    offsets.push(out.len());
    let _ = writeln!(out, "{} 0 obj", offsets.len());
    out.extend_from_slice(body);
    out.extend_from_slice(b"\nendobj\n");
}

fn stream(dict_extra: &str, data: &[u8]) -> Vec<u8> {
    let packed = deflate(data);
    let mut body = format!(
        "<< /Length {} /Filter /FlateDecode{dict_extra} >>\nstream\n",
        packed.len()
    )
    .into_bytes();
    body.extend_from_slice(&packed);
    body.extend_from_slice(b"\nendstream");
    body
}

/// The PDF bytes of `doc`.
pub fn pdf(doc: &Doc) -> Vec<u8> {
    let (w, h, pages) = layout(doc);
    let mut out: Vec<u8> = b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n".to_vec();
    let mut offsets = Vec::new();
    // Objects 1–6 are fixed; pages and their contents follow as 7, 8, 9, 10 …
    let kids: Vec<String> = (0..pages.len())
        .map(|i| format!("{} 0 R", 7 + 2 * i))
        .collect();
    object(&mut out, &mut offsets, b"<< /Type /Catalog /Pages 2 0 R >>");
    object(
        &mut out,
        &mut offsets,
        format!(
            "<< /Type /Pages /Kids [{}] /Count {} >>",
            kids.join(" "),
            pages.len()
        )
        .as_bytes(),
    );
    object(
        &mut out,
        &mut offsets,
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts [4 0 R] /ToUnicode 6 0 R >>",
    );
    object(
        &mut out,
        &mut offsets,
        b"<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /FontDescriptor 5 0 R /DW 1000 /CIDToGIDMap /Identity >>",
    );
    object(
        &mut out,
        &mut offsets,
        b"<< /Type /FontDescriptor /FontName /SimSun /Flags 6 /FontBBox [-8 -145 1000 859] /ItalicAngle 0 /Ascent 859 /Descent -141 /CapHeight 683 /StemV 80 >>",
    );
    let all_text: String = pages
        .iter()
        .flatten()
        .flat_map(|l| l.runs.iter().map(|r| r.text.as_str()))
        .collect();
    object(
        &mut out,
        &mut offsets,
        &stream("", to_unicode(&all_text).as_bytes()),
    );
    for (i, lines) in pages.iter().enumerate() {
        object(
            &mut out,
            &mut offsets,
            format!(
                "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 {w:.0} {h:.0}] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>",
                8 + 2 * i
            )
            .as_bytes(),
        );
        object(
            &mut out,
            &mut offsets,
            &stream("", content(lines, h).as_bytes()),
        );
    }
    let xref = out.len();
    let _ = write!(out, "xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1);
    for off in &offsets {
        let _ = writeln!(out, "{off:010} 00000 n ");
    }
    let _ = write!(
        out,
        "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n",
        offsets.len() + 1
    );
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_breaks_only_after_punctuation() {
        let text = "当事人：张三，住址：开福区芙蓉中路88号3栋2单元501室。经查明，当事人无证经营。";
        let lines = wrap(text, 10);
        assert!(lines.len() > 1);
        assert!(lines
            .iter()
            .any(|l| l.contains("开福区芙蓉中路88号3栋2单元501室")));
        assert_eq!(lines.concat(), text);
    }

    #[test]
    fn hex_is_utf16_code_units() {
        assert_eq!(hex("张A"), "5F200041");
    }
}
