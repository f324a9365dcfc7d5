//! The envelopes of evaluations, scripts, KPI, plans, scoring tables, НОК
//! scoring, roll-ups, reports and folders, in Russian and English from the
//! catalogue. Errors are made where the engine makes them wherever a test
//! can reach that place, so that the catalogue's English is held to the
//! error's own.

use std::collections::BTreeMap;
use std::path::PathBuf;

use etalon_core::scoring::{Execution, KpiError, KpiInput, KpiRow, NokData, NokOptions, TextTable};
use etalon_core::{
    DataError, EvaluationError, FailureKind, Level, Limit, NokError, ScriptError,
    ScriptFailureCount, ScriptFailures,
};
use rust_decimal::Decimal;

use super::*;
use crate::folder::FolderError;
use crate::io::{ScoringFileError, TableProblems};
use crate::kpi::{KpiRequestError, kpi_period};
use crate::report::ReportError;

/// The envelope's message from the catalogue in English (which must be
/// its message) and in Russian (which `message_in` must give).
fn both(env: &Envelope) -> (String, String) {
    let en = env
        .catalogued(Lang::En)
        .unwrap_or_else(|| panic!("not in the catalogue: {}", env.message));
    assert_eq!(en, env.message);
    let ru = env
        .catalogued(Lang::Ru)
        .unwrap_or_else(|| panic!("not in the Russian catalogue: {}", env.message));
    assert_eq!(env.message_in(Lang::Ru), ru);
    (en, ru)
}

fn ru(env: impl Into<Envelope>) -> String {
    both(&env.into()).1
}

fn script(kind: FailureKind) -> ScriptError {
    ScriptError {
        rule: "in_term".to_string(),
        file: "scripts/formulas.rhai".to_string(),
        line: 12,
        column: 5,
        kind,
        text: None,
    }
}

#[test]
fn a_script_failure_says_in_russian_what_failed_and_where() {
    let failed = Envelope::from(EvaluationError::Script(script(FailureKind::Failed(
        "Function not found: foo (decimal)".to_string(),
    ))));
    assert_eq!(
        both(&failed),
        (
            "scripts/formulas.rhai:12:5: rule `in_term`: Function not found: foo (decimal)"
                .to_string(),
            "scripts/formulas.rhai:12:5: скрипт правила `in_term` завершился ошибкой: \
             Function not found: foo (decimal)"
                .to_string()
        )
    );
    assert_eq!(
        ru(script(FailureKind::Limit(Limit::CallDepth))),
        "scripts/formulas.rhai:12:5: скрипт правила `in_term` превысил предел (глубина вызовов) \
         и был остановлен"
    );
    assert_eq!(
        ru(script(FailureKind::Cancelled)),
        "scripts/formulas.rhai:12:5: правило `in_term`: расчёт отменён"
    );
    // Through the НОК, the same words.
    assert_eq!(
        ru(NokError::Script(script(FailureKind::Limit(
            Limit::Operations
        )))),
        "scripts/formulas.rhai:12:5: скрипт правила `in_term` превысил предел (бюджет операций) \
         и был остановлен"
    );
}

#[test]
fn many_script_failures_are_counted_in_russian_plural_forms() {
    let count = |kind, times, first: &str| ScriptFailureCount {
        error: script(kind),
        times,
        first: first.to_string(),
    };
    let all = ScriptFailures {
        failures: vec![
            count(FailureKind::Failed("no data".into()), 1, "O1 2026-09-30"),
            count(FailureKind::Limit(Limit::StringSize), 3, "O2 2026-09-30"),
        ],
        more: 3,
    };
    let (en, ru) = both(&Envelope::from(EvaluationError::Scripts(all)));
    assert_eq!(
        en,
        "5 script error(s) stopped the evaluation:\
         \n  scripts/formulas.rhai:12:5: rule `in_term`: no data (1 value(s), first: O1 2026-09-30)\
         \n  scripts/formulas.rhai:12:5: rule `in_term`: the script exceeded its string size and \
         was stopped (3 value(s), first: O2 2026-09-30)\
         \n  ... and 3 more"
    );
    assert_eq!(
        ru,
        "5 ошибок скриптов остановили расчёт:\
         \n  scripts/formulas.rhai:12:5: скрипт правила `in_term` завершился ошибкой: no data \
         (1 значение, первое: O1 2026-09-30)\
         \n  scripts/formulas.rhai:12:5: скрипт правила `in_term` превысил предел (длина строки) \
         и был остановлен (3 значения, первое: O2 2026-09-30)\
         \n  … и ещё 3"
    );
    let two = ScriptFailures {
        failures: vec![
            count(FailureKind::Failed("a".into()), 2, "O1 2026-09-30"),
            count(FailureKind::Failed("b".into()), 21, "O1 2026-09-30"),
        ],
        more: 0,
    };
    let ru = both(&Envelope::from(EvaluationError::Scripts(two))).1;
    assert!(
        ru.starts_with("2 ошибки скриптов остановили расчёт:"),
        "{ru}"
    );
    assert!(
        ru.ends_with("b (21 значение, первое: O1 2026-09-30)"),
        "{ru}"
    );
}

#[test]
fn requests_the_package_cannot_answer() {
    let m = crate::standard().unwrap();
    let none = m
        .compute_indicator("no_such", &BTreeMap::new())
        .unwrap_err();
    let env = Envelope::from(none);
    assert_eq!(env.code, Code::EvalRequest);
    assert_eq!(
        both(&env),
        (
            "there is no indicator `no_such`".to_string(),
            "в пакете правил нет показателя `no_such`".to_string()
        )
    );
    let indicator = &m.indicators()[0];
    let needs = Envelope::from(
        m.compute_indicator(&indicator.id, &BTreeMap::new())
            .unwrap_err(),
    );
    let said = both(&needs).1;
    assert!(
        said.starts_with(&format!("показателю `{}` нужна мера `", indicator.id)),
        "{said}"
    );
    assert_eq!(
        ru(kpi_period(None, None).unwrap_err()),
        "укажите оцениваемый период или оценку за него"
    );
}

#[test]
fn limits_dates_and_cancellation_of_an_evaluation() {
    let records = |records| ru(EvaluationError::TooManyRecords { records, limit: 10 });
    assert_eq!(
        records(12),
        "в наборе данных 12 записей; этот расчёт допускает не больше 10"
    );
    assert!(records(21).starts_with("в наборе данных 21 запись;"));
    assert!(records(23).starts_with("в наборе данных 23 записи;"));
    assert_eq!(
        ru(EvaluationError::DeadlineExceeded),
        "расчёт не уложился в отведённое время и был остановлен"
    );
    assert_eq!(ru(EvaluationError::Cancelled), "расчёт отменён");
    let day = |m, d| chrono::NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    assert_eq!(
        ru(EvaluationError::OutsideCoverage {
            period: "2025-Q4".parse().unwrap(),
            from: day(1, 1),
            to: day(9, 30),
        }),
        "данные охватывают даты с 2026-01-01 по 2026-09-30 (основные даты записей); \
         период 2025-Q4 лежит за их пределами"
    );
    let not_in_force = |to| EvaluationError::NotInForce {
        package: "standard 1.0.0".to_string(),
        period: "2027-Q1".parse().unwrap(),
        from: day(1, 1),
        to,
    };
    assert_eq!(
        ru(not_in_force(None)),
        "пакет правил standard 1.0.0 действует с 2026-01-01 и не действует в периоде 2027-Q1"
    );
    assert_eq!(
        ru(not_in_force(Some(day(12, 31)))),
        "пакет правил standard 1.0.0 действует с 2026-01-01 по 2026-12-31 и не действует \
         в периоде 2027-Q1"
    );
    // A folder's evaluation says the same.
    assert_eq!(
        ru(FolderError::Evaluation(EvaluationError::DeadlineExceeded)),
        "расчёт не уложился в отведённое время и был остановлен"
    );
}

#[test]
fn kpi_errors_in_each_language() {
    let m = crate::standard().unwrap();
    let mut row = KpiRow::new("O1");
    row.values
        .insert("nok:total".to_string(), Decimal::from(-1));
    let input = KpiInput {
        orgs: vec![row],
        ..KpiInput::default()
    };
    let e = m.score_kpi(&input).unwrap_err();
    assert!(matches!(e, KpiError::Input(_)), "{e:?}");
    let env = Envelope::from(KpiRequestError::Kpi(e));
    assert_eq!(env.code, Code::ScoringKpiInput);
    assert_eq!(
        both(&env),
        (
            "KPI input: `O1`, value `nok:total` = -1: values are never negative".to_string(),
            "значения для KPI: `O1`, значение `nok:total` = -1: значения не бывают отрицательными"
                .to_string()
        )
    );
    assert_eq!(
        ru(KpiError::NoScheme),
        "в пакете правил нет схемы KPI (добавьте `kpi = \"...\"` в [contents])"
    );
}

#[test]
fn executions_of_a_plan_in_each_language() {
    let read = |csv: &str| Execution::read_table(&TextTable::from_csv(csv).unwrap()).unwrap_err();
    let e = read("measure,org_id,done_on\nfirst,O1,2026-01-01\n");
    assert_eq!(
        both(&Envelope::from(e.clone())),
        (
            "executions, line 2: `measure` is the measure's number".to_string(),
            "отметки об исполнении, строка 2: в `measure` указывается номер мероприятия"
                .to_string()
        )
    );
    let from_file = Envelope::from(ScoringFileError::Executions {
        path: PathBuf::from("executions.csv"),
        error: e,
    });
    assert_eq!(
        both(&from_file).1,
        "executions.csv: отметки об исполнении, строка 2: в `measure` указывается номер мероприятия"
    );
    // A period that does not parse: the period's own words.
    assert_eq!(
        ru(read(
            "measure,org_id,done_on,period\n1,O1,2026-01-01,2026-Q5\n"
        )),
        "отметки об исполнении, строка 2: `2026-Q5` — не период; пишите 2026, 2026-H2, \
         2026-Q3 или 2026-07"
    );
}

#[test]
fn scoring_tables_in_each_language() {
    let e = TextTable::from_csv("org_id,share\nO1\n").unwrap_err();
    let env = Envelope::from(ScoringFileError::Table {
        path: PathBuf::from("shares.csv"),
        error: e,
    });
    assert_eq!(env.code, Code::DataTable);
    assert_eq!(
        both(&env),
        (
            "shares.csv, line 2: this row has 1 fields but the header has 2".to_string(),
            "shares.csv, строка 2: в этой строке 1 поле, а в заголовке 2".to_string()
        )
    );
    assert_eq!(
        ru(TextTable::from_json("[1]").unwrap_err()),
        "строка 1: запись 1 — не объект"
    );
    // The JSON reader's own words stay, after what failed.
    let broken = ru(TextTable::from_json("[{").unwrap_err());
    assert!(
        broken.starts_with("строка 1: файл JSON не читается: EOF"),
        "{broken}"
    );
    // Problems of Arrow tables: each in its own words.
    let problems = TableProblems {
        problems: vec![
            DataError::at("cases", 2, "ended_on", "expected a date")
                .with_text::<&str>("expected-date", &[]),
        ],
        stopped: false,
    };
    let ru = ru(problems);
    assert!(
        ru.ends_with("\n  cases, запись 2, поле `ended_on`: ожидалась дата"),
        "{ru}"
    );
}

#[test]
fn nok_scoring_errors_in_each_language() {
    let m = crate::standard().unwrap();
    let options = NokOptions::for_period("2026".parse().unwrap()).with_policy("zero_base", "often");
    let e = m.score_nok(&NokData::default(), &options).unwrap_err();
    assert!(matches!(e, NokError::Policy(_)), "{e:?}");
    assert_eq!(
        both(&Envelope::from(e)),
        (
            "policy: `often` is not a zero-base policy; use reweight, zero or undefined"
                .to_string(),
            "политика оценки: `often` — не правило нулевой базы; пишите reweight, zero или \
             undefined"
                .to_string()
        )
    );
    let options = NokOptions::for_period("2026".parse().unwrap()).with_policy("colour", "red");
    let unknown = ru(m.score_nok(&NokData::default(), &options).unwrap_err());
    assert!(
        unknown.starts_with("политика оценки: неизвестная политика `colour`; политики: zero_base,"),
        "{unknown}"
    );
    let e = m
        .score_nok(&NokData::default(), &NokOptions::default())
        .unwrap_err();
    assert_eq!(ru(e), "во входных данных НОК нет ни одной строки");
    assert_eq!(
        ru(NokError::OutOfRange {
            org: "O2".to_string(),
            indicator: "1.1".to_string(),
            value: Decimal::new(1201, 1),
        }),
        "показатель 1.1 даёт организации `O2` баллы 120.1, а баллы — от 0 до 100 \
         (не нужен ли показателю `cap`?)"
    );
    assert_eq!(
        ru(NokError::NoScheme),
        "в пакете правил нет схемы НОК (добавьте `nok = \"...\"` в [contents])"
    );
}

#[test]
fn report_errors_in_each_language() {
    let env = Envelope::from(ReportError::UnknownEntity {
        level: Level::Org,
        id: "O9".to_string(),
    });
    assert_eq!(env.code, Code::EvalUnknownEntity);
    assert_eq!(
        both(&env),
        (
            "there is no org `O9` in the organisation tree".to_string(),
            "в дереве организаций нет организации `O9`".to_string()
        )
    );
    assert_eq!(
        ru(ReportError::UnknownEntity {
            level: Level::Unit,
            id: "U1".to_string(),
        }),
        "в дереве организаций нет подразделения `U1`"
    );
}

#[test]
fn a_package_that_does_not_compile_in_each_language() {
    let mut files = crate::standard_files();
    let manifest = files.get("etalon.toml").unwrap().to_string();
    files.insert(
        "etalon.toml",
        manifest.replacen("[contents]", "[contents]\nextras = 1", 1),
    );
    let diagnostics = etalon_core::Methodology::compile(&files).unwrap_err();
    let env = Envelope::from(diagnostics);
    let (en, ru) = both(&env);
    assert!(
        en.starts_with("the rule package has 1 error(s) and "),
        "{en}"
    );
    assert!(ru.starts_with("в пакете правил 1 ошибка и "), "{ru}");
    // The first error as `rules check` says it (its place, then TOML's
    // own words after the Russian).
    let first = ru.split_once("; первая: etalon.toml:").map(|(_, f)| f);
    assert!(
        first.is_some_and(|f| f.contains(
            ": ошибка[toml-shape]: значение не того вида или лишний ключ: unknown field `extras`"
        )),
        "{ru}"
    );
    let counts = |errors: &str, warnings: &str| {
        catalogue::message(
            Lang::Ru,
            "eval-package-invalid",
            &[("errors", errors), ("warnings", warnings)],
        )
        .unwrap()
    };
    assert_eq!(
        counts("2", "21"),
        "в пакете правил 2 ошибки и 21 предупреждение"
    );
    assert_eq!(
        counts("5", "0"),
        "в пакете правил 5 ошибок и 0 предупреждений"
    );
}

#[test]
fn the_engines_own_words_on_a_script_failure_are_in_the_catalogue() {
    // A formula that gives text: the engine's words, not the script engine's.
    let mut files = crate::standard_files();
    let general = files.get("processes/general.toml").unwrap().to_string();
    let from = "formula = \"per_100(gen_complaints, gen_recipients)\"";
    assert_eq!(general.matches(from).count(), 1);
    files.insert(
        "processes/general.toml",
        general.replacen(
            from,
            "formula = \"if gen_recipients == 3 { \\\"x\\\" } else { 1 }\"",
            1,
        ),
    );
    let edited = etalon_core::Methodology::compile(&files).unwrap();
    let measures: BTreeMap<String, i64> = [("gen_complaints", 1), ("gen_recipients", 3)]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    let e = edited
        .compute_indicator("gen_complaints_per_100", &measures)
        .unwrap_err();
    let (en, ru) = both(&Envelope::from(e));
    assert!(
        en.ends_with(
            ": rule `gen_complaints_per_100`: the formula must give a number, found string where \
             a number was expected"
        ),
        "{en}"
    );
    assert!(
        ru.ends_with(
            ": скрипт правила `gen_complaints_per_100` завершился ошибкой: формула должна давать \
             число, а дала string"
        ),
        "{ru}"
    );
}
