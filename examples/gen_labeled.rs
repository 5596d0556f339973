//! Writes the labeled corpus of `corpora/labeled.md`: synthetic 政务公开 documents in eight
//! formats and `truth.jsonl` (format and labeling policy in corpora/TRUTH.md).
//!
//! `cargo run --release --example gen_labeled -- OUT_DIR [SEED] [DOCS_PER_GENRE]`
//! (defaults: seed 1, 5 documents per genre). Use an empty OUT_DIR: files of an earlier run
//! are not removed. Prints the counts per format, genre and (kind, expect, class) as
//! Markdown.

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some(out) = args.first() else {
        eprintln!("usage: gen_labeled OUT_DIR [SEED] [DOCS_PER_GENRE]");
        std::process::exit(2);
    };
    let seed = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(1);
    let per_genre = args.get(2).and_then(|a| a.parse().ok()).unwrap_or(5);
    let stats = baomi::corpus::generate(std::path::Path::new(out), seed, per_genre)?;
    print!("{}", stats.to_markdown());
    Ok(())
}
