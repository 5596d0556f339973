//! The mask each finding gets in the publishable copy, from the `[[redact]]` entries of the
//! rule packs (`rules/base/redact.toml`, replaced per unit).

use crate::detect::names::{is_name_dot, surname_len};
use crate::finding::Finding;
use crate::mask::keep_ends_filled;
use crate::ruleset::{MaskStyle, RedactRule};

/// What to do with one finding.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Masking {
    Replace(String),
    /// Masking cannot fix it; the reason (Chinese) says why and what to do.
    Refuse(String),
}

/// The entry for `f`: its rule's, else its kind's.
pub fn entry<'r>(rules: &'r [RedactRule], f: &Finding) -> Option<&'r RedactRule> {
    rules
        .iter()
        .find(|r| r.rule.as_deref() == Some(f.rule.as_str()))
        .or_else(|| {
            rules
                .iter()
                .find(|r| r.rule.is_none() && r.kind == Some(f.kind))
        })
}

/// The mask of `f` under `rules`. A finding with no entry has every letter and digit
/// masked: an unknown kind is never published as is.
pub fn masking(rules: &[RedactRule], f: &Finding) -> Masking {
    let raw = f.value.expose();
    let Some(r) = entry(rules, f) else {
        return Masking::Replace(keep_ends_filled(raw, 0, 0, '*'));
    };
    let fill = r
        .fill
        .as_deref()
        .and_then(|s| s.chars().next())
        .unwrap_or('*');
    match r.mask {
        MaskStyle::KeepEnds => Masking::Replace(keep_ends_filled(raw, r.head, r.tail, fill)),
        MaskStyle::Surname => Masking::Replace(surname(raw, fill)),
        MaskStyle::Email => Masking::Replace(email(raw, fill)),
        MaskStyle::ToStreet => Masking::Replace(to_street(raw, fill)),
        MaskStyle::Placeholder => Masking::Replace(r.text.clone().unwrap_or_default()),
        MaskStyle::Refuse => Masking::Refuse(refusal(f)),
    }
}

fn refusal(f: &Finding) -> String {
    match f.kind {
        crate::finding::Kind::ClassificationMark => format!(
            "含密级标志（{}，{}）：涉密文件不得公开发布，不能靠脱敏处理，请按保密规定办理",
            f.masked,
            f.location.without_people()
        ),
        kind => format!(
            "{}（{}，{}）按本单位规则不能自动脱敏：请人工修改源文件",
            kind.label_zh(),
            f.masked,
            f.location.without_people()
        ),
    }
}

/// `张三` → `张*`, `欧阳娜娜` → `欧阳**`, with `某`: `张某`. Spaces and name dots stay.
fn surname(raw: &str, fill: char) -> String {
    let lead = raw.len() - raw.trim_start().len();
    let name = raw.get(lead..).unwrap_or(raw);
    let keep = surname_len(name).unwrap_or_else(|| name.chars().next().map_or(0, char::len_utf8));
    let (kept, rest) = name.split_at(keep.min(name.len()));
    let mut out = String::from(raw.get(..lead).unwrap_or(""));
    out.push_str(kept);
    if fill == '某' {
        out.push('某');
        return out;
    }
    out.extend(rest.chars().map(|c| {
        if c.is_whitespace() || is_name_dot(c) {
            c
        } else {
            fill
        }
    }));
    out
}

fn email(raw: &str, fill: char) -> String {
    match raw.split_once('@') {
        Some((local, domain)) => {
            let first: String = local.chars().take(1).collect();
            let n = local.chars().count().saturating_sub(1).max(3);
            format!("{first}{}@{domain}", fill.to_string().repeat(n))
        }
        None => keep_ends_filled(raw, 1, 0, fill),
    }
}

/// Keeps the administrative part of an address (down to 街道/镇/乡, else the district or
/// county, else the city) and fills the rest: road, number, building and room go.
fn to_street(raw: &str, fill: char) -> String {
    let cut = ["街道", "镇", "乡", "苏木"]
        .iter()
        .filter_map(|w| raw.rfind(w).map(|i| i + w.len()))
        .max()
        .or_else(|| {
            ["区", "县", "旗"]
                .iter()
                .filter_map(|w| raw.rfind(w).map(|i| i + w.len()))
                .max()
        })
        .or_else(|| raw.rfind('市').map(|i| i + '市'.len_utf8()))
        .unwrap_or(0);
    let (kept, rest) = raw.split_at(cut);
    if rest.trim().is_empty() {
        // Nothing below the street was found: keep only the first two characters.
        let head: String = raw.chars().take(2).collect();
        let masked = raw
            .chars()
            .skip(2)
            .map(|c| if c.is_whitespace() { c } else { fill });
        return head.chars().chain(masked).collect();
    }
    let mut out = kept.to_string();
    out.extend(
        rest.chars()
            .map(|c| if c.is_whitespace() { c } else { fill }),
    );
    out
}

#[cfg(test)]
mod tests;
