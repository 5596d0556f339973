//! Writes the benchmark corpus of BENCHMARKS.md: deterministic synthetic administrative text.
//!
//! `cargo run --release --example gen_corpus -- DIR FILES KIB_PER_FILE TERMS`
//! writes `DIR/docs/NNNNN.txt` (FILES files of about KIB_PER_FILE KiB) and `DIR/terms.txt`
//! (TERMS restricted terms, one per line, for `baomi scan --terms`).
//! With FILES = 1 the single file is `DIR/docs/00000.txt` (use it for the large-file run).

use std::io::Write;

use baomi::synth::{dictionary, document, Rng};

fn main() -> std::io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let arg =
        |i: usize, default: usize| args.get(i).and_then(|a| a.parse().ok()).unwrap_or(default);
    let dir = std::path::PathBuf::from(
        args.first()
            .cloned()
            .unwrap_or_else(|| "bench-corpus".into()),
    );
    let files = arg(1, 20_000);
    let kib = arg(2, 10);
    let terms = arg(3, 10_000);
    std::fs::create_dir_all(dir.join("docs"))?;
    let mut rng = Rng::new(2024);
    let mut total = 0usize;
    for i in 0..files {
        let mut out =
            std::io::BufWriter::new(std::fs::File::create(dir.join(format!("docs/{i:05}.txt")))?);
        // Large files are written in 4 MiB pieces so generation itself stays small.
        let mut left = kib * 1024;
        while left > 0 {
            let piece = document(&mut rng, left.min(4 << 20));
            left = left.saturating_sub(piece.len());
            total += piece.len();
            out.write_all(piece.as_bytes())?;
        }
        out.flush()?;
    }
    std::fs::write(
        dir.join("terms.txt"),
        dictionary(&mut Rng::new(9), terms).join("\n"),
    )?;
    println!(
        "{files} files, {total} bytes, {terms} terms in {}",
        dir.display()
    );
    Ok(())
}
