//! Detection throughput on one thread, over deterministic synthetic administrative text
//! (`baomi::synth`), against the baselines named in the scanning-core issue: the
//! `aho-corasick` crate over the same 10k terms (no folding, no noise tolerance) and the
//! `regex` crate with five ASCII PII patterns (no validation, no context).
//!
//! `cargo bench --bench detect`

use aho_corasick::AhoCorasick;
use baomi::normalize::normalize_term;
use baomi::ruleset::RuleSet;
use baomi::synth::{dictionary, document, Rng};
use baomi::terms::automaton::CharAutomaton;
use baomi::{Engine, Kind, Severity};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};

const TEXT_BYTES: usize = 16 << 20;
const TERMS: usize = 10_000;

fn engine_with_terms(terms: &[String]) -> Engine {
    let mut rules = RuleSet::base().unwrap_or_default();
    rules.add_term_lines("terms.bench", "bench", &terms.join("\n"), Severity::Medium);
    match Engine::new(&rules) {
        Ok(e) => e,
        Err(e) => panic!("bench engine: {e}"),
    }
}

fn bench(c: &mut Criterion) {
    let text = document(&mut Rng::new(42), TEXT_BYTES);
    let terms = dictionary(&mut Rng::new(9), TERMS);
    let full = engine_with_terms(&terms);
    let base_only = engine_with_terms(&[]);
    let normalized: Vec<String> = terms.iter().map(|t| normalize_term(t)).collect();
    let automaton = match CharAutomaton::new(&normalized) {
        Ok(a) => a,
        Err(e) => panic!("automaton: {e}"),
    };
    let ac = match AhoCorasick::new(&terms) {
        Ok(a) => a,
        Err(e) => panic!("aho-corasick: {e}"),
    };
    let pii_regex = match regex::bytes::RegexSet::new([
        r"(?-u:\b)[1-9][0-9]{5}(?:19|20)[0-9]{2}(?:0[1-9]|1[0-2])[0-9]{5}[0-9Xx](?-u:\b)",
        r"(?-u:\b)1[3-9][0-9]{9}(?-u:\b)",
        r"(?-u:\b)0[1-9][0-9]{1,2}-?[2-8][0-9]{6,7}(?-u:\b)",
        r"(?-u:\b)62[0-9]{14,17}(?-u:\b)",
        r"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}",
    ]) {
        Ok(r) => r,
        Err(e) => panic!("regex: {e}"),
    };
    let pii_regexes: Vec<regex::bytes::Regex> = pii_regex
        .patterns()
        .iter()
        .filter_map(|p| regex::bytes::Regex::new(p).ok())
        .collect();

    // Expected results before timing: the full job finds identifiers, marks and terms.
    let found = full.detect(&text);
    let ids = found.iter().filter(|c| c.kind == Kind::IdCard).count();
    let term_hits = found
        .iter()
        .filter(|c| c.kind == Kind::RestrictedTerm)
        .count();
    assert!(ids > 1000, "ids {ids}");
    assert!(term_hits > 1000, "terms {term_hits}");
    let mut automaton_hits = 0;
    automaton.find_overlapping(&text, |_, _, _| automaton_hits += 1);
    assert!(
        automaton_hits >= term_hits,
        "{automaton_hits} < {term_hits}"
    );

    let mut g = c.benchmark_group("detect_1thread");
    g.throughput(Throughput::Bytes(text.len() as u64));
    g.sample_size(10);
    g.bench_function("full_job_pii_marks_10k_terms", |b| {
        b.iter(|| full.detect(&text).len())
    });
    g.bench_function("pii_and_marks_only", |b| {
        b.iter(|| base_only.detect(&text).len())
    });
    g.bench_function("terms_char_automaton_10k_folded", |b| {
        b.iter(|| {
            let mut n = 0usize;
            automaton.find_overlapping(&text, |_, _, _| n += 1);
            n
        })
    });
    g.bench_function("baseline_aho_corasick_crate_10k_raw", |b| {
        b.iter(|| ac.find_overlapping_iter(&text).count())
    });
    g.bench_function("baseline_regex_5_ascii_patterns_no_validation", |b| {
        b.iter(|| {
            pii_regexes
                .iter()
                .map(|r| r.find_iter(text.as_bytes()).count())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
