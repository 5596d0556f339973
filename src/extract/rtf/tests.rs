use super::*;
use crate::extract::limits::{Budget, Limits};

fn run(bytes: &[u8]) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.rtf",
        encoding: None,
    };
    extract(bytes, &ctx)
}

fn seg<'d>(doc: &'d Document, needle: &str) -> Option<(&'d str, &'d Loc)> {
    doc.segments
        .iter()
        .map(|s| (doc.text.get(s.start..s.end).unwrap_or(""), &s.loc))
        .find(|(t, _)| t.contains(needle))
}

fn hex(s: &str) -> String {
    encoding_rs::GBK
        .encode(s)
        .0
        .iter()
        .map(|b| format!("\\'{b:02x}"))
        .collect()
}

#[test]
fn codepages_unicode_and_paragraphs() -> Result<(), ExtractError> {
    let rtf = format!(
        "{{\\rtf1\\ansi\\ansicpg936\\deff0{{\\fonttbl{{\\f0\\fnil\\fcharset134 \\'cb\\'ce\\'cc\\'e5;}}{{\\f1\\fswiss\\fcharset0 Arial;}}}}\
         {{\\colortbl;\\red0\\green0\\blue0;}}\n\
         {{\\info{{\\title \\'cd\\'a8\\'d6\\'aa}}{{\\author {}}}{{\\*\\company \\u26576?\\u23616?}}{{\\creatim\\yr2024}}}}\n\
         \\pard {}\\par\n\
         \\pard\\uc2 \\u24352\\'d5\\'c5\\u19977\\'c8\\'fd 13800138000\\par\n\
         {{\\pict\\pngblip 89504e47}}{{\\*\\unknown secret}}\\pard\\f1 Caf\\'e9\\par}}",
        hex("王五"),
        hex("身份证号：110101199003074514"),
    );
    let doc = run(rtf.as_bytes())?;
    let (t, loc) = seg(&doc, "身份证号").ok_or(ExtractError::Corrupt("id".into()))?;
    assert_eq!(t, "身份证号：110101199003074514");
    assert_eq!(
        (loc.part, loc.paragraph, loc.line, loc.column),
        (Part::Body, Some(1), Some(3), Some(7))
    );
    let (t, loc) = seg(&doc, "张三").ok_or(ExtractError::Corrupt("u".into()))?;
    assert_eq!(t, "张三 13800138000");
    assert_eq!((loc.paragraph, loc.line), (Some(2), Some(4)));
    assert_eq!(
        seg(&doc, "通知").map(|(_, l)| (l.part, l.field.as_deref())),
        Some((Part::Metadata, Some("title")))
    );
    assert_eq!(
        seg(&doc, "王五").map(|(_, l)| l.field.as_deref()),
        Some(Some("author"))
    );
    assert_eq!(
        seg(&doc, "某局").map(|(_, l)| l.field.as_deref()),
        Some(Some("company"))
    );
    // The ANSI font in a CJK document still reads Latin-1 bytes of the code page… as GBK.
    assert!(
        !doc.text.contains("secret")
            && !doc.text.contains("89504e47")
            && !doc.text.contains("Arial")
    );
    Ok(())
}

#[test]
fn tables_hidden_deleted_annotations() -> Result<(), ExtractError> {
    let rtf = "{\\rtf1\\ansi\n\\trowd\\cellx1000\\cellx2000\\pard\\intbl Name\\cell ID\\cell\\row\n\
        \\trowd\\pard\\intbl Zhang\\cell 11010519491231002X{\\v  430102198001010011}\\cell\\row\n\
        \\pard\\par\\pard visible {\\v hidden 13912345678} more\\par\n\
        {\\deleted old 13800138000}\\par\n\
        {\\*\\atnid ZS}{\\*\\atnauthor Zhang San}\\chatn{\\*\\annotation\\pard note 6222021234567890128}\\par\n\
        {\\field{\\*\\fldinst HYPERLINK \"http://x/?id=1\"}{\\fldrslt link}}\\par}";
    let doc = run(rtf.as_bytes())?;
    assert!(
        doc.text.contains("Name\tID\nZhang\t11010519491231002X\n"),
        "{:?}",
        doc.text
    );
    let (_, loc) = seg(&doc, "11010519491231002X").ok_or(ExtractError::Corrupt("c".into()))?;
    assert_eq!((loc.row, loc.col, loc.line), (Some(2), Some(2), Some(3)));
    let (_, loc) = seg(&doc, "430102198001010011").ok_or(ExtractError::Corrupt("h".into()))?;
    assert_eq!(
        (loc.part, loc.hidden, loc.row),
        (Part::HiddenText, true, Some(2))
    );
    let (t, loc) = seg(&doc, "13912345678").ok_or(ExtractError::Corrupt("v".into()))?;
    assert_eq!(
        (t, loc.part, loc.hidden),
        ("hidden 13912345678", Part::HiddenText, true)
    );
    assert_eq!(seg(&doc, "visible").map(|(_, l)| l.hidden), Some(false));
    let (_, loc) = seg(&doc, "old").ok_or(ExtractError::Corrupt("d".into()))?;
    assert_eq!((loc.part, loc.hidden), (Part::TrackedChange, true));
    let (_, loc) = seg(&doc, "note").ok_or(ExtractError::Corrupt("a".into()))?;
    assert_eq!(
        (loc.part, loc.field.as_deref()),
        (Part::Comment, Some("Zhang San"))
    );
    assert_eq!(
        seg(&doc, "HYPERLINK").map(|(_, l)| l.part),
        Some(Part::FieldCode)
    );
    assert_eq!(seg(&doc, "link").map(|(_, l)| l.part), Some(Part::Body));
    assert!(!doc.text.contains("ZS"));
    Ok(())
}

#[test]
fn hostile_rtf() {
    let deep = format!("{{\\rtf1 {}x", "{".repeat(10_000));
    assert!(matches!(run(deep.as_bytes()), Err(ExtractError::Limit(_))));
    assert!(matches!(
        run(b"{\\rtf1 {\\b"),
        Err(ExtractError::Corrupt(_))
    ));
    assert!(matches!(run(b"not rtf"), Err(ExtractError::Corrupt(_))));
    let truncated = run(b"{\\rtf1 hello 13800138000 {\\b x");
    assert!(truncated.is_ok_and(|d| d.text.contains("13800138000") && d.members.len() == 1));
    for cut in [&b"{\\rtf1 \\'"[..], b"{\\rtf1 \\"] {
        assert!(matches!(run(cut), Err(ExtractError::Corrupt(_))), "{cut:?}");
    }
    for junk in [
        &b"{\\rtf1 \\'zz\\u-\\u99999999999\\bin999999999}"[..],
        b"{\\rtf1}}}}}",
        b"{\\rtf1 \\ud\\upr{\\*\\ud x}\\cell\\row\\row}",
    ] {
        assert!(run(junk).is_ok(), "{junk:?}");
    }
}
