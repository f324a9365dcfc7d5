//! The few distributions funnel limits need: binomial and Poisson counts
//! (cumulative probabilities, quantiles) and the standard normal.
//!
//! Written here rather than taken from a crate: the engine needs four
//! functions, and their accuracy is checked against sums written out in the
//! tests. Probabilities are `f64`; values stay exact decimals elsewhere.

/// The distribution of a count under the reference value.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Count {
    /// `n` trials with success probability `p` (a share of a base).
    Binomial { n: u64, p: f64 },
    /// Events with mean `mean` (a rate per 100 or per 1000 of a base).
    Poisson { mean: f64 },
}

/// Natural logarithm of Γ(x) for x > 0 (Lanczos, g = 7, nine terms;
/// relative error about 1e-15).
pub(crate) fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection keeps the series in its accurate range.
        let pi = std::f64::consts::PI;
        return (pi / (pi * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut a = C[0];
    let t = x + G + 0.5;
    for (i, c) in C.iter().enumerate().skip(1) {
        a += c / (x + i as f64);
    }
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + a.ln()
}

impl Count {
    /// The mean count.
    pub(crate) fn mean(self) -> f64 {
        match self {
            Count::Binomial { n, p } => n as f64 * p,
            Count::Poisson { mean } => mean,
        }
    }

    /// The standard deviation of the count.
    pub(crate) fn sd(self) -> f64 {
        match self {
            Count::Binomial { n, p } => (n as f64 * p * (1.0 - p)).sqrt(),
            Count::Poisson { mean } => mean.sqrt(),
        }
    }

    /// The largest possible count (none for Poisson).
    fn top(self) -> Option<u64> {
        match self {
            Count::Binomial { n, .. } => Some(n),
            Count::Poisson { .. } => None,
        }
    }

    /// P(X = k).
    pub(crate) fn pmf(self, k: u64) -> f64 {
        match self {
            Count::Binomial { n, p } => {
                if k > n {
                    return 0.0;
                }
                if p <= 0.0 {
                    return if k == 0 { 1.0 } else { 0.0 };
                }
                if p >= 1.0 {
                    return if k == n { 1.0 } else { 0.0 };
                }
                let (n, kf) = (n as f64, k as f64);
                (ln_gamma(n + 1.0) - ln_gamma(kf + 1.0) - ln_gamma(n - kf + 1.0)
                    + kf * p.ln()
                    + (n - kf) * (1.0 - p).ln())
                .exp()
            }
            Count::Poisson { mean } => {
                if mean <= 0.0 {
                    return if k == 0 { 1.0 } else { 0.0 };
                }
                let kf = k as f64;
                (kf * mean.ln() - mean - ln_gamma(kf + 1.0)).exp()
            }
        }
    }

    /// P(X = j − 1) from P(X = j) (`j` ≥ 1): the ratio of neighbouring
    /// terms, so a tail costs one `ln Γ` for its first term only.
    fn pmf_below(self, j: u64, t: f64) -> f64 {
        match self {
            Count::Binomial { n, p } => t * j as f64 / (n - j + 1) as f64 * ((1.0 - p) / p),
            Count::Poisson { mean } => t * j as f64 / mean,
        }
    }

    /// P(X = j + 1) from P(X = j) (`j` below the top).
    fn pmf_above(self, j: u64, t: f64) -> f64 {
        match self {
            Count::Binomial { n, p } => t * (n - j) as f64 / (j + 1) as f64 * (p / (1.0 - p)),
            Count::Poisson { mean } => t * mean / (j + 1) as f64,
        }
    }

    /// P(X ≤ k). Sums the shorter tail from `k` outward, so the cost grows
    /// with the standard deviation, not with the base.
    pub(crate) fn cdf(self, k: i64) -> f64 {
        if k < 0 {
            return 0.0;
        }
        let k = k as u64;
        if self.top().is_some_and(|n| k >= n) {
            return 1.0;
        }
        if (k as f64) <= self.mean() {
            // Terms fall as we go down from below the mean.
            let mut t = self.pmf(k);
            let mut sum = 0.0;
            let mut j = k;
            loop {
                sum += t;
                if j == 0 || t <= sum * 1e-17 {
                    break;
                }
                t = self.pmf_below(j, t);
                j -= 1;
            }
            sum.min(1.0)
        } else {
            let mut j = k + 1;
            let mut t = self.pmf(j);
            let mut tail = 0.0;
            loop {
                tail += t;
                if t <= tail * 1e-17 || self.top().is_some_and(|n| j >= n) {
                    break;
                }
                t = self.pmf_above(j, t);
                j += 1;
            }
            (1.0 - tail).max(0.0)
        }
    }

    /// The smallest count `r` with P(X ≤ r) ≥ `q`, with P(X ≤ r) and
    /// P(X = r). Starts from the normal guess and steps to neighbours,
    /// moving the sum by one term a step rather than summing a tail again.
    fn quantile_step(self, q: f64) -> (i64, f64, f64) {
        let top = self.top().map_or(i64::MAX, |n| n as i64);
        let guess = (self.mean() + normal_quantile(q) * self.sd()).floor();
        let mut r = (guess.max(0.0) as i64).min(top);
        let (mut f, mut t) = (self.cdf(r), self.pmf(r as u64));
        while r < top && f < q {
            t = self.pmf_above(r as u64, t);
            r += 1;
            if r == top {
                f = 1.0;
            } else if t == 0.0 {
                // Far below the mean a term can underflow: sum afresh.
                (f, t) = (self.cdf(r), self.pmf(r as u64));
            } else {
                f += t;
            }
        }
        while r > 0 && f - t >= q {
            f -= t;
            t = self.pmf_below(r as u64, t);
            r -= 1;
        }
        (r, f, t)
    }

    /// The smallest count `r` with P(X ≤ r) ≥ `q`.
    #[cfg(test)]
    pub(crate) fn quantile(self, q: f64) -> i64 {
        self.quantile_step(q).0
    }

    /// The `q` quantile as a continuous count, interpolated between the
    /// steps of the distribution as Spiegelhalter (2005) describes:
    /// `r − α` with `α = (F(r) − q) / (F(r) − F(r − 1))`, the step being
    /// P(X = r).
    pub(crate) fn interpolated_quantile(self, q: f64) -> f64 {
        let (r, f, step) = self.quantile_step(q);
        let alpha = if step > 0.0 { (f - q) / step } else { 0.0 };
        r as f64 - alpha
    }
}

/// The standard normal quantile at the two levels funnels use, and a
/// rational approximation elsewhere (Acklam's; relative error 1.2e-9).
pub(crate) fn normal_quantile(q: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    if q <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if q >= 1.0 {
        return f64::INFINITY;
    }
    let low = 0.024_25;
    if q < low {
        let t = (-2.0 * q.ln()).sqrt();
        (((((C[0] * t + C[1]) * t + C[2]) * t + C[3]) * t + C[4]) * t + C[5])
            / ((((D[0] * t + D[1]) * t + D[2]) * t + D[3]) * t + 1.0)
    } else if q <= 1.0 - low {
        let u = q - 0.5;
        let r = u * u;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * u
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - q)
    }
}

/// P(Z ≤ x) for the standard normal.
pub(crate) fn normal_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// The complementary error function (Chebyshev fit; fractional error
/// below 1.2e-7 everywhere).
fn erfc(x: f64) -> f64 {
    let z = x.abs();
    let t = 1.0 / (1.0 + 0.5 * z);
    let poly = -z * z - 1.265_512_23
        + t * (1.000_023_68
            + t * (0.374_091_96
                + t * (0.096_784_18
                    + t * (-0.186_288_06
                        + t * (0.278_868_07
                            + t * (-1.135_203_98
                                + t * (1.488_515_87 + t * (-0.822_152_23 + t * 0.170_872_77))))))));
    let r = t * poly.exp();
    if x >= 0.0 { r } else { 2.0 - r }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// C(n, k) as a float, by the product formula (independent of Γ).
    fn choose(n: u64, k: u64) -> f64 {
        (0..k).fold(1.0, |acc, i| acc * (n - i) as f64 / (i + 1) as f64)
    }

    #[test]
    fn binomial_cdf_agrees_with_a_sum_written_out() {
        let (n, p) = (48u64, 0.01f64);
        let c = Count::Binomial { n, p };
        for k in 0..=6i64 {
            let sum: f64 = (0..=k as u64)
                .map(|j| choose(n, j) * p.powi(j as i32) * (1.0 - p).powi((n - j) as i32))
                .sum();
            assert!((c.cdf(k) - sum).abs() < 1e-12, "k = {k}");
        }
        // The example: two complaints or more among 48 recipients
        // at 1 in 100: 1 − 0.99^48 − 48·0.01·0.99^47 = 0.0834...
        let two_or_more = 1.0 - c.cdf(1);
        let by_hand = 1.0 - 0.99f64.powi(48) - 48.0 * 0.01 * 0.99f64.powi(47);
        assert!((two_or_more - by_hand).abs() < 1e-12);
        assert!((two_or_more - 0.0834).abs() < 1e-4);
    }

    #[test]
    fn poisson_cdf_agrees_with_a_sum_written_out() {
        let mean = 0.48f64;
        let c = Count::Poisson { mean };
        let mut term = (-mean).exp();
        let mut sum = term;
        for k in 0..8i64 {
            assert!((c.cdf(k) - sum).abs() < 1e-13, "k = {k}");
            term *= mean / (k + 1) as f64;
            sum += term;
        }
        // Far in the upper tail the sum is taken from above.
        let big = Count::Poisson { mean: 400.0 };
        assert!((big.cdf(400) - 0.513_293_83).abs() < 1e-7);
    }

    /// P(X ≤ k) as the plain sum of every term from 0, each from `ln Γ`.
    fn cdf_term_by_term(c: Count, k: i64) -> f64 {
        (0..=k.max(-1))
            .map(|j| c.pmf(j as u64))
            .sum::<f64>()
            .min(1.0)
    }

    proptest::proptest! {
        /// The tails summed by the ratio of neighbouring terms agree with
        /// every term computed on its own, on both sides of the mean (to
        /// 1e-10: `ln Γ` of a base near 1500 is about 9500, so a term from
        /// it alone is good to about 1e-12 relative).
        #[test]
        fn cdf_by_recurrence_equals_the_sum_of_terms(
            n in 1u64..1500,
            p in 0.001f64..0.999,
            at in 0.0f64..1.0,
        ) {
            let binomial = Count::Binomial { n, p };
            let k = (at * n as f64) as i64;
            let (fast, slow) = (binomial.cdf(k), cdf_term_by_term(binomial, k));
            proptest::prop_assert!((fast - slow).abs() < 1e-10, "Bin({n}, {p}) at {k}: {fast} vs {slow}");
            let poisson = Count::Poisson { mean: n as f64 * p };
            let (fast, slow) = (poisson.cdf(k), cdf_term_by_term(poisson, k));
            proptest::prop_assert!((fast - slow).abs() < 1e-10, "Poisson({}) at {k}: {fast} vs {slow}", n as f64 * p);
        }
    }

    proptest::proptest! {
        /// The quantile found by stepping is the first count whose freshly
        /// summed P(X ≤ r) reaches q, and its interpolation uses the
        /// freshly summed step.
        #[test]
        fn stepped_quantiles_agree_with_fresh_sums(
            n in 1u64..1000,
            p in 0.001f64..0.999,
            q in proptest::sample::select(vec![0.001, 0.025, 0.975, 0.999]),
            poisson in proptest::bool::ANY,
        ) {
            let c = if poisson {
                Count::Poisson { mean: n as f64 * p }
            } else {
                Count::Binomial { n, p }
            };
            let r = c.quantile(q);
            proptest::prop_assert!(c.cdf(r) >= q - 1e-12, "{c:?} q {q}: F({r}) = {}", c.cdf(r));
            proptest::prop_assert!(r == 0 || c.cdf(r - 1) < q + 1e-12, "{c:?} q {q}: F({}) = {}", r - 1, c.cdf(r - 1));
            let (f, below) = (c.cdf(r), c.cdf(r - 1));
            let fresh = if f > below { r as f64 - (f - q) / (f - below) } else { r as f64 };
            let stepped = c.interpolated_quantile(q);
            proptest::prop_assert!((fresh - stepped).abs() < 1e-6, "{c:?} q {q}: {fresh} vs {stepped}");
        }
    }

    #[test]
    fn quantiles_are_the_first_count_reaching_the_probability() {
        let c = Count::Binomial { n: 20, p: 0.5 };
        // P(X ≤ 5) = 0.0207, P(X ≤ 6) = 0.0577 for Bin(20, 1/2).
        assert_eq!(c.quantile(0.025), 6);
        assert_eq!(c.quantile(0.975), 14);
        // Interpolation: α = (F(6) − 0.025) / P(X = 6).
        let f6: f64 = (0..=6).map(|j| choose(20, j)).sum::<f64>() / 2f64.powi(20);
        let p6 = choose(20, 6) / 2f64.powi(20);
        let alpha = (f6 - 0.025) / p6;
        assert!((c.interpolated_quantile(0.025) - (6.0 - alpha)).abs() < 1e-12);
    }

    #[test]
    fn the_normal_functions_match_tables() {
        assert!((normal_quantile(0.975) - 1.959_963_985).abs() < 1e-8);
        assert!((normal_quantile(0.999) - 3.090_232_306).abs() < 1e-8);
        assert!((normal_quantile(0.001) + 3.090_232_306).abs() < 1e-8);
        assert!((normal_cdf(1.959_963_985) - 0.975).abs() < 1e-7);
        assert!((normal_cdf(0.0) - 0.5).abs() < 1e-7);
        assert!((normal_cdf(-3.090_232_306) - 0.001).abs() < 1e-7);
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut f = 1.0f64;
        for n in 1..30u32 {
            f *= n as f64;
            assert!((ln_gamma(n as f64 + 1.0) - f.ln()).abs() < 1e-10, "{n}!");
        }
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }
}
