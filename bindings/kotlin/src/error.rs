//! The one error type of the binding: `EtalonException` in Kotlin, a sealed
//! class with one subclass per family of the host's error envelope
//! (`etalon::error`), plus two the binding raises itself.
//!
//! Every error of the engine and the host arrives as an envelope (a stable
//! code, the message, structured fields) and is mapped here once, by its
//! code's family, so a new code reaches Kotlin without a line here. Every
//! family's subclass has the same fields: `code`, `errorMessage` and each
//! field of the envelope (null when not known). `toString()` is the message,
//! the line the CLI prints. A field cannot be called `message` (Kotlin's
//! `Throwable.message` is generated from the fields), hence `errorMessage`.

use std::fmt;
use std::panic::{AssertUnwindSafe, catch_unwind};

use chrono::NaiveDate;
use etalon::error::{Code, Envelope, Family};
use etalon::report::Lang;

use crate::language;
use crate::types::{Diagnostic, int};

/// The code of [`EtalonError::InvalidArgument`]: an argument the binding
/// refused before calling the engine (not an envelope code).
pub const ARGUMENT_CODE: &str = "E-ARGUMENT";

/// The code of [`EtalonError::Closed`] (raised on the JVM side).
pub const CLOSED_CODE: &str = "E-CLOSED";

/// Declares [`EtalonError`] with one variant per family of the envelope,
/// each with every field of the envelope, and the mapping from an envelope.
macro_rules! families {
    ($($(#[$doc:meta])* $variant:ident = $family:ident,)+) => {
        /// Why a call failed.
        #[derive(Debug, Clone, PartialEq, uniffi::Error)]
        #[uniffi::export(Display)]
        pub enum EtalonError {
            $(
                $(#[$doc])*
                $variant {
                    /// The stable code (`E-DATA-RECORD`): the table of codes
                    /// in the README.
                    code: String,
                    /// What went wrong, the text the CLI prints, in the
                    /// language chosen by `setLanguage` when it was made.
                    error_message: String,
                    /// What went wrong, in English.
                    error_message_en: String,
                    /// The file: a data or journal file as given, or a
                    /// package file relative to the package root.
                    file: Option<String>,
                    /// 1-based line in `file`.
                    line: Option<i64>,
                    /// 1-based column in `file`.
                    column: Option<i64>,
                    /// The table (`cases`, `complaints`, `nok`, ...).
                    table: Option<String>,
                    /// 1-based number of the record within rows the host gave.
                    row: Option<i64>,
                    /// The column of the table at fault.
                    field: Option<String>,
                    /// The rule (indicator, scoring item) concerned.
                    rule: Option<String>,
                    /// The organisation concerned.
                    organisation: Option<String>,
                    /// The НОК or KPI indicator concerned.
                    indicator: Option<String>,
                    /// The deviation concerned.
                    deviation: Option<String>,
                    /// The kind of journal event refused (`closed`, ...).
                    event: Option<String>,
                    /// The limit reached: a sandbox limit (`operations`,
                    /// `call_depth`, ...), `records` or `deadline`.
                    limit: Option<String>,
                    /// The value as given, when it is the fault.
                    value: Option<String>,
                    /// The period concerned.
                    period: Option<String>,
                    /// The rule package concerned (`id version`).
                    package: Option<String>,
                    /// The first day the package is in force.
                    in_force_from: Option<NaiveDate>,
                    /// The last day the package is in force, if it has one.
                    in_force_to: Option<NaiveDate>,
                    /// Every problem of a package that does not compile
                    /// (codes `E-PACKAGE-*`); empty otherwise.
                    diagnostics: Vec<Diagnostic>,
                    /// Every problem of a data folder that loading found,
                    /// sorted by file and line (this error is the first);
                    /// empty when there was one.
                    problems: Vec<Problem>,
                },
            )+
            /// An argument refused before the engine is called: a null from
            /// Java, a negative count, a table name that does not exist, a
            /// builder used after `finish`. Code `E-ARGUMENT`.
            InvalidArgument {
                /// `E-ARGUMENT`.
                code: String,
                /// Which argument.
                argument: String,
                /// What is wrong with it, in the language chosen by
                /// `setLanguage` where the engine says it in both (a limit,
                /// a period), else in English.
                error_message: String,
                /// What is wrong with it, in English.
                error_message_en: String,
            },
            /// An object used after `close()`, as the receiver of a call or
            /// as an argument; raised on the JVM side before anything
            /// crosses. Code `E-CLOSED`.
            Closed {
                /// `E-CLOSED`.
                code: String,
                /// The class of the closed object (`Dataset`, `Journal`, ...).
                object_type: String,
            },
        }

        impl From<Envelope> for EtalonError {
            fn from(e: Envelope) -> Self {
                // Field by field (`e.fields.file`): moves out of `fields`
                // whether the envelope holds it inline or boxed.
                let code = e.code.as_str().to_string();
                let lang = language::current();
                let error_message = e.message_in(lang);
                let diagnostics = e.diagnostics.into_iter().map(Diagnostic::from).collect();
                let problems = e.problems.into_iter().map(Problem::from).collect();
                match e.code.family() {
                    $(Family::$family => EtalonError::$variant {
                        code,
                        error_message,
                        error_message_en: e.message,
                        file: e.fields.file,
                        line: e.fields.line.map(int),
                        column: e.fields.column.map(int),
                        table: e.fields.table,
                        row: e.fields.row.map(int),
                        field: e.fields.field,
                        rule: e.fields.rule,
                        organisation: e.fields.organisation,
                        indicator: e.fields.indicator,
                        deviation: e.fields.deviation,
                        event: e.fields.event,
                        limit: e.fields.limit,
                        value: e.fields.value,
                        period: e.fields.period,
                        package: e.fields.package,
                        in_force_from: e.fields.in_force_from,
                        in_force_to: e.fields.in_force_to,
                        diagnostics,
                        problems,
                    },)+
                }
            }
        }

        impl EtalonError {
            /// The stable code.
            pub fn code(&self) -> &str {
                match self {
                    $(EtalonError::$variant { code, .. })|+
                    | EtalonError::InvalidArgument { code, .. }
                    | EtalonError::Closed { code, .. } => code,
                }
            }
        }

        impl fmt::Display for EtalonError {
            /// The message, as the CLI prints it.
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(EtalonError::$variant { error_message, .. })|+ => f.write_str(error_message),
                    EtalonError::InvalidArgument {
                        argument,
                        error_message,
                        ..
                    } => write!(f, "{argument}: {error_message}"),
                    EtalonError::Closed { object_type, .. } => {
                        write!(f, "the {object_type} was closed and can no longer be used")
                    }
                }
            }
        }
    };
}

families! {
    /// Input data: a record that breaks a rule of its table, a malformed
    /// CSV or JSON file, a period, a table of НОК input, shares.
    Data = Data,
    /// A rule package (or an improvement plan) that does not compile:
    /// `diagnostics` lists every problem.
    Package = Package,
    /// A rule's script failed.
    Script = Script,
    /// An evaluation request that cannot be served: a package not in force
    /// in the period, an indicator the package does not have, a
    /// cancelled evaluation.
    Eval = Eval,
    /// A limit reached: a sandbox limit of a script, the record limit or
    /// the timeout of the evaluation options.
    LimitExceeded = Limit,
    /// A score that cannot be computed (no scheme, a policy, KPI values).
    Scoring = Scoring,
    /// The deviation journal refused a change (nothing written), or its
    /// file is damaged.
    Journal = Journal,
    /// A file or folder that cannot be read, or is not there.
    Io = Io,
    /// A defect of etalon (a panic caught at the boundary). Please report it.
    Internal = Internal,
}

impl std::error::Error for EtalonError {}

/// One problem of a data folder, in its place.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct Problem {
    /// The stable code (`E-DATA-RECORD`).
    pub code: String,
    /// What is wrong, as the CLI prints it, in the language chosen by
    /// `setLanguage` when it was found.
    pub error_message: String,
    /// What is wrong, in English.
    pub error_message_en: String,
    /// The file.
    pub file: Option<String>,
    /// 1-based line in `file`.
    pub line: Option<i64>,
    /// 1-based column in `file`.
    pub column: Option<i64>,
    /// The table.
    pub table: Option<String>,
    /// 1-based number of the record within its table.
    pub row: Option<i64>,
    /// The column of the table at fault.
    pub field: Option<String>,
}

impl From<Envelope> for Problem {
    fn from(e: Envelope) -> Self {
        Problem {
            code: e.code.as_str().to_string(),
            error_message: e.message_in(language::current()),
            error_message_en: e.message,
            file: e.fields.file,
            line: e.fields.line.map(int),
            column: e.fields.column.map(int),
            table: e.fields.table,
            row: e.fields.row.map(int),
            field: e.fields.field,
        }
    }
}

/// Errors of the engine and the host, each through its envelope.
macro_rules! through_envelope {
    ($($error:ty),+ $(,)?) => {
        $(impl From<$error> for EtalonError {
            fn from(e: $error) -> Self {
                Envelope::from(e).into()
            }
        })+
    };
}

through_envelope!(
    etalon::DataError,
    etalon::Diagnostics,
    etalon::EvaluationError,
    etalon::PeriodError,
    etalon::ScriptError,
    etalon::io::LoadError,
    etalon::io::JournalFileError,
    etalon::scoring::NokError,
    etalon::scoring::KpiError,
    etalon::journal::JournalError,
    etalon::host::RecordError,
    etalon::folder::FolderError,
    etalon::limits::RunError,
);

impl EtalonError {
    /// An invalid argument, said in English only (a fault of the calling
    /// code, read by its programmer).
    pub(crate) fn argument(argument: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        EtalonError::said_argument(argument, message.clone(), message)
    }

    /// An invalid argument whose fault the engine says in both languages:
    /// `message` in the chosen one, `message_en` in English.
    pub(crate) fn said_argument(argument: &str, message: String, message_en: String) -> Self {
        EtalonError::InvalidArgument {
            code: ARGUMENT_CODE.to_string(),
            argument: argument.to_string(),
            error_message: message,
            error_message_en: message_en,
        }
    }

    /// An invalid argument the binding refuses itself, in the catalogue's
    /// words `id` (`arg-…` of `inputs.ftl`): in the chosen language, the
    /// English kept.
    pub(crate) fn refused(id: &str, argument: &str) -> Self {
        let [message, message_en] = argument_words(id);
        EtalonError::said_argument(argument, message, message_en)
    }

    /// A period that cannot be read, as the invalid argument `period`.
    pub(crate) fn period(e: etalon::PeriodError) -> Self {
        let envelope = Envelope::from(e);
        let message = envelope.message_in(language::current());
        EtalonError::said_argument("period", message, envelope.message)
    }

    /// An envelope of `code` naming `file`.
    pub(crate) fn with_file(code: Code, file: &str, message: impl Into<String>) -> Self {
        let mut e = Envelope::new(code, message);
        e.fields.file = Some(file.to_string());
        e.into()
    }

    /// A defect: what is known of it.
    pub(crate) fn internal(what: &str) -> Self {
        Envelope::internal(what).into()
    }
}

/// The catalogue's words `id` in the chosen language and in English.
fn argument_words(id: &str) -> [String; 2] {
    [language::current(), Lang::En].map(|lang| {
        etalon::catalogue::message::<&str>(lang, id, &[]).unwrap_or_else(|| id.to_string())
    })
}

/// Why the JVM side refuses a null from Java for an argument (`inside`: a
/// field of a record or an item of a list), in the language chosen by
/// `setLanguage` and in English: the words of `Guards.kt`'s exceptions.
#[uniffi::export]
pub fn null_argument_words(inside: bool) -> Vec<String> {
    argument_words(if inside {
        "arg-null-inside"
    } else {
        "arg-null"
    })
    .to_vec()
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
    let what = payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "a panic without a message".to_string());
    EtalonError::internal(&what)
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
            Err(e) => Err(EtalonError::internal(&format!(
                "could not start a thread for the scripts: {e}"
            ))),
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
    use etalon::io::LoadError;
    use etalon::journal::JournalError;
    use etalon::scoring::{KpiError, NokError};
    use etalon::{DataError, FailureKind, Limit, ScriptError};

    fn internal_text(what: &str) -> String {
        Envelope::internal(what).message
    }

    #[test]
    fn a_panic_becomes_an_internal_error() {
        crate::language::english();
        let r: Result<(), EtalonError> = guard(|| panic!("boom"));
        let e = r.unwrap_err();
        assert!(matches!(e, EtalonError::Internal { .. }), "{e:?}");
        assert_eq!(e.code(), "E-INTERNAL");
        assert_eq!(e.to_string(), internal_text("boom"));
    }

    #[test]
    fn scripts_run_on_a_big_stack_and_panics_come_back_as_errors() {
        crate::language::english();
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
        assert_eq!(r.unwrap_err().to_string(), internal_text("deep"));
    }

    #[test]
    fn each_family_has_its_variant_with_the_envelopes_code_fields_and_text() {
        crate::language::english();
        let data = DataError::at("cases", 17, "ended_on", "ends before it starts");
        let text = data.to_string();
        match EtalonError::from(data) {
            EtalonError::Data {
                code,
                error_message,
                table,
                row,
                field,
                file,
                ..
            } => {
                assert_eq!(code, "E-DATA-RECORD");
                assert_eq!(error_message, text);
                assert_eq!(table.as_deref(), Some("cases"));
                assert_eq!(row, Some(17));
                assert_eq!(field.as_deref(), Some("ended_on"));
                assert_eq!(file, None);
            }
            other => panic!("{other:?}"),
        }
        let load = LoadError::Csv {
            path: "data/cases.csv".into(),
            line: 4,
            message: etalon::Message::new(
                "load-csv",
                &[("detail", "unclosed quote")],
                "unclosed quote",
            ),
        };
        let text = load.to_string();
        let e = EtalonError::from(load);
        assert_eq!(e.to_string(), text);
        assert!(
            matches!(&e, EtalonError::Data { code, line: Some(4), file: Some(f), .. }
            if code == "E-DATA-CSV" && f == "data/cases.csv")
        );
        let script = ScriptError {
            rule: "r".into(),
            file: "f.rhai".into(),
            line: 2,
            column: 5,
            kind: FailureKind::Limit(Limit::Operations),
            text: None,
        };
        let text = script.to_string();
        let e = EtalonError::from(script);
        assert_eq!(e.to_string(), text);
        assert!(
            matches!(&e, EtalonError::LimitExceeded { code, limit: Some(l), rule: Some(r), line: Some(2), column: Some(5), .. }
            if code == "E-LIMIT-SCRIPT" && l == "operations" && r == "r")
        );
        let kpi = KpiError::Input(etalon::Message::new(
            "kpi-negative",
            &[("id", "O1"), ("source", "nok:total"), ("value", "-1")],
            "`O1`, value `nok:total` = -1: values are never negative",
        ));
        assert!(
            matches!(EtalonError::from(kpi), EtalonError::Scoring { code, .. } if code == "E-SCORING-KPI-INPUT")
        );
        assert!(
            matches!(EtalonError::from(NokError::NoScheme), EtalonError::Scoring { code, .. } if code == "E-SCORING-NO-SCHEME")
        );
        let rejection = etalon::journal::Rejection::new(
            "closed",
            "in_term@org:O1@2026-Q3",
            etalon::Text::new("close-unverified", &[("status", "open")]),
            "the correction is not verified",
        );
        let text = JournalError::Rejected(rejection.clone()).to_string();
        let e = EtalonError::from(JournalError::Rejected(rejection));
        assert_eq!(e.to_string(), text);
        assert!(
            matches!(&e, EtalonError::Journal { code, deviation: Some(d), event: Some(ev), .. }
            if code == "E-JOURNAL-REJECTED" && d == "in_term@org:O1@2026-Q3" && ev == "closed")
        );
    }

    #[test]
    fn the_binding_s_own_errors_have_their_codes() {
        let a = EtalonError::argument("period", "not a period");
        assert_eq!(a.code(), ARGUMENT_CODE);
        assert_eq!(a.to_string(), "period: not a period");
        let c = EtalonError::Closed {
            code: CLOSED_CODE.into(),
            object_type: "Dataset".into(),
        };
        assert_eq!(
            c.to_string(),
            "the Dataset was closed and can no longer be used"
        );
    }
}
