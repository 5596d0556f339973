//! A unit's rule pack at scale: loading and compiling a pack of 100,000 restricted terms,
//! and scanning with it.
//!
//! `cargo bench --bench rules`

use baomi::ruleset::{load_str, RuleSet};
use baomi::synth::{dictionary, document, Rng};
use baomi::Engine;
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const TERMS: usize = 100_000;

fn pack(terms: &[String]) -> String {
    let quoted: Vec<String> = terms.iter().map(|t| format!("{t:?}")).collect();
    format!(
        "[unit]\nname = \"某单位\"\n\n[[terms]]\nid = \"terms.某单位.大词表\"\nseverity = \"medium\"\nterms = [{}]\n",
        quoted.join(", ")
    )
}

fn bench(c: &mut Criterion) {
    let terms = dictionary(&mut Rng::new(21), TERMS);
    let text = pack(&terms);
    let mut g = c.benchmark_group("rules_100k_terms");
    g.sample_size(10);
    g.bench_function("parse_pack", |b| b.iter(|| load_str("pack.toml", &text)));
    g.bench_function("parse_and_compile", |b| {
        b.iter(|| {
            let mut rules = RuleSet::base().unwrap_or_default();
            if let Ok(file) = load_str("pack.toml", &text) {
                rules.merge(file);
            }
            Engine::new(&rules).map(|_| ())
        })
    });
    let mut rules = RuleSet::base().unwrap_or_default();
    if let Ok(file) = load_str("pack.toml", &text) {
        rules.merge(file);
    }
    let big = match Engine::new(&rules) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let base = match Engine::new(&RuleSet::base().unwrap_or_default()) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let doc = document(&mut Rng::new(3), 16 << 20);
    g.throughput(Throughput::Bytes(doc.len() as u64));
    g.bench_function("detect_16MiB_base", |b| b.iter(|| base.detect(&doc).len()));
    g.bench_function("detect_16MiB_with_pack", |b| {
        b.iter(|| big.detect(&doc).len())
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
