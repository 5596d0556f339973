//! Line re-assembly. Converters (Suwell/数科 pdf2ofd) write one `TextObject` per glyph,
//! so a page's pieces are grouped by baseline and joined left to right, with a space only
//! where the gap is wide: an ID written glyph by glyph is one string again.

use super::content::Piece;

/// Groups pieces into lines (top to bottom) and joins each line left to right.
pub(super) fn lines(mut pieces: Vec<Piece>) -> Vec<String> {
    pieces.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut out = Vec::new();
    let mut line: Vec<Piece> = Vec::new();
    // The line's baseline and font size are its first piece's; a piece joins it when
    // its baseline is within 0.4 of the smaller font size (glyph boxes differ, baselines
    // of one line do not; the next line is at least a font size away).
    let (mut line_y, mut line_size) = (0.0, 0.0);
    for p in pieces {
        if !line.is_empty() && (p.y - line_y).abs() > 0.4 * p.size.min(line_size) {
            out.push(join(std::mem::take(&mut line)));
        }
        if line.is_empty() {
            line_y = p.y;
            line_size = p.size;
        }
        line.push(p);
    }
    if !line.is_empty() {
        out.push(join(line));
    }
    out
}

/// One line: pieces by x; a space where the gap exceeds half a font size; a piece that
/// repeats the previous one in place (fake bold) is dropped.
fn join(mut line: Vec<Piece>) -> String {
    line.sort_by(|a, b| a.x.total_cmp(&b.x));
    let mut out = String::new();
    let mut prev: Option<&Piece> = None;
    let mut end = f64::MIN;
    for p in &line {
        if let Some(q) = prev {
            if q.text == p.text && (p.x - q.x).abs() < 0.2 * p.size.min(q.size) {
                continue;
            }
            let gap = p.x - end;
            let spaced =
                out.ends_with(char::is_whitespace) || p.text.starts_with(char::is_whitespace);
            if gap > 0.5 * p.size.min(q.size) && !spaced {
                out.push(' ');
            }
        }
        out.push_str(&p.text);
        end = end.max(p.end);
        prev = Some(p);
    }
    out
}
