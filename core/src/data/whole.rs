//! Tables finished apart: a table taken whole from the builder once its
//! last record is written ([`DatasetBuilder::take_whole`]), its unique
//! values checked and its records ordered on another thread while the
//! builder's later tables are still written ([`WholeTable::finish`]), then
//! given back ([`DatasetBuilder::give_back`]). The dataset, and the problem
//! [`DatasetBuilder::finish`] returns, are those of the builder finishing
//! every table itself: a table's finishing needs nothing of the tables
//! written after it.

use super::dataset::{DatasetBuilder, SIDE_BY_SIDE_FROM, finish_table};
use super::table::Table;
use super::{DataError, TableKind};

/// Where a table of the builder is, as to being finished.
#[derive(Debug, Clone, Default)]
pub(super) enum Apart {
    /// In the builder, finished with the others.
    #[default]
    Here,
    /// Taken whole, not given back yet.
    Taken,
    /// Finished apart and given back, with what finishing it found.
    Finished(Result<(), DataError>),
}

/// A table taken whole from a [`DatasetBuilder`], to be finished apart.
#[derive(Debug)]
pub struct WholeTable {
    table: Table,
    /// The codes and recipients numbered when it was taken: every one its
    /// records hold is among them.
    code_count: usize,
    recipient_count: usize,
}

/// A table finished apart, with what finishing it found (a repeated id).
#[derive(Debug)]
pub struct FinishedTable {
    table: Table,
    outcome: Result<(), DataError>,
}

impl WholeTable {
    /// Checks the table's unique values and orders its records as
    /// [`DatasetBuilder::finish`] would (on a second thread beside this
    /// one for a large table, when there is a second core).
    pub fn finish(mut self) -> FinishedTable {
        let outcome = finish_table(&mut self.table, self.code_count, self.recipient_count);
        FinishedTable {
            table: self.table,
            outcome,
        }
    }
}

impl DatasetBuilder {
    /// Takes `table` out whole, to be finished apart while other tables
    /// are written: no record can be added to it any more (a writer of it
    /// is refused). None if it was taken already, or holds too few records
    /// for a thread of its own to be worth it (it is then finished with
    /// the others).
    pub fn take_whole(&mut self, table: TableKind) -> Option<WholeTable> {
        let index = table.index();
        let here = matches!(self.apart[index], Apart::Here);
        if !here || self.dataset.tables[index].len < SIDE_BY_SIDE_FROM {
            return None;
        }
        self.apart[index] = Apart::Taken;
        Some(WholeTable {
            table: std::mem::replace(&mut self.dataset.tables[index], Table::new(table)),
            code_count: self.dataset.codes.len(),
            recipient_count: self.dataset.recipients.len(),
        })
    }

    /// Puts back a table taken from this builder and finished apart;
    /// [`DatasetBuilder::finish`] then returns what finishing it found in
    /// the table's place. An error, and the builder unchanged, if the
    /// builder has no table of its kind taken out.
    pub fn give_back(&mut self, finished: FinishedTable) -> Result<(), DataError> {
        let kind = finished.table.kind;
        let index = kind.index();
        if !matches!(self.apart[index], Apart::Taken) {
            return Err(DataError::table(
                kind.name(),
                "the table given back was not taken from this builder",
            )
            .with_text("table-not-taken", &[("table", kind.name())]));
        }
        self.dataset.tables[index] = finished.table;
        self.apart[index] = Apart::Finished(finished.outcome);
        Ok(())
    }
}

/// The refusal of a writer of `table`, taken whole.
pub(super) fn taken(table: TableKind) -> DataError {
    DataError::table(
        table.name(),
        "the table was taken whole to be finished: no record can be added to it",
    )
    .with_text("table-taken", &[("table", table.name())])
}

/// The refusal to finish a builder whose `table` was taken and not given
/// back.
pub(super) fn not_given_back(table: TableKind) -> DataError {
    DataError::table(
        table.name(),
        "the table was taken whole and not given back before the dataset was finished",
    )
    .with_text("table-not-given-back", &[("table", table.name())])
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::data::dataset::tests::tree;
    use crate::data::{Case, Dataset, Delivery};

    /// A builder of enough cases to be taken whole, their recipients out
    /// of order (so finishing reorders them), `repeated` giving the last
    /// case the id of the one at that position; and deliveries written
    /// after, with recipients the cases do not have.
    fn builder(repeated: Option<usize>) -> DatasetBuilder {
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let n = SIDE_BY_SIDE_FROM + 10;
        let mut b = DatasetBuilder::new(tree());
        let cases: Vec<Case> = (0..n)
            .map(|i| {
                let id = match repeated {
                    Some(r) if i == n - 1 => format!("C{r}"),
                    _ => format!("C{i}"),
                };
                Case::new(
                    id,
                    "home_care",
                    "U1",
                    format!("P{}", (i * 7919) % 5000),
                    day,
                )
            })
            .collect();
        b.add_all(&cases).unwrap();
        b
    }

    fn deliveries(b: &mut DatasetBuilder) {
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        for i in 0..3 {
            let d = Delivery::new(
                format!("D{i}"),
                "home_care",
                "U1",
                format!("Q{i}"),
                day,
                4,
                4,
            );
            b.add(&d).unwrap();
        }
    }

    /// Builds the dataset, the cases finished apart or not.
    fn built(repeated: Option<usize>, apart: bool) -> Result<Dataset, DataError> {
        let mut b = builder(repeated);
        let whole = apart.then(|| b.take_whole(TableKind::Cases).unwrap());
        deliveries(&mut b);
        if let Some(whole) = whole {
            b.give_back(whole.finish()).unwrap();
        }
        b.finish()
    }

    /// The tables, and the codes and recipients in their numbering order
    /// (not the interners' hash keys, which are drawn per builder).
    fn shown(d: &Dataset) -> String {
        let all = format!("{d:?}");
        let tables = all.split("codes: Interner").next().unwrap_or_default();
        let names = |i: &crate::data::Interner| {
            (0..i.len() as u32)
                .map(|n| i.name(n).to_string())
                .collect::<Vec<_>>()
        };
        format!(
            "{tables}\n{:?}\n{:?}",
            names(&d.codes),
            names(&d.recipients)
        )
    }

    #[test]
    fn a_table_finished_apart_is_the_table_finished_with_the_others() {
        let (apart, here) = (built(None, true).unwrap(), built(None, false).unwrap());
        assert_eq!(shown(&apart), shown(&here));
        // A repeated id is found, on the same record, either way.
        let (apart, here) = (built(Some(5), true), built(Some(5), false));
        let error = apart.unwrap_err().to_string();
        assert_eq!(error, here.unwrap_err().to_string());
        assert_eq!(
            error,
            format!(
                "cases, row {}, field `case_id`: duplicate case_id: an earlier record has the same",
                SIDE_BY_SIDE_FROM + 10
            )
        );
    }

    #[test]
    fn a_table_taken_takes_no_records_and_must_be_given_back() {
        let mut b = builder(None);
        // Few records: finished with the others.
        assert!(b.take_whole(TableKind::Deliveries).is_none());
        let whole = b.take_whole(TableKind::Cases).unwrap();
        assert!(b.take_whole(TableKind::Cases).is_none());
        let day = NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
        let more = b.add(&Case::new("C-late", "home_care", "U1", "P1", day));
        assert_eq!(
            more.unwrap_err().to_string(),
            "cases: the table was taken whole to be finished: no record can be added to it"
        );
        let finished = whole.finish();
        // Given back to a builder that did not take it: refused.
        let mut other = builder(None);
        let refused = other.give_back(finished).unwrap_err();
        assert_eq!(
            refused.to_string(),
            "cases: the table given back was not taken from this builder"
        );
        assert_eq!(
            b.finish().unwrap_err().to_string(),
            "cases: the table was taken whole and not given back before the dataset was finished"
        );
    }
}
