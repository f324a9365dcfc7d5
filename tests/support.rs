//! Helpers shared by the integration tests.

use etalon::evaluate::{Deviation, DeviationRule, MethodologyStamp};
use etalon::generate::{Region, RegionSpec, generate};
use etalon::methodology::DeviationSeverity;
use etalon::{Dataset, EntityRef, Evaluation, EvaluationOptions, Methodology, Period, Summary};
use rust_decimal::Decimal;

/// The standard methodology (it must compile).
pub fn standard() -> Methodology {
    etalon::standard().unwrap_or_else(|d| panic!("the standard package does not compile:\n{d}"))
}

/// The middle region's shape (six groups, seed 7).
pub fn mid_spec() -> RegionSpec {
    RegionSpec {
        groups: 6,
        non_residential: 5,
        residential: 3,
        family_children: 4,
        scale: 1.0,
        ..RegionSpec::region(7)
    }
}

/// A mid-sized generated region: 6 groups, 12 institutions of every type.
pub fn mid_region() -> (Region, Dataset) {
    let region = generate(&mid_spec());
    let data = region
        .dataset()
        .unwrap_or_else(|e| panic!("generated data is invalid: {e}"));
    (region, data)
}

/// Evaluates the last generated quarter.
pub fn evaluate_last(m: &Methodology, data: &Dataset) -> Evaluation {
    m.evaluate_with(data, &EvaluationOptions::new("2026-Q3".parse().unwrap()))
        .unwrap_or_else(|e| panic!("evaluation failed: {e}"))
}

/// An evaluation of `period` in region `SVR` made with `m`, with no value
/// and no deviation yet: the tests of the journal fill in what they need.
pub fn empty_evaluation(m: &Methodology, period: Period) -> Evaluation {
    let info = &m.manifest().package;
    Evaluation {
        methodology: MethodologyStamp {
            id: info.id.clone(),
            version: info.version.clone(),
            edition: info.edition.clone(),
        },
        region: "SVR".into(),
        period,
        periods: vec![period],
        values: Vec::new(),
        deviations: Vec::new(),
        summary: Summary::default(),
        notes: Vec::new(),
    }
}

/// A deviation of `indicator` for `entity` (named by its id) in `period`:
/// `value` outside its band, to be escalated.
pub fn band_deviation(
    entity: EntityRef,
    indicator: &str,
    process: Option<&str>,
    period: Period,
    severity: DeviationSeverity,
    value: Decimal,
) -> Deviation {
    Deviation {
        id: format!("{indicator}@{entity}@{period}"),
        entity_name: entity.id.clone(),
        entity,
        indicator: indicator.to_string(),
        process: process.map(str::to_string),
        period,
        rule: DeviationRule::Band,
        severity,
        value: Some(value),
        reference: None,
        reason: format!("{value} is outside its band"),
        inputs: Default::default(),
        formula: String::new(),
        action: etalon::Action::Escalate,
        probability: None,
    }
}
