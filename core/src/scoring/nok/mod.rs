//! The independent assessment of quality (НОК): the indicators of Order
//! 317н, the criteria and their weights, the organisation total and the
//! figures of a group, a sector and the region (Order 344н), as a rule
//! package declares them.
//!
//! Nothing of the order is compiled in: the package's `[contents] nok`
//! file lists the input columns, the indicators (Rhai formulas over the
//! columns), the criteria with their weights, the total and the named
//! policies; a new edition of the order is a new package version.

pub(crate) mod compile;
mod input;
mod rollup;
mod row;
mod score;

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub(crate) use compile::compile;
pub use input::{
    NokData, NokInputError, NokRow, NokTable, NotAssessed, NotAssessedReason, OrgSurvey,
};
pub use rollup::NokRollUp;
pub use score::{
    CriterionScore, IndicatorScore, IndicatorStatus, NokFigure, NokScores, OrgNok, PartScore,
    SchemeStamp,
};

use super::policy::{NoQuestionnaires, Rounding, SkippedAnswers, ZeroBase};
use super::questionnaire::{Derivation, SurveyCount};
use crate::data::DataError;
use crate::diagnostics::Location;
use crate::filter::Pred;
use crate::script::{Formula, ScriptError};
use crate::time::Period;

/// What an input column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InputKind {
    /// A whole number, never negative (the default).
    Count,
    /// An exact number, never negative.
    Number,
}

/// A survey question a column is derived from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveySource {
    /// Question id of the questionnaire.
    pub question: String,
    /// What is counted.
    pub count: SurveyCount,
}

/// A column of the НОК input: one row per organisation and period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InputColumn {
    /// Column name (`open_stand_satisfied`).
    pub id: String,
    /// What it holds (Russian).
    pub name: String,
    /// What it holds (English).
    pub name_en: Option<String>,
    /// Count or number.
    pub kind: InputKind,
    /// The column this one is a part of: it may not be larger
    /// (`satisfied` ≤ `base`, `present` ≤ `required`).
    pub part_of: Option<String>,
    /// Largest value allowed.
    pub max: Option<Decimal>,
    /// The question it is counted from, when derived from raw answers.
    pub survey: Option<SurveySource>,
}

/// How an input of a formula is fed.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Arg {
    Input(usize),
    Param(Decimal),
}

/// One weighted part of an indicator (most indicators have one part of
/// weight 1; 1.1 and 1.3 have a stand part and a site part).
#[derive(Debug, Clone, Serialize)]
pub struct Part {
    /// Part id within the indicator (`stand`), if it has several.
    pub id: Option<String>,
    /// Its weight within the indicator.
    pub weight: Decimal,
    /// The Rhai formula over input columns and parameters.
    pub formula: String,
    #[serde(skip)]
    pub(crate) compiled: Formula,
    #[serde(skip)]
    pub(crate) args: Vec<Arg>,
    #[serde(skip)]
    pub(crate) location: Location,
}

/// The parts of an indicator under one option of its choice policy (or
/// its only parts, for an indicator without a choice).
#[derive(Debug, Clone, Serialize)]
pub struct Variant {
    /// The option of the choice, if the indicator has one.
    pub option: Option<String>,
    /// The parts.
    pub parts: Vec<Part>,
}

/// An indicator of Order 317н: points on 0..100.
#[derive(Debug, Clone, Serialize)]
pub struct NokIndicator {
    /// Stable id (`i1_1`).
    pub id: String,
    /// Its number in the order (`1.1`).
    pub number: String,
    /// Name (Russian).
    pub name: String,
    /// Name (English).
    pub name_en: Option<String>,
    /// The criterion it belongs to.
    pub criterion: String,
    /// Points above this are cut to it (`30 per channel, capped at 100`).
    pub cap: Option<Decimal>,
    /// This indicator's own zero-base policy, if not the scheme's.
    pub zero_base: Option<ZeroBase>,
    /// The choice policy that selects its formula, if any.
    pub choice: Option<String>,
    /// Its parts (per option of the choice).
    pub variants: Vec<Variant>,
    /// The act and clause, or what is known of it.
    pub source: Option<String>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

/// An indicator's weight in a criterion (or a criterion's in the total).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Weight {
    /// Indicator or criterion id.
    pub id: String,
    /// The weight.
    pub weight: Decimal,
}

/// A criterion: the weighted sum of its indicators.
#[derive(Debug, Clone, Serialize)]
pub struct NokCriterion {
    /// Stable id (`k1`).
    pub id: String,
    /// Its number (1..5).
    pub number: u32,
    /// Name (Russian).
    pub name: String,
    /// Name (English).
    pub name_en: Option<String>,
    /// The weights of its indicators (they add up to 1).
    pub weights: Vec<Weight>,
    #[serde(skip)]
    pub(crate) members: Vec<(usize, Decimal)>,
}

/// How the organisation total is made of the criteria.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "weights")]
pub enum TotalRule {
    /// The mean of the criteria (Order 344н).
    Mean,
    /// A weighted sum (a draft of the order weighted 20/20/15/15/30 %).
    Weighted(Vec<Weight>),
}

/// A choice policy: an open point of the order decided by choosing one of
/// several named options (`grid_2_2`: `share_on_time` or `not_scored`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Choice {
    /// Policy id.
    pub id: String,
    /// What it decides.
    pub name: String,
    /// The options.
    pub options: Vec<String>,
    /// The option chosen by the package.
    pub chosen: String,
    /// Why, and what is known.
    pub note: Option<String>,
}

/// A rating band of the organisation total (regional practice; none by
/// default).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RatingBand {
    /// Name (`отлично`).
    pub name: String,
    /// Lowest total inside (inclusive).
    pub min: Decimal,
}

/// The policies of the scheme, as the package sets them.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NokPolicies {
    /// A share over a zero base.
    pub zero_base: ZeroBase,
    /// Rounding for display.
    pub rounding: Rounding,
    /// Answers against the skip rules.
    pub skipped_answers: SkippedAnswers,
    /// Fewer questionnaires than this are reported (0: no rule).
    pub min_respondents: u32,
    /// An organisation with facts but no questionnaire counted.
    pub no_questionnaires: NoQuestionnaires,
}

/// The НОК scheme of a package.
#[derive(Debug, Clone, Serialize)]
pub struct NokScheme {
    /// Stable id (`nok_344n`).
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name (English).
    pub name_en: Option<String>,
    /// Edition of the order it follows.
    pub edition: String,
    /// The acts it follows, and how sure.
    pub source: Option<String>,
    /// The input columns.
    pub inputs: Vec<InputColumn>,
    /// The indicators, in package order.
    pub indicators: Vec<NokIndicator>,
    /// The criteria, in package order.
    pub criteria: Vec<NokCriterion>,
    /// How the total is made.
    pub total: TotalRule,
    /// The policies.
    pub policies: NokPolicies,
    /// The choice policies.
    pub choices: Vec<Choice>,
    /// Rating bands, highest first (none by default).
    pub bands: Vec<RatingBand>,
    /// Which questionnaires count (a filter on the survey table).
    pub respondents: Option<String>,
    /// Numbers formulas may use (`points_per_item = 20`).
    pub params: BTreeMap<String, Decimal>,
    #[serde(skip)]
    pub(crate) respondents_filter: Option<Pred>,
    #[serde(skip)]
    pub(crate) derivations: Vec<Derivation>,
}

impl NokScheme {
    /// An input column by id.
    pub fn input(&self, id: &str) -> Option<&InputColumn> {
        self.inputs.iter().find(|c| c.id == id)
    }

    /// An indicator by id or number (`i3_3` or `3.3`).
    pub fn indicator(&self, id: &str) -> Option<&NokIndicator> {
        self.indicators
            .iter()
            .find(|i| i.id == id)
            .or_else(|| self.indicators.iter().find(|i| i.number == id))
    }

    /// A criterion by id.
    pub fn criterion(&self, id: &str) -> Option<&NokCriterion> {
        self.criteria.iter().find(|c| c.id == id)
    }

    /// The columns a facts file holds: every input not derived from the
    /// survey.
    pub fn fact_columns(&self) -> impl Iterator<Item = &InputColumn> {
        self.inputs.iter().filter(|c| c.survey.is_none())
    }
}

/// What to score.
#[derive(Debug, Clone, Default)]
pub struct NokOptions {
    /// The period to score; needed when the input holds several.
    pub period: Option<Period>,
    /// Policies set otherwise than in the package, by id:
    /// `zero_base = zero`, `grid_2_2 = not_scored`, `skipped_answers = count`,
    /// `min_respondents = 30`, `no_questionnaires = facts_only`.
    pub policies: BTreeMap<String, String>,
}

impl NokOptions {
    /// Score `period`.
    pub fn for_period(period: Period) -> Self {
        NokOptions {
            period: Some(period),
            ..NokOptions::default()
        }
    }

    /// With policy `id` set to `setting`.
    pub fn with_policy(mut self, id: impl Into<String>, setting: impl Into<String>) -> Self {
        self.policies.insert(id.into(), setting.into());
        self
    }
}

/// Why НОК scores could not be made.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum NokError {
    /// The package has no НОК scheme.
    #[error("the rule package has no НОК scheme (add `nok = \"...\"` to [contents])")]
    NoScheme,
    /// The input is not valid.
    #[error(transparent)]
    Input(#[from] NokInputError),
    /// The survey table does not fit the package.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A formula of the package failed or exceeded a limit.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// A formula gave points outside 0..100.
    #[error(
        "indicator {indicator} gives {value} points for organisation `{org}`; points are 0..100 (does the indicator need a `cap`?)"
    )]
    OutOfRange {
        /// Organisation.
        org: String,
        /// Indicator number.
        indicator: String,
        /// The value.
        value: Decimal,
    },
    /// A policy override is not valid.
    #[error("policy: {0}")]
    Policy(crate::Message),
    /// The period asked is not clear.
    #[error("{0}")]
    Period(crate::Message),
    /// Scores that cannot be rolled up together (other schemes, periods or
    /// policies, a region given twice).
    #[error("{0}")]
    RollUp(crate::Message),
}

#[cfg(test)]
mod decisions;
#[cfg(test)]
pub(crate) mod tests;
