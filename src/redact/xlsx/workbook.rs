//! `xl/workbook.xml`: the sheet list (what is hidden), defined names and book views, read
//! once; then rewritten with hidden sheets taken out, `localSheetId`/`activeTab`/`firstSheet`
//! renumbered, names of removed sheets dropped, and plan values masked in defined names,
//! sheet names and attributes.

use std::ops::Range;

use quick_xml::events::Event;

use super::text::{mask_attrs, mask_content};
use super::xml::{attr, attrs, escape_attr, local, truthy, Attr, Cursor, Decoded, Splices};
use crate::redact::{apply_edits, Plan, RedactError};

pub(super) struct SheetEntry {
    pub name: String,
    pub hidden: bool,
    pub rid: Option<String>,
    span: Range<usize>,
    name_raw: Option<Range<usize>>,
}

struct DefinedName {
    span: Range<usize>,
    local_sheet: Option<(usize, Option<Range<usize>>)>,
    content: Option<Range<usize>>,
    text: String,
}

struct View {
    /// (`activeTab` or `firstSheet` value, its raw range).
    indices: Vec<(usize, Range<usize>)>,
}

pub(super) struct Workbook {
    pub sheets: Vec<SheetEntry>,
    names: Vec<DefinedName>,
    views: Vec<View>,
    pub is_1904: bool,
    /// Masks in other attributes (file sharing user names and the like).
    other: Splices,
    pub replaced: usize,
}

fn index_attr(a: &Attr) -> Option<(usize, Range<usize>)> {
    Some((a.value.trim().parse().ok()?, a.raw.clone()?))
}

impl Workbook {
    pub fn parse(src: &[u8], what: &str, plan: &Plan) -> Result<Workbook, RedactError> {
        let mut cur = Cursor::new(src, what);
        let mut wb = Workbook {
            sheets: Vec::new(),
            names: Vec::new(),
            views: Vec::new(),
            is_1904: false,
            other: Splices::default(),
            replaced: 0,
        };
        loop {
            let (event, span) = cur.next()?;
            let (e, empty) = match event {
                Event::Start(e) => (e, false),
                Event::Empty(e) => (e, true),
                Event::Eof => return Ok(wb),
                _ => continue,
            };
            let a = attrs(&e, src);
            match local(&e) {
                "sheet" => {
                    let end = if empty { span.end } else { cur.content()?.1 };
                    let name_attr = a.iter().find(|x| x.local() == "name");
                    let state = attr(&a, "state").unwrap_or_default();
                    wb.sheets.push(SheetEntry {
                        name: name_attr.map(|x| x.value.clone()).unwrap_or_default(),
                        hidden: matches!(state.as_str(), "hidden" | "veryHidden"),
                        rid: a
                            .iter()
                            .find(|x| x.local() == "id")
                            .map(|x| x.value.clone()),
                        span: span.start..end,
                        name_raw: name_attr.and_then(|x| x.raw.clone()),
                    });
                }
                "definedName" => {
                    let local_sheet = a
                        .iter()
                        .find(|x| x.local() == "localSheetId")
                        .and_then(|x| Some((x.value.trim().parse().ok()?, x.raw.clone())));
                    let (content, end) = if empty {
                        (None, span.end)
                    } else {
                        let (c, end) = cur.content()?;
                        (Some(c), end)
                    };
                    let text = content
                        .clone()
                        .and_then(|c| Decoded::new(src, c, false))
                        .map(|d| d.text)
                        .unwrap_or_default();
                    wb.names.push(DefinedName {
                        span: span.start..end,
                        local_sheet,
                        content,
                        text,
                    });
                }
                "workbookView" => {
                    let indices = a
                        .iter()
                        .filter(|x| matches!(x.local(), "activeTab" | "firstSheet"))
                        .filter_map(index_attr)
                        .collect();
                    wb.views.push(View { indices });
                }
                "workbookPr" => wb.is_1904 = truthy(attr(&a, "date1904").as_deref()),
                _ => wb.replaced += mask_attrs(&e, src, plan, &mut wb.other),
            }
        }
    }

    /// The rewritten part, with the sheets whose index is in `removed` taken out.
    pub fn rewrite(
        self,
        src: &[u8],
        what: &str,
        plan: &Plan,
        removed: &[bool],
    ) -> Result<(Option<Vec<u8>>, usize), RedactError> {
        let mut splices = self.other;
        let mut replaced = self.replaced;
        let is_removed = |i: usize| removed.get(i).copied().unwrap_or(false);
        // New index of old sheet `i`: the kept sheets before it.
        let kept = removed.iter().filter(|r| !**r).count();
        let renumber = |i: usize| {
            let before = removed.iter().take(i).filter(|r| !**r).count();
            before.min(kept.saturating_sub(1))
        };
        let mut gone_names: Vec<String> = Vec::new();
        for (i, s) in self.sheets.iter().enumerate() {
            if is_removed(i) {
                splices.push(s.span.clone(), Vec::new());
                gone_names.push(s.name.clone());
                continue;
            }
            if let (Some(raw), Some(masked)) = (&s.name_raw, plan.apply(&s.name)) {
                replaced += 1;
                splices.push(raw.clone(), escape_attr(&sheet_name_safe(&masked)));
            }
        }
        for n in &self.names {
            let local_gone = n.local_sheet.as_ref().is_some_and(|(i, _)| is_removed(*i));
            if local_gone || gone_names.iter().any(|g| refers_to(&n.text, g)) {
                splices.push(n.span.clone(), Vec::new());
                continue;
            }
            if let Some((i, Some(raw))) = &n.local_sheet {
                let new = renumber(*i);
                if new != *i {
                    splices.push(raw.clone(), new.to_string());
                }
            }
            if let Some(c) = &n.content {
                replaced += mask_content(src, c.clone(), plan, &mut splices);
            }
        }
        for v in &self.views {
            for (i, raw) in &v.indices {
                let new = renumber(*i);
                if new != *i {
                    splices.push(raw.clone(), new.to_string());
                }
            }
        }
        Ok((splices.apply(src, what)?, replaced))
    }
}

/// Whether a formula refers to sheet `name` (`名单!A1`, `'原始 数据'!A1`), not merely to
/// a sheet whose name ends the same way.
fn refers_to(formula: &str, name: &str) -> bool {
    let quoted = format!("'{}'!", name.replace('\'', "''"));
    if formula.contains(&quoted) {
        return true;
    }
    let bare = format!("{name}!");
    formula.match_indices(&bare).any(|(at, _)| {
        formula
            .get(..at)
            .unwrap_or_default()
            .chars()
            .next_back()
            .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '_' | '.' | '\'')))
    })
}

/// A masked sheet name Excel accepts: `*` and the other characters sheet names cannot hold
/// become their full-width forms.
fn sheet_name_safe(name: &str) -> String {
    name.chars()
        .map(|c| match c {
            '*' => '＊',
            '?' => '？',
            ':' => '：',
            '/' => '／',
            '\\' => '＼',
            '[' => '［',
            ']' => '］',
            c => c,
        })
        .collect()
}

/// Applies plan edits to a text (used for action labels).
pub(super) fn masked_label(plan: &Plan, text: &str) -> String {
    let edits = plan.edits(text);
    apply_edits(text, &edits)
}
