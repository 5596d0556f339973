//! The bounded MIME walk: a part's headers are parsed, multipart bodies are split at their
//! delimiter lines and walked part by part (with the parts count, nesting depth and time
//! checked at each part), and every other part is handed to the leaf reader. Positions in
//! the file are turned into line and column numbers here.

use mailparse::{parse_content_type, parse_headers};

use super::headers::header;
use super::{Mail, MAX_MIME_DEPTH};
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::text;

impl<'a> Mail<'a, '_> {
    /// 1-based line and column (in bytes) of a position of the file.
    pub(super) fn line_col(&self, pos: usize) -> (u64, u64) {
        let before = self.newlines.partition_point(|&n| n < pos);
        let line_start = match before.checked_sub(1) {
            Some(i) => self.newlines.get(i).map_or(0, |&n| n + 1),
            None => 0,
        };
        (before as u64 + 1, pos.saturating_sub(line_start) as u64 + 1)
    }

    /// Position of a slice of the file (header values borrow from it).
    pub(super) fn offset_of(&self, sub: &[u8]) -> Option<usize> {
        let off = (sub.as_ptr() as usize).checked_sub(self.top.as_ptr() as usize)?;
        (off <= self.top.len()).then_some(off)
    }

    /// Reads the part `top[start..end]`.
    pub(super) fn walk(
        &mut self,
        b: &mut DocumentBuilder,
        start: usize,
        end: usize,
        depth: u32,
        in_digest: bool,
    ) -> Result<(), ExtractError> {
        if self.stopped {
            return Ok(());
        }
        self.ctx.budget.check_time()?;
        self.parts += 1;
        let part_no = self.parts;
        if self.parts > self.ctx.budget.limits.max_members {
            self.stopped = true;
            b.member(
                format!("part-{part_no}"),
                Err(ExtractError::Limit(format!(
                    "more than {} MIME parts: the rest of the message is not read",
                    self.ctx.budget.limits.max_members
                ))),
                true,
            );
            return Ok(());
        }
        if depth > MAX_MIME_DEPTH {
            b.member(
                format!("part-{part_no}"),
                Err(ExtractError::Limit(format!(
                    "MIME parts nested more than {MAX_MIME_DEPTH} levels deep: not read"
                ))),
                true,
            );
            return Ok(());
        }
        let raw = self.top.get(start..end).unwrap_or(&[]);
        let (headers, body_at) = match parse_headers(raw) {
            Ok(h) => h,
            Err(e) => {
                if depth == 0 {
                    // Unreadable headers: read the whole file as text, say so.
                    let text = text::decode_all(raw, self.ctx.encoding);
                    b.push(&text, Loc::part(Part::Body).with_line(1, 1))?;
                }
                b.member(
                    format!("part-{part_no} (headers)"),
                    Err(ExtractError::Corrupt(format!("MIME headers: {e}"))),
                    true,
                );
                return Ok(());
            }
        };
        let body_start = start + body_at.min(raw.len());
        if depth == 0 {
            self.headers(b, &headers)?;
        }
        let ctype = header(&headers, "Content-Type").map(|v| parse_content_type(&v));
        let mimetype = match &ctype {
            Some(c) => c.mimetype.clone(),
            None if in_digest => "message/rfc822".to_string(),
            None => "text/plain".to_string(),
        };
        let boundary = ctype
            .as_ref()
            .and_then(|c| c.params.get("boundary"))
            .filter(|b| !b.is_empty());
        if mimetype.starts_with("multipart/") {
            if let Some(boundary) = boundary {
                let digest = mimetype == "multipart/digest";
                let delim = format!("--{boundary}");
                let parts = split_multipart(self.top, body_start, end, delim.as_bytes());
                for (s, e) in parts {
                    self.walk(b, s, e, depth + 1, digest)?;
                    b.end_block();
                    if self.stopped {
                        break;
                    }
                }
                return Ok(());
            }
        }
        self.leaf(
            b,
            &headers,
            ctype.as_ref(),
            &mimetype,
            body_start,
            end,
            part_no,
        )
    }
}

/// The parts of a multipart body `top[start..end]` between delimiter lines `delim`
/// (`--boundary`) as ranges of `top`: the preamble and epilogue are dropped, the line
/// break before each delimiter belongs to the delimiter. A missing close delimiter ends
/// the last part at the end.
fn split_multipart(top: &[u8], start: usize, end: usize, delim: &[u8]) -> Vec<(usize, usize)> {
    let body = top.get(start..end).unwrap_or(&[]);
    // A delimiter line is `--boundary`, optionally `--`, then only whitespace (RFC 2046):
    // a line that merely starts with the boundary (`--XX-1` for boundary `XX`) is content.
    let is_delimiter_line = |i: usize| {
        let rest = body.get(i + delim.len()..).unwrap_or(&[]);
        let line = rest
            .get(..memchr::memchr(b'\n', rest).unwrap_or(rest.len()))
            .unwrap_or(rest);
        let line = line.strip_prefix(b"--").unwrap_or(line);
        line.iter().all(|b| b.is_ascii_whitespace())
    };
    let mut delims = memchr::memmem::find_iter(body, delim)
        .filter(|&i| i == 0 || body.get(i - 1) == Some(&b'\n'))
        .filter(|&i| is_delimiter_line(i))
        .peekable();
    let mut parts = Vec::new();
    while let Some(d) = delims.next() {
        let after = d + delim.len();
        if body.get(after..after + 2) == Some(b"--") {
            break;
        }
        let part_start = match memchr::memchr(b'\n', body.get(after..).unwrap_or(&[])) {
            Some(k) => after + k + 1,
            None => break,
        };
        let part_end = match delims.peek() {
            Some(&next) => {
                let mut e = next;
                if e > part_start && body.get(e - 1) == Some(&b'\n') {
                    e -= 1;
                    if e > part_start && body.get(e - 1) == Some(&b'\r') {
                        e -= 1;
                    }
                }
                e
            }
            None => body.len(),
        };
        if part_end >= part_start {
            parts.push((start + part_start, start + part_end));
        }
    }
    parts
}

#[cfg(test)]
pub(super) fn split_multipart_for_test(top: &[u8], delim: &[u8]) -> Vec<(usize, usize)> {
    split_multipart(top, 0, top.len(), delim)
}
