//! OOXML document properties (`docProps/core.xml`, `app.xml`, `custom.xml`): author, last
//! modified by, company, manager, title, custom fields. They travel with every published
//! docx/xlsx/pptx and often name the drafter or hold internal notes.

use super::document::{DocumentBuilder, Loc};
use super::limits::ExtractError;
use super::package::Package;
use super::xml::{attr, local, XmlEvent, XmlReader};
use super::Ctx;

/// Properties whose values are ids, counts, dates or template boilerplate, not text a
/// reviewer needs to see.
const SKIP: &[&str] = &[
    "created",
    "modified",
    "lastPrinted",
    "revision",
    "TotalTime",
    "Pages",
    "Words",
    "Characters",
    "Lines",
    "Paragraphs",
    "CharactersWithSpaces",
    "DocSecurity",
    "ScaleCrop",
    "LinksUpToDate",
    "SharedDoc",
    "HyperlinksChanged",
    "AppVersion",
    "Slides",
    "Notes",
    "HiddenSlides",
    "MMClips",
    "PresentationFormat",
    "vt:lpstr",
    "vt:i4",
    "KSOProductBuildVer",
    "ICV",
];

/// Pushes every text-valued property of the package as a metadata segment
/// (`field` = property name; custom properties as `custom:NAME`).
pub fn push_ooxml_properties(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    for part in ["docProps/core.xml", "docProps/app.xml"] {
        if let Some(xml) = pkg.read_opt(part)? {
            push_simple(&xml, part, b, ctx)?;
        }
    }
    if let Some(xml) = pkg.read_opt("docProps/custom.xml")? {
        push_custom(&xml, b, ctx)?;
    }
    Ok(())
}

/// `<cp:coreProperties><dc:creator>张三</dc:creator>…`: leaf elements under the root.
fn push_simple(
    xml: &[u8],
    part: &str,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, part);
    let mut current: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => {
                if r.depth() == 2 && !empty {
                    current = Some(local(&e));
                    text.clear();
                }
            }
            XmlEvent::Text(t) => {
                if current.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { .. } => {
                if r.depth() == 1 {
                    if let Some(name) = current.take() {
                        if !SKIP.contains(&name.as_str()) {
                            b.push(text.trim(), Loc::metadata(&name))?;
                        }
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}

/// `<property name="审核人"><vt:lpwstr>李四</vt:lpwstr></property>`.
fn push_custom(xml: &[u8], b: &mut DocumentBuilder, ctx: &Ctx) -> Result<(), ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "docProps/custom.xml");
    let mut name: Option<String> = None;
    let mut text = String::new();
    loop {
        match r.next()? {
            XmlEvent::Start { e, .. } => {
                if local(&e) == "property" {
                    name = attr(&e, "name");
                    text.clear();
                }
            }
            XmlEvent::Text(t) => {
                if name.is_some() {
                    text.push_str(&t);
                }
            }
            XmlEvent::End { local } => {
                if local == "property" {
                    if let Some(n) = name.take() {
                        if !SKIP.contains(&n.as_str()) {
                            b.push(text.trim(), Loc::metadata(&format!("custom:{n}")))?;
                        }
                    }
                }
            }
            XmlEvent::Eof => return Ok(()),
            XmlEvent::Comment(_) => {}
        }
    }
}
