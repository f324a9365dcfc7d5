//! Staffing and advanced training computed by hand with the standard
//! package, in 2026-Q2.
//!
//! U1: April 10 positions, 10 filled, 9 trained; May 10, 9, 8; June 10, 9, 9
//! → staffing 28 / 30 = 93.33 % (a warning under 95), trained 26 / 28.
//! U2: 5 positions, 5 filled, 2 trained each month → 100 %, trained 40 %.
//! O (both): staffing 43 / 45, trained 32 / 43.

use chrono::NaiveDate;
use etalon::{DatasetBuilder, Judgement, Level, OrgTree, Staff};
use rust_decimal::Decimal;

use crate::support::standard;

fn month(m: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, 1).unwrap()
}

fn ratio(a: i64, b: i64) -> Decimal {
    (Decimal::from(a * 100) / Decimal::from(b)).normalize()
}

#[test]
fn staffing_and_training_at_every_level() {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "non_residential").unwrap();
    tree.unit("U1", "u1", "O", ["home_care"]).unwrap();
    tree.unit("U2", "u2", "O", ["day_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    for (m, filled, trained) in [(4, 10, 9), (5, 9, 8), (6, 9, 9)] {
        let mut s = Staff::new("U1", month(m), 10, filled);
        s.trained = Some(trained);
        b.add(&s).unwrap();
        let mut s = Staff::new("U2", month(m), 5, 5);
        s.trained = Some(2);
        b.add(&s).unwrap();
    }
    let e = standard()
        .evaluate(&b.finish().unwrap(), "2026-Q2".parse().unwrap())
        .unwrap();
    use Judgement::*;
    let expected = [
        (Level::Unit, "U1", "gen_staffing", ratio(28, 30), Warning),
        (Level::Unit, "U1", "gen_trained", ratio(26, 28), Normal),
        (Level::Unit, "U2", "gen_staffing", ratio(15, 15), Normal),
        (Level::Unit, "U2", "gen_trained", ratio(6, 15), Critical),
        (Level::Org, "O", "gen_staffing", ratio(43, 45), Normal),
        (Level::Org, "O", "gen_trained", ratio(32, 43), Critical),
    ];
    for (level, id, indicator, value, judgement) in expected {
        let v = e.value(level, id, indicator).unwrap();
        assert_eq!(v.value, Some(value), "{level}:{id} {indicator}");
        assert_eq!(v.judgement, judgement, "{level}:{id} {indicator}");
    }
}

#[test]
fn more_filled_than_positions_is_refused() {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "t").unwrap();
    tree.unit("U1", "u1", "O", ["home_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    let err = b.add(&Staff::new("U1", month(4), 3, 4)).unwrap_err();
    assert_eq!(
        err.to_string(),
        "staff, row 1, field `filled`: the value is more than positions"
    );
}
