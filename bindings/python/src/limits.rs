//! The host's limits from the keyword arguments of the calls that compile
//! a package or evaluate: the ceiling of the script limits and `timeout`,
//! validated by the host crate (`etalon::limits`) as the CLI's flags are.

use etalon::limits::{HostLimits, LimitsError, Run, limit_value};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

/// The keyword arguments of the script ceiling, as given.
#[derive(Debug, Clone, Copy, Default)]
pub struct Ceiling {
    pub max_operations: Option<i64>,
    pub max_call_levels: Option<i64>,
    pub max_expr_depth: Option<i64>,
    pub max_string_size: Option<i64>,
    pub max_array_size: Option<i64>,
    pub max_map_size: Option<i64>,
}

fn value_error(e: LimitsError) -> PyErr {
    PyValueError::new_err(e.to_string())
}

fn limit(option: &'static str, value: Option<i64>) -> PyResult<Option<u64>> {
    value
        .map(|v| limit_value(option, v))
        .transpose()
        .map_err(value_error)
}

/// Starts the clock of a call under `ceiling` and `timeout` (seconds); a
/// limit below 1 or a timeout that is not a number of seconds is a
/// `ValueError` naming the argument.
pub fn start(ceiling: Ceiling, timeout: Option<f64>) -> PyResult<Run> {
    HostLimits {
        timeout,
        max_operations: limit("max_operations", ceiling.max_operations)?,
        max_call_levels: limit("max_call_levels", ceiling.max_call_levels)?,
        max_expr_depth: limit("max_expr_depth", ceiling.max_expr_depth)?,
        max_string_size: limit("max_string_size", ceiling.max_string_size)?,
        max_array_size: limit("max_array_size", ceiling.max_array_size)?,
        max_map_size: limit("max_map_size", ceiling.max_map_size)?,
    }
    .start()
    .map_err(value_error)
}

/// Starts the clock of a call that only has a `timeout`.
pub fn timed(timeout: Option<f64>) -> PyResult<Run> {
    start(Ceiling::default(), timeout)
}
