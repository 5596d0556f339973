//! End to end: files on disk → findings (read, sniff, decode, detect, grade, locate, mask,
//! fingerprint), one thread and all cores, 10k-term dictionary.
//!
//! `cargo bench --bench end_to_end`

use baomi::input::walk::Input;
use baomi::ruleset::RuleSet;
use baomi::scan::{scan_input, Outcome, ScanOptions};
use baomi::synth::{dictionary, document, Rng};
use baomi::{Engine, Severity};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rayon::prelude::*;

const FILES: usize = 400;
const FILE_BYTES: usize = 10 * 1024;

fn bench(c: &mut Criterion) {
    let dir = match tempfile::tempdir() {
        Ok(d) => d,
        Err(e) => panic!("tempdir: {e}"),
    };
    let mut rng = Rng::new(5);
    let mut inputs = Vec::with_capacity(FILES);
    let mut bytes = 0u64;
    for i in 0..FILES {
        let path = dir.path().join(format!("doc{i:05}.txt"));
        let text = document(&mut rng, FILE_BYTES);
        bytes += text.len() as u64;
        if let Err(e) = std::fs::write(&path, text) {
            panic!("write: {e}");
        }
        inputs.push(Input::File(path));
    }
    let mut rules = RuleSet::base().unwrap_or_default();
    let terms = dictionary(&mut Rng::new(9), 10_000).join("\n");
    rules.add_term_lines("terms.bench", "bench", &terms, Severity::Medium);
    let engine = match Engine::new(&rules) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let options = ScanOptions::default();
    let scanned = inputs
        .iter()
        .filter(|i| {
            matches!(
                scan_input(&engine, i, options).outcome,
                Outcome::Scanned { .. }
            )
        })
        .count();
    assert_eq!(scanned, FILES);

    let mut g = c.benchmark_group("end_to_end");
    g.throughput(Throughput::Bytes(bytes));
    g.sample_size(10);
    let findings = |i: &Input| match scan_input(&engine, i, options).outcome {
        Outcome::Scanned { findings, .. } => findings.len(),
        _ => 0,
    };
    g.bench_function("files_1thread", |b| {
        b.iter(|| inputs.iter().map(findings).sum::<usize>())
    });
    g.bench_function("files_all_cores", |b| {
        b.iter(|| inputs.par_iter().map(findings).sum::<usize>())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
