//! Unit tests of the OFD reader: `DeltaX` lists, line re-assembly, attachment names and
//! `CTM` placement.

use super::attachments::attachment_name;
use super::content::{delta_sum, glyph_width, Code, Piece, TextObj};
use super::lines::lines;

fn piece(text: &str, x: f64, y: f64, size: f64) -> Piece {
    let w: f64 = text.chars().map(glyph_width).sum();
    Piece {
        text: text.into(),
        x,
        y,
        end: x + w * size,
        size,
        hidden: false,
    }
}

#[test]
fn delta_lists_with_repeats() {
    assert_eq!(delta_sum(Some("g 3 2 1"), 4), 7.0);
    assert_eq!(delta_sum(Some("g 3 2 1"), 2), 4.0);
    assert_eq!(delta_sum(Some("1.5"), 3), 4.5);
    assert_eq!(delta_sum(Some("g 99999999999 1"), 5), 5.0);
    assert_eq!(delta_sum(None, 5), 0.0);
    assert_eq!(delta_sum(Some("g x"), 5), 0.0);
}

#[test]
fn glyphs_on_one_baseline_become_one_line() {
    // An ID written one glyph per object, shuffled, with glyph boxes at slightly
    // different heights but one baseline; a label further left; another line below.
    let id = "11010519491231002X";
    let mut pieces: Vec<Piece> = id
        .chars()
        .enumerate()
        .map(|(i, c)| {
            piece(
                &c.to_string(),
                60.0 + 2.0 * i as f64,
                50.0 + 0.05 * (i % 3) as f64,
                4.0,
            )
        })
        .collect();
    pieces.reverse();
    pieces.push(piece("身份证号", 30.0, 50.1, 4.0));
    pieces.push(piece("第二行", 30.0, 60.0, 4.0));
    pieces.push(piece("第二行", 30.05, 60.0, 4.0));
    let lines = lines(pieces);
    assert_eq!(lines, vec![format!("身份证号 {id}"), "第二行".to_string()]);
}

#[test]
fn attachment_names() {
    assert_eq!(
        attachment_name("original_invoice", "xml", "original_invoice.xml"),
        "original_invoice.xml"
    );
    assert_eq!(
        attachment_name("Gao", "", "/Doc_0/Res/eg_tulip.jpg"),
        "Gao.jpg"
    );
    assert_eq!(attachment_name("名单.xlsx", "", "a.bin"), "名单.xlsx");
    assert_eq!(attachment_name("", "", "Res/a.txt"), "a.txt");
}

#[test]
fn ctm_places_rotated_glyphs() {
    // Suwell pdf2ofd: rotated glyphs laid out left to right (文字横向-数科.ofd).
    let mut pieces = Vec::new();
    for (bx, by, x, c) in [
        (120.33, 34.19, -197.51, "一"),
        (124.01, 34.19, -197.51, "二"),
        (127.74, 34.13, -200.85, "三"),
        (131.42, 34.37, -187.05, "四"),
    ] {
        let mut o = TextObj {
            origin: (bx, by),
            ctm: [0.0, -0.0176, 0.0176, 0.0, 0.0, 0.0],
            size: 209.0,
            hidden: false,
            pen: (0.0, 0.0),
        };
        let code = Code {
            x: Some(x),
            y: Some(183.92),
            dx: None,
            dy: None,
            text: c.into(),
        };
        pieces.extend(o.piece(code));
    }
    assert_eq!(lines(pieces), vec!["一二三四".to_string()]);
}
