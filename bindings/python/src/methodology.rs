//! `etalon.Methodology` and its catalogue: processes, measures, indicators,
//! reference values; and `etalon.Diagnostic`, one problem in a package.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use etalon::catalogue;
use etalon::folder::{FolderRequest, evaluate_folder};
use etalon::limits::{Run, SignedCeiling};
use etalon::methodology::{AggregateKind, Band as RustBand, PeriodRule};
use etalon::report::Lang;
use etalon::{EvaluationOptions, PackageFiles};
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyDict;
use rust_decimal::Decimal;

use crate::convert;
use crate::dataset::Dataset;
use crate::errors::{Error, guard};
use crate::evaluation::Evaluation;
use crate::language;
use crate::limits;
use crate::table::{Table, TableBuilder};

/// One problem found in a rule package.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct Diagnostic {
    inner: etalon::Diagnostic,
}

impl From<etalon::Diagnostic> for Diagnostic {
    fn from(inner: etalon::Diagnostic) -> Self {
        Diagnostic { inner }
    }
}

#[pymethods]
impl Diagnostic {
    /// `error` or `warning`.
    #[getter]
    fn severity(&self) -> &'static str {
        match self.inner.severity {
            etalon::Severity::Error => "error",
            etalon::Severity::Warning => "warning",
        }
    }

    /// A stable kebab-case code such as `unknown-measure`.
    #[getter]
    fn code(&self) -> &str {
        &self.inner.code
    }

    /// The package file, relative to the package root, with `/` separators.
    #[getter]
    fn file(&self) -> &str {
        &self.inner.file
    }

    /// 1-based line; 0 when the problem concerns the file as a whole.
    #[getter]
    fn line(&self) -> u32 {
        self.inner.line
    }

    /// 1-based column in characters; 0 when unknown.
    #[getter]
    fn column(&self) -> u32 {
        self.inner.column
    }

    /// The rule (measure, indicator, reference...) concerned, if any.
    #[getter]
    fn rule(&self) -> Option<&str> {
        self.inner.rule.as_deref()
    }

    /// What is wrong, in the language of :func:`etalon.language` when read.
    #[getter]
    fn message(&self) -> String {
        catalogue::diagnostic(&self.inner, language::current())
    }

    /// What is wrong, in English.
    #[getter]
    fn message_en(&self) -> String {
        catalogue::diagnostic(&self.inner, Lang::En)
    }

    /// The compiler-like line `file:line:column: error[code] (rule): text`,
    /// in the language of :func:`etalon.language`.
    fn __str__(&self) -> String {
        catalogue::line(&self.inner, language::current())
    }

    fn __repr__(&self) -> String {
        format!("<etalon.Diagnostic {}>", self.inner)
    }
}

/// A service process of the methodology.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Process {
    /// Stable id (`home_care`).
    id: String,
    /// Name (Russian).
    name: String,
    /// Name in English.
    name_en: Option<String>,
    /// The role that owns the process.
    owner: Option<String>,
    /// What the process is.
    description: Option<String>,
}

#[pymethods]
impl Process {
    fn __repr__(&self) -> String {
        format!("<etalon.Process {} {}>", self.id, self.name)
    }
}

impl From<&etalon::methodology::Process> for Process {
    fn from(p: &etalon::methodology::Process) -> Self {
        Process {
            id: p.id.clone(),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            owner: p.owner.clone(),
            description: p.description.clone(),
        }
    }
}

/// A measure: a count or sum over one table, computed natively.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Measure {
    /// Stable id.
    id: String,
    /// Name.
    name: String,
    /// Name in English.
    name_en: Option<String>,
    /// What it counts.
    description: Option<String>,
    /// The table it reads.
    table: String,
    /// The process whose records it reads, if restricted to one.
    process: Option<String>,
    /// The date that places a record in a period, or `active a .. b`.
    period_by: String,
    /// The filter as written.
    filter: Option<String>,
    /// `count`, `sum(...)` or `distinct(recipient_id)`.
    aggregate: String,
}

#[pymethods]
impl Measure {
    fn __repr__(&self) -> String {
        format!("<etalon.Measure {} {}>", self.id, self.name)
    }
}

fn period_by(p: &PeriodRule) -> String {
    match p {
        PeriodRule::By(d) => d.clone(),
        PeriodRule::Active(a, b) => format!("active {a} .. {b}"),
    }
}

fn aggregate(a: &AggregateKind) -> String {
    match a {
        AggregateKind::Count => "count".to_string(),
        AggregateKind::Sum(e) => format!("sum({e})"),
        AggregateKind::DistinctRecipients => "distinct(recipient_id)".to_string(),
    }
}

impl From<&etalon::methodology::Measure> for Measure {
    fn from(m: &etalon::methodology::Measure) -> Self {
        Measure {
            id: m.id.clone(),
            name: m.name.clone(),
            name_en: m.name_en.clone(),
            description: m.description.clone(),
            table: m.table.name().to_string(),
            process: m.process.clone(),
            period_by: period_by(&m.period),
            filter: m.filter_text.clone(),
            aggregate: aggregate(&m.aggregate),
        }
    }
}

/// An indicator: a formula over measures, judged against reference values.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Indicator {
    /// Stable id.
    id: String,
    /// Name (Russian).
    name: String,
    /// Name in English.
    name_en: Option<String>,
    /// Description (Russian).
    description: Option<String>,
    /// Description in English.
    description_en: Option<String>,
    /// The process; `None` for cross-cutting indicators.
    process: Option<String>,
    /// `percent`, `per100`, `per1000`, `days`, `count`, `ratio` or `points`.
    unit: String,
    /// `higher_is_better`, `lower_is_better` or `within_band`.
    direction: String,
    /// The formula as written.
    formula: String,
    /// The base measure (denominator).
    base: Option<String>,
    /// Below this base the value is reported but not judged.
    min_base: i64,
    /// Levels it is computed at (`unit`, `org`, `group`, `region`).
    levels: Vec<String>,
    /// Decimal places shown.
    decimals: u32,
}

#[pymethods]
impl Indicator {
    fn __repr__(&self) -> String {
        format!("<etalon.Indicator {} {}>", self.id, self.name)
    }
}

impl From<&etalon::methodology::Indicator> for Indicator {
    fn from(i: &etalon::methodology::Indicator) -> Self {
        Indicator {
            id: i.id.clone(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            description: i.description.clone(),
            description_en: i.description_en.clone(),
            process: i.process.clone(),
            unit: convert::unit(i.unit).to_string(),
            direction: convert::direction(i.direction).to_string(),
            formula: i.formula.clone(),
            base: i.base.clone(),
            min_base: i.min_base,
            levels: i.levels.iter().map(|l| l.name().to_string()).collect(),
            decimals: i.decimals,
        }
    }
}

/// A closed interval of values, open on a side without a bound.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Band {
    /// Lowest value inside (inclusive), if bounded below.
    min: Option<Decimal>,
    /// Highest value inside (inclusive), if bounded above.
    max: Option<Decimal>,
}

impl From<RustBand> for Band {
    fn from(b: RustBand) -> Self {
        Band {
            min: b.min,
            max: b.max,
        }
    }
}

#[pymethods]
impl Band {
    /// Whether `value` lies inside (`value in band` does the same).
    fn contains(&self, value: Decimal) -> bool {
        RustBand {
            min: self.min,
            max: self.max,
        }
        .contains(value)
    }

    fn __contains__(&self, value: Decimal) -> bool {
        self.contains(value)
    }

    fn __repr__(&self) -> String {
        let show = |v: Option<Decimal>| {
            v.map_or_else(|| "None".to_string(), |d| format!("{}", d.normalize()))
        };
        format!("Band(min={}, max={})", show(self.min), show(self.max))
    }
}

/// A reference («эталонное») value: target and bands of an indicator for a
/// scope and a time, with the act it comes from.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Reference {
    /// Stable id: `indicator/scope/from`.
    id: String,
    /// The indicator.
    indicator: String,
    /// `region`, `org_type=...`, `group=...`, `org=...` or `unit=...`.
    scope: String,
    /// Levels it applies at (empty: all).
    levels: Vec<String>,
    /// First day in force.
    in_force_from: NaiveDate,
    /// Last day in force, if any.
    in_force_to: Option<NaiveDate>,
    /// The target value.
    target: Option<Decimal>,
    /// No deviation inside this band.
    normal: Band,
    /// Outside `normal` but inside this band is a warning; outside it, critical.
    warning: Option<Band>,
    /// `act` (a legal act and clause) or `proposal` (a regional proposal).
    source_kind: String,
    /// The act and clause, or the proposal and why.
    source: String,
    /// A remark for people.
    note: Option<String>,
}

#[pymethods]
impl Reference {
    fn __repr__(&self) -> String {
        format!("<etalon.Reference {}>", self.id)
    }
}

impl From<&etalon::methodology::Reference> for Reference {
    fn from(r: &etalon::methodology::Reference) -> Self {
        let (kind, text) = convert::source(&r.source);
        Reference {
            id: r.id.clone(),
            indicator: r.indicator.clone(),
            scope: convert::scope(&r.scope),
            levels: r.levels.iter().map(|l| l.name().to_string()).collect(),
            in_force_from: r.from,
            in_force_to: r.to,
            target: r.target,
            normal: r.normal.into(),
            warning: r.warning.map(Band::from),
            source_kind: kind.to_string(),
            source: text.to_string(),
            note: r.note.clone(),
        }
    }
}

impl Reference {
    /// The catalogue row of a reference that judged a value.
    pub fn applied(
        methodology: &etalon::Methodology,
        indicator: &str,
        applied: &etalon::AppliedReference,
    ) -> Reference {
        if let Some(r) = methodology.references().iter().find(|r| r.id == applied.id) {
            return r.into();
        }
        let (kind, text) = convert::source(&applied.source);
        Reference {
            id: applied.id.clone(),
            indicator: indicator.to_string(),
            scope: convert::scope(&applied.scope),
            levels: Vec::new(),
            in_force_from: NaiveDate::MIN,
            in_force_to: None,
            target: applied.target,
            normal: applied.normal.into(),
            warning: applied.warning.map(Band::from),
            source_kind: kind.to_string(),
            source: text.to_string(),
            note: None,
        }
    }
}

/// A compiled rule package: immutable, shared freely between threads.
///
/// Make one with `etalon.standard()`, `Methodology.from_dir(path)` or
/// `Methodology.from_files({path: text})`; compiling reports every problem
/// of the package at once as a `RuleError`.
#[pyclass(frozen, module = "etalon")]
pub struct Methodology {
    pub(crate) inner: etalon::Methodology,
}

/// Compiles files under the host's limits with the GIL released.
fn compile(py: Python<'_>, files: PackageFiles, run: Run) -> PyResult<Methodology> {
    let inner = py.detach(move || guard(|| Ok(run.compile(&files)?)))?;
    Ok(Methodology { inner })
}

/// The ceiling from the keyword arguments of a call.
macro_rules! ceiling {
    ($max_operations:ident, $max_call_levels:ident, $max_expr_depth:ident,
     $max_string_size:ident, $max_array_size:ident, $max_map_size:ident) => {
        SignedCeiling {
            max_operations: $max_operations,
            max_call_levels: $max_call_levels,
            max_expr_depth: $max_expr_depth,
            max_string_size: $max_string_size,
            max_array_size: $max_array_size,
            max_map_size: $max_map_size,
        }
    };
}

/// A package given as a folder or as a mapping of paths to texts.
enum Source {
    Dir(PathBuf),
    Files(PackageFiles),
}

fn source(value: &Bound<'_, PyAny>) -> PyResult<Source> {
    if let Ok(path) = value.extract::<PathBuf>() {
        return Ok(Source::Dir(path));
    }
    files(value).map(Source::Files).map_err(|_| {
        Error::Type(
            "give a package folder (str or os.PathLike) or a mapping of file paths to texts".into(),
        )
        .into()
    })
}

/// Package files from any mapping of paths to texts.
fn files(value: &Bound<'_, PyAny>) -> PyResult<PackageFiles> {
    let files = match value.extract::<BTreeMap<String, String>>() {
        Ok(files) => files,
        Err(_) => {
            let dict = value.py().get_type::<PyDict>().call1((value,))?;
            dict.extract::<BTreeMap<String, String>>()?
        }
    };
    Ok(files.into_iter().collect())
}

/// The standard methodology built into this package, compiled under the
/// host's script ceiling and `timeout` (see `Methodology.from_dir`).
#[pyfunction]
#[pyo3(signature = (
    *, timeout = None, max_operations = None, max_call_levels = None, max_expr_depth = None,
    max_string_size = None, max_array_size = None, max_map_size = None
))]
#[allow(clippy::too_many_arguments)]
pub fn standard(
    py: Python<'_>,
    timeout: Option<f64>,
    max_operations: Option<i64>,
    max_call_levels: Option<i64>,
    max_expr_depth: Option<i64>,
    max_string_size: Option<i64>,
    max_array_size: Option<i64>,
    max_map_size: Option<i64>,
) -> PyResult<Methodology> {
    let ceiling = ceiling!(
        max_operations,
        max_call_levels,
        max_expr_depth,
        max_string_size,
        max_array_size,
        max_map_size
    );
    let run = limits::start(ceiling, timeout)?;
    compile(py, etalon::standard_files(), run)
}

/// The files of the package in the folder `path` (the one holding
/// etalon.toml), read as `Methodology.from_dir` reads them: path -> text,
/// to ship to other machines and compile there with
/// `Methodology.from_files`.
#[pyfunction]
pub fn read_package(py: Python<'_>, path: PathBuf) -> PyResult<BTreeMap<String, String>> {
    let files = py.detach(move || guard(|| Ok(etalon::io::load_package(&path)?)))?;
    Ok(files
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect())
}

/// The files of the standard methodology: path -> text, to copy and adapt.
#[pyfunction]
pub fn standard_files() -> BTreeMap<String, String> {
    etalon::standard_files()
        .iter()
        .map(|(p, t)| (p.to_string(), t.to_string()))
        .collect()
}

#[pymethods]
impl Methodology {
    /// Compiles the package in the folder `path` (the one holding
    /// etalon.toml) under the host's limits, as `etalon evaluate` does with
    /// `--timeout` and `--max-operations`...: `max_operations`,
    /// `max_call_levels`, `max_expr_depth`, `max_string_size`,
    /// `max_array_size` and `max_map_size` are the most the package's
    /// `[limits]` may ask (a limit asked above is capped, with a
    /// `limit-capped` warning; none is ever above the engine's hard
    /// limits), and `timeout` (seconds) stops the loading and compiling
    /// with `LimitError` (`E-LIMIT-DEADLINE`). A limit below 1, or a
    /// timeout negative or NaN, is a `ValueError` naming the argument.
    #[staticmethod]
    #[pyo3(signature = (
        path, *, timeout = None, max_operations = None, max_call_levels = None,
        max_expr_depth = None, max_string_size = None, max_array_size = None, max_map_size = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_dir(
        py: Python<'_>,
        path: PathBuf,
        timeout: Option<f64>,
        max_operations: Option<i64>,
        max_call_levels: Option<i64>,
        max_expr_depth: Option<i64>,
        max_string_size: Option<i64>,
        max_array_size: Option<i64>,
        max_map_size: Option<i64>,
    ) -> PyResult<Methodology> {
        let ceiling = ceiling!(
            max_operations,
            max_call_levels,
            max_expr_depth,
            max_string_size,
            max_array_size,
            max_map_size
        );
        let run = limits::start(ceiling, timeout)?;
        let inner = py.detach(move || guard(|| Ok(run.load(&path)?)))?;
        Ok(Methodology { inner })
    }

    /// Compiles a package given as a mapping of paths (relative to the
    /// package root, `etalon.toml` among them) to file texts, under the
    /// host's limits as `from_dir` does.
    #[staticmethod]
    #[pyo3(signature = (
        files, *, timeout = None, max_operations = None, max_call_levels = None,
        max_expr_depth = None, max_string_size = None, max_array_size = None, max_map_size = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_files(
        py: Python<'_>,
        files: &Bound<'_, PyAny>,
        timeout: Option<f64>,
        max_operations: Option<i64>,
        max_call_levels: Option<i64>,
        max_expr_depth: Option<i64>,
        max_string_size: Option<i64>,
        max_array_size: Option<i64>,
        max_map_size: Option<i64>,
    ) -> PyResult<Methodology> {
        let ceiling = ceiling!(
            max_operations,
            max_call_levels,
            max_expr_depth,
            max_string_size,
            max_array_size,
            max_map_size
        );
        let run = limits::start(ceiling, timeout)?;
        compile(py, self::files(files)?, run)
    }

    /// Checks a package (a folder or a mapping of paths to texts) without
    /// raising: every error and warning, as `etalon rules check` prints
    /// them, under the host's limits as `from_dir` takes them (past the
    /// timeout, a `deadline` error among them).
    #[staticmethod]
    #[pyo3(signature = (
        package, *, timeout = None, max_operations = None, max_call_levels = None,
        max_expr_depth = None, max_string_size = None, max_array_size = None, max_map_size = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn check(
        py: Python<'_>,
        package: &Bound<'_, PyAny>,
        timeout: Option<f64>,
        max_operations: Option<i64>,
        max_call_levels: Option<i64>,
        max_expr_depth: Option<i64>,
        max_string_size: Option<i64>,
        max_array_size: Option<i64>,
        max_map_size: Option<i64>,
    ) -> PyResult<Vec<Diagnostic>> {
        let ceiling = ceiling!(
            max_operations,
            max_call_levels,
            max_expr_depth,
            max_string_size,
            max_array_size,
            max_map_size
        );
        let run = limits::start(ceiling, timeout)?;
        let package = source(package)?;
        let diagnostics = py.detach(move || {
            guard(|| {
                let files = match package {
                    Source::Dir(dir) => etalon::io::load_package(&dir)?,
                    Source::Files(files) => files,
                };
                Ok(etalon::Methodology::check_with(
                    &files,
                    &run.compile_options(),
                ))
            })
        })?;
        Ok(diagnostics.iter().cloned().map(Diagnostic::from).collect())
    }

    /// Package id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.manifest().package.id
    }

    /// Package name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.manifest().package.name
    }

    /// Package name in English.
    #[getter]
    fn name_en(&self) -> Option<&str> {
        self.inner.manifest().package.name_en.as_deref()
    }

    /// Version of the package files.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.manifest().package.version
    }

    /// Edition of the methodology.
    #[getter]
    fn edition(&self) -> &str {
        &self.inner.manifest().package.edition
    }

    /// What the package is for.
    #[getter]
    fn description(&self) -> Option<&str> {
        self.inner.manifest().package.description.as_deref()
    }

    /// First day the methodology is in force.
    #[getter]
    fn in_force_from(&self) -> NaiveDate {
        self.inner.manifest().package.in_force_from
    }

    /// Last day it is in force, if it has one.
    #[getter]
    fn in_force_to(&self) -> Option<NaiveDate> {
        self.inner.manifest().package.in_force_to
    }

    /// Earlier periods evaluated with the one asked (trends, charts).
    #[getter]
    fn history(&self) -> u32 {
        self.inner.manifest().history
    }

    /// Warnings found while compiling.
    #[getter]
    fn warnings(&self) -> Vec<Diagnostic> {
        self.inner
            .warnings()
            .iter()
            .cloned()
            .map(Diagnostic::from)
            .collect()
    }

    /// The processes, in package order.
    #[getter]
    fn processes(&self) -> Vec<Process> {
        self.inner.processes().iter().map(Process::from).collect()
    }

    /// The measures, in package order.
    #[getter]
    fn measures(&self) -> Vec<Measure> {
        self.inner.measures().iter().map(Measure::from).collect()
    }

    /// The indicators, in package order.
    #[getter]
    fn indicators(&self) -> Vec<Indicator> {
        self.inner
            .indicators()
            .iter()
            .map(Indicator::from)
            .collect()
    }

    /// Every reference row, grouped by indicator.
    #[getter]
    fn references(&self) -> Vec<Reference> {
        self.inner
            .references()
            .iter()
            .map(Reference::from)
            .collect()
    }

    /// An indicator by id (`KeyError` if there is none).
    fn indicator(&self, id: &str) -> PyResult<Indicator> {
        self.inner
            .indicator(id)
            .map(Indicator::from)
            .ok_or_else(|| PyKeyError::new_err(format!("no indicator `{id}` in {}", self.id())))
    }

    /// A process by id (`KeyError` if there is none).
    fn process(&self, id: &str) -> PyResult<Process> {
        self.inner
            .process(id)
            .map(Process::from)
            .ok_or_else(|| PyKeyError::new_err(format!("no process `{id}` in {}", self.id())))
    }

    /// The processes as a table.
    fn processes_table(&self) -> PyResult<Table> {
        let p = self.inner.processes();
        let mut t = TableBuilder::new();
        t.text("id", p.iter().map(|x| Some(&x.id)))
            .text("name", p.iter().map(|x| Some(&x.name)))
            .text("name_en", p.iter().map(|x| x.name_en.as_ref()))
            .text("owner", p.iter().map(|x| x.owner.as_ref()))
            .text("description", p.iter().map(|x| x.description.as_ref()));
        Ok(t.finish()?)
    }

    /// The measures as a table.
    fn measures_table(&self) -> PyResult<Table> {
        let m = self.inner.measures();
        let mut t = TableBuilder::new();
        t.text("id", m.iter().map(|x| Some(&x.id)))
            .text("name", m.iter().map(|x| Some(&x.name)))
            .text("name_en", m.iter().map(|x| x.name_en.as_ref()))
            .text("table", m.iter().map(|x| Some(x.table.name())))
            .text("process", m.iter().map(|x| x.process.as_ref()))
            .text("period_by", m.iter().map(|x| Some(period_by(&x.period))))
            .text("filter", m.iter().map(|x| x.filter_text.as_ref()))
            .text("aggregate", m.iter().map(|x| Some(aggregate(&x.aggregate))));
        Ok(t.finish()?)
    }

    /// The indicators as a table.
    fn indicators_table(&self) -> PyResult<Table> {
        let i = self.inner.indicators();
        let mut t = TableBuilder::new();
        t.text("id", i.iter().map(|x| Some(&x.id)))
            .text("name", i.iter().map(|x| Some(&x.name)))
            .text("name_en", i.iter().map(|x| x.name_en.as_ref()))
            .text("process", i.iter().map(|x| x.process.as_ref()))
            .text("unit", i.iter().map(|x| Some(convert::unit(x.unit))))
            .text(
                "direction",
                i.iter().map(|x| Some(convert::direction(x.direction))),
            )
            .text("formula", i.iter().map(|x| Some(&x.formula)))
            .text("base", i.iter().map(|x| x.base.as_ref()))
            .int("min_base", i.iter().map(|x| Some(x.min_base)))
            .text_lists(
                "levels",
                i.iter().map(|x| x.levels.iter().map(|l| l.name())),
            )
            .int("decimals", i.iter().map(|x| Some(i64::from(x.decimals))))
            .text("description", i.iter().map(|x| x.description.as_ref()));
        Ok(t.finish()?)
    }

    /// The reference values as a table.
    fn references_table(&self) -> PyResult<Table> {
        let r = self.inner.references();
        let mut t = TableBuilder::new();
        t.text("id", r.iter().map(|x| Some(&x.id)))
            .text("indicator", r.iter().map(|x| Some(&x.indicator)))
            .text("scope", r.iter().map(|x| Some(convert::scope(&x.scope))))
            .text_lists(
                "levels",
                r.iter().map(|x| x.levels.iter().map(|l| l.name())),
            )
            .date("in_force_from", r.iter().map(|x| Some(x.from)))
            .date("in_force_to", r.iter().map(|x| x.to))
            .decimal("target", r.iter().map(|x| x.target))
            .decimal("normal_min", r.iter().map(|x| x.normal.min))
            .decimal("normal_max", r.iter().map(|x| x.normal.max))
            .decimal(
                "warning_min",
                r.iter().map(|x| x.warning.and_then(|w| w.min)),
            )
            .decimal(
                "warning_max",
                r.iter().map(|x| x.warning.and_then(|w| w.max)),
            )
            .text(
                "source_kind",
                r.iter().map(|x| Some(convert::source(&x.source).0)),
            )
            .text(
                "source",
                r.iter().map(|x| Some(convert::source(&x.source).1)),
            )
            .text("note", r.iter().map(|x| x.note.as_ref()));
        Ok(t.finish()?)
    }

    /// Evaluates `period` (`2026-Q3`, `2026-07`, `2026-H2`, `2026`) on
    /// `dataset`: every indicator at every level, judged, and the
    /// deviations. The GIL is released while it runs. `threads` = 0 uses
    /// every core; `history` overrides the package's number of earlier
    /// periods evaluated too; `timeout` (seconds) stops a longer
    /// evaluation with `LimitError` (`E-LIMIT-DEADLINE`).
    #[pyo3(signature = (dataset, period, *, threads = 0, history = None, timeout = None))]
    fn evaluate(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        period: &str,
        threads: i64,
        history: Option<i64>,
        timeout: Option<f64>,
    ) -> PyResult<Evaluation> {
        let run = limits::timed(timeout)?;
        let period = convert::period(period)?;
        let threads = convert::non_negative("threads", threads)?;
        let mut options = EvaluationOptions::new(period).with_threads(threads);
        if let Some(h) = history {
            options = options.with_history(convert::non_negative("history", h)?);
        }
        let options = run.evaluation(options);
        let methodology = self.inner.clone();
        let data = Arc::clone(&dataset.inner);
        let evaluation =
            py.detach(move || guard(|| Ok(methodology.evaluate_with(&data, &options)?)))?;
        Ok(Evaluation::new(self.inner.clone(), evaluation))
    }

    /// Reads the data folder `path` and evaluates `period` on it, as
    /// `etalon evaluate --data` does: `max_records` refuses a folder
    /// holding more records (while it is read), `timeout` (seconds, the
    /// reading and the evaluation both count) stops a longer one, and
    /// `calendar_region` adds a region's own holidays to the production
    /// calendar. `extra_columns`, `max_problems`, `encoding` and
    /// `separator` say how the files are read, as for
    /// `Dataset.from_dir`. The GIL is released while it runs.
    #[pyo3(signature = (
        path, period, *, threads = 0, history = None, max_records = None, timeout = None,
        calendar_region = None, extra_columns = None, max_problems = None, encoding = None,
        separator = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn evaluate_dir(
        &self,
        py: Python<'_>,
        path: PathBuf,
        period: &str,
        threads: usize,
        history: Option<u32>,
        max_records: Option<usize>,
        timeout: Option<f64>,
        calendar_region: Option<String>,
        extra_columns: Option<Vec<String>>,
        max_problems: Option<usize>,
        encoding: Option<&str>,
        separator: Option<&str>,
    ) -> PyResult<Evaluation> {
        // The record limit is the evaluation's; `evaluate_folder` applies
        // it to the reading too.
        let load =
            crate::convert::load_options(extra_columns, max_problems, encoding, separator, None)?;
        let mut options = EvaluationOptions::new(convert::period(period)?).with_threads(threads);
        if let Some(h) = history {
            options = options.with_history(h);
        }
        if let Some(max) = max_records {
            options = options.with_max_records(max);
        }
        if let Some(code) = calendar_region {
            options = options.with_calendar_region(code);
        }
        let options = limits::timed(timeout)?.evaluation(options);
        let methodology = self.inner.clone();
        let done = py.detach(move || {
            guard(|| {
                let request = FolderRequest {
                    folder: &path,
                    options,
                    load,
                    timeout: None,
                };
                Ok(evaluate_folder(&methodology, request, |_| {})?)
            })
        })?;
        Ok(Evaluation::new(self.inner.clone(), done.evaluation))
    }

    /// Evaluates like `evaluate` and, from the same pass, returns the
    /// `Totals` of every entity at `level` (`region`: one, to roll up into
    /// the country; `group`: one per group, to roll up into the region).
    #[pyo3(signature = (dataset, period, *, level = "region", threads = 0, history = None))]
    fn evaluate_with_totals(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        period: &str,
        level: &str,
        threads: i64,
        history: Option<i64>,
    ) -> PyResult<(Evaluation, Vec<crate::country::Totals>)> {
        crate::country::evaluate_with_totals(py, self, dataset, period, level, threads, history)
    }

    /// Evaluates the country `entity` (named `name`) from the `Totals` of
    /// its regions, or (`level="region"`) a region from the totals of its
    /// groups: each measure summed over the parts, then the indicators of
    /// that level on the sums (a share is a sum of numerators over a sum of
    /// denominators, never a mean of shares), judged against the references
    /// of that level. Distinct-recipient measures are summed: the parts are
    /// taken as disjoint populations. Returns the evaluation of that one
    /// entity and its own `Totals`.
    #[pyo3(signature = (totals, entity, name, *, level = "country"))]
    fn roll_up(
        &self,
        py: Python<'_>,
        totals: Vec<PyRef<'_, crate::country::Totals>>,
        entity: String,
        name: String,
        level: &str,
    ) -> PyResult<(Evaluation, crate::country::Totals)> {
        crate::country::roll_up(py, self, &totals, entity, name, level)
    }

    /// The НОК of the country `entity` (named `name`) from the `NokScores`
    /// of its regions, each scored with this package for one period under
    /// the same policies.
    fn nok_roll_up(
        &self,
        py: Python<'_>,
        scores: Vec<PyRef<'_, crate::scoring::NokScores>>,
        entity: String,
        name: String,
    ) -> PyResult<crate::country::NokRollUp> {
        crate::country::nok_roll_up(py, self, &scores, entity, name)
    }

    /// НОК scores from counts: a CSV or JSON file, an Arrow table or a
    /// list of dicts, one row per organisation and period with the columns
    /// of the package's НОК input. `period` is needed when the rows hold
    /// several; `policies` sets policies otherwise than the package
    /// (`{"zero_base": "zero", "decimals": 1}`). The GIL is released.
    #[pyo3(signature = (counts, *, period = None, policies = None))]
    fn score_nok(
        &self,
        py: Python<'_>,
        counts: &Bound<'_, PyAny>,
        period: Option<&str>,
        policies: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::scoring::NokScores> {
        crate::scoring::score_nok(py, self, counts, period, policies)
    }

    /// НОК scores of `period` (a year) from the questionnaires of
    /// `dataset` (counted in one pass) and `facts`, a row per organisation
    /// assessed with the columns not counted from questionnaires (a file
    /// such as `nok_facts.csv`, an Arrow table or a list of dicts).
    #[pyo3(signature = (dataset, period, facts, *, policies = None))]
    fn score_nok_surveys(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        period: &str,
        facts: &Bound<'_, PyAny>,
        policies: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::scoring::NokScores> {
        crate::scoring::score_nok_surveys(py, self, dataset, period, facts, policies)
    }

    /// The survey counts and bases of the НОК input per organisation,
    /// counted from the questionnaires of `dataset` in `period`, as a table.
    #[pyo3(signature = (dataset, period, *, policies = None))]
    fn nok_survey_counts(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        period: &str,
        policies: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Table> {
        crate::scoring::nok_survey_counts(py, self, dataset, period, policies)
    }

    /// KPI points of directors and heads of territorial administrations
    /// for `period` (or the period of `evaluation`; without an evaluation
    /// the period is evaluated). `nok` gives the НОК items, `journal` the
    /// share of deviations closed on time (a `Journal`, a journal or shares
    /// file, or a mapping org → percent) and `plans` the share of plan
    /// measures executed on time (a `PlanStatus` or a mapping).
    #[pyo3(signature = (dataset, period = None, *, evaluation = None, nok = None, journal = None, plans = None))]
    #[allow(clippy::too_many_arguments)]
    fn score_kpi(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        period: Option<&str>,
        evaluation: Option<&Evaluation>,
        nok: Option<&crate::scoring::NokScores>,
        journal: Option<&Bound<'_, PyAny>>,
        plans: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<crate::scoring::KpiScores> {
        crate::scoring::score_kpi(py, self, dataset, period, evaluation, nok, journal, plans)
    }

    /// What `other`, a new edition of this package, changes on `dataset`
    /// for `period`: both evaluated (and their KPI points scored), as
    /// `etalon rules diff` does; the НОК is compared by the command, which
    /// reads the data folder's НОК facts.
    fn diff(
        &self,
        py: Python<'_>,
        other: &Methodology,
        dataset: &Dataset,
        period: &str,
    ) -> PyResult<crate::diff::RulesDiff> {
        crate::diff::diff(py, self, other, dataset, period)
    }

    fn __repr__(&self) -> String {
        let p = &self.inner.manifest().package;
        format!(
            "<etalon.Methodology {} {} (edition {}): {} processes, {} indicators>",
            p.id,
            p.version,
            p.edition,
            self.inner.processes().len(),
            self.inner.indicators().len()
        )
    }
}
