//! Format tests (WARC): `tests/fixtures/warc/site.warc.gz`, written by GNU Wget from a tiny
//! local site, and `warcio.warc.gz`, written by warcio's `capture_http` (both made by
//! `scripts/make-warc-fixture.sh`; see the README there). Uncompressed, single-stream,
//! truncated and damaged copies are derived here, so no crawler is needed at test time.

use std::io::Read;

use crate::harness::{FindingLine, Output, Sandbox};

const SITE: &str = "http://127.0.0.1:18080/";

fn fixture(name: &str) -> Vec<u8> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/warc")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn url(rel: &str) -> String {
    format!("{SITE}{rel}")
}

const DOCX: &str = "files/%E4%B8%93%E9%A2%98%E4%BC%9A%E8%AE%AE%E7%BA%AA%E8%A6%81.docx";

fn gunzip(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    if let Err(e) = flate2::read::MultiGzDecoder::new(bytes).read_to_end(&mut out) {
        panic!("gunzip: {e}");
    }
    out
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    use std::io::Write;
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(bytes).unwrap();
    e.finish().unwrap()
}

fn scan(sandbox: &Sandbox, name: &str, bytes: &[u8]) -> Output {
    sandbox.write(name, bytes);
    sandbox.run(&["scan", "--format", "jsonl", name])
}

/// The findings at `path` of `kind`.
fn at<'a>(findings: &'a [FindingLine], path: &str, kind: &str) -> Vec<&'a FindingLine> {
    findings
        .iter()
        .filter(|f| f.path == path && f.kind == kind)
        .collect()
}

/// (path, error, skipped) of every record not scanned.
fn unscanned(out: &Output) -> Vec<(String, String, bool)> {
    out.errors()
        .into_iter()
        .map(|e| (e.path, e.error, e.skipped))
        .collect()
}

/// What every reading of the wget crawl must give.
fn assert_wget_crawl(out: &Output, warc: &str) {
    out.expect_code(1);
    let findings = out.findings();
    let all = crate::common::briefs(&findings);
    assert_eq!(at(&findings, &url(""), "id_card").len(), 1, "{all}");
    // The GBK page (declared by <meta charset="gbk">) is decoded.
    let phone = at(&findings, &url("gbk.html"), "mobile_phone");
    assert!(
        phone.len() == 1 && phone[0].context.contains("经办人联系电话"),
        "{all}"
    );
    // The docx attachment is scanned, hidden channels included.
    let docx = url(DOCX);
    let id = at(&findings, &docx, "id_card");
    assert!(
        id.len() == 1 && id[0].hidden && id[0].location.part.as_deref() == Some("tracked_change"),
        "{all}"
    );
    let mark = at(&findings, &docx, "classification_mark");
    assert!(
        mark.iter()
            .any(|f| f.location.part.as_deref() == Some("comment")),
        "{all}"
    );
    assert_eq!(
        at(&findings, &url("notice.txt"), "classification_mark").len(),
        1,
        "{all}"
    );
    // Sent chunked and gzip-encoded, in GB18030 declared only in the HTTP header.
    let card = at(&findings, &url("news/chunked.html"), "bank_card");
    assert!(
        card.len() == 1 && card[0].context.contains("收款人银行卡号"),
        "{all}"
    );
    // Every captured URL is accounted for: the 404s and the redirect are skipped records.
    let skipped = unscanned(out);
    let paths: Vec<&str> = skipped.iter().map(|(p, _, _)| p.as_str()).collect();
    assert_eq!(
        paths,
        [url("robots.txt"), url("missing.html"), url("sub")],
        "{skipped:#?}"
    );
    assert!(skipped.iter().all(|(_, _, s)| *s), "{skipped:#?}");
    assert!(skipped[1].1.starts_with("HTTP 404"), "{skipped:#?}");
    assert!(
        skipped[2].1.contains("301") && skipped[2].1.contains("/sub/"),
        "{skipped:#?}"
    );
    // The WARC itself plus nine captured URLs: six pages and /sub/, three skipped.
    let s = out.summary_typed();
    assert_eq!(
        (s.files, s.scanned, s.errors, s.skipped),
        (10, 7, 0, 3),
        "{s:?}"
    );
    assert!(
        findings.iter().all(|f| f.path != warc),
        "nothing in the WARC's own text: {all}"
    );
}

#[test]
fn warc_010_wget_crawl_findings_under_their_urls() {
    let sandbox = Sandbox::new();
    let out = scan(&sandbox, "site.warc.gz", &fixture("site.warc.gz"));
    assert_wget_crawl(&out, "site.warc.gz");
}

#[test]
fn warc_020_plain_and_single_stream_gzip_read_the_same() {
    let sandbox = Sandbox::new();
    let gz = fixture("site.warc.gz");
    let plain = gunzip(&gz);
    let first = scan(&sandbox, "site.warc.gz", &gz);
    let fingerprints = |o: &Output| -> Vec<(String, String)> {
        o.findings()
            .into_iter()
            .map(|f| (f.path, f.fingerprint))
            .collect()
    };
    // Named by content, not extension: `.bin` is still a WARC.
    for (name, bytes) in [
        ("site.warc", plain.clone()),
        ("one-stream.bin", gzip(&plain)),
    ] {
        let out = scan(&sandbox, name, &bytes);
        assert_wget_crawl(&out, name);
        assert_eq!(fingerprints(&out), fingerprints(&first), "{name}");
    }
}

#[test]
fn warc_030_warcio_capture_reads_like_wget() {
    let sandbox = Sandbox::new();
    let out = scan(&sandbox, "warcio.warc.gz", &fixture("warcio.warc.gz"));
    out.expect_code(1);
    let findings = out.findings();
    let all = crate::common::briefs(&findings);
    for (rel, kind) in [
        ("", "id_card"),
        ("gbk.html", "mobile_phone"),
        (DOCX, "id_card"),
        ("notice.txt", "classification_mark"),
        ("news/chunked.html", "bank_card"),
    ] {
        assert_eq!(
            at(&findings, &url(rel), kind).len(),
            1,
            "{rel} {kind}: {all}"
        );
    }
    let skipped = unscanned(&out);
    assert_eq!(skipped.len(), 1, "{skipped:#?}");
    assert_eq!(skipped[0].0, url("missing.html"));
}

#[test]
fn warc_040_a_truncated_warc_gives_its_complete_records_and_one_error() {
    let sandbox = Sandbox::new();
    let plain = gunzip(&fixture("site.warc.gz"));
    // Cut inside the docx response's block.
    let docx_at = memchr::memmem::find(&plain, b"PK\x03\x04").expect("the docx body");
    let out = scan(&sandbox, "cut.warc", &plain[..docx_at + 500]);
    out.expect_code(1);
    let errors: Vec<_> = unscanned(&out).into_iter().filter(|e| !e.2).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert_eq!(errors[0].0, url(DOCX));
    assert!(errors[0].1.contains("cut short"), "{errors:#?}");
    let findings = out.findings();
    assert_eq!(at(&findings, &url("gbk.html"), "mobile_phone").len(), 1);
    assert!(findings.iter().all(|f| !f.path.contains("notice.txt")));
    // Cut inside the first page: nothing blocks, the scan is incomplete.
    let page_at = memchr::memmem::find(&plain, b"<!DOCTYPE html>").expect("the first page");
    let out = scan(&sandbox, "early.warc", &plain[..page_at + 40]);
    out.expect_code(3);
    assert_eq!(unscanned(&out).len(), 1, "{}", out.dump());
    // A .warc.gz cut in the middle: complete records, then one error record.
    let gz = fixture("site.warc.gz");
    let out = scan(&sandbox, "cut.warc.gz", &gz[..gz.len() / 2]);
    let errors: Vec<_> = unscanned(&out).into_iter().filter(|e| !e.2).collect();
    assert_eq!(errors.len(), 1, "{}", out.dump());
    assert!(!out.findings().is_empty(), "{}", out.dump());
    assert!(out.stderr.is_empty(), "{}", out.dump());
}

/// Offsets of the gzip members of `gz` and what each decompresses to.
fn members(gz: &[u8]) -> Vec<(usize, Vec<u8>)> {
    let mut out = Vec::new();
    let mut rest = gz;
    while !rest.is_empty() {
        let start = gz.len() - rest.len();
        let mut data = Vec::new();
        let mut d = flate2::bufread::GzDecoder::new(rest);
        d.read_to_end(&mut data).expect("an intact member");
        rest = d.into_inner();
        out.push((start, data));
    }
    out
}

#[test]
fn warc_050_a_damaged_gzip_member_loses_only_its_record() {
    let sandbox = Sandbox::new();
    let mut gz = fixture("site.warc.gz");
    let members = members(&gz);
    let gbk = members
        .iter()
        .position(|(_, d)| {
            let d = String::from_utf8_lossy(d);
            d.contains("WARC-Target-URI: <http://127.0.0.1:18080/gbk.html>")
                && d.contains("WARC-Type: response")
        })
        .expect("the gbk.html response");
    // One record per member, as wget writes them.
    let (start, _) = members[gbk];
    let end = members.get(gbk + 1).map_or(gz.len(), |m| m.0);
    for b in &mut gz[start + 20..end - 20] {
        *b ^= 0x55;
    }
    let out = scan(&sandbox, "damaged.warc.gz", &gz);
    out.expect_code(1);
    let errors: Vec<_> = unscanned(&out).into_iter().filter(|e| !e.2).collect();
    assert_eq!(errors.len(), 1, "{errors:#?}");
    assert!(errors[0].1.contains("damaged"), "{errors:#?}");
    let findings = out.findings();
    assert!(at(&findings, &url("gbk.html"), "mobile_phone").is_empty());
    // Records after the damaged member are read.
    for (rel, kind) in [(DOCX, "id_card"), ("news/chunked.html", "bank_card")] {
        assert_eq!(at(&findings, &url(rel), kind).len(), 1, "{rel}");
    }
}

#[test]
fn warc_060_extract_shows_urls_and_record_counts() {
    let sandbox = Sandbox::new();
    sandbox.write("site.warc.gz", fixture("site.warc.gz"));
    let out = sandbox.run(&["extract", "site.warc.gz"]);
    assert!(
        out.stdout
            .contains("http://127.0.0.1:18080/files/专题会议纪要.docx")
            && out
                .stdout
                .contains("request 9, resource 2, response 9, warcinfo 1"),
        "{}",
        out.dump()
    );
}
