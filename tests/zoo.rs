//! The shared document zoo (`../shared/zoo`; see its README.md and MANIFEST.tsv): real
//! documents from other projects' test suites, `hostile/` among them (bombs, encrypted,
//! truncated and not-really-office files). Every file must end scanned or as an error
//! record, with its members accounted for: never a crash, a hang or an internal error; and
//! what MANIFEST.tsv says each file yields is checked through `baomi extract` (see
//! [`zoo_030_manifest_expectations`]).
//!
//! The zoo is not part of this repository: each test prints `SKIP zoo absent` and passes
//! when it is missing (`BAOMI_ZOO` points at another copy). Nothing is written into it.

use std::collections::BTreeSet;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::harness::{Output, Sandbox, BIN};

/// Longest one hostile file may take: a guard against hangs, far above the milliseconds
/// a refusal takes (not a timing assertion).
const DEADLINE: Duration = Duration::from_secs(20);
/// The same guard for one run over the whole zoo.
const ZOO_DEADLINE: Duration = Duration::from_secs(120);

/// The zoo directory, or `None` (after a SKIP note) when this checkout has none.
fn zoo() -> Option<PathBuf> {
    let dir = std::env::var_os("BAOMI_ZOO")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/zoo"));
    match dir.canonicalize() {
        Ok(dir) if dir.is_dir() => Some(dir),
        _ => {
            eprintln!("SKIP zoo absent ({})", dir.display());
            None
        }
    }
}

/// Every regular file under `dir`, recursively, sorted (symlinks are not followed).
fn regular_files(dir: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_path_buf()];
    while let Some(dir) = pending.pop() {
        let entries = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
        for entry in entries {
            let entry = entry.unwrap_or_else(|e| panic!("cannot list {}: {e}", dir.display()));
            let file_type = entry
                .file_type()
                .unwrap_or_else(|e| panic!("{}: {e}", entry.path().display()));
            if file_type.is_dir() {
                pending.push(entry.path());
            } else if file_type.is_file() {
                files.push(entry.path());
            }
        }
    }
    files.sort();
    files
}

/// Reads a child's pipe to the end on its own thread, so a full pipe cannot stall it.
fn drain(pipe: Option<impl Read + Send + 'static>) -> std::thread::JoinHandle<Vec<u8>> {
    std::thread::spawn(move || {
        let mut bytes = Vec::new();
        if let Some(mut pipe) = pipe {
            let _ = pipe.read_to_end(&mut bytes);
        }
        bytes
    })
}

/// Runs `baomi ARGS` in `sandbox` with stdin closed, killing it once `limit` has passed.
/// `Err` says why there is no output: out of time, killed by a signal, stdout not UTF-8.
fn run_bounded(sandbox: &Sandbox, args: &[&str], limit: Duration) -> Result<Output, String> {
    let mut child: Child = Command::new(BIN)
        .args(args)
        .current_dir(sandbox.path())
        .env_remove("RUST_LOG")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot start {BIN}: {e}"));
    let stdout = drain(child.stdout.take());
    let stderr = drain(child.stderr.take());
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > limit => {
                let _ = child.kill();
                let _ = child.wait();
                return Err(format!("still running after {limit:?}: killed"));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(20)),
            Err(e) => panic!("waiting for {BIN}: {e}"),
        }
    };
    let stdout = stdout.join().unwrap_or_default();
    let stderr = String::from_utf8_lossy(&stderr.join().unwrap_or_default()).into_owned();
    let Some(code) = status.code() else {
        return Err(format!(
            "killed by a signal ({status:?})\nstderr:\n{stderr}"
        ));
    };
    let stdout = String::from_utf8(stdout).map_err(|e| format!("stdout is not UTF-8: {e}"))?;
    Ok(Output {
        args: args.iter().map(|s| s.to_string()).collect(),
        code,
        stdout,
        stderr,
    })
}

#[test]
fn zoo_000_every_file_is_scanned_or_has_an_error_record() {
    let Some(zoo) = zoo() else { return };
    let files = regular_files(&zoo);
    let walked: BTreeSet<String> = files.iter().map(|f| f.display().to_string()).collect();
    let root = zoo.display().to_string();
    let sandbox = Sandbox::new();
    let out = run_bounded(
        &sandbox,
        &["scan", &root, "--format", "jsonl"],
        ZOO_DEADLINE,
    )
    .unwrap_or_else(|e| panic!("baomi scan {root}: {e}"));
    assert!(
        [0, 1, 3].contains(&out.code),
        "exit code {}\n{}",
        out.code,
        out.dump()
    );
    assert!(!out.stderr.contains("panicked"), "{}", out.dump());

    let s = out.summary_typed();
    assert_eq!(s.files, s.scanned + s.errors + s.skipped, "{s:?}");
    // Members of archives and embedded files are accounted for as files of their own.
    assert!(
        s.files >= files.len() as u64,
        "regular files under {root}: {s:?}"
    );
    let records = out.errors();
    assert_eq!(
        records.len() as u64,
        s.errors + s.skipped,
        "one error record per file not scanned: {s:?}\n{}",
        out.dump()
    );
    let reported: BTreeSet<&str> = records.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(reported.len(), records.len(), "a file with two records");
    let top = |p: &str| p.split("!/").next().unwrap_or(p).to_string();
    for r in &records {
        assert!(
            walked.contains(&top(&r.path)),
            "record for a path not walked: {r:?}"
        );
        assert!(!r.error.trim().is_empty(), "empty error message: {r:?}");
        assert!(!r.error.contains("internal error"), "caught panic: {r:?}");
    }
    for f in out.findings() {
        assert!(
            walked.contains(&top(&f.path)),
            "finding in a path not walked: {}",
            f.brief()
        );
        assert!(
            !reported.contains(f.path.as_str()),
            "finding in a file not scanned: {}",
            f.brief()
        );
    }
}

#[test]
fn zoo_010_html_is_scanned_as_text_and_decoded() {
    let Some(zoo) = zoo() else { return };
    // (file, a `text:` token of MANIFEST.tsv, its line and column: decoded independently
    // with the declared charset, UTF-16LE and ISO-8859-6; windows-1256 would read the
    // Arabic as "أظرب").
    let cases = [
        (
            "html/testHTML_charset_utf16le.html",
            "This is a sample text",
            7,
            9,
        ),
        ("html/testHTMLNoisyMetaEncoding_1.html", "أعرب", 66, 71),
    ];
    let sandbox = Sandbox::new();
    for (name, term, line, column) in cases {
        let path = zoo.join(name);
        if !path.is_file() {
            eprintln!("SKIP {name} absent from the zoo");
            continue;
        }
        let path = path.display().to_string();
        let terms = sandbox.write("terms.txt", format!("{term}\n"));
        let args = [
            "scan", &path, "--format", "jsonl", "--reveal", "--terms", &terms,
        ];
        let out = run_bounded(&sandbox, &args, DEADLINE)
            .unwrap_or_else(|e| panic!("baomi {args:?}: {e}"));
        let s = out.summary_typed();
        assert_eq!(
            (s.files, s.scanned, s.errors, s.skipped),
            (1, 1, 0, 0),
            "{name} not scanned as text\n{}",
            out.dump()
        );
        let findings = out.findings();
        for f in &findings {
            assert!(
                !f.context.contains('\u{FFFD}') && !f.text.contains('\u{FFFD}'),
                "{name}: replacement character, wrong decoding: {f:?}"
            );
        }
        let got: Vec<(&str, u64, u64)> = findings
            .iter()
            .filter(|f| f.rule == "terms.adhoc.1")
            .map(|f| (f.text.as_str(), f.line(), f.column()))
            .collect();
        assert_eq!(got, vec![(term, line, column)], "{name}\n{}", out.dump());
        out.expect_code(1);
    }
}

#[test]
fn zoo_020_hostile_files_end_in_a_record_in_bounded_time() {
    let Some(zoo) = zoo() else { return };
    let files = regular_files(&zoo.join("hostile"));
    assert!(!files.is_empty(), "no files in {}/hostile", zoo.display());
    let sandbox = Sandbox::new();
    let mut outcomes = Vec::new();
    let mut failures = Vec::new();
    for file in &files {
        let path = file.display().to_string();
        let name = file
            .file_name()
            .map_or(path.clone(), |n| n.to_string_lossy().into_owned());
        let out = match run_bounded(&sandbox, &["scan", &path, "--format", "jsonl"], DEADLINE) {
            Ok(out) => out,
            Err(e) => {
                failures.push(format!("{name}: {e}"));
                continue;
            }
        };
        let mut fail = |why: String| failures.push(format!("{name}: {why}\n{}", out.dump()));
        if ![0, 1, 3].contains(&out.code) || out.stderr.contains("panicked") {
            fail(format!("exit code {}", out.code));
            continue;
        }
        let s = out.summary_typed();
        let records = out.errors();
        if s.files != s.scanned + s.errors + s.skipped {
            fail(format!("summary does not add up: {s:?}"));
            continue;
        }
        if let Some(r) = records.iter().find(|r| r.error.contains("internal error")) {
            fail(format!("caught panic: {r:?}"));
            continue;
        }
        let own = records.iter().find(|r| r.path == path);
        let outcome = match own {
            Some(r) => format!("error: {}", r.error),
            None => format!(
                "scanned, {} findings, {} member records: {:?}",
                s.findings,
                records.len(),
                records.iter().map(|r| r.error.as_str()).collect::<Vec<_>>()
            ),
        };
        outcomes.push(format!("{name}: exit {}, {outcome}", out.code));
    }
    eprintln!("zoo/hostile:\n  {}", outcomes.join("\n  "));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// What `baomi extract --format jsonl` printed for one zoo file: segments and error records
/// of the file and its members.
struct Extracted {
    segments: Vec<serde_json::Value>,
    errors: Vec<(String, String)>,
}

impl Extracted {
    fn parse(stdout: &str) -> Extracted {
        let mut segments = Vec::new();
        let mut errors = Vec::new();
        for line in stdout.lines() {
            let Ok(v) = serde_json::from_str::<serde_json::Value>(line) else {
                continue;
            };
            match v.get("error").and_then(|e| e.as_str()) {
                Some(e) => {
                    let path = v["path"].as_str().unwrap_or_default().to_string();
                    errors.push((path, e.to_string()));
                }
                None => segments.push(v),
            }
        }
        Extracted { segments, errors }
    }

    /// Segments whose text contains `needle` (whitespace ignored: PDF and OFD extractors
    /// space glyphs differently from the projects that wrote the expectation).
    fn with_text(&self, needle: &str) -> Vec<&serde_json::Value> {
        let squash = |s: &str| s.split_whitespace().collect::<String>();
        let needle = squash(needle);
        self.segments
            .iter()
            .filter(|s| squash(s["text"].as_str().unwrap_or_default()).contains(&needle))
            .collect()
    }

    fn paths(&self) -> impl Iterator<Item = &str> {
        self.segments
            .iter()
            .filter_map(|s| s["path"].as_str())
            .chain(self.errors.iter().map(|(p, _)| p.as_str()))
    }
}

/// `text:"a"` → ("text", Some("a")); `hidden:comment:"b"` → ("hidden:comment", Some("b"));
/// `meta:creator="c"` → ("meta:creator", Some("c")); `nopanic` → ("nopanic", None).
fn parse_expectation(raw: &str) -> (String, Option<String>) {
    let raw = raw.trim();
    let Some(q) = raw.find('"') else {
        return (raw.to_string(), None);
    };
    let key = raw[..q].trim_end_matches([':', '=']).to_string();
    // The value ends at the closing quote (`text:"打发" (7 hits)`).
    let tail = &raw[q + 1..];
    let value = tail.find('"').map_or(tail, |end| &tail[..end]);
    // The manifest writes non-ASCII as `\uXXXX` in some rows.
    let mut out = String::new();
    let mut rest = value;
    while let Some(i) = rest.find("\\u") {
        out.push_str(&rest[..i]);
        let hex = rest.get(i + 2..i + 6).unwrap_or("");
        match u32::from_str_radix(hex, 16).ok().and_then(char::from_u32) {
            Some(c) => {
                out.push(c);
                rest = &rest[i + 6..];
            }
            None => {
                out.push_str("\\u");
                rest = &rest[i + 2..];
            }
        }
    }
    out.push_str(rest);
    (key, Some(out))
}

/// Checks one expectation; `None` when it does not apply to a text extractor (fonts,
/// layout, decryption with a known password, settings flags).
fn check_expectation(key: &str, value: Option<&str>, x: &Extracted, top: &str) -> Option<bool> {
    let part_is = |s: &serde_json::Value, parts: &[&str]| {
        parts.contains(&s["location"]["part"].as_str().unwrap_or_default())
    };
    let has_text_in = |v: &str, parts: &[&str]| x.with_text(v).iter().any(|s| part_is(s, parts));
    let member_paths = || x.paths().filter(|p| p.contains("!/")).collect::<Vec<_>>();
    let top_error = || {
        x.errors
            .iter()
            .find(|(p, _)| p == top)
            .map(|(_, e)| e.to_lowercase())
    };
    match (key, value) {
        ("text" | "oracle", Some(v)) => Some(!x.with_text(v).is_empty()),
        ("hidden:comment", Some(v)) => Some(has_text_in(v, &["comment"])),
        ("hidden:header", Some(v)) => Some(has_text_in(v, &["header"])),
        ("hidden:footer", Some(v)) => Some(has_text_in(v, &["footer", "header"])),
        ("hidden:notes", Some(v)) => Some(has_text_in(v, &["notes"])),
        ("hidden:annotation", Some(v)) => Some(has_text_in(v, &["annotation", "comment"])),
        ("hidden:annotation-author", Some(v)) => Some(x.segments.iter().any(|s| {
            s["location"]["field"].as_str() == Some(v)
                || (part_is(s, &["annotation"]) && s["text"].as_str() == Some(v))
        })),
        ("hidden:customdata", Some(v)) => Some(has_text_in(v, &["metadata", "form_data"])),
        ("hidden:sheet", Some(v)) => Some(
            x.segments
                .iter()
                .any(|s| s["location"]["sheet"].as_str() == Some(v) && s["hidden"] == true),
        ),
        ("sheet", Some(v)) => Some(
            x.segments
                .iter()
                .any(|s| s["location"]["sheet"].as_str() == Some(v)),
        ),
        ("hidden:embedded" | "hidden:attachment", Some(v)) => Some(
            member_paths()
                .iter()
                .any(|p| p.to_lowercase().contains(&v.to_lowercase())),
        ),
        ("hidden:attachment", None) => Some(!member_paths().is_empty()),
        ("name", Some(v)) => Some(x.paths().any(|p| p.contains(v)) || !x.with_text(v).is_empty()),
        ("nested:zip", None) => Some(
            x.paths()
                .any(|p| p.matches("!/").count() >= 1 && p.ends_with(".zip")),
        ),
        (k, Some(v))
            if k.starts_with("meta:") && !k.contains("codepage") && !k.contains("orig-path") =>
        {
            Some(has_text_in(v, &["metadata", "defined_name"]))
        }
        (k, _) if k.starts_with("hidden:embedded:") => {
            let ext = k.trim_start_matches("hidden:embedded:").to_lowercase();
            Some(
                member_paths()
                    .iter()
                    .any(|p| p.to_lowercase().contains(&ext))
                    || x.segments.iter().any(|s| {
                        s["path"].as_str().is_some_and(|p| p.contains("!/"))
                            && s["format"].as_str() == Some(ext.as_str())
                    }),
            )
        }
        // An archive whose members are all encrypted is listed, and each member is an
        // error record saying so.
        ("error:encrypted", None) => Some(
            top_error().is_some_and(|e| e.contains("encrypt") || e.contains("password"))
                || x.errors
                    .iter()
                    .any(|(p, e)| p.starts_with(top) && e.contains("encrypted")),
        ),
        (k, _) if k.starts_with("error:encrypted(entry=") => {
            let entry = k
                .trim_start_matches("error:encrypted(entry=")
                .trim_end_matches(')');
            Some(
                x.errors
                    .iter()
                    .any(|(p, e)| p.ends_with(entry) && e.contains("encrypt")),
            )
        }
        (k, None) if k.starts_with("error:") => Some(
            top_error().is_some()
                || x.errors
                    .iter()
                    .any(|(p, e)| p.starts_with(top) && e.contains("limit")),
        ),
        ("nopanic", None) => Some(!x.errors.iter().any(|(_, e)| e.contains("internal error"))),
        _ => None,
    }
}

#[test]
fn zoo_030_manifest_expectations() {
    let Some(zoo) = zoo() else { return };
    let manifest = std::fs::read_to_string(zoo.join("MANIFEST.tsv"))
        .unwrap_or_else(|e| panic!("MANIFEST.tsv: {e}"));
    let sandbox = Sandbox::new();
    let (mut passed, mut failed, mut not_applicable) = (Vec::new(), Vec::new(), Vec::new());
    for row in manifest.lines().skip(1) {
        let cols: Vec<&str> = row.split('\t').collect();
        let (Some(file), Some(expected)) = (cols.first(), cols.get(6)) else {
            continue;
        };
        let path = zoo.join(file);
        if !path.is_file() {
            eprintln!("SKIP {file} absent from the zoo");
            continue;
        }
        let path = path.display().to_string();
        let out = run_bounded(&sandbox, &["extract", "--format", "jsonl", &path], DEADLINE);
        let out = match out {
            Ok(out) => out,
            Err(e) => {
                failed.push(format!("{file}: {e}"));
                continue;
            }
        };
        assert!(!out.stderr.contains("panicked"), "{file}: {}", out.dump());
        let extracted = Extracted::parse(&out.stdout);
        for raw in expected.split(" ; ") {
            let (key, value) = parse_expectation(raw);
            let label = format!("{file}: {raw}");
            match check_expectation(&key, value.as_deref(), &extracted, &path) {
                Some(true) => passed.push(label),
                Some(false) => failed.push(label),
                None => not_applicable.push(label),
            }
        }
    }
    let checked = passed.len() + failed.len();
    eprintln!(
        "zoo manifest: {}/{} expectations hold ({} not applicable to text extraction)\nFAILED:\n  {}\nN/A:\n  {}",
        passed.len(),
        checked,
        not_applicable.len(),
        failed.join("\n  "),
        not_applicable.join("\n  ")
    );
    // Raised as extractors improve; a drop below it is a regression.
    assert!(
        passed.len() >= MANIFEST_FLOOR,
        "only {} of {checked} manifest expectations hold (floor {MANIFEST_FLOOR})",
        passed.len()
    );
}

/// Manifest expectations known to hold (measured; see the closing note of issue 3).
const MANIFEST_FLOOR: usize = 105;
