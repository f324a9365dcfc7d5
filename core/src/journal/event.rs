//! The events of a deviation's life. Events are facts in the past tense;
//! each has an id, a time, an actor and a reason.

use std::cmp::Ordering;

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::sha256::sha256_hex;
use crate::data::{EntityRef, Level};
use crate::evaluate::DeviationRule;
use crate::methodology::DeviationSeverity;
use crate::responsibility::{Owner, Place};
use crate::time::Period;

/// The actor of events the engine writes itself (detections, observed
/// corrections, measured verifications, automatic escalations).
pub const ENGINE_ACTOR: &str = "etalon";

/// One event in the journal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Event {
    /// Unique id. Events the engine writes have ids made from the deviation
    /// and what happened (`<deviation>/detected`), so applying the same
    /// evaluation on two machines gives the same ids; events people record
    /// have `m-` and a digest of their content.
    pub id: String,
    /// The deviation (its journal id: the id of its first detection).
    pub deviation: String,
    /// When it happened.
    pub at: DateTime<Utc>,
    /// Who did it (a person's name or login; `etalon` for the engine).
    pub actor: String,
    /// Why, in words (for a recorded cause: the cause; for a planned action:
    /// the action).
    pub reason: String,
    /// What happened.
    pub change: Change,
}

/// What a detection knows about the deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Detection {
    /// The deviation's subject: indicator, entity and rule, without the
    /// period (`st_as_booked@unit:U0007`, `...#three_in_a_row`). Later
    /// periods of the same subject belong to the same journal entry.
    pub subject: String,
    /// Indicator id.
    pub indicator: String,
    /// Its process (none for cross-cutting indicators).
    pub process: Option<String>,
    /// The entity and its ancestors up to the region, smallest first.
    pub path: Vec<Place>,
    /// What found it.
    pub rule: DeviationRule,
    /// The period it was found in.
    pub period: Period,
    /// How serious.
    pub severity: DeviationSeverity,
    /// The value.
    pub value: Option<Decimal>,
}

impl Detection {
    /// The deviation's entity.
    pub fn entity(&self) -> Option<&EntityRef> {
        self.path.first().map(|p| &p.entity)
    }

    /// The place of the ancestor (or the entity itself) at `level`.
    pub fn at_level(&self, level: Level) -> Option<&Place> {
        self.path.iter().find(|p| p.entity.level == level)
    }
}

/// Why a deviation was escalated.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Trigger {
    /// The response term ended without a planned action.
    Overdue {
        /// The last day of the term.
        due: NaiveDate,
    },
    /// Found outside its band in this many evaluated periods.
    Recurrence {
        /// Periods outside so far.
        periods: u32,
    },
    /// A row that escalates at once (critical deviations).
    AtOnce {
        /// The severity found.
        severity: DeviationSeverity,
    },
    /// Escalated by a person.
    Manual,
}

/// How a correction was verified.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Verification {
    /// Measured: back inside the band in these evaluated periods running.
    Measured {
        /// The periods.
        periods: Vec<Period>,
    },
    /// By a person, for the reason given with the event.
    Manual,
}

/// Why a deviation was reopened.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ReopenCause {
    /// Outside the band again before the correction was closed: the
    /// correction was ineffective.
    Ineffective,
    /// Outside the band again after it was closed.
    RecurredAfterClosing,
}

/// What happened to a deviation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Change {
    /// Found by an evaluation (the first event of a deviation).
    Detected(Detection),
    /// Routed to an owner with a response term.
    Assigned {
        /// Who answers.
        owner: Owner,
        /// The last day of the response term.
        due: NaiveDate,
        /// The matrix row that routed it (`file:line`), or `by hand`.
        row: String,
    },
    /// The cause was investigated; the event's reason states it.
    CauseRecorded,
    /// A corrective action was planned; the event's reason states it.
    ActionPlanned {
        /// By when it is to be done.
        until: Option<NaiveDate>,
    },
    /// A later evaluation found the indicator back inside its band.
    CorrectionObserved {
        /// The period.
        period: Period,
        /// The value.
        value: Option<Decimal>,
        /// Periods back inside the band so far, this one included.
        in_band: u32,
        /// Periods needed to verify the correction.
        needed: u32,
    },
    /// A later evaluation found it outside its band again while it was open.
    Recurred {
        /// The period.
        period: Period,
        /// How serious now.
        severity: DeviationSeverity,
        /// The value.
        value: Option<Decimal>,
    },
    /// The correction was verified effective.
    Verified {
        /// How.
        method: Verification,
    },
    /// Closed by its owner.
    Closed,
    /// Moved one step up its escalation ladder.
    Escalated {
        /// The owner before.
        from: Option<Owner>,
        /// The owner now.
        to: Owner,
        /// The new last day of the response term.
        due: NaiveDate,
        /// Why.
        triggers: Vec<Trigger>,
    },
    /// Outside its band again after a correction: open once more.
    Reopened {
        /// The period.
        period: Period,
        /// How serious now.
        severity: DeviationSeverity,
        /// The value.
        value: Option<Decimal>,
        /// Why.
        cause: ReopenCause,
    },
}

impl Change {
    /// The kind's name as written in the journal (`cause_recorded`).
    pub fn name(&self) -> &'static str {
        match self {
            Change::Detected(_) => "detected",
            Change::Assigned { .. } => "assigned",
            Change::CauseRecorded => "cause_recorded",
            Change::ActionPlanned { .. } => "action_planned",
            Change::CorrectionObserved { .. } => "correction_observed",
            Change::Recurred { .. } => "recurred",
            Change::Verified { .. } => "verified",
            Change::Closed => "closed",
            Change::Escalated { .. } => "escalated",
            Change::Reopened { .. } => "reopened",
        }
    }

    /// The place of the kind in a deviation's life, which orders events
    /// written at the same instant: what an evaluation finds comes before
    /// the routing it causes, and routing before people's answers.
    pub fn rank(&self) -> u8 {
        match self {
            Change::Detected(_) => 0,
            Change::Reopened { .. } => 1,
            Change::Recurred { .. } => 2,
            Change::CorrectionObserved { .. } => 3,
            Change::Verified { .. } => 4,
            Change::Assigned { .. } => 5,
            Change::Escalated { .. } => 6,
            Change::CauseRecorded => 7,
            Change::ActionPlanned { .. } => 8,
            Change::Closed => 9,
        }
    }
}

impl Event {
    /// An event recorded by a person: its id is `m-` and the first 16 hex
    /// digits of the SHA-256 of its content, so the same record made twice
    /// is one event.
    pub fn recorded(
        deviation: &str,
        at: DateTime<Utc>,
        actor: &str,
        reason: &str,
        change: Change,
    ) -> Event {
        let mut e = Event {
            id: String::new(),
            deviation: deviation.to_string(),
            at,
            actor: actor.to_string(),
            reason: reason.to_string(),
            change,
        };
        let content = serde_json::to_string(&e).unwrap_or_default();
        e.id = format!("m-{}", &sha256_hex(content.as_bytes())[..16]);
        e
    }

    /// The order of events of one deviation: by time, then by their place
    /// in a deviation's life, then by id. Replaying a deviation's events in
    /// this order gives its state whatever order the journal holds them in.
    pub fn order(&self, other: &Event) -> Ordering {
        (self.at, self.change.rank(), &self.id).cmp(&(other.at, other.change.rank(), &other.id))
    }

    /// The compact JSON form (what a journal line holds).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    #[test]
    fn recorded_events_get_content_ids() {
        let a = Event::recorded(
            "d",
            at("2026-07-01T10:00:00Z"),
            "Иванова",
            "no driver",
            Change::CauseRecorded,
        );
        let b = Event::recorded(
            "d",
            at("2026-07-01T10:00:00Z"),
            "Иванова",
            "no driver",
            Change::CauseRecorded,
        );
        let c = Event::recorded(
            "d",
            at("2026-07-01T10:00:01Z"),
            "Иванова",
            "no driver",
            Change::CauseRecorded,
        );
        assert_eq!(a.id, b.id);
        assert_ne!(a.id, c.id);
        assert!(a.id.starts_with("m-") && a.id.len() == 18);
    }

    #[test]
    fn events_round_trip_through_json() {
        let e = Event::recorded(
            "d",
            at("2026-07-01T10:00:00.5Z"),
            "a",
            "r",
            Change::Escalated {
                from: None,
                to: Owner {
                    role: "director".into(),
                    entity: EntityRef {
                        level: Level::Org,
                        id: "O1".into(),
                    },
                    entity_name: "Центр".into(),
                },
                due: NaiveDate::from_ymd_opt(2026, 7, 15).unwrap(),
                triggers: vec![Trigger::Overdue {
                    due: NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
                }],
            },
        );
        let json = e.to_json();
        assert!(json.contains(r#""change":{"kind":"escalated""#), "{json}");
        let back: Event = serde_json::from_str(&json).unwrap();
        assert_eq!(back, e);
        let closed = Event::recorded("d", e.at, "a", "r", Change::Closed);
        assert!(closed.to_json().contains(r#""change":{"kind":"closed"}"#));
        let back: Event = serde_json::from_str(&closed.to_json()).unwrap();
        assert_eq!(back, closed);
    }

    #[test]
    fn same_instant_events_follow_the_life_of_a_deviation() {
        let t = at("2026-07-01T00:00:00Z");
        let assigned = Event::recorded(
            "d",
            t,
            ENGINE_ACTOR,
            "",
            Change::Assigned {
                owner: Owner {
                    role: "r".into(),
                    entity: EntityRef {
                        level: Level::Unit,
                        id: "U".into(),
                    },
                    entity_name: String::new(),
                },
                due: t.date_naive(),
                row: String::new(),
            },
        );
        let closed = Event::recorded("d", t, "a", "r", Change::Closed);
        assert_eq!(assigned.order(&closed), Ordering::Less);
    }
}
