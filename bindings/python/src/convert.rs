//! Small conversions shared by the classes: dates, decimals and the names
//! of enum values as Python sees them (the same words as the JSON output).

use chrono::NaiveDate;
use etalon::methodology::{DeviationSeverity, Direction, Scope, Source, ValueUnit};
use etalon::{Judgement, Period};
use pyo3::prelude::*;
use rust_decimal::Decimal;

use crate::errors::Error;

/// A `datetime.date` (or `None` if the conversion fails, which it does not
/// for dates the engine holds).
pub fn date(py: Python<'_>, d: NaiveDate) -> Bound<'_, PyAny> {
    match d.into_pyobject(py) {
        Ok(o) => o.into_any(),
        Err(_) => py.None().into_bound(py),
    }
}

/// An exact decimal as a float, correctly rounded (through its text).
pub fn float(d: Decimal) -> f64 {
    d.to_string().parse().unwrap_or(f64::NAN)
}

/// Reads a period such as `2026-Q3`.
pub fn period(text: &str) -> Result<Period, Error> {
    text.trim().parse::<Period>().map_err(Error::from)
}

/// `normal`, `warning`, `critical`, `insufficient_base`, `no_reference`, `undefined`.
pub fn judgement(j: Judgement) -> &'static str {
    match j {
        Judgement::Normal => "normal",
        Judgement::Warning => "warning",
        Judgement::Critical => "critical",
        Judgement::InsufficientBase => "insufficient_base",
        Judgement::NoReference => "no_reference",
        Judgement::Undefined => "undefined",
    }
}

/// `warning` or `critical`.
pub fn severity(s: DeviationSeverity) -> &'static str {
    match s {
        DeviationSeverity::Warning => "warning",
        DeviationSeverity::Critical => "critical",
    }
}

/// `percent`, `per100`, `per1000`, `days`, `count`, `ratio`, `points` (as in rule files).
pub fn unit(u: ValueUnit) -> &'static str {
    match u {
        ValueUnit::Percent => "percent",
        ValueUnit::Per100 => "per100",
        ValueUnit::Per1000 => "per1000",
        ValueUnit::Days => "days",
        ValueUnit::Count => "count",
        ValueUnit::Ratio => "ratio",
        ValueUnit::Points => "points",
    }
}

/// `higher_is_better`, `lower_is_better`, `within_band`.
pub fn direction(d: Direction) -> &'static str {
    match d {
        Direction::HigherIsBetter => "higher_is_better",
        Direction::LowerIsBetter => "lower_is_better",
        Direction::WithinBand => "within_band",
    }
}

/// `region`, `org_type=...`, `group=...`, `org=...`, `unit=...`.
pub fn scope(s: &Scope) -> String {
    s.to_string()
}

/// (`act` or `proposal`, text).
pub fn source(s: &Source) -> (&'static str, &str) {
    match s {
        Source::Act(t) => ("act", t),
        Source::Proposal(t) => ("proposal", t),
    }
}

/// A whole-number argument that cannot be negative (`threads`,
/// `history`): a negative one is a `ValueError` naming the argument, not
/// Python's `OverflowError` of a conversion.
pub fn non_negative<T: TryFrom<i64>>(name: &str, value: i64) -> PyResult<T> {
    T::try_from(value).map_err(|_| {
        pyo3::exceptions::PyValueError::new_err(format!(
            "`{name}` must be a whole number 0 or more, not {value}"
        ))
    })
}

/// The host's `LoadOptions` from the keyword arguments of `from_dir` and
/// `evaluate_dir` (the same as `etalon evaluate`'s options): a wrong
/// encoding or separator is a `ValueError` naming the argument.
pub fn load_options(
    extra_columns: Option<Vec<String>>,
    max_problems: Option<usize>,
    encoding: Option<&str>,
    separator: Option<&str>,
    max_records: Option<usize>,
) -> PyResult<etalon::io::LoadOptions> {
    let bad = |e: String| pyo3::exceptions::PyValueError::new_err(e);
    let encoding = encoding
        .map(|e| e.parse::<etalon::io::TextEncoding>())
        .transpose()
        .map_err(|e| bad(format!("encoding: {e}")))?;
    let separator = match separator {
        None => None,
        Some(",") => Some(b','),
        Some(";") => Some(b';'),
        Some(other) => {
            return Err(bad(format!(
                "separator: `{other}`: the separator is `,` or `;`"
            )));
        }
    };
    Ok(etalon::io::LoadOptions {
        max_records,
        extra_columns: extra_columns.unwrap_or_default(),
        max_problems,
        encoding,
        separator,
    })
}
