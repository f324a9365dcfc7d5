//! The named policies of a scoring scheme: the open points of the
//! regulations (zero bases, rounding, skipped answers, ...) decided in the
//! package, never silently in code. A result lists the policies in force
//! and, for every organisation, where one changed a figure.

use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Message, Text};

/// What a score made of weighted parts does with a part that has no value
/// (a share over a zero base: no disabled respondents, no site users).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ZeroBase {
    /// Leave the part out and spread its weight over the others in
    /// proportion to their weights (`K3 = (0.3·3.1 + 0.4·3.2) / 0.7`).
    Reweight,
    /// Score the part 0 (what known tools do silently).
    Zero,
    /// The whole figure has no value, and so has everything built on it:
    /// the organisation is reported but not ranked or averaged.
    Undefined,
}

impl ZeroBase {
    /// The name written in packages.
    pub fn name(self) -> &'static str {
        match self {
            ZeroBase::Reweight => "reweight",
            ZeroBase::Zero => "zero",
            ZeroBase::Undefined => "undefined",
        }
    }
}

impl fmt::Display for ZeroBase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for ZeroBase {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "reweight" => Ok(ZeroBase::Reweight),
            "zero" => Ok(ZeroBase::Zero),
            "undefined" => Ok(ZeroBase::Undefined),
            _ => Err(format!(
                "`{s}` is not a zero-base policy; use reweight, zero or undefined"
            )),
        }
    }
}

/// What becomes of an organisation with a row of facts but no
/// questionnaire counted in the period: the mirror of one with answers but
/// no facts, which is never assessed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoQuestionnaires {
    /// Not assessed, with its reason: not ranked, not in any mean (the
    /// default; the survey is half of the order's indicators).
    #[default]
    NotAssessed,
    /// Scored from its facts alone (the survey shares have zero bases and
    /// the zero-base policy decides), with a note saying so.
    FactsOnly,
}

impl NoQuestionnaires {
    /// The name written in packages.
    pub fn name(self) -> &'static str {
        match self {
            NoQuestionnaires::NotAssessed => "not_assessed",
            NoQuestionnaires::FactsOnly => "facts_only",
        }
    }
}

impl std::str::FromStr for NoQuestionnaires {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "not_assessed" => Ok(NoQuestionnaires::NotAssessed),
            "facts_only" => Ok(NoQuestionnaires::FactsOnly),
            _ => Err(format!(
                "`{s}` is not a no-questionnaires policy; use not_assessed or facts_only"
            )),
        }
    }
}

/// How a value is rounded for display.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RoundingMode {
    /// 2.345 → 2.35, −2.345 → −2.35 (as published protocols round).
    HalfAwayFromZero,
    /// 2.345 → 2.34, 2.355 → 2.36 (banker's rounding).
    HalfEven,
    /// Cut the digits off: 2.349 → 2.34.
    TowardZero,
    /// Any remainder rounds up in size: 2.341 → 2.35.
    AwayFromZero,
}

impl RoundingMode {
    fn strategy(self) -> RoundingStrategy {
        match self {
            RoundingMode::HalfAwayFromZero => RoundingStrategy::MidpointAwayFromZero,
            RoundingMode::HalfEven => RoundingStrategy::MidpointNearestEven,
            RoundingMode::TowardZero => RoundingStrategy::ToZero,
            RoundingMode::AwayFromZero => RoundingStrategy::AwayFromZero,
        }
    }

    /// The name written in packages.
    pub fn name(self) -> &'static str {
        match self {
            RoundingMode::HalfAwayFromZero => "half_away_from_zero",
            RoundingMode::HalfEven => "half_even",
            RoundingMode::TowardZero => "toward_zero",
            RoundingMode::AwayFromZero => "away_from_zero",
        }
    }
}

impl std::str::FromStr for RoundingMode {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        [
            RoundingMode::HalfAwayFromZero,
            RoundingMode::HalfEven,
            RoundingMode::TowardZero,
            RoundingMode::AwayFromZero,
        ]
        .into_iter()
        .find(|m| m.name() == s)
        .ok_or_else(|| {
            format!(
                "`{s}` is not a rounding mode; use half_away_from_zero, half_even, toward_zero or away_from_zero"
            )
        })
    }
}

/// Rounding for display. Scores are kept at full precision; only what is
/// shown is rounded.
///
/// ```
/// use etalon_core::scoring::{Rounding, RoundingMode};
/// let r = Rounding { decimals: 2, mode: RoundingMode::HalfAwayFromZero };
/// assert_eq!(r.format("88.7656".parse().unwrap()), "88.77");
/// assert_eq!(r.format("90".parse().unwrap()), "90.00");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rounding {
    /// Digits after the decimal point.
    pub decimals: u32,
    /// How the last digit is chosen.
    pub mode: RoundingMode,
}

impl Default for Rounding {
    fn default() -> Self {
        Rounding {
            decimals: 2,
            mode: RoundingMode::HalfAwayFromZero,
        }
    }
}

impl Rounding {
    /// The value rounded.
    pub fn apply(&self, v: Decimal) -> Decimal {
        v.round_dp_with_strategy(self.decimals.min(28), self.mode.strategy())
    }

    /// The value rounded and written with exactly `decimals` digits.
    pub fn format(&self, v: Decimal) -> String {
        let mut r = self.apply(v);
        r.rescale(self.decimals.min(28));
        r.to_string()
    }

    /// An optional value rounded and written, or `—` for none.
    pub fn show(&self, v: Option<Decimal>) -> String {
        v.map_or_else(|| "—".to_string(), |v| self.format(v))
    }
}

impl fmt::Display for Rounding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} decimals, {}", self.decimals, self.mode.name())
    }
}

/// What happens to an answer given although the skip rule says the
/// question was not asked (a site question answered by someone who did not
/// use the site).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SkippedAnswers {
    /// The answer is ignored (counted neither as satisfied nor in a base).
    Ignore,
    /// The answer counts as if the question had been asked.
    Count,
}

impl SkippedAnswers {
    /// The name written in packages.
    pub fn name(self) -> &'static str {
        match self {
            SkippedAnswers::Ignore => "ignore",
            SkippedAnswers::Count => "count",
        }
    }
}

/// A policy in force for a result: its id and what it is set to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicySetting {
    /// Policy id (`zero_base`, `rounding`, `grid_2_2`, ...).
    pub id: String,
    /// Its setting (`reweight`, `2 decimals, half_away_from_zero`, ...).
    pub setting: String,
    /// What it decides, for people (English; a choice of the package: its
    /// name as the package writes it).
    pub about: String,
    /// The catalogue message of `setting`, where the setting has words of
    /// its own rather than the package's spelling (`2 decimals, …`,
    /// `none`). Not written out, as [`PolicyNote::text`].
    #[serde(skip)]
    pub setting_text: Option<Text>,
    /// The catalogue message of `about`, for the policies the engine
    /// itself defines. Not written out.
    #[serde(skip)]
    pub about_text: Option<Text>,
}

impl PolicySetting {
    /// A policy of the engine: `id` set to `setting` (the package's
    /// spelling), deciding what `about` says.
    pub fn new(id: &str, setting: impl Into<String>, about: Message) -> Self {
        PolicySetting {
            id: id.to_string(),
            setting: setting.into(),
            about: about.english,
            setting_text: None,
            about_text: Some(about.text),
        }
    }

    /// The setting in words of its own, said by `words`.
    pub fn said_as(mut self, words: Message) -> Self {
        self.setting = words.english;
        self.setting_text = Some(words.text);
        self
    }
}

/// A policy that changed a figure of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PolicyNote {
    /// Policy id.
    pub policy: String,
    /// The figure it touched (an indicator, a part, a criterion, the total).
    pub figure: String,
    /// What it did, in English words.
    pub message: String,
    /// The catalogue message that says `message` in every language (hosts
    /// render it). Not written out: a note's JSON is its English, and a
    /// note read back from JSON has none (hosts then show the English).
    #[serde(skip)]
    pub text: Option<Text>,
}

impl PolicyNote {
    /// A note of `policy` on `figure`, saying `words`.
    pub fn new(policy: impl Into<String>, figure: impl Into<String>, words: Message) -> Self {
        PolicyNote {
            policy: policy.into(),
            figure: figure.into(),
            message: words.english,
            text: Some(words.text),
        }
    }
}

impl fmt::Display for PolicyNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "[{}] {}: {}", self.policy, self.figure, self.message)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn rounding_modes() {
        let cases = [
            (RoundingMode::HalfAwayFromZero, "2.345", "2.35"),
            (RoundingMode::HalfAwayFromZero, "-2.345", "-2.35"),
            (RoundingMode::HalfEven, "2.345", "2.34"),
            (RoundingMode::HalfEven, "2.355", "2.36"),
            (RoundingMode::TowardZero, "2.349", "2.34"),
            (RoundingMode::AwayFromZero, "2.341", "2.35"),
        ];
        for (mode, v, want) in cases {
            let r = Rounding { decimals: 2, mode };
            assert_eq!(r.format(d(v)), want, "{mode:?} {v}");
        }
        let one = Rounding {
            decimals: 1,
            mode: RoundingMode::HalfAwayFromZero,
        };
        assert_eq!(one.format(d("96.1")), "96.1");
        assert_eq!(one.format(d("88.7656")), "88.8");
        assert_eq!(one.show(None), "—");
        assert_eq!(
            "half_even".parse::<RoundingMode>(),
            Ok(RoundingMode::HalfEven)
        );
        assert!("nearest".parse::<RoundingMode>().is_err());
        assert_eq!("zero".parse::<ZeroBase>(), Ok(ZeroBase::Zero));
    }
}
