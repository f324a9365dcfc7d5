//! The bad-input corpus (`tests/bad_inputs/<case>/case.toml`), run through
//! the Rust API and the CLI. The Python and Kotlin bindings run the same
//! folder, so that a new case is added once for every front end.
//!
//! A case names its inputs (`package`, `data`, `period`, or `journal`,
//! relative to its folder; `package = "standard"` for the built-in one) and
//! the error expected: `rule_error` (with a diagnostic `code`, and `file` /
//! `line` when given), `data_error` (`table`, `row`, `field`; the envelope's
//! `code`, `file`, `line` and the number of `problems` when given),
//! `eval_error` or `file_error` (`code`, `file`), `script_limit` (`rule`,
//! `limit`) or `journal_error`. A case whose data folder is not `data`
//! holds files that only a folder can hold (bytes of an encoding, links):
//! the bindings' runners that give tables as records leave it out.

use std::path::{Path, PathBuf};
use std::process::Command;

use etalon::error::{Code, Envelope, Family};
use etalon::report::Lang;
use etalon::{EvaluationError, Methodology, PackageFiles};
use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Case {
    description: String,
    package: Option<String>,
    data: Option<String>,
    period: Option<String>,
    journal: Option<String>,
    expect: Expect,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Expect {
    error: String,
    code: Option<String>,
    file: Option<String>,
    line: Option<u32>,
    table: Option<String>,
    row: Option<u64>,
    field: Option<String>,
    rule: Option<String>,
    limit: Option<String>,
    problems: Option<usize>,
}

fn corpus() -> Vec<(String, PathBuf, Case)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/bad_inputs");
    let mut cases: Vec<_> = std::fs::read_dir(&root)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("case.toml").is_file())
        .map(|dir| {
            let text = std::fs::read_to_string(dir.join("case.toml")).unwrap();
            let case: Case =
                toml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
            (
                dir.file_name().unwrap().to_string_lossy().to_string(),
                dir,
                case,
            )
        })
        .collect();
    cases.sort_by(|a, b| a.0.cmp(&b.0));
    cases
}

fn package(dir: &Path, case: &Case) -> Option<(PackageFiles, Option<PathBuf>)> {
    match case.package.as_deref()? {
        "standard" => Some((etalon::standard_files(), None)),
        p => {
            let path = dir.join(p);
            Some((etalon::io::load_package(&path).unwrap(), Some(path)))
        }
    }
}

/// What the Rust API says, as (kind, detail fields) to compare.
fn through_api(dir: &Path, case: &Case) -> Result<(), String> {
    if let Some(journal) = &case.journal {
        return match etalon::io::read_journal(&dir.join(journal)) {
            Err(e) => Err(format!("journal_error|{e}")),
            Ok(_) => Ok(()),
        };
    }
    let (files, _) = package(dir, case).expect("a package");
    let m = Methodology::compile(&files).map_err(|d| {
        let first = d.iter().find(|x| x.is_error()).expect("an error");
        let codes: Vec<String> = d
            .iter()
            .map(|x| format!("{}@{}:{}", x.code, x.file, x.line))
            .collect();
        format!("rule_error|{}|{}", codes.join(","), first)
    })?;
    let data =
        etalon::io::load_dataset(&dir.join(case.data.as_deref().expect("data"))).map_err(|e| {
            let text = e.to_string();
            let env = Envelope::from(e);
            let f = &env.fields;
            match env.family() {
                Family::Data => format!(
                    "data_error|{}|{}|{}|{text}",
                    f.table.clone().unwrap_or_default(),
                    f.row.map(|r| r.to_string()).unwrap_or_default(),
                    f.field.clone().unwrap_or_default()
                ),
                Family::Io => format!("file_error|{}|{text}", env.code),
                _ => format!("load_error|{text}"),
            }
        })?;
    let period = case
        .period
        .as_deref()
        .expect("period")
        .parse()
        .expect("a period");
    match m.evaluate(&data, period) {
        Ok(_) => Ok(()),
        Err(EvaluationError::Data(d)) => Err(format!(
            "data_error|{}|{}|{}|{d}",
            d.table,
            d.row.map(|r| r.to_string()).unwrap_or_default(),
            d.field.clone().unwrap_or_default()
        )),
        Err(EvaluationError::Script(s)) => Err(match s.limit() {
            Some(limit) => format!(
                "script_limit|{}|{}|{s}",
                s.rule,
                serde_json::to_value(limit).unwrap().as_str().unwrap()
            ),
            None => format!("script_error|{}|{s}", s.rule),
        }),
        Err(other @ EvaluationError::OutsideCoverage { .. }) => Err(format!(
            "eval_error|{}|{other}",
            Envelope::from(other.clone()).code
        )),
        Err(other) => Err(format!("other|{other}")),
    }
}

fn check(name: &str, case: &Case, got: &str) {
    let e = &case.expect;
    let parts: Vec<&str> = got.split('|').collect();
    assert_eq!(parts[0], e.error, "{name} ({}): {got}", case.description);
    match e.error.as_str() {
        "rule_error" => {
            let code = e.code.as_deref().expect("a code");
            let wanted = |d: &&str| {
                let (c, place) = d.split_once('@').unwrap();
                c == code
                    && e.file
                        .as_ref()
                        .is_none_or(|f| place.starts_with(&format!("{f}:")))
                    && e.line.is_none_or(|l| place.ends_with(&format!(":{l}")))
            };
            assert!(parts[1].split(',').any(|d| wanted(&d)), "{name}: {got}");
        }
        "data_error" => {
            assert_eq!(Some(parts[1]), e.table.as_deref(), "{name}: {got}");
            assert_eq!(
                parts[2],
                e.row.map(|r| r.to_string()).unwrap_or_default(),
                "{name}: {got}"
            );
            let field = Some(parts[3]).filter(|f| !f.is_empty());
            assert_eq!(field, e.field.as_deref(), "{name}: {got}");
        }
        "script_limit" => {
            assert_eq!(Some(parts[1]), e.rule.as_deref(), "{name}: {got}");
            assert_eq!(Some(parts[2]), e.limit.as_deref(), "{name}: {got}");
        }
        "eval_error" | "file_error" => {
            assert_eq!(Some(parts[1]), e.code.as_deref(), "{name}: {got}");
        }
        _ => {}
    }
}

#[test]
fn every_bad_input_gives_its_error_through_the_api() {
    let cases = corpus();
    assert!(cases.len() >= 15);
    for (name, dir, case) in &cases {
        let got = through_api(dir, case)
            .err()
            .unwrap_or_else(|| panic!("{name}: no error"));
        check(name, case, &got);
    }
}

/// The envelope of the case's error, through the same calls as
/// [`through_api`].
fn envelope(dir: &Path, case: &Case) -> Option<Envelope> {
    if let Some(journal) = &case.journal {
        return etalon::io::read_journal(&dir.join(journal))
            .err()
            .map(Envelope::from);
    }
    let (files, _) = package(dir, case)?;
    let m = match Methodology::compile(&files) {
        Ok(m) => m,
        Err(d) => return Some(d.into()),
    };
    let data = match etalon::io::load_dataset(&dir.join(case.data.as_deref()?)) {
        Ok(data) => data,
        Err(e) => return Some(e.into()),
    };
    let period = case.period.as_deref()?.parse().ok()?;
    m.evaluate(&data, period).err().map(Envelope::from)
}

#[test]
fn every_bad_input_gives_its_envelope() {
    for (name, dir, case) in corpus() {
        let env = envelope(&dir, &case).unwrap_or_else(|| panic!("{name}: no error"));
        let e = &case.expect;
        let family = match e.error.as_str() {
            "rule_error" => Family::Package,
            "data_error" => Family::Data,
            "script_limit" => Family::Limit,
            "journal_error" => Family::Journal,
            "eval_error" => Family::Eval,
            "file_error" => Family::Io,
            other => panic!("{name}: no family for `{other}`"),
        };
        assert_eq!(env.family(), family, "{name}: {env:?}");
        assert!(!env.message.is_empty(), "{name}");
        match family {
            Family::Package => {
                let code = e.code.as_deref().expect("a code");
                assert_eq!(env.code, Code::PackageInvalid, "{name}");
                assert!(
                    env.diagnostics.iter().any(|d| d.code == code),
                    "{name}: {env:?}"
                );
            }
            Family::Data => {
                let code = e.code.as_deref().unwrap_or("E-DATA-RECORD");
                assert_eq!(env.code.as_str(), code, "{name}");
                assert_eq!(env.fields.table, e.table, "{name}");
                assert_eq!(env.fields.row, e.row, "{name}");
                assert_eq!(env.fields.field, e.field, "{name}");
                if let Some(line) = e.line {
                    assert_eq!(env.fields.line, Some(u64::from(line)), "{name}: {env:?}");
                }
                if let Some(file) = &e.file {
                    let shown = env.fields.file.clone().unwrap_or_default();
                    assert!(shown.ends_with(&format!("/{file}")), "{name}: {shown}");
                }
                assert_eq!(
                    env.problems.len(),
                    e.problems.unwrap_or(0),
                    "{name}: {env:?}"
                );
                // Its words are in the catalogue in both languages, the
                // English as the error displays them.
                assert_eq!(
                    env.catalogued(Lang::En).as_deref(),
                    Some(env.message.as_str()),
                    "{name}"
                );
                let russian = env.catalogued(Lang::Ru);
                assert!(
                    russian.as_ref().is_some_and(|r| *r != env.message),
                    "{name}: {russian:?}"
                );
            }
            Family::Eval | Family::Io => {
                assert_eq!(Some(env.code.as_str()), e.code.as_deref(), "{name}");
                if let Some(file) = &e.file {
                    let shown = env.fields.file.clone().unwrap_or_default();
                    assert!(shown.ends_with(&format!("/{file}")), "{name}: {shown}");
                }
            }
            Family::Limit => {
                assert_eq!(env.code, Code::LimitScript, "{name}");
                assert_eq!(env.fields.rule, e.rule, "{name}");
                assert_eq!(env.fields.limit, e.limit, "{name}");
                assert!(
                    env.fields.file.is_some() && env.fields.line.is_some(),
                    "{name}"
                );
            }
            _ => {
                assert_eq!(env.code, Code::JournalDamaged, "{name}");
                assert!(
                    env.fields.file.is_some() && env.fields.line.is_some(),
                    "{name}"
                );
                // The file, the line and what is wrong, from the catalogue.
                assert_eq!(
                    env.catalogued(Lang::En).as_deref(),
                    Some(env.message.as_str()),
                    "{name}"
                );
                let russian = env.catalogued(Lang::Ru).unwrap_or_default();
                assert!(russian.contains(": строка "), "{name}: {russian}");
            }
        }
    }
}

#[test]
fn every_bad_input_gives_a_one_line_error_through_the_cli() {
    for (name, dir, case) in corpus() {
        let args: Vec<String> = if let Some(journal) = &case.journal {
            vec![
                "journal".into(),
                "verify".into(),
                "--journal".into(),
                dir.join(journal).to_string_lossy().into(),
            ]
        } else {
            let (_, path) = package(&dir, &case).unwrap();
            let mut a = vec!["evaluate".to_string()];
            if let Some(p) = path {
                a.extend(["--rules".to_string(), p.to_string_lossy().into()]);
            }
            a.extend([
                "--data".to_string(),
                dir.join(case.data.as_deref().unwrap())
                    .to_string_lossy()
                    .into(),
                "--period".to_string(),
                case.period.clone().unwrap(),
            ]);
            a
        };
        let out = Command::new(env!("CARGO_BIN_EXE_etalon"))
            // The messages asserted are the English ones.
            .env("LC_ALL", "en_US.UTF-8")
            .args(&args)
            .env_remove("RUST_BACKTRACE")
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        let stdout = String::from_utf8_lossy(&out.stdout);
        assert!(
            matches!(out.status.code(), Some(1) | Some(2)),
            "{name}: exit {:?}\n{stdout}{stderr}",
            out.status.code()
        );
        assert!(
            !stderr.contains("panicked") && !stderr.contains("backtrace"),
            "{name}: {stderr}"
        );
        let said = format!("{stdout}{stderr}");
        let e = &case.expect;
        // A rule error's code is a diagnostic's, which the CLI prints.
        let code = e.code.as_ref().filter(|_| e.error == "rule_error");
        for detail in [code, e.table.as_ref(), e.field.as_ref(), e.rule.as_ref()]
            .into_iter()
            .flatten()
        {
            assert!(
                said.contains(detail.as_str()),
                "{name}: `{detail}` not named:\n{said}"
            );
        }
        if let Some(limit) = &e.limit {
            let words = limit.replace('_', " ");
            assert!(
                said.contains(&words) || said.contains("operation budget") && limit == "operations",
                "{name}: {said}"
            );
        }
    }
}
