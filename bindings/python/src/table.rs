//! `etalon.Table`: results as an Arrow table that any Arrow-aware library
//! reads without a copy through the Arrow PyCapsule interface
//! (`pyarrow.table(t)`, `polars.from_arrow(t)`, `pandas` through either).

use std::sync::Arc;

use arrow_array::builder::{
    BooleanBuilder, Date32Builder, Float64Builder, Int64Builder, ListBuilder, StringBuilder,
    TimestampMicrosecondBuilder,
};
use arrow_array::{ArrayRef, RecordBatch, StructArray};
use arrow_schema::{ArrowError, Field, Schema};
use chrono::NaiveDate;
use pyo3::exceptions::PyImportError;
use pyo3::prelude::*;
use pyo3::types::PyCapsule;
use pyo3_arrow::ffi::{ArrayIterator, to_schema_pycapsule, to_stream_pycapsule};
use rust_decimal::Decimal;

use crate::convert::float;
use crate::errors::Error;

/// A table of results (indicator values, deviations, the catalogue...).
///
/// It implements the Arrow PyCapsule interface (`__arrow_c_stream__`), so
/// `pyarrow.table(t)`, `polars.from_arrow(t)` or `polars.DataFrame(t)` read
/// it without copying; `to_pandas()`, `to_polars()` and `to_pyarrow()` do
/// that in one call.
#[pyclass(frozen, module = "etalon", name = "Table")]
pub struct Table {
    batch: RecordBatch,
}

impl Table {
    fn pyarrow_table<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let pyarrow = py.import("pyarrow").map_err(|e| {
            PyImportError::new_err(format!("this needs pyarrow (pip install pyarrow): {e}"))
        })?;
        pyarrow.getattr("table")?.call1((Table {
            batch: self.batch.clone(),
        },))
    }
}

#[pymethods]
impl Table {
    /// The Arrow C stream of this table (the Arrow PyCapsule interface).
    #[pyo3(signature = (requested_schema = None))]
    fn __arrow_c_stream__<'py>(
        &self,
        py: Python<'py>,
        requested_schema: Option<Bound<'py, PyCapsule>>,
    ) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = self.batch.schema();
        let field = Field::new_struct("", schema.fields().clone(), false)
            .with_metadata(schema.metadata().clone());
        let array: ArrayRef = Arc::new(StructArray::from(self.batch.clone()));
        let reader = ArrayIterator::new(vec![Ok(array)], Arc::new(field));
        Ok(to_stream_pycapsule(py, Box::new(reader), requested_schema)?)
    }

    /// The Arrow C schema of this table.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        Ok(to_schema_pycapsule(py, self.batch.schema().as_ref())?)
    }

    /// Number of rows.
    #[getter]
    fn num_rows(&self) -> usize {
        self.batch.num_rows()
    }

    /// The column names, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.batch
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect()
    }

    fn __len__(&self) -> usize {
        self.batch.num_rows()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.Table: {} rows; {}>",
            self.batch.num_rows(),
            self.column_names().join(", ")
        )
    }

    /// This table as a `pyarrow.Table` (needs pyarrow).
    fn to_pyarrow<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.pyarrow_table(py)
    }

    /// This table as a `pandas.DataFrame` (needs pandas and pyarrow).
    fn to_pandas<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        self.pyarrow_table(py)?.call_method0("to_pandas")
    }

    /// This table as a `polars.DataFrame` (needs polars).
    fn to_polars<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let polars = py.import("polars").map_err(|e| {
            PyImportError::new_err(format!("this needs polars (pip install polars): {e}"))
        })?;
        polars.getattr("DataFrame")?.call1((Table {
            batch: self.batch.clone(),
        },))
    }
}

/// Builds a [`Table`] column by column.
#[derive(Default)]
pub struct TableBuilder {
    fields: Vec<Field>,
    columns: Vec<ArrayRef>,
}

impl TableBuilder {
    /// An empty table.
    pub fn new() -> Self {
        Self::default()
    }

    fn push(&mut self, name: &str, column: ArrayRef) {
        self.fields
            .push(Field::new(name, column.data_type().clone(), true));
        self.columns.push(column);
    }

    /// A text column.
    pub fn text<'a, I, S>(&mut self, name: &str, values: I) -> &mut Self
    where
        I: IntoIterator<Item = Option<S>>,
        S: AsRef<str> + 'a,
    {
        let mut b = StringBuilder::new();
        for v in values {
            b.append_option(v);
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A column of lists of text.
    pub fn text_lists<I, L, S>(&mut self, name: &str, values: I) -> &mut Self
    where
        I: IntoIterator<Item = L>,
        L: IntoIterator<Item = S>,
        S: AsRef<str>,
    {
        let mut b = ListBuilder::new(StringBuilder::new());
        for list in values {
            for s in list {
                b.values().append_value(s);
            }
            b.append(true);
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A whole-number column.
    pub fn int(&mut self, name: &str, values: impl IntoIterator<Item = Option<i64>>) -> &mut Self {
        let mut b = Int64Builder::new();
        for v in values {
            b.append_option(v);
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A float column (limits and probabilities).
    pub fn float(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<f64>>,
    ) -> &mut Self {
        let mut b = Float64Builder::new();
        for v in values {
            b.append_option(v);
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A decimal column, as `float64` (the objects keep the exact values).
    pub fn decimal(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<Decimal>>,
    ) -> &mut Self {
        let mut b = Float64Builder::new();
        for v in values {
            b.append_option(v.map(float));
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A date column.
    pub fn date(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<NaiveDate>>,
    ) -> &mut Self {
        let mut b = Date32Builder::new();
        for v in values {
            b.append_option(v.map(arrow_array::types::Date32Type::from_naive_date));
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A column of flags.
    pub fn flag(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<bool>>,
    ) -> &mut Self {
        let mut b = BooleanBuilder::new();
        for v in values {
            b.append_option(v);
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// A column of instants (microseconds, UTC).
    pub fn timestamp(
        &mut self,
        name: &str,
        values: impl IntoIterator<Item = Option<chrono::DateTime<chrono::Utc>>>,
    ) -> &mut Self {
        let mut b = TimestampMicrosecondBuilder::new().with_timezone("UTC");
        for v in values {
            b.append_option(v.map(|t| t.timestamp_micros()));
        }
        self.push(name, Arc::new(b.finish()));
        self
    }

    /// The finished table.
    pub fn finish(self) -> Result<Table, Error> {
        let schema = Arc::new(Schema::new(self.fields));
        let batch = if self.columns.is_empty() {
            Ok(RecordBatch::new_empty(schema))
        } else {
            RecordBatch::try_new(schema, self.columns)
        };
        batch
            .map(|batch| Table { batch })
            .map_err(|e: ArrowError| Error::internal(format!("building a result table: {e}")))
    }
}
