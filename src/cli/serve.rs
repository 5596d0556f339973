//! `baomi serve`: flags → [`crate::serve::Config`].

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use anyhow::{bail, Context};
use clap::Args;

use super::args::LimitArgs;
use super::exit;
use crate::serve::{self, Config};

#[derive(Args, Debug)]
pub struct ServeArgs {
    /// Address to listen on (port 0: any free port, printed on the first stdout line).
    #[arg(long, default_value = "127.0.0.1:8787")]
    pub listen: SocketAddr,

    /// Load unit packs from this directory besides the embedded ones (re-read on reload).
    #[arg(long, value_name = "DIR")]
    pub rules_dir: Option<PathBuf>,

    /// The unit applied when a request names none (default: the base rules).
    #[arg(long, value_name = "NAME")]
    pub unit: Option<String>,

    /// File holding the bearer token every endpoint but /healthz and /openapi.json then
    /// requires (`Authorization: Bearer …`); also enables POST /v1/reload.
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<PathBuf>,

    /// Let requests ask for raw values (`?reveal=true`); refused (403) otherwise.
    #[arg(long)]
    pub allow_reveal: bool,

    /// Largest request body in bytes (over it: 413).
    #[arg(long, value_name = "BYTES", default_value_t = 100_000_000)]
    pub max_body: usize,

    /// Seconds one request may spend scanning.
    #[arg(long, value_name = "SECONDS", default_value_t = 60)]
    pub request_timeout: u64,

    /// Scans running at once. Default: the number of cores.
    #[arg(long, value_name = "N")]
    pub max_concurrent: Option<usize>,

    /// Requests allowed to wait for a running slot; beyond that: 503 with Retry-After.
    #[arg(long, value_name = "N", default_value_t = 32)]
    pub queue: usize,

    /// No per-request log lines on stderr.
    #[arg(long)]
    pub quiet: bool,

    /// The review record the reviewer's desk (`GET /`) writes decisions to and applies.
    #[arg(long, value_name = "FILE", default_value = crate::review::DEFAULT_FILE)]
    pub reviews: PathBuf,

    #[command(flatten)]
    pub limits: LimitArgs,
}

pub fn run(args: ServeArgs) -> anyhow::Result<i32> {
    let token = match &args.token_file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .with_context(|| format!("cannot read --token-file {}", path.display()))?;
            let token = text.trim().to_string();
            if token.len() < 16 {
                bail!(
                    "the token in {} is shorter than 16 characters",
                    path.display()
                );
            }
            Some(token)
        }
        None => None,
    };
    let cores = std::thread::available_parallelism().map_or(2, |n| n.get());
    let config = Config {
        listen: args.listen,
        rules_dir: args.rules_dir,
        default_unit: args.unit,
        token,
        allow_reveal: args.allow_reveal,
        max_body: args.max_body,
        request_timeout: Duration::from_secs(args.request_timeout.max(1)),
        max_concurrent: args.max_concurrent.unwrap_or(cores).max(1),
        queue: args.queue,
        limits: args.limits.limits(),
        log: !args.quiet,
        reviews: args.reviews,
    };
    serve::run(config)?;
    Ok(exit::CLEAN)
}
