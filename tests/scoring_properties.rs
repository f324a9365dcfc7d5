//! Properties of the НОК scoring of the standard package: points stay on
//! 0..100, a criterion never falls when a "satisfied" count rises, a total
//! is the mean of its criteria, a region the mean of its organisations, and
//! the counts derived from raw answers equal a plain count of them.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use etalon::scoring::{NokData, NokOptions, NokRow, NokScheme};
use etalon::{Dataset, DatasetBuilder, Methodology, OrgTree, Period, SurveyResponse};
use proptest::prelude::*;
use rust_decimal::Decimal;

use crate::support::standard;

fn period() -> Period {
    "2026".parse().unwrap()
}

/// A valid input row: every part at most its whole, channels at most 5.
fn row(scheme: &NokScheme) -> impl Strategy<Value = BTreeMap<String, i64>> {
    let n = scheme.inputs.len();
    (
        proptest::collection::vec(0i64..400, n),
        proptest::collection::vec(0.0f64..=1.0, n),
    )
        .prop_map({
            let inputs = scheme.inputs.clone();
            move |(raw, fractions)| {
                let mut values: BTreeMap<String, i64> = BTreeMap::new();
                // Wholes first, then parts as a fraction of their whole.
                for (c, v) in inputs.iter().zip(&raw) {
                    if c.part_of.is_none() {
                        let v = match c.max {
                            Some(m) => v % (m.try_into().unwrap_or(0i64) + 1),
                            None if c.id.ends_with("_items") || c.id.ends_with("_conditions") => {
                                v % 9
                            }
                            None => *v,
                        };
                        values.insert(c.id.clone(), v);
                    }
                }
                for ((c, _), f) in inputs.iter().zip(&raw).zip(&fractions) {
                    if let Some(whole) = &c.part_of {
                        let w = values[whole];
                        values.insert(c.id.clone(), (w as f64 * f).floor() as i64);
                    }
                }
                values
            }
        })
}

fn to_row(org: &str, values: &BTreeMap<String, i64>) -> NokRow {
    let mut r = NokRow::new(org, period());
    for (k, v) in values {
        r = r.with(k, *v);
    }
    r
}

fn policy() -> impl Strategy<Value = &'static str> {
    prop_oneof![Just("reweight"), Just("zero"), Just("undefined")]
}

fn options(policy: &str) -> NokOptions {
    NokOptions::default().with_policy("zero_base", policy)
}

/// The standard methodology, compiled once for every case.
fn m() -> &'static Methodology {
    static M: std::sync::OnceLock<Methodology> = std::sync::OnceLock::new();
    M.get_or_init(standard)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn every_indicator_and_criterion_is_on_0_to_100(
        values in row(m().nok().unwrap()),
        policy in policy(),
    ) {
        let m = m();
        let s = m.score_nok(&NokData::from_rows(vec![to_row("A", &values)]), &options(policy)).unwrap();
        let o = s.org("A").unwrap();
        let range = |v: Decimal| (Decimal::ZERO..=Decimal::ONE_HUNDRED).contains(&v);
        for i in &o.indicators {
            prop_assert!(i.value.is_none_or(range), "{} = {:?}", i.number, i.value);
        }
        for c in &o.criteria {
            prop_assert!(c.value.is_none_or(range), "{} = {:?}", c.id, c.value);
        }
        prop_assert!(o.total.is_none_or(range));
    }

    #[test]
    fn a_criterion_never_falls_when_a_satisfied_count_rises(
        values in row(m().nok().unwrap()),
        which in 0usize..64,
        policy in policy(),
    ) {
        let m = m();
        let scheme = m.nok().unwrap();
        let parts: Vec<&str> = scheme
            .inputs
            .iter()
            .filter(|c| c.part_of.is_some())
            .map(|c| c.id.as_str())
            .collect();
        let part = parts[which % parts.len()];
        let whole = scheme.input(part).unwrap().part_of.clone().unwrap();
        prop_assume!(values[part] < values[&whole]);
        let mut more = values.clone();
        *more.get_mut(part).unwrap() += 1;
        let score = |v: &BTreeMap<String, i64>| {
            m.score_nok(&NokData::from_rows(vec![to_row("A", v)]), &options(policy)).unwrap()
        };
        let (before, after) = (score(&values), score(&more));
        let (b, a) = (before.org("A").unwrap(), after.org("A").unwrap());
        for (cb, ca) in b.criteria.iter().zip(&a.criteria) {
            match (cb.value, ca.value) {
                (Some(x), Some(y)) => prop_assert!(y >= x, "{}: {x} → {y} when {part} rose", cb.id),
                (x, y) => prop_assert_eq!(x.is_some(), y.is_some()),
            }
        }
    }

    #[test]
    fn totals_are_means_of_criteria_and_regions_means_of_organisations(
        rows in proptest::collection::vec(row(m().nok().unwrap()), 1..6),
        groups in proptest::collection::vec(0usize..3, 6),
        policy in policy(),
    ) {
        let m = m();
        let data: Vec<NokRow> = rows
            .iter()
            .enumerate()
            .map(|(i, v)| to_row(&format!("O{i}"), v).in_group(&format!("G{}", groups[i]), "non_residential"))
            .collect();
        let s = m.score_nok(&NokData::from_rows(data), &options(policy)).unwrap();
        let mean = |values: Vec<Decimal>| -> Option<Decimal> {
            (!values.is_empty()).then(|| values.iter().copied().sum::<Decimal>() / Decimal::from(values.len()))
        };
        // Scores are means of exact fractions; their decimals, added up
        // again in 28 digits, agree to the last digits only.
        let near = |a: Option<Decimal>, b: Option<Decimal>| match (a, b) {
            (Some(a), Some(b)) => (a - b).abs() < Decimal::new(1, 24),
            (a, b) => a == b,
        };
        for o in &s.organisations {
            let defined: Vec<Decimal> = o.criteria.iter().filter_map(|c| c.value).collect();
            match policy {
                // A criterion without a value: no total (undefined), or the
                // mean of the others (reweight); under zero all have values.
                "undefined" if defined.len() < o.criteria.len() => prop_assert_eq!(o.total, None),
                _ => prop_assert!(near(o.total, mean(defined)), "{:?} {:?}", o.total, o.criteria),
            }
        }
        let totals: Vec<Decimal> = s.organisations.iter().filter_map(|o| o.total).collect();
        prop_assert!(near(s.region.total, mean(totals.clone())));
        for (i, c) in s.region.criteria.iter().enumerate() {
            let values: Vec<Decimal> = s.organisations.iter().filter_map(|o| o.criteria[i].value).collect();
            prop_assert!(near(c.value, mean(values)), "{}", c.id);
        }
        for g in &s.groups {
            let members: Vec<Decimal> = s
                .organisations
                .iter()
                .filter(|o| o.group.as_deref() == Some(g.id.as_str()))
                .filter_map(|o| o.total)
                .collect();
            prop_assert!(near(g.total, mean(members)), "{}", g.id);
        }
        // Ranks: 1 + the number of organisations with a higher total.
        for o in &s.organisations {
            let higher = totals.iter().filter(|t| o.total.is_some_and(|v| **t > v)).count() as u32;
            prop_assert_eq!(o.rank, o.total.map(|_| higher + 1));
        }
    }
}

/// One respondent: an answer (or none) to each question.
#[derive(Debug, Clone)]
struct Answers {
    unit: usize,
    staff: bool,
    day: u32,
    answers: Vec<Option<bool>>,
}

const QUESTIONS: [&str; 15] = [
    "used_stand",
    "stand_satisfied",
    "used_site",
    "site_satisfied",
    "on_time",
    "comfort",
    "disabled",
    "accessibility",
    "polite_first",
    "polite_service",
    "used_remote",
    "polite_remote",
    "recommend",
    "org_conditions",
    "overall",
];

fn respondent() -> impl Strategy<Value = Answers> {
    (
        0usize..3,
        proptest::bool::weighted(0.1),
        0u32..500,
        proptest::collection::vec(
            proptest::option::weighted(0.85, any::<bool>()),
            QUESTIONS.len(),
        ),
    )
        .prop_map(|(unit, staff, day, answers)| Answers {
            unit,
            staff,
            day,
            answers,
        })
}

fn dataset(people: &[Answers]) -> Dataset {
    let mut tree = OrgTree::builder("R", "R");
    tree.group("G", "G").unwrap();
    tree.org("A", "A", "G", "non_residential").unwrap();
    tree.org("B", "B", "G", "residential").unwrap();
    tree.unit("U0", "u", "A", ["home_care"]).unwrap();
    tree.unit("U1", "u", "A", ["day_care"]).unwrap();
    tree.unit("U2", "u", "B", ["residential_care"]).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    let start = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    for (i, p) in people.iter().enumerate() {
        let answers = QUESTIONS
            .iter()
            .zip(&p.answers)
            .filter_map(|(q, a)| {
                a.map(|a| (q.to_string(), if a { "yes" } else { "no" }.to_string()))
            })
            .collect();
        b.add(&SurveyResponse {
            respondent_id: format!("S{i}"),
            unit_id: format!("U{}", p.unit),
            answered_on: start + chrono::Days::new(p.day as u64),
            respondent_kind: Some(if p.staff { "staff" } else { "recipient" }.into()),
            channel: None,
            answers,
        })
        .unwrap();
    }
    b.finish().unwrap()
}

/// The counts of the standard questionnaire, counted plainly.
fn plain_counts(people: &[Answers], org: &str) -> BTreeMap<&'static str, i64> {
    let year = |p: &Answers| {
        let d = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap() + chrono::Days::new(p.day as u64);
        d >= NaiveDate::from_ymd_opt(2026, 1, 1).unwrap()
            && d <= NaiveDate::from_ymd_opt(2026, 12, 31).unwrap()
    };
    let counted: Vec<&Answers> = people
        .iter()
        .filter(|p| !p.staff && year(p) && (if org == "A" { p.unit < 2 } else { p.unit == 2 }))
        .collect();
    let a = |p: &Answers, q: &str| p.answers[QUESTIONS.iter().position(|x| *x == q).unwrap()];
    let mut out = BTreeMap::new();
    // (column prefix, question, filter question or none, base mode)
    let shares: [(&str, &str, &str, Option<&str>, &str); 11] = [
        (
            "open_stand_satisfied",
            "open_stand_base",
            "stand_satisfied",
            Some("used_stand"),
            "filter",
        ),
        (
            "open_site_satisfied",
            "open_site_base",
            "site_satisfied",
            Some("used_site"),
            "filter",
        ),
        ("timely_served", "timely_base", "on_time", None, "all"),
        ("comfort_satisfied", "comfort_base", "comfort", None, "all"),
        (
            "disab_satisfied",
            "disab_base",
            "accessibility",
            Some("disabled"),
            "filter",
        ),
        (
            "polite_first_satisfied",
            "polite_first_base",
            "polite_first",
            None,
            "all",
        ),
        (
            "polite_service_satisfied",
            "polite_service_base",
            "polite_service",
            None,
            "all",
        ),
        (
            "polite_remote_satisfied",
            "polite_remote_base",
            "polite_remote",
            Some("used_remote"),
            "filter",
        ),
        (
            "recommend_yes",
            "recommend_base",
            "recommend",
            None,
            "answered",
        ),
        (
            "org_conditions_satisfied",
            "org_conditions_base",
            "org_conditions",
            None,
            "answered",
        ),
        (
            "overall_satisfied",
            "overall_base",
            "overall",
            None,
            "answered",
        ),
    ];
    for (sat, base, q, filter, mode) in shares {
        let asked = |p: &Answers| filter.is_none_or(|f| a(p, f) == Some(true));
        let satisfied = counted
            .iter()
            .filter(|p| asked(p) && a(p, q) == Some(true))
            .count();
        let in_base = counted
            .iter()
            .filter(|p| match mode {
                "all" => true,
                "answered" => a(p, q).is_some(),
                _ => asked(p),
            })
            .count();
        out.insert(sat, satisfied as i64);
        out.insert(base, in_base as i64);
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn counts_from_raw_answers_equal_a_plain_count(people in proptest::collection::vec(respondent(), 0..80)) {
        let m = m();
        let data = dataset(&people);
        let counts = m.nok_survey_counts(&data, period(), &NokOptions::default()).unwrap();
        for org in ["A", "B"] {
            let want = plain_counts(&people, org);
            let got = counts.orgs.iter().find(|o| o.org == org);
            let respondents = want.get("timely_base").copied().unwrap_or(0);
            match got {
                None => prop_assert_eq!(respondents, 0),
                Some(got) => {
                    prop_assert_eq!(got.respondents, respondents);
                    for (k, v) in &want {
                        prop_assert_eq!(got.counts[*k], *v, "{} of {}", k, org);
                    }
                }
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    /// Any row, valid or not, is scored or refused with an error naming an
    /// organisation and a column: never a panic, never points off 0..100.
    #[test]
    fn any_row_is_scored_or_refused(values in proptest::collection::vec(-3i64..300, 30), drop in 0usize..40) {
        let m = m();
        let scheme = m.nok().unwrap();
        let mut row = NokRow::new("X", period());
        for (c, v) in scheme.inputs.iter().zip(&values) {
            row = row.with(&c.id, *v);
        }
        if let Some(c) = scheme.inputs.get(drop) {
            row.values.remove(&c.id);
        }
        match m.score_nok(&NokData::from_rows(vec![row]), &NokOptions::default()) {
            Ok(s) => {
                let o = s.org("X").unwrap();
                prop_assert!(o.total.is_none_or(|t| t >= Decimal::ZERO && t <= Decimal::ONE_HUNDRED));
            }
            Err(etalon::NokError::Input(e)) => {
                prop_assert_eq!(e.org.as_deref(), Some("X"));
                prop_assert!(e.column.is_some());
            }
            Err(e) => prop_assert!(false, "unexpected error {e}"),
        }
    }

    /// No edit of a scoring file or a test case makes compiling, or running
    /// the package's tests, panic.
    #[test]
    fn no_edit_of_a_scoring_file_makes_anything_panic(
        file in 0usize..4,
        at in any::<prop::sample::Index>(),
        insert in "[\\PC]{0,12}",
        cut in 0usize..40,
    ) {
        let mut files = etalon::standard_files();
        let name = ["scoring/nok.toml", "scoring/kpi.toml", "questionnaire.toml", "tests/nok/caps.toml"][file];
        let text = files.get(name).unwrap_or_default().to_string();
        let mut pos = at.index(text.len() + 1);
        while !text.is_char_boundary(pos) { pos -= 1; }
        let mut end = (pos + cut).min(text.len());
        while !text.is_char_boundary(end) { end -= 1; }
        files.insert(name, format!("{}{}{}", &text[..pos], insert, &text[end..]));
        if let Ok(m) = Methodology::compile(&files) {
            let _ = etalon::run_tests(&m, &files);
        }
    }
}
