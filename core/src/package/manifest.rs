//! `etalon.toml`, the manifest of a rule package.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::values::TomlDate;
use crate::script::ScriptLimits;
use crate::time::PeriodKind;

/// What a package says about itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackageInfo {
    /// Stable ASCII id (`standard`).
    pub id: String,
    /// Name (Russian allowed).
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// Version of the package files (`1.2.0`).
    pub version: String,
    /// Edition of the methodology it encodes (`2026`): a new order is a new edition.
    pub edition: String,
    /// First day the methodology is in force.
    pub in_force_from: NaiveDate,
    /// Last day it is in force, if it has one.
    pub in_force_to: Option<NaiveDate>,
    /// What it is for.
    pub description: Option<String>,
}

/// The `[package]` section as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawPackage {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub version: String,
    pub edition: String,
    pub in_force_from: TomlDate,
    pub in_force_to: Option<TomlDate>,
    pub description: Option<String>,
}

/// The `[contents]` section: which file holds what.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Contents {
    /// Process files: a `[process]` with its measures and indicators
    /// (a file without `[process]` holds cross-cutting ones).
    #[serde(default)]
    pub processes: Vec<Spanned<String>>,
    /// Reference-value files.
    #[serde(default)]
    pub references: Vec<Spanned<String>>,
    /// Rhai libraries whose functions every formula may call.
    #[serde(default)]
    pub scripts: Vec<Spanned<String>>,
    /// Trend rules.
    pub trends: Option<Spanned<String>>,
    /// The production calendar: a file per year (statutory holidays, the
    /// decree moving days off) and the regions' own holidays.
    #[serde(default)]
    pub calendar: Vec<Spanned<String>>,
    /// The questionnaire behind the survey table.
    pub questionnaire: Option<Spanned<String>>,
    /// The independent assessment (НОК): indicators, criteria, policies.
    pub nok: Option<Spanned<String>>,
    /// The KPI point scheme of managers.
    pub kpi: Option<Spanned<String>>,
    /// The folder of test cases the package carries (`etalon rules test`).
    pub tests: Option<Spanned<String>>,
    /// The responsibility matrix and verification rules.
    pub responsibility: Option<Spanned<String>>,
    /// The list of acts and documents the rules cite by key (`L1`, `R17`).
    pub sources: Option<Spanned<String>>,
}

/// The `[evaluation]` section.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawEvaluation {
    /// Earlier periods evaluated besides the one asked (trends, charts).
    pub history: u32,
    /// The period kind used when a caller does not say.
    pub period: PeriodKind,
}

impl Default for RawEvaluation {
    fn default() -> Self {
        RawEvaluation {
            history: 4,
            period: PeriodKind::Quarter,
        }
    }
}

/// The `[data]` section: which dates a record may carry.
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub(crate) struct RawData {
    pub dates_from: TomlDate,
    pub dates_after_period_days: u32,
    pub implausible_dates: DateBreach,
}

impl Default for RawData {
    fn default() -> Self {
        let rules = DateRules::default();
        RawData {
            dates_from: TomlDate(rules.from),
            dates_after_period_days: rules.after_period_days,
            implausible_dates: rules.breach,
        }
    }
}

/// The dates a record may carry (`[data]` of the manifest). Orders within
/// a record (a decision not before its application, an end not before its
/// start) are the tables' own rules and always errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct DateRules {
    /// No date before this day (`dates_from`, default 2000-01-01).
    pub from: NaiveDate,
    /// No date more than this many days after the end of the period
    /// evaluated (`dates_after_period_days`, default 1096: three years,
    /// room for a planned end or a loan's return). Relative to the period,
    /// not to the day of the run, so an evaluation stays reproducible.
    pub after_period_days: u32,
    /// What a date outside the range is.
    pub breach: DateBreach,
}

impl Default for DateRules {
    fn default() -> Self {
        DateRules {
            from: NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or_default(),
            after_period_days: 1096,
            breach: DateBreach::Error,
        }
    }
}

/// What a date outside [`DateRules`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DateBreach {
    /// The evaluation fails, naming the table, record and column.
    Error,
    /// The evaluation goes on with a note counting such dates per column
    /// (`dates-implausible`) in every output.
    Warning,
}

/// The whole manifest as written.
#[derive(Debug)]
pub(crate) struct RawManifest {
    pub package: Option<RawPackage>,
    pub contents: Contents,
    pub evaluation: RawEvaluation,
    pub data: RawData,
    pub params: BTreeMap<String, Spanned<toml::Value>>,
    pub limits: ScriptLimits,
}

/// The manifest as a caller sees it once the package compiled.
#[derive(Debug, Clone, Serialize)]
pub struct Manifest {
    /// What the package says about itself.
    pub package: PackageInfo,
    /// Earlier periods evaluated besides the one asked.
    pub history: u32,
    /// The period kind used when a caller does not say.
    pub default_period: PeriodKind,
    /// The script limits in force (after the host's caps).
    pub limits: ScriptLimits,
    /// The dates a record may carry.
    pub dates: DateRules,
}
