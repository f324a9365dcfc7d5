//! Trend rules over the periods of the window: a run outside the band, a
//! steady drift toward the limit, a share outside its p-chart limits.

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::result::Judgement;
use crate::methodology::{Band, Direction, Reference, TrendKind, TrendRule};

/// The values of one indicator of one entity over the window, oldest first.
pub(crate) struct Series<'a> {
    pub values: &'a [Option<Decimal>],
    /// The same values as `f64` (what the p-chart computes with).
    pub floats: &'a [Option<f64>],
    pub bases: &'a [Option<i64>],
    pub judgements: &'a [Judgement],
    pub references: &'a [Option<&'a Reference>],
    pub direction: Direction,
    /// Whether the value is a percentage share of its base (p-charts apply).
    pub is_share: bool,
}

/// Whether `rule` fires on the last period of `s`, and why.
pub(crate) fn check(rule: &TrendRule, s: &Series) -> Option<String> {
    let last = s.values.len() - 1;
    match &rule.kind {
        TrendKind::RunOutside { periods } => {
            let n = *periods as usize;
            if n > s.values.len() {
                return None;
            }
            let run = &s.judgements[s.values.len() - n..];
            run.iter()
                .all(|j| j.severity().is_some())
                .then(|| format!("outside its normal band for {n} periods in a row"))
        }
        TrendKind::Drift { periods } => {
            let n = *periods as usize;
            if n + 1 > s.values.len() {
                return None;
            }
            let from = s.values.len() - n - 1;
            let inside = s.judgements[from..].iter().all(|j| *j == Judgement::Normal);
            if !inside {
                return None;
            }
            let mut worse = 0;
            for i in from + 1..=last {
                let (prev, cur) = (s.values[i - 1]?, s.values[i]?);
                let band = s.references[i]?.normal;
                if worsened(s.direction, &band, prev, cur) {
                    worse += 1;
                }
            }
            (worse == n).then(|| format!("still inside its band, but worse than the period before for {n} periods in a row"))
        }
        TrendKind::PChart { sigma, baseline } => {
            if !s.is_share
                || !s.judgements[last].is_judged() && s.judgements[last] != Judgement::NoReference
            {
                return None;
            }
            let b = *baseline as usize;
            if b + 1 > s.values.len() {
                return None;
            }
            let mut hits = 0.0;
            let mut trials = 0.0;
            for i in last - b..last {
                let (v, n) = (s.floats[i]?, s.bases[i]?);
                hits += v / 100.0 * n as f64;
                trials += n as f64;
            }
            let n = s.bases[last]? as f64;
            if trials <= 0.0 || n <= 0.0 {
                return None;
            }
            let p_bar = hits / trials;
            let p = s.floats[last]? / 100.0;
            let width = sigma.to_f64()? * (p_bar * (1.0 - p_bar) / n).sqrt();
            let (lo, hi) = (p_bar - width, p_bar + width);
            let below = p < lo - 1e-12;
            let above = p > hi + 1e-12;
            let fires = match s.direction {
                Direction::HigherIsBetter => below,
                Direction::LowerIsBetter => above,
                Direction::WithinBand => below || above,
            };
            fires.then(|| {
                format!(
                    "{:.1} % lies outside the {sigma}-sigma p-chart limits {:.1}..{:.1} % around the mean {:.1} % of the {b} periods before (base {n})",
                    p * 100.0,
                    lo.max(0.0) * 100.0,
                    hi.min(1.0) * 100.0,
                    p_bar * 100.0
                )
            })
        }
    }
}

/// Whether moving from `prev` to `cur` went the wrong way.
fn worsened(direction: Direction, band: &Band, prev: Decimal, cur: Decimal) -> bool {
    match direction {
        Direction::HigherIsBetter => cur < prev,
        Direction::LowerIsBetter => cur > prev,
        Direction::WithinBand => {
            // Closer to the nearer edge of the band.
            let distance = |v: Decimal| {
                let lo = band.min.map(|m| v - m);
                let hi = band.max.map(|m| m - v);
                match (lo, hi) {
                    (Some(a), Some(b)) => a.min(b),
                    (Some(a), None) => a,
                    (None, Some(b)) => b,
                    (None, None) => Decimal::MAX,
                }
            };
            distance(cur) < distance(prev)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::methodology::{DeviationSeverity, Scope, Source};

    fn reference() -> Reference {
        Reference {
            id: "r".into(),
            indicator: "i".into(),
            scope: Scope::Region,
            levels: vec![],
            from: chrono::NaiveDate::MIN,
            to: None,
            target: None,
            normal: Band {
                min: Some(Decimal::from(90)),
                max: None,
            },
            warning: None,
            source: Source::Proposal("test".into()),
            note: None,
            location: Default::default(),
        }
    }

    fn rule(kind: TrendKind) -> TrendRule {
        TrendRule {
            id: "t".into(),
            name: "t".into(),
            name_en: None,
            kind,
            severity: DeviationSeverity::Warning,
            indicators: vec![],
            location: Default::default(),
        }
    }

    fn run(kind: TrendKind, values: &[i64], bases: &[i64]) -> Option<String> {
        let r = reference();
        let values: Vec<Option<Decimal>> = values.iter().map(|&v| Some(Decimal::from(v))).collect();
        let floats: Vec<Option<f64>> = values.iter().map(|v| v.and_then(|d| d.to_f64())).collect();
        let bases: Vec<Option<i64>> = bases.iter().map(|&b| Some(b)).collect();
        let judgements: Vec<Judgement> = values
            .iter()
            .map(|v| {
                if r.normal.contains(v.unwrap()) {
                    Judgement::Normal
                } else {
                    Judgement::Critical
                }
            })
            .collect();
        let refs: Vec<Option<&Reference>> = values.iter().map(|_| Some(&r)).collect();
        check(
            &rule(kind),
            &Series {
                values: &values,
                floats: &floats,
                bases: &bases,
                judgements: &judgements,
                references: &refs,
                direction: Direction::HigherIsBetter,
                is_share: true,
            },
        )
    }

    #[test]
    fn runs_count_consecutive_periods_outside() {
        let k = || TrendKind::RunOutside { periods: 3 };
        assert!(run(k(), &[95, 80, 85, 70], &[100; 4]).is_some());
        assert!(run(k(), &[80, 85, 95, 70], &[100; 4]).is_none());
        assert!(run(k(), &[80, 85], &[100; 2]).is_none());
    }

    #[test]
    fn drift_needs_steady_worsening_inside_the_band() {
        let k = || TrendKind::Drift { periods: 3 };
        assert!(run(k(), &[99, 98, 96, 93], &[100; 4]).is_some());
        assert!(run(k(), &[99, 98, 98, 93], &[100; 4]).is_none());
        assert!(
            run(k(), &[99, 98, 96, 89], &[100; 4]).is_none(),
            "outside the band is the band rule's business"
        );
    }

    #[test]
    fn p_chart_flags_a_drop_beyond_its_limits() {
        let k = || TrendKind::PChart {
            sigma: Decimal::from(3),
            baseline: 4,
        };
        // Mean 96 %, n = 400: sigma ~ 0.98 pp, lower limit ~ 93.1 %.
        assert!(run(k(), &[96, 96, 96, 96, 92], &[400; 5]).is_some());
        assert!(run(k(), &[96, 96, 96, 96, 94], &[400; 5]).is_none());
        // Same drop on a small base is within the noise.
        assert!(run(k(), &[96, 96, 96, 96, 92], &[25; 5]).is_none());
    }
}
