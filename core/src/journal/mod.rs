//! The deviation journal: the life of every deviation as an append-only
//! record of events (steps 3 to 5 of the quality cycle).
//!
//! A deviation is **detected** by an evaluation, **assigned** by the
//! responsibility matrix, its **cause recorded** and an **action planned**
//! by its owner; a later evaluation **observes the correction** (the
//! indicator back inside its band), and once it has held for the periods the
//! package asks it is **verified**, then **closed**. It is **escalated**
//! when its term passes, when it recurs, or at once if critical, and
//! **reopened** when it leaves its band again after a correction. Every
//! event keeps who, when and why.
//!
//! The state of each deviation is a fold over its events
//! ([`JournalState`]); an event not allowed where the deviation stands is
//! refused with the reason, and nothing is written. [`Journal`] ties the
//! state to an [`EventStore`]; [`codec`] is the JSON Lines format with its
//! hash chain; [`merge`] joins journals of offline clients; the [`view`]
//! functions give the management view.
//!
//! ```
//! use etalon_core::journal::{Change, Event, Journal, MemoryStore};
//! let mut journal = Journal::open(MemoryStore::new()).unwrap();
//! let at = "2026-10-10T09:00:00Z".parse().unwrap();
//! // Closing a deviation that was never detected is refused; nothing is stored.
//! let close = Event::recorded("ma_decided_in_term@unit:U1@2026-Q3", at, "Иванова", "done", Change::Closed);
//! let err = journal.record(close).unwrap_err();
//! assert!(err.to_string().contains("never detected"), "{err}");
//! assert!(journal.events().is_empty());
//! ```

mod apply;
pub mod codec;
mod event;
mod merge;
mod sha256;
mod state;
mod store;
pub mod view;

use chrono::{DateTime, Utc};

pub use apply::{assignment_by_hand, escalation_by_hand, subject_of};
pub use event::{Change, Detection, ENGINE_ACTOR, Event, ReopenCause, Trigger, Verification};
pub use merge::{MergeReport, merge};
pub use sha256::{sha256, sha256_hex};
pub use state::{Conflict, DeviationState, Effectiveness, JournalState, Rejection, Stage, Status};
pub use store::{EventStore, MemoryStore, StoreError};
pub use view::{
    OnTime, OnTimeReport, OpenDeviation, ViewFilter, by_level_and_owner, closed_on_time_by_org,
    on_time, open_deviations,
};

use crate::data::{EntityRef, OrgTree};
use crate::evaluate::Evaluation;
use crate::methodology::Methodology;
use crate::responsibility::RouteError;
use crate::time::Period;

/// Why the journal refused to change.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum JournalError {
    /// The event is not allowed where its deviation stands.
    #[error(transparent)]
    Rejected(#[from] Rejection),
    /// The rule package has no responsibility matrix.
    #[error(
        "the rule package {0} has no responsibility matrix (`[contents] responsibility` in etalon.toml)"
    )]
    NoMatrix(String),
    /// The evaluation was made with another package.
    #[error(
        "the evaluation was made with the rule package {evaluation}, but the rules given are {package}"
    )]
    PackageMismatch {
        /// The package of the evaluation.
        evaluation: String,
        /// The package given.
        package: String,
    },
    /// The evaluation and the tree are of different regions.
    #[error("the evaluation is of region `{evaluation}`, the organisation tree of region `{tree}`")]
    RegionMismatch {
        /// Region of the evaluation.
        evaluation: String,
        /// Region of the tree.
        tree: String,
    },
    /// An evaluation of a period before the latest one applied.
    #[error(
        "the evaluation is of {period}, before {last}, the latest period this journal has seen; apply evaluations in the order of their periods"
    )]
    StalePeriod {
        /// The evaluation's period.
        period: Period,
        /// The latest period of the journal.
        last: Period,
    },
    /// An evaluation of another kind of period.
    #[error("the journal follows periods such as {journal}; the evaluation is of {evaluation}")]
    PeriodKind {
        /// A period of the journal.
        journal: Period,
        /// The evaluation's period.
        evaluation: Period,
    },
    /// A deviation's entity is not in the organisation tree.
    #[error("{0} is not in the organisation tree given")]
    NotInTree(EntityRef),
    /// The matrix cannot route a deviation.
    #[error(transparent)]
    Route(#[from] RouteError),
    /// The store failed.
    #[error("the journal's storage failed: {0}")]
    Store(#[from] StoreError),
}

/// Whether [`Journal::record`] stored the event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Recorded {
    /// Stored.
    New,
    /// The journal already held this very event; nothing stored.
    AlreadyThere,
}

/// A journal: its events, their state, and where they are stored.
#[derive(Debug)]
pub struct Journal<S: EventStore> {
    store: S,
    events: Vec<Event>,
    state: JournalState,
}

impl<S: EventStore> Journal<S> {
    /// Opens a journal on `store`, replaying its events.
    pub fn open(mut store: S) -> Result<Self, JournalError> {
        let events = store.load()?;
        let state = JournalState::replay(&events);
        Ok(Journal {
            store,
            events,
            state,
        })
    }

    /// The state of every deviation.
    pub fn state(&self) -> &JournalState {
        &self.state
    }

    /// Every event, in the order stored.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The store.
    pub fn store(&self) -> &S {
        &self.store
    }

    /// The store, giving up the journal.
    pub fn into_store(self) -> S {
        self.store
    }

    /// Records an event people made (a cause, an action, a verification by
    /// hand, a closing, an assignment or escalation by hand). It is
    /// refused, and nothing stored, if its deviation does not stand where
    /// the event is allowed, or if it is dated before the deviation's last
    /// event. Recording the very same event twice stores it once.
    pub fn record(&mut self, event: Event) -> Result<Recorded, JournalError> {
        self.taken(|j| {
            if j.state.contains(&event.id) && j.events.contains(&event) {
                return Ok(Recorded::AlreadyThere);
            }
            j.commit(vec![event])?;
            Ok(Recorded::New)
        })
    }

    /// Applies the evaluation of a new period at time `at`: detections,
    /// recurrences, reopenings, observed corrections, measured
    /// verifications and escalations, routed by the methodology's
    /// responsibility matrix. Returns the events written. Applying the same
    /// evaluation again writes only escalations whose time has come.
    pub fn apply(
        &mut self,
        methodology: &Methodology,
        evaluation: &Evaluation,
        tree: &OrgTree,
        at: DateTime<Utc>,
    ) -> Result<Vec<Event>, JournalError> {
        self.taken(|j| {
            let events = apply::plan_apply(&j.state, methodology, evaluation, tree, at)?;
            j.commit(events.clone())?;
            Ok(events)
        })
    }

    /// Escalates every deviation whose response term passed by `at`
    /// (without a new evaluation). Returns the events written.
    pub fn sweep(
        &mut self,
        methodology: &Methodology,
        at: DateTime<Utc>,
    ) -> Result<Vec<Event>, JournalError> {
        self.taken(|j| {
            let events = apply::plan_sweep(&j.state, methodology, at)?;
            j.commit(events.clone())?;
            Ok(events)
        })
    }

    /// Merges journals of other machines into this one: appends every event
    /// it does not hold yet, in a fixed order, and reports conflicts (they
    /// are kept in the journal, and named by [`JournalState::conflicts`]).
    pub fn merge(&mut self, incoming: &[&[Event]]) -> Result<MergeReport, JournalError> {
        self.taken(|j| {
            let report = merge::merge(&j.events, incoming);
            if !report.added.is_empty() {
                j.store.append(&report.added)?;
                j.events.extend(report.added.iter().cloned());
                j.state = JournalState::replay(&j.events);
            }
            Ok(report)
        })
    }

    /// Runs `change` with the store taken from other writers, after
    /// catching up with the events they stored meanwhile, so it is planned
    /// and checked against the whole journal (see [`EventStore::take`]).
    fn taken<T>(
        &mut self,
        change: impl FnOnce(&mut Self) -> Result<T, JournalError>,
    ) -> Result<T, JournalError> {
        let newer = self.store.take()?;
        if !newer.is_empty() {
            self.events.extend(newer);
            self.state = JournalState::replay(&self.events);
        }
        let result = change(self);
        self.store.release();
        result
    }

    /// Checks `events` against a copy of the state, stores them, and only
    /// then takes the new state.
    fn commit(&mut self, events: Vec<Event>) -> Result<(), JournalError> {
        if events.is_empty() {
            return Ok(());
        }
        let mut staged = self.state.clone();
        for e in &events {
            staged.apply(e)?;
        }
        self.store.append(&events)?;
        self.events.extend(events);
        self.state = staged;
        Ok(())
    }
}
