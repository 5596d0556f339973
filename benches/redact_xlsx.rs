//! xlsx redaction speed: a 50,000-row × 6-column 低保 roster written by rust_xlsxwriter
//! (shared strings, as Excel writes them; a quarter of the mobiles stored as numbers),
//! every ID, mobile and name in the plan, hidden channels removed.
//!
//! `roster_50k_rows` times the rewrite alone (plan given); `end_to_end_50k_rows` what
//! `baomi redact` does per file: scan, masks from the rule packs, plan, rewrite, rescan.
//!
//! `cargo bench --bench redact_xlsx -- --sample-size 10`

use baomi::redact::xlsx::redact_xlsx;
use baomi::redact::{FormatOptions, Plan};
use baomi::synth::{id_number, mobile, Rng};
use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use rust_xlsxwriter::Workbook;

const ROWS: u32 = 50_000;

const SURNAMES: &[&str] = &["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴"];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳",
];

/// (value, mask) pairs of a plan.
type Pairs = Vec<(String, String)>;

/// The workbook and its plan's pairs.
fn roster() -> Result<(Vec<u8>, Pairs), rust_xlsxwriter::XlsxError> {
    let mut rng = Rng::new(7);
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet().set_name("低保名单")?;
    for (c, h) in ["序号", "姓名", "身份证号", "联系电话", "住址", "金额"]
        .iter()
        .enumerate()
    {
        ws.write_string(0, c as u16, *h)?;
    }
    let mut pairs = Vec::new();
    for r in 1..=ROWS {
        let name = format!(
            "{}{}{}",
            rng.pick(SURNAMES).unwrap_or(&"王"),
            rng.pick(GIVEN).unwrap_or(&"伟"),
            rng.pick(GIVEN).unwrap_or(&"芳")
        );
        let id = id_number(&mut rng);
        let phone = mobile(&mut rng);
        ws.write_number(r, 0, f64::from(r))?;
        ws.write_string(r, 1, &name)?;
        ws.write_string(r, 2, &id)?;
        match phone.parse::<f64>() {
            Ok(n) if r % 4 == 0 => ws.write_number(r, 3, n)?,
            _ => ws.write_string(r, 3, &phone)?,
        };
        ws.write_string(r, 4, format!("某某街道{}号{}室", r % 97, r % 13))?;
        ws.write_number(r, 5, 300.0 + f64::from(r % 200))?;
        let surname: String = name.chars().take(1).collect();
        pairs.push((name.clone(), format!("{surname}**")));
        pairs.push((id.clone(), format!("{}********{}", &id[..6], &id[14..])));
        pairs.push((phone.clone(), format!("{}****{}", &phone[..3], &phone[7..])));
    }
    Ok((wb.save_to_buffer()?, pairs))
}

fn bench(c: &mut Criterion) {
    let (bytes, pairs) = match roster() {
        Ok(x) => x,
        Err(e) => panic!("{e}"),
    };
    let plan = Plan::new(pairs);
    let options = FormatOptions::default();
    match redact_xlsx(&bytes, &plan, &options) {
        Ok(out) => eprintln!(
            "redact_xlsx: {ROWS} rows, {} input bytes, {} plan values, {} replaced, {} output bytes",
            bytes.len(),
            plan.len(),
            out.replaced,
            out.bytes.len()
        ),
        Err(e) => panic!("{e}"),
    }
    let mut g = c.benchmark_group("redact_xlsx");
    g.throughput(Throughput::Elements(u64::from(ROWS)));
    g.bench_function("roster_50k_rows", |b| {
        b.iter(|| redact_xlsx(&bytes, &plan, &options).map(|o| o.replaced))
    });
    g.sample_size(10);
    let engine = match baomi::ruleset::RuleSet::base()
        .map_err(|e| e.to_string())
        .and_then(|r| baomi::engine::Engine::new(&r).map_err(|e| e.to_string()))
    {
        Ok(e) => e,
        Err(e) => panic!("{e}"),
    };
    let run_options = baomi::redact::run::Options {
        min_severity: baomi::finding::Severity::Low,
        format: options,
        scan: baomi::scan::ScanOptions::default(),
    };
    let triage = baomi::review::Triage::default();
    let first =
        baomi::redact::run::redact_bytes(&engine, "roster.xlsx", &bytes, &triage, &run_options);
    eprintln!(
        "end to end: {:?}, {} findings masked, {} replaced",
        first.status,
        first.changes.len(),
        first.replaced
    );
    g.bench_function("end_to_end_50k_rows", |b| {
        b.iter(|| {
            baomi::redact::run::redact_bytes(&engine, "roster.xlsx", &bytes, &triage, &run_options)
                .replaced
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
