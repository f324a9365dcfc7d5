//! Execution of the state assignment (госзадание) computed by hand, at
//! every level, with the standard package, in 2026-Q2.
//!
//! U1 (home care): assigned 100 a month, provided 90, 95, 100 → 285 / 300 = 95 %;
//! U2 (home care): assigned 50 a month, provided 40 each → 120 / 150 = 80 %;
//! O (both units) = 405 / 450 = 90 %: the edge of the 10 % tolerance, normal.
//! U3 (day care) has no assignment rows: its execution has no value.

use chrono::NaiveDate;
use etalon::{Assignment, DatasetBuilder, Judgement, Level, OrgTree};
use rust_decimal::Decimal;

use crate::support::standard;

fn month(m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, 1).unwrap()
}

#[test]
fn execution_of_the_state_assignment_at_every_level() {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "non_residential").unwrap();
    tree.unit("U1", "u1", "O", ["home_care"]).unwrap();
    tree.unit("U2", "u2", "O", ["home_care"]).unwrap();
    tree.unit("U3", "u3", "O", ["day_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    for (m, provided) in [(4, 90), (5, 95), (6, 100)] {
        b.add(&Assignment::new("U1", "home_care", month(m), 100, provided))
            .unwrap();
        b.add(&Assignment::new("U2", "home_care", month(m), 50, 40))
            .unwrap();
    }
    // July belongs to the next quarter.
    b.add(&Assignment::new("U1", "home_care", month(7), 100, 0))
        .unwrap();
    let m = standard();
    let e = m
        .evaluate(&b.finish().unwrap(), "2026-Q2".parse().unwrap())
        .unwrap();
    use Judgement::*;
    let expected = [
        (Level::Unit, "U1", Some("95"), Some(300), Normal),
        (Level::Unit, "U2", Some("80"), Some(150), Critical),
        (Level::Org, "O", Some("90"), Some(450), Normal),
        (Level::Region, "R", Some("90"), Some(450), Normal),
    ];
    for (level, id, value, base, judgement) in expected {
        let v = e.value(level, id, "hc_gz_execution").unwrap();
        assert_eq!(
            v.value,
            value.map(|s| s.parse::<Decimal>().unwrap().normalize()),
            "{level}:{id}"
        );
        assert_eq!(v.base, base, "{level}:{id}");
        assert_eq!(v.judgement, judgement, "{level}:{id}");
    }
    let day_care = e.value(Level::Unit, "U3", "dc_gz_execution").unwrap();
    assert_eq!(day_care.value, None);
    assert_eq!(day_care.judgement, Undefined);
}

#[test]
fn a_duplicate_month_of_an_assignment_is_refused() {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "t").unwrap();
    tree.unit("U1", "u1", "O", ["home_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    b.add(&Assignment::new("U1", "home_care", month(4), 100, 90))
        .unwrap();
    b.add(&Assignment::new(
        "U1",
        "home_care",
        NaiveDate::from_ymd_opt(2026, 4, 15).unwrap(),
        100,
        95,
    ))
    .unwrap();
    let err = b.finish().unwrap_err();
    assert_eq!(
        err.to_string(),
        "assignments, row 2, field `unit_id`: duplicate unit_id + process + month: an earlier record has the same"
    );
}

#[test]
fn data_without_the_assignment_table_says_so() {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "t").unwrap();
    tree.unit("U1", "u1", "O", ["home_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    b.add(&etalon::Case::new(
        "C1",
        "home_care",
        "U1",
        "P1",
        NaiveDate::from_ymd_opt(2026, 4, 2).unwrap(),
    ))
    .unwrap();
    // A table given without records is not a table left out.
    b.add_all::<etalon::Staff>(&[]).unwrap();
    let data = b.finish().unwrap();
    assert!(data.has_table(etalon::TableKind::Staff));
    assert!(!data.has_table(etalon::TableKind::Assignments));
    let e = standard()
        .evaluate(&data, "2026-Q2".parse().unwrap())
        .unwrap();
    // The staff table given without records is said so, as a table
    // without records in the period, not as one left out.
    let staff: Vec<&str> = e
        .notes
        .iter()
        .filter(|n| n.message.contains("`staff`"))
        .map(|n| n.code.as_str())
        .collect();
    assert_eq!(staff, ["table-empty"]);
    let note = e
        .notes
        .iter()
        .find(|n| n.message.contains("`assignments`"))
        .unwrap();
    assert_eq!(note.code, "table-missing");
    assert_eq!(
        note.message,
        "the data has no table `assignments`: the indicators that read it have no value or \
         count nothing (ma_gz_execution, us_gz_execution, hc_gz_execution, \
         co_gz_execution, ts_gz_execution, dc_gz_execution, dr_gz_execution, st_gz_execution, \
         al_gz_execution, rc_gz_execution)"
    );
    assert!(
        note.message_ru
            .starts_with("в данных нет таблицы `assignments`")
    );
    // Cases were given: no note for them.
    assert!(!e.notes.iter().any(|n| n.message.contains("`cases`")));
    assert!(
        e.value(Level::Unit, "U1", "hc_gz_execution")
            .unwrap()
            .value
            .is_none()
    );
}
