//! The data an evaluation reads: the organisation tree and the record tables
//! of a region, validated once when the [`Dataset`] is built.
//!
//! Tables are stored by column (dates as day numbers, codes and recipient ids
//! interned), so that the measure pass reads a few dense arrays per record.

mod columns;
mod dataset;
mod error;
mod interner;
mod lines;
mod prepared;
mod read_back;
mod records;
pub(crate) mod schema;
mod source;
mod table;
mod tree;
mod whole;

pub use columns::{Bits, ColumnInput, ColumnValues, ColumnWriter, Keys, Texts};
pub use dataset::{Dataset, DatasetBuilder, RowWriter};
pub use error::DataError;
pub(crate) use interner::Interner;
pub use lines::LineTracker;
pub use prepared::PreparedColumn;
pub use read_back::Value;
pub use records::{
    Assignment, Audit, Case, Cell, Complaint, Delivery, Diagnosis, Incident, Occupancy, Record,
    Staff, SurveyResponse,
};
pub use schema::{ColumnDef, ColumnType, TableKind};
pub use source::{Source, Sources};
pub(crate) use table::{Column, NULL_CODE, NULL_DATE, NULL_FLAG, NULL_INT, Table};
pub use tree::{EntityRef, Group, Level, OrgTree, OrgTreeBuilder, Organisation, Region, Unit};
pub use whole::{FinishedTable, WholeTable};
