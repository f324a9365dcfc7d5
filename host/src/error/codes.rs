//! The stable codes of the error envelope, one line each.
//!
//! A code never changes meaning once published: hosts branch on it, and the
//! table in README.md ("Error codes") is checked against this list by a test.

use std::fmt;

use serde::Serialize;

/// The family of a code: the part after `E-`, which bindings map to their
/// exception classes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum Family {
    /// Input data: tables, files of records, periods, scoring inputs.
    Data,
    /// A rule package or an improvement plan that does not compile.
    Package,
    /// A rule's script failed.
    Script,
    /// An evaluation request that cannot be served.
    Eval,
    /// A limit set by the host or the sandbox was reached.
    Limit,
    /// A score that cannot be computed from readable input.
    Scoring,
    /// The deviation journal refused a change or cannot be read.
    Journal,
    /// The file system refused.
    Io,
    /// A defect of the engine itself.
    Internal,
}

impl Family {
    /// Every family, in the order of the README table.
    pub const ALL: [Family; 9] = [
        Family::Data,
        Family::Package,
        Family::Script,
        Family::Eval,
        Family::Limit,
        Family::Scoring,
        Family::Journal,
        Family::Io,
        Family::Internal,
    ];

    /// `DATA`, `PACKAGE`, ...
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Data => "DATA",
            Family::Package => "PACKAGE",
            Family::Script => "SCRIPT",
            Family::Eval => "EVAL",
            Family::Limit => "LIMIT",
            Family::Scoring => "SCORING",
            Family::Journal => "JOURNAL",
            Family::Io => "IO",
            Family::Internal => "INTERNAL",
        }
    }
}

impl fmt::Display for Family {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Declares [`Code`] from one line per code: variant, text, family, and
/// what it means in English and in Russian.
macro_rules! codes {
    ($($variant:ident = $text:literal, $family:ident, $en:literal, $ru:literal;)+) => {
        /// A stable error code such as `E-DATA-RECORD`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = $en]
                $variant,
            )+
        }

        impl Code {
            /// Every code, in the order of the README table.
            pub const ALL: &'static [Code] = &[$(Code::$variant),+];

            /// The code as written: `E-DATA-RECORD`.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$variant => $text,)+
                }
            }

            /// Its family.
            pub fn family(self) -> Family {
                match self {
                    $(Code::$variant => Family::$family,)+
                }
            }

            /// What it means, in English.
            pub fn meaning_en(self) -> &'static str {
                match self {
                    $(Code::$variant => $en,)+
                }
            }

            /// What it means, in Russian.
            pub fn meaning_ru(self) -> &'static str {
                match self {
                    $(Code::$variant => $ru,)+
                }
            }
        }
    };
}

codes! {
    DataRecord = "E-DATA-RECORD", Data,
        "a record breaks a rule of its table",
        "запись нарушает правило своей таблицы";
    DataCsv = "E-DATA-CSV", Data,
        "a CSV file is malformed",
        "файл CSV испорчен";
    DataJson = "E-DATA-JSON", Data,
        "a JSON file is malformed",
        "файл JSON испорчен";
    DataParquet = "E-DATA-PARQUET", Data,
        "a Parquet file cannot be read (not Parquet, cut short or damaged)",
        "файл Parquet не читается (не Parquet, обрезан или повреждён)";
    DataEncoding = "E-DATA-ENCODING", Data,
        "a table file is not text in an encoding etalon reads",
        "файл таблицы — не текст в кодировке, которую читает etalon";
    DataTable = "E-DATA-TABLE", Data,
        "a scoring table is not a valid table",
        "таблица для оценки не читается как таблица";
    DataPeriod = "E-DATA-PERIOD", Data,
        "a period cannot be read",
        "период записан неверно";
    DataNokInput = "E-DATA-NOK-INPUT", Data,
        "a row of НОК input is not valid",
        "строка данных НОК неверна";
    DataExecutions = "E-DATA-EXECUTIONS", Data,
        "the executions of an improvement plan are not valid",
        "отметки об исполнении плана неверны";
    DataShares = "E-DATA-SHARES", Data,
        "a table of shares is not valid (a share is outside 0..100, a cell is missing)",
        "таблица долей неверна (доля вне 0..100, нет значения)";
    PackageInvalid = "E-PACKAGE-INVALID", Package,
        "the rule package does not compile",
        "пакет правил содержит ошибки";
    PackagePlan = "E-PACKAGE-PLAN", Package,
        "an improvement plan does not compile",
        "план мероприятий содержит ошибки";
    ScriptFailed = "E-SCRIPT-FAILED", Script,
        "a rule's script failed",
        "скрипт правила завершился ошибкой";
    EvalRequest = "E-EVAL-REQUEST", Eval,
        "the request names something the package does not have",
        "запрос ссылается на то, чего нет в пакете";
    EvalNotInForce = "E-EVAL-NOT-IN-FORCE", Eval,
        "the rule package is not in force in the period asked",
        "пакет правил не действует в указанном периоде";
    EvalCoverage = "E-EVAL-COVERAGE", Eval,
        "the period asked lies outside the dates the data covers",
        "период вне дат, которые охватывают данные";
    EvalCancelled = "E-EVAL-CANCELLED", Eval,
        "the host cancelled the evaluation",
        "расчёт отменён вызывающей системой";
    EvalRollUp = "E-EVAL-ROLL-UP", Eval,
        "evaluations that cannot be rolled up together",
        "результаты нельзя свести вместе";
    EvalUnknownEntity = "E-EVAL-UNKNOWN-ENTITY", Eval,
        "the entity asked for is not in the organisation tree",
        "запрошенного подразделения нет в дереве организаций";
    LimitScript = "E-LIMIT-SCRIPT", Limit,
        "a rule's script exceeded a sandbox limit",
        "скрипт правила превысил ограничение песочницы";
    LimitRecords = "E-LIMIT-RECORDS", Limit,
        "the data has more records than the host allows, whether found while reading files or evaluating",
        "записей больше, чем разрешено, — при чтении файлов или при расчёте";
    LimitDeadline = "E-LIMIT-DEADLINE", Limit,
        "the evaluation ran past its deadline",
        "расчёт не уложился в отведённое время";
    ScoringNoScheme = "E-SCORING-NO-SCHEME", Scoring,
        "the rule package has no НОК or KPI scheme",
        "в пакете правил нет схемы НОК или KPI";
    ScoringOutOfRange = "E-SCORING-OUT-OF-RANGE", Scoring,
        "a НОК indicator gives points outside 0..100",
        "показатель НОК дал баллы вне 0..100";
    ScoringPolicy = "E-SCORING-POLICY", Scoring,
        "a scoring policy override is not valid",
        "неверная настройка политики оценки";
    ScoringPeriod = "E-SCORING-PERIOD", Scoring,
        "the period to score is not clear",
        "период оценки не определён";
    ScoringRollUp = "E-SCORING-ROLL-UP", Scoring,
        "scores that cannot be rolled up together",
        "оценки нельзя свести вместе";
    ScoringKpiInput = "E-SCORING-KPI-INPUT", Scoring,
        "the values given do not fit the KPI scheme",
        "значения не подходят к схеме KPI";
    JournalRejected = "E-JOURNAL-REJECTED", Journal,
        "the event is not allowed where its deviation stands",
        "событие недопустимо в текущем состоянии отклонения";
    JournalIncomplete = "E-JOURNAL-INCOMPLETE", Journal,
        "a record lacks what its kind needs (a role, the rule package)",
        "в записи не хватает нужного (роли, пакета правил)";
    JournalNoMatrix = "E-JOURNAL-NO-MATRIX", Journal,
        "the rule package has no responsibility matrix",
        "в пакете правил нет матрицы ответственности";
    JournalPackageMismatch = "E-JOURNAL-PACKAGE-MISMATCH", Journal,
        "the evaluation was made with another rule package",
        "расчёт сделан по другому пакету правил";
    JournalRegionMismatch = "E-JOURNAL-REGION-MISMATCH", Journal,
        "the evaluation and the organisation tree are of different regions",
        "расчёт и дерево организаций относятся к разным регионам";
    JournalStalePeriod = "E-JOURNAL-STALE-PERIOD", Journal,
        "an evaluation of a period before the latest one applied",
        "расчёт за период раньше уже применённого";
    JournalPeriodKind = "E-JOURNAL-PERIOD-KIND", Journal,
        "an evaluation of another kind of period",
        "расчёт за период другого вида";
    JournalNotInTree = "E-JOURNAL-NOT-IN-TREE", Journal,
        "a deviation's entity is not in the organisation tree",
        "подразделения отклонения нет в дереве организаций";
    JournalRoute = "E-JOURNAL-ROUTE", Journal,
        "the responsibility matrix cannot route a deviation",
        "матрица ответственности не назначает исполнителя";
    JournalStore = "E-JOURNAL-STORE", Journal,
        "the journal's storage failed",
        "сбой хранилища журнала";
    JournalFile = "E-JOURNAL-FILE", Journal,
        "the journal file cannot be read or written",
        "файл журнала не читается или не записывается";
    JournalDamaged = "E-JOURNAL-DAMAGED", Journal,
        "a line of the journal file is damaged",
        "строка файла журнала повреждена";
    JournalLocked = "E-JOURNAL-LOCKED", Journal,
        "another writer kept the journal locked past the timeout; nothing was written",
        "другой процесс удерживал журнал дольше времени ожидания; ничего не записано";
    JournalShrunk = "E-JOURNAL-SHRUNK", Journal,
        "the journal file was cut or replaced outside etalon; nothing was written",
        "файл журнала обрезан или заменён в обход etalon; ничего не записано";
    JournalDatabase = "E-JOURNAL-DATABASE", Journal,
        "the central journal's database refused or failed",
        "база данных центрального журнала отказала или недоступна";
    IoRead = "E-IO-READ", Io,
        "a file or folder cannot be read",
        "файл или папка не читается";
    IoNotAFile = "E-IO-NOT-A-FILE", Io,
        "a data file's name is taken by a directory, a FIFO or a broken link",
        "вместо файла данных — каталог, FIFO или битая ссылка";
    IoMissing = "E-IO-MISSING", Io,
        "a file the input needs is not there",
        "нет нужного файла";
    IoSpreadsheet = "E-IO-SPREADSHEET", Io,
        "the spreadsheet cannot be written",
        "не удалось записать электронную таблицу";
    Internal = "E-INTERNAL", Internal,
        "a defect of the engine; report it with the input that caused it",
        "ошибка самого движка; сообщите о ней вместе с входными данными";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for Code {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_written_e_family_detail() {
        for code in Code::ALL {
            let text = code.as_str();
            let prefix = format!("E-{}", code.family());
            assert!(
                text == prefix || text.starts_with(&format!("{prefix}-")),
                "{text} is not of family {}",
                code.family()
            );
        }
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }
}
