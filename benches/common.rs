//! Shared set-up of the benchmarks: generated regions of a given size.

use etalon::generate::{Region, RegionSpec, generate};

/// A generated region of about `records` records in all tables (the demo
/// region's tree, volumes scaled): what `etalon generate --records N` writes.
pub fn region_of(records: usize) -> Region {
    generate(&RegionSpec::with_records(2026, records))
}

/// Criterion configured for long-running groups on a shared machine.
pub fn slow_criterion() -> criterion::Criterion {
    criterion::Criterion::default()
        .sample_size(10)
        .measurement_time(std::time::Duration::from_secs(8))
        .warm_up_time(std::time::Duration::from_secs(2))
}
