//! The facts of the independent assessment (НОК) of every generated
//! organisation and year: items of information on the stand and the site,
//! distance channels, comfortable conditions, equipment and conditions for
//! disabled people. The survey counts come from the generated
//! questionnaires; these are what an operator checks on site.

use std::collections::BTreeSet;

use etalon_core::Period;
use etalon_core::scoring::NokRow;

use super::{Region, RegionSpec, Rng, UnitRow};

/// One organisation's facts in one year (a row of `nok_facts.csv`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NokFacts {
    /// Organisation id.
    pub org: String,
    /// The assessment year.
    pub year: i32,
    /// Values by column of the standard package's НОК input.
    pub values: Vec<(&'static str, i64)>,
}

/// The columns of `nok_facts.csv`.
pub const NOK_FACT_COLUMNS: [&str; 10] = [
    "org_id",
    "period",
    "info_stand_present",
    "info_stand_required",
    "info_site_present",
    "info_site_required",
    "distance_channels",
    "comfort_conditions",
    "disab_facility_items",
    "disab_service_items",
];

/// Facts for every organisation and every year the quarters touch.
pub fn facts(units: &[UnitRow], spec: &RegionSpec, rng: &Rng) -> Vec<NokFacts> {
    let years: BTreeSet<i32> = spec.periods().iter().map(|p| p.year()).collect();
    let mut orgs: Vec<&str> = Vec::new();
    for u in units {
        if !orgs.contains(&u.org.0.as_str()) {
            orgs.push(&u.org.0);
        }
    }
    let mut out = Vec::new();
    for (i, org) in orgs.iter().enumerate() {
        let mut r = rng.fork(i as u64);
        for &year in &years {
            let stand_required = 18;
            let site_required = 36;
            out.push(NokFacts {
                org: org.to_string(),
                year,
                values: vec![
                    ("info_stand_present", r.range(14, stand_required)),
                    ("info_stand_required", stand_required),
                    ("info_site_present", r.range(28, site_required)),
                    ("info_site_required", site_required),
                    ("distance_channels", r.range(2, 5)),
                    ("comfort_conditions", r.range(3, 6)),
                    ("disab_facility_items", r.range(2, 5)),
                    ("disab_service_items", r.range(2, 6)),
                ],
            });
        }
    }
    out
}

impl Region {
    /// The НОК facts of `year` as input rows (the survey counts are then
    /// derived from the generated questionnaires).
    pub fn nok_fact_rows(&self, year: i32) -> Vec<NokRow> {
        let Some(period) = Period::new(etalon_core::PeriodKind::Year, year, 1) else {
            return Vec::new();
        };
        self.nok_facts
            .iter()
            .filter(|f| f.year == year)
            .map(|f| {
                f.values
                    .iter()
                    .fold(NokRow::new(f.org.clone(), period), |r, (k, v)| {
                        r.with(k, *v)
                    })
            })
            .collect()
    }
}
