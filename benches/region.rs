//! The whole region quarter with the standard package, records already in
//! memory, beside a plain counting loop over the same records; the time per
//! record as the region grows; and loading the region from CSV files and
//! from Arrow tables in memory, beside a plain copy of the Arrow buffers,
//! and from Parquet files, beside the Parquet reader alone (the same files
//! into Arrow batches, no dataset built).
//!
//! `cargo bench --bench region` — groups `region_quarter`, `scaling`,
//! `load`. `ETALON_BENCH_SIZES=10000,100000` limits the scaling sizes
//! (the default goes to 10 million records and needs about 8 GB).

#[path = "common.rs"]
mod common;

use std::hint::black_box;

use std::sync::Arc;

use arrow_array::{ArrayRef, BooleanArray, Date32Array, Int64Array, RecordBatch, StringArray};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use etalon::data::Value;
use etalon::io::arrow::write_batches;
use etalon::{ColumnType, EvaluationOptions, Period, TableKind};

fn period() -> Period {
    "2026-Q3".parse().expect("a period")
}

fn region_quarter(c: &mut Criterion) {
    let m = etalon::standard().expect("the standard package compiles");
    let region = common::region_of(2_000_000);
    let data = region.dataset().expect("generated data is valid");
    let records = data.total_records() as u64;
    // The plain loop: decisions per unit and quarter (92-day buckets) over
    // every case, the least any evaluation of these records must do.
    let units: std::collections::HashMap<&str, usize> = data
        .tree()
        .units()
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i))
        .collect();
    let plain: Vec<(u32, i32)> = region
        .cases
        .iter()
        .map(|c| {
            (
                units[c.unit_id.as_str()] as u32,
                c.decided_on.map_or(i32::MIN, |d| etalon::Day::of(d).0),
            )
        })
        .collect();
    let first = etalon::Day::of(period().previous(4).start()).0;
    let n_units = units.len();

    let mut group = c.benchmark_group("region_quarter");
    group.throughput(Throughput::Elements(records));
    for threads in [1, 2] {
        let options = EvaluationOptions::new(period()).with_threads(threads);
        group.bench_function(format!("etalon/{threads}"), |b| {
            b.iter(|| m.evaluate_with(&data, &options).expect("evaluates"))
        });
    }
    group.bench_function("counting_loop", |b| {
        b.iter(|| {
            let mut counts = vec![0u32; n_units * 5];
            for &(unit, decided) in black_box(&plain) {
                let slot = (decided.wrapping_sub(first) / 92) as usize;
                if decided != i32::MIN && slot < 5 {
                    counts[unit as usize * 5 + slot] += 1;
                }
            }
            counts
        })
    });
    group.finish();
}

fn scaling(c: &mut Criterion) {
    let m = etalon::standard().expect("the standard package compiles");
    let sizes: Vec<usize> = std::env::var("ETALON_BENCH_SIZES")
        .ok()
        .map(|s| s.split(',').filter_map(|x| x.trim().parse().ok()).collect())
        .unwrap_or_else(|| vec![10_000, 100_000, 1_000_000, 10_000_000]);
    let mut group = c.benchmark_group("scaling");
    for size in sizes {
        let data = common::region_of(size)
            .dataset()
            .expect("generated data is valid");
        group.throughput(Throughput::Elements(data.total_records() as u64));
        let options = EvaluationOptions::new(period()).with_threads(2);
        group.bench_function(format!("{size}"), |b| {
            b.iter(|| m.evaluate_with(&data, &options).expect("evaluates"))
        });
    }
    group.finish();
}

fn load(c: &mut Criterion) {
    let dir = std::env::temp_dir().join("etalon-bench-region-csv");
    let region = common::region_of(2_000_000);
    region.write_csv(&dir).expect("writes CSV");
    let records = region.records();
    let data = region.dataset().expect("valid");
    let tables: Vec<_> = TableKind::ALL
        .into_iter()
        .filter(|&t| data.has_table(t))
        .map(|t| (t, arrow_table(&data, t)))
        .collect();
    let mut group = c.benchmark_group("load");
    group.throughput(Throughput::Elements(records as u64));
    group.bench_function("csv", |b| {
        b.iter(|| etalon::io::load_dataset(&dir).expect("loads"))
    });
    group.bench_function("in_memory_records", |b| {
        b.iter(|| region.dataset().expect("valid"))
    });
    group.bench_function("arrow", |b| {
        b.iter(|| {
            let mut builder = etalon::DatasetBuilder::new(region.tree().expect("a tree"));
            for (table, batch) in &tables {
                let mut report = |e: etalon::DataError| panic!("{e}");
                let batches = [Ok(batch.clone())];
                write_batches(&mut builder, *table, &batch.schema(), batches, &mut report);
            }
            builder.finish().expect("valid")
        })
    });
    // The floor: every Arrow buffer copied once, which loading cannot beat.
    group.bench_function("arrow_copy_baseline", |b| {
        b.iter(|| {
            tables
                .iter()
                .flat_map(|(_, batch)| batch.columns())
                .map(|c| {
                    c.to_data()
                        .buffers()
                        .iter()
                        .map(|b| b.as_slice().to_vec())
                        .collect()
                })
                .collect::<Vec<Vec<Vec<u8>>>>()
        })
    });
    let parquet = std::env::temp_dir().join("etalon-bench-region-parquet");
    region.write_parquet(&parquet).expect("writes Parquet");
    let files: Vec<_> = std::fs::read_dir(&parquet)
        .expect("the folder")
        .map(|e| e.expect("an entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == "parquet"))
        .collect();
    // Both read the same data: the baseline must see every record.
    assert_eq!(read_batches(&files), records + region.units.len());
    group.bench_function("parquet", |b| {
        b.iter(|| etalon::io::load_dataset(&parquet).expect("loads"))
    });
    group.bench_function("parquet_reader_alone", |b| {
        b.iter(|| black_box(read_batches(&files)))
    });
    group.finish();
    let _ = std::fs::remove_dir_all(&dir);
    let _ = std::fs::remove_dir_all(&parquet);
}

/// The plain baseline of Parquet loading: every file read into Arrow
/// batches by the Parquet reader (batches of 8192 records, as etalon
/// reads them), nothing built from them. Returns the records read.
fn read_batches(files: &[std::path::PathBuf]) -> usize {
    use parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
    files
        .iter()
        .map(|path| {
            let file = std::fs::File::open(path).expect("opens");
            ParquetRecordBatchReaderBuilder::try_new(file)
                .and_then(|b| b.with_batch_size(8192).build())
                .expect("a Parquet file")
                .map(|batch| black_box(batch.expect("reads")).num_rows())
                .sum::<usize>()
        })
        .sum()
}

/// `table` of `data` as one Arrow batch typed as a lake's Parquet files
/// hold it: text, dates, whole numbers, booleans.
fn arrow_table(data: &etalon::Dataset, table: TableKind) -> RecordBatch {
    let given = data.given_columns(table);
    let columns = data
        .columns(table)
        .iter()
        .enumerate()
        .filter(|(_, n)| given.contains(&n.as_str()));
    let arrays = columns.map(|(i, name)| {
        let values: Vec<Value> = data.values(table, i).expect("a column").collect();
        let array: ArrayRef = match data.column_type(table, i).expect("a column") {
            ColumnType::Date | ColumnType::Month => Arc::new(
                values
                    .iter()
                    .map(|v| match v {
                        Value::Date(d) => Some(etalon::Day::of(*d).0),
                        _ => None,
                    })
                    .collect::<Date32Array>(),
            ),
            ColumnType::Count => Arc::new(
                values
                    .iter()
                    .map(|v| match v {
                        Value::Count(n) => Some(*n),
                        _ => None,
                    })
                    .collect::<Int64Array>(),
            ),
            ColumnType::Flag => Arc::new(
                values
                    .iter()
                    .map(|v| match v {
                        Value::Flag(f) => Some(*f),
                        _ => None,
                    })
                    .collect::<BooleanArray>(),
            ),
            _ => Arc::new(
                values
                    .iter()
                    .map(|v| match v {
                        Value::Text(t) => Some(*t),
                        _ => None,
                    })
                    .collect::<StringArray>(),
            ),
        };
        (name.clone(), array)
    });
    RecordBatch::try_from_iter(arrays).expect("a batch")
}

criterion_group! {
    name = benches;
    config = common::slow_criterion();
    targets = region_quarter, scaling, load
}
criterion_main!(benches);
