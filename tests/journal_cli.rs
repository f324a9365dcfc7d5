//! `etalon journal …` run for real on the committed sample region.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn etalon(args: &[&str]) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_etalon"))
        // The messages asserted are the English ones.
        .env("LC_ALL", "en_US.UTF-8")
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
    out
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

fn s(p: &Path) -> String {
    p.to_string_lossy().to_string()
}

const UNIT: &str = "us_served_in_term@unit:U0002@2025-Q2";

/// Records `event` on `journal` at `at`, with `extra` arguments.
fn record(journal: &str, event: &str, at: &str, extra: &[&str]) -> Output {
    let mut args = vec![
        "journal",
        "record",
        event,
        "--journal",
        journal,
        "--deviation",
        UNIT,
        "--actor",
        "Смирнова",
        "--reason",
        "по результатам проверки",
        "--at",
        at,
    ];
    args.extend_from_slice(extra);
    etalon(&args)
}

#[test]
fn a_quarter_applied_answered_shown_and_verified() {
    let dir = tempfile::tempdir().unwrap();
    let j = s(&dir.path().join("journal.jsonl"));
    let q2 = s(&dir.path().join("q2.json"));
    let out = etalon(&[
        "evaluate",
        "--data",
        "examples/data",
        "--period",
        "2025-Q2",
        "--format",
        "json",
        "--out",
        &q2,
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));

    let out = etalon(&[
        "journal",
        "apply",
        "--journal",
        &j,
        "--evaluation",
        &q2,
        "--data",
        "examples/data",
        "--at",
        "2025-07-10",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains("(4 assigned, 4 detected)"),
        "{}",
        text(&out)
    );

    // Closing before the correction is verified: refused, nothing written.
    let before = std::fs::read(&j).unwrap();
    let out = record(&j, "close", "2025-07-12", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        err(&out).starts_with(&format!(
            "etalon: error: `closed` refused for deviation `{UNIT}`"
        )),
        "{}",
        err(&out)
    );
    assert_eq!(std::fs::read(&j).unwrap(), before);
    // ... in the language asked for, from the message catalogue.
    let out = record(&j, "close", "2025-07-12", &["--lang", "ru"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        err(&out).trim_end(),
        format!(
            "etalon: ошибка: событие `closed` по отклонению `{UNIT}` не принято: отклонение \
             открыто (исправления не наблюдалось); закрыть отклонение можно после проверки \
             результативности исправления (измерением или вручную с обоснованием)"
        )
    );
    let out = record(&j, "close", "2025-07-12", &["--lang", "en"]);
    assert_eq!(
        err(&out).trim_end(),
        format!(
            "etalon: error: `closed` refused for deviation `{UNIT}`: it is open (no correction \
             observed); close a deviation after its correction is verified (by measurement, or \
             by hand with a reason)"
        )
    );
    assert_eq!(std::fs::read(&j).unwrap(), before);

    let out = record(&j, "cause", "2025-07-15", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains(&format!("`cause_recorded` recorded for {UNIT}")),
        "{}",
        text(&out)
    );

    // Overdue on 2025-08-15, of organisation O001: its unit and itself.
    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &j,
        "--at",
        "2025-08-15",
        "--overdue",
        "--org",
        "O001",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains(UNIT) && t.contains("us_served_in_term@org:O001@2025-Q2"),
        "{t}"
    );
    assert!(!t.contains("group:G01"), "{t}");
    assert!(t.contains("16 d"), "{t}");
    // The same view in Russian: headings, columns and words from the
    // catalogue; the journal's ids and roles as they are.
    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &j,
        "--at",
        "2025-08-15",
        "--overdue",
        "--org",
        "O001",
        "--lang",
        "ru",
    ]);
    let t = text(&out);
    assert!(
        t.starts_with(&format!(
            "Журнал {j}: отклонений: 4; показано просроченных: 2 (просрочено: 2) на 2025-08-15; \
             последний период: 2025-Q2\n\nОткрытые отклонения, сначала просроченные\n  срок        \
             просрочка  критичность  этап"
        )),
        "{t}"
    );
    assert!(t.contains("   16 дн.  предупр.     причина "), "{t}");
    assert!(
        t.contains("\nПо уровням и ответственным\n  подразделение\n"),
        "{t}"
    );

    let out = etalon(&[
        "journal",
        "apply",
        "--journal",
        &j,
        "--data",
        "examples/data",
        "--period",
        "2025-Q3",
        "--at",
        "2025-10-10T09:00:00Z",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains("4 correction_observed"),
        "{}",
        text(&out)
    );

    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &j,
        "--at",
        "2025-10-11",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["deviations"], 4);
    assert_eq!(v["last_period"], "2025-Q3");
    let unit = v["open"]
        .as_array()
        .unwrap()
        .iter()
        .find(|o| o["id"] == UNIT)
        .unwrap();
    assert_eq!(unit["status"], "corrected");
    assert_eq!(unit["effectiveness"]["in_band"], 1);
    assert_eq!(unit["effectiveness"]["needed"], 2);

    let out = etalon(&["journal", "verify", "--journal", &j]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let hash = text(&out).trim().rsplit(' ').next().unwrap().to_string();
    assert_eq!(hash.len(), 64, "{}", text(&out));
    let out = etalon(&["journal", "verify", "--journal", &j, "--head", &hash[..12]]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = etalon(&[
        "journal",
        "verify",
        "--journal",
        &j,
        "--head",
        "0123456789ab",
    ]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));

    // One byte changed in the middle: verify names the line; writing refuses.
    let mut bytes = std::fs::read(&j).unwrap();
    let at = bytes.iter().position(|&b| b == b'\n').unwrap() + 40;
    bytes[at] ^= 1;
    std::fs::write(&j, &bytes).unwrap();
    let out = etalon(&["journal", "verify", "--journal", &j]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("line 2: the hash does not match"),
        "{}",
        text(&out)
    );
    let out = record(&j, "action", "2025-10-12", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(err(&out).contains("line 2"), "{}", err(&out));
}

#[test]
fn offline_journals_merge_and_a_torn_tail_is_cut_off() {
    let dir = tempfile::tempdir().unwrap();
    let base = s(&dir.path().join("base.jsonl"));
    let out = etalon(&[
        "journal",
        "apply",
        "--journal",
        &base,
        "--data",
        "examples/data",
        "--period",
        "2025-Q2",
        "--at",
        "2025-07-10",
    ]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    for (event, at, extra) in [
        ("cause", "2025-07-15", vec![]),
        ("action", "2025-07-16", vec!["--until", "2025-09-30"]),
    ] {
        let out = record(&base, event, at, &extra);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    }
    // Two offline clients verify by hand and close the same deviation.
    let a = s(&dir.path().join("a.jsonl"));
    let b = s(&dir.path().join("b.jsonl"));
    for (copy, day) in [(&a, "2025-08-01"), (&b, "2025-08-02")] {
        std::fs::copy(&base, copy).unwrap();
        let out = record(copy, "verify", day, &[]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
        let out = record(copy, "close", &format!("{day}T12:00:00Z"), &[]);
        assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    }
    let central = s(&dir.path().join("central.jsonl"));
    let out = etalon(&["journal", "merge", "--journal", &central, &a, &b]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "a conflict is reported: {}",
        text(&out)
    );
    let t = text(&out);
    assert!(t.contains("14 event(s) added"), "{t}");
    assert!(
        t.contains("conflict:") && t.contains("already closed"),
        "{t}"
    );
    let out = etalon(&["journal", "merge", "--journal", &central, &b, &a]);
    assert!(
        text(&out).contains("0 event(s) added, 24 already there"),
        "{}",
        text(&out)
    );
    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &central,
        "--at",
        "2025-08-03",
    ]);
    assert!(text(&out).contains("Conflicts (2)"), "{}", text(&out));
    let out = etalon(&["journal", "verify", "--journal", &central]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));

    // A crash cut the last line short: the next write cuts it off and says so.
    let bytes = std::fs::read(&a).unwrap();
    std::fs::write(&a, &bytes[..bytes.len() - 10]).unwrap();
    let out = etalon(&["journal", "verify", "--journal", &a]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out).contains("the last line is incomplete"),
        "{}",
        text(&out)
    );
    let out = record(&a, "close", "2025-08-05", &[]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        err(&out).contains("ended with an incomplete line"),
        "{}",
        err(&out)
    );
    let out = etalon(&["journal", "verify", "--journal", &a]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
}

#[test]
fn the_demo_keeps_a_journal_of_its_quarters() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = s(dir.path());
    let out = etalon(&["demo", "--scale", "sample", "--out", &out_dir]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    let t = text(&out);
    assert!(
        t.contains("Deviation journal: 2025-Q1 to 2026-Q3 applied in turn"),
        "{t}"
    );
    assert!(t.contains("reopened"), "{t}");
    let journal = s(&dir.path().join("journal.jsonl"));
    let out = etalon(&["journal", "verify", "--journal", &journal]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out));
    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &journal,
        "--at",
        "2026-10-10",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["last_period"], "2026-Q3");
    assert!(v["open"].as_array().unwrap().len() > 10);
}
