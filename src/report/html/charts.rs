//! The report's summary views: a bar chart of findings by kind and a stacked bar of the
//! severity distribution, drawn here as inline SVG (no script, no library, prints), and
//! the per-unit table. Every chart carries a `<title>`, a `<title>` per bar and visible
//! text labels, so it reads without colour and with a screen reader.

use std::collections::BTreeMap;
use std::io::{self, Write};

use super::escape::Esc;
use super::{Row, Summary};
use crate::extract::Part;
use crate::finding::{Kind, Severity};

/// The Chinese label of a kind name (the name itself when outside the vocabulary).
pub fn kind_label(kind: &str) -> &str {
    Kind::parse(kind).map_or(kind, |k| k.label_zh())
}

/// Severities from the most to the least severe, with their counts (zeros included).
fn by_severity_desc(counts: &BTreeMap<String, u64>) -> Vec<(Severity, u64)> {
    Severity::ALL
        .iter()
        .rev()
        .map(|s| (*s, counts.get(s.as_str()).copied().unwrap_or(0)))
        .collect()
}

/// Horizontal bars, one per kind found, most frequent first.
pub fn kind_chart(by_kind: &BTreeMap<String, u64>, out: &mut dyn Write) -> io::Result<()> {
    let bars: Vec<(&str, &str, u64)> = by_kind
        .iter()
        .map(|(k, n)| (kind_label(k), k.as_str(), *n))
        .collect();
    bar_chart(
        "kind-chart",
        "按类型统计的发现数 · findings by kind",
        bars,
        out,
    )
}

/// Horizontal bars, one per part of a document readers do not see (comments, hidden rows,
/// metadata …), for the findings flagged `hidden`.
pub fn hidden_chart(rows: &[Row], out: &mut dyn Write) -> io::Result<()> {
    let mut by_part: BTreeMap<&str, u64> = BTreeMap::new();
    for r in rows.iter().filter(|r| r.hidden) {
        *by_part
            .entry(r.location.part.as_deref().unwrap_or("other"))
            .or_default() += 1;
    }
    let bars = by_part
        .into_iter()
        .map(|(part, n)| (Part::parse(part).map_or(part, |p| p.label_zh()), part, n))
        .collect();
    bar_chart(
        "hidden-chart",
        "隐藏内容中的发现 · hidden findings by part",
        bars,
        out,
    )
}

/// Labelled horizontal bars `(label, English name, count)`, largest first; a note when
/// every count is zero.
fn bar_chart(
    id: &str,
    title: &str,
    mut bars: Vec<(&str, &str, u64)>,
    out: &mut dyn Write,
) -> io::Result<()> {
    const WIDTH: u64 = 600;
    const LABEL: u64 = 190;
    const BAR: u64 = 340;
    const ROW: u64 = 26;
    bars.retain(|b| b.2 > 0);
    bars.sort_by(|a, b| b.2.cmp(&a.2).then(a.1.cmp(b.1)));
    let Some(max) = bars.first().map(|b| b.2) else {
        return writeln!(out, r#"<p class="none">没有 · none</p>"#);
    };
    let height = (bars.len() as u64) * ROW + 6;
    writeln!(
        out,
        r#"<svg class="chart {id}" width="{WIDTH}" height="{height}" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="{id}-t"><title id="{id}-t">{}</title>"#,
        Esc(title)
    )?;
    for (i, (label, en, n)) in bars.iter().enumerate() {
        let y = (i as u64) * ROW + 3;
        let w = (n.saturating_mul(BAR) / max.max(1)).max(2);
        writeln!(
            out,
            r#"<g><title>{label} ({en}): {n}</title><text x="{lx}" y="{ty}" text-anchor="end" class="lbl">{label} <tspan class="en">{en}</tspan></text><rect x="{LABEL}" y="{y}" width="{w}" height="18" rx="2" class="bar"/><text x="{nx}" y="{ty}" class="num">{n}</text></g>"#,
            label = Esc(label),
            en = Esc(en),
            lx = LABEL - 8,
            ty = y + 14,
            nx = LABEL + w + 6,
        )?;
    }
    writeln!(out, "</svg>")
}

/// One stacked bar of the severity distribution, most severe first; `large` adds counts
/// inside the segments (the legend next to it names them either way).
pub fn severity_bar(
    counts: &BTreeMap<String, u64>,
    width: u64,
    large: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let parts = by_severity_desc(counts);
    let total: u64 = parts.iter().map(|p| p.1).sum();
    let height = if large { 28 } else { 12 };
    let summary_text: Vec<String> = parts
        .iter()
        .filter(|p| p.1 > 0)
        .map(|(s, n)| format!("{} {s} {n}", s.label_zh()))
        .collect();
    write!(
        out,
        r#"<svg class="sevbar" width="{width}" height="{height}" viewBox="0 0 {width} {height}" role="img"><title>级别分布 · severity: {}</title>"#,
        if total == 0 {
            "无 none".to_string()
        } else {
            summary_text.join(", ")
        }
    )?;
    if total == 0 {
        write!(
            out,
            r#"<rect width="{width}" height="{height}" rx="3" class="empty"/>"#
        )?;
    }
    let mut x = 0;
    let mut left = width;
    let mut remaining = total;
    for (sev, n) in parts.iter().filter(|p| p.1 > 0) {
        // The last segment takes what rounding left, so the bar is always full.
        let w = if *n == remaining {
            left
        } else {
            (n.saturating_mul(width) / total.max(1)).clamp(1, left)
        };
        write!(
            out,
            r#"<g><title>{} {sev}: {n}</title><rect x="{x}" width="{w}" height="{height}" class="s-{sev}"/>"#,
            sev.label_zh()
        )?;
        if large && w >= 30 {
            write!(
                out,
                r#"<text x="{}" y="19" text-anchor="middle" class="in">{n}</text>"#,
                x + w / 2
            )?;
        }
        write!(out, "</g>")?;
        x += w;
        left = left.saturating_sub(w);
        remaining = remaining.saturating_sub(*n);
    }
    writeln!(out, "</svg>")
}

/// The severity legend: swatch, Chinese and English name, count.
pub fn severity_legend(counts: &BTreeMap<String, u64>, out: &mut dyn Write) -> io::Result<()> {
    write!(out, r#"<ul class="legend">"#)?;
    for (sev, n) in by_severity_desc(counts) {
        write!(
            out,
            r#"<li><span class="sw s-{sev}"></span>{} <span class="en">{sev}</span> <b>{n}</b></li>"#,
            sev.label_zh()
        )?;
    }
    writeln!(out, "</ul>")
}

/// Each unit's share of the run, judged against its own threshold (谁主管、谁公开、谁审查).
pub fn units_table(summary: &Summary, out: &mut dyn Write) -> io::Result<()> {
    if summary.by_unit.is_empty() {
        return writeln!(
            out,
            r#"<p class="note">本次审查未按单位区分（未用 <code>--unit</code> 或 <code>baomi.toml</code> 映射）· no units applied.</p>"#
        );
    }
    writeln!(
        out,
        r#"<table class="units"><thead><tr><th scope="col">单位 unit</th><th scope="col" class="n">文件 files</th><th scope="col" class="n">发现 findings</th><th scope="col">门限 fail_on</th><th scope="col">级别分布 severity</th><th scope="col">主要类型 top kinds</th><th scope="col">结论 verdict</th></tr></thead><tbody>"#
    )?;
    for (unit, u) in &summary.by_unit {
        let threshold = Severity::parse(&u.fail_on).map_or("", Severity::label_zh);
        let (class, verdict) = if u.passed {
            ("pass", "通过 pass")
        } else {
            ("fail", "不通过 fail")
        };
        write!(
            out,
            r#"<tr class="{class}"><th scope="row">{}</th><td class="n">{}</td><td class="n">{}</td><td>{threshold} <span class="en">{}</span></td><td>"#,
            Esc(unit),
            u.files,
            u.findings,
            Esc(&u.fail_on)
        )?;
        severity_bar(&u.by_severity, 160, false, out)?;
        let mut kinds: Vec<(&String, &u64)> = u.by_kind.iter().filter(|k| *k.1 > 0).collect();
        kinds.sort_by(|a, b| b.1.cmp(a.1).then(a.0.cmp(b.0)));
        let top: Vec<String> = kinds
            .iter()
            .take(4)
            .map(|(k, n)| format!("{} {n}", Esc(kind_label(k))))
            .collect();
        writeln!(
            out,
            r#"</td><td>{}</td><td><span class="verdict {class}">{verdict}</span></td></tr>"#,
            if top.is_empty() {
                "—".to_string()
            } else {
                top.join(" · ")
            }
        )?;
    }
    writeln!(out, "</tbody></table>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn render(f: impl FnOnce(&mut Vec<u8>) -> io::Result<()>) -> String {
        let mut out = Vec::new();
        assert!(f(&mut out).is_ok());
        String::from_utf8(out).unwrap_or_default()
    }

    #[test]
    fn kind_chart_has_titles_and_labels() {
        let counts = BTreeMap::from([("id_card".to_string(), 27), ("email".to_string(), 1)]);
        let svg = render(|out| kind_chart(&counts, out));
        assert!(svg.contains("<title id=\"kind-chart-t\">"));
        assert!(svg.contains("<title>电子邮箱 (email): 1</title>"));
        assert!(svg.contains("<title>身份证号 (id_card): 27</title>"));
        assert!(svg.contains(">身份证号 <tspan"));
        assert!(
            svg.find("id_card") < svg.find("email"),
            "most frequent first"
        );
        let none = render(|out| kind_chart(&BTreeMap::new(), out));
        assert!(none.contains("没有") && !none.contains("<svg"));
    }

    #[test]
    fn severity_bar_fills_its_width() {
        let counts = BTreeMap::from([
            ("high".to_string(), 1),
            ("info".to_string(), 1),
            ("low".to_string(), 1),
        ]);
        let svg = render(|out| severity_bar(&counts, 100, true, out));
        let widths: u64 = svg
            .split(" width=\"")
            .skip(2)
            .filter_map(|s| s.split('"').next()?.parse::<u64>().ok())
            .sum();
        assert_eq!(widths, 100, "{svg}");
        assert!(svg.contains("<title>高 high: 1</title>"));
    }
}
