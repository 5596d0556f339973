//! Extraction: bytes of one input → text the detectors can read, with what is needed to
//! locate findings. Knows formats, not rules.
//!
//! The format is decided by content, not by extension: magic bytes, then the members of a
//! zip package or the streams of an OLE compound file, then markup in the decoded head. A
//! `.xls` that is HTML or a `.doc` that is RTF or docx is read as what it is. The extension
//! only breaks ties no content can settle (CSV versus plain text).

pub mod document;
pub mod limits;
pub mod package;
pub mod props;
pub mod rels;
pub mod text;
pub mod xml;

pub mod archive;
pub mod csv;
pub mod docx;
pub mod html;
pub mod mail;
pub mod odf;
pub mod ofd;
pub mod ole;
pub mod pdf;
pub mod pptx;
pub mod rtf;
pub mod sheet;
pub mod warc;

use encoding_rs::Encoding;

pub use document::{Document, DocumentBuilder, Loc, Part};
pub use limits::{Budget, ExtractError, Limits};
use package::Package;

/// What an input was recognised as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Plain text: scanned by the streaming text path, not through a [`Document`].
    Text,
    Csv,
    Html,
    Eml,
    Rtf,
    Pdf,
    /// Any zip: the package members decide (docx, xlsx, pptx, odt, ofd, or an archive).
    Zip,
    /// Any OLE2 compound file: the streams decide (doc/wps, xls/et, ppt, encrypted OOXML).
    Ole,
    SevenZ,
    /// A WARC web archive, plain or gzip (`.warc`, `.warc.gz`).
    Warc,
    /// Recognised but not read (the reason says what it is).
    Unsupported(&'static str),
    /// No text and no known signature.
    Binary,
}

const OLE_MAGIC: &[u8] = b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1";

/// Decides the format from the first bytes (up to 64 KiB) and the file name.
pub fn detect_format(head: &[u8], name: &str, forced: Option<&'static Encoding>) -> Format {
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"PK\x05\x06") {
        return Format::Zip;
    }
    if head.starts_with(OLE_MAGIC) {
        return Format::Ole;
    }
    // PDF writers may put junk before the header; readers accept it within the first KiB.
    if memchr::memmem::find(head.get(..1024).unwrap_or(head), b"%PDF-").is_some() {
        return Format::Pdf;
    }
    if head.starts_with(b"{\\rtf") {
        return Format::Rtf;
    }
    if head.starts_with(b"7z\xBC\xAF\x27\x1C") {
        return Format::SevenZ;
    }
    if warc::is_warc_start(head) || warc::gzip_holds_warc(head) {
        return Format::Warc;
    }
    for (magic, what) in BINARY_SIGNATURES {
        if head.starts_with(magic) {
            return Format::Unsupported(what);
        }
    }
    let text::Sniffed::Text { encoding, bom_len } = text::sniff(head, forced) else {
        return Format::Binary;
    };
    let body = head.get(bom_len..).unwrap_or(&[]);
    let sample = body.get(..body.len().min(4096)).unwrap_or(body);
    let (decoded, _) = encoding.decode_without_bom_handling(sample);
    let lower = extension(name);
    if looks_like_html(&decoded) {
        return Format::Html;
    }
    if looks_like_mail(&decoded) || matches!(lower.as_str(), "eml" | "mht" | "mhtml") {
        return Format::Eml;
    }
    if matches!(lower.as_str(), "csv" | "tsv") {
        return Format::Csv;
    }
    Format::Text
}

const BINARY_SIGNATURES: &[(&[u8], &str)] = &[
    (
        b"Rar!\x1A\x07",
        "RAR archive (not inspected: extract it and scan the files)",
    ),
    (
        b"\x1F\x8B",
        "gzip archive (not inspected: extract it and scan the files)",
    ),
    (
        b"\x89PNG",
        "PNG image (no text layer: needs OCR or a manual review)",
    ),
    (
        b"\xFF\xD8\xFF",
        "JPEG image (no text layer: needs OCR or a manual review)",
    ),
    (
        b"GIF8",
        "GIF image (no text layer: needs OCR or a manual review)",
    ),
    (
        b"II*\x00",
        "TIFF image (no text layer: needs OCR or a manual review)",
    ),
    (
        b"MM\x00*",
        "TIFF image (no text layer: needs OCR or a manual review)",
    ),
    (
        b"BM",
        "BMP image (no text layer: needs OCR or a manual review)",
    ),
    (b"\x7FELF", "executable"),
    (b"MZ", "executable"),
];

fn extension(name: &str) -> String {
    // A page of a web archive is named by its URL: `…/export.csv?id=3` is a CSV.
    let name = if name.contains("://") {
        name.split(['?', '#']).next().unwrap_or(name)
    } else {
        name
    };
    let file = name.rsplit(['/', '\\']).next().unwrap_or(name);
    match file.rsplit_once('.') {
        Some((_, ext)) => ext.to_ascii_lowercase(),
        None => String::new(),
    }
}

/// Markup at the start of the text (after whitespace, a BOM and comments).
fn looks_like_html(decoded: &str) -> bool {
    let head: String = decoded
        .chars()
        .take(1024)
        .collect::<String>()
        .to_ascii_lowercase();
    let t = head.trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n']);
    if !t.starts_with('<') {
        return false;
    }
    [
        "<!doctype html",
        "<html",
        "<head",
        "<body",
        "<meta",
        "<title",
        "<table",
        "<div",
        "<p>",
    ]
    .iter()
    .any(|m| t.contains(m))
        || (t.starts_with("<?xml") && t.contains("<html"))
}

/// RFC 822 headers at the start: at least two known header names before the first blank
/// line.
fn looks_like_mail(decoded: &str) -> bool {
    const NAMES: &[&str] = &[
        "from",
        "to",
        "subject",
        "date",
        "mime-version",
        "received",
        "return-path",
        "message-id",
        "content-type",
        "x-mailer",
        "cc",
    ];
    let mut known = 0;
    for line in decoded.lines().take(40) {
        if line.is_empty() {
            break;
        }
        if line.starts_with([' ', '\t']) {
            continue;
        }
        let Some((name, _)) = line.split_once(':') else {
            return false;
        };
        if NAMES.contains(&name.trim().to_ascii_lowercase().as_str()) {
            known += 1;
        }
    }
    known >= 2
}

/// Everything an extractor needs besides the bytes.
pub struct Ctx<'a> {
    pub budget: &'a Budget,
    /// The file name (for messages and the CSV/text tie-break).
    pub name: &'a str,
    /// `--encoding`: decode text formats with this charset.
    pub encoding: Option<&'static Encoding>,
}

/// Extracts a non-text input into a [`Document`]. `Format::Text` inputs are scanned by
/// the streaming text path and never come here.
pub fn extract(bytes: &[u8], format: Format, ctx: &Ctx) -> Result<Document, ExtractError> {
    match format {
        Format::Text => extract_plain_text(bytes, ctx),
        Format::Csv => csv::extract(bytes, ctx),
        Format::Html => html::extract(bytes, ctx),
        Format::Eml => mail::extract(bytes, ctx),
        Format::Rtf => rtf::extract(bytes, ctx),
        Format::Pdf => pdf::extract(bytes, ctx),
        Format::Zip => extract_zip_family(bytes, ctx),
        Format::Ole => extract_ole(bytes, ctx),
        Format::SevenZ => archive::extract_7z(bytes, ctx),
        Format::Warc => warc::extract(bytes, ctx),
        Format::Unsupported(what) => Err(ExtractError::Unsupported(what.to_string())),
        Format::Binary => Err(ExtractError::Unsupported(
            "binary file with no known format".into(),
        )),
    }
}

/// Plain text as one segment (for `baomi extract` and archive members; `scan` streams
/// top-level text files instead).
fn extract_plain_text(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let text = text::decode_all(bytes, ctx.encoding);
    let mut b = DocumentBuilder::new("text", ctx.budget.limits.max_text_bytes);
    b.push(&text, Loc::part(Part::Body).with_line(1, 1))?;
    Ok(b.finish())
}

/// Stack for an extraction thread: parsers recurse (bounded by depth limits), and a stack
/// overflow aborts the process where a panic would only fail the file.
const EXTRACT_STACK: usize = 64 << 20;
/// Grace after the deadline for an extractor to notice it (it checks between parts).
const DEADLINE_GRACE: std::time::Duration = std::time::Duration::from_secs(2);

/// [`extract`] on a thread of its own, so the per-input time budget holds even when a
/// parser spins inside a library call that never checks the deadline (the thread is then
/// abandoned and the file reported as timed out), and a panic fails only this file.
pub fn extract_guarded(
    bytes: Vec<u8>,
    format: Format,
    name: &str,
    encoding: Option<&'static Encoding>,
    budget: &Budget,
) -> Result<Document, ExtractError> {
    run_guarded(budget, name, encoding, move |ctx| {
        extract(&bytes, format, ctx)
    })
}

/// Runs `work` on its own thread with a fork of `budget`, waiting at most until the
/// deadline (plus a grace for cooperative checks to fire).
fn run_guarded(
    budget: &Budget,
    name: &str,
    encoding: Option<&'static Encoding>,
    work: impl FnOnce(&Ctx) -> Result<Document, ExtractError> + Send + 'static,
) -> Result<Document, ExtractError> {
    let child = budget.fork();
    let name_owned = name.to_string();
    let (tx, rx) = std::sync::mpsc::channel();
    let spawned = std::thread::Builder::new()
        .name("baomi-extract".into())
        .stack_size(EXTRACT_STACK)
        .spawn(move || {
            let ctx = Ctx {
                budget: &child,
                name: &name_owned,
                encoding,
            };
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(&ctx)));
            let _ = tx.send((result, child));
        });
    if let Err(e) = spawned {
        return Err(ExtractError::Limit(format!(
            "cannot start a reader thread: {e}"
        )));
    }
    match rx.recv_timeout(budget.time_left() + DEADLINE_GRACE) {
        Ok((Ok(result), child)) => {
            budget.absorb(&child);
            result
        }
        Ok((Err(_), _)) | Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => {
            Err(ExtractError::Corrupt(
                "internal error while reading this file (a bug: please report)".into(),
            ))
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            Err(ExtractError::Timeout(budget.limits.time_budget.as_secs()))
        }
    }
}

/// What to do with a file found inside another one.
pub enum MemberCheck {
    /// Read it as this format.
    Open(Vec<u8>, Format, [u8; 32]),
    /// It cannot be read (the error record to report).
    Error(ExtractError),
    /// It is not a document (an image, an unknown binary): the reason.
    Skip(String),
}

/// Decides whether a member is opened: bounded nesting, no file that contains itself
/// (`ancestors` are the digests of the documents above it), a known format.
pub fn check_member(
    content: Result<Vec<u8>, ExtractError>,
    name: &str,
    depth: u32,
    ancestors: &[[u8; 32]],
    limits: &Limits,
    encoding: Option<&'static Encoding>,
) -> MemberCheck {
    let bytes = match content {
        Ok(bytes) => bytes,
        Err(e) => return MemberCheck::Error(e),
    };
    if depth + 1 > limits.max_depth {
        return MemberCheck::Error(ExtractError::Limit(format!(
            "nested more than {} levels deep in archives or embedded files",
            limits.max_depth
        )));
    }
    let hash = digest(&bytes);
    if ancestors.contains(&hash) {
        return MemberCheck::Error(ExtractError::Limit(
            "the file contains itself (recursive archive)".into(),
        ));
    }
    let head = bytes.get(..bytes.len().min(64 * 1024)).unwrap_or(&bytes);
    match detect_format(head, name, encoding) {
        Format::Unsupported(what) => MemberCheck::Skip(what.to_string()),
        Format::Binary => MemberCheck::Skip("binary file with no known format: not scanned".into()),
        format => MemberCheck::Open(bytes, format, hash),
    }
}

/// SHA-256 of a document (recursion checks).
pub fn digest(bytes: &[u8]) -> [u8; 32] {
    use sha2::Digest;
    sha2::Sha256::digest(bytes).into()
}

/// Zip packages, told apart by their members.
fn extract_zip_family(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let mut pkg = Package::open(bytes, ctx.budget)?;
    if pkg.has("word/document.xml") || pkg.has("word/document2.xml") {
        return docx::extract(&mut pkg, ctx);
    }
    if pkg.has("xl/workbook.xml") || pkg.has("xl/workbook.bin") {
        drop(pkg);
        return sheet::extract_ooxml(bytes, ctx);
    }
    if pkg.has("ppt/presentation.xml") {
        return pptx::extract(&mut pkg, ctx);
    }
    if pkg.has("OFD.xml") {
        return ofd::extract(&mut pkg, ctx);
    }
    if pkg.has("META-INF/manifest.xml") || pkg.has("mimetype") {
        let mimetype = pkg.read_opt("mimetype")?.unwrap_or_default();
        let mimetype = String::from_utf8_lossy(&mimetype).to_string();
        if mimetype.contains("spreadsheet") {
            drop(pkg);
            return sheet::extract_ods(bytes, ctx);
        }
        if mimetype.contains("opendocument") || pkg.has("content.xml") {
            return odf::extract(&mut pkg, &mimetype, ctx);
        }
    }
    archive::extract_zip(&mut pkg, ctx)
}

/// OLE compound files, told apart by their streams.
fn extract_ole(bytes: &[u8], ctx: &Ctx) -> Result<Document, ExtractError> {
    let kind = ole::classify(bytes)?;
    match kind {
        ole::OleKind::Word => ole::extract_doc(bytes, ctx),
        ole::OleKind::Workbook => sheet::extract_xls(bytes, ctx),
        ole::OleKind::PowerPoint => ole::extract_ppt(bytes, ctx),
        ole::OleKind::EncryptedOoxml => Err(ExtractError::Encrypted(
            "Office document encrypted with a password (EncryptedPackage)".into(),
        )),
        ole::OleKind::EmbeddedObject => ole::extract_embedded(bytes, ctx),
        ole::OleKind::OutlookMessage => ole::extract_msg(bytes, ctx),
        ole::OleKind::Other(what) => Err(ExtractError::Unsupported(what)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reader_that_never_checks_the_deadline_is_abandoned_at_it() {
        let limits = Limits {
            time_budget: std::time::Duration::ZERO,
            ..Limits::default()
        };
        let budget = Budget::new(limits);
        let (tx, rx) = std::sync::mpsc::channel::<()>();
        // Blocks until the test ends: a library call that never returns.
        let stuck = run_guarded(&budget, "x", None, move |_| {
            let _ = rx.recv();
            Ok(Document::default())
        });
        assert_eq!(stuck.err(), Some(ExtractError::Timeout(0)));
        drop(tx);
    }

    #[test]
    fn a_panicking_reader_fails_only_its_file() {
        let budget = Budget::new(Limits::default());
        let failed = run_guarded(&budget, "x", None, |_| panic!("bug"));
        assert!(matches!(failed, Err(ExtractError::Corrupt(m)) if m.contains("internal error")));
        let fine = run_guarded(&budget, "y", None, |_| Ok(Document::default()));
        assert!(fine.is_ok());
    }

    #[test]
    fn formats_by_content_not_extension() {
        assert_eq!(detect_format(b"PK\x03\x04rest", "a.doc", None), Format::Zip);
        assert_eq!(detect_format(b"%PDF-1.7", "a.txt", None), Format::Pdf);
        assert_eq!(detect_format(b"{\\rtf1\\ansi", "a.doc", None), Format::Rtf);
        assert_eq!(detect_format(OLE_MAGIC, "a.wps", None), Format::Ole);
        let html = "<html xmlns:o=\"urn:schemas-microsoft-com:office:office\"><body>";
        assert_eq!(
            detect_format(html.as_bytes(), "名单.xls", None),
            Format::Html
        );
        assert_eq!(
            detect_format("  <!DOCTYPE html><p>通知</p>".as_bytes(), "a", None),
            Format::Html
        );
        assert_eq!(
            detect_format("姓名,电话\n".as_bytes(), "a.csv", None),
            Format::Csv
        );
        assert_eq!(
            detect_format("姓名,电话\n".as_bytes(), "a.txt", None),
            Format::Text
        );
        let mail = "From: a@b.cn\r\nSubject: =?GB2312?B?1fe4ro==?=\r\n\r\nbody";
        assert_eq!(detect_format(mail.as_bytes(), "x", None), Format::Eml);
        assert!(matches!(
            detect_format(b"\x89PNG\r\n", "a.pdf", None),
            Format::Unsupported(_)
        ));
        assert_eq!(detect_format(b"WARC/1.1\r\n", "a.txt", None), Format::Warc);
        let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        let _ = std::io::Write::write_all(&mut gz, b"WARC/1.0\r\nWARC-Type: warcinfo\r\n");
        let gz = gz.finish().unwrap_or_default();
        assert_eq!(detect_format(&gz, "site.gz", None), Format::Warc);
        let not_warc = [0x1F, 0x8B, 0x08, 0x00, 0x00];
        assert!(matches!(
            detect_format(&not_warc, "a.gz", None),
            Format::Unsupported(_)
        ));
    }
}
