//! `redact_xlsx` end to end: a 低保名单 workbook built with rust_xlsxwriter (IDs as text,
//! as a number and split over two formatted runs, mobiles as text and as numbers, a hidden
//! sheet, a hidden row and column, a note, an author), its findings turned into a plan,
//! rewritten, and the copy checked with the scanner (clean at `low`), the extractor (every
//! cell the same text, masked where it held a value), calamine and openpyxl (opens, values,
//! sheet order), and the package itself (untouched members byte for byte). Zoo workbooks
//! (`../shared/zoo/xlsx`) are rewritten too when present ([`zoo`]); the reader checks are
//! in [`readers`].

mod readers;
mod zoo;

use std::collections::BTreeMap;
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
use calamine::{Reader, Xlsx};
use rust_xlsxwriter::{DocProperties, Format, Note, Workbook, XlsxError};

pub(crate) type TestResult = Result<(), Box<dyn std::error::Error>>;

pub(crate) const ID_TEXT: &str = "11010519491231002X";
pub(crate) const ID_RICH: &str = "440308199901101512";
pub(crate) const ID_HIDDEN_ROW: &str = "320106197802034561";
pub(crate) const ID_HIDDEN_COL: &str = "110101199003074514";
pub(crate) const ID_HIDDEN_SHEET: &str = "430102196209278907";
pub(crate) const MOBILE_TEXT: &str = "13800138000";
pub(crate) const MOBILE_NUMBER: f64 = 13_912_345_678.0;
pub(crate) const MOBILE_NOTE: &str = "18612345678";

/// The test workbook: 低保名单 (visible), 原始数据 (hidden), 说明 (visible).
pub(crate) fn workbook() -> Result<Vec<u8>, XlsxError> {
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

pub(crate) fn engine() -> Result<baomi::Engine, Box<dyn std::error::Error>> {
    Ok(baomi::engine::Engine::new(
        &baomi::ruleset::RuleSet::base()?
    )?)
}

pub(crate) fn findings(
    engine: &baomi::Engine,
    name: &str,
    bytes: &[u8],
) -> Result<Vec<Finding>, String> {
    let r = scan_bytes(engine, name, bytes, ScanOptions::default());
    match r.outcome {
        Outcome::Scanned { findings, .. } => Ok(findings),
        other => Err(format!("{name}: not scanned: {other:?}")),
    }
}

/// The test masks (the real per-kind masks live elsewhere): IDs keep 6 + 4, mobiles 3 + 4,
/// names their surname, anything else its first character.
pub(crate) fn mask(kind: Kind, value: &str) -> String {
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

pub(crate) fn plan_for(fs: &[Finding]) -> Plan {
    Plan::new(
        fs.iter()
            .filter(|f| f.severity >= Severity::Low)
            .map(|f| (f.value.expose().clone(), mask(f.kind, f.value.expose()))),
    )
}

pub(crate) fn leftovers(fs: &[Finding]) -> Vec<String> {
    fs.iter()
        .filter(|f| f.severity >= Severity::Low)
        .map(|f| format!("{:?} {} at {}", f.kind, f.masked, f.location))
        .collect()
}

pub(crate) fn extract(bytes: &[u8]) -> Result<Document, Box<dyn std::error::Error>> {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t.xlsx",
        encoding: None,
    };
    Ok(sheet::extract_ooxml(bytes, &ctx)?)
}

/// (sheet, cell) → (text, part) of every cell segment.
pub(crate) fn cells(doc: &Document) -> BTreeMap<(String, String), (String, Part)> {
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
pub(crate) type Member = (String, Vec<u8>, Vec<u8>);

pub(crate) fn members(bytes: &[u8]) -> Result<Vec<Member>, Box<dyn std::error::Error>> {
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

/// With `BAOMI_REDACT_DUMP=DIR`, keeps each input and its rewrite there, for opening in
/// Excel or WPS by hand (the one check these tests cannot run).
pub(crate) fn dump(stem: &str, input: &[u8], output: &[u8]) -> std::io::Result<()> {
    let Some(dir) = std::env::var_os("BAOMI_REDACT_DUMP").map(PathBuf::from) else {
        return Ok(());
    };
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join(format!("{stem}.in.xlsx")), input)?;
    std::fs::write(dir.join(format!("{stem}.out.xlsx")), output)
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
    dump(&format!("名单-{hidden:?}"), &input, &out.bytes)?;
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
    readers::calamine_check(&input, &out.bytes, &plan, true)?;
    readers::package_check(&input, &out.bytes, true)?;
    readers::openpyxl_check(&out.bytes, &["低保名单", "说明"], true)?;
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
    readers::calamine_check(&input, &out.bytes, &plan, false)?;
    readers::package_check(&input, &out.bytes, false)?;
    readers::openpyxl_check(&out.bytes, &["低保名单", "原始数据", "说明"], false)?;
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

/// The scanner's own xlsx fixture (written by openpyxl: notes, a hidden and a very hidden
/// sheet, custom properties, defined names, a classification mark in the page header):
/// clean at `low` after redaction in both modes, and still read by calamine.
#[test]
fn redact_xlsx_planted_fixture_rescans_clean() -> TestResult {
    let path =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/formats/sheet/planted.xlsx");
    let input = std::fs::read(path)?;
    let engine = engine()?;
    let fs = findings(&engine, "planted.xlsx", &input)?;
    assert!(leftovers(&fs).len() >= 5, "{:?}", leftovers(&fs));
    let plan = plan_for(&fs);
    for hidden in [HiddenChannels::Remove, HiddenChannels::Mask] {
        let out = redact_xlsx(&input, &plan, &FormatOptions { hidden })?;
        dump(&format!("planted-{hidden:?}"), &input, &out.bytes)?;
        let again = findings(&engine, "planted.xlsx", &out.bytes)?;
        assert!(
            leftovers(&again).is_empty(),
            "{hidden:?}: {}",
            leftovers(&again).join("\n")
        );
        let mut x: Xlsx<_> = Xlsx::new(std::io::Cursor::new(out.bytes.as_slice()))?;
        let names = x.sheet_names();
        assert_eq!(
            names.contains(&"内部".to_string()),
            hidden == HiddenChannels::Mask
        );
        for s in names {
            x.worksheet_range(&s)?;
        }
    }
    Ok(())
}
