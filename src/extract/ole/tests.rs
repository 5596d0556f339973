//! Unit tests on compound files built in memory: classification, a synthetic Word binary
//! (FIB + piece table + CHPX), property sets, PowerPoint records, hostile variants.

use std::io::{Cursor, Write};

use super::*;
use crate::extract::document::{Document, Part};
use crate::extract::limits::{Budget, Limits};

/// A compound file with these streams (parents created as needed).
fn cfb_with(streams: &[(&str, &[u8])]) -> Vec<u8> {
    let mut c = cfb::CompoundFile::create(Cursor::new(Vec::new())).unwrap();
    for (path, data) in streams {
        if let Some(parent) = std::path::Path::new(path).parent() {
            if parent != std::path::Path::new("/") {
                c.create_storage_all(parent).unwrap();
            }
        }
        c.create_stream(path).unwrap().write_all(data).unwrap();
    }
    c.flush().unwrap();
    c.into_inner().into_inner()
}

fn with_ctx<T>(f: impl FnOnce(&Ctx) -> T) -> T {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "t",
        encoding: None,
    };
    f(&ctx)
}

fn kind(bytes: &[u8]) -> Result<String, ExtractError> {
    Ok(match classify(bytes)? {
        OleKind::Word => "word".into(),
        OleKind::Workbook => "workbook".into(),
        OleKind::PowerPoint => "ppt".into(),
        OleKind::EncryptedOoxml => "encrypted".into(),
        OleKind::EmbeddedObject => "object".into(),
        OleKind::OutlookMessage => "msg".into(),
        OleKind::Other(what) => what,
    })
}

#[test]
fn classifies_by_stream_names() -> Result<(), ExtractError> {
    assert_eq!(
        kind(&cfb_with(&[
            ("/WordDocument", b"x"),
            ("/WpsCustomData", b"")
        ]))?,
        "word"
    );
    assert_eq!(
        kind(&cfb_with(&[("/Workbook", b"x"), ("/ETExtData", b"")]))?,
        "workbook"
    );
    assert_eq!(kind(&cfb_with(&[("/Book", b"x")]))?, "workbook");
    assert_eq!(kind(&cfb_with(&[("/PowerPoint Document", b"x")]))?, "ppt");
    assert_eq!(kind(&cfb_with(&[("/\u{1}Ole10Native", b"x")]))?, "object");
    assert_eq!(kind(&cfb_with(&[("/Package", b"PK")]))?, "object");
    assert_eq!(
        kind(&cfb_with(&[
            ("/EncryptionInfo", b"x"),
            ("/EncryptedPackage", b"y")
        ]))?,
        "encrypted"
    );
    assert_eq!(kind(&cfb_with(&[("/__substg1.0_0037001F", b"s")]))?, "msg");
    let other = kind(&cfb_with(&[
        ("/Foo", b"s"),
        ("/\u{5}SummaryInformation", b""),
    ]))?;
    assert!(other.contains("Foo") && other.contains("\\x05"), "{other}");
    Ok(())
}

#[test]
fn garbage_with_the_magic_is_corrupt() {
    let mut bytes = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1".to_vec();
    bytes.extend(std::iter::repeat_n(0x41u8, 600));
    assert!(matches!(classify(&bytes), Err(ExtractError::Corrupt(_))));
    let real = cfb_with(&[("/WordDocument", &[0u8; 5000])]);
    for cut in [10, 512, 700, real.len() / 2] {
        let r = classify(real.get(..cut).unwrap());
        assert!(r.is_err() || matches!(r, Ok(OleKind::Word)), "cut {cut}");
        with_ctx(|ctx| assert!(extract_doc(real.get(..cut).unwrap(), ctx).is_err()));
    }
}

// ---------------------------------------------------------------------------------------
// A synthetic Word 97 document.

struct DocSpec<'a> {
    /// ccpText, ccpFtn, ccpHdd, ccpMcr, ccpAtn, ccpEdn, ccpTxbx, ccpHdrTxbx stories.
    stories: [&'a str; 8],
    compressed: bool,
    flags: u16,
    /// CP range of the main text marked deleted (0x0800) or hidden (0x083C) by a CHPX.
    chpx: Option<(u32, u32, u16)>,
}

const TEXT_FC: usize = 1024;

fn build_doc(spec: &DocSpec) -> Vec<u8> {
    let all: String = spec.stories.concat();
    let units: Vec<u16> = all.encode_utf16().collect();
    let ncp = units.len() as u32;
    let mut word = vec![0u8; TEXT_FC];
    let put16 =
        |w: &mut Vec<u8>, at: usize, v: u16| w[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |w: &mut Vec<u8>, at: usize, v: u32| w[at..at + 4].copy_from_slice(&v.to_le_bytes());
    put16(&mut word, 0, 0xA5EC);
    put16(&mut word, 2, 0x00C1);
    put16(&mut word, 0x0A, spec.flags | 0x0200);
    put16(&mut word, 32, 14);
    put16(&mut word, 62, 22);
    for (i, s) in spec.stories.iter().enumerate() {
        put32(&mut word, 64 + (3 + i) * 4, s.encode_utf16().count() as u32);
    }
    put16(&mut word, 152, 93);
    let fclcb = |w: &mut Vec<u8>, i: usize, fc: u32, lcb: u32| {
        w[154 + i * 8..158 + i * 8].copy_from_slice(&fc.to_le_bytes());
        w[158 + i * 8..162 + i * 8].copy_from_slice(&lcb.to_le_bytes());
    };
    if spec.compressed {
        word.extend(units.iter().map(|&u| u as u8));
    } else {
        word.extend(units.iter().flat_map(|u| u.to_le_bytes()));
    }
    let char_bytes = if spec.compressed { 1 } else { 2 };
    // Table stream: CLX, then PlcfBteChpx.
    let mut table = vec![2u8];
    table.extend(((4 * 2 + 8) as u32).to_le_bytes());
    table.extend(0u32.to_le_bytes());
    table.extend(ncp.to_le_bytes());
    table.extend(0u16.to_le_bytes());
    let fc = if spec.compressed {
        ((TEXT_FC * 2) as u32) | 0x4000_0000
    } else {
        TEXT_FC as u32
    };
    table.extend(fc.to_le_bytes());
    table.extend(0u16.to_le_bytes());
    let clx_len = table.len() as u32;
    fclcb(&mut word, 33, 0, clx_len);
    if let Some((from, to, sprm)) = spec.chpx {
        // One FKP page after the text.
        let pn = word.len().div_ceil(512);
        word.resize(pn * 512, 0);
        let fc_from = (TEXT_FC + from as usize * char_bytes) as u32;
        let fc_to = (TEXT_FC + to as usize * char_bytes) as u32;
        let mut page = vec![0u8; 512];
        page[0..4].copy_from_slice(&fc_from.to_le_bytes());
        page[4..8].copy_from_slice(&fc_to.to_le_bytes());
        page[8] = 100; // Chpx at byte 200
        page[200] = 3;
        page[201..203].copy_from_slice(&sprm.to_le_bytes());
        page[203] = 1;
        page[511] = 1;
        word.extend(page);
        let at = table.len() as u32;
        table.extend(fc_from.to_le_bytes());
        table.extend(fc_to.to_le_bytes());
        table.extend((pn as u32).to_le_bytes());
        fclcb(&mut word, 12, at, 12);
    }
    cfb_with(&[("/WordDocument", &word), ("/1Table", &table)])
}

fn doc(spec: &DocSpec) -> Result<Document, ExtractError> {
    let bytes = build_doc(spec);
    with_ctx(|ctx| extract_doc(&bytes, ctx))
}

/// (text, part, paragraph, hidden) of each segment.
fn segs(d: &Document) -> Vec<(String, Part, Option<u32>, bool)> {
    d.segments
        .iter()
        .map(|s| {
            (
                d.text.get(s.start..s.end).unwrap_or("").to_string(),
                s.loc.part,
                s.loc.paragraph,
                s.loc.hidden,
            )
        })
        .collect()
}

fn plain(stories: [&str; 8]) -> DocSpec<'_> {
    DocSpec {
        stories,
        compressed: false,
        flags: 0,
        chpx: None,
    }
}

#[test]
fn doc_stories_become_parts_with_paragraphs() -> Result<(), ExtractError> {
    let d = doc(&plain([
        "机密★1年\r身份证号：11010519491231002X\r",
        "\u{2}脚注 110101199003074514\r",
        "",
        "",
        "\u{5}批注 13800138000\r",
        "尾注\r",
        "文本框\r",
        "",
    ]))?;
    let s = segs(&d);
    assert_eq!(d.format, "doc");
    assert!(
        s.contains(&("机密★1年".into(), Part::Body, Some(1), false)),
        "{s:?}"
    );
    assert!(s.contains(&(
        "身份证号：11010519491231002X".into(),
        Part::Body,
        Some(2),
        false
    )));
    assert!(s.contains(&(
        "脚注 110101199003074514".into(),
        Part::Footnote,
        Some(1),
        false
    )));
    assert!(s.contains(&("批注 13800138000".into(), Part::Comment, Some(1), true)));
    assert!(s.contains(&("尾注".into(), Part::Endnote, Some(1), false)));
    assert!(s.contains(&("文本框".into(), Part::TextBox, Some(1), false)));
    Ok(())
}

#[test]
fn doc_fields_tables_and_breaks() -> Result<(), ExtractError> {
    let d = doc(&plain([
        "见\u{13} HYPERLINK \"http://x.cn/?id=1\" \u{14}链接\u{15}。\r姓名\u{7}电话\u{7}\u{7}张三\u{7}13800138000\u{7}\u{7}一行\u{b}二行\r",
        "", "", "", "", "", "", "",
    ]))?;
    let s = segs(&d);
    assert!(
        s.contains(&("见链接。".into(), Part::Body, Some(1), false)),
        "{s:?}"
    );
    assert!(s.contains(&(
        " HYPERLINK \"http://x.cn/?id=1\" ".into(),
        Part::FieldCode,
        Some(1),
        true
    )));
    assert!(
        d.text.contains("姓名\t电话\n张三\t13800138000\n"),
        "{:?}",
        d.text
    );
    assert!(d.text.contains("一行\n二行"));
    Ok(())
}

#[test]
fn doc_compressed_pieces_are_cp1252() -> Result<(), ExtractError> {
    let mut spec = plain(["Caf\u{e9} \u{201c}q\u{201d}\r", "", "", "", "", "", "", ""]);
    spec.compressed = true;
    // The spec text is written as one byte per UTF-16 unit: pass the cp1252 bytes.
    spec.stories[0] = "Caf\u{e9} \u{93}q\u{94}\r";
    let d = doc(&spec)?;
    assert!(d.text.contains("Café “q”"), "{:?}", d.text);
    Ok(())
}

#[test]
fn doc_deleted_and_hidden_runs_are_hidden_segments() -> Result<(), ExtractError> {
    let text = "保留删除430102198001010011结束\r";
    let from = "保留".encode_utf16().count() as u32;
    let to = from + "删除430102198001010011".encode_utf16().count() as u32;
    for (sprm, part) in [(0x0800u16, Part::TrackedChange), (0x083C, Part::HiddenText)] {
        let mut spec = plain([text, "", "", "", "", "", "", ""]);
        spec.chpx = Some((from, to, sprm));
        let s = segs(&doc(&spec)?);
        assert!(
            s.contains(&("保留结束".into(), Part::Body, Some(1), false)),
            "{s:?}"
        );
        assert!(
            s.contains(&("删除430102198001010011".into(), part, Some(1), true)),
            "{s:?}"
        );
    }
    Ok(())
}

#[test]
fn doc_encrypted_flag_is_refused() {
    let mut spec = plain(["secret\r", "", "", "", "", "", "", ""]);
    spec.flags = 0x0100;
    assert!(matches!(doc(&spec), Err(ExtractError::Encrypted(_))));
}

#[test]
fn doc_lying_offsets_do_not_panic() {
    let bytes = build_doc(&plain(["短\r", "", "", "", "", "", "", ""]));
    let mut cf = open(&bytes).unwrap();
    let mut word = Vec::new();
    std::io::Read::read_to_end(&mut cf.open_stream("/WordDocument").unwrap(), &mut word).unwrap();
    let mut table = Vec::new();
    std::io::Read::read_to_end(&mut cf.open_stream("/1Table").unwrap(), &mut table).unwrap();
    // Story lengths, piece CPs and fcs far past the data; FIB counts huge.
    let mut variants = Vec::new();
    let mut w = word.clone();
    w[64 + 12..64 + 16].copy_from_slice(&u32::MAX.to_le_bytes());
    variants.push((w, table.clone()));
    let mut t = table.clone();
    t[9..13].copy_from_slice(&u32::MAX.to_le_bytes()); // cp end of the piece
    t[15..19].copy_from_slice(&0x3FFF_FFF0u32.to_le_bytes()); // fc
    variants.push((word.clone(), t));
    let mut w = word.clone();
    w[152..154].copy_from_slice(&u16::MAX.to_le_bytes());
    w[62..64].copy_from_slice(&u16::MAX.to_le_bytes());
    variants.push((w, table.clone()));
    variants.push((word.get(..40).unwrap().to_vec(), table.clone()));
    variants.push((word.clone(), vec![7u8; 3]));
    for (w, t) in variants {
        let bytes = cfb_with(&[("/WordDocument", &w), ("/1Table", &t)]);
        let r = with_ctx(|ctx| extract_doc(&bytes, ctx));
        if let Ok(d) = &r {
            assert!(d.text.len() < 1 << 20);
        }
    }
    let no_table = cfb_with(&[("/WordDocument", &word)]);
    assert!(matches!(
        with_ctx(|ctx| extract_doc(&no_table, ctx)),
        Err(ExtractError::Corrupt(_))
    ));
}

// ---------------------------------------------------------------------------------------
// Property sets.

/// A property-set stream with one section of (pid, type, data) and the code page.
fn property_set(fmtid: [u8; 16], codepage: u16, props: &[(u32, u16, Vec<u8>)]) -> Vec<u8> {
    let mut values: Vec<(u32, Vec<u8>)> = vec![(1, {
        let mut v = 2u16.to_le_bytes().to_vec();
        v.extend([0, 0]);
        v.extend(codepage.to_le_bytes());
        v.extend([0, 0]);
        v
    })];
    for (pid, ty, data) in props {
        let mut v = ty.to_le_bytes().to_vec();
        v.extend([0, 0]);
        v.extend(data);
        while v.len() % 4 != 0 {
            v.push(0);
        }
        values.push((*pid, v));
    }
    let header = 8 + values.len() * 8;
    let mut section = Vec::new();
    let mut body: Vec<u8> = Vec::new();
    let mut index = Vec::new();
    for (pid, v) in &values {
        index.push((*pid, (header + body.len()) as u32));
        body.extend(v);
    }
    section.extend(((header + body.len()) as u32).to_le_bytes());
    section.extend((values.len() as u32).to_le_bytes());
    for (pid, off) in index {
        section.extend(pid.to_le_bytes());
        section.extend(off.to_le_bytes());
    }
    section.extend(body);
    let mut out = vec![0xFE, 0xFF, 0, 0, 2, 0, 2, 0];
    out.extend([0u8; 16]);
    out.extend(1u32.to_le_bytes());
    out.extend(fmtid);
    out.extend(48u32.to_le_bytes());
    out.extend(section);
    out
}

fn lpstr(bytes: &[u8]) -> Vec<u8> {
    let mut v = ((bytes.len() + 1) as u32).to_le_bytes().to_vec();
    v.extend(bytes);
    v.push(0);
    v
}

#[test]
fn property_strings_follow_the_code_page() {
    let (gbk, _, _) = encoding_rs::GBK.encode("张三");
    let set = property_set(
        [0; 16],
        936,
        &[(4, 0x1E, lpstr(&gbk)), (2, 0x1E, lpstr("参考".as_bytes()))],
    );
    let got = props::read_property_set(&set, &[(2, "title"), (4, "creator")]);
    assert!(got.contains(&("creator".into(), "张三".into())), "{got:?}");
    let utf8 = property_set([0; 16], 65001, &[(2, 0x1E, lpstr("參考資料".as_bytes()))]);
    let got = props::read_property_set(&utf8, &[(2, "title")]);
    assert_eq!(got, vec![("title".to_string(), "參考資料".to_string())]);
    let wide: Vec<u8> = "雅虎\0"
        .encode_utf16()
        .flat_map(|u| u.to_le_bytes())
        .collect();
    let mut data = 3u32.to_le_bytes().to_vec();
    data.extend(wide);
    let w = property_set([0; 16], 1252, &[(8, 0x1F, data)]);
    let got = props::read_property_set(&w, &[(8, "lastModifiedBy")]);
    assert_eq!(
        got,
        vec![("lastModifiedBy".to_string(), "雅虎".to_string())]
    );
}

#[test]
fn user_defined_properties_are_named_by_the_dictionary() {
    let fmtid = [
        0x05, 0xD5, 0xCD, 0xD5, 0x9C, 0x2E, 0x1B, 0x10, 0x93, 0x97, 0x08, 0x00, 0x2B, 0x2C, 0xF9,
        0xAE,
    ];
    // Dictionary entry: pid 2 → "经办人" (GBK), pid 3 → "编号"; value 3 is a number.
    let (name, _, _) = encoding_rs::GBK.encode("经办人");
    let (name2, _, _) = encoding_rs::GBK.encode("编号");
    let mut dict = 2u32.to_le_bytes().to_vec();
    for (pid, n) in [(2u32, &name), (3, &name2)] {
        dict.extend(pid.to_le_bytes());
        dict.extend(((n.len() + 1) as u32).to_le_bytes());
        dict.extend(n.iter());
        dict.push(0);
    }
    let set = property_set(
        fmtid,
        936,
        &[
            (2, 0x1E, lpstr(b"11010519491231002X")),
            (3, 3, 42u32.to_le_bytes().to_vec()),
        ],
    );
    let got = props::read_property_set(&set, &[]);
    assert!(
        got.contains(&("custom:pid2".into(), "11010519491231002X".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("custom:pid3".into(), "42".into())),
        "{got:?}"
    );
    // With a dictionary the names are used.
    let dict_set = {
        let mut values = vec![(2u32, 0x1Eu16, lpstr(b"11010519491231002X"))];
        values.push((3, 3, 42u32.to_le_bytes().to_vec()));
        let mut s = property_set(fmtid, 936, &values);
        // Append the dictionary as an extra property at the end of the section.
        let section_at = 48usize;
        let size = u32::from_le_bytes(s[section_at..section_at + 4].try_into().unwrap()) as usize;
        let count = u32::from_le_bytes(s[section_at + 4..section_at + 8].try_into().unwrap());
        // Shift: insert one index entry (8 bytes) after the existing ones.
        let index_end = section_at + 8 + count as usize * 8;
        let mut entry = 0u32.to_le_bytes().to_vec();
        entry.extend(((size + 8) as u32).to_le_bytes());
        s.splice(index_end..index_end, entry);
        // Offsets of existing entries move by 8.
        for i in 0..count as usize {
            let at = section_at + 8 + i * 8 + 4;
            let off = u32::from_le_bytes(s[at..at + 4].try_into().unwrap()) + 8;
            s[at..at + 4].copy_from_slice(&off.to_le_bytes());
        }
        s.extend(&dict);
        let new_size = (size + 8 + dict.len()) as u32;
        s[section_at..section_at + 4].copy_from_slice(&new_size.to_le_bytes());
        s[section_at + 4..section_at + 8].copy_from_slice(&(count + 1).to_le_bytes());
        s
    };
    let got = props::read_property_set(&dict_set, &[]);
    assert!(
        got.contains(&("custom:经办人".into(), "11010519491231002X".into())),
        "{got:?}"
    );
    assert!(
        got.contains(&("custom:编号".into(), "42".into())),
        "{got:?}"
    );
}

#[test]
fn damaged_property_sets_yield_nothing_not_a_panic() {
    let set = property_set([0; 16], 936, &[(4, 0x1E, lpstr(b"abc"))]);
    for cut in 0..set.len() {
        let _ = props::read_property_set(set.get(..cut).unwrap(), &[(4, "creator")]);
    }
    let mut lying = set.clone();
    let n = lying.len();
    lying[n - 8..n - 4].copy_from_slice(&u32::MAX.to_le_bytes());
    let _ = props::read_property_set(&lying, &[(4, "creator")]);
}

// ---------------------------------------------------------------------------------------
// PowerPoint records.

fn rec(ver_inst: u16, ty: u16, body: &[u8]) -> Vec<u8> {
    let mut v = ver_inst.to_le_bytes().to_vec();
    v.extend(ty.to_le_bytes());
    v.extend((body.len() as u32).to_le_bytes());
    v.extend(body);
    v
}

fn chars(s: &str) -> Vec<u8> {
    s.encode_utf16().flat_map(|u| u.to_le_bytes()).collect()
}

fn ppt(stream: &[u8]) -> Result<Document, ExtractError> {
    let bytes = cfb_with(&[("/PowerPoint Document", stream)]);
    with_ctx(|ctx| extract_ppt(&bytes, ctx))
}

#[test]
fn ppt_slide_list_gives_slide_numbers() -> Result<(), ExtractError> {
    let mut slwt = Vec::new();
    for (i, text) in ["第一页 11010519491231002X", "第二页\r13800138000"]
        .iter()
        .enumerate()
    {
        let mut atom = (i as u32 + 1).to_le_bytes().to_vec();
        atom.extend([0u8; 16]);
        slwt.extend(rec(0, 0x03F3, &atom));
        slwt.extend(rec(0, 0x0F9F, &1u32.to_le_bytes()));
        slwt.extend(rec(0, 0x0FA0, &chars(text)));
    }
    slwt.extend(rec(0, 0x0FA8, b"Single byte"));
    let doc_body = rec(0x000F, 0x0FF0, &slwt);
    let stream = rec(0x000F, 0x03E8, &doc_body);
    let d = ppt(&stream)?;
    let found: Vec<(String, Option<u32>, Option<u32>)> = d
        .segments
        .iter()
        .map(|s| {
            (
                d.text[s.start..s.end].to_string(),
                s.loc.slide,
                s.loc.paragraph,
            )
        })
        .collect();
    assert!(
        found.contains(&("第一页 11010519491231002X".into(), Some(1), Some(1))),
        "{found:?}"
    );
    assert!(
        found.contains(&("13800138000".into(), Some(2), Some(2))),
        "{found:?}"
    );
    assert!(
        found.contains(&("Single byte".into(), Some(2), Some(3))),
        "{found:?}"
    );
    Ok(())
}

#[test]
fn ppt_encrypted_and_hostile() {
    let crypt = rec(0x000F, 0x2F14, &rec(0, 0x2F15, b"x"));
    let doc = rec(0x000F, 0x03E8, &[]);
    let mut stream = doc.clone();
    stream.extend(crypt);
    assert!(matches!(ppt(&stream), Err(ExtractError::Encrypted(_))));
    // No document record: corrupt, not an empty success.
    assert!(matches!(
        ppt(b"\x00\x00\x00\x00"),
        Err(ExtractError::Corrupt(_))
    ));
    // Deep nesting: 10 000 containers inside each other, and lengths past the end.
    let mut deep = rec(0, 0x0FA0, &chars("deep"));
    for _ in 0..10_000 {
        deep = rec(0x000F, 0x1388, &deep);
    }
    let mut stream = rec(0x000F, 0x03E8, &[]);
    stream.extend(rec(0x000F, 0x03EE, &deep));
    let _ = ppt(&stream);
    let mut lying = rec(
        0x000F,
        0x03E8,
        &rec(0x000F, 0x0FF0, &rec(0, 0x0FA0, &chars("x"))),
    );
    lying[4..8].copy_from_slice(&u32::MAX.to_le_bytes());
    let _ = ppt(&lying);
}

#[test]
fn ole10_native_payload_and_name() {
    let mut raw = 0u32.to_le_bytes().to_vec();
    raw.extend([2, 0]);
    raw.extend(b"report.pdf\0C:\\tmp\\report.pdf\0");
    raw.extend([0, 0, 3, 0]);
    raw.extend(5u32.to_le_bytes());
    raw.extend(b"C:\\x\0");
    raw.extend(4u32.to_le_bytes());
    raw.extend(b"%PDF");
    let (name, data) = ole10_native(&raw);
    assert_eq!(name.as_deref(), Some("report.pdf"));
    assert_eq!(data, b"%PDF");
    let (name, data) = ole10_native(&raw[..12]);
    assert_eq!(name, None);
    assert_eq!(data.len(), 8);
}

#[test]
fn object_pool_members_are_unwrapped() -> Result<(), ExtractError> {
    let inner = cfb_with(&[("/WordDocument", b"inner")]);
    let cf_bytes = cfb_with(&[
        ("/ObjectPool/_1/Package", b"PK\x03\x04zip"),
        ("/ObjectPool/_2/WordDocument", b"doc"),
        ("/ObjectPool/_2/1Table", b"table"),
        ("/ObjectPool/_3/Equation Native", b"eq"),
    ]);
    let mut cf = open(&cf_bytes)?;
    let mut b = DocumentBuilder::new("t", 1 << 20);
    with_ctx(|ctx| -> Result<(), ExtractError> {
        for n in ["_1", "_2", "_3"] {
            push_embedded_storage(&mut cf, &format!("/ObjectPool/{n}"), n, &mut b, ctx)?;
        }
        push_embedded_file(&inner, "x", &mut b, ctx)
    })?;
    let d = b.finish();
    let names: Vec<&str> = d.members.iter().map(|m| m.name.as_str()).collect();
    assert_eq!(names, ["_1.package", "_2.ole", "x.ole"]);
    assert!(d.members.iter().all(|m| m.hidden));
    let copied = d.members[1].content.as_ref().unwrap();
    let mut c = open(copied)?;
    assert!(c.is_stream("/WordDocument") && c.is_stream("/1Table"));
    let mut s = String::new();
    std::io::Read::read_to_string(&mut c.open_stream("/1Table").unwrap(), &mut s).unwrap();
    assert_eq!(s, "table");
    Ok(())
}

#[test]
fn doc_pieces_outside_the_stream_are_corrupt() {
    let bytes = build_doc(&plain(["正文\r", "", "", "", "", "", "", ""]));
    let mut cf = open(&bytes).unwrap();
    let mut word = Vec::new();
    std::io::Read::read_to_end(&mut cf.open_stream("/WordDocument").unwrap(), &mut word).unwrap();
    let mut table = Vec::new();
    std::io::Read::read_to_end(&mut cf.open_stream("/1Table").unwrap(), &mut table).unwrap();
    table[15..19].copy_from_slice(&0x3FFF_FFF0u32.to_le_bytes());
    let bytes = cfb_with(&[("/WordDocument", &word), ("/1Table", &table)]);
    let r = with_ctx(|ctx| extract_doc(&bytes, ctx));
    assert!(matches!(r, Err(ExtractError::Corrupt(_))), "{r:?}");
}

#[test]
fn doc_paragraph_without_end_is_bounded() {
    let long = "身份证".repeat(100);
    let bytes = build_doc(&plain([&long, "", "", "", "", "", "", ""]));
    let budget = Budget::new(Limits {
        max_text_bytes: 64,
        ..Limits::default()
    });
    let ctx = Ctx {
        budget: &budget,
        name: "t",
        encoding: None,
    };
    assert!(matches!(
        extract_doc(&bytes, &ctx),
        Err(ExtractError::Limit(_))
    ));
}
