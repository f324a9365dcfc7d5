//! Scoring end to end: the standard package's test cases, the commands
//! `score nok`, `score kpi`, `plan status` and `rules test` run for real,
//! and the KPI of a generated region.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use etalon::scoring::{KpiSources, NokOptions, Plan, PlanOrg};
use etalon::{Level, Period};

use crate::support::{evaluate_last, mid_region, standard};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn etalon(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_etalon"))
        // The messages asserted are the English ones.
        .env("LC_ALL", "en_US.UTF-8")
        .args(args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "etalon {args:?} panicked:\n{stderr}"
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// What `etalon rules test` prints of `package`, whose cases fail (exit 1),
/// in English and in Russian.
fn failing_rules_test_in_each_language(package: &str) -> [String; 2] {
    ["en", "ru"].map(|lang| {
        let out = etalon(&["--lang", lang, "rules", "test", package]);
        assert_eq!(out.status.code(), Some(1), "{}", err(&out));
        text(&out)
    })
}

#[test]
fn the_standard_package_passes_its_own_test_cases() {
    let files = etalon::standard_files();
    let m = standard();
    let report = etalon::run_tests(&m, &files);
    assert!(report.passed(), "{report}");
    assert!(report.cases.len() >= 9, "{report}");
    let names: Vec<&str> = report.cases.iter().map(|c| c.file.as_str()).collect();
    for case in [
        "tests/nok/worked_example.toml",
        "tests/nok/caps.toml",
        "tests/nok/zero_base_reweight.toml",
        "tests/nok/zero_base_zero.toml",
        "tests/nok/zero_base_undefined.toml",
        "tests/nok/region.toml",
        "tests/kpi/directors.toml",
        "tests/indicators/aids_loan.toml",
        "tests/indicators/counselling.toml",
        "tests/indicators/day_care.toml",
        "tests/indicators/disability_rehab.toml",
        "tests/indicators/home_care.toml",
        "tests/indicators/material_aid.toml",
        "tests/indicators/residential_care.toml",
        "tests/indicators/social_taxi.toml",
        "tests/indicators/temporary_shelter.toml",
        "tests/indicators/urgent_service.toml",
    ] {
        assert!(names.contains(&case), "{case} missing: {names:?}");
    }
    // An evaluation case for every process the package judges.
    let m = standard();
    for process in m.processes() {
        if process.id == "general" {
            continue;
        }
        let case = format!("tests/evaluations/{}.toml", process.id);
        assert!(names.contains(&case.as_str()), "{case} missing: {names:?}");
    }
}

/// The material-aid evaluation case with `edit` applied, run.
/// The material aid evaluation case run with one of its files (the case,
/// or a table of its folder) edited.
fn material_aid_case(file: &str, edit: impl Fn(String) -> String) -> etalon::scoring::CaseResult {
    let mut files = etalon::standard_files();
    let path = format!("tests/evaluations/{file}");
    let text = edit(
        files
            .get(&path)
            .expect("the material aid case's file")
            .to_string(),
    );
    files.insert(&path, text);
    let report = etalon::run_tests(&standard(), &files);
    report
        .cases
        .into_iter()
        .find(|c| c.file == "tests/evaluations/material_aid.toml")
        .expect("the case ran")
}

#[test]
fn an_evaluation_case_passes_and_fails_with_a_diff_of_deviations() {
    let c = material_aid_case("material_aid.toml", |s| s);
    assert!(c.passed(), "{c:?}");
    // Four deviations with their owners, and the count.
    assert_eq!(c.checks, 9);
    let c = material_aid_case("material_aid.toml", |s| {
        s.replacen(
            "owner = \"director@org:O1\"",
            "owner = \"quality_officer\"",
            1,
        )
        .replacen(
            "entity = \"group:G1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"critical\"",
            "entity = \"group:G1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"warning\"",
            1,
        )
        .replacen("entity = \"region:R\"", "entity = \"region:X\"", 1)
        .replacen("deviations = 4", "deviations = 3", 1)
    });
    let report = etalon::scoring::TestReport { cases: vec![c] };
    assert_eq!(
        report.to_string(),
        "FAILED tests/evaluations/material_aid.toml — Материальная помощь: одно решение из пяти позже срока\n\
         \x20        owner      org:O1 ma_decided_in_term    expected quality_officer got director@org:O1\n\
         \x20        severity   group:G1 ma_decided_in_term  expected warning      got critical\n\
         \x20        missing    region:X ma_decided_in_term  expected critical     got no deviation\n\
         \x20        unexpected region:R ma_decided_in_term  expected no deviation got critical\n\
         \x20        count of all deviations                 expected 3            got 4\n\
         1 case(s): 0 passed, 1 failed\n"
    );
    // A late decision moved into the term: the deviations disappear.
    let c = material_aid_case("material_aid/cases.csv", |s| {
        s.replace(
            "2026-07-20,granted,,2026-07-22",
            "2026-07-08,granted,,2026-07-10",
        )
    });
    let missing: Vec<String> = c.failures.iter().map(|m| m.at_en()).collect();
    assert_eq!(
        missing,
        [
            "missing    unit:U1 ma_decided_in_term",
            "missing    org:O1 ma_decided_in_term",
            "missing    group:G1 ma_decided_in_term",
            "missing    region:R ma_decided_in_term",
            "count of all deviations",
        ]
    );
}

#[test]
fn an_evaluation_case_with_a_bad_table_or_indicator_says_where() {
    let c = material_aid_case("material_aid/cases.csv", |s| {
        s.replacen("MA3,material_aid,U1,", "MA3,material_aid,U7,", 1)
    });
    let error = c.error.as_deref().unwrap_or_default();
    assert!(
        error.starts_with(
            "tests/evaluations/material_aid/cases.csv, line 4: cases, row 3, field `unit_id`"
        ),
        "{error}"
    );
    let c = material_aid_case("material_aid.toml", |s| {
        s.replacen(
            "indicator = \"ma_decided_in_term\"",
            "indicator = \"ma_decided_in_trem\"",
            1,
        )
    });
    assert_eq!(
        c.error.as_deref(),
        Some(
            "a [[deviation]] names `ma_decided_in_trem`, which is not an indicator of the package"
        )
    );
}

#[test]
fn rules_check_reads_evaluation_cases_with_their_lines() {
    let mut files = etalon::standard_files();
    let bad = "[case]\nname = \"x\"\nkind = \"evaluation\"\ndata = \"nowhere\"\n\n\
               [[deviation]]\nentity = \"unit:U1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"severe\"\n\n\
               [[deviation]]\nentity = \"U1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"warning\"\nwho = \"x\"\n\n\
               [[deviation]]\nentity = \"U1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"warning\"\n";
    files.insert("tests/evaluations/bad.toml", bad);
    assert_eq!(
        test_file_findings(&files),
        [
            "tests/evaluations/bad.toml:1 the case reads the folder `nowhere`, but `tests/evaluations/nowhere/units.csv` is not in the package",
            "tests/evaluations/bad.toml:1 an evaluation case gives the `period` evaluated (`period = \"2026-Q3\"`)",
            "tests/evaluations/bad.toml:9 unknown variant `severe`, expected `warning` or `critical`",
            "tests/evaluations/bad.toml:15 unknown field `who`, expected one of `entity`, `indicator`, `severity`, `owner`, `rule`",
            "tests/evaluations/bad.toml:17 `entity` = `U1`: write level:id (unit:U1, org:O1, group:G1, region:R)",
        ]
    );
}

#[test]
fn an_indicator_case_fails_with_a_diff_per_field() {
    let mut files = etalon::standard_files();
    let case = files
        .get("tests/indicators/aids_loan.toml")
        .expect("the aids loan case")
        .replacen(
            "value = 92.5\njudgement = \"warning\"",
            "value = 92.4\njudgement = \"normal\"",
            1,
        );
    files.insert("tests/indicators/aids_loan.toml", case);
    let report = etalon::run_tests(&standard(), &files);
    let c = report
        .cases
        .iter()
        .find(|c| c.file == "tests/indicators/aids_loan.toml")
        .expect("the case ran");
    assert_eq!(c.checks, 8);
    let diff: Vec<(String, String, String)> = c
        .failures
        .iter()
        .map(|m| (m.at_en(), m.expected.to_string(), m.got.to_string()))
        .collect();
    assert_eq!(
        diff,
        [
            ("given 2, value", "92.4", "92.5"),
            ("given 2, judgement", "normal", "warning")
        ]
        .map(|(a, e, g)| (a.to_string(), e.to_string(), g.to_string()))
    );
    let text = report.to_string();
    assert!(
        text.contains("given 2, judgement  expected normal       got warning"),
        "{text}"
    );
    // A measure the package does not have is refused, with a suggestion.
    let mut files = etalon::standard_files();
    let case = files
        .get("tests/indicators/aids_loan.toml")
        .expect("the aids loan case")
        .replacen("al_requests = 20", "al_request = 20", 1);
    files.insert("tests/indicators/aids_loan.toml", case);
    let report = etalon::run_tests(&standard(), &files);
    let c = report
        .cases
        .iter()
        .find(|c| c.file == "tests/indicators/aids_loan.toml")
        .expect("the case ran");
    assert_eq!(
        c.error.as_deref(),
        Some(
            "given row 1: `al_request` is not a measure of the package; did you mean `al_requests`?"
        )
    );
}

/// An expected value of an indicator case is a number or the case cannot
/// run: `92,5` (a decimal comma) is refused, not compared as zero; the
/// exponent form TOML allows is a number.
#[test]
fn an_indicator_case_refuses_an_expected_value_that_is_no_number() {
    let run = |from: &str, to: &str| {
        let mut files = etalon::standard_files();
        let case = files
            .get("tests/indicators/aids_loan.toml")
            .expect("the aids loan case")
            .replacen(from, to, 1);
        files.insert("tests/indicators/aids_loan.toml", case);
        let report = etalon::run_tests(&standard(), &files);
        report
            .cases
            .into_iter()
            .find(|c| c.file == "tests/indicators/aids_loan.toml")
            .expect("the case ran")
    };
    let comma = run("value = 92.5", "value = \"92,5\"");
    assert_eq!(
        comma.error.as_deref(),
        Some("given row 2: the expected `value` = `92,5` is not a number (write a point: 0.5)")
    );
    let exponent = run("value = 92.5", "value = 9.25e1");
    assert_eq!((exponent.error, exponent.failures.len()), (None, 0));
    let wrong = run("value = 92.5", "value = 9.24e1");
    assert_eq!(
        wrong
            .failures
            .iter()
            .map(|m| (m.expected.to_string(), m.got.to_string()))
            .collect::<Vec<_>>(),
        [("9.24e1".to_string(), "92.5".to_string())]
    );
}

/// The test files of a package, checked as `rules check` does.
fn test_file_findings(files: &etalon::PackageFiles) -> Vec<String> {
    let diags = etalon::Methodology::compile(files).expect_err("bad test files");
    diags
        .iter()
        .filter(|d| d.file.starts_with("tests/"))
        .map(|d| format!("{}:{} {}", d.file, d.line, d.message))
        .collect()
}

#[test]
fn rules_check_reads_the_test_cases() {
    // A test file that does not parse is reported first and alone.
    let mut files = etalon::standard_files();
    let case = files
        .get("tests/indicators/day_care.toml")
        .expect("the day care case")
        .replacen(
            "dc_visits_planned = 50\n",
            "dc_visits_planned = 50\ndc_visits_planned = 51\n",
            1,
        );
    files.insert("tests/indicators/day_care.toml", case);
    let odd = "[case]\nname = \"x\"\nkind = \"indicatr\"\n[expected]\n";
    files.insert("tests/indicators/odd.toml", odd);
    assert_eq!(
        test_file_findings(&files),
        ["tests/indicators/day_care.toml:15 this file is not valid TOML: duplicate key"]
    );
    // Once every file parses, each wrong kind and section is named.
    let mut files = etalon::standard_files();
    files.insert("tests/indicators/odd.toml", odd);
    assert_eq!(
        test_file_findings(&files),
        [
            "tests/indicators/odd.toml:1 unknown kind `indicatr` of a test case; the kinds are nok, kpi, indicator, evaluation",
            "tests/indicators/odd.toml:4 unknown section `expected`; this file may hold: case, row, group, given, deviation, expect",
        ]
    );
}

#[test]
fn a_kpi_case_value_that_feeds_no_item_is_refused() {
    let mut files = etalon::standard_files();
    let case = files
        .get("tests/kpi/directors.toml")
        .expect("the directors case")
        .replacen(
            "\"indicator:gen_audit_plan\" = 100",
            "\"indicator:gen_audit_plna\" = 100",
            1,
        );
    files.insert("tests/kpi/directors.toml", case);
    let report = etalon::run_tests(&standard(), &files);
    let c = report
        .cases
        .iter()
        .find(|c| c.file == "tests/kpi/directors.toml")
        .expect("the case ran");
    assert_eq!(
        c.error.as_deref(),
        Some(
            "`indicator:gen_audit_plna` feeds no item of the KPI scheme, so the case would not test it; did you mean `indicator:gen_audit_plan`?"
        ),
        "{report}"
    );
}

#[test]
fn rules_test_passes_and_fails_with_a_readable_diff() {
    let out = etalon(&["rules", "test", "rules"]);
    assert_eq!(out.status.code(), Some(0), "{}{}", text(&out), err(&out));
    assert!(text(&out).contains("passed, 0 failed"), "{}", text(&out));

    // A copy of the package with one expected figure altered.
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("rules"), dir.path());
    let case = dir.path().join("tests/nok/worked_example.toml");
    let altered = std::fs::read_to_string(&case)
        .unwrap()
        .replace("k4 = 96.75", "k4 = 96.57");
    std::fs::write(&case, altered).unwrap();
    let package = dir.path().to_string_lossy().to_string();
    let out = etalon(&["rules", "test", &package]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(t.contains("FAILED"), "{t}");
    assert!(t.contains("tests/nok/worked_example.toml"), "{t}");
    assert!(t.contains("org A, k4"), "{t}");
    assert!(t.contains("expected 96.57"), "{t}");
    assert!(t.contains("got 96.75"), "{t}");
    assert!(t.contains("1 failed"), "{t}");

    // The same outcome in Russian, its outcome column wide enough for
    // «НЕ ПРОЙДЕН».
    let out = etalon(&["--lang", "ru", "rules", "test", &package]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
    let t = text(&out);
    assert!(
        t.contains(&format!(
            "НЕ ПРОЙДЕН {package}/tests/nok/worked_example.toml — "
        )),
        "{t}"
    );
    assert!(
        t.contains("\n             org A, k4  ожидалось 96.57        получено 96.75\n"),
        "{t}"
    );
    assert!(
        t.contains("\nпройден    ") && t.contains(" (проверок: 9)\n"),
        "{t}"
    );
    assert!(
        t.ends_with(", не пройдено: 1\n") && t.contains("\nтестовых случаев: "),
        "{t}"
    );
}

/// Every word a failing case prints is in the language asked: the checks
/// of an evaluation case, no value, no such figure and a rounded figure
/// with its exact value; the values stay as the case writes them.
#[test]
fn rules_test_says_a_failing_case_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("rules"), dir.path());
    let nok = dir.path().join("tests/nok/worked_example.toml");
    let altered = std::fs::read_to_string(&nok)
        .unwrap()
        .replace("k4 = 96.75", "k4 = \"none\"")
        .replace("total = 88.7656", "total = 88.76")
        .replace("k5 = 94.3", "k5 = 94.3\nk9 = 1");
    std::fs::write(&nok, altered).unwrap();
    let evaluation = dir.path().join("tests/evaluations/material_aid.toml");
    let altered = std::fs::read_to_string(&evaluation)
        .unwrap()
        .replacen(
            "owner = \"director@org:O1\"",
            "owner = \"quality_officer\"",
            1,
        )
        .replacen(
            "entity = \"group:G1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"critical\"",
            "entity = \"group:G1\"\nindicator = \"ma_decided_in_term\"\nseverity = \"warning\"",
            1,
        )
        .replacen("entity = \"region:R\"", "entity = \"region:X\"", 1)
        .replacen("deviations = 4", "deviations = 3", 1);
    std::fs::write(&evaluation, altered).unwrap();
    let package = dir.path().to_string_lossy().to_string();
    let said = failing_rules_test_in_each_language(&package);
    for line in [
        "         owner      org:O1 ma_decided_in_term    expected quality_officer got director@org:O1\n",
        "         severity   group:G1 ma_decided_in_term  expected warning      got critical\n",
        "         missing    region:X ma_decided_in_term  expected critical     got no deviation\n",
        "         unexpected region:R ma_decided_in_term  expected no deviation got critical\n",
        "         count of all deviations                 expected 3            got 4\n",
        "         org A, k4     expected no value     got 96.75\n",
        "         org A, k9     expected 1            got no such figure\n",
        "         org A, total  expected 88.76        got 88.77 (exactly 88.76555556…)\n",
    ] {
        assert!(said[0].contains(line), "{line}in\n{}", said[0]);
    }
    for line in [
        "             ответственный org:O1 ma_decided_in_term    ожидалось quality_officer получено director@org:O1\n",
        "             тяжесть       group:G1 ma_decided_in_term  ожидалось warning      получено critical\n",
        "             не найдено    region:X ma_decided_in_term  ожидалось critical     получено нет отклонения\n",
        "             лишнее        region:R ma_decided_in_term  ожидалось нет отклонения получено critical\n",
        "             число всех отклонений                      ожидалось 3            получено 4\n",
        "             org A, k4     ожидалось нет значения получено 96.75\n",
        "             org A, k9     ожидалось 1            получено нет такой величины\n",
        "             org A, total  ожидалось 88.76        получено 88.77 (точно 88.76555556…)\n",
    ] {
        assert!(said[1].contains(line), "{line}in\n{}", said[1]);
    }
    for english in [
        "no value",
        "no such figure",
        "exactly",
        "missing",
        "count of",
    ] {
        assert!(!said[1].contains(english), "{english} in\n{}", said[1]);
    }
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

#[test]
fn score_tables_speak_the_language_asked() {
    let nok = [
        "score",
        "nok",
        "--data",
        "examples/data",
        "--period",
        "2025",
    ];
    let out = etalon(&[&["--lang", "en"], &nok[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains("\n rank  org             K1     K2     K3     K4     K5  total  name\n"),
        "{t}"
    );
    let out = etalon(&[&["--lang", "ru"], &nok[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(t.contains("\nоценено организаций: 4\n"), "{t}");
    // The rank column widens for «место»; the rows follow it.
    assert!(
        t.contains("\n место  орг.            K1     K2     K3     K4     K5  итого  название\n"),
        "{t}"
    );
    assert!(t.contains("\n     1  O002         90.31"), "{t}");
    assert!(t.contains("\nРегион  SVR          86.89"), "{t}");
    assert!(!t.contains("Groups"), "{t}");

    let kpi = [
        "score",
        "kpi",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--explain",
        "O004",
    ];
    let out = etalon(&[&["--lang", "en"], &kpi[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains(
            "\nDirectors of organisations\n rank  in grp  id         points     max       %  name\n"
        ),
        "{t}"
    );
    let out = etalon(&[&["--lang", "ru"], &kpi[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains("\nДиректора организаций\n место  в группе  код         баллы   макс.       %  название\n"),
        "{t}"
    );
    assert!(
        t.contains("\n     1         1  O004         40.0    45.0    88.9  "),
        "{t}"
    );
    assert!(
        t.contains("\nO004 СРЦН «Екатеринбург (Железнодорожный)» № 1: 40.0 из 45.0 баллов\n"),
        "{t}"
    );
    assert!(t.contains(" =   15.0 из   15.0  "), "{t}");
}

#[test]
fn notes_rules_and_targets_speak_the_language_asked() {
    let nok = [
        "score",
        "nok",
        "--data",
        "examples/data",
        "--period",
        "2025",
    ];
    let out = etalon(&[&["--lang", "ru"], &nok[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains("\nГде правило расчёта изменило значение\n  O001       [cap] 1.2: 120 баллов, ограничено до 100\n"),
        "{t}"
    );
    assert!(
        t.contains("\n  O002       [cap] 1.2: 150 баллов, ограничено до 100\n"),
        "{t}"
    );
    assert!(!t.contains("capped at") && !t.contains("points"), "{t}");
    assert!(
        t.contains("\n  rounding         2 знака после запятой, half_away_from_zero\n")
            && t.contains("\n  bands            нет\n"),
        "{t}"
    );
    let out = etalon(&[&["--lang", "en"], &nok[..]].concat());
    let t = text(&out);
    assert!(
        t.contains("\n  rounding         2 decimals, half_away_from_zero\n")
            && t.contains("\n  bands            none\n"),
        "{t}"
    );
    assert!(
        t.contains("\n  O001       [cap] 1.2: 120 points capped at 100\n"),
        "{t}"
    );

    let kpi = |lang: &str, who: &str| {
        let out = etalon(&[
            "--lang",
            lang,
            "score",
            "kpi",
            "--data",
            "examples/data",
            "--period",
            "2026-Q3",
            "--explain",
            who,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
        text(&out)
    };
    let t = kpi("ru", "O004");
    let explained = &t[t.find("\nO004 ").unwrap()..];
    for line in [
        "  occupancy                       —     0.0 × 1 =    0.0 из    0.0  только для: residential\n",
        "  satisfaction                 98.9     5.0 × 1 =    5.0 из   10.0  ≥ 95 → 5\n",
        "  deviations_closed               —     0.0 × 1 =    0.0 из    0.0  нет значения (нет значения: показатель не учитывается (missing = not_applicable))\n",
    ] {
        assert!(explained.contains(line), "{line}\n{explained}");
    }
    for english in ["applies to", "no value", "does not count"] {
        assert!(!explained.contains(english), "{english}: {explained}");
    }
    let t = kpi("ru", "G01");
    assert!(
        t.contains("10.0 из   10.0  среднее по 2 директорам\n"),
        "{t}"
    );
    assert!(
        t.contains("10.0 из   20.0  среднее по 1 директору\n"),
        "{t}"
    );
    assert!(!t.contains("mean over"), "{t}");
    let t = kpi("en", "O004");
    assert!(
        t.contains("0.0 of    0.0  no value (no value: the item does not count (missing = not_applicable))\n"),
        "{t}"
    );
    assert!(
        t.contains("0.0 of    0.0  applies to residential only\n"),
        "{t}"
    );

    let plan = |lang: &str| {
        let out = etalon(&[
            "--lang",
            lang,
            "plan",
            "status",
            "--plan",
            "examples/plans/seed003_moscow_2017.toml",
            "--executions",
            "examples/plans/seed003_executions.csv",
            "--data",
            "examples/data",
            "--on",
            "2018-10-15",
            "--period",
            "2026-Q3",
            "--baseline",
            "2026-Q2",
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
        text(&out)
    };
    let t = plan("ru");
    assert!(
        t.contains("\n   9 O001     nok:3.1                                    40 (база       40) цель выше базы              НЕ достигнута\n"),
        "{t}"
    );
    assert!(
        t.contains(" (база     0.37) цель ниже базы              НЕ достигнута\n"),
        "{t}"
    );
    assert!(!t.contains("baseline"), "{t}");
    let t = plan("en");
    assert!(
        t.contains(" (baseline     0.37) target below the baseline     NOT reached\n"),
        "{t}"
    );
}

#[test]
fn score_nok_from_counts_and_from_a_data_folder() {
    let out = etalon(&[
        "score",
        "nok",
        "--data",
        "rules/tests/nok/worked_example.csv",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains("87.28  88.50  77.00  96.75  94.30  88.77"),
        "{t}"
    );
    assert!(t.contains("zero_base        reweight"), "{t}");

    let out = etalon(&[
        "score",
        "nok",
        "--data",
        "rules/tests/nok/zero_base.csv",
        "--policy",
        "zero_base=zero",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let z1 = v["organisations"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["org"] == "Z1")
        .unwrap();
    assert_eq!(z1["criteria"][2]["value"], "50");
    assert_eq!(z1["notes"][0]["policy"], "zero_base");

    let out = etalon(&[
        "score",
        "nok",
        "--data",
        "examples/data",
        "--period",
        "2025",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(t.contains("4 organisation(s) assessed"), "{t}");
    assert!(t.contains("Region SVR"), "{t}");

    let out = etalon(&["score", "nok", "--data", "examples/data"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("--period"), "{}", err(&out));
}

#[test]
fn bad_nok_input_is_one_line_naming_organisation_column_and_value() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("counts.csv");
    let text = std::fs::read_to_string(root().join("rules/tests/nok/worked_example.csv"))
        .unwrap()
        .replace(",97,100,98,100,", ",101,100,98,100,");
    std::fs::write(&file, text).unwrap();
    let out = etalon(&["score", "nok", "--data", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    let e = err(&out);
    assert!(
        e.contains("organisation `A`, column `polite_first_satisfied` = 101: more than polite_first_base (100)"),
        "{e}"
    );
    assert_eq!(e.lines().count(), 1, "{e}");

    let missing = std::fs::read_to_string(root().join("rules/tests/nok/worked_example.csv"))
        .unwrap()
        .replacen("overall_base", "overall_bas", 1);
    std::fs::write(&file, missing).unwrap();
    let out = etalon(&["score", "nok", "--data", &file.to_string_lossy()]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("column `overall_bas`"), "{}", err(&out));
    assert!(
        err(&out).contains("did you mean `overall_base`"),
        "{}",
        err(&out)
    );
}

#[test]
fn plan_status_of_the_sample_plan() {
    let out = etalon(&[
        "plan",
        "status",
        "--plan",
        "examples/plans/seed003_moscow_2017.toml",
        "--executions",
        "examples/plans/seed003_executions.csv",
        "--data",
        "examples/data",
        "--on",
        "2018-10-15",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains("O002") && t.contains("overdue measures: 22"),
        "{t}"
    );
    assert!(
        t.contains("O004") && t.contains("overdue measures: 13"),
        "{t}"
    );
    assert!(
        t.contains("12 late     due 2018-06-30 done 2018-07-10"),
        "{t}"
    );

    // In Russian: the same lines in the words of the field.
    let out = etalon(&[
        "--lang",
        "ru",
        "plan",
        "status",
        "--plan",
        "examples/plans/seed003_moscow_2017.toml",
        "--executions",
        "examples/plans/seed003_executions.csv",
        "--data",
        "examples/data",
        "--on",
        "2018-10-15",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(t.contains(" — состояние на 2018-10-15\n"), "{t}");
    assert!(
        t.contains("\nсроков исполнения соблюдено: 242 из 248 (97.6 %)\n"),
        "{t}"
    );
    assert!(
        t.contains(
            "\nO002      65 из  67 сроков соблюдено (97.0 %)  просроченные мероприятия: 22  "
        ),
        "{t}"
    );
    assert!(
        t.contains("\n    12 с опозд. срок 2018-06-30, исполнено 2018-07-10: "),
        "{t}"
    );
    assert!(t.contains("\n    22 ПРОСРОЧ. срок 2018-09-30: "), "{t}");

    // The sample encodes seed 003 faithfully: five criteria groups.
    let plan = Plan::from_toml(
        "plan",
        &std::fs::read_to_string(root().join("examples/plans/seed003_moscow_2017.toml")).unwrap(),
    )
    .unwrap();
    assert_eq!(plan.groups.len(), 5);
    assert_eq!(plan.measures.len(), 22);
    assert_eq!(
        plan.measure(17).unwrap().term,
        etalon::scoring::Term::Individual
    );
    assert!(plan.check(&standard()).is_empty());
    let m22 = plan.measure(22).unwrap();
    assert!(
        m22.result
            .as_deref()
            .unwrap()
            .contains("на 100 получателей социальных услуг")
    );
}

#[test]
fn kpi_of_a_generated_region_explains_every_total() {
    let (_, data) = mid_region();
    let m = standard();
    let evaluation = evaluate_last(&m, &data);
    let region = etalon::generate::generate(&etalon::generate::RegionSpec {
        groups: 6,
        non_residential: 5,
        residential: 3,
        family_children: 4,
        scale: 0.5,
        ..etalon::generate::RegionSpec::region(7)
    });
    let facts: Vec<etalon::scoring::NokRow> = region
        .nok_facts
        .iter()
        .filter(|f| f.year == 2026)
        .map(|f| {
            let mut r = etalon::scoring::NokRow::new(f.org.clone(), "2026".parse().unwrap());
            for (k, v) in &f.values {
                r = r.with(k, *v);
            }
            r
        })
        .collect();
    let year: Period = "2026".parse().unwrap();
    let input = m
        .nok_from_surveys(&data, year, facts, &NokOptions::default())
        .unwrap();
    let nok = m.score_nok(&input, &NokOptions::default()).unwrap();
    assert_eq!(nok.organisations.len(), data.tree().count(Level::Org));
    let kpi_input = m
        .kpi_input(&KpiSources {
            tree: data.tree(),
            evaluation: Some(&evaluation),
            nok: Some(&nok),
            journal: None,
            plans: None,
        })
        .unwrap();
    let scores = m.score_kpi(&kpi_input).unwrap();
    assert_eq!(scores.directors.len(), data.tree().count(Level::Org));
    assert_eq!(scores.heads.len(), data.tree().count(Level::Group));
    for d in &scores.directors {
        let sum: rust_decimal::Decimal = d.items.iter().map(|i| i.weighted).sum();
        assert_eq!(sum, d.points, "{}", d.id);
        assert!(d.points <= d.max_points, "{}", d.id);
        assert!(d.rank.is_some() && d.rank_in_group.is_some());
        // Residential organisations are scored on occupancy each quarter.
        if d.org_type.as_deref() == Some("residential") {
            let occupancy = d.item("occupancy").unwrap();
            assert!(occupancy.applicable);
            assert_eq!(occupancy.quarters.len(), 3, "{}", d.id);
        } else {
            assert!(!d.item("occupancy").unwrap().applicable);
        }
        // The NOK total is read from the scores.
        let total = nok.org(&d.id).and_then(|o| o.total);
        assert_eq!(d.item("nok_total").unwrap().value, total);
    }
    let orgs = PlanOrg::from_tree(data.tree());
    assert_eq!(orgs.len(), scores.directors.len());

    let out = etalon(&[
        "score",
        "kpi",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--explain",
        "O003",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(t.contains("Directors of organisations"), "{t}");
    assert!(t.contains("Heads of territorial administrations"), "{t}");
    assert!(t.contains("each quarter: 95..100 → 5"), "{t}");
}

#[test]
fn the_manual_documents_scoring() {
    let readme = std::fs::read_to_string(root().join("rules/README.md")).unwrap();
    for word in [
        "zero_base",
        "`reweight`",
        "`zero`",
        "`undefined`",
        "skipped_answers",
        "min_respondents",
        "`all_respondents`",
        "`answered_item`",
        "`filter_yes`",
        "indicator:<id>",
        "journal:closed_on_time",
        "plans:on_time",
        "`nok_facts.csv`",
        "{ by = 2018-12-31 }",
        "[expect.org.A]",
        "etalon rules test",
    ] {
        assert!(
            readme.contains(word),
            "rules/README.md does not mention {word}"
        );
    }
    let m = standard();
    let nok = m.nok().unwrap();
    for c in nok.fact_columns() {
        assert!(
            std::fs::read_to_string(root().join("examples/data/nok_facts.csv"))
                .unwrap()
                .lines()
                .next()
                .unwrap()
                .contains(&c.id),
            "nok_facts.csv lacks {}",
            c.id
        );
    }
}

#[test]
fn nok_counts_are_read_from_json_as_from_csv() {
    let csv = root().join("rules/tests/nok/region.csv");
    let table = etalon::io::read_table_file(&csv).unwrap();
    let rows: Vec<serde_json::Value> = table
        .rows
        .iter()
        .map(|r| {
            let map: serde_json::Map<String, serde_json::Value> = table
                .header
                .iter()
                .zip(&r.cells)
                .map(|(h, c)| {
                    let v = match c.parse::<i64>() {
                        Ok(n) if h != "period" => serde_json::json!(n),
                        _ => serde_json::json!(c),
                    };
                    (h.clone(), v)
                })
                .collect();
            serde_json::Value::Object(map)
        })
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let json = dir.path().join("region.json");
    std::fs::write(&json, serde_json::to_string(&rows).unwrap()).unwrap();
    let m = standard();
    let scheme = m.nok().unwrap();
    let from_csv =
        etalon::io::read_nok_rows(&csv, scheme, etalon::scoring::NokTable::Counts).unwrap();
    let from_json =
        etalon::io::read_nok_rows(&json, scheme, etalon::scoring::NokTable::Counts).unwrap();
    let strip = |rows: Vec<etalon::scoring::NokRow>| -> Vec<etalon::scoring::NokRow> {
        rows.into_iter()
            .map(|mut r| {
                r.line = None;
                r
            })
            .collect()
    };
    assert_eq!(strip(from_csv), strip(from_json));
}

#[test]
fn the_deviation_journal_feeds_the_kpi() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let journal = journal.to_string_lossy().to_string();
    for period in ["2026-Q1", "2026-Q2", "2026-Q3"] {
        let out = etalon(&[
            "journal",
            "apply",
            "--journal",
            &journal,
            "--data",
            "examples/data",
            "--period",
            period,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    }
    let out = etalon(&[
        "score",
        "kpi",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--journal",
        &journal,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let counted = v["directors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|d| {
            d["items"]
                .as_array()
                .unwrap()
                .iter()
                .find(|i| i["item"] == "deviations_closed")
        })
        .filter(|i| i["applicable"] == true && !i["value"].is_null())
        .count();
    assert!(counted > 0, "{v}");
}

#[test]
fn a_misspelt_or_missing_survey_item_is_refused_when_the_nok_is_counted() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("examples/data"), dir.path());
    let surveys = dir.path().join("surveys.csv");
    let text = std::fs::read_to_string(&surveys).unwrap();
    let folder = dir.path().to_string_lossy().to_string();
    let score = || etalon(&["score", "nok", "--data", &folder, "--period", "2026"]);

    std::fs::write(&surveys, text.replacen(",overall,", ",overal,", 1)).unwrap();
    let out = score();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        err(&out),
        format!(
            "etalon: error: {}, line 1: surveys, field `overal`: not a column of surveys nor an \
             item of the package's questionnaire (did you mean `overall`?); a host that carries \
             other columns declares them as extra columns\n",
            surveys.display()
        )
    );

    // An item left out would count as never answered.
    let mut reader = csv::Reader::from_path(&surveys).unwrap();
    let header = reader.headers().unwrap().clone();
    let keep: Vec<usize> = (0..header.len())
        .filter(|&i| &header[i] != "overal")
        .collect();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let mut out = csv::Writer::from_path(&surveys).unwrap();
    out.write_record(keep.iter().map(|&i| &header[i])).unwrap();
    for row in &rows {
        out.write_record(keep.iter().map(|&i| &row[i])).unwrap();
    }
    out.flush().unwrap();
    drop(out);
    let out = score();
    assert_eq!(out.status.code(), Some(2));
    let e = err(&out);
    assert!(
        e.starts_with(&format!(
            "etalon: error: {}, line 1: surveys, field `overall`: an item of the package's \
             questionnaire, but the table does not have it; the columns given are: respondent_id,",
            surveys.display()
        )),
        "{e}"
    );
}

/// A case file that cannot be run is said in the language asked (a near
/// name offered, a line of its CSV of expectations named).
#[test]
fn rules_test_says_a_broken_case_file_in_each_language() {
    let dir = tempfile::tempdir().unwrap();
    copy_dir(&root().join("rules"), dir.path());
    let tests = dir.path().join("tests/indicators");
    let case = tests.join("aids_loan.toml");
    let altered = std::fs::read_to_string(&case).unwrap().replace(
        "indicator = \"al_issued_in_term\"",
        "indicator = \"al_issued_in_trem\"",
    );
    std::fs::write(&case, altered).unwrap();
    let nok = dir.path().join("tests/nok/worked_example.toml");
    let altered = std::fs::read_to_string(&nok).unwrap().replacen(
        "[case]\n",
        "[case]\nexpected = \"want.csv\"\n",
        1,
    );
    std::fs::write(&nok, altered).unwrap();
    std::fs::write(
        dir.path().join("tests/nok/want.csv"),
        "entity,figure\norg:A,k1\n",
    )
    .unwrap();
    let package = dir.path().to_string_lossy().to_string();
    let said = failing_rules_test_in_each_language(&package);
    for line in [
        "         there is no indicator `al_issued_in_trem`; did you mean `al_issued_in_term`?\n",
        "         line 2: no `value`\n",
    ] {
        assert!(said[0].contains(line), "{line}in\n{}", said[0]);
    }
    for line in [
        "             индикатора `al_issued_in_trem` нет; может быть, `al_issued_in_term`?\n",
        "             строка 2: нет `value`\n",
    ] {
        assert!(said[1].contains(line), "{line}in\n{}", said[1]);
    }
}
