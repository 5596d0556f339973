//! The endpoints. Request problems are answered with `application/problem+json`; scans
//! answer `{verdict, unit, fail_on, files, findings, errors, summary}` (OUTPUT.md records).

use std::sync::Arc;
use std::time::Duration;

use axum::body::Bytes;
use axum::extract::rejection::QueryRejection;
use axum::extract::{FromRequest, Multipart, Query, Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use super::admit::{overloaded, ScanLog, Ticket};
use super::scan::{scan_files, Detail, Upload};
use super::App;
use crate::finding::Severity;

/// Files per multipart request.
const MAX_FILES: usize = 1000;
/// Added to the scan budget before the request itself gives up (the extractors stop at
/// the budget on their own; this only catches a scan that did not).
const TIMEOUT_GRACE: Duration = Duration::from_secs(5);

/// An RFC 9457 problem document.
pub fn problem(status: StatusCode, detail: &str) -> Response {
    let body = json!({
        "type": "about:blank",
        "title": status.canonical_reason().unwrap_or("error"),
        "status": status.as_u16(),
        "detail": detail,
    });
    (
        status,
        [(header::CONTENT_TYPE, "application/problem+json")],
        body.to_string(),
    )
        .into_response()
}

#[derive(Debug, Default, Deserialize)]
pub struct ScanQuery {
    unit: Option<String>,
    filename: Option<String>,
    #[serde(default)]
    reveal: bool,
    /// List only findings at or above this severity (the summary still counts all).
    min_severity: Option<Severity>,
}

/// `POST /v1/scan`: the document as the raw body, or several as multipart/form-data.
pub async fn scan(
    State(app): State<Arc<App>>,
    query: Result<Query<ScanQuery>, QueryRejection>,
    request: Request,
) -> Response {
    let query = match query {
        Ok(Query(q)) => q,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let Some(ticket) = app.admission.try_admit() else {
        return overloaded(&app);
    };
    if let Some(refused) = refuse_early(&app, request.headers(), query.reveal) {
        return refused;
    }
    let is_multipart = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.to_ascii_lowercase().starts_with("multipart/form-data"));
    let (uploads, form_unit) = if is_multipart {
        match read_multipart(request, &app).await {
            Ok(read) => read,
            Err(response) => return response,
        }
    } else {
        let name = query
            .filename
            .clone()
            .or_else(|| content_disposition_filename(request.headers()))
            .unwrap_or_else(|| "upload".to_string());
        match axum::body::to_bytes(request.into_body(), app.config.max_body).await {
            Ok(bytes) => (vec![Upload { name, bytes }], None),
            Err(_) => return too_large(&app),
        }
    };
    if uploads.is_empty() {
        return problem(
            StatusCode::BAD_REQUEST,
            "no file in the request: send the document as the body or as multipart file fields",
        );
    }
    let unit = query.unit.or(form_unit);
    let detail = Detail {
        reveal: query.reveal,
        min_severity: query.min_severity.unwrap_or(Severity::Info),
    };
    run(app, ticket, unit, uploads, detail).await
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TextRequest {
    text: String,
    #[serde(default)]
    unit: Option<String>,
    /// A name for the text in findings (and a format hint: `article.html`).
    #[serde(default)]
    filename: Option<String>,
    #[serde(default)]
    reveal: Option<bool>,
    #[serde(default)]
    min_severity: Option<Severity>,
}

/// `POST /v1/scan/text`: `{text, unit}` — an article body as HTML or plain text.
pub async fn scan_text(State(app): State<Arc<App>>, request: Request) -> Response {
    let Some(ticket) = app.admission.try_admit() else {
        return overloaded(&app);
    };
    if let Some(refused) = refuse_early(&app, request.headers(), false) {
        return refused;
    }
    let Ok(body) = axum::body::to_bytes(request.into_body(), app.config.max_body).await else {
        return too_large(&app);
    };
    let parsed: TextRequest = match serde_json::from_slice(&body) {
        Ok(p) => p,
        Err(e) => {
            return problem(
                StatusCode::BAD_REQUEST,
                &format!("expected JSON {{\"text\": …, \"unit\": …}}: {e}"),
            )
        }
    };
    let reveal = parsed.reveal.unwrap_or(false);
    if reveal && !app.config.allow_reveal {
        return reveal_refused();
    }
    let upload = Upload {
        name: parsed.filename.unwrap_or_else(|| "text".to_string()),
        bytes: Bytes::from(parsed.text.into_bytes()),
    };
    let detail = Detail {
        reveal,
        min_severity: parsed.min_severity.unwrap_or(Severity::Info),
    };
    run(app, ticket, parsed.unit, vec![upload], detail).await
}

/// Refusals that need no body: a declared length over the limit, reveal not allowed.
fn refuse_early(app: &App, headers: &HeaderMap, reveal: bool) -> Option<Response> {
    if reveal && !app.config.allow_reveal {
        return Some(reveal_refused());
    }
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    match declared {
        Some(n) if n > app.config.max_body as u64 => Some(too_large(app)),
        _ => None,
    }
}

fn reveal_refused() -> Response {
    problem(
        StatusCode::FORBIDDEN,
        "raw values are not served: the server was started without --allow-reveal",
    )
}

pub(super) fn too_large(app: &App) -> Response {
    problem(
        StatusCode::PAYLOAD_TOO_LARGE,
        &format!(
            "request body larger than {} bytes (--max-body)",
            app.config.max_body
        ),
    )
}

/// Every file field of a form (a field with a file name), and a `unit` text field.
async fn read_multipart(
    request: Request,
    app: &Arc<App>,
) -> Result<(Vec<Upload>, Option<String>), Response> {
    let mut form = Multipart::from_request(request, app)
        .await
        .map_err(|e| problem(StatusCode::BAD_REQUEST, &e.body_text()))?;
    let mut uploads = Vec::new();
    let mut unit = None;
    let broken = |e: axum::extract::multipart::MultipartError| {
        let status = e.status();
        let detail = if status == StatusCode::PAYLOAD_TOO_LARGE {
            format!(
                "request body larger than {} bytes (--max-body)",
                app.config.max_body
            )
        } else {
            format!("malformed multipart body: {}", e.body_text())
        };
        problem(status, &detail)
    };
    while let Some(field) = form.next_field().await.map_err(broken)? {
        let name = field.name().unwrap_or_default().to_string();
        match field.file_name().map(str::to_string) {
            Some(file_name) => {
                if uploads.len() >= MAX_FILES {
                    return Err(problem(
                        StatusCode::BAD_REQUEST,
                        &format!("more than {MAX_FILES} files in one request"),
                    ));
                }
                let bytes = field.bytes().await.map_err(broken)?;
                uploads.push(Upload {
                    name: file_name,
                    bytes,
                });
            }
            None if name == "unit" => unit = Some(field.text().await.map_err(broken)?),
            None => {
                // Other form fields are read and ignored (a CMS may send its own).
                field.bytes().await.map_err(broken)?;
            }
        }
    }
    Ok((uploads, unit))
}

/// Waits for a running slot, scans on the blocking pool, answers the verdict.
async fn run(
    app: Arc<App>,
    mut ticket: Ticket,
    unit: Option<String>,
    uploads: Vec<Upload>,
    detail: Detail,
) -> Response {
    let rules = app.rules();
    if let Err(e) = rules.select(unit.as_deref()) {
        return problem(StatusCode::BAD_REQUEST, &e);
    }
    app.admission.run_slot(&mut ticket).await;
    let worker = app.clone();
    let job = tokio::task::spawn_blocking(move || {
        let _held_until_done = ticket;
        scan_files(&worker, &rules, unit.as_deref(), uploads, detail)
    });
    let budget = app.config.request_timeout + TIMEOUT_GRACE;
    match tokio::time::timeout(budget, job).await {
        Ok(Ok(Ok((body, log)))) => {
            let mut response = ([(header::CONTENT_TYPE, "application/json")], body).into_response();
            response.extensions_mut().insert::<ScanLog>(log);
            response
        }
        Ok(Ok(Err(e))) => problem(StatusCode::BAD_REQUEST, &e),
        Ok(Err(_)) => problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "internal error while scanning",
        ),
        Err(_) => problem(
            StatusCode::GATEWAY_TIMEOUT,
            "the scan did not finish within the request time budget",
        ),
    }
}

#[derive(Debug, Default, Deserialize)]
pub struct RulesQuery {
    unit: Option<String>,
}

/// `GET /v1/rules?unit=`: the effective rule set.
pub async fn rules(
    State(app): State<Arc<App>>,
    query: Result<Query<RulesQuery>, QueryRejection>,
) -> Response {
    let query = match query {
        Ok(Query(q)) => q,
        Err(e) => return problem(StatusCode::BAD_REQUEST, &e.body_text()),
    };
    let rules = app.rules();
    match rules.select(query.unit.as_deref()) {
        Ok(unit) => Json(rules.describe(unit)).into_response(),
        Err(e) => problem(StatusCode::BAD_REQUEST, &e),
    }
}

/// `POST /v1/reload`: only with a token configured (SIGHUP otherwise).
pub async fn reload(State(app): State<Arc<App>>) -> Response {
    if app.config.token.is_none() {
        return problem(
            StatusCode::FORBIDDEN,
            "reload over HTTP needs a token (--token-file); send SIGHUP to the process instead",
        );
    }
    match app.reload().await {
        Ok(generation) => Json(json!({"reloaded": true, "generation": generation})).into_response(),
        Err(e) => (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"reloaded": false, "error": e, "generation": app.rules().generation})),
        )
            .into_response(),
    }
}

pub async fn healthz(State(app): State<Arc<App>>) -> Response {
    let rules = app.rules();
    Json(json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "rules_generation": rules.generation,
        "units": rules.unit_names(),
    }))
    .into_response()
}

pub async fn metrics(State(app): State<Arc<App>>) -> Response {
    let text = app
        .metrics
        .render(app.rules().generation, app.admission.admitted());
    (
        [(
            header::CONTENT_TYPE,
            "text/plain; version=0.0.4; charset=utf-8",
        )],
        text,
    )
        .into_response()
}

/// The API description, with the units of the rules in force as the `unit` enum (units
/// come and go with reloads, so the document is completed per request).
pub async fn openapi(State(app): State<Arc<App>>) -> Response {
    let Ok(mut doc) = serde_json::from_str::<serde_json::Value>(include_str!("openapi.json"))
    else {
        return problem(
            StatusCode::INTERNAL_SERVER_ERROR,
            "openapi.json does not parse",
        );
    };
    let rules = app.rules();
    let units: Vec<&str> = std::iter::once("").chain(rules.unit_names()).collect();
    if let Some(schema) = doc.pointer_mut("/components/schemas/Unit") {
        schema["enum"] = json!(units);
    }
    Json(doc).into_response()
}

pub async fn not_found() -> Response {
    problem(StatusCode::NOT_FOUND, "no such endpoint; see /openapi.json")
}

/// The file name of `Content-Disposition: attachment; filename*=UTF-8''…` or
/// `filename="…"` (the RFC 5987 form wins: it carries non-ASCII names).
pub fn content_disposition_filename(headers: &HeaderMap) -> Option<String> {
    let value = headers.get(header::CONTENT_DISPOSITION)?;
    let text = String::from_utf8_lossy(value.as_bytes()).into_owned();
    let mut plain = None;
    for param in text.split(';').map(str::trim) {
        let Some((key, val)) = param.split_once('=') else {
            continue;
        };
        match key.trim().to_ascii_lowercase().as_str() {
            "filename*" => {
                let encoded = val.trim().splitn(3, '\'').nth(2)?;
                return Some(crate::percent::decode(encoded)).filter(|s| !s.is_empty());
            }
            "filename" => plain = Some(val.trim().trim_matches('"').to_string()),
            _ => {}
        }
    }
    plain.filter(|s| !s.is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn content_disposition_names() {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static(
                "attachment; filename=\"a.docx\"; filename*=UTF-8''%E5%90%8D%E5%8D%95.xlsx",
            ),
        );
        assert_eq!(
            content_disposition_filename(&h).as_deref(),
            Some("名单.xlsx")
        );
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("attachment; filename=\"report.pdf\""),
        );
        assert_eq!(
            content_disposition_filename(&h).as_deref(),
            Some("report.pdf")
        );
        h.insert(
            header::CONTENT_DISPOSITION,
            HeaderValue::from_static("inline"),
        );
        assert_eq!(content_disposition_filename(&h), None);
        assert_eq!(crate::percent::decode("%zz%4"), "%zz%4");
    }
}
