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
//! record the counters differ anyway, and [`Direct`] is cheaper. Records
//! of one slot each go to [`RunSums`] by their slot byte, and the count
//! measures of one placement to [`PackedCounts`], up to four in one pass.

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

/// Where a run of one unit's records ends in a block, and the first
/// counter of that unit (slot 0 of the measure's first unit being 0).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Run {
    /// Position after the run's last record in the block.
    pub end: usize,
    /// `unit * slots`.
    pub base: usize,
}

/// Cells of a lane: one per slot byte, the "no slot" byte (255) included.
const CELLS: usize = 256;

/// Four lanes of a cell per slot byte, where a run's records add up before
/// their totals go to a unit's counters: records taken in turn by the
/// lanes never wait for each other, and the cell of the "no slot" byte
/// takes records outside the window without a test (and is never read).
struct SlotLanes<T> {
    slots: usize,
    lanes: Box<[[T; CELLS]; LANES]>,
}

impl<T: Copy + Default + PartialEq + std::ops::AddAssign + std::iter::Sum> SlotLanes<T> {
    /// Lanes for `slots` periods (at most 255: the byte 255 means no slot).
    fn new(slots: usize) -> Self {
        SlotLanes {
            slots: slots.min(CELLS - 1),
            lanes: Box::new([[T::default(); CELLS]; LANES]),
        }
    }

    /// Adds each record's `amount` of its value (`values`) to the cell of
    /// its slot byte (`slot`), four records at a time, one to each lane;
    /// at the end of each run of `runs`, gives each slot's total to
    /// `total(run.base, slot, total)` and clears the cells.
    #[inline]
    fn add_runs<V: Copy>(
        &mut self,
        runs: &[Run],
        slot: &[u8],
        values: &[V],
        amount: impl Fn(V) -> T,
        mut total: impl FnMut(usize, usize, T),
    ) {
        let mut start = 0;
        for run in runs {
            let (slot, values) = (&slot[start..run.end], &values[start..run.end]);
            let (slot4, values4) = (slot.chunks_exact(LANES), values.chunks_exact(LANES));
            let rest = slot4.remainder().iter().zip(values4.remainder());
            for (s, v) in slot4.zip(values4) {
                for lane in 0..LANES {
                    self.lanes[lane][usize::from(s[lane])] += amount(v[lane]);
                }
            }
            for (lane, (&s, &v)) in rest.enumerate() {
                self.lanes[lane][usize::from(s)] += amount(v);
            }
            start = run.end;
            self.drain(|slot, sum| total(run.base, slot, sum));
        }
    }

    /// Gives each slot's total over the lanes, where it is not zero, to
    /// `each`, and clears every cell.
    fn drain(&mut self, mut each: impl FnMut(usize, T)) {
        for slot in 0..self.slots {
            let total: T = self.lanes.iter().map(|lane| lane[slot]).sum();
            if total != T::default() {
                each(slot, total);
            }
        }
        for lane in self.lanes.iter_mut() {
            lane[..self.slots].fill(T::default());
            lane[CELLS - 1] = T::default();
        }
    }
}

/// Sums of one measure's records of one slot each, run by run of one
/// unit's records: each record adds to the cell of its slot byte in one of
/// four lanes taken in turn, with no test on the record; the cell of the
/// "no slot" byte (a record outside the window) is never read. At the end
/// of a run its sums go to the unit's counters once.
pub(crate) struct RunSums {
    /// Wide enough that a block's values cannot overflow before they reach
    /// the counters (which saturate).
    lanes: SlotLanes<i128>,
}

impl RunSums {
    /// Sums for counters of `slots` periods (at most 255: the byte 255
    /// means no slot).
    pub fn new(slots: usize) -> RunSums {
        RunSums {
            lanes: SlotLanes::new(slots),
        }
    }

    /// Adds each record's value (`values`, one per record of the block, in
    /// order) to the counter of its unit and slot (`slot`, one byte per
    /// record: its slot, or 255 for none): for run `r`, the counters from
    /// `offset + r.base`.
    pub fn add(
        &mut self,
        sums: &mut [i64],
        offset: usize,
        runs: &[Run],
        slot: &[u8],
        values: &[i64],
    ) {
        self.lanes
            .add_runs(runs, slot, values, i128::from, |base, slot, total| {
                // Out of the i64 range the counter saturates, as record by
                // record it would have.
                let total =
                    i64::try_from(total).unwrap_or(if total < 0 { i64::MIN } else { i64::MAX });
                let counter = &mut sums[offset + base + slot];
                *counter = counter.saturating_add(total);
            });
    }
}

/// Count measures a [`PackedCounts`] sums at once: one 16-bit field each
/// of a `u64`.
pub(crate) const PACK: usize = 4;

/// A run's count of one measure fits its field: runs lie within a block.
const _: () = assert!(crate::filter::BLOCK < 1 << 16);

/// Per pattern of up to [`PACK`] kept bits (bit `b`: the record is kept by
/// the pack's measure `b`): a one in the 16-bit field of each kept bit.
const SPREAD: [u64; 1 << PACK] = {
    let mut spread = [0; 1 << PACK];
    let mut pattern = 0;
    while pattern < spread.len() {
        let mut b = 0;
        while b < PACK {
            spread[pattern] |= ((pattern as u64 >> b) & 1) << (16 * b);
            b += 1;
        }
        pattern += 1;
    }
    spread
};

/// [`RunSums`] of up to [`PACK`] count measures of one placement at once:
/// a record's kept bits, one per measure, add a one to each measure's field
/// of the cell of its slot byte, so the measures share one pass over the
/// records and one flush per run.
pub(crate) struct PackedCounts {
    lanes: SlotLanes<u64>,
}

impl PackedCounts {
    /// Counts for counters of `slots` periods (at most 255: the byte 255
    /// means no slot).
    pub fn new(slots: usize) -> PackedCounts {
        PackedCounts {
            lanes: SlotLanes::new(slots),
        }
    }

    /// Counts each record (`kept`: its bits, bit `b` for the measure whose
    /// counters start at `offsets[b]`) in the counters of its unit and slot
    /// (`slot`, one byte per record, 255 for none): for run `r`, the
    /// counters from `offsets[b] + r.base`.
    pub fn add(
        &mut self,
        sums: &mut [i64],
        offsets: &[usize],
        runs: &[Run],
        slot: &[u8],
        kept: &[u8],
    ) {
        let spread = |k: u8| SPREAD[usize::from(k) % SPREAD.len()];
        self.lanes
            .add_runs(runs, slot, kept, spread, |base, slot, total| {
                for (b, &offset) in offsets.iter().enumerate() {
                    let count = (total >> (16 * b)) & 0xFFFF;
                    let counter = &mut sums[offset + base + slot];
                    *counter = counter.saturating_add(count as i64);
                }
            });
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
    fn run_sums_add_each_run_to_its_units_counters() {
        // Units at bases 0 and 3, three slots; 255: outside the window.
        let slot = [0, 2, 255, 0, 1, 1, 0, 255, 2];
        let values = [1, 5, 9, 1, -3, 4, 7, 8, 4];
        let runs = [
            Run { end: 4, base: 0 },
            Run { end: 6, base: 3 },
            Run { end: 9, base: 0 },
        ];
        let mut sums = vec![0; 8];
        let mut run_sums = RunSums::new(3);
        run_sums.add(&mut sums, 2, &runs, &slot, &values);
        assert_eq!(sums, [0, 0, 9, 0, 9, 0, 1, 0]);
        // Every cell was cleared: the same again doubles the counters.
        run_sums.add(&mut sums, 2, &runs, &slot, &values);
        assert_eq!(sums, [0, 0, 18, 0, 18, 0, 2, 0]);
        // The same records one by one, straight to the counters.
        let mut direct = vec![0; 8];
        let mut begin = 0;
        for run in &runs {
            for i in begin..run.end {
                if slot[i] != 255 {
                    Direct.add(&mut direct, 2 + run.base, usize::from(slot[i]), values[i]);
                }
            }
            begin = run.end;
        }
        assert_eq!(direct, [0, 0, 9, 0, 9, 0, 1, 0]);
    }

    #[test]
    fn run_sums_saturate_like_the_counters() {
        let runs = [Run { end: 4, base: 0 }];
        let values = [i64::MAX, i64::MAX, i64::MIN, -1];
        let mut sums = vec![0, 0];
        RunSums::new(2).add(&mut sums, 0, &runs, &[0, 0, 1, 1], &values);
        assert_eq!(sums, [i64::MAX, i64::MIN]);
    }

    #[test]
    fn packed_counts_add_what_run_sums_add_measure_by_measure() {
        // Four measures, three slots, units at bases 0 and 3; the counters
        // of measure b start at 8 * b + 1.
        let slot = [0, 2, 255, 0, 1, 1, 0, 255, 2, 2];
        let kept: [u8; 10] = [
            0b1111, 0b0101, 0b1111, 0b0011, 0, 0b1000, 0b0110, 0b0001, 0b1001, 0b1111,
        ];
        let runs = [
            Run { end: 4, base: 0 },
            Run { end: 6, base: 3 },
            Run { end: 10, base: 0 },
        ];
        let offsets = [1, 9, 17, 25];
        let mut packed = vec![0; 33];
        PackedCounts::new(3).add(&mut packed, &offsets, &runs, &slot, &kept);
        let mut one_by_one = vec![0; 33];
        let mut run_sums = RunSums::new(3);
        for (b, &offset) in offsets.iter().enumerate() {
            let values: Vec<i64> = kept.iter().map(|&k| i64::from((k >> b) & 1)).collect();
            run_sums.add(&mut one_by_one, offset, &runs, &slot, &values);
        }
        assert_eq!(packed, one_by_one);
        assert_eq!(packed[1..7], [2, 0, 3, 0, 0, 0]);
        // Fewer measures than the pack holds: the others' bits are unread.
        let mut two = vec![0; 33];
        let mut cells = PackedCounts::new(3);
        cells.add(&mut two, &offsets[..2], &runs, &slot, &kept);
        assert_eq!(two[..17], one_by_one[..17]);
        assert!(two[17..].iter().all(|&c| c == 0));
        // Every cell was cleared: the same again doubles the counters.
        cells.add(&mut two, &offsets[..2], &runs, &slot, &kept);
        assert_eq!(two[1..7], [4, 0, 6, 0, 0, 0]);
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
