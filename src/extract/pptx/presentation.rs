//! Slide order and part names: the relationship ids of `p:sldIdLst` in
//! `ppt/presentation.xml` (display order), and the helpers that find slide, notes and
//! comments parts by folder and order leftover parts by the number in their name.

use quick_xml::events::BytesStart;

use crate::extract::limits::ExtractError;
use crate::extract::xml::{XmlEvent, XmlReader};
use crate::extract::Ctx;

/// A prefixed `…:id` attribute (`r:id`), as opposed to a plain `id`.
fn rel_id(e: &BytesStart) -> Option<String> {
    for a in e.attributes().with_checks(false).flatten() {
        if a.key.local_name().as_ref() == "id" && a.key.prefix().is_some() {
            return Some(a.value.to_string());
        }
    }
    None
}

/// The relationship ids of `p:sldIdLst`, in display order.
pub(super) fn slide_ids(xml: &[u8], ctx: &Ctx) -> Result<Vec<String>, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, "ppt/presentation.xml");
    let mut ids = Vec::new();
    let mut in_list = false;
    loop {
        match r.next()? {
            XmlEvent::Start { e, empty } => match e.local_name().as_ref() {
                "sldIdLst" if !empty => in_list = true,
                "sldId" if in_list => {
                    if let Some(id) = rel_id(&e) {
                        ids.push(id);
                    }
                }
                _ => {}
            },
            XmlEvent::End { local } if local == "sldIdLst" => in_list = false,
            XmlEvent::Eof => return Ok(ids),
            _ => {}
        }
    }
}

/// `ppt/slides/slide3.xml` is a part directly in `ppt/slides/` ending in `.xml`.
pub(super) fn is_part_in(name: &str, dir: &str) -> bool {
    name.strip_prefix(dir)
        .is_some_and(|rest| !rest.contains('/') && rest.ends_with(".xml"))
}

/// `slide12.xml` → 12 (for name order of leftover parts).
pub(super) fn part_number(name: &str) -> u64 {
    let file = name.rsplit('/').next().unwrap_or(name);
    let digits: String = file
        .chars()
        .filter(|c| c.is_ascii_digit())
        .take(18)
        .collect();
    digits.parse().unwrap_or(u64::MAX)
}
