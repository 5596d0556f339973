//! `baomi scan`: expand inputs, scan them in parallel, sort, render, exit code.

use std::io::{IsTerminal, Write};
use std::time::Instant;

use anyhow::{bail, Context};
use rayon::prelude::*;

use super::args::{ColorChoice, ScanArgs};
use super::exit;
use crate::engine::Engine;
use crate::finding::Severity;
use crate::input::walk::{self, Input};
use crate::report::{self, Format, RenderOptions, Summary};
use crate::ruleset::RuleSet;
use crate::scan::{scan_input, FileResult, Outcome, ScanOptions};

pub fn run(args: ScanArgs) -> anyhow::Result<i32> {
    let started = Instant::now();
    let engine = build_engine(&args)?;
    let options = ScanOptions {
        encoding: match &args.encoding {
            Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
                Some(e) => Some(e),
                None => bail!("unknown encoding `{label}`"),
            },
            None => None,
        },
        keep_findings: args.format != Format::Summary,
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
    let inputs = walk::collect(&paths, &exclude);
    let results = scan_all(&engine, &inputs, options, args.jobs)?;
    let summary = Summary::from_results(&results, started.elapsed().as_millis() as u64);

    let to_terminal = args.output.is_none() && std::io::stdout().is_terminal();
    let render = RenderOptions {
        reveal: args.reveal,
        color: match args.color {
            ColorChoice::Always => true,
            ColorChoice::Never => false,
            ColorChoice::Auto => to_terminal && args.format == Format::Text,
        },
    };
    match &args.output {
        Some(path) => {
            let file = std::fs::File::create(path)
                .with_context(|| format!("cannot write {}", path.display()))?;
            let mut out = std::io::BufWriter::new(file);
            report::render(args.format, &results, &summary, render, &mut out)?;
            out.flush()?;
        }
        None => {
            let stdout = std::io::stdout();
            let mut out = std::io::BufWriter::new(stdout.lock());
            if let Err(e) = report::render(args.format, &results, &summary, render, &mut out)
                .and_then(|_| out.flush())
            {
                // A closed pipe (`| head`) is not an error worth a message.
                if e.kind() != std::io::ErrorKind::BrokenPipe {
                    return Err(e.into());
                }
            }
        }
    }
    Ok(exit_code(&results, args.fail_on))
}

fn build_engine(args: &ScanArgs) -> anyhow::Result<Engine> {
    let mut rules = RuleSet::base().context("built-in rules")?;
    for (i, path) in args.terms.iter().enumerate() {
        let bytes = std::fs::read(path)
            .with_context(|| format!("cannot read --terms file {}", path.display()))?;
        let text = decode_whole(&bytes);
        let id = format!("terms.adhoc.{}", i + 1);
        rules.add_term_lines(&id, &path.display().to_string(), &text, Severity::High);
    }
    Ok(Engine::new(&rules)?)
}

/// A small text file in whatever encoding it was saved in (reviewers' term lists are often
/// GBK), decoded the way inputs are.
fn decode_whole(bytes: &[u8]) -> String {
    match crate::extract::text::sniff(bytes, None) {
        crate::extract::text::Sniffed::Text { encoding, bom_len } => {
            let body = bytes.get(bom_len..).unwrap_or(&[]);
            encoding.decode_without_bom_handling(body).0.into_owned()
        }
        crate::extract::text::Sniffed::Binary => String::from_utf8_lossy(bytes).into_owned(),
    }
}

fn scan_all(
    engine: &Engine,
    inputs: &[Input],
    options: ScanOptions,
    jobs: Option<usize>,
) -> anyhow::Result<Vec<FileResult>> {
    let mut builder = rayon::ThreadPoolBuilder::new();
    if let Some(n) = jobs {
        if n == 0 {
            bail!("--jobs must be at least 1");
        }
        builder = builder.num_threads(n);
    }
    let pool = builder.build().context("cannot start worker threads")?;
    let mut results: Vec<FileResult> = pool.install(|| {
        inputs
            .par_iter()
            .map(|input| scan_input(engine, input, options))
            .collect()
    });
    results.sort_by(|a, b| a.path.cmp(&b.path));
    for r in &mut results {
        if let Outcome::Scanned { findings, .. } = &mut r.outcome {
            findings.sort_by(|a, b| {
                (a.location.line, a.location.column, a.offset, &a.rule).cmp(&(
                    b.location.line,
                    b.location.column,
                    b.offset,
                    &b.rule,
                ))
            });
        }
    }
    Ok(results)
}

fn exit_code(results: &[FileResult], fail_on: Severity) -> i32 {
    if report::max_severity(results).is_some_and(|s| s >= fail_on) {
        return exit::BLOCKED;
    }
    let incomplete = results
        .iter()
        .any(|r| !matches!(r.outcome, Outcome::Scanned { .. }));
    if incomplete {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    }
}
