//! Every error of the engine and the host into an [`Envelope`]. The message
//! is always the error's own text, so a face that shows the envelope shows
//! what it showed before.

use std::path::Path;

use etalon_core::journal::codec::LineError;
use etalon_core::journal::{Rejection, StoreError};
use etalon_core::responsibility::RouteError;
use etalon_core::scoring::{KpiError, NokInputError, PlanError, TableError};
use etalon_core::{
    DataError, Diagnostics, EvaluationError, FailureKind, JournalError, NokError, PeriodError,
    ScriptError, ScriptFailures, Text,
};

use super::{Code, Envelope, Said, journal, shown, table_of};
use crate::host::RecordError;
use crate::io::{JournalFileError, LoadError, ScoringFileError, TableProblems};
use crate::report::ReportError;

impl From<DataError> for Envelope {
    fn from(e: DataError) -> Self {
        let mut env = Envelope::new(Code::DataRecord, e.to_string());
        env.said = Some(Box::new(Said::Data {
            text: e.text().cloned(),
            message: e.message.to_string(),
        }));
        env.fields.table = Some(e.table);
        env.fields.row = e.row;
        env.fields.field = e.field;
        env.fields.file = e.file.map(String::from);
        env.fields.line = e.line;
        env
    }
}

impl From<PeriodError> for Envelope {
    fn from(e: PeriodError) -> Self {
        let mut env = Envelope::new(Code::DataPeriod, e.to_string())
            .with_text("period-bad", &[("text", &e.text)]);
        env.fields.value = Some(e.text);
        env
    }
}

impl From<Diagnostics> for Envelope {
    fn from(d: Diagnostics) -> Self {
        let first_error = d.iter().find(|d| d.is_error());
        let first = first_error
            .map(|d| format!("; first: {d}"))
            .unwrap_or_default();
        let mut env = Envelope::new(
            Code::PackageInvalid,
            format!(
                "the rule package has {} error(s) and {} warning(s){first}",
                d.error_count(),
                d.warning_count()
            ),
        );
        env.said = Some(Box::new(Said::Package {
            first: first_error.cloned().map(Box::new),
        }));
        if let Some(first) = first_error {
            env.fields.file = Some(first.file.clone());
            env.fields.line = Some(u64::from(first.line)).filter(|l| *l > 0);
            env.fields.column = Some(u64::from(first.column)).filter(|c| *c > 0);
            env.fields.rule = first.rule.clone();
        }
        env.diagnostics = d.iter().cloned().collect();
        env
    }
}

impl From<ScriptError> for Envelope {
    fn from(e: ScriptError) -> Self {
        let code = match e.kind {
            FailureKind::Limit(_) => Code::LimitScript,
            FailureKind::Cancelled => Code::EvalCancelled,
            FailureKind::Failed(_) => Code::ScriptFailed,
        };
        let mut env = Envelope::new(code, e.to_string());
        env.said = Some(Box::new(script_said(&e)));
        env.fields.limit = e.limit().map(|l| l.key().to_string());
        env.fields.file = Some(e.file);
        env.fields.line = Some(u64::from(e.line));
        env.fields.column = Some(u64::from(e.column));
        env.fields.rule = Some(e.rule);
        env
    }
}

/// What a script failure says: its place, its rule, and what stopped it
/// (the engine's own words from the catalogue; the script engine's stay
/// in English).
fn script_said(e: &ScriptError) -> Said {
    let (line, column) = (e.line.to_string(), e.column.to_string());
    let mut args = vec![
        ("file", e.file.as_str()),
        ("line", &line),
        ("column", &column),
        ("rule", &e.rule),
    ];
    let id = match (&e.kind, &e.text) {
        (FailureKind::Limit(l), _) => {
            args.push(("limit", l.key()));
            "eval-script-limit"
        }
        (FailureKind::Cancelled, _) => "eval-script-cancelled",
        (FailureKind::Failed(_), Some(text)) => {
            return Said::Framed {
                frame: Text::new("eval-script-failed-said", &args),
                words: Box::new(Said::Whole((**text).clone())),
            };
        }
        (FailureKind::Failed(detail), None) => {
            args.push(("detail", detail));
            "eval-script-failed"
        }
    };
    Said::Whole(Text::new(id, &args))
}

/// What every script failure of an evaluation says: a heading, then each
/// failure with how often and where first, then how many more.
fn scripts_said(all: &ScriptFailures) -> Said {
    let count = all.failures.len() + all.more;
    let mut lines = vec![Said::Whole(Text::new("eval-scripts", &[("count", count)]))];
    for c in &all.failures {
        lines.push(Said::Framed {
            frame: Text::new(
                "eval-scripts-one",
                &[("times", c.times.to_string()), ("first", c.first.clone())],
            ),
            words: Box::new(script_said(&c.error)),
        });
    }
    if all.more > 0 {
        lines.push(Said::Whole(Text::new(
            "eval-scripts-more",
            &[("more", all.more)],
        )));
    }
    Said::Lines(lines)
}

impl From<EvaluationError> for Envelope {
    fn from(e: EvaluationError) -> Self {
        let message = e.to_string();
        match e {
            EvaluationError::Data(d) => d.into(),
            EvaluationError::Script(s) => s.into(),
            EvaluationError::Scripts(all) => {
                // The first failure gives the code and fields; every one is
                // a diagnostic of its own, with its file, line and rule.
                let diagnostics = all
                    .failures
                    .iter()
                    .map(|c| {
                        let e = &c.error;
                        let at = etalon_core::Location {
                            file: e.file.clone(),
                            line: e.line,
                            column: e.column,
                        };
                        etalon_core::Diagnostic::error("script-runtime", at, e.to_string())
                            .with_rule(e.rule.clone())
                    })
                    .collect();
                let said = scripts_said(&all);
                let first = all.failures.into_iter().next().map(|c| c.error);
                let mut env = match first {
                    Some(e) => Envelope::from(e),
                    None => Envelope::new(Code::ScriptFailed, message.clone()),
                };
                env.message = message;
                env.said = Some(Box::new(said));
                env.diagnostics = diagnostics;
                env
            }
            EvaluationError::Request(m) => Envelope::new(Code::EvalRequest, message).said(m),
            EvaluationError::TooManyRecords { records, limit } => {
                let mut env = Envelope::new(Code::LimitRecords, message).with_text(
                    "eval-too-many-records",
                    &[("records", records), ("limit", limit)],
                );
                env.fields.limit = Some("records".to_string());
                env
            }
            EvaluationError::Cancelled => {
                Envelope::new(Code::EvalCancelled, message).with_text::<&str>("eval-cancelled", &[])
            }
            EvaluationError::DeadlineExceeded => {
                let mut env = Envelope::new(Code::LimitDeadline, message)
                    .with_text::<&str>("eval-deadline", &[]);
                env.fields.limit = Some("deadline".to_string());
                env
            }
            EvaluationError::RollUp(m) => Envelope::new(Code::EvalRollUp, message).said(m),
            EvaluationError::NotInForce {
                package,
                period,
                from,
                to,
            } => {
                let mut args = vec![
                    ("package", package.clone()),
                    ("from", from.to_string()),
                    ("period", period.to_string()),
                ];
                let id = match to {
                    Some(to) => {
                        args.push(("to", to.to_string()));
                        "eval-not-in-force-until"
                    }
                    None => "eval-not-in-force",
                };
                let mut env = Envelope::new(Code::EvalNotInForce, message).with_text(id, &args);
                env.fields.package = Some(package);
                env.fields.period = Some(period.to_string());
                env.fields.in_force_from = Some(from);
                env.fields.in_force_to = to;
                env
            }
            EvaluationError::OutsideCoverage { period, from, to } => {
                let args = [
                    ("from", from.to_string()),
                    ("to", to.to_string()),
                    ("period", period.to_string()),
                ];
                let mut env = Envelope::new(Code::EvalCoverage, message)
                    .with_text("eval-outside-coverage", &args);
                env.fields.period = Some(period.to_string());
                env
            }
            // A variant added to the core later: still enveloped, never lost.
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::EvalRequest, message),
        }
    }
}

impl From<NokInputError> for Envelope {
    fn from(e: NokInputError) -> Self {
        let mut env = Envelope::new(Code::DataNokInput, e.to_string());
        env.said = Some(Box::new(Said::Nok {
            error: Box::new(e.clone()),
            file: None,
        }));
        env.fields.line = e.line;
        env.fields.organisation = e.org;
        env.fields.field = e.column;
        env.fields.value = e.value;
        env
    }
}

impl From<NokError> for Envelope {
    fn from(e: NokError) -> Self {
        let message = e.to_string();
        match e {
            NokError::NoScheme => Envelope::new(Code::ScoringNoScheme, message)
                .with_text::<&str>("nok-no-scheme", &[]),
            NokError::Input(i) => i.into(),
            NokError::Data(d) => d.into(),
            NokError::Script(s) => s.into(),
            NokError::OutOfRange {
                org,
                indicator,
                value,
            } => {
                let args = [
                    ("indicator", indicator.clone()),
                    ("value", value.to_string()),
                    ("org", org.clone()),
                ];
                let mut env = Envelope::new(Code::ScoringOutOfRange, message)
                    .with_text("nok-out-of-range", &args);
                env.fields.organisation = Some(org);
                env.fields.indicator = Some(indicator);
                env
            }
            NokError::Policy(m) => Envelope::new(Code::ScoringPolicy, message)
                .said(m)
                .framed::<&str>("nok-policy", &[]),
            NokError::Period(m) => Envelope::new(Code::ScoringPeriod, message).said(m),
            NokError::RollUp(m) => Envelope::new(Code::ScoringRollUp, message).said(m),
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::ScoringPolicy, message),
        }
    }
}

impl From<KpiError> for Envelope {
    fn from(e: KpiError) -> Self {
        let message = e.to_string();
        match e {
            KpiError::NoScheme => Envelope::new(Code::ScoringNoScheme, message)
                .with_text::<&str>("kpi-no-scheme", &[]),
            KpiError::Input(m) => Envelope::new(Code::ScoringKpiInput, message)
                .said(m)
                .framed::<&str>("kpi-input", &[]),
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::ScoringKpiInput, message),
        }
    }
}

impl From<PlanError> for Envelope {
    fn from(e: PlanError) -> Self {
        let message = e.to_string();
        let mut env = Envelope::new(Code::DataExecutions, message).said(e.message);
        env = match e.line {
            Some(line) => env.framed("plan-executions-line", &[("line", line)]),
            None => env.framed::<&str>("plan-executions", &[]),
        };
        env.fields.table = Some("executions".to_string());
        env.fields.line = e.line;
        env
    }
}

impl From<TableError> for Envelope {
    fn from(e: TableError) -> Self {
        let message = e.to_string();
        let mut env = Envelope::new(Code::DataTable, message)
            .said(e.message)
            .framed("table-line", &[("line", e.line)]);
        env.fields.line = Some(e.line).filter(|l| *l > 0);
        env
    }
}

impl From<TableProblems> for Envelope {
    fn from(e: TableProblems) -> Self {
        let message = e.to_string();
        let stopped = e.stopped;
        // As a folder's problems: the first one's code and place, with
        // every problem in the list.
        let all: Vec<Envelope> = e.problems.into_iter().map(Envelope::from).collect();
        let mut env = all
            .first()
            .cloned()
            .unwrap_or_else(|| Envelope::new(Code::DataRecord, String::new()));
        env.problems = all;
        env.message = message;
        env.said = Some(Box::new(Said::Problems { stopped }));
        env
    }
}

impl From<LoadError> for Envelope {
    fn from(e: LoadError) -> Self {
        let message = e.to_string();
        let mut env = match e {
            LoadError::Io { path, source } => {
                let detail = source.to_string();
                let args = [("path", shown(&path)), ("detail", detail)];
                let mut env =
                    Envelope::new(Code::IoRead, String::new()).with_text("load-io", &args);
                env.fields.file = Some(shown(&path));
                env
            }
            LoadError::NotAFile { path, found } => {
                let args = [("path", shown(&path)), ("found", found)];
                let mut env = Envelope::new(Code::IoNotAFile, String::new())
                    .with_text("load-not-a-file", &args);
                env.fields.file = Some(shown(&path));
                env
            }
            LoadError::Encoding { path, found } => table_file(
                Code::DataEncoding,
                "load-encoding",
                &path,
                &[("found", found)],
            ),
            LoadError::Problems { problems, stopped } => {
                // The first problem's code and place, with every problem
                // in the list: a host that reads one error still sees one.
                let all: Vec<Envelope> = problems.into_iter().map(Envelope::from).collect();
                let mut env = all
                    .first()
                    .cloned()
                    .unwrap_or_else(|| Envelope::new(Code::DataRecord, String::new()));
                env.problems = all;
                env.said = Some(Box::new(Said::Problems { stopped }));
                env
            }
            LoadError::Missing {
                path,
                message,
                text,
            } => {
                let mut env = Envelope::new(Code::IoMissing, String::new());
                env = match text {
                    Some(text) => {
                        let mut args = values_of(&text);
                        args.push(("path", shown(&path)));
                        env.with_text(&format!("load-missing-{}", text.id), &args)
                    }
                    None => env.with_text(
                        "load-missing",
                        &[("path", shown(&path)), ("detail", message)],
                    ),
                };
                env.fields.file = Some(shown(&path));
                env
            }
            LoadError::Csv {
                path,
                line,
                message,
            } => {
                let mut args = values_of(&message.text);
                args.push(("line", line.to_string()));
                let mut env = table_file(Code::DataCsv, &message.text.id, &path, &args);
                env.fields.line = Some(line);
                env
            }
            LoadError::Json { path, message } => {
                table_file(Code::DataJson, "load-json", &path, &[("detail", message)])
            }
            LoadError::Parquet { path, message } => table_file(
                Code::DataParquet,
                "load-parquet",
                &path,
                &[("detail", message)],
            ),
            LoadError::TooManyRecords { path, line, limit } => {
                // The same code as an evaluation past its record limit.
                let limit = limit.to_string();
                let mut env = Envelope::new(Code::LimitRecords, String::new());
                env = match line {
                    Some(l) => env.with_text(
                        "load-too-many-line",
                        &[
                            ("path", shown(&path)),
                            ("line", l.to_string()),
                            ("limit", limit),
                        ],
                    ),
                    None => {
                        env.with_text("load-too-many", &[("path", shown(&path)), ("limit", limit)])
                    }
                };
                env.fields.limit = Some("records".to_string());
                env.fields.table = Some(table_of(&path));
                env.fields.file = Some(shown(&path));
                env.fields.line = line;
                env
            }
            LoadError::Data { path, line, error } => {
                let mut env = Envelope::from(*error);
                env.fields.file = Some(shown(&path));
                env.fields.line = line;
                env
            }
        };
        // The whole error's text, which names the file first.
        env.message = message;
        env
    }
}

/// The values of a catalogue message, as the envelope's `with_text` takes them.
fn values_of(text: &Text) -> Vec<(&str, String)> {
    text.args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect()
}

/// The envelope of a table file at fault as a whole (its encoding, its
/// CSV, JSON or Parquet form): `code`, the catalogue message `id` with the
/// file's path and `args`, the table and the file.
fn table_file(code: Code, id: &str, path: &Path, args: &[(&str, String)]) -> Envelope {
    let mut all = vec![("path", shown(path))];
    all.extend_from_slice(args);
    let mut env = Envelope::new(code, String::new()).with_text(id, &all);
    env.fields.table = Some(table_of(path));
    env.fields.file = Some(shown(path));
    env
}

impl From<ScoringFileError> for Envelope {
    fn from(e: ScoringFileError) -> Self {
        let message = e.to_string();
        let mut env = match e {
            ScoringFileError::Load(l) => return l.into(),
            ScoringFileError::Data(d) => return (*d).into(),
            ScoringFileError::Table { path, error } => {
                let mut env =
                    Envelope::from(error).framed("scoring-file-at", &[("path", shown(&path))]);
                env.fields.table = Some(table_of(&path));
                env.fields.file = Some(shown(&path));
                env
            }
            ScoringFileError::Nok { path, error } => {
                let mut env = Envelope::from(*error).in_table("nok");
                env.fields.file = Some(shown(&path));
                match env.said.as_deref_mut() {
                    Some(Said::Nok { file, .. }) => *file = Some(shown(&path)),
                    _ => env = env.framed("scoring-file", &[("path", shown(&path))]),
                }
                env
            }
            ScoringFileError::Plan { path, diagnostics } => {
                // The plan's summary, as a package's: the diagnostics list
                // every place; the plan file is the one at fault.
                let mut env = Envelope::from(diagnostics);
                env.code = Code::PackagePlan;
                env.fields.file = Some(shown(&path));
                return env;
            }
            ScoringFileError::Executions { path, error } => {
                let mut env =
                    Envelope::from(error).framed("scoring-file", &[("path", shown(&path))]);
                env.fields.file = Some(shown(&path));
                env
            }
            ScoringFileError::Shares {
                path, line, text, ..
            } => {
                let mut env = Envelope::new(Code::DataShares, String::new());
                if let Some(text) = text {
                    let mut args = values_of(&text);
                    args.push(("path", shown(&path)));
                    args.push(("line", line.to_string()));
                    env = env.with_text(&text.id, &args);
                }
                env.fields.table = Some("shares".to_string());
                env.fields.file = Some(shown(&path));
                env.fields.line = Some(line);
                env
            }
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::DataTable, String::new()),
        };
        env.message = message;
        env
    }
}

impl From<Rejection> for Envelope {
    fn from(r: Rejection) -> Self {
        let mut env = Envelope::new(Code::JournalRejected, r.to_string())
            .with_texts(Some(journal::rejection(&r)));
        env.fields.deviation = Some(r.deviation);
        env.fields.event = Some(r.kind.to_string());
        env
    }
}

impl From<RouteError> for Envelope {
    fn from(e: RouteError) -> Self {
        let mut env = Envelope::new(Code::JournalRoute, e.to_string())
            .with_texts(journal::route(&e).map(|t| vec![t]));
        if let RouteError::NoRow { indicator, .. } = e {
            env.fields.rule = Some(indicator);
        }
        env
    }
}

impl From<StoreError> for Envelope {
    fn from(e: StoreError) -> Self {
        let texts = journal::store(&e);
        Envelope::new(Code::JournalStore, JournalError::Store(e).to_string()).with_texts(texts)
    }
}

impl From<JournalError> for Envelope {
    fn from(e: JournalError) -> Self {
        let message = e.to_string();
        let texts = journal::journal(&e);
        let env = match e {
            JournalError::Rejected(r) => return r.into(),
            JournalError::NoMatrix(package) => {
                let mut env = Envelope::new(Code::JournalNoMatrix, message);
                env.fields.package = Some(package);
                env
            }
            JournalError::PackageMismatch { package, .. } => {
                let mut env = Envelope::new(Code::JournalPackageMismatch, message);
                env.fields.package = Some(package);
                env
            }
            JournalError::RegionMismatch { .. } => {
                Envelope::new(Code::JournalRegionMismatch, message)
            }
            JournalError::StalePeriod { period, .. } => {
                let mut env = Envelope::new(Code::JournalStalePeriod, message);
                env.fields.period = Some(period.to_string());
                env
            }
            JournalError::PeriodKind { evaluation, .. } => {
                let mut env = Envelope::new(Code::JournalPeriodKind, message);
                env.fields.period = Some(evaluation.to_string());
                env
            }
            JournalError::NotInTree(_) => Envelope::new(Code::JournalNotInTree, message),
            JournalError::Route(r) => return r.into(),
            JournalError::Store(_) => Envelope::new(Code::JournalStore, message),
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::JournalStore, message),
        };
        env.with_texts(texts)
    }
}

impl From<LineError> for Envelope {
    fn from(e: LineError) -> Self {
        let mut env =
            Envelope::new(Code::JournalDamaged, e.to_string()).with_texts(journal::line(&e));
        env.fields.line = Some(e.line);
        env
    }
}

impl From<JournalFileError> for Envelope {
    fn from(e: JournalFileError) -> Self {
        let message = e.to_string();
        let texts = journal::journal_file(&e);
        let mut env = match e {
            JournalFileError::Io { path, .. } => {
                let mut env = Envelope::new(Code::JournalFile, String::new());
                env.fields.file = Some(shown(&path));
                env
            }
            JournalFileError::Damaged { path, error } => {
                let mut env = Envelope::from(error);
                env.fields.file = Some(shown(&path));
                env
            }
            JournalFileError::Locked { path, .. } => {
                let mut env = Envelope::new(Code::JournalLocked, String::new());
                env.fields.file = Some(shown(&path));
                env
            }
            JournalFileError::Shrunk { path, .. } => {
                let mut env = Envelope::new(Code::JournalShrunk, String::new());
                env.fields.file = Some(shown(&path));
                env
            }
            // The URL is shown with its password hidden.
            JournalFileError::Database { url, .. } => {
                let mut env = Envelope::new(Code::JournalDatabase, String::new());
                env.fields.file = Some(url);
                env
            }
            JournalFileError::DatabaseEvent { url, error } => {
                let mut env = Envelope::from(error);
                env.code = Code::JournalDatabase;
                env.fields.file = Some(url);
                env
            }
            // Made inside a store's write and met wrapped in its error.
            JournalFileError::Overtaken { location, .. } => {
                let mut env = Envelope::new(Code::JournalStore, String::new());
                env.fields.file = Some(location);
                env
            }
            JournalFileError::Append { path, .. }
            | JournalFileError::Sync { path, .. }
            | JournalFileError::NotLocked { path } => {
                let mut env = Envelope::new(Code::JournalFile, String::new());
                env.fields.file = Some(shown(&path));
                env
            }
        };
        env.message = message;
        env.with_texts(texts)
    }
}

impl From<RecordError> for Envelope {
    fn from(e: RecordError) -> Self {
        let message = e.to_string();
        let texts = journal::record(&e);
        let env = match e {
            RecordError::Missing { kind, .. } => {
                let mut env = Envelope::new(Code::JournalIncomplete, message);
                env.fields.event = Some(kind.name().to_string());
                env
            }
            RecordError::Journal(j) => return j.into(),
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::JournalIncomplete, message),
        };
        env.with_texts(texts)
    }
}

impl From<ReportError> for Envelope {
    fn from(e: ReportError) -> Self {
        let message = e.to_string();
        match e {
            ReportError::UnknownEntity { level, id } => {
                Envelope::new(Code::EvalUnknownEntity, message).with_text(
                    "report-unknown-entity",
                    &[("level", level.name()), ("id", id.as_str())],
                )
            }
            ReportError::Xlsx(x) => Envelope::new(Code::IoSpreadsheet, message)
                .with_text("report-spreadsheet", &[("detail", x.to_string())]),
            #[allow(unreachable_patterns)]
            _ => Envelope::new(Code::IoSpreadsheet, message),
        }
    }
}
