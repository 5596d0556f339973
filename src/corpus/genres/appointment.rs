//! 任前公示 and 任免通知: cadres named with gender, ethnicity, birth month, education and
//! posts, published by design (class `official`), with the 组织部's reporting numbers
//! (12380 and an office landline) and mailing address.

use super::{official, public_number, publicity_period, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::people::Shape;
use crate::finding::Kind;

const POSTS: &[&str] = &[
    "民政局副局长",
    "财政局局长",
    "城市管理和综合执法局局长",
    "住房和城乡建设局副局长",
    "信访局局长",
    "政府办公室副主任",
    "应急管理局党组成员、副局长",
    "审计局局长",
];
const EDUCATION: &[&str] = &["大学", "研究生", "在职研究生", "大学（在职）"];

pub fn appointment(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("任前公示");
    let county = ctx.region.county;
    if ctx.chance(70) {
        publicity(ctx, &mut doc, county);
    } else {
        appointment_notice(ctx, &mut doc, county);
    }
    doc
}

fn publicity(ctx: &mut Ctx, doc: &mut Doc, county: &str) {
    doc.title(format!("{county}委组织部干部任前公示"));
    doc.line(format!(
        "根据《党政领导干部选拔任用工作条例》有关规定，经{county}委常委会研究，现将拟任职干部情况公示如下："
    ));
    let level = ctx.level();
    for _ in 0..ctx.between(2, 6) {
        let p = ctx.name();
        let ethnic = match p.shape {
            Shape::Minority => ctx.pick(&["维吾尔族", "哈萨克族", "藏族", "蒙古族"]),
            _ => ctx.pick(&["汉族", "汉族", "汉族", "土家族", "回族", "壮族"]),
        };
        let born = ctx.between(1968, 1990);
        let w = ctx.written(&p);
        let mut t = Text::of(official(w));
        t.push(&format!(
            "，{}，{ethnic}，{born}年{}月生，{}{}人，{}学历，{}年{}月参加工作，现任{level}{}，拟任{level}{}。",
            if ctx.chance(65) { "男" } else { "女" },
            ctx.between(1, 12),
            ctx.region.province.trim_end_matches("维吾尔自治区").trim_end_matches("壮族自治区").trim_end_matches('省'),
            ctx.region.city.trim_end_matches('市'),
            ctx.pick(EDUCATION),
            born + 22,
            ctx.between(7, 9),
            ctx.pick(POSTS),
            ctx.pick(POSTS)
        ));
        doc.para(t);
    }
    let (period, start) = publicity_period(ctx, 6);
    doc.line(format!(
        "公示时间：{period}（5个工作日）。公示期间，个人和单位可通过来电、来信、来访等方式，向{county}委组织部反映公示对象在德、能、勤、绩、廉等方面的情况和问题。"
    ));
    let phone = ctx.landline();
    let mut t = Text::plain("举报电话：");
    t.put(public_number(Kind::LandlinePhone, phone))
        .push("；")
        .put(public_number(Kind::LandlinePhone, "12380"))
        .push("（组工干部监督举报电话）");
    doc.para(t);
    let addr = ctx.unit_address();
    let mut t = Text::plain("来信地址：");
    t.put(Label::pass(Kind::Address, addr, "unit_address"))
        .push(&format!(
            "{county}委组织部干部监督科（邮编：{}）",
            ctx.between(410000, 839999)
        ));
    doc.para(t);
    doc.line(format!("中共{county}委组织部"));
    doc.line(start);
}

fn appointment_notice(ctx: &mut Ctx, doc: &mut Doc, county: &str) {
    let level = ctx.level();
    doc.title(format!("{county}人民政府关于干部任免的通知"));
    doc.line(format!("各街道办事处、{level}直各单位："));
    doc.line(format!("经{county}人民政府研究决定："));
    for _ in 0..ctx.between(2, 5) {
        let p = ctx.han_name();
        let mut t = Text::new();
        if ctx.chance(60) {
            t.push("任命")
                .put(official(p.full.clone()))
                .push(&format!("为{level}{}；", ctx.pick(POSTS)));
        } else {
            t.push("免去")
                .put(official(p.full.clone()))
                .push(&format!("的{level}{}职务；", ctx.pick(POSTS)));
        }
        doc.para(t);
    }
    doc.line(format!("{county}人民政府"));
    let date = ctx.late_date();
    doc.line(date);
}
