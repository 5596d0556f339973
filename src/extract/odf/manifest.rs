//! `META-INF/manifest.xml`: whether the package is encrypted, and the media type of the
//! package root when the `mimetype` entry does not say what kind of document it is.

use crate::extract::xml::{attr, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// Whether the manifest declares encrypted parts. A manifest that does not parse is
/// searched as bytes (better a false "encrypted" than ciphertext read as text).
pub(super) fn encrypted(manifest: &[u8], ctx: &Ctx) -> bool {
    let mut r = XmlReader::new(
        manifest,
        ctx.budget.limits.max_xml_depth,
        "META-INF/manifest.xml",
    );
    loop {
        match r.next() {
            Ok(XmlEvent::Start { e, .. }) => {
                if e.local_name().as_ref() == "encryption-data" {
                    return true;
                }
            }
            Ok(XmlEvent::Eof) => return false,
            Ok(_) => {}
            Err(_) => return memchr::memmem::find(manifest, b"encryption-data").is_some(),
        }
    }
}

/// The media type of the `/` entry of the manifest (when `mimetype` is missing).
pub(super) fn root_media_type(manifest: &[u8], ctx: &Ctx) -> Option<String> {
    let mut r = XmlReader::new(
        manifest,
        ctx.budget.limits.max_xml_depth,
        "META-INF/manifest.xml",
    );
    loop {
        match r.next().ok()? {
            XmlEvent::Start { e, .. }
                if e.local_name().as_ref() == "file-entry"
                    && attr(&e, "full-path").is_some_and(|p| p == "/") =>
            {
                return attr(&e, "media-type");
            }
            XmlEvent::Eof => return None,
            _ => {}
        }
    }
}
