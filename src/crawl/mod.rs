//! `baomi crawl`: fetch a site's pages and the attachments they link to, breadth first,
//! politely, and scan each one as it arrives. Every URL met ends as exactly one
//! [`Event`]: scanned, not reviewed (HTTP error, timeout, too large) or excluded by policy
//! (out of scope, robots.txt, beyond `--depth`, media, unchanged since the last audit).

mod fetch;
pub mod repair;
mod scope;
mod sitemap;
pub mod state;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::Arc;
use std::time::Duration;

use tokio::task::JoinSet;
use url::Url;

use crate::scan::FileResult;
pub use fetch::{Exclusion, FetchConfig, Fetched, Fetcher, Validators};
pub use scope::Scope;
use state::{Known, Queued, State};

/// Scans one fetched body (on a blocking thread): the CLI's engines, per unit by URL.
pub trait Scanner: Send + Sync + 'static {
    fn scan(&self, url: &str, bytes: &[u8]) -> FileResult;
}

/// How one URL ended.
#[derive(Debug)]
pub enum Event {
    Scanned {
        result: FileResult,
        linked_from: Option<String>,
        bytes: u64,
    },
    /// Not reviewed: reported like an unreadable file (fails closed).
    NotReviewed {
        url: String,
        linked_from: Option<String>,
        reason: String,
        /// Size cap (`skipped`) rather than an error.
        skipped: bool,
    },
    /// Left out on purpose; in the accounting, not in the findings report.
    Excluded {
        url: String,
        linked_from: Option<String>,
        code: &'static str,
        reason: String,
    },
}

pub struct CrawlConfig {
    pub seeds: Vec<Url>,
    pub scope: Scope,
    pub depth: u32,
    pub concurrency: usize,
    pub fetch: FetchConfig,
    pub sitemaps: bool,
    pub since: Option<String>,
    pub max_pages: Option<u64>,
}

/// Sitemap entries read per site.
const SITEMAP_LIMIT: usize = 50_000;

struct Job {
    item: Queued,
    url: Url,
}

/// What a finished job hands back to the coordinator.
struct Done {
    item: Queued,
    event: Event,
    /// Links of a page, resolved (empty for attachments).
    links: Vec<Url>,
    known: Option<Known>,
}

/// Runs the crawl to the end, handing each URL's event to `emit` in completion order.
pub async fn crawl(
    config: CrawlConfig,
    scanner: Arc<dyn Scanner>,
    mut state: Option<State>,
    emit: &mut dyn FnMut(Event),
) -> anyhow::Result<()> {
    let fetcher = Arc::new(Fetcher::new(config.fetch.clone(), config.scope.clone())?);
    let mut frontier: VecDeque<Queued> = VecDeque::new();
    let mut seen: HashSet<String> = HashSet::new();
    let mut known = Default::default();
    if let Some(s) = state.as_mut() {
        frontier.extend(s.pending.drain(..));
        seen = std::mem::take(&mut s.seen);
        known = std::mem::take(&mut s.known);
    }
    let known: HashMap<String, Known> = known;
    let resuming = !frontier.is_empty();
    if !resuming {
        for seed in &config.seeds {
            let q = Queued {
                url: seed.to_string(),
                depth: 0,
                from: None,
            };
            enqueue(q, &mut seen, &mut frontier, &mut state);
        }
        if config.sitemaps {
            for url in sitemap_urls(&fetcher, &config).await {
                if !config.scope.contains(&url) {
                    continue;
                }
                let q = Queued {
                    url: url.to_string(),
                    depth: 1,
                    from: Some("sitemap".into()),
                };
                enqueue(q, &mut seen, &mut frontier, &mut state);
            }
        }
    }
    let mut jobs: JoinSet<Done> = JoinSet::new();
    // The URL of each running job, so a job that panics is still accounted for.
    let mut running: HashMap<tokio::task::Id, Queued> = HashMap::new();
    let mut fetched = 0u64;
    loop {
        while jobs.len() < config.concurrency.max(1) {
            let Some(item) = frontier.pop_front() else {
                break;
            };
            let Ok(url) = Url::parse(&item.url) else {
                emit(excluded(&item, "invalid_url", "not a valid URL".into()));
                mark_done(&mut state, &item.url, "excluded", None);
                continue;
            };
            if config.max_pages.is_some_and(|max| fetched >= max) {
                emit(excluded(&item, "page_limit", "beyond --max-pages".into()));
                mark_done(&mut state, &item.url, "excluded", None);
                continue;
            }
            fetched += 1;
            let earlier = known.get(&item.url);
            let validators = Validators {
                etag: earlier.and_then(|k| k.etag.clone()),
                last_modified: earlier.and_then(|k| k.last_modified.clone()),
                since: config.since.clone(),
            };
            let old_links = earlier.map(|k| k.links.clone()).unwrap_or_default();
            let job = Job {
                item: item.clone(),
                url,
            };
            let handle = jobs.spawn(run_job(
                job,
                fetcher.clone(),
                scanner.clone(),
                validators,
                old_links,
            ));
            running.insert(handle.id(), item);
        }
        let Some(joined) = jobs.join_next_with_id().await else {
            break;
        };
        let done = match joined {
            Ok((id, done)) => {
                running.remove(&id);
                done
            }
            Err(e) => {
                // A bug, not the site's fault: the URL is reported as not reviewed.
                let Some(item) = running.remove(&e.id()) else {
                    continue;
                };
                let event = Event::NotReviewed {
                    url: scope::iri(&item.url),
                    linked_from: item.from.as_deref().map(scope::iri),
                    reason: "internal error while fetching (a bug: please report)".into(),
                    skipped: false,
                };
                Done {
                    item,
                    event,
                    links: Vec::new(),
                    known: None,
                }
            }
        };
        let status = match &done.event {
            Event::Scanned { .. } => "scanned",
            Event::NotReviewed { .. } => "error",
            Event::Excluded { .. } => "excluded",
        };
        let page = done.item.url.clone();
        // Reported first, links queued or excluded next, then marked done: a crash before
        // the mark redoes the URL, and the repair of the cut report drops its records.
        emit(done.event);
        for link in done.links {
            let key = link.to_string();
            if seen.contains(&key) {
                continue;
            }
            let q = Queued {
                url: key,
                depth: done.item.depth + 1,
                from: Some(page.clone()),
            };
            let exclusion = if !config.scope.contains(&link) {
                Some((
                    Exclusion::OutOfScope.code(),
                    "outside the crawl's scope".to_string(),
                ))
            } else if q.depth > config.depth {
                Some(("depth", format!("deeper than --depth {}", config.depth)))
            } else {
                scope::media_extension(&link).map(|ext| {
                    let why = format!(".{ext} files carry no text to review");
                    (Exclusion::MediaType.code(), why)
                })
            };
            match exclusion {
                Some((code, why)) => {
                    seen.insert(q.url.clone());
                    emit(excluded(&q, code, why));
                    // Logged as queued and done, so a resumed crawl neither redoes nor
                    // recounts it.
                    if let Some(s) = state.as_mut() {
                        s.queued(&q);
                        s.done(&q.url, "excluded", Known::default());
                    }
                }
                None => enqueue(q, &mut seen, &mut frontier, &mut state),
            }
        }
        mark_done(&mut state, &done.item.url, status, done.known.clone());
    }
    if let Some(s) = state.as_mut() {
        s.complete();
    }
    Ok(())
}

fn enqueue(
    q: Queued,
    seen: &mut HashSet<String>,
    frontier: &mut VecDeque<Queued>,
    state: &mut Option<State>,
) {
    if seen.insert(q.url.clone()) {
        if let Some(s) = state.as_mut() {
            s.queued(&q);
        }
        frontier.push_back(q);
    }
}

fn excluded(q: &Queued, code: &'static str, reason: String) -> Event {
    Event::Excluded {
        url: scope::iri(&q.url),
        linked_from: q.from.as_deref().map(scope::iri),
        code,
        reason,
    }
}

fn mark_done(state: &mut Option<State>, url: &str, status: &str, known: Option<Known>) {
    if let Some(s) = state.as_mut() {
        s.done(url, status, known.unwrap_or_default());
    }
}

/// Fetches one URL (after its robots check) and scans what came back.
async fn run_job(
    job: Job,
    fetcher: Arc<Fetcher>,
    scanner: Arc<dyn Scanner>,
    validators: Validators,
    old_links: Vec<String>,
) -> Done {
    let Job { item, url } = job;
    let not_reviewed = |item: &Queued, reason: String, skipped: bool| Event::NotReviewed {
        url: scope::iri(&item.url),
        linked_from: item.from.as_deref().map(scope::iri),
        reason,
        skipped,
    };
    let robots = fetcher.robots(&url).await;
    if let Some(why) = robots.refuses(&url) {
        let event = excluded(&item, Exclusion::Robots.code(), why);
        return Done {
            item,
            event,
            links: Vec::new(),
            known: None,
        };
    }
    match fetcher.fetch(&url, &validators).await {
        Fetched::Body {
            final_url,
            content_type,
            bytes,
            etag,
            last_modified,
        } => {
            let is_html = content_type
                .as_deref()
                .is_some_and(|t| t.to_ascii_lowercase().contains("html"))
                || looks_like_html(&bytes);
            let key = scope::iri(&item.url);
            let size = bytes.len() as u64;
            let (result, links) = tokio::task::spawn_blocking(move || {
                let result = scanner.scan(&key, &bytes);
                let links = if is_html {
                    page_links(&final_url, &bytes)
                } else {
                    Vec::new()
                };
                (result, links)
            })
            .await
            .unwrap_or_else(|_| {
                let failed = FileResult {
                    path: scope::iri(&item.url),
                    outcome: crate::scan::Outcome::Error("internal error while scanning".into()),
                    members: Vec::new(),
                };
                (failed, Vec::new())
            });
            let known = Known {
                etag,
                last_modified,
                links: links.iter().map(Url::to_string).collect(),
            };
            let linked_from = item.from.as_deref().map(scope::iri);
            let event = Event::Scanned {
                result,
                linked_from,
                bytes: size,
            };
            Done {
                item,
                event,
                links,
                known: Some(known),
            }
        }
        Fetched::NotModified => {
            let links = old_links
                .iter()
                .filter_map(|l| Url::parse(l).ok())
                .collect();
            let event = excluded(
                &item,
                "not_modified",
                "unchanged since the last audit (304)".into(),
            );
            // Keep the validators and links for the next audit.
            let known = Known {
                etag: validators.etag,
                last_modified: validators.last_modified,
                links: old_links,
            };
            Done {
                item,
                event,
                links,
                known: Some(known),
            }
        }
        Fetched::Excluded(why, reason) => {
            let event = excluded(&item, why.code(), reason);
            Done {
                item,
                event,
                links: Vec::new(),
                known: None,
            }
        }
        Fetched::TooLarge(reason) => {
            let event = not_reviewed(&item, reason, true);
            Done {
                item,
                event,
                links: Vec::new(),
                known: None,
            }
        }
        Fetched::Failed(reason) => {
            let event = not_reviewed(&item, reason, false);
            Done {
                item,
                event,
                links: Vec::new(),
                known: None,
            }
        }
        Fetched::Redirect(to) => {
            let event = not_reviewed(&item, format!("unfollowed redirect to {to}"), false);
            Done {
                item,
                event,
                links: Vec::new(),
                known: None,
            }
        }
    }
}

fn looks_like_html(bytes: &[u8]) -> bool {
    let head = bytes.get(..bytes.len().min(512)).unwrap_or(bytes);
    let text = String::from_utf8_lossy(head).to_ascii_lowercase();
    let text = text.trim_start_matches('\u{feff}').trim_start();
    text.starts_with("<!doctype html") || text.starts_with("<html") || text.contains("<body")
}

/// A page's links, absolute, deduplicated, in page order.
fn page_links(page: &Url, bytes: &[u8]) -> Vec<Url> {
    let found = crate::extract::html::links(bytes, None);
    let base = found
        .base
        .as_deref()
        .and_then(|b| scope::resolve(page, b))
        .unwrap_or_else(|| page.clone());
    let mut seen = HashSet::new();
    found
        .links
        .iter()
        .filter_map(|l| scope::resolve(&base, l))
        .filter(|u| seen.insert(u.to_string()))
        .collect()
}

/// The pages the seeds' sitemaps list (robots.txt `Sitemap:` lines, else `/sitemap.xml`),
/// following sitemap indexes one level.
async fn sitemap_urls(fetcher: &Fetcher, config: &CrawlConfig) -> Vec<Url> {
    let mut sitemaps: Vec<Url> = Vec::new();
    for seed in &config.seeds {
        let robots = fetcher.robots(seed).await;
        let listed: Vec<Url> = robots
            .sitemaps()
            .iter()
            .filter_map(|s| Url::parse(s).ok())
            .collect();
        if listed.is_empty() {
            if let Ok(u) = seed.join("/sitemap.xml") {
                sitemaps.push(u);
            }
        } else {
            sitemaps.extend(listed);
        }
    }
    let mut pages = Vec::new();
    let mut depth_left = 2;
    while !sitemaps.is_empty() && depth_left > 0 {
        depth_left -= 1;
        let mut next = Vec::new();
        for sm in sitemaps.drain(..) {
            let robots = fetcher.robots(&sm).await;
            if robots.refuses(&sm).is_some() {
                continue;
            }
            let Fetched::Body { bytes, .. } = fetcher.fetch(&sm, &Validators::default()).await
            else {
                continue;
            };
            let (locs, index) = sitemap::locations(&bytes, SITEMAP_LIMIT);
            let urls = locs.iter().filter_map(|l| scope::resolve(&sm, l));
            if index {
                next.extend(urls);
            } else {
                pages.extend(urls);
            }
        }
        sitemaps = next;
    }
    pages
}

/// A default request timeout that survives slow government servers.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(30);
