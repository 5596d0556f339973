use crate::finding::{Kind, Severity};
use crate::ruleset::RuleSet;
use crate::Engine;

/// (kind, text, rule, severity) of every finding above info.
fn graded(text: &str) -> Vec<(Kind, String, String, Severity)> {
    let Ok(engine) = Engine::new(&RuleSet::base().unwrap_or_default()) else {
        return Vec::new();
    };
    engine
        .detect(text)
        .iter()
        .filter_map(|c| {
            let (rule, sev) = engine.grade(c)?;
            let value = text.get(c.start..c.end)?.to_string();
            Some((c.kind, value, rule.to_string(), sev))
        })
        .filter(|g| g.3 > Severity::Info)
        .collect()
}

fn severity_of(text: &str, value: &str) -> Option<Severity> {
    graded(text).into_iter().find(|g| g.1 == value).map(|g| g.3)
}

#[test]
fn name_with_id_in_one_row_is_high() {
    let text = "序号\t姓名\t身份证号\n1\t张伟\t11010519491231002X\n2\t李娜\t430102********1234\n";
    assert_eq!(severity_of(text, "张伟"), Some(Severity::High));
    // A masked ID does not raise the name beside it.
    assert_eq!(severity_of(text, "李娜"), Some(Severity::Medium));
}

#[test]
fn label_lines_form_one_record() {
    let text = "当事人：张伟\n性别：男\n身份证号：11010519491231002X\n\n违法事实：经查，当事人存在违法行为。";
    assert_eq!(severity_of(text, "张伟"), Some(Severity::High));
}

#[test]
fn names_in_separate_sentences_are_not_one_record() {
    let text = "申请人王建国提出申请。经审核，身份证号11010519491231002X的材料齐全。";
    assert_eq!(severity_of(text, "王建国"), Some(Severity::Medium));
}

#[test]
fn behind_mask_in_one_row() {
    let text = "姓名\t身份证号\t备注\n张伟\t110105********002X\t11010519491231002X\n";
    let rules: Vec<String> = graded(text).into_iter().map(|g| g.2).collect();
    assert!(
        rules.iter().any(|r| r == "pii.id_card.behind_mask"),
        "{rules:?}"
    );
}

#[test]
fn two_masks_together_reveal_the_id() {
    let text = "公示：身份证号110105********002X。\n附件：身份证号11010519491231****。";
    let rules: Vec<String> = graded(text).into_iter().map(|g| g.2).collect();
    assert!(
        rules.iter().any(|r| r == "pii.id_card.mask_union"),
        "{rules:?}"
    );
    let same = "甲：身份证号110105********002X。\n乙：身份证号110105********002X。";
    assert!(graded(same).iter().all(|g| g.2 != "pii.id_card.mask_union"));
}

#[test]
fn an_id_ending_a_row_is_not_a_card_with_the_next_serial() {
    // 510107196609139000 + `2` (the next row's 序号) passes Luhn as a 19-digit card.
    let text = "序号\t姓名\t身份证号\n1\t王**\t510107196609139000\n2\t李**\t510107197005029462\n";
    let kinds: Vec<(Kind, String)> = graded(text).into_iter().map(|g| (g.0, g.1)).collect();
    assert_eq!(
        kinds,
        vec![
            (Kind::IdCard, "510107196609139000".to_string()),
            (Kind::IdCard, "510107197005029462".to_string()),
        ]
    );
}

#[test]
fn a_units_published_landline_is_info() {
    for text in [
        "联系单位：开福区民政局政策法规科，联系电话：0731-84567890",
        "联系人文钢；电话：0731-84567890",
        "联系人：办公室，联系电话：0731-84567890",
    ] {
        assert!(graded(text).is_empty(), "{text}: {:?}", graded(text));
    }
    // A private person's home phone stays.
    let home = "申请人：张伟，家庭电话：0731-84567890";
    assert_eq!(severity_of(home, "0731-84567890"), Some(Severity::Medium));
}

/// Random text over the characters names, lists, records and masks react to: no panic,
/// spans on char boundaries, severities graded.
#[test]
fn random_inputs_keep_invariants() {
    let Ok(engine) = Engine::new(&RuleSet::base().unwrap_or_default()) else {
        return;
    };
    let alphabet: Vec<char> = "张王欧阳李伟娜某*、，。：\t\n 男女等同志当事人姓名区长·（）110105194912310023X4*号栋室住址患精神分裂症联系人办公室0731-"
        .chars()
        .collect();
    let mut rng = crate::synth::Rng::new(29);
    for _ in 0..5_000 {
        let text = rng.text(&alphabet, 60);
        for c in engine.detect(&text) {
            assert!(c.start < c.end && c.end <= text.len(), "{text:?}");
            assert!(
                text.is_char_boundary(c.start) && text.is_char_boundary(c.end),
                "{text:?}"
            );
            let _ = engine.grade(&c);
        }
    }
}
