//! The journal's refusals and errors as catalogue messages (`journal.ftl`).
//! The core's types stay free of the catalogue: their variants become ids
//! and values here. Each function gives the texts outermost first, each
//! around the next (`Said::Framed`); `None` for a variant the catalogue
//! does not know (one added to the core later).

use etalon_core::journal::codec::{LineError, LineProblem, SCHEMA_VERSION};
use etalon_core::journal::{Rejection, StoreError};
use etalon_core::responsibility::RouteError;
use etalon_core::{JournalError, Text};

use crate::host::RecordError;
use crate::io::JournalFileError;

/// A text whose id gets `prefix` before it.
fn prefixed(prefix: &str, text: &Text) -> Text {
    Text {
        id: format!("{prefix}{}", text.id),
        args: text.args.clone(),
    }
}

/// A refused event: the event and its deviation, around why.
pub(super) fn rejection(r: &Rejection) -> Vec<Text> {
    vec![
        Text::new(
            "journal-refused",
            &[("kind", r.kind), ("deviation", r.deviation.as_str())],
        ),
        prefixed("journal-why-", &r.text),
    ]
}

/// A deviation the responsibility matrix cannot route.
pub(super) fn route(e: &RouteError) -> Option<Text> {
    Some(match e {
        RouteError::NoRow {
            indicator,
            severity,
            level,
        } => Text::new(
            "journal-route-no-row",
            &[
                ("indicator", indicator.clone()),
                ("severity", severity.to_string()),
                ("level", level.name().to_string()),
            ],
        ),
        RouteError::UnknownRole(role) => Text::new("journal-route-unknown-role", &[("role", role)]),
        RouteError::BelowEntity {
            role,
            level,
            entity,
        } => Text::new(
            "journal-route-below-entity",
            &[
                ("role", role.clone()),
                ("level", level.name().to_string()),
                ("entity", entity.to_string()),
            ],
        ),
        RouteError::NotInTree(entity) => {
            Text::new("journal-route-not-in-tree", &[("entity", entity)])
        }
        RouteError::NoPlace => Text::new::<&str>("journal-route-no-place", &[]),
        _ => return None,
    })
}

/// Why the journal refused to change.
pub(super) fn journal(e: &JournalError) -> Option<Vec<Text>> {
    let one = |id: &str, args: &[(&str, String)]| Some(vec![Text::new(id, args)]);
    match e {
        JournalError::Rejected(r) => Some(rejection(r)),
        JournalError::NoMatrix(package) => {
            one("journal-no-matrix", &[("package", package.clone())])
        }
        JournalError::PackageMismatch {
            evaluation,
            package,
        } => one(
            "journal-package-mismatch",
            &[
                ("evaluation", evaluation.clone()),
                ("package", package.clone()),
            ],
        ),
        JournalError::RegionMismatch { evaluation, tree } => one(
            "journal-region-mismatch",
            &[("evaluation", evaluation.clone()), ("tree", tree.clone())],
        ),
        JournalError::StalePeriod { period, last } => one(
            "journal-stale-period",
            &[("period", period.to_string()), ("last", last.to_string())],
        ),
        JournalError::PeriodKind {
            journal,
            evaluation,
        } => one(
            "journal-period-kind",
            &[
                ("journal", journal.to_string()),
                ("evaluation", evaluation.to_string()),
            ],
        ),
        JournalError::NotInTree(entity) => {
            one("journal-not-in-tree", &[("entity", entity.to_string())])
        }
        JournalError::Route(r) => route(r).map(|t| vec![t]),
        JournalError::Store(s) => store(s),
        _ => None,
    }
}

/// A store that failed, after the words saying so.
pub(super) fn store(e: &StoreError) -> Option<Vec<Text>> {
    // The host's stores fail with one of their own errors as the source,
    // whose text is the store error's message.
    let file = e.source.as_deref()?.downcast_ref::<JournalFileError>()?;
    let mut texts = vec![Text::new::<&str>("journal-store", &[])];
    texts.extend(journal_file(file)?);
    Some(texts)
}

/// A damaged line: its number, around what is wrong.
pub(super) fn line(e: &LineError) -> Option<Vec<Text>> {
    let problem = match &e.problem {
        LineProblem::NotText => Text::new::<&str>("journal-line-not-text", &[]),
        LineProblem::Empty => Text::new::<&str>("journal-line-empty", &[]),
        LineProblem::NoHash => Text::new::<&str>("journal-line-no-hash", &[]),
        LineProblem::HashMismatch => Text::new::<&str>("journal-line-hash-mismatch", &[]),
        LineProblem::NotJson(reading) => {
            Text::new("journal-line-not-json", &[("reading", reading)])
        }
        LineProblem::Version(found) => Text::new(
            "journal-line-version",
            &[("found", *found), ("known", SCHEMA_VERSION)],
        ),
        LineProblem::Sequence { expected, found } => Text::new(
            "journal-line-sequence",
            &[("expected", *expected), ("found", *found)],
        ),
        LineProblem::BrokenChain => Text::new::<&str>("journal-line-broken-chain", &[]),
        LineProblem::Event(reading) => Text::new("journal-line-event", &[("reading", reading)]),
        _ => return None,
    };
    Some(vec![
        Text::new("journal-line", &[("line", e.line)]),
        problem,
    ])
}

/// A journal file or database that could not be used.
pub(super) fn journal_file(e: &JournalFileError) -> Option<Vec<Text>> {
    let path = |p: &std::path::Path| p.display().to_string();
    let one = |id: &str, args: &[(&str, String)]| Some(vec![Text::new(id, args)]);
    match e {
        JournalFileError::Io { path: p, source } => one(
            "journal-file-io",
            &[("path", path(p)), ("reason", source.to_string())],
        ),
        JournalFileError::Damaged { path: p, error } => {
            let mut texts = vec![Text::new("journal-file-at", &[("place", path(p))])];
            texts.extend(line(error)?);
            Some(texts)
        }
        JournalFileError::Locked { path: p, waited } => one(
            "journal-file-locked",
            &[("path", path(p)), ("ms", waited.as_millis().to_string())],
        ),
        JournalFileError::Database { url, text, .. } => Some(vec![
            Text::new("journal-file-at", &[("place", url)]),
            prefixed("journal-", text),
        ]),
        JournalFileError::DatabaseEvent { url, error } => {
            let mut texts = vec![Text::new("journal-db-event", &[("place", url)])];
            texts.extend(line(error)?);
            Some(texts)
        }
        JournalFileError::Shrunk {
            path: p,
            read,
            found,
        } => one(
            "journal-file-shrunk",
            &[
                ("path", path(p)),
                ("read", read.to_string()),
                ("found", found.to_string()),
            ],
        ),
        JournalFileError::Overtaken {
            location,
            count,
            database,
        } => one(
            "journal-overtaken",
            &[
                ("place", location.clone()),
                ("count", count.to_string()),
                ("store", if *database { "database" } else { "file" }.into()),
            ],
        ),
        JournalFileError::Append { path: p, .. } => {
            one("journal-file-append", &[("path", path(p))])
        }
        JournalFileError::Sync { path: p, .. } => one("journal-file-sync", &[("path", path(p))]),
        JournalFileError::NotLocked { path: p } => {
            one("journal-file-not-locked", &[("path", path(p))])
        }
    }
}

/// A record that could not be made into an event.
pub(super) fn record(e: &RecordError) -> Option<Vec<Text>> {
    match e {
        RecordError::Missing { kind, what } => {
            let what = match *what {
                "a role" => "role",
                "the rule package" => "package",
                _ => return None,
            };
            Some(vec![Text::new(
                "journal-record-missing",
                &[("kind", kind.name()), ("what", what)],
            )])
        }
        RecordError::Journal(j) => journal(j),
    }
}

#[cfg(test)]
mod tests {
    use std::path::PathBuf;
    use std::time::Duration;

    use etalon_core::journal::codec::{LineError, LineProblem};
    use etalon_core::journal::{Rejection, StoreError};
    use etalon_core::methodology::DeviationSeverity;
    use etalon_core::responsibility::RouteError;
    use etalon_core::{JournalError, Level, Period};

    use crate::error::Envelope;
    use crate::host::{RecordError, RecordKind};
    use crate::io::JournalFileError;
    use crate::report::Lang;

    /// The envelope's Russian from the catalogue, after checking that its
    /// English from the catalogue is its message.
    fn russian(e: impl Into<Envelope>) -> String {
        let env = e.into();
        assert_eq!(
            env.catalogued(Lang::En).as_deref(),
            Some(env.message.as_str())
        );
        let ru = env
            .catalogued(Lang::Ru)
            .expect("the Russian from the catalogue");
        assert_eq!(env.message_in(Lang::Ru), ru);
        ru
    }

    fn refused(message: &str, id: &str, args: &[(&str, &str)]) -> Rejection {
        Rejection::new(
            "closed",
            "in_term@org:O1@2026-Q3",
            etalon_core::Text::new(id, args),
            message,
        )
    }

    #[test]
    fn a_refused_event_in_each_language() {
        let r = refused(
            "it is open (no correction observed); close a deviation after its correction is verified (by measurement, or by hand with a reason)",
            "close-unverified",
            &[("status", "open")],
        );
        assert_eq!(
            russian(JournalError::Rejected(r)),
            "событие `closed` по отклонению `in_term@org:O1@2026-Q3` не принято: отклонение \
             открыто (исправления не наблюдалось); закрыть отклонение можно после проверки \
             результативности исправления (измерением или вручную с обоснованием)"
        );
        let r = refused(
            "it is already closed (closed on 2026-10-02)",
            "already-closed-on",
            &[("on", "2026-10-02")],
        );
        assert_eq!(
            russian(r),
            "событие `closed` по отклонению `in_term@org:O1@2026-Q3` не принято: отклонение \
             уже закрыто (дата закрытия 2026-10-02)"
        );
        // The periods needed take their plural form.
        let band = |inside: &str, needed: &str| {
            let english =
                format!("it was back inside its band in {inside} of the {needed} periods needed");
            let r = refused(
                &english,
                "in-band",
                &[("inside", inside), ("needed", needed)],
            );
            russian(r)
        };
        assert!(
            band("0", "1").ends_with("показатель вернулся в свои границы в 0 из 1 нужного периода")
        );
        assert!(band("1", "3").ends_with("в 1 из 3 нужных периодов"));
        assert!(band("2", "21").ends_with("в 2 из 21 нужного периода"));
    }

    #[test]
    fn a_route_error_in_each_language() {
        let e = RouteError::NoRow {
            indicator: "in_term".into(),
            severity: DeviationSeverity::Critical,
            level: Level::Org,
        };
        assert_eq!(
            russian(e.clone()),
            "ни одна строка матрицы ответственности не охватывает показатель `in_term` с \
             критичностью «критическое» на уровне организации"
        );
        // Through the journal, as `journal apply` meets it.
        assert_eq!(
            Envelope::from(JournalError::Route(e))
                .catalogued(Lang::En)
                .as_deref(),
            Some(
                "no row of the responsibility matrix covers indicator `in_term`, severity critical, level org"
            )
        );
        assert_eq!(
            russian(RouteError::UnknownRole("director".into())),
            "в матрице ответственности нет роли `director`"
        );
    }

    #[test]
    fn a_journal_error_in_each_language() {
        let period = |p: &str| p.parse::<Period>().unwrap();
        let e = JournalError::StalePeriod {
            period: period("2026-Q2"),
            last: period("2026-Q3"),
        };
        assert_eq!(
            russian(e),
            "оценка за 2026-Q2 — раньше 2026-Q3, последнего периода, который видел этот \
             журнал; применяйте оценки в порядке их периодов"
        );
        let e = JournalError::NoMatrix("standard 1.0.0".into());
        assert_eq!(
            russian(e),
            "в пакете правил standard 1.0.0 нет матрицы ответственности (`[contents] \
             responsibility` в etalon.toml)"
        );
    }

    #[test]
    fn a_store_failure_in_each_language() {
        let overtaken = |count: usize, database: bool| {
            let file = JournalFileError::Overtaken {
                location: "journal.jsonl".into(),
                count,
                database,
            };
            StoreError::new(file.to_string(), file)
        };
        let e = Envelope::from(overtaken(1, false));
        assert_eq!(
            e.message,
            "the journal's storage failed: journal.jsonl: 1 event(s) were appended by another \
             writer since the journal was read; nothing was written"
        );
        assert_eq!(
            russian(e),
            "сбой хранилища журнала: journal.jsonl: с момента чтения журнала другой \
             пользователь дописал 1 событие; ничего не записано"
        );
        assert!(russian(JournalError::Store(overtaken(3, true))).contains("сохранил 3 события;"));
        assert!(russian(overtaken(5, false)).contains("дописал 5 событий;"));
        // A store error of another store: the code's meaning, then the
        // English words.
        let other = Envelope::from(StoreError {
            message: "the disk is full".into(),
            source: None,
        });
        assert_eq!(other.catalogued(Lang::Ru), None);
        assert!(
            other
                .message_in(Lang::Ru)
                .ends_with(": the journal's storage failed: the disk is full")
        );
    }

    #[test]
    fn a_damaged_line_in_each_language() {
        let line = LineError {
            line: 3,
            offset: 400,
            problem: LineProblem::HashMismatch,
        };
        assert_eq!(
            russian(line.clone()),
            "строка 3: хеш не совпадает с содержимым строки: строку изменили после записи"
        );
        let file = JournalFileError::Damaged {
            path: PathBuf::from("journal.jsonl"),
            error: LineError {
                problem: LineProblem::Sequence {
                    expected: 4,
                    found: 6,
                },
                ..line.clone()
            },
        };
        assert_eq!(
            russian(file),
            "journal.jsonl: строка 3: у строки номер 6, ожидался 4: строку перед ней удалили \
             или вставили"
        );
        let event = JournalFileError::DatabaseEvent {
            url: "postgres://etalon:***@db/etalon".into(),
            error: LineError {
                problem: LineProblem::NoHash,
                ..line
            },
        };
        assert_eq!(
            russian(event),
            "postgres://etalon:***@db/etalon: событие, строка 3: строка не заканчивается \
             своим хешем (`,\"hash\":\"<64 шестнадцатеричные цифры>\"}`)"
        );
    }

    #[test]
    fn a_journal_file_error_in_each_language() {
        let locked = JournalFileError::Locked {
            path: PathBuf::from("journal.jsonl"),
            waited: Duration::from_millis(250),
        };
        assert_eq!(
            russian(locked),
            "journal.jsonl: другой процесс держал журнал заблокированным 250 мс; ничего не \
             записано (повторите попытку; блокировка снимается с завершением процесса, который \
             её держит)"
        );
        let shrunk = |found: u64| {
            russian(JournalFileError::Shrunk {
                path: PathBuf::from("j.jsonl"),
                read: 900,
                found,
            })
        };
        assert_eq!(
            shrunk(22),
            "j.jsonl: в журнале 22 байта, меньше, чем уже прочитано из него (900): его обрезали \
             или заменили в обход etalon; ничего не записано"
        );
        assert!(shrunk(21).starts_with("j.jsonl: в журнале 21 байт,"));
        let io = JournalFileError::Io {
            path: PathBuf::from("j.jsonl"),
            source: std::io::Error::other("no space left"),
        };
        assert_eq!(
            russian(io),
            "j.jsonl: ошибка файловой системы: no space left"
        );
    }

    #[test]
    fn a_record_error_in_each_language() {
        let e = RecordError::Missing {
            kind: RecordKind::Assign,
            what: "a role",
        };
        assert_eq!(russian(e), "для `assign` нужна роль");
        let e = RecordError::Missing {
            kind: RecordKind::Escalate,
            what: "the rule package",
        };
        assert_eq!(russian(e), "для `escalate` нужен пакет правил");
    }
}
