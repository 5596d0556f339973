//! Clean documents: 工作要点 and 通知. Policy prose full of attribute words in general terms
//! (`残疾人`, `严重精神障碍患者`: pass, policy_text), surname-initial words (`高度重视`,
//! `林业局`: pass, surname_word), 文号, dates, amounts, serial numbers shaped like IDs or
//! cards (pass, non_personal_number), project sites and streets (pass), and the unit's
//! contact footer. A notice now and then gives an official's own mobile (flagged).

use super::prose::{ENFORCEMENT, GENERAL, SOCIAL};
use super::{official, ordinary, signature, unit_footer, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::ids;
use crate::corpus::places;
use crate::finding::Kind;

const HEADINGS: &[&str] = &[
    "兜牢民生保障底线",
    "提升社会治理效能",
    "深化重点领域改革",
    "加强干部队伍建设",
    "优化政务服务环境",
    "统筹发展和安全",
];
const CN: &[&str] = &["一", "二", "三", "四", "五", "六"];

pub fn work_points(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("工作要点");
    let dept = ctx.pick(&["民政局", "人民政府", "司法局", "市场监督管理局"]);
    doc.title(format!("{}{dept}{}年工作要点", ctx.region.county, ctx.year));
    doc.line(format!(
        "{}年是全面贯彻落实党的二十大精神的关键之年。全{}{}工作的总体要求是：坚持稳中求进工作总基调，统筹发展和安全，推动各项工作取得新成效。",
        ctx.year,
        ctx.level(),
        dept.trim_end_matches('局')
    ));
    let sections = ctx.between(3, 5) as usize;
    for (i, heading) in ctx
        .pick_distinct(HEADINGS, sections)
        .into_iter()
        .enumerate()
    {
        doc.line(format!("{}、{heading}", CN.get(i).copied().unwrap_or("一")));
        let pool = match ctx.below(3) {
            0 => SOCIAL,
            1 => ENFORCEMENT,
            _ => GENERAL,
        };
        let mut t = Text::plain("（一）");
        t.append(ctx.prose(&mut doc, pool, 2));
        doc.para(t);
        let mut t = Text::plain("（二）");
        t.append(ctx.prose(&mut doc, GENERAL, 1));
        doc.para(t);
        if i == 0 {
            numbers(ctx, &mut doc);
        }
    }
    places_paragraph(ctx, &mut doc);
    let unit = ctx.unit(dept);
    signature(ctx, &mut doc, &unit);
    doc
}

/// Amounts, 文号 and identifier-shaped serials that are not personal.
fn numbers(ctx: &mut Ctx, doc: &mut Doc) {
    let no = ctx.doc_no("民发");
    doc.line(format!(
        "（三）按照《关于进一步加强和改进最低生活保障工作的实施意见》（{no}）要求，全年计划发放各类救助资金{}.{}万元，较上年增长{}.{}%。",
        ctx.between(800, 9000),
        ctx.below(10),
        ctx.between(1, 12),
        ctx.below(10)
    ));
    let mut t = Text::plain("（四）实施社区养老服务设施提质改造项目（项目编号：");
    let serial = ids::serial18(&mut ctx.rng, ctx.year);
    t.put(Label::pass(Kind::IdCard, serial, "non_personal_number"))
        .push("，合同编号：");
    let contract = ids::non_card_digits(&mut ctx.rng, "6", 19);
    t.put(Label::pass(Kind::BankCard, contract, "non_personal_number"))
        .push(&format!("），总投资{}万元，", ctx.between(120, 3000)));
    let month = ctx.between(6, 12);
    t.push(&format!("{}年{month}月底前完工。", ctx.year));
    doc.para(t);
}

/// A project site and a pilot street: places, not homes.
fn places_paragraph(ctx: &mut Ctx, doc: &mut Doc) {
    let site = places::project_location(&mut ctx.rng, ctx.region);
    let street = ctx.pick(ctx.region.streets);
    let pilot = format!("{}{street}", ctx.region.county);
    let mut t = Text::plain("加快推进区域性养老服务中心建设（建设地点：");
    t.put(Label::pass(Kind::Address, site, "project_location"))
        .push("），并在")
        .put(Label::pass(Kind::Address, pilot, "not_detailed"))
        .push("开展“时间银行”互助养老试点。");
    doc.para(t);
}

/// Topics of notices and the prose that goes with each.
const TOPICS: &[(&str, &[&str])] = &[
    ("开展城乡低保专项复核工作", SOCIAL),
    ("做好残疾人两项补贴资格认定工作", SOCIAL),
    ("开展政府信息公开保密审查专项检查", GENERAL),
    ("做好春节期间困难群众走访慰问工作", SOCIAL),
    ("组织开展安全生产大检查", GENERAL),
    ("开展市场秩序专项整治工作", ENFORCEMENT),
];

pub fn notice(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("通知");
    let (topic, pool) = TOPICS
        .get(ctx.below(TOPICS.len()))
        .copied()
        .unwrap_or(("开展城乡低保专项复核工作", SOCIAL));
    doc.title(format!(
        "关于{}{topic}的通知",
        if ctx.chance(50) {
            format!("{}年", ctx.year)
        } else {
            String::new()
        }
    ));
    let code = ctx.pick(&["民发", "政办发", "民函"]);
    let no = ctx.doc_no(code);
    doc.line(no);
    doc.line(format!("各街道办事处，{}直有关单位：", ctx.level()));
    let intro = ctx.prose(&mut doc, pool, 2);
    doc.para(intro);
    doc.line("一、工作内容");
    let mut t = ctx.prose(&mut doc, pool, 2);
    t.append(ctx.prose(&mut doc, GENERAL, 1));
    doc.para(t);
    doc.line("二、工作要求");
    responsibilities(ctx, &mut doc);
    submission(ctx, &mut doc);
    if !ctx.fmt.is_sheet() && ctx.chance(35) {
        receipt_form(&mut doc);
    }
    unit_footer(ctx, &mut doc, "民政局");
    if ctx.chance(35) {
        let mut t = Text::plain("电子邮箱：");
        let mail = format!(
            "{}mzj@{}",
            ctx.region.initials,
            ctx.pick(&["163.com", "126.com", "qq.com"])
        );
        t.put(Label::pass(Kind::Email, mail, "unit_contact"));
        doc.para(t);
    }
    let unit = ctx.unit("民政局");
    signature(ctx, &mut doc, &unit);
    doc
}

fn responsibilities(ctx: &mut Ctx, doc: &mut Doc) {
    let mut t = Text::plain(format!(
        "（一）压实工作责任。牵头单位：{}民政局；",
        ctx.level()
    ));
    t.push(&ctx.cue("负责人"));
    ordinary(doc, &mut t, "各乡镇");
    t.push("（街道）分管负责同志。");
    doc.para(t);
    if ctx.chance(50) {
        let mut t = Text::plain("（二）规范填报。《申请审批表》中");
        t.push(&ctx.cue("申请人"));
        ordinary(doc, &mut t, "本单位");
        t.push("经办人须如实填写，不得代签。");
        doc.para(t);
    }
}

/// Where to send the returns: the unit's office, sometimes with the clerk's own mobile
/// (the clerk is official, the mobile is personal).
fn submission(ctx: &mut Ctx, doc: &mut Doc) {
    let date = ctx.late_date();
    let mut t = Text::plain(format!(
        "请于{date}前将工作总结及统计表报送至{}民政局社会救助科",
        ctx.level()
    ));
    if ctx.chance(40) {
        let clerk = ctx.han_name();
        let m = ctx.mobile();
        t.push("（联系人：")
            .put(official(clerk.full.clone()))
            .push("，手机：")
            .put(Label::flag(Kind::MobilePhone, m, "label"))
            .push("）");
    }
    t.push("。");
    doc.para(t);
}

/// An empty 报名回执: column headers with no one in them.
fn receipt_form(doc: &mut Doc) {
    doc.line("附件：报名回执");
    let header = ["单位", "姓名", "职务", "联系电话", "备注"];
    let mut rows = vec![header.iter().map(|h| Text::plain(*h)).collect::<Vec<_>>()];
    for _ in 0..3 {
        rows.push(header.iter().map(|_| Text::new()).collect());
    }
    doc.table(rows, Vec::new());
}
