//! `--format csv` and `--format xlsx`: the run as a table for reviewers (WPS, Excel) and
//! for audit tools, one row per record. Both formats share the columns and rows defined
//! here; [`csv`] and [`xlsx`] only encode them. Rendering only: no detection, no masking
//! (rows arrive masked unless `--reveal`).
//!
//! Decisions, written down once for both formats:
//! * **One header row**, each header `中文 english` (e.g. `文件 path`): an autofilter and
//!   every CSV reader (Excel, WPS, pandas, Power Query's "first row as headers") expect
//!   exactly one header row directly above the data, and two header rows would make the
//!   Chinese row look like data to a machine. The English key is the text after the last
//!   space and equals the JSON Lines key (`path`, `rule`, `kind`, `severity`, `text` …; a
//!   location field keeps its own name: `sheet`, `cell`, `row` …).
//! * **Codes and labels**: kind, severity and status each get a Chinese label column
//!   (`类别 kind_zh` = 身份证号) followed by the contract code (`类别代码 kind` = id_card),
//!   so reviewers filter on the label and machines on the code.
//! * **A status column** (`finding` / `error` / `skipped`): inputs that could not be
//!   scanned are rows too, in report order (as in JSON Lines), with the reason in
//!   `原因 error`, so one table accounts for every input (fail closed) and stays one row
//!   per record for machines. Filter `状态代码 status` = `finding` for findings only.
//! * **Formula injection** (OWASP "CSV Injection"): see [`neutralize`] for CSV; the
//!   workbook writes every value as a string cell formatted as text, never as a formula.

mod csv;
mod summary;
mod xlsx;

use std::borrow::Cow;

pub use self::csv::write_csv;
pub use self::xlsx::write_xlsx;

use super::{Collected, Row, Summary, UnitSummary, Unscanned};
use crate::finding::Severity;

/// One column: its Chinese and English header, and the widest it gets in the workbook.
pub(super) struct Column {
    pub zh: &'static str,
    pub en: &'static str,
    /// The widest content the workbook's column grows to (characters, CJK counting two);
    /// the header's longest word may make it wider.
    pub max_width: f64,
}

impl Column {
    /// `中文 english`: the English key is the text after the last space.
    pub fn header(&self) -> String {
        format!("{} {}", self.zh, self.en)
    }
}

pub(super) const fn col(zh: &'static str, en: &'static str, max_width: f64) -> Column {
    Column { zh, en, max_width }
}

/// Number of columns.
pub(super) const WIDTH: usize = 29;

/// The columns, in order. Contract order (OUTPUT.md) where it applies, labels before codes.
pub(super) const COLUMNS: [Column; WIDTH] = [
    col("状态", "status_zh", 8.0),
    col("状态代码", "status", 10.0),
    col("文件", "path", 50.0),
    col("单位", "unit", 16.0),
    col("规则", "rule", 30.0),
    col("类别", "kind_zh", 16.0),
    col("类别代码", "kind", 20.0),
    col("级别", "severity_zh", 8.0),
    col("级别代码", "severity", 10.0),
    col("内容", "text", 30.0),
    col("位置", "location", 24.0),
    col("工作表", "sheet", 16.0),
    col("单元格", "cell", 8.0),
    col("行", "row", 8.0),
    col("列", "col", 8.0),
    col("页", "page", 8.0),
    col("幻灯片", "slide", 8.0),
    col("段", "paragraph", 8.0),
    col("行号", "line", 8.0),
    col("列号", "column", 8.0),
    col("部位", "part", 14.0),
    col("字段", "field", 14.0),
    col("隐藏", "hidden", 8.0),
    col("上下文", "context", 60.0),
    col("置信度", "confidence", 10.0),
    col("依据", "evidence", 40.0),
    col("指纹", "fingerprint", 34.0),
    col("来源页", "linked_from", 40.0),
    col("原因", "error", 60.0),
];

/// Index of the `级别 severity_zh` column (coloured in the workbook); `级别代码` follows.
pub(super) const SEVERITY_COL: usize = 7;
/// Index of the `状态 status_zh` column (coloured for inputs not scanned); `状态代码` follows.
pub(super) const STATUS_COL: usize = 0;
const PATH_COL: usize = 2;
/// Index of `原因 error`, the last column.
const ERROR_COL: usize = WIDTH - 1;

/// What a row records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Status {
    Finding,
    /// The input could not be read (encrypted, corrupt, over a limit …).
    Error,
    /// A format baomi does not read: not reviewed either.
    Skipped,
}

impl Status {
    pub fn as_str(self) -> &'static str {
        match self {
            Status::Finding => "finding",
            Status::Error => "error",
            Status::Skipped => "skipped",
        }
    }

    /// The labels of the text report (`错误(error)`, `未扫描(not scanned)`).
    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Finding => "发现",
            Status::Error => "错误",
            Status::Skipped => "未扫描",
        }
    }
}

/// One cell's value. Numbers are location indices and the confidence, never matched text:
/// an ID-like value stays text in every format.
#[derive(Clone, Debug, PartialEq)]
pub(super) enum Cell {
    Text(String),
    Int(u64),
    Real(f64),
    Empty,
}

impl Cell {
    fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    fn opt_text(s: Option<&str>) -> Cell {
        s.map_or(Cell::Empty, Cell::text)
    }

    fn opt_int(n: Option<impl Into<u64>>) -> Cell {
        n.map_or(Cell::Empty, |n| Cell::Int(n.into()))
    }
}

/// One table row.
pub(super) struct Record {
    pub status: Status,
    pub severity: Option<Severity>,
    pub cells: [Cell; WIDTH],
}

/// A finding or an input not scanned.
#[derive(Clone, Copy, Debug)]
pub(super) enum Entry<'a> {
    Finding(&'a Row),
    Unscanned(&'a Unscanned),
}

impl Entry<'_> {
    pub fn record(self) -> Record {
        match self {
            Entry::Finding(r) => finding_record(r),
            Entry::Unscanned(u) => unscanned_record(u),
        }
    }
}

/// Findings and inputs not scanned in report order: each input's findings, then its error
/// record, as JSON Lines writes them. Rows whose path does not follow `paths` (a run
/// collected without them) come last, findings first.
pub(super) fn entries(run: &Collected) -> Vec<Entry<'_>> {
    let mut out = Vec::with_capacity(run.findings.len() + run.unscanned.len());
    let mut findings = run.findings.iter().peekable();
    let mut unscanned = run.unscanned.iter().peekable();
    for path in &run.paths {
        while let Some(r) = findings.next_if(|r| &r.path == path) {
            out.push(Entry::Finding(r));
        }
        if let Some(u) = unscanned.next_if(|u| &u.path == path) {
            out.push(Entry::Unscanned(u));
        }
    }
    out.extend(findings.map(Entry::Finding));
    out.extend(unscanned.map(Entry::Unscanned));
    out
}

fn finding_record(r: &Row) -> Record {
    let l = &r.location;
    // `-` is Location's "nowhere in particular"; an empty cell says the same.
    let location = Some(l.to_string()).filter(|s| s != "-");
    Record {
        status: Status::Finding,
        severity: Some(r.severity),
        cells: [
            Cell::text(Status::Finding.label_zh()),
            Cell::text(Status::Finding.as_str()),
            Cell::text(&r.path),
            Cell::opt_text(r.unit.as_deref()),
            Cell::text(&r.rule),
            Cell::text(r.kind.label_zh()),
            Cell::text(r.kind.as_str()),
            Cell::text(r.severity.label_zh()),
            Cell::text(r.severity.as_str()),
            Cell::text(&r.text),
            Cell::opt_text(location.as_deref()),
            Cell::opt_text(l.sheet.as_deref()),
            Cell::opt_text(l.cell.as_deref()),
            Cell::opt_int(l.row),
            Cell::opt_int(l.col),
            Cell::opt_int(l.page),
            Cell::opt_int(l.slide),
            Cell::opt_int(l.paragraph),
            Cell::opt_int(l.line),
            Cell::opt_int(l.column),
            Cell::opt_text(l.part.as_deref()),
            Cell::opt_text(l.field.as_deref()),
            Cell::text(if r.hidden { "是" } else { "否" }),
            Cell::text(&r.context),
            // Row rounds to two places in f32; this prints 0.95, not 0.949999988.
            Cell::Real((f64::from(r.confidence) * 100.0).round() / 100.0),
            Cell::text(r.evidence.join("; ")),
            Cell::text(&r.fingerprint),
            Cell::opt_text(r.linked_from.as_deref()),
            Cell::Empty,
        ],
    }
}

fn unscanned_record(u: &Unscanned) -> Record {
    let status = if u.skipped {
        Status::Skipped
    } else {
        Status::Error
    };
    let mut cells: [Cell; WIDTH] = std::array::from_fn(|_| Cell::Empty);
    cells[STATUS_COL] = Cell::text(status.label_zh());
    cells[STATUS_COL + 1] = Cell::text(status.as_str());
    cells[PATH_COL] = Cell::text(&u.path);
    cells[ERROR_COL - 1] = Cell::opt_text(u.linked_from.as_deref());
    cells[ERROR_COL] = Cell::text(&u.error);
    Record {
        status,
        severity: None,
        cells,
    }
}

/// First characters that make a spreadsheet read a CSV cell as a formula (OWASP "CSV
/// Injection": `=` `+` `-` `@`, tab, carriage return), plus line feed and the full-width
/// forms `＝＋－＠`, which an IME may leave at the start of Chinese text and which some
/// spreadsheet builds fold to their ASCII forms.
const FORMULA_TRIGGERS: [char; 11] = ['=', '+', '-', '@', '\t', '\r', '\n', '＝', '＋', '－', '＠'];

/// Whether a spreadsheet could take `s` for a formula.
pub(super) fn is_formula_like(s: &str) -> bool {
    s.starts_with(FORMULA_TRIGGERS)
}

/// The CSV guard: a cell that starts with a formula trigger gets a leading apostrophe
/// (`=HYPERLINK(…)` → `'=HYPERLINK(…)`), which Excel and WPS show as text and never
/// evaluate. Applied to every text cell (paths, terms, contexts and error messages can all
/// carry attacker-chosen text); numbers we format ourselves never start with a trigger. A
/// consumer that wants the exact value strips one leading `'` when a trigger follows it.
/// Masked values rarely start with one (masks keep a value's first characters).
pub(super) fn neutralize(s: &str) -> Cow<'_, str> {
    if is_formula_like(s) {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::finding::{Kind, Location};

    pub(super) fn row(path: &str, text: &str, severity: Severity) -> Row {
        Row {
            path: path.into(),
            unit: Some("民政局".into()),
            rule: "pii.id_card".into(),
            kind: Kind::IdCard,
            severity,
            text: text.into(),
            location: Location {
                sheet: Some("Sheet1".into()),
                cell: Some("C5".into()),
                row: Some(5),
                col: Some(3),
                part: Some("body".into()),
                ..Location::default()
            },
            context: format!("…身份证号 {text} …"),
            fingerprint: "a3f1".into(),
            hidden: true,
            confidence: 0.95,
            evidence: vec!["checksum:GB11643".into(), "cue:身份证".into()],
            linked_from: None,
        }
    }

    pub(super) fn run() -> Collected {
        Collected {
            findings: vec![
                row("a.xlsx", "430102********1234", Severity::High),
                row("a.xlsx", "=1+1", Severity::Info),
                row("c.txt", "138****8000", Severity::Critical),
            ],
            unscanned: vec![Unscanned {
                path: "b.pdf".into(),
                error: "encrypted PDF".into(),
                skipped: false,
                linked_from: None,
            }],
            paths: vec!["a.xlsx".into(), "b.pdf".into(), "c.txt".into()],
        }
    }

    #[test]
    fn headers_are_chinese_then_english_and_unique() {
        let mut keys: Vec<&str> = COLUMNS.iter().map(|c| c.en).collect();
        for c in &COLUMNS {
            let header = c.header();
            assert_eq!(header.rsplit(' ').next(), Some(c.en));
            assert!(c.zh.chars().all(|ch| !ch.is_ascii()), "{header}");
        }
        for key in [
            "path", "unit", "rule", "kind", "severity", "text", "location",
        ] {
            assert!(keys.contains(&key), "{key}");
        }
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), WIDTH);
        assert_eq!(COLUMNS[SEVERITY_COL].en, "severity_zh");
        assert_eq!(COLUMNS[SEVERITY_COL + 1].en, "severity");
        assert_eq!(COLUMNS[STATUS_COL + 1].en, "status");
        assert_eq!(COLUMNS[WIDTH - 1].en, "error");
    }

    #[test]
    fn entries_follow_report_order() {
        let all = run();
        let order: Vec<String> = entries(&all)
            .into_iter()
            .map(|e| match e {
                Entry::Finding(r) => format!("f:{}", r.path),
                Entry::Unscanned(u) => format!("u:{}", u.path),
            })
            .collect();
        assert_eq!(order, ["f:a.xlsx", "f:a.xlsx", "u:b.pdf", "f:c.txt"]);
        // Without paths nothing is lost: findings, then the rest.
        let bare = Collected {
            paths: Vec::new(),
            ..run()
        };
        assert_eq!(entries(&bare).len(), 4);
    }

    #[test]
    fn finding_record_has_every_field() {
        let rec = finding_record(&row("a.xlsx", "430102********1234", Severity::High));
        let by_key = |key: &str| {
            let i = COLUMNS.iter().position(|c| c.en == key).unwrap();
            rec.cells[i].clone()
        };
        assert_eq!(by_key("status"), Cell::text("finding"));
        assert_eq!(by_key("kind_zh"), Cell::text("身份证号"));
        assert_eq!(by_key("kind"), Cell::text("id_card"));
        assert_eq!(by_key("severity_zh"), Cell::text("高"));
        assert_eq!(by_key("location"), Cell::text("Sheet1!C5"));
        assert_eq!(by_key("row"), Cell::Int(5));
        assert_eq!(by_key("page"), Cell::Empty);
        assert_eq!(by_key("hidden"), Cell::text("是"));
        assert_eq!(by_key("confidence"), Cell::Real(0.95));
        assert_eq!(
            by_key("evidence"),
            Cell::text("checksum:GB11643; cue:身份证")
        );
        assert_eq!(by_key("error"), Cell::Empty);
        let nowhere = Row {
            location: Location::default(),
            ..row("x", "y", Severity::Low)
        };
        assert_eq!(finding_record(&nowhere).cells[10], Cell::Empty);
    }

    #[test]
    fn unscanned_record_names_path_and_reason() {
        let rec = unscanned_record(&Unscanned {
            path: "x.pdf".into(),
            error: "encrypted".into(),
            skipped: true,
            linked_from: None,
        });
        assert_eq!(rec.status, Status::Skipped);
        assert_eq!(rec.cells[0], Cell::text("未扫描"));
        assert_eq!(rec.cells[1], Cell::text("skipped"));
        assert_eq!(rec.cells[2], Cell::text("x.pdf"));
        assert_eq!(rec.cells[WIDTH - 1], Cell::text("encrypted"));
        assert_eq!(rec.cells[4], Cell::Empty);
    }

    #[test]
    fn guard_prefixes_formula_triggers_only() {
        for s in [
            "=1+1",
            "+86 138",
            "-2",
            "@SUM(A1)",
            "\tx",
            "\rx",
            "＝HYPERLINK(\"x\")",
        ] {
            assert_eq!(neutralize(s), format!("'{s}"), "{s:?}");
        }
        for s in ["430102********1234", "张**", "a=b", "", "'=x", " =1"] {
            assert_eq!(neutralize(s), s, "{s:?}");
        }
    }
}
