//! The report's detail views: the overview by file, the findings table and the legend of
//! the rules that fired. Rows are rendered here, server-side, in report order (by file,
//! then location), so the page is complete without script; `report.js` only filters and
//! sorts the rows it finds. Every value is escaped ([`Esc`]), the context with its match
//! highlighted ([`Highlight`]).

use std::collections::{BTreeMap, HashMap};
use std::io::{self, Write};

use super::charts::kind_label;
use super::escape::{Esc, Highlight};
use super::{Collected, Row, RuleCatalog, Summary};
use crate::extract::Part;
use crate::finding::Severity;

/// Severity rank, 0 = info … 4 = critical (the rows' `data-s`, used to filter and sort).
fn rank(s: Severity) -> usize {
    Severity::ALL.iter().position(|x| *x == s).unwrap_or(0)
}

/// Findings of one file.
struct FileStats<'a> {
    path: &'a str,
    unit: Option<&'a str>,
    first: usize,
    findings: u64,
    hidden: u64,
    max: Severity,
}

/// Files with findings, in report order.
fn by_file(rows: &[Row]) -> Vec<FileStats<'_>> {
    let mut files: Vec<FileStats> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    for (i, r) in rows.iter().enumerate() {
        let slot = *index.entry(r.path.as_str()).or_insert_with(|| {
            files.push(FileStats {
                path: &r.path,
                unit: r.unit.as_deref(),
                first: i,
                findings: 0,
                hidden: 0,
                max: r.severity,
            });
            files.len() - 1
        });
        if let Some(f) = files.get_mut(slot) {
            f.findings += 1;
            f.hidden += u64::from(r.hidden);
            f.max = f.max.max(r.severity);
        }
    }
    files
}

/// The overview by file: findings, highest severity, hidden ones; a link to the first row.
/// Clean files are counted from the summary (a merged report lists only the paths its
/// records name).
pub fn files_overview(run: &Collected, summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    let files = by_file(&run.findings);
    let with_units = files.iter().any(|f| f.unit.is_some());
    let clean = summary
        .files
        .saturating_sub((files.len() + run.unscanned.len()) as u64);
    writeln!(
        out,
        r#"<section id="files"><details{}><summary><h2>按文件 By file <span class="muted">{} 个文件有发现 with findings · {clean} 个文件无发现 clean</span></h2></summary>"#,
        if files.len() <= 40 { " open" } else { "" },
        files.len()
    )?;
    if files.is_empty() {
        return writeln!(out, "</details></section>");
    }
    write!(
        out,
        r#"<table class="files"><thead><tr><th scope="col">文件 file</th>{}<th scope="col" class="n">发现 findings</th><th scope="col">最高级别 max</th><th scope="col" class="n">隐藏 hidden</th></tr></thead><tbody>"#,
        if with_units {
            r#"<th scope="col">单位 unit</th>"#
        } else {
            ""
        }
    )?;
    for f in &files {
        write!(
            out,
            r##"<tr><td class="p"><a href="#r{}" data-path="{}">{}</a>{}</td>"##,
            f.first,
            Esc(f.path),
            Esc(f.path),
            OpenLink(f.path)
        )?;
        if with_units {
            write!(out, "<td>{}</td>", Esc(f.unit.unwrap_or("—")))?;
        }
        writeln!(
            out,
            r#"<td class="n">{}</td><td><span class="sev s-{}">{}</span></td><td class="n">{}</td></tr>"#,
            f.findings,
            f.max,
            f.max.label_zh(),
            if f.hidden > 0 {
                f.hidden.to_string()
            } else {
                String::new()
            }
        )?;
    }
    writeln!(out, "</tbody></table></details></section>")
}

/// A link that opens a crawled URL (http/https only: a path or any other scheme from a
/// document never becomes a link).
struct OpenLink<'a>(&'a str);

impl std::fmt::Display for OpenLink<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let url = self.0;
        let web = url.starts_with("https://") || url.starts_with("http://");
        if !web {
            return Ok(());
        }
        write!(
            f,
            r#" <a class="open" href="{}" rel="noopener noreferrer nofollow" target="_blank" title="打开网址 open">↗</a>"#,
            Esc(url)
        )
    }
}

/// The page that linked to a crawled URL.
struct LinkedFrom<'a>(Option<&'a str>);

impl std::fmt::Display for LinkedFrom<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.0 {
            Some(page) => write!(
                f,
                r#"<br><span class="muted">来自 linked from {}{}</span>"#,
                Esc(page),
                OpenLink(page)
            ),
            None => Ok(()),
        }
    }
}

/// The filter bar (shown by the script; without script the table is simply complete).
fn controls(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let kinds: BTreeMap<&str, &str> = rows
        .iter()
        .map(|r| (r.kind.as_str(), r.kind.label_zh()))
        .collect();
    let units: BTreeMap<&str, ()> = rows
        .iter()
        .filter_map(|r| r.unit.as_deref())
        .map(|u| (u, ()))
        .collect();
    write!(
        out,
        r#"<div class="controls" id="filters" hidden><label>级别 ≥ <select id="f-sev">"#
    )?;
    for s in Severity::ALL {
        write!(
            out,
            r#"<option value="{}">{} {s}</option>"#,
            rank(s),
            s.label_zh()
        )?;
    }
    write!(
        out,
        r#"</select></label> <label>类型 kind <select id="f-kind"><option value="">全部 all</option>"#
    )?;
    for (kind, label) in kinds {
        write!(out, r#"<option value="{kind}">{label} {kind}</option>"#)?;
    }
    write!(out, "</select></label> ")?;
    if !units.is_empty() {
        write!(
            out,
            r#"<label>单位 unit <select id="f-unit"><option value="">全部 all</option>"#
        )?;
        for unit in units.keys() {
            write!(out, r#"<option value="{u}">{u}</option>"#, u = Esc(unit))?;
        }
        write!(out, "</select></label> ")?;
    }
    writeln!(
        out,
        r#"<label><input type="checkbox" id="f-hidden"> 仅隐藏内容 hidden only</label> <label>搜索 search <input type="search" id="f-text" placeholder="文件、位置、上下文、规则…" size="28"></label> <button type="button" id="f-reset">重置 reset</button> <label>每页 per page <select id="f-size"><option value="100">100</option><option value="500" selected>500</option><option value="2000">2000</option><option value="0">全部 all</option></select></label> <button type="button" id="f-prev">上一页</button> <button type="button" id="f-next">下一页</button> <output id="f-count" aria-live="polite"></output></div>"#
    )
}

/// Column headers: label, English, the script's sort key (`sev` by rank, else by text).
const COLUMNS: [(&str, &str, &str); 10] = [
    ("级别", "severity", "sev"),
    ("类型", "kind", "text"),
    ("文件", "file", "text"),
    ("单位", "unit", "text"),
    ("位置", "location", "text"),
    ("内容", "text", "text"),
    ("上下文", "context", "text"),
    ("隐藏", "hidden", "text"),
    ("规则", "rule", "text"),
    ("依据", "evidence", "text"),
];

/// The findings table, one row per finding, in report order.
pub fn table(run: &Collected, out: &mut dyn Write) -> io::Result<()> {
    let rows = &run.findings;
    writeln!(
        out,
        r#"<section id="findings-section"><h2>发现明细 Findings <span class="muted">{} 条</span></h2>"#,
        rows.len()
    )?;
    if rows.is_empty() {
        return writeln!(
            out,
            r#"<p class="none">没有发现 · no findings</p></section>"#
        );
    }
    controls(rows, out)?;
    writeln!(
        out,
        r#"<noscript><p class="note">脚本未启用：下表按报告顺序列出全部发现，无筛选和排序。scripts off: every finding, in report order.</p></noscript>"#
    )?;
    let with_units = rows.iter().any(|r| r.unit.is_some());
    write!(
        out,
        r#"<div class="scroll"><table class="findings" id="findings"><thead><tr>"#
    )?;
    for (zh, en, key) in COLUMNS {
        if en == "unit" && !with_units {
            continue;
        }
        write!(
            out,
            r#"<th scope="col" class="c-{en}" data-sort="{key}">{zh}<span class="en">{en}</span></th>"#
        )?;
    }
    writeln!(out, "</tr></thead><tbody>")?;
    for (i, r) in rows.iter().enumerate() {
        row(i, r, with_units, out)?;
    }
    writeln!(out, "</tbody></table></div></section>")
}

fn row(i: usize, r: &Row, with_units: bool, out: &mut dyn Write) -> io::Result<()> {
    let sev = r.severity;
    write!(
        out,
        r#"<tr id="r{i}" data-s="{}" data-k="{}""#,
        rank(sev),
        r.kind
    )?;
    if let Some(unit) = &r.unit {
        write!(out, r#" data-u="{}""#, Esc(unit))?;
    }
    if r.hidden {
        write!(out, r#" data-h="1""#)?;
    }
    write!(
        out,
        r#"><td title="指纹 fingerprint {}"><span class="sev s-{sev}">{}</span></td><td>{}</td><td class="p">{}{}{}</td>"#,
        Esc(&r.fingerprint),
        sev.label_zh(),
        kind_label(r.kind.as_str()),
        Esc(&r.path),
        OpenLink(&r.path),
        LinkedFrom(r.linked_from.as_deref())
    )?;
    if with_units {
        write!(out, "<td>{}</td>", Esc(r.unit.as_deref().unwrap_or("")))?;
    }
    write!(
        out,
        r#"<td>{}</td><td><code>{}</code></td><td class="ctx">{}</td><td>"#,
        Esc(&r.location.to_string()),
        Esc(&r.text),
        Highlight {
            context: &r.context,
            text: &r.text
        }
    )?;
    if r.hidden {
        let part = r.location.part.as_deref().unwrap_or("");
        let label = Part::parse(part).map_or(part, |p| p.label_zh());
        // 隐藏列, 隐藏工作表 … say it already; 批注, 修订痕迹 … get the prefix.
        let badge = if label.is_empty() {
            "隐藏".to_string()
        } else if label.contains("隐藏") {
            label.to_string()
        } else {
            format!("隐藏·{label}")
        };
        write!(out, r#"<span class="badge">{}</span>"#, Esc(&badge))?;
    }
    write!(
        out,
        "</td><td><code>{}</code></td><td class=\"ev\">",
        Esc(&r.rule)
    )?;
    for (n, e) in r.evidence.iter().enumerate() {
        if n > 0 {
            write!(out, " · ")?;
        }
        write!(out, "{}", Esc(e))?;
    }
    writeln!(out, "</td></tr>")
}

/// The rules that fired: id, kind, default severity, description, count.
pub fn rules_legend(run: &Collected, catalog: &RuleCatalog, out: &mut dyn Write) -> io::Result<()> {
    let mut fired: BTreeMap<&str, (&Row, u64)> = BTreeMap::new();
    for r in &run.findings {
        fired.entry(r.rule.as_str()).or_insert((r, 0)).1 += 1;
    }
    if fired.is_empty() {
        return Ok(());
    }
    writeln!(
        out,
        r#"<section id="rules"><details><summary><h2>规则说明 Rules <span class="muted">{} 条规则命中 rules fired</span></h2></summary><table class="rules"><thead><tr><th scope="col">规则 rule</th><th scope="col">类型 kind</th><th scope="col">默认级别 default</th><th scope="col">说明 description</th><th scope="col" class="n">命中 hits</th></tr></thead><tbody>"#,
        fired.len()
    )?;
    for (id, (first, hits)) in fired {
        let info = catalog.get(id, first.kind, first.severity);
        writeln!(
            out,
            r#"<tr><td><code>{}</code></td><td>{}</td><td><span class="sev s-{s}">{}</span></td><td>{}</td><td class="n">{hits}</td></tr>"#,
            Esc(&info.id),
            info.kind.label_zh(),
            info.severity.label_zh(),
            Esc(&info.description),
            s = info.severity,
        )?;
    }
    writeln!(out, "</tbody></table></details></section>")
}
