//! Indicator formulas per entity: the native kernel (`share(a, b)`), a Rhai
//! expression, a Rhai library function, and the same arithmetic in Rust.
//! Formulas run once per entity and period, never per record.
//!
//! `cargo bench --bench formulas` — group `formula_batch` (1 024 calls per
//! iteration; the per-call cost is the median divided by the batch).

use std::collections::BTreeMap;
use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use etalon::{Methodology, PackageFiles};
use rust_decimal::Decimal;

const MANIFEST: &str = r#"
[package]
id = "bench"
name = "bench"
version = "1"
edition = "bench"
in_force_from = 2025-01-01
[contents]
processes = ["p.toml"]
scripts = ["lib.rhai"]
"#;

const RULES: &str = r#"
[[measure]]
id = "planned"
name = "p"
table = "deliveries"
aggregate = "sum(planned)"

[[measure]]
id = "delivered"
name = "d"
table = "deliveries"
aggregate = "sum(delivered)"

[[indicator]]
id = "kernel"
name = "k"
unit = "percent"
direction = "higher_is_better"
formula = "share(delivered, planned)"

[[indicator]]
id = "expression"
name = "e"
unit = "per100"
direction = "lower_is_better"
formula = "if planned == 0 { () } else { (planned - delivered) * 100 / planned }"

[[indicator]]
id = "library"
name = "l"
unit = "per100"
direction = "lower_is_better"
formula = "missed_per_100(planned, delivered)"
"#;

const LIBRARY: &str = r#"
fn missed_per_100(planned, delivered) {
    if planned == 0 { return (); }
    per_100(planned - delivered, planned)
}
"#;

/// Calls per batch.
const BATCH: i64 = 1024;

fn bench(c: &mut Criterion) {
    let files: PackageFiles = [
        ("etalon.toml", MANIFEST),
        ("p.toml", RULES),
        ("lib.rhai", LIBRARY),
    ]
    .into_iter()
    .collect();
    let m = Methodology::compile(&files).expect("the bench package compiles");
    let inputs: BTreeMap<String, i64> = [
        ("planned".to_string(), 1440),
        ("delivered".to_string(), 1411),
    ]
    .into_iter()
    .collect();
    let native = |planned: i64, delivered: i64| -> Option<Decimal> {
        let p = Decimal::from(planned);
        (!p.is_zero()).then(|| (p - Decimal::from(delivered)) * Decimal::ONE_HUNDRED / p)
    };
    assert_eq!(
        m.compute_indicator("expression", &inputs).expect("runs"),
        native(1440, 1411).map(|d| d.normalize())
    );
    assert_eq!(
        m.compute_indicator("library", &inputs).expect("runs"),
        m.compute_indicator("expression", &inputs).expect("runs")
    );

    // A batch of calls, as an evaluation makes them (one per entity and
    // period): the per-call cost is the median over the batch size.
    let rows: Vec<BTreeMap<String, i64>> = (0..BATCH)
        .map(|i| {
            [
                ("planned".to_string(), 1440 + i),
                ("delivered".to_string(), 1411 + i / 2),
            ]
            .into_iter()
            .collect()
        })
        .collect();
    let mut group = c.benchmark_group("formula_batch");
    group.throughput(criterion::Throughput::Elements(BATCH as u64));
    for id in ["kernel", "expression", "library"] {
        group.bench_function(id, |b| {
            b.iter(|| {
                m.compute_indicator_rows(black_box(id), black_box(&rows))
                    .expect("runs")
            })
        });
    }
    group.bench_function("native_decimal", |b| {
        b.iter(|| {
            rows.iter()
                .map(|r| native(black_box(r["planned"]), black_box(r["delivered"])))
                .collect::<Vec<_>>()
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
