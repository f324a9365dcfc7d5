//! The formulas of the standard package, one by one, and the worked
//! example of NOK.md.

use rust_decimal::Decimal;

use super::*;
use crate::scoring::testkit::standard_nok;
use crate::time::Period;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn period() -> Period {
    "2026".parse().unwrap()
}

/// The worked example of NOK.md as raw counts.
pub(crate) fn worked_example(org: &str) -> NokRow {
    let mut row = NokRow::new(org, period());
    for (k, v) in [
        ("info_stand_present", 15),
        ("info_stand_required", 18),
        ("info_site_present", 30),
        ("info_site_required", 36),
        ("distance_channels", 3),
        ("open_stand_satisfied", 40),
        ("open_stand_base", 45),
        ("open_site_satisfied", 35),
        ("open_site_base", 40),
        ("comfort_conditions", 4),
        ("timely_served", 90),
        ("timely_base", 100),
        ("comfort_satisfied", 95),
        ("comfort_base", 100),
        ("disab_facility_items", 3),
        ("disab_service_items", 4),
        ("disab_satisfied", 18),
        ("disab_base", 20),
        ("polite_first_satisfied", 97),
        ("polite_first_base", 100),
        ("polite_service_satisfied", 98),
        ("polite_service_base", 100),
        ("polite_remote_satisfied", 30),
        ("polite_remote_base", 32),
        ("recommend_yes", 92),
        ("recommend_base", 100),
        ("org_conditions_satisfied", 96),
        ("org_conditions_base", 100),
        ("overall_satisfied", 95),
        ("overall_base", 100),
    ] {
        row = row.with(k, v);
    }
    row
}

fn score(rows: Vec<NokRow>, options: &NokOptions) -> NokScores {
    standard_nok()
        .score_nok(&NokData::from_rows(rows), options)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn close(got: Option<Decimal>, want: &str, tolerance: &str) {
    let got = got.unwrap_or_else(|| panic!("no value, expected {want}"));
    assert!(
        (got - d(want)).abs() <= d(tolerance),
        "got {got}, expected {want} ± {tolerance}"
    );
}

#[test]
fn the_worked_example_of_nok_md() {
    let s = score(vec![worked_example("A")], &NokOptions::default());
    let a = s.org("A").unwrap();
    for (k, want) in [
        ("k1", "87.28"),
        ("k2", "88.5"),
        ("k3", "77.0"),
        ("k4", "96.75"),
        ("k5", "94.3"),
    ] {
        close(a.criterion(k), want, "0.01");
    }
    close(a.total, "88.7656", "0.00005");
    assert_eq!(s.rounding.format(a.total.unwrap()), "88.77");
    for (i, want) in [
        ("1.1", "83.33"),
        ("1.2", "90"),
        ("1.3", "88.19"),
        ("2.1", "80"),
        ("2.2", "90"),
        ("2.3", "95"),
        ("3.1", "60"),
        ("3.2", "80"),
        ("3.3", "90"),
        ("4.1", "97"),
        ("4.2", "98"),
        ("4.3", "93.75"),
        ("5.1", "92"),
        ("5.2", "96"),
        ("5.3", "95"),
    ] {
        close(a.indicator(i).unwrap().value, want, "0.005");
    }
    assert!(a.notes.is_empty(), "{:?}", a.notes);
    assert_eq!(s.region.total, a.total);
    assert_eq!(a.rank, Some(1));
}

#[test]
fn each_formula_exactly() {
    let s = score(vec![worked_example("A")], &NokOptions::default());
    let a = s.org("A").unwrap();
    let v = |i: &str| a.indicator(i).unwrap().value.unwrap();
    // 1.1 = 0.5 × (15/18 + 30/36) × 100
    assert_eq!(
        v("1.1"),
        (d("0.5") * d("100") * d("15") / d("18") + d("0.5") * d("100") * d("30") / d("36"))
            .normalize()
    );
    // 1.3 = 0.5 × (40/45 + 35/40) × 100
    close(Some(v("1.3")), "88.19444444", "0.00000001");
    // K1 = 0.3·1.1 + 0.3·1.2 + 0.4·1.3
    assert_eq!(
        a.criterion("k1").unwrap(),
        (d("0.3") * v("1.1") + d("0.3") * v("1.2") + d("0.4") * v("1.3")).normalize()
    );
    assert_eq!(a.criterion("k2"), Some(d("88.5")));
    assert_eq!(a.criterion("k3"), Some(d("77")));
    assert_eq!(a.criterion("k4"), Some(d("96.75")));
    assert_eq!(a.criterion("k5"), Some(d("94.3")));
}

#[test]
fn every_cap_cuts_and_is_reported() {
    let row = worked_example("A")
        .with("distance_channels", 4)
        .with("comfort_conditions", 6)
        .with("disab_facility_items", 5)
        .with("disab_service_items", 7);
    let s = score(vec![row], &NokOptions::default());
    let a = s.org("A").unwrap();
    for (i, uncapped) in [("1.2", "120"), ("2.1", "120"), ("3.2", "140")] {
        let ind = a.indicator(i).unwrap();
        assert_eq!(ind.value, Some(d("100")), "{i}");
        assert_eq!(ind.uncapped, Some(d(uncapped)), "{i}");
        assert!(
            a.notes.iter().any(|n| n.policy == "cap" && n.figure == i),
            "{i}: {:?}",
            a.notes
        );
    }
    // 5 items × 20 = 100 exactly: at the cap, not cut.
    assert_eq!(a.indicator("3.1").unwrap().value, Some(d("100")));
    assert_eq!(a.indicator("3.1").unwrap().uncapped, None);
    assert!(!a.notes.iter().any(|n| n.figure == "3.1"));
}

fn no_disabled() -> NokRow {
    worked_example("A")
        .with("disab_satisfied", 0)
        .with("disab_base", 0)
}

#[test]
fn zero_base_reweight_spreads_the_weight() {
    let s = score(vec![no_disabled()], &NokOptions::default());
    let a = s.org("A").unwrap();
    assert_eq!(a.indicator("3.3").unwrap().status, IndicatorStatus::NoValue);
    // (0.3·60 + 0.4·80) / 0.7
    close(a.criterion("k3"), "71.428571", "0.000001");
    let note = a.notes.iter().find(|n| n.figure == "3.3").unwrap();
    assert_eq!(note.policy, "zero_base");
    assert!(note.message.contains("disab_base = 0"), "{}", note.message);
    assert!(note.message.contains("3.1, 3.2"), "{}", note.message);
}

#[test]
fn zero_base_zero_scores_nought() {
    let s = score(
        vec![no_disabled()],
        &NokOptions::default().with_policy("zero_base", "zero"),
    );
    let a = s.org("A").unwrap();
    assert_eq!(a.indicator("3.3").unwrap().value, Some(Decimal::ZERO));
    assert_eq!(a.criterion("k3"), Some(d("50")));
    assert!(
        a.notes
            .iter()
            .any(|n| n.policy == "zero_base" && n.message.contains("scored 0"))
    );
    // 27 points of K3 lost: 5.4 of the total.
    close(a.total, "83.3656", "0.00005");
}

#[test]
fn zero_base_undefined_leaves_the_organisation_unranked() {
    let rows = vec![no_disabled(), worked_example("B")];
    let s = score(
        rows,
        &NokOptions::default().with_policy("zero_base", "undefined"),
    );
    let a = s.org("A").unwrap();
    assert_eq!(a.criterion("k3"), None);
    assert_eq!(a.total, None);
    assert_eq!(a.rank, None);
    assert_eq!(s.org("B").unwrap().rank, Some(1));
    assert_eq!(s.region.with_total, 1);
    assert_eq!(s.region.total, s.org("B").unwrap().total);
    // K1 of A still counts in the region's K1.
    assert_eq!(s.region.criteria[0].organisations, 2);
}

#[test]
fn a_part_without_base_leaves_the_other_part() {
    let row = worked_example("A")
        .with("open_site_satisfied", 0)
        .with("open_site_base", 0);
    let s = score(vec![row], &NokOptions::default());
    let a = s.org("A").unwrap();
    // 1.3 from the stand alone: 40/45.
    close(a.indicator("1.3").unwrap().value, "88.888889", "0.000001");
    assert!(
        a.notes.iter().any(|n| n.figure == "1.3/site"),
        "{:?}",
        a.notes
    );
}

#[test]
fn grid_2_2_not_scored() {
    let s = score(
        vec![worked_example("A")],
        &NokOptions::default().with_policy("grid_2_2", "not_scored"),
    );
    let a = s.org("A").unwrap();
    assert_eq!(
        a.indicator("2.2").unwrap().status,
        IndicatorStatus::NotScored
    );
    // (0.3·80 + 0.3·95) / 0.6 = 87.5
    assert_eq!(a.criterion("k2"), Some(d("87.5")));
    assert!(a.notes.iter().any(|n| n.policy == "grid_2_2"));
    assert!(
        s.policies
            .iter()
            .any(|p| p.id == "grid_2_2" && p.setting == "not_scored")
    );
}

#[test]
fn bad_input_names_organisation_column_and_value() {
    let m = standard_nok();
    let cases = [
        (
            worked_example("O7").with("open_stand_satisfied", 50),
            "open_stand_satisfied",
            "50",
            "more than open_stand_base (45)",
        ),
        (
            worked_example("O7").with("info_site_present", 40),
            "info_site_present",
            "40",
            "more than info_site_required (36)",
        ),
        (
            worked_example("O7").with("comfort_conditions", -1),
            "comfort_conditions",
            "-1",
            "negative",
        ),
        (
            worked_example("O7").with("distance_channels", 6),
            "distance_channels",
            "6",
            "largest allowed",
        ),
        (
            worked_example("O7").with("timely_served", d("1.5")),
            "timely_served",
            "1.5",
            "whole number",
        ),
    ];
    for (row, column, value, message) in cases {
        let e = m
            .score_nok(&NokData::from_rows(vec![row]), &NokOptions::default())
            .unwrap_err();
        let NokError::Input(e) = e else { panic!("{e}") };
        assert_eq!(e.org.as_deref(), Some("O7"));
        assert_eq!(e.column.as_deref(), Some(column));
        assert_eq!(e.value.as_deref(), Some(value));
        assert!(e.message.contains(message), "{e}");
        assert!(
            e.to_string()
                .contains(&format!("organisation `O7`, column `{column}` = {value}")),
            "{e}"
        );
    }
    let mut row = worked_example("O7");
    row.values.remove("disab_base");
    let e = m
        .score_nok(&NokData::from_rows(vec![row]), &NokOptions::default())
        .unwrap_err();
    assert!(e.to_string().contains("column `disab_base`"), "{e}");
}

#[test]
fn the_region_is_the_mean_of_its_organisations() {
    let rows = vec![
        worked_example("A").in_group("G1", "residential"),
        no_disabled().in_group("G1", "non_residential"),
        {
            let mut r = worked_example("C")
                .with("overall_satisfied", 50)
                .in_group("G2", "non_residential");
            r.org = "C".into();
            r
        },
    ];
    let mut rows = rows;
    rows[1].org = "B".into();
    let s = score(rows, &NokOptions::default());
    let totals: Vec<Decimal> = s.organisations.iter().map(|o| o.total.unwrap()).collect();
    let mean = (totals.iter().copied().sum::<Decimal>() / Decimal::from(3)).normalize();
    assert_eq!(s.region.total, Some(mean));
    let g1 = s.group("G1").unwrap();
    assert_eq!(
        g1.total,
        Some(((totals[0] + totals[1]) / Decimal::from(2)).normalize())
    );
    assert_eq!(s.sector("non_residential").unwrap().organisations, 2);
    assert_eq!(s.org("A").unwrap().rank, Some(1));
    assert_eq!(s.org("A").unwrap().rank_in_sector, Some(1));
    assert_eq!(s.org("C").unwrap().rank_in_group, Some(1));
    assert_eq!(g1.rank, Some(1));
}

#[test]
fn unknown_policies_and_options_are_refused() {
    let m = standard_nok();
    let data = NokData::from_rows(vec![worked_example("A")]);
    for (k, v) in [
        ("zero_bse", "zero"),
        ("zero_base", "nil"),
        ("grid_2_2", "days"),
    ] {
        let e = m
            .score_nok(&data, &NokOptions::default().with_policy(k, v))
            .unwrap_err();
        assert!(matches!(e, NokError::Policy(_)), "{e}");
    }
}
