//! Rust errors to the exceptions of `etalon.errors`.
//!
//! Work that runs without the GIL returns an [`Error`]; it becomes a Python
//! exception once the thread is attached again. A panic inside the engine is
//! caught where the work starts ([`guard`]) and raised as `EtalonError`, so
//! no panic crosses into Python.

use std::panic::{AssertUnwindSafe, catch_unwind};

use etalon::io::LoadError;
use etalon::{DataError, Diagnostics, EvaluationError, FailureKind, Limit, PeriodError};
use pyo3::BoundObject;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::{PyDict, PyList};

use crate::convert::date;
use crate::methodology::Diagnostic;

/// Everything that can go wrong in the binding.
#[derive(Debug)]
pub enum Error {
    /// A rule package does not compile.
    Rules(Diagnostics),
    /// A file or folder could not be read.
    Load(LoadError),
    /// Data breaks a rule of its table.
    Data(DataError),
    /// An evaluation failed.
    Evaluation(EvaluationError),
    /// A period that cannot be read.
    Period(PeriodError),
    /// An argument of the wrong Python type.
    Type(String),
    /// A panic or an internal failure.
    Internal(String),
    /// Scoring (НОК, KPI, improvement plans) failed.
    Scoring(crate::scoring::ScoringFailure),
    /// The deviation journal refused a change or could not be read.
    Journal(crate::journal::JournalFailure),
}

impl From<Diagnostics> for Error {
    fn from(d: Diagnostics) -> Self {
        Error::Rules(d)
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        Error::Load(e)
    }
}

impl From<DataError> for Error {
    fn from(e: DataError) -> Self {
        Error::Data(e)
    }
}

impl From<EvaluationError> for Error {
    fn from(e: EvaluationError) -> Self {
        Error::Evaluation(e)
    }
}

impl From<PeriodError> for Error {
    fn from(e: PeriodError) -> Self {
        Error::Period(e)
    }
}

/// Runs `work`, turning a panic into [`Error::Internal`].
pub fn guard<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Err(Error::Internal(format!(
                "internal error in the etalon engine ({what}); please report it with the input that caused it"
            )))
        }
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        Python::attach(|py| e.into_py_err(py))
    }
}

pub(crate) fn raise(
    py: Python<'_>,
    class: &str,
    message: String,
    fields: &[(&str, Bound<'_, PyAny>)],
) -> PyErr {
    let made = (|| -> PyResult<Bound<'_, PyAny>> {
        let class = py.import("etalon.errors")?.getattr(class)?;
        let kwargs = PyDict::new(py);
        for (k, v) in fields {
            kwargs.set_item(k, v)?;
        }
        class.call((message,), Some(&kwargs))
    })();
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

pub(crate) fn obj<'py, T>(py: Python<'py>, v: T) -> Bound<'py, PyAny>
where
    T: IntoPyObject<'py>,
{
    match v.into_pyobject(py) {
        Ok(o) => o.into_any().into_bound(),
        Err(_) => py.None().into_bound(py),
    }
}

pub(crate) fn data_error(
    py: Python<'_>,
    e: &DataError,
    path: Option<String>,
    line: Option<u64>,
) -> PyErr {
    let message = match (&path, line) {
        (Some(p), Some(l)) => format!("{p}, line {l}: {e}"),
        (Some(p), None) => format!("{p}: {e}"),
        _ => e.to_string(),
    };
    raise(
        py,
        "DataError",
        message,
        &[
            ("table", obj(py, e.table.as_str())),
            ("row", obj(py, e.row)),
            ("field", obj(py, e.field.as_deref())),
            ("path", obj(py, path)),
            ("line", obj(py, line)),
        ],
    )
}

fn limit_name(l: Limit) -> &'static str {
    match l {
        Limit::Operations => "operations",
        Limit::CallDepth => "call_depth",
        Limit::ExpressionDepth => "expression_depth",
        Limit::StringSize => "string_size",
        Limit::ArraySize => "array_size",
        Limit::MapSize => "map_size",
        Limit::Variables => "variables",
    }
}

fn table_of(path: &std::path::Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

impl Error {
    /// The Python exception for this error.
    pub fn into_py_err(self, py: Python<'_>) -> PyErr {
        match self {
            Error::Rules(diagnostics) => {
                let list: Vec<Diagnostic> =
                    diagnostics.iter().cloned().map(Diagnostic::from).collect();
                let list = match PyList::new(py, list) {
                    Ok(l) => l.into_any(),
                    Err(e) => return e,
                };
                let first = diagnostics
                    .iter()
                    .find(|d| d.is_error())
                    .map(|d| format!("; first: {d}"))
                    .unwrap_or_default();
                raise(
                    py,
                    "RuleError",
                    format!(
                        "the rule package has {} error(s) and {} warning(s){first}",
                        diagnostics.error_count(),
                        diagnostics.warning_count()
                    ),
                    &[("diagnostics", list)],
                )
            }
            Error::Load(e) => {
                let message = e.to_string();
                match e {
                    LoadError::Data { path, line, error } => {
                        data_error(py, &error, Some(path.display().to_string()), line)
                    }
                    LoadError::Csv { path, line, .. } => raise(
                        py,
                        "DataError",
                        message,
                        &[
                            ("table", obj(py, table_of(&path))),
                            ("path", obj(py, path.display().to_string())),
                            ("line", obj(py, line)),
                        ],
                    ),
                    LoadError::Json { path, .. } => raise(
                        py,
                        "DataError",
                        message,
                        &[
                            ("table", obj(py, table_of(&path))),
                            ("path", obj(py, path.display().to_string())),
                        ],
                    ),
                    LoadError::Io { path, .. } | LoadError::Missing { path, .. } => raise(
                        py,
                        "FileError",
                        message,
                        &[("path", obj(py, path.display().to_string()))],
                    ),
                }
            }
            Error::Data(e) => data_error(py, &e, None, None),
            Error::Evaluation(e) => {
                let message = e.to_string();
                match e {
                    EvaluationError::Data(d) => data_error(py, &d, None, None),
                    EvaluationError::Script(s) => {
                        let place = [
                            ("rule", obj(py, s.rule.as_str())),
                            ("file", obj(py, s.file.as_str())),
                            ("line", obj(py, s.line)),
                            ("column", obj(py, s.column)),
                        ];
                        match s.kind {
                            FailureKind::Limit(l) => {
                                let mut fields = place.to_vec();
                                fields.push(("limit", obj(py, limit_name(l))));
                                raise(py, "ScriptLimitError", message, &fields)
                            }
                            _ => raise(py, "ScriptError", message, &place),
                        }
                    }
                    EvaluationError::NotInForce {
                        package,
                        period,
                        from,
                        to,
                    } => raise(
                        py,
                        "NotInForceError",
                        message,
                        &[
                            ("package", obj(py, package)),
                            ("period", obj(py, period.to_string())),
                            ("in_force_from", date(py, from)),
                            (
                                "in_force_to",
                                to.map_or_else(|| py.None().into_bound(py), |t| date(py, t)),
                            ),
                        ],
                    ),
                    _ => raise(py, "EtalonError", message, &[]),
                }
            }
            Error::Period(e) => {
                let message = e.to_string();
                raise(py, "PeriodError", message, &[("text", obj(py, e.text))])
            }
            Error::Type(message) => PyTypeError::new_err(message),
            Error::Internal(message) => raise(py, "EtalonError", message, &[]),
            Error::Scoring(e) => e.into_py_err(py),
            Error::Journal(e) => e.into_py_err(py),
        }
    }
}
