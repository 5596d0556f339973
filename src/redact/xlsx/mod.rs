//! xlsx/xlsm rewriting: the workbook with every plan value masked where the extractor
//! reads it (shared and inline strings, numbers and dates rendered as the extractor renders
//! them, formula results, headers/footers, defined names, comments, properties), and the
//! hidden channels removed or masked.
//!
//! Each XML part is read once with byte positions and rewritten by splicing only the
//! elements that change ([`xml::Splices`]); members that do not change are copied raw.
//! Parts are read through the extractor's bounded [`Package`](crate::extract::package),
//! so zip bombs and DTDs stop here as they stop the scanner.

mod cell;
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
    crate::redact::format::refuse_ole(bytes, "xlsx")?;
    let pkg = Pkg::read(bytes)?;
    if pkg.names.iter().any(|n| n == "xl/workbook.bin") {
        return Err(RedactError::Unsupported(
            "a binary workbook (xlsb) cannot be rewritten in place: save it as xlsx first".into(),
        ));
    }
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
    let mut job = Job {
        pkg: &pkg,
        plan,
        remove: options.hidden == HiddenChannels::Remove,
        wb_path: &wb_path,
        out: Redacted::default(),
        removal: Removal::default(),
        changed: HashMap::new(),
        handled: HashSet::new(),
    };
    let gone = job.hidden_sheets(&book)?;
    let sheets = job.sheet_parts();
    let drawings = job.remove_comments(&sheets)?;
    let used = job.cells(&sheets, &drawings, book.is_1904, gone.iter().any(|g| *g))?;
    job.shared_strings(&used)?;
    job.mask_comments()?;
    let (b, n) = book.rewrite(wb_src, &wb_path, plan, &gone)?;
    job.changed.extend(b.map(|b| (wb_path.clone(), b)));
    job.out.replaced += n;
    job.handled.insert(wb_path.clone());
    if props::clear(
        &pkg,
        plan,
        gone.iter().any(|g| *g),
        &mut job.changed,
        &mut job.out.replaced,
    )? {
        job.out.actions.push("清除文档属性".to_string());
    }
    job.handled
        .extend(props::parts(&pkg).into_iter().map(|(n, _)| n));
    job.rest()?;
    let mut out = job.out;
    out.bytes = parts::write_zip(bytes, &job.changed, &job.removal.parts)?;
    Ok(out)
}

/// One rewrite in progress.
struct Job<'j> {
    pkg: &'j Pkg,
    plan: &'j Plan,
    remove: bool,
    wb_path: &'j str,
    out: Redacted,
    removal: Removal,
    /// Parts rewritten so far.
    changed: HashMap<String, Vec<u8>>,
    /// Parts a dedicated rewriter has seen (the generic pass leaves them alone).
    handled: HashSet<String>,
}

impl Job<'_> {
    fn wb_target(&self, kind: &str, default: &str) -> String {
        self.pkg
            .rels_from(self.wb_path)
            .iter()
            .find(|r| r.is(kind) && !r.external)
            .map_or_else(|| default.to_string(), |r| r.target.clone())
    }

    /// With hidden channels removed: the hidden sheets go with what only they use.
    /// Returns which sheets (by workbook index) are gone.
    fn hidden_sheets(&mut self, book: &Workbook) -> Result<Vec<bool>, RedactError> {
        let gone: Vec<bool> = book
            .sheets
            .iter()
            .map(|s| self.remove && s.hidden)
            .collect();
        if !gone.is_empty() && gone.iter().all(|g| *g) {
            return Err(RedactError::Unsupported(
                "every sheet of the workbook is hidden: removing hidden sheets would leave \
                 none (redact with hidden channels masked instead)"
                    .into(),
            ));
        }
        let wb_rels = self.pkg.rels_from(self.wb_path);
        for (s, _) in book.sheets.iter().zip(&gone).filter(|(_, g)| **g) {
            let rel = s
                .rid
                .as_ref()
                .and_then(|rid| wb_rels.iter().find(|r| &r.id == rid && !r.external));
            if let Some(rel) = rel {
                self.removal.drop_rel(self.wb_path, &rel.id);
                self.removal.remove(self.pkg, &rel.target);
            }
            let name = masked_label(self.plan, &s.name);
            self.out.actions.push(format!("删除隐藏工作表「{name}」"));
        }
        Ok(gone)
    }

    /// Every kept worksheet part, listed in the workbook or not (an unlisted one still
    /// ships in the package).
    fn sheet_parts(&self) -> BTreeSet<String> {
        let mut parts: BTreeSet<String> = self
            .pkg
            .rels_from(self.wb_path)
            .iter()
            .filter(|r| !r.external && SHEET_TYPES.iter().any(|t| r.is(t)))
            .map(|r| r.target.clone())
            .collect();
        parts.extend(self.pkg.xml.keys().filter(|n| is_sheet_name(n)).cloned());
        parts.retain(|p| !self.removal.parts.contains(p) && self.pkg.xml.contains_key(p));
        parts
    }

    /// With hidden channels removed: every comment goes. Returns, per sheet, the
    /// `legacyDrawing` ids to take out.
    fn remove_comments(
        &mut self,
        sheets: &BTreeSet<String>,
    ) -> Result<HashMap<String, HashSet<String>>, RedactError> {
        let mut drawings = HashMap::new();
        if !self.remove {
            return Ok(drawings);
        }
        let mut count = 0;
        for part in sheets {
            let r = comments::remove_for_sheet(self.pkg, part, &mut self.removal)?;
            count += r.comments;
            drawings.insert(part.clone(), r.drawings);
            self.changed.extend(r.vml);
        }
        comments::remove_persons(self.pkg, self.wb_path, &mut self.removal);
        if count > 0 {
            self.out.actions.push(format!("删除批注 {count} 条"));
        }
        Ok(drawings)
    }

    /// Rewrites every sheet; returns the shared strings kept cells still use.
    fn cells(
        &mut self,
        sheets: &BTreeSet<String>,
        drawings: &HashMap<String, HashSet<String>>,
        is_1904: bool,
        sheets_removed: bool,
    ) -> Result<Used, RedactError> {
        let styles_path = self.wb_target("styles", "xl/styles.xml");
        let styles_xml = self.pkg.xml.get(&styles_path).map(Vec::as_slice);
        let mut styles = numfmt::Styles::parse(styles_xml, &styles_path)?;
        styles.is_1904 = is_1904;
        let mut used = Used::default();
        let (mut rows, mut cols, mut formulas, mut stale_chain) = (0, 0, 0, sheets_removed);
        let none = HashSet::new();
        for part in sheets {
            self.handled.insert(part.clone());
            let Some(src) = self.pkg.xml.get(part) else {
                continue;
            };
            let ctx = SheetCtx {
                plan: self.plan,
                remove_hidden: self.remove,
                styles: &styles,
                drop_drawings: drawings.get(part).unwrap_or(&none),
            };
            let mut st = SheetStats::default();
            if let Some(b) = sheet::rewrite_sheet(src, part, &ctx, &mut used, &mut st)? {
                self.changed.insert(part.clone(), b);
            }
            self.out.replaced += st.replaced;
            rows += st.hidden_rows;
            cols += st.hidden_cols.len();
            formulas += st.formulas_dropped;
            stale_chain |= st.cells_changed;
        }
        let actions = &mut self.out.actions;
        if rows > 0 {
            actions.push(format!("清空隐藏行 {rows} 行"));
        }
        if cols > 0 {
            actions.push(format!("清空隐藏列 {cols} 列"));
        }
        if formulas > 0 {
            actions.push(format!("公式改为脱敏后的值 {formulas} 个"));
        }
        // The calculation chain lists formula cells by position; Excel repairs a workbook
        // whose chain names a cell that lost its formula, and rebuilds a missing one.
        if stale_chain {
            let rels = self.pkg.rels_from(self.wb_path);
            for rel in rels.iter().filter(|r| r.is("calcChain") && !r.external) {
                self.removal.drop_rel(self.wb_path, &rel.id);
                self.removal.remove(self.pkg, &rel.target);
            }
        }
        Ok(used)
    }

    /// The shared strings, after the cells (which ones are still referenced).
    fn shared_strings(&mut self, used: &Used) -> Result<(), RedactError> {
        let path = self.wb_target("sharedStrings", "xl/sharedStrings.xml");
        self.handled.insert(path.clone());
        let Some(src) = self.pkg.xml.get(&path) else {
            return Ok(());
        };
        if self.removal.parts.contains(&path) {
            return Ok(());
        }
        let mut st = shared::SharedStats::default();
        let unreferenced = self.remove.then_some(used);
        if let Some(b) = shared::rewrite_shared(src, &path, self.plan, unreferenced, &mut st)? {
            self.changed.insert(path, b);
        }
        self.out.replaced += st.replaced;
        if st.blanked > 0 {
            let n = st.blanked;
            self.out
                .actions
                .push(format!("清除无单元格引用的共享字符串 {n} 条"));
        }
        Ok(())
    }

    /// Comments still in the package: text and authors masked.
    fn mask_comments(&mut self) -> Result<(), RedactError> {
        for rels in self.pkg.rels.values() {
            for rel in rels.iter().filter(|r| !r.external) {
                let threaded = rel.is("threadedComment");
                if !(threaded || rel.is("comments")) || self.removal.parts.contains(&rel.target) {
                    continue;
                }
                let Some(src) = self.pkg.xml.get(&rel.target) else {
                    continue;
                };
                if self.handled.insert(rel.target.clone()) {
                    let replaced = &mut self.out.replaced;
                    let b =
                        comments::mask_comments(src, &rel.target, threaded, self.plan, replaced)?;
                    self.changed.extend(b.map(|b| (rel.target.clone(), b)));
                }
            }
        }
        Ok(())
    }

    /// Every other XML part: relationships and content types lose what was removed; text
    /// and attributes are masked.
    fn rest(&mut self) -> Result<(), RedactError> {
        for (name, src) in &self.pkg.xml {
            if self.handled.contains(name)
                || self.changed.contains_key(name)
                || self.removal.parts.contains(name)
            {
                continue;
            }
            let dropped_ids = self.removal.rels.get(name);
            let removal = &self.removal;
            let mut decide = |t: &Tag| -> Act {
                let gone = match t.local {
                    "Relationship" => xml::attr(t.attrs, "Id")
                        .is_some_and(|id| dropped_ids.is_some_and(|d| d.contains(&id))),
                    "Override" => {
                        xml::attr(t.attrs, "PartName").is_some_and(|p| removal.has_part_name(&p))
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
            if let Some(b) = generic::rewrite(src, name, self.plan, &mut decide, &mut done)? {
                self.changed.insert(name.clone(), b);
            }
            self.out.replaced += done.replaced;
        }
        Ok(())
    }
}

/// Worksheet-like parts by their conventional folders.
fn is_sheet_name(name: &str) -> bool {
    ["xl/worksheets/", "xl/macrosheets/", "xl/dialogsheets/"]
        .iter()
        .any(|d| name.starts_with(d))
        && name.ends_with(".xml")
        && !name.contains("/_rels/")
}
