//! `baomi crawl URL…`: audit what is already published. Each fetched page or attachment
//! is scanned as it arrives and reported under its URL (with the page that linked to it);
//! every URL met is accounted for in the summary's `crawl` section and, line by line, in
//! `--accounting FILE`.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use clap::Args;
use serde::Serialize;
use url::Url;

use super::args::LimitArgs;
use super::output::{outputs, Sinks};
use super::units::{RuleChoice, UnitEngines};
use crate::crawl::state::State;
use crate::crawl::{self, CrawlConfig, Event, FetchConfig, Scanner, Scope};
use crate::report::{CrawlTally, Format, RenderOptions, ReportWriters, Summary};
use crate::scan::{scan_bytes, FileResult, Outcome, ScanOptions};

#[derive(Args, Debug)]
pub struct CrawlArgs {
    /// Start pages (http/https).
    #[arg(required_unless_present = "seeds")]
    pub urls: Vec<String>,

    /// More start pages, one URL per line (`#` comments): the sites of a province's audit.
    #[arg(long, value_name = "FILE")]
    pub seeds: Option<PathBuf>,

    /// Crawl only the sites of shard I of N (0-based, as Kubernetes' JOB_COMPLETION_INDEX):
    /// start pages are split by a stable hash of their host, so each site is crawled by
    /// one process at its own polite pace. `baomi merge` joins the shards' reports.
    #[arg(long, value_name = "I/N")]
    pub shard: Option<crate::input::shard::Shard>,

    /// Fetch only URLs under these prefixes (repeatable). Default: the start pages' hosts.
    #[arg(long, value_name = "URL_PREFIX")]
    pub scope: Vec<String>,

    /// Links followed from the start pages (0: the start pages only).
    #[arg(long, default_value_t = 3)]
    pub depth: u32,

    /// Requests per second per host (robots.txt `Crawl-delay` wins when slower).
    #[arg(long, default_value_t = 2.0)]
    pub rate: f64,

    /// Fetches in flight at once (all hosts).
    #[arg(long, default_value_t = 4)]
    pub concurrency: usize,

    /// Seconds per request.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,

    /// Retries after a timeout, a connection failure, 429 or 5xx (with back-off).
    #[arg(long, default_value_t = 2)]
    pub retries: u32,

    /// Largest response read, in MiB; larger ones are reported as not reviewed.
    #[arg(long, value_name = "MIB", default_value_t = 100)]
    pub max_size: u64,

    /// Stop fetching after this many URLs (the rest are accounted as excluded).
    #[arg(long)]
    pub max_pages: Option<u64>,

    /// Do not read robots.txt (a site's own audit of itself).
    #[arg(long)]
    pub ignore_robots: bool,

    /// Do not read sitemap.xml.
    #[arg(long)]
    pub no_sitemap: bool,

    /// User-Agent header.
    #[arg(long, default_value = concat!("baomi/", env!("CARGO_PKG_VERSION"), " (pre-publication review audit)"))]
    pub user_agent: String,

    /// Ask only for what changed since this date (If-Modified-Since), e.g. 2024-06-01.
    #[arg(long, value_name = "DATE")]
    pub since: Option<String>,

    /// Keep the frontier and what was done here: an interrupted crawl resumes, a later one
    /// asks only for what changed (ETag / Last-Modified). Each run's JSON Lines report is
    /// kept as DIR/report-N.jsonl (`baomi merge DIR/report-*.jsonl` gives the whole audit).
    #[arg(long, value_name = "DIR")]
    pub state: Option<PathBuf>,

    /// Write one JSON line per URL met: scanned, not reviewed or excluded, with the reason.
    #[arg(long, value_name = "FILE")]
    pub accounting: Option<PathBuf>,

    /// No progress display.
    #[arg(long, short = 'q')]
    pub quiet: bool,

    /// Print matched values and context unmasked.
    #[arg(long)]
    pub reveal: bool,

    #[command(flatten)]
    pub limits: LimitArgs,

    #[command(flatten)]
    pub report: super::output::ReportArgs,

    #[command(flatten)]
    pub rules: super::units::RuleArgs,
}

struct CliScanner {
    units: Arc<UnitEngines>,
    options: ScanOptions,
}

impl Scanner for CliScanner {
    fn scan(&self, url: &str, bytes: &[u8]) -> FileResult {
        scan_bytes(self.units.for_path(url).engine, url, bytes, self.options)
    }
}

/// One line of `--accounting`.
#[derive(Serialize)]
struct Account<'a> {
    url: &'a str,
    status: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    reason: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    detail: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    linked_from: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    findings: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bytes: Option<u64>,
}

pub fn run(args: CrawlArgs) -> anyhow::Result<i32> {
    let started = Instant::now();
    let mut given = args.urls.clone();
    if let Some(path) = &args.seeds {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("cannot read --seeds {}", path.display()))?;
        let lines = text.lines().map(str::trim);
        given.extend(
            lines
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    let mut seeds = Vec::new();
    for u in &given {
        let url = Url::parse(u).with_context(|| format!("not a URL: {u}"))?;
        if !matches!(url.scheme(), "http" | "https") {
            bail!("only http and https URLs can be crawled: {u}");
        }
        let host = url.host_str().unwrap_or_default().to_ascii_lowercase();
        if args.shard.is_none_or(|s| s.owns(&host)) {
            seeds.push(url);
        }
    }
    if !(args.rate > 0.0 && args.rate.is_finite()) {
        bail!("--rate must be a positive number of requests per second");
    }
    let since = args.since.as_deref().map(http_date).transpose()?;
    let pairs = outputs(&args.report.format, &args.report.output)?;
    let units = Arc::new(UnitEngines::build_for(RuleChoice {
        config: args.rules.units.config.as_deref(),
        unit: args.rules.units.unit.as_deref(),
        rules_dir: args.rules.units.rules_dir.as_deref(),
        terms: &[],
        fail_on: args.rules.fail_on,
    })?);
    let state = args.state.as_deref().map(State::open).transpose()?;
    if let Some(s) = &state {
        // The part of a run that was killed gets its summary, so the parts merge.
        let closed = crate::crawl::repair::close_cut_parts(&s.dir)
            .with_context(|| format!("cannot close the reports in {}", s.dir.display()))?;
        if closed > 0 && !args.quiet {
            eprintln!("baomi crawl: closed {closed} report part(s) of an interrupted run");
        }
    }
    let mut sinks = Sinks::open(&pairs, args.report.color, args.reveal)?;
    if let Some(s) = &state {
        let render = RenderOptions {
            reveal: false,
            color: false,
        };
        sinks.push(Format::Jsonl, Some(&s.report_path()), render)?;
    }
    let mut accounting: Vec<Box<dyn Write>> = Vec::new();
    if let Some(path) = &args.accounting {
        let f = std::fs::File::create(path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        accounting.push(Box::new(std::io::LineWriter::new(f)));
    }
    if let Some(s) = &state {
        let path = s.dir.join(format!("accounting-{}.jsonl", s.run));
        let f = std::fs::File::create(&path)
            .with_context(|| format!("cannot write {}", path.display()))?;
        accounting.push(Box::new(std::io::LineWriter::new(f)));
    }
    let done_earlier = state.as_ref().map_or(0, |s| s.done as u64);
    let config = CrawlConfig {
        scope: Scope::new(&seeds, &args.scope),
        seeds,
        depth: args.depth,
        concurrency: args.concurrency.max(1),
        fetch: FetchConfig {
            user_agent: args.user_agent.clone(),
            rate: args.rate,
            timeout: Duration::from_secs(args.timeout.max(1)),
            retries: args.retries,
            backoff: Duration::from_millis(500),
            max_size: args.max_size << 20,
            ignore_robots: args.ignore_robots,
        },
        sitemaps: !args.no_sitemap,
        since,
        max_pages: args.max_pages,
    };
    let scanner = Arc::new(CliScanner {
        units: units.clone(),
        options: ScanOptions {
            encoding: None,
            keep_findings: true,
            limits: args.limits.limits(),
        },
    });
    let mut summary = Summary {
        crawl: Some(CrawlTally {
            done_earlier,
            ..CrawlTally::default()
        }),
        ..Summary::default()
    };
    let progress = (!args.quiet && std::io::stderr().is_terminal()).then(progress_bar);
    let mut writers = sinks.writers(&units.catalog);
    writers.begin()?;
    let mut failure: Option<std::io::Error> = None;
    {
        let mut emit = |event: Event| {
            let written = record(&event, &mut writers, &mut summary, &units, &mut accounting);
            if let (Err(e), None) = (written, &failure) {
                failure = Some(e);
            }
            if let Some(bar) = &progress {
                bar.set_message(progress_line(&summary, started));
                bar.tick();
            }
        };
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .context("cannot start the async runtime")?;
        runtime.block_on(crawl::crawl(config, scanner, state, &mut emit))?;
    }
    if let Some(bar) = &progress {
        bar.finish_and_clear();
    }
    summary.elapsed_ms = started.elapsed().as_millis() as u64;
    if let Some(e) = failure {
        return Err(e.into());
    }
    writers.finish(&summary)?;
    sinks.flush()?;
    for a in &mut accounting {
        a.flush()?;
    }
    Ok(super::scan::exit_code(&summary))
}

/// Writes one URL's event to the reports, the summary and the accounting.
fn record(
    event: &Event,
    writers: &mut ReportWriters,
    summary: &mut Summary,
    units: &UnitEngines,
    accounting: &mut [Box<dyn Write>],
) -> std::io::Result<()> {
    let unscanned;
    let (result, linked_from, account) = match event {
        Event::Scanned {
            result,
            linked_from,
            bytes,
        } => {
            let findings: u64 = result
                .flatten()
                .iter()
                .map(|r| match &r.outcome {
                    Outcome::Scanned { tally, .. } => tally.findings,
                    _ => 0,
                })
                .sum();
            let account = Account {
                url: &result.path,
                status: "scanned",
                reason: None,
                detail: None,
                linked_from: linked_from.as_deref(),
                findings: Some(findings),
                bytes: Some(*bytes),
            };
            (Some(result), linked_from, account)
        }
        Event::NotReviewed {
            url,
            linked_from,
            reason,
            skipped,
        } => {
            unscanned = FileResult {
                path: url.clone(),
                outcome: if *skipped {
                    Outcome::Skipped(reason.clone())
                } else {
                    Outcome::Error(reason.clone())
                },
                members: Vec::new(),
            };
            let account = Account {
                url,
                status: if *skipped { "skipped" } else { "error" },
                reason: Some(if *skipped {
                    "too_large"
                } else {
                    "fetch_failed"
                }),
                detail: Some(reason),
                linked_from: linked_from.as_deref(),
                findings: None,
                bytes: None,
            };
            (Some(&unscanned), linked_from, account)
        }
        Event::Excluded {
            url,
            linked_from,
            code,
            reason,
        } => {
            let account = Account {
                url,
                status: "excluded",
                reason: Some(code),
                detail: Some(reason),
                linked_from: linked_from.as_deref(),
                findings: None,
                bytes: None,
            };
            (None, linked_from, account)
        }
    };
    if let Some(tally) = summary.crawl.as_mut() {
        tally.urls += 1;
        match event {
            Event::Scanned { .. } => tally.scanned += 1,
            Event::NotReviewed { .. } => tally.not_reviewed += 1,
            Event::Excluded { .. } => tally.excluded += 1,
        }
        let reason = account.reason.unwrap_or(account.status);
        *tally.by_reason.entry(reason.to_string()).or_default() += 1;
    }
    if let Some(result) = result {
        writers.set_linked_from(linked_from.as_deref());
        for r in result.flatten() {
            if let Outcome::Scanned { findings, .. } = &r.outcome {
                for f in findings {
                    writers.finding(f)?;
                }
            }
            writers.end_input(r)?;
        }
        let judge = units.for_path(&result.path);
        summary.add(result);
        summary.judge(result, judge.fail_on);
        if let Some(unit) = judge.unit {
            summary.add_unit(unit, judge.fail_on, result);
        }
        writers.flush()?;
    }
    if let Ok(mut line) = serde_json::to_string(&account) {
        line.push('\n');
        for a in accounting.iter_mut() {
            a.write_all(line.as_bytes())?;
        }
    }
    Ok(())
}

fn progress_bar() -> indicatif::ProgressBar {
    let bar = indicatif::ProgressBar::new_spinner();
    bar.enable_steady_tick(Duration::from_millis(200));
    bar
}

fn progress_line(summary: &Summary, started: Instant) -> String {
    let tally = summary.crawl.as_ref();
    let urls = tally.map_or(0, |t| t.urls);
    let rate = urls as f64 / started.elapsed().as_secs_f64().max(0.001);
    format!(
        "已处理 {urls} 个网址 ({rate:.1}/s) · 已扫描 {} · 发现 {} · 无法审查 {} · 排除 {}",
        tally.map_or(0, |t| t.scanned),
        summary.findings,
        tally.map_or(0, |t| t.not_reviewed),
        tally.map_or(0, |t| t.excluded),
    )
}

/// `2024-06-01` (or an HTTP date as is) → an HTTP date for If-Modified-Since.
fn http_date(s: &str) -> anyhow::Result<String> {
    let parts: Vec<&str> = s.trim().split('-').collect();
    let [y, m, d] = parts.as_slice() else {
        if s.contains("GMT") {
            return Ok(s.to_string());
        }
        bail!("--since wants a date like 2024-06-01, got `{s}`");
    };
    let (Ok(y), Ok(m), Ok(d)) = (y.parse::<i64>(), m.parse::<u32>(), d.parse::<u32>()) else {
        bail!("--since wants a date like 2024-06-01, got `{s}`");
    };
    if !(1..=12).contains(&m) || !(1..=31).contains(&d) {
        bail!("--since wants a date like 2024-06-01, got `{s}`");
    }
    // Days since 1970-01-01 (civil-from-days inverse), for the weekday.
    let (yy, mm) = if m <= 2 { (y - 1, m + 9) } else { (y, m - 3) };
    let era = yy.div_euclid(400);
    let yoe = yy - era * 400;
    let doy = (153 * mm as i64 + 2) / 5 + d as i64 - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let weekday = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"][days.rem_euclid(7) as usize];
    let month = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ][(m - 1) as usize];
    Ok(format!("{weekday}, {d:02} {month} {y} 00:00:00 GMT"))
}

#[cfg(test)]
mod tests {
    use super::http_date;

    #[test]
    fn since_dates() {
        assert_eq!(
            http_date("2024-06-01").ok().as_deref(),
            Some("Sat, 01 Jun 2024 00:00:00 GMT")
        );
        assert_eq!(
            http_date("1970-01-01").ok().as_deref(),
            Some("Thu, 01 Jan 1970 00:00:00 GMT")
        );
        assert!(http_date("2024-13-01").is_err());
        assert!(http_date("yesterday").is_err());
    }
}
