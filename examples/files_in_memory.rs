//! Times `Engine::detect` over the files of a directory already read into memory, to
//! separate detection cost from I/O in the many-small-files benchmark.
//! `cargo run --release --example files_in_memory -- DIR TERMS_FILE`

use std::time::Instant;

use baomi::ruleset::RuleSet;
use baomi::{Engine, Severity};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let dir = args
        .first()
        .cloned()
        .unwrap_or_else(|| "bench-corpus/docs".into());
    let mut rules = RuleSet::base().unwrap_or_default();
    if let Some(terms) = args.get(1) {
        rules.add_term_lines(
            "terms.bench",
            terms,
            &std::fs::read_to_string(terms)?,
            Severity::Medium,
        );
    }
    let Ok(engine) = Engine::new(&rules) else {
        return Ok(());
    };
    let mut texts = Vec::new();
    for entry in std::fs::read_dir(&dir)? {
        texts.push(std::fs::read_to_string(entry?.path())?);
    }
    let bytes: usize = texts.iter().map(String::len).sum();
    for _ in 0..3 {
        let t = Instant::now();
        let n: usize = texts.iter().map(|t| engine.detect(t).len()).sum();
        let secs = t.elapsed().as_secs_f64();
        println!(
            "{} files, {:.1} MB: {:.0} MB/s, {n} candidates",
            texts.len(),
            bytes as f64 / 1e6,
            bytes as f64 / 1e6 / secs
        );
    }
    Ok(())
}
