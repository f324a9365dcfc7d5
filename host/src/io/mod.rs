//! Files: rule packages from directories, datasets from CSV or JSON files,
//! and CSV output. The core never touches a disk; this module does.
//!
//! A data directory holds `units.csv` (the organisation tree) and one file
//! per table (`cases.csv`, `deliveries.csv`, ...), each as `.csv` or `.json`.
//! Every table but the tree is optional.

pub mod atomic;
mod journal;
mod package;
mod postgres;
mod scoring;
mod tables;
mod tree;

use std::path::PathBuf;

pub use atomic::{OutputError, write_file};
pub use journal::{
    DEFAULT_LOCK_TIMEOUT, JournalFile, JournalFileError, read_journal, verify_journal,
};
pub use package::load_package;
pub use postgres::{PostgresJournal, is_postgres_url, read_postgres, shown_url, verify_postgres};
pub use scoring::{
    NOK_FACTS, ScoringFileError, nok_facts_file, nok_from_surveys, read_executions, read_nok_rows,
    read_plan, read_shares, read_table_file,
};
pub use tables::{LoadOptions, load_dataset, load_dataset_with, write_table};
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
        /// What is wrong.
        message: String,
    },
    /// A JSON file is malformed.
    #[error("{}: {message}", .path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// What is wrong.
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
    /// Something required is not there.
    #[error("{}: {message}", .path.display())]
    Missing {
        /// Where it was looked for.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
}

impl LoadError {
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
