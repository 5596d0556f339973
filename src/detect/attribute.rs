//! Sensitive personal attributes (敏感个人信息, 个人信息保护法 第二十八条) as they appear in
//! disclosure lists and case documents: health (diagnoses, 残疾等级, pregnancy), religion
//! (`信仰伊斯兰教`, `穆斯林`), criminal record and police measures (`刑满释放`, `吸毒人员`,
//! `社区矫正`), minors (`留守儿童`, `孤儿`), biometrics (`指纹`, `人脸信息`, `基因`) and sexual
//! orientation. Financial accounts are the bank-card detector's.
//!
//! Sits in `detect`: one text buffer in, candidates out. Every candidate carries
//! `needs_person`: whether the attribute is tied to someone (same row, sentence or record)
//! is the record pass's decision, not this module's. Its job is to find attribute mentions
//! with high recall and few obviously generic hits.
//!
//! Two linear passes:
//! 1. **Table columns.** Tab-separated lines, header row first: a cell under a header such as
//!    `病种`, `疾病名称`, `诊断`, `残疾等级`, `宗教信仰`, `罪名` is the attribute as a whole
//!    (`肢体二级`, `糖尿病并发症`), evidence `column:<header>`; under `救助原因`/`致贫原因` only
//!    when it names an illness. Empty and negative cells (`无`, `/`, `-`, `健康`) are skipped.
//! 2. **Terms.** One Aho–Corasick automaton (leftmost-longest), built once, over the term
//!    list plus law names and policy phrases (`残疾人保障法`, `社区矫正法`, `宗教信仰自由`,
//!    `转基因`, `中风险`) that swallow the attribute words inside them and report nothing.
//!    Labels (`病种：`, `宗教信仰：`) make the value after them the attribute; verbs
//!    (`患有`, `诊断为`) the phrase after them. `未成年人` and `残疾人` alone are policy words:
//!    reported only as a whole table cell. A term inside `《…》`, after `防治/预防/关爱/禁`
//!    or before `防治/工作/医院/法/条例` is about policy, not a person, and is skipped.

use std::sync::LazyLock;

use super::names::is_han;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind};

use super::{leftmost_longest, rules, Candidate, Evidence, LiteralMatch, Mask, Source};
use crate::finding::Kind;

/// The PIPL art. 28 category of an attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Category {
    Health,
    Religion,
    Criminal,
    Minor,
    Biometric,
    SexualOrientation,
}

impl Category {
    /// The evidence string (`category:health`, …).
    pub fn evidence(self) -> &'static str {
        match self {
            Category::Health => "category:health",
            Category::Religion => "category:religion",
            Category::Criminal => "category:criminal",
            Category::Minor => "category:minor",
            Category::Biometric => "category:biometric",
            Category::SexualOrientation => "category:sexual_orientation",
        }
    }
}

/// What a dictionary word does when it matches.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Entry {
    /// An attribute: reported as written.
    Term(Category),
    /// A label (`病种`): the value after its colon (or in the next cell) is the attribute.
    Label(Category),
    /// A verb (`患有`, `诊断为`): the phrase right after it is the attribute.
    Lead(Category),
    /// Generic in prose (`未成年人`, `残疾人`): reported only as a whole table cell.
    CellOnly(Category),
    /// A law name or policy phrase: swallows the words inside it, reports nothing.
    Generic,
}

const HEALTH: &str = "精神分裂症 精神分裂 抑郁症 重度抑郁 双相情感障碍 躁郁症 焦虑症 强迫症 \
    精神障碍 严重精神障碍 精神疾病 精神病 癫痫 艾滋病 艾滋病病毒 HIV \
    AIDS HIV阳性 乙肝 乙型肝炎 丙肝 丙型肝炎 肝炎 肝硬化 肺结核 \
    结核病 尿毒症 肾衰竭 肾功能衰竭 慢性肾病 肾病综合征 血液透析 腹膜透析 \
    透析治疗 白血病 淋巴瘤 骨髓瘤 恶性肿瘤 肿瘤 癌症 癌 肺癌 肝癌 胃癌 \
    食管癌 食道癌 乳腺癌 宫颈癌 结肠癌 直肠癌 结直肠癌 鼻咽癌 胰腺癌 \
    甲状腺癌 膀胱癌 前列腺癌 卵巢癌 脑瘫 脑性瘫痪 脑梗 脑梗死 脑梗塞 脑出血 \
    脑溢血 中风 偏瘫 截瘫 高位截瘫 植物人 截肢 失明 聋哑 阿尔茨海默病 \
    老年痴呆 痴呆 帕金森 帕金森病 自闭症 孤独症 唐氏综合征 智力低下 智障 \
    糖尿病 高血压 冠心病 心脏病 先天性心脏病 先心病 心肌梗死 血友病 \
    地中海贫血 再生障碍性贫血 红斑狼疮 系统性红斑狼疮 器官移植 肾移植 肝移植 \
    骨髓移植 重症肌无力 渐冻症 梅毒 淋病 性病 尖锐湿疣 麻风病 重度残疾 \
    残疾军人 伤残军人 怀孕 孕妇 妊娠 流产 人工流产 引产 不孕 不育 不孕不育 \
    确诊病例 疑似病例 无症状感染者 密切接触者 核酸阳性 核酸检测阳性";

const RELIGION: &str = "穆斯林 基督徒 基督教徒 天主教徒 佛教徒 伊斯兰教徒 道教徒 信教 受洗 皈依 \
    教徒";

/// Religions that `信仰`/`信奉`/`皈依` turn into a person's attribute.
const RELIGIONS: &str = "伊斯兰教 基督教 天主教 佛教 藏传佛教 道教 东正教 宗教";

const CRIMINAL: &str = "刑满释放 刑满释放人员 前科 犯罪前科 有前科 有犯罪记录 涉毒 涉毒人员 \
    涉毒前科 吸毒 吸毒人员 吸毒史 复吸 贩毒 制毒 戒毒 戒毒人员 强制隔离戒毒 \
    强制戒毒 社区戒毒 社区矫正 社区矫正对象 社区矫正人员 社区服刑人员 服刑 \
    服刑人员 在押 在押人员 羁押 取保候审 监视居住 缓刑 假释 暂予监外执行 \
    有期徒刑 无期徒刑 拘役 刑事拘留 劳动教养 收容教养";

const MINOR: &str = "未成年 留守儿童 孤儿 事实无人抚养儿童 困境儿童 流浪儿童 孤残儿童 失学儿童 \
    辍学";

const BIOMETRIC: &str = "指纹 指纹信息 人脸信息 人脸图像 人脸识别信息 面部识别特征 面部特征 虹膜 \
    虹膜信息 基因 基因信息 基因检测 DNA 声纹 掌纹";

const ORIENTATION: &str = "同性恋 双性恋 性取向 跨性别 变性人 变性手术";

/// Words that are attributes only as a whole table cell.
const CELL_ONLY: &[(&str, Category)] = &[
    ("未成年人", Category::Minor),
    ("残疾人", Category::Health),
    ("孕产妇", Category::Health),
    ("重度残疾人", Category::Health),
    ("困难残疾人", Category::Health),
];

/// Law names and policy phrases holding attribute words.
const GENERIC: &str = "残疾人保障法 残疾人就业条例 残疾人教育条例 残疾预防和残疾人康复条例 \
    残疾人联合会 精神卫生法 传染病防治法 艾滋病防治条例 世界艾滋病日 艾滋病日 \
    结核病防治 禁毒法 戒毒条例 戒毒所 强制隔离戒毒所 戒毒康复场所 社区矫正法 \
    社区矫正中心 社区矫正机构 宗教事务条例 宗教信仰自由 信教群众 信教公民 \
    未成年人保护法 预防未成年人犯罪法 孤儿院 转基因 红色基因 文化基因 基因工程 \
    指纹锁 指纹考勤 指纹打卡 两癌 两癌筛查 防癌 抗癌 癌症筛查 肿瘤医院 \
    精神病院 精神病医院 精神卫生中心 乙肝疫苗 中风险 中高风险 孕产妇死亡率 \
    流产率 社区戒毒社区康复 基因编辑 慢性病 艾滋病病毒感染者和病人 \
    艾滋病感染者和病人";

/// Labels whose value is the attribute; the last group takes only values naming an illness.
const LABELS: &[(&str, Category)] = &[
    ("病种", Category::Health),
    ("疾病名称", Category::Health),
    ("所患疾病", Category::Health),
    ("患病情况", Category::Health),
    ("诊断", Category::Health),
    ("诊断结果", Category::Health),
    ("病情", Category::Health),
    ("病史", Category::Health),
    ("既往病史", Category::Health),
    ("残疾等级", Category::Health),
    ("残疾类别", Category::Health),
    ("残疾类型", Category::Health),
    ("残疾情况", Category::Health),
    ("伤残等级", Category::Health),
    ("健康状况", Category::Health),
    ("宗教信仰", Category::Religion),
    ("宗教", Category::Religion),
    ("信仰", Category::Religion),
    ("罪名", Category::Criminal),
    ("犯罪记录", Category::Criminal),
    ("违法犯罪记录", Category::Criminal),
];

/// Labels (and column headers) whose value counts only when it names an illness.
const ILLNESS_ONLY: &str =
    "救助原因 致贫原因 困难原因 申请原因 致困原因 困难类型 致贫类型 救助类别";

/// Verbs after which the phrase names a condition.
const LEADS: &[(&str, Category)] = &[
    ("患有", Category::Health),
    ("罹患", Category::Health),
    ("身患", Category::Health),
    ("确诊为", Category::Health),
    ("诊断为", Category::Health),
    ("被诊断为", Category::Health),
    ("确诊患有", Category::Health),
];

/// Disability types (残疾类别, GB/T 26341-2010) and grades: `肢体二级`, `肢体残疾二级`,
/// `二级肢体残疾`, `视力残疾（一级）`.
const DISABILITY_TYPES: &str = "肢体 视力 听力 言语 智力 精神 多重";
const GRADES: &str = "一级 二级 三级 四级 1级 2级 3级 4级 １级 ２级 ３级 ４级";
/// Work-injury grades run to ten.
const INJURY_GRADES: &str = "一级 二级 三级 四级 五级 六级 七级 八级 九级 十级";

/// The compiled dictionary.
struct Dictionary {
    automaton: AhoCorasick,
    entries: Vec<Entry>,
}

/// All dictionary words with what they do (a test checks that none is listed twice).
fn dictionary_words() -> Vec<(String, Entry)> {
    let mut all: Vec<(String, Entry)> = Vec::new();
    let mut add = |w: String, e: Entry| all.push((w, e));
    for w in words(GENERIC) {
        add(w.to_string(), Entry::Generic);
    }
    for (w, c) in CELL_ONLY {
        add((*w).to_string(), Entry::CellOnly(*c));
    }
    for (w, c) in LEADS {
        add((*w).to_string(), Entry::Lead(*c));
    }
    for (w, c) in LABELS {
        add((*w).to_string(), Entry::Label(*c));
    }
    for w in words(ILLNESS_ONLY) {
        add(w.to_string(), Entry::Label(Category::Health));
    }
    let lists = [
        (HEALTH, Category::Health),
        (RELIGION, Category::Religion),
        (CRIMINAL, Category::Criminal),
        (MINOR, Category::Minor),
        (BIOMETRIC, Category::Biometric),
        (ORIENTATION, Category::SexualOrientation),
    ];
    for (list, c) in lists {
        for w in words(list) {
            add(w.to_string(), Entry::Term(c));
        }
    }
    for r in words(RELIGIONS) {
        for verb in ["信仰", "信奉", "皈依"] {
            add(format!("{verb}{r}"), Entry::Term(Category::Religion));
        }
    }
    let health = Entry::Term(Category::Health);
    for t in words(DISABILITY_TYPES) {
        add(format!("{t}残疾"), health);
        for g in words(GRADES) {
            add(format!("{t}{g}"), health);
            add(format!("{t}残疾{g}"), health);
            add(format!("{g}{t}残疾"), health);
        }
    }
    for g in words(GRADES) {
        add(format!("{g}残疾"), health);
    }
    for g in words(INJURY_GRADES) {
        add(format!("{g}伤残"), health);
        add(format!("伤残{g}"), health);
    }
    all
}

fn build() -> Option<Dictionary> {
    let words = dictionary_words();
    // A DFA: ~600 short Han patterns make a small one, and every character of the text
    // steps through it (no literal prefilter helps: the patterns share UTF-8 lead bytes
    // with all Han text).
    let automaton = AhoCorasickBuilder::new()
        .kind(Some(AhoCorasickKind::DFA))
        .prefilter(false)
        .match_kind(MatchKind::LeftmostLongest)
        .ascii_case_insensitive(true)
        .build(words.iter().map(|(w, _)| w.as_str()))
        .ok()?;
    Some(Dictionary {
        automaton,
        entries: words.into_iter().map(|(_, e)| e).collect(),
    })
}

static DICTIONARY: LazyLock<Option<Dictionary>> = LazyLock::new(build);

const CONFIDENCE_TERM: f32 = 0.6;
const CONFIDENCE_VALUE: f32 = 0.75;

/// Cell and label values that say "none" or "healthy", and header words that are not values.
const EMPTY_VALUES: &[&str] = &[
    "",
    "无",
    "否",
    "是",
    "/",
    "／",
    "-",
    "－",
    "—",
    "——",
    "空",
    "暂无",
    "不详",
    "未知",
    "N/A",
    "NA",
    "健康",
    "良好",
    "正常",
    "一般",
    "较好",
    "好",
    "健康良好",
    "身体健康",
    "无残疾",
    "无宗教信仰",
    "不信教",
    "无信仰",
    "未患病",
    "姓名",
    "性别",
    "序号",
    "金额",
    "备注",
    "地址",
    "住址",
    "身份证号",
    "联系电话",
    "年龄",
];

fn is_empty_value(v: &str) -> bool {
    EMPTY_VALUES.contains(&v) || !v.chars().any(|c| is_han(c) || c.is_ascii_alphabetic())
}

/// Generic values of illness-only fields: they say someone is ill, not with what.
const NOT_AN_ILLNESS: &str = "疾病 大病 重病 患病 生病 因病 慢性病 重大疾病 重特大疾病 因病致贫 \
    因病返贫 因病因残";

/// Whether `value` names an illness: holds a health term or ends like one (`…病`, `…症`).
fn names_illness(dict: &Dictionary, value: &str) -> bool {
    if words(NOT_AN_ILLNESS).any(|w| w == value) {
        return false;
    }
    let has_term = dict.automaton.find_iter(value).any(|m| {
        matches!(
            dict.entries.get(m.pattern().as_usize()),
            Some(Entry::Term(Category::Health))
        )
    });
    let shaped = value.chars().count() >= 3
        && ["病", "症", "癌", "瘤", "炎", "障碍", "残疾", "瘫痪"]
            .iter()
            .any(|s| value.ends_with(s));
    has_term || shaped
}

/// What a column header makes of the cells below it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum ColumnRule {
    Always(Category),
    /// Only cells naming an illness (`救助原因`).
    Illness,
}

/// Header words that disqualify a column (`残疾证号`, `诊断日期`, `是否残疾`).
const NOT_ATTRIBUTE_COLUMNS: &str = "是否 人数 证号 编号 日期 时间 金额 费用 医院 机构 代码";

const COLUMN_WORDS: &[(&str, Category)] = &[
    ("病种", Category::Health),
    ("疾病", Category::Health),
    ("诊断", Category::Health),
    ("病情", Category::Health),
    ("患病", Category::Health),
    ("病史", Category::Health),
    ("慢性病", Category::Health),
    ("慢病", Category::Health),
    ("慢特病", Category::Health),
    ("残疾等级", Category::Health),
    ("残疾类别", Category::Health),
    ("残疾类型", Category::Health),
    ("残疾情况", Category::Health),
    ("残疾级别", Category::Health),
    ("残疾程度", Category::Health),
    ("伤残等级", Category::Health),
    ("健康状况", Category::Health),
    ("身体状况", Category::Health),
    ("宗教", Category::Religion),
    ("信仰", Category::Religion),
    ("罪名", Category::Criminal),
    ("刑期", Category::Criminal),
    ("刑罚", Category::Criminal),
    ("刑种", Category::Criminal),
    ("犯罪", Category::Criminal),
    ("矫正类别", Category::Criminal),
];

fn column_rule(header: &str) -> Option<ColumnRule> {
    let h = header.trim();
    if words(NOT_ATTRIBUTE_COLUMNS).any(|w| h.contains(w)) {
        return None;
    }
    if words(ILLNESS_ONLY).any(|w| h.contains(w)) {
        return Some(ColumnRule::Illness);
    }
    COLUMN_WORDS
        .iter()
        .find(|(w, _)| h.contains(w))
        .map(|(_, c)| ColumnRule::Always(*c))
}

/// One attribute column of the current table.
struct Column {
    index: usize,
    rule: ColumnRule,
    evidence: String,
}

/// The attribute columns of a header line.
fn header_columns(line: &str) -> Vec<Column> {
    line.split('\t')
        .enumerate()
        .filter_map(|(index, h)| {
            let rule = column_rule(h)?;
            Some(Column {
                index,
                rule,
                evidence: format!("column:{}", h.trim()),
            })
        })
        .collect()
}

/// The byte span of `cell` (at `at`) without surrounding spaces and quotes.
fn trimmed(cell: &str, at: usize) -> (usize, usize) {
    let junk = |c: char| c.is_whitespace() || c == '"';
    let lead = cell.len() - cell.trim_start_matches(junk).len();
    let body = cell.trim_matches(junk);
    (at + lead, at + lead + body.len())
}

/// Longest cell taken as one attribute; longer cells are prose, left to the term pass.
const MAX_CELL_CHARS: usize = 40;

fn candidate(
    text: &str,
    start: usize,
    end: usize,
    confidence: f32,
    evidence: Vec<Evidence>,
) -> Candidate {
    let raw = text.get(start..end).unwrap_or("");
    Candidate {
        source: Source::Builtin(rules::SENSITIVE_ATTRIBUTE),
        kind: Kind::SensitiveAttribute,
        start,
        end,
        confidence,
        cap: None,
        floor: None,
        evidence,
        normalized: raw.chars().filter(|c| !c.is_whitespace()).collect(),
        mask: Mask::KeepHead { chars: 1 },
    }
}

/// Pass 1: cells under attribute columns. Returns the reported cells' spans (in order) so
/// the term pass does not report them again.
fn table_cells(text: &str, dict: &Dictionary, out: &mut Vec<Candidate>) -> Vec<(usize, usize)> {
    let mut reported = Vec::new();
    let mut columns: Vec<Column> = Vec::new();
    let mut in_table = false;
    let mut line_start = 0;
    while line_start < text.len() {
        let rest = text.as_bytes().get(line_start..).unwrap_or(&[]);
        let line_end = memchr::memchr(b'\n', rest).map_or(text.len(), |p| line_start + p);
        let line = text.get(line_start..line_end).unwrap_or("");
        let line = line.strip_suffix('\r').unwrap_or(line);
        if memchr::memchr(b'\t', line.as_bytes()).is_none() {
            in_table = false;
            columns.clear();
        } else if !in_table {
            in_table = true;
            columns = header_columns(line);
        } else if let Some(last) = columns.last().map(|c| c.index) {
            let mut at = line_start;
            let mut wanted = columns.iter().peekable();
            for (index, cell) in line.split('\t').take(last + 1).enumerate() {
                let cell_at = at;
                at += cell.len() + 1;
                let Some(col) = wanted.next_if(|c| c.index == index) else {
                    continue;
                };
                let (s, e) = trimmed(cell, cell_at);
                let value = text.get(s..e).unwrap_or("");
                if is_empty_value(value) || value.chars().count() > MAX_CELL_CHARS {
                    continue;
                }
                let category = match col.rule {
                    ColumnRule::Always(c) => c,
                    ColumnRule::Illness if names_illness(dict, value) => Category::Health,
                    ColumnRule::Illness => continue,
                };
                let evidence = vec![
                    Evidence::Borrowed(category.evidence()),
                    Evidence::Owned(col.evidence.clone()),
                    Evidence::Borrowed("needs_person"),
                ];
                out.push(candidate(text, s, e, CONFIDENCE_VALUE, evidence));
                reported.push((s, e));
            }
        }
        line_start = line_end + 1;
    }
    reported
}

/// Words right before a term (or a list of terms) that make it policy talk
/// (`预防艾滋病`, `关爱留守儿童`, `做好刑满释放人员和社区矫正对象的…`).
const GENERIC_BEFORE: &str = "防治 预防 防控 防范 关爱 打击 禁 反 抗 防 加强对 加大对 做好 健全 \
    完善 落实 推进 强化 关心 关注 帮扶";

/// Scope words that may stand between [`GENERIC_BEFORE`] and the term (`健全农村留守儿童`).
const SCOPES: &str = "农村 城乡 城市 辖区 全区 全市 全县 各类 困难";

/// Words right after a term (past an optional `的`) that make it policy talk
/// (`艾滋病防治`, `社区矫正工作`, `孤儿和事实无人抚养儿童的关爱保护`, `尿毒症、恶性肿瘤等大病`).
const GENERIC_AFTER: &str = "防治 防控 筛查 预防 宣传 疫苗 医院 专科 门诊 中心 科 法 条例 办法 \
    规定 规范 工作 机构 委员会 知识 项目 药物 率 学校 试剂 关爱 排查 \
    管控 安置 帮教 教育管理 服务管理 识别 救治 患者救治 患者管理 患者服务 \
    患者家庭 群体 家庭 等大病 等重大疾病 等疾病 等特殊群体 等困难群体 \
    等困难群众 等群体 等人群 等重点人群";

fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split(' ').filter(|w| !w.is_empty())
}

fn is_generic_before(text: &str, start: usize) -> bool {
    let mut before = text.get(..start).unwrap_or("");
    if let Some(scope) = words(SCOPES).find(|w| before.ends_with(w)) {
        before = before.get(..before.len() - scope.len()).unwrap_or("");
    }
    words(GENERIC_BEFORE).any(|w| before.ends_with(w))
}

fn is_generic_after(text: &str, end: usize) -> bool {
    let after = text.get(end..).unwrap_or("");
    let after = after.strip_prefix('的').unwrap_or(after);
    words(GENERIC_AFTER).any(|w| after.starts_with(w))
}

/// Inside a title: a `《` within 40 characters back on the line, with no `》` after it.
fn in_title(text: &str, start: usize) -> bool {
    let before = text.get(..start).unwrap_or("");
    for c in before.chars().rev().take(40) {
        match c {
            '》' | '\n' => return false,
            '《' => return true,
            _ => {}
        }
    }
    false
}

/// Conjunctions that join terms into one list (`孤儿和事实无人抚养儿童`).
const CONJUNCTIONS: &str = "和 、 及 与 或 以及";

/// Terms joined by conjunctions: policy words spread over a list (`做好刑满释放人员和社区
/// 矫正对象的…`), so the list is reported or skipped as a whole.
#[derive(Default)]
struct TermList {
    members: Vec<Candidate>,
    generic: bool,
}

impl TermList {
    /// Whether a term at `start` continues the list.
    fn continues(&self, text: &str, start: usize) -> bool {
        let Some(last) = self.members.last() else {
            return false;
        };
        let gap = text.get(last.end..start).unwrap_or("");
        words(CONJUNCTIONS).any(|w| w == gap)
    }

    fn push(&mut self, text: &str, c: Candidate) {
        let first = self.members.is_empty();
        self.generic |= (first && is_generic_before(text, c.start))
            || is_generic_after(text, c.end)
            || in_title(text, c.start);
        self.members.push(c);
    }

    fn flush(&mut self, out: &mut Vec<Candidate>) {
        if !self.generic {
            out.append(&mut self.members);
        }
        self.members.clear();
        self.generic = false;
    }
}

/// ASCII terms (`HIV`, `DNA`) must not be glued to other ASCII letters (`SHIVA`).
fn is_glued_ascii(text: &str, start: usize, end: usize) -> bool {
    let word = text.get(start..end).unwrap_or("");
    if !word.is_ascii() {
        return false;
    }
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    before.is_some_and(|c| c.is_ascii_alphanumeric())
        || after.is_some_and(|c| c.is_ascii_alphanumeric())
}

/// `肢体残疾（二级）`: a bracketed grade after a disability term.
fn bracketed_grade(text: &str, end: usize) -> Option<usize> {
    let rest = text.get(end..)?;
    let open = rest.chars().next().filter(|c| matches!(c, '（' | '('))?;
    let inner = rest.get(open.len_utf8()..)?;
    let grade = words(GRADES).find(|g| inner.starts_with(g))?;
    let close = inner
        .get(grade.len()..)?
        .chars()
        .next()
        .filter(|c| matches!(c, '）' | ')'))?;
    Some(end + open.len_utf8() + grade.len() + close.len_utf8())
}

/// `癌` alone: take the organ before it (`喉癌`), unless a policy verb (`防癌`).
fn organ_before(text: &str, start: usize) -> usize {
    match text.get(..start).and_then(|s| s.chars().next_back()) {
        Some(c) if is_han(c) && !"防抗致两患的性症".contains(c) => start - c.len_utf8(),
        _ => start,
    }
}

/// Whether `start..end` is a whole tab-separated cell in a table line.
fn is_whole_cell(text: &str, start: usize, end: usize) -> bool {
    let before = text.get(..start).and_then(|s| s.chars().next_back());
    let after = text.get(end..).and_then(|s| s.chars().next());
    let opens = before.is_none_or(|c| c == '\n');
    let ends = after.is_none_or(|c| matches!(c, '\n' | '\r'));
    (before == Some('\t') && (ends || after == Some('\t'))) || (opens && after == Some('\t'))
}

/// Characters that end a label's or lead's value.
fn ends_value(c: char) -> bool {
    matches!(
        c,
        '，' | ',' | '。' | '；' | ';' | '、' | '\t' | '\n' | '\r' | ' ' | '\u{3000}' | '：' | ':'
    )
}

/// The value after a label ending at `end`: `病种：尿毒症`, `宗教信仰为伊斯兰教`, or the
/// next cell after a label cell (`病种\t尿毒症`, checked harder: a header row looks alike).
fn label_value(dict: &Dictionary, text: &str, start: usize, end: usize) -> Option<(usize, usize)> {
    let rest = text.get(end..)?;
    let spaces = rest.len() - rest.trim_start_matches([' ', '\u{3000}']).len();
    let after = rest.get(spaces..)?;
    let sep = after.chars().next()?;
    let cell_label = sep == '\t' && is_whole_cell(text, start, end);
    if !matches!(sep, '：' | ':' | '为' | '是') && !cell_label {
        return None;
    }
    let from = end + spaces + sep.len_utf8();
    let value_text = text.get(from..)?;
    let lead = value_text.len() - value_text.trim_start_matches([' ', '\u{3000}']).len();
    let mut to = from + lead;
    for (n, c) in value_text.get(lead..)?.chars().enumerate() {
        if n >= 20 || ends_value(c) {
            break;
        }
        to += c.len_utf8();
    }
    let value = text.get(from + lead..to)?;
    if is_empty_value(value) {
        return None;
    }
    let label = text.get(start..end)?;
    // Prose (`信仰是力量`), a label cell (a header row looks alike) and illness-only labels
    // need a value that fits; `病种：…` takes what follows.
    let checked =
        cell_label || sep != '：' && sep != ':' || words(ILLNESS_ONLY).any(|w| w == label);
    if checked && !names_value(dict, label, value) {
        return None;
    }
    Some((from + lead, to))
}

/// Whether `value` fits its label: an illness, a disability grade, a religion, an offence.
fn names_value(dict: &Dictionary, label: &str, value: &str) -> bool {
    if label.contains("残疾") || label.contains("伤残") {
        return value.contains('级')
            || words(DISABILITY_TYPES).any(|t| value.contains(t))
            || value.contains("残疾");
    }
    if label.contains("宗教") || label.contains("信仰") {
        return value.contains('教') || value.contains("穆斯林") || value.contains("基督");
    }
    if label.contains("罪") || label.contains("犯罪") {
        return value.contains('罪') || value.contains('刑');
    }
    names_illness(dict, value)
}

/// The phrase after a lead verb (`患有严重心脏病，…` → `严重心脏病`).
fn lead_value(text: &str, end: usize) -> Option<(usize, usize)> {
    let rest = text.get(end..)?;
    let mut to = end;
    for (n, c) in rest.chars().enumerate() {
        if n >= 12 || ends_value(c) || matches!(c, '的' | '等' | '和' | '及' | '）' | ')') {
            break;
        }
        to += c.len_utf8();
    }
    let value = text.get(end..to)?;
    (value.chars().count() >= 2 && !is_empty_value(value)).then_some((end, to))
}

/// Pass 2: the dictionary's matches over the whole text, leftmost-longest, as
/// `(start, end, word index)`.
fn terms(
    text: &str,
    dict: &Dictionary,
    matches: impl Iterator<Item = (usize, usize, usize)>,
    reported: &[(usize, usize)],
    out: &mut Vec<Candidate>,
) {
    let mut skip_until = 0;
    let mut list = TermList::default();
    let mut cells = reported.iter().peekable();
    for (start, end, index) in matches {
        if start < skip_until {
            continue;
        }
        while cells.next_if(|&&(_, e)| e <= start).is_some() {}
        if cells.peek().is_some_and(|&&(s, _)| s <= start) {
            continue; // inside a cell the column pass reported
        }
        let Some(entry) = dict.entries.get(index) else {
            continue;
        };
        let tag = |c: Category, how: Option<String>| {
            let mut e = vec![Evidence::Borrowed(c.evidence())];
            e.extend(how.map(Evidence::Owned));
            e.push(Evidence::Borrowed("needs_person"));
            e
        };
        if let Entry::Term(c) = *entry {
            if is_glued_ascii(text, start, end) {
                continue;
            }
            let word = text.get(start..end).unwrap_or("");
            let start = if word == "癌" {
                organ_before(text, start)
            } else {
                start
            };
            let end = bracketed_grade(text, end).unwrap_or(end);
            if !list.continues(text, start) {
                list.flush(out);
            }
            let term = candidate(text, start, end, CONFIDENCE_TERM, tag(c, None));
            list.push(text, term);
            continue;
        }
        list.flush(out);
        match *entry {
            Entry::Generic | Entry::Term(_) => {}
            Entry::CellOnly(c) => {
                if is_whole_cell(text, start, end) {
                    let how = Some("cell".to_string());
                    out.push(candidate(text, start, end, CONFIDENCE_VALUE, tag(c, how)));
                }
            }
            Entry::Label(c) => {
                if let Some((s, e)) = label_value(dict, text, start, end) {
                    let how = Some(format!("label:{}", text.get(start..end).unwrap_or("")));
                    out.push(candidate(text, s, e, CONFIDENCE_VALUE, tag(c, how)));
                    skip_until = e;
                }
            }
            Entry::Lead(c) => {
                if let Some((s, e)) = lead_value(text, end) {
                    let how = Some(format!("lead:{}", text.get(start..end).unwrap_or("")));
                    out.push(candidate(text, s, e, CONFIDENCE_TERM, tag(c, how)));
                    skip_until = e;
                }
            }
        }
    }
    list.flush(out);
}

/// Appends the sensitive-attribute mentions in `text` to `out`, in text order, searching
/// the text with the dictionary's own automaton.
pub fn find(text: &str, out: &mut Vec<Candidate>) {
    let Some(dict) = DICTIONARY.as_ref() else {
        return;
    };
    let matches = dict
        .automaton
        .find_iter(text)
        .map(|m| (m.start(), m.end(), m.pattern().as_usize()));
    find_in(text, dict, matches, out);
}

/// The dictionary's words, indexed as [`find_with`] expects: the engine adds them to its
/// term automaton so that the whole text is searched once for terms, marks, name anchors
/// and attributes.
pub fn dictionary() -> Vec<String> {
    dictionary_words().into_iter().map(|(w, _)| w).collect()
}

/// Like [`find`], with the dictionary's matches found by the caller — overlapping, indexed
/// into [`dictionary`]; the leftmost-longest ones are used.
pub fn find_with(text: &str, mut matches: Vec<LiteralMatch>, out: &mut Vec<Candidate>) {
    let Some(dict) = DICTIONARY.as_ref() else {
        return;
    };
    leftmost_longest(&mut matches);
    find_in(
        text,
        dict,
        matches.into_iter().map(|m| (m.start, m.end, m.index)),
        out,
    );
}

fn find_in(
    text: &str,
    dict: &Dictionary,
    matches: impl Iterator<Item = (usize, usize, usize)>,
    out: &mut Vec<Candidate>,
) {
    let mut found = Vec::new();
    let reported = table_cells(text, dict, &mut found);
    terms(text, dict, matches, &reported, &mut found);
    found.sort_by_key(|c| (c.start, c.end));
    out.extend(found);
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (value, evidence) of every candidate.
    fn run(text: &str) -> Vec<(String, Vec<String>)> {
        let mut out = Vec::new();
        find(text, &mut out);
        out.iter()
            .map(|c| {
                assert_eq!(c.kind, Kind::SensitiveAttribute);
                assert_eq!(c.source, Source::Builtin(rules::SENSITIVE_ATTRIBUTE));
                assert_eq!(c.mask, Mask::KeepHead { chars: 1 });
                let ev: Vec<String> = c.evidence.iter().map(|e| e.to_string()).collect();
                assert_eq!(ev.last().map(String::as_str), Some("needs_person"));
                (text.get(c.start..c.end).unwrap_or("?").to_string(), ev)
            })
            .collect()
    }

    fn values(text: &str) -> Vec<String> {
        run(text).into_iter().map(|(v, _)| v).collect()
    }

    /// (name, text, the attribute, category evidence).
    const POSITIVE: &[(&str, &str, &str, &str)] = &[
        (
            "health_010",
            "申请人张三，身份证号430102199001011234，患精神分裂症多年",
            "精神分裂症",
            "category:health",
        ),
        (
            "health_020",
            "其子李明系抑郁症患者",
            "抑郁症",
            "category:health",
        ),
        (
            "health_030",
            "王五确诊为白血病，家庭困难",
            "白血病",
            "category:health",
        ),
        (
            "health_040",
            "救助对象赵六为HIV感染者",
            "HIV",
            "category:health",
        ),
        (
            "health_050",
            "户主刘某，肢体残疾二级",
            "肢体残疾二级",
            "category:health",
        ),
        (
            "health_060",
            "户主刘某，视力残疾（一级）",
            "视力残疾（一级）",
            "category:health",
        ),
        (
            "health_070",
            "其妻患尿毒症，长期透析",
            "尿毒症",
            "category:health",
        ),
        (
            "health_080",
            "张某某因喉癌住院治疗",
            "喉癌",
            "category:health",
        ),
        (
            "health_090",
            "患者周某，二级肢体残疾",
            "二级肢体残疾",
            "category:health",
        ),
        (
            "health_100",
            "该女职工已怀孕5个月",
            "怀孕",
            "category:health",
        ),
        (
            "health_110",
            "申请人患有再生障碍性贫血，需长期治疗",
            "再生障碍性贫血",
            "category:health",
        ),
        (
            "health_120",
            "病种：慢性粒细胞性病变",
            "慢性粒细胞性病变",
            "category:health",
        ),
        (
            "religion_010",
            "当事人马某，回族，信仰伊斯兰教",
            "信仰伊斯兰教",
            "category:religion",
        ),
        (
            "religion_020",
            "其父为基督徒",
            "基督徒",
            "category:religion",
        ),
        (
            "religion_030",
            "宗教信仰：天主教",
            "天主教",
            "category:religion",
        ),
        (
            "criminal_010",
            "刑满释放人员李四，身份证号11010519491231002X",
            "刑满释放人员",
            "category:criminal",
        ),
        (
            "criminal_020",
            "该户户主系吸毒人员",
            "吸毒人员",
            "category:criminal",
        ),
        (
            "criminal_030",
            "其子王某正在接受社区矫正",
            "社区矫正",
            "category:criminal",
        ),
        (
            "criminal_040",
            "张三曾因盗窃被判处有期徒刑三年",
            "有期徒刑",
            "category:criminal",
        ),
        (
            "minor_010",
            "孤儿 张小明 110105201001010037",
            "孤儿",
            "category:minor",
        ),
        (
            "minor_020",
            "李小红系留守儿童，父母在外务工",
            "留守儿童",
            "category:minor",
        ),
        ("minor_030", "受害人系未成年", "未成年", "category:minor"),
        (
            "biometric_010",
            "采集了张三的指纹和人脸信息",
            "指纹",
            "category:biometric",
        ),
        (
            "biometric_020",
            "经基因检测比对，确认王某身份",
            "基因检测",
            "category:biometric",
        ),
        (
            "orientation_010",
            "投诉人自述为同性恋",
            "同性恋",
            "category:sexual_orientation",
        ),
    ];

    #[test]
    fn positives() {
        for (name, text, want, category) in POSITIVE {
            let found = run(text);
            let hit = found.iter().find(|(v, _)| v == want);
            assert!(hit.is_some(), "{name}: {found:?}");
            let ev = hit.map(|(_, e)| e.clone()).unwrap_or_default();
            assert_eq!(ev.first().map(String::as_str), Some(*category), "{name}");
        }
    }

    /// (name, text): nothing reported.
    const NEGATIVE: &[(&str, &str)] = &[
        ("law_010", "依据《中华人民共和国残疾人保障法》"),
        ("law_020", "根据残疾人保障法第十条"),
        ("law_030", "贯彻落实精神卫生法"),
        ("law_040", "依照艾滋病防治条例"),
        ("law_050", "认真学习禁毒法和社区矫正法"),
        ("law_060", "严格执行宗教事务条例，尊重宗教信仰自由"),
        ("law_070", "《严重精神障碍管理治疗工作规范》"),
        ("law_080", "贯彻未成年人保护法"),
        ("policy_010", "加强精神疾病防治工作"),
        ("policy_020", "做好社区矫正工作"),
        ("policy_030", "关爱留守儿童"),
        ("policy_040", "扎实开展艾滋病防治宣传"),
        ("policy_050", "维护残疾人合法权益"),
        ("policy_060", "保护未成年人健康成长"),
        ("policy_070", "团结信教群众"),
        ("policy_080", "传承红色基因"),
        ("policy_090", "推广转基因技术安全评价"),
        ("policy_100", "本县为中风险地区"),
        ("policy_110", "开展两癌筛查"),
        ("policy_120", "预防艾滋病"),
        ("policy_130", "市肿瘤医院"),
        ("policy_140", "送往戒毒所"),
        ("ascii_010", "SHIVA项目"),
        ("label_010", "坚定理想信仰"),
        ("label_020", "信仰是力量"),
        ("label_030", "宗教信仰：无"),
        ("label_040", "致贫原因：因病"),
        ("policy_150", "全面落实留守儿童关爱保护政策"),
        ("policy_160", "加强吸毒人员排查管控和社区戒毒社区康复工作"),
        ("policy_170", "做好刑满释放人员安置帮教"),
        ("policy_180", "社区矫正对象教育管理"),
        ("policy_190", "推进指纹识别技术应用"),
        ("policy_200", "落实重度残疾人护理补贴"),
        ("policy_210", "禁止开展基因编辑研究"),
        ("policy_220", "全市低保对象中残疾人860人"),
        ("policy_230", "对未成年人犯罪案件依法从宽"),
        ("word_010", "加强慢性病健康管理"),
        ("word_020", "深入透析问题根源"),
        ("word_030", "防止系统瘫痪"),
        ("label_050", "健康状况：良好"),
    ];

    #[test]
    fn negatives() {
        for (name, text) in NEGATIVE {
            let found = values(text);
            assert!(found.is_empty(), "{name}: {found:?}");
        }
    }

    #[test]
    fn table_columns_give_whole_cells() {
        let text = "序号\t姓名\t病种\t残疾等级\t宗教信仰\t救助原因\t金额\n\
                    1\t张三\t糖尿病并发症\t肢体二级\t无\t患白血病\t800\n\
                    2\t李四\t无\t/\t伊斯兰教\t因病致贫\t600\n\
                    3\t王五\t-\t\t\t突发车祸\t500";
        let found = run(text);
        let got: Vec<(&str, &str)> = found
            .iter()
            .map(|(v, e)| (v.as_str(), e.get(1).map_or("", String::as_str)))
            .collect();
        assert_eq!(
            got,
            vec![
                ("糖尿病并发症", "column:病种"),
                ("肢体二级", "column:残疾等级"),
                ("患白血病", "column:救助原因"),
                ("伊斯兰教", "column:宗教信仰"),
            ]
        );
    }

    #[test]
    fn illness_only_values_compare_whole_words() {
        // Regression: `性病` is part of the generic `慢性病` but is an illness itself.
        assert_eq!(values("姓名\t救助原因\n张三\t性病"), vec!["性病"]);
        assert!(values("姓名\t救助原因\n张三\t慢性病").is_empty());
    }

    #[test]
    fn header_words_are_not_values() {
        // A header-like first line: `病种` then `金额` is not a value.
        assert!(values("序号\t病种\t金额").is_empty());
        // A key-value form line: label cell then the value cell.
        assert_eq!(values("姓名\t张三\t病种\t尿毒症"), vec!["尿毒症"]);
        // `残疾证号` and `是否残疾` columns are not attributes.
        let text = "姓名\t残疾证号\t是否残疾\n张三\t43010219900101123412\t是";
        assert!(values(text).is_empty());
    }

    #[test]
    fn generic_words_only_as_whole_cells() {
        assert_eq!(values("姓名\t类别\n张三\t未成年人\n"), vec!["未成年人"]);
        assert_eq!(values("姓名\t类别\n张三\t残疾人"), vec!["残疾人"]);
        assert!(values("张三是残疾人").is_empty());
    }

    #[test]
    fn each_category_has_terms_and_no_word_is_listed_twice() {
        let words = dictionary_words();
        let mut seen = std::collections::BTreeSet::new();
        for (w, _) in &words {
            assert!(seen.insert(w.as_str()), "{w} listed twice");
            assert!(!w.is_empty() && !w.contains(' '), "{w:?}");
        }
        for c in [
            Category::Health,
            Category::Religion,
            Category::Criminal,
            Category::Minor,
            Category::Biometric,
            Category::SexualOrientation,
        ] {
            assert!(words.iter().any(|(_, e)| *e == Entry::Term(c)));
        }
        assert!(DICTIONARY.is_some());
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "住院患者：张三，患有严重心脏病，宗教信仰为佛教；HIV阳性";
        let mut out = Vec::new();
        find(text, &mut out);
        assert!(!out.is_empty());
        for c in &out {
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            assert!(c.start < c.end);
        }
        assert_eq!(values(text), vec!["严重心脏病", "佛教", "HIV阳性"]);
    }

    /// Random strings over the characters the passes react to: no panic, spans on char
    /// boundaries.
    #[test]
    fn random_inputs_keep_invariants() {
        let alphabet: Vec<char> =
            "病种：患有精神分裂症残疾人二级肢体（）《》\t\n 无HIV吸毒和、的防治工作信仰佛教"
                .chars()
                .collect();
        let mut rng = crate::synth::Rng::new(13);
        for _ in 0..20_000 {
            let text = rng.text(&alphabet, 40);
            let mut out = Vec::new();
            find(&text, &mut out);
            for c in &out {
                assert!(c.start < c.end && c.end <= text.len(), "{text:?}");
                assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
            }
        }
    }

    #[test]
    fn wide_tables_stay_linear() {
        // 20k attribute columns, 50 rows: one walk per row, not one search per cell.
        let header = vec!["病种"; 20_000].join("\t");
        let row = vec!["尿毒症"; 20_000].join("\t");
        let text = format!("{header}\n{}", vec![row.as_str(); 50].join("\n"));
        let mut out = Vec::new();
        find(&text, &mut out);
        assert_eq!(out.len(), 20_000 * 50);
    }

    #[test]
    fn pathological_inputs_finish() {
        let inputs = [
            "精神分裂症".repeat(200_000),
            "残疾人保障法".repeat(200_000),
            "病种：".repeat(200_000),
            "患有".repeat(200_000),
            format!("《{}", "艾滋病".repeat(200_000)),
            "\t".repeat(200_000),
            format!("病种\n{}", "\t".repeat(200_000)),
        ];
        for text in &inputs {
            let mut out = Vec::new();
            find(text, &mut out);
            assert!(out.len() <= text.len());
        }
        let mut table = String::from("序号\t姓名\t病种\n");
        for i in 0..200_000 {
            table.push_str(&format!("{i}\t张三\t尿毒症\n"));
        }
        let mut out = Vec::new();
        find(&table, &mut out);
        assert_eq!(out.len(), 200_000);
    }

    #[test]
    fn overlapping_matches_from_the_engine_give_the_same_findings() {
        let words = dictionary();
        for text in [
            "序号\t姓名\t病种\n1\t张伟\t精神分裂症\n",
            "刑满释放人员李娜，患有尿毒症，肢体残疾二级。",
            "根据《中华人民共和国残疾人保障法》，做好刑满释放人员和社区矫正对象的帮扶。",
            "王强，信仰伊斯兰教，系吸毒人员。",
        ] {
            // Every occurrence of every word, overlapping, as the term automaton reports.
            let mut matches = Vec::new();
            for (index, w) in words.iter().enumerate() {
                for (start, _) in text.match_indices(w.as_str()) {
                    matches.push(LiteralMatch {
                        start,
                        end: start + w.len(),
                        index,
                    });
                }
            }
            let (mut own, mut given) = (Vec::new(), Vec::new());
            find(text, &mut own);
            find_with(text, matches, &mut given);
            let spans = |v: &[Candidate]| v.iter().map(|c| (c.start, c.end)).collect::<Vec<_>>();
            assert_eq!(spans(&own), spans(&given), "{text}");
        }
    }
}
