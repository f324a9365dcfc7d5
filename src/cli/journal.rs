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

use super::{CliError, Format, Words, emit, methodology, say};
use etalon::report::Lang;

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

pub fn run(command: &JournalCommand, lang: Lang) -> Result<ExitCode, CliError> {
    match command {
        JournalCommand::Apply(a) => apply(a, lang),
        JournalCommand::Record(a) => record(a, lang),
        JournalCommand::Show(a) => show(a, lang),
        JournalCommand::Merge(a) => merge(a, lang),
        JournalCommand::Verify(a) => verify(a, lang),
    }
}

/// A warning on standard error, in `lang`.
pub(super) fn warn(lang: Lang, id: &str, args: &[(&str, String)]) {
    eprintln!("{}: {}", say(lang, "cli-warning", &[]), say(lang, id, args));
}

/// Opens a journal (a file, or the central one at a `postgres://` URL)
/// for writing; says so on standard error if a torn last line was cut off
/// or a missing final newline restored.
fn open(path: &Path, lang: Lang) -> Result<Journal<JournalStore>, CliError> {
    let store = JournalStore::open(path)?;
    let Some(file) = store.file() else {
        return Ok(Journal::open(store)?);
    };
    let shown = path.display().to_string();
    if let Some(torn) = file.recovered() {
        warn(
            lang,
            "cli-journal-torn-cut",
            &[
                ("path", shown.clone()),
                ("bytes", torn.len.to_string()),
                ("offset", torn.offset.to_string()),
            ],
        );
    }
    if file.newline_restored() {
        warn(lang, "cli-journal-newline-restored", &[("path", shown)]);
    }
    Ok(Journal::open(store)?)
}

fn apply(a: &ApplyArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let run = a.limits.start()?;
    let m = run.methodology(a.rules.as_ref())?;
    let (mut evaluation, tree) = match (&a.evaluation, a.period) {
        (Some(file), _) => {
            let text = std::fs::read_to_string(file).map_err(|source| CliError::Read {
                path: file.clone(),
                source,
            })?;
            let e: Evaluation = serde_json::from_str(&text).map_err(|e| {
                CliError::Invalid(Words::new(
                    "cli-not-an-evaluation",
                    &[
                        ("path", file.display().to_string()),
                        ("reason", e.to_string()),
                    ],
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
            return Err(CliError::Invalid(Words::new(
                "cli-evaluation-or-period",
                &[],
            )));
        }
    };
    // The events carry the catalogue's English reason, as the JSON does
    // (an evaluation read from a file may come from another host).
    etalon::explain::english_reasons(&m, &mut evaluation);
    let at = a.at.map_or_else(now, |w| w.0);
    run.check()?;
    let mut journal = open(&a.path.journal, lang)?;
    let written = journal.apply(&m, &evaluation, &tree, at)?;
    let mut counts: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in &written {
        *counts.entry(e.change.name()).or_default() += 1;
    }
    // The events by kind, as the journal names them (`4 assigned`).
    let parts: Vec<String> = counts.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let mut s = say(
        lang,
        "cli-journal-applied",
        &[
            ("path", a.path.journal.display().to_string()),
            ("period", evaluation.period.to_string()),
            ("date", at.date_naive().to_string()),
            ("count", written.len().to_string()),
            (
                "kinds",
                match parts.is_empty() {
                    true => String::new(),
                    false => format!(" ({})", parts.join(", ")),
                },
            ),
        ],
    );
    s.push('\n');
    let state = journal.state();
    let open_now = state.deviations().filter(|d| d.is_open()).count();
    let overdue = state
        .deviations()
        .filter(|d| d.is_overdue(at.date_naive()))
        .count();
    s.push_str(&say(
        lang,
        "cli-journal-totals",
        &[
            ("count", state.len().to_string()),
            ("open", open_now.to_string()),
            ("overdue", overdue.to_string()),
        ],
    ));
    s.push('\n');
    emit(None, &s)?;
    Ok(ExitCode::SUCCESS)
}

fn record(a: &RecordArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let at = a.at.map_or_else(now, |w| w.0);
    let kind = a.event;
    let m = if kind.needs_rules() {
        Some(methodology(a.rules.as_ref())?)
    } else {
        None
    };
    let mut journal = open(&a.path.journal, lang)?;
    let r = Record {
        until: a.until,
        role: a.role.as_deref(),
        due: a.due,
        ..Record::new(kind, &a.deviation, &a.actor, &a.reason, at)
    };
    let event = recorded_event(journal.state(), m.as_ref(), &r).map_err(|e| match e {
        RecordError::Journal(j) => CliError::from(j),
        RecordError::Missing { kind, .. } => CliError::Invalid(Words::new(
            "cli-record-needs-role",
            &[("kind", kind.to_string())],
        )),
        other => CliError::Envelope(other.into()),
    })?;
    let id = event.id.clone();
    let kind = event.change.name();
    let done = journal.record(event)?;
    let args = [
        ("path", a.path.journal.display().to_string()),
        ("kind", kind.to_string()),
        ("deviation", a.deviation.clone()),
        ("event", id),
    ];
    let mut text = match done {
        Recorded::New => say(lang, "cli-journal-recorded", &args),
        Recorded::AlreadyThere => say(lang, "cli-journal-already-recorded", &args),
    };
    text.push('\n');
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn show(a: &ShowArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let decoded = read_journal(&a.path.journal)?;
    if let Some(torn) = decoded.torn {
        warn(
            lang,
            "cli-journal-torn-left-out",
            &[
                ("path", a.path.journal.display().to_string()),
                ("bytes", torn.len.to_string()),
            ],
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
        Format::Table => render(
            &a.path.journal,
            &state,
            as_of,
            (&open, &punctual),
            a.overdue,
            lang,
        ),
    };
    emit(None, &text)?;
    Ok(ExitCode::SUCCESS)
}

fn render(
    path: &Path,
    state: &JournalState,
    as_of: NaiveDate,
    (open, punctual): (
        &[etalon::journal::OpenDeviation],
        &etalon::journal::OnTimeReport,
    ),
    overdue_only: bool,
    lang: Lang,
) -> String {
    let mut out = Lines {
        text: String::new(),
        lang,
    };
    let overdue = open.iter().filter(|o| o.overdue_days.is_some()).count();
    out.line(
        "cli-journal-show-heading",
        &[
            ("path", path.display().to_string()),
            ("count", state.len().to_string()),
            ("shown", open.len().to_string()),
            (
                "which",
                if overdue_only { "overdue" } else { "open" }.into(),
            ),
            ("overdue", overdue.to_string()),
            ("date", as_of.to_string()),
            (
                "last",
                state
                    .last_period()
                    .map_or("none".to_string(), |p| p.to_string()),
            ),
        ],
    );
    let col = |id: &str| say(lang, id, &[]);
    if !open.is_empty() {
        out.line("cli-journal-open-heading", &[]);
        let header = [
            "cli-column-due",
            "cli-column-overdue",
            "cli-column-severity",
            "cli-column-stage",
            "cli-column-owner",
            "cli-column-deviation",
        ]
        .map(col);
        let rows: Vec<[String; 6]> = open
            .iter()
            .map(|o| {
                let marks = [("escalated", o.escalation_step), ("reopened", o.reopened)]
                    .into_iter()
                    .filter(|(_, n)| *n > 0)
                    .map(|(what, n)| {
                        say(
                            lang,
                            "cli-journal-times",
                            &[("what", what.to_string()), ("count", n.to_string())],
                        )
                    })
                    .collect::<String>();
                [
                    o.due.map_or("-".to_string(), |d| d.to_string()),
                    o.overdue_days.map_or(String::new(), |d| days(lang, d)),
                    severity(lang, o.severity),
                    say(lang, "cli-stage", &[("stage", o.stage.to_string())]),
                    owner(lang, o.owner.as_ref()),
                    format!("{}{marks}", o.id),
                ]
            })
            .collect();
        // Each column as wide as its widest cell (the words of a language
        // may be longer than the English ones), never narrower than before.
        let mut width = [10, 7, 8, 14, 40, 0];
        for row in std::iter::once(&header).chain(&rows) {
            for (w, cell) in width.iter_mut().zip(row) {
                *w = (*w).max(cell.chars().count());
            }
        }
        let [due, late, sev, stage, who, _] = width;
        for [a, b, c, d, e, f] in std::iter::once(&header).chain(&rows) {
            out.put(format!(
                "  {a:<due$}  {b:>late$}  {c:<sev$}  {d:<stage$}  {e:<who$}  {f}"
            ));
        }
        out.line("cli-journal-by-owner-heading", &[]);
        for (level, owners) in by_level_and_owner(open) {
            out.indented(
                2,
                "cli-journal-level",
                &[("level", level.name().to_string())],
            );
            for (owner, items) in owners {
                let late = items.iter().filter(|o| o.overdue_days.is_some()).count();
                out.indented(
                    4,
                    "cli-journal-owner-counts",
                    &[
                        ("owner", format!("{owner:<48}")),
                        ("open", items.len().to_string()),
                        ("overdue", late.to_string()),
                    ],
                );
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
    let on_time = |who: &str, t: &etalon::journal::OnTime| {
        [
            ("who", format!("{who:<48}")),
            ("on_time", format!("{:>3}", t.on_time)),
            ("counted", format!("{:<3}", t.counted)),
            ("share", share(t)),
        ]
    };
    if !punctual.by_org.is_empty() || !punctual.by_owner.is_empty() {
        out.line("cli-journal-on-time-heading", &[]);
        out.indented(2, "cli-journal-by-organisation", &[]);
        for (org, t) in &punctual.by_org {
            out.indented(4, "cli-journal-on-time", &on_time(org, t));
        }
        out.indented(2, "cli-journal-by-manager", &[]);
        for (owner, t) in &punctual.by_owner {
            out.indented(4, "cli-journal-on-time", &on_time(&owner.to_string(), t));
        }
    }
    if !state.conflicts().is_empty() {
        out.line(
            "cli-journal-conflicts-heading",
            &[("count", state.conflicts().len().to_string())],
        );
        for c in state.conflicts() {
            out.indented(
                2,
                "cli-journal-conflict-line",
                &[
                    ("event", c.event.clone()),
                    ("deviation", c.deviation.clone()),
                    ("why", etalon::catalogue::conflict(c, lang)),
                ],
            );
        }
    }
    out.text
}

/// Lines of text in a language; a heading (an id ending in `-heading`)
/// after the first line has a blank line before it.
struct Lines {
    text: String,
    lang: Lang,
}

impl Lines {
    fn put(&mut self, line: String) {
        self.text.push_str(&line);
        self.text.push('\n');
    }

    fn line(&mut self, id: &str, args: &[(&str, String)]) {
        if id.ends_with("-heading") && !self.text.is_empty() {
            self.text.push('\n');
        }
        self.put(say(self.lang, id, args));
    }

    /// A line after `by` blanks (the catalogue's texts do not begin with
    /// blanks).
    fn indented(&mut self, by: usize, id: &str, args: &[(&str, String)]) {
        self.put(format!("{:by$}{}", "", say(self.lang, id, args)));
    }
}

/// A count of days overdue, in `lang` (`12 d`).
fn days(lang: Lang, count: i64) -> String {
    say(lang, "cli-days", &[("count", count.to_string())])
}

/// A deviation's severity, in `lang`.
fn severity(lang: Lang, severity: etalon::methodology::DeviationSeverity) -> String {
    say(lang, "cli-severity", &[("severity", severity.to_string())])
}

/// The owner as the journal holds it, or the word for none.
fn owner(lang: Lang, owner: Option<&impl std::fmt::Display>) -> String {
    owner.map_or_else(|| say(lang, "cli-unassigned", &[]), |w| w.to_string())
}

fn merge(a: &MergeArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let mut incoming = Vec::new();
    for f in &a.files {
        if !f.exists() {
            return Err(CliError::Invalid(Words::new(
                "cli-journal-no-such",
                &[("path", f.display().to_string())],
            )));
        }
        let d = read_journal(f)?;
        if let Some(torn) = d.torn {
            warn(
                lang,
                "cli-journal-torn-merge",
                &[
                    ("path", f.display().to_string()),
                    ("bytes", torn.len.to_string()),
                ],
            );
        }
        incoming.push(d.events);
    }
    let mut journal = open(&a.path.journal, lang)?;
    let slices: Vec<&[Event]> = incoming.iter().map(Vec::as_slice).collect();
    let report = journal.merge(&slices)?;
    let mut s = say(
        lang,
        "cli-journal-merged",
        &[
            ("path", a.path.journal.display().to_string()),
            ("journals", a.files.len().to_string()),
            ("added", report.added.len().to_string()),
            ("there", report.duplicates.to_string()),
        ],
    );
    s.push('\n');
    for c in &report.conflicts {
        let args = [
            ("event", c.event.clone()),
            ("deviation", c.deviation.clone()),
            ("why", etalon::catalogue::conflict(c, lang)),
        ];
        let _ = writeln!(s, "{}", say(lang, "cli-journal-merge-conflict", &args));
    }
    emit(None, &s)?;
    Ok(if report.conflicts.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    })
}

fn verify(a: &VerifyArgs, lang: Lang) -> Result<ExitCode, CliError> {
    let report = verify_journal(&a.path.journal)?;
    let head_ok = match &a.head {
        None => true,
        Some(h) => {
            let h = h.trim().to_ascii_lowercase();
            if h.len() < 8 || !h.bytes().all(|b| b.is_ascii_hexdigit()) {
                return Err(CliError::Invalid(Words::new("cli-journal-head-form", &[])));
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
            let p = a.path.journal.display().to_string();
            let mut line = |id: &str, args: &[(&str, String)]| {
                let mut all = vec![("path", p.clone())];
                all.extend_from_slice(args);
                let _ = writeln!(s, "{}", say(lang, id, &all));
            };
            for problem in &report.problems {
                let said = etalon::Envelope::from(problem.clone()).message_in(lang);
                line("cli-journal-verify-problem", &[("problem", said)]);
            }
            if let Some(t) = report.torn {
                line(
                    "cli-journal-verify-torn",
                    &[
                        ("bytes", t.len.to_string()),
                        ("offset", t.offset.to_string()),
                    ],
                );
            }
            if report.unterminated {
                line("cli-journal-verify-unterminated", &[]);
            }
            if !head_ok {
                line(
                    "cli-journal-verify-head",
                    &[("hash", report.head.hash.clone())],
                );
            }
            line(
                "cli-journal-verify-summary",
                &[
                    ("lines", report.lines.to_string()),
                    ("intact", if intact { "yes" } else { "no" }.into()),
                    ("seq", report.head.seq.to_string()),
                    ("hash", report.head.hash.clone()),
                ],
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
    lang: Lang,
) -> Result<DemoJournal, CliError> {
    let mut journal = Journal::open(etalon::journal::MemoryStore::new())?;
    let section = demo_walk(&mut journal, m, data, periods, last, lang)?;
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
    lang: Lang,
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
        let mut evaluation = if p == last.period {
            last.clone()
        } else {
            m.evaluate_with(data, &EvaluationOptions::new(p))?
        };
        etalon::explain::english_reasons(m, &mut evaluation);
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
        "\n{}",
        say(
            lang,
            "cli-demo-journal-heading",
            &[
                ("first", first.to_string()),
                ("last", final_period.to_string())
            ],
        )
    );
    let count =
        |status: etalon::journal::Status| state.deviations().filter(|d| d.status == status).count();
    use etalon::journal::Status;
    let _ = writeln!(
        s,
        "  {}",
        say(
            lang,
            "cli-demo-journal-followed",
            &[
                ("count", state.len().to_string()),
                ("open", count(Status::Open).to_string()),
                ("corrected", count(Status::Corrected).to_string()),
                ("verified", count(Status::Verified).to_string()),
            ],
        )
    );
    let mut kinds: std::collections::BTreeMap<&str, usize> = std::collections::BTreeMap::new();
    for e in journal.events() {
        *kinds.entry(e.change.name()).or_default() += 1;
    }
    let failed: u32 = state.deviations().map(|d| d.ineffective).sum();
    let parts: Vec<String> = kinds.iter().map(|(k, n)| format!("{n} {k}")).collect();
    let _ = writeln!(
        s,
        "  {}",
        say(
            lang,
            "cli-demo-journal-events",
            &[("events", parts.join(", ")), ("failed", failed.to_string())],
        )
    );
    let open = open_deviations(state, today, &ViewFilter::default());
    let _ = writeln!(
        s,
        "  {}",
        say(
            lang,
            "cli-demo-journal-open",
            &[("today", today.to_string())]
        )
    );
    let overdue: Vec<String> = open
        .iter()
        .take(8)
        .map(|o| {
            o.overdue_days.map_or(String::new(), |d| {
                say(lang, "cli-demo-journal-days", &[("days", d.to_string())])
            })
        })
        .collect();
    // The overdue column as wide as its longest words (`169 дн.`).
    let days_w = overdue
        .iter()
        .map(|d| d.chars().count())
        .max()
        .unwrap_or(0)
        .max(6);
    for (o, days) in open.iter().zip(&overdue) {
        let _ = writeln!(
            s,
            "    {:<10} {days:>days_w$}  {:<8}  {:<40}  {}",
            o.due.map_or("-".to_string(), |d| d.to_string()),
            say(
                lang,
                "cli-severity",
                &[("severity", o.severity.to_string())]
            ),
            o.owner
                .as_ref()
                .map_or_else(|| say(lang, "cli-unassigned", &[]), |w| w.to_string()),
            o.id
        );
    }
    if open.len() > 8 {
        let _ = writeln!(
            s,
            "    {}",
            say(
                lang,
                "cli-demo-journal-more",
                &[("count", (open.len() - 8).to_string())]
            )
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
