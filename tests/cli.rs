//! The `etalon` binary, run for real: exit codes, messages, no panics.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn etalon(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_etalon"))
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
    let out = etalon(&["rules", "check", "rules"]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains("0 error(s), 0 warning(s)"),
        "{}",
        text(&out)
    );
}

#[test]
fn a_broken_package_exits_1_with_every_problem() {
    let out = etalon(&["rules", "check", "tests/fixtures/broken_package"]);
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
    assert_eq!(v["diagnostics"][0]["file"], "etalon.toml");
}

#[test]
fn bad_paths_and_arguments_are_one_line_errors() {
    let out = etalon(&["rules", "check", "no/such/dir"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).starts_with("etalon: error: no/such/dir: not a directory"),
        "{}",
        err(&out)
    );
    let out = etalon(&["evaluate", "--data", "examples/data", "--period", "2026-Q5"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("2026-Q5"), "{}", err(&out));
    let out = etalon(&["evaluate", "--data", "examples/data", "--period", "2019-Q1"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).contains("in force from 2025-01-01"),
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
    let out = etalon(&["evaluate", "--data", &data, "--period", "2026-Q3"]);
    assert_eq!(out.status.code(), Some(2));
    let e = err(&out);
    assert!(
        e.contains(
            "cases.csv, line 2: cases, row 1, field `ended_on`: the date is before started_on"
        ),
        "{e}"
    );
}

#[test]
fn demo_finds_every_planted_deviation() {
    let out = etalon(&["demo", "--scale", "sample"]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(t.contains("Deviations      warning  critical"), "{t}");
    assert!(t.matches("[found]").count() >= 12, "{t}");
    assert!(!t.contains("MISSED"), "{t}");
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
