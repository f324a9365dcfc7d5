//! Properties of evaluation: roll-up consistency, determinism across runs
//! and threads, and band judgement.

use std::path::Path;

use chrono::NaiveDate;
use etalon::{
    Case, Complaint, Dataset, DatasetBuilder, Delivery, EvaluationOptions, Level, Methodology,
    OrgTree,
};
use proptest::prelude::*;

use crate::support::{evaluate_last, mid_region, standard};

fn small_package() -> Methodology {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region/package");
    Methodology::compile(&etalon::io::load_package(&dir).unwrap()).unwrap()
}

/// One generated record: which unit (an index into the tree), recipient, dates.
#[derive(Debug, Clone)]
struct Rec {
    unit: usize,
    recipient: u8,
    applied: u32,
    decision_after: u32,
    granted: bool,
    started_after: Option<u32>,
    planned: i64,
    delivered_part: i64,
    complaint: bool,
}

fn rec() -> impl Strategy<Value = Rec> {
    (
        0usize..64,
        0u8..12,
        0u32..150,
        0u32..40,
        any::<bool>(),
        proptest::option::of(0u32..60),
        0i64..30,
        0i64..30,
        any::<bool>(),
    )
        .prop_map(
            |(
                unit,
                recipient,
                applied,
                decision_after,
                granted,
                started_after,
                planned,
                part,
                complaint,
            )| Rec {
                unit,
                recipient,
                applied,
                decision_after,
                granted,
                started_after,
                planned,
                delivered_part: part.min(planned),
                complaint,
            },
        )
}

/// A tree of `shape` (units per organisation, organisations per group).
fn tree(shape: &[Vec<usize>]) -> (OrgTree, Vec<String>) {
    let mut b = OrgTree::builder("R", "r");
    let mut units = Vec::new();
    for (g, orgs) in shape.iter().enumerate() {
        b.group(&format!("G{g}"), "g").unwrap();
        for (o, &n) in orgs.iter().enumerate() {
            let org = format!("O{g}-{o}");
            b.org(&org, "o", &format!("G{g}"), "t").unwrap();
            for u in 0..n {
                let id = format!("U{g}-{o}-{u}");
                b.unit(&id, "u", &org, ["home_care"]).unwrap();
                units.push(id);
            }
        }
    }
    (b.build().unwrap(), units)
}

fn dataset(tree: OrgTree, units: &[String], recs: &[Rec]) -> Dataset {
    let base = NaiveDate::from_ymd_opt(2026, 6, 1).unwrap();
    let day = |n: u32| base + chrono::Days::new(n as u64);
    let mut b = DatasetBuilder::new(tree);
    for (i, r) in recs.iter().enumerate() {
        let unit = &units[r.unit % units.len()];
        let mut c = Case::new(
            format!("C{i}"),
            "home_care",
            unit.as_str(),
            format!("P{}", r.recipient),
            day(r.applied),
        );
        c.decided_on = Some(day(r.applied + r.decision_after));
        c.decision = Some(if r.granted { "granted" } else { "refused" }.into());
        c.started_on = r
            .started_after
            .map(|s| day(r.applied + r.decision_after + s));
        b.add(&c).unwrap();
        let mut d = Delivery::new(
            format!("D{i}"),
            "home_care",
            unit.as_str(),
            format!("P{}", r.recipient),
            day(r.applied),
            r.planned,
            r.delivered_part,
        );
        d.delivered_on_time = Some(r.delivered_part);
        b.add(&d).unwrap();
        if r.complaint {
            b.add(&Complaint::new(
                format!("K{i}"),
                unit.as_str(),
                day(r.applied),
            ))
            .unwrap();
        }
    }
    b.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The region figure rolled up from units equals the figure computed on
    /// the same records pooled in a single unit: sums of numerators and
    /// denominators, and distinct recipients counted at each level.
    #[test]
    fn roll_up_equals_the_pooled_records(
        shape in proptest::collection::vec(proptest::collection::vec(1usize..4, 1..4), 1..4),
        recs in proptest::collection::vec(rec(), 1..60),
    ) {
        let m = small_package();
        let period = "2026-Q3".parse().unwrap();
        let (t, units) = tree(&shape);
        // Applied 0..150 days from 2026-06-01: 2026-Q3 is days 30..=121. A
        // period the records do not reach is refused, not judged on zeros.
        let reached = recs.iter().any(|r| r.applied >= 30) && recs.iter().any(|r| r.applied <= 121);
        if !reached {
            let e = m.evaluate(&dataset(t, &units, &recs), period).unwrap_err();
            prop_assert!(matches!(e, etalon::EvaluationError::OutsideCoverage { .. }), "{}", e);
            return Ok(());
        }
        let spread = m.evaluate(&dataset(t, &units, &recs), period).unwrap();
        let (t, units) = tree(&[vec![1]]);
        let pooled = m.evaluate(&dataset(t, &units, &recs), period).unwrap();
        for indicator in ["in_term", "delivery", "blended", "complaints_per_100"] {
            let a = spread.value(Level::Region, "R", indicator);
            let b = pooled.value(Level::Region, "R", indicator);
            prop_assert_eq!(a.map(|v| (&v.value, &v.inputs, &v.judgement)), b.map(|v| (&v.value, &v.inputs, &v.judgement)), "{}", indicator);
            // An organisation with one unit has that unit's figure.
            if let Some(unit) = pooled.value(Level::Unit, &units[0], indicator) {
                prop_assert_eq!(Some(&unit.inputs), pooled.value(Level::Org, "O0-0", indicator).map(|v| &v.inputs));
            }
        }
    }
}

#[test]
fn the_same_input_gives_byte_identical_json_on_any_number_of_threads() {
    let m = standard();
    let (_, data) = mid_region();
    let period = "2026-Q3".parse().unwrap();
    let one = m
        .evaluate_with(&data, &EvaluationOptions::new(period).with_threads(1))
        .unwrap()
        .to_json();
    let again = m
        .evaluate_with(&data, &EvaluationOptions::new(period).with_threads(1))
        .unwrap()
        .to_json();
    let many = m
        .evaluate_with(&data, &EvaluationOptions::new(period).with_threads(8))
        .unwrap();
    // Enough values that the assembly and the JSON go in parts.
    assert!(many.values.len() > 3 * 512, "{} values", many.values.len());
    // In parts on several threads, the bytes of serde_json's own form.
    let serde_form = serde_json::to_string_pretty(&many).unwrap();
    let many = many.to_json();
    assert_eq!(one, again);
    assert_eq!(one, many);
    assert_eq!(many, serde_form);
    // One methodology shared by threads gives the same result in each.
    let results: Vec<String> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..4)
            .map(|_| s.spawn(|| evaluate_last(&m, &data).to_json()))
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    assert!(results.iter().all(|r| *r == one));
}

/// A one-unit region where `late` of 40 decisions are past the term.
fn with_late(late: u32) -> Dataset {
    let (t, units) = tree(&[vec![1]]);
    let recs: Vec<Rec> = (0..40)
        .map(|i| Rec {
            unit: 0,
            recipient: 0,
            applied: 35 + (i % 20),
            decision_after: if i < late { 30 } else { 1 },
            granted: true,
            started_after: None,
            planned: 0,
            delivered_part: 0,
            complaint: false,
        })
        .collect();
    dataset(t, &units, &recs)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 32, ..ProptestConfig::default() })]

    /// A value inside its band never yields a deviation; outside, it always does.
    #[test]
    fn a_deviation_exactly_when_outside_the_band(late in 0u32..=40) {
        let m = small_package();
        let e = m.evaluate(&with_late(late), "2026-Q3".parse().unwrap()).unwrap();
        let v = e.value(Level::Unit, "U0-0-0", "in_term").unwrap();
        let inside = late == 0; // normal band: >= 100
        let deviation = e.deviations.iter().any(|d| d.entity.level == Level::Unit && d.indicator == "in_term");
        prop_assert_eq!(deviation, !inside, "value {:?}", v.value);
        let warning_band = (40 - late) * 100 >= 75 * 40;
        if !inside {
            let d = e.deviations.iter().find(|d| d.entity.level == Level::Unit && d.indicator == "in_term").unwrap();
            let expected = if warning_band { etalon::methodology::DeviationSeverity::Warning } else { etalon::methodology::DeviationSeverity::Critical };
            prop_assert_eq!(d.severity, expected);
        }
    }
}

#[test]
fn records_added_in_runs_make_the_dataset_added_one_by_one() {
    // `add_all` shares a writer across records that name the same columns
    // (surveys name their answers, so runs break); `add` makes one each.
    let region = etalon::generate::generate(&etalon::generate::RegionSpec::sample(7));
    let mut one_by_one = DatasetBuilder::new(region.tree().unwrap());
    for s in &region.surveys {
        one_by_one.add(s).unwrap();
    }
    for c in &region.cases {
        one_by_one.add(c).unwrap();
    }
    let mut in_runs = DatasetBuilder::new(region.tree().unwrap());
    in_runs.add_all(&region.surveys).unwrap();
    in_runs.add_all(&region.cases).unwrap();
    let (a, b) = (one_by_one.finish().unwrap(), in_runs.finish().unwrap());
    assert_eq!(a.total_records(), region.surveys.len() + region.cases.len());
    let m = standard();
    let q3 = "2026-Q3".parse().unwrap();
    assert_eq!(
        m.evaluate(&a, q3).unwrap().to_json(),
        m.evaluate(&b, q3).unwrap().to_json()
    );
}

/// The fixture's package with overdispersion and the small-base policy
/// declared on its complaint rate.
fn funnel_package() -> Methodology {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region/package");
    let mut files = etalon::io::load_package(&dir).unwrap();
    let general = files.get("general.toml").unwrap().to_string();
    files.insert(
        "general.toml",
        format!(
            "{general}\n[indicator.funnel]\noverdispersion = \"multiplicative\"\nsmall_base = 100\n"
        ),
    );
    Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"))
}

/// The tree of `shape` built in reverse order: the same ids, the entities
/// listed the other way round.
fn reversed_tree(shape: &[Vec<usize>]) -> OrgTree {
    let mut b = OrgTree::builder("R", "r");
    for (g, orgs) in shape.iter().enumerate().rev() {
        b.group(&format!("G{g}"), "g").unwrap();
        for (o, &n) in orgs.iter().enumerate().rev() {
            let org = format!("O{g}-{o}");
            b.org(&org, "o", &format!("G{g}"), "t").unwrap();
            for u in (0..n).rev() {
                b.unit(&format!("U{g}-{o}-{u}"), "u", &org, ["home_care"])
                    .unwrap();
            }
        }
    }
    b.build().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Funnels (overdispersion included), assurance classes and the
    /// policy's actions do not depend on the order of the entities.
    #[test]
    fn funnels_assurance_and_actions_ignore_the_order_of_entities(
        shape in proptest::collection::vec(proptest::collection::vec(1usize..4, 1..4), 1..4),
        recs in proptest::collection::vec(rec(), 1..80),
    ) {
        let m = funnel_package();
        let options = EvaluationOptions::new("2026-Q3".parse().unwrap()).with_history(5);
        let (t, units) = tree(&shape);
        let a = m.evaluate_with(&dataset(t, &units, &recs), &options);
        let b = m.evaluate_with(&dataset(reversed_tree(&shape), &units, &recs), &options);
        // Records all dated before or after the period: both orders
        // refused alike (E-EVAL-COVERAGE), never judged as zeros.
        if let Err(etalon::EvaluationError::OutsideCoverage { from, to, .. }) = a {
            prop_assert!(from > options.period.end() || to < options.period.start());
            let refused = matches!(b, Err(etalon::EvaluationError::OutsideCoverage { .. }));
            prop_assert!(refused, "the reversed tree was not refused alike");
            return Ok(());
        }
        let (a, b) = (a.unwrap(), b.unwrap());
        prop_assert_eq!(a.values.len(), b.values.len());
        for v in &a.values {
            let w = b.value(v.entity.level, &v.entity.id, &v.indicator).unwrap();
            prop_assert_eq!(&v.funnel, &w.funnel, "{} {}", v.entity, v.indicator);
            prop_assert_eq!(
                v.assurance.as_ref().map(|x| x.class),
                w.assurance.as_ref().map(|x| x.class)
            );
        }
        for d in &a.deviations {
            let e = b.deviation(&d.id).unwrap();
            prop_assert_eq!(d.action, e.action, "{}", d.id);
        }
    }
}
