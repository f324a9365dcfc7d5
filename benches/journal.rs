//! Appends per second to the deviation journal with 1, 8 and 50 writers at
//! once: the journal file (lock, catch up, chained line, fsync, unlock per
//! append) beside a plain `write_all` + `sync_data` of the same line to an
//! O_APPEND file without lock or chain; the central journal in PostgreSQL
//! (transaction, advisory lock, catch up, INSERT, commit per append) beside
//! a plain autocommitted INSERT of the same line into a bare table.
//!
//! `cargo bench --bench journal` — groups `journal_file` and, when
//! `ETALON_TEST_POSTGRES` names a server (`bash .ci/postgres.sh`),
//! `journal_postgres`. One element is one event appended and durable.

use std::io::Write;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use etalon::io::{JournalFile, PostgresJournal};
use etalon::journal::{Change, Event, EventStore};

const WRITERS: [usize; 3] = [1, 8, 50];

/// Events are identified by their contents: a counter keeps every one
/// new across criterion's repeated runs.
static NEXT: AtomicU64 = AtomicU64::new(0);

fn event(writer: usize) -> Event {
    let i = NEXT.fetch_add(1, Ordering::Relaxed);
    Event::recorded(
        &format!("us_served_in_term@unit:U{writer:04}@2025-Q2"),
        "2025-07-15T09:00:00Z".parse().expect("a time"),
        "Смирнова",
        &format!("причина {i}: нет транспорта для выезда"),
        Change::CauseRecorded,
    )
}

/// Runs `iters` appends spread over `writers` threads, each made by
/// `append(writer)` on its own state from `start(writer)`; the wall time.
fn spread<S: Send + 'static>(
    iters: u64,
    writers: usize,
    start: Arc<dyn Fn(usize) -> S + Send + Sync>,
    append: fn(&mut S, usize),
) -> Duration {
    let states: Vec<S> = (0..writers).map(|w| start(w)).collect();
    let begin = Instant::now();
    let threads: Vec<_> = states
        .into_iter()
        .enumerate()
        .map(|(w, mut s)| {
            let n = iters / writers as u64 + u64::from((w as u64) < iters % writers as u64);
            std::thread::spawn(move || {
                for _ in 0..n {
                    append(&mut s, w);
                }
            })
        })
        .collect();
    for t in threads {
        t.join().expect("a writer");
    }
    begin.elapsed()
}

fn file_journal(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let mut group = c.benchmark_group("journal_file");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(4));
    for writers in WRITERS {
        let path = dir.path().join(format!("etalon-{writers}.jsonl"));
        group.bench_function(format!("etalon/{writers}"), |b| {
            let path = path.clone();
            b.iter_custom(|iters| {
                let path = path.clone();
                spread(
                    iters,
                    writers,
                    Arc::new(move |_| JournalFile::open(&path).expect("the journal opens")),
                    |j, w| {
                        j.take().expect("the lock");
                        j.append(&[event(w)]).expect("an append");
                        j.release();
                    },
                )
            })
        });
        let raw = dir.path().join(format!("raw-{writers}.jsonl"));
        group.bench_function(format!("write_all_sync_data/{writers}"), |b| {
            let raw = raw.clone();
            b.iter_custom(|iters| {
                let raw = raw.clone();
                spread(
                    iters,
                    writers,
                    Arc::new(move |_| open_append(&raw)),
                    |f, w| {
                        let line = event(w).to_json() + "\n";
                        f.write_all(line.as_bytes()).expect("a write");
                        f.sync_data().expect("a sync");
                    },
                )
            })
        });
    }
    group.finish();
}

fn open_append(path: &Path) -> std::fs::File {
    std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .expect("the file opens")
}

/// A fresh database for the benchmark on the server `server`.
fn database(server: &str, name: &str) -> String {
    let mut admin = postgres::Client::connect(server, postgres::NoTls).expect("the server");
    admin
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name}"))
        .expect("drop");
    admin
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create");
    let (base, _) = server.rsplit_once('/').expect("a URL with a database");
    format!("{base}/{name}")
}

fn postgres_journal(c: &mut Criterion) {
    let Ok(server) = std::env::var("ETALON_TEST_POSTGRES") else {
        eprintln!(
            "journal_postgres left out: set ETALON_TEST_POSTGRES (`export ETALON_TEST_POSTGRES=\"$(bash .ci/postgres.sh)\"`)"
        );
        return;
    };
    let mut group = c.benchmark_group("journal_postgres");
    group.throughput(Throughput::Elements(1));
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(4));
    for writers in WRITERS {
        let url = database(&server, &format!("etalon_bench_{writers}"));
        group.bench_function(format!("etalon/{writers}"), |b| {
            let url = url.clone();
            b.iter_custom(|iters| {
                let url = url.clone();
                spread(
                    iters,
                    writers,
                    Arc::new(move |_| PostgresJournal::open(&url).expect("the journal opens")),
                    |j, w| {
                        j.take().expect("the lock");
                        j.append(&[event(w)]).expect("an append");
                        j.release();
                    },
                )
            })
        });
        let raw = database(&server, &format!("etalon_bench_raw_{writers}"));
        postgres::Client::connect(&raw, postgres::NoTls)
            .and_then(|mut c| {
                c.batch_execute("CREATE TABLE lines (id bigserial PRIMARY KEY, line text NOT NULL)")
            })
            .expect("the bare table");
        group.bench_function(format!("insert/{writers}"), |b| {
            let raw = raw.clone();
            b.iter_custom(|iters| {
                let raw = raw.clone();
                spread(
                    iters,
                    writers,
                    Arc::new(move |_| {
                        postgres::Client::connect(&raw, postgres::NoTls).expect("a connection")
                    }),
                    |c, w| {
                        c.execute(
                            "INSERT INTO lines (line) VALUES ($1)",
                            &[&event(w).to_json()],
                        )
                        .expect("an insert");
                    },
                )
            })
        });
    }
    group.finish();
}

criterion_group!(benches, file_journal, postgres_journal);
criterion_main!(benches);
