//! Preview pictures of embedded objects. Word and WPS draw an embedded worksheet from a
//! picture stored beside it (EMF, WMF or PNG), made when the object was last edited: after
//! the object is redacted, that picture still shows the old table. The previews are
//! replaced by blank pictures of the same format (the reader sees an empty frame until the
//! object is opened and redrawn from the redacted data).

use std::collections::HashSet;

/// The preview pictures of a package: in a Word file, the `v:imagedata` pictures of parts
/// holding `o:OLEObject`s, by their relationships; in a workbook, every EMF/WMF under
/// `xl/media/` (Excel stores object previews there; charts and photos are PNG/JPEG).
pub fn previews(names: &[String], read: &mut dyn FnMut(&str) -> Option<String>) -> HashSet<String> {
    let mut out = HashSet::new();
    for name in names {
        let lower = name.to_ascii_lowercase();
        if lower.starts_with("xl/media/") && (lower.ends_with(".emf") || lower.ends_with(".wmf")) {
            out.insert(name.clone());
        }
        if !(lower.starts_with("word/") && lower.ends_with(".xml")) || lower.contains("/_rels/") {
            continue;
        }
        let Some(xml) = read(name) else { continue };
        if !xml.contains("OLEObject") {
            continue;
        }
        let ids = imagedata_ids(&xml);
        if ids.is_empty() {
            continue;
        }
        let (dir, file) = name.rsplit_once('/').unwrap_or(("", name));
        let Some(rels) = read(&format!("{dir}/_rels/{file}.rels")) else {
            continue;
        };
        for (id, target) in relationships(&rels) {
            if ids.contains(&id) {
                out.insert(resolve(dir, &target));
            }
        }
    }
    out
}

/// `r:id` values of `<v:imagedata …>` tags.
fn imagedata_ids(xml: &str) -> HashSet<String> {
    let mut ids = HashSet::new();
    for (at, _) in xml.match_indices("imagedata") {
        let tag = xml
            .get(at..)
            .and_then(|t| t.split('>').next())
            .unwrap_or("");
        if let Some(v) = attr(tag, "r:id") {
            ids.insert(v);
        }
    }
    ids
}

fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!("{name}=\""))? + name.len() + 2;
    let rest = tag.get(at..)?;
    Some(rest.get(..rest.find('"')?)?.to_string())
}

/// (Id, Target) of each `<Relationship>`.
fn relationships(rels: &str) -> Vec<(String, String)> {
    rels.split("<Relationship ")
        .skip(1)
        .filter_map(|tag| Some((attr(tag, "Id")?, attr(tag, "Target")?)))
        .collect()
}

/// A relationship target relative to the part's directory (`media/image1.emf` from `word`).
fn resolve(dir: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for piece in target.split('/') {
        match piece {
            ".." => {
                parts.pop();
            }
            "." | "" => {}
            p => parts.push(p),
        }
    }
    parts.join("/")
}

/// A blank picture in the format `name` has, or None for a format not replaced.
pub fn blank_for(name: &str) -> Option<Vec<u8>> {
    let lower = name.to_ascii_lowercase();
    if lower.ends_with(".emf") {
        Some(blank_emf())
    } else if lower.ends_with(".wmf") {
        Some(blank_wmf())
    } else if lower.ends_with(".png") {
        Some(BLANK_PNG.to_vec())
    } else {
        None
    }
}

/// An EMF with a header and an end-of-file record: draws nothing.
fn blank_emf() -> Vec<u8> {
    let mut b = Vec::with_capacity(108);
    let mut u32le = |v: u32| b.extend_from_slice(&v.to_le_bytes());
    u32le(1); // EMR_HEADER
    u32le(88);
    for v in [0u32, 0, 0, 0] {
        u32le(v); // rclBounds
    }
    for v in [0u32, 0, 1000, 1000] {
        u32le(v); // rclFrame, 0.01 mm
    }
    u32le(0x464D_4520); // " EMF"
    u32le(0x0001_0000);
    u32le(108); // nBytes
    u32le(2); // nRecords
    u32le(1); // nHandles (1) + sReserved (0)
    u32le(0); // nDescription
    u32le(0); // offDescription
    u32le(0); // nPalEntries
    for v in [1024u32, 768, 320, 240] {
        u32le(v); // szlDevice, szlMillimeters
    }
    for v in [14u32, 20, 0, 16, 20] {
        u32le(v); // EMR_EOF
    }
    b
}

/// A WMF header and its end record: draws nothing.
fn blank_wmf() -> Vec<u8> {
    let mut b = Vec::with_capacity(24);
    for v in [1u16, 9, 0x0300] {
        b.extend_from_slice(&v.to_le_bytes());
    }
    b.extend_from_slice(&12u32.to_le_bytes()); // size in 16-bit words
    b.extend_from_slice(&0u16.to_le_bytes()); // objects
    b.extend_from_slice(&3u32.to_le_bytes()); // largest record, words
    b.extend_from_slice(&0u16.to_le_bytes());
    b.extend_from_slice(&3u32.to_le_bytes()); // META_EOF
    b.extend_from_slice(&0u16.to_le_bytes());
    b
}

/// A 1×1 transparent PNG.
const BLANK_PNG: [u8; 68] = [
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0B, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x02, 0x00,
    0x00, 0x05, 0x00, 0x01, 0x7A, 0x5E, 0xAB, 0x3F, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44,
    0xAE, 0x42, 0x60, 0x82,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_previews_are_found_through_their_relationships() {
        let doc = r#"<w:object><v:shape><v:imagedata r:id="rId5" o:title=""/></v:shape><o:OLEObject r:id="rId6"/></w:object><v:imagedata r:id="rId7"/>"#;
        let rels = r#"<Relationships><Relationship Id="rId5" Type="…/image" Target="media/image1.emf"/><Relationship Id="rId6" Target="embeddings/a.xlsx"/><Relationship Id="rId8" Target="media/photo.png"/></Relationships>"#;
        let names: Vec<String> = [
            "word/document.xml",
            "word/_rels/document.xml.rels",
            "word/media/image1.emf",
            "xl/media/image2.wmf",
            "xl/media/chart.png",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let found = previews(&names, &mut |n| match n {
            "word/document.xml" => Some(doc.to_string()),
            "word/_rels/document.xml.rels" => Some(rels.to_string()),
            _ => None,
        });
        let mut found: Vec<String> = found.into_iter().collect();
        found.sort();
        assert_eq!(
            found,
            vec![
                "word/media/image1.emf".to_string(),
                "xl/media/image2.wmf".to_string()
            ]
        );
    }

    #[test]
    fn blank_pictures_are_well_formed() {
        let emf = blank_emf();
        assert_eq!(emf.len(), 108);
        assert_eq!(emf.get(40..44), Some(&[0x20, 0x45, 0x4D, 0x46][..]));
        assert_eq!(blank_wmf().len(), 24);
        assert!(blank_for("a.PNG").is_some_and(|p| p.starts_with(b"\x89PNG")));
        assert!(blank_for("a.jpeg").is_none());
        assert_eq!(resolve("word", "../media/x.emf"), "media/x.emf");
        assert_eq!(resolve("word", "media/x.emf"), "word/media/x.emf");
    }
}
