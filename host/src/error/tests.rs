use std::path::PathBuf;

use etalon_core::journal::Rejection;
use etalon_core::scoring::{KpiError, NokInputError};
use etalon_core::{DataError, EvaluationError, FailureKind, Limit, NokError, ScriptError};
use rust_decimal::Decimal;

use super::*;
use crate::io::{JournalFileError, LoadError, ScoringFileError};

/// The rows of the README's table of codes: (code, family, English, Russian).
fn readme_rows() -> Vec<[String; 4]> {
    let readme = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../README.md"),
    )
    .expect("README.md beside the workspace");
    readme
        .lines()
        .filter(|l| l.starts_with("| `E-"))
        .map(|l| {
            let cells: Vec<String> = l
                .trim_matches('|')
                .split('|')
                .map(|c| c.trim().trim_matches('`').to_string())
                .collect();
            assert_eq!(cells.len(), 4, "README row `{l}` has not four cells");
            [
                cells[0].clone(),
                cells[1].clone(),
                cells[2].clone(),
                cells[3].clone(),
            ]
        })
        .collect()
}

#[test]
fn the_readme_table_lists_every_code_as_the_code_does() {
    let listed = readme_rows();
    let coded: Vec<[String; 4]> = Code::ALL
        .iter()
        .map(|c| {
            [
                c.as_str().to_string(),
                c.family().to_string(),
                c.meaning(crate::report::Lang::En),
                c.meaning(crate::report::Lang::Ru),
            ]
        })
        .collect();
    assert_eq!(listed, coded);
}

fn script(kind: FailureKind) -> ScriptError {
    ScriptError {
        rule: "in_term".to_string(),
        file: "processes/general.toml".to_string(),
        line: 12,
        column: 5,
        kind,
        text: None,
    }
}

#[test]
fn a_record_from_a_file_names_file_line_table_row_and_field() {
    let e = LoadError::Data {
        path: PathBuf::from("data/cases.csv"),
        line: Some(7),
        error: Box::new(DataError::at("cases", 6, "recipient_id", "is required")),
    };
    let env = Envelope::from(e);
    assert_eq!(env.code.as_str(), "E-DATA-RECORD");
    assert_eq!(env.family(), Family::Data);
    assert_eq!(
        env.message,
        "data/cases.csv, line 7: cases, row 6, field `recipient_id`: is required"
    );
    assert_eq!(env.fields.file.as_deref(), Some("data/cases.csv"));
    assert_eq!(env.fields.line, Some(7));
    assert_eq!(env.fields.table.as_deref(), Some("cases"));
    assert_eq!(env.fields.row, Some(6));
    assert_eq!(env.fields.field.as_deref(), Some("recipient_id"));
}

#[test]
fn a_script_failure_a_limit_and_a_cancellation_have_their_own_codes() {
    let failed = Envelope::from(EvaluationError::Script(script(FailureKind::Failed(
        "no data".to_string(),
    ))));
    assert_eq!(failed.code, Code::ScriptFailed);
    assert_eq!(
        failed.message,
        "processes/general.toml:12:5: rule `in_term`: no data"
    );
    assert_eq!(
        (
            failed.fields.file.as_deref(),
            failed.fields.line,
            failed.fields.column
        ),
        (Some("processes/general.toml"), Some(12), Some(5))
    );
    assert_eq!(failed.fields.rule.as_deref(), Some("in_term"));
    assert_eq!(failed.fields.limit, None);

    let limit = Envelope::from(script(FailureKind::Limit(Limit::CallDepth)));
    assert_eq!(limit.code.as_str(), "E-LIMIT-SCRIPT");
    assert_eq!(limit.fields.limit.as_deref(), Some("call_depth"));
    assert_eq!(
        limit.message,
        "processes/general.toml:12:5: rule `in_term`: the script exceeded its call depth and was stopped"
    );

    let cancelled = Envelope::from(script(FailureKind::Cancelled));
    assert_eq!(cancelled.code.as_str(), "E-EVAL-CANCELLED");
}

#[test]
fn host_limits_name_the_limit() {
    let records = Envelope::from(EvaluationError::TooManyRecords {
        records: 12,
        limit: 10,
    });
    assert_eq!(records.code.as_str(), "E-LIMIT-RECORDS");
    assert_eq!(records.fields.limit.as_deref(), Some("records"));
    assert_eq!(
        records.message,
        "the dataset has 12 records; this evaluation allows at most 10"
    );
    // Past the limit while reading: the same code, placed.
    let read = Envelope::from(LoadError::TooManyRecords {
        path: PathBuf::from("data/cases.csv"),
        line: Some(102),
        limit: 100,
    });
    assert_eq!(read.code, records.code);
    assert_eq!(read.fields.limit.as_deref(), Some("records"));
    assert_eq!(
        (
            read.fields.file.as_deref(),
            read.fields.table.as_deref(),
            read.fields.line
        ),
        (Some("data/cases.csv"), Some("cases"), Some(102))
    );
    assert_eq!(
        read.message,
        "data/cases.csv, line 102: more than 100 records in all tables: this host accepts at most 100"
    );
    let late = Envelope::from(EvaluationError::DeadlineExceeded);
    assert_eq!(late.code.as_str(), "E-LIMIT-DEADLINE");
    assert_eq!(late.fields.limit.as_deref(), Some("deadline"));
}

#[test]
fn a_period_not_in_force_carries_package_period_and_dates() {
    let from = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
    let env = Envelope::from(EvaluationError::NotInForce {
        package: "standard 1.0.0".to_string(),
        period: "2024-Q4".parse().unwrap(),
        from,
        to: None,
    });
    assert_eq!(env.code.as_str(), "E-EVAL-NOT-IN-FORCE");
    assert_eq!(env.family(), Family::Eval);
    assert_eq!(
        env.message,
        "the methodology standard 1.0.0 is in force from 2026-01-01, not in 2024-Q4"
    );
    assert_eq!(env.fields.package.as_deref(), Some("standard 1.0.0"));
    assert_eq!(env.fields.period.as_deref(), Some("2024-Q4"));
    assert_eq!(env.fields.in_force_from, Some(from));
    assert_eq!(env.fields.in_force_to, None);
}

#[test]
fn a_package_that_does_not_compile_lists_its_diagnostics() {
    let files = etalon_core::PackageFiles::from_iter([(
        "etalon.toml".to_string(),
        "[package]\nid = 1\n".to_string(),
    )]);
    let diagnostics = etalon_core::Methodology::compile(&files).unwrap_err();
    let count = diagnostics.iter().count();
    let env = Envelope::from(diagnostics);
    assert_eq!(env.code.as_str(), "E-PACKAGE-INVALID");
    assert_eq!(env.diagnostics.len(), count);
    assert!(
        env.message.starts_with("the rule package has "),
        "{}",
        env.message
    );
    assert_eq!(env.fields.file.as_deref(), Some("etalon.toml"));
}

#[test]
fn nok_input_from_a_file_names_the_file_and_from_rows_the_row() {
    let mut input = NokInputError::new("negative", "a count is never negative");
    input.line = Some(4);
    input.org = Some("O1".to_string());
    input.column = Some("info_stands".to_string());
    input.value = Some("-1".to_string());
    let from_file = Envelope::from(ScoringFileError::Nok {
        path: PathBuf::from("counts.csv"),
        error: Box::new(NokError::Input(input.clone())),
    });
    assert_eq!(from_file.code.as_str(), "E-DATA-NOK-INPUT");
    assert_eq!(
        from_file.message,
        "counts.csv: НОК input, line 4, organisation `O1`, column `info_stands` = -1: a count is never negative"
    );
    assert_eq!(from_file.fields.table.as_deref(), Some("nok"));
    assert_eq!(from_file.fields.file.as_deref(), Some("counts.csv"));
    assert_eq!(
        (from_file.fields.line, from_file.fields.row),
        (Some(4), None)
    );
    assert_eq!(from_file.fields.organisation.as_deref(), Some("O1"));
    assert_eq!(from_file.fields.field.as_deref(), Some("info_stands"));

    let given = Envelope::from(NokError::Input(input))
        .in_table("nok_facts")
        .as_given_rows();
    assert_eq!((given.fields.line, given.fields.row), (None, Some(4)));
    assert_eq!(given.fields.table.as_deref(), Some("nok_facts"));
}

#[test]
fn scoring_errors_name_organisation_and_indicator() {
    let env = Envelope::from(NokError::OutOfRange {
        org: "O2".to_string(),
        indicator: "1.1".to_string(),
        value: Decimal::new(1201, 1),
    });
    assert_eq!(env.code.as_str(), "E-SCORING-OUT-OF-RANGE");
    assert_eq!(env.fields.organisation.as_deref(), Some("O2"));
    assert_eq!(env.fields.indicator.as_deref(), Some("1.1"));
    assert_eq!(
        Envelope::from(KpiError::NoScheme).code.as_str(),
        "E-SCORING-NO-SCHEME"
    );
    let shares = Envelope::from(ScoringFileError::Shares {
        path: PathBuf::from("shares.csv"),
        line: 3,
        message: "a share is 0..100, not 140".to_string(),
        text: None,
    });
    assert_eq!(shares.code.as_str(), "E-DATA-SHARES");
    assert_eq!(
        shares.message,
        "shares.csv, line 3: a share is 0..100, not 140"
    );
    assert_eq!(
        (shares.fields.table.as_deref(), shares.fields.line),
        (Some("shares"), Some(3))
    );
}

#[test]
fn journal_errors_name_deviation_event_file_and_line() {
    let refused = Envelope::from(etalon_core::JournalError::Rejected(Rejection::new(
        "close",
        "in_term@org:O1@2026-Q3",
        etalon_core::Text::new::<&str>("already-closed", &[]),
        "it is already closed",
    )));
    assert_eq!(refused.code.as_str(), "E-JOURNAL-REJECTED");
    assert_eq!(
        refused.message,
        "`close` refused for deviation `in_term@org:O1@2026-Q3`: it is already closed"
    );
    assert_eq!(
        refused.fields.deviation.as_deref(),
        Some("in_term@org:O1@2026-Q3")
    );
    assert_eq!(refused.fields.event.as_deref(), Some("close"));

    let damaged = Envelope::from(JournalFileError::Damaged {
        path: PathBuf::from("journal.jsonl"),
        error: etalon_core::journal::codec::LineError {
            line: 3,
            offset: 400,
            problem: etalon_core::journal::codec::LineProblem::HashMismatch,
        },
    });
    assert_eq!(damaged.code.as_str(), "E-JOURNAL-DAMAGED");
    assert_eq!(
        (damaged.fields.file.as_deref(), damaged.fields.line),
        (Some("journal.jsonl"), Some(3))
    );
    assert!(
        damaged
            .message
            .starts_with("journal.jsonl: line 3: the hash does not match")
    );
}

#[test]
fn a_missing_file_is_io_and_a_panic_is_internal() {
    let missing = Envelope::from(LoadError::Missing {
        path: PathBuf::from("data"),
        message: "no units.csv".to_string(),
        text: None,
    });
    assert_eq!(missing.code.as_str(), "E-IO-MISSING");
    assert_eq!(missing.family(), Family::Io);
    assert_eq!(missing.message, "data: no units.csv");
    assert_eq!(missing.fields.file.as_deref(), Some("data"));
    let internal = Envelope::internal("index out of bounds");
    assert_eq!(internal.code.as_str(), "E-INTERNAL");
    assert_eq!(
        internal.message,
        "internal error in the etalon engine (index out of bounds); please report it with the input that caused it"
    );
}

#[test]
fn an_envelope_says_its_message_in_each_language() {
    let period = Envelope::from("2026-Q5".parse::<etalon_core::Period>().unwrap_err());
    assert_eq!(period.message_in(Lang::En), period.message);
    assert_eq!(
        period.catalogued(Lang::En).as_deref(),
        Some(period.message.as_str())
    );
    assert_eq!(
        period.message_in(Lang::Ru),
        "`2026-Q5` — не период; пишите 2026, 2026-H2, 2026-Q3 или 2026-07"
    );
    // A record of a data file: the place from the fields, then the words.
    let record = Envelope::from(LoadError::Data {
        path: PathBuf::from("data/cases.csv"),
        line: Some(7),
        error: Box::new(
            DataError::at("cases", 6, "recipient_id", "a required value is missing")
                .with_text::<&str>("value-missing", &[]),
        ),
    });
    assert_eq!(
        record.catalogued(Lang::En).as_deref(),
        Some(record.message.as_str())
    );
    assert_eq!(
        record.message_in(Lang::Ru),
        "data/cases.csv, строка 7: cases, запись 6, поле `recipient_id`: нет обязательного значения"
    );
    // Without a catalogue message: the code's meaning, then the English.
    let plain = Envelope::new(Code::JournalLocked, "journal.jsonl: locked");
    assert_eq!(plain.catalogued(Lang::Ru), None);
    assert_eq!(
        plain.message_in(Lang::Ru),
        "другой процесс удерживал журнал дольше времени ожидания; ничего не записано: journal.jsonl: locked"
    );
}
