//! The shared-strings table, streamed one `si` at a time: plan values masked inside the
//! `t` runs (formatting kept), phonetic runs masked on their own, and, when hidden channels
//! are removed, strings no kept cell references any more blanked (they would otherwise
//! carry a removed sheet's or row's text on in the package).

use quick_xml::events::Event;

use super::sheet::Used;
use super::text::Unit;
use super::xml::{attr, attrs, local, prefix, Cursor, Splices};
use crate::redact::{Plan, RedactError};

#[derive(Default)]
pub(super) struct SharedStats {
    pub replaced: usize,
    pub blanked: usize,
}

/// Rewrites `xl/sharedStrings.xml`; `unreferenced` (remove mode) says which strings to blank.
pub(super) fn rewrite_shared(
    src: &[u8],
    what: &str,
    plan: &Plan,
    unreferenced: Option<&Used>,
    stats: &mut SharedStats,
) -> Result<Option<Vec<u8>>, RedactError> {
    let mut cur = Cursor::new(src, what);
    let mut splices = Splices::default();
    let mut index = 0usize;
    loop {
        let (event, span) = cur.next()?;
        let e = match event {
            Event::Start(e) if local(&e) == "si" => e,
            Event::Empty(e) if local(&e) == "si" => {
                index += 1;
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        let open = cur.depth();
        let mut main = Unit::default();
        let mut phonetic: Vec<Unit> = Vec::new();
        let mut in_rph = false;
        let end = loop {
            let (event, inner) = cur.next()?;
            match event {
                Event::Start(c) => match local(&c) {
                    "rPh" => {
                        in_rph = true;
                        phonetic.push(Unit::default());
                    }
                    "t" => {
                        let preserve =
                            attr(&attrs(&c, src), "space").as_deref() == Some("preserve");
                        let (content, _) = cur.content()?;
                        match (in_rph, phonetic.last_mut()) {
                            (true, Some(unit)) => unit.push(src, content, !preserve, true),
                            _ => main.push(src, content, !preserve, true),
                        }
                    }
                    _ => {}
                },
                Event::End(c) => {
                    if cur.depth() < open {
                        break inner.end;
                    }
                    if c.local_name().as_ref() == "rPh" {
                        in_rph = false;
                    }
                }
                Event::Eof => return Err(cur.truncated()),
                _ => {}
            }
        };
        let blank = unreferenced.is_some_and(|u| u.unreferenced(index));
        if blank && !(main.is_empty() && phonetic.iter().all(Unit::is_empty)) {
            let p = prefix(&e);
            splices.push(span.start..end, format!("<{p}si><{p}t/></{p}si>"));
            stats.blanked += 1;
        } else if !blank {
            stats.replaced += main.mask(plan, &mut splices);
            for unit in &phonetic {
                stats.replaced += unit.mask(plan, &mut splices);
            }
        }
        index += 1;
    }
    splices.apply(src, what)
}
