//! Where reports go: `--format`/`--output` pairs (shared by `scan` and `crawl`).

use std::io::{BufWriter, IsTerminal, Write};
use std::path::PathBuf;

use anyhow::{bail, Context};
use clap::Args;

use super::args::ColorChoice;
use crate::report::{Format, RenderOptions, ReportWriter, ReportWriters, RuleCatalog};

/// Where and how reports are written (`scan`, `crawl`, `merge`).
#[derive(Args, Debug, Clone)]
pub struct ReportArgs {
    /// Output format (repeatable, paired in order with `--output`; default text, or what
    /// each output's extension names: .jsonl .json .sarif .csv .xlsx .html).
    #[arg(long, short = 'f', value_enum)]
    pub format: Vec<Format>,

    /// Write the report to this file instead of stdout (repeatable, one per `--format`).
    #[arg(long, short = 'o')]
    pub output: Vec<PathBuf>,

    /// Colour the text report: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

/// Pairs `--format`s with `--output`s in order: one format may go to stdout; outputs
/// without formats take the format their extension names (text when it names none).
pub fn outputs(
    formats: &[Format],
    paths: &[PathBuf],
) -> anyhow::Result<Vec<(Format, Option<PathBuf>)>> {
    let by_extension = |p: &PathBuf| Format::from_path(p).unwrap_or(Format::Text);
    Ok(match (formats.len(), paths.len()) {
        (0, 0) => vec![(Format::Text, None)],
        (0, _) => paths
            .iter()
            .map(|p| (by_extension(p), Some(p.clone())))
            .collect(),
        (1, 0) => vec![(formats[0], None)],
        (f, p) if f == p => formats
            .iter()
            .zip(paths)
            .map(|(f, p)| (*f, Some(p.clone())))
            .collect(),
        (f, p) => bail!(
            "{f} --format but {p} --output: give one --output per --format (at most one \
             report can go to stdout)"
        ),
    })
}

/// One report's format, rendering and destination.
type Sink = (Format, RenderOptions, BufWriter<Box<dyn Write>>);

/// The open report files (and stdout) of one run.
pub struct Sinks {
    sinks: Vec<Sink>,
}

impl Sinks {
    pub fn open(
        pairs: &[(Format, Option<PathBuf>)],
        color: ColorChoice,
        reveal: bool,
    ) -> anyhow::Result<Sinks> {
        let mut sinks = Sinks { sinks: Vec::new() };
        for (format, path) in pairs {
            let to_terminal = path.is_none() && std::io::stdout().is_terminal();
            if to_terminal && format.is_binary() {
                bail!("--format {format:?} writes a binary file: give --output FILE");
            }
            let color = match color {
                ColorChoice::Always => true,
                ColorChoice::Never => false,
                ColorChoice::Auto => to_terminal && *format == Format::Text,
            };
            sinks.push(*format, path.as_ref(), RenderOptions { reveal, color })?;
        }
        Ok(sinks)
    }

    /// Adds a report file (`crawl --state` keeps a JSON Lines part of every run).
    pub fn push(
        &mut self,
        format: Format,
        path: Option<&PathBuf>,
        render: RenderOptions,
    ) -> anyhow::Result<()> {
        let sink: Box<dyn Write> = match path {
            Some(path) => Box::new(
                std::fs::File::create(path)
                    .with_context(|| format!("cannot write {}", path.display()))?,
            ),
            None => Box::new(std::io::stdout().lock()),
        };
        self.sinks.push((format, render, BufWriter::new(sink)));
        Ok(())
    }

    /// One writer per sink, all fed the same findings.
    pub fn writers(&mut self, catalog: &RuleCatalog) -> ReportWriters<'_> {
        let writers = self
            .sinks
            .iter_mut()
            .map(|(format, render, out)| {
                ReportWriter::new(*format, *render, out).with_catalog(catalog.clone())
            })
            .collect();
        ReportWriters::new(writers)
    }

    pub fn flush(&mut self) -> std::io::Result<()> {
        self.sinks
            .iter_mut()
            .try_for_each(|(_, _, out)| out.flush())
    }
}
