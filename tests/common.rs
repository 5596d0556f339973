//! Sample values, documents and helpers shared by the `scan` test modules (`fixtures`,
//! `contract`, `exit_codes`, `masking`, `inputs`, `large`, `hostile`, `regression`).

use crate::harness::{FindingLine, Output, Sandbox};

/// A line of clean government prose (from `clean.txt`): no digits, cues or marks.
pub const FILLER: &str = "为进一步提升政务服务标准化水平，请各单位对照本部门权责清单，逐项核对办理指南中的受理条件、申请材料和办理流程。\n";
pub const CLEAN_TEXT: &str = "关于做好政务服务事项办理指南更新工作的说明\n各有关单位：\n承诺办理时限原则上压减至法定时限的一半以内，即办件当场办结。\n特此说明。\n";

/// Checksum-valid IDs that are not Luhn-valid (so never also bank cards).
pub const ID_A: &str = "430102196209278907";
pub const ID_B: &str = "110105198001011238";
pub const MOBILE_A: &str = "13971689962";
pub const BANK_A: &str = "6222021234567890128";

/// One-line documents: a blocking (`high`) ID, a `critical` classification mark, and a
/// file that sniffs as PDF (not read yet: an error record).
pub const HIGH: &[u8] = "申请人身份证号：430102196209278907\n".as_bytes();
pub const MARK: &[u8] = "机密★5年\n关于全市重点项目推进情况的通报\n".as_bytes();
pub const PDF: &[u8] = b"%PDF-1.4\n1 0 obj\n";

/// One mebibyte.
pub const MIB: usize = 1 << 20;

/// Runs `baomi scan PATHS --format jsonl EXTRA`.
pub fn scan_jsonl(sandbox: &Sandbox, paths: &[&str], extra: &[&str]) -> Output {
    let mut args = vec!["scan"];
    args.extend_from_slice(paths);
    args.extend_from_slice(&["--format", "jsonl"]);
    args.extend_from_slice(extra);
    sandbox.run(&args)
}

/// Findings one per line, for assertion messages.
pub fn briefs(findings: &[FindingLine]) -> String {
    findings
        .iter()
        .map(FindingLine::brief)
        .collect::<Vec<_>>()
        .join("\n")
}

/// A text with values of several kinds, and the raw strings that must never be printed
/// without `--reveal` (whole values, their digits, and the hidden middle of an ID).
pub fn planted() -> (String, Vec<&'static str>) {
    let text = format!(
        "关于低保复核的说明\n申请人身份证号：{ID_A}，曾用号码320106196305072230\n联系电话：{MOBILE_A}，备用手机 138-0356-2470\n银行卡号：{BANK_A}\n邮箱：zhang.san@example.com\n"
    );
    let secrets = vec![
        ID_A,
        "19620927",
        MOBILE_A,
        "138-0356-2470",
        "13803562470",
        BANK_A,
        "02123456789",
        "zhang.san",
        // A near miss (wrong check digit) next to a finding: its context masks it too.
        "320106196305072230",
        "0619630507",
    ];
    (text, secrets)
}
