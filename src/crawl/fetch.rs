//! Polite fetching: one pace per host (`--rate`, or the site's `Crawl-delay` when slower),
//! robots.txt per host (RFC 9309: unreachable → disallow all; 4xx → allow all), timeouts,
//! retries with back-off for timeouts, 429 and 5xx, a size cap read while streaming, and
//! conditional requests (ETag / Last-Modified from an earlier audit, `--since`).

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use reqwest::header::{self, HeaderMap, HeaderValue};
use reqwest::{redirect, StatusCode};
use tokio::sync::Mutex;
use tokio::time::Instant;
use url::Url;

use super::scope::{media_type, Scope};

/// How to fetch.
#[derive(Clone, Debug)]
pub struct FetchConfig {
    pub user_agent: String,
    /// Requests per second per host.
    pub rate: f64,
    pub timeout: Duration,
    pub retries: u32,
    /// First back-off; doubled per retry.
    pub backoff: Duration,
    pub max_size: u64,
    pub ignore_robots: bool,
}

/// Redirect hops followed for one URL.
const MAX_REDIRECTS: usize = 10;

/// Validators of an earlier fetch, for a conditional request.
#[derive(Clone, Debug, Default)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
    /// `--since`: an HTTP date.
    pub since: Option<String>,
}

/// How one fetch ended.
#[derive(Debug)]
pub enum Fetched {
    Body {
        final_url: Url,
        content_type: Option<String>,
        bytes: Vec<u8>,
        etag: Option<String>,
        last_modified: Option<String>,
    },
    /// 304: unchanged since the earlier audit.
    NotModified,
    /// 3xx to this URL (followed by `fetch`, never returned by it).
    Redirect(Url),
    /// Not fetched or not read by policy: out of scope (redirect), robots, media type.
    Excluded(Exclusion, String),
    /// Larger than `--max-size`: not reviewed.
    TooLarge(String),
    /// HTTP error status, timeout, connection failure.
    Failed(String),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Exclusion {
    OutOfScope,
    Robots,
    MediaType,
}

impl Exclusion {
    pub fn code(self) -> &'static str {
        match self {
            Exclusion::OutOfScope => "out_of_scope",
            Exclusion::Robots => "robots",
            Exclusion::MediaType => "media_type",
        }
    }
}

struct Host {
    next: Instant,
    interval: Duration,
    robots: Option<Arc<Robots>>,
}

/// robots.txt of one origin.
pub enum Robots {
    All,
    Nothing(String),
    Rules(texting_robots::Robot),
}

pub struct Fetcher {
    client: reqwest::Client,
    config: FetchConfig,
    scope: Scope,
    hosts: Mutex<HashMap<String, Host>>,
    /// Serializes robots.txt fetches per origin.
    robots_lock: Mutex<()>,
}

impl Fetcher {
    pub fn new(config: FetchConfig, scope: Scope) -> anyhow::Result<Fetcher> {
        // Redirects are followed by `fetch` itself: each hop waits for the host's pace
        // and must stay in scope.
        let client = reqwest::Client::builder()
            .user_agent(config.user_agent.clone())
            .redirect(redirect::Policy::none())
            .connect_timeout(config.timeout.min(Duration::from_secs(10)))
            .timeout(config.timeout)
            .build()?;
        Ok(Fetcher {
            client,
            config,
            scope,
            hosts: Mutex::new(HashMap::new()),
            robots_lock: Mutex::new(()),
        })
    }

    fn origin(url: &Url) -> String {
        url.origin().ascii_serialization()
    }

    /// The pace and robots of an origin (created at `--rate` on first use).
    fn host<'h>(&self, hosts: &'h mut HashMap<String, Host>, origin: String) -> &'h mut Host {
        let interval = Duration::from_secs_f64(1.0 / self.config.rate.max(0.001));
        hosts.entry(origin).or_insert_with(|| Host {
            next: Instant::now(),
            interval,
            robots: None,
        })
    }

    /// Waits for this host's next slot.
    async fn pace(&self, url: &Url) {
        let wait = {
            let mut hosts = self.hosts.lock().await;
            let host = self.host(&mut hosts, Self::origin(url));
            let now = Instant::now();
            let at = host.next.max(now);
            host.next = at + host.interval;
            at - now
        };
        tokio::time::sleep(wait).await;
    }

    /// The robots rules of `url`'s origin (fetched once).
    pub async fn robots(&self, url: &Url) -> Arc<Robots> {
        if self.config.ignore_robots {
            return Arc::new(Robots::All);
        }
        let origin = Self::origin(url);
        let _one = self.robots_lock.lock().await;
        if let Some(r) = self
            .hosts
            .lock()
            .await
            .get(&origin)
            .and_then(|h| h.robots.clone())
        {
            return r;
        }
        let robots_url = format!("{origin}/robots.txt");
        let robots = match Url::parse(&robots_url) {
            Ok(u) => self.fetch_robots(&u).await,
            Err(_) => Robots::All,
        };
        let robots = Arc::new(robots);
        let mut hosts = self.hosts.lock().await;
        let host = self.host(&mut hosts, origin);
        if let Robots::Rules(r) = robots.as_ref() {
            if let Some(delay) = r.delay.filter(|d| d.is_finite() && *d > 0.0) {
                // The site's Crawl-delay wins when it asks for more patience (capped).
                host.interval = host.interval.max(Duration::from_secs_f32(delay.min(60.0)));
            }
        }
        host.robots = Some(robots.clone());
        robots
    }

    async fn fetch_robots(&self, url: &Url) -> Robots {
        self.pace(url).await;
        match self.client.get(url.clone()).send().await {
            Ok(r) if r.status().is_success() => match r.bytes().await {
                Ok(body) => match texting_robots::Robot::new(&self.agent_token(), &body) {
                    Ok(rules) => Robots::Rules(rules),
                    Err(_) => Robots::All,
                },
                Err(e) => Robots::Nothing(format!("robots.txt unreadable: {e}")),
            },
            Ok(r) if r.status().is_client_error() => Robots::All,
            Ok(r) => Robots::Nothing(format!("robots.txt answered {}", r.status())),
            Err(e) => Robots::Nothing(format!("robots.txt unreachable: {}", short(&e))),
        }
    }

    /// The product token robots.txt groups are matched against (`baomi`).
    fn agent_token(&self) -> String {
        self.config
            .user_agent
            .split(['/', ' '])
            .next()
            .unwrap_or("baomi")
            .to_string()
    }

    /// Fetches a page or attachment (robots already checked by the caller), following
    /// up to 10 redirects within scope.
    pub async fn fetch(&self, url: &Url, validators: &Validators) -> Fetched {
        let mut url = url.clone();
        for _ in 0..=MAX_REDIRECTS {
            match self.fetch_retrying(&url, validators).await {
                Fetched::Redirect(to) => {
                    if !self.scope.contains(&to) {
                        return Fetched::Excluded(
                            Exclusion::OutOfScope,
                            format!("redirects out of scope to {to}"),
                        );
                    }
                    if self.robots(&to).await.refuses(&to).is_some() {
                        return Fetched::Excluded(
                            Exclusion::Robots,
                            format!("redirects to {to}, disallowed by robots.txt"),
                        );
                    }
                    url = to;
                }
                done => return done,
            }
        }
        Fetched::Failed(format!("more than {MAX_REDIRECTS} redirects"))
    }

    async fn fetch_retrying(&self, url: &Url, validators: &Validators) -> Fetched {
        let mut attempt = 0;
        loop {
            self.pace(url).await;
            match self.fetch_once(url, validators).await {
                Err(Retry(_)) if attempt < self.config.retries => {
                    let backoff = self.config.backoff * 2u32.saturating_pow(attempt);
                    attempt += 1;
                    tokio::time::sleep(backoff).await;
                }
                Err(Retry(reason)) => return Fetched::Failed(reason),
                Ok(done) => return done,
            }
        }
    }

    async fn fetch_once(&self, url: &Url, v: &Validators) -> Result<Fetched, Retry> {
        let mut headers = HeaderMap::new();
        if let Some(etag) = v
            .etag
            .as_deref()
            .and_then(|e| HeaderValue::from_str(e).ok())
        {
            headers.insert(header::IF_NONE_MATCH, etag);
        }
        let since = v.last_modified.as_deref().or(v.since.as_deref());
        if let Some(lm) = since.and_then(|d| HeaderValue::from_str(d).ok()) {
            headers.insert(header::IF_MODIFIED_SINCE, lm);
        }
        let response = match self.client.get(url.clone()).headers(headers).send().await {
            Ok(r) => r,
            Err(e) if e.is_timeout() => {
                return Err(Retry(format!("timeout after {:?}", self.config.timeout)))
            }
            Err(e) if e.is_redirect() => {
                return Ok(Fetched::Failed(format!("redirect error: {}", short(&e))))
            }
            Err(e) => return Err(Retry(format!("cannot fetch: {}", short(&e)))),
        };
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED {
            return Ok(Fetched::NotModified);
        }
        if status.is_redirection() {
            let to = response
                .headers()
                .get(header::LOCATION)
                .and_then(|l| l.to_str().ok())
                .and_then(|l| super::scope::resolve(url, l));
            return Ok(match to {
                Some(to) => Fetched::Redirect(to),
                None => Fetched::Failed(format!("HTTP {status} without a usable Location")),
            });
        }
        if status == StatusCode::TOO_MANY_REQUESTS || status.is_server_error() {
            return Err(Retry(format!("HTTP {status}")));
        }
        if !status.is_success() {
            return Ok(Fetched::Failed(format!("HTTP {status}")));
        }
        let header = |name| {
            response
                .headers()
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
                .map(str::to_string)
        };
        let content_type = header(header::CONTENT_TYPE);
        let etag = header(header::ETAG);
        let last_modified = header(header::LAST_MODIFIED);
        if let Some(t) = content_type.as_deref().filter(|t| media_type(t)) {
            return Ok(Fetched::Excluded(
                Exclusion::MediaType,
                format!("media type {t} not scanned"),
            ));
        }
        let max = self.config.max_size;
        if response.content_length().is_some_and(|n| n > max) {
            return Ok(Fetched::TooLarge(format!(
                "larger than --max-size ({max} bytes)"
            )));
        }
        let final_url = response.url().clone();
        let mut bytes = Vec::new();
        let mut response = response;
        loop {
            match response.chunk().await {
                Ok(Some(chunk)) => {
                    if bytes.len() as u64 + chunk.len() as u64 > max {
                        return Ok(Fetched::TooLarge(format!(
                            "larger than --max-size ({max} bytes)"
                        )));
                    }
                    bytes.extend_from_slice(&chunk);
                }
                Ok(None) => break,
                Err(e) if e.is_timeout() => {
                    return Err(Retry(format!(
                        "timeout after {:?} while reading",
                        self.config.timeout
                    )))
                }
                Err(e) => return Err(Retry(format!("read error: {}", short(&e)))),
            }
        }
        Ok(Fetched::Body {
            final_url,
            content_type,
            bytes,
            etag,
            last_modified,
        })
    }
}

/// A failure worth another attempt, with the reason reported if none succeeds.
struct Retry(String);

/// reqwest's error text without the URL (the record already names it).
fn short(e: &reqwest::Error) -> String {
    let mut text = e.to_string();
    if let Some(url) = e.url() {
        text = text.replace(&format!(" for url ({url})"), "");
    }
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        text = format!("{text}: {s}");
        source = s.source();
    }
    text
}

impl Robots {
    /// None when allowed, else the reason.
    pub fn refuses(&self, url: &Url) -> Option<String> {
        match self {
            Robots::All => None,
            Robots::Nothing(why) => Some(format!("{why} (RFC 9309: assume disallowed)")),
            Robots::Rules(r) => {
                (!r.allowed(url.as_str())).then(|| "disallowed by robots.txt".to_string())
            }
        }
    }

    pub fn sitemaps(&self) -> Vec<String> {
        match self {
            Robots::Rules(r) => r.sitemaps.clone(),
            _ => Vec::new(),
        }
    }
}
