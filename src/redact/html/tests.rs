use encoding_rs::GBK;

use super::*;

fn plan() -> Plan {
    Plan::new([
        (
            "11010519491231002X".to_string(),
            "110105********002X".to_string(),
        ),
        ("13800138000".to_string(), "138****8000".to_string()),
        ("张三".to_string(), "张*".to_string()),
    ])
}

fn run(src: &str, hidden: HiddenChannels) -> Result<(String, Redacted), RedactError> {
    let out = redact_html(src.as_bytes(), &plan(), &FormatOptions { hidden }, None)?;
    Ok((String::from_utf8_lossy(&out.bytes).into_owned(), out))
}

#[test]
fn text_attributes_and_split_spans() -> Result<(), RedactError> {
    let src = "<html><body><p class=\"x\">姓名：张三，电话&nbsp;<b>138</b><span>00138000</span></p>\
               <img alt=\"张三 13800138000\" src=\"a.png\"><td>110105194912310&#48;2X</td></body></html>";
    let (out, r) = run(src, HiddenChannels::Remove)?;
    assert_eq!(
        out,
        "<html><body><p class=\"x\">姓名：张*，电话&nbsp;<b>138****8000</b><span></span></p>\
         <img alt=\"张* 138****8000\" src=\"a.png\"><td>110105********002X</td></body></html>"
    );
    assert_eq!(r.replaced, 5);
    Ok(())
}

#[test]
fn blocks_do_not_join() -> Result<(), RedactError> {
    let src = "<div>138</div><div>00138000</div>";
    let (out, r) = run(src, HiddenChannels::Remove)?;
    assert_eq!(out, src);
    assert_eq!(r.replaced, 0);
    Ok(())
}

#[test]
fn comments_removed_or_masked_scripts_masked() -> Result<(), RedactError> {
    let src = "<p>a</p><!-- 张三 13800138000 --><!--[if IE]><p>张三</p><![endif]--><script>var t=\"13800138000\";</script>";
    let (out, r) = run(src, HiddenChannels::Remove)?;
    assert_eq!(
        out,
        "<p>a</p><!----><!--[if IE]><p>张*</p><![endif]--><script>var t=\"138****8000\";</script>"
    );
    assert_eq!(r.actions, vec!["删除源代码注释 1 条".to_string()]);
    let (out, _) = run(src, HiddenChannels::Mask)?;
    assert!(out.contains("<!-- 张* 138****8000 -->"));
    Ok(())
}

#[test]
fn gbk_page_stays_gbk() -> Result<(), RedactError> {
    let page = "<html><head><meta charset=\"gbk\"><title>名单</title></head><body><p>张三 13800138000</p></body></html>";
    let (bytes, _, _) = GBK.encode(page);
    let out = redact_html(&bytes, &plan(), &FormatOptions::default(), None)?;
    let masked = page.replace("张三 13800138000", "张* 138****8000");
    let (expected, _, _) = GBK.encode(&masked);
    assert_eq!(out.bytes, expected.into_owned());
    Ok(())
}

#[test]
fn untouched_page_is_byte_identical() -> Result<(), RedactError> {
    let src = "<p title='x'>无个人信息 &amp; 无\r\n</p>";
    let (out, r) = run(src, HiddenChannels::Remove)?;
    assert_eq!(out, src);
    assert_eq!(r.replaced, 0);
    Ok(())
}

#[test]
fn a_comment_inside_a_value_does_not_hide_it() -> Result<(), RedactError> {
    let (out, r) = run("<p>电话 1380013<!-- x -->8000</p>", HiddenChannels::Remove)?;
    assert_eq!(out, "<p>电话 138****8000<!----></p>");
    assert_eq!(r.replaced, 1);
    Ok(())
}
