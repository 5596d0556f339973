//! The byte stream of a WARC file: the file itself, or its gzip members decompressed one
//! after another. A `.warc.gz` is by convention one gzip member per record, but one gzip
//! stream for the whole file (`gzip site.warc`) is read the same way.
//!
//! A damaged member fails the read; [`Source::resync`] then moves to the next gzip header
//! after the damaged member's start, so with one member per record only that record is
//! lost. Decompression is counted and bounded (ratio to the file size and the
//! decompression limit): a WARC is a container like any archive.

use std::io::{self, Read};

use flate2::bufread::GzDecoder;

use crate::extract::limits::ExtractError;

const GZIP_MAGIC: &[u8] = b"\x1F\x8B\x08";

/// A WARC file's bytes as a readable stream.
pub enum Source<'a> {
    Plain(&'a [u8]),
    Gzip(Box<Members<'a>>),
}

impl<'a> Source<'a> {
    /// Gzip when the file starts with a gzip header, else the bytes as they are.
    /// Decompressed bytes are bounded by `cap`.
    pub fn open(bytes: &'a [u8], cap: u64) -> Self {
        if bytes.starts_with(GZIP_MAGIC) {
            Source::Gzip(Box::new(Members {
                data: bytes,
                next: 0,
                start: 0,
                decoder: None,
                produced: 0,
                cap,
            }))
        } else {
            Source::Plain(bytes)
        }
    }

    /// After a read error: moves to the next gzip member that may start a record.
    /// `false` when there is none (or the file is not compressed: a plain WARC cannot be
    /// resynchronised safely).
    pub fn resync(&mut self) -> bool {
        match self {
            Source::Plain(_) => false,
            Source::Gzip(m) => m.resync(),
        }
    }

    pub fn is_gzip(&self) -> bool {
        matches!(self, Source::Gzip(_))
    }

    /// Where in the file the current gzip member starts (for messages).
    pub fn member_offset(&self) -> Option<usize> {
        match self {
            Source::Plain(_) => None,
            Source::Gzip(m) => Some(m.start),
        }
    }
}

impl Read for Source<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        match self {
            Source::Plain(b) => b.read(buf),
            Source::Gzip(m) => m.read(buf),
        }
    }
}

/// Gzip members read back to back.
pub struct Members<'a> {
    data: &'a [u8],
    /// The first compressed byte no decoder has taken yet.
    next: usize,
    /// Where the member being read starts.
    start: usize,
    decoder: Option<GzDecoder<&'a [u8]>>,
    produced: u64,
    cap: u64,
}

impl Members<'_> {
    fn resync(&mut self) -> bool {
        self.decoder = None;
        let from = self.start.saturating_add(1);
        let found = self
            .data
            .get(from..)
            .and_then(|rest| memchr::memmem::find(rest, GZIP_MAGIC));
        match found {
            Some(at) => {
                self.next = from + at;
                self.start = self.next;
                true
            }
            None => {
                self.next = self.data.len();
                false
            }
        }
    }
}

impl Read for Members<'_> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        loop {
            let decoder = match &mut self.decoder {
                Some(d) => d,
                None => {
                    let rest = self.data.get(self.next..).unwrap_or(&[]);
                    if rest.is_empty() {
                        return Ok(0);
                    }
                    self.start = self.next;
                    self.decoder.insert(GzDecoder::new(rest))
                }
            };
            let n = decoder.read(buf)?;
            if n == 0 {
                // This member is done: the next starts right after its trailer.
                let left = decoder.get_ref().len();
                self.next = self.data.len().saturating_sub(left);
                self.decoder = None;
                if self.next <= self.start {
                    return Err(io::Error::new(
                        io::ErrorKind::InvalidData,
                        "an empty gzip member",
                    ));
                }
                continue;
            }
            self.produced = self.produced.saturating_add(n as u64);
            if self.produced > self.cap {
                // Carried inside the io::Error: a bound, not damage.
                return Err(io::Error::other(ExtractError::Limit(format!(
                    "the WARC decompresses to more than {} MiB",
                    self.cap >> 20
                ))));
            }
            return Ok(n);
        }
    }
}

/// Whether a gzip file's first member starts with a WARC version line (format sniffing;
/// `head` is the start of the file).
pub fn gzip_holds_warc(head: &[u8]) -> bool {
    if !head.starts_with(GZIP_MAGIC) {
        return false;
    }
    let mut first = Vec::new();
    // A truncated head errors once its bytes run out; what came before is enough.
    let _ = GzDecoder::new(head).take(8).read_to_end(&mut first);
    is_warc_start(&first)
}

/// `WARC/1.0`, `WARC/1.1`, `WARC/0.18` … at the start.
pub fn is_warc_start(b: &[u8]) -> bool {
    b.starts_with(b"WARC/1.") || b.starts_with(b"WARC/0.1")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn gz(data: &[u8]) -> Vec<u8> {
        let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
        let _ = e.write_all(data);
        e.finish().unwrap_or_default()
    }

    fn read_all(s: &mut Source) -> (Vec<u8>, Option<io::Error>) {
        let mut out = Vec::new();
        let mut buf = [0u8; 7];
        loop {
            match s.read(&mut buf) {
                Ok(0) => return (out, None),
                Ok(n) => out.extend_from_slice(buf.get(..n).unwrap_or(&[])),
                Err(e) => return (out, Some(e)),
            }
        }
    }

    #[test]
    fn members_are_read_back_to_back() {
        let mut file = gz(b"first ");
        file.extend(gz(b"second"));
        let mut s = Source::open(&file, 1 << 20);
        let (out, err) = read_all(&mut s);
        assert_eq!(out, b"first second");
        assert!(err.is_none());
        let mut plain = Source::open(b"WARC/1.0", 1 << 20);
        assert_eq!(read_all(&mut plain).0, b"WARC/1.0");
    }

    #[test]
    fn a_damaged_member_is_skipped_by_resync() {
        let one = gz(b"one ");
        let mut two = gz(b"two ");
        let three = gz(b"three");
        // Damage the deflate data of the second member.
        for b in two.iter_mut().skip(10).take(4) {
            *b ^= 0x5A;
        }
        let file = [one, two, three].concat();
        let mut s = Source::open(&file, 1 << 20);
        let (out, err) = read_all(&mut s);
        assert!(out.starts_with(b"one "));
        assert!(err.is_some());
        assert!(s.resync());
        let (out, err) = read_all(&mut s);
        assert_eq!(out, b"three");
        assert!(err.is_none());
    }

    #[test]
    fn a_cut_member_is_an_error() {
        let file = gz(&[b'x'; 5000]);
        let cut = file.get(..file.len() / 2).unwrap_or(&[]);
        let mut s = Source::open(cut, 1 << 20);
        let (_, err) = read_all(&mut s);
        assert!(err.is_some());
        assert!(!s.resync());
    }

    #[test]
    fn decompression_is_bounded() {
        let file = gz(&vec![0u8; 1 << 20]);
        let mut s = Source::open(&file, 1000);
        let (_, err) = read_all(&mut s);
        let inner = err
            .as_ref()
            .and_then(|e| e.get_ref()?.downcast_ref::<ExtractError>());
        assert!(matches!(inner, Some(ExtractError::Limit(_))), "{err:?}");
    }

    #[test]
    fn sniffing() {
        assert!(gzip_holds_warc(&gz(b"WARC/1.1\r\nWARC-Type: warcinfo")));
        assert!(!gzip_holds_warc(&gz(b"<html>")));
        // A head cut inside the first member is enough.
        let file = gz("WARC/1.0\r\nWARC-Type: warcinfo\r\n".repeat(100).as_bytes());
        assert!(gzip_holds_warc(file.get(..40).unwrap_or(&[])));
        assert!(is_warc_start(b"WARC/0.18\r\n"));
        assert!(!is_warc_start(b"WARC/2"));
    }
}
