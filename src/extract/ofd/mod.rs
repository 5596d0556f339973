//! OFD (GB/T 33190-2016), the Chinese fixed-layout format of e-invoices and government
//! releases: a zip of XML parts.
//!
//! `OFD.xml` → each `DocBody`: `DocInfo` (author, title, keywords, `CustomDatas`: invoices
//! put 纳税人识别号 there) as metadata; `DocRoot` → `Document.xml` → `Pages/Page@BaseLoc` in
//! order (page = position + 1) → each page's `Content.xml`: `Layer` → (`PageBlock` …) →
//! `TextObject` (`Boundary`, `CTM`, `Size`, `Visible`) → `TextCode` (`X`, `Y`, `DeltaX`,
//! `DeltaY` with the `g N v` repetition).
//!
//! Converters (Suwell/数科 pdf2ofd) write one `TextObject` per glyph, so the text of a page
//! is re-assembled into lines by position: every `TextCode` becomes a piece placed at its
//! first glyph's baseline on the page (`Boundary` origin + `CTM` × (`X`, `Y`)); pieces on
//! one baseline are joined left to right, with a space only where the gap is wide, so an
//! ID written glyph by glyph is one string again. `paragraph` is the line's number on its
//! page.
//!
//! Hidden channels: `Visible="false"` or transparent text objects (hidden text), template
//! pages (`Tpls/…`, text printed on every page that uses them: part `other`, visible when a
//! page uses the template), annotations (`Annots/…`), custom tags (form data),
//! attachments (scanned as members, hidden). Paths are relative to the referring part's
//! folder or absolute from the package root; producers disagree, so the document folder
//! and the root are tried too. Element names are matched by local name: producers use
//! both `http://www.ofdspec.org/2016` and `http://www.ofdspec.org`.
//!
//! Layout: `package` (`OFD.xml`, `Document.xml`, resolving paths), `content` (`Content.xml`
//! → pieces placed on the page), `lines` (pieces → lines), `pages` (page and template
//! text), `annotations` (annotations and custom tags), `attachments`.

mod annotations;
mod attachments;
mod content;
mod lines;
mod package;
mod pages;
#[cfg(test)]
mod tests;

use super::document::{Document, DocumentBuilder, Loc};
use super::limits::ExtractError;
use super::package::{resolve_target, Package};
use super::Ctx;

use annotations::{annotations, custom_tags};
use attachments::attachments;
use package::{clean, parse_document, parse_ofd_xml};
use pages::{pages, templates};

pub fn extract(pkg: &mut Package, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut b = DocumentBuilder::new("ofd", ctx.budget.limits.max_text_bytes);
    let ofd = pkg.read("OFD.xml")?;
    let bodies = parse_ofd_xml(&ofd, ctx)?;
    if bodies.iter().all(|d| d.root.is_none()) {
        return Err(ExtractError::Corrupt(
            "OFD.xml names no document (DocBody/DocRoot missing)".into(),
        ));
    }
    for body in &bodies {
        for (field, value) in &body.info {
            b.push(value, Loc::metadata(field))?;
        }
    }
    b.end_block();
    let mut page_base: u32 = 0;
    let mut pages_total = 0usize;
    let mut text_pieces = 0usize;
    for body in &bodies {
        let Some(root_loc) = &body.root else {
            continue;
        };
        let root = clean(&resolve_target("OFD.xml", &clean(root_loc)));
        let xml = match pkg.read(&root) {
            Ok(xml) => xml,
            Err(e) => {
                b.member(root, Err(e), true);
                continue;
            }
        };
        let parts = match parse_document(&xml, &root, ctx) {
            Ok(parts) => parts,
            Err(e) => {
                b.member(root, Err(e), true);
                continue;
            }
        };
        pages_total += parts.pages.len();
        let (pieces, used) = pages(pkg, &mut b, ctx, &root, &parts, page_base)?;
        text_pieces += pieces;
        // Text of a template a page uses is on that page too.
        text_pieces += templates(pkg, &mut b, ctx, &root, &parts, &used)?;
        annotations(pkg, &mut b, ctx, &root, &parts, page_base)?;
        custom_tags(pkg, &mut b, ctx, &root, &parts)?;
        attachments(pkg, &mut b, ctx, &root, &parts)?;
        page_base = page_base.saturating_add(u32::try_from(parts.pages.len()).unwrap_or(u32::MAX));
    }
    if pages_total > 0 && text_pieces == 0 {
        b.member(
            "(page text)".into(),
            Err(ExtractError::NoText(format!(
                "OFD with {pages_total} page(s) and no text objects"
            ))),
            false,
        );
    }
    Ok(b.finish())
}
