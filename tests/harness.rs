//! Test harness: runs the real `baomi` binary in a fresh temporary directory per test and
//! reads its output back as JSON; parses `tests/fixtures/text/EXPECTED.md`; builds
//! checksum-valid synthetic identifiers.
//!
//! Helpers panic with the command, exit code and output when something is off, so that a
//! failing test says what the binary did.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use serde::Deserialize;
use serde_json::Value;

/// The binary under test, built by Cargo for this test target.
pub const BIN: &str = env!("CARGO_BIN_EXE_baomi");

/// Severities in contract order, lowest first.
pub const SEVERITIES: [&str; 5] = ["info", "low", "medium", "high", "critical"];

/// Keys of a finding line, in contract order (OUTPUT.md). Later keys are extensions.
pub const FINDING_KEYS: [&str; 10] = [
    "path",
    "unit",
    "rule",
    "kind",
    "severity",
    "text",
    "location",
    "context",
    "fingerprint",
    "hidden",
];

/// Keys of the summary object, in order.
pub const SUMMARY_KEYS: [&str; 9] = [
    "files",
    "scanned",
    "errors",
    "skipped",
    "findings",
    "by_kind",
    "by_severity",
    "bytes",
    "elapsed_ms",
];

/// Rank of a severity name; panics on a name outside the vocabulary.
pub fn rank(severity: &str) -> usize {
    match SEVERITIES.iter().position(|s| *s == severity) {
        Some(r) => r,
        None => panic!("severity {severity:?} is not in the contract vocabulary"),
    }
}

/// A fixture file under `tests/fixtures/text/`.
pub fn fixture(name: &str) -> PathBuf {
    fixtures_dir().join(name)
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/text")
}

/// A fresh temporary working directory; the binary runs with it as current directory, so
/// relative paths in arguments come back unchanged in `path` fields.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

impl Sandbox {
    pub fn new() -> Sandbox {
        match tempfile::tempdir() {
            Ok(dir) => Sandbox { dir },
            Err(e) => panic!("cannot create a temp dir: {e}"),
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Writes `bytes` to `rel` (parents created) and returns `rel` for use as an argument.
    pub fn write(&self, rel: &str, bytes: impl AsRef<[u8]>) -> String {
        let path = self.dir.path().join(rel);
        if let Some(parent) = path.parent() {
            if let Err(e) = std::fs::create_dir_all(parent) {
                panic!("cannot create {}: {e}", parent.display());
            }
        }
        if let Err(e) = std::fs::write(&path, bytes) {
            panic!("cannot write {}: {e}", path.display());
        }
        rel.to_string()
    }

    /// Runs `baomi ARGS` with stdin closed.
    pub fn run(&self, args: &[&str]) -> Output {
        self.run_with_stdin(args, None)
    }

    /// Runs `baomi ARGS` with `stdin` piped in (or closed when `None`).
    pub fn run_with_stdin(&self, args: &[&str], stdin: Option<&[u8]>) -> Output {
        let mut cmd = Command::new(BIN);
        cmd.args(args)
            .current_dir(self.dir.path())
            .env_remove("RUST_LOG")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .stdin(if stdin.is_some() {
                Stdio::piped()
            } else {
                Stdio::null()
            });
        let mut child = match cmd.spawn() {
            Ok(c) => c,
            Err(e) => panic!("cannot start {BIN}: {e}"),
        };
        let feeder = match (stdin, child.stdin.take()) {
            (Some(bytes), Some(mut pipe)) => {
                let bytes = bytes.to_vec();
                // A thread, so a large input cannot deadlock against a full stdout pipe.
                Some(std::thread::spawn(move || {
                    let _ = pipe.write_all(&bytes);
                }))
            }
            _ => None,
        };
        let out = match child.wait_with_output() {
            Ok(o) => o,
            Err(e) => panic!("waiting for {BIN}: {e}"),
        };
        if let Some(f) = feeder {
            let _ = f.join();
        }
        let stdout = String::from_utf8(out.stdout)
            .unwrap_or_else(|e| panic!("stdout of {args:?} is not UTF-8: {e}"));
        let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
        let Some(code) = out.status.code() else {
            panic!(
                "baomi {args:?} was killed by a signal ({:?})\nstderr:\n{stderr}",
                out.status
            );
        };
        Output {
            args: args.iter().map(|s| s.to_string()).collect(),
            code,
            stdout,
            stderr,
        }
    }
}

/// What one run of the binary produced.
pub struct Output {
    pub args: Vec<String>,
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Output {
    /// Panics unless the exit code is `want`.
    pub fn expect_code(&self, want: i32) -> &Self {
        assert_eq!(
            self.code,
            want,
            "exit code of baomi {:?}\n{}",
            self.args,
            self.dump()
        );
        self
    }

    pub fn dump(&self) -> String {
        let cut = |s: &str| s.chars().take(4000).collect::<String>();
        format!(
            "--- stdout ---\n{}\n--- stderr ---\n{}",
            cut(&self.stdout),
            cut(&self.stderr)
        )
    }

    /// Every stdout line parsed as JSON (JSON Lines output).
    pub fn lines(&self) -> Vec<Value> {
        self.stdout
            .lines()
            .enumerate()
            .map(|(i, line)| {
                serde_json::from_str(line).unwrap_or_else(|e| {
                    panic!(
                        "stdout line {} is not JSON ({e}): {line}\n{}",
                        i + 1,
                        self.dump()
                    )
                })
            })
            .collect()
    }

    /// The finding lines, typed.
    pub fn findings(&self) -> Vec<FindingLine> {
        self.lines()
            .into_iter()
            .filter(|v| v.get("rule").is_some())
            .map(|v| {
                serde_json::from_value(v.clone())
                    .unwrap_or_else(|e| panic!("finding line does not fit the contract ({e}): {v}"))
            })
            .collect()
    }

    /// `(kind, line, column)` of every finding, in output order.
    pub fn kinds_at(&self) -> Vec<(String, u64, u64)> {
        self.findings()
            .into_iter()
            .map(|f| (f.kind.clone(), f.line(), f.column()))
            .collect()
    }

    /// `(kind, text, line, column)` of every finding at `low` or above.
    pub fn located_reportable(&self) -> Vec<(String, String, u64, u64)> {
        self.findings()
            .into_iter()
            .filter(|f| f.rank() >= rank("low"))
            .map(|f| (f.kind.clone(), f.text.clone(), f.line(), f.column()))
            .collect()
    }

    /// The error records (`{"path":…,"error":…}`), typed.
    pub fn errors(&self) -> Vec<ErrorLine> {
        self.lines()
            .into_iter()
            .filter(|v| v.get("error").is_some())
            .map(|v| {
                serde_json::from_value(v.clone())
                    .unwrap_or_else(|e| panic!("error line does not fit the contract ({e}): {v}"))
            })
            .collect()
    }

    /// Why a run over exactly one input is not cleanly accounted for, if it is not: an exit
    /// code other than 0/1/3, a panic, or a summary that is not one input scanned, erred or
    /// skipped.
    pub fn single_input_problem(&self) -> Option<String> {
        if ![0, 1, 3].contains(&self.code) {
            return Some(format!("exit code {}", self.code));
        }
        if self.stderr.contains("panicked") {
            return Some("panicked".into());
        }
        let s = self.summary_typed();
        if s.files != 1 || s.files != s.scanned + s.errors + s.skipped {
            return Some(format!("summary {s:?}"));
        }
        None
    }

    /// The summary object of the last line; panics unless the last line is a summary.
    pub fn summary(&self) -> Value {
        let lines = self.lines();
        let Some(last) = lines.last() else {
            panic!("no output lines\n{}", self.dump());
        };
        match last.get("summary") {
            Some(s) => s.clone(),
            None => panic!("the last line is not a summary: {last}"),
        }
    }

    /// The typed summary of the last line.
    pub fn summary_typed(&self) -> SummaryLine {
        serde_json::from_value(self.summary())
            .unwrap_or_else(|e| panic!("summary does not fit the contract ({e})\n{}", self.dump()))
    }

    /// stdout with every `"elapsed_ms":N` (and the text report's `N ms`) zeroed: the only
    /// field allowed to differ between two runs over the same input.
    pub fn stable_stdout(&self) -> String {
        self.stdout
            .lines()
            .map(|line| {
                if let Some(head) = line.strip_suffix(" ms") {
                    let digits = head.bytes().rev().take_while(u8::is_ascii_digit).count();
                    return format!("{}0 ms", &head[..head.len() - digits]);
                }
                let key = "\"elapsed_ms\":";
                match line.find(key) {
                    Some(at) => {
                        let (head, tail) = line.split_at(at + key.len());
                        let digits = tail.bytes().take_while(u8::is_ascii_digit).count();
                        format!("{head}0{}", &tail[digits..])
                    }
                    None => line.to_string(),
                }
            })
            .collect::<Vec<_>>()
            .join("\n")
    }
}

/// A finding line as OUTPUT.md defines it (extension fields are ignored here).
#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct FindingLine {
    pub path: String,
    pub unit: Option<String>,
    pub rule: String,
    pub kind: String,
    pub severity: String,
    pub text: String,
    pub location: LocationLine,
    pub context: String,
    pub fingerprint: String,
    pub hidden: bool,
}

impl FindingLine {
    pub fn rank(&self) -> usize {
        rank(&self.severity)
    }

    pub fn line(&self) -> u64 {
        self.location.line.unwrap_or(0)
    }

    pub fn column(&self) -> u64 {
        self.location.column.unwrap_or(0)
    }

    /// `path line:col rule severity text`, for messages.
    pub fn brief(&self) -> String {
        format!(
            "{} {}:{} {} {} {:?}",
            self.path,
            self.line(),
            self.column(),
            self.rule,
            self.severity,
            self.text
        )
    }
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct LocationLine {
    pub line: Option<u64>,
    pub column: Option<u64>,
    #[serde(default)]
    pub sheet: Option<String>,
    #[serde(default)]
    pub cell: Option<String>,
    #[serde(default)]
    pub page: Option<u64>,
    #[serde(default)]
    pub paragraph: Option<u64>,
    #[serde(default)]
    pub part: Option<String>,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct ErrorLine {
    pub path: String,
    pub error: String,
    /// Set on inputs of a format not read yet (absent means `false`).
    #[serde(default)]
    pub skipped: bool,
}

#[derive(Clone, Debug, Deserialize, PartialEq)]
pub struct SummaryLine {
    pub files: u64,
    pub scanned: u64,
    pub errors: u64,
    pub skipped: u64,
    pub findings: u64,
    pub by_kind: BTreeMap<String, u64>,
    pub by_severity: BTreeMap<String, u64>,
    pub bytes: u64,
    pub elapsed_ms: u64,
}

/// The top-level keys of one JSON object text, in the order written (serde_json's `Value`
/// sorts them, so order is read from the text itself).
pub fn top_level_keys(json: &str) -> Vec<String> {
    let mut keys = Vec::new();
    let mut depth = 0usize;
    let mut chars = json.chars().peekable();
    let mut expect_key = false;
    while let Some(c) = chars.next() {
        match c {
            '{' | '[' => {
                depth += 1;
                expect_key = depth == 1 && c == '{';
            }
            '}' | ']' => depth = depth.saturating_sub(1),
            ',' if depth == 1 => expect_key = true,
            '"' => {
                let mut s = String::new();
                while let Some(d) = chars.next() {
                    match d {
                        '\\' => {
                            if let Some(e) = chars.next() {
                                s.push('\\');
                                s.push(e);
                            }
                        }
                        '"' => break,
                        _ => s.push(d),
                    }
                }
                if depth == 1 && expect_key {
                    keys.push(s);
                    expect_key = false;
                }
            }
            _ => {}
        }
    }
    keys
}

// ---------------------------------------------------------------------------------------
// EXPECTED.md

/// One fixture's section of `EXPECTED.md`.
#[derive(Clone, Debug, Default)]
pub struct FixtureSpec {
    pub file: String,
    /// The `N` of "Must find (N):".
    pub declared: usize,
    pub must_find: Vec<MustFind>,
    pub must_not: Vec<MustNot>,
}

/// A "Must find" row.
#[derive(Clone, Debug)]
pub struct MustFind {
    pub line: u64,
    pub col: u64,
    pub kind: String,
    pub raw: String,
    pub normalized: String,
    pub note: String,
}

/// A "Must NOT find" row; `line` is `None` for `—`.
#[derive(Clone, Debug)]
pub struct MustNot {
    pub line: Option<u64>,
    pub raw: String,
    pub why: String,
}

impl MustNot {
    /// The row allows the value at `info` (a correctly masked value).
    pub fn allows_info(&self) -> bool {
        self.why.contains("at most `info")
    }

    pub fn is_whole_file(&self) -> bool {
        self.raw == "(whole file)"
    }
}

#[derive(Clone, Copy, PartialEq)]
enum Table {
    None,
    Find,
    Not,
}

/// Parses `tests/fixtures/text/EXPECTED.md` into one spec per fixture file.
pub fn expected_specs() -> BTreeMap<String, FixtureSpec> {
    let path = fixture("EXPECTED.md");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    parse_expected(&text)
}

pub fn parse_expected(text: &str) -> BTreeMap<String, FixtureSpec> {
    let mut specs = BTreeMap::new();
    let mut current: Option<FixtureSpec> = None;
    let mut table = Table::None;
    for line in text.lines() {
        let line = line.trim();
        if let Some(rest) = line.strip_prefix("## `") {
            if let Some(done) = current.take() {
                specs.insert(done.file.clone(), done);
            }
            let name = rest.split('`').next().unwrap_or_default().to_string();
            current = Some(FixtureSpec {
                file: name,
                ..FixtureSpec::default()
            });
            table = Table::None;
            continue;
        }
        let Some(spec) = current.as_mut() else {
            continue;
        };
        if let Some(rest) = line.strip_prefix("Must find (") {
            let n = rest.split(')').next().unwrap_or_default();
            spec.declared = n
                .parse()
                .unwrap_or_else(|_| panic!("EXPECTED.md: bad count in {line:?}"));
            table = Table::Find;
        } else if line.starts_with("Must NOT find") {
            table = Table::Not;
        } else if line.starts_with("Text:") {
            table = Table::None;
        } else if line.starts_with('|') && table != Table::None {
            let cells: Vec<String> = line
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect();
            let first = cells.first().map(String::as_str).unwrap_or_default();
            if first == "line" || first.starts_with("---") {
                continue;
            }
            let cell = |i: usize| cells.get(i).cloned().unwrap_or_default();
            let number = |i: usize| -> u64 {
                cell(i)
                    .parse()
                    .unwrap_or_else(|_| panic!("EXPECTED.md: cell {i} of {line:?} is not a number"))
            };
            match table {
                Table::Find => spec.must_find.push(MustFind {
                    line: number(0),
                    col: number(1),
                    kind: cell(2),
                    raw: cell(3),
                    normalized: cell(4),
                    note: cell(5),
                }),
                Table::Not => spec.must_not.push(MustNot {
                    line: cell(0).parse().ok(),
                    raw: cell(1),
                    why: cell(2),
                }),
                Table::None => {}
            }
        }
    }
    if let Some(done) = current.take() {
        specs.insert(done.file.clone(), done);
    }
    specs
}

// ---------------------------------------------------------------------------------------
// Synthetic identifiers

/// GB 11643 MOD 11-2 check character for the first 17 digits.
pub fn gb11643_check(first17: &str) -> char {
    const WEIGHTS: [u32; 17] = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    const CHECK: &[u8; 11] = b"10X98765432";
    assert_eq!(first17.len(), 17, "{first17}");
    let sum: u32 = first17
        .bytes()
        .zip(WEIGHTS)
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    char::from(CHECK[(sum % 11) as usize])
}

/// A valid 18-character ID from its first 17 digits.
pub fn id18(first17: &str) -> String {
    format!("{first17}{}", gb11643_check(first17))
}

/// Luhn check digit for `payload` (the digits before the check digit).
pub fn luhn_check(payload: &str) -> char {
    let sum: u32 = payload
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 {
                    x - 9
                } else {
                    x
                }
            } else {
                d
            }
        })
        .sum();
    char::from(b'0' + ((10 - sum % 10) % 10) as u8)
}

pub fn is_luhn_valid(number: &str) -> bool {
    match number.len().checked_sub(1) {
        Some(n) => {
            number[..n].bytes().all(|b| b.is_ascii_digit())
                && luhn_check(&number[..n]) == number.chars().last().unwrap_or(' ')
        }
        None => false,
    }
}

#[test]
fn harness_000_checksums_agree_with_known_values() {
    // Values from rules/base/pii.toml and EXPECTED.md.
    assert_eq!(id18("11010519491231002"), "11010519491231002X");
    assert_eq!(id18("43010219620927890"), "430102196209278907");
    assert_eq!(id18("32010619630507223"), "320106196305072239");
    assert!(is_luhn_valid("6222021234567890128"));
    assert!(!is_luhn_valid("6222021234567890127"));
}

#[test]
fn harness_010_top_level_keys_in_written_order() {
    let keys = top_level_keys(r#"{"b":1,"a":{"x":[1,{"y":2}]},"c":"},\"d\":"}"#);
    assert_eq!(keys, vec!["b", "a", "c"]);
}
