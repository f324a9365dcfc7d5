//! Tables carried inside a rule package (the data folders of its
//! `evaluation` test cases): CSV text already in memory, read into a
//! dataset by the same rules as a data folder on disk.

use std::cell::RefCell;
use std::path::PathBuf;

use etalon_core::{Cell, Dataset, DatasetBuilder, LineTracker, PackageFiles, TableKind};

use super::LoadError;
use super::tables::{csv_error, line_of};
use super::text::detect_separator;
use super::tree::build_tree;

/// The rows of one CSV file: the header, then each row with its line.
struct CsvText {
    path: PathBuf,
    header: Vec<String>,
    rows: Vec<(u64, csv::StringRecord)>,
}

fn parse(path: &str, text: &str) -> Result<CsvText, LoadError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let path = PathBuf::from(path);
    // The file's own lines, as a data folder's (the csv crate's count is
    // off after CRLF endings and blank lines).
    let lines = RefCell::new(LineTracker::default());
    lines.borrow_mut().feed(text.as_bytes());
    let error = |e: csv::Error| csv_error(&path, &e, &lines);
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .delimiter(detect_separator(text.lines().next().unwrap_or_default()))
        .from_reader(text.as_bytes());
    let header = reader
        .headers()
        .map_err(error)?
        .iter()
        .map(|h| h.trim().to_string())
        .collect();
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(error)?;
        rows.push((line_of(&lines, record.position()), record));
    }
    Ok(CsvText { path, header, rows })
}

/// Reads the folder `folder` of the package's files (`units.csv` and a
/// CSV file per table present) into a dataset. The first problem is
/// returned with its file and line.
pub fn read_package_tables(files: &PackageFiles, folder: &str) -> Result<Dataset, LoadError> {
    let file = |name: &str| format!("{folder}/{name}.csv");
    let units = file("units");
    let Some(text) = files.get(&units) else {
        return Err(LoadError::Missing {
            path: units.into(),
            message: "a data folder needs units.csv (the organisation tree: region, group, organisation, unit)".into(),
            text: Some(Box::new(etalon_core::Text::new::<&str>("units", &[]))),
        });
    };
    let tree = parse(&units, text)?;
    let lines: Vec<u64> = tree.rows.iter().map(|(l, _)| *l).collect();
    let cells = tree
        .rows
        .iter()
        .map(|(_, r)| r.iter().map(str::to_string).collect());
    let tree = build_tree(&tree.header, cells).map_err(|error| LoadError::Data {
        path: tree.path.clone(),
        line: error
            .row
            .and_then(|r| lines.get((r as usize).checked_sub(1)?).copied()),
        error: Box::new(error),
    })?;
    let mut builder = DatasetBuilder::new(tree);
    for table in TableKind::ALL {
        let name = file(table.name());
        let Some(text) = files.get(&name) else {
            continue;
        };
        let csv = parse(&name, text)?;
        let data = |line, error| LoadError::Data {
            path: csv.path.clone(),
            line,
            error: Box::new(error),
        };
        let mut writer = builder
            .writer(table, &csv.header)
            .map_err(|e| data(Some(1), e))?;
        for (line, record) in &csv.rows {
            let cells: Vec<Cell> = record.iter().map(Cell::Text).collect();
            writer.push(&cells).map_err(|e| data(Some(*line), e))?;
        }
    }
    builder.finish().map_err(|error| LoadError::Data {
        path: file(&error.table).into(),
        line: None,
        error: Box::new(error),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const UNITS: &str = "region_id,group_id,org_id,org_type,unit_id,processes\n\
                         R,G1,O1,non_residential,U1,home_care\n";

    /// A package's data folder `t/d` of `units` and a `staff.csv` of `staff`.
    fn folder(units: &str, staff: &str) -> PackageFiles {
        let mut files = PackageFiles::new();
        files.insert("t/d/units.csv", units);
        files.insert("t/d/staff.csv", staff);
        files
    }

    #[test]
    fn reads_the_tree_and_the_tables_of_a_folder() {
        let files = folder(
            UNITS,
            "unit_id,month,positions,filled,trained\nU1,2026-07-01,3,2,1\n",
        );
        let data = read_package_tables(&files, "t/d").unwrap();
        assert_eq!(data.tree().units().len(), 1);
        assert_eq!(data.total_records(), 1);
    }

    #[test]
    fn lines_are_the_files_own_in_crlf_text() {
        let files = folder(
            &UNITS.replace('\n', "\r\n"),
            "unit_id,month,positions,filled,trained\r\nU1,2026-07-01,3,2,1\r\n\r\nU9,2026-07-01,3,2,1\r\n",
        );
        let e = read_package_tables(&files, "t/d").unwrap_err();
        assert_eq!(e.line(), Some(4), "{e}");
    }

    #[test]
    fn a_row_of_the_wrong_length_is_named_by_file_and_line() {
        let files = folder(
            UNITS,
            "unit_id,month,positions,filled,trained\r\n\r\nU1,2026-07-01,3\r\n",
        );
        let e = read_package_tables(&files, "t/d").unwrap_err();
        assert_eq!(
            e.to_string(),
            "t/d/staff.csv, line 3: this row has 3 fields but the header has 5"
        );
        assert!(
            matches!(&e, LoadError::Csv { message, .. } if message.text.id == "load-csv-fields"),
            "{e:?}"
        );
    }

    #[test]
    fn a_bad_record_is_named_by_file_and_line() {
        let files = folder(
            UNITS,
            "unit_id,month,positions,filled,trained\nU1,2026-07-01,3,2,1\nU9,2026-07-01,3,2,1\n",
        );
        let e = read_package_tables(&files, "t/d").unwrap_err().to_string();
        assert_eq!(
            e,
            "t/d/staff.csv, line 3: staff, row 2, field `unit_id`: the unit is not in the organisation tree"
        );
        let e = read_package_tables(&files, "t/x").unwrap_err().to_string();
        assert_eq!(
            e,
            "t/x/units.csv: a data folder needs units.csv (the organisation tree: region, group, organisation, unit)"
        );
    }
}
