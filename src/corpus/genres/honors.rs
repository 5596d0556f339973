//! 表彰决定 / 表彰名单: the decision naming the first honorees (`授予张三等12名同志`), a
//! `XX同志` example, and the list as an enumeration (`张三、李四、王五`), as lines per unit,
//! or as a table. Honorees are named as people, not in an official capacity: flagged; a
//! name written right after a post title (`社会救助科科长张三`) is official.

use super::{flag_name, official, signature, Ctx};
use crate::corpus::doc::{Doc, Text};
use crate::corpus::people::Name;

const HONORS: &[&str] = &[
    "优秀共产党员",
    "优秀党务工作者",
    "见义勇为先进个人",
    "优秀志愿者",
    "民政工作先进个人",
    "最美家庭",
    "防汛抗灾先进个人",
];
const UNITS: &[&str] = &[
    "民政局",
    "综合行政执法局",
    "财政局",
    "人民医院",
    "第一中学",
    "城管执法大队",
    "应急管理局",
];
const POSTS: &[&str] = &["社会救助科科长", "办公室主任", "副局长", "党支部书记"];

pub fn honors(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("表彰名单");
    let honor = ctx.pick(HONORS);
    let county = ctx.region.county;
    doc.title(format!("关于表彰{}年度{county}{honor}的决定", ctx.year));
    let n = ctx.between(6, 16) as usize;
    let people: Vec<Name> = (0..n).map(|_| ctx.name()).collect();
    let mut t = Text::plain(format!(
        "{}年，全{}广大干部群众攻坚克难、担当作为，涌现出一批先进典型。为表彰先进、弘扬正气，经研究，决定授予",
        ctx.year,
        ctx.level()
    ));
    // `授予张三等12名同志` or `授予张三、李四、王五等同志`.
    let named = if ctx.chance(50) { 1 } else { 3 };
    for (i, p) in people.iter().take(named).enumerate() {
        if i > 0 {
            t.push("、");
        }
        let w = ctx.written(p);
        t.put(flag_name(p, w, "enumeration"));
    }
    if named == 1 {
        t.push(&format!("等{n}名同志“{county}{honor}”荣誉称号。"));
    } else {
        t.push(&format!("等同志“{county}{honor}”荣誉称号。"));
    }
    doc.para(t);
    if ctx.chance(60) {
        if let Some(p) = people.get(1) {
            let mut t = Text::plain("其中，");
            let w = ctx.written(p);
            let (days, saved) = (ctx.between(3, 15), ctx.between(10, 300));
            t.put(flag_name(p, w, "tongzhi")).push(&format!(
                "同志在{}年汛期连续奋战{days}昼夜，转移受困群众{saved}人，事迹感人。",
                ctx.year
            ));
            doc.para(t);
        }
    }
    doc.line("希望受表彰的同志珍惜荣誉、再接再厉，全体干部群众要以先进典型为榜样，为建设现代化新城作出新的更大贡献。");
    doc.line(format!("附件：{}年度{county}{honor}名单", ctx.year));
    match (ctx.fmt.is_sheet(), ctx.below(3)) {
        (true, _) | (false, 0) => table(ctx, &mut doc, &people),
        (false, 1) => enumeration(ctx, &mut doc, &people),
        _ => by_unit(ctx, &mut doc, &people),
    }
    let unit = format!("中共{county}委员会");
    signature(ctx, &mut doc, &unit);
    doc
}

fn enumeration(ctx: &mut Ctx, doc: &mut Doc, people: &[Name]) {
    let sep = if ctx.chance(70) { "、" } else { "　" };
    let mut t = Text::new();
    for (i, p) in people.iter().enumerate() {
        if i > 0 {
            t.push(sep);
        }
        let w = ctx.written(p);
        t.put(flag_name(p, w, "enumeration"));
        if ctx.chance(12) {
            t.push("（女）");
        }
    }
    doc.para(t);
}

/// One line per honoree: name then unit, or (now and then) unit, post and name.
fn by_unit(ctx: &mut Ctx, doc: &mut Doc, people: &[Name]) {
    let level = ctx.level();
    for p in people {
        let unit = ctx.pick(UNITS);
        let mut t = Text::new();
        if ctx.chance(15) {
            let post = ctx.pick(POSTS);
            t.push(&format!("{level}{unit}{post}"))
                .put(official(p.full.clone()));
        } else {
            let w = ctx.written(p);
            t.put(flag_name(p, w, "line_start"))
                .push(&format!("　{level}{unit}"));
        }
        doc.para(t);
    }
}

fn table(ctx: &mut Ctx, doc: &mut Doc, people: &[Name]) {
    let level = ctx.level();
    let mut rows = vec![vec![
        Text::plain("序号"),
        Text::plain("姓名"),
        Text::plain("工作单位"),
    ]];
    for (i, p) in people.iter().enumerate() {
        let w = ctx.written(p);
        rows.push(vec![
            Text::plain((i + 1).to_string()),
            Text::of(flag_name(p, w, "column")),
            Text::plain(format!("{level}{}", ctx.pick(UNITS))),
        ]);
    }
    doc.table(rows, Vec::new());
}
