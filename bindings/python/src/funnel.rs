//! Funnel limits, assurance and funnel plots in Python: dictionaries for a
//! value's funnel and assurance, and `etalon.Funnel`, a plot of one
//! indicator at one level that a notebook shows as SVG.

use pyo3::prelude::*;
use pyo3::types::PyDict;
use serde::Serialize;

/// The name an enum has in the evaluation's JSON (`above_99_8`, `watch`).
pub(crate) fn json_name<T: Serialize>(v: &T) -> String {
    match serde_json::to_value(v) {
        Ok(serde_json::Value::String(s)) => s,
        _ => String::new(),
    }
}

/// A value's funnel as a dict with the keys of the JSON.
pub(crate) fn funnel_dict<'py>(
    py: Python<'py>,
    f: &etalon::Funnel,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("model", json_name(&f.model))?;
    d.set_item("centre", f.centre)?;
    d.set_item("exact", f.exact)?;
    d.set_item("lower_95", f.lower_95)?;
    d.set_item("upper_95", f.upper_95)?;
    d.set_item("lower_99_8", f.lower_99_8)?;
    d.set_item("upper_99_8", f.upper_99_8)?;
    d.set_item("z", f.z)?;
    d.set_item("probability", f.probability)?;
    d.set_item("position", json_name(&f.position))?;
    d.set_item("phi", f.phi)?;
    d.set_item("tau2", f.tau2)?;
    Ok(d)
}

/// A value's assurance as a dict with the keys of the JSON.
pub(crate) fn assurance_dict<'py>(
    py: Python<'py>,
    a: &etalon::Assurance,
) -> PyResult<Bound<'py, PyDict>> {
    let d = PyDict::new(py);
    d.set_item("class", json_name(&a.class))?;
    d.set_item("variation", json_name(&a.variation))?;
    d.set_item("points", a.points)?;
    d.set_item("mean", a.mean)?;
    d.set_item("lower", a.lower)?;
    d.set_item("upper", a.upper)?;
    Ok(d)
}

/// One point of a funnel plot.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct FunnelPoint {
    /// The entity's id.
    entity: String,
    /// Its name.
    entity_name: String,
    /// The base.
    base: i64,
    /// The value (as a float: a plot's coordinate).
    value: f64,
    /// How it was judged (`insufficient_base`: hollow on the plot).
    judgement: String,
    /// Where it lies: `inside`, `above_95`, `above_99_8`, `below_95`, `below_99_8`.
    position: String,
    /// The chance of a value this far on the worse side at the centre.
    probability: f64,
}

/// A funnel plot of one indicator at one level: the values against their
/// bases, the centre line, and the 95 % and 99.8 % limits of chance. In a
/// notebook it shows itself as SVG; `etalon.plot_funnel` draws it with
/// matplotlib.
#[pyclass(frozen, module = "etalon")]
pub struct Funnel {
    indicator: String,
    level: String,
    centre: f64,
    points: Vec<FunnelPoint>,
    curves: Vec<(i64, f64, f64, f64, f64)>,
    other_centre: usize,
    svg: String,
}

impl Funnel {
    pub(crate) fn new(data: &etalon::report::funnel::FunnelData<'_>) -> Funnel {
        let plot = etalon::report::funnel::funnel_svg(data);
        Funnel {
            indicator: data.indicator.id.clone(),
            level: data.level.name().to_string(),
            centre: data.centre,
            points: data
                .dots
                .iter()
                .map(|d| FunnelPoint {
                    entity: d.value.entity.id.clone(),
                    entity_name: d.value.entity_name.to_string(),
                    base: d.base,
                    value: d.y,
                    judgement: crate::convert::judgement(d.value.judgement).to_string(),
                    position: json_name(&d.funnel.position),
                    probability: d.funnel.probability,
                })
                .collect(),
            curves: data
                .curves
                .iter()
                .map(|(b, f)| (*b, f.lower_95, f.upper_95, f.lower_99_8, f.upper_99_8))
                .collect(),
            other_centre: data.other_centre,
            svg: plot.svg,
        }
    }
}

#[pymethods]
impl Funnel {
    /// Indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        &self.indicator
    }

    /// `unit`, `org` or `group`.
    #[getter]
    fn level(&self) -> &str {
        &self.level
    }

    /// The centre line: the normal band's edge on the worse side.
    #[getter]
    fn centre(&self) -> f64 {
        self.centre
    }

    /// The values drawn.
    #[getter]
    fn points(&self) -> Vec<FunnelPoint> {
        self.points.clone()
    }

    /// The limits by base: (base, lower 95 %, upper 95 %, lower 99.8 %,
    /// upper 99.8 %), bases ascending.
    #[getter]
    fn curves(&self) -> Vec<(i64, f64, f64, f64, f64)> {
        self.curves.clone()
    }

    /// Values judged against another reference row, not drawn.
    #[getter]
    fn other_centre(&self) -> usize {
        self.other_centre
    }

    /// The plot as SVG text.
    #[getter]
    fn svg(&self) -> &str {
        &self.svg
    }

    fn _repr_svg_(&self) -> &str {
        &self.svg
    }

    fn _repr_html_(&self) -> String {
        format!(
            "<figure>{}<figcaption>{} · {}: {} values</figcaption></figure>",
            self.svg,
            escape(&self.indicator),
            escape(&self.level),
            self.points.len()
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.Funnel {} {}: {} values around {}>",
            self.indicator,
            self.level,
            self.points.len(),
            self.centre
        )
    }
}

/// Text made safe inside HTML.
pub(crate) fn escape(text: &str) -> String {
    etalon::report::html::esc(text)
}
