//! `etalon.Evaluation` and what it holds: indicator values, deviations, the
//! summary, explanations; as objects and as Arrow tables.
//!
//! The objects are views into one shared Rust evaluation: reading
//! `evaluation.values` makes small handles, and each attribute is converted
//! when it is read.

use std::collections::BTreeMap;
use std::sync::Arc;

use etalon::report::Lang;
use etalon::{DeviationRule, Level, Methodology};
use pyo3::exceptions::{PyKeyError, PyValueError};
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

use crate::convert;
use crate::funnel::{Funnel, assurance_dict, escape, funnel_dict, json_name};
use crate::language;
use crate::methodology::Reference;
use crate::table::{Table, TableBuilder};

/// An evaluation and the methodology that made it.
pub(crate) struct Shared {
    pub(crate) methodology: Methodology,
    pub(crate) evaluation: etalon::Evaluation,
}

impl Shared {
    fn value(&self, index: usize) -> &etalon::IndicatorValue {
        &self.evaluation.values[index]
    }

    fn deviation(&self, index: usize) -> &etalon::Deviation {
        &self.evaluation.deviations[index]
    }

    /// Why `d` is a deviation, in `lang` (the words of the catalogue).
    fn reason(&self, d: &etalon::Deviation, lang: Lang) -> String {
        etalon::explain::reason(&self.methodology, d, lang)
    }

    fn reference(
        &self,
        indicator: &str,
        r: Option<&etalon::AppliedReference>,
    ) -> Option<Reference> {
        r.map(|r| Reference::applied(&self.methodology, indicator, r))
    }

    /// Finds the value of `indicator` for entity `entity` (at `level`, or at
    /// the only level that has such an entity).
    fn find(&self, entity: &str, indicator: &str, level: Option<&str>) -> PyResult<Option<usize>> {
        let level = level
            .map(|l| l.parse::<Level>().map_err(PyValueError::new_err))
            .transpose()?;
        let found: Vec<usize> = self
            .evaluation
            .values
            .iter()
            .enumerate()
            .filter(|(_, v)| {
                v.entity.id == entity
                    && &*v.indicator == indicator
                    && level.is_none_or(|l| v.entity.level == l)
            })
            .map(|(i, _)| i)
            .collect();
        match found.as_slice() {
            [] => Ok(None),
            [one] => Ok(Some(*one)),
            _ => Err(PyValueError::new_err(format!(
                "`{entity}` is an id at more than one level; say which with level="
            ))),
        }
    }
}

/// The result of evaluating a period: every indicator value of every
/// entity, judged, and the deviations.
#[pyclass(frozen, module = "etalon")]
pub struct Evaluation {
    shared: Arc<Shared>,
}

impl Evaluation {
    /// `evaluation` by `methodology`, its reasons in the catalogue's
    /// English as the CLI's JSON carries them.
    pub fn new(methodology: Methodology, mut evaluation: etalon::Evaluation) -> Self {
        etalon::explain::english_reasons(&methodology, &mut evaluation);
        Evaluation {
            shared: Arc::new(Shared {
                methodology,
                evaluation,
            }),
        }
    }

    /// The Rust evaluation and its methodology, shared (scoring and the
    /// journal read them without the GIL).
    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }
}

#[pymethods]
impl Evaluation {
    /// The region evaluated.
    #[getter]
    fn region(&self) -> &str {
        &self.shared.evaluation.region
    }

    /// The period asked (`2026-Q3`).
    #[getter]
    fn period(&self) -> String {
        self.shared.evaluation.period.to_string()
    }

    /// The periods of the window, oldest first (the last is `period`).
    #[getter]
    fn periods(&self) -> Vec<String> {
        self.shared
            .evaluation
            .periods
            .iter()
            .map(|p| p.to_string())
            .collect()
    }

    /// The package used: (id, version, edition).
    #[getter]
    fn methodology(&self) -> (String, String, String) {
        let m = &self.shared.evaluation.methodology;
        (m.id.clone(), m.version.clone(), m.edition.clone())
    }

    /// Every indicator of every entity where it applies.
    #[getter]
    fn values(&self) -> Vec<IndicatorValue> {
        (0..self.shared.evaluation.values.len())
            .map(|index| IndicatorValue {
                shared: Arc::clone(&self.shared),
                index,
            })
            .collect()
    }

    /// Every deviation.
    #[getter]
    fn deviations(&self) -> Vec<Deviation> {
        (0..self.shared.evaluation.deviations.len())
            .map(|index| Deviation {
                shared: Arc::clone(&self.shared),
                index,
            })
            .collect()
    }

    /// Counts for a first look.
    #[getter]
    fn summary(&self) -> Summary {
        Summary::from(&self.shared.evaluation.summary)
    }

    /// The value of `indicator` for the entity with id `entity`; `level`
    /// (`unit`, `org`, `group`, `region`) is needed only when the id is used
    /// at two levels. `None` if the indicator does not apply there.
    #[pyo3(signature = (entity, indicator, level = None))]
    fn value(
        &self,
        entity: &str,
        indicator: &str,
        level: Option<&str>,
    ) -> PyResult<Option<IndicatorValue>> {
        Ok(self
            .shared
            .find(entity, indicator, level)?
            .map(|index| IndicatorValue {
                shared: Arc::clone(&self.shared),
                index,
            }))
    }

    /// A deviation by its stable id, or `None`.
    fn deviation(&self, id: &str) -> Option<Deviation> {
        self.shared
            .evaluation
            .deviations
            .iter()
            .position(|d| d.id == id)
            .map(|index| Deviation {
                shared: Arc::clone(&self.shared),
                index,
            })
    }

    /// Why the value of `indicator` for `entity` is what it is: its inputs,
    /// formula, reference with its source, and earlier values.
    #[pyo3(signature = (entity, indicator, level = None))]
    fn explain(&self, entity: &str, indicator: &str, level: Option<&str>) -> PyResult<Explanation> {
        match self.shared.find(entity, indicator, level)? {
            Some(index) => Ok(explanation(&self.shared, index)),
            None => Err(PyKeyError::new_err(format!(
                "no value of `{indicator}` for `{entity}` in this evaluation"
            ))),
        }
    }

    /// The indicator values as a table, one row per entity and indicator.
    fn values_table(&self) -> PyResult<Table> {
        let v = &self.shared.evaluation.values;
        let mut t = TableBuilder::new();
        t.text("level", v.iter().map(|x| Some(x.entity.level.name())))
            .text("entity", v.iter().map(|x| Some(&x.entity.id)))
            .text("entity_name", v.iter().map(|x| Some(&x.entity_name)))
            .text("indicator", v.iter().map(|x| Some(&x.indicator)))
            .text("process", v.iter().map(|x| x.process.as_ref()))
            .text("period", v.iter().map(|x| Some(x.period.to_string())))
            .decimal("value", v.iter().map(|x| x.value))
            .int("base", v.iter().map(|x| x.base))
            .text(
                "judgement",
                v.iter().map(|x| Some(convert::judgement(x.judgement))),
            );
        reference_columns(&mut t, v.iter().map(|x| x.reference.as_deref()).collect());
        t.text("formula", v.iter().map(|x| Some(&x.formula)));
        let f =
            |pick: fn(&etalon::Funnel) -> f64| v.iter().map(move |x| x.funnel.as_ref().map(pick));
        t.float("funnel_centre", f(|f| f.centre))
            .float("funnel_lower_95", f(|f| f.lower_95))
            .float("funnel_upper_95", f(|f| f.upper_95))
            .float("funnel_lower_99_8", f(|f| f.lower_99_8))
            .float("funnel_upper_99_8", f(|f| f.upper_99_8))
            .float("z", v.iter().map(|x| x.funnel.as_ref().and_then(|f| f.z)))
            .float("probability", f(|f| f.probability))
            .text(
                "funnel_position",
                v.iter()
                    .map(|x| x.funnel.as_ref().map(|f| json_name(&f.position))),
            )
            .text(
                "assurance",
                v.iter()
                    .map(|x| x.assurance.as_ref().map(|a| json_name(&a.class))),
            )
            .text(
                "variation",
                v.iter()
                    .map(|x| x.assurance.as_ref().map(|a| json_name(&a.variation))),
            );
        Ok(t.finish()?)
    }

    /// The deviations as a table, one row per deviation.
    fn deviations_table(&self) -> PyResult<Table> {
        let d = &self.shared.evaluation.deviations;
        let mut t = TableBuilder::new();
        t.text("id", d.iter().map(|x| Some(&x.id)))
            .text("level", d.iter().map(|x| Some(x.entity.level.name())))
            .text("entity", d.iter().map(|x| Some(&x.entity.id)))
            .text("entity_name", d.iter().map(|x| Some(&x.entity_name)))
            .text("indicator", d.iter().map(|x| Some(&x.indicator)))
            .text("process", d.iter().map(|x| x.process.as_ref()))
            .text("period", d.iter().map(|x| Some(x.period.to_string())))
            .text("rule", d.iter().map(|x| Some(rule_kind(&x.rule))))
            .text("trend_rule", d.iter().map(|x| trend_rule(&x.rule)))
            .text(
                "severity",
                d.iter().map(|x| Some(convert::severity(x.severity))),
            )
            .decimal("value", d.iter().map(|x| x.value));
        reference_columns(&mut t, d.iter().map(|x| x.reference.as_ref()).collect());
        let shared = &self.shared;
        let lang = language::current();
        t.text("reason", d.iter().map(|x| Some(shared.reason(x, lang))))
            .text(
                "reason_en",
                d.iter().map(|x| Some(shared.reason(x, Lang::En))),
            )
            .text("action", d.iter().map(|x| Some(json_name(&x.action))))
            .float("probability", d.iter().map(|x| x.probability));
        Ok(t.finish()?)
    }

    /// Every value over the window of periods, one row per entity,
    /// indicator and period (oldest first): the series to plot trends from.
    fn series_table(&self) -> PyResult<Table> {
        let e = &self.shared.evaluation;
        let periods: Vec<String> = e.periods.iter().map(|p| p.to_string()).collect();
        let mut rows: Vec<(&etalon::IndicatorValue, usize, Option<Decimal>)> = Vec::new();
        for v in &e.values {
            for (slot, value) in v
                .history
                .iter()
                .chain(std::iter::once(&v.value))
                .enumerate()
            {
                rows.push((v, slot, *value));
            }
        }
        let mut t = TableBuilder::new();
        t.text("level", rows.iter().map(|r| Some(r.0.entity.level.name())))
            .text("entity", rows.iter().map(|r| Some(&r.0.entity.id)))
            .text("indicator", rows.iter().map(|r| Some(&r.0.indicator)))
            .text("period", rows.iter().map(|r| periods.get(r.1)))
            .decimal("value", rows.iter().map(|r| r.2));
        Ok(t.finish()?)
    }

    /// The funnel plot of `indicator` at `level` (`unit`, `org`,
    /// `group`): every value against its base with the limits of chance.
    #[pyo3(signature = (indicator, level = "unit"))]
    fn funnel(&self, indicator: &str, level: &str) -> PyResult<Funnel> {
        let level: Level = level.parse().map_err(PyValueError::new_err)?;
        let ind = self
            .shared
            .methodology
            .indicator(indicator)
            .ok_or_else(|| PyKeyError::new_err(format!("there is no indicator `{indicator}`")))?;
        if ind.funnel.is_none() {
            return Err(PyValueError::new_err(format!(
                "`{indicator}` has no funnel limits: only shares and rates of a base judged one way have them"
            )));
        }
        let values: Vec<&etalon::IndicatorValue> = self.shared.evaluation.values.iter().collect();
        etalon::report::funnel::funnel_data(ind, level, &values)
            .map(|d| Funnel::new(&d))
            .ok_or_else(|| {
                PyValueError::new_err(format!(
                    "fewer than two values of `{indicator}` at level {level} have funnel limits"
                ))
            })
    }

    /// A notebook's view: the counts, and the deviations by level, action
    /// and severity.
    fn _repr_html_(&self) -> String {
        let e = &self.shared.evaluation;
        let mut s = format!(
            "<div><b>etalon evaluation</b> {} {} ({} {}): {} values, {} judged, {} with too small a base; {} deviations, {} kept to watch",
            escape(&e.region),
            e.period,
            escape(&e.methodology.id),
            escape(&e.methodology.version),
            e.summary.values,
            e.summary.judged,
            e.summary.insufficient_base,
            e.deviations.len(),
            e.summary.watched
        );
        s.push_str(
            "<table><thead><tr><th>level</th><th>warning</th><th>critical</th></tr></thead><tbody>",
        );
        for (level, c) in &e.summary.deviations {
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
                level.name(),
                c.warning,
                c.critical
            ));
        }
        s.push_str("</tbody></table><table><thead><tr><th>deviation</th><th>severity</th><th>action</th><th>reason</th></tr></thead><tbody>");
        for d in e.deviations.iter().take(20) {
            s.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&d.id),
                convert::severity(d.severity),
                json_name(&d.action),
                escape(&self.shared.reason(d, language::current()))
            ));
        }
        if e.deviations.len() > 20 {
            s.push_str(&format!(
                "<tr><td colspan=\"4\">… {} more: deviations_table()</td></tr>",
                e.deviations.len() - 20
            ));
        }
        s.push_str("</tbody></table></div>");
        s
    }

    /// The evaluation as JSON, exactly as `etalon evaluate --format json`
    /// writes it (every value with its explanation).
    fn to_json(&self, py: Python<'_>) -> String {
        let shared = Arc::clone(&self.shared);
        py.detach(move || shared.evaluation.to_json())
    }

    fn __repr__(&self) -> String {
        let e = &self.shared.evaluation;
        format!(
            "<etalon.Evaluation {} {}: {} values, {} deviations>",
            e.region,
            e.period,
            e.values.len(),
            e.deviations.len()
        )
    }
}

fn rule_kind(r: &DeviationRule) -> &'static str {
    match r {
        DeviationRule::Band => "band",
        DeviationRule::Trend { .. } => "trend",
    }
}

fn trend_rule(r: &DeviationRule) -> Option<&str> {
    match r {
        DeviationRule::Band => None,
        DeviationRule::Trend { rule } => Some(rule),
    }
}

/// The columns that show the reference a row was judged against.
fn reference_columns(t: &mut TableBuilder, refs: Vec<Option<&etalon::AppliedReference>>) {
    t.text("reference", refs.iter().map(|r| r.map(|r| &r.id)))
        .decimal("target", refs.iter().map(|r| r.and_then(|r| r.target)))
        .decimal(
            "normal_min",
            refs.iter().map(|r| r.and_then(|r| r.normal.min)),
        )
        .decimal(
            "normal_max",
            refs.iter().map(|r| r.and_then(|r| r.normal.max)),
        )
        .decimal(
            "warning_min",
            refs.iter()
                .map(|r| r.and_then(|r| r.warning).and_then(|w| w.min)),
        )
        .decimal(
            "warning_max",
            refs.iter()
                .map(|r| r.and_then(|r| r.warning).and_then(|w| w.max)),
        )
        .text(
            "source_kind",
            refs.iter().map(|r| r.map(|r| convert::source(&r.source).0)),
        )
        .text(
            "source",
            refs.iter().map(|r| r.map(|r| convert::source(&r.source).1)),
        );
}

fn explanation(shared: &Shared, index: usize) -> Explanation {
    let value = shared.value(index);
    Explanation {
        inner: etalon::explain(&shared.methodology, &shared.evaluation, value),
        reference: shared.reference(&value.indicator, value.reference.as_deref()),
    }
}

fn inputs<'py, K: AsRef<str>>(
    py: Python<'py>,
    inputs: &BTreeMap<K, i64>,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    for (k, v) in inputs {
        d.set_item(k.as_ref(), v)?;
    }
    Ok(d)
}

/// One indicator of one entity in the period asked.
#[pyclass(frozen, module = "etalon")]
pub struct IndicatorValue {
    shared: Arc<Shared>,
    index: usize,
}

#[pymethods]
impl IndicatorValue {
    /// `unit`, `org`, `group` or `region`.
    #[getter]
    fn level(&self) -> &'static str {
        self.shared.value(self.index).entity.level.name()
    }

    /// The entity's id.
    #[getter]
    fn entity(&self) -> &str {
        &self.shared.value(self.index).entity.id
    }

    /// The entity's name.
    #[getter]
    fn entity_name(&self) -> &str {
        &self.shared.value(self.index).entity_name
    }

    /// Indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        &self.shared.value(self.index).indicator
    }

    /// Process id (`None` for cross-cutting indicators).
    #[getter]
    fn process(&self) -> Option<&str> {
        self.shared.value(self.index).process.as_deref()
    }

    /// The period.
    #[getter]
    fn period(&self) -> String {
        self.shared.value(self.index).period.to_string()
    }

    /// The exact value (`None` when undefined, e.g. a zero base).
    #[getter]
    fn value(&self) -> Option<Decimal> {
        self.shared.value(self.index).value
    }

    /// The value of the base measure, if the indicator has one.
    #[getter]
    fn base(&self) -> Option<i64> {
        self.shared.value(self.index).base
    }

    /// `normal`, `warning`, `critical`, `insufficient_base`,
    /// `no_reference` or `undefined`.
    #[getter]
    fn judgement(&self) -> &'static str {
        convert::judgement(self.shared.value(self.index).judgement)
    }

    /// The reference that judged it.
    #[getter]
    fn reference(&self) -> Option<Reference> {
        let v = self.shared.value(self.index);
        self.shared.reference(&v.indicator, v.reference.as_deref())
    }

    /// The formula.
    #[getter]
    fn formula(&self) -> &str {
        &self.shared.value(self.index).formula
    }

    /// The measures it was computed from: measure id -> value.
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        inputs(py, &self.shared.value(self.index).inputs)
    }

    /// Values of the earlier periods of the window, oldest first.
    #[getter]
    fn history(&self) -> Vec<Option<Decimal>> {
        self.shared.value(self.index).history.clone()
    }

    /// Why the value is what it is.
    fn explain(&self) -> Explanation {
        explanation(&self.shared, self.index)
    }

    /// Funnel limits, z-score, probability and position (keys as in the
    /// JSON), for shares and rates of a base; else `None`.
    #[getter]
    fn funnel<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.shared
            .value(self.index)
            .funnel
            .as_ref()
            .map(|f| funnel_dict(py, f))
            .transpose()
    }

    /// The assurance of the series over the window (keys as in the JSON).
    #[getter]
    fn assurance<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyDict>>> {
        self.shared
            .value(self.index)
            .assurance
            .as_ref()
            .map(|a| assurance_dict(py, a))
            .transpose()
    }

    fn __repr__(&self) -> String {
        let v = self.shared.value(self.index);
        format!(
            "<etalon.IndicatorValue {} {} {}: {} ({})>",
            v.indicator,
            v.entity,
            v.period,
            v.value.map_or_else(
                || "no value".to_string(),
                |d| d.round_dp(4).normalize().to_string()
            ),
            convert::judgement(v.judgement)
        )
    }
}

/// A deviation from a reference value.
#[pyclass(frozen, module = "etalon")]
pub struct Deviation {
    shared: Arc<Shared>,
    index: usize,
}

#[pymethods]
impl Deviation {
    /// Stable id: the same entity, indicator, period and rule give the same id.
    #[getter]
    fn id(&self) -> &str {
        &self.shared.deviation(self.index).id
    }

    /// `unit`, `org`, `group` or `region`.
    #[getter]
    fn level(&self) -> &'static str {
        self.shared.deviation(self.index).entity.level.name()
    }

    /// The entity's id.
    #[getter]
    fn entity(&self) -> &str {
        &self.shared.deviation(self.index).entity.id
    }

    /// The entity's name.
    #[getter]
    fn entity_name(&self) -> &str {
        &self.shared.deviation(self.index).entity_name
    }

    /// Indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        &self.shared.deviation(self.index).indicator
    }

    /// Process id.
    #[getter]
    fn process(&self) -> Option<&str> {
        self.shared.deviation(self.index).process.as_deref()
    }

    /// The period.
    #[getter]
    fn period(&self) -> String {
        self.shared.deviation(self.index).period.to_string()
    }

    /// What found it: `band` (outside the reference band) or `trend`.
    #[getter]
    fn rule(&self) -> &'static str {
        rule_kind(&self.shared.deviation(self.index).rule)
    }

    /// The trend rule's id, for a trend deviation.
    #[getter]
    fn trend_rule(&self) -> Option<&str> {
        trend_rule(&self.shared.deviation(self.index).rule)
    }

    /// `warning` or `critical`.
    #[getter]
    fn severity(&self) -> &'static str {
        convert::severity(self.shared.deviation(self.index).severity)
    }

    /// The exact value.
    #[getter]
    fn value(&self) -> Option<Decimal> {
        self.shared.deviation(self.index).value
    }

    /// The reference it was compared with.
    #[getter]
    fn reference(&self) -> Option<Reference> {
        let d = self.shared.deviation(self.index);
        self.shared.reference(&d.indicator, d.reference.as_ref())
    }

    /// Why it is a deviation, in words, in the language chosen by
    /// :func:`set_language` (its English in ``reason_en``).
    #[getter]
    fn reason(&self) -> String {
        let d = self.shared.deviation(self.index);
        self.shared.reason(d, language::current())
    }

    /// Why it is a deviation, in English.
    #[getter]
    fn reason_en(&self) -> String {
        self.shared
            .reason(self.shared.deviation(self.index), Lang::En)
    }

    /// `escalate`, or `watch`: a small base within chance, routed to its
    /// own level and not escalated at once.
    #[getter]
    fn action(&self) -> String {
        json_name(&self.shared.deviation(self.index).action)
    }

    /// The chance of a value this far on the worse side at the reference
    /// (from the value's funnel), if it has one.
    #[getter]
    fn probability(&self) -> Option<f64> {
        self.shared.deviation(self.index).probability
    }

    /// The measures the value was computed from.
    #[getter]
    fn inputs<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        inputs(py, &self.shared.deviation(self.index).inputs)
    }

    /// The formula.
    #[getter]
    fn formula(&self) -> &str {
        &self.shared.deviation(self.index).formula
    }

    /// The explanation of the value that deviates.
    fn explain(&self) -> PyResult<Explanation> {
        let d = self.shared.deviation(self.index);
        let index = self
            .shared
            .evaluation
            .values
            .iter()
            .position(|v| v.entity == d.entity && *v.indicator == *d.indicator);
        index
            .map(|i| explanation(&self.shared, i))
            .ok_or_else(|| PyKeyError::new_err(format!("no value behind deviation {}", d.id)))
    }

    fn __repr__(&self) -> String {
        let d = self.shared.deviation(self.index);
        let reason = self.shared.reason(d, language::current());
        format!("<etalon.Deviation {} {}: {reason}>", d.severity, d.id)
    }
}

/// Counts for a first look at an evaluation.
#[pyclass(frozen, get_all, module = "etalon")]
pub struct Summary {
    /// Entities per level.
    entities: BTreeMap<String, u64>,
    /// Values computed in the period asked.
    values: u64,
    /// Of which judged against a reference.
    judged: u64,
    /// Of which not judged for a too small base.
    insufficient_base: u64,
    /// Deviations per level: {"warning": n, "critical": n}.
    deviations: BTreeMap<String, BTreeMap<String, u64>>,
    /// Indicators with most deviations: (indicator, deviations, of which critical).
    worst_indicators: Vec<(String, u64, u64)>,
}

impl From<&etalon::Summary> for Summary {
    fn from(s: &etalon::Summary) -> Self {
        Summary {
            entities: s
                .entities
                .iter()
                .map(|(l, n)| (l.name().to_string(), *n))
                .collect(),
            values: s.values,
            judged: s.judged,
            insufficient_base: s.insufficient_base,
            deviations: s
                .deviations
                .iter()
                .map(|(l, c)| {
                    (
                        l.name().to_string(),
                        [
                            ("warning".to_string(), c.warning),
                            ("critical".to_string(), c.critical),
                        ]
                        .into_iter()
                        .collect(),
                    )
                })
                .collect(),
            worst_indicators: s
                .worst_indicators
                .iter()
                .map(|w| (w.indicator.clone(), w.deviations, w.critical))
                .collect(),
        }
    }
}

#[pymethods]
impl Summary {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.Summary {} values, {} judged, {} with too small a base>",
            self.values, self.judged, self.insufficient_base
        )
    }
}

/// One measure an explained value was computed from.
#[pyclass(frozen, get_all, module = "etalon")]
pub struct ExplainedInput {
    /// Measure id.
    measure: String,
    /// Its name.
    name: String,
    /// Its value for the entity and period.
    value: i64,
    /// The table it counts.
    table: Option<String>,
    /// `count`, `sum(...)` or `distinct(recipient_id)`.
    aggregate: String,
    /// The date (or interval) that places a record in the period.
    period_by: String,
    /// Its filter as written.
    filter: Option<String>,
}

#[pymethods]
impl ExplainedInput {
    fn __repr__(&self) -> String {
        format!("<etalon.ExplainedInput {} = {}>", self.measure, self.value)
    }
}

/// Why a number is what it is: the measures it was computed from, the
/// formula, the reference that judged it with its source, and the values
/// of the earlier periods. `str(explanation)` is the text for people, in
/// the language chosen by :func:`set_language` (its English in ``text_en``).
#[pyclass(frozen, module = "etalon")]
pub struct Explanation {
    inner: etalon::Explanation,
    reference: Option<Reference>,
}

#[pymethods]
impl Explanation {
    /// `unit`, `org`, `group` or `region`.
    #[getter]
    fn level(&self) -> &'static str {
        self.inner.entity.level.name()
    }

    /// The entity's id.
    #[getter]
    fn entity(&self) -> &str {
        &self.inner.entity.id
    }

    /// The entity's name.
    #[getter]
    fn entity_name(&self) -> &str {
        &self.inner.entity_name
    }

    /// Indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        &self.inner.indicator
    }

    /// Indicator name.
    #[getter]
    fn indicator_name(&self) -> &str {
        &self.inner.indicator_name
    }

    /// Process id.
    #[getter]
    fn process(&self) -> Option<&str> {
        self.inner.process.as_deref()
    }

    /// The indicator's unit (`percent`, `per100`, ...).
    #[getter]
    fn unit(&self) -> &'static str {
        convert::unit(self.inner.unit)
    }

    /// Which way is better.
    #[getter]
    fn direction(&self) -> &'static str {
        convert::direction(self.inner.direction)
    }

    /// The period.
    #[getter]
    fn period(&self) -> String {
        self.inner.period.to_string()
    }

    /// The exact value.
    #[getter]
    fn value(&self) -> Option<Decimal> {
        self.inner.value
    }

    /// The value as reports show it (rounded, with its unit).
    #[getter]
    fn shown_value(&self) -> String {
        self.inner.shown_value()
    }

    /// How it was judged.
    #[getter]
    fn judgement(&self) -> &'static str {
        convert::judgement(self.inner.judgement)
    }

    /// The formula.
    #[getter]
    fn formula(&self) -> &str {
        &self.inner.formula
    }

    /// The measures it was computed from, with their names, tables and filters.
    #[getter]
    fn inputs(&self) -> Vec<ExplainedInput> {
        self.inner
            .inputs
            .iter()
            .map(|i| ExplainedInput {
                measure: i.measure.clone(),
                name: i.name.clone(),
                value: i.value,
                table: i.table.map(|t| t.name().to_string()),
                aggregate: i.aggregate.clone(),
                period_by: i.period_by.clone(),
                filter: i.filter.clone(),
            })
            .collect()
    }

    /// The base measure.
    #[getter]
    fn base(&self) -> Option<&str> {
        self.inner.base.as_deref()
    }

    /// The base's value.
    #[getter]
    fn base_value(&self) -> Option<i64> {
        self.inner.base_value
    }

    /// Below this base the value is reported but not judged.
    #[getter]
    fn min_base(&self) -> i64 {
        self.inner.min_base
    }

    /// The reference that judged it, with its source.
    #[getter]
    fn reference(&self) -> Option<Reference> {
        self.reference.clone()
    }

    /// The values of the earlier periods: (period, value), oldest first.
    #[getter]
    fn history(&self) -> Vec<(String, Option<Decimal>)> {
        self.inner
            .history
            .iter()
            .map(|(p, v)| (p.to_string(), *v))
            .collect()
    }

    /// The text for people, in the language chosen by :func:`set_language`.
    fn __str__(&self) -> String {
        self.inner.render(language::current())
    }

    /// The text for people in English.
    #[getter]
    fn text_en(&self) -> String {
        self.inner.to_string()
    }

    /// A notebook's view: the explanation's text, and the value's funnel
    /// and assurance in a line each.
    fn _repr_html_(&self) -> String {
        format!(
            "<div><b>{} — {}</b><pre>{}</pre></div>",
            escape(&self.inner.indicator),
            escape(&self.inner.indicator_name),
            escape(&self.inner.render(language::current()))
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.Explanation {} {}:{} {}: {}>",
            self.inner.indicator,
            self.inner.entity.level,
            self.inner.entity.id,
            self.inner.period,
            self.inner.shown_value()
        )
    }
}
