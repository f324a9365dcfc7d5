//! The country level above the regions: `etalon.Totals` (what a region,
//! or a group, hands up), `Methodology.evaluate_with_totals` and
//! `Methodology.roll_up` on them, and `etalon.NokRollUp`, the НОК of the
//! country from the scores of its regions.

use std::sync::Arc;

use etalon::{EntityRef, EvaluationOptions, Level, Period};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::convert;
use crate::dataset::Dataset;
use crate::errors::{Error, guard};
use crate::evaluation::Evaluation;
use crate::methodology::Methodology;
use crate::scoring::{NokFigure, NokScores, figures_table};
use crate::table::{Table, TableBuilder};

/// The measures of one entity in every period of an evaluation's window and
/// the processes it runs: what the entity above it is evaluated from. A few
/// kilobytes; `to_json()` / `Totals.from_json()` carry it between machines.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct Totals {
    pub(crate) inner: etalon::Totals,
}

#[pymethods]
impl Totals {
    /// Reads the JSON form written by `to_json()`.
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<Totals> {
        let inner = py.detach(move || guard(|| Ok(etalon::Totals::from_json(&text)?)))?;
        Ok(Totals { inner })
    }

    /// The JSON form.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// `region`, `group` or `country`.
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

    /// The package the measures were computed with: (id, version, edition).
    #[getter]
    fn methodology(&self) -> (String, String, String) {
        let m = &self.inner.methodology;
        (m.id.clone(), m.version.clone(), m.edition.clone())
    }

    /// The periods of the window, oldest first.
    #[getter]
    fn periods(&self) -> Vec<String> {
        self.inner.periods.iter().map(|p| p.to_string()).collect()
    }

    /// The measure ids, in package order.
    #[getter]
    fn measures(&self) -> Vec<String> {
        self.inner.measures.clone()
    }

    /// The processes the entity runs.
    #[getter]
    fn processes(&self) -> Vec<String> {
        self.inner.processes.clone()
    }

    /// Measure `measure` in `period` (the period asked, the last of the
    /// window, when not given); `KeyError` for an unknown measure or period.
    #[pyo3(signature = (measure, period = None))]
    fn get(&self, measure: &str, period: Option<&str>) -> PyResult<i64> {
        let period: Period = match period {
            Some(p) => convert::period(p)?,
            None => *self
                .inner
                .periods
                .last()
                .ok_or_else(|| Error::internal("the totals have no period"))?,
        };
        self.inner.get(measure, period).ok_or_else(|| {
            pyo3::exceptions::PyKeyError::new_err(format!(
                "no measure `{measure}` in {period} in these totals"
            ))
        })
    }

    /// Every value as a table: level, entity, measure, period, value.
    fn table(&self) -> PyResult<Table> {
        let t = &self.inner;
        let n = t.periods.len();
        let rows: Vec<(usize, usize)> = (0..t.measures.len())
            .flat_map(|m| (0..n).map(move |p| (m, p)))
            .collect();
        let mut b = TableBuilder::new();
        b.text("level", rows.iter().map(|_| Some(t.entity.level.name())))
            .text("entity", rows.iter().map(|_| Some(&t.entity.id)))
            .text("measure", rows.iter().map(|&(m, _)| Some(&t.measures[m])))
            .text(
                "period",
                rows.iter().map(|&(_, p)| Some(t.periods[p].to_string())),
            )
            .int(
                "value",
                rows.iter().map(|&(m, p)| t.values.get(m * n + p).copied()),
            );
        Ok(b.finish()?)
    }

    fn __eq__(&self, other: &Totals) -> bool {
        self.inner == other.inner
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.Totals {} {}: {} measures × {} periods>",
            self.inner.entity,
            self.inner
                .periods
                .last()
                .map(|p| p.to_string())
                .unwrap_or_default(),
            self.inner.measures.len(),
            self.inner.periods.len()
        )
    }
}

/// `Methodology.evaluate_with_totals`: the evaluation and, from the same
/// pass, the totals of every entity at `level` (`region` or `group`).
pub(crate) fn evaluate_with_totals(
    py: Python<'_>,
    m: &Methodology,
    dataset: &Dataset,
    period: &str,
    level: &str,
    threads: i64,
    history: Option<i64>,
) -> PyResult<(Evaluation, Vec<Totals>)> {
    let period = convert::period(period)?;
    let threads = convert::non_negative("threads", threads)?;
    let history: Option<u32> = history
        .map(|h| convert::non_negative("history", h))
        .transpose()?;
    let level = match level {
        "region" => Level::Region,
        "group" => Level::Group,
        other => {
            return Err(PyValueError::new_err(format!(
                "totals are made at the region or group level, not `{other}`"
            )));
        }
    };
    let mut options = EvaluationOptions::new(period).with_threads(threads);
    if let Some(h) = history {
        options = options.with_history(h);
    }
    let methodology = m.inner.clone();
    let data = Arc::clone(&dataset.inner);
    let (evaluation, totals) =
        py.detach(move || guard(|| Ok(methodology.evaluate_with_totals(&data, &options, level)?)))?;
    Ok((
        Evaluation::new(m.inner.clone(), evaluation),
        totals.into_iter().map(|inner| Totals { inner }).collect(),
    ))
}

/// `Methodology.roll_up`: the country (or a region) evaluated from the
/// totals of its parts.
pub(crate) fn roll_up(
    py: Python<'_>,
    m: &Methodology,
    totals: &[PyRef<'_, Totals>],
    entity: String,
    name: String,
    level: &str,
) -> PyResult<(Evaluation, Totals)> {
    let level = match level {
        "country" => Level::Country,
        "region" => Level::Region,
        other => {
            return Err(PyValueError::new_err(format!(
                "a roll-up makes the country or a region, not `{other}`"
            )));
        }
    };
    let parts: Vec<etalon::Totals> = totals.iter().map(|t| t.inner.clone()).collect();
    let methodology = m.inner.clone();
    let entity = EntityRef { level, id: entity };
    let (evaluation, totals) =
        py.detach(move || guard(|| Ok(methodology.roll_up(&entity, &name, &parts)?)))?;
    Ok((
        Evaluation::new(m.inner.clone(), evaluation),
        Totals { inner: totals },
    ))
}

/// `Methodology.nok_roll_up`: the НОК of the country from its regions.
pub(crate) fn nok_roll_up(
    py: Python<'_>,
    m: &Methodology,
    scores: &[PyRef<'_, NokScores>],
    entity: String,
    name: String,
) -> PyResult<NokRollUp> {
    let parts: Vec<etalon::NokScores> = scores.iter().map(|s| (*s.inner).clone()).collect();
    let methodology = m.inner.clone();
    let inner = py.detach(move || {
        guard(|| {
            methodology
                .nok_roll_up(&entity, &name, &parts)
                .map_err(Error::from)
        })
    })?;
    Ok(NokRollUp {
        inner: Arc::new(inner),
    })
}

/// The НОК of a country from the scores of its regions: the country's
/// figure over every organisation of every region (pooled, never a mean of
/// the regions' means), the country's sectors, and the regions ranked by
/// their totals.
#[pyclass(frozen, module = "etalon")]
pub struct NokRollUp {
    inner: Arc<etalon::scoring::NokRollUp>,
}

#[pymethods]
impl NokRollUp {
    /// The assessment period (`2026`).
    #[getter]
    fn period(&self) -> String {
        self.inner.period.to_string()
    }

    /// The country's figure.
    #[getter]
    fn country(&self) -> NokFigure {
        NokFigure::from(&self.inner.country)
    }

    /// Each region's figure as scored on its own, with its rank among the
    /// regions.
    #[getter]
    fn regions(&self) -> Vec<NokFigure> {
        self.inner.regions.iter().map(NokFigure::from).collect()
    }

    /// The sectors (organisation types) across the country.
    #[getter]
    fn sectors(&self) -> Vec<NokFigure> {
        self.inner.sectors.iter().map(NokFigure::from).collect()
    }

    /// A region's figure by id, or `None`.
    fn region(&self, id: &str) -> Option<NokFigure> {
        self.inner.region(id).map(NokFigure::from)
    }

    /// The country, its regions and its sectors: one row each, with one
    /// column per criterion.
    fn figures_table(&self) -> PyResult<Table> {
        let r = &self.inner;
        figures_table(
            std::iter::once(&r.country)
                .chain(&r.regions)
                .chain(&r.sectors)
                .collect(),
        )
    }

    /// The JSON form (deterministic).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.NokRollUp {} {}: {} regions>",
            self.inner.country.id,
            self.inner.period,
            self.inner.regions.len()
        )
    }
}

/// Adds the classes of the country level to the module.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Totals>()?;
    m.add_class::<NokRollUp>()?;
    Ok(())
}
