//! The Rust side of the overhead measurement (`mvn -Poverhead compile` runs
//! it before `Overhead.kt`): the calls the Kotlin side makes through the
//! binding, timed here without the FFI, on the sample region.
//!
//! `cargo run --release -p etalon-kotlin --example overhead -- DATA_DIR OUT.tsv`
//!
//! Each line of `OUT.tsv` is `name<TAB>nanoseconds per call` (the median of
//! several batches, after a warm-up).

use std::hint::black_box;
use std::path::Path;
use std::time::Instant;

use etalon::{EvaluationOptions, Level};

/// Median nanoseconds per call of `f`, over `batches` batches of `calls`.
fn time(batches: usize, calls: usize, mut f: impl FnMut()) -> f64 {
    for _ in 0..calls {
        f();
    }
    let mut samples: Vec<f64> = (0..batches)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..calls {
                f();
            }
            start.elapsed().as_nanos() as f64 / calls as f64
        })
        .collect();
    samples.sort_by(f64::total_cmp);
    samples[samples.len() / 2]
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (Some(dir), Some(out)) = (args.get(1), args.get(2)) else {
        eprintln!("usage: overhead DATA_DIR OUT.tsv");
        std::process::exit(2);
    };
    let m = etalon::standard().unwrap_or_else(|d| {
        eprintln!("{d}");
        std::process::exit(1)
    });
    let data = etalon::io::load_dataset(Path::new(dir)).unwrap_or_else(|e| {
        eprintln!("{e}");
        std::process::exit(1)
    });
    let period = "2026-Q3".parse().expect("a period");
    let options = EvaluationOptions::new(period).with_threads(1);
    let evaluation = m
        .evaluate_with(&data, &options)
        .expect("the sample evaluates");
    let (level, entity, indicator) = (Level::Org, "O001", "ma_decided_in_term");
    assert!(evaluation.value(level, entity, indicator).is_some());

    // The same call through the binding's Rust API (conversion to records,
    // no FFI): what the Kotlin side pays beyond it is the FFI and lifting.
    let binding = etalon_kotlin::Methodology::standard(None).expect("standard");
    let binding_data = etalon_kotlin::Dataset::from_dir(dir.clone()).expect("sample");
    let binding_eval = binding
        .clone()
        .evaluate_with(
            binding_data,
            etalon_kotlin::EvaluationOptions {
                threads: 1,
                ..etalon_kotlin::EvaluationOptions::new("2026-Q3".into())
            },
        )
        .expect("evaluates");

    let rows = [
        (
            "evaluate",
            time(7, 3, || {
                black_box(m.evaluate_with(&data, &options).expect("evaluates"));
            }),
        ),
        (
            "value",
            time(15, 2_000, || {
                black_box(evaluation.value(level, black_box(entity), indicator));
            }),
        ),
        (
            "explain",
            time(15, 2_000, || {
                let value = evaluation.value(level, black_box(entity), indicator);
                black_box(value.map(|v| etalon::explain(&m, &evaluation, v)));
            }),
        ),
        (
            "values",
            time(9, 5, || {
                black_box(binding_eval.values());
            }),
        ),
    ];
    let mut text = String::new();
    for (name, ns) in rows {
        println!("rust   {name:<10} {:>14.0} ns/call", ns);
        text.push_str(&format!("{name}\t{ns}\n"));
    }
    println!(
        "(sample region: {} values, {} deviations)",
        evaluation.values.len(),
        evaluation.deviations.len()
    );
    if let Err(e) = std::fs::write(out, text) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
}
