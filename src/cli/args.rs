//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::finding::Severity;
use crate::report::Format;

/// baomi (保密): review documents before publication for personal data and classified marks.
#[derive(Parser, Debug)]
#[command(name = "baomi", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Scan files, directories or stdin (`-`) and report findings.
    Scan(ScanArgs),
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files and directories to scan; `-` reads stdin. Default: stdin when piped, else `.`.
    pub paths: Vec<String>,

    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Text)]
    pub format: Format,

    /// Write the report to this file instead of stdout.
    #[arg(long, short = 'o')]
    pub output: Option<PathBuf>,

    /// Print matched values and context unmasked.
    #[arg(long)]
    pub reveal: bool,

    /// Exit 1 when a finding is at or above this severity.
    #[arg(long, value_parser = parse_severity, default_value = "high")]
    pub fail_on: Severity,

    /// Worker threads (1 = single-threaded). Default: all cores.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,

    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Decode text with this encoding (e.g. gbk, gb18030, utf-16le) instead of detecting.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Extra restricted terms, one per line (UTF-8), reported at `high` (repeatable).
    #[arg(long, value_name = "FILE")]
    pub terms: Vec<PathBuf>,

    /// Colour the text report: auto (when stdout is a terminal), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown severity `{s}`; one of: {}", names.join(", "))
    })
}
