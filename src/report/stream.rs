//! The incremental reporter: findings are written as they arrive, file by file in output
//! order, so a scan never has to hold every finding in memory. The batch `render` is built
//! on it, so both paths print the same bytes.

use std::io::Write;

use serde::Serialize;

use super::collect::{Collected, Row, RuleCatalog, Unscanned};
use super::json::ErrorRecord;
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
    errors: Vec<(String, String, bool, Option<String>)>,
    findings_written: u64,
    /// Text: the input whose header is printed.
    open_path: Option<String>,
    /// SARIF, CSV, XLSX, HTML: the whole run, written at the end.
    collected: Collected,
    catalog: RuleCatalog,
    /// Crawls: the page that linked to the input being written.
    linked_from: Option<String>,
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
            collected: Collected::default(),
            catalog: RuleCatalog::default(),
            linked_from: None,
        }
    }

    /// The page that linked to the inputs written next (crawls); None for files.
    pub fn set_linked_from(&mut self, page: Option<&str>) {
        self.linked_from = page.map(str::to_string);
    }

    /// The rules the run may report (help texts in SARIF and the HTML legend).
    pub fn with_catalog(mut self, catalog: RuleCatalog) -> Self {
        self.catalog = catalog;
        self
    }

    pub fn begin(&mut self) -> std::io::Result<()> {
        if self.format == Format::Json {
            self.out.write_all(b"{\n  \"findings\": [")?;
        }
        Ok(())
    }

    pub fn finding(&mut self, f: &Finding) -> std::io::Result<()> {
        let mut row = Row::new(f, self.options.reveal);
        row.linked_from.clone_from(&self.linked_from);
        self.row(&row)
    }

    /// Writes one finding as reported (already masked or revealed: `row.text` is written
    /// as it is). `scan` passes its findings through here; `merge` passes the finding
    /// lines it read, with their own `linked_from`.
    pub fn row(&mut self, row: &Row) -> std::io::Result<()> {
        match self.format {
            Format::Text => {
                if self.open_path.as_deref() != Some(row.path.as_str()) {
                    text::write_header(&row.path, self.options, self.out)?;
                    self.open_path = Some(row.path.clone());
                }
                text::write_finding(row, self.options, self.out)?;
            }
            // A `Row` serializes as the contract's finding record, field for field.
            Format::Jsonl => {
                serde_json::to_writer(&mut *self.out, row)?;
                self.out.write_all(b"\n")?;
            }
            Format::Json => {
                let sep: &[u8] = if self.findings_written == 0 {
                    b"\n    "
                } else {
                    b",\n    "
                };
                self.out.write_all(sep)?;
                serde_json::to_writer(&mut *self.out, row)?;
            }
            Format::Summary => {}
            Format::Sarif | Format::Csv | Format::Xlsx | Format::Html => {
                self.collected.findings.push(row.clone());
            }
        }
        self.findings_written += 1;
        Ok(())
    }

    /// Closes an input: its error record if it was not scanned.
    pub fn end_input(&mut self, result: &FileResult) -> std::io::Result<()> {
        match &result.outcome {
            Outcome::Scanned { .. } => self.end_scanned(&result.path),
            Outcome::Error(e) => self.end_unscanned(&result.path, e, false),
            Outcome::Skipped(e) => self.end_unscanned(&result.path, e, true),
        }
    }

    /// Closes an input that was scanned (its findings, if any, were written before).
    pub fn end_scanned(&mut self, path: &str) -> std::io::Result<()> {
        if self.format.is_collected() {
            self.collected.paths.push(path.to_string());
        }
        if self.format == Format::Text && self.open_path.take().is_some() {
            writeln!(self.out)?;
        }
        Ok(())
    }

    /// Closes an input that was not scanned, with its error record (`skipped`: a format
    /// baomi does not read).
    pub fn end_unscanned(&mut self, path: &str, error: &str, skipped: bool) -> std::io::Result<()> {
        if self.format.is_collected() {
            self.collected.paths.push(path.to_string());
        }
        match self.format {
            Format::Text => text::write_unscanned(path, error, skipped, self.options, self.out),
            Format::Jsonl => {
                serde_json::to_writer(
                    &mut *self.out,
                    &ErrorRecord::new(path, error, skipped)
                        .linked_from(self.linked_from.as_deref()),
                )?;
                self.out.write_all(b"\n")
            }
            Format::Json => {
                self.errors.push((
                    path.to_string(),
                    error.to_string(),
                    skipped,
                    self.linked_from.clone(),
                ));
                Ok(())
            }
            Format::Summary => Ok(()),
            Format::Sarif | Format::Csv | Format::Xlsx | Format::Html => {
                self.collected.unscanned.push(Unscanned {
                    path: path.to_string(),
                    error: error.to_string(),
                    skipped,
                    linked_from: self.linked_from.clone(),
                });
                Ok(())
            }
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
                    .map(|(p, e, s, l)| ErrorRecord::new(p, e, *s).linked_from(l.as_deref()))
                    .collect();
                self.out.write_all(b"  \"errors\": ")?;
                serde_json::to_writer(&mut *self.out, &errors)?;
                self.out.write_all(b",\n  \"summary\": ")?;
                serde_json::to_writer(&mut *self.out, summary)?;
                self.out.write_all(b"\n}\n")?;
                self.errors.clear();
                Ok(())
            }
            Format::Sarif => super::sarif::write(&self.collected, summary, &self.catalog, self.out),
            Format::Csv => super::table::write_csv(&self.collected, self.out),
            Format::Xlsx => super::table::write_xlsx(&self.collected, summary, self.out),
            Format::Html => super::html::write(&self.collected, summary, &self.catalog, self.out),
        }
    }
}

/// Several reports of one run (`--format jsonl -o a.jsonl --format html -o a.html`): each
/// finding and input goes to every writer.
pub struct ReportWriters<'w> {
    writers: Vec<ReportWriter<'w>>,
}

impl<'w> ReportWriters<'w> {
    pub fn new(writers: Vec<ReportWriter<'w>>) -> Self {
        ReportWriters { writers }
    }

    pub fn begin(&mut self) -> std::io::Result<()> {
        self.writers.iter_mut().try_for_each(ReportWriter::begin)
    }

    /// The page that linked to the inputs written next (crawls).
    pub fn set_linked_from(&mut self, page: Option<&str>) {
        for w in &mut self.writers {
            w.set_linked_from(page);
        }
    }

    pub fn finding(&mut self, f: &Finding) -> std::io::Result<()> {
        self.writers.iter_mut().try_for_each(|w| w.finding(f))
    }

    pub fn row(&mut self, row: &Row) -> std::io::Result<()> {
        self.writers.iter_mut().try_for_each(|w| w.row(row))
    }

    pub fn end_input(&mut self, result: &FileResult) -> std::io::Result<()> {
        self.writers
            .iter_mut()
            .try_for_each(|w| w.end_input(result))
    }

    pub fn end_scanned(&mut self, path: &str) -> std::io::Result<()> {
        self.writers
            .iter_mut()
            .try_for_each(|w| w.end_scanned(path))
    }

    pub fn end_unscanned(&mut self, path: &str, error: &str, skipped: bool) -> std::io::Result<()> {
        self.writers
            .iter_mut()
            .try_for_each(|w| w.end_unscanned(path, error, skipped))
    }

    pub fn finish(self, summary: &Summary) -> std::io::Result<()> {
        self.writers.into_iter().try_for_each(|w| w.finish(summary))
    }

    /// Pushes what was written so far to the files (a crawl after each URL, so an
    /// interrupted audit keeps its report up to the last URL done).
    pub fn flush(&mut self) -> std::io::Result<()> {
        self.writers.iter_mut().try_for_each(|w| w.out.flush())
    }
}
