//! `baomi serve`: the real binary on an ephemeral loopback port, spoken to over plain
//! HTTP/1.1 (a small client below, so a test can also send half a request or a broken one).

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

use serde_json::Value;

use crate::common::{HIGH, ID_A};
use crate::harness::{Sandbox, BIN};

/// A running server, killed on drop.
pub struct Server {
    child: Child,
    pub addr: String,
}

impl Server {
    pub fn start(args: &[&str]) -> Server {
        let mut child = Command::new(BIN)
            .args(["serve", "--listen", "127.0.0.1:0", "--quiet"])
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start baomi serve");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut line = String::new();
            let _ = BufReader::new(stdout).read_line(&mut line);
            let _ = tx.send(line);
        });
        let line = rx
            .recv_timeout(Duration::from_secs(60))
            .expect("server printed its address");
        let addr = line
            .trim()
            .strip_prefix("baomi serve: listening on http://")
            .and_then(|a| a.strip_suffix('/'))
            .unwrap_or_else(|| panic!("unexpected first line {line:?}"))
            .to_string();
        Server { child, addr }
    }

    fn get(&self, path: &str) -> Reply {
        self.request("GET", path, &[], b"")
    }

    fn post(&self, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        self.request("POST", path, headers, body)
    }

    fn request(&self, method: &str, path: &str, headers: &[(&str, &str)], body: &[u8]) -> Reply {
        let mut stream = self.connect();
        let mut head = format!(
            "{method} {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\nContent-Length: {}\r\n",
            self.addr,
            body.len()
        );
        for (k, v) in headers {
            head.push_str(&format!("{k}: {v}\r\n"));
        }
        head.push_str("\r\n");
        stream.write_all(head.as_bytes()).expect("send head");
        // The server may answer (413, 503) before reading the body and close.
        let _ = stream.write_all(body);
        read_reply(stream)
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(&self.addr).expect("connect");
        stream
            .set_read_timeout(Some(Duration::from_secs(120)))
            .expect("timeout");
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

struct Reply {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Reply {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    fn header(&self, name: &str) -> Option<String> {
        self.head.lines().find_map(|l| {
            let (k, v) = l.split_once(':')?;
            k.eq_ignore_ascii_case(name).then(|| v.trim().to_string())
        })
    }
}

fn read_reply(mut stream: TcpStream) -> Reply {
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no HTTP head in {:?}", String::from_utf8_lossy(&raw)));
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .expect("status");
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    Reply { status, head, body }
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(end) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(std::str::from_utf8(&data[..end]).unwrap_or("0").trim(), 16)
                .unwrap_or(0);
        if size == 0 {
            break;
        }
        out.extend_from_slice(&data[end + 2..end + 2 + size]);
        data = &data[end + 4 + size..];
    }
    out
}

fn multipart(parts: &[(&str, Option<&str>, &[u8])]) -> (String, Vec<u8>) {
    let boundary = "baomi-test-boundary-7f3a";
    let mut body = Vec::new();
    for (name, file, data) in parts {
        body.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
        match file {
            Some(f) => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"; filename=\"{f}\"\r\nContent-Type: application/octet-stream\r\n\r\n").as_bytes(),
            ),
            None => body.extend_from_slice(
                format!("Content-Disposition: form-data; name=\"{name}\"\r\n\r\n").as_bytes(),
            ),
        }
        body.extend_from_slice(data);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    (format!("multipart/form-data; boundary={boundary}"), body)
}

fn abs(sandbox: &Sandbox, rel: &str) -> String {
    sandbox.path().join(rel).to_string_lossy().into_owned()
}

fn demo(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("corpora/demo")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn serve_010_health_openapi_rules_metrics_and_unknown_routes() {
    let server = Server::start(&[]);
    let health = server.get("/healthz");
    assert_eq!(health.status, 200);
    assert_eq!(health.json()["status"], "ok");
    assert_eq!(health.json()["rules_generation"], 1);

    let api = server.get("/openapi.json").json();
    assert_eq!(api["openapi"], "3.1.0");
    for path in [
        "/v1/scan",
        "/v1/scan/text",
        "/v1/rules",
        "/v1/reload",
        "/healthz",
        "/metrics",
    ] {
        assert!(
            api["paths"][path].is_object(),
            "{path} missing from openapi.json"
        );
    }

    let rules = server
        .get("/v1/rules?unit=%E5%8C%BA%E6%B0%91%E6%94%BF%E5%B1%80")
        .json();
    assert_eq!(rules["unit"], "区民政局");
    assert_eq!(rules["fail_on"], "medium");
    let lists = rules["term_lists"].as_array().expect("term lists");
    let own = lists
        .iter()
        .find(|t| t["id"] == "terms.区民政局.审核过程")
        .expect("unit list");
    assert!(
        own["terms"].is_u64(),
        "term lists give a count, not the terms: {own}"
    );
    assert!(!rules.to_string().contains("家庭经济状况核对报告"));
    assert_eq!(server.get("/v1/rules").json()["unit"], Value::Null);
    let unknown = server.get("/v1/rules?unit=nope");
    assert_eq!(unknown.status, 400);
    assert!(unknown.text().contains("known units"), "{}", unknown.text());

    server.post("/v1/scan", &[], HIGH);
    let metrics = server.get("/metrics").text();
    for line in [
        "baomi_requests_total{route=\"/v1/scan\",status=\"200\"} 1",
        "baomi_findings_total{kind=\"id_card\",severity=\"high\"} 1",
        "baomi_verdicts_total{verdict=\"block\"} 1",
        "baomi_request_duration_seconds_count{route=\"/v1/scan\"} 1",
        "baomi_rules_generation 1",
    ] {
        assert!(metrics.contains(line), "{line} missing:\n{metrics}");
    }
    assert!(!metrics.contains(ID_A));
    assert_eq!(server.get("/nope").status, 404);
    assert_eq!(server.get("/v1/scan").status, 405);
}

#[test]
fn serve_020_verdicts_masking_and_unreadable_files() {
    let server = Server::start(&[]);
    let block = server.post("/v1/scan?filename=a.txt", &[], HIGH);
    assert_eq!(block.status, 200);
    let body = block.json();
    assert_eq!(body["verdict"], "block");
    assert_eq!(body["fail_on"], "high");
    assert_eq!(body["findings"][0]["kind"], "id_card");
    assert_eq!(body["findings"][0]["path"], "a.txt");
    assert_eq!(body["summary"]["files"], 1);
    assert!(
        !block.text().contains(ID_A),
        "raw value in a default response"
    );

    // A masked value is listed by default, and left out above `info`.
    let mixed = format!("申请人身份证号：{ID_A}\n联系电话 138****8000\n");
    let all = server.post("/v1/scan", &[], mixed.as_bytes()).json();
    let listed = |v: &Value| v["findings"].as_array().map_or(0, Vec::len);
    assert!(listed(&all) >= 2, "{all}");
    let high = server
        .post("/v1/scan?min_severity=high", &[], mixed.as_bytes())
        .json();
    assert_eq!(listed(&high), 1, "{high}");
    assert_eq!(high["summary"]["findings"], all["summary"]["findings"]);
    assert_eq!(
        server
            .post("/v1/scan?min_severity=extreme", &[], HIGH)
            .status,
        400
    );

    let clean = server.post(
        "/v1/scan",
        &[],
        "关于做好政务服务事项办理指南更新工作的说明\n".as_bytes(),
    );
    assert_eq!(clean.json()["verdict"], "pass");

    // A document, named by Content-Disposition (RFC 5987 for a Chinese name).
    let docx = server.post(
        "/v1/scan",
        &[(
            "Content-Disposition",
            "attachment; filename*=UTF-8''%E7%BA%AA%E8%A6%81.docx",
        )],
        &demo("专题会议纪要.docx"),
    );
    let body = docx.json();
    assert_eq!(body["verdict"], "block", "{body}");
    assert_eq!(body["files"][0]["path"], "纪要.docx");
    assert!(body["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .any(|f| f["hidden"] == true));

    // A file that cannot be read is never `pass`.
    let broken = server.post(
        "/v1/scan?filename=bad.docx",
        &[],
        b"PK\x03\x04 not really a zip",
    );
    let body = broken.json();
    assert_eq!(body["verdict"], "error", "{body}");
    assert_eq!(body["errors"][0]["path"], "bad.docx");
    assert_eq!(body["summary"]["errors"], 1);

    let reveal = server.post("/v1/scan?reveal=true", &[], HIGH);
    assert_eq!(reveal.status, 403);
    let text = server.post(
        "/v1/scan/text",
        &[("Content-Type", "application/json")],
        r#"{"text":"<p>申请人身份证号：430102196209278907</p>","filename":"article.html"}"#
            .as_bytes(),
    );
    let body = text.json();
    assert_eq!(body["verdict"], "block", "{body}");
    assert_eq!(body["findings"][0]["path"], "article.html");
    let bad_json = server.post("/v1/scan/text", &[], b"{\"txt\": 1}");
    assert_eq!(bad_json.status, 400);
    assert!(bad_json
        .header("content-type")
        .unwrap_or_default()
        .contains("problem+json"));
}

#[test]
fn serve_025_reveal_when_allowed() {
    let server = Server::start(&["--allow-reveal"]);
    assert!(server
        .post("/v1/scan?reveal=true", &[], HIGH)
        .text()
        .contains(ID_A));
    assert!(!server.post("/v1/scan", &[], HIGH).text().contains(ID_A));
}

#[test]
fn serve_030_unit_selection_by_query_form_and_default() {
    let text = "附件：家庭经济状况核对报告\n".as_bytes();
    let server = Server::start(&[]);
    assert_eq!(server.post("/v1/scan", &[], text).json()["verdict"], "pass");
    let unit = server
        .post(
            "/v1/scan?unit=%E5%8C%BA%E6%B0%91%E6%94%BF%E5%B1%80",
            &[],
            text,
        )
        .json();
    assert_eq!(unit["verdict"], "block", "{unit}");
    assert_eq!(unit["unit"], "区民政局");
    assert_eq!(unit["findings"][0]["unit"], "区民政局");
    assert_eq!(unit["summary"]["by_unit"]["区民政局"]["passed"], false);
    assert_eq!(server.post("/v1/scan?unit=nope", &[], text).status, 400);

    let (ctype, body) = multipart(&[
        ("unit", None, "区民政局".as_bytes()),
        ("file", Some("a.txt"), text),
    ]);
    let form = server
        .post("/v1/scan", &[("Content-Type", &ctype)], &body)
        .json();
    assert_eq!(form["verdict"], "block", "{form}");

    let defaulted = Server::start(&["--unit", "区民政局"]);
    assert_eq!(
        defaulted.post("/v1/scan", &[], text).json()["verdict"],
        "block"
    );
}

#[test]
fn serve_040_multipart_several_files_and_malformed_bodies() {
    let server = Server::start(&[]);
    let (ctype, body) = multipart(&[
        ("file", Some("clean.txt"), "特此通知。\n".as_bytes()),
        ("file", Some("list.txt"), HIGH),
        ("note", None, b"ignored"),
        ("file", Some("bad.xlsx"), b"PK\x03\x04garbage"),
    ]);
    let reply = server
        .post("/v1/scan", &[("Content-Type", &ctype)], &body)
        .json();
    let files = reply["files"].as_array().expect("files");
    let verdicts: Vec<&str> = files.iter().filter_map(|f| f["verdict"].as_str()).collect();
    assert_eq!(verdicts, ["pass", "block", "error"], "{reply}");
    assert_eq!(reply["verdict"], "block");
    assert_eq!(reply["summary"]["files"], 3);

    let (ctype, mut body) = multipart(&[("file", Some("a.txt"), HIGH)]);
    body.truncate(body.len() - 20);
    let cut = server.post("/v1/scan", &[("Content-Type", &ctype)], &body);
    assert_eq!(cut.status, 400, "{}", cut.text());
    let no_boundary = server.post("/v1/scan", &[("Content-Type", "multipart/form-data")], b"x");
    assert_eq!(no_boundary.status, 400);
    let (ctype, body) = multipart(&[("unit", None, b"x")]);
    let no_file = server.post("/v1/scan", &[("Content-Type", &ctype)], &body);
    assert_eq!(no_file.status, 400);
}

#[test]
fn serve_050_body_limit_is_413() {
    let server = Server::start(&["--max-body", "1000"]);
    let big = vec![b'a'; 5000];
    assert_eq!(server.post("/v1/scan", &[], &big).status, 413);
    let (ctype, body) = multipart(&[("file", Some("a.txt"), &big)]);
    assert_eq!(
        server
            .post("/v1/scan", &[("Content-Type", &ctype)], &body)
            .status,
        413
    );
    assert_eq!(server.post("/v1/scan", &[], HIGH).status, 200);
    // Chunked, so no declared length: the limit holds while reading.
    let mut stream = server.connect();
    let chunk = vec![b'b'; 800];
    let mut req =
        b"POST /v1/scan HTTP/1.1\r\nHost: x\r\nConnection: close\r\nTransfer-Encoding: chunked\r\n\r\n"
            .to_vec();
    for _ in 0..3 {
        req.extend_from_slice(format!("{:x}\r\n", chunk.len()).as_bytes());
        req.extend_from_slice(&chunk);
        req.extend_from_slice(b"\r\n");
    }
    req.extend_from_slice(b"0\r\n\r\n");
    let _ = stream.write_all(&req);
    assert_eq!(read_reply(stream).status, 413);
    assert!(server
        .get("/metrics")
        .text()
        .contains("baomi_rejected_total{reason=\"too_large\"}"));
}

#[test]
fn serve_060_bearer_token() {
    let sandbox = Sandbox::new();
    sandbox.write("token", "correct-horse-battery-staple\n");
    let token_file = abs(&sandbox, "token");
    let server = Server::start(&["--token-file", &token_file]);
    assert_eq!(server.post("/v1/scan", &[], HIGH).status, 401);
    let wrong = server.post(
        "/v1/scan",
        &[("Authorization", "Bearer correct-horse")],
        HIGH,
    );
    assert_eq!(wrong.status, 401);
    assert!(wrong.header("www-authenticate").is_some());
    let ok = [("Authorization", "Bearer correct-horse-battery-staple")];
    assert_eq!(server.post("/v1/scan", &ok, HIGH).status, 200);
    assert_eq!(server.request("GET", "/metrics", &[], b"").status, 401);
    assert_eq!(server.get("/healthz").status, 200);
    assert_eq!(server.get("/openapi.json").status, 200);

    let open = Server::start(&[]);
    assert_eq!(
        open.post("/v1/reload", &[], b"").status,
        403,
        "reload needs a token"
    );

    sandbox.write("short", "abc");
    let short = abs(&sandbox, "short");
    let refused = Command::new(BIN)
        .args(["serve", "--listen", "127.0.0.1:0", "--token-file", &short])
        .output()
        .expect("run");
    assert_eq!(refused.status.code(), Some(2));
}

#[test]
fn serve_070_overload_is_503_with_retry_after() {
    let server = Server::start(&["--max-concurrent", "1", "--queue", "0"]);
    // Hold the only place: headers and half the body, the rest later.
    let mut first = server.connect();
    let body = HIGH.repeat(100);
    let head = format!(
        "POST /v1/scan HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: {}\r\n\r\n",
        body.len()
    );
    first.write_all(head.as_bytes()).expect("head");
    first.write_all(&body[..body.len() / 2]).expect("half");
    // Wait until the server has admitted it (its handler may start after a later request's).
    let admitted = (0..200).any(|_| {
        let busy = server
            .get("/metrics")
            .text()
            .contains("baomi_in_flight_scans 1");
        if !busy {
            std::thread::sleep(Duration::from_millis(10));
        }
        busy
    });
    assert!(admitted, "the first request was never admitted");
    let refused = Some(server.post("/v1/scan", &[], HIGH)).filter(|r| r.status == 503);
    let refused = refused.expect("a second scan is refused while the first holds the only place");
    assert_eq!(refused.header("retry-after").as_deref(), Some("1"));
    assert_eq!(
        server.get("/healthz").status,
        200,
        "health is not behind admission"
    );
    first.write_all(&body[body.len() / 2..]).expect("rest");
    assert_eq!(read_reply(first).status, 200);
    assert_eq!(
        server.post("/v1/scan", &[], HIGH).status,
        200,
        "the place is free again"
    );
    assert!(server
        .get("/metrics")
        .text()
        .contains("baomi_rejected_total{reason=\"overload\"}"));
}

#[test]
fn serve_080_reload_keeps_old_rules_on_a_broken_file() {
    let sandbox = Sandbox::new();
    sandbox.write("token", "0123456789abcdef0123");
    let token_file = abs(&sandbox, "token");
    let pack = |term: &str| {
        format!(
            "[unit]\nname = \"测试局\"\nfail_on = \"high\"\n\n[[terms]]\nid = \"terms.测试局.内部\"\n\
             severity = \"high\"\nterms = [\"{term}\"]\n"
        )
    };
    sandbox.write("units/测试局.toml", pack("甲项目内部"));
    let dir = sandbox.path().join("units");
    let dir = dir.to_str().expect("utf-8 path");
    let server = Server::start(&[
        "--rules-dir",
        dir,
        "--unit",
        "测试局",
        "--token-file",
        &token_file,
    ]);
    let auth = [("Authorization", "Bearer 0123456789abcdef0123")];
    let scan =
        |text: &str| server.post("/v1/scan", &auth, text.as_bytes()).json()["verdict"].clone();
    assert_eq!(scan("甲项目内部材料"), "block");
    assert_eq!(scan("乙项目内部材料"), "pass");

    sandbox.write("units/测试局.toml", pack("乙项目内部"));
    let reloaded = server.post("/v1/reload", &auth, b"").json();
    assert_eq!(reloaded["reloaded"], true);
    assert_eq!(reloaded["generation"], 2);
    assert_eq!(scan("乙项目内部材料"), "block");

    sandbox.write(
        "units/测试局.toml",
        "[unit]\nname = \"测试局\"\n[[terms]]\nid = 5\n",
    );
    let refused = server.post("/v1/reload", &auth, b"");
    assert_eq!(refused.status, 422);
    let body = refused.json();
    assert_eq!(body["reloaded"], false);
    assert_eq!(body["generation"], 2);
    assert!(
        body["error"]
            .as_str()
            .unwrap_or_default()
            .contains("测试局.toml"),
        "{body}"
    );
    assert_eq!(scan("乙项目内部材料"), "block", "old rules stay in force");
    assert!(server
        .request("GET", "/metrics", &auth, b"")
        .text()
        .contains("baomi_rule_reload_failures_total 1"));

    // SIGHUP reloads too.
    sandbox.write("units/测试局.toml", pack("丙项目内部"));
    let hup = Command::new("kill")
        .args(["-HUP", &server.child.id().to_string()])
        .status()
        .expect("kill -HUP");
    assert!(hup.success());
    let mut generation = Value::Null;
    for _ in 0..100 {
        generation = server.get("/healthz").json()["rules_generation"].clone();
        if generation == 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    assert_eq!(generation, 3);
    assert_eq!(scan("丙项目内部材料"), "block");
}

/// The header the desk's page sends with every change.
const DESK: &[(&str, &str)] = &[("X-Baomi-Desk", "1")];

#[test]
fn serve_090_the_desk_api() {
    let sandbox = Sandbox::new();
    let reviews = abs(&sandbox, "record/reviews.jsonl");
    let server = Server::start(&["--reviews", &reviews]);
    let page = server.get("/");
    assert_eq!(page.status, 200);
    assert!(page.text().contains("发布前审查台"));
    assert!(page
        .header("content-security-policy")
        .is_some_and(|c| c.contains("default-src 'none'")));
    assert_eq!(server.get("/desk/desk.js").status, 200);
    assert_eq!(
        server
            .post("/v1/desk/drafts?filename=a.txt&unit=nope", DESK, HIGH)
            .status,
        400
    );

    // Changes come from the desk's own page only.
    assert_eq!(
        server
            .post("/v1/desk/drafts?filename=a.txt", &[], HIGH)
            .status,
        403
    );
    let cross = [("X-Baomi-Desk", "1"), ("Sec-Fetch-Site", "cross-site")];
    assert_eq!(
        server
            .post("/v1/desk/drafts?filename=a.txt", &cross, HIGH)
            .status,
        403
    );
    let view = server
        .post("/v1/desk/drafts?filename=a.txt", DESK, HIGH)
        .json();
    assert_eq!(view["verdict"], "needs_work", "{view:#}");
    assert_eq!(view["verdict_zh"], "需处理");
    let f = view["findings"][0].clone();
    assert_eq!(f["kind"], "id_card");
    assert_eq!(f["context_match"], "430102********8907");
    assert!(f["why"].to_string().contains("校验位正确"), "{f}");
    assert!(!view.to_string().contains(ID_A), "raw value in a view");
    assert_eq!(view["redaction"]["ready"], true, "{view:#}");
    let id = view["id"].as_str().unwrap_or_default().to_string();

    let copy = server.get(&format!("/v1/desk/drafts/{id}/redacted"));
    assert_eq!(copy.status, 200);
    assert!(copy.text().contains("430102********8907") && !copy.text().contains(ID_A));
    assert!(copy
        .header("content-disposition")
        .is_some_and(|d| d.contains("filename*=UTF-8''a.txt")));

    let reveal = server.post(
        &format!("/v1/desk/drafts/{id}/reveal"),
        &[("Content-Type", "application/json"), ("X-Baomi-Desk", "1")],
        format!(
            r#"{{"fingerprint":"{}"}}"#,
            f["fingerprint"].as_str().unwrap_or("")
        )
        .as_bytes(),
    );
    assert_eq!(reveal.json()["value"], ID_A);
    assert_eq!(reveal.header("cache-control").as_deref(), Some("no-store"));

    let decide = |decision: &str, reason: &str| {
        server.post(
            &format!("/v1/desk/drafts/{id}/decisions"),
            &[("Content-Type", "application/json"), ("X-Baomi-Desk", "1")],
            serde_json::json!({"fingerprint": f["fingerprint"], "rule": f["rule"], "decision": decision,
                               "reviewer": "王审核", "reason": reason})
            .to_string()
            .as_bytes(),
        )
    };
    assert_eq!(
        decide("accepted-risk", " ").status,
        400,
        "accepted risk needs a reason"
    );
    let made_up = server.post(
        &format!("/v1/desk/drafts/{id}/decisions"),
        &[("Content-Type", "application/json"), ("X-Baomi-Desk", "1")],
        serde_json::json!({"fingerprint": "0123456789abcdef0123456789abcdef", "rule": "pii.id_card",
                           "decision": "false-positive", "reviewer": "王审核"})
        .to_string()
        .as_bytes(),
    );
    assert_eq!(
        made_up.status, 400,
        "a decision must name a finding of the draft"
    );
    let decided = decide("accepted-risk", "依法公示").json();
    assert_eq!(decided["verdict"], "publishable", "{decided:#}");
    assert_eq!(
        decided["findings"][0]["decision"]["decision"],
        "accepted-risk"
    );
    let record = std::fs::read_to_string(&reviews).unwrap_or_default();
    assert!(
        record.contains("\"decision\":\"accepted-risk\"") && !record.contains(ID_A),
        "{record}"
    );
    // A second upload of the same file shows the decision.
    let again = server
        .post("/v1/desk/drafts?filename=a.txt", DESK, HIGH)
        .json();
    assert_eq!(
        again["findings"][0]["decision"]["decision_zh"],
        "确认风险可发布"
    );
    assert_eq!(server.get("/v1/desk/reviews").text(), record);

    let html = server.get(&format!("/v1/desk/drafts/{id}/report?format=html"));
    assert_eq!(html.status, 200);
    assert!(html
        .header("content-type")
        .is_some_and(|t| t.starts_with("text/html")));
    let xlsx = server.get(&format!("/v1/desk/drafts/{id}/report?format=xlsx"));
    assert!(xlsx.body.starts_with(b"PK"));
    assert_eq!(
        server
            .get(&format!("/v1/desk/drafts/{id}/report?format=pdf"))
            .status,
        400
    );
    assert_eq!(
        server
            .request("DELETE", &format!("/v1/desk/drafts/{id}"), DESK, b"")
            .status,
        204
    );
    assert_eq!(server.get(&format!("/v1/desk/drafts/{id}")).status, 404);
}

#[test]
fn serve_095_desk_names_hidden_sheets_in_words() {
    let server = Server::start(&[]);
    let roster = crate::redact::roster();
    let view = server
        .post("/v1/desk/drafts?filename=名单.xlsx", DESK, &roster)
        .json();
    let hidden: Vec<&Value> = view["findings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|f| f["hidden"] == true)
        .collect();
    assert!(!hidden.is_empty(), "{view:#}");
    for f in &hidden {
        assert!(
            f["location"]
                .as_str()
                .unwrap_or("")
                .starts_with("隐藏工作表「原始数据」"),
            "{f}"
        );
        assert!(
            f["hidden_warning"]
                .as_str()
                .unwrap_or("")
                .contains("隐藏工作表"),
            "{f}"
        );
    }
    assert_eq!(view["verdict_zh"], "需处理");
    assert_eq!(view["redaction"]["ready"], true, "{view:#}");
    assert!(view["redaction"]["note"]
        .as_str()
        .unwrap_or("")
        .contains("删除隐藏工作表「原始数据」"));
}

#[test]
fn serve_096_desk_refuses_foreign_host_names() {
    // DNS rebinding: a page whose host name resolves to 127.0.0.1 must not reach the desk.
    let server = Server::start(&[]);
    let mut stream = server.connect();
    let request =
        "GET /v1/desk/units HTTP/1.1\r\nHost: evil.example:8787\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).expect("send");
    assert_eq!(read_reply(stream).status, 421);
    let mut stream = server.connect();
    let request = "GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).expect("send");
    assert_eq!(read_reply(stream).status, 421);
    assert_eq!(server.get("/v1/desk/units").status, 200);
    // The gate's own endpoints are not affected (a CMS may call it by any name).
    let mut stream = server.connect();
    let request = "GET /healthz HTTP/1.1\r\nHost: gate.internal\r\nConnection: close\r\n\r\n";
    stream.write_all(request.as_bytes()).expect("send");
    assert_eq!(read_reply(stream).status, 200);
}
