//! Cue words before a candidate: the labels writers put in front of a value
//! (`身份证号：`, `联系电话`, `开户行`) and the labels that mark a look-alike (`订单号`, `发票号码`).
//!
//! Candidates are rare compared with the text, so cues are looked up lazily: one small
//! Aho–Corasick search over a window of at most [`WINDOW_CHARS`] characters before the
//! value, stopping at the previous blank line. A cue further away than that describes some
//! other value; Chinese labels sit right before what they label.

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

/// How far back a cue may sit, in characters.
pub const WINDOW_CHARS: usize = 16;

/// Bit flags for what a window of text says about the value after it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cues(u32);

impl Cues {
    pub const ID: Cues = Cues(1);
    pub const PHONE: Cues = Cues(1 << 1);
    pub const MOBILE: Cues = Cues(1 << 2);
    pub const BANK: Cues = Cues(1 << 3);
    pub const PASSPORT: Cues = Cues(1 << 4);
    pub const PERMIT: Cues = Cues(1 << 5);
    pub const TAIWAN_PERMIT: Cues = Cues(1 << 6);
    /// `证件号码` and friends: some identity document, type unknown.
    pub const DOCUMENT: Cues = Cues(1 << 7);
    /// Order, invoice, serial, case or file numbers: the value is not personal.
    pub const NOT_PERSONAL: Cues = Cues(1 << 8);
    /// A unit's own account or line (单位账户, 收款单位, 办公电话).
    pub const UNIT_OWNED: Cues = Cues(1 << 9);
    /// Hotline labels (热线, 服务电话, 拨打).
    pub const HOTLINE: Cues = Cues(1 << 10);
    pub const EMPTY: Cues = Cues(0);

    pub fn has(self, other: Cues) -> bool {
        self.0 & other.0 != 0
    }

    pub const fn union_with(self, other: Cues) -> Cues {
        Cues(self.0 | other.0)
    }
}

const CUE_WORDS: &[(&str, Cues)] = &[
    ("身份证", Cues::ID),
    ("身份号码", Cues::ID),
    ("公民身份号码", Cues::ID),
    ("身份证件", Cues::ID),
    ("居住证", Cues::ID),
    ("社会保障号", Cues::ID),
    ("社保号", Cues::ID),
    ("驾驶证号", Cues::ID),
    ("证件号", Cues::DOCUMENT),
    ("证件号码", Cues::DOCUMENT),
    ("证件编号", Cues::DOCUMENT),
    ("证号", Cues::DOCUMENT),
    ("手机", Cues::MOBILE),
    ("移动电话", Cues::MOBILE),
    ("电话", Cues::PHONE),
    ("联系方式", Cues::PHONE),
    ("座机", Cues::PHONE),
    ("传真", Cues::PHONE),
    ("tel", Cues::PHONE),
    ("phone", Cues::PHONE),
    ("mobile", Cues::MOBILE),
    ("热线", Cues::HOTLINE),
    ("服务电话", Cues::HOTLINE),
    ("拨打", Cues::HOTLINE),
    ("监督电话", Cues::HOTLINE),
    ("投诉电话", Cues::HOTLINE),
    ("咨询电话", Cues::HOTLINE),
    ("卡号", Cues::BANK),
    ("银行卡", Cues::BANK),
    ("账号", Cues::BANK),
    ("帐号", Cues::BANK),
    ("账户", Cues::BANK),
    ("帐户", Cues::BANK),
    ("开户行", Cues::BANK),
    ("开户银行", Cues::BANK),
    ("一卡通", Cues::BANK),
    ("社保卡", Cues::BANK),
    ("存折", Cues::BANK),
    ("护照", Cues::PASSPORT),
    ("passport", Cues::PASSPORT),
    ("通行证", Cues::PERMIT),
    ("回乡证", Cues::PERMIT),
    ("台胞证", Cues::TAIWAN_PERMIT),
    ("订单", Cues::NOT_PERSONAL),
    ("单号", Cues::NOT_PERSONAL),
    ("编号", Cues::NOT_PERSONAL),
    ("编码", Cues::NOT_PERSONAL),
    ("流水号", Cues::NOT_PERSONAL),
    ("发票", Cues::NOT_PERSONAL),
    ("合同号", Cues::NOT_PERSONAL),
    ("文号", Cues::NOT_PERSONAL),
    ("批次", Cues::NOT_PERSONAL),
    ("序列号", Cues::NOT_PERSONAL),
    ("条码", Cues::NOT_PERSONAL),
    ("运单", Cues::NOT_PERSONAL),
    ("快递", Cues::NOT_PERSONAL),
    ("凭证号", Cues::NOT_PERSONAL),
    ("案号", Cues::NOT_PERSONAL),
    ("项目代码", Cues::NOT_PERSONAL),
    ("信用代码", Cues::NOT_PERSONAL),
    ("单位账", Cues::UNIT_OWNED),
    ("单位帐", Cues::UNIT_OWNED),
    ("收款单位", Cues::UNIT_OWNED),
    ("财政专户", Cues::UNIT_OWNED),
    ("非税", Cues::UNIT_OWNED),
    ("对公", Cues::UNIT_OWNED),
    ("办公电话", Cues::UNIT_OWNED),
    ("办公室", Cues::UNIT_OWNED),
    ("联系单位", Cues::UNIT_OWNED),
    ("受理单位", Cues::UNIT_OWNED),
    ("举报电话", Cues::HOTLINE),
    ("受理电话", Cues::HOTLINE),
    ("传真", Cues::UNIT_OWNED),
    ("办公室电话", Cues::UNIT_OWNED),
    ("值班电话", Cues::UNIT_OWNED),
];

/// The compiled cue dictionary; built once per engine.
pub struct CueMatcher {
    automaton: AhoCorasick,
}

impl CueMatcher {
    /// Compiles the constant cue table (an error here is a bug in the table, caught by the
    /// unit tests; it is still returned rather than panicking).
    pub fn new() -> Result<Self, aho_corasick::BuildError> {
        let patterns: Vec<&str> = CUE_WORDS.iter().map(|(w, _)| *w).collect();
        let automaton = AhoCorasickBuilder::new()
            .ascii_case_insensitive(true)
            .match_kind(MatchKind::Standard)
            .build(patterns)?;
        Ok(CueMatcher { automaton })
    }

    /// The cues in the window that ends at byte `start` of `text`.
    pub fn before(&self, text: &str, start: usize) -> (Cues, Vec<&'static str>) {
        let window = window_before(text, start);
        let mut cues = Cues::EMPTY;
        let mut words = Vec::new();
        for m in self.automaton.find_overlapping_iter(window) {
            if let Some((word, cue)) = CUE_WORDS.get(m.pattern().as_usize()) {
                // A look-alike label describes the value only when it is the label right
                // before it (`订单号：…`), not a word earlier in the sentence
                // (`邮政编码410000，138…`, `发票抬头：张三 138…`).
                let tail = window.get(m.end()..).unwrap_or("");
                if *cue == Cues::NOT_PERSONAL && !is_label_gap(tail) {
                    continue;
                }
                cues = cues.union_with(*cue);
                words.push(*word);
            }
        }
        (cues, words)
    }
}

/// What may stand between a label and its value: `号`, `码`, a colon, `为`, spaces.
fn is_label_gap(gap: &str) -> bool {
    gap.chars().count() <= 4
        && gap
            .chars()
            .all(|c| c.is_whitespace() || "号码：:为是#№.-（）()".contains(c))
}

/// Up to [`WINDOW_CHARS`] characters before `start`, cut at a blank line.
fn window_before(text: &str, start: usize) -> &str {
    let Some(head) = text.get(..start) else {
        return "";
    };
    let from = head
        .char_indices()
        .rev()
        .nth(WINDOW_CHARS - 1)
        .map_or(0, |(i, _)| i);
    let window = head.get(from..).unwrap_or("");
    match window.rfind("\n\n") {
        Some(p) => window.get(p + 2..).unwrap_or(""),
        None => window,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_label_before_value() -> Result<(), aho_corasick::BuildError> {
        let m = CueMatcher::new()?;
        let text = "户主张三，身份证号：430102199001011234";
        let start = text.find('4').unwrap_or(0);
        let (cues, words) = m.before(text, start);
        assert!(cues.has(Cues::ID));
        assert!(words.contains(&"身份证"));
        Ok(())
    }

    #[test]
    fn window_is_bounded_and_stops_at_blank_line() -> Result<(), aho_corasick::BuildError> {
        let m = CueMatcher::new()?;
        let far = format!("身份证{}1234", "很".repeat(WINDOW_CHARS));
        assert!(!m.before(&far, far.len() - 4).0.has(Cues::ID));
        let para = "身份证\n\n1234";
        assert!(!m.before(para, para.len() - 4).0.has(Cues::ID));
        assert_eq!(m.before("x", 99).0, Cues::EMPTY);
        Ok(())
    }

    #[test]
    fn lookalike_labels_count_only_right_before_the_value() -> Result<(), aho_corasick::BuildError>
    {
        let m = CueMatcher::new()?;
        let at = |t: &str| m.before(t, t.len()).0.has(Cues::NOT_PERSONAL);
        assert!(at("订单号："));
        assert!(at("发票号码 "));
        assert!(!at("邮政编码410000，"));
        assert!(!at("发票抬头：张三 "));
        Ok(())
    }

    #[test]
    fn negative_and_case_insensitive() -> Result<(), aho_corasick::BuildError> {
        let m = CueMatcher::new()?;
        assert!(m
            .before("订单号：", "订单号：".len())
            .0
            .has(Cues::NOT_PERSONAL));
        assert!(m.before("TEL: ", 5).0.has(Cues::PHONE));
        Ok(())
    }
}
