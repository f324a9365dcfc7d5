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

/// Series, each over the same `slots` periods of the window.
pub(super) struct SeriesTable<'m> {
    slots: usize,
    of: Vec<SeriesOf>,
    values: Vec<Option<Decimal>>,
    /// The values as `f64`, converted once for the assurance, the funnels
    /// and the p-charts.
    floats: Vec<Option<f64>>,
    bases: Vec<Option<i64>>,
    judgements: Vec<Judgement>,
    references: Vec<Option<&'m Reference>>,
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
    /// No series yet, each to be `slots` periods long.
    pub fn new(slots: usize) -> Self {
        SeriesTable {
            slots,
            of: Vec::new(),
            values: Vec::new(),
            floats: Vec::new(),
            bases: Vec::new(),
            judgements: Vec::new(),
            references: Vec::new(),
        }
    }

    /// How many series.
    pub fn len(&self) -> usize {
        self.of.len()
    }

    /// Which indicator of which entity series `k` is.
    pub fn of(&self, k: usize) -> SeriesOf {
        self.of[k]
    }

    /// Adds a series whose periods `slots` gives, oldest first (exactly
    /// `slots` of them, as the table was made for).
    pub fn push(&mut self, of: SeriesOf, slots: impl Iterator<Item = Slot<'m>>) {
        let before = self.values.len();
        for s in slots {
            self.values.push(s.value);
            self.floats.push(s.value.map(float::to_f64));
            self.bases.push(s.base);
            self.judgements.push(s.judgement);
            self.references.push(s.reference);
        }
        debug_assert_eq!(self.values.len() - before, self.slots);
        self.of.push(of);
    }

    /// Series `k`.
    pub fn get(&self, k: usize) -> IndicatorSeries<'_, 'm> {
        let rows = k * self.slots..(k + 1) * self.slots;
        let of = self.of[k];
        IndicatorSeries {
            level: of.level,
            entity: of.entity,
            indicator: of.indicator,
            values: &self.values[rows.clone()],
            floats: &self.floats[rows.clone()],
            bases: &self.bases[rows.clone()],
            judgements: &self.judgements[rows.clone()],
            references: &self.references[rows],
        }
    }

    /// Series `range`, in order.
    pub fn range(&self, range: Range<usize>) -> impl Iterator<Item = IndicatorSeries<'_, 'm>> {
        range.map(|k| self.get(k))
    }

    /// Adds the series of `other` after these.
    pub fn append(&mut self, other: SeriesTable<'m>) {
        debug_assert_eq!(self.slots, other.slots);
        if self.of.is_empty() {
            *self = other;
            return;
        }
        self.of.extend(other.of);
        self.values.extend(other.values);
        self.floats.extend(other.floats);
        self.bases.extend(other.bases);
        self.judgements.extend(other.judgements);
        self.references.extend(other.references);
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
        let mut a = SeriesTable::new(2);
        a.push(of(7), [slot(1), slot(2)].into_iter());
        let mut b = SeriesTable::new(2);
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
}
