//! Scanning one input end to end: open, sniff, decode in chunks, detect, grade, locate,
//! mask, fingerprint. Every input ends as exactly one [`FileResult`]: scanned with its
//! findings, an error record, or skipped with the reason; a panic inside is caught and
//! becomes an error record, so the batch goes on.

use std::collections::BTreeMap;
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use encoding_rs::Encoding;

use crate::engine::Engine;
use crate::extract::text::{self, Chunk, Sniffed, TextChunks};
use crate::extract::{self as extractors, Budget, ExtractError, Format, Limits};
use crate::finding::{Finding, Kind, Severity};
use crate::input::walk::Input;

/// Bytes read before deciding what an input is.
const SNIFF_BYTES: usize = 64 * 1024;

/// Options that change how inputs are read.
#[derive(Clone, Copy, Debug)]
pub struct ScanOptions {
    /// Decode every text input with this encoding instead of detecting it.
    pub encoding: Option<&'static Encoding>,
    /// Build and keep each finding (location, masks, context, fingerprint). Off when only
    /// counts are wanted (`--format summary`): memory then stays flat however many
    /// findings a large input has.
    pub keep_findings: bool,
    /// Bounds on sizes, nesting and time per input (documents and archives).
    pub limits: Limits,
}

impl Default for ScanOptions {
    fn default() -> Self {
        ScanOptions {
            encoding: None,
            keep_findings: true,
            limits: Limits::default(),
        }
    }
}

/// Counts of one input's findings, kept even when the findings themselves are not.
#[derive(Debug, Default, Clone)]
pub struct Tally {
    pub findings: u64,
    pub by_kind: BTreeMap<Kind, u64>,
    pub by_severity: BTreeMap<Severity, u64>,
}

impl Tally {
    fn add(&mut self, kind: Kind, severity: Severity) {
        self.findings += 1;
        *self.by_kind.entry(kind).or_default() += 1;
        *self.by_severity.entry(severity).or_default() += 1;
    }
}

/// How one input ended.
#[derive(Debug)]
pub enum Outcome {
    Scanned {
        findings: Vec<Finding>,
        tally: Tally,
        bytes: u64,
    },
    Error(String),
    Skipped(String),
}

#[derive(Debug)]
pub struct FileResult {
    pub path: String,
    pub outcome: Outcome,
    /// Files inside this one (archive members, attachments, embedded objects), each with
    /// its own outcome, reported as `outer!/inner`.
    pub members: Vec<FileResult>,
}

impl FileResult {
    fn unscanned(path: String, outcome: Outcome) -> Self {
        FileResult {
            path,
            outcome,
            members: Vec::new(),
        }
    }

    /// This result and every member below it, depth first (the report order).
    pub fn flatten(&self) -> Vec<&FileResult> {
        let mut out = vec![self];
        for m in &self.members {
            out.extend(m.flatten());
        }
        out
    }
}

/// Scans one input; never panics (a caught panic is an error record). Findings are kept in
/// the result.
pub fn scan_input(engine: &Engine, input: &Input, options: ScanOptions) -> FileResult {
    let mut members = Vec::new();
    let outcome = collected(|sink| {
        let result = scan_input_streaming(engine, input, options, sink);
        members = result.members;
        result.outcome
    });
    FileResult {
        path: input.display_path(),
        outcome,
        members,
    }
}

/// Runs a streaming scan and puts the findings it emits into its outcome.
fn collected(scan: impl FnOnce(&mut dyn FnMut(Finding)) -> Outcome) -> Outcome {
    let mut findings = Vec::new();
    let mut outcome = scan(&mut |f| findings.push(f));
    if let Outcome::Scanned { findings: slot, .. } = &mut outcome {
        *slot = findings;
    }
    outcome
}

/// Scans one input, handing each finding to `sink` as soon as its chunk is done, in output
/// order; the returned result holds the counts but no findings. Memory stays bounded
/// however many findings a large input has.
pub fn scan_input_streaming(
    engine: &Engine,
    input: &Input,
    options: ScanOptions,
    sink: &mut dyn FnMut(Finding),
) -> FileResult {
    let path = input.display_path();
    let (outcome, members) = catch_unwind(AssertUnwindSafe(|| match input {
        Input::Stdin => scan_reader_into(engine, &path, std::io::stdin().lock(), options, sink),
        Input::File(p) | Input::Mirrored { file: p, .. } => match std::fs::File::open(p) {
            Ok(f) => scan_reader_into(engine, &path, f, options, sink),
            Err(e) => (Outcome::Error(format!("cannot open: {e}")), Vec::new()),
        },
        Input::Unreadable(_, why) => (Outcome::Error(format!("cannot read: {why}")), Vec::new()),
    }))
    .unwrap_or_else(|_| {
        (
            Outcome::Error("internal error while scanning (a bug: please report)".into()),
            Vec::new(),
        )
    });
    FileResult {
        path,
        outcome,
        members,
    }
}

/// Scans a byte stream (any format); the outcome carries the findings. Members of
/// archives and embedded files are not returned (use [`scan_input`] for those).
pub fn scan_reader(
    engine: &Engine,
    path: &str,
    reader: impl Read,
    options: ScanOptions,
) -> Outcome {
    collected(|sink| scan_reader_into(engine, path, reader, options, sink).0)
}

/// Scans a byte stream, handing findings to `sink` chunk by chunk; returns the outcome and
/// the results of the files found inside it.
fn scan_reader_into(
    engine: &Engine,
    path: &str,
    mut reader: impl Read,
    options: ScanOptions,
    sink: &mut dyn FnMut(Finding),
) -> (Outcome, Vec<FileResult>) {
    let mut head = Vec::with_capacity(SNIFF_BYTES);
    if let Err(e) = reader
        .by_ref()
        .take(SNIFF_BYTES as u64)
        .read_to_end(&mut head)
    {
        return (Outcome::Error(format!("read error: {e}")), Vec::new());
    }
    match extractors::detect_format(&head, path, options.encoding) {
        Format::Text => (
            scan_text(engine, path, reader, head, options, sink),
            Vec::new(),
        ),
        Format::Unsupported(what) => (Outcome::Skipped(what.to_string()), Vec::new()),
        Format::Binary => (
            Outcome::Skipped("binary file with no known format: not scanned".to_string()),
            Vec::new(),
        ),
        format => {
            let max = options.limits.max_file_bytes;
            let mut bytes = head;
            let read = reader.take(max.saturating_add(1)).read_to_end(&mut bytes);
            if let Err(e) = read {
                return (Outcome::Error(format!("read error: {e}")), Vec::new());
            }
            if bytes.len() as u64 > max {
                let e = ExtractError::Limit(format!(
                    "file larger than {} MiB (raise --max-file-size)",
                    max >> 20
                ));
                return (Outcome::Error(e.to_string()), Vec::new());
            }
            let budget = Budget::new(options.limits);
            let mut tree = Tree::new(engine, options, &budget, &bytes);
            tree.scan_document(path, bytes, format, 0, false, sink)
        }
    }
}

/// Scans a text input in chunks (bounded memory whatever its size).
fn scan_text(
    engine: &Engine,
    path: &str,
    reader: impl Read,
    head: Vec<u8>,
    options: ScanOptions,
    sink: &mut dyn FnMut(Finding),
) -> Outcome {
    let Sniffed::Text { encoding, bom_len } = text::sniff(&head, options.encoding) else {
        return Outcome::Skipped("binary file: not text".to_string());
    };
    let mut state = FileState::new(path, options.keep_findings);
    // Most published files are small UTF-8: when the sniffed head is the whole input, scan
    // it in place instead of decoding it into a second buffer.
    if head.len() < SNIFF_BYTES && encoding == encoding_rs::UTF_8 {
        if let Ok(text) = head
            .get(bom_len..)
            .map_or(Err(()), |b| simdutf8::basic::from_utf8(b).map_err(|_| ()))
        {
            scan_text_chunk(&mut state, engine, &Chunk::whole(text));
            state.flush(sink);
            return Outcome::Scanned {
                findings: Vec::new(),
                tally: state.tally,
                bytes: head.len() as u64,
            };
        }
    }
    let mut chunks = TextChunks::new(reader, head, encoding, bom_len);
    let failure = loop {
        match chunks.next_chunk() {
            Ok(Some(chunk)) => {
                scan_text_chunk(&mut state, engine, &chunk);
                state.flush(sink);
            }
            Ok(None) => break None,
            Err(e) => break Some(e),
        }
    };
    if let Some(e) = failure {
        let at = chunks.bytes_read();
        return Outcome::Error(format!("read error after {at} bytes: {e}"));
    }
    Outcome::Scanned {
        findings: Vec::new(),
        tally: state.tally,
        bytes: chunks.bytes_read(),
    }
}

/// Scans text already in memory (tests, benches, the future HTTP text endpoint).
pub fn scan_str(engine: &Engine, path: &str, text: &str) -> Vec<Finding> {
    let mut state = FileState::new(path, true);
    scan_text_chunk(&mut state, engine, &Chunk::whole(text));
    let mut findings = Vec::new();
    state.flush(&mut |f| findings.push(f));
    findings
}

/// Scans text already in memory as a document of any format (tests, `baomi extract`
/// checks, the future HTTP endpoint): the top-level outcome plus members.
pub fn scan_bytes(engine: &Engine, path: &str, bytes: &[u8], options: ScanOptions) -> FileResult {
    let head = bytes.get(..bytes.len().min(SNIFF_BYTES)).unwrap_or(bytes);
    let mut members = Vec::new();
    let outcome = collected(|sink| {
        let (outcome, m) = match extractors::detect_format(head, path, options.encoding) {
            Format::Text => (
                scan_text(
                    engine,
                    path,
                    &bytes[head.len()..],
                    head.to_vec(),
                    options,
                    sink,
                ),
                Vec::new(),
            ),
            Format::Unsupported(what) => (Outcome::Skipped(what.to_string()), Vec::new()),
            Format::Binary => (
                Outcome::Skipped("binary file with no known format: not scanned".into()),
                Vec::new(),
            ),
            format => {
                let budget = Budget::new(options.limits);
                let mut tree = Tree::new(engine, options, &budget, bytes);
                tree.scan_document(path, bytes.to_vec(), format, 0, false, sink)
            }
        };
        members = m;
        outcome
    });
    FileResult {
        path: path.to_string(),
        outcome,
        members,
    }
}

mod state;
mod tree;

use state::{scan_text_chunk, FileState};
use tree::Tree;

#[cfg(test)]
mod tests;
