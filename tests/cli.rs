//! The `etalon` binary, run for real: exit codes, messages, no panics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn etalon(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_etalon"))
        .args(args)
        // The language is the default (Russian) or asked for, whatever
        // the locale of the machine running the tests.
        .env_remove("LC_ALL")
        .env_remove("LC_MESSAGES")
        .env_remove("LANG")
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("the binary runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked"),
        "etalon {args:?} panicked:\n{stderr}"
    );
    assert!(
        !stderr.contains("RUST_BACKTRACE"),
        "etalon {args:?} printed a backtrace hint:\n{stderr}"
    );
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn the_standard_package_checks_clean() {
    let out = etalon(&["rules", "check", "rules", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_broken_package_exits_1_with_every_problem() {
    let out = etalon(&[
        "--lang",
        "en",
        "rules",
        "check",
        "tests/fixtures/broken_package",
    ]);
    assert_eq!(out.status.code(), Some(1));
    let t = text(&out);
    assert!(
        t.contains("tests/fixtures/broken_package/processes/care.toml:26:10: error[bad-filter]"),
        "{t}"
    );
    let json = etalon(&[
        "rules",
        "check",
        "tests/fixtures/broken_package",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    assert!(v["errors"].as_u64().unwrap() >= 20);
    // The script that does not parse comes first.
    assert_eq!(v["diagnostics"][0]["file"], "scripts/lib.rhai");
    assert_eq!(v["diagnostics"][1]["code"], "checks-skipped");
}

/// The checks-skipped line of the broken package, its first diagnostic
/// (no catalogue text yet: the code's meaning leads in Russian) and the
/// closing line, in the language asked for.
#[test]
fn rules_check_speaks_the_language_asked_for() {
    let check = |lang: &str| {
        let out = etalon(&[
            "rules",
            "check",
            "tests/fixtures/broken_package",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(1), "{}", err(&out));
        text(&out)
    };
    let ru = check("ru");
    for line in [
        "tests/fixtures/broken_package/scripts/lib.rhai:4:1: ошибка[script-syntax]: синтаксическая ошибка в формуле или скрипте: Unexpected '}'",
        "tests/fixtures/broken_package/etalon.toml: предупреждение[checks-skipped]: формулы и функции пакета не запускались на пробных данных: синтаксическая ошибка в файле scripts/lib.rhai; исправьте и проверьте снова",
        "tests/fixtures/broken_package: ошибок: 21, предупреждений: 2, файлов: 7",
    ] {
        assert!(ru.lines().any(|l| l == line), "no line {line:?} in:\n{ru}");
    }
    let en = check("en");
    for line in [
        "tests/fixtures/broken_package/scripts/lib.rhai:4:1: error[script-syntax]: Unexpected '}'",
        "tests/fixtures/broken_package/etalon.toml: warning[checks-skipped]: the formulas and package functions were not run on probe inputs: scripts/lib.rhai does not parse; fix it and check again",
        "tests/fixtures/broken_package: 21 error(s), 2 warning(s) in 7 file(s)",
    ] {
        assert!(en.lines().any(|l| l == line), "no line {line:?} in:\n{en}");
    }
    // JSON keeps both texts whatever the language.
    let json = etalon(&[
        "rules",
        "check",
        "tests/fixtures/broken_package",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&json.stdout).expect("valid JSON");
    let skipped = &v["diagnostics"][1];
    assert_eq!(
        skipped["message"],
        "the formulas and package functions were not run on probe inputs: scripts/lib.rhai does not parse; fix it and check again"
    );
    assert_eq!(
        skipped["message_ru"],
        "формулы и функции пакета не запускались на пробных данных: синтаксическая ошибка в файле scripts/lib.rhai; исправьте и проверьте снова"
    );
    assert_eq!(skipped["text"]["id"], "probes-skipped");
    assert_eq!(skipped["text"]["args"]["files"], "scripts/lib.rhai");
}

/// Without `--lang`, the locale decides (LC_ALL before LC_MESSAGES before
/// LANG); none set or another language: Russian. Errors of every command
/// follow it.
#[test]
fn the_locale_chooses_the_language_when_not_asked() {
    let run = |vars: &[(&str, &str)]| {
        let mut c = Command::new(env!("CARGO_BIN_EXE_etalon"));
        c.args(["evaluate", "--data", "no/such/dir", "--period", "2026-Q3"])
            .current_dir(root())
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .env_remove("LANG");
        for (k, v) in vars {
            c.env(k, v);
        }
        let out = c.output().unwrap();
        assert_eq!(out.status.code(), Some(2));
        err(&out)
    };
    let russian = "etalon: ошибка: no/such/dir";
    let english = "etalon: error: no/such/dir";
    assert!(run(&[]).starts_with(russian), "{}", run(&[]));
    assert!(run(&[("LANG", "en_US.UTF-8")]).starts_with(english));
    assert!(run(&[("LANG", "de_DE.UTF-8")]).starts_with(russian));
    assert!(run(&[("LANG", "en_US.UTF-8"), ("LC_MESSAGES", "ru_RU.UTF-8")]).starts_with(russian));
    assert!(run(&[("LANG", "ru_RU.UTF-8"), ("LC_ALL", "en_GB.UTF-8")]).starts_with(english));
}

/// An error of the data in each language: the place and the words from
/// the message catalogue.
#[test]
fn a_data_error_is_printed_in_the_language_asked() {
    let run = |lang: &str| {
        let out = etalon(&[
            "--lang",
            lang,
            "evaluate",
            "--rules",
            "tests/fixtures/small_region/package",
            "--data",
            "tests/bad_inputs/bad_date/data",
            "--period",
            "2026-Q3",
        ]);
        assert_eq!(out.status.code(), Some(2));
        err(&out)
    };
    assert_eq!(
        run("ru"),
        "etalon: ошибка: tests/bad_inputs/bad_date/data/cases.csv, строка 2: cases, запись 1, \
         поле `applied_on`: ожидалась дата вида 2026-07-01 или 01.07.2026\n"
    );
    assert_eq!(
        run("en"),
        "etalon: error: tests/bad_inputs/bad_date/data/cases.csv, line 2: cases, row 1, \
         field `applied_on`: expected a date such as 2026-07-01 or 01.07.2026\n"
    );
    let out = etalon(&[
        "--lang",
        "ru",
        "evaluate",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--max-operations",
        "0",
    ]);
    assert_eq!(
        err(&out),
        "etalon: ошибка: --max-operations: 0 — не предел: укажите 1 или больше\n"
    );
}

#[test]
fn bad_paths_and_arguments_are_one_line_errors() {
    let out = etalon(&["rules", "check", "no/such/dir", "--lang", "en"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).starts_with("etalon: error: no/such/dir: not a directory"),
        "{}",
        err(&out)
    );
    let out = etalon(&["evaluate", "--data", "examples/data", "--period", "2026-Q5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("2026-Q5"), "{}", err(&out));
    let out = etalon(&[
        "evaluate",
        "--data",
        "examples/data",
        "--period",
        "2019-Q1",
        "--lang",
        "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("in force from 2025-01-01"),
        "{}",
        err(&out)
    );
    let out = etalon(&[
        "evaluate",
        "--data",
        "examples/data",
        "--period",
        "2019-Q1",
        "--lang",
        "ru",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("действует с 2025-01-01 и не действует в периоде 2019-Q1"),
        "{}",
        err(&out)
    );
}

#[test]
fn evaluate_prints_json_with_explanations() {
    let out = etalon(&[
        "evaluate",
        "--rules",
        "tests/fixtures/small_region/package",
        "--data",
        "tests/fixtures/small_region/data",
        "--period",
        "2026-Q3",
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("valid JSON");
    let o1 = v["values"]
        .as_array()
        .unwrap()
        .iter()
        .find(|x| x["entity"]["id"] == "O1" && x["indicator"] == "in_term")
        .unwrap();
    assert_eq!(o1["value"], "60");
    assert_eq!(o1["inputs"]["decided"], 5);
    assert_eq!(o1["reference"]["normal"]["min"], "100");
    assert_eq!(o1["judgement"], "critical");
}

#[test]
fn evaluate_prints_its_summary_in_the_language_asked() {
    let args = ["evaluate", "--data", "examples/data", "--period", "2026-Q3"];
    let out = etalon(&[&["--lang", "en"], &args[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.starts_with("Region SVR — period 2026-Q3 — standard 1.0.0 (edition 2026)\n"),
        "{t}"
    );
    assert!(t.contains("\nDeviations      warning  critical\n"), "{t}");
    assert!(t.contains("\n  units              17        12\n"), "{t}");
    assert!(t.contains("\nIndicators with most deviations\n"), "{t}");
    // Indicators by the package's English names in English.
    assert!(
        t.contains("\n    12 (  8 critical)  st_as_booked  Share of rides performed as booked\n"),
        "{t}"
    );
    assert!(
        t.contains("\n  critical region SVR          Share of applications decided within the regulatory term\n"),
        "{t}"
    );
    assert!(!t.contains("Доля"), "{t}");

    let out = etalon(&[&["--lang", "ru"], &args[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.starts_with(
            "Регион SVR — период 2026-Q3 — standard 1.0.0 (редакция 2026)\n\
             1 регион, 2 группы, 4 организации, 24 подразделения\n"
        ),
        "{t}"
    );
    // The level column widens for the longer Russian words.
    assert!(t.contains("\nОтклонения      предупр.   критич.\n"), "{t}");
    assert!(t.contains("\n  подразделения       17        12\n"), "{t}");
    assert!(t.contains("\n  всего               65        29\n"), "{t}");
    assert!(
        t.contains("\nПоказатели с наибольшим числом отклонений\n"),
        "{t}"
    );
    assert!(t.contains("\n  критич.  регион SVR  "), "{t}");
    assert!(!t.contains("Deviations"), "{t}");
    assert!(
        t.contains("  st_as_booked  Доля поездок, выполненных в назначенный день\n"),
        "{t}"
    );
    assert!(!t.contains("Share of"), "{t}");
}

#[test]
fn evaluate_prints_why_each_deviation_is_one_in_the_language_asked() {
    let said = ["ru", "en"].map(|lang| {
        let out = etalon(&[
            "evaluate",
            "--rules",
            "tests/fixtures/small_region/package",
            "--data",
            "tests/fixtures/small_region/data",
            "--period",
            "2026-Q3",
            "--lang",
            lang,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
        text(&out)
    });
    assert!(
        said[0].contains("— 60,0\u{a0}% вне полосы предупреждения ≥\u{a0}75 (норма ≥\u{a0}100)\n"),
        "{}",
        said[0]
    );
    assert!(
        said[1]
            .contains("— 60.0\u{a0}% is outside the warning band ≥\u{a0}75 (normal ≥\u{a0}100)\n"),
        "{}",
        said[1]
    );
}

/// One English reason: what `evaluate --format json` and the events of
/// `journal apply` carry is what the English report (and the text output)
/// says, for every deviation of the sample.
#[test]
fn the_json_the_journal_and_the_report_give_one_english_reason() {
    let args = ["--data", "examples/data", "--period", "2026-Q3"];
    let out = etalon(&[&["evaluate", "--format", "json"], &args[..]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let e: etalon::Evaluation = serde_json::from_slice(&out.stdout).expect("an evaluation");
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let at = ["--at", "2026-10-10T09:00:00Z"];
    let path = journal.to_string_lossy().to_string();
    let out = etalon(
        &[
            &["journal", "apply", "--journal", &path],
            &args[..],
            &at[..],
        ]
        .concat(),
    );
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let events: std::collections::BTreeMap<String, String> = std::fs::read_to_string(&journal)
        .unwrap()
        .lines()
        .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap())
        .filter(|l| l["event"]["change"]["kind"] == "detected")
        .map(|l| {
            let e = &l["event"];
            (
                e["deviation"].as_str().unwrap().to_string(),
                e["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let m = etalon::standard().unwrap_or_else(|d| panic!("{d}"));
    let data = etalon::io::load_dataset(&root().join("examples/data")).unwrap();
    let options = etalon::report::ReportOptions {
        lang: etalon::report::Lang::En,
        ..etalon::report::ReportOptions::default()
    };
    let report = etalon::report::Report::build(&m, data.tree(), &e, &options).unwrap();
    assert_eq!(e.deviations.len(), 94);
    assert_eq!(events.len(), e.deviations.len());
    for d in &e.deviations {
        assert_eq!(d.reason, report.reason(d), "{}", d.id);
        assert_eq!(events[&d.id], d.reason, "{}", d.id);
        assert!(!d.reason.contains(">="), "{}", d.reason);
    }
    let first = &e.deviations[0];
    assert_eq!(first.id, "ma_decided_in_term@region:SVR@2026-Q3");
    assert_eq!(
        first.reason,
        "81.0\u{a0}% is outside the warning band ≥\u{a0}95 (normal ≥\u{a0}100)"
    );
}

#[test]
fn bad_data_names_file_line_table_row_and_field() {
    let dir = tempfile::tempdir().unwrap();
    let src = root().join("tests/fixtures/small_region/data");
    for f in ["units.csv", "deliveries.csv", "complaints.csv"] {
        std::fs::copy(src.join(f), dir.path().join(f)).unwrap();
    }
    std::fs::write(
        dir.path().join("cases.csv"),
        "case_id,process,unit_id,recipient_id,applied_on,started_on,ended_on\n\
         C1,home_care,U1,P1,2026-07-01,2026-07-05,2026-07-02\n",
    )
    .unwrap();
    let data = dir.path().to_string_lossy().to_string();
    let out = etalon(&[
        "evaluate", "--data", &data, "--period", "2026-Q3", "--lang", "en",
    ]);
    assert_eq!(out.status.code(), Some(2));
    let e = err(&out);
    assert!(
        e.contains(
            "cases.csv, line 2: cases, row 1, field `ended_on`: the date is before started_on"
        ),
        "{e}"
    );
    let out = etalon(&["evaluate", "--data", &data, "--period", "2026-Q3"]);
    let e = err(&out);
    assert!(
        e.contains(
            "cases.csv, строка 2: cases, запись 1, поле `ended_on`: дата раньше, чем started_on"
        ),
        "{e}"
    );
}

#[test]
fn demo_finds_every_planted_deviation() {
    let dir = tempfile::tempdir().unwrap();
    let report = dir.path().join("demo.html");
    let report_arg = report.to_string_lossy().to_string();
    let out = etalon(&[
        "--lang",
        "en",
        "demo",
        "--scale",
        "sample",
        "--report",
        &report_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    // It ends by saying where the report of the region is.
    let last = t.lines().last().unwrap_or_default();
    assert!(
        last.starts_with("Report of the region: ") && last.contains("demo.html"),
        "{t}"
    );
    let html = std::fs::read_to_string(&report).expect("the demo wrote its report");
    // In the language asked for, as the text.
    assert!(
        html.contains("Deviation journal"),
        "the report has the journal"
    );
    assert!(t.contains("Deviations      warning  critical"), "{t}");
    assert!(t.matches("[found]").count() >= 12, "{t}");
    assert!(!t.contains("MISSED"), "{t}");
    // The real complaint surge is found and escalated; the planted noise
    // is listed as not escalated, with its probability.
    assert!(
        t.contains("gen_complaints_per_100: a surge of complaints (12 per 100 recipients): beyond chance — critical band deviation, escalated"),
        "{t}"
    );
    assert!(
        t.contains("Planted noise (small units crossing a band by chance), kept to watch:"),
        "{t}"
    );
    assert_eq!(t.matches("  [not escalated] ").count(), 2, "{t}");
    assert!(!t.contains("[ESCALATED]"), "{t}");
    assert!(
        t.contains("[not escalated] U0004 gen_complaints_per_100: noise: 4 complaints per 100 recipients on about a hundred, as often as 1 in 50 by chance at the 1-per-100 band (by chance with probability 8.4 %)"),
        "{t}"
    );
}

#[test]
fn demo_speaks_russian_when_asked() {
    let out = etalon(&["--lang", "ru", "demo", "--scale", "sample", "--no-report"]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.starts_with("etalon demo: Свердловская область (демонстрационные данные) (записей: "),
        "{t}"
    );
    assert!(t.contains("\nОтклонения      предупр.   критич.\n"), "{t}");
    assert!(t.contains("\nЗаложено намеренно и найдено:\n"), "{t}");
    assert!(
        t.contains(" — критическое отклонение, эскалировано\n"),
        "{t}"
    );
    assert!(t.matches("  [найдено] ").count() >= 12, "{t}");
    assert!(!t.contains("[ПРОПУЩЕНО]"), "{t}");
    assert!(
        t.contains("\nЗаложенный шум (малые подразделения, случайно вышедшие за границу), оставлены под наблюдением:\n"),
        "{t}"
    );
    assert!(t.contains(" (случайно с вероятностью 8.4 %)\n"), "{t}");
    assert!(
        t.contains("\nБаллы KPI 2026-Q3 — director_points (директоров: 4, руководителей территориальных управлений: 2)\n"),
        "{t}"
    );
    assert!(
        t.contains("\n  директор  #1   O004    40.0 из  45.0 (88.9 %)  "),
        "{t}"
    );
    // What was planted, in Russian too.
    assert!(
        t.contains("gen_complaints_per_100: всплеск жалоб (12 на 100 получателей): больше, чем бывает случайно — критическое отклонение, эскалировано\n"),
        "{t}"
    );
    assert!(
        t.contains("[не эскалировано] U0004 gen_complaints_per_100: шум: 4 жалобы на 100 получателей примерно при сотне получателей"),
        "{t}"
    );
    assert!(
        t.contains("\nЖурнал отклонений: периоды с 2025-Q1 по 2026-Q3 применены по очереди, каждый через десять дней после конца квартала\n"),
        "{t}"
    );
    assert!(
        t.contains("\n  открытые на 2026-10-10, сначала просроченные:\n"),
        "{t}"
    );
    // No English sentence: no three English words in a row (a command
    // to type, `(etalon score nok ...)`, is not one).
    for line in t.lines().filter(|l| !l.contains("(etalon ")) {
        let words: Vec<&str> = line.split_whitespace().collect();
        let english = words.windows(3).find(|w| {
            w.iter().all(|word| {
                let word = word.trim_matches(|c: char| ",.:;()".contains(c));
                !word.is_empty() && word.chars().all(|c| c.is_ascii_alphabetic())
            })
        });
        assert!(english.is_none(), "{english:?} in {line}");
    }
}

/// Every planted deviation is described in its own words in both
/// languages (a key the catalogue lacks would fall to another's words).
#[test]
fn each_planted_deviation_has_its_own_words_in_both_languages() {
    let region = etalon::generate::generate(&etalon::generate::RegionSpec::sample(2026));
    assert!(region.plants.len() >= 15, "{}", region.plants.len());
    for lang in [etalon::report::Lang::Ru, etalon::report::Lang::En] {
        let words: std::collections::BTreeSet<String> = region
            .plants
            .iter()
            .map(|p| {
                etalon::catalogue::message(lang, "cli-demo-plant", &[("what", p.what.to_string())])
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(words.len(), region.plants.len(), "{words:?}");
    }
    let said = |lang, what: &str| {
        etalon::catalogue::message(lang, "cli-demo-plant", &[("what", what.to_string())]).unwrap()
    };
    assert_eq!(
        said(etalon::report::Lang::Ru, "rc-overcrowding"),
        "переполнение: использовано 104 % койко-дней"
    );
    assert_eq!(
        said(etalon::report::Lang::En, "rc-overcrowding"),
        "overcrowding: 104 % of bed-days used"
    );
}

#[test]
fn the_committed_sample_is_what_the_generator_writes() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().to_string_lossy().to_string();
    let out = etalon(&[
        "generate", "--scale", "sample", "--seed", "2026", "--out", &out_dir,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let committed = root().join("examples/data");
    let mut names: Vec<_> = std::fs::read_dir(&committed)
        .unwrap()
        .map(|e| e.unwrap().file_name())
        .collect();
    names.sort();
    assert!(names.len() >= 9);
    for name in names {
        let a = std::fs::read(committed.join(&name)).unwrap();
        let b = std::fs::read(Path::new(&out_dir).join(&name)).unwrap();
        assert!(
            a == b,
            "examples/data/{} differs from the generator's output; run `etalon generate --out examples/data`",
            name.to_string_lossy()
        );
    }
}

#[test]
fn report_writes_html_and_xlsx_and_refuses_an_unknown_entity() {
    let dir = tempfile::tempdir().unwrap();
    let html = dir.path().join("o001.html");
    let html_arg = html.to_string_lossy().to_string();
    let out = etalon(&[
        "report",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--level",
        "org",
        "--entity",
        "O001",
        "--lang",
        "en",
        "--out",
        &html_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).starts_with("Report written to "),
        "{}",
        text(&out)
    );
    let page = std::fs::read_to_string(&html).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>"));
    assert!(page.contains("Social-service quality report"));
    assert!(page.contains("КЦСОН «Екатеринбург (Верх-Исетский)»"));
    assert!(page.contains("NOK 2026: "), "the sample has НОК facts");

    let book = dir.path().join("region.xlsx");
    let book_arg = book.to_string_lossy().to_string();
    let out = etalon(&[
        "report",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--format",
        "xlsx",
        "--out",
        &book_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let bytes = std::fs::read(&book).unwrap();
    assert_eq!(&bytes[..2], b"PK", "an xlsx is a zip");

    let out = etalon(&[
        "--lang",
        "en",
        "report",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--level",
        "unit",
        "--entity",
        "NOPE",
        "--out",
        &html_arg,
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        err(&out).trim(),
        "etalon: error: there is no unit `NOPE` in the organisation tree"
    );
}

#[test]
fn report_counts_open_and_overdue_deviations_from_a_journal() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let journal_arg = journal.to_string_lossy().to_string();
    for (period, at) in [("2026-Q2", "2026-07-10"), ("2026-Q3", "2026-10-10")] {
        let out = etalon(&[
            "journal",
            "apply",
            "--journal",
            &journal_arg,
            "--data",
            "examples/data",
            "--period",
            period,
            "--at",
            at,
        ]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    }
    let as_of = "2026-12-31";
    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &journal_arg,
        "--at",
        as_of,
        "--format",
        "json",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let shown: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let open = shown["open"].as_array().unwrap();
    let overdue = open.iter().filter(|o| !o["overdue_days"].is_null()).count();
    assert!(!open.is_empty() && overdue > 0, "{shown}");

    let page = dir.path().join("report.html");
    let page_arg = page.to_string_lossy().to_string();
    let out = etalon(&[
        "report",
        "--data",
        "examples/data",
        "--period",
        "2026-Q3",
        "--journal",
        &journal_arg,
        "--as-of",
        as_of,
        "--lang",
        "en",
        "--out",
        &page_arg,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(html.contains(&format!(
        "<h3 id=\"journal\">Deviation journal on {as_of}</h3><div class=\"kpis\"><div class=\"kpi\"><b>{}</b>Open</div><div class=\"kpi warn\"><b>{overdue}</b>Overdue</div>",
        open.len()
    )), "the journal's counts");
}

#[test]
fn country_sums_the_measures_of_its_regions() {
    let dir = tempfile::tempdir().unwrap();
    let folder = |id: &str| dir.path().join(id).to_string_lossy().to_string();
    for (seed, id) in [("11", "RA"), ("12", "RB")] {
        let out = etalon(&[
            "generate",
            "--seed",
            seed,
            "--region",
            id,
            "--out",
            &folder(id),
        ]);
        assert!(out.status.success(), "{}", err(&out));
    }
    let json = |out: Output| -> serde_json::Value {
        assert!(out.status.success(), "{}", err(&out));
        serde_json::from_slice(&out.stdout).unwrap()
    };
    let period = ["--period", "2026-Q3", "--format", "json"];
    let (ra, rb) = (folder("RA"), folder("RB"));
    let mut args = vec!["country", "--data", &ra, "--data", &rb, "--nok", "2025"];
    args.extend(period);
    let country = json(etalon(&args));
    let regions: Vec<serde_json::Value> = ["RA", "RB"]
        .iter()
        .map(|id| {
            let f = folder(id);
            let mut args = vec!["evaluate", "--data", &f];
            args.extend(period);
            json(etalon(&args))
        })
        .collect();

    // Every input of every country value is the sum of the regions' inputs.
    let values = country["country"]["values"].as_array().unwrap();
    assert!(!values.is_empty());
    for v in values {
        assert_eq!(v["entity"]["level"], "country");
        let indicator = &v["indicator"];
        for (measure, n) in v["inputs"].as_object().unwrap() {
            let sum: i64 = regions
                .iter()
                .map(|r| {
                    let at_region = r["values"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .find(|x| x["entity"]["level"] == "region" && &x["indicator"] == indicator)
                        .expect("the region has the value");
                    at_region["inputs"][measure].as_i64().unwrap()
                })
                .sum();
            assert_eq!(n.as_i64(), Some(sum), "{indicator} {measure}");
        }
    }
    assert_eq!(country["regions"].as_array().unwrap().len(), 2);
    // The НОК of the country pools the organisations of both regions.
    let nok = &country["nok"];
    assert_eq!(nok["country"]["organisations"], 8);
    assert_eq!(nok["regions"].as_array().unwrap().len(), 2);

    // The table for people, in either language.
    let table = [
        "country", "--data", &ra, "--data", &rb, "--nok", "2025", "--period", "2026-Q3",
    ];
    let out = etalon(&[&["--lang", "en"], &table[..]].concat());
    assert!(out.status.success(), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains(
            "\n2 region(s)\n  region   values  deviations (warning / critical)\n  RA          901  "
        ),
        "{t}"
    );
    assert!(t.contains("\nНОК 2025: the country "), "{t}");
    let out = etalon(&[&["--lang", "ru"], &table[..]].concat());
    assert!(out.status.success(), "{}", err(&out));
    let t = text(&out);
    // The values column widens for «значений».
    assert!(
        t.contains("\nрегионов: 2\n  регион   значений  отклонения (предупр. / критич.)\n  RA            901  "),
        "{t}"
    );
    assert!(
        t.contains("\nПоказатели страны (суммы показателей регионов)\n"),
        "{t}"
    );
    assert!(
        t.contains("  база       126  нет эталонного значения для страны\n"),
        "{t}"
    );
    assert!(t.contains(", организаций: 8\n"), "{t}");
    assert!(t.contains("  (орг.: 4)\n"), "{t}");

    // Two regions with the same id are refused by name.
    let out = etalon(&[
        "country", "--data", &ra, "--data", &ra, "--period", "2026-Q3",
    ]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("RA"), "{}", err(&out));
}

#[test]
fn generate_writes_a_parquet_region_that_evaluates_as_its_csv() {
    let dir = tempfile::tempdir().unwrap();
    let folder = |name: &str| dir.path().join(name).to_string_lossy().to_string();
    let (csv, parquet) = (folder("csv"), folder("parquet"));
    let out = etalon(&["generate", "--seed", "5", "--out", &csv]);
    assert!(out.status.success(), "{}", err(&out));
    let out = etalon(&[
        "generate", "--seed", "5", "--format", "parquet", "--out", &parquet,
    ]);
    assert!(out.status.success(), "{}", err(&out));
    let mut names: Vec<String> = std::fs::read_dir(&parquet)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "assignments.parquet",
            "audits.parquet",
            "cases.parquet",
            "complaints.parquet",
            "deliveries.parquet",
            "diagnostics.parquet",
            "incidents.parquet",
            "nok_facts.csv",
            "occupancy.parquet",
            "staff.parquet",
            "surveys.parquet",
            "units.parquet",
        ]
    );
    let evaluate = |data: &str| {
        let out = etalon(&[
            "evaluate", "--data", data, "--period", "2026-Q3", "--format", "json",
        ]);
        assert!(out.status.success(), "{}", err(&out));
        text(&out)
    };
    assert_eq!(evaluate(&parquet), evaluate(&csv));

    // A damaged file is named, with the code of its kind.
    let cases = Path::new(&parquet).join("cases.parquet");
    std::fs::write(&cases, b"PAR1 not really").unwrap();
    let out = etalon(&[
        "--lang", "en", "evaluate", "--data", &parquet, "--period", "2026-Q3",
    ]);
    assert_eq!(out.status.code(), Some(2), "{}", err(&out));
    assert!(
        err(&out).contains(&format!(
            "{}: not a readable Parquet file: Parquet error: Invalid Parquet file. Corrupt footer",
            cases.display()
        )),
        "{}",
        err(&out)
    );
}
