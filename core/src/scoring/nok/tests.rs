//! The formulas of the standard package, one by one, and the worked
//! example of NOK.md.

use rust_decimal::Decimal;

use super::*;
use crate::scoring::testkit::standard_nok;
use crate::time::Period;

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn q(n: i128, m: i128) -> crate::scoring::Exact {
    crate::scoring::Exact::fraction(n, m).unwrap()
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
    // 1.1 = 0.5 × (15/18 + 30/36) × 100 = 250/3
    assert_eq!(v("1.1"), q(250, 3).to_decimal());
    assert_eq!(v("1.1"), d("83.333333333333333333333333333"));
    // 1.3 = 0.5 × (40/45 + 35/40) × 100 = 3175/36
    assert_eq!(v("1.3"), q(3175, 36).to_decimal());
    // K1 = 0.3·250/3 + 0.3·90 + 0.4·3175/36 = 1571/18, exactly
    assert_eq!(v("1.2"), d("90"));
    assert_eq!(a.criterion("k1"), Some(q(1571, 18).to_decimal()));
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
    // The means are of the exact totals (fractions of small bases, which
    // their decimals give back).
    let totals: Vec<crate::scoring::Exact> = s
        .organisations
        .iter()
        .map(|o| crate::scoring::Exact::recover(o.total.unwrap()))
        .collect();
    let mean = |xs: &[crate::scoring::Exact]| {
        xs.iter()
            .sum::<crate::scoring::Exact>()
            .checked_div(&crate::scoring::Exact::from(xs.len() as i64))
            .unwrap()
            .to_decimal()
    };
    assert_eq!(s.region.total, Some(mean(&totals)));
    let g1 = s.group("G1").unwrap();
    assert_eq!(g1.total, Some(mean(&totals[..2])));
    assert_eq!(s.sector("non_residential").unwrap().organisations, 2);
    assert_eq!(s.org("A").unwrap().rank, Some(1));
    assert_eq!(s.org("A").unwrap().rank_in_sector, Some(1));
    assert_eq!(s.org("C").unwrap().rank_in_group, Some(1));
    assert_eq!(g1.rank, Some(1));
}

#[test]
fn the_period_is_chosen_or_asked_for() {
    let m = standard_nok();
    let mut other = worked_example("B");
    other.period = "2025".parse().unwrap();
    let data = NokData::from_rows(vec![worked_example("A"), other]);
    let e = m.score_nok(&data, &NokOptions::default()).unwrap_err();
    assert!(e.to_string().contains("2025, 2026; choose one"), "{e}");
    let s = m
        .score_nok(&data, &NokOptions::for_period("2025".parse().unwrap()))
        .unwrap();
    assert_eq!(s.organisations.len(), 1);
    let e = m
        .score_nok(&data, &NokOptions::for_period("2024".parse().unwrap()))
        .unwrap_err();
    assert!(e.to_string().contains("no rows for 2024"), "{e}");
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

mod from_raw_answers {
    use std::collections::BTreeMap;

    use chrono::NaiveDate;

    use super::*;
    use crate::data::{Dataset, DatasetBuilder, OrgTree, SurveyResponse};

    /// 100 questionnaires whose counts are the worked example, spread over
    /// two units of organisation A, plus questionnaires that must not
    /// count: staff, another year, and one answer against a skip rule.
    fn dataset() -> Dataset {
        let mut tree = OrgTree::builder("R", "Region");
        tree.group("G1", "Group").unwrap();
        tree.org("A", "Centre A", "G1", "non_residential").unwrap();
        tree.org("B", "Centre B", "G1", "non_residential").unwrap();
        tree.unit("U1", "Unit 1", "A", ["home_care"]).unwrap();
        tree.unit("U2", "Unit 2", "A", ["day_care"]).unwrap();
        tree.unit("U3", "Unit 3", "B", ["day_care"]).unwrap();
        let mut b = DatasetBuilder::new(tree.build().unwrap());
        let day = |m: u32| NaiveDate::from_ymd_opt(2026, m, 15).unwrap();
        let yes = |b: bool| if b { "yes" } else { "no" }.to_string();
        for i in 0..100 {
            let mut a = BTreeMap::new();
            a.insert("used_stand".to_string(), yes(i < 45));
            if i < 45 {
                a.insert("stand_satisfied".into(), yes(i < 40));
            }
            a.insert("used_site".into(), yes(i < 40));
            if i < 40 {
                a.insert("site_satisfied".into(), yes(i < 35));
            }
            a.insert("on_time".into(), yes(i < 90));
            a.insert("comfort".into(), yes(i < 95));
            a.insert("disabled".into(), yes(i < 20));
            if i < 20 {
                a.insert("accessibility".into(), yes(i < 18));
            }
            a.insert("polite_first".into(), yes(i < 97));
            a.insert("polite_service".into(), yes(i < 98));
            a.insert("used_remote".into(), yes(i < 32));
            if i < 32 {
                a.insert("polite_remote".into(), yes(i < 30));
            }
            a.insert("recommend".into(), yes(i < 92));
            a.insert("org_conditions".into(), yes(i < 96));
            a.insert("overall".into(), yes(i < 95));
            b.add(&SurveyResponse {
                respondent_id: format!("S{i:03}"),
                unit_id: if i % 2 == 0 { "U1" } else { "U2" }.into(),
                answered_on: day(1 + (i % 12) as u32),
                respondent_kind: Some(if i % 7 == 0 { "relative" } else { "recipient" }.into()),
                channel: Some("paper".into()),
                answers: a,
            })
            .unwrap();
        }
        // Not counted: a staff questionnaire, one of another year.
        let all_no = |id: &str, kind: &str, on: NaiveDate| SurveyResponse {
            respondent_id: id.into(),
            unit_id: "U1".into(),
            answered_on: on,
            respondent_kind: Some(kind.into()),
            channel: None,
            answers: [
                ("overall".to_string(), "no".to_string()),
                ("recommend".into(), "no".into()),
            ]
            .into_iter()
            .collect(),
        };
        b.add(&all_no("X1", "staff", day(3))).unwrap();
        b.add(&all_no(
            "X2",
            "recipient",
            NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
        ))
        .unwrap();
        b.finish().unwrap()
    }

    fn facts() -> NokRow {
        let full = worked_example("A");
        let m = standard_nok();
        let scheme = m.nok().unwrap();
        let mut row = NokRow::new("A", period());
        for c in scheme.fact_columns() {
            row = row.with(&c.id, full.values[&c.id]);
        }
        row
    }

    #[test]
    fn counts_from_answers_equal_the_given_counts() {
        let m = standard_nok();
        let data = dataset();
        let counts = m
            .nok_survey_counts(&data, period(), &NokOptions::default())
            .unwrap();
        assert_eq!(counts.orgs.len(), 1);
        assert_eq!(counts.orgs[0].respondents, 100);
        let given = worked_example("A");
        for (column, n) in &counts.orgs[0].counts {
            assert_eq!(Decimal::from(*n), given.values[column], "{column}");
        }
        let derived = m
            .nok_from_surveys(&data, period(), vec![facts()], &NokOptions::default())
            .unwrap();
        assert_eq!(derived.rows[0].group.as_deref(), Some("G1"));
        assert_eq!(derived.rows[0].sector.as_deref(), Some("non_residential"));
        let from_answers = m.score_nok(&derived, &NokOptions::default()).unwrap();
        let from_counts = m
            .score_nok(&NokData::from_rows(vec![given]), &NokOptions::default())
            .unwrap();
        let (a, b) = (
            from_answers.org("A").unwrap(),
            from_counts.org("A").unwrap(),
        );
        assert_eq!(a.criteria, b.criteria);
        assert_eq!(a.indicators, b.indicators);
        assert_eq!(a.total, b.total);
        close(a.total, "88.7656", "0.00005");
        assert_eq!(a.respondents, Some(100));
    }

    #[test]
    fn answers_against_the_skip_rule_follow_the_policy() {
        let m = standard_nok();
        let mut data = dataset();
        // One more respondent who did not use the site but rated it.
        let mut b = DatasetBuilder::new(data.tree().clone());
        let extra = SurveyResponse {
            respondent_id: "Z1".into(),
            unit_id: "U1".into(),
            answered_on: NaiveDate::from_ymd_opt(2026, 5, 5).unwrap(),
            respondent_kind: None,
            channel: None,
            answers: [
                ("used_site".to_string(), "no".to_string()),
                ("site_satisfied".into(), "no".into()),
            ]
            .into_iter()
            .collect(),
        };
        b.add(&extra).unwrap();
        let one = b.finish().unwrap();
        let counts = m
            .nok_survey_counts(&one, period(), &NokOptions::default())
            .unwrap();
        assert_eq!(counts.orgs[0].counts["open_site_base"], 0);
        assert_eq!(counts.orgs[0].skipped_answers["site_satisfied"], 1);
        let counted = m
            .nok_survey_counts(
                &one,
                period(),
                &NokOptions::default().with_policy("skipped_answers", "count"),
            )
            .unwrap();
        assert_eq!(counted.orgs[0].counts["open_site_base"], 1);
        assert_eq!(counted.orgs[0].counts["open_site_satisfied"], 0);
        // All respondents: the extra questionnaire is in the base of 2.2.
        assert_eq!(counts.orgs[0].counts["timely_base"], 1);
        assert_eq!(counts.orgs[0].counts["timely_served"], 0);
        // Answered item: it is not in the base of 5.1.
        assert_eq!(counts.orgs[0].counts["recommend_base"], 0);
        data = one;
        let mut facts = facts();
        facts.org = "A".into();
        let derived = m
            .nok_from_surveys(&data, period(), vec![facts], &NokOptions::default())
            .unwrap();
        let s = m.score_nok(&derived, &NokOptions::default()).unwrap();
        let a = s.org("A").unwrap();
        assert!(
            a.notes
                .iter()
                .any(|n| n.policy == "skipped_answers" && n.figure == "site_satisfied"),
            "{:?}",
            a.notes
        );
    }

    #[test]
    fn organisations_without_facts_are_not_assessed() {
        let m = standard_nok();
        let data = dataset();
        let derived = m
            .nok_from_surveys(&data, period(), vec![], &NokOptions::default())
            .unwrap();
        assert!(derived.rows.is_empty());
        let no_facts = NotAssessed {
            org: "A".into(),
            reason: NotAssessedReason::NoFacts,
        };
        assert_eq!(derived.not_assessed, std::slice::from_ref(&no_facts));
        // Facts of B, which has no answers: not assessed, by default.
        let mut b = facts();
        b.org = "B".into();
        let derived = m
            .nok_from_surveys(&data, period(), vec![b.clone()], &NokOptions::default())
            .unwrap();
        let s = m.score_nok(&derived, &NokOptions::default());
        let no_questionnaires = NotAssessed {
            org: "B".into(),
            reason: NotAssessedReason::NoQuestionnaires,
        };
        assert_eq!(
            derived.not_assessed,
            [no_questionnaires.clone(), no_facts.clone()]
        );
        assert!(derived.rows.is_empty());
        assert_eq!(
            s.unwrap_err().to_string(),
            "the НОК input has no rows",
            "no organisation is left to score"
        );
        assert_eq!(
            no_questionnaires.to_string(),
            "B: a row of facts but no questionnaire counted: not assessed, not ranked, not in the means"
        );
        assert!(
            NotAssessedReason::NoQuestionnaires
                .message_ru()
                .starts_with("строка фактов есть")
        );
        // Under `facts_only`: zero bases, scored from the facts, reported.
        let facts_only = NokOptions::default().with_policy("no_questionnaires", "facts_only");
        let derived = m
            .nok_from_surveys(&data, period(), vec![b], &facts_only)
            .unwrap();
        let s = m.score_nok(&derived, &facts_only).unwrap();
        let b = s.org("B").unwrap();
        assert_eq!(b.respondents, Some(0));
        assert!(b.notes.iter().filter(|n| n.policy == "zero_base").count() >= 5);
        assert!(b.notes.iter().any(|n| n.to_string()
            == "[no_questionnaires] respondents: no questionnaire counted: scored from its facts alone (facts_only)"));
        assert_eq!(s.not_assessed, [no_facts]);
        assert!(
            s.policies
                .iter()
                .any(|p| p.id == "no_questionnaires" && p.setting == "facts_only")
        );
        let mut ghost = facts();
        ghost.org = "Q".into();
        let e = m
            .nok_from_surveys(&data, period(), vec![ghost], &NokOptions::default())
            .unwrap_err();
        assert!(e.to_string().contains("organisation `Q`"), "{e}");
    }
}

/// A counts file of the worked example for `orgs` (id, group, type), with
/// the identity columns first.
fn counts_text(orgs: &[(&str, &str, &str)]) -> crate::scoring::TextTable {
    let example = worked_example("O1");
    let names: Vec<&str> = example.values.keys().map(String::as_str).collect();
    let mut text = format!("org_id,period,group_id,org_type,{}\n", names.join(","));
    for (org, group, kind) in orgs {
        let values: Vec<String> = example.values.values().map(|v| v.to_string()).collect();
        text += &format!("{org},2026,{group},{kind},{}\n", values.join(","));
    }
    crate::scoring::TextTable::from_csv(&text).unwrap()
}

#[test]
fn a_counts_row_given_twice_names_its_line_and_the_first() {
    let m = standard_nok();
    let scheme = m.nok().unwrap();
    let table = counts_text(&[
        ("O1", "G1", "residential"),
        ("O2", "G1", "residential"),
        ("O1", "G1", "residential"),
    ]);
    let e = scheme.read_table(&table, NokTable::Counts).unwrap_err();
    assert_eq!(
        e.to_string(),
        "НОК input, line 4, organisation `O1`, column `org_id`: the organisation has two rows for 2026; the first is on line 2"
    );
    let NokError::Input(e) = e else {
        panic!("not an input error: {e:?}")
    };
    assert_eq!(
        (e.line, e.org.as_deref(), e.column.as_deref()),
        (Some(4), Some("O1"), Some("org_id"))
    );
}

#[test]
fn an_empty_group_or_type_in_a_counts_row_is_refused_at_its_line() {
    let m = standard_nok();
    let scheme = m.nok().unwrap();
    let empty_group = counts_text(&[("O1", "G1", "residential"), ("O2", "", "residential")]);
    assert_eq!(
        scheme
            .read_table(&empty_group, NokTable::Counts)
            .unwrap_err(),
        NokError::Input(NokInputError {
            line: Some(3),
            org: Some("O2".into()),
            column: Some("group_id".into()),
            value: None,
            message: "empty: the file gives `group_id`, so every row fills it".into(),
            text: Some(Box::new(crate::Text::new(
                "empty-key",
                &[("key", "group_id")]
            ))),
        })
    );
    let empty_type = counts_text(&[("O1", "G1", " ")]);
    let e = scheme
        .read_table(&empty_type, NokTable::Counts)
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "НОК input, line 2, organisation `O1`, column `org_type`: empty: the file gives `org_type`, so every row fills it"
    );
    // Without the columns, no row needs them.
    let mut without = counts_text(&[("O1", "G1", "residential")]);
    without.header.drain(2..4);
    without.rows[0].cells.drain(2..4);
    assert_eq!(
        scheme.read_table(&without, NokTable::Counts).unwrap().len(),
        1
    );
}

/// A note's English, its catalogue message and that message's values.
fn said(n: &crate::scoring::PolicyNote) -> (&str, &str, Vec<(&str, &str)>) {
    let t = n
        .text
        .as_ref()
        .expect("a note made here carries its message");
    let args = t
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    (n.message.as_str(), t.id.as_str(), args)
}

#[test]
fn policy_notes_carry_their_catalogue_message() {
    let cap = worked_example("A").with("distance_channels", 5);
    let site = worked_example("B")
        .with("open_site_satisfied", 0)
        .with("open_site_base", 0);
    let mut disabled = no_disabled();
    disabled.org = "C".into();
    let s = score(vec![cap, site, disabled], &NokOptions::default());
    let note = |org: &str, figure: &str| {
        let o = s.org(org).unwrap();
        let n = o.notes.iter().find(|n| n.figure == figure);
        said(n.unwrap_or_else(|| panic!("{org} {figure}: {:?}", o.notes)))
    };
    assert_eq!(
        note("A", "1.2"),
        (
            "150 points capped at 100",
            "nok-note-cap",
            vec![("cap", "100"), ("points", "150")]
        )
    );
    assert_eq!(
        note("B", "1.3/site"),
        (
            "no value (open_site_base = 0): left out, 1.3 is computed from 1.3/stand",
            "nok-note-part-left-out",
            vec![
                ("bases", "1"),
                ("indicator", "1.3"),
                ("others", "1.3/stand"),
                ("zeros", "open_site_base = 0")
            ]
        )
    );
    assert_eq!(
        note("C", "3.3"),
        (
            "3.3 has no value (disab_base = 0): left out of K3; its weight is spread over 3.1, 3.2",
            "nok-note-criterion-left-out",
            vec![
                ("bases", "1"),
                ("criterion", "K3"),
                ("figure", "3.3"),
                ("kept", "3.1, 3.2"),
                ("zeros", "disab_base = 0")
            ]
        )
    );

    // Scored 0, and no value at all: the part's note and the total's.
    let zero = score(
        vec![no_disabled()],
        &NokOptions::default().with_policy("zero_base", "zero"),
    );
    let a = zero.org("A").unwrap();
    assert_eq!(
        said(a.notes.iter().find(|n| n.figure == "3.3").unwrap()),
        (
            "no value (disab_base = 0): scored 0",
            "nok-note-part-zeroed",
            vec![("bases", "1"), ("zeros", "disab_base = 0")]
        )
    );
    let undefined = score(
        vec![no_disabled()],
        &NokOptions::default().with_policy("zero_base", "undefined"),
    );
    let notes: Vec<_> = undefined.org("A").unwrap().notes.iter().map(said).collect();
    assert_eq!(
        notes,
        [
            (
                "3.3 has no value (disab_base = 0): K3 has no value",
                "nok-note-criterion-undefined",
                vec![
                    ("bases", "1"),
                    ("criterion", "K3"),
                    ("figure", "3.3"),
                    ("zeros", "disab_base = 0")
                ]
            ),
            (
                "K3 has no value: the total has none, and the organisation is not ranked",
                "nok-note-total-undefined",
                vec![("criterion", "K3")]
            ),
        ]
    );
}
