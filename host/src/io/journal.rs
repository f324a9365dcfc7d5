//! The deviation journal as a file: JSON Lines with a hash chain (the
//! format is `etalon_core::journal::codec`).
//!
//! Many writers may share one file (several people of a ministry recording
//! at once): every change takes an exclusive lock on the file (`flock`),
//! reads the lines others appended since, is checked against the whole
//! journal, appends its lines in one write, syncs them to disk and only
//! then lets the lock go. A writer that cannot get the lock within its
//! timeout ([`DEFAULT_LOCK_TIMEOUT`]) fails with
//! [`JournalFileError::Locked`] and writes nothing. Readers take a shared
//! lock, so they see the journal between two changes. The lock is the
//! operating system's: it goes with the process, so a killed writer leaves
//! none behind.
//!
//! [`JournalFile::open`] reads a journal for writing. A last line without
//! its newline (a write cut short by a crash) is cut off, and
//! [`JournalFile::recovered`] says so; every complete event is kept. A
//! last line whose only missing byte is its newline is complete: it is
//! kept and the newline restored ([`JournalFile::newline_restored`]). A
//! damaged complete line is refused with its line number: the file is
//! left as it is for someone to look at.

use std::fs::{File, OpenOptions, TryLockError};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use etalon_core::Text;
use etalon_core::journal::codec::{self, ChainHead, Decoded, LineError, TornTail, VerifyReport};
use etalon_core::journal::{Event, EventStore, StoreError};

/// How long a writer or reader waits for another one's lock by default.
pub const DEFAULT_LOCK_TIMEOUT: Duration = Duration::from_secs(30);

/// A journal (a file, or the central one in PostgreSQL) could not be used.
#[derive(Debug, thiserror::Error)]
pub enum JournalFileError {
    /// The file system refused.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A complete line is damaged.
    #[error("{}: {error}", .path.display())]
    Damaged {
        /// The file.
        path: PathBuf,
        /// The line and what is wrong.
        error: LineError,
    },
    /// Another process held the journal's lock for longer than the timeout.
    #[error(
        "{}: another process kept the journal locked for {} ms; nothing was written (try again; the lock goes with the process that holds it)",
        .path.display(),
        .waited.as_millis()
    )]
    Locked {
        /// The file.
        path: PathBuf,
        /// How long this one waited.
        waited: Duration,
    },
    /// The central journal's database refused or failed (see
    /// `etalon::io::PostgresJournal`).
    #[error("{url}: {message}")]
    Database {
        /// The database, its password hidden.
        url: String,
        /// What went wrong.
        message: String,
        /// What went wrong, as the message catalogue says it (the id
        /// without its `journal-` prefix, and its values).
        text: Text,
    },
    /// An event of the central journal's database is damaged.
    #[error("{url}: event {error}")]
    DatabaseEvent {
        /// The database, its password hidden.
        url: String,
        /// The event's line and what is wrong.
        error: LineError,
    },
    /// Another writer added events since this one read the journal.
    #[error(
        "{location}: {count} event(s) were {} by another writer since the journal was read; nothing was written",
        if *.database { "stored" } else { "appended" }
    )]
    Overtaken {
        /// The file, or the database's URL (its password hidden).
        location: String,
        /// How many events it added.
        count: usize,
        /// Whether the journal is the central one in PostgreSQL.
        database: bool,
    },
    /// Appending to the file failed.
    #[error("{}: cannot append to the journal", .path.display())]
    Append {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// Syncing the file to disk failed.
    #[error("{}: cannot sync the journal to disk", .path.display())]
    Sync {
        /// The file.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A write was attempted without the file's lock (a defect of the
    /// caller's order of calls).
    #[error("{}: the journal was not locked for writing", .path.display())]
    NotLocked {
        /// The file.
        path: PathBuf,
    },
    /// The file is shorter than the part already read: someone cut or
    /// replaced it outside etalon.
    #[error(
        "{}: the journal is shorter ({found} bytes) than the {read} bytes already read from it: it was cut or replaced outside etalon; nothing was written",
        .path.display()
    )]
    Shrunk {
        /// The file.
        path: PathBuf,
        /// Bytes read before.
        read: u64,
        /// Bytes now.
        found: u64,
    },
}

impl JournalFileError {
    /// The journal file, or the database's URL (its password hidden).
    pub fn location(&self) -> String {
        match self {
            JournalFileError::Io { path, .. }
            | JournalFileError::Damaged { path, .. }
            | JournalFileError::Locked { path, .. }
            | JournalFileError::Shrunk { path, .. }
            | JournalFileError::Append { path, .. }
            | JournalFileError::Sync { path, .. }
            | JournalFileError::NotLocked { path } => path.display().to_string(),
            JournalFileError::Database { url, .. }
            | JournalFileError::DatabaseEvent { url, .. } => url.clone(),
            JournalFileError::Overtaken { location, .. } => location.clone(),
        }
    }
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JournalFileError + '_ {
    move |source| JournalFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Waits for the lock on `file` (exclusive or shared) until `timeout`.
fn lock(
    file: &File,
    path: &Path,
    exclusive: bool,
    timeout: Duration,
) -> Result<(), JournalFileError> {
    let start = Instant::now();
    let mut pause = Duration::from_millis(1);
    loop {
        let tried = if exclusive {
            file.try_lock()
        } else {
            file.try_lock_shared()
        };
        match tried {
            Ok(()) => return Ok(()),
            Err(TryLockError::Error(e)) => return Err(io(path)(e)),
            Err(TryLockError::WouldBlock) => {
                let waited = start.elapsed();
                if waited >= timeout {
                    return Err(JournalFileError::Locked {
                        path: path.to_path_buf(),
                        waited,
                    });
                }
                // Short pauses (a change takes about one fsync): a longer
                // one would leave the file idle while many writers queue.
                std::thread::sleep(pause.min(timeout - waited));
                pause = (pause * 2).min(Duration::from_millis(4));
            }
        }
    }
}

/// The bytes of a journal file, read under a shared lock; a missing file
/// is an empty journal.
fn read_bytes(path: &Path) -> Result<Vec<u8>, JournalFileError> {
    let mut file = match File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(io(path)(e)),
    };
    lock(&file, path, false, DEFAULT_LOCK_TIMEOUT)?;
    let mut bytes = Vec::new();
    file.read_to_end(&mut bytes).map_err(io(path))?;
    Ok(bytes)
}

/// The URL, when `path` names the central journal (`postgres://…`).
pub(crate) fn postgres_url(path: &Path) -> Option<&str> {
    path.to_str().filter(|s| super::is_postgres_url(s))
}

/// Reads a journal without changing it: every complete event (a torn last
/// line is left out and reported in [`Decoded::torn`]). A `postgres://`
/// URL reads the central journal.
pub fn read_journal(path: &Path) -> Result<Decoded, JournalFileError> {
    if let Some(url) = postgres_url(path) {
        return super::read_postgres(url);
    }
    codec::decode(&read_bytes(path)?).map_err(|error| JournalFileError::Damaged {
        path: path.to_path_buf(),
        error,
    })
}

/// Checks every line of a journal file (see `codec::verify`), or every
/// row of the central journal at a `postgres://` URL.
pub fn verify_journal(path: &Path) -> Result<VerifyReport, JournalFileError> {
    if let Some(url) = postgres_url(path) {
        return super::verify_postgres(url);
    }
    if !path.exists() {
        return Err(io(path)(std::io::Error::new(
            std::io::ErrorKind::NotFound,
            "no such journal",
        )));
    }
    Ok(codec::verify(&read_bytes(path)?))
}

/// A journal file opened for appending.
#[derive(Debug)]
pub struct JournalFile {
    path: PathBuf,
    head: ChainHead,
    /// Bytes of the file read so far (complete lines only).
    len: u64,
    events: Vec<Event>,
    recovered: Option<TornTail>,
    newline_restored: bool,
    timeout: Duration,
    /// The file, locked, between `take` and `release`.
    taken: Option<File>,
}

impl JournalFile {
    /// Opens (or, on the first append, creates) the journal at `path`,
    /// cutting off a torn last line and restoring a missing final newline,
    /// waiting at most [`DEFAULT_LOCK_TIMEOUT`] for other writers.
    pub fn open(path: &Path) -> Result<JournalFile, JournalFileError> {
        Self::open_waiting(path, DEFAULT_LOCK_TIMEOUT)
    }

    /// As [`JournalFile::open`], waiting at most `timeout` for the lock,
    /// now and on every change.
    pub fn open_waiting(path: &Path, timeout: Duration) -> Result<JournalFile, JournalFileError> {
        let mut journal = JournalFile {
            path: path.to_path_buf(),
            head: ChainHead::default(),
            len: 0,
            events: Vec::new(),
            recovered: None,
            newline_restored: false,
            timeout,
            taken: None,
        };
        if path.exists() {
            journal.events = journal.catch_up()?;
            journal.taken = None;
        }
        Ok(journal)
    }

    /// Locks the file (creating it), reads the lines appended since the
    /// last read, cuts off a torn tail or restores a missing newline, and
    /// keeps the locked file in `taken`.
    fn catch_up(&mut self) -> Result<Vec<Event>, JournalFileError> {
        let path = self.path.clone();
        let created = !path.exists();
        let mut file = OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&path)
            .map_err(io(&path))?;
        lock(&file, &path, true, self.timeout)?;
        if created {
            sync_folder(&path)?;
        }
        let found = file.metadata().map_err(io(&path))?.len();
        if found < self.len {
            return Err(JournalFileError::Shrunk {
                path,
                read: self.len,
                found,
            });
        }
        file.seek(SeekFrom::Start(self.len)).map_err(io(&path))?;
        let mut bytes = Vec::new();
        file.read_to_end(&mut bytes).map_err(io(&path))?;
        let decoded =
            codec::decode_after(&bytes, self.head.clone(), self.len as usize).map_err(|error| {
                JournalFileError::Damaged {
                    path: path.clone(),
                    error,
                }
            })?;
        let mut end = found;
        if let Some(torn) = decoded.torn {
            end = torn.offset as u64;
            file.set_len(end).map_err(io(&path))?;
            file.sync_all().map_err(io(&path))?;
            self.recovered.get_or_insert(torn);
        }
        if decoded.unterminated {
            file.seek(SeekFrom::End(0)).map_err(io(&path))?;
            file.write_all(b"\n").map_err(io(&path))?;
            file.sync_data().map_err(io(&path))?;
            end += 1;
            self.newline_restored = true;
        }
        self.head = decoded.head;
        self.len = end;
        self.taken = Some(file);
        Ok(decoded.events)
    }

    /// The torn last line that was cut off when the file was opened (or by
    /// a later change, after a writer died mid-write).
    pub fn recovered(&self) -> Option<TornTail> {
        self.recovered
    }

    /// Whether a last line missing only its newline was found and the
    /// newline restored.
    pub fn newline_restored(&self) -> bool {
        self.newline_restored
    }

    /// The end of the chain: the last line's number and hash.
    pub fn head(&self) -> &ChainHead {
        &self.head
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Writes `text` at the end of the taken file and syncs it; on failure
    /// cuts the file back so no partial line stays.
    fn write_taken(&mut self, text: &str) -> Result<(), StoreError> {
        let path = &self.path;
        let len = self.len;
        let Some(file) = self.taken.as_mut() else {
            return Err(store_error(JournalFileError::NotLocked {
                path: path.clone(),
            }));
        };
        let written = file
            .seek(SeekFrom::Start(len))
            .and_then(|_| file.write_all(text.as_bytes()))
            .map_err(|source| JournalFileError::Append {
                path: path.clone(),
                source,
            })
            .and_then(|()| {
                file.sync_data().map_err(|source| JournalFileError::Sync {
                    path: path.clone(),
                    source,
                })
            })
            .map_err(store_error);
        if written.is_err() {
            // Best effort: a partial line would be cut by the next writer anyway.
            let _ = file.set_len(len);
        }
        written
    }
}

/// Syncs the folder of a file just created, so the file's name is on disk
/// too.
fn sync_folder(path: &Path) -> Result<(), JournalFileError> {
    let folder = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    File::open(folder)
        .and_then(|d| d.sync_all())
        .map_err(io(folder))
}

fn store_error(e: JournalFileError) -> StoreError {
    StoreError::new(e.to_string(), e)
}

impl EventStore for JournalFile {
    fn load(&mut self) -> Result<Vec<Event>, StoreError> {
        Ok(std::mem::take(&mut self.events))
    }

    fn append(&mut self, events: &[Event]) -> Result<(), StoreError> {
        let took_here = self.taken.is_none();
        if took_here {
            let newer = self.take()?;
            if !newer.is_empty() {
                self.release();
                return Err(store_error(JournalFileError::Overtaken {
                    location: self.path.display().to_string(),
                    count: newer.len(),
                    database: false,
                }));
            }
        }
        let mut head = self.head.clone();
        let text = codec::encode(events, &mut head);
        let written = self.write_taken(&text);
        if written.is_ok() {
            self.head = head;
            self.len += text.len() as u64;
        }
        if took_here {
            self.release();
        }
        written
    }

    fn take(&mut self) -> Result<Vec<Event>, StoreError> {
        self.catch_up().map_err(store_error)
    }

    fn release(&mut self) {
        // Closing the file lets the lock go.
        self.taken = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use etalon_core::journal::{Change, Journal};

    fn event(i: usize) -> Event {
        Event::recorded(
            &format!("d{i}"),
            "2026-07-01T10:00:00Z".parse().unwrap(),
            "Петрова",
            &format!("причина {i}"),
            Change::CauseRecorded,
        )
    }

    #[test]
    fn appends_reopen_and_a_torn_tail_is_cut_off() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut f = JournalFile::open(&path).unwrap();
        f.append(&[event(1), event(2)]).unwrap();
        f.append(&[event(3)]).unwrap();
        let bytes = std::fs::read(&path).unwrap();
        let cut = bytes.len() - 5;
        std::fs::write(&path, &bytes[..cut]).unwrap();
        let mut f = JournalFile::open(&path).unwrap();
        let torn = f.recovered().unwrap();
        assert_eq!(torn.offset + torn.len, cut);
        assert_eq!(
            std::fs::metadata(&path).unwrap().len() as usize,
            torn.offset
        );
        assert_eq!(f.load().unwrap(), vec![event(1), event(2)]);
        f.append(&[event(4)]).unwrap();
        let back = read_journal(&path).unwrap();
        assert_eq!(back.events, vec![event(1), event(2), event(4)]);
        assert!(verify_journal(&path).unwrap().is_intact());
    }

    #[test]
    fn a_last_line_missing_only_its_newline_is_kept_and_mended() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        JournalFile::open(&path)
            .unwrap()
            .append(&[event(1), event(2)])
            .unwrap();
        let whole = std::fs::read(&path).unwrap();
        std::fs::write(&path, &whole[..whole.len() - 1]).unwrap();
        let mut f = JournalFile::open(&path).unwrap();
        assert!(f.newline_restored());
        assert_eq!(f.recovered(), None);
        assert_eq!(std::fs::read(&path).unwrap(), whole);
        assert_eq!(f.load().unwrap(), vec![event(1), event(2)]);
        f.append(&[event(3)]).unwrap();
        assert_eq!(read_journal(&path).unwrap().events.len(), 3);
        assert!(verify_journal(&path).unwrap().is_intact());
    }

    #[test]
    fn a_writer_that_cannot_get_the_lock_writes_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut holder = JournalFile::open(&path).unwrap();
        holder.append(&[event(1)]).unwrap();
        let mut other = JournalFile::open_waiting(&path, Duration::from_millis(50)).unwrap();
        assert_eq!(other.load().unwrap(), vec![event(1)]);
        assert!(holder.take().unwrap().is_empty());
        let before = std::fs::read(&path).unwrap();
        let e = other.append(&[event(2)]).unwrap_err();
        assert!(
            e.to_string().contains(
                "another process kept the journal locked for 5"
            ) && e.to_string().ends_with(
                "ms; nothing was written (try again; the lock goes with the process that holds it)"
            ),
            "{e}"
        );
        assert_eq!(std::fs::read(&path).unwrap(), before);
        holder.release();
        other.append(&[event(2)]).unwrap();
        // The first writer catches up with the second one's event.
        assert_eq!(holder.take().unwrap(), vec![event(2)]);
        holder.append(&[event(3)]).unwrap();
        holder.release();
        let back = read_journal(&path).unwrap();
        assert_eq!(back.events, vec![event(1), event(2), event(3)]);
    }

    #[test]
    fn two_journals_on_one_file_check_changes_against_each_other() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("journal.jsonl");
        let mut a = Journal::open(JournalFile::open(&path).unwrap()).unwrap();
        let mut b = Journal::open(JournalFile::open(&path).unwrap()).unwrap();
        let close = |who: &str| {
            Event::recorded(
                "d1",
                "2026-07-01T10:00:00Z".parse().unwrap(),
                who,
                "x",
                Change::Closed,
            )
        };
        // Neither can close a deviation never detected; both refusals
        // leave the file alone.
        assert!(a.record(close("a")).is_err());
        assert!(b.record(close("b")).is_err());
        assert!(!path.exists() || std::fs::read(&path).unwrap().is_empty());
        let merged = a.merge(&[&[event(1)]]).unwrap();
        assert_eq!(merged.added.len(), 1);
        // `b` sees `a`'s event before its own change.
        assert!(b.merge(&[&[event(1)]]).unwrap().added.is_empty());
        assert_eq!(b.events(), &[event(1)]);
    }

    #[test]
    fn a_journal_opens_on_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let j = Journal::open(JournalFile::open(&path).unwrap()).unwrap();
        assert!(j.events().is_empty());
        assert!(!path.exists(), "nothing is created before the first event");
    }
}
