//! Compiling the standard package (parse, check, compile every filter and
//! script) versus only parsing its TOML files; and exact Decimal versus f64
//! arithmetic for a weighted score of 15 shares.
//!
//! `cargo bench --bench compile` — groups `compile` and `score_arithmetic`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use etalon::Methodology;
use rust_decimal::Decimal;

fn bench(c: &mut Criterion) {
    let files = etalon::standard_files();
    let mut group = c.benchmark_group("compile");
    group.bench_function("standard_package", |b| {
        b.iter(|| Methodology::compile(black_box(&files)).expect("compiles"))
    });
    group.bench_function("toml_parse_only", |b| {
        b.iter(|| {
            files
                .iter()
                .filter(|(p, _)| p.ends_with(".toml"))
                .map(|(_, t)| t.parse::<toml::Table>().map_or(0, |t| t.len()))
                .sum::<usize>()
        })
    });
    group.finish();

    // Fifteen shares weighted into five criteria and a mean, as in an
    // independent-assessment total.
    let counts: Vec<(i64, i64)> = (0..15).map(|i| (80 + i, 100 + 2 * i)).collect();
    let weights = [3, 3, 4, 3, 4, 3, 3, 4, 3, 4, 4, 2, 3, 2, 5];
    let mut group = c.benchmark_group("score_arithmetic");
    group.bench_function("decimal", |b| {
        b.iter(|| {
            let mut total = Decimal::ZERO;
            for ((a, n), w) in black_box(&counts).iter().zip(weights) {
                let share = Decimal::from(*a) * Decimal::ONE_HUNDRED / Decimal::from(*n);
                total += share * Decimal::new(w, 1);
            }
            total / Decimal::from(5)
        })
    });
    group.bench_function("f64", |b| {
        b.iter(|| {
            let mut total = 0.0f64;
            for ((a, n), w) in black_box(&counts).iter().zip(weights) {
                total += *a as f64 * 100.0 / *n as f64 * (w as f64 / 10.0);
            }
            total / 5.0
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
