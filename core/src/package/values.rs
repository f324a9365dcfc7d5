//! Small value types read from package files: dates and exact numbers.

use std::str::FromStr;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer};

/// A calendar date written either as a TOML date (`2026-01-01`) or a string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct TomlDate(pub NaiveDate);

impl<'de> Deserialize<'de> for TomlDate {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::Datetime(dt) => match (dt.date, dt.time) {
                (Some(date), None) => {
                    NaiveDate::from_ymd_opt(date.year.into(), date.month.into(), date.day.into())
                        .map(TomlDate)
                        .ok_or_else(|| D::Error::custom(format!("`{dt}` is not a calendar date")))
                }
                _ => Err(D::Error::custom(format!(
                    "`{dt}` must be a plain date such as 2026-01-01, without a time"
                ))),
            },
            toml::Value::String(s) => NaiveDate::parse_from_str(&s, "%Y-%m-%d")
                .map(TomlDate)
                .map_err(|_| {
                    D::Error::custom(format!("`{s}` is not a date of the form 2026-01-31"))
                }),
            other => Err(D::Error::custom(format!(
                "expected a date such as 2026-01-01, found {}",
                other.type_str()
            ))),
        }
    }
}

/// An exact number written as a TOML integer, float or string.
///
/// Floats are read through their shortest decimal text, so `95.5` is exactly
/// 95.5 and `0.1` is exactly 0.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct Num(pub Decimal);

impl<'de> Deserialize<'de> for Num {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        use serde::de::Error;
        match toml::Value::deserialize(d)? {
            toml::Value::Integer(i) => Ok(Num(Decimal::from(i))),
            toml::Value::Float(f) if f.is_finite() => Decimal::from_str(&f.to_string())
                .or_else(|_| Decimal::from_scientific(&format!("{f:e}")))
                .map(Num)
                .map_err(|_| D::Error::custom(format!("{f} is out of range"))),
            toml::Value::String(s) => Decimal::from_str(s.trim())
                .map(Num)
                .map_err(|_| D::Error::custom(format!("`{s}` is not a number"))),
            other => Err(D::Error::custom(format!(
                "expected a number, found {}",
                other.type_str()
            ))),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Deserialize)]
    struct T {
        d: TomlDate,
        n: Num,
        s: Num,
    }

    #[test]
    fn reads_dates_and_exact_numbers() {
        let t: T = toml::from_str("d = 2026-01-31\nn = 0.1\ns = \"95.55\"").unwrap();
        assert_eq!(t.d.0, NaiveDate::from_ymd_opt(2026, 1, 31).unwrap());
        assert_eq!(t.n.0, Decimal::from_str("0.1").unwrap());
        assert_eq!(t.s.0, Decimal::from_str("95.55").unwrap());
        assert!(toml::from_str::<T>("d = 2026-02-30\nn = 1\ns = \"1\"").is_err());
        assert!(toml::from_str::<T>("d = \"1.1.2026\"\nn = 1\ns = \"1\"").is_err());
    }
}
