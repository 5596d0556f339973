//! Detailed addresses (详细住址): addresses that reach house level — `…路88号`, `…村5组12号`,
//! `…小区3栋2单元501室`, `…小区3-2-501` — classified by the label or column header before
//! them as a person's (`住址`, `家庭住址`, `户籍地址`, `家住` …: rule `pii.address`), a unit's
//! (`办公地址`, `经营场所`, a notice footer next to `邮编`: rule `pii.address.unit`, `info`
//! at most) or unknown (`pii.address` with evidence `needs_person`: the record pass keeps it
//! only when a person sits in the same row, sentence or record).
//!
//! Sits in `detect`: one text buffer in, candidates out. It does not decide whether an
//! unlabelled address belongs to a person (the record pass does) nor grade severity.
//!
//! How (pii-facts §8): one pass over the characters looks for a number (`88`, `８８`, `三`,
//! `A`) right after a place word — a road (`路 街 大道 巷 弄 胡同 道 里`), an estate (`小区 花园
//! 苑 大厦 …`) or a village (`村 社区 屯 …`). From there a chain of `number + suffix` segments
//! (`号`, `栋/幢/座/号楼`, `单元`, `室/号房`, `组`, intermediate `段/弄/期/楼`) is parsed; the
//! address is reported when the chain reaches house level. The start walks back over the
//! administrative prefix (Han characters only, at most [`MAX_BACK_CHARS`]) and stops after a
//! label or a preposition (`住址`, `家住`, `在`, `于` …); a first name longer than real
//! names (`本次共走访和平路…`) keeps its last four characters. Work per position is bounded:
//! numbers, chains and the walk back have fixed limits.
//!
//! Rejected look-alikes: document numbers (`长民发〔2024〕12号`, `第3号`, `2024年第5号令`,
//! `12号文件`) and dates have no place word before the number; metro lines (`2号线`) and
//! `号文/号令` are refused after `号`; meeting venues (`机关大院1号楼会议室`, `…88号召开`) are
//! not addresses of anyone; a street or district alone (`东风路`, `东风路街道`) is not
//! detailed and is not reported.

use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};

use super::table::TableTracker;
use super::{rules, Candidate, Evidence, Mask, Source};
use crate::finding::{Kind, Severity};

/// How far back (in characters) the administrative prefix may reach before the place word.
pub const MAX_BACK_CHARS: usize = 40;
/// How far back (in characters) a label may sit before the address.
const CUE_WINDOW_CHARS: usize = 16;
/// At most this many `number + suffix` segments in one chain.
const MAX_SEGMENTS: usize = 8;
/// Adjacent chains (`…路88号某某花园3栋…`) merge into one address up to this many bytes.
const MAX_MERGED_BYTES: usize = 360;

const CONFIDENCE_CUE: f32 = 0.8;
const CONFIDENCE_AMBIGUOUS: f32 = 0.65;
const CONFIDENCE_BARE: f32 = 0.5;

/// The kind of place word right before the first number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    Road,
    Estate,
    Village,
}

/// Place words by kind; the longest one ending before the number counts (`山庄` over `庄`).
const VILLAGE_WORDS: &str = "村民委员会 居民委员会 村委会 居委会 社区 嘎查 村 屯 寨 庄";
/// Roads, and a road's section before the house number (`人民南路四段76号`).
const ROAD_WORDS: &str = "大道 大街 胡同 路 街 道 巷 弄 里 段";
/// Estates and compounds (an estate name no list knows is handled by strong chains).
const ESTATE_WORDS: &str =
    "小区 园区 校区 片区 街区 花园 家园 公寓 新村 大厦 广场 宿舍 公馆 山庄 苑 园 城 \
     院 庭 湾 商铺";

/// Words that end in a place character but are not places (`频道3号`, `线路1号`,
/// `医院3号楼`, `公里`): a number after them starts no address.
const NOT_PLACES: &str = "频道 渠道 通道 车道 跑道 赛道 轨道 管道 航道 报道 知道 步道 一道 \
    线路 思路 电路 道路 网路 回路 出路 套路 销路 走路 上路 带路 这里 \
    那里 哪里 公里 邻里 心里 家里 村里 城里 夜里 手里 县里 市里 区里 \
    镇里 乡里 省里 屋里 医院 法院 学院 检察院 研究院 设计院 科学院 卫生院 \
    福利院 敬老院 养老院 国务院 影院 剧院 戏院 公园 幼儿园 动物园 植物园 \
    游乐园 县城 进城 全城 满城 省城 农村 乡村 村庄 港湾 阶段 时段 手段 \
    片段 分段 工段 标段 学段";

/// The last character of every place word: a cheap first test before [`place_before`].
fn is_place_tail(c: char) -> bool {
    "会区查村屯寨庄道街同路巷弄里园寓厦场舍馆苑城院庭湾铺段".contains(c)
}

/// Words keyed by their last character, split once: the lists are read for every number
/// after a place character, so a cheap character test comes before `ends_with`.
struct Keyed<T: 'static> {
    words: Vec<(char, &'static str, T)>,
}

impl<T: Copy> Keyed<T> {
    fn new(lists: &[(&'static str, T)]) -> Self {
        let words = lists
            .iter()
            .flat_map(|&(list, t)| words(list).map(move |w| (w, t)))
            .filter_map(|(w, t)| Some((w.chars().next_back()?, w, t)))
            .collect();
        Keyed { words }
    }

    /// The longest word that `head` ends with.
    fn longest_ending(&self, head: &str) -> Option<(&'static str, T)> {
        let last = head.chars().next_back()?;
        self.words
            .iter()
            .filter(|&&(c, w, _)| c == last && head.ends_with(w))
            .max_by_key(|(_, w, _)| w.len())
            .map(|&(_, w, t)| (w, t))
    }
}

static PLACES: LazyLock<Keyed<Option<Place>>> = LazyLock::new(|| {
    Keyed::new(&[
        (VILLAGE_WORDS, Some(Place::Village)),
        (ROAD_WORDS, Some(Place::Road)),
        (ESTATE_WORDS, Some(Place::Estate)),
        (NOT_PLACES, None),
    ])
});

/// The place word ending at byte `at`, with its start (`None` for a non-place word such as
/// `线路`, which is longer than the place word it ends with).
fn place_before(text: &str, at: usize) -> Option<(Place, usize)> {
    let head = text.get(..at)?;
    let (word, place) = PLACES.longest_ending(head)?;
    Some((place?, at - word.len()))
}

/// What a chain segment's suffix says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Level {
    /// `号`, `号院`: a house number.
    House,
    /// `栋`, `幢`, `座`, `号楼`, `#`.
    Building,
    /// `单元`, `门`.
    Unit,
    /// `楼`, `层`.
    Floor,
    /// `室`, `号房`, `房`, `户`.
    Room,
    /// `组`, `小组`, `村民小组`, `队`: a village group.
    Group,
    /// `段`, `弄`, `巷`, `期`, `区`, `排`: on the way to the house number.
    Section,
}

impl Level {
    fn is_house_level(self) -> bool {
        matches!(
            self,
            Level::House | Level::Building | Level::Unit | Level::Room | Level::Group
        )
    }
}

/// Suffixes, longest first where one starts another; each with the characters that must
/// not follow it (`号线`, `号文`, `组织`, `座谈`).
const SUFFIXES: &[(&str, Level, &str)] = &[
    ("村民小组", Level::Group, ""),
    ("小组", Level::Group, "长员织"),
    ("号楼", Level::Building, ""),
    ("号院", Level::House, "长"),
    ("号房", Level::Room, ""),
    ("号", Level::House, "线文令字函称码外角"),
    ("单元", Level::Unit, "测格"),
    ("#", Level::Building, ""),
    ("＃", Level::Building, ""),
    ("栋", Level::Building, "梁"),
    ("幢", Level::Building, ""),
    ("座", Level::Building, "谈位席"),
    ("楼", Level::Floor, "梯道顶盘市"),
    ("层", Level::Floor, "次面级"),
    ("室", Level::Room, "内外友主"),
    ("房", Level::Room, "产屋价租"),
    ("户", Level::Room, "籍口主人数"),
    ("门", Level::Unit, "口店诊类户"),
    ("组", Level::Group, "织成建长员合委别团内件数"),
    ("队", Level::Group, "员伍长"),
    ("段", Level::Section, "时落"),
    ("弄", Level::Section, ""),
    ("巷", Level::Section, ""),
    ("期", Level::Section, "间限末满"),
    ("区", Level::Section, "域间别"),
    ("排", Level::Section, "名查放序"),
];

/// [`SUFFIXES`] with their first characters: tried after every number, so a character
/// comparison comes before `starts_with`.
static SUFFIX_TABLE: LazyLock<Vec<(char, &'static str, Level, &'static str)>> =
    LazyLock::new(|| {
        SUFFIXES
            .iter()
            .filter_map(|&(w, level, refused)| Some((w.chars().next()?, w, level, refused)))
            .collect()
    });

fn suffix_at(text: &str, at: usize) -> Option<(Level, usize)> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    let &(_, word, level, refused) = SUFFIX_TABLE
        .iter()
        .find(|&&(c, w, _, _)| c == first && rest.starts_with(w))?;
    let after = rest.get(word.len()..)?.chars().next();
    if after.is_some_and(|c| refused.contains(c)) {
        return None;
    }
    Some((level, at + word.len()))
}

fn is_han(c: char) -> bool {
    // `〇` is a numeral in house numbers (`二〇三室`), so it counts as Han here.
    super::names::is_han(c) || c == '〇'
}

fn is_digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

fn is_cn_numeral(c: char) -> bool {
    matches!(
        c,
        '零' | '〇'
            | '一'
            | '二'
            | '三'
            | '四'
            | '五'
            | '六'
            | '七'
            | '八'
            | '九'
            | '十'
            | '百'
            | '两'
    )
}

fn is_hyphen(c: char) -> bool {
    matches!(c, '-' | '－' | '—' | '–' | '‐')
}

/// A number token: `88`, `８８`, `12-3`, `3-2-501`, `十二`, or one letter (`A座`).
#[derive(Clone, Copy, Debug)]
struct Number {
    end: usize,
    /// Hyphen-joined parts (`3-2-501` has 3).
    parts: u8,
    /// Digits in the last part (0 for Chinese numerals and letters).
    digits: u8,
    /// Digits in the first part.
    first_digits: u8,
    letter: bool,
}

impl Number {
    /// `3-2-501`, `15-5-1602`, `3-501`: a building of at most three digits, a room of at
    /// most four; not a date (`2024-05-12`) nor a phone (`0731-8456-7890`).
    fn is_room_compound(self) -> bool {
        self.parts >= 2 && self.first_digits <= 3 && self.digits <= 4
    }
}

fn parse_number(text: &str, at: usize) -> Option<Number> {
    let rest = text.get(at..)?;
    let first = rest.chars().next()?;
    if is_digit(first) {
        let mut n = Number {
            end: at,
            parts: 1,
            digits: 0,
            first_digits: 0,
            letter: false,
        };
        let mut chars = rest.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            if is_digit(c) {
                n.digits += 1;
                if n.parts == 1 {
                    n.first_digits = n.digits;
                }
                if n.digits > 6 {
                    return None; // a long digit run is an identifier, not a house number
                }
                n.end = at + i + c.len_utf8();
            } else if is_hyphen(c) && n.parts < 4 && chars.peek().is_some_and(|&(_, d)| is_digit(d))
            {
                n.parts += 1;
                n.digits = 0;
            } else {
                break;
            }
        }
        return Some(n);
    }
    if is_cn_numeral(first) {
        let mut end = at;
        for (count, (i, c)) in rest.char_indices().enumerate() {
            if !is_cn_numeral(c) {
                break;
            }
            if count >= 5 {
                return None;
            }
            end = at + i + c.len_utf8();
        }
        return Some(Number {
            end,
            parts: 1,
            digits: 0,
            first_digits: 0,
            letter: false,
        });
    }
    if first.is_ascii_alphabetic() {
        let next = rest.get(1..)?.chars().next();
        if next.is_some_and(|c| c.is_ascii_alphanumeric()) {
            return None;
        }
        return Some(Number {
            end: at + 1,
            parts: 1,
            digits: 0,
            first_digits: 0,
            letter: true,
        });
    }
    None
}

/// A parsed `number + suffix` chain.
#[derive(Clone, Copy, Debug, Default)]
struct Chain {
    end: usize,
    /// Reaches a house number, building, unit, room or village group.
    house: bool,
    /// Says "flat" on its own, without a place word before it: building and unit or room
    /// (`二十八栋四单元1503房`), unit and room, or a room compound (`14-5-1002`).
    strong: bool,
}

/// Parses the `number + suffix` chain that starts at byte `at` (right after a place word of
/// kind `place`, or after any Han character for [`Place::Estate`] when only a strong chain
/// will do).
fn parse_chain(text: &str, at: usize, place: Place) -> Chain {
    let mut pos = at;
    if place == Place::Village && text.get(pos..).is_some_and(|r| r.starts_with('第')) {
        pos += '第'.len_utf8(); // 某某村第三村民小组
    }
    let mut chain = Chain::default();
    let (mut building, mut unit, mut room) = (false, false, false);
    let mut last: Option<Level> = None;
    for _ in 0..MAX_SEGMENTS {
        if let Some(l) = last {
            match continuation_after_space(text, pos, l) {
                Some(Continuation::Courtyard(end)) => {
                    pos = end;
                    continue;
                }
                Some(Continuation::Number(next)) => pos = next,
                None => {}
            }
        }
        let Some(n) = parse_number(text, pos) else {
            break;
        };
        match suffix_at(text, n.end) {
            Some((level, end)) if segment_allowed(level, n, last, place) => {
                chain.house |= level.is_house_level();
                building |= level == Level::Building;
                unit |= level == Level::Unit;
                room |= level == Level::Room;
                last = Some(level);
                pos = end;
            }
            Some(_) => break,
            None => {
                // `3-2-501`; `3栋2单元501`; `某某小区3-501`, `3栋2-501`.
                let bare_room = !n.letter
                    && n.parts == 1
                    && (2..=5).contains(&n.digits)
                    && matches!(last, Some(Level::Building | Level::Unit | Level::Floor));
                let compound = n.is_room_compound()
                    && (n.parts >= 3 || last.is_some() || place == Place::Estate);
                let glued = text
                    .get(n.end..)
                    .and_then(|r| r.chars().next())
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '.' || c == '%');
                if (bare_room || compound) && !glued {
                    chain.house = true;
                    room = true;
                    chain.strong |= n.parts >= 3;
                    pos = n.end;
                }
                break;
            }
        }
    }
    chain.end = pos;
    chain.strong |= (building || unit) && room || building && unit;
    chain
}

/// What follows a single space or line break inside an address (a cell's line break,
/// extracted as either): `佳灵路110号\n院11号楼`, `东风路88号 3栋`.
enum Continuation {
    /// `号` + break + `院`: the courtyard suffix, ending here.
    Courtyard(usize),
    /// A number with a house-level suffix starts here.
    Number(usize),
}

fn continuation_after_space(text: &str, pos: usize, last: Level) -> Option<Continuation> {
    let rest = text.get(pos..)?;
    let space = rest
        .chars()
        .next()
        .filter(|c| matches!(c, ' ' | '\u{3000}' | '\n'))?;
    let next = pos + space.len_utf8();
    let after = text.get(next..)?;
    if last == Level::House && after.starts_with('院') {
        return Some(Continuation::Courtyard(next + '院'.len_utf8()));
    }
    let n = parse_number(text, next)?;
    let (level, _) = suffix_at(text, n.end)?;
    (level.is_house_level() && !n.letter).then_some(Continuation::Number(next))
}

fn segment_allowed(level: Level, n: Number, last: Option<Level>, place: Place) -> bool {
    if n.letter && !matches!(level, Level::Building | Level::Unit | Level::Section) {
        return false; // `A座`, `B栋`, `C区`; not `A号`
    }
    if last.is_some() {
        return true;
    }
    match level {
        Level::House | Level::Building | Level::Section => true,
        Level::Group => place == Place::Village,
        Level::Unit | Level::Floor => place != Place::Road,
        Level::Room => false,
    }
}

/// Places where meetings are held, not where anyone lives: `…1号楼会议室`, `…88号召开`.
const VENUES: &str = "会议室 会议厅 报告厅 多功能厅 大厅 礼堂 办公室 展厅 演播厅 活动室 教室 \
    培训室 召开 举行 举办 开展";

fn is_venue(text: &str, end: usize) -> bool {
    let Some(mut rest) = text.get(end..) else {
        return false;
    };
    rest = rest.strip_prefix('的').unwrap_or(rest);
    words(VENUES).any(|v| rest.starts_with(v))
}

/// Labels and verbs after which an address starts. Words of two or more characters always
/// cut; single characters cut only when a name of two characters follows (so `于洪区`,
/// `和平路` keep their first character).
const CUT_WORDS: &str = "住所地 住址 地址 家住 住在 居住 现住 现居 位于 坐落 所在地 户籍地 \
    居住地 住所 地点 场所 搬至 搬到 迁至 迁往 来自 籍贯 在 于 到 至 住 \
    是 为 系 的 了 往 把 被 由 及 与 或 即 从";

/// Characters of the suffixes in [`SUFFIXES`].
fn is_suffix_char(c: char) -> bool {
    "号栋幢座楼层室房户组队段弄巷期区排院单元#＃".contains(c)
}

/// The last characters of [`CUT_WORDS`] (a test keeps them in step): a quick filter.
fn ends_cut_word(c: char) -> bool {
    "地址住在居于落点场至到往自贯是为系的了把被由及与或即从所".contains(c)
}

static CUTS: LazyLock<Keyed<()>> = LazyLock::new(|| Keyed::new(&[(CUT_WORDS, ())]));

/// Characters that end an administrative or road name: a cut must leave two name
/// characters before the next of them.
fn is_level_char(c: char) -> bool {
    "省市区县镇乡村路街道巷弄旗州盟屯".contains(c)
}

/// The start of the address whose place word starts at `place_start`: back over Han
/// characters (not before `floor`, at most [`MAX_BACK_CHARS`]), then forward past the last
/// label or preposition.
fn address_start(text: &str, place_start: usize, floor: usize, estate: bool) -> usize {
    let Some(head) = text.get(floor..place_start) else {
        return place_start;
    };
    let mut run_start = place_start;
    for (n, (j, c)) in head.char_indices().rev().enumerate() {
        if n >= MAX_BACK_CHARS || !is_han(c) {
            break;
        }
        run_start = floor + j;
    }
    // Stopped at a number: the suffix characters glued to it belong to that number, not to
    // this address (`…157号武侯区政府大院5号楼` when `157号` started no address).
    let stopped_at_number = text
        .get(..run_start)
        .and_then(|h| h.chars().next_back())
        .is_some_and(|c| is_digit(c) || c.is_ascii_alphabetic());
    if stopped_at_number {
        let rest = text.get(run_start..place_start).unwrap_or("");
        let glued = rest.len() - rest.trim_start_matches(is_suffix_char).len();
        run_start += glued;
    }
    let Some(run) = text.get(run_start..place_start) else {
        return run_start;
    };
    for (j, _) in run.char_indices().rev() {
        let cut = run_start + j;
        let Some(before) = text.get(run_start..cut) else {
            continue;
        };
        if !before.chars().next_back().is_some_and(ends_cut_word) {
            continue;
        }
        let Some((word, ())) = CUTS.longest_ending(before) else {
            continue;
        };
        if word.chars().count() > 1 || name_follows(text, cut, place_start) {
            return trim_first_name(text, cut, place_start, estate);
        }
    }
    trim_first_name(text, run_start, place_start, estate)
}

/// Prose before an address that no label ends (`本次共走访和平路12号`): the first name is
/// kept to the length real names have — four characters before an administrative or road
/// character (`乌鲁木齐市`, `万家丽中路` loses one), six before an estate word.
fn trim_first_name(text: &str, start: usize, place_start: usize, estate: bool) -> usize {
    let Some(seg) = text.get(start..place_start) else {
        return start;
    };
    let (name_end, cap) = match seg.char_indices().find(|&(_, c)| is_level_char(c)) {
        // `新疆维吾尔自治区`, `延边朝鲜族自治州`: the name is before `自治`.
        Some((j, _)) if seg.get(..j).is_some_and(|h| h.ends_with("自治")) => {
            (start + j - "自治".len(), 5)
        }
        Some((j, _)) => (start + j, 4),
        None => (place_start, if estate { 6 } else { 4 }),
    };
    let Some(name) = text.get(start..name_end) else {
        return start;
    };
    match name.char_indices().rev().nth(cap - 1) {
        Some((j, _)) if j > 0 => start + j,
        _ => start,
    }
}

fn name_follows(text: &str, cut: usize, place_start: usize) -> bool {
    let Some(name) = text.get(cut..place_start) else {
        return false;
    };
    let mut chars = name.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) => !is_level_char(a) && !is_level_char(b),
        _ => false,
    }
}

/// One address found by the scan, before classification.
#[derive(Clone, Copy, Debug)]
struct Span {
    start: usize,
    end: usize,
    /// End of the part shown unmasked (up to the street or village).
    keep_end: usize,
}

fn could_start_number(c: char) -> bool {
    is_digit(c) || is_cn_numeral(c) || c.is_ascii_alphabetic() || c == '第'
}

/// The linear scan: house-level chains after place words (or strong chains after any Han
/// character), with their starts.
fn scan(text: &str) -> Vec<Span> {
    let mut spans: Vec<Span> = Vec::new();
    let mut prev: Option<char> = None;
    let mut resume = 0;
    for (i, c) in text.char_indices() {
        let before = prev;
        prev = Some(c);
        if i < resume || !before.is_some_and(is_han) || !could_start_number(c) {
            continue;
        }
        // Cheap test first: a number with a suffix (or a compound) must follow.
        let shaped = c == '第'
            || parse_number(text, i)
                .is_some_and(|n| n.parts > 1 || suffix_at(text, n.end).is_some());
        if !shaped {
            continue;
        }
        let placed = before
            .is_some_and(is_place_tail)
            .then(|| place_before(text, i))
            .flatten();
        let (place, place_start, chain) = match placed {
            Some((place, place_start)) => (place, place_start, parse_chain(text, i, place)),
            // An estate name no list knows (`建业森林半岛`): only a chain that says "flat"
            // on its own (`二十八栋四单元1503房`, `14-5-1002`).
            None => (Place::Estate, i, parse_chain(text, i, Place::Estate)),
        };
        if !(chain.house && (placed.is_some() || chain.strong)) {
            continue;
        }
        let end = chain.end;
        resume = end;
        if is_venue(text, end) {
            continue;
        }
        let floor = spans.last().map_or(0, |s| s.end);
        let start = address_start(text, place_start, floor, place == Place::Estate);
        match spans.last_mut() {
            Some(last) if start == last.end && end - last.start <= MAX_MERGED_BYTES => {
                last.end = end;
            }
            _ if start < place_start => spans.push(Span {
                start,
                end,
                keep_end: i,
            }),
            _ => {} // a place word with no name (`：路88号`)
        }
    }
    spans
}

/// What a label before an address says about whose it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Cue {
    /// A person's home or registered address.
    Personal,
    /// A mailing address: a person's, unless a unit's footer surrounds it.
    Mailing,
    /// `地址`, `住所`: a person's or a unit's, by the words around it.
    Ambiguous,
    /// A unit's office, premises or a project site.
    Unit,
}

/// Labels of a person's home or registered address.
const PERSONAL_CUES: &str =
    "住址 家庭住址 现住址 现住地址 原住址 家庭地址 居住地址 现居住地址 户籍地址 \
    户籍所在地 户口所在地 户籍地 居住地 现居住地 经常居住地 暂住地 暂住地址 家住 \
    户籍 户口 住处 现住 现居 住在 居住在 居住于 家位于 送达地址";
/// Labels of a mailing address.
const MAILING_CUES: &str = "通讯地址 通信地址 联系地址 邮寄地址 收件地址";
/// Labels of either a person's or a unit's address.
const AMBIGUOUS_CUES: &str = "地址 详细地址 住所 住所地 所在地 坐落 房屋坐落 位于 坐落于";
/// Labels of a unit's office or premises, an event venue or a project site.
const UNIT_CUES: &str =
    "办公地址 办公地点 办公室地址 单位地址 单位住所 机构地址 公司地址 企业地址 \
    经营场所 经营地址 营业场所 生产地址 注册地址 注册地 厂址 受理地点 受理地址 \
    办理地点 服务窗口 服务地点 报名地点 考试地点 会议地点 活动地点 地点 项目地点 \
    项目地址 项目位于 建设地点";

/// The cue words with their kinds, and an automaton over them (leftmost-longest: `家庭住址`
/// over `住址`, `办公地址` over `地址`).
struct CueTable {
    automaton: AhoCorasick,
    cues: Vec<(&'static str, Cue)>,
}

static CUE_TABLE: LazyLock<Option<CueTable>> = LazyLock::new(|| {
    let kinds = [
        (PERSONAL_CUES, Cue::Personal),
        (MAILING_CUES, Cue::Mailing),
        (AMBIGUOUS_CUES, Cue::Ambiguous),
        (UNIT_CUES, Cue::Unit),
    ];
    let cues: Vec<(&'static str, Cue)> = kinds
        .iter()
        .flat_map(|&(list, cue)| words(list).map(move |w| (w, cue)))
        .collect();
    let automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(cues.iter().map(|(w, _)| *w))
        .ok()?;
    Some(CueTable { automaton, cues })
});

/// Space-separated word lists: read once per candidate, never per character.
fn words(list: &'static str) -> impl Iterator<Item = &'static str> {
    list.split(' ').filter(|w| !w.is_empty())
}

/// Words near an address (same line) that make it a unit's: a notice footer.
const FOOTER_WORDS: &str = "邮编 邮政编码 传真 办公时间 工作时间 受理时间 网址 乘车路线";

/// Words in the few characters right after an address that name the unit housed there.
const ORG_AFTER: &str =
    "局 委员会 政府 中心 公司 办公室 大厅 办事处 窗口 服务站 银行 医院 学校 法院 \
     检察院 派出所 管理处 服务厅 分局 大队 商铺 门面 门店 店铺";

/// Words inside an address that make it a unit's premises (`…政府大院5号楼`,
/// `…市民之家2楼`, `…商铺41号`), unless it is staff housing ([`HOUSING`]).
const ORG_INSIDE: &str = "政府 机关 市民之家 政务服务 管委会 委员会 商铺 门面 写字楼";
const HOUSING: &str = "宿舍 家属";

/// Words right after an address that make it someone's home (`在其位于…的住宅楼顶`).
const HOME_AFTER: &str = "住宅 住房 家中 房屋 自建房 自家";

/// Line endings of a unit's name (a footer's signature line under the address).
const ORG_SUFFIXES: &str = "局 委员会 政府 办公室 中心 公司 办事处 医院 学校 法院 检察院 派出所";

/// Words before `住所`/`地址`/`通讯地址` that make the record a unit's.
const ORG_BEFORE: &str = "公司 有限 企业 合作社 商行 门店 厂 协会 医院 学校 信用代码 法定代表人 \
     单位 机关 局 委员会 政府 办公室";

/// Words before `住所`/`地址`/`通讯地址` that make the record a person's.
const PERSON_BEFORE: &str = "姓名 身份证 公民身份号码 出生 男， 女， 男, 女, 族， 户主 村民 居民 \
     信访人 来信人 申请人 投诉人 举报人 当事人 被处罚人 被申请人 监护人";

/// An office landline before a mailing address: a unit's footer, when nothing else says.
const LANDLINE_BEFORE: &str = "电话：0 电话:0 电话：（0 电话：(0 电话（0 电话(0 电话0";

/// Up to `max` characters before `at`, on the same line.
fn line_before(text: &str, at: usize, max: usize) -> &str {
    text_before(text, at, max, true)
}

/// Up to `max` characters before `at`, on the same line if `one_line`, else stopping at a
/// blank line.
fn text_before(text: &str, at: usize, max: usize, one_line: bool) -> &str {
    let Some(head) = text.get(..at) else {
        return "";
    };
    let mut from = at;
    let mut newline = false;
    for (n, (j, c)) in head.char_indices().rev().enumerate() {
        if n >= max || c == '\n' && (one_line || newline) {
            break;
        }
        newline = c == '\n';
        from = j;
    }
    head.get(from..).unwrap_or("")
}

/// Up to `max` characters from `at`, on the same line.
fn line_after(text: &str, at: usize, max: usize) -> &str {
    let Some(tail) = text.get(at..) else {
        return "";
    };
    let mut to = 0;
    for (n, (j, c)) in tail.char_indices().enumerate() {
        if n >= max || c == '\n' {
            break;
        }
        to = j + c.len_utf8();
    }
    tail.get(..to).unwrap_or("")
}

/// The Han run right after `at` (at most 12 characters), past an optional `的`.
fn han_after(text: &str, at: usize) -> &str {
    let Some(tail) = text.get(at..) else {
        return "";
    };
    let tail = tail.strip_prefix('的').unwrap_or(tail);
    let mut to = 0;
    for (n, (j, c)) in tail.char_indices().enumerate() {
        if n >= 12 || !is_han(c) {
            break;
        }
        to = j + c.len_utf8();
    }
    tail.get(..to).unwrap_or("")
}

/// The line after the address's line, when it is a short unit name (`金水区民政局`).
fn org_line_after(text: &str, at: usize) -> Option<&'static str> {
    let rest = text.get(at..)?;
    let nl = memchr::memchr(b'\n', rest.as_bytes().get(..rest.len().min(400))?)?;
    let next = line_after(text, at + nl + 1, 21);
    let next = next.trim_end_matches(['\r', ' ', '\u{3000}']);
    if next.chars().count() > 20 || next.contains('\t') {
        return None;
    }
    words(ORG_SUFFIXES).find(|w| next.ends_with(w))
}

/// A footer word or a unit name in, next to or under the address, if any.
fn unit_context(text: &str, span: &Span) -> Option<&'static str> {
    let around = [
        line_before(text, span.start, 40),
        line_after(text, span.end, 40),
    ];
    if let Some(w) = words(FOOTER_WORDS).find(|w| around.iter().any(|a| a.contains(w))) {
        return Some(w);
    }
    let after = han_after(text, span.end);
    if let Some(w) = words(ORG_AFTER)
        .chain(words(ORG_INSIDE))
        .find(|w| after.contains(w))
    {
        return Some(w);
    }
    let address = text.get(span.start..span.end).unwrap_or("");
    if !words(HOUSING).any(|w| address.contains(w)) {
        if let Some(w) = words(ORG_INSIDE).find(|w| address.contains(w)) {
            return Some(w);
        }
    }
    org_line_after(text, span.end)
}

/// A home word right after the address, if any.
fn home_after(text: &str, span: &Span) -> Option<&'static str> {
    let after = han_after(text, span.end);
    words(HOME_AFTER).find(|w| after.starts_with(w))
}

/// Which of the word lists occurs last in `s`: `Some(true)` for `persons`.
fn last_of(s: &str, persons: &'static str, orgs: &'static str) -> Option<bool> {
    let last = |list| words(list).filter_map(|w| s.rfind(w)).max();
    match (last(persons), last(orgs)) {
        (Some(p), Some(o)) => Some(p > o),
        (Some(_), None) => Some(true),
        (None, Some(_)) => Some(false),
        (None, None) => None,
    }
}

/// How an address was classified.
#[derive(Debug, PartialEq)]
enum Class {
    Personal(Vec<Evidence>),
    Unit(Vec<Evidence>),
    /// A person's only if the record pass finds one next to it.
    NeedsPerson(Vec<Evidence>),
}

fn classify_cue(text: &str, span: &Span) -> Option<Class> {
    let table = CUE_TABLE.as_ref()?;
    let window = line_before(text, span.start, CUE_WINDOW_CHARS);
    let last = table.automaton.find_iter(window).last();
    // `住长沙市…` (信访 letters): a lone `住` counts only right before the address; in the
    // window it is too often part of `住院`, `住房`.
    if window.ends_with('住') && last.is_none_or(|m| m.end() < window.len()) {
        return Some(Class::Personal(vec![Evidence::Borrowed("cue:住")]));
    }
    let m = last?;
    let &(word, cue) = table.cues.get(m.pattern().as_usize())?;
    let cue_at = span.start.checked_sub(window.len() - m.start())?;
    let cue_evidence = || Evidence::Owned(format!("cue:{word}"));
    if cue == Cue::Personal {
        return Some(Class::Personal(vec![cue_evidence()]));
    }
    if cue == Cue::Unit {
        return Some(Class::Unit(vec![unit_word(word)]));
    }
    if let Some(w) = unit_context(text, span) {
        return Some(Class::Unit(vec![unit_word(w), cue_evidence()]));
    }
    if let Some(w) = home_after(text, span) {
        return Some(Class::Personal(vec![cue_evidence(), home_word(w)]));
    }
    // A notice footer: `联系人：X；电话：0731-…` on the line before `地址：…`.
    let near = text_before(text, cue_at, 40, false);
    if words(LANDLINE_BEFORE).any(|w| near.contains(w)) {
        return Some(Class::Unit(vec![
            unit_word(word),
            Evidence::Borrowed("near:landline"),
        ]));
    }
    // The record the label belongs to: back to the previous blank line, bounded.
    let record = text_before(text, cue_at, 100, false);
    Some(match (last_of(record, PERSON_BEFORE, ORG_BEFORE), cue) {
        (Some(true), _) | (None, Cue::Mailing) => Class::Personal(vec![cue_evidence()]),
        (Some(false), _) => Class::Unit(vec![unit_word(word)]),
        (None, _) => Class::NeedsPerson(vec![cue_evidence(), Evidence::Borrowed("needs_person")]),
    })
}

fn home_word(w: &str) -> Evidence {
    Evidence::Owned(format!("home:{w}"))
}

fn unit_word(w: &str) -> Evidence {
    Evidence::Owned(format!("unit:{w}"))
}

/// Column headers of a person's address, of a unit's, and of either.
const PERSONAL_COLUMNS: &str = "住址 家庭 居住 户籍 现住 通讯 通信 联系地址 送达 家住";
const UNIT_COLUMNS: &str = "办公 单位 注册 经营 营业 项目 地点 场所 企业 机构 门店 厂址 受理 窗口";
const EITHER_COLUMNS: &str = "地址 住所 坐落 所在地 门牌";
/// Header cells that make a table a list of people, or of units.
const PERSON_TABLE: &str = "姓名 户主 申请人 身份证 当事人 对象 性别 家庭成员 联系人";
const UNIT_TABLE: &str = "单位 企业 公司 机构 名称 信用代码 法定代表人";

/// Remembers the last header line looked at (its span and whether it lists people or
/// units), so a long or wide table costs one look at its header.
#[derive(Default)]
struct ColumnCache {
    line: Option<(usize, usize, Option<bool>)>,
}

impl ColumnCache {
    /// Whether the header line holding byte `at` lists people (`Some(true)`) or units.
    fn table_kind(&mut self, text: &str, at: usize) -> Option<bool> {
        match self.line {
            Some((start, end, kind)) if (start..=end).contains(&at) => kind,
            _ => {
                let bytes = text.as_bytes();
                let start = memchr::memrchr(b'\n', bytes.get(..at)?).map_or(0, |p| p + 1);
                let end = memchr::memchr(b'\n', bytes.get(at..)?).map_or(text.len(), |p| at + p);
                let kind = last_of(text.get(start..end)?, PERSON_TABLE, UNIT_TABLE);
                self.line = Some((start, end, kind));
                kind
            }
        }
    }
}

fn classify_column(text: &str, header: &str, cache: &mut ColumnCache) -> Option<Class> {
    let h = header.trim();
    let column = || Evidence::Owned(format!("column:{h}"));
    if words(UNIT_COLUMNS).any(|w| h.contains(w)) {
        return Some(Class::Unit(vec![
            Evidence::Owned(format!("unit:{h}")),
            column(),
        ]));
    }
    if words(PERSONAL_COLUMNS).any(|w| h.contains(w)) {
        return Some(Class::Personal(vec![column()]));
    }
    if !words(EITHER_COLUMNS).any(|w| h.contains(w)) {
        return None;
    }
    let at = (header.as_ptr() as usize).checked_sub(text.as_ptr() as usize)?;
    Some(match cache.table_kind(text, at) {
        Some(true) => Class::Personal(vec![column()]),
        Some(false) => Class::Unit(vec![Evidence::Owned(format!("unit:{h}")), column()]),
        None => Class::NeedsPerson(vec![column(), Evidence::Borrowed("needs_person")]),
    })
}

fn classify(text: &str, span: &Span, table: &mut TableTracker, cache: &mut ColumnCache) -> Class {
    if let Some(class) = table
        .header_cell(text, span.start)
        .and_then(|h| classify_column(text, h, cache))
    {
        return class;
    }
    if let Some(class) = classify_cue(text, span) {
        return class;
    }
    if let Some(w) = unit_context(text, span) {
        return Class::Unit(vec![unit_word(w)]);
    }
    match home_after(text, span) {
        Some(w) => Class::NeedsPerson(vec![home_word(w), Evidence::Borrowed("needs_person")]),
        None => Class::NeedsPerson(vec![Evidence::Borrowed("needs_person")]),
    }
}

fn candidate(text: &str, span: &Span, class: Class) -> Candidate {
    let raw = text.get(span.start..span.end).unwrap_or("");
    let keep = text
        .get(span.start..span.keep_end)
        .map_or(0, |s| s.chars().count())
        .max(2);
    let (rule, confidence, cap, evidence) = match class {
        Class::Personal(e) => (rules::ADDRESS, CONFIDENCE_CUE, None, e),
        Class::Unit(e) => (rules::ADDRESS_UNIT, CONFIDENCE_CUE, Some(Severity::Info), e),
        Class::NeedsPerson(e) => {
            let bare = e.len() == 1;
            let c = if bare {
                CONFIDENCE_BARE
            } else {
                CONFIDENCE_AMBIGUOUS
            };
            (rules::ADDRESS, c, None, e)
        }
    };
    Candidate {
        source: Source::Builtin(rule),
        kind: Kind::Address,
        start: span.start,
        end: span.end,
        confidence,
        cap,
        floor: None,
        evidence,
        normalized: raw.chars().filter(|c| !c.is_whitespace()).collect(),
        mask: Mask::KeepHead { chars: keep },
    }
}

/// Appends the detailed addresses in `text` to `out`, in text order.
pub fn find(text: &str, out: &mut Vec<Candidate>) {
    let mut table = TableTracker::default();
    let mut cache = ColumnCache::default();
    for span in scan(text) {
        let class = classify(text, &span, &mut table, &mut cache);
        out.push(candidate(text, &span, class));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    struct Found {
        value: String,
        rule: &'static str,
        evidence: Vec<String>,
        keep: usize,
        cap: Option<Severity>,
    }

    fn run(text: &str) -> Vec<Found> {
        let mut out = Vec::new();
        find(text, &mut out);
        out.iter()
            .map(|c| Found {
                value: text.get(c.start..c.end).unwrap_or("?").to_string(),
                rule: match c.source {
                    Source::Builtin(r) => r,
                    _ => "?",
                },
                evidence: c.evidence.iter().map(|e| e.to_string()).collect(),
                keep: match c.mask {
                    Mask::KeepHead { chars } => chars,
                    _ => usize::MAX,
                },
                cap: c.cap,
            })
            .collect()
    }

    /// (name, text, the address, rule, first evidence).
    const POSITIVE: &[(&str, &str, &str, &str, &str)] = &[
        (
            "pos_010_full_chain",
            "当事人：张三，住址：长沙市开福区东风路88号3栋2单元501室，联系电话：13800138000",
            "长沙市开福区东风路88号3栋2单元501室",
            rules::ADDRESS,
            "cue:住址",
        ),
        (
            "pos_020_village_group",
            "户主李四，家住某某县某某镇某某村5组12号。",
            "某某县某某镇某某村5组12号",
            rules::ADDRESS,
            "cue:家住",
        ),
        (
            "pos_030_current",
            "现住址：开福区某某路88号",
            "开福区某某路88号",
            rules::ADDRESS,
            "cue:现住址",
        ),
        (
            "pos_040_section",
            "户籍地址：湖南省长沙市雨花区万家丽中路二段128号",
            "湖南省长沙市雨花区万家丽中路二段128号",
            rules::ADDRESS,
            "cue:户籍地址",
        ),
        (
            "pos_050_fullwidth",
            "申请人王五，家庭住址为芙蓉区五一大道１２３号",
            "芙蓉区五一大道１２３号",
            rules::ADDRESS,
            "cue:家庭住址",
        ),
        (
            "pos_060_cn_group",
            "送达地址：望城区白沙洲街道大塘村三组",
            "望城区白沙洲街道大塘村三组",
            rules::ADDRESS,
            "cue:送达地址",
        ),
        (
            "pos_070_estate_compound",
            "居住地：天心区书院路街道某某小区3-2-501",
            "天心区书院路街道某某小区3-2-501",
            rules::ADDRESS,
            "cue:居住地",
        ),
        (
            "pos_080_estate_building",
            "经常居住地：浏阳市某某镇某某社区12栋",
            "浏阳市某某镇某某社区12栋",
            rules::ADDRESS,
            "cue:经常居住地",
        ),
        (
            "pos_090_village_group_no",
            "户籍所在地：某某县某某乡某某村第三村民小组",
            "某某县某某乡某某村第三村民小组",
            rules::ADDRESS,
            "cue:户籍所在地",
        ),
        (
            "pos_100_lane",
            "联系地址：上海市某某区某某路123弄45号601室",
            "上海市某某区某某路123弄45号601室",
            rules::ADDRESS,
            "cue:联系地址",
        ),
        (
            "pos_110_hash_bare_room",
            "住址：某某小区3#2单元501",
            "某某小区3#2单元501",
            rules::ADDRESS,
            "cue:住址",
        ),
        (
            "pos_120_merged",
            "住址：开福区东风路88号某某花园3栋1单元602室",
            "开福区东风路88号某某花园3栋1单元602室",
            rules::ADDRESS,
            "cue:住址",
        ),
        (
            "pos_130_courtyard",
            "通讯地址：北京市西城区某某胡同8号院2号楼3门402",
            "北京市西城区某某胡同8号院2号楼3门402",
            rules::ADDRESS,
            "cue:通讯地址",
        ),
        (
            "pos_140_prose_no_cue",
            "2020年他搬至东风路88号后再未返回",
            "东风路88号",
            rules::ADDRESS,
            "needs_person",
        ),
        (
            "pos_150_living_in",
            "据了解，其长期住在长沙县某某镇某某村十二组23号",
            "长沙县某某镇某某村十二组23号",
            rules::ADDRESS,
            "cue:住在",
        ),
        (
            "pos_160_person_residence",
            "被申请人赵六，男，汉族，住所：某某县某某村3组",
            "某某县某某村3组",
            rules::ADDRESS,
            "cue:住所",
        ),
        (
            "pos_170_letter_block",
            "住址：岳麓区某某大道某某广场B座1203室",
            "岳麓区某某大道某某广场B座1203室",
            rules::ADDRESS,
            "cue:住址",
        ),
        (
            "pos_180_dash_house",
            "家住雨花区某某路12-3号",
            "雨花区某某路12-3号",
            rules::ADDRESS,
            "cue:家住",
        ),
        (
            "pos_190_estate_phase",
            "住址：某某小区二期5栋",
            "某某小区二期5栋",
            rules::ADDRESS,
            "cue:住址",
        ),
        (
            "pos_200_generic_label",
            "地址：某某县某某村7组",
            "某某县某某村7组",
            rules::ADDRESS,
            "cue:地址",
        ),
        (
            "pos_210_unit_office",
            "办公地址：长沙市芙蓉区某某路1号",
            "长沙市芙蓉区某某路1号",
            rules::ADDRESS_UNIT,
            "unit:办公地址",
        ),
        (
            "pos_220_unit_footer",
            "地址：长沙市芙蓉区某某路1号，邮编：410000，联系电话：0731-84567890",
            "长沙市芙蓉区某某路1号",
            rules::ADDRESS_UNIT,
            "unit:邮编",
        ),
        (
            "pos_230_unit_company",
            "经营者：某某食品有限公司，住所：长沙市芙蓉区某某路1号",
            "长沙市芙蓉区某某路1号",
            rules::ADDRESS_UNIT,
            "unit:住所",
        ),
        (
            "pos_240_unit_project",
            "项目位于望城区某某大道99号",
            "望城区某某大道99号",
            rules::ADDRESS_UNIT,
            "unit:项目位于",
        ),
        ("pos_251_estate_unknown_word", "住址：金水区建业森林半岛二十八栋四单元1503房",
            "金水区建业森林半岛二十八栋四单元1503房", rules::ADDRESS, "cue:住址"),
        ("pos_252_estate_unknown_compound", "家庭住址：洪山区光谷新世界22-2-1303",
            "洪山区光谷新世界22-2-1303", rules::ADDRESS, "cue:家庭住址"),
        ("pos_253_cell_break", "住址：武侯区佳灵路110号\n院11号楼5单元1903",
            "武侯区佳灵路110号\n院11号楼5单元1903", rules::ADDRESS, "cue:住址"),
        ("pos_254_autonomous_region", "通讯地址新疆维吾尔自治区乌鲁木齐市天山区东门路321号院17号楼3单元201",
            "新疆维吾尔自治区乌鲁木齐市天山区东门路321号院17号楼3单元201", rules::ADDRESS,
            "cue:通讯地址"),
        ("pos_255_road_section", "住址：武侯区人民南路四段76号15幢2401室",
            "武侯区人民南路四段76号15幢2401室", rules::ADDRESS, "cue:住址"),
        ("pos_256_home_after_located", "当事人杨某在其位于开福区北辰路85号14栋1403室的住宅楼顶搭建",
            "开福区北辰路85号14栋1403室", rules::ADDRESS, "cue:位于"),
        ("pos_257_shop_of_company", "当事人：某某餐饮管理有限公司\n统一社会信用代码：91510107969439930N\n住所： 武侯区武侯祠大街315号龙湖三千里商铺41号",
            "武侯区武侯祠大街315号龙湖三千里商铺41号", rules::ADDRESS_UNIT, "unit:商铺"),
        ("pos_258_footer_landline", "联系人：莫菲；电话：028-53971966\n地址成都市武侯区佳灵路86号\n电子邮箱：x@163.com",
            "成都市武侯区佳灵路86号", rules::ADDRESS_UNIT, "unit:地址"),
        ("pos_259_footer_signature", "联系人袁某；电话：0371-3872036\n联系地址：郑州市金水区经三路191号\n金水区人力资源和社会保障局",
            "郑州市金水区经三路191号", rules::ADDRESS_UNIT, "unit:局"),
        ("pos_260_civic_centre", "联系地址：成都市武侯区科华北路331号市民之家1楼",
            "成都市武侯区科华北路331号", rules::ADDRESS_UNIT, "unit:市民之家"),
        ("pos_261_government_compound", "联系地址：武侯区武侯祠大街210号武侯区政府大院2号楼",
            "武侯区武侯祠大街210号武侯区政府大院2号楼", rules::ADDRESS_UNIT, "unit:政府"),
        ("pos_262_number_glued_suffix", "地址：一环路南四段157号武侯区政府大院5号楼",
            "一环路南四段157号武侯区政府大院5号楼", rules::ADDRESS_UNIT, "unit:政府"),
        (
            "pos_250_mailing_of_unit",
            "通讯地址：长沙市某某路8号市民政局",
            "长沙市某某路8号",
            rules::ADDRESS_UNIT,
            "unit:局",
        ),
    ];

    #[test]
    fn positives() {
        for (name, text, want, rule, evidence) in POSITIVE {
            let found = run(text);
            assert_eq!(
                found.len(),
                1,
                "{name}: {:?}",
                found.iter().map(|f| &f.value).collect::<Vec<_>>()
            );
            let f = &found[0];
            assert_eq!(f.value, *want, "{name}");
            assert_eq!(f.rule, *rule, "{name}");
            assert_eq!(
                f.evidence.first().map(String::as_str),
                Some(*evidence),
                "{name}: {:?}",
                f.evidence
            );
            let unit = *rule == rules::ADDRESS_UNIT;
            assert_eq!(f.cap == Some(Severity::Info), unit, "{name}");
        }
    }

    /// (name, text): no address reported.
    const NEGATIVE: &[(&str, &str)] = &[
        ("neg_010_doc_number", "长民发〔2024〕12号"),
        (
            "neg_020_doc_number_2",
            "芙政办发〔2024〕8号关于进一步优化营商环境",
        ),
        ("neg_030_ordinal", "根据第3号公告的要求"),
        ("neg_040_decree", "2024年第5号令"),
        ("neg_050_file", "按照12号文件要求执行"),
        (
            "neg_060_decree_of_council",
            "《优化营商环境条例》（国务院令第722号）",
        ),
        ("neg_070_date", "会议于2024年5月12号在区政府召开"),
        ("neg_080_venue", "在机关大院1号楼会议室召开专题会议"),
        (
            "neg_090_venue_meeting",
            "定于6月3日在东风路88号召开动员大会",
        ),
        ("neg_100_metro", "乘坐地铁2号线至东风路站下车"),
        ("neg_110_street_only", "住址：长沙市开福区东风路街道"),
        (
            "neg_120_road_only",
            "住所：长沙市芙蓉区五一大道，法定代表人：周建国。",
        ),
        ("neg_130_crossing", "东风路与五一路交叉口向北500米"),
        ("neg_140_groups", "全体人员分为3组开展工作"),
        ("neg_150_organize", "各村3组织开展排查"),
        ("neg_160_route", "线路3号已停运"),
        ("neg_170_channel", "第三频道3号节目"),
        ("neg_180_money", "本年度区级预算安排低保资金3,568,000元"),
        ("neg_190_hotline", "可拨打12345政务服务便民热线"),
        ("neg_200_hospital_building", "患者在市第一医院3号楼住院"),
        ("neg_210_bus", "乘3路公交车到达"),
        ("neg_220_long_number", "东风路13800138000"),
        ("neg_230_year", "某某村2024年脱贫"),
        ("neg_240_km", "距离市区30公里3号出口"),
        ("neg_250_talk", "某某大厦3座谈会"),
        ("neg_260_no_name", "住址：路88号"),
        ("neg_270_date_compound", "某某小区2024-05-12通知"),
        ("neg_280_phone_compound", "详见某某大厦0731-8456-7890"),
        ("neg_290_stage", "第二阶段3号任务"),
        ("neg_300_weak_chain_no_place", "共计3栋楼房"),
    ];

    #[test]
    fn negatives() {
        for (name, text) in NEGATIVE {
            let found: Vec<String> = run(text).into_iter().map(|f| f.value).collect();
            assert!(found.is_empty(), "{name}: {found:?}");
        }
    }

    #[test]
    fn mask_keeps_up_to_street_or_village() {
        let f = run("住址：长沙市开福区东风路88号3栋2单元501室");
        assert_eq!(
            f.first().map(|f| f.keep),
            Some("长沙市开福区东风路".chars().count())
        );
        let f = run("家住某某村5组12号");
        assert_eq!(f.first().map(|f| f.keep), Some("某某村".chars().count()));
        let mut out = Vec::new();
        find("住址：开福区东风路 88号", &mut out);
        // A space splits the chain from the road: the number after a space starts nothing.
        assert!(out.is_empty());
        find("住址：开福区东风路88号", &mut out);
        assert_eq!(
            out.first().map(|c| c.normalized.as_str()),
            Some("开福区东风路88号")
        );
    }

    #[test]
    fn table_columns_classify() {
        let person = "序号\t姓名\t家庭住址\t金额\n1\t张三\t开福区新河街道某某小区3-2-501\t800\n2\t李四\t某某村4组8号\t600";
        let f = run(person);
        assert_eq!(f.len(), 2);
        assert!(f.iter().all(|f| f.rule == rules::ADDRESS));
        assert_eq!(f[0].value, "开福区新河街道某某小区3-2-501");
        assert_eq!(f[0].evidence, vec!["column:家庭住址".to_string()]);
        assert_eq!(f[1].value, "某某村4组8号");

        let generic_person = "姓名\t性别\t地址\n王五\t男\t某某县某某村3组6号";
        let f = run(generic_person);
        assert_eq!(
            f.first().map(|f| f.evidence.clone()),
            Some(vec!["column:地址".to_string()])
        );

        let units = "单位名称\t地址\t联系电话\n某某局\t芙蓉区某某路1号\t0731-84567890";
        let f = run(units);
        assert_eq!(f.first().map(|f| f.rule), Some(rules::ADDRESS_UNIT));

        let unknown = "序号\t地址\n1\t某某路9号";
        let f = run(unknown);
        assert_eq!(
            f.first().map(|f| f.evidence.clone()),
            Some(vec!["column:地址".to_string(), "needs_person".to_string()])
        );

        let bare_cell = "序号\t名单\t备注\n1\t张三\t东风路12号";
        let f = run(bare_cell);
        assert_eq!(
            f.first().map(|f| f.evidence.clone()),
            Some(vec!["needs_person".to_string()])
        );
    }

    #[test]
    fn two_addresses_in_one_line_stay_apart() {
        let f = run("原住址：某某村3组与现住址：某某路5号");
        let values: Vec<&str> = f.iter().map(|f| f.value.as_str()).collect();
        assert_eq!(values, vec!["某某村3组", "某某路5号"]);
        let f = run("某某村3组与某某村5组");
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn word_lists_are_consistent() {
        for w in words(CUT_WORDS) {
            assert!(w.chars().next_back().is_some_and(ends_cut_word), "{w}");
        }
        for list in [VILLAGE_WORDS, ROAD_WORDS, ESTATE_WORDS] {
            for w in words(list) {
                assert!(w.chars().next_back().is_some_and(is_place_tail), "{w}");
            }
        }
        let mut seen = std::collections::BTreeSet::new();
        for list in [PERSONAL_CUES, MAILING_CUES, AMBIGUOUS_CUES, UNIT_CUES] {
            for w in words(list) {
                assert!(seen.insert(w), "cue {w} listed twice");
            }
        }
        assert!(CUE_TABLE.is_some());
    }

    #[test]
    fn offsets_are_char_boundaries() {
        let text = "甲：住址：ＸＸ市某某路８８号３栋，乙";
        let mut out = Vec::new();
        find(text, &mut out);
        for c in &out {
            assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
        }
        assert_eq!(out.len(), 1);
    }

    /// Random strings over the characters the grammar reacts to: no panic, spans on char
    /// boundaries, in order and not overlapping.
    #[test]
    fn random_inputs_keep_invariants() {
        let alphabet: Vec<char> =
            "住址：路街道村组号栋单元室小区3-5０１二第\t\n 院楼#商铺段自治区市的在于A半岛，"
                .chars()
                .collect();
        let mut rng = crate::synth::Rng::new(11);
        for _ in 0..20_000 {
            let text = rng.text(&alphabet, 40);
            let mut out = Vec::new();
            find(&text, &mut out);
            let mut last_end = 0;
            for c in &out {
                assert!(c.start < c.end && c.end <= text.len(), "{text:?}");
                assert!(text.is_char_boundary(c.start) && text.is_char_boundary(c.end));
                assert!(c.start >= last_end, "{text:?}");
                last_end = c.end;
            }
        }
    }

    #[test]
    fn wide_tables_stay_linear() {
        // 20k address columns under `地址` (the header line is read once), 20 rows.
        let header = format!("姓名\t{}", vec!["地址"; 20_000].join("\t"));
        let row = format!("张三\t{}", vec!["某某村3组5号"; 20_000].join("\t"));
        let text = format!("{header}\n{}", vec![row.as_str(); 20].join("\n"));
        let mut out = Vec::new();
        find(&text, &mut out);
        assert_eq!(out.len(), 20_000 * 20);
        assert!(out
            .iter()
            .all(|c| c.evidence.first().is_some_and(|e| e == "column:地址")));
    }

    #[test]
    fn pathological_inputs_finish() {
        let inputs = [
            "号".repeat(200_000),
            "路1".repeat(200_000),
            "东风路88号".repeat(200_000),
            format!("某某小区{}", "1-".repeat(200_000)),
            format!("某某村{}", "一".repeat(200_000)),
            format!("东风路{}", "9".repeat(200_000)),
            "小区3栋".repeat(200_000),
            "住址：某某路1号\n".repeat(200_000),
        ];
        for text in &inputs {
            let mut out = Vec::new();
            find(text, &mut out);
            assert!(out.len() <= text.len());
            for c in &out {
                assert!(c.end - c.start <= MAX_MERGED_BYTES + 64);
            }
        }
        let mut table = String::from("序号\t姓名\t住址\n");
        for i in 0..200_000 {
            table.push_str(&format!(
                "{i}\t张三\t某某村{}组{}号\n",
                i % 9 + 1,
                i % 90 + 1
            ));
        }
        let mut out = Vec::new();
        find(&table, &mut out);
        assert_eq!(out.len(), 200_000);
    }
}
