//! The measure pass: one native pass per table computes every measure of
//! the package for every unit and period of the window, then rolls the
//! counts up the tree by summing (distinct counts are counted at each level).

use crate::data::{Column, Dataset, Level, NULL_CODE, NULL_DATE, TableKind};
use std::ops::Range;

use crate::filter::{
    Atoms, BLOCK, Binder, Bounds, LInt, Lowered, MaskExpr, Pred, direct_values, int_values,
};
use crate::methodology::{Methodology, PeriodRule};
use crate::time::{CalendarIndex, Day, Period};

use super::EvaluationError;
use super::bind::{Binding, record_processes};
use super::budget::Budget;
use super::tally::{Direct, PACK, PackedCounts, Run, RunSums, Sink, Tally};

/// Records between two looks at the deadline and the cancellation flag.
const BUDGET_EVERY: usize = 1 << 16;

/// A block whose records change unit at most once in this many records is
/// summed run by run (through [`RunSums`] or a [`Tally`]); others straight
/// to the counters.
const RUN: usize = 8;

/// The periods evaluated: the one asked and the earlier ones kept for trends.
#[derive(Debug, Clone)]
pub(crate) struct Window {
    pub periods: Vec<Period>,
    pub starts: Vec<i32>,
    pub ends: Vec<i32>,
    first_day: i32,
    /// Slot of each day from `first_day` to the last day of the window.
    slot_of_day: Vec<u8>,
}

impl Window {
    /// `period` and the `history` periods before it, oldest first.
    pub fn new(period: Period, history: u32) -> Window {
        let history = history.min(250);
        let periods: Vec<Period> = (0..=history).rev().map(|n| period.previous(n)).collect();
        let starts: Vec<i32> = periods.iter().map(|p| Day::of(p.start()).0).collect();
        let ends: Vec<i32> = periods.iter().map(|p| Day::of(p.end()).0).collect();
        let first_day = starts[0];
        let mut slot_of_day = Vec::with_capacity((ends[ends.len() - 1] - first_day + 1) as usize);
        for (slot, (s, e)) in starts.iter().zip(&ends).enumerate() {
            slot_of_day.extend(std::iter::repeat_n(slot as u8, (e - s + 1) as usize));
        }
        Window {
            periods,
            starts,
            ends,
            first_day,
            slot_of_day,
        }
    }

    /// Number of periods.
    pub fn len(&self) -> usize {
        self.periods.len()
    }

    /// The slot of the period asked (the last).
    pub fn target(&self) -> usize {
        self.periods.len() - 1
    }

    /// The slot of `day`, or `NO_SLOT` outside the window (a missing date
    /// is far outside).
    #[inline]
    fn slot_or_none(&self, day: i32) -> u8 {
        let i = i64::from(day) - i64::from(self.first_day);
        match usize::try_from(i) {
            Ok(i) if i < self.slot_of_day.len() => self.slot_of_day[i],
            _ => NO_SLOT,
        }
    }

    /// The first and last slot that the interval `start..=end` overlaps,
    /// if any: the periods follow each other without a gap, so these are
    /// the slots of its ends clipped to the window (an interval that ends
    /// before it starts overlaps only if both ends fall in one period,
    /// as slot by slot it would).
    #[inline]
    fn overlap(&self, start: i32, end: i32) -> Option<(u8, u8)> {
        let last_day = self.first_day + self.slot_of_day.len() as i32 - 1;
        if start > last_day || end < self.first_day {
            return None;
        }
        let first = self.slot_or_none(start.max(self.first_day));
        let last = self.slot_or_none(end.min(last_day));
        (first <= last).then_some((first, last))
    }

    #[inline]
    fn slot(&self, day: i32) -> Option<usize> {
        let i = day.checked_sub(self.first_day)?;
        self.slot_of_day
            .get(usize::try_from(i).ok()?)
            .map(|&s| s as usize)
    }
}

/// Measure values for every level, entity, measure and slot, stored entity
/// by entity (`(e * measures + m) * slots + slot`), so that one entity's
/// counters are contiguous for the pass and for the formulas.
#[derive(Debug, Clone)]
pub(crate) struct MeasureValues {
    slots: usize,
    /// Counters per entity: measures × slots.
    per: usize,
    values: [Vec<i64>; 4],
}

impl MeasureValues {
    /// Value of measure `m` in `slot` for entity `e` at `level`.
    #[inline]
    pub fn get(&self, level: Level, m: usize, slot: usize, e: usize) -> i64 {
        self.values[level.index()][e * self.per + m * self.slots + slot]
    }
}

/// Which processes each unit runs in the window: declared in the tree, or
/// seen in its cases.
#[derive(Debug, Clone)]
pub(crate) struct Activity {
    processes: usize,
    runs: [Vec<bool>; 4],
    counts: [usize; 4],
}

impl Activity {
    pub fn runs(&self, level: Level, entity: usize, process: usize) -> bool {
        self.runs[level.index()][entity * self.processes + process]
    }

    fn roll_up(mut self, data: &Dataset) -> Self {
        let p = self.processes;
        let tree = data.tree();
        for upper in [Level::Org, Level::Group, Level::Region] {
            let lower = Level::ALL[upper.index() - 1];
            let mut runs = vec![false; self.counts[upper.index()] * p];
            for e in 0..self.counts[lower.index()] {
                let parent = tree.parent(lower, e);
                for q in 0..p {
                    if self.runs[lower.index()][e * p + q] {
                        runs[parent * p + q] = true;
                    }
                }
            }
            self.runs[upper.index()] = runs;
        }
        self
    }
}

/// What the distinct measures have seen of the current recipient: per unit
/// of its records, a bit per (distinct measure, slot) that counts it.
struct Scratch {
    /// Slots of the window.
    slots: usize,
    /// Words of bits per unit: distinct measures × slots bits.
    words: usize,
    /// Per bit `d * slots + slot`: its counter among an entity's
    /// (distinct measure × slot) counters.
    counter_of_bit: Vec<usize>,
    /// The counters of the bits of a recipient of one unit.
    counted: Vec<usize>,
    /// The units of the recipient's records, a unit again where its
    /// records do not follow each other.
    units: Vec<u32>,
    /// `entry * words + bit / 64`: bit `d * slots + slot` of entry `e`
    /// set where distinct measure `d` counts the recipient in `slot` for
    /// unit `units[e]`.
    bits: Vec<u64>,
    /// (entity, entry) at one level; the bits of one entity.
    keys: Vec<(usize, usize)>,
    merged: Vec<u64>,
}

impl Scratch {
    /// For distinct measures whose counters come at `measures` (their
    /// ranks among an entity's distinct counters), of `slots` slots each.
    fn new(measures: &[usize], slots: usize) -> Scratch {
        let counter_of_bit = measures
            .iter()
            .flat_map(|&m| (0..slots).map(move |slot| m * slots + slot))
            .collect();
        Scratch {
            slots,
            words: (measures.len() * slots).div_ceil(64),
            counter_of_bit,
            counted: Vec::new(),
            units: Vec::new(),
            bits: Vec::new(),
            keys: Vec::new(),
            merged: Vec::new(),
        }
    }

    /// The counters (among an entity's) of each (measure, slot) set in
    /// `bits`, in order, into `counted`.
    fn counters(counter_of_bit: &[usize], bits: &[u64], counted: &mut Vec<usize>) {
        counted.clear();
        for (w, &word) in bits.iter().enumerate() {
            let mut rest = word;
            while rest != 0 {
                counted.push(counter_of_bit[w * 64 + rest.trailing_zeros() as usize]);
                rest &= rest - 1;
            }
        }
    }

    /// Distinct measure `d` counts the recipient in the slots `first..=last`
    /// for `unit`.
    #[inline]
    fn mark(&mut self, unit: u32, d: usize, first: u8, last: u8) {
        if self.units.last() != Some(&unit) {
            self.units.push(unit);
            self.bits.resize(self.units.len() * self.words, 0);
        }
        let entry = (self.units.len() - 1) * self.words;
        let (lo, hi) = (
            d * self.slots + usize::from(first),
            d * self.slots + usize::from(last),
        );
        for w in lo / 64..=hi / 64 {
            let from = if w == lo / 64 { lo % 64 } else { 0 };
            let to = if w == hi / 64 { hi % 64 } else { 63 };
            self.bits[entry + w] |= (u64::MAX >> (63 - (to - from))) << from;
        }
    }
}

/// Slot of a record that falls in no period of the window.
const NO_SLOT: u8 = u8::MAX;

/// How a measure places a record in periods, bound to the table's columns.
struct Placement<'a> {
    start: Option<&'a [i32]>,
    end: Option<&'a [i32]>,
    active: bool,
}

impl Placement<'_> {
    /// The first and last slot the record counts in (`NO_SLOT` first: none).
    #[inline]
    fn range(&self, row: usize, window: &Window) -> (u8, u8) {
        const NONE: (u8, u8) = (NO_SLOT, 0);
        let Some(start) = self.start.map(|s| s[row]).filter(|&d| d != NULL_DATE) else {
            return NONE;
        };
        if !self.active {
            return window.slot(start).map_or(NONE, |s| (s as u8, s as u8));
        }
        let end = self.end.map_or(NULL_DATE, |e| e[row]);
        let end = if end == NULL_DATE { i32::MAX } else { end };
        window.overlap(start, end).unwrap_or(NONE)
    }

    /// [`Placement::range`] of every record of `rows`, into `first` and
    /// `last`: a date in the slot is one table lookup per record.
    fn ranges(&self, rows: Range<usize>, window: &Window, first: &mut [u8], last: &mut [u8]) {
        match (self.active, self.start, self.end) {
            (false, Some(start), _) => {
                for ((f, l), &day) in first.iter_mut().zip(last.iter_mut()).zip(&start[rows]) {
                    let slot = window.slot_or_none(day);
                    *f = slot;
                    *l = slot;
                }
            }
            (true, Some(start), Some(end)) => {
                let days = start[rows.clone()].iter().zip(&end[rows]);
                for ((f, l), (&start, &end)) in first.iter_mut().zip(last.iter_mut()).zip(days) {
                    let end = if end == NULL_DATE { i32::MAX } else { end };
                    (*f, *l) = match start {
                        NULL_DATE => (NO_SLOT, 0),
                        start => window.overlap(start, end).unwrap_or((NO_SLOT, 0)),
                    };
                }
            }
            _ => {
                for ((f, l), row) in first.iter_mut().zip(last.iter_mut()).zip(rows) {
                    (*f, *l) = self.range(row, window);
                }
            }
        }
    }
}

/// Which records a measure keeps.
enum Condition<'a> {
    /// Every record.
    All,
    /// A filter over the table's shared leaves, evaluated block by block
    /// (for a measure of one process too: records come unit by unit, and a
    /// unit's records are mostly of one process, so a block is mostly of
    /// the few processes whose leaves are computed for it).
    Block(MaskExpr),
    /// A filter that reads the period's bounds: its conjuncts that do not
    /// (`block`, if any) over the shared leaves block by block, the rest
    /// (`test`) record by record in each period the record falls in, only
    /// for the records `block` keeps.
    ByRecord {
        block: Option<MaskExpr>,
        test: Lowered<'a>,
    },
}

/// What a kept record adds to its counter.
enum Amount<'a> {
    One,
    /// A value of the record alone, computed block by block.
    Block(LInt<'a>),
    /// Per record and period: a value that reads the period's bounds, or
    /// one of a measure of one process that has no direct block form
    /// (computed for its process's records only).
    ByRecord(LInt<'a>),
}

/// A measure bound to one dataset's table.
struct LoweredMeasure<'a> {
    /// Index among the methodology's measures.
    index: usize,
    placement: usize,
    condition: Condition<'a>,
    amount: Amount<'a>,
    distinct: bool,
    /// Its placement gives every slot an interval overlaps.
    active: bool,
    /// The record group (process) whose records it counts; `None`: every
    /// group's.
    group: Option<usize>,
    /// A measure of one process whose filter or amount is computed record
    /// by record: it goes through that process's records of the block
    /// alone. The other measures of one process are counted like those of
    /// every process, over their masks (which keep their process's
    /// records only).
    by_rows: bool,
    /// The leaf conditions its block filter reads.
    leaves: Vec<usize>,
    /// It is counted with others of its placement in a [`Pack`] in a block
    /// of long runs.
    packed: bool,
}

impl LoweredMeasure<'_> {
    /// What record `row` adds in the period of `bounds`, as far as the
    /// parts computed record by record decide: `None` if the period's test
    /// or the amount leaves it out, `Some(None)` if the amount is not one
    /// of those.
    fn by_record(
        &self,
        row: usize,
        bounds: Bounds,
        calendar: &CalendarIndex,
    ) -> Option<Option<i64>> {
        if let Condition::ByRecord { test, .. } = &self.condition
            && !test.test(row, bounds, calendar)
        {
            return None;
        }
        match &self.amount {
            Amount::ByRecord(e) => e.eval(row, bounds, calendar).map(Some),
            _ => Some(None),
        }
    }
}

/// Count measures of one slot per record and no test per period, of one
/// placement and record group (or all groups): counted together in a block
/// of long runs (through [`PackedCounts`]).
struct Pack {
    placement: usize,
    group: Option<usize>,
    /// Their positions among the table's lowered measures (at most
    /// [`PACK`]).
    measures: Vec<usize>,
    /// The first of each one's unit counters.
    offsets: Vec<usize>,
}

#[derive(Default)]
struct LoweredTable<'a> {
    placements: Vec<Placement<'a>>,
    /// The leaf conditions of all filters, each computed once per block.
    atoms: Atoms<'a>,
    measures: Vec<LoweredMeasure<'a>>,
    packs: Vec<Pack>,
}

/// Per-block buffers, reused from block to block.
#[derive(Default)]
struct Block {
    /// Record group of each record (its process; `processes`: none known).
    group: Vec<u32>,
    /// Per group: its records' positions in the block, in order (filled
    /// only when a measure of one process reads them).
    by_group: Vec<Vec<u32>>,
    /// Per group: the block has records of it.
    present: Vec<bool>,
    /// Per group: 1 for each record of it (computed for the groups present
    /// only).
    in_group: Vec<Vec<u8>>,
    /// Per measure: it may count records of the block ([`live`]).
    live: Vec<bool>,
    /// Per placement: a live measure reads it (the others' slots are not
    /// computed).
    placed: Vec<bool>,
    /// Per leaf condition: a measure that counts records of the block
    /// reads it (the others' masks are not computed).
    needed: Vec<bool>,
    /// The runs of one unit's records.
    runs: Vec<Run>,
    /// Offset of each record's unit among a measure's unit counters.
    unit_base: Vec<usize>,
    /// Per placement: first and last slot of each record.
    first: Vec<Vec<u8>>,
    last: Vec<Vec<u8>>,
    /// Per leaf condition: its mask.
    atoms: Vec<Vec<u8>>,
    /// Per measure: the records it keeps.
    masks: Vec<Vec<u8>>,
    /// Per record: the bits of the measures of a pack that keep it.
    kept: Vec<u8>,
    values: Vec<i64>,
    valid: Vec<u8>,
}

impl LoweredTable<'_> {
    /// The positions of the measures that count distinct recipients: the
    /// record-by-record pass visits only these.
    fn distinct(&self) -> Vec<usize> {
        (0..self.measures.len())
            .filter(|&i| self.measures[i].distinct)
            .collect()
    }
}

/// The conjuncts of filter `f` that do not read the period's bounds (if
/// any) and those that do, each side as one filter: a record passes `f`
/// where it passes both.
fn split_by_period(f: &Pred, binder: &Binder) -> (Option<Pred>, Pred) {
    let items = match f {
        Pred::And(items) => items.as_slice(),
        other => std::slice::from_ref(other),
    };
    let (fixed, by_period): (Vec<Pred>, Vec<Pred>) = items
        .iter()
        .cloned()
        .partition(|p| !p.lower(binder).uses_bounds());
    let one = |mut items: Vec<Pred>| match items.len() {
        1 => items.swap_remove(0),
        _ => Pred::And(items),
    };
    let fixed = (!fixed.is_empty()).then(|| one(fixed));
    (fixed, one(by_period))
}

/// Whether the block may hold records counted by a measure or pack of
/// `group`: one of every group's records, or the block has records of it.
fn live(group: Option<usize>, block: &Block) -> bool {
    group.is_none_or(|g| block.present[g])
}

/// The records of the block that measure `m` keeps, as far as the block's
/// masks tell (a filter read per period is tested later), into `mask`.
fn select(m: &LoweredMeasure, block: &Block, mask: &mut Vec<u8>) {
    let n = block.group.len();
    mask.resize(n, 0);
    let filter = match &m.condition {
        Condition::Block(e) | Condition::ByRecord { block: Some(e), .. } => Some(e),
        Condition::All | Condition::ByRecord { block: None, .. } => None,
    };
    match (filter, m.group) {
        (Some(e), group) => {
            e.eval(&block.atoms, mask);
            if let Some(g) = group {
                for (k, &in_group) in mask.iter_mut().zip(&block.in_group[g]) {
                    *k &= in_group;
                }
            }
        }
        (None, Some(g)) => mask.copy_from_slice(&block.in_group[g][..n]),
        (None, None) => mask.fill(1),
    }
}

/// One thread's running totals.
struct Acc {
    /// Unit-level sums, measure by measure: `(m * units + unit) * slots +
    /// slot`, so that one measure's pass over a block touches one compact
    /// stretch of counters (unit-major, neighbouring units' counters of a
    /// measure lie a whole row of measures apart). [`Plan::finish`] turns
    /// them unit-major.
    sums: Vec<i64>,
    /// Distinct-recipient counts per level, of the distinct measures only:
    /// `(entity * distinct measures + rank) * slots + slot`.
    distinct: [Vec<i64>; 4],
    /// `unit * processes + process` seen in cases.
    seen: Vec<bool>,
}

struct Plan<'a> {
    m: &'a Methodology,
    data: &'a Dataset,
    binding: &'a Binding,
    window: &'a Window,
    calendar: &'a CalendarIndex,
    measures: usize,
    /// The measures that count distinct recipients, in order (a measure's
    /// rank here is its place among [`Acc::distinct`]'s counters).
    distinct: Vec<usize>,
    units: usize,
    counts: [usize; 4],
    /// Per unit: itself and its ancestor at each level above.
    ancestors: Vec<[usize; 4]>,
    /// Per table: measures without a process restriction.
    general: Vec<Vec<usize>>,
    /// Per table and process: measures restricted to that process.
    by_process: Vec<Vec<Vec<usize>>>,
}

/// Computes every measure for every entity and slot of `window`.
pub(crate) fn compute(
    m: &Methodology,
    data: &Dataset,
    binding: &Binding,
    window: &Window,
    calendar: &CalendarIndex,
    threads: usize,
    budget: &Budget,
) -> Result<(MeasureValues, Activity), EvaluationError> {
    let tree = data.tree();
    let counts = [
        tree.count(Level::Unit),
        tree.count(Level::Org),
        tree.count(Level::Group),
        1,
    ];
    let processes = m.processes().len();
    let mut general = vec![Vec::new(); TableKind::ALL.len()];
    let mut by_process = vec![vec![Vec::new(); processes]; TableKind::ALL.len()];
    for (i, measure) in m.measures().iter().enumerate() {
        let t = measure.table.index();
        match measure
            .process
            .as_ref()
            .and_then(|p| m.processes().iter().position(|x| &x.id == p))
        {
            Some(p) => by_process[t][p].push(i),
            None => general[t].push(i),
        }
    }
    let plan = Plan {
        m,
        data,
        binding,
        window,
        calendar,
        measures: m.measures().len(),
        distinct: (0..m.measures().len())
            .filter(|&i| m.measures()[i].compiled.distinct)
            .collect(),
        units: counts[0],
        counts,
        ancestors: (0..counts[0])
            .map(|u| Level::ALL.map(|level| tree.unit_ancestor(u, level)))
            .collect(),
        general,
        by_process,
    };
    // Each worker takes its share of every table into one set of counters.
    let tables: Vec<(TableKind, Vec<Range<usize>>)> = TableKind::ALL
        .into_iter()
        .filter(|&table| {
            let has_measures = !plan.general[table.index()].is_empty()
                || plan.by_process[table.index()].iter().any(|v| !v.is_empty());
            (has_measures || table == TableKind::Cases) && data.len(table) > 0
        })
        .map(|table| (table, split(data, table, threads)))
        .collect();
    let workers = tables.iter().map(|(_, c)| c.len()).max().unwrap_or(1);
    // Worker `w` takes chunk `w` of every table split between them; a
    // table read whole goes to the workers in turn, not all to the first.
    let mut shares: Vec<Vec<(TableKind, Range<usize>)>> = vec![Vec::new(); workers];
    let mut whole = 0;
    for (table, chunks) in &tables {
        if let [rows] = chunks.as_slice() {
            shares[whole % workers].push((*table, rows.clone()));
            whole += 1;
        } else {
            for (w, rows) in chunks.iter().enumerate() {
                shares[w].push((*table, rows.clone()));
            }
        }
    }
    let work = |w: usize| -> Result<Acc, EvaluationError> {
        let mut acc = plan.new_acc();
        for (table, rows) in &shares[w] {
            plan.run(*table, rows.clone(), &mut acc, budget)?;
        }
        Ok(acc)
    };
    let partial: Vec<Result<Acc, EvaluationError>> = if workers == 1 {
        vec![work(0)]
    } else {
        std::thread::scope(|s| {
            let handles: Vec<_> = (0..workers).map(|w| s.spawn(move || work(w))).collect();
            handles
                .into_iter()
                .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                .collect()
        })
    };
    let mut partial = partial.into_iter().collect::<Result<Vec<Acc>, _>>()?;
    let mut total = partial.swap_remove(0);
    for acc in &partial {
        total.add(acc);
    }
    Ok(plan.finish(total))
}

/// Splits the rows of `table` into up to `threads` ranges, never between two
/// records of one recipient (distinct counts need them together).
fn split(data: &Dataset, table: TableKind, threads: usize) -> Vec<Range<usize>> {
    let len = data.len(table);
    let threads = threads.clamp(1, 64);
    if threads == 1 || len < 50_000 {
        return std::iter::once(0..len).collect();
    }
    let recipients = data.table(table).recipients();
    let mut bounds = vec![0];
    for k in 1..threads {
        let mut b = len * k / threads;
        if let Some(r) = recipients {
            while b < len && b > 0 && r[b] == r[b - 1] {
                b += 1;
            }
        }
        if b > *bounds.last().unwrap_or(&0) && b < len {
            bounds.push(b);
        }
    }
    bounds.push(len);
    bounds.windows(2).map(|w| w[0]..w[1]).collect()
}

impl Acc {
    fn add(&mut self, other: &Acc) {
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            *a = a.saturating_add(*b);
        }
        for l in 0..4 {
            for (a, b) in self.distinct[l].iter_mut().zip(&other.distinct[l]) {
                *a += *b;
            }
        }
        for (a, b) in self.seen.iter_mut().zip(&other.seen) {
            *a |= *b;
        }
    }
}

impl Plan<'_> {
    fn new_acc(&self) -> Acc {
        let per = self.measures * self.window.len();
        Acc {
            sums: vec![0; per * self.units],
            distinct: self
                .counts
                .map(|n| vec![0; self.distinct.len() * self.window.len() * n]),
            seen: vec![false; self.units * self.m.processes().len()],
        }
    }

    /// One pass over `rows` of `table`, block by block: the records' groups,
    /// slots and leaf conditions column by column, then each measure's mask
    /// and counters.
    fn run(
        &self,
        table: TableKind,
        rows: Range<usize>,
        acc: &mut Acc,
        budget: &Budget,
    ) -> Result<(), EvaluationError> {
        let t = self.data.table(table);
        let bounds: Vec<Bounds> = (0..self.window.len())
            .map(|s| Bounds {
                start: self.window.starts[s],
                end: self.window.ends[s],
            })
            .collect();
        let lowered = self.lower(table);
        let units = t.units();
        let processes = record_processes(self.data, table);
        let recipients = t.recipients();
        let n_processes = self.m.processes().len();
        let slots = self.window.len();
        let mut block = Block {
            by_group: vec![Vec::new(); n_processes + 1],
            present: vec![false; n_processes + 1],
            in_group: vec![Vec::new(); n_processes + 1],
            live: vec![false; lowered.measures.len()],
            placed: vec![false; lowered.placements.len()],
            first: vec![Vec::new(); lowered.placements.len()],
            last: vec![Vec::new(); lowered.placements.len()],
            masks: vec![Vec::new(); lowered.measures.len()],
            ..Block::default()
        };
        let mut current_recipient = NULL_CODE;
        let distinct = lowered.distinct();
        let distinct_measures: Vec<usize> = distinct
            .iter()
            .map(|&d| {
                self.distinct
                    .partition_point(|&i| i < lowered.measures[d].index)
            })
            .collect();
        let mut scratch = Scratch::new(&distinct_measures, slots);
        let by_rows = lowered.measures.iter().any(|m| m.by_rows);
        // The record group of each code of the process column: its process,
        // or `none`; a code past the end (no code) is of `none` too.
        let none = n_processes as u32;
        let group_of_code: Vec<u32> = self
            .binding
            .process_of_code
            .iter()
            .map(|p| p.map_or(none, |p| p as u32))
            .collect();
        let mut tally = Tally::new(slots);
        let mut run_sums = RunSums::new(slots);
        let mut packed_counts = PackedCounts::new(slots);
        for (k, start) in rows.clone().step_by(BLOCK).enumerate() {
            if k % (BUDGET_EVERY / BLOCK) == 0 {
                budget.check()?;
            }
            let r = start..(start + BLOCK).min(rows.end);
            block.by_group.iter_mut().for_each(Vec::clear);
            block.present.fill(false);
            block.runs.clear();
            let (mut previous, mut previous_group) = (usize::MAX, u32::MAX);
            block.group.resize(r.len(), 0);
            block.unit_base.resize(r.len(), 0);
            let records = r.clone().zip(&units[r.clone()]);
            let outputs = block.group.iter_mut().zip(block.unit_base.iter_mut());
            for (i, ((row, &unit), (group_of, unit_base))) in records.zip(outputs).enumerate() {
                let unit = unit as usize;
                let code = processes.map_or(NULL_CODE, |p| p[row]);
                let group = group_of_code.get(code as usize).copied().unwrap_or(none);
                if unit != previous || group != previous_group {
                    if unit != previous {
                        if let Some(run) = block.runs.last_mut() {
                            run.end = i;
                        }
                        block.runs.push(Run {
                            end: r.len(),
                            base: unit * slots,
                        });
                    }
                    if group != none && table == TableKind::Cases {
                        acc.seen[unit * n_processes + group as usize] = true;
                    }
                    block.present[group as usize] = true;
                    (previous, previous_group) = (unit, group);
                }
                if by_rows {
                    block.by_group[group as usize].push(i as u32);
                }
                *group_of = group;
                *unit_base = unit * slots;
            }
            let mut needed = std::mem::take(&mut block.needed);
            needed.clear();
            needed.resize(lowered.atoms.count(), false);
            block.placed.fill(false);
            for (i, m) in lowered.measures.iter().enumerate() {
                block.live[i] = live(m.group, &block);
                if block.live[i] {
                    block.placed[m.placement] = true;
                    for &leaf in &m.leaves {
                        needed[leaf] = true;
                    }
                }
            }
            block.needed = needed;
            for (p, placement) in lowered.placements.iter().enumerate() {
                // Slots of a placement no live measure reads are left as
                // they were: only records of masks of zeros look at them.
                block.first[p].resize(r.len(), NO_SLOT);
                block.last[p].resize(r.len(), 0);
                if block.placed[p] {
                    placement.ranges(
                        r.clone(),
                        self.window,
                        &mut block.first[p],
                        &mut block.last[p],
                    );
                }
            }
            for (g, in_group) in block.in_group.iter_mut().enumerate() {
                if block.present[g] {
                    in_group.clear();
                    in_group.extend(block.group.iter().map(|&h| u8::from(h as usize == g)));
                }
            }
            lowered
                .atoms
                .compute(r.clone(), self.calendar, &block.needed, &mut block.atoms);
            let runs = block.runs.len() * RUN <= r.len();
            for (i, m) in lowered.measures.iter().enumerate() {
                let mut mask = std::mem::take(&mut block.masks[i]);
                if !block.live[i] {
                    // None of its records here (the distinct pass reads
                    // the mask; the leaves were not computed).
                    mask.clear();
                    mask.resize(r.len(), 0);
                    block.masks[i] = mask;
                    continue;
                }
                select(m, &block, &mut mask);
                if m.packed && runs {
                    // Counted with its pack below.
                    block.masks[i] = mask;
                    continue;
                }
                if m.by_rows {
                    if runs {
                        self.add_one_process(m, r.start, &bounds, &block, &mask, acc, &mut tally);
                    } else {
                        self.add_one_process(m, r.start, &bounds, &block, &mask, acc, &mut Direct);
                    }
                } else if !m.distinct {
                    let rows = r.clone();
                    if runs {
                        let sink = (&mut tally, Some(&mut run_sums));
                        self.add(m, rows, &bounds, &mask, &mut block, acc, sink);
                    } else {
                        let sink = (&mut Direct, None);
                        self.add(m, rows, &bounds, &mask, &mut block, acc, sink);
                    }
                }
                block.masks[i] = mask;
            }
            if runs {
                for pack in &lowered.packs {
                    if !live(pack.group, &block) {
                        continue;
                    }
                    block.kept.clear();
                    block.kept.resize(r.len(), 0);
                    for (b, &i) in pack.measures.iter().enumerate() {
                        for (k, &m) in block.kept.iter_mut().zip(&block.masks[i]) {
                            *k |= m << b;
                        }
                    }
                    let first = &block.first[pack.placement];
                    packed_counts.add(
                        &mut acc.sums,
                        &pack.offsets,
                        &block.runs,
                        first,
                        &block.kept,
                    );
                }
            }
            if let (Some(recipients), false) = (recipients, distinct.is_empty()) {
                let records = recipients[r.clone()].iter().zip(&units[r.clone()]);
                for (i, (&recipient, &unit)) in records.enumerate() {
                    if recipient != current_recipient {
                        self.flush(&mut scratch, acc);
                        current_recipient = recipient;
                    }
                    if current_recipient == NULL_CODE {
                        continue;
                    }
                    let row = r.start + i;
                    for (d, &p) in distinct.iter().enumerate() {
                        let m = &lowered.measures[p];
                        let first = block.first[m.placement][i];
                        if block.masks[p][i] == 0 || first == NO_SLOT {
                            continue;
                        }
                        let last = block.last[m.placement][i];
                        let Condition::ByRecord { test: f, .. } = &m.condition else {
                            scratch.mark(unit, d, first, last);
                            continue;
                        };
                        for slot in first..=last {
                            if f.test(row, bounds[slot as usize], self.calendar) {
                                scratch.mark(unit, d, slot, slot);
                            }
                        }
                    }
                }
            }
        }
        self.flush(&mut scratch, acc);
        Ok(())
    }

    /// Adds the records of `mask` of the one process that measure `m`
    /// reads to its unit counters through `sink`, going through that
    /// process's records of the block.
    #[allow(clippy::too_many_arguments)]
    fn add_one_process<S: Sink>(
        &self,
        m: &LoweredMeasure,
        start: usize,
        bounds: &[Bounds],
        block: &Block,
        mask: &[u8],
        acc: &mut Acc,
        sink: &mut S,
    ) {
        let offset = m.index * self.units * self.window.len();
        let first = &block.first[m.placement];
        let last = &block.last[m.placement];
        // Only a measure of one process goes through its records.
        let rows = m.group.map_or(&[][..], |g| block.by_group[g].as_slice());
        for &i in rows {
            let i = i as usize;
            if mask[i] == 0 || first[i] == NO_SLOT {
                continue;
            }
            let row = start + i;
            for slot in first[i]..=last[i] {
                let period = bounds[slot as usize];
                let Some(value) = m.by_record(row, period, self.calendar) else {
                    continue;
                };
                // A measure going through its rows has no block amount.
                let value = value.unwrap_or(1);
                let base = block.unit_base[i] + offset;
                sink.add(&mut acc.sums, base, slot as usize, value);
            }
        }
        sink.flush(&mut acc.sums);
    }

    /// Adds the records of `mask` to the unit counters of measure `m`
    /// through `sink`: the records of one slot each through the run sums
    /// where given (a block of long runs of one unit), the others through
    /// the [`Sink`].
    #[allow(clippy::too_many_arguments)]
    fn add<S: Sink>(
        &self,
        m: &LoweredMeasure,
        rows: Range<usize>,
        bounds: &[Bounds],
        mask: &[u8],
        block: &mut Block,
        acc: &mut Acc,
        (sink, run_sums): (&mut S, Option<&mut RunSums>),
    ) {
        let n = rows.len();
        let slots = self.window.len();
        let offset = m.index * self.units * slots;
        let first = &block.first[m.placement];
        let last = &block.last[m.placement];
        let one_slot = !m.active && !matches!(m.condition, Condition::ByRecord { .. });
        // The usual case: one slot per record, no test left. A record not
        // kept adds zero to a counter of its unit, so the loops have no
        // branch on the record (and, zipped, no bounds checks).
        let records = mask.iter().zip(first).zip(&block.unit_base);
        let slot_of = |f: u8| if f == NO_SLOT { 0 } else { f as usize };
        if one_slot && matches!(m.amount, Amount::One) {
            if let Some(sums) = run_sums {
                block.values.clear();
                block.values.extend(mask.iter().map(|&k| i64::from(k)));
                sums.add(&mut acc.sums, offset, &block.runs, first, &block.values);
                return;
            }
            for ((&k, &f), &base) in records {
                let kept = k & u8::from(f != NO_SLOT);
                sink.add(&mut acc.sums, base + offset, slot_of(f), i64::from(kept));
            }
            sink.flush(&mut acc.sums);
            return;
        }
        block.values.resize(n, 0);
        block.valid.resize(n, 0);
        match &m.amount {
            Amount::One => {
                block.values.fill(1);
                block.valid.fill(1);
            }
            Amount::Block(e) => int_values(
                e,
                rows.clone(),
                self.calendar,
                &mut block.values,
                &mut block.valid,
            ),
            Amount::ByRecord(_) => {}
        }
        if one_slot && matches!(m.amount, Amount::Block(_)) {
            if let Some(sums) = run_sums {
                let kept = block.values.iter_mut().zip(mask).zip(&block.valid);
                for ((value, &k), &valid) in kept {
                    *value *= i64::from(k & valid);
                }
                sums.add(&mut acc.sums, offset, &block.runs, first, &block.values);
                return;
            }
            let records = records.zip(&block.values).zip(&block.valid);
            for ((((&k, &f), &base), &value), &valid) in records {
                let kept = k & u8::from(f != NO_SLOT) & valid;
                sink.add(
                    &mut acc.sums,
                    base + offset,
                    slot_of(f),
                    value * i64::from(kept),
                );
            }
            sink.flush(&mut acc.sums);
            return;
        }
        for (i, row) in rows.enumerate() {
            if mask[i] == 0 || first[i] == NO_SLOT {
                continue;
            }
            for slot in first[i]..=last[i] {
                let period = bounds[slot as usize];
                let value = match m.by_record(row, period, self.calendar) {
                    None => continue,
                    Some(Some(v)) => v,
                    Some(None) if block.valid[i] == 0 => continue,
                    Some(None) => block.values[i],
                };
                sink.add(
                    &mut acc.sums,
                    block.unit_base[i] + offset,
                    slot as usize,
                    value,
                );
            }
        }
        sink.flush(&mut acc.sums);
    }

    /// The measures of `table` bound to this dataset, with their placements
    /// in periods and their filters' leaves shared.
    fn lower(&self, table: TableKind) -> LoweredTable<'_> {
        let t = self.data.table(table);
        let binder = Binder {
            table: t,
            columns: &self.binding.columns[table.index()],
            codes: &self.binding.codes,
        };
        let dates = |field: usize| match self.binding.columns[table.index()][field]
            .map(|c| &t.columns[c])
        {
            Some(Column::Date(v)) => Some(v.as_slice()),
            _ => None,
        };
        let mut out = LoweredTable::default();
        let mut keys: Vec<(usize, Option<usize>, bool)> = Vec::new();
        for (i, measure) in self
            .m
            .measures()
            .iter()
            .enumerate()
            .filter(|(_, m)| m.table == table)
        {
            let c = &measure.compiled;
            let active = matches!(measure.period, PeriodRule::Active(..));
            let key = (c.date_field, c.end_field, active);
            let placement = match keys.iter().position(|k| *k == key) {
                Some(p) => p,
                None => {
                    keys.push(key);
                    out.placements.push(Placement {
                        start: dates(c.date_field),
                        end: if active {
                            c.end_field.and_then(dates)
                        } else {
                            None
                        },
                        active,
                    });
                    keys.len() - 1
                }
            };
            let group = self.by_process[table.index()]
                .iter()
                .position(|ids| ids.contains(&i));
            let condition = match &c.filter {
                None => Condition::All,
                Some(f) if !f.lower(&binder).uses_bounds() => {
                    Condition::Block(out.atoms.add(f, &binder))
                }
                Some(f) => {
                    let (fixed, by_period) = split_by_period(f, &binder);
                    Condition::ByRecord {
                        block: fixed.map(|f| out.atoms.add(&f, &binder)),
                        test: by_period.lower(&binder),
                    }
                }
            };
            let leaves = match &condition {
                Condition::Block(e) | Condition::ByRecord { block: Some(e), .. } => e.leaves(),
                _ => Vec::new(),
            };
            // A value of a measure of one process is computed for the whole
            // block only where that is a loop over its columns, and never
            // for one whose filter is tested record by record (it goes
            // through its process's records alone).
            let by_record = matches!(condition, Condition::ByRecord { .. });
            let amount = match c.sum.as_ref().map(|e| e.lower(&binder)) {
                None => Amount::One,
                Some(e)
                    if e.uses_bounds()
                        || (group.is_some() && (by_record || !direct_values(&e))) =>
                {
                    Amount::ByRecord(e)
                }
                Some(e) => Amount::Block(e),
            };
            let by_rows = group.is_some()
                && !c.distinct
                && (by_record || matches!(amount, Amount::ByRecord(_)));
            out.measures.push(LoweredMeasure {
                index: i,
                placement,
                condition,
                amount,
                distinct: c.distinct,
                active,
                group,
                by_rows,
                leaves,
                packed: false,
            });
        }
        for (i, m) in out.measures.iter_mut().enumerate() {
            let one_slot = !m.active && !matches!(m.condition, Condition::ByRecord { .. });
            if !(!m.distinct && one_slot && matches!(m.amount, Amount::One)) {
                continue;
            }
            let pack = out.packs.iter().position(|p| {
                p.placement == m.placement && p.group == m.group && p.measures.len() < PACK
            });
            let pack = pack.unwrap_or_else(|| {
                out.packs.push(Pack {
                    placement: m.placement,
                    group: m.group,
                    measures: Vec::new(),
                    offsets: Vec::new(),
                });
                out.packs.len() - 1
            });
            out.packs[pack].measures.push(i);
            out.packs[pack]
                .offsets
                .push(m.index * self.units * self.window.len());
            m.packed = true;
        }
        out
    }

    /// Counts one recipient once per distinct measure, slot and entity at
    /// each level: the bits of the entity's units joined.
    fn flush(&self, scratch: &mut Scratch, acc: &mut Acc) {
        if scratch.units.is_empty() {
            return;
        }
        let tree = self.data.tree();
        let words = scratch.words;
        let per = self.distinct.len() * scratch.slots;
        if let [unit] = scratch.units[..] {
            // The usual case: one unit, its bits counted for it and each of
            // its ancestors.
            Scratch::counters(&scratch.counter_of_bit, &scratch.bits, &mut scratch.counted);
            for (level, ancestor) in self.ancestors[unit as usize].iter().enumerate() {
                let counters = &mut acc.distinct[level][ancestor * per..(ancestor + 1) * per];
                for &c in &scratch.counted {
                    counters[c] += 1;
                }
            }
            scratch.units.clear();
            scratch.bits.clear();
            return;
        }
        for level in Level::ALL {
            scratch.keys.clear();
            let units = scratch.units.iter().enumerate();
            scratch
                .keys
                .extend(units.map(|(e, &u)| (tree.unit_ancestor(u as usize, level), e)));
            // Mostly one unit: nothing to sort.
            if scratch.keys.len() > 1 {
                scratch.keys.sort_unstable();
            }
            let counters = &mut acc.distinct[level.index()];
            for (k, &(entity, entry)) in scratch.keys.iter().enumerate() {
                let bits = &scratch.bits[entry * words..(entry + 1) * words];
                if k > 0 && scratch.keys[k - 1].0 == entity {
                    scratch
                        .merged
                        .iter_mut()
                        .zip(bits)
                        .for_each(|(m, b)| *m |= b);
                } else {
                    scratch.merged.clear();
                    scratch.merged.extend_from_slice(bits);
                }
                if scratch.keys.get(k + 1).is_some_and(|next| next.0 == entity) {
                    continue;
                }
                let counters = &mut counters[entity * per..(entity + 1) * per];
                Scratch::counters(
                    &scratch.counter_of_bit,
                    &scratch.merged,
                    &mut scratch.counted,
                );
                for &c in &scratch.counted {
                    counters[c] += 1;
                }
            }
        }
        scratch.units.clear();
        scratch.bits.clear();
    }

    /// Rolls unit sums up the tree; distinct counts are already per level.
    fn finish(&self, acc: Acc) -> (MeasureValues, Activity) {
        let tree = self.data.tree();
        let slots = self.window.len();
        let per = self.measures * slots;
        let mut values: [Vec<i64>; 4] = Default::default();
        let mut units = vec![0i64; per * self.units];
        for m in 0..self.measures {
            for u in 0..self.units {
                let from = (m * self.units + u) * slots;
                units[u * per + m * slots..u * per + (m + 1) * slots]
                    .copy_from_slice(&acc.sums[from..from + slots]);
            }
        }
        values[0] = units;
        for upper in [Level::Org, Level::Group, Level::Region] {
            let lower = Level::ALL[upper.index() - 1];
            let (n_low, n_up) = (self.counts[lower.index()], self.counts[upper.index()]);
            let mut up = vec![0i64; per * n_up];
            for e in 0..n_low {
                let parent = tree.parent(lower, e);
                let from = &values[lower.index()][e * per..(e + 1) * per];
                for (u, v) in up[parent * per..(parent + 1) * per].iter_mut().zip(from) {
                    *u = u.saturating_add(*v);
                }
            }
            values[upper.index()] = up;
        }
        let counted = self.distinct.len() * slots;
        for (d, &mi) in self.distinct.iter().enumerate() {
            for level in Level::ALL {
                for e in 0..self.counts[level.index()] {
                    let from = e * counted + d * slots;
                    values[level.index()][e * per + mi * slots..e * per + (mi + 1) * slots]
                        .copy_from_slice(&acc.distinct[level.index()][from..from + slots]);
                }
            }
        }
        let processes = self.m.processes().len();
        let mut runs_units = acc.seen;
        for (u, unit) in tree.units().iter().enumerate() {
            for declared in &unit.processes {
                if let Some(p) = self.m.processes().iter().position(|x| &x.id == declared) {
                    runs_units[u * processes + p] = true;
                }
            }
        }
        let activity = Activity {
            processes,
            runs: [runs_units, Vec::new(), Vec::new(), Vec::new()],
            counts: self.counts,
        }
        .roll_up(self.data);
        (MeasureValues { slots, per, values }, activity)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn window_places_days_in_slots() {
        let w = Window::new("2026-Q3".parse().unwrap(), 2);
        assert_eq!(
            w.periods.iter().map(|p| p.to_string()).collect::<Vec<_>>(),
            ["2026-Q1", "2026-Q2", "2026-Q3"]
        );
        let day = |s: &str| Day::of(s.parse().unwrap()).0;
        assert_eq!(w.slot(day("2026-01-01")), Some(0));
        assert_eq!(w.slot(day("2026-06-30")), Some(1));
        assert_eq!(w.slot(day("2026-09-30")), Some(2));
        assert_eq!(w.slot(day("2026-10-01")), None);
        assert_eq!(w.slot(day("2025-12-31")), None);
        assert_eq!(w.target(), 2);
        assert_eq!(w.slot_or_none(day("2026-04-01")), 1);
        assert_eq!(w.slot_or_none(day("2026-10-01")), NO_SLOT);
        assert_eq!(w.slot_or_none(NULL_DATE), NO_SLOT);
        assert_eq!(w.slot_or_none(i32::MAX), NO_SLOT);
    }

    #[test]
    fn an_interval_overlaps_the_slots_it_meets_period_by_period() {
        let w = Window::new("2026-Q3".parse().unwrap(), 2);
        let day = |s: &str| Day::of(s.parse().unwrap()).0;
        let (from, to) = (day("2025-12-20"), day("2026-10-10"));
        // Slot by slot: the first period ending on or after the start, the
        // last starting on or before the end.
        let by_slot = |start: i32, end: i32| {
            let first = (0..w.len()).find(|&s| w.ends[s] >= start);
            let last = (0..w.len()).rev().find(|&s| w.starts[s] <= end);
            match (first, last) {
                (Some(f), Some(l)) if f <= l => Some((f as u8, l as u8)),
                _ => None,
            }
        };
        for start in (from..=to).step_by(3) {
            for end in (from..=to).step_by(5).chain([i32::MAX]) {
                assert_eq!(
                    w.overlap(start, end),
                    by_slot(start, end),
                    "{start}..={end}"
                );
            }
        }
        assert_eq!(w.overlap(day("2026-02-01"), i32::MAX), Some((0, 2)));
        assert_eq!(
            w.overlap(day("2026-05-10"), day("2026-05-01")),
            Some((1, 1))
        );
        assert_eq!(w.overlap(day("2026-05-10"), day("2026-03-01")), None);
        assert_eq!(w.overlap(day("2026-10-01"), i32::MAX), None);
    }

    #[test]
    fn a_range_of_slots_sets_the_bits_slot_by_slot_would_across_words() {
        // Three distinct measures of 50 slots: bits span three words, and
        // ranges start and end in different words.
        let (measures, slots) = ([4, 1, 6], 50);
        let ranges = [(0, 0, 0), (0, 10, 49), (1, 0, 49), (1, 13, 14), (2, 7, 40)];
        let mut by_range = Scratch::new(&measures, slots);
        let mut by_slot = Scratch::new(&measures, slots);
        for (unit, (d, first, last)) in ranges.into_iter().enumerate() {
            by_range.mark(unit as u32 / 2, d, first, last);
            for slot in first..=last {
                by_slot.mark(unit as u32 / 2, d, slot, slot);
            }
        }
        assert_eq!(by_range.units, [0, 1, 2]);
        assert_eq!(by_range.bits, by_slot.bits);
        // Each set bit names its measure's counter for its slot.
        let mut counted = Vec::new();
        Scratch::counters(&by_range.counter_of_bit, &by_range.bits[..3], &mut counted);
        let want: Vec<usize> = std::iter::once(4 * slots)
            .chain((10..50).map(|slot| 4 * slots + slot))
            .collect();
        assert_eq!(counted, want);
    }

    #[test]
    fn block_placements_equal_the_record_ranges() {
        let w = Window::new("2026-Q3".parse().unwrap(), 2);
        let day = |s: &str| Day::of(s.parse().unwrap()).0;
        let starts = [
            day("2026-01-01"),
            NULL_DATE,
            day("2025-12-31"),
            day("2026-05-10"),
            day("2026-09-30"),
            day("2026-10-01"),
        ];
        let ends = [
            day("2026-01-02"),
            day("2026-03-01"),
            NULL_DATE,
            day("2026-08-01"),
            NULL_DATE,
            day("2026-12-01"),
        ];
        for active in [false, true] {
            for end in [None, Some(&ends[..])] {
                let placement = Placement {
                    start: Some(&starts),
                    end,
                    active,
                };
                for rows in [0..6, 2..5, 3..3] {
                    let mut first = vec![0; rows.len()];
                    let mut last = vec![0; rows.len()];
                    placement.ranges(rows.clone(), &w, &mut first, &mut last);
                    for (i, row) in rows.enumerate() {
                        let (f, l) = placement.range(row, &w);
                        assert_eq!(first[i], f, "row {row} active {active}");
                        if f != NO_SLOT {
                            assert_eq!(last[i], l, "row {row} active {active}");
                        }
                    }
                }
            }
        }
        // Spot checks: a date in the slot; an interval from Q1 running on.
        let single = Placement {
            start: Some(&starts),
            end: None,
            active: false,
        };
        assert_eq!(single.range(3, &w), (1, 1));
        let running = Placement {
            start: Some(&starts),
            end: Some(&ends),
            active: true,
        };
        assert_eq!(running.range(2, &w), (0, 2));
        assert_eq!(running.range(5, &w).0, NO_SLOT);
    }
}

#[cfg(test)]
#[path = "measures_tests.rs"]
mod block_pass_tests;
