//! 行政处罚决定书: the party (a person, a 个体工商户 with its 经营者, or a company with its
//! 法定代表人), the facts, the legal basis, the decision, payment and appeal, officers and
//! signature. About a third of the decisions are masked the way publication rules ask
//! (`张某某`, `430105********1234`, address to the street); a few of those forget the ID.

use super::{flag_name, masked, masked_name, official, signature, Ctx};
use crate::corpus::doc::{Doc, Expect, Label, Text};
use crate::corpus::ids;
use crate::corpus::people::Name;
use crate::corpus::places;
use crate::finding::Kind;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Case {
    Food,
    Unlicensed,
    Construction,
    Traffic,
    Drugs,
}

impl Case {
    fn dept(self) -> &'static str {
        match self {
            Case::Food | Case::Unlicensed => "市场监督管理局",
            Case::Construction => "城市管理和综合执法局",
            Case::Traffic => "交通警察大队",
            Case::Drugs => "公安分局",
        }
    }

    fn basis(self) -> &'static str {
        match self {
            Case::Food => "《中华人民共和国食品安全法》第一百二十四条第一款第（二）项",
            Case::Unlicensed => "《无证无照经营查处办法》第十三条",
            Case::Construction => "《中华人民共和国城乡规划法》第六十四条",
            Case::Traffic => "《中华人民共和国道路交通安全法》第九十条",
            Case::Drugs => "《中华人民共和国治安管理处罚法》第七十二条第（三）项",
        }
    }
}

/// The party as the body refers to it again: a person's name label, or the word 当事人;
/// `identifiable` when anything whole (name, ID, phone, address) names the person.
struct Subject {
    again: Option<Label>,
    home: Option<Label>,
    identifiable: bool,
}

pub fn penalty(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("处罚决定书");
    let case = match ctx.below(10) {
        0..=2 => Case::Food,
        3 => Case::Unlicensed,
        4..=5 => Case::Construction,
        6..=7 => Case::Traffic,
        _ => Case::Drugs,
    };
    let masked_doc = ctx.chance(35);
    let unit = match case {
        Case::Traffic => format!(
            "{}公安局{}分局交通警察大队",
            ctx.region.city, ctx.region.county
        ),
        Case::Drugs => format!("{}公安局{}分局", ctx.region.city, ctx.region.county),
        _ => ctx.full_unit(case.dept()),
    };
    doc.line(unit.clone());
    doc.title("行政处罚决定书");
    let code = match case {
        Case::Traffic | Case::Drugs => "公（治）决字",
        Case::Construction => "城管罚决字",
        _ => "市监处罚",
    };
    let no = ctx.doc_no(code);
    doc.line(no);
    let subject = match (case, ctx.below(4)) {
        (Case::Food | Case::Unlicensed, 0) => company_block(ctx, &mut doc, masked_doc),
        (Case::Food | Case::Unlicensed, 1 | 2) => shop_block(ctx, &mut doc, masked_doc),
        _ => person_block(ctx, &mut doc, case, masked_doc),
    };
    facts(ctx, &mut doc, case, &subject);
    decision(ctx, &mut doc, case);
    payment(ctx, &mut doc);
    appeal(ctx, &mut doc);
    officers(ctx, &mut doc);
    signature(ctx, &mut doc, &unit);
    doc
}

/// The ID as printed in a party block: masked in a masked document (unless the writer
/// forgot), otherwise whole, sometimes grouped or in full-width digits.
fn id_label(ctx: &mut Ctx, id: &str, masked_doc: bool) -> Label {
    if masked_doc && !ctx.chance(20) {
        let m = ctx.masked_id(id);
        return masked(Kind::IdCard, m);
    }
    let shown = if ctx.chance(8) {
        ids::grouped_id(id)
    } else {
        ctx.printed(id)
    };
    Label::flag(Kind::IdCard, shown, "label")
}

fn name_labels(ctx: &mut Ctx, name: &Name, masked_doc: bool) -> Label {
    if masked_doc {
        masked_name(ctx.masked(name))
    } else {
        let w = ctx.written(name);
        flag_name(name, w, "label")
    }
}

fn person_block(ctx: &mut Ctx, doc: &mut Doc, case: Case, masked_doc: bool) -> Subject {
    let name = ctx.name();
    let id = ctx.id((1958, 2004));
    let who = name_labels(ctx, &name, masked_doc);
    let cue = match case {
        Case::Drugs => ctx.pick(&["违法行为人", "被处罚人"]),
        _ => ctx.pick(&["当事人", "当事人", "被处罚人"]),
    };
    let (y, m, d) = ids::birth_of(&id).unwrap_or((1980, 1, 1));
    let gender = ids::gender_of(&id);
    let birth = if masked_doc {
        format!("{y}年{m}月生")
    } else {
        format!("{y}年{m}月{d}日出生")
    };
    let id_cue = ctx.pick(&["身份证号码", "公民身份号码", "身份证号", "证件号码"]);
    let id = id_label(ctx, &id, masked_doc);
    let id_whole = id.expect == Expect::Flag;
    let home = if masked_doc {
        Label::pass(Kind::Address, ctx.coarse(), "not_detailed")
    } else {
        let short = ctx.chance(40);
        Label::flag(Kind::Address, ctx.home(short), "label")
    };
    let addr_cue = ctx.pick(&["住址", "家庭住址", "现住址", "户籍地址", "住所"]);
    let phone = if ctx.chance(45) {
        let p = ctx.mobile();
        Some(if masked_doc {
            masked(Kind::MobilePhone, ids::mask_mobile(&p))
        } else {
            Label::flag(Kind::MobilePhone, ctx.printed(&p), "label")
        })
    } else {
        None
    };
    if ctx.chance(50) {
        // One field per line.
        let mut t = Text::new();
        t.push(&ctx.cue(cue)).put(who.clone());
        doc.para(t);
        doc.line(format!(
            "性别：{gender}　　出生日期：{}",
            birth.trim_end_matches("出生")
        ));
        let mut t = Text::new();
        t.push(&ctx.cue(id_cue)).put(id);
        doc.para(t);
        let mut t = Text::new();
        t.push(&ctx.cue(addr_cue)).put(home.clone());
        doc.para(t);
        if let Some(p) = phone {
            let mut t = Text::new();
            t.push(&ctx.cue("联系电话")).put(p);
            doc.para(t);
        }
        if ctx.chance(30) {
            // 送达地址: the same home again, or a different one (where the person lives now).
            let mut t = Text::new();
            t.push(&ctx.cue("送达地址"));
            if home.expect == Expect::Flag && ctx.chance(50) {
                let short = ctx.chance(50);
                t.put(Label::flag(Kind::Address, ctx.home(short), "label"));
            } else {
                t.push("同住址");
            }
            doc.para(t);
        }
    } else {
        // All in one paragraph.
        let mut t = Text::new();
        t.push(&ctx.cue(cue))
            .put(who.clone())
            .push(&format!("，{gender}，{birth}，"))
            .push(&ctx.cue(id_cue))
            .put(id)
            .push("，")
            .push(&ctx.cue(addr_cue))
            .put(home.clone());
        if let Some(p) = phone {
            t.push("，联系电话：").put(p);
        }
        t.push("。");
        doc.para(t);
    }
    Subject {
        identifiable: [&who, &home].iter().any(|l| l.expect == Expect::Flag) || id_whole,
        again: Some(who),
        home: Some(home),
    }
}

const SHOPS: &[&str] = &[
    "惠民便利店",
    "鑫源五金经营部",
    "好再来餐馆",
    "兴旺副食店",
    "湘味小吃店",
    "百姓大药房",
    "丰收农资经营部",
    "老街米粉店",
    "顺发烟酒商行",
    "绿源果蔬店",
];
const COMPANIES: &[&str] = &[
    "鑫盛建材有限公司",
    "华康食品有限公司",
    "恒达商贸有限公司",
    "佳美餐饮管理有限公司",
    "瑞丰农业科技有限公司",
    "宏图物业服务有限公司",
];

fn shop_block(ctx: &mut Ctx, doc: &mut Doc, masked_doc: bool) -> Subject {
    let shop = ctx.pick(SHOPS);
    doc.line(format!("当事人：{}{shop}（个体工商户）", ctx.region.county));
    code_line(ctx, doc, true);
    let name = ctx.name();
    let who = name_labels(ctx, &name, masked_doc);
    let cue = ctx.pick(&["经营者", "负责人", "法定代表人（负责人）"]);
    let mut t = Text::new();
    t.push(&ctx.cue(cue)).put(who);
    if ctx.chance(60) {
        let id = ctx.id((1960, 2000));
        let id = id_label(ctx, &id, masked_doc);
        t.push("，身份证号码：").put(id);
    }
    doc.para(t);
    let place = places::business_address(&mut ctx.rng, ctx.region);
    let mut t = Text::new();
    t.push(&ctx.cue("经营场所"))
        .put(Label::pass(Kind::Address, place, "unit_address"));
    doc.para(t);
    if ctx.chance(60) {
        let p = ctx.mobile();
        let label = if masked_doc {
            masked(Kind::MobilePhone, ids::mask_mobile(&p))
        } else {
            Label::flag(Kind::MobilePhone, p, "label")
        };
        let mut t = Text::new();
        t.push(&ctx.cue("联系电话")).put(label);
        doc.para(t);
    }
    Subject {
        again: None,
        home: None,
        identifiable: !masked_doc,
    }
}

fn company_block(ctx: &mut Ctx, doc: &mut Doc, masked_doc: bool) -> Subject {
    let company = ctx.pick(COMPANIES);
    doc.line(format!("当事人：{}{company}", ctx.region.city));
    code_line(ctx, doc, false);
    let place = places::business_address(&mut ctx.rng, ctx.region);
    let mut t = Text::new();
    t.push(&ctx.cue("住所"))
        .put(Label::pass(Kind::Address, place, "unit_address"));
    doc.para(t);
    let name = ctx.name();
    let who = name_labels(ctx, &name, masked_doc);
    let mut t = Text::new();
    t.push(&ctx.cue("法定代表人")).put(who);
    if ctx.chance(50) {
        let phone = ctx.landline();
        t.push("，联系电话：")
            .put(Label::pass(Kind::LandlinePhone, phone, "public_number"));
    }
    doc.para(t);
    if ctx.chance(30) {
        let agent = ctx.name();
        let who = name_labels(ctx, &agent, masked_doc);
        let mut t = Text::new();
        t.push(&ctx.cue("委托代理人")).put(who).push("，该公司员工");
        doc.para(t);
    }
    Subject {
        again: None,
        home: None,
        identifiable: !masked_doc,
    }
}

fn code_line(ctx: &mut Ctx, doc: &mut Doc, individual: bool) {
    let code = ids::uscc(&mut ctx.rng, ctx.region.code6, individual);
    let mut t = Text::new();
    t.push(&ctx.cue("统一社会信用代码"))
        .put(Label::pass(Kind::Uscc, code, "non_personal_number"));
    doc.para(t);
}

/// `当事人张三` in running text (the name again, labeled again), or just `当事人`.
fn refer(t: &mut Text, s: &Subject) {
    t.push("当事人");
    if let Some(l) = &s.again {
        t.put(l.clone());
    }
}

fn facts(ctx: &mut Ctx, doc: &mut Doc, case: Case, s: &Subject) {
    let date = ctx.date();
    let mut t = Text::new();
    match case {
        Case::Food => {
            let product = ctx.pick(&["酸奶", "火腿肠", "速冻水饺", "饼干", "食用植物油", "卤制品"]);
            let n = ctx.between(3, 60);
            t.push(&format!("{date}，本局执法人员依法对"));
            refer(&mut t, s);
            t.push(&format!("的经营场所进行现场检查，发现其货架上摆放的{product}共{n}件已超过保质期，当事人不能提供进货查验记录。"));
        }
        Case::Unlicensed => {
            t.push("经查，");
            refer(&mut t, s);
            let income = ctx.between(800, 26000);
            t.push(&format!("自{date}起，未取得食品经营许可证从事餐饮服务经营活动，至案发时违法所得{income}元。"));
        }
        Case::Construction => {
            t.push("经查，");
            refer(&mut t, s);
            t.push(&format!("于{date}在其位于"));
            match &s.home {
                Some(h) if h.expect == Expect::Flag && ctx.chance(50) => {
                    t.put(h.clone());
                }
                _ => {
                    t.push("上述住址");
                }
            }
            let area = ctx.between(12, 160);
            t.push(&format!("的住宅楼顶，未取得建设工程规划许可证擅自搭建钢架结构建筑物一处，建筑面积约{area}平方米。"));
        }
        Case::Traffic => {
            let plate = ids::plate(&mut ctx.rng, ctx.region.plate);
            let road = ctx.pick(ctx.region.roads);
            let plate = if s.identifiable {
                Label::flag(Kind::LicensePlate, plate, "label")
            } else {
                // A masked decision masks the plate too: 湘A·3K***.
                let kept: String = plate.chars().take(plate.chars().count() - 3).collect();
                masked(Kind::LicensePlate, format!("{kept}***"))
            };
            refer(&mut t, s);
            t.push(&format!("于{date}驾驶号牌为"))
                .put(plate)
                .push(&format!("的小型轿车，在{road}路段实施了饮酒后驾驶机动车的违法行为，经呼气酒精含量检测为{}mg/100ml。", ctx.between(21, 79)));
        }
        Case::Drugs => {
            t.push(&format!("经查，{date}，"));
            refer(&mut t, s);
            // Tied to the person; only a fully masked decision leaves no one to tie it to.
            let attribute = if s.identifiable {
                Label::flag(Kind::SensitiveAttribute, "吸毒", "label")
            } else {
                Label::pass(Kind::SensitiveAttribute, "吸毒", "masked_record")
            };
            t.push("在其暂住处")
                .put(attribute)
                .push("，经现场尿液检测，结果呈甲基苯丙胺类阳性。");
        }
    }
    doc.para(t);
    let evidence = ctx.pick(&[
        "上述事实，有现场检查笔录、询问笔录、现场照片、视听资料等证据证实，事实清楚，证据确凿。",
        "以上事实有《现场笔录》《询问笔录》、当事人身份证明材料及现场照片等证据为证。",
        "上述违法事实，有当事人陈述、现场检查笔录、抽样检验报告等证据证明。",
    ]);
    doc.line(evidence);
    if ctx.chance(50) {
        let date = ctx.date();
        let answer = if ctx.chance(60) {
            "当事人在法定期限内未提出陈述、申辩意见，也未要求听证"
        } else {
            "当事人提出了陈述、申辩，本机关经复核认为其理由不能成立，不予采纳"
        };
        doc.line(format!(
            "本机关于{date}向当事人送达了《行政处罚告知书》，告知其拟作出行政处罚的事实、理由、依据及依法享有的陈述、申辩和要求听证的权利。{answer}。"
        ));
    }
}

fn decision(ctx: &mut Ctx, doc: &mut Doc, case: Case) {
    let fine = ctx.between(2, 100) * 500;
    let first = format!(
        "当事人的上述行为违反了{}的规定，依据该规定，本机关决定对当事人作出如下行政处罚：",
        case.basis()
    );
    doc.line(first);
    match case {
        Case::Drugs => doc.line(format!(
            "行政拘留{}日，并处罚款{}元。",
            ctx.between(5, 15),
            fine.min(2000)
        )),
        Case::Construction => doc.line(format!(
            "1.责令当事人于十五日内自行拆除违法建筑；2.处罚款人民币{fine}元整。"
        )),
        _ => doc.line(format!(
            "1.没收违法所得；2.罚款人民币{fine}元（大写：{}）。",
            upper_amount(fine)
        )),
    }
}

/// 大写 amount for whole yuan below a hundred million (`壹万零伍佰元整`).
fn upper_amount(n: u32) -> String {
    let (wan, rest) = (n / 10_000, n % 10_000);
    let mut out = String::new();
    if wan > 0 {
        out.push_str(&upper_group(wan));
        out.push('万');
        if rest > 0 && rest < 1000 {
            out.push('零');
        }
    }
    if rest > 0 || wan == 0 {
        out.push_str(&upper_group(rest));
    }
    format!("{out}元整")
}

/// A number below 10 000 in 大写 digits with 仟佰拾 and one 零 per gap.
fn upper_group(n: u32) -> String {
    const D: [&str; 10] = ["零", "壹", "贰", "叁", "肆", "伍", "陆", "柒", "捌", "玖"];
    let parts = [
        (n / 1000, "仟"),
        (n / 100 % 10, "佰"),
        (n / 10 % 10, "拾"),
        (n % 10, ""),
    ];
    let mut out = String::new();
    let mut gap = false;
    for (d, unit) in parts {
        if d == 0 {
            gap = !out.is_empty();
            continue;
        }
        if gap {
            out.push('零');
            gap = false;
        }
        out.push_str(D.get(d as usize).copied().unwrap_or(""));
        out.push_str(unit);
    }
    if out.is_empty() {
        out.push('零');
    }
    out
}

fn payment(ctx: &mut Ctx, doc: &mut Doc) {
    let bank = ctx.pick(&["中国农业银行", "中国工商银行", "中国建设银行", "中国银行"]);
    let acct = ids::non_card_digits(&mut ctx.rng, "1901", 19);
    let mut t = Text::new();
    t.push(&format!(
        "当事人应当自收到本决定书之日起十五日内，到{bank}各网点缴纳罚款（户名：{}财政局非税收入汇缴结算户，账号：",
        ctx.region.city
    ))
    .put(Label::pass(Kind::BankCard, acct, "non_personal_number"))
    .push("）。到期不缴纳罚款的，每日按罚款数额的百分之三加处罚款。");
    doc.para(t);
}

fn appeal(ctx: &mut Ctx, doc: &mut Doc) {
    let r = ctx.region;
    doc.line(format!(
        "当事人如不服本处罚决定，可以在收到本决定书之日起六十日内向{}{}人民政府申请行政复议，或者在六个月内依法向{}人民法院提起行政诉讼。",
        r.city, r.county, r.county
    ));
}

fn officers(ctx: &mut Ctx, doc: &mut Doc) {
    if ctx.chance(40) {
        return;
    }
    let a = ctx.han_name();
    let b = ctx.han_name();
    let mut t = Text::new();
    t.push("执法人员：").put(official(a.full.clone()));
    if ctx.chance(50) {
        t.push(&format!(
            "（执法证号：{}）",
            ctx.between(14010001, 14019999)
        ));
    }
    t.push("、").put(official(b.full.clone()));
    doc.para(t);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn upper_amounts() {
        assert_eq!(upper_amount(5000), "伍仟元整");
        assert_eq!(upper_amount(1500), "壹仟伍佰元整");
        assert_eq!(upper_amount(20500), "贰万零伍佰元整");
        assert_eq!(upper_amount(100000), "壹拾万元整");
        assert_eq!(upper_amount(1005), "壹仟零伍元整");
    }
}
