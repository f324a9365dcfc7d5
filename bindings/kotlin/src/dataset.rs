//! `Dataset` (a validated region: the organisation tree and the record
//! tables) and `DatasetBuilder` (rows from a host's own database).

use std::path::Path;
use std::sync::{Arc, Mutex};

use etalon::TableKind;

use crate::error::{EtalonError, guard};
use crate::types::{Level, int};

/// The organisation tree and the record tables of a region, validated.
/// Immutable; one dataset can be evaluated for many periods, from many
/// threads.
#[derive(Debug, uniffi::Object)]
pub struct Dataset {
    pub(crate) inner: etalon::Dataset,
}

fn table_of(name: &str) -> Result<TableKind, EtalonError> {
    name.trim()
        .parse()
        .map_err(|message: String| EtalonError::argument("table", message))
}

#[uniffi::export]
impl Dataset {
    /// Reads a data folder: `units.csv` (the tree) and one file per table
    /// (`cases.csv`, `complaints.json`, ...), each as CSV or JSON.
    #[uniffi::constructor]
    pub fn from_dir(path: String) -> Result<Arc<Self>, EtalonError> {
        guard(|| {
            let inner = etalon::io::load_dataset(Path::new(&path))?;
            Ok(Arc::new(Dataset { inner }))
        })
    }

    /// The region's id.
    pub fn region_id(&self) -> String {
        self.inner.tree().region().id.clone()
    }

    /// The region's name.
    pub fn region_name(&self) -> String {
        self.inner.tree().region().name.clone()
    }

    /// Number of entities at `level`.
    pub fn entity_count(&self, level: Level) -> i64 {
        int(self.inner.tree().count(level) as u64)
    }

    /// Number of records in `table` (`cases`, `deliveries`, `surveys`,
    /// `complaints`, `audits`, `occupancy`, `incidents`, `diagnostics`).
    pub fn record_count(&self, table: String) -> Result<i64, EtalonError> {
        guard(|| Ok(int(self.inner.len(table_of(&table)?) as u64)))
    }

    /// Number of records in all tables.
    pub fn total_records(&self) -> i64 {
        int(self.inner.total_records() as u64)
    }
}

/// A group of organisations (territorial administration).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TreeGroup {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
}

/// An organisation (institution) of a group.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TreeOrg {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its group's id.
    pub group_id: String,
    /// Its type (`residential`, `non_residential`, `family_children`...),
    /// which selects reference values scoped by type.
    pub org_type: String,
}

/// A structural unit (department) of an organisation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct TreeUnit {
    /// Id.
    pub id: String,
    /// Name.
    pub name: String,
    /// Its organisation's id.
    pub org_id: String,
    /// The processes it runs (`home_care`, ...).
    pub processes: Vec<String>,
}

/// The organisation tree of a region, as a host lists it.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrgTree {
    /// The region's id.
    pub region_id: String,
    /// The region's name.
    pub region_name: String,
    /// Groups.
    pub groups: Vec<TreeGroup>,
    /// Organisations; each names a group listed above.
    pub orgs: Vec<TreeOrg>,
    /// Units; each names an organisation listed above.
    pub units: Vec<TreeUnit>,
}

impl OrgTree {
    fn to_rust(&self) -> Result<etalon::OrgTree, EtalonError> {
        let mut b = etalon::OrgTree::builder(&self.region_id, &self.region_name);
        for g in &self.groups {
            b.group(&g.id, &g.name)?;
        }
        for o in &self.orgs {
            b.org(&o.id, &o.name, &o.group_id, &o.org_type)?;
        }
        for u in &self.units {
            b.unit(
                &u.id,
                &u.name,
                &u.org_id,
                u.processes.iter().map(String::as_str),
            )?;
        }
        Ok(b.build()?)
    }
}

/// One input value, checked against its column's type when added.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Enum)]
pub enum Cell {
    /// No value.
    Null,
    /// Text, read according to the column: a code, an id, a date
    /// (`2026-07-01` or `01.07.2026`), a number, a flag (an empty text is
    /// no value).
    Text {
        /// The text.
        value: String,
    },
    /// A whole number.
    Integer {
        /// The number.
        value: i64,
    },
    /// A flag.
    Flag {
        /// The flag.
        value: bool,
    },
}

impl Cell {
    fn as_rust(&self) -> etalon::Cell<'_> {
        match self {
            Cell::Null => etalon::Cell::Null,
            Cell::Text { value } => etalon::Cell::Text(value),
            Cell::Integer { value } => etalon::Cell::Int(*value),
            Cell::Flag { value } => etalon::Cell::Bool(*value),
        }
    }
}

/// Builds a dataset row by row, checking each row as it comes: rows of one
/// table arrive in the order of a header of column names, as in a file.
///
/// A row that breaks a rule is refused with an `EtalonException.Data`
/// naming table, row (counted per table from 1 over every call) and field;
/// the rows before it stay added. After `finish` the builder is spent.
/// After an internal error (a defect caught at the boundary) in the middle
/// of a call, its rows may be half added: every later call is refused with
/// `EtalonException.Internal` (`E-INTERNAL`) instead of going on with them,
/// and never waits.
#[derive(Debug, uniffi::Object)]
pub struct DatasetBuilder {
    inner: Mutex<Option<etalon::DatasetBuilder>>,
}

impl DatasetBuilder {
    fn with<T>(
        &self,
        f: impl FnOnce(&mut etalon::DatasetBuilder) -> Result<T, EtalonError>,
    ) -> Result<T, EtalonError> {
        let mut slot = self.inner.lock().map_err(|_| poisoned())?;
        match slot.as_mut() {
            Some(builder) => f(builder),
            None => Err(spent()),
        }
    }
}

/// A builder whose lock a panic poisoned: refused, never waited on.
fn poisoned() -> EtalonError {
    EtalonError::internal("the builder is unusable after an earlier internal error")
}

fn spent() -> EtalonError {
    EtalonError::argument(
        "builder",
        "the dataset was already finished; start a new builder",
    )
}

#[uniffi::export]
impl DatasetBuilder {
    /// Starts an empty dataset over `tree` (refused when an id is listed
    /// twice or a parent is not in the tree).
    #[uniffi::constructor]
    pub fn new(tree: OrgTree) -> Result<Arc<Self>, EtalonError> {
        guard(|| {
            let tree = tree.to_rust()?;
            Ok(Arc::new(DatasetBuilder {
                inner: Mutex::new(Some(etalon::DatasetBuilder::new(tree))),
            }))
        })
    }

    /// Adds rows of `table` given as text, cells in the order of `columns`;
    /// a null or empty cell is a missing value. Unknown columns and missing
    /// required ones are refused before any row.
    pub fn add_rows(
        &self,
        table: String,
        columns: Vec<String>,
        rows: Vec<Vec<Option<String>>>,
    ) -> Result<(), EtalonError> {
        guard(|| {
            let table = table_of(&table)?;
            self.with(|b| {
                let mut writer = b.writer(table, &columns)?;
                let mut cells = Vec::with_capacity(columns.len());
                for row in &rows {
                    cells.clear();
                    cells.extend(row.iter().map(|c| etalon::Cell::from(c.as_deref())));
                    writer.push(&cells)?;
                }
                Ok(())
            })
        })
    }

    /// Adds rows of `table` given as typed cells, in the order of `columns`.
    pub fn add_cells(
        &self,
        table: String,
        columns: Vec<String>,
        rows: Vec<Vec<Cell>>,
    ) -> Result<(), EtalonError> {
        guard(|| {
            let table = table_of(&table)?;
            self.with(|b| {
                let mut writer = b.writer(table, &columns)?;
                let mut cells = Vec::with_capacity(columns.len());
                for row in &rows {
                    cells.clear();
                    cells.extend(row.iter().map(Cell::as_rust));
                    writer.push(&cells)?;
                }
                Ok(())
            })
        })
    }

    /// Checks what needs whole tables (unique ids) and returns the dataset.
    pub fn finish(&self) -> Result<Arc<Dataset>, EtalonError> {
        guard(|| {
            let builder = {
                let mut slot = self.inner.lock().map_err(|_| poisoned())?;
                slot.take().ok_or_else(spent)?
            };
            Ok(Arc::new(Dataset {
                inner: builder.finish()?,
            }))
        })
    }
}

#[cfg(test)]
mod tests {
    use etalon::error::Envelope;

    use super::*;

    fn tree() -> OrgTree {
        OrgTree {
            region_id: "R".into(),
            region_name: "Region".into(),
            groups: vec![TreeGroup {
                id: "G".into(),
                name: "Group".into(),
            }],
            orgs: vec![TreeOrg {
                id: "O".into(),
                name: "Centre".into(),
                group_id: "G".into(),
                org_type: "non_residential".into(),
            }],
            units: vec![TreeUnit {
                id: "U".into(),
                name: "Unit".into(),
                org_id: "O".into(),
                processes: vec!["material_aid".into()],
            }],
        }
    }

    #[test]
    fn a_builder_whose_lock_a_panic_poisoned_refuses_every_call_with_an_internal_error() {
        crate::language::english();
        let builder = DatasetBuilder::new(tree()).unwrap();
        let held = Arc::clone(&builder);
        let crashed = std::thread::spawn(move || {
            let _slot = held.inner.lock();
            panic!("a defect while rows were being added");
        })
        .join();
        assert!(crashed.is_err());
        let e = builder
            .add_rows("cases".into(), vec!["case_id".into()], vec![])
            .unwrap_err();
        assert!(matches!(e, EtalonError::Internal { .. }), "{e:?}");
        assert_eq!(e.code(), "E-INTERNAL");
        assert_eq!(
            e.to_string(),
            Envelope::internal("the builder is unusable after an earlier internal error").message
        );
        let e = builder.finish().unwrap_err();
        assert_eq!(e.code(), "E-INTERNAL");
    }
}
