//! Column headers of tab-separated tables in text: in a list exported as text
//! (`序号\t姓名\t身份证号\t联系电话\t银行卡号`), the header says what a bare number below it is,
//! just as a label before a value does.
//!
//! The tracker moves forward with the identifier scan (offsets only increase), so following
//! lines costs one `memchr` pass over the text in total, and a header cell is looked up
//! only for a candidate that asks for cues.

/// Follows lines and tab blocks up to the current scan position.
#[derive(Default)]
pub struct TableTracker {
    scanned_to: usize,
    line_start: usize,
    /// Whether the current line contains a tab (computed once per line).
    line_has_tab: Option<bool>,
    /// Tabs between `line_start` and `tabs_counted_to`.
    tabs_before: usize,
    tabs_counted_to: usize,
    /// The first line of the current run of tab-separated lines.
    header: Option<(usize, usize)>,
    /// Byte spans of that header's cells, split once per header (regression: splitting per
    /// candidate made an 80k-column table quadratic).
    header_cells: Vec<(usize, usize)>,
}

impl TableTracker {
    /// The header cell above byte `at`, when `at` sits in a tab-separated row below a
    /// header row. `at` must not decrease between calls.
    pub fn header_cell<'t>(&mut self, text: &'t str, at: usize) -> Option<&'t str> {
        self.advance(text, at);
        let line_end = |from: usize| {
            memchr::memchr(b'\n', text.as_bytes().get(from..).unwrap_or(&[]))
                .map_or(text.len(), |p| from + p)
        };
        let has_tab = *self.line_has_tab.get_or_insert_with(|| {
            let line = text
                .as_bytes()
                .get(self.line_start..line_end(self.line_start));
            line.is_some_and(|l| memchr::memchr(b'\t', l).is_some())
        });
        let (hs, he) = self.header?;
        if !has_tab || hs == self.line_start {
            return None;
        }
        let from = self.tabs_counted_to.max(self.line_start);
        let gap = text.as_bytes().get(from..at).unwrap_or(&[]);
        self.tabs_before += memchr::memchr_iter(b'\t', gap).count();
        self.tabs_counted_to = at;
        if self.header_cells.first().is_none_or(|&(s, _)| s != hs) {
            self.header_cells.clear();
            let mut cell_start = hs;
            let header = text.as_bytes().get(hs..he).unwrap_or(&[]);
            for tab in memchr::memchr_iter(b'\t', header) {
                self.header_cells.push((cell_start, hs + tab));
                cell_start = hs + tab + 1;
            }
            self.header_cells.push((cell_start, he));
        }
        let &(cs, ce) = self.header_cells.get(self.tabs_before)?;
        text.get(cs..ce)
    }

    fn advance(&mut self, text: &str, at: usize) {
        if at <= self.scanned_to {
            return;
        }
        let bytes = text.as_bytes();
        let gap = bytes.get(self.scanned_to..at).unwrap_or(&[]);
        for nl in memchr::memchr_iter(b'\n', gap) {
            let end = self.scanned_to + nl;
            let has_tab = match self.line_has_tab {
                Some(t) => t,
                None => {
                    memchr::memchr(b'\t', bytes.get(self.line_start..end).unwrap_or(&[])).is_some()
                }
            };
            self.header = match (has_tab, self.header) {
                (false, _) => None,
                (true, None) => Some((self.line_start, end)),
                (true, header) => header,
            };
            self.line_start = end + 1;
            self.line_has_tab = None;
            self.tabs_before = 0;
            self.tabs_counted_to = self.line_start;
        }
        self.scanned_to = at;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_header_cell_of_column() {
        let text = "临时救助名单\n序号\t姓名\t银行卡号\n1\t张*\t6222021234567890128\n2\t李*\t6228480012345671\n\n说明 6222";
        let mut t = TableTracker::default();
        let first = text.find("6222021").unwrap_or(0);
        assert_eq!(t.header_cell(text, first), Some("银行卡号"));
        let second = text.find("6228480").unwrap_or(0);
        assert_eq!(t.header_cell(text, second), Some("银行卡号"));
        let after = text.rfind("6222").unwrap_or(0);
        assert_eq!(t.header_cell(text, after), None);
    }

    #[test]
    fn header_row_itself_has_no_header() {
        let text = "卡号\t金额\n";
        let mut t = TableTracker::default();
        assert_eq!(t.header_cell(text, 0), None);
    }
}
