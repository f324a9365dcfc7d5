//! `Evaluation`: the result of evaluating a period, kept on the Rust side
//! and read through records, one value or one list at a time.

use std::time::Duration;

use etalon::error::{Code, Envelope};

use crate::error::EtalonError;
use crate::types::{Deviation, Explanation, IndicatorValue, Level, MethodologyStamp, Summary, int};

/// What to evaluate.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EvaluationOptions {
    /// The period asked: `2026-Q3`, `2026-07`, `2026-H2` or `2026`.
    pub period: String,
    /// Worker threads; 0 uses every core.
    #[uniffi(default = 0)]
    pub threads: i32,
    /// Earlier periods to evaluate too (trends); the package's
    /// `[evaluation] history` when not given.
    #[uniffi(default = None)]
    pub history: Option<i32>,
    /// Refuse a dataset with more records than this (`--max-records` of
    /// the CLI): `EtalonException.LimitExceeded` (`E-LIMIT-RECORDS`).
    #[uniffi(default = None)]
    pub max_records: Option<i64>,
    /// Stop an evaluation running longer than this (`--timeout` of the
    /// CLI): `EtalonException.LimitExceeded` (`E-LIMIT-DEADLINE`).
    #[uniffi(default = None)]
    pub timeout: Option<Duration>,
}

impl EvaluationOptions {
    /// `period` with the package's defaults.
    pub fn new(period: String) -> Self {
        EvaluationOptions {
            period,
            threads: 0,
            history: None,
            max_records: None,
            timeout: None,
        }
    }

    pub(crate) fn to_rust(&self) -> Result<etalon::EvaluationOptions, EtalonError> {
        let mut options = self.untimed()?;
        if let Some(timeout) = self.timeout {
            options = options.with_timeout(timeout);
        }
        Ok(options)
    }

    /// The options but the timeout, which a folder's evaluation counts
    /// from the end of its reading.
    pub(crate) fn untimed(&self) -> Result<etalon::EvaluationOptions, EtalonError> {
        let period: etalon::Period = self.period.trim().parse().map_err(EtalonError::period)?;
        let threads = usize::try_from(self.threads)
            .map_err(|_| EtalonError::refused("arg-threads", "threads"))?;
        let mut options = etalon::EvaluationOptions::new(period).with_threads(threads);
        if let Some(h) = self.history {
            let h = u32::try_from(h)
                .map_err(|_| EtalonError::refused("arg-not-negative", "history"))?;
            options = options.with_history(h);
        }
        if let Some(max) = self.max_records {
            let max = usize::try_from(max)
                .map_err(|_| EtalonError::refused("arg-not-negative", "maxRecords"))?;
            options = options.with_max_records(max);
        }
        Ok(options)
    }
}

/// How `evaluateDir` reads a data folder's files (the options of
/// `etalon evaluate`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LoadOptions {
    /// Columns the files carry beside the contract's: read past instead
    /// of refused (any other unknown column is `EtalonException.Data`).
    #[uniffi(default = [])]
    pub extra_columns: Vec<String>,
    /// The most problems collected before the reading stops (100 when not
    /// given).
    #[uniffi(default = None)]
    pub max_problems: Option<i32>,
    /// The encoding of CSV files (`utf-8` or `windows-1251`) instead of
    /// detecting it.
    #[uniffi(default = None)]
    pub encoding: Option<String>,
    /// The separator of CSV files (`,` or `;`) instead of detecting it.
    #[uniffi(default = None)]
    pub separator: Option<String>,
}

impl LoadOptions {
    pub(crate) fn to_rust(&self) -> Result<etalon::io::LoadOptions, EtalonError> {
        let max_problems = self
            .max_problems
            .map(|n| {
                usize::try_from(n)
                    .map_err(|_| EtalonError::refused("arg-not-negative", "maxProblems"))
            })
            .transpose()?;
        let encoding = self
            .encoding
            .as_deref()
            .map(str::parse::<etalon::io::TextEncoding>)
            .transpose()
            .map_err(|e| EtalonError::argument("encoding", e))?;
        let separator = match self.separator.as_deref() {
            None => None,
            Some(",") => Some(b','),
            Some(";") => Some(b';'),
            Some(other) => {
                return Err(EtalonError::argument(
                    "separator",
                    format!("`{other}`: the separator is `,` or `;`"),
                ));
            }
        };
        Ok(etalon::io::LoadOptions {
            max_records: None,
            extra_columns: self.extra_columns.clone(),
            max_problems,
            encoding,
            separator,
        })
    }
}

/// The result of evaluating a period: every indicator value of every
/// entity, judged, and the deviations. Immutable; safe to share.
#[derive(Debug, uniffi::Object)]
pub struct Evaluation {
    methodology: etalon::Methodology,
    inner: etalon::Evaluation,
}

impl Evaluation {
    /// `inner` by `methodology`, its reasons in the catalogue's English as
    /// the CLI's JSON carries them.
    pub(crate) fn new(methodology: etalon::Methodology, mut inner: etalon::Evaluation) -> Self {
        etalon::explain::english_reasons(&methodology, &mut inner);
        Evaluation { methodology, inner }
    }

    /// The Rust result.
    pub fn as_rust(&self) -> &etalon::Evaluation {
        &self.inner
    }
}

#[uniffi::export]
impl Evaluation {
    /// The region evaluated (its id).
    pub fn region(&self) -> String {
        self.inner.region.clone()
    }

    /// The period asked.
    pub fn period(&self) -> String {
        self.inner.period.to_string()
    }

    /// The periods of the window, oldest first (the last is `period`).
    pub fn periods(&self) -> Vec<String> {
        self.inner.periods.iter().map(|p| p.to_string()).collect()
    }

    /// The package the evaluation was made with.
    pub fn methodology(&self) -> MethodologyStamp {
        let m = &self.inner.methodology;
        MethodologyStamp {
            id: m.id.clone(),
            version: m.version.clone(),
            edition: m.edition.clone(),
        }
    }

    /// Counts for a first look.
    pub fn summary(&self) -> Summary {
        (&self.inner.summary).into()
    }

    /// Number of values.
    pub fn value_count(&self) -> i64 {
        int(self.inner.values.len() as u64)
    }

    /// Every value, in a fixed order (region first, then groups,
    /// organisations and units; indicators in package order).
    pub fn values(&self) -> Vec<IndicatorValue> {
        self.inner.values.iter().map(IndicatorValue::from).collect()
    }

    /// The values of one entity.
    pub fn values_of(&self, level: Level, entity: String) -> Vec<IndicatorValue> {
        self.inner
            .values
            .iter()
            .filter(|v| v.entity.level == level && v.entity.id == entity)
            .map(IndicatorValue::from)
            .collect()
    }

    /// The value of `indicator` for `entity` at `level`, if it applies.
    pub fn value(&self, level: Level, entity: String, indicator: String) -> Option<IndicatorValue> {
        self.inner
            .value(level, &entity, &indicator)
            .map(IndicatorValue::from)
    }

    /// Every deviation, in a fixed order.
    pub fn deviations(&self) -> Vec<Deviation> {
        self.inner
            .deviations
            .iter()
            .map(|d| Deviation::new(d, &self.methodology))
            .collect()
    }

    /// A deviation by its stable id (`in_term@org:O1@2026-Q3`).
    pub fn deviation(&self, id: String) -> Option<Deviation> {
        self.inner
            .deviation(&id)
            .map(|d| Deviation::new(d, &self.methodology))
    }

    /// Why the value of `indicator` for `entity` at `level` is what it is:
    /// its measures with their names, tables and filters, the formula, the
    /// reference with its source, the earlier values, and all that in words.
    /// None when the indicator does not apply to the entity;
    /// `EtalonException.Eval` (code `E-EVAL-REQUEST`, `rule` the id) when
    /// the methodology has no such
    /// indicator (a misspelt id is not mistaken for "does not apply").
    pub fn explain(
        &self,
        level: Level,
        entity: String,
        indicator: String,
    ) -> Result<Option<Explanation>, EtalonError> {
        if self.methodology.indicator(&indicator).is_none() {
            let mut e = Envelope::new(
                Code::EvalRequest,
                format!("no indicator `{indicator}` in the methodology"),
            );
            e.fields.rule = Some(indicator);
            return Err(e.into());
        }
        Ok(self
            .inner
            .value(level, &entity, &indicator)
            .map(|v| Explanation::from(&etalon::explain(&self.methodology, &self.inner, v))))
    }

    /// The whole evaluation as deterministic JSON (the CLI's `--format
    /// json`): the same bytes as `etalon::Evaluation::to_json`.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}
