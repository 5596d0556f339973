//! Word/Excel "Save as Web page" XML islands: the document properties (author, company …)
//! they carry, read as metadata.

use super::entities::decode_chars;
use super::segment::Acc;
use super::tokenizer::{Token, Tokenizer};
use super::walker::Walker;
use crate::extract::document::Loc;
use crate::extract::limits::ExtractError;

/// Word/Excel `o:DocumentProperties` children that are counts and dates.
const OFFICE_SKIP: &[&str] = &[
    "revision",
    "totaltime",
    "created",
    "lastsaved",
    "lastprinted",
    "pages",
    "words",
    "characters",
    "lines",
    "paragraphs",
    "characterswithspaces",
    "version",
    "docsecurity",
];

impl Walker<'_, '_> {
    /// Word/Excel XML island: `o:DocumentProperties` (Author, LastAuthor, Company …) and
    /// `o:CustomDocumentProperties` as metadata.
    pub(super) fn office_xml(&mut self, start: usize, end: usize) -> Result<(), ExtractError> {
        let src = self.src;
        let mut props: Option<bool> = None;
        let mut field: Option<(String, Acc)> = None;
        let mut found: Vec<(String, String, usize)> = Vec::new();
        for tok in Tokenizer::new(src, start, end) {
            match tok {
                Token::Start { name, raw_name, .. } => match name.as_str() {
                    "o:documentproperties" => props = Some(false),
                    "o:customdocumentproperties" => props = Some(true),
                    _ => {
                        if let (Some(custom), Some(local)) = (props, raw_name.strip_prefix("o:")) {
                            let f = if custom {
                                format!("custom:{local}")
                            } else {
                                local.to_string()
                            };
                            field = Some((f, Acc::default()));
                        }
                    }
                },
                Token::Text { start: s, end: e } | Token::Raw { start: s, end: e } => {
                    if let Some((_, acc)) = field.as_mut() {
                        decode_chars(src.get(s..e).unwrap_or(""), s, true, |c, p| acc.add(c, p));
                    }
                }
                Token::End { name } => {
                    if name == "o:documentproperties" || name == "o:customdocumentproperties" {
                        props = None;
                    } else if let Some((f, mut acc)) = field.take() {
                        let skip = OFFICE_SKIP.contains(&f.to_ascii_lowercase().as_str());
                        if let (false, Some((text, s))) = (skip, acc.take()) {
                            found.push((f, text, s));
                        }
                    }
                }
                Token::Comment { .. } => {}
            }
        }
        for (f, text, s) in found {
            self.side(&text, Loc::metadata(&f), s)?;
        }
        Ok(())
    }
}
