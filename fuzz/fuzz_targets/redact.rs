//! Bytes through every rewriter of `baomi redact` (docx, xlsx, HTML, text) with a plan of
//! common values: each must return Ok or Err, never panic or hang.
#![no_main]

use baomi::redact::{docx, html, text, xlsx, FormatOptions, HiddenChannels, Plan};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let plan = Plan::new(
        [("13800138000", "138****8000"), ("张三", "张*"), ("a", "*"), ("1", "〔已删除〕")]
            .into_iter()
            .map(|(a, b)| (a.to_string(), b.to_string())),
    );
    for hidden in [HiddenChannels::Remove, HiddenChannels::Mask] {
        let options = FormatOptions { hidden };
        let _ = docx::redact_docx(data, &plan, &options);
        let _ = xlsx::redact_xlsx(data, &plan, &options);
        let _ = html::redact_html(data, &plan, &options, None);
    }
    let _ = text::redact_text(data, &plan, None);
});
