//! The shared document zoo (`../shared/zoo`; see its README.md and MANIFEST.tsv): real
//! documents from other projects' test suites, `hostile/` among them (bombs, encrypted,
//! truncated and not-really-office files). baomi reads plain text only, so every other
//! format must end as an error record (`"skipped": true` for a format not read yet) or be
//! scanned as text: never a crash, a hang or a silent "no findings" for a container.
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

/// Leading bytes of the containers the zoo holds (zip: OOXML/ODF/OFD/xlsb; PDF; OLE: doc,
/// xls, ppt, msg, encrypted OOXML; 7z). Such a file is never plain text, so it must end as
/// an error record, not as a clean scan.
const CONTAINER_MAGIC: [&[u8]; 4] = [
    b"PK\x03\x04",
    b"%PDF-",
    b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
    b"7z\xBC\xAF\x27\x1C",
];

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

fn is_container(path: &Path) -> bool {
    let mut head = [0u8; 8];
    let n = std::fs::File::open(path)
        .and_then(|mut f| f.read(&mut head))
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    CONTAINER_MAGIC
        .iter()
        .any(|magic| head.get(..n).is_some_and(|h| h.starts_with(magic)))
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
    assert_eq!(
        s.files,
        files.len() as u64,
        "regular files under {root}: {s:?}"
    );
    let records = out.errors();
    assert_eq!(
        records.len() as u64,
        s.errors + s.skipped,
        "one error record per file not scanned: {s:?}\n{}",
        out.dump()
    );
    assert_eq!(
        records.iter().filter(|r| r.skipped).count() as u64,
        s.skipped,
        "{s:?}"
    );
    let reported: BTreeSet<&str> = records.iter().map(|r| r.path.as_str()).collect();
    assert_eq!(reported.len(), records.len(), "a file with two records");
    for r in &records {
        assert!(
            walked.contains(&r.path),
            "record for a path not walked: {r:?}"
        );
        assert!(!r.error.trim().is_empty(), "empty error message: {r:?}");
        assert!(!r.error.contains("internal error"), "caught panic: {r:?}");
    }
    for f in out.findings() {
        assert!(
            walked.contains(&f.path),
            "finding in a path not walked: {}",
            f.brief()
        );
        assert!(
            !reported.contains(f.path.as_str()),
            "finding in a file not scanned: {}",
            f.brief()
        );
    }
    let scanned_containers: Vec<String> = files
        .iter()
        .filter(|f| is_container(f))
        .map(|f| f.display().to_string())
        .filter(|p| !reported.contains(p.as_str()))
        .collect();
    assert!(
        scanned_containers.is_empty(),
        "containers scanned as text (a silent \"clean\"): {scanned_containers:?}"
    );
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
        if let Some(problem) = out.single_input_problem() {
            fail(problem);
            continue;
        }
        let s = out.summary_typed();
        let records = out.errors();
        let outcome = match records.as_slice() {
            [] if s.scanned == 1 && is_container(file) => {
                fail("a container scanned as text".into());
                continue;
            }
            [] if s.scanned == 1 => format!("scanned as text, {} findings", s.findings),
            [r] if s.scanned == 0 && r.path == path && !r.error.contains("internal error") => {
                let status = if r.skipped { "skipped" } else { "error" };
                format!("{status}: {}", r.error)
            }
            _ => {
                fail(format!("scanned {} with records {records:?}", s.scanned));
                continue;
            }
        };
        outcomes.push(format!("{name}: exit {}, {outcome}", out.code));
    }
    eprintln!("zoo/hostile:\n  {}", outcomes.join("\n  "));
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
