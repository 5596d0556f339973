//! Bounds on what one input may cost, and the errors an extractor reports. Every file is
//! hostile until read: sizes declared in headers are never trusted, decompression is
//! counted as it happens, and the whole tree of an input (archive members, embedded
//! objects) shares one byte budget and one deadline.

use std::cell::Cell;
use std::io::Read;
use std::time::{Duration, Instant};

/// Configurable bounds (`baomi scan --max-…`). Defaults fit government attachments with
/// room to spare; a file that exceeds one gets an error record, never a silent pass.
#[derive(Clone, Copy, Debug)]
pub struct Limits {
    /// Largest input file read into memory for extraction.
    pub max_file_bytes: u64,
    /// Total bytes decompressed for one input, all members and parts together.
    pub max_decompressed_bytes: u64,
    /// Largest decompressed/compressed ratio of one zip member (zip bombs).
    pub max_ratio: u64,
    /// Members of one archive or package.
    pub max_members: usize,
    /// Archives inside archives: `a.zip!/b.zip!/c.docx` is depth 2.
    pub max_depth: u32,
    /// Element nesting of one XML part.
    pub max_xml_depth: usize,
    /// Text extracted from one document.
    pub max_text_bytes: usize,
    /// Wall-clock time for one input including its members.
    pub time_budget: Duration,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_file_bytes: 512 << 20,
            max_decompressed_bytes: 1 << 30,
            max_ratio: 200,
            max_members: 10_000,
            max_depth: 3,
            max_xml_depth: 256,
            max_text_bytes: 256 << 20,
            time_budget: Duration::from_secs(120),
        }
    }
}

/// Why a document (or a part of it) could not be read. The message says it in plain words
/// for a reviewer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("encrypted or password-protected ({0}): cannot read it without the password; decrypt it or review it by hand")]
    Encrypted(String),
    #[error("damaged or truncated file ({0}): its content could not be read")]
    Corrupt(String),
    #[error("limit exceeded ({0}): not scanned completely (a safety bound against hostile files; raise it if this file is legitimate)")]
    Limit(String),
    #[error("no text layer ({0}): probably a scanned image; needs OCR or a manual review")]
    NoText(String),
    #[error("format not supported ({0}): not scanned")]
    Unsupported(String),
    #[error("extraction took longer than {0} s: not scanned completely")]
    Timeout(u64),
}

/// Shared by every part and member of one input: remaining decompression budget and the
/// deadline.
pub struct Budget {
    pub limits: Limits,
    remaining: Cell<u64>,
    deadline: Instant,
}

impl Budget {
    pub fn new(limits: Limits) -> Self {
        Budget {
            limits,
            remaining: Cell::new(limits.max_decompressed_bytes),
            deadline: Instant::now() + limits.time_budget,
        }
    }

    /// A copy for an extraction running on its own thread (same limits, remaining bytes and
    /// deadline); its spending is brought back with [`Budget::absorb`].
    pub fn fork(&self) -> Budget {
        Budget {
            limits: self.limits,
            remaining: Cell::new(self.remaining.get()),
            deadline: self.deadline,
        }
    }

    /// Takes over what a forked budget has left.
    pub fn absorb(&self, child: &Budget) {
        self.remaining
            .set(child.remaining.get().min(self.remaining.get()));
    }

    /// Time left before the deadline.
    pub fn time_left(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// Fails once the input's time is up; extractors call it between parts and pages.
    pub fn check_time(&self) -> Result<(), ExtractError> {
        if Instant::now() > self.deadline {
            return Err(ExtractError::Timeout(self.limits.time_budget.as_secs()));
        }
        Ok(())
    }

    /// Takes `n` decompressed bytes from the budget.
    pub fn spend(&self, n: u64) -> Result<(), ExtractError> {
        let left = self.remaining.get();
        if n > left {
            self.remaining.set(0);
            return Err(ExtractError::Limit(format!(
                "more than {} MiB decompressed",
                self.limits.max_decompressed_bytes >> 20
            )));
        }
        self.remaining.set(left - n);
        Ok(())
    }

    /// Reads a stream to its end within the budget and at most `cap` bytes, counting what
    /// is actually produced (headers may lie). `compressed` (when known) bounds the ratio.
    pub fn read_bounded(
        &self,
        mut reader: impl Read,
        cap: u64,
        compressed: Option<u64>,
        what: &str,
    ) -> Result<Vec<u8>, ExtractError> {
        let ratio_cap = compressed
            .map(|c| c.max(1).saturating_mul(self.limits.max_ratio).max(1 << 20))
            .unwrap_or(u64::MAX);
        let cap = cap.min(ratio_cap).min(self.remaining.get());
        let mut out = Vec::new();
        let mut buf = [0u8; 64 * 1024];
        loop {
            let n = match reader.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => n,
                Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                Err(e) => return Err(ExtractError::Corrupt(format!("{what}: {e}"))),
            };
            if out.len() as u64 + n as u64 > cap {
                let reason = if cap == ratio_cap {
                    format!(
                        "{what} expands more than {}× its compressed size",
                        self.limits.max_ratio
                    )
                } else {
                    format!("{what} is larger than the decompression budget")
                };
                return Err(ExtractError::Limit(reason));
            }
            out.extend_from_slice(buf.get(..n).unwrap_or(&[]));
            self.check_time()?;
        }
        self.spend(out.len() as u64)?;
        Ok(out)
    }
}
