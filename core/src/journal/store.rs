//! Where a journal keeps its events: a small trait, so that a host system
//! can keep them in its own database, and an in-memory implementation.
//! The file implementation (JSON Lines with a hash chain) is in the
//! `etalon` crate, `etalon::io::JournalFile`.

use super::event::Event;

/// Storage of a journal's events. Events are only ever appended.
pub trait EventStore {
    /// Every event stored, in the order stored.
    fn load(&mut self) -> Result<Vec<Event>, StoreError>;

    /// Appends `events` after the stored ones. Either all are stored or the
    /// error says what went wrong; a store that can be cut short (a file)
    /// must keep every event it stored completely readable.
    fn append(&mut self, events: &[Event]) -> Result<(), StoreError>;

    /// Takes the store for one change, waiting for other writers (other
    /// processes on one file, other clients of one database), and returns
    /// the events they stored since this store last loaded or appended,
    /// so that the change is checked against the whole journal. The store
    /// stays taken until [`EventStore::release`]; an [`EventStore::append`]
    /// in between continues the events returned. A store only one writer
    /// uses (memory) has nothing to wait for.
    fn take(&mut self) -> Result<Vec<Event>, StoreError> {
        Ok(Vec::new())
    }

    /// Lets other writers in again after [`EventStore::take`].
    fn release(&mut self) {}
}

/// A store failed.
#[derive(Debug, thiserror::Error)]
#[error("{message}")]
pub struct StoreError {
    /// What went wrong.
    pub message: String,
    /// The underlying error.
    #[source]
    pub source: Option<Box<dyn std::error::Error + Send + Sync>>,
}

impl StoreError {
    /// An error with a message and its cause.
    pub fn new(
        message: impl Into<String>,
        source: impl Into<Box<dyn std::error::Error + Send + Sync>>,
    ) -> Self {
        StoreError {
            message: message.into(),
            source: Some(source.into()),
        }
    }
}

/// Events kept in memory (tests, hosts that persist the state elsewhere).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MemoryStore {
    events: Vec<Event>,
}

impl MemoryStore {
    /// An empty store.
    pub fn new() -> Self {
        Self::default()
    }

    /// A store holding `events`.
    pub fn with_events(events: Vec<Event>) -> Self {
        MemoryStore { events }
    }

    /// The events stored.
    pub fn events(&self) -> &[Event] {
        &self.events
    }
}

impl EventStore for MemoryStore {
    fn load(&mut self) -> Result<Vec<Event>, StoreError> {
        Ok(self.events.clone())
    }

    fn append(&mut self, events: &[Event]) -> Result<(), StoreError> {
        self.events.extend_from_slice(events);
        Ok(())
    }
}
