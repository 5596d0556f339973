//! Which cell styles show numbers as dates, so a numeric cell's text is rendered exactly as
//! the extractor renders it (calamine's rules: built-in date ids and a scan of custom
//! format codes, ported from calamine's `formats.rs`, MIT).

use std::collections::HashMap;

use calamine::{Data, ExcelDateTime, ExcelDateTimeType};
use quick_xml::events::Event;

use super::xml::{attr, attrs, local, Cursor};
use crate::extract::sheet::{render, render_float};
use crate::redact::RedactError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum NumKind {
    Number,
    DateTime,
    Duration,
}

/// The number kind of each `cellXfs` entry, and the workbook's date system.
#[derive(Default)]
pub(super) struct Styles {
    xfs: Vec<NumKind>,
    pub is_1904: bool,
}

impl Styles {
    pub fn parse(xml: Option<&[u8]>, what: &str) -> Result<Styles, RedactError> {
        let mut out = Styles::default();
        let Some(xml) = xml else { return Ok(out) };
        let mut cur = Cursor::new(xml, what);
        let mut custom: HashMap<String, NumKind> = HashMap::new();
        let mut in_xfs = false;
        loop {
            let (event, _) = cur.next()?;
            let e = match event {
                Event::Start(e) | Event::Empty(e) => e,
                Event::End(e) => {
                    if e.local_name().as_ref() == "cellXfs" {
                        in_xfs = false;
                    }
                    continue;
                }
                Event::Eof => return Ok(out),
                _ => continue,
            };
            match local(&e) {
                "numFmt" => {
                    let a = attrs(&e, xml);
                    if let (Some(id), Some(code)) = (attr(&a, "numFmtId"), attr(&a, "formatCode")) {
                        custom.insert(id, custom_kind(&code));
                    }
                }
                "cellXfs" => in_xfs = true,
                "xf" if in_xfs => {
                    let id = attr(&attrs(&e, xml), "numFmtId").unwrap_or_else(|| "0".into());
                    let kind = match custom.get(&id) {
                        Some(k) => *k,
                        None => builtin_kind(&id),
                    };
                    out.xfs.push(kind);
                }
                _ => {}
            }
        }
    }

    /// The text the extractor shows for a numeric cell's `<v>` with style `s`.
    pub fn render(&self, v: &str, s: Option<&str>) -> String {
        let Ok(f) = v.parse::<f64>() else {
            // calamine keeps an unparsable untyped value as a string.
            return v.to_string();
        };
        let kind = match s {
            None => NumKind::Number,
            Some(s) => {
                let i = s.trim().parse::<usize>().unwrap_or(0);
                self.xfs.get(i).copied().unwrap_or(NumKind::Number)
            }
        };
        let typ = match kind {
            NumKind::Number => return render_float(f),
            NumKind::DateTime => ExcelDateTimeType::DateTime,
            NumKind::Duration => ExcelDateTimeType::TimeDelta,
        };
        render(&Data::DateTime(ExcelDateTime::new(f, typ, self.is_1904)))
    }
}

fn builtin_kind(id: &str) -> NumKind {
    match id.trim().parse::<u16>() {
        Ok(14..=22 | 27..=36 | 45 | 47 | 50..=58) => NumKind::DateTime,
        Ok(46) => NumKind::Duration,
        _ => NumKind::Number,
    }
}

/// calamine's `detect_custom_number_format`.
fn custom_kind(format: &str) -> NumKind {
    let mut escaped = false;
    let mut is_quote = false;
    let mut brackets = 0u8;
    let mut prev = ' ';
    let mut hms = false;
    let mut ap = false;
    for s in format.chars() {
        match (s, escaped, is_quote, ap, brackets) {
            (_, true, ..) => escaped = false,
            ('_' | '\\' | '*', ..) => escaped = true,
            ('"', _, true, _, _) => is_quote = false,
            (_, _, true, _, _) => (),
            ('"', _, _, _, _) => is_quote = true,
            (';', ..) => return NumKind::Number,
            ('[', ..) => brackets += 1,
            (']', .., 1) if hms => return NumKind::Duration,
            (']', ..) => brackets = brackets.saturating_sub(1),
            ('a' | 'A', _, _, false, 0) => ap = true,
            ('p' | 'm' | '/' | 'P' | 'M', _, _, true, 0) => return NumKind::DateTime,
            ('d' | 'm' | 'h' | 'y' | 's' | 'D' | 'M' | 'H' | 'Y' | 'S', _, _, false, 0) => {
                return NumKind::DateTime
            }
            _ => {
                if !(hms && s.eq_ignore_ascii_case(&prev)) {
                    hms = prev == '[' && matches!(s, 'm' | 'h' | 's' | 'M' | 'H' | 'S');
                }
            }
        }
        prev = s;
    }
    NumKind::Number
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_dates_render_like_the_extractor() -> Result<(), RedactError> {
        let xml = r#"<styleSheet><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>
<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs>
<cellXfs><xf numFmtId="0"/><xf numFmtId="164"/><xf numFmtId="49"/><xf numFmtId="46"/></cellXfs></styleSheet>"#;
        let s = Styles::parse(Some(xml.as_bytes()), "styles.xml")?;
        assert_eq!(s.render("13800138000", None), "13800138000");
        assert_eq!(
            s.render("4.30102199001012E+17", Some("0")),
            "430102199001012000"
        );
        assert_eq!(s.render("45352", Some("1")), "2024-03-01");
        assert_eq!(s.render("45352", Some("2")), "45352");
        assert_eq!(s.render("1.5", Some("3")), "36:00:00");
        assert_eq!(s.render("45352", Some("99")), "45352");
        assert_eq!(s.render("abc", None), "abc");
        Ok(())
    }
}
