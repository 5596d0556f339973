//! Building segments: the text of one segment as it is collected, and the source
//! line/column reported for it.

use super::entities::norm;

/// Text being collected for one segment.
#[derive(Default)]
pub(super) struct Acc {
    text: String,
    pub(super) start: Option<usize>,
    pub(super) hidden: bool,
}

impl Acc {
    pub(super) fn add(&mut self, c: char, pos: usize) {
        if c == '\r' {
            return;
        }
        if self.start.is_none() {
            if c.is_whitespace() {
                return;
            }
            self.start = Some(pos);
        }
        self.text.push(norm(c));
    }

    /// A block boundary inside a cell: a space.
    pub(super) fn sep(&mut self) {
        if self.start.is_some() && !self.text.ends_with(char::is_whitespace) {
            self.text.push(' ');
        }
    }

    pub(super) fn take(&mut self) -> Option<(String, usize)> {
        let start = self.start.take()?;
        let mut text = std::mem::take(&mut self.text);
        text.truncate(text.trim_end().len());
        Some((text, start))
    }
}

/// Source line/column (1-based, column in chars) of byte positions of the decoded text.
///
/// Columns are counted from the nearest earlier answer on the same line (kept as marks in
/// position order), so a minified page on one long line costs linear time, not quadratic,
/// even though queries come slightly out of order (a block is located when it ends, after
/// the attributes inside it).
pub(super) struct Lines<'s> {
    src: &'s str,
    starts: Vec<usize>,
    /// Earlier answers: (position, line index, 0-based column), increasing positions.
    marks: Vec<(usize, usize, u64)>,
}

impl<'s> Lines<'s> {
    pub(super) fn new(src: &'s str) -> Self {
        let mut starts = vec![0];
        starts.extend(memchr::memchr_iter(b'\n', src.as_bytes()).map(|i| i + 1));
        Lines {
            src,
            starts,
            marks: Vec::new(),
        }
    }

    pub(super) fn at(&mut self, pos: usize) -> (u64, u64) {
        let li = self.starts.partition_point(|&s| s <= pos).saturating_sub(1);
        let line_start = self.starts.get(li).copied().unwrap_or(0);
        let m = self.marks.partition_point(|&(p, _, _)| p <= pos);
        let (from, col0) = match m.checked_sub(1).and_then(|i| self.marks.get(i)) {
            Some(&(p, l, c)) if l == li => (p, c),
            _ => (line_start, 0),
        };
        let col = col0 + self.src.get(from..pos).map_or(0, |s| s.chars().count()) as u64;
        if self.marks.last().is_none_or(|&(p, _, _)| pos > p + 64) {
            self.marks.push((pos, li, col));
        }
        (li as u64 + 1, col + 1)
    }
}
