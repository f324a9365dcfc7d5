//! `etalon.Dataset`: the organisation tree and record tables of a region,
//! from a data folder, from Arrow tables (pandas, polars, pyarrow... through
//! the Arrow PyCapsule interface) or from lists of dicts.
//!
//! Arrow tables are read batch by batch in Rust with the GIL released, by
//! the host's conversion ([`etalon::io::arrow`]), which reads the Arrow
//! buffers in place: no Python object is made per row. Every problem is
//! collected, up to a limit, as when a data folder is read; where the
//! input was a pandas frame, each problem carries its row's index label.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::RecordBatchReader;
use chrono::NaiveDate;
use etalon::data::Value as Held;
use etalon::generate::{Region, RegionSpec, generate};
use etalon::io::TableProblems;
use etalon::io::arrow::{text_rows as arrow_text_rows, write_batches};
use etalon::{Cell, ColumnType, DataError, DatasetBuilder, OrgTree, TableKind};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{
    PyBool, PyDate, PyDict, PyFloat, PyFrozenSet, PyInt, PyList, PySet, PyString, PyTuple,
};
use pyo3_arrow::input::AnyRecordBatch;

use crate::errors::{Error, guard};
use crate::table::{Table, TableBuilder};

/// The organisation tree and record tables of a region, validated once.
/// Immutable: evaluate it for many periods, from many threads.
#[pyclass(frozen, module = "etalon")]
pub struct Dataset {
    pub(crate) inner: Arc<etalon::Dataset>,
}

fn is_text(ty: ColumnType) -> bool {
    matches!(
        ty,
        ColumnType::Id | ColumnType::Code | ColumnType::Unit | ColumnType::Recipient
    )
}

/// One table as it arrived from Python.
enum Input {
    /// An Arrow stream (read without the GIL).
    Arrow(Box<dyn RecordBatchReader + Send>),
    /// Plain values from a list of dicts, converted under the GIL.
    Records {
        header: Vec<String>,
        rows: Vec<Vec<Value>>,
    },
}

/// A Python value of a list-of-dicts record, already shaped for its column.
#[derive(Debug, Clone)]
enum Value {
    Null,
    Text(String),
    Int(i64),
    Bool(bool),
    Date(NaiveDate),
    /// Not a single value (a list, a dict...): refused with its row.
    Invalid(String),
}

impl Value {
    fn cell(&self) -> Cell<'_> {
        match self {
            Value::Null | Value::Invalid(_) => Cell::Null,
            Value::Text(t) => Cell::Text(t),
            Value::Int(n) => Cell::Int(*n),
            Value::Bool(b) => Cell::Bool(*b),
            Value::Date(d) => Cell::Date(*d),
        }
    }

    fn text(&self) -> String {
        match self {
            Value::Null | Value::Invalid(_) => String::new(),
            Value::Text(t) => t.clone(),
            Value::Int(n) => n.to_string(),
            Value::Bool(b) => b.to_string(),
            Value::Date(d) => d.to_string(),
        }
    }
}

/// A whole float as an integer, if it is one.
fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18).then_some(f as i64)
}

fn py_date(v: &Bound<'_, PyAny>) -> PyResult<Option<NaiveDate>> {
    let y: i32 = v.getattr("year")?.extract()?;
    let m: u32 = v.getattr("month")?.extract()?;
    let d: u32 = v.getattr("day")?.extract()?;
    Ok(NaiveDate::from_ymd_opt(y, m, d))
}

/// A Python value as a cell of a column of type `ty`; a value that cannot
/// be read is kept as `Invalid`, to be refused at its record.
fn value(v: &Bound<'_, PyAny>, ty: ColumnType) -> Value {
    read_value(v, ty).unwrap_or_else(|_| Value::Invalid(type_name(v)))
}

fn type_name(v: &Bound<'_, PyAny>) -> String {
    v.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "value".to_string())
}

fn read_value(v: &Bound<'_, PyAny>, ty: ColumnType) -> PyResult<Value> {
    // pandas' missing date (`pd.NaT`) is a datetime without a year.
    if v.is_none() || type_name(v) == "NaTType" {
        return Ok(Value::Null);
    }
    if let Ok(b) = v.cast::<PyBool>() {
        let b = b.is_true();
        return Ok(match ty {
            ColumnType::Flag => Value::Bool(b),
            _ => Value::Text(b.to_string()),
        });
    }
    if let Ok(n) = v.cast::<PyInt>() {
        return Ok(match (n.extract::<i64>(), ty) {
            (Ok(n), ColumnType::Count | ColumnType::Flag) => Value::Int(n),
            (Ok(n), _) => Value::Text(n.to_string()),
            (Err(_), _) => Value::Text(n.str()?.to_string()),
        });
    }
    if let Ok(f) = v.cast::<PyFloat>() {
        let f = f.value();
        if f.is_nan() {
            return Ok(Value::Null);
        }
        return Ok(match (whole(f), ty) {
            (Some(n), ColumnType::Count | ColumnType::Flag) => Value::Int(n),
            (Some(n), t) if is_text(t) => Value::Text(n.to_string()),
            _ => Value::Text(v.str()?.to_string()),
        });
    }
    if let Ok(s) = v.cast::<PyString>() {
        return Ok(Value::Text(s.to_cow()?.into_owned()));
    }
    if v.cast::<PyDate>().is_ok() {
        return Ok(match (py_date(v)?, ty) {
            (Some(d), ColumnType::Date | ColumnType::Month) => Value::Date(d),
            (Some(d), _) => Value::Text(d.to_string()),
            (None, _) => Value::Text(v.str()?.to_string()),
        });
    }
    let compound = v.cast::<PyList>().is_ok()
        || v.cast::<PyTuple>().is_ok()
        || v.cast::<PyDict>().is_ok()
        || v.cast::<PySet>().is_ok()
        || v.cast::<PyFrozenSet>().is_ok();
    if compound {
        return Ok(Value::Invalid(type_name(v)));
    }
    Ok(Value::Text(v.str()?.to_string()))
}

/// The first value of a record that is not a single value, as an error.
fn invalid(table: &str, header: &[String], n: usize, row: &[Value]) -> Option<DataError> {
    row.iter()
        .zip(header)
        .find_map(|(value, column)| match value {
            Value::Invalid(kind) => Some(
                DataError::at(
                    table,
                    n as u64 + 1,
                    column,
                    format!("expected a single value, not a {kind}"),
                )
                .with_text("single-value", &[("kind", kind)]),
            ),
            _ => None,
        })
}

/// A polars frame with its columns of type Null (every value missing) as
/// text columns of missing values: polars exports a Null column with a
/// validity buffer, which the Arrow C interface does not allow for that
/// type, so the whole table would be refused as unreadable.
fn polars_nulls_as_text<'py>(obj: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyAny>> {
    let polars = obj
        .get_type()
        .module()
        .is_ok_and(|m| m.to_string().starts_with("polars"));
    if !polars || type_name(obj) != "DataFrame" {
        return Ok(obj.clone());
    }
    let pl = obj.py().import("polars")?;
    let null = pl.getattr("Null")?;
    if !obj.getattr("dtypes")?.contains(&null)? {
        return Ok(obj.clone());
    }
    let as_text = pl
        .getattr("col")?
        .call1((null,))?
        .call_method1("cast", (pl.getattr("String")?,))?;
    obj.call_method1("with_columns", (as_text,))
}

const _: () = assert!(etalon::io::DEFAULT_MAX_PROBLEMS == 100);

/// Reads one table argument: an Arrow object or a list of dicts.
fn input(name: &str, table: Option<TableKind>, obj: &Bound<'_, PyAny>) -> PyResult<Input> {
    if type_name(obj) == "LazyFrame" && obj.hasattr("collect")? {
        return Err(Error::Type(format!(
            "{name}: a polars LazyFrame is a query, not a table; call .collect() on it first"
        ))
        .into());
    }
    let arrow = obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")?;
    if arrow {
        let obj = polars_nulls_as_text(obj)?;
        let batches: AnyRecordBatch = obj.extract()?;
        return Ok(Input::Arrow(batches.into_reader()?));
    }
    let Ok(items) = obj.try_iter() else {
        return Err(Error::Type(format!(
            "{name}: expected a table (pyarrow, polars, pandas or any object with the Arrow PyCapsule interface) or a list of dicts, got {}",
            obj.get_type().name()?
        ))
        .into());
    };
    let mut header: Vec<String> = Vec::new();
    let mut dicts = Vec::new();
    for (i, item) in items.enumerate() {
        let item = item?;
        let dict = item.cast_into::<PyDict>().map_err(|e| {
            Error::Type(format!(
                "{name}: record {} is not a dict but {}",
                i + 1,
                e.into_inner()
                    .get_type()
                    .name()
                    .map(|n| n.to_string())
                    .unwrap_or_default()
            ))
        })?;
        for key in dict.keys() {
            let key: String = key.str()?.to_string();
            if !header.contains(&key) {
                header.push(key);
            }
        }
        dicts.push(dict);
    }
    let types: Vec<ColumnType> = header
        .iter()
        .map(|h| table.map_or(ColumnType::Code, |t| t.column_type(h.trim())))
        .collect();
    let mut rows = Vec::with_capacity(dicts.len());
    for dict in dicts {
        let mut row = Vec::with_capacity(header.len());
        for (key, &ty) in header.iter().zip(&types) {
            row.push(match dict.get_item(key)? {
                Some(v) => value(&v, ty),
                None => Value::Null,
            });
        }
        rows.push(row);
    }
    Ok(Input::Records { header, rows })
}

/// Every cell of a table argument as text (an empty cell is a missing
/// value), with its header; `table` names it in errors.
fn text_rows(table: &str, input: Input) -> Result<(Vec<String>, Vec<Vec<String>>), Error> {
    match input {
        Input::Records { header, rows } => {
            for (n, row) in rows.iter().enumerate() {
                if let Some(e) = invalid(table, &header, n, row) {
                    return Err(e.into());
                }
            }
            let rows = rows
                .iter()
                .map(|r| r.iter().map(Value::text).collect())
                .collect::<Vec<Vec<String>>>();
            Ok((header, rows))
        }
        Input::Arrow(reader) => Ok(arrow_text_rows(table, &reader.schema(), reader)?),
    }
}

/// Reads the organisation tree (rows shaped like `units.csv`).
fn read_tree(input: Input) -> Result<OrgTree, Error> {
    let (header, rows) = text_rows("org_tree", input)?;
    Ok(etalon::io::build_tree(&header, rows)?)
}

/// A table argument of scoring (НОК counts or facts, executions of a
/// plan: an Arrow table or a list of dicts) to be read as text cells, as
/// the engine reads such tables from CSV files; converted without the GIL.
pub(crate) struct TextInput(Input);

impl TextInput {
    /// Takes `obj` (an Arrow table or a list of dicts); `name` is the
    /// argument, for type errors.
    pub(crate) fn read(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<TextInput> {
        Ok(TextInput(input(name, None, obj)?))
    }

    /// The header and the rows, every cell as text; `table` names the
    /// table in errors.
    pub(crate) fn into_rows(self, table: &str) -> Result<(Vec<String>, Vec<Vec<String>>), Error> {
        text_rows(table, self.0)
    }
}

/// Builds the dataset, collecting every problem up to `max_problems` (as
/// the folder reader does): one problem is returned as itself, more as
/// [`TableProblems`].
fn build(
    tree: Input,
    tables: Vec<(TableKind, Input)>,
    max_problems: usize,
) -> Result<etalon::Dataset, Error> {
    let limit = max_problems.max(1);
    let mut builder = DatasetBuilder::new(read_tree(tree)?);
    let mut problems: Vec<DataError> = Vec::new();
    let mut report = |e: DataError| {
        problems.push(e);
        problems.len() < limit
    };
    for (table, input) in tables {
        let go_on = match input {
            Input::Arrow(reader) => {
                let schema = reader.schema();
                write_batches(&mut builder, table, &schema, reader, &mut report)
            }
            Input::Records { header, rows } => {
                write_records(&mut builder, table, &header, &rows, &mut report)
            }
        };
        if !go_on {
            break;
        }
    }
    let stopped = problems.len() >= limit;
    match problems.len() {
        0 => Ok(builder.finish()?),
        1 if !stopped => Err(problems.remove(0).into()),
        _ => Err(TableProblems { problems, stopped }.into()),
    }
}

/// Writes the records of a list of dicts into `table`, sending problems
/// to `report`; false when loading must stop.
fn write_records(
    builder: &mut DatasetBuilder,
    table: TableKind,
    header: &[String],
    rows: &[Vec<Value>],
    report: &mut dyn FnMut(DataError) -> bool,
) -> bool {
    if rows.is_empty() {
        return true;
    }
    let mut writer = match builder.writer(table, header) {
        Ok(w) => w,
        Err(e) => return report(e),
    };
    let mut cells = Vec::with_capacity(header.len());
    for (n, row) in rows.iter().enumerate() {
        // A record with a value that is not a single one is still pushed
        // (that value as missing), so that the records after it keep their
        // numbers; its own problem is the one reported.
        let bad = invalid(table.name(), header, n, row);
        cells.clear();
        cells.extend(row.iter().map(Value::cell));
        let pushed = writer.push(&cells);
        let problem = match (bad, pushed) {
            (Some(e), _) | (None, Err(e)) => e,
            (None, Ok(())) => continue,
        };
        let whole = problem.row.is_none();
        if !report(problem) || whole {
            return false;
        }
    }
    true
}

fn is_pandas(obj: &Bound<'_, PyAny>) -> bool {
    obj.get_type()
        .module()
        .is_ok_and(|m| m.to_string().starts_with("pandas"))
        && obj.hasattr("index").unwrap_or(false)
}

/// A `DataError` with each problem of a pandas frame given its row's index
/// label (`index`); any other error as it is.
fn with_index_labels(py: Python<'_>, err: PyErr, frames: &[(&str, Bound<'_, PyAny>)]) -> PyErr {
    let value = err.value(py);
    let labelled = (|| -> PyResult<()> {
        let data_error = py.import("etalon.errors")?.getattr("DataError")?;
        if frames.is_empty() || !value.is_instance(&data_error)? {
            return Ok(());
        }
        let problems = PyList::empty(py);
        for problem in value.call_method0("errors")?.try_iter()? {
            let problem = problem?.cast_into::<PyDict>()?;
            let table: Option<String> = problem.get_item("table")?.and_then(|t| t.extract().ok());
            let row: Option<usize> = problem.get_item("row")?.and_then(|r| r.extract().ok());
            let index = frames
                .iter()
                .find(|(name, _)| Some(*name) == table.as_deref());
            if let (Some((_, index)), Some(row)) = (index, row.filter(|r| *r > 0)) {
                problem.set_item("index", index.get_item(row - 1)?)?;
            }
            problems.append(problem)?;
        }
        value.setattr("problems", problems)
    })();
    match labelled {
        Ok(()) => err,
        Err(e) => e,
    }
}

fn demo_spec(scale: &str, seed: u64, volume: f64) -> PyResult<RegionSpec> {
    let spec = match scale {
        "sample" => RegionSpec::sample(seed),
        "region" => RegionSpec::region(seed),
        other => {
            return Err(PyValueError::new_err(format!(
                "unknown scale `{other}`; the scales are sample and region"
            )));
        }
    };
    if !(volume.is_finite() && volume > 0.0 && volume <= 100.0) {
        return Err(PyValueError::new_err(format!(
            "volume must be above 0 and at most 100, not {volume}"
        )));
    }
    Ok(RegionSpec {
        scale: spec.scale * volume,
        ..spec
    })
}

/// The id and name a generated region is renamed to: `region`, named
/// `region_name` (by default `Регион <id>`), as `etalon generate --region`.
fn demo_rename(
    region: Option<String>,
    region_name: Option<String>,
) -> PyResult<Option<(String, String)>> {
    match (region, region_name) {
        (None, Some(_)) => Err(PyValueError::new_err(
            "region_name needs region (the id the region is renamed to)",
        )),
        (None, None) => Ok(None),
        (Some(id), name) => {
            let name = name.unwrap_or_else(|| format!("Регион {id}"));
            Ok(Some((id, name)))
        }
    }
}

/// A generated region, renamed when asked: every entity, record and
/// recipient id prefixed with the new id, so that regions put side by side
/// share nothing.
fn demo_region(spec: &RegionSpec, rename: Option<(String, String)>) -> Region {
    let region = generate(spec);
    match rename {
        Some((id, name)) => region.renamed(&id, &name),
        None => region,
    }
}

/// Writes a generated demo region as a data folder (`units.csv` and a CSV
/// per table) into `path`, as `etalon generate` does; returns the number of
/// records written. `scale`, `volume`, `region` and `region_name` as for
/// `Dataset.demo`.
#[pyfunction]
#[pyo3(signature = (path, scale = "sample", seed = 2026, volume = 1.0, region = None, region_name = None))]
pub fn write_demo(
    py: Python<'_>,
    path: PathBuf,
    scale: &str,
    seed: u64,
    volume: f64,
    region: Option<String>,
    region_name: Option<String>,
) -> PyResult<usize> {
    let spec = demo_spec(scale, seed, volume)?;
    let rename = demo_rename(region, region_name)?;
    Ok(py.detach(move || {
        guard(|| {
            let region = demo_region(&spec, rename);
            region.write_csv(&path)?;
            Ok(region.records())
        })
    })?)
}

/// Table `kind` of `data` read back, a column per column of the dataset.
fn read_back(data: &etalon::Dataset, kind: TableKind) -> Result<Table, Error> {
    let mut t = TableBuilder::new();
    for (c, name) in data.columns(kind).iter().enumerate() {
        let values = || data.values(kind, c).into_iter().flatten();
        match data.column_type(kind, c) {
            Some(ColumnType::Date | ColumnType::Month) => t.date(
                name,
                values().map(|v| match v {
                    Held::Date(d) => Some(d),
                    _ => None,
                }),
            ),
            Some(ColumnType::Count) => t.int(
                name,
                values().map(|v| match v {
                    Held::Count(n) => Some(n),
                    _ => None,
                }),
            ),
            Some(ColumnType::Flag) => t.flag(
                name,
                values().map(|v| match v {
                    Held::Flag(f) => Some(f),
                    _ => None,
                }),
            ),
            _ => t.text(
                name,
                values().map(|v| match v {
                    Held::Text(s) => Some(s),
                    _ => None,
                }),
            ),
        };
    }
    t.finish()
}

#[pymethods]
impl Dataset {
    /// Reads a data folder: `units.csv` (the organisation tree) and a
    /// `.csv` or `.json` file per table (`cases.csv`, `surveys.csv`, ...),
    /// as `etalon evaluate` reads it: `extra_columns` are read past instead
    /// of refused, at most `max_problems` problems are collected (100 by
    /// default), `encoding` (`utf-8`, `windows-1251`) and `separator`
    /// (`,`, `;`) are declared instead of detected, and more than
    /// `max_records` records in all tables are refused.
    #[staticmethod]
    #[pyo3(signature = (
        path, *, extra_columns = None, max_problems = None, encoding = None, separator = None,
        max_records = None
    ))]
    fn from_dir(
        py: Python<'_>,
        path: PathBuf,
        extra_columns: Option<Vec<String>>,
        max_problems: Option<usize>,
        encoding: Option<&str>,
        separator: Option<&str>,
        max_records: Option<usize>,
    ) -> PyResult<Dataset> {
        let load = crate::convert::load_options(
            extra_columns,
            max_problems,
            encoding,
            separator,
            max_records,
        )?;
        let inner =
            py.detach(move || guard(|| Ok(etalon::io::load_dataset_with(&path, &load)?)))?;
        Ok(Dataset {
            inner: Arc::new(inner),
        })
    }

    /// Builds a dataset from tables: `units` is the organisation tree (the
    /// columns of `units.csv`), the others the record tables. Each is an
    /// Arrow table (pyarrow, polars, pandas or any object with
    /// `__arrow_c_stream__` / `__arrow_c_array__`), read without a Python
    /// object per row, or a list of dicts for small inputs. A polars
    /// `LazyFrame` is refused with a `TypeError`: `.collect()` it first.
    ///
    /// Every problem is collected, up to `max_problems`, and raised
    /// together as one `DataError` (`errors()`, `error_table()`); where a
    /// table was a pandas frame, each problem of it carries its row's index
    /// label (`index`) beside its record number (`row`).
    // The default limit is written out so that Python's signature shows
    // it; the assertion keeps it the folder reader's.
    #[staticmethod]
    #[pyo3(signature = (
        units, *, cases = None, deliveries = None, surveys = None, complaints = None,
        audits = None, occupancy = None, incidents = None, diagnostics = None,
        assignments = None, staff = None, max_problems = 100
    ))]
    #[allow(clippy::too_many_arguments)]
    fn from_tables(
        py: Python<'_>,
        units: &Bound<'_, PyAny>,
        cases: Option<&Bound<'_, PyAny>>,
        deliveries: Option<&Bound<'_, PyAny>>,
        surveys: Option<&Bound<'_, PyAny>>,
        complaints: Option<&Bound<'_, PyAny>>,
        audits: Option<&Bound<'_, PyAny>>,
        occupancy: Option<&Bound<'_, PyAny>>,
        incidents: Option<&Bound<'_, PyAny>>,
        diagnostics: Option<&Bound<'_, PyAny>>,
        assignments: Option<&Bound<'_, PyAny>>,
        staff: Option<&Bound<'_, PyAny>>,
        max_problems: usize,
    ) -> PyResult<Dataset> {
        let tree = input("units", None, units)?;
        let given = [
            (TableKind::Cases, cases),
            (TableKind::Deliveries, deliveries),
            (TableKind::Surveys, surveys),
            (TableKind::Complaints, complaints),
            (TableKind::Audits, audits),
            (TableKind::Occupancy, occupancy),
            (TableKind::Incidents, incidents),
            (TableKind::Diagnostics, diagnostics),
            (TableKind::Assignments, assignments),
            (TableKind::Staff, staff),
        ];
        let mut tables = Vec::new();
        let mut frames = Vec::new();
        for (kind, obj) in given {
            if let Some(obj) = obj.filter(|o| !o.is_none()) {
                tables.push((kind, input(kind.name(), Some(kind), obj)?));
                if is_pandas(obj) {
                    frames.push((kind.name(), obj.getattr("index")?));
                }
            }
        }
        match py.detach(move || guard(|| build(tree, tables, max_problems))) {
            Ok(inner) => Ok(Dataset {
                inner: Arc::new(inner),
            }),
            Err(e) => Err(with_index_labels(py, e.into_py_err(py), &frames)),
        }
    }

    /// A generated demo region for the standard methodology: `sample` (a
    /// few institutions, a few thousand records) or `region` (~1 000 units,
    /// ~1.2 million records in 8 quarters, the last 2026-Q3), the same for
    /// the same seed as `etalon demo` and `etalon generate`. `volume`
    /// multiplies every unit's number of records. `region` renames the
    /// region and prefixes every id with it (as `etalon generate --region`),
    /// to put several generated regions side by side; `region_name` names
    /// it (by default `Регион <id>`).
    #[staticmethod]
    #[pyo3(signature = (scale = "sample", seed = 2026, volume = 1.0, region = None, region_name = None))]
    fn demo(
        py: Python<'_>,
        scale: &str,
        seed: u64,
        volume: f64,
        region: Option<String>,
        region_name: Option<String>,
    ) -> PyResult<Dataset> {
        let spec = demo_spec(scale, seed, volume)?;
        let rename = demo_rename(region, region_name)?;
        let inner = py.detach(move || guard(|| Ok(demo_region(&spec, rename).dataset()?)))?;
        Ok(Dataset {
            inner: Arc::new(inner),
        })
    }

    /// The region's id.
    #[getter]
    fn region(&self) -> &str {
        &self.inner.tree().region().id
    }

    /// The region's name.
    #[getter]
    fn region_name(&self) -> &str {
        &self.inner.tree().region().name
    }

    /// Records per table, for every table (in the order of the tables).
    #[getter]
    fn counts<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyDict>> {
        let counts = PyDict::new(py);
        for t in TableKind::ALL {
            counts.set_item(t.name(), self.inner.len(t))?;
        }
        Ok(counts)
    }

    /// The organisation tree as a table shaped like `units.csv`.
    fn units_table(&self) -> PyResult<Table> {
        let tree = self.inner.tree();
        let units = tree.units();
        let region = tree.region();
        let org = |u: &etalon::data::Unit| &tree.orgs()[u.org];
        let group = |u: &etalon::data::Unit| &tree.groups()[org(u).group];
        let mut t = TableBuilder::new();
        t.text("region_id", units.iter().map(|_| Some(&region.id)))
            .text("region_name", units.iter().map(|_| Some(&region.name)))
            .text("group_id", units.iter().map(|u| Some(&group(u).id)))
            .text("group_name", units.iter().map(|u| Some(&group(u).name)))
            .text("org_id", units.iter().map(|u| Some(&org(u).id)))
            .text("org_name", units.iter().map(|u| Some(&org(u).name)))
            .text("org_type", units.iter().map(|u| Some(&org(u).org_type)))
            .text("unit_id", units.iter().map(|u| Some(&u.id)))
            .text("unit_name", units.iter().map(|u| Some(&u.name)))
            .text(
                "processes",
                units
                    .iter()
                    .map(|u| Some(u.processes.iter().cloned().collect::<Vec<_>>().join(";"))),
            );
        Ok(t.finish()?)
    }

    /// The records of table `name` (`cases`, `surveys`...; `units` gives
    /// `units_table()`) as a `Table`, for pyarrow, polars or pandas: the
    /// columns of `etalon.schema(name)` in that order (questionnaire
    /// answers after them), ids and codes as text, dates as dates (a month
    /// as its first day), counts as whole numbers, flags as booleans, a
    /// missing value as null. Records come in the order the dataset keeps
    /// them (grouped by recipient), not necessarily the order given.
    fn table(&self, py: Python<'_>, name: &str) -> PyResult<Table> {
        if name.trim() == "units" {
            return self.units_table();
        }
        let kind: TableKind = name.trim().parse().map_err(PyValueError::new_err)?;
        let data = Arc::clone(&self.inner);
        Ok(py.detach(move || guard(|| read_back(&data, kind)))?)
    }

    /// Total number of records in all tables.
    fn __len__(&self) -> usize {
        self.inner.total_records()
    }

    fn __repr__(&self) -> String {
        let tree = self.inner.tree();
        format!(
            "<etalon.Dataset {}: {} groups, {} organisations, {} units, {} records>",
            tree.region().id,
            tree.groups().len(),
            tree.orgs().len(),
            tree.units().len(),
            self.inner.total_records()
        )
    }
}
