//! The block-by-block measure pass against a plain record-by-record count
//! written here from the records themselves, for random filters (every
//! placement, aggregate and process restriction, filters that read the
//! period) and random case tables (missing values, lengths across blocks,
//! recipients in several units, or long runs of one unit's records).

use std::collections::{BTreeMap, BTreeSet};

use chrono::NaiveDate;
use proptest::prelude::*;

use crate::data::{Case, Dataset, DatasetBuilder, Level, OrgTree};
use crate::{EvaluationError, EvaluationOptions, Methodology, PackageFiles, Period};

const UNITS: [&str; 3] = ["U1", "U2", "U3"];
const PROCESSES: [&str; 2] = ["home_care", "day_care"];
const DECISIONS: [&str; 3] = ["granted", "refused", "pending"];

/// A filter over cases, written as the package text and tested here.
#[derive(Debug, Clone)]
enum F {
    /// `decision in [..]` or `not in`.
    DecisionIn(Vec<usize>, bool),
    /// `days(applied_on, decided_on) op k`.
    DaysToDecision(usize, i64),
    /// `working_days(applied_on, started_on) op k` (no holidays: weekdays).
    WorkingDaysToStart(usize, i64),
    /// `decided_on is set` / `is not set`.
    DecidedSet(bool),
    /// `applied_on op <date>`.
    AppliedOn(usize, NaiveDate),
    /// `decided_on <= period_end`: reads the period.
    DecidedByPeriodEnd,
    And(Box<F>, Box<F>),
    Or(Box<F>, Box<F>),
    Not(Box<F>),
}

const OPS: [&str; 6] = ["==", "!=", "<", "<=", ">", ">="];

fn compare(op: usize, a: i64, b: i64) -> bool {
    [a == b, a != b, a < b, a <= b, a > b, a >= b][op]
}

/// Monday-to-Friday days after `a` up to `b` (negative backwards).
fn weekdays_between(a: NaiveDate, b: NaiveDate) -> i64 {
    use chrono::Datelike;
    let (lo, hi, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let n = lo
        .iter_days()
        .skip(1)
        .take_while(|d| *d <= hi)
        .filter(|d| d.weekday().num_days_from_monday() < 5)
        .count() as i64;
    sign * n
}

impl F {
    fn text(&self) -> String {
        match self {
            F::DecisionIn(codes, negated) => {
                let list: Vec<String> = codes
                    .iter()
                    .map(|&c| format!("\"{}\"", DECISIONS[c]))
                    .collect();
                let not = if *negated { "not " } else { "" };
                format!("decision {not}in [{}]", list.join(", "))
            }
            F::DaysToDecision(op, k) => format!("days(applied_on, decided_on) {} {k}", OPS[*op]),
            F::WorkingDaysToStart(op, k) => {
                format!("working_days(applied_on, started_on) {} {k}", OPS[*op])
            }
            F::DecidedSet(true) => "decided_on is set".into(),
            F::DecidedSet(false) => "decided_on is not set".into(),
            F::AppliedOn(op, d) => format!("applied_on {} {d}", OPS[*op]),
            F::DecidedByPeriodEnd => "decided_on <= period_end".into(),
            F::And(a, b) => format!("({}) and ({})", a.text(), b.text()),
            F::Or(a, b) => format!("({}) or ({})", a.text(), b.text()),
            F::Not(a) => format!("not ({})", a.text()),
        }
    }

    /// Whether `c` passes in the period ending on `end`; an empty value
    /// makes a comparison false.
    fn test(&self, c: &Case, end: NaiveDate) -> bool {
        let days = |a: NaiveDate, b: NaiveDate| (b - a).num_days();
        match self {
            F::DecisionIn(codes, negated) => c
                .decision
                .as_deref()
                .is_some_and(|d| codes.iter().any(|&k| DECISIONS[k] == d) != *negated),
            F::DaysToDecision(op, k) => c
                .decided_on
                .is_some_and(|d| compare(*op, days(c.applied_on, d), *k)),
            F::WorkingDaysToStart(op, k) => c
                .started_on
                .is_some_and(|s| compare(*op, weekdays_between(c.applied_on, s), *k)),
            F::DecidedSet(set) => c.decided_on.is_some() == *set,
            F::AppliedOn(op, d) => compare(
                *op,
                c.applied_on.num_days_from_ce_i64(),
                d.num_days_from_ce_i64(),
            ),
            F::DecidedByPeriodEnd => c.decided_on.is_some_and(|d| d <= end),
            F::And(a, b) => a.test(c, end) && b.test(c, end),
            F::Or(a, b) => a.test(c, end) || b.test(c, end),
            F::Not(a) => !a.test(c, end),
        }
    }
}

trait DaysFromCe {
    fn num_days_from_ce_i64(&self) -> i64;
}

impl DaysFromCe for NaiveDate {
    fn num_days_from_ce_i64(&self) -> i64 {
        use chrono::Datelike;
        i64::from(self.num_days_from_ce())
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    Applied,
    Decided,
    Active,
}

#[derive(Debug, Clone, Copy, PartialEq)]
enum Aggregate {
    Count,
    /// `sum(days(applied_on, decided_on))`.
    DaysToDecision,
    Distinct,
}

#[derive(Debug, Clone)]
struct MeasureSpec {
    place: Place,
    filter: Option<F>,
    aggregate: Aggregate,
    /// Only the records of `home_care`.
    home_care: bool,
}

fn day(offset: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2025, 10, 1).expect("a date") + chrono::Days::new(offset as u64)
}

fn filter() -> impl Strategy<Value = F> {
    let leaf = prop_oneof![
        (proptest::collection::vec(0..3usize, 1..3), any::<bool>())
            .prop_map(|(c, n)| F::DecisionIn(c, n)),
        (0..6usize, 0..30i64).prop_map(|(op, k)| F::DaysToDecision(op, k)),
        (0..6usize, 0..20i64).prop_map(|(op, k)| F::WorkingDaysToStart(op, k)),
        any::<bool>().prop_map(F::DecidedSet),
        (0..6usize, 0..400i64).prop_map(|(op, d)| F::AppliedOn(op, day(d))),
        Just(F::DecidedByPeriodEnd),
    ];
    leaf.prop_recursive(3, 8, 2, |inner| {
        prop_oneof![
            (inner.clone(), inner.clone()).prop_map(|(a, b)| F::And(Box::new(a), Box::new(b))),
            (inner.clone(), inner.clone()).prop_map(|(a, b)| F::Or(Box::new(a), Box::new(b))),
            inner.prop_map(|a| F::Not(Box::new(a))),
        ]
    })
}

fn measure() -> impl Strategy<Value = MeasureSpec> {
    (
        prop_oneof![
            Just(Place::Applied),
            Just(Place::Decided),
            Just(Place::Active)
        ],
        proptest::option::weighted(0.8, filter()),
        prop_oneof![
            Just(Aggregate::Count),
            Just(Aggregate::DaysToDecision),
            Just(Aggregate::Distinct)
        ],
        any::<bool>(),
    )
        .prop_map(|(place, filter, aggregate, home_care)| MeasureSpec {
            place,
            filter,
            aggregate,
            home_care,
        })
}

/// A case from random numbers: decided, started and ended in order, each
/// possibly missing.
fn case() -> impl Strategy<Value = RawCase> {
    (
        0..3usize,
        0..2usize,
        0..40usize,
        0..400i64,
        proptest::option::of((0..40i64, proptest::option::of(0..3usize))),
        proptest::option::of((0..10i64, proptest::option::of(0..300i64))),
    )
}

type RawCase = (
    usize,
    usize,
    usize,
    i64,
    Option<(i64, Option<usize>)>,
    Option<(i64, Option<i64>)>,
);

/// The cases of `raw`. `by_unit`: as in a real region, each unit runs one
/// process (U2 day care, the others home care), each recipient is served
/// by one unit, and the cases come unit by unit, so that the pass meets
/// long runs of one unit's records; U2 comes first with three quarters of
/// the cases, so that whole blocks have no home care records. Otherwise
/// recipients and processes go to every unit.
fn cases(raw: &[RawCase], by_unit: bool) -> Vec<Case> {
    let mut raw = raw.to_vec();
    if by_unit {
        let most = raw.len() * 3 / 4;
        for (i, c) in raw.iter_mut().enumerate() {
            if i < most {
                c.0 = 1;
            }
            c.1 = usize::from(c.0 == 1);
        }
        raw.sort_by_key(|c| c.0 != 1);
    }
    raw.iter()
        .enumerate()
        .map(
            |(i, &(unit, process, recipient, applied, decided, started))| {
                let applied_on = day(applied);
                let recipient = if by_unit {
                    // Ordered by recipient, U2's records come first.
                    format!("R{}{unit}-{recipient}", usize::from(unit != 1))
                } else {
                    format!("R{recipient}")
                };
                let mut c = Case::new(
                    format!("C{i}"),
                    PROCESSES[process],
                    UNITS[unit],
                    recipient,
                    applied_on,
                );
                if let Some((after, decision)) = decided {
                    c.decided_on = Some(applied_on + chrono::Days::new(after as u64));
                    c.decision = decision.map(|d| DECISIONS[d].to_string());
                }
                if let Some((after, ended)) = started {
                    let s = applied_on + chrono::Days::new(after as u64);
                    c.started_on = Some(s);
                    c.ended_on = ended.map(|e| s + chrono::Days::new(e as u64));
                }
                c
            },
        )
        .collect()
}

fn package(specs: &[MeasureSpec], history: u32) -> PackageFiles {
    let mut general = String::new();
    let mut home_care = String::from("[process]\nid = \"home_care\"\nname = \"home_care\"\n");
    let day_care = "[process]\nid = \"day_care\"\nname = \"day_care\"\n".to_string();
    for (i, s) in specs.iter().enumerate() {
        let mut text =
            format!("\n[[measure]]\nid = \"m{i}\"\nname = \"m{i}\"\ntable = \"cases\"\n");
        text += match s.place {
            Place::Applied => "period_by = \"applied_on\"\n",
            Place::Decided => "period_by = \"decided_on\"\n",
            Place::Active => "active = [\"started_on\", \"ended_on\"]\n",
        };
        if let Some(f) = &s.filter {
            text += &format!("where = {:?}\n", f.text());
        }
        text += match s.aggregate {
            Aggregate::Count => "",
            Aggregate::DaysToDecision => "aggregate = \"sum(days(applied_on, decided_on))\"\n",
            Aggregate::Distinct => "aggregate = \"distinct(recipient_id)\"\n",
        };
        if s.home_care {
            home_care += &text;
        } else {
            general += &text;
        }
    }
    let manifest = format!(
        r#"
        [package]
        id = "vector"
        name = "vector"
        version = "1.0.0"
        edition = "test"
        in_force_from = 2025-01-01
        [contents]
        processes = ["cases.toml", "home_care.toml", "day_care.toml"]
        [evaluation]
        history = {history}
    "#
    );
    [
        ("etalon.toml", manifest),
        ("cases.toml", general),
        ("home_care.toml", home_care),
        ("day_care.toml", day_care),
    ]
    .into_iter()
    .collect()
}

fn dataset(cases: &[Case]) -> Dataset {
    let mut tree = OrgTree::builder("R", "Region");
    tree.group("G", "Group").expect("a group");
    tree.org("A", "A", "G", "non_residential").expect("an org");
    tree.org("B", "B", "G", "non_residential").expect("an org");
    tree.unit("U1", "U1", "A", ["home_care"]).expect("a unit");
    tree.unit("U2", "U2", "A", ["day_care"]).expect("a unit");
    tree.unit("U3", "U3", "B", ["home_care"]).expect("a unit");
    let mut b = DatasetBuilder::new(tree.build().expect("a tree"));
    for c in cases {
        b.add(c).unwrap_or_else(|e| panic!("{c:?}: {e}"));
    }
    b.finish().expect("a dataset")
}

/// Each measure counted record by record: `[(entity, measure, slot)]`, for
/// the units and the region.
fn reference(
    specs: &[MeasureSpec],
    cases: &[Case],
    periods: &[Period],
) -> BTreeMap<(String, usize, usize), i64> {
    let mut sums = BTreeMap::new();
    let mut distinct: BTreeSet<(String, usize, usize, &str)> = BTreeSet::new();
    for c in cases {
        for (m, s) in specs.iter().enumerate() {
            if s.home_care && c.process != "home_care" {
                continue;
            }
            for (slot, p) in periods.iter().enumerate() {
                let placed = match s.place {
                    Place::Applied => p.contains(c.applied_on),
                    Place::Decided => c.decided_on.is_some_and(|d| p.contains(d)),
                    Place::Active => c.started_on.is_some_and(|st| {
                        st <= p.end() && c.ended_on.is_none_or(|e| e >= p.start())
                    }),
                };
                if !placed || !s.filter.as_ref().is_none_or(|f| f.test(c, p.end())) {
                    continue;
                }
                for entity in [c.unit_id.clone(), "R".to_string()] {
                    match s.aggregate {
                        Aggregate::Count => *sums.entry((entity, m, slot)).or_default() += 1,
                        Aggregate::DaysToDecision => {
                            if let Some(d) = c.decided_on {
                                *sums.entry((entity, m, slot)).or_default() +=
                                    (d - c.applied_on).num_days();
                            }
                        }
                        Aggregate::Distinct => {
                            distinct.insert((entity, m, slot, c.recipient_id.as_str()));
                        }
                    }
                }
            }
        }
    }
    for (entity, m, slot, _) in distinct {
        *sums.entry((entity, m, slot)).or_default() += 1;
    }
    sums
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(24))]

    #[test]
    fn block_pass_equals_a_record_by_record_count(
        specs in proptest::collection::vec(measure(), 1..6),
        raw in proptest::collection::vec(case(), 0..2600),
        by_unit in any::<bool>(),
        // The usual window, or one long enough that the distinct measures'
        // (measure, slot) bits take more than one word.
        history in prop_oneof![Just(4u32), 10..20u32],
    ) {
        let m = Methodology::compile(&package(&specs, history)).unwrap_or_else(|d| panic!("{d}"));
        let cases = cases(&raw, by_unit);
        let data = dataset(&cases);
        let period: Period = "2026-Q3".parse().expect("a period");
        let table = match m.measure(&data, &EvaluationOptions::new(period).with_threads(1)) {
            // Records all dated before or after the period (a few records
            // can be): refused, never counted as zeros.
            Err(EvaluationError::OutsideCoverage { from, to, .. }) => {
                prop_assert!(from > period.end() || to < period.start());
                return Ok(());
            }
            other => other.expect("measures"),
        };
        let want = reference(&specs, &cases, &table.periods);
        let slots = table.periods.len();
        for row in &table.rows {
            if !matches!(row.entity.level, Level::Unit | Level::Region) {
                continue;
            }
            for (i, spec) in specs.iter().enumerate() {
                let mi = table.measures.iter().position(|x| *x == format!("m{i}")).expect("the measure");
                for slot in 0..slots {
                    let key = (row.entity.id.clone(), i, slot);
                    prop_assert_eq!(
                        row.values[mi * slots + slot],
                        want.get(&key).copied().unwrap_or(0),
                        "{} m{} slot {}: {:?}", row.entity.id, i, slot, spec
                    );
                }
            }
        }
    }
}
