//! The docx rewriter on documents not built by hand: a generated roster, and the zoo's Word
//! files (skipped when the zoo is absent) with their findings and with ordinary words as
//! values, so every story of a real file is rewritten.

use std::path::{Path, PathBuf};

use baomi::extract::{extract, Budget, Ctx, Format, Limits, Part};
use baomi::finding::Severity;
use baomi::redact::{HiddenChannels, Plan};
use baomi::scan::{scan_bytes, Outcome, ScanOptions};
use baomi::synth::{id_number, mobile, Rng};
use baomi::synth_docs;

use super::{engine, plan_of, python_docx, redact, serious, stars, TestResult};

#[test]
fn redact_docx_a_generated_roster_rescans_clean() -> TestResult {
    let mut rng = Rng::new(11);
    let mut rows = vec![["序号", "姓名", "身份证号", "联系电话"]
        .map(String::from)
        .to_vec()];
    let names = ["王建国", "刘德明", "陈晓燕", "赵志强", "杨秀英"];
    for (i, name) in names.iter().enumerate() {
        rows.push(vec![
            (i + 1).to_string(),
            name.to_string(),
            id_number(&mut rng),
            mobile(&mut rng),
        ]);
    }
    let paragraphs = vec![format!("联系人：陈晓燕，手机{}。", mobile(&mut rng))];
    let input = synth_docs::docx(&paragraphs, &rows);
    let engine = engine()?;
    let before = scan_bytes(&engine, "名单.docx", &input, ScanOptions::default());
    assert!(serious(&before).len() >= 15, "{}", serious(&before).len());
    let out = redact(&input, &plan_of(&before), HiddenChannels::Remove)?;
    let after = scan_bytes(&engine, "名单.docx", &out.bytes, ScanOptions::default());
    let left: Vec<String> = serious(&after)
        .iter()
        .map(|f| format!("{:?} {}", f.kind, f.masked))
        .collect();
    assert!(left.is_empty(), "left after redaction: {left:?}");
    let Some(cells) = python_docx(&out.bytes, "print(d.tables[0].rows[3].cells[1].text)")? else {
        return Ok(());
    };
    assert_eq!(cells.trim(), "陈**");
    Ok(())
}

fn zoo_dir() -> Option<PathBuf> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let candidates = [
        std::env::var_os("BAOMI_ZOO").map(PathBuf::from),
        Some(root.join("../shared/zoo")),
        // A worktree one level further down (`…/wt/NAME`).
        Some(root.join("../../shared/zoo")),
    ];
    candidates
        .into_iter()
        .flatten()
        .find(|d| d.join("docx").is_dir())
}

/// The segments the extractor reads from a package (properties aside: they are cleared,
/// not masked), as text.
fn segments(bytes: &[u8]) -> Result<Vec<String>, Box<dyn std::error::Error>> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.docx",
        encoding: None,
    };
    let doc = extract(bytes, Format::Zip, &ctx)?;
    Ok(doc
        .segments
        .iter()
        .filter(|s| s.loc.part != Part::Metadata)
        .map(|s| doc.text.get(s.start..s.end).unwrap_or("").to_string())
        .collect())
}

/// A plan of ordinary words of a document (every other word of four letters or more), to
/// exercise the rewriter where the scanner finds nothing.
fn word_plan(segments: &[String]) -> Plan {
    let words: Vec<String> = segments
        .iter()
        .flat_map(|s| s.split(|c: char| !c.is_alphabetic()))
        .filter(|w| w.chars().count() >= 4)
        .map(str::to_string)
        .step_by(2)
        .take(80)
        .collect();
    Plan::new(words.into_iter().map(|w| {
        let first: String = w.chars().take(1).collect();
        let mask = format!("{first}{}", stars(w.chars().count() - 1));
        (w, mask)
    }))
}

#[test]
fn redact_docx_zoo_files_rewrite_and_rescan_clean() -> TestResult {
    let Some(zoo) = zoo_dir() else {
        eprintln!("SKIP zoo absent: the zoo's Word files were not rewritten");
        return Ok(());
    };
    let engine = engine()?;
    let mut files: Vec<PathBuf> = std::fs::read_dir(zoo.join("docx"))?
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()?;
    files.sort();
    assert!(!files.is_empty());
    for path in files {
        let name = path.display().to_string();
        let bytes = std::fs::read(&path)?;
        let before = scan_bytes(&engine, &name, &bytes, ScanOptions::default());
        let plan = plan_of(&before);
        for hidden in [HiddenChannels::Remove, HiddenChannels::Mask] {
            let out = redact(&bytes, &plan, hidden).map_err(|e| format!("{name}: {e}"))?;
            let after = scan_bytes(&engine, &name, &out.bytes, ScanOptions::default());
            assert!(
                matches!(after.outcome, Outcome::Scanned { .. }),
                "{name}: {:?}",
                after.outcome
            );
            // Embedded files are members the rewriter does not enter: only the document's
            // own findings must be gone.
            let own: Vec<String> = match &after.outcome {
                Outcome::Scanned { findings, .. } => findings
                    .iter()
                    .filter(|f| f.severity >= Severity::Low)
                    .map(|f| format!("{:?} {} {:?}", f.kind, f.masked, f.location.part))
                    .collect(),
                _ => Vec::new(),
            };
            assert!(own.is_empty(), "{name} ({hidden:?}): left {own:?}");
        }
        // Words as values: with hidden channels kept, every segment the scanner reads is
        // the original with the plan applied, no more, no less.
        let original = segments(&bytes)?;
        let words = word_plan(&original);
        let out = redact(&bytes, &words, HiddenChannels::Mask)?;
        let expected: Vec<String> = original
            .iter()
            .map(|s| words.apply(s).unwrap_or_else(|| s.clone()))
            .collect();
        assert_eq!(segments(&out.bytes)?, expected, "{name}");
        let out = redact(&bytes, &words, HiddenChannels::Remove)?;
        for s in segments(&out.bytes)? {
            assert!(!words.touches(&s), "{name}: a word left in {s:?}");
        }
        python_docx(&out.bytes, "print(len(d.paragraphs))")?;
    }
    Ok(())
}
