//! Plain text in any of the encodings government systems write: UTF-8 (with or without
//! BOM), UTF-16 LE/BE (BOM, or detected from the NUL pattern), GBK/GB18030 and other legacy
//! charsets (detected with `chardetng` when the bytes are not UTF-8), or forced by the caller.
//!
//! Large inputs are decoded as a stream of chunks with an overlap, so memory stays bounded
//! whatever the file size: each chunk reports only the findings that start in its own
//! region `[report_from, report_to)`, and carries the text before that region so that cue
//! words and values crossing a chunk boundary are seen whole.

use std::io::Read;

use encoding_rs::{Decoder, Encoding, UTF_16BE, UTF_16LE, UTF_8};

/// Raw bytes read per chunk.
pub const CHUNK_BYTES: usize = 8 << 20;
/// A chunk's report region ends this far before its end, so a value starting just before
/// the region end is still whole inside the chunk.
const OVERLAP: usize = 4096;
/// Text kept before the next chunk's report region, for cue words.
const LOOKBACK: usize = 256;

/// One decoded piece of a text input, borrowed from the reader's reused buffer.
pub struct Chunk<'a> {
    pub text: &'a str,
    /// Findings starting in `report_from..report_to` belong to this chunk.
    pub report_from: usize,
    pub report_to: usize,
    /// Line number (0-based) at the start of `text`.
    pub line_base: u64,
    /// Characters between the start of that line and the start of `text`.
    pub column_base: u64,
    /// Byte offset of `text` in the whole decoded input.
    pub offset_base: u64,
}

impl<'a> Chunk<'a> {
    /// A whole input in one piece.
    pub fn whole(text: &'a str) -> Self {
        Chunk {
            text,
            report_from: 0,
            report_to: text.len(),
            line_base: 0,
            column_base: 0,
            offset_base: 0,
        }
    }
}

/// What the first bytes say about a text input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    Text {
        encoding: &'static Encoding,
        bom_len: usize,
    },
    Binary,
}

/// Decides the encoding from the first bytes of an input (BOM, UTF-16 NUL pattern, UTF-8
/// validity, then a statistical guess). `forced` skips detection (BOMs are still removed).
pub fn sniff(head: &[u8], forced: Option<&'static Encoding>) -> Sniffed {
    if let Some((enc, bom_len)) = Encoding::for_bom(head) {
        let encoding = forced.unwrap_or(enc);
        return Sniffed::Text { encoding, bom_len };
    }
    if let Some(encoding) = forced {
        return Sniffed::Text {
            encoding,
            bom_len: 0,
        };
    }
    if memchr::memchr(0, head).is_some() {
        return match utf16_without_bom(head) {
            Some(encoding) => Sniffed::Text {
                encoding,
                bom_len: 0,
            },
            None => Sniffed::Binary,
        };
    }
    let valid_utf8 = match simdutf8::compat::from_utf8(head) {
        Ok(_) => true,
        // An incomplete sequence at the very end is a cut, not an error.
        Err(e) => e.error_len().is_none(),
    };
    if valid_utf8 || is_mostly_utf8(head) {
        return Sniffed::Text {
            encoding: UTF_8,
            bom_len: 0,
        };
    }
    let mut detector = chardetng::EncodingDetector::new();
    detector.feed(head, false);
    let guess = detector.guess(None, false);
    // GBK text is decoded as GB18030, its superset.
    let encoding = if guess == encoding_rs::GBK {
        encoding_rs::GB18030
    } else {
        guess
    };
    Sniffed::Text {
        encoding,
        bom_len: 0,
    }
}

/// A whole input decoded the way text inputs are (BOM, UTF-16, UTF-8, detected legacy
/// charset, or `forced`); for formats read whole (CSV, HTML, e-mail, RTF, term lists).
pub fn decode_all(bytes: &[u8], forced: Option<&'static Encoding>) -> String {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    match sniff(head, forced) {
        Sniffed::Text { encoding, bom_len } => {
            let body = bytes.get(bom_len..).unwrap_or(&[]);
            encoding.decode_without_bom_handling(body).0.into_owned()
        }
        Sniffed::Binary => String::from_utf8_lossy(bytes).into_owned(),
    }
}

/// UTF-8 with at most a stray invalid sequence per 8 valid non-ASCII characters. A damaged
/// byte in a UTF-8 file must not turn the whole file into mojibake (the marks and terms
/// would be missed); GBK text read as UTF-8 is invalid almost everywhere, so it fails this.
fn is_mostly_utf8(head: &[u8]) -> bool {
    let mut non_ascii = 0usize;
    let mut invalid = 0usize;
    let mut chunks = head.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        // Lead bytes count characters without decoding them.
        non_ascii += chunk.valid().bytes().filter(|&b| b >= 0xC0).count();
        // An incomplete sequence at the very end is a cut, not an error.
        if !chunk.invalid().is_empty() && chunks.peek().is_some() {
            invalid += 1;
        }
    }
    invalid == 0 || non_ascii >= 8 * invalid
}

/// UTF-16 without a BOM: mostly-ASCII text has a NUL in every other byte.
fn utf16_without_bom(head: &[u8]) -> Option<&'static Encoding> {
    let pairs = head.len() / 2;
    if pairs < 8 {
        return None;
    }
    let even_nuls = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd_nuls = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    if odd_nuls * 10 >= pairs * 4 && even_nuls * 20 < pairs {
        Some(UTF_16LE)
    } else if even_nuls * 10 >= pairs * 4 && odd_nuls * 20 < pairs {
        Some(UTF_16BE)
    } else {
        None
    }
}

/// Streams an input as decoded chunks. The raw and decoded buffers are reused from chunk
/// to chunk: allocating fresh multi-megabyte buffers each time made the kernel zero pages
/// for a fifth of the run time.
pub struct TextChunks<R> {
    reader: R,
    decoder: Decoder,
    raw: Vec<u8>,
    text: String,
    /// Bytes at the front of `text` carried over from the previous chunk.
    carry_start: usize,
    next_report_from: usize,
    line_base: u64,
    column_base: u64,
    offset_base: u64,
    started: bool,
    finished: bool,
    /// Input bytes consumed so far, BOM included.
    bytes_read: u64,
}

impl<R: Read> TextChunks<R> {
    /// `head` holds the bytes already read for sniffing; they are decoded first.
    pub fn new(reader: R, mut head: Vec<u8>, encoding: &'static Encoding, bom_len: usize) -> Self {
        let bytes_read = head.len() as u64;
        head.drain(..bom_len.min(head.len()));
        TextChunks {
            bytes_read,
            reader,
            decoder: encoding.new_decoder_without_bom_handling(),
            raw: head,
            text: String::new(),
            carry_start: 0,
            next_report_from: 0,
            line_base: 0,
            column_base: 0,
            offset_base: 0,
            started: false,
            finished: false,
        }
    }

    /// The next chunk, `Ok(None)` at the end.
    pub fn next_chunk(&mut self) -> std::io::Result<Option<Chunk<'_>>> {
        if self.finished {
            return Ok(None);
        }
        if self.started {
            self.advance_bookkeeping();
            self.raw.clear();
        }
        self.started = true;
        let before = self.raw.len();
        let eof = fill(&mut self.reader, &mut self.raw, CHUNK_BYTES)?;
        self.bytes_read += (self.raw.len() - before) as u64;
        let needed = self
            .decoder
            .max_utf8_buffer_length(self.raw.len())
            .unwrap_or(self.raw.len().saturating_mul(3));
        self.text.reserve(needed);
        let _ = self
            .decoder
            .decode_to_string(&self.raw, &mut self.text, eof);
        let report_from = self.next_report_from;
        let report_to = if eof {
            self.finished = true;
            self.text.len()
        } else {
            let cut = cut_point(&self.text, report_from);
            self.carry_start = floor_boundary(
                &self.text,
                cut.saturating_sub(LOOKBACK).max(report_from.min(cut)),
            );
            self.next_report_from = cut - self.carry_start;
            cut
        };
        Ok(Some(Chunk {
            text: &self.text,
            report_from,
            report_to,
            line_base: self.line_base,
            column_base: self.column_base,
            offset_base: self.offset_base,
        }))
    }

    /// Input bytes read so far (the size of the input once the last chunk is out).
    pub fn bytes_read(&self) -> u64 {
        self.bytes_read
    }

    /// Moves the carried tail to the front of the buffer and advances line/column/offset
    /// bases past the text dropped before it.
    fn advance_bookkeeping(&mut self) {
        let head = self.text.get(..self.carry_start).unwrap_or("");
        let newlines = memchr::memchr_iter(b'\n', head.as_bytes()).count() as u64;
        self.line_base += newlines;
        self.column_base = match head.rfind('\n') {
            Some(p) => head.get(p + 1..).map_or(0, |t| t.chars().count() as u64),
            None => self.column_base + head.chars().count() as u64,
        };
        self.offset_base += self.carry_start as u64;
        self.text.drain(..self.carry_start);
        self.carry_start = 0;
    }
}

/// Reads until `buf` holds `want` bytes or the input ends; returns true at the end.
fn fill(reader: &mut impl Read, buf: &mut Vec<u8>, want: usize) -> std::io::Result<bool> {
    while buf.len() < want {
        let before = buf.len();
        let n = reader
            .by_ref()
            .take((want - before) as u64)
            .read_to_end(buf)?;
        if n == 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

/// Where this chunk's report region ends: `OVERLAP` before the end, moved back to just
/// after a line break when one is near, so the next chunk starts on a fresh line.
fn cut_point(text: &str, report_from: usize) -> usize {
    let target = floor_boundary(text, text.len().saturating_sub(OVERLAP));
    let search_from = target.saturating_sub(OVERLAP).max(report_from);
    let cut = text
        .as_bytes()
        .get(search_from..target)
        .and_then(|w| memchr::memrchr(b'\n', w))
        .map_or(target, |p| search_from + p + 1);
    cut.max(report_from)
}

fn floor_boundary(text: &str, mut i: usize) -> usize {
    i = i.min(text.len());
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_encodings() {
        let bom8 = [&[0xEF, 0xBB, 0xBF][..], "身份证".as_bytes()].concat();
        assert_eq!(
            sniff(&bom8, None),
            Sniffed::Text {
                encoding: UTF_8,
                bom_len: 3
            }
        );
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("ab".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(
            sniff(&le, None),
            Sniffed::Text {
                encoding: UTF_16LE,
                bom_len: 2
            }
        );
        let le_nobom: Vec<u8> = "hello world 12345"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(
            sniff(&le_nobom, None),
            Sniffed::Text {
                encoding: UTF_16LE,
                bom_len: 0
            }
        );
        let (gbk, _, _) = encoding_rs::GBK
            .encode("关于开展城乡低保复核工作的通知，联系人王晓明，身份证号码如下所示。");
        assert_eq!(
            sniff(&gbk, None),
            Sniffed::Text {
                encoding: encoding_rs::GB18030,
                bom_len: 0
            }
        );
        assert_eq!(
            sniff(b"\x00\x01\x02binary\x00\x00\x00\x00\x00", None),
            Sniffed::Binary
        );
        let cut = &"身份证".as_bytes()[..7];
        assert_eq!(
            sniff(cut, None),
            Sniffed::Text {
                encoding: UTF_8,
                bom_len: 0
            }
        );
        // Regression (hostile_010/stray byte): one bad byte keeps UTF-8.
        let damaged = [
            "机密★5年\n关于全市重点项目推进情况的通报\n".as_bytes(),
            b"\xff\n",
            "本材料仅供内部参考。".as_bytes(),
        ]
        .concat();
        assert_eq!(
            sniff(&damaged, None),
            Sniffed::Text {
                encoding: UTF_8,
                bom_len: 0
            }
        );
    }

    #[test]
    fn chunks_cover_text_once() {
        let line = "第一行文字，身份证号码。\n";
        let text = line.repeat(CHUNK_BYTES / line.len() * 2 + 17);
        let mut chunks = TextChunks::new(
            std::io::Cursor::new(text.clone().into_bytes()),
            Vec::new(),
            UTF_8,
            0,
        );
        let mut rebuilt = String::new();
        let mut count = 0;
        while let Ok(Some(c)) = chunks.next_chunk() {
            let start = rebuilt.len() - c.report_from;
            assert_eq!(c.line_base, text[..start].matches('\n').count() as u64);
            rebuilt.push_str(&c.text[c.report_from..c.report_to]);
            count += 1;
        }
        assert!(count >= 3, "{count} chunks");
        assert_eq!(rebuilt, text);
    }
}
