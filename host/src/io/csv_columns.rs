//! CSV tables into the column writer: each table's file is parsed on its
//! own thread into chunks of records (each line copied once, and where its
//! fields start: [`Fields`]); the chunks of every table are prepared by a small
//! pool of threads shared by all tables ([`PreparedColumn`]: dates, counts
//! and flags parsed, the distinct texts of codes and units gathered), so a
//! large table's work is no longer all on its one thread; the loading
//! thread hands them to [`etalon_core::ColumnWriter`] in
//! [`etalon_core::TableKind::ALL`] order and, within a table, in file
//! order.
//!
//! The dataset and every problem are what the row writer gives: a chunk
//! ends at a row the CSV reader refuses (wrong length, not UTF-8), so that
//! row's problem comes between the writer's problems of the rows before
//! and after it; the record limit cuts a chunk at the first record past
//! it; a problem of the writer is placed on its record's line.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::sync::{Arc, Mutex};
use std::thread::Scope;

use etalon_core::data::PreparedColumn;
use etalon_core::{ColumnInput, ColumnType, DataError, DatasetBuilder, Source, Sources, TableKind};

use super::LoadError;
use super::csv_records::{self, Fields, Next, OpenedCsv};
use super::tables::{LoadOptions, Problems, explain_header};

/// The most records in one chunk: few enough that a chunk's text and
/// field starts stay in a core's own cache while the pool and the writer
/// read them column after column (records are kept row by row).
pub(crate) const CHUNK: usize = 4 * 1024;

/// A chunk is sent once its text holds this many bytes, however few its
/// records (a table of long rows), so the starts of its fields stay far
/// within what 32 bits reach.
const CHUNK_TEXT: usize = 64 << 20;

/// How many chunks a table's thread reads ahead of the writer.
const AHEAD: usize = 4;

/// How many written chunks wait to be filled again: their buffers are
/// reused, not allocated and faulted in anew for every chunk.
const SPARE: usize = 2;

/// Whether loading goes on with the next table or stops.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flow {
    Next,
    Stop,
}

/// What a table's thread sends: the file opened, then its chunks, each
/// as the place where it arrives once prepared (so they are taken in file
/// order, whichever thread of the pool prepares them first).
enum Piece {
    Opened { header: Vec<String>, separator: u8 },
    Failed(LoadError),
    Chunk(Receiver<Chunk>),
}

/// Each column's type, by the header's order (none for a name the schema
/// does not know: the writer decides what it is).
type Types = Arc<[Option<ColumnType>]>;

/// A chunk to prepare, and where to send it prepared.
struct Job {
    chunk: Chunk,
    types: Types,
    done: SyncSender<Chunk>,
}

impl Job {
    fn run(self) {
        // The writer may have stopped and gone: the chunk is then not needed.
        let _ = self.done.send(self.chunk.prepare(&self.types));
    }
}

/// The threads preparing the chunks of every table read in a load.
#[derive(Clone)]
pub(crate) struct Pool {
    jobs: SyncSender<Job>,
}

impl Pool {
    /// Starts `threads` threads on `scope` (at least one); none if the
    /// system gives none (each table's thread then prepares its own
    /// chunks). The threads end once every clone of the pool is dropped.
    pub(crate) fn start<'s>(scope: &'s Scope<'s, '_>, threads: usize) -> Option<Self> {
        let threads = threads.max(1);
        // As many chunks wait as there are threads: memory stays bounded.
        let (jobs, queue) = sync_channel::<Job>(threads);
        let queue = Arc::new(Mutex::new(queue));
        let mut started = 0;
        for _ in 0..threads {
            let queue = Arc::clone(&queue);
            let spawned = std::thread::Builder::new()
                .name("etalon-prepare".into())
                .spawn_scoped(scope, move || prepare_all(&queue));
            started += usize::from(spawned.is_ok());
        }
        (started > 0).then_some(Pool { jobs })
    }

    /// Prepares `job` on a thread of the pool, or on this one if the pool
    /// has gone (a thread of it ended by a panic, which is the scope's).
    fn prepare(&self, job: Job) {
        if let Err(std::sync::mpsc::SendError(job)) = self.jobs.send(job) {
            job.run();
        }
    }
}

/// A thread of the pool: prepares chunks until no table is being read.
fn prepare_all(queue: &Mutex<Receiver<Job>>) {
    loop {
        // The lock is held only while waiting for the next job.
        let job = match queue.lock() {
            Ok(queue) => queue.recv(),
            Err(_) => return,
        };
        match job {
            Ok(job) => job.run(),
            Err(_) => return,
        }
    }
}

/// The most threads that prepare chunks. The one writing thread takes
/// the chunks in turn, so more would not load faster; each thread also
/// lets a chunk more wait in memory, which on a host of many cores (a
/// Spark executor's) would add up for nothing.
const MAX_PREPARING: usize = 4;

/// How many threads prepare chunks: one per core, at most
/// [`MAX_PREPARING`].
pub(crate) fn default_threads() -> usize {
    std::thread::available_parallelism().map_or(1, |n| usize::from(n).min(MAX_PREPARING))
}

/// Consecutive records of one table.
struct Chunk {
    /// The records' fields, as many per record as the header has.
    fields: Fields,
    /// The header's number of fields.
    width: usize,
    /// The columns prepared, once the chunk is whole.
    prepared: Vec<PreparedColumn>,
    /// The file's line of each record.
    lines: Vec<u64>,
    /// The number of the chunk's first record in the file, counting the
    /// rows the CSV reader refused (as the file's record numbers do).
    first: u64,
    /// The row the CSV reader refused right after the chunk's records,
    /// and whether it is that row only (else the rest of the file is lost).
    refused: Option<(LoadError, bool)>,
}

impl Chunk {
    /// A chunk made of `spare`'s buffers (a written chunk sent back), or
    /// new ones.
    fn next(spare: &Receiver<Chunk>, width: usize, first: u64) -> Self {
        match spare.try_recv() {
            Ok(mut chunk) if chunk.width == width => {
                chunk.fields.clear();
                chunk.prepared.clear();
                chunk.lines.clear();
                chunk.first = first;
                chunk.refused = None;
                chunk
            }
            _ => Chunk::new(width, first),
        }
    }

    fn new(width: usize, first: u64) -> Self {
        Chunk {
            fields: Fields::default(),
            width,
            prepared: Vec::new(),
            lines: Vec::new(),
            first,
            refused: None,
        }
    }

    /// Prepares the columns, each as the type `types` gives it (on the
    /// reading thread, before the chunk is sent).
    fn prepare(mut self, types: &[Option<ColumnType>]) -> Self {
        let len = self.lines.len();
        self.prepared = (types.iter().enumerate())
            .map(|(c, ty)| PreparedColumn::new(self.fields.texts(self.width, c), len, *ty))
            .collect();
        self
    }

    /// The distinct values of the prepared dictionaries, lent to
    /// [`Chunk::inputs`].
    fn dictionaries(&self) -> Vec<Option<ColumnInput<'_>>> {
        self.prepared
            .iter()
            .map(PreparedColumn::dictionary)
            .collect()
    }

    /// The first `len` records as the column writer's input.
    fn inputs<'a>(
        &'a self,
        len: usize,
        dictionaries: &'a [Option<ColumnInput<'a>>],
    ) -> Vec<ColumnInput<'a>> {
        (self.prepared.iter().enumerate().zip(dictionaries))
            .map(|((c, p), d)| p.input(self.fields.texts(self.width, c), len, d.as_ref()))
            .collect()
    }
}

/// One table's CSV file being read on its own thread.
pub(crate) struct CsvReading {
    path: PathBuf,
    pieces: Receiver<Piece>,
    /// Where written chunks go back to the reading thread.
    spent: SyncSender<Chunk>,
}

impl CsvReading {
    /// Starts reading `path` on a thread of `scope`, in chunks of at most
    /// `chunk` records ([`CHUNK`] but in tests), prepared by `pool` (or by
    /// the reading thread when there is none); none if the system gives
    /// no thread (the table is then read row by row). Dropping the reading
    /// ends the thread at its next chunk.
    pub(crate) fn start<'s>(
        scope: &'s Scope<'s, '_>,
        table: TableKind,
        path: PathBuf,
        options: &'s LoadOptions,
        chunk: usize,
        pool: Option<Pool>,
    ) -> Option<Self> {
        let (send, pieces) = sync_channel(AHEAD);
        let (spent, spare) = sync_channel(SPARE);
        let file = path.clone();
        std::thread::Builder::new()
            .name("etalon-csv".into())
            .spawn_scoped(scope, move || {
                let to = Sending {
                    pieces: &send,
                    spare: &spare,
                };
                read(table, file, options, chunk.max(1), pool.as_ref(), to)
            })
            .ok()?;
        Some(CsvReading {
            path,
            pieces,
            spent,
        })
    }

    /// Writes the table into `builder` as its chunks arrive, counting its
    /// records in `records` and its problems in `problems`, as the row
    /// writer would one row at a time.
    pub(crate) fn write_into(
        self,
        builder: &mut DatasetBuilder,
        table: TableKind,
        options: &LoadOptions,
        records: &mut usize,
        problems: &mut Problems,
        sources: &mut Sources,
    ) -> Flow {
        let path = self.path;
        // A thread ends only after sending (its panic is the scope's).
        let (header, separator) = match self.pieces.recv() {
            Ok(Piece::Opened { header, separator }) => (header, separator),
            Ok(Piece::Failed(e)) => {
                problems.push(e);
                return Flow::Next;
            }
            Ok(Piece::Chunk(_)) | Err(_) => return Flow::Next,
        };
        let mut writer = match builder.columns(table, &header) {
            Ok(w) => w,
            Err(error) => {
                problems.push(LoadError::Data {
                    path: path.clone(),
                    line: Some(1),
                    error: Box::new(explain_header(&header, separator, error)),
                });
                return Flow::Next;
            }
        };
        let mut source = Source::lines(path.display().to_string());
        // Records handed to the writer so far: its record numbers.
        let mut written = 0u64;
        for piece in self.pieces.iter() {
            let Piece::Chunk(pending) = piece else { break };
            // None only if the thread preparing it panicked (the scope's).
            let Ok(mut chunk) = pending.recv() else { break };
            let len = chunk.lines.len();
            if written == 0 {
                writer.expect(expected_records(&path, &chunk, options.max_records));
            }
            let room = options
                .max_records
                .map_or(len, |limit| limit.saturating_sub(*records).min(len));
            for (i, &line) in chunk.lines[..room].iter().enumerate() {
                source.record_at(chunk.first + i as u64, line);
            }
            let mut whole = false;
            let mut report = |error: DataError| {
                whole |= error.row.is_none();
                let line = error
                    .row
                    .and_then(|r| r.checked_sub(written + 1))
                    .and_then(|i| chunk.lines.get(usize::try_from(i).ok()?))
                    .or(chunk.lines.first());
                problems.push(LoadError::Data {
                    path: path.clone(),
                    line: line.copied(),
                    error: Box::new(error),
                });
                !whole && !problems.full()
            };
            let dictionaries = chunk.dictionaries();
            let go_on = room == 0 || writer.push(&chunk.inputs(room, &dictionaries), &mut report);
            *records += room;
            written += room as u64;
            if whole {
                return Flow::Stop;
            }
            if !go_on {
                return Flow::Next;
            }
            if room < len {
                if let Some(limit) = options.max_records {
                    problems.push(too_many(&path, chunk.lines[room], limit));
                }
                return Flow::Stop;
            }
            let refused = chunk.refused.take();
            // The reading thread may have ended, or have spares enough.
            let _ = self.spent.try_send(chunk);
            if let Some((error, row_only)) = refused {
                problems.push(error);
                if !row_only || problems.full() {
                    break;
                }
            }
        }
        sources.insert(table.name(), source);
        Flow::Next
    }
}

/// About how many records the file holds, from its size and the bytes of
/// its first chunk's records (zero if unknown).
fn expected_records(path: &Path, first: &Chunk, limit: Option<usize>) -> usize {
    let records = first.lines.len();
    // Each field's text and the separator or line end after it.
    let bytes = first.fields.text.len();
    let size = std::fs::metadata(path).map_or(0, |m| u128::from(m.len()));
    let expected = (size * records as u128)
        .checked_div(bytes as u128)
        .unwrap_or(0);
    // A little over: falling short by a few records would double a column.
    let expected = usize::try_from(expected + expected / 16).unwrap_or(usize::MAX);
    limit.map_or(expected, |limit| expected.min(limit))
}

fn too_many(path: &Path, line: u64, limit: usize) -> LoadError {
    LoadError::TooManyRecords {
        path: path.to_path_buf(),
        line: Some(line),
        limit,
    }
}

/// Where a reading thread sends its pieces, and where written chunks
/// come back to it.
struct Sending<'c> {
    pieces: &'c SyncSender<Piece>,
    spare: &'c Receiver<Chunk>,
}

/// The thread: opens `path`, the file of `table`, sends its header, then
/// its chunks (given to `pool` to prepare), until the file ends, a row
/// stops it or the writer has gone.
fn read(
    table: TableKind,
    path: PathBuf,
    options: &LoadOptions,
    size: usize,
    pool: Option<&Pool>,
    to: Sending<'_>,
) {
    let Sending {
        pieces: send,
        spare,
    } = to;
    let OpenedCsv {
        header,
        separator,
        mut records,
    } = match csv_records::open(path, options) {
        Ok(file) => file,
        Err(e) => {
            let _ = send.send(Piece::Failed(e));
            return;
        }
    };
    let width = header.len();
    let types: Types = header
        .iter()
        .map(|name| {
            let def = table.columns().iter().find(|d| d.name == name.trim());
            def.map(|d| d.ty)
        })
        .collect();
    // Sends the place where the chunk will arrive, then has it prepared;
    // false once the writer has gone.
    let whole = |chunk: Chunk| {
        let (done, pending) = sync_channel(1);
        if send.send(Piece::Chunk(pending)).is_err() {
            return false;
        }
        let types = Arc::clone(&types);
        let job = Job { chunk, types, done };
        match pool {
            Some(pool) => pool.prepare(job),
            None => job.run(),
        }
        true
    };
    if send.send(Piece::Opened { header, separator }).is_err() {
        return;
    }
    let mut chunk = Chunk::new(width, 1);
    for n in 1.. {
        // Every record has the header's number of fields.
        match records.next(&mut chunk.fields) {
            Next::Record(line) => chunk.lines.push(line),
            Next::End => break,
            Next::Refused(error, row_only) => {
                chunk.refused = Some((error, row_only));
                let next = Chunk::next(spare, width, n + 1);
                if !whole(std::mem::replace(&mut chunk, next)) || !row_only {
                    return;
                }
                continue;
            }
        }
        if chunk.lines.len() == size || chunk.fields.text.len() >= CHUNK_TEXT {
            let next = Chunk::next(spare, width, n + 1);
            if !whole(std::mem::replace(&mut chunk, next)) {
                return;
            }
        }
    }
    if !chunk.lines.is_empty() {
        whole(chunk);
    }
}
