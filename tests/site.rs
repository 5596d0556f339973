//! A small government site served by the tests on an ephemeral loopback port, for
//! `baomi crawl`: pages in UTF-8 and GBK, attachments of each type, robots.txt, a sitemap,
//! redirects (in and out of scope), a 404, a slow page, a huge response, a link loop, an
//! out-of-scope link, a chain deeper than the crawl depth, ETags. Every request's path and
//! arrival time is recorded (politeness is measured from them).

use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;

use crate::common::{ID_A, MOBILE_A};

pub struct Site {
    pub base: String,
    pub log: Arc<Mutex<Vec<(Instant, String)>>>,
    _runtime: std::thread::JoinHandle<()>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

#[derive(Clone)]
struct Shared {
    base: String,
    log: Arc<Mutex<Vec<(Instant, String)>>>,
}

impl Drop for Site {
    fn drop(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
    }
}

impl Site {
    pub fn start() -> Site {
        let (addr_tx, addr_rx) = std::sync::mpsc::channel();
        let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
        let log = Arc::new(Mutex::new(Vec::new()));
        let log2 = log.clone();
        let handle = std::thread::spawn(move || {
            let runtime = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("runtime");
            runtime.block_on(async move {
                let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
                    .await
                    .expect("bind");
                let addr = listener.local_addr().expect("addr");
                let shared = Shared {
                    base: format!("http://{addr}"),
                    log: log2,
                };
                let _ = addr_tx.send(addr);
                let app = Router::new().fallback(serve).with_state(shared);
                let _ = axum::serve(listener, app)
                    .with_graceful_shutdown(async {
                        let _ = stop_rx.await;
                    })
                    .await;
            });
        });
        let addr = addr_rx
            .recv_timeout(Duration::from_secs(10))
            .expect("site started");
        Site {
            base: format!("http://{addr}"),
            log,
            _runtime: handle,
            shutdown: Some(stop_tx),
        }
    }

    /// Paths requested, in arrival order.
    pub fn requests(&self) -> Vec<(Instant, String)> {
        self.log.lock().map(|l| l.clone()).unwrap_or_default()
    }
}

fn demo(name: &str) -> Vec<u8> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn page(title: &str, body: &str) -> String {
    format!("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>{body}</body></html>")
}

async fn serve(State(site): State<Shared>, request: Request) -> Response {
    let path = request.uri().path().to_string();
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    if let Ok(mut log) = site.log.lock() {
        log.push((Instant::now(), format!("{path}{query}")));
    }
    let etag = format!("\"v1{}\"", path.len());
    if request
        .headers()
        .get(header::IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v == etag)
    {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    let html = |body: String| {
        let mut h = HeaderMap::new();
        h.insert(
            header::CONTENT_TYPE,
            "text/html; charset=utf-8".parse().expect("ct"),
        );
        h.insert(header::ETAG, etag.parse().expect("etag"));
        (h, body).into_response()
    };
    let file = |bytes: Vec<u8>, ctype: &str| {
        let mut h = HeaderMap::new();
        h.insert(header::CONTENT_TYPE, ctype.parse().expect("ct"));
        h.insert(header::ETAG, etag.parse().expect("etag"));
        (h, bytes).into_response()
    };
    let base = &site.base;
    match path.as_str() {
        "/robots.txt" => format!(
            "User-agent: *\nDisallow: /private/\n\nSitemap: {base}/sitemap.xml\n"
        )
        .into_response(),
        "/sitemap.xml" => file(
            format!(
                "<?xml version=\"1.0\"?><urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\
                 <url><loc>{base}/</loc></url><url><loc>{base}/from-sitemap.html</loc></url></urlset>"
            )
            .into_bytes(),
            "application/xml",
        ),
        "/" | "/index.html" => html(page(
            "区政府信息公开",
            "<h1>政府信息公开</h1>\
             <a href=\"gbk.html\">通知</a> <a href=\"/files/名单.xlsx\">低保名单</a>\
             <a href=\"/files/纪要.docx\">纪要</a> <a href=\"/files/公示.pdf\">公示</a>\
             <a href=\"/files/通知.txt\">通知文本</a>\
             <a href=\"/private/secret.html\">内部</a> <a href=\"/missing.html\">旧链接</a>\
             <a href=\"/slow.html\">慢</a> <a href=\"/huge.bin\">大文件</a>\
             <a href=\"/loop/a.html\">循环</a> <a href=\"https://outside.example.org/x.html\">外站</a>\
             <a href=\"/redirect\">跳转</a> <a href=\"/redirect-out\">外跳</a>\
             <a href=\"/logo.png\">图</a> <a href=\"/deep1.html\">深</a>\
             <a href=\"mailto:office@example.gov.cn\">邮件</a> <a href=\"#top\">顶部</a>",
        )),
        "/gbk.html" => {
            let text = format!(
                "<html><head><meta charset=\"gbk\"></head><body>关于发放补贴的通知。联系人：王建国，手机号码：{MOBILE_A}</body></html>"
            );
            let (bytes, _, _) = encoding_rs::GBK.encode(&text);
            file(bytes.into_owned(), "text/html")
        }
        "/files/名单.xlsx" | "/files/%E5%90%8D%E5%8D%95.xlsx" => file(
            demo("demo/2024年第三季度城乡低保发放名单.xlsx"),
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        ),
        "/files/纪要.docx" | "/files/%E7%BA%AA%E8%A6%81.docx" => file(
            demo("demo/专题会议纪要.docx"),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
        "/files/公示.pdf" | "/files/%E5%85%AC%E7%A4%BA.pdf" => {
            file(demo("labeled/tongzhi/002.pdf"), "application/pdf")
        }
        "/files/通知.txt" | "/files/%E9%80%9A%E7%9F%A5.txt" => file(
            "机密★5年\n关于全市重点项目推进情况的通报\n".as_bytes().to_vec(),
            "text/plain; charset=utf-8",
        ),
        "/from-sitemap.html" => html(page("名单", &format!("申请人身份证号：{ID_A}"))),
        "/private/secret.html" => html(page("内部", &format!("身份证号：{ID_A}"))),
        "/slow.html" => {
            tokio::time::sleep(Duration::from_secs(4)).await;
            html(page("慢", "迟到的页面"))
        }
        "/huge.bin" => {
            // 3 MiB of text, streamed (the crawl caps responses at 1 MiB in the tests).
            let chunk = "政务公开".repeat(1024);
            let stream = futures_stream(chunk, 256);
            let mut h = HeaderMap::new();
            h.insert(header::CONTENT_TYPE, "application/octet-stream".parse().expect("ct"));
            (h, Body::from_stream(stream)).into_response()
        }
        "/loop/a.html" => html(page("a", "<a href=\"b.html\">b</a>")),
        "/loop/b.html" => html(page("b", "<a href=\"a.html\">a</a> <a href=\"/\">home</a>")),
        "/redirect" => (StatusCode::FOUND, [(header::LOCATION, "/target.html")]).into_response(),
        "/redirect-out" => (
            StatusCode::FOUND,
            [(header::LOCATION, "https://outside.example.org/landing")],
        )
            .into_response(),
        "/target.html" => html(page("跳转目标", "此件不公开")),
        "/logo.png" => file(vec![0x89, b'P', b'N', b'G'], "image/png"),
        "/deep1.html" => html(page("1", "<a href=\"deep2.html\">2</a>")),
        "/deep2.html" => html(page("2", "<a href=\"deep3.html\">3</a>")),
        "/deep3.html" => html(page("3", "<a href=\"deep4.html\">4</a>")),
        "/deep4.html" => html(page("4", &format!("身份证号：{ID_A}"))),
        _ => (StatusCode::NOT_FOUND, "not found").into_response(),
    }
}

/// `n` chunks of `chunk`, as a body stream.
fn futures_stream(
    chunk: String,
    n: usize,
) -> impl futures_core::Stream<Item = Result<Vec<u8>, std::io::Error>> {
    struct Chunks {
        chunk: Vec<u8>,
        left: usize,
    }
    impl futures_core::Stream for Chunks {
        type Item = Result<Vec<u8>, std::io::Error>;
        fn poll_next(
            mut self: std::pin::Pin<&mut Self>,
            _: &mut std::task::Context<'_>,
        ) -> std::task::Poll<Option<Self::Item>> {
            if self.left == 0 {
                return std::task::Poll::Ready(None);
            }
            self.left -= 1;
            std::task::Poll::Ready(Some(Ok(self.chunk.clone())))
        }
    }
    Chunks {
        chunk: chunk.into_bytes(),
        left: n,
    }
}
