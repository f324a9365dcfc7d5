//! Reading a dataset's records back: what a host gave, as the engine holds
//! it (codes and ids as text, months as their first day), so a host can
//! look at or hand on the tables it built.

use chrono::NaiveDate;

use super::table::{Column, NULL_CODE, NULL_DATE, NULL_FLAG, NULL_INT};
use super::{ColumnType, Dataset, TableKind};
use crate::time::Day;

/// One value of a record read back from a [`Dataset`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Value<'a> {
    /// No value.
    Null,
    /// An id, a code, a unit id or a recipient id.
    Text(&'a str),
    /// A date; a month is its first day.
    Date(NaiveDate),
    /// A count.
    Count(i64),
    /// A flag.
    Flag(bool),
}

impl Dataset {
    /// The values of the column at position `column` of `table` (in the
    /// order of [`Dataset::columns`]), one per record; `None` past the
    /// last column.
    ///
    /// Records come in the order the dataset keeps them, grouped by
    /// recipient for the measure pass: the order given is not kept.
    ///
    /// ```
    /// use etalon_core::data::{Case, DatasetBuilder, OrgTree, TableKind, Value};
    ///
    /// let mut tree = OrgTree::builder("R", "Region");
    /// tree.group("G", "Group").unwrap();
    /// tree.org("O", "Centre", "G", "non_residential").unwrap();
    /// tree.unit("U", "Unit", "O", ["material_aid"]).unwrap();
    /// let mut b = DatasetBuilder::new(tree.build().unwrap());
    /// let applied = chrono::NaiveDate::from_ymd_opt(2026, 7, 1).unwrap();
    /// b.add(&Case::new("C1", "material_aid", "U", "R1", applied)).unwrap();
    /// let data = b.finish().unwrap();
    ///
    /// let at = data.columns(TableKind::Cases).iter().position(|c| c == "applied_on").unwrap();
    /// let applied_on: Vec<Value> = data.values(TableKind::Cases, at).unwrap().collect();
    /// assert_eq!(applied_on, [Value::Date(applied)]);
    /// ```
    pub fn values(
        &self,
        table: TableKind,
        column: usize,
    ) -> Option<impl ExactSizeIterator<Item = Value<'_>> + '_> {
        let t = self.table(table);
        let column = t.columns.get(column)?;
        Some((0..t.len).map(move |row| self.value(column, row)))
    }

    /// The type of the column at position `column` of `table` (extra
    /// columns, such as questionnaire answers, are codes); `None` past the
    /// last column.
    pub fn column_type(&self, table: TableKind, column: usize) -> Option<ColumnType> {
        self.table(table).types.get(column).copied()
    }

    /// Record `row` of `table`, its values in the order of
    /// [`Dataset::columns`]; `None` past the last record.
    pub fn record(&self, table: TableKind, row: usize) -> Option<Vec<Value<'_>>> {
        let t = self.table(table);
        (row < t.len).then(|| t.columns.iter().map(|c| self.value(c, row)).collect())
    }

    fn value<'a>(&'a self, column: &'a Column, row: usize) -> Value<'a> {
        let text = |s: &'a str| {
            if s.is_empty() {
                Value::Null
            } else {
                Value::Text(s)
            }
        };
        match column {
            Column::Id { .. } => text(column.id(row)),
            Column::Code(v) => match v[row] {
                NULL_CODE => Value::Null,
                c => Value::Text(self.codes.name(c)),
            },
            Column::Unit(v) => match v[row] {
                NULL_CODE => Value::Null,
                u => self
                    .tree
                    .units()
                    .get(u as usize)
                    .map_or(Value::Null, |u| Value::Text(&u.id)),
            },
            Column::Recipient(v) => match v[row] {
                NULL_CODE => Value::Null,
                r => Value::Text(self.recipients.name(r)),
            },
            Column::Date(v) => match v[row] {
                NULL_DATE => Value::Null,
                d => Value::Date(Day(d).date()),
            },
            Column::Count(v) => match v[row] {
                NULL_INT => Value::Null,
                n => Value::Count(n),
            },
            Column::Flag(v) => match v[row] {
                NULL_FLAG => Value::Null,
                f => Value::Flag(f == 1),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::{Case, DatasetBuilder, OrgTree, SurveyResponse};

    fn date(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn dataset() -> Dataset {
        let mut tree = OrgTree::builder("R", "Region");
        tree.group("G", "Group").unwrap();
        tree.org("O", "Centre", "G", "non_residential").unwrap();
        tree.unit("U1", "One", "O", ["material_aid"]).unwrap();
        tree.unit("U2", "Two", "O", ["material_aid"]).unwrap();
        let mut b = DatasetBuilder::new(tree.build().unwrap());
        // Given out of recipient order: the dataset regroups them.
        let mut c2 = Case::new("C2", "material_aid", "U2", "R2", date(7, 2));
        c2.decision = Some("granted".into());
        c2.repeat = Some(true);
        let c1 = Case::new("C1", "material_aid", "U1", "R1", date(7, 1));
        let c3 = Case::new("C3", "material_aid", "U1", "R1", date(7, 3));
        for c in [&c1, &c2, &c3] {
            b.add(c).unwrap();
        }
        let mut s = SurveyResponse {
            respondent_id: "S1".into(),
            unit_id: "U2".into(),
            answered_on: date(8, 1),
            respondent_kind: None,
            channel: None,
            answers: Default::default(),
        };
        s.answers.insert("overall".into(), "yes".into());
        b.add(&s).unwrap();
        b.finish().unwrap()
    }

    fn column<'a>(data: &'a Dataset, table: TableKind, name: &str) -> Vec<Value<'a>> {
        let at = data.columns(table).iter().position(|c| c == name).unwrap();
        data.values(table, at).unwrap().collect()
    }

    #[test]
    fn every_kind_of_column_reads_back_as_given() {
        let data = dataset();
        let t = TableKind::Cases;
        let ids = column(&data, t, "case_id");
        assert_eq!(ids.len(), 3);
        let at = |id: &str| ids.iter().position(|v| *v == Value::Text(id)).unwrap();
        let c2 = at("C2");
        assert_eq!(column(&data, t, "unit_id")[c2], Value::Text("U2"));
        assert_eq!(column(&data, t, "recipient_id")[c2], Value::Text("R2"));
        assert_eq!(column(&data, t, "applied_on")[c2], Value::Date(date(7, 2)));
        assert_eq!(column(&data, t, "decision")[c2], Value::Text("granted"));
        assert_eq!(column(&data, t, "repeat")[c2], Value::Flag(true));
        assert_eq!(column(&data, t, "decision")[at("C1")], Value::Null);
        assert_eq!(column(&data, t, "repeat")[at("C1")], Value::Null);
        let survey = column(&data, TableKind::Surveys, "overall");
        assert_eq!(survey, [Value::Text("yes")]);
        let types = |t: TableKind| -> Vec<ColumnType> {
            (0..data.columns(t).len())
                .map(|c| data.column_type(t, c).unwrap())
                .collect()
        };
        let fixed: Vec<ColumnType> = t.columns().iter().map(|d| d.ty).collect();
        assert_eq!(types(t), fixed);
        let answers = data.columns(TableKind::Surveys).len() - 1;
        assert_eq!(types(TableKind::Surveys)[answers], ColumnType::Code);
        assert_eq!(data.column_type(t, data.columns(t).len()), None);
    }

    #[test]
    fn a_record_holds_its_values_in_column_order_and_the_order_given_is_not_kept() {
        let data = dataset();
        let t = TableKind::Cases;
        let records: Vec<Vec<Value>> = (0..data.len(t))
            .map(|r| data.record(t, r).unwrap())
            .collect();
        let ids: Vec<Value> = records.iter().map(|r| r[0]).collect();
        assert_eq!(data.columns(t)[0], "case_id");
        assert_eq!(
            ids,
            [Value::Text("C1"), Value::Text("C3"), Value::Text("C2")]
        );
        for (r, record) in records.iter().enumerate() {
            assert_eq!(record.len(), data.columns(t).len());
            for (c, value) in record.iter().enumerate() {
                assert_eq!(data.values(t, c).unwrap().nth(r), Some(*value));
            }
        }
        assert_eq!(data.record(t, 3), None);
        assert!(data.values(t, data.columns(t).len()).is_none());
    }
}
