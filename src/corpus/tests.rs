//! Tests of the generated corpus as written to disk: determinism, the truth file against
//! the decoded documents, checksums, formats and the cross-field cases.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;

use super::generate;
use crate::extract::{detect_format, extract, Budget, Ctx, Limits};
use crate::validate::gb11643;

#[derive(Deserialize)]
struct Line {
    file: String,
    kind: String,
    value: String,
    expect: String,
    class: Option<String>,
    rule: Option<String>,
}

fn read_truth(dir: &Path) -> Vec<Line> {
    let text = std::fs::read_to_string(dir.join("truth.jsonl")).unwrap_or_default();
    text.lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("{e}: {l}")))
        .collect()
}

/// All files under `dir`, relative paths with `/`, sorted.
fn files(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).into_iter().flatten().flatten() {
            let path = entry.path();
            if path.is_dir() {
                stack.push(path);
            } else if let Ok(rel) = path.strip_prefix(dir) {
                let rel = rel.to_string_lossy().replace('\\', "/");
                out.insert(rel, std::fs::read(&path).unwrap_or_default());
            }
        }
    }
    out
}

fn corpus(seed: u64, n: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    generate(dir.path(), seed, n).unwrap_or_else(|e| panic!("generate: {e}"));
    dir
}

/// The text a reader sees in a text-like document: txt/csv decoded (GBK when the name
/// says so), html with tags removed (`<br>` as a line break) and entities resolved.
fn decoded(name: &str, bytes: &[u8]) -> Option<String> {
    let text = if name.contains("-gbk.") {
        encoding_rs::GBK
            .decode_without_bom_handling(bytes)
            .0
            .into_owned()
    } else {
        String::from_utf8(bytes.to_vec()).ok()?
    };
    if name.ends_with(".txt") || name.ends_with(".csv") {
        return Some(text);
    }
    if !name.ends_with(".html") {
        return None;
    }
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(i) = rest.find('<') {
        out.push_str(rest.get(..i).unwrap_or(""));
        let end = rest
            .get(i..)
            .and_then(|r| r.find('>'))
            .map_or(rest.len(), |e| i + e + 1);
        if rest.get(i..end).is_some_and(|tag| tag.starts_with("<br")) {
            out.push('\n');
        }
        rest = rest.get(end..).unwrap_or("");
    }
    out.push_str(rest);
    Some(
        out.replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&"),
    )
}

fn by_file(truth: &[Line]) -> BTreeMap<&str, Vec<&Line>> {
    let mut m: BTreeMap<&str, Vec<&Line>> = BTreeMap::new();
    for l in truth {
        m.entry(l.file.as_str()).or_default().push(l);
    }
    m
}

#[test]
fn same_seed_same_bytes_other_seed_other_bytes() {
    let (a, b, c) = (corpus(7, 2), corpus(7, 2), corpus(8, 2));
    let (fa, fb, fc) = (files(a.path()), files(b.path()), files(c.path()));
    assert!(fa.len() > 15, "{} files", fa.len());
    assert_eq!(fa.keys().collect::<Vec<_>>(), fb.keys().collect::<Vec<_>>());
    for (name, bytes) in &fa {
        assert!(fb.get(name) == Some(bytes), "{name} differs between runs");
    }
    assert_ne!(fa.get("truth.jsonl"), fc.get("truth.jsonl"));
}

#[test]
fn truth_files_exist_and_every_format_is_present() {
    let dir = corpus(1, 4);
    let truth = read_truth(dir.path());
    assert!(truth.len() > 300, "{} labels", truth.len());
    let on_disk = files(dir.path());
    for l in &truth {
        assert!(on_disk.contains_key(&l.file), "missing {}", l.file);
        assert!(l.expect == "flag" || l.expect == "pass", "{}", l.expect);
        assert!(
            crate::Kind::ALL.iter().any(|k| k.as_str() == l.kind),
            "{}",
            l.kind
        );
        assert!(l.class.is_some(), "{} {}", l.file, l.value);
    }
    for ext in [
        "txt", "-gbk.txt", "csv", "-gbk.csv", "html", "docx", "xlsx", "pdf",
    ] {
        let n = on_disk
            .keys()
            .filter(|k| k.ends_with(ext) && (ext.starts_with('-') || !k.contains("-gbk")))
            .count();
        assert!(n > 0, "no {ext} document");
    }
    for kind in [
        "person_name",
        "address",
        "sensitive_attribute",
        "id_card",
        "mobile_phone",
    ] {
        for expect in ["flag", "pass"] {
            assert!(
                truth.iter().any(|l| l.kind == kind && l.expect == expect),
                "no {kind} {expect}"
            );
        }
    }
}

#[test]
fn labeled_values_occur_in_text_documents_as_often_as_labeled() {
    let dir = corpus(2, 4);
    let truth = read_truth(dir.path());
    let on_disk = files(dir.path());
    let mut checked = 0;
    for (file, lines) in by_file(&truth) {
        let bytes = on_disk.get(file).map(Vec::as_slice).unwrap_or_default();
        let Some(text) = decoded(file, bytes) else {
            continue;
        };
        let mut labeled: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &lines {
            *labeled.entry(l.value.as_str()).or_default() += 1;
        }
        for (value, n) in labeled {
            assert_eq!(text.matches(value).count(), n, "{file}: {value:?}");
        }
        checked += 1;
    }
    assert!(checked >= 15, "only {checked} text documents");
}

fn fold(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '０'..='９' | 'Ｘ' => char::from_u32(c as u32 - 0xFF01 + 0x21).unwrap_or(c),
            _ => c,
        })
        .collect()
}

#[test]
fn flagged_ids_pass_the_checksum_and_masked_ones_are_masked() {
    let dir = corpus(3, 4);
    let truth = read_truth(dir.path());
    let ids: Vec<&Line> = truth.iter().filter(|l| l.kind == "id_card").collect();
    assert!(ids.len() > 20);
    for l in ids {
        let v = fold(&l.value);
        match (l.expect.as_str(), l.class.as_deref()) {
            ("flag", Some("mask_union")) => assert!(v.ends_with("****") && v.len() == 18, "{v}"),
            ("flag", _) => assert!(gb11643::validate18(v.as_bytes()).is_ok(), "{}: {v}", l.file),
            (_, Some("masked")) => assert!(v.contains(['*', '×']), "{v}"),
            (_, _) => assert!(gb11643::validate18(v.as_bytes()).is_err(), "{v}"),
        }
    }
}

/// docx, xlsx and pdf through the project's own extractors: every labeled value is read.
#[test]
fn binary_formats_read_back_with_the_extractor() {
    let dir = corpus(4, 4);
    let truth = read_truth(dir.path());
    let on_disk = files(dir.path());
    let budget = Budget::new(Limits::default());
    let mut seen = BTreeMap::new();
    for (file, lines) in by_file(&truth) {
        let Some(ext) = [".docx", ".xlsx", ".pdf"]
            .into_iter()
            .find(|e| file.ends_with(e))
        else {
            continue;
        };
        let bytes = on_disk.get(file).map(Vec::as_slice).unwrap_or_default();
        let ctx = Ctx {
            budget: &budget,
            name: file,
            encoding: None,
        };
        let doc = extract(bytes, detect_format(bytes, file, None), &ctx)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let text = fold(&doc.text);
        for l in lines {
            assert!(
                text.contains(&fold(&l.value)),
                "{file}: {:?} not read",
                l.value
            );
        }
        *seen.entry(ext).or_insert(0) += 1;
    }
    assert_eq!(seen.len(), 3, "{seen:?}");
}

#[test]
fn cross_field_cases_are_planted() {
    let dir = corpus(5, 3);
    let truth = read_truth(dir.path());
    let on_disk = files(dir.path());
    let behind: Vec<&Line> = truth
        .iter()
        .filter(|l| l.class.as_deref() == Some("behind_mask"))
        .collect();
    assert!(!behind.is_empty());
    for l in &behind {
        assert_eq!(l.rule.as_deref(), Some("pii.id_card.behind_mask"));
        let bytes = on_disk.get(&l.file).cloned().unwrap_or_default();
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes))
            .unwrap_or_else(|e| panic!("{}: {e}", l.file));
        let mut sheet = String::new();
        let mut part = zip
            .by_name("xl/worksheets/sheet1.xml")
            .unwrap_or_else(|e| panic!("{e}"));
        std::io::Read::read_to_string(&mut part, &mut sheet).unwrap_or_default();
        assert!(sheet.contains("hidden=\"1\""), "{}", l.file);
        assert!(sheet.contains(&l.value));
    }
    let unions: Vec<&Line> = truth
        .iter()
        .filter(|l| l.rule.as_deref() == Some("pii.id_card.mask_union"))
        .collect();
    assert!(!unions.is_empty());
    for u in unions {
        // The other form of the same number is in the same file: keep-6-last-4 with the
        // same first six characters, so the two together show all eighteen.
        let head = u.value.get(..6).unwrap_or("");
        assert!(
            truth.iter().any(|l| l.file == u.file
                && l.class.as_deref() == Some("masked")
                && l.value.starts_with(head)
                && l.value.len() == 18
                && !l.value.ends_with('*')),
            "{}: no partner for {}",
            u.file,
            u.value
        );
    }
}

/// `corpora/labeled/` is exactly what seed 1 with 15 documents per genre writes (see
/// `corpora/labeled.md`); after a change to the generator, regenerate it.
#[test]
fn committed_sample_is_reproducible() {
    let committed = Path::new(env!("CARGO_MANIFEST_DIR")).join("corpora/labeled");
    if !committed.join("truth.jsonl").exists() {
        eprintln!("corpora/labeled absent: skipped");
        return;
    }
    let fresh = corpus(1, 15);
    let (want, got) = (files(&committed), files(fresh.path()));
    assert_eq!(
        want.keys().collect::<Vec<_>>(),
        got.keys().collect::<Vec<_>>()
    );
    for (name, bytes) in &want {
        assert!(
            got.get(name) == Some(bytes),
            "{name} differs: regenerate corpora/labeled (corpora/labeled.md)"
        );
    }
}
