use super::*;
use crate::finding::{Kind, Location, Sensitive, Severity};
use crate::ruleset::RuleSet;

fn finding(kind: Kind, rule: &str, value: &str) -> Finding {
    Finding {
        path: "a.txt".into(),
        unit: None,
        rule: rule.into(),
        kind,
        severity: Severity::High,
        value: Sensitive::new(value.into()),
        masked: "***".into(),
        location: Location::default(),
        offset: 0,
        context: Sensitive::new(String::new()),
        context_masked: String::new(),
        fingerprint: String::new(),
        hidden: false,
        confidence: 1.0,
        evidence: Vec::new(),
    }
}

fn mask(kind: Kind, rule: &str, value: &str) -> Masking {
    let rules = RuleSet::base().map(|r| r.redaction).unwrap_or_default();
    masking(&rules, &finding(kind, rule, value))
}

fn replaced(kind: Kind, rule: &str, value: &str) -> String {
    match mask(kind, rule, value) {
        Masking::Replace(s) => s,
        Masking::Refuse(r) => format!("REFUSED {r}"),
    }
}

#[test]
fn base_pack_masks_follow_common_practice() {
    assert_eq!(
        replaced(Kind::IdCard, "pii.id_card", "43010219900101123X"),
        "430102********123X"
    );
    assert_eq!(
        replaced(Kind::IdCard, "pii.id_card", "430102 19900101 123X"),
        "430102 ******** 123X"
    );
    assert_eq!(
        replaced(
            Kind::IdCard,
            "pii.id_card",
            "４３０１０２１９９００１０１１２３Ｘ"
        ),
        "４３０１０２********１２３Ｘ"
    );
    assert_eq!(
        replaced(Kind::MobilePhone, "pii.mobile_phone", "138-0013-8000"),
        "138-****-8000"
    );
    assert_eq!(
        replaced(Kind::BankCard, "pii.bank_card", "6222 0212 3456 7890"),
        "**** **** **** 7890"
    );
    assert_eq!(replaced(Kind::PersonName, "pii.person_name", "张三"), "张*");
    assert_eq!(
        replaced(Kind::PersonName, "pii.person_name", "欧阳娜娜"),
        "欧阳**"
    );
    assert_eq!(
        replaced(Kind::PersonName, "pii.person_name", "阿依古丽·买买提"),
        "阿***·***"
    );
    assert_eq!(
        replaced(Kind::Email, "pii.email", "zhangsan@example.com"),
        "z*******@example.com"
    );
    assert_eq!(
        replaced(
            Kind::Address,
            "pii.address",
            "长沙市岳麓区银盆岭街道银杉路31号3栋201室"
        ),
        "长沙市岳麓区银盆岭街道************"
    );
    assert_eq!(
        replaced(Kind::Address, "pii.address", "芙蓉区五一大道8号"),
        "芙蓉区******"
    );
    assert_eq!(
        replaced(Kind::RestrictedTerm, "terms.base.internal", "内部资料"),
        "〔已删除〕"
    );
    assert_eq!(
        replaced(Kind::LicensePlate, "pii.license_plate", "湘A12345"),
        "湘A*****"
    );
}

#[test]
fn a_weak_mask_loses_its_birth_date_not_its_stars() {
    assert_eq!(
        replaced(Kind::IdCard, "pii.id_card.weak_mask", "43010219900101****"),
        "430102************"
    );
}

#[test]
fn classification_is_refused() {
    assert!(
        matches!(mask(Kind::ClassificationMark, "mark.classification", "机密★"), Masking::Refuse(r) if r.contains("涉密文件不得公开发布"))
    );
}

#[test]
fn unit_entries_replace_by_kind_and_rule() -> Result<(), crate::ruleset::RuleError> {
    let mut rules = RuleSet::base()?;
    rules.merge(crate::ruleset::load_str(
        "unit.toml",
        r#"
[[redact]]
kind = "person_name"
mask = "surname"
fill = "某"

[[redact]]
rule = "pii.id_card"
mask = "keep_ends"
head = 0
tail = 4
"#,
    )?);
    let f = |k, r, v| masking(&rules.redaction, &finding(k, r, v));
    assert_eq!(
        f(Kind::PersonName, "pii.person_name", "张三丰"),
        Masking::Replace("张某".into())
    );
    assert_eq!(
        f(Kind::IdCard, "pii.id_card", "43010219900101123X"),
        Masking::Replace("**************123X".into())
    );
    // Another rule of the kind keeps the base entry.
    assert_eq!(
        f(
            Kind::IdCard,
            "pii.id_card.excel_number",
            "430102199001011000"
        ),
        Masking::Replace("430102********1000".into())
    );
    Ok(())
}

#[test]
fn bad_entries_are_refused_with_the_file() {
    for text in [
        "[[redact]]\nmask = \"refuse\"",
        "[[redact]]\nkind = \"id_card\"\nmask = \"placeholder\"",
        "[[redact]]\nkind = \"id_card\"\nmask = \"keep_ends\"\nfill = \"**\"\nhead = 1",
        "[[redact]]\nkind = \"id_card\"\nmask = \"keep_ends\"",
        "[[redact]]\nkind = \"id_card\"\nmask = \"blur\"",
    ] {
        let e = crate::ruleset::load_str("u.toml", text)
            .err()
            .map(|e| e.to_string());
        assert!(
            e.as_deref().is_some_and(|e| e.starts_with("u.toml")),
            "{text}: {e:?}"
        );
    }
}
