//! Hostile and odd text inputs (random bytes, invalid UTF-8, huge lines, degenerate
//! repetitions): never a crash, every input accounted for, known outcomes exact.

use crate::common::{scan_jsonl, FILLER, ID_A, MIB, MOBILE_A};
use crate::harness::Sandbox;

/// Deterministic pseudo-random bytes (xorshift).
fn noise(len: usize, seed: u64, allow_nul: bool) -> Vec<u8> {
    let mut x = seed;
    let mut out = Vec::with_capacity(len);
    while out.len() < len {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        let b = (x >> 24) as u8;
        if allow_nul || b != 0 {
            out.push(b);
        }
    }
    out
}

struct Hostile {
    name: &'static str,
    bytes: Vec<u8>,
    /// Findings (kind, text revealed, line, column) at `low`+, when the outcome is known.
    want: Option<Vec<(&'static str, String, u64, u64)>>,
}

fn hostile_inputs() -> Vec<Hostile> {
    let mut mixed = format!("前文身份证号：{ID_A}\n").into_bytes();
    mixed.extend_from_slice(b"\xff\xfe\xc3(\x80\xed\xa0\x80\n");
    mixed.extend_from_slice(format!("后文手机：{MOBILE_A}\n").as_bytes());
    let long_unit = "关于";
    let repeats = 5 * MIB / long_unit.len();
    let mut single_line = long_unit.repeat(repeats);
    single_line.push_str("身份证号：");
    single_line.push_str(ID_A);
    let id_col = (repeats * 2 + 6) as u64;
    vec![
        Hostile {
            name: "empty",
            bytes: Vec::new(),
            want: Some(vec![]),
        },
        Hostile {
            name: "random_bytes",
            bytes: noise(256 * 1024, 0x9E37_79B9, true),
            want: None,
        },
        Hostile {
            name: "random_bytes_without_nul",
            bytes: noise(256 * 1024, 0xDEAD_BEEF, false),
            want: None,
        },
        Hostile {
            name: "invalid_utf8_in_middle",
            bytes: mixed,
            want: None,
        },
        Hostile {
            name: "single_line_5mb",
            bytes: single_line.into_bytes(),
            want: Some(vec![("id_card", ID_A.to_string(), 1, id_col)]),
        },
        Hostile {
            name: "only_digits",
            bytes: "1234567890".repeat(100_000).into_bytes(),
            want: Some(vec![]),
        },
        Hostile {
            name: "only_newlines",
            bytes: vec![b'\n'; 100_000],
            want: Some(vec![]),
        },
        Hostile {
            name: "only_stars",
            bytes: vec![b'*'; 1_000_000],
            want: Some(vec![]),
        },
        Hostile {
            name: "bom_only",
            bytes: vec![0xEF, 0xBB, 0xBF],
            want: Some(vec![]),
        },
        Hostile {
            name: "utf16le_odd_length",
            bytes: vec![0xFF, 0xFE, b'a', 0, b'b'],
            want: Some(vec![]),
        },
        Hostile {
            name: "utf16le_lone_surrogate",
            bytes: vec![0xFF, 0xFE, 0x00, 0xD8, b'A', 0, b'\n', 0],
            want: Some(vec![]),
        },
        Hostile {
            name: "nul_inside_text",
            bytes: format!("身份证号：\0{ID_A}\n").into_bytes(),
            want: None,
        },
        Hostile {
            name: "cr_only_line_endings",
            bytes: format!("第一行\r第二行\r身份证号：{ID_A}\r").into_bytes(),
            want: None,
        },
        Hostile {
            name: "digit_groups",
            bytes: "1234 ".repeat(200_000).into_bytes(),
            want: None,
        },
        Hostile {
            name: "separators_only",
            bytes: "-- ++ () ·· ".repeat(50_000).into_bytes(),
            want: Some(vec![]),
        },
        Hostile {
            name: "fullwidth_digits",
            bytes: "４３０１０２".repeat(100_000).into_bytes(),
            want: Some(vec![]),
        },
        Hostile {
            name: "at_signs",
            bytes: "@a@b.c@@".repeat(100_000).into_bytes(),
            want: None,
        },
        Hostile {
            name: "marks_spam",
            bytes: "机密★".repeat(5_000).into_bytes(),
            want: None,
        },
    ]
}

#[test]
fn hostile_000_never_crash_and_account_for_every_input() {
    let sandbox = Sandbox::new();
    let mut failures = Vec::new();
    for case in hostile_inputs() {
        let file = sandbox.write(&format!("{}.txt", case.name), &case.bytes);
        let out = scan_jsonl(&sandbox, &[&file], &["--reveal"]);
        let mut fail = |why: String| failures.push(format!("{}: {why}\n{}", case.name, out.dump()));
        if let Some(problem) = out.single_input_problem() {
            fail(problem);
            continue;
        }
        let s = out.summary_typed();
        let errors = out.errors();
        if s.scanned == 0 && (errors.len() != 1 || errors[0].path != file) {
            fail(format!("not scanned and no error record: {errors:?}"));
        }
        if errors.iter().any(|e| e.error.contains("internal error")) {
            fail(format!("caught panic: {errors:?}"));
        }
        if let Some(want) = &case.want {
            let got = out.located_reportable();
            let want: Vec<(String, String, u64, u64)> = want
                .iter()
                .map(|(k, t, l, c)| (k.to_string(), t.clone(), *l, *c))
                .collect();
            if s.scanned != 1 || got != want {
                fail(format!(
                    "scanned {} findings {got:?}, want {want:?}",
                    s.scanned
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn hostile_010_invalid_utf8_after_the_sniffed_head_is_replaced() {
    let sandbox = Sandbox::new();
    let mut bytes = FILLER.repeat(1000).into_bytes();
    bytes.extend_from_slice(b"\xff\xc3(\n");
    bytes.extend_from_slice(format!("机密★5年\n申请人身份证号：{ID_A}\n").as_bytes());
    let file = sandbox.write("late_invalid.txt", &bytes);
    let got = scan_jsonl(&sandbox, &[&file], &[]).kinds_at();
    assert_eq!(
        got,
        vec![
            ("classification_mark".to_string(), 1002, 1),
            ("id_card".to_string(), 1003, 9),
        ]
    );
}
