use super::schema::{ColumnType, TableKind};

/// Marks a missing code or recipient.
pub(crate) const NULL_CODE: u32 = u32::MAX;
/// Marks a missing date.
pub(crate) const NULL_DATE: i32 = i32::MIN;
/// Marks a missing count.
pub(crate) const NULL_INT: i64 = i64::MIN;
/// Marks a missing flag.
pub(crate) const NULL_FLAG: u8 = 2;

/// One column's values. Missing values are the `NULL_*` sentinels, so a
/// column is one dense array.
#[derive(Debug, Clone)]
pub(crate) enum Column {
    /// Record ids, concatenated; `ends[i]` is where id `i` ends.
    Id { bytes: String, ends: Vec<u32> },
    /// Interned codes (the dataset's code interner).
    Code(Vec<u32>),
    /// Day numbers (also months, as their first day).
    Date(Vec<i32>),
    /// Non-negative counts.
    Count(Vec<i64>),
    /// 0, 1, or [`NULL_FLAG`].
    Flag(Vec<u8>),
    /// Unit indices in the tree.
    Unit(Vec<u32>),
    /// Interned recipient ids (the dataset's recipient interner).
    Recipient(Vec<u32>),
}

impl Column {
    pub fn new(ty: ColumnType) -> Column {
        match ty {
            ColumnType::Id => Column::Id {
                bytes: String::new(),
                ends: Vec::new(),
            },
            ColumnType::Code => Column::Code(Vec::new()),
            ColumnType::Date | ColumnType::Month => Column::Date(Vec::new()),
            ColumnType::Count => Column::Count(Vec::new()),
            ColumnType::Flag => Column::Flag(Vec::new()),
            ColumnType::Unit => Column::Unit(Vec::new()),
            ColumnType::Recipient => Column::Recipient(Vec::new()),
        }
    }

    /// A column of `len` missing values.
    pub fn nulls(ty: ColumnType, len: usize) -> Column {
        match ty {
            ColumnType::Id => Column::Id {
                bytes: String::new(),
                ends: vec![0; len],
            },
            ColumnType::Code => Column::Code(vec![NULL_CODE; len]),
            ColumnType::Date | ColumnType::Month => Column::Date(vec![NULL_DATE; len]),
            ColumnType::Count => Column::Count(vec![NULL_INT; len]),
            ColumnType::Flag => Column::Flag(vec![NULL_FLAG; len]),
            ColumnType::Unit => Column::Unit(vec![NULL_CODE; len]),
            ColumnType::Recipient => Column::Recipient(vec![NULL_CODE; len]),
        }
    }

    /// The id of row `row` (Id columns only).
    pub fn id(&self, row: usize) -> &str {
        match self {
            Column::Id { bytes, ends } => {
                let start = if row == 0 { 0 } else { ends[row - 1] as usize };
                &bytes[start..ends[row] as usize]
            }
            _ => "",
        }
    }

    /// The values reordered: the new row `i` is the old row `order[i]`.
    pub fn permuted(&self, order: &[u32]) -> Column {
        fn take<T: Copy>(v: &[T], order: &[u32]) -> Vec<T> {
            order.iter().map(|&i| v[i as usize]).collect()
        }
        match self {
            Column::Id { bytes, .. } => {
                let mut out = String::with_capacity(bytes.len());
                let mut ends = Vec::with_capacity(order.len());
                for &i in order {
                    out.push_str(self.id(i as usize));
                    ends.push(out.len() as u32);
                }
                Column::Id { bytes: out, ends }
            }
            Column::Code(v) => Column::Code(take(v, order)),
            Column::Unit(v) => Column::Unit(take(v, order)),
            Column::Recipient(v) => Column::Recipient(take(v, order)),
            Column::Date(v) => Column::Date(take(v, order)),
            Column::Count(v) => Column::Count(take(v, order)),
            Column::Flag(v) => Column::Flag(take(v, order)),
        }
    }

    /// The least and greatest date given (none for a column of another
    /// type, or where every date is missing).
    pub fn date_bounds(&self) -> Option<(i32, i32)> {
        let Column::Date(days) = self else {
            return None;
        };
        // Without a branch per date (the compiler vectorises it): a missing
        // date is the least `i32`, so it never wins the maximum, and it
        // counts as the greatest for the minimum.
        let least = days
            .iter()
            .map(|&d| if d == NULL_DATE { i32::MAX } else { d })
            .fold(i32::MAX, i32::min);
        let greatest = days.iter().copied().fold(NULL_DATE, i32::max);
        (greatest != NULL_DATE).then_some((least, greatest))
    }
}

/// A validated table, by column.
#[derive(Debug, Clone)]
pub(crate) struct Table {
    pub kind: TableKind,
    pub len: usize,
    pub names: Vec<String>,
    pub types: Vec<ColumnType>,
    pub columns: Vec<Column>,
    /// For each code column: the distinct codes in first-use order, each with
    /// the 1-based number of the first record using it (input order). Filled
    /// once when the dataset is finished, so checks against a package do not
    /// scan the records again.
    pub codes_used: Vec<Vec<(u32, u64)>>,
    /// Whether the host gave the table (a file, even of a header only, or
    /// records added), as against leaving it out.
    pub given: bool,
    /// Per stored column: whether the host gave it (a file's header names
    /// it, or records carry it), as against a column never given.
    pub present: Vec<bool>,
    /// Where records were reordered: the 0-based input position of each
    /// stored record (empty: stored in input order), so that a record is
    /// named by its number in the input.
    pub input_rows: Vec<u32>,
    /// Whether records came typed ([`crate::data::Record`]): survey records
    /// carry the answers they have, not a header of every item.
    pub typed: bool,
    /// Per stored column, [`Column::date_bounds`], kept once the table is
    /// finished (empty before): each evaluation checks the dates it reads
    /// against its period without reading every date again.
    pub date_bounds: Vec<Option<(i32, i32)>>,
}

impl Table {
    /// An empty table with the fixed columns of `kind`.
    pub fn new(kind: TableKind) -> Table {
        let defs = kind.columns();
        Table {
            kind,
            len: 0,
            names: defs.iter().map(|d| d.name.to_string()).collect(),
            types: defs.iter().map(|d| d.ty).collect(),
            columns: defs.iter().map(|d| Column::new(d.ty)).collect(),
            codes_used: Vec::new(),
            given: false,
            present: vec![false; defs.len()],
            input_rows: Vec::new(),
            typed: false,
            date_bounds: Vec::new(),
        }
    }

    /// Per column, the codes it uses with the 1-based record each is first
    /// used in (empty for columns of other types and for columns not
    /// given); `columns` are the table's, by position.
    pub fn first_code_uses(columns: &[Option<&Column>], code_count: usize) -> Vec<Vec<(u32, u64)>> {
        let mut seen = vec![false; code_count];
        columns
            .iter()
            .map(|c| match c {
                Some(Column::Code(values)) => {
                    seen.iter_mut().for_each(|s| *s = false);
                    let mut used = Vec::new();
                    for (row, &v) in values.iter().enumerate() {
                        if v != NULL_CODE && !seen[v as usize] {
                            seen[v as usize] = true;
                            used.push((v, row as u64 + 1));
                        }
                    }
                    used
                }
                _ => Vec::new(),
            })
            .collect()
    }

    /// The position of column `name`.
    pub fn column_index(&self, name: &str) -> Option<usize> {
        self.names.iter().position(|n| n == name)
    }

    /// The 1-based number in the input of the record stored at `stored`.
    pub fn input_row(&self, stored: usize) -> u64 {
        self.input_rows.get(stored).map_or(stored, |&i| i as usize) as u64 + 1
    }

    /// The column `name`.
    pub fn column(&self, name: &str) -> Option<&Column> {
        self.column_index(name).map(|i| &self.columns[i])
    }

    /// The least and greatest date given in column `i`: as kept when the
    /// table was finished, or found from its values before.
    pub fn date_bounds(&self, i: usize) -> Option<(i32, i32)> {
        match self.date_bounds.get(i) {
            Some(&kept) => kept,
            None => self.columns.get(i).and_then(Column::date_bounds),
        }
    }

    /// The unit column, which every table has.
    pub fn units(&self) -> &[u32] {
        match self.column("unit_id") {
            Some(Column::Unit(v)) => v,
            _ => &[],
        }
    }

    /// The recipient column, if the table has one.
    pub fn recipients(&self) -> Option<&[u32]> {
        match self.column("recipient_id") {
            Some(Column::Recipient(v)) => Some(v),
            _ => None,
        }
    }
}
