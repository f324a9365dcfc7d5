//! The host's limits from the keyword arguments of the calls that compile
//! a package or evaluate: the ceiling of the script limits and `timeout`,
//! validated by the host crate (`etalon::limits`) as the CLI's flags are.

use etalon::limits::{HostLimits, LimitsError, Run, SignedCeiling};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

use crate::language;

/// The refusal as a `ValueError` in the language of
/// [`language::current`], its English in `message_en`.
fn value_error(e: LimitsError) -> PyErr {
    let err = PyValueError::new_err(e.named_in(e.option, language::current()));
    Python::attach(|py| {
        // An attribute that cannot be set leaves the error as it is.
        let _ = err.value(py).setattr("message_en", e.to_string());
    });
    err
}

/// Starts the clock of a call under `ceiling` and `timeout` (seconds); a
/// limit below 1 or a timeout that is not a number of seconds is a
/// `ValueError` naming the argument.
pub fn start(ceiling: SignedCeiling, timeout: Option<f64>) -> PyResult<Run> {
    HostLimits::from_signed(timeout, ceiling)
        .and_then(|host| host.start())
        .map_err(value_error)
}

/// Starts the clock of a call that only has a `timeout`.
pub fn timed(timeout: Option<f64>) -> PyResult<Run> {
    start(SignedCeiling::default(), timeout)
}
