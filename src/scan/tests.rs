//! Unit tests of the scanning state: contexts, locations, fingerprints.

use super::*;
use crate::engine::EngineError;
use crate::ruleset::RuleSet;

fn engine() -> Result<Engine, EngineError> {
    Engine::new(&RuleSet::base().unwrap_or_default())
}

#[test]
fn context_masks_every_value_it_touches() -> Result<(), EngineError> {
    // The second card starts inside the first one's context window and ends outside it:
    // the window widens so the card is masked whole (regression: middle digits leaked).
    let text = "卡号6222021234567890128，备用卡号6228480012345671，手机13800138000。";
    let findings = scan_str(&engine()?, "t", text);
    assert_eq!(findings.len(), 3);
    for f in &findings {
        for raw in ["1234567890", "0012345", "0013800"] {
            assert!(
                !f.context_masked.contains(raw),
                "{raw} in {}",
                f.context_masked
            );
        }
        assert!(!f.masked.contains("1234567890"));
    }
    Ok(())
}

#[test]
fn locations_are_lines_and_char_columns() -> Result<(), EngineError> {
    let text = "第一行\n申请人：王某，身份证号：11010519491231002X\n";
    let findings = scan_str(&engine()?, "t", text);
    let id = findings.iter().find(|f| f.rule == "pii.id_card");
    let loc = id.map(|f| (f.location.line, f.location.column));
    assert_eq!(loc, Some((Some(2), Some(13))));
    Ok(())
}

#[test]
fn fingerprints_differ_per_occurrence_and_repeat_per_run() -> Result<(), EngineError> {
    let text = "手机13800138000，又见13800138000";
    let a = scan_str(&engine()?, "p", text);
    let b = scan_str(&engine()?, "p", text);
    assert_eq!(a.len(), 2);
    assert_ne!(a[0].fingerprint, a[1].fingerprint);
    assert_eq!(a[0].fingerprint, b[0].fingerprint);
    assert_eq!(a[0].fingerprint.len(), 32);
    Ok(())
}

#[test]
fn fingerprint_does_not_leak() -> Result<(), EngineError> {
    // Same masked form, different hidden digits: same fingerprint (first occurrence of
    // each in its own file), so the fingerprint carries nothing the mask hides.
    let a = scan_str(&engine()?, "p", "手机13912345678");
    let b = scan_str(&engine()?, "p", "手机13900005678");
    assert_eq!(a.len(), 1);
    assert_eq!(a[0].masked, b[0].masked);
    assert_eq!(a[0].fingerprint, b[0].fingerprint);
    Ok(())
}
