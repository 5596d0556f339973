//! The reviewer's desk: a page served by `baomi serve` (`GET /`) where a reviewer drops a
//! draft, sees its verdict and findings, decides on each finding (written to the review
//! record), and downloads a verified redacted copy, the report and the record.
//!
//! Drafts live in memory only ([`store::Drafts`]); every view re-scans the draft with the
//! record as it is now, so a decision shows at once and again on a later upload of the
//! same file. Raw values leave the server only through `reveal`, one finding at a time,
//! and only when the server listens on loopback or was started with `--allow-reveal`.

mod explain;
mod page;
pub mod store;
mod view;

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{header, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::admit::overloaded;
use super::handlers::{content_disposition_filename, problem, too_large};
use super::App;
use crate::finding::Severity;
use crate::redact::run::{redact_scanned, FileRedaction, Options as RedactOptions, Status};
use crate::redact::FormatOptions;
use crate::report::{self, RenderOptions, Summary};
use crate::review::{self, Decision, Reviews, Triage, Verdict};
use crate::scan::{scan_bytes, FileResult, Outcome, ScanOptions};
pub use page::page_routes;
use store::Draft;
use view::draft_view;

/// The desk's API routes (token-protected like the gate's).
pub fn api_routes(app: Arc<App>) -> Router<Arc<App>> {
    Router::new()
        .route("/v1/desk/units", get(units))
        .route("/v1/desk/drafts", post(upload))
        .route("/v1/desk/drafts/{id}", get(show).delete(close))
        .route("/v1/desk/drafts/{id}/decisions", post(decide))
        .route("/v1/desk/drafts/{id}/reveal", post(reveal))
        .route("/v1/desk/drafts/{id}/redacted", get(redacted))
        .route("/v1/desk/drafts/{id}/report", get(report_file))
        .route("/v1/desk/reviews", get(reviews_file))
        .route_layer(axum::middleware::from_fn(same_site_only))
        .route_layer(axum::middleware::from_fn_with_state(app, loopback_host))
}

/// Any page the reviewer's browser opens could send a simple cross-site request to
/// 127.0.0.1: changes need the desk's own header (which no cross-site request may carry
/// without a CORS preflight, and the desk grants none), and a browser that says the
/// request is cross-site is refused outright.
async fn same_site_only(request: Request, next: axum::middleware::Next) -> Response {
    let headers = request.headers();
    let cross_site = headers
        .get("sec-fetch-site")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.eq_ignore_ascii_case("cross-site"));
    let changes = request.method() != axum::http::Method::GET;
    if cross_site || (changes && !headers.contains_key("x-baomi-desk")) {
        return problem(
            StatusCode::FORBIDDEN,
            "the desk takes requests from its own page only (header X-Baomi-Desk)",
        );
    }
    next.run(request).await
}

/// On a loopback listener the desk answers only requests addressed to a loopback name: a
/// page from elsewhere that rebinds its own host name to 127.0.0.1 (DNS rebinding) would
/// otherwise be same-origin with the desk and could read drafts and reveal values.
pub async fn loopback_host(
    State(app): State<Arc<App>>,
    request: Request,
    next: axum::middleware::Next,
) -> Response {
    if !app.config.listen.ip().is_loopback() {
        return next.run(request).await;
    }
    let host = request
        .headers()
        .get(header::HOST)
        .and_then(|h| h.to_str().ok())
        .unwrap_or("");
    if is_loopback_host(host) {
        next.run(request).await
    } else {
        problem(
            StatusCode::MISDIRECTED_REQUEST,
            "the desk answers only http://127.0.0.1 or http://localhost",
        )
    }
}

/// `127.0.0.1:8787`, `localhost`, `[::1]:8787` (any port).
fn is_loopback_host(host: &str) -> bool {
    let name = match host.strip_prefix('[') {
        Some(rest) => rest.split(']').next().unwrap_or(""),
        None => host.rsplit_once(':').map_or(host, |(h, _)| h),
    };
    name.eq_ignore_ascii_case("localhost")
        || name
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

const BUDGET_GRACE: Duration = Duration::from_secs(5);

/// Runs `work` on the blocking pool behind admission; 503 when full, 504 past the budget.
async fn blocking<T: Send + 'static>(
    app: &Arc<App>,
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, Response> {
    let Some(mut ticket) = app.admission.try_admit() else {
        return Err(overloaded(app));
    };
    app.admission.run_slot(&mut ticket).await;
    let job = tokio::task::spawn_blocking(move || {
        let _held_until_done = ticket;
        work()
    });
    match tokio::time::timeout(app.config.request_timeout + BUDGET_GRACE, job).await {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(_)) => Err(problem(StatusCode::INTERNAL_SERVER_ERROR, "internal error")),
        Err(_) => Err(problem(
            StatusCode::GATEWAY_TIMEOUT,
            "the document did not finish within the request time budget",
        )),
    }
}

fn scan_options(app: &App) -> ScanOptions {
    let mut limits = app.config.limits;
    limits.time_budget = limits.time_budget.min(app.config.request_timeout);
    ScanOptions {
        encoding: None,
        keep_findings: true,
        limits,
    }
}

fn triage(app: &App) -> Result<Triage, String> {
    let path = &app.config.reviews;
    let reviews = if path.exists() {
        Some(Reviews::load(path).map_err(|e| format!("{e:#}"))?)
    } else {
        None
    };
    Ok(Triage {
        reviews,
        baseline: None,
        today: review::today().map_err(|e| format!("{e:#}"))?,
    })
}

/// Everything the desk knows about a draft right now: the scan with decisions applied,
/// and the redaction that would be produced.
struct Judged {
    result: FileResult,
    redaction: FileRedaction,
    fail_on: Severity,
    unit: Option<String>,
}

/// Why a judgement stopped: the status to answer and what to say.
type Refused = (StatusCode, String);

fn bad(e: String) -> Refused {
    (StatusCode::BAD_REQUEST, e)
}

fn judge(app: &App, draft: &Draft) -> Result<Judged, Refused> {
    judge_after(app, draft, |_| Ok(()))
}

/// Scans the draft once; `before` sees that scan before the review record is read (a
/// decision is checked against it and written there), then the record is applied and the
/// redaction prepared.
fn judge_after(
    app: &App,
    draft: &Draft,
    before: impl FnOnce(&FileResult) -> Result<(), Refused>,
) -> Result<Judged, Refused> {
    let rules = app.rules();
    let unit_rules = rules.select(draft.unit.as_deref()).map_err(bad)?;
    let options = scan_options(app);
    let mut result = scan_bytes(&unit_rules.engine, &draft.name, &draft.bytes, options);
    before(&result)?;
    triage(app).map_err(bad)?.result(&mut result);
    let redact_options = RedactOptions {
        min_severity: Severity::Low,
        format: FormatOptions::default(),
        scan: options,
    };
    let redaction = redact_scanned(
        &unit_rules.engine,
        &draft.name,
        &draft.bytes,
        &result,
        &redact_options,
    );
    Ok(Judged {
        result,
        redaction,
        fail_on: unit_rules.fail_on,
        unit: unit_rules.name.clone(),
    })
}

async fn view_of(app: &Arc<App>, draft: Arc<Draft>) -> Response {
    view_after(app, draft, |_| Ok(())).await
}

async fn view_after(
    app: &Arc<App>,
    draft: Arc<Draft>,
    before: impl FnOnce(&FileResult) -> Result<(), Refused> + Send + 'static,
) -> Response {
    let worker = app.clone();
    let judged = blocking(app, move || {
        judge_after(&worker, &draft, before).map(|j| {
            draft_view(
                &draft.id,
                &draft.name,
                j.unit.as_deref(),
                j.fail_on,
                &j.result,
                &j.redaction,
            )
        })
    })
    .await;
    match judged {
        Ok(Ok(view)) => Json(view).into_response(),
        Ok(Err((status, e))) => problem(status, &e),
        Err(response) => response,
    }
}

fn gone() -> Response {
    problem(
        StatusCode::NOT_FOUND,
        "no such draft (closed, or dropped to make room): upload it again",
    )
}

/// `GET /v1/desk/units`: the units to choose from.
async fn units(State(app): State<Arc<App>>) -> Response {
    let rules = app.rules();
    Json(json!({
        "units": rules.unit_names(),
        "default": app.config.default_unit,
    }))
    .into_response()
}

#[derive(Deserialize)]
struct UploadQuery {
    filename: Option<String>,
    unit: Option<String>,
}

/// `POST /v1/desk/drafts?filename=&unit=`: the draft as the raw body.
async fn upload(
    State(app): State<Arc<App>>,
    Query(q): Query<UploadQuery>,
    request: Request,
) -> Response {
    let name = q
        .filename
        .or_else(|| content_disposition_filename(request.headers()))
        .unwrap_or_else(|| "draft".to_string());
    let unit = q.unit.filter(|u| !u.is_empty());
    if let Err(e) = app.rules().select(unit.as_deref()) {
        return problem(StatusCode::BAD_REQUEST, &e);
    }
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<usize>().ok());
    if declared.is_some_and(|n| n > app.config.max_body) {
        return too_large(&app);
    }
    // Admitted before the body is read: parallel uploads wait in the queue or get 503,
    // they are not all buffered at once.
    let Some(reading) = app.admission.try_admit() else {
        return overloaded(&app);
    };
    let Ok(bytes) = axum::body::to_bytes(request.into_body(), app.config.max_body).await else {
        return too_large(&app);
    };
    drop(reading);
    let draft = app.drafts.add(name, unit, bytes);
    view_of(&app, draft).await
}

/// `GET /v1/desk/drafts/{id}`: the draft judged again (decisions as they are now).
async fn show(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    match app.drafts.get(&id) {
        Some(draft) => view_of(&app, draft).await,
        None => gone(),
    }
}

/// `DELETE /v1/desk/drafts/{id}`: forget the draft.
async fn close(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    if app.drafts.remove(&id) {
        StatusCode::NO_CONTENT.into_response()
    } else {
        problem(StatusCode::NOT_FOUND, "no such draft")
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DecisionRequest {
    fingerprint: String,
    rule: String,
    decision: Verdict,
    reviewer: String,
    #[serde(default)]
    reason: String,
}

/// `POST /v1/desk/drafts/{id}/decisions`: record a decision; answers the new view.
async fn decide(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Json(d): Json<DecisionRequest>,
) -> Response {
    let Some(draft) = app.drafts.get(&id) else {
        return gone();
    };
    if d.decision == Verdict::AcceptedRisk && d.reason.trim().is_empty() {
        return problem(StatusCode::BAD_REQUEST, "确认风险可发布需要填写理由");
    }
    let today = match review::today() {
        Ok(t) => t,
        Err(e) => return problem(StatusCode::INTERNAL_SERVER_ERROR, &format!("{e:#}")),
    };
    let reason = if d.reason.trim().is_empty() {
        match d.decision {
            Verdict::FalsePositive => "误报".to_string(),
            Verdict::ToFix => "待修改".to_string(),
            _ => String::new(),
        }
    } else {
        d.reason.trim().to_string()
    };
    let decision = Decision {
        fingerprint: d.fingerprint,
        rule: d.rule,
        path: draft.name.clone(),
        decision: d.decision,
        reviewer: d.reviewer.trim().to_string(),
        unit: draft.unit.clone(),
        reason,
        date: today,
        expires: None,
    };
    if let Err(e) = decision.validate() {
        return problem(StatusCode::BAD_REQUEST, &format!("{e:#}"));
    }
    let worker = app.clone();
    // One scan: the decision must name a finding of the draft; it is written, then the
    // record (with it) judges the draft.
    view_after(&app, draft, move |result| {
        let known = result.flatten().into_iter().any(|r| match &r.outcome {
            Outcome::Scanned { findings, .. } => findings
                .iter()
                .any(|f| f.fingerprint == decision.fingerprint && f.rule == decision.rule),
            _ => false,
        });
        if !known {
            return Err(bad("no such finding in this draft".into()));
        }
        // One writer at a time: two decisions in flight must not interleave their lines.
        let _one = worker
            .reviews_lock
            .lock()
            .unwrap_or_else(|p| p.into_inner());
        review::append(&worker.config.reviews, &[decision])
            .map_err(|e| (StatusCode::INTERNAL_SERVER_ERROR, format!("{e:#}")))
    })
    .await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RevealRequest {
    fingerprint: String,
}

/// `POST /v1/desk/drafts/{id}/reveal`: the raw value of one finding, for the reviewer on
/// this machine. Never logged.
async fn reveal(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Json(r): Json<RevealRequest>,
) -> Response {
    if !(app.config.listen.ip().is_loopback() || app.config.allow_reveal) {
        return problem(
            StatusCode::FORBIDDEN,
            "原值只在本机查看：服务未监听本机地址（127.0.0.1），且未以 --allow-reveal 启动",
        );
    }
    let Some(draft) = app.drafts.get(&id) else {
        return gone();
    };
    let worker = app.clone();
    let found = blocking(&app, move || {
        let rules = worker.rules();
        let unit_rules = rules.select(draft.unit.as_deref())?;
        let result = scan_bytes(
            &unit_rules.engine,
            &draft.name,
            &draft.bytes,
            scan_options(&worker),
        );
        let value = result.flatten().into_iter().find_map(|x| match &x.outcome {
            Outcome::Scanned { findings, .. } => findings
                .iter()
                .find(|f| f.fingerprint == r.fingerprint)
                .map(|f| f.value.expose().clone()),
            _ => None,
        });
        Ok::<_, String>(value)
    })
    .await;
    match found {
        Ok(Ok(Some(value))) => (
            [(header::CACHE_CONTROL, "no-store")],
            Json(json!({ "value": value })),
        )
            .into_response(),
        Ok(Ok(None)) => problem(StatusCode::NOT_FOUND, "no such finding in this draft"),
        Ok(Err(e)) => problem(StatusCode::BAD_REQUEST, &e),
        Err(resp) => resp,
    }
}

/// `GET /v1/desk/drafts/{id}/redacted`: the verified redacted copy, or 409 with why not.
async fn redacted(State(app): State<Arc<App>>, Path(id): Path<String>) -> Response {
    let Some(draft) = app.drafts.get(&id) else {
        return gone();
    };
    let worker = app.clone();
    let name = draft.name.clone();
    let judged = blocking(&app, move || judge(&worker, &draft)).await;
    let mut redaction = match judged {
        Ok(Ok(j)) => j.redaction,
        Ok(Err((status, e))) => return problem(status, &e),
        Err(resp) => return resp,
    };
    match (redaction.copy.take(), &redaction.status) {
        (Some(copy), Status::Verified) => attachment(&name, "application/octet-stream", copy),
        (_, Status::Refused(why)) => problem(StatusCode::CONFLICT, &why.join("；")),
        (_, Status::Unsupported(why) | Status::Failed(why)) => problem(StatusCode::CONFLICT, why),
        (None, Status::Verified) => problem(StatusCode::CONFLICT, "no copy was produced"),
    }
}

#[derive(Deserialize)]
struct ReportQuery {
    format: Option<String>,
}

/// `GET /v1/desk/drafts/{id}/report?format=xlsx|html`: the reviewer's report of the draft
/// (values masked, decisions applied).
async fn report_file(
    State(app): State<Arc<App>>,
    Path(id): Path<String>,
    Query(q): Query<ReportQuery>,
) -> Response {
    let format = match q.format.as_deref().unwrap_or("html") {
        "html" => report::Format::Html,
        "xlsx" => report::Format::Xlsx,
        other => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!("unknown report format {other}: html or xlsx"),
            )
        }
    };
    let Some(draft) = app.drafts.get(&id) else {
        return gone();
    };
    let worker = app.clone();
    let name = draft.name.clone();
    let rendered = blocking(&app, move || {
        let j = judge(&worker, &draft).map_err(|(_, e)| e)?;
        let mut summary = Summary::default();
        summary.add(&j.result);
        summary.judge(&j.result, j.fail_on);
        if let Some(unit) = &j.unit {
            summary.add_unit(unit, j.fail_on, &j.result);
        }
        let mut out = Vec::new();
        let options = RenderOptions {
            reveal: false,
            color: false,
        };
        let rendered = (|| {
            let mut writer = report::ReportWriter::new(format, options, &mut out)
                .with_catalog(worker.rules().catalog.clone());
            writer.begin()?;
            for r in j.result.flatten() {
                if let Outcome::Scanned { findings, .. } = &r.outcome {
                    for f in findings {
                        writer.finding(f)?;
                    }
                }
                writer.end_input(r)?;
            }
            writer.finish(&summary)
        })();
        rendered.map_err(|e| format!("cannot render the report: {e}"))?;
        Ok::<_, String>(out)
    })
    .await;
    let (ext, mime) = match format {
        report::Format::Xlsx => (
            "xlsx",
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        _ => ("html", "text/html; charset=utf-8"),
    };
    match rendered {
        Ok(Ok(bytes)) => attachment(&format!("{name}.审查报告.{ext}"), mime, bytes),
        Ok(Err(e)) => problem(StatusCode::BAD_REQUEST, &e),
        Err(resp) => resp,
    }
}

/// `GET /v1/desk/reviews`: the review record (JSON Lines; fingerprints, never values).
async fn reviews_file(State(app): State<Arc<App>>) -> Response {
    let bytes = std::fs::read(&app.config.reviews).unwrap_or_default();
    attachment("reviews.jsonl", "application/x-ndjson", bytes)
}

fn attachment(name: &str, mime: &str, bytes: Vec<u8>) -> Response {
    let encoded = crate::serve::desk::page::rfc5987(name);
    (
        [
            (header::CONTENT_TYPE, mime.to_string()),
            (
                header::CONTENT_DISPOSITION,
                format!("attachment; filename=\"download\"; filename*=UTF-8''{encoded}"),
            ),
            (header::CACHE_CONTROL, "no-store".to_string()),
        ],
        Bytes::from(bytes),
    )
        .into_response()
}

#[cfg(test)]
mod tests {
    #[test]
    fn loopback_hosts() {
        for ok in [
            "127.0.0.1:8787",
            "localhost",
            "LOCALHOST:1",
            "[::1]:8787",
            "127.0.0.2",
        ] {
            assert!(super::is_loopback_host(ok), "{ok}");
        }
        for bad in [
            "evil.example:8787",
            "",
            "10.0.0.1:8787",
            "localhost.evil.example",
        ] {
            assert!(!super::is_loopback_host(bad), "{bad}");
        }
    }
}
