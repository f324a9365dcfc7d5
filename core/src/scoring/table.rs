//! Small tables of text cells, as the scoring inputs, package test cases
//! and plan reports are written (CSV with a header row, or JSON: an array
//! of objects). Parsing text is not I/O: the core reads what a caller hands
//! it, and the root crate reads the files.

use crate::Message;
use crate::data::LineTracker;
use serde::{Deserialize, Serialize};

/// A header and rows of text cells; an empty cell is a missing value.
///
/// ```
/// use etalon_core::scoring::TextTable;
/// let t = TextTable::from_csv("org_id,period\nO1,2026\n").unwrap();
/// assert_eq!(t.header, ["org_id", "period"]);
/// assert_eq!(t.get(0, "period"), Some("2026"));
/// assert_eq!(t.rows[0].line, 2);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextTable {
    /// Column names.
    pub header: Vec<String>,
    /// Rows, each as long as the header.
    pub rows: Vec<TextRow>,
}

/// One row of a [`TextTable`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextRow {
    /// Its line in the CSV text, or its 1-based number in a JSON array.
    pub line: u64,
    /// The cells.
    pub cells: Vec<String>,
}

/// A table whose text cannot be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct TableError {
    /// 1-based line (CSV) or record (JSON); 0 for the whole text.
    pub line: u64,
    /// What is wrong.
    pub message: Message,
}

impl TextTable {
    /// Reads CSV text (UTF-8, a header row, `,` separated, `"` quoted).
    pub fn from_csv(text: &str) -> Result<TextTable, TableError> {
        let mut reader = csv::ReaderBuilder::new()
            .has_headers(true)
            .flexible(false)
            .from_reader(text.as_bytes());
        // Lines are counted from the records' offsets: the csv crate's own
        // count is off after CRLF endings and blank lines.
        let lines = std::cell::RefCell::new(LineTracker::default());
        lines.borrow_mut().feed(text.as_bytes());
        let line_at =
            |p: Option<&csv::Position>| p.map_or(0, |p| lines.borrow_mut().line_of(p.byte()));
        let fail = |e: csv::Error| TableError {
            line: line_at(e.position()),
            message: match e.kind() {
                csv::ErrorKind::UnequalLengths {
                    expected_len, len, ..
                } => Message::new(
                    "table-fields",
                    &[("fields", len), ("header", expected_len)],
                    format!("this row has {len} fields but the header has {expected_len}"),
                ),
                // The CSV reader's own words, after what failed.
                _ => {
                    let detail = e.to_string();
                    Message::new("table-csv", &[("detail", &detail)], detail.clone())
                }
            },
        };
        let header = reader
            .headers()
            .map_err(fail)?
            .iter()
            .map(|h| h.trim_start_matches('\u{feff}').trim().to_string())
            .collect();
        let mut rows = Vec::new();
        for record in reader.records() {
            let record = record.map_err(fail)?;
            rows.push(TextRow {
                line: line_at(record.position()),
                cells: record.iter().map(|c| c.trim().to_string()).collect(),
            });
        }
        Ok(TextTable { header, rows })
    }

    /// Reads JSON text: an array of objects, one per row. Keys become the
    /// header in first-seen order; numbers and booleans become text.
    pub fn from_json(text: &str) -> Result<TextTable, TableError> {
        let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
            let detail = e.to_string();
            TableError {
                line: e.line() as u64,
                message: Message::new("table-json", &[("detail", &detail)], detail.clone()),
            }
        })?;
        let serde_json::Value::Array(items) = value else {
            return Err(TableError {
                line: 0,
                message: Message::new::<&str>(
                    "table-not-an-array",
                    &[],
                    "expected an array of objects, one per row",
                ),
            });
        };
        let mut header: Vec<String> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let serde_json::Value::Object(map) = item else {
                return Err(TableError {
                    line: i as u64 + 1,
                    message: Message::new(
                        "table-not-an-object",
                        &[("record", i + 1)],
                        format!("record {} is not an object", i + 1),
                    ),
                });
            };
            for key in map.keys() {
                if !header.contains(key) {
                    header.push(key.clone());
                }
            }
        }
        let mut rows = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let mut cells = Vec::with_capacity(header.len());
            for key in &header {
                let cell = match item.get(key) {
                    None | Some(serde_json::Value::Null) => String::new(),
                    Some(serde_json::Value::String(s)) => s.trim().to_string(),
                    Some(serde_json::Value::Number(n)) => n.to_string(),
                    Some(serde_json::Value::Bool(b)) => b.to_string(),
                    Some(_) => {
                        return Err(TableError {
                            line: i as u64 + 1,
                            message: Message::new(
                                "table-nested",
                                &[("key", key)],
                                format!("`{key}` holds a list or an object"),
                            ),
                        });
                    }
                };
                cells.push(cell);
            }
            rows.push(TextRow {
                line: i as u64 + 1,
                cells,
            });
        }
        Ok(TextTable { header, rows })
    }

    /// The position of column `name`.
    pub fn column(&self, name: &str) -> Option<usize> {
        self.header.iter().position(|h| h == name)
    }

    /// The cell of row `row` in column `name`, if the column exists and the
    /// cell is not empty.
    pub fn get(&self, row: usize, name: &str) -> Option<&str> {
        let c = self.column(name)?;
        self.rows
            .get(row)
            .and_then(|r| r.cells.get(c))
            .map(String::as_str)
            .filter(|s| !s.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_and_json_read_alike() {
        let csv = TextTable::from_csv("\u{feff}a, b\n1,\"x, y\"\n2,\n").unwrap();
        assert_eq!(csv.header, ["a", "b"]);
        assert_eq!(csv.rows[0].cells, ["1", "x, y"]);
        assert_eq!(csv.get(1, "b"), None);
        assert_eq!(csv.rows[1].line, 3);
        let json = TextTable::from_json(r#"[{"a": 1, "b": "x, y"}, {"a": 2, "b": null}]"#).unwrap();
        assert_eq!(json.header, csv.header);
        assert_eq!(json.rows[0].cells, csv.rows[0].cells);
        assert_eq!(json.rows[1].cells, csv.rows[1].cells);
        let e = TextTable::from_csv("a,b\n1\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(TextTable::from_json("{}").is_err());
        assert!(TextTable::from_json("[1]").is_err());
    }
}
