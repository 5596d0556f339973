//! Every XML part without a rewriter of its own (relationships, content types, document
//! properties, charts' cached values, pivot caches, drawings, external links): plan values
//! masked in text nodes and attribute values, and elements dropped or emptied on request.

use std::ops::Range;

use quick_xml::events::Event;

use super::text::{mask_attrs, mask_content};
use super::xml::{attrs, local, Attr, Cursor, Splices};
use crate::redact::{Plan, RedactError};

/// What to do with one element.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Act {
    Keep,
    /// The element and everything in it removed.
    Drop,
    /// Its content removed, the tags kept (`<dc:creator></dc:creator>`).
    Clear,
}

/// A start tag as [`rewrite`]'s callback sees it.
pub(super) struct Tag<'t> {
    pub local: &'t str,
    pub attrs: &'t [Attr],
    /// Nesting depth of the element itself (the root is 1).
    pub depth: usize,
    /// Offset of the tag in the part.
    pub start: usize,
}

/// What [`rewrite`] did.
#[derive(Default)]
pub(super) struct Done {
    pub replaced: usize,
    pub dropped: usize,
    /// Elements whose non-empty content was cleared.
    pub cleared: usize,
}

/// Rewrites a part: `decide` is asked about every element; text and attributes of what is
/// kept have their plan values masked. Returns the new bytes when anything changed.
pub(super) fn rewrite(
    src: &[u8],
    what: &str,
    plan: &Plan,
    decide: &mut dyn FnMut(&Tag) -> Act,
    done: &mut Done,
) -> Result<Option<Vec<u8>>, RedactError> {
    let mut cur = Cursor::new(src, what);
    let mut splices = Splices::default();
    let mut text: Option<Range<usize>> = None;
    loop {
        let (event, span) = cur.next()?;
        if matches!(
            event,
            Event::Text(_) | Event::GeneralRef(_) | Event::CData(_)
        ) {
            text = Some(text.map_or(span.clone(), |t| t.start..span.end));
            continue;
        }
        if let Some(t) = text.take() {
            done.replaced += mask_content(src, t, plan, &mut splices);
        }
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::Eof => break,
            _ => continue,
        };
        let list = attrs(&e, src);
        let depth = if empty { cur.depth() + 1 } else { cur.depth() };
        let tag = Tag {
            local: local(&e),
            attrs: &list,
            depth,
            start: span.start,
        };
        match decide(&tag) {
            Act::Keep => done.replaced += mask_attrs(&e, src, plan, &mut splices),
            Act::Drop => {
                let end = if empty { span.end } else { cur.content()?.1 };
                splices.push(span.start..end, Vec::new());
                done.dropped += 1;
            }
            Act::Clear => {
                done.replaced += mask_attrs(&e, src, plan, &mut splices);
                if !empty {
                    let (content, _) = cur.content()?;
                    if !content.is_empty() {
                        splices.push(content, Vec::new());
                        done.cleared += 1;
                    }
                }
            }
        }
    }
    splices.apply(src, what)
}
