//! What every format's rewriter shares: its options, its result and its errors.

/// What to do with the channels a reader of the published document does not see:
/// comments, tracked changes, hidden sheets/rows/columns, HTML comments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, clap::ValueEnum)]
pub enum HiddenChannels {
    /// Drop them: comments removed, tracked changes accepted, hidden sheets removed, the
    /// cells of hidden rows and columns emptied. The default: a hidden channel is a leak
    /// channel, and a published copy has no use for it.
    #[default]
    Remove,
    /// Keep them, with the values in them masked like the visible text.
    Mask,
}

/// Options of one format rewrite.
#[derive(Clone, Copy, Debug, Default)]
pub struct FormatOptions {
    pub hidden: HiddenChannels,
}

/// A rewritten document.
#[derive(Debug, Default)]
pub struct Redacted {
    pub bytes: Vec<u8>,
    /// How many values were replaced.
    pub replaced: usize,
    /// What was dropped or cleared besides the replaced values, for the per-file summary, in
    /// Chinese, without any value: `删除批注 2 条`, `接受修订 3 处`, `删除隐藏工作表「原始数据」`,
    /// `清除文档属性`.
    pub actions: Vec<String>,
}

/// Why a document was not rewritten. Never holds a matched value.
#[derive(Debug, thiserror::Error)]
pub enum RedactError {
    /// The format cannot be redacted in place; the message says what to do instead.
    #[error("{0}")]
    Unsupported(String),
    /// The file could not be read or rewritten (corrupt, over a limit, unexpected structure).
    #[error("cannot rewrite: {0}")]
    Malformed(String),
}

/// Core properties (docProps/core.xml) every OOXML rewrite empties: who wrote and last
/// edited the file and what it is about.
pub const CORE_PROPERTIES: &[&str] = &[
    "creator",
    "lastModifiedBy",
    "title",
    "subject",
    "description",
    "keywords",
    "category",
];

/// Extended properties (docProps/app.xml) emptied likewise.
pub const APP_PROPERTIES: &[&str] = &["Company", "Manager"];

/// An OLE compound file where an OOXML package was expected: a password-protected docx or
/// xlsx (the encrypted package inside an OLE container) or a legacy .doc/.xls.
pub fn refuse_ole(bytes: &[u8], what: &str) -> Result<(), RedactError> {
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        return Err(RedactError::Unsupported(format!(
            "an OLE compound file (encrypted or legacy {what}), not a package that can be \
             rewritten: decrypt it or save it as .{what}, then redact"
        )));
    }
    Ok(())
}
