//! Limits a host can set, and what bad input may never leak.

use std::path::{Path, PathBuf};
use std::process::Command;

use etalon::{
    Cancel, CompileOptions, EvaluationError, EvaluationOptions, Methodology, ScriptLimits,
    io::{LoadOptions, load_dataset_with},
};

fn small_region() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small_region")
}

fn small() -> (Methodology, etalon::Dataset) {
    let files = etalon::io::load_package(&small_region().join("package")).unwrap();
    let m = Methodology::compile(&files).unwrap();
    let data = etalon::io::load_dataset(&small_region().join("data")).unwrap();
    (m, data)
}

#[test]
fn record_limits_are_named_errors() {
    let (m, data) = small();
    let q3 = "2026-Q3".parse().unwrap();
    let e = m
        .evaluate_with(&data, &EvaluationOptions::new(q3).with_max_records(5))
        .unwrap_err();
    assert_eq!(
        e,
        EvaluationError::TooManyRecords {
            records: data.total_records(),
            limit: 5
        }
    );
    let envelope = etalon::Envelope::from(e);
    assert_eq!(envelope.code.as_str(), "E-LIMIT-RECORDS");
    assert_eq!(envelope.fields.limit.as_deref(), Some("records"));
    // Reading past the limit: the same code, at the first record past it.
    let cases = small_region().join("data/cases.csv");
    let e = load_dataset_with(
        &small_region().join("data"),
        &LoadOptions {
            max_records: Some(4),
            ..LoadOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(
        e.to_string(),
        format!(
            "{}, line 6: more than 4 records in all tables: this host accepts at most 4",
            cases.display()
        )
    );
    let envelope = etalon::Envelope::from(e);
    assert_eq!(envelope.code.as_str(), "E-LIMIT-RECORDS");
    assert_eq!(envelope.fields.limit.as_deref(), Some("records"));
    assert_eq!(envelope.fields.file, Some(cases.display().to_string()));
    assert_eq!(
        (envelope.fields.table.as_deref(), envelope.fields.line),
        (Some("cases"), Some(6))
    );
}

#[test]
fn cancellation_and_deadlines_stop_an_evaluation() {
    let (m, data) = small();
    let q3 = "2026-Q3".parse().unwrap();
    let cancel = Cancel::new();
    cancel.clone().cancel();
    let e = m
        .evaluate_with(&data, &EvaluationOptions::new(q3).with_cancel(cancel))
        .unwrap_err();
    assert_eq!(e, EvaluationError::Cancelled);
    let e = m
        .evaluate_with(
            &data,
            &EvaluationOptions::new(q3).with_timeout(std::time::Duration::ZERO),
        )
        .unwrap_err();
    assert_eq!(e, EvaluationError::DeadlineExceeded);
    // A flag never set changes nothing.
    let e = m
        .evaluate_with(
            &data,
            &EvaluationOptions::new(q3).with_cancel(Cancel::new()),
        )
        .unwrap();
    assert_eq!(e, m.evaluate(&data, q3).unwrap());
}

#[test]
fn a_host_caps_package_size_and_script_budgets() {
    let files = etalon::standard_files();
    let d = Methodology::compile_with(
        &files,
        &CompileOptions {
            max_package_bytes: Some(1000),
            ..CompileOptions::default()
        },
    )
    .unwrap_err();
    assert_eq!(d.iter().next().unwrap().code, "package-too-large");
    let cap = ScriptLimits {
        max_operations: 500,
        ..ScriptLimits::default()
    };
    let m = Methodology::compile_with(
        &files,
        &CompileOptions {
            limits_cap: Some(cap),
            ..CompileOptions::default()
        },
    )
    .unwrap();
    assert_eq!(
        m.manifest().limits.max_operations,
        500,
        "the lower of package and host wins"
    );
}

#[test]
fn the_cli_applies_record_limits_and_timeouts() {
    let data = small_region().join("data");
    let package = small_region().join("package");
    let (data, package) = (data.to_str().unwrap(), package.to_str().unwrap());
    let evaluate = |extra: &[&str]| {
        let mut args = vec![
            "evaluate", "--rules", package, "--data", data, "--period", "2026-Q3",
        ];
        args.extend_from_slice(extra);
        Command::new(env!("CARGO_BIN_EXE_etalon"))
            // The messages asserted are the English ones.
            .env("LC_ALL", "en_US.UTF-8")
            .args(&args)
            .output()
            .unwrap()
    };
    let ok = evaluate(&["--max-records", "1000000", "--timeout", "600"]);
    assert!(
        ok.status.success(),
        "{}",
        String::from_utf8_lossy(&ok.stderr)
    );
    for (extra, said) in [
        (vec!["--max-records", "4"], "at most 4"),
        (vec!["--timeout", "0"], "deadline"),
        (
            vec!["--timeout=-1"],
            "--timeout: -1 is not a number of seconds",
        ),
        (
            vec!["--max-operations", "0"],
            "--max-operations: 0 is not a limit: give 1 or more",
        ),
    ] {
        let out = evaluate(&extra);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{extra:?}: {stderr}");
        assert!(stderr.contains(said), "{extra:?}: {stderr}");
        assert_eq!(stderr.trim_end().lines().count(), 1, "{stderr}");
    }
}

/// A value an operator may type by mistake: a person's name, phone and
/// birth date. No error may repeat it.
const PERSONAL: [&str; 3] = ["Иванов Иван Иванович", "+7 912 345-67-89", "1950-03-15"];

fn run(args: &[&str]) -> String {
    let out = Command::new(env!("CARGO_BIN_EXE_etalon"))
        // The messages asserted are the English ones.
        .env("LC_ALL", "en_US.UTF-8")
        .args(args)
        .output()
        .unwrap();
    format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    )
}

#[test]
fn no_error_repeats_a_personal_value_in_any_column() {
    let header = [
        "case_id",
        "process",
        "unit_id",
        "recipient_id",
        "applied_on",
        "decided_on",
        "decision",
        "started_on",
        "ended_on",
        "planned",
        "delivered",
        "delivered_on_time",
        "repeat",
    ];
    let good = [
        "C1",
        "home_care",
        "U1",
        "P1",
        "2026-07-01",
        "2026-07-02",
        "granted",
        "2026-07-03",
        "2026-07-04",
        "5",
        "4",
        "4",
        "false",
    ];
    let dir = tempfile::tempdir().unwrap();
    for f in ["units.csv", "deliveries.csv", "complaints.csv"] {
        std::fs::copy(small_region().join("data").join(f), dir.path().join(f)).unwrap();
    }
    let data = dir.path().to_string_lossy().to_string();
    let mut checked = 0;
    for (column, _) in header.iter().enumerate() {
        for value in PERSONAL {
            let mut row: Vec<String> = good.iter().map(|s| s.to_string()).collect();
            row[column] = format!("\"{value}\"");
            // A second record repeats the first's id, so that even a column
            // that accepts the value ends in an error naming a record.
            let mut second = row.clone();
            second[3] = "P2".to_string();
            std::fs::write(
                dir.path().join("cases.csv"),
                format!(
                    "{}\n{}\n{}\n",
                    header.join(","),
                    row.join(","),
                    second.join(",")
                ),
            )
            .unwrap();
            let loaded = etalon::io::load_dataset(dir.path());
            let api = match &loaded {
                Err(e) => e.to_string(),
                Ok(d) => match Methodology::compile(
                    &etalon::io::load_package(&small_region().join("package")).unwrap(),
                )
                .unwrap()
                .evaluate(d, "2026-Q3".parse().unwrap())
                {
                    Err(e) => e.to_string(),
                    Ok(_) => continue,
                },
            };
            let cli = run(&[
                "evaluate",
                "--rules",
                &small_region().join("package").to_string_lossy(),
                "--data",
                &data,
                "--period",
                "2026-Q3",
                "--format",
                "json",
            ]);
            for text in [&api, &cli] {
                for part in value.split_whitespace().filter(|p| p.len() > 3) {
                    assert!(
                        !text.contains(part),
                        "column `{}` with `{value}` leaked `{part}`:\n{text}",
                        header[column]
                    );
                }
            }
            checked += 1;
        }
    }
    assert!(checked >= 20, "only {checked} cases ended in an error");
}
