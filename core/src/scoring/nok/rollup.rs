//! НОК figures above the regions: the country's means over every
//! organisation assessed in any region (pooled, as a region pools its
//! organisations, never a mean of the regions' means), the country's
//! sectors, and the regions ranked by their totals.

use serde::{Deserialize, Serialize};

use super::score::{NokFigure, NokScores, OrgExact, OrgNok, SchemeStamp, figure};
use super::{NokError, NokScheme};
use crate::methodology::Methodology;
use crate::scoring::policy::{PolicySetting, Rounding};
use crate::scoring::ranks;
use crate::time::Period;

/// The НОК of a country, from the scores of its regions.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NokRollUp {
    /// Package and scheme.
    pub scheme: SchemeStamp,
    /// The assessment period.
    pub period: Period,
    /// The policies in force (the same in every region).
    pub policies: Vec<PolicySetting>,
    /// Rounding for display.
    pub rounding: Rounding,
    /// The country: means over every organisation assessed in any region.
    pub country: NokFigure,
    /// Each region's figure as scored on its own, with its rank among the
    /// regions, in the order given.
    pub regions: Vec<NokFigure>,
    /// Sectors (organisation types) across the country, by id.
    pub sectors: Vec<NokFigure>,
}

impl NokRollUp {
    /// A region's figure.
    pub fn region(&self, id: &str) -> Option<&NokFigure> {
        self.regions.iter().find(|r| r.id == id)
    }

    /// The deterministic JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// A region's organisations beside their exact figures.
fn pooled<'a>(p: &'a NokScores, x: &'a [OrgExact]) -> Vec<(&'a OrgNok, &'a OrgExact)> {
    p.organisations.iter().zip(x).collect()
}

/// A roll-up refused: the catalogue message `id` with `args`, which says
/// the English `words`.
fn refuse(id: &str, args: &[(&str, &str)], words: String) -> NokError {
    NokError::RollUp(crate::Message::new(id, args, words))
}

/// Whether `o` was scored with `scheme` (so its figures index alike).
fn fits(scheme: &NokScheme, o: &OrgNok) -> bool {
    o.criteria.len() == scheme.criteria.len()
        && o.indicators.len() == scheme.indicators.len()
        && o.criteria
            .iter()
            .zip(&scheme.criteria)
            .all(|(a, b)| a.id == b.id)
        && o.indicators
            .iter()
            .zip(&scheme.indicators)
            .all(|(a, b)| a.id == b.id)
}

impl Methodology {
    /// The НОК of the country `id` (named `name`) from the scores of its
    /// regions, each scored on its own with this package: the country's
    /// figure over every organisation of every region, the country's
    /// sectors, and the regions ranked by their totals. Every part must
    /// come from this package's scheme, for one period, under the same
    /// policies, each region once.
    pub fn nok_roll_up(
        &self,
        id: &str,
        name: &str,
        parts: &[NokScores],
    ) -> Result<NokRollUp, NokError> {
        let scheme = self.nok().ok_or(NokError::NoScheme)?;
        let first = parts.first().ok_or_else(|| {
            refuse(
                "nok-rollup-nothing",
                &[("country", id)],
                format!("country {id}: there are no НОК scores to roll up"),
            )
        })?;
        let info = &self.manifest().package;
        for (i, part) in parts.iter().enumerate() {
            let who = &part.region.id;
            let s = &part.scheme;
            if s.package != info.id || s.version != info.version || s.scheme != scheme.id {
                let theirs = format!("{} {} ({})", s.package, s.version, s.scheme);
                let ours = format!("{} {} ({})", info.id, info.version, scheme.id);
                return Err(refuse(
                    "nok-rollup-other-scheme",
                    &[("region", who), ("theirs", &theirs), ("ours", &ours)],
                    format!("region {who}: the НОК was scored with {theirs}, not {ours}"),
                ));
            }
            if part.period != first.period {
                let (theirs, period) = (part.period.to_string(), first.period.to_string());
                let other = &first.region.id;
                return Err(refuse(
                    "nok-rollup-other-period",
                    &[
                        ("region", who),
                        ("theirs", &theirs),
                        ("other", other),
                        ("period", &period),
                    ],
                    format!(
                        "region {who}: the НОК is of {theirs}, that of region {other} of {period}"
                    ),
                ));
            }
            if part.policies != first.policies || part.rounding != first.rounding {
                let other = &first.region.id;
                return Err(refuse(
                    "nok-rollup-other-policies",
                    &[("region", who), ("other", other)],
                    format!(
                        "region {who}: the НОК was scored under other policies than region {other}; pooled figures need the same policies"
                    ),
                ));
            }
            if parts[..i].iter().any(|p| p.region.id == *who) {
                return Err(refuse(
                    "nok-rollup-twice",
                    &[("region", who)],
                    format!("region {who}: the НОК scores are given twice"),
                ));
            }
            if let Some(o) = part.organisations.iter().find(|o| !fits(scheme, o)) {
                return Err(refuse(
                    "nok-rollup-other-criteria",
                    &[("region", who), ("org", &o.org)],
                    format!(
                        "region {who}: organisation {} was not scored with this scheme's criteria and indicators",
                        o.org
                    ),
                ));
            }
        }
        // The scores come back as decimals: each is taken as the fraction
        // it stands for, and the regions are ranked on their pooled exact
        // means, as a region ranks its organisations.
        let exact: Vec<Vec<OrgExact>> = parts
            .iter()
            .map(|p| p.organisations.iter().map(OrgExact::of).collect())
            .collect();
        let all: Vec<(&OrgNok, &OrgExact)> = parts
            .iter()
            .zip(&exact)
            .flat_map(|(p, x)| pooled(p, x))
            .collect();
        let (country, _) = figure(scheme, "country", id, Some(name.to_string()), &all);
        let totals: Vec<_> = parts
            .iter()
            .zip(&exact)
            .map(|(p, x)| figure(scheme, "region", &p.region.id, None, &pooled(p, x)).1)
            .collect();
        let mut regions: Vec<NokFigure> = parts.iter().map(|p| p.region.clone()).collect();
        for (r, rank) in regions.iter_mut().zip(ranks(&totals)) {
            r.rank = rank;
        }
        let mut sector_ids: Vec<&str> = all
            .iter()
            .filter_map(|(o, _)| o.sector.as_deref())
            .collect();
        sector_ids.sort_unstable();
        sector_ids.dedup();
        let sectors = sector_ids
            .into_iter()
            .map(|s| {
                let members: Vec<(&OrgNok, &OrgExact)> = all
                    .iter()
                    .copied()
                    .filter(|(o, _)| o.sector.as_deref() == Some(s))
                    .collect();
                figure(scheme, "sector", s, None, &members).0
            })
            .collect();
        Ok(NokRollUp {
            scheme: first.scheme.clone(),
            period: first.period,
            policies: first.policies.clone(),
            rounding: first.rounding,
            country,
            regions,
            sectors,
        })
    }
}
