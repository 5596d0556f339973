//! Admission and accounting: bearer-token auth, the bound on concurrent and queued scans,
//! and one metrics update and log line per request.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use axum::extract::{MatchedPath, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use serde::Serialize;
use sha2::{Digest, Sha256};
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

use super::handlers::problem;
use super::App;

/// At most `running` scans at once and `waiting` more queued; the rest are refused.
pub struct Admission {
    running: Arc<Semaphore>,
    admitted: Arc<AtomicUsize>,
    capacity: usize,
}

/// A place among the admitted requests, held until the scan has really finished (moved
/// into the blocking task, so a timed-out scan still counts until it stops).
pub struct Ticket {
    admitted: Arc<AtomicUsize>,
    pub permit: Option<OwnedSemaphorePermit>,
}

impl Admission {
    pub fn new(running: usize, waiting: usize) -> Admission {
        let running = running.max(1);
        Admission {
            running: Arc::new(Semaphore::new(running)),
            admitted: Arc::new(AtomicUsize::new(0)),
            capacity: running + waiting,
        }
    }

    /// A ticket if there is room, else None (answer 503 without reading the body).
    pub fn try_admit(&self) -> Option<Ticket> {
        let mut now = self.admitted.load(Ordering::Acquire);
        loop {
            if now >= self.capacity {
                return None;
            }
            let next =
                self.admitted
                    .compare_exchange(now, now + 1, Ordering::AcqRel, Ordering::Acquire);
            match next {
                Ok(_) => {
                    return Some(Ticket {
                        admitted: self.admitted.clone(),
                        permit: None,
                    })
                }
                Err(seen) => now = seen,
            }
        }
    }

    /// Waits for a running slot.
    pub async fn run_slot(&self, ticket: &mut Ticket) {
        if let Ok(permit) = self.running.clone().acquire_owned().await {
            ticket.permit = Some(permit);
        }
    }

    /// Admitted and not finished (the in-flight gauge).
    pub fn admitted(&self) -> usize {
        self.admitted.load(Ordering::Relaxed)
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.admitted.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Compares tokens in constant time: both are hashed first, so neither the length nor
/// the position of the first difference shows in the timing.
fn same_token(given: &str, expected: &str) -> bool {
    let a = Sha256::digest(given.as_bytes());
    let b = Sha256::digest(expected.as_bytes());
    a.iter()
        .zip(b.iter())
        .fold(0u8, |acc, (x, y)| acc | (x ^ y))
        == 0
}

/// 401 unless the request carries `Authorization: Bearer <token>` (when a token is set).
pub async fn require_token(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let Some(expected) = &app.config.token else {
        return next.run(request).await;
    };
    let given = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim);
    match given {
        Some(token) if same_token(token, expected) => next.run(request).await,
        _ => {
            app.metrics.rejected("unauthorized");
            let mut response = problem(StatusCode::UNAUTHORIZED, "missing or wrong bearer token");
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer realm=\"baomi\""),
            );
            response
        }
    }
}

/// What a scan handler adds to its request's log line (counts, never values or names).
#[derive(Clone, Debug, Serialize)]
pub struct ScanLog {
    pub verdict: &'static str,
    pub unit: Option<String>,
    pub files: usize,
    pub findings: u64,
    pub bytes: u64,
}

#[derive(Serialize)]
struct LogLine<'a> {
    ts: f64,
    method: &'a str,
    route: &'a str,
    status: u16,
    ms: f64,
    #[serde(flatten, skip_serializing_if = "Option::is_none")]
    scan: Option<&'a ScanLog>,
}

/// Times every request, counts it by route and status, and logs one JSON line.
pub async fn account(State(app): State<Arc<App>>, request: Request, next: Next) -> Response {
    let started = Instant::now();
    let route = request
        .extensions()
        .get::<MatchedPath>()
        .map_or_else(|| "other".to_string(), |p| p.as_str().to_string());
    let method = request.method().to_string();
    let response = next.run(request).await;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    app.metrics.request(&route, status, elapsed);
    if status == StatusCode::PAYLOAD_TOO_LARGE.as_u16() {
        app.metrics.rejected("too_large");
    }
    if app.config.log {
        let line = LogLine {
            ts: SystemTime::now()
                .duration_since(UNIX_EPOCH)
                .map_or(0.0, |d| d.as_secs_f64()),
            method: &method,
            route: &route,
            status,
            ms: (elapsed.as_secs_f64() * 1e4).round() / 10.0,
            scan: response.extensions().get::<ScanLog>(),
        };
        if let Ok(text) = serde_json::to_string(&line) {
            eprintln!("{text}");
        }
    }
    response
}

/// 503 with Retry-After: the server is at its bound; the client should try again.
pub fn overloaded(app: &App) -> Response {
    app.metrics.rejected("overload");
    let mut response = problem(
        StatusCode::SERVICE_UNAVAILABLE,
        "too many scans in progress; retry shortly",
    );
    response
        .headers_mut()
        .insert(header::RETRY_AFTER, header::HeaderValue::from_static("1"));
    response.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_compare_by_content() {
        assert!(same_token("s3cret", "s3cret"));
        assert!(!same_token("s3cre", "s3cret"));
        assert!(!same_token("", "s3cret"));
    }

    #[test]
    fn admission_refuses_beyond_capacity_and_frees_on_drop() {
        let admission = Admission::new(1, 1);
        let a = admission.try_admit();
        let b = admission.try_admit();
        assert!(a.is_some() && b.is_some());
        assert!(admission.try_admit().is_none());
        drop(a);
        let c = admission.try_admit();
        assert!(c.is_some());
        assert_eq!(admission.admitted(), 2);
        drop((b, c));
        assert_eq!(admission.admitted(), 0);
    }
}
