//! Unit tests of the HTML extractor, through `extract` and the charset functions.

use encoding_rs::{GB18030, GBK};

use super::{decode, extract, prescan};
use crate::extract::document::{Document, Part};
use crate::extract::limits::{Budget, ExtractError, Limits};
use crate::extract::Ctx;

fn run(bytes: &[u8]) -> Result<Document, ExtractError> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.html",
        encoding: None,
    };
    extract(bytes, &ctx)
}

/// (text, part, hidden, line, column) of each segment.
fn segs(doc: &Document) -> Vec<(String, Part, bool, u64, u64)> {
    doc.segments
        .iter()
        .map(|s| {
            (
                doc.text.get(s.start..s.end).unwrap_or("").to_string(),
                s.loc.part,
                s.loc.hidden,
                s.loc.line.unwrap_or(0),
                s.loc.column.unwrap_or(0),
            )
        })
        .collect()
}

fn find<'a>(
    v: &'a [(String, Part, bool, u64, u64)],
    needle: &str,
) -> Option<&'a (String, Part, bool, u64, u64)> {
    v.iter().find(|s| s.0.contains(needle))
}

#[test]
fn gbk_meta_prescan() {
    let (page, _, _) = GBK.encode(
        "<html><head><meta http-equiv=\"Content-Type\" content=\"text/html; charset=gb2312\">\
         <title>通知</title></head><body><p>身份证号码</p></body></html>",
    );
    assert_eq!(prescan(&page), Some(GB18030));
    let text = decode(&page, None);
    assert!(text.contains("身份证号码"), "{text}");
    let (page, _, _) = GBK.encode("<meta charset=\"GBK\"><p>张三</p>");
    assert!(decode(&page, None).contains("张三"));
}

#[test]
fn blocks_inline_and_positions() -> Result<(), ExtractError> {
    let html = "<html>\n<body>\n  <p>电话：<span>138</span>0013&#56;000</p>\n<div>a<br>  b&nbsp;c</div>\n</body>";
    let doc = run(html.as_bytes())?;
    let s = segs(&doc);
    let p = find(&s, "电话").ok_or(ExtractError::Corrupt("p".into()))?;
    assert_eq!(p.0, "电话：13800138000");
    assert_eq!((p.1, p.2, p.3, p.4), (Part::Body, false, 3, 6));
    let b = find(&s, "b c").ok_or(ExtractError::Corrupt("b".into()))?;
    assert_eq!((b.3, b.4), (4, 13));
    assert!(find(&s, "a").is_some());
    Ok(())
}

#[test]
fn hidden_comments_attributes_title_meta() -> Result<(), ExtractError> {
    let html = "<html><head><title>标 题</title><meta name=\"Author\" content=\"张三\">\
        <script>var x = '13800138000';</script><style>p{}</style></head>\
        <body><!-- 备注 13912345678 --><img src=a.png alt=\"照片 李四\">\
        <div style=\"DISPLAY: none\">secret <b>110101199003074514</b></div>\
        <p hidden>h2</p><input type=hidden name=sfz value=\"430102198001010011\">\
        <p>shown</p></body></html>";
    let doc = run(html.as_bytes())?;
    let s = segs(&doc);
    assert!(!doc.text.contains("13800138000"), "script leaked");
    assert_eq!(
        find(&s, "标 题").map(|x| (x.1, x.2)),
        Some((Part::Title, false))
    );
    assert_eq!(
        find(&s, "张三").map(|x| (x.1, x.2)),
        Some((Part::Metadata, true))
    );
    assert_eq!(
        find(&s, "13912345678").map(|x| (x.1, x.2)),
        Some((Part::SourceComment, true))
    );
    assert_eq!(
        find(&s, "李四").map(|x| (x.1, x.2)),
        Some((Part::Attribute, true))
    );
    assert_eq!(
        find(&s, "110101199003074514").map(|x| (x.0.as_str(), x.1, x.2)),
        Some(("secret 110101199003074514", Part::HiddenText, true))
    );
    assert_eq!(find(&s, "h2").map(|x| x.1), Some(Part::HiddenText));
    assert_eq!(
        find(&s, "430102198001010011").map(|x| (x.1, x.2)),
        Some((Part::HiddenText, true))
    );
    assert_eq!(
        find(&s, "shown").map(|x| (x.1, x.2)),
        Some((Part::Body, false))
    );
    Ok(())
}

#[test]
fn tables_rows_spans_and_hidden_rows() -> Result<(), ExtractError> {
    let html = "<table><tr><td colspan=3>名单</td></tr>\
        <tr><th>姓名</th><th>身份证号</th><th>备注</th></tr>\
        <tr><td rowspan=2>张三</td><td>110101199003074514</td><td>x</td></tr>\
        <tr><td>11010519491231002X</td><td>y</td></tr>\
        <tr style='display:none'><td>李四<td>430102198001010011<td>z</tr></table><p>after</p>";
    let doc = run(html.as_bytes())?;
    assert!(
        doc.text
            .contains("名单\n姓名\t身份证号\t备注\n张三\t110101199003074514\tx\n\t11010519491231002X\ty\n李四\t430102198001010011\tz\n\nafter"),
        "{:?}",
        doc.text
    );
    let at = doc.text.find("11010519491231002X").unwrap_or(0);
    let seg = doc
        .segment_at(at)
        .map(|s| s.loc.clone())
        .unwrap_or_default();
    assert_eq!(
        (seg.row, seg.col, seg.cell.as_deref()),
        (Some(4), Some(2), Some("B4"))
    );
    let at = doc.text.find("430102198001010011").unwrap_or(0);
    let seg = doc
        .segment_at(at)
        .map(|s| s.loc.clone())
        .unwrap_or_default();
    assert_eq!(
        (seg.part, seg.hidden, seg.row),
        (Part::HiddenRow, true, Some(5))
    );
    Ok(())
}

#[test]
fn layout_tables_become_blocks() -> Result<(), ExtractError> {
    let html = "<table><tr><td>导航<table><tr><th>a</th><th>b</th></tr><tr><td>1</td><td>2</td></tr></table>尾</td></tr></table>";
    let doc = run(html.as_bytes())?;
    assert!(doc.text.contains("导航\n"), "{:?}", doc.text);
    assert!(doc.text.contains("a\tb\n1\t2\n"), "{:?}", doc.text);
    assert!(doc.text.contains("尾"), "{:?}", doc.text);
    Ok(())
}

#[test]
fn word_document_properties() -> Result<(), ExtractError> {
    let html = "<html><head><!--[if gte mso 9]><xml>\n<o:DocumentProperties>\n\
        <o:Author>王五</o:Author>\n<o:LastAuthor>赵六</o:LastAuthor>\n<o:Revision>3</o:Revision>\n\
        <o:Company>某局</o:Company>\n</o:DocumentProperties>\n</xml><![endif]--></head>\
        <body><![if !supportLists]>1.<![endif]>正文</body></html>";
    let doc = run(html.as_bytes())?;
    let s = segs(&doc);
    let author = doc
        .segments
        .iter()
        .find(|x| x.loc.field.as_deref() == Some("Author"))
        .map(|x| (doc.text.get(x.start..x.end).unwrap_or(""), x.loc.line));
    assert_eq!(author, Some(("王五", Some(3))));
    assert!(find(&s, "赵六").is_some() && find(&s, "某局").is_some());
    assert!(find(&s, "3").is_none_or(|x| x.0 != "3"));
    assert_eq!(find(&s, "正文").map(|x| x.1), Some(Part::Body));
    Ok(())
}

#[test]
fn one_long_line_is_located_in_linear_time() -> Result<(), ExtractError> {
    let block = "<p title=\"t\">段落 13800138000</p>";
    let page = block.repeat(60_000);
    let started = std::time::Instant::now();
    let doc = run(page.as_bytes())?;
    let last = doc.segments.last().map(|s| (s.loc.line, s.loc.column));
    let chars = block.chars().count() as u64;
    assert_eq!(last, Some((Some(1), Some(59_999 * chars + 14))));
    assert!(started.elapsed().as_secs() < 20, "{:?}", started.elapsed());
    Ok(())
}

#[test]
fn hostile_markup_does_not_panic() -> Result<(), ExtractError> {
    for html in [
        "<",
        "<a",
        "<a href='",
        "<!--",
        "</",
        "<table><td colspan=99999999 rowspan=99999999>x",
        "&#xFFFFFFFFF;&#;&#x;&",
        "<p>é&",
        "<title>",
        "<script>",
    ] {
        run(html.as_bytes())?;
    }
    let deep = "<div>".repeat(20_000) + "x" + &"</span>".repeat(20_000);
    let doc = run(deep.as_bytes())?;
    assert!(doc.text.contains('x'));
    Ok(())
}

#[test]
fn unclosed_cells_and_rows_keep_their_text() -> Result<(), ExtractError> {
    // Sloppy markup a CMS writes: cells and rows never closed, cells straight in <table>.
    let doc = run(b"<table><tr><td>a1<td>b1<tr><td>a2<td>b2</table>")?;
    assert!(doc.text.contains("a1\tb1\n"), "{:?}", doc.text);
    assert!(doc.text.contains("a2\tb2\n"), "{:?}", doc.text);
    let doc = run(b"<table><td>x1</td><tr><td>x2</td></tr></table>")?;
    assert!(
        doc.text.contains("x1") && doc.text.contains("x2"),
        "{:?}",
        doc.text
    );
    Ok(())
}
