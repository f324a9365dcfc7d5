//! Decimals to `f64` for the statistics of the assembly (assurance, funnels,
//! p-charts): the very `f64` that `rust_decimal` gives, computed without its
//! 128-bit division when the mantissa fits in 64 bits (every value an
//! indicator computes). The assurance converts every value of every series,
//! so the conversion is a measurable part of an evaluation.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

/// `10^k` for the scales whose power fits in a `u64`.
const POW10: [u64; 20] = {
    let mut p = [1u64; 20];
    let mut k = 1;
    while k < 20 {
        p[k] = p[k - 1] * 10;
        k += 1;
    }
    p
};

/// `d` as `f64`, equal bit for bit to `Decimal::to_f64`.
pub(crate) fn to_f64(d: Decimal) -> f64 {
    let scale = d.scale();
    let m = d.mantissa();
    // The sign from the flag: a negative zero has a mantissa of 0.
    let neg = d.is_sign_negative();
    // A whole number (a share of 100 or of 0, a count): `rust_decimal`
    // converts the signed integer, which an `i64` holds as it is (a
    // negative zero is the integer 0, so +0.0).
    if scale == 0 {
        if let Ok(whole) = i64::try_from(m) {
            return whole as f64;
        }
    }
    // The same steps as `rust_decimal` in 64-bit integers: a quotient and
    // remainder below 2^64 convert to the same `f64` from either width.
    if scale == 0 || scale as usize >= POW10.len() || m.unsigned_abs() > u64::MAX as u128 {
        return d.to_f64().unwrap_or(f64::NAN);
    }
    let mantissa = m.unsigned_abs() as u64;
    let precision = POW10[scale as usize];
    let integral = (mantissa / precision) as f64;
    let frac = (mantissa % precision) as f64 / precision as f64;
    if frac == 0.0 {
        return if neg { -integral } else { integral };
    }
    let round_to = 10f64.powi(scale as i32);
    let rounded = ((integral + frac) * round_to).round() / round_to;
    if neg { -rounded } else { rounded }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(d: Decimal) {
        let want = d.to_f64().expect("a decimal has an f64");
        assert_eq!(to_f64(d).to_bits(), want.to_bits(), "{d}");
    }

    #[test]
    fn matches_rust_decimal_on_edges() {
        for d in [
            Decimal::ZERO,
            Decimal::ONE,
            Decimal::NEGATIVE_ONE,
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-1, 28),
            Decimal::new(i64::MAX, 19),
            Decimal::new(i64::MIN, 19),
            Decimal::new(i64::MAX, 20),
            Decimal::new(9_999, 2),
            Decimal::new(-1_234_567, 4),
            Decimal::new(100, 2),
            Decimal::from_parts(0, 0, 0, true, 3),
            Decimal::from_parts(0, 0, 0, true, 0),
            Decimal::new(i64::MIN, 0),
            Decimal::from_i128_with_scale(i128::from(i64::MAX) + 1, 0),
            Decimal::from_i128_with_scale(-(1 << 90), 0),
            Decimal::new(-500, 1),
            Decimal::from_i128_with_scale(1 << 70, 3),
            Decimal::from_i128_with_scale(-(1 << 70), 3),
        ] {
            same(d);
        }
    }

    proptest::proptest! {
        #[test]
        fn matches_rust_decimal(m in proptest::num::i64::ANY, scale in 0u32..=28) {
            same(Decimal::new(m, scale));
        }

        #[test]
        fn matches_rust_decimal_on_indicator_values(m in -1_000_000_000i64..1_000_000_000, scale in 0u32..=12) {
            same(Decimal::new(m, scale));
        }

        #[test]
        fn matches_rust_decimal_on_96_bits(hi in 0u32.., mid in 0u32.., lo in 0u32.., neg: bool, scale in 0u32..=28) {
            same(Decimal::from_parts(lo, mid, hi, neg, scale));
        }
    }
}
