//! The records and enums the binding hands out, and their conversions from
//! the Rust API's types.
//!
//! Exact numbers (`rust_decimal::Decimal`) cross as text and arrive in
//! Kotlin as `java.math.BigDecimal` (see `uniffi.toml`); days arrive as
//! `java.time.LocalDate` and instants as `java.time.Instant`; periods
//! cross as text (`2026-Q3`), checked on arrival. Counts are signed 64-bit and
//! lines 32-bit, so that Java callers see `long` and `int`, not Kotlin's
//! unsigned types.

use std::collections::HashMap;

use chrono::NaiveDate;
use etalon::evaluate::{self as ev, DeviationRule as RustDeviationRule};
use etalon::methodology::{self as me};
pub use etalon::methodology::{DeviationSeverity, Direction, ValueUnit};
use etalon::report::Lang;
pub use etalon::{Judgement, Level, Limit, Severity};
use rust_decimal::Decimal;

// A day crosses as ISO text (`2026-07-01`): `LocalDate.toString()` writes
// it and `LocalDate.parse` reads it on the other side (see `uniffi.toml`).
uniffi::custom_type!(NaiveDate, String, {
    remote,
    lower: |d| d.format("%Y-%m-%d").to_string(),
    try_lift: |s| Ok(NaiveDate::parse_from_str(&s, "%Y-%m-%d")?),
});

uniffi::custom_type!(Decimal, String, {
    remote,
    // Normalised, so that 60 arrives as `60`, not `60.000`.
    lower: |d| d.normalize().to_string(),
    try_lift: |s| Ok(s.parse::<Decimal>()?),
});

/// Converts a count or a line number to the signed integer Java callers
/// read, saturating (no count of etalon comes near the limit).
pub(crate) fn int<N, T>(n: N) -> T
where
    T: TryFrom<N> + Bounded,
{
    T::try_from(n).unwrap_or(T::MAX)
}

/// The largest value of an integer type.
pub(crate) trait Bounded {
    /// The largest value.
    const MAX: Self;
}

impl Bounded for i64 {
    const MAX: Self = i64::MAX;
}

impl Bounded for i32 {
    const MAX: Self = i32::MAX;
}

/// A level of the hierarchy, from the smallest.
#[uniffi::remote(Enum)]
pub enum Level {
    /// A structural unit (department) of an organisation.
    Unit,
    /// An organisation (institution).
    Org,
    /// A group of organisations (territorial administration).
    Group,
    /// The region as a whole.
    Region,
    /// The country: every region together (not in a region's tree; its
    /// figures are rolled up from the regions').
    Country,
}

/// How a value was judged against its reference.
#[uniffi::remote(Enum)]
pub enum Judgement {
    /// Inside the normal band.
    Normal,
    /// Outside the normal band, inside the warning band.
    Warning,
    /// Outside the warning band.
    Critical,
    /// The base is below the indicator's minimum: reported, not judged.
    InsufficientBase,
    /// No reference value applies: reported, not judged.
    NoReference,
    /// No value (a zero base): nothing to judge.
    Undefined,
}

/// How serious a diagnostic of a rule package is.
#[uniffi::remote(Enum)]
pub enum Severity {
    /// The package cannot be used until this is fixed.
    Error,
    /// The package works, but probably not as its author meant.
    Warning,
}

/// How serious a deviation is.
#[uniffi::remote(Enum)]
pub enum DeviationSeverity {
    /// Outside the normal band, inside the warning band.
    Warning,
    /// Outside the warning band.
    Critical,
}

/// A sandbox limit of rule scripts.
#[uniffi::remote(Enum)]
pub enum Limit {
    /// Operations per call (stops endless loops).
    Operations,
    /// Nested function calls (stops runaway recursion).
    CallDepth,
    /// Nesting of expressions.
    ExpressionDepth,
    /// Length of a string.
    StringSize,
    /// Length of an array.
    ArraySize,
    /// Size of an object map.
    MapSize,
    /// Variables in one scope.
    Variables,
}

/// The unit of an indicator's value.
#[uniffi::remote(Enum)]
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

/// Whether a higher value is better.
#[uniffi::remote(Enum)]
pub enum Direction {
    /// Higher is better (a share served on time).
    HigherIsBetter,
    /// Lower is better (complaints per 100 recipients).
    LowerIsBetter,
    /// Both too low and too high are deviations (occupancy).
    WithinBand,
}

/// One problem in a rule package, with its place.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case code such as `unknown-measure`.
    pub code: String,
    /// The package file, with `/` separators, relative to the package root.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: i32,
    /// 1-based column; 0 when unknown.
    pub column: i32,
    /// The id of the rule concerned, if any.
    pub rule: Option<String>,
    /// What is wrong, in words a methodologist understands, in the
    /// language chosen by `setLanguage` when it was found.
    pub message: String,
    /// What is wrong, in English.
    pub message_en: String,
}

impl From<etalon::Diagnostic> for Diagnostic {
    fn from(d: etalon::Diagnostic) -> Self {
        let message = etalon::catalogue::diagnostic(&d, crate::language::current());
        let message_en = etalon::catalogue::diagnostic(&d, etalon::report::Lang::En);
        Diagnostic {
            severity: d.severity,
            code: d.code,
            file: d.file,
            line: int(d.line),
            column: int(d.column),
            rule: d.rule,
            message,
            message_en,
        }
    }
}

impl From<Diagnostic> for etalon::Diagnostic {
    fn from(d: Diagnostic) -> Self {
        let location = etalon::Location {
            file: d.file,
            line: u32::try_from(d.line).unwrap_or(0),
            column: u32::try_from(d.column).unwrap_or(0),
        };
        let out = match d.severity {
            Severity::Error => etalon::Diagnostic::error(&d.code, location, d.message_en),
            Severity::Warning => etalon::Diagnostic::warning(&d.code, location, d.message_en),
        };
        match d.rule {
            Some(rule) => out.with_rule(rule),
            None => out,
        }
    }
}

/// What a rule package says about itself.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct PackageInfo {
    /// Stable id (`standard`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// Version of the package files.
    pub version: String,
    /// Edition of the methodology it encodes.
    pub edition: String,
    /// First day in force.
    pub in_force_from: NaiveDate,
    /// Last day in force, if any.
    pub in_force_to: Option<NaiveDate>,
    /// What it is for.
    pub description: Option<String>,
}

impl From<&etalon::PackageInfo> for PackageInfo {
    fn from(p: &etalon::PackageInfo) -> Self {
        PackageInfo {
            id: p.id.clone(),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            version: p.version.clone(),
            edition: p.edition.clone(),
            in_force_from: p.in_force_from,
            in_force_to: p.in_force_to,
            description: p.description.clone(),
        }
    }
}

/// A service process (a process card of the QMS).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Process {
    /// Stable id (`home_care`).
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// The role that owns the process.
    pub owner: Option<String>,
    /// What the process is.
    pub description: Option<String>,
}

impl From<&me::Process> for Process {
    fn from(p: &me::Process) -> Self {
        Process {
            id: p.id.clone(),
            name: p.name.clone(),
            name_en: p.name_en.clone(),
            owner: p.owner.clone(),
            description: p.description.clone(),
        }
    }
}

/// A measure: a count or sum over one table, computed natively.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Measure {
    /// Stable id (`ma_decided`).
    pub id: String,
    /// Name.
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// What it counts, for people.
    pub description: Option<String>,
    /// The table it reads (`cases`, ...).
    pub table: String,
    /// The process whose records it reads, if restricted to one.
    pub process: Option<String>,
    /// The filter as written.
    pub filter: Option<String>,
}

impl From<&me::Measure> for Measure {
    fn from(m: &me::Measure) -> Self {
        Measure {
            id: m.id.clone(),
            name: m.name.clone(),
            name_en: m.name_en.clone(),
            description: m.description.clone(),
            table: m.table.name().to_string(),
            process: m.process.clone(),
            filter: m.filter_text.clone(),
        }
    }
}

/// An indicator: a formula over measures, judged against reference values.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Indicator {
    /// Stable id (`ma_decided_in_term`).
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// Description.
    pub description: Option<String>,
    /// The process it belongs to; none for cross-cutting indicators.
    pub process: Option<String>,
    /// Unit of the value.
    pub unit: ValueUnit,
    /// Which way is better.
    pub direction: Direction,
    /// The formula as written.
    pub formula: String,
    /// The base measure (the denominator), if any.
    pub base: Option<String>,
    /// Below this base the value is reported but not judged.
    pub min_base: i64,
    /// Levels it is computed at.
    pub levels: Vec<Level>,
    /// Decimal places shown.
    pub decimals: i32,
}

impl From<&me::Indicator> for Indicator {
    fn from(i: &me::Indicator) -> Self {
        Indicator {
            id: i.id.clone(),
            name: i.name.clone(),
            name_en: i.name_en.clone(),
            description: i.description.clone(),
            process: i.process.clone(),
            unit: i.unit,
            direction: i.direction,
            formula: i.formula.clone(),
            base: i.base.clone(),
            min_base: i.min_base,
            levels: i.levels.clone(),
            decimals: int(i.decimals),
        }
    }
}

/// A closed interval, open on a side without a bound.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Band {
    /// Lowest value inside (inclusive).
    pub min: Option<Decimal>,
    /// Highest value inside (inclusive).
    pub max: Option<Decimal>,
}

impl From<&me::Band> for Band {
    fn from(b: &me::Band) -> Self {
        Band {
            min: b.min,
            max: b.max,
        }
    }
}

/// Where a reference value comes from.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Source {
    /// A legal act and clause (or a real regional document).
    Act {
        /// The act and clause.
        text: String,
    },
    /// A regional proposal, not a norm.
    Proposal {
        /// Why the value was proposed.
        text: String,
    },
}

impl From<&me::Source> for Source {
    fn from(s: &me::Source) -> Self {
        match s {
            me::Source::Act(text) => Source::Act { text: text.clone() },
            me::Source::Proposal(text) => Source::Proposal { text: text.clone() },
        }
    }
}

/// A reference («эталонное») value of an indicator for a scope and a time.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Reference {
    /// Stable id: `indicator/scope/from`.
    pub id: String,
    /// The indicator.
    pub indicator: String,
    /// The entities it applies to: `region`, `org_type=residential`,
    /// `group=G1`, `org=O3`, `unit=U1`.
    pub scope: String,
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
    /// Outside `normal` but inside this band is a warning.
    pub warning: Option<Band>,
    /// The act and clause, or the regional proposal.
    pub source: Source,
    /// A remark for people.
    pub note: Option<String>,
}

impl From<&me::Reference> for Reference {
    fn from(r: &me::Reference) -> Self {
        Reference {
            id: r.id.clone(),
            indicator: r.indicator.clone(),
            scope: r.scope.to_string(),
            levels: r.levels.clone(),
            from: r.from,
            to: r.to,
            target: r.target,
            normal: (&r.normal).into(),
            warning: r.warning.as_ref().map(Band::from),
            source: (&r.source).into(),
            note: r.note.clone(),
        }
    }
}

/// The reference row that judged a value.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct AppliedReference {
    /// Reference id (`indicator/scope/from`).
    pub id: String,
    /// Its scope (`region`, `org=O3`, ...).
    pub scope: String,
    /// Target value.
    pub target: Option<Decimal>,
    /// Normal band.
    pub normal: Band,
    /// Warning band.
    pub warning: Option<Band>,
    /// The act and clause, or the regional proposal.
    pub source: Source,
}

impl From<&ev::AppliedReference> for AppliedReference {
    fn from(r: &ev::AppliedReference) -> Self {
        AppliedReference {
            id: r.id.clone(),
            scope: r.scope.to_string(),
            target: r.target,
            normal: (&r.normal).into(),
            warning: r.warning.as_ref().map(Band::from),
            source: (&r.source).into(),
        }
    }
}

/// An entity of the tree by level and id.
#[derive(Debug, Clone, PartialEq, Eq, Hash, uniffi::Record)]
pub struct EntityRef {
    /// Its level.
    pub level: Level,
    /// Its id.
    pub id: String,
}

impl From<&etalon::EntityRef> for EntityRef {
    fn from(e: &etalon::EntityRef) -> Self {
        EntityRef {
            level: e.level,
            id: e.id.clone(),
        }
    }
}

fn inputs<K: AsRef<str>>(map: &std::collections::BTreeMap<K, i64>) -> HashMap<String, i64> {
    map.iter()
        .map(|(k, v)| (k.as_ref().to_string(), *v))
        .collect()
}

/// One indicator of one entity in the period asked.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IndicatorValue {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// Indicator id.
    pub indicator: String,
    /// Process id (none for cross-cutting indicators).
    pub process: Option<String>,
    /// The period (`2026-Q3`).
    pub period: String,
    /// The exact value (none when undefined, e.g. a zero base).
    pub value: Option<Decimal>,
    /// The value of the base measure, if the indicator has one.
    pub base: Option<i64>,
    /// How it was judged.
    pub judgement: Judgement,
    /// The reference that judged it.
    pub reference: Option<AppliedReference>,
    /// The formula.
    pub formula: String,
    /// The measures it was computed from, rolled up to this entity.
    pub inputs: HashMap<String, i64>,
    /// Values of the earlier periods of the window, oldest first.
    pub history: Vec<Option<Decimal>>,
}

impl From<&ev::IndicatorValue> for IndicatorValue {
    fn from(v: &ev::IndicatorValue) -> Self {
        IndicatorValue {
            entity: (&v.entity).into(),
            entity_name: v.entity_name.to_string(),
            indicator: v.indicator.to_string(),
            process: v.process.as_deref().map(str::to_string),
            period: v.period.to_string(),
            value: v.value,
            base: v.base,
            judgement: v.judgement,
            reference: v.reference.as_deref().map(AppliedReference::from),
            formula: v.formula.to_string(),
            inputs: inputs(&v.inputs),
            history: v.history.clone(),
        }
    }
}

/// What found a deviation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum DeviationRule {
    /// The value is outside its reference band.
    Band,
    /// A trend rule over earlier periods.
    Trend {
        /// The trend rule's id.
        rule: String,
    },
}

/// A deviation from a reference value.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Deviation {
    /// Stable id: the same entity, indicator, period and rule give the same id.
    pub id: String,
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// Indicator id.
    pub indicator: String,
    /// Process id.
    pub process: Option<String>,
    /// The period.
    pub period: String,
    /// What found it.
    pub rule: DeviationRule,
    /// How serious.
    pub severity: DeviationSeverity,
    /// The value.
    pub value: Option<Decimal>,
    /// The reference it was compared with.
    pub reference: Option<AppliedReference>,
    /// Why it is a deviation, in words, in the language chosen by
    /// `setLanguage` when it was read.
    pub reason: String,
    /// Why it is a deviation, in English.
    pub reason_en: String,
    /// The measures the value was computed from.
    pub inputs: HashMap<String, i64>,
    /// The formula.
    pub formula: String,
}

impl Deviation {
    /// `d`, found by `methodology`, with its reason in the chosen language.
    pub(crate) fn new(d: &ev::Deviation, methodology: &etalon::Methodology) -> Self {
        Deviation {
            id: d.id.clone(),
            entity: (&d.entity).into(),
            entity_name: d.entity_name.clone(),
            indicator: d.indicator.clone(),
            process: d.process.clone(),
            period: d.period.to_string(),
            rule: match &d.rule {
                RustDeviationRule::Band => DeviationRule::Band,
                RustDeviationRule::Trend { rule } => DeviationRule::Trend { rule: rule.clone() },
            },
            severity: d.severity,
            value: d.value,
            reference: d.reference.as_ref().map(AppliedReference::from),
            reason: etalon::explain::reason(methodology, d, crate::language::current()),
            reason_en: etalon::explain::reason(methodology, d, Lang::En),
            inputs: inputs(&d.inputs),
            formula: d.formula.clone(),
        }
    }
}

/// Counts of one level.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct LevelSummary {
    /// The level.
    pub level: Level,
    /// Entities of this level.
    pub entities: i64,
    /// Warnings found at this level.
    pub warning: i64,
    /// Critical deviations found at this level.
    pub critical: i64,
}

/// An indicator with many deviations.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct IndicatorCount {
    /// Indicator id.
    pub indicator: String,
    /// Deviations of it.
    pub deviations: i64,
    /// Of which critical.
    pub critical: i64,
}

/// Counts for a first look at an evaluation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Summary {
    /// Values computed in the period asked.
    pub values: i64,
    /// Of which judged against a reference.
    pub judged: i64,
    /// Of which not judged for a too small base.
    pub insufficient_base: i64,
    /// Per level, region first.
    pub levels: Vec<LevelSummary>,
    /// Indicators by number of deviations, most first.
    pub worst_indicators: Vec<IndicatorCount>,
}

impl From<&ev::Summary> for Summary {
    fn from(s: &ev::Summary) -> Self {
        Summary {
            values: int(s.values),
            judged: int(s.judged),
            insufficient_base: int(s.insufficient_base),
            levels: Level::ALL
                .iter()
                .rev()
                .map(|l| {
                    let c = s.deviations.get(l).copied().unwrap_or_default();
                    LevelSummary {
                        level: *l,
                        entities: int(s.entities.get(l).copied().unwrap_or(0)),
                        warning: int(c.warning),
                        critical: int(c.critical),
                    }
                })
                .collect(),
            worst_indicators: s
                .worst_indicators
                .iter()
                .map(|c| IndicatorCount {
                    indicator: c.indicator.clone(),
                    deviations: int(c.deviations),
                    critical: int(c.critical),
                })
                .collect(),
        }
    }
}

/// The package an evaluation was made with.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MethodologyStamp {
    /// Package id.
    pub id: String,
    /// Package version.
    pub version: String,
    /// Edition of the methodology.
    pub edition: String,
}

/// One measure a value was computed from, with its name and how it counts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ExplainedInput {
    /// Measure id, as the formula names it.
    pub measure: String,
    /// The measure's name.
    pub name: String,
    /// Its value, rolled up to the entity.
    pub value: i64,
    /// The table it counts (`cases`, ...), when the methodology knows it.
    pub table: Option<String>,
    /// What it adds up: `count`, `sum(...)` or `distinct(recipient_id)`.
    pub aggregate: String,
    /// The date (or interval) that places a record in the period.
    pub period_by: String,
    /// Its filter as written, if it has one.
    pub filter: Option<String>,
}

/// The value of an earlier period of the window.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct EarlierValue {
    /// The period.
    pub period: String,
    /// The value (none when undefined).
    pub value: Option<Decimal>,
}

/// An indicator value and everything that explains it (`etalon::explain`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Explanation {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// Indicator id.
    pub indicator: String,
    /// The indicator's name.
    pub indicator_name: String,
    /// Process id (none for cross-cutting indicators).
    pub process: Option<String>,
    /// Unit of the value.
    pub unit: ValueUnit,
    /// Which way is better.
    pub direction: Direction,
    /// Decimal places shown.
    pub decimals: i32,
    /// The period.
    pub period: String,
    /// The exact value (none when undefined).
    pub value: Option<Decimal>,
    /// The value as reports show it: rounded, with its unit (`60 %`).
    pub shown_value: String,
    /// How it was judged.
    pub judgement: Judgement,
    /// The formula as written.
    pub formula: String,
    /// The measures it was computed from, by id.
    pub inputs: Vec<ExplainedInput>,
    /// The base measure (the denominator that decides whether it is judged).
    pub base: Option<String>,
    /// The base's value.
    pub base_value: Option<i64>,
    /// Below this base the value is reported but not judged.
    pub min_base: i64,
    /// The reference row that judged it, with its source.
    pub reference: Option<AppliedReference>,
    /// Values of the earlier periods of the window, oldest first.
    pub history: Vec<EarlierValue>,
    /// The explanation for people, a few lines, in the language chosen by
    /// `setLanguage` when it was made.
    pub text: String,
    /// The explanation for people in English.
    pub text_en: String,
}

impl From<&etalon::Explanation> for Explanation {
    fn from(x: &etalon::Explanation) -> Self {
        Explanation {
            entity: (&x.entity).into(),
            entity_name: x.entity_name.clone(),
            indicator: x.indicator.clone(),
            indicator_name: x.indicator_name.clone(),
            process: x.process.clone(),
            unit: x.unit,
            direction: x.direction,
            decimals: int(x.decimals),
            period: x.period.to_string(),
            value: x.value,
            shown_value: x.shown_value(),
            judgement: x.judgement,
            formula: x.formula.clone(),
            inputs: x
                .inputs
                .iter()
                .map(|i| ExplainedInput {
                    measure: i.measure.clone(),
                    name: i.name.clone(),
                    value: i.value,
                    table: i.table.map(|t| t.name().to_string()),
                    aggregate: i.aggregate.clone(),
                    period_by: i.period_by.clone(),
                    filter: i.filter.clone(),
                })
                .collect(),
            base: x.base.clone(),
            base_value: x.base_value,
            min_base: x.min_base,
            reference: x.reference.as_ref().map(AppliedReference::from),
            history: x
                .history
                .iter()
                .map(|(period, value)| EarlierValue {
                    period: period.to_string(),
                    value: *value,
                })
                .collect(),
            text: x.render(crate::language::current()),
            text_en: x.to_string(),
        }
    }
}
