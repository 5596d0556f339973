//! Deterministic synthetic administrative text for benchmarks and tests: realistic prose
//! with sprinkled identifiers (checksum-valid), many non-personal digit runs (dates, amounts,
//! 文号, serials, percentages) and a generated restricted-term dictionary.
//!
//! Not used by the scanner; public so benches, tests and `examples/gen_corpus.rs` share it.

use std::fmt::Write;

use crate::finding::Kind;

/// xorshift64*: small, fast, reproducible across platforms.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed.max(1))
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n.max(1) as u64) as usize
    }

    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> Option<&'a T> {
        items.get(self.below(items.len()))
    }

    /// Up to `max_len - 1` characters drawn from `alphabet`: random input for the
    /// detectors' invariant tests.
    pub fn text(&mut self, alphabet: &[char], max_len: usize) -> String {
        let len = self.below(max_len);
        (0..len)
            .filter_map(|_| self.pick(alphabet).copied())
            .collect()
    }

    fn digits(&mut self, n: usize) -> String {
        (0..n)
            .map(|_| char::from(b'0' + self.below(10) as u8))
            .collect()
    }
}

const SENTENCES: &[&str] = &[
    "为进一步做好城乡最低生活保障工作，根据有关规定，结合我区实际，现就有关事项通知如下。",
    "各街道、各有关部门要高度重视，加强组织领导，明确工作责任，确保各项措施落到实处。",
    "坚持应保尽保、按标施保、动态管理的原则，严格审核审批程序，规范资金发放管理。",
    "对群众反映的问题要及时调查核实，依法依规处理，并将处理结果向社会公开。",
    "本办法自发布之日起施行，由区民政局负责解释，原有规定与本办法不一致的，以本办法为准。",
    "会议强调，要持续优化营商环境，深化放管服改革，提升政务服务效能和群众满意度。",
    "各单位应当建立健全政府信息公开审查机制，明确审查的程序和责任，做好发布前的保密审查。",
    "经研究决定，对符合条件的申请对象给予临时救助，救助资金通过社会化方式发放到户。",
    "加强项目资金监管，严格执行财务管理制度，确保专款专用，提高资金使用效益。",
    "请各街道于每月底前将工作进展情况报区政府办公室，逾期未报的予以通报。",
    "依据《中华人民共和国行政处罚法》第二十八条之规定，责令当事人立即改正违法行为。",
    "全面落实安全生产责任制，开展隐患排查治理，坚决遏制重特大事故发生。",
];

const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙",
];
const GIVEN: &[&str] = &[
    "建国", "秀兰", "志强", "美华", "永福", "丽娟", "国平", "桂英", "海涛", "春梅",
];
const PROVINCES: &[&str] = &["11", "31", "32", "43", "44", "51", "65"];
const MOBILE_PREFIXES: &[&str] = &["138", "139", "150", "186", "199", "177", "189", "133"];
const CARD_BINS: &[&str] = &["622202", "622848", "621700", "622588"];

/// A checksum-valid 18-character ID number.
pub fn id_number(rng: &mut Rng) -> String {
    let province = rng.pick(PROVINCES).copied().unwrap_or("43");
    let year = 1940 + rng.below(80);
    let month = 1 + rng.below(12);
    let day = 1 + rng.below(28);
    let body = format!(
        "{province}{}{year:04}{month:02}{day:02}{}",
        rng.digits(4),
        rng.digits(3)
    );
    let check = crate::validate::gb11643::check_char(body.as_bytes()).unwrap_or(b'0');
    format!("{body}{}", char::from(check))
}

pub fn mobile(rng: &mut Rng) -> String {
    format!(
        "{}{}",
        rng.pick(MOBILE_PREFIXES).copied().unwrap_or("138"),
        rng.digits(8)
    )
}

/// A Luhn-valid UnionPay card number of 16 or 19 digits.
pub fn bank_card(rng: &mut Rng) -> String {
    let len = if rng.below(2) == 0 { 16 } else { 19 };
    let mut body = format!(
        "{}{}",
        rng.pick(CARD_BINS).copied().unwrap_or("622202"),
        rng.digits(len - 7)
    );
    for d in b'0'..=b'9' {
        let mut candidate = body.clone().into_bytes();
        candidate.push(d);
        if crate::validate::luhn::is_valid(&candidate) {
            body.push(char::from(d));
            break;
        }
    }
    body
}

fn noise_numbers(rng: &mut Rng, out: &mut String) {
    let _ = match rng.below(7) {
        0 => write!(
            out,
            "{}年{}月{}日",
            2015 + rng.below(10),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        1 => write!(
            out,
            "金额{},{:03}.{:02}元",
            1 + rng.below(999),
            rng.below(1000),
            rng.below(100)
        ),
        2 => write!(
            out,
            "长民发〔{}〕{}号",
            2015 + rng.below(10),
            1 + rng.below(200)
        ),
        3 => write!(out, "项目编号{}", rng.digits(20)),
        4 => write!(out, "增长{}.{}%", rng.below(100), rng.below(10)),
        5 => write!(
            out,
            "{}-{:02}-{:02}",
            2015 + rng.below(10),
            1 + rng.below(12),
            1 + rng.below(28)
        ),
        _ => write!(out, "第{}条第{}款", 1 + rng.below(80), 1 + rng.below(9)),
    };
}

/// Writes one personal record and returns the values planted in it, with their kinds.
fn personal_record(rng: &mut Rng, out: &mut String) -> Vec<(Kind, String)> {
    let name = format!(
        "{}{}",
        rng.pick(SURNAMES).copied().unwrap_or("王"),
        rng.pick(GIVEN).copied().unwrap_or("建国")
    );
    match rng.below(4) {
        0 => {
            let id = id_number(rng);
            let _ = write!(out, "申请人{name}，身份证号：{id}，");
            vec![(Kind::IdCard, id)]
        }
        1 => {
            let phone = mobile(rng);
            let _ = write!(out, "联系人：{name}，联系电话：{phone}。");
            vec![(Kind::MobilePhone, phone)]
        }
        2 => {
            let (id, phone, card) = (id_number(rng), mobile(rng), bank_card(rng));
            let _ = writeln!(out, "{name}\t{id}\t{phone}\t{card}");
            vec![
                (Kind::IdCard, id),
                (Kind::MobilePhone, phone),
                (Kind::BankCard, card),
            ]
        }
        _ => {
            let line = format!("0731-8{}", rng.digits(7));
            let _ = write!(out, "办公电话：{line}，");
            vec![(Kind::LandlinePhone, line)]
        }
    }
}

/// About `target_bytes` of administrative text: mostly prose and non-personal numbers,
/// with a personal record every ~2 KB.
pub fn document(rng: &mut Rng, target_bytes: usize) -> String {
    labeled_document(rng, target_bytes).0
}

/// [`document`] with the identifiers planted in it (kind, value as written), in order —
/// the labels for measuring precision and recall.
pub fn labeled_document(rng: &mut Rng, target_bytes: usize) -> (String, Vec<(Kind, String)>) {
    let mut out = String::with_capacity(target_bytes + 256);
    let mut planted = Vec::new();
    while out.len() < target_bytes {
        match rng.below(10) {
            0..=5 => out.push_str(rng.pick(SENTENCES).copied().unwrap_or("")),
            6..=8 => noise_numbers(rng, &mut out),
            _ if rng.below(6) == 0 => planted.extend(personal_record(rng, &mut out)),
            _ => out.push('\n'),
        }
    }
    (out, planted)
}

/// `n` distinct restricted terms of 2–6 Han characters, shaped like real lists: the first
/// character is often one that is frequent in the text (so the automaton leaves its root
/// state often, as with real vocabularies), the rest come from ~3,000 common characters, so
/// whole terms occur rarely. A few real marker phrases are included and do occur.
pub fn dictionary(rng: &mut Rng, n: usize) -> Vec<String> {
    let text_pool: Vec<char> = SENTENCES
        .concat()
        .chars()
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    let common: Vec<char> = crate::normalize::t2s_table::T2S
        .iter()
        .map(|&(_, s)| s)
        .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(c))
        .collect();
    let mut seen = std::collections::BTreeSet::new();
    let mut out = Vec::with_capacity(n);
    for fixed in ["内部资料", "不得外传", "仅供内部参考", "资金发放"] {
        if seen.insert(fixed.to_string()) {
            out.push(fixed.to_string());
        }
    }
    while out.len() < n {
        let len = 2 + rng.below(5);
        let first = if rng.below(2) == 0 {
            rng.pick(&text_pool)
        } else {
            rng.pick(&common)
        };
        let mut term: String = first.into_iter().collect();
        term.extend((1..len).filter_map(|_| rng.pick(&common).copied()));
        if seen.insert(term.clone()) {
            out.push(term);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::validate::{gb11643, luhn};

    #[test]
    fn generated_values_validate() {
        let mut rng = Rng::new(7);
        for _ in 0..200 {
            assert!(gb11643::validate18(id_number(&mut rng).as_bytes()).is_ok());
            assert!(luhn::is_valid(bank_card(&mut rng).as_bytes()));
        }
    }

    #[test]
    fn deterministic() {
        let a = document(&mut Rng::new(1), 10_000);
        let b = document(&mut Rng::new(1), 10_000);
        assert_eq!(a, b);
        assert_eq!(dictionary(&mut Rng::new(3), 500).len(), 500);
    }
}
