//! Genres of 政务公开 documents, one function per genre (`fn(&mut Ctx) -> Doc`), and the
//! per-document context they share: the random stream, the target format, the issuing
//! region, the document's masking style and the names already used (no name may contain
//! another, so every labeled value can be counted in the text).

mod appointment;
mod cross;
mod hiring;
mod honors;
mod lists;
mod minutes;
mod penalty;
mod petition;
mod policy;
pub mod prose;

use super::doc::{Doc, Label, Text};
use super::formats::Fmt;
use super::ids::{self, IdMask, ID_MASKS};
use super::people::{self, Name, NameMask, Shape, NAME_MASKS};
use super::places::{self, Region, REGIONS};
use crate::finding::Kind;
use crate::synth::Rng;

/// A genre: its folder, the formats it is rendered to (in rotation), how many documents
/// it gets per `docs_per_genre` (`share`: one in `share`) and its generator (which sets
/// the `genre` value of the truth file).
pub struct Genre {
    pub dir: &'static str,
    pub formats: &'static [Fmt],
    pub share: usize,
    pub make: fn(&mut Ctx) -> Doc,
}

const PROSE_FORMATS: &[Fmt] = &[Fmt::Txt, Fmt::Docx, Fmt::Pdf, Fmt::Html, Fmt::TxtGbk];
const LIST_FORMATS: &[Fmt] = &[
    Fmt::Xlsx,
    Fmt::Csv,
    Fmt::Html,
    Fmt::Docx,
    Fmt::Pdf,
    Fmt::Txt,
    Fmt::CsvGbk,
    Fmt::TxtGbk,
];

pub const GENRES: &[Genre] = &[
    Genre {
        dir: "chufa",
        formats: PROSE_FORMATS,
        share: 1,
        make: penalty::penalty,
    },
    Genre {
        dir: "mingdan",
        formats: LIST_FORMATS,
        share: 1,
        make: lists::benefit_list,
    },
    Genre {
        dir: "zhaopin",
        formats: LIST_FORMATS,
        share: 1,
        make: hiring::hiring,
    },
    Genre {
        dir: "xinfang",
        formats: PROSE_FORMATS,
        share: 1,
        make: petition::petition,
    },
    Genre {
        dir: "jiyao",
        formats: PROSE_FORMATS,
        share: 1,
        make: minutes::minutes,
    },
    Genre {
        dir: "biaozhang",
        formats: &[
            Fmt::Docx,
            Fmt::Txt,
            Fmt::Html,
            Fmt::Pdf,
            Fmt::Xlsx,
            Fmt::TxtGbk,
        ],
        share: 1,
        make: honors::honors,
    },
    Genre {
        dir: "yaodian",
        formats: PROSE_FORMATS,
        share: 2,
        make: policy::work_points,
    },
    Genre {
        dir: "tongzhi",
        formats: &[Fmt::Html, Fmt::Txt, Fmt::Docx, Fmt::TxtGbk, Fmt::Pdf],
        share: 1,
        make: policy::notice,
    },
    Genre {
        dir: "renqian",
        formats: &[Fmt::Html, Fmt::Txt, Fmt::Pdf, Fmt::Docx],
        share: 2,
        make: appointment::appointment,
    },
    Genre {
        dir: "hidden_column",
        formats: &[Fmt::Xlsx],
        share: 3,
        make: cross::hidden_column,
    },
    Genre {
        dir: "mask_union",
        formats: &[Fmt::Txt, Fmt::Html, Fmt::Docx, Fmt::Xlsx],
        share: 3,
        make: cross::mask_union,
    },
];

/// Per-document state handed to a genre function.
pub struct Ctx {
    pub rng: Rng,
    pub fmt: Fmt,
    pub region: &'static Region,
    pub year: u32,
    /// How this document masks names and IDs when it masks them.
    pub name_mask: NameMask,
    pub id_mask: IdMask,
    used: Vec<String>,
    /// Prose sentences already in this document.
    sentences: Vec<&'static str>,
}

impl Ctx {
    pub fn new(seed: u64, fmt: Fmt) -> Self {
        let mut rng = Rng::new(seed);
        let region = REGIONS.get(rng.below(REGIONS.len())).unwrap_or(&REGIONS[0]);
        let year = 2021 + rng.below(4) as u32;
        let name_mask = NAME_MASKS
            .get(rng.below(NAME_MASKS.len()))
            .copied()
            .unwrap_or(NameMask::MouMou);
        // Keep-6-last-4 is the common form; the others turn up now and then.
        let id_mask = if rng.below(2) == 0 {
            IdMask::Keep6Last4
        } else {
            ID_MASKS
                .get(rng.below(ID_MASKS.len()))
                .copied()
                .unwrap_or(IdMask::Keep6Last4)
        };
        Ctx {
            rng,
            fmt,
            region,
            year,
            name_mask,
            id_mask,
            used: Vec::new(),
            sentences: Vec::new(),
        }
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.rng.below(n)
    }

    /// True `pct` percent of the time.
    pub fn chance(&mut self, pct: usize) -> bool {
        self.rng.below(100) < pct
    }

    pub fn pick(&mut self, items: &[&'static str]) -> &'static str {
        self.rng.pick(items).copied().unwrap_or("")
    }

    pub fn between(&mut self, lo: u32, hi: u32) -> u32 {
        ids::between(&mut self.rng, lo, hi)
    }

    /// A new person's name, not containing and not contained in any name used before in
    /// this document.
    pub fn name(&mut self) -> Name {
        let pct = self.region.minority_pct;
        self.fresh_name(pct)
    }

    /// A Han name (officials in the sample regions are mostly written this way).
    pub fn han_name(&mut self) -> Name {
        loop {
            let n = self.fresh_name(0);
            if n.shape == Shape::Han {
                return n;
            }
        }
    }

    fn fresh_name(&mut self, minority_pct: usize) -> Name {
        loop {
            let n = people::name(&mut self.rng, minority_pct);
            let clash = self
                .used
                .iter()
                .any(|u| u.contains(&n.full) || n.full.contains(u.as_str()));
            if !clash {
                self.used.push(n.full.clone());
                return n;
            }
        }
    }

    /// The name as written: minority names sometimes with another middle dot (UTF-8 only).
    pub fn written(&mut self, n: &Name) -> String {
        if n.shape == Shape::Minority && !self.fmt.is_gbk() && self.chance(30) {
            people::vary_dot(&n.full, &mut self.rng)
        } else {
            n.full.clone()
        }
    }

    /// The masked form of a name in this document's style.
    pub fn masked(&self, n: &Name) -> String {
        people::mask_name(n, self.name_mask)
    }

    /// A field label with the punctuation people actually use after it.
    pub fn cue(&mut self, label: &str) -> String {
        let sep = match self.below(10) {
            0..=5 => "：",
            6 => ":",
            7 => " ",
            8 => "",
            _ => "： ",
        };
        format!("{label}{sep}")
    }

    /// `2024年3月12日` in this document's year.
    /// A date in the first nine months of this document's year (events, facts).
    pub fn date(&mut self) -> String {
        let (m, d) = (self.between(1, 9), self.between(1, 28));
        format!("{}年{m}月{d}日", self.year)
    }

    /// A date late in the year, after every [`Ctx::date`] (signatures, deadlines).
    pub fn late_date(&mut self) -> String {
        let (m, d) = (self.between(10, 12), self.between(1, 28));
        format!("{}年{m}月{d}日", self.year)
    }

    /// The county-level unit, e.g. `开福区民政局`.
    pub fn unit(&self, dept: &str) -> String {
        format!("{}{dept}", self.region.county)
    }

    /// The full unit name, e.g. `长沙市开福区民政局`.
    pub fn full_unit(&self, dept: &str) -> String {
        if self.level() == "市" {
            // A county-level city is named on its own (宁乡市民政局).
            self.unit(dept)
        } else {
            format!("{}{}{dept}", self.region.city, self.region.county)
        }
    }

    /// 区 / 县 / 市: the last character of the county name.
    pub fn level(&self) -> &'static str {
        match self.region.county.chars().last() {
            Some('县') => "县",
            Some('市') => "市",
            _ => "区",
        }
    }

    /// A 文号: `开民发〔2024〕12号`.
    pub fn doc_no(&mut self, code: &str) -> String {
        let n = self.between(1, 160);
        format!("{}{code}〔{}〕{n}号", self.region.abbr, self.year)
    }

    pub fn landline(&mut self) -> String {
        ids::landline(&mut self.rng, self.region.area_code)
    }

    pub fn mobile(&mut self) -> String {
        ids::mobile(&mut self.rng)
    }

    pub fn id(&mut self, years: (u32, u32)) -> String {
        ids::resident_id(&mut self.rng, self.region.code6, years)
    }

    pub fn card(&mut self) -> String {
        ids::bank_card(&mut self.rng)
    }

    pub fn masked_id(&mut self, id: &str) -> String {
        let star = if self.chance(10) { '×' } else { '*' };
        ids::mask_id(id, self.id_mask, star)
    }

    /// An identifier as printed: now and then in full-width digits.
    pub fn printed(&mut self, value: &str) -> String {
        if self.chance(7) {
            ids::fullwidth(value)
        } else {
            value.to_string()
        }
    }

    pub fn home(&mut self, short: bool) -> String {
        places::home_address(&mut self.rng, self.region, short)
    }

    pub fn coarse(&mut self) -> String {
        places::coarse_address(&mut self.rng, self.region)
    }

    pub fn unit_address(&mut self) -> String {
        places::unit_address(&mut self.rng, self.region)
    }

    /// Replaces `$D $C $P $Y $Q` and turns markers into labels (see [`prose`]): `[word]`
    /// and `{word}` are labeled wherever they occur in `doc` (attribute words, surname
    /// words), `<number>` labels this occurrence as a public number.
    pub fn fill(&self, doc: &mut Doc, template: &'static str) -> Text {
        let mut out = Text::new();
        let mut rest = template;
        while let Some(i) = rest.find(['[', '{', '<']) {
            let (before, from) = rest.split_at(i);
            out.push(&self.places(before));
            let close = match from.chars().next() {
                Some('[') => ']',
                Some('{') => '}',
                _ => '>',
            };
            let Some(end) = from.find(close) else {
                out.push(&self.places(from));
                rest = "";
                break;
            };
            let word = from.get(1..end).unwrap_or("");
            match close {
                ']' => {
                    doc.auto_word(Kind::SensitiveAttribute, word, "policy_text");
                    out.push(word);
                }
                '}' => {
                    doc.auto_word(Kind::PersonName, word, "surname_word");
                    out.push(word);
                }
                _ => {
                    out.put(public_number(Kind::LandlinePhone, word));
                }
            }
            rest = from.get(end + 1..).unwrap_or("");
        }
        out.push(&self.places(rest));
        out
    }

    fn places(&self, s: &str) -> String {
        s.replace("$D", self.region.county)
            .replace("$C", self.region.city)
            .replace("$P", self.region.province)
            .replace("$Y", &self.year.to_string())
            .replace("$Q", self.level())
    }

    /// `n` distinct sentences of `pool` as one paragraph.
    /// `n` sentences of `pool` as one paragraph, none used before in this document
    /// (while the pool lasts).
    pub fn prose(&mut self, doc: &mut Doc, pool: &'static [&'static str], n: usize) -> Text {
        let mut out = Text::new();
        for _ in 0..n {
            let fresh: Vec<&'static str> = pool
                .iter()
                .copied()
                .filter(|s| !self.sentences.contains(s))
                .collect();
            let Some(s) = self.rng.pick(&fresh).copied() else {
                break;
            };
            self.sentences.push(s);
            out.append(self.fill(doc, s));
        }
        out
    }

    /// `n` distinct items of `items`.
    pub fn pick_distinct(&mut self, items: &[&'static str], n: usize) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        while out.len() < n.min(items.len()) {
            let s = self.pick(items);
            if !out.contains(&s) {
                out.push(s);
            }
        }
        out
    }
}

/// Writes an ordinary word after a name cue (`联系人：办公室`), labeled there and wherever
/// else it occurs in the document.
pub fn ordinary(doc: &mut Doc, t: &mut Text, word: &'static str) {
    t.put(Label::pass(Kind::PersonName, word, "ordinary_word"));
    doc.auto_word(Kind::PersonName, word, "ordinary_word");
}

/// A flagged name: class from the name's shape, else `position`.
pub fn flag_name(name: &Name, written: String, position: &'static str) -> Label {
    Label::flag(Kind::PersonName, written, name.class(position))
}

pub fn official(written: impl Into<String>) -> Label {
    Label::pass(Kind::PersonName, written, "official")
}

pub fn masked_name(written: impl Into<String>) -> Label {
    Label::pass(Kind::PersonName, written, "masked")
}

/// A masked identifier of `kind`.
pub fn masked(kind: Kind, written: impl Into<String>) -> Label {
    Label::pass(kind, written, "masked")
}

pub fn public_number(kind: Kind, written: impl Into<String>) -> Label {
    Label::pass(kind, written, "public_number")
}

/// The contact lines at the foot of a notice: the unit's contact (a named official with
/// the office landline, or just the office), the office address, sometimes a hotline.
pub fn unit_footer(ctx: &mut Ctx, doc: &mut Doc, dept: &str) {
    let mut t = Text::new();
    match ctx.below(4) {
        0 => {
            t.push(&ctx.cue("联系人"));
            ordinary(doc, &mut t, "办公室");
        }
        1 => {
            let office = ctx.pick(&["社会救助科", "综合科", "政策法规科", "行政审批科"]);
            t.push(&format!("联系单位：{}{office}", ctx.unit(dept)));
        }
        _ => {
            let n = ctx.han_name();
            t.push(&ctx.cue("联系人")).put(official(n.full.clone()));
        }
    }
    let phone = ctx.landline();
    t.push(if ctx.chance(50) {
        "，联系电话："
    } else {
        "；电话："
    })
    .put(public_number(Kind::LandlinePhone, phone));
    doc.para(t);
    if ctx.chance(60) {
        let addr = ctx.unit_address();
        let mut t = Text::new();
        let cue = ctx.pick(&["地址", "办公地址", "联系地址"]);
        t.push(&ctx.cue(cue))
            .put(Label::pass(Kind::Address, addr, "unit_address"));
        doc.para(t);
    }
    if ctx.chance(40) {
        let mut t = Text::new();
        t.push("监督电话：")
            .put(public_number(Kind::LandlinePhone, "12345"))
            .push("（政务服务便民热线）");
        doc.para(t);
    }
}

/// The signature block: unit and date, right-aligned in print, plain here.
pub fn signature(ctx: &mut Ctx, doc: &mut Doc, unit: &str) {
    doc.line(unit.to_string());
    let date = ctx.late_date();
    doc.line(date);
}

/// A 公示 period starting late in the year: the sentence prefix `公示期为…至…` parts and
/// the start date (the day the notice is signed).
pub fn publicity_period(ctx: &mut Ctx, days: u32) -> (String, String) {
    let (m, d) = (ctx.between(10, 12), ctx.between(1, 20));
    let start = format!("{}年{m}月{d}日", ctx.year);
    (format!("{start}至{m}月{}日", d + days), start)
}
