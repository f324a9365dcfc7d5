//! The independent assessment (НОК) as a host asks for it: from counts or
//! from a dataset's questionnaires with a row of facts per organisation,
//! each given as a file or as a table in memory. `etalon score nok`, the
//! KPI's НОК items and both bindings call [`score_nok`], so the reading of
//! the input and the naming of its errors are written once.

use std::path::PathBuf;

use etalon_core::scoring::{NokError, NokOptions, NokTable, TextTable};
use etalon_core::{Dataset, Methodology, NokData, NokScores, Period};

use crate::error::{Code, Envelope};
use crate::io::ScoringFileError;

/// A table of НОК input.
#[derive(Debug, Clone)]
pub enum NokTableSource {
    /// A CSV or JSON file.
    File(PathBuf),
    /// Rows the host gives (see [`crate::given::text_table`]); an error
    /// names the record's number as `row`.
    Given(TextTable),
}

/// What the НОК is scored from.
#[derive(Debug, Clone)]
pub enum NokSource<'a> {
    /// Counts: one row per organisation and period with the columns of the
    /// package's НОК input (table `nok`).
    Counts(NokTableSource),
    /// The questionnaires of `data` in `year`, counted in one pass, and the
    /// facts not counted from answers, a row per organisation assessed
    /// (table `nok_facts`).
    Surveys {
        /// The dataset whose `surveys` are counted.
        data: &'a Dataset,
        /// The assessment period (a year).
        year: Period,
        /// The facts.
        facts: NokTableSource,
    },
}

/// An error of the НОК input or scoring, naming `table`; for rows given in
/// memory the line the engine counted is the record's number.
fn failure(error: NokError, table: &str) -> Envelope {
    Envelope::from(error).in_table(table).as_given_rows()
}

/// An error reading a НОК file: a bad row names the table the file held.
fn file_failure(error: ScoringFileError, table: &str) -> Envelope {
    let mut envelope = Envelope::from(error);
    if envelope.code == Code::DataNokInput {
        envelope.fields.table = Some(table.to_string());
    }
    envelope
}

/// The rows of `source`, a table of `kind` named `table`.
fn rows(
    m: &Methodology,
    source: NokTableSource,
    kind: NokTable,
    table: &str,
) -> Result<Vec<etalon_core::NokRow>, Envelope> {
    let scheme = m.nok().ok_or_else(|| failure(NokError::NoScheme, table))?;
    match source {
        NokTableSource::File(path) => {
            crate::io::read_nok_rows(&path, scheme, kind).map_err(|e| file_failure(e, table))
        }
        NokTableSource::Given(rows) => scheme
            .read_table(&rows, kind)
            .map_err(|e| failure(e, table)),
    }
}

/// НОК scores of `source` under `options` (for questionnaires, the
/// options' period is the year asked).
pub fn score_nok(
    m: &Methodology,
    source: NokSource<'_>,
    options: &NokOptions,
) -> Result<NokScores, Envelope> {
    let (input, options) = match source {
        NokSource::Counts(counts) => {
            let rows = rows(m, counts, NokTable::Counts, "nok")?;
            (NokData::from_rows(rows), options.clone())
        }
        NokSource::Surveys { data, year, facts } => {
            let options = NokOptions {
                period: Some(year),
                ..options.clone()
            };
            let input = match facts {
                // A fact that does not fit the questionnaires names the file.
                NokTableSource::File(path) => {
                    crate::io::nok_from_surveys(m, data, year, &path, &options)
                        .map_err(|e| file_failure(e, "nok_facts"))?
                }
                given => {
                    let facts = rows(m, given, NokTable::Facts, "nok_facts")?;
                    m.nok_from_surveys(data, year, facts, &options)
                        .map_err(|e| failure(e, "nok_facts"))?
                }
            };
            (input, options)
        }
    };
    m.score_nok(&input, &options).map_err(|e| failure(e, "nok"))
}

#[cfg(test)]
mod tests {
    use std::path::{Path, PathBuf};

    use super::*;
    use crate::given::text_table;

    fn sample() -> PathBuf {
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../examples/data")
    }

    /// The facts of the sample as rows in memory.
    fn facts_given(path: &Path) -> TextTable {
        let text = std::fs::read_to_string(path).unwrap();
        let mut lines = text.lines();
        let header: Vec<&str> = lines.next().unwrap().split(',').collect();
        text_table(header, lines.map(|l| l.split(',').collect::<Vec<_>>()))
    }

    #[test]
    fn questionnaires_with_facts_from_a_file_or_in_memory_score_alike() {
        let m = crate::standard().unwrap();
        let data = crate::io::load_dataset(&sample()).unwrap();
        let year: Period = "2026".parse().unwrap();
        let facts = sample().join("nok_facts.csv");
        let options = NokOptions::default();
        let from_file = score_nok(
            &m,
            NokSource::Surveys {
                data: &data,
                year,
                facts: NokTableSource::File(facts.clone()),
            },
            &options,
        )
        .unwrap();
        let given = score_nok(
            &m,
            NokSource::Surveys {
                data: &data,
                year,
                facts: NokTableSource::Given(facts_given(&facts)),
            },
            &options,
        )
        .unwrap();
        assert_eq!(from_file.to_json(), given.to_json());
        assert_eq!(from_file.period, year);
        assert!(!from_file.organisations.is_empty());
    }

    #[test]
    fn a_bad_given_row_names_the_table_and_the_record() {
        let m = crate::standard().unwrap();
        let data = crate::io::load_dataset(&sample()).unwrap();
        let mut facts = facts_given(&sample().join("nok_facts.csv"));
        let column = |name: &str| facts.header.iter().position(|h| h == name).unwrap();
        let (period, channels) = (column("period"), column("distance_channels"));
        let at = facts
            .rows
            .iter()
            .position(|r| r.cells[period] == "2026")
            .unwrap();
        let org = facts.rows[at].cells[column("org_id")].clone();
        facts.rows[at].cells[channels] = "many".to_string();
        let e = score_nok(
            &m,
            NokSource::Surveys {
                data: &data,
                year: "2026".parse().unwrap(),
                facts: NokTableSource::Given(facts),
            },
            &NokOptions::default(),
        )
        .unwrap_err();
        assert_eq!(e.code, Code::DataNokInput);
        assert_eq!(e.fields.table.as_deref(), Some("nok_facts"));
        assert_eq!(e.fields.row, Some(at as u64 + 1));
        assert_eq!((e.fields.line, e.fields.file), (None, None));
        assert_eq!(e.fields.organisation, Some(org));
        assert_eq!(e.fields.field.as_deref(), Some("distance_channels"));
        assert_eq!(e.fields.value.as_deref(), Some("many"));
    }

    #[test]
    fn a_bad_row_of_a_file_names_the_file_its_line_and_the_table() {
        let m = crate::standard().unwrap();
        let dir = std::env::temp_dir().join(format!("etalon-nok-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let counts = dir.join("counts.csv");
        let facts = std::fs::read_to_string(sample().join("nok_facts.csv")).unwrap();
        // Facts are not counts: the survey columns are missing.
        std::fs::write(&counts, facts).unwrap();
        let e = score_nok(
            &m,
            NokSource::Counts(NokTableSource::File(counts.clone())),
            &NokOptions::default(),
        )
        .unwrap_err();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(e.code, Code::DataNokInput);
        assert_eq!(e.fields.table.as_deref(), Some("nok"));
        assert_eq!(e.fields.file, Some(counts.display().to_string()));
    }

    #[test]
    fn a_misspelt_survey_item_is_refused_in_its_file_on_the_header_line() {
        let m = crate::standard().unwrap();
        let dir = tempfile::tempdir().unwrap();
        for entry in std::fs::read_dir(sample()).unwrap() {
            let path = entry.unwrap().path();
            std::fs::copy(&path, dir.path().join(path.file_name().unwrap())).unwrap();
        }
        let surveys = dir.path().join("surveys.csv");
        let text = std::fs::read_to_string(&surveys).unwrap();
        std::fs::write(&surveys, text.replacen(",overall,", ",overal,", 1)).unwrap();
        let data = crate::io::load_dataset(dir.path()).unwrap();
        let facts = sample().join("nok_facts.csv");
        let message = format!(
            "{}, line 1: surveys, field `overal`: not a column of surveys nor an item of the \
             package's questionnaire (did you mean `overall`?); a host that carries other \
             columns declares them as extra columns",
            surveys.display()
        );
        // The same refusal whether the facts are a file or rows in memory:
        // the problem is in the surveys, never in the facts.
        for facts in [
            NokTableSource::File(facts.clone()),
            NokTableSource::Given(facts_given(&facts)),
        ] {
            let e = score_nok(
                &m,
                NokSource::Surveys {
                    data: &data,
                    year: "2026".parse().unwrap(),
                    facts,
                },
                &NokOptions::default(),
            )
            .unwrap_err();
            assert_eq!(e.code, Code::DataRecord);
            assert_eq!(e.message, message);
            let f = &e.fields;
            assert_eq!(
                (
                    f.file.clone(),
                    f.line,
                    f.table.as_deref(),
                    f.field.as_deref()
                ),
                (
                    Some(surveys.display().to_string()),
                    Some(1),
                    Some("surveys"),
                    Some("overal")
                )
            );
        }
    }
}
