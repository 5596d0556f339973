//! WARC web archives (ISO 28500; written by `wget --warc-file`, Heritrix, warcio,
//! Browsertrix): a crawl of a published site, scanned page by page.
//!
//! Every `response` record for an `http(s)` URL becomes a member reported **under its URL**
//! (the contract: "a crawled page is its URL"), not as `site.warc.gz!/URL`: the same page
//! then has the same path, and so the same fingerprints, reviews and baseline entries,
//! whether it was crawled, mirrored (`--base-url`) or archived. Files inside a page keep
//! the container form (`https://…/a.docx!/word/embeddings/x.xlsx`).
//!
//! * 2xx responses: the HTTP body with `chunked` and `gzip`/`deflate` undone, text decoded
//!   with the HTTP charset (see `http::apply_charset`); a body the crawler or the server
//!   cut short is scanned and also reported incomplete (`URL (incomplete)`).
//! * Other statuses (404, 301, 304 …): a skipped record under the URL with the status.
//! * `resource` records for `http(s)` URLs: the block is the document.
//! * `request`, `metadata`, `warcinfo`, `revisit`, `conversion` records and non-web URLs
//!   (`dns:`, wget's `metadata://` log): not members; counted in the WARC's own
//!   `warc_records` metadata line (`baomi extract` shows it).
//!
//! The WARC's own text holds the captured URLs, percent-decoded (a URL can publish a name
//! or an ID in its path or query), and that count line.
//!
//! Damage: a record that cannot be read is one error record (under its URL when its header
//! was read), and reading resumes at the next intact gzip member; a plain WARC, or a
//! `.warc.gz` with nothing intact after the damage, ends there. A WARC cut mid-record thus
//! gives its complete records and one error record for the rest.
//!
//! Bounds: header sizes (record and HTTP), decompression (ratio to the file size and the
//! shared budget), block sizes (`--max-file-size`), members (`--max-members`: past it one
//! error record counts the pages left), and the input's deadline between records.
//!
//! Layout: `source` (plain or gzip members, resynchronisation), `record` (WARC headers
//! and blocks), `http` (status, codings, charset).

mod http;
mod record;
mod source;

use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader};

pub use source::{gzip_holds_warc, is_warc_start};

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::Ctx;
use http::Payload;
use record::Header;
use source::Source;

/// Extracts a WARC file (plain or gzip).
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let limits = ctx.budget.limits;
    let cap = (bytes.len() as u64)
        .saturating_mul(limits.max_ratio)
        .max(1 << 20)
        .min(limits.max_decompressed_bytes);
    let mut reader = BufReader::with_capacity(64 << 10, Source::open(bytes, cap));
    let mut walk = Walk {
        ctx,
        b: DocumentBuilder::new("warc", limits.max_text_bytes),
        counts: BTreeMap::new(),
        records: 0,
        members: 0,
        left_out: 0,
        damaged: false,
    };
    loop {
        if let Err(e) = ctx.budget.check_time() {
            walk.damage(None, e, false, &reader);
            break;
        }
        let failure = match record::read_header(&mut reader) {
            Ok(None) => break,
            Ok(Some(header)) => {
                walk.damaged = false;
                match walk.record(&mut reader, header) {
                    Ok(()) => continue,
                    Err(f) => f,
                }
            }
            Err(record::HeaderError::Io(e)) => Failure::stream(None, e),
            Err(record::HeaderError::Malformed(m)) => Failure {
                url: None,
                error: ExtractError::Corrupt(m),
                resync: true,
            },
        };
        let resync = failure.resync && reader.get_ref().is_gzip();
        walk.damage(failure.url, failure.error, resync, &reader);
        if !resync || !reader.get_mut().resync() {
            break;
        }
        // Bytes buffered from the damaged member are not part of any record.
        let buffered = reader.buffer().len();
        reader.consume(buffered);
    }
    walk.finish()
}

/// Why reading stopped inside a record, and whether to look for the next gzip member.
struct Failure {
    /// The URL of the record being read, when it was one to scan.
    url: Option<String>,
    error: ExtractError,
    resync: bool,
}

impl Failure {
    /// A failure of the byte stream: damaged gzip data, the end of the file, or a bound
    /// (the decompression cap, the deadline) carried inside the `io::Error`, which ends
    /// the reading.
    fn stream(url: Option<String>, e: io::Error) -> Self {
        if let Some(bound) = e.get_ref().and_then(|i| i.downcast_ref::<ExtractError>()) {
            return Failure {
                url,
                error: bound.clone(),
                resync: false,
            };
        }
        let error = if e.kind() == io::ErrorKind::UnexpectedEof {
            ExtractError::Corrupt(format!("the WARC is cut short: {e}"))
        } else {
            ExtractError::Corrupt(format!("damaged WARC data: {e}"))
        };
        Failure {
            url,
            error,
            resync: true,
        }
    }
}

/// One pass over the records.
struct Walk<'c> {
    ctx: &'c Ctx<'c>,
    b: DocumentBuilder,
    /// Records by `WARC-Type`.
    counts: BTreeMap<String, u64>,
    records: u64,
    members: usize,
    /// Pages not scanned because the member limit or the budget was reached.
    left_out: u64,
    /// Inside a damaged stretch: further failures add no error record.
    damaged: bool,
}

impl Walk<'_> {
    /// Handles one record whose header has been read; the block is consumed.
    fn record(&mut self, r: &mut BufReader<Source>, header: Header) -> Result<(), Failure> {
        self.records += 1;
        let kind = header.kind();
        *self.counts.entry(kind.clone()).or_default() += 1;
        let url = header.target().filter(|u| is_web_url(u)).map(clean_url);
        let url = match url {
            Some(url) if matches!(kind.as_str(), "response" | "resource") => url,
            _ => return self.skip(r, &header, None),
        };
        let limits = self.ctx.budget.limits;
        if self.members >= limits.max_members || self.left_out > 0 {
            self.left_out += 1;
            return self.skip(r, &header, Some(url));
        }
        if header.length > limits.max_file_bytes {
            self.skip(r, &header, Some(url.clone()))?;
            let e = ExtractError::Limit(format!(
                "a capture of {} MiB (larger than --max-file-size)",
                header.length >> 20
            ));
            self.add_page(url, Err(e));
            return Ok(());
        }
        let block = record::read_block(r, header.length)
            .map_err(|e| Failure::stream(Some(url.clone()), e))?;
        if self.ctx.budget.spend(block.len() as u64).is_err() {
            self.left_out += 1;
            return Ok(());
        }
        self.page(url, &header, &kind, &block);
        Ok(())
    }

    /// Reads past a record's block.
    fn skip(
        &mut self,
        r: &mut BufReader<Source>,
        header: &Header,
        url: Option<String>,
    ) -> Result<(), Failure> {
        let budget = self.ctx.budget;
        let mut tick = || budget.check_time().map_err(io::Error::other);
        record::skip_block(r, header.length, &mut tick).map_err(|e| Failure::stream(url, e))
    }

    /// A capture to scan: the HTTP body of a response, or a resource's block.
    fn page(&mut self, url: String, header: &Header, kind: &str, block: &[u8]) {
        let record_type = header.get("Content-Type").unwrap_or("");
        let is_http = kind == "response"
            && record_type
                .trim_start()
                .to_ascii_lowercase()
                .starts_with("application/http");
        let crawler_cut = header
            .get("WARC-Truncated")
            .map(|why| {
                let why = http::clean(why, 40);
                format!("the crawler stored only part of it (WARC-Truncated: {why})")
            })
            .or_else(|| {
                header.get("WARC-Segment-Number").map(|_| {
                    "a segmented record (its continuation records are not joined)".to_string()
                })
            });
        let (content, partial) = if is_http {
            match http::payload(block, self.ctx.budget, self.ctx.encoding) {
                Ok(Payload::Body { bytes, partial }) => (Ok(bytes), partial),
                Ok(Payload::Status(why)) => {
                    self.b.skipped_page(url.clone(), why);
                    self.members += 1;
                    self.push_url(&url);
                    return;
                }
                Err(e) => (Err(e), None),
            }
        } else {
            let bytes = http::apply_charset(block.to_vec(), Some(record_type), self.ctx.encoding);
            (Ok(bytes), None)
        };
        if let Some(why) = crawler_cut.or(partial) {
            let name = format!("{url} (incomplete)");
            self.b.member(name, Err(ExtractError::Corrupt(why)), false);
        }
        self.add_page(url, content);
    }

    fn add_page(&mut self, url: String, content: Result<Vec<u8>, ExtractError>) {
        self.push_url(&url);
        self.b.page(url, content);
        self.members += 1;
    }

    /// The URL as text to scan (a name or an ID can sit in a path or a query).
    fn push_url(&mut self, url: &str) {
        // Over the text limit the URL is dropped, not the page: the page is still a member.
        let _ = self
            .b
            .push(&crate::percent::decode(url), Loc::part(Part::FileName));
    }

    /// Records a failure: one error record per damaged stretch. `resumes`: reading goes on
    /// at the next gzip member (when there is one).
    fn damage(
        &mut self,
        url: Option<String>,
        error: ExtractError,
        resumes: bool,
        r: &BufReader<Source>,
    ) {
        if self.damaged {
            return;
        }
        self.damaged = true;
        match url {
            Some(url) => self.b.page(url, Err(error)),
            None => {
                let no = self.records + 1;
                let name = match r.get_ref().member_offset() {
                    Some(offset) if resumes => {
                        format!("(WARC record no. {no}, gzip member at byte {offset})")
                    }
                    Some(offset) => {
                        format!("(WARC records from no. {no} on, gzip member at byte {offset})")
                    }
                    None => format!("(WARC records from no. {no} on)"),
                };
                self.b.member(name, Err(error), false);
            }
        }
    }

    fn finish(mut self) -> Result<Document, ExtractError> {
        if self.left_out > 0 {
            let limits = self.ctx.budget.limits;
            let e = ExtractError::Limit(format!(
                "{} more captured URLs not scanned: over {} members or {} MiB decompressed \
                 per input (raise --max-members / --max-decompressed, or split the WARC)",
                self.left_out,
                limits.max_members,
                limits.max_decompressed_bytes >> 20
            ));
            self.b
                .member(format!("({} more captures)", self.left_out), Err(e), false);
        }
        self.b.end_block();
        let counts: Vec<String> = self
            .counts
            .iter()
            .map(|(kind, n)| {
                let kind = if kind.is_empty() { "(no type)" } else { kind };
                format!("{kind} {n}")
            })
            .collect();
        if !counts.is_empty() {
            self.b
                .push(&counts.join(", "), Loc::metadata("warc_records"))?;
        }
        Ok(self.b.finish())
    }
}

fn is_web_url(u: &str) -> bool {
    let lower = u.get(..8).unwrap_or(u).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://")
}

/// A target URI fit for a report path: spaces and control characters (which a URL cannot
/// hold, and which a terminal would act on) percent-encoded.
fn clean_url(u: &str) -> String {
    let mut out = String::with_capacity(u.len());
    for c in u.chars() {
        if c.is_control() || c == ' ' {
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push_str(&format!("%{b:02X}"));
            }
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests;
