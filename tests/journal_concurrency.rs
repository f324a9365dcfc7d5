//! The journal under many writers at once and under writers killed
//! mid-write: `etalon journal record` processes on one journal file (and,
//! in `journal_postgres`, on one PostgreSQL database).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::{Child, Command, Output, Stdio};
use std::time::Duration;

use etalon::evaluate::Judgement;
use etalon::io::JournalFile;
use etalon::journal::{Event, EventStore, Journal, JournalState, MemoryStore};
use etalon::{EntityRef, Level, OrgTree, Period};
use rust_decimal::Decimal;

use crate::support::{band_deviation, empty_evaluation, standard};

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn command(args: &[&str]) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_etalon"));
    // The messages asserted are the English ones.
    c.env("LC_ALL", "en_US.UTF-8");
    c.args(args)
        .current_dir(root())
        .env_remove("RUST_BACKTRACE")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    c
}

fn etalon(args: &[&str]) -> Output {
    command(args).output().expect("the binary runs")
}

fn err(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).to_string()
}

/// How many deviations the seeded journal follows: one per writer.
pub const DEVIATIONS: usize = 50;

/// A region of [`DEVIATIONS`] units, each behind its term in 2025-Q2,
/// applied to `journal` on 2025-07-10: returns the deviations detected.
pub fn seeded<S: EventStore>(journal: S) -> Vec<String> {
    let m = standard();
    let mut b = OrgTree::builder("SVR", "Область");
    b.group("G01", "Управление № 1").unwrap();
    b.org("O001", "КЦСОН", "G01", "non_residential").unwrap();
    let period: Period = "2025-Q2".parse().unwrap();
    let mut e = empty_evaluation(&m, period);
    for i in 0..DEVIATIONS {
        let id = format!("U{i:04}");
        b.unit(&id, &format!("Отделение {i}"), "O001", ["urgent_service"])
            .unwrap();
        let entity = EntityRef {
            level: Level::Unit,
            id,
        };
        e.deviations.push(band_deviation(
            entity,
            "us_served_in_term",
            Some("urgent_service"),
            period,
            Judgement::Warning.severity().unwrap(),
            Decimal::from(92),
        ));
    }
    let tree = b.build().unwrap();
    let mut j = Journal::open(journal).unwrap();
    let at = "2025-07-10T09:00:00Z".parse().unwrap();
    j.apply(&m, &e, &tree, at).unwrap();
    let ids: Vec<String> = j.state().deviations().map(|d| d.id.clone()).collect();
    assert_eq!(ids.len(), DEVIATIONS);
    ids
}

/// `etalon journal record cause` of writer `i` on one of `deviations`.
pub fn writer(journal: &str, deviations: &[String], i: usize) -> Child {
    let reason = format!("причина от писателя {i}");
    command(&[
        "journal",
        "record",
        "cause",
        "--journal",
        journal,
        "--deviation",
        &deviations[i % deviations.len()],
        "--actor",
        &format!("Сотрудник {i}"),
        "--reason",
        &reason,
        "--at",
        "2025-07-15",
    ])
    .spawn()
    .expect("the binary starts")
}

/// The writer a cause event came from.
fn writer_of(e: &Event) -> Option<usize> {
    e.reason.strip_prefix("причина от писателя ")?.parse().ok()
}

/// Checks that `events` hold the events of the applied quarter, then the
/// cause of every writer in `committed` exactly once (and of no writer
/// outside `started`), and that replaying them gives the state built
/// event by event.
pub fn check_events(events: &[Event], committed: &[usize], started: usize) {
    let mut seen: BTreeMap<usize, usize> = BTreeMap::new();
    for e in events {
        if let Some(w) = writer_of(e) {
            *seen.entry(w).or_default() += 1;
        }
    }
    // Each deviation detected and assigned.
    assert_eq!(events.len() - seen.values().sum::<usize>(), 2 * DEVIATIONS);
    for (w, n) in &seen {
        assert_eq!(*n, 1, "writer {w}'s event is there {n} times");
        assert!(*w < started, "writer {w} never ran");
    }
    for w in committed {
        assert!(
            seen.contains_key(w),
            "writer {w} succeeded but its event is lost"
        );
    }
    let mut live = Journal::open(MemoryStore::new()).unwrap();
    for e in events {
        live.record(e.clone()).unwrap();
    }
    assert_eq!(&JournalState::replay(events), live.state());
    assert!(live.state().conflicts().is_empty());
}

/// Starts `n` writers at once and waits for them; each must succeed.
pub fn fifty_writers(journal: &str, deviations: &[String], n: usize) {
    let children: Vec<Child> = (0..n).map(|i| writer(journal, deviations, i)).collect();
    for (i, c) in children.into_iter().enumerate() {
        let out = c.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "writer {i}: {}", err(&out));
    }
}

/// Writers started in waves, each killed (SIGKILL) after a pseudo-random
/// pause unless it finished first; `after_wave` checks the journal opens.
/// Returns the writers that returned success, and how many started.
pub fn killed_writers(
    journal: &str,
    deviations: &[String],
    after_wave: impl Fn(),
) -> (Vec<usize>, usize) {
    let mut committed = Vec::new();
    let mut x: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    };
    let waves = 6;
    let per_wave = 8;
    for wave in 0..waves {
        let mut children: Vec<(usize, Child, u64)> = (0..per_wave)
            .map(|k| {
                let i = wave * per_wave + k;
                (i, writer(journal, deviations, i), next() % 250)
            })
            .collect();
        children.sort_by_key(|c| c.2);
        let mut slept = 0;
        for (_, child, at) in &mut children {
            std::thread::sleep(Duration::from_millis(*at - slept));
            slept = *at;
            // A kill of a writer already finished does nothing.
            let _ = child.kill();
        }
        for (i, child, _) in children {
            let out = child.wait_with_output().unwrap();
            if out.status.success() {
                committed.push(i);
            } else {
                // Killed, or refused because the lock was not free in time:
                // never any other failure.
                assert!(
                    out.status.code().is_none(),
                    "writer {i} failed: {}",
                    err(&out)
                );
            }
        }
        after_wave();
    }
    (committed, waves * per_wave)
}

#[test]
fn fifty_writers_on_one_file_lose_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let j = path.to_string_lossy().to_string();
    let deviations = seeded(JournalFile::open(&path).unwrap());
    fifty_writers(&j, &deviations, 50);
    let events = etalon::io::read_journal(&path).unwrap().events;
    check_events(&events, &(0..50).collect::<Vec<_>>(), 50);
    assert!(etalon::io::verify_journal(&path).unwrap().is_intact());
    let out = etalon(&["journal", "verify", "--journal", &j]);
    assert_eq!(out.status.code(), Some(0), "{}", err(&out));
}

#[test]
fn writers_killed_mid_write_lose_no_committed_event() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("journal.jsonl");
    let j = path.to_string_lossy().to_string();
    let deviations = seeded(JournalFile::open(&path).unwrap());
    let (committed, started) = killed_writers(&j, &deviations, || {
        // The file always opens for writing (a torn tail cut off).
        JournalFile::open(&path).unwrap();
    });
    let events = etalon::io::read_journal(&path).unwrap().events;
    check_events(&events, &committed, started);
    assert!(etalon::io::verify_journal(&path).unwrap().is_intact());
}
