//! Every indicator of every entity over the window, as the indicator loop
//! makes them and the funnels and the assembly read them: kept column by
//! column, each series a run of `slots` rows. A region has tens of
//! thousands of series; five small vectors of their own each were as many
//! allocations to make and to free.

use std::ops::Range;

use rust_decimal::Decimal;

use super::float;
use crate::data::Level;
use crate::evaluate::Judgement;
use crate::methodology::Reference;

/// Which indicator of which entity a series is.
#[derive(Debug, Clone, Copy)]
pub(super) struct SeriesOf {
    pub level: Level,
    pub entity: usize,
    pub indicator: usize,
}

/// One period of a series: its value, how it was judged and by what.
pub(super) struct Slot<'m> {
    pub value: Option<Decimal>,
    pub base: Option<i64>,
    pub judgement: Judgement,
    pub reference: Option<&'m Reference>,
}

/// Series, each over the same `slots` periods of the window, in the parts
/// the indicator loop's workers made them: joined without a copy, each
/// part's columns made to their size before it is filled.
pub(super) struct SeriesTable<'m> {
    slots: usize,
    parts: Vec<Columns<'m>>,
    /// The index of the first series of each part.
    starts: Vec<usize>,
    len: usize,
}

/// Series of one part, column by column, each series a run of `slots`
/// rows.
struct Columns<'m> {
    of: Vec<SeriesOf>,
    values: Vec<Option<Decimal>>,
    /// The values as `f64`, converted once for the assurance, the funnels
    /// and the p-charts.
    floats: Vec<Option<f64>>,
    bases: Vec<Option<i64>>,
    judgements: Vec<Judgement>,
    references: Vec<Option<&'m Reference>>,
}

impl<'m> Columns<'m> {
    fn with_capacity(series: usize, slots: usize) -> Self {
        let rows = series * slots;
        Columns {
            of: Vec::with_capacity(series),
            values: Vec::with_capacity(rows),
            floats: Vec::with_capacity(rows),
            bases: Vec::with_capacity(rows),
            judgements: Vec::with_capacity(rows),
            references: Vec::with_capacity(rows),
        }
    }
}

/// One indicator of one entity over the window, its periods oldest first.
pub(super) struct IndicatorSeries<'a, 'm> {
    pub level: Level,
    pub entity: usize,
    pub indicator: usize,
    pub values: &'a [Option<Decimal>],
    pub floats: &'a [Option<f64>],
    pub bases: &'a [Option<i64>],
    pub judgements: &'a [Judgement],
    pub references: &'a [Option<&'m Reference>],
}

impl<'m> SeriesTable<'m> {
    /// No series yet, room made for `series` of them, each to be `slots`
    /// periods long.
    pub fn with_capacity(slots: usize, series: usize) -> Self {
        SeriesTable {
            slots,
            parts: vec![Columns::with_capacity(series, slots)],
            starts: vec![0],
            len: 0,
        }
    }

    /// How many series.
    pub fn len(&self) -> usize {
        self.len
    }

    /// The part holding series `k`, and its index there.
    fn locate(&self, k: usize) -> (&Columns<'m>, usize) {
        let p = self.starts.partition_point(|&s| s <= k) - 1;
        (&self.parts[p], k - self.starts[p])
    }

    /// Which indicator of which entity series `k` is.
    pub fn of(&self, k: usize) -> SeriesOf {
        let (part, k) = self.locate(k);
        part.of[k]
    }

    /// Adds a series whose periods `slots` gives, oldest first (exactly
    /// `slots` of them, as the table was made for).
    pub fn push(&mut self, of: SeriesOf, slots: impl Iterator<Item = Slot<'m>>) {
        // Never empty: a table is made with a part, and parts are only
        // added (an empty last one replaced).
        let last = self.parts.len() - 1;
        let part = &mut self.parts[last];
        let before = part.values.len();
        for s in slots {
            part.values.push(s.value);
            part.floats.push(s.value.map(float::to_f64));
            part.bases.push(s.base);
            part.judgements.push(s.judgement);
            part.references.push(s.reference);
        }
        debug_assert_eq!(part.values.len() - before, self.slots);
        part.of.push(of);
        self.len += 1;
    }

    /// Series `k`.
    pub fn get(&self, k: usize) -> IndicatorSeries<'_, 'm> {
        let (part, k) = self.locate(k);
        let rows = k * self.slots..(k + 1) * self.slots;
        let of = part.of[k];
        IndicatorSeries {
            level: of.level,
            entity: of.entity,
            indicator: of.indicator,
            values: &part.values[rows.clone()],
            floats: &part.floats[rows.clone()],
            bases: &part.bases[rows.clone()],
            judgements: &part.judgements[rows.clone()],
            references: &part.references[rows],
        }
    }

    /// Series `range`, in order.
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = IndicatorSeries<'_, 'm>> {
        range.map(|k| self.get(k))
    }

    /// Adds the series of `other` after these, its parts kept as they are.
    pub fn append(&mut self, other: SeriesTable<'m>) {
        debug_assert_eq!(self.slots, other.slots);
        for part in other.parts.into_iter().filter(|p| !p.of.is_empty()) {
            let count = part.of.len();
            match self.parts.last_mut() {
                // A part of no series yet (as made) gives its place.
                Some(last) if last.of.is_empty() => *last = part,
                _ => {
                    self.starts.push(self.len);
                    self.parts.push(part);
                }
            }
            self.len += count;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slot(v: i64) -> Slot<'static> {
        Slot {
            value: Some(Decimal::from(v)),
            base: Some(v * 10),
            judgement: Judgement::Normal,
            reference: None,
        }
    }

    fn of(entity: usize) -> SeriesOf {
        SeriesOf {
            level: Level::Unit,
            entity,
            indicator: 0,
        }
    }

    #[test]
    fn each_series_reads_its_own_periods_after_tables_are_joined() {
        let mut a = SeriesTable::with_capacity(2, 1);
        a.push(of(7), [slot(1), slot(2)].into_iter());
        let mut b = SeriesTable::with_capacity(2, 1);
        b.push(of(8), [slot(3), slot(4)].into_iter());
        b.push(of(9), [slot(5), slot(6)].into_iter());
        a.append(b);
        assert_eq!(a.len(), 3);
        let s = a.get(1);
        assert_eq!(s.entity, 8);
        assert_eq!(s.values, [Some(Decimal::from(3)), Some(Decimal::from(4))]);
        assert_eq!(s.floats, [Some(3.0), Some(4.0)]);
        assert_eq!(s.bases, [Some(30), Some(40)]);
        let entities: Vec<usize> = a.range(1..3).map(|s| s.entity).collect();
        assert_eq!(entities, [8, 9]);
        assert_eq!(a.of(2).entity, 9);
    }

    #[test]
    fn parts_joined_to_an_empty_table_keep_every_series_in_order() {
        let part = |entities: &[usize]| {
            let mut t = SeriesTable::with_capacity(2, entities.len());
            for &e in entities {
                let v = e as i64;
                t.push(of(e), [slot(v), slot(v + 1)].into_iter());
            }
            t
        };
        let mut all = SeriesTable::with_capacity(2, 0);
        all.append(part(&[1]));
        all.append(part(&[]));
        all.append(part(&[2, 3]));
        // A series pushed after the joins goes after the last part's.
        all.push(of(4), [slot(4), slot(5)].into_iter());
        assert_eq!(all.len(), 4);
        let entities: Vec<usize> = all.range(0..4).map(|s| s.entity).collect();
        assert_eq!(entities, [1, 2, 3, 4]);
        for k in 0..4 {
            let s = all.get(k);
            let v = s.entity as i64;
            assert_eq!(s.bases, [Some(v * 10), Some((v + 1) * 10)], "series {k}");
        }
    }
}
