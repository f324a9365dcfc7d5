//! Arrow record batches into a dataset's tables: the one path by which
//! Arrow data (the Python binding's tables, Parquet files) reaches the
//! core's column writer ([`etalon_core::ColumnWriter`]).
//!
//! Each column of a batch is handed over as its Arrow buffers (offsets and
//! text, day numbers, whole numbers, bits), without a value per cell, once
//! brought to a layout the writer reads: an id column of integers is cast
//! to text, a count column of floats holding whole numbers (pandas with
//! missing values, NaN being missing) to whole numbers, a date column of
//! timestamps to days. A dictionary array keeps its keys and its values,
//! which the writer converts once each. Nested columns (lists, structs,
//! maps) are refused, naming the table, the column and its type; anything
//! the schema refuses is refused with the record's number, as the row
//! writer refuses it.

use arrow_array::cast::AsArray;
use arrow_array::types::{
    Date32Type, Float64Type, Int8Type, Int16Type, Int32Type, Int64Type, UInt8Type, UInt16Type,
    UInt32Type, UInt64Type,
};
use arrow_array::{
    Array, ArrayRef, Int64Array, LargeStringArray, RecordBatch, StringArray, StringViewArray,
    make_array,
};
use arrow_cast::{can_cast_types, cast};
use arrow_schema::{ArrowError, DataType, Schema};
use etalon_core::data::{Bits, Keys, Texts};
use etalon_core::{
    Cell, ColumnInput, ColumnType, ColumnValues, DataError, DatasetBuilder, TableKind,
};

/// Problems found in Arrow tables, collected up to a limit (each names its
/// table, record and column).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{} problems in the data{}:{}", .problems.len(), if *.stopped { " (loading stopped at this limit; there may be more)" } else { "" }, .problems.iter().map(|p| format!("\n  {p}")).collect::<String>())]
pub struct TableProblems {
    /// The problems, in the order found (table by table, record by record).
    pub problems: Vec<DataError>,
    /// Whether loading stopped at the limit of problems.
    pub stopped: bool,
}

/// Where problems go while tables are written: `report` takes one and says
/// whether to go on (false once the caller's limit is reached).
pub type Report<'a> = dyn FnMut(DataError) -> bool + 'a;

/// The positions and names of the data columns of an Arrow schema: all but
/// the index pandas adds as `__index_level_0__` when a frame has a
/// non-default index (a filtered frame); a named index is a column.
pub fn data_columns(schema: &Schema) -> (Vec<usize>, Vec<String>) {
    schema
        .fields()
        .iter()
        .enumerate()
        .filter(|(_, f)| !(f.name().starts_with("__index_level_") && f.name().ends_with("__")))
        .map(|(i, f)| (i, f.name().trim().to_string()))
        .unzip()
}

/// Writes Arrow `batches` of `schema` into `table` of `builder`, sending
/// every problem to `report`. Returns false when loading must stop (the
/// report said so, or a problem of no one record, such as the record
/// limit); a refused column ends its table only.
pub fn write_batches<I>(
    builder: &mut DatasetBuilder,
    table: TableKind,
    schema: &Schema,
    batches: I,
    report: &mut Report<'_>,
) -> bool
where
    I: IntoIterator<Item = Result<RecordBatch, ArrowError>>,
{
    let name = table.name();
    let (kept, header) = data_columns(schema);
    let types: Vec<ColumnType> = header.iter().map(|h| table.column_type(h)).collect();
    let mut writer = match builder.columns(table, &header) {
        Ok(w) => w,
        Err(e) => return report(e),
    };
    for batch in batches {
        let batch = match batch {
            Ok(b) => b,
            Err(e) => return report(unreadable(name, &e)),
        };
        // Brought to the writer's layouts, then lent to it: the arrays,
        // the text of their buffers, a dictionary's values, the columns.
        let prepared = kept
            .iter()
            .zip(&types)
            .zip(&header)
            .map(|((&i, &ty), column)| {
                prepare(batch.column(i), ty).map_err(|r| r.of(name, column))
            });
        let prepared = match prepared.collect::<Result<Vec<Prepared>, _>>() {
            Ok(p) => p,
            Err(e) => return report(e),
        };
        let texts = prepared.iter().zip(&header).map(|(p, column)| {
            let values = p.values.as_ref().map(texts).transpose();
            texts(&p.array)
                .and_then(|t| Ok((t, values?)))
                .map_err(|r| r.of(name, column))
        });
        let texts = match texts.collect::<Result<Vec<_>, _>>() {
            Ok(t) => t,
            Err(e) => return report(e),
        };
        let values = prepared
            .iter()
            .zip(&texts)
            .zip(&header)
            .map(|((p, (_, t)), column)| {
                let (Some(values), Some(t)) = (&p.values, t) else {
                    return Ok(None);
                };
                input(values, t, None)
                    .map(Some)
                    .map_err(|r| r.of(name, column))
            });
        let values: Vec<Option<ColumnInput>> = match values.collect() {
            Ok(v) => v,
            Err(e) => return report(e),
        };
        let inputs = prepared.iter().zip(&texts).zip(&values).zip(&header).map(
            |(((p, (t, _)), v), column)| {
                input(&p.array, t, v.as_ref()).map_err(|r| r.of(name, column))
            },
        );
        let inputs: Vec<ColumnInput> = match inputs.collect() {
            Ok(i) => i,
            Err(e) => return report(e),
        };
        if !writer.push(&inputs, report) {
            return false;
        }
    }
    true
}

/// Every cell of Arrow `batches` as text (a missing value as an empty
/// string), with the header: for the organisation tree and the tables of
/// scoring, which the engine reads as text. `table` names it in errors.
pub fn text_rows<I>(
    table: &str,
    schema: &Schema,
    batches: I,
) -> Result<(Vec<String>, Vec<Vec<String>>), DataError>
where
    I: IntoIterator<Item = Result<RecordBatch, ArrowError>>,
{
    let (kept, header) = data_columns(schema);
    let mut rows = Vec::new();
    for batch in batches {
        let batch = batch.map_err(|e| unreadable(table, &e))?;
        let columns = read_columns(table, &batch, &kept, &header)?;
        for row in 0..batch.num_rows() {
            rows.push(
                columns
                    .iter()
                    .map(|c| match c.cell(row) {
                        Cell::Text(t) => t.to_string(),
                        _ => String::new(),
                    })
                    .collect(),
            );
        }
    }
    Ok((header, rows))
}

fn unreadable(table: &str, e: &ArrowError) -> DataError {
    DataError::table(table, format!("the table could not be read: {e}"))
        .with_text("arrow-unreadable", &[("detail", e)])
}

fn read_columns(
    table: &str,
    batch: &RecordBatch,
    kept: &[usize],
    header: &[String],
) -> Result<Vec<Column>, DataError> {
    kept.iter()
        .zip(header)
        .map(|(&i, name)| column(batch.column(i)).map_err(|r| r.of(table, name)))
        .collect()
}

/// A column of one Arrow batch, read as text.
enum Column {
    /// Every value missing (an Arrow `Null` column).
    Null,
    Utf8(StringArray),
    LargeUtf8(LargeStringArray),
    View(StringViewArray),
    /// A dictionary array: its values read once, looked up by key.
    Dict {
        keys: ArrayRef,
        index: Vec<usize>,
        values: Box<Column>,
    },
}

impl Column {
    fn cell(&self, row: usize) -> Cell<'_> {
        let null = match self {
            Column::Null => true,
            Column::Utf8(a) => a.is_null(row),
            Column::LargeUtf8(a) => a.is_null(row),
            Column::View(a) => a.is_null(row),
            Column::Dict { keys, .. } => keys.is_null(row),
        };
        if null {
            return Cell::Null;
        }
        match self {
            Column::Null => Cell::Null,
            Column::Utf8(a) => Cell::Text(a.value(row)),
            Column::LargeUtf8(a) => Cell::Text(a.value(row)),
            Column::View(a) => Cell::Text(a.value(row)),
            Column::Dict { index, values, .. } => values.cell(index[row]),
        }
    }
}

/// Reads `array` as text.
fn column(array: &ArrayRef) -> Result<Column, Refusal> {
    if let DataType::Dictionary(_, _) = array.data_type() {
        let dict = array.as_any_dictionary();
        let values = column(dict.values())?;
        return Ok(Column::Dict {
            keys: make_array(dict.keys().to_data()),
            index: dict.normalized_keys(),
            values: Box::new(values),
        });
    }
    let text = text_array(array)?;
    Ok(match text.data_type() {
        DataType::Utf8 => Column::Utf8(text.as_string::<i32>().clone()),
        DataType::LargeUtf8 => Column::LargeUtf8(text.as_string::<i64>().clone()),
        DataType::Utf8View => Column::View(text.as_string_view().clone()),
        _ => Column::Null,
    })
}

/// A column of one batch in a layout the column writer reads.
struct Prepared {
    /// Null, text (`Utf8`, `LargeUtf8`, `Utf8View`), `Int64`, `Boolean`,
    /// `Date32`, or a dictionary's keys.
    array: ArrayRef,
    /// A dictionary's values, in one of those layouts.
    values: Option<ArrayRef>,
}

/// Brings `array` to a layout the column writer reads as type `ty`.
fn prepare(array: &ArrayRef, ty: ColumnType) -> Result<Prepared, Refusal> {
    let t = array.data_type();
    if is_nested(t) {
        return Err(refused(t));
    }
    if let DataType::Dictionary(_, _) = t {
        let dict = array.as_any_dictionary();
        let values = prepare(dict.values(), ty)?;
        if values.values.is_some() {
            return Err(refused(t));
        }
        return Ok(Prepared {
            array: make_array(dict.keys().to_data()),
            values: Some(values.array),
        });
    }
    let array = match (ty, t) {
        (_, DataType::Null) => array.clone(),
        (ColumnType::Flag, DataType::Boolean) => array.clone(),
        (ColumnType::Count | ColumnType::Flag, t) if t.is_integer() => {
            cast_to(array, &DataType::Int64)?
        }
        (ColumnType::Count | ColumnType::Flag, t) if is_float(t) => match whole_floats(array)? {
            Some(ints) => std::sync::Arc::new(ints),
            None => float_text(array)?,
        },
        (ColumnType::Date | ColumnType::Month, DataType::Date32) => array.clone(),
        (ColumnType::Date | ColumnType::Month, DataType::Date64 | DataType::Timestamp(_, _)) => {
            cast_to(array, &DataType::Date32)?
        }
        _ => text_array(array)?,
    };
    Ok(Prepared {
        array,
        values: None,
    })
}

/// The text a prepared text array's offsets or views point into, checked
/// as UTF-8 once per batch (none for other arrays).
fn texts(array: &ArrayRef) -> Result<Vec<&str>, Refusal> {
    Ok(match array.data_type() {
        DataType::Utf8 => {
            let a = array.as_string::<i32>();
            let end = a.value_offsets().last().map_or(0, |&e| e as usize);
            vec![utf8(
                a.value_data().get(..end).ok_or_else(offsets_past_text)?,
            )?]
        }
        DataType::LargeUtf8 => {
            let a = array.as_string::<i64>();
            let end = a.value_offsets().last().map_or(0, |&e| e as usize);
            vec![utf8(
                a.value_data().get(..end).ok_or_else(offsets_past_text)?,
            )?]
        }
        DataType::Utf8View => {
            let a = array.as_string_view();
            a.data_buffers()
                .iter()
                .map(|b| utf8(b.as_slice()))
                .collect::<Result<_, _>>()?
        }
        _ => Vec::new(),
    })
}

fn offsets_past_text() -> Refusal {
    Refusal::plain(
        "arrow-offsets",
        "the column's text offsets are past its text",
    )
}

/// `bytes` as text, or the refusal.
fn utf8(bytes: &[u8]) -> Result<&str, Refusal> {
    std::str::from_utf8(bytes)
        .map_err(|_| Refusal::plain("arrow-utf8", "the column's text is not valid UTF-8"))
}

/// A prepared array as the column writer's input; `texts` from [`texts`],
/// `dictionary` the input of a dictionary's values.
fn input<'a>(
    array: &'a ArrayRef,
    texts: &'a [&'a str],
    dictionary: Option<&'a ColumnInput<'a>>,
) -> Result<ColumnInput<'a>, Refusal> {
    let valid = array.nulls().map(|n| Bits {
        bytes: n.inner().values(),
        offset: n.offset(),
    });
    let text = texts.first().copied().unwrap_or_default();
    let values = match (array.data_type(), dictionary) {
        (_, Some(values)) => ColumnValues::Dictionary {
            keys: keys(array),
            values,
        },
        (DataType::Utf8, _) => ColumnValues::Text(Texts::Offsets {
            offsets: array.as_string::<i32>().value_offsets(),
            text,
        }),
        (DataType::LargeUtf8, _) => ColumnValues::Text(Texts::LargeOffsets {
            offsets: array.as_string::<i64>().value_offsets(),
            text,
        }),
        (DataType::Utf8View, _) => ColumnValues::Text(Texts::Views {
            views: array.as_string_view().views().inner().as_slice(),
            buffers: texts,
        }),
        (DataType::Int64, _) => ColumnValues::Ints(array.as_primitive::<Int64Type>().values()),
        (DataType::Date32, _) => ColumnValues::Days(array.as_primitive::<Date32Type>().values()),
        (DataType::Boolean, _) => {
            let bits = array.as_boolean().values();
            ColumnValues::Flags(Bits {
                bytes: bits.values(),
                offset: bits.offset(),
            })
        }
        (DataType::Null, _) => ColumnValues::Null,
        (t, _) => return Err(refused(t)),
    };
    Ok(ColumnInput {
        len: array.len(),
        values,
        valid,
    })
}

/// A dictionary's keys as they are (an array of keys of another type than
/// Arrow allows reads as no keys, which the writer refuses as too short).
fn keys(array: &ArrayRef) -> Keys<'_> {
    match array.data_type() {
        DataType::Int8 => Keys::I8(array.as_primitive::<Int8Type>().values()),
        DataType::Int16 => Keys::I16(array.as_primitive::<Int16Type>().values()),
        DataType::Int32 => Keys::I32(array.as_primitive::<Int32Type>().values()),
        DataType::Int64 => Keys::I64(array.as_primitive::<Int64Type>().values()),
        DataType::UInt8 => Keys::U8(array.as_primitive::<UInt8Type>().values()),
        DataType::UInt16 => Keys::U16(array.as_primitive::<UInt16Type>().values()),
        DataType::UInt32 => Keys::U32(array.as_primitive::<UInt32Type>().values()),
        DataType::UInt64 => Keys::U64(array.as_primitive::<UInt64Type>().values()),
        _ => Keys::U8(&[]),
    }
}

fn cast_to(array: &ArrayRef, to: &DataType) -> Result<ArrayRef, Refusal> {
    cast(array, to).map_err(|e| Refusal {
        message: e.to_string(),
        id: "arrow-cast",
        args: vec![("detail", e.to_string())],
    })
}

/// Why a column cannot be read: the English words, and the catalogue
/// message (`data-<id>`) with its values.
struct Refusal {
    message: String,
    id: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Refusal {
    /// A refusal whose catalogue message takes no values.
    fn plain(id: &'static str, message: &str) -> Self {
        Refusal {
            message: message.to_string(),
            id,
            args: Vec::new(),
        }
    }

    /// The error of column `name` of `table`.
    fn of(self, table: &str, name: &str) -> DataError {
        DataError::column(table, name, self.message).with_text(self.id, &self.args)
    }
}

/// A whole float as an integer, if it is one.
fn whole(f: f64) -> Option<i64> {
    (f.is_finite() && f.fract() == 0.0 && f.abs() < 9.0e18).then_some(f as i64)
}

/// Whole floats (and NaN as missing) to integers; `None` if any is not whole.
fn whole_floats(array: &ArrayRef) -> Result<Option<Int64Array>, Refusal> {
    let floats = cast_to(array, &DataType::Float64)?;
    let floats = floats.as_primitive::<Float64Type>();
    let mut out = Vec::with_capacity(floats.len());
    for i in 0..floats.len() {
        if floats.is_null(i) || floats.value(i).is_nan() {
            out.push(None);
            continue;
        }
        match whole(floats.value(i)) {
            Some(n) => out.push(Some(n)),
            None => return Ok(None),
        }
    }
    Ok(Some(Int64Array::from(out)))
}

/// Floats as text: a whole one as a whole number, NaN (pandas' missing
/// value) as missing, any other as written (refused where a whole number
/// is expected, at its own record).
fn float_text(array: &ArrayRef) -> Result<ArrayRef, Refusal> {
    let floats = cast_to(array, &DataType::Float64)?;
    let floats = floats.as_primitive::<Float64Type>();
    let text: StringArray = floats
        .iter()
        .map(|v| {
            v.filter(|f| !f.is_nan())
                .map(|f| whole(f).map_or_else(|| f.to_string(), |n| n.to_string()))
        })
        .collect();
    Ok(std::sync::Arc::new(text))
}

fn is_float(t: &DataType) -> bool {
    matches!(t, DataType::Float16 | DataType::Float32 | DataType::Float64)
}

/// Lists, structs, maps and unions: several values in one cell.
fn is_nested(t: &DataType) -> bool {
    matches!(
        t,
        DataType::List(_)
            | DataType::LargeList(_)
            | DataType::ListView(_)
            | DataType::LargeListView(_)
            | DataType::FixedSizeList(_, _)
            | DataType::Struct(_)
            | DataType::Map(_, _)
            | DataType::Union(_, _)
            | DataType::RunEndEncoded(_, _)
    )
}

fn refused(t: &DataType) -> Refusal {
    let args = vec![("type", t.to_string())];
    if is_nested(t) {
        Refusal {
            message: format!(
                "a column of Arrow type {t} holds several values in a cell; give one value per cell"
            ),
            id: "arrow-nested",
            args,
        }
    } else {
        Refusal {
            message: format!("a column of Arrow type {t} cannot be read"),
            id: "arrow-type",
            args,
        }
    }
}

/// `array` as a text array (`Utf8`, `LargeUtf8`, `Utf8View`) or a null one.
fn text_array(array: &ArrayRef) -> Result<ArrayRef, Refusal> {
    let t = array.data_type();
    Ok(match t {
        DataType::Null | DataType::Utf8 | DataType::LargeUtf8 | DataType::Utf8View => array.clone(),
        t if is_float(t) => float_text(array)?,
        t if !is_nested(t) && can_cast_types(t, &DataType::Utf8) => {
            cast_to(array, &DataType::Utf8)?
        }
        t => return Err(refused(t)),
    })
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::*;
    use arrow_array::builder::{ListBuilder, StringBuilder};
    use arrow_array::types::Int8Type;
    use arrow_array::{
        BooleanArray, Date32Array, DictionaryArray, Float64Array, Int32Array, NullArray,
        StructArray, TimestampMillisecondArray,
    };
    use arrow_schema::Field;
    use chrono::NaiveDate;
    use etalon_core::data::Value;
    use etalon_core::{Dataset, OrgTree};

    fn tree() -> OrgTree {
        let mut t = OrgTree::builder("R", "Регион");
        t.group("G", "Группа").unwrap();
        t.org("O", "Организация", "G", "КЦСОН").unwrap();
        t.unit("U1", "Отделение 1", "O", ["home_care"]).unwrap();
        t.unit("U2", "Отделение 2", "O", ["home_care"]).unwrap();
        t.build().unwrap()
    }

    fn batch(columns: Vec<(&str, ArrayRef)>) -> RecordBatch {
        RecordBatch::try_from_iter(columns).unwrap()
    }

    /// Writes `batches` into `table`, collecting up to `limit` problems.
    fn load(
        table: TableKind,
        batches: Vec<RecordBatch>,
        limit: usize,
    ) -> Result<Dataset, Vec<String>> {
        let schema = batches[0].schema();
        let mut builder = DatasetBuilder::new(tree());
        let mut problems = Vec::new();
        let mut report = |e: DataError| {
            problems.push(e.to_string());
            problems.len() < limit
        };
        write_batches(
            &mut builder,
            table,
            &schema,
            batches.into_iter().map(Ok),
            &mut report,
        );
        if !problems.is_empty() {
            return Err(problems);
        }
        builder.finish().map_err(|e| vec![e.to_string()])
    }

    fn column<'a>(data: &'a Dataset, table: TableKind, name: &str) -> Vec<Value<'a>> {
        let at = data.columns(table).iter().position(|c| c == name).unwrap();
        data.values(table, at).unwrap().collect()
    }

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn text(v: &[&str]) -> ArrayRef {
        Arc::new(StringArray::from(v.to_vec()))
    }

    #[test]
    fn reads_each_text_integer_float_and_date_type() {
        let months = Date32Array::from(vec![20635, 20666]); // 2026-07-01, 2026-08-01
        let data = load(
            TableKind::Staff,
            vec![batch(vec![
                (
                    "unit_id",
                    Arc::new(LargeStringArray::from(vec!["U1", "U2"])),
                ),
                ("month", Arc::new(months)),
                ("positions", Arc::new(Int32Array::from(vec![10, 12]))),
                ("filled", Arc::new(Float64Array::from(vec![9.0, 11.0]))),
                ("trained", Arc::new(Float64Array::from(vec![f64::NAN, 4.0]))),
            ])],
            10,
        )
        .unwrap();
        let t = TableKind::Staff;
        assert_eq!(
            column(&data, t, "unit_id"),
            [Value::Text("U1"), Value::Text("U2")]
        );
        assert_eq!(
            column(&data, t, "month"),
            [Value::Date(day(2026, 7, 1)), Value::Date(day(2026, 8, 1))]
        );
        assert_eq!(
            column(&data, t, "positions"),
            [Value::Count(10), Value::Count(12)]
        );
        assert_eq!(
            column(&data, t, "filled"),
            [Value::Count(9), Value::Count(11)]
        );
        assert_eq!(column(&data, t, "trained"), [Value::Null, Value::Count(4)]);
    }

    #[test]
    fn reads_string_views_timestamps_and_dictionaries() {
        // 2026-07-15 12:00 UTC and 2026-08-02 00:00 UTC.
        let stamps = TimestampMillisecondArray::from(vec![1_784_116_800_000, 1_785_628_800_000]);
        let units: DictionaryArray<Int8Type> = vec!["U2", "U1"].into_iter().collect();
        let data = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", Arc::new(units)),
                ("month", Arc::new(stamps)),
                ("positions", Arc::new(Int64Array::from(vec![3, 4]))),
                ("filled", Arc::new(StringViewArray::from(vec!["1", "2"]))),
            ])],
            10,
        )
        .unwrap();
        let t = TableKind::Staff;
        assert_eq!(
            column(&data, t, "unit_id"),
            [Value::Text("U2"), Value::Text("U1")]
        );
        assert_eq!(
            column(&data, t, "month"),
            [Value::Date(day(2026, 7, 1)), Value::Date(day(2026, 8, 1))]
        );
        assert_eq!(
            column(&data, t, "filled"),
            [Value::Count(1), Value::Count(2)]
        );
    }

    #[test]
    fn whole_numbers_are_checked_over_the_array_at_their_records() {
        let problems = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", text(&["U1", "U2", "U1", "U2"])),
                (
                    "month",
                    Arc::new(Date32Array::from(vec![20635, 20635, 20666, 20666])),
                ),
                (
                    "positions",
                    Arc::new(Int64Array::from(vec![Some(5), Some(-1), None, Some(3)])),
                ),
                (
                    "filled",
                    Arc::new(Int64Array::from(vec![
                        Some(i64::MIN),
                        Some(1),
                        Some(1),
                        Some(4),
                    ])),
                ),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "staff, row 1, field `filled`: a count cannot be negative",
                "staff, row 2, field `positions`: a count cannot be negative",
                "staff, row 3, field `positions`: a required value is missing",
                "staff, row 4, field `filled`: the value is more than positions",
            ]
        );
    }

    #[test]
    fn reads_booleans_as_flags() {
        let data = load(
            TableKind::Complaints,
            vec![batch(vec![
                ("complaint_id", text(&["K1", "K2", "K3"])),
                ("unit_id", text(&["U1", "U1", "U2"])),
                (
                    "received_on",
                    text(&["2026-07-01", "2026-07-02", "2026-07-03"]),
                ),
                (
                    "justified",
                    Arc::new(BooleanArray::from(vec![Some(true), None, Some(false)])),
                ),
            ])],
            10,
        )
        .unwrap();
        assert_eq!(
            column(&data, TableKind::Complaints, "justified"),
            [Value::Flag(true), Value::Null, Value::Flag(false)]
        );
    }

    #[test]
    fn a_null_column_is_missing_and_a_required_one_names_its_field() {
        let problems = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", text(&["U1", "U2"])),
                ("month", text(&["2026-07-01", "2026-07-01"])),
                ("positions", Arc::new(NullArray::new(2))),
                ("filled", Arc::new(Int64Array::from(vec![0, 0]))),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "staff, row 1, field `positions`: a required value is missing",
                "staff, row 2, field `positions`: a required value is missing",
            ]
        );
    }

    #[test]
    fn a_missing_dictionary_key_is_a_missing_value_at_its_row() {
        let units: DictionaryArray<Int8Type> =
            vec![Some("U1"), None, Some("U1")].into_iter().collect();
        let problems = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", Arc::new(units)),
                ("month", text(&["2026-07-01", "2026-08-01", "2026-09-01"])),
                ("positions", Arc::new(Int64Array::from(vec![1, 1, 1]))),
                ("filled", Arc::new(Int64Array::from(vec![1, 1, 1]))),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            ["staff, row 2, field `unit_id`: a required value is missing"]
        );
    }

    #[test]
    fn record_numbers_run_on_across_batches_and_problems_stop_at_the_limit() {
        let part = |month: &str, filled: Vec<f64>| {
            batch(vec![
                ("unit_id", text(&["U1", "U2"])),
                ("month", text(&[month, month])),
                ("positions", Arc::new(Int64Array::from(vec![5, 5]))),
                ("filled", Arc::new(Float64Array::from(filled))),
            ])
        };
        let both = || {
            vec![
                part("2026-07-01", vec![1.0, 2.5]),
                part("2026-08-01", vec![2.5, 2.5]),
            ]
        };
        let all = load(TableKind::Staff, both(), 10).unwrap_err();
        let at = |row: u32| format!("staff, row {row}, field `filled`: expected a whole number");
        assert_eq!(all, [at(2), at(3), at(4)]);
        assert_eq!(load(TableKind::Staff, both(), 2).unwrap_err().len(), 2);
    }

    #[test]
    fn a_list_column_is_refused_naming_column_and_type() {
        let mut lists = ListBuilder::new(StringBuilder::new());
        lists.values().append_value("U1");
        lists.append(true);
        let problems = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", Arc::new(lists.finish())),
                ("month", text(&["2026-07-01"])),
                ("positions", Arc::new(Int64Array::from(vec![1]))),
                ("filled", Arc::new(Int64Array::from(vec![1]))),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "staff, field `unit_id`: a column of Arrow type List(Utf8) holds several values \
                 in a cell; give one value per cell"
            ]
        );
    }

    #[test]
    fn a_refused_column_is_said_in_each_language() {
        let list = DataType::List(Arc::new(arrow_schema::Field::new(
            "item",
            DataType::Utf8,
            true,
        )));
        let e = refused(&list).of("staff", "unit_id");
        let en = crate::catalogue::data_error(&e, crate::report::Lang::En);
        assert_eq!(en, e.to_string());
        assert_eq!(
            crate::catalogue::data_error(&e, crate::report::Lang::Ru),
            "staff, поле `unit_id`: столбец типа Arrow List(Utf8) содержит несколько значений в \
             ячейке; нужно одно значение в ячейке"
        );
    }

    #[test]
    fn a_struct_column_is_refused_naming_column_and_type() {
        let inner = StructArray::from(vec![(
            Arc::new(Field::new("n", DataType::Int64, false)),
            Arc::new(Int64Array::from(vec![1])) as ArrayRef,
        )]);
        let problems = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", text(&["U1"])),
                ("month", text(&["2026-07-01"])),
                ("positions", Arc::new(inner)),
                ("filled", Arc::new(Int64Array::from(vec![1]))),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "staff, field `positions`: a column of Arrow type Struct(\"n\": non-null Int64) \
                 holds several values in a cell; give one value per cell"
            ]
        );
    }

    #[test]
    fn sliced_arrays_are_read_from_their_offset() {
        // Slices starting inside a byte of the validity and boolean bits.
        let ids = StringArray::from(vec![Some("K0"), Some("K1"), Some("K2"), Some("K3")]);
        let units = StringViewArray::from(vec![
            Some("U2"),
            Some("U1"),
            None,
            Some("U2 with a name longer than twelve bytes"),
        ]);
        let flags = BooleanArray::from(vec![Some(false), Some(true), None, Some(false)]);
        let days = Date32Array::from(vec![Some(1), Some(20_635), Some(20_636), None]);
        let data = load(
            TableKind::Complaints,
            vec![batch(vec![
                ("complaint_id", Arc::new(ids.slice(1, 2))),
                ("unit_id", Arc::new(units.slice(1, 2))),
                ("received_on", Arc::new(days.slice(1, 2))),
                ("justified", Arc::new(flags.slice(1, 2))),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            data,
            ["complaints, row 2, field `unit_id`: a required value is missing"]
        );
        let data = load(
            TableKind::Complaints,
            vec![batch(vec![
                ("complaint_id", Arc::new(ids.slice(0, 2))),
                ("unit_id", Arc::new(units.slice(0, 2))),
                ("received_on", Arc::new(days.slice(1, 2))),
                ("justified", Arc::new(flags.slice(1, 2))),
            ])],
            10,
        )
        .unwrap();
        let t = TableKind::Complaints;
        assert_eq!(
            column(&data, t, "complaint_id"),
            [Value::Text("K0"), Value::Text("K1")]
        );
        assert_eq!(
            column(&data, t, "received_on"),
            [Value::Date(day(2026, 7, 1)), Value::Date(day(2026, 7, 2))]
        );
        assert_eq!(
            column(&data, t, "justified"),
            [Value::Flag(true), Value::Null]
        );
        let long = StringViewArray::from(vec!["U2 with a name longer than twelve bytes"]);
        let problems = load(
            TableKind::Complaints,
            vec![batch(vec![
                ("complaint_id", text(&["K1"])),
                ("unit_id", Arc::new(long)),
                ("received_on", text(&["2026-07-01"])),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            ["complaints, row 1, field `unit_id`: the unit is not in the organisation tree"]
        );
    }

    #[test]
    fn dictionaries_with_unsigned_keys_and_missing_values_are_read_by_key() {
        // As polars gives a categorical column: u32 keys.
        let values = StringArray::from(vec![Some("U1"), None, Some("U2")]);
        let units = DictionaryArray::new(
            arrow_array::UInt32Array::from(vec![Some(2), Some(0), Some(1), None]),
            Arc::new(values),
        );
        let problems = load(
            TableKind::Staff,
            vec![batch(vec![
                ("unit_id", Arc::new(units)),
                (
                    "month",
                    text(&["2026-07-01", "2026-08-01", "2026-09-01", "2026-10-01"]),
                ),
                ("positions", Arc::new(Int64Array::from(vec![1, 1, 1, 1]))),
                ("filled", Arc::new(Int64Array::from(vec![1, 1, 1, 1]))),
            ])],
            10,
        )
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "staff, row 3, field `unit_id`: a required value is missing",
                "staff, row 4, field `unit_id`: a required value is missing",
            ]
        );
    }

    #[test]
    fn text_rows_read_every_type_as_text_and_skip_a_pandas_index() {
        let b = batch(vec![
            ("unit_id", text(&["U1", "U2"])),
            ("places", Arc::new(Float64Array::from(vec![3.0, f64::NAN]))),
            ("__index_level_0__", Arc::new(Int64Array::from(vec![7, 9]))),
        ]);
        let (header, rows) = text_rows("org_tree", &b.schema(), [Ok(b.clone())]).unwrap();
        assert_eq!(header, ["unit_id", "places"]);
        assert_eq!(rows, [["U1", "3"], ["U2", ""]]);
    }
}
