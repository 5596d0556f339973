//! Bytes read as Html whatever they are: must return Ok or Err, never panic or hang.
#![no_main]

use baomi::extract::{extract, Budget, Ctx, Format, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx { budget: &budget, name: "fuzz", encoding: None };
    let _ = extract(data, Format::Html, &ctx);
});
