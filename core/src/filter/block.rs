//! Filters evaluated over a block of records column by column.
//!
//! A block's selection is a byte mask (1: the record passes), computed by a
//! tight loop over each column a condition reads, with no branch per record
//! for the common shapes. The leaf conditions of all measures of one table
//! are kept once in an [`Atoms`] set, so a leaf that several measures test
//! (a code in a set, a working-day term) is computed once per block; each
//! measure's filter is then a [`MaskExpr`] combining those masks bytewise.

use std::ops::Range;

use super::lowered::{Binder, Bounds, LDate, LInt, Lowered};
use super::syntax::CmpOp;
use super::typed::Pred;
use crate::data::{NULL_CODE, NULL_DATE, NULL_FLAG, NULL_INT};
use crate::time::{CalendarIndex, Day};

/// Records per block: small enough for a block's masks to stay in the
/// first-level cache, large enough for the loops to run long.
pub(crate) const BLOCK: usize = 1024;

/// Bounds passed to the per-record fallback of a condition or amount that
/// does not read them (checked by the callers with `uses_bounds`).
const UNUSED_BOUNDS: Bounds = Bounds { start: 0, end: 0 };

/// A measure's filter over the masks of an [`Atoms`] set.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum MaskExpr {
    Atom(usize),
    And(Vec<MaskExpr>),
    Or(Vec<MaskExpr>),
    Not(Box<MaskExpr>),
}

/// The distinct leaf conditions of one table's measures, lowered once.
#[derive(Default)]
pub(crate) struct Atoms<'a> {
    preds: Vec<Pred>,
    lowered: Vec<Lowered<'a>>,
}

impl<'a> Atoms<'a> {
    /// Adds the leaves of `pred` (sharing those already present) and
    /// returns the filter over them. The caller has checked that `pred`
    /// does not read the period's bounds.
    pub fn add(&mut self, pred: &Pred, binder: &Binder<'a>) -> MaskExpr {
        match pred {
            Pred::And(items) => MaskExpr::And(items.iter().map(|p| self.add(p, binder)).collect()),
            Pred::Or(items) => MaskExpr::Or(items.iter().map(|p| self.add(p, binder)).collect()),
            Pred::Not(p) => MaskExpr::Not(Box::new(self.add(p, binder))),
            leaf => MaskExpr::Atom(match self.preds.iter().position(|p| p == leaf) {
                Some(i) => i,
                None => {
                    self.preds.push(leaf.clone());
                    self.lowered.push(leaf.lower(binder));
                    self.preds.len() - 1
                }
            }),
        }
    }

    /// Number of distinct leaves.
    pub fn count(&self) -> usize {
        self.lowered.len()
    }

    /// Computes the mask of each leaf marked in `needed` over `rows` into
    /// `masks` (one buffer per leaf, resized as needed); the masks of the
    /// others are left as they were and must not be read.
    pub fn compute(
        &self,
        rows: Range<usize>,
        cal: &CalendarIndex,
        needed: &[bool],
        masks: &mut Vec<Vec<u8>>,
    ) {
        masks.resize_with(self.lowered.len(), Vec::new);
        for ((leaf, mask), _) in self
            .lowered
            .iter()
            .zip(masks.iter_mut())
            .zip(needed)
            .filter(|(_, needed)| **needed)
        {
            mask.resize(rows.len(), 0);
            leaf_mask(leaf, rows.clone(), cal, mask);
        }
    }
}

impl MaskExpr {
    /// The leaves it reads, each once.
    pub fn leaves(&self) -> Vec<usize> {
        fn collect(e: &MaskExpr, out: &mut Vec<usize>) {
            match e {
                MaskExpr::Atom(i) if !out.contains(i) => out.push(*i),
                MaskExpr::Atom(_) => {}
                MaskExpr::And(items) | MaskExpr::Or(items) => {
                    items.iter().for_each(|i| collect(i, out));
                }
                MaskExpr::Not(p) => collect(p, out),
            }
        }
        let mut out = Vec::new();
        collect(self, &mut out);
        out
    }

    /// The filter's mask from the leaves' `masks`, into `out` (its length
    /// is the block's).
    pub fn eval(&self, masks: &[Vec<u8>], out: &mut [u8]) {
        match self {
            MaskExpr::Atom(i) => out.copy_from_slice(&masks[*i][..out.len()]),
            MaskExpr::And(items) => combine(items, masks, out, 1, |a, b| a & b),
            MaskExpr::Or(items) => combine(items, masks, out, 0, |a, b| a | b),
            MaskExpr::Not(p) => {
                p.eval(masks, out);
                out.iter_mut().for_each(|o| *o ^= 1);
            }
        }
    }
}

/// Folds the masks of `items` into `out` with `op`, starting from `unit`.
fn combine(items: &[MaskExpr], masks: &[Vec<u8>], out: &mut [u8], unit: u8, op: fn(u8, u8) -> u8) {
    out.fill(unit);
    let mut tmp = Vec::new();
    for item in items {
        let mask: &[u8] = match item {
            MaskExpr::Atom(i) => &masks[*i][..out.len()],
            other => {
                tmp.resize(out.len(), 0);
                other.eval(masks, &mut tmp);
                &tmp
            }
        };
        for (o, &m) in out.iter_mut().zip(mask) {
            *o = op(*o, m);
        }
    }
}

/// Runs `$body` with `$cmp` bound to the comparison of `$op` as a plain
/// function on `i64`, so the operator is chosen once per block and the loop
/// in `$body` has no branch on it.
macro_rules! with_op {
    ($op:expr, $cmp:ident => $body:expr) => {
        match $op {
            CmpOp::Eq => {
                #[inline(always)]
                fn $cmp(a: i64, b: i64) -> bool {
                    a == b
                }
                $body
            }
            CmpOp::Ne => {
                #[inline(always)]
                fn $cmp(a: i64, b: i64) -> bool {
                    a != b
                }
                $body
            }
            CmpOp::Lt => {
                #[inline(always)]
                fn $cmp(a: i64, b: i64) -> bool {
                    a < b
                }
                $body
            }
            CmpOp::Le => {
                #[inline(always)]
                fn $cmp(a: i64, b: i64) -> bool {
                    a <= b
                }
                $body
            }
            CmpOp::Gt => {
                #[inline(always)]
                fn $cmp(a: i64, b: i64) -> bool {
                    a > b
                }
                $body
            }
            CmpOp::Ge => {
                #[inline(always)]
                fn $cmp(a: i64, b: i64) -> bool {
                    a >= b
                }
                $body
            }
        }
    };
}

/// The mask of one leaf over `rows`; `out` has the block's length.
fn leaf_mask(leaf: &Lowered, rows: Range<usize>, cal: &CalendarIndex, out: &mut [u8]) {
    let r = rows.clone();
    match leaf {
        Lowered::Const(v) => out.fill(u8::from(*v)),
        Lowered::Code {
            column,
            codes,
            negated,
        } => {
            let col = &column[r];
            let negated = u8::from(*negated);
            // One or two codes (the usual lists): one pass.
            let kept = |v: u32| u8::from(v != NULL_CODE);
            match codes[..] {
                [c] => {
                    for (o, &v) in out.iter_mut().zip(col) {
                        *o = (u8::from(v == c) ^ negated) & kept(v);
                    }
                    return;
                }
                [c, d] => {
                    for (o, &v) in out.iter_mut().zip(col) {
                        *o = ((u8::from(v == c) | u8::from(v == d)) ^ negated) & kept(v);
                    }
                    return;
                }
                _ => {}
            }
            out.fill(0);
            for &c in codes {
                for (o, &v) in out.iter_mut().zip(col) {
                    *o |= u8::from(v == c);
                }
            }
            for (o, &v) in out.iter_mut().zip(col) {
                *o = (*o ^ negated) & kept(v);
            }
        }
        Lowered::Flag {
            column,
            value,
            negated,
        } => {
            let flip = value != negated;
            for (o, &f) in out.iter_mut().zip(&column[r]) {
                *o = u8::from(f != NULL_FLAG) & u8::from((f == 1) == flip);
            }
        }
        Lowered::SetCode(c, negated) => {
            for (o, &v) in out.iter_mut().zip(&c[r]) {
                *o = u8::from((v != NULL_CODE) != *negated);
            }
        }
        Lowered::SetFlag(c, negated) => {
            for (o, &v) in out.iter_mut().zip(&c[r]) {
                *o = u8::from((v != NULL_FLAG) != *negated);
            }
        }
        Lowered::SetDate(LDate::Column(c), negated) => {
            for (o, &v) in out.iter_mut().zip(&c[r]) {
                *o = u8::from((v != NULL_DATE) != *negated);
            }
        }
        Lowered::SetInt(LInt::Column(c), negated) => {
            for (o, &v) in out.iter_mut().zip(&c[r]) {
                *o = u8::from((v != NULL_INT) != *negated);
            }
        }
        Lowered::Int(LInt::Column(a), op, LInt::Column(b)) => with_op!(*op, cmp => {
            for ((o, &x), &y) in out.iter_mut().zip(&a[r.clone()]).zip(&b[r]) {
                *o = u8::from(x != NULL_INT) & u8::from(y != NULL_INT) & u8::from(cmp(x, y));
            }
        }),
        Lowered::DateColumns(a, op, b) => with_op!(*op, cmp => {
            for ((o, &x), &y) in out.iter_mut().zip(&a[r.clone()]).zip(&b[r]) {
                *o = u8::from(x != NULL_DATE) & u8::from(y != NULL_DATE)
                    & u8::from(cmp(i64::from(x), i64::from(y)));
            }
        }),
        Lowered::DateColumnConst(a, op, k) => with_op!(*op, cmp => {
            let k = i64::from(*k);
            for (o, &x) in out.iter_mut().zip(&a[r]) {
                *o = u8::from(x != NULL_DATE) & u8::from(cmp(i64::from(x), k));
            }
        }),
        Lowered::DaysBetween(a, b, op, k) => with_op!(*op, cmp => {
            for ((o, &x), &y) in out.iter_mut().zip(&a[r.clone()]).zip(&b[r]) {
                *o = u8::from(x != NULL_DATE) & u8::from(y != NULL_DATE)
                    & u8::from(cmp(i64::from(y) - i64::from(x), *k));
            }
        }),
        Lowered::WorkingDaysBetween(a, b, op, k) => with_op!(*op, cmp => {
            for ((o, &x), &y) in out.iter_mut().zip(&a[r.clone()]).zip(&b[r]) {
                // The calendar is only asked about real dates.
                *o = u8::from(
                    x != NULL_DATE
                        && y != NULL_DATE
                        && cmp(cal.working_days_between(Day(x), Day(y)), *k),
                );
            }
        }),
        Lowered::CountConst(a, op, k) => with_op!(*op, cmp => {
            for (o, &x) in out.iter_mut().zip(&a[r]) {
                *o = u8::from(x != NULL_INT) & u8::from(cmp(x, *k));
            }
        }),
        // Rarer shapes (arithmetic, shifted dates, ids, a day count set or
        // not): record by record.
        other => {
            for (o, row) in out.iter_mut().zip(rows) {
                *o = u8::from(other.test(row, UNUSED_BOUNDS, cal));
            }
        }
    }
}

/// Whether [`int_values`] computes `expr` column by column (a count
/// column, a constant, the days between two date columns) rather than
/// record by record.
pub(crate) fn direct_values(expr: &LInt) -> bool {
    match expr {
        LInt::Column(_) | LInt::Const(_) => true,
        LInt::Days(a, b) => matches!((&**a, &**b), (LDate::Column(_), LDate::Column(_))),
        _ => false,
    }
}

/// The values of `expr` over `rows` into `values`, with `valid` 1 where the
/// value exists (and `values` 0 where it does not). `expr` must not read
/// the period's bounds.
pub(crate) fn int_values(
    expr: &LInt,
    rows: Range<usize>,
    cal: &CalendarIndex,
    values: &mut [i64],
    valid: &mut [u8],
) {
    match expr {
        LInt::Column(v) => {
            for ((value, ok), &x) in values.iter_mut().zip(valid.iter_mut()).zip(&v[rows]) {
                *ok = u8::from(x != NULL_INT);
                *value = if x == NULL_INT { 0 } else { x };
            }
        }
        LInt::Const(n) => {
            values.fill(*n);
            valid.fill(1);
        }
        LInt::Days(a, b) => match (&**a, &**b) {
            (LDate::Column(a), LDate::Column(b)) => {
                let pairs = a[rows.clone()].iter().zip(&b[rows]);
                for ((value, ok), (&x, &y)) in values.iter_mut().zip(valid.iter_mut()).zip(pairs) {
                    let present = x != NULL_DATE && y != NULL_DATE;
                    *ok = u8::from(present);
                    *value = if present {
                        i64::from(y) - i64::from(x)
                    } else {
                        0
                    };
                }
            }
            _ => int_values_by_record(expr, rows, cal, values, valid),
        },
        other => int_values_by_record(other, rows, cal, values, valid),
    }
}

/// [`int_values`] record by record, for the rarer shapes.
fn int_values_by_record(
    expr: &LInt,
    rows: Range<usize>,
    cal: &CalendarIndex,
    values: &mut [i64],
    valid: &mut [u8],
) {
    for ((value, ok), row) in values.iter_mut().zip(valid.iter_mut()).zip(rows) {
        let v = expr.eval(row, UNUSED_BOUNDS, cal);
        *ok = u8::from(v.is_some());
        *value = v.unwrap_or(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::WorkCalendar;

    /// Day numbers around 2026 (2026-01-01 is day 20454).
    const D: i32 = 20454;

    fn calendar() -> CalendarIndex {
        // A holiday on 2026-01-02 (a Friday), so working days differ from
        // weekdays; the index covers only January, beyond it the slow way.
        let cal = WorkCalendar::new([Day(D + 1)], []);
        CalendarIndex::new(&cal, Day(D - 5), Day(D + 30))
    }

    /// Dates with gaps (every seventh missing), spread over two months.
    fn dates(n: usize, step: i32) -> Vec<i32> {
        (0..n)
            .map(|i| {
                if i % 7 == 3 {
                    NULL_DATE
                } else {
                    D + (i as i32 * step) % 60
                }
            })
            .collect()
    }

    /// The block kernel agrees with the record-by-record test on every
    /// record of `rows`.
    fn agrees(leaf: &Lowered, rows: Range<usize>, cal: &CalendarIndex) {
        let mut out = vec![9; rows.len()];
        leaf_mask(leaf, rows.clone(), cal, &mut out);
        for (o, row) in out.iter().zip(rows) {
            assert_eq!(
                *o,
                u8::from(leaf.test(row, UNUSED_BOUNDS, cal)),
                "row {row}"
            );
        }
    }

    /// Lengths around the block size, an empty block and a block starting
    /// past the first record.
    fn blocks(len: usize) -> Vec<Range<usize>> {
        vec![0..0, 0..len, 3.min(len)..len, len..len, 0..1]
    }

    #[test]
    fn kernels_agree_with_the_record_test_with_nulls_and_odd_lengths() {
        let cal = calendar();
        for len in [1, 7, BLOCK - 1, BLOCK + 1, 2 * BLOCK + 5] {
            let a = dates(len, 3);
            let b = dates(len, 5);
            let codes: Vec<u32> = (0..len)
                .map(|i| {
                    if i % 5 == 0 {
                        NULL_CODE
                    } else {
                        (i % 4) as u32
                    }
                })
                .collect();
            let flags: Vec<u8> = (0..len).map(|i| (i % 3) as u8).collect();
            let counts: Vec<i64> = (0..len)
                .map(|i| {
                    if i % 6 == 0 {
                        NULL_INT
                    } else {
                        i as i64 % 9 - 4
                    }
                })
                .collect();
            // The counts against themselves a few records on.
            let shifted: Vec<i64> = counts.iter().cycle().skip(5).take(len).copied().collect();
            let mut leaves = vec![Lowered::Const(true), Lowered::Const(false)];
            for negated in [false, true] {
                leaves.push(Lowered::Code {
                    column: &codes,
                    codes: vec![1, 3],
                    negated,
                });
                leaves.push(Lowered::Code {
                    column: &codes,
                    codes: vec![],
                    negated,
                });
                for value in [false, true] {
                    leaves.push(Lowered::Flag {
                        column: &flags,
                        value,
                        negated,
                    });
                }
                leaves.push(Lowered::SetCode(&codes, negated));
                leaves.push(Lowered::SetFlag(&flags, negated));
                leaves.push(Lowered::SetDate(LDate::Column(&a), negated));
                leaves.push(Lowered::SetInt(LInt::Column(&counts), negated));
            }
            for op in [
                CmpOp::Eq,
                CmpOp::Ne,
                CmpOp::Lt,
                CmpOp::Le,
                CmpOp::Gt,
                CmpOp::Ge,
            ] {
                leaves.push(Lowered::DateColumns(&a, op, &b));
                leaves.push(Lowered::DateColumnConst(&a, op, D + 20));
                leaves.push(Lowered::DaysBetween(&a, &b, op, 4));
                leaves.push(Lowered::WorkingDaysBetween(&a, &b, op, 3));
                leaves.push(Lowered::CountConst(&counts, op, 0));
                leaves.push(Lowered::Int(
                    LInt::Column(&counts),
                    op,
                    LInt::Column(&shifted),
                ));
                // A generic comparison takes the record-by-record fallback.
                leaves.push(Lowered::Int(
                    LInt::Add(Box::new(LInt::Column(&counts)), Box::new(LInt::Const(2))),
                    op,
                    LInt::Const(1),
                ));
            }
            for leaf in &leaves {
                for rows in blocks(len) {
                    agrees(leaf, rows, &cal);
                }
            }
        }
    }

    proptest::proptest! {
        /// The column kernels of `is set` and of two counts compared agree
        /// with the record-by-record test on any columns, missing values
        /// anywhere.
        #[test]
        fn set_and_two_count_kernels_agree_with_the_record_test(
            pairs in proptest::collection::vec(
                (
                    proptest::option::of(-3i64..4),
                    proptest::option::of(-3i64..4),
                    proptest::option::of(D..D + 40),
                ),
                0..2 * BLOCK + 3,
            ),
            start in 0usize..40,
            op in 0usize..6,
            negated in proptest::bool::ANY,
        ) {
            let a: Vec<i64> = pairs.iter().map(|p| p.0.unwrap_or(NULL_INT)).collect();
            let b: Vec<i64> = pairs.iter().map(|p| p.1.unwrap_or(NULL_INT)).collect();
            let days: Vec<i32> = pairs.iter().map(|p| p.2.unwrap_or(NULL_DATE)).collect();
            let op = [CmpOp::Eq, CmpOp::Ne, CmpOp::Lt, CmpOp::Le, CmpOp::Gt, CmpOp::Ge][op];
            let cal = calendar();
            let leaves = [
                Lowered::Int(LInt::Column(&a), op, LInt::Column(&b)),
                Lowered::SetInt(LInt::Column(&a), negated),
                Lowered::SetDate(LDate::Column(&days), negated),
            ];
            let rows = start.min(pairs.len())..pairs.len();
            for leaf in &leaves {
                agrees(leaf, rows.clone(), &cal);
            }
        }
    }

    #[test]
    fn working_days_use_the_calendar_inside_and_beyond_its_index() {
        let cal = calendar();
        // Thu 1 Jan -> Mon 5 Jan: Fri 2 Jan is a holiday, so 1 working day
        // (Mon); Mon 2 Feb -> Mon 9 Feb (beyond the index): 5.
        let a = [D, D + 32];
        let b = [D + 4, D + 39];
        let mut out = [0; 2];
        leaf_mask(
            &Lowered::WorkingDaysBetween(&a, &b, CmpOp::Eq, 1),
            0..2,
            &cal,
            &mut out,
        );
        assert_eq!(out, [1, 0]);
        leaf_mask(
            &Lowered::WorkingDaysBetween(&a, &b, CmpOp::Eq, 5),
            0..2,
            &cal,
            &mut out,
        );
        assert_eq!(out, [0, 1]);
    }

    #[test]
    fn masks_combine_bytewise() {
        let masks = vec![
            vec![1, 1, 0, 0, 1],
            vec![1, 0, 1, 0, 1],
            vec![0, 0, 0, 1, 1],
        ];
        let atom = MaskExpr::Atom;
        let cases = [
            (MaskExpr::And(vec![atom(0), atom(1)]), [1, 0, 0, 0, 1]),
            (MaskExpr::Or(vec![atom(0), atom(2)]), [1, 1, 0, 1, 1]),
            (MaskExpr::Not(Box::new(atom(1))), [0, 1, 0, 1, 0]),
            (MaskExpr::And(vec![]), [1, 1, 1, 1, 1]),
            (MaskExpr::Or(vec![]), [0, 0, 0, 0, 0]),
            (
                // (0 and not 1) or 2: a nested item goes through a buffer.
                MaskExpr::Or(vec![
                    MaskExpr::And(vec![atom(0), MaskExpr::Not(Box::new(atom(1)))]),
                    atom(2),
                ]),
                [0, 1, 0, 1, 1],
            ),
        ];
        for (expr, want) in cases {
            let mut out = [7; 5];
            expr.eval(&masks, &mut out);
            assert_eq!(out, want, "{expr:?}");
        }
        // A shorter last block reads the first records of each mask.
        let mut out = [7; 2];
        MaskExpr::And(vec![atom(0), atom(1)]).eval(&masks, &mut out);
        assert_eq!(out, [1, 0]);
    }

    #[test]
    fn direct_values_are_the_shapes_computed_column_by_column() {
        let (counts, a) = ([1], [D]);
        let days = || LInt::Days(Box::new(LDate::Column(&a)), Box::new(LDate::Column(&a)));
        assert!(direct_values(&LInt::Column(&counts)));
        assert!(direct_values(&LInt::Const(3)));
        assert!(direct_values(&days()));
        assert!(!direct_values(&LInt::Add(
            Box::new(days()),
            Box::new(LInt::Const(1))
        )));
        assert!(!direct_values(&LInt::Days(
            Box::new(LDate::Column(&a)),
            Box::new(LDate::PeriodEnd)
        )));
        assert!(!direct_values(&LInt::WorkingDays(
            Box::new(LDate::Column(&a)),
            Box::new(LDate::Column(&a))
        )));
    }

    #[test]
    fn int_values_mark_missing_values_with_zero() {
        let cal = calendar();
        let counts = [5, NULL_INT, -3];
        let a = [D, D + 2, NULL_DATE];
        let b = [D + 10, D + 1, D];
        let mut values = [9; 3];
        let mut valid = [9; 3];
        int_values(&LInt::Column(&counts), 0..3, &cal, &mut values, &mut valid);
        assert_eq!((values, valid), ([5, 0, -3], [1, 0, 1]));
        let days = LInt::Days(Box::new(LDate::Column(&a)), Box::new(LDate::Column(&b)));
        int_values(&days, 0..3, &cal, &mut values, &mut valid);
        assert_eq!((values, valid), ([10, -1, 0], [1, 1, 0]));
        let sum = LInt::Sub(Box::new(days), Box::new(LInt::Const(1)));
        int_values(&sum, 1..3, &cal, &mut values[..2], &mut valid[..2]);
        assert_eq!((&values[..2], &valid[..2]), (&[-2, 0][..], &[1, 0][..]));
        int_values(&LInt::Const(4), 0..0, &cal, &mut [], &mut []);
    }
}
