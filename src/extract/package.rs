//! Zip packages (docx/xlsx/pptx/odt/ofd and plain .zip) read within the input's budget:
//! member count and overlapping entries checked before anything is inflated, every member
//! inflated through [`Budget::read_bounded`] (sizes in headers are not trusted), member names
//! decoded as UTF-8 or, without the UTF-8 flag, as GBK (what Chinese Windows writes).

use std::collections::HashMap;
use std::io::Cursor;

use zip::result::ZipError;
use zip::ZipArchive;

use super::limits::{Budget, ExtractError};

pub struct Package<'b> {
    zip: ZipArchive<Cursor<&'b [u8]>>,
    names: Vec<String>,
    index: HashMap<String, usize>,
    budget: &'b Budget,
}

fn zip_error(e: ZipError) -> ExtractError {
    match e {
        ZipError::UnsupportedArchive(m) if m.to_lowercase().contains("password") => {
            ExtractError::Encrypted("zip member".into())
        }
        ZipError::InvalidPassword => ExtractError::Encrypted("zip member".into()),
        ZipError::UnsupportedArchive(m) => ExtractError::Unsupported(format!("zip: {m}")),
        other => ExtractError::Corrupt(format!("zip: {other}")),
    }
}

/// A member name from its raw bytes: UTF-8 when valid, else GBK/GB18030.
pub fn decode_name(raw: &[u8]) -> String {
    match std::str::from_utf8(raw) {
        Ok(s) => s.to_string(),
        Err(_) => encoding_rs::GB18030
            .decode_without_bom_handling(raw)
            .0
            .into_owned(),
    }
}

impl<'b> Package<'b> {
    pub fn open(bytes: &'b [u8], budget: &'b Budget) -> Result<Self, ExtractError> {
        let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|e| match e {
            ZipError::InvalidArchive(m) => {
                ExtractError::Corrupt(format!("zip central directory unreadable ({m})"))
            }
            other => zip_error(other),
        })?;
        if zip.len() > budget.limits.max_members {
            return Err(ExtractError::Limit(format!(
                "{} members in one package (limit {})",
                zip.len(),
                budget.limits.max_members
            )));
        }
        if zip.has_overlapping_files().unwrap_or(true) {
            return Err(ExtractError::Limit(
                "zip members overlap each other (a known zip-bomb construction)".into(),
            ));
        }
        let names: Vec<String> = zip.file_names_raw().map(decode_name).collect();
        let index = names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.clone(), i))
            .collect();
        Ok(Package {
            zip,
            names,
            index,
            budget,
        })
    }

    /// Member names in central-directory order.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The member a relationship target names. Part names are case-insensitive in OPC (a
    /// target may say `word/Document.xml` for a member `word/document.xml`).
    pub fn actual_name(&self, target: &str) -> Option<String> {
        if self.has(target) {
            return Some(target.to_string());
        }
        self.names()
            .iter()
            .find(|n| n.eq_ignore_ascii_case(target))
            .cloned()
    }

    pub fn has(&self, name: &str) -> bool {
        self.index.contains_key(name)
    }

    /// The package comment (archive tools let people write anything there).
    pub fn comment(&self) -> String {
        decode_name(self.zip.comment())
    }

    /// Whether member `i` is a directory entry.
    pub fn is_dir(&self, i: usize) -> bool {
        self.names.get(i).is_some_and(|n| n.ends_with('/'))
    }

    /// Whether member `i` is encrypted.
    pub fn is_encrypted(&mut self, i: usize) -> bool {
        match self.zip.by_index_raw(i) {
            Ok(f) => f.encrypted(),
            Err(_) => false,
        }
    }

    /// Reads a member by name (names are case-sensitive; a leading `/` is ignored).
    pub fn read(&mut self, name: &str) -> Result<Vec<u8>, ExtractError> {
        let name = name.trim_start_matches('/');
        let i = *self
            .index
            .get(name)
            .ok_or_else(|| ExtractError::Corrupt(format!("package part {name} missing")))?;
        self.read_index(i)
    }

    /// Reads a member by name if present.
    pub fn read_opt(&mut self, name: &str) -> Result<Option<Vec<u8>>, ExtractError> {
        if self.has(name.trim_start_matches('/')) {
            self.read(name).map(Some)
        } else {
            Ok(None)
        }
    }

    pub fn read_index(&mut self, i: usize) -> Result<Vec<u8>, ExtractError> {
        self.budget.check_time()?;
        let what = self.names.get(i).cloned().unwrap_or_default();
        let file = self.zip.by_index(i).map_err(|e| match zip_error(e) {
            ExtractError::Encrypted(_) => ExtractError::Encrypted(format!("zip member {what}")),
            other => other,
        })?;
        if file.encrypted() {
            return Err(ExtractError::Encrypted(format!("zip member {what}")));
        }
        let compressed = file.compressed_size();
        let cap = self.budget.limits.max_decompressed_bytes;
        self.budget.read_bounded(file, cap, Some(compressed), &what)
    }
}

/// Resolves a relationship target against the part that holds the `.rels` (`word/_rels/
/// document.xml.rels` + `header1.xml` → `word/header1.xml`; `../media/x` and `/abs` work).
pub fn resolve_target(source_part: &str, target: &str) -> String {
    if let Some(abs) = target.strip_prefix('/') {
        return abs.to_string();
    }
    let mut parts: Vec<&str> = source_part.split('/').collect();
    parts.pop();
    for seg in target.split('/') {
        match seg {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    parts.join("/")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn targets_resolve_relative_to_the_source_part() {
        assert_eq!(
            resolve_target("word/document.xml", "header1.xml"),
            "word/header1.xml"
        );
        assert_eq!(
            resolve_target("ppt/slides/slide1.xml", "../notesSlides/n1.xml"),
            "ppt/notesSlides/n1.xml"
        );
        assert_eq!(
            resolve_target("word/document.xml", "/customXml/item1.xml"),
            "customXml/item1.xml"
        );
    }

    #[test]
    fn gbk_names_decode() {
        // 审计 in GBK.
        assert_eq!(decode_name(&[0xC9, 0xF3, 0xBC, 0xC6]), "审计");
        assert_eq!(decode_name("附件".as_bytes()), "附件");
    }
}
