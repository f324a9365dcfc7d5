//! A writer that hands full chunks to a thread of its own, so that making
//! the bytes (serialising a large result) and the kernel's copy of them
//! into the file go on at once on two cores. Output that fits in one chunk
//! is written where it was made, without a thread.

use std::io::{self, Write};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::{Scope, ScopedJoinHandle};

/// Bytes gathered before a chunk goes to the writing thread.
const CHUNK: usize = 1 << 20;
/// Chunks on their way to the writing thread at most.
const IN_FLIGHT: usize = 2;

/// The writing thread and the channels to and from it.
struct Writing<'scope> {
    chunks: SyncSender<Vec<u8>>,
    /// Chunks written, sent back to be filled again.
    spare: Receiver<Vec<u8>>,
    thread: ScopedJoinHandle<'scope, io::Result<()>>,
}

/// Gathers bytes into chunks for `out`, written on a thread of `scope`
/// once there is more than a chunk; [`Pipelined::finish`] writes the rest
/// and returns the first error of either side.
pub(crate) struct Pipelined<'scope, 'env, W: Write + Send + 'scope> {
    scope: &'scope Scope<'scope, 'env>,
    /// The destination until the writing thread takes it.
    out: Option<W>,
    buffer: Vec<u8>,
    writing: Option<Writing<'scope>>,
    /// No thread could start: every chunk is written here.
    alone: bool,
}

impl<'scope, 'env, W: Write + Send + 'scope> Pipelined<'scope, 'env, W> {
    pub(crate) fn new(scope: &'scope Scope<'scope, 'env>, out: W) -> Self {
        Pipelined {
            scope,
            out: Some(out),
            buffer: Vec::with_capacity(CHUNK),
            writing: None,
            alone: false,
        }
    }

    /// Sends the full buffer to the writing thread, started on the first
    /// chunk; where no thread can start, the chunks are written here.
    fn hand_over(&mut self) -> io::Result<()> {
        if self.writing.is_none() && !self.alone {
            self.start_writing();
        }
        let Some(writing) = &self.writing else {
            let out = self.out.as_mut().ok_or_else(failed_before)?;
            out.write_all(&self.buffer)?;
            self.buffer.clear();
            return Ok(());
        };
        let next = writing
            .spare
            .try_recv()
            .unwrap_or_else(|_| Vec::with_capacity(CHUNK));
        let full = std::mem::replace(&mut self.buffer, next);
        if writing.chunks.send(full).is_err() {
            // The thread stopped on an error: return it.
            self.finish_thread()?;
            return Err(failed_before());
        }
        Ok(())
    }

    /// Starts the writing thread and gives it the destination; if the
    /// thread cannot start, the destination stays here.
    fn start_writing(&mut self) {
        let (give, take) = sync_channel::<W>(1);
        let (chunks, received) = sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (returned, spare) = sync_channel::<Vec<u8>>(IN_FLIGHT + 1);
        let started = std::thread::Builder::new()
            .name("etalon-write".into())
            .spawn_scoped(self.scope, move || match take.recv() {
                Ok(out) => write_chunks(out, received, returned),
                Err(_) => Ok(()),
            });
        match (started, self.out.take()) {
            (Ok(thread), Some(out)) => {
                // The thread waits on this channel, which has room for it.
                let _ = give.send(out);
                self.writing = Some(Writing {
                    chunks,
                    spare,
                    thread,
                });
            }
            (_, out) => {
                self.out = out;
                self.alone = true;
            }
        }
    }

    /// Waits for the writing thread and returns its error, if any.
    fn finish_thread(&mut self) -> io::Result<()> {
        let Some(Writing { chunks, thread, .. }) = self.writing.take() else {
            return Ok(());
        };
        drop(chunks);
        thread
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))
    }

    /// Writes what is left and waits for every chunk to be written.
    pub(crate) fn finish(mut self) -> io::Result<()> {
        match (&self.writing, self.out.as_mut()) {
            (Some(writing), _) => {
                let last = std::mem::take(&mut self.buffer);
                // A closed channel means the thread stopped on an error,
                // which joining it returns.
                let _ = writing.chunks.send(last);
                self.finish_thread()
            }
            (None, Some(out)) => {
                out.write_all(&self.buffer)?;
                out.flush()
            }
            (None, None) => Err(failed_before()),
        }
    }
}

impl<'scope, 'env, W: Write + Send + 'scope> Write for Pipelined<'scope, 'env, W> {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.write_all(bytes)?;
        Ok(bytes.len())
    }

    fn write_all(&mut self, mut bytes: &[u8]) -> io::Result<()> {
        while !bytes.is_empty() {
            let room = CHUNK.saturating_sub(self.buffer.len());
            let (now, later) = bytes.split_at(room.min(bytes.len()));
            self.buffer.extend_from_slice(now);
            bytes = later;
            if self.buffer.len() >= CHUNK {
                self.hand_over()?;
            }
        }
        Ok(())
    }

    /// Chunks are written as they fill; the rest by [`Pipelined::finish`].
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A write after the writing thread stopped on an error (that error was
/// returned by the write that found it).
fn failed_before() -> io::Error {
    io::Error::new(
        io::ErrorKind::BrokenPipe,
        "an earlier write of this output failed",
    )
}

/// The writing thread: each chunk into `out`, then back to be refilled.
fn write_chunks<W: Write>(
    mut out: W,
    chunks: Receiver<Vec<u8>>,
    returned: SyncSender<Vec<u8>>,
) -> io::Result<()> {
    for mut chunk in chunks {
        out.write_all(&chunk)?;
        chunk.clear();
        // The maker may have enough chunks already; this one is dropped.
        let _ = returned.try_send(chunk);
    }
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A destination that records what it was given, failing after
    /// `fail_after` bytes when set.
    struct Recorder<'a> {
        got: &'a mut Vec<u8>,
        fail_after: Option<usize>,
    }

    impl Write for Recorder<'_> {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            if self
                .fail_after
                .is_some_and(|n| self.got.len() + bytes.len() > n)
            {
                return Err(io::Error::other("disk full"));
            }
            self.got.extend_from_slice(bytes);
            Ok(bytes.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    fn through(pieces: &[&[u8]], fail_after: Option<usize>) -> (io::Result<()>, Vec<u8>) {
        let mut got = Vec::new();
        let result = std::thread::scope(|s| {
            let mut w = Pipelined::new(
                s,
                Recorder {
                    got: &mut got,
                    fail_after,
                },
            );
            for p in pieces {
                w.write_all(p)?;
            }
            w.finish()
        });
        (result, got)
    }

    #[test]
    fn small_output_is_written_whole_without_a_thread() {
        let (result, got) = through(&[b"{", b"\"a\": 1", b"}"], None);
        result.unwrap();
        assert_eq!(got, b"{\"a\": 1}");
    }

    #[test]
    fn output_of_many_chunks_arrives_whole_and_in_order() {
        let pieces: Vec<Vec<u8>> = (0..30_000u32)
            .map(|i| {
                format!("{i:07} ")
                    .repeat(1 + (i as usize % 97))
                    .into_bytes()
            })
            .collect();
        let refs: Vec<&[u8]> = pieces.iter().map(|p| p.as_slice()).collect();
        let expected: Vec<u8> = pieces.concat();
        assert!(expected.len() > 5 * CHUNK);
        let (result, got) = through(&refs, None);
        result.unwrap();
        assert_eq!(got, expected);
    }

    #[test]
    fn an_error_of_the_writing_thread_is_returned() {
        let big = vec![b'x'; 5 * CHUNK];
        let (result, got) = through(&[&big], Some(3 * CHUNK));
        assert_eq!(result.unwrap_err().to_string(), "disk full");
        assert_eq!(got.len(), 3 * CHUNK);
    }
}
