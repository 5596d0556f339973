//! 发放名单 (低保, 临时救助, 医疗救助, 残疾人两项补贴, 高龄津贴, 耕地地力保护补贴, 儿童基本
//! 生活费): a 公示 preamble, a person table, the 公示 period and contacts.
//!
//! Each list is one of four kinds: leaking (whole names, IDs, phones, cards, home
//! addresses), compliant (masked names and numbers, addresses to the community), names
//! only (whole names, masked numbers) or partly masked (a row or two left whole). A row's
//! name carries `severity`: `critical` with a whole ID and a health or disability
//! attribute, `high` with a whole ID alone.

use super::prose::SOCIAL;
use super::{flag_name, masked, masked_name, publicity_period, unit_footer, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::ids;
use crate::corpus::people::{self, Name};
use crate::finding::Kind;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Program {
    Dibao,
    TempRelief,
    Medical,
    Disability,
    Elderly,
    Farmland,
    Children,
}

impl Program {
    fn title(self) -> &'static str {
        match self {
            Program::Dibao => "城乡最低生活保障金发放名单",
            Program::TempRelief => "临时救助对象名单公示",
            Program::Medical => "医疗救助资金发放花名册",
            Program::Disability => "困难残疾人生活补贴和重度残疾人护理补贴发放名单",
            Program::Elderly => "高龄老人津贴发放名单",
            Program::Farmland => "耕地地力保护补贴发放清册",
            Program::Children => "儿童基本生活费发放花名册",
        }
    }

    fn born(self) -> (u32, u32) {
        match self {
            Program::Elderly => (1925, 1944),
            Program::Children => (2008, 2020),
            Program::Farmland => (1950, 1985),
            _ => (1945, 2000),
        }
    }
}

/// Columns a program's table can have.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    No,
    Name,
    Gender,
    Id,
    Phone,
    Home,
    Household,
    Illness,
    Disability,
    Reason,
    Amount,
    Card,
    Area,
    Age,
    Category,
    Guardian,
}

fn columns(ctx: &mut Ctx, p: Program) -> Vec<(Col, &'static str)> {
    let name = ctx.pick(&["姓名", "户主姓名", "救助对象", "申请人", "姓 名"]);
    let id = ctx.pick(&["身份证号", "身份证号码", "公民身份号码"]);
    let home = ctx.pick(&["家庭住址", "住址", "现住址"]);
    let mut cols = vec![(Col::No, "序号"), (Col::Name, name), (Col::Gender, "性别")];
    match p {
        Program::Children => {
            cols = vec![
                (Col::No, "序号"),
                (Col::Name, "儿童姓名"),
                (Col::Gender, "性别"),
            ];
            cols.extend([
                (Col::Category, "儿童类别"),
                (Col::Guardian, "监护人"),
                (Col::Phone, "监护人电话"),
            ]);
        }
        Program::Elderly => cols.extend([(Col::Age, "年龄"), (Col::Home, home)]),
        Program::Farmland => cols.extend([(Col::Id, id), (Col::Area, "补贴面积（亩）")]),
        _ => cols.push((Col::Id, id)),
    }
    match p {
        Program::Dibao => cols.extend([(Col::Household, "保障人口"), (Col::Home, home)]),
        Program::TempRelief => cols.push((Col::Reason, "救助原因")),
        Program::Medical => cols.push((Col::Illness, ctx.pick(&["病种", "疾病名称", "诊断"]))),
        Program::Disability => {
            cols.push((Col::Disability, ctx.pick(&["残疾类别及等级", "残疾等级"])))
        }
        _ => {}
    }
    if p != Program::Children && ctx.chance(45) {
        cols.push((Col::Phone, "联系电话"));
    }
    cols.push((
        Col::Amount,
        ctx.pick(&["金额（元）", "发放金额", "补贴金额（元）", "救助金额"]),
    ));
    if matches!(p, Program::Farmland | Program::Dibao | Program::Medical) && ctx.chance(50) {
        cols.push((
            Col::Card,
            ctx.pick(&["银行卡号", "一卡通账号", "社保卡金融账号"]),
        ));
    }
    cols
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Leak,
    Compliant,
    NamesOnly,
    Partial,
}

/// What one row shows whole.
#[derive(Clone, Copy)]
struct Show {
    name: bool,
    numbers: bool,
}

pub fn benefit_list(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("补贴发放名单");
    let program = match ctx.below(14) {
        0..=3 => Program::Dibao,
        4..=5 => Program::TempRelief,
        6..=8 => Program::Medical,
        9..=10 => Program::Disability,
        11 => Program::Elderly,
        12 => Program::Farmland,
        _ => Program::Children,
    };
    let mode = match ctx.below(20) {
        0..=6 => Mode::Leak,
        7..=12 => Mode::Compliant,
        13..=16 => Mode::NamesOnly,
        _ => Mode::Partial,
    };
    let month = ctx.between(1, 12);
    doc.title(format!(
        "{}{}年{month}月{}",
        ctx.region.county,
        ctx.year,
        program.title()
    ));
    preamble(ctx, &mut doc, program, month);
    let cols = columns(ctx, program);
    let mut rows = vec![cols
        .iter()
        .map(|&(_, h)| Text::plain(h))
        .collect::<Vec<_>>()];
    let n = ctx.between(5, 13) as usize;
    let forgot = ctx.below(n);
    let mut total = 0u32;
    for i in 0..n {
        let show = match mode {
            Mode::Leak => Show {
                name: true,
                numbers: true,
            },
            Mode::Compliant => Show {
                name: false,
                numbers: false,
            },
            Mode::NamesOnly => Show {
                name: true,
                numbers: false,
            },
            Mode::Partial => Show {
                name: i == forgot,
                numbers: i == forgot || i == forgot + 2,
            },
        };
        let (cells, amount) = row(ctx, program, &cols, i + 1, show);
        total += amount;
        rows.push(cells);
    }
    let mut sum = vec![Text::plain("合计")];
    sum.extend(cols.iter().skip(1).map(|&(c, _)| {
        Text::plain(if c == Col::Amount {
            total.to_string()
        } else {
            String::new()
        })
    }));
    rows.push(sum);
    doc.table(rows, Vec::new());
    closing(ctx, &mut doc);
    doc
}

fn preamble(ctx: &mut Ctx, doc: &mut Doc, p: Program, month: u32) {
    let county = ctx.region.county;
    let how = match p {
        Program::Medical => "经个人申请、医疗机构费用核算、乡镇（街道）初审",
        Program::Farmland => "经农户申报、村组核实、乡镇审核",
        _ => "经个人申请、入户调查、民主评议、乡镇（街道）审核",
    };
    doc.line(format!(
        "根据《社会救助暂行办法》和{}有关规定，{how}、{county}民政局审批，现将{}年{month}月{}对象及发放金额予以公示。",
        ctx.region.province,
        ctx.year,
        match p {
            Program::Medical => "医疗救助",
            Program::Farmland => "补贴",
            Program::Children => "保障",
            _ => "救助",
        }
    ));
    if ctx.chance(40) {
        let t = ctx.prose(doc, SOCIAL, 1);
        doc.para(t);
    }
}

fn closing(ctx: &mut Ctx, doc: &mut Doc) {
    let (period, start) = publicity_period(ctx, 7);
    doc.line(format!(
        "公示期为{period}（7个工作日）。公示期间，如有异议，请以书面或电话形式向{}民政局反映。",
        ctx.region.county
    ));
    unit_footer(ctx, doc, "民政局");
    doc.line(ctx.unit("民政局"));
    doc.line(start);
}

/// A person's cells for `cols`, and the amount paid.
fn row(ctx: &mut Ctx, p: Program, cols: &[(Col, &str)], no: usize, show: Show) -> (Vec<Text>, u32) {
    let person = ctx.name();
    let id = ctx.id(p.born());
    let attribute = match p {
        Program::Medical => Some(ctx.pick(people::ILLNESSES).to_string()),
        Program::Disability => Some(people::disability(&mut ctx.rng, false)),
        Program::Children => Some(ctx.pick(&["孤儿", "事实无人抚养儿童"]).to_string()),
        Program::TempRelief if ctx.chance(40) => Some(ctx.pick(people::ILLNESSES).to_string()),
        _ => None,
    };
    let has_id = cols.iter().any(|&(c, _)| c == Col::Id);
    let severity = match (show.name && show.numbers && has_id, &attribute) {
        (true, Some(_)) => Some("critical"),
        (true, None) => Some("high"),
        _ => None,
    };
    let amount = match p {
        Program::Elderly => 100 * ctx.between(1, 5),
        Program::Farmland => ctx.between(80, 2400),
        Program::Medical => ctx.between(800, 40000),
        _ => 10 * ctx.between(20, 160),
    };
    let identifiable = show.name || show.numbers;
    let mut cells = Vec::with_capacity(cols.len());
    for &(col, _) in cols {
        let cell = match col {
            Col::No => Text::plain(no.to_string()),
            Col::Name => name_cell(ctx, &person, show.name, severity),
            Col::Gender => Text::plain(ids::gender_of(&id)),
            Col::Id => id_cell(ctx, &id, show.numbers),
            Col::Phone => phone_cell(ctx, show.numbers),
            Col::Home => home_cell(ctx, show.numbers),
            Col::Household => Text::plain(ctx.between(1, 5).to_string()),
            Col::Illness | Col::Disability | Col::Category => attribute
                .clone()
                .map(|a| attribute_cell(a, identifiable))
                .unwrap_or_default(),
            Col::Reason => reason_cell(ctx, attribute.clone(), identifiable),
            Col::Amount => Text::plain(amount.to_string()),
            Col::Card => card_cell(ctx, show.numbers),
            Col::Area => Text::plain(format!("{}.{}", ctx.between(1, 12), ctx.below(10))),
            Col::Age => Text::plain(
                ids::birth_of(&id).map_or(String::new(), |(y, _, _)| (ctx.year - y).to_string()),
            ),
            Col::Guardian => {
                let g = ctx.name();
                name_cell(ctx, &g, show.name, None)
            }
        };
        cells.push(cell);
    }
    (cells, amount)
}

fn name_cell(ctx: &mut Ctx, n: &Name, whole: bool, severity: Option<&'static str>) -> Text {
    if !whole {
        return Text::of(masked_name(ctx.masked(n)));
    }
    let w = ctx.written(n);
    let mut label = flag_name(n, w, "column");
    if let Some(s) = severity {
        label = label.severity(s);
    }
    let mut t = Text::of(label);
    if ctx.fmt.cell_breaks() && ctx.chance(8) {
        t.push("\n（户主）");
    }
    t
}

fn id_cell(ctx: &mut Ctx, id: &str, whole: bool) -> Text {
    if whole {
        let shown = ctx.printed(id);
        Text::of(Label::flag(Kind::IdCard, shown, "column"))
    } else {
        let m = ctx.masked_id(id);
        Text::of(masked(Kind::IdCard, m))
    }
}

fn phone_cell(ctx: &mut Ctx, whole: bool) -> Text {
    if whole && ctx.chance(12) {
        // Older people often give the home landline.
        let home = ctx.landline();
        return Text::of(Label::flag(Kind::LandlinePhone, home, "column"));
    }
    let m = ctx.mobile();
    if whole {
        let shown = if ctx.chance(6) {
            ids::grouped_mobile(&m)
        } else {
            ctx.printed(&m)
        };
        Text::of(Label::flag(Kind::MobilePhone, shown, "column"))
    } else {
        Text::of(masked(Kind::MobilePhone, ids::mask_mobile(&m)))
    }
}

fn home_cell(ctx: &mut Ctx, whole: bool) -> Text {
    if !whole {
        let coarse = ctx.coarse();
        return Text::of(Label::pass(Kind::Address, coarse, "not_detailed"));
    }
    let mut home = ctx.home(true);
    if ctx.fmt.cell_breaks() && ctx.chance(15) {
        // A long address wraps inside its cell: break before the building part.
        if let Some(i) = home.find('号').map(|i| i + '号'.len_utf8()) {
            if i < home.len() {
                home.insert(i, '\n');
            }
        }
    }
    Text::of(Label::flag(Kind::Address, home, "column"))
}

fn card_cell(ctx: &mut Ctx, whole: bool) -> Text {
    let card = ctx.card();
    let mut t = Text::new();
    if ctx.fmt.cell_breaks() && ctx.chance(20) {
        t.push(ctx.pick(&["农商银行\n", "中国农业银行\n", "邮储银行\n"]));
    }
    if whole {
        let shown = if ctx.chance(10) {
            ids::grouped_card(&card)
        } else {
            card
        };
        t.put(Label::flag(Kind::BankCard, shown, "column"));
    } else {
        t.put(masked(
            Kind::BankCard,
            ids::mask_card(&card, ctx.chance(50)),
        ));
    }
    t
}

/// A health, disability or child-status attribute: flagged when the row names or
/// identifies the person, passed when everything identifying in the row is masked.
fn attribute_cell(value: String, identifiable: bool) -> Text {
    Text::of(if identifiable {
        Label::flag(Kind::SensitiveAttribute, value, "column")
    } else {
        Label::pass(Kind::SensitiveAttribute, value, "masked_record")
    })
}

fn reason_cell(ctx: &mut Ctx, illness: Option<String>, identifiable: bool) -> Text {
    match illness {
        Some(ill) => {
            let mut t = Text::plain("因病致困（");
            t.append(attribute_cell(ill, identifiable)).push("）");
            t
        }
        None => {
            Text::plain(ctx.pick(&["突发火灾", "因学致困", "交通事故", "失业致困", "自然灾害"]))
        }
    }
}
