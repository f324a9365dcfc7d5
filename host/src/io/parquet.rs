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
use std::sync::Arc;

use arrow_array::{RecordBatch, RecordBatchReader};
use arrow_schema::{ArrowError, DataType, Field, Schema, SchemaRef};
use etalon_core::{ColumnType, DataError, DatasetBuilder, TableKind};
use parquet::arrow::ArrowWriter;
use parquet::arrow::arrow_reader::{
    ArrowReaderMetadata, ArrowReaderOptions, ParquetRecordBatchReader,
    ParquetRecordBatchReaderBuilder,
};
use parquet::basic::Compression;
use parquet::file::properties::WriterProperties;

use super::arrow::{text_rows, write_batches};
use super::tables::Problems;
use super::{LoadError, io_error};

/// Records per batch: enough that the work done once per batch (a column
/// read as what its table expects) is small beside the work per record,
/// and that the column writer converts a batch's columns on two threads
/// (from 16 Ki records).
const BATCH_ROWS: usize = 1 << 16;

/// A Parquet table file, opened: its footer read and its schema known.
pub(crate) struct ParquetTable {
    path: PathBuf,
    file: File,
    metadata: ArrowReaderMetadata,
}

impl ParquetTable {
    /// Opens `path`, reading its footer (the schema and where the row
    /// groups lie): a file that is not Parquet or is cut short is refused
    /// here.
    pub(crate) fn open(path: PathBuf) -> Result<Self, LoadError> {
        let file = File::open(&path).map_err(io_error(&path))?;
        let metadata = ArrowReaderMetadata::load(&file, ArrowReaderOptions::new())
            .map_err(|e| malformed(&path, e.to_string()))?;
        Ok(ParquetTable {
            path,
            file,
            metadata,
        })
    }

    /// The file's batches, its text columns of codes and units (of
    /// `table`, if given) read as dictionaries: a distinct value is then
    /// converted once per batch, and the pages' own dictionaries are kept
    /// rather than spelled out for every record.
    fn reader(
        self,
        table: Option<TableKind>,
    ) -> Result<(PathBuf, SchemaRef, ParquetRecordBatchReader), LoadError> {
        let ParquetTable {
            path,
            file,
            metadata,
        } = self;
        let read = |metadata| {
            let reader = ParquetRecordBatchReaderBuilder::new_with_metadata(file, metadata)
                .with_batch_size(BATCH_ROWS)
                .build()?;
            Ok((reader.schema(), reader))
        };
        let metadata = match table.and_then(|t| with_dictionaries(metadata.schema(), t)) {
            Some(schema) => {
                let options = ArrowReaderOptions::new().with_schema(schema);
                ArrowReaderMetadata::try_new(metadata.metadata().clone(), options)
            }
            None => Ok(metadata),
        };
        match metadata.and_then(read) {
            Ok((schema, reader)) => Ok((path, schema, reader)),
            Err(e) => Err(malformed(&path, e.to_string())),
        }
    }

    /// The file.
    pub(crate) fn path(&self) -> &Path {
        &self.path
    }

    /// Every cell as text, with the header: for the organisation tree,
    /// which the engine reads as text.
    pub(crate) fn into_text(self) -> Result<(Vec<String>, Vec<Vec<String>>), LoadError> {
        let (path, schema, reader) = self.reader(None)?;
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
        let (path, schema, reader) = match self.reader(Some(table)) {
            Ok(read) => read,
            Err(e) => {
                problems.push(e);
                return !problems.full();
            }
        };
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

/// `schema` with the plain text columns that `table` holds codes or units
/// in (the questionnaire items of surveys too) as dictionaries of the same
/// texts; none if it has none.
fn with_dictionaries(schema: &SchemaRef, table: TableKind) -> Option<SchemaRef> {
    let coded = |name: &str| matches!(table.column_type(name), ColumnType::Code | ColumnType::Unit);
    let mut changed = false;
    let fields: Vec<Field> = (schema.fields().iter())
        .map(|field| match field.data_type() {
            text @ (DataType::Utf8 | DataType::LargeUtf8) if coded(field.name()) => {
                changed = true;
                let keys = Box::new(DataType::Int32);
                let dictionary = DataType::Dictionary(keys, Box::new(text.clone()));
                field.as_ref().clone().with_data_type(dictionary)
            }
            _ => field.as_ref().clone(),
        })
        .collect();
    let schema = Schema::new_with_metadata(fields, schema.metadata().clone());
    changed.then(|| Arc::new(schema))
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

#[cfg(test)]
mod tests {
    use super::*;

    fn field(name: &str, ty: DataType) -> Field {
        Field::new(name, ty, true)
    }

    #[test]
    fn code_and_unit_texts_are_read_as_dictionaries_and_nothing_else() {
        let schema = Arc::new(Schema::new(vec![
            field("case_id", DataType::Utf8),
            field("process", DataType::Utf8),
            field("unit_id", DataType::LargeUtf8),
            field("recipient_id", DataType::Utf8),
            field("applied_on", DataType::Date32),
            field("decision", DataType::Int64),
        ]));
        let read = with_dictionaries(&schema, TableKind::Cases).unwrap();
        let dictionary =
            |text: DataType| DataType::Dictionary(Box::new(DataType::Int32), Box::new(text));
        let types: Vec<DataType> = (read.fields().iter())
            .map(|f| f.data_type().clone())
            .collect();
        assert_eq!(
            types,
            [
                DataType::Utf8,
                dictionary(DataType::Utf8),
                dictionary(DataType::LargeUtf8),
                DataType::Utf8,
                DataType::Date32,
                // Not text: read as it is, and refused by the writer.
                DataType::Int64,
            ]
        );
        // A table with no code or unit column given as text: as it is.
        let ids = Arc::new(Schema::new(vec![field("case_id", DataType::Utf8)]));
        assert!(with_dictionaries(&ids, TableKind::Cases).is_none());
        // A questionnaire item of surveys is a code.
        let items = Arc::new(Schema::new(vec![field("overall", DataType::Utf8)]));
        let read = with_dictionaries(&items, TableKind::Surveys).unwrap();
        assert_eq!(read.field(0).data_type(), &dictionary(DataType::Utf8));
    }
}
