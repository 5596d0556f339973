//! `<loc>` entries of a sitemap or sitemap index (sitemaps.org); other elements ignored.

use quick_xml::events::Event;
use quick_xml::Reader;

/// The URLs a sitemap lists and whether it is an index (its URLs are sitemaps). At most
/// `limit` entries; malformed XML yields what was read before the fault.
pub fn locations(xml: &[u8], limit: usize) -> (Vec<String>, bool) {
    let mut reader = Reader::from_reader(xml);
    let (mut out, mut index) = (Vec::new(), false);
    // The text of the `<loc>` being read (quick-xml hands `&amp;` over as its own event).
    let mut loc: Option<String> = None;
    let mut buf = Vec::new();
    while out.len() < limit {
        match reader.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => match e.local_name().into_inner() {
                "loc" => loc = Some(String::new()),
                "sitemapindex" => index = true,
                _ => {}
            },
            Ok(Event::End(_)) => {
                if let Some(text) = loc.take() {
                    let text = text.trim();
                    if !text.is_empty() {
                        out.push(text.to_string());
                    }
                }
            }
            Ok(Event::Text(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(&t.into_inner());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(l) = loc.as_mut() {
                    l.push_str(&t.into_inner());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(l) = loc.as_mut() {
                    let name = r.into_inner().into_owned();
                    match name.as_str() {
                        "amp" => l.push('&'),
                        "lt" => l.push('<'),
                        "gt" => l.push('>'),
                        "quot" => l.push('"'),
                        "apos" => l.push('\''),
                        _ => {}
                    }
                }
            }
            // DTDs are not expanded by quick-xml; an entity bomb stays text.
            Ok(Event::Eof) | Err(_) => break,
            _ => {}
        }
        buf.clear();
    }
    (out, index)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urlset_and_index() {
        let urlset =
            br#"<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
            <url><loc> https://x.gov.cn/a.html </loc><lastmod>2024-01-01</lastmod></url>
            <url><loc>https://x.gov.cn/b.docx?id=1&amp;t=2</loc></url></urlset>"#;
        assert_eq!(
            locations(urlset, 100),
            (
                vec![
                    "https://x.gov.cn/a.html".to_string(),
                    "https://x.gov.cn/b.docx?id=1&t=2".to_string()
                ],
                false
            )
        );
        let index = br#"<sitemapindex><sitemap><loc>https://x.gov.cn/s1.xml</loc></sitemap></sitemapindex>"#;
        assert!(locations(index, 100).1);
        assert_eq!(
            locations(b"<urlset><url><loc>a</loc></url><url><loc>b", 1)
                .0
                .len(),
            1
        );
        assert!(locations(b"\x00\xff garbage", 10).0.is_empty());
    }
}
