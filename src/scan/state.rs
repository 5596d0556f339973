//! Per-input scanning state: detection over a chunk or a document, grading, exemptions,
//! and building each finding (location, masks, context window, fingerprint).

use std::collections::HashMap;
use std::hash::{Hash, Hasher};

use sha2::{Digest, Sha256};

use super::Tally;
use crate::detect::Candidate;
use crate::engine::Engine;
use crate::extract::text::Chunk;
use crate::finding::{Finding, Location, Sensitive, Severity};
use crate::mask::{mask_loose_digits, mask_value};
use crate::normalize::normalize_term;

/// Characters of context on each side of a value.
const CONTEXT_CHARS: usize = 16;
/// Longest value a detector reports, in bytes (bounds the context window search).
const MAX_VALUE_BYTES: usize = 256;

/// Scans one text chunk: locations are lines and columns.
pub(super) fn scan_text_chunk(state: &mut FileState, engine: &Engine, chunk: &Chunk) {
    let mut locator = Locator::new(chunk.text, chunk);
    state.scan_with(engine, chunk, &mut |at| {
        let (line, column) = locator.locate(at);
        let location = Location {
            line: Some(line),
            column: Some(column),
            ..Location::default()
        };
        (location, false)
    });
}

/// Per-input state carried across chunks.
pub(super) struct FileState {
    path: String,
    keep_findings: bool,
    pub(super) tally: Tally,
    findings: Vec<Finding>,
    occurrences: HashMap<u64, u32>,
    /// The unit's path exemption for this input, looked up once.
    path_exempt: Option<Option<String>>,
}

impl FileState {
    pub(super) fn new(path: &str, keep_findings: bool) -> Self {
        FileState {
            path: path.to_string(),
            keep_findings,
            tally: Tally::default(),
            findings: Vec::new(),
            occurrences: HashMap::new(),
            path_exempt: None,
        }
    }

    fn path_exemption(&mut self, engine: &Engine) -> Option<String> {
        let path = &self.path;
        self.path_exempt
            .get_or_insert_with(|| engine.exempt().path(path))
            .clone()
    }

    /// Hands this chunk's findings to `sink` in output order (offset, then rule; the same
    /// order as line and column in text). Chunks report disjoint, increasing regions, so
    /// sorting per chunk orders the input.
    pub(super) fn flush(&mut self, sink: &mut dyn FnMut(Finding)) {
        self.findings
            .sort_by(|a, b| (a.offset, &a.rule).cmp(&(b.offset, &b.rule)));
        for f in self.findings.drain(..) {
            sink(f);
        }
    }

    /// Detects, grades and records the findings of one chunk; `locate` gives the location
    /// and hidden flag of a byte offset (called with increasing offsets).
    pub(super) fn scan_with(
        &mut self,
        engine: &Engine,
        chunk: &Chunk,
        locate: &mut dyn FnMut(usize) -> (Location, bool),
    ) {
        let text = chunk.text;
        let candidates = engine.detect(text);
        for (i, c) in candidates.iter().enumerate() {
            if c.start < chunk.report_from || c.start >= chunk.report_to {
                continue;
            }
            let Some((rule, mut severity)) = engine.grade(c) else {
                continue;
            };
            let value = text.get(c.start..c.end).unwrap_or("");
            // What the unit publishes on purpose is reported, at info, with the reason.
            let exemption = match severity {
                Severity::Info => None,
                _ => self
                    .path_exemption(engine)
                    .or_else(|| engine.exempt().value(c.kind, value).map(str::to_string)),
            };
            if exemption.is_some() {
                severity = Severity::Info;
            }
            self.tally.add(c.kind, severity);
            if !self.keep_findings {
                continue;
            }
            let raw = value.to_string();
            let (location, hidden) = locate(c.start);
            let (context_raw, context_masked) = context(text, &candidates, i);
            // The fingerprint hashes the *masked* normalized value: a hash of the raw value
            // would give the hidden digits back to anyone who tries the ~10⁴ phones or ~10⁵
            // birth dates a mask leaves open (regression: fingerprint_does_not_leak).
            let normalized = if c.normalized.is_empty() {
                normalize_term(&raw)
            } else {
                mask_value(&c.normalized, c.mask)
            };
            let fingerprint = {
                // Keyed by a 64-bit hash of (rule, value): building the string pair for
                // every finding cost two allocations on the hottest path of a roster.
                let mut h = std::hash::DefaultHasher::new();
                (rule, normalized.as_str()).hash(&mut h);
                let count = self.occurrences.entry(h.finish()).or_insert(0);
                *count += 1;
                fingerprint(&self.path, rule, &normalized, *count - 1)
            };
            self.findings.push(Finding {
                path: self.path.clone(),
                unit: engine.unit().map(str::to_string),
                rule: rule.to_string(),
                kind: c.kind,
                severity,
                masked: mask_value(&raw, c.mask),
                value: Sensitive::new(raw),
                location,
                offset: chunk_offset(chunk, c.start),
                context: Sensitive::new(context_raw),
                context_masked,
                fingerprint,
                hidden,
                confidence: c.confidence,
                evidence: c
                    .evidence
                    .iter()
                    .map(|e| e.to_string())
                    .chain(exemption)
                    .collect(),
            });
        }
    }
}

fn chunk_offset(chunk: &Chunk, at: usize) -> u64 {
    chunk.offset_base + at as u64
}

/// Turns increasing byte offsets into 1-based line and column (in characters).
struct Locator<'a> {
    text: &'a str,
    pos: usize,
    line: u64,
    /// Column (0-based chars) of `pos`, counted forward so that many findings on one long
    /// line cost linear time (regression: a 2.6 MB line with 80k findings took seconds).
    column_at_pos: u64,
}

impl<'a> Locator<'a> {
    fn new(text: &'a str, chunk: &Chunk) -> Self {
        Locator {
            text,
            pos: 0,
            line: chunk.line_base,
            column_at_pos: chunk.column_base,
        }
    }

    fn locate(&mut self, at: usize) -> (u64, u64) {
        if at > self.pos {
            let bytes = self.text.as_bytes().get(self.pos..at).unwrap_or(&[]);
            let mut last_newline = None;
            for nl in memchr::memchr_iter(b'\n', bytes) {
                self.line += 1;
                last_newline = Some(self.pos + nl + 1);
            }
            let from = match last_newline {
                Some(start) => {
                    self.column_at_pos = 0;
                    start
                }
                None => self.pos,
            };
            let chars = self.text.get(from..at).map_or(0, |s| s.chars().count());
            self.column_at_pos += chars as u64;
            self.pos = at;
        }
        (self.line + 1, self.column_at_pos + 1)
    }
}

/// The raw and the masked snippet around candidate `i`. Every detected value inside the
/// window is masked by its own rule; other long digit runs are masked loosely.
fn context(text: &str, candidates: &[Candidate], i: usize) -> (String, String) {
    let Some(c) = candidates.get(i) else {
        return (String::new(), String::new());
    };
    let head = text.get(..c.start).unwrap_or("");
    let mut cs = head
        .char_indices()
        .rev()
        .nth(CONTEXT_CHARS - 1)
        .map_or(0, |(p, _)| p);
    let tail = text.get(c.end..).unwrap_or("");
    let mut ce = c.end
        + tail
            .char_indices()
            .nth(CONTEXT_CHARS)
            .map_or(tail.len(), |(p, _)| p);
    // Widen the window over values it cuts, so a value is always masked whole: masking a
    // cut piece by its rule would show digits from the middle.
    let lo = candidates.partition_point(|x| x.start + MAX_VALUE_BYTES < cs);
    let nearby = candidates.get(lo..).unwrap_or(&[]);
    for other in nearby {
        if other.start >= ce {
            break;
        }
        if other.end > cs {
            cs = cs.min(other.start);
            ce = ce.max(other.end);
        }
    }
    let flat = |s: &str| s.replace(['\n', '\r', '\t'], " ");
    let raw = flat(text.get(cs..ce).unwrap_or(""));
    let mut masked = String::new();
    let mut at = cs;
    for other in nearby.iter().take_while(|o| o.start < ce) {
        if other.start < at || other.end <= cs {
            continue;
        }
        masked.push_str(&mask_loose_digits(&flat(
            text.get(at..other.start).unwrap_or(""),
        )));
        let value = text.get(other.start..other.end).unwrap_or("");
        masked.push_str(&flat(&mask_value(value, other.mask)));
        at = other.end;
    }
    masked.push_str(&mask_loose_digits(&flat(text.get(at..ce).unwrap_or(""))));
    let ellipsis = |s: String| {
        let mut out = String::new();
        if cs > 0 {
            out.push('…');
        }
        out.push_str(s.trim());
        if ce < text.len() {
            out.push('…');
        }
        out
    };
    (ellipsis(raw), ellipsis(masked))
}

/// Stable across runs and unrelated edits: path, rule, masked normalized value, occurrence
/// (two values with the same mask differ by their occurrence index).
fn fingerprint(path: &str, rule: &str, normalized: &str, occurrence: u32) -> String {
    let mut h = Sha256::new();
    for part in [path, rule, normalized] {
        h.update(part.as_bytes());
        h.update([0u8]);
    }
    h.update(occurrence.to_le_bytes());
    const HEX: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(32);
    for b in h.finalize().iter().take(16) {
        out.push(char::from(HEX[usize::from(b >> 4)]));
        out.push(char::from(HEX[usize::from(b & 15)]));
    }
    out
}
