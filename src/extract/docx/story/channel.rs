//! Run text and its channel: a run's text is visible, deleted (inside `w:del` /
//! `w:moveFrom` or `w:delText`), hidden (direct or style `w:vanish`, or unreadable on a
//! page) or a field instruction, and is appended to that channel of the current paragraph so
//! a value split across runs stays contiguous.

use super::{Channel, Story, Tag};

impl Story<'_> {
    pub(super) fn run_channel(&self) -> Channel {
        if self.del > 0 {
            return Channel::Deleted;
        }
        let para_hidden = self.paras.last().is_some_and(|p| p.style_hidden);
        let hidden = match self.runs.last() {
            Some(r) => r.direct.unwrap_or(r.style || para_hidden) || r.invisible,
            None => false,
        };
        if hidden {
            Channel::Hidden
        } else {
            Channel::Visible
        }
    }

    pub(super) fn put(&mut self, ch: Channel, text: &str) {
        let Some(p) = self.paras.last_mut() else {
            return;
        };
        let buf = match ch {
            Channel::Visible => &mut p.visible,
            Channel::Deleted => &mut p.deleted,
            Channel::Hidden => &mut p.hidden,
            Channel::Code => &mut p.code,
        };
        buf.push_str(text);
    }

    pub(super) fn text(&mut self, t: &str) {
        if self.skip_from.is_some() {
            return;
        }
        let ch = match self.parent() {
            Some(Tag::T) => self.run_channel(),
            Some(Tag::DelText) => Channel::Deleted,
            Some(Tag::Instr) => {
                if self.del > 0 {
                    Channel::Deleted
                } else {
                    Channel::Code
                }
            }
            _ => return,
        };
        self.put(ch, t);
    }
}
