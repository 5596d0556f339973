//! The reviewer's text report: grouped by file, location, severity in Chinese and English,
//! kind, masked value and masked context, then a summary line.

use std::io::Write;

use super::{RenderOptions, Row, Summary};
use crate::finding::Severity;

fn color(sev: Severity) -> &'static str {
    match sev {
        Severity::Critical => "\x1b[1;35m",
        Severity::High => "\x1b[1;31m",
        Severity::Medium => "\x1b[33m",
        Severity::Low => "\x1b[36m",
        Severity::Info => "\x1b[2m",
    }
}

fn bold(options: RenderOptions) -> (&'static str, &'static str) {
    if options.color {
        ("\x1b[1m", "\x1b[0m")
    } else {
        ("", "")
    }
}

/// The line that opens a file's group.
pub fn write_header(
    path: &str,
    options: RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (b, r) = bold(options);
    writeln!(out, "{b}{path}{r}")
}

/// One finding as reported (value and context already masked unless the run reveals):
/// location, severity, kind, value, rule; then the context.
pub fn write_finding(f: &Row, options: RenderOptions, out: &mut dyn Write) -> std::io::Result<()> {
    let context = &f.context;
    // A value wrapped across lines stays on one report line.
    let value = f.text.replace(['\n', '\r'], "⏎");
    let (c, r) = if options.color {
        (color(f.severity), "\x1b[0m")
    } else {
        ("", "")
    };
    // Hidden channels are the classic leak: say so where the reviewer looks.
    let hidden = if f.hidden {
        "  ⚠隐藏内容(hidden)"
    } else {
        ""
    };
    writeln!(
        out,
        "  {:<9} {c}{}({}){r}  {} {}  {}  [{}]{hidden}",
        f.location.to_string(),
        f.severity.label_zh(),
        f.severity,
        f.kind.label_zh(),
        f.kind,
        value,
        f.rule
    )?;
    writeln!(out, "            {context}")?;
    // A reviewed finding says who decided what (`scan --reviews`).
    for e in f.evidence.iter().filter_map(|e| e.strip_prefix("review:")) {
        writeln!(out, "            审核 review: {e}")?;
    }
    Ok(())
}

/// An input that was not scanned.
pub fn write_unscanned(
    path: &str,
    error: &str,
    skipped: bool,
    options: RenderOptions,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    let (b, r) = bold(options);
    let label = if skipped {
        "未扫描(not scanned)"
    } else {
        "错误(error)"
    };
    writeln!(out, "{b}{path}{r}\n  {label}: {error}\n")
}

pub fn write_summary(summary: &Summary, out: &mut dyn Write) -> std::io::Result<()> {
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
    )?;
    if let Some(shard) = &summary.shard {
        writeln!(
            out,
            "  分片 shard {shard}: 只含本分片的文件 (this shard's inputs only; `baomi merge` joins the shards)"
        )?;
    }
    if summary.partial {
        writeln!(
            out,
            "  不完整 partial: 缺少分片，部分文件未包含 (shards missing: some inputs are not in this report)"
        )?;
    }
    // 谁主管、谁公开、谁审查: each unit's own verdict against its own threshold.
    for (unit, u) in &summary.by_unit {
        let verdict = if u.passed {
            "通过(pass)"
        } else {
            "不通过(fail)"
        };
        writeln!(
            out,
            "  单位 unit {unit}: {} 个文件 files, 发现 findings {}, 阈值 fail_on {}: {verdict}",
            u.files, u.findings, u.fail_on
        )?;
    }
    Ok(())
}
