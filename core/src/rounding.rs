//! Rounding for display. Values are kept exact; what people read is rounded
//! half away from zero (2.345 → 2.35), as published scores are, never half
//! to even.

use rust_decimal::{Decimal, RoundingStrategy};

/// `value` rounded to `digits` decimal places, half away from zero.
///
/// ```
/// use rust_decimal::Decimal;
/// let d: Decimal = "2.345".parse().unwrap();
/// assert_eq!(etalon_core::rounding::for_display(d, 2).to_string(), "2.35");
/// ```
pub fn for_display(value: Decimal, digits: u32) -> Decimal {
    value.round_dp_with_strategy(digits.min(28), RoundingStrategy::MidpointAwayFromZero)
}
