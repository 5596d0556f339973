//! The hand-written package of the unit tests: every construct the rewriter handles, in a
//! known form.

use std::io::{Cursor as IoCursor, Write};

use zip::write::SimpleFileOptions;
use zip::ZipWriter;

use crate::redact::Plan;

pub(super) const ID: &str = "11010519491231002X";
pub(super) const ID_MASK: &str = "110105********002X";
pub(super) const PHONE: &str = "13800138000";
pub(super) const PHONE_MASK: &str = "138****8000";
pub(super) const HIDDEN_ID: &str = "440308199901101512";

pub(super) fn plan() -> Plan {
    Plan::new([
        (ID.to_string(), ID_MASK.to_string()),
        (PHONE.to_string(), PHONE_MASK.to_string()),
        (HIDDEN_ID.to_string(), "440308********1512".to_string()),
        ("张三".to_string(), "张*".to_string()),
        (
            "110101199003071000".to_string(),
            "110101********1000".to_string(),
        ),
    ])
}

pub(super) const CONTENT_TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Default Extension="vml" ContentType="application/vnd.openxmlformats-officedocument.vmlDrawing"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet2.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/comments1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.comments+xml"/><Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/><Override PartName="/docProps/core.xml" ContentType="application/vnd.openxmlformats-package.core-properties+xml"/></Types>"#;

pub(super) const ROOT_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties" Target="docProps/core.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties" Target="docProps/custom.xml"/></Relationships>"#;

pub(super) const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><bookViews><workbookView activeTab="2" firstSheet="0"/></bookViews><sheets><sheet name="名单" sheetId="1" r:id="rId1"/><sheet name="原始数据" sheetId="2" state="hidden" r:id="rId2"/><sheet name="汇总" sheetId="3" r:id="rId6"/></sheets><definedNames><definedName name="_xlnm._FilterDatabase" localSheetId="1" hidden="1">原始数据!$A$1:$B$2</definedName><definedName name="联系人">"张三"</definedName><definedName name="_xlnm.Print_Area" localSheetId="2">汇总!$A$1</definedName><definedName name="源">'原始数据'!$A$1</definedName></definedNames></workbook>"#;

pub(super) const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet2.xml"/><Relationship Id="rId6" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet3.xml"/><Relationship Id="rId3" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rId4" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/><Relationship Id="rId5" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/><Relationship Id="rId7" Type="http://schemas.microsoft.com/office/2017/10/relationships/person" Target="persons/person.xml"/></Relationships>"#;

pub(super) const STYLES: &str = r#"<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="49"/></cellXfs></styleSheet>"#;

/// 0: plain; 1: the ID split over a bold run and a plain run; 2: only in the hidden sheet;
/// 3: entity-encoded name; 4: phonetic run.
pub(super) const SHARED: &str = r#"<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="5" uniqueCount="5"><si><t>姓名</t></si><si><r><rPr><b/></rPr><t>11010519</t></r><r><t xml:space="preserve">491231002X 备注</t></r></si><si><t>440308199901101512</t></si><si><t>&#x5F20;&#19977;&amp;co</t></si><si><t>张三</t><rPh sb="0" eb="2"><t>张三</t></rPh></si></sst>"#;

pub(super) const SHEET1: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><cols><col min="4" max="4" width="9" hidden="1" customWidth="1"/></cols><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" s="1"><v>13800138000</v></c><c r="B2"><v>1.10101199003071E+17</v></c><c r="C2" t="str"><f>A2&amp;""</f><v>13800138000</v></c><c r="D2" t="inlineStr"><is><t>藏在隐藏列</t></is></c></row><row r="3" spans="1:3" ht="0" customHeight="1"><c r="A3" t="s"><v>2</v></c><c r="B3"><v>7</v></c></row><row r="4"><c r="A4" t="str"><f t="shared" ref="A4:A5" si="0">"13800138000"</f><v>13800138000</v></c><c r="B4" t="inlineStr"><is><r><t>张</t></r><r><t>三</t></r></is></c><c r="C4" t="s"><v>3</v></c><c r="E4" t="s"><v>4</v></c></row></sheetData><headerFooter><oddHeader>&amp;C联系人张三</oddHeader></headerFooter><legacyDrawing r:id="rId2"/></worksheet>"#;

pub(super) const SHEET2: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row></sheetData></worksheet>"#;

pub(super) const SHEET3: &str = r#"<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData></worksheet>"#;

pub(super) const SHEET1_RELS: &str = r#"<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="../comments1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/vmlDrawing" Target="../drawings/vmlDrawing1.vml"/><Relationship Id="rId3" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>"#;

pub(super) const COMMENTS: &str = r#"<comments xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><authors><author>张三</author></authors><commentList><comment ref="B2" authorId="0"><text><r><t>电话1380013</t></r><r><rPr><b/></rPr><t>8000</t></r></text></comment></commentList></comments>"#;

pub(super) const VML: &str = r##"<xml xmlns:v="urn:schemas-microsoft-com:vml" xmlns:x="urn:schemas-microsoft-com:office:excel"><v:shapetype id="_x0000_t202"/><v:shape id="_x0000_s1025" type="#_x0000_t202"><x:ClientData ObjectType="Note"><x:Row>1</x:Row><x:Column>1</x:Column></x:ClientData></v:shape></xml>"##;

pub(super) const CORE: &str = r#"<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>低保名单</dc:title><dc:creator>张三</dc:creator><cp:lastModifiedBy>李四</cp:lastModifiedBy><cp:revision>3</cp:revision></cp:coreProperties>"#;

pub(super) const CUSTOM: &str = r#"<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"><property fmtid="{D5CDD505-2E9C-101B-9397-08002B2CF9AE}" pid="2" name="审核人"><vt:lpwstr xmlns:vt="v">王五</vt:lpwstr></property></Properties>"#;

/// One thread on B2 (which also has the legacy note) and one on A1.
pub(super) const THREADED: &str = r#"<ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="B2" personId="{P1}" id="{C1}"><text>请联系13800138000</text></threadedComment><threadedComment ref="A1" personId="{P1}" id="{C2}"><text>核对</text></threadedComment></ThreadedComments>"#;

pub(super) const PERSONS: &str = r#"<personList xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><person displayName="张三" id="{P1}" userId="zhang" providerId="None"/></personList>"#;

pub(super) const CALC: &str = r#"<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><c r="C2" i="1"/></calcChain>"#;

pub(super) fn parts() -> Vec<(&'static str, &'static str)> {
    vec![
        ("[Content_Types].xml", CONTENT_TYPES),
        ("_rels/.rels", ROOT_RELS),
        ("docProps/core.xml", CORE),
        ("docProps/custom.xml", CUSTOM),
        ("xl/workbook.xml", WORKBOOK),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS),
        ("xl/styles.xml", STYLES),
        ("xl/sharedStrings.xml", SHARED),
        ("xl/worksheets/sheet1.xml", SHEET1),
        ("xl/worksheets/sheet2.xml", SHEET2),
        ("xl/worksheets/sheet3.xml", SHEET3),
        ("xl/worksheets/_rels/sheet1.xml.rels", SHEET1_RELS),
        ("xl/comments1.xml", COMMENTS),
        ("xl/drawings/vmlDrawing1.vml", VML),
        ("xl/threadedComments/threadedComment1.xml", THREADED),
        ("xl/persons/person.xml", PERSONS),
        ("xl/calcChain.xml", CALC),
        ("xl/media/image1.png", "\u{89}PNG not really"),
    ]
}

pub(super) fn package(parts: &[(&str, &str)]) -> Result<Vec<u8>, zip::result::ZipError> {
    let mut z = ZipWriter::new(IoCursor::new(Vec::new()));
    for (name, body) in parts {
        z.start_file(*name, SimpleFileOptions::default())?;
        z.write_all(body.as_bytes())?;
    }
    Ok(z.finish()?.into_inner())
}
