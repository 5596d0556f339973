//! Document extraction and scanning speed on generated files: docx per second, xlsx cells
//! per second, PDF pages per second, each on one core and on all cores (one document per
//! task, as a batch scan runs them).
//!
//! `cargo bench --bench formats`

use baomi::extract::{detect_format, extract, Budget, Ctx, Limits};
use baomi::ruleset::RuleSet;
use baomi::scan::{scan_bytes, ScanOptions};
use baomi::synth::{id_number, mobile, Rng};
use baomi::synth_docs::{docx, pdf, xlsx};
use baomi::Engine;
use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use rayon::prelude::*;

/// A 低保-style list: header plus `n` rows of six columns.
fn roster(rng: &mut Rng, n: usize) -> Vec<Vec<String>> {
    let mut rows = vec![["序号", "姓名", "身份证号", "联系电话", "住址", "金额"]
        .map(String::from)
        .to_vec()];
    for i in 0..n {
        rows.push(vec![
            (i + 1).to_string(),
            "张某某".to_string(),
            id_number(rng),
            mobile(rng),
            format!("某某街道{}号", i % 97),
            format!("{}.00", 300 + i % 200),
        ]);
    }
    rows
}

fn extract_only(bytes: &[u8]) -> usize {
    let budget = Budget::new(Limits::default());
    let ctx = Ctx {
        budget: &budget,
        name: "bench",
        encoding: None,
    };
    let format = detect_format(bytes, "bench", None);
    extract(bytes, format, &ctx).map_or(0, |d| d.text.len())
}

fn bench(c: &mut Criterion) {
    let engine = match Engine::new(&RuleSet::base().unwrap_or_default()) {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let mut rng = Rng::new(11);
    let paragraphs: Vec<String> = (0..300)
        .map(|i| {
            format!(
                "第{i}条 申请人联系电话{}，请于三日内办理。",
                mobile(&mut rng)
            )
        })
        .collect();
    let the_docx = docx(&paragraphs, &roster(&mut rng, 100));
    let the_xlsx = xlsx(&roster(&mut rng, 10_000));
    let xlsx_cells = 10_001u64 * 6;
    let pages: Vec<Vec<String>> = (0..20)
        .map(|p| {
            (0..50)
                .map(|l| format!("Page {p} line {l} applicant phone {}", mobile(&mut rng)))
                .collect()
        })
        .collect();
    let the_pdf = pdf(&pages);
    let batch = 16usize;
    let options = ScanOptions::default();

    let cases: [(&str, &[u8], u64); 3] = [
        ("docx_docs", &the_docx, 1),
        ("xlsx_cells", &the_xlsx, xlsx_cells),
        ("pdf_pages", &the_pdf, 20),
    ];
    let mut g = c.benchmark_group("formats");
    g.sample_size(10);
    for (name, bytes, units) in cases {
        g.throughput(Throughput::Elements(units));
        g.bench_with_input(
            BenchmarkId::new("extract_1_core", name),
            &bytes,
            |b, bytes| b.iter(|| extract_only(bytes)),
        );
        g.bench_with_input(BenchmarkId::new("scan_1_core", name), &bytes, |b, bytes| {
            b.iter(|| scan_bytes(&engine, "bench", bytes, options))
        });
        g.throughput(Throughput::Elements(units * batch as u64));
        g.bench_with_input(
            BenchmarkId::new("scan_all_cores", name),
            &bytes,
            |b, bytes| {
                b.iter(|| {
                    (0..batch)
                        .into_par_iter()
                        .map(|_| scan_bytes(&engine, "bench", bytes, options).members.len())
                        .sum::<usize>()
                })
            },
        );
    }
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
