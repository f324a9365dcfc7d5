//! # etalon-core
//!
//! The pure engine of etalon: it compiles a rule package, reads a validated
//! dataset of a region, and computes indicators, deviations, responsibility,
//! the deviation journal and scores. It does no file or network I/O: callers
//! hand it package files and records in memory.

#![warn(missing_docs)]

pub mod data;
pub mod diagnostics;
pub mod package;
mod parallel;
pub mod rounding;
pub mod time;

pub use data::{
    Assignment, Audit, Case, Cell, ColumnDef, ColumnInput, ColumnType, ColumnValues, ColumnWriter,
    Complaint, DataError, Dataset, DatasetBuilder, Delivery, Diagnosis, EntityRef, Incident, Level,
    LineTracker, Occupancy, OrgTree, OrgTreeBuilder, Record, RowWriter, Source, Sources, Staff,
    SurveyResponse, TableKind,
};
pub use diagnostics::{CODES, Diagnostic, Diagnostics, Location, Message, Severity, Text};
pub use package::PackageFiles;
pub use time::{
    CalendarNote, CalendarYear, Day, DayMove, Decree, Period, PeriodError, PeriodKind,
    RegionalDays, WorkCalendar, YearDays,
};
pub mod evaluate;
pub mod filter;
pub mod journal;
pub mod methodology;
pub mod responsibility;
pub mod scoring;
pub mod script;

pub use evaluate::{
    Action, AppliedReference, Assurance, AssuranceClass, Cancel, Deviation, DeviationRule,
    Evaluation, EvaluationError, EvaluationNote, EvaluationOptions, Funnel, FunnelPosition,
    IndicatorValue, Judgement, MeasureTable, Summary, Totals,
};
pub use journal::{
    EventStore, Journal, JournalError, JournalState, MemoryStore, closed_on_time_by_org,
};
pub use methodology::{Catalogue, CompileOptions, Methodology};
pub use package::{DateBreach, DateRules, Manifest, PackageInfo};
pub use responsibility::Responsibility;
pub use scoring::{NokData, NokError, NokOptions, NokRow, NokScores};
pub use script::{
    CappedLimit, FailureKind, Limit, ScriptError, ScriptFailureCount, ScriptFailures, ScriptLimits,
};
