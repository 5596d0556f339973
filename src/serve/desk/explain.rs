//! Reviewer-facing Chinese for the finding vocabulary: why a finding was flagged (its
//! evidence), what a hidden channel means, what a decision is called.

use crate::finding::Severity;

/// One evidence entry in words a reviewer reads at a glance.
pub fn evidence_zh(e: &str) -> String {
    let (head, rest) = e.split_once(':').unwrap_or((e, ""));
    match (head, rest) {
        ("checksum", "GB11643") => "校验位正确（GB 11643 身份证号码）".into(),
        ("checksum", "GB32100") => "校验位正确（GB 32100 统一社会信用代码）".into(),
        ("checksum", std) => format!("校验位正确（{std}）"),
        ("luhn", _) => "卡号校验（Luhn）通过".into(),
        ("birth_date", _) => "出生日期有效".into(),
        ("birth_date_visible", _) => "出生日期未遮盖".into(),
        ("cue", w) => format!("提示词「{w}」"),
        ("label", w) => format!("标签「{w}」"),
        ("lead", w) => format!("引导词「{w}」"),
        ("column", h) => format!("列标题「{h}」"),
        ("home", w) => format!("住址提示「{w}」"),
        ("unit", w) => format!("单位信息「{w}」"),
        ("record", kinds) => format!(
            "同一条记录中有：{}",
            kinds
                .split('+')
                .map(record_part_zh)
                .collect::<Vec<_>>()
                .join("、")
        ),
        ("category", c) => format!("敏感类别：{}", category_zh(c)),
        ("stored_as_number", _) => "被 Excel 存成数字（末几位丢失，地区和出生日期仍可见）".into(),
        ("behind_mask", _) => "同一行另有遮盖后的号码：此处是未遮盖的原值".into(),
        ("mask_union", _) => "与另一处遮盖不同的号码合起来可还原全部".into(),
        ("masked", _) => "已遮盖".into(),
        ("exempt", _) => "本单位规则豁免（公开的单位信息）".into(),
        ("official", why) => format!("公务身份出现（{why}）"),
        ("tied", _) => "与遮盖后的姓名同处一条记录".into(),
        ("near", _) => "靠近固定电话".into(),
        ("allocated_segment", _) => "号段已分配".into(),
        ("review", _) => review_zh(rest),
        _ => e.to_string(),
    }
}

/// `accepted-risk by 王审核 2026-11-20: 依法公示` → `王审核 2026-11-20 判定「确认风险可发布」：依法公示`.
fn review_zh(rest: &str) -> String {
    let (head, reason) = rest.split_once(": ").unwrap_or((rest, ""));
    let mut words = head.split_whitespace();
    let decision = words.next().unwrap_or("");
    let by: Vec<&str> = words.filter(|w| *w != "by").collect();
    format!(
        "{} 判定「{}」：{reason}",
        by.join(" "),
        decision_zh(decision)
    )
}

fn record_part_zh(part: &str) -> &str {
    match part {
        "person_name" => "姓名",
        "identifier" => "证件号码",
        "address" => "住址",
        "sensitive_attribute" => "敏感个人信息",
        "phone" | "mobile_phone" => "电话",
        other => other,
    }
}

fn category_zh(c: &str) -> &str {
    match c {
        "health" => "健康",
        "religion" => "宗教信仰",
        "criminal" => "违法犯罪记录",
        "minor" => "未成年人",
        "biometric" => "生物识别",
        "sexual_orientation" => "性取向",
        other => other,
    }
}

pub fn severity_zh(s: Severity) -> &'static str {
    s.label_zh()
}

/// Why text in a hidden channel matters.
pub fn hidden_warning(part_zh: &str) -> String {
    format!("藏在「{part_zh}」中：读者打开文件时看不到，但文件里仍有，发布后可被读出")
}

pub fn decision_zh(d: &str) -> &'static str {
    match d {
        "false-positive" => "误报",
        "accepted-risk" => "确认风险可发布",
        "to-fix" => "待修改",
        "fixed" => "已修改",
        _ => "其他",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_reads_as_chinese() {
        assert_eq!(
            evidence_zh("checksum:GB11643"),
            "校验位正确（GB 11643 身份证号码）"
        );
        assert_eq!(evidence_zh("column:身份证号"), "列标题「身份证号」");
        assert_eq!(
            evidence_zh("review:accepted-risk by 王审核 2026-11-20: 依法公示"),
            "王审核 2026-11-20 判定「确认风险可发布」：依法公示"
        );
        assert_eq!(evidence_zh("something_new"), "something_new");
    }
}
