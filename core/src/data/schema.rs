//! The tables an evaluation reads and their columns.
//!
//! This is the contract with the host system: `rules/README.md` documents
//! every table and column listed here, and the readers accept exactly these
//! names (the survey table also accepts one column per questionnaire item).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// The record tables of a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TableKind {
    /// Service cases of the ten processes: one row per application / service episode.
    Cases,
    /// Volumes of continuing services: planned and delivered per recipient and month.
    Deliveries,
    /// Questionnaire answers: one row per respondent.
    Surveys,
    /// Complaints: received, registered, answered, justified.
    Complaints,
    /// Internal QMS audits: planned and held, with findings.
    Audits,
    /// Bed capacity and use of residential and shelter units, one row per unit and month.
    Occupancy,
    /// Incidents in residential care (falls, bedsores, injuries).
    Incidents,
    /// Repeated social diagnosis of rehabilitation recipients.
    Diagnostics,
    /// The state assignment (госзадание): volumes assigned and provided per
    /// unit, service and month.
    Assignments,
    /// Staff positions, filled and trained, per unit and month.
    Staff,
}

impl TableKind {
    /// Every table, in a fixed order.
    pub const ALL: [TableKind; 10] = [
        TableKind::Cases,
        TableKind::Deliveries,
        TableKind::Surveys,
        TableKind::Complaints,
        TableKind::Audits,
        TableKind::Occupancy,
        TableKind::Incidents,
        TableKind::Diagnostics,
        TableKind::Assignments,
        TableKind::Staff,
    ];

    /// The table's name in files and rules.
    pub fn name(self) -> &'static str {
        match self {
            TableKind::Cases => "cases",
            TableKind::Deliveries => "deliveries",
            TableKind::Surveys => "surveys",
            TableKind::Complaints => "complaints",
            TableKind::Audits => "audits",
            TableKind::Occupancy => "occupancy",
            TableKind::Incidents => "incidents",
            TableKind::Diagnostics => "diagnostics",
            TableKind::Assignments => "assignments",
            TableKind::Staff => "staff",
        }
    }

    /// Position in [`TableKind::ALL`].
    pub fn index(self) -> usize {
        self as usize
    }

    /// The fixed columns.
    pub fn columns(self) -> &'static [ColumnDef] {
        match self {
            TableKind::Cases => CASES,
            TableKind::Deliveries => DELIVERIES,
            TableKind::Surveys => SURVEYS,
            TableKind::Complaints => COMPLAINTS,
            TableKind::Audits => AUDITS,
            TableKind::Occupancy => OCCUPANCY,
            TableKind::Incidents => INCIDENTS,
            TableKind::Diagnostics => DIAGNOSTICS,
            TableKind::Assignments => ASSIGNMENTS,
            TableKind::Staff => STAFF,
        }
    }

    /// The type of column `name`: a fixed column's own, else a code (the
    /// questionnaire items of the survey table are codes).
    pub fn column_type(self, name: &str) -> ColumnType {
        self.columns()
            .iter()
            .find(|c| c.name == name)
            .map_or(ColumnType::Code, |c| c.ty)
    }

    /// Whether columns beyond the fixed ones are accepted (questionnaire items).
    pub fn accepts_extra_columns(self) -> bool {
        self == TableKind::Surveys
    }

    /// The column that places a record in a period when a rule does not say.
    pub fn default_date(self) -> &'static str {
        match self {
            TableKind::Cases => "applied_on",
            TableKind::Deliveries => "month",
            TableKind::Surveys => "answered_on",
            TableKind::Complaints => "received_on",
            TableKind::Audits => "planned_on",
            TableKind::Occupancy => "month",
            TableKind::Incidents => "occurred_on",
            TableKind::Diagnostics => "repeat_on",
            TableKind::Assignments => "month",
            TableKind::Staff => "month",
        }
    }

    /// Checks across fields of one record, and uniqueness over the table.
    pub(crate) fn checks(self) -> &'static [Check] {
        match self {
            TableKind::Cases => &[
                Check::Unique(&["case_id"]),
                Check::NotBefore {
                    later: "decided_on",
                    earlier: "applied_on",
                },
                Check::NotBefore {
                    later: "recognised_on",
                    earlier: "applied_on",
                },
                Check::NotBefore {
                    later: "started_on",
                    earlier: "applied_on",
                },
                Check::NotBefore {
                    later: "ended_on",
                    earlier: "started_on",
                },
                Check::NotAbove {
                    part: "delivered_on_time",
                    whole: "delivered",
                },
            ],
            TableKind::Deliveries => &[
                Check::Unique(&["delivery_id"]),
                Check::NotAbove {
                    part: "delivered_on_time",
                    whole: "delivered",
                },
            ],
            TableKind::Surveys => &[Check::Unique(&["respondent_id"])],
            TableKind::Complaints => &[
                Check::Unique(&["complaint_id"]),
                Check::NotBefore {
                    later: "registered_on",
                    earlier: "received_on",
                },
                Check::NotBefore {
                    later: "answered_on",
                    earlier: "received_on",
                },
                Check::NotBefore {
                    later: "extended_on",
                    earlier: "received_on",
                },
            ],
            TableKind::Audits => &[
                Check::Unique(&["audit_id"]),
                Check::NotAbove {
                    part: "major_findings",
                    whole: "findings",
                },
            ],
            TableKind::Occupancy => &[Check::Unique(&["unit_id", "month"])],
            TableKind::Incidents => &[Check::Unique(&["incident_id"])],
            TableKind::Diagnostics => &[
                Check::Unique(&["diagnosis_id"]),
                Check::NotBefore {
                    later: "repeat_on",
                    earlier: "first_on",
                },
            ],
            TableKind::Assignments => &[Check::Unique(&["unit_id", "process", "month"])],
            TableKind::Staff => &[
                Check::Unique(&["unit_id", "month"]),
                Check::NotAbove {
                    part: "filled",
                    whole: "positions",
                },
                Check::NotAbove {
                    part: "trained",
                    whole: "filled",
                },
            ],
        }
    }
}

impl fmt::Display for TableKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for TableKind {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        TableKind::ALL
            .into_iter()
            .find(|t| t.name() == s)
            .ok_or_else(|| {
                let names: Vec<_> = TableKind::ALL.iter().map(|t| t.name()).collect();
                format!("unknown table `{s}`; the tables are {}", names.join(", "))
            })
    }
}

/// What a column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ColumnType {
    /// A record id, unique in its table (kept as text).
    Id,
    /// A short code (`granted`, `home_care`, `yes`), compared as text.
    Code,
    /// A calendar date, `YYYY-MM-DD` (also `DD.MM.YYYY`).
    Date,
    /// A month, given as any date in it (stored as its first day).
    Month,
    /// A whole number that cannot be negative (a count or volume).
    Count,
    /// `true` / `false` (also `1`/`0`, `yes`/`no`, `да`/`нет`).
    Flag,
    /// A structural unit id, which must be in the organisation tree.
    Unit,
    /// A pseudonymous recipient id (personal: never echoed in messages).
    Recipient,
}

impl ColumnType {
    /// The type's name in messages and docs.
    pub fn name(self) -> &'static str {
        match self {
            ColumnType::Id => "id",
            ColumnType::Code => "code",
            ColumnType::Date => "date",
            ColumnType::Month => "month",
            ColumnType::Count => "count",
            ColumnType::Flag => "flag",
            ColumnType::Unit => "unit id",
            ColumnType::Recipient => "recipient id",
        }
    }
}

/// One column of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ColumnDef {
    /// Column name.
    pub name: &'static str,
    /// What it holds.
    pub ty: ColumnType,
    /// Whether every record must have it.
    pub required: bool,
    /// Whether it identifies a person; its values never appear in messages.
    pub personal: bool,
    /// The only values accepted, for closed code lists (empty: any code).
    pub values: &'static [&'static str],
    /// What it means.
    pub doc: &'static str,
}

const fn col(name: &'static str, ty: ColumnType, required: bool, doc: &'static str) -> ColumnDef {
    ColumnDef {
        name,
        ty,
        required,
        personal: matches!(ty, ColumnType::Recipient),
        values: &[],
        doc,
    }
}

const fn codes(
    name: &'static str,
    required: bool,
    values: &'static [&'static str],
    doc: &'static str,
) -> ColumnDef {
    ColumnDef {
        name,
        ty: ColumnType::Code,
        required,
        personal: false,
        values,
        doc,
    }
}

use ColumnType::{Code, Count, Date, Flag, Id, Month, Recipient, Unit};

const CASES: &[ColumnDef] = &[
    col("case_id", Id, true, "Case id, unique in the table."),
    col(
        "process",
        Code,
        true,
        "Process id from the rule package (`home_care`, ...).",
    ),
    col(
        "unit_id",
        Unit,
        true,
        "Structural unit that handles the case.",
    ),
    col(
        "recipient_id",
        Recipient,
        true,
        "Pseudonymous recipient id.",
    ),
    col(
        "applied_on",
        Date,
        true,
        "Date of the application or request.",
    ),
    col(
        "recognised_on",
        Date,
        false,
        "Date of the decision recognising the applicant as needing social services (442-ФЗ art. 15).",
    ),
    col(
        "decided_on",
        Date,
        false,
        "Date of the decision (recognition, ИППСУ, grant or refusal).",
    ),
    codes(
        "decision",
        false,
        &["granted", "refused", "pending"],
        "Decision: granted, refused or pending.",
    ),
    col(
        "refusal_reason",
        Code,
        false,
        "Why it was refused (`no_stock`, `not_eligible`, ...).",
    ),
    col(
        "started_on",
        Date,
        false,
        "Date the service started (or was paid, issued, performed).",
    ),
    col(
        "ended_on",
        Date,
        false,
        "Date the service ended (discharge, return, end of course).",
    ),
    col(
        "due_on",
        Date,
        false,
        "Date something was due (booked ride, loan return, planned end).",
    ),
    col(
        "planned",
        Count,
        false,
        "Planned volume in the period (services per ИППСУ, visits, rides).",
    ),
    col("delivered", Count, false, "Volume actually delivered."),
    col(
        "delivered_on_time",
        Count,
        false,
        "Part of `delivered` given fully and on time.",
    ),
    col(
        "outcome",
        Code,
        false,
        "Result (`improved`, `completed`, `stable_housing`, ...).",
    ),
    col(
        "category",
        Code,
        false,
        "Recipient or case category (`palliative`, `minor`, ...).",
    ),
    col(
        "repeat",
        Flag,
        false,
        "A repeated request on the same problem within 30 days.",
    ),
];

const DELIVERIES: &[ColumnDef] = &[
    col("delivery_id", Id, true, "Row id, unique in the table."),
    col(
        "process",
        Code,
        true,
        "Process id (`home_care`, `day_care`, ...).",
    ),
    col("unit_id", Unit, true, "Structural unit that delivers."),
    col(
        "recipient_id",
        Recipient,
        true,
        "Pseudonymous recipient id.",
    ),
    col("month", Month, true, "The month, as any date in it."),
    col(
        "planned",
        Count,
        true,
        "Services (or visits) planned for the month by the individual programme.",
    ),
    col("delivered", Count, true, "Services actually delivered."),
    col(
        "delivered_on_time",
        Count,
        false,
        "Part of `delivered` given fully and on time.",
    ),
];

const SURVEYS: &[ColumnDef] = &[
    col(
        "respondent_id",
        Id,
        true,
        "Questionnaire id, unique in the table.",
    ),
    col(
        "unit_id",
        Unit,
        true,
        "Structural unit the answers are about.",
    ),
    col("answered_on", Date, true, "Date of the answers."),
    codes(
        "respondent_kind",
        false,
        &["recipient", "relative", "expert", "volunteer", "staff"],
        "Who answered.",
    ),
    codes(
        "channel",
        false,
        &["paper", "interview", "phone", "online"],
        "How the questionnaire was filled.",
    ),
];

const COMPLAINTS: &[ColumnDef] = &[
    col(
        "complaint_id",
        Id,
        true,
        "Complaint id, unique in the table.",
    ),
    col("unit_id", Unit, true, "Structural unit complained about."),
    col("process", Code, false, "Process concerned, if known."),
    col(
        "recipient_id",
        Recipient,
        false,
        "Pseudonymous id of the complainant, if a recipient.",
    ),
    col("received_on", Date, true, "Date received."),
    col(
        "registered_on",
        Date,
        false,
        "Date registered (59-ФЗ art. 8 part 3: within 3 days of receipt).",
    ),
    col(
        "extended_on",
        Date,
        false,
        "Date the complainant was notified that the term was extended by 30 days (59-ФЗ art. 12 part 2).",
    ),
    col("answered_on", Date, false, "Date answered."),
    col("justified", Flag, false, "Found justified."),
    col(
        "acted_on",
        Flag,
        false,
        "Measures were taken to restore the rights concerned (59-ФЗ art. 10 part 1).",
    ),
];

const AUDITS: &[ColumnDef] = &[
    col("audit_id", Id, true, "Audit id, unique in the table."),
    col("unit_id", Unit, true, "Structural unit audited."),
    col("planned_on", Date, true, "Date in the audit plan."),
    col("held_on", Date, false, "Date actually held."),
    col("findings", Count, false, "Nonconformities found."),
    col("major_findings", Count, false, "Of which major."),
];

const OCCUPANCY: &[ColumnDef] = &[
    col("unit_id", Unit, true, "Residential or shelter unit."),
    col(
        "process",
        Code,
        true,
        "`residential_care` or `temporary_shelter`.",
    ),
    col(
        "month",
        Month,
        true,
        "The month reported, as any date in it (`2026-07-01`).",
    ),
    col("places", Count, false, "Places (beds) in the unit."),
    col(
        "bed_days_available",
        Count,
        true,
        "Bed-days available in the month.",
    ),
    col("bed_days_used", Count, true, "Bed-days used in the month."),
    col(
        "residents",
        Count,
        false,
        "Residents at the end of the month.",
    ),
];

const INCIDENTS: &[ColumnDef] = &[
    col("incident_id", Id, true, "Incident id, unique in the table."),
    col("unit_id", Unit, true, "Unit where it happened."),
    col("occurred_on", Date, true, "Date it happened."),
    col(
        "kind",
        Code,
        true,
        "Kind: `fall`, `bedsore`, `injury`, `other`.",
    ),
    col(
        "recipient_id",
        Recipient,
        false,
        "Pseudonymous id of the person concerned.",
    ),
];

const DIAGNOSTICS: &[ColumnDef] = &[
    col("diagnosis_id", Id, true, "Id, unique in the table."),
    col("unit_id", Unit, true, "Rehabilitation unit."),
    col(
        "recipient_id",
        Recipient,
        true,
        "Pseudonymous recipient id.",
    ),
    col(
        "first_on",
        Date,
        true,
        "Date of the first (entry) diagnosis.",
    ),
    col("repeat_on", Date, true, "Date of the repeated diagnosis."),
    col(
        "score_before",
        Count,
        true,
        "Rehabilitation potential score at entry.",
    ),
    col(
        "score_after",
        Count,
        true,
        "Score at the repeated diagnosis.",
    ),
];

const ASSIGNMENTS: &[ColumnDef] = &[
    col(
        "unit_id",
        Unit,
        true,
        "Unit that provides the service (an organisation's assignment split as its plan does).",
    ),
    col(
        "process",
        Code,
        true,
        "Process id: the service of the assignment.",
    ),
    col("month", Month, true, "The month, as any date in it."),
    col(
        "assigned",
        Count,
        true,
        "Volume the state assignment sets for the month, in the service's unit of volume.",
    ),
    col(
        "provided",
        Count,
        true,
        "Volume actually provided in the month (the execution report), in the same unit.",
    ),
];

const STAFF: &[ColumnDef] = &[
    col("unit_id", Unit, true, "Structural unit."),
    col(
        "month",
        Month,
        true,
        "The month reported, as any date in it.",
    ),
    col(
        "positions",
        Count,
        true,
        "Positions of the staff list that provide social services, at the end of the month.",
    ),
    col("filled", Count, true, "Of which filled."),
    col(
        "trained",
        Count,
        false,
        "Employees on filled positions who completed advanced training (повышение квалификации) in the last three years.",
    ),
];

/// A rule over one record or over the whole table.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Check {
    /// These columns together identify a record.
    Unique(&'static [&'static str]),
    /// `later` may not be before `earlier` (when both are given).
    NotBefore {
        later: &'static str,
        earlier: &'static str,
    },
    /// `part` may not exceed `whole` (when both are given).
    NotAbove {
        part: &'static str,
        whole: &'static str,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_check_names_real_columns() {
        for t in TableKind::ALL {
            let has = |c: &str| t.columns().iter().any(|d| d.name == c);
            assert!(has(t.default_date()), "{t}");
            for check in t.checks() {
                match *check {
                    Check::Unique(cols) => assert!(cols.iter().all(|c| has(c))),
                    Check::NotBefore { later, earlier } => assert!(has(later) && has(earlier)),
                    Check::NotAbove { part, whole } => assert!(has(part) && has(whole)),
                }
            }
        }
    }

    #[test]
    fn table_names_round_trip() {
        for t in TableKind::ALL {
            assert_eq!(t.name().parse::<TableKind>(), Ok(t));
            assert_eq!(TableKind::ALL[t.index()], t);
        }
        assert!("case".parse::<TableKind>().is_err());
    }
}
