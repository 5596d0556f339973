//! 会议纪要: who chaired, what was decided, who attended (officials with their posts:
//! legitimately public, class `official`), and now and then a named member of the public
//! with an address, an illness or a criminal record (flagged).

use super::prose::MEETING;
use super::{flag_name, official, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::people;
use crate::finding::Kind;

pub fn minutes(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("会议纪要");
    let county = ctx.region.county;
    let session = ctx.between(3, 60);
    let standing = ctx.chance(60);
    let title = if standing {
        format!("{county}人民政府第{session}次常务会议纪要")
    } else {
        format!(
            "{county}{}专题会议纪要",
            ctx.pick(&[
                "城乡低保提标工作",
                "征地拆迁工作",
                "安全生产",
                "信访维稳工作"
            ])
        )
    };
    doc.title(title);
    let no = format!("〔{}〕{session}号", ctx.year);
    doc.line(no);
    let head = ctx.region.head;
    let chair_post = if standing {
        head.to_string()
    } else {
        format!("副{head}")
    };
    let chair = ctx.han_name().full;
    opening(ctx, &mut doc, &chair_post, &chair);
    items(ctx, &mut doc);
    attendance(ctx, &mut doc, &chair_post, &chair);
    doc
}

fn opening(ctx: &mut Ctx, doc: &mut Doc, post: &str, chair: &str) {
    let date = ctx.date();
    let mut t = Text::plain(format!("{date}，"));
    if ctx.chance(70) {
        t.push(post).put(official(chair));
    } else {
        t.put(official(chair)).push("同志");
    }
    t.push(&format!(
        "在{}政府{}楼会议室主持召开会议，研究{}等事项。现将会议议定事项纪要如下：",
        ctx.level(),
        ctx.between(2, 9),
        ctx.pick(&[
            "城乡低保标准调整、重点项目建设",
            "信访积案化解、安全生产",
            "财政预算执行、民生实事"
        ])
    ));
    doc.para(t);
}

const NUMERALS: &[&str] = &["一", "二", "三", "四", "五", "六"];

fn items(ctx: &mut Ctx, doc: &mut Doc) {
    let n = ctx.between(2, 4) as usize;
    let personal = if ctx.chance(55) {
        ctx.below(n)
    } else {
        usize::MAX
    };
    for i in 0..n {
        let mut t = Text::plain(format!("{}、", NUMERALS.get(i).copied().unwrap_or("一")));
        if i == personal {
            t.append(personal_item(ctx));
        } else {
            t.append(ctx.prose(doc, MEETING, 2));
        }
        doc.para(t);
    }
}

/// An agenda item about one member of the public: named, with an address, an illness, a
/// religion or a record (all flagged: tied to a natural person).
fn personal_item(ctx: &mut Ctx) -> Text {
    let p = ctx.name();
    let w = ctx.written(&p);
    let mut t = Text::new();
    match ctx.below(5) {
        3 => {
            let ill = ctx.pick(people::ILLNESSES);
            let town = ctx.pick(ctx.region.towns);
            t.push(&format!("会议研究了{town}困难群众救助事项。"))
                .put(flag_name(&p, w, "prose"))
                .push("，患")
                .put(Label::flag(Kind::SensitiveAttribute, ill, "prose"))
                .push(&format!(
                    "，家庭无其他收入来源，同意纳入特困供养，按月发放供养金{}元。",
                    ctx.between(6, 12) * 100
                ));
        }
        4 => {
            let religion = format!("信仰{}", ctx.pick(people::RELIGIONS));
            let village = ctx.pick(ctx.region.villages);
            t.push(&format!("会议听取了{village}村民"))
                .put(flag_name(&p, w, "prose"))
                .push("（")
                .put(Label::flag(Kind::SensitiveAttribute, religion, "prose"))
                .push("）反映宗教活动场所用地问题的汇报，要求依法依规妥善处理。");
        }
        0 => {
            t.push("会议听取了关于群众")
                .put(flag_name(&p, w, "prose"))
                .push("（家住");
            let home = ctx.home(true);
            t.put(Label::flag(Kind::Address, home, "label"))
                .push("）反映房屋征收补偿问题的汇报。会议决定，由征收办依法依规做好解释工作。");
        }
        1 => {
            let street = ctx.pick(ctx.region.streets);
            let ill = ctx.pick(people::ILLNESSES);
            t.push(&format!("会议研究了{street}低保户"))
                .put(flag_name(&p, w, "prose"))
                .push("（患")
                .put(Label::flag(Kind::SensitiveAttribute, ill, "prose"))
                .push(&format!(
                    "）的临时救助申请，同意给予一次性救助{}元。",
                    ctx.between(2, 20) * 1000
                ));
        }
        _ => {
            let record = ctx.pick(people::RECORDS);
            t.push("会议听取了对")
                .put(Label::flag(Kind::SensitiveAttribute, record, "prose"))
                .put(flag_name(&p, w, "prose"))
                .push("的安置帮教情况汇报，要求司法所落实帮扶措施。");
        }
    }
    t
}

const DEPTS: &[&str] = &[
    "政府办公室",
    "民政局",
    "财政局",
    "住房和城乡建设局",
    "信访局",
    "自然资源局",
    "应急管理局",
];

/// 出席 (the chair first, then deputies), 列席 (heads of departments), 请假, 记录.
fn attendance(ctx: &mut Ctx, doc: &mut Doc, chair_post: &str, chair: &str) {
    let head = ctx.region.head;
    let style = ctx.below(3);
    let mut t = Text::new();
    let cue = ctx.pick(&["出席", "参加会议人员", "出席会议"]);
    t.push(&ctx.cue(cue));
    let n = ctx.between(3, 6);
    for i in 0..n {
        if i > 0 {
            // Posts with a 、 inside (区委常委、副区长) are separated by ，.
            t.push(match style {
                0 => "  ",
                1 => "、",
                _ => "，",
            });
        }
        let who = if i == 0 {
            chair.to_string()
        } else {
            ctx.han_name().full
        };
        match (style, i) {
            (0, _) => {}
            (_, 0) => {
                t.push(chair_post);
            }
            (1, _) => {
                t.push(&format!("副{head}"));
            }
            _ => {
                t.push(&format!("{}委常委、副{head}", ctx.level()));
            }
        }
        t.put(official(who));
    }
    doc.para(t);
    let mut t = Text::new();
    t.push(&ctx.cue("列席"));
    let n = ctx.between(2, 4) as usize;
    for (i, dept) in ctx.pick_distinct(DEPTS, n).into_iter().enumerate() {
        if i > 0 {
            t.push("，");
        }
        let post = if dept == "政府办公室" {
            "主任"
        } else {
            "局长"
        };
        let who = ctx.han_name();
        t.push(&format!("{}{dept}{post}", ctx.level()))
            .put(official(who.full.clone()));
    }
    doc.para(t);
    if ctx.chance(40) {
        let who = ctx.han_name();
        let mut t = Text::plain(format!("请假：副{head}"));
        t.put(official(who.full.clone())).push("（公务）");
        doc.para(t);
    }
    let who = ctx.han_name();
    let mut t = Text::new();
    t.push(&ctx.cue("记录")).put(official(who.full.clone()));
    doc.para(t);
}
