//! The hostile-script corpus (`tests/hostile/*.rhai`): each script is
//! stopped with the error its first line names (`// expect: ...`), and
//! nothing hangs, crashes or reads a file.

use std::path::Path;

use chrono::NaiveDate;
use etalon::{
    Complaint, DatasetBuilder, EvaluationError, Limit, Methodology, OrgTree, PackageFiles,
};

fn package(script: &str) -> PackageFiles {
    [
        (
            "etalon.toml",
            "[package]\nid = \"hostile\"\nname = \"h\"\nversion = \"1\"\nedition = \"t\"\nin_force_from = 2026-01-01\n\
             [contents]\nprocesses = [\"general.toml\"]\nscripts = [\"attack.rhai\"]\n",
        ),
        (
            "general.toml",
            "[[measure]]\nid = \"complaints\"\nname = \"c\"\ntable = \"complaints\"\n\n\
             [[indicator]]\nid = \"attacked\"\nname = \"a\"\nunit = \"count\"\ndirection = \"lower_is_better\"\nformula = \"attack(complaints)\"\n",
        ),
        ("attack.rhai", script),
    ]
    .into_iter()
    .collect()
}

fn data() -> etalon::Dataset {
    let mut tree = OrgTree::builder("R", "r");
    tree.group("G", "g").unwrap();
    tree.org("O", "o", "G", "t").unwrap();
    tree.unit("U", "u", "O", []).unwrap();
    let mut b = DatasetBuilder::new(tree.build().unwrap());
    b.add(&Complaint::new(
        "K",
        "U",
        NaiveDate::from_ymd_opt(2026, 7, 1).unwrap(),
    ))
    .unwrap();
    b.finish().unwrap()
}

fn limit(name: &str) -> Limit {
    match name {
        "operations" => Limit::Operations,
        "call_depth" => Limit::CallDepth,
        "string_size" => Limit::StringSize,
        "array_size" => Limit::ArraySize,
        "map_size" => Limit::MapSize,
        "variables" => Limit::Variables,
        other => panic!("unknown limit `{other}` in a corpus header"),
    }
}

#[test]
fn every_hostile_script_is_stopped_with_its_named_error() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    assert!(entries.len() >= 12);
    let data = data();
    for path in entries {
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let text = std::fs::read_to_string(&path).unwrap();
        let expect = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("// expect: "))
            .unwrap_or_else(|| panic!("{name}: no header"));
        let mut words = expect.split_whitespace();
        let kind = words.next().unwrap();
        let compiled = Methodology::compile(&package(&text));
        if kind == "compile" {
            let code = words.next().unwrap();
            let diags = compiled.err().unwrap_or_else(|| panic!("{name}: compiled"));
            let d = diags.iter().find(|d| d.is_error()).unwrap();
            assert_eq!(d.code, code, "{name}: {d}");
            assert_eq!(d.file, "attack.rhai", "{name}: {d}");
            assert!(d.line > 0, "{name}: a place is given: {d}");
            continue;
        }
        let m = compiled.unwrap_or_else(|d| panic!("{name}: {d}"));
        let err = m
            .evaluate(&data, "2026-Q3".parse().unwrap())
            .err()
            .unwrap_or_else(|| panic!("{name}: ran to the end"));
        let EvaluationError::Script(err) = err else {
            panic!("{name}: {err}")
        };
        assert_eq!(err.rule, "attacked", "{name}");
        if kind == "failed" {
            assert_eq!(err.limit(), None, "{name}: {err}");
            assert!(err.to_string().contains("open_file"), "{name}: {err}");
        } else {
            assert_eq!(err.limit(), Some(limit(kind)), "{name}: {err}");
            assert!(
                err.to_string().contains(&limit(kind).to_string()),
                "{name}: {err}"
            );
        }
    }
}

/// A host may call from a thread with a small stack (a JVM thread has
/// 1 MB): deep scripts run on the engine's own stack, so they end in an
/// error, never in a stack overflow that would end the host's process.
#[test]
fn deep_scripts_are_safe_on_a_small_host_stack() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/hostile");
    let recursion = std::fs::read_to_string(dir.join("deep_recursion.rhai")).unwrap();
    let expression = std::fs::read_to_string(dir.join("deep_expression.rhai")).unwrap();
    let outcome = std::thread::Builder::new()
        .stack_size(128 * 1024)
        .spawn(move || {
            let m = Methodology::compile(&package(&recursion)).expect("compiles");
            let e = m.evaluate(&data(), "2026-Q3".parse().unwrap()).unwrap_err();
            let refused = Methodology::compile(&package(&expression)).is_err();
            (e, refused)
        })
        .unwrap()
        .join()
        .expect("no overflow");
    let EvaluationError::Script(e) = outcome.0 else {
        panic!("{}", outcome.0)
    };
    assert_eq!(e.limit(), Some(Limit::CallDepth));
    assert!(outcome.1);
}
