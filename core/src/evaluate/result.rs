//! What an evaluation returns: every indicator value with its explanation,
//! the deviations, and a summary. Serialises to stable JSON (same input,
//! same bytes).

use std::collections::BTreeMap;
use std::sync::Arc;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::assurance::Assurance;
use super::funnel::Funnel;
use crate::data::{EntityRef, Level};
use crate::methodology::{Band, DeviationSeverity, Reference, Scope, Source};
use crate::time::Period;

/// The package an evaluation was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MethodologyStamp {
    /// Package id.
    pub id: String,
    /// Package version.
    pub version: String,
    /// Edition of the methodology.
    pub edition: String,
}

/// How a value was judged against its reference.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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

impl Judgement {
    /// The deviation severity, if this is a deviation.
    pub fn severity(self) -> Option<DeviationSeverity> {
        match self {
            Judgement::Warning => Some(DeviationSeverity::Warning),
            Judgement::Critical => Some(DeviationSeverity::Critical),
            _ => None,
        }
    }

    /// Whether the value was compared with a reference.
    pub fn is_judged(self) -> bool {
        matches!(
            self,
            Judgement::Normal | Judgement::Warning | Judgement::Critical
        )
    }
}

/// The reference row that judged a value.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AppliedReference {
    /// Reference id (`indicator/scope/from`).
    pub id: String,
    /// Its scope.
    pub scope: Scope,
    /// Target value.
    pub target: Option<Decimal>,
    /// Normal band.
    pub normal: Band,
    /// Warning band.
    pub warning: Option<Band>,
    /// The act and clause, or the regional proposal.
    pub source: Source,
}

impl From<&Reference> for AppliedReference {
    fn from(r: &Reference) -> Self {
        AppliedReference {
            id: r.id.clone(),
            scope: r.scope.clone(),
            target: r.target,
            normal: r.normal,
            warning: r.warning,
            source: r.source.clone(),
        }
    }
}

/// One indicator of one entity in the period asked, with what explains it.
///
/// An evaluation holds a value for every entity and indicator (tens of
/// thousands in a region), so the texts they have in common (the entity's
/// name, the indicator, its process and formula, the names of its measures,
/// the reference) are shared between them rather than copied into each:
/// read them as `&str` (`&*value.indicator`) or clone the `Arc`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorValue {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: Arc<str>,
    /// Indicator id.
    pub indicator: Arc<str>,
    /// Process id (none for cross-cutting indicators).
    pub process: Option<Arc<str>>,
    /// The period.
    pub period: Period,
    /// The value (none when undefined, e.g. a zero base).
    pub value: Option<Decimal>,
    /// The value of the base measure, if the indicator has one.
    pub base: Option<i64>,
    /// How it was judged.
    pub judgement: Judgement,
    /// The reference that judged it.
    pub reference: Option<Arc<AppliedReference>>,
    /// The formula.
    pub formula: Arc<str>,
    /// The measures it was computed from (rolled up to this entity).
    pub inputs: BTreeMap<Arc<str>, i64>,
    /// Values of the earlier periods of the window, oldest first.
    pub history: Vec<Option<Decimal>>,
    /// Funnel limits around the reference (shares and rates of a base).
    #[serde(default)]
    pub funnel: Option<Funnel>,
    /// Assurance of the entity's own series over the window.
    #[serde(default)]
    pub assurance: Option<Assurance>,
}

/// What the deviation policy does with a deviation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    /// Routed, and escalated as its matrix row says.
    #[default]
    Escalate,
    /// A signal to watch: on a small base and within what chance explains,
    /// it is routed to its own level and not escalated at once.
    Watch,
}

/// What found a deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
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
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
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
    pub period: Period,
    /// What found it.
    pub rule: DeviationRule,
    /// How serious.
    pub severity: DeviationSeverity,
    /// The value.
    pub value: Option<Decimal>,
    /// The reference it was compared with.
    pub reference: Option<AppliedReference>,
    /// Why it is a deviation, in words.
    pub reason: String,
    /// The measures the value was computed from.
    pub inputs: BTreeMap<String, i64>,
    /// The formula.
    pub formula: String,
    /// Escalate or watch (the indicator's deviation policy).
    #[serde(default)]
    pub action: Action,
    /// The chance of a value this far on the worse side if the entity
    /// stood at the reference (from the funnel), where there is one.
    #[serde(default)]
    pub probability: Option<f64>,
}

/// Deviation counts of one level.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SeverityCounts {
    /// Warnings.
    pub warning: u64,
    /// Critical deviations.
    pub critical: u64,
}

/// An indicator with many deviations.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IndicatorCount {
    /// Indicator id.
    pub indicator: String,
    /// Deviations of it.
    pub deviations: u64,
    /// Of which critical.
    pub critical: u64,
}

/// Counts for a first look.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Entities per level.
    pub entities: BTreeMap<Level, u64>,
    /// Values computed in the period asked.
    pub values: u64,
    /// Of which judged against a reference.
    pub judged: u64,
    /// Of which not judged for a too small base.
    pub insufficient_base: u64,
    /// Deviations kept to watch, not escalated at once (the policy for
    /// small bases).
    #[serde(default)]
    pub watched: u64,
    /// Deviations per level and severity.
    pub deviations: BTreeMap<Level, SeverityCounts>,
    /// Indicators by number of deviations, most first.
    pub worst_indicators: Vec<IndicatorCount>,
}

/// The result of evaluating a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Evaluation {
    /// The package used.
    pub methodology: MethodologyStamp,
    /// The region evaluated.
    pub region: String,
    /// The period asked.
    pub period: Period,
    /// The periods of the window, oldest first (the last is `period`).
    pub periods: Vec<Period>,
    /// Every indicator of every entity where it applies.
    pub values: Vec<IndicatorValue>,
    /// Every deviation.
    pub deviations: Vec<Deviation>,
    /// Counts.
    pub summary: Summary,
    /// What the numbers must be read with (a period beyond the production
    /// calendar's coverage, a year without its decree).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<EvaluationNote>,
}

/// Something a reader of an evaluation must know to trust its numbers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EvaluationNote {
    /// A stable code (`calendar-beyond-coverage`).
    pub code: String,
    /// The note in English.
    pub message: String,
    /// The note in Russian.
    pub message_ru: String,
}

impl From<crate::time::CalendarNote> for EvaluationNote {
    fn from(n: crate::time::CalendarNote) -> Self {
        EvaluationNote {
            code: n.code().to_string(),
            message: n.message_en(),
            message_ru: n.message_ru(),
        }
    }
}

impl Evaluation {
    /// The value of `indicator` for entity `id` at `level`.
    pub fn value(&self, level: Level, id: &str, indicator: &str) -> Option<&IndicatorValue> {
        self.values
            .iter()
            .find(|v| v.entity.level == level && v.entity.id == id && &*v.indicator == indicator)
    }

    /// A deviation by id.
    pub fn deviation(&self, id: &str) -> Option<&Deviation> {
        self.deviations.iter().find(|d| d.id == id)
    }

    /// The deterministic JSON form (serialised as [`Evaluation::write_json`]
    /// does, on every core).
    pub fn to_json(&self) -> String {
        let mut out = Vec::new();
        match self.write_json(&mut out) {
            // serde_json writes UTF-8 only.
            Ok(()) => String::from_utf8(out)
                .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()),
            Err(e) => format!("{{\"error\": \"{e}\"}}"),
        }
    }

    /// Writes the bytes of [`Evaluation::to_json`] into `out` as they are
    /// made, without holding the whole text (a region's evaluation is tens
    /// of megabytes); the indicator values are serialised on every core.
    pub fn write_json(&self, mut out: impl std::io::Write) -> std::io::Result<()> {
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        super::json::write(self, &mut out, threads)
    }
}

/// The stable id of a deviation.
pub(crate) fn deviation_id(
    entity: &EntityRef,
    indicator: &str,
    period: Period,
    rule: &DeviationRule,
) -> String {
    match rule {
        DeviationRule::Band => format!("{indicator}@{entity}@{period}"),
        DeviationRule::Trend { rule } => format!("{indicator}@{entity}@{period}#{rule}"),
    }
}
