//! `baomi redact INPUT… --out DIR`: publishable copies with the findings masked, each
//! verified by a rescan before it is kept. Exit 0 when every copy was written and verified,
//! 1 when a document was refused (classified), 3 when one could not be redacted.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use clap::Args;
use rayon::prelude::*;

use super::args::parse_severity;
use super::exit;
use super::units::{RuleChoice, UnitArgs, UnitEngines};
use crate::finding::Severity;
use crate::input::walk::{self as input, Input};
use crate::redact::run::{redact_bytes, FileRedaction, Options, Status};
use crate::redact::{FormatOptions, HiddenChannels};
use crate::review::{self, Reviews, Triage};
use crate::scan::ScanOptions;

#[derive(Args, Debug)]
pub struct RedactArgs {
    /// Files and directories to redact (directories are walked).
    #[arg(required = true, value_name = "INPUT")]
    pub paths: Vec<String>,

    /// Directory for the copies (created). A file keeps its name; files found in a
    /// directory keep their path below it.
    #[arg(long, value_name = "DIR", required_unless_present = "dry_run")]
    pub out: Option<PathBuf>,

    /// Mask findings at or above this severity; the copy must rescan clean at it.
    #[arg(long, default_value = "low", value_parser = parse_severity)]
    pub min_severity: Severity,

    /// Comments, tracked changes, hidden sheets/rows/columns, HTML comments: `remove`
    /// (accept changes, drop the rest) or `mask` (keep them, masked).
    #[arg(long, value_enum, default_value_t)]
    pub hidden: HiddenChannels,

    /// Show what would change; write nothing.
    #[arg(long)]
    pub dry_run: bool,

    /// Replace copies already in --out.
    #[arg(long)]
    pub force: bool,

    /// Review record (see `baomi review`): findings decided as accepted risk or false
    /// positive are left as they are.
    #[arg(long, value_name = "FILE")]
    pub reviews: Option<PathBuf>,

    #[command(flatten)]
    pub units: UnitArgs,

    /// One JSON object per input on stdout instead of the text summary.
    #[arg(long)]
    pub json: bool,

    /// Worker threads. Default: all cores.
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
}

/// One input and where its copy goes.
struct Job {
    input: PathBuf,
    shown: String,
    target: Option<PathBuf>,
}

pub fn run(args: RedactArgs) -> anyhow::Result<i32> {
    let engines = UnitEngines::build_for(RuleChoice {
        config: args.units.config.as_deref(),
        unit: args.units.unit.as_deref(),
        rules_dir: args.units.rules_dir.as_deref(),
        terms: &[],
        fail_on: None,
    })?;
    let triage = Triage {
        reviews: args.reviews.as_deref().map(Reviews::load).transpose()?,
        baseline: None,
        today: review::today()?,
    };
    let options = Options {
        min_severity: args.min_severity,
        format: FormatOptions {
            hidden: args.hidden,
        },
        scan: ScanOptions::default(),
    };
    if let Some(out) = &args.out {
        if !args.dry_run {
            std::fs::create_dir_all(out)
                .with_context(|| format!("cannot create {}", out.display()))?;
        }
    }
    let (jobs, unreadable) = plan_jobs(&args)?;
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(args.jobs.unwrap_or(0))
        .build()?;
    let results: Vec<(FileRedaction, Option<String>)> = pool.install(|| {
        jobs.par_iter()
            .map(|job| {
                let too_big = std::fs::metadata(&job.input)
                    .is_ok_and(|m| m.len() > options.scan.limits.max_file_bytes);
                let read = if too_big {
                    Err(std::io::Error::other("文件超过大小上限，未处理"))
                } else {
                    std::fs::read(&job.input)
                };
                let mut r = match read {
                    Ok(bytes) => {
                        let judge = engines.for_path(&job.shown);
                        redact_bytes(judge.engine, &job.shown, &bytes, &triage, &options)
                    }
                    Err(e) => failed(&job.shown, format!("无法读取：{e}")),
                };
                let written = match (&args.out, args.dry_run) {
                    (Some(out), false) => keep(&mut r, job, out, args.force),
                    _ => None,
                };
                (r, written)
            })
            .collect()
    });
    let mut stdout = std::io::stdout().lock();
    let mut code = exit::CLEAN;
    for (path, why) in &unreadable {
        let r = failed(path, why.clone());
        print(&mut stdout, &r, None, &args)?;
        code = code.max(exit::INCOMPLETE);
    }
    for (r, written) in &results {
        print(&mut stdout, r, written.as_deref(), &args)?;
        code = match r.status {
            Status::Verified => code,
            Status::Refused(_) => exit::BLOCKED,
            _ if code == exit::BLOCKED => code,
            _ => exit::INCOMPLETE,
        };
    }
    if !args.json {
        let ok = results
            .iter()
            .filter(|(r, _)| matches!(r.status, Status::Verified))
            .count();
        let total = results.len() + unreadable.len();
        let verb = if args.dry_run {
            "可脱敏"
        } else {
            "已脱敏并复查通过"
        };
        writeln!(
            stdout,
            "共 {total} 个文件：{verb} {ok} 个，未处理 {} 个",
            total - ok
        )?;
    }
    Ok(code)
}

fn failed(path: &str, why: String) -> FileRedaction {
    FileRedaction {
        path: path.to_string(),
        status: Status::Failed(why),
        changes: Vec::new(),
        replaced: 0,
        actions: Vec::new(),
        copy: None,
    }
}

/// Inputs with their targets; paths that could not be walked.
/// A path that could not be walked, with the reason.
type Unwalkable = (String, String);

fn plan_jobs(args: &RedactArgs) -> anyhow::Result<(Vec<Job>, Vec<Unwalkable>)> {
    let none = input::exclude_set(&[])?;
    let mut jobs: Vec<Job> = Vec::new();
    let mut unreadable = Vec::new();
    let mut targets = std::collections::HashSet::new();
    for arg in &args.paths {
        let root = Path::new(arg);
        for found in input::collect(std::slice::from_ref(arg), &none) {
            match found {
                Input::File(file) => {
                    let rel = if root.is_dir() {
                        file.strip_prefix(root).map(Path::to_path_buf).ok()
                    } else {
                        file.file_name().map(PathBuf::from)
                    };
                    let target = match (&args.out, rel) {
                        (Some(out), Some(rel)) => Some(out.join(rel)),
                        _ => None,
                    };
                    if let Some(t) = &target {
                        if !targets.insert(t.clone()) {
                            unreadable.push((
                                file.display().to_string(),
                                format!("另一个输入也要写到 {}：请分开运行或改名", t.display()),
                            ));
                            continue;
                        }
                    }
                    jobs.push(Job {
                        shown: file.display().to_string(),
                        input: file,
                        target,
                    });
                }
                Input::Unreadable(p, why) => unreadable.push((p.display().to_string(), why)),
                Input::Stdin | Input::Mirrored { .. } => {
                    unreadable.push((arg.clone(), "not a file".into()))
                }
            }
        }
    }
    Ok((jobs, unreadable))
}

/// Writes a verified copy to its target; on any failure nothing is left there. Returns the
/// path written.
fn keep(r: &mut FileRedaction, job: &Job, out_dir: &Path, force: bool) -> Option<String> {
    let target = job.target.as_ref()?;
    let stale = |r: &mut FileRedaction| {
        // A copy from an earlier run must not pass for this run's result.
        if force {
            let _ = std::fs::remove_file(target);
        }
        r.copy = None;
    };
    if same_file(&job.input, target) {
        r.status = Status::Failed("输出位置就是输入文件：请换一个 --out 目录".into());
        r.copy = None;
        return None;
    }
    let Some(copy) = r.copy.take() else {
        stale(r);
        return None;
    };
    if std::fs::symlink_metadata(target).is_ok() && !force {
        r.status = Status::Failed(format!(
            "{} 已存在：加 --force 覆盖，或换一个 --out 目录",
            target.display()
        ));
        return None;
    }
    match write_verified(target, out_dir, &copy, force) {
        Ok(()) => Some(target.display().to_string()),
        Err(e) => {
            stale(r);
            r.status = Status::Failed(format!("写入 {} 失败：{e}", target.display()));
            None
        }
    }
}

/// Writes beside the target under a fresh name (created exclusively: an existing file or
/// link there is never followed), reads it back, compares with the verified bytes, then
/// renames: what ends up under the name is exactly what the rescan passed. A directory
/// below `--out` that is a link to elsewhere is refused.
fn write_verified(target: &Path, out_dir: &Path, copy: &[u8], force: bool) -> std::io::Result<()> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static NEXT: AtomicU64 = AtomicU64::new(0);
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir)?;
    if !dir.canonicalize()?.starts_with(out_dir.canonicalize()?) {
        return Err(std::io::Error::other("--out 下的目录链接到别处：拒绝写入"));
    }
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let unique = NEXT.fetch_add(1, Ordering::Relaxed);
    let tmp = dir.join(format!(
        ".{name}.{}-{unique}.baomi-redact.tmp",
        std::process::id()
    ));
    let result = (|| {
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        file.write_all(copy)?;
        file.sync_all()?;
        drop(file);
        if std::fs::read(&tmp)? != copy {
            return Err(std::io::Error::other(
                "the written copy differs from the verified one",
            ));
        }
        if !force && std::fs::symlink_metadata(target).is_ok() {
            return Err(std::io::Error::other(
                "目标已存在（另一个进程刚写入）：加 --force 覆盖",
            ));
        }
        std::fs::rename(&tmp, target)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

fn same_file(a: &Path, b: &Path) -> bool {
    match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    }
}

fn print(
    out: &mut impl Write,
    r: &FileRedaction,
    written: Option<&str>,
    args: &RedactArgs,
) -> std::io::Result<()> {
    if args.json {
        return writeln!(out, "{}", json(r, written));
    }
    let counts: Vec<String> = r
        .by_kind()
        .iter()
        .map(|(k, n)| format!("{} {n} 处", k.label_zh()))
        .collect();
    let mut what = if counts.is_empty() {
        vec!["无需遮盖的内容".to_string()]
    } else {
        counts
    };
    what.extend(r.actions.iter().cloned());
    match &r.status {
        Status::Verified if args.dry_run => {
            writeln!(out, "可脱敏  {}：{}；复查可通过", r.path, what.join("，"))?;
        }
        Status::Verified => writeln!(
            out,
            "已脱敏  {} → {}：{}；复查通过",
            r.path,
            written.unwrap_or("-"),
            what.join("，")
        )?,
        Status::Refused(reasons) => {
            writeln!(
                out,
                "拒绝    {}：{}",
                r.path,
                reasons.first().map_or("", String::as_str)
            )?;
            if reasons.len() > 1 {
                writeln!(out, "        另有 {} 处同类问题", reasons.len() - 1)?;
            }
        }
        Status::Unsupported(why) => writeln!(out, "无法脱敏 {}：{why}", r.path)?,
        Status::Failed(why) => writeln!(out, "失败    {}：{why}（未输出副本）", r.path)?,
    }
    if args.dry_run {
        for c in &r.changes {
            writeln!(
                out,
                "        {}  {}  {} → {}",
                c.location,
                c.kind.label_zh(),
                c.shown,
                c.written
            )?;
        }
    }
    Ok(())
}

fn json(r: &FileRedaction, written: Option<&str>) -> serde_json::Value {
    let (status, reason) = match &r.status {
        Status::Verified => ("verified", None),
        Status::Refused(reasons) => ("refused", Some(reasons.join("；"))),
        Status::Unsupported(why) => ("unsupported", Some(why.clone())),
        Status::Failed(why) => ("failed", Some(why.clone())),
    };
    let by_kind: serde_json::Map<String, serde_json::Value> = r
        .by_kind()
        .into_iter()
        .map(|(k, n)| (k.as_str().to_string(), n.into()))
        .collect();
    serde_json::json!({
        "path": r.path,
        "status": status,
        "reason": reason,
        "output": written,
        "replaced": r.replaced,
        "masked_by_kind": by_kind,
        "actions": r.actions,
        "changes": r.changes.iter().map(|c| serde_json::json!({
            "kind": c.kind.as_str(),
            "rule": c.rule,
            "severity": c.severity.as_str(),
            "location": c.location,
            "shown": c.shown,
            "written": c.written,
        })).collect::<Vec<_>>(),
    })
}
