//! The data contract on whole data folders: every column of the sample
//! removed in turn, unknown and declared extra columns, data files that
//! are not regular files, encodings and separators, every problem at once,
//! and a period outside the data.

use std::path::{Path, PathBuf};

use etalon::io::{LoadError, LoadOptions, load_dataset, load_dataset_with};
use etalon::{EvaluationError, Methodology, TableKind};

use crate::support::standard;

fn sample() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data")
}

/// A copy of the sample, to break.
fn sample_copy() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for entry in std::fs::read_dir(sample()).unwrap() {
        let path = entry.unwrap().path();
        std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
    }
    dir
}

/// `file` of `dir` without its column `column`.
fn drop_column(dir: &Path, file: &str, column: usize) {
    let path = dir.join(file);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut rows = vec![reader.headers().unwrap().clone()];
    rows.extend(reader.records().map(Result::unwrap));
    let mut out = csv::Writer::from_path(&path).unwrap();
    for row in rows {
        let kept: Vec<&str> = row
            .iter()
            .enumerate()
            .filter(|(i, _)| *i != column)
            .map(|(_, c)| c)
            .collect();
        out.write_record(kept).unwrap();
    }
    out.flush().unwrap();
}

fn evaluate(m: &Methodology, dir: &Path) -> Result<String, String> {
    let data = load_dataset(dir).map_err(|e| e.to_string())?;
    m.evaluate(&data, "2026-Q3".parse().unwrap())
        .map(|e| e.to_json())
        .map_err(|e| e.to_string())
}

/// The tables' own columns, the tree's, as `rules/README.md` documents them
/// optional: not required, and not read by the package.
fn documented_optional(m: &Methodology, file: &str, column: &str) -> bool {
    let table = file.trim_end_matches(".csv");
    if table == "units" {
        return column.ends_with("_name");
    }
    let table: TableKind = table.parse().unwrap();
    let def = table.columns().iter().find(|d| d.name == column);
    let is_item = m.questions().iter().any(|q| q.id == column);
    (def.is_some_and(|d| !d.required) || is_item) && !m.columns_read(table).contains(&column)
}

/// An evaluation's JSON without the names of entities.
fn without_names(json: &str) -> serde_json::Value {
    fn strip(v: &mut serde_json::Value) {
        match v {
            serde_json::Value::Object(map) => {
                map.retain(|k, _| !k.ends_with("name"));
                map.values_mut().for_each(strip);
            }
            serde_json::Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let mut v: serde_json::Value = serde_json::from_str(json).unwrap();
    strip(&mut v);
    v
}

#[test]
fn every_column_of_the_sample_removed_is_named_or_changes_nothing() {
    let m = standard();
    let full = evaluate(&m, &sample()).unwrap();
    let mut files: Vec<String> = std::fs::read_dir(sample())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        // The НОК facts are read by `etalon score`, not by a data folder.
        .filter(|f| f.ends_with(".csv") && f != "nok_facts.csv")
        .collect();
    files.sort();
    let mut checked = 0;
    for file in &files {
        let header: Vec<String> = csv::Reader::from_path(sample().join(file))
            .unwrap()
            .headers()
            .unwrap()
            .iter()
            .map(String::from)
            .collect();
        for (i, column) in header.iter().enumerate() {
            let dir = sample_copy();
            drop_column(dir.path(), file, i);
            match evaluate(&m, dir.path()) {
                Err(message) => assert!(
                    message.contains(&format!("`{column}`"))
                        && !documented_optional(&m, file, column),
                    "{file} without {column}: {message}"
                ),
                Ok(json) => {
                    assert!(
                        documented_optional(&m, file, column),
                        "{file} without {column} gives a result"
                    );
                    // The tree's names are for people: without them every
                    // number is the same, the names are not.
                    let same = if column.ends_with("_name") {
                        without_names(&json) == without_names(&full)
                    } else {
                        json == full
                    };
                    assert!(same, "{file} without {column} changes the result");
                }
            }
            checked += 1;
        }
    }
    assert!(checked > 60, "{checked}");
}

#[test]
fn a_misspelt_column_is_refused_with_the_name_meant() {
    let dir = sample_copy();
    let path = dir.path().join("audits.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("held_on", "held_om", 1)).unwrap();
    let e = load_dataset(dir.path()).unwrap_err();
    let d = e.data_error().unwrap();
    assert_eq!(
        (d.table.as_str(), d.field.as_deref()),
        ("audits", Some("held_om"))
    );
    assert!(
        d.message
            .starts_with("unknown column (did you mean `held_on`?); audits has: "),
        "{d}"
    );
    assert_eq!(e.line(), Some(1));
}

#[test]
fn a_misspelt_questionnaire_item_is_refused_when_evaluated() {
    let dir = sample_copy();
    let path = dir.path().join("surveys.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen(",overall,", ",overal,", 1)).unwrap();
    let data = load_dataset(dir.path()).unwrap();
    let e = standard()
        .evaluate(&data, "2026-Q3".parse().unwrap())
        .unwrap_err();
    let EvaluationError::Data(d) = e else {
        panic!("{e}")
    };
    assert_eq!(
        (d.table.as_str(), d.field.as_deref()),
        ("surveys", Some("overal"))
    );
    assert!(d.message.contains("(did you mean `overall`?)"), "{d}");
}

#[test]
fn declared_extra_columns_are_read_past() {
    let dir = sample_copy();
    let path = dir.path().join("cases.csv");
    let mut out = String::new();
    for (i, line) in std::fs::read_to_string(&path).unwrap().lines().enumerate() {
        out.push_str(line);
        out.push_str(if i == 0 { ",export_batch\n" } else { ",7\n" });
    }
    std::fs::write(&path, out).unwrap();
    let e = load_dataset(dir.path()).unwrap_err();
    assert_eq!(
        e.data_error().unwrap().field.as_deref(),
        Some("export_batch")
    );
    let options = LoadOptions {
        extra_columns: vec!["export_batch".to_string()],
        ..LoadOptions::default()
    };
    let m = standard();
    let data = load_dataset_with(dir.path(), &options).unwrap();
    let period = "2026-Q3".parse().unwrap();
    assert_eq!(
        m.evaluate(&data, period).unwrap().to_json(),
        evaluate(&m, &sample()).unwrap()
    );
}

#[test]
fn a_unit_running_an_unknown_process_is_refused() {
    let dir = sample_copy();
    let path = dir.path().join("units.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[2] = format!("{},home_cair", lines[2].rsplit_once(',').unwrap().0);
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    let data = load_dataset(dir.path()).unwrap();
    let e = standard()
        .evaluate(&data, "2026-Q3".parse().unwrap())
        .unwrap_err();
    let EvaluationError::Data(d) = e else {
        panic!("{e}")
    };
    assert_eq!(
        (d.table.as_str(), d.row, d.field.as_deref()),
        ("org_tree", Some(2), Some("processes"))
    );
    assert!(
        d.message.contains(
            "runs `home_cair`, not a process of the rule package (did you mean `home_care`?)"
        ),
        "{d}"
    );
}

#[test]
fn a_period_outside_the_data_is_refused_with_the_coverage() {
    let data = load_dataset(&sample()).unwrap();
    let e = standard()
        .evaluate(&data, "2030-Q1".parse().unwrap())
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "the data covers 2023-04-01 to 2026-09-24 (the main dates of its records); 2030-Q1 \
         lies outside it"
    );
    assert_eq!(
        etalon::error::Envelope::from(e).code.as_str(),
        "E-EVAL-COVERAGE"
    );
}

#[cfg(unix)]
#[test]
fn a_data_file_must_be_a_regular_file() {
    let cases = |dir: &Path| dir.join("cases.csv");
    // A link to a regular file is one.
    let dir = sample_copy();
    std::fs::rename(cases(dir.path()), dir.path().join("real.csv")).unwrap();
    std::os::unix::fs::symlink("real.csv", cases(dir.path())).unwrap();
    load_dataset(dir.path()).unwrap();
    let refused = |make: &dyn Fn(&Path), found: &str| {
        let dir = sample_copy();
        std::fs::remove_file(cases(dir.path())).unwrap();
        make(dir.path());
        let e = load_dataset(dir.path()).unwrap_err();
        assert!(matches!(e, LoadError::NotAFile { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            format!(
                "{}: not a regular file but {found}",
                cases(dir.path()).display()
            )
        );
    };
    let broken = "a symbolic link that leads to nothing or around in a loop";
    refused(
        &|d| std::os::unix::fs::symlink("nowhere.csv", cases(d)).unwrap(),
        broken,
    );
    refused(
        &|d| {
            std::os::unix::fs::symlink("cases.csv", d.join("loop.csv")).unwrap();
            std::os::unix::fs::symlink("loop.csv", cases(d)).unwrap();
        },
        broken,
    );
    refused(&|d| std::fs::create_dir(cases(d)).unwrap(), "a directory");
    refused(
        &|d| {
            let status = std::process::Command::new("mkfifo")
                .arg(cases(d))
                .status()
                .unwrap();
            assert!(status.success());
        },
        "a special file (a FIFO, a socket or a device)",
    );
}
