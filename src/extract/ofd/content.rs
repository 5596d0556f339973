//! Page content (`Content.xml` of a page or template): every `TextCode` of every
//! `TextObject`, in any nesting of `Layer` and `PageBlock`, becomes a text piece placed on
//! the page. The position is the first glyph's baseline (`Boundary` origin + `CTM` × (`X`,
//! `Y`)); the end is estimated from `DeltaX`/`DeltaY` and a glyph width, since the real
//! widths are in the font. Pieces are re-assembled into lines by `super::lines`.

use crate::extract::limits::ExtractError;
use crate::extract::xml::{attr, local, XmlEvent, XmlReader};
use crate::extract::Ctx;

/// The text of one `TextCode`, placed on the page (mm, y downwards).
#[derive(Debug, Clone)]
pub(super) struct Piece {
    pub(super) text: String,
    /// Page position of the first glyph's origin (on the baseline).
    pub(super) x: f64,
    pub(super) y: f64,
    /// Page x where the last glyph ends (estimated: widths are in the font).
    pub(super) end: f64,
    /// Font size on the page.
    pub(super) size: f64,
    pub(super) hidden: bool,
}

pub(super) struct Content {
    pub(super) pieces: Vec<Piece>,
    /// TemplateIDs the page uses.
    pub(super) templates: Vec<String>,
}

/// The state of the open `TextObject`.
pub(super) struct TextObj {
    pub(super) origin: (f64, f64),
    /// a b c d e f: (x, y) → (a·x + c·y + e, b·x + d·y + f).
    pub(super) ctm: [f64; 6],
    pub(super) size: f64,
    pub(super) hidden: bool,
    /// Where the next `TextCode` without X/Y continues (object space).
    pub(super) pen: (f64, f64),
}

/// The open `TextCode`.
pub(super) struct Code {
    pub(super) x: Option<f64>,
    pub(super) y: Option<f64>,
    pub(super) dx: Option<String>,
    pub(super) dy: Option<String>,
    pub(super) text: String,
}

fn number(s: &str) -> Option<f64> {
    s.trim().parse::<f64>().ok().filter(|v| v.is_finite())
}

fn numbers<const N: usize>(s: &str) -> Option<[f64; N]> {
    let mut out = [0.0; N];
    let mut it = s.split_ascii_whitespace();
    for slot in out.iter_mut() {
        *slot = number(it.next()?)?;
    }
    Some(out)
}

/// Sum of the first `n` values of a `DeltaX`/`DeltaY` list (`g N v` repeats `v` N times).
pub(super) fn delta_sum(spec: Option<&str>, n: usize) -> f64 {
    let Some(spec) = spec else {
        return 0.0;
    };
    let mut need = n as f64;
    let mut sum = 0.0;
    let mut it = spec.split_ascii_whitespace();
    let mut last = 0.0;
    while need > 0.0 {
        let Some(tok) = it.next() else {
            // Too few deltas: readers repeat the last one.
            sum += last * need;
            break;
        };
        if tok == "g" {
            let count = it.next().and_then(number).unwrap_or(0.0).max(0.0).floor();
            let v = it.next().and_then(number).unwrap_or(0.0);
            let k = count.min(need);
            sum += v * k;
            need -= k;
            last = v;
        } else if let Some(v) = number(tok) {
            sum += v;
            need -= 1.0;
            last = v;
        }
    }
    if sum.is_finite() {
        sum
    } else {
        0.0
    }
}

/// Width of a glyph in font sizes: CJK and full-width glyphs are square, others about half.
pub(super) fn glyph_width(c: char) -> f64 {
    if u32::from(c) >= 0x2E80 {
        1.0
    } else {
        0.5
    }
}

impl TextObj {
    fn from_start(e: &quick_xml::events::BytesStart) -> Self {
        let boundary = attr(e, "Boundary").and_then(|s| numbers::<4>(&s));
        let ctm = attr(e, "CTM")
            .and_then(|s| numbers::<6>(&s))
            .unwrap_or([1.0, 0.0, 0.0, 1.0, 0.0, 0.0]);
        let size = attr(e, "Size")
            .and_then(|s| number(&s))
            .filter(|s| *s > 0.0)
            .or_else(|| boundary.map(|b| b[3]).filter(|h| *h > 0.0))
            .unwrap_or(3.5);
        let invisible = attr(e, "Visible").is_some_and(|v| v.trim() == "false");
        let transparent = attr(e, "Alpha").and_then(|a| number(&a)) == Some(0.0);
        let unpainted = attr(e, "Fill").is_some_and(|v| v.trim() == "false")
            && attr(e, "Stroke").is_none_or(|v| v.trim() != "true");
        TextObj {
            origin: boundary.map(|b| (b[0], b[1])).unwrap_or((0.0, 0.0)),
            ctm,
            size,
            hidden: invisible || transparent || unpainted,
            pen: (0.0, 0.0),
        }
    }

    /// Places one `TextCode` on the page and moves the pen after it.
    pub(super) fn piece(&mut self, code: Code) -> Option<Piece> {
        let text = code.text;
        let n = text.chars().count();
        let last = text.chars().last()?;
        let x0 = code.x.unwrap_or(self.pen.0);
        let y0 = code.y.unwrap_or(self.pen.1);
        let sdx = delta_sum(code.dx.as_deref(), n.saturating_sub(1));
        let sdy = delta_sum(code.dy.as_deref(), n.saturating_sub(1));
        let last_w = glyph_width(last) * self.size;
        self.pen = if code.dy.is_some() && code.dx.is_none() {
            (x0, y0 + sdy + last_w)
        } else {
            (x0 + sdx + last_w, y0 + sdy)
        };
        let [a, b, c, d, e, f] = self.ctm;
        let x = self.origin.0 + a * x0 + c * y0 + e;
        let y = self.origin.1 + b * x0 + d * y0 + f;
        let scale = (a * d - b * c).abs().sqrt();
        let size = if scale.is_finite() && scale > 0.0 {
            self.size * scale
        } else {
            self.size
        };
        let advance = (a * sdx + c * sdy).max(0.0);
        let end = x + advance + glyph_width(last) * size;
        if !(x.is_finite() && y.is_finite() && end.is_finite()) {
            return Some(Piece {
                text,
                x: 0.0,
                y: 0.0,
                end: 0.0,
                size: 3.5,
                hidden: self.hidden,
            });
        }
        Some(Piece {
            text,
            x,
            y,
            end,
            size,
            hidden: self.hidden,
        })
    }
}

/// Text pieces of a page or template `Content.xml` (any nesting of `Layer`, `PageBlock`).
pub(super) fn parse_content(xml: &[u8], what: &str, ctx: &Ctx) -> Result<Content, ExtractError> {
    let mut r = XmlReader::new(xml, ctx.budget.limits.max_xml_depth, what);
    let mut content = Content {
        pieces: Vec::new(),
        templates: Vec::new(),
    };
    let mut obj: Option<TextObj> = None;
    let mut code: Option<Code> = None;
    let mut events = 0u32;
    loop {
        events = events.wrapping_add(1);
        if events.is_multiple_of(4096) {
            ctx.budget.check_time()?;
        }
        match r.next()? {
            XmlEvent::Start { e, empty } => match local(&e).as_str() {
                "TextObject" if !empty => obj = Some(TextObj::from_start(&e)),
                "TextCode" if !empty && obj.is_some() => {
                    code = Some(Code {
                        x: attr(&e, "X").and_then(|s| number(&s)),
                        y: attr(&e, "Y").and_then(|s| number(&s)),
                        dx: attr(&e, "DeltaX"),
                        dy: attr(&e, "DeltaY"),
                        text: String::new(),
                    })
                }
                "Template" => {
                    if let Some(id) = attr(&e, "TemplateID") {
                        if content.templates.len() < 64 {
                            content.templates.push(id);
                        }
                    }
                }
                _ => {}
            },
            XmlEvent::Text(t) => {
                if let Some(code) = &mut code {
                    code.text.push_str(&t);
                }
            }
            XmlEvent::End { local } => match local.as_str() {
                "TextCode" => {
                    if let (Some(c), Some(o)) = (code.take(), obj.as_mut()) {
                        if let Some(p) = o.piece(c) {
                            content.pieces.push(p);
                        }
                    }
                }
                "TextObject" => {
                    code = None;
                    obj = None;
                }
                _ => {}
            },
            XmlEvent::Eof => {
                if r.depth() > 0 {
                    return Err(ExtractError::Corrupt(format!(
                        "{what}: the XML ends inside an element (truncated)"
                    )));
                }
                return Ok(content);
            }
            XmlEvent::Comment(_) => {}
        }
    }
}
