//! One input through redaction: scan, decide each finding's mask, rewrite in the input's
//! format, rescan the copy. The copy is handed back only when the rescan finds nothing at or
//! above the threshold; the caller writes it.

use std::collections::{BTreeMap, HashSet};
use std::io::Cursor;

use super::embedded::redact_embedded;
use super::policy::{masking, Masking};
use super::{html, text, FormatOptions, Plan, RedactError, Redacted};
use crate::engine::Engine;
use crate::extract::{detect_format, Format};
use crate::finding::{Finding, Kind, Severity};
use crate::review::Triage;
use crate::scan::{scan_bytes, FileResult, Outcome, ScanOptions};

/// How one run redacts.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Findings at or above this are masked (and must be gone from the copy).
    pub min_severity: Severity,
    pub format: FormatOptions,
    pub scan: ScanOptions,
}

/// One finding's planned change, for the per-file summary and `--dry-run` (masked forms
/// only: the raw value is never part of it).
#[derive(Debug, Clone)]
pub struct Change {
    pub kind: Kind,
    pub rule: String,
    pub severity: Severity,
    pub location: String,
    /// The finding as reports show it (masked for display).
    pub shown: String,
    /// What the copy holds instead.
    pub written: String,
}

#[derive(Debug)]
pub enum Status {
    /// The copy is verified and in `FileRedaction::copy`.
    Verified,
    /// Not redacted: the document holds what masking cannot fix (a classification mark).
    Refused(Vec<String>),
    /// The format cannot be redacted in place; the reason says what to do.
    Unsupported(String),
    /// Unreadable, not rewritable, or the rescan still found something.
    Failed(String),
}

#[derive(Debug)]
pub struct FileRedaction {
    pub path: String,
    pub status: Status,
    pub changes: Vec<Change>,
    /// Values replaced in the copy (a value found twice counts twice).
    pub replaced: usize,
    /// Hidden channels removed, properties cleared (Chinese, no values).
    pub actions: Vec<String>,
    pub copy: Option<Vec<u8>>,
}

impl FileRedaction {
    fn new(path: &str, status: Status) -> Self {
        FileRedaction {
            path: path.to_string(),
            status,
            changes: Vec::new(),
            replaced: 0,
            actions: Vec::new(),
            copy: None,
        }
    }

    /// Findings masked, by kind.
    pub fn by_kind(&self) -> BTreeMap<Kind, usize> {
        let mut out = BTreeMap::new();
        for c in &self.changes {
            *out.entry(c.kind).or_default() += 1;
        }
        out
    }
}

/// Redacts `bytes`, read from `path` (the path as the user gave it: review decisions match
/// findings by fingerprints computed from it).
pub fn redact_bytes(
    engine: &Engine,
    path: &str,
    bytes: &[u8],
    triage: &Triage,
    options: &Options,
) -> FileRedaction {
    // Formats that cannot be rewritten are refused before any scanning.
    if let Err(why) = rewriter(path, bytes, options) {
        return FileRedaction::new(path, Status::Unsupported(why));
    }
    let mut result = scan_bytes(engine, path, bytes, scan_options(options));
    triage.result(&mut result);
    redact_scanned(engine, path, bytes, &result, options)
}

/// Redacts `bytes` whose scan (with the review record applied) the caller already has: the
/// desk shows that scan and offers the copy, one scan fewer per view.
pub fn redact_scanned(
    engine: &Engine,
    path: &str,
    bytes: &[u8],
    result: &FileResult,
    options: &Options,
) -> FileRedaction {
    let rewriter = match rewriter(path, bytes, options) {
        Ok(r) => r,
        Err(why) => return FileRedaction::new(path, Status::Unsupported(why)),
    };
    if let Err(status) = readable(result) {
        return FileRedaction::new(path, status);
    }
    let findings = at_or_above(result, options.min_severity);
    let mut changes = Vec::new();
    let mut refusals = Vec::new();
    let mut pairs = Vec::new();
    for f in findings.iter().filter(|f| !left_by_decision(f)) {
        match masking(engine.redaction(), f) {
            Masking::Refuse(reason) => refusals.push(reason),
            Masking::Replace(mask) => {
                changes.push(Change {
                    kind: f.kind,
                    rule: f.rule.clone(),
                    severity: f.severity,
                    location: f.location.without_people().to_string(),
                    shown: f.masked.clone(),
                    written: mask.clone(),
                });
                pairs.push((f.value.expose().clone(), mask));
            }
        }
    }
    if !refusals.is_empty() {
        return FileRedaction {
            changes,
            ..FileRedaction::new(path, Status::Refused(refusals))
        };
    }
    let written: HashSet<String> = pairs.iter().map(|(_, m)| m.clone()).collect();
    // Values a reviewer decided may stay (and that no other finding needs masked): the
    // rescan lets exactly these through. Matching them by value, not by fingerprint: a
    // fingerprint counts equal masks, and masking one value shifts the count of the next.
    let planned: HashSet<&str> = pairs.iter().map(|(raw, _)| raw.as_str()).collect();
    let kept: HashSet<String> = all_findings(result)
        .into_iter()
        .filter(|f| left_by_decision(f))
        .map(|f| f.value.expose().clone())
        .filter(|raw| !planned.contains(raw.as_str()))
        .collect();
    let plan = Plan::new(pairs);
    // A panic in a reader library must cost this file, not the batch.
    let caught = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        rewrite(rewriter, bytes, &plan, options)
    }));
    let rewritten = match caught.unwrap_or_else(|_| {
        Err(RedactError::Malformed(
            "the rewriter stopped on damaged content".into(),
        ))
    }) {
        Ok(r) => r,
        Err(RedactError::Unsupported(why)) => {
            return FileRedaction {
                changes,
                ..FileRedaction::new(path, Status::Unsupported(why))
            }
        }
        Err(e) => {
            return FileRedaction {
                changes,
                ..FileRedaction::new(path, Status::Failed(e.to_string()))
            }
        }
    };
    let status = verify(engine, path, &rewritten.bytes, options, &written, &kept);
    FileRedaction {
        path: path.to_string(),
        copy: matches!(status, Status::Verified).then_some(rewritten.bytes),
        status,
        changes,
        replaced: rewritten.replaced,
        actions: rewritten.actions,
    }
}

fn scan_options(options: &Options) -> ScanOptions {
    ScanOptions {
        keep_findings: true,
        ..options.scan
    }
}

/// The input and every member must have been read: a copy of a document the scanner could
/// not read cannot be vouched for.
fn readable(result: &FileResult) -> Result<(), Status> {
    for r in result.flatten() {
        match &r.outcome {
            Outcome::Scanned { .. } => {}
            Outcome::Error(e) => return Err(Status::Failed(format!("{}: 无法读取：{e}", r.path))),
            Outcome::Skipped(why) if r.path == result.path => {
                return Err(Status::Unsupported(why.clone()))
            }
            Outcome::Skipped(why) => {
                return Err(Status::Failed(format!("{}: 未能审查：{why}", r.path)))
            }
        }
    }
    Ok(())
}

/// A reviewer decided the finding may stay as it is (accepted risk, false positive).
fn left_by_decision(f: &Finding) -> bool {
    f.evidence
        .iter()
        .any(|e| e.starts_with("review:accepted-risk ") || e.starts_with("review:false-positive "))
}

fn all_findings(result: &FileResult) -> Vec<&Finding> {
    at_or_above(result, Severity::Info)
}

fn at_or_above(result: &FileResult, min: Severity) -> Vec<&Finding> {
    let mut out = Vec::new();
    for r in result.flatten() {
        if let Outcome::Scanned { findings, .. } = &r.outcome {
            out.extend(findings.iter().filter(|f| f.severity >= min));
        }
    }
    out
}

/// The rewriters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rewriter {
    Text,
    Html,
    Docx,
    Xlsx,
}

/// Which rewriter `bytes` need; formats that cannot be rewritten faithfully are refused,
/// before any scanning, with what to do instead.
fn rewriter(path: &str, bytes: &[u8], options: &Options) -> Result<Rewriter, String> {
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(bytes);
    match detect_format(head, path, options.scan.encoding) {
        Format::Text | Format::Csv => Ok(Rewriter::Text),
        Format::Html => Ok(Rewriter::Html),
        Format::Zip => match package_kind(bytes) {
            Package::Docx => Ok(Rewriter::Docx),
            Package::Xlsx => Ok(Rewriter::Xlsx),
            Package::Other(why) => Err(why.into()),
        },
        format => Err(unsupported(format).into()),
    }
}

fn rewrite(
    rewriter: Rewriter,
    bytes: &[u8],
    plan: &Plan,
    options: &Options,
) -> Result<Redacted, RedactError> {
    let encoding = options.scan.encoding;
    match rewriter {
        Rewriter::Text => text::redact_text(bytes, plan, encoding),
        Rewriter::Html => html::redact_html(bytes, plan, &options.format, encoding),
        Rewriter::Docx => super::docx::redact_docx(bytes, plan, &options.format)
            .and_then(|r| redact_embedded(r, plan, &options.format, 0)),
        Rewriter::Xlsx => super::xlsx::redact_xlsx(bytes, plan, &options.format)
            .and_then(|r| redact_embedded(r, plan, &options.format, 0)),
    }
}

enum Package {
    Docx,
    Xlsx,
    Other(&'static str),
}

fn package_kind(bytes: &[u8]) -> Package {
    let Ok(zip) = zip::ZipArchive::new(Cursor::new(bytes)) else {
        return Package::Other("损坏的 zip 包：无法改写");
    };
    let has = |name: &str| zip.file_names().any(|n| n.is_ok_and(|n| n == name));
    if has("word/document.xml") {
        Package::Docx
    } else if has("xl/workbook.xml") {
        Package::Xlsx
    } else if has("ppt/presentation.xml") {
        Package::Other(
            "演示文稿（pptx）不能就地脱敏：请在 PowerPoint/WPS 中修改源文件，再用 baomi scan 复查",
        )
    } else if has("content.xml") {
        Package::Other("ODF 文档（odt/ods）不能就地脱敏：请另存为 docx/xlsx 后再运行 baomi redact")
    } else if has("OFD.xml") {
        Package::Other("OFD 版式文件不能就地脱敏：请对源文件（docx/wps）脱敏后重新转换为 OFD")
    } else {
        Package::Other("压缩包不能整体脱敏：请解压后对其中的文件分别运行 baomi redact")
    }
}

fn unsupported(format: Format) -> &'static str {
    match format {
        Format::Pdf => "PDF 不能就地脱敏：其中的文字是排版后的字形，遮盖框下的文字仍可复制。请对源文件（docx/xlsx/wps）运行 baomi redact，再重新导出 PDF",
        Format::Ole => "旧版 Office/WPS 文件（doc/xls/wps/et）或加密文件不能就地脱敏：请另存为 docx/xlsx（加密文件先解除密码）后再运行 baomi redact",
        Format::Rtf => "RTF 不能就地脱敏：请另存为 docx 后再运行 baomi redact",
        Format::Eml => "邮件（eml/mht）不能就地脱敏：请对正文和附件的源文件分别脱敏",
        Format::SevenZ | Format::Warc => "压缩包/网页归档不能整体脱敏：请解开后对其中的文件分别运行 baomi redact",
        Format::Unsupported(_) | Format::Binary => "图片或二进制文件没有可改写的文字层：需要人工处理",
        _ => "此格式不能就地脱敏",
    }
}

/// Rescans the copy (without the review record: its fingerprints need not match the
/// copy's); anything at or above the threshold fails it unless a reviewer decided its value
/// may stay (`kept`), or it is one of our own masks at info (`--min-severity info`).
fn verify(
    engine: &Engine,
    path: &str,
    copy: &[u8],
    options: &Options,
    written: &HashSet<String>,
    kept: &HashSet<String>,
) -> Status {
    let result = scan_bytes(engine, path, copy, scan_options(options));
    if let Err(status) = readable(&result) {
        return match status {
            Status::Failed(why) | Status::Unsupported(why) => {
                Status::Failed(format!("脱敏后的副本无法复查：{why}"))
            }
            other => other,
        };
    }
    let left: Vec<String> = at_or_above(&result, options.min_severity)
        .into_iter()
        .filter(|f| {
            let raw = f.value.expose().as_str();
            let ours = f.severity == Severity::Info && written.contains(raw);
            !(kept.contains(raw) || ours)
        })
        .map(|f| {
            let at = f.location.without_people();
            match f.path.strip_prefix(path).and_then(|p| p.strip_prefix("!/")) {
                Some(inner) => format!(
                    "嵌入文件 {inner} 中 {at} 的{}（{}）",
                    f.kind.label_zh(),
                    f.masked
                ),
                None => format!("{at} 的{}（{}）", f.kind.label_zh(), f.masked),
            }
        })
        .collect();
    if left.is_empty() {
        return Status::Verified;
    }
    let shown: Vec<&str> = left.iter().take(5).map(String::as_str).collect();
    let more = if left.len() > 5 {
        format!(" 等 {} 处", left.len())
    } else {
        String::new()
    };
    Status::Failed(format!(
        "复查未通过，副本中仍有 {} 处：{}{more}（跨段落/嵌入对象中的值需在源文件中修改）",
        left.len(),
        shown.join("；")
    ))
}
