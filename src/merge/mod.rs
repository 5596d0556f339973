//! Merging reports (`baomi merge`): the JSON Lines reports of `scan --shard I/N` runs, or
//! of any scans of disjoint inputs, into one run's records and summary, rendered by the
//! same writers as `scan`.
//!
//! Records are ordered by input (the path before the first `!/`, then the first path of
//! the input's run of records) and keep their report order within an input, so archive
//! members stay where `scan` put them and the merged report is the same however the
//! inputs were split. Shards are checked: all of `0..N` present, none twice. Values are
//! what the reports hold — masked unless the shards ran with `--reveal`; nothing here
//! unmasks or re-masks.
//!
//! Sits beside `report`: reads what it wrote, renders through it; never calls the engine.

mod read;
mod summary;

use std::collections::{BTreeSet, HashMap};

pub use read::{read, read_from, Record, Section};

use crate::finding::Severity;
use crate::input::shard::Shard;
use crate::report::{ReportWriters, Summary};

/// Why reports cannot be merged. Every variant is a usage error (exit 2).
#[derive(Debug, thiserror::Error)]
pub enum MergeError {
    #[error("cannot read report {file}: {source}")]
    Read {
        file: String,
        source: std::io::Error,
    },
    #[error("{file}:{line}: {message}")]
    Line {
        file: String,
        line: usize,
        message: String,
    },
    #[error(
        "{file}: no summary line after the last records: the report was cut short (did the \
         scan finish?)"
    )]
    Unfinished { file: String },
    #[error("{0}")]
    Shards(String),
    #[error(
        "`{path}` is reported in both {first} and {second}: the reports overlap (the same \
         input scanned twice would be counted twice)"
    )]
    Overlap {
        path: String,
        first: String,
        second: String,
    },
}

/// How to merge.
#[derive(Clone, Copy, Debug, Default)]
pub struct MergeOptions {
    /// Judge every finding against this instead of its unit's threshold.
    pub fail_on: Option<Severity>,
    /// Merge even when shards are missing; the summary says `partial`.
    pub allow_partial: bool,
}

/// One run made of several reports.
#[derive(Debug)]
pub struct Merged {
    /// In report order (see the module doc).
    pub records: Vec<Record>,
    pub summary: Summary,
    /// Tolerated problems (disagreeing thresholds, missing shards with `allow_partial`).
    pub warnings: Vec<String>,
}

/// Merges the reports read from several files.
pub fn merge(sections: Vec<Section>, options: MergeOptions) -> Result<Merged, MergeError> {
    let mut warnings = Vec::new();
    let missing = check_shards(&sections)?;
    if !missing.is_empty() {
        let list = missing.join(", ");
        if !options.allow_partial {
            return Err(MergeError::Shards(format!(
                "shard(s) {list} missing: give every shard's report, or --allow-partial to \
                 merge what is here (the summary then says partial)"
            )));
        }
        warnings.push(format!(
            "shard(s) {list} missing: the merged report is partial"
        ));
    }
    let mut summary = Summary::default();
    for s in &sections {
        summary::add(&mut summary, &s.summary, &mut warnings);
    }
    summary.partial |= !missing.is_empty();
    let records = order(sections)?;
    summary.blocked = summary::is_blocked(&summary, &records, options.fail_on);
    Ok(Merged {
        records,
        summary,
        warnings,
    })
}

/// When the reports are shards, every one of `0..N` must be there once. Returns the
/// missing ones (`I/N`); duplicates and mixed counts are errors.
fn check_shards(sections: &[Section]) -> Result<Vec<String>, MergeError> {
    let name = |s: &Section| format!("{}:{}", s.file, s.line);
    let (sharded, whole): (Vec<&Section>, Vec<&Section>) =
        sections.iter().partition(|s| s.shard.is_some());
    let (Some(first), Some(whole)) = (sharded.first(), whole.first()) else {
        return check_complete(&sharded);
    };
    Err(MergeError::Shards(format!(
        "{} is shard {} but {} is not a shard: merge the shards of one run",
        name(first),
        first.shard.map(|s| s.to_string()).unwrap_or_default(),
        name(whole)
    )))
}

fn check_complete(sharded: &[&Section]) -> Result<Vec<String>, MergeError> {
    let name = |s: &Section| format!("{}:{}", s.file, s.line);
    let mut seen: HashMap<u32, &Section> = HashMap::new();
    let mut count = None;
    for s in sharded {
        let Some(Shard { index, count: n }) = s.shard else {
            continue;
        };
        match count {
            Some((c, first)) if c != n => {
                return Err(MergeError::Shards(format!(
                    "shard counts differ: {} is one of {c} shards, {} one of {n}",
                    name(first),
                    name(s)
                )))
            }
            _ => count = Some((n, s)),
        }
        if let Some(other) = seen.insert(index, s) {
            return Err(MergeError::Shards(format!(
                "shard {index}/{n} is given twice: {} and {} (its inputs would be counted \
                 twice)",
                name(other),
                name(s)
            )));
        }
    }
    let Some((n, _)) = count else {
        return Ok(Vec::new());
    };
    Ok((0..n)
        .filter(|i| !seen.contains_key(i))
        .map(|i| format!("{i}/{n}"))
        .collect())
}

/// The path of the input a record belongs to: an archive member `a.zip!/b.docx` belongs to
/// `a.zip`.
fn input_of(path: &str) -> &str {
    path.split_once("!/").map_or(path, |(input, _)| input)
}

/// Orders records by input, keeping each input's records in report order; a path in two
/// reports is an error.
fn order(sections: Vec<Section>) -> Result<Vec<Record>, MergeError> {
    // Runs of consecutive records of one input, keyed by (input, first path).
    let mut runs: Vec<((String, String), Vec<Record>)> = Vec::new();
    let mut owner: HashMap<String, String> = HashMap::new();
    for section in sections {
        let first_run = runs.len();
        for record in section.records {
            let path = record.path().to_string();
            match owner.get(&path) {
                Some(file) if *file != section.file => {
                    return Err(MergeError::Overlap {
                        path,
                        first: file.clone(),
                        second: section.file,
                    })
                }
                Some(_) => {}
                None => {
                    owner.insert(path.clone(), section.file.clone());
                }
            }
            let input = input_of(&path);
            // A run never spans two reports.
            let same_input =
                runs.len() > first_run && runs.last().is_some_and(|((open, _), _)| open == input);
            match runs.last_mut() {
                Some((_, run)) if same_input => run.push(record),
                _ => runs.push(((input.to_string(), path), vec![record])),
            }
        }
    }
    // Stable: runs with equal keys (one input split by another's records) keep their order.
    runs.sort_by(|a, b| a.0.cmp(&b.0));
    Ok(runs.into_iter().flat_map(|(_, run)| run).collect())
}

impl Merged {
    /// Writes the merged run to `writers`, input by input as `scan` does, then the summary.
    pub fn write(&self, mut writers: ReportWriters) -> std::io::Result<()> {
        writers.begin()?;
        // The input whose findings are written and which is not closed yet.
        let mut open: Option<&str> = None;
        for record in &self.records {
            if let Some(path) = open.filter(|p| *p != record.path()) {
                writers.end_scanned(path)?;
            }
            match record {
                Record::Finding(row) => {
                    writers.row(row)?;
                    open = Some(&row.path);
                }
                Record::Unscanned(u) => {
                    open = None;
                    writers.set_linked_from(u.linked_from.as_deref());
                    writers.end_unscanned(&u.path, &u.error, u.skipped)?;
                    writers.set_linked_from(None);
                }
            }
        }
        if let Some(path) = open {
            writers.end_scanned(path)?;
        }
        writers.finish(&self.summary)
    }
}

/// Every unit named by the merged reports (for rule catalogs).
pub fn units(merged: &Merged) -> BTreeSet<&str> {
    let from_rows = merged.records.iter().filter_map(|r| match r {
        Record::Finding(row) => row.unit.as_deref(),
        Record::Unscanned(_) => None,
    });
    merged
        .summary
        .by_unit
        .keys()
        .map(String::as_str)
        .chain(from_rows)
        .collect()
}

#[cfg(test)]
mod tests;
