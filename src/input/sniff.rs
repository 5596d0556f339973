//! The real type of an input from its first bytes, not its extension: government systems
//! publish `.xls` files that are HTML and `.doc` files that are RTF or docx.

/// What an input is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileType {
    /// Anything without a binary signature: read as text (HTML and CSV included for now).
    Text,
    /// A container or binary document format not read yet; the name is for the reason.
    Unsupported(&'static str),
}

const SIGNATURES: &[(&[u8], &str)] = &[
    (b"PK\x03\x04", "zip container (docx/xlsx/pptx/ofd/zip)"),
    (b"PK\x05\x06", "zip container (empty)"),
    (b"%PDF-", "pdf"),
    (
        b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1",
        "OLE compound file (doc/xls/wps/et)",
    ),
    (b"{\\rtf", "rtf"),
    (b"7z\xBC\xAF\x27\x1C", "7z archive"),
    (b"Rar!\x1A\x07", "rar archive"),
    (b"\x1F\x8B", "gzip"),
    (b"\x89PNG", "png image"),
    (b"\xFF\xD8\xFF", "jpeg image"),
    (b"GIF8", "gif image"),
    (b"II*\x00", "tiff image"),
    (b"MM\x00*", "tiff image"),
    (b"\x7FELF", "executable"),
    (b"MZ", "executable"),
];

/// Classifies by magic bytes; text detection proper (encodings, NULs) is in
/// `extract::text::sniff`.
pub fn file_type(head: &[u8]) -> FileType {
    for (magic, name) in SIGNATURES {
        if head.starts_with(magic) {
            return FileType::Unsupported(name);
        }
    }
    FileType::Text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signatures() {
        assert_eq!(
            file_type(b"PK\x03\x04rest"),
            FileType::Unsupported("zip container (docx/xlsx/pptx/ofd/zip)")
        );
        assert!(matches!(file_type(b"%PDF-1.7"), FileType::Unsupported(_)));
        assert_eq!(file_type("身份证".as_bytes()), FileType::Text);
        assert_eq!(file_type(b""), FileType::Text);
    }
}
