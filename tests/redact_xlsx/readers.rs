//! The copy read back: calamine (sheets, cell values), the package (raw copies, styles,
//! removed parts) and openpyxl when Python has it.

use std::collections::HashMap;
use std::io::Cursor;

use baomi::redact::Plan;
use calamine::{Data, Reader, Xlsx};

use super::{members, Member, TestResult};

/// calamine reads the copy: same sheets (less the hidden one when removed), every cell
/// without a value equal to the input's, the others strings holding masks.
pub(crate) fn calamine_check(
    input: &[u8],
    output: &[u8],
    plan: &Plan,
    removed: bool,
) -> TestResult {
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
pub(crate) fn package_check(input: &[u8], output: &[u8], removed: bool) -> TestResult {
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
pub(crate) fn openpyxl_check(output: &[u8], sheets: &[&str], removed: bool) -> TestResult {
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
