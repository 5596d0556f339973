//! The desk's static page, embedded in the binary (no CDN, works offline on an intranet PC).

use std::sync::Arc;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::serve::App;

const INDEX: &str = include_str!("page/index.html");
const SCRIPT: &str = include_str!("page/desk.js");
const STYLE: &str = include_str!("page/desk.css");

/// The page and its assets; no data, so no token is needed to load them.
pub fn page_routes(app: Arc<App>) -> Router<Arc<App>> {
    Router::new()
        .route(
            "/",
            get(|| async { asset("text/html; charset=utf-8", INDEX) }),
        )
        .route(
            "/desk/desk.js",
            get(|| async { asset("text/javascript; charset=utf-8", SCRIPT) }),
        )
        .route(
            "/desk/desk.css",
            get(|| async { asset("text/css; charset=utf-8", STYLE) }),
        )
        .route_layer(axum::middleware::from_fn_with_state(
            app,
            super::loopback_host,
        ))
}

fn asset(mime: &'static str, body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, mime),
            (
                header::CONTENT_SECURITY_POLICY,
                "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; \
                 img-src 'self' data:; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
            ),
            (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
            (header::REFERRER_POLICY, "no-referrer"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        body,
    )
        .into_response()
}

/// `filename*` of RFC 5987/6266: UTF-8, percent-encoded except attr-chars.
pub fn rfc5987(name: &str) -> String {
    let mut out = String::new();
    for b in name.bytes() {
        if b.is_ascii_alphanumeric() || b"!#$&+-.^_`|~".contains(&b) {
            out.push(char::from(b));
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn rfc5987_encodes_utf8() {
        assert_eq!(
            super::rfc5987("名单 v1.xlsx"),
            "%E5%90%8D%E5%8D%95%20v1.xlsx"
        );
    }
}
