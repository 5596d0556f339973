//! The docx rewriter end to end: a notice with values in the body, a table, a header, a
//! footer, a comment, tracked changes, a value split across differently formatted runs and
//! the properties is scanned, a plan is built from the findings, the copy is rewritten and
//! scanned again (nothing at or above `low` left), opened with python-docx when Python has
//! it, and compared member by member with the input; hidden channels removed and masked;
//! broken packages refused. [`corpus`]: a generated roster and the zoo's Word files.

mod corpus;
mod notice;

use std::io::{Cursor, Read};
use std::process::Command;

use baomi::finding::{Finding, Kind, Severity};
use baomi::redact::docx::redact_docx;
use baomi::redact::{FormatOptions, HiddenChannels, Plan, RedactError, Redacted};
use baomi::scan::{scan_bytes, FileResult, Outcome, ScanOptions};
use zip::ZipArchive;

use notice::{notice, ID, ID_DELETED, ID_ROW, ID_SPLIT, MOBILE};

type TestResult = Result<(), Box<dyn std::error::Error>>;

fn engine() -> Result<baomi::Engine, Box<dyn std::error::Error>> {
    Ok(baomi::Engine::new(&baomi::ruleset::RuleSet::base()?)?)
}

/// Every finding at or above `low`, members included.
fn serious(result: &FileResult) -> Vec<&Finding> {
    result
        .flatten()
        .into_iter()
        .flat_map(|r| match &r.outcome {
            Outcome::Scanned { findings, .. } => findings.iter().collect(),
            _ => Vec::new(),
        })
        .filter(|f| f.severity >= Severity::Low)
        .collect()
}

fn stars(n: usize) -> String {
    "*".repeat(n)
}

/// A stand-in for the per-kind masks: IDs and cards keep 6 + 4, phones 3 + 4, names the
/// surname, anything else its first character.
fn mask(kind: Kind, value: &str) -> String {
    let chars: Vec<char> = value.chars().collect();
    let keep = |head: usize, tail: usize| -> String {
        if chars.len() <= head + tail {
            return stars(chars.len());
        }
        let mid = stars(chars.len() - head - tail);
        let (h, t): (String, String) = (
            chars.iter().take(head).collect(),
            chars.iter().skip(chars.len() - tail).collect(),
        );
        format!("{h}{mid}{t}")
    };
    match kind {
        Kind::IdCard | Kind::BankCard => keep(6, 4),
        Kind::MobilePhone | Kind::LandlinePhone => keep(3, 4),
        _ => keep(1, 0),
    }
}

fn plan_of(result: &FileResult) -> Plan {
    Plan::new(
        serious(result)
            .into_iter()
            .map(|f| (f.value.expose().to_string(), mask(f.kind, f.value.expose()))),
    )
}

fn redact(bytes: &[u8], plan: &Plan, hidden: HiddenChannels) -> Result<Redacted, RedactError> {
    redact_docx(bytes, plan, &FormatOptions { hidden })
}

/// A member: its name, its stored (compressed) bytes and its content.
type Member = (String, Vec<u8>, Vec<u8>);

fn members(bytes: &[u8]) -> Result<Vec<Member>, Box<dyn std::error::Error>> {
    let mut z = ZipArchive::new(Cursor::new(bytes))?;
    let mut out = Vec::new();
    for i in 0..z.len() {
        let mut raw = Vec::new();
        let name = {
            let mut f = z.by_index_raw(i)?;
            f.read_to_end(&mut raw)?;
            String::from_utf8_lossy(f.name_raw()).into_owned()
        };
        let mut data = Vec::new();
        z.by_index(i)?.read_to_end(&mut data)?;
        out.push((name, raw, data));
    }
    Ok(out)
}

fn member(bytes: &[u8], name: &str) -> Result<String, Box<dyn std::error::Error>> {
    let found = members(bytes)?.into_iter().find(|m| m.0 == name);
    Ok(String::from_utf8(found.ok_or("member missing")?.2)?)
}

/// `xml` with the content of every `<w:t>` element dropped.
fn without_text(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(i) = rest.find("<w:t") {
        let (head, tail) = rest.split_at(i);
        out.push_str(head);
        let close = tail.find('>').map_or(tail.len(), |j| j + 1);
        out.push_str(&tail[..close]);
        let after = &tail[close..];
        let end = after.find("</w:t>").unwrap_or(0);
        rest = &after[end..];
        if close == 0 {
            break;
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn redact_docx_masks_every_value_and_the_copy_rescans_clean() -> TestResult {
    let engine = engine()?;
    let input = notice(true);
    let before = scan_bytes(&engine, "公示.docx", &input, ScanOptions::default());
    let plan = plan_of(&before);
    for v in [
        ID,
        ID_SPLIT,
        ID_ROW,
        ID_DELETED,
        MOBILE,
        "王建国",
        "刘德明",
        "13912345678",
        "13600136000",
    ] {
        assert!(
            plan.touches(v),
            "no finding for a planted value ({} chars)",
            v.len()
        );
    }
    let out = redact(&input, &plan, HiddenChannels::Remove)?;
    let after = scan_bytes(&engine, "公示.docx", &out.bytes, ScanOptions::default());
    let left: Vec<String> = serious(&after)
        .iter()
        .map(|f| format!("{:?} {}", f.kind, f.masked))
        .collect();
    assert!(
        matches!(after.outcome, Outcome::Scanned { .. }),
        "{:?}",
        after.outcome
    );
    assert!(left.is_empty(), "left after redaction: {left:?}");
    assert_eq!(
        out.actions,
        ["接受修订 2 处", "删除批注 1 条", "清除文档属性"]
    );
    assert!(out.replaced >= 8, "{}", out.replaced);

    let xml = member(&out.bytes, "word/document.xml")?;
    for gone in [
        "<w:ins",
        "<w:del",
        "commentReference",
        "commentRange",
        ID_DELETED,
    ] {
        assert!(!xml.contains(gone), "{gone} left");
    }
    // The split ID: each run keeps its formatting and its share of the mask.
    assert!(xml.contains("<w:b/></w:rPr><w:t>430102****</w:t>"), "{xml}");
    assert!(xml.contains("<w:color w:val=\"FF0000\"/></w:rPr><w:t>****</w:t>"));
    assert!(xml.contains("<w:u w:val=\"single\"/></w:rPr><w:t>8907</w:t>"));
    assert!(!member(&out.bytes, "word/comments.xml")?.contains("<w:comment "));
    let core = member(&out.bytes, "docProps/core.xml")?;
    assert!(
        core.contains("<dc:creator></dc:creator><cp:lastModifiedBy></cp:lastModifiedBy>"),
        "{core}"
    );

    // Every member but the rewritten ones is the same, raw bytes included.
    let changed = [
        "word/document.xml",
        "word/header1.xml",
        "word/footer1.xml",
        "word/comments.xml",
        "docProps/core.xml",
    ];
    let (a, b) = (members(&input)?, members(&out.bytes)?);
    assert_eq!(
        a.iter().map(|m| &m.0).collect::<Vec<_>>(),
        b.iter().map(|m| &m.0).collect::<Vec<_>>()
    );
    for (x, y) in a.iter().zip(&b) {
        if changed.contains(&x.0.as_str()) {
            assert_ne!(x.2, y.2, "{} rewritten", x.0);
        } else {
            assert_eq!((&x.1, &x.2), (&y.1, &y.2), "{} copied as it was", x.0);
        }
    }
    python_docx_paragraphs(&out.bytes)?;
    Ok(())
}

/// What a python-docx script prints about a package, or `None` (after a SKIP note) when
/// Python has no python-docx.
fn python_docx(bytes: &[u8], script: &str) -> Result<Option<String>, Box<dyn std::error::Error>> {
    if !Command::new("python3")
        .args(["-c", "import docx"])
        .status()
        .is_ok_and(|s| s.success())
    {
        eprintln!("SKIP python-docx not installed: the copy was not opened with it");
        return Ok(None);
    }
    let dir = tempfile::tempdir()?;
    let path = dir.path().join("out.docx");
    std::fs::write(&path, bytes)?;
    let script = format!("import docx,sys\nd=docx.Document(sys.argv[1])\n{script}");
    let out = Command::new("python3")
        .args(["-c", &script])
        .arg(&path)
        .output()?;
    assert!(
        out.status.success(),
        "python-docx failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Ok(Some(String::from_utf8(out.stdout)?))
}

/// The paragraphs python-docx reads from the copy, against the masked text.
fn python_docx_paragraphs(bytes: &[u8]) -> TestResult {
    let script = "for p in d.paragraphs: print('P', p.text)\nfor t in d.tables:\n  for row in t.rows: print('R', '|'.join(c.text for c in row.cells))\nfor s in d.sections:\n  print('H', '|'.join(p.text for p in s.header.paragraphs))\n  print('F', '|'.join(p.text for p in s.footer.paragraphs))\n";
    let Some(lines) = python_docx(bytes, script)? else {
        return Ok(());
    };
    let expected = [
        "P 关于低保对象复核情况的公示",
        "P 申请人姓名：王**，身份证号：110105********002X，联系电话：138****8000。",
        "P 复核对象身份证号：430102********8907，已核实。",
        "P 补充说明，联系电话：137****7000",
        "R 序号|姓名|身份证号|联系电话",
        "R 1|刘**|110105********1238|139****9962",
        "H 经办人身份证号：110105********002X",
        "F 监督电话：139****5678",
    ];
    assert_eq!(lines.lines().collect::<Vec<_>>(), expected);
    Ok(())
}

#[test]
fn redact_docx_changes_nothing_but_text_in_a_document_without_hidden_channels() -> TestResult {
    let engine = engine()?;
    let input = notice(false);
    let plan = plan_of(&scan_bytes(
        &engine,
        "a.docx",
        &input,
        ScanOptions::default(),
    ));
    let out = redact(&input, &plan, HiddenChannels::Remove)?;
    let (old, new) = (
        member(&input, "word/document.xml")?,
        member(&out.bytes, "word/document.xml")?,
    );
    assert_ne!(old, new);
    assert_eq!(without_text(&old), without_text(&new));
    assert!(without_text(&new).contains("<w:rPr><w:i/><w:color w:val=\"FF0000\"/></w:rPr>"));
    assert!(out.actions == ["清除文档属性"], "{:?}", out.actions);
    Ok(())
}

#[test]
fn redact_docx_mask_mode_keeps_comments_and_revisions_masked() -> TestResult {
    let engine = engine()?;
    let input = notice(true);
    let plan = plan_of(&scan_bytes(
        &engine,
        "a.docx",
        &input,
        ScanOptions::default(),
    ));
    let out = redact(&input, &plan, HiddenChannels::Mask)?;
    let xml = member(&out.bytes, "word/document.xml")?;
    assert!(xml.contains("<w:ins ") && xml.contains("<w:del ") && xml.contains("commentReference"));
    assert!(
        xml.contains("<w:delText>原身份证号：320106********2455</w:delText>"),
        "{xml}"
    );
    let comments = member(&out.bytes, "word/comments.xml")?;
    assert!(
        comments.contains("<w:comment ") && comments.contains("手机136****6000"),
        "{comments}"
    );
    let after = scan_bytes(&engine, "a.docx", &out.bytes, ScanOptions::default());
    let left: Vec<String> = serious(&after)
        .iter()
        .map(|f| format!("{:?} {}", f.kind, f.masked))
        .collect();
    assert!(left.is_empty(), "left after redaction: {left:?}");
    assert_eq!(out.actions, ["清除文档属性"]);
    Ok(())
}

#[test]
fn redact_docx_refuses_broken_packages() {
    let input = notice(true);
    let plan = Plan::new([(ID.to_string(), "*".repeat(18))]);
    for cut in [0, 4, 100, input.len() / 3, input.len() - 1] {
        let r = redact(&input[..cut], &plan, HiddenChannels::Remove);
        assert!(
            matches!(r, Err(RedactError::Malformed(_))),
            "cut at {cut}: {r:?}"
        );
    }
    // Damage the compressed body of the main part (members copied raw are not inflated).
    let at = input
        .windows(17)
        .position(|w| w == b"word/document.xml")
        .expect("local header");
    let mut flipped = input.clone();
    for b in flipped.iter_mut().skip(at + 40).take(40) {
        *b ^= 0x5A;
    }
    let r = redact(&flipped, &plan, HiddenChannels::Remove);
    assert!(matches!(r, Err(RedactError::Malformed(_))), "{r:?}");
}
