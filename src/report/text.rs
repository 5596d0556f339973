//! The reviewer's text report: grouped by file, location, severity in Chinese and English,
//! kind, masked value and masked context, then a summary line.

use std::io::Write;

use super::{RenderOptions, Summary};
use crate::finding::Severity;
use crate::scan::{FileResult, Outcome};

fn color(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "\x1b[1;35m",
        Severity::High => "\x1b[1;31m",
        Severity::Medium => "\x1b[33m",
        Severity::Low => "\x1b[36m",
        Severity::Info => "\x1b[2m",
    }
}

pub fn write_text(
    results: &[FileResult],
    summary: &Summary,
    options: RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (bold, reset) = if options.color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    };
    for r in results {
        match &r.outcome {
            Outcome::Scanned { findings, .. } if findings.is_empty() => {}
            Outcome::Scanned { findings, .. } => {
                writeln!(out, "{bold}{}{reset}", r.path)?;
                for f in findings {
                    let (value, context) = if options.reveal {
                        (f.value.expose().as_str(), f.context.expose().as_str())
                    } else {
                        (f.masked.as_str(), f.context_masked.as_str())
                    };
                    // A value wrapped across lines stays on one report line.
                    let value = value.replace(['\n', '\r'], "⏎");
                    let (c, r0) = if options.color {
                        (color(f.severity), reset)
                    } else {
                        ("", "")
                    };
                    writeln!(
                        out,
                        "  {:<9} {c}{}({}){r0}  {} {}  {}  [{}]",
                        f.location.to_string(),
                        f.severity.label_zh(),
                        f.severity,
                        f.kind.label_zh(),
                        f.kind,
                        value,
                        f.rule
                    )?;
                    writeln!(out, "            {context}")?;
                }
                writeln!(out)?;
            }
            Outcome::Error(e) => writeln!(out, "{bold}{}{reset}\n  错误(error): {e}\n", r.path)?,
            Outcome::Skipped(e) => {
                writeln!(out, "{bold}{}{reset}\n  未扫描(not scanned): {e}\n", r.path)?
            }
        }
    }
    let by_sev: Vec<String> = Severity::ALL
        .iter()
        .rev()
        .filter_map(|s| {
            summary
                .by_severity
                .get(s.as_str())
                .map(|n| format!("{}({}) {n}", s.label_zh(), s))
        })
        .collect();
    writeln!(
        out,
        "汇总 summary: {} 个文件 files, 已扫描 scanned {}, 错误 errors {}, 未扫描 skipped {}, 发现 findings {}{}{}, {} bytes, {} ms",
        summary.files,
        summary.scanned,
        summary.errors,
        summary.skipped,
        summary.findings,
        if by_sev.is_empty() { "" } else { ": " },
        by_sev.join(", "),
        summary.bytes,
        summary.elapsed_ms
    )
}
