//! Document properties: who wrote the workbook and what it is about are cleared (core:
//! creator, last editor, title, subject, description, keywords, category; app: company,
//! manager), custom properties removed; the elements stay so the parts remain valid.
//! When sheets were removed, the app part's sheet list (`TitlesOfParts`, `HeadingPairs`,
//! optional, rewritten by Excel on save) goes too, or it would still name them.

use std::collections::HashMap;

use super::generic::{self, Act, Tag};
use super::parts::Pkg;
use crate::redact::{Plan, RedactError};

use crate::redact::format::{APP_PROPERTIES as APP, CORE_PROPERTIES as CORE};

/// The property parts, by the package relationships and by their usual names.
pub(super) fn parts(pkg: &Pkg) -> Vec<(String, &'static str)> {
    let mut out: Vec<(String, &'static str)> = Vec::new();
    for rel in pkg.rels_from("") {
        for kind in [
            "core-properties",
            "extended-properties",
            "custom-properties",
        ] {
            if rel.is(kind) && !rel.external {
                out.push((rel.target.clone(), kind));
            }
        }
    }
    for (name, kind) in [
        ("docProps/core.xml", "core-properties"),
        ("docProps/app.xml", "extended-properties"),
        ("docProps/custom.xml", "custom-properties"),
    ] {
        if !out.iter().any(|(n, _)| n == name) {
            out.push((name.to_string(), kind));
        }
    }
    out.retain(|(n, _)| pkg.xml.contains_key(n));
    out
}

/// Rewrites the property parts into `changed`; true when any property was cleared.
pub(super) fn clear(
    pkg: &Pkg,
    plan: &Plan,
    sheets_removed: bool,
    changed: &mut HashMap<String, Vec<u8>>,
    replaced: &mut usize,
) -> Result<bool, RedactError> {
    let mut cleared = false;
    for (name, kind) in parts(pkg) {
        let Some(src) = pkg.xml.get(&name) else {
            continue;
        };
        let mut decide = |t: &Tag| -> Act {
            if t.depth != 2 {
                return Act::Keep;
            }
            match kind {
                "core-properties" if CORE.contains(&t.local) => Act::Clear,
                "extended-properties" if APP.contains(&t.local) => Act::Clear,
                "extended-properties"
                    if sheets_removed && matches!(t.local, "TitlesOfParts" | "HeadingPairs") =>
                {
                    Act::Drop
                }
                "custom-properties" if t.local == "property" => Act::Drop,
                _ => Act::Keep,
            }
        };
        let mut done = generic::Done::default();
        if let Some(b) = generic::rewrite(src, &name, plan, &mut decide, &mut done)? {
            changed.insert(name.clone(), b);
        }
        *replaced += done.replaced;
        // Dropping the sheet list is not clearing a property.
        cleared |= done.cleared > 0 || (kind == "custom-properties" && done.dropped > 0);
    }
    Ok(cleared)
}
