//! `--format html`: one self-contained audit report of a run, for reviewers and for the
//! record. No external assets: inline CSS and a small inline script, SVG charts drawn
//! here, a Content-Security-Policy that forbids every network load; it opens offline on an
//! intranet PC. Without script the page is complete (every finding, in report order); the
//! script only adds filtering and sorting.
//!
//! The verdict is the gate's, the same facts that give `scan`'s exit code:
//! [`Summary::blocked`] (some input has a finding at or above its own threshold: its
//! unit's `fail_on`, else `--fail-on`, else `high`) or any unit whose counts reach its
//! `fail_on` → 需处理 (exit 1); else any input not scanned → 有文件无法审查 (exit 3); else
//! 可以发布 (exit 0).
//!
//! Layout: [`escape`] (everything from documents goes through it), [`charts`] (summary
//! views), [`findings`] (tables), `style.css` and `report.js` (included verbatim).

mod charts;
mod escape;
mod findings;

use std::io::{self, Write};

use serde::Serialize;

use self::escape::{script_json, Esc};
use super::{Collected, Row, RuleCatalog, Summary};
use crate::finding::Severity;

const STYLE: &str = include_str!("style.css");
const SCRIPT: &str = include_str!("report.js");

/// No network: nothing but inline style and script and `data:` images.
const CSP: &str = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; \
                   img-src data:; base-uri 'none'; form-action 'none'";

/// What the gate decides.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
enum Verdict {
    /// Nothing at or above a threshold, every input scanned (exit 0).
    Pass,
    /// A finding at or above its threshold (exit 1).
    Block,
    /// Nothing blocked, but an input could not be scanned (exit 3).
    Incomplete,
}

impl Verdict {
    fn of(summary: &Summary) -> Verdict {
        let unit_blocked = summary.by_unit.values().any(|u| {
            let threshold = Severity::parse(&u.fail_on).unwrap_or(Severity::High);
            u.by_severity
                .iter()
                .any(|(s, n)| *n > 0 && Severity::parse(s).is_some_and(|s| s >= threshold))
        });
        if summary.blocked || unit_blocked {
            Verdict::Block
        } else if summary.errors + summary.skipped > 0 {
            Verdict::Incomplete
        } else {
            Verdict::Pass
        }
    }
}

/// Writes the report. Errors are the writer's.
pub fn write(
    run: &Collected,
    summary: &Summary,
    catalog: &RuleCatalog,
    out: &mut dyn Write,
) -> io::Result<()> {
    let verdict = Verdict::of(summary);
    head(out)?;
    writeln!(
        out,
        r#"<body><header><h1>baomi 发布前审查报告 <span class="en">pre-publication review</span></h1></header><main>"#
    )?;
    banner(verdict, summary, &run.findings, out)?;
    unscanned(run, out)?;
    facts(summary, &run.findings, out)?;
    crawl_accounting(summary, out)?;
    overview(summary, &run.findings, out)?;
    findings::files_overview(run, summary, out)?;
    findings::table(run, out)?;
    findings::rules_legend(run, catalog, out)?;
    footer(verdict, summary, out)
}

fn head(out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        r#"<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{CSP}">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="baomi {}">
<title>baomi 发布前审查报告</title>
<style>
{STYLE}</style>
<script>document.documentElement.classList.add("js")</script>
</head>"#,
        env!("CARGO_PKG_VERSION")
    )
}

/// The verdict, first thing on the page.
fn banner(verdict: Verdict, s: &Summary, rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let unscanned = s.errors + s.skipped;
    let max = s.max_severity();
    let (class, title, en, code) = match verdict {
        Verdict::Block => ("block", "需处理", "blocked: fix before publishing", 1),
        Verdict::Incomplete => (
            "incomplete",
            "有文件无法审查",
            "incomplete: not reviewed",
            3,
        ),
        Verdict::Pass => ("pass", "可以发布", "pass", 0),
    };
    let detail = match verdict {
        Verdict::Block => {
            let serious = rows.iter().filter(|r| r.severity >= Severity::High).count();
            format!(
                "有发现达到或超过发布门限（单位的 fail_on 或 --fail-on，默认 high）。最高级别：{}；高及以上 {serious} 项。处理或复核后重新扫描。",
                max.map_or("—", Severity::label_zh)
            )
        }
        Verdict::Incomplete => format!(
            "没有达到门限的发现，但 {unscanned} 个文件未能审查（见下方清单），不能视为无问题。"
        ),
        Verdict::Pass if s.findings > 0 => format!(
            "全部 {} 个文件已审查，没有达到门限的发现；另有 {} 项低于门限的发现，建议复核。",
            s.files, s.findings
        ),
        Verdict::Pass => format!("全部 {} 个文件已审查，未发现问题。", s.files),
    };
    write!(
        out,
        r#"<section class="verdict-banner {class}" role="status"><p class="big">{title} <span class="en">{en}</span></p><p>{}</p>"#,
        Esc(&detail)
    )?;
    if verdict == Verdict::Block && unscanned > 0 {
        write!(
            out,
            r##"<p class="also">另有 <a href="#unscanned">{unscanned} 个文件无法审查</a>，同样不能视为无问题。</p>"##
        )?;
    }
    writeln!(
        out,
        r#"<p class="code">退出码 exit code {code}</p></section>"#
    )
}

/// Inputs that could not be scanned: prominent, a gate must not treat them as clean.
fn unscanned(run: &Collected, out: &mut dyn Write) -> io::Result<()> {
    if run.unscanned.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        r#"<section id="unscanned" class="unscanned"><h2>无法审查的文件 <span class="en">not scanned</span> <span class="count">{}</span></h2><p>以下文件未能读取或格式不受支持，其内容<strong>未经审查</strong>：请人工审查，或转换格式（如另存为 docx / 可复制文字的 PDF）后重新扫描。</p><table><thead><tr><th scope="col">文件 file</th><th scope="col">类别 type</th><th scope="col">原因 reason</th></tr></thead><tbody>"#,
        run.unscanned.len()
    )?;
    for u in &run.unscanned {
        let kind = if u.skipped {
            "格式不支持 skipped"
        } else {
            "读取失败 error"
        };
        writeln!(
            out,
            r#"<tr><td class="p">{}</td><td>{kind}</td><td>{}</td></tr>"#,
            Esc(&u.path),
            Esc(&u.error)
        )?;
    }
    writeln!(out, "</tbody></table></section>")
}

/// The run in numbers.
fn facts(s: &Summary, rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let hidden = rows.iter().filter(|r| r.hidden).count();
    let facts: [(&str, &str, String); 8] = [
        ("文件", "files", s.files.to_string()),
        ("已审查", "scanned", s.scanned.to_string()),
        ("读取失败", "errors", s.errors.to_string()),
        ("格式不支持", "skipped", s.skipped.to_string()),
        ("发现", "findings", s.findings.to_string()),
        ("隐藏内容中", "hidden", hidden.to_string()),
        ("数据量", "bytes", human_bytes(s.bytes)),
        ("用时", "elapsed", human_ms(s.elapsed_ms)),
    ];
    write!(out, r#"<section class="facts"><dl>"#)?;
    for (zh, en, value) in facts {
        let alert = matches!(en, "errors" | "skipped") && value != "0";
        write!(
            out,
            r#"<div{}><dt>{zh} <span class="en">{en}</span></dt><dd>{value}</dd></div>"#,
            if alert { r#" class="alert""# } else { "" }
        )?;
    }
    writeln!(out, "</dl></section>")
}

/// A crawl's accounting: every URL met, by how it ended.
fn crawl_accounting(s: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let Some(c) = &s.crawl else {
        return Ok(());
    };
    writeln!(
        out,
        r#"<section id="crawl"><h2>网站审计 Crawl accounting <span class="muted">共 {} 个网址 URLs · 已扫描 scanned {} · 无法审查 not reviewed {} · 排除 excluded {}</span></h2><table class="files"><thead><tr><th scope="col">结果 outcome</th><th scope="col">原因 reason</th><th scope="col" class="n">网址 URLs</th></tr></thead><tbody>"#,
        c.urls, c.scanned, c.not_reviewed, c.excluded
    )?;
    for (reason, n) in &c.by_reason {
        let zh = match reason.as_str() {
            "scanned" => "已扫描",
            "fetch_failed" => "抓取失败（HTTP 错误、超时）",
            "too_large" => "超过大小上限",
            "out_of_scope" => "超出范围",
            "robots" => "robots.txt 禁止",
            "depth" => "超过链接深度",
            "media_type" => "图片、音视频等无文本内容",
            "not_modified" => "自上次审计以来未变更",
            "page_limit" => "超过 --max-pages",
            _ => "其他",
        };
        writeln!(
            out,
            r#"<tr><td>{zh}</td><td><code>{}</code></td><td class="n">{n}</td></tr>"#,
            Esc(reason)
        )?;
    }
    if c.done_earlier > 0 {
        writeln!(
            out,
            r#"<tr><td>中断前已完成（见上一部分报告）</td><td><code>done_earlier</code></td><td class="n">{}</td></tr>"#,
            c.done_earlier
        )?;
    }
    writeln!(out, "</tbody></table></section>")
}

/// Charts by kind and severity, and the units.
fn overview(s: &Summary, rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    writeln!(
        out,
        r#"<section class="overview"><div class="panel"><h2>按类型 By kind</h2>"#
    )?;
    charts::kind_chart(&s.by_kind, out)?;
    writeln!(
        out,
        r#"</div><div class="panel"><h2>按级别 By severity</h2>"#
    )?;
    charts::severity_bar(&s.by_severity, 560, true, out)?;
    charts::severity_legend(&s.by_severity, out)?;
    writeln!(
        out,
        r#"<h2>隐藏内容 Hidden <span class="muted">读者看不到、但随文件发布的内容：批注、修订、隐藏行列、文档属性…</span></h2>"#
    )?;
    charts::hidden_chart(rows, out)?;
    writeln!(
        out,
        r#"</div><div class="panel wide"><h2>各单位 By unit</h2>"#
    )?;
    charts::units_table(s, out)?;
    writeln!(out, "</div></section>")
}

/// The summary as data (for tools reading the report), the version, the script.
fn footer(verdict: Verdict, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    #[derive(Serialize)]
    struct Data<'a> {
        verdict: Verdict,
        summary: &'a Summary,
    }
    let json = script_json(&Data { verdict, summary }).map_err(io::Error::other)?;
    writeln!(
        out,
        r#"</main><footer><p>baomi {} · 内容已按规则遮蔽（除非使用 <code>--reveal</code>）· 本报告不含外部资源，可离线查看。</p></footer>
<script type="application/json" id="baomi-summary">{json}</script>
<script>
{SCRIPT}</script>
</body>
</html>"#,
        env!("CARGO_PKG_VERSION")
    )
}

fn human_bytes(n: u64) -> String {
    const UNITS: [&str; 4] = ["KB", "MB", "GB", "TB"];
    if n < 1024 {
        return format!("{n} B");
    }
    let mut v = n as f64 / 1024.0;
    let mut unit = UNITS[0];
    for u in UNITS.iter().skip(1) {
        if v < 1024.0 {
            break;
        }
        v /= 1024.0;
        unit = u;
    }
    format!("{v:.1} {unit}")
}

fn human_ms(ms: u64) -> String {
    if ms < 1000 {
        format!("{ms} ms")
    } else {
        format!("{:.1} s", ms as f64 / 1000.0)
    }
}

#[cfg(test)]
mod tests;
