//! Exact fractions: what decides ranks, ties, bands and display rounding.
//!
//! A 28-digit decimal stores 2/3 as 0.666…667, and two ways of reaching
//! the same score can differ in the last digit: equal totals were ranked 1
//! and 2, an exact 66.485 was shown 66.48 and a total of exactly 64 missed
//! a band with `min = 64`. Scoring therefore divides, sums and compares
//! fractions of whole numbers of any size, and writes a figure as a decimal
//! only at the end, rounded to odd (see [`Exact::to_decimal`]) so that any
//! later rounding to fewer digits, and any comparison with a bound of fewer
//! digits, comes out as it would on the fraction. `docs/decisions/` has the
//! reasoning.

use std::cmp::Ordering;
use std::fmt;
use std::ops::{Add, Mul, Sub};

use num_bigint::{BigInt, Sign};
use num_integer::Integer;
use num_traits::{One, Signed, ToPrimitive, Zero};
use rust_decimal::Decimal;

use super::policy::RoundingMode;

/// A fraction in lowest terms with a positive denominator.
///
/// ```
/// use etalon_core::scoring::Exact;
/// let third = Exact::fraction(1, 3).unwrap();
/// let sum = &(&third + &third) + &third;
/// assert_eq!(sum, Exact::from(1));
/// assert_eq!(Exact::fraction(21641, 360).unwrap().to_string(), "21641/360");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Exact {
    num: BigInt,
    den: BigInt,
}

/// The most places of a decimal taken as exact by [`Exact::recover`]:
/// inputs, weights and caps have far fewer, and a division's result,
/// rounded to 28 places, keeps more unless eight trailing zeros were cut.
const SHORT_PLACES: u32 = 20;

/// The largest mantissa of a [`Decimal`] (2^96 − 1, an odd number).
fn max_mantissa() -> BigInt {
    (BigInt::one() << 96) - 1
}

fn pow10(n: u32) -> BigInt {
    BigInt::from(10u8).pow(n)
}

impl Exact {
    fn new(num: BigInt, den: BigInt) -> Exact {
        let g = num.gcd(&den);
        let (mut num, mut den) = if g.is_zero() || g.is_one() {
            (num, den)
        } else {
            (num / &g, den / &g)
        };
        if den.is_negative() {
            num = -num;
            den = -den;
        }
        Exact { num, den }
    }

    /// `num / den`, none for a zero denominator.
    pub fn fraction(num: i128, den: i128) -> Option<Exact> {
        (den != 0).then(|| Exact::new(BigInt::from(num), BigInt::from(den)))
    }

    /// The exact value of a decimal (`66.485` is 13297/200).
    pub fn from_decimal(d: Decimal) -> Exact {
        Exact::new(BigInt::from(d.mantissa()), pow10(d.scale()))
    }

    /// The fraction a figure computed with 28-digit decimals stands for.
    ///
    /// A decimal of fewer than 26 significant digits and at most 20 places
    /// is taken as it is (no input or parameter has more). Any other is
    /// taken as the rounded result of a division, even when it is short: a
    /// small share rounded to 28 places and stripped of a trailing zero
    /// (`0.0098400984…984010` → `…98401`, 27 places) is short too, and
    /// places beyond 20 left after stripping are never an input's. It
    /// stands for the fraction of smallest denominator
    /// within 10⁻²⁴ of it (relative, or absolute below 1), provided that
    /// denominator is small enough for no other such fraction to be as
    /// close (2·tolerance·q² < 1). Otherwise the decimal is taken as it is.
    ///
    /// ```
    /// use etalon_core::scoring::Exact;
    /// use rust_decimal::Decimal;
    /// let two_thirds = Decimal::from(200) / Decimal::from(3);
    /// assert_eq!(Exact::recover(two_thirds), Exact::fraction(200, 3).unwrap());
    /// ```
    pub fn recover(d: Decimal) -> Exact {
        let m = d.mantissa();
        if m.unsigned_abs() < 10u128.pow(25) && d.scale() <= SHORT_PLACES {
            return Exact::from_decimal(d);
        }
        let s = d.scale();
        let big_m = BigInt::from(m.unsigned_abs());
        let unit = pow10(s);
        // x = m / 10^s; tolerance = max(|x|, 1) · 10^-24 = tol / 10^(s+24).
        let tol = if big_m > unit {
            big_m.clone()
        } else {
            unit.clone()
        };
        let bound = pow10(s + 24);
        let (mut a_num, mut a_den) = (big_m.clone(), unit.clone());
        let (mut p0, mut q0) = (BigInt::zero(), BigInt::one());
        let (mut p1, mut q1) = (BigInt::one(), BigInt::zero());
        while !a_den.is_zero() {
            let (a, r) = a_num.div_rem(&a_den);
            let p2 = &a * &p1 + &p0;
            let q2 = &a * &q1 + &q0;
            if BigInt::from(2u8) * &q2 * &q2 * &tol >= bound {
                break;
            }
            let gap = (&big_m * &q2 - &p2 * &unit).abs();
            if gap * pow10(24) <= &q2 * &tol {
                let p2 = if m < 0 { -p2 } else { p2 };
                return Exact::new(p2, q2);
            }
            (p0, q0, p1, q1) = (p1, q1, p2, q2);
            (a_num, a_den) = (a_den, r);
        }
        Exact::from_decimal(d)
    }

    /// Whether it is 0.
    pub fn is_zero(&self) -> bool {
        self.num.is_zero()
    }

    /// Whether it is below 0.
    pub fn is_negative(&self) -> bool {
        self.num.is_negative()
    }

    /// `self / other`, none for a zero divisor.
    pub fn checked_div(&self, other: &Exact) -> Option<Exact> {
        (!other.is_zero()).then(|| Exact::new(&self.num * &other.den, &self.den * &other.num))
    }

    /// The quotient toward zero and the remainder of `num · 10^digits / den`.
    fn scaled(&self, digits: u32) -> (BigInt, BigInt) {
        (&self.num * pow10(digits)).div_rem(&self.den)
    }

    /// The most decimal places (up to 28) at which the value still fits a
    /// [`Decimal`].
    fn places(&self) -> u32 {
        let whole = (&self.num / &self.den).abs();
        let digits = if whole.is_zero() {
            0
        } else {
            whole.to_string().len() as u32
        };
        let mut s = 29u32.saturating_sub(digits).min(28);
        while s > 0 && self.scaled(s).0.abs() > max_mantissa() {
            s -= 1;
        }
        s
    }

    /// The value as a decimal of as many digits as fit, rounded to odd: cut
    /// toward zero, and when anything was cut, the last digit made odd.
    /// Rounding it again to at most 26 decimals (in any mode), or comparing
    /// it with a decimal of at most 26 decimals, gives what the fraction
    /// gives; an exact decimal comes out as it is.
    ///
    /// ```
    /// use etalon_core::scoring::Exact;
    /// assert_eq!(Exact::fraction(13297, 200).unwrap().to_decimal().to_string(), "66.485");
    /// assert_eq!(Exact::fraction(2, 3).unwrap().to_decimal().to_string(), "0.6666666666666666666666666667");
    /// ```
    pub fn to_decimal(&self) -> Decimal {
        let s = self.places();
        let (mut q, r) = self.scaled(s);
        if !r.is_zero() && q.is_even() {
            q += if self.is_negative() { -1 } else { 1 };
        }
        // Within ±(2^96 − 1) by `places`, so the conversion cannot fail.
        let m = q.to_i128().unwrap_or_default();
        Decimal::from_i128_with_scale(m, s).normalize()
    }

    /// The value rounded to `digits` decimal places in `mode`, decided on
    /// the fraction (fewer places if the value would not fit a [`Decimal`]).
    ///
    /// ```
    /// use etalon_core::scoring::{Exact, RoundingMode};
    /// let x = Exact::fraction(13297, 200).unwrap(); // 66.485
    /// assert_eq!(x.round(2, RoundingMode::HalfAwayFromZero).to_string(), "66.49");
    /// assert_eq!(x.round(2, RoundingMode::HalfEven).to_string(), "66.48");
    /// ```
    pub fn round(&self, digits: u32, mode: RoundingMode) -> Decimal {
        let s = digits.min(self.places());
        let (q, r) = self.scaled(s);
        let twice = (&r * 2u8).abs();
        let away = match mode {
            RoundingMode::TowardZero => false,
            RoundingMode::AwayFromZero => !r.is_zero(),
            RoundingMode::HalfAwayFromZero => twice >= self.den,
            RoundingMode::HalfEven => match twice.cmp(&self.den) {
                Ordering::Greater => true,
                Ordering::Equal => q.is_odd(),
                Ordering::Less => false,
            },
        };
        let q = if !away {
            q
        } else if self.num.sign() == Sign::Minus {
            q - 1
        } else {
            q + 1
        };
        match q.to_i128() {
            Some(m) if m.unsigned_abs() < 1u128 << 96 => Decimal::from_i128_with_scale(m, s),
            // Rounding up the largest mantissa overflows: one place fewer.
            _ => self.round(s.saturating_sub(1), mode),
        }
    }
}

impl From<i64> for Exact {
    fn from(v: i64) -> Exact {
        Exact {
            num: BigInt::from(v),
            den: BigInt::one(),
        }
    }
}

impl From<Decimal> for Exact {
    fn from(d: Decimal) -> Exact {
        Exact::from_decimal(d)
    }
}

impl Ord for Exact {
    fn cmp(&self, other: &Self) -> Ordering {
        (&self.num * &other.den).cmp(&(&other.num * &self.den))
    }
}

impl PartialOrd for Exact {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Add for &Exact {
    type Output = Exact;
    fn add(self, o: &Exact) -> Exact {
        if self.den == o.den {
            return Exact::new(&self.num + &o.num, self.den.clone());
        }
        Exact::new(&self.num * &o.den + &o.num * &self.den, &self.den * &o.den)
    }
}

impl Sub for &Exact {
    type Output = Exact;
    fn sub(self, o: &Exact) -> Exact {
        Exact::new(&self.num * &o.den - &o.num * &self.den, &self.den * &o.den)
    }
}

impl Mul for &Exact {
    type Output = Exact;
    fn mul(self, o: &Exact) -> Exact {
        Exact::new(&self.num * &o.num, &self.den * &o.den)
    }
}

impl<'a> std::iter::Sum<&'a Exact> for Exact {
    fn sum<I: Iterator<Item = &'a Exact>>(iter: I) -> Exact {
        iter.fold(Exact::from(0), |acc, x| &acc + x)
    }
}

impl fmt::Display for Exact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.den.is_one() {
            write!(f, "{}", self.num)
        } else {
            write!(f, "{}/{}", self.num, self.den)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn q(n: i128, m: i128) -> Exact {
        Exact::fraction(n, m).unwrap()
    }

    #[test]
    fn fractions_in_lowest_terms() {
        assert_eq!(q(2, 4), q(1, 2));
        assert_eq!(q(3, -6).to_string(), "-1/2");
        assert_eq!(Exact::from_decimal(d("66.485")).to_string(), "13297/200");
        assert_eq!(Exact::fraction(1, 0), None);
        assert_eq!(q(1, 3).checked_div(&Exact::from(0)), None);
        assert_eq!(q(1, 3).checked_div(&q(2, 3)), Some(q(1, 2)));
        assert_eq!(&q(1, 3) - &q(1, 2), q(-1, 6));
        assert!(q(1, 3) < q(34, 100) && q(-1, 3) > q(-34, 100));
    }

    #[test]
    fn a_small_share_stripped_of_a_trailing_zero_is_recovered() {
        // 100 · 400 / 4 065 000 = 8/813, rounded to 28 places (…984010)
        // and, after `* 1`, kept with 27: short, yet a division's result.
        let d = Decimal::from(40000) / Decimal::from(4065000) * Decimal::ONE;
        assert_eq!(d.to_string(), "0.009840098400984009840098401");
        assert_eq!(Exact::recover(d), q(8, 813));
    }

    #[test]
    fn recovering_the_fractions_of_divisions() {
        // 21641/360 reached by two roads of 28-digit arithmetic.
        let a = Decimal::from(21641) / Decimal::from(360);
        let b = (Decimal::from(21641) / Decimal::from(3)) / Decimal::from(120);
        assert_eq!(Exact::recover(a), q(21641, 360));
        assert_eq!(Exact::recover(b), q(21641, 360));
        assert_eq!(Exact::recover(-a), q(-21641, 360));
        // 66.485 as 28-digit arithmetic may leave it.
        assert_eq!(
            Exact::recover(d("66.48499999999999999999999999")),
            q(13297, 200)
        );
        // Few digits: the decimal is the value.
        assert_eq!(Exact::recover(d("0.333333")), q(333333, 1000000));
        // No small fraction near: the decimal as it is.
        let odd = d("3.141592653589793238462643383");
        assert_eq!(Exact::recover(odd), Exact::from_decimal(odd));
    }

    #[test]
    fn decimals_rounded_to_odd() {
        assert_eq!(
            q(21641, 360).to_decimal(),
            d("60.113888888888888888888888889")
        );
        assert_eq!(q(2, 3).to_decimal(), d("0.6666666666666666666666666667"));
        assert_eq!(q(-1, 3).to_decimal(), d("-0.3333333333333333333333333333"));
        assert_eq!(Exact::from(64).to_decimal(), d("64"));
        assert_eq!(q(13297, 200).to_decimal(), d("66.485"));
        // Just above and just below a display midpoint: no 28-digit decimal
        // lands on the midpoint itself.
        let above = &q(13297, 200) + &q(1, 3 * 10i128.pow(30));
        let below = &q(13297, 200) - &q(1, 3 * 10i128.pow(30));
        assert_eq!(above.to_decimal(), d("66.485000000000000000000000001"));
        assert_eq!(below.to_decimal(), d("66.484999999999999999999999999"));
        let even = RoundingMode::HalfEven;
        assert_eq!(above.round(2, even), d("66.49"));
        assert_eq!(below.round(2, RoundingMode::HalfAwayFromZero), d("66.48"));
    }

    #[test]
    fn rounding_modes_on_fractions() {
        let cases = [
            (RoundingMode::HalfAwayFromZero, q(469, 200), "2.35"),
            (RoundingMode::HalfAwayFromZero, q(-469, 200), "-2.35"),
            (RoundingMode::HalfEven, q(469, 200), "2.34"),
            (RoundingMode::HalfEven, q(471, 200), "2.36"),
            (RoundingMode::TowardZero, q(2349, 1000), "2.34"),
            (RoundingMode::AwayFromZero, q(2341, 1000), "2.35"),
            (RoundingMode::AwayFromZero, q(-2341, 1000), "-2.35"),
            (RoundingMode::HalfAwayFromZero, q(2, 3), "0.67"),
        ];
        for (mode, x, want) in cases {
            assert_eq!(x.round(2, mode).to_string(), want, "{mode:?} {x}");
        }
    }

    fn mode() -> impl Strategy<Value = RoundingMode> {
        prop_oneof![
            Just(RoundingMode::HalfAwayFromZero),
            Just(RoundingMode::HalfEven),
            Just(RoundingMode::TowardZero),
            Just(RoundingMode::AwayFromZero),
        ]
    }

    proptest! {
        /// Any fraction shown through its rounded-to-odd decimal rounds as
        /// the fraction does, in every mode.
        #[test]
        fn displaying_the_decimal_is_displaying_the_fraction(
            n in -10_000_000_000i128..10_000_000_000,
            m in 1i128..100_000_000,
            digits in 0u32..6,
            mode in mode(),
        ) {
            let x = q(n, m);
            let r = crate::scoring::Rounding { decimals: digits, mode };
            prop_assert_eq!(r.apply(x.to_decimal()), x.round(digits, mode));
        }

        /// A half-way value of `digits` places rounds as the mode declares.
        #[test]
        fn half_way_values_follow_the_mode(
            k in -1_000_000i64..1_000_000,
            digits in 0u32..5,
            mode in mode(),
        ) {
            // (k + 1/2) · 10^-digits, exactly.
            let x = q(2 * i128::from(k) + 1, 2 * 10i128.pow(digits));
            let down = Decimal::from_i128_with_scale(i128::from(k), digits);
            let up = Decimal::from_i128_with_scale(i128::from(k) + 1, digits);
            let (toward, away) = if k >= 0 { (down, up) } else { (up, down) };
            let want = match mode {
                RoundingMode::HalfAwayFromZero | RoundingMode::AwayFromZero => away,
                RoundingMode::TowardZero => toward,
                RoundingMode::HalfEven => if k % 2 == 0 { down } else { up },
            };
            prop_assert_eq!(x.round(digits, mode), want);
            prop_assert_eq!(crate::scoring::Rounding { decimals: digits, mode }.apply(x.to_decimal()), want);
        }

        /// The order of fractions survives the writing as decimals, and so
        /// does equality with a bound of few digits.
        #[test]
        fn decimals_keep_the_order_and_the_bounds(
            a in -1_000_000i128..1_000_000, b in 1i128..10_000,
            bound in -10_000i64..10_000,
        ) {
            let x = q(a, b);
            let bound_d = Decimal::new(bound, 2);
            let bound_x = Exact::from_decimal(bound_d);
            prop_assert_eq!(x.to_decimal().cmp(&bound_d), x.cmp(&bound_x));
            prop_assert_eq!(Exact::recover(x.to_decimal()), x);
        }
    }
}
