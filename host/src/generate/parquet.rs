//! The generated region as Parquet files, each column typed by the cells
//! the generator gives it.

use std::path::Path;
use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Date32Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, RecordBatch, StringArray};
use etalon_core::{Cell, Day, Record};

use super::{cell_text, record_header};
use crate::io::LoadError;

/// Writes `rows` of text under `header` to `path`.
pub(super) fn write_text_table<const N: usize>(
    path: &Path,
    header: &[&str; N],
    rows: &[[String; N]],
) -> Result<(), LoadError> {
    let columns = header.iter().enumerate().map(|(i, name)| {
        let values: StringArray = rows.iter().map(|r| Some(r[i].as_str())).collect();
        (*name, Arc::new(values) as ArrayRef)
    });
    write(path, columns)
}

/// Writes records under [`record_header`] to `<name>.parquet` in `dir`.
pub(super) fn write_records<R: Record>(
    dir: &Path,
    name: &str,
    records: &[R],
) -> Result<(), LoadError> {
    let header = record_header(records);
    // The kind of each column: that of every value it holds, or text when
    // they differ (or when it holds none).
    let mut kinds: Vec<Option<Kind>> = vec![None; header.len()];
    let mut mixed = vec![false; header.len()];
    for r in records {
        let (names, cells) = r.cells();
        for (n, cell) in names.iter().zip(&cells) {
            let Some(kind) = Kind::of(cell) else { continue };
            let Some(i) = header.iter().position(|h| h == n) else {
                continue;
            };
            match kinds[i] {
                None => kinds[i] = Some(kind),
                Some(k) if k != kind => mixed[i] = true,
                Some(_) => {}
            }
        }
    }
    let mut columns: Vec<Column> = kinds
        .iter()
        .zip(&mixed)
        .map(|(kind, &mixed)| Column::new(if mixed { None } else { *kind }))
        .collect();
    let mut filled = vec![false; header.len()];
    for r in records {
        let (names, cells) = r.cells();
        filled.fill(false);
        for (n, cell) in names.iter().zip(&cells) {
            if let Some(i) = header.iter().position(|h| h == n) {
                columns[i].push(cell);
                filled[i] = true;
            }
        }
        for (column, _) in columns.iter_mut().zip(&filled).filter(|(_, f)| !**f) {
            column.push(&Cell::Null);
        }
    }
    let arrays = header
        .iter()
        .zip(columns)
        .map(|(h, c)| (h.as_str(), c.finish()));
    write(&dir.join(format!("{name}.parquet")), arrays)
}

fn write<'a>(
    path: &Path,
    columns: impl IntoIterator<Item = (&'a str, ArrayRef)>,
) -> Result<(), LoadError> {
    let batch = RecordBatch::try_from_iter(columns).map_err(|e| LoadError::Parquet {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    crate::io::write_parquet(path, &batch)
}

/// The kind of value a cell holds (none for a missing one).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Text,
    Int,
    Date,
    Bool,
}

impl Kind {
    fn of(cell: &Cell) -> Option<Kind> {
        match cell {
            Cell::Null => None,
            Cell::Text(_) => Some(Kind::Text),
            Cell::Int(_) => Some(Kind::Int),
            Cell::Date(_) => Some(Kind::Date),
            Cell::Bool(_) => Some(Kind::Bool),
        }
    }
}

/// A column being built, of one kind.
enum Column {
    Text(StringBuilder),
    Int(Int64Builder),
    Date(Date32Builder),
    Bool(BooleanBuilder),
}

impl Column {
    fn new(kind: Option<Kind>) -> Self {
        match kind {
            None | Some(Kind::Text) => Column::Text(StringBuilder::new()),
            Some(Kind::Int) => Column::Int(Int64Builder::new()),
            Some(Kind::Date) => Column::Date(Date32Builder::new()),
            Some(Kind::Bool) => Column::Bool(BooleanBuilder::new()),
        }
    }

    /// Appends `cell`, which is missing or of the column's kind (a text
    /// column takes any cell as its text).
    fn push(&mut self, cell: &Cell) {
        match (self, cell) {
            (Column::Text(b), Cell::Null) => b.append_null(),
            (Column::Text(b), cell) => b.append_value(cell_text(cell)),
            (Column::Int(b), Cell::Int(i)) => b.append_value(*i),
            (Column::Date(b), Cell::Date(d)) => b.append_value(Day::of(*d).0),
            (Column::Bool(b), Cell::Bool(v)) => b.append_value(*v),
            // Missing; a typed column's kind is that of all its cells
            // (`write_records`), so no other cell reaches it.
            (Column::Int(b), _) => b.append_null(),
            (Column::Date(b), _) => b.append_null(),
            (Column::Bool(b), _) => b.append_null(),
        }
    }

    fn finish(self) -> ArrayRef {
        match self {
            Column::Text(mut b) => Arc::new(b.finish()),
            Column::Int(mut b) => Arc::new(b.finish()),
            Column::Date(mut b) => Arc::new(b.finish()),
            Column::Bool(mut b) => Arc::new(b.finish()),
        }
    }
}
