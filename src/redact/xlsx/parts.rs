//! The package: its XML parts read within the extractor's limits, the relationship graph,
//! removal of parts with whatever only they reference, and the rewritten zip (unchanged
//! members copied raw, byte for byte, in their original order).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::{Cursor as IoCursor, Write};

use quick_xml::events::Event;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

use super::xml::{attr, attrs, local, Cursor};
use crate::extract::limits::{Budget, ExtractError, Limits};
use crate::extract::package::{decode_name, resolve_target, Package};
use crate::redact::RedactError;

/// One relationship of a `.rels` part, its target resolved to a part name.
pub(super) struct Rel {
    pub id: String,
    pub typ: String,
    pub target: String,
    pub external: bool,
}

impl Rel {
    /// Whether the relationship type ends with `/suffix` (`/worksheet`, `/comments`).
    pub fn is(&self, suffix: &str) -> bool {
        self.typ
            .rsplit('/')
            .next()
            .is_some_and(|t| t.eq_ignore_ascii_case(suffix))
    }
}

pub(super) struct Pkg {
    /// Member names in zip order.
    pub names: Vec<String>,
    /// Every XML part (`.xml`, `.rels`, `.vml`), inflated.
    pub xml: HashMap<String, Vec<u8>>,
    /// `.rels` part → its relationships.
    pub rels: HashMap<String, Vec<Rel>>,
}

pub(super) fn malformed(e: ExtractError) -> RedactError {
    match e {
        ExtractError::Encrypted(_) => RedactError::Unsupported(
            "the workbook is encrypted: decrypt it before redacting".into(),
        ),
        ExtractError::Unsupported(m) => RedactError::Unsupported(m),
        other => RedactError::Malformed(other.to_string()),
    }
}

fn is_xml(name: &str) -> bool {
    let n = name.to_ascii_lowercase();
    n.ends_with(".xml") || n.ends_with(".rels") || n.ends_with(".vml")
}

/// The `.rels` part of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`).
pub(super) fn rels_of(part: &str) -> String {
    match part.rsplit_once('/') {
        Some((dir, file)) => format!("{dir}/_rels/{file}.rels"),
        None => format!("_rels/{part}.rels"),
    }
}

/// The part a `.rels` part belongs to (`""` for the package's `_rels/.rels`).
fn source_of(rels: &str) -> Option<String> {
    let (dir, file) = rels.rsplit_once("_rels/")?;
    Some(format!("{dir}{}", file.strip_suffix(".rels")?))
}

impl Pkg {
    pub fn read(bytes: &[u8]) -> Result<Pkg, RedactError> {
        let budget = Budget::new(Limits::default());
        let mut pkg = Package::open(bytes, &budget).map_err(malformed)?;
        let names = pkg.names().to_vec();
        let mut xml = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            if pkg.is_dir(i) || !is_xml(name) {
                continue;
            }
            let data = pkg.read_index(i).map_err(malformed)?;
            if memchr::memmem::find(&data, b"<!DOCTYPE").is_some() {
                return Err(RedactError::Malformed(format!(
                    "{name}: XML with a DTD (entity declarations can expand without bound)"
                )));
            }
            xml.insert(name.clone(), data);
        }
        let mut rels = HashMap::new();
        for (name, data) in &xml {
            if let Some(source) = name.ends_with(".rels").then(|| source_of(name)).flatten() {
                rels.insert(name.clone(), parse_rels(data, name, &source)?);
            }
        }
        Ok(Pkg { names, xml, rels })
    }

    /// The relationships of `part`.
    pub fn rels_from(&self, part: &str) -> &[Rel] {
        self.rels.get(&rels_of(part)).map_or(&[], Vec::as_slice)
    }
}

fn parse_rels(xml: &[u8], what: &str, source: &str) -> Result<Vec<Rel>, RedactError> {
    let mut cur = Cursor::new(xml, what);
    let mut out = Vec::new();
    loop {
        match cur.next()?.0 {
            Event::Start(e) | Event::Empty(e) if local(&e) == "Relationship" => {
                let a = attrs(&e, xml);
                let external = attr(&a, "TargetMode").as_deref() == Some("External");
                if let (Some(id), Some(target)) = (attr(&a, "Id"), attr(&a, "Target")) {
                    let target = if external {
                        target
                    } else {
                        resolve_target(if source.is_empty() { "x" } else { source }, &target)
                    };
                    out.push(Rel {
                        id,
                        typ: attr(&a, "Type").unwrap_or_default(),
                        target,
                        external,
                    });
                }
            }
            Event::Eof => return Ok(out),
            _ => {}
        }
    }
}

/// Parts removed and relationships dropped.
#[derive(Default)]
pub(super) struct Removal {
    pub parts: BTreeSet<String>,
    /// `.rels` part → ids dropped from it.
    pub rels: HashMap<String, HashSet<String>>,
}

impl Removal {
    /// Drops relationship `id` of `part`.
    pub fn drop_rel(&mut self, part: &str, id: &str) {
        self.rels
            .entry(rels_of(part))
            .or_default()
            .insert(id.to_string());
    }

    /// Removes `part`, its relationships, and every part they lead to that nothing kept
    /// still references.
    pub fn remove(&mut self, pkg: &Pkg, part: &str) {
        let mut stack = vec![part.to_string()];
        while let Some(p) = stack.pop() {
            if !self.parts.insert(p.clone()) {
                continue;
            }
            let own = rels_of(&p);
            self.parts.insert(own.clone());
            for rel in pkg.rels.get(&own).into_iter().flatten() {
                if !rel.external && !self.referenced(pkg, &rel.target) {
                    stack.push(rel.target.clone());
                }
            }
        }
    }

    /// Whether a kept part still has a relationship to `target`.
    fn referenced(&self, pkg: &Pkg, target: &str) -> bool {
        pkg.rels.iter().any(|(rels, list)| {
            if self.parts.contains(rels) || source_of(rels).is_some_and(|s| self.parts.contains(&s))
            {
                return false;
            }
            let dropped = self.rels.get(rels);
            list.iter().any(|r| {
                !r.external && r.target == target && !dropped.is_some_and(|d| d.contains(&r.id))
            })
        })
    }

    /// Whether `part` is removed (content-type names are case-insensitive, `/`-rooted).
    pub fn has_part_name(&self, part_name: &str) -> bool {
        let name = part_name.trim_start_matches('/');
        self.parts.iter().any(|p| p.eq_ignore_ascii_case(name))
    }
}

/// The rewritten package: `changed` members re-deflated under their name, removed ones
/// left out, every other member copied raw.
pub(super) fn write_zip(
    bytes: &[u8],
    changed: &HashMap<String, Vec<u8>>,
    removed: &BTreeSet<String>,
) -> Result<Vec<u8>, RedactError> {
    let zip_err = |e: zip::result::ZipError| RedactError::Malformed(format!("zip: {e}"));
    let mut zin = ZipArchive::new(IoCursor::new(bytes)).map_err(zip_err)?;
    let mut zout = ZipWriter::new(IoCursor::new(Vec::with_capacity(bytes.len())));
    for i in 0..zin.len() {
        let file = zin.by_index_raw(i).map_err(zip_err)?;
        let name = decode_name(file.name_raw());
        if removed.contains(&name) {
            continue;
        }
        let Some(data) = changed.get(&name) else {
            zout.raw_copy_file(file).map_err(zip_err)?;
            continue;
        };
        let method = match file.compression() {
            CompressionMethod::Stored => CompressionMethod::Stored,
            _ => CompressionMethod::Deflated,
        };
        let mut options = SimpleFileOptions::default().compression_method(method);
        if let Some(t) = file.last_modified() {
            options = options.last_modified_time(t);
        }
        drop(file);
        zout.start_file(name.as_str(), options).map_err(zip_err)?;
        zout.write_all(data)
            .map_err(|e| RedactError::Malformed(format!("zip: {e}")))?;
    }
    Ok(zout.finish().map_err(zip_err)?.into_inner())
}
