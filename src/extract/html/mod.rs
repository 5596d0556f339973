//! HTML pages, and the "Save as Web page" files Word and Excel write (`.htm`, and `.doc` /
//! `.xls` files that are really HTML, common in government systems).
//!
//! Charset: a BOM, else the `<meta charset>` / `http-equiv` declaration in the first
//! 1024 bytes (WHATWG prescan; GB2312/GBK are read as GB18030), else detection; `--encoding`
//! overrides all. A declared legacy charset on a file that is valid UTF-8 is taken as a
//! mistake of the page and the file is read as UTF-8.
//!
//! The decoded text goes through a small tokenizer of our own (tags, attributes, comments,
//! raw-text elements) rather than a tree builder: it gives exact source positions, so every
//! segment carries the line and column of its first character in the decoded source. A
//! stack of open elements (with the implicit closes that matter: `p`, `li`, table cells
//! and rows) tells what is hidden (`hidden`, `display:none`, `visibility:hidden`,
//! `mso-hide:all`) and where table cells are.
//!
//! What is emitted: visible text by block (inline text of one block joined, so an ID split
//! by `<span>` stays whole), tables as rows (header first, colspan and rowspan counted), the
//! title, named `<meta>` values and Word's `o:DocumentProperties` as metadata, `alt` and
//! `title` attributes, HTML comments, hidden elements and `<input type=hidden>` values.
//! `<script>`, `<style>` and `<template>` content is skipped.
//!
//! Layout: `charset` decodes the bytes, `tokenizer` cuts the text into tags, text and
//! comments, `entities` decodes character references, and `walker` follows the open
//! elements (classed in `elements`) and emits segments (built in `segment`), with `table`
//! for table rows, `special` for `<meta>`, `<input>`, raw-text elements and comments, and
//! `office` for Word/Excel XML islands.

pub(crate) mod charset;
mod elements;
pub(crate) mod entities;
mod links;
mod office;
mod segment;
mod special;
mod table;
pub(crate) mod tokenizer;
mod walker;

#[cfg(test)]
mod tests;

pub use charset::{decode, prescan};
pub use links::{links, Links};

use super::document::{Document, DocumentBuilder};
use super::limits::ExtractError;
use super::Ctx;
use tokenizer::Tokenizer;
use walker::Walker;

/// Extracts an HTML document.
pub fn extract(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let src = decode(bytes, ctx.encoding);
    let mut b = DocumentBuilder::new("html", ctx.budget.limits.max_text_bytes);
    let mut w = Walker::new(&src, &mut b);
    let tokens = Tokenizer::new(&src, 0, src.len());
    let mut n = 0u32;
    for tok in tokens {
        n = n.wrapping_add(1);
        if n.is_multiple_of(4096) {
            ctx.budget.check_time()?;
        }
        w.token(tok)?;
    }
    w.finish()?;
    Ok(b.finish())
}
