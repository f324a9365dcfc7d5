//! Where a dataset's tables came from, so that a problem found when a
//! package meets the data (a column it reads, a unit's process, a date it
//! does not accept) names the file and the file's own line, as a problem
//! found while reading does.
//!
//! This is state beside the tables, not in them: a reader fills it as it
//! reads, whatever way it stores the records. Rows given in memory have no
//! source, and their problems name the table and the row.

use super::DataError;

/// The file one table was read from, and the line each record starts on.
///
/// A CSV record takes one line unless a quoted cell holds a line break, so
/// record `n` (1-based) is on line `n + 1` (the header is line 1) until a
/// record spans lines. Only the records where that shifts are kept: a file
/// without line breaks in cells costs nothing per record.
///
/// ```
/// use etalon_core::Source;
///
/// let mut s = Source::lines("cases.csv");
/// s.record_at(1, 2);
/// s.record_at(2, 3); // spans lines 3 and 4
/// s.record_at(3, 5);
/// s.record_at(4, 6);
/// assert_eq!((s.line(1), s.line(2), s.line(3), s.line(4)), (Some(2), Some(3), Some(5), Some(6)));
/// assert_eq!(s.header_line(), Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Source {
    file: String,
    /// Whether records have lines (CSV) or not (a JSON array).
    has_lines: bool,
    /// `(record, line)` at each record whose line is not the one before's
    /// line plus one (record 1 on a line other than 2 included).
    shifts: Vec<(u64, u64)>,
}

impl Source {
    /// A file whose records are lines of text (CSV, header on line 1).
    pub fn lines(file: impl Into<String>) -> Self {
        Source {
            file: file.into(),
            has_lines: true,
            shifts: Vec::new(),
        }
    }

    /// A file whose records have no lines (a JSON array): problems name
    /// the file and the record.
    pub fn records(file: impl Into<String>) -> Self {
        Source {
            file: file.into(),
            has_lines: false,
            shifts: Vec::new(),
        }
    }

    /// The file, as the host named it.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// Notes that record `record` (1-based, in input order) starts on
    /// `line`; call for each record in order (a record skipped counts
    /// as on the line that follows the one before).
    pub fn record_at(&mut self, record: u64, line: u64) {
        if self.has_lines && self.line(record) != Some(line) {
            self.shifts.push((record, line));
        }
    }

    /// The line record `record` (1-based) starts on, if records have lines.
    pub fn line(&self, record: u64) -> Option<u64> {
        if !self.has_lines {
            return None;
        }
        let at = self.shifts.partition_point(|&(r, _)| r <= record);
        Some(match at.checked_sub(1).map(|i| self.shifts[i]) {
            Some((r, line)) => line + (record - r),
            None => record + 1,
        })
    }

    /// The header's line (1), if records have lines.
    pub fn header_line(&self) -> Option<u64> {
        self.has_lines.then_some(1)
    }
}

/// The source of each table read from a file, by table name (`cases`,
/// `surveys`, ..., `org_tree`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Sources {
    tables: Vec<(String, Source)>,
}

impl Sources {
    /// No table from a file.
    pub fn new() -> Self {
        Self::default()
    }

    /// Table `table` was read from `source` (replacing one given before).
    pub fn insert(&mut self, table: &str, source: Source) {
        self.tables.retain(|(t, _)| t != table);
        self.tables.push((table.to_string(), source));
    }

    /// The source of `table`, if it was read from a file.
    pub fn get(&self, table: &str) -> Option<&Source> {
        self.tables.iter().find(|(t, _)| t == table).map(|(_, s)| s)
    }

    /// `error` with the file and line of its table and record, when the
    /// table came from a file and the error does not name one already: a
    /// record's line, or the header's for a column of the table.
    pub fn locate(&self, mut error: DataError) -> DataError {
        if error.file.is_some() {
            return error;
        }
        let Some(source) = self.get(&error.table) else {
            return error;
        };
        error.line = match (error.row, &error.field) {
            (Some(row), _) => source.line(row),
            (None, Some(_)) => source.header_line(),
            (None, None) => None,
        };
        error.file = Some(source.file.as_str().into());
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_follow_records_until_one_spans_lines() {
        let mut s = Source::lines("d/cases.csv");
        for (record, line) in [(1, 2), (2, 3), (3, 4), (4, 7), (5, 8), (6, 10)] {
            s.record_at(record, line);
        }
        // Only the two records after a record that spans lines are kept.
        assert_eq!(s.shifts, [(4, 7), (6, 10)]);
        let lines: Vec<_> = (1..=7).map(|r| s.line(r).unwrap()).collect();
        assert_eq!(lines, [2, 3, 4, 7, 8, 10, 11]);
    }

    #[test]
    fn records_of_json_have_no_line() {
        let mut s = Source::records("d/cases.json");
        s.record_at(1, 5);
        assert_eq!((s.line(1), s.header_line()), (None, None));
    }

    #[test]
    fn an_error_is_placed_in_its_file_and_line() {
        let mut sources = Sources::new();
        let mut s = Source::lines("d/cases.csv");
        s.record_at(1, 3);
        sources.insert("cases", s);
        let e = sources.locate(DataError::at("cases", 2, "decided_on", "too early"));
        assert_eq!(
            e.to_string(),
            "d/cases.csv, line 4: cases, row 2, field `decided_on`: too early"
        );
        let e = sources.locate(DataError::column("cases", "x", "missing"));
        assert_eq!(
            e.to_string(),
            "d/cases.csv, line 1: cases, field `x`: missing"
        );
        let e = sources.locate(DataError::table("cases", "empty"));
        assert_eq!(e.to_string(), "d/cases.csv: cases: empty");
        // A table given in memory keeps its table and row.
        let e = sources.locate(DataError::at("staff", 2, "role", "unknown"));
        assert_eq!(e.to_string(), "staff, row 2, field `role`: unknown");
    }
}
