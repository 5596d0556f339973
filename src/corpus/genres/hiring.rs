//! 招聘公示 / 拟录用人员名单: a table of candidates (name, gender, birth month, education,
//! school, major, post, scores), sometimes with an ID, phone or e-mail column that should
//! not be there; or one paragraph per candidate (`张三，女，1999年3月出生，…`) after a
//! sentence that enumerates them.

use super::prose::HIRING;
use super::{flag_name, masked, masked_name, publicity_period, unit_footer, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::ids;
use crate::corpus::people::Name;
use crate::finding::Kind;

const SCHOOLS: &[&str] = &[
    "湖南大学",
    "中南大学",
    "湖南师范大学",
    "武汉大学",
    "华中师范大学",
    "四川大学",
    "西南财经大学",
    "郑州大学",
    "广西大学",
    "新疆大学",
    "长沙理工大学",
    "湘潭大学",
    "中南财经政法大学",
    "河南大学",
];
const MAJORS: &[&str] = &[
    "汉语言文学",
    "会计学",
    "法学",
    "临床医学",
    "护理学",
    "计算机科学与技术",
    "社会工作",
    "行政管理",
    "土木工程",
    "财务管理",
    "新闻学",
    "公共事业管理",
];
const POSTS: &[&str] = &[
    "人民医院护士",
    "社区卫生服务中心临床医师",
    "财政事务中心会计",
    "街道综合管理岗",
    "政务服务中心综合窗口",
    "融媒体中心记者",
    "司法所工作人员",
    "农业综合服务站技术员",
];
const DEGREES: &[&str] = &["本科", "硕士研究生", "大专", "本科"];

struct Candidate {
    name: Name,
    id: String,
}

pub fn hiring(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("招聘公示");
    let civil = ctx.chance(35);
    let title = if civil {
        format!(
            "{}{}年考试录用公务员拟录用人员名单公示",
            ctx.region.county, ctx.year
        )
    } else {
        format!(
            "{}{}年公开招聘事业单位工作人员拟聘用人员公示",
            ctx.region.county, ctx.year
        )
    };
    doc.title(title);
    let intro = ctx.prose(&mut doc, HIRING, 2);
    doc.para(intro);
    let n = ctx.between(4, 12) as usize;
    let people: Vec<Candidate> = (0..n)
        .map(|_| {
            let name = ctx.name();
            let id = ctx.id((1990, 2002));
            Candidate { name, id }
        })
        .collect();
    let masked_names = ctx.chance(20);
    if !ctx.fmt.is_sheet() && ctx.chance(40) {
        paragraphs(ctx, &mut doc, &people, civil);
    } else {
        table(ctx, &mut doc, &people, masked_names);
    }
    let (period, start) = publicity_period(ctx, 5);
    doc.line(format!("公示时间：{period}。"));
    unit_footer(ctx, &mut doc, "人力资源和社会保障局");
    doc.line(ctx.unit(if civil {
        "委组织部"
    } else {
        "人力资源和社会保障局"
    }));
    doc.line(start);
    doc
}

/// One enumeration sentence, then a paragraph per candidate starting with the name.
fn paragraphs(ctx: &mut Ctx, doc: &mut Doc, people: &[Candidate], civil: bool) {
    let shown = people.len().min(3);
    let mut t = Text::plain("经研究，确定");
    for (i, c) in people.iter().take(shown).enumerate() {
        if i > 0 {
            t.push("、");
        }
        let w = ctx.written(&c.name);
        t.put(flag_name(&c.name, w, "enumeration"));
    }
    t.push(&format!(
        "等{}名同志为拟{}人员，现予以公示。",
        people.len(),
        if civil { "录用" } else { "聘用" }
    ));
    doc.para(t);
    for c in people {
        let (y, m, _) = ids::birth_of(&c.id).unwrap_or((1998, 1, 1));
        let school = ctx.pick(SCHOOLS);
        let major = ctx.pick(MAJORS);
        let post = ctx.pick(POSTS);
        let w = ctx.written(&c.name);
        let mut t = Text::of(flag_name(&c.name, w, "line_start"));
        t.push(&format!(
            "，{}，{y}年{m}月出生，{}学历，{school}{major}专业毕业，拟{}为{}{post}。",
            ids::gender_of(&c.id),
            ctx.pick(DEGREES),
            if civil { "录用" } else { "聘用" },
            ctx.region.county
        ));
        if ctx.chance(12) {
            let phone = ctx.mobile();
            t.push("联系电话：")
                .put(Label::flag(Kind::MobilePhone, phone, "label"))
                .push("。");
        }
        doc.para(t);
    }
}

fn table(ctx: &mut Ctx, doc: &mut Doc, people: &[Candidate], masked_names: bool) {
    let with_id = ctx.chance(25);
    let with_phone = ctx.chance(15);
    let with_mail = ctx.chance(8);
    let mut header = vec![
        "序号",
        "姓名",
        "性别",
        "出生年月",
        "学历",
        "毕业院校及专业",
        "拟聘岗位",
    ];
    if with_id {
        header.push(ctx.pick(&["身份证号码", "身份证号"]));
    }
    if with_phone {
        header.push("联系电话");
    }
    if with_mail {
        header.push("电子邮箱");
    }
    header.extend(["准考证号", "综合成绩"]);
    let mut rows = vec![header.into_iter().map(Text::plain).collect::<Vec<_>>()];
    let exam = ids::between(&mut ctx.rng, 100_000, 900_000);
    for (i, c) in people.iter().enumerate() {
        let (y, m, _) = ids::birth_of(&c.id).unwrap_or((1998, 1, 1));
        let name = if masked_names {
            masked_name(ctx.masked(&c.name))
        } else {
            let w = ctx.written(&c.name);
            let mut l = flag_name(&c.name, w, "column");
            if with_id {
                l = l.severity("high");
            }
            l
        };
        let school = if ctx.fmt.cell_breaks() && ctx.chance(30) {
            format!("{}\n{}", ctx.pick(SCHOOLS), ctx.pick(MAJORS))
        } else {
            format!("{}{}", ctx.pick(SCHOOLS), ctx.pick(MAJORS))
        };
        let mut row = vec![
            Text::plain((i + 1).to_string()),
            Text::of(name),
            Text::plain(ids::gender_of(&c.id)),
            Text::plain(format!("{y}.{m:02}")),
            Text::plain(ctx.pick(DEGREES)),
            Text::plain(school),
            Text::plain(ctx.pick(POSTS)),
        ];
        if with_id {
            let shown = ctx.printed(&c.id);
            row.push(Text::of(Label::flag(Kind::IdCard, shown, "column")));
        }
        if with_phone {
            let p = ctx.mobile();
            let label = if ctx.chance(30) {
                masked(Kind::MobilePhone, ids::mask_mobile(&p))
            } else {
                Label::flag(Kind::MobilePhone, p, "column")
            };
            row.push(Text::of(label));
        }
        if with_mail {
            let mail = ids::personal_email(&mut ctx.rng);
            row.push(Text::of(Label::flag(Kind::Email, mail, "column")));
        }
        row.push(Text::plain(format!("{}{:06}", ctx.year, exam + i as u32)));
        row.push(Text::plain(format!(
            "{}.{:02}",
            ctx.between(68, 89),
            ctx.below(100)
        )));
        rows.push(row);
    }
    doc.table(rows, Vec::new());
}
