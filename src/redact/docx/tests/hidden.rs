//! Hidden channels: tracked changes accepted, comments and hidden text removed (the
//! default), or all of them kept and masked.

use super::*;

const MOBILE: &str = "13800138000";
const MOBILE_MASK: &str = "138****8000";

fn rels() -> String {
    let rel = |id: &str, kind: &str, target: &str| {
        format!(
            r#"<Relationship Id="{id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/{kind}" Target="{target}"/>"#
        )
    };
    format!(
        r#"<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{}{}{}{}</Relationships>"#,
        rel("rId1", "comments", "comments.xml"),
        rel("rId2", "styles", "styles.xml"),
        rel("rId3", "people", "people.xml"),
        rel("rId4", "commentsExtended", "commentsExtended.xml"),
    )
}

/// Every hidden channel, each holding a value.
fn hidden_docx() -> Vec<u8> {
    let body = [
        // An insertion (kept), a deletion (dropped), a property change, a comment.
        format!(
            r#"<w:p><w:pPr><w:rPr><w:del w:id="9" w:author="张三"/></w:rPr></w:pPr><w:commentRangeStart w:id="0"/><w:r><w:t>身份证</w:t></w:r><w:ins w:id="1" w:author="张三"><w:r><w:rPr><w:b/><w:rPrChange w:id="2" w:author="张三"><w:rPr/></w:rPrChange></w:rPr><w:t>{ID}</w:t></w:r></w:ins><w:del w:id="3" w:author="张三"><w:r><w:delText>旧号{MOBILE}</w:delText></w:r></w:del><w:commentRangeEnd w:id="0"/><w:r><w:rPr><w:rStyle w:val="CommentReference"/></w:rPr><w:commentReference w:id="0"/></w:r></w:p>"#
        ),
        // Hidden directly, hidden by style, white (kept: it is on the page, just unread).
        format!(
            r#"<w:p><w:r><w:t>可见</w:t></w:r><w:r><w:rPr><w:vanish/></w:rPr><w:t>电话{MOBILE}</w:t></w:r><w:r><w:rPr><w:rStyle w:val="Secret"/></w:rPr><w:t>{ID}</w:t></w:r><w:r><w:rPr><w:color w:val="FFFFFF"/></w:rPr><w:t>白{MOBILE}</w:t></w:r></w:p>"#
        ),
        // A move and a deleted table row.
        format!(
            r#"<w:p><w:moveFromRangeStart w:id="5" w:name="m"/><w:moveFrom w:id="6" w:author="张三"><w:r><w:t>移走</w:t></w:r></w:moveFrom><w:moveFromRangeEnd w:id="5"/><w:moveTo w:id="7" w:author="张三"><w:r><w:t>移来</w:t></w:r></w:moveTo></w:p><w:tbl><w:tr><w:tc><w:p><w:r><w:t>留</w:t></w:r></w:p></w:tc></w:tr><w:tr><w:trPr><w:del w:id="8" w:author="张三"/></w:trPr><w:tc><w:p><w:r><w:t>{MOBILE}</w:t></w:r></w:p></w:tc></w:tr></w:tbl>"#
        ),
    ]
    .concat();
    let comments = format!(
        r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W}><w:comment w:id="0" w:author="张三" w:initials="ZS"><w:p><w:r><w:annotationRef/></w:r><w:r><w:t>核对{ID}</w:t></w:r></w:p></w:comment></w:comments>"#
    );
    let styles = format!(
        r#"<w:styles {W}><w:style w:type="character" w:styleId="Secret"><w:rPr><w:vanish/></w:rPr></w:style></w:styles>"#
    );
    let people = r#"<w15:people xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:person w15:author="张三"><w15:presenceInfo w15:providerId="AD" w15:userId="zhangsan@unit.gov.cn"/></w15:person></w15:people>"#;
    let extended = r#"<w15:commentsEx xmlns:w15="http://schemas.microsoft.com/office/word/2012/wordml"><w15:commentEx w15:paraId="1" w15:done="0"/></w15:commentsEx>"#;
    docx(
        &body,
        &[
            ("word/_rels/document.xml.rels", &rels()),
            ("word/comments.xml", &comments),
            ("word/styles.xml", &styles),
            ("word/people.xml", people),
            ("word/commentsExtended.xml", extended),
        ],
    )
}

fn full_plan() -> Plan {
    plan(&[
        (ID, ID_MASK),
        (MOBILE, MOBILE_MASK),
        ("张三", "张*"),
        ("zhangsan@unit.gov.cn", "zh***@unit.gov.cn"),
    ])
}

#[test]
fn removed_revisions_are_accepted_and_comments_and_hidden_text_dropped() {
    let out = redact(&hidden_docx(), &full_plan(), HiddenChannels::Remove);
    let xml = member(&out.bytes, "word/document.xml");
    for gone in [
        "w:ins",
        "w:del",
        "w:moveFrom",
        "w:moveTo",
        "rPrChange",
        "commentRange",
        "commentReference",
        "w:vanish",
        "Secret",
        "移走",
        "旧号",
        "张三",
        MOBILE,
        ID,
    ] {
        assert!(!xml.contains(gone), "{gone} left in {xml}");
    }
    // The inserted run keeps its own formatting; the white run is masked, not dropped.
    assert!(
        xml.contains(&format!(
            "<w:r><w:rPr><w:b/></w:rPr><w:t>{ID_MASK}</w:t></w:r>"
        )),
        "{xml}"
    );
    assert!(
        xml.contains(&format!("<w:t>白{MOBILE_MASK}</w:t>")),
        "{xml}"
    );
    assert!(
        xml.contains("<w:t>移来</w:t>") && xml.contains("<w:t>留</w:t>"),
        "{xml}"
    );
    assert_eq!(
        out.actions,
        ["接受修订 7 处", "删除批注 1 条", "删除隐藏文字 2 处"],
    );
    assert_eq!(
        member(&out.bytes, "word/comments.xml"),
        format!(r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:comments {W}/>"#)
    );
    let people = member(&out.bytes, "word/people.xml");
    assert!(
        !people.contains("person") && people.ends_with("wordml\"/>"),
        "{people}"
    );
    assert!(!member(&out.bytes, "word/commentsExtended.xml").contains("commentEx "));
    // What a reader sees now: the accepted text only.
    let text = text_of(&out.bytes);
    assert!(text.contains(&format!("身份证{ID_MASK}")), "{text:?}");
    assert!(
        !text.contains("张三") && !text.contains(MOBILE) && !text.contains(ID),
        "{text:?}"
    );
}

#[test]
fn masked_hidden_channels_are_kept_with_their_values_masked() {
    let input = hidden_docx();
    let out = redact(&input, &full_plan(), HiddenChannels::Mask);
    assert!(out.actions.is_empty(), "{:?}", out.actions);
    let xml = member(&out.bytes, "word/document.xml");
    for kept in [
        "<w:ins ",
        "<w:del ",
        "commentReference",
        "<w:vanish/>",
        "旧号",
        "移走",
    ] {
        assert!(xml.contains(kept), "{kept} missing from {xml}");
    }
    assert!(
        !xml.contains(MOBILE) && !xml.contains(ID) && !xml.contains("张三"),
        "{xml}"
    );
    assert!(xml.contains(&format!("<w:delText>旧号{MOBILE_MASK}</w:delText>")));
    assert!(xml.contains(r#"w:author="张*""#));
    let comments = member(&out.bytes, "word/comments.xml");
    assert!(
        comments.contains(&format!("核对{ID_MASK}")) && !comments.contains("张三"),
        "{comments}"
    );
    let people = member(&out.bytes, "word/people.xml");
    assert!(
        people.contains(r#"w15:userId="zh***@unit.gov.cn""#),
        "{people}"
    );
    // Every channel the scanner reads is masked, and nothing else changed.
    let text = text_of(&out.bytes);
    assert!(!text.contains(MOBILE) && !text.contains(ID), "{text:?}");
    let unchanged = member(&input, "word/document.xml")
        .replace(MOBILE, MOBILE_MASK)
        .replace(ID, ID_MASK)
        .replace("张三", "张*");
    assert_eq!(xml, unchanged);
}

#[test]
fn a_hidden_run_holding_a_text_box_goes_whole() {
    let body = format!(
        r#"<w:p><w:r><w:rPr><w:vanish/></w:rPr><w:t>{ID}</w:t><w:drawing><w:txbxContent><w:p><w:r><w:t>框内{MOBILE}</w:t><w:tab/></w:r></w:p></w:txbxContent></w:drawing></w:r><w:r><w:t>正文</w:t></w:r></w:p>"#
    );
    let out = redact(&docx(&body, &[]), &full_plan(), HiddenChannels::Remove);
    assert_eq!(
        member(&out.bytes, "word/document.xml"),
        document("<w:p><w:r><w:t>正文</w:t></w:r></w:p>")
    );
    assert_eq!(out.actions, ["删除隐藏文字 1 处"]);
    // Kept and masked, the text box's value is one edit of its own paragraph.
    let out = redact(&docx(&body, &[]), &full_plan(), HiddenChannels::Mask);
    assert_eq!(out.replaced, 2);
}

#[test]
fn text_attributes_link_targets_and_document_variables_are_masked() {
    let body = r#"<w:p><w:hyperlink r:id="rId9" w:tooltip="联系张三"><w:r><w:t>链接</w:t></w:r></w:hyperlink><w:r><w:drawing><wp:docPr xmlns:wp="x" id="1" name="张三" descr="张三的照片"/></w:drawing></w:r><w:fldSimple w:instr=" HYPERLINK &quot;mailto:zhangsan@unit.gov.cn&quot; "><w:r><w:t>邮件</w:t></w:r></w:fldSimple></w:p>"#;
    let rels = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="mailto:zhangsan@unit.gov.cn" TargetMode="External"/><Relationship Id="rId8" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/settings" Target="settings.xml"/></Relationships>"#;
    let settings = format!(
        r#"<w:settings {W}><w:docVars><w:docVar w:name="经办" w:val="张三 13800138000"/></w:docVars></w:settings>"#
    );
    let bytes = docx(
        body,
        &[
            ("word/_rels/document.xml.rels", rels),
            ("word/settings.xml", &settings),
        ],
    );
    let out = redact(&bytes, &full_plan(), HiddenChannels::Remove);
    let xml = member(&out.bytes, "word/document.xml");
    assert!(xml.contains(r#"w:tooltip="联系张*""#), "{xml}");
    // `name` is not text a reader sees: left as written.
    assert!(xml.contains(r#"name="张三" descr="张*的照片""#), "{xml}");
    assert!(xml.contains("w:instr=\" HYPERLINK &quot;mailto:zh***@unit.gov.cn&quot; \""));
    let rels = member(&out.bytes, "word/_rels/document.xml.rels");
    assert!(
        rels.contains(r#"Target="mailto:zh***@unit.gov.cn""#),
        "{rels}"
    );
    let settings = member(&out.bytes, "word/settings.xml");
    assert!(
        settings.contains(r#"w:val="张* 138****8000""#),
        "{settings}"
    );
    assert_eq!(out.replaced, 6);
    let text = text_of(&out.bytes);
    assert!(
        !text.contains("zhangsan") && !text.contains(MOBILE),
        "{text:?}"
    );
}

#[test]
fn damaged_parts_never_panic() {
    let good = hidden_docx();
    let xml = member(&good, "word/document.xml");
    let styles = member(&good, "word/styles.xml");
    let p = full_plan();
    let step = (xml.len() / 150).max(1);
    for cut in (0..xml.len()).step_by(step) {
        // Truncated, and with one byte turned into markup.
        let mut flipped = xml.clone().into_bytes();
        if let Some(b) = flipped.get_mut(cut) {
            *b = b'<';
        }
        for doc in [xml.as_bytes().get(..cut).unwrap_or(&[]), &flipped[..]] {
            let bytes = zip_with(
                &[
                    ("_rels/.rels", PKG_RELS.as_bytes()),
                    ("word/document.xml", doc),
                    ("word/styles.xml", styles.as_bytes()),
                ],
                CompressionMethod::Deflated,
            );
            for hidden in [HiddenChannels::Remove, HiddenChannels::Mask] {
                match redact_docx(&bytes, &p, &FormatOptions { hidden }) {
                    Ok(out) => {
                        ZipArchive::new(Cursor::new(&out.bytes[..])).unwrap();
                    }
                    Err(RedactError::Malformed(m)) => assert!(!m.contains(ID), "{m}"),
                    Err(e) => panic!("{e}"),
                }
            }
        }
    }
}
