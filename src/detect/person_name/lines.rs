//! The one pass over lines: name columns of tables (tabs, aligned spaces, PDF single
//! spaces), rows of names, name-and-unit lines and reply-letter salutations.

use super::*;

/// Whether a column header says its cells are personal names.
pub(super) fn is_name_header(cell: &str) -> bool {
    const HEADERS: &[&str] = &[
        "户主",
        "申请人",
        "联系人",
        "救助对象",
        "拟录用人员",
        "名字",
        "法定代表人",
        "负责人",
        "监护人",
        "被监护人",
        "户名",
        "持卡人",
        "收款人",
        "领款人",
        "经营者",
        "当事人",
        "被处罚人",
        "家庭成员",
        "受助人",
        "补助对象",
        "考生",
        "学生",
        "获奖者",
        "患者",
    ];
    let h: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    h.contains("姓名") || HEADERS.contains(&h.as_str())
}

/// Cells under a name header in tab-separated tables (header row first): a cell that is a
/// whole name (`张伟`, `阿卜杜拉·买买提`).
pub(super) fn line_passes(text: &str, out: &mut Vec<Candidate>) {
    let bytes = text.as_bytes();
    let mut line_start = 0;
    // The name columns of the current table and their headers.
    let mut table: Option<Vec<(usize, String)>> = None;
    while line_start < bytes.len() {
        let line_end = memchr::memchr(b'\n', bytes.get(line_start..).unwrap_or(&[]))
            .map_or(bytes.len(), |p| line_start + p);
        // CRLF files: the `\r` is not part of the last cell.
        let line = text.get(line_start..line_end).unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        let lb = line.as_bytes();
        let spaced = memchr::memchr(b' ', lb).is_some()
            || memchr::memmem::find(lb, "\u{3000}".as_bytes()).is_some();
        let tabbed = memchr::memchr(b'\t', lb).is_some();
        if line.trim_end().ends_with(['：', ':']) {
            salutation(text, line_start, line, out);
        }
        if spaced && !tabbed {
            affiliation_line(text, line_start, line, out);
            name_row(text, line_start, line, out);
        }
        let cells = if spaced || tabbed {
            table_cells(line)
        } else {
            None
        };
        match (cells, &table) {
            (None, _) => table = None,
            (Some(cells), Some(cols)) => {
                for (i, (offset, cell)) in cells.into_iter().enumerate() {
                    if let Some((_, header)) = cols.iter().find(|(c, _)| *c == i) {
                        name_cell(text, line_start + offset, cell, header, out);
                    }
                }
            }
            (Some(cells), None) => {
                let cols = cells
                    .into_iter()
                    .enumerate()
                    .filter(|(_, (_, h))| is_name_header(h))
                    .map(|(i, (_, h))| (i, h.trim().to_string()))
                    .collect();
                table = Some(cols);
            }
        }
        line_start = line_end + 1;
    }
}

/// The cells of a table row with their byte offsets in the line: split at tabs, or — in
/// text exported with aligned columns — at runs of two or more spaces or an ideographic
/// space, when that gives at least three cells.
pub(super) fn table_cells(line: &str) -> Option<Vec<(usize, &str)>> {
    let bytes = line.as_bytes();
    // Most lines of prose have neither: skip them without decoding.
    let spaced = memchr::memchr(b' ', bytes).is_some()
        || memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_some();
    if memchr::memchr(b'\t', bytes).is_none() && !spaced {
        return None;
    }
    if line.contains('\t') {
        let mut at = 0;
        let cells = line
            .split('\t')
            .map(|c| {
                let cell = (at, c);
                at += c.len() + 1;
                cell
            })
            .collect();
        return Some(cells);
    }
    let mut cells = Vec::new();
    let mut cell_start: Option<usize> = None;
    let mut gap = 0;
    // Columns aligned with runs of spaces keep single spaces inside a cell (`姓 名`); PDF
    // text keeps one space between cells (`1 覃梅润 区民政局`) and Chinese prose has none,
    // so without wide gaps any gap splits.
    let bytes = line.as_bytes();
    let wide = memchr::memmem::find(bytes, b"  ").is_some()
        || memchr::memmem::find(bytes, "\u{3000}".as_bytes()).is_some();
    let min_gap = if wide { 2 } else { 1 };
    for (i, c) in line.char_indices() {
        if c == ' ' || c == '\u{3000}' {
            gap += if c == ' ' { 1 } else { 2 };
            continue;
        }
        match cell_start {
            Some(s) if gap >= min_gap => {
                cells.push((s, line.get(s..i).unwrap_or("").trim_end()));
                cell_start = Some(i);
            }
            None => cell_start = Some(i),
            _ => {}
        }
        gap = 0;
    }
    if let Some(s) = cell_start {
        cells.push((s, line.get(s..).unwrap_or("").trim_end()));
    }
    (cells.len() >= 3).then_some(cells)
}

pub(super) fn name_cell(
    text: &str,
    cell_start: usize,
    cell: &str,
    header: &str,
    out: &mut Vec<Candidate>,
) {
    let lead = cell.len() - cell.trim_start().len();
    // `许琰聪 （户主）`: a role in brackets after the name.
    let value = cell.trim();
    let value = value
        .find(['（', '('])
        .filter(|&p| p > 0)
        .map_or(value, |p| value.get(..p).unwrap_or(value).trim_end());
    let at = cell_start + lead;
    if value.is_empty() || out.iter().rev().take(4).any(|c| c.start == at) {
        return;
    }
    // Under a name header a whole cell of two to four ordinary characters is a name even
    // without a known surname (`拉姆措`, `扎西`).
    let plain = (2..=4).contains(&value.chars().count())
        && value
            .chars()
            .all(|c| !not_given(c) && !crate::normalize::is_mask_char(c) && c != '某');
    if !plain && name_at(text, at, Strength::Cued) != Some(at + value.len()) {
        return;
    }
    let evidence = Evidence::Owned(format!("column:{header}"));
    out.push(candidate(at, at + value.len(), text, None, evidence));
}

/// `谯岚茜　郑歌　熊岩蓓　吴民沛`: a line of three or more names set apart by spaces (the
/// attachment list of a 表彰 decision), judged like a `、` list.
pub(super) fn name_row(text: &str, start: usize, line: &str, out: &mut Vec<Candidate>) {
    {
        let mut items = Vec::new();
        let mut ok = true;
        let mut words = Vec::new();
        let mut word_start = None;
        for (i, c) in line
            .char_indices()
            .chain(std::iter::once((line.len(), ' ')))
        {
            match (c == ' ' || c == '\u{3000}', word_start) {
                (true, Some(ws)) => {
                    words.push((ws, line.get(ws..i).unwrap_or("")));
                    word_start = None;
                }
                (false, None) => word_start = Some(i),
                _ => {}
            }
        }
        for (offset, word) in words {
            let at = start + offset;
            // `潘朗诗（女）`: the sex in brackets after a name.
            let word = word
                .strip_suffix("（女）")
                .or_else(|| word.strip_suffix("（男）"))
                .unwrap_or(word);
            match list_item_at(text, at) {
                Some((end, shape)) if end == at + word.len() => items.push(ListItem {
                    start: at,
                    end,
                    post: None,
                    shape,
                }),
                _ => {
                    ok = false;
                    break;
                }
            }
        }
        let named = items.iter().filter(|i| i.shape != ItemShape::Plain).count();
        if !ok || items.len() < 3 || named * 2 < items.len() {
            return;
        }
        for item in items {
            if !already_found(out, item.start) {
                out.push(candidate(
                    item.start,
                    item.end,
                    text,
                    None,
                    Evidence::Borrowed("name_row"),
                ));
            }
        }
    }
}

/// `许梓添：` on a line of its own: the salutation of a reply letter (信访答复).
pub(super) fn salutation(text: &str, start: usize, line: &str, out: &mut Vec<Candidate>) {
    {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        let Some(name) = body
            .strip_suffix('：')
            .or_else(|| body.strip_suffix(':'))
            .map(|n| {
                n.trim_end_matches("同志")
                    .trim_end_matches("先生")
                    .trim_end_matches("女士")
            })
        else {
            return;
        };
        let at = start + lead;
        if name.chars().count() >= 2
            && name_at(text, at, Strength::Cued) == Some(at + name.len())
            && !already_found(out, at)
        {
            out.push(candidate(
                at,
                at + name.len(),
                text,
                None,
                Evidence::Borrowed("salutation"),
            ));
        }
    }
}

/// `顾箫　区应急管理局`: a line that is a name, a wide gap and the person's unit — the
/// layout of 表彰 and 公示 lists.
pub(super) fn affiliation_line(text: &str, start: usize, line: &str, out: &mut Vec<Candidate>) {
    {
        let lead = line.len() - line.trim_start().len();
        let body = line.trim();
        let bytes = body.as_bytes();
        // Lines of prose have no gap: one byte search rejects them.
        let gap = memchr::memmem::find(bytes, "\u{3000}".as_bytes()).or_else(|| {
            memchr::memchr_iter(b' ', bytes).find(|&p| bytes.get(p + 1) == Some(&b' '))
        });
        let Some(gap) = gap else {
            return;
        };
        let (name, rest) = (
            body.get(..gap).unwrap_or(""),
            body.get(gap..).unwrap_or("").trim(),
        );
        if name.is_empty() || rest.contains('\t') || !names_an_organisation_text(rest) {
            return;
        }
        let at = start + lead;
        if name_at(text, at, Strength::Cued) == Some(at + name.len()) && !already_found(out, at) {
            out.push(candidate(
                at,
                at + name.len(),
                text,
                None,
                Evidence::Borrowed("name_and_unit"),
            ));
        }
    }
}

/// Whether `s` ends like the name of a unit (`区应急管理局`, `某某街道办事处`).
pub(super) fn names_an_organisation_text(s: &str) -> bool {
    const ENDS: &[&str] = &[
        "局",
        "委",
        "办",
        "院",
        "校",
        "学",
        "中心",
        "公司",
        "街道",
        "社区",
        "镇",
        "乡",
        "村",
        "所",
        "站",
        "队",
        "部",
        "处",
        "科",
        "厅",
        "会",
        "馆",
        "团",
        "办事处",
        "医院",
        "支队",
        "大队",
    ];
    s.chars().count() <= 24 && ENDS.iter().any(|e| s.ends_with(e))
}
