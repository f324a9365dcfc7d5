//! `etalon::explain` on the hand-computed region: the numbers of
//! `small_region.rs`, with the names the methodology gives them.

use std::path::Path;

use etalon::{Judgement, Level, Methodology};

fn load() -> (Methodology, etalon::Evaluation) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region");
    let files = etalon::io::load_package(&dir.join("package")).unwrap();
    let m = Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"));
    let data = etalon::io::load_dataset(&dir.join("data")).unwrap_or_else(|e| panic!("{e}"));
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    (m, e)
}

#[test]
fn a_critical_value_explains_itself() {
    let (m, e) = load();
    let x = etalon::explain(&m, &e, Level::Org, "O1", "in_term").expect("O1 has in_term");
    assert_eq!(x.value, Some(60.into()));
    assert_eq!(x.judgement, Judgement::Critical);
    assert_eq!(x.formula, "share(in_term, decided)");
    let inputs: Vec<(&str, &str, i64)> = x
        .inputs
        .iter()
        .map(|i| (i.measure.as_str(), i.name.as_str(), i.value))
        .collect();
    assert_eq!(
        inputs,
        [("decided", "Decided", 5), ("in_term", "Decided in term", 3)]
    );
    assert_eq!(x.base_measure.as_deref(), Some("decided"));
    assert_eq!(x.base, Some(5));
    let r = x.reference.as_ref().expect("judged against a reference");
    assert_eq!(r.id, "in_term/region/2026-01-01");
    assert_eq!(
        r.source,
        etalon::methodology::Source::Proposal("test".into())
    );
    assert_eq!(x.deviations.len(), 1);
    assert_eq!(x.deviations[0].id, "in_term@org:O1@2026-Q3");
    assert_eq!(x.history.len(), 1);
    assert_eq!(x.history[0].period.to_string(), "2026-Q2");
    assert_eq!(x.history[0].value, Some(100.into()));

    let text = x.to_string();
    assert!(
        text.contains("value      60 % = share(in_term, decided)"),
        "{text}"
    );
    assert!(text.contains("decided = 5 (Decided)"), "{text}");
    assert!(
        text.contains("reference  in_term/region/2026-01-01: normal >= 100, warning >= 75"),
        "{text}"
    );
    assert!(
        text.contains("source     regional proposal: test"),
        "{text}"
    );
    assert!(text.contains("judgement  critical"), "{text}");
    assert!(text.contains("earlier    2026-Q2: 100 %"), "{text}");
}

#[test]
fn an_undefined_value_and_a_missing_one() {
    let (m, e) = load();
    let x = etalon::explain(&m, &e, Level::Unit, "U3", "complaints_per_100").unwrap();
    assert_eq!(x.value, None);
    assert_eq!(x.judgement, Judgement::Undefined);
    assert!(x.deviations.is_empty());
    assert!(x.to_string().contains("no value"));
    // The residential unit runs no home care: nothing to explain.
    assert!(etalon::explain(&m, &e, Level::Unit, "U3", "in_term").is_none());
    assert!(etalon::explain(&m, &e, Level::Unit, "nobody", "in_term").is_none());
}

#[test]
fn every_value_of_an_evaluation_can_be_explained() {
    let (m, e) = load();
    for v in &e.values {
        let x = etalon::explain(&m, &e, v.entity.level, &v.entity.id, &v.indicator).unwrap();
        assert_eq!(x.value, v.value);
        assert_eq!(x.inputs.len(), v.inputs.len());
        assert_eq!(
            x.deviations.len(),
            e.deviations
                .iter()
                .filter(|d| d.entity == v.entity && d.indicator == v.indicator)
                .count()
        );
    }
}
