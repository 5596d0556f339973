//! Masking: no raw value in any format without `--reveal`, raw values with it, masked
//! values in the input graded `info` at most.

use crate::common::{briefs, planted, scan_jsonl, BANK_A, ID_A, MOBILE_A};
use crate::harness::Sandbox;

#[test]
fn masking_000_no_raw_value_in_any_format_by_default() {
    let sandbox = Sandbox::new();
    let (text, secrets) = planted();
    let file = sandbox.write("planted.txt", &text);
    for format in ["text", "jsonl", "json", "summary"] {
        let out = sandbox.run(&["scan", &file, "--format", format]);
        out.expect_code(1);
        for secret in &secrets {
            assert!(
                !out.stdout.contains(secret) && !out.stderr.contains(secret),
                "--format {format} leaks {secret}\n{}",
                out.dump()
            );
        }
    }
    let findings = scan_jsonl(&sandbox, &[&file], &[]).findings();
    let kinds: Vec<&str> = findings.iter().map(|f| f.kind.as_str()).collect();
    assert_eq!(
        kinds,
        vec![
            "id_card",
            "mobile_phone",
            "mobile_phone",
            "bank_card",
            "email"
        ],
        "{}",
        briefs(&findings)
    );
    let texts: Vec<&str> = findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(texts[0], "430102********8907");
    assert_eq!(texts[4], "z***@example.com");
}

#[test]
fn masking_010_reveal_prints_raw_values() {
    let sandbox = Sandbox::new();
    let (text, _) = planted();
    let file = sandbox.write("planted.txt", &text);
    for format in ["text", "jsonl", "json"] {
        let out = sandbox.run(&["scan", &file, "--format", format, "--reveal"]);
        for value in [
            ID_A,
            MOBILE_A,
            "138-0356-2470",
            BANK_A,
            "zhang.san@example.com",
        ] {
            assert!(
                out.stdout.contains(value),
                "--format {format} --reveal lacks {value}\n{}",
                out.dump()
            );
        }
    }
    let findings = scan_jsonl(&sandbox, &[&file], &["--reveal"]).findings();
    let texts: Vec<&str> = findings.iter().map(|f| f.text.as_str()).collect();
    assert_eq!(
        texts,
        vec![
            ID_A,
            MOBILE_A,
            "138-0356-2470",
            BANK_A,
            "zhang.san@example.com"
        ]
    );
}

#[test]
fn masking_020_masked_values_are_info_at_most() {
    let sandbox = Sandbox::new();
    let file = sandbox.write(
        "masked.txt",
        "公示名单：张某某，身份证号430103********3517，联系电话138****2433，卡号 6222 **** **** 1234。\n",
    );
    let out = scan_jsonl(&sandbox, &[&file], &["--reveal"]);
    out.expect_code(0);
    let findings = out.findings();
    assert!(findings.len() >= 3, "{}", briefs(&findings));
    for f in &findings {
        assert_eq!(f.severity, "info", "{}", f.brief());
    }
}
