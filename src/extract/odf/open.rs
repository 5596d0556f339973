//! What an element does when it opens: style definitions that hide text or slides,
//! paragraphs and inline hidden text, channels (comments, deletions, notes, hidden
//! sections, text boxes, speaker notes, headers and footers, slides), tables, and elements
//! whose text a reader does not see.

use quick_xml::events::BytesStart;

use crate::extract::document::{DocumentBuilder, Part};
use crate::extract::limits::ExtractError;
use crate::extract::xml::attr;

use super::walker::{Frame, Source, Table, Walker};
use super::Kind;

fn truthy(v: &str) -> bool {
    v == "true" || v == "1"
}

fn repeat_attr(e: &BytesStart, name: &str) -> u32 {
    attr(e, name)
        .and_then(|v| v.trim().parse::<u32>().ok())
        .unwrap_or(1)
        .max(1)
}

impl Walker<'_> {
    pub(super) fn start(
        &mut self,
        e: &BytesStart,
        empty: bool,
        b: &mut DocumentBuilder,
    ) -> Result<Frame, ExtractError> {
        let mut f = Frame::default();
        let name = e.local_name();
        let name = name.as_ref();
        // The author of a comment or a deletion sits in `dc:creator`, for a deletion inside
        // the otherwise ignored `office:change-info`.
        if name == "creator"
            && !empty
            && self
                .channels
                .last()
                .is_some_and(|c| matches!(c.part, Part::Comment | Part::TrackedChange))
        {
            self.creator = Some(String::new());
            f.creator = true;
            return Ok(f);
        }
        if self.ignore > 0 {
            f.ignore = true;
            self.ignore += 1;
            return Ok(f);
        }
        match name {
            // Style definitions (automatic styles of content.xml, styles of styles.xml).
            "style" => {
                if let Some(n) = attr(e, "name") {
                    if attr(e, "parent-style-name")
                        .is_some_and(|p| self.styles.hidden_text.contains(&p))
                    {
                        self.styles.hidden_text.insert(n.clone());
                    }
                    self.style = Some(n);
                    f.style = true;
                }
            }
            "text-properties" => {
                if let Some(s) = &self.style {
                    if attr(e, "display").is_some_and(|v| v == "none") {
                        self.styles.hidden_text.insert(s.clone());
                    }
                }
            }
            "drawing-page-properties" => {
                if let Some(s) = &self.style {
                    if attr(e, "visibility").is_some_and(|v| v == "hidden") {
                        self.styles.hidden_page.insert(s.clone());
                    }
                }
            }

            // Text.
            "p" | "h" if self.active() => self.open_para(e, &mut f),
            "s" | "tab" | "line-break" if self.active() => {
                if let Some(p) = self.paras.last_mut() {
                    p.text.push(if name == "line-break" { '\n' } else { ' ' });
                }
            }
            "span"
                if self.active()
                    && attr(e, "style-name")
                        .is_some_and(|s| self.styles.hidden_text.contains(&s)) =>
            {
                self.open_inline_hidden(&mut f)
            }
            "hidden-text" if self.active() => self.open_inline_hidden(&mut f),
            "hidden-paragraph" => {
                let in_cell = self.paras.last().is_some_and(|p| p.in_cell);
                if let Some(p) = self.paras.last_mut() {
                    p.loc = p.loc.clone().hidden_as(Part::HiddenText);
                }
                if in_cell {
                    if let Some(t) = self.tables.last_mut() {
                        t.cell_hidden = true;
                    }
                }
            }

            // Channels.
            "annotation" => self.push_channel(Part::Comment, true, &mut f),
            "deletion" => self.push_channel(Part::TrackedChange, true, &mut f),
            "note" => {
                let part = match attr(e, "note-class").as_deref() {
                    Some("endnote") => Part::Endnote,
                    _ => Part::Footnote,
                };
                self.push_channel(part, false, &mut f);
            }
            "section" => {
                let hidden = attr(e, "display").is_some_and(|d| d == "none")
                    || attr(e, "is-hidden").is_some_and(|h| truthy(&h))
                    || attr(e, "condition").is_some_and(|c| !c.trim().is_empty());
                if hidden {
                    self.push_channel(Part::HiddenText, true, &mut f);
                }
            }
            "text-box" if self.kind == Kind::Text && self.source == Source::Content => {
                self.push_channel(Part::TextBox, false, &mut f)
            }
            "notes" if self.source == Source::Content => {
                self.push_channel(Part::Notes, true, &mut f)
            }
            "header" | "header-left" | "header-first"
                if self.source == Source::Styles && self.ignore == 0 =>
            {
                self.push_channel(Part::Header, false, &mut f)
            }
            "footer" | "footer-left" | "footer-first"
                if self.source == Source::Styles && self.ignore == 0 =>
            {
                self.push_channel(Part::Footer, false, &mut f)
            }
            "header-decl" | "footer-decl" if self.source == Source::Content => {
                let part = if name == "header-decl" {
                    Part::Header
                } else {
                    Part::Footer
                };
                self.push_channel(part, false, &mut f);
                self.open_para(e, &mut f);
            }
            "title" | "desc"
                if self.source == Source::Content && e.name().as_ref().starts_with("svg:") =>
            {
                self.push_channel(Part::Attribute, true, &mut f);
                if let Some(c) = self.channels.last_mut() {
                    c.field = Some(name.to_string());
                }
                self.open_para(e, &mut f);
            }
            "page" if self.source == Source::Content => {
                b.end_block();
                self.pages = self.pages.saturating_add(1);
                self.page = Some(self.pages);
                self.counters.clear();
                let hidden =
                    attr(e, "style-name").is_some_and(|s| self.styles.hidden_page.contains(&s));
                let part = if hidden {
                    Part::HiddenSlide
                } else {
                    Part::Body
                };
                let parent = self.channels.last().map_or(Part::Body, |c| c.part);
                self.push_channel(
                    if parent == Part::Body { part } else { parent },
                    hidden,
                    &mut f,
                );
                f.page = true;
            }

            // Tables.
            "table" => {
                b.end_block();
                self.tables.push(Table {
                    row: 0,
                    rows_repeated: 1,
                    col: 0,
                    cells: Vec::new(),
                    cell: String::new(),
                    cell_hidden: false,
                    cell_repeat: 1,
                    cell_depth: None,
                    header_done: false,
                });
                f.table = true;
            }
            "table-row" => {
                if let Some(t) = self.tables.last_mut() {
                    t.row = t.row.saturating_add(1);
                    t.rows_repeated = repeat_attr(e, "number-rows-repeated");
                    t.col = 0;
                    t.cells.clear();
                    f.row = true;
                }
            }
            "table-cell" | "covered-table-cell" => {
                let depth = self.frames.len();
                if let Some(t) = self.tables.last_mut() {
                    t.cell.clear();
                    t.cell_hidden = false;
                    t.cell_repeat = repeat_attr(e, "number-columns-repeated");
                    t.cell_depth = Some(depth);
                    f.cell = true;
                }
            }

            // Not text a reader sees, or copies of it.
            "change-info" | "note-citation" | "date-string" | "sequence-decls"
            | "variable-decls" | "user-field-decls" | "binary-data" | "script" | "scripts"
            | "event-listeners" | "forms" | "annotation-end" | "page-thumbnail"
            | "date-time-decl" => {
                f.ignore = true;
                self.ignore += 1;
            }
            "date"
                if self
                    .channels
                    .last()
                    .is_some_and(|c| c.part == Part::Comment) =>
            {
                f.ignore = true;
                self.ignore += 1;
            }
            _ if name.ends_with("-source") => {
                // Index templates (`text:table-of-content-source`).
                f.ignore = true;
                self.ignore += 1;
            }
            _ => {}
        }
        Ok(f)
    }
}
