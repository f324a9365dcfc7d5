//! Scripts that cannot hang or abort the host: `rules check` runs every
//! formula and package function on probe inputs; the host sets the ceiling
//! of the script limits; one deadline stops scripts; an evaluation lists
//! every script failure; a file that does not parse comes first and alone.
//!
//! Each broken package is a copy of the standard one (`rules/`) with one
//! small edit, written out here next to what it must give.

use std::path::Path;
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use etalon::report::Lang;
use etalon::{
    CompileOptions, Diagnostic, EvaluationError, EvaluationOptions, FailureKind, Methodology,
    PackageFiles, ScriptLimits, catalogue,
};

/// The standard package with `edits` (file, text, replacement) made, each
/// text found exactly where the edit means it.
fn edited(edits: &[Edit]) -> PackageFiles {
    let mut files = etalon::standard_files();
    for (file, from, to) in edits {
        let text = files.get(file).unwrap_or_else(|| panic!("no file {file}"));
        assert_eq!(text.matches(from).count(), 1, "{file}: `{from}`");
        let changed = text.replacen(from, to, 1);
        files.insert(*file, changed);
    }
    files
}

/// Writes a package to a folder, for the command line.
fn write(files: &PackageFiles, dir: &Path) {
    for (path, text) in files.iter() {
        let at = dir.join(path);
        std::fs::create_dir_all(at.parent().unwrap()).unwrap();
        std::fs::write(at, text).unwrap();
    }
}

/// The errors and warnings of a check, as `file:line:column code (rule)`.
fn places(diagnostics: &[Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .map(|d| {
            format!(
                "{}:{}:{} {} ({})",
                d.file,
                d.line,
                d.column,
                d.code,
                d.rule.as_deref().unwrap_or("-")
            )
        })
        .collect()
}

fn check(files: &PackageFiles) -> Vec<Diagnostic> {
    Methodology::check(files).iter().cloned().collect()
}

/// The line (from 1) of the first line of `text` that starts with `start`.
fn line_of(text: &str, start: &str) -> usize {
    1 + text
        .lines()
        .position(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start}"))
}

const FORMULAS: &str = "scripts/formulas.rhai";
const GENERAL: &str = "processes/general.toml";
const COMPLAINTS_FORMULA: &str = "formula = \"per_100(gen_complaints, gen_recipients)\"";
/// A loop only data meets: the probes give no count between 2 and 10^8.
const SPIN: &str =
    "fn spin(n) {\n    if n > 1 && n < 100000000 { loop { } }\n    n\n}\n\nfn missed_per_100(";
const GUARD: &str = "    if planned == 0 { return (); }\n";

#[test]
fn the_standard_package_passes_its_probes() {
    assert_eq!(
        places(&check(&etalon::standard_files())),
        Vec::<String>::new()
    );
}

/// A broken package: what it is, its edits, where the check must say
/// something and what.
type Case<'a> = (&'a str, Vec<Edit<'a>>, &'a str, &'a str);
/// An edit of the standard package: file, text, replacement.
type Edit<'a> = (&'a str, &'a str, &'a str);

/// Every class of run-time script error is caught by the check, at its own
/// file, line and column, with its rule.
#[test]
fn every_run_time_error_class_is_caught_by_check() {
    let cases: Vec<Case> = vec![
        (
            "an unknown function in a formula",
            vec![(
                GENERAL,
                COMPLAINTS_FORMULA,
                "formula = \"per_100(gen_complaints, gen_recipients) + nosuch(gen_complaints)\"",
            )],
            "processes/general.toml:257:54 script-runtime (gen_complaints_per_100)",
            "with every count 0, the script fails: Function not found: nosuch (decimal)",
        ),
        (
            "text minus a number in a package function",
            vec![(
                FORMULAS,
                "    per_100(planned - delivered, planned)",
                "    per_100(planned - \"delivered\", planned)",
            )],
            "scripts/formulas.rhai:9:21 script-runtime (hc_missed_per_100)",
            "with every count 1, the script fails: Function not found: - (decimal, &str | ImmutableString | String)",
        ),
        (
            "a division by zero in a package function",
            vec![(FORMULAS, GUARD, "    let rate = delivered / planned;\n")],
            "scripts/formulas.rhai:8:26 script-runtime (hc_missed_per_100)",
            "with every count 0, the script fails: Division by zero: 0 / 0",
        ),
        (
            "a formula whose result is text",
            vec![(
                GENERAL,
                COMPLAINTS_FORMULA,
                "formula = 'if gen_complaints > 0 { \"many\" } else { \"none\" }'",
            )],
            "processes/general.toml:257:11 not-a-number (gen_complaints_per_100)",
            "with every count 0, the formula gives string `none`; a formula must give a number (or `()` for an undefined value)",
        ),
        (
            "a formula whose result is a list",
            vec![(
                GENERAL,
                COMPLAINTS_FORMULA,
                "formula = \"[gen_complaints, gen_recipients]\"",
            )],
            "processes/general.toml:257:11 not-a-number (gen_complaints_per_100)",
            "with every count 0, the formula gives array `[0, 0]`; a formula must give a number (or `()` for an undefined value)",
        ),
        (
            "a formula whose result is a boolean",
            vec![(
                GENERAL,
                COMPLAINTS_FORMULA,
                "formula = \"gen_complaints > gen_recipients\"",
            )],
            "processes/general.toml:257:11 not-a-number (gen_complaints_per_100)",
            "with every count 0, the formula gives bool `false`; a formula must give a number (or `()` for an undefined value)",
        ),
        (
            "an endless loop in a package function",
            vec![(FORMULAS, GUARD, "    loop { }\n")],
            "scripts/formulas.rhai:7:0 script-limit (missed_per_100)",
            "with every argument 0, the script exceeded its operation budget and was stopped",
        ),
        (
            "endless recursion in a package function",
            vec![(
                FORMULAS,
                GUARD,
                "    if planned == 0 { return (); }\n    missed_per_100(planned, delivered);\n",
            )],
            "scripts/formulas.rhai:7:0 script-limit (missed_per_100)",
            "with every argument 1, the script exceeded its call depth and was stopped",
        ),
        (
            "oversized text in a package function",
            vec![(FORMULAS, GUARD, "    let s = \"x\"; loop { s += s; }\n")],
            "scripts/formulas.rhai:7:0 script-limit (missed_per_100)",
            "with every argument 0, the script exceeded its string size and was stopped",
        ),
        (
            "an error in a package function called by a НОК formula",
            vec![(
                "scoring/nok.rhai",
                "fn information_completeness(present, required) {\n    share(present, required)",
                "fn information_completeness(present, required) {\n    missed_per_100(present, \"required\")",
            )],
            "scripts/formulas.rhai:9:21 script-runtime (i1_1)",
            "with every count 1, the script fails: Function not found: - (decimal, &str | ImmutableString | String)",
        ),
        (
            "a share outside 0..100",
            vec![(
                GENERAL,
                "formula = \"share(gen_complaints_answered_in_term, gen_complaints_due)\"",
                "formula = \"per_1000(gen_complaints_answered_in_term, gen_complaints_due)\"",
            )],
            "processes/general.toml:287:11 share-out-of-range (gen_answered_in_term)",
            "with every count 1, this share (unit percent) is 1000, outside 0..100; is the scale or the base right?",
        ),
    ];
    for (what, edits, place, message) in cases {
        let found = check(&edited(&edits));
        let at = places(&found);
        let Some(i) = at.iter().position(|p| p == place) else {
            panic!("{what}: nothing at {place}; found {at:#?}");
        };
        assert_eq!(found[i].message, message, "{what}");
        // The catalogue holds the text: its English is the core's, its
        // Russian another text with the same values.
        assert!(found[i].text().is_some(), "{what}: no catalogue text");
        assert_eq!(
            catalogue::diagnostic(&found[i], Lang::En),
            message,
            "{what}"
        );
        let ru = catalogue::diagnostic(&found[i], Lang::Ru);
        assert!(ru.starts_with("при пробном запуске ("), "{what}: {ru}");
    }
}

#[test]
fn a_package_function_may_not_shadow_a_built_in() {
    let files = edited(&[(
        FORMULAS,
        "fn missed_per_100(",
        "fn share(a, b) { 42 }\n\nfn missed_per_100(",
    )]);
    let found = check(&files);
    assert_eq!(
        places(&found),
        ["scripts/formulas.rhai:7:1 shadows-built-in (-)"]
    );
    assert_eq!(
        found[0].message,
        "the package function `share(a, b)` has the name of the built-in `share` and would replace it; rename the package function"
    );
    assert!(Methodology::compile(&files).is_err());
}

#[test]
fn limits_above_the_hosts_ceiling_are_capped_with_a_warning() {
    let files = edited(&[(
        "etalon.toml",
        "max_operations = 200000",
        "max_operations = 9223372036854775807\nmax_call_levels = 10000000\nmax_string_size = 1000000000000",
    )]);
    let manifest = files.get("etalon.toml").unwrap();
    let at = |key: &str| line_of(manifest, key);
    let m = Methodology::compile(&files).unwrap();
    assert_eq!(m.manifest().limits.max_operations, 1_000_000);
    assert_eq!(m.manifest().limits.max_call_levels, 64);
    assert_eq!(m.manifest().limits.max_string_size, 65_536);
    let said: Vec<(String, &str)> = m
        .warnings()
        .iter()
        .map(|d| {
            (
                places(std::slice::from_ref(d)).remove(0),
                d.message.as_str(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                format!("etalon.toml:{}:18 limit-capped (-)", at("max_operations")),
                "the package asks `max_operations = 9223372036854775807`, above this host's ceiling of 1000000; 1000000 is used"
            ),
            (
                format!("etalon.toml:{}:19 limit-capped (-)", at("max_call_levels")),
                "the package asks `max_call_levels = 10000000`, above this host's ceiling of 64; 64 is used"
            ),
            (
                format!("etalon.toml:{}:19 limit-capped (-)", at("max_string_size")),
                "the package asks `max_string_size = 1000000000000`, above this host's ceiling of 65536; 65536 is used"
            ),
        ]
    );
    // A host's own ceiling, lower: the package's 200000 operations capped.
    let lower = CompileOptions {
        limits_cap: Some(ScriptLimits {
            max_operations: 5_000,
            ..ScriptLimits::CEILING
        }),
        ..CompileOptions::default()
    };
    let m = Methodology::compile_with(&etalon::standard_files(), &lower).unwrap();
    assert_eq!(m.manifest().limits.max_operations, 5_000);
    assert_eq!(
        m.warnings().iter().next().map(|d| d.message.as_str()),
        Some(
            "the package asks `max_operations = 200000`, above this host's ceiling of 5000; 5000 is used"
        )
    );
    // No host may raise the call depth past what the stack holds.
    let reckless = CompileOptions {
        limits_cap: Some(ScriptLimits {
            max_call_levels: 10_000_000,
            ..ScriptLimits::CEILING
        }),
        ..CompileOptions::default()
    };
    let m = Methodology::compile_with(&files, &reckless).unwrap();
    assert_eq!(
        m.manifest().limits.max_call_levels,
        ScriptLimits::HARD.max_call_levels
    );
}

#[test]
fn a_toml_file_that_does_not_parse_comes_alone() {
    let files = edited(&[(
        GENERAL,
        "id = \"gen_staff_trained\"",
        "id = \"gen_staff_trained",
    )]);
    let found = check(&files);
    assert_eq!(
        places(&found),
        [
            "processes/general.toml:244:24 toml-syntax (-)",
            "etalon.toml:0:0 checks-skipped (-)",
        ]
    );
    assert!(
        found[1].message.starts_with("the other checks of the package (")
            && found[1]
                .message
                .ends_with("were skipped: they depend on processes/general.toml, which does not parse; fix it and check again"),
        "{}",
        found[1].message
    );
}

#[test]
fn a_script_that_does_not_parse_skips_the_probes() {
    let files = edited(&[(
        FORMULAS,
        "    per_100(planned - delivered, planned)\n}",
        "    per_100(",
    )]);
    let found = check(&files);
    assert_eq!(
        places(&found),
        [
            "scripts/formulas.rhai:10:1 script-syntax (-)",
            "etalon.toml:0:0 checks-skipped (-)",
        ]
    );
    assert_eq!(
        found[1].message,
        "the formulas and package functions were not run on probe inputs: scripts/formulas.rhai does not parse; fix it and check again"
    );
}

/// Failures that only data meets (the probes never give a count between 2
/// and 10^8) are all listed by the evaluation, each with how often.
#[test]
fn an_evaluation_lists_every_script_failure() {
    let files = edited(&[
        (
            GENERAL,
            COMPLAINTS_FORMULA,
            "formula = \"if gen_recipients > 1 && gen_recipients < 100000000 { nosuch(gen_complaints) } else { per_100(gen_complaints, gen_recipients) }\"",
        ),
        (
            GENERAL,
            "formula = \"per_100(gen_justified_complaints, gen_recipients)\"",
            "formula = \"if gen_recipients > 1 && gen_recipients < 100000000 { gen_recipients - \\\"x\\\" } else { per_100(gen_justified_complaints, gen_recipients) }\"",
        ),
    ]);
    let m = Methodology::compile(&files).unwrap();
    let (_, data) = crate::support::mid_region();
    let e = m
        .evaluate_with(&data, &EvaluationOptions::new("2026-Q3".parse().unwrap()))
        .unwrap_err();
    let EvaluationError::Scripts(all) = e else {
        panic!("expected every script failure, got {e}");
    };
    assert_eq!(all.more, 0);
    let said: Vec<(String, &str, u32, u32, FailureKind)> = all
        .failures
        .iter()
        .map(|c| {
            let e = &c.error;
            (
                e.rule.clone(),
                e.file.as_str(),
                e.line,
                e.column,
                e.kind.clone(),
            )
        })
        .collect();
    assert_eq!(
        said,
        [
            (
                "gen_complaints_per_100".to_string(),
                GENERAL,
                257,
                66,
                FailureKind::Failed("Function not found: nosuch (decimal)".into())
            ),
            (
                "gen_justified_per_100".to_string(),
                GENERAL,
                275,
                81,
                FailureKind::Failed(
                    "Function not found: - (decimal, &str | ImmutableString | String)".into()
                )
            ),
        ]
    );
    assert!(all.failures.iter().all(|c| c.times > 1));
    let text = all.to_string();
    assert!(
        text.starts_with("2 script error(s) stopped the evaluation:"),
        "{text}"
    );
    // The envelope lists each failure as a diagnostic of its own, and
    // says them in Russian from the catalogue (the script engine's detail
    // stays as it is).
    let envelope = etalon::Envelope::from(EvaluationError::Scripts(all));
    assert_eq!(envelope.code, etalon::Code::ScriptFailed);
    assert_eq!(envelope.diagnostics.len(), 2);
    let ru = envelope.message_in(etalon::report::Lang::Ru);
    assert!(
        ru.starts_with("2 ошибки скриптов остановили расчёт:\n  "),
        "{ru}"
    );
    assert!(
        ru.contains(&format!(
            "{GENERAL}:275:81: скрипт правила `gen_justified_per_100` завершился ошибкой: \
             Function not found: - (decimal, &str | ImmutableString | String) ("
        )),
        "{ru}"
    );
}

/// A loop only data meets, under a host that lifts the operation budget:
/// only the deadline can stop it. The outer bound is the harness's own
/// kind of bound, generous, so that a deadline that does not work fails
/// the test instead of hanging it.
#[test]
fn a_deadline_stops_a_looping_script() {
    let asks_everything = edited(&[
        (
            GENERAL,
            COMPLAINTS_FORMULA,
            "formula = \"per_100(gen_complaints, spin(gen_recipients))\"",
        ),
        (FORMULAS, "fn missed_per_100(", SPIN),
        (
            "etalon.toml",
            "max_operations = 200000",
            "max_operations = 18446744073709551615",
        ),
    ]);
    let unbounded = CompileOptions {
        limits_cap: Some(ScriptLimits {
            max_operations: u64::MAX,
            ..ScriptLimits::CEILING
        }),
        ..CompileOptions::default()
    };
    let m = Methodology::compile_with(&asks_everything, &unbounded).unwrap();
    assert_eq!(m.manifest().limits.max_operations, u64::MAX);
    let (_, data) = crate::support::mid_region();
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let options =
            EvaluationOptions::new("2026-Q3".parse().unwrap()).with_timeout(Duration::from_secs(2));
        let _ = send.send(m.evaluate_with(&data, &options).map(|_| ()));
    });
    let outcome = receive
        .recv_timeout(Duration::from_secs(300))
        .expect("the evaluation did not stop at its deadline");
    assert_eq!(outcome, Err(EvaluationError::DeadlineExceeded));
}

/// The compile's probes answer to the deadline too.
#[test]
fn a_deadline_stops_the_probes_of_a_check() {
    let files = edited(&[
        (FORMULAS, GUARD, "    loop { }\n"),
        (
            "etalon.toml",
            "max_operations = 200000",
            "max_operations = 18446744073709551615",
        ),
    ]);
    let options = CompileOptions {
        limits_cap: Some(ScriptLimits {
            max_operations: u64::MAX,
            ..ScriptLimits::CEILING
        }),
        deadline: Some(Instant::now() + Duration::from_millis(500)),
        ..CompileOptions::default()
    };
    let (send, receive) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = send.send(Methodology::check_with(&files, &options));
    });
    let found = receive
        .recv_timeout(Duration::from_secs(300))
        .expect("the check did not stop at its deadline");
    let deadline: Vec<&Diagnostic> = found.iter().filter(|d| d.code == "deadline").collect();
    assert_eq!(deadline.len(), 1, "{found}");
    assert_eq!(
        deadline[0].message,
        "the check ran past this host's deadline while running the scripts"
    );
}

/// Runs the command line, killing it past a generous bound: an abort or a
/// hang fails the test instead of taking the harness down.
fn etalon(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_etalon"))
        // The messages asserted are the English ones.
        .env("LC_ALL", "en_US.UTF-8")
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(300) {
            let _ = child.kill();
            panic!("etalon {args:?} did not end");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    child.wait_with_output().unwrap()
}

/// Deep recursion asked by a package and a host ceiling above the stack:
/// a typed error from the check, never a stack overflow of the process.
#[test]
fn deep_recursion_is_an_error_not_an_abort() {
    let dir = tempfile::tempdir().unwrap();
    let files = edited(&[
        (
            FORMULAS,
            GUARD,
            "    if planned == 0 { return (); }\n    missed_per_100(planned, delivered);\n",
        ),
        (
            "etalon.toml",
            "max_operations = 200000",
            "max_operations = 200000\nmax_call_levels = 10000000",
        ),
    ]);
    write(&files, dir.path());
    let levels = line_of(files.get("etalon.toml").unwrap(), "max_call_levels");
    let package = dir.path().to_str().unwrap();
    let out = etalon(&["rules", "check", package, "--max-call-levels", "10000000"]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(
        out.status.code(),
        Some(1),
        "{stdout}{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        stdout.contains(&format!("etalon.toml:{levels}:19: warning[limit-capped]: the package asks `max_call_levels = 10000000`, above this host's ceiling of 64; 64 is used")),
        "{stdout}"
    );
    assert!(
        stdout.contains("scripts/formulas.rhai:7: error[script-limit] (missed_per_100): with every argument 1, the script exceeded its call depth and was stopped"),
        "{stdout}"
    );
    // The same in Russian under `--lang ru`.
    let out = etalon(&[
        "rules",
        "check",
        package,
        "--max-call-levels",
        "10000000",
        "--lang",
        "ru",
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        stdout.contains(&format!("etalon.toml:{levels}:19: предупреждение[limit-capped]: пакет просит `max_call_levels = 10000000`, больше предела этой системы 64; действует 64\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("scripts/formulas.rhai:7: ошибка[script-limit] (missed_per_100): при пробном запуске (все аргументы 1) скрипт превысил предел (глубина вызовов) и был остановлен\n"),
        "{stdout}"
    );
}

/// `--timeout` of the command line stops a loop the probes cannot meet.
#[test]
fn the_command_lines_timeout_stops_a_looping_script() {
    let dir = tempfile::tempdir().unwrap();
    let files = edited(&[
        (
            GENERAL,
            COMPLAINTS_FORMULA,
            "formula = \"per_100(gen_complaints, spin(gen_recipients))\"",
        ),
        (FORMULAS, "fn missed_per_100(", SPIN),
        (
            "etalon.toml",
            "max_operations = 200000",
            "max_operations = 18446744073709551615",
        ),
    ]);
    write(&files, dir.path());
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let out = etalon(&[
        "evaluate",
        "--rules",
        dir.path().to_str().unwrap(),
        "--data",
        data.to_str().unwrap(),
        "--period",
        "2026-Q3",
        "--timeout",
        "2",
        "--max-operations",
        "18446744073709551615",
    ]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("the evaluation ran past its deadline and was stopped"),
        "{stderr}"
    );
}

/// A script that fails on the data stops `evaluate`; under `--lang ru` the
/// error says in Russian which rule's script failed and where, with the
/// script engine's own words.
#[test]
fn evaluate_says_a_script_failure_in_the_language_asked() {
    let dir = tempfile::tempdir().unwrap();
    let files = edited(&[(
        GENERAL,
        COMPLAINTS_FORMULA,
        "formula = \"if gen_recipients > 1 && gen_recipients < 100000000 { nosuch(gen_complaints) } else { per_100(gen_complaints, gen_recipients) }\"",
    )]);
    write(&files, dir.path());
    let line = line_of(files.get(GENERAL).unwrap(), "formula = \"if gen_recipients");
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data");
    let run = |lang: &str| {
        let out = etalon(&[
            "evaluate",
            "--rules",
            dir.path().to_str().unwrap(),
            "--data",
            data.to_str().unwrap(),
            "--period",
            "2026-Q3",
            "--lang",
            lang,
        ]);
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        stderr
    };
    let ru = run("ru");
    assert!(
        ru.contains(&format!(
            "{GENERAL}:{line}:66: скрипт правила `gen_complaints_per_100` завершился ошибкой: \
             Function not found: nosuch (decimal)"
        )),
        "{ru}"
    );
    let en = run("en");
    assert!(
        en.contains(&format!(
            "{GENERAL}:{line}:66: rule `gen_complaints_per_100`: Function not found: nosuch (decimal)"
        )),
        "{en}"
    );
}
