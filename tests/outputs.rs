//! Files the `etalon` command writes are written whole or not at all: past
//! a file-size limit (`ulimit -f`, as a full disk would) the previous file
//! stays as it was; `--out` into a missing folder is refused by name.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Runs `etalon args` with files limited to `blocks` blocks (of 512 or
/// 1024 bytes, as the shell counts them) when given.
fn etalon_limited(blocks: Option<u32>, args: &[&str]) -> Output {
    let limit = blocks.map_or_else(|| "unlimited".to_string(), |b| b.to_string());
    Command::new("sh")
        .arg("-c")
        .arg(format!("ulimit -f {limit} && exec \"$0\" \"$@\""))
        .arg(env!("CARGO_BIN_EXE_etalon"))
        // The messages asserted are the English ones.
        .env("LC_ALL", "en_US.UTF-8")
        .args(args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .output()
        .expect("sh runs")
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().to_string())
        .collect();
    v.sort();
    v
}

/// Writes `args` + `--out <file>` unlimited, then again under a limit
/// (32 blocks: 16 or 32 KB) smaller than the file: the second run fails with "File too large" and
/// leaves the first file, and nothing else, in the folder.
fn previous_file_survives(args: &[&str], name: &str) {
    let dir = tempfile::tempdir().unwrap();
    let out_path = dir.path().join(name);
    let out_arg = out_path.to_string_lossy().to_string();
    let mut all = args.to_vec();
    all.extend_from_slice(&["--out", &out_arg]);
    let first = etalon_limited(None, &all);
    assert_eq!(first.status.code(), Some(0), "{}", err(&first));
    let previous = std::fs::read(&out_path).unwrap();
    assert!(
        previous.len() > 40 * 1024,
        "{name}: {} bytes",
        previous.len()
    );
    // A different previous file, so that an overwrite would show.
    let mut marked = previous.clone();
    marked.extend_from_slice(b"\n");
    std::fs::write(&out_path, &marked).unwrap();
    let limited = etalon_limited(Some(32), &all);
    assert_eq!(limited.status.code(), Some(2), "{}", err(&limited));
    assert!(
        err(&limited).starts_with(&format!("etalon: error: {out_arg}: File too large")),
        "{}",
        err(&limited)
    );
    assert_eq!(std::fs::read(&out_path).unwrap(), marked, "{name} changed");
    assert_eq!(names(dir.path()), vec![name.to_string()]);
}

#[test]
fn a_report_past_the_file_size_limit_leaves_the_previous_one() {
    previous_file_survives(
        &["report", "--data", "examples/data", "--period", "2026-Q3"],
        "region.html",
    );
    previous_file_survives(
        &[
            "report",
            "--data",
            "examples/data",
            "--period",
            "2026-Q3",
            "--format",
            "xlsx",
        ],
        "region.xlsx",
    );
}

#[test]
fn an_evaluation_past_the_file_size_limit_leaves_the_previous_one() {
    previous_file_survives(
        &[
            "evaluate",
            "--data",
            "examples/data",
            "--period",
            "2026-Q3",
            "--format",
            "json",
        ],
        "q3.json",
    );
}

#[test]
fn out_into_a_missing_folder_is_refused_by_name() {
    let dir = tempfile::tempdir().unwrap();
    let missing = dir.path().join("no_such_folder");
    let target = missing.join("q3.json").to_string_lossy().to_string();
    let out = etalon_limited(
        None,
        &[
            "evaluate",
            "--data",
            "examples/data",
            "--period",
            "2026-Q3",
            "--format",
            "json",
            "--out",
            &target,
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", err(&out));
    assert_eq!(
        err(&out).trim(),
        format!(
            "etalon: error: {}: no such folder for the output; create it first, nothing was written (папка для вывода не существует: создайте её, ничего не записано)",
            missing.display()
        )
    );
    assert!(!missing.exists());
}
