//! `Methodology.diff`: what a new edition changes on the same data, as
//! `etalon rules diff` computes it.

use std::sync::Arc;

use etalon::diff::{Movement, RulesDiff as RustDiff, Side, compare};
use etalon::kpi::KpiRequest;
use etalon::{EvaluationOptions, Methodology as RustMethodology};
use pyo3::prelude::*;

use crate::dataset::Dataset;
use crate::errors::guard;
use crate::methodology::Methodology;
use crate::table::{Table, TableBuilder};

/// The comparison of two editions of a package on the same data.
#[pyclass(frozen, module = "etalon")]
pub struct RulesDiff {
    inner: Arc<RustDiff>,
}

/// Evaluates `old` and `new` on `data` for `period` (KPI points too where
/// the package has a scheme) and compares them.
pub(crate) fn diff(
    py: Python<'_>,
    old: &Methodology,
    new: &Methodology,
    dataset: &Dataset,
    period: &str,
) -> PyResult<RulesDiff> {
    let period = crate::convert::period(period)?;
    let (old, new) = (old.inner.clone(), new.inner.clone());
    let data = Arc::clone(&dataset.inner);
    let diff = py.detach(move || {
        guard(|| {
            let options = EvaluationOptions::new(period);
            let (old_e, new_e) = (
                old.evaluate_with(&data, &options)?,
                new.evaluate_with(&data, &options)?,
            );
            let kpi =
                |m: &RustMethodology, e: &etalon::Evaluation| -> Result<_, crate::errors::Error> {
                    Ok(match m.kpi() {
                        Some(_) => Some(etalon::kpi::score_kpi(
                            m,
                            KpiRequest {
                                data: &data,
                                period: e.period,
                                evaluation: Some(e),
                                nok: None,
                                journal: None,
                                plans: None,
                            },
                        )?),
                        None => None,
                    })
                };
            let (old_k, new_k) = (kpi(&old, &old_e)?, kpi(&new, &new_e)?);
            Ok(compare(
                &Side {
                    methodology: &old,
                    evaluation: &old_e,
                    nok: None,
                    kpi: old_k.as_ref(),
                },
                &Side {
                    methodology: &new,
                    evaluation: &new_e,
                    nok: None,
                    kpi: new_k.as_ref(),
                },
                data.tree(),
            ))
        })
    })?;
    Ok(RulesDiff {
        inner: Arc::new(diff),
    })
}

fn severity(s: Option<etalon::methodology::DeviationSeverity>) -> Option<&'static str> {
    s.map(crate::convert::severity)
}

#[pymethods]
impl RulesDiff {
    /// The comparison as JSON, exactly as `etalon rules diff --format json`
    /// writes it.
    fn to_json(&self) -> String {
        let mut s = serde_json::to_string_pretty(&*self.inner).unwrap_or_default();
        s.push('\n');
        s
    }

    /// How many deviations appear, disappear and change.
    #[getter]
    fn counts(&self) -> (usize, usize, usize) {
        self.inner.counts()
    }

    /// Whether the new edition changes nothing on this data.
    fn is_empty(&self) -> bool {
        self.inner.is_empty()
    }

    /// Deviations that appear, disappear or change, one row each.
    fn deviations_table(&self) -> PyResult<Table> {
        let d = &self.inner.deviations;
        let mut t = TableBuilder::new();
        t.text(
            "movement",
            d.iter().map(|x| {
                Some(match x.movement {
                    Movement::Appears => "appears",
                    Movement::Disappears => "disappears",
                    Movement::Changes => "changes",
                })
            }),
        )
        .text("level", d.iter().map(|x| Some(x.entity.level.name())))
        .text("entity", d.iter().map(|x| Some(&x.entity.id)))
        .text("entity_name", d.iter().map(|x| Some(&x.entity_name)))
        .text("indicator", d.iter().map(|x| Some(&x.indicator)))
        .text("rule", d.iter().map(|x| Some(&x.rule)))
        .text("old_severity", d.iter().map(|x| severity(x.old_severity)))
        .text("new_severity", d.iter().map(|x| severity(x.new_severity)))
        .text("old_owner", d.iter().map(|x| x.old_owner.as_ref()))
        .text("new_owner", d.iter().map(|x| x.new_owner.as_ref()))
        .decimal("value", d.iter().map(|x| x.value));
        Ok(t.finish()?)
    }

    /// Indicator values that change, one row each.
    fn values_table(&self) -> PyResult<Table> {
        let v = &self.inner.values;
        let judgement = |j: Option<etalon::Judgement>| j.map(crate::convert::judgement);
        let mut t = TableBuilder::new();
        t.text("level", v.iter().map(|x| Some(x.entity.level.name())))
            .text("entity", v.iter().map(|x| Some(&x.entity.id)))
            .text("entity_name", v.iter().map(|x| Some(&x.entity_name)))
            .text("indicator", v.iter().map(|x| Some(&x.indicator)))
            .decimal("old_value", v.iter().map(|x| x.old_value))
            .decimal("new_value", v.iter().map(|x| x.new_value))
            .text(
                "old_judgement",
                v.iter().map(|x| judgement(x.old_judgement)),
            )
            .text(
                "new_judgement",
                v.iter().map(|x| judgement(x.new_judgement)),
            );
        Ok(t.finish()?)
    }

    /// The package's own changes: reference rows, formulas, matrix rows.
    fn structure_table(&self) -> PyResult<Table> {
        let s = &self.inner.structure;
        let mut t = TableBuilder::new();
        t.text("kind", s.iter().map(|x| Some(x.kind)))
            .text(
                "change",
                s.iter().map(|x| {
                    Some(match x.change {
                        etalon::diff::Change::Added => "added",
                        etalon::diff::Change::Removed => "removed",
                        etalon::diff::Change::Changed => "changed",
                    })
                }),
            )
            .text("id", s.iter().map(|x| Some(&x.id)))
            .text("indicator", s.iter().map(|x| x.indicator.as_ref()))
            .text("old", s.iter().map(|x| Some(&x.old)))
            .text("new", s.iter().map(|x| Some(&x.new)));
        Ok(t.finish()?)
    }

    /// KPI points and ranks of managers that change, one row each.
    fn kpi_table(&self) -> PyResult<Table> {
        let k = &self.inner.kpi;
        let mut t = TableBuilder::new();
        t.text("level", k.iter().map(|x| Some(x.entity.level.name())))
            .text("entity", k.iter().map(|x| Some(&x.entity.id)))
            .text("name", k.iter().map(|x| x.name.as_ref()))
            .decimal("old", k.iter().map(|x| x.old))
            .decimal("new", k.iter().map(|x| x.new))
            .int("old_rank", k.iter().map(|x| x.old_rank.map(i64::from)))
            .int("new_rank", k.iter().map(|x| x.new_rank.map(i64::from)));
        Ok(t.finish()?)
    }

    fn __repr__(&self) -> String {
        let (a, d, c) = self.inner.counts();
        format!(
            "<etalon.RulesDiff {}: {} package changes; deviations {a} appear, {d} disappear, {c} change; {} values change>",
            self.inner.period,
            self.inner.structure.len(),
            self.inner.values.len()
        )
    }
}
