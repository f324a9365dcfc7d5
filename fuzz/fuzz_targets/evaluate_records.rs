//! Arbitrary records (within the table's column types) evaluated with the
//! standard package: a result or a data error, never a panic.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

/// Compiled once: the target is the evaluation, not the compiler.
static STANDARD: OnceLock<Option<etalon::Methodology>> = OnceLock::new();

fuzz_target!(|data: &[u8]| {
    let Some(m) = STANDARD.get_or_init(|| etalon::standard().ok()) else { return };
    let Ok(dataset) = records(data) else { return };
    let _ = m.evaluate(&dataset, "2026-Q3".parse().expect("a period"));
});

/// Cases built from the bytes: units, processes, dates and volumes chosen
/// by them, including impossible ones (the builder must refuse those).
fn records(data: &[u8]) -> Result<etalon::Dataset, etalon::DataError> {
    use etalon::{Case, DatasetBuilder, OrgTree};
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g")?;
    tree.org("O", "o", "G", "non_residential")?;
    for u in ["U1", "U2", "U3"] {
        tree.unit(u, "u", "O", ["home_care"])?;
    }
    let mut b = DatasetBuilder::new(tree.build()?);
    let processes = ["home_care", "material_aid", "social_taxi", "residential_care", "nonsense"];
    let decisions = ["granted", "refused", "pending", "maybe"];
    let base = chrono::NaiveDate::from_ymd_opt(2025, 6, 1).expect("a date");
    for (i, chunk) in data.chunks(8).enumerate() {
        let byte = |k: usize| chunk.get(k).copied().unwrap_or(0);
        let day = |k: usize| base + chrono::Days::new(u64::from(byte(k)) * 3);
        let mut c = Case::new(
            format!("C{i}"),
            processes[byte(0) as usize % processes.len()],
            ["U1", "U2", "U3", "U9"][byte(1) as usize % 4],
            format!("P{}", byte(2) % 16),
            day(3),
        );
        c.decided_on = (byte(4) % 3 != 0).then(|| day(4));
        c.decision = Some(decisions[byte(5) as usize % decisions.len()].to_string());
        c.started_on = (byte(6) % 2 == 0).then(|| day(6));
        c.planned = Some(i64::from(byte(7)) - 8);
        b.add(&c)?;
    }
    b.finish()
}
