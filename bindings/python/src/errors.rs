//! Rust errors to the exceptions of `etalon.errors`.
//!
//! Every error of the engine and the host arrives as an
//! [`etalon::Envelope`]; its code's family chooses the exception class (a
//! few codes have a class of their own), and every field of the envelope
//! becomes an attribute. Work that runs without the GIL returns an
//! [`Error`]; it becomes a Python exception once the thread is attached
//! again. A panic inside the engine is caught where the work starts
//! ([`guard`]) and raised as `InternalError`, so no panic crosses into
//! Python.

use std::panic::{AssertUnwindSafe, catch_unwind};

use etalon::error::{Code, Envelope, Family};
use pyo3::BoundObject;
use pyo3::exceptions::PyTypeError;
use pyo3::prelude::*;
use pyo3::types::PyList;

use crate::convert::date;
use crate::language;
use crate::methodology::Diagnostic;

/// Everything that can go wrong in the binding.
#[derive(Debug)]
pub enum Error {
    /// An error of the engine or the host.
    Etalon(Box<Envelope>),
    /// An argument of the wrong Python type.
    Type(String),
}

impl Error {
    /// A failure of the binding itself (a result table that cannot be
    /// built), as `E-INTERNAL`.
    pub fn internal(message: impl Into<String>) -> Self {
        Error::Etalon(Box::new(Envelope::new(Code::Internal, message)))
    }
}

impl From<Envelope> for Error {
    fn from(e: Envelope) -> Self {
        Error::Etalon(Box::new(e))
    }
}

/// `From` for every error type that has an envelope.
macro_rules! enveloped {
    ($($t:ty),+ $(,)?) => {
        $(
            impl From<$t> for Error {
                fn from(e: $t) -> Self {
                    Error::Etalon(Box::new(Envelope::from(e)))
                }
            }
        )+
    };
}

enveloped!(
    etalon::Diagnostics,
    etalon::DataError,
    etalon::EvaluationError,
    etalon::PeriodError,
    etalon::NokError,
    etalon::JournalError,
    etalon::scoring::KpiError,
    etalon::scoring::PlanError,
    etalon::io::LoadError,
    etalon::io::TableProblems,
    etalon::io::ScoringFileError,
    etalon::io::JournalFileError,
    etalon::host::RecordError,
    etalon::kpi::KpiRequestError,
    etalon::folder::FolderError,
    etalon::limits::RunError,
);

/// Runs `work`, turning a panic into `E-INTERNAL`.
pub fn guard<T>(work: impl FnOnce() -> Result<T, Error>) -> Result<T, Error> {
    match catch_unwind(AssertUnwindSafe(work)) {
        Ok(result) => result,
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "no message".to_string());
            Err(Envelope::internal(&what).into())
        }
    }
}

impl From<Error> for PyErr {
    fn from(e: Error) -> PyErr {
        Python::attach(|py| e.into_py_err(py))
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

/// The class of `etalon.errors` for a code: its family's, or its own for
/// the few codes that have one.
pub(crate) fn class_of(code: Code) -> &'static str {
    match code {
        Code::DataPeriod => "PeriodError",
        Code::EvalNotInForce => "NotInForceError",
        Code::EvalRequest => "RequestError",
        Code::LimitScript => "ScriptLimitError",
        Code::JournalIncomplete => "IncompleteRecordError",
        _ => match code.family() {
            Family::Data => "DataError",
            Family::Package => "RuleError",
            Family::Script => "ScriptError",
            Family::Eval => "EvaluationError",
            Family::Limit => "LimitError",
            Family::Scoring => "ScoringError",
            Family::Journal => "JournalError",
            Family::Io => "FileError",
            Family::Internal => "InternalError",
        },
    }
}

/// The exception for an envelope: its class, its message in the language
/// of [`language::current`] (the English in `message_en`), `code` and every
/// field as attributes (`path` is the old name of `file`, `org` of
/// `organisation`, `text` of `value`; they stay for callers that use them).
pub(crate) fn exception(py: Python<'_>, e: Envelope) -> PyErr {
    let lang = language::current();
    let made = (|| -> PyResult<Bound<'_, PyAny>> {
        let class = py.import("etalon.errors")?.getattr(class_of(e.code))?;
        let instance = class.call1((e.message_in(lang),))?;
        instance.setattr("message_en", e.message.as_str())?;
        let f = e.fields;
        let optional_date = |d: Option<chrono::NaiveDate>| match d {
            Some(d) => date(py, d),
            None => py.None().into_bound(py),
        };
        let diagnostics: Vec<Diagnostic> =
            e.diagnostics.into_iter().map(Diagnostic::from).collect();
        let set: [(&str, Bound<'_, PyAny>); 22] = [
            ("code", obj(py, e.code.as_str())),
            ("family", obj(py, e.code.family().as_str())),
            ("file", obj(py, f.file.clone())),
            ("path", obj(py, f.file)),
            ("line", obj(py, f.line)),
            ("column", obj(py, f.column)),
            ("table", obj(py, f.table)),
            ("row", obj(py, f.row)),
            ("field", obj(py, f.field)),
            ("rule", obj(py, f.rule)),
            ("organisation", obj(py, f.organisation.clone())),
            ("org", obj(py, f.organisation)),
            ("indicator", obj(py, f.indicator)),
            ("deviation", obj(py, f.deviation)),
            ("event", obj(py, f.event)),
            ("limit", obj(py, f.limit)),
            ("value", obj(py, f.value.clone())),
            ("text", obj(py, f.value)),
            ("period", obj(py, f.period)),
            ("package", obj(py, f.package)),
            ("in_force_from", optional_date(f.in_force_from)),
            ("in_force_to", optional_date(f.in_force_to)),
        ];
        for (name, value) in set {
            instance.setattr(name, value)?;
        }
        instance.setattr("diagnostics", PyList::new(py, diagnostics)?)?;
        // Every problem of a data folder, as dicts (`DataError.errors()`).
        let problems = PyList::empty(py);
        for p in e.problems {
            let d = pyo3::types::PyDict::new(py);
            d.set_item("code", p.code.as_str())?;
            d.set_item("message", p.message_in(lang))?;
            d.set_item("message_en", p.message)?;
            d.set_item("file", p.fields.file)?;
            d.set_item("line", p.fields.line)?;
            d.set_item("column", p.fields.column)?;
            d.set_item("table", p.fields.table)?;
            d.set_item("row", p.fields.row)?;
            d.set_item("field", p.fields.field)?;
            problems.append(d)?;
        }
        instance.setattr("problems", problems)?;
        Ok(instance)
    })();
    match made {
        Ok(instance) => PyErr::from_value(instance),
        Err(e) => e,
    }
}

impl Error {
    /// The Python exception for this error.
    pub fn into_py_err(self, py: Python<'_>) -> PyErr {
        match self {
            Error::Etalon(e) => exception(py, *e),
            Error::Type(message) => PyTypeError::new_err(message),
        }
    }
}
