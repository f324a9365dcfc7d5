//! Ranks, ties, bands and display rounding decided on exact values: the
//! three cases seen in practice and their properties, on a scheme of two
//! shares (total = ½·share(x, n) + ½·share(y, m)).

use proptest::prelude::*;
use rust_decimal::Decimal;

use super::*;
use crate::scoring::{Exact, RoundingMode};
use crate::{Methodology, PackageFiles};

/// The scheme, with `bands` (TOML `[[band]]` tables) added.
fn two_shares(bands: &str) -> Methodology {
    let nok = format!(
        r#"
        [scheme]
        id = "two_shares"
        name = "Two shares"
        edition = "test"
        [policies]
        zero_base = "reweight"
        rounding = {{ decimals = 2, mode = "half_away_from_zero" }}
        [[input]]
        id = "x"
        name = "x"
        part_of = "n"
        [[input]]
        id = "n"
        name = "n"
        [[input]]
        id = "y"
        name = "y"
        part_of = "m"
        [[input]]
        id = "m"
        name = "m"
        [[indicator]]
        id = "i1"
        number = "1.1"
        name = "x of n"
        formula = "share(x, n)"
        [[indicator]]
        id = "i2"
        number = "1.2"
        name = "y of m"
        formula = "share(y, m) * 1"
        [[criterion]]
        id = "k1"
        number = 1
        name = "K1"
        weights = {{ i1 = 0.5, i2 = 0.5 }}
        {bands}
        "#
    );
    let files: PackageFiles = [
        (
            "etalon.toml".to_string(),
            r#"
            [package]
            id = "exact"
            name = "Exact"
            version = "1.0.0"
            edition = "2026"
            in_force_from = 2026-01-01
            [contents]
            nok = "nok.toml"
            "#
            .to_string(),
        ),
        ("nok.toml".to_string(), nok),
    ]
    .into_iter()
    .collect();
    Methodology::compile(&files).unwrap_or_else(|d| panic!("{d}"))
}

fn row(org: &str, (x, n): (i64, i64), (y, m): (i64, i64)) -> NokRow {
    NokRow::new(org, "2026".parse().unwrap())
        .with("x", x)
        .with("n", n)
        .with("y", y)
        .with("m", m)
}

fn score(m: &Methodology, rows: Vec<NokRow>, options: &NokOptions) -> NokScores {
    m.score_nok(&NokData::from_rows(rows), options)
        .unwrap_or_else(|e| panic!("{e}"))
}

fn q(n: i128, d: i128) -> Exact {
    Exact::fraction(n, d).unwrap()
}

/// What 28-digit decimals make of ½·(100x/n) + ½·(100y/m), as scores were
/// made before.
fn by_decimals((x, n): (i64, i64), (y, m): (i64, i64)) -> Decimal {
    let half = Decimal::new(5, 1);
    let share = |a: i64, b: i64| Decimal::from(a) * Decimal::ONE_HUNDRED / Decimal::from(b);
    half * share(x, n) + half * share(y, m)
}

#[test]
fn equal_totals_share_a_rank() {
    // 21641/360 by two roads: ½(100/3 + 100·15641/18000) and
    // ½(100·2/9 + 100·17641/18000); 28-digit decimals tell them apart.
    let (a, b) = (((1, 3), (15641, 18000)), ((2, 9), (17641, 18000)));
    assert_ne!(by_decimals(a.0, a.1), by_decimals(b.0, b.1));
    let m = two_shares("");
    let s = score(
        &m,
        vec![
            row("A", a.0, a.1),
            row("B", b.0, b.1),
            row("C", (1, 2), (1, 2)),
        ],
        &NokOptions::default(),
    );
    let (oa, ob) = (s.org("A").unwrap(), s.org("B").unwrap());
    assert_eq!(oa.total, Some(q(21641, 360).to_decimal()));
    assert_eq!(oa.total, ob.total);
    assert_eq!((oa.rank, ob.rank), (Some(1), Some(1)));
    // Competition ranking: the next is third.
    assert_eq!(s.org("C").unwrap().rank, Some(3));
    assert_eq!(s.rounding.show(oa.total), "60.11");
}

#[test]
fn an_exact_half_way_total_is_shown_by_the_declared_mode() {
    // ½(100/3 + 100·29891/30000) = 66.485 exactly.
    let (a, b) = ((1, 3), (29891, 30000));
    assert_ne!(by_decimals(a, b), Decimal::new(66485, 3));
    let m = two_shares("");
    let s = score(&m, vec![row("A", a, b)], &NokOptions::default());
    let total = s.org("A").unwrap().total;
    assert_eq!(total, Some(Decimal::new(66485, 3)));
    assert_eq!(s.rounding.show(total), "66.49");
    let even = score(
        &m,
        vec![row("A", a, b)],
        &NokOptions::default().with_policy("rounding", "half_even"),
    );
    assert_eq!(even.rounding.show(even.org("A").unwrap().total), "66.48");
    assert_eq!(even.rounding.mode, RoundingMode::HalfEven);
}

#[test]
fn a_total_on_a_bound_is_in_the_band() {
    // ½(100/3 + 100·71/75) = 64 exactly.
    let (a, b) = ((1, 3), (71, 75));
    assert_ne!(by_decimals(a, b), Decimal::from(64));
    let m = two_shares(
        r#"
        [[band]]
        name = "good"
        min = 64
        [[band]]
        name = "fair"
        min = 0
        "#,
    );
    let s = score(&m, vec![row("A", a, b)], &NokOptions::default());
    let o = s.org("A").unwrap();
    assert_eq!(o.total, Some(Decimal::from(64)));
    assert_eq!(o.band.as_deref(), Some("good"));
}

/// A share `(x, n)` with `n` in 1..=max.
fn share(max: i64) -> impl Strategy<Value = (i64, i64)> {
    (1..=max).prop_flat_map(|n| (0..=n, Just(n)))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Two organisations whose totals are the same fraction, reached by
    /// other shares over another base, share a rank.
    #[test]
    fn equal_exact_totals_share_a_rank(
        a in share(400), b in share(400), pick in 0.0f64..=1.0, other in share(100),
    ) {
        // B: the same sum x/n + y/m written over the base n·m, split otherwise.
        let base = a.1 * b.1;
        let sum = a.0 * b.1 + b.0 * a.1;
        let (lo, hi) = ((sum - base).max(0), sum.min(base));
        let t = lo + ((hi - lo) as f64 * pick) as i64;
        let m = two_shares("");
        let s = score(&m, vec![
            row("A", a, b),
            row("B", (t, base), (sum - t, base)),
            row("C", other, other),
        ], &NokOptions::default());
        let (oa, ob) = (s.org("A").unwrap(), s.org("B").unwrap());
        prop_assert_eq!(oa.total, ob.total);
        prop_assert_eq!(oa.rank, ob.rank);
        prop_assert_eq!(oa.rank_in_group, ob.rank_in_group);
    }

    /// A total equal to a band's bound is in that band, and one just under
    /// it is not.
    #[test]
    fn a_total_equal_to_a_bound_is_in_the_band(k in 1i64..10_000, first in share(997)) {
        // The bound k/100 points, made as ½·100·(x/n + y/m'):
        // y/m' = k/5000 − x/n over m' = lcm(5000, n).
        let n = first.1;
        let lcm = 5000 / gcd(5000, n) * n;
        let target = k * lcm / 5000;
        let x_lo = ((k - 5000) * n + 4999).div_euclid(5000).max(0);
        let x_hi = (k * n / 5000).min(n);
        let x = first.0.clamp(x_lo, x_hi);
        let y = target - x * (lcm / n);
        prop_assume!((0..=lcm).contains(&y));
        let bound = Decimal::new(k, 2);
        let m = two_shares(&format!("[[band]]\nname = \"top\"\nmin = {bound}\n"));
        let under = if y > 0 { (y - 1, lcm) } else { (0, lcm) };
        let s = score(&m, vec![row("A", (x, n), (y, lcm)), row("B", (x, n), under)], &NokOptions::default());
        let a = s.org("A").unwrap();
        prop_assert_eq!(a.total, Some(bound));
        prop_assert_eq!(a.band.as_deref(), Some("top"));
        if y > 0 {
            prop_assert_eq!(s.org("B").unwrap().band.as_deref(), None);
        }
    }

    /// Ranks depend on the totals only, never on the order of the rows.
    #[test]
    fn ranks_do_not_depend_on_the_order_of_rows(
        shares in proptest::collection::vec((share(60), share(60)), 2..8),
        order in Just(()).prop_flat_map(|_| Just((0..8usize).collect::<Vec<_>>()).prop_shuffle()),
    ) {
        let m = two_shares("");
        let rows: Vec<NokRow> = shares
            .iter()
            .enumerate()
            .map(|(i, (a, b))| row(&format!("o{i}"), *a, *b))
            .collect();
        let shuffled: Vec<NokRow> = order
            .iter()
            .filter(|&&i| i < rows.len())
            .map(|&i| rows[i].clone())
            .collect();
        let first = score(&m, rows, &NokOptions::default());
        let second = score(&m, shuffled, &NokOptions::default());
        for o in &first.organisations {
            let other = second.org(&o.org).unwrap();
            prop_assert_eq!(o.rank, other.rank, "{}", o.org);
            prop_assert_eq!(o.total, other.total);
        }
        prop_assert_eq!(first.region.total, second.region.total);
    }
}

fn gcd(a: i64, b: i64) -> i64 {
    if b == 0 { a } else { gcd(b, a % b) }
}
