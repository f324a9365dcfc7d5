//! Why a number is what it is.
//!
//! An [`IndicatorValue`] already carries its formula, the measures it was
//! computed from and the reference row that judged it. An [`Explanation`]
//! puts that together with what the methodology knows (the indicator's and
//! the measures' names, the unit, the minimum base) and the deviations found
//! on the value, so that an analyst, an auditor or a host system can show
//! why an organisation got 60 % and not 75 % — as data, or in words.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use etalon::Level;
//! let m = etalon::standard()?;
//! let data = etalon::io::load_dataset(
//!     std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/data").as_ref(),
//! )?;
//! let e = m.evaluate(&data, "2026-Q3".parse()?)?;
//! let v = &e.values[0];
//! let why = etalon::explain::explain(&m, &e, v.entity.level, &v.entity.id, &v.indicator)
//!     .expect("every value of an evaluation can be explained");
//! assert_eq!(why.formula, v.formula);
//! println!("{why}");
//! # let _ = Level::Unit;
//! # Ok(())
//! # }
//! ```

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use etalon_core::evaluate::{AppliedReference, Deviation, Evaluation, IndicatorValue, Judgement};
use etalon_core::methodology::{Band, Direction, Methodology, Source, ValueUnit};
use etalon_core::{EntityRef, Level, Period};

/// One measure a value was computed from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ExplainedInput {
    /// Measure id, as the formula names it.
    pub measure: String,
    /// The measure's name (what it counts).
    pub name: String,
    /// Its value, rolled up to the entity, in the period asked.
    pub value: i64,
}

/// The value of an earlier period of the evaluation's window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EarlierValue {
    /// The period.
    pub period: Period,
    /// The value (none when undefined).
    pub value: Option<Decimal>,
}

/// Everything that explains one indicator value of one entity.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Explanation {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// Indicator id.
    pub indicator: String,
    /// The indicator's name.
    pub indicator_name: String,
    /// Process id (none for cross-cutting indicators).
    pub process: Option<String>,
    /// The period.
    pub period: Period,
    /// The value, exact (none when undefined, e.g. a zero base).
    pub value: Option<Decimal>,
    /// Unit of the value.
    pub unit: ValueUnit,
    /// Which way is better.
    pub direction: Direction,
    /// Decimal places the methodology shows.
    pub decimals: u32,
    /// The formula as written.
    pub formula: String,
    /// The measures the formula read, with their names, ordered by id.
    pub inputs: Vec<ExplainedInput>,
    /// The base measure's id, if the indicator has one.
    pub base_measure: Option<String>,
    /// The base's value.
    pub base: Option<i64>,
    /// Below this base the value is reported but not judged.
    pub min_base: i64,
    /// How the value was judged.
    pub judgement: Judgement,
    /// The reference row that judged it, with its source.
    pub reference: Option<AppliedReference>,
    /// Values of the earlier periods of the window, oldest first.
    pub history: Vec<EarlierValue>,
    /// The deviations found on this value (band and trend rules).
    pub deviations: Vec<Deviation>,
}

/// Explains the value of `indicator` for entity `id` at `level`, or `None`
/// when the evaluation has no such value (the indicator does not apply to
/// the entity, or the ids are unknown).
pub fn explain(
    methodology: &Methodology,
    evaluation: &Evaluation,
    level: Level,
    id: &str,
    indicator: &str,
) -> Option<Explanation> {
    let value = evaluation.value(level, id, indicator)?;
    Some(Explanation::of(methodology, evaluation, value))
}

impl Explanation {
    /// Explains `value`, one of the values of `evaluation`, made with
    /// `methodology`.
    pub fn of(methodology: &Methodology, evaluation: &Evaluation, value: &IndicatorValue) -> Self {
        let ind = methodology.indicator(&value.indicator);
        let measure_name = |id: &str| {
            methodology
                .measures()
                .iter()
                .find(|m| m.id == id)
                .map_or_else(|| id.to_string(), |m| m.name.clone())
        };
        let earlier = evaluation.periods.len().saturating_sub(1);
        Explanation {
            entity: value.entity.clone(),
            entity_name: value.entity_name.clone(),
            indicator: value.indicator.clone(),
            indicator_name: ind.map_or_else(|| value.indicator.clone(), |i| i.name.clone()),
            process: value.process.clone(),
            period: value.period,
            value: value.value,
            unit: ind.map_or(ValueUnit::Ratio, |i| i.unit),
            direction: ind.map_or(Direction::HigherIsBetter, |i| i.direction),
            decimals: ind.map_or(2, |i| i.decimals),
            formula: value.formula.clone(),
            inputs: value
                .inputs
                .iter()
                .map(|(measure, &v)| ExplainedInput {
                    measure: measure.clone(),
                    name: measure_name(measure),
                    value: v,
                })
                .collect(),
            base_measure: ind.and_then(|i| i.base.clone()),
            base: value.base,
            min_base: ind.map_or(0, |i| i.min_base),
            judgement: value.judgement,
            reference: value.reference.clone(),
            history: evaluation.periods[..earlier]
                .iter()
                .zip(&value.history)
                .map(|(&period, &value)| EarlierValue { period, value })
                .collect(),
            deviations: evaluation
                .deviations
                .iter()
                .filter(|d| {
                    d.entity == value.entity
                        && d.indicator == value.indicator
                        && d.period == value.period
                })
                .cloned()
                .collect(),
        }
    }

    /// The value rounded to the methodology's decimal places (half away
    /// from zero), with its unit: `60 %`.
    pub fn shown_value(&self) -> String {
        match self.value {
            None => "no value".to_string(),
            Some(v) => show(v, self.decimals, self.unit),
        }
    }
}

fn show(v: Decimal, decimals: u32, unit: ValueUnit) -> String {
    let v = v
        .round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    format!("{v} {}", unit.symbol()).trim_end().to_string()
}

fn show_band(b: &Band) -> String {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => format!("{lo}..{hi}"),
        (Some(lo), None) => format!(">= {lo}"),
        (None, Some(hi)) => format!("<= {hi}"),
        (None, None) => "any".to_string(),
    }
}

fn judgement_words(j: Judgement) -> &'static str {
    match j {
        Judgement::Normal => "normal",
        Judgement::Warning => "warning",
        Judgement::Critical => "critical",
        Judgement::InsufficientBase => "not judged: the base is below the minimum",
        Judgement::NoReference => "not judged: no reference value applies",
        Judgement::Undefined => "no value: nothing to judge",
    }
}

impl fmt::Display for Explanation {
    /// A few lines for people:
    ///
    /// ```text
    /// Decided in term (in_term) — org:O1 «Центр 1», 2026-Q3
    ///   value      60 % = share(in_term, decided)
    ///   inputs     decided = 5 (Decided), in_term = 3 (Decided in term)
    ///   base       decided = 5 (judged from 2)
    ///   reference  in_term/region/2026-01-01: normal >= 100, warning >= 75
    ///   source     regional proposal: test
    ///   judgement  critical
    ///   deviation  critical: 60 % is outside the warning band >= 75 (normal >= 100)
    ///   earlier    2026-Q2: 100 %
    /// ```
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{} ({}) — {} «{}», {}",
            self.indicator_name, self.indicator, self.entity, self.entity_name, self.period
        )?;
        writeln!(f, "  value      {} = {}", self.shown_value(), self.formula)?;
        if !self.inputs.is_empty() {
            let inputs: Vec<String> = self
                .inputs
                .iter()
                .map(|i| format!("{} = {} ({})", i.measure, i.value, i.name))
                .collect();
            writeln!(f, "  inputs     {}", inputs.join(", "))?;
        }
        if let (Some(measure), Some(base)) = (&self.base_measure, self.base) {
            writeln!(
                f,
                "  base       {measure} = {base} (judged from {})",
                self.min_base
            )?;
        }
        if let Some(r) = &self.reference {
            write!(f, "  reference  {}: normal {}", r.id, show_band(&r.normal))?;
            if let Some(w) = &r.warning {
                write!(f, ", warning {}", show_band(w))?;
            }
            if let Some(t) = r.target {
                write!(f, ", target {t}")?;
            }
            writeln!(f)?;
            match &r.source {
                Source::Act(text) => writeln!(f, "  source     act: {text}")?,
                Source::Proposal(text) => writeln!(f, "  source     regional proposal: {text}")?,
            }
        }
        write!(f, "  judgement  {}", judgement_words(self.judgement))?;
        for d in &self.deviations {
            write!(f, "\n  deviation  {}: {}", d.severity, d.reason)?;
        }
        if !self.history.is_empty() {
            let earlier: Vec<String> = self
                .history
                .iter()
                .map(|h| {
                    let v = h.value.map_or_else(
                        || "no value".to_string(),
                        |v| show(v, self.decimals, self.unit),
                    );
                    format!("{}: {v}", h.period)
                })
                .collect();
            write!(f, "\n  earlier    {}", earlier.join(", "))?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_values_round_half_away_from_zero() {
        assert_eq!(show(Decimal::new(825, 1), 0, ValueUnit::Percent), "83 %");
        assert_eq!(show(Decimal::new(-825, 1), 0, ValueUnit::Count), "-83");
        assert_eq!(show(Decimal::new(60, 0), 1, ValueUnit::Percent), "60 %");
    }
}
