//! The management view (step 4 of the quality cycle): open deviations by
//! level, owner and term, overdue first, and the share closed on time per
//! organisation and per manager (a KPI input).

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

use super::state::{DeviationState, Effectiveness, JournalState, Stage, Status};
use crate::data::{EntityRef, Level};
use crate::methodology::DeviationSeverity;
use crate::responsibility::Owner;

/// Which deviations to show.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ViewFilter {
    /// Only those of this organisation (its units and itself).
    pub org: Option<String>,
    /// Only overdue ones (open deviations only).
    pub overdue_only: bool,
    /// Only those of entities at this level.
    pub level: Option<Level>,
}

impl ViewFilter {
    /// Whether `d` is of the organisation and level asked.
    fn selects(&self, d: &DeviationState) -> bool {
        self.org.as_deref().is_none_or(|o| d.org() == Some(o))
            && self
                .level
                .is_none_or(|l| d.detection.entity().is_some_and(|e| e.level == l))
    }
}

/// An open deviation as a manager sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OpenDeviation {
    /// Journal id.
    pub id: String,
    /// Indicator id.
    pub indicator: String,
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// Worst severity of the current opening.
    pub severity: DeviationSeverity,
    /// Where it stands.
    pub status: Status,
    /// The furthest step reached.
    pub stage: Stage,
    /// Who answers.
    pub owner: Option<Owner>,
    /// The last day of the response term.
    pub due: Option<NaiveDate>,
    /// Days past the term, if overdue.
    pub overdue_days: Option<i64>,
    /// Escalations in the current opening.
    pub escalation_step: u32,
    /// Times reopened.
    pub reopened: u32,
    /// Whether the correction worked.
    pub effectiveness: Effectiveness,
}

impl OpenDeviation {
    fn of(d: &DeviationState, as_of: NaiveDate) -> OpenDeviation {
        let first = d.detection.path.first();
        OpenDeviation {
            id: d.id.clone(),
            indicator: d.detection.indicator.clone(),
            entity: first.map(|p| p.entity.clone()).unwrap_or(EntityRef {
                level: Level::Region,
                id: String::new(),
            }),
            entity_name: first.map(|p| p.name.clone()).unwrap_or_default(),
            severity: d.severity,
            status: d.status,
            stage: d.stage(),
            owner: d.owner.clone(),
            due: d.due,
            overdue_days: d
                .is_overdue(as_of)
                .then(|| d.due.map(|due| (as_of - due).num_days()))
                .flatten(),
            escalation_step: d.escalation_step,
            reopened: d.reopened,
            effectiveness: d.effectiveness(),
        }
    }
}

/// Open (not closed) deviations on `as_of`: overdue first, the longest
/// overdue first; then by term, level and id.
pub fn open_deviations(
    state: &JournalState,
    as_of: NaiveDate,
    filter: &ViewFilter,
) -> Vec<OpenDeviation> {
    let mut out: Vec<OpenDeviation> = state
        .deviations()
        .filter(|d| d.is_open() && filter.selects(d))
        .map(|d| OpenDeviation::of(d, as_of))
        .filter(|o| !filter.overdue_only || o.overdue_days.is_some())
        .collect();
    out.sort_by(|a, b| {
        let key = |o: &OpenDeviation| {
            (
                std::cmp::Reverse(o.overdue_days.unwrap_or(i64::MIN)),
                o.due.unwrap_or(NaiveDate::MAX),
                o.entity.level,
                o.id.clone(),
            )
        };
        key(a).cmp(&key(b))
    });
    out
}

/// Open deviations grouped by the level of their entity and by owner
/// (`role@level:id`, or `unassigned`), each group in the order of
/// [`open_deviations`].
pub fn by_level_and_owner(
    open: &[OpenDeviation],
) -> BTreeMap<Level, BTreeMap<String, Vec<&OpenDeviation>>> {
    let mut out: BTreeMap<Level, BTreeMap<String, Vec<&OpenDeviation>>> = BTreeMap::new();
    for o in open {
        let owner = o
            .owner
            .as_ref()
            .map_or_else(|| "unassigned".to_string(), Owner::to_string);
        out.entry(o.entity.level)
            .or_default()
            .entry(owner)
            .or_default()
            .push(o);
    }
    out
}

/// Deviations closed on time, of those whose term has come.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct OnTime {
    /// Closed, with every response term of the opening met.
    pub on_time: u32,
    /// Closed, or whose response term was missed (an open deviation still
    /// inside its term does not count yet).
    pub counted: u32,
}

impl OnTime {
    /// `on_time / counted × 100`, exact; none when nothing counts yet.
    pub fn share(&self) -> Option<Decimal> {
        (self.counted > 0)
            .then(|| Decimal::from(self.on_time) * Decimal::from(100) / Decimal::from(self.counted))
    }

    fn add(&mut self, d: &DeviationState, as_of: NaiveDate) {
        let closed = d.status == Status::Closed;
        if closed || d.missed_term || d.is_overdue(as_of) {
            self.counted += 1;
            if closed && !d.missed_term {
                self.on_time += 1;
            }
        }
    }
}

/// Closed-on-time counts per organisation and per manager.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct OnTimeReport {
    /// By organisation id (deviations of the organisation and its units).
    pub by_org: BTreeMap<String, OnTime>,
    /// By manager: the current owner, `role@level:id`.
    pub by_owner: BTreeMap<String, OnTime>,
}

/// Which deviations were closed on time, on `as_of`.
///
/// Each deviation counts once, for its current opening: as closed on time
/// if it is closed and no response term of the opening was missed (the
/// cause recorded and the action planned by the due date, never escalated
/// for an overdue term); as not on time if its term was missed, closed or
/// not. An open deviation still inside its term does not count yet.
pub fn on_time(state: &JournalState, as_of: NaiveDate, filter: &ViewFilter) -> OnTimeReport {
    let mut r = OnTimeReport::default();
    for d in state.deviations().filter(|d| filter.selects(d)) {
        if let Some(org) = d.org() {
            r.by_org.entry(org.to_string()).or_default().add(d, as_of);
        }
        if let Some(owner) = &d.owner {
            r.by_owner
                .entry(owner.to_string())
                .or_default()
                .add(d, as_of);
        }
    }
    r.by_org.retain(|_, v| v.counted > 0);
    r.by_owner.retain(|_, v| v.counted > 0);
    r
}

/// The share of deviations closed on time per organisation, in percent
/// (0 to 100, exact), on `as_of`: the KPI input of a director. An
/// organisation with nothing counted yet is absent.
///
/// ```
/// use etalon_core::journal::{JournalState, closed_on_time_by_org};
/// let empty = JournalState::new();
/// let today = chrono::NaiveDate::from_ymd_opt(2026, 10, 1).unwrap();
/// assert!(closed_on_time_by_org(&empty, today).is_empty());
/// ```
pub fn closed_on_time_by_org(state: &JournalState, as_of: NaiveDate) -> BTreeMap<String, Decimal> {
    on_time(state, as_of, &ViewFilter::default())
        .by_org
        .into_iter()
        .filter_map(|(org, t)| t.share().map(|s| (org, s)))
        .collect()
}
