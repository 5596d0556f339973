//! Writes a realistic notice as a docx of about the given compressed size: prose
//! paragraphs and a subsidy roster with names, ID numbers and phones (the load benchmark's
//! "typical 50 KB docx", see BENCHMARKS.md).
//!
//! `cargo run --release --example gen_docx -- OUT.docx [KB=50] [SEED=7]`

use baomi::synth::{document, id_number, mobile, Rng};
use baomi::synth_docs::docx;

/// Rows of the roster table.
const ROSTER_ROWS: usize = 100;

fn roster(rng: &mut Rng, n: usize) -> Vec<Vec<String>> {
    let surnames = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
    let given = [
        "伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "军", "杰", "娟", "涛",
    ];
    let mut rows = vec![[
        "序号",
        "姓名",
        "身份证号",
        "联系电话",
        "家庭住址",
        "金额（元）",
    ]
    .map(String::from)
    .to_vec()];
    for i in 0..n {
        let name = format!(
            "{}{}{}",
            surnames[rng.below(surnames.len())],
            given[rng.below(given.len())],
            given[rng.below(given.len())]
        );
        rows.push(vec![
            (i + 1).to_string(),
            name,
            id_number(rng),
            mobile(rng),
            format!(
                "芙蓉区五一大道{}号{}栋{}室",
                10 + i % 90,
                1 + i % 9,
                101 + i % 600
            ),
            format!("{}.00", 300 + i % 200),
        ]);
    }
    rows
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(out) = args.get(1) else {
        eprintln!("usage: gen_docx OUT.docx [KB] [SEED]");
        std::process::exit(2);
    };
    let target_kb: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(50);
    let seed: u64 = args.get(3).and_then(|s| s.parse().ok()).unwrap_or(7);
    // Grow the prose until the package reaches the target size; the roster stays one
    // page-sized list, as in a notice with an attached 名单.
    let mut scale = 1usize;
    let bytes = loop {
        let mut rng = Rng::new(seed);
        let prose = document(&mut rng, 6_000 * scale);
        let paragraphs: Vec<String> = prose.lines().map(str::to_string).collect();
        let bytes = docx(&paragraphs, &roster(&mut rng, ROSTER_ROWS));
        if bytes.len() >= target_kb * 1024 || scale > 10_000 {
            break bytes;
        }
        scale += 1;
    };
    if let Err(e) = std::fs::write(out, &bytes) {
        eprintln!("cannot write {out}: {e}");
        std::process::exit(1);
    }
    println!("{out}: {} bytes", bytes.len());
}
