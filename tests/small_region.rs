//! A small region computed by hand (see the fixture's files): every
//! indicator at every level, with its judgement.
//!
//! 2026-Q3. Working days count weekdays (the fixture has no holidays).
//! Decisions in term (≤ 10 working days): C01 (2), C04 (5), C05 (2), C08 (1);
//! late: C02 (13), C06 (14), C07 (18). Recipients served in the quarter:
//! U1 {P1, P2, P9}, U2 {P1, P4, P5}, U4 {P6, P7}; O1 counts P1 once.

use std::path::Path;

use etalon::{Judgement, Level, Methodology};
use rust_decimal::Decimal;

fn dec(s: &str) -> Decimal {
    s.parse().unwrap()
}

fn load() -> (Methodology, etalon::Dataset) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region");
    let files = etalon::io::load_package(&dir.join("package")).unwrap();
    let m = Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"));
    let data = etalon::io::load_dataset(&dir.join("data")).unwrap_or_else(|e| panic!("{e}"));
    (m, data)
}

#[test]
fn every_indicator_at_every_level() {
    let (m, data) = load();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    use Judgement::*;
    let blended_region = (dec("400") / dec("7") + dec("4500") / dec("52")) / dec("2");
    #[rustfmt::skip]
    let expected: Vec<(Level, &str, &str, Option<Decimal>, Judgement)> = vec![
        (Level::Unit, "U1", "in_term", Some(dec("50")), Critical),
        (Level::Unit, "U2", "in_term", Some(dec("200") / dec("3")), Critical),
        (Level::Unit, "U4", "in_term", Some(dec("50")), Normal), // org O3's own band: >= 50
        (Level::Org, "O1", "in_term", Some(dec("60")), Critical),
        (Level::Org, "O3", "in_term", Some(dec("50")), Normal),
        (Level::Group, "G1", "in_term", Some(dec("60")), Critical),
        (Level::Group, "G2", "in_term", Some(dec("50")), Critical), // the org band does not apply to a group
        (Level::Region, "R", "in_term", Some(dec("400") / dec("7")), Critical),
        (Level::Unit, "U1", "delivery", Some(dec("90")), Normal),
        (Level::Unit, "U2", "delivery", Some(dec("75")), Critical),
        (Level::Unit, "U4", "delivery", Some(dec("100")), Normal),
        (Level::Org, "O1", "delivery", Some(dec("82.5")), Warning),
        (Level::Org, "O3", "delivery", Some(dec("100")), Normal),
        (Level::Group, "G1", "delivery", Some(dec("82.5")), Warning),
        (Level::Group, "G2", "delivery", Some(dec("100")), Normal),
        (Level::Region, "R", "delivery", Some(dec("4500") / dec("52")), Warning),
        (Level::Org, "O1", "blended", Some(dec("71.25")), Critical),
        (Level::Org, "O3", "blended", Some(dec("75")), Critical),
        (Level::Group, "G1", "blended", Some(dec("71.25")), Critical),
        (Level::Group, "G2", "blended", Some(dec("75")), Critical),
        (Level::Region, "R", "blended", Some(blended_region), Critical),
        (Level::Unit, "U1", "complaints_per_100", Some(dec("100") / dec("3")), Warning),
        (Level::Unit, "U2", "complaints_per_100", Some(dec("100") / dec("3")), Warning),
        (Level::Unit, "U3", "complaints_per_100", None, Undefined),
        (Level::Unit, "U4", "complaints_per_100", Some(dec("50")), Warning),
        (Level::Org, "O1", "complaints_per_100", Some(dec("40")), Warning),
        (Level::Org, "O2", "complaints_per_100", None, Undefined),
        (Level::Org, "O3", "complaints_per_100", Some(dec("50")), Warning),
        (Level::Group, "G1", "complaints_per_100", Some(dec("40")), Warning),
        (Level::Group, "G2", "complaints_per_100", Some(dec("50")), Warning),
        (Level::Region, "R", "complaints_per_100", Some(dec("300") / dec("7")), Warning),
    ];
    for (level, id, indicator, value, judgement) in &expected {
        let v = e
            .value(*level, id, indicator)
            .unwrap_or_else(|| panic!("no value for {level}:{id} {indicator}"));
        assert_eq!(
            v.value,
            value.map(|d| d.normalize()),
            "{level}:{id} {indicator}"
        );
        assert_eq!(v.judgement, *judgement, "{level}:{id} {indicator}");
    }
    // Nothing else: home-care indicators do not apply to the residential unit
    // and organisation, and `blended` is not computed for units.
    assert_eq!(e.values.len(), expected.len());
    assert!(e.value(Level::Unit, "U3", "in_term").is_none());
    assert!(e.value(Level::Unit, "U1", "blended").is_none());

    // Each deviation is a judged value outside its normal band.
    let deviating = expected
        .iter()
        .filter(|x| matches!(x.4, Warning | Critical))
        .count();
    assert_eq!(e.deviations.len(), deviating);
}

#[test]
fn values_explain_themselves() {
    let (m, data) = load();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    let v = e.value(Level::Org, "O1", "in_term").unwrap();
    assert_eq!(&*v.formula, "share(in_term, decided)");
    assert_eq!(v.inputs.get("decided"), Some(&5));
    assert_eq!(v.inputs.get("in_term"), Some(&3));
    assert_eq!(v.base, Some(5));
    let r = v.reference.as_ref().unwrap();
    assert_eq!(r.id, "in_term/region/2026-01-01");
    // The earlier quarter of the window is kept: in Q2 O1 decided C10 in term.
    assert_eq!(
        e.periods.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
        ["2026-Q2", "2026-Q3"]
    );
    assert_eq!(v.history, vec![Some(dec("100"))]);
    let u4 = e.value(Level::Unit, "U4", "in_term").unwrap();
    assert_eq!(u4.history, vec![Some(dec("100"))]);
    assert_eq!(
        u4.reference.as_ref().unwrap().id,
        "in_term/org=O3/2026-01-01"
    );

    let d = e.deviation("in_term@org:O1@2026-Q3").expect("stable id");
    assert!(d.reason.contains("60"), "{}", d.reason);
    assert!(d.reason.contains(">= 75"), "{}", d.reason);
    // Distinct recipients are counted at each level: P1 is served by U1 and U2.
    let o1 = e.value(Level::Org, "O1", "complaints_per_100").unwrap();
    assert_eq!(o1.inputs.get("recipients"), Some(&5));
}

#[test]
fn values_share_the_texts_of_their_indicator_and_reference_row() {
    use std::sync::Arc;
    let (m, data) = load();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    let o1 = e.value(Level::Org, "O1", "in_term").unwrap();
    let g1 = e.value(Level::Group, "G1", "in_term").unwrap();
    let (r1, r2) = (
        o1.reference.as_ref().unwrap(),
        g1.reference.as_ref().unwrap(),
    );
    assert_eq!(r1.id, "in_term/region/2026-01-01");
    assert!(Arc::ptr_eq(r1, r2), "one reference row, one shared copy");
    assert!(Arc::ptr_eq(&o1.indicator, &g1.indicator));
    assert!(Arc::ptr_eq(&o1.formula, &g1.formula));
    let (k1, _) = o1.inputs.first_key_value().unwrap();
    let (k2, _) = g1.inputs.first_key_value().unwrap();
    assert!(Arc::ptr_eq(k1, k2));
    // A unit judged by its organisation's own row shares that row, not the region's.
    let u4 = e.value(Level::Unit, "U4", "in_term").unwrap();
    assert_eq!(
        u4.reference.as_ref().unwrap().id,
        "in_term/org=O3/2026-01-01"
    );
    assert!(!Arc::ptr_eq(r1, u4.reference.as_ref().unwrap()));
    // The entity's name is shared by its values, and is its own.
    let o1_complaints = e.value(Level::Org, "O1", "complaints_per_100").unwrap();
    assert!(Arc::ptr_eq(&o1.entity_name, &o1_complaints.entity_name));
    assert_eq!(*o1.entity_name, *org_name(&data, "O1"));
}

fn org_name(data: &etalon::Dataset, org: &str) -> String {
    let tree = data.tree();
    let i = (0..tree.count(Level::Org))
        .find(|&i| tree.id(Level::Org, i) == org)
        .unwrap();
    tree.name(Level::Org, i).to_string()
}

#[test]
fn min_base_reports_without_judging() {
    let (m, data) = load();
    // In 2026-Q2 only C09 (U4) was decided: a base of 1 under a minimum of 2.
    let e = m.evaluate(&data, "2026-Q2".parse().unwrap()).unwrap();
    let v = e.value(Level::Unit, "U4", "in_term").unwrap();
    assert_eq!(v.value, Some(dec("100")));
    assert_eq!(v.judgement, Judgement::InsufficientBase);
    assert!(
        e.deviations
            .iter()
            .all(|d| !(d.indicator == "in_term" && d.entity.id == "U4"))
    );
}

#[test]
fn measures_and_what_if_formulas() {
    let (m, data) = load();
    let q3: etalon::Period = "2026-Q3".parse().unwrap();
    let table = m
        .measure(&data, &etalon::EvaluationOptions::new(q3))
        .unwrap();
    assert_eq!(table.get(Level::Org, "O1", "recipients", q3), Some(5));
    assert_eq!(table.get(Level::Unit, "U1", "recipients", q3), Some(3));
    assert_eq!(table.get(Level::Region, "R", "planned", q3), Some(52));
    assert_eq!(
        table.get(Level::Unit, "U4", "decided", "2026-Q2".parse().unwrap()),
        Some(1)
    );

    let inputs = [("in_term".to_string(), 3), ("decided".to_string(), 5)]
        .into_iter()
        .collect();
    assert_eq!(
        m.compute_indicator("in_term", &inputs).unwrap(),
        Some(dec("60"))
    );
    let zero = [("in_term".to_string(), 0), ("decided".to_string(), 0)]
        .into_iter()
        .collect();
    assert_eq!(m.compute_indicator("in_term", &zero).unwrap(), None);
    let missing = [("in_term".to_string(), 3)].into_iter().collect();
    let e = m.compute_indicator("in_term", &missing).unwrap_err();
    assert!(e.to_string().contains("needs measure `decided`"), "{e}");
    assert!(m.compute_indicator("nope", &inputs).is_err());
}

/// The fixture's package with `extra` appended to the complaints indicator
/// (the last table of general.toml).
fn with_funnel(extra: &str) -> etalon::PackageFiles {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region/package");
    let mut files = etalon::io::load_package(&dir).unwrap();
    let general = files.get("general.toml").unwrap().to_string();
    files.insert("general.toml", format!("{general}\n{extra}"));
    files
}

#[test]
fn a_small_base_within_chance_is_a_signal_to_watch() {
    let files = with_funnel("[indicator.funnel]\nsmall_base = 100\n");
    let m = Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"));
    let (_, data) = load();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    // U1: 1 complaint among 3 recipients, 33.3 per 100 against a normal
    // band of at most 25: at 25 per 100 the count is Poisson with mean
    // 0.75, and one or more happens with probability 1 − e^−0.75. Its
    // 99.8 % quantile, interpolated: F(4) = 0.998935 < 0.999 ≤ F(5) =
    // 0.999869, α = (F(5) − 0.999)/P(X = 5) = 0.93076, limit (5 − α)/3·100.
    let d = e
        .deviation("complaints_per_100@unit:U1@2026-Q3")
        .expect("a warning");
    assert_eq!(d.action, etalon::Action::Watch);
    let by_hand = 1.0 - (-0.75f64).exp();
    assert!((d.probability.unwrap() - by_hand).abs() < 1e-6, "{d:?}");
    assert!(
        d.reason.ends_with(
            "on a base of 3 (below 100) a value this far happens by chance with probability 52.8 %, inside the 99.8 % funnel limit 135.64: a signal to watch, not escalated beyond its own level"
        ),
        "{}",
        d.reason
    );
    assert_eq!(
        e.summary.watched,
        e.deviations
            .iter()
            .filter(|d| d.action == etalon::Action::Watch)
            .count() as u64
    );
    let v = e.value(Level::Unit, "U1", "complaints_per_100").unwrap();
    let f = v.funnel.as_ref().expect("a rate of a base has a funnel");
    assert_eq!(f.centre, 25.0);
    assert!(f.exact);
    assert_eq!(f.position, etalon::FunnelPosition::Inside);
    // Without the policy every band deviation escalates as before.
    let (plain, _) = load();
    let e = plain.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    assert!(
        e.deviations
            .iter()
            .all(|d| d.action == etalon::Action::Escalate)
    );
}

#[test]
fn a_funnel_table_is_checked() {
    let files = with_funnel("[indicator.funnel]\nlimit = 90\nsmall_base = 0\n");
    let d = Methodology::check(&files);
    let text: Vec<String> = d.iter().map(|d| d.to_string()).collect();
    assert!(
        text.iter().any(|t| t.contains("general.toml:21:1")
            && t.contains("funnel `limit` is 95 or 99.8, not 90")),
        "{text:?}"
    );
    assert!(
        text.iter()
            .any(|t| t.contains("funnel `small_base` must be at least 1")),
        "{text:?}"
    );
    let files = with_funnel("[indicator.funnel]\noverdispersion = \"sometimes\"\n");
    let text: Vec<String> = Methodology::check(&files)
        .iter()
        .map(|d| d.to_string())
        .collect();
    assert!(text.iter().any(|t| t.contains("sometimes")), "{text:?}");
}
