use std::sync::{Mutex, PoisonError};

use chrono::{Datelike, NaiveDate};

use super::columns::ColumnWriter;
use super::error::CellFault;
use super::records::{Cell, Record};
use super::schema::{Check, ColumnDef, ColumnType, TableKind};
use super::table::{Column, NULL_CODE, NULL_DATE, NULL_FLAG, NULL_INT, Table};
use super::whole::{self, Apart};
use super::{DataError, Interner, OrgTree, Sources};
use crate::parallel::{map_taken, second_core};
use crate::time::Day;

/// The organisation tree and the record tables of a region, validated.
///
/// Built once with a [`DatasetBuilder`]; an evaluation only reads it, so one
/// dataset can be evaluated for many periods and from many threads.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub(crate) tree: OrgTree,
    pub(crate) tables: Vec<Table>,
    pub(crate) codes: Interner,
    pub(crate) recipients: Interner,
    /// The files the tables were read from, if any (see [`Sources`]).
    pub(crate) sources: Sources,
}

impl Dataset {
    /// The organisation tree.
    pub fn tree(&self) -> &OrgTree {
        &self.tree
    }

    /// Whether the host gave `table` (a file, even of a header only, or
    /// records), as against leaving it out.
    pub fn has_table(&self, table: TableKind) -> bool {
        self.tables[table.index()].given
    }

    /// The columns of `table` the host gave (a file's header, the fields
    /// of records), fixed ones first; a column never given is not listed.
    pub fn given_columns(&self, table: TableKind) -> Vec<&str> {
        let t = &self.tables[table.index()];
        t.names
            .iter()
            .zip(&t.present)
            .filter(|(_, given)| **given)
            .map(|(n, _)| n.as_str())
            .collect()
    }

    /// The first and last main date (the column that places a record in a
    /// period by default: `applied_on`, `month`, ...) over the records of
    /// every table; none without records.
    pub fn coverage(&self) -> Option<(NaiveDate, NaiveDate)> {
        let bounds = self.tables.iter().filter_map(|t| {
            let main = t.column_index(t.kind.default_date())?;
            t.date_bounds(main)
        });
        let (lo, hi) = bounds.reduce(|(lo, hi), (l, h)| (lo.min(l), hi.max(h)))?;
        Some((Day(lo).date(), Day(hi).date()))
    }

    /// Number of records of `table` whose main date lies in `from..=to`.
    pub fn records_between(&self, table: TableKind, from: NaiveDate, to: NaiveDate) -> usize {
        let (from, to) = (Day::of(from).0, Day::of(to).0);
        main_dates(self.table(table))
            .iter()
            .filter(|&&d| d != NULL_DATE && from <= d && d <= to)
            .count()
    }

    /// Whether any record of `table` has its main date in `from..=to`
    /// (stops at the first).
    pub(crate) fn any_record_between(
        &self,
        table: TableKind,
        from: NaiveDate,
        to: NaiveDate,
    ) -> bool {
        let (from, to) = (Day::of(from).0, Day::of(to).0);
        main_dates(self.table(table))
            .iter()
            .any(|&d| d != NULL_DATE && from <= d && d <= to)
    }

    /// Whether the host gave `table` as typed records, which name only the
    /// questionnaire items they answer (a file or frame names every one).
    pub(crate) fn is_typed(&self, table: TableKind) -> bool {
        self.tables[table.index()].typed
    }

    /// Number of records in `table`.
    pub fn len(&self, table: TableKind) -> usize {
        self.tables[table.index()].len
    }

    /// Total number of records in all tables.
    pub fn total_records(&self) -> usize {
        self.tables.iter().map(|t| t.len).sum()
    }

    /// Whether no table has any record.
    pub fn is_empty(&self) -> bool {
        self.total_records() == 0
    }

    /// The names of the columns of `table` (fixed ones, then questionnaire items).
    pub fn columns(&self, table: TableKind) -> &[String] {
        &self.tables[table.index()].names
    }

    /// The files the tables were read from, as the reader gave them.
    pub fn sources(&self) -> &Sources {
        &self.sources
    }

    /// The dataset with the files its tables were read from, so that a
    /// problem an evaluation finds names the file and line.
    pub fn with_sources(mut self, sources: Sources) -> Self {
        self.sources = sources;
        self
    }

    pub(crate) fn table(&self, table: TableKind) -> &Table {
        &self.tables[table.index()]
    }

    /// The distinct codes used in column `column` of `table` with the
    /// 1-based number of the first record using each, in first-use order.
    pub(crate) fn codes_used(&self, table: TableKind, column: &str) -> Vec<(&str, u64)> {
        let t = self.table(table);
        let Some(i) = t.column_index(column) else {
            return Vec::new();
        };
        t.codes_used
            .get(i)
            .map(|used| {
                used.iter()
                    .map(|&(code, row)| (self.codes.name(code), row))
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// Builds a [`Dataset`] record by record, checking each as it comes.
///
/// ```
/// use chrono::NaiveDate;
/// use etalon_core::{Case, DatasetBuilder, OrgTree};
///
/// let mut tree = OrgTree::builder("R", "Region");
/// tree.group("G1", "Group").unwrap();
/// tree.org("O1", "Centre", "G1", "non_residential").unwrap();
/// tree.unit("U1", "Home care", "O1", ["home_care"]).unwrap();
/// let mut data = DatasetBuilder::new(tree.build().unwrap());
/// data.add(&Case::new("C1", "home_care", "U1", "P1", NaiveDate::from_ymd_opt(2026, 7, 1).unwrap()))
///     .unwrap();
/// let data = data.finish().unwrap();
/// assert_eq!(data.len(etalon_core::TableKind::Cases), 1);
/// ```
#[derive(Debug, Clone)]
pub struct DatasetBuilder {
    pub(super) dataset: Dataset,
    /// Columns the host declared it carries beside the contract's: read
    /// past, in any table, instead of refused as unknown.
    extra_columns: Vec<String>,
    /// Per table (by [`TableKind::index`]): whether it was taken whole to
    /// be finished apart.
    pub(super) apart: Vec<Apart>,
}

impl DatasetBuilder {
    /// Starts an empty dataset over `tree`.
    pub fn new(tree: OrgTree) -> Self {
        DatasetBuilder {
            dataset: Dataset {
                tree,
                tables: TableKind::ALL.into_iter().map(Table::new).collect(),
                codes: Interner::default(),
                recipients: Interner::default(),
                sources: Sources::default(),
            },
            extra_columns: Vec::new(),
            apart: vec![Apart::Here; TableKind::ALL.len()],
        }
    }

    /// Declares columns the host's tables carry beside the contract's (an
    /// export's own bookkeeping, say): a header naming one of them is
    /// accepted and the column is read past. Any other unknown column is
    /// refused, so a misspelt name never passes for an extra.
    pub fn with_extra_columns<S: AsRef<str>>(mut self, columns: &[S]) -> Self {
        self.extra_columns = columns.iter().map(|c| c.as_ref().to_string()).collect();
        self
    }

    /// The tree the dataset is built over.
    pub fn tree(&self) -> &OrgTree {
        &self.dataset.tree
    }

    /// Adds one typed record.
    pub fn add<R: Record>(&mut self, record: &R) -> Result<(), DataError> {
        self.dataset.tables[R::TABLE.index()].typed = true;
        let (names, cells) = record.cells();
        let mut writer = self.writer(R::TABLE, &names)?;
        writer.push(&cells)
    }

    /// Adds many records of one table. Records that name the same columns
    /// as the one before share its writer, so the header is checked once
    /// per run of records rather than once per record.
    pub fn add_all<'r, R: Record + 'r>(
        &mut self,
        records: impl IntoIterator<Item = &'r R>,
    ) -> Result<(), DataError> {
        // An empty list is a table given without records.
        self.dataset.tables[R::TABLE.index()].given = true;
        self.dataset.tables[R::TABLE.index()].typed = true;
        let mut records = records.into_iter().peekable();
        while let Some(first) = records.next() {
            let (names, cells) = first.cells();
            let mut writer = self.writer(R::TABLE, &names)?;
            writer.push(&cells)?;
            while let Some(&next) = records.peek() {
                let (next_names, next_cells) = next.cells();
                if next_names != names {
                    break;
                }
                writer.push(&next_cells)?;
                records.next();
            }
        }
        Ok(())
    }

    /// A writer of rows of `table` whose cells come in the order of `columns`
    /// (a file's header). Unknown and missing required columns are refused
    /// here, before any row, an unknown one with the closest known name; the
    /// columns the host declared extra ([`DatasetBuilder::with_extra_columns`])
    /// are read past. The survey table takes any plain name as a
    /// questionnaire item: the package's questionnaire checks those when
    /// the data is evaluated.
    pub fn writer<S: AsRef<str>>(
        &mut self,
        table: TableKind,
        columns: &[S],
    ) -> Result<RowWriter<'_>, DataError> {
        if !matches!(self.apart[table.index()], Apart::Here) {
            return Err(whole::taken(table));
        }
        let t = &mut self.dataset.tables[table.index()];
        t.given = true;
        let mut map = Vec::with_capacity(columns.len());
        for name in columns {
            let name = name.as_ref().trim();
            let index = match t.column_index(name) {
                Some(i) => Some(i),
                None if self.extra_columns.iter().any(|c| c == name) => None,
                None if table.accepts_extra_columns() && is_plain_name(name) => {
                    t.names.push(name.to_string());
                    t.types.push(ColumnType::Code);
                    t.columns.push(Column::nulls(ColumnType::Code, t.len));
                    t.present.push(false);
                    Some(t.names.len() - 1)
                }
                None => return Err(unknown_column(table, name)),
            };
            if index.is_some() && map.contains(&index) {
                return Err(
                    DataError::column(table.name(), name, "the column is given twice")
                        .with_text::<&str>("column-twice", &[]),
                );
            }
            map.push(index);
        }
        for def in table.columns().iter().filter(|d| d.required) {
            let present = map.iter().flatten().any(|&i| t.names[i] == def.name);
            if !present {
                return Err(DataError::column(
                    table.name(),
                    def.name,
                    format!(
                        "a required column is missing; the columns given are: {}",
                        given_list(columns)
                    ),
                )
                .with_text("column-missing", &[("given", given_list(columns))]));
            }
        }
        for &i in map.iter().flatten() {
            t.present[i] = true;
        }
        let defs = t
            .names
            .iter()
            .map(|name| table.columns().iter().find(|d| d.name == name.as_str()))
            .collect();
        let checks = table
            .checks()
            .iter()
            .filter_map(|&check| {
                let (first, second) = match check {
                    Check::NotBefore { later, earlier } => (later, earlier),
                    Check::NotAbove { part, whole } => (part, whole),
                    Check::Unique(_) => return None,
                };
                Some(RowCheck {
                    check,
                    first: t.column_index(first)?,
                    second: t.column_index(second)?,
                })
            })
            .collect();
        Ok(RowWriter {
            builder: self,
            table,
            map,
            defs,
            checks,
            rejected: 0,
        })
    }

    /// A writer of `table` taking chunks of records column by column
    /// ([`ColumnWriter::push`]), the columns in the order of `columns`,
    /// which are checked as [`DatasetBuilder::writer`] checks a header.
    pub fn columns<S: AsRef<str>>(
        &mut self,
        table: TableKind,
        columns: &[S],
    ) -> Result<ColumnWriter<'_>, DataError> {
        Ok(ColumnWriter::new(self.writer(table, columns)?))
    }

    /// Checks what needs the whole table (unique ids), orders records for
    /// the measure pass, and returns the dataset. A large table's checks
    /// run beside its reordering when the system has a second core. A
    /// table finished apart ([`DatasetBuilder::take_whole`]) is not
    /// finished again: what finishing it found is returned in its place,
    /// so the problem returned is always the first table's in order.
    pub fn finish(mut self) -> Result<Dataset, DataError> {
        let code_count = self.dataset.codes.len();
        let recipient_count = self.dataset.recipients.len();
        for (table, apart) in self.dataset.tables.iter_mut().zip(&mut self.apart) {
            match std::mem::take(apart) {
                Apart::Here => finish_table(table, code_count, recipient_count)?,
                Apart::Finished(outcome) => outcome?,
                Apart::Taken => return Err(whole::not_given_back(table.kind)),
            }
        }
        Ok(self.dataset)
    }
}

/// The fewest records for which a second thread is worth starting.
pub(super) const SIDE_BY_SIDE_FROM: usize = 1 << 16;

/// Whether a table of `len` records is worth a second thread, and the
/// system has a second core.
fn side_by_side(len: usize) -> bool {
    len >= SIDE_BY_SIDE_FROM && second_core()
}

/// Checks a table's unique values, notes the codes it uses (in input
/// order), then puts the records of one recipient next to each other
/// (stable), so that the measure pass counts distinct recipients without
/// a hash set per record. The checks read the ids and codes; the other
/// columns are reordered meanwhile, then the ones the checks read. For a
/// large table and a second core ([`side_by_side`]) two threads take the
/// checks and the columns in turn; each column is replaced as soon as it
/// is reordered, so at most one copy per thread is held at once.
pub(super) fn finish_table(
    table: &mut Table,
    code_count: usize,
    recipient_count: usize,
) -> Result<(), DataError> {
    let order = table
        .recipients()
        .filter(|r| !r.windows(2).all(|w| w[0] <= w[1]))
        .map(|r| counting_order(r, recipient_count));
    let read: Vec<bool> = (0..table.columns.len())
        .map(|i| matches!(table.columns[i], Column::Code(_)) || unique_reads(table, i))
        .collect();
    let threads = if side_by_side(table.len) { 2 } else { 1 };
    let (kind, len, names) = (table.kind, table.len, &table.names);
    let mut checked = Vec::new();
    let mut moved = Vec::new();
    for (column, &read) in table.columns.iter_mut().zip(&read) {
        if read {
            checked.push(Some(&*column));
        } else {
            checked.push(None);
            moved.push(Mutex::new(column));
        }
    }
    let check = || {
        check_unique(kind, len, names, &checked)?;
        Ok(Table::first_code_uses(&checked, code_count))
    };
    // Item 0 is the checks, the others the columns they do not read.
    let reordered = if order.is_some() { moved.len() } else { 0 };
    let mut outcomes = map_taken("etalon-finish", 1 + reordered, threads, |i| match i {
        0 => Some(check()),
        i => {
            if let Some(order) = &order {
                reorder(&moved[i - 1], order);
            }
            None
        }
    });
    // Item 0 always gives the checks' outcome.
    let used = outcomes.swap_remove(0).unwrap_or_else(|| Ok(Vec::new()));
    table.codes_used = used?;
    if let Some(order) = order {
        let read: Vec<Mutex<&mut Column>> = (table.columns.iter_mut().zip(read))
            .filter(|(_, read)| *read)
            .map(|(column, _)| Mutex::new(column))
            .collect();
        map_taken("etalon-finish", read.len(), threads, |i| {
            reorder(&read[i], &order)
        });
        table.input_rows = order;
    }
    table.date_bounds = table.columns.iter().map(Column::date_bounds).collect();
    Ok(())
}

/// Replaces `column` by its records in `order`.
fn reorder(column: &Mutex<&mut Column>, order: &[u32]) {
    // Each column is one item, taken by one thread: the lock is never
    // contended, nor poisoned (a panic ends the whole finish).
    let mut column = column.lock().unwrap_or_else(PoisonError::into_inner);
    **column = column.permuted(order);
}

/// The main dates of a table's records (required in every table).
fn main_dates(t: &Table) -> &[i32] {
    match t.column(t.kind.default_date()) {
        Some(Column::Date(v)) => v,
        _ => &[],
    }
}

fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
        && !name.starts_with(|c: char| c.is_ascii_digit())
}

fn known_columns(table: TableKind) -> String {
    table
        .columns()
        .iter()
        .map(|d| d.name)
        .collect::<Vec<_>>()
        .join(", ")
}

/// The error for an unknown column: the closest known name when one is
/// near (a typo), and the table's columns.
fn unknown_column(table: TableKind, name: &str) -> DataError {
    let known: Vec<String> = table.columns().iter().map(|d| d.name.to_string()).collect();
    let suggestion = crate::filter::suggest(name, &known);
    let hint = suggestion
        .as_ref()
        .map(|k| format!(" (did you mean `{k}`?)"))
        .unwrap_or_default();
    let message = format!(
        "unknown column{hint}; {} has: {}; a host that carries other columns declares them \
         as extra columns",
        table.name(),
        known_columns(table)
    );
    let error = DataError::column(table.name(), &shown_name(name), message);
    let args = [
        ("table", table.name().to_string()),
        ("known", known_columns(table)),
    ];
    match suggestion {
        Some(k) => error.with_text(
            "unknown-column-hint",
            &[
                args[0].clone(),
                args[1].clone(),
                ("suggestion", k.to_string()),
            ],
        ),
        None => error.with_text("unknown-column", &args),
    }
}

/// The longest column name a message repeats: a header of garbage (a
/// binary file, a whole line read as one name) is cut, not echoed whole.
const SHOWN_NAME_CHARS: usize = 64;

/// `name` as a message shows it: control characters escaped, cut to
/// [`SHOWN_NAME_CHARS`] characters.
pub(crate) fn shown_name(name: &str) -> String {
    let mut out: String = name
        .chars()
        .take(SHOWN_NAME_CHARS)
        .flat_map(char::escape_default)
        .collect();
    let total = name.chars().count();
    if total > SHOWN_NAME_CHARS {
        out.push_str(&format!("… ({total} characters)"));
    }
    out
}

/// The header's columns as a message lists them (each name shown safely).
fn given_list<S: AsRef<str>>(columns: &[S]) -> String {
    if columns.is_empty() {
        return "none".to_string();
    }
    columns
        .iter()
        .map(|c| shown_name(c.as_ref().trim()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Writes rows of one table, cell by cell in the order of its header.
#[derive(Debug)]
pub struct RowWriter<'b> {
    pub(super) builder: &'b mut DatasetBuilder,
    pub(super) table: TableKind,
    /// Per cell of a row: the stored column, or none for a declared extra
    /// column read past.
    pub(super) map: Vec<Option<usize>>,
    /// The schema's definition of each stored column, by its position
    /// (none for the extra columns a table accepts): looked up once here
    /// rather than by name for every cell.
    pub(super) defs: Vec<Option<&'static ColumnDef>>,
    /// The table's row checks with their columns' positions (checks on a
    /// column the table does not store are left out: they never fire).
    pub(super) checks: Vec<RowCheck>,
    /// Rows refused so far: a host that reads on past a bad row still
    /// numbers the next rows as its input does.
    pub(super) rejected: u64,
}

/// A row check of the schema, its columns resolved to positions.
#[derive(Debug, Clone, Copy)]
pub(super) struct RowCheck {
    pub(super) check: Check,
    pub(super) first: usize,
    pub(super) second: usize,
}

/// One converted cell, before it is appended.
#[derive(Debug, Clone, Copy)]
pub(super) enum Slot<'a> {
    Id(&'a str),
    Code(u32),
    Date(i32),
    Count(i64),
    Flag(u8),
    Unit(u32),
    Recipient(u32),
}

impl RowWriter<'_> {
    /// Appends one record. On error nothing is appended, and the row still
    /// counts in the numbers of the rows after it.
    pub fn push(&mut self, cells: &[Cell<'_>]) -> Result<(), DataError> {
        let result = self.append(cells);
        if result.is_err() {
            self.rejected += 1;
        }
        result
    }

    fn append(&mut self, cells: &[Cell<'_>]) -> Result<(), DataError> {
        let table_name = self.table.name();
        let rejected = self.rejected;
        if cells.len() != self.map.len() {
            let row = self.builder.dataset.tables[self.table.index()].len as u64 + rejected + 1;
            let (cells, columns) = (cells.len(), self.map.len());
            return Err(DataError::table(
                table_name,
                format!("row {row} has {cells} cells but the header has {columns} columns"),
            )
            .with_text(
                "cells-count",
                &[
                    ("row", row),
                    ("cells", cells as u64),
                    ("columns", columns as u64),
                ],
            ));
        }
        let dataset = &mut self.builder.dataset;
        let table = &mut dataset.tables[self.table.index()];
        let row = table.len as u64 + rejected + 1;
        let mut slots: Vec<Option<Slot>> = vec![None; table.columns.len()];
        for (cell, index) in cells.iter().zip(&self.map) {
            let Some(index) = *index else { continue };
            let ty = table.types[index];
            let def = self.defs[index];
            let slot = convert(
                *cell,
                ty,
                &dataset.tree,
                &mut dataset.codes,
                &mut dataset.recipients,
            )
            .map_err(|fault| fault.at(table_name, row, &table.names[index]))?;
            if let (Some(def), Some(Slot::Code(code))) = (def, slot) {
                if !def.values.is_empty() && !def.values.contains(&dataset.codes.name(code)) {
                    return Err(not_one_of(table_name, row, def));
                }
            }
            slots[index] = slot;
        }
        for (index, slot) in slots.iter().enumerate() {
            let required = self.defs[index].is_some_and(|d| d.required);
            if required && slot.is_none() {
                return Err(value_missing(table_name, row, &table.names[index]));
            }
        }
        check_row(self.table, &self.checks, &slots, row)?;
        for (column, slot) in table.columns.iter_mut().zip(slots) {
            append(column, slot);
        }
        table.len += 1;
        Ok(())
    }

    /// Appends one record given as text cells (an empty string is a missing value).
    pub fn push_text(&mut self, cells: &[&str]) -> Result<(), DataError> {
        let cells: Vec<Cell> = cells.iter().map(|c| Cell::Text(c)).collect();
        self.push(&cells)
    }
}

/// A cell converted to its column's type, codes and recipient ids not yet
/// numbered: the part of [`convert`] that needs nothing but the tree, so
/// that the column writer can convert each distinct value once.
#[derive(Debug, Clone, Copy)]
pub(super) enum Pure<'a> {
    /// A stored value that needs no interner.
    Slot(Slot<'a>),
    /// A code, to be interned.
    Code(&'a str),
    /// A recipient id given as text, to be interned.
    Recipient(&'a str),
    /// A recipient id given as a whole number, interned as its digits.
    RecipientNumber(i64),
}

/// Numbers a converted cell: codes and recipient ids through their interners.
pub(super) fn intern<'a>(
    pure: Pure<'a>,
    codes: &mut Interner,
    recipients: &mut Interner,
) -> Slot<'a> {
    match pure {
        Pure::Slot(slot) => slot,
        Pure::Code(t) => Slot::Code(codes.intern(t)),
        Pure::Recipient(t) => Slot::Recipient(recipients.intern(t)),
        Pure::RecipientNumber(n) => Slot::Recipient(recipients.intern(&n.to_string())),
    }
}

fn convert<'a>(
    cell: Cell<'a>,
    ty: ColumnType,
    tree: &OrgTree,
    codes: &mut Interner,
    recipients: &mut Interner,
) -> Result<Option<Slot<'a>>, CellFault> {
    Ok(convert_pure(cell, ty, tree)?.map(|pure| intern(pure, codes, recipients)))
}

/// Converts one cell to type `ty` (a missing value is `None`); the error
/// is the message for the cell.
pub(super) fn convert_pure<'a>(
    cell: Cell<'a>,
    ty: ColumnType,
    tree: &OrgTree,
) -> Result<Option<Pure<'a>>, CellFault> {
    let text = match cell {
        Cell::Null => return Ok(None),
        Cell::Text(t) => {
            let t = trimmed(t);
            if t.is_empty() {
                return Ok(None);
            }
            Some(t)
        }
        _ => None,
    };
    let fault = |id, message| CellFault { id, message };
    let wrong = |id, message| Err(fault(id, message));
    let slot = match ty {
        ColumnType::Id => match cell {
            Cell::Text(_) => Slot::Id(text.unwrap_or_default()),
            _ => return wrong("expected-id", "expected an id as text"),
        },
        ColumnType::Code => match text {
            Some(t) => return Ok(Some(Pure::Code(t))),
            None => return wrong("expected-code", "expected a code as text"),
        },
        ColumnType::Date | ColumnType::Month => {
            let date = match (cell, text) {
                (Cell::Date(d), _) => d,
                (_, Some(t)) => parse_date(t).ok_or(fault(
                    "not-a-date",
                    "expected a date such as 2026-07-01 or 01.07.2026",
                ))?,
                _ => return wrong("expected-date", "expected a date"),
            };
            let date = if ty == ColumnType::Month {
                date.with_day(1).unwrap_or(date)
            } else {
                date
            };
            Slot::Date(Day::of(date).0)
        }
        ColumnType::Count => {
            let n = match (cell, text) {
                (Cell::Int(n), _) => n,
                (_, Some(t)) => t
                    .parse::<i64>()
                    .map_err(|_| fault("expected-number", "expected a whole number"))?,
                _ => return wrong("expected-number", "expected a whole number"),
            };
            if n < 0 {
                return wrong("negative-count", "a count cannot be negative");
            }
            if n == NULL_INT {
                return wrong("number-range", "expected a whole number in range");
            }
            Slot::Count(n)
        }
        ColumnType::Flag => {
            let flag = match (cell, text) {
                (Cell::Bool(b), _) => b,
                (Cell::Int(0), _) => false,
                (Cell::Int(1), _) => true,
                (_, Some(t)) => {
                    parse_flag(t).ok_or(fault("expected-flag", "expected true or false"))?
                }
                _ => return wrong("expected-flag", "expected true or false"),
            };
            Slot::Flag(flag as u8)
        }
        ColumnType::Unit => match text {
            Some(t) => {
                let unit = tree.find(crate::Level::Unit, t).ok_or(fault(
                    "unit-not-in-tree",
                    "the unit is not in the organisation tree",
                ))?;
                Slot::Unit(unit as u32)
            }
            None => return wrong("expected-unit", "expected a unit id"),
        },
        ColumnType::Recipient => match (cell, text) {
            (_, Some(t)) => return Ok(Some(Pure::Recipient(t))),
            (Cell::Int(n), _) => return Ok(Some(Pure::RecipientNumber(n))),
            _ => return wrong("expected-recipient", "expected a recipient id"),
        },
    };
    Ok(Some(Pure::Slot(slot)))
}

/// A text cell without the whitespace around it.
pub(super) fn trimmed(t: &str) -> &str {
    // Most cells start and end with an ASCII letter or digit, which is
    // never whitespace: no need to trim them.
    let plain = |b: Option<&u8>| b.is_some_and(u8::is_ascii_alphanumeric);
    if plain(t.as_bytes().first()) && plain(t.as_bytes().last()) {
        t
    } else {
        t.trim()
    }
}

/// A date as a text cell gives it (ISO or Russian day.month.year).
pub(super) fn parse_date(t: &str) -> Option<NaiveDate> {
    // Almost every date is ISO: read its digits directly (chrono's format
    // parser is the largest cost of reading a table otherwise).
    if let Some((year, month, day)) = iso_digits(t) {
        return NaiveDate::from_ymd_opt(year, month as u32, day as u32);
    }
    NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .ok()
}

/// The day ([`Day`]'s number) of a date text, as [`parse_date`] reads it.
/// An ISO date's day is counted from its digits directly (the calendar's
/// checks and conversions cost more than reading the text otherwise).
pub(super) fn parse_day(t: &str) -> Option<i32> {
    match iso_digits(t) {
        Some((year, month, day)) => civil_day(year, month, day),
        None => parse_date(t).map(|d| Day::of(d).0),
    }
}

/// The year, month and day of a text of the form `YYYY-MM-DD` (digits
/// only), as written: not checked against the calendar.
fn iso_digits(t: &str) -> Option<(i32, i32, i32)> {
    let [y0, y1, y2, y3, b'-', m0, m1, b'-', d0, d1] = *t.as_bytes() else {
        return None;
    };
    let digits = [y0, y1, y2, y3, m0, m1, d0, d1];
    if !digits.iter().all(u8::is_ascii_digit) {
        return None;
    }
    let n = |ds: &[u8]| (ds.iter()).fold(0i32, |acc, d| acc * 10 + i32::from(d - b'0'));
    Some((n(&digits[..4]), n(&digits[4..6]), n(&digits[6..])))
}

/// The day of `year`-`month`-`day` (a year of 0 to 9999) counted from
/// 1970-01-01, if the calendar has that date: the proleptic Gregorian
/// calendar counted in eras of 400 years, each of 146 097 days.
fn civil_day(year: i32, month: i32, day: i32) -> Option<i32> {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let length = match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        1..=12 => 31,
        _ => return None,
    };
    if !(1..=length).contains(&day) {
        return None;
    }
    // Years counted from March, so that February's leap day ends one.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let of_era = year.rem_euclid(400);
    let from_march = (month + 9) % 12;
    let of_year = (153 * from_march + 2) / 5 + day - 1;
    let of_era_days = of_era * 365 + of_era / 4 - of_era / 100 + of_year;
    // 719 468: the days from 0000-03-01 to 1970-01-01.
    Some(era * 146_097 + of_era_days - 719_468)
}

/// A flag as a text cell gives it.
pub(super) fn parse_flag(t: &str) -> Option<bool> {
    match t.to_lowercase().as_str() {
        "true" | "1" | "yes" | "y" | "да" => Some(true),
        "false" | "0" | "no" | "n" | "нет" => Some(false),
        _ => None,
    }
}

pub(super) fn append(column: &mut Column, slot: Option<Slot>) {
    match (column, slot) {
        (Column::Id { bytes, ends }, s) => {
            if let Some(Slot::Id(id)) = s {
                bytes.push_str(id);
            }
            ends.push(bytes.len() as u32);
        }
        (Column::Code(v), s) => v.push(match s {
            Some(Slot::Code(c)) => c,
            _ => NULL_CODE,
        }),
        (Column::Unit(v), s) => v.push(match s {
            Some(Slot::Unit(u)) => u,
            _ => NULL_CODE,
        }),
        (Column::Recipient(v), s) => v.push(match s {
            Some(Slot::Recipient(r)) => r,
            _ => NULL_CODE,
        }),
        (Column::Date(v), s) => v.push(match s {
            Some(Slot::Date(d)) => d,
            _ => NULL_DATE,
        }),
        (Column::Count(v), s) => v.push(match s {
            Some(Slot::Count(n)) => n,
            _ => NULL_INT,
        }),
        (Column::Flag(v), s) => v.push(match s {
            Some(Slot::Flag(f)) => f,
            _ => NULL_FLAG,
        }),
    }
}

fn check_row(
    kind: TableKind,
    checks: &[RowCheck],
    slots: &[Option<Slot>],
    row: u64,
) -> Result<(), DataError> {
    for c in checks {
        match (c.check, slots[c.first], slots[c.second]) {
            (Check::NotBefore { later, earlier }, Some(Slot::Date(l)), Some(Slot::Date(e)))
                if l < e =>
            {
                return Err(date_before(kind.name(), row, later, earlier));
            }
            (Check::NotAbove { part, whole }, Some(Slot::Count(p)), Some(Slot::Count(w)))
                if p > w =>
            {
                return Err(more_than(kind.name(), row, part, whole));
            }
            _ => {}
        }
    }
    Ok(())
}

// The refusals of a whole record, one constructor each: the row writer and
// the column writer must say exactly the same.

/// A required value is missing.
pub(super) fn value_missing(table: &str, row: u64, field: &str) -> DataError {
    DataError::at(table, row, field, "a required value is missing")
        .with_text::<&str>("value-missing", &[])
}

/// A code outside its column's values.
pub(super) fn not_one_of(table: &str, row: u64, def: &ColumnDef) -> DataError {
    let values = def.values.join(", ");
    DataError::at(
        table,
        row,
        def.name,
        format!("the value is not one of {values}"),
    )
    .with_text("not-one-of", &[("values", values)])
}

/// A date before the date it may not precede.
pub(super) fn date_before(table: &str, row: u64, later: &str, earlier: &str) -> DataError {
    DataError::at(table, row, later, format!("the date is before {earlier}"))
        .with_text("date-before", &[("earlier", earlier)])
}

/// A count above the count it is part of.
pub(super) fn more_than(table: &str, row: u64, part: &str, whole: &str) -> DataError {
    DataError::at(table, row, part, format!("the value is more than {whole}"))
        .with_text("more-than", &[("whole", whole)])
}

/// A set hashed with keyed aHash, as the interners are
/// (docs/decisions/0005-fast-keyed-hash.md).
type FastSet<T> = std::collections::HashSet<T, ahash::RandomState>;

/// The first record whose id an earlier record has. The ids' keyed
/// hashes are compared first (eight bytes each, not the texts); only when
/// two hashes meet, a repeated id or (rarely) two ids of one hash, are the
/// texts themselves compared.
fn first_repeated_id(ids: &Column, len: usize) -> Option<usize> {
    let state = ahash::RandomState::new();
    let hashes: Vec<u64> = (0..len).map(|r| state.hash_one(ids.id(r))).collect();
    if !any_repeated(hashes, PER_PARTITION) {
        return None;
    }
    let mut seen = FastSet::with_capacity_and_hasher(len, Default::default());
    (0..len).find(|&r| !seen.insert(ids.id(r)))
}

/// Values per partition of [`any_repeated`]: eight bytes each, a partition
/// stays in the core's own cache while it is sorted.
const PER_PARTITION: usize = 4096;

/// Whether a value occurs twice in `values` (keyed hashes, spread evenly
/// over their range). A set of a million hashes is probed at random, a
/// miss of the cache per value; instead the values are scattered by their
/// top bits into partitions of about `per_partition`, each sorted and its
/// neighbours compared.
fn any_repeated(values: Vec<u64>, per_partition: usize) -> bool {
    let bits = (values.len() / per_partition.max(1))
        .max(1)
        .next_power_of_two()
        .trailing_zeros();
    let partition = |v: u64| v.checked_shr(64 - bits).unwrap_or(0) as usize;
    // starts[p] becomes where partition p starts; starts[last] the end.
    let mut starts = vec![0usize; (1 << bits) + 1];
    for &v in &values {
        starts[partition(v) + 1] += 1;
    }
    for p in 1..starts.len() {
        starts[p] += starts[p - 1];
    }
    let mut scattered = vec![0u64; values.len()];
    let mut next = starts.clone();
    for &v in &values {
        let at = &mut next[partition(v)];
        scattered[*at] = v;
        *at += 1;
    }
    drop(values);
    starts.windows(2).any(|w| {
        let part = &mut scattered[w[0]..w[1]];
        part.sort_unstable();
        part.windows(2).any(|pair| pair[0] == pair[1])
    })
}

/// Whether column `index` is read by a check of unique values.
fn unique_reads(table: &Table, index: usize) -> bool {
    table.kind.checks().iter().any(|check| match *check {
        Check::Unique(columns) => columns.contains(&table.names[index].as_str()),
        _ => false,
    })
}

/// Checks the table's unique values; `columns` are its columns by
/// position (none where not to be read).
fn check_unique(
    kind: TableKind,
    len: usize,
    names: &[String],
    columns: &[Option<&Column>],
) -> Result<(), DataError> {
    let column = |name: &str| {
        let at = names.iter().position(|n| n == name)?;
        columns.get(at).copied().flatten()
    };
    for check in kind.checks() {
        let Check::Unique(unique) = *check else {
            continue;
        };
        let Some(first) = column(unique[0]) else {
            continue;
        };
        let column = |i: usize| unique.get(i).and_then(|c| column(c));
        let duplicate = match (first, column(1), column(2)) {
            (Column::Id { .. }, None, None) => first_repeated_id(first, len),
            (Column::Unit(units), Some(Column::Date(dates)), None) => {
                let mut seen = FastSet::with_capacity_and_hasher(len, Default::default());
                (0..len).find(|&r| !seen.insert((units[r], dates[r])))
            }
            (Column::Unit(units), Some(Column::Code(codes)), Some(Column::Date(dates))) => {
                let mut seen = FastSet::with_capacity_and_hasher(len, Default::default());
                (0..len).find(|&r| !seen.insert((units[r], codes[r], dates[r])))
            }
            _ => None,
        };
        if let Some(row) = duplicate {
            return Err(DataError::at(
                kind.name(),
                row as u64 + 1,
                unique[0],
                format!(
                    "duplicate {}: an earlier record has the same",
                    unique.join(" + ")
                ),
            )
            .with_text("duplicate", &[("columns", unique.join(" + "))]));
        }
    }
    Ok(())
}

/// The positions of `keys` in the stable order of their values, each
/// below `count` or [`NULL_CODE`] (placed last).
fn counting_order(keys: &[u32], count: usize) -> Vec<u32> {
    let bucket = |k: u32| if k == NULL_CODE { count } else { k as usize };
    // starts[b + 1] counts bucket b, then becomes where bucket b starts.
    let mut starts = vec![0u32; count + 2];
    for &k in keys {
        starts[bucket(k) + 1] += 1;
    }
    for b in 1..starts.len() {
        starts[b] += starts[b - 1];
    }
    let mut order = vec![0u32; keys.len()];
    for (i, &k) in keys.iter().enumerate() {
        let at = &mut starts[bucket(k)];
        order[*at as usize] = i as u32;
        *at += 1;
    }
    order
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;
    use crate::data::records::Case;
    use proptest::prelude::*;

    proptest! {
        /// The counting sort orders as a stable sort by key does, missing
        /// recipients last.
        #[test]
        fn the_counting_order_is_the_stable_sort_by_key(
            keys in proptest::collection::vec(
                prop_oneof![8 => 0u32..20, 1 => Just(NULL_CODE)], 0..200)
        ) {
            let mut sorted: Vec<u32> = (0..keys.len() as u32).collect();
            sorted.sort_by_key(|&i| keys[i as usize]);
            prop_assert_eq!(counting_order(&keys, 20), sorted);
        }

        /// The first repeated id is the first record whose id an earlier
        /// record has, as a set of the texts finds it (none if all differ).
        #[test]
        fn the_first_repeated_id_is_the_first_whose_text_came_before(
            ids in proptest::collection::vec("[a-c]{0,3}", 0..60)
        ) {
            let mut bytes = String::new();
            let mut ends = Vec::new();
            for id in &ids {
                bytes.push_str(id);
                ends.push(bytes.len() as u32);
            }
            let column = Column::Id { bytes, ends };
            let mut seen = std::collections::HashSet::new();
            let expected = ids.iter().position(|id| !seen.insert(id.as_str()));
            prop_assert_eq!(first_repeated_id(&column, ids.len()), expected);
        }

        /// A value is found repeated exactly when a set of the values is
        /// smaller than the list, in partitions of any size.
        #[test]
        fn a_repeated_value_is_found_in_any_partition(
            values in proptest::collection::vec(
                prop_oneof![any::<u64>(), 0u64..8, Just(u64::MAX)], 0..300),
            repeat in proptest::option::of(
                (any::<prop::sample::Index>(), any::<prop::sample::Index>())),
            per_partition in 0usize..40,
        ) {
            let mut values = values;
            if let (Some((from, to)), false) = (repeat, values.is_empty()) {
                let v = values[from.index(values.len())];
                let at = to.index(values.len());
                values[at] = v;
            }
            let distinct: std::collections::HashSet<u64> = values.iter().copied().collect();
            let repeated = distinct.len() < values.len();
            prop_assert_eq!(any_repeated(values, per_partition), repeated);
        }

        /// The direct reading of ISO dates agrees with chrono's parser on
        /// any ten characters shaped like one, valid or not.
        #[test]
        fn iso_dates_read_directly_as_chrono_reads_them(
            y in "[0-9+ -]{4}", m in "[0-9 ]{2}", d in "[0-9x]{2}"
        ) {
            let t = format!("{y}-{m}-{d}");
            let chrono = NaiveDate::parse_from_str(&t, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(&t, "%d.%m.%Y"))
                .ok();
            prop_assert_eq!(parse_date(&t), chrono);
            prop_assert_eq!(parse_day(&t), chrono.map(|d| Day::of(d).0));
        }

        /// Every day of every year an ISO date can write is counted as
        /// the calendar counts it, and no other text is a day.
        #[test]
        fn iso_days_are_counted_as_the_calendar_counts_them(
            year in 0i32..=9999, month in 0u32..=13, day in 0u32..=32
        ) {
            let t = format!("{year:04}-{month:02}-{day:02}");
            let calendar = NaiveDate::from_ymd_opt(year, month, day).map(|d| Day::of(d).0);
            prop_assert_eq!(parse_day(&t), calendar);
        }
    }

    /// A region of one unit (U1, home care).
    pub(in crate::data) fn tree() -> OrgTree {
        let mut b = OrgTree::builder("R", "Region");
        b.group("G1", "g").unwrap();
        b.org("O1", "o", "G1", "non_residential").unwrap();
        b.unit("U1", "u", "O1", ["home_care"]).unwrap();
        b.build().unwrap()
    }

    fn date(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    /// The columns of the cases the tests below write.
    const CASE_COLUMNS: [&str; 6] = [
        "case_id",
        "process",
        "unit_id",
        "recipient_id",
        "applied_on",
        "decided_on",
    ];

    #[test]
    fn text_rows_are_typed_and_checked() {
        let mut b = DatasetBuilder::new(tree());
        let mut w = b.writer(TableKind::Cases, &CASE_COLUMNS).unwrap();
        w.push_text(&["C1", "home_care", "U1", "P1", "2026-07-01", "03.07.2026"])
            .unwrap();
        let e = w
            .push_text(&["C2", "home_care", "U9", "P2", "2026-07-01", ""])
            .unwrap_err();
        assert_eq!((e.row, e.field.as_deref()), (Some(2), Some("unit_id")));
        let e = w
            .push_text(&["C2", "home_care", "U1", "P2", "2026-07-05", "2026-07-01"])
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("decided_on"));
        assert!(e.message.contains("before applied_on"), "{e}");
        w.push_text(&["C1", "home_care", "U1", "P3", "2026-07-01", ""])
            .unwrap();
        let e = b.finish().unwrap_err();
        assert_eq!((e.row, e.field.as_deref()), (Some(2), Some("case_id")));
    }

    #[test]
    fn coverage_is_the_span_of_the_main_dates() {
        let empty = DatasetBuilder::new(tree()).finish().unwrap();
        assert_eq!(empty.coverage(), None);
        let mut b = DatasetBuilder::new(tree());
        let mut w = b.writer(TableKind::Cases, &CASE_COLUMNS).unwrap();
        for (id, applied) in [
            ("C1", "2026-07-05"),
            ("C2", "2025-01-31"),
            ("C3", "2026-12-01"),
        ] {
            w.push_text(&[id, "home_care", "U1", "P1", applied, ""])
                .unwrap();
        }
        let data = b.finish().unwrap();
        assert_eq!(
            data.coverage(),
            Some((date("2025-01-31"), date("2026-12-01")))
        );
    }

    #[test]
    fn each_date_column_keeps_its_least_and_greatest_date_once_finished() {
        let mut b = DatasetBuilder::new(tree());
        let mut w = b.writer(TableKind::Cases, &CASE_COLUMNS).unwrap();
        for (id, recipient, applied, decided) in [
            ("C1", "P2", "2026-07-05", ""),
            ("C2", "P1", "2025-01-31", "2025-02-03"),
            ("C3", "P3", "2026-12-01", ""),
        ] {
            w.push_text(&[id, "home_care", "U1", recipient, applied, decided])
                .unwrap();
        }
        let data = b.finish().unwrap();
        let cases = data.table(TableKind::Cases);
        let day = |s: &str| Day::of(date(s)).0;
        let at = |name: &str| cases.column_index(name).unwrap();
        let kept = |name: &str| cases.date_bounds[at(name)];
        assert_eq!(
            kept("applied_on"),
            Some((day("2025-01-31"), day("2026-12-01")))
        );
        assert_eq!(
            kept("decided_on"),
            Some((day("2025-02-03"), day("2025-02-03")))
        );
        // No date given in the column, or a column of another type.
        assert_eq!(kept("started_on"), None);
        assert_eq!(kept("unit_id"), None);
        // What was kept is what the values give, column by column.
        for (i, column) in cases.columns.iter().enumerate() {
            assert_eq!(
                cases.date_bounds[i],
                column.date_bounds(),
                "{}",
                cases.names[i]
            );
            assert_eq!(cases.date_bounds(i), column.date_bounds());
        }
    }

    #[test]
    fn columns_are_checked_before_rows() {
        let mut b = DatasetBuilder::new(tree());
        let e = b
            .writer(TableKind::Cases, &["case_id", "unit_id"])
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("process"));
        let e = b
            .writer(
                TableKind::Audits,
                &["audit_id", "unit_id", "planned_on", "held_om"],
            )
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("held_om"));
        b.writer(
            TableKind::Surveys,
            &["respondent_id", "unit_id", "answered_on", "comfort"],
        )
        .unwrap()
        .push_text(&["S1", "U1", "2026-07-01", "yes"])
        .unwrap();
    }

    #[test]
    fn negative_counts_and_parts_above_wholes_are_refused() {
        let mut b = DatasetBuilder::new(tree());
        let mut case = Case::new("C1", "home_care", "U1", "P1", date("2026-07-01"));
        case.planned = Some(-1);
        let e = b.add(&case).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("planned"));
        case.planned = Some(10);
        case.delivered = Some(5);
        case.delivered_on_time = Some(6);
        let e = b.add(&case).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("delivered_on_time"));
        assert_eq!(e.row, Some(1));
    }

    #[test]
    fn personal_values_are_not_echoed() {
        let mut b = DatasetBuilder::new(tree());
        let mut w = b
            .writer(
                TableKind::Cases,
                &[
                    "case_id",
                    "process",
                    "unit_id",
                    "recipient_id",
                    "applied_on",
                ],
            )
            .unwrap();
        w.push(&[
            Cell::Text("C1"),
            Cell::Text("home_care"),
            Cell::Text("U1"),
            Cell::Date(date("2026-01-01")),
            Cell::Text("2026-01-01"),
        ])
        .unwrap_err();
        let e = w
            .push(&[
                Cell::Text("C1"),
                Cell::Text("x"),
                Cell::Text("U1"),
                Cell::Bool(true),
                Cell::Text("2026-01-01"),
            ])
            .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("recipient_id"));
        assert!(!e.message.contains("true"));
    }

    #[test]
    fn records_of_a_recipient_end_up_together() {
        let mut b = DatasetBuilder::new(tree());
        for (id, person) in [("C1", "B"), ("C2", "A"), ("C3", "B"), ("C4", "A")] {
            b.add(&Case::new(
                id,
                "home_care",
                "U1",
                person,
                date("2026-07-01"),
            ))
            .unwrap();
        }
        let d = b.finish().unwrap();
        let t = d.table(TableKind::Cases);
        let ids: Vec<&str> = (0..4).map(|r| t.column("case_id").unwrap().id(r)).collect();
        assert_eq!(ids, ["C1", "C3", "C2", "C4"]);
        assert_eq!(t.recipients().unwrap(), [0, 0, 1, 1]);
    }
}
