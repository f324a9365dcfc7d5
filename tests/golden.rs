//! Byte-identity of what the `etalon` command writes, from files to JSON:
//! the evaluation, the НОК and KPI scores and the journal events of the
//! sample (`examples/data`, kept whole under `tests/fixtures/golden/`) and
//! of a generated region (kept as SHA-256 and length, to keep the
//! repository small). Loading and evaluation may be rewritten for speed;
//! their results may not move by a byte.
//!
//! A legitimate change of the outputs (a package edit, a new field) is
//! recorded by running this module once with `ETALON_GOLDEN_UPDATE=1`:
//!
//! ```sh
//! ETALON_GOLDEN_UPDATE=1 cargo test --test integration golden::
//! ```

use std::path::{Path, PathBuf};
use std::process::Command;

use etalon::generate::{RegionSpec, generate};
use sha2::{Digest, Sha256};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn golden_dir() -> PathBuf {
    root().join("tests/fixtures/golden")
}

fn updating() -> bool {
    std::env::var_os("ETALON_GOLDEN_UPDATE").is_some_and(|v| v == "1")
}

/// Runs `etalon args` in the repository and returns its standard output.
fn etalon(args: &[&str]) -> Vec<u8> {
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
        .expect("etalon runs");
    assert_eq!(
        out.status.code(),
        Some(0),
        "etalon {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out.stdout
}

/// The outputs of `data`, by name: the evaluation of 2026-Q3 (the period
/// the README uses), the НОК of 2025, the KPI points of 2026-Q3 and the
/// journal events of applying 2026-Q3 at a fixed time.
fn outputs(data: &Path) -> Vec<(&'static str, Vec<u8>)> {
    let data = data.to_string_lossy().to_string();
    let mut all = vec![
        (
            "evaluation.json",
            etalon(&[
                "evaluate", "--data", &data, "--period", "2026-Q3", "--format", "json",
            ]),
        ),
        (
            "nok.json",
            etalon(&[
                "score", "nok", "--data", &data, "--period", "2025", "--format", "json",
            ]),
        ),
        (
            "kpi.json",
            etalon(&[
                "score", "kpi", "--data", &data, "--period", "2026-Q3", "--format", "json",
            ]),
        ),
    ];
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("journal.jsonl");
    let journal_arg = journal.to_string_lossy().to_string();
    etalon(&[
        "journal",
        "apply",
        "--journal",
        &journal_arg,
        "--data",
        &data,
        "--period",
        "2026-Q3",
        "--at",
        "2026-10-10T09:00:00Z",
    ]);
    all.push(("journal.jsonl", std::fs::read(&journal).unwrap()));
    all
}

/// The first line where `got` and `want` differ, for a readable failure.
fn first_difference(got: &[u8], want: &[u8]) -> String {
    let (got, want) = (String::from_utf8_lossy(got), String::from_utf8_lossy(want));
    got.lines()
        .zip(want.lines())
        .enumerate()
        .find(|(_, (g, w))| g != w)
        .map_or_else(
            || {
                format!(
                    "{} lines against {}",
                    got.lines().count(),
                    want.lines().count()
                )
            },
            |(i, (g, w))| format!("line {}:\n  now:    {g:.300}\n  before: {w:.300}", i + 1),
        )
}

#[test]
fn the_sample_gives_the_same_bytes() {
    let dir = golden_dir();
    for (name, got) in outputs(&root().join("examples/data")) {
        let path = dir.join(format!("sample-{name}"));
        if updating() {
            std::fs::write(&path, &got).unwrap();
            continue;
        }
        let want = std::fs::read(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (see the module's comment)", path.display()));
        assert!(
            got == want,
            "{name} of the sample differs from {}: {}",
            path.display(),
            first_difference(&got, &want)
        );
    }
}

/// A region of 6 groups and 12 institutions, seed 2026, written as the
/// `etalon generate` command writes it.
fn generated_region(dir: &Path) {
    let spec = RegionSpec {
        groups: 6,
        non_residential: 5,
        residential: 3,
        family_children: 4,
        scale: 1.0,
        ..RegionSpec::region(2026)
    };
    generate(&spec).write_csv(dir).unwrap();
}

#[test]
fn a_generated_region_gives_the_same_bytes() {
    let data = tempfile::tempdir().unwrap();
    generated_region(data.path());
    let got: String = outputs(data.path())
        .into_iter()
        .map(|(name, bytes)| {
            let hash: String = Sha256::digest(&bytes)
                .iter()
                .map(|b| format!("{b:02x}"))
                .collect();
            format!("{name} {hash} {}\n", bytes.len())
        })
        .collect();
    let path = golden_dir().join("generated.sha256");
    if updating() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e} (see the module's comment)", path.display()));
    assert_eq!(got, want, "the generated region's outputs differ");
}
