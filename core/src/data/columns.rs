//! The column writer: a table (or a chunk of one) given column by column,
//! as typed arrays in Arrow's memory layout, without a cell per value.
//!
//! Each column is converted over the whole chunk: a dictionary's values
//! and each distinct text once, dates, whole numbers and flags straight
//! from their arrays. The checks are the row writer's, in its order, so a
//! chunk refuses the same rows with the same errors (text, row, field) as
//! [`RowWriter::push`] would one row at a time, and numbers codes and
//! recipient ids in the same order.

use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

use chrono::{Datelike, NaiveDate};

use super::dataset::{
    Pure, RowWriter, Slot, append, convert_pure, date_before, intern, more_than, not_one_of,
    trimmed, value_missing,
};
use super::error::CellFault;
use super::records::Cell;
use super::schema::{Check, ColumnDef, ColumnType};
use super::table::{Column, NULL_CODE, NULL_DATE, NULL_FLAG, NULL_INT, Table};
use super::{DataError, Interner, OrgTree};
use crate::parallel::{map_taken, second_core};
use crate::time::Day;

/// Bits in Arrow's layout: value `i` is bit `offset + i`, least
/// significant bit of each byte first (validity masks, booleans).
#[derive(Debug, Clone, Copy)]
pub struct Bits<'a> {
    /// The bytes holding the bits.
    pub bytes: &'a [u8],
    /// The position of the first value's bit.
    pub offset: usize,
}

impl Bits<'_> {
    /// Whether the bytes hold `len` values.
    fn holds(&self, len: usize) -> bool {
        self.offset
            .checked_add(len)
            .is_some_and(|end| end.div_ceil(8) <= self.bytes.len())
    }

    /// Bit `i` (checked by [`Bits::holds`] first).
    fn get(&self, i: usize) -> bool {
        let at = self.offset + i;
        self.bytes
            .get(at / 8)
            .is_some_and(|b| b >> (at % 8) & 1 == 1)
    }
}

/// Texts in one of Arrow's layouts, or as a CSV reader keeps its records.
#[derive(Debug, Clone, Copy)]
pub enum Texts<'a> {
    /// `Utf8`: text `i` is `text[offsets[i]..offsets[i + 1]]`.
    Offsets {
        /// One more offset than texts.
        offsets: &'a [i32],
        /// The texts, concatenated.
        text: &'a str,
    },
    /// `LargeUtf8`: as [`Texts::Offsets`] with 64-bit offsets.
    LargeOffsets {
        /// One more offset than texts.
        offsets: &'a [i64],
        /// The texts, concatenated.
        text: &'a str,
    },
    /// `Utf8View`: sixteen bytes per text, little-endian: its length, then
    /// the text itself when it is at most twelve bytes long, else its first
    /// four bytes, the buffer holding it and its offset there.
    Views {
        /// The views, sixteen bytes each.
        views: &'a [u8],
        /// The buffers the longer texts are in.
        buffers: &'a [&'a str],
    },
    /// One column of delimited records, as a CSV reader keeps them:
    /// `starts` holds where every field of every record starts, record
    /// after record, then one past the end; each field is followed by one
    /// byte (its separator or line break). Text `i` is
    /// `text[starts[i * width + column]..starts[i * width + column + 1] - 1]`.
    Fields {
        /// The start of every field, then one past the last.
        starts: &'a [u32],
        /// The fields of each record.
        width: usize,
        /// Which field of each record this column is.
        column: usize,
        /// The records, each field followed by one byte.
        text: &'a str,
    },
}

/// The text of a field of [`Texts::Fields`] that starts at `start`, the
/// next one starting at `next` (one byte past its end).
pub(super) fn field_text(text: &str, start: u32, next: u32) -> Option<&str> {
    let end = usize::try_from(next).ok()?.checked_sub(1)?;
    text.get(usize::try_from(start).ok()?..end)
}

impl<'a> Texts<'a> {
    pub(super) fn len(&self) -> usize {
        match self {
            Texts::Offsets { offsets, .. } => offsets.len().saturating_sub(1),
            Texts::LargeOffsets { offsets, .. } => offsets.len().saturating_sub(1),
            Texts::Views { views, .. } => views.len() / 16,
            // A column past the record's fields holds none of its texts.
            Texts::Fields {
                starts,
                width,
                column,
                ..
            } if column < width => starts.len().saturating_sub(1) / width,
            Texts::Fields { .. } => 0,
        }
    }

    /// Text `i`; none where the layout does not hold a text there.
    /// Inlined into the loops that read a column cell by cell (the views'
    /// longer decoding is a call of its own).
    #[inline]
    pub fn get(&self, i: usize) -> Option<&'a str> {
        let range =
            |start: i64, end: i64| Some(usize::try_from(start).ok()?..usize::try_from(end).ok()?);
        match *self {
            Texts::Offsets { offsets, text } => text.get(range(
                i64::from(*offsets.get(i)?),
                i64::from(*offsets.get(i + 1)?),
            )?),
            Texts::LargeOffsets { offsets, text } => {
                text.get(range(*offsets.get(i)?, *offsets.get(i + 1)?)?)
            }
            Texts::Fields {
                starts,
                width,
                column,
                text,
            } => {
                let at = i.checked_mul(width)?.checked_add(column)?;
                field_text(text, *starts.get(at)?, *starts.get(at + 1)?)
            }
            Texts::Views { views, buffers } => view_text(views, buffers, i),
        }
    }
}

/// Text `i` of [`Texts::Views`].
#[inline(never)]
fn view_text<'a>(views: &'a [u8], buffers: &[&'a str], i: usize) -> Option<&'a str> {
    let view = views.get(i * 16..i * 16 + 16)?;
    let word = |at: usize| {
        let mut b = [0; 4];
        b.copy_from_slice(&view[at..at + 4]);
        u32::from_le_bytes(b) as usize
    };
    let len = word(0);
    if len <= 12 {
        std::str::from_utf8(&view[4..4 + len]).ok()
    } else {
        let start = word(12);
        buffers.get(word(8))?.get(start..start.checked_add(len)?)
    }
}

/// The keys of a dictionary column, as Arrow allows them.
#[derive(Debug, Clone, Copy)]
#[allow(missing_docs)] // each names its integer type
pub enum Keys<'a> {
    I8(&'a [i8]),
    I16(&'a [i16]),
    I32(&'a [i32]),
    I64(&'a [i64]),
    U8(&'a [u8]),
    U16(&'a [u16]),
    U32(&'a [u32]),
    U64(&'a [u64]),
}

impl Keys<'_> {
    fn len(&self) -> usize {
        match self {
            Keys::I8(k) => k.len(),
            Keys::I16(k) => k.len(),
            Keys::I32(k) => k.len(),
            Keys::I64(k) => k.len(),
            Keys::U8(k) => k.len(),
            Keys::U16(k) => k.len(),
            Keys::U32(k) => k.len(),
            Keys::U64(k) => k.len(),
        }
    }

    /// Key `i` as a position (none if negative or too large).
    fn get(&self, i: usize) -> Option<usize> {
        match self {
            Keys::I8(k) => usize::try_from(*k.get(i)?).ok(),
            Keys::I16(k) => usize::try_from(*k.get(i)?).ok(),
            Keys::I32(k) => usize::try_from(*k.get(i)?).ok(),
            Keys::I64(k) => usize::try_from(*k.get(i)?).ok(),
            Keys::U8(k) => Some(usize::from(*k.get(i)?)),
            Keys::U16(k) => Some(usize::from(*k.get(i)?)),
            Keys::U32(k) => usize::try_from(*k.get(i)?).ok(),
            Keys::U64(k) => usize::try_from(*k.get(i)?).ok(),
        }
    }
}

/// The values of one column of a chunk.
#[derive(Debug, Clone, Copy)]
pub enum ColumnValues<'a> {
    /// Every value missing.
    Null,
    /// Texts, read as the column's type (as the row writer reads text cells).
    Text(Texts<'a>),
    /// Dates as days since 1970-01-01 (Arrow's `Date32`).
    Days(&'a [i32]),
    /// Whole numbers.
    Ints(&'a [i64]),
    /// True or false, one bit each.
    Flags(Bits<'a>),
    /// Positions in a column of distinct values, each value converted once.
    Dictionary {
        /// Per record, its value's position in `values`.
        keys: Keys<'a>,
        /// The distinct values.
        values: &'a ColumnInput<'a>,
    },
}

/// One column of a chunk: its values and which of them are given.
#[derive(Debug, Clone, Copy)]
pub struct ColumnInput<'a> {
    /// How many records the column holds.
    pub len: usize,
    /// The values.
    pub values: ColumnValues<'a>,
    /// Which values are given (none: all are); a value not given is missing.
    pub valid: Option<Bits<'a>>,
}

impl<'a> ColumnInput<'a> {
    /// What is wrong with the layout, if anything: arrays shorter than
    /// the column, bits missing.
    fn fault(&self) -> Option<&'static str> {
        let short = match self.values {
            ColumnValues::Null => false,
            ColumnValues::Text(t) => t.len() < self.len,
            ColumnValues::Days(d) => d.len() < self.len,
            ColumnValues::Ints(n) => n.len() < self.len,
            ColumnValues::Flags(b) => !b.holds(self.len),
            ColumnValues::Dictionary { keys, values } => {
                if let Some(fault) = values.fault() {
                    return Some(fault);
                }
                keys.len() < self.len
            }
        };
        if short || self.valid.is_some_and(|v| !v.holds(self.len)) {
            return Some("the column's arrays are shorter than the column");
        }
        None
    }

    /// Whether value `i` is given.
    fn is_valid(&self, i: usize) -> bool {
        self.valid.is_none_or(|v| v.get(i))
    }

    /// Value `i` as a cell (its layout checked by [`ColumnInput::fault`]);
    /// an error where the layout does not hold a value.
    fn cell(&self, i: usize) -> Result<Cell<'a>, &'static str> {
        if !self.is_valid(i) {
            return Ok(Cell::Null);
        }
        Ok(match self.values {
            ColumnValues::Null => Cell::Null,
            ColumnValues::Text(t) => Cell::Text(t.get(i).ok_or(BAD_TEXT)?),
            ColumnValues::Days(d) => day_cell(d[i]),
            ColumnValues::Ints(n) => Cell::Int(n[i]),
            ColumnValues::Flags(b) => Cell::Bool(b.get(i)),
            ColumnValues::Dictionary { keys, values } => {
                let key = keys.get(i).filter(|&k| k < values.len).ok_or(BAD_KEY)?;
                values.cell(key)?
            }
        })
    }
}

const BAD_TEXT: &str = "the column's text offsets do not fall on whole characters";
const BAD_KEY: &str = "a dictionary key is past the dictionary's values";

/// Days since 1970-01-01 as a date cell; a day past the calendar's range
/// is missing, as Arrow reads it.
fn day_cell(days: i32) -> Cell<'static> {
    Day(days).checked_date().map_or(Cell::Null, Cell::Date)
}

/// Why a cell is refused: the conversion's message, or a code outside its
/// column's values.
#[derive(Debug, Clone, Copy)]
enum Why {
    Cell(CellFault),
    NotOneOf(&'static ColumnDef),
}

/// One cell converted, numbered and checked against its column's values.
type Outcome<'a> = Result<Option<Slot<'a>>, Why>;

/// Marks a record no check has refused yet.
const FINE: u32 = u32::MAX;

/// Writes chunks of one table column by column. Made by
/// [`crate::DatasetBuilder::columns`].
#[derive(Debug)]
pub struct ColumnWriter<'b> {
    rows: RowWriter<'b>,
}

impl<'b> ColumnWriter<'b> {
    pub(super) fn new(rows: RowWriter<'b>) -> Self {
        ColumnWriter { rows }
    }

    /// Appends a chunk of records, one [`ColumnInput`] per column of the
    /// header the writer was made with. Every refused record is sent to
    /// `report`, in record order, with the error [`RowWriter::push`] gives
    /// it (a refused record appends nothing and still counts in the
    /// numbers of the records after it). Returns false when `report` said
    /// to stop, or when the chunk itself is malformed (columns of other
    /// lengths than the first, arrays too short), which is reported as a
    /// problem of no one record and appends nothing.
    pub fn push(
        &mut self,
        columns: &[ColumnInput<'_>],
        report: &mut dyn FnMut(DataError) -> bool,
    ) -> bool {
        match self.append(columns) {
            Ok(problems) => problems.into_iter().all(report),
            Err(e) => {
                report(e);
                false
            }
        }
    }

    /// Makes room for about `records` more records in every column at
    /// once: a hint from a host that knows roughly how many will come (a
    /// file's size), which spares the copies of columns growing chunk by
    /// chunk. More or fewer records may come; nothing else changes.
    pub fn expect(&mut self, records: usize) {
        let table = &mut self.rows.builder.dataset.tables[self.rows.table.index()];
        // A hint too large for memory is no error: the columns then grow
        // as the records come.
        for column in &mut table.columns {
            let _ = match column {
                Column::Id { ends, .. } => ends.try_reserve_exact(records),
                Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => {
                    v.try_reserve_exact(records)
                }
                Column::Date(v) => v.try_reserve_exact(records),
                Column::Count(v) => v.try_reserve_exact(records),
                Column::Flag(v) => v.try_reserve_exact(records),
            };
        }
    }

    fn append(&mut self, columns: &[ColumnInput<'_>]) -> Result<Vec<DataError>, DataError> {
        let w = &mut self.rows;
        let kind = w.table;
        let name = kind.name();
        if columns.len() != w.map.len() {
            return Err(DataError::table(
                name,
                format!(
                    "the chunk has {} columns but the header has {}",
                    columns.len(),
                    w.map.len()
                ),
            ));
        }
        let dataset = &mut w.builder.dataset;
        let table = &mut dataset.tables[kind.index()];
        let n = columns.first().map_or(0, |c| c.len);
        // A column read past (declared extra) is not looked at.
        for (column, index) in columns.iter().zip(&w.map) {
            let Some(index) = *index else { continue };
            let fault = if column.len != n {
                Some("the column has another number of records than the first")
            } else {
                column.fault()
            };
            if let Some(fault) = fault {
                return Err(DataError::column(name, &table.names[index], fault));
            }
        }
        let start = table.len;
        let first = table.len as u64 + w.rejected + 1;
        let mut refused = vec![FINE; n];
        let mut problems: Vec<(usize, DataError)> = Vec::new();
        let mut given = vec![false; table.columns.len()];
        for index in w.map.iter().flatten() {
            given[*index] = true;
        }
        let interners = (&mut dataset.codes, &mut dataset.recipients);
        let apart = n >= APART_FROM
            && second_core()
            && convert_apart(columns, &w.map, &w.defs, table, interners, &dataset.tree);
        // Otherwise column after column, a record refused by one column
        // not read by the next.
        let serial = columns.iter().zip(&w.map).filter(|_| !apart);
        for (at, (input, index)) in serial.enumerate() {
            let Some(index) = *index else { continue };
            let ty = table.types[index];
            reserve(&mut table.columns[index], n);
            let mut sink = Sink {
                column: &mut table.columns[index],
                numbering: Numbering {
                    def: w.defs[index],
                    codes: &mut dataset.codes,
                    recipients: &mut dataset.recipients,
                },
            };
            let fails = convert_column(input, ty, &dataset.tree, &refused, &mut sink)
                .map_err(|fault| DataError::column(name, &table.names[index], fault))?;
            for (row, why) in fails {
                refused[row] = at as u32;
                let field = &table.names[index];
                let at = first + row as u64;
                let error = match why {
                    Why::Cell(fault) => fault.at(name, at, field),
                    Why::NotOneOf(def) => not_one_of(name, at, def),
                };
                problems.push((row, error));
            }
        }
        for (index, column) in table.columns.iter_mut().enumerate() {
            if !given[index] {
                append_missing(column, n);
            }
        }
        // Checks of the whole record, in the row writer's order, on the
        // records no cell refused.
        let record = |row: usize| first + row as u64;
        let refuse = |refused: &mut [u32], problems: &mut Vec<_>, row: usize, e: DataError| {
            refused[row] = columns.len() as u32;
            problems.push((row, e));
        };
        for (index, column) in table.columns.iter().enumerate() {
            if w.defs[index].is_some_and(|d| d.required) {
                each_missing(column, start, n, |row| {
                    if refused[row] == FINE {
                        let e = value_missing(name, record(row), &table.names[index]);
                        refuse(&mut refused, &mut problems, row, e);
                    }
                });
            }
        }
        // Each check's columns matched once, then compared record by record.
        for c in &w.checks {
            let (a, b) = (&table.columns[c.first], &table.columns[c.second]);
            match (c.check, a, b) {
                (Check::NotBefore { later, earlier }, Column::Date(l), Column::Date(e)) => {
                    let pairs = l[start..start + n].iter().zip(&e[start..start + n]);
                    for (row, (&l, &e)) in pairs.enumerate() {
                        if l != NULL_DATE && e != NULL_DATE && l < e && refused[row] == FINE {
                            let e = date_before(name, record(row), later, earlier);
                            refuse(&mut refused, &mut problems, row, e);
                        }
                    }
                }
                (Check::NotAbove { part, whole }, Column::Count(p), Column::Count(wh)) => {
                    let pairs = p[start..start + n].iter().zip(&wh[start..start + n]);
                    for (row, (&p, &wh)) in pairs.enumerate() {
                        if p != NULL_INT && wh != NULL_INT && p > wh && refused[row] == FINE {
                            let e = more_than(name, record(row), part, whole);
                            refuse(&mut refused, &mut problems, row, e);
                        }
                    }
                }
                _ => {}
            }
        }
        if !problems.is_empty() {
            let keep: Vec<bool> = refused.iter().map(|&r| r == FINE).collect();
            for column in &mut table.columns {
                retain_tail(column, start, &keep);
            }
        }
        table.len = start + (n - problems.len());
        w.rejected += problems.len() as u64;
        problems.sort_by_key(|(row, _)| *row);
        Ok(problems.into_iter().map(|(_, e)| e).collect())
    }
}

/// The fewest records of a chunk for which its columns are converted on
/// two threads. Every chunk of the unit tests, so that their comparisons
/// with the row writer (refused records, numbering) cover both ways.
const APART_FROM: usize = if cfg!(test) { 1 } else { 1 << 14 };

/// One share of a chunk's columns converted apart: `(position in the
/// chunk, position in the table, the table's column)`, with the interner
/// its columns number into, if they number any.
struct Share<'s> {
    columns: Vec<(usize, usize, &'s mut Column)>,
    codes: Option<&'s mut Interner>,
    recipients: Option<&'s mut Interner>,
}

/// Converts every column of a chunk on two threads, taking shares in
/// turn: the code columns are one share, in their order, and so are the
/// recipient columns, so that codes and recipients are numbered as one
/// thread numbers them; every other column is a share of its own. This
/// is a guess that no cell is refused (a refused record is not read by
/// the columns after it, which one thread per column cannot know): where
/// any is, or a layout is wrong, the columns and interners are put back
/// as they were and false is returned, for the chunk to be converted
/// column after column.
fn convert_apart(
    columns: &[ColumnInput<'_>],
    map: &[Option<usize>],
    defs: &[Option<&'static ColumnDef>],
    table: &mut Table,
    (codes, recipients): (&mut Interner, &mut Interner),
    tree: &OrgTree,
) -> bool {
    let start = table.len;
    let n = columns.first().map_or(0, |c| c.len);
    let (code_count, recipient_count) = (codes.len(), recipients.len());
    let mut code_share = Share {
        columns: Vec::new(),
        codes: Some(codes),
        recipients: None,
    };
    let mut recipient_share = Share {
        columns: Vec::new(),
        codes: None,
        recipients: Some(recipients),
    };
    let mut alone = Vec::new();
    let mut at_of = vec![None; table.columns.len()];
    for (at, index) in map.iter().enumerate() {
        if let Some(index) = *index {
            at_of[index] = Some(at);
        }
    }
    for (index, column) in table.columns.iter_mut().enumerate() {
        let Some(at) = at_of[index] else { continue };
        match column {
            Column::Code(_) => code_share.columns.push((at, index, column)),
            Column::Recipient(_) => recipient_share.columns.push((at, index, column)),
            _ => alone.push(Share {
                columns: vec![(at, index, column)],
                codes: None,
                recipients: None,
            }),
        }
    }
    // The costliest first (recipient ids are looked up among many), so
    // that the last share taken is a small one.
    let shares: Vec<Mutex<Share<'_>>> = [recipient_share, code_share]
        .into_iter()
        .filter(|s| !s.columns.is_empty())
        .chain(alone)
        .map(Mutex::new)
        .collect();
    let types = &table.types;
    let refused = vec![FINE; n];
    let clean = map_taken("etalon-columns", shares.len(), 2, |i| {
        let mut share = shares[i].lock().unwrap_or_else(PoisonError::into_inner);
        let share = &mut *share;
        // A share is given an empty interner for the kind it never numbers.
        let mut unused = (Interner::default(), Interner::default());
        let codes = share.codes.as_deref_mut().unwrap_or(&mut unused.0);
        let recipients = share.recipients.as_deref_mut().unwrap_or(&mut unused.1);
        let clean = share.columns.iter_mut().all(|(at, index, column)| {
            reserve(column, n);
            let mut sink = Sink {
                column,
                numbering: Numbering {
                    def: defs[*index],
                    codes: &mut *codes,
                    recipients: &mut *recipients,
                },
            };
            convert_column(&columns[*at], types[*index], tree, &refused, &mut sink)
                .is_ok_and(|fails| fails.is_empty())
        });
        debug_assert!(unused.0.len() == 0 && unused.1.len() == 0);
        clean
    });
    drop(shares);
    if clean.iter().all(|&c| c) {
        return true;
    }
    for column in &mut table.columns {
        truncate(column, start);
    }
    codes.truncate(code_count);
    recipients.truncate(recipient_count);
    false
}

/// Where the cells of one column go: numbered, checked against the
/// column's values, appended.
struct Sink<'s> {
    column: &'s mut Column,
    numbering: Numbering<'s>,
}

/// What numbers and checks a cell: the column's values, the interners.
struct Numbering<'s> {
    def: Option<&'static ColumnDef>,
    codes: &'s mut Interner,
    recipients: &'s mut Interner,
}

impl Sink<'_> {
    fn outcome<'a>(&mut self, pure: Result<Option<Pure<'a>>, CellFault>) -> Outcome<'a> {
        self.numbering.outcome(pure)
    }
}

impl Numbering<'_> {
    /// Numbers and checks one converted cell (as the row writer does: a
    /// code is numbered even when its column's values refuse it).
    fn outcome<'a>(&mut self, pure: Result<Option<Pure<'a>>, CellFault>) -> Outcome<'a> {
        let Some(pure) = pure.map_err(Why::Cell)? else {
            return Ok(None);
        };
        let slot = intern(pure, self.codes, self.recipients);
        if let (Some(def), Slot::Code(code)) = (self.def, slot) {
            if !def.values.is_empty() && !def.values.contains(&self.codes.name(code)) {
                return Err(Why::NotOneOf(def));
            }
        }
        Ok(Some(slot))
    }
}

/// Converts `input` as type `ty` into the sink's column, one value per
/// record (missing where refused); returns the refused records of those
/// no earlier column refused (`refused`), with why. A record an earlier
/// column refused is not read, so that, as in the row writer, its codes
/// are not numbered. An error is a malformed layout.
fn convert_column<'a>(
    input: &ColumnInput<'a>,
    ty: ColumnType,
    tree: &OrgTree,
    refused: &[u32],
    sink: &mut Sink<'_>,
) -> Result<Vec<(usize, Why)>, &'static str> {
    let mut fails = Vec::new();
    let mut put = |sink: &mut Sink<'_>, row: usize, outcome: Outcome<'a>| match outcome {
        Ok(slot) => append(sink.column, slot),
        Err(why) => {
            fails.push((row, why));
            append(sink.column, None);
        }
    };
    // Each distinct value (a dictionary's, a text's) is converted once,
    // when a record first reads it, so codes are numbered in record order.
    match input.values {
        // Codes, units and recipients are pushed as their numbers
        // straight into the column's vector, each distinct value converted
        // and checked once.
        ColumnValues::Dictionary { keys, values } if numbers(sink.column).is_some() => {
            let Some((out, stored)) = numbers(sink.column) else {
                return Err("a numbered column is not stored as numbers");
            };
            let mut entries: Vec<Option<Result<u32, Why>>> = vec![None; values.len];
            for (row, &earlier) in refused.iter().enumerate() {
                if earlier != FINE || !input.is_valid(row) {
                    out.push(NULL_CODE);
                    continue;
                }
                let key = keys.get(row).filter(|&k| k < values.len).ok_or(BAD_KEY)?;
                let known = match entries[key] {
                    Some(known) => known,
                    None => {
                        let pure = convert_pure(values.cell(key)?, ty, tree);
                        let known = sink.numbering.outcome(pure).map(stored);
                        entries[key] = Some(known);
                        known
                    }
                };
                push_number(out, &mut fails, row, known);
            }
        }
        ColumnValues::Dictionary { keys, values } => {
            let mut entries: Vec<Option<Outcome<'a>>> = vec![None; values.len];
            for (row, &earlier) in refused.iter().enumerate() {
                if earlier != FINE {
                    append(sink.column, None);
                    continue;
                }
                let outcome = if !input.is_valid(row) {
                    Ok(None)
                } else {
                    let key = keys.get(row).filter(|&k| k < values.len).ok_or(BAD_KEY)?;
                    match entries[key] {
                        Some(known) => known,
                        None => {
                            let known = sink.outcome(convert_pure(values.cell(key)?, ty, tree));
                            entries[key] = Some(known);
                            known
                        }
                    }
                };
                put(sink, row, outcome);
            }
        }
        // Ids are stored as they come (trimmed), without a cell made for each.
        ColumnValues::Text(texts) if ty == ColumnType::Id => {
            let Column::Id { bytes, ends } = &mut *sink.column else {
                return Err("an id column is not stored as ids");
            };
            for (row, &earlier) in refused.iter().enumerate() {
                if earlier == FINE && input.is_valid(row) {
                    bytes.push_str(trimmed(texts.get(row).ok_or(BAD_TEXT)?));
                }
                ends.push(bytes.len() as u32);
            }
        }
        // Records come grouped more often than not (by unit, by process,
        // by recipient): the text of the record before is compared first,
        // which costs less than a lookup. Recipient ids, mostly distinct
        // within a chunk, are not gathered in a map (it would add a lookup
        // to the interner's).
        ColumnValues::Text(texts) if numbers(sink.column).is_some() => {
            let Some((out, stored)) = numbers(sink.column) else {
                return Err("a numbered column is not stored as numbers");
            };
            let gather = ty != ColumnType::Recipient;
            let mut seen: HashMap<&'a str, Result<u32, Why>, ahash::RandomState> =
                HashMap::default();
            let mut last: Option<(&'a str, Result<u32, Why>)> = None;
            for (row, &earlier) in refused.iter().enumerate() {
                if earlier != FINE || !input.is_valid(row) {
                    out.push(NULL_CODE);
                    continue;
                }
                let text = texts.get(row).ok_or(BAD_TEXT)?;
                let known = match last {
                    Some((before, known)) if before == text => known,
                    _ => {
                        let known = match seen.get(text) {
                            Some(&known) => known,
                            None => {
                                let pure = convert_pure(Cell::Text(text), ty, tree);
                                let known = sink.numbering.outcome(pure).map(stored);
                                if gather {
                                    seen.insert(text, known);
                                }
                                known
                            }
                        };
                        last = Some((text, known));
                        known
                    }
                };
                push_number(out, &mut fails, row, known);
            }
        }
        // Other columns given as text (a cell that did not convert ahead):
        // each distinct text converted once.
        ColumnValues::Text(texts) => {
            let mut seen: HashMap<&'a str, Outcome<'a>, ahash::RandomState> = HashMap::default();
            for (row, &earlier) in refused.iter().enumerate() {
                let outcome = if earlier != FINE || !input.is_valid(row) {
                    Ok(None)
                } else {
                    let text = texts.get(row).ok_or(BAD_TEXT)?;
                    *seen
                        .entry(text)
                        .or_insert_with(|| sink.outcome(convert_pure(Cell::Text(text), ty, tree)))
                };
                put(sink, row, outcome);
            }
        }
        ColumnValues::Days(days) if matches!(ty, ColumnType::Date | ColumnType::Month) => {
            let Column::Date(out) = &mut *sink.column else {
                return Err("a date column is not stored as dates");
            };
            out.reserve(input.len);
            // The days the calendar reaches (those `day_cell` reads), a
            // range checked without a date made for each.
            let (first, last) = (Day::of(NaiveDate::MIN).0, Day::of(NaiveDate::MAX).0);
            for (row, &earlier) in refused.iter().enumerate() {
                let day = days[row];
                let stored = if earlier != FINE || !input.is_valid(row) || day < first || day > last
                {
                    NULL_DATE
                } else if ty == ColumnType::Month {
                    // A month is stored as its first day.
                    match day_cell(day) {
                        Cell::Date(d) => day - d.day0() as i32,
                        _ => NULL_DATE,
                    }
                } else {
                    day
                };
                out.push(stored);
            }
        }
        // Whole numbers and flags as they are: only a value a count
        // refuses (negative, or the missing value's own number) goes
        // through the cell's conversion, for its error.
        ColumnValues::Ints(ints) if ty == ColumnType::Count => {
            if !matches!(sink.column, Column::Count(_)) {
                return Err("a count column is not stored as counts");
            }
            for (row, &earlier) in refused.iter().enumerate() {
                let given = earlier == FINE && input.is_valid(row);
                let n = ints[row];
                if given && (n < 0 || n == NULL_INT) {
                    let outcome = sink.outcome(convert_pure(Cell::Int(n), ty, tree));
                    put(sink, row, outcome);
                } else if let Column::Count(out) = &mut *sink.column {
                    out.push(if given { n } else { NULL_INT });
                }
            }
        }
        ColumnValues::Flags(bits) if ty == ColumnType::Flag => {
            let Column::Flag(out) = &mut *sink.column else {
                return Err("a flag column is not stored as flags");
            };
            out.extend(refused.iter().enumerate().map(|(row, &earlier)| {
                if earlier == FINE && input.is_valid(row) {
                    u8::from(bits.get(row))
                } else {
                    NULL_FLAG
                }
            }));
        }
        // A column of missing values (Arrow's `Null`): nothing to convert.
        ColumnValues::Null => append_missing(sink.column, refused.len()),
        _ => {
            for (row, &earlier) in refused.iter().enumerate() {
                let outcome = if earlier != FINE {
                    Ok(None)
                } else {
                    sink.outcome(convert_pure(input.cell(row)?, ty, tree))
                };
                put(sink, row, outcome);
            }
        }
    }
    Ok(fails)
}

/// What a column of numbers stores for a numbered cell.
type Stored = fn(Option<Slot<'_>>) -> u32;

/// The vector of a column of numbers (codes, units, recipients) and what
/// it stores for a numbered cell, as [`append`] would.
fn numbers(column: &mut Column) -> Option<(&mut Vec<u32>, Stored)> {
    fn code(slot: Option<Slot<'_>>) -> u32 {
        match slot {
            Some(Slot::Code(n)) => n,
            _ => NULL_CODE,
        }
    }
    fn unit(slot: Option<Slot<'_>>) -> u32 {
        match slot {
            Some(Slot::Unit(n)) => n,
            _ => NULL_CODE,
        }
    }
    fn recipient(slot: Option<Slot<'_>>) -> u32 {
        match slot {
            Some(Slot::Recipient(n)) => n,
            _ => NULL_CODE,
        }
    }
    match column {
        Column::Code(v) => Some((v, code)),
        Column::Unit(v) => Some((v, unit)),
        Column::Recipient(v) => Some((v, recipient)),
        _ => None,
    }
}

/// Pushes a numbered cell, or a missing value and why the record is refused.
fn push_number(
    out: &mut Vec<u32>,
    fails: &mut Vec<(usize, Why)>,
    row: usize,
    known: Result<u32, Why>,
) {
    match known {
        Ok(n) => out.push(n),
        Err(why) => {
            fails.push((row, why));
            out.push(NULL_CODE);
        }
    }
}

/// Room for `n` more values, made once per chunk rather than grown value
/// by value (`Vec::reserve` still grows by doubling, so chunks after
/// chunks cost no more than the values do).
fn reserve(column: &mut Column, n: usize) {
    match column {
        Column::Id { ends, .. } => ends.reserve(n),
        Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => v.reserve(n),
        Column::Date(v) => v.reserve(n),
        Column::Count(v) => v.reserve(n),
        Column::Flag(v) => v.reserve(n),
    }
}

/// Appends `n` missing values, as `append(column, None)` `n` times would.
fn append_missing(column: &mut Column, n: usize) {
    use std::iter::repeat_n;
    match column {
        Column::Id { bytes, ends } => ends.extend(repeat_n(bytes.len() as u32, n)),
        Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => {
            v.extend(repeat_n(NULL_CODE, n))
        }
        Column::Date(v) => v.extend(repeat_n(NULL_DATE, n)),
        Column::Count(v) => v.extend(repeat_n(NULL_INT, n)),
        Column::Flag(v) => v.extend(repeat_n(NULL_FLAG, n)),
    }
}

/// Calls `f` with the row (from `start`) of each missing value among the
/// `n` values of `column` from `start` on.
fn each_missing(column: &Column, start: usize, n: usize, mut f: impl FnMut(usize)) {
    fn scan<T: PartialEq>(values: &[T], missing: T, f: &mut impl FnMut(usize)) {
        let rows = values.iter().enumerate();
        rows.filter(|(_, v)| **v == missing)
            .for_each(|(row, _)| f(row));
    }
    let rows = start..start + n;
    match column {
        // An id is missing where it ends where the one before it does.
        Column::Id { ends, .. } => {
            let before = if start == 0 { 0 } else { ends[start - 1] };
            let ends = &ends[rows];
            let befores = std::iter::once(before).chain(ends.iter().copied());
            for (row, (&end, before)) in ends.iter().zip(befores).enumerate() {
                if end == before {
                    f(row);
                }
            }
        }
        Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => {
            scan(&v[rows], NULL_CODE, &mut f)
        }
        Column::Date(v) => scan(&v[rows], NULL_DATE, &mut f),
        Column::Count(v) => scan(&v[rows], NULL_INT, &mut f),
        Column::Flag(v) => scan(&v[rows], NULL_FLAG, &mut f),
    }
}

/// Drops the values from `start` on.
fn truncate(column: &mut Column, start: usize) {
    match column {
        Column::Id { bytes, ends } => {
            ends.truncate(start);
            bytes.truncate(ends.last().map_or(0, |&e| e as usize));
        }
        Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => v.truncate(start),
        Column::Date(v) => v.truncate(start),
        Column::Count(v) => v.truncate(start),
        Column::Flag(v) => v.truncate(start),
    }
}

/// Keeps, of the values from `start` on, those `keep` marks.
fn retain_tail(column: &mut Column, start: usize, keep: &[bool]) {
    fn retain<T: Copy>(v: &mut Vec<T>, start: usize, keep: &[bool]) {
        let mut to = start;
        for (i, &k) in keep.iter().enumerate() {
            if k {
                v[to] = v[start + i];
                to += 1;
            }
        }
        v.truncate(to);
    }
    match column {
        Column::Id { bytes, ends } => {
            let base = if start == 0 {
                0
            } else {
                ends[start - 1] as usize
            };
            let tail = bytes.split_off(base);
            let mut from = base;
            let mut to = start;
            for (i, &k) in keep.iter().enumerate() {
                let end = ends[start + i] as usize;
                if k {
                    bytes.push_str(&tail[from - base..end - base]);
                    ends[to] = bytes.len() as u32;
                    to += 1;
                }
                from = end;
            }
            ends.truncate(to);
        }
        Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => retain(v, start, keep),
        Column::Date(v) => retain(v, start, keep),
        Column::Count(v) => retain(v, start, keep),
        Column::Flag(v) => retain(v, start, keep),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::data::prepared::bits;
    use crate::data::{Dataset, DatasetBuilder, PreparedColumn, TableKind, Value};
    use chrono::NaiveDate;
    use proptest::prelude::*;

    #[test]
    fn missing_values_are_found_from_where_a_chunk_starts() {
        let found = |column: &Column, start: usize, n: usize| {
            let mut rows = Vec::new();
            each_missing(column, start, n, |row| rows.push(row));
            rows
        };
        // Ids "a", "", "bc", "", "": missing where an id ends where the
        // one before it does, the first compared with the chunk's start.
        let ids = Column::Id {
            bytes: "abc".into(),
            ends: vec![1, 1, 3, 3, 3],
        };
        assert_eq!(found(&ids, 0, 5), [1, 3, 4]);
        assert_eq!(found(&ids, 1, 4), [0, 2, 3]);
        assert_eq!(found(&ids, 2, 2), [1]);
        let empty_first = Column::Id {
            bytes: "x".into(),
            ends: vec![0, 1],
        };
        assert_eq!(found(&empty_first, 0, 2), [0]);
        let dates = Column::Date(vec![NULL_DATE, 5, NULL_DATE, 7]);
        assert_eq!(found(&dates, 1, 3), [1]);
        let counts = Column::Count(vec![1, NULL_INT]);
        assert_eq!(found(&counts, 0, 2), [1]);
        let flags = Column::Flag(vec![NULL_FLAG, 0, 1]);
        assert_eq!(found(&flags, 0, 3), [0]);
        let codes = Column::Code(vec![0, NULL_CODE]);
        assert_eq!(found(&codes, 1, 1), [0]);
        // Appended missing values are found as missing.
        let mut all = [ids, dates, counts, flags, codes];
        for column in &mut all {
            let len = match column {
                Column::Id { ends, .. } => ends.len(),
                Column::Date(v) => v.len(),
                Column::Count(v) => v.len(),
                Column::Flag(v) => v.len(),
                Column::Code(v) | Column::Unit(v) | Column::Recipient(v) => v.len(),
            };
            append_missing(column, 3);
            assert_eq!(found(column, len, 3), [0, 1, 2]);
        }
    }

    fn tree() -> OrgTree {
        let mut b = OrgTree::builder("R", "Region");
        b.group("G1", "g").unwrap();
        b.org("O1", "o", "G1", "non_residential").unwrap();
        b.unit("U1", "u", "O1", ["home_care"]).unwrap();
        b.unit("U2", "u", "O1", ["material_aid"]).unwrap();
        b.build().unwrap()
    }

    /// One value of a generated record, as a host may hold it.
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum V {
        Null,
        Text(&'static str),
        Day(i32),
        Int(i64),
        Bool(bool),
    }

    impl V {
        fn cell(self) -> Cell<'static> {
            match self {
                V::Null => Cell::Null,
                V::Text(t) => Cell::Text(t),
                V::Day(d) => day_cell(d),
                V::Int(n) => Cell::Int(n),
                V::Bool(b) => Cell::Bool(b),
            }
        }
    }

    /// How a column is handed over: as its values come, as a dictionary,
    /// or (texts) prepared by [`PreparedColumn`] as a reading thread does,
    /// from the middle field of delimited records as the CSV reader keeps
    /// them ([`Texts::Fields`]).
    #[derive(Debug, Clone, Copy, PartialEq)]
    enum Layout {
        Plain,
        Dictionary,
        Prepared,
    }

    /// Mostly good values, some bad or missing ones.
    fn texts(good: &'static [&'static str], bad: &'static [&'static str]) -> BoxedStrategy<V> {
        prop_oneof![
            1 => Just(V::Null),
            20 => proptest::sample::select(good).prop_map(V::Text),
            1 => proptest::sample::select(bad).prop_map(V::Text),
        ]
        .boxed()
    }

    /// The columns of the generated table (cases), each with the values
    /// its records draw from: good ones, bad ones, missing ones.
    fn header() -> Vec<&'static str> {
        vec![
            "unit_id",
            "case_id",
            "process",
            "recipient_id",
            "applied_on",
            "decided_on",
            "decision",
            "delivered",
            "delivered_on_time",
            "repeat",
        ]
    }

    /// A column's values: all text, or all of one typed kind.
    fn column(name: &'static str, rows: usize) -> BoxedStrategy<Vec<V>> {
        let days = || {
            prop_oneof![
                1 => Just(V::Null),
                20 => proptest::sample::select(vec![20_635, 20_639, 20_640, 20_700]).prop_map(V::Day),
                1 => proptest::sample::select(vec![20_630, i32::MAX, i32::MIN]).prop_map(V::Day),
            ]
        };
        let ints = || {
            prop_oneof![
                1 => Just(V::Null),
                20 => proptest::sample::select(vec![0, 1, 3, 5]).prop_map(V::Int),
                1 => proptest::sample::select(vec![-1, 2, i64::MIN]).prop_map(V::Int),
            ]
        };
        const DATES: &[&str] = &["2026-07-01", "01.07.2026", "2026-07-05", "2026-06-30"];
        let text: BoxedStrategy<V> = match name {
            "unit_id" => texts(&["U1", "U2", " U1"], &["U9", ""]),
            // Mostly distinct, so that most tables finish and are compared.
            "case_id" => prop_oneof![
                1 => texts(&["C1", " C6", "Ж7"], &[""]),
                8 => (0..10_000u32).prop_map(|n| V::Text(Box::leak(format!("C{n}").into()))),
            ]
            .boxed(),
            "process" => texts(&["home_care", "material_aid", " home_care\t"], &[""]),
            "recipient_id" => texts(&["P1", "P2", "P3", "p 4"], &["", " "]),
            "applied_on" | "decided_on" => texts(DATES, &["2026-13-01", "x", ""]),
            "decision" => texts(&["granted", "refused"], &["maybe", ""]),
            "delivered" | "delivered_on_time" => texts(&["1", "5", "3"], &["-1", "x", ""]),
            _ => texts(&["true", "нет", "0"], &["maybe", ""]),
        };
        let typed: Option<BoxedStrategy<V>> = match name {
            "applied_on" | "decided_on" => Some(days().boxed()),
            "delivered" | "delivered_on_time" | "recipient_id" => Some(ints().boxed()),
            "repeat" => Some(
                prop_oneof![
                    1 => Just(V::Null),
                    4 => any::<bool>().prop_map(V::Bool),
                ]
                .boxed(),
            ),
            _ => None,
        };
        match typed {
            Some(typed) => prop_oneof![
                proptest::collection::vec(text, rows),
                proptest::collection::vec(typed, rows),
            ]
            .boxed(),
            None => proptest::collection::vec(text, rows).boxed(),
        }
    }

    /// A column's arrays, owned, to be lent as a [`ColumnInput`].
    struct Owned {
        len: usize,
        valid: Vec<u8>,
        offsets: Vec<i32>,
        text: String,
        days: Vec<i32>,
        ints: Vec<i64>,
        bits: Vec<u8>,
        keys: Vec<i32>,
        /// The dictionary's values, for a dictionary.
        values: Option<Box<Owned>>,
        /// The texts prepared, for [`Layout::Prepared`].
        prepared: Option<PreparedColumn>,
        /// For [`Layout::Prepared`]: records of three fields, the texts
        /// the middle one, and where each field starts.
        records: String,
        starts: Vec<u32>,
    }

    impl Owned {
        fn new(values: &[V], layout: Layout, ty: Option<ColumnType>) -> Owned {
            let mut o = Owned {
                len: values.len(),
                valid: bits(values.iter().map(|v| *v != V::Null)),
                offsets: vec![0],
                text: String::new(),
                days: Vec::new(),
                ints: Vec::new(),
                bits: bits(values.iter().map(|v| *v == V::Bool(true))),
                keys: Vec::new(),
                values: None,
                prepared: None,
                records: String::new(),
                starts: vec![0],
            };
            let is_text = values.iter().any(|v| matches!(v, V::Text(_)));
            if layout == Layout::Dictionary && is_text {
                // Distinct texts in reverse order of first use, and one
                // that no record uses.
                let mut distinct: Vec<V> = vec![V::Text("unused")];
                for v in values.iter().filter(|v| **v != V::Null) {
                    if !distinct.contains(v) {
                        distinct.insert(1, *v);
                    }
                }
                o.keys = values
                    .iter()
                    .map(|v| distinct.iter().position(|d| d == v).unwrap_or(0) as i32)
                    .collect();
                o.values = Some(Box::new(Owned::new(&distinct, Layout::Plain, ty)));
                return o;
            }
            for v in values {
                match *v {
                    V::Text(t) => o.text.push_str(t),
                    V::Day(d) => o.days.push(d),
                    V::Int(n) => o.ints.push(n),
                    _ => {}
                }
                if !matches!(v, V::Day(_) | V::Int(_)) {
                    o.days.push(0);
                    o.ints.push(0);
                }
                o.offsets.push(o.text.len() as i32);
            }
            if layout == Layout::Prepared && is_text {
                for v in values {
                    let text = if let V::Text(t) = v { t } else { "" };
                    for (field, end) in [("x", ','), (text, ';'), ("yz", '\n')] {
                        o.records.push_str(field);
                        o.records.push(end);
                        o.starts.push(o.records.len() as u32);
                    }
                }
                o.prepared = Some(PreparedColumn::new(o.fields(), o.len, ty));
            }
            o
        }

        fn fields(&self) -> Texts<'_> {
            Texts::Fields {
                starts: &self.starts,
                width: 3,
                column: 1,
                text: &self.records,
            }
        }

        fn input<'a>(
            &'a self,
            sample: &[V],
            dictionary: Option<&'a ColumnInput<'a>>,
        ) -> ColumnInput<'a> {
            if let Some(prepared) = &self.prepared {
                return prepared.input(self.fields(), self.len, dictionary);
            }
            let valid = Some(Bits {
                bytes: &self.valid,
                offset: 0,
            });
            let values = if let Some(values) = dictionary {
                ColumnValues::Dictionary {
                    keys: Keys::I32(&self.keys),
                    values,
                }
            } else {
                match sample.iter().find(|v| **v != V::Null) {
                    Some(V::Day(_)) => ColumnValues::Days(&self.days),
                    Some(V::Int(_)) => ColumnValues::Ints(&self.ints),
                    Some(V::Bool(_)) => ColumnValues::Flags(Bits {
                        bytes: &self.bits,
                        offset: 0,
                    }),
                    Some(V::Text(_)) => ColumnValues::Text(Texts::Offsets {
                        offsets: &self.offsets,
                        text: &self.text,
                    }),
                    _ => ColumnValues::Null,
                }
            };
            ColumnInput {
                len: self.len,
                values,
                valid,
            }
        }
    }

    /// The problems and the dataset (or the error finishing it) of the
    /// records written by the row writer.
    fn by_rows(columns: &[Vec<V>]) -> (Vec<String>, Result<Dataset, String>) {
        let mut b = DatasetBuilder::new(tree());
        let mut problems = Vec::new();
        let mut w = b.writer(TableKind::Cases, &header()).unwrap();
        for row in 0..columns[0].len() {
            let cells: Vec<Cell> = columns.iter().map(|c| c[row].cell()).collect();
            if let Err(e) = w.push(&cells) {
                problems.push(e.to_string());
            }
        }
        (problems, b.finish().map_err(|e| e.to_string()))
    }

    /// The same by the column writer, in chunks of `chunk` records.
    fn by_columns(
        columns: &[Vec<V>],
        layouts: &[Layout],
        chunk: usize,
    ) -> (Vec<String>, Result<Dataset, String>) {
        let mut b = DatasetBuilder::new(tree());
        let mut problems = Vec::new();
        let mut w = b.columns(TableKind::Cases, &header()).unwrap();
        let len = columns[0].len();
        let mut from = 0;
        while from < len {
            let to = (from + chunk).min(len);
            let parts: Vec<&[V]> = columns.iter().map(|c| &c[from..to]).collect();
            let owned: Vec<Owned> = parts
                .iter()
                .zip(layouts)
                .zip(header())
                .map(|((p, l), name)| {
                    let def = TableKind::Cases.columns().iter().find(|d| d.name == name);
                    Owned::new(p, *l, def.map(|d| d.ty))
                })
                .collect();
            let dictionaries: Vec<Option<ColumnInput>> = owned
                .iter()
                .map(|o| match &o.prepared {
                    Some(p) => p.dictionary(),
                    None => o.values.as_ref().map(|v| v.input(&[V::Text("")], None)),
                })
                .collect();
            let inputs: Vec<ColumnInput> = owned
                .iter()
                .zip(&parts)
                .zip(&dictionaries)
                .map(|((o, p), d)| o.input(p, d.as_ref()))
                .collect();
            let mut report = |e: DataError| {
                problems.push(e.to_string());
                true
            };
            assert!(w.push(&inputs, &mut report));
            from = to;
        }
        (problems, b.finish().map_err(|e| e.to_string()))
    }

    /// Everything a dataset shows of its table: the records as read back,
    /// their numbers in the input, the recipients in numbering order, the
    /// codes used and by which record first.
    fn shown(d: &Dataset) -> String {
        let t = TableKind::Cases;
        let records: Vec<_> = (0..d.len(t)).map(|r| d.record(t, r)).collect();
        let table = d.table(t);
        let rows: Vec<u64> = (0..table.len).map(|r| table.input_row(r)).collect();
        let recipients: Vec<&str> = (0..d.recipients.len() as u32)
            .map(|r| d.recipients.name(r))
            .collect();
        let used = ["process", "decision"].map(|c| d.codes_used(t, c));
        format!(
            "{records:?}\n{rows:?}\n{recipients:?}\n{used:?}\n{:?}",
            d.given_columns(t)
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(200))]

        /// On any records, good and bad, plain, as dictionaries or texts
        /// prepared, in chunks of any size: the same problems, in the same
        /// order, and the same dataset as the row writer.
        #[test]
        fn the_column_writer_does_what_the_row_writer_does(
            columns in (1usize..40).prop_flat_map(|rows| {
                header().into_iter().map(|n| column(n, rows)).collect::<Vec<_>>()
            }),
            layouts in proptest::collection::vec(
                prop_oneof![
                    Just(Layout::Plain), Just(Layout::Dictionary), Just(Layout::Prepared)
                ], 10),
            chunk in 1usize..50,
        ) {
            let (row_problems, row_data) = by_rows(&columns);
            let (column_problems, column_data) = by_columns(&columns, &layouts, chunk);
            prop_assert_eq!(row_problems, column_problems);
            match (row_data, column_data) {
                (Ok(a), Ok(b)) => prop_assert_eq!(shown(&a), shown(&b)),
                (a, b) => prop_assert_eq!(a.err(), b.err()),
            }
        }
    }

    fn staff(columns: &[ColumnInput<'_>]) -> (Vec<String>, Dataset) {
        let mut b = DatasetBuilder::new(tree());
        let mut problems = Vec::new();
        let mut w = b
            .columns(
                TableKind::Staff,
                &["unit_id", "month", "positions", "filled"],
            )
            .unwrap();
        w.push(columns, &mut |e| {
            problems.push(e.to_string());
            true
        });
        (problems, b.finish().unwrap())
    }

    #[test]
    fn months_are_their_first_day_and_views_are_read_inline_or_from_buffers() {
        // "U1" inline; "U2 " (with a space, trimmed) from a buffer, padded
        // to more than twelve bytes.
        let long = "xxU2           ";
        let mut views = Vec::new();
        views.extend(2u32.to_le_bytes());
        views.extend(b"U1\0\0\0\0\0\0\0\0\0\0");
        views.extend(13u32.to_le_bytes());
        views.extend(b"U2  ");
        views.extend(0u32.to_le_bytes());
        views.extend(2u32.to_le_bytes());
        let buffers = [long];
        let len = 2;
        let units = ColumnInput {
            len,
            values: ColumnValues::Text(Texts::Views {
                views: &views,
                buffers: &buffers,
            }),
            valid: None,
        };
        // 2026-07-15 and 2026-08-01.
        let months = ColumnInput {
            len,
            values: ColumnValues::Days(&[20_649, 20_666]),
            valid: None,
        };
        let ints = ColumnInput {
            len,
            values: ColumnValues::Ints(&[4, 5]),
            valid: None,
        };
        let (problems, data) = staff(&[units, months, ints, ints]);
        assert_eq!(problems, Vec::<String>::new());
        let t = TableKind::Staff;
        let day = |m, d| Value::Date(NaiveDate::from_ymd_opt(2026, m, d).unwrap());
        assert_eq!(
            data.record(t, 0).unwrap()[..2],
            [Value::Text("U1"), day(7, 1)]
        );
        assert_eq!(
            data.record(t, 1).unwrap()[..2],
            [Value::Text("U2"), day(8, 1)]
        );
    }

    #[test]
    fn fields_are_read_by_column_from_delimited_records() {
        // Two records of three fields, each field followed by one byte.
        let text = "U1,2026-07-15,4\n U2 ,,5\n";
        let starts = [0, 3, 14, 16, 21, 22, 24];
        let column = |column| Texts::Fields {
            starts: &starts,
            width: 3,
            column,
            text,
        };
        fn read(t: Texts<'_>) -> Vec<Option<&str>> {
            (0..t.len()).map(|i| t.get(i)).collect()
        }
        assert_eq!(read(column(0)), [Some("U1"), Some(" U2 ")]);
        assert_eq!(read(column(1)), [Some("2026-07-15"), Some("")]);
        assert_eq!(read(column(2)), [Some("4"), Some("5")]);
        // A column past the fields holds no text; a start past the text
        // gives none.
        assert_eq!(column(3).len(), 0);
        let past = Texts::Fields {
            starts: &[0, 3, 99],
            width: 1,
            column: 0,
            text,
        };
        assert_eq!(read(past), [Some("U1"), None]);
    }

    #[test]
    fn expecting_records_makes_room_and_changes_nothing_else() {
        let units = ["U1", "U2"];
        let offsets = [0i64, 2, 4];
        let len = 2;
        let chunk = [
            ColumnInput {
                len,
                values: ColumnValues::Text(Texts::LargeOffsets {
                    offsets: &offsets,
                    text: &units.concat(),
                }),
                valid: None,
            },
            ColumnInput {
                len,
                values: ColumnValues::Days(&[20_649, 20_666]),
                valid: None,
            },
            ColumnInput {
                len,
                values: ColumnValues::Ints(&[4, 5]),
                valid: None,
            },
            ColumnInput {
                len,
                values: ColumnValues::Ints(&[3, 5]),
                valid: None,
            },
        ];
        let header = ["unit_id", "month", "positions", "filled"];
        let load = |expect: usize| {
            let mut b = DatasetBuilder::new(tree());
            let mut w = b.columns(TableKind::Staff, &header).unwrap();
            w.expect(expect);
            assert!(w.push(&chunk, &mut |e| panic!("{e}")));
            let room = (b.dataset.tables[TableKind::Staff.index()].columns.iter())
                .map(|c| match c {
                    Column::Date(v) => v.capacity(),
                    Column::Count(v) => v.capacity(),
                    Column::Unit(v) => v.capacity(),
                    _ => 0,
                })
                .min();
            (room, shown(&b.finish().unwrap()))
        };
        let (room, expected) = load(1000);
        assert!(room >= Some(1000), "{room:?}");
        // A hint past what memory holds is ignored, not an abort.
        let (_, too_many) = load(usize::MAX);
        assert_eq!((expected.clone(), too_many), (load(0).1, expected));
    }

    #[test]
    fn a_malformed_chunk_is_one_problem_of_no_record_and_appends_nothing() {
        let short = ColumnInput {
            len: 2,
            values: ColumnValues::Ints(&[4]),
            valid: None,
        };
        let days = ColumnInput {
            len: 2,
            values: ColumnValues::Days(&[20_649, 20_666]),
            valid: None,
        };
        let units = ColumnInput {
            len: 2,
            values: ColumnValues::Null,
            valid: None,
        };
        let mut b = DatasetBuilder::new(tree());
        let mut problems = Vec::new();
        let mut w = b
            .columns(
                TableKind::Staff,
                &["unit_id", "month", "positions", "filled"],
            )
            .unwrap();
        let go_on = w.push(&[units, days, short, short], &mut |e| {
            problems.push(e.to_string());
            true
        });
        assert!(!go_on);
        assert_eq!(
            problems,
            ["staff, field `positions`: the column's arrays are shorter than the column"]
        );
        assert_eq!(b.finish().unwrap().len(TableKind::Staff), 0);
    }

    #[test]
    fn a_report_that_says_stop_stops_after_the_first_problem() {
        let units = ColumnInput {
            len: 2,
            values: ColumnValues::Null,
            valid: None,
        };
        let days = ColumnInput {
            len: 2,
            values: ColumnValues::Days(&[20_649, 20_666]),
            valid: None,
        };
        let ints = ColumnInput {
            len: 2,
            values: ColumnValues::Ints(&[4, 5]),
            valid: None,
        };
        let mut b = DatasetBuilder::new(tree());
        let mut problems = Vec::new();
        let mut w = b
            .columns(
                TableKind::Staff,
                &["unit_id", "month", "positions", "filled"],
            )
            .unwrap();
        let go_on = w.push(&[units, days, ints, ints], &mut |e| {
            problems.push(e.to_string());
            false
        });
        assert!(!go_on);
        assert_eq!(
            problems,
            ["staff, row 1, field `unit_id`: a required value is missing"]
        );
    }
}
