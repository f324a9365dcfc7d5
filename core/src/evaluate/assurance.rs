//! Assurance over the evaluated window, in the manner of the statistical
//! process control charts health services use (an XmR chart of one
//! entity's own series): process limits `mean ± 2.66 × mean moving range`
//! against the reference band say whether the process *consistently
//! meets*, *hits and misses* or *consistently fails* the requirement, and
//! special-cause variation on the latest points is named *improving* or
//! *deteriorating* with the indicator's direction.

use serde::{Deserialize, Serialize};

use super::float::to_f64;
use super::funnel::round6;
use crate::methodology::{Band, Direction};

/// Fewest defined values to draw process limits from.
pub const MIN_POINTS: usize = 5;
/// Points in a row on one side of the mean that make a shift.
pub const SHIFT_RUN: usize = 7;
/// Points each higher (or lower) than the one before that make a trend.
pub const TREND_RUN: usize = 6;
/// The XmR constant: 3 / d2 with d2 = 1.128 for ranges of two.
const XMR: f64 = 2.66;

/// Whether the process can be relied on to meet its requirement.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AssuranceClass {
    /// Both process limits on the good side of the requirement.
    ConsistentlyMeets,
    /// The requirement lies between the process limits.
    HitAndMiss,
    /// Both process limits on the bad side of the requirement.
    ConsistentlyFails,
    /// Too few values in the window to draw process limits.
    InsufficientData,
}

/// What the latest points say about variation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Variation {
    /// Common cause: nothing beyond the process's own noise.
    CommonCause,
    /// Special cause on the better side.
    Improving,
    /// Special cause on the worse side.
    Deteriorating,
    /// Special cause upward where both sides are judged (within a band).
    Higher,
    /// Special cause downward where both sides are judged (within a band).
    Lower,
}

/// The assurance of one indicator of one entity over the window.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assurance {
    /// Meets, hit and miss, fails.
    pub class: AssuranceClass,
    /// Special cause or not.
    pub variation: Variation,
    /// Defined values in the window.
    pub points: u32,
    /// Their mean.
    pub mean: Option<f64>,
    /// Lower process limit.
    pub lower: Option<f64>,
    /// Upper process limit.
    pub upper: Option<f64>,
}

/// The assurance of `values` (oldest first, as `f64`) against `band`.
pub(crate) fn assess(values: &[Option<f64>], direction: Direction, band: &Band) -> Assurance {
    // Every value of a region is assessed: a window of the usual length
    // is gathered on the stack rather than in an allocation of its own.
    let mut inline = [0.0; 16];
    let gathered: Vec<f64>;
    let xs: &[f64] = if values.len() <= inline.len() {
        let mut n = 0;
        for x in values.iter().flatten() {
            inline[n] = *x;
            n += 1;
        }
        &inline[..n]
    } else {
        gathered = values.iter().flatten().copied().collect();
        &gathered
    };
    if xs.len() < MIN_POINTS {
        return Assurance {
            class: AssuranceClass::InsufficientData,
            variation: Variation::CommonCause,
            points: xs.len() as u32,
            mean: None,
            lower: None,
            upper: None,
        };
    }
    let n = xs.len() as f64;
    let mean = xs.iter().sum::<f64>() / n;
    let mr = xs.windows(2).map(|w| (w[1] - w[0]).abs()).sum::<f64>() / (n - 1.0);
    let (lower, upper) = (round6(mean - XMR * mr), round6(mean + XMR * mr));
    let min = band.min.map(to_f64);
    let max = band.max.map(to_f64);
    let meets_low = min.is_none_or(|m| lower >= m);
    let meets_high = max.is_none_or(|m| upper <= m);
    let fails = min.is_some_and(|m| upper < m) || max.is_some_and(|m| lower > m);
    let class = if fails {
        AssuranceClass::ConsistentlyFails
    } else if meets_low && meets_high {
        AssuranceClass::ConsistentlyMeets
    } else {
        AssuranceClass::HitAndMiss
    };
    let up = special_cause(xs, mean, lower, upper);
    let variation = match (up, direction) {
        (None, _) => Variation::CommonCause,
        (Some(true), Direction::HigherIsBetter) | (Some(false), Direction::LowerIsBetter) => {
            Variation::Improving
        }
        (Some(false), Direction::HigherIsBetter) | (Some(true), Direction::LowerIsBetter) => {
            Variation::Deteriorating
        }
        (Some(true), Direction::WithinBand) => Variation::Higher,
        (Some(false), Direction::WithinBand) => Variation::Lower,
    };
    Assurance {
        class,
        variation,
        points: xs.len() as u32,
        mean: Some(round6(mean)),
        lower: Some(lower),
        upper: Some(upper),
    }
}

/// A special cause ending at the latest point: upward (`Some(true)`),
/// downward (`Some(false)`) or none. The latest point beyond a process
/// limit, a shift of [`SHIFT_RUN`] on one side of the mean, or a trend of
/// [`TREND_RUN`] points each beyond the one before.
fn special_cause(xs: &[f64], mean: f64, lower: f64, upper: f64) -> Option<bool> {
    let last = *xs.last()?;
    if last > upper {
        return Some(true);
    }
    if last < lower {
        return Some(false);
    }
    if xs.len() >= SHIFT_RUN {
        let run = &xs[xs.len() - SHIFT_RUN..];
        if run.iter().all(|&x| x > mean) {
            return Some(true);
        }
        if run.iter().all(|&x| x < mean) {
            return Some(false);
        }
    }
    if xs.len() >= TREND_RUN {
        let run = &xs[xs.len() - TREND_RUN..];
        if run.windows(2).all(|w| w[1] > w[0]) {
            return Some(true);
        }
        if run.windows(2).all(|w| w[1] < w[0]) {
            return Some(false);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;

    fn series(xs: &[i64]) -> Vec<Option<f64>> {
        xs.iter().map(|&x| Some(x as f64)).collect()
    }

    fn at_least(m: i64) -> Band {
        Band {
            min: Some(Decimal::from(m)),
            max: None,
        }
    }

    #[test]
    fn process_limits_are_mean_and_2_66_moving_ranges() {
        // Mean 92, moving ranges 2 2 2 2 → 2; limits 92 ± 5.32.
        let a = assess(
            &series(&[90, 92, 94, 92, 92]),
            Direction::HigherIsBetter,
            &at_least(80),
        );
        assert_eq!(a.mean, Some(92.0));
        let mr = (2.0 + 2.0 + 2.0 + 0.0) / 4.0;
        assert_eq!(a.lower, Some(round6(92.0 - 2.66 * mr)));
        assert_eq!(a.upper, Some(round6(92.0 + 2.66 * mr)));
        assert_eq!(a.class, AssuranceClass::ConsistentlyMeets);
        assert_eq!(a.variation, Variation::CommonCause);
    }

    #[test]
    fn a_long_window_is_assessed_as_its_defined_values() {
        let defined = series(&[50, 53, 49, 55, 51, 50, 52, 54, 48, 51]);
        // Twenty periods, half of them without a value: longer than the
        // windows gathered on the stack.
        let gappy: Vec<Option<f64>> = defined.iter().flat_map(|&x| [None, x]).collect();
        let b = at_least(45);
        let long = assess(&gappy, Direction::HigherIsBetter, &b);
        assert_eq!(long, assess(&defined, Direction::HigherIsBetter, &b));
        assert_eq!(long.points, 10);
        assert_eq!(long.mean, Some(51.3));
    }

    #[test]
    fn classes_against_the_requirement() {
        let b = at_least(95);
        let meets = assess(
            &series(&[99, 98, 99, 98, 99]),
            Direction::HigherIsBetter,
            &b,
        );
        assert_eq!(meets.class, AssuranceClass::ConsistentlyMeets);
        let fails = assess(
            &series(&[80, 81, 80, 81, 80]),
            Direction::HigherIsBetter,
            &b,
        );
        assert_eq!(fails.class, AssuranceClass::ConsistentlyFails);
        let hit = assess(
            &series(&[90, 99, 92, 98, 94]),
            Direction::HigherIsBetter,
            &b,
        );
        assert_eq!(hit.class, AssuranceClass::HitAndMiss);
        let few = assess(&series(&[90, 99]), Direction::HigherIsBetter, &b);
        assert_eq!(few.class, AssuranceClass::InsufficientData);
        assert_eq!(few.lower, None);
    }

    #[test]
    fn special_causes_are_named_with_the_direction() {
        let b = at_least(50);
        // The last point beyond the lower process limit.
        let drop = assess(
            &series(&[90, 90, 91, 90, 70]),
            Direction::HigherIsBetter,
            &b,
        );
        assert_eq!(drop.variation, Variation::Deteriorating);
        let rise = assess(&series(&[90, 90, 91, 90, 70]), Direction::LowerIsBetter, &b);
        assert_eq!(rise.variation, Variation::Improving);
        // Six rising in a row.
        let trend = assess(
            &series(&[60, 61, 62, 63, 64, 65]),
            Direction::HigherIsBetter,
            &b,
        );
        assert_eq!(trend.variation, Variation::Improving);
        // Seven above the mean after a long low stretch.
        let mut xs = vec![50; 8];
        xs.extend([53, 52, 53, 52, 53, 52, 53]);
        let shift = assess(&series(&xs), Direction::HigherIsBetter, &b);
        assert_eq!(shift.variation, Variation::Improving);
    }
}
