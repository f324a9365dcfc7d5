//! The state of the journal: a fold over its events. Each deviation's state
//! depends only on its own events, replayed in their order (time, place in
//! the life of a deviation, id), so the state does not depend on the order
//! the journal holds them in.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::event::{Change, Detection, Event, ReopenCause, Verification};
use crate::diagnostics::Text;
use crate::methodology::DeviationSeverity;
use crate::responsibility::Owner;
use crate::time::Period;

/// Where a deviation stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Found and not yet back inside its band.
    Open,
    /// Back inside its band; the correction is being verified.
    Corrected,
    /// The correction is verified effective; waiting to be closed.
    Verified,
    /// Closed.
    Closed,
}

/// The furthest step of a deviation's life, for people.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Stage {
    /// Found, not routed.
    Detected,
    /// Routed to an owner.
    Assigned,
    /// The cause is recorded.
    CauseRecorded,
    /// An action is planned.
    ActionPlanned,
    /// Back inside its band, being verified.
    Corrected,
    /// Verified effective.
    Verified,
    /// Closed.
    Closed,
}

/// Whether a correction worked (ISO 9001 10.2.1 d: review the
/// effectiveness of any corrective action).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Effectiveness {
    /// No correction observed yet.
    Pending,
    /// Back inside the band, but not yet for long enough.
    Inconclusive {
        /// Evaluated periods back inside the band so far.
        in_band: u32,
        /// Periods needed.
        needed: u32,
    },
    /// Verified effective.
    Effective {
        /// How.
        method: Verification,
    },
}

/// The state of one deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DeviationState {
    /// Journal id: the id of the first detection.
    pub id: String,
    /// What the first detection found.
    pub detection: Detection,
    /// Where it stands.
    pub status: Status,
    /// The worst severity found in the current opening.
    pub severity: DeviationSeverity,
    /// Who answers now.
    pub owner: Option<Owner>,
    /// The last day of the current response term.
    pub due: Option<NaiveDate>,
    /// Whether the owner still has to answer (record the cause and plan an
    /// action) since the deviation was last assigned, escalated or reopened.
    pub awaiting_response: bool,
    /// Whether a response term was missed in the current opening.
    pub missed_term: bool,
    /// The recorded cause of the current opening.
    pub cause: Option<String>,
    /// The planned action of the current opening.
    pub action: Option<String>,
    /// By when the action is to be done.
    pub action_until: Option<NaiveDate>,
    /// The last evaluated period observed (outside or inside the band).
    pub last_period: Period,
    /// Evaluated periods it was found outside its band, over its whole life.
    pub periods_outside: u32,
    /// Evaluated periods back inside the band since the last correction.
    pub in_band: Vec<Period>,
    /// Periods needed to verify the correction (from the last observation).
    pub needed: u32,
    /// How the current correction was verified.
    pub verification: Option<Verification>,
    /// Escalations in the current opening (the step on the ladder).
    pub escalation_step: u32,
    /// Escalations over its whole life.
    pub escalations: u32,
    /// Times reopened.
    pub reopened: u32,
    /// Of which because the correction was ineffective.
    pub ineffective: u32,
    /// When it was first detected.
    pub detected_at: DateTime<Utc>,
    /// When the current opening began (detection or the last reopening).
    pub opened_at: DateTime<Utc>,
    /// When and by whom it was closed (the last closing).
    pub closed: Option<(DateTime<Utc>, String)>,
    /// Events applied.
    pub events: u32,
    /// Time, rank and id of the last event applied.
    #[serde(skip)]
    pub(crate) last: (DateTime<Utc>, u8, String),
}

impl Stage {
    /// The stage's name as written in the journal and in reports.
    pub fn name(self) -> &'static str {
        match self {
            Stage::Detected => "detected",
            Stage::Assigned => "assigned",
            Stage::CauseRecorded => "cause_recorded",
            Stage::ActionPlanned => "action_planned",
            Stage::Corrected => "corrected",
            Stage::Verified => "verified",
            Stage::Closed => "closed",
        }
    }
}

impl std::fmt::Display for Stage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl DeviationState {
    /// The furthest step reached in the current opening.
    pub fn stage(&self) -> Stage {
        match self.status {
            Status::Closed => Stage::Closed,
            Status::Verified => Stage::Verified,
            Status::Corrected => Stage::Corrected,
            Status::Open if self.action.is_some() => Stage::ActionPlanned,
            Status::Open if self.cause.is_some() => Stage::CauseRecorded,
            Status::Open if self.owner.is_some() => Stage::Assigned,
            Status::Open => Stage::Detected,
        }
    }

    /// Whether the correction worked.
    pub fn effectiveness(&self) -> Effectiveness {
        match (&self.verification, self.in_band.len()) {
            (Some(method), _) => Effectiveness::Effective {
                method: method.clone(),
            },
            (None, 0) => Effectiveness::Pending,
            (None, n) => Effectiveness::Inconclusive {
                in_band: n as u32,
                needed: self.needed,
            },
        }
    }

    /// Whether its response term has passed on `date` with no action planned.
    pub fn is_overdue(&self, date: NaiveDate) -> bool {
        self.status == Status::Open && self.awaiting_response && self.due.is_some_and(|d| d < date)
    }

    /// Whether it is not closed.
    pub fn is_open(&self) -> bool {
        self.status != Status::Closed
    }

    /// The organisation it belongs to (units and organisations only).
    pub fn org(&self) -> Option<&str> {
        self.detection
            .at_level(crate::data::Level::Org)
            .map(|p| p.entity.id.as_str())
    }
}

/// An event the journal holds but its state does not follow: not allowed
/// where it stands (two closings written on two machines), or an id that
/// holds two different events.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Conflict {
    /// The event.
    pub event: String,
    /// The deviation.
    pub deviation: String,
    /// What is wrong.
    pub message: String,
    /// What is wrong, as the message catalogue says it (the id without its
    /// `journal-why-` prefix, and its values); not written out.
    #[serde(skip)]
    pub text: Option<Text>,
}

/// Why an event cannot be applied where its deviation stands.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{kind}` refused for deviation `{deviation}`: {message}")]
pub struct Rejection {
    /// The event's kind.
    pub kind: &'static str,
    /// The deviation.
    pub deviation: String,
    /// Why, in words.
    pub message: String,
    /// Why, as the message catalogue says it: the id (without its
    /// `journal-why-` prefix) and the values that go into it. Never a value
    /// a person wrote (an actor, a reason).
    pub text: Text,
}

impl Rejection {
    /// A refusal of an event of `kind` for `deviation`: why, as its
    /// catalogue message and in English words.
    pub fn new(
        kind: &'static str,
        deviation: &str,
        text: Text,
        message: impl Into<String>,
    ) -> Self {
        Rejection {
            kind,
            deviation: deviation.to_string(),
            message: message.into(),
            text,
        }
    }
}

/// The state of every deviation of the journal.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct JournalState {
    deviations: BTreeMap<String, DeviationState>,
    subjects: BTreeMap<String, String>,
    ids: BTreeSet<String>,
    conflicts: Vec<Conflict>,
    last_period: Option<Period>,
}

impl JournalState {
    /// An empty journal.
    pub fn new() -> Self {
        Self::default()
    }

    /// The state of the journal holding `events`, in any order.
    ///
    /// An id seen twice with different contents keeps one version (the
    /// smaller JSON) and reports a conflict; an event not allowed where its
    /// deviation stands is reported as a conflict and not followed.
    pub fn replay<'a>(events: impl IntoIterator<Item = &'a Event>) -> Self {
        let mut state = JournalState::new();
        let mut by_id: BTreeMap<&str, &Event> = BTreeMap::new();
        let mut clashes: BTreeSet<&str> = BTreeSet::new();
        for e in events {
            match by_id.get(e.id.as_str()) {
                None => {
                    by_id.insert(&e.id, e);
                }
                Some(kept) if *kept == e => {}
                Some(kept) => {
                    clashes.insert(&e.id);
                    if e.to_json() < kept.to_json() {
                        by_id.insert(&e.id, e);
                    }
                }
            }
        }
        for id in clashes {
            let deviation = by_id
                .get(id)
                .map(|e| e.deviation.clone())
                .unwrap_or_default();
            state.conflicts.push(Conflict {
                event: id.to_string(),
                deviation,
                message: format!("two different events have the id `{id}`; one is kept"),
                text: Some(Text::new("id-twice", &[("event", id)])),
            });
        }
        let mut by_deviation: BTreeMap<&str, Vec<&Event>> = BTreeMap::new();
        for e in by_id.values() {
            by_deviation.entry(&e.deviation).or_default().push(e);
        }
        for (_, mut events) in by_deviation {
            events.sort_by(|a, b| a.order(b));
            for e in events {
                state.ids.insert(e.id.clone());
                if let Err(r) = state.check(e) {
                    state.conflicts.push(Conflict {
                        event: e.id.clone(),
                        deviation: e.deviation.clone(),
                        message: r.message,
                        text: Some(r.text),
                    });
                } else {
                    state.follow(e);
                }
            }
        }
        state
    }

    /// Every deviation, by id.
    pub fn deviations(&self) -> impl Iterator<Item = &DeviationState> {
        self.deviations.values()
    }

    /// A deviation by its journal id.
    pub fn deviation(&self, id: &str) -> Option<&DeviationState> {
        self.deviations.get(id)
    }

    /// The deviation of a subject (`indicator@level:id`, plus `#rule`).
    pub fn by_subject(&self, subject: &str) -> Option<&DeviationState> {
        self.subjects
            .get(subject)
            .and_then(|id| self.deviations.get(id))
    }

    /// Number of deviations.
    pub fn len(&self) -> usize {
        self.deviations.len()
    }

    /// Whether the journal has no deviation.
    pub fn is_empty(&self) -> bool {
        self.deviations.is_empty()
    }

    /// Whether an event with this id is in the journal.
    pub fn contains(&self, event_id: &str) -> bool {
        self.ids.contains(event_id)
    }

    /// Events the journal holds that its state does not follow.
    pub fn conflicts(&self) -> &[Conflict] {
        &self.conflicts
    }

    /// The latest evaluated period the journal has seen.
    pub fn last_period(&self) -> Option<Period> {
        self.last_period
    }

    /// Applies an event written live: it must be new, come after its
    /// deviation's last event, and be allowed where the deviation stands.
    /// On an error nothing changes.
    pub(crate) fn apply(&mut self, e: &Event) -> Result<(), Rejection> {
        if self.ids.contains(&e.id) {
            return Err(self.reject(
                e,
                Text::new("held", &[("event", e.id.as_str())]),
                format!("the journal already holds an event `{}`", e.id),
            ));
        }
        if let Some(d) = self.deviations.get(&e.deviation) {
            let key = (e.at, e.change.rank(), e.id.clone());
            if key <= d.last {
                let (at, last) = (e.at.to_rfc3339(), d.last.0.to_rfc3339());
                return Err(self.reject(
                    e,
                    Text::new("not-after-last", &[("at", at.as_str()), ("last", last.as_str())]),
                    format!(
                        "it is dated {at}, not after the deviation's last event ({last}); a deviation's events are kept in time order"
                    ),
                ));
            }
        }
        self.check(e)?;
        self.ids.insert(e.id.clone());
        self.follow(e);
        Ok(())
    }

    fn reject(&self, e: &Event, text: Text, message: String) -> Rejection {
        Rejection::new(e.change.name(), &e.deviation, text, message)
    }

    /// Whether `e` is allowed where its deviation stands.
    pub fn check(&self, e: &Event) -> Result<(), Rejection> {
        let refuse = |id: &str, message: &str| {
            Err(self.reject(e, Text::new::<&str>(id, &[]), message.into()))
        };
        let refuse_with = |id: &str, args: &[(&str, &str)], message: String| {
            Err(self.reject(e, Text::new(id, args), message))
        };
        if e.actor.trim().is_empty() {
            return refuse("no-actor", "every event names its actor");
        }
        if e.reason.trim().is_empty() {
            return refuse("no-reason", "every event gives its reason");
        }
        let Some(d) = self.deviations.get(&e.deviation) else {
            return match &e.change {
                Change::Detected(det) => match self.subjects.get(&det.subject) {
                    Some(other) => refuse_with(
                        "subject-followed",
                        &[("subject", det.subject.as_str()), ("other", other.as_str())],
                        format!(
                            "subject `{}` is already followed as deviation `{other}`",
                            det.subject
                        ),
                    ),
                    None if det.path.is_empty() => refuse(
                        "detection-no-place",
                        "a detection needs the entity's place in the tree",
                    ),
                    None => Ok(()),
                },
                _ => refuse(
                    "unknown",
                    "the journal has no such deviation (it was never detected)",
                ),
            };
        };
        // The day it was closed, never who closed it (a person's name
        // stays in the journal, out of messages).
        let closed_on = d.closed.as_ref().map(|(at, _)| at.date_naive().to_string());
        let closed = |already: bool| match (&closed_on, already) {
            (None, false) => refuse("closed", "it is closed"),
            (None, true) => refuse("already-closed", "it is already closed"),
            (Some(on), false) => refuse_with(
                "closed-on",
                &[("on", on.as_str())],
                format!("it is closed (closed on {on})"),
            ),
            (Some(on), true) => refuse_with(
                "already-closed-on",
                &[("on", on.as_str())],
                format!("it is already closed (closed on {on})"),
            ),
        };
        let is = |s: Status| {
            refuse_with(
                "status",
                &[("status", status_key(s))],
                format!("it is {}", status_word(s)),
            )
        };
        let not_after = |period: &Period| {
            let (period, last) = (period.to_string(), d.last_period.to_string());
            refuse_with(
                "period-not-after",
                &[("period", period.as_str()), ("last", last.as_str())],
                format!("period {period} is not after the last period observed, {last}"),
            )
        };
        match &e.change {
            Change::Detected(_) => refuse("already-detected", "it was already detected"),
            Change::Assigned { .. } => match d.status {
                Status::Closed => closed(false),
                _ => Ok(()),
            },
            Change::CauseRecorded => match d.status {
                Status::Closed => closed(false),
                _ if d.owner.is_none() => refuse("unassigned", "it is not assigned to anyone yet"),
                _ if e.reason.trim().is_empty() => {
                    refuse("no-cause-stated", "the reason must state the cause")
                }
                _ => Ok(()),
            },
            Change::ActionPlanned { .. } => match d.status {
                Status::Closed => closed(false),
                _ if d.cause.is_none() => refuse(
                    "no-cause",
                    "no cause is recorded yet; record the cause before planning an action",
                ),
                _ if e.reason.trim().is_empty() => {
                    refuse("no-action-stated", "the reason must state the action")
                }
                _ => Ok(()),
            },
            Change::CorrectionObserved { period, .. } => match d.status {
                Status::Open | Status::Corrected if *period > d.last_period => Ok(()),
                Status::Open | Status::Corrected => not_after(period),
                s => is(s),
            },
            Change::Recurred { period, .. } => match d.status {
                Status::Open if *period > d.last_period => Ok(()),
                Status::Open => not_after(period),
                s => refuse_with(
                    "recurred-status",
                    &[("status", status_key(s))],
                    format!(
                        "it is {}; a deviation found again after a correction is reopened",
                        status_word(s)
                    ),
                ),
            },
            Change::Verified { method } => match (d.status, method) {
                (Status::Corrected, Verification::Measured { periods })
                    if periods.len() as u32 >= d.needed && periods.as_slice() == d.in_band =>
                {
                    Ok(())
                }
                (Status::Corrected, Verification::Measured { .. }) => {
                    let (inside, needed) = (d.in_band.len().to_string(), d.needed.to_string());
                    refuse_with(
                        "in-band",
                        &[("inside", inside.as_str()), ("needed", needed.as_str())],
                        format!(
                            "it was back inside its band in {inside} of the {needed} periods needed"
                        ),
                    )
                }
                (Status::Open, Verification::Measured { .. }) => {
                    refuse("no-correction", "no correction was observed")
                }
                (Status::Open | Status::Corrected, Verification::Manual)
                    if e.reason.trim().is_empty() =>
                {
                    refuse(
                        "manual-no-reason",
                        "a verification by hand needs its reason",
                    )
                }
                (Status::Open | Status::Corrected, Verification::Manual) => Ok(()),
                (s, _) => refuse_with(
                    "already-status",
                    &[("status", status_key(s))],
                    format!("it is already {}", status_word(s)),
                ),
            },
            Change::Closed => match d.status {
                Status::Verified if d.cause.is_none() || d.action.is_none() => refuse(
                    "close-without-action",
                    "record the cause and the action taken before closing it",
                ),
                Status::Verified => Ok(()),
                Status::Closed => closed(true),
                s => refuse_with(
                    "close-unverified",
                    &[("status", status_key(s))],
                    format!(
                        "it is {}; close a deviation after its correction is verified (by measurement, or by hand with a reason)",
                        status_word(s)
                    ),
                ),
            },
            Change::Escalated { .. } => match d.status {
                Status::Open | Status::Corrected => Ok(()),
                s => is(s),
            },
            Change::Reopened { period, cause, .. } => match (d.status, cause) {
                _ if *period <= d.last_period => not_after(period),
                (Status::Corrected | Status::Verified, ReopenCause::Ineffective) => Ok(()),
                (Status::Closed, ReopenCause::RecurredAfterClosing) => Ok(()),
                (s, _) => refuse_with(
                    "cannot-reopen",
                    &[("status", status_key(s))],
                    format!("it is {} and cannot be reopened so", status_word(s)),
                ),
            },
        }
    }

    /// Follows an event that passed [`JournalState::check`].
    fn follow(&mut self, e: &Event) {
        if let Change::Detected(det) = &e.change {
            self.subjects
                .insert(det.subject.clone(), e.deviation.clone());
            self.note_period(det.period);
            self.deviations.insert(
                e.deviation.clone(),
                DeviationState {
                    id: e.deviation.clone(),
                    detection: det.clone(),
                    status: Status::Open,
                    severity: det.severity,
                    owner: None,
                    due: None,
                    awaiting_response: true,
                    missed_term: false,
                    cause: None,
                    action: None,
                    action_until: None,
                    last_period: det.period,
                    periods_outside: 1,
                    in_band: Vec::new(),
                    needed: 1,
                    verification: None,
                    escalation_step: 0,
                    escalations: 0,
                    reopened: 0,
                    ineffective: 0,
                    detected_at: e.at,
                    opened_at: e.at,
                    closed: None,
                    events: 1,
                    last: (e.at, e.change.rank(), e.id.clone()),
                },
            );
            return;
        }
        let mut seen = None;
        let Some(d) = self.deviations.get_mut(&e.deviation) else {
            return;
        };
        d.events += 1;
        d.last = (e.at, e.change.rank(), e.id.clone());
        match &e.change {
            Change::Detected(_) => {}
            Change::Assigned { owner, due, .. } => {
                d.owner = Some(owner.clone());
                d.due = Some(*due);
                d.awaiting_response = d.action.is_none();
            }
            Change::CauseRecorded => d.cause = Some(e.reason.clone()),
            Change::ActionPlanned { until } => {
                d.action = Some(e.reason.clone());
                d.action_until = *until;
                if d.awaiting_response && d.due.is_some_and(|due| e.at.date_naive() > due) {
                    d.missed_term = true;
                }
                d.awaiting_response = false;
            }
            Change::CorrectionObserved { period, needed, .. } => {
                d.status = Status::Corrected;
                d.in_band.push(*period);
                d.needed = *needed;
                d.last_period = *period;
                seen = Some(*period);
            }
            Change::Recurred {
                period, severity, ..
            } => {
                d.severity = d.severity.max(*severity);
                d.last_period = *period;
                d.periods_outside += 1;
                seen = Some(*period);
            }
            Change::Verified { method } => {
                d.status = Status::Verified;
                d.verification = Some(method.clone());
            }
            Change::Closed => {
                d.status = Status::Closed;
                d.closed = Some((e.at, e.actor.clone()));
            }
            Change::Escalated {
                to, due, triggers, ..
            } => {
                if triggers
                    .iter()
                    .any(|t| matches!(t, super::event::Trigger::Overdue { .. }))
                {
                    d.missed_term = true;
                }
                d.owner = Some(to.clone());
                d.due = Some(*due);
                d.escalation_step += 1;
                d.escalations += 1;
                d.awaiting_response = true;
            }
            Change::Reopened {
                period,
                severity,
                cause,
                ..
            } => {
                d.status = Status::Open;
                d.severity = *severity;
                d.last_period = *period;
                d.periods_outside += 1;
                d.in_band.clear();
                d.verification = None;
                d.cause = None;
                d.action = None;
                d.action_until = None;
                d.owner = None;
                d.due = None;
                d.awaiting_response = true;
                d.missed_term = false;
                d.escalation_step = 0;
                d.reopened += 1;
                if *cause == ReopenCause::Ineffective {
                    d.ineffective += 1;
                }
                d.opened_at = e.at;
                seen = Some(*period);
            }
        }
        if let Some(p) = seen {
            self.note_period(p);
        }
    }

    fn note_period(&mut self, p: Period) {
        if self.last_period.is_none_or(|l| p > l) {
            self.last_period = Some(p);
        }
    }
}

/// The status as the message catalogue selects on it.
fn status_key(s: Status) -> &'static str {
    match s {
        Status::Open => "open",
        Status::Corrected => "corrected",
        Status::Verified => "verified",
        Status::Closed => "closed",
    }
}

fn status_word(s: Status) -> &'static str {
    match s {
        Status::Open => "open (no correction observed)",
        Status::Corrected => "corrected and being verified",
        Status::Verified => "verified",
        Status::Closed => "closed",
    }
}
