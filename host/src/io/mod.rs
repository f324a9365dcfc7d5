//! Files: rule packages from directories, datasets from CSV, Parquet or
//! JSON files, and CSV output. The core never touches a disk; this module
//! does.
//!
//! A data directory holds `units.csv` (the organisation tree) and one file
//! per table (`cases.csv`, `deliveries.csv`, ...), each as `.csv`,
//! `.parquet` or `.json` (one of them per table; a folder may mix them).
//! Every table but the tree is optional.

mod apart;
pub mod arrow;
pub mod atomic;
mod csv_columns;
mod csv_problems;
mod csv_records;
mod journal;
mod package;
mod package_tables;
mod parquet;
mod pipelined;
mod postgres;
mod scoring;
mod tables;
mod text;
mod tree;

use std::path::PathBuf;

pub(crate) use self::parquet::write_parquet;
pub use arrow::TableProblems;
pub use atomic::{OutputError, write_file};
pub use journal::{
    DEFAULT_LOCK_TIMEOUT, JournalFile, JournalFileError, read_journal, verify_journal,
};
pub use package::load_package;
pub use package_tables::read_package_tables;
pub use postgres::{PostgresJournal, is_postgres_url, read_postgres, shown_url, verify_postgres};
pub use scoring::{
    NOK_FACTS, ScoringFileError, nok_facts_file, nok_from_surveys, read_executions, read_nok_rows,
    read_plan, read_shares, read_table_file,
};
pub use tables::{DEFAULT_MAX_PROBLEMS, LoadOptions, load_dataset, load_dataset_with, write_table};
pub use text::TextEncoding;
pub(crate) use tree::read_tree_with;
pub use tree::{TREE_COLUMNS, build_tree, read_tree};

use etalon_core::DataError;

/// A file could not be read, or its contents are not valid.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file system refused.
    #[error("{}: {source}", .path.display())]
    Io {
        /// The path.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A CSV file is malformed.
    #[error("{}, line {line}: {message}", .path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: u64,
        /// What is wrong, in English, with its catalogue message
        /// (`load-csv-…`).
        message: etalon_core::Message,
    },
    /// A JSON file is malformed.
    #[error("{}: {message}", .path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        message: String,
    },
    /// A Parquet file cannot be read: it is not Parquet, is cut short or
    /// has a damaged page.
    #[error("{}: not a readable Parquet file: {message}", .path.display())]
    Parquet {
        /// The file.
        path: PathBuf,
        /// What the Parquet reader found.
        message: String,
    },
    /// A record breaks a rule of its table.
    #[error("{}{}: {error}", .path.display(), .line.map(|l| format!(", line {l}")).unwrap_or_default())]
    Data {
        /// The file.
        path: PathBuf,
        /// The line in the file, when known.
        line: Option<u64>,
        /// The table, row and field at fault.
        error: Box<DataError>,
    },
    /// A data file's name is taken by something that is not a regular
    /// file (a directory, a FIFO, a link leading nowhere or in a loop).
    #[error("{}: not a regular file but {found}", .path.display())]
    NotAFile {
        /// The path.
        path: PathBuf,
        /// What is there.
        found: String,
    },
    /// A table file is not text in an encoding etalon reads.
    #[error("{}: the file is {found}; etalon reads UTF-8 (with or without a byte-order mark) and Windows-1251", .path.display())]
    Encoding {
        /// The file.
        path: PathBuf,
        /// What was found.
        found: String,
    },
    /// Several problems, each in its place, sorted by file and line.
    #[error("{} problems in the data{}:{}", .problems.len(), if *.stopped { " (loading stopped at this limit; there may be more)" } else { "" }, .problems.iter().map(|p| format!("\n  {p}")).collect::<String>())]
    Problems {
        /// The problems.
        problems: Vec<LoadError>,
        /// Whether loading stopped at the limit of problems.
        stopped: bool,
    },
    /// The files hold more records than the host allows
    /// ([`LoadOptions::max_records`]): reading stopped at the first record
    /// past the limit.
    #[error("{}{}: more than {limit} records in all tables: this host accepts at most {limit}", .path.display(), .line.map(|l| format!(", line {l}")).unwrap_or_default())]
    TooManyRecords {
        /// The file of the first record past the limit.
        path: PathBuf,
        /// Its line, when known (not in a JSON file).
        line: Option<u64>,
        /// The limit.
        limit: usize,
    },
    /// Something required is not there.
    #[error("{}: {message}", .path.display())]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
        /// What is missing, in English.
        message: String,
        /// The catalogue message of `message` (`load-missing-<id>`, with
        /// the path), with its values.
        text: Option<Box<etalon_core::Text>>,
    },
}

impl LoadError {
    /// The file (or folder) the problem is in.
    pub fn path(&self) -> &std::path::Path {
        match self {
            LoadError::Io { path, .. }
            | LoadError::Csv { path, .. }
            | LoadError::Json { path, .. }
            | LoadError::Parquet { path, .. }
            | LoadError::Data { path, .. }
            | LoadError::NotAFile { path, .. }
            | LoadError::Encoding { path, .. }
            | LoadError::TooManyRecords { path, .. }
            | LoadError::Missing { path, .. } => path,
            LoadError::Problems { problems, .. } => problems
                .first()
                .map_or(std::path::Path::new(""), LoadError::path),
        }
    }

    /// The 1-based line in the file, when known.
    pub fn line(&self) -> Option<u64> {
        match self {
            LoadError::Csv { line, .. } => Some(*line),
            LoadError::Data { line, .. } | LoadError::TooManyRecords { line, .. } => *line,
            LoadError::Problems { problems, .. } => problems.first().and_then(LoadError::line),
            _ => None,
        }
    }

    /// The data error inside, if this is one.
    pub fn data_error(&self) -> Option<&DataError> {
        match self {
            LoadError::Data { error, .. } => Some(error.as_ref()),
            _ => None,
        }
    }
}

impl From<OutputError> for LoadError {
    fn from(e: OutputError) -> Self {
        LoadError::Io {
            path: e.path,
            source: e.source,
        }
    }
}

fn io_error(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> LoadError {
    let path = path.into();
    move |source| LoadError::Io { path, source }
}
