//! The deviation journal: open one on a file or in memory, apply a
//! period's evaluation, record what people did, read the state of each
//! deviation and the management view, merge offline journals, verify a
//! file's hash chain: what the CLI's `etalon journal` subcommands do, over
//! `etalon::host` (the store, the recorded events, the view).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::SystemTime;

use chrono::{DateTime, NaiveDate, Utc};

pub use etalon::host::RecordKind;
use etalon::host::{self, JournalStore, ManagementView as RustView};
use etalon::journal::{self as jr, Effectiveness, Recorded};
use rust_decimal::Decimal;

use crate::dataset::Dataset;
use etalon::error::Code;

use crate::error::{EtalonError, guard};
use crate::evaluation::Evaluation;
use crate::methodology::Methodology;
use crate::types::{DeviationSeverity, EntityRef, Level, int};

pub use etalon::journal::{Stage, Status};

/// Where a deviation stands.
#[uniffi::remote(Enum)]
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

/// The furthest step of a deviation's life.
#[uniffi::remote(Enum)]
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

/// What a person records, as `etalon journal record <kind>` names it.
// The host's own enum, crossing as it is: uniffi checks this list of its
// variants against it when it compiles.
#[uniffi::remote(Enum)]
pub enum RecordKind {
    /// The cause was investigated (the reason states it).
    Cause,
    /// A corrective action was planned (the reason states it; `until` its date).
    Action,
    /// The correction was verified by hand (the reason says how).
    Verify,
    /// The deviation is closed.
    Close,
    /// Assigned by hand to `role` (needs the methodology).
    Assign,
    /// Escalated by hand, one step up or to `role` (needs the methodology).
    Escalate,
}

/// One record of a person: what, about which deviation, who, why, when.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JournalRecord {
    /// What happened.
    pub kind: RecordKind,
    /// The deviation's journal id (`JournalDeviation.id`).
    pub deviation: String,
    /// Who did it.
    pub actor: String,
    /// Why, or what: the cause, the action, how it was verified.
    pub reason: String,
    /// When (`java.time.Instant`).
    pub at: SystemTime,
    /// For `ACTION`: by when it is to be done.
    #[uniffi(default = None)]
    pub until: Option<NaiveDate>,
    /// For `ASSIGN` (needed) and `ESCALATE` (optional): the role.
    #[uniffi(default = None)]
    pub role: Option<String>,
    /// For `ASSIGN`: the last day of the term (default: the matrix's term).
    #[uniffi(default = None)]
    pub due: Option<NaiveDate>,
}

/// Who answers for a deviation: a role of an entity.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Owner {
    /// The role id.
    pub role: String,
    /// The entity whose role answers.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
}

impl From<&etalon::responsibility::Owner> for Owner {
    fn from(o: &etalon::responsibility::Owner) -> Self {
        Owner {
            role: o.role.clone(),
            entity: (&o.entity).into(),
            entity_name: o.entity_name.clone(),
        }
    }
}

/// One event of the journal.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JournalEvent {
    /// The event's id.
    pub id: String,
    /// The deviation's journal id.
    pub deviation: String,
    /// What happened (`detected`, `assigned`, `cause_recorded`, ...).
    pub kind: String,
    /// When.
    pub at: SystemTime,
    /// Who (`etalon` for the engine).
    pub actor: String,
    /// Why.
    pub reason: String,
}

impl From<&jr::Event> for JournalEvent {
    fn from(e: &jr::Event) -> Self {
        JournalEvent {
            id: e.id.clone(),
            deviation: e.deviation.clone(),
            kind: e.change.name().to_string(),
            at: e.at.into(),
            actor: e.actor.clone(),
            reason: e.reason.clone(),
        }
    }
}

/// Whether a correction worked: periods back inside the band so far and
/// periods needed; `effective` once verified.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct CorrectionCheck {
    /// Verified effective (measured or by hand).
    pub effective: bool,
    /// Evaluated periods back inside the band so far (while inconclusive).
    pub in_band: i32,
    /// Periods needed (while inconclusive).
    pub needed: i32,
}

impl From<&Effectiveness> for CorrectionCheck {
    fn from(e: &Effectiveness) -> Self {
        match e {
            Effectiveness::Inconclusive { in_band, needed } => CorrectionCheck {
                effective: false,
                in_band: int(*in_band),
                needed: int(*needed),
            },
            Effectiveness::Effective { .. } => CorrectionCheck {
                effective: true,
                in_band: 0,
                needed: 0,
            },
            Effectiveness::Pending => CorrectionCheck {
                effective: false,
                in_band: 0,
                needed: 0,
            },
        }
    }
}

/// The state of one deviation in the journal.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JournalDeviation {
    /// Journal id (the id of its first detection).
    pub id: String,
    /// The indicator.
    pub indicator: String,
    /// The entity.
    pub entity: Option<EntityRef>,
    /// The period it was last evaluated in.
    pub last_period: String,
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
    /// Whether a response term was missed in the current opening.
    pub missed_term: bool,
    /// The cause recorded.
    pub cause: Option<String>,
    /// The action planned.
    pub action: Option<String>,
    /// By when the action is to be done.
    pub action_until: Option<NaiveDate>,
    /// Escalations in the current opening.
    pub escalation_step: i32,
    /// Times reopened.
    pub reopened: i32,
    /// Corrections that did not hold.
    pub ineffective: i32,
    /// Whether the correction worked.
    pub correction: CorrectionCheck,
    /// Events of this deviation.
    pub events: i32,
}

impl From<&jr::DeviationState> for JournalDeviation {
    fn from(d: &jr::DeviationState) -> Self {
        JournalDeviation {
            id: d.id.clone(),
            indicator: d.detection.indicator.clone(),
            entity: d.detection.entity().map(EntityRef::from),
            last_period: d.last_period.to_string(),
            severity: d.severity,
            status: d.status,
            stage: d.stage(),
            owner: d.owner.as_ref().map(Owner::from),
            due: d.due,
            missed_term: d.missed_term,
            cause: d.cause.clone(),
            action: d.action.clone(),
            action_until: d.action_until,
            escalation_step: int(d.escalation_step),
            reopened: int(d.reopened),
            ineffective: int(d.ineffective),
            correction: (&d.effectiveness()).into(),
            events: int(d.events),
        }
    }
}

/// An open deviation as a manager sees it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
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
    pub escalation_step: i32,
    /// Times reopened.
    pub reopened: i32,
    /// Whether the correction worked.
    pub correction: CorrectionCheck,
}

impl From<&jr::OpenDeviation> for OpenDeviation {
    fn from(o: &jr::OpenDeviation) -> Self {
        OpenDeviation {
            id: o.id.clone(),
            indicator: o.indicator.clone(),
            entity: (&o.entity).into(),
            entity_name: o.entity_name.clone(),
            severity: o.severity,
            status: o.status,
            stage: o.stage,
            owner: o.owner.as_ref().map(Owner::from),
            due: o.due,
            overdue_days: o.overdue_days,
            escalation_step: int(o.escalation_step),
            reopened: int(o.reopened),
            correction: (&o.effectiveness).into(),
        }
    }
}

/// Deviations closed on time, of those whose term has come.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OnTime {
    /// An organisation id, or a manager (`role@level:id`).
    pub id: String,
    /// Closed with every response term met.
    pub on_time: i32,
    /// Closed, or past their term.
    pub counted: i32,
    /// `on_time / counted × 100`, exact; none when nothing counts yet.
    pub share: Option<Decimal>,
}

fn on_time_list(map: &BTreeMap<String, jr::OnTime>) -> Vec<OnTime> {
    map.iter()
        .map(|(id, t)| OnTime {
            id: id.clone(),
            on_time: int(t.on_time),
            counted: int(t.counted),
            share: t.share(),
        })
        .collect()
}

/// An event the journal holds but does not follow (two closings written
/// on two machines).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JournalConflict {
    /// The event.
    pub event: String,
    /// The deviation.
    pub deviation: String,
    /// What is wrong.
    pub message: String,
}

impl From<&jr::Conflict> for JournalConflict {
    fn from(c: &jr::Conflict) -> Self {
        JournalConflict {
            event: c.event.clone(),
            deviation: c.deviation.clone(),
            message: c.message.clone(),
        }
    }
}

/// What merging journals did.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct MergeReport {
    /// Events appended, in the order appended.
    pub added: Vec<JournalEvent>,
    /// Incoming events the journal already held.
    pub duplicates: i64,
    /// Events kept but not followed (two closings of one deviation).
    pub conflicts: Vec<JournalConflict>,
}

/// Which deviations the management view shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct ViewFilter {
    /// Only those of this organisation (its units and itself).
    #[uniffi(default = None)]
    pub org: Option<String>,
    /// Only overdue ones.
    #[uniffi(default = false)]
    pub overdue_only: bool,
    /// Only those of entities at this level.
    #[uniffi(default = None)]
    pub level: Option<Level>,
}

/// The management view on a day (`etalon journal show`): open deviations
/// overdue first, the share closed on time by organisation and by manager,
/// the conflicts.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ManagementView {
    /// The day terms are judged on.
    pub as_of: NaiveDate,
    /// Deviations in the journal.
    pub deviations: i64,
    /// The latest evaluated period the journal has seen.
    pub last_period: Option<String>,
    /// Open deviations, overdue first.
    pub open: Vec<OpenDeviation>,
    /// Closed on time, by organisation.
    pub on_time_by_org: Vec<OnTime>,
    /// Closed on time, by manager (`role@level:id`).
    pub on_time_by_owner: Vec<OnTime>,
    /// Events kept but not followed.
    pub conflicts: Vec<JournalConflict>,
}

impl From<&RustView> for ManagementView {
    fn from(v: &RustView) -> Self {
        ManagementView {
            as_of: v.as_of,
            deviations: int(v.deviations as u64),
            last_period: v.last_period.map(|p| p.to_string()),
            open: v.open.iter().map(OpenDeviation::from).collect(),
            on_time_by_org: on_time_list(&v.on_time.by_org),
            on_time_by_owner: on_time_list(&v.on_time.by_owner),
            conflicts: v.conflicts.iter().map(JournalConflict::from).collect(),
        }
    }
}

/// A deviation journal, on a file or in memory. Calls are serialised: one
/// change at a time, each checked against the state before anything is
/// written (a refused change writes nothing).
/// An internal error (a defect caught at the boundary) in the middle of a
/// call leaves the journal as it was, since a change is staged and
/// committed whole: the next call goes on with it and never waits.
#[derive(Debug, uniffi::Object)]
pub struct Journal {
    inner: Mutex<jr::Journal<JournalStore>>,
}

impl Journal {
    fn new(store: JournalStore) -> Result<Arc<Self>, EtalonError> {
        let inner = jr::Journal::open(store)?;
        Ok(Arc::new(Journal {
            inner: Mutex::new(inner),
        }))
    }

    /// The journal; a panic of an earlier call left it as it was (changes
    /// are staged and committed whole), so a poisoned lock is taken back.
    fn lock(&self) -> MutexGuard<'_, jr::Journal<JournalStore>> {
        self.inner
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Per organisation, the share of deviations closed on time on the
    /// last day of `period` (the KPI item `journal:closed_on_time`).
    pub(crate) fn closed_on_time_by_org(
        &self,
        period: etalon::Period,
    ) -> BTreeMap<String, Decimal> {
        jr::closed_on_time_by_org(self.lock().state(), period.end())
    }
}

#[uniffi::export]
impl Journal {
    /// The journal file at `path` (JSON Lines with a hash chain), opened
    /// for appending; created with its first event. A torn last line (a
    /// write cut short) is cut off; a damaged complete line is an error.
    /// A `postgres://user@host:port/db` URL opens the central journal in
    /// that database.
    #[uniffi::constructor]
    pub fn open_file(path: String) -> Result<Arc<Self>, EtalonError> {
        guard(|| Journal::new(JournalStore::open(Path::new(&path))?))
    }

    /// The events of the journal file at `path`, read into memory: the
    /// file is never changed, neither now nor by later calls.
    #[uniffi::constructor]
    pub fn read_file(path: String) -> Result<Arc<Self>, EtalonError> {
        guard(|| Journal::new(JournalStore::read(Path::new(&path))?))
    }

    /// An empty journal in memory.
    #[uniffi::constructor]
    pub fn in_memory() -> Result<Arc<Self>, EtalonError> {
        guard(|| Journal::new(JournalStore::memory()))
    }

    /// The file the journal writes to; none in memory.
    pub fn path(&self) -> Option<String> {
        self.lock()
            .store()
            .file()
            .map(|f| f.path().display().to_string())
    }

    /// Applies the evaluation of a new period at time `at` (`2026-10-10`
    /// or RFC 3339): detections, recurrences, observed corrections,
    /// verifications and escalations, routed by the methodology's
    /// responsibility matrix; `data` gives the organisation tree. Returns
    /// the events written.
    pub fn apply(
        &self,
        methodology: Arc<Methodology>,
        evaluation: Arc<Evaluation>,
        data: Arc<Dataset>,
        at: SystemTime,
    ) -> Result<Vec<JournalEvent>, EtalonError> {
        guard(|| {
            let at = DateTime::<Utc>::from(at);
            let written = self.lock().apply(
                &methodology.inner,
                evaluation.as_rust(),
                data.inner.tree(),
                at,
            )?;
            Ok(written.iter().map(JournalEvent::from).collect())
        })
    }

    /// Records what a person did. Refused with `EtalonException.Journal`
    /// (kind `rejected`), and nothing written, when the deviation does not
    /// stand where the event is allowed. `methodology` is needed for
    /// `ASSIGN` and `ESCALATE` (the responsibility matrix). Returns false
    /// when the journal already held this very event.
    pub fn record(
        &self,
        entry: JournalRecord,
        methodology: Option<Arc<Methodology>>,
    ) -> Result<bool, EtalonError> {
        guard(|| {
            let record = host::Record {
                until: entry.until,
                role: entry.role.as_deref(),
                due: entry.due,
                ..host::Record::new(
                    entry.kind,
                    &entry.deviation,
                    &entry.actor,
                    &entry.reason,
                    DateTime::<Utc>::from(entry.at),
                )
            };
            let mut journal = self.lock();
            let event = host::recorded_event(
                journal.state(),
                methodology.as_ref().map(|m| &m.inner),
                &record,
            )?;
            Ok(journal.record(event)? == Recorded::New)
        })
    }

    /// Merges the journal files of offline clients into this one (`etalon
    /// journal merge`): every event it does not hold yet is appended, in a
    /// fixed order; conflicts (two closings of one deviation) are kept and
    /// reported. A missing or damaged file is an error and nothing is
    /// merged.
    pub fn merge(&self, paths: Vec<String>) -> Result<MergeReport, EtalonError> {
        guard(|| {
            let mut incoming = Vec::with_capacity(paths.len());
            for path in &paths {
                // A missing file would read as an empty journal: say so instead.
                if !Path::new(path).is_file() {
                    return Err(EtalonError::with_file(
                        Code::IoMissing,
                        path,
                        format!("{path}: no such journal"),
                    ));
                }
                incoming.push(etalon::io::read_journal(Path::new(path))?.events);
            }
            let slices: Vec<&[jr::Event]> = incoming.iter().map(Vec::as_slice).collect();
            let report = self.lock().merge(&slices)?;
            Ok(MergeReport {
                added: report.added.iter().map(JournalEvent::from).collect(),
                duplicates: int(report.duplicates as u64),
                conflicts: report.conflicts.iter().map(JournalConflict::from).collect(),
            })
        })
    }

    /// Every event, in the order stored.
    pub fn events(&self) -> Vec<JournalEvent> {
        self.lock()
            .events()
            .iter()
            .map(JournalEvent::from)
            .collect()
    }

    /// The state of every deviation, by id.
    pub fn deviations(&self) -> Vec<JournalDeviation> {
        self.lock()
            .state()
            .deviations()
            .map(JournalDeviation::from)
            .collect()
    }

    /// The state of one deviation, by its journal id.
    pub fn deviation(&self, id: String) -> Option<JournalDeviation> {
        self.lock()
            .state()
            .deviation(&id)
            .map(JournalDeviation::from)
    }

    /// The management view on `as_of` (a date) of the deviations `filter`
    /// selects.
    pub fn view(
        &self,
        as_of: NaiveDate,
        filter: ViewFilter,
    ) -> Result<ManagementView, EtalonError> {
        guard(|| Ok((&self.rust_view(as_of, filter)).into()))
    }

    /// The management view as `etalon journal show --format json` prints it.
    pub fn view_json(&self, as_of: NaiveDate, filter: ViewFilter) -> Result<String, EtalonError> {
        guard(|| Ok(self.rust_view(as_of, filter).to_json()))
    }
}

impl Journal {
    fn rust_view(&self, as_of: NaiveDate, filter: ViewFilter) -> RustView {
        let filter = jr::ViewFilter {
            org: filter.org,
            overdue_only: filter.overdue_only,
            level: filter.level,
        };
        RustView::of(self.lock().state(), as_of, &filter)
    }
}

/// A damaged line of a journal file.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct DamagedLine {
    /// 1-based line number.
    pub line: i64,
    /// What is wrong.
    pub message: String,
}

/// What `verify_journal_file` found (`etalon journal verify`).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct JournalVerification {
    /// Every line whole, the chain unbroken and, when a head was given,
    /// ending there.
    pub intact: bool,
    /// Complete lines.
    pub lines: i64,
    /// The number of the last line.
    pub head_line: i64,
    /// The hash of the last line (64 hex digits).
    pub head_hash: String,
    /// Whether the chain ends at the head given; none when none was given.
    pub head_matches: Option<bool>,
    /// Every damaged line.
    pub damaged: Vec<DamagedLine>,
    /// Whether the last line is incomplete (a write cut short).
    pub torn: bool,
}

/// Checks every line of the journal file at `path` and its hash chain;
/// `head` (at least 8 hex digits of the last hash, as recorded elsewhere)
/// also catches lines cut from the end. The file is only read.
#[uniffi::export(default(head = None))]
pub fn verify_journal_file(
    path: String,
    head: Option<String>,
) -> Result<JournalVerification, EtalonError> {
    guard(|| {
        let report = etalon::io::verify_journal(Path::new(&path))?;
        let head_matches = match head {
            None => None,
            Some(h) => {
                let h = h.trim().to_ascii_lowercase();
                if h.len() < 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                    return Err(EtalonError::argument(
                        "head",
                        "at least 8 hex digits of the last hash",
                    ));
                }
                Some(report.head.hash.starts_with(&h))
            }
        };
        Ok(JournalVerification {
            intact: report.is_intact() && head_matches != Some(false),
            lines: int(report.lines),
            head_line: int(report.head.seq),
            head_hash: report.head.hash.clone(),
            head_matches,
            damaged: report
                .problems
                .iter()
                .map(|p| DamagedLine {
                    line: int(p.line),
                    message: p.problem.to_string(),
                })
                .collect(),
            torn: report.torn.is_some(),
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_journal_whose_lock_a_panic_poisoned_is_taken_back_as_it_was() {
        let journal = Journal::in_memory().unwrap();
        let before = journal.events();
        let held = Arc::clone(&journal);
        let crashed = std::thread::spawn(move || {
            let _journal = held.inner.lock();
            panic!("a defect in the middle of a change");
        })
        .join();
        assert!(crashed.is_err());
        assert!(journal.inner.is_poisoned());
        assert_eq!(journal.events(), before);
        assert_eq!(journal.path(), None);
        assert_eq!(journal.deviations(), Vec::new());
    }
}
