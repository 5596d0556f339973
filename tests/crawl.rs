//! `baomi crawl` against the test site of [`crate::site`]: findings under their URLs with
//! the page that linked to them, the accounting of every URL, politeness, resume and
//! conditional re-audits.

use std::collections::BTreeMap;
use std::process::{Command, Stdio};
use std::time::Duration;

use serde_json::Value;

use crate::common::{ID_A, MOBILE_A};
use crate::harness::{Sandbox, BIN};
use crate::site::Site;

fn crawl(sandbox: &Sandbox, site: &Site, extra: &[&str]) -> (Option<i32>, Vec<Value>, Vec<Value>) {
    // Test defaults, unless the test gives its own.
    let mut args: Vec<&str> = Vec::new();
    for (flag, value) in [
        ("--timeout", "1"),
        ("--retries", "0"),
        ("--max-size", "1"),
        ("--rate", "50"),
        ("--depth", "3"),
    ] {
        if !extra.contains(&flag) {
            args.extend([flag, value]);
        }
    }
    let out = Command::new(BIN)
        .current_dir(sandbox.path())
        .args([
            "crawl",
            &format!("{}/", site.base),
            "--format",
            "jsonl",
            "--quiet",
        ])
        .args(["--accounting", "acc.jsonl"])
        .args(&args)
        .args(extra)
        .output()
        .expect("run baomi crawl");
    let lines = |text: &str| -> Vec<Value> {
        text.lines()
            .filter_map(|l| serde_json::from_str(l).ok())
            .collect()
    };
    let report = lines(&String::from_utf8_lossy(&out.stdout));
    let acc = std::fs::read_to_string(sandbox.path().join("acc.jsonl")).unwrap_or_default();
    (out.status.code(), report, lines(&acc))
}

fn by_url(accounting: &[Value]) -> BTreeMap<String, (String, String)> {
    accounting
        .iter()
        .map(|a| {
            let url = a["url"].as_str().unwrap_or_default().to_string();
            let status = a["status"].as_str().unwrap_or_default().to_string();
            let reason = a["reason"].as_str().unwrap_or_default().to_string();
            (url, (status, reason))
        })
        .collect()
}

#[test]
fn crawl_010_findings_accounting_and_scope() {
    let site = Site::start();
    let sandbox = Sandbox::new();
    let (code, report, accounting) = crawl(&sandbox, &site, &[]);
    let base = &site.base;
    let acc = by_url(&accounting);
    let status = |path: &str| {
        acc.get(&format!("{base}{path}"))
            .cloned()
            .unwrap_or_else(|| panic!("{path} not accounted for: {acc:#?}"))
    };
    let s = |a: &str, b: &str| (a.to_string(), b.to_string());
    assert_eq!(status("/").0, "scanned");
    assert_eq!(status("/gbk.html").0, "scanned");
    assert_eq!(status("/files/名单.xlsx").0, "scanned");
    assert_eq!(status("/files/纪要.docx").0, "scanned");
    assert_eq!(status("/files/公示.pdf").0, "scanned");
    assert_eq!(
        status("/from-sitemap.html").0,
        "scanned",
        "sitemap entries are crawled"
    );
    assert_eq!(status("/private/secret.html"), s("excluded", "robots"));
    assert_eq!(status("/missing.html"), s("error", "fetch_failed"));
    assert_eq!(status("/slow.html"), s("error", "fetch_failed"));
    assert_eq!(status("/huge.bin"), s("skipped", "too_large"));
    assert_eq!(status("/logo.png"), s("excluded", "media_type"));
    assert_eq!(status("/redirect-out"), s("excluded", "out_of_scope"));
    assert_eq!(status("/deep4.html"), s("excluded", "depth"));
    assert_eq!(status("/loop/a.html").0, "scanned");
    assert_eq!(status("/loop/b.html").0, "scanned");
    assert_eq!(
        acc.get("https://outside.example.org/x.html").cloned(),
        Some(s("excluded", "out_of_scope"))
    );
    // Every URL once; nothing fetched twice (the loop is cut by the seen set).
    assert_eq!(acc.len(), accounting.len(), "a URL accounted twice");
    let requests = site.requests();
    let mut paths: Vec<&str> = requests.iter().map(|(_, p)| p.as_str()).collect();
    paths.sort_unstable();
    let fetched_twice: Vec<&&str> = paths
        .windows(2)
        .filter(|w| w[0] == w[1])
        .map(|w| &w[0])
        .collect();
    assert!(fetched_twice.is_empty(), "fetched twice: {fetched_twice:?}");
    assert!(
        !paths.contains(&"/private/secret.html"),
        "robots.txt not honoured"
    );
    assert!(!paths.contains(&"/deep4.html"));

    // Findings carry the URL and the page that linked to them.
    let findings: Vec<&Value> = report.iter().filter(|r| r.get("rule").is_some()).collect();
    let at = |path: &str, kind: &str| {
        findings
            .iter()
            .any(|f| f["path"].as_str() == Some(&format!("{base}{path}")) && f["kind"] == kind)
    };
    assert!(at("/gbk.html", "mobile_phone"), "GBK page not decoded");
    assert!(at("/from-sitemap.html", "id_card"));
    assert!(at("/files/通知.txt", "classification_mark"));
    assert!(
        at("/target.html", "classification_mark") || at("/redirect", "classification_mark"),
        "redirect within scope followed"
    );
    assert!(
        findings.iter().any(|f| f["hidden"] == true),
        "the docx's hidden channels"
    );
    let gbk = findings
        .iter()
        .find(|f| f["path"].as_str() == Some(&format!("{base}/gbk.html")));
    assert_eq!(
        gbk.and_then(|f| f["linked_from"].as_str()),
        Some(format!("{base}/").as_str())
    );
    let text = serde_json::to_string(&report).unwrap_or_default();
    assert!(
        !text.contains(ID_A) && !text.contains(MOBILE_A),
        "raw value in the report"
    );
    // Not-reviewed URLs are error records; exclusions are not in the report.
    let errors: Vec<&str> = report
        .iter()
        .filter(|r| r.get("error").is_some())
        .filter_map(|r| r["path"].as_str())
        .collect();
    assert_eq!(errors.len(), 3, "{errors:?}");
    let summary = &report.last().expect("summary")["summary"];
    let crawl = &summary["crawl"];
    assert_eq!(crawl["urls"].as_u64(), Some(accounting.len() as u64));
    assert_eq!(
        crawl["urls"].as_u64(),
        Some(
            crawl["scanned"].as_u64().unwrap_or(0)
                + crawl["not_reviewed"].as_u64().unwrap_or(0)
                + crawl["excluded"].as_u64().unwrap_or(0)
        )
    );
    assert_eq!(code, Some(1), "blocked by the findings");
}

#[test]
fn crawl_020_rate_limit_is_honoured() {
    let site = Site::start();
    let sandbox = Sandbox::new();
    let (_, _, accounting) = crawl(
        &sandbox,
        &site,
        &[
            "--rate",
            "10",
            "--depth",
            "1",
            "--concurrency",
            "4",
            "--no-sitemap",
        ],
    );
    assert!(accounting.len() > 10);
    let times: Vec<_> = site.requests().into_iter().map(|(t, _)| t).collect();
    let gaps: Vec<Duration> = times
        .windows(2)
        .map(|w| w[1].duration_since(w[0]))
        .collect();
    let min = gaps.iter().min().copied().unwrap_or_default();
    // 10 per second: 100 ms apart, less scheduling jitter on a loaded machine (a request
    // sent late brings the next one closer); the average below is the strict check.
    assert!(
        min >= Duration::from_millis(50),
        "requests {min:?} apart at --rate 10: {gaps:?}"
    );
    let total = times
        .last()
        .zip(times.first())
        .map(|(l, f)| l.duration_since(*f))
        .unwrap_or_default();
    let expected = Duration::from_millis(100 * (times.len() as u64 - 1));
    assert!(
        total + Duration::from_millis(50) >= expected,
        "{total:?} < {expected:?}"
    );
}

#[test]
fn crawl_030_resume_after_interruption_then_conditional_reaudit() {
    let site = Site::start();
    let sandbox = Sandbox::new();
    let state = sandbox.path().join("state");
    // Interrupt a slow crawl after a few pages.
    let mut child = Command::new(BIN)
        .current_dir(sandbox.path())
        .args([
            "crawl",
            &format!("{}/", site.base),
            "--format",
            "summary",
            "--quiet",
        ])
        .args([
            "--timeout",
            "1",
            "--retries",
            "0",
            "--max-size",
            "1",
            "--rate",
            "4",
        ])
        .arg("--state")
        .arg(&state)
        .stdout(Stdio::null())
        .spawn()
        .expect("start crawl");
    // Interrupt once a few URLs are done (polling, so a slow machine is not a failure).
    let accounting_1 = state.join("accounting-1.jsonl");
    for _ in 0..400 {
        let done = std::fs::read_to_string(&accounting_1).map_or(0, |t| t.lines().count());
        if done >= 3 {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let _ = child.kill();
    let _ = child.wait();
    let first = std::fs::read_to_string(state.join("accounting-1.jsonl")).unwrap_or_default();
    let first_done = first.lines().count();
    assert!(first_done > 0, "nothing done before the interruption");
    let requests_before = site.requests().len();

    let (code, _, accounting) = crawl(
        &sandbox,
        &site,
        &["--state", state.to_str().unwrap_or("state")],
    );
    assert_eq!(code, Some(1));
    let second = by_url(&accounting);
    let first_urls: Vec<String> = first
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v["url"].as_str().map(str::to_string))
        .collect();
    for url in &first_urls {
        assert!(!second.contains_key(url), "{url} done again after resuming");
    }
    let all: usize = first_urls.len() + second.len();
    let fresh = Sandbox::new();
    let (_, _, full) = crawl(&fresh, &site, &[]);
    assert_eq!(
        all,
        full.len(),
        "resumed audit accounts for a different set of URLs"
    );
    assert!(site.requests().len() > requests_before);
    // The interrupted run's part was closed on resume: the parts merge into the whole audit.
    let merged = Command::new(BIN)
        .current_dir(sandbox.path())
        .args([
            "merge",
            "state/report-1.jsonl",
            "state/report-2.jsonl",
            "--format",
            "summary",
        ])
        .output()
        .expect("merge");
    assert_eq!(
        merged.status.code(),
        Some(1),
        "{}",
        String::from_utf8_lossy(&merged.stderr)
    );
    let whole: Value = serde_json::from_slice(&merged.stdout).unwrap_or_default();
    assert_eq!(
        whole["summary"]["crawl"]["urls"].as_u64(),
        Some(full.len() as u64),
        "{whole}"
    );

    // A later audit asks with the ETags it kept: unchanged pages are not downloaded again.
    let (code, report, accounting) = crawl(
        &sandbox,
        &site,
        &["--state", state.to_str().unwrap_or("state")],
    );
    let acc = by_url(&accounting);
    let unchanged = acc.values().filter(|(_, r)| r == "not_modified").count();
    assert!(unchanged >= 8, "{acc:#?}");
    assert_eq!(
        acc.get(&format!("{}/loop/b.html", site.base))
            .map(|s| s.1.as_str()),
        Some("not_modified"),
        "links of an unchanged page are still followed"
    );
    assert!(report
        .iter()
        .all(|r| r.get("rule").is_none()
            || r["path"].as_str().is_some_and(|p| !p.ends_with(".xlsx"))));
    assert_ne!(code, Some(2));
    assert!(state.join("report-1.jsonl").exists() && state.join("report-3.jsonl").exists());
}

#[test]
fn crawl_040_shards_split_sites_and_merge() {
    let site = Site::start();
    let sandbox = Sandbox::new();
    // Two "sites": the same server under two host names (127.0.0.1 and localhost).
    let port = site.base.rsplit(':').next().unwrap_or_default().to_string();
    let seeds = format!(
        "# the province's sites\n{}/loop/a.html\nhttp://localhost:{port}/deep1.html\n",
        site.base
    );
    sandbox.write("seeds.txt", seeds);
    let mut parts = Vec::new();
    let mut crawled = Vec::new();
    for i in 0..2 {
        let part = format!("part-{i}.jsonl");
        let out = Command::new(BIN)
            .current_dir(sandbox.path())
            .args([
                "crawl",
                "--seeds",
                "seeds.txt",
                "--shard",
                &format!("{i}/2"),
                "--quiet",
            ])
            .args([
                "--rate",
                "50",
                "--depth",
                "1",
                "--no-sitemap",
                "--format",
                "jsonl",
                "--output",
                &part,
            ])
            .output()
            .expect("crawl shard");
        assert!(
            out.status.code().is_some_and(|c| c != 2),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = std::fs::read_to_string(sandbox.path().join(&part)).unwrap_or_default();
        let summary: Value = text
            .lines()
            .last()
            .and_then(|l| serde_json::from_str(l).ok())
            .unwrap_or_default();
        crawled.push(summary["summary"]["crawl"]["urls"].as_u64().unwrap_or(0));
        parts.push(part);
    }
    // Each site went to exactly one shard (which one is the stable hash's choice).
    assert!(crawled.iter().sum::<u64>() > 0);
    let merged = Command::new(BIN)
        .current_dir(sandbox.path())
        .args(["merge", &parts[0], &parts[1], "--format", "summary"])
        .output()
        .expect("merge");
    let summary: Value = serde_json::from_slice(&merged.stdout).unwrap_or_default();
    assert_eq!(
        summary["summary"]["crawl"]["urls"].as_u64(),
        Some(crawled.iter().sum()),
        "{summary}"
    );
    let hosts: Vec<String> = site
        .requests()
        .iter()
        .map(|(_, p)| p.clone())
        .filter(|p| p.ends_with(".html"))
        .collect();
    let fetched = |path: &str| hosts.iter().filter(|p| *p == path).count();
    assert_eq!(
        (fetched("/loop/a.html"), fetched("/deep1.html")),
        (1, 1),
        "each site by one shard"
    );
}
