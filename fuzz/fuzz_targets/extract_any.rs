//! Any bytes through format detection and extraction: must return Ok or Err, never panic
//! or hang.
#![no_main]

use baomi::extract::{detect_format, extract, Budget, Ctx, Limits};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx { budget: &budget, name: "fuzz", encoding: None };
    let format = detect_format(data, "fuzz", None);
    let _ = extract(data, format, &ctx);
});
