//! The checked, compiled rules of a methodology.
//!
//! These types mirror the package files but hold only what passed the
//! checks: names resolved to indices, filters typed, formulas compiled.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::data::{Level, TableKind};
use crate::diagnostics::Location;
use crate::filter::{IntExpr, Pred};
use crate::script::Formula;

/// One of the service processes (a process card of the QMS).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Process {
    /// Stable id (`home_care`).
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// The role that owns the process.
    pub owner: Option<String>,
    /// The owner in English.
    pub owner_en: Option<String>,
    /// What the process is.
    pub description: Option<String>,
    /// What the process is, in English.
    pub description_en: Option<String>,
    /// The rest of the process card, when the package gives it.
    pub card: Option<ProcessCard>,
}

/// The process card of the QMS beyond its name, owner and description:
/// what enters, what leaves, who receives it, which acts regulate it. Each
/// list in Russian with its English twin, item by item. The card's
/// indicators are the process's own.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ProcessCard {
    /// Inputs (applications, documents, referrals).
    pub inputs: Vec<String>,
    /// Inputs in English.
    pub inputs_en: Vec<String>,
    /// Outputs (decisions, services delivered, acts).
    pub outputs: Vec<String>,
    /// Outputs in English.
    pub outputs_en: Vec<String>,
    /// Consumers of the outputs.
    pub consumers: Vec<String>,
    /// Consumers in English.
    pub consumers_en: Vec<String>,
    /// Regulating acts, with articles.
    pub acts: Vec<String>,
    /// Regulating acts in English.
    pub acts_en: Vec<String>,
}

/// How a record is placed in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PeriodRule {
    /// By one date field: the record counts in the period containing it.
    By(String),
    /// By an interval: the record counts in every period it overlaps
    /// (an empty end means it is still running).
    Active(String, String),
}

/// What a measure adds up over the records that pass its filter.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum AggregateKind {
    /// The number of records.
    Count,
    /// The sum of a value (text of the expression).
    Sum(String),
    /// The number of distinct recipients.
    DistinctRecipients,
}

/// A measure: a count or sum over one table, computed natively.
#[derive(Debug, Clone, Serialize)]
pub struct Measure {
    /// Stable id (`ma_decided`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// What it counts, for people.
    pub description: Option<String>,
    /// The table it reads.
    pub table: TableKind,
    /// The process whose cases it reads (for tables with a `process` column).
    pub process: Option<String>,
    /// How records are placed in periods.
    pub period: PeriodRule,
    /// The filter as written.
    pub filter_text: Option<String>,
    /// What it adds up.
    pub aggregate: AggregateKind,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
    #[serde(skip)]
    pub(crate) compiled: CompiledMeasure,
}

/// The parts of a measure the measure pass runs.
#[derive(Debug, Clone, Default)]
pub(crate) struct CompiledMeasure {
    /// Field index of the placing date (or the interval start).
    pub date_field: usize,
    /// Field index of the interval end, for `Active`.
    pub end_field: Option<usize>,
    /// Code literal index of the process, if restricted to one.
    pub process_code: Option<usize>,
    pub filter: Option<Pred>,
    pub sum: Option<IntExpr>,
    pub distinct: bool,
}

/// Whether a higher value is better.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Direction {
    /// Higher is better (a share served on time).
    HigherIsBetter,
    /// Lower is better (complaints per 100 recipients).
    LowerIsBetter,
    /// Both too low and too high are deviations (occupancy).
    WithinBand,
}

/// The unit of an indicator's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueUnit {
    /// A share in percent, 0..100.
    Percent,
    /// Per 100 of a base.
    Per100,
    /// Per 1000 of a base.
    Per1000,
    /// Days.
    Days,
    /// A count.
    Count,
    /// A plain ratio.
    Ratio,
    /// Points of a score.
    Points,
}

impl ValueUnit {
    /// The symbol shown after a value.
    pub fn symbol(self) -> &'static str {
        match self {
            ValueUnit::Percent => "%",
            ValueUnit::Per100 => "per 100",
            ValueUnit::Per1000 => "per 1000",
            ValueUnit::Days => "days",
            ValueUnit::Count => "",
            ValueUnit::Ratio => "",
            ValueUnit::Points => "points",
        }
    }
}

/// Where a formula input comes from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Input {
    Measure(usize),
    Param(Decimal),
}

/// An indicator: a formula over measures, judged against reference values.
#[derive(Debug, Clone, Serialize)]
pub struct Indicator {
    /// Stable id (`ma_decided_in_term`).
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// Description (Russian).
    pub description: Option<String>,
    /// Description in English.
    pub description_en: Option<String>,
    /// The process it belongs to; `None` for cross-cutting indicators.
    pub process: Option<String>,
    /// Unit of the value.
    pub unit: ValueUnit,
    /// Which way is better.
    pub direction: Direction,
    /// The formula as written.
    pub formula: String,
    /// The measure that is the indicator's base (its denominator).
    pub base: Option<String>,
    /// Below this base the value is reported but not judged.
    pub min_base: i64,
    /// Levels it is computed at.
    pub levels: Vec<Level>,
    /// Decimal places shown.
    pub decimals: u32,
    /// Funnel limits and the deviation policy, for a share or a rate of a
    /// base judged one way (none for other indicators).
    pub funnel: Option<FunnelRule>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
    /// Where its formula starts (the opening quote).
    #[serde(skip)]
    pub formula_location: Location,
    #[serde(skip)]
    pub(crate) compiled: Formula,
    #[serde(skip)]
    pub(crate) inputs: Vec<Input>,
    #[serde(skip)]
    pub(crate) base_measure: Option<usize>,
    #[serde(skip)]
    pub(crate) process_index: Option<usize>,
}

/// What a count of an indicator follows by chance, given its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelModel {
    /// A share of a base (percent): binomial.
    Binomial,
    /// Events per 100 or per 1000 of a base: Poisson.
    Poisson,
}

/// How variation between entities beyond chance is allowed for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Overdispersion {
    /// Chance alone.
    #[default]
    None,
    /// Limits widened by √φ, φ from z-scores winsorised at 10 % each tail.
    Multiplicative,
    /// Additive random effects τ² (DerSimonian–Laird).
    RandomEffects,
}

/// Which funnel limit decides.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FunnelLimit {
    /// About 95 % (two standard deviations).
    P95,
    /// About 99.8 % (three standard deviations).
    P998,
}

/// Funnel limits of an indicator and its deviation policy (the
/// `[indicator.funnel]` table).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FunnelRule {
    /// The distribution of its count (from its unit).
    pub model: FunnelModel,
    /// Per 100 or per 1000 for rates; 100 for shares in percent.
    pub scale: u32,
    /// Overdispersion between entities of a level.
    pub overdispersion: Overdispersion,
    /// The deviation policy: below this base a band deviation escalates
    /// beyond its own level only when it is also outside `limit` on the
    /// worse side, or its assurance is "consistently fails"; otherwise it
    /// is a signal to watch. None: every band deviation escalates.
    pub small_base: Option<i64>,
    /// The limit the policy tests.
    pub limit: FunnelLimit,
}

/// A closed interval that may be open on either side.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Band {
    /// Lowest value inside (inclusive).
    pub min: Option<Decimal>,
    /// Highest value inside (inclusive).
    pub max: Option<Decimal>,
}

impl Band {
    /// Whether `v` lies inside.
    pub fn contains(&self, v: Decimal) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }

    /// Whether `other` lies inside this band.
    pub fn covers(&self, other: &Band) -> bool {
        let lower = match (self.min, other.min) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a <= b,
        };
        let upper = match (self.max, other.max) {
            (None, _) => true,
            (Some(_), None) => false,
            (Some(a), Some(b)) => a >= b,
        };
        lower && upper
    }
}

/// Which entities a reference row applies to; the most specific wins.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(tag = "scope", content = "id", rename_all = "snake_case")]
pub enum Scope {
    /// Every entity of the region (the default).
    Region,
    /// Units and organisations of one organisation type.
    OrgType(String),
    /// One group and what is in it.
    Group(String),
    /// One organisation and its units.
    Org(String),
    /// One unit.
    Unit(String),
    /// The country as a whole (the level above the regions): written
    /// `country = true`. Only such rows judge the country, and they judge
    /// nothing else.
    Country,
}

impl Scope {
    /// Higher is more specific.
    pub fn rank(&self) -> u8 {
        match self {
            Scope::Region | Scope::Country => 0,
            Scope::OrgType(_) => 1,
            Scope::Group(_) => 2,
            Scope::Org(_) => 3,
            Scope::Unit(_) => 4,
        }
    }
}

impl std::fmt::Display for Scope {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Scope::Region => f.write_str("region"),
            Scope::OrgType(t) => write!(f, "org_type={t}"),
            Scope::Group(g) => write!(f, "group={g}"),
            Scope::Org(o) => write!(f, "org={o}"),
            Scope::Unit(u) => write!(f, "unit={u}"),
            Scope::Country => f.write_str("country"),
        }
    }
}

/// Where a reference value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "text", rename_all = "snake_case")]
pub enum Source {
    /// A legal act and clause (or a real regional document).
    Act(String),
    /// A regional proposal, not a norm; says why.
    Proposal(String),
}

/// A reference ("эталонное") value: target and bands of an indicator for a
/// scope and a time.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Reference {
    /// Stable id: `indicator/scope/from`.
    pub id: String,
    /// The indicator.
    pub indicator: String,
    /// The entities it applies to.
    pub scope: Scope,
    /// Levels it applies at (empty: all).
    pub levels: Vec<Level>,
    /// First day in force.
    pub from: NaiveDate,
    /// Last day in force, if any.
    pub to: Option<NaiveDate>,
    /// The target value.
    pub target: Option<Decimal>,
    /// No deviation inside this band.
    pub normal: Band,
    /// Outside `normal` but inside this band is a warning; outside it is critical.
    pub warning: Option<Band>,
    /// The act and clause, or the regional proposal.
    pub source: Source,
    /// A remark for people (what the band means, how it was agreed).
    pub note: Option<String>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

impl Reference {
    /// Whether it is in force on `date`.
    pub fn in_force(&self, date: NaiveDate) -> bool {
        self.from <= date && self.to.is_none_or(|t| date <= t)
    }
}

/// How serious a deviation is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviationSeverity {
    /// Outside the normal band, inside the warning band.
    Warning,
    /// Outside the warning band.
    Critical,
}

impl std::fmt::Display for DeviationSeverity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            DeviationSeverity::Warning => "warning",
            DeviationSeverity::Critical => "critical",
        })
    }
}

/// A kind of trend rule.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum TrendKind {
    /// `periods` periods in a row outside the normal band.
    RunOutside {
        /// How many periods.
        periods: u32,
    },
    /// Inside the band, but worse than the period before for `periods`
    /// periods in a row: a steady drift toward the limit.
    Drift {
        /// How many consecutive worsenings.
        periods: u32,
    },
    /// A share outside the p-chart limits `p̄ ± sigma·√(p̄(1−p̄)/n)` on the
    /// worse side, with p̄ pooled over the `baseline` earlier periods.
    PChart {
        /// Width of the limits in standard errors.
        sigma: Decimal,
        /// Earlier periods pooled for the centre line.
        baseline: u32,
    },
}

/// A trend rule over earlier periods.
#[derive(Debug, Clone, Serialize)]
pub struct TrendRule {
    /// Stable id (`three_in_a_row`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// What it detects.
    pub kind: TrendKind,
    /// Severity of what it finds.
    pub severity: DeviationSeverity,
    /// Indicators it applies to (empty: all).
    pub indicators: Vec<String>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

/// A questionnaire item (a column of the survey table).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Question {
    /// Column id (`comfort`).
    pub id: String,
    /// Number on the printed form.
    pub number: Option<u32>,
    /// The question (Russian).
    pub text: String,
    /// The question in English.
    pub text_en: Option<String>,
    /// Answer codes accepted.
    pub answers: Vec<String>,
    /// Answers that count as "satisfied" in a survey share (empty: the
    /// question feeds no share).
    pub satisfied: Vec<String>,
    /// Answers that count as "answered" (every answer when not given).
    pub answered: Vec<String>,
    /// The skip rule: the question is asked only when this filter on the
    /// other answers holds (`used_stand == "yes"`).
    pub asked_if: Option<String>,
    /// The base of the share the question feeds.
    pub base: Option<crate::scoring::BaseMode>,
    /// Where the question is defined.
    #[serde(skip)]
    pub location: Location,
    /// Where the skip rule is written (its opening quote).
    #[serde(skip)]
    pub asked_if_location: Option<Location>,
}
