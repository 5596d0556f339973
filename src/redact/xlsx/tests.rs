//! Unit tests of the xlsx rewriter on a hand-written package, so every construct the
//! rewriter handles is present in a known form (rich-text runs, numbers in exponent form,
//! shared formulas, zero-height rows, notes with VML, threaded comments' people).

mod fixture;
mod hostile;

use std::collections::HashMap;
use std::io::{Cursor as IoCursor, Read};

use zip::ZipArchive;

use fixture::{package, parts, plan, HIDDEN_ID, PHONE};

use super::text::Unit;
use super::xml::{Decoded, Splices};
use super::*;

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn members(bytes: &[u8]) -> Result<HashMap<String, String>, Box<dyn std::error::Error>> {
    let mut z = ZipArchive::new(IoCursor::new(bytes))?;
    let mut out = HashMap::new();
    for i in 0..z.len() {
        let mut f = z.by_index(i)?;
        let mut s = Vec::new();
        f.read_to_end(&mut s)?;
        out.insert(
            f.name()?.into_owned(),
            String::from_utf8_lossy(&s).into_owned(),
        );
    }
    Ok(out)
}

fn run(
    hidden: HiddenChannels,
) -> Result<(Redacted, HashMap<String, String>), Box<dyn std::error::Error>> {
    let input = package(&parts())?;
    let out = redact_xlsx(&input, &plan(), &FormatOptions { hidden })?;
    let m = members(&out.bytes)?;
    Ok((out, m))
}

fn get<'m>(m: &'m HashMap<String, String>, name: &str) -> Result<&'m str, String> {
    m.get(name)
        .map(String::as_str)
        .ok_or_else(|| format!("{name} missing"))
}

#[test]
fn cells_are_masked_where_the_extractor_reads_them() -> TestResult {
    let (out, m) = run(HiddenChannels::Remove)?;
    let sst = get(&m, "xl/sharedStrings.xml")?;
    // The ID over two runs: each run keeps its formatting and its share of the mask.
    assert!(
        sst.contains(r#"<r><rPr><b/></rPr><t>110105**</t></r><r><t xml:space="preserve">******002X 备注</t></r>"#),
        "{sst}"
    );
    assert!(sst.contains("<si><t>张*&amp;co</t></si>"), "{sst}");
    assert!(
        sst.contains(r#"<si><t>张*</t><rPh sb="0" eb="2"><t>张*</t></rPh></si>"#),
        "{sst}"
    );
    // Only the hidden row and the removed sheet used string 2: blanked.
    assert!(
        sst.contains("<si><t/></si>") && !sst.contains(HIDDEN_ID),
        "{sst}"
    );
    let s1 = get(&m, "xl/worksheets/sheet1.xml")?;
    // A number shown as the phone: an inline string with the mask, style kept.
    assert!(
        s1.contains(r#"<c r="A2" s="1" t="inlineStr"><is><t>138****8000</t></is></c>"#),
        "{s1}"
    );
    // An 18-digit ID stored as a float, as the extractor renders it.
    assert!(
        s1.contains(r#"<c r="B2" t="inlineStr"><is><t>110101********1000</t></is></c>"#),
        "{s1}"
    );
    // A formula whose result is the value: formula dropped.
    assert!(
        s1.contains(r#"<c r="C2" t="inlineStr"><is><t>138****8000</t></is></c>"#),
        "{s1}"
    );
    // A shared formula's master keeps its (masked) formula for the cells that depend on it.
    assert!(
        s1.contains(r#"<c r="A4" t="str"><f t="shared" ref="A4:A5" si="0">"138****8000"</f><v>138****8000</v></c>"#),
        "{s1}"
    );
    // A name split over two inline runs.
    assert!(s1.contains("<r><t>张</t></r><r><t>*</t></r>"), "{s1}");
    assert!(
        s1.contains("<oddHeader>&amp;C联系人张*</oddHeader>"),
        "{s1}"
    );
    // Zero-height row: cells gone, row kept; hidden column D: its cell gone.
    assert!(
        s1.contains(r#"<row r="3" spans="1:3" ht="0" customHeight="1"></row>"#),
        "{s1}"
    );
    assert!(!s1.contains("D2") && !s1.contains("隐藏列"), "{s1}");
    assert!(!s1.contains("legacyDrawing"), "{s1}");
    assert!(!s1.contains(PHONE) && !s1.contains("张三"), "{s1}");
    assert_eq!(
        out.actions,
        vec![
            "删除隐藏工作表「原始数据」",
            "删除批注 2 条",
            "清空隐藏行 1 行",
            "清空隐藏列 1 列",
            "公式改为脱敏后的值 1 个",
            "清除无单元格引用的共享字符串 1 条",
            "清除文档属性",
        ]
    );
    assert!(out.replaced >= 10, "{}", out.replaced);
    Ok(())
}

#[test]
fn hidden_sheet_comments_and_calc_chain_leave_with_their_references() -> TestResult {
    let (_, m) = run(HiddenChannels::Remove)?;
    for gone in [
        "xl/worksheets/sheet2.xml",
        "xl/comments1.xml",
        "xl/drawings/vmlDrawing1.vml",
        "xl/calcChain.xml",
        "xl/threadedComments/threadedComment1.xml",
        "xl/persons/person.xml",
    ] {
        assert!(!m.contains_key(gone), "{gone} kept");
    }
    let wb = get(&m, "xl/workbook.xml")?;
    assert!(!wb.contains("原始数据"), "{wb}");
    // 汇总 was tab 2, now 1; its print area's localSheetId follows.
    assert!(
        wb.contains(r#"<workbookView activeTab="1" firstSheet="0"/>"#),
        "{wb}"
    );
    assert!(
        wb.contains(
            r#"<definedName name="_xlnm.Print_Area" localSheetId="1">汇总!$A$1</definedName>"#
        ),
        "{wb}"
    );
    assert!(
        wb.contains(r#"<definedName name="联系人">"张*"</definedName>"#),
        "{wb}"
    );
    let rels = get(&m, "xl/_rels/workbook.xml.rels")?;
    assert!(
        !rels.contains("sheet2.xml") && !rels.contains("calcChain"),
        "{rels}"
    );
    let ct = get(&m, "[Content_Types].xml")?;
    assert!(!ct.contains("sheet2.xml") && !ct.contains("comments1") && !ct.contains("calcChain"));
    assert!(ct.contains("/xl/worksheets/sheet1.xml"));
    let srels = get(&m, "xl/worksheets/_rels/sheet1.xml.rels")?;
    assert!(
        !srels.contains("comments") && !srels.contains("vmlDrawing"),
        "{srels}"
    );
    let core = get(&m, "docProps/core.xml")?;
    assert!(core.contains("<dc:title></dc:title><dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy><cp:revision>3</cp:revision>"), "{core}");
    assert!(!get(&m, "docProps/custom.xml")?.contains("王五"));
    Ok(())
}

#[test]
fn untouched_members_are_raw_copies() -> TestResult {
    let input = package(&parts())?;
    let out = redact_xlsx(&input, &plan(), &FormatOptions::default())?;
    let mut a = ZipArchive::new(IoCursor::new(input.as_slice()))?;
    let mut b = ZipArchive::new(IoCursor::new(out.bytes.as_slice()))?;
    for name in [
        "xl/styles.xml",
        "xl/media/image1.png",
        "xl/worksheets/sheet3.xml",
    ] {
        let (x, y) = (a.by_name(name)?, b.by_name(name)?);
        assert_eq!(x.crc32(), y.crc32(), "{name}");
        assert_eq!(x.compressed_size(), y.compressed_size(), "{name}");
        let (mut rx, mut ry) = (Vec::new(), Vec::new());
        drop((x, y));
        let (ia, ib) = (a.index_for_name(name), b.index_for_name(name));
        let (Some(ia), Some(ib)) = (ia, ib) else {
            panic!("{name}")
        };
        a.by_index_raw(ia)?.read_to_end(&mut rx)?;
        b.by_index_raw(ib)?.read_to_end(&mut ry)?;
        assert_eq!(rx, ry, "{name}");
    }
    // Order kept.
    let text = |n: &[u8]| String::from_utf8_lossy(n).into_owned();
    let names_in: Vec<String> = a.file_names_raw().map(text).collect();
    let names_out: Vec<String> = b.file_names_raw().map(text).collect();
    let kept: Vec<&String> = names_in.iter().filter(|n| names_out.contains(n)).collect();
    assert_eq!(kept, names_out.iter().collect::<Vec<_>>());
    Ok(())
}

#[test]
fn mask_mode_keeps_hidden_channels_masked() -> TestResult {
    let (out, m) = run(HiddenChannels::Mask)?;
    let wb = get(&m, "xl/workbook.xml")?;
    assert!(
        wb.contains("原始数据") && wb.contains(r#"activeTab="2""#),
        "{wb}"
    );
    let c = get(&m, "xl/comments1.xml")?;
    assert!(c.contains("<author>张*</author>"), "{c}");
    assert!(
        c.contains("<t>电话138****</t></r><r><rPr><b/></rPr><t>8000</t>"),
        "{c}"
    );
    assert!(m.contains_key("xl/drawings/vmlDrawing1.vml"));
    let t = get(&m, "xl/threadedComments/threadedComment1.xml")?;
    assert!(t.contains("<text>请联系138****8000</text>"), "{t}");
    let p = get(&m, "xl/persons/person.xml")?;
    assert!(p.contains(r#"displayName="张*""#), "{p}");
    let s1 = get(&m, "xl/worksheets/sheet1.xml")?;
    assert!(
        s1.contains("藏在隐藏列") && s1.contains("legacyDrawing"),
        "{s1}"
    );
    let sst = get(&m, "xl/sharedStrings.xml")?;
    assert!(sst.contains("<si><t>440308********1512</t></si>"), "{sst}");
    assert!(!out
        .actions
        .iter()
        .any(|a| a.contains("隐藏") || a.contains("批注")));
    Ok(())
}

#[test]
fn decoded_text_maps_back_to_raw_bytes() {
    let src = "<t>a&amp;b_x000D_&#x540D;<![CDATA[<z>]]>\r\nq</t>";
    let content = 3..src.len() - 4;
    let d = Decoded::new(src.as_bytes(), content, true);
    let Some(d) = d else { panic!("not decoded") };
    assert_eq!(d.text, "a&b\r名<z>\nq");
    assert_eq!(d.raw_at(0), Some(3));
    assert_eq!(d.raw_at(1), Some(4));
    assert_eq!(d.raw_at(2), Some(9));
    assert_eq!(d.raw_at(3), Some(10));
    assert_eq!(d.raw_at(4), Some(17));
    // Inside the CDATA section: literal.
    assert_eq!(d.raw_at(7), Some(34));
    assert_eq!(d.raw_at(8), Some(35));
    assert_eq!(d.raw_at(d.text.len()), Some(src.len() - 4));
    assert!(Decoded::new(b"<t>a<b/>c</t>", 3..9, false).is_none());
}

#[test]
fn a_mask_of_another_length_goes_to_the_first_run() {
    let src = "<t>李</t><t>四光</t>";
    let mut u = Unit::default();
    u.push(src.as_bytes(), 3..6, false, false);
    u.push(src.as_bytes(), 13..19, false, false);
    let p = Plan::new([("李四".to_string(), "李某某某".to_string())]);
    let mut s = Splices::default();
    assert_eq!(u.mask(&p, &mut s), 1);
    let out = s
        .apply(src.as_bytes(), "t")
        .ok()
        .flatten()
        .unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&out), "<t>李某某某</t><t>光</t>");
}

#[test]
fn bom_and_prefixed_elements() -> TestResult {
    let sheet = "\u{FEFF}<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" s=\"0\"><x:v>13800138000</x:v></x:c></x:row></x:sheetData></x:worksheet>";
    let mut p = parts();
    p.retain(|(n, _)| *n != "xl/worksheets/sheet3.xml");
    p.push(("xl/worksheets/sheet3.xml", sheet));
    let out = redact_xlsx(&package(&p)?, &plan(), &FormatOptions::default())?;
    let m = members(&out.bytes)?;
    let s3 = get(&m, "xl/worksheets/sheet3.xml")?;
    assert!(s3.starts_with('\u{FEFF}'));
    assert!(
        s3.contains(r#"<x:c r="A1" s="0" t="inlineStr"><x:is><x:t>138****8000</x:t></x:is></x:c>"#),
        "{s3}"
    );
    Ok(())
}

/// A shared formula's master in a hidden row keeps its (masked) formula, so the cells
/// that share it stay valid; its value goes.
#[test]
fn hidden_shared_formula_master_keeps_its_formula() -> TestResult {
    let sheet = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1" hidden="1"><c r="A1" s="2"><f t="shared" ref="A1:A2" si="0">"13800138000"&amp;B1</f><v>13800138000x</v></c><c r="B1" t="s"><v>0</v></c></row><row r="2"><c r="A2"><f t="shared" si="0"/><v>13800138000y</v></c></row></sheetData></worksheet>"#;
    let mut p = parts();
    p.retain(|(n, _)| *n != "xl/worksheets/sheet3.xml");
    p.push(("xl/worksheets/sheet3.xml", sheet));
    let out = redact_xlsx(&package(&p)?, &plan(), &FormatOptions::default())?;
    let s3 = members(&out.bytes)?
        .remove("xl/worksheets/sheet3.xml")
        .unwrap_or_default();
    assert!(
        s3.contains(r#"<row r="1" hidden="1"><c r="A1" s="2"><f t="shared" ref="A1:A2" si="0">"138****8000"&amp;B1</f></c></row>"#),
        "{s3}"
    );
    assert!(
        s3.contains(r#"<c r="A2" t="inlineStr"><is><t>138****8000y</t></is></c>"#),
        "{s3}"
    );
    Ok(())
}
