//! `redact_xlsx` end to end: a 低保名单 workbook built with rust_xlsxwriter (IDs as text,
//! as a number and split over two formatted runs, mobiles as text and as numbers, a hidden
//! sheet, a hidden row and column, a note, an author), its findings turned into a plan,
//! rewritten, and the copy checked with the scanner (clean at `low`), the extractor (every
//! cell the same text, masked where it held a value), calamine and openpyxl (opens, values,
//! sheet order), and the package itself (untouched members byte for byte). Zoo workbooks
//! (`../shared/zoo/xlsx`) are rewritten too when present.

use std::collections::{BTreeMap, HashMap};
use std::io::{Cursor, Read};
use std::path::PathBuf;

use baomi::extract::document::{Document, Part};
use baomi::extract::limits::{Budget, Limits};
use baomi::extract::{sheet, Ctx};
use baomi::finding::Finding;
use baomi::redact::xlsx::redact_xlsx;
use baomi::redact::{FormatOptions, HiddenChannels, Plan, RedactError, Redacted};
use baomi::scan::{scan_bytes, Outcome, ScanOptions};
use baomi::{Kind, Severity};
use calamine::{Data, Reader, Xlsx};
use rust_xlsxwriter::{DocProperties, Format, Note, Workbook, XlsxError};

type TestResult = Result<(), Box<dyn std::error::Error>>;

const ID_TEXT: &str = "11010519491231002X";
const ID_RICH: &str = "440308199901101512";
const ID_HIDDEN_ROW: &str = "320106197802034561";
const ID_HIDDEN_COL: &str = "110101199003074514";
const ID_HIDDEN_SHEET: &str = "430102196209278907";
const MOBILE_TEXT: &str = "13800138000";
const MOBILE_NUMBER: f64 = 13_912_345_678.0;
const MOBILE_NOTE: &str = "18612345678";

/// The test workbook: 低保名单 (visible), 原始数据 (hidden), 说明 (visible).
fn workbook() -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let plain = Format::new();
    let red = Format::new().set_font_color("#FF0000");
    let ws = wb.add_worksheet().set_name("低保名单")?;
    ws.write_string(0, 0, "2024年低保发放名单")?;
    for (c, h) in ["姓名", "身份证号", "联系电话", "住址", "备注", "备用证件号"]
        .iter()
        .enumerate()
    {
        ws.write_string(1, c as u16, *h)?;
    }
    ws.write_string(2, 0, "张伟")?;
    ws.write_string(2, 1, ID_TEXT)?;
    ws.write_string(2, 2, MOBILE_TEXT)?;
    ws.write_string(2, 3, "北京市朝阳区建国路88号院3号楼502室")?;
    ws.write_string(2, 4, "已核实")?;
    ws.write_string(2, 5, ID_HIDDEN_COL)?;
    ws.write_string(3, 0, "王芳")?;
    // The ID over two runs with different fonts.
    ws.write_rich_string(3, 1, &[(&bold, "440308"), (&red, "199901101512")])?;
    ws.write_number(3, 2, MOBILE_NUMBER)?;
    ws.write_string(3, 4, "无")?;
    // Hidden row 5 (index 4).
    ws.write_string(4, 0, "刘洋")?;
    ws.write_string(4, 1, ID_HIDDEN_ROW)?;
    ws.write_string(4, 4, "隐藏行")?;
    ws.set_row_hidden(4)?;
    // An ID typed as a number (Excel keeps 15 significant digits).
    ws.write_string(5, 0, "陈静")?;
    ws.write_number(5, 1, 4.30102198001011e17)?;
    ws.write_string(5, 4, "号码以数字存储")?;
    ws.write_rich_string(6, 4, &[(&plain, "合计"), (&bold, "4户")])?;
    ws.set_column_hidden(5)?;
    ws.insert_note(
        2,
        2,
        &Note::new(format!("联系电话：{MOBILE_NOTE}")).set_author("审核员"),
    )?;
    let hidden = wb.add_worksheet().set_name("原始数据")?;
    hidden.write_string(0, 0, "姓名")?;
    hidden.write_string(0, 1, "身份证号")?;
    hidden.write_string(1, 0, "赵磊")?;
    hidden.write_string(1, 1, ID_HIDDEN_SHEET)?;
    hidden.set_hidden(true);
    let notes = wb.add_worksheet().set_name("说明")?;
    notes.write_string(0, 0, "本表经脱敏后公开。")?;
    notes.write_number(1, 0, 42.0)?;
    wb.set_properties(
        &DocProperties::new()
            .set_author("张三丰")
            .set_company("某某街道办事处")
            .set_title("低保名单"),
    );
    wb.save_to_buffer()
}

fn engine() -> Result<baomi::Engine, Box<dyn std::error::Error>> {
    Ok(baomi::engine::Engine::new(
        &baomi::ruleset::RuleSet::base()?
    )?)
}

fn findings(engine: &baomi::Engine, name: &str, bytes: &[u8]) -> Result<Vec<Finding>, String> {
    let r = scan_bytes(engine, name, bytes, ScanOptions::default());
    match r.outcome {
        Outcome::Scanned { findings, .. } => Ok(findings),
        other => Err(format!("{name}: not scanned: {other:?}")),
    }
}

/// The test masks (the real per-kind masks live elsewhere): IDs keep 6 + 4, mobiles 3 + 4,
/// names their surname, anything else its first character.
fn mask(kind: Kind, value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let n = chars.len();
    let (head, tail) = match kind {
        Kind::IdCard if n > 10 => (6, 4),
        Kind::MobilePhone if n > 7 => (3, 4),
        _ => (1.min(n), 0),
    };
    chars
        .iter()
        .enumerate()
        .map(|(i, c)| if i < head || i + tail >= n { *c } else { '*' })
        .collect()
}

fn plan_for(fs: &[Finding]) -> Plan {
    Plan::new(
        fs.iter()
            .filter(|f| f.severity >= Severity::Low)
            .map(|f| (f.value.expose().clone(), mask(f.kind, f.value.expose()))),
    )
}

fn leftovers(fs: &[Finding]) -> Vec<String> {
    fs.iter()
        .filter(|f| f.severity >= Severity::Low)
        .map(|f| format!("{:?} {} at {}", f.kind, f.masked, f.location))
        .collect()
}

fn extract(bytes: &[u8]) -> Result<Document, Box<dyn std::error::Error>> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.xlsx",
        encoding: None,
    };
    Ok(sheet::extract_ooxml(bytes, &ctx)?)
}

/// (sheet, cell) → (text, part) of every cell segment.
fn cells(doc: &Document) -> BTreeMap<(String, String), (String, Part)> {
    doc.segments
        .iter()
        .filter_map(|s| {
            let key = (s.loc.sheet.clone()?, s.loc.cell.clone()?);
            let text = doc.text.get(s.start..s.end)?.to_string();
            (s.loc.part != Part::Comment).then_some((key, (text, s.loc.part)))
        })
        .collect()
}

/// A zip member: name, content, raw (compressed) bytes.
type Member = (String, Vec<u8>, Vec<u8>);

fn members(bytes: &[u8]) -> Result<Vec<Member>, Box<dyn std::error::Error>> {
    let mut z = zip::ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let (mut data, mut raw) = (Vec::new(), Vec::new());
        let name = {
            let mut f = z.by_index(i)?;
            f.read_to_end(&mut data)?;
            f.name()?.into_owned()
        };
        z.by_index_raw(i)?.read_to_end(&mut raw)?;
        out.push((name, data, raw));
    }
    Ok(out)
}

struct Run {
    input: Vec<u8>,
    plan: Plan,
    out: Redacted,
}

fn run(hidden: HiddenChannels) -> Result<Run, Box<dyn std::error::Error>> {
    let input = workbook()?;
    let engine = engine()?;
    let fs = findings(&engine, "名单.xlsx", &input)?;
    let plan = plan_for(&fs);
    // The workbook must exercise what it is built for.
    for v in [
        ID_TEXT,
        ID_RICH,
        ID_HIDDEN_ROW,
        ID_HIDDEN_COL,
        ID_HIDDEN_SHEET,
        MOBILE_TEXT,
    ] {
        assert!(
            fs.iter().any(|f| f.value.expose() == v),
            "{v} not found: {:?}",
            leftovers(&fs)
        );
    }
    assert!(fs.iter().any(|f| f.value.expose() == "13912345678"));
    assert!(fs.iter().any(|f| f.value.expose() == MOBILE_NOTE));
    let out = redact_xlsx(&input, &plan, &FormatOptions { hidden })?;
    let again = findings(&engine, "名单.xlsx", &out.bytes)?;
    assert!(
        leftovers(&again).is_empty(),
        "{hidden:?}: left after redaction:\n{}",
        leftovers(&again).join("\n")
    );
    Ok(Run { input, plan, out })
}

#[test]
fn redact_xlsx_remove_mode_rescans_clean_and_drops_hidden_channels() -> TestResult {
    let Run { input, plan, out } = run(HiddenChannels::Remove)?;
    assert_eq!(
        &out.actions[..3],
        [
            "删除隐藏工作表「原始数据」",
            "删除批注 1 条",
            "清空隐藏行 1 行"
        ]
    );
    assert!(
        out.actions.contains(&"清空隐藏列 1 列".to_string()),
        "{:?}",
        out.actions
    );
    assert!(out.actions.contains(&"清除文档属性".to_string()));
    assert!(out.replaced >= 8, "{}", out.replaced);
    let (before, after) = (cells(&extract(&input)?), cells(&extract(&out.bytes)?));
    for ((sheet, cell), (text, part)) in &before {
        let key = (sheet.clone(), cell.clone());
        let now = after.get(&key).map(|(t, _)| t.as_str());
        match part {
            Part::HiddenSheet | Part::HiddenRow | Part::HiddenColumn => {
                assert_eq!(now, None, "{sheet}!{cell} ({part:?}) kept")
            }
            _ => {
                let want = plan.apply(text).unwrap_or_else(|| text.clone());
                assert_eq!(now, Some(want.as_str()), "{sheet}!{cell}");
            }
        }
    }
    let doc = extract(&out.bytes)?;
    assert!(!doc.segments.iter().any(|s| s.loc.part == Part::Comment));
    assert!(!doc.text.contains("张三丰") && !doc.text.contains("某某街道办事处"));
    calamine_check(&input, &out.bytes, &plan, true)?;
    package_check(&input, &out.bytes, true)?;
    openpyxl_check(&out.bytes, &["低保名单", "说明"], true)?;
    Ok(())
}

#[test]
fn redact_xlsx_mask_mode_keeps_hidden_channels_masked() -> TestResult {
    let Run { input, plan, out } = run(HiddenChannels::Mask)?;
    assert!(!out
        .actions
        .iter()
        .any(|a| a.contains("隐藏") || a.contains("批注")));
    let (before, after) = (cells(&extract(&input)?), cells(&extract(&out.bytes)?));
    for ((sheet, cell), (text, part)) in &before {
        let want = plan.apply(text).unwrap_or_else(|| text.clone());
        let now = after.get(&(sheet.clone(), cell.clone()));
        assert_eq!(now, Some(&(want, *part)), "{sheet}!{cell}");
    }
    let doc = extract(&out.bytes)?;
    let comment = doc
        .segments
        .iter()
        .find(|s| s.loc.part == Part::Comment)
        .and_then(|s| doc.text.get(s.start..s.end))
        .ok_or("comment gone")?;
    // rust_xlsxwriter writes the author as a first bold run.
    assert_eq!(comment, "审核员:\n联系电话：186****5678");
    assert!(
        doc.text.contains("430102********8907"),
        "hidden sheet not masked"
    );
    calamine_check(&input, &out.bytes, &plan, false)?;
    package_check(&input, &out.bytes, false)?;
    openpyxl_check(&out.bytes, &["低保名单", "原始数据", "说明"], false)?;
    Ok(())
}

/// calamine reads the copy: same sheets (less the hidden one when removed), every cell
/// without a value equal to the input's, the others strings holding masks.
fn calamine_check(input: &[u8], output: &[u8], plan: &Plan, removed: bool) -> TestResult {
    let mut a: Xlsx<_> = Xlsx::new(Cursor::new(input))?;
    let mut b: Xlsx<_> = Xlsx::new(Cursor::new(output))?;
    let names_a = a.sheet_names();
    let names_b = b.sheet_names();
    let want: Vec<String> = names_a
        .iter()
        .filter(|n| !(removed && n.as_str() == "原始数据"))
        .cloned()
        .collect();
    assert_eq!(names_b, want);
    for name in &want {
        let (ra, rb) = (a.worksheet_range(name)?, b.worksheet_range(name)?);
        for (r, c, va) in ra.cells() {
            let (r, c) = (
                r as u32 + ra.start().unwrap_or_default().0,
                c as u32 + ra.start().unwrap_or_default().1,
            );
            let vb = rb.get_value((r, c)).cloned().unwrap_or(Data::Empty);
            let hidden = removed && name == "低保名单" && (r == 4 || c == 5);
            match va {
                Data::Empty => {}
                _ if hidden => assert_eq!(vb, Data::Empty, "{name} ({r},{c})"),
                Data::String(s) if plan.touches(s) => {
                    assert_eq!(vb, Data::String(plan.apply(s).unwrap_or_default()))
                }
                Data::Float(f) if *f > 1e10 => {
                    let Data::String(s) = &vb else {
                        panic!("{name} ({r},{c}): {vb:?}")
                    };
                    assert!(s.contains("****") && !plan.touches(s), "{s}");
                }
                _ => assert_eq!(&vb, va, "{name} ({r},{c})"),
            }
        }
    }
    Ok(())
}

/// Untouched members are raw copies; styles unchanged; removed parts gone.
fn package_check(input: &[u8], output: &[u8], removed: bool) -> TestResult {
    let before: HashMap<String, Member> = members(input)?
        .into_iter()
        .map(|m| (m.0.clone(), m))
        .collect();
    let after: HashMap<String, Member> = members(output)?
        .into_iter()
        .map(|m| (m.0.clone(), m))
        .collect();
    for (name, (_, data, raw)) in &after {
        let (_, d0, r0) = before.get(name).ok_or_else(|| format!("{name} new"))?;
        if d0 == data {
            assert_eq!(r0, raw, "{name}: same content, not a raw copy");
        }
    }
    let styles = |m: &HashMap<String, Member>| m.get("xl/styles.xml").map(|x| x.2.clone());
    assert!(styles(&after).is_some());
    assert_eq!(styles(&before), styles(&after));
    let core = after
        .get("docProps/core.xml")
        .map(|x| String::from_utf8_lossy(&x.1).into_owned())
        .unwrap_or_default();
    assert!(
        core.contains("<dc:creator></dc:creator>") && !core.contains("低保名单"),
        "{core}"
    );
    let has_comments = after.keys().any(|n| n.starts_with("xl/comments"));
    assert_eq!(has_comments, !removed);
    assert_eq!(after.contains_key("xl/worksheets/sheet2.xml"), !removed);
    Ok(())
}

/// openpyxl (when Python has it) opens the copy: sheet names in order, masked values, the
/// note gone or masked.
fn openpyxl_check(output: &[u8], sheets: &[&str], removed: bool) -> TestResult {
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("out.xlsx");
    std::fs::write(&path, output)?;
    let script = r#"
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
print("|".join(wb.sheetnames))
ws = wb["低保名单"]
print(ws["B3"].value, ws["C3"].value, ws["B4"].value, ws["C4"].value, ws["B6"].value, ws["B5"].value, ws["F3"].value, sep="|")
print(repr(ws["C3"].comment.text) if ws["C3"].comment else None)
print(wb.properties.creator)
"#;
    let out = std::process::Command::new("python3")
        .args(["-c", script])
        .arg(&path)
        .output();
    let out = match out {
        Ok(o) if o.status.success() => String::from_utf8_lossy(&o.stdout).into_owned(),
        Ok(o) if String::from_utf8_lossy(&o.stderr).contains("No module named") => {
            eprintln!("redact_xlsx: openpyxl not installed, second reader skipped");
            return Ok(());
        }
        Ok(o) => return Err(format!("openpyxl: {}", String::from_utf8_lossy(&o.stderr)).into()),
        Err(e) => {
            eprintln!("redact_xlsx: no python3 ({e}), second reader skipped");
            return Ok(());
        }
    };
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(
        lines.first().copied(),
        Some(sheets.join("|").as_str()),
        "{out}"
    );
    let hidden_cells = if removed {
        "None|None".to_string()
    } else {
        "320106********4561|110101********4514".to_string()
    };
    let values = format!(
        "110105********002X|138****8000|440308********1512|139****5678|430102********1000|{hidden_cells}"
    );
    assert_eq!(lines.get(1).copied(), Some(values.as_str()), "{out}");
    let note = if removed {
        "None"
    } else {
        "'审核员:\\n联系电话：186****5678'"
    };
    assert_eq!(lines.get(2).copied(), Some(note), "{out}");
    assert_eq!(lines.get(3).copied(), Some("None"), "{out}");
    Ok(())
}

#[test]
fn redact_xlsx_corrupt_input_is_malformed_not_a_panic() -> TestResult {
    let good = workbook()?;
    let plan = Plan::new([(ID_TEXT.to_string(), "x".to_string())]);
    let opts = FormatOptions::default();
    for cut in [
        0,
        4,
        100,
        good.len() / 3,
        good.len() / 2,
        good.len() - 22,
        good.len() - 1,
    ] {
        let r = redact_xlsx(good.get(..cut).unwrap_or_default(), &plan, &opts);
        assert!(
            matches!(r, Err(RedactError::Malformed(_))),
            "cut at {cut}: {r:?}"
        );
    }
    // Flipped bytes inside deflated data: an error or a rewrite, never a panic.
    for at in (200..good.len()).step_by(397) {
        let mut bad = good.clone();
        if let Some(b) = bad.get_mut(at) {
            *b ^= 0x5A;
        }
        let _ = redact_xlsx(&bad, &plan, &opts);
    }
    Ok(())
}

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
            .filter(|p| p.extension().is_some_and(|e| e == "xlsx"))
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
