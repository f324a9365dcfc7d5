//! Table files: CSV (streamed, any size; each table parsed on its own
//! thread into the core's column writer, see [`super::csv_columns`]),
//! Parquet (streamed by batches, see [`super::parquet`]) or JSON (an array
//! of objects, for small inputs, into the row writer).

use std::cell::RefCell;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::rc::Rc;

use etalon_core::{Cell, Dataset, DatasetBuilder, LineTracker, Source, Sources, TableKind};

use super::apart::{Finishing, finish_apart};
use super::csv_columns::{CHUNK, CsvReading, Flow, Pool, default_threads};
use super::csv_problems;
use super::parquet::ParquetTable;
use super::text::{TextEncoding, is_data_file, open_text};
use super::{LoadError, io_error, read_tree_with};

/// How many problems loading collects before it stops, unless told.
pub const DEFAULT_MAX_PROBLEMS: usize = 100;

/// What a host allows when reading a data folder.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The most records accepted in all tables together.
    pub max_records: Option<usize>,
    /// Columns the host's files carry beside the contract's (in any
    /// table): read past instead of refused as unknown.
    pub extra_columns: Vec<String>,
    /// The most problems collected before loading stops
    /// ([`DEFAULT_MAX_PROBLEMS`] when not set).
    pub max_problems: Option<usize>,
    /// The encoding of CSV files, when not detected.
    pub encoding: Option<TextEncoding>,
    /// The separator of CSV files (`,` or `;`), when not detected.
    pub separator: Option<u8>,
}

/// Reads the tree and every table present in `dir`.
pub fn load_dataset(dir: &Path) -> Result<Dataset, LoadError> {
    load_dataset_with(dir, &LoadOptions::default())
}

/// Reads the tree and every table present in `dir`, within `options`.
///
/// Every problem of every table is collected, up to
/// [`LoadOptions::max_problems`], and returned together, sorted by file
/// and line ([`LoadError::Problems`]; a single problem is returned as
/// itself). The tree is read first and alone: records are checked against
/// it.
pub fn load_dataset_with(dir: &Path, options: &LoadOptions) -> Result<Dataset, LoadError> {
    let route = Route::Columns {
        chunk: CHUNK,
        threads: default_threads(),
    };
    load_tables(dir, options, route)
}

/// How CSV tables reach the dataset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    /// Each table parsed on its own thread, its chunks of at most `chunk`
    /// records prepared by a pool of `threads` threads, written by the
    /// column writer.
    Columns { chunk: usize, threads: usize },
    /// Row by row by the row writer, as JSON tables are (and CSV tables
    /// when the system gives no thread): the reference the column route is
    /// tested against.
    #[cfg(test)]
    Rows,
}

fn load_tables(dir: &Path, options: &LoadOptions, route: Route) -> Result<Dataset, LoadError> {
    let (tree, units) = read_tree_with(dir, options)?;
    // Where each table came from, for problems found after reading.
    let mut sources = Sources::new();
    sources.insert("org_tree", units);
    let mut builder = DatasetBuilder::new(tree).with_extra_columns(&options.extra_columns);
    // Records read in all tables, for the record limit: counted before a
    // record is kept, so a runaway export stops before memory runs out.
    let mut records = 0usize;
    let mut problems = Problems::new(options.max_problems.unwrap_or(DEFAULT_MAX_PROBLEMS));
    let found: Vec<_> = TableKind::ALL
        .into_iter()
        .map(|table| find_table(dir, table.name()))
        .collect();
    std::thread::scope(|scope| {
        // Only the readings hold the pool: its threads end with them.
        let pool = match route {
            Route::Columns { threads, .. } if found.iter().any(is_csv) => {
                Pool::start(scope, threads)
            }
            _ => None,
        };
        // Every CSV table starts reading at once; the tables are written
        // in their order as their chunks arrive.
        let mut readings: Vec<Option<CsvReading>> = (TableKind::ALL.into_iter().zip(&found))
            .map(|(table, f)| match f {
                Ok(Some((Format::Csv, path))) => match route {
                    Route::Columns { chunk, .. } => {
                        let pool = pool.clone();
                        CsvReading::start(scope, table, path.clone(), options, chunk, pool)
                    }
                    #[cfg(test)]
                    Route::Rows => None,
                },
                _ => None,
            })
            .collect();
        drop(pool);
        let mut finishing = Vec::new();
        for ((table, found), reading) in TableKind::ALL.into_iter().zip(found).zip(&mut readings) {
            if problems.full() {
                break;
            }
            let flow = if let Some(reading) = reading.take() {
                let (r, p, s) = (&mut records, &mut problems, &mut sources);
                reading.write_into(&mut builder, table, options, r, p, s)
            } else {
                match found.and_then(|f| f.map(|f| open_found(f, options)).transpose()) {
                    Ok(Some(TableFile::Text(rows))) => {
                        let (r, p, s) = (&mut records, &mut problems, &mut sources);
                        write_rows(rows, &mut builder, table, options, r, p, s)
                    }
                    Ok(Some(TableFile::Parquet(file))) => {
                        sources.insert(
                            table.name(),
                            Source::records(file.path().display().to_string()),
                        );
                        let max = options.max_records;
                        if file.write_into(&mut builder, table, &mut records, max, &mut problems) {
                            Flow::Next
                        } else {
                            Flow::Stop
                        }
                    }
                    Ok(None) => Flow::Next,
                    Err(e) => {
                        problems.push(e);
                        Flow::Next
                    }
                }
            };
            if flow == Flow::Stop {
                break;
            }
            // A large table is finished (unique ids checked, records
            // ordered) while the later ones are written.
            if let Some(whole) = builder.take_whole(table) {
                finishing.push(finish_apart(scope, whole));
            }
        }
        for finished in finishing.into_iter().filter_map(Finishing::finished) {
            if let Err(error) = builder.give_back(finished) {
                problems.push(LoadError::Data {
                    path: dir.to_path_buf(),
                    line: None,
                    error: Box::new(error),
                });
            }
        }
    });
    problems.into_result()?;
    match builder.finish() {
        Ok(data) => Ok(data.with_sources(sources)),
        Err(error) => {
            // Found once every file is read (a duplicate id): placed in
            // its file and line all the same.
            let placed = sources.locate(error.clone());
            Err(LoadError::Data {
                path: placed
                    .file
                    .map_or_else(|| dir.to_path_buf(), |f| PathBuf::from(&*f)),
                line: placed.line,
                error: Box::new(error),
            })
        }
    }
}

fn is_csv(found: &Result<Option<(Format, PathBuf)>, LoadError>) -> bool {
    matches!(found, Ok(Some((Format::Csv, _))))
}

/// Writes a table's text rows with the row writer: JSON, and CSV when no
/// thread could be had for it (and in tests, as the reference).
fn write_rows(
    mut rows: Rows,
    builder: &mut DatasetBuilder,
    table: TableKind,
    options: &LoadOptions,
    records: &mut usize,
    problems: &mut Problems,
    sources: &mut Sources,
) -> Flow {
    let path = rows.path().to_path_buf();
    let mut source = rows.source(&[]);
    let mut writer = match builder.writer(table, rows.header()) {
        Ok(w) => w,
        Err(error) => {
            let error = rows.explain_header(error);
            problems.push(LoadError::Data {
                path: path.clone(),
                line: Some(1),
                error: Box::new(error),
            });
            return Flow::Next;
        }
    };
    match &mut rows {
        Rows::Csv(CsvFile {
            reader,
            record,
            lines,
            ..
        }) => {
            for n in 1.. {
                // Cells are read in place from the record, not copied.
                match reader.read_record(record) {
                    Ok(true) => {}
                    Ok(false) => break,
                    Err(e) => {
                        let row_only = one_bad_row(&e);
                        problems.push(csv_error(&path, &e, lines));
                        if row_only && !problems.full() {
                            continue;
                        }
                        break;
                    }
                }
                let line = line_of(lines, record.position());
                if let Err(limit) = count_record(records, options, &path, Some(line)) {
                    problems.push(limit);
                    return Flow::Stop;
                }
                source.record_at(n, line);
                let cells: Vec<Cell> = record.iter().map(Cell::Text).collect();
                if let Err(error) = writer.push(&cells) {
                    // An error of no one row ends loading.
                    let whole = error.row.is_none();
                    problems.push(LoadError::Data {
                        path: path.clone(),
                        line: Some(line),
                        error: Box::new(error),
                    });
                    if whole {
                        return Flow::Stop;
                    }
                    if problems.full() {
                        break;
                    }
                }
            }
        }
        Rows::Json { rows: items, .. } => {
            for item in items.iter() {
                if let Err(limit) = count_record(records, options, &path, None) {
                    problems.push(limit);
                    return Flow::Stop;
                }
                let cells: Vec<Cell> = item.iter().map(json_cell).collect();
                if let Err(error) = writer.push(&cells) {
                    let whole = error.row.is_none();
                    problems.push(LoadError::Data {
                        path: path.clone(),
                        line: None,
                        error: Box::new(error),
                    });
                    if whole {
                        return Flow::Stop;
                    }
                    if problems.full() {
                        break;
                    }
                }
            }
        }
    }
    sources.insert(table.name(), source);
    Flow::Next
}

/// Counts one more record read, or refuses it past
/// [`LoadOptions::max_records`].
fn count_record(
    records: &mut usize,
    options: &LoadOptions,
    path: &Path,
    line: Option<u64>,
) -> Result<(), LoadError> {
    match options.max_records {
        Some(limit) if *records >= limit => Err(LoadError::TooManyRecords {
            path: path.to_path_buf(),
            line,
            limit,
        }),
        _ => {
            *records += 1;
            Ok(())
        }
    }
}

/// The problems found so far, up to a limit.
pub(crate) struct Problems {
    list: Vec<LoadError>,
    limit: usize,
}

impl Problems {
    pub(crate) fn new(limit: usize) -> Self {
        Problems {
            list: Vec::new(),
            limit: limit.max(1),
        }
    }

    pub(crate) fn push(&mut self, e: LoadError) {
        if !self.full() {
            self.list.push(e);
        }
    }

    pub(crate) fn full(&self) -> bool {
        self.list.len() >= self.limit
    }

    /// None: fine; one problem: itself; more: all of them, sorted by file
    /// and line (a problem of a whole file first).
    fn into_result(mut self) -> Result<(), LoadError> {
        let full = self.full();
        match self.list.len() {
            0 => Ok(()),
            1 if !full => Err(self.list.remove(0)),
            _ => {
                self.list
                    .sort_by(|a, b| (a.path(), a.line()).cmp(&(b.path(), b.line())));
                Err(LoadError::Problems {
                    problems: self.list,
                    stopped: full,
                })
            }
        }
    }
}

fn json_cell(v: &serde_json::Value) -> Cell<'_> {
    match v {
        serde_json::Value::Null => Cell::Null,
        serde_json::Value::Bool(b) => Cell::Bool(*b),
        serde_json::Value::Number(n) => match n.as_i64() {
            Some(i) => Cell::Int(i),
            // A fraction where a whole number is expected fails the column's check.
            None => Cell::Text("not a whole number"),
        },
        serde_json::Value::String(s) => Cell::Text(s),
        _ => Cell::Text("a list or an object"),
    }
}

/// The rows of one table file.
pub(crate) enum Rows {
    Csv(CsvFile),
    Json {
        path: PathBuf,
        header: Vec<String>,
        rows: Vec<Vec<serde_json::Value>>,
        next: usize,
    },
}

/// A CSV file, opened and its header read.
pub(crate) struct CsvFile {
    pub(crate) path: PathBuf,
    pub(crate) header: Vec<String>,
    pub(crate) reader: csv::Reader<LineCounting>,
    pub(crate) record: csv::StringRecord,
    pub(crate) separator: u8,
    /// The line breaks the reader has passed, for the file's own line of
    /// each record.
    pub(crate) lines: Rc<RefCell<LineTracker>>,
}

/// A table's file, opened: text records (CSV, JSON) or Parquet batches.
pub(crate) enum TableFile {
    Text(Rows),
    Parquet(ParquetTable),
}

/// The formats a table's file may have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Csv,
    Parquet,
    Json,
}

/// Opens `<name>.csv`, `<name>.parquet` or `<name>.json` in `dir`, if one
/// exists; more than one is an error naming them all.
pub(crate) fn open_table(
    dir: &Path,
    name: &str,
    options: &LoadOptions,
) -> Result<Option<TableFile>, LoadError> {
    find_table(dir, name)?
        .map(|found| open_found(found, options))
        .transpose()
}

/// The file of table `name` in `dir`, if there is one; more than one is an
/// error naming them all.
fn find_table(dir: &Path, name: &str) -> Result<Option<(Format, PathBuf)>, LoadError> {
    let mut present = Vec::new();
    for (ext, format) in [
        ("csv", Format::Csv),
        ("parquet", Format::Parquet),
        ("json", Format::Json),
    ] {
        let path = dir.join(format!("{name}.{ext}"));
        if is_data_file(&path)? {
            present.push((ext, format, path));
        }
    }
    let files: Vec<String> = present
        .iter()
        .map(|(e, _, _)| format!("{name}.{e}"))
        .collect();
    if let Some((last, rest)) = files.split_last().filter(|(_, rest)| !rest.is_empty()) {
        let both = if rest.len() == 1 { "both " } else { "" };
        let first = rest.join(", ");
        return Err(LoadError::Missing {
            path: dir.to_path_buf(),
            message: format!("{both}{first} and {last} are present; keep one"),
            text: Some(Box::new(etalon_core::Text::new(
                "several-files",
                &[
                    ("first", first.as_str()),
                    ("last", last.as_str()),
                    ("count", &files.len().to_string()),
                ],
            ))),
        });
    }
    Ok(present.pop().map(|(_, format, path)| (format, path)))
}

fn open_found(
    (format, path): (Format, PathBuf),
    options: &LoadOptions,
) -> Result<TableFile, LoadError> {
    Ok(match format {
        Format::Csv => TableFile::Text(Rows::Csv(open_csv(path, options)?)),
        Format::Parquet => TableFile::Parquet(ParquetTable::open(path)?),
        Format::Json => TableFile::Text(open_json(path)?),
    })
}

pub(crate) fn open_csv(path: PathBuf, options: &LoadOptions) -> Result<CsvFile, LoadError> {
    let text = open_text(&path, options.encoding, options.separator)?;
    let lines = Rc::new(RefCell::new(LineTracker::default()));
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(text.separator)
        .from_reader(LineCounting {
            inner: text.reader,
            lines: Rc::clone(&lines),
        });
    let header = reader
        .headers()
        .map_err(|e| csv_error(&path, &e, &lines))?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    Ok(CsvFile {
        path,
        header,
        reader,
        record: csv::StringRecord::new(),
        separator: text.separator,
        lines,
    })
}

fn open_json(path: PathBuf) -> Result<Rows, LoadError> {
    let text = std::fs::read_to_string(&path).map_err(io_error(&path))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| LoadError::Json {
        path: path.clone(),
        message: e.to_string(),
    })?;
    let serde_json::Value::Array(items) = value else {
        return Err(LoadError::Json {
            path,
            message: "expected an array of objects, one per record".into(),
        });
    };
    let mut header: Vec<String> = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let serde_json::Value::Object(map) = item else {
            return Err(LoadError::Json {
                path,
                message: format!("record {} is not an object", i + 1),
            });
        };
        for key in map.keys() {
            if !header.contains(key) {
                header.push(key.clone());
            }
        }
    }
    let mut rows = Vec::with_capacity(items.len());
    for (i, item) in items.into_iter().enumerate() {
        let mut map = match item {
            serde_json::Value::Object(m) => m,
            _ => serde_json::Map::new(),
        };
        let mut row = Vec::with_capacity(header.len());
        for key in &header {
            // A key left out is not a value left out: `null` says that.
            let Some(v) = map.remove(key) else {
                return Err(LoadError::Json {
                    path,
                    message: format!(
                        "record {} has no key `{key}`, which other records have; give `null` \
                         for no value",
                        i + 1
                    ),
                });
            };
            row.push(v);
        }
        rows.push(row);
    }
    Ok(Rows::Json {
        path,
        header,
        rows,
        next: 0,
    })
}

/// The file's own line of the record at `position` (0 when unknown).
pub(crate) fn line_of(lines: &RefCell<LineTracker>, position: Option<&csv::Position>) -> u64 {
    position.map_or(0, |p| lines.borrow_mut().line_of(p.byte()))
}

/// A file's text on its way to the CSV parser, its line breaks noted: the
/// csv crate's own line count is off after CRLF endings and blank lines,
/// while its byte offsets are exact.
pub(crate) struct LineCounting {
    pub(crate) inner: Box<dyn Read>,
    pub(crate) lines: Rc<RefCell<LineTracker>>,
}

impl Read for LineCounting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        let read = &buf[..n];
        self.lines
            .borrow_mut()
            .feed_with_breaks(read, memchr::memchr_iter(b'\n', read));
        Ok(n)
    }
}

/// Whether the CSV reader's `e` is one bad row (of the wrong length, or
/// not UTF-8) that reading goes on past; anything else stops the file.
pub(crate) fn one_bad_row(e: &csv::Error) -> bool {
    matches!(
        e.kind(),
        csv::ErrorKind::UnequalLengths { .. } | csv::ErrorKind::Utf8 { .. }
    )
}

pub(crate) fn csv_error(path: &Path, e: &csv::Error, lines: &RefCell<LineTracker>) -> LoadError {
    let line = line_of(lines, e.position());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => csv_problems::field_count(*len as usize, *expected_len as usize),
        csv::ErrorKind::Utf8 { .. } => csv_problems::not_utf8(),
        _ => csv_problems::reader(e.to_string()),
    };
    LoadError::Csv {
        path: path.to_path_buf(),
        line,
        message,
    }
}

impl Rows {
    pub fn path(&self) -> &Path {
        match self {
            Rows::Csv(CsvFile { path, .. }) | Rows::Json { path, .. } => path,
        }
    }

    /// `error` about the header, with a word on the separator when the
    /// header was read as one column that holds the other separator.
    pub fn explain_header(&self, error: etalon_core::DataError) -> etalon_core::DataError {
        match self {
            Rows::Csv(file) => explain_header(&file.header, file.separator, error),
            Rows::Json { .. } => error,
        }
    }

    /// Where the records come from, with the line of each record read so
    /// far as `lines` (record `n` at `lines[n - 1]`; JSON records have none).
    pub fn source(&self, lines: &[u64]) -> Source {
        match self {
            Rows::Csv(CsvFile { path, .. }) => {
                let mut source = Source::lines(path.display().to_string());
                for (n, &line) in (1..).zip(lines) {
                    source.record_at(n, line);
                }
                source
            }
            Rows::Json { path, .. } => Source::records(path.display().to_string()),
        }
    }

    pub fn header(&self) -> &[String] {
        match self {
            Rows::Csv(CsvFile { header, .. }) | Rows::Json { header, .. } => header,
        }
    }

    /// The next row as text with its line (CSV) or record number (JSON).
    pub fn next_text(&mut self) -> Result<Option<(u64, Vec<String>)>, LoadError> {
        match self {
            Rows::Csv(CsvFile {
                path,
                reader,
                record,
                lines,
                ..
            }) => match reader.read_record(record) {
                Ok(true) => {
                    let line = line_of(lines, record.position());
                    Ok(Some((line, record.iter().map(str::to_string).collect())))
                }
                Ok(false) => Ok(None),
                Err(e) => Err(csv_error(path, &e, lines)),
            },
            Rows::Json { rows, next, .. } => {
                let Some(row) = rows.get(*next) else {
                    return Ok(None);
                };
                *next += 1;
                let text = row
                    .iter()
                    .map(|v| match v {
                        serde_json::Value::String(s) => s.clone(),
                        serde_json::Value::Null => String::new(),
                        other => other.to_string(),
                    })
                    .collect();
                Ok(Some((*next as u64, text)))
            }
        }
    }
}

/// `error` about the header of a CSV file, with a word on the separator
/// when the header was read as one column that holds the other separator.
pub(crate) fn explain_header(
    header: &[String],
    separator: u8,
    mut error: etalon_core::DataError,
) -> etalon_core::DataError {
    let other = if separator == b',' { ';' } else { ',' };
    if header.len() == 1 && header[0].contains(other) {
        let declared = separator as char;
        error.message = format!(
            "{}; the header was read as one column holding `{other}`: the file seems \
             separated by `{other}`, not by `{declared}` as declared",
            error.message
        )
        .into();
        // The catalogue's text extends the error's own (`said`).
        if let Some(text) = error.text().cloned() {
            let mut args: Vec<(String, String)> = text.args.into_iter().collect();
            args.push(("said".into(), text.id));
            args.push(("other".into(), other.to_string()));
            args.push(("declared".into(), declared.to_string()));
            let args: Vec<(&str, &str)> =
                args.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
            error = error.with_text("separator", &args);
        }
    }
    error
}

#[cfg(test)]
mod tests;

/// Writes a CSV file with `header` and `rows`, atomically (see
/// [`crate::io::atomic`]).
pub fn write_table<R, I>(path: &Path, header: &[&str], rows: I) -> Result<(), LoadError>
where
    I: IntoIterator<Item = R>,
    R: IntoIterator,
    R::Item: AsRef<[u8]>,
{
    let mut w = csv::Writer::from_writer(Vec::new());
    let fail = |e: csv::Error| LoadError::Csv {
        path: path.to_path_buf(),
        line: 0,
        message: csv_problems::reader(e.to_string()),
    };
    w.write_record(header).map_err(fail)?;
    for row in rows {
        w.write_record(row).map_err(fail)?;
    }
    let bytes = w.into_inner().map_err(|e| LoadError::Io {
        path: path.to_path_buf(),
        source: e.into_error(),
    })?;
    crate::io::write_file(path, &bytes).map_err(LoadError::from)
}
