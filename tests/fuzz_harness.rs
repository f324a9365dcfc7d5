//! The fuzz targets of `fuzz/` as bounded property tests, so that every run
//! of the test suite fuzzes a little: text read as rule files, tables and
//! journals, and arbitrary records evaluated. `fuzz/README.md` says how to
//! run the coverage-guided targets for longer.

use chrono::NaiveDate;
use etalon::{Case, DatasetBuilder, OrgTree};
use proptest::prelude::*;

fn sample_tree() -> &'static str {
    concat!(env!("CARGO_MANIFEST_DIR"), "/examples/data/units.csv")
}

/// Text that looks like a table: headers from the schema, cells of every
/// type, broken quotes and stray bytes.
fn tablish() -> impl Strategy<Value = String> {
    let cell = prop_oneof![
        Just("2026-07-01".to_string()),
        Just("31.12.2026".to_string()),
        Just("2026-02-30".to_string()),
        Just("-5".to_string()),
        Just("granted".to_string()),
        Just("home_care".to_string()),
        Just("U0001".to_string()),
        Just("\"unclosed".to_string()),
        Just("true".to_string()),
        Just("".to_string()),
        "[\\PC]{0,8}",
    ];
    let header = Just(
        "case_id,process,unit_id,recipient_id,applied_on,decided_on,decision,planned".to_string(),
    );
    (
        header,
        proptest::collection::vec(proptest::collection::vec(cell, 0..10), 0..12),
    )
        .prop_map(|(h, rows)| {
            let mut s = h;
            for r in rows {
                s.push('\n');
                s.push_str(&r.join(","));
            }
            s
        })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_table_text_is_read_or_refused_with_a_place(text in tablish(), json in "[\\PC]{0,80}") {
        let dir = tempfile::tempdir().unwrap();
        std::fs::copy(sample_tree(), dir.path().join("units.csv")).unwrap();
        std::fs::write(dir.path().join("cases.csv"), &text).unwrap();
        if let Err(e) = etalon::io::load_dataset(dir.path()) {
            prop_assert!(!e.to_string().is_empty());
        }
        std::fs::remove_file(dir.path().join("cases.csv")).unwrap();
        std::fs::write(dir.path().join("cases.json"), format!("[{json}]")).unwrap();
        let _ = etalon::io::load_dataset(dir.path());
    }

    #[test]
    fn any_journal_bytes_decode_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..400), cut in 0usize..2000) {
        let _ = etalon::journal::codec::decode(&bytes);
        let _ = etalon::journal::codec::verify(&bytes);
        let fixture = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/journal/v1.jsonl")).unwrap();
        let mut mixed = fixture[..cut.min(fixture.len())].to_vec();
        mixed.extend_from_slice(&bytes);
        if let Ok(decoded) = etalon::journal::codec::decode(&mixed) {
            let _ = etalon::journal::JournalState::replay(decoded.events.iter());
        }
    }

    #[test]
    fn arbitrary_records_evaluate_or_are_refused(bytes in proptest::collection::vec(any::<u8>(), 0..240)) {
        let m = crate::support::standard();
        if let Ok(data) = records(&bytes) {
            match m.evaluate(&data, "2026-Q3".parse().unwrap()) {
                Ok(e) => prop_assert!(e.values.iter().all(|v| v.entity.id != "U9")),
                Err(etalon::EvaluationError::Data(d)) => prop_assert!(d.row.is_some()),
                // Records all dated before the window: refused as not
                // covering the period, never judged as zeros.
                Err(etalon::EvaluationError::OutsideCoverage { from, to, period }) => {
                    prop_assert_eq!(data.coverage(), Some((from, to)));
                    prop_assert!(to < period.start() || from > period.end());
                }
                Err(other) => prop_assert!(false, "unexpected {other}"),
            }
        }
    }
}

/// The same builder as `fuzz/fuzz_targets/evaluate_records.rs`.
fn records(data: &[u8]) -> Result<etalon::Dataset, etalon::DataError> {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g")?;
    tree.org("O", "o", "G", "non_residential")?;
    for u in ["U1", "U2", "U3"] {
        tree.unit(u, "u", "O", ["home_care"])?;
    }
    let mut b = DatasetBuilder::new(tree.build()?);
    let processes = [
        "home_care",
        "material_aid",
        "social_taxi",
        "residential_care",
        "nonsense",
    ];
    let decisions = ["granted", "refused", "pending", "maybe"];
    let base = NaiveDate::from_ymd_opt(2025, 6, 1).unwrap();
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
