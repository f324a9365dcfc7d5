//! Scoring a region: the НОК counted from every questionnaire beside a
//! plain counting loop over the same answers, the НОК scored from counts,
//! and the KPI points of every manager.
//!
//! `cargo bench --bench scoring` — groups `nok_counts`, `nok_score`, `kpi`.

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use etalon::scoring::{KpiSources, NokOptions};
use etalon::{EvaluationOptions, Period};

fn year() -> Period {
    "2026".parse().expect("a period")
}

fn scoring(c: &mut Criterion) {
    let m = etalon::standard().expect("the standard package compiles");
    let region = common::region_of(2_000_000);
    let data = region.dataset().expect("generated data is valid");
    let options = NokOptions::for_period(year());
    let surveys = region
        .surveys
        .iter()
        .filter(|s| s.answered_on >= year().start() && s.answered_on <= year().end())
        .count() as u64;

    // The plain loop: "yes" answers to `overall` per unit over the records
    // in memory, the least a count of one share must do.
    let mut group = c.benchmark_group("nok_counts");
    group.throughput(Throughput::Elements(surveys));
    group.bench_function("etalon", |b| {
        b.iter(|| {
            m.nok_survey_counts(&data, year(), &options)
                .expect("counts")
        })
    });
    group.bench_function("counting_loop", |b| {
        b.iter(|| {
            let (start, end) = (year().start(), year().end());
            let mut yes = std::collections::HashMap::<&str, u32>::new();
            for s in black_box(&region.surveys) {
                if s.answered_on >= start
                    && s.answered_on <= end
                    && s.answers.get("overall").is_some_and(|a| a == "yes")
                {
                    *yes.entry(s.unit_id.as_str()).or_default() += 1;
                }
            }
            yes.len()
        })
    });
    group.finish();

    let input = m
        .nok_from_surveys(&data, year(), region.nok_fact_rows(2026), &options)
        .expect("НОК input");
    let mut group = c.benchmark_group("nok_score");
    group.throughput(Throughput::Elements(input.rows.len() as u64));
    group.bench_function("organisations", |b| {
        b.iter(|| m.score_nok(&input, &options).expect("scores"))
    });
    group.finish();

    let nok = m.score_nok(&input, &options).expect("scores");
    let evaluation = m
        .evaluate_with(
            &data,
            &EvaluationOptions::new("2026-Q3".parse().expect("a period")),
        )
        .expect("evaluates");
    let mut group = c.benchmark_group("kpi");
    group.bench_function("input_and_score", |b| {
        b.iter(|| {
            let input = m
                .kpi_input(&KpiSources {
                    tree: data.tree(),
                    evaluation: Some(&evaluation),
                    nok: Some(&nok),
                    journal: None,
                    plans: None,
                })
                .expect("KPI input");
            m.score_kpi(&input).expect("KPI")
        })
    });
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::slow_criterion();
    targets = scoring
}
criterion_main!(benches);
