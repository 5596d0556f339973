//! Unit tests of the OpenDocument reader: the walker over content and styles, and the
//! names of embedded objects.

use super::*;
use crate::extract::limits::{Budget, Limits};

fn walk(
    kind: Kind,
    source: Source,
    styles: &mut Styles,
    xml: &str,
) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.odt",
        encoding: None,
    };
    let mut b = DocumentBuilder::new("odt", 1 << 20);
    Walker::new(kind, source, styles, Loc::part(Part::Body)).run(
        xml.as_bytes(),
        "c.xml",
        &mut b,
        &ctx,
    )?;
    Ok(b.finish())
}

fn seg<'d>(doc: &'d Document, needle: &str) -> Option<&'d Loc> {
    let at = doc.text.find(needle)?;
    doc.segment_at(at).map(|s| &s.loc)
}

#[test]
fn text_channels() -> Result<(), ExtractError> {
    let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:dc="d" xmlns:table="tb">
<office:automatic-styles><style:style style:name="H1" style:family="text"><style:text-properties text:display="none"/></style:style></office:automatic-styles>
<office:body><office:text>
<text:tracked-changes><text:changed-region text:id="c1"><text:deletion><office:change-info><dc:creator>王五</dc:creator><dc:date>2024</dc:date></office:change-info><text:p>删去13912345678</text:p></text:deletion></text:changed-region></text:tracked-changes>
<text:h>标题</text:h>
<text:p>电话<text:s/>13800138000<text:tab/>末<office:annotation><dc:creator>李四</dc:creator><dc:date>2024</dc:date><text:p>批注110101199003074514</text:p></office:annotation>尾</text:p>
<text:p>见<text:span text:style-name="H1">隐藏430102198001010011</text:span>文<text:hidden-text text:string-value="x" text:condition="">条件</text:hidden-text></text:p>
<text:p><text:hidden-paragraph text:condition="a"/>整段隐藏</text:p>
<table:table><table:table-row><table:table-cell table:number-columns-spanned="2"><text:p>名单</text:p></table:table-cell><table:covered-table-cell/></table:table-row>
<table:table-row><table:table-cell><text:p>姓名</text:p></table:table-cell><table:table-cell><text:p>身份证号</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell/><table:table-cell><text:p>11010519491231002X</text:p></table:table-cell><table:table-cell table:number-columns-repeated="100000000"/></table:table-row>
<table:table-row table:number-rows-repeated="5"><table:table-cell table:number-columns-repeated="3"><text:p>x</text:p></table:table-cell></table:table-row>
<table:table-row><table:table-cell><text:p>末行</text:p></table:table-cell></table:table-row>
</table:table>
</office:text></office:body></office:document-content>"#;
    let mut styles = Styles::default();
    let doc = walk(Kind::Text, Source::Content, &mut styles, xml)?;
    let del = seg(&doc, "删去").ok_or(ExtractError::NoText("del".into()))?;
    assert_eq!(
        (del.part, del.hidden, del.field.as_deref()),
        (Part::TrackedChange, true, Some("王五"))
    );
    let h = seg(&doc, "标题").ok_or(ExtractError::NoText("h".into()))?;
    assert_eq!(
        (h.part, h.paragraph, h.hidden),
        (Part::Body, Some(1), false)
    );
    assert!(doc.text.contains("电话 13800138000 末尾"), "{}", doc.text);
    let c = seg(&doc, "批注").ok_or(ExtractError::NoText("c".into()))?;
    assert_eq!(
        (c.part, c.field.as_deref(), c.hidden),
        (Part::Comment, Some("李四"), true)
    );
    let hs = seg(&doc, "隐藏4301").ok_or(ExtractError::NoText("hs".into()))?;
    assert_eq!(
        (hs.part, hs.hidden, hs.paragraph),
        (Part::HiddenText, true, Some(3))
    );
    assert_eq!(seg(&doc, "条件").map(|l| l.part), Some(Part::HiddenText));
    assert_eq!(seg(&doc, "见文").map(|l| l.part), Some(Part::Body));
    assert_eq!(
        seg(&doc, "整段隐藏").map(|l| l.part),
        Some(Part::HiddenText)
    );
    assert!(
        doc.text
            .contains("\n名单\n姓名\t身份证号\n\t11010519491231002X\nx\tx\tx\n末行\n"),
        "{:?}",
        doc.text
    );
    let id = seg(&doc, "11010519491231002X").ok_or(ExtractError::NoText("id".into()))?;
    assert_eq!((id.row, id.col), (Some(3), Some(2)));
    let last = seg(&doc, "末行").ok_or(ExtractError::NoText("last".into()))?;
    assert_eq!(last.row, Some(9));
    Ok(())
}

#[test]
fn slides_notes_and_hidden_pages() -> Result<(), ExtractError> {
    let xml = r#"<office:document-content xmlns:office="o" xmlns:text="t" xmlns:style="s" xmlns:draw="d" xmlns:presentation="p">
<office:automatic-styles><style:style style:name="dp2" style:family="drawing-page"><style:drawing-page-properties presentation:visibility="hidden"/></style:style></office:automatic-styles>
<office:body><office:presentation>
<draw:page draw:name="p1"><draw:frame><draw:text-box><text:p>第一页</text:p></draw:text-box></draw:frame>
<presentation:notes><draw:page-thumbnail/><draw:frame><draw:text-box><text:p>备注13800138000</text:p></draw:text-box></draw:frame></presentation:notes></draw:page>
<draw:page draw:name="p2" draw:style-name="dp2"><draw:frame><draw:text-box><text:p>隐藏页</text:p></draw:text-box></draw:frame></draw:page>
</office:presentation></office:body></office:document-content>"#;
    let mut styles = Styles::default();
    let doc = walk(Kind::Presentation, Source::Content, &mut styles, xml)?;
    let first = seg(&doc, "第一页").ok_or(ExtractError::NoText("1".into()))?;
    assert_eq!(
        (first.slide, first.part, first.paragraph),
        (Some(1), Part::Body, Some(1))
    );
    let notes = seg(&doc, "备注").ok_or(ExtractError::NoText("n".into()))?;
    assert_eq!(
        (notes.slide, notes.part, notes.hidden),
        (Some(1), Part::Notes, true)
    );
    let hidden = seg(&doc, "隐藏页").ok_or(ExtractError::NoText("h".into()))?;
    assert_eq!(
        (hidden.slide, hidden.part, hidden.hidden),
        (Some(2), Part::HiddenSlide, true)
    );
    Ok(())
}

#[test]
fn styles_give_headers_and_footers_only() -> Result<(), ExtractError> {
    let xml = r#"<office:document-styles xmlns:office="o" xmlns:text="t" xmlns:style="s">
<office:styles><style:style style:name="Hid" style:family="paragraph"><style:text-properties text:display="none"/></style:style></office:styles>
<office:master-styles><style:master-page style:name="Standard"><style:header><text:p>页眉</text:p></style:header><style:footer><text:p>页脚<text:page-number>1</text:page-number></text:p></style:footer></style:master-page></office:master-styles>
<text:p>不是正文</text:p></office:document-styles>"#;
    let mut styles = Styles::default();
    let doc = walk(Kind::Text, Source::Styles, &mut styles, xml)?;
    assert_eq!(doc.text, "页眉\n页脚1\n");
    assert_eq!(
        seg(&doc, "页眉").map(|l| (l.part, l.hidden)),
        Some((Part::Header, false))
    );
    assert_eq!(seg(&doc, "页脚").map(|l| l.part), Some(Part::Footer));
    assert!(styles.hidden_text.contains("Hid"));
    Ok(())
}

#[test]
fn object_names() {
    assert_eq!(
        object_name("Object 1/content.xml"),
        Some(("Object 1", Some("content.xml")))
    );
    assert_eq!(object_name("Object 12"), Some(("Object 12", None)));
    assert_eq!(object_name("ObjectReplacements/Object 1"), None);
    assert_eq!(object_name("Object x/content.xml"), None);
}
