//! `baomi eval`: scan a labelled corpus, measure accuracy against its truth file, render,
//! compare with a baseline. Exit 0, or 1 when a baseline figure dropped; usage errors
//! (no truth file, a bad truth line, an unreadable baseline) are 2.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;
use serde::Serialize;

use super::exit;
use super::units::single_engine;
use crate::eval::baseline::{Baseline, Comparison};
use crate::eval::report::Metrics;
use crate::eval::truth::Truth;
use crate::eval::{evaluate, render, Setup, DEFAULT_TRUTH};
use crate::scan::ScanOptions;

#[derive(Args, Debug)]
pub struct EvalArgs {
    /// The labelled corpus: a directory of documents and its truth file.
    pub corpus: PathBuf,

    /// Truth file (JSON Lines, one labelled occurrence per line). Default: CORPUS/truth.jsonl.
    #[arg(long, value_name = "FILE")]
    pub truth: Option<PathBuf>,

    /// Output format: text (tables and lists) or json (all metrics as one object).
    #[arg(long, short = 'f', value_enum, default_value_t = EvalFormat::Text)]
    pub format: EvalFormat,

    /// Show the values of misses and false positives unmasked.
    #[arg(long)]
    pub reveal: bool,

    /// Judge with this unit's rule pack over the base (default: the base rules).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,

    /// Load unit packs from this directory, besides the embedded ones.
    #[arg(long, value_name = "DIR")]
    pub rules_dir: Option<PathBuf>,

    /// Compare with figures saved by --write-baseline; exit 1 when a precision, recall or
    /// F1 figure drops by more than 0.02.
    #[arg(long, value_name = "FILE")]
    pub baseline: Option<PathBuf>,

    /// Save this run's per-kind and per-format precision, recall and F1 as JSON.
    #[arg(long, value_name = "FILE")]
    pub write_baseline: Option<PathBuf>,

    /// Misses, false positives and mismatches listed in the text report (each).
    #[arg(long, value_name = "N", default_value_t = 30)]
    pub max_misses: usize,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum EvalFormat {
    Text,
    Json,
}

/// The JSON report: where the figures come from, then the metrics.
#[derive(Serialize)]
struct JsonReport<'a> {
    corpus: String,
    truth: String,
    unit: Option<&'a str>,
    #[serde(flatten)]
    metrics: &'a Metrics,
    #[serde(skip_serializing_if = "Option::is_none")]
    baseline: Option<&'a Comparison>,
}

pub fn run(args: EvalArgs) -> anyhow::Result<i32> {
    if !args.corpus.is_dir() {
        bail!("corpus {} is not a directory", args.corpus.display());
    }
    let default_truth = args.corpus.join(DEFAULT_TRUTH);
    let truth_path = args.truth.clone().unwrap_or_else(|| default_truth.clone());
    if !truth_path.is_file() {
        bail!(
            "truth file {} not found (give one with --truth FILE)",
            truth_path.display()
        );
    }
    let truth = Truth::load(&truth_path)?;
    let baseline = args.baseline.as_deref().map(Baseline::load).transpose()?;
    let engine = single_engine(args.unit.as_deref(), args.rules_dir.as_deref())?;
    let skip: Vec<PathBuf> = [Some(truth_path.clone()), Some(default_truth)]
        .into_iter()
        .chain([args.baseline.clone(), args.write_baseline.clone()])
        .flatten()
        .collect();
    let setup = Setup {
        corpus: &args.corpus,
        skip: &skip,
        options: ScanOptions::default(),
        reveal: args.reveal,
    };
    let metrics = evaluate(&setup, &truth, &engine);
    let figures = Baseline::of(&metrics);
    let comparison = baseline.map(|b| b.compare(&figures));
    let rendered = match args.format {
        EvalFormat::Text => {
            let unit = args
                .unit
                .as_deref()
                .map_or_else(String::new, |u| format!(", unit {u}"));
            let title = format!(
                "baomi eval {} (truth {}{unit})",
                args.corpus.display(),
                truth_path.display()
            );
            render::text(&metrics, &title, args.max_misses)
        }
        EvalFormat::Json => {
            let report = JsonReport {
                corpus: args.corpus.display().to_string(),
                truth: truth_path.display().to_string(),
                unit: args.unit.as_deref(),
                metrics: &metrics,
                baseline: comparison.as_ref(),
            };
            let mut text = serde_json::to_string(&report)?;
            text.push('\n');
            text
        }
    };
    let mut stdout = std::io::stdout().lock();
    if let Err(e) = stdout
        .write_all(rendered.as_bytes())
        .and_then(|_| stdout.flush())
    {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e).context("cannot write the report");
        }
    }
    if let Some(path) = &args.write_baseline {
        figures.write(path)?;
    }
    let Some(comparison) = comparison else {
        return Ok(exit::CLEAN);
    };
    for line in comparison.lines() {
        eprintln!("baomi eval: {line}");
    }
    Ok(if comparison.is_regression() {
        exit::BLOCKED
    } else {
        exit::CLEAN
    })
}
