//! One input's tree of documents: extraction on a guarded thread, scanning each document's
//! text with locations from its segments, then its members (archive entries, attachments,
//! embedded files) with bounded depth and no self-containment.

use super::state::FileState;
use super::{collected, FileResult, Outcome, ScanOptions};
use crate::engine::Engine;
use crate::extract::document::Document;
use crate::extract::text::Chunk;
use crate::extract::{self as extractors, Budget, Format, MemberCheck};
use crate::finding::{Finding, Location};

/// One input's tree of documents: the shared budget, and the digests of the documents
/// above the current one (an archive that contains itself is refused, not unrolled).
pub(super) struct Tree<'a> {
    engine: &'a Engine,
    options: ScanOptions,
    budget: &'a Budget,
    ancestors: Vec<[u8; 32]>,
}

impl<'a> Tree<'a> {
    /// The tree of the document `root` (its digest starts the self-containment check).
    pub(super) fn new(
        engine: &'a Engine,
        options: ScanOptions,
        budget: &'a Budget,
        root: &[u8],
    ) -> Self {
        Tree {
            engine,
            options,
            budget,
            ancestors: vec![extractors::digest(root)],
        }
    }

    /// Extracts and scans one document, then its members.
    pub(super) fn scan_document(
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
        let path = member.path(parent);
        if let Some(why) = member.skipped {
            return FileResult::unscanned(path, Outcome::Skipped(why));
        }
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
