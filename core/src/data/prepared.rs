//! Text columns converted ahead of the column writer, on a thread of the
//! loader's pool: what needs nothing but the text itself (dates, counts and
//! flags parsed, the distinct texts of a code or unit column gathered
//! into a dictionary), so that the one writing thread only
//! appends, numbers each distinct value and checks.
//!
//! A prepared column gives the writer exactly what its texts would: a
//! column whose cells do not all convert is left as text, and the writer
//! then reads it and says why a cell is wrong as it always does.

use std::collections::HashMap;

use super::columns::{Bits, ColumnInput, ColumnValues, Keys, Texts, field_text};
use super::dataset::{parse_day, parse_flag, trimmed};
use super::schema::ColumnType;

/// One column of a chunk of text cells, prepared for
/// [`crate::ColumnWriter::push`] by [`PreparedColumn::new`].
#[derive(Debug, Clone)]
pub struct PreparedColumn {
    form: Form,
    /// Which values are given (bits), for dates, counts and flags; none
    /// when all are.
    valid: Option<Vec<u8>>,
}

#[derive(Debug, Clone)]
enum Form {
    /// The texts as they are: ids, and columns with a cell that does not
    /// convert.
    Text,
    Days(Vec<i32>),
    Ints(Vec<i64>),
    /// One bit per value.
    Flags(Vec<u8>),
    /// Per record the position of its text among the distinct ones, which
    /// are kept in the order records first use them.
    Dictionary {
        keys: Vec<u32>,
        offsets: Vec<i64>,
        text: String,
    },
}

impl PreparedColumn {
    /// Prepares the first `len` texts of a column stored as `ty` (none: a
    /// column the schema does not name, such as a questionnaire item).
    pub fn new(texts: Texts<'_>, len: usize, ty: Option<ColumnType>) -> Self {
        // The layout CSV chunks have: the column's bounds are every
        // `width`-th start, read without a lookup of the layout per cell.
        if let Texts::Fields {
            starts,
            width,
            column,
            text,
        } = texts
        {
            let holds = column < width && len.checked_mul(width).is_some_and(|n| starts.len() > n);
            if let (true, Some(from), Some(ends)) =
                (holds, starts.get(column..), starts.get(column + 1..))
            {
                let bounds = (from.iter().step_by(width)).zip(ends.iter().step_by(width));
                let cells = (bounds.take(len)).map(|(&start, &next)| field_text(text, start, next));
                return Self::of(cells, len, ty);
            }
        }
        Self::of((0..len).map(|i| texts.get(i)), len, ty)
    }

    /// Prepares `cells` (none where the layout holds no text), `len` of them.
    fn of<'t>(
        cells: impl Iterator<Item = Option<&'t str>>,
        len: usize,
        ty: Option<ColumnType>,
    ) -> Self {
        let mut cells = cells;
        let prepared = match ty {
            // Ids are stored as they come; recipient ids are mostly
            // distinct within a chunk, so gathering them would only add a
            // lookup: the writer numbers them as they come.
            Some(ColumnType::Id | ColumnType::Recipient) => None,
            Some(ColumnType::Date | ColumnType::Month) => {
                typed(cells.map(|c| c.map(trimmed)), parse_day)
                    .map(|(v, valid)| (Form::Days(v), valid))
            }
            Some(ColumnType::Count) => {
                typed(cells.map(|c| c.map(trimmed)), |t| t.parse::<i64>().ok())
                    .map(|(v, valid)| (Form::Ints(v), valid))
            }
            Some(ColumnType::Flag) => typed(cells.map(|c| c.map(trimmed)), parse_flag)
                .map(|(v, valid)| (Form::Flags(bits(v.into_iter())), valid)),
            Some(ColumnType::Code | ColumnType::Unit) | None => {
                dictionary(&mut cells, len).map(|form| (form, None))
            }
        };
        match prepared {
            Some((form, valid)) => PreparedColumn { form, valid },
            None => PreparedColumn {
                form: Form::Text,
                valid: None,
            },
        }
    }

    /// The distinct values of a dictionary, to be lent to
    /// [`PreparedColumn::input`]; none for other forms.
    pub fn dictionary(&self) -> Option<ColumnInput<'_>> {
        match &self.form {
            Form::Dictionary { offsets, text, .. } => Some(ColumnInput {
                len: offsets.len() - 1,
                values: ColumnValues::Text(Texts::LargeOffsets { offsets, text }),
                valid: None,
            }),
            _ => None,
        }
    }

    /// The first `len` values as the writer's input: `texts` are the
    /// column's texts the column was prepared from, `dictionary` what
    /// [`PreparedColumn::dictionary`] gave.
    pub fn input<'a>(
        &'a self,
        texts: Texts<'a>,
        len: usize,
        dictionary: Option<&'a ColumnInput<'a>>,
    ) -> ColumnInput<'a> {
        let values = match (&self.form, dictionary) {
            (Form::Days(days), _) => ColumnValues::Days(days),
            (Form::Ints(ints), _) => ColumnValues::Ints(ints),
            (Form::Flags(flags), _) => ColumnValues::Flags(Bits {
                bytes: flags,
                offset: 0,
            }),
            (Form::Dictionary { keys, .. }, Some(values)) => ColumnValues::Dictionary {
                keys: Keys::U32(keys),
                values,
            },
            _ => ColumnValues::Text(texts),
        };
        ColumnInput {
            len,
            values,
            valid: self.valid.as_ref().map(|bytes| Bits { bytes, offset: 0 }),
        }
    }
}

/// Values parsed by `parse` from trimmed texts (an empty one is missing),
/// with the bits of those given (none if all are); none if a text does
/// not parse (or the layout does not hold one).
fn typed<'t, T: Default>(
    cells: impl Iterator<Item = Option<&'t str>>,
    parse: impl Fn(&str) -> Option<T>,
) -> Option<(Vec<T>, Option<Vec<u8>>)> {
    let mut values = Vec::with_capacity(cells.size_hint().0);
    let mut given = Vec::with_capacity(values.capacity());
    for cell in cells {
        let t = cell?;
        if t.is_empty() {
            values.push(T::default());
            given.push(false);
        } else {
            values.push(parse(t)?);
            given.push(true);
        }
    }
    let all = given.iter().all(|&g| g);
    Some((values, (!all).then(|| bits(given.into_iter()))))
}

/// Bits in Arrow's layout, least significant first.
pub(super) fn bits(flags: impl Iterator<Item = bool>) -> Vec<u8> {
    let mut out = Vec::new();
    for (i, f) in flags.enumerate() {
        if i % 8 == 0 {
            out.push(0);
        }
        if f {
            if let Some(last) = out.last_mut() {
                *last |= 1 << (i % 8);
            }
        }
    }
    out
}

/// The texts as a dictionary of the distinct texts as given (untrimmed,
/// as the writer keys them); none if the layout does not hold a text.
fn dictionary(cells: &mut dyn Iterator<Item = Option<&str>>, len: usize) -> Option<Form> {
    // Keyed as the interners are (docs/decisions/0005-fast-keyed-hash.md).
    let mut seen: HashMap<&str, u32, ahash::RandomState> = HashMap::default();
    let mut keys = Vec::with_capacity(len);
    let mut offsets = vec![0i64];
    let mut text = String::new();
    // The cell before and its key: exports come grouped (a unit's records
    // together, a column left empty), so most cells repeat the one before
    // and are numbered without a lookup.
    let mut last: Option<(&str, u32)> = None;
    for cell in cells {
        let t = cell?;
        if let Some((_, key)) = last.filter(|(before, _)| *before == t) {
            keys.push(key);
            continue;
        }
        let next = seen.len() as u32;
        let key = *seen.entry(t).or_insert_with(|| {
            text.push_str(t);
            offsets.push(text.len() as i64);
            next
        });
        keys.push(key);
        last = Some((t, key));
    }
    Some(Form::Dictionary {
        keys,
        offsets,
        text,
    })
}
