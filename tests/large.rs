//! Large inputs: values planted at exact byte offsets around the text reader's chunk
//! boundaries, in UTF-8, GBK and UTF-16, found once with the right line and column.

use crate::common::{scan_jsonl, FILLER, MIB, MOBILE_A};
use crate::harness::{id18, is_luhn_valid, Sandbox};

/// Raw bytes per chunk of the text reader (src/extract/text.rs `CHUNK_BYTES`).
const CHUNK: usize = 8 * MIB;

struct Planted {
    kind: &'static str,
    value: String,
    line: u64,
    column: u64,
}

/// Builds a large text from a repeated filler with values planted at exact offsets in the
/// encoded bytes, encoding as it goes (encoding 20 MB at once is slow in debug builds).
struct BigText {
    filler: &'static str,
    encoded_filler: Vec<u8>,
    encode: fn(&str) -> Vec<u8>,
    text: String,
    raw: Vec<u8>,
    newlines: u64,
    planted: Vec<Planted>,
}

impl BigText {
    fn new(filler: &'static str) -> Self {
        Self::encoded(filler, |s| s.as_bytes().to_vec())
    }

    fn encoded(filler: &'static str, encode: fn(&str) -> Vec<u8>) -> Self {
        BigText {
            filler,
            encoded_filler: encode(filler),
            encode,
            text: String::new(),
            raw: Vec::new(),
            newlines: 0,
            planted: Vec::new(),
        }
    }

    fn width(&self, s: &str) -> usize {
        (self.encode)(s).len()
    }

    fn push(&mut self, s: &str) {
        self.newlines += s.bytes().filter(|&b| b == b'\n').count() as u64;
        self.raw.extend_from_slice(&(self.encode)(s));
        self.text.push_str(s);
    }

    fn fill_to(&mut self, limit: usize) {
        let n = limit.saturating_sub(self.raw.len()) / self.encoded_filler.len();
        self.newlines += (n * self.filler.matches('\n').count()) as u64;
        self.raw.extend_from_slice(&self.encoded_filler.repeat(n));
        self.text.push_str(&self.filler.repeat(n));
    }

    /// `<spaces><cue><value>` with the value starting at encoded offset `at` (or the
    /// nearest offset before it that the encoding allows). Returns the value's offset.
    fn plant(&mut self, kind: &'static str, cue: &str, value: &str, at: usize) -> usize {
        let cue_start = at - self.width(cue);
        self.fill_to(cue_start);
        let pad = (cue_start - self.raw.len()) / self.width(" ");
        self.push(&" ".repeat(pad));
        self.push(cue);
        assert!(self.raw.len() <= at && at - self.raw.len() < self.width(" "));
        let start = self.raw.len();
        let line_start = self.text.rfind('\n').map_or(0, |p| p + 1);
        let column = self.text[line_start..].chars().count() as u64 + 1;
        self.push(value);
        self.planted.push(Planted {
            kind,
            value: value.to_string(),
            line: self.newlines + 1,
            column,
        });
        start
    }

    /// Scans `bytes` (the text, encoded) and checks that exactly the planted values are
    /// found at `low`+, where they were planted.
    fn check_bytes(&self, bytes: &[u8], extra: &[&str]) -> crate::harness::SummaryLine {
        let sandbox = Sandbox::new();
        let file = sandbox.write("big.txt", bytes);
        let mut args = vec!["--reveal"];
        args.extend_from_slice(extra);
        let out = scan_jsonl(&sandbox, &[&file], &args);
        out.expect_code(1);
        let got = out.located_reportable();
        let want: Vec<(String, String, u64, u64)> = self
            .planted
            .iter()
            .map(|p| (p.kind.to_string(), p.value.clone(), p.line, p.column))
            .collect();
        assert_eq!(got, want);
        let s = out.summary_typed();
        assert_eq!(s.scanned, 1);
        s
    }

    /// [`BigText::check_bytes`] on the encoded text.
    fn check(&self, bom: &[u8], extra: &[&str]) -> crate::harness::SummaryLine {
        self.check_bytes(&[bom, &self.raw].concat(), extra)
    }
}

const LARGE_IDS: [&str; 5] = [
    "110105198001011238",
    "440305199002157898",
    "650102194511115676",
    "43010419700101001X",
    "440106198812120027",
];

#[test]
fn large_000_values_at_chunk_boundaries_and_ends() {
    for id in LARGE_IDS {
        assert_eq!(id18(&id[..17]), id, "test data");
        assert!(!is_luhn_valid(id), "test data: {id} is Luhn-valid");
    }
    let ids = LARGE_IDS;
    let mut big = BigText::new(FILLER);
    let cue = "申请人身份证号：";
    big.plant("id_card", cue, ids[0], cue.len());
    big.push("。\n");
    // Where the first chunk's report region ends (4 KiB before the chunk end).
    big.plant("id_card", "身份证号：", ids[1], CHUNK - 4096 - 9);
    big.push("。\n");
    // Across the raw 8 MiB chunk boundary.
    big.plant("id_card", "身份证号：", ids[2], CHUNK - 9);
    big.push("。\n");
    // Across the second boundary, a mobile with its cue in the second chunk.
    big.plant("mobile_phone", "手机：", MOBILE_A, 2 * CHUNK - 5);
    big.push("。\n");
    // The very end, no final newline.
    big.fill_to(20 * MIB);
    let cue = "复核人身份证号：";
    big.plant("id_card", cue, ids[4], big.raw.len() + cue.len());
    assert!(big.raw.len() + FILLER.len() > 20 * MIB);
    let s = big.check(&[], &[]);
    assert_eq!(s.bytes, big.raw.len() as u64);
}

#[test]
fn large_010_one_line_across_chunks_keeps_columns() {
    // No newline at all: columns run on across chunks.
    let mut big = BigText::new("政务服务事项办理指南，");
    big.plant("id_card", "身份证号：", LARGE_IDS[0], CHUNK - 9);
    big.plant("id_card", "身份证号：", LARGE_IDS[3], CHUNK + 4096);
    big.plant("mobile_phone", "，手机：", MOBILE_A, 2 * CHUNK - 3);
    big.fill_to(17 * MIB);
    let cue = "，身份证号：";
    big.plant("id_card", cue, LARGE_IDS[4], big.raw.len() + cue.len());
    assert!(!big.text.contains('\n'));
    big.check(&[], &[]);
}

#[test]
fn large_020_gbk_and_utf16_values_and_characters_across_chunk_boundaries() {
    type Encode = fn(&str) -> Vec<u8>;
    let gbk: Encode = |t| encoding_rs::GBK.encode(t).0.into_owned();
    let utf16le: Encode = |t| t.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let cases: [(&str, Encode, &[u8], &[&str]); 3] = [
        ("gbk sniffed", gbk, &[], &[]),
        ("gbk forced", gbk, &[], &["--encoding", "gbk"]),
        ("utf-16le with BOM", utf16le, &[0xFF, 0xFE], &[]),
    ];
    for (name, encode, bom, extra) in cases {
        let mut big = BigText::encoded(FILLER, encode);
        let cue = "申请人身份证号：";
        big.plant("id_card", cue, LARGE_IDS[0], big.width(cue));
        big.push("。\n");
        // The value itself across the first raw chunk boundary.
        let at = big.plant("id_card", "身份证号：", LARGE_IDS[1], CHUNK - 8);
        assert!(
            at < CHUNK && CHUNK < at + big.width(LARGE_IDS[1]),
            "{name}: {at}"
        );
        big.push("。\n");
        // A two-byte character of the cue across the second boundary (odd offset in GBK).
        let cue = "联系人手机：";
        let at = big.plant(
            "mobile_phone",
            cue,
            MOBILE_A,
            2 * CHUNK + big.width(cue) - 3,
        );
        assert!(
            at - big.width(cue) < 2 * CHUNK && 2 * CHUNK < at,
            "{name}: {at}"
        );
        big.push("。\n");
        big.fill_to(2 * CHUNK + MIB / 4);
        let cue = "复核人身份证号：";
        let at = big.raw.len() + big.width(cue);
        big.plant("id_card", cue, LARGE_IDS[4], at);
        big.push("\n");
        big.check(bom, extra);
    }
}

#[test]
fn large_030_utf8_character_across_chunk_boundary() {
    let mut big = BigText::new(FILLER);
    let cue = "身份证号：";
    // The boundary cuts the last character of the cue (3-byte UTF-8): 2 bytes before it.
    let at = big.plant("id_card", cue, LARGE_IDS[2], CHUNK + 1);
    assert_eq!(at, CHUNK + 1);
    big.push("\n");
    big.fill_to(CHUNK + MIB / 4);
    big.check(&[], &[]);
}
