//! OpenDocument text, presentations and drawings (.odt/.odp/.odg and their templates; .ods
//! goes to the spreadsheet reader).
//!
//! An encrypted package (`manifest:encryption-data` in `META-INF/manifest.xml`) is reported
//! as such: its parts are ciphertext. Otherwise `styles.xml` gives the page headers and
//! footers of the master pages and the styles that hide text; `content.xml` gives the body:
//! paragraphs and headings (`text:p`, `text:h`, paragraph index per part), tables (one row per
//! `table:table-row`, `table:number-columns-repeated` honoured within a bound), slides
//! (`draw:page`, hidden when their page style says `presentation:visibility="hidden"`), speaker
//! notes (`presentation:notes`), comments (`office:annotation`, author from `dc:creator`),
//! deleted revisions (`text:tracked-changes` → `text:deletion`), hidden text
//! (`text:hidden-text`, `text:hidden-paragraph`, hidden sections, styles with
//! `text:display="none"`), footnotes, text boxes and alt text. `meta.xml` gives the document
//! properties. Embedded `Object N/` sub-documents (charts, formulas, nested documents) are read
//! as hidden text of part `other`; binary `Object N` files are handed over as members.
//!
//! Layout: `manifest` (encryption, media type), `meta` (`meta.xml`), `walker` (the state and
//! event loop shared by `content.xml` and `styles.xml`), `open` and `close` (what each
//! element does when it opens and when it closes).

mod close;
mod manifest;
mod meta;
mod open;
#[cfg(test)]
mod tests;
mod walker;

use super::document::{Document, DocumentBuilder, Loc, Part};
use super::limits::ExtractError;
use super::package::Package;
use super::Ctx;

use manifest::{encrypted, root_media_type};
use meta::push_meta;
use walker::{Source, Styles, Walker};

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Text,
    Presentation,
    Drawing,
    Other,
}

impl Kind {
    fn of(mimetype: &str) -> Kind {
        if mimetype.contains("opendocument.text") {
            Kind::Text
        } else if mimetype.contains("opendocument.presentation") {
            Kind::Presentation
        } else if mimetype.contains("opendocument.graphics") {
            Kind::Drawing
        } else {
            Kind::Other
        }
    }

    fn format(self) -> &'static str {
        match self {
            Kind::Text => "odt",
            Kind::Presentation => "odp",
            Kind::Drawing => "odg",
            Kind::Other => "odf",
        }
    }
}

pub fn extract(pkg: &mut Package, mimetype: &str, ctx: &Ctx) -> Result<Document, ExtractError> {
    let mimetype = mimetype.trim();
    let mut kind = Kind::of(mimetype);
    if let Some(manifest) = pkg.read_opt("META-INF/manifest.xml")? {
        if encrypted(&manifest, ctx) {
            return Err(ExtractError::Encrypted(
                "OpenDocument file protected with a password (manifest:encryption-data)".into(),
            ));
        }
        if kind == Kind::Other {
            kind = Kind::of(&root_media_type(&manifest, ctx).unwrap_or_default());
        }
    }
    if !pkg.has("content.xml") {
        return Err(ExtractError::Corrupt(
            "OpenDocument package without content.xml".into(),
        ));
    }
    let mut b = DocumentBuilder::new(kind.format(), ctx.budget.limits.max_text_bytes);
    let mut styles = Styles::default();

    // Headers and footers of the master pages, and the styles that hide text.
    let r = pkg.read_opt("styles.xml").and_then(|xml| match xml {
        Some(xml) => Walker::new(kind, Source::Styles, &mut styles, Loc::part(Part::Body)).run(
            &xml,
            "styles.xml",
            &mut b,
            ctx,
        ),
        None => Ok(()),
    });
    soft(&mut b, "styles.xml", r)?;
    b.end_block();

    let xml = pkg.read("content.xml")?;
    Walker::new(kind, Source::Content, &mut styles, Loc::part(Part::Body)).run(
        &xml,
        "content.xml",
        &mut b,
        ctx,
    )?;
    drop(xml);
    b.end_block();

    let r = pkg.read_opt("meta.xml").and_then(|xml| match xml {
        Some(xml) => push_meta(&xml, &mut b, ctx),
        None => Ok(()),
    });
    soft(&mut b, "meta.xml", r)?;

    // Embedded objects: `Object 1/content.xml` (charts, formulas, sub-documents) as text;
    // `Object 2` (a binary OLE object) as a member.
    let names: Vec<(usize, String)> = pkg.names().iter().cloned().enumerate().collect();
    for (i, name) in &names {
        let Some((object, rest)) = object_name(name) else {
            continue;
        };
        ctx.budget.check_time()?;
        match rest {
            Some("content.xml") => {
                let base = Loc::part(Part::Other).with_field(object);
                let r = pkg.read(name).and_then(|xml| {
                    let mut styles = Styles::default();
                    Walker::new(Kind::Other, Source::Content, &mut styles, base)
                        .run(&xml, name, &mut b, ctx)
                });
                soft(&mut b, name, r)?;
                b.end_block();
            }
            None if !pkg.is_dir(*i) => {
                let content = pkg.read_index(*i);
                if let Err(ExtractError::Timeout(t)) = content {
                    return Err(ExtractError::Timeout(t));
                }
                b.member(name.clone(), content, true);
            }
            _ => {}
        }
    }
    Ok(b.finish())
}

/// `Object 1/content.xml` → (`Object 1`, Some(`content.xml`)); `Object 2` → (`Object 2`,
/// None). Only direct `Object N` entries of the package root.
fn object_name(name: &str) -> Option<(&str, Option<&str>)> {
    let (object, rest) = match name.split_once('/') {
        Some((o, r)) => (o, Some(r)),
        None => (name, None),
    };
    let n = object.strip_prefix("Object ")?;
    if n.is_empty() || !n.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    Some((object, rest))
}

/// Reports a failed part as a member error and goes on; only running out of time stops
/// the whole document.
fn soft(
    b: &mut DocumentBuilder,
    what: &str,
    result: Result<(), ExtractError>,
) -> Result<(), ExtractError> {
    match result {
        Ok(()) => Ok(()),
        Err(e @ ExtractError::Timeout(_)) => Err(e),
        Err(e) => {
            b.member(what.to_string(), Err(e), true);
            Ok(())
        }
    }
}
