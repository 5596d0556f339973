//! Accuracy evaluation on a labelled corpus (`baomi eval`): scan every document of the
//! corpus with the real pipeline, match the findings to the truth file (`corpora/TRUTH.md`) and
//! measure precision, recall and F1 per kind and per format, hard negatives, severity and
//! rule agreement.
//!
//! * [`truth`] reads the truth file (errors name the line);
//! * [`matching`] normalizes values and pairs findings with entries per (file, kind);
//! * [`report`] computes the [`Metrics`](report::Metrics);
//! * [`render`] writes them for people; [`baseline`] saves and compares figures.
//!
//! Sits beside `cli`: it calls [`scan_input`] like `baomi scan` does and never changes how
//! anything is detected or graded. Raw values are kept in memory for matching and leave
//! only through a caller's `reveal`.

pub mod baseline;
pub mod matching;
pub mod render;
pub mod report;
pub mod truth;

use std::collections::BTreeSet;
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::engine::Engine;
use crate::input::walk::{self, Input};
use crate::scan::{scan_input, FileResult, Outcome, ScanOptions};
use matching::{assign, Observed};
use report::{measure, FileError, Metrics};
use truth::Truth;

/// The truth file a corpus carries when `--truth` is not given.
pub const DEFAULT_TRUTH: &str = "truth.jsonl";

/// What [`evaluate`] needs besides the truth and the engine.
#[derive(Clone, Debug)]
pub struct Setup<'a> {
    /// The corpus directory; truth `file`s are relative to it.
    pub corpus: &'a Path,
    /// Files inside the corpus that are not documents (the truth file, baselines).
    pub skip: &'a [PathBuf],
    pub options: ScanOptions,
    /// Show raw values in the metrics' lists instead of masked ones.
    pub reveal: bool,
}

/// Scans the corpus and measures the findings against `truth`.
pub fn evaluate(setup: &Setup, truth: &Truth, engine: &Engine) -> Metrics {
    let labelled: BTreeSet<&str> = truth.entries.iter().map(|e| e.file.as_str()).collect();
    let scanned = scan_corpus(setup, &labelled, engine);
    let mut errors = scanned.errors;
    for file in &labelled {
        if !scanned.keys.contains(*file) {
            errors.push(FileError {
                file: file.to_string(),
                error: "listed in the truth file but not found in the corpus".to_string(),
            });
        }
    }
    let assignment = assign(&truth.entries, &scanned.observed);
    measure(
        &truth.entries,
        &scanned.observed,
        &assignment,
        &scanned.files,
        errors,
        setup.reveal,
    )
}

/// Findings and errors of every corpus file, keyed by corpus-relative paths.
#[derive(Default)]
struct Scanned {
    /// Top-level files, in walk order.
    files: Vec<String>,
    /// Every file and archive member key seen.
    keys: BTreeSet<String>,
    observed: Vec<Observed>,
    errors: Vec<FileError>,
}

fn scan_corpus(setup: &Setup, labelled: &BTreeSet<&str>, engine: &Engine) -> Scanned {
    let skip: Vec<PathBuf> = setup
        .skip
        .iter()
        .filter_map(|p| p.canonicalize().ok())
        .collect();
    let root = setup.corpus.display().to_string();
    let inputs: Vec<(String, Input)> = walk::collect(&[root], &globset::GlobSet::empty())
        .into_iter()
        .filter(|input| !is_skipped(input, &skip))
        .map(|input| (relative(setup.corpus, &input), input))
        .collect();
    let results: Vec<FileResult> = inputs
        .par_iter()
        .map(|(_, input)| scan_input(engine, input, setup.options))
        .collect();
    let mut out = Scanned::default();
    for ((rel, _), result) in inputs.iter().zip(&results) {
        out.files.push(rel.clone());
        for r in result.flatten() {
            let key = match r.path.strip_prefix(&result.path) {
                Some(rest) => format!("{rel}{rest}"),
                None => r.path.clone(),
            };
            // Findings in an archive member count for the member when the truth labels it,
            // else for the file the corpus holds.
            let owner = if labelled.contains(key.as_str()) {
                key.as_str()
            } else {
                rel.as_str()
            };
            match &r.outcome {
                Outcome::Scanned { findings, .. } => out
                    .observed
                    .extend(findings.iter().map(|f| Observed::from_finding(owner, f))),
                Outcome::Error(why) | Outcome::Skipped(why) => out.errors.push(FileError {
                    file: key.clone(),
                    error: why.clone(),
                }),
            }
            out.keys.insert(key);
        }
    }
    out
}

fn is_skipped(input: &Input, skip: &[PathBuf]) -> bool {
    match input {
        Input::File(p) => p.canonicalize().is_ok_and(|c| skip.contains(&c)),
        _ => false,
    }
}

/// The path of an input relative to the corpus, `/`-separated (as the truth writes it).
fn relative(corpus: &Path, input: &Input) -> String {
    let path = match input {
        Input::File(p) | Input::Mirrored { file: p, .. } | Input::Unreadable(p, _) => p.as_path(),
        Input::Stdin => return "-".to_string(),
    };
    match path.strip_prefix(corpus) {
        Ok(rel) => {
            let parts: Vec<String> = rel
                .components()
                .filter_map(|c| match c {
                    Component::Normal(s) => Some(s.to_string_lossy().into_owned()),
                    _ => None,
                })
                .collect();
            parts.join("/")
        }
        Err(_) => input.display_path(),
    }
}
