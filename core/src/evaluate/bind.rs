//! Checks that a dataset fits a methodology, and resolves the package's
//! names (columns, codes) to the dataset's numbers once per evaluation.

use crate::data::{Column, DataError, Dataset, TableKind};
use crate::methodology::Methodology;

/// The package's names resolved against one dataset.
pub(crate) struct Binding {
    /// Per table: field index -> column index in the dataset's table.
    pub columns: Vec<Vec<Option<usize>>>,
    /// Code literal index -> the dataset's code number.
    pub codes: Vec<Option<u32>>,
    /// Dataset code number -> process index, for the `process` columns.
    pub process_of_code: Vec<Option<usize>>,
}

/// Resolves names and refuses data the package cannot read: an unknown
/// process, or an answer the questionnaire does not allow.
pub(crate) fn bind(m: &Methodology, data: &Dataset) -> Result<Binding, DataError> {
    let processes = m.processes();
    for table in TableKind::ALL {
        for (code, row) in data.codes_used(table, "process") {
            if !processes.iter().any(|p| p.id == code) {
                let known: Vec<&str> = processes.iter().map(|p| p.id.as_str()).collect();
                return Err(DataError::at(
                    table.name(),
                    row,
                    "process",
                    format!(
                        "not a process of the rule package, which has: {}",
                        known.join(", ")
                    ),
                )
                .with_text("not-a-process", &[("known", known.join(", "))]));
            }
        }
    }
    for q in m.questions() {
        for (answer, row) in data.codes_used(TableKind::Surveys, &q.id) {
            if !q.answers.iter().any(|a| a == answer) {
                return Err(DataError::at(
                    "surveys",
                    row,
                    &q.id,
                    format!(
                        "not an answer of this question, which takes {}",
                        q.answers.join(", ")
                    ),
                )
                .with_text("not-an-answer", &[("answers", q.answers.join(", "))]));
            }
        }
    }
    let columns = TableKind::ALL
        .iter()
        .map(|&t| {
            let table = data.table(t);
            m.fields(t)
                .names
                .iter()
                .map(|n| table.column_index(n))
                .collect()
        })
        .collect();
    let codes = m.inner.codes.iter().map(|c| data.codes.get(c)).collect();
    let mut process_of_code = vec![None; data.codes.len()];
    for (i, p) in processes.iter().enumerate() {
        if let Some(code) = data.codes.get(&p.id) {
            process_of_code[code as usize] = Some(i);
        }
    }
    Ok(Binding {
        columns,
        codes,
        process_of_code,
    })
}

/// The process index of each record of `table` (None where the table has
/// no process column or the record none).
pub(crate) fn record_processes(data: &Dataset, table: TableKind) -> Option<&[u32]> {
    match data.table(table).column("process") {
        Some(Column::Code(v)) => Some(v),
        _ => None,
    }
}
