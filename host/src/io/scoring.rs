//! Files of scoring: НОК input rows (counts, or the facts that go with raw
//! questionnaires), shares per organisation, improvement plans and their
//! executions. CSV (UTF-8, header row) or JSON (an array of objects),
//! chosen by the file's extension; the core checks what they hold.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use etalon_core::scoring::{
    Execution, NokData, NokError, NokOptions, NokRow, NokScheme, NokTable, Plan, PlanError,
    TableError, TextTable,
};
use etalon_core::{DataError, Dataset, Diagnostics, Methodology, Period};
use rust_decimal::Decimal;

use super::LoadError;

/// The name of the facts file in a data folder: the НОК columns that are
/// not counted from the questionnaires, one row per organisation assessed.
pub const NOK_FACTS: &str = "nok_facts";

/// A scoring file could not be read or does not hold what it should.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum ScoringFileError {
    /// The file or folder could not be read.
    #[error(transparent)]
    Load(#[from] LoadError),
    /// The text is not a valid table.
    #[error("{}, {error}", .path.display())]
    Table {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: TableError,
    },
    /// The dataset the facts go with holds a problem (a questionnaire's
    /// item or answer): it names its own table, file and line.
    #[error(transparent)]
    Data(Box<DataError>),
    /// The НОК input is not valid.
    #[error("{}: {error}", .path.display())]
    Nok {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: Box<NokError>,
    },
    /// A plan has errors.
    #[error("{}: the plan has errors:\n{diagnostics}", .path.display())]
    Plan {
        /// The file.
        path: PathBuf,
        /// Every problem.
        diagnostics: Diagnostics,
    },
    /// Executions of a plan are not valid.
    #[error("{}: {error}", .path.display())]
    Executions {
        /// The file.
        path: PathBuf,
        /// What is wrong.
        error: PlanError,
    },
    /// A table of shares is not valid.
    #[error("{}, line {line}: {message}", .path.display())]
    Shares {
        /// The file.
        path: PathBuf,
        /// The line.
        line: u64,
        /// What is wrong, in English.
        message: String,
        /// The catalogue message of `message` (`shares-<id>`, with the
        /// file and line), with its values.
        text: Option<Box<etalon_core::Text>>,
    },
}

fn read_text(path: &Path) -> Result<String, ScoringFileError> {
    std::fs::read_to_string(path).map_err(|source| {
        ScoringFileError::Load(LoadError::Io {
            path: path.to_path_buf(),
            source,
        })
    })
}

/// Reads a CSV or JSON file (by its extension) as a table of text.
pub fn read_table_file(path: &Path) -> Result<TextTable, ScoringFileError> {
    let text = read_text(path)?;
    let json = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("json"));
    let parsed = if json {
        TextTable::from_json(&text)
    } else {
        TextTable::from_csv(&text)
    };
    parsed.map_err(|error| ScoringFileError::Table {
        path: path.to_path_buf(),
        error,
    })
}

/// Reads НОК input rows: every column (`NokTable::Counts`) or the facts
/// that go with raw questionnaires (`NokTable::Facts`).
pub fn read_nok_rows(
    path: &Path,
    scheme: &NokScheme,
    kind: NokTable,
) -> Result<Vec<NokRow>, ScoringFileError> {
    let table = read_table_file(path)?;
    scheme
        .read_table(&table, kind)
        .map_err(|error| ScoringFileError::Nok {
            path: path.to_path_buf(),
            error: Box::new(error),
        })
}

/// The facts file of a data folder (`nok_facts.csv` or `.json`), if any.
pub fn nok_facts_file(dir: &Path) -> Option<PathBuf> {
    ["csv", "json"]
        .iter()
        .map(|ext| dir.join(format!("{NOK_FACTS}.{ext}")))
        .find(|p| p.is_file())
}

/// The НОК input of `period` from a dataset's questionnaires and a facts
/// file.
pub fn nok_from_surveys(
    m: &Methodology,
    data: &Dataset,
    period: Period,
    facts: &Path,
    options: &NokOptions,
) -> Result<NokData, ScoringFileError> {
    let scheme = m.nok().ok_or_else(|| ScoringFileError::Nok {
        path: facts.to_path_buf(),
        error: Box::new(NokError::NoScheme),
    })?;
    let rows = read_nok_rows(facts, scheme, NokTable::Facts)?;
    m.nok_from_surveys(data, period, rows, options)
        .map_err(|error| match error {
            // A problem of the questionnaires is in the dataset (named in
            // its own file and line when read from one), not in the facts.
            NokError::Data(d) => ScoringFileError::Data(Box::new(d)),
            error => ScoringFileError::Nok {
                path: facts.to_path_buf(),
                error: Box::new(error),
            },
        })
}

/// Reads an improvement plan (TOML).
pub fn read_plan(path: &Path) -> Result<Plan, ScoringFileError> {
    let text = read_text(path)?;
    let name = path.display().to_string();
    Plan::from_toml(&name, &text).map_err(|diagnostics| ScoringFileError::Plan {
        path: path.to_path_buf(),
        diagnostics,
    })
}

/// Reads the executions of a plan's measures (`measure,org_id,done_on,period,note`).
pub fn read_executions(path: &Path) -> Result<Vec<Execution>, ScoringFileError> {
    let table = read_table_file(path)?;
    Execution::read_table(&table).map_err(|error| ScoringFileError::Executions {
        path: path.to_path_buf(),
        error,
    })
}

/// Reads a share per organisation (`org_id,share`, percent 0..100), such as
/// the share of deviations closed on time from the deviation journal.
pub fn read_shares(path: &Path) -> Result<BTreeMap<String, Decimal>, ScoringFileError> {
    let table = read_table_file(path)?;
    let fail =
        |line: u64, message: String, id: &str, args: &[(&str, &str)]| ScoringFileError::Shares {
            path: path.to_path_buf(),
            line,
            message,
            text: Some(Box::new(etalon_core::Text::new(id, args))),
        };
    if table.column("org_id").is_none() || table.column("share").is_none() {
        return Err(fail(
            1,
            "the columns are org_id and share".into(),
            "shares-columns",
            &[],
        ));
    }
    let mut out = BTreeMap::new();
    let mut first_lines: BTreeMap<&str, u64> = BTreeMap::new();
    for (r, row) in table.rows.iter().enumerate() {
        let org = table
            .get(r, "org_id")
            .ok_or_else(|| fail(row.line, "no org_id".into(), "shares-no-org", &[]))?;
        let text = table.get(r, "share").ok_or_else(|| {
            let message = format!("organisation `{org}`: no share");
            fail(row.line, message, "shares-no-share", &[("org", org)])
        })?;
        let share: Decimal = text.parse().map_err(|_| {
            let message = format!("organisation `{org}`: `{text}` is not a number");
            let args = [("org", org), ("text", text)];
            fail(row.line, message, "shares-not-a-number", &args)
        })?;
        if let Some(problem) = crate::given::share_problem(org, share) {
            let share = share.to_string();
            let args = [("org", org), ("share", share.as_str())];
            return Err(fail(row.line, problem, "shares-range", &args));
        }
        if let Some(first) = first_lines.insert(org, row.line) {
            let message =
                format!("organisation `{org}` is given twice; the first is on line {first}");
            let first = first.to_string();
            let args = [("org", org), ("first", first.as_str())];
            return Err(fail(row.line, message, "shares-twice", &args));
        }
        out.insert(org.to_string(), share);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_are_checked() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.csv");
        std::fs::write(&p, "org_id,share\nO1,95.5\nO2,101\n").unwrap();
        let e = read_shares(&p).unwrap_err();
        assert!(e.to_string().contains("line 3"), "{e}");
        std::fs::write(&p, "org_id,share\nO1,95.5\n").unwrap();
        assert_eq!(read_shares(&p).unwrap()["O1"], "95.5".parse().unwrap());
    }

    #[test]
    fn a_share_given_twice_names_both_lines() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.csv");
        std::fs::write(&p, "org_id,share\r\nO1,95.5\r\n\r\nO2,90\r\nO1,80\r\n").unwrap();
        let e = read_shares(&p).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}, line 5: organisation `O1` is given twice; the first is on line 2",
                p.display()
            )
        );
        let envelope = crate::Envelope::from(e);
        assert_eq!(envelope.code.as_str(), "E-DATA-SHARES");
        assert_eq!(envelope.fields.line, Some(5));
        use crate::report::Lang;
        assert_eq!(
            envelope.catalogued(Lang::En).as_deref(),
            Some(envelope.message.as_str())
        );
        assert_eq!(
            envelope.message_in(Lang::Ru),
            format!(
                "{}, строка 5: организация `O1` указана дважды; первая — в строке 2",
                p.display()
            )
        );
        // A share out of range, in each language.
        std::fs::write(&p, "org_id,share\nO1,140\n").unwrap();
        let envelope = crate::Envelope::from(read_shares(&p).unwrap_err());
        assert_eq!(
            envelope.catalogued(Lang::En).as_deref(),
            Some(envelope.message.as_str())
        );
        assert_eq!(
            envelope.message_in(Lang::Ru),
            format!(
                "{}, строка 2: организация `O1`: доля — от 0 до 100, а не 140",
                p.display()
            )
        );
    }

    #[test]
    fn a_counts_row_given_twice_names_the_file_and_both_lines() {
        let m = crate::standard().unwrap();
        let scheme = m.nok().unwrap();
        let sample = Path::new(env!("CARGO_MANIFEST_DIR")).join("../examples/data/nok_facts.csv");
        let text = std::fs::read_to_string(sample).unwrap();
        let mut lines: Vec<&str> = text.lines().collect();
        // The second organisation again, after the third.
        lines.insert(4, lines[2]);
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("nok_facts.csv");
        std::fs::write(&p, lines.join("\n")).unwrap();
        let mut cells = lines[2].split(',');
        let (org, year) = (cells.next().unwrap(), cells.next().unwrap());
        let e = read_nok_rows(&p, scheme, NokTable::Facts).unwrap_err();
        assert_eq!(
            e.to_string(),
            format!(
                "{}: НОК input, line 5, organisation `{org}`, column `org_id`: the organisation has two rows for {year}; the first is on line 3",
                p.display()
            )
        );
        let envelope = crate::Envelope::from(e);
        assert_eq!(envelope.code.as_str(), "E-DATA-NOK-INPUT");
        assert_eq!(envelope.fields.file, Some(p.display().to_string()));
        assert_eq!(
            (envelope.fields.line, envelope.fields.field.as_deref()),
            (Some(5), Some("org_id"))
        );
    }
}
