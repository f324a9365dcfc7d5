//! Where the measure pass adds a kept record's value: straight to its
//! unit's counter, or first to a tally of the unit's run of records.
//!
//! Records are ordered by recipient, and a recipient's records mostly
//! belong to one unit, so a block often holds long runs of one unit's
//! records. Added straight to the counters, each addition to a counter
//! waits for the store of the one before (the same few counters, record
//! after record). A [`Tally`] sums a run into four lanes taken in turn
//! (neighbouring records never wait for each other) and adds the run's
//! sums to the unit's counters once. Where units change from record to
//! record the counters differ anyway, and [`Direct`] is cheaper.

/// Lanes a tally spreads consecutive records over.
const LANES: usize = 4;

/// Receives each kept record's value for one counter of one unit.
pub(crate) trait Sink {
    /// Adds `value` to the counter at `base + slot` of `sums` (`base`: the
    /// first counter of the record's unit for the measure).
    fn add(&mut self, sums: &mut [i64], base: usize, slot: usize, value: i64);

    /// Adds whatever is held back to `sums`; called after each measure's
    /// pass over a block.
    fn flush(&mut self, sums: &mut [i64]);
}

/// Every value straight to its counter.
pub(crate) struct Direct;

impl Sink for Direct {
    #[inline]
    fn add(&mut self, sums: &mut [i64], base: usize, slot: usize, value: i64) {
        let counter = &mut sums[base + slot];
        *counter = counter.saturating_add(value);
    }

    #[inline]
    fn flush(&mut self, _: &mut [i64]) {}
}

/// The sums of the current run of one unit's records, slot by slot.
pub(crate) struct Tally {
    slots: usize,
    /// `lane * slots + slot`; wide enough that a block's values cannot
    /// overflow before they reach the counters (which saturate).
    lanes: Vec<i128>,
    /// The first counter of the unit being summed, if any.
    base: Option<usize>,
    next: usize,
}

impl Tally {
    /// A tally for counters of `slots` periods.
    pub fn new(slots: usize) -> Tally {
        Tally {
            slots,
            lanes: vec![0; LANES * slots],
            base: None,
            next: 0,
        }
    }
}

impl Sink for Tally {
    #[inline]
    fn add(&mut self, sums: &mut [i64], base: usize, slot: usize, value: i64) {
        if self.base != Some(base) {
            self.flush(sums);
            self.base = Some(base);
        }
        let lane = self.next % LANES;
        self.next = self.next.wrapping_add(1);
        self.lanes[lane * self.slots + slot] += i128::from(value);
    }

    fn flush(&mut self, sums: &mut [i64]) {
        let Some(base) = self.base.take() else {
            return;
        };
        for slot in 0..self.slots {
            let total: i128 = (0..LANES).map(|l| self.lanes[l * self.slots + slot]).sum();
            if total != 0 {
                // Out of the i64 range the counter saturates, as record by
                // record it would have.
                let total =
                    i64::try_from(total).unwrap_or(if total < 0 { i64::MIN } else { i64::MAX });
                let counter = &mut sums[base + slot];
                *counter = counter.saturating_add(total);
            }
        }
        self.lanes.fill(0);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (base, slot, value) of records in the order given.
    fn through<S: Sink>(sink: &mut S, records: &[(usize, usize, i64)]) -> Vec<i64> {
        let mut sums = vec![0; 12];
        for &(base, slot, value) in records {
            sink.add(&mut sums, base, slot, value);
        }
        sink.flush(&mut sums);
        sums
    }

    #[test]
    fn a_tally_adds_what_direct_adds_in_runs_and_across_units() {
        let records = [
            (0, 0, 1),
            (0, 0, 1),
            (0, 2, 5),
            (0, 0, 1),
            (0, 1, -3),
            (0, 0, 1),
            (3, 0, 2),
            (3, 1, 0),
            (0, 0, 7),
            (9, 2, 4),
            (9, 2, 4),
        ];
        let direct = through(&mut Direct, &records);
        assert_eq!(direct, [11, -3, 5, 2, 0, 0, 0, 0, 0, 0, 0, 8]);
        assert_eq!(through(&mut Tally::new(3), &records), direct);
    }

    #[test]
    fn a_tally_saturates_like_the_counters() {
        let huge = [
            (0, 0, i64::MAX),
            (0, 0, i64::MAX),
            (0, 1, i64::MIN),
            (0, 1, -1),
        ];
        let sums = through(&mut Tally::new(3), &huge);
        assert_eq!(sums[..2], [i64::MAX, i64::MIN]);
        assert_eq!(through(&mut Direct, &huge)[..2], [i64::MAX, i64::MIN]);
        // A counter already near the top stays at the top.
        let mut sums = vec![i64::MAX - 1, 0, 0];
        let mut tally = Tally::new(3);
        tally.add(&mut sums, 0, 0, 5);
        tally.flush(&mut sums);
        assert_eq!(sums[0], i64::MAX);
    }

    #[test]
    fn a_flush_with_nothing_held_changes_nothing() {
        let mut sums = vec![4, 5, 6];
        let mut tally = Tally::new(3);
        tally.flush(&mut sums);
        tally.add(&mut sums, 0, 1, 0);
        tally.flush(&mut sums);
        tally.flush(&mut sums);
        assert_eq!(sums, [4, 5, 6]);
    }
}
