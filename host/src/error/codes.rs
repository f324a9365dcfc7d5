//! The stable codes of the error envelope, one line each.
//!
//! A code never changes meaning once published: hosts branch on it, and the
//! table in README.md ("Error codes") is checked against this list by a test.
//! What each code means, in Russian and English, is in the message
//! catalogue (`host/locales/<lang>/errors.ftl`, `error-<code>`).

use std::fmt;

use serde::Serialize;

use crate::report::Lang;

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

/// Declares [`Code`] from one line per code: variant, text and family.
macro_rules! codes {
    ($($variant:ident = $text:literal, $family:ident;)+) => {
        /// A stable error code such as `E-DATA-RECORD`.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        #[non_exhaustive]
        pub enum Code {
            $(
                #[doc = concat!("`", $text, "`: its meaning is `error-", $text, "` in the catalogue.")]
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
        }
    };
}

codes! {
    DataRecord = "E-DATA-RECORD", Data;
    DataCsv = "E-DATA-CSV", Data;
    DataJson = "E-DATA-JSON", Data;
    DataParquet = "E-DATA-PARQUET", Data;
    DataEncoding = "E-DATA-ENCODING", Data;
    DataTable = "E-DATA-TABLE", Data;
    DataPeriod = "E-DATA-PERIOD", Data;
    DataNokInput = "E-DATA-NOK-INPUT", Data;
    DataExecutions = "E-DATA-EXECUTIONS", Data;
    DataShares = "E-DATA-SHARES", Data;
    PackageInvalid = "E-PACKAGE-INVALID", Package;
    PackagePlan = "E-PACKAGE-PLAN", Package;
    ScriptFailed = "E-SCRIPT-FAILED", Script;
    EvalRequest = "E-EVAL-REQUEST", Eval;
    EvalNotInForce = "E-EVAL-NOT-IN-FORCE", Eval;
    EvalCoverage = "E-EVAL-COVERAGE", Eval;
    EvalCancelled = "E-EVAL-CANCELLED", Eval;
    EvalRollUp = "E-EVAL-ROLL-UP", Eval;
    EvalUnknownEntity = "E-EVAL-UNKNOWN-ENTITY", Eval;
    LimitScript = "E-LIMIT-SCRIPT", Limit;
    LimitRecords = "E-LIMIT-RECORDS", Limit;
    LimitDeadline = "E-LIMIT-DEADLINE", Limit;
    ScoringNoScheme = "E-SCORING-NO-SCHEME", Scoring;
    ScoringOutOfRange = "E-SCORING-OUT-OF-RANGE", Scoring;
    ScoringPolicy = "E-SCORING-POLICY", Scoring;
    ScoringPeriod = "E-SCORING-PERIOD", Scoring;
    ScoringRollUp = "E-SCORING-ROLL-UP", Scoring;
    ScoringKpiInput = "E-SCORING-KPI-INPUT", Scoring;
    JournalRejected = "E-JOURNAL-REJECTED", Journal;
    JournalIncomplete = "E-JOURNAL-INCOMPLETE", Journal;
    JournalNoMatrix = "E-JOURNAL-NO-MATRIX", Journal;
    JournalPackageMismatch = "E-JOURNAL-PACKAGE-MISMATCH", Journal;
    JournalRegionMismatch = "E-JOURNAL-REGION-MISMATCH", Journal;
    JournalStalePeriod = "E-JOURNAL-STALE-PERIOD", Journal;
    JournalPeriodKind = "E-JOURNAL-PERIOD-KIND", Journal;
    JournalNotInTree = "E-JOURNAL-NOT-IN-TREE", Journal;
    JournalRoute = "E-JOURNAL-ROUTE", Journal;
    JournalStore = "E-JOURNAL-STORE", Journal;
    JournalFile = "E-JOURNAL-FILE", Journal;
    JournalDamaged = "E-JOURNAL-DAMAGED", Journal;
    JournalLocked = "E-JOURNAL-LOCKED", Journal;
    JournalShrunk = "E-JOURNAL-SHRUNK", Journal;
    JournalDatabase = "E-JOURNAL-DATABASE", Journal;
    IoRead = "E-IO-READ", Io;
    IoNotAFile = "E-IO-NOT-A-FILE", Io;
    IoMissing = "E-IO-MISSING", Io;
    IoSpreadsheet = "E-IO-SPREADSHEET", Io;
    Internal = "E-INTERNAL", Internal;
}

impl Code {
    /// What it means, in `lang`, from the message catalogue.
    pub fn meaning(self, lang: Lang) -> String {
        crate::catalogue::message::<&str>(lang, &format!("error-{}", self.as_str()), &[])
            .unwrap_or_else(|| self.as_str().to_string())
    }
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
    fn every_code_means_something_in_both_languages() {
        for code in Code::ALL {
            for lang in [Lang::Ru, Lang::En] {
                assert_ne!(code.meaning(lang), code.as_str(), "{code} in {lang}");
            }
        }
        assert_eq!(
            Code::DataRecord.meaning(Lang::Ru),
            "запись нарушает правило своей таблицы"
        );
        assert_eq!(
            Code::DataRecord.meaning(Lang::En),
            "a record breaks a rule of its table"
        );
    }

    #[test]
    fn codes_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            assert!(seen.insert(code.as_str()), "{code} twice");
        }
    }
}
