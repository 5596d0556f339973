//! `baomi merge REPORT.jsonl…`: read the shards' JSON Lines reports, check that every
//! shard is there once, render one report in any of `scan`'s formats, exit as `scan` would
//! have over all the inputs.

use std::path::PathBuf;

use clap::Args;

use super::args::parse_severity;
use super::output::{outputs, Sinks};
use super::scan::exit_code;
use super::units::catalog_for;
use crate::finding::Severity;
use crate::merge::{self, MergeOptions};

#[derive(Args, Debug)]
pub struct MergeArgs {
    /// JSON Lines reports (`scan --format jsonl`), e.g. every shard's; `-` reads stdin.
    #[arg(required = true, value_name = "REPORT")]
    pub reports: Vec<PathBuf>,

    /// Exit 1 when a finding is at or above this severity. Default: the threshold of the
    /// finding's unit in the reports, else high.
    #[arg(long, value_parser = parse_severity)]
    pub fail_on: Option<Severity>,

    /// Merge even when some shards' reports are missing; the summary says `partial`.
    #[arg(long)]
    pub allow_partial: bool,

    #[command(flatten)]
    pub report: super::output::ReportArgs,
}

pub fn run(args: MergeArgs) -> anyhow::Result<i32> {
    let outputs = outputs(&args.report.format, &args.report.output)?;
    let mut sections = Vec::new();
    for path in &args.reports {
        sections.extend(merge::read(path)?);
    }
    let options = MergeOptions {
        fail_on: args.fail_on,
        allow_partial: args.allow_partial,
    };
    let merged = merge::merge(sections, options)?;
    for warning in &merged.warnings {
        eprintln!("baomi: warning: {warning}");
    }
    let catalog = catalog_for(merge::units(&merged))?;
    // The reports hold values as their scans wrote them (masked unless `--reveal`).
    let mut sinks = Sinks::open(&outputs, args.report.color, false)?;
    let written = merged.write(sinks.writers(&catalog));
    let written = written.and_then(|_| sinks.flush());
    if let Err(e) = written {
        // A closed pipe (`| head`) is not an error worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(exit_code(&merged.summary))
}
