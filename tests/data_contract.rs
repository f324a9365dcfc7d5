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
    // Found when the package meets the data: named in its file, on the
    // header's line, as a problem found while reading is.
    assert_eq!(
        d.to_string(),
        format!(
            "{}, line 1: surveys, field `overal`: not a column of surveys nor an item of the \
             package's questionnaire (did you mean `overall`?); a host that carries other \
             columns declares them as extra columns",
            path.display()
        )
    );
    assert_eq!(
        (d.file.clone(), d.line),
        (Some(path.display().to_string().into()), Some(1))
    );
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
    // The second unit is on the file's line 3.
    assert_eq!(
        (d.file.clone(), d.line),
        (Some(path.display().to_string().into()), Some(3))
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

/// The sample with the first case applied on `date` (line 2 of cases.csv).
fn sample_with_first_case_on(date: &str) -> tempfile::TempDir {
    let dir = sample_copy();
    let path = dir.path().join("cases.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let mut cells: Vec<String> = lines[1].split(',').map(String::from).collect();
    cells[4] = date.to_string();
    // No later date of the case may come before it.
    for i in [5, 6, 9, 10, 11] {
        cells[i].clear();
    }
    lines[1] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn implausible_dates_are_refused_with_the_range() {
    let m = standard();
    let period = "2026-Q3".parse().unwrap();
    for date in ["0001-01-01", "1999-12-31", "2099-05-01"] {
        let dir = sample_with_first_case_on(date);
        let data = load_dataset(dir.path()).unwrap();
        let e = m.evaluate(&data, period).unwrap_err();
        let EvaluationError::Data(d) = e else {
            panic!("{date}: {e}")
        };
        assert_eq!(
            (d.table.as_str(), d.row, d.field.as_deref()),
            ("cases", Some(1), Some("applied_on")),
            "{date}"
        );
        assert_eq!(
            d.to_string(),
            format!(
                "{}, line 2: cases, row 1, field `applied_on`: the date is outside the dates the \
                 package accepts, 2000-01-01 to 2029-09-30 (1096 days after the end of 2026-Q3)",
                dir.path().join("cases.csv").display()
            )
        );
    }
}

/// The sample with its first case's id broken over two lines (a quoted
/// line break: record 1 spans lines 2 and 3) and the fifth case applied on
/// `date` (the file's line 7).
fn sample_with_a_record_on_two_lines(date: &str) -> tempfile::TempDir {
    let dir = sample_copy();
    let path = dir.path().join("cases.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let (id, rest) = lines[1].split_once(',').unwrap();
    lines[1] = format!("\"{}\n{}\",{rest}", &id[..8], &id[8..]);
    let mut cells: Vec<String> = lines[5].split(',').map(String::from).collect();
    cells[4] = date.to_string();
    for i in [5, 6, 9, 10, 11] {
        cells[i].clear();
    }
    lines[5] = cells.join(",");
    std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    dir
}

#[test]
fn a_problem_found_at_evaluation_names_the_files_own_line() {
    let dir = sample_with_a_record_on_two_lines("0001-01-01");
    let path = dir.path().join("cases.csv");
    let m = standard();
    let e = evaluate(&m, dir.path()).unwrap_err();
    assert_eq!(
        e,
        format!(
            "{}, line 7: cases, row 5, field `applied_on`: the date is outside the dates the \
             package accepts, 2000-01-01 to 2029-09-30 (1096 days after the end of 2026-Q3)",
            path.display()
        )
    );
    // The envelope every face reads carries the same place.
    let request = etalon::folder::FolderRequest {
        folder: dir.path(),
        options: etalon::EvaluationOptions::new("2026-Q3".parse().unwrap()),
        load: LoadOptions::default(),
        timeout: None,
    };
    let env = etalon::error::Envelope::from(
        etalon::folder::evaluate_folder(&m, request, |_| {}).unwrap_err(),
    );
    assert_eq!(env.code.as_str(), "E-DATA-RECORD");
    assert_eq!(env.message, e);
    let f = &env.fields;
    assert_eq!(
        (
            f.file.as_deref(),
            f.line,
            f.table.as_deref(),
            f.row,
            f.field.as_deref()
        ),
        (
            Some(path.display().to_string().as_str()),
            Some(7),
            Some("cases"),
            Some(5),
            Some("applied_on")
        )
    );
}

#[test]
fn a_column_the_package_reads_is_named_on_the_header_line() {
    let dir = sample_copy();
    drop_column(dir.path(), "cases.csv", 6);
    let e = evaluate(&standard(), dir.path()).unwrap_err();
    assert!(
        e.starts_with(&format!(
            "{}, line 1: cases, field `decided_on`: the rule package reads this column, but the \
             table does not have it; the columns given are: case_id, process,",
            dir.path().join("cases.csv").display()
        )),
        "{e}"
    );
}

#[test]
fn a_package_may_make_implausible_dates_a_counted_warning() {
    let mut files = etalon::standard_files();
    let manifest = files.get("etalon.toml").unwrap().to_string();
    files.insert(
        "etalon.toml",
        manifest
            .replacen("dates_from = 2000-01-01", "dates_from = 2010-01-01", 1)
            .replacen(
                "implausible_dates = \"error\"",
                "implausible_dates = \"warning\"",
                1,
            ),
    );
    let m = Methodology::compile(&files).unwrap();
    assert_eq!(
        m.manifest().dates.from,
        chrono::NaiveDate::from_ymd_opt(2010, 1, 1).unwrap()
    );
    let dir = sample_with_first_case_on("2009-12-31");
    let data = load_dataset(dir.path()).unwrap();
    let e = m.evaluate(&data, "2026-Q3".parse().unwrap()).unwrap();
    let note = e
        .notes
        .iter()
        .find(|n| n.code == "dates-implausible")
        .expect("a note");
    assert_eq!(
        note.message,
        format!(
            "records of `cases` with `applied_on` outside 2010-01-01 to 2029-09-30: 1 (the \
             first is record 1, {} line 2); they are counted as they are",
            dir.path().join("cases.csv").display()
        )
    );
    assert_eq!(
        note.message_ru,
        format!(
            "записей таблицы `cases` с полем `applied_on` вне дат 2010-01-01 — 2029-09-30: 1 \
             (первая — запись 1, {} строка 2); они учтены как есть",
            dir.path().join("cases.csv").display()
        )
    );
    assert!(e.to_json().contains("dates-implausible"));
}

/// `file` of `dir` rewritten with `;` between cells, in `encoding`, with
/// a UTF-8 byte-order mark when asked.
fn re_export(dir: &Path, file: &str, cp1251: bool, bom: bool) {
    let path = dir.join(file);
    let mut reader = csv::Reader::from_path(&path).unwrap();
    let mut rows = vec![reader.headers().unwrap().clone()];
    rows.extend(reader.records().map(Result::unwrap));
    let mut out = csv::WriterBuilder::new()
        .delimiter(b';')
        .from_writer(Vec::new());
    for row in &rows {
        out.write_record(row).unwrap();
    }
    let text = String::from_utf8(out.into_inner().unwrap()).unwrap();
    let bytes = if cp1251 {
        encoding_rs::WINDOWS_1251.encode(&text).0.into_owned()
    } else if bom {
        [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat()
    } else {
        text.into_bytes()
    };
    std::fs::write(&path, bytes).unwrap();
}

#[test]
fn russian_exports_are_read_as_they_are() {
    let m = standard();
    let full = evaluate(&m, &sample()).unwrap();
    let dir = sample_copy();
    // The tree's Russian names in Windows-1251, the cases with a BOM; all
    // separated by semicolons.
    re_export(dir.path(), "units.csv", true, false);
    re_export(dir.path(), "cases.csv", false, true);
    re_export(dir.path(), "surveys.csv", false, false);
    assert_eq!(evaluate(&m, dir.path()).unwrap(), full);
    // Every file so, declared rather than detected: the same.
    let dir = sample_copy();
    for entry in std::fs::read_dir(dir.path()).unwrap() {
        let file = entry.unwrap().file_name().to_string_lossy().to_string();
        re_export(dir.path(), &file, true, false);
    }
    let options = LoadOptions {
        encoding: Some(etalon::io::TextEncoding::Windows1251),
        separator: Some(b';'),
        ..LoadOptions::default()
    };
    let data = load_dataset_with(dir.path(), &options).unwrap();
    let period = "2026-Q3".parse().unwrap();
    assert_eq!(m.evaluate(&data, period).unwrap().to_json(), full);
}

#[test]
fn a_semicolon_file_read_with_a_comma_says_so() {
    let dir = sample_copy();
    re_export(dir.path(), "audits.csv", false, false);
    let options = LoadOptions {
        separator: Some(b','),
        ..LoadOptions::default()
    };
    let e = load_dataset_with(dir.path(), &options).unwrap_err();
    let d = e.data_error().expect("a data error");
    assert_eq!(
        d.field.as_deref(),
        Some("audit_id;unit_id;planned_on;held_on;findings;major_findings")
    );
    assert!(
        d.message.ends_with(
            "; the header was read as one column holding `;`: the file seems separated by `;`, \
             not by `,` as declared"
        ),
        "{d}"
    );
}

#[test]
fn other_encodings_and_binary_files_are_refused_naming_what_was_found() {
    let refused = |bytes: &[u8], found: &str| {
        let dir = sample_copy();
        let path = dir.path().join("audits.csv");
        std::fs::write(&path, bytes).unwrap();
        let e = load_dataset(dir.path()).unwrap_err();
        assert!(matches!(e, LoadError::Encoding { .. }), "{e}");
        assert_eq!(
            e.to_string(),
            format!(
                "{}: the file is {found}; etalon reads UTF-8 (with or without a byte-order mark) \
                 and Windows-1251",
                path.display()
            )
        );
    };
    refused(
        b"\xFF\xFEa\x00u\x00",
        "UTF-16 text (it starts with a UTF-16 byte-order mark)",
    );
    refused(
        &[0u8; 100_000],
        "binary data, not text (a NUL byte at offset 0)",
    );
    refused(
        b"audit_id,unit_id\n\x80\x81\x82,x\n",
        "text that is neither UTF-8 nor Windows-1251 (byte 0x80 at offset 17)",
    );
}

#[test]
fn a_huge_header_name_is_cut_in_the_message() {
    let dir = sample_copy();
    let name = "x".repeat(100_000);
    std::fs::write(dir.path().join("audits.csv"), format!("{name}\n1\n")).unwrap();
    let e = load_dataset(dir.path()).unwrap_err();
    let field = e.data_error().unwrap().field.clone().unwrap();
    assert_eq!(field, format!("{}… (100000 characters)", "x".repeat(64)));
    assert!(e.to_string().len() < 2_000, "{}", e.to_string().len());
}

#[test]
fn every_problem_is_reported_at_once_sorted_by_file_and_line() {
    let dir = sample_copy();
    let edit = |file: &str, line: usize, from: &str, to: &str| {
        let path = dir.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines: Vec<String> = text.lines().map(String::from).collect();
        assert!(lines[line - 1].contains(from), "{file}:{line}");
        lines[line - 1] = lines[line - 1].replacen(from, to, 1);
        std::fs::write(&path, lines.join("\n") + "\n").unwrap();
    };
    edit("complaints.csv", 3, ",U00", ",X00");
    edit("cases.csv", 40, ",U00", ",X00");
    edit("cases.csv", 7, ",U00", ",X00");
    let e = load_dataset(dir.path()).unwrap_err();
    let LoadError::Problems { problems, stopped } = &e else {
        panic!("{e}")
    };
    assert!(!stopped);
    let places: Vec<(String, Option<u64>)> = problems
        .iter()
        .map(|p| {
            let file = p.path().file_name().unwrap().to_string_lossy().to_string();
            (file, p.line())
        })
        .collect();
    assert_eq!(
        places,
        [
            ("cases.csv".to_string(), Some(7)),
            ("cases.csv".to_string(), Some(40)),
            ("complaints.csv".to_string(), Some(3)),
        ]
    );
    // The rows after a bad row keep their numbers.
    assert_eq!(problems[1].data_error().unwrap().row, Some(39));
    assert!(
        e.to_string().starts_with("3 problems in the data:\n  "),
        "{e}"
    );
    let env = etalon::error::Envelope::from(e);
    assert_eq!(env.problems.len(), 3);
    assert_eq!(env.fields.line, Some(7));
    assert_eq!(env.problems[2].fields.table.as_deref(), Some("complaints"));
    // At the limit, loading stops and says so.
    let options = LoadOptions {
        max_problems: Some(2),
        ..LoadOptions::default()
    };
    let e = load_dataset_with(dir.path(), &options).unwrap_err();
    assert!(
        matches!(e, LoadError::Problems { stopped: true, ref problems } if problems.len() == 2)
    );
    assert!(
        e.to_string().starts_with(
            "2 problems in the data (loading stopped at this limit; there may be more):"
        )
    );
}

/// A Windows export (CRLF line endings) with blank lines: every problem is
/// on the file's own line, as in a plain LF file.
#[test]
fn lines_are_the_files_own_in_crlf_files_with_blank_lines() {
    let dir = sample_copy();
    let path = dir.path().join("cases.csv");
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    lines[6] = lines[6].replacen(",U00", ",X00", 1);
    // A blank line after the header and two before line 7's record: it
    // moves to the file's line 10.
    lines.insert(6, String::new());
    lines.insert(6, String::new());
    lines.insert(1, String::new());
    std::fs::write(&path, lines.join("\r\n") + "\r\n").unwrap();
    let e = load_dataset(dir.path()).unwrap_err();
    assert_eq!(e.line(), Some(10), "{e}");
    assert_eq!(e.data_error().and_then(|d| d.row), Some(6), "{e}");
}

/// The НОК's counts file with CRLF endings and a blank line: the bad value
/// is named on the file's own line.
#[test]
fn a_counts_file_names_its_own_line() {
    let text = "org_id,period,criterion,value\r\nA,2026,1,10\r\n\r\nA,2026,2,x\r\n";
    let table = etalon::scoring::TextTable::from_csv(text).unwrap();
    let lines: Vec<u64> = table.rows.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 4]);
    let bad = "org_id,period\r\nA,2026\r\n\r\nB\r\n";
    let e = etalon::scoring::TextTable::from_csv(bad).unwrap_err();
    assert_eq!(e.line, 4, "{e}");
}
