//! Attachments (`Attachments.xml`): each attached file is handed over as a hidden member
//! to be scanned in its own right, and its name is scanned as a hidden file name.

use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;
use crate::extract::package::Package;
use crate::extract::xml::{attr, local, XmlEvent, XmlReader};
use crate::extract::Ctx;

use super::package::{locate, read_loc, DocParts, IfMissing};

/// `Attachments.xml`: each attachment is scanned as a hidden member; its name is scanned
/// as a (hidden) file name.
pub(super) fn attachments(
    pkg: &mut Package,
    b: &mut DocumentBuilder,
    ctx: &Ctx,
    root: &str,
    parts: &DocParts,
) -> Result<(), ExtractError> {
    let Some(loc) = &parts.attachments else {
        return Ok(());
    };
    let Some((list_path, xml)) = read_loc(pkg, b, (root, root), loc, IfMissing::Report) else {
        return Ok(());
    };
    // (Name, Format, FileLoc)
    let mut found: Vec<(String, String, String)> = Vec::new();
    let mut r = XmlReader::new(&xml, ctx.budget.limits.max_xml_depth, &list_path);
    let (mut name, mut format) = (String::new(), String::new());
    let mut in_loc = false;
    let mut text = String::new();
    loop {
        match r.next() {
            Err(e) => {
                b.member(list_path.clone(), Err(e), true);
                break;
            }
            Ok(XmlEvent::Start { e, empty }) => match local(&e).as_str() {
                "Attachment" => {
                    name = attr(&e, "Name").unwrap_or_default();
                    format = attr(&e, "Format").unwrap_or_default();
                }
                "FileLoc" if !empty => {
                    in_loc = true;
                    text.clear();
                }
                _ => {}
            },
            Ok(XmlEvent::Text(t)) => {
                if in_loc {
                    text.push_str(&t);
                }
            }
            Ok(XmlEvent::End { local }) => {
                if local == "FileLoc" && in_loc {
                    in_loc = false;
                    if found.len() >= ctx.budget.limits.max_members {
                        b.member(
                            list_path.clone(),
                            Err(ExtractError::Limit(format!(
                                "more than {} attachments",
                                ctx.budget.limits.max_members
                            ))),
                            true,
                        );
                        break;
                    }
                    found.push((name.clone(), format.clone(), text.trim().to_string()));
                }
            }
            Ok(XmlEvent::Eof) => break,
            Ok(XmlEvent::Comment(_)) => {}
        }
    }
    for (name, format, file) in found {
        ctx.budget.check_time()?;
        let member = attachment_name(&name, &format, &file);
        let mut name_loc = Loc::part(Part::FileName).with_field("attachment");
        name_loc.hidden = true;
        b.push(&member, name_loc)?;
        let content = locate(pkg, &list_path, root, &file).and_then(|path| pkg.read(&path));
        b.member(member, content, true);
    }
    b.end_block();
    Ok(())
}

/// The member name of an attachment: its `Name`, with the extension of its file (or its
/// `Format`) when the name has none (`original_invoice` + `xml`).
pub(super) fn attachment_name(name: &str, format: &str, file: &str) -> String {
    let base = file.rsplit(['/', '\\']).next().unwrap_or(file);
    let name = name.trim();
    if name.is_empty() {
        return base.to_string();
    }
    if name.contains('.') {
        return name.to_string();
    }
    let ext = match base.rsplit_once('.') {
        Some((_, ext)) if !ext.is_empty() => ext,
        _ => format.trim(),
    };
    if ext.is_empty() {
        name.to_string()
    } else {
        format!("{name}.{ext}")
    }
}
