//! Quick single-thread throughput check of the detection sweeps (the criterion benches in
//! `benches/` are the reference numbers; this prints a rough MB/s in a second or two).
//! `cargo run --release --example throughput [MB] [TERMS]`

use std::time::Instant;

use baomi::ruleset::RuleSet;
use baomi::synth::{dictionary, document, Rng};
use baomi::{Engine, Severity};

fn main() {
    let mut args = std::env::args().skip(1);
    let mb: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(32);
    let terms: usize = args.next().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let text = document(&mut Rng::new(42), mb << 20);
    let mut rules = RuleSet::base().unwrap_or_default();
    let dict = dictionary(&mut Rng::new(9), terms).join("\n");
    rules.add_term_lines("terms.bench", "bench", &dict, Severity::Medium);
    let engine = match Engine::new(&rules) {
        Ok(e) => e,
        Err(e) => {
            eprintln!("{e}");
            return;
        }
    };
    automaton_only(&text, &dictionary(&mut Rng::new(9), terms));
    in_pieces(&engine, &text);
    for round in 0..3 {
        let t = Instant::now();
        let found = engine.detect(&text);
        let secs = t.elapsed().as_secs_f64();
        println!(
            "round {round}: {:.1} MB in {:.3}s = {:.0} MB/s, {} candidates",
            text.len() as f64 / 1e6,
            secs,
            text.len() as f64 / 1e6 / secs,
            found.len()
        );
    }
}

#[allow(dead_code)]
fn automaton_only(text: &str, terms: &[String]) {
    use baomi::normalize::normalize_term;
    use baomi::terms::automaton::CharAutomaton;
    let norm: Vec<String> = terms.iter().map(|t| normalize_term(t)).collect();
    let Ok(a) = CharAutomaton::new(&norm) else {
        return;
    };
    let t = Instant::now();
    let mut n = 0usize;
    a.find_overlapping(text, |_, _, _| n += 1);
    let secs = t.elapsed().as_secs_f64();
    println!(
        "automaton only: {:.0} MB/s, {n} matches, {} states",
        text.len() as f64 / 1e6 / secs,
        a.state_count()
    );
    let t = Instant::now();
    let chars = text.chars().count();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "chars().count(): {:.0} MB/s ({chars} chars)",
        text.len() as f64 / 1e6 / secs
    );
}

/// The same text cut into ~10 KB documents: per-document overhead and cache effects.
#[allow(dead_code)]
fn in_pieces(engine: &Engine, text: &str) {
    let mut pieces = Vec::new();
    let mut start = 0;
    while start < text.len() {
        let mut end = (start + 10_240).min(text.len());
        while !text.is_char_boundary(end) {
            end += 1;
        }
        pieces.push(&text[start..end]);
        start = end;
    }
    let t = Instant::now();
    let n: usize = pieces.iter().map(|p| engine.detect(p).len()).sum();
    let secs = t.elapsed().as_secs_f64();
    println!(
        "in {} pieces: {:.0} MB/s, {n} candidates",
        pieces.len(),
        text.len() as f64 / 1e6 / secs
    );
}
