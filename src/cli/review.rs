//! `baomi review`: append decisions to the review record and list them.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};
use clap::{Args, Subcommand};

use super::exit;
use crate::review::{self, read_report, Decision, Reviews, Verdict, DEFAULT_FILE};

#[derive(Args, Debug)]
pub struct ReviewArgs {
    #[command(subcommand)]
    pub command: ReviewCommand,
}

#[derive(Subcommand, Debug)]
pub enum ReviewCommand {
    /// Record a decision on one finding (by fingerprint), or on every finding of a report
    /// (`--from REPORT --all`).
    Add(AddArgs),
    /// Print the decisions of a review file (the line in force per fingerprint is marked).
    List(ListArgs),
}

#[derive(Args, Debug)]
pub struct AddArgs {
    /// The finding's fingerprint, as in a scan report.
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    pub fingerprint: Option<String>,

    /// The finding's rule (e.g. `pii.id_card`).
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    pub rule: Option<String>,

    /// The finding's path, as in the report.
    #[arg(long, required_unless_present = "from", conflicts_with = "from")]
    pub path: Option<String>,

    /// Decide on every finding of this report (`--format json` or `jsonl`); needs `--all`.
    #[arg(long, value_name = "REPORT", requires = "all")]
    pub from: Option<PathBuf>,

    /// With `--from`: yes, every finding of the report.
    #[arg(long, requires = "from")]
    pub all: bool,

    #[arg(long, value_enum)]
    pub decision: Verdict,

    /// Who decided.
    #[arg(long)]
    pub reviewer: String,

    /// Why (do not quote the value itself: the record is kept next to the documents).
    #[arg(long)]
    pub reason: String,

    /// The reviewing unit.
    #[arg(long)]
    pub unit: Option<String>,

    /// Last day the decision applies (YYYY-MM-DD).
    #[arg(long, value_name = "YYYY-MM-DD")]
    pub expires: Option<String>,

    /// The review file.
    #[arg(long, default_value = DEFAULT_FILE)]
    pub file: PathBuf,
}

#[derive(Args, Debug)]
pub struct ListArgs {
    /// The review file.
    #[arg(long, default_value = DEFAULT_FILE)]
    pub file: PathBuf,
}

pub fn run(args: ReviewArgs) -> anyhow::Result<i32> {
    match args.command {
        ReviewCommand::Add(a) => add(a),
        ReviewCommand::List(a) => list(&a.file),
    }
}

fn add(a: AddArgs) -> anyhow::Result<i32> {
    let date = review::today()?;
    let decide = |fingerprint: String, rule: String, path: String, unit: Option<String>| Decision {
        fingerprint,
        rule,
        path,
        decision: a.decision,
        reviewer: a.reviewer.clone(),
        unit: a.unit.clone().or(unit),
        reason: a.reason.clone(),
        date: date.clone(),
        expires: a.expires.clone(),
    };
    let decisions: Vec<Decision> = match &a.from {
        Some(report) => read_report(report)?
            .into_iter()
            .map(|f| decide(f.fingerprint, f.rule, f.path, f.unit))
            .collect(),
        None => match (&a.fingerprint, &a.rule, &a.path) {
            (Some(fp), Some(rule), Some(path)) => {
                vec![decide(fp.clone(), rule.clone(), path.clone(), None)]
            }
            _ => bail!("--fingerprint, --rule and --path are required without --from"),
        },
    };
    for d in &decisions {
        d.validate()
            .with_context(|| format!("decision on {}", d.fingerprint))?;
    }
    review::append(&a.file, &decisions)?;
    eprintln!(
        "baomi: {} decision(s) added to {}",
        decisions.len(),
        a.file.display()
    );
    Ok(exit::CLEAN)
}

fn list(file: &Path) -> anyhow::Result<i32> {
    let reviews = Reviews::load(file)?;
    let today = review::today()?;
    let mut out = std::io::stdout().lock();
    for d in reviews.lines() {
        let state = if !reviews.is_current(d) {
            "overridden"
        } else if d.expired(&today) {
            "expired"
        } else {
            "in force"
        };
        let expires = d
            .expires
            .as_deref()
            .map_or_else(String::new, |e| format!(" until {e}"));
        let unit = d
            .unit
            .as_deref()
            .map_or_else(String::new, |u| format!(" ({u})"));
        let written = writeln!(
            out,
            "{}  {}  {}  {} by {}{unit} {}{expires} [{state}]: {}",
            d.fingerprint, d.rule, d.path, d.decision, d.reviewer, d.date, d.reason
        );
        if let Err(e) = written {
            if e.kind() == std::io::ErrorKind::BrokenPipe {
                break;
            }
            return Err(e.into());
        }
    }
    Ok(exit::CLEAN)
}
