//! The package files as written: one serde type per table of a file.
//! Unknown keys are errors, so a typo in a key never passes silently.

use serde::Deserialize;
use toml::Spanned;

use super::model::{DeviationSeverity, Direction, Overdispersion, ValueUnit};
use crate::data::Level;
use crate::package::values::{Num, TomlDate};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawProcess {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub owner: Option<String>,
    pub owner_en: Option<String>,
    pub description: Option<String>,
    pub description_en: Option<String>,
    pub inputs: Option<Vec<String>>,
    pub inputs_en: Option<Vec<String>>,
    pub outputs: Option<Vec<String>>,
    pub outputs_en: Option<Vec<String>>,
    pub consumers: Option<Vec<String>>,
    pub consumers_en: Option<Vec<String>>,
    pub acts: Option<Vec<String>>,
    pub acts_en: Option<Vec<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawMeasure {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub table: Spanned<String>,
    /// `any` reads cases of every process.
    pub process: Option<Spanned<String>>,
    pub period_by: Option<Spanned<String>>,
    pub active: Option<Spanned<Vec<String>>>,
    #[serde(rename = "where")]
    pub filter: Option<Spanned<String>>,
    pub aggregate: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawIndicator {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub description: Option<String>,
    pub description_en: Option<String>,
    pub process: Option<Spanned<String>>,
    pub unit: ValueUnit,
    pub direction: Direction,
    pub formula: Spanned<String>,
    pub base: Option<Spanned<String>>,
    pub min_base: Option<i64>,
    pub levels: Option<Vec<Level>>,
    pub decimals: Option<u32>,
    pub funnel: Option<Spanned<RawFunnel>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawFunnel {
    pub overdispersion: Option<Overdispersion>,
    pub small_base: Option<i64>,
    pub limit: Option<f64>,
}

#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawBand {
    pub min: Option<Num>,
    pub max: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawReference {
    pub indicator: Spanned<String>,
    pub org_type: Option<String>,
    pub group: Option<String>,
    pub org: Option<String>,
    pub unit: Option<String>,
    pub country: Option<bool>,
    pub levels: Option<Vec<Level>>,
    pub from: TomlDate,
    pub to: Option<TomlDate>,
    pub target: Option<Num>,
    pub normal: Spanned<RawBand>,
    pub warning: Option<Spanned<RawBand>>,
    pub source: Option<String>,
    pub proposal: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(rename_all = "snake_case")]
pub(crate) enum RawTrendKind {
    RunOutside,
    Drift,
    PChart,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawTrend {
    pub id: Spanned<String>,
    pub name: String,
    pub name_en: Option<String>,
    pub kind: RawTrendKind,
    pub periods: Option<u32>,
    pub sigma: Option<Num>,
    pub baseline: Option<u32>,
    pub severity: DeviationSeverity,
    pub indicators: Option<Vec<Spanned<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct RawQuestion {
    pub id: Spanned<String>,
    pub number: Option<u32>,
    pub text: String,
    pub text_en: Option<String>,
    pub answers: Vec<String>,
    pub satisfied: Option<Vec<String>>,
    pub answered: Option<Vec<String>>,
    pub asked_if: Option<Spanned<String>>,
    pub base: Option<crate::scoring::BaseMode>,
}
