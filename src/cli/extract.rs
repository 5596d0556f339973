//! `baomi extract`: what baomi read from each file, segment by segment, so a reviewer can
//! see exactly what was scanned (and why something was or was not flagged). Archives and
//! embedded files are expanded as `outer!/inner`; errors are reported as in `scan`.

use std::io::{BufWriter, Write};

use anyhow::bail;
use serde::Serialize;

use super::args::{ExtractArgs, ExtractFormat};
use super::exit;
use crate::extract::document::Document;
use crate::extract::{self, Budget, Format, MemberCheck};
use crate::finding::Location;

pub fn run(args: ExtractArgs) -> anyhow::Result<i32> {
    let encoding = match &args.encoding {
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(e) => Some(e),
            None => bail!("unknown encoding `{label}`"),
        },
        None => None,
    };
    let limits = args.limits.limits();
    let stdout = std::io::stdout();
    let mut out = Printer {
        out: BufWriter::new(stdout.lock()),
        format: args.format,
        failures: 0,
    };
    for path in &args.paths {
        let bytes = match std::fs::metadata(path) {
            Ok(m) if m.len() > limits.max_file_bytes => {
                out.error(
                    path,
                    &format!("file larger than {} MiB", limits.max_file_bytes >> 20),
                )?;
                continue;
            }
            _ => match std::fs::read(path) {
                Ok(b) => b,
                Err(e) => {
                    out.error(path, &format!("cannot read: {e}"))?;
                    continue;
                }
            },
        };
        let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(&bytes);
        let budget = Budget::new(limits);
        match extract::detect_format(head, path, encoding) {
            Format::Unsupported(what) => out.error(path, what)?,
            Format::Binary => out.error(path, "binary file with no known format")?,
            format => {
                let hash = extract::digest(&bytes);
                walk(
                    path,
                    &bytes,
                    format,
                    0,
                    &mut vec![hash],
                    &budget,
                    encoding,
                    &mut out,
                )?;
            }
        }
    }
    out.out.flush()?;
    Ok(if out.failures > 0 {
        exit::INCOMPLETE
    } else {
        exit::CLEAN
    })
}

#[allow(clippy::too_many_arguments)]
fn walk(
    path: &str,
    bytes: &[u8],
    format: Format,
    depth: u32,
    ancestors: &mut Vec<[u8; 32]>,
    budget: &Budget,
    encoding: Option<&'static encoding_rs::Encoding>,
    out: &mut Printer,
) -> std::io::Result<()> {
    let doc = match extract::extract_guarded(bytes.to_vec(), format, path, encoding, budget) {
        Ok(doc) => doc,
        Err(e) => return out.error(path, &e.to_string()),
    };
    out.document(path, &doc)?;
    for member in doc.members {
        let inner = member.path(path);
        if let Some(why) = &member.skipped {
            out.error(&inner, why)?;
            continue;
        }
        let checked = extract::check_member(
            member.content,
            &member.name,
            depth,
            ancestors,
            &budget.limits,
            encoding,
        );
        match checked {
            MemberCheck::Open(b, f, hash) => {
                ancestors.push(hash);
                walk(&inner, &b, f, depth + 1, ancestors, budget, encoding, out)?;
                ancestors.pop();
            }
            MemberCheck::Error(e) => out.error(&inner, &e.to_string())?,
            MemberCheck::Skip(why) => out.error(&inner, &why)?,
        }
    }
    Ok(())
}

struct Printer<'a> {
    out: BufWriter<std::io::StdoutLock<'a>>,
    format: ExtractFormat,
    failures: usize,
}

#[derive(Serialize)]
struct SegmentRecord<'a> {
    path: &'a str,
    format: &'a str,
    location: Location,
    hidden: bool,
    text: &'a str,
}

impl Printer<'_> {
    fn error(&mut self, path: &str, error: &str) -> std::io::Result<()> {
        self.failures += 1;
        match self.format {
            ExtractFormat::Text => writeln!(self.out, "== {path}\n  无法读取 (error): {error}\n"),
            ExtractFormat::Jsonl => {
                let rec = serde_json::json!({ "path": path, "error": error });
                writeln!(self.out, "{rec}")
            }
        }
    }

    fn document(&mut self, path: &str, doc: &Document) -> std::io::Result<()> {
        if self.format == ExtractFormat::Text {
            writeln!(self.out, "== {path} ({})", doc.format)?;
        }
        for seg in &doc.segments {
            let text = doc.text.get(seg.start..seg.end).unwrap_or("");
            let location = seg.loc.to_location();
            match self.format {
                ExtractFormat::Text => {
                    let hidden = if seg.loc.hidden {
                        " 隐藏(hidden)"
                    } else {
                        ""
                    };
                    writeln!(
                        self.out,
                        "  [{location}{hidden}] {}",
                        text.replace('\n', "⏎")
                    )?;
                }
                ExtractFormat::Jsonl => {
                    let rec = SegmentRecord {
                        path,
                        format: doc.format,
                        location,
                        hidden: seg.loc.hidden,
                        text,
                    };
                    serde_json::to_writer(&mut self.out, &rec)?;
                    writeln!(self.out)?;
                }
            }
        }
        if self.format == ExtractFormat::Text {
            writeln!(self.out)?;
        }
        Ok(())
    }
}
