//! Parquet table files: `<table>.parquet` read into Arrow record batches,
//! which [`super::arrow::write_batches`] writes into the dataset's tables,
//! the same path as the Python binding's Arrow tables.
//!
//! Parquet has no lines: a problem names the file and the record (its
//! 1-based row within the file, which is the record's number within its
//! table), never a line. A file that is not Parquet, is cut short or has a
//! damaged page is refused as a whole ([`LoadError::Parquet`]).

use std::fs::File;
use std::path::{Path, PathBuf};

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, SchemaRef};
use etalon_core::{DataError, DatasetBuilder, TableKind};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{ParquetRecordBatchReader, ParquetRecordBatchReaderBuilder};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::arrow::{text_rows, write_batches};
use super::tables::Problems;
use super::{LoadError, io_error};

/// Records per batch: enough that the work done once per batch (a column
/// read as what its table expects) is small beside the work per record.
const BATCH_ROWS: usize = 8192;

/// A Parquet table file, opened: its footer read and its schema known.
pub(crate) struct ParquetTable {
    path: PathBuf,
    schema: SchemaRef,
    reader: ParquetRecordBatchReader,
}

impl ParquetTable {
    /// Opens `path`, reading its footer (the schema and where the row
    /// groups lie): a file that is not Parquet or is cut short is refused
    /// here.
    pub(crate) fn open(path: PathBuf) -> Result<Self, LoadError> {
        let file = File::open(&path).map_err(io_error(&path))?;
        let reader = ParquetRecordBatchReaderBuilder::try_new(file)
            .and_then(|b| b.with_batch_size(BATCH_ROWS).build())
            .map_err(|e| malformed(&path, e.to_string()))?;
        Ok(ParquetTable {
            path,
            schema: reader.schema(),
            reader,
        })
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Every cell as text, with the header: for the organisation tree,
    /// which the engine reads as text.
    pub(crate) fn into_text(self) -> Result<(Vec<String>, Vec<Vec<String>>), LoadError> {
        let ParquetTable {
            path,
            schema,
            reader,
        } = self;
        let mut batches = Batches::new(reader, None);
        let read = text_rows("org_tree", &schema, &mut batches);
        if let Some(message) = batches.failure {
            return Err(malformed(&path, message));
        }
        read.map_err(|error| LoadError::Data {
            path,
            line: None,
            error: Box::new(error),
        })
    }

    /// Writes every record into `table` of `builder`, within the record
    /// limit (`records` counts the records of all tables so far), sending
    /// each problem to `problems`. Returns false when loading must stop:
    /// the limit of records or of problems is reached, or a problem of no
    /// one record was found.
    pub(crate) fn write_into(
        self,
        builder: &mut DatasetBuilder,
        table: TableKind,
        records: &mut usize,
        max_records: Option<usize>,
        problems: &mut Problems,
    ) -> bool {
        let ParquetTable {
            path,
            schema,
            reader,
        } = self;
        let mut batches = Batches::new(reader, max_records.map(|limit| (records, limit)));
        let mut report = |error: DataError| {
            problems.push(LoadError::Data {
                path: path.clone(),
                line: None,
                error: Box::new(error),
            });
            !problems.full()
        };
        let go_on = write_batches(builder, table, &schema, &mut batches, &mut report);
        if let Some(message) = batches.failure {
            problems.push(malformed(&path, message));
        }
        if batches.over {
            if let Some(limit) = max_records {
                problems.push(LoadError::TooManyRecords {
                    path,
                    line: None,
                    limit,
                });
            }
            return false;
        }
        go_on
    }
}

/// Writes `batch` to `path` as one Parquet file (Snappy pages), atomically
/// (see [`crate::io::atomic`]).
pub(crate) fn write_parquet(path: &Path, batch: &RecordBatch) -> Result<(), LoadError> {
    let properties = WriterProperties::builder()
        .set_compression(Compression::SNAPPY)
        .build();
    let mut bytes = Vec::new();
    ArrowWriter::try_new(&mut bytes, batch.schema(), Some(properties))
        .and_then(|mut w| {
            w.write(batch)?;
            w.close()
        })
        .map_err(|e| malformed(path, e.to_string()))?;
    crate::io::write_file(path, &bytes).map_err(LoadError::from)
}

fn malformed(path: &Path, message: String) -> LoadError {
    LoadError::Parquet {
        path: path.to_path_buf(),
        message,
    }
}

/// The batches of a file, counted against the record limit: the batch that
/// crosses it is cut at the limit and is the last one. A batch that cannot
/// be read (a damaged page) ends the file; its error is kept to be told as
/// the file's, not as a record's.
struct Batches<'a> {
    reader: ParquetRecordBatchReader,
    /// The records of all tables so far and the most allowed.
    limit: Option<(&'a mut usize, usize)>,
    /// The limit was crossed.
    over: bool,
    failure: Option<String>,
}

impl<'a> Batches<'a> {
    fn new(reader: ParquetRecordBatchReader, limit: Option<(&'a mut usize, usize)>) -> Self {
        Batches {
            reader,
            limit,
            over: false,
            failure: None,
        }
    }
}

impl Iterator for Batches<'_> {
    type Item = Result<RecordBatch, ArrowError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.over || self.failure.is_some() {
            return None;
        }
        let batch = match self.reader.next()? {
            Ok(batch) => batch,
            Err(e) => {
                self.failure = Some(e.to_string());
                return None;
            }
        };
        let Some((records, limit)) = &mut self.limit else {
            return Some(Ok(batch));
        };
        let room = limit.saturating_sub(**records);
        if batch.num_rows() > room {
            self.over = true;
            **records = *limit;
            return Some(Ok(batch.slice(0, room)));
        }
        **records += batch.num_rows();
        Some(Ok(batch))
    }
}
