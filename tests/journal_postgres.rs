//! The central journal on a real PostgreSQL server. The server is given by
//! `ETALON_TEST_POSTGRES` (a URL; `make test-rust` starts one with
//! `.ci/postgres.sh` and sets it); each test makes its own database. Without
//! the variable these tests fail, saying how to start the server: a
//! PostgreSQL test that skips itself would pass without testing anything.

use std::process::{Command, Output};

use etalon::host::JournalStore;
use etalon::io::{read_journal, verify_journal};
use etalon::journal::codec::LineProblem;
use postgres::{Client, NoTls};

use crate::journal_concurrency::{check_events, fifty_writers, seeded};

/// A fresh database named for `test` on the test server: its URL.
fn database(test: &str) -> String {
    let server = std::env::var("ETALON_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "ETALON_TEST_POSTGRES is not set: start a server with \
             `export ETALON_TEST_POSTGRES=\"$(bash .ci/postgres.sh)\"` (or run `make test-rust`)"
        )
    });
    let name = format!("etalon_{test}_{}", std::process::id());
    let mut admin = Client::connect(&server, NoTls)
        .unwrap_or_else(|e| panic!("cannot connect to ETALON_TEST_POSTGRES={server}: {e}"));
    // One statement each: a multi-statement string is one transaction.
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .unwrap();
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .unwrap();
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

fn etalon(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_etalon"))
        // The messages asserted are the English ones.
        .env("LC_ALL", "en_US.UTF-8")
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("the binary runs")
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).to_string()
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

#[test]
fn fifty_writers_on_the_central_journal_lose_nothing() {
    let url = database("fifty");
    let deviations = seeded(JournalStore::open(url.as_ref()).unwrap());
    fifty_writers(&url, &deviations, 50);
    let path = std::path::Path::new(&url);
    let events = read_journal(path).unwrap().events;
    check_events(&events, &(0..50).collect::<Vec<_>>(), 50);
    assert!(verify_journal(path).unwrap().is_intact());
    let out = etalon(&["journal", "verify", "--journal", &url]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains("150 line(s), every line intact"),
        "{}",
        text(&out)
    );
}

#[test]
fn offline_files_merge_into_the_central_journal_once() {
    let url = database("merge");
    let dir = tempfile::tempdir().unwrap();
    let offline = dir.path().join("offline.jsonl");
    seeded(JournalStore::open(&offline).unwrap());
    let file = offline.to_string_lossy().to_string();
    let out = etalon(&["journal", "merge", "--journal", &url, &file]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
    assert!(
        text(&out).contains("1 journal(s) merged: 100 event(s) added, 0 already there"),
        "{}",
        text(&out)
    );
    let out = etalon(&["journal", "merge", "--journal", &url, &file]);
    assert!(
        text(&out).contains("0 event(s) added, 100 already there"),
        "{}",
        text(&out)
    );
    // The central journal holds the file's events (in merge order).
    let by_id = |mut v: Vec<etalon::journal::Event>| {
        v.sort_by(|a, b| a.id.cmp(&b.id));
        v
    };
    let central = read_journal(url.as_ref()).unwrap().events;
    let local = read_journal(&offline).unwrap().events;
    assert_eq!(by_id(central), by_id(local));
    assert!(verify_journal(url.as_ref()).unwrap().is_intact());
    let out = etalon(&[
        "journal",
        "show",
        "--journal",
        &url,
        "--at",
        "2025-07-11",
        "--format",
        "json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert_eq!(v["deviations"], 50);
}

#[test]
fn a_row_changed_in_the_database_is_found_and_named() {
    let url = database("tamper");
    seeded(JournalStore::open(url.as_ref()).unwrap());
    let mut db = Client::connect(&url, NoTls).unwrap();
    db.execute(
        "UPDATE etalon_journal_events SET line = replace(line, '\"v\":1,', '\"v\":1 ,') WHERE seq = 7",
        &[],
    )
    .unwrap();
    let report = verify_journal(url.as_ref()).unwrap();
    assert_eq!(report.problems.len(), 1, "{report:?}");
    assert_eq!(
        (report.problems[0].line, &report.problems[0].problem),
        (7, &LineProblem::HashMismatch)
    );
    let e = JournalStore::open(url.as_ref()).unwrap_err();
    assert!(
        e.to_string().ends_with(
            ": event line 7: the hash does not match the line's content: the line was changed after it was written"
        ),
        "{e}"
    );
    let out = etalon(&["journal", "verify", "--journal", &url]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out));
}

#[test]
fn the_schema_is_migrated_once_and_a_newer_one_refused() {
    let url = database("schema");
    JournalStore::open(url.as_ref()).unwrap();
    JournalStore::open(url.as_ref()).unwrap();
    let mut db = Client::connect(&url, NoTls).unwrap();
    let versions: Vec<i32> = db
        .query(
            "SELECT version FROM etalon_schema_migrations ORDER BY version",
            &[],
        )
        .unwrap()
        .iter()
        .map(|r| r.get(0))
        .collect();
    assert_eq!(versions, vec![1, 2]);
    db.execute(
        "INSERT INTO etalon_schema_migrations (version, name) VALUES (3, 'future')",
        &[],
    )
    .unwrap();
    let e = JournalStore::open(url.as_ref()).unwrap_err();
    assert!(
        e.to_string().ends_with(
            ": the journal's schema has version 3; this build knows versions 1 to 2 (the database was upgraded by a newer etalon)"
        ),
        "{e}"
    );
}
