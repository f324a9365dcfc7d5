//! What a host (an embedding system, the Python and Kotlin bindings, the
//! CLI) needs of the deviation journal besides the engine's own types:
//! one store that is either a journal file or memory, the events people
//! record named as the CLI names them, times written as text, and the
//! management view as one value.
//!
//! Nothing here decides anything the engine does not: [`recorded_event`]
//! builds the event that `etalon journal record <kind>` records (with the
//! responsibility matrix for assignments and escalations), and
//! [`ManagementView`] is what `etalon journal show --format json` prints.
//!
//! ```
//! use etalon::host::{JournalStore, Record, RecordKind, recorded_event};
//! use etalon::journal::{Journal, JournalState};
//!
//! let mut journal = Journal::open(JournalStore::memory()).unwrap();
//! let at = etalon::host::parse_instant("2026-10-10").unwrap();
//! let close = Record::new(RecordKind::Close, "in_term@org:O1@2026-Q3", "Иванова", "done", at);
//! let event = recorded_event(journal.state(), None, &close).unwrap();
//! // Closing a deviation the journal never detected is refused; nothing is stored.
//! assert!(journal.record(event).is_err());
//! assert!(journal.events().is_empty());
//! ```

use std::fmt;
use std::path::Path;
use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use etalon_core::journal::{
    self, Change, Conflict, Event, EventStore, JournalError, JournalState, MemoryStore,
    OnTimeReport, OpenDeviation, StoreError, Verification, ViewFilter,
};
use etalon_core::{Methodology, Period};
use serde::Serialize;

use crate::io::{JournalFile, JournalFileError, PostgresJournal, is_postgres_url, read_journal};

/// Where a host's journal keeps its events: a journal file (JSON Lines
/// with a hash chain, see [`JournalFile`]), the central journal in
/// PostgreSQL ([`PostgresJournal`]) or memory.
#[derive(Debug)]
pub enum JournalStore {
    /// A journal file, opened for appending.
    File(JournalFile),
    /// The central journal in a PostgreSQL database (boxed: its client
    /// is large).
    Postgres(Box<PostgresJournal>),
    /// Events in memory (nothing written anywhere).
    Memory(MemoryStore),
}

impl JournalStore {
    /// An empty journal in memory.
    pub fn memory() -> Self {
        JournalStore::Memory(MemoryStore::new())
    }

    /// The journal file at `path`, opened for appending (created with its
    /// first event; a torn last line is cut off, see
    /// [`JournalFile::recovered`]); or, when `path` is a `postgres://` URL,
    /// the central journal in that database.
    pub fn open(path: &Path) -> Result<Self, JournalFileError> {
        match path.to_str().filter(|s| is_postgres_url(s)) {
            Some(url) => PostgresJournal::open(url).map(|p| JournalStore::Postgres(Box::new(p))),
            None => JournalFile::open(path).map(JournalStore::File),
        }
    }

    /// The events of the journal file at `path`, read into memory: the file
    /// is not changed, neither now nor by later appends (a torn last line
    /// is left out).
    pub fn read(path: &Path) -> Result<Self, JournalFileError> {
        let decoded = read_journal(path)?;
        Ok(JournalStore::Memory(MemoryStore::with_events(
            decoded.events,
        )))
    }

    /// The file, for a journal kept in one.
    pub fn file(&self) -> Option<&JournalFile> {
        match self {
            JournalStore::File(f) => Some(f),
            JournalStore::Postgres(_) | JournalStore::Memory(_) => None,
        }
    }
}

impl EventStore for JournalStore {
    fn load(&mut self) -> Result<Vec<Event>, StoreError> {
        match self {
            JournalStore::File(f) => f.load(),
            JournalStore::Postgres(p) => p.load(),
            JournalStore::Memory(m) => m.load(),
        }
    }

    fn append(&mut self, events: &[Event]) -> Result<(), StoreError> {
        match self {
            JournalStore::File(f) => f.append(events),
            JournalStore::Postgres(p) => p.append(events),
            JournalStore::Memory(m) => m.append(events),
        }
    }

    fn take(&mut self) -> Result<Vec<Event>, StoreError> {
        match self {
            JournalStore::File(f) => f.take(),
            JournalStore::Postgres(p) => p.take(),
            JournalStore::Memory(m) => m.take(),
        }
    }

    fn release(&mut self) {
        match self {
            JournalStore::File(f) => f.release(),
            JournalStore::Postgres(p) => p.release(),
            JournalStore::Memory(m) => m.release(),
        }
    }
}

/// Reads a time written `2026-10-10` (midnight UTC) or as RFC 3339
/// (`2026-10-10T09:30:00Z`, `2026-10-10T12:30:00+03:00`).
///
/// ```
/// let t = etalon::host::parse_instant("2026-10-10T12:30:00+03:00").unwrap();
/// assert_eq!(t.to_rfc3339(), "2026-10-10T09:30:00+00:00");
/// assert_eq!(etalon::host::parse_instant("2026-10-10").unwrap().to_rfc3339(), "2026-10-10T00:00:00+00:00");
/// assert!(etalon::host::parse_instant("10/10/2026").is_err());
/// ```
pub fn parse_instant(s: &str) -> Result<DateTime<Utc>, String> {
    let s = s.trim();
    if let Ok(t) = s.parse::<DateTime<Utc>>() {
        return Ok(t);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .ok()
        .and_then(|d| d.and_hms_opt(0, 0, 0))
        .map(|t| t.and_utc())
        .ok_or_else(|| format!("`{s}` is not a date (2026-10-10) or a time (2026-10-10T09:30:00Z)"))
}

/// What a person records in the journal, named as `etalon journal record`
/// names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RecordKind {
    /// The cause was investigated (the reason states it).
    Cause,
    /// A corrective action was planned (the reason states it).
    Action,
    /// The correction was verified by hand (the reason says how).
    Verify,
    /// The deviation is closed.
    Close,
    /// Assigned by hand to a role.
    Assign,
    /// Escalated by hand: one step up its ladder, or to a role.
    Escalate,
}

impl RecordKind {
    /// Every kind, in the order of a deviation's life.
    pub const ALL: [RecordKind; 6] = [
        RecordKind::Cause,
        RecordKind::Action,
        RecordKind::Verify,
        RecordKind::Close,
        RecordKind::Assign,
        RecordKind::Escalate,
    ];

    /// Its name: `cause`, `action`, `verify`, `close`, `assign`, `escalate`.
    pub fn name(self) -> &'static str {
        match self {
            RecordKind::Cause => "cause",
            RecordKind::Action => "action",
            RecordKind::Verify => "verify",
            RecordKind::Close => "close",
            RecordKind::Assign => "assign",
            RecordKind::Escalate => "escalate",
        }
    }

    /// What it records, in a line (the help of `journal record`).
    pub fn about(self) -> &'static str {
        match self {
            RecordKind::Cause => "The cause was investigated (the reason states it)",
            RecordKind::Action => {
                "A corrective action was planned (the reason states it; `until` its date)"
            }
            RecordKind::Verify => "The correction was verified by hand (the reason says how)",
            RecordKind::Close => "The deviation is closed",
            RecordKind::Assign => {
                "Assign to a role (due on the date given, or the row's term from the time given)"
            }
            RecordKind::Escalate => "Escalate one step up the ladder, or to a role",
        }
    }

    /// Whether it needs the rule package (its responsibility matrix).
    pub fn needs_rules(self) -> bool {
        matches!(self, RecordKind::Assign | RecordKind::Escalate)
    }
}

impl fmt::Display for RecordKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for RecordKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        RecordKind::ALL
            .into_iter()
            .find(|k| k.name() == s.trim())
            .ok_or_else(|| {
                format!(
                    "`{s}` is not something to record; use cause, action, verify, close, assign or escalate"
                )
            })
    }
}

/// One record of a person: what, about which deviation, who, why, when.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record<'a> {
    /// What happened.
    pub kind: RecordKind,
    /// The deviation's journal id.
    pub deviation: &'a str,
    /// Who did it.
    pub actor: &'a str,
    /// Why, or what: the cause, the action, how it was verified.
    pub reason: &'a str,
    /// When.
    pub at: DateTime<Utc>,
    /// For `action`: by when it is to be done.
    pub until: Option<NaiveDate>,
    /// For `assign` (needed) and `escalate` (optional): the role.
    pub role: Option<&'a str>,
    /// For `assign`: the last day of the term (default: the matrix row's
    /// term counted from `at`).
    pub due: Option<NaiveDate>,
}

impl<'a> Record<'a> {
    /// A record without the optional parts.
    pub fn new(
        kind: RecordKind,
        deviation: &'a str,
        actor: &'a str,
        reason: &'a str,
        at: DateTime<Utc>,
    ) -> Self {
        Record {
            kind,
            deviation,
            actor,
            reason,
            at,
            until: None,
            role: None,
            due: None,
        }
    }
}

/// Why a record could not be made into an event.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum RecordError {
    /// Something the kind needs was not given.
    #[error("`{kind}` needs {what}")]
    Missing {
        /// The kind.
        kind: RecordKind,
        /// What is missing (`a role`, `the rule package`).
        what: &'static str,
    },
    /// The journal refuses it (no such deviation, no step left, no matrix...).
    #[error(transparent)]
    Journal(#[from] JournalError),
}

/// The event of a person's record, as `etalon journal record` makes it.
/// `methodology` is needed for `assign` and `escalate` (the responsibility
/// matrix gives the owner and the term). The event is not checked against
/// the journal's state here; [`journal::Journal::record`] does that.
pub fn recorded_event(
    state: &JournalState,
    methodology: Option<&Methodology>,
    r: &Record,
) -> Result<Event, RecordError> {
    let event = |change| Event::recorded(r.deviation, r.at, r.actor, r.reason, change);
    let rules = || {
        methodology.ok_or(RecordError::Missing {
            kind: r.kind,
            what: "the rule package",
        })
    };
    Ok(match r.kind {
        RecordKind::Cause => event(Change::CauseRecorded),
        RecordKind::Action => event(Change::ActionPlanned { until: r.until }),
        RecordKind::Verify => event(Change::Verified {
            method: Verification::Manual,
        }),
        RecordKind::Close => event(Change::Closed),
        RecordKind::Assign => {
            let role = r.role.ok_or(RecordError::Missing {
                kind: r.kind,
                what: "a role",
            })?;
            journal::assignment_by_hand(
                state,
                rules()?,
                r.deviation,
                role,
                r.due,
                r.at,
                r.actor,
                r.reason,
            )?
        }
        RecordKind::Escalate => journal::escalation_by_hand(
            state,
            rules()?,
            r.deviation,
            r.role,
            r.at,
            r.actor,
            r.reason,
        )?,
    })
}

/// The management view of a journal on a day: open deviations overdue
/// first, the share closed on time by organisation and by manager, and the
/// conflicts; what `etalon journal show --format json` prints.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ManagementView {
    /// The day terms are judged on.
    pub as_of: NaiveDate,
    /// Events the journal holds but its state does not follow.
    pub conflicts: Vec<Conflict>,
    /// Deviations in the journal.
    pub deviations: usize,
    /// The latest evaluated period the journal has seen.
    pub last_period: Option<Period>,
    /// Closed on time, by organisation and by manager.
    pub on_time: OnTimeReport,
    /// Open deviations, overdue first.
    pub open: Vec<OpenDeviation>,
}

impl ManagementView {
    /// The view of `state` on `as_of`, of the deviations `filter` selects.
    pub fn of(state: &JournalState, as_of: NaiveDate, filter: &ViewFilter) -> Self {
        ManagementView {
            as_of,
            conflicts: state.conflicts().to_vec(),
            deviations: state.len(),
            last_period: state.last_period(),
            on_time: journal::on_time(state, as_of, filter),
            open: journal::open_deviations(state, as_of, filter),
        }
    }

    /// The deterministic JSON form (keys of every object in order).
    pub fn to_json(&self) -> String {
        serde_json::to_value(self)
            .and_then(|v| serde_json::to_string_pretty(&v))
            .unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalon_core::journal::Journal;

    #[test]
    fn kinds_read_their_names() {
        for k in RecordKind::ALL {
            assert_eq!(k.name().parse::<RecordKind>(), Ok(k));
        }
        assert!("reopen".parse::<RecordKind>().is_err());
        assert!(RecordKind::Assign.needs_rules() && !RecordKind::Close.needs_rules());
    }

    #[test]
    fn records_make_the_cli_events() {
        let at = parse_instant("2026-10-10T09:00:00Z").unwrap();
        let state = JournalState::new();
        let mut r = Record::new(RecordKind::Action, "d", "Петрова", "новый график", at);
        r.until = NaiveDate::from_ymd_opt(2026, 11, 1);
        let e = recorded_event(&state, None, &r).unwrap();
        assert_eq!(
            e,
            Event::recorded(
                "d",
                at,
                "Петрова",
                "новый график",
                Change::ActionPlanned { until: r.until }
            )
        );
        let assign = Record::new(RecordKind::Assign, "d", "a", "r", at);
        let missing = recorded_event(&state, None, &assign).unwrap_err();
        assert_eq!(missing.to_string(), "`assign` needs a role");
        let escalate = Record::new(RecordKind::Escalate, "d", "a", "r", at);
        let missing = recorded_event(&state, None, &escalate).unwrap_err();
        assert_eq!(missing.to_string(), "`escalate` needs the rule package");
        let m = crate::standard().unwrap();
        let unknown = recorded_event(&state, Some(&m), &escalate).unwrap_err();
        assert!(unknown.to_string().contains("never detected"), "{unknown}");
    }

    #[test]
    fn a_read_journal_leaves_its_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let at = parse_instant("2026-10-10").unwrap();
        let event = Event::recorded("d", at, "a", "r", Change::CauseRecorded);
        JournalStore::open(&path)
            .unwrap()
            .append(std::slice::from_ref(&event))
            .unwrap();
        let before = std::fs::read(&path).unwrap();
        let mut read = Journal::open(JournalStore::read(&path).unwrap()).unwrap();
        assert_eq!(read.events(), std::slice::from_ref(&event));
        assert!(read.store().file().is_none());
        let other = Event::recorded("d2", at, "a", "r", Change::CauseRecorded);
        // Refused (never detected), and nothing reaches the file either way.
        assert!(read.record(other).is_err());
        assert_eq!(std::fs::read(&path).unwrap(), before);
        let view = ManagementView::of(read.state(), at.date_naive(), &ViewFilter::default());
        assert_eq!(view.deviations, 0);
        assert!(view.to_json().starts_with("{\n  \"as_of\": \"2026-10-10\""));
    }
}
