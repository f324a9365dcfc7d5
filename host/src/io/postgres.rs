//! The central deviation journal in PostgreSQL (`--journal postgres://…`).
//!
//! Events are rows of `etalon_journal_events`, each holding its journal
//! line (the JSON Lines format of `etalon_core::journal::codec`, hash chain
//! included), so the rows are checked by the same code as a journal file
//! and a database exported line by line is a valid journal file. The
//! schema is created and upgraded by the numbered SQL files of
//! `host/migrations/`, recorded in `etalon_schema_migrations`.
//!
//! Every change is one transaction that first takes a transaction-scoped
//! advisory lock: writers on any number of machines are served one after
//! another, each reads the rows the others added, is checked against the
//! whole journal and appends after them, so the chain never forks; the
//! event id is a unique key, so an event is never stored twice. A change
//! is durable when the transaction commits.

use std::time::Duration;

use etalon_core::Text;
use etalon_core::journal::codec::{self, ChainHead, Decoded, VerifyReport};
use etalon_core::journal::{Event, EventStore, StoreError};
use postgres::{Client, NoTls};

use super::journal::{DEFAULT_LOCK_TIMEOUT, JournalFileError};

/// The numbered migrations, in order: (version, name, SQL).
const MIGRATIONS: [(i32, &str, &str); 2] = [
    (
        1,
        "events",
        include_str!("../../migrations/0001_events.sql"),
    ),
    (
        2,
        "deviation view",
        include_str!("../../migrations/0002_deviation_view.sql"),
    ),
];

/// The advisory lock key of journal changes ("etalon j" in ASCII).
const CHANGE_LOCK: i64 = 0x6574_616c_6f6e_206a;
/// The advisory lock key of schema migrations ("etalon m").
const MIGRATION_LOCK: i64 = 0x6574_616c_6f6e_206d;

/// Whether `location` names a PostgreSQL database rather than a file.
pub fn is_postgres_url(location: &str) -> bool {
    location.starts_with("postgres://") || location.starts_with("postgresql://")
}

/// The URL without its password, for messages.
pub fn shown_url(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    match rest.split_once('@') {
        Some((user, host)) => match user.split_once(':') {
            Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
            None => url.to_string(),
        },
        None => url.to_string(),
    }
}

/// What the client was doing when the database failed: its key in the
/// message catalogue (`journal-db-step`) and its English words.
#[derive(Debug, Clone, Copy)]
enum Step {
    Connect,
    Begin,
    LockSchema,
    CreateMigrations,
    ReadVersion,
    Migration(i32, &'static str),
    RecordMigration,
    CommitMigrations,
    ReadEvents,
    LockJournal,
    PrepareInsert,
    StoreEvent,
    Commit,
}

impl Step {
    fn key(self) -> &'static str {
        match self {
            Step::Connect => "connect",
            Step::Begin => "begin",
            Step::LockSchema => "lock-schema",
            Step::CreateMigrations => "create-migrations",
            Step::ReadVersion => "read-version",
            Step::Migration(..) => "migration",
            Step::RecordMigration => "record-migration",
            Step::CommitMigrations => "commit-migrations",
            Step::ReadEvents => "read-events",
            Step::LockJournal => "lock-journal",
            Step::PrepareInsert => "prepare-insert",
            Step::StoreEvent => "store-event",
            Step::Commit => "commit",
        }
    }

    fn english(self) -> String {
        match self {
            Step::Connect => "cannot connect".into(),
            Step::Begin => "cannot begin".into(),
            Step::LockSchema => "cannot lock the schema".into(),
            Step::CreateMigrations => "cannot create the migrations table".into(),
            Step::ReadVersion => "cannot read the schema version".into(),
            Step::Migration(version, name) => format!("migration {version} ({name}) failed"),
            Step::RecordMigration => "cannot record the migration".into(),
            Step::CommitMigrations => "cannot commit the migrations".into(),
            Step::ReadEvents => "cannot read the events".into(),
            Step::LockJournal => "cannot lock the journal".into(),
            Step::PrepareInsert => "cannot prepare the insert".into(),
            Step::StoreEvent => "cannot store an event".into(),
            Step::Commit => "cannot commit".into(),
        }
    }
}

fn db_error(url: &str, step: Step) -> impl FnOnce(postgres::Error) -> JournalFileError + use<> {
    let place = shown_url(url);
    move |e| {
        // A lock wait past `lock_timeout` is the server's "lock_not_available".
        if e.code() == Some(&postgres::error::SqlState::LOCK_NOT_AVAILABLE) {
            return JournalFileError::Database {
                url: place,
                message: "another writer kept the journal locked past the timeout; nothing was written (try again)".to_string(),
                text: Text::new::<&str>("db-locked", &[]),
            };
        }
        // The server's words, in the server's language.
        let server = e
            .as_db_error()
            .map_or_else(|| e.to_string(), |d| d.message().to_string());
        failed(place, step, &server)
    }
}

/// The database at `url` failed at `step`, saying `server`.
fn failed(url: String, step: Step, server: &str) -> JournalFileError {
    let (version, name) = match step {
        Step::Migration(version, name) => (version.to_string(), name),
        _ => (String::new(), ""),
    };
    JournalFileError::Database {
        url,
        message: format!("{}: {server}", step.english()),
        text: Text::new(
            "db-failed",
            &[
                ("step", step.key()),
                ("version", version.as_str()),
                ("name", name),
                ("server", server),
            ],
        ),
    }
}

/// Connects and brings the schema up to date.
fn connect(url: &str) -> Result<Client, JournalFileError> {
    let mut client = Client::connect(url, NoTls).map_err(db_error(url, Step::Connect))?;
    migrate(&mut client, url)?;
    Ok(client)
}

/// Applies the migrations the database has not had yet, under a lock so
/// that two clients starting at once do not both apply them.
fn migrate(client: &mut Client, url: &str) -> Result<(), JournalFileError> {
    let fail = |step| db_error(url, step);
    let mut tx = client.transaction().map_err(fail(Step::Begin))?;
    tx.execute("SELECT pg_advisory_xact_lock($1)", &[&MIGRATION_LOCK])
        .map_err(fail(Step::LockSchema))?;
    tx.batch_execute(
        "CREATE TABLE IF NOT EXISTS etalon_schema_migrations (
             version    integer     PRIMARY KEY,
             name       text        NOT NULL,
             applied_at timestamptz NOT NULL DEFAULT now()
         )",
    )
    .map_err(fail(Step::CreateMigrations))?;
    let row = tx
        .query_one(
            "SELECT coalesce(max(version), 0) FROM etalon_schema_migrations",
            &[],
        )
        .map_err(fail(Step::ReadVersion))?;
    let current: i32 = row.get(0);
    let known = MIGRATIONS.len() as i32;
    if current > known {
        return Err(JournalFileError::Database {
            url: shown_url(url),
            message: format!(
                "the journal's schema has version {current}; this build knows versions 1 to {known} (the database was upgraded by a newer etalon)"
            ),
            text: Text::new("db-schema-newer", &[("found", current), ("known", known)]),
        });
    }
    for (version, name, sql) in MIGRATIONS.iter().filter(|m| m.0 > current) {
        tx.batch_execute(sql)
            .map_err(fail(Step::Migration(*version, name)))?;
        tx.execute(
            "INSERT INTO etalon_schema_migrations (version, name) VALUES ($1, $2)",
            &[version, name],
        )
        .map_err(fail(Step::RecordMigration))?;
    }
    tx.commit().map_err(fail(Step::CommitMigrations))
}

/// The rows from `after` on, as the bytes of a journal file's lines.
fn lines_after(client: &mut Client, url: &str, after: u64) -> Result<Vec<u8>, JournalFileError> {
    let rows = client
        .query(
            "SELECT line FROM etalon_journal_events WHERE seq > $1 ORDER BY seq",
            &[&(after as i64)],
        )
        .map_err(db_error(url, Step::ReadEvents))?;
    let mut bytes = Vec::new();
    for row in rows {
        let line: &str = row.get(0);
        bytes.extend_from_slice(line.as_bytes());
        bytes.push(b'\n');
    }
    Ok(bytes)
}

fn damaged(url: &str, error: codec::LineError) -> JournalFileError {
    JournalFileError::DatabaseEvent {
        url: shown_url(url),
        error,
    }
}

/// Reads the central journal without changing it.
pub fn read_postgres(url: &str) -> Result<Decoded, JournalFileError> {
    let mut client = connect(url)?;
    let bytes = lines_after(&mut client, url, 0)?;
    codec::decode(&bytes).map_err(|e| damaged(url, e))
}

/// Checks every row of the central journal as [`codec::verify`] checks
/// the lines of a file: hashes, chain, numbers, events.
pub fn verify_postgres(url: &str) -> Result<VerifyReport, JournalFileError> {
    let mut client = connect(url)?;
    Ok(codec::verify(&lines_after(&mut client, url, 0)?))
}

/// The central journal, opened for changes.
pub struct PostgresJournal {
    url: String,
    client: Client,
    head: ChainHead,
    events: Vec<Event>,
    timeout: Duration,
    /// A transaction holding the change lock is open.
    taken: bool,
}

impl std::fmt::Debug for PostgresJournal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PostgresJournal")
            .field("url", &shown_url(&self.url))
            .field("head", &self.head)
            .field("taken", &self.taken)
            .finish()
    }
}

impl PostgresJournal {
    /// Connects to the database at `url` (creating or upgrading the
    /// journal's tables) and reads its events, waiting at most
    /// [`DEFAULT_LOCK_TIMEOUT`] for other writers on every change.
    pub fn open(url: &str) -> Result<PostgresJournal, JournalFileError> {
        Self::open_waiting(url, DEFAULT_LOCK_TIMEOUT)
    }

    /// As [`PostgresJournal::open`], waiting at most `timeout` for the lock.
    pub fn open_waiting(url: &str, timeout: Duration) -> Result<PostgresJournal, JournalFileError> {
        let mut client = connect(url)?;
        let bytes = lines_after(&mut client, url, 0)?;
        let decoded = codec::decode(&bytes).map_err(|e| damaged(url, e))?;
        Ok(PostgresJournal {
            url: url.to_string(),
            client,
            head: decoded.head,
            events: decoded.events,
            timeout,
            taken: false,
        })
    }

    /// The end of the chain: the last row's number and hash.
    pub fn head(&self) -> &ChainHead {
        &self.head
    }

    /// The database, its password hidden.
    pub fn url(&self) -> String {
        shown_url(&self.url)
    }

    fn store_error(e: JournalFileError) -> StoreError {
        StoreError::new(e.to_string(), e)
    }

    /// Begins the change's transaction, waits for the lock, and reads the
    /// rows others added.
    fn begin(&mut self) -> Result<Vec<Event>, JournalFileError> {
        let url = self.url.clone();
        let millis = self.timeout.as_millis().max(1);
        self.client
            .batch_execute(&format!(
                "BEGIN; SET LOCAL lock_timeout = {millis}; SELECT pg_advisory_xact_lock({CHANGE_LOCK})"
            ))
            .map_err(|e| {
                let _ = self.client.batch_execute("ROLLBACK");
                db_error(&url, Step::LockJournal)(e)
            })?;
        self.taken = true;
        let bytes = lines_after(&mut self.client, &url, self.head.seq)?;
        let decoded =
            codec::decode_after(&bytes, self.head.clone(), 0).map_err(|e| damaged(&url, e))?;
        self.head = decoded.head;
        Ok(decoded.events)
    }

    /// Inserts `events` after the head and commits.
    fn insert(&mut self, events: &[Event]) -> Result<(), JournalFileError> {
        let url = self.url.clone();
        let mut head = self.head.clone();
        let statement = self
            .client
            .prepare(
                "INSERT INTO etalon_journal_events
                     (seq, event_id, prev, hash, deviation, change, at, actor, line)
                 VALUES ($1, $2, $3, $4, $5, $6, CAST($7::text AS timestamptz), $8, $9)",
            )
            .map_err(db_error(&url, Step::PrepareInsert))?;
        for e in events {
            let prev = head.hash.clone();
            let text = codec::encode(std::slice::from_ref(e), &mut head);
            let line = text.trim_end_matches('\n');
            self.client
                .execute(
                    &statement,
                    &[
                        &(head.seq as i64),
                        &e.id,
                        &prev,
                        &head.hash,
                        &e.deviation,
                        &e.change.name(),
                        &e.at.to_rfc3339(),
                        &e.actor,
                        &line,
                    ],
                )
                .map_err(db_error(&url, Step::StoreEvent))?;
        }
        self.client
            .batch_execute("COMMIT")
            .map_err(db_error(&url, Step::Commit))?;
        self.taken = false;
        self.head = head;
        Ok(())
    }
}

impl EventStore for PostgresJournal {
    fn load(&mut self) -> Result<Vec<Event>, StoreError> {
        Ok(std::mem::take(&mut self.events))
    }

    fn append(&mut self, events: &[Event]) -> Result<(), StoreError> {
        if !self.taken {
            let newer = self.take()?;
            if !newer.is_empty() {
                self.release();
                return Err(Self::store_error(JournalFileError::Overtaken {
                    location: self.url(),
                    count: newer.len(),
                    database: true,
                }));
            }
        }
        let stored = self.insert(events).map_err(Self::store_error);
        if stored.is_err() {
            self.release();
        }
        stored
    }

    fn take(&mut self) -> Result<Vec<Event>, StoreError> {
        match self.begin() {
            Ok(events) => Ok(events),
            Err(e) => {
                self.release();
                Err(Self::store_error(e))
            }
        }
    }

    fn release(&mut self) {
        if self.taken {
            // Nothing to undo: a change that stored its events committed.
            let _ = self.client.batch_execute("ROLLBACK");
            self.taken = false;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Envelope;
    use crate::report::Lang;

    #[test]
    fn every_step_of_a_database_failure_is_in_the_catalogue() {
        let steps = [
            Step::Connect,
            Step::Begin,
            Step::LockSchema,
            Step::CreateMigrations,
            Step::ReadVersion,
            Step::Migration(2, "events"),
            Step::RecordMigration,
            Step::CommitMigrations,
            Step::ReadEvents,
            Step::LockJournal,
            Step::PrepareInsert,
            Step::StoreEvent,
            Step::Commit,
        ];
        let url = || "postgres://etalon:***@db/qms".to_string();
        for step in steps {
            let env = Envelope::from(failed(url(), step, "server said no"));
            assert_eq!(
                env.catalogued(Lang::En).as_deref(),
                Some(env.message.as_str())
            );
            assert!(env.catalogued(Lang::Ru).is_some(), "{step:?}");
        }
        let env = Envelope::from(failed(url(), Step::Migration(2, "events"), "syntax error"));
        assert_eq!(
            env.catalogued(Lang::Ru).as_deref(),
            Some("postgres://etalon:***@db/qms: миграция 2 (events) не выполнена: syntax error")
        );
        let newer = JournalFileError::Database {
            url: url(),
            message: "the journal's schema has version 3; this build knows versions 1 to 2 (the database was upgraded by a newer etalon)".into(),
            text: Text::new("db-schema-newer", &[("found", 3), ("known", 2)]),
        };
        let env = Envelope::from(newer);
        assert_eq!(
            env.catalogued(Lang::En).as_deref(),
            Some(env.message.as_str())
        );
        assert_eq!(
            env.catalogued(Lang::Ru).as_deref(),
            Some(
                "postgres://etalon:***@db/qms: у схемы журнала версия 3; эта сборка знает версии с 1 по 2 (база данных обновлена более новой версией etalon)"
            )
        );
    }

    #[test]
    fn urls_are_told_from_paths_and_passwords_hidden() {
        assert!(is_postgres_url("postgres://u@h/db"));
        assert!(is_postgres_url("postgresql://h/db"));
        assert!(!is_postgres_url("journal.jsonl"));
        assert!(!is_postgres_url("./postgres:/x"));
        assert_eq!(
            shown_url("postgres://ivan:secret@db.local:5432/qms"),
            "postgres://ivan:***@db.local:5432/qms"
        );
        assert_eq!(
            shown_url("postgres://db.local/qms"),
            "postgres://db.local/qms"
        );
        assert_eq!(shown_url("postgres://ivan@h/qms"), "postgres://ivan@h/qms");
    }

    #[test]
    fn migrations_are_numbered_from_one_without_gaps() {
        for (i, (version, _, sql)) in MIGRATIONS.iter().enumerate() {
            assert_eq!(*version, i as i32 + 1);
            assert!(!sql.trim().is_empty());
        }
    }
}
