use serde::{Deserialize, Serialize};

use crate::Text;

/// Bad input data: which table, which record, which field, and what is wrong.
///
/// Messages never repeat a value from a record: an operator's typing
/// mistake may hold a person's name, phone or birth date. They name the
/// table, the row and the field instead (ids of the organisation tree, which
/// are not personal, are named).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}{table}{}{}: {message}", .file.as_ref().map(|f| format!("{f}{}: ", .line.map(|l| format!(", line {l}")).unwrap_or_default())).unwrap_or_default(), .row.map(|r| format!(", row {r}")).unwrap_or_default(), .field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default())]
pub struct DataError {
    /// The table (`cases`, `complaints`, ... or `org_tree`).
    pub table: String,
    /// 1-based number of the record within its table, if one record is at fault.
    pub row: Option<u64>,
    /// The column at fault, if one is.
    pub field: Option<String>,
    /// What is wrong, in English (boxed text, as `file`: the error stays
    /// small).
    pub message: Box<str>,
    /// The file the table was read from, when the problem was found after
    /// reading (by an evaluation) and the table came from a file. Boxed so
    /// that the error stays small on the `Result`s of every record added.
    #[serde(default)]
    pub file: Option<Box<str>>,
    /// The 1-based line in `file` (the header is line 1), when known.
    #[serde(default)]
    pub line: Option<u64>,
    /// The catalogue message of `message`, with its values (boxed: most
    /// errors travel in `Result`s that succeed).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<Box<Text>>,
}

impl DataError {
    /// An error about one record's field.
    pub fn at(table: &str, row: u64, field: &str, message: impl Into<Box<str>>) -> Self {
        DataError {
            table: table.to_string(),
            row: Some(row),
            field: Some(field.to_string()),
            message: message.into(),
            file: None,
            line: None,
            text: None,
        }
    }

    /// An error about a table's shape (a missing or unknown column).
    pub fn column(table: &str, field: &str, message: impl Into<Box<str>>) -> Self {
        DataError {
            table: table.to_string(),
            row: None,
            field: Some(field.to_string()),
            message: message.into(),
            file: None,
            line: None,
            text: None,
        }
    }

    /// An error about a table as a whole.
    pub fn table(table: &str, message: impl Into<Box<str>>) -> Self {
        DataError {
            table: table.to_string(),
            row: None,
            field: None,
            message: message.into(),
            file: None,
            line: None,
            text: None,
        }
    }

    /// Names the catalogue message that says `message` in each language
    /// (its id without the `data-` prefix) and the values that go into it.
    pub fn with_text<V: ToString>(mut self, id: &str, args: &[(&str, V)]) -> Self {
        self.text = Some(Box::new(Text::new(id, args)));
        self
    }

    /// The catalogue message of `message`, where the error has one.
    pub fn text(&self) -> Option<&Text> {
        self.text.as_deref()
    }
}

/// What is wrong with one cell, before its table, row and column are
/// known: the catalogue id and the English text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CellFault {
    pub(crate) id: &'static str,
    pub(crate) message: &'static str,
}

impl CellFault {
    /// The fault of the cell at `row`, `field` of `table`.
    pub(crate) fn at(self, table: &str, row: u64, field: &str) -> DataError {
        DataError::at(table, row, field, self.message).with_text::<&str>(self.id, &[])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn message_names_table_row_and_field() {
        let e = DataError::at("cases", 17, "ended_on", "ends before it starts");
        assert_eq!(
            e.to_string(),
            "cases, row 17, field `ended_on`: ends before it starts"
        );
        assert_eq!(DataError::table("cases", "x").to_string(), "cases: x");
    }
}
