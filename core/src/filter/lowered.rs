//! Filters bound to one dataset: field indices replaced by the columns'
//! typed slices and code literals by the dataset's code numbers, so that
//! testing a record is a walk over a small tree of direct slice reads.
//!
//! Lowering happens once per evaluation and table; the tree it produces is
//! what the measure pass runs on every record.

use super::syntax::CmpOp;
use super::typed::{DateExpr, IntExpr, Pred, Typed};
use crate::data::{Column, NULL_CODE, NULL_DATE, NULL_FLAG, NULL_INT, Table};
use crate::time::{CalendarIndex, Day};

/// How the package's names resolve in one dataset's table.
pub(crate) struct Binder<'a> {
    pub table: &'a Table,
    /// Field index -> column index in `table` (None: the column is absent,
    /// so every value is missing).
    pub columns: &'a [Option<usize>],
    /// Code literal index -> the dataset's code number (None: the dataset
    /// never uses that code).
    pub codes: &'a [Option<u32>],
}

impl<'a> Binder<'a> {
    fn column(&self, field: usize) -> Option<&'a Column> {
        self.columns[field].map(|c| &self.table.columns[c])
    }

    fn dates(&self, field: usize) -> Option<&'a [i32]> {
        match self.column(field) {
            Some(Column::Date(v)) => Some(v),
            _ => None,
        }
    }
}

/// The period a record is tested for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Bounds {
    pub start: i32,
    pub end: i32,
}

/// A whole number of a record; `None` where a value is missing.
pub(crate) enum LInt<'a> {
    Column(&'a [i64]),
    Const(i64),
    Days(Box<LDate<'a>>, Box<LDate<'a>>),
    WorkingDays(Box<LDate<'a>>, Box<LDate<'a>>),
    Add(Box<LInt<'a>>, Box<LInt<'a>>),
    Sub(Box<LInt<'a>>, Box<LInt<'a>>),
    Missing,
}

/// A date of a record (a day number).
pub(crate) enum LDate<'a> {
    Column(&'a [i32]),
    Const(i32),
    PeriodStart,
    PeriodEnd,
    Shift(Box<LDate<'a>>, Box<LInt<'a>>, i64),
    Missing,
}

/// A condition on a record.
pub(crate) enum Lowered<'a> {
    Const(bool),
    And(Vec<Lowered<'a>>),
    Or(Vec<Lowered<'a>>),
    Not(Box<Lowered<'a>>),
    Int(LInt<'a>, CmpOp, LInt<'a>),
    Date(LDate<'a>, CmpOp, LDate<'a>),
    Code {
        column: &'a [u32],
        codes: Vec<u32>,
        negated: bool,
    },
    Flag {
        column: &'a [u8],
        value: bool,
        negated: bool,
    },
    SetInt(LInt<'a>, bool),
    SetDate(LDate<'a>, bool),
    SetCode(&'a [u32], bool),
    SetFlag(&'a [u8], bool),
    SetId(&'a Column, bool),
    // The shapes most filters are made of, tested without walking a tree.
    /// `a op b`, two date columns.
    DateColumns(&'a [i32], CmpOp, &'a [i32]),
    /// `a op 2026-01-01`.
    DateColumnConst(&'a [i32], CmpOp, i32),
    /// `days(a, b) op k`.
    DaysBetween(&'a [i32], &'a [i32], CmpOp, i64),
    /// `working_days(a, b) op k`.
    WorkingDaysBetween(&'a [i32], &'a [i32], CmpOp, i64),
    /// `n op k`, a count column.
    CountConst(&'a [i64], CmpOp, i64),
}

impl<'a> Lowered<'a> {
    /// Replaces the common shapes by their direct forms.
    fn specialise(self) -> Lowered<'a> {
        match self {
            Lowered::And(items) => {
                Lowered::And(items.into_iter().map(Lowered::specialise).collect())
            }
            Lowered::Or(items) => Lowered::Or(items.into_iter().map(Lowered::specialise).collect()),
            Lowered::Not(p) => Lowered::Not(Box::new(p.specialise())),
            Lowered::Date(LDate::Column(a), op, LDate::Column(b)) => Lowered::DateColumns(a, op, b),
            Lowered::Date(LDate::Column(a), op, LDate::Const(k)) => {
                Lowered::DateColumnConst(a, op, k)
            }
            Lowered::Int(LInt::Column(a), op, LInt::Const(k)) => Lowered::CountConst(a, op, k),
            Lowered::Int(LInt::Days(a, b), op, LInt::Const(k)) => match (*a, *b) {
                (LDate::Column(a), LDate::Column(b)) => Lowered::DaysBetween(a, b, op, k),
                (a, b) => Lowered::Int(LInt::Days(Box::new(a), Box::new(b)), op, LInt::Const(k)),
            },
            Lowered::Int(LInt::WorkingDays(a, b), op, LInt::Const(k)) => match (*a, *b) {
                (LDate::Column(a), LDate::Column(b)) => Lowered::WorkingDaysBetween(a, b, op, k),
                (a, b) => Lowered::Int(
                    LInt::WorkingDays(Box::new(a), Box::new(b)),
                    op,
                    LInt::Const(k),
                ),
            },
            other => other,
        }
    }
}

impl IntExpr {
    pub(crate) fn lower<'a>(&self, b: &Binder<'a>) -> LInt<'a> {
        match self {
            IntExpr::Field(f) => match b.column(*f) {
                Some(Column::Count(v)) => LInt::Column(v),
                _ => LInt::Missing,
            },
            IntExpr::Const(n) => LInt::Const(*n),
            IntExpr::Days(a, c) => LInt::Days(Box::new(a.lower(b)), Box::new(c.lower(b))),
            IntExpr::WorkingDays(a, c) => {
                LInt::WorkingDays(Box::new(a.lower(b)), Box::new(c.lower(b)))
            }
            IntExpr::Add(a, c) => LInt::Add(Box::new(a.lower(b)), Box::new(c.lower(b))),
            IntExpr::Sub(a, c) => LInt::Sub(Box::new(a.lower(b)), Box::new(c.lower(b))),
        }
    }
}

impl DateExpr {
    fn lower<'a>(&self, b: &Binder<'a>) -> LDate<'a> {
        match self {
            DateExpr::Field(f) => b.dates(*f).map_or(LDate::Missing, LDate::Column),
            DateExpr::Const(d) => LDate::Const(*d),
            DateExpr::PeriodStart => LDate::PeriodStart,
            DateExpr::PeriodEnd => LDate::PeriodEnd,
            DateExpr::Shift(d, n, sign) => {
                LDate::Shift(Box::new(d.lower(b)), Box::new(n.lower(b)), *sign)
            }
        }
    }
}

impl Pred {
    pub(crate) fn lower<'a>(&self, b: &Binder<'a>) -> Lowered<'a> {
        self.lower_tree(b).specialise()
    }

    fn lower_tree<'a>(&self, b: &Binder<'a>) -> Lowered<'a> {
        match self {
            Pred::And(items) => Lowered::And(items.iter().map(|p| p.lower_tree(b)).collect()),
            Pred::Or(items) => Lowered::Or(items.iter().map(|p| p.lower_tree(b)).collect()),
            Pred::Not(p) => Lowered::Not(Box::new(p.lower_tree(b))),
            Pred::Int(x, op, y) => Lowered::Int(x.lower(b), *op, y.lower(b)),
            Pred::Date(x, op, y) => Lowered::Date(x.lower(b), *op, y.lower(b)),
            Pred::Code {
                field,
                codes,
                negated,
            } => match b.column(*field) {
                Some(Column::Code(column)) => Lowered::Code {
                    column,
                    codes: codes.iter().filter_map(|&c| b.codes[c]).collect(),
                    negated: *negated,
                },
                // A missing column holds no value: the comparison is false.
                _ => Lowered::Const(false),
            },
            Pred::Flag(field, value, negated) => match b.column(*field) {
                Some(Column::Flag(column)) => Lowered::Flag {
                    column,
                    value: *value,
                    negated: *negated,
                },
                _ => Lowered::Const(false),
            },
            Pred::IsSet(v, negated) => match &**v {
                Typed::Int(i) => Lowered::SetInt(i.lower(b), *negated),
                Typed::Date(d) => Lowered::SetDate(d.lower(b), *negated),
                Typed::Field(f) => match b.column(*f) {
                    Some(Column::Code(c) | Column::Unit(c) | Column::Recipient(c)) => {
                        Lowered::SetCode(c, *negated)
                    }
                    Some(Column::Flag(c)) => Lowered::SetFlag(c, *negated),
                    Some(Column::Date(c)) => Lowered::SetDate(LDate::Column(c), *negated),
                    Some(Column::Count(c)) => Lowered::SetInt(LInt::Column(c), *negated),
                    Some(c @ Column::Id { .. }) => Lowered::SetId(c, *negated),
                    None => Lowered::Const(*negated),
                },
            },
        }
    }
}

impl LInt<'_> {
    #[inline]
    pub(crate) fn eval(&self, row: usize, bounds: Bounds, cal: &CalendarIndex) -> Option<i64> {
        match self {
            LInt::Column(v) => Some(v[row]).filter(|&n| n != NULL_INT),
            LInt::Const(n) => Some(*n),
            LInt::Days(a, b) => {
                Some(b.eval(row, bounds, cal)? as i64 - a.eval(row, bounds, cal)? as i64)
            }
            LInt::WorkingDays(a, b) => Some(cal.working_days_between(
                Day(a.eval(row, bounds, cal)?),
                Day(b.eval(row, bounds, cal)?),
            )),
            LInt::Add(a, b) => a
                .eval(row, bounds, cal)?
                .checked_add(b.eval(row, bounds, cal)?),
            LInt::Sub(a, b) => a
                .eval(row, bounds, cal)?
                .checked_sub(b.eval(row, bounds, cal)?),
            LInt::Missing => None,
        }
    }
}

impl LDate<'_> {
    #[inline]
    fn eval(&self, row: usize, bounds: Bounds, cal: &CalendarIndex) -> Option<i32> {
        match self {
            LDate::Column(v) => Some(v[row]).filter(|&d| d != NULL_DATE),
            LDate::Const(d) => Some(*d),
            LDate::PeriodStart => Some(bounds.start),
            LDate::PeriodEnd => Some(bounds.end),
            LDate::Shift(d, n, sign) => {
                i32::try_from(d.eval(row, bounds, cal)? as i64 + sign * n.eval(row, bounds, cal)?)
                    .ok()
            }
            LDate::Missing => None,
        }
    }
}

impl Lowered<'_> {
    /// Whether record `row` passes in the period of `bounds`.
    #[inline]
    pub(crate) fn test(&self, row: usize, bounds: Bounds, cal: &CalendarIndex) -> bool {
        match self {
            Lowered::Const(v) => *v,
            Lowered::And(items) => items.iter().all(|p| p.test(row, bounds, cal)),
            Lowered::Or(items) => items.iter().any(|p| p.test(row, bounds, cal)),
            Lowered::Not(p) => !p.test(row, bounds, cal),
            Lowered::Int(a, op, b) => match (a.eval(row, bounds, cal), b.eval(row, bounds, cal)) {
                (Some(x), Some(y)) => op.test(x, y),
                _ => false,
            },
            Lowered::Date(a, op, b) => match (a.eval(row, bounds, cal), b.eval(row, bounds, cal)) {
                (Some(x), Some(y)) => op.test(x, y),
                _ => false,
            },
            Lowered::Code {
                column,
                codes,
                negated,
            } => {
                let v = column[row];
                v != NULL_CODE && codes.contains(&v) != *negated
            }
            Lowered::Flag {
                column,
                value,
                negated,
            } => match column[row] {
                NULL_FLAG => false,
                f => ((f == 1) == *value) != *negated,
            },
            Lowered::SetInt(i, negated) => i.eval(row, bounds, cal).is_some() != *negated,
            Lowered::SetDate(d, negated) => d.eval(row, bounds, cal).is_some() != *negated,
            Lowered::SetCode(c, negated) => (c[row] != NULL_CODE) != *negated,
            Lowered::SetFlag(c, negated) => (c[row] != NULL_FLAG) != *negated,
            Lowered::SetId(c, negated) => c.id(row).is_empty() == *negated,
            Lowered::DateColumns(a, op, b) => {
                let (x, y) = (a[row], b[row]);
                x != NULL_DATE && y != NULL_DATE && op.test(x, y)
            }
            Lowered::DateColumnConst(a, op, k) => {
                let x = a[row];
                x != NULL_DATE && op.test(x, *k)
            }
            Lowered::DaysBetween(a, b, op, k) => {
                let (x, y) = (a[row], b[row]);
                x != NULL_DATE && y != NULL_DATE && op.test(y as i64 - x as i64, *k)
            }
            Lowered::WorkingDaysBetween(a, b, op, k) => {
                let (x, y) = (a[row], b[row]);
                x != NULL_DATE
                    && y != NULL_DATE
                    && op.test(cal.working_days_between(Day(x), Day(y)), *k)
            }
            Lowered::CountConst(a, op, k) => {
                let x = a[row];
                x != NULL_INT && op.test(x, *k)
            }
        }
    }

    /// Whether the condition reads the period's bounds (and must be tested
    /// once per period a record falls in).
    pub(crate) fn uses_bounds(&self) -> bool {
        match self {
            Lowered::And(items) | Lowered::Or(items) => items.iter().any(Lowered::uses_bounds),
            Lowered::Not(p) => p.uses_bounds(),
            Lowered::Int(a, _, b) => a.uses_bounds() || b.uses_bounds(),
            Lowered::Date(a, _, b) => a.uses_bounds() || b.uses_bounds(),
            Lowered::SetInt(i, _) => i.uses_bounds(),
            Lowered::SetDate(d, _) => d.uses_bounds(),
            _ => false,
        }
    }
}

impl LInt<'_> {
    /// Whether the value reads the period's bounds.
    pub(crate) fn uses_bounds(&self) -> bool {
        match self {
            LInt::Days(a, b) | LInt::WorkingDays(a, b) => a.uses_bounds() || b.uses_bounds(),
            LInt::Add(a, b) | LInt::Sub(a, b) => a.uses_bounds() || b.uses_bounds(),
            _ => false,
        }
    }
}

impl LDate<'_> {
    fn uses_bounds(&self) -> bool {
        match self {
            LDate::PeriodStart | LDate::PeriodEnd => true,
            LDate::Shift(d, n, _) => d.uses_bounds() || n.uses_bounds(),
            _ => false,
        }
    }
}
