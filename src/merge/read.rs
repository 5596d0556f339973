//! Reading a JSON Lines report (`scan --format jsonl`) back into records: finding lines
//! as [`Row`]s, error records as [`Unscanned`], and each closing summary line. A file may
//! hold several reports one after another (`cat shard-*.jsonl`): each summary closes the
//! records before it. Every problem names the file and line.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

use super::MergeError;
use crate::finding::Severity;
use crate::input::shard::Shard;
use crate::report::{Row, Summary, Unscanned};

/// One record of a report, as written.
#[derive(Clone, Debug)]
pub enum Record {
    Finding(Box<Row>),
    Unscanned(Unscanned),
}

impl Record {
    pub fn path(&self) -> &str {
        match self {
            Record::Finding(r) => &r.path,
            Record::Unscanned(u) => &u.path,
        }
    }
}

/// One report: its records in written order and the summary that closed it.
#[derive(Debug)]
pub struct Section {
    /// The file it was read from, as given (`-` for stdin).
    pub file: String,
    /// The line of its summary.
    pub line: usize,
    pub records: Vec<Record>,
    pub summary: Summary,
    /// The summary's `shard`, parsed.
    pub shard: Option<Shard>,
}

/// Reads every report in `path` (`-`: stdin).
pub fn read(path: &Path) -> Result<Vec<Section>, MergeError> {
    let file = path.display().to_string();
    let io = |source| MergeError::Read {
        file: file.clone(),
        source,
    };
    if file == "-" {
        return read_from(&file, std::io::stdin().lock());
    }
    let f = std::fs::File::open(path).map_err(io)?;
    read_from(&file, std::io::BufReader::new(f))
}

/// Reads every report from `input`, named `file` in errors.
pub fn read_from(file: &str, input: impl BufRead) -> Result<Vec<Section>, MergeError> {
    let mut sections = Vec::new();
    let mut records = Vec::new();
    for (i, line) in input.lines().enumerate() {
        let n = i + 1;
        let at = |message: String| MergeError::Line {
            file: file.to_string(),
            line: n,
            message,
        };
        let line = line.map_err(|e| at(format!("cannot read: {e}")))?;
        let line = line.trim_start_matches('\u{feff}').trim();
        if line.is_empty() {
            continue;
        }
        let value: Value = serde_json::from_str(line)
            .map_err(|e| at(format!("not a JSON line of a baomi report: {e}")))?;
        match parse(value).map_err(at)? {
            Parsed::Record(r) => records.push(r),
            Parsed::Summary(summary) => {
                let summary = *summary;
                check_summary(&summary, &records).map_err(at)?;
                let shard = summary
                    .shard
                    .as_deref()
                    .map(Shard::parse)
                    .transpose()
                    .map_err(|e| at(format!("summary `shard`: {e}")))?;
                sections.push(Section {
                    file: file.to_string(),
                    line: n,
                    records: std::mem::take(&mut records),
                    summary,
                    shard,
                });
            }
        }
    }
    if !records.is_empty() || sections.is_empty() {
        return Err(MergeError::Unfinished {
            file: file.to_string(),
        });
    }
    Ok(sections)
}

enum Parsed {
    Record(Record),
    Summary(Box<Summary>),
}

/// One line: a summary, an error record or a finding, by its keys.
fn parse(value: Value) -> Result<Parsed, String> {
    let Value::Object(object) = &value else {
        return Err("not a JSON object".into());
    };
    if let Some(summary) = object.get("summary") {
        return serde_json::from_value(summary.clone())
            .map(|s| Parsed::Summary(Box::new(s)))
            .map_err(|e| format!("summary does not fit the contract: {e}"));
    }
    if object.contains_key("error") {
        return serde_json::from_value(value)
            .map(|u| Parsed::Record(Record::Unscanned(u)))
            .map_err(|e| format!("error record does not fit the contract: {e}"));
    }
    if object.contains_key("fingerprint") {
        return serde_json::from_value(value)
            .map(|r| Parsed::Record(Record::Finding(r)))
            .map_err(|e| format!("finding does not fit the contract: {e}"));
    }
    Err("neither a finding, an error record nor a summary".into())
}

/// The summary must account for the records it closes: a report cut short or edited would
/// otherwise be merged silently.
fn check_summary(summary: &Summary, records: &[Record]) -> Result<(), String> {
    let findings = records
        .iter()
        .filter(|r| matches!(r, Record::Finding(_)))
        .count() as u64;
    let unscanned = records.len() as u64 - findings;
    if findings != summary.findings {
        return Err(format!(
            "the summary counts {} finding(s) but the report holds {findings} finding line(s) \
             (cut short, edited, or written with --format summary?)",
            summary.findings
        ));
    }
    if unscanned != summary.errors + summary.skipped {
        return Err(format!(
            "the summary counts {} input(s) not scanned but the report holds {unscanned} error \
             record(s)",
            summary.errors + summary.skipped
        ));
    }
    for (unit, u) in &summary.by_unit {
        if Severity::parse(&u.fail_on).is_none() {
            return Err(format!(
                "unit `{unit}`: `fail_on` `{}` is not a severity",
                u.fail_on
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const FINDING: &str = r#"{"path":"a.txt","unit":null,"rule":"pii.id_card","kind":"id_card","severity":"high","text":"1101**********0011","location":{"line":1,"column":3,"part":"body"},"context":"…","fingerprint":"ab12","hidden":false,"confidence":0.9,"evidence":["checksum"]}"#;
    const ERROR: &str =
        r#"{"path":"b.pdf","error":"encrypted PDF","linked_from":"https://x.gov.cn/"}"#;
    const SUMMARY: &str = r#"{"summary":{"files":2,"scanned":1,"errors":1,"skipped":0,"findings":1,"by_kind":{"id_card":1},"by_severity":{"high":1},"bytes":10,"elapsed_ms":3,"shard":"1/3"}}"#;
    const EMPTY: &str = r#"{"summary":{"files":0,"scanned":0,"errors":0,"skipped":0,"findings":0,"by_kind":{},"by_severity":{},"bytes":0,"elapsed_ms":0}}"#;

    fn read_text(text: &str) -> Result<Vec<Section>, MergeError> {
        read_from("r.jsonl", text.as_bytes())
    }

    #[test]
    fn records_and_summary() -> Result<(), MergeError> {
        let text = format!("\u{feff}{FINDING}\n\n{ERROR}\n{SUMMARY}\n{EMPTY}\n");
        let sections = read_text(&text)?;
        assert_eq!(sections.len(), 2);
        let first = &sections[0];
        assert_eq!(first.records.len(), 2);
        assert_eq!(first.line, 4);
        assert_eq!(first.shard, Some(Shard { index: 1, count: 3 }));
        assert!(matches!(&first.records[1], Record::Unscanned(u)
            if u.linked_from.as_deref() == Some("https://x.gov.cn/") && !u.skipped));
        // The second report claims one finding and holds none.
        Ok(())
    }

    const BAD: &[(&str, &str)] = &[
        ("{\"path\":\"a\"}\n", "r.jsonl:1: neither a finding"),
        ("[1]\n", "r.jsonl:1: not a JSON object"),
        ("{oops\n", "r.jsonl:1: not a JSON line"),
        ("", "r.jsonl: no summary line"),
    ];

    #[test]
    fn malformed_lines_name_file_and_line() {
        for (text, want) in BAD {
            match read_text(text) {
                Err(e) => assert!(e.to_string().starts_with(want), "{text}: {e}"),
                Ok(s) => panic!("{text}: read {} sections", s.len()),
            }
        }
        let e = read_text(&format!("{EMPTY}\n{{oops\n")).map(|s| s.len());
        assert!(matches!(e, Err(MergeError::Line { line: 2, .. })), "{e:?}");
        let text = format!("{FINDING}\n{ERROR}\n{SUMMARY}\n{SUMMARY}\n");
        let e = read_text(&text).map(|s| s.len());
        assert!(
            matches!(&e, Err(MergeError::Line { line: 4, message, .. })
                if message.contains("counts 1 finding(s) but the report holds 0")),
            "{e:?}"
        );
        let text = format!("{FINDING}\n{ERROR}\n{SUMMARY}\n{FINDING}\n");
        let e = read_text(&text).map(|s| s.len());
        assert!(matches!(e, Err(MergeError::Unfinished { .. })), "{e:?}");
        let bad_shard = SUMMARY.replace("1/3", "3/3");
        let e = read_text(&format!("{FINDING}\n{ERROR}\n{bad_shard}\n")).map(|s| s.len());
        assert!(
            matches!(&e, Err(MergeError::Line { line: 3, message, .. }) if message.contains("out of range")),
            "{e:?}"
        );
    }
}
