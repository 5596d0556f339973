//! The truth file of a labelled corpus (`corpora/TRUTH.md`): one JSON object per line, one line per
//! planted entity occurrence, read into [`TruthEntry`]s. A line that is not valid JSON,
//! lacks a required field, or names an unknown kind or severity is an error that names
//! the line; every bad line is reported, not only the first.

use std::path::Path;

use serde::Deserialize;

use crate::finding::{Kind, Severity};

/// What baomi should do with an entity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Expect {
    /// Must be reported above `info`.
    Flag,
    /// Must not be reported above `info` (masked values, officials, ordinary words …).
    Pass,
}

impl Expect {
    pub fn as_str(self) -> &'static str {
        match self {
            Expect::Flag => "flag",
            Expect::Pass => "pass",
        }
    }
}

/// One labelled occurrence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TruthEntry {
    /// 1-based line in the truth file.
    pub line: usize,
    /// Document path relative to the corpus, `/`-separated.
    pub file: String,
    pub kind: Kind,
    /// The entity as written in the document (raw).
    pub value: String,
    pub expect: Expect,
    /// Subtype grouping hard negatives and positives (`masked`, `official`, …).
    pub class: Option<String>,
    /// The exact severity the finding should get.
    pub severity: Option<Severity>,
    /// The rule id the finding should carry.
    pub rule: Option<String>,
    /// Document genre (处罚决定书, 补贴发放名单 …).
    pub genre: Option<String>,
}

/// Every entry of a truth file, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Truth {
    pub entries: Vec<TruthEntry>,
}

/// Why a truth file could not be read.
#[derive(Debug, thiserror::Error)]
pub enum TruthError {
    #[error("cannot read truth file {path}: {source}")]
    Io {
        path: String,
        source: std::io::Error,
    },
    #[error("{}", lines_message(.path, .lines, *.total))]
    Lines {
        path: String,
        /// (1-based line, what is wrong), at most [`MAX_LINE_ERRORS`] of them.
        lines: Vec<(usize, String)>,
        /// Bad lines in all, including those not listed.
        total: usize,
    },
}

/// Bad lines listed in one error; the rest are only counted.
pub const MAX_LINE_ERRORS: usize = 20;

fn lines_message(path: &str, lines: &[(usize, String)], total: usize) -> String {
    let noun = if total == 1 { "line" } else { "lines" };
    let mut out = format!("invalid truth file {path} ({total} bad {noun}):");
    for (line, why) in lines {
        out.push_str(&format!("\n  {path}:{line}: {why}"));
    }
    if total > lines.len() {
        out.push_str(&format!("\n  … and {} more", total - lines.len()));
    }
    out
}

/// A truth line as written; kinds and severities are checked by hand for clear messages.
#[derive(Deserialize)]
struct RawLine {
    file: String,
    kind: String,
    value: String,
    expect: String,
    #[serde(default)]
    class: Option<String>,
    #[serde(default)]
    severity: Option<String>,
    #[serde(default)]
    rule: Option<String>,
    #[serde(default)]
    genre: Option<String>,
}

impl Truth {
    /// Reads and parses a truth file (`path` is only used in messages).
    pub fn load(path: &Path) -> Result<Truth, TruthError> {
        let name = path.display().to_string();
        let bytes = std::fs::read(path).map_err(|source| TruthError::Io {
            path: name.clone(),
            source,
        })?;
        let text = String::from_utf8_lossy(&bytes);
        Truth::parse(&name, &text)
    }

    /// Parses truth lines; blank lines are skipped.
    pub fn parse(path: &str, text: &str) -> Result<Truth, TruthError> {
        let mut entries = Vec::new();
        let mut bad = Vec::new();
        let mut total = 0;
        for (i, line) in text.lines().enumerate() {
            let line = line.trim_start_matches('\u{feff}');
            if line.trim().is_empty() {
                continue;
            }
            match parse_line(i + 1, line) {
                Ok(entry) => entries.push(entry),
                Err(why) => {
                    total += 1;
                    if bad.len() < MAX_LINE_ERRORS {
                        bad.push((i + 1, why));
                    }
                }
            }
        }
        if total > 0 {
            return Err(TruthError::Lines {
                path: path.to_string(),
                lines: bad,
                total,
            });
        }
        Ok(Truth { entries })
    }
}

fn parse_line(line: usize, text: &str) -> Result<TruthEntry, String> {
    let raw: RawLine = serde_json::from_str(text).map_err(|e| {
        // serde_json says "at line 1 column N": the line is always 1 here.
        let message = e.to_string();
        let what = message.split(" at line ").next().unwrap_or(&message);
        format!("{what} (column {})", e.column())
    })?;
    let kind = Kind::parse(&raw.kind).ok_or_else(|| {
        let names: Vec<&str> = Kind::ALL.iter().map(|k| k.as_str()).collect();
        format!("unknown kind `{}`; one of: {}", raw.kind, names.join(", "))
    })?;
    let expect = match raw.expect.as_str() {
        "flag" => Expect::Flag,
        "pass" => Expect::Pass,
        other => return Err(format!("unknown expect `{other}`; one of: flag, pass")),
    };
    let severity = match raw.severity.as_deref() {
        None => None,
        Some(s) => Some(Severity::parse(s).ok_or_else(|| {
            let names: Vec<&str> = Severity::ALL.iter().map(|s| s.as_str()).collect();
            format!("unknown severity `{s}`; one of: {}", names.join(", "))
        })?),
    };
    let file = normalize_file(&raw.file);
    if file.is_empty() {
        return Err("`file` is empty".to_string());
    }
    if super::matching::normalize(&raw.value).is_empty() {
        return Err("`value` is empty (after removing spaces and separators)".to_string());
    }
    Ok(TruthEntry {
        line,
        file,
        kind,
        value: raw.value,
        expect,
        class: raw.class.filter(|c| !c.is_empty()),
        severity,
        rule: raw.rule.filter(|r| !r.is_empty()),
        genre: raw.genre.filter(|g| !g.is_empty()),
    })
}

/// A corpus-relative path as the truth writes it, in the form eval keys files by:
/// `/` separators, no leading `./`.
pub fn normalize_file(file: &str) -> String {
    let mut s = file.replace('\\', "/");
    while let Some(rest) = s.strip_prefix("./") {
        s = rest.to_string();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_required_and_optional_fields() {
        let text = concat!(
            r#"{"file":"a.txt","kind":"id_card","value":"11010519491231002X","expect":"flag"}"#,
            "\n\n",
            r#"{"file":"./sub/b.csv","kind":"person_name","value":"张某","expect":"pass","class":"masked","severity":"info","rule":"pii.person_name.masked","genre":"通知","extra":1}"#,
            "\n"
        );
        let truth = Truth::parse("t.jsonl", text).unwrap_or_default();
        assert_eq!(truth.entries.len(), 2);
        let b = &truth.entries[1];
        assert_eq!(b.line, 3);
        assert_eq!(b.file, "sub/b.csv");
        assert_eq!(b.kind, Kind::PersonName);
        assert_eq!(b.expect, Expect::Pass);
        assert_eq!(b.class.as_deref(), Some("masked"));
        assert_eq!(b.severity, Some(Severity::Info));
        assert_eq!(b.rule.as_deref(), Some("pii.person_name.masked"));
    }

    #[test]
    fn every_bad_line_is_named() {
        let text = concat!(
            r#"{"file":"a.txt","kind":"id_card","value":"1","expect":"flag"}"#,
            "\n",
            r#"{"file":"a.txt","kind":"phone","value":"1","expect":"flag"}"#,
            "\n",
            "not json\n",
            r#"{"file":"a.txt","kind":"id_card","value":"1","expect":"maybe"}"#,
            "\n",
            r#"{"file":"a.txt","kind":"id_card","value":" - ","expect":"flag"}"#,
            "\n",
            r#"{"file":"a.txt","kind":"id_card","expect":"flag"}"#,
            "\n",
            r#"{"file":"a.txt","kind":"id_card","value":"1","expect":"flag","severity":"huge"}"#,
            "\n",
        );
        let Err(TruthError::Lines { lines, total, .. }) = Truth::parse("t.jsonl", text) else {
            panic!("bad lines accepted");
        };
        assert_eq!(total, 6);
        let at: Vec<usize> = lines.iter().map(|(l, _)| *l).collect();
        assert_eq!(at, vec![2, 3, 4, 5, 6, 7]);
        let why: Vec<&str> = lines.iter().map(|(_, w)| w.as_str()).collect();
        assert!(why[0].contains("unknown kind `phone`"), "{why:?}");
        assert!(
            why[1].contains("(column 2)") && !why[1].contains("line"),
            "{why:?}"
        );
        assert!(why[2].contains("unknown expect `maybe`"), "{why:?}");
        assert!(why[3].contains("`value` is empty"), "{why:?}");
        assert!(why[4].contains("missing field `value`"), "{why:?}");
        assert!(why[5].contains("unknown severity `huge`"), "{why:?}");
    }

    #[test]
    fn error_message_names_file_and_line() {
        let err = Truth::parse("c/truth.jsonl", "{}\n")
            .err()
            .map(|e| e.to_string());
        let msg = err.unwrap_or_default();
        assert!(msg.contains("c/truth.jsonl:1:"), "{msg}");
    }
}
