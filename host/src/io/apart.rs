//! Large tables finished apart while loading goes on: once a table's last
//! record is written, its unique values are checked and its records
//! ordered ([`WholeTable::finish`]) on a thread of the loading scope, while
//! the loading thread writes the later tables; each is given back to the
//! builder before it finishes the dataset.

use std::sync::mpsc::{SendError, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

use etalon_core::data::{FinishedTable, WholeTable};

/// A table being finished: on a thread, or already (no thread could be
/// had, so it was finished here).
pub(crate) enum Finishing<'s> {
    Thread(ScopedJoinHandle<'s, Option<FinishedTable>>),
    Done(Box<FinishedTable>),
}

/// Finishes `whole` on a thread of `scope`, or here if the system gives
/// none. The thread is started before the table is handed to it, so a
/// thread that cannot start never takes the table with it.
pub(crate) fn finish_apart<'s>(scope: &'s Scope<'s, '_>, whole: WholeTable) -> Finishing<'s> {
    let (send, receive) = sync_channel::<WholeTable>(1);
    let started = std::thread::Builder::new()
        .name("etalon-finish".into())
        .spawn_scoped(scope, move || receive.recv().ok().map(WholeTable::finish));
    match started {
        Ok(thread) => match send.send(whole) {
            Ok(()) => Finishing::Thread(thread),
            Err(SendError(whole)) => Finishing::Done(Box::new(whole.finish())),
        },
        Err(_) => Finishing::Done(Box::new(whole.finish())),
    }
}

impl Finishing<'_> {
    /// The table finished; a panic of its thread goes on here. None only
    /// if the thread never received the table, which a table sent before
    /// its sender is dropped always is: the builder then refuses to
    /// finish, naming the table not given back.
    pub(crate) fn finished(self) -> Option<FinishedTable> {
        match self {
            Finishing::Done(finished) => Some(*finished),
            Finishing::Thread(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
        }
    }
}
