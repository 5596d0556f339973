//! E-mail messages (`.eml`) and MIME web archives (`.mht`, `.mhtml`).
//!
//! Headers are read with `mailparse` (RFC 2047 encoded words in any charset `encoding_rs`
//! knows; raw 8-bit GBK headers are decoded too); the MIME tree is walked here, with its
//! own bounds (parts count, nesting depth, decoded bytes through the shared budget), and
//! transfer encodings are undone leniently so a damaged part is still read.
//!
//! What is emitted:
//! * `From`, `To`, `Cc`, `Bcc`, `Reply-To`, `Sender`, `Organization` as metadata
//!   (`field` = header name) and `Subject` as the title, each with the line of its value in
//!   the file;
//! * `text/plain` bodies as body text. Line numbers are those of the file when the part is
//!   not transfer-encoded, and lines of the decoded body when it is base64 or
//!   quoted-printable (a reviewer cannot read those lines in the file anyway);
//! * `text/html` bodies as members (`body.html`, then `part-N.html`), transcoded to UTF-8
//!   with a BOM when the part declares its charset, not hidden;
//! * attachments and inline files as hidden members under their decoded file names (RFC 2231
//!   and RFC 2047), their names as file-name segments; nested messages as `*.eml` members.
//!
//! A part that cannot be decoded becomes a member error; the rest of the mail is still read.
//!
//! Layout: `walk` (the bounded MIME walk, multipart splitting, file positions), `headers`
//! (reported headers, header value decoding), `leaf` (bodies, HTML members, attachments),
//! `transfer` (lenient base64 and quoted-printable).

mod headers;
mod leaf;
#[cfg(test)]
mod tests;
mod transfer;
mod walk;

use super::document::{Document, DocumentBuilder};
use super::limits::ExtractError;
use super::Ctx;

/// MIME nesting beyond this is refused (a part error), bounding recursion.
const MAX_MIME_DEPTH: u32 = 32;

/// Headers reported (name as written in the report).
const HEADERS: &[&str] = &[
    "From",
    "To",
    "Cc",
    "Bcc",
    "Reply-To",
    "Sender",
    "Organization",
    "Subject",
];

/// Extracts an e-mail message or MHTML archive.
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("eml", ctx.budget.limits.max_text_bytes);
    let mut m = Mail {
        top: bytes,
        newlines: memchr::memchr_iter(b'\n', bytes).collect(),
        ctx,
        parts: 0,
        html_bodies: 0,
        stopped: false,
    };
    m.walk(&mut b, 0, bytes.len(), 0, false)?;
    Ok(b.finish())
}

struct Mail<'a, 'c> {
    top: &'a [u8],
    /// Positions of `\n` in `top` (source line numbers).
    newlines: Vec<usize>,
    ctx: &'c Ctx<'c>,
    parts: usize,
    html_bodies: usize,
    /// A bound was hit: no further parts are read (already reported).
    stopped: bool,
}
