//! Broken and hostile packages: errors with a reason and no value in it, never a panic.

use super::fixture::{package, parts, plan, HIDDEN_ID, PHONE, WORKBOOK};
use super::TestResult;
use crate::redact::xlsx::redact_xlsx;
use crate::redact::{FormatOptions, RedactError};

#[test]
fn broken_and_hostile_packages_are_errors() -> TestResult {
    let good = package(&parts())?;
    let opts = FormatOptions::default();
    for cut in [0, 10, good.len() / 2, good.len() - 10] {
        let r = redact_xlsx(good.get(..cut).unwrap_or_default(), &plan(), &opts);
        assert!(matches!(r, Err(RedactError::Malformed(_))), "cut {cut}");
    }
    let mut bad = parts();
    bad.retain(|(n, _)| *n != "xl/sharedStrings.xml");
    bad.push((
        "xl/sharedStrings.xml",
        "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><sst><si><t>&a;</t></si></sst>",
    ));
    let r = redact_xlsx(&package(&bad)?, &plan(), &opts);
    assert!(
        matches!(&r, Err(RedactError::Malformed(m)) if m.contains("DTD")),
        "{r:?}"
    );
    let mut bad = parts();
    bad.retain(|(n, _)| *n != "xl/worksheets/sheet1.xml");
    bad.push((
        "xl/worksheets/sheet1.xml",
        "<worksheet><sheetData><row><c><v>13800138000</v></row>",
    ));
    let r = redact_xlsx(&package(&bad)?, &plan(), &opts);
    match &r {
        Err(RedactError::Malformed(m)) => assert!(!m.contains(PHONE), "{m}"),
        other => panic!("{other:?}"),
    }
    let r = redact_xlsx(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1rest", &plan(), &opts);
    assert!(matches!(r, Err(RedactError::Unsupported(_))));
    // Every sheet hidden: nothing would be left.
    let mut all_hidden = parts();
    all_hidden.retain(|(n, _)| *n != "xl/workbook.xml");
    let wb = WORKBOOK
        .replace(r#"r:id="rId1""#, r#"state="veryHidden" r:id="rId1""#)
        .replace(
            r#"name="汇总" sheetId="3""#,
            r#"name="汇总" sheetId="3" state="hidden""#,
        );
    all_hidden.push(("xl/workbook.xml", &wb));
    let r = redact_xlsx(&package(&all_hidden)?, &plan(), &opts);
    assert!(matches!(r, Err(RedactError::Unsupported(_))), "{r:?}");
    Ok(())
}

/// Every part cut short or with bytes overwritten: an error or a rewrite, never a panic,
/// and never a value in an error message.
#[test]
fn damaged_parts_never_panic() -> TestResult {
    let base = parts();
    let mut seed: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move |n: usize| {
        seed = seed
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        usize::try_from(seed >> 33).unwrap_or(0) % n.max(1)
    };
    let junk: &[&[u8]] = &[
        b"<",
        b">",
        b"&",
        b"&#0;",
        b"\"",
        b"<x>",
        b"</c>",
        b"_x0",
        b"\xC3",
        b"<![CDATA[",
    ];
    for (i, (name, body)) in base.iter().enumerate() {
        for round in 0..24 {
            let mut bytes = body.as_bytes().to_vec();
            if round % 2 == 0 {
                bytes.truncate(next(bytes.len() + 1));
            } else {
                for _ in 0..3 {
                    let at = next(bytes.len() + 1);
                    let j = junk.get(next(junk.len())).copied().unwrap_or_default();
                    bytes.splice(at..at, j.iter().copied());
                }
            }
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut p: Vec<(&str, &str)> = base.clone();
            if let Some(slot) = p.get_mut(i) {
                *slot = (name, text.as_str());
            }
            match redact_xlsx(&package(&p)?, &plan(), &FormatOptions::default()) {
                Ok(_) => {}
                Err(RedactError::Malformed(m) | RedactError::Unsupported(m)) => {
                    assert!(!m.contains(PHONE) && !m.contains(HIDDEN_ID), "{m}")
                }
            }
        }
    }
    Ok(())
}
