//! Destinations whose text is collected apart from the body (metadata of `\info`,
//! headers, footers, footnotes, annotations and their authors, field instructions):
//! each one fills a [`Buf`] that is written out when its group closes.

use super::{Buf, Dest, Parser};
use crate::extract::document::{Loc, Part};
use crate::extract::limits::ExtractError;

impl Parser<'_, '_> {
    pub(super) fn new_buf(&mut self, part: Part, field: Option<String>) {
        if self.st.dest == Dest::Skip {
            return;
        }
        self.bufs.push(Buf {
            part,
            field,
            text: String::new(),
            start: None,
        });
        self.st.dest = Dest::Buf(self.bufs.len() - 1);
    }

    pub(super) fn finish_buf(&mut self, i: usize) -> Result<(), ExtractError> {
        let Some(buf) = self.bufs.get_mut(i) else {
            return Ok(());
        };
        let text = std::mem::take(&mut buf.text);
        let (part, field, start) = (buf.part, buf.field.take(), buf.start.take());
        let text = text.trim();
        if part == Part::Other {
            // `\atnauthor` / `\atnid`: the author of the next annotation.
            if !text.is_empty()
                && (field.as_deref() == Some("atnauthor") || self.last_author.is_none())
            {
                self.last_author = Some(text.to_string());
            }
            return Ok(());
        }
        let Some(start) = start else { return Ok(()) };
        let mut loc = Loc::part(part);
        loc.field = field;
        let loc = self.at(loc, start);
        self.b.push(text, loc)?;
        if part == Part::Comment {
            self.last_author = None;
        }
        Ok(())
    }
}
