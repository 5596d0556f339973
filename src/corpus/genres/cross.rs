//! Cross-field leaks, where no single field is wrong:
//!
//! * `hidden_column`: an xlsx 名单 whose visible ID column is masked while a hidden column
//!   (`<col hidden="1">`) holds the whole number; the whole ID is flagged
//!   (`pii.id_card.behind_mask`, class `behind_mask`), a hidden phone column too
//!   (class `hidden_column`).
//! * `mask_union`: the same person's ID masked two ways in one document, keep-6-last-4
//!   (`430105********1234`) and then keep-first-14 (`43010519800101****`): together they
//!   show every character. The second form is flagged (`pii.id_card.mask_union`).

use super::{masked, masked_name, signature, unit_footer, Ctx};
use crate::corpus::doc::{Doc, Label, Text};
use crate::corpus::ids::{self, IdMask};
use crate::corpus::people::Name;
use crate::finding::Kind;

pub fn hidden_column(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("补贴发放名单");
    let month = ctx.between(1, 12);
    doc.title(format!(
        "{}{}年{month}月城乡低保发放名单",
        ctx.region.county, ctx.year
    ));
    doc.line("（本表已按规定对个人信息进行脱敏处理）");
    let id_header = ctx.pick(&["身份证号码", "公民身份号码", "证件号码"]);
    let hidden_at_end = ctx.chance(50);
    let with_phone = ctx.chance(40);
    let mut header = vec!["序号", "姓名", "性别", "身份证号"];
    if !hidden_at_end {
        header.push(id_header);
    }
    header.extend(["保障人口", "金额（元）"]);
    if hidden_at_end {
        header.push(id_header);
    }
    if with_phone {
        header.push("联系电话");
    }
    let hidden_id_col = header.iter().rposition(|h| *h == id_header).unwrap_or(0);
    let mut hidden = vec![hidden_id_col];
    if with_phone {
        hidden.push(header.len() - 1);
    }
    let mut rows = vec![header.iter().map(|h| Text::plain(*h)).collect::<Vec<_>>()];
    for i in 0..ctx.between(5, 12) {
        let p = ctx.name();
        let id = ctx.id((1945, 2000));
        let masked_id = ids::mask_id(&id, IdMask::Keep6Last4, '*');
        let whole = Text::of(
            Label::flag(Kind::IdCard, id.clone(), "behind_mask").rule("pii.id_card.behind_mask"),
        );
        let mut row = vec![
            Text::plain((i + 1).to_string()),
            Text::of(masked_name(ctx.masked(&p))),
            Text::plain(ids::gender_of(&id)),
            Text::of(masked(Kind::IdCard, masked_id)),
        ];
        if !hidden_at_end {
            row.push(whole.clone());
        }
        row.push(Text::plain(ctx.between(1, 5).to_string()));
        row.push(Text::plain((10 * ctx.between(30, 150)).to_string()));
        if hidden_at_end {
            row.push(whole);
        }
        if with_phone {
            let m = ctx.mobile();
            row.push(Text::of(Label::flag(Kind::MobilePhone, m, "hidden_column")));
        }
        rows.push(row);
    }
    doc.table(rows, hidden);
    unit_footer(ctx, &mut doc, "民政局");
    doc
}

struct Person {
    name: Name,
    id: String,
}

pub fn mask_union(ctx: &mut Ctx) -> Doc {
    if ctx.fmt.is_sheet() || ctx.chance(40) {
        return list_with_annex(ctx);
    }
    let mut doc = Doc::new("处罚决定书");
    let unit = ctx.full_unit("市场监督管理局");
    doc.line(unit.clone());
    doc.title("行政处罚决定书");
    let no = ctx.doc_no("市监处罚");
    doc.line(no);
    let p = Person {
        name: ctx.name(),
        id: ctx.id((1960, 2000)),
    };
    let who = masked_name(ctx.masked(&p.name));
    let mut t = Text::new();
    t.push(&ctx.cue("当事人"))
        .put(who.clone())
        .push(&format!("，{}，", ids::gender_of(&p.id)))
        .push(&ctx.cue("身份证号码"))
        .put(masked(
            Kind::IdCard,
            ids::mask_id(&p.id, IdMask::Keep6Last4, '*'),
        ))
        .push("，住址：")
        .put(Label::pass(Kind::Address, ctx.coarse(), "not_detailed"))
        .push("。");
    doc.para(t);
    let date = ctx.date();
    let mut t = Text::plain(format!("{date}，本局执法人员对当事人"));
    t.put(who.clone()).push(&format!(
        "经营的小吃店进行检查，发现其未取得食品经营许可证从事餐饮服务活动。依据《中华人民共和国食品安全法》第一百二十二条，决定没收违法所得{}元，并处罚款{}元。",
        ctx.between(300, 5000),
        ctx.between(5, 50) * 1000
    ));
    doc.para(t);
    doc.line("送达回证");
    let mut t = Text::plain("受送达人：");
    t.put(who)
        .push("（证件号码：")
        .put(union_label(&p.id))
        .push("）");
    doc.para(t);
    let mut t = Text::plain("送达方式：直接送达　　送达日期：");
    t.push(&ctx.late_date());
    doc.para(t);
    signature(ctx, &mut doc, &unit);
    doc
}

/// The second masked form: the birth date visible, together with the first form the
/// whole number.
fn union_label(id: &str) -> Label {
    Label::flag(Kind::IdCard, ids::mask_id_tail(id), "mask_union").rule("pii.id_card.mask_union")
}

/// A 名单 masked keep-6-last-4, then an annex (bank payment details) for the same people
/// masked keep-first-14.
fn list_with_annex(ctx: &mut Ctx) -> Doc {
    let mut doc = Doc::new("补贴发放名单");
    doc.title(format!(
        "{}{}年临时救助对象公示名单",
        ctx.region.county, ctx.year
    ));
    let people: Vec<Person> = (0..ctx.between(3, 8))
        .map(|_| Person {
            name: ctx.name(),
            id: ctx.id((1950, 2000)),
        })
        .collect();
    let mut rows = vec![["序号", "姓名", "身份证号", "救助金额（元）"]
        .map(Text::plain)
        .to_vec()];
    for (i, p) in people.iter().enumerate() {
        rows.push(vec![
            Text::plain((i + 1).to_string()),
            Text::of(masked_name(ctx.masked(&p.name))),
            Text::of(masked(
                Kind::IdCard,
                ids::mask_id(&p.id, IdMask::Keep6Last4, '*'),
            )),
            Text::plain((100 * ctx.between(5, 40)).to_string()),
        ]);
    }
    doc.table(rows, Vec::new());
    doc.line("附表：银行代发明细");
    let mut rows = vec![["序号", "户名", "证件号码", "代发银行"]
        .map(Text::plain)
        .to_vec()];
    for (i, p) in people.iter().enumerate() {
        rows.push(vec![
            Text::plain((i + 1).to_string()),
            Text::of(masked_name(ctx.masked(&p.name))),
            Text::of(union_label(&p.id)),
            Text::plain(ctx.pick(&["农商银行", "邮储银行", "中国农业银行"])),
        ]);
    }
    doc.table(rows, Vec::new());
    unit_footer(ctx, &mut doc, "民政局");
    doc
}
