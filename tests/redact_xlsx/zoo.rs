//! Zoo workbooks (`../shared/zoo` or `$BAOMI_ZOO`, skipped when absent): rewritten with
//! plans from their findings and with their own text as values; hostile ones refused.

use std::io::Cursor;
use std::path::PathBuf;

use baomi::extract::document::Part;
use baomi::redact::xlsx::redact_xlsx;
use baomi::redact::{FormatOptions, HiddenChannels, Plan};
use baomi::Severity;
use calamine::{Reader, Xlsx};

use super::{dump, engine, extract, findings, plan_for, TestResult};

fn zoo() -> Option<PathBuf> {
    let dir = std::env::var_os("BAOMI_ZOO")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/zoo"));
    let dir = if dir.is_dir() {
        dir
    } else {
        PathBuf::from("/work/shared/zoo")
    };
    dir.is_dir().then_some(dir)
}

#[test]
fn redact_xlsx_zoo_workbooks_rescan_clean() -> TestResult {
    let Some(zoo) = zoo() else {
        eprintln!("note: zoo not found: zoo redaction skipped");
        return Ok(());
    };
    let engine = engine()?;
    let mut seen = 0;
    for dir in ["xlsx", "hostile"] {
        let Ok(entries) = std::fs::read_dir(zoo.join(dir)) else {
            continue;
        };
        let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
        paths.sort();
        for path in paths
            .iter()
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx" || e == "xlsb"))
        {
            let name = path.display().to_string();
            let bytes = std::fs::read(path)?;
            let fs = findings(&engine, &name, &bytes).unwrap_or_default();
            let plan = plan_for(&fs);
            for hidden in [HiddenChannels::Remove, HiddenChannels::Mask] {
                let out = match redact_xlsx(&bytes, &plan, &FormatOptions { hidden }) {
                    Ok(out) => out,
                    Err(e) => {
                        // Hostile files (bomb, encrypted) must be refused, not rewritten.
                        assert_eq!(dir, "hostile", "{name}: {e}");
                        continue;
                    }
                };
                assert_ne!(dir, "hostile", "{name}: a hostile file was rewritten");
                seen += 1;
                let again = findings(&engine, &name, &out.bytes)?;
                // Findings inside embedded objects (xl/embeddings/) are not rewritten here:
                // the caller's rescan reports them for a manual review.
                let left: Vec<String> = again
                    .iter()
                    .filter(|f| f.severity >= Severity::Low && !f.path.contains("!/"))
                    .map(|f| format!("{:?} {} at {}", f.kind, f.masked, f.location))
                    .collect();
                assert!(left.is_empty(), "{name} {hidden:?}: {}", left.join("\n"));
                let embedded = again.iter().filter(|f| f.severity >= Severity::Low).count();
                eprintln!(
                    "redact_xlsx: {name} {hidden:?}: {} values planned, {} replaced, {:?}, {embedded} left in embedded objects",
                    plan.len(),
                    out.replaced,
                    out.actions
                );
                let mut x: Xlsx<_> = Xlsx::new(Cursor::new(out.bytes.as_slice()))?;
                for s in x.sheet_names() {
                    x.worksheet_range(&s)?;
                }
            }
        }
    }
    eprintln!("redact_xlsx: {seen} zoo rewrites checked");
    Ok(())
}

/// Zoo workbooks hold no personal data, so their own text stands in for it: every cell,
/// comment and header text becomes a plan value, and no such value may be left in what the
/// extractor reads from the copy. openpyxl (when there) must open every copy.
#[test]
fn redact_xlsx_zoo_workbooks_with_their_own_text_as_values() -> TestResult {
    let Some(zoo) = zoo() else {
        eprintln!("note: zoo not found: zoo redaction skipped");
        return Ok(());
    };
    let Ok(entries) = std::fs::read_dir(zoo.join("xlsx")) else {
        return Ok(());
    };
    let dir = tempfile::tempdir()?;
    let mut written = Vec::new();
    let mut paths: Vec<PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    for path in paths
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
    {
        let bytes = std::fs::read(path)?;
        let doc = extract(&bytes)?;
        let mut values: Vec<String> = Vec::new();
        for s in &doc.segments {
            let text = doc.text.get(s.start..s.end).unwrap_or_default().trim();
            if s.loc.cell.is_some() || s.loc.part == Part::Comment {
                values.push(text.to_string());
            } else if matches!(s.loc.part, Part::Header | Part::Footer) {
                // A header's sections are joined by the extractor; its words are not.
                values.extend(text.split_whitespace().map(str::to_string));
            }
        }
        values.retain(|v| v.chars().count() >= 3);
        let plan = Plan::new(
            values
                .iter()
                .map(|v| (v.clone(), "*".repeat(v.chars().count()))),
        );
        for hidden in [HiddenChannels::Remove, HiddenChannels::Mask] {
            let out = redact_xlsx(&bytes, &plan, &FormatOptions { hidden })?;
            let after = extract(&out.bytes)?;
            for s in after.segments.iter().filter(|s| {
                s.loc.cell.is_some()
                    || matches!(s.loc.part, Part::Comment | Part::Header | Part::Footer)
            }) {
                let text = after.text.get(s.start..s.end).unwrap_or_default();
                assert!(
                    !plan.touches(text),
                    "{} {hidden:?}: value left at {:?} {:?}: {text}",
                    path.display(),
                    s.loc.sheet,
                    s.loc.cell
                );
            }
            let file = dir
                .path()
                .join(format!("{}-{hidden:?}.xlsx", written.len()));
            std::fs::write(&file, &out.bytes)?;
            let stem = path.file_stem().unwrap_or_default().to_string_lossy();
            dump(&format!("{stem}-{hidden:?}"), &bytes, &out.bytes)?;
            written.push(file);
        }
    }
    let script = "import sys, openpyxl\nfor p in sys.argv[1:]:\n    wb = openpyxl.load_workbook(p)\n    [list(ws.values) for ws in wb.worksheets]\nprint('ok', len(sys.argv) - 1)\n";
    match std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(&written)
        .output()
    {
        Ok(o) if o.status.success() => eprintln!(
            "redact_xlsx: openpyxl {}",
            String::from_utf8_lossy(&o.stdout).trim()
        ),
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named") => {
            eprintln!("redact_xlsx: openpyxl not installed, second reader skipped")
        }
        Ok(o) => return Err(format!("openpyxl: {}", String::from_utf8_lossy(&o.stderr)).into()),
        Err(e) => eprintln!("redact_xlsx: no python3 ({e}), second reader skipped"),
    }
    Ok(())
}
