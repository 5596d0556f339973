//! PDF: page text, document information and XMP metadata, annotations, form field values,
//! attached files and the text of earlier revisions kept by incremental updates.
//!
//! Text comes from `oxidize-pdf` (the only Rust extractor that read every Chinese case of
//! the research spot check right: predefined CMaps such as `GBK-EUC-H` and `UniGB-UCS2-H`
//! with fonts that are not embedded, RC4 with an empty user password). The crate is young,
//! so every call into it runs under `catch_unwind` and a panic becomes a `Corrupt` error.
//!
//! Never an empty success: a password-protected file is `Encrypted`, a file whose pages
//! carry no text at all (a scan) is `NoText`, a page that cannot be read is a member error
//! next to the pages that could. When no page has text but annotations, form values or
//! attachments do, those are scanned and the missing text layer is a member error beside
//! them; document properties alone (Info, XMP) do not keep a scan from being `NoText`, so
//! the authors of a blank or scanned PDF are not scanned (known gap).
//!
//! Known gaps: XFA forms, optional-content layers switched off, white or `Tr 3` invisible
//! text (read as ordinary body text, not flagged hidden), bookmarks, `/ActualText`.
//!
//! This file walks the pages and decides what a document without text is; the pieces
//! live beside it: `open` (parsing, decryption, the panic guard), `page` (page
//! text), `metadata` (Info and XMP), `annotations` (annotations, links and form
//! fields), `attachments` (embedded files), `revisions` (incremental updates) and
//! `objects` (references, text strings, streams).

mod annotations;
mod attachments;
mod metadata;
mod objects;
mod open;
mod page;
mod revisions;

use std::collections::HashSet;
use std::io::Cursor;

use oxidize_pdf::parser::PdfDocument;

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::Ctx;
use annotations::{page_annotations, push_annotations, push_form_fields};
use attachments::push_embedded_files;
use metadata::{push_info, push_xmp};
use open::{guard, open, Opened};
use page::page_text;
use revisions::push_earlier_revisions;

type Pdf<'a> = PdfDocument<Cursor<&'a [u8]>>;

/// Nesting of name trees, form field trees and reference chains.
const MAX_NESTING: usize = 32;

pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("pdf", ctx.budget.limits.max_text_bytes);
    let Opened { pdf, catalog, info } = open(bytes)?;
    let pages = guard("reading the page tree", || pdf.page_count())?;

    let mut seen_lines: HashSet<String> = HashSet::new();
    let mut with_text = 0u32;
    let mut failed: Option<ExtractError> = None;
    // Text outside the page content that a reviewer must still see (annotations, form
    // values, earlier revisions): it keeps a document without a text layer readable.
    let mut other_text = false;
    for index in 0..pages {
        ctx.budget.check_time()?;
        let n = index + 1;
        match page_text(&pdf, index, &b, ctx) {
            Ok(text) => {
                let text = text.trim();
                if !text.is_empty() {
                    with_text += 1;
                    seen_lines.extend(text.lines().map(|l| l.trim().to_string()));
                    b.push(text, Loc::part(Part::Body).with_page(n))?;
                }
            }
            Err(e @ (ExtractError::Limit(_) | ExtractError::Timeout(_))) => return Err(e),
            Err(e) => {
                b.member(format!("page {n}"), Err(e.clone()), false);
                failed.get_or_insert(e);
            }
        }
        b.end_block();
        let before = b.text_len();
        match page_annotations(&pdf, index) {
            Ok(annots) => push_annotations(&pdf, &annots, n, &mut b, ctx)?,
            Err(e) => b.member(format!("page {n} annotations"), Err(e), true),
        }
        other_text |= b.text_len() > before;
    }
    let before = b.text_len();
    push_form_fields(&pdf, &catalog, &mut b, ctx)?;
    push_earlier_revisions(bytes, &seen_lines, &mut b, ctx)?;
    other_text |= b.text_len() > before;
    let attachments = push_embedded_files(&pdf, &catalog, &mut b, ctx)?;

    // Nothing on any page: a scan (needs OCR) or pages that could not be read. The error
    // is the whole answer unless annotations, form values or attachments hold text; then
    // they are scanned and the missing text layer is reported beside them.
    let mut no_text = None;
    if with_text == 0 {
        let noun = if pages == 1 { "page" } else { "pages" };
        let tail = bytes
            .get(bytes.len().saturating_sub(1024)..)
            .unwrap_or(bytes);
        // Page errors are already member errors; otherwise the reason is reported once.
        let reported = failed.is_some();
        let e = failed.unwrap_or_else(|| {
            if memchr::memmem::find(tail, b"%%EOF").is_none() {
                // A cut-off file whose pages came out empty is damaged, not scanned.
                ExtractError::Corrupt(format!(
                    "PDF is truncated (it does not end with %%EOF) and none of its {pages} \
                     {noun} gave any text"
                ))
            } else {
                ExtractError::NoText(format!("PDF with {pages} {noun} and no text layer"))
            }
        });
        if !other_text && !attachments {
            return Err(e);
        }
        if !reported {
            no_text = Some(e);
        }
    }

    let mut meta_values = HashSet::new();
    if let Some(info) = &info {
        meta_values = push_info(&pdf, info, &mut b)?;
    }
    if let Err(e) = push_xmp(&pdf, &catalog, &meta_values, &mut b, ctx) {
        match e {
            ExtractError::Limit(_) | ExtractError::Timeout(_) => return Err(e),
            e => b.member("XMP metadata".into(), Err(e), true),
        }
    }
    if let Some(e) = no_text {
        b.member("page text".into(), Err(e), false);
    }
    Ok(b.finish())
}
