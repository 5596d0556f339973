//! The incremental reporter: findings are written as they arrive, file by file in output
//! order, so a scan never has to hold every finding in memory. The batch `render` is built
//! on it, so both paths print the same bytes.

use std::io::Write;

use serde::Serialize;

use super::json::{ErrorRecord, FindingRecord};
use super::{text, Format, RenderOptions, Summary};
use crate::finding::Finding;
use crate::scan::{FileResult, Outcome};

/// Writes one report incrementally: [`ReportWriter::begin`], then per input its findings
/// ([`ReportWriter::finding`]) followed by [`ReportWriter::end_input`], then
/// [`ReportWriter::finish`].
pub struct ReportWriter<'w> {
    format: Format,
    options: RenderOptions,
    out: &'w mut dyn Write,
    /// JSON: errors are written after the findings array.
    errors: Vec<(String, String, bool)>,
    findings_written: u64,
    /// Text: the input whose header is printed.
    open_path: Option<String>,
}

impl<'w> ReportWriter<'w> {
    pub fn new(format: Format, options: RenderOptions, out: &'w mut dyn Write) -> Self {
        ReportWriter {
            format,
            options,
            out,
            errors: Vec::new(),
            findings_written: 0,
            open_path: None,
        }
    }

    pub fn begin(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"{\n  \"findings\": [")?;
        }
        Ok(())
    }

    pub fn finding(&mut self, f: &Finding) -> std::io::Result<()> {
        match self.format {
            Format::Text => {
                if self.open_path.as_deref() != Some(f.path.as_str()) {
                    text::write_header(&f.path, self.options, self.out)?;
                    self.open_path = Some(f.path.clone());
                }
                text::write_finding(f, self.options, self.out)?;
            }
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, &FindingRecord::new(f, self.options.reveal))?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                let sep: &[u8] = if self.findings_written == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                };
                self.out.write_all(sep)?;
                serde_json::to_writer(&mut *self.out, &FindingRecord::new(f, self.options.reveal))?;
            }
            Format::Summary => {}
        }
        self.findings_written += 1;
        Ok(())
    }

    /// Closes an input: its error record if it was not scanned.
    pub fn end_input(&mut self, result: &FileResult) -> std::io::Result<()> {
        let (error, skipped) = match &result.outcome {
            Outcome::Scanned { .. } => {
                if self.format == Format::Text && self.open_path.take().is_some() {
                    writeln!(self.out)?;
                }
                return Ok(());
            }
            Outcome::Error(e) => (e, false),
            Outcome::Skipped(e) => (e, true),
        };
        match self.format {
            Format::Text => {
                text::write_unscanned(&result.path, error, skipped, self.options, self.out)
            }
            Format::Jsonl => {
                serde_json::to_writer(
                    &mut *self.out,
                    &ErrorRecord::new(&result.path, error, skipped),
                )?;
                self.out.write_all(b"\n")
            }
            Format::Json => {
                self.errors
                    .push((result.path.clone(), error.clone(), skipped));
                Ok(())
            }
            Format::Summary => Ok(()),
        }
    }

    pub fn finish(mut self, summary: &Summary) -> std::io::Result<()> {
        #[derive(Serialize)]
        struct SummaryLine<'a> {
            summary: &'a Summary,
        }
        match self.format {
            Format::Text => text::write_summary(summary, self.out),
            Format::Jsonl | Format::Summary => {
                serde_json::to_writer(&mut *self.out, &SummaryLine { summary })?;
                self.out.write_all(b"\n")
            }
            Format::Json => {
                let close: &[u8] = if self.findings_written == 0 {
                    b"],\n"
                } else {
                    b"\n  ],\n"
                };
                self.out.write_all(close)?;
                let errors: Vec<ErrorRecord> = self
                    .errors
                    .iter()
                    .map(|(p, e, s)| ErrorRecord::new(p, e, *s))
                    .collect();
                self.out.write_all(b"  \"errors\": ")?;
                serde_json::to_writer(&mut *self.out, &errors)?;
                self.out.write_all(b",\n  \"summary\": ")?;
                serde_json::to_writer(&mut *self.out, summary)?;
                self.out.write_all(b"\n}\n")?;
                self.errors.clear();
                Ok(())
            }
        }
    }
}
