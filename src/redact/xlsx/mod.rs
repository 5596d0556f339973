//! xlsx/xlsm rewriting: the workbook with every plan value masked where the extractor
//! reads it (shared and inline strings, numbers and dates rendered as the extractor renders
//! them, formula results, headers/footers, defined names, comments, properties), and the
//! hidden channels removed or masked.
//!
//! Each XML part is read once with byte positions and rewritten by splicing only the
//! elements that change ([`xml::Splices`]); members that do not change are copied raw.
//! Parts are read through the extractor's bounded [`Package`](crate::extract::package),
//! so zip bombs and DTDs stop here as they stop the scanner.

mod comments;
mod generic;
mod numfmt;
mod parts;
mod props;
mod shared;
mod sheet;
mod text;
mod workbook;
mod xml;

#[cfg(test)]
mod tests;

use std::collections::{BTreeSet, HashMap, HashSet};

use generic::{Act, Tag};
use parts::{Pkg, Removal};
use sheet::{SheetCtx, SheetStats, Used};
use workbook::{masked_label, Workbook};

use super::{FormatOptions, HiddenChannels, Plan, RedactError, Redacted};

/// Relationship types (last segment) of the parts whose cells the extractor reads.
const SHEET_TYPES: &[&str] = &[
    "worksheet",
    "xlMacrosheet",
    "xlIntlMacrosheet",
    "dialogsheet",
];

/// Rewrites an xlsx/xlsm workbook with `plan`'s values masked.
pub fn redact_xlsx(
    bytes: &[u8],
    plan: &Plan,
    options: &FormatOptions,
) -> Result<Redacted, RedactError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(RedactError::Unsupported(
            "an OLE compound file (an encrypted workbook or a legacy .xls), not an xlsx \
             package: decrypt it or save it as xlsx first"
                .into(),
        ));
    }
    let pkg = Pkg::read(bytes)?;
    if pkg.names.iter().any(|n| n == "xl/workbook.bin") {
        return Err(RedactError::Unsupported(
            "a binary workbook (xlsb) cannot be rewritten in place: save it as xlsx first".into(),
        ));
    }
    let remove = options.hidden == HiddenChannels::Remove;
    let wb_path = pkg
        .rels_from("")
        .iter()
        .find(|r| r.is("officeDocument") && !r.external)
        .map_or_else(|| "xl/workbook.xml".to_string(), |r| r.target.clone());
    let wb_src = pkg
        .xml
        .get(&wb_path)
        .ok_or_else(|| RedactError::Malformed(format!("no workbook part ({wb_path})")))?;
    let book = Workbook::parse(wb_src, &wb_path, plan)?;
    let wb_rels = pkg.rels_from(&wb_path);
    let target_of = |kind: &str, default: &str| {
        wb_rels
            .iter()
            .find(|r| r.is(kind) && !r.external)
            .map_or_else(|| default.to_string(), |r| r.target.clone())
    };

    let mut out = Redacted::default();
    let mut removal = Removal::default();
    let mut changed: HashMap<String, Vec<u8>> = HashMap::new();

    // Hidden sheets.
    let gone: Vec<bool> = book.sheets.iter().map(|s| remove && s.hidden).collect();
    if !gone.is_empty() && gone.iter().all(|g| *g) {
        return Err(RedactError::Unsupported(
            "every sheet of the workbook is hidden: removing hidden sheets would leave none \
             (redact with hidden channels masked instead)"
                .into(),
        ));
    }
    for (s, _) in book.sheets.iter().zip(&gone).filter(|(_, g)| **g) {
        let rel = s
            .rid
            .as_ref()
            .and_then(|rid| wb_rels.iter().find(|r| &r.id == rid && !r.external));
        if let Some(rel) = rel {
            removal.drop_rel(&wb_path, &rel.id);
            removal.remove(&pkg, &rel.target);
        }
        out.actions
            .push(format!("删除隐藏工作表「{}」", masked_label(plan, &s.name)));
    }
    let sheets_removed = gone.iter().any(|g| *g);

    // Every worksheet part, listed or not (an unlisted one still ships in the package).
    let mut sheet_parts: BTreeSet<String> = wb_rels
        .iter()
        .filter(|r| !r.external && SHEET_TYPES.iter().any(|t| r.is(t)))
        .map(|r| r.target.clone())
        .collect();
    sheet_parts.extend(pkg.xml.keys().filter(|n| is_sheet_name(n)).cloned());
    sheet_parts.retain(|p| !removal.parts.contains(p) && pkg.xml.contains_key(p));

    // Comments.
    let mut drawings: HashMap<String, HashSet<String>> = HashMap::new();
    if remove {
        let mut count = 0;
        for part in &sheet_parts {
            let r = comments::remove_for_sheet(&pkg, part, &mut removal)?;
            count += r.comments;
            drawings.insert(part.clone(), r.drawings);
            changed.extend(r.vml);
        }
        comments::remove_persons(&pkg, &wb_path, &mut removal);
        if count > 0 {
            out.actions.push(format!("删除批注 {count} 条"));
        }
    }

    // Cells.
    let styles_path = target_of("styles", "xl/styles.xml");
    let mut styles =
        numfmt::Styles::parse(pkg.xml.get(&styles_path).map(Vec::as_slice), &styles_path)?;
    styles.is_1904 = book.is_1904;
    let mut used = Used::default();
    let (mut rows, mut cols, mut formulas, mut stale_chain) = (0, 0, 0, sheets_removed);
    let none = HashSet::new();
    for part in &sheet_parts {
        let Some(src) = pkg.xml.get(part) else {
            continue;
        };
        let ctx = SheetCtx {
            plan,
            remove_hidden: remove,
            styles: &styles,
            drop_drawings: drawings.get(part).unwrap_or(&none),
        };
        let mut st = SheetStats::default();
        if let Some(b) = sheet::rewrite_sheet(src, part, &ctx, &mut used, &mut st)? {
            changed.insert(part.clone(), b);
        }
        out.replaced += st.replaced;
        rows += st.hidden_rows;
        cols += st.hidden_cols.len();
        formulas += st.formulas_dropped;
        stale_chain |= st.cells_changed;
    }
    if rows > 0 {
        out.actions.push(format!("清空隐藏行 {rows} 行"));
    }
    if cols > 0 {
        out.actions.push(format!("清空隐藏列 {cols} 列"));
    }
    if formulas > 0 {
        out.actions
            .push(format!("公式改为脱敏后的值 {formulas} 个"));
    }
    // The calculation chain lists formula cells by position; Excel repairs a workbook
    // whose chain names a cell that lost its formula, and rebuilds a missing one.
    if stale_chain {
        for rel in wb_rels.iter().filter(|r| r.is("calcChain") && !r.external) {
            removal.drop_rel(&wb_path, &rel.id);
            removal.remove(&pkg, &rel.target);
        }
    }

    // Shared strings (after the cells: which ones are still referenced).
    let sst_path = target_of("sharedStrings", "xl/sharedStrings.xml");
    if let (Some(src), false) = (pkg.xml.get(&sst_path), removal.parts.contains(&sst_path)) {
        let mut st = shared::SharedStats::default();
        let unreferenced = remove.then_some(&used);
        if let Some(b) = shared::rewrite_shared(src, &sst_path, plan, unreferenced, &mut st)? {
            changed.insert(sst_path.clone(), b);
        }
        out.replaced += st.replaced;
        if st.blanked > 0 {
            out.actions
                .push(format!("清除无单元格引用的共享字符串 {} 条", st.blanked));
        }
    }

    // Comments kept: masked.
    let mut handled: HashSet<String> = sheet_parts.iter().cloned().collect();
    handled.insert(wb_path.clone());
    handled.insert(sst_path);
    for rels in pkg.rels.values() {
        for rel in rels.iter().filter(|r| !r.external) {
            let threaded = rel.is("threadedComment");
            if !(threaded || rel.is("comments")) || removal.parts.contains(&rel.target) {
                continue;
            }
            if let Some(src) = pkg.xml.get(&rel.target) {
                if handled.insert(rel.target.clone()) {
                    let b = comments::mask_comments(
                        src,
                        &rel.target,
                        threaded,
                        plan,
                        &mut out.replaced,
                    )?;
                    changed.extend(b.map(|b| (rel.target.clone(), b)));
                }
            }
        }
    }

    // The workbook part.
    let (b, n) = book.rewrite(wb_src, &wb_path, plan, &gone)?;
    changed.extend(b.map(|b| (wb_path.clone(), b)));
    out.replaced += n;

    // Properties.
    if props::clear(&pkg, plan, sheets_removed, &mut changed, &mut out.replaced)? {
        out.actions.push("清除文档属性".to_string());
    }
    handled.extend(props::parts(&pkg).into_iter().map(|(n, _)| n));

    // Everything else: relationships and content types lose what was removed; all text
    // and attributes are masked.
    for (name, src) in &pkg.xml {
        if handled.contains(name) || changed.contains_key(name) || removal.parts.contains(name) {
            continue;
        }
        let dropped_ids = removal.rels.get(name);
        let mut decide = |t: &Tag| -> Act {
            let gone = match t.local {
                "Relationship" => generic_attr(t, "Id")
                    .is_some_and(|id| dropped_ids.is_some_and(|d| d.contains(&id))),
                "Override" => {
                    generic_attr(t, "PartName").is_some_and(|p| removal.has_part_name(&p))
                }
                _ => false,
            };
            if gone {
                Act::Drop
            } else {
                Act::Keep
            }
        };
        let mut done = generic::Done::default();
        if let Some(b) = generic::rewrite(src, name, plan, &mut decide, &mut done)? {
            changed.insert(name.clone(), b);
        }
        out.replaced += done.replaced;
    }

    out.bytes = parts::write_zip(bytes, &changed, &removal.parts)?;
    Ok(out)
}

fn generic_attr(t: &Tag, name: &str) -> Option<String> {
    xml::attr(t.attrs, name)
}

/// Worksheet-like parts by their conventional folders.
fn is_sheet_name(name: &str) -> bool {
    ["xl/worksheets/", "xl/macrosheets/", "xl/dialogsheets/"]
        .iter()
        .any(|d| name.starts_with(d))
        && name.ends_with(".xml")
        && !name.contains("/_rels/")
}
