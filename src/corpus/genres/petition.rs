//! 信访事项处理（答复）意见书: addressed to the petitioner (`张三：` at the start of a line,
//! or a 信访人 block with ID, address and phone), the complaint, what the investigation
//! found (sometimes naming a neighbour and where they live, or the petitioner's illness),
//! the decision, the right to ask for review and the unit's contact.

use super::prose::{PETITION_BASIS, PETITION_REVIEW, PETITION_THANKS};
use super::{flag_name, masked, masked_name, official, public_number, signature, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::people::{self, Name};
use crate::finding::Kind;

#[derive(Clone, Copy)]
enum Issue {
    Neighbour,
    Dibao,
    Wages,
    Land,
}

pub fn petition(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("信访答复");
    let dept = ctx.pick(&[
        "民政局",
        "城市管理和综合执法局",
        "人力资源和社会保障局",
        "信访局",
    ]);
    let unit = ctx.full_unit(dept);
    doc.line(unit.clone());
    doc.title(ctx.pick(&["信访事项处理意见书", "信访事项答复意见书"]));
    let no = ctx.doc_no("信复");
    if ctx.chance(40) {
        // The petition's case number: 18 digits, never a valid ID number.
        let serial = crate::corpus::ids::serial18(&mut ctx.rng, ctx.year);
        let mut t = Text::plain(format!("{no}（信访事项编号："));
        t.put(Label::pass(Kind::IdCard, serial, "non_personal_number"))
            .push("）");
        doc.para(t);
    } else {
        doc.line(no);
    }
    let masked_doc = ctx.chance(35);
    let petitioner = ctx.name();
    let who = if masked_doc {
        masked_name(ctx.masked(&petitioner))
    } else {
        let w = ctx.written(&petitioner);
        flag_name(&petitioner, w, "line_start")
    };
    if ctx.chance(45) {
        header_block(ctx, &mut doc, &petitioner, masked_doc);
    }
    let mut t = Text::of(who);
    t.push("：");
    doc.para(t);
    let issue = match ctx.below(4) {
        0 => Issue::Neighbour,
        1 => Issue::Dibao,
        2 => Issue::Wages,
        _ => Issue::Land,
    };
    if ctx.chance(50) {
        let t = ctx.fill(&mut doc, PETITION_BASIS);
        doc.para(t);
    }
    complaint(ctx, &mut doc, issue, masked_doc);
    let t = ctx.fill(&mut doc, PETITION_REVIEW);
    doc.para(t);
    if ctx.chance(60) {
        let t = ctx.fill(&mut doc, PETITION_THANKS);
        doc.para(t);
    }
    contact(ctx, &mut doc);
    signature(ctx, &mut doc, &unit);
    doc
}

fn header_block(ctx: &mut Ctx, doc: &mut Doc, p: &Name, masked_doc: bool) {
    let mut t = Text::new();
    let cue = ctx.pick(&["信访人", "来信人", "投诉人"]);
    t.push(&ctx.cue(cue));
    if masked_doc {
        t.put(masked_name(ctx.masked(p)));
    } else {
        let w = ctx.written(p);
        t.put(flag_name(p, w, "label"));
    }
    doc.para(t);
    let id = ctx.id((1950, 2000));
    let mut t = Text::new();
    t.push(&ctx.cue("身份证号码"));
    if masked_doc {
        t.put(masked(Kind::IdCard, ctx.masked_id(&id)));
    } else {
        let shown = ctx.printed(&id);
        t.put(Label::flag(Kind::IdCard, shown, "label"));
    }
    doc.para(t);
    let mut t = Text::new();
    let cue = ctx.pick(&["住址", "通讯地址", "家庭住址"]);
    t.push(&ctx.cue(cue));
    if masked_doc {
        t.put(Label::pass(Kind::Address, ctx.coarse(), "not_detailed"));
    } else {
        let short = ctx.chance(50);
        let home = ctx.home(short);
        t.put(Label::flag(Kind::Address, home, "label"));
    }
    doc.para(t);
    if ctx.chance(70) {
        let mut t = Text::new();
        t.push(&ctx.cue("联系电话"));
        if masked_doc {
            let m = ctx.mobile();
            t.put(masked(
                Kind::MobilePhone,
                crate::corpus::ids::mask_mobile(&m),
            ));
        } else if ctx.chance(30) {
            // A home landline of a private person is personal too.
            let home_phone = ctx.landline();
            t.put(Label::flag(Kind::LandlinePhone, home_phone, "label"));
        } else {
            let m = ctx.mobile();
            let shown = ctx.printed(&m);
            t.put(Label::flag(Kind::MobilePhone, shown, "label"));
        }
        doc.para(t);
    }
}

fn complaint(ctx: &mut Ctx, doc: &mut Doc, issue: Issue, masked_doc: bool) {
    let date = ctx.date();
    let mut t = Text::plain(format!("你于{date}通过"));
    match ctx.below(4) {
        0 => t
            .push("“")
            .put(public_number(Kind::LandlinePhone, "12345"))
            .push("”热线转办"),
        1 => t.push("网上信访平台"),
        2 => t.push("来信"),
        _ => t.push("来访"),
    };
    t.push("反映的");
    match issue {
        Issue::Neighbour => {
            t.push("邻居违法搭建影响采光问题收悉。经现场核查，");
            let n = ctx.name();
            if masked_doc {
                t.put(masked_name(ctx.masked(&n)));
                t.push("（住");
                t.put(Label::pass(Kind::Address, ctx.coarse(), "not_detailed"));
            } else {
                let w = ctx.written(&n);
                t.put(flag_name(&n, w, "prose")).push("（住");
                let home = ctx.home(true);
                t.put(Label::flag(Kind::Address, home, "prose"));
            }
            let area = ctx.between(10, 60);
            t.push(&format!(
                "）于{}年擅自在楼顶搭建彩钢瓦棚约{area}平方米，属实。",
                ctx.year
            ));
        }
        Issue::Dibao => {
            let ill = ctx.pick(people::ILLNESSES);
            t.push("申请最低生活保障问题收悉。你反映本人患");
            if masked_doc {
                t.put(Label::pass(Kind::SensitiveAttribute, ill, "masked_record"));
            } else {
                t.put(Label::flag(Kind::SensitiveAttribute, ill, "prose"));
            }
            t.push("需长期治疗、家庭收入不足以维持基本生活。经入户调查，你家庭人均收入低于当地低保标准，符合城乡低保条件，已于本月起纳入保障。");
        }
        Issue::Wages => {
            t.push(&format!(
                "被拖欠工资问题收悉。经调查，某建筑劳务公司拖欠你及其他{}名工友工资共计{}元，现已责令其限期支付。",
                ctx.between(3, 30),
                ctx.between(20, 300) * 1000
            ));
        }
        Issue::Land => {
            let village = ctx.pick(ctx.region.villages);
            t.push(&format!(
                "{village}土地征收补偿款分配问题收悉。经核查，该村集体经济组织成员资格认定程序合法，补偿款已按分配方案足额发放。"
            ));
        }
    }
    doc.para(t);
}

fn contact(ctx: &mut Ctx, doc: &mut Doc) {
    let n = ctx.han_name();
    let phone = ctx.landline();
    let mut t = Text::plain("（联系人：");
    t.put(official(n.full.clone()))
        .push("，联系电话：")
        .put(public_number(Kind::LandlinePhone, phone))
        .push("）");
    doc.para(t);
}
