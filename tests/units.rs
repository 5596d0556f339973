//! Per-unit rule packs: inheritance over three levels, overrides, exemptions reported at
//! info, the unit's threshold, unknown units and broken packs as usage errors, and the
//! packs' own examples (`baomi rules test`).

use baomi::ruleset::{self_test, Packs, RuleSet};
use baomi::Engine;

use crate::harness::Sandbox;

/// A third level: a 街道 pack over 区民政局 over the base.
const STREET: &str = r#"
[unit]
name = "某街道办事处"
extends = "区民政局"

[[override]]
id = "pii.landline_phone"
severity = "medium"
reason = "the street office does not publish landlines"

[[override]]
id = "terms.区民政局.困难情形"
enabled = false

[[terms]]
id = "terms.某街道.网格"
severity = "high"
file = "网格词.txt"
examples.match = ["网格员台账"]

[exempt]
values = ["13800138000"]
paths = ["已审核/**"]
"#;

fn street_dir(sandbox: &Sandbox) -> String {
    sandbox.write("units/某街道办事处.toml", STREET);
    // A term file in GBK, as reviewers save them.
    let (gbk, _, _) = encoding_rs::GBK.encode("# 网格\n网格员台账\n");
    sandbox.write("units/网格词.txt", gbk.as_ref());
    sandbox.path().join("units").display().to_string()
}

#[test]
fn units_000_three_levels_of_inheritance_and_overrides() {
    let sandbox = Sandbox::new();
    let dir = street_dir(&sandbox);
    let mut packs = Packs::embedded().unwrap();
    packs.load_dir(std::path::Path::new(&dir)).unwrap();
    let rules = packs
        .resolve(RuleSet::base().unwrap(), "某街道办事处")
        .unwrap();
    assert_eq!(rules.unit.as_deref(), Some("某街道办事处"));
    // Level 2's threshold is inherited (the street pack sets none).
    assert_eq!(rules.fail_on, Some(baomi::Severity::Medium));
    let landline = rules.rule("pii.landline_phone").unwrap();
    assert_eq!(
        landline.severity,
        baomi::Severity::Medium,
        "level 3 wins over level 2's low"
    );
    let relief = rules
        .term_lists
        .iter()
        .find(|t| t.id == "terms.区民政局.审核过程");
    assert!(relief.is_some_and(|t| t.enabled), "level 2 list inherited");
    let hardship = rules
        .term_lists
        .iter()
        .find(|t| t.id == "terms.区民政局.困难情形");
    assert!(hardship.is_some_and(|t| !t.enabled), "level 3 disables it");
    let grid = rules
        .term_lists
        .iter()
        .find(|t| t.id == "terms.某街道.网格")
        .unwrap();
    assert_eq!(
        grid.terms,
        vec!["网格员台账".to_string()],
        "terms from the GBK file"
    );
    assert!(rules.rule("pii.id_card").is_some(), "base rules kept");
    let engine = Engine::new(&rules).unwrap();
    assert!(self_test(&rules, &engine, None).is_empty());
}

#[test]
fn units_010_exemptions_are_reported_at_info_with_the_reason() {
    let sandbox = Sandbox::new();
    let dir = street_dir(&sandbox);
    sandbox.write(
        "通知.txt",
        "联系电话：13800138000，经办人手机13912345678。\n",
    );
    sandbox.write("已审核/旧通知.txt", "经办人手机13912345678。\n");
    let out = sandbox.run(&[
        "scan",
        "--format",
        "jsonl",
        "--unit",
        "某街道办事处",
        "--rules-dir",
        &dir,
        "通知.txt",
        "已审核/旧通知.txt",
    ]);
    let lines = out.lines();
    let findings: Vec<_> = lines.iter().filter(|l| l.get("rule").is_some()).collect();
    assert_eq!(findings.len(), 3, "{}", out.dump());
    for f in &findings {
        assert_eq!(f["unit"], "某街道办事处");
    }
    let by_text = |path: &str, text: &str| {
        findings
            .iter()
            .find(|f| f["path"] == path && f["text"] == text)
            .unwrap_or_else(|| panic!("{path} {text}\n{}", out.dump()))
    };
    let exempt = by_text("通知.txt", "138****8000");
    assert_eq!(exempt["severity"], "info");
    assert!(
        exempt["evidence"].to_string().contains("exempt:value"),
        "{exempt}"
    );
    assert_eq!(by_text("通知.txt", "139****5678")["severity"], "high");
    let archived = by_text("已审核/旧通知.txt", "139****5678");
    assert_eq!(archived["severity"], "info");
    assert!(archived["evidence"]
        .to_string()
        .contains("exempt:path:已审核/**"));
    out.expect_code(1);
}

#[test]
fn units_020_the_units_threshold_applies_unless_the_flag_says_otherwise() {
    let sandbox = Sandbox::new();
    // A medium finding: 区民政局 lists 致困原因 at medium and fails at medium.
    sandbox.write("名单.txt", "张某，致困原因：因病。\n");
    sandbox.run(&["scan", "名单.txt"]).expect_code(0);
    sandbox
        .run(&["scan", "--unit", "区民政局", "名单.txt"])
        .expect_code(1);
    sandbox
        .run(&[
            "scan",
            "--unit",
            "区民政局",
            "--fail-on",
            "high",
            "名单.txt",
        ])
        .expect_code(0);
}

#[test]
fn units_030_unknown_units_and_broken_packs_are_usage_errors() {
    let sandbox = Sandbox::new();
    sandbox.write("a.txt", "x");
    let out = sandbox.run(&["scan", "--unit", "区财政局", "a.txt"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("区民政局") && out.stderr.contains("区公安分局"),
        "{}",
        out.dump()
    );
    sandbox.write("loop/a.toml", "[unit]\nname = \"甲\"\nextends = \"乙\"\n");
    sandbox.write("loop/b.toml", "[unit]\nname = \"乙\"\nextends = \"甲\"\n");
    let out = sandbox.run(&["scan", "--unit", "甲", "--rules-dir", "loop", "a.txt"]);
    out.expect_code(2);
    assert!(out.stderr.contains("loops"), "{}", out.dump());
    sandbox.write(
        "bad/c.toml",
        "[unit]\nname = \"丙\"\n\n[[override]]\nid = \"pii.nope\"\nseverity = \"low\"\n",
    );
    let out = sandbox.run(&["rules", "check", "bad"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("c.toml") && out.stderr.contains("pii.nope"),
        "{}",
        out.dump()
    );
    sandbox.write(
        "typo/d.toml",
        "[unit]\nname = \"丁\"\nfail_on = \"severe\"\n",
    );
    let out = sandbox.run(&["rules", "check", "typo"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("d.toml") && out.stderr.contains("line 3"),
        "{}",
        out.dump()
    );
}

#[test]
fn units_040_rules_test_fails_on_a_broken_example_and_list_shows_origins() {
    let sandbox = Sandbox::new();
    sandbox.run(&["rules", "test"]).expect_code(0);
    sandbox.write(
        "units/e.toml",
        "[unit]\nname = \"戊\"\n\n[[terms]]\nid = \"terms.戊.x\"\nseverity = \"high\"\n\
         terms = [\"专案材料\"]\nexamples.match = [\"这里没有那个词\"]\n",
    );
    let out = sandbox.run(&["rules", "test", "units"]);
    out.expect_code(1);
    assert!(
        out.stdout.contains("FAIL") && out.stdout.contains("terms.戊.x"),
        "{}",
        out.dump()
    );
    let out = sandbox.run(&["rules", "list", "--unit", "区民政局"]);
    out.expect_code(0);
    assert!(out.stdout.contains("fail_on: medium"), "{}", out.dump());
    assert!(
        out.stdout.lines().any(|l| l.contains("pii.landline_phone ")
            && l.contains("override rules/units/区民政局.toml")),
        "{}",
        out.dump()
    );
}

#[test]
fn units_050_baomi_toml_maps_paths_to_units_and_the_summary_is_per_unit() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "baomi.toml",
        "[units]\n\"民政/**\" = \"区民政局\"\n\"民政/公安联办/**\" = \"区公安分局\"\n",
    );
    // 区民政局 lists 致困原因 (medium) and fails at medium; the police pack does not list it.
    sandbox.write("民政/名单.txt", "申请人致困原因：因病。\n");
    sandbox.write(
        "民政/公安联办/通报.txt",
        "致困原因：因病。根据案件线索开展工作。\n",
    );
    sandbox.write("其他/说明.txt", "致困原因：因病。\n");
    let out = sandbox.run(&["scan", "--format", "jsonl", "民政", "其他"]);
    out.expect_code(1);
    let findings = out.findings();
    let unit_of = |path: &str| {
        findings
            .iter()
            .filter(|f| f.path == path)
            .map(|f| (f.unit.clone(), f.rule.clone()))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        unit_of("民政/名单.txt"),
        vec![(Some("区民政局".into()), "terms.区民政局.困难情形".into())]
    );
    // The longest matching pattern wins.
    assert_eq!(
        unit_of("民政/公安联办/通报.txt"),
        vec![(Some("区公安分局".into()), "terms.区公安分局.侦查".into())]
    );
    assert!(unit_of("其他/说明.txt").is_empty(), "base rules only");
    let summary = out.summary();
    let by_unit = &summary["by_unit"];
    assert_eq!(by_unit["区民政局"]["files"], 1);
    assert_eq!(by_unit["区民政局"]["fail_on"], "medium");
    assert_eq!(by_unit["区民政局"]["passed"], false);
    assert_eq!(by_unit["区公安分局"]["passed"], false);
    // The flag wins over the config.
    let out = sandbox.run(&["scan", "--format", "jsonl", "--unit", "区公安分局", "民政"]);
    assert!(out
        .findings()
        .iter()
        .all(|f| f.unit.as_deref() == Some("区公安分局")));
    let text = sandbox.run(&["scan", "民政"]);
    assert!(
        text.stdout.contains("单位 unit 区民政局") && text.stdout.contains("不通过(fail)"),
        "{}",
        text.dump()
    );
}

#[test]
fn units_060_regex_rules_run_behind_their_keywords() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "units/法院.toml",
        r#"
[unit]
name = "区法院"

[[regex]]
id = "regex.区法院.刑事案号"
kind = "restricted_term"
severity = "high"
pattern = '（20\d\d）[\p{Han}]{1,4}\d{4}刑初\d+号'
keywords = ["刑初"]
examples.match = ["（2024）湘0102刑初123号"]
examples.no_match = [{ text = "（2024）湘0102民初123号", why = "a civil case" }]
"#,
    );
    sandbox.run(&["rules", "test", "units"]).expect_code(0);
    sandbox.write("判决.txt", "案号：（2024）湘0102刑初123号\n");
    let out = sandbox.run(&[
        "scan",
        "--format",
        "jsonl",
        "--unit",
        "区法院",
        "--rules-dir",
        "units",
        "判决.txt",
    ]);
    let rules: Vec<String> = out.findings().into_iter().map(|f| f.rule).collect();
    assert_eq!(
        rules,
        vec!["regex.区法院.刑事案号".to_string()],
        "{}",
        out.dump()
    );
    sandbox.write(
        "broken/x.toml",
        "[unit]\nname = \"己\"\n\n[[regex]]\nid = \"regex.x\"\nkind = \"email\"\nseverity = \"low\"\npattern = \"(\"\n",
    );
    let out = sandbox.run(&["rules", "check", "broken"]);
    out.expect_code(2);
    assert!(
        out.stderr.contains("x.toml") && out.stderr.contains("regex.x"),
        "{}",
        out.dump()
    );
}

#[test]
fn units_070_sensitive_attributes_need_a_person_on_the_line() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "名单.txt",
        "关于加强精神疾病防治工作的通知\n序号\t身份证号\t类别\n1\t11010519491231002X\t精神残疾\n",
    );
    let out = sandbox.run(&["scan", "--format", "jsonl", "名单.txt"]);
    let attrs: Vec<u64> = out
        .findings()
        .into_iter()
        .filter(|f| f.kind == "sensitive_attribute")
        .map(|f| f.line())
        .collect();
    assert_eq!(attrs, vec![3], "only the row with an ID\n{}", out.dump());
}

/// Names: a unit lists the leaders it publishes (`[exempt] people`), and may grade names in
/// official capacity higher than the base's `info` (its own policy on 区长张三).
#[test]
fn units_080_people_exemptions_and_officials_graded_by_the_unit() {
    let sandbox = Sandbox::new();
    sandbox.write(
        "units/某区政府办.toml",
        "[unit]\nname = \"某区政府办\"\n\n[[override]]\nid = \"pii.person_name.official\"\nseverity = \"medium\"\nreason = \"we publish no names of officials\"\n\n[exempt]\npeople = [\"王建国\"]\n",
    );
    sandbox.write(
        "纪要.txt",
        "区长张伟出席会议。\n申请人：王建国，男。\n申请人：李秀英，女。\n",
    );
    let dir = sandbox.path().join("units").display().to_string();
    let run = |unit: Option<&str>| {
        let mut args = vec!["scan", "--format", "jsonl", "--reveal", "--rules-dir", &dir];
        if let Some(u) = unit {
            args.extend(["--unit", u]);
        }
        args.push("纪要.txt");
        let out = sandbox.run(&args);
        out.findings()
            .into_iter()
            .filter(|f| f.kind == "person_name")
            .map(|f| (f.text.clone(), f.severity.clone()))
            .collect::<Vec<_>>()
    };
    let base = run(None);
    let unit = run(Some("某区政府办"));
    let sev = |v: &[(String, String)], name: &str| {
        v.iter().find(|(t, _)| t == name).map(|(_, s)| s.clone())
    };
    assert_eq!(sev(&base, "张伟").as_deref(), Some("info"), "{base:?}");
    assert_eq!(sev(&unit, "张伟").as_deref(), Some("medium"), "{unit:?}");
    assert_eq!(sev(&base, "王建国").as_deref(), Some("medium"), "{base:?}");
    assert_eq!(sev(&unit, "王建国").as_deref(), Some("info"), "{unit:?}");
    assert_eq!(sev(&unit, "李秀英").as_deref(), Some("medium"), "{unit:?}");
}
