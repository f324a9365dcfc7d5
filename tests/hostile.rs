//! The hostile-script corpus (`tests/hostile/*.rhai`): each script is
//! stopped with the error its first line names (`// expect: ...`), and
//! nothing hangs, crashes or reads a file. Scripts that parse are run on
//! probe inputs when the package is compiled, so each is refused there,
//! at its own file, with the limit it hit.

use std::path::Path;

use etalon::{Diagnostic, Limit, Methodology, PackageFiles};

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
        let diags = compiled.err().unwrap_or_else(|| panic!("{name}: compiled"));
        let all: Vec<Diagnostic> = diags.iter().cloned().collect();
        let d = stopped_in_attack(&all)
            .unwrap_or_else(|| panic!("{name}: nothing in attack.rhai:\n{diags}"));
        if kind == "failed" {
            assert_eq!(d.code, "script-runtime", "{name}: {d}");
            assert!(d.message.contains("open_file"), "{name}: {d}");
        } else {
            assert_eq!(d.code, "script-limit", "{name}: {d}");
            assert!(
                d.message.contains(&format!(
                    "the script exceeded its {} and was stopped",
                    limit(kind)
                )),
                "{name}: {d}"
            );
        }
    }
}

/// The error the probes found in the attacking function, at its line.
fn stopped_in_attack(diags: &[Diagnostic]) -> Option<&Diagnostic> {
    diags
        .iter()
        .find(|d| d.is_error() && d.file == "attack.rhai" && d.line > 0)
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
            let recursion = Methodology::compile(&package(&recursion)).unwrap_err();
            let refused = Methodology::compile(&package(&expression)).is_err();
            (recursion, refused)
        })
        .unwrap()
        .join()
        .expect("no overflow");
    let diags: Vec<Diagnostic> = outcome.0.iter().cloned().collect();
    let d = stopped_in_attack(&diags).expect("the recursion is found");
    assert_eq!(
        d.message,
        format!(
            "with every argument 0, the script exceeded its {} and was stopped",
            Limit::CallDepth
        )
    );
    assert!(outcome.1);
}
