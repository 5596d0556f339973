//! Unit tests of the walker (paragraphs, tables, hidden shapes and slides, notes
//! placeholders) and of the comments reader.

use super::*;
use crate::extract::limits::{Budget, Limits};

fn doc_of(slide_xml: &str, mode: Mode) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.pptx",
        encoding: None,
    };
    let mut b = DocumentBuilder::new("pptx", 1 << 20);
    walk(
        slide_xml.as_bytes(),
        "s.xml",
        &Loc::part(Part::Body).with_slide(2),
        mode,
        &mut b,
        &ctx,
    )?;
    Ok(b.finish())
}

const NS: &str = r#"xmlns:a="a" xmlns:p="p""#;

#[test]
fn paragraphs_tables_and_hidden_shapes() -> Result<(), ExtractError> {
    let xml = format!(
        r#"<p:sld {NS}><p:cSld><p:spTree>
            <p:sp><p:nvSpPr><p:cNvPr id="2" name="T"/></p:nvSpPr><p:txBody>
              <a:p><a:r><a:t>联系</a:t></a:r><a:r><a:t>电话13800138000</a:t></a:r></a:p>
              <a:p><a:r><a:t>第二段</a:t></a:r><a:br/><a:r><a:t>续</a:t></a:r></a:p>
            </p:txBody></p:sp>
            <p:sp><p:nvSpPr><p:cNvPr id="3" name="H" hidden="1"/></p:nvSpPr><p:txBody>
              <a:p><a:r><a:t>隐藏</a:t></a:r></a:p></p:txBody></p:sp>
            <p:graphicFrame><a:graphic><a:graphicData><a:tbl>
              <a:tr><a:tc gridSpan="2"><a:txBody><a:p><a:r><a:t>名单</a:t></a:r></a:p></a:txBody></a:tc><a:tc hMerge="1"><a:txBody><a:p/></a:txBody></a:tc></a:tr>
              <a:tr><a:tc><a:txBody><a:p><a:r><a:t>姓名</a:t></a:r></a:p></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>身份证号</a:t></a:r></a:p></a:txBody></a:tc></a:tr>
              <a:tr><a:tc><a:txBody><a:p/></a:txBody></a:tc><a:tc><a:txBody><a:p><a:r><a:t>11010519491231002X</a:t></a:r></a:p></a:txBody></a:tc></a:tr>
            </a:tbl></a:graphicData></a:graphic></p:graphicFrame>
            </p:spTree></p:cSld></p:sld>"#
    );
    let doc = doc_of(&xml, Mode::Slide)?;
    assert_eq!(
        doc.text,
        "联系电话13800138000\n第二段\n续\n隐藏\n\n名单\n姓名\t身份证号\n\t11010519491231002X\n\n"
    );
    let first = &doc.segments[0].loc;
    assert_eq!(
        (first.slide, first.paragraph, first.hidden),
        (Some(2), Some(1), false)
    );
    let hidden = &doc.segments[2].loc;
    assert_eq!((hidden.part, hidden.hidden), (Part::HiddenText, true));
    let id = doc
        .segments
        .last()
        .map(|s| s.loc.clone())
        .unwrap_or_default();
    assert_eq!((id.row, id.col, id.slide), (Some(3), Some(2), Some(2)));
    Ok(())
}

#[test]
fn hidden_slide_and_notes_placeholders() -> Result<(), ExtractError> {
    let xml = format!(
        r#"<p:sld {NS} show="0"><p:sp><p:txBody><a:p><a:r><a:t>x</a:t></a:r></a:p></p:txBody></p:sp></p:sld>"#
    );
    let doc = doc_of(&xml, Mode::Slide)?;
    assert_eq!(doc.segments[0].loc.part, Part::HiddenSlide);
    assert!(doc.segments[0].loc.hidden);
    let notes = format!(
        r#"<p:notes {NS}><p:sp><p:nvSpPr><p:cNvPr id="1" name=""/><p:nvPr><p:ph type="sldNum"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>7</a:t></a:r></a:p></p:txBody></p:sp>
            <p:sp><p:nvSpPr><p:nvPr><p:ph type="body" idx="1"/></p:nvPr></p:nvSpPr><p:txBody><a:p><a:r><a:t>备注</a:t></a:r></a:p></p:txBody></p:sp></p:notes>"#
    );
    let doc = doc_of(&notes, Mode::Notes)?;
    assert_eq!(doc.text, "备注\n");
    Ok(())
}

#[test]
fn comments_with_authors() -> Result<(), ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.pptx",
        encoding: None,
    };
    let mut authors = HashMap::new();
    authors.insert("0".to_string(), "张三".to_string());
    let mut b = DocumentBuilder::new("pptx", 1 << 20);
    let xml = r#"<p:cmLst xmlns:p="p"><p:cm authorId="0" idx="1"><p:pos x="1" y="2"/><p:text>电话13912345678</p:text></p:cm></p:cmLst>"#;
    comments(
        xml.as_bytes(),
        "c.xml",
        &Loc::part(Part::Comment).with_slide(1),
        &authors,
        &mut b,
        &ctx,
    )?;
    let doc = b.finish();
    assert_eq!(doc.text, "电话13912345678\n");
    assert_eq!(doc.segments[0].loc.field.as_deref(), Some("张三"));
    assert!(doc.segments[0].loc.hidden);
    Ok(())
}
