//! A deterministic labeled corpus of synthetic 政务公开 documents for measuring the
//! precision and recall of the detectors (names, addresses, attributes, identifiers).
//!
//! [`generate`] writes documents of nine genres (处罚决定书, 补贴发放名单, 招聘公示, 信访答复,
//! 会议纪要, 表彰名单, 工作要点, 通知, 任前公示) plus two cross-field cases (hidden xlsx column,
//! masks whose union reveals an ID) in eight formats (txt and csv in UTF-8 and GBK, html,
//! docx, xlsx, pdf), and `truth.jsonl` with one line per planted entity occurrence, in the
//! format and under the labeling policy of `corpora/TRUTH.md`.
//!
//! Labels are recorded while the text is written ([`doc::Text::put`]), and a document whose
//! labeled values do not occur exactly as often as they are labeled is regenerated from
//! the next seed, so the truth file never disagrees with the text. Same seed, same bytes.
//!
//! Not used by the scanner; public (hidden) for `examples/gen_labeled.rs` and the eval.

pub mod doc;
pub mod formats;
mod genres;
pub mod ids;
mod pdf;
pub mod people;
pub mod places;
#[cfg(test)]
mod tests;

use std::collections::BTreeMap;
use std::io;
use std::path::Path;

use serde::Serialize;

use crate::finding::Kind;
use doc::Doc;
use formats::Fmt;
use genres::{Ctx, Genre, GENRES};

/// Attempts per document before giving up on a consistent labeling.
const MAX_ATTEMPTS: u64 = 64;

/// What a [`generate`] run wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CorpusStats {
    pub documents: usize,
    pub bytes: u64,
    pub labels: usize,
    /// File extension, with `-gbk` for GBK-encoded text.
    pub by_format: BTreeMap<String, usize>,
    pub by_genre: BTreeMap<String, usize>,
    /// (kind, expect, class) → occurrences.
    pub by_label: BTreeMap<(String, String, String), usize>,
}

impl CorpusStats {
    /// Markdown tables of the counts (for `corpora/labeled.md`).
    pub fn to_markdown(&self) -> String {
        let mut out = format!(
            "{} documents, {} bytes, {} labels.\n\n| format | documents |\n|---|---|\n",
            self.documents, self.bytes, self.labels
        );
        for (f, n) in &self.by_format {
            out.push_str(&format!("| {f} | {n} |\n"));
        }
        out.push_str("\n| genre | documents |\n|---|---|\n");
        for (g, n) in &self.by_genre {
            out.push_str(&format!("| {g} | {n} |\n"));
        }
        out.push_str("\n| kind | expect | class | labels |\n|---|---|---|---|\n");
        for ((k, e, c), n) in &self.by_label {
            out.push_str(&format!("| {k} | {e} | {c} | {n} |\n"));
        }
        out
    }
}

/// One line of `truth.jsonl` (field order as in corpora/TRUTH.md).
#[derive(Serialize)]
struct TruthLine<'a> {
    file: &'a str,
    kind: &'a str,
    value: &'a str,
    expect: &'a str,
    class: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    severity: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule: Option<&'a str>,
    genre: &'a str,
}

/// Writes the corpus into `out` (created if needed; use an empty directory: files of an
/// earlier run are not removed): `docs_per_genre` documents of each genre (half as many
/// 工作要点 and 任前公示, a third as many of each cross-field case, at least one each) and
/// `truth.jsonl`.
pub fn generate(out: &Path, seed: u64, docs_per_genre: usize) -> io::Result<CorpusStats> {
    std::fs::create_dir_all(out)?;
    let mut truth: Vec<u8> = Vec::new();
    let mut stats = CorpusStats::default();
    // Formats rotate over the whole run, so even a small corpus has every format.
    let mut serial = 0usize;
    for (g, genre) in GENRES.iter().enumerate() {
        let count = docs_per_genre.div_ceil(genre.share);
        for i in 0..count {
            let fmt = genre
                .formats
                .get(serial % genre.formats.len().max(1))
                .copied()
                .unwrap_or(Fmt::Txt);
            serial += 1;
            let (doc, style) = build(genre, seed, g, i, fmt)?;
            let bytes = formats::render(&doc, fmt, style)?;
            let rel = format!(
                "{}/{:03}{}.{}",
                genre.dir,
                i + 1,
                fmt.stem_suffix(),
                fmt.ext()
            );
            let path = out.join(&rel);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::write(&path, &bytes)?;
            record(&mut truth, &mut stats, &rel, &doc, fmt, bytes.len())?;
        }
    }
    std::fs::write(out.join("truth.jsonl"), &truth)?;
    Ok(stats)
}

fn record(
    truth: &mut Vec<u8>,
    stats: &mut CorpusStats,
    rel: &str,
    doc: &Doc,
    fmt: Fmt,
    len: usize,
) -> io::Result<()> {
    stats.documents += 1;
    stats.bytes += len as u64;
    *stats
        .by_format
        .entry(format!("{}{}", fmt.ext(), fmt.stem_suffix()))
        .or_default() += 1;
    *stats.by_genre.entry(doc.genre.to_string()).or_default() += 1;
    for l in &doc.labels {
        let line = TruthLine {
            file: rel,
            kind: l.kind.as_str(),
            value: &l.value,
            expect: l.expect.as_str(),
            class: l.class,
            severity: l.severity,
            rule: l.rule,
            genre: doc.genre,
        };
        serde_json::to_writer(&mut *truth, &line)?;
        truth.push(b'\n');
        stats.labels += 1;
        *stats
            .by_label
            .entry((
                l.kind.as_str().to_string(),
                l.expect.as_str().to_string(),
                l.class.to_string(),
            ))
            .or_default() += 1;
    }
    Ok(())
}

/// SplitMix64 finalizer: turns (seed, genre, index, attempt) into independent streams, so
/// adding documents to one genre leaves the others unchanged.
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// Generates one document; retries from the next seed while a labeled value occurs more
/// or less often than it is labeled (a name inside another word, a number inside another).
fn build(genre: &Genre, seed: u64, g: usize, i: usize, fmt: Fmt) -> io::Result<(Doc, usize)> {
    let mut why = String::new();
    for attempt in 0..MAX_ATTEMPTS {
        let doc_seed = mix(mix(mix(seed) ^ g as u64) ^ i as u64) ^ mix(attempt);
        let mut ctx = Ctx::new(doc_seed, fmt);
        let mut doc = (genre.make)(&mut ctx);
        for &w in genres::prose::SURNAME_WORDS {
            doc.auto_word(Kind::PersonName, w, "surname_word");
        }
        for &w in genres::prose::POLICY_WORDS {
            doc.auto_word(Kind::SensitiveAttribute, w, "policy_text");
        }
        doc.finish();
        match doc.check() {
            Ok(()) => return Ok((doc, ctx.below(12))),
            Err(e) => why = e,
        }
    }
    Err(io::Error::other(format!(
        "{} #{i}: no consistent labeling in {MAX_ATTEMPTS} attempts ({why})",
        genre.dir
    )))
}
