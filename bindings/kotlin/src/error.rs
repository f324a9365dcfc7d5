//! The one error type of the binding: `EtalonException` in Kotlin, a sealed
//! class with one subclass per kind of failure.
//!
//! Fields are plain values (text, numbers, an enum), so a caller catches a
//! class and reads fields; `toString()` is the Rust `Display` text, the same
//! line the CLI prints. A field cannot be called `message` (Kotlin's
//! `Throwable.message` is generated from the fields), hence `errorMessage`.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::PathBuf;

use etalon::io::LoadError;
use etalon::{DataError, Diagnostics, EvaluationError, FailureKind, Limit, ScriptError};

use etalon::host::RecordError;
use etalon::io::JournalFileError;
use etalon::journal::JournalError;
use etalon::scoring::{KpiError, NokError};

use crate::types::{Diagnostic, int};

/// The `kind` of a [`EtalonError::Scoring`] that is a bad cell or column
/// of the НОК input.
pub const NOK_INPUT: &str = "nok_input";

/// Why a call failed.
#[derive(Debug, Clone, PartialEq, uniffi::Error)]
#[uniffi::export(Display)]
pub enum EtalonError {
    /// The rule package has errors. Every problem found is listed, each
    /// with its file, line, column, rule and stable code.
    Package {
        /// Errors and warnings, sorted by file and position.
        diagnostics: Vec<Diagnostic>,
    },
    /// A file or folder could not be read, or is not there.
    Io {
        /// The path.
        path: String,
        /// Why.
        error_message: String,
    },
    /// A CSV or JSON data file is malformed.
    Format {
        /// The file.
        path: String,
        /// 1-based line, when known.
        line: Option<i64>,
        /// What is wrong.
        error_message: String,
    },
    /// A record breaks a rule of its table, or the data does not fit the
    /// package. Messages never repeat a personal value.
    Data {
        /// The table (`cases`, `complaints`, ... or `org_tree`).
        table: String,
        /// 1-based number of the record within its table, if one is at fault.
        row: Option<i64>,
        /// The column at fault, if one is.
        field: Option<String>,
        /// What is wrong.
        error_message: String,
        /// The file the record came from, when it came from a file.
        path: Option<String>,
        /// The line in that file, when known.
        line: Option<i64>,
    },
    /// A rule's script failed or was stopped by a sandbox limit.
    Script {
        /// The rule (indicator) whose script ran.
        rule: String,
        /// The file of the script or of the rule's formula.
        file: String,
        /// 1-based line.
        line: i32,
        /// 1-based column.
        column: i32,
        /// The limit exceeded, if that is what stopped it.
        limit: Option<Limit>,
        /// What happened, in words.
        error_message: String,
    },
    /// The methodology is not in force in the period asked.
    NotInForce {
        /// Package id and version.
        package: String,
        /// The period asked.
        period: String,
        /// First day in force (`YYYY-MM-DD`).
        from: String,
        /// Last day in force, if any.
        to: Option<String>,
    },
    /// An argument is not valid: a period, a table name, a builder used
    /// after `finish`.
    InvalidArgument {
        /// Which argument.
        argument: String,
        /// What is wrong with it.
        error_message: String,
    },
    /// Scoring input that does not fit the scheme (НОК counts or facts,
    /// KPI values), or a package without the scheme asked for.
    Scoring {
        /// `nok_input` (a bad cell or column of the НОК input: the fields
        /// below say where), `nok` or `kpi` (the rest).
        kind: String,
        /// The line of the input (row number of the rows given), when known.
        line: Option<i64>,
        /// The organisation, when one is at fault.
        org: Option<String>,
        /// The column, when one is at fault.
        column: Option<String>,
        /// The value as given.
        value: Option<String>,
        /// What is wrong.
        error_message: String,
    },
    /// The deviation journal refused a change (an event not allowed where
    /// its deviation stands: nothing is written), or its file is damaged
    /// (an edited line, a broken hash chain, a line cut in the middle).
    Journal {
        /// `rejected` (a change refused), `damaged` (a line of the file),
        /// `store` (writing failed), or what else went wrong
        /// (`no_matrix`, `package_mismatch`, `region_mismatch`,
        /// `stale_period`, `period_kind`, `not_in_tree`, `route`).
        kind: String,
        /// The deviation, for a refused change.
        deviation: Option<String>,
        /// The event refused (`closed`, `cause_recorded`, ...).
        event: Option<String>,
        /// The journal file, for a damaged line.
        path: Option<String>,
        /// The damaged line (1-based).
        line: Option<i64>,
        /// What is wrong.
        error_message: String,
    },
    /// A bug in etalon: a panic caught at the boundary. Please report it.
    Internal {
        /// The panic message.
        error_message: String,
    },
}

impl std::error::Error for EtalonError {}

impl fmt::Display for EtalonError {
    /// The text the Rust error would print.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EtalonError::Package { diagnostics } => {
                let list: Vec<etalon::Diagnostic> =
                    diagnostics.iter().cloned().map(Into::into).collect();
                write!(f, "{}", Diagnostics::from(list))
            }
            EtalonError::Io {
                path,
                error_message,
            } => write!(f, "{path}: {error_message}"),
            EtalonError::Format {
                path,
                line,
                error_message,
            } => match line {
                Some(line) => write!(f, "{path}, line {line}: {error_message}"),
                None => write!(f, "{path}: {error_message}"),
            },
            EtalonError::Data {
                table,
                row,
                field,
                error_message,
                path,
                line,
            } => {
                let error = DataError {
                    table: table.clone(),
                    row: row.and_then(|r| u64::try_from(r).ok()),
                    field: field.clone(),
                    message: error_message.clone(),
                };
                match path {
                    Some(path) => write!(
                        f,
                        "{}",
                        LoadError::Data {
                            path: PathBuf::from(path),
                            line: line.and_then(|l| u64::try_from(l).ok()),
                            error: Box::new(error),
                        }
                    ),
                    None => write!(f, "{error}"),
                }
            }
            EtalonError::Script {
                rule,
                file,
                line,
                column,
                error_message,
                ..
            } => write!(f, "{file}:{line}:{column}: rule `{rule}`: {error_message}"),
            EtalonError::NotInForce {
                package,
                period,
                from,
                to,
            } => {
                write!(f, "the methodology {package} is in force from {from}")?;
                if let Some(to) = to {
                    write!(f, " to {to}")?;
                }
                write!(f, ", not in {period}")
            }
            EtalonError::InvalidArgument {
                argument,
                error_message,
            } => write!(f, "{argument}: {error_message}"),
            EtalonError::Scoring {
                kind,
                line,
                org,
                column,
                value,
                error_message,
            } => {
                if kind == NOK_INPUT {
                    let input = etalon::scoring::NokInputError {
                        line: line.and_then(|l| u64::try_from(l).ok()),
                        org: org.clone(),
                        column: column.clone(),
                        value: value.clone(),
                        message: error_message.clone(),
                    };
                    write!(f, "{input}")
                } else {
                    f.write_str(error_message)
                }
            }
            EtalonError::Journal {
                deviation,
                event,
                path,
                line,
                error_message,
                ..
            } => match (event, deviation, path, line) {
                (Some(event), Some(deviation), _, _) => write!(
                    f,
                    "`{event}` refused for deviation `{deviation}`: {error_message}"
                ),
                (_, _, Some(path), Some(line)) => {
                    write!(f, "{path}: line {line}: {error_message}")
                }
                _ => f.write_str(error_message),
            },
            EtalonError::Internal { error_message } => {
                write!(f, "internal error in etalon: {error_message}")
            }
        }
    }
}

impl EtalonError {
    /// An invalid argument.
    pub(crate) fn argument(argument: &str, message: impl Into<String>) -> Self {
        EtalonError::InvalidArgument {
            argument: argument.to_string(),
            error_message: message.into(),
        }
    }
}

impl From<Diagnostics> for EtalonError {
    fn from(d: Diagnostics) -> Self {
        EtalonError::Package {
            diagnostics: d.iter().cloned().map(Diagnostic::from).collect(),
        }
    }
}

impl From<DataError> for EtalonError {
    fn from(e: DataError) -> Self {
        EtalonError::Data {
            table: e.table,
            row: e.row.map(int),
            field: e.field,
            error_message: e.message,
            path: None,
            line: None,
        }
    }
}

impl From<ScriptError> for EtalonError {
    fn from(e: ScriptError) -> Self {
        let limit = e.limit();
        let error_message = match &e.kind {
            FailureKind::Limit(l) => format!("the script exceeded its {l} and was stopped"),
            FailureKind::Cancelled => "the evaluation was cancelled".to_string(),
            FailureKind::Failed(m) => m.clone(),
        };
        EtalonError::Script {
            rule: e.rule,
            file: e.file,
            line: int(e.line),
            column: int(e.column),
            limit,
            error_message,
        }
    }
}

impl From<LoadError> for EtalonError {
    fn from(e: LoadError) -> Self {
        let shown = |p: &std::path::Path| p.display().to_string();
        match e {
            LoadError::Io { path, source } => EtalonError::Io {
                path: shown(&path),
                error_message: source.to_string(),
            },
            LoadError::Missing { path, message } => EtalonError::Io {
                path: shown(&path),
                error_message: message,
            },
            LoadError::Csv {
                path,
                line,
                message,
            } => EtalonError::Format {
                path: shown(&path),
                line: Some(int(line)),
                error_message: message,
            },
            LoadError::Json { path, message } => EtalonError::Format {
                path: shown(&path),
                line: None,
                error_message: message,
            },
            LoadError::Data { path, line, error } => EtalonError::Data {
                table: error.table,
                row: error.row.map(int),
                field: error.field,
                error_message: error.message,
                path: Some(shown(&path)),
                line: line.map(int),
            },
        }
    }
}

impl From<EvaluationError> for EtalonError {
    fn from(e: EvaluationError) -> Self {
        match e {
            EvaluationError::Data(e) => e.into(),
            EvaluationError::Script(e) => e.into(),
            EvaluationError::NotInForce {
                package,
                period,
                from,
                to,
            } => EtalonError::NotInForce {
                package,
                period: period.to_string(),
                from: from.to_string(),
                to: to.map(|t| t.to_string()),
            },
            // A variant added to the Rust API before this binding maps it.
            other => EtalonError::Internal {
                error_message: other.to_string(),
            },
        }
    }
}

impl EtalonError {
    /// A scoring error of `kind` (`nok`, `kpi`) that names no place.
    fn scoring(kind: &str, error_message: String) -> Self {
        EtalonError::Scoring {
            kind: kind.to_string(),
            line: None,
            org: None,
            column: None,
            value: None,
            error_message,
        }
    }

    /// A journal error of `kind` that names no deviation and no line.
    fn journal(kind: &str, error_message: String) -> Self {
        EtalonError::Journal {
            kind: kind.to_string(),
            deviation: None,
            event: None,
            path: None,
            line: None,
            error_message,
        }
    }
}

impl From<NokError> for EtalonError {
    fn from(e: NokError) -> Self {
        match e {
            NokError::Input(i) => EtalonError::Scoring {
                kind: NOK_INPUT.to_string(),
                line: i.line.map(int),
                org: i.org,
                column: i.column,
                value: i.value,
                error_message: i.message,
            },
            NokError::Data(d) => d.into(),
            NokError::Script(s) => s.into(),
            NokError::OutOfRange { ref org, .. } => EtalonError::Scoring {
                kind: "nok".to_string(),
                line: None,
                org: Some(org.clone()),
                column: None,
                value: None,
                error_message: e.to_string(),
            },
            other => EtalonError::scoring("nok", other.to_string()),
        }
    }
}

impl From<KpiError> for EtalonError {
    fn from(e: KpiError) -> Self {
        EtalonError::scoring("kpi", e.to_string())
    }
}

impl From<JournalError> for EtalonError {
    fn from(e: JournalError) -> Self {
        let kind = match &e {
            JournalError::Rejected(r) => {
                return EtalonError::Journal {
                    kind: "rejected".to_string(),
                    deviation: Some(r.deviation.clone()),
                    event: Some(r.kind.to_string()),
                    path: None,
                    line: None,
                    error_message: r.message.clone(),
                };
            }
            JournalError::NoMatrix(_) => "no_matrix",
            JournalError::PackageMismatch { .. } => "package_mismatch",
            JournalError::RegionMismatch { .. } => "region_mismatch",
            JournalError::StalePeriod { .. } => "stale_period",
            JournalError::PeriodKind { .. } => "period_kind",
            JournalError::NotInTree(_) => "not_in_tree",
            JournalError::Route(_) => "route",
            JournalError::Store(_) => "store",
            _ => "journal",
        };
        EtalonError::journal(kind, e.to_string())
    }
}

impl From<JournalFileError> for EtalonError {
    fn from(e: JournalFileError) -> Self {
        match e {
            JournalFileError::Io { path, source } => EtalonError::Io {
                path: path.display().to_string(),
                error_message: source.to_string(),
            },
            JournalFileError::Damaged { path, error } => EtalonError::Journal {
                kind: "damaged".to_string(),
                deviation: None,
                event: None,
                path: Some(path.display().to_string()),
                line: Some(int(error.line)),
                error_message: error.problem.to_string(),
            },
            // Locked, cut outside etalon, or the central journal's database.
            other => EtalonError::Io {
                path: other.location(),
                error_message: other.to_string(),
            },
        }
    }
}

impl From<RecordError> for EtalonError {
    fn from(e: RecordError) -> Self {
        match e {
            RecordError::Journal(j) => j.into(),
            RecordError::Missing { what, .. } => {
                let argument = if what == "a role" {
                    "role"
                } else {
                    "methodology"
                };
                EtalonError::argument(argument, e.to_string())
            }
            other => EtalonError::journal("journal", other.to_string()),
        }
    }
}

/// The stack of the thread that compiles packages and runs rule scripts.
///
/// A JVM thread has 1 MB of stack by default (less on some application
/// servers), and the script engine recurses as deep as a package's limits
/// allow; a Rust stack overflow on a foreign thread is not caught, it kills
/// the JVM. So those calls run on a thread of their own with this stack (the
/// Rust tests pass on 2 MB test threads): the caller's stack does not matter.
const SCRIPT_STACK: usize = 16 * 1024 * 1024;

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> EtalonError {
    let error_message = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    EtalonError::Internal { error_message }
}

/// Like [`guard`], on a thread of its own with a stack of [`SCRIPT_STACK`]
/// bytes, for calls that compile or run rule scripts. The caller waits; the
/// thread ends with the call.
pub fn guard_scripts<T: Send>(
    f: impl FnOnce() -> Result<T, EtalonError> + Send,
) -> Result<T, EtalonError> {
    std::thread::scope(|scope| {
        let spawned = std::thread::Builder::new()
            .name("etalon-scripts".into())
            .stack_size(SCRIPT_STACK)
            .spawn_scoped(scope, f);
        match spawned {
            Ok(handle) => handle
                .join()
                .unwrap_or_else(|payload| Err(panic_message(payload))),
            Err(e) => Err(EtalonError::Internal {
                error_message: format!("could not start a thread for the scripts: {e}"),
            }),
        }
    })
}

/// Runs `f`, turning a panic into [`EtalonError::Internal`], so that no
/// panic unwinds into the JVM whatever the input. Every fallible exported
/// call runs under it; the infallible accessors (which only copy data
/// already checked) rely on uniffi's own catch at the boundary.
pub fn guard<T>(f: impl FnOnce() -> Result<T, EtalonError>) -> Result<T, EtalonError> {
    catch_unwind(AssertUnwindSafe(f)).unwrap_or_else(|payload| Err(panic_message(payload)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error() {
        let r: Result<(), EtalonError> = guard(|| panic!("boom"));
        assert_eq!(
            r,
            Err(EtalonError::Internal {
                error_message: "boom".into()
            })
        );
    }

    #[test]
    fn scripts_run_on_a_big_stack_and_panics_come_back_as_errors() {
        fn depth(n: u32) -> u32 {
            let pad = std::hint::black_box([0u8; 1024]);
            if n == 0 {
                u32::from(pad[0])
            } else {
                1 + depth(n - 1)
            }
        }
        // 3 to 7 MB of frames (by build): more than a JVM thread or a Rust
        // test thread has, less than SCRIPT_STACK.
        assert_eq!(guard_scripts(|| Ok(depth(3 * 1024))), Ok(3 * 1024));
        let r: Result<(), EtalonError> = guard_scripts(|| panic!("deep"));
        assert_eq!(
            r,
            Err(EtalonError::Internal {
                error_message: "deep".into()
            })
        );
    }

    #[test]
    fn scoring_and_journal_errors_print_the_rust_text() {
        let input = etalon::scoring::NokInputError {
            line: Some(3),
            org: Some("A".into()),
            column: Some("asked".into()),
            value: Some("-1".into()),
            message: "a count is never negative".into(),
        };
        let rust = NokError::Input(input.clone()).to_string();
        assert_eq!(EtalonError::from(NokError::Input(input)).to_string(), rust);
        let kpi = KpiError::Input("`O1`, value `nok:total` = -1: values are never negative".into());
        let rust = kpi.to_string();
        assert_eq!(EtalonError::from(kpi).to_string(), rust);

        let rejection = etalon::journal::Rejection {
            kind: "closed",
            deviation: "in_term@org:O1@2026-Q3".into(),
            message: "the correction is not verified".into(),
        };
        let rust = JournalError::Rejected(rejection.clone()).to_string();
        let e = EtalonError::from(JournalError::Rejected(rejection));
        assert_eq!(e.to_string(), rust);
        assert!(matches!(e, EtalonError::Journal { ref kind, .. } if kind == "rejected"));
        let damaged = || JournalFileError::Damaged {
            path: "j.jsonl".into(),
            error: etalon::journal::codec::LineError {
                line: 2,
                offset: 120,
                problem: etalon::journal::codec::LineProblem::HashMismatch,
            },
        };
        let rust = damaged().to_string();
        assert_eq!(EtalonError::from(damaged()).to_string(), rust);
    }

    #[test]
    fn display_is_the_rust_text() {
        let e = DataError::at("cases", 17, "ended_on", "ends before it starts");
        let rust = e.to_string();
        assert_eq!(EtalonError::from(e).to_string(), rust);
        let load = LoadError::Data {
            path: "data/cases.csv".into(),
            line: Some(18),
            error: Box::new(DataError::at("cases", 17, "ended_on", "x")),
        };
        let rust = load.to_string();
        assert_eq!(EtalonError::from(load).to_string(), rust);
        let script = ScriptError {
            rule: "r".into(),
            file: "f.rhai".into(),
            line: 2,
            column: 5,
            kind: FailureKind::Limit(Limit::Operations),
        };
        let rust = script.to_string();
        assert_eq!(EtalonError::from(script).to_string(), rust);
    }
}
