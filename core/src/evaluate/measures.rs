//! The measure pass: one native pass per table computes every measure of
//! the package for every unit and period of the window, then rolls the
//! counts up the tree by summing (distinct counts are counted at each level).

use crate::data::{Column, Dataset, Level, NULL_CODE, NULL_DATE, TableKind};
use crate::filter::RowContext;
use crate::methodology::{Methodology, PeriodRule};
use crate::time::{CalendarIndex, Day, Period};

use super::bind::{Binding, record_processes};

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

    #[inline]
    fn slot(&self, day: i32) -> Option<usize> {
        let i = day.checked_sub(self.first_day)?;
        self.slot_of_day
            .get(usize::try_from(i).ok()?)
            .map(|&s| s as usize)
    }
}

/// Measure values for every level, measure, slot and entity.
#[derive(Debug, Clone)]
pub(crate) struct MeasureValues {
    slots: usize,
    counts: [usize; 4],
    values: [Vec<i64>; 4],
}

impl MeasureValues {
    /// Value of measure `m` in `slot` for entity `e` at `level`.
    #[inline]
    pub fn get(&self, level: Level, m: usize, slot: usize, e: usize) -> i64 {
        let n = self.counts[level.index()];
        self.values[level.index()][(m * self.slots + slot) * n + e]
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

/// One thread's running totals.
struct Acc {
    /// Unit-level sums, `(m * slots + slot) * units + unit`.
    sums: Vec<i64>,
    /// Distinct-recipient counts per level.
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
    units: usize,
    counts: [usize; 4],
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
) -> (MeasureValues, Activity) {
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
        units: counts[0],
        counts,
        general,
        by_process,
    };
    let mut total = plan.new_acc();
    for table in TableKind::ALL {
        let has_measures = !plan.general[table.index()].is_empty()
            || plan.by_process[table.index()].iter().any(|v| !v.is_empty());
        let tracks_processes = table == TableKind::Cases;
        if (!has_measures && !tracks_processes) || data.len(table) == 0 {
            continue;
        }
        let chunks = split(data, table, threads);
        let partial: Vec<Acc> = if chunks.len() == 1 {
            vec![plan.run(table, chunks[0].clone())]
        } else {
            std::thread::scope(|s| {
                let handles: Vec<_> = chunks
                    .iter()
                    .map(|c| s.spawn(|| plan.run(table, c.clone())))
                    .collect();
                handles
                    .into_iter()
                    .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
                    .collect()
            })
        };
        for acc in partial {
            total.add(&acc);
        }
    }
    plan.finish(total)
}

/// Splits the rows of `table` into up to `threads` ranges, never between two
/// records of one recipient (distinct counts need them together).
fn split(data: &Dataset, table: TableKind, threads: usize) -> Vec<std::ops::Range<usize>> {
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
            distinct: self.counts.map(|n| vec![0; per * n]),
            seen: vec![false; self.units * self.m.processes().len()],
        }
    }

    /// One pass over `rows` of `table`.
    fn run(&self, table: TableKind, rows: std::ops::Range<usize>) -> Acc {
        let mut acc = self.new_acc();
        let t = self.data.table(table);
        let slots = self.window.len();
        let contexts: Vec<RowContext> = (0..slots)
            .map(|s| RowContext {
                table: t,
                columns: &self.binding.columns[table.index()],
                codes: &self.binding.codes,
                calendar: self.calendar,
                period_start: self.window.starts[s],
                period_end: self.window.ends[s],
            })
            .collect();
        let units = t.units();
        let processes = record_processes(self.data, table);
        let recipients = t.recipients();
        let general = &self.general[table.index()];
        let by_process = &self.by_process[table.index()];
        let measures = self.m.measures();
        let column =
            |field: usize| self.binding.columns[table.index()][field].map(|c| &t.columns[c]);
        let dates = |field: usize| match column(field) {
            Some(Column::Date(v)) => Some(v.as_slice()),
            _ => None,
        };
        // Per measure: the placing dates, and the interval ends for `active`.
        let own = |x: &crate::methodology::Measure| x.table == table;
        let placing: Vec<Option<&[i32]>> = measures
            .iter()
            .map(|x| {
                if own(x) {
                    dates(x.compiled.date_field)
                } else {
                    None
                }
            })
            .collect();
        let ends: Vec<Option<&[i32]>> = measures
            .iter()
            .map(|x| {
                if own(x) {
                    x.compiled.end_field.and_then(dates)
                } else {
                    None
                }
            })
            .collect();
        let n_processes = self.m.processes().len();

        let mut pending: Vec<(u32, u32, u32)> = Vec::new();
        let mut current_recipient = NULL_CODE;
        let empty: Vec<usize> = Vec::new();
        for row in rows {
            let unit = units[row] as usize;
            let process = processes.and_then(|p| {
                let code = p[row];
                if code == NULL_CODE {
                    None
                } else {
                    self.binding
                        .process_of_code
                        .get(code as usize)
                        .copied()
                        .flatten()
                }
            });
            if let (Some(p), TableKind::Cases) = (process, table) {
                acc.seen[unit * n_processes + p] = true;
            }
            if let Some(r) = recipients {
                if r[row] != current_recipient {
                    self.flush(&mut pending, &mut acc);
                    current_recipient = r[row];
                }
            }
            let specific = process.map_or(&empty, |p| &by_process[p]);
            for &mi in general.iter().chain(specific) {
                let measure = &measures[mi];
                let c = &measure.compiled;
                let Some(placing) = placing[mi] else { continue };
                let start = placing[row];
                if start == NULL_DATE {
                    continue;
                }
                let (first, last) = match &measure.period {
                    PeriodRule::By(_) => match self.window.slot(start) {
                        Some(s) => (s, s),
                        None => continue,
                    },
                    PeriodRule::Active(..) => {
                        let end = ends[mi].map_or(NULL_DATE, |e| e[row]);
                        let end = if end == NULL_DATE { i32::MAX } else { end };
                        let first = (0..slots).find(|&s| self.window.ends[s] >= start);
                        let last = (0..slots).rev().find(|&s| self.window.starts[s] <= end);
                        match (first, last) {
                            (Some(f), Some(l)) if f <= l => (f, l),
                            _ => continue,
                        }
                    }
                };
                for (slot, ctx) in contexts.iter().enumerate().take(last + 1).skip(first) {
                    if let Some(f) = &c.filter {
                        if !f.test(ctx, row) {
                            continue;
                        }
                    }
                    if c.distinct {
                        if recipients.is_some_and(|r| r[row] != NULL_CODE) {
                            pending.push((mi as u32, slot as u32, unit as u32));
                        }
                        continue;
                    }
                    let value = match &c.sum {
                        Some(expr) => match expr.eval(ctx, row) {
                            Some(v) => v,
                            None => continue,
                        },
                        None => 1,
                    };
                    let i = (mi * slots + slot) * self.units + unit;
                    acc.sums[i] = acc.sums[i].saturating_add(value);
                }
            }
        }
        self.flush(&mut pending, &mut acc);
        acc
    }

    /// Counts one recipient once per measure, slot and entity at each level.
    fn flush(&self, pending: &mut Vec<(u32, u32, u32)>, acc: &mut Acc) {
        if pending.is_empty() {
            return;
        }
        let tree = self.data.tree();
        let slots = self.window.len();
        let mut keys: Vec<(u32, u32, u32)> = Vec::with_capacity(pending.len());
        for level in Level::ALL {
            keys.clear();
            keys.extend(
                pending
                    .iter()
                    .map(|&(m, s, u)| (m, s, tree.unit_ancestor(u as usize, level) as u32)),
            );
            keys.sort_unstable();
            keys.dedup();
            let n = self.counts[level.index()];
            for &(m, s, e) in &keys {
                acc.distinct[level.index()][(m as usize * slots + s as usize) * n + e as usize] +=
                    1;
            }
        }
        pending.clear();
    }

    /// Rolls unit sums up the tree; distinct counts are already per level.
    fn finish(&self, acc: Acc) -> (MeasureValues, Activity) {
        let tree = self.data.tree();
        let slots = self.window.len();
        let per = self.measures * slots;
        let mut values: [Vec<i64>; 4] = Default::default();
        values[0] = acc.sums;
        for upper in [Level::Org, Level::Group, Level::Region] {
            let lower = Level::ALL[upper.index() - 1];
            let (n_low, n_up) = (self.counts[lower.index()], self.counts[upper.index()]);
            let mut up = vec![0i64; per * n_up];
            for k in 0..per {
                for e in 0..n_low {
                    let parent = tree.parent(lower, e);
                    let v = values[lower.index()][k * n_low + e];
                    up[k * n_up + parent] = up[k * n_up + parent].saturating_add(v);
                }
            }
            values[upper.index()] = up;
        }
        for (mi, measure) in self.m.measures().iter().enumerate() {
            if !measure.compiled.distinct {
                continue;
            }
            for level in Level::ALL {
                let n = self.counts[level.index()];
                let range = mi * slots * n..(mi + 1) * slots * n;
                values[level.index()][range.clone()]
                    .copy_from_slice(&acc.distinct[level.index()][range]);
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
        (
            MeasureValues {
                slots,
                counts: self.counts,
                values,
            },
            activity,
        )
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
    }
}
