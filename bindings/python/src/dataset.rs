//! `etalon.Dataset`: the organisation tree and record tables of a region,
//! from a data folder, from Arrow tables (pandas, polars, pyarrow... through
//! the Arrow PyCapsule interface) or from lists of dicts.
//!
//! Arrow tables are read batch by batch and column by column in Rust with
//! the GIL released: no Python object is made per row. Each column is read
//! as what its table's schema expects (text, whole number, flag, date), so
//! an id column of integers, a count column of floats that hold whole
//! numbers (pandas with missing values) or a date column of timestamps are
//! taken as they come; anything else is handed to the engine as text, which
//! refuses it with a `DataError` naming table, row and field.

use std::path::PathBuf;
use std::sync::Arc;

use arrow_array::cast::AsArray;
use arrow_array::types::{Float64Type, Int64Type};
use arrow_array::{
    Array, ArrayRef, BooleanArray, Date32Array, Int64Array, LargeStringArray, RecordBatchReader,
    StringArray, StringViewArray,
};
use arrow_cast::{can_cast_types, cast};
use arrow_schema::DataType;
use chrono::NaiveDate;
use etalon::data::Value as Held;
use etalon::generate::{Region, RegionSpec, generate};
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

/// The type a column of `table` holds (questionnaire items are codes).
fn column_type(table: Option<TableKind>, name: &str) -> ColumnType {
    let Some(table) = table else {
        return ColumnType::Code;
    };
    table
        .columns()
        .iter()
        .find(|c| c.name == name.trim())
        .map_or(ColumnType::Code, |c| c.ty)
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

/// A Python value as a cell of a column of type `ty`.
fn value(v: &Bound<'_, PyAny>, ty: ColumnType) -> PyResult<Value> {
    if v.is_none() {
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
        return Ok(Value::Invalid(v.get_type().name()?.to_string()));
    }
    Ok(Value::Text(v.str()?.to_string()))
}

/// Refuses a record holding something that is not a single value.
fn check_row(table: &str, header: &[String], n: usize, row: &[Value]) -> Result<(), DataError> {
    for (value, column) in row.iter().zip(header) {
        if let Value::Invalid(kind) = value {
            return Err(DataError::at(
                table,
                n as u64 + 1,
                column,
                format!("expected a single value, not a {kind}"),
            ));
        }
    }
    Ok(())
}

/// Reads one table argument: an Arrow object or a list of dicts.
fn input(name: &str, table: Option<TableKind>, obj: &Bound<'_, PyAny>) -> PyResult<Input> {
    let arrow = obj.hasattr("__arrow_c_stream__")? || obj.hasattr("__arrow_c_array__")?;
    if arrow {
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
    let types: Vec<ColumnType> = header.iter().map(|h| column_type(table, h)).collect();
    let mut rows = Vec::with_capacity(dicts.len());
    for dict in dicts {
        let mut row = Vec::with_capacity(header.len());
        for (key, &ty) in header.iter().zip(&types) {
            row.push(match dict.get_item(key)? {
                Some(v) => value(&v, ty)?,
                None => Value::Null,
            });
        }
        rows.push(row);
    }
    Ok(Input::Records { header, rows })
}

/// A column of one Arrow batch, read as what its table expects.
enum Column {
    Null,
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    View(StringViewArray),
    Int(Int64Array),
    Bool(BooleanArray),
    Date(Date32Array),
}

impl Column {
    fn cell(&self, row: usize) -> Cell<'_> {
        let null = match self {
            Column::Null => true,
            Column::Utf8(a) => a.is_null(row),
            Column::LargeUtf8(a) => a.is_null(row),
            Column::View(a) => a.is_null(row),
            Column::Int(a) => a.is_null(row),
            Column::Bool(a) => a.is_null(row),
            Column::Date(a) => a.is_null(row),
        };
        if null {
            return Cell::Null;
        }
        match self {
            Column::Null => Cell::Null,
            Column::Utf8(a) => Cell::Text(a.value(row)),
            Column::LargeUtf8(a) => Cell::Text(a.value(row)),
            Column::View(a) => Cell::Text(a.value(row)),
            Column::Int(a) => Cell::Int(a.value(row)),
            Column::Bool(a) => Cell::Bool(a.value(row)),
            Column::Date(a) => a.value_as_date(row).map_or(Cell::Null, Cell::Date),
        }
    }
}

fn cast_to(array: &ArrayRef, to: &DataType) -> Result<ArrayRef, String> {
    cast(array, to).map_err(|e| e.to_string())
}

/// Whole floats (and NaN as missing) to integers; `None` if any is not whole.
fn whole_floats(array: &ArrayRef) -> Result<Option<Int64Array>, String> {
    let floats = cast_to(array, &DataType::Float64)?;
    let floats = floats.as_primitive::<Float64Type>();
    let mut out = Vec::with_capacity(floats.len());
    for i in 0..floats.len() {
        if floats.is_null(i) || floats.value(i).is_nan() {
            out.push(None);
            continue;
        }
        match whole(floats.value(i)) {
            Some(n) => out.push(Some(n)),
            None => return Ok(None),
        }
    }
    Ok(Some(Int64Array::from(out)))
}

/// Floats with NaN (pandas' missing value) as null.
fn nan_as_null(array: &ArrayRef) -> Result<ArrayRef, String> {
    let floats = cast_to(array, &DataType::Float64)?;
    let floats = floats.as_primitive::<Float64Type>();
    let kept: arrow_array::Float64Array =
        floats.iter().map(|v| v.filter(|f| !f.is_nan())).collect();
    Ok(Arc::new(kept))
}

fn text_column(array: &ArrayRef) -> Result<Column, String> {
    Ok(match array.data_type() {
        DataType::Null => Column::Null,
        DataType::Utf8 => Column::Utf8(array.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Column::LargeUtf8(array.as_string::<i64>().clone()),
        DataType::Utf8View => Column::View(array.as_string_view().clone()),
        DataType::Float16 | DataType::Float32 | DataType::Float64 => match whole_floats(array)? {
            Some(ints) => text_column(&cast_to(&(Arc::new(ints) as ArrayRef), &DataType::Utf8)?)?,
            None => text_column(&cast_to(&nan_as_null(array)?, &DataType::Utf8)?)?,
        },
        t if can_cast_types(t, &DataType::Utf8) => text_column(&cast_to(array, &DataType::Utf8)?)?,
        t => return Err(format!("a column of Arrow type {t} cannot be read")),
    })
}

/// Reads `array` as a column of type `ty`.
fn column(array: &ArrayRef, ty: ColumnType) -> Result<Column, String> {
    let t = array.data_type();
    if let DataType::Dictionary(_, values) = t {
        let unpacked = cast_to(array, values)?;
        return column(&unpacked, ty);
    }
    if matches!(t, DataType::Null) {
        return Ok(Column::Null);
    }
    match ty {
        ColumnType::Count | ColumnType::Flag => match t {
            DataType::Boolean if ty == ColumnType::Flag => {
                Ok(Column::Bool(array.as_boolean().clone()))
            }
            DataType::Int8
            | DataType::Int16
            | DataType::Int32
            | DataType::Int64
            | DataType::UInt8
            | DataType::UInt16
            | DataType::UInt32
            | DataType::UInt64 => {
                let ints = cast_to(array, &DataType::Int64)?;
                Ok(Column::Int(ints.as_primitive::<Int64Type>().clone()))
            }
            DataType::Float16 | DataType::Float32 | DataType::Float64 => {
                match whole_floats(array)? {
                    Some(ints) => Ok(Column::Int(ints)),
                    None => text_column(array),
                }
            }
            _ => text_column(array),
        },
        ColumnType::Date | ColumnType::Month => match t {
            DataType::Date32 => Ok(Column::Date(array.as_primitive().clone())),
            DataType::Date64 | DataType::Timestamp(_, _) => {
                let dates = cast_to(array, &DataType::Date32)?;
                Ok(Column::Date(dates.as_primitive().clone()))
            }
            _ => text_column(array),
        },
        _ => text_column(array),
    }
}

/// The positions and names of the data columns of an Arrow table: all but
/// the index pandas adds as `__index_level_0__` when a frame has a
/// non-default index (a filtered frame); a named index is a column.
fn data_columns(schema: &arrow_schema::Schema) -> (Vec<usize>, Vec<String>) {
    schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| !(f.name().starts_with("__index_level_") && f.name().ends_with("__")))
        .map(|(i, f)| (i, f.name().clone()))
        .unzip()
}

/// Writes an Arrow stream into `table`.
fn write_arrow(
    builder: &mut DatasetBuilder,
    table: TableKind,
    reader: Box<dyn RecordBatchReader + Send>,
) -> Result<(), Error> {
    let (kept, header) = data_columns(&reader.schema());
    let types: Vec<ColumnType> = header.iter().map(|h| column_type(Some(table), h)).collect();
    let mut writer = builder.writer(table, &header)?;
    for batch in reader {
        let batch = batch.map_err(|e| {
            DataError::table(table.name(), format!("the table could not be read: {e}"))
        })?;
        let columns = kept
            .iter()
            .zip(&types)
            .zip(&header)
            .map(|((&i, &ty), name)| {
                column(batch.column(i), ty).map_err(|m| DataError::column(table.name(), name, m))
            })
            .collect::<Result<Vec<_>, _>>()?;
        let mut cells: Vec<Cell> = Vec::with_capacity(header.len());
        for row in 0..batch.num_rows() {
            cells.clear();
            cells.extend(columns.iter().map(|c| c.cell(row)));
            writer.push(&cells)?;
        }
    }
    Ok(())
}

/// Every cell of a table argument as text (an empty cell is a missing
/// value), with its header; `table` names it in errors.
fn text_rows(table: &str, input: Input) -> Result<(Vec<String>, Vec<Vec<String>>), Error> {
    match input {
        Input::Records { header, rows } => {
            for (n, row) in rows.iter().enumerate() {
                check_row(table, &header, n, row)?;
            }
            let rows = rows
                .iter()
                .map(|r| r.iter().map(Value::text).collect())
                .collect::<Vec<Vec<String>>>();
            Ok((header, rows))
        }
        Input::Arrow(reader) => {
            let (kept, header) = data_columns(&reader.schema());
            let mut rows = Vec::new();
            for batch in reader {
                let batch = batch.map_err(|e| {
                    DataError::table(table, format!("the table could not be read: {e}"))
                })?;
                let columns = kept
                    .iter()
                    .zip(&header)
                    .map(|(&i, name)| {
                        column(batch.column(i), ColumnType::Code)
                            .map_err(|m| DataError::column(table, name, m))
                    })
                    .collect::<Result<Vec<_>, _>>()?;
                for row in 0..batch.num_rows() {
                    rows.push(
                        columns
                            .iter()
                            .map(|c| match c.cell(row) {
                                Cell::Text(t) => t.to_string(),
                                _ => String::new(),
                            })
                            .collect(),
                    );
                }
            }
            Ok((header, rows))
        }
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

fn build(tree: Input, tables: Vec<(TableKind, Input)>) -> Result<etalon::Dataset, Error> {
    let mut builder = DatasetBuilder::new(read_tree(tree)?);
    for (table, input) in tables {
        match input {
            Input::Arrow(reader) => write_arrow(&mut builder, table, reader)?,
            Input::Records { header, rows } => {
                if rows.is_empty() {
                    continue;
                }
                let mut writer = builder.writer(table, &header)?;
                let mut cells = Vec::with_capacity(header.len());
                for (n, row) in rows.iter().enumerate() {
                    check_row(table.name(), &header, n, row)?;
                    cells.clear();
                    cells.extend(row.iter().map(Value::cell));
                    writer.push(&cells)?;
                }
            }
        }
    }
    Ok(builder.finish()?)
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
    /// object per row, or a list of dicts for small inputs.
    #[staticmethod]
    #[pyo3(signature = (
        units, *, cases = None, deliveries = None, surveys = None, complaints = None,
        audits = None, occupancy = None, incidents = None, diagnostics = None,
        assignments = None, staff = None
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
        for (kind, obj) in given {
            if let Some(obj) = obj.filter(|o| !o.is_none()) {
                tables.push((kind, input(kind.name(), Some(kind), obj)?));
            }
        }
        let inner = py.detach(move || guard(|| build(tree, tables)))?;
        Ok(Dataset {
            inner: Arc::new(inner),
        })
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
