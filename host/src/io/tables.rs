//! Table files: CSV (streamed, any size) or JSON (an array of objects, for
//! small inputs), read into the core's row writers.

use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use etalon_core::{Cell, Dataset, DatasetBuilder, TableKind};

use super::{LoadError, io_error, read_tree};

/// What a host allows when reading a data folder.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    /// The most records accepted in all tables together.
    pub max_records: Option<usize>,
}

/// Reads the tree and every table present in `dir`.
pub fn load_dataset(dir: &Path) -> Result<Dataset, LoadError> {
    load_dataset_with(dir, &LoadOptions::default())
}

/// Reads the tree and every table present in `dir`, within `options`.
pub fn load_dataset_with(dir: &Path, options: &LoadOptions) -> Result<Dataset, LoadError> {
    let tree = read_tree(dir)?;
    let mut builder = DatasetBuilder::new(tree);
    if let Some(max) = options.max_records {
        builder = builder.with_max_records(max);
    }
    for table in TableKind::ALL {
        let Some(mut rows) = open_rows(dir, table.name())? else {
            continue;
        };
        let path = rows.path().to_path_buf();
        let mut writer = builder
            .writer(table, rows.header())
            .map_err(|error| LoadError::Data {
                path: path.clone(),
                line: Some(1),
                error: Box::new(error),
            })?;
        match &mut rows {
            Rows::Csv { reader, record, .. } => {
                // Cells are read in place from the record, not copied.
                while reader
                    .read_record(record)
                    .map_err(|e| csv_error(&path, &e))?
                {
                    let cells: Vec<Cell> = record.iter().map(Cell::Text).collect();
                    writer.push(&cells).map_err(|error| LoadError::Data {
                        path: path.clone(),
                        line: Some(record.position().map_or(0, |p| p.line())),
                        error: Box::new(error),
                    })?;
                }
            }
            Rows::Json { rows: items, .. } => {
                for item in items.iter() {
                    let cells: Vec<Cell> = item.iter().map(json_cell).collect();
                    writer.push(&cells).map_err(|error| LoadError::Data {
                        path: path.clone(),
                        line: None,
                        error: Box::new(error),
                    })?;
                }
            }
        }
    }
    builder.finish().map_err(|error| LoadError::Data {
        path: dir.to_path_buf(),
        line: None,
        error: Box::new(error),
    })
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
    Csv {
        path: PathBuf,
        header: Vec<String>,
        reader: csv::Reader<BufReader<File>>,
        record: csv::StringRecord,
    },
    Json {
        path: PathBuf,
        header: Vec<String>,
        rows: Vec<Vec<serde_json::Value>>,
        next: usize,
    },
}

/// Opens `<name>.csv` or `<name>.json` in `dir`, if either exists.
pub(crate) fn open_rows(dir: &Path, name: &str) -> Result<Option<Rows>, LoadError> {
    let csv_path = dir.join(format!("{name}.csv"));
    let json_path = dir.join(format!("{name}.json"));
    match (csv_path.is_file(), json_path.is_file()) {
        (true, true) => Err(LoadError::Missing {
            path: dir.to_path_buf(),
            message: format!("both {name}.csv and {name}.json are present; keep one"),
        }),
        (true, false) => open_csv(csv_path).map(Some),
        (false, true) => open_json(json_path).map(Some),
        (false, false) => Ok(None),
    }
}

fn open_csv(path: PathBuf) -> Result<Rows, LoadError> {
    let file = File::open(&path).map_err(io_error(&path))?;
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(BufReader::new(file));
    let header = reader
        .headers()
        .map_err(|e| csv_error(&path, &e))?
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
        .collect();
    Ok(Rows::Csv {
        path,
        header,
        reader,
        record: csv::StringRecord::new(),
    })
}

fn open_json(path: PathBuf) -> Result<Rows, LoadError> {
    let text = std::fs::read_to_string(&path).map_err(io_error(&path))?;
    let value: serde_json::Value = serde_json::from_str(&text).map_err(|e| LoadError::Json {
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
    let rows = items
        .into_iter()
        .map(|item| {
            let mut map = match item {
                serde_json::Value::Object(m) => m,
                _ => serde_json::Map::new(),
            };
            header
                .iter()
                .map(|k| map.remove(k).unwrap_or(serde_json::Value::Null))
                .collect()
        })
        .collect();
    Ok(Rows::Json {
        path,
        header,
        rows,
        next: 0,
    })
}

fn csv_error(path: &Path, e: &csv::Error) -> LoadError {
    let line = e.position().map_or(0, |p| p.line());
    let message = match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("this row has {len} fields but the header has {expected_len}")
        }
        csv::ErrorKind::Utf8 { .. } => "the file is not UTF-8 text".to_string(),
        _ => e.to_string(),
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
            Rows::Csv { path, .. } | Rows::Json { path, .. } => path,
        }
    }

    pub fn header(&self) -> &[String] {
        match self {
            Rows::Csv { header, .. } | Rows::Json { header, .. } => header,
        }
    }

    /// The next row as text with its line (CSV) or record number (JSON).
    pub fn next_text(&mut self) -> Result<Option<(u64, Vec<String>)>, LoadError> {
        match self {
            Rows::Csv {
                path,
                reader,
                record,
                ..
            } => match reader.read_record(record) {
                Ok(true) => {
                    let line = record.position().map_or(0, |p| p.line());
                    Ok(Some((line, record.iter().map(str::to_string).collect())))
                }
                Ok(false) => Ok(None),
                Err(e) => Err(csv_error(path, &e)),
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
        message: e.to_string(),
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
