//! What an extractor hands to the scanner: one text buffer for the whole document (so the
//! detectors run once over it), a table of segments saying where each byte range came from
//! (sheet and cell, page, paragraph, part, hidden or not), and embedded files to scan in
//! turn (archive members, attachments, embedded objects).
//!
//! Table rows are written as tab-separated lines with the header row first, so the
//! detectors' column-header cues work the same for a spreadsheet, a docx table, an HTML
//! table and a CSV file.

use serde::Serialize;

use super::limits::ExtractError;

/// Which channel of a document a piece of text came from. Everything but the body (and
/// the visible title) is something a reader of the published document does not see.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Default)]
#[serde(rename_all = "snake_case")]
pub enum Part {
    #[default]
    Body,
    Title,
    Header,
    Footer,
    Footnote,
    Endnote,
    Comment,
    /// Inserted or deleted revision text still stored in the file.
    TrackedChange,
    /// Text formatted as hidden (`w:vanish`, hidden paragraphs).
    HiddenText,
    TextBox,
    /// Field instructions (`w:instrText`): paths, INCLUDETEXT targets.
    FieldCode,
    Metadata,
    Notes,
    HiddenSheet,
    HiddenRow,
    HiddenColumn,
    HiddenSlide,
    /// Defined names of a workbook.
    DefinedName,
    /// HTML attributes (`alt`, `title`, meta description) and the like.
    Attribute,
    /// HTML comments.
    SourceComment,
    /// PDF annotations, OFD annotations.
    Annotation,
    /// File names of archive members and attachments.
    FileName,
    /// Form field values, custom data, tags.
    FormData,
    /// Text the producer kept but does not show (earlier versions, templates).
    Other,
}

impl Part {
    pub fn as_str(self) -> &'static str {
        match self {
            Part::Body => "body",
            Part::Title => "title",
            Part::Header => "header",
            Part::Footer => "footer",
            Part::Footnote => "footnote",
            Part::Endnote => "endnote",
            Part::Comment => "comment",
            Part::TrackedChange => "tracked_change",
            Part::HiddenText => "hidden_text",
            Part::TextBox => "text_box",
            Part::FieldCode => "field_code",
            Part::Metadata => "metadata",
            Part::Notes => "notes",
            Part::HiddenSheet => "hidden_sheet",
            Part::HiddenRow => "hidden_row",
            Part::HiddenColumn => "hidden_column",
            Part::HiddenSlide => "hidden_slide",
            Part::DefinedName => "defined_name",
            Part::Attribute => "attribute",
            Part::SourceComment => "source_comment",
            Part::Annotation => "annotation",
            Part::FileName => "file_name",
            Part::FormData => "form_data",
            Part::Other => "other",
        }
    }

    pub const ALL: [Part; 24] = [
        Part::Body,
        Part::Title,
        Part::Header,
        Part::Footer,
        Part::Footnote,
        Part::Endnote,
        Part::Comment,
        Part::TrackedChange,
        Part::HiddenText,
        Part::TextBox,
        Part::FieldCode,
        Part::Metadata,
        Part::Notes,
        Part::HiddenSheet,
        Part::HiddenRow,
        Part::HiddenColumn,
        Part::HiddenSlide,
        Part::DefinedName,
        Part::Attribute,
        Part::SourceComment,
        Part::Annotation,
        Part::FileName,
        Part::FormData,
        Part::Other,
    ];

    pub fn parse(name: &str) -> Option<Part> {
        Part::ALL.into_iter().find(|p| p.as_str() == name)
    }

    /// Whether a reader of the published document would not see this text by default.
    /// Headers, footers, footnotes and text boxes are printed, so they are visible.
    pub fn hidden_by_default(self) -> bool {
        !matches!(
            self,
            Part::Body
                | Part::Title
                | Part::Header
                | Part::Footer
                | Part::Footnote
                | Part::Endnote
                | Part::TextBox
                | Part::FileName
        )
    }

    /// The Chinese label of the text report and `baomi extract`.
    pub fn label_zh(self) -> &'static str {
        match self {
            Part::Body => "正文",
            Part::Title => "标题",
            Part::Header => "页眉",
            Part::Footer => "页脚",
            Part::Footnote => "脚注",
            Part::Endnote => "尾注",
            Part::Comment => "批注",
            Part::TrackedChange => "修订痕迹",
            Part::HiddenText => "隐藏文字",
            Part::TextBox => "文本框",
            Part::FieldCode => "域代码",
            Part::Metadata => "文档属性",
            Part::Notes => "备注",
            Part::HiddenSheet => "隐藏工作表",
            Part::HiddenRow => "隐藏行",
            Part::HiddenColumn => "隐藏列",
            Part::HiddenSlide => "隐藏幻灯片",
            Part::DefinedName => "定义的名称",
            Part::Attribute => "属性",
            Part::SourceComment => "源代码注释",
            Part::Annotation => "注释",
            Part::FileName => "文件名",
            Part::FormData => "表单数据",
            Part::Other => "其他",
        }
    }
}

/// Where a segment sits. Only the fields that apply are set; `field` names a metadata
/// property, an attribute or a comment author so a reviewer knows which one.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Loc {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cell: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub col: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<u32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub paragraph: Option<u32>,
    /// Source line and column (1-based, in characters) of the segment's first character,
    /// for formats whose source a reviewer opens as text (HTML, CSV, RTF, e-mail).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u64>,
    pub part: Part,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// Not visible to a reader: set from the part, or by the extractor for hidden rows,
    /// white text and the like.
    pub hidden: bool,
}

impl Loc {
    /// A location in `part`, hidden as that part is by default.
    pub fn part(part: Part) -> Self {
        Loc {
            part,
            hidden: part.hidden_by_default(),
            ..Loc::default()
        }
    }

    /// A document property (`author`, `lastModifiedBy`, …).
    pub fn metadata(field: &str) -> Self {
        Loc {
            field: Some(field.to_string()),
            ..Loc::part(Part::Metadata)
        }
    }

    /// A spreadsheet cell; `row` and `col` are 1-based.
    pub fn cell(sheet: &str, row: u32, col: u32) -> Self {
        Loc {
            sheet: Some(sheet.to_string()),
            cell: Some(a1(row, col)),
            row: Some(row),
            col: Some(col),
            ..Loc::part(Part::Body)
        }
    }

    pub fn with_page(mut self, page: u32) -> Self {
        self.page = Some(page);
        self
    }

    pub fn with_paragraph(mut self, paragraph: u32) -> Self {
        self.paragraph = Some(paragraph);
        self
    }

    pub fn with_slide(mut self, slide: u32) -> Self {
        self.slide = Some(slide);
        self
    }

    pub fn with_field(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }

    pub fn with_line(mut self, line: u64, column: u64) -> Self {
        self.line = Some(line);
        self.column = Some(column);
        self
    }

    /// The finding/report form of this location.
    pub fn to_location(&self) -> crate::finding::Location {
        crate::finding::Location {
            sheet: self.sheet.clone(),
            cell: self.cell.clone(),
            row: self.row,
            col: self.col,
            page: self.page,
            slide: self.slide,
            paragraph: self.paragraph,
            line: self.line,
            column: self.column,
            part: Some(self.part.as_str().to_string()),
            field: self.field.clone(),
        }
    }

    /// Marks the segment hidden (and, for a body cell, says why in `part`).
    pub fn hidden_as(mut self, part: Part) -> Self {
        if self.part == Part::Body {
            self.part = part;
        }
        self.hidden = true;
        self
    }
}

/// `A1` reference of a 1-based row and column (`col` 28 → `AB`).
pub fn a1(row: u32, col: u32) -> String {
    let mut letters = Vec::new();
    let mut n = col;
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.reverse();
    let mut out: String = letters.into_iter().collect();
    out.push_str(&row.to_string());
    out
}

/// A byte range of [`Document::text`] and where it came from.
#[derive(Clone, Debug)]
pub struct Segment {
    pub start: usize,
    pub end: usize,
    pub loc: Loc,
}

/// A file found inside another one, to be scanned as `outer!/name`.
#[derive(Debug)]
pub struct Member {
    pub name: String,
    pub content: Result<Vec<u8>, ExtractError>,
    /// Attachments and embedded objects are hidden channels; archive members are not.
    pub hidden: bool,
    /// `name` is the member's whole path (the URL of a page in a web archive), reported
    /// as it is rather than as `outer!/name`.
    pub rooted: bool,
    /// Accounted for but deliberately not read (an HTTP error page in a web archive): the
    /// reason, reported as a skipped record. `content` is then empty.
    pub skipped: Option<String>,
}

impl Member {
    /// The member's path in reports: `parent!/name`, or its own URL when rooted.
    pub fn path(&self, parent: &str) -> String {
        if self.rooted {
            self.name.clone()
        } else {
            format!("{parent}!/{}", self.name)
        }
    }
}

/// The extracted document.
#[derive(Debug, Default)]
pub struct Document {
    pub text: String,
    /// Sorted by `start`, non-overlapping.
    pub segments: Vec<Segment>,
    pub members: Vec<Member>,
    /// What kind of document this was read as (`docx`, `xlsx`, `pdf`, …).
    pub format: &'static str,
}

impl Document {
    /// The segment containing byte `at` (or the nearest one before it).
    pub fn segment_at(&self, at: usize) -> Option<&Segment> {
        let i = self.segments.partition_point(|s| s.start <= at);
        self.segments.get(i.checked_sub(1)?)
    }
}

/// Builds a [`Document`], bounding the extracted text.
pub struct DocumentBuilder {
    doc: Document,
    max_text: usize,
}

impl DocumentBuilder {
    pub fn new(format: &'static str, max_text: usize) -> Self {
        DocumentBuilder {
            doc: Document {
                format,
                ..Document::default()
            },
            max_text,
        }
    }

    fn room(&self, extra: usize) -> Result<(), ExtractError> {
        if self.doc.text.len() + extra > self.max_text {
            return Err(ExtractError::Limit(format!(
                "extracted text exceeds {} MiB (raise --max-text)",
                self.max_text >> 20
            )));
        }
        Ok(())
    }

    /// Appends one segment (a paragraph, a metadata value, a line of a page) and a line
    /// break. Empty or whitespace-only text is dropped.
    pub fn push(&mut self, text: &str, loc: Loc) -> Result<(), ExtractError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        self.room(text.len() + 1)?;
        let start = self.doc.text.len();
        self.doc.text.push_str(text);
        let end = self.doc.text.len();
        self.doc.text.push('\n');
        self.doc.segments.push(Segment { start, end, loc });
        Ok(())
    }

    /// Ends a block (a page, a part, a table) with an empty line, so no identifier is
    /// joined across it and a following table starts a new header.
    pub fn end_block(&mut self) {
        if !self.doc.text.is_empty() && !self.doc.text.ends_with("\n\n") {
            if !self.doc.text.ends_with('\n') {
                self.doc.text.push('\n');
            }
            self.doc.text.push('\n');
        }
    }

    /// Appends one table row as a tab-separated line; each cell is its own segment. Tabs
    /// and line breaks inside a cell become spaces so the row stays one line. A row whose
    /// cells are all empty is dropped; cells are padded so the column count stays aligned
    /// with the header row (the detectors read column headers by tab count).
    pub fn row<'c>(
        &mut self,
        cells: impl IntoIterator<Item = (&'c str, Loc)>,
    ) -> Result<(), ExtractError> {
        let cells: Vec<(&str, Loc)> = cells.into_iter().collect();
        if cells.iter().all(|(t, _)| t.trim().is_empty()) {
            return Ok(());
        }
        let bytes: usize = cells.iter().map(|(t, _)| t.len() + 1).sum();
        self.room(bytes)?;
        for (i, (text, loc)) in cells.into_iter().enumerate() {
            if i > 0 {
                self.doc.text.push('\t');
            }
            let start = self.doc.text.len();
            for c in text.chars() {
                self.doc.text.push(if matches!(c, '\t' | '\n' | '\r') {
                    ' '
                } else {
                    c
                });
            }
            let end = self.doc.text.len();
            if end > start {
                self.doc.segments.push(Segment { start, end, loc });
            }
        }
        self.doc.text.push('\n');
        Ok(())
    }

    /// Adds an embedded file to scan as `outer!/name`.
    pub fn member(&mut self, name: String, content: Result<Vec<u8>, ExtractError>, hidden: bool) {
        self.doc.members.push(Member {
            name,
            content,
            hidden,
            rooted: false,
            skipped: None,
        });
    }

    /// Adds a captured web page to scan under its own URL (web archives).
    pub fn page(&mut self, url: String, content: Result<Vec<u8>, ExtractError>) {
        self.doc.members.push(Member {
            name: url,
            content,
            hidden: false,
            rooted: true,
            skipped: None,
        });
    }

    /// Accounts for a captured URL that holds no document (an HTTP error page), reported
    /// under the URL as skipped with `why`.
    pub fn skipped_page(&mut self, url: String, why: String) {
        self.doc.members.push(Member {
            name: url,
            content: Ok(Vec::new()),
            hidden: false,
            rooted: true,
            skipped: Some(why),
        });
    }

    pub fn text_len(&self) -> usize {
        self.doc.text.len()
    }

    pub fn finish(self) -> Document {
        self.doc
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a1_references() {
        assert_eq!(a1(1, 1), "A1");
        assert_eq!(a1(5, 3), "C5");
        assert_eq!(a1(10, 26), "Z10");
        assert_eq!(a1(2, 27), "AA2");
        assert_eq!(a1(3, 28), "AB3");
        assert_eq!(a1(1, 16384), "XFD1");
    }

    #[test]
    fn rows_keep_columns_and_segments() -> Result<(), ExtractError> {
        let mut b = DocumentBuilder::new("test", 1 << 20);
        b.push("标题", Loc::part(Part::Title))?;
        b.row([
            ("姓名", Loc::cell("S", 1, 1)),
            ("身份证号", Loc::cell("S", 1, 2)),
        ])?;
        b.row([("张\t三", Loc::cell("S", 2, 1)), ("", Loc::cell("S", 2, 2))])?;
        b.row([("", Loc::cell("S", 3, 1)), (" ", Loc::cell("S", 3, 2))])?;
        let doc = b.finish();
        assert_eq!(doc.text, "标题\n姓名\t身份证号\n张 三\t\n");
        assert_eq!(doc.segments.len(), 4);
        let at = doc.text.find("张").unwrap_or(0);
        let seg = doc.segment_at(at + 3).map(|s| s.loc.cell.clone());
        assert_eq!(seg, Some(Some("A2".to_string())));
        Ok(())
    }

    #[test]
    fn text_is_bounded() {
        let mut b = DocumentBuilder::new("test", 10);
        assert!(b.push("12345", Loc::default()).is_ok());
        assert!(matches!(
            b.push("123456", Loc::default()),
            Err(ExtractError::Limit(_))
        ));
    }
}
