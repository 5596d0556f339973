//! Property tests over generated identifiers, through the library (`scan_str`) for speed:
//! a valid value embedded in random Chinese text is found where it is; a one-digit change
//! that breaks its checksum or shape makes it stop being that identifier.

use std::sync::OnceLock;

use baomi::ruleset::RuleSet;
use baomi::scan::scan_str;
use baomi::{Engine, Finding, Kind};
use proptest::prelude::*;
use proptest::sample::select;

use crate::harness::{id18, is_luhn_valid, luhn_check};

const CASES: u32 = 256;

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: CASES,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

fn engine() -> &'static Engine {
    static ENGINE: OnceLock<Engine> = OnceLock::new();
    ENGINE.get_or_init(|| {
        let rules = RuleSet::base().unwrap_or_else(|e| panic!("base rule pack: {e}"));
        Engine::new(&rules).unwrap_or_else(|e| panic!("engine: {e}"))
    })
}

fn scan(text: &str) -> Vec<Finding> {
    scan_str(engine(), "property", text)
}

/// Common Han characters and full-width punctuation; characters of cue words, marks,
/// base terms and plate provinces are filtered out by [`FORBIDDEN`], so the surrounding
/// text never says what a number is.
const POOL_SOURCE: &str = "的是在了和有这中大为上个以要时来们生到作地于出就分成会可下过说种面而后多定学所得经之进着等度家力里如水化高自理起小物现实加量都两体当使点从本去把性好应它合还因由其些然前外天四那义事平形相全表间样与关各数正心反明看原又么利比但气第向道此变只没结解问意无很情者最立想已并直题程展果料象入常总品活设及管特件长求老头基边流路级少图山接知较将见计别角期根论农指几区强放决被干做必先则任取据处研，。、；！？";
const FORBIDDEN: &str = "身份证号码公民件居住社会保障驾驶编手机移动电话联系方式座传真热线服务拨打监督投诉咨询卡银行账帐户开一通存折护照回乡台胞订单码流水发票合同文批次序列条运快递凭案项目代信用财政专非税对公办室值绝密秘内部资料工作不予此依申请级仅供参考阅得外传严禁请勿限使用送审稿讨论过程征求意见京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼港澳某年月日";

fn pool() -> Vec<char> {
    POOL_SOURCE
        .chars()
        .filter(|c| !FORBIDDEN.contains(*c))
        .collect()
}

fn han_text(max: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec(select(pool()), 0..max).prop_map(|v| v.into_iter().collect())
}

fn days_in_month(y: u32, m: u32) -> u32 {
    match m {
        2 if (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// A GB 11643 ID: province from a fixed set, 4 random digits, a real birth date
/// 1940–2020, 3 random digits, the computed check character.
fn id_card() -> impl Strategy<Value = String> {
    (
        select(vec![11u32, 31, 43, 44, 51, 65]),
        0u32..10_000,
        1940u32..=2020,
        1u32..=12,
        1u32..=31,
        0u32..1000,
    )
        .prop_map(|(province, area, y, m, d, seq)| {
            let d = d.min(days_in_month(y, m));
            id18(&format!("{province:02}{area:04}{y:04}{m:02}{d:02}{seq:03}"))
        })
}

/// A Luhn-valid 19-digit UnionPay card `622202…`.
fn bank_card() -> impl Strategy<Value = String> {
    proptest::collection::vec(0u8..10, 12).prop_map(|digits| {
        let payload: String = std::iter::once("622202".to_string())
            .chain(digits.iter().map(|d| d.to_string()))
            .collect();
        format!("{payload}{}", luhn_check(&payload))
    })
}

const ALLOCATED: [u32; 10] = [130, 135, 139, 150, 158, 166, 177, 186, 191, 199];
const UNALLOCATED: [u32; 8] = [140, 141, 146, 154, 160, 163, 169, 194];

fn mobile(prefixes: &'static [u32]) -> impl Strategy<Value = String> {
    (select(prefixes), 0u32..100_000_000).prop_map(|(p, rest)| format!("{p}{rest:08}"))
}

/// `value` with the digit at `pos` replaced by a different digit (`delta` in 1..=9).
fn change_digit(value: &str, pos: usize, delta: u8) -> String {
    value
        .bytes()
        .enumerate()
        .map(|(i, b)| {
            if i == pos && b.is_ascii_digit() {
                char::from(b'0' + (b - b'0' + delta) % 10)
            } else {
                char::from(b)
            }
        })
        .collect()
}

fn with_rule<'a>(findings: &'a [Finding], rule: &str, value: &str) -> Vec<&'a Finding> {
    findings
        .iter()
        .filter(|f| f.rule == rule && f.value.expose() == value)
        .collect()
}

fn brief(findings: &[Finding]) -> Vec<String> {
    findings
        .iter()
        .map(|f| format!("{} {} {:?}", f.rule, f.location, f.evidence))
        .collect()
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn property_000_valid_id_in_han_text_is_found(
        head in han_text(40), id in id_card(), tail in han_text(40)
    ) {
        let text = format!("{head}{id}{tail}");
        let findings = scan(&text);
        let hits = with_rule(&findings, "pii.id_card", &id);
        prop_assert_eq!(hits.len(), 1, "{} in {}: {:?}", id, text, brief(&findings));
        prop_assert_eq!(hits[0].kind, Kind::IdCard);
        prop_assert_eq!(hits[0].location.line, Some(1));
        prop_assert_eq!(hits[0].location.column, Some(head.chars().count() as u64 + 1));
    }

    #[test]
    fn property_010_id_with_one_digit_changed_is_not_an_id(
        head in han_text(40), id in id_card(), pos in 0usize..18, delta in 1u8..10,
        tail in han_text(40)
    ) {
        // The last character may be X; then change the one before it.
        let pos = if id.as_bytes()[pos].is_ascii_digit() { pos } else { pos - 1 };
        let changed = change_digit(&id, pos, delta);
        prop_assert_ne!(&changed, &id);
        let text = format!("{head}{changed}{tail}");
        let findings = scan(&text);
        prop_assert!(
            with_rule(&findings, "pii.id_card", &changed).is_empty(),
            "{} (from {}) reported as an ID: {:?}", changed, id, brief(&findings)
        );
    }

    #[test]
    fn property_020_luhn_card_after_cue_is_found(
        head in han_text(30), card in bank_card(), tail in han_text(30)
    ) {
        prop_assert!(is_luhn_valid(&card));
        let text = format!("{head}卡号：{card}{tail}");
        let findings = scan(&text);
        let hits = with_rule(&findings, "pii.bank_card", &card);
        prop_assert_eq!(hits.len(), 1, "{} in {}: {:?}", card, text, brief(&findings));
        prop_assert_eq!(hits[0].kind, Kind::BankCard);
        prop_assert!(hits[0].evidence.iter().any(|e| e == "issuer_prefix+luhn"), "{:?}", hits[0].evidence);
        prop_assert_eq!(hits[0].location.column, Some(head.chars().count() as u64 + 4));
    }

    #[test]
    fn property_030_card_with_one_digit_changed_fails_luhn(
        head in han_text(30), card in bank_card(), pos in 0usize..19, delta in 1u8..10,
        tail in han_text(30)
    ) {
        let changed = change_digit(&card, pos, delta);
        prop_assert!(!is_luhn_valid(&changed));
        // After the cue, a 62… number without a Luhn digit is still reported by design
        // (some UnionPay cards carry none), but never on Luhn evidence.
        let cued = scan(&format!("{head}卡号：{changed}{tail}"));
        for f in with_rule(&cued, "pii.bank_card", &changed) {
            prop_assert!(changed.starts_with("62"), "{} reported: {:?}", changed, f.evidence);
            prop_assert!(
                f.evidence.iter().all(|e| !e.contains("luhn")),
                "{} (from {}) reported on Luhn evidence: {:?}", changed, card, f.evidence
            );
        }
        // Without a cue it is no card at all.
        let bare = scan(&format!("{head}{changed}{tail}"));
        prop_assert!(
            bare.iter().all(|f| f.rule != "pii.bank_card"),
            "{} (from {}) reported as a card: {:?}", changed, card, brief(&bare)
        );
    }

    #[test]
    fn property_040_allocated_mobile_after_cue_is_found(
        head in han_text(30), number in mobile(&ALLOCATED), tail in han_text(30)
    ) {
        let text = format!("{head}手机：{number}{tail}");
        let findings = scan(&text);
        let hits = with_rule(&findings, "pii.mobile_phone", &number);
        prop_assert_eq!(hits.len(), 1, "{} in {}: {:?}", number, text, brief(&findings));
        prop_assert_eq!(hits[0].kind, Kind::MobilePhone);
        prop_assert_eq!(hits[0].location.column, Some(head.chars().count() as u64 + 4));
    }

    #[test]
    fn property_050_mobile_changed_in_first_two_digits_is_not_a_mobile(
        head in han_text(30), number in mobile(&ALLOCATED), first in 0usize..2,
        delta in 1u8..10, tail in han_text(30)
    ) {
        // Position 0 leaves `1`; position 1 becomes 0–2 only for some deltas, so map the
        // second digit onto 0, 1 or 2 directly.
        let changed = if first == 0 {
            change_digit(&number, 0, delta)
        } else {
            let second = number.as_bytes()[1] - b'0';
            change_digit(&number, 1, (10 + delta % 3 - second) % 10)
        };
        prop_assert_ne!(&changed, &number);
        let findings = scan(&format!("{head}手机：{changed}{tail}"));
        prop_assert!(
            findings.iter().all(|f| f.rule != "pii.mobile_phone"),
            "{} (from {}) reported as a mobile: {:?}", changed, number, brief(&findings)
        );
    }

    #[test]
    fn property_060_mobile_changed_after_the_second_digit_is_still_found_after_cue(
        head in han_text(30), number in mobile(&ALLOCATED), pos in 2usize..11,
        delta in 1u8..10, tail in han_text(30)
    ) {
        let changed = change_digit(&number, pos, delta);
        let findings = scan(&format!("{head}手机：{changed}{tail}"));
        prop_assert_eq!(
            with_rule(&findings, "pii.mobile_phone", &changed).len(), 1,
            "{} (from {}): {:?}", changed, number, brief(&findings)
        );
    }

    #[test]
    fn property_070_unallocated_mobile_without_cue_is_silent(
        head in han_text(30), number in mobile(&UNALLOCATED), tail in han_text(30)
    ) {
        let findings = scan(&format!("{head}{number}{tail}"));
        prop_assert!(
            findings.iter().all(|f| f.rule != "pii.mobile_phone"),
            "{} reported: {:?}", number, brief(&findings)
        );
    }
}

#[test]
fn property_100_pool_is_clean_text() {
    let pool = pool();
    assert!(pool.len() > 100, "pool of {}", pool.len());
    let text: String = pool.iter().collect();
    assert!(scan(&text).is_empty(), "{:?}", brief(&scan(&text)));
    assert!(pool.iter().all(|c| !c.is_ascii()));
}
