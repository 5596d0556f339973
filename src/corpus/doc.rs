//! The document model that genres build and formats render: a title, paragraphs and
//! tables, with every planted entity recorded as a [`Label`] at the moment its text is
//! written, so a label's value is always the text exactly as written.
//!
//! Words that are labeled wherever they occur (surname-initial words in prose, attribute
//! words in policy text) are registered with [`Doc::auto_word`] and counted when the
//! document is finished; [`Doc::check`] then proves that every labeled value occurs in the
//! text exactly as many times as it is labeled.

use std::collections::BTreeMap;

use crate::finding::Kind;

/// What the engine should do with an entity: the truth file's own type.
pub use crate::eval::truth::Expect;

/// One planted entity occurrence: a line of `truth.jsonl` without file and genre.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Label {
    pub kind: Kind,
    pub value: String,
    pub expect: Expect,
    pub class: &'static str,
    pub severity: Option<&'static str>,
    pub rule: Option<&'static str>,
}

impl Label {
    pub fn flag(kind: Kind, value: impl Into<String>, class: &'static str) -> Self {
        Label {
            kind,
            value: value.into(),
            expect: Expect::Flag,
            class,
            severity: None,
            rule: None,
        }
    }

    pub fn pass(kind: Kind, value: impl Into<String>, class: &'static str) -> Self {
        Label {
            expect: Expect::Pass,
            ..Label::flag(kind, value, class)
        }
    }

    pub fn severity(mut self, severity: &'static str) -> Self {
        self.severity = Some(severity);
        self
    }

    pub fn rule(mut self, rule: &'static str) -> Self {
        self.rule = Some(rule);
        self
    }
}

/// A run of text (a paragraph or a table cell) with the labels planted in it.
#[derive(Clone, Debug, Default)]
pub struct Text {
    pub text: String,
    pub labels: Vec<Label>,
}

impl Text {
    pub fn new() -> Self {
        Text::default()
    }

    /// Unlabeled text.
    pub fn plain(s: impl Into<String>) -> Self {
        Text {
            text: s.into(),
            labels: Vec::new(),
        }
    }

    /// A cell or run holding exactly one labeled value.
    pub fn of(label: Label) -> Self {
        let mut t = Text::new();
        t.put(label);
        t
    }

    pub fn push(&mut self, s: &str) -> &mut Self {
        self.text.push_str(s);
        self
    }

    /// Writes the label's value and records the label.
    pub fn put(&mut self, label: Label) -> &mut Self {
        self.text.push_str(&label.value);
        self.labels.push(label);
        self
    }

    pub fn append(&mut self, other: Text) -> &mut Self {
        self.text.push_str(&other.text);
        self.labels.extend(other.labels);
        self
    }
}

/// A table: the first row is the header. Hidden columns are 0-based indexes.
#[derive(Clone, Debug, Default)]
pub struct Table {
    pub rows: Vec<Vec<String>>,
    pub hidden_cols: Vec<usize>,
}

#[derive(Clone, Debug)]
pub enum Block {
    Title(String),
    Para(String),
    Table(Table),
}

/// A generated document: blocks in reading order and the labels of everything planted.
#[derive(Clone, Debug)]
pub struct Doc {
    pub genre: &'static str,
    pub blocks: Vec<Block>,
    pub labels: Vec<Label>,
    auto: Vec<(Kind, &'static str, &'static str)>,
}

impl Doc {
    pub fn new(genre: &'static str) -> Self {
        Doc {
            genre,
            blocks: Vec::new(),
            labels: Vec::new(),
            auto: Vec::new(),
        }
    }

    pub fn title(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Title(s.into()));
    }

    pub fn para(&mut self, t: Text) {
        self.labels.extend(t.labels);
        self.blocks.push(Block::Para(t.text));
    }

    /// An unlabeled paragraph.
    pub fn line(&mut self, s: impl Into<String>) {
        self.blocks.push(Block::Para(s.into()));
    }

    pub fn table(&mut self, rows: Vec<Vec<Text>>, hidden_cols: Vec<usize>) {
        let mut plain = Vec::with_capacity(rows.len());
        for row in rows {
            let mut cells = Vec::with_capacity(row.len());
            for cell in row {
                self.labels.extend(cell.labels);
                cells.push(cell.text);
            }
            plain.push(cells);
        }
        self.blocks.push(Block::Table(Table {
            rows: plain,
            hidden_cols,
        }));
    }

    /// Labels every occurrence of `word` (as `pass` with `class`) when the document is
    /// finished, minus the occurrences already labeled by hand.
    pub fn auto_word(&mut self, kind: Kind, word: &'static str, class: &'static str) {
        if !self.auto.iter().any(|&(k, w, _)| k == kind && w == word) {
            self.auto.push((kind, word, class));
        }
    }

    /// All text, blocks separated by newlines, table cells by tabs.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        for block in &self.blocks {
            match block {
                Block::Title(s) | Block::Para(s) => out.push_str(s),
                Block::Table(t) => {
                    for row in &t.rows {
                        out.push_str(&row.join("\t"));
                        out.push('\n');
                    }
                }
            }
            out.push('\n');
        }
        out
    }

    /// Adds the labels of the auto words.
    pub fn finish(&mut self) {
        let text = self.plain_text();
        for &(kind, word, class) in &self.auto {
            let present = text.matches(word).count();
            let labeled = self.labels.iter().filter(|l| l.value == word).count();
            for _ in labeled..present {
                self.labels.push(Label::pass(kind, word, class));
            }
        }
    }

    /// Every labeled value occurs in the text exactly as often as it is labeled (so no
    /// value hides inside another, and nothing planted is left unlabeled twice over).
    pub fn check(&self) -> Result<(), String> {
        let text = self.plain_text();
        let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
        for l in &self.labels {
            if l.value.trim().is_empty() {
                return Err(format!("empty {} label", l.kind.as_str()));
            }
            *counts.entry(l.value.as_str()).or_default() += 1;
        }
        for (value, labeled) in counts {
            let present = text.matches(value).count();
            if present != labeled {
                return Err(format!("{value:?}: {present} in text, {labeled} labeled"));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_catches_a_value_inside_another() {
        let mut doc = Doc::new("通知");
        let mut t = Text::new();
        t.push("当事人：")
            .put(Label::flag(Kind::PersonName, "张伟", "label"))
            .push("，张伟华");
        doc.para(t);
        assert!(doc.check().is_err());
    }

    #[test]
    fn auto_words_label_every_occurrence_not_yet_labeled() {
        let mut doc = Doc::new("通知");
        let mut t = Text::new();
        t.push("刑满释放人员")
            .put(Label::flag(
                Kind::SensitiveAttribute,
                "刑满释放人员",
                "label",
            ))
            .push("；做好刑满释放人员帮教。");
        doc.para(t);
        doc.auto_word(Kind::SensitiveAttribute, "刑满释放人员", "policy_text");
        doc.finish();
        let passes = doc
            .labels
            .iter()
            .filter(|l| l.expect == Expect::Pass)
            .count();
        assert_eq!(passes, 2);
        assert_eq!(doc.check(), Ok(()));
    }
}
