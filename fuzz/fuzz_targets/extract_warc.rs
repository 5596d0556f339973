//! Bytes read as a WARC whatever they are: must return Ok or Err, never panic or hang.
#![no_main]

use baomi::extract::{extract, Budget, Ctx, Format, Limits};
use libfuzzer_sys::fuzz_target;

/// Panics inside reader libraries are caught by the extractors (and reported as damaged
/// files); libFuzzer's own hook would abort on them before they are caught. A panic that
/// escapes `extract` still aborts: libfuzzer-sys checks the result of each run.
static QUIET: std::sync::Once = std::sync::Once::new();

fuzz_target!(|data: &[u8]| {
    QUIET.call_once(|| std::panic::set_hook(Box::new(|_| {})));
    let budget = Budget::new(Limits::default());
    let ctx = Ctx { budget: &budget, name: "fuzz", encoding: None };
    let _ = extract(data, Format::Warc, &ctx);
});
