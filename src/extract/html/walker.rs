//! The walker: follows the stack of open elements (with the implicit closes that matter:
//! `p`, `li`, table cells and rows), tracks what is hidden (`hidden`, `display:none`,
//! `visibility:hidden`, `mso-hide:all`), joins the inline text of one block into a segment,
//! and holds side segments (attributes, comments, metadata) back while a data table is
//! being written.

use super::elements::{BLOCK, CLOSES_P, SCOPE, VOID};
use super::entities::{attr_text, decode_chars};
use super::segment::{Acc, Lines};
use super::special::RawKind;
use super::table::Table;
use super::tokenizer::{Attr, Token};
use crate::extract::document::{DocumentBuilder, Loc, Part};
use crate::extract::limits::ExtractError;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Role {
    None,
    Table,
    Row,
    Cell,
}

struct Open {
    name: String,
    hidden: bool,
    role: Role,
}

/// Open elements kept; beyond this only hidden and table elements are tracked.
const MAX_STACK: usize = 10_000;
/// How far down the stack an end tag looks for its start tag.
const END_SEARCH: usize = 256;

pub(super) struct Walker<'s, 'b> {
    pub(super) src: &'s str,
    pub(super) lines: Lines<'s>,
    pub(super) b: &'b mut DocumentBuilder,
    stack: Vec<Open>,
    pub(super) hidden: usize,
    block: Acc,
    pub(super) tables: Vec<Table>,
    /// Segments held back while a data table is being written (so its rows stay
    /// together under the header).
    pub(super) side: Vec<(String, Loc)>,
    pub(super) raw: Option<RawKind>,
}

fn has_hidden_style(attrs: &[Attr]) -> bool {
    attrs.iter().any(|a| match a.name.as_str() {
        "hidden" => true,
        "style" => {
            let s: String = a
                .value
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none")
                || s.contains("visibility:hidden")
                || s.contains("mso-hide:all")
        }
        _ => false,
    })
}

impl<'s, 'b> Walker<'s, 'b> {
    pub(super) fn new(src: &'s str, b: &'b mut DocumentBuilder) -> Self {
        Walker {
            src,
            lines: Lines::new(src),
            b,
            stack: Vec::new(),
            hidden: 0,
            block: Acc::default(),
            tables: Vec::new(),
            side: Vec::new(),
            raw: None,
        }
    }

    pub(super) fn at(&mut self, loc: Loc, pos: usize) -> Loc {
        let (l, c) = self.lines.at(pos);
        loc.with_line(l, c)
    }

    fn in_data_table(&self) -> bool {
        self.tables.iter().any(|t| !t.layout)
    }

    /// A segment outside the flow of blocks (attribute, comment, metadata …).
    pub(super) fn side(&mut self, text: &str, loc: Loc, pos: usize) -> Result<(), ExtractError> {
        if text.trim().is_empty() {
            return Ok(());
        }
        let loc = self.at(loc, pos);
        if self.in_data_table() {
            self.side.push((text.to_string(), loc));
            Ok(())
        } else {
            self.b.push(text, loc)
        }
    }

    pub(super) fn drain_side(&mut self) -> Result<(), ExtractError> {
        if self.side.is_empty() || self.in_data_table() {
            return Ok(());
        }
        self.b.end_block();
        for (text, loc) in std::mem::take(&mut self.side) {
            self.b.push(&text, loc)?;
        }
        Ok(())
    }

    pub(super) fn token(&mut self, tok: Token<'s>) -> Result<(), ExtractError> {
        match tok {
            Token::Text { start, end } => {
                let src = self.src;
                let raw = src.get(start..end).unwrap_or("");
                let mut result = Ok(());
                decode_chars(raw, start, false, |c, p| {
                    if result.is_ok() {
                        result = self.text_char(c, p);
                    }
                });
                result
            }
            Token::Start {
                name,
                raw_name: _,
                attrs,
                self_closing,
            } => self.start(name, &attrs, self_closing),
            Token::End { name } => self.end(&name),
            Token::Comment { start, end } => self.comment(start, end),
            Token::Raw { start, end } => self.raw_text(start, end),
        }
    }

    pub(super) fn text_char(&mut self, c: char, pos: usize) -> Result<(), ExtractError> {
        let hidden_now = self.hidden > 0;
        if let Some(t) = self.tables.last_mut() {
            if !t.layout {
                if let Some(cell) = t.cell.as_mut() {
                    if hidden_now && !cell.ctx_hidden {
                        cell.hidden_acc.add(c, pos);
                    } else {
                        cell.acc.add(c, pos);
                    }
                    return Ok(());
                }
            }
        }
        if self.block.start.is_some() && self.block.hidden != hidden_now && !c.is_whitespace() {
            self.flush()?;
        }
        if self.block.start.is_none() {
            self.block.hidden = hidden_now;
        }
        self.block.add(c, pos);
        Ok(())
    }

    pub(super) fn flush(&mut self) -> Result<(), ExtractError> {
        let hidden = self.block.hidden;
        if let Some((text, start)) = self.block.take() {
            let loc = if hidden {
                Loc::part(Part::Body).hidden_as(Part::HiddenText)
            } else {
                Loc::part(Part::Body)
            };
            let loc = self.at(loc, start);
            self.b.push(&text, loc)?;
        }
        Ok(())
    }

    /// The start or end of a block element.
    pub(super) fn boundary(&mut self) -> Result<(), ExtractError> {
        if let Some(t) = self.tables.last_mut() {
            if !t.layout {
                if let Some(cell) = t.cell.as_mut() {
                    cell.acc.sep();
                    cell.hidden_acc.sep();
                    return Ok(());
                }
            }
        }
        self.flush()
    }

    fn start(
        &mut self,
        name: String,
        attrs: &[Attr<'s>],
        self_closing: bool,
    ) -> Result<(), ExtractError> {
        let own_hidden = has_hidden_style(attrs);
        let hidden_ctx = own_hidden || self.hidden > 0;
        for a in attrs {
            if matches!(a.name.as_str(), "alt" | "title") {
                let v = attr_text(a.value);
                let loc = Loc::part(Part::Attribute).with_field(&a.name);
                self.side(&v, loc, a.value_pos)?;
            }
        }
        match name.as_str() {
            "meta" => return self.meta(attrs),
            "input" => return self.input(attrs, hidden_ctx),
            _ => {}
        }
        self.implicit_close(&name)?;
        let block = BLOCK.contains(&name.as_str());
        if block {
            self.boundary()?;
        }
        let mut role = Role::None;
        match name.as_str() {
            "table" => {
                self.open_table()?;
                role = Role::Table;
            }
            "tr" => {
                self.open_row(own_hidden)?;
                role = Role::Row;
            }
            "td" | "th" => {
                self.open_cell(attrs, hidden_ctx)?;
                role = Role::Cell;
            }
            "col" => self.col(attrs, own_hidden),
            _ => {}
        }
        if let Some(kind) = self.raw_kind(&name) {
            if !self_closing {
                self.raw = Some(kind);
            }
        }
        let void = VOID.contains(&name.as_str()) || (self_closing && name.contains(':'));
        if void {
            return Ok(());
        }
        if self.stack.len() >= MAX_STACK && !own_hidden && role == Role::None {
            return Ok(());
        }
        if own_hidden {
            self.hidden += 1;
        }
        self.stack.push(Open {
            name,
            hidden: own_hidden,
            role,
        });
        Ok(())
    }

    /// Closes what HTML closes implicitly before `name` opens.
    fn implicit_close(&mut self, name: &str) -> Result<(), ExtractError> {
        let target: &[&str] = match name {
            "li" => &["li"],
            "dd" | "dt" => &["dd", "dt"],
            "option" => &["option"],
            "td" | "th" => &["td", "th"],
            "tr" => &["tr"],
            _ => &[],
        };
        let stop: &[&str] = match name {
            "li" => &["ul", "ol", "menu", "dir"],
            "dd" | "dt" => &["dl"],
            "option" => &["select", "datalist"],
            "td" | "th" => &["tr", "table"],
            "tr" => &["table"],
            _ => &[],
        };
        if name == "tr" {
            // An unclosed cell ends with its row.
            if let Some(i) = self.find_open(&["td", "th"], &["table"]) {
                self.pop_to(i)?;
            }
        }
        if !target.is_empty() {
            if let Some(i) = self.find_open(target, stop) {
                self.pop_to(i)?;
            }
        }
        if CLOSES_P.contains(&name) {
            if let Some(i) = self.find_open(&["p"], &[]) {
                self.pop_to(i)?;
            }
        }
        Ok(())
    }

    /// The index of the topmost open element named in `names`, not past `stop` or a scope
    /// boundary.
    fn find_open(&self, names: &[&str], stop: &[&str]) -> Option<usize> {
        for (i, e) in self.stack.iter().enumerate().rev().take(END_SEARCH) {
            if names.contains(&e.name.as_str()) {
                return Some(i);
            }
            if stop.contains(&e.name.as_str()) || SCOPE.contains(&e.name.as_str()) {
                return None;
            }
        }
        None
    }

    fn end(&mut self, name: &str) -> Result<(), ExtractError> {
        if name == "br" {
            return self.boundary();
        }
        let found = self
            .stack
            .iter()
            .enumerate()
            .rev()
            .take(END_SEARCH)
            .find(|(_, e)| e.name == name)
            .map(|(i, _)| i);
        if let Some(i) = found {
            self.pop_to(i)?;
        }
        Ok(())
    }

    /// Pops the elements from the top down to index `i` (inclusive), closing what they
    /// opened.
    fn pop_to(&mut self, i: usize) -> Result<(), ExtractError> {
        while self.stack.len() > i {
            let Some(e) = self.stack.pop() else { break };
            match e.role {
                Role::Cell => self.close_cell(),
                Role::Row => self.close_row()?,
                Role::Table => self.close_table()?,
                Role::None => {}
            }
            if BLOCK.contains(&e.name.as_str()) {
                self.boundary()?;
            }
            if e.hidden {
                self.hidden = self.hidden.saturating_sub(1);
            }
        }
        Ok(())
    }

    pub(super) fn finish(&mut self) -> Result<(), ExtractError> {
        self.pop_to(0)?;
        self.flush()?;
        self.drain_side()
    }
}
