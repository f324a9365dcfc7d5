//! The deviation journal from Python: a journal file (or one in memory),
//! evaluations applied to it, events people record, the state of every
//! deviation and the management view; as objects and as tables.
//!
//! A `Journal` holds the Rust `etalon::journal::Journal` behind a lock, so
//! one journal may be shared by threads; applying an evaluation, sweeping,
//! recording and merging run with the GIL released. Errors are
//! `etalon.JournalError` with the path, line, deviation and event kind when
//! they are known.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, NaiveDate, Utc};
use etalon::host::{JournalStore, ManagementView, Record, RecordKind};
use etalon::io::JournalFileError;
use etalon::journal::codec::TornTail;
use etalon::journal::{DeviationState as RustDeviationState, Event, JournalState, ViewFilter};
use etalon::{DeviationRule, Level};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::{PyDate, PyDateTime, PyDict, PyList};
use rust_decimal::Decimal;

use crate::dataset::Dataset;
use crate::errors::{Error, guard, obj};
use crate::evaluation::Evaluation;
use crate::methodology::Methodology;
use crate::scoring::word;
use crate::table::{Table, TableBuilder};

/// A time from Python: `None` (now), a `datetime` (aware, or naive as UTC),
/// a `date` (midnight UTC) or text (`2026-10-10`, `2026-10-10T09:30:00Z`).
fn instant(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<DateTime<Utc>> {
    let Some(v) = v.filter(|v| !v.is_none()) else {
        return Ok(std::time::SystemTime::now().into());
    };
    if v.cast::<PyDateTime>().is_ok() {
        if let Ok(t) = v.extract::<DateTime<chrono::FixedOffset>>() {
            return Ok(t.with_timezone(&Utc));
        }
        let t: chrono::NaiveDateTime = v.extract()?;
        return Ok(t.and_utc());
    }
    if v.cast::<PyDate>().is_ok() {
        let d: NaiveDate = v.extract()?;
        return Ok(d.and_time(chrono::NaiveTime::MIN).and_utc());
    }
    let text: String = v.extract().map_err(|_| {
        Error::Type(format!(
            "{name}: give a datetime, a date or text such as 2026-10-10T09:30:00Z"
        ))
    })?;
    etalon::host::parse_instant(&text).map_err(|m| PyValueError::new_err(format!("{name}: {m}")))
}

/// The day of a view: `None` (today, UTC), a date, a datetime or text.
fn day(name: &str, v: Option<&Bound<'_, PyAny>>) -> PyResult<NaiveDate> {
    if let Some(v) = v.filter(|v| !v.is_none()) {
        if v.cast::<PyDateTime>().is_err() && v.cast::<PyDate>().is_ok() {
            return v.extract();
        }
    }
    Ok(instant(name, v)?.date_naive())
}

fn filter(org: Option<String>, level: Option<&str>, overdue_only: bool) -> PyResult<ViewFilter> {
    Ok(ViewFilter {
        org,
        overdue_only,
        level: level
            .map(|l| l.parse::<Level>().map_err(PyValueError::new_err))
            .transpose()?,
    })
}

/// A serde value as Python objects (numbers as `int`, exact decimals as the
/// text the journal holds them in).
fn py_value<'py>(py: Python<'py>, v: &serde_json::Value) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        serde_json::Value::Null => py.None().into_bound(py),
        serde_json::Value::Bool(b) => obj(py, *b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => obj(py, i),
            None => obj(py, n.as_f64()),
        },
        serde_json::Value::String(s) => obj(py, s.as_str()),
        serde_json::Value::Array(items) => {
            let list = PyList::empty(py);
            for i in items {
                list.append(py_value(py, i)?)?;
            }
            list.into_any()
        }
        serde_json::Value::Object(map) => {
            let d = PyDict::new(py);
            for (k, v) in map {
                d.set_item(k, py_value(py, v)?)?;
            }
            d.into_any()
        }
    })
}

/// One event of the journal.
#[pyclass(frozen, module = "etalon", name = "JournalEvent")]
pub struct JournalEvent {
    inner: Event,
}

#[pymethods]
impl JournalEvent {
    /// Unique id (`<deviation>/detected`, or `m-...` for events people record).
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// The deviation's journal id.
    #[getter]
    fn deviation(&self) -> &str {
        &self.inner.deviation
    }

    /// When it happened (UTC).
    #[getter]
    fn at(&self) -> DateTime<Utc> {
        self.inner.at
    }

    /// Who did it (`etalon` for the engine).
    #[getter]
    fn actor(&self) -> &str {
        &self.inner.actor
    }

    /// Why, in words (for a cause: the cause; for an action: the action).
    #[getter]
    fn reason(&self) -> &str {
        &self.inner.reason
    }

    /// What happened: `detected`, `assigned`, `cause_recorded`,
    /// `action_planned`, `correction_observed`, `recurred`, `verified`,
    /// `closed`, `escalated` or `reopened`.
    #[getter]
    fn kind(&self) -> &'static str {
        self.inner.change.name()
    }

    /// What the change holds besides its kind (owner, due date, period,
    /// value, triggers...), as the journal file writes it.
    #[getter]
    fn details<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        let mut v =
            serde_json::to_value(&self.inner.change).map_err(|e| Error::internal(e.to_string()))?;
        if let serde_json::Value::Object(map) = &mut v {
            map.remove("kind");
        }
        py_value(py, &v)
    }

    /// The event as the compact JSON a journal line holds.
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.JournalEvent {} {} {}>",
            self.inner.change.name(),
            self.inner.deviation,
            self.inner.at.to_rfc3339()
        )
    }
}

fn events(list: &[Event]) -> Vec<JournalEvent> {
    list.iter()
        .map(|e| JournalEvent { inner: e.clone() })
        .collect()
}

/// Who answers for a deviation: a role of an entity.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct Owner {
    /// The role id (`unit_head`, `director`, ...).
    role: String,
    /// The level of the entity whose role answers.
    level: &'static str,
    /// The entity's id.
    entity: String,
    /// The entity's name.
    entity_name: String,
}

impl From<&etalon::responsibility::Owner> for Owner {
    fn from(o: &etalon::responsibility::Owner) -> Self {
        Owner {
            role: o.role.clone(),
            level: o.entity.level.name(),
            entity: o.entity.id.clone(),
            entity_name: o.entity_name.clone(),
        }
    }
}

#[pymethods]
impl Owner {
    fn __str__(&self) -> String {
        format!("{}@{}:{}", self.role, self.level, self.entity)
    }

    fn __repr__(&self) -> String {
        format!("<etalon.Owner {}>", self.__str__())
    }
}

/// The state of one deviation: a fold over its events.
#[pyclass(frozen, module = "etalon")]
pub struct DeviationState {
    inner: RustDeviationState,
}

#[pymethods]
impl DeviationState {
    /// Journal id: the id of its first detection.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Its subject (`indicator@level:id`, plus `#rule` for a trend).
    #[getter]
    fn subject(&self) -> &str {
        &self.inner.detection.subject
    }

    /// Indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        &self.inner.detection.indicator
    }

    /// Its process.
    #[getter]
    fn process(&self) -> Option<&str> {
        self.inner.detection.process.as_deref()
    }

    /// The level of its entity.
    #[getter]
    fn level(&self) -> Option<&'static str> {
        self.inner.detection.entity().map(|e| e.level.name())
    }

    /// Its entity's id.
    #[getter]
    fn entity(&self) -> Option<&str> {
        self.inner.detection.entity().map(|e| e.id.as_str())
    }

    /// Its entity's name.
    #[getter]
    fn entity_name(&self) -> Option<&str> {
        self.inner.detection.path.first().map(|p| p.name.as_str())
    }

    /// The organisation it belongs to (units and organisations).
    #[getter]
    fn org(&self) -> Option<&str> {
        self.inner.org()
    }

    /// What found it: `band` or `trend`.
    #[getter]
    fn rule(&self) -> &'static str {
        match self.inner.detection.rule {
            DeviationRule::Band => "band",
            DeviationRule::Trend { .. } => "trend",
        }
    }

    /// The period of its first detection.
    #[getter]
    fn period(&self) -> String {
        self.inner.detection.period.to_string()
    }

    /// The value found at its first detection.
    #[getter]
    fn value(&self) -> Option<Decimal> {
        self.inner.detection.value
    }

    /// `open`, `corrected`, `verified` or `closed`.
    #[getter]
    fn status(&self) -> String {
        word(&self.inner.status)
    }

    /// The furthest step reached: `detected`, `assigned`, `cause_recorded`,
    /// `action_planned`, `corrected`, `verified` or `closed`.
    #[getter]
    fn stage(&self) -> &'static str {
        self.inner.stage().name()
    }

    /// The worst severity of the current opening: `warning` or `critical`.
    #[getter]
    fn severity(&self) -> String {
        word(&self.inner.severity)
    }

    /// Who answers now.
    #[getter]
    fn owner(&self) -> Option<Owner> {
        self.inner.owner.as_ref().map(Owner::from)
    }

    /// The last day of the current response term.
    #[getter]
    fn due(&self) -> Option<NaiveDate> {
        self.inner.due
    }

    /// Whether the owner still has to record a cause and plan an action.
    #[getter]
    fn awaiting_response(&self) -> bool {
        self.inner.awaiting_response
    }

    /// Whether a response term was missed in the current opening.
    #[getter]
    fn missed_term(&self) -> bool {
        self.inner.missed_term
    }

    /// The recorded cause of the current opening.
    #[getter]
    fn cause(&self) -> Option<&str> {
        self.inner.cause.as_deref()
    }

    /// The planned action of the current opening.
    #[getter]
    fn action(&self) -> Option<&str> {
        self.inner.action.as_deref()
    }

    /// By when the action is to be done.
    #[getter]
    fn action_until(&self) -> Option<NaiveDate> {
        self.inner.action_until
    }

    /// The last evaluated period observed.
    #[getter]
    fn last_period(&self) -> String {
        self.inner.last_period.to_string()
    }

    /// Evaluated periods it was found outside its band, over its life.
    #[getter]
    fn periods_outside(&self) -> u32 {
        self.inner.periods_outside
    }

    /// Periods back inside the band since the last correction.
    #[getter]
    fn in_band(&self) -> Vec<String> {
        self.inner.in_band.iter().map(|p| p.to_string()).collect()
    }

    /// Periods needed to verify the correction.
    #[getter]
    fn needed(&self) -> u32 {
        self.inner.needed
    }

    /// Whether the correction worked: `pending`, `inconclusive` or `effective`.
    #[getter]
    fn effectiveness(&self) -> String {
        effectiveness(&self.inner.effectiveness())
    }

    /// Escalations in the current opening (the step on the ladder).
    #[getter]
    fn escalation_step(&self) -> u32 {
        self.inner.escalation_step
    }

    /// Escalations over its whole life.
    #[getter]
    fn escalations(&self) -> u32 {
        self.inner.escalations
    }

    /// Times reopened.
    #[getter]
    fn reopened(&self) -> u32 {
        self.inner.reopened
    }

    /// Of which because the correction did not hold.
    #[getter]
    fn ineffective(&self) -> u32 {
        self.inner.ineffective
    }

    /// When it was first detected.
    #[getter]
    fn detected_at(&self) -> DateTime<Utc> {
        self.inner.detected_at
    }

    /// When the current opening began.
    #[getter]
    fn opened_at(&self) -> DateTime<Utc> {
        self.inner.opened_at
    }

    /// When it was last closed.
    #[getter]
    fn closed_at(&self) -> Option<DateTime<Utc>> {
        self.inner.closed.as_ref().map(|c| c.0)
    }

    /// Who closed it last.
    #[getter]
    fn closed_by(&self) -> Option<&str> {
        self.inner.closed.as_ref().map(|c| c.1.as_str())
    }

    /// Events applied.
    #[getter]
    fn events(&self) -> u32 {
        self.inner.events
    }

    /// Whether its response term has passed on `date` with no action planned.
    fn is_overdue(&self, date: &Bound<'_, PyAny>) -> PyResult<bool> {
        Ok(self.inner.is_overdue(day("date", Some(date))?))
    }

    /// The state as JSON.
    fn to_json(&self) -> String {
        serde_json::to_string_pretty(&self.inner).unwrap_or_default()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.DeviationState {}: {}>",
            self.inner.id,
            self.inner.stage().name()
        )
    }
}

fn effectiveness(e: &etalon::journal::Effectiveness) -> String {
    serde_json::to_value(e)
        .ok()
        .and_then(|v| v.get("kind").and_then(|k| k.as_str()).map(str::to_string))
        .unwrap_or_default()
}

/// An open deviation as a manager sees it.
#[pyclass(frozen, module = "etalon")]
pub struct OpenDeviation {
    inner: etalon::journal::OpenDeviation,
}

#[pymethods]
impl OpenDeviation {
    /// Journal id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Indicator id.
    #[getter]
    fn indicator(&self) -> &str {
        &self.inner.indicator
    }

    /// The level of its entity.
    #[getter]
    fn level(&self) -> &'static str {
        self.inner.entity.level.name()
    }

    /// Its entity's id.
    #[getter]
    fn entity(&self) -> &str {
        &self.inner.entity.id
    }

    /// Its entity's name.
    #[getter]
    fn entity_name(&self) -> &str {
        &self.inner.entity_name
    }

    /// The worst severity of the current opening.
    #[getter]
    fn severity(&self) -> String {
        word(&self.inner.severity)
    }

    /// `open`, `corrected` or `verified`.
    #[getter]
    fn status(&self) -> String {
        word(&self.inner.status)
    }

    /// The furthest step reached.
    #[getter]
    fn stage(&self) -> &'static str {
        self.inner.stage.name()
    }

    /// Who answers.
    #[getter]
    fn owner(&self) -> Option<Owner> {
        self.inner.owner.as_ref().map(Owner::from)
    }

    /// The last day of the response term.
    #[getter]
    fn due(&self) -> Option<NaiveDate> {
        self.inner.due
    }

    /// Days past the term, if overdue.
    #[getter]
    fn overdue_days(&self) -> Option<i64> {
        self.inner.overdue_days
    }

    /// Escalations in the current opening.
    #[getter]
    fn escalation_step(&self) -> u32 {
        self.inner.escalation_step
    }

    /// Times reopened.
    #[getter]
    fn reopened(&self) -> u32 {
        self.inner.reopened
    }

    /// Whether the correction worked: `pending`, `inconclusive` or `effective`.
    #[getter]
    fn effectiveness(&self) -> String {
        effectiveness(&self.inner.effectiveness)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.OpenDeviation {}: {}{}>",
            self.inner.id,
            self.inner.stage.name(),
            self.inner
                .overdue_days
                .map(|d| format!(", {d} days overdue"))
                .unwrap_or_default()
        )
    }
}

/// Deviations closed on time, of those whose term has come.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct OnTime {
    /// Closed, with every response term of the opening met.
    on_time: u32,
    /// Closed, or whose response term was missed.
    counted: u32,
    /// `on_time / counted × 100`, exact; `None` when nothing counts yet.
    share: Option<Decimal>,
}

impl From<&etalon::journal::OnTime> for OnTime {
    fn from(t: &etalon::journal::OnTime) -> Self {
        OnTime {
            on_time: t.on_time,
            counted: t.counted,
            share: t.share(),
        }
    }
}

#[pymethods]
impl OnTime {
    fn __repr__(&self) -> String {
        format!("<etalon.OnTime {} of {}>", self.on_time, self.counted)
    }
}

/// Closed-on-time counts per organisation and per manager.
#[pyclass(frozen, get_all, module = "etalon")]
pub struct OnTimeReport {
    /// By organisation id (deviations of the organisation and its units).
    by_org: BTreeMap<String, OnTime>,
    /// By manager: the current owner, `role@level:id`.
    by_owner: BTreeMap<String, OnTime>,
}

#[pymethods]
impl OnTimeReport {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.OnTimeReport {} organisations, {} managers>",
            self.by_org.len(),
            self.by_owner.len()
        )
    }
}

/// An event the journal holds but its state does not follow.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct JournalConflict {
    /// The event's id.
    event: String,
    /// The deviation.
    deviation: String,
    /// What is wrong.
    message: String,
}

impl From<&etalon::journal::Conflict> for JournalConflict {
    fn from(c: &etalon::journal::Conflict) -> Self {
        JournalConflict {
            event: c.event.clone(),
            deviation: c.deviation.clone(),
            message: c.message.clone(),
        }
    }
}

#[pymethods]
impl JournalConflict {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.JournalConflict {} ({}): {}>",
            self.event, self.deviation, self.message
        )
    }
}

/// What merging journals found.
#[pyclass(frozen, module = "etalon")]
pub struct MergeReport {
    added: Vec<Event>,
    duplicates: usize,
    conflicts: Vec<etalon::journal::Conflict>,
}

#[pymethods]
impl MergeReport {
    /// Events new to this journal, in the order appended.
    #[getter]
    fn added(&self) -> Vec<JournalEvent> {
        events(&self.added)
    }

    /// Incoming events the journal already held (or that came twice).
    #[getter]
    fn duplicates(&self) -> usize {
        self.duplicates
    }

    /// Conflicts: an id holding two different events, and events the
    /// merged state cannot follow (two closings of one deviation).
    #[getter]
    fn conflicts(&self) -> Vec<JournalConflict> {
        self.conflicts.iter().map(JournalConflict::from).collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.MergeReport {} added, {} duplicates, {} conflicts>",
            self.added.len(),
            self.duplicates,
            self.conflicts.len()
        )
    }
}

/// What `verify_journal` found.
#[pyclass(frozen, get_all, module = "etalon")]
pub struct JournalReport {
    /// Complete lines.
    lines: u64,
    /// The last complete line's number.
    head_seq: u64,
    /// The last complete line's hash (keep it elsewhere to check later).
    head_hash: String,
    /// A torn last line: (byte offset, length).
    torn: Option<(usize, usize)>,
    /// Every damaged line: (line, byte offset, what is wrong).
    problems: Vec<(u64, usize, String)>,
    /// Whether the chain ends at the hash given (`None` without one).
    head_matches: Option<bool>,
    /// Every line whole, the chain unbroken (and ending at the hash given).
    intact: bool,
}

#[pymethods]
impl JournalReport {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.JournalReport {} lines, {}>",
            self.lines,
            if self.intact { "intact" } else { "NOT intact" }
        )
    }
}

/// Checks every line of a journal file: its hash, its place in the chain,
/// its number, its schema version and its event, as `etalon journal
/// verify` does. `head` (at least 8 hex digits of the last hash, kept
/// elsewhere) also finds lines cut from the end.
#[pyfunction]
#[pyo3(signature = (path, head = None))]
pub fn verify_journal(
    py: Python<'_>,
    path: PathBuf,
    head: Option<&str>,
) -> PyResult<JournalReport> {
    let head = head
        .map(|h| {
            let h = h.trim().to_ascii_lowercase();
            if h.len() < 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                Err(PyValueError::new_err(
                    "head: at least 8 hex digits of the last hash",
                ))
            } else {
                Ok(h)
            }
        })
        .transpose()?;
    let report =
        py.detach(move || guard(|| etalon::io::verify_journal(&path).map_err(Error::from)))?;
    let head_matches = head.map(|h| report.head.hash.starts_with(&h));
    Ok(JournalReport {
        lines: report.lines,
        head_seq: report.head.seq,
        head_hash: report.head.hash.clone(),
        torn: report.torn.map(|t| (t.offset, t.len)),
        problems: report
            .problems
            .iter()
            .map(|p| (p.line, p.offset, p.problem.to_string()))
            .collect(),
        head_matches,
        intact: report.is_intact() && head_matches != Some(false),
    })
}

/// A journal, its file and what opening it recovered.
pub(crate) struct Shared {
    journal: Mutex<etalon::journal::Journal<JournalStore>>,
    path: Option<PathBuf>,
    recovered: Option<TornTail>,
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, etalon::journal::Journal<JournalStore>> {
        // A panic while the lock was held was caught and reported; the
        // journal changes only after its store did, so it is still whole.
        self.journal.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The share of deviations closed on time per organisation on `as_of`.
    pub(crate) fn closed_on_time_by_org(
        &self,
        as_of: NaiveDate,
    ) -> Result<BTreeMap<String, Decimal>, Error> {
        Ok(etalon::journal::closed_on_time_by_org(
            self.lock().state(),
            as_of,
        ))
    }

    fn state(&self) -> JournalState {
        self.lock().state().clone()
    }
}

/// The deviation journal: an append-only record of every deviation's life,
/// kept in a journal file (JSON Lines with a hash chain) or in memory.
///
/// `Journal()` is an empty journal in memory; `Journal.open(path)` opens a
/// file for appending (created with its first event; a torn last line is
/// cut off and `recovered` says so); `Journal.read(path)` reads a file's
/// events into memory and leaves the file alone.
#[pyclass(frozen, module = "etalon")]
pub struct Journal {
    shared: Arc<Shared>,
}

impl Journal {
    fn new(store: JournalStore, path: Option<PathBuf>) -> Result<Journal, Error> {
        let recovered = store.file().and_then(|f| f.recovered());
        let journal = etalon::journal::Journal::open(store).map_err(Error::from)?;
        Ok(Journal {
            shared: Arc::new(Shared {
                journal: Mutex::new(journal),
                path,
                recovered,
            }),
        })
    }

    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }
}

/// The events of another journal to merge: a `Journal` or a file.
fn incoming(py: Python<'_>, j: &Bound<'_, PyAny>) -> PyResult<Vec<Event>> {
    if let Ok(other) = j.cast::<Journal>() {
        let shared = other.get().shared();
        return Ok(py.detach(move || shared.lock().events().to_vec()));
    }
    let path: PathBuf = j.extract().map_err(|_| {
        Error::Type("merge: give journals (etalon.Journal) or journal files".into())
    })?;
    let decoded = py.detach(move || {
        guard(|| {
            if !path.exists() {
                return Err(Error::from(JournalFileError::Io {
                    path: path.clone(),
                    source: std::io::Error::new(std::io::ErrorKind::NotFound, "no such journal"),
                }));
            }
            etalon::io::read_journal(&path).map_err(Error::from)
        })
    })?;
    Ok(decoded.events)
}

#[pymethods]
impl Journal {
    /// An empty journal in memory.
    #[new]
    fn memory() -> PyResult<Journal> {
        Ok(Journal::new(JournalStore::memory(), None)?)
    }

    /// Opens the journal file at `path` for appending (created with its
    /// first event). A torn last line (a write cut short) is cut off and
    /// reported by `recovered`; a damaged complete line raises
    /// `JournalError` with its line, and the file is left as it is. A
    /// `postgres://user@host:port/db` URL opens the central journal in
    /// that database.
    #[staticmethod]
    fn open(py: Python<'_>, path: PathBuf) -> PyResult<Journal> {
        Ok(py.detach(move || {
            guard(|| {
                let store = JournalStore::open(&path).map_err(Error::from)?;
                Journal::new(store, Some(path))
            })
        })?)
    }

    /// Reads the events of the journal file at `path` into a journal in
    /// memory: the file is not changed, neither now nor by later changes.
    #[staticmethod]
    fn read(py: Python<'_>, path: PathBuf) -> PyResult<Journal> {
        Ok(py.detach(move || {
            guard(|| {
                // Reading is not opening: a file that is not there is an
                // error, not an empty journal.
                let central = path.to_str().is_some_and(etalon::io::is_postgres_url);
                if !central && !path.exists() {
                    let mut e = etalon::error::Envelope::new(
                        etalon::error::Code::IoMissing,
                        format!("{}: no such journal file", path.display()),
                    );
                    e.fields.file = Some(path.display().to_string());
                    return Err(e.into());
                }
                let store = JournalStore::read(&path).map_err(Error::from)?;
                Journal::new(store, None)
            })
        })?)
    }

    /// The journal file, for a journal opened on one.
    #[getter]
    fn path(&self) -> Option<PathBuf> {
        self.shared.path.clone()
    }

    /// The torn last line cut off when the file was opened: (byte offset,
    /// length), or `None`.
    #[getter]
    fn recovered(&self) -> Option<(usize, usize)> {
        self.shared.recovered.map(|t| (t.offset, t.len))
    }

    /// Applies the evaluation of a new period at time `at` (default: now):
    /// detections, recurrences, reopenings, observed corrections, measured
    /// verifications and escalations, routed by the responsibility matrix
    /// of the methodology that made the evaluation (or of `methodology`).
    /// `dataset` gives the organisation tree. Returns the events written;
    /// nothing is written if one is refused. The GIL is released.
    #[pyo3(signature = (evaluation, dataset, *, at = None, methodology = None))]
    fn apply(
        &self,
        py: Python<'_>,
        evaluation: &Evaluation,
        dataset: &Dataset,
        at: Option<&Bound<'_, PyAny>>,
        methodology: Option<&Methodology>,
    ) -> PyResult<Vec<JournalEvent>> {
        let at = instant("at", at)?;
        let e = evaluation.shared();
        let m = methodology.map(|m| m.inner.clone());
        let data = Arc::clone(&dataset.inner);
        let shared = self.shared();
        let written = py.detach(move || {
            guard(|| {
                let m = m.as_ref().unwrap_or(&e.methodology);
                shared
                    .lock()
                    .apply(m, &e.evaluation, data.tree(), at)
                    .map_err(Error::from)
            })
        })?;
        Ok(events(&written))
    }

    /// Escalates every deviation whose response term passed by `at`
    /// (default: now), without a new evaluation. Returns the events written.
    #[pyo3(signature = (methodology, *, at = None))]
    fn sweep(
        &self,
        py: Python<'_>,
        methodology: &Methodology,
        at: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Vec<JournalEvent>> {
        let at = instant("at", at)?;
        let m = methodology.inner.clone();
        let shared = self.shared();
        let written =
            py.detach(move || guard(|| shared.lock().sweep(&m, at).map_err(Error::from)))?;
        Ok(events(&written))
    }

    /// Records what a person did: `kind` is `cause`, `action`, `verify`,
    /// `close`, `assign` or `escalate` (as `etalon journal record`).
    /// `until` is the date of an action; `role` the role to assign (needed)
    /// or escalate to (default: one step up the ladder); `due` the last day
    /// of an assignment's term. `assign` and `escalate` need the
    /// `methodology` (its responsibility matrix). An event not allowed
    /// where the deviation stands raises `JournalError` and nothing is
    /// written; recording the very same event again writes nothing.
    /// Returns the event.
    #[pyo3(signature = (
        kind, deviation, actor, reason, *, at = None, until = None, role = None, due = None,
        methodology = None
    ))]
    #[allow(clippy::too_many_arguments)]
    fn record(
        &self,
        py: Python<'_>,
        kind: &str,
        deviation: String,
        actor: String,
        reason: String,
        at: Option<&Bound<'_, PyAny>>,
        until: Option<&Bound<'_, PyAny>>,
        role: Option<String>,
        due: Option<&Bound<'_, PyAny>>,
        methodology: Option<&Methodology>,
    ) -> PyResult<JournalEvent> {
        let kind: RecordKind = kind.parse().map_err(PyValueError::new_err)?;
        let at = instant("at", at)?;
        let until = until
            .filter(|u| !u.is_none())
            .map(|u| crate::scoring::date_arg("until", u))
            .transpose()?;
        let due = due
            .filter(|u| !u.is_none())
            .map(|u| crate::scoring::date_arg("due", u))
            .transpose()?;
        let m = methodology.map(|m| m.inner.clone());
        let shared = self.shared();
        let event = py.detach(move || {
            guard(|| {
                let mut journal = shared.lock();
                let r = Record {
                    until,
                    role: role.as_deref(),
                    due,
                    ..Record::new(kind, &deviation, &actor, &reason, at)
                };
                let event = etalon::host::recorded_event(journal.state(), m.as_ref(), &r)
                    .map_err(Error::from)?;
                journal.record(event.clone()).map_err(Error::from)?;
                Ok(event)
            })
        })?;
        Ok(JournalEvent { inner: event })
    }

    /// Merges other journals (`Journal` objects or journal files) into this
    /// one: every event it does not hold is appended, in a fixed order;
    /// conflicts (two closings of one deviation) are reported, not dropped.
    #[pyo3(signature = (*journals))]
    fn merge(&self, py: Python<'_>, journals: Vec<Bound<'_, PyAny>>) -> PyResult<MergeReport> {
        let mut others = Vec::with_capacity(journals.len());
        for j in &journals {
            others.push(incoming(py, j)?);
        }
        let shared = self.shared();
        let report = py.detach(move || {
            guard(|| {
                let slices: Vec<&[Event]> = others.iter().map(Vec::as_slice).collect();
                shared.lock().merge(&slices).map_err(Error::from)
            })
        })?;
        Ok(MergeReport {
            added: report.added,
            duplicates: report.duplicates,
            conflicts: report.conflicts,
        })
    }

    /// Every event, in the order stored.
    #[getter]
    fn events(&self) -> Vec<JournalEvent> {
        events(self.shared.lock().events())
    }

    /// Every deviation's state, by id.
    #[getter]
    fn deviations(&self) -> Vec<DeviationState> {
        self.shared
            .lock()
            .state()
            .deviations()
            .map(|d| DeviationState { inner: d.clone() })
            .collect()
    }

    /// A deviation's state by its journal id, or `None`.
    fn deviation(&self, id: &str) -> Option<DeviationState> {
        self.shared
            .lock()
            .state()
            .deviation(id)
            .map(|d| DeviationState { inner: d.clone() })
    }

    /// Events the journal holds but its state does not follow.
    #[getter]
    fn conflicts(&self) -> Vec<JournalConflict> {
        self.shared
            .lock()
            .state()
            .conflicts()
            .iter()
            .map(JournalConflict::from)
            .collect()
    }

    /// The latest evaluated period the journal has seen.
    #[getter]
    fn last_period(&self) -> Option<String> {
        self.shared
            .lock()
            .state()
            .last_period()
            .map(|p| p.to_string())
    }

    /// Open deviations on `as_of` (default: today), overdue first (the
    /// longest overdue first), then by term, level and id; only those of
    /// organisation `org` (and its units), at `level`, or overdue, if asked.
    #[pyo3(signature = (as_of = None, *, org = None, level = None, overdue_only = false))]
    fn open_deviations(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
        org: Option<String>,
        level: Option<&str>,
        overdue_only: bool,
    ) -> PyResult<Vec<OpenDeviation>> {
        let as_of = day("as_of", as_of)?;
        let f = filter(org, level, overdue_only)?;
        Ok(
            etalon::journal::open_deviations(self.shared.lock().state(), as_of, &f)
                .into_iter()
                .map(|inner| OpenDeviation { inner })
                .collect(),
        )
    }

    /// The share closed on time on `as_of` (default: today), by
    /// organisation and by manager.
    #[pyo3(signature = (as_of = None, *, org = None, level = None))]
    fn on_time(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
        org: Option<String>,
        level: Option<&str>,
    ) -> PyResult<OnTimeReport> {
        let as_of = day("as_of", as_of)?;
        let f = filter(org, level, false)?;
        let r = etalon::journal::on_time(self.shared.lock().state(), as_of, &f);
        Ok(OnTimeReport {
            by_org: r
                .by_org
                .iter()
                .map(|(k, v)| (k.clone(), v.into()))
                .collect(),
            by_owner: r
                .by_owner
                .iter()
                .map(|(k, v)| (k.clone(), v.into()))
                .collect(),
        })
    }

    /// The share of deviations closed on time per organisation, percent,
    /// on `as_of` (default: today): the KPI's `journal:closed_on_time`.
    #[pyo3(signature = (as_of = None))]
    fn closed_on_time_by_org(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<BTreeMap<String, Decimal>> {
        let as_of = day("as_of", as_of)?;
        Ok(self.shared.closed_on_time_by_org(as_of)?)
    }

    /// The management view as JSON, exactly as `etalon journal show
    /// --format json` prints it (without the last newline).
    #[pyo3(signature = (as_of = None, *, org = None, level = None, overdue_only = false))]
    fn view_json(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
        org: Option<String>,
        level: Option<&str>,
        overdue_only: bool,
    ) -> PyResult<String> {
        let as_of = day("as_of", as_of)?;
        let f = filter(org, level, overdue_only)?;
        Ok(ManagementView::of(self.shared.lock().state(), as_of, &f).to_json())
    }

    /// The events as a table.
    fn events_table(&self) -> PyResult<Table> {
        let journal = self.shared.lock();
        let e = journal.events();
        let mut t = TableBuilder::new();
        t.text("id", e.iter().map(|x| Some(&x.id)))
            .text("deviation", e.iter().map(|x| Some(&x.deviation)))
            .timestamp("at", e.iter().map(|x| Some(x.at)))
            .text("actor", e.iter().map(|x| Some(&x.actor)))
            .text("kind", e.iter().map(|x| Some(x.change.name())))
            .text("reason", e.iter().map(|x| Some(&x.reason)));
        Ok(t.finish()?)
    }

    /// Every deviation's state as a table.
    fn deviations_table(&self) -> PyResult<Table> {
        let state = self.shared.state();
        let d: Vec<&RustDeviationState> = state.deviations().collect();
        let owner = |x: &RustDeviationState| x.owner.as_ref().map(|o| o.to_string());
        let mut t = TableBuilder::new();
        t.text("id", d.iter().map(|x| Some(&x.id)))
            .text(
                "level",
                d.iter()
                    .map(|x| x.detection.entity().map(|e| e.level.name())),
            )
            .text(
                "entity",
                d.iter().map(|x| x.detection.entity().map(|e| &e.id)),
            )
            .text(
                "entity_name",
                d.iter().map(|x| x.detection.path.first().map(|p| &p.name)),
            )
            .text("org", d.iter().map(|x| x.org()))
            .text("indicator", d.iter().map(|x| Some(&x.detection.indicator)))
            .text("process", d.iter().map(|x| x.detection.process.as_ref()))
            .text("status", d.iter().map(|x| Some(word(&x.status))))
            .text("stage", d.iter().map(|x| Some(x.stage().name())))
            .text("severity", d.iter().map(|x| Some(word(&x.severity))))
            .text("owner", d.iter().map(|x| owner(x)))
            .date("due", d.iter().map(|x| x.due))
            .timestamp("detected_at", d.iter().map(|x| Some(x.detected_at)))
            .text(
                "first_period",
                d.iter().map(|x| Some(x.detection.period.to_string())),
            )
            .text(
                "last_period",
                d.iter().map(|x| Some(x.last_period.to_string())),
            )
            .int(
                "periods_outside",
                d.iter().map(|x| Some(i64::from(x.periods_outside))),
            )
            .int(
                "escalations",
                d.iter().map(|x| Some(i64::from(x.escalations))),
            )
            .int("reopened", d.iter().map(|x| Some(i64::from(x.reopened))))
            .text(
                "effectiveness",
                d.iter().map(|x| Some(effectiveness(&x.effectiveness()))),
            );
        Ok(t.finish()?)
    }

    /// Open deviations on `as_of` as a table, overdue first.
    #[pyo3(signature = (as_of = None, *, org = None, level = None, overdue_only = false))]
    fn open_deviations_table(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
        org: Option<String>,
        level: Option<&str>,
        overdue_only: bool,
    ) -> PyResult<Table> {
        let as_of = day("as_of", as_of)?;
        let f = filter(org, level, overdue_only)?;
        let o = etalon::journal::open_deviations(self.shared.lock().state(), as_of, &f);
        let mut t = TableBuilder::new();
        t.text("id", o.iter().map(|x| Some(&x.id)))
            .text("level", o.iter().map(|x| Some(x.entity.level.name())))
            .text("entity", o.iter().map(|x| Some(&x.entity.id)))
            .text("entity_name", o.iter().map(|x| Some(&x.entity_name)))
            .text("indicator", o.iter().map(|x| Some(&x.indicator)))
            .text("severity", o.iter().map(|x| Some(word(&x.severity))))
            .text("status", o.iter().map(|x| Some(word(&x.status))))
            .text("stage", o.iter().map(|x| Some(x.stage.name())))
            .text(
                "owner",
                o.iter().map(|x| x.owner.as_ref().map(|w| w.to_string())),
            )
            .date("due", o.iter().map(|x| x.due))
            .int("overdue_days", o.iter().map(|x| x.overdue_days))
            .int(
                "escalation_step",
                o.iter().map(|x| Some(i64::from(x.escalation_step))),
            )
            .int("reopened", o.iter().map(|x| Some(i64::from(x.reopened))))
            .text(
                "effectiveness",
                o.iter().map(|x| Some(effectiveness(&x.effectiveness))),
            );
        Ok(t.finish()?)
    }

    /// The share closed on time as a table: one row per organisation
    /// (`by` = `org`) and per manager (`by` = `owner`).
    #[pyo3(signature = (as_of = None, *, org = None, level = None))]
    fn on_time_table(
        &self,
        as_of: Option<&Bound<'_, PyAny>>,
        org: Option<String>,
        level: Option<&str>,
    ) -> PyResult<Table> {
        let as_of = day("as_of", as_of)?;
        let f = filter(org, level, false)?;
        let r = etalon::journal::on_time(self.shared.lock().state(), as_of, &f);
        let rows: Vec<(&str, &String, &etalon::journal::OnTime)> = r
            .by_org
            .iter()
            .map(|(k, v)| ("org", k, v))
            .chain(r.by_owner.iter().map(|(k, v)| ("owner", k, v)))
            .collect();
        let mut t = TableBuilder::new();
        t.text("by", rows.iter().map(|x| Some(x.0)))
            .text("id", rows.iter().map(|x| Some(x.1)))
            .int("on_time", rows.iter().map(|x| Some(i64::from(x.2.on_time))))
            .int("counted", rows.iter().map(|x| Some(i64::from(x.2.counted))))
            .decimal("share", rows.iter().map(|x| x.2.share()));
        Ok(t.finish()?)
    }

    /// Number of events.
    fn __len__(&self) -> usize {
        self.shared.lock().events().len()
    }

    fn __repr__(&self) -> String {
        let journal = self.shared.lock();
        format!(
            "<etalon.Journal {}: {} events, {} deviations>",
            self.shared
                .path
                .as_ref()
                .map_or_else(|| "in memory".to_string(), |p| p.display().to_string()),
            journal.events().len(),
            journal.state().len()
        )
    }
}

/// Registers the journal classes and functions.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(verify_journal, m)?)?;
    m.add_class::<Journal>()?;
    m.add_class::<JournalEvent>()?;
    m.add_class::<DeviationState>()?;
    m.add_class::<OpenDeviation>()?;
    m.add_class::<Owner>()?;
    m.add_class::<OnTime>()?;
    m.add_class::<OnTimeReport>()?;
    m.add_class::<JournalConflict>()?;
    m.add_class::<MergeReport>()?;
    m.add_class::<JournalReport>()?;
    Ok(())
}
