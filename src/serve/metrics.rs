//! Prometheus text exposition (`GET /metrics`), written by hand: a few counters and one
//! latency histogram do not need a metrics framework. Labels are routes, status codes,
//! kinds and severities — never file names or values.

use std::collections::BTreeMap;
use std::fmt::Write;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Mutex;
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 12] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

#[derive(Default)]
struct Histogram {
    /// Cumulative counts per bucket, then +Inf.
    counts: [u64; BUCKETS.len() + 1],
    sum: f64,
    count: u64,
}

impl Histogram {
    fn observe(&mut self, seconds: f64) {
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                if let Some(c) = self.counts.get_mut(i) {
                    *c += 1;
                }
            }
        }
        if let Some(inf) = self.counts.last_mut() {
            *inf += 1;
        }
        self.sum += seconds;
        self.count += 1;
    }
}

#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, u16), u64>>,
    latency: Mutex<BTreeMap<String, Histogram>>,
    findings: Mutex<BTreeMap<(String, String), u64>>,
    verdicts: Mutex<BTreeMap<String, u64>>,
    rejected: Mutex<BTreeMap<String, u64>>,
    pub bytes: AtomicU64,
    pub files: AtomicU64,
    pub file_errors: AtomicU64,
    pub reloads: AtomicU64,
    pub reload_failures: AtomicU64,
}

fn bump<K: Ord>(map: &Mutex<BTreeMap<K, u64>>, key: K, n: u64) {
    // A poisoned lock only means another request panicked mid-update: keep counting.
    let mut map = map.lock().unwrap_or_else(|p| p.into_inner());
    *map.entry(key).or_default() += n;
}

impl Metrics {
    pub fn request(&self, route: &str, status: u16, elapsed: Duration) {
        bump(&self.requests, (route.to_string(), status), 1);
        let mut latency = self.latency.lock().unwrap_or_else(|p| p.into_inner());
        latency
            .entry(route.to_string())
            .or_default()
            .observe(elapsed.as_secs_f64());
    }

    pub fn finding(&self, kind: &str, severity: &str, n: u64) {
        bump(&self.findings, (kind.to_string(), severity.to_string()), n);
    }

    pub fn verdict(&self, verdict: &str) {
        bump(&self.verdicts, verdict.to_string(), 1);
    }

    /// A request refused before scanning: `overload`, `too_large`, `unauthorized` …
    pub fn rejected(&self, reason: &str) {
        bump(&self.rejected, reason.to_string(), 1);
    }

    pub fn render(&self, rules_generation: u64, in_flight: usize) -> String {
        let mut out = String::new();
        let counter = |out: &mut String, name: &str, help: &str| {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
        };
        counter(
            &mut out,
            "baomi_requests_total",
            "HTTP requests by route and status.",
        );
        for ((route, status), n) in lock(&self.requests).iter() {
            let _ = writeln!(
                out,
                "baomi_requests_total{{route=\"{}\",status=\"{status}\"}} {n}",
                label(route)
            );
        }
        let _ = writeln!(
            out,
            "# HELP baomi_request_duration_seconds Request latency by route.\n\
             # TYPE baomi_request_duration_seconds histogram"
        );
        for (route, h) in lock(&self.latency).iter() {
            let route = label(route);
            for (bound, n) in BUCKETS.iter().zip(h.counts.iter()) {
                let _ = writeln!(
                    out,
                    "baomi_request_duration_seconds_bucket{{route=\"{route}\",le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "baomi_request_duration_seconds_bucket{{route=\"{route}\",le=\"+Inf\"}} {}\n\
                 baomi_request_duration_seconds_sum{{route=\"{route}\"}} {}\n\
                 baomi_request_duration_seconds_count{{route=\"{route}\"}} {}",
                h.count, h.sum, h.count
            );
        }
        counter(
            &mut out,
            "baomi_findings_total",
            "Findings reported, by kind and severity.",
        );
        for ((kind, severity), n) in lock(&self.findings).iter() {
            let _ = writeln!(
                out,
                "baomi_findings_total{{kind=\"{kind}\",severity=\"{severity}\"}} {n}"
            );
        }
        counter(
            &mut out,
            "baomi_verdicts_total",
            "Scan verdicts: pass, block, error.",
        );
        for (verdict, n) in lock(&self.verdicts).iter() {
            let _ = writeln!(out, "baomi_verdicts_total{{verdict=\"{verdict}\"}} {n}");
        }
        counter(
            &mut out,
            "baomi_rejected_total",
            "Requests refused before scanning, by reason.",
        );
        for (reason, n) in lock(&self.rejected).iter() {
            let _ = writeln!(out, "baomi_rejected_total{{reason=\"{reason}\"}} {n}");
        }
        let plain = [
            (
                "baomi_request_bytes_total",
                "counter",
                "Request body bytes scanned.",
                &self.bytes,
            ),
            (
                "baomi_files_total",
                "counter",
                "Files scanned or attempted (members included).",
                &self.files,
            ),
            (
                "baomi_file_errors_total",
                "counter",
                "Files that could not be scanned.",
                &self.file_errors,
            ),
            (
                "baomi_rule_reloads_total",
                "counter",
                "Successful rule reloads.",
                &self.reloads,
            ),
            (
                "baomi_rule_reload_failures_total",
                "counter",
                "Rule reloads refused (old rules kept).",
                &self.reload_failures,
            ),
        ];
        for (name, kind, help, value) in plain {
            let _ = writeln!(
                out,
                "# HELP {name} {help}\n# TYPE {name} {kind}\n{name} {}",
                value.load(Ordering::Relaxed)
            );
        }
        let _ = writeln!(
            out,
            "# HELP baomi_in_flight_scans Scan requests admitted and not finished.\n\
             # TYPE baomi_in_flight_scans gauge\nbaomi_in_flight_scans {in_flight}"
        );
        let _ = writeln!(
            out,
            "# HELP baomi_rules_generation Rule set generation in use (1 at start, +1 per reload).\n\
             # TYPE baomi_rules_generation gauge\nbaomi_rules_generation {rules_generation}"
        );
        out
    }
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Escapes a Prometheus label value.
fn label(s: &str) -> String {
    s.replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn histogram_buckets_are_cumulative() {
        let m = Metrics::default();
        m.request("/v1/scan", 200, Duration::from_millis(3));
        m.request("/v1/scan", 200, Duration::from_millis(300));
        let text = m.render(1, 0);
        assert!(text
            .contains("baomi_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"0.005\"} 1"));
        assert!(
            text.contains("baomi_request_duration_seconds_bucket{route=\"/v1/scan\",le=\"0.5\"} 2")
        );
        assert!(text.contains("baomi_request_duration_seconds_count{route=\"/v1/scan\"} 2"));
        assert!(text.contains("baomi_requests_total{route=\"/v1/scan\",status=\"200\"} 2"));
    }
}
