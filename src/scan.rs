//! Scanning one input end to end: open, sniff, decode in chunks, detect, grade, locate,
//! mask, fingerprint. Every input ends as exactly one [`FileResult`]: scanned with its
//! findings, an error record, or skipped with the reason; a panic inside is caught and
//! becomes an error record, so the batch goes on.

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::io::Read;
use std::panic::{catch_unwind, AssertUnwindSafe};

use encoding_rs::Encoding;
use sha2::{Digest, Sha256};

use crate::detect::Candidate;
use crate::engine::Engine;
use crate::extract::document::Document;
use crate::extract::text::{self, Chunk, Sniffed, TextChunks};
use crate::extract::{
    self as extractors, digest, Budget, ExtractError, Format, Limits, MemberCheck,
};
use crate::finding::{Finding, Kind, Location, Sensitive, Severity};
use crate::input::walk::Input;
use crate::mask::{mask_loose_digits, mask_value};
use crate::normalize::normalize_term;

/// Characters of context on each side of a value.
const CONTEXT_CHARS: usize = 16;
/// Longest value a detector reports, in bytes (bounds the context window search).
const MAX_VALUE_BYTES: usize = 256;
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
        Input::File(p) => match std::fs::File::open(p) {
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
            let mut tree = Tree {
                engine,
                options,
                budget: &budget,
                ancestors: vec![digest(&bytes)],
            };
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
                let mut tree = Tree {
                    engine,
                    options,
                    budget: &budget,
                    ancestors: vec![digest(bytes)],
                };
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

/// One input's tree of documents: the shared budget, and the digests of the documents
/// above the current one (an archive that contains itself is refused, not unrolled).
struct Tree<'a> {
    engine: &'a Engine,
    options: ScanOptions,
    budget: &'a Budget,
    ancestors: Vec<[u8; 32]>,
}

impl Tree<'_> {
    /// Extracts and scans one document, then its members.
    fn scan_document(
        &mut self,
        path: &str,
        bytes: Vec<u8>,
        format: Format,
        depth: u32,
        hidden: bool,
        sink: &mut dyn FnMut(Finding),
    ) -> (Outcome, Vec<FileResult>) {
        let size = bytes.len() as u64;
        let extracted =
            extractors::extract_guarded(bytes, format, path, self.options.encoding, self.budget);
        let doc = match extracted {
            Ok(doc) => doc,
            Err(e) => return (Outcome::Error(e.to_string()), Vec::new()),
        };
        let mut state = FileState::new(path, self.options.keep_findings);
        scan_document_text(&mut state, self.engine, &doc, hidden);
        state.flush(sink);
        let members = std::mem::take(&mut { doc.members });
        let results = members
            .into_iter()
            .map(|m| self.scan_member(path, m, depth, hidden))
            .collect();
        let outcome = Outcome::Scanned {
            findings: Vec::new(),
            tally: state.tally,
            bytes: size,
        };
        (outcome, results)
    }

    fn scan_member(
        &mut self,
        parent: &str,
        member: extractors::document::Member,
        depth: u32,
        hidden: bool,
    ) -> FileResult {
        let path = format!("{parent}!/{}", member.name);
        let limits = self.budget.limits;
        let checked = extractors::check_member(
            member.content,
            &member.name,
            depth,
            &self.ancestors,
            &limits,
            self.options.encoding,
        );
        let (bytes, format, hash) = match checked {
            MemberCheck::Open(bytes, format, hash) => (bytes, format, hash),
            MemberCheck::Error(e) => {
                return FileResult::unscanned(path, Outcome::Error(e.to_string()))
            }
            MemberCheck::Skip(why) => return FileResult::unscanned(path, Outcome::Skipped(why)),
        };
        self.ancestors.push(hash);
        let mut members = Vec::new();
        let outcome = collected(|sink| {
            let hidden = hidden || member.hidden;
            let (outcome, m) = self.scan_document(&path, bytes, format, depth + 1, hidden, sink);
            members = m;
            outcome
        });
        self.ancestors.pop();
        FileResult {
            path,
            outcome,
            members,
        }
    }
}

/// Scans one text chunk: locations are lines and columns.
fn scan_text_chunk(state: &mut FileState, engine: &Engine, chunk: &Chunk) {
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

/// Scans an extracted document: locations come from the segment each value starts in.
fn scan_document_text(state: &mut FileState, engine: &Engine, doc: &Document, hidden: bool) {
    let chunk = Chunk::whole(&doc.text);
    state.scan_with(engine, &chunk, &mut |at| match doc.segment_at(at) {
        Some(seg) => (
            segment_location(&doc.text, seg, at),
            hidden || seg.loc.hidden,
        ),
        None => (Location::default(), hidden),
    });
}

/// The finding location: the segment's, with the source line and column advanced to `at`
/// when the segment has them.
fn segment_location(text: &str, seg: &extractors::document::Segment, at: usize) -> Location {
    let loc = &seg.loc;
    let (mut line, mut column) = (loc.line, loc.column);
    if let (Some(l), Some(c)) = (loc.line, loc.column) {
        let before = text.get(seg.start..at.max(seg.start)).unwrap_or("");
        match before.rfind('\n') {
            Some(nl) => {
                line = Some(l + memchr::memchr_iter(b'\n', before.as_bytes()).count() as u64);
                column = Some(before.get(nl + 1..).map_or(0, |s| s.chars().count()) as u64 + 1);
            }
            None => column = Some(c + before.chars().count() as u64),
        }
    }
    Location {
        line,
        column,
        ..loc.to_location()
    }
}

/// Per-input state carried across chunks.
struct FileState {
    path: String,
    keep_findings: bool,
    tally: Tally,
    findings: Vec<Finding>,
    occurrences: HashMap<u64, u32>,
    /// The unit's path exemption for this input, looked up once.
    path_exempt: Option<Option<String>>,
}

impl FileState {
    fn new(path: &str, keep_findings: bool) -> Self {
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
    fn flush(&mut self, sink: &mut dyn FnMut(Finding)) {
        self.findings
            .sort_by(|a, b| (a.offset, &a.rule).cmp(&(b.offset, &b.rule)));
        for f in self.findings.drain(..) {
            sink(f);
        }
    }

    /// Detects, grades and records the findings of one chunk; `locate` gives the location
    /// and hidden flag of a byte offset (called with increasing offsets).
    fn scan_with(
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::EngineError;
    use crate::ruleset::RuleSet;

    fn engine() -> Result<Engine, EngineError> {
        Engine::new(&RuleSet::base().unwrap_or_default())
    }

    #[test]
    fn context_masks_every_value_it_touches() -> Result<(), EngineError> {
        // The second card starts inside the first one's context window and ends outside it:
        // the window widens so the card is masked whole (regression: middle digits leaked).
        let text = "卡号6222021234567890128，备用卡号6228480012345671，手机13800138000。";
        let findings = scan_str(&engine()?, "t", text);
        assert_eq!(findings.len(), 3);
        for f in &findings {
            for raw in ["1234567890", "0012345", "0013800"] {
                assert!(
                    !f.context_masked.contains(raw),
                    "{raw} in {}",
                    f.context_masked
                );
            }
            assert!(!f.masked.contains("1234567890"));
        }
        Ok(())
    }

    #[test]
    fn locations_are_lines_and_char_columns() -> Result<(), EngineError> {
        let text = "第一行\n申请人：王某，身份证号：11010519491231002X\n";
        let findings = scan_str(&engine()?, "t", text);
        let id = findings.iter().find(|f| f.rule == "pii.id_card");
        let loc = id.map(|f| (f.location.line, f.location.column));
        assert_eq!(loc, Some((Some(2), Some(13))));
        Ok(())
    }

    #[test]
    fn fingerprints_differ_per_occurrence_and_repeat_per_run() -> Result<(), EngineError> {
        let text = "手机13800138000，又见13800138000";
        let a = scan_str(&engine()?, "p", text);
        let b = scan_str(&engine()?, "p", text);
        assert_eq!(a.len(), 2);
        assert_ne!(a[0].fingerprint, a[1].fingerprint);
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        assert_eq!(a[0].fingerprint.len(), 32);
        Ok(())
    }

    #[test]
    fn fingerprint_does_not_leak() -> Result<(), EngineError> {
        // Same masked form, different hidden digits: same fingerprint (first occurrence of
        // each in its own file), so the fingerprint carries nothing the mask hides.
        let a = scan_str(&engine()?, "p", "手机13912345678");
        let b = scan_str(&engine()?, "p", "手机13900005678");
        assert_eq!(a.len(), 1);
        assert_eq!(a[0].masked, b[0].masked);
        assert_eq!(a[0].fingerprint, b[0].fingerprint);
        Ok(())
    }
}
