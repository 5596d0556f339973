//! `baomi serve`: the publishing gate as an HTTP service. A CMS or CI job posts a document
//! and gets a verdict (`pass` / `block` / `error`) with the findings of OUTPUT.md.
//!
//! Rules are compiled once and shared; a reload swaps them atomically. Every scan runs on
//! the blocking pool behind admission control: at most `max_concurrent` scans run, at
//! most `queue` more wait, and anything beyond is answered 503 with `Retry-After` at once,
//! before its body is read. Logs are JSON lines with routes, sizes and counts — never
//! file names or values.

mod admit;
pub mod desk;
mod handlers;
mod metrics;
mod rules;
mod scan;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::{Arc, RwLock};
use std::time::Duration;

use anyhow::Context;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use axum::Router;

use crate::extract::Limits;
pub use admit::Admission;
pub use metrics::Metrics;
pub use rules::{Rules, UnitRules};

/// Drafts kept on the desk at once, and their total size (oldest dropped first).
const DESK_MAX_DRAFTS: usize = 200;
const DESK_MAX_BYTES: usize = 1 << 30;

/// Everything `baomi serve` is started with.
#[derive(Clone, Debug)]
pub struct Config {
    pub listen: SocketAddr,
    pub rules_dir: Option<PathBuf>,
    pub default_unit: Option<String>,
    /// Bearer token required on every endpoint but `/healthz` and `/openapi.json`.
    pub token: Option<String>,
    /// Honour `?reveal=true` (raw values in responses).
    pub allow_reveal: bool,
    pub max_body: usize,
    /// Wall-clock budget of one request's scanning.
    pub request_timeout: Duration,
    pub max_concurrent: usize,
    pub queue: usize,
    pub limits: Limits,
    /// Log one JSON line per request to stderr.
    pub log: bool,
    /// The review record the desk writes decisions to and applies.
    pub reviews: PathBuf,
}

pub struct App {
    pub config: Config,
    rules: RwLock<Arc<Rules>>,
    pub admission: Admission,
    pub metrics: Metrics,
    /// Serializes reloads (SIGHUP and HTTP at once would race on the generation).
    reloading: tokio::sync::Mutex<()>,
    /// Drafts open on the reviewer's desk (memory only).
    pub drafts: desk::store::Drafts,
    /// Serializes appends to the review record.
    pub reviews_lock: std::sync::Mutex<()>,
}

impl App {
    pub fn new(config: Config) -> anyhow::Result<Arc<App>> {
        let rules = Rules::load(
            config.rules_dir.as_deref(),
            config.default_unit.as_deref(),
            1,
        )?;
        Ok(Arc::new(App {
            admission: Admission::new(config.max_concurrent, config.queue),
            config,
            rules: RwLock::new(Arc::new(rules)),
            metrics: Metrics::default(),
            reloading: tokio::sync::Mutex::new(()),
            drafts: desk::store::Drafts::new(DESK_MAX_DRAFTS, DESK_MAX_BYTES),
            reviews_lock: std::sync::Mutex::new(()),
        }))
    }

    /// The rules in force; a request keeps the set it started with across a reload.
    pub fn rules(&self) -> Arc<Rules> {
        match self.rules.read() {
            Ok(r) => r.clone(),
            Err(p) => p.into_inner().clone(),
        }
    }

    /// Rebuilds the rules from disk and swaps them in; on error the old set stays.
    pub async fn reload(self: &Arc<Self>) -> Result<u64, String> {
        let _one_at_a_time = self.reloading.lock().await;
        let next = self.rules().generation + 1;
        let app = self.clone();
        let built = tokio::task::spawn_blocking(move || {
            Rules::load(
                app.config.rules_dir.as_deref(),
                app.config.default_unit.as_deref(),
                next,
            )
        })
        .await;
        match built {
            Ok(Ok(rules)) => {
                let mut slot = self.rules.write().unwrap_or_else(|p| p.into_inner());
                *slot = Arc::new(rules);
                self.metrics.reloads.fetch_add(1, Ordering::Relaxed);
                Ok(next)
            }
            Ok(Err(e)) => {
                self.metrics.reload_failures.fetch_add(1, Ordering::Relaxed);
                Err(format!("{e:#}"))
            }
            Err(_) => {
                self.metrics.reload_failures.fetch_add(1, Ordering::Relaxed);
                Err("rule loading stopped unexpectedly".to_string())
            }
        }
    }
}

/// The routes, with auth and request accounting.
pub fn router(app: Arc<App>) -> Router {
    let protected = Router::new()
        .route("/v1/scan", post(handlers::scan))
        .route("/v1/scan/text", post(handlers::scan_text))
        .route("/v1/rules", get(handlers::rules))
        .route("/v1/reload", post(handlers::reload))
        .route("/metrics", get(handlers::metrics))
        .merge(desk::api_routes(app.clone()))
        .route_layer(axum::middleware::from_fn_with_state(
            app.clone(),
            admit::require_token,
        ));
    Router::new()
        .route("/healthz", get(handlers::healthz))
        .route("/openapi.json", get(handlers::openapi))
        .merge(desk::page_routes(app.clone()))
        .merge(protected)
        .fallback(handlers::not_found)
        .layer(DefaultBodyLimit::max(app.config.max_body))
        .layer(axum::middleware::from_fn_with_state(
            app.clone(),
            admit::account,
        ))
        .with_state(app)
}

/// Binds, prints the address (first stdout line, for scripts and tests), serves until
/// SIGINT/SIGTERM; SIGHUP reloads the rules.
pub fn run(config: Config) -> anyhow::Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .context("cannot start the async runtime")?;
    runtime.block_on(async move {
        let app = App::new(config)?;
        let listener = tokio::net::TcpListener::bind(app.config.listen)
            .await
            .with_context(|| format!("cannot listen on {}", app.config.listen))?;
        let addr = listener.local_addr()?;
        let rules = app.rules();
        println!("baomi serve: listening on http://{addr}/");
        eprintln!(
            "baomi serve: rules generation {} (base + units: {}), max body {} bytes, {} \
             concurrent + {} queued, auth {}",
            rules.generation,
            rules.unit_names().join(", "),
            app.config.max_body,
            app.config.max_concurrent,
            app.config.queue,
            if app.config.token.is_some() {
                "bearer token"
            } else {
                "off"
            },
        );
        use std::io::Write;
        let _ = std::io::stdout().flush();
        spawn_sighup_reload(app.clone());
        axum::serve(listener, router(app))
            .with_graceful_shutdown(shutdown_signal())
            .await
            .context("server error")
    })
}

#[cfg(unix)]
fn spawn_sighup_reload(app: Arc<App>) {
    use tokio::signal::unix::{signal, SignalKind};
    tokio::spawn(async move {
        let Ok(mut hangups) = signal(SignalKind::hangup()) else {
            eprintln!("baomi serve: cannot listen for SIGHUP; reload with POST /v1/reload");
            return;
        };
        while hangups.recv().await.is_some() {
            match app.reload().await {
                Ok(generation) => {
                    eprintln!("baomi serve: SIGHUP: rules reloaded (generation {generation})")
                }
                Err(e) => eprintln!("baomi serve: SIGHUP: reload refused, old rules kept: {e}"),
            }
        }
    });
}

#[cfg(not(unix))]
fn spawn_sighup_reload(_app: Arc<App>) {}

async fn shutdown_signal() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = interrupt => {},
        _ = terminate => {},
    }
}
