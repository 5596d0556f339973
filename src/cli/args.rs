//! Command-line arguments (clap derive).

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::finding::Severity;

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
    /// Join JSON Lines reports (the shards of `scan --shard I/N`) into one report in any
    /// format; checks that every shard is present once.
    Merge(super::merge::MergeArgs),
    /// Print what baomi reads from each file, segment by segment, with locations and parts
    /// (body, tables, headers, comments, deleted revisions, hidden sheets, metadata …).
    Extract(ExtractArgs),
    /// Self-test, list and check rule packs (base and unit packs).
    Rules(RulesArgs),
    /// Record reviewers' decisions on findings (the review record) and list them.
    Review(super::review::ReviewArgs),
    /// Measure accuracy on a labelled corpus (truth.jsonl): precision, recall and F1 per
    /// kind and format, hard negatives, severity agreement; compare with a baseline.
    Eval(super::eval::EvalArgs),
    /// The publishing gate as an HTTP service: POST a document, get pass/block/error with
    /// the findings (see /openapi.json).
    Serve(super::serve::ServeArgs),
    /// Audit a published site: fetch pages and their attachments politely (robots.txt,
    /// rate limit), scan each as it arrives, account for every URL; resumable.
    Crawl(super::crawl::CrawlArgs),
    /// Write publishable copies with the findings masked in the document's own format
    /// (txt/csv/md, html, docx, xlsx), hidden channels removed, each verified by a rescan.
    Redact(super::redact::RedactArgs),
}

#[derive(Args, Debug)]
pub struct RulesArgs {
    #[command(subcommand)]
    pub command: RulesCommand,
}

#[derive(Subcommand, Debug)]
pub enum RulesCommand {
    /// Run every rule's examples (base, embedded unit packs, and DIR's packs); exit 1 on a
    /// failing example.
    Test {
        /// A directory of unit packs to test as well.
        dir: Option<PathBuf>,
    },
    /// Print the effective rule set (after inheritance) with each rule's origin file.
    List {
        #[arg(long, value_name = "NAME")]
        unit: Option<String>,
        #[arg(long, value_name = "DIR")]
        rules_dir: Option<PathBuf>,
    },
    /// Validate rule files or directories of unit packs (errors name file, line and key).
    Check {
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
}

#[derive(Args, Debug)]
pub struct ExtractArgs {
    /// Files to read (archives are expanded).
    #[arg(required = true)]
    pub paths: Vec<String>,

    /// Output format: text (for people) or jsonl (one record per segment).
    #[arg(long, short = 'f', value_enum, default_value_t = ExtractFormat::Text)]
    pub format: ExtractFormat,

    /// Decode text with this encoding instead of detecting.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    #[command(flatten)]
    pub limits: LimitArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ExtractFormat {
    Text,
    Jsonl,
}

#[derive(Args, Debug)]
pub struct ScanArgs {
    /// Files and directories to scan; `-` reads stdin. Default: stdin when piped, else `.`.
    pub paths: Vec<String>,

    /// Print matched values and context unmasked.
    #[arg(long)]
    pub reveal: bool,

    /// Review record (JSON Lines, see `baomi review`): findings with a decision in force
    /// are reported at `info` with the decision in their evidence.
    #[arg(long, value_name = "FILE")]
    pub reviews: Option<PathBuf>,

    /// An earlier report (`--format json` or `jsonl`): its findings are left out, so only
    /// what is new is reported and counted.
    #[arg(long, value_name = "REPORT")]
    pub baseline: Option<PathBuf>,

    /// Worker threads (1 = single-threaded). Default: all cores.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,

    /// Scan only shard I of N (0-based: 0/3, 1/3, 2/3, as Kubernetes' JOB_COMPLETION_INDEX):
    /// inputs are split by a stable hash of their path as given or walked, so N runs given
    /// the same paths scan every input exactly once. `baomi merge` joins their reports.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::input::shard::Shard>,

    /// Skip files and directories matching this glob (repeatable).
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,

    /// Decode text with this encoding (e.g. gbk, gb18030, utf-16le) instead of detecting.
    #[arg(long, value_name = "LABEL")]
    pub encoding: Option<String>,

    /// Extra restricted terms, one per line (UTF-8), reported at `high` (repeatable).
    #[arg(long, value_name = "FILE")]
    pub terms: Vec<PathBuf>,

    /// The one directory given is a mirrored site (`wget -m`) published at URL: files are
    /// reported under their URLs (`a/index.html` → URL/a/).
    #[arg(long, value_name = "URL", value_parser = crate::input::mirror::parse_base_url)]
    pub base_url: Option<String>,

    #[command(flatten)]
    pub limits: LimitArgs,

    #[command(flatten)]
    pub report: super::output::ReportArgs,

    #[command(flatten)]
    pub rules: super::units::RuleArgs,
}

/// Bounds per input (documents and archives); exceeding one is an error record.
#[derive(Args, Debug, Clone)]
pub struct LimitArgs {
    /// Largest document read into memory, in MiB (plain text is streamed, any size).
    #[arg(long, value_name = "MIB", default_value_t = 512)]
    pub max_file_size: u64,

    /// Total bytes decompressed per input (all members and parts), in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 1024)]
    pub max_decompressed: u64,

    /// Largest decompressed/compressed ratio of a zip member.
    #[arg(long, value_name = "N", default_value_t = 200)]
    pub max_ratio: u64,

    /// Archives and embedded files nested deeper than this are not opened.
    #[arg(long, value_name = "N", default_value_t = 3)]
    pub max_depth: u32,

    /// Members per archive or package.
    #[arg(long, value_name = "N", default_value_t = 10_000)]
    pub max_members: usize,

    /// Text extracted per document, in MiB.
    #[arg(long, value_name = "MIB", default_value_t = 256)]
    pub max_text: usize,

    /// Element nesting allowed in one XML part (OOXML, ODF, OFD).
    #[arg(long, value_name = "N", default_value_t = 256)]
    pub max_xml_depth: usize,

    /// Seconds allowed per input (with its members).
    #[arg(long, value_name = "SECONDS", default_value_t = 120)]
    pub time_budget: u64,
}

impl LimitArgs {
    pub fn limits(&self) -> crate::extract::Limits {
        crate::extract::Limits {
            max_file_bytes: self.max_file_size << 20,
            max_decompressed_bytes: self.max_decompressed << 20,
            max_ratio: self.max_ratio.max(1),
            max_members: self.max_members,
            max_depth: self.max_depth,
            max_xml_depth: self.max_xml_depth,
            max_text_bytes: self.max_text << 20,
            time_budget: std::time::Duration::from_secs(self.time_budget),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorChoice {
    Auto,
    Always,
    Never,
}

pub fn parse_severity(s: &str) -> Result<Severity, String> {
    Severity::parse(s).ok_or_else(|| {
        let names: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
        format!("unknown severity `{s}`; one of: {}", names.join(", "))
    })
}
