use std::io::Write;

use super::*;
use crate::extract::document::Member;
use crate::extract::limits::{Budget, Limits};

/// One WARC record (header fields and block), as writers lay it out.
fn record(kind: &str, uri: &str, content_type: &str, block: &[u8]) -> Vec<u8> {
    let mut out = format!(
        "WARC/1.0\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Record-ID: <urn:uuid:x>\r\n\
         Content-Type: {content_type}\r\nContent-Length: {}\r\n\r\n",
        block.len()
    )
    .into_bytes();
    out.extend_from_slice(block);
    out.extend_from_slice(b"\r\n\r\n");
    out
}

fn response(uri: &str, http: &[u8]) -> Vec<u8> {
    record("response", uri, "application/http; msgtype=response", http)
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    let _ = e.write_all(data);
    e.finish().unwrap_or_default()
}

/// A small crawl: warcinfo, a request, an HTML page, a 404, a dns record.
fn crawl() -> Vec<Vec<u8>> {
    vec![
        record(
            "warcinfo",
            "",
            "application/warc-fields",
            b"software: test\r\n",
        ),
        record(
            "request",
            "http://a.gov.cn/",
            "application/http; msgtype=request",
            b"GET / HTTP/1.1\r\nHost: a.gov.cn\r\n\r\n",
        ),
        response(
            "<http://a.gov.cn/>",
            "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<p>身份证号430102196209278907</p>"
                .as_bytes(),
        ),
        response(
            "http://a.gov.cn/gone.html",
            b"HTTP/1.1 404 Not Found\r\n\r\nnot here",
        ),
        record(
            "response",
            "dns:a.gov.cn",
            "text/dns",
            b"a.gov.cn. 300 IN A 1.2.3.4",
        ),
        record(
            "resource",
            "https://a.gov.cn/%E5%BC%A0%E4%B8%89.txt",
            "text/plain",
            b"plain resource",
        ),
    ]
}

fn run(bytes: &[u8]) -> Result<Document, ExtractError> {
    run_with(bytes, Limits::default())
}

fn run_with(bytes: &[u8], limits: Limits) -> Result<Document, ExtractError> {
    let budget = Budget::new(limits);
    let ctx = Ctx {
        budget: &budget,
        name: "t.warc",
        encoding: None,
    };
    extract(bytes, &ctx)
}

/// (path, outcome) of each member: `ok`, `skip: …` or `error: …`.
fn members(doc: &Document) -> Vec<(String, String)> {
    doc.members
        .iter()
        .map(|m: &Member| {
            let what = match (&m.skipped, &m.content) {
                (Some(why), _) => format!("skip: {why}"),
                (None, Ok(b)) => format!("ok: {}", String::from_utf8_lossy(b)),
                (None, Err(e)) => format!("error: {e}"),
            };
            (m.path("t.warc"), what)
        })
        .collect()
}

fn assert_crawl(doc: &Document) {
    let got = members(doc);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert_eq!(got[0].0, "http://a.gov.cn/");
    assert_eq!(got[0].1, "ok: <p>身份证号430102196209278907</p>");
    assert_eq!(got[1].0, "http://a.gov.cn/gone.html");
    assert!(
        got[1].1.starts_with("skip: HTTP 404 Not Found"),
        "{}",
        got[1].1
    );
    assert_eq!(got[2].0, "https://a.gov.cn/%E5%BC%A0%E4%B8%89.txt");
    assert_eq!(got[2].1, "ok: plain resource");
    assert!(
        doc.text.contains("https://a.gov.cn/张三.txt"),
        "{}",
        doc.text
    );
    assert!(
        doc.text
            .contains("request 1, resource 1, response 3, warcinfo 1"),
        "{}",
        doc.text
    );
}

#[test]
fn plain_gzip_per_record_and_whole_stream_read_the_same() -> Result<(), ExtractError> {
    let records = crawl();
    let plain = records.concat();
    assert_crawl(&run(&plain)?);
    let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    assert_crawl(&run(&per_record)?);
    assert_crawl(&run(&gzip(&plain))?);
    Ok(())
}

#[test]
fn a_cut_warc_keeps_complete_records_and_one_error() -> Result<(), ExtractError> {
    let records = crawl();
    let plain = records.concat();
    // Cut inside the block of the 404 response (the fourth record).
    let at = memchr::memmem::find(&plain, b"HTTP/1.1 404").unwrap_or(0);
    let cut = plain.get(..at + 10).unwrap_or(&[]);
    let got = members(&run(cut)?);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, "http://a.gov.cn/");
    assert_eq!(got[1].0, "http://a.gov.cn/gone.html");
    assert!(got[1].1.contains("cut short"), "{}", got[1].1);
    // Cut inside a request: the error is for the rest of the WARC.
    let upto: usize = records.iter().take(1).map(Vec::len).sum();
    let got = members(&run(plain.get(..upto + 20).unwrap_or(&[]))?);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "t.warc!/(WARC records from no. 2 on)");
    // The same cut in a .warc.gz.
    let per_record: Vec<u8> = records.iter().flat_map(|r| gzip(r)).collect();
    let cut = per_record.get(..per_record.len() - 30).unwrap_or(&[]);
    let got = members(&run(cut)?);
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got[2].1.starts_with("error:"), "{got:#?}");
    Ok(())
}

#[test]
fn a_damaged_gzip_member_loses_only_its_record() -> Result<(), ExtractError> {
    let records = crawl();
    let mut members_gz: Vec<Vec<u8>> = records.iter().map(|r| gzip(r)).collect();
    // Damage the deflate data of the HTML response's member.
    if let Some(m) = members_gz.get_mut(2) {
        for b in m.iter_mut().skip(12).take(6) {
            *b ^= 0xA5;
        }
    }
    let got = members(&run(&members_gz.concat())?);
    let paths: Vec<&str> = got.iter().map(|(p, _)| p.as_str()).collect();
    assert_eq!(got.len(), 3, "{got:#?}");
    assert!(got[0].1.starts_with("error: damaged"), "{got:#?}");
    assert_eq!(
        paths[1..],
        [
            "http://a.gov.cn/gone.html",
            "https://a.gov.cn/%E5%BC%A0%E4%B8%89.txt"
        ]
    );
    Ok(())
}

#[test]
fn bad_headers_end_a_plain_warc_with_one_error() -> Result<(), ExtractError> {
    let first = response("http://a.gov.cn/", b"HTTP/1.1 200 OK\r\n\r\nfirst");
    let cases: [(&str, Vec<u8>); 3] = [
        (
            "no_length",
            b"WARC/1.0\r\nWARC-Type: response\r\n\r\nHTTP/1.1 200 OK\r\n\r\nx".to_vec(),
        ),
        (
            "beyond_file",
            b"WARC/1.0\r\nWARC-Type: resource\r\nWARC-Target-URI: http://a.gov.cn/b\r\n\
              Content-Length: 999999999\r\n\r\nshort"
                .to_vec(),
        ),
        (
            "garbage",
            b"\x00\x01garbage that is not a record\r\n".to_vec(),
        ),
    ];
    for (name, tail) in cases {
        let bytes = [first.clone(), tail].concat();
        let got = members(&run(&bytes)?);
        assert_eq!(got.len(), 2, "{name}: {got:#?}");
        assert_eq!(got[0].1, "ok: first", "{name}");
        assert!(got[1].1.starts_with("error:"), "{name}: {got:#?}");
    }
    Ok(())
}

#[test]
fn oversized_captures_and_the_member_limit_are_error_records() -> Result<(), ExtractError> {
    let records = crawl().concat();
    let limits = Limits {
        max_members: 1,
        ..Limits::default()
    };
    let got = members(&run_with(&records, limits)?);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert!(got[1].1.contains("2 more captured URLs"), "{got:#?}");
    let big = response("http://a.gov.cn/big", &[b'x'; 3000]);
    let limits = Limits {
        max_file_bytes: 1000,
        ..Limits::default()
    };
    let got = members(&run_with(&big, limits)?);
    assert!(got[0].1.contains("larger than --max-file-size"), "{got:#?}");
    Ok(())
}

#[test]
fn incomplete_captures_are_scanned_and_flagged() -> Result<(), ExtractError> {
    let mut truncated =
        b"WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: http://a.gov.cn/t\r\n\
        WARC-Truncated: length\r\nContent-Type: application/http; msgtype=response\r\n"
            .to_vec();
    let http = b"HTTP/1.1 200 OK\r\n\r\npart";
    truncated.extend_from_slice(format!("Content-Length: {}\r\n\r\n", http.len()).as_bytes());
    truncated.extend_from_slice(http);
    let got = members(&run(&truncated)?);
    assert_eq!(got.len(), 2, "{got:#?}");
    assert_eq!(got[0].0, "t.warc!/http://a.gov.cn/t (incomplete)");
    assert!(got[0].1.contains("WARC-Truncated: length"));
    assert_eq!(
        got[1],
        ("http://a.gov.cn/t".to_string(), "ok: part".to_string())
    );
    Ok(())
}

/// Damaged copies of a crawl (bytes flipped, cut, plain and gzip): never a panic, always a
/// document or an error.
#[test]
fn mutations_never_panic() {
    let plain = crawl().concat();
    let gz: Vec<u8> = crawl().iter().flat_map(|r| gzip(r)).collect();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for base in [&plain, &gz] {
        for _ in 0..300 {
            let mut bytes = base.clone();
            for _ in 0..1 + next() % 4 {
                let at = (next() % bytes.len() as u64) as usize;
                if let Some(b) = bytes.get_mut(at) {
                    *b = next() as u8;
                }
            }
            let cut = (next() % (bytes.len() as u64 + 1)) as usize;
            bytes.truncate(cut.max(bytes.len() / 2));
            let _ = run(&bytes);
        }
    }
}

#[test]
fn percent_decoding() {
    assert_eq!(crate::percent::decode("/a%20b%E5%BC%A0"), "/a b张");
    assert_eq!(crate::percent::decode("100%"), "100%");
    assert_eq!(crate::percent::decode("%+5x%zz"), "%+5x%zz");
    assert_eq!(clean_url("http://a/b c\u{1b}[31m"), "http://a/b%20c%1B[31m");
}
