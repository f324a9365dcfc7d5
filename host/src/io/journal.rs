//! The deviation journal as a file: JSON Lines with a hash chain (the
//! format is `etalon_core::journal::codec`).
//!
//! [`JournalFile::open`] reads a journal for writing. A last line without
//! its newline (a write cut short by a crash) is cut off, and
//! [`JournalFile::recovered`] says so; every complete event is kept. A
//! damaged complete line is refused with its line number: the file is left
//! as it is for someone to look at. Appending writes the new lines in one
//! write and syncs them to disk before returning.
//!
//! One writer at a time: two processes appending to one file at once would
//! break its chain.

use std::fs::OpenOptions;
use std::io::Write;
use std::path::{Path, PathBuf};

use etalon_core::journal::codec::{self, ChainHead, Decoded, LineError, TornTail, VerifyReport};
use etalon_core::journal::{Event, EventStore, StoreError};

/// A journal file could not be used.
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
}

fn io(path: &Path) -> impl FnOnce(std::io::Error) -> JournalFileError + '_ {
    move |source| JournalFileError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// The bytes of a journal file; a missing file is an empty journal.
fn read_bytes(path: &Path) -> Result<Vec<u8>, JournalFileError> {
    match std::fs::read(path) {
        Ok(b) => Ok(b),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Vec::new()),
        Err(e) => Err(io(path)(e)),
    }
}

/// Reads a journal without changing it: every complete event (a torn last
/// line is left out and reported in [`Decoded::torn`]).
pub fn read_journal(path: &Path) -> Result<Decoded, JournalFileError> {
    codec::decode(&read_bytes(path)?).map_err(|error| JournalFileError::Damaged {
        path: path.to_path_buf(),
        error,
    })
}

/// Checks every line of a journal file (see `codec::verify`).
pub fn verify_journal(path: &Path) -> Result<VerifyReport, JournalFileError> {
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
    events: Vec<Event>,
    recovered: Option<TornTail>,
}

impl JournalFile {
    /// Opens (or, on the first append, creates) the journal at `path`,
    /// cutting off a torn last line.
    pub fn open(path: &Path) -> Result<JournalFile, JournalFileError> {
        let decoded = read_journal(path)?;
        if let Some(torn) = decoded.torn {
            let file = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(io(path))?;
            file.set_len(torn.offset as u64).map_err(io(path))?;
            file.sync_all().map_err(io(path))?;
        }
        Ok(JournalFile {
            path: path.to_path_buf(),
            head: decoded.head,
            events: decoded.events,
            recovered: decoded.torn,
        })
    }

    /// The torn last line that was cut off when the file was opened.
    pub fn recovered(&self) -> Option<TornTail> {
        self.recovered
    }

    /// The end of the chain: the last line's number and hash.
    pub fn head(&self) -> &ChainHead {
        &self.head
    }

    /// The file.
    pub fn path(&self) -> &Path {
        &self.path
    }
}

impl EventStore for JournalFile {
    fn load(&mut self) -> Result<Vec<Event>, StoreError> {
        Ok(std::mem::take(&mut self.events))
    }

    fn append(&mut self, events: &[Event]) -> Result<(), StoreError> {
        let mut head = self.head.clone();
        let text = codec::encode(events, &mut head);
        let fail = |what: &str, e: std::io::Error| {
            StoreError::new(format!("{}: {what}", self.path.display()), e)
        };
        let mut file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.path)
            .map_err(|e| fail("cannot open the journal", e))?;
        file.write_all(text.as_bytes())
            .map_err(|e| fail("cannot append to the journal", e))?;
        file.sync_data()
            .map_err(|e| fail("cannot sync the journal to disk", e))?;
        self.head = head;
        Ok(())
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
    fn a_journal_opens_on_a_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("j.jsonl");
        let j = Journal::open(JournalFile::open(&path).unwrap()).unwrap();
        assert!(j.events().is_empty());
        assert!(!path.exists(), "nothing is created before the first event");
    }
}
