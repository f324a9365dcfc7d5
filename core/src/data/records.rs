//! Typed records for hosts that build a dataset in Rust, and [`Cell`], the
//! value form every reader (CSV, JSON, Arrow) hands to a [`RowWriter`].
//!
//! [`RowWriter`]: super::RowWriter

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::schema::TableKind;

/// One input value, before it is checked against its column's type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell<'a> {
    /// No value.
    Null,
    /// Text, parsed according to the column (an empty string is no value).
    Text(&'a str),
    /// A whole number.
    Int(i64),
    /// A date.
    Date(NaiveDate),
    /// A flag.
    Bool(bool),
}

impl<'a> From<Option<&'a str>> for Cell<'a> {
    fn from(v: Option<&'a str>) -> Self {
        v.map_or(Cell::Null, Cell::Text)
    }
}

impl From<Option<NaiveDate>> for Cell<'_> {
    fn from(v: Option<NaiveDate>) -> Self {
        v.map_or(Cell::Null, Cell::Date)
    }
}

impl From<Option<i64>> for Cell<'_> {
    fn from(v: Option<i64>) -> Self {
        v.map_or(Cell::Null, Cell::Int)
    }
}

impl From<Option<bool>> for Cell<'_> {
    fn from(v: Option<bool>) -> Self {
        v.map_or(Cell::Null, Cell::Bool)
    }
}

/// A typed record of one table.
pub trait Record {
    /// The table it belongs to.
    const TABLE: TableKind;
    /// Column names and the matching cells.
    fn cells(&self) -> (Vec<&str>, Vec<Cell<'_>>);
}

macro_rules! record {
    (
        $(#[$meta:meta])*
        $name:ident => $table:ident {
            required { $($(#[$rdoc:meta])* $req:ident : $rty:ty),* $(,)? }
            optional { $($(#[$odoc:meta])* $opt:ident : $oty:ty),* $(,)? }
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
        pub struct $name {
            $($(#[$rdoc])* pub $req: $rty,)*
            $($(#[$odoc])* #[serde(default, skip_serializing_if = "Option::is_none")] pub $opt: Option<$oty>,)*
        }

        impl $name {
            /// A record with its required fields; the others are empty.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($req: impl Into<$rty>),*) -> Self {
                $name { $($req: $req.into(),)* $($opt: None,)* }
            }
        }

        impl Record for $name {
            const TABLE: TableKind = TableKind::$table;
            fn cells(&self) -> (Vec<&str>, Vec<Cell<'_>>) {
                let names = vec![$(stringify!($req),)* $(stringify!($opt),)*];
                let cells = vec![
                    $(required_cell(&self.$req),)*
                    $(optional_cell(&self.$opt),)*
                ];
                (names, cells)
            }
        }
    };
}

trait AsCell {
    fn as_cell(&self) -> Cell<'_>;
}

impl AsCell for String {
    fn as_cell(&self) -> Cell<'_> {
        Cell::Text(self)
    }
}

impl AsCell for NaiveDate {
    fn as_cell(&self) -> Cell<'_> {
        Cell::Date(*self)
    }
}

impl AsCell for i64 {
    fn as_cell(&self) -> Cell<'_> {
        Cell::Int(*self)
    }
}

impl AsCell for bool {
    fn as_cell(&self) -> Cell<'_> {
        Cell::Bool(*self)
    }
}

fn required_cell<T: AsCell>(v: &T) -> Cell<'_> {
    v.as_cell()
}

fn optional_cell<T: AsCell>(v: &Option<T>) -> Cell<'_> {
    v.as_ref().map_or(Cell::Null, AsCell::as_cell)
}

record! {
    /// A service case of one of the ten processes (table `cases`).
    Case => Cases {
        required {
            /// Case id, unique.
            case_id: String,
            /// Process id.
            process: String,
            /// Structural unit.
            unit_id: String,
            /// Pseudonymous recipient id.
            recipient_id: String,
            /// Date of application.
            applied_on: NaiveDate,
        }
        optional {
            /// Date of the decision recognising the need of social services.
            recognised_on: NaiveDate,
            /// Date of decision.
            decided_on: NaiveDate,
            /// `granted`, `refused` or `pending`.
            decision: String,
            /// Why refused.
            refusal_reason: String,
            /// Service start.
            started_on: NaiveDate,
            /// Service end.
            ended_on: NaiveDate,
            /// Due date.
            due_on: NaiveDate,
            /// Planned volume.
            planned: i64,
            /// Delivered volume.
            delivered: i64,
            /// Delivered fully and on time.
            delivered_on_time: i64,
            /// Result code.
            outcome: String,
            /// Category code.
            category: String,
            /// Repeated request within 30 days.
            repeat: bool,
        }
    }
}

record! {
    /// Services planned and delivered to a recipient in a month (table `deliveries`).
    Delivery => Deliveries {
        required {
            /// Row id, unique.
            delivery_id: String,
            /// Process id.
            process: String,
            /// Unit.
            unit_id: String,
            /// Pseudonymous recipient id.
            recipient_id: String,
            /// Any date of the month.
            month: NaiveDate,
            /// Planned services.
            planned: i64,
            /// Delivered services.
            delivered: i64,
        }
        optional {
            /// Delivered fully and on time.
            delivered_on_time: i64,
        }
    }
}

record! {
    /// A complaint (table `complaints`).
    Complaint => Complaints {
        required {
            /// Complaint id, unique.
            complaint_id: String,
            /// Unit complained about.
            unit_id: String,
            /// Date received.
            received_on: NaiveDate,
        }
        optional {
            /// Process concerned.
            process: String,
            /// Pseudonymous complainant id.
            recipient_id: String,
            /// Date registered.
            registered_on: NaiveDate,
            /// Date the extension of the term was notified.
            extended_on: NaiveDate,
            /// Date answered.
            answered_on: NaiveDate,
            /// Found justified.
            justified: bool,
            /// Measures taken.
            acted_on: bool,
        }
    }
}

record! {
    /// An internal audit (table `audits`).
    Audit => Audits {
        required {
            /// Audit id, unique.
            audit_id: String,
            /// Unit audited.
            unit_id: String,
            /// Date planned.
            planned_on: NaiveDate,
        }
        optional {
            /// Date held.
            held_on: NaiveDate,
            /// Findings.
            findings: i64,
            /// Major findings.
            major_findings: i64,
        }
    }
}

record! {
    /// Bed capacity and use of a unit in a month (table `occupancy`).
    Occupancy => Occupancy {
        required {
            /// Unit.
            unit_id: String,
            /// `residential_care` or `temporary_shelter`.
            process: String,
            /// Any date of the month.
            month: NaiveDate,
            /// Bed-days available.
            bed_days_available: i64,
            /// Bed-days used.
            bed_days_used: i64,
        }
        optional {
            /// Places.
            places: i64,
            /// Residents at month end.
            residents: i64,
        }
    }
}

record! {
    /// An incident in residential care (table `incidents`).
    Incident => Incidents {
        required {
            /// Incident id, unique.
            incident_id: String,
            /// Unit.
            unit_id: String,
            /// Date.
            occurred_on: NaiveDate,
            /// `fall`, `bedsore`, `injury`, `other`.
            kind: String,
        }
        optional {
            /// Pseudonymous id of the person concerned.
            recipient_id: String,
        }
    }
}

record! {
    /// A repeated social diagnosis (table `diagnostics`).
    Diagnosis => Diagnostics {
        required {
            /// Id, unique.
            diagnosis_id: String,
            /// Unit.
            unit_id: String,
            /// Pseudonymous recipient id.
            recipient_id: String,
            /// Entry diagnosis.
            first_on: NaiveDate,
            /// Repeated diagnosis.
            repeat_on: NaiveDate,
            /// Score at entry.
            score_before: i64,
            /// Score at repeat.
            score_after: i64,
        }
        optional {}
    }
}

/// One respondent's questionnaire (table `surveys`): fixed fields plus one
/// answer per questionnaire item.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyResponse {
    /// Questionnaire id, unique.
    pub respondent_id: String,
    /// Unit the answers are about.
    pub unit_id: String,
    /// Date of the answers.
    pub answered_on: NaiveDate,
    /// Who answered (`recipient`, `relative`, ...).
    #[serde(default)]
    pub respondent_kind: Option<String>,
    /// How it was filled (`paper`, `online`, ...).
    #[serde(default)]
    pub channel: Option<String>,
    /// Answers by item id (`comfort` -> `yes`).
    #[serde(default)]
    pub answers: BTreeMap<String, String>,
}

impl Record for SurveyResponse {
    const TABLE: TableKind = TableKind::Surveys;
    fn cells(&self) -> (Vec<&str>, Vec<Cell<'_>>) {
        let mut names = vec![
            "respondent_id",
            "unit_id",
            "answered_on",
            "respondent_kind",
            "channel",
        ];
        let mut cells = vec![
            Cell::Text(&self.respondent_id),
            Cell::Text(&self.unit_id),
            Cell::Date(self.answered_on),
            self.respondent_kind.as_deref().into(),
            self.channel.as_deref().into(),
        ];
        for (item, answer) in &self.answers {
            names.push(item);
            cells.push(Cell::Text(answer));
        }
        (names, cells)
    }
}

record! {
    /// The volumes of the state assignment of a unit, service and month
    /// (table `assignments`).
    Assignment => Assignments {
        required {
            /// Unit.
            unit_id: String,
            /// Process id (the service).
            process: String,
            /// Any date of the month.
            month: NaiveDate,
            /// Volume assigned.
            assigned: i64,
            /// Volume provided.
            provided: i64,
        }
        optional {}
    }
}

record! {
    /// Staff positions of a unit in a month (table `staff`).
    Staff => Staff {
        required {
            /// Unit.
            unit_id: String,
            /// Any date of the month.
            month: NaiveDate,
            /// Positions providing social services.
            positions: i64,
            /// Of which filled.
            filled: i64,
        }
        optional {
            /// Employees trained in the last three years.
            trained: i64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_records_name_every_schema_column() {
        fn check<R: Record>(r: &R) {
            let (names, cells) = r.cells();
            assert_eq!(names.len(), cells.len());
            for n in names {
                assert!(R::TABLE.columns().iter().any(|c| c.name == n), "{n}");
            }
        }
        let d = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        check(&Case::new("c", "p", "u", "r", d));
        check(&Complaint::new("c", "u", d));
        check(&Audit::new("a", "u", d));
        check(&Occupancy::new("u", "p", d, 1, 1));
        check(&Delivery::new("x", "p", "u", "r", d, 1, 1));
        check(&Incident::new("i", "u", d, "fall"));
        check(&Diagnosis::new("d", "u", "r", d, d, 1, 2));
        assert_eq!(
            Case::new("c", "p", "u", "r", d).cells().0.len(),
            TableKind::Cases.columns().len()
        );
    }
}
