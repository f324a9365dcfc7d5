//! `etalon journal apply | record | show | merge | verify`: the deviation
//! journal of a region, kept in a JSON Lines file or in PostgreSQL.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use chrono::{DateTime, NaiveDate, Utc};
use clap::builder::{PossibleValue, PossibleValuesParser, TypedValueParser};
use clap::{Args, Subcommand};
use etalon::host::JournalStore;
use etalon::host::{ManagementView, Record, RecordError, RecordKind, recorded_event};
use etalon::io::{read_journal, read_tree, verify_journal};
use etalon::journal::{
    Event, Journal, JournalState, Recorded, ViewFilter, by_level_and_owner, on_time,
    open_deviations,
};
use etalon::{Evaluation, EvaluationOptions, Level, Methodology, Period};

use super::{CliError, Format, emit, methodology};

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Apply a period's evaluation: detections, recurrences, observed
    /// corrections, verifications and escalations.
    Apply(ApplyArgs),
    /// Record what people did: a cause, an action, a verification by hand,
    /// a closing, an assignment or an escalation.
    Record(RecordArgs),
    /// Open deviations (overdue first) and the share closed on time.
    Show(ShowArgs),
    /// Merge journals of offline clients into this one.
    Merge(MergeArgs),
    /// Check every line and the hash chain.
    Verify(VerifyArgs),
}

#[derive(Debug, Args)]
struct JournalPath {
    /// The journal file (JSON Lines; created with its first event), or the
    /// central journal in PostgreSQL as `postgres://user@host:port/db`.
    #[arg(long)]
    journal: PathBuf,
}

/// A time given as `2026-10-10` (midnight UTC) or `2026-10-10T09:30:00Z`.
#[derive(Debug, Clone, Copy)]
struct When(DateTime<Utc>);

impl std::str::FromStr for When {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        etalon::host::parse_instant(s).map(When)
    }
}

fn now() -> DateTime<Utc> {
    std::time::SystemTime::now().into()
}

#[derive(Debug, Args)]
pub struct ApplyArgs {
    #[command(flatten)]
    path: JournalPath,
    /// An evaluation as written by `etalon evaluate --format json`.
    #[arg(long, conflicts_with = "period")]
    evaluation: Option<PathBuf>,
    /// Data folder: its units.csv gives the organisation tree (and, with
    /// --period, its tables are evaluated).
    #[arg(long)]
    data: PathBuf,
    /// Evaluate this period of --data instead of reading --evaluation.
    #[arg(long, required_unless_present = "evaluation")]
    period: Option<Period>,
    /// Rule package folder; the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
    /// The time of the events written (default: now).
    #[arg(long)]
    at: Option<When>,
    #[command(flatten)]
    limits: super::limits::HostLimits,
}

/// The kinds of `journal record`, as the host names and describes them.
fn record_kind() -> impl TypedValueParser<Value = RecordKind> {
    PossibleValuesParser::new(RecordKind::ALL.map(|k| PossibleValue::new(k.name()).help(k.about())))
        .try_map(|name| name.parse::<RecordKind>())
}

#[derive(Debug, Args)]
pub struct RecordArgs {
    #[command(flatten)]
    path: JournalPath,
    /// What happened.
    #[arg(value_parser = record_kind())]
    event: RecordKind,
    /// The deviation's journal id (as `journal show` prints it).
    #[arg(long)]
    deviation: String,
    /// Who did it.
    #[arg(long)]
    actor: String,
    /// Why, or what: the cause, the action, how it was verified.
    #[arg(long)]
    reason: String,
    /// When (default: now).
    #[arg(long)]
    at: Option<When>,
    /// For `action`: by when it is to be done.
    #[arg(long)]
    until: Option<NaiveDate>,
    /// For `assign` and `escalate`: the role.
    #[arg(long)]
    role: Option<String>,
    /// For `assign`: the last day of the term.
    #[arg(long)]
    due: Option<NaiveDate>,
    /// Rule package folder (roles, terms); the standard package when not given.
    #[arg(long)]
    rules: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    #[command(flatten)]
    path: JournalPath,
    /// Only overdue deviations.
    #[arg(long)]
    overdue: bool,
    /// Only deviations of this organisation and its units.
    #[arg(long)]
    org: Option<String>,
    /// Only deviations of entities at this level.
    #[arg(long)]
    level: Option<Level>,
    /// The day the terms are judged on (default: today).
    #[arg(long)]
    at: Option<When>,
    /// Table for people, JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

#[derive(Debug, Args)]
pub struct MergeArgs {
    #[command(flatten)]
    path: JournalPath,
    /// Journals to merge into --journal.
    #[arg(required = true)]
    files: Vec<PathBuf>,
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    #[command(flatten)]
    path: JournalPath,
    /// The last hash as recorded elsewhere (at least 8 hex digits): the
    /// chain must end there, so lines cut from the end are found too.
    #[arg(long)]
    head: Option<String>,
    /// Table for people, JSON for tools.
    #[arg(long, value_enum, default_value_t = Format::Table)]
    format: Format,
}

pub fn run(command: &JournalCommand) -> Result<ExitCode, CliError> {
    match command {
        JournalCommand::Apply(a) => apply(a),
        JournalCommand::Record(a) => record(a),
        JournalCommand::Show(a) => show(a),
        JournalCommand::Merge(a) => merge(a),
        JournalCommand::Verify(a) => verify(a),
    }
}

/// Opens a journal (a file, or the central one at a `postgres://` URL)
/// for writing; says so on standard error if a torn last line was cut off
/// or a missing final newline restored.
fn open(path: &Path) -> Result<Journal<JournalStore>, CliError> {
    let store = JournalStore::open(path)?;
    let Some(file) = store.file() else {
        return Ok(Journal::open(store)?);
    };
    if let Some(torn) = file.recovered() {
        eprintln!(
            "etalon: warning: {} ended with an incomplete line ({} bytes at byte {}, a write cut short); it was cut off and every complete event kept",
            path.display(),
            torn.len,
            torn.offset
        );
    }
    if file.newline_restored() {
        eprintln!(
            "etalon: warning: {}: its last line lacked only its final newline; the line is whole and its hash good, so it was kept and the newline restored",
            path.display()
        );
    }
    Ok(Journal::open(store)?)
}

fn apply(a: &ApplyArgs) -> Result<ExitCode, CliError> {
    let run = a.limits.start()?;
    let m = run.methodology(a.rules.as_ref())?;
    let (evaluation, tree) = match (&a.evaluation, a.period) {
        (Some(file), _) => {
            let text = std::fs::read_to_string(file).map_err(|source| CliError::Read {
                path: file.clone(),
                source,
            })?;
            let e: Evaluation = serde_json::from_str(&text).map_err(|e| {
                CliError::Invalid(format!(
                    "{}: not an evaluation written by `etalon evaluate --format json`: {e}",
                    file.display()
                ))
            })?;
            (e, read_tree(&a.data)?)
        }
        (None, Some(period)) => {
            let data = etalon::io::load_dataset(&a.data)?;
            run.check()?;
            let e = m.evaluate_with(&data, &run.evaluation(EvaluationOptions::new(period)))?;
            (e, data.tree().clone())
        }
        (None, None) => {
            return Err(CliError::Invalid(
                "give --evaluation <FILE> or --period <PERIOD>".into(),
            ));
        }
    };
    let at = a.at.map_or_else(now, |w| w.0);
    run.check()?;
    let mut journal = open(&a.path.journal)?;
    let written = journal.apply(&m, &evaluation, &tree, at)?;
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in &written {
        *counts.entry(e.change.name()).or_default() += 1;
    }
    let mut s = format!(
        "{}: {} applied on {}: {} event(s) written",
        a.path.journal.display(),
        evaluation.period,
        at.date_naive(),
        written.len()
    );
    if !counts.is_empty() {
        let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
        let _ = write!(s, " ({})", parts.join(", "));
    }
    s.push('\n');
    let state = journal.state();
    let open_now = state.deviations().filter(|d| d.is_open()).count();
    let overdue = state
        .deviations()
        .filter(|d| d.is_overdue(at.date_naive()))
        .count();
    let _ = writeln!(
        s,
        "{} deviation(s) in the journal, {open_now} open, {overdue} overdue",
        state.len()
    );
    emit(None, &s)?;
    Ok(ExitCode::SUCCESS)
}

fn record(a: &RecordArgs) -> Result<ExitCode, CliError> {
    let at = a.at.map_or_else(now, |w| w.0);
    let kind = a.event;
    let m = if kind.needs_rules() {
        Some(methodology(a.rules.as_ref())?)
    } else {
        None
    };
    let mut journal = open(&a.path.journal)?;
    let r = Record {
        until: a.until,
        role: a.role.as_deref(),
        due: a.due,
        ..Record::new(kind, &a.deviation, &a.actor, &a.reason, at)
    };
    let event = recorded_event(journal.state(), m.as_ref(), &r).map_err(|e| match e {
        RecordError::Journal(j) => CliError::from(j),
        RecordError::Missing { kind, .. } => {
            CliError::Invalid(format!("`record {kind}` needs --role"))
        }
        other => CliError::Invalid(other.to_string()),
    })?;
    let id = event.id.clone();
    let kind = event.change.name();
    let done = journal.record(event)?;
    let text = match done {
        Recorded::New => format!(
            "{}: `{kind}` recorded for {} ({id})\n",
            a.path.journal.display(),
            a.deviation
        ),
        Recorded::AlreadyThere => format!(
            "{}: the journal already holds this {kind} ({id}); nothing written\n",
            a.path.journal.display()
        ),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn show(a: &ShowArgs) -> Result<ExitCode, CliError> {
    let decoded = read_journal(&a.path.journal)?;
    if let Some(torn) = decoded.torn {
        eprintln!(
            "etalon: warning: {} ends with an incomplete line ({} bytes, a write cut short); it is left out",
            a.path.journal.display(),
            torn.len
        );
    }
    let state = JournalState::replay(&decoded.events);
    let as_of = a.at.map_or_else(now, |w| w.0).date_naive();
    let filter = ViewFilter {
        org: a.org.clone(),
        overdue_only: a.overdue,
        level: a.level,
    };
    let open = open_deviations(&state, as_of, &filter);
    let punctual = on_time(&state, as_of, &filter);
    let text = match a.format {
        Format::Json => ManagementView::of(&state, as_of, &filter).to_json() + "\n",
        Format::Table => render(&a.path.journal, &state, as_of, &open, &punctual, a.overdue),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn render(
    path: &Path,
    state: &JournalState,
    as_of: NaiveDate,
    open: &[etalon::journal::OpenDeviation],
    punctual: &etalon::journal::OnTimeReport,
    overdue_only: bool,
) -> String {
    let mut s = String::new();
    let overdue = open.iter().filter(|o| o.overdue_days.is_some()).count();
    let _ = writeln!(
        s,
        "Journal {}: {} deviation(s); {} shown {} ({overdue} overdue) on {as_of}; last period {}",
        path.display(),
        state.len(),
        open.len(),
        if overdue_only { "overdue" } else { "open" },
        state
            .last_period()
            .map_or("none".to_string(), |p| p.to_string()),
    );
    if !open.is_empty() {
        let _ = writeln!(s, "\nOpen deviations, overdue first");
        let _ = writeln!(
            s,
            "  {:<10}  {:>7}  {:<8}  {:<14}  {:<40}  deviation",
            "due", "overdue", "severity", "stage", "owner"
        );
        for o in open {
            let stage = o.stage.to_string();
            let _ = writeln!(
                s,
                "  {:<10}  {:>7}  {:<8}  {:<14}  {:<40}  {}{}{}",
                o.due.map_or("-".to_string(), |d| d.to_string()),
                o.overdue_days.map_or(String::new(), |d| format!("{d} d")),
                o.severity.to_string(),
                stage,
                o.owner
                    .as_ref()
                    .map_or("unassigned".to_string(), |w| w.to_string()),
                o.id,
                if o.escalation_step > 0 {
                    format!(" (escalated {}×)", o.escalation_step)
                } else {
                    String::new()
                },
                if o.reopened > 0 {
                    format!(" (reopened {}×)", o.reopened)
                } else {
                    String::new()
                },
            );
        }
        let _ = writeln!(s, "\nBy level and owner");
        for (level, owners) in by_level_and_owner(open) {
            let _ = writeln!(s, "  {level}");
            for (owner, items) in owners {
                let late = items.iter().filter(|o| o.overdue_days.is_some()).count();
                let _ = writeln!(s, "    {owner:<48} {} open, {late} overdue", items.len());
            }
        }
    }
    let share = |t: &etalon::journal::OnTime| {
        t.share().map_or("-".to_string(), |v| {
            format!(
                "{} %",
                v.round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
                    .normalize()
            )
        })
    };
    if !punctual.by_org.is_empty() || !punctual.by_owner.is_empty() {
        let _ = writeln!(
            s,
            "\nClosed on time (of the deviations closed or past their term)"
        );
        let _ = writeln!(s, "  by organisation");
        for (org, t) in &punctual.by_org {
            let _ = writeln!(
                s,
                "    {org:<48} {:>3} of {:<3} {}",
                t.on_time,
                t.counted,
                share(t)
            );
        }
        let _ = writeln!(s, "  by manager");
        for (owner, t) in &punctual.by_owner {
            let _ = writeln!(
                s,
                "    {owner:<48} {:>3} of {:<3} {}",
                t.on_time,
                t.counted,
                share(t)
            );
        }
    }
    if !state.conflicts().is_empty() {
        let _ = writeln!(
            s,
            "\nConflicts ({}), kept in the journal but not followed",
            state.conflicts().len()
        );
        for c in state.conflicts() {
            let _ = writeln!(s, "  {} ({}): {}", c.event, c.deviation, c.message);
        }
    }
    s
}

fn merge(a: &MergeArgs) -> Result<ExitCode, CliError> {
    let mut incoming = Vec::new();
    for f in &a.files {
        if !f.exists() {
            return Err(CliError::Invalid(format!(
                "{}: no such journal",
                f.display()
            )));
        }
        let d = read_journal(f)?;
        if let Some(torn) = d.torn {
            eprintln!(
                "etalon: warning: {} ends with an incomplete line ({} bytes); it is left out",
                f.display(),
                torn.len
            );
        }
        incoming.push(d.events);
    }
    let mut journal = open(&a.path.journal)?;
    let slices: Vec<&[Event]> = incoming.iter().map(Vec::as_slice).collect();
    let report = journal.merge(&slices)?;
    let mut s = format!(
        "{}: {} journal(s) merged: {} event(s) added, {} already there\n",
        a.path.journal.display(),
        a.files.len(),
        report.added.len(),
        report.duplicates
    );
    for c in &report.conflicts {
        let _ = writeln!(s, "conflict: {} ({}): {}", c.event, c.deviation, c.message);
    }
    emit(None, &s)?;
    Ok(if report.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn verify(a: &VerifyArgs) -> Result<ExitCode, CliError> {
    let report = verify_journal(&a.path.journal)?;
    let head_ok = match &a.head {
        None => true,
        Some(h) => {
            let h = h.trim().to_ascii_lowercase();
            if h.len() < 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(CliError::Invalid(
                    "--head takes at least 8 hex digits of the last hash".into(),
                ));
            }
            report.head.hash.starts_with(&h)
        }
    };
    let intact = report.is_intact() && head_ok;
    let text = match a.format {
        Format::Json => {
            let v = serde_json::json!({
                "intact": intact,
                "head_matches": a.head.as_ref().map(|_| head_ok),
                "report": report,
            });
            serde_json::to_string_pretty(&v).unwrap_or_default() + "\n"
        }
        Format::Table => {
            let mut s = String::new();
            let p = a.path.journal.display();
            for problem in &report.problems {
                let _ = writeln!(s, "{p}: {problem}");
            }
            if let Some(t) = report.torn {
                let _ = writeln!(
                    s,
                    "{p}: the last line is incomplete ({} bytes at byte {}): a write cut short, or the file was cut",
                    t.len, t.offset
                );
            }
            if report.unterminated {
                let _ = writeln!(
                    s,
                    "{p}: the last line lacks only its final newline (the line is whole, its hash good); the next change restores it"
                );
            }
            if !head_ok {
                let _ = writeln!(
                    s,
                    "{p}: the chain ends at {}, not at the hash given: lines were removed from the end or rewritten",
                    report.head.hash
                );
            }
            let _ = writeln!(
                s,
                "{p}: {} line(s), {}; last line {} hash {}",
                report.lines,
                if intact {
                    "every line intact, the chain unbroken"
                } else {
                    "NOT intact"
                },
                report.head.seq,
                report.head.hash
            );
            s
        }
    };
    emit(None, &text)?;
    Ok(if intact {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

/// The journal section of `etalon demo`: every generated quarter the
/// package is in force for, applied in turn ten days after it ends; what
/// the engine wrote, and the open deviations overdue first. With `file`,
/// the journal is also written there, whole (replacing one left from
/// before, atomically).
pub(super) fn demo_section(
    m: &Methodology,
    data: &etalon::Dataset,
    periods: &[Period],
    last: &Evaluation,
    file: Option<&Path>,
) -> Result<DemoJournal, CliError> {
    let mut journal = Journal::open(etalon::journal::MemoryStore::new())?;
    let section = demo_walk(&mut journal, m, data, periods, last)?;
    if let Some(path) = file {
        let mut head = etalon::journal::codec::ChainHead::default();
        let text = etalon::journal::codec::encode(journal.events(), &mut head);
        super::write_out(path, text.as_bytes())?;
    }
    Ok(section)
}

fn demo_walk(
    journal: &mut Journal<etalon::journal::MemoryStore>,
    m: &Methodology,
    data: &etalon::Dataset,
    periods: &[Period],
    last: &Evaluation,
) -> Result<DemoJournal, CliError> {
    let from = m.manifest().package.in_force_from;
    let periods: Vec<Period> = periods
        .iter()
        .copied()
        .filter(|p| p.start() >= from)
        .collect();
    let (Some(first), Some(final_period)) = (periods.first(), periods.last()) else {
        return Ok(DemoJournal::default());
    };
    let mut at = now();
    for &p in &periods {
        let evaluation = if p == last.period {
            last.clone()
        } else {
            m.evaluate_with(data, &EvaluationOptions::new(p))?
        };
        at = p
            .end()
            .checked_add_days(chrono::Days::new(10))
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .map_or(at, |t| t.and_utc());
        journal.apply(m, &evaluation, data.tree(), at)?;
    }
    let state = journal.state();
    let today = at.date_naive();
    let mut s = String::new();
    let _ = writeln!(
        s,
        "\nDeviation journal: {first} to {final_period} applied in turn, each ten days after its quarter"
    );
    let count =
        |status: etalon::journal::Status| state.deviations().filter(|d| d.status == status).count();
    use etalon::journal::Status;
    let _ = writeln!(
        s,
        "  {} deviations followed: {} open, {} back in band and being verified, {} verified (to be closed by their owners)",
        state.len(),
        count(Status::Open),
        count(Status::Corrected),
        count(Status::Verified),
    );
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in journal.events() {
        *kinds.entry(e.change.name()).or_default() += 1;
    }
    let failed: u32 = state.deviations().map(|d| d.ineffective).sum();
    let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        s,
        "  events written: {}; {failed} reopening(s) after a correction that did not hold",
        parts.join(", ")
    );
    let open = open_deviations(state, today, &ViewFilter::default());
    let _ = writeln!(s, "  open on {today}, overdue first:");
    for o in open.iter().take(8) {
        let _ = writeln!(
            s,
            "    {:<10} {:>6}  {:<8}  {:<40}  {}",
            o.due.map_or("-".to_string(), |d| d.to_string()),
            o.overdue_days.map_or(String::new(), |d| format!("{d} d")),
            o.severity.to_string(),
            o.owner
                .as_ref()
                .map_or("unassigned".to_string(), |w| w.to_string()),
            o.id
        );
    }
    if open.len() > 8 {
        let _ = writeln!(
            s,
            "    … and {} more (`etalon journal show`)",
            open.len() - 8
        );
    }
    Ok(DemoJournal {
        text: s,
        state: Some((state.clone(), today)),
    })
}

/// What the demo's journal walk printed, and the journal it left (with the
/// day its terms were counted to) for the demo's report.
#[derive(Debug, Default)]
pub(super) struct DemoJournal {
    pub text: String,
    pub state: Option<(JournalState, chrono::NaiveDate)>,
}
