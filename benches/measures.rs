//! The measure pass over the case records versus a hand-written loop that
//! computes the same counts (checked equal before timing).
//!
//! `cargo bench --bench measures` — group `measures_pass`: `etalon/1` (one
//! thread), `etalon/2`, and `hand_loop` (one thread).

#[path = "common.rs"]
mod common;

use std::collections::HashMap;

use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use etalon::{Dataset, EvaluationOptions, Level, Methodology, PackageFiles, Period};

/// The bench package (`benches/package`): the ten processes and eight
/// measures over every case, of every kind the engine has (counts, codes,
/// working days, a sum, distinct recipients over intervals).
fn package() -> PackageFiles {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/benches/package");
    etalon::io::load_package(dir.as_ref()).expect("the bench package is readable")
}

const NULL: i32 = i32::MIN;

/// A case as the hand-written loop wants it: plain numbers.
#[derive(Clone, Copy)]
struct Row {
    unit: u32,
    recipient: u32,
    applied: i32,
    decided: i32,
    /// 0 none, 1 granted, 2 refused, 3 pending.
    decision: u8,
    started: i32,
    ended: i32,
}

const MEASURE_COUNT: usize = 8;

/// The window, the tree and the calendar the loop needs.
struct Plain {
    rows: Vec<Row>,
    starts: Vec<i32>,
    ends: Vec<i32>,
    /// Working days up to each day, from `first_day`.
    cumulative: Vec<i32>,
    first_day: i32,
    /// For each unit: itself, its organisation, group, and the region (0).
    ancestors: Vec<[u32; 4]>,
    /// The group of each organisation.
    org_groups: Vec<u32>,
    counts: [usize; 4],
    /// Slot of each day from `starts[0]` (u8::MAX: outside the window).
    slot_of_day: Vec<u8>,
}

fn day(d: chrono::NaiveDate) -> i32 {
    etalon::Day::of(d).0
}

fn plain(region: &etalon::generate::Region, data: &Dataset, period: Period, history: u32) -> Plain {
    let tree = data.tree();
    let unit_index: HashMap<&str, u32> = tree
        .units()
        .iter()
        .enumerate()
        .map(|(i, u)| (u.id.as_str(), i as u32))
        .collect();
    let mut recipients: HashMap<&str, u32> = HashMap::new();
    let mut rows: Vec<Row> = region
        .cases
        .iter()
        .map(|c| {
            let n = recipients.len() as u32;
            let recipient = *recipients.entry(c.recipient_id.as_str()).or_insert(n);
            Row {
                unit: unit_index[c.unit_id.as_str()],
                recipient,
                applied: day(c.applied_on),
                decided: c.decided_on.map_or(NULL, day),
                decision: match c.decision.as_deref() {
                    Some("granted") => 1,
                    Some("refused") => 2,
                    Some("pending") => 3,
                    _ => 0,
                },
                started: c.started_on.map_or(NULL, day),
                ended: c.ended_on.map_or(NULL, day),
            }
        })
        .collect();
    rows.sort_by_key(|r| r.recipient);
    let periods: Vec<Period> = (0..=history).rev().map(|n| period.previous(n)).collect();
    let starts: Vec<i32> = periods.iter().map(|p| day(p.start())).collect();
    let ends: Vec<i32> = periods.iter().map(|p| day(p.end())).collect();
    let first_day = starts[0] - 3 * 366;
    let last_day = ends[ends.len() - 1] + 366;
    let mut cumulative = Vec::new();
    let mut running = 0;
    for d in first_day..=last_day {
        // 1970-01-01 was a Thursday: weekday 3.
        running += i32::from((d + 3).rem_euclid(7) < 5);
        cumulative.push(running);
    }
    let ancestors = (0..tree.count(Level::Unit))
        .map(|u| {
            [
                u as u32,
                tree.unit_ancestor(u, Level::Org) as u32,
                tree.unit_ancestor(u, Level::Group) as u32,
                0,
            ]
        })
        .collect();
    let org_groups = (0..tree.count(Level::Org))
        .map(|o| tree.parent(Level::Org, o) as u32)
        .collect();
    let mut slot_of_day = Vec::new();
    for (s, (a, b)) in starts.iter().zip(&ends).enumerate() {
        slot_of_day.extend(std::iter::repeat_n(s as u8, (b - a + 1) as usize));
    }
    Plain {
        rows,
        starts,
        ends,
        cumulative,
        first_day,
        ancestors,
        org_groups,
        counts: [
            tree.count(Level::Unit),
            tree.count(Level::Org),
            tree.count(Level::Group),
            1,
        ],
        slot_of_day,
    }
}

impl Plain {
    #[inline]
    fn slot(&self, d: i32) -> Option<usize> {
        let i = usize::try_from(d.checked_sub(self.starts[0])?).ok()?;
        self.slot_of_day.get(i).map(|&s| s as usize)
    }

    #[inline]
    fn working_days(&self, a: i32, b: i32) -> i32 {
        self.cumulative[(b - self.first_day) as usize]
            - self.cumulative[(a - self.first_day) as usize]
    }

    /// Every measure for every level, entity and slot:
    /// `[level][(entity * MEASURE_COUNT + measure) * slots + slot]`.
    fn run(&self) -> [Vec<i64>; 4] {
        let slots = self.starts.len();
        let per = MEASURE_COUNT * slots;
        let mut out: [Vec<i64>; 4] = self.counts.map(|n| vec![0; n * per]);
        let mut pending: Vec<(u32, u32)> = Vec::new();
        let mut keys: Vec<(u32, u32)> = Vec::new();
        let mut current = u32::MAX;
        // Each recipient once per slot and entity, at every level.
        let flush =
            |pending: &mut Vec<(u32, u32)>, keys: &mut Vec<(u32, u32)>, out: &mut [Vec<i64>; 4]| {
                for (level, counters) in out.iter_mut().enumerate() {
                    keys.clear();
                    keys.extend(
                        pending
                            .iter()
                            .map(|&(s, u)| (s, self.ancestors[u as usize][level])),
                    );
                    keys.sort_unstable();
                    keys.dedup();
                    for &(s, e) in keys.iter() {
                        counters[e as usize * per + 7 * slots + s as usize] += 1;
                    }
                }
                pending.clear();
            };
        for r in &self.rows {
            if r.recipient != current {
                flush(&mut pending, &mut keys, &mut out);
                current = r.recipient;
            }
            let base = r.unit as usize * per;
            let sums = &mut out[0];
            if let Some(s) = self.slot(r.applied) {
                sums[base + s] += 1;
                if r.started != NULL && r.started - r.applied <= 1 {
                    sums[base + 5 * slots + s] += 1;
                }
            }
            if let Some(s) = self.slot(r.decided) {
                if r.decision == 1 || r.decision == 2 {
                    sums[base + slots + s] += 1;
                    sums[base + 6 * slots + s] += (r.decided - r.applied) as i64;
                    if self.working_days(r.applied, r.decided) <= 10 {
                        sums[base + 2 * slots + s] += 1;
                    }
                }
                if r.decision == 1 {
                    sums[base + 3 * slots + s] += 1;
                }
                if r.decision == 2 {
                    sums[base + 4 * slots + s] += 1;
                }
            }
            if r.started != NULL {
                let end = if r.ended == NULL { i32::MAX } else { r.ended };
                for s in 0..slots {
                    if self.ends[s] >= r.started && self.starts[s] <= end {
                        pending.push((s as u32, r.unit));
                    }
                }
            }
        }
        flush(&mut pending, &mut keys, &mut out);
        // Roll the sums up; distinct recipients were counted at each level.
        for level in 1..4 {
            for e in 0..self.counts[level - 1] {
                let parent = match level {
                    1 => self.ancestors[e][1] as usize,
                    2 => self.org_groups[e] as usize,
                    _ => 0,
                };
                for k in 0..7 * slots {
                    let v = out[level - 1][e * per + k];
                    out[level][parent * per + k] += v;
                }
            }
        }
        out
    }
}

fn bench(c: &mut Criterion) {
    let mut region = common::region_of(3_000_000);
    // The bench package has no questionnaire, so the survey items would be
    // unknown columns; the measures read only the cases.
    region.surveys.clear();
    let data = region.dataset().expect("generated data is valid");
    let m = Methodology::compile(&package())
        .unwrap_or_else(|d| panic!("the bench package does not compile:\n{d}"));
    let period: Period = "2026-Q3".parse().expect("a period");
    let history = m.manifest().history;
    let p = plain(&region, &data, period, history);

    // The same counts, or the comparison means nothing.
    let table = m
        .measure(&data, &EvaluationOptions::new(period).with_threads(1))
        .expect("measures");
    let hand = p.run();
    let slots = p.starts.len();
    for row in &table.rows {
        let level = row.entity.level.index();
        let e = data
            .tree()
            .find(row.entity.level, &row.entity.id)
            .expect("entity");
        for mi in 0..MEASURE_COUNT {
            for s in 0..slots {
                let ours = row.values[mi * slots + s];
                let theirs = hand[level][(e * MEASURE_COUNT + mi) * slots + s];
                assert_eq!(
                    ours, theirs,
                    "{} measure {} slot {s}",
                    row.entity, table.measures[mi]
                );
            }
        }
    }

    let records = data.len(etalon::TableKind::Cases) as u64;
    let mut group = c.benchmark_group("measures_pass");
    group.throughput(Throughput::Elements(records));
    for threads in [1, 2] {
        let options = EvaluationOptions::new(period).with_threads(threads);
        group.bench_function(format!("etalon/{threads}"), |b| {
            b.iter(|| m.measure(&data, &options).expect("measures"))
        });
    }
    group.bench_function("hand_loop", |b| b.iter(|| p.run()));
    group.finish();
}

criterion_group! {
    name = benches;
    config = common::slow_criterion();
    targets = bench
}
criterion_main!(benches);
