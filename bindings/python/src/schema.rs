//! `etalon.schema(table)`: the columns a record table takes, so that an
//! analyst can shape a DataFrame before handing it over.

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// One column of a record table.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Column {
    /// Its name, as in the file's header.
    name: String,
    /// What it holds: `id`, `code`, `date`, `month`, `count`, `flag`,
    /// `unit id` or `recipient id`.
    r#type: String,
    /// Whether every record must have it.
    required: bool,
    /// Whether it identifies a person (its values never appear in messages).
    personal: bool,
    /// The only values accepted, for closed code lists (empty: any).
    values: Vec<String>,
    /// What it means.
    doc: String,
}

#[pymethods]
impl Column {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.Column {} {}{}>",
            self.name,
            self.r#type,
            if self.required { ", required" } else { "" }
        )
    }
}

/// The fixed columns of the record table `table` (`cases`, `deliveries`,
/// ... as in `etalon.TABLES`), in file order. `surveys` also takes a
/// column per questionnaire item.
#[pyfunction]
pub fn schema(table: &str) -> PyResult<Vec<Column>> {
    let kind: etalon::TableKind = table.parse().map_err(PyValueError::new_err)?;
    Ok(kind
        .columns()
        .iter()
        .map(|c| Column {
            name: c.name.to_string(),
            r#type: c.ty.name().to_string(),
            required: c.required,
            personal: c.personal,
            values: c.values.iter().map(|v| v.to_string()).collect(),
            doc: c.doc.to_string(),
        })
        .collect())
}
