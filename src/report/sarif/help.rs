//! What SARIF consumers show next to a result: the level a severity maps to, the
//! GitHub `security-severity` score, tags, and one help text per kind (Chinese, then
//! English) saying what was found and what to do before publication.

use crate::finding::{Kind, Severity};

/// SARIF `level`: critical/high block publication (`error`), medium needs review
/// (`warning`), low and info are for the record (`note`).
pub fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical | Severity::High => "error",
        Severity::Medium => "warning",
        Severity::Low | Severity::Info => "note",
    }
}

/// GitHub code scanning's `properties.security-severity` (a string from 0.1 to 10.0:
/// over 9.0 is critical, 7.0–8.9 high, 4.0–6.9 medium, 0.1–3.9 low).
pub fn security_severity(severity: Severity) -> &'static str {
    match severity {
        Severity::Critical => "9.5",
        Severity::High => "8.0",
        Severity::Medium => "5.5",
        Severity::Low => "3.0",
        Severity::Info => "1.0",
    }
}

/// Tags for filtering in code-scanning UIs (`security` makes GitHub read the score).
pub fn tags(kind: Kind) -> Vec<&'static str> {
    let topic = match kind {
        Kind::ClassificationMark => "classification",
        Kind::RestrictedTerm => "restricted-term",
        Kind::Uscc => "organisation",
        _ => "personal-data",
    };
    vec!["security", "baomi", topic, kind.as_str()]
}

/// The English label of a kind (the Chinese one is [`Kind::label_zh`]).
pub fn label_en(kind: Kind) -> &'static str {
    match kind {
        Kind::IdCard => "ID card number",
        Kind::MobilePhone => "mobile phone number",
        Kind::LandlinePhone => "landline phone number",
        Kind::BankCard => "bank card number",
        Kind::Email => "e-mail address",
        Kind::Passport => "passport number",
        Kind::TravelPermit => "travel permit number",
        Kind::LicensePlate => "licence plate",
        Kind::PersonName => "personal name",
        Kind::Address => "home address",
        Kind::Uscc => "unified social credit code",
        Kind::ClassificationMark => "classification mark",
        Kind::RestrictedTerm => "restricted term",
        Kind::SensitiveAttribute => "sensitive personal information",
    }
}

/// What the kind is and what to do, in Chinese and in English.
pub fn advice(kind: Kind) -> (&'static str, &'static str) {
    match kind {
        Kind::IdCard => (
            "居民身份证号码（含港澳台居民居住证）是个人信息。公开前去标识化：只保留前6位和后4位，如 430102********1234；出生日期不得露出。",
            "Resident ID number (incl. residence permits). Before publication mask it, keeping only the first 6 and last 4 characters, e.g. 430102********1234; the birth date must not show.",
        ),
        Kind::MobilePhone => (
            "手机号码是个人信息。公开前遮蔽中间4位，如 138****8000，或删除。",
            "A mobile number is personal data. Mask the middle four digits (138****8000) or remove it.",
        ),
        Kind::LandlinePhone => (
            "固定电话：个人住宅电话应删除或遮蔽；单位办公电话、服务热线可以公开，核实后豁免。",
            "Landline: remove or mask a private number; an office or service line may stay once checked (waive it).",
        ),
        Kind::BankCard => (
            "银行卡号是个人金融信息。最多保留前6位和后4位，如 622202*********1234，或删除。",
            "A bank card number is personal financial data. Keep at most the first 6 and last 4 digits, or remove it.",
        ),
        Kind::Email => (
            "个人电子邮箱：遮蔽用户名，如 z***@example.com，或删除；单位公开邮箱可以保留。",
            "Personal e-mail: mask the user part (z***@example.com) or remove it; a unit's public address may stay.",
        ),
        Kind::Passport => (
            "护照号码是个人信息：遮蔽中间部分或删除。",
            "A passport number is personal data: mask its middle part or remove it.",
        ),
        Kind::TravelPermit => (
            "港澳/台湾通行证、回乡证、台胞证号码是个人信息：遮蔽中间部分或删除。",
            "Travel permit numbers (Hong Kong, Macao, Taiwan) are personal data: mask the middle part or remove them.",
        ),
        Kind::LicensePlate => (
            "机动车号牌可识别个人：遮蔽部分字符，如 湘A·***12，或删除。",
            "A licence plate identifies a person: mask part of it (湘A·***12) or remove it.",
        ),
        Kind::PersonName => (
            "与其他个人信息同时出现的自然人姓名：除依法应当公开的以外，以“张某某”或“张**”替代。",
            "A natural person's name next to other personal data: unless the law requires it to be published, replace it with 张某某 or 张**.",
        ),
        Kind::Address => (
            "详细住址：只保留到街道或社区，删除门牌号、楼栋、单元和室号。",
            "Home address: keep the street or community only; remove house, building, unit and room numbers.",
        ),
        Kind::Uscc => (
            "统一社会信用代码是组织机构的公开代码，一般可以公开；个体工商户的代码与个人信息相关时应核实。",
            "The unified social credit code is an organisation's public code and may usually be published; check it when it belongs to a sole trader next to personal data.",
        ),
        Kind::ClassificationMark => (
            "密级标志（绝密、机密、秘密）或“内部”“不宜公开”等标注：此类文件不得公开。撤下文件，请定密责任人确认是否已解密或属于误标。",
            "A classification mark (绝密/机密/秘密) or an 'internal, not for publication' marking: do not publish. Remove the document and ask the classification officer whether it was declassified or mis-marked.",
        ),
        Kind::RestrictedTerm => (
            "本单位或基础规则集中的敏感词：结合上下文核实，确认可以公开后再发布，必要时删除或改写。",
            "A term from the unit's or the base rule set: check the context; publish only once cleared, otherwise remove or rewrite it.",
        ),
        Kind::SensitiveAttribute => (
            "与个人关联的敏感个人信息（健康、宗教信仰、违法犯罪记录、未成年人等）：删除该信息，或删除能识别个人的部分。",
            "Sensitive personal information tied to a person (health, religion, criminal record, minors …): remove it, or remove what identifies the person.",
        ),
    }
}

/// The rule's help as plain text and as Markdown. Info rules (correctly masked or public
/// values, shown for the record) say that nothing needs doing.
pub fn help(kind: Kind, severity: Severity, description: &str) -> (String, String) {
    let (zh, en) = advice(kind);
    let (label_zh, label_en) = (kind.label_zh(), label_en(kind));
    let (note_zh, note_en) = if severity == Severity::Info {
        (
            "\n已脱敏或属于公开信息：无需处理，仅作记录。",
            "\nAlready masked or public: no action needed, shown for the record.",
        )
    } else {
        ("", "")
    };
    let text = format!("{label_zh} / {label_en}\n{zh}{note_zh}\n{en}{note_en}\n{description}");
    let markdown = format!(
        "## {label_zh} / {label_en}\n\n{zh}{note_zh}\n\n{en}{note_en}\n\n*{}*",
        description.replace('*', "\\*")
    );
    (text, markdown)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn levels_follow_severity() {
        let cases = [
            (Severity::Critical, "error", "9.5"),
            (Severity::High, "error", "8.0"),
            (Severity::Medium, "warning", "5.5"),
            (Severity::Low, "note", "3.0"),
            (Severity::Info, "note", "1.0"),
        ];
        for (severity, want_level, want_score) in cases {
            assert_eq!(level(severity), want_level, "{severity}");
            assert_eq!(security_severity(severity), want_score, "{severity}");
        }
    }

    #[test]
    fn every_kind_has_bilingual_help() {
        for kind in Kind::ALL {
            let (zh, en) = advice(kind);
            assert!(
                zh.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{kind}"
            );
            assert!(en.starts_with(|c: char| c.is_ascii_uppercase()), "{kind}");
            assert!(tags(kind).contains(&"security"), "{kind}");
        }
        let (text, markdown) = help(Kind::IdCard, Severity::High, "身份证号");
        assert!(text.contains("430102********1234") && markdown.starts_with("## 身份证号"));
        assert!(!text.contains("无需处理"));
        assert!(help(Kind::IdCard, Severity::Info, "x")
            .0
            .contains("无需处理"));
    }
}
