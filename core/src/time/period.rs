use std::fmt;
use std::str::FromStr;

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// How long a period is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodKind {
    /// A calendar month, written `2026-07`.
    Month,
    /// A quarter, written `2026-Q3`.
    Quarter,
    /// A half-year, written `2026-H2`.
    Half,
    /// A calendar year, written `2026`.
    Year,
}

impl PeriodKind {
    /// Periods of this kind in a year.
    pub fn per_year(self) -> i32 {
        match self {
            PeriodKind::Month => 12,
            PeriodKind::Quarter => 4,
            PeriodKind::Half => 2,
            PeriodKind::Year => 1,
        }
    }

    fn months(self) -> u32 {
        12 / self.per_year() as u32
    }
}

/// A reporting period: a month, quarter, half-year or year.
///
/// ```
/// use etalon_core::Period;
/// let q3: Period = "2026-Q3".parse().unwrap();
/// assert_eq!(q3.start().to_string(), "2026-07-01");
/// assert_eq!(q3.end().to_string(), "2026-09-30");
/// assert_eq!(q3.previous(4).to_string(), "2025-Q3");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Period {
    kind: PeriodKind,
    year: i32,
    /// 1-based index within the year.
    index: u32,
}

/// A period that cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{text}` is not a period; write 2026, 2026-H2, 2026-Q3 or 2026-07")]
pub struct PeriodError {
    /// The text given.
    pub text: String,
}

impl Period {
    /// A period of `kind` with 1-based `index` in `year`, if it exists.
    pub fn new(kind: PeriodKind, year: i32, index: u32) -> Option<Period> {
        let valid = (1..=kind.per_year() as u32).contains(&index) && (1..=9999).contains(&year);
        valid.then_some(Period { kind, year, index })
    }

    /// The period of `kind` that contains `date`.
    pub fn containing(kind: PeriodKind, date: NaiveDate) -> Period {
        Period {
            kind,
            year: date.year(),
            index: date.month0() / kind.months() + 1,
        }
    }

    /// Month, quarter, half or year.
    pub fn kind(self) -> PeriodKind {
        self.kind
    }

    /// The calendar year.
    pub fn year(self) -> i32 {
        self.year
    }

    /// 1-based index within the year.
    pub fn index(self) -> u32 {
        self.index
    }

    /// A running number: consecutive periods of one kind differ by one.
    pub fn ordinal(self) -> i64 {
        self.year as i64 * self.kind.per_year() as i64 + (self.index as i64 - 1)
    }

    fn from_ordinal(kind: PeriodKind, ordinal: i64) -> Period {
        let per_year = kind.per_year() as i64;
        Period {
            kind,
            year: ordinal.div_euclid(per_year) as i32,
            index: ordinal.rem_euclid(per_year) as u32 + 1,
        }
    }

    /// The period `n` periods before this one.
    pub fn previous(self, n: u32) -> Period {
        Period::from_ordinal(self.kind, self.ordinal() - n as i64)
    }

    /// The period right after this one.
    pub fn next(self) -> Period {
        Period::from_ordinal(self.kind, self.ordinal() + 1)
    }

    /// The first day.
    pub fn start(self) -> NaiveDate {
        let month = (self.index - 1) * self.kind.months() + 1;
        NaiveDate::from_ymd_opt(self.year, month, 1).unwrap_or(NaiveDate::MIN)
    }

    /// The last day.
    pub fn end(self) -> NaiveDate {
        self.next().start().pred_opt().unwrap_or(NaiveDate::MAX)
    }

    /// Whether `date` falls inside.
    pub fn contains(self, date: NaiveDate) -> bool {
        self.start() <= date && date <= self.end()
    }
}

impl fmt::Display for Period {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.kind {
            PeriodKind::Month => write!(f, "{}-{:02}", self.year, self.index),
            PeriodKind::Quarter => write!(f, "{}-Q{}", self.year, self.index),
            PeriodKind::Half => write!(f, "{}-H{}", self.year, self.index),
            PeriodKind::Year => write!(f, "{}", self.year),
        }
    }
}

impl FromStr for Period {
    type Err = PeriodError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || PeriodError {
            text: s.to_string(),
        };
        let text = s.trim();
        let (year, rest) = match text.split_once('-') {
            Some((y, r)) => (y, Some(r)),
            None => (text, None),
        };
        if year.len() != 4 || !year.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let year: i32 = year.parse().map_err(|_| err())?;
        let (kind, index) = match rest {
            None => (PeriodKind::Year, "1"),
            Some(r) => match r.as_bytes().first() {
                Some(b'Q' | b'q') => (PeriodKind::Quarter, &r[1..]),
                Some(b'H' | b'h') => (PeriodKind::Half, &r[1..]),
                Some(b'0'..=b'9') if r.len() == 2 => (PeriodKind::Month, r),
                _ => return Err(err()),
            },
        };
        if index.is_empty() || !index.bytes().all(|b| b.is_ascii_digit()) {
            return Err(err());
        }
        let index: u32 = index.parse().map_err(|_| err())?;
        Period::new(kind, year, index).ok_or_else(err)
    }
}

impl Serialize for Period {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Period {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints_every_kind() {
        for text in ["2026", "2026-H2", "2026-Q3", "2026-07", "2026-12"] {
            let p: Period = text.parse().unwrap();
            assert_eq!(p.to_string(), text);
        }
        for bad in [
            "26-Q1", "2026-Q5", "2026-13", "2026-H0", "2026-7", "x", "2026-Q", "",
        ] {
            assert!(bad.parse::<Period>().is_err(), "{bad}");
        }
    }

    #[test]
    fn bounds_and_arithmetic() {
        let p: Period = "2026-H1".parse().unwrap();
        assert_eq!(p.end().to_string(), "2026-06-30");
        let m: Period = "2026-01".parse().unwrap();
        assert_eq!(m.previous(1).to_string(), "2025-12");
        let y: Period = "2024".parse().unwrap();
        assert_eq!(y.end().to_string(), "2024-12-31");
        let d = NaiveDate::from_ymd_opt(2026, 8, 15).unwrap();
        assert_eq!(
            Period::containing(PeriodKind::Quarter, d).to_string(),
            "2026-Q3"
        );
        assert!(Period::containing(PeriodKind::Month, d).contains(d));
    }
}
