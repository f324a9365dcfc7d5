//! The deviations planted in a generated region, and what the standard
//! package must find for each.

use std::collections::BTreeMap;

use etalon_core::evaluate::{Action, DeviationRule, Evaluation, Judgement};
use etalon_core::methodology::DeviationSeverity;
use etalon_core::{Level, Period};

use super::{RegionSpec, UnitRow};

/// What the evaluation of the last quarter must say about a planted unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Expected {
    /// A band deviation of this severity.
    Band(DeviationSeverity),
    /// A deviation found by this trend rule.
    Trend(&'static str),
    /// The value is reported but not judged (too small a base).
    NotJudged,
    /// Noise: a small unit crossing its band by chance. A band deviation is
    /// found, and the deviation policy keeps it to watch (not escalated).
    Watch,
}

impl Expected {
    /// Whether evaluation `e` says of `indicator` at `unit` what is
    /// expected: a band deviation of the severity escalated, a trend found,
    /// a value not judged, or noise kept to watch.
    pub fn holds(&self, e: &Evaluation, unit: &str, indicator: &str) -> bool {
        let mut at_unit = e.deviations.iter().filter(|d| {
            d.entity.level == Level::Unit && d.entity.id == unit && d.indicator == indicator
        });
        match self {
            Expected::Band(severity) => at_unit.any(|d| {
                d.rule == DeviationRule::Band
                    && d.severity == *severity
                    && d.action == Action::Escalate
            }),
            Expected::Trend(rule) => at_unit.any(|d| {
                d.rule
                    == DeviationRule::Trend {
                        rule: rule.to_string(),
                    }
            }),
            Expected::NotJudged => e
                .value(Level::Unit, unit, indicator)
                .is_some_and(|v| v.judgement == Judgement::InsufficientBase && v.value.is_some()),
            Expected::Watch => {
                let band: Vec<_> = at_unit.filter(|d| d.rule == DeviationRule::Band).collect();
                !band.is_empty() && band.iter().all(|d| d.action == Action::Watch)
            }
        }
    }
}

/// A deviation planted on purpose in one unit.
#[derive(Debug, Clone)]
pub struct Plant {
    /// The unit.
    pub unit: String,
    /// The unit's process.
    pub process: &'static str,
    /// What was done: its key in the catalogue's words of it
    /// (`cli-demo-plant`, in Russian and English).
    pub what: &'static str,
    /// Indicator and what must be found for it in the last quarter.
    pub expected: Vec<(&'static str, Expected)>,
    /// Rate overrides per quarter, by the generator's knob name.
    pub rates: BTreeMap<(&'static str, Period), f64>,
    /// Records per quarter, instead of the unit's usual volume.
    pub volume: Option<usize>,
}

impl Plant {
    /// The indicators it changes (deviations of others would be false alarms).
    pub fn indicators(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.expected.iter().map(|(i, _)| *i)
    }
}

struct Recipe {
    process: &'static str,
    /// Which unit of the process (0 = the first one in the tree).
    nth: usize,
    what: &'static str,
    expected: Vec<(&'static str, Expected)>,
    /// (knob, quarters before the last, rate).
    rates: Vec<(&'static str, u32, f64)>,
    volume: Option<usize>,
}

fn recipes() -> Vec<Recipe> {
    use DeviationSeverity::{Critical, Warning};
    vec![
        Recipe {
            process: "material_aid",
            nth: 0,
            what: "ma-late",
            expected: vec![("ma_decided_in_term", Expected::Band(Critical))],
            rates: vec![("ma_late", 0, 0.20)],
            volume: Some(60),
        },
        Recipe {
            process: "material_aid",
            nth: 1,
            what: "ma-small",
            expected: vec![("ma_decided_in_term", Expected::NotJudged)],
            rates: vec![],
            volume: Some(3),
        },
        Recipe {
            process: "home_care",
            nth: 0,
            what: "hc-late",
            expected: vec![("hc_completeness", Expected::Band(Warning))],
            rates: vec![("hc_late", 0, 0.06)],
            volume: None,
        },
        Recipe {
            process: "home_care",
            nth: 1,
            what: "hc-noise",
            expected: vec![("gen_complaints_per_100", Expected::Watch)],
            rates: vec![("complaints_per_recipient", 0, 0.04)],
            // Enough recipients for the indicator's minimum base of 20.
            volume: Some(40),
        },
        Recipe {
            process: "home_care",
            nth: 2,
            what: "hc-surge",
            expected: vec![("gen_complaints_per_100", Expected::Band(Critical))],
            rates: vec![("complaints_per_recipient", 0, 0.12)],
            volume: Some(40),
        },
        Recipe {
            process: "home_care",
            nth: 3,
            what: "hc-noise-small",
            expected: vec![("gen_complaints_per_100", Expected::Watch)],
            rates: vec![("complaints_per_recipient", 0, 0.03)],
            volume: Some(30),
        },
        Recipe {
            process: "social_taxi",
            nth: 0,
            what: "st-late",
            expected: vec![
                ("st_as_booked", Expected::Band(Critical)),
                ("st_as_booked", Expected::Trend("three_in_a_row")),
            ],
            rates: vec![
                ("st_late", 2, 0.20),
                ("st_late", 1, 0.20),
                ("st_late", 0, 0.20),
            ],
            volume: Some(200),
        },
        Recipe {
            process: "urgent_service",
            nth: 0,
            what: "us-recurrence",
            expected: vec![("us_served_in_term", Expected::Band(Warning))],
            rates: vec![
                ("us_late", 5, 0.06),
                ("us_late", 3, 0.06),
                ("us_late", 0, 0.06),
            ],
            // 120 requests: 92.5 % served in term when planted, 97.5 % clean; one
            // complaint a quarter stays under 1 per 100 recipients.
            volume: Some(120),
        },
        Recipe {
            process: "day_care",
            nth: 0,
            what: "dc-drift",
            expected: vec![("dc_attendance", Expected::Trend("steady_drift"))],
            rates: vec![
                ("dc_missed", 3, 0.01),
                ("dc_missed", 2, 0.03),
                ("dc_missed", 1, 0.05),
                ("dc_missed", 0, 0.07),
            ],
            volume: Some(40),
        },
        Recipe {
            process: "counselling",
            nth: 0,
            what: "co-p-chart",
            expected: vec![("co_same_day", Expected::Trend("p_chart"))],
            rates: vec![("co_late", 0, 0.07)],
            volume: Some(500),
        },
        Recipe {
            process: "residential_care",
            nth: 0,
            what: "rc-overcrowding",
            expected: vec![("rc_occupancy", Expected::Band(Critical))],
            rates: vec![("rc_occupancy", 0, 1.04)],
            volume: None,
        },
        Recipe {
            process: "temporary_shelter",
            nth: 0,
            what: "ts-under-use",
            expected: vec![("ts_occupancy", Expected::Band(Critical))],
            rates: vec![("ts_occupancy", 0, 0.70)],
            volume: None,
        },
        Recipe {
            process: "aids_loan",
            nth: 0,
            what: "al-no-stock",
            expected: vec![
                ("al_no_stock_share", Expected::Band(Warning)),
                ("al_issued_in_term", Expected::Band(Warning)),
            ],
            rates: vec![("al_no_stock", 0, 0.08)],
            volume: Some(50),
        },
        Recipe {
            process: "disability_rehab",
            nth: 0,
            what: "dr-dynamics",
            expected: vec![("dr_positive_dynamics", Expected::Band(Warning))],
            rates: vec![("dr_not_positive", 0, 0.35)],
            volume: Some(20),
        },
        Recipe {
            process: "home_care",
            // The first four home-care units carry the complaint recipes.
            nth: 4,
            what: "gen-recognition",
            expected: vec![("gen_recognition_in_term", Expected::Band(Critical))],
            rates: vec![("hc_recognition_late", 0, 0.20)],
            volume: Some(20),
        },
        Recipe {
            process: "counselling",
            nth: 1,
            what: "gen-no-measures",
            expected: vec![
                ("gen_justified_per_100", Expected::Band(Warning)),
                ("gen_justified_acted_on", Expected::Band(Critical)),
            ],
            rates: vec![
                ("complaints_justified", 0, 0.5),
                ("justified_not_acted", 0, 1.0),
            ],
            // 300 consultations: two complaints a quarter.
            volume: Some(300),
        },
        Recipe {
            process: "residential_care",
            nth: 1,
            what: "rc-state-assignment",
            expected: vec![("rc_gz_execution", Expected::Band(Critical))],
            rates: vec![("gz_shortfall", 0, 0.20)],
            volume: None,
        },
        Recipe {
            process: "day_care",
            nth: 1,
            what: "dc-staffing",
            expected: vec![
                ("gen_staffing", Expected::Band(Critical)),
                ("gen_trained", Expected::Band(Critical)),
            ],
            rates: vec![("staff_vacant", 0, 0.34), ("staff_untrained", 0, 0.5)],
            volume: None,
        },
    ]
}

/// Places every recipe on a unit of its process, if the region has one.
/// A unit carries one recipe: the generator reads one plant's knobs per
/// unit, so a recipe whose unit is taken is left out rather than expected
/// and never planted.
pub fn choose(units: &[UnitRow], spec: &RegionSpec) -> Vec<Plant> {
    let mut out: Vec<Plant> = Vec::new();
    for r in recipes() {
        let Some(unit) = units.iter().filter(|u| u.process == r.process).nth(r.nth) else {
            continue;
        };
        if out.iter().any(|p| p.unit == unit.unit.0) {
            continue;
        }
        let rates = r
            .rates
            .iter()
            .map(|&(knob, back, rate)| ((knob, spec.last.previous(back)), rate))
            .collect();
        out.push(Plant {
            unit: unit.unit.0.clone(),
            process: r.process,
            what: r.what,
            expected: r.expected,
            rates,
            volume: r.volume,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::recipes;

    #[test]
    fn no_two_recipes_share_a_unit() {
        let mut places: Vec<(&str, usize)> = recipes().iter().map(|r| (r.process, r.nth)).collect();
        let all = places.len();
        places.sort_unstable();
        places.dedup();
        assert_eq!(places.len(), all, "two recipes name the same unit");
    }
}
