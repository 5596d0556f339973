//! `baomi scan`: expand inputs, scan them in parallel, sort, render, exit code.

use std::collections::HashMap;
use std::io::IsTerminal;
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;

use super::args::ScanArgs;
use super::exit;
use super::output::{outputs, Sinks};
use super::units::UnitEngines;
use crate::finding::Kind;
use crate::input::mirror;
use crate::input::shard::Shard;
use crate::input::walk::{self, Input};
use crate::report::{Format, ReportWriters, Summary};
use crate::review::{self, adjust_tally, Baseline, Reviews, Triage, Triaged};
use crate::scan::{scan_input, scan_input_streaming, FileResult, Outcome, ScanOptions};

pub fn run(args: ScanArgs) -> anyhow::Result<i32> {
    let started = Instant::now();
    let outputs = outputs(&args.report.format, &args.report.output)?;
    let units = UnitEngines::build(&args)?;
    let triage = triage(&args)?;
    let options = ScanOptions {
        encoding: match &args.encoding {
            Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
                Some(e) => Some(e),
                None => bail!("unknown encoding `{label}`"),
            },
            None => None,
        },
        // Reviews and baselines match findings by fingerprint, so findings are built even
        // for `--format summary` when either is given.
        keep_findings: outputs.iter().any(|(f, _)| *f != Format::Summary) || triage.is_active(),
        limits: args.limits.limits(),
    };
    let exclude = walk::exclude_set(&args.exclude).context("invalid --exclude glob")?;
    let paths = if args.paths.is_empty() {
        let default = if std::io::stdin().is_terminal() {
            "."
        } else {
            "-"
        };
        vec![default.to_string()]
    } else {
        args.paths.clone()
    };
    let mut inputs = walk::collect(&paths, &exclude);
    if let Some(base) = &args.base_url {
        inputs = mirror::map_inputs(&paths, base, inputs).map_err(anyhow::Error::msg)?;
    }
    inputs.sort_by_key(Input::display_path);
    if let Some(shard) = args.shard {
        keep_shard(&mut inputs, shard)?;
    }
    let pool = thread_pool(args.jobs)?;
    let run = Run {
        units: &units,
        options,
        pool: &pool,
        started,
        triage: &triage,
    };
    let mut sinks = Sinks::open(&outputs, args.report.color, args.reveal)?;
    let mut summary = Summary {
        shard: args.shard.map(|s| s.to_string()),
        ..Summary::default()
    };
    let mut writers = sinks.writers(&units.catalog);
    let mut written = run.stream(&inputs, &mut writers, &mut summary);
    if written.is_ok() {
        written = writers.finish(&summary);
    }
    let written = written.and_then(|_| sinks.flush());
    if let Err(e) = written {
        // A closed pipe (`| head`) is not an error worth a message.
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            return Err(e.into());
        }
    }
    Ok(exit_code(&summary))
}

/// Keeps the inputs `shard` owns, keyed by their path as the report prints it (as given or
/// walked, never made absolute), so every machine given the same paths splits alike.
fn keep_shard(inputs: &mut Vec<Input>, shard: Shard) -> anyhow::Result<()> {
    if inputs.contains(&Input::Stdin) {
        bail!("--shard splits files and directories; stdin (`-`) cannot be split");
    }
    inputs.retain(|input| shard.owns(&input.display_path()));
    Ok(())
}

/// Inputs at least this large (and stdin, whose size is unknown) are scanned one at a time
/// with findings written as they are found; smaller ones are scanned in parallel batches.
const STREAM_FROM_BYTES: u64 = 32 << 20;
/// Inputs scanned in parallel before their results are written (bounds memory).
const BATCH: usize = 256;

struct Run<'a> {
    units: &'a UnitEngines,
    options: ScanOptions,
    pool: &'a rayon::ThreadPool,
    started: Instant,
    /// Review decisions and baseline, applied before findings are written or counted.
    triage: &'a Triage,
}

impl Run<'_> {
    /// Scans every input and writes the report in input order, holding at most one batch
    /// of small inputs' findings in memory.
    fn stream(
        &self,
        inputs: &[Input],
        writer: &mut ReportWriters,
        summary: &mut Summary,
    ) -> std::io::Result<()> {
        writer.begin()?;
        for batch in inputs.chunks(BATCH) {
            let scanned: Vec<Option<FileResult>> = self.pool.install(|| {
                batch
                    .par_iter()
                    .map(|input| {
                        let engine = self.units.for_path(&input.display_path()).engine;
                        (!is_large(input)).then(|| scan_input(engine, input, self.options))
                    })
                    .collect()
            });
            for (input, result) in batch.iter().zip(scanned) {
                let mut result = match result {
                    Some(result) => result,
                    None => self.scan_streaming(input, writer)?,
                };
                self.triage.result(&mut result);
                for r in result.flatten() {
                    if let Outcome::Scanned { findings, .. } = &r.outcome {
                        for f in findings {
                            writer.finding(f)?;
                        }
                    }
                    writer.end_input(r)?;
                }
                let judge = self.units.for_path(&result.path);
                summary.add(&result);
                summary.judge(&result, judge.fail_on);
                if let Some(unit) = judge.unit {
                    summary.add_unit(unit, judge.fail_on, &result);
                }
            }
        }
        summary.elapsed_ms = self.started.elapsed().as_millis() as u64;
        Ok(())
    }

    fn scan_streaming(
        &self,
        input: &Input,
        writer: &mut ReportWriters,
    ) -> std::io::Result<FileResult> {
        let mut failure = None;
        // Triage of streamed findings, counted (bounded: kinds × outcomes) to correct the
        // tally afterwards; kept members are triaged by the caller.
        let mut triaged: HashMap<(Kind, Triaged), u64> = HashMap::new();
        let engine = self.units.for_path(&input.display_path()).engine;
        let mut result = scan_input_streaming(engine, input, self.options, &mut |mut f| {
            let t = self.triage.finding(&mut f);
            if t != Triaged::Unchanged {
                *triaged.entry((f.kind, t)).or_default() += 1;
            }
            if failure.is_none() && !matches!(t, Triaged::Dropped(_)) {
                failure = writer.finding(&f).err();
            }
        });
        if let Outcome::Scanned { tally, .. } = &mut result.outcome {
            for ((kind, t), n) in triaged {
                for _ in 0..n {
                    adjust_tally(tally, kind, t);
                }
            }
        }
        match failure {
            Some(e) => Err(e),
            None => Ok(result),
        }
    }
}

fn is_large(input: &Input) -> bool {
    match input {
        Input::Stdin => true,
        Input::File(p) | Input::Mirrored { file: p, .. } => {
            std::fs::metadata(p).is_ok_and(|m| m.len() >= STREAM_FROM_BYTES)
        }
        Input::Unreadable(..) => false,
    }
}

/// Loads `--reviews` and `--baseline`.
fn triage(args: &ScanArgs) -> anyhow::Result<Triage> {
    Ok(Triage {
        reviews: args.reviews.as_deref().map(Reviews::load).transpose()?,
        baseline: args.baseline.as_deref().map(Baseline::load).transpose()?,
        today: review::today()?,
    })
}

fn thread_pool(jobs: Option<usize>) -> anyhow::Result<rayon::ThreadPool> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        if n == 0 {
            bail!("--jobs must be at least 1");
        }
        builder = builder.num_threads(n);
    }
    builder.build().context("cannot start worker threads")
}

/// 1 when any input has a finding at or above its unit's threshold, else 3 when an input
/// could not be scanned (or, merging, some shard's inputs are missing), else 0.
pub(super) fn exit_code(summary: &Summary) -> i32 {
    if summary.blocked {
        exit::BLOCKED
    } else if summary.errors + summary.skipped > 0 || summary.partial {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    }
}
