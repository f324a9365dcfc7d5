//! Why a number is what it is: an indicator value with the measures it was
//! computed from (named, with the table and filter that counted them), its
//! formula, the reference row that judged it and the act it comes from, and
//! its values in the earlier periods of the window.
//!
//! An evaluation already carries each value's inputs, formula and reference;
//! an [`Explanation`] joins them with the methodology's catalogue so that an
//! analyst or an auditor reads it without the rule files at hand. Every
//! binding shows the same explanation.

mod reason;
mod render;

pub(crate) use reason::{band_text, deviation_value_text, value_text};
pub use reason::{english_reasons, reason};

use rust_decimal::Decimal;
use serde::Serialize;

use crate::report::Lang;

use etalon_core::methodology::{AggregateKind, Citation, Direction, PeriodRule, Source, ValueUnit};
use etalon_core::{
    AppliedReference, Assurance, EntityRef, Evaluation, Funnel, IndicatorValue, Judgement,
    Methodology, Period, TableKind,
};

/// One measure a value was computed from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ExplainedInput {
    /// Measure id, as the formula names it.
    pub measure: String,
    /// The measure's name.
    pub name: String,
    /// Its English name, where the package gives one.
    pub name_en: Option<String>,
    /// Its value for the entity and period, rolled up to the entity.
    pub value: i64,
    /// The table it counts.
    pub table: Option<TableKind>,
    /// What it adds up: `count`, `sum(...)` or `distinct(recipient_id)`.
    pub aggregate: String,
    /// The date (or interval) that places a record in the period.
    pub period_by: String,
    /// Its filter as written, if it has one.
    pub filter: Option<String>,
}

/// An indicator value and everything that explains it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// Indicator id.
    pub indicator: String,
    /// Indicator name.
    pub indicator_name: String,
    /// Its English name, where the package gives one.
    pub indicator_name_en: Option<String>,
    /// Process id (none for cross-cutting indicators).
    pub process: Option<String>,
    /// Unit of the value.
    pub unit: ValueUnit,
    /// Which way is better.
    pub direction: Direction,
    /// Decimal places shown.
    pub decimals: u32,
    /// The period.
    pub period: Period,
    /// The value (none when undefined).
    pub value: Option<Decimal>,
    /// How it was judged.
    pub judgement: Judgement,
    /// The formula as written.
    pub formula: String,
    /// The measures it was computed from, in the order the formula's
    /// inputs are listed by the evaluation (by id).
    pub inputs: Vec<ExplainedInput>,
    /// The base measure (the denominator that decides whether it is judged).
    pub base: Option<String>,
    /// The base's value.
    pub base_value: Option<i64>,
    /// Below this base the value is reported but not judged.
    pub min_base: i64,
    /// The reference row that judged it, with its source.
    pub reference: Option<AppliedReference>,
    /// The sources the reference's text cites, in full.
    pub citations: Vec<Citation>,
    /// The values of the earlier periods of the window, oldest first.
    pub history: Vec<(Period, Option<Decimal>)>,
    /// Funnel limits, z-score and probability (shares and rates).
    pub funnel: Option<Funnel>,
    /// The assurance of the series over the window.
    pub assurance: Option<Assurance>,
}

/// Explains `value`, one of the values of `evaluation`, which `methodology` made.
///
/// Names come from the methodology's catalogue; an input the catalogue does
/// not know (an evaluation made by another package) keeps its id as name.
pub fn explain(
    methodology: &Methodology,
    evaluation: &Evaluation,
    value: &IndicatorValue,
) -> Explanation {
    let indicator = methodology.indicator(&value.indicator);
    let inputs = value
        .inputs
        .iter()
        .map(|(id, &v)| {
            let measure = methodology.measures().iter().find(|m| *m.id == **id);
            ExplainedInput {
                measure: id.to_string(),
                name: measure.map_or_else(|| id.to_string(), |m| m.name.clone()),
                name_en: measure.and_then(|m| m.name_en.clone()),
                value: v,
                table: measure.map(|m| m.table),
                aggregate: measure.map_or_else(String::new, |m| match &m.aggregate {
                    AggregateKind::Count => "count".to_string(),
                    AggregateKind::Sum(e) => format!("sum({e})"),
                    AggregateKind::DistinctRecipients => "distinct(recipient_id)".to_string(),
                }),
                period_by: measure.map_or_else(String::new, |m| match &m.period {
                    PeriodRule::By(d) => d.clone(),
                    PeriodRule::Active(a, b) => format!("active {a} .. {b}"),
                }),
                filter: measure.and_then(|m| m.filter_text.clone()),
            }
        })
        .collect();
    let earlier = evaluation
        .periods
        .iter()
        .take(evaluation.periods.len().saturating_sub(1));
    Explanation {
        entity: value.entity.clone(),
        entity_name: value.entity_name.to_string(),
        indicator: value.indicator.to_string(),
        indicator_name: indicator.map_or_else(|| value.indicator.to_string(), |i| i.name.clone()),
        indicator_name_en: indicator.and_then(|i| i.name_en.clone()),
        process: value.process.as_deref().map(str::to_string),
        unit: indicator.map_or(ValueUnit::Ratio, |i| i.unit),
        direction: indicator.map_or(Direction::HigherIsBetter, |i| i.direction),
        decimals: indicator.map_or(2, |i| i.decimals),
        period: value.period,
        value: value.value,
        judgement: value.judgement,
        formula: value.formula.to_string(),
        inputs,
        base: indicator.and_then(|i| i.base.clone()),
        base_value: value.base,
        min_base: indicator.map_or(0, |i| i.min_base),
        reference: value.reference.as_deref().cloned(),
        citations: value.reference.as_ref().map_or_else(Vec::new, |r| {
            let (Source::Act(text) | Source::Proposal(text)) = &r.source;
            methodology.cited(text).into_iter().cloned().collect()
        }),
        history: earlier
            .copied()
            .zip(value.history.iter().copied())
            .collect(),
        funnel: value.funnel.clone(),
        assurance: value.assurance.clone(),
    }
}

/// The catalogue message `id` in `lang` with `args`; its id where the
/// catalogue lacks it (a test holds every id used here in both languages).
fn say(lang: Lang, id: &str, args: &[(&str, &str)]) -> String {
    crate::catalogue::message(lang, id, args).unwrap_or_else(|| id.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The standard package and its evaluation of the sample region in
    /// 2026-Q3 (the set-up of every test of explanations and reasons).
    pub(super) fn sample() -> (Methodology, Evaluation) {
        let root = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/.."));
        let m = crate::standard().unwrap_or_else(|d| panic!("{d}"));
        let data = crate::io::load_dataset(&root.join("examples/data")).unwrap();
        let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
        (m, e)
    }

    #[test]
    fn a_value_of_the_sample_region_explains_itself() {
        let (m, e) = sample();
        let v = e
            .values
            .iter()
            .find(|v| &*v.indicator == "ma_decided_in_term" && v.reference.is_some())
            .expect("a judged material-aid value");
        let x = explain(&m, &e, v);
        assert_eq!(x.indicator_name, m.indicator(&v.indicator).unwrap().name);
        assert_eq!(x.inputs.len(), v.inputs.len());
        let decided = x.inputs.iter().find(|i| i.measure == "ma_decided").unwrap();
        assert_eq!(decided.value, v.inputs["ma_decided"]);
        assert_eq!(decided.table, Some(TableKind::Cases));
        assert_eq!(x.base_value, Some(decided.value));
        assert_eq!(x.history.len(), e.periods.len() - 1);
        assert_eq!(
            x.history.last().map(|h| h.0),
            Some(e.periods[e.periods.len() - 2])
        );
        let text = x.to_string();
        assert!(
            text.contains("formula: share(ma_decided_in_term, ma_decided)"),
            "{text}"
        );
        assert!(
            text.contains("source (act)") || text.contains("source (regional proposal)"),
            "{text}"
        );
        assert!(
            text.contains(&format!("ma_decided = {}", decided.value)),
            "{text}"
        );
    }
}
