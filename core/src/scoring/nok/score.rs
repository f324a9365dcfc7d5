//! Scoring: indicators from the package's formulas, criteria as weighted
//! sums, the organisation total, the figures of groups, sectors and the
//! region, and the ranking. Every division is of exact fractions
//! ([`Exact`]): ranks, ties and means are decided on them, and the decimals
//! of a result are those fractions rounded to odd, so that display rounding
//! is decided as on the fractions.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::input::{NokData, NokInputError, NokRow, NokTable, NotAssessed};
use super::row::score_row;
use super::{NokError, NokOptions, NokScheme, Weight};
use crate::Message;
use crate::methodology::Methodology;
use crate::scoring::policy::{
    NoQuestionnaires, PolicyNote, PolicySetting, Rounding, RoundingMode, SkippedAnswers, ZeroBase,
};
use crate::scoring::{Exact, ranks};
use crate::time::Period;

/// The package and scheme a result was made with.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemeStamp {
    /// Package id.
    pub package: String,
    /// Package version.
    pub version: String,
    /// Scheme id.
    pub scheme: String,
    /// Scheme name.
    pub name: String,
    /// Edition of the order.
    pub edition: String,
}

/// Whether an indicator has points.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IndicatorStatus {
    /// It has points.
    Scored,
    /// It has no value (a zero base) and the zero-base policy left it so.
    NoValue,
    /// A choice policy says it is not scored.
    NotScored,
}

/// One part of an indicator, as computed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PartScore {
    /// Part id, if the indicator has several.
    pub id: Option<String>,
    /// Its weight in the indicator.
    pub weight: Decimal,
    /// The formula.
    pub formula: String,
    /// Its value (none for a zero base).
    pub value: Option<Decimal>,
    /// The inputs it read.
    pub inputs: BTreeMap<String, Decimal>,
}

/// One indicator of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndicatorScore {
    /// Indicator id.
    pub id: String,
    /// Its number (`1.2`).
    pub number: String,
    /// Its criterion.
    pub criterion: String,
    /// Points, at full precision.
    pub value: Option<Decimal>,
    /// Scored, without a value, or not scored.
    pub status: IndicatorStatus,
    /// The points before the cap, when the cap cut them.
    pub uncapped: Option<Decimal>,
    /// The option of its choice policy in force, if it has one.
    pub option: Option<String>,
    /// How it was computed.
    pub parts: Vec<PartScore>,
}

/// One criterion of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct CriterionScore {
    /// Criterion id.
    pub id: String,
    /// Its number.
    pub number: u32,
    /// Points, at full precision.
    pub value: Option<Decimal>,
    /// The weights applied (after a policy left an indicator out).
    pub weights: Vec<Weight>,
}

/// The scores of one organisation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgNok {
    /// Organisation id.
    pub org: String,
    /// Its name.
    pub name: Option<String>,
    /// Its group.
    pub group: Option<String>,
    /// Its sector (organisation type).
    pub sector: Option<String>,
    /// Indicators, in package order.
    pub indicators: Vec<IndicatorScore>,
    /// Criteria, in package order.
    pub criteria: Vec<CriterionScore>,
    /// The total, at full precision.
    pub total: Option<Decimal>,
    /// Its rating band, if the package has bands.
    pub band: Option<String>,
    /// Rank in the region (1 is best; ties share a rank).
    pub rank: Option<u32>,
    /// Rank in its group.
    pub rank_in_group: Option<u32>,
    /// Rank in its sector.
    pub rank_in_sector: Option<u32>,
    /// Questionnaires counted, when derived from raw answers.
    pub respondents: Option<i64>,
    /// Where a policy changed a figure.
    pub notes: Vec<PolicyNote>,
    /// The input row.
    pub inputs: BTreeMap<String, Decimal>,
}

impl OrgNok {
    /// A criterion's points.
    pub fn criterion(&self, id: &str) -> Option<Decimal> {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.value)
    }

    /// An indicator's points, by id or number.
    pub fn indicator(&self, id: &str) -> Option<&IndicatorScore> {
        self.indicators
            .iter()
            .find(|i| i.id == id)
            .or_else(|| self.indicators.iter().find(|i| i.number == id))
    }
}

/// The exact fractions behind one organisation's figures, in scheme order:
/// what ranks it and enters the means. Made beside its [`OrgNok`], or
/// recovered from the decimals of a result made elsewhere.
#[derive(Debug, Clone, Default)]
pub(crate) struct OrgExact {
    pub indicators: Vec<Option<Exact>>,
    pub criteria: Vec<Option<Exact>>,
    pub total: Option<Exact>,
}

impl OrgExact {
    /// The fractions of a result given back (as in a roll-up of regions
    /// scored elsewhere): each decimal as the fraction it stands for.
    pub fn of(o: &OrgNok) -> OrgExact {
        let back = |v: Option<Decimal>| v.map(Exact::recover);
        OrgExact {
            indicators: o.indicators.iter().map(|i| back(i.value)).collect(),
            criteria: o.criteria.iter().map(|c| back(c.value)).collect(),
            total: back(o.total),
        }
    }
}

/// A figure over organisations: a mean of each organisation figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FigureValue {
    /// Criterion or indicator id.
    pub id: String,
    /// The mean, at full precision.
    pub value: Option<Decimal>,
    /// Organisations it is the mean of.
    pub organisations: u32,
}

/// The figure of a group, a sector or the region: means over its assessed
/// organisations.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NokFigure {
    /// `region`, `group`, `sector` or `country`.
    pub kind: String,
    /// Its id (an organisation type for a sector).
    pub id: String,
    /// Its name, when known.
    pub name: Option<String>,
    /// Organisations assessed in it.
    pub organisations: u32,
    /// Mean of the totals (over organisations with a total).
    pub total: Option<Decimal>,
    /// Organisations with a total.
    pub with_total: u32,
    /// Means of the criteria.
    pub criteria: Vec<FigureValue>,
    /// Means of the indicators.
    pub indicators: Vec<FigureValue>,
    /// Rank among the groups of the region (groups), or among the regions
    /// of the country (regions in a [`super::NokRollUp`]).
    pub rank: Option<u32>,
}

impl NokFigure {
    /// A criterion's mean.
    pub fn criterion(&self, id: &str) -> Option<Decimal> {
        self.criteria
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.value)
    }
}

/// The НОК scores of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NokScores {
    /// Package and scheme.
    pub scheme: SchemeStamp,
    /// The assessment period.
    pub period: Period,
    /// The policies in force.
    pub policies: Vec<PolicySetting>,
    /// Rounding for display.
    pub rounding: Rounding,
    /// The region.
    pub region: NokFigure,
    /// Groups, by id.
    pub groups: Vec<NokFigure>,
    /// Sectors (organisation types), by id.
    pub sectors: Vec<NokFigure>,
    /// Organisations, in input order.
    pub organisations: Vec<OrgNok>,
    /// Organisations not assessed in the period, each with its reason
    /// (answers but no row of facts; facts but no questionnaire).
    pub not_assessed: Vec<NotAssessed>,
}

impl NokScores {
    /// An organisation's scores.
    pub fn org(&self, id: &str) -> Option<&OrgNok> {
        self.organisations.iter().find(|o| o.org == id)
    }

    /// A group's figure.
    pub fn group(&self, id: &str) -> Option<&NokFigure> {
        self.groups.iter().find(|g| g.id == id)
    }

    /// A sector's figure.
    pub fn sector(&self, id: &str) -> Option<&NokFigure> {
        self.sectors.iter().find(|g| g.id == id)
    }

    /// The deterministic JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// The policies in force for one scoring: the package's, with a caller's
/// overrides.
#[derive(Debug, Clone)]
pub(crate) struct Effective {
    pub zero_base: ZeroBase,
    pub rounding: Rounding,
    pub skipped_answers: SkippedAnswers,
    pub min_respondents: u32,
    pub no_questionnaires: NoQuestionnaires,
    /// Per choice policy, the index of the option in force.
    pub chosen: Vec<usize>,
}

impl NokScheme {
    pub(crate) fn effective(&self, options: &NokOptions) -> Result<Effective, NokError> {
        let mut e = Effective {
            zero_base: self.policies.zero_base,
            rounding: self.policies.rounding,
            skipped_answers: self.policies.skipped_answers,
            min_respondents: self.policies.min_respondents,
            no_questionnaires: self.policies.no_questionnaires,
            chosen: self
                .choices
                .iter()
                .map(|c| c.options.iter().position(|o| *o == c.chosen).unwrap_or(0))
                .collect(),
        };
        for (key, value) in &options.policies {
            // A value the policy does not take; the English is the policy's.
            let bad = |english: String| {
                NokError::Policy(Message::new(
                    "nok-policy-value",
                    &[("policy", key.as_str()), ("value", value.as_str())],
                    english,
                ))
            };
            match key.as_str() {
                "zero_base" => e.zero_base = value.parse().map_err(bad)?,
                "skipped_answers" => {
                    e.skipped_answers = match value.as_str() {
                        "ignore" => SkippedAnswers::Ignore,
                        "count" => SkippedAnswers::Count,
                        _ => {
                            return Err(bad(format!(
                                "`{value}` is not a skipped-answers policy; use ignore or count"
                            )));
                        }
                    }
                }
                "min_respondents" => {
                    e.min_respondents = value.parse().map_err(|_| {
                        bad(format!(
                            "min_respondents must be a whole number, not `{value}`"
                        ))
                    })?
                }
                "decimals" => {
                    e.rounding.decimals = value
                        .parse()
                        .ok()
                        .filter(|d| *d <= 28)
                        .ok_or_else(|| bad(format!("decimals must be 0..28, not `{value}`")))?
                }
                "rounding" => e.rounding.mode = value.parse::<RoundingMode>().map_err(bad)?,
                "no_questionnaires" => e.no_questionnaires = value.parse().map_err(bad)?,
                other => match self.choices.iter().position(|c| c.id == other) {
                    Some(i) => {
                        let c = &self.choices[i];
                        e.chosen[i] =
                            c.options.iter().position(|o| o == value).ok_or_else(|| {
                                let options = c.options.join(", ");
                                NokError::Policy(Message::new(
                                    "nok-policy-option",
                                    &[
                                        ("value", value.as_str()),
                                        ("choice", other),
                                        ("options", &options),
                                    ],
                                    format!(
                                        "`{value}` is not an option of `{other}`; its options are {options}"
                                    ),
                                ))
                            })?;
                    }
                    None => {
                        let mut known = vec![
                            "zero_base",
                            "skipped_answers",
                            "min_respondents",
                            "decimals",
                            "rounding",
                            "no_questionnaires",
                        ];
                        known.extend(self.choices.iter().map(|c| c.id.as_str()));
                        let known = known.join(", ");
                        return Err(NokError::Policy(Message::new(
                            "nok-policy-unknown",
                            &[("policy", other), ("known", &known)],
                            format!("unknown policy `{other}`; the policies are {known}"),
                        )));
                    }
                },
            }
        }
        Ok(e)
    }

    fn settings(&self, e: &Effective) -> Vec<PolicySetting> {
        let about = |id: &str, english: &str| Message::new(id, &[] as &[(&str, &str)], english);
        let rounding = Message::new(
            "nok-setting-rounding",
            &[
                ("decimals", e.rounding.decimals.to_string()),
                ("mode", e.rounding.mode.name().to_string()),
            ],
            e.rounding.to_string(),
        );
        let bands = if self.bands.is_empty() {
            PolicySetting::new(
                "bands",
                "",
                about(
                    "nok-about-bands",
                    "rating bands of the total (regional practice)",
                ),
            )
            .said_as(about("nok-setting-no-bands", "none"))
        } else {
            let bands = self
                .bands
                .iter()
                .map(|b| format!("{} ≥ {}", b.name, b.min))
                .collect::<Vec<_>>()
                .join("; ");
            PolicySetting::new(
                "bands",
                bands,
                about(
                    "nok-about-bands",
                    "rating bands of the total (regional practice)",
                ),
            )
        };
        let mut out = vec![
            PolicySetting::new(
                "zero_base",
                e.zero_base.to_string(),
                about(
                    "nok-about-zero-base",
                    "a share over a zero base (no disabled respondents, no site users)",
                ),
            ),
            PolicySetting::new(
                "rounding",
                "",
                about(
                    "nok-about-rounding",
                    "display only; scores are kept at full precision",
                ),
            )
            .said_as(rounding),
            PolicySetting::new(
                "skipped_answers",
                e.skipped_answers.name(),
                about(
                    "nok-about-skipped-answers",
                    "answers given although the skip rule says the question was not asked",
                ),
            ),
            PolicySetting::new(
                "min_respondents",
                e.min_respondents.to_string(),
                about(
                    "nok-about-min-respondents",
                    "fewer questionnaires than this are reported (0: no rule)",
                ),
            ),
            PolicySetting::new(
                "no_questionnaires",
                e.no_questionnaires.name(),
                about(
                    "nok-about-no-questionnaires",
                    "an organisation with facts but no questionnaire counted in the period",
                ),
            ),
            bands,
        ];
        for (c, &chosen) in self.choices.iter().zip(&e.chosen) {
            // A choice of the package: its name as the package writes it.
            out.push(PolicySetting {
                id: c.id.clone(),
                setting: c.options[chosen].clone(),
                about: c.name.clone(),
                setting_text: None,
                about_text: None,
            });
        }
        let bases: Vec<String> = self
            .derivations
            .iter()
            .filter(|d| d.count == crate::scoring::SurveyCount::Base)
            .map(|d| {
                let input = &self.inputs[d.input];
                let q = input.survey.as_ref().map_or("", |s| s.question.as_str());
                format!("{} ← {q}", input.id)
            })
            .collect();
        if !bases.is_empty() {
            out.push(PolicySetting::new(
                "bases",
                bases.join("; "),
                about(
                    "nok-about-bases",
                    "the base of each survey share, from the questionnaire's `base` (when counted from raw answers)",
                ),
            ));
        }
        out
    }
}

impl Methodology {
    /// The НОК scheme of the package, if it has one.
    pub fn nok(&self) -> Option<&NokScheme> {
        self.inner.scoring.nok.as_ref()
    }

    /// Scores the НОК of one period: every indicator, criterion and total
    /// of every organisation, the figures of groups, sectors and the
    /// region, and the ranking. The module documentation of
    /// [`crate::scoring`] has a whole example.
    pub fn score_nok(&self, data: &NokData, options: &NokOptions) -> Result<NokScores, NokError> {
        // The formulas are scripts: run them on the scripts' stack.
        crate::script::on_script_stack(|| self.score_nok_here(data, options))
    }

    fn score_nok_here(&self, data: &NokData, options: &NokOptions) -> Result<NokScores, NokError> {
        let scheme = self.nok().ok_or(NokError::NoScheme)?;
        let effective = scheme.effective(options)?;
        let period = match options.period {
            Some(p) => p,
            None => {
                let mut periods: Vec<Period> = data.rows.iter().map(|r| r.period).collect();
                periods.sort();
                periods.dedup();
                match periods.as_slice() {
                    [one] => *one,
                    [] => {
                        return Err(NokError::Period(Message::new::<&str>(
                            "nok-period-no-rows",
                            &[],
                            "the НОК input has no rows",
                        )));
                    }
                    many => {
                        let names: Vec<String> = many.iter().map(|p| p.to_string()).collect();
                        let periods = names.join(", ");
                        return Err(NokError::Period(Message::new(
                            "nok-period-choose",
                            &[("periods", &periods)],
                            format!("the НОК input holds the periods {periods}; choose one"),
                        )));
                    }
                }
            }
        };
        let rows: Vec<&NokRow> = data.rows.iter().filter(|r| r.period == period).collect();
        if rows.is_empty() && !data.rows.is_empty() {
            let mut held: Vec<String> = data.rows.iter().map(|r| r.period.to_string()).collect();
            held.sort();
            held.dedup();
            let (asked, held) = (period.to_string(), held.join(", "));
            return Err(NokError::Period(Message::new(
                "nok-period-none-for",
                &[("period", &asked), ("held", &held)],
                format!("the НОК input has no rows for {asked}; it holds {held}"),
            )));
        }
        for (i, row) in rows.iter().enumerate() {
            scheme.check_row(row, NokTable::Counts)?;
            if rows[..i].iter().any(|r| r.org == row.org) {
                let mut e = NokInputError::new(
                    "two-rows-period",
                    format!("the organisation has two rows for {period}"),
                )
                .with("period", period);
                e.line = row.line;
                e.org = Some(row.org.clone());
                return Err(e.into());
            }
        }
        let mut organisations = Vec::with_capacity(rows.len());
        let mut exact = Vec::with_capacity(rows.len());
        for row in &rows {
            let (o, x) = score_row(&self.inner.runtime, scheme, &effective, row)?;
            organisations.push(o);
            exact.push(x);
        }
        rank(&mut organisations, &exact);
        let region_id = data.region.clone().unwrap_or_else(|| "region".to_string());
        let all: Vec<(&OrgNok, &OrgExact)> = organisations.iter().zip(&exact).collect();
        let (region, _) = figure(scheme, "region", &region_id, data.region_name.clone(), &all);
        let mut groups = Vec::new();
        let mut group_totals = Vec::new();
        let mut group_ids: Vec<&str> = organisations
            .iter()
            .filter_map(|o| o.group.as_deref())
            .collect();
        group_ids.sort_unstable();
        group_ids.dedup();
        for g in group_ids {
            let members: Vec<(&OrgNok, &OrgExact)> = all
                .iter()
                .copied()
                .filter(|(o, _)| o.group.as_deref() == Some(g))
                .collect();
            let name = rows
                .iter()
                .find(|r| r.group.as_deref() == Some(g))
                .and_then(|r| r.group_name.clone());
            let (group, total) = figure(scheme, "group", g, name, &members);
            groups.push(group);
            group_totals.push(total);
        }
        for (g, r) in groups.iter_mut().zip(ranks(&group_totals)) {
            g.rank = r;
        }
        let mut sector_ids: Vec<&str> = organisations
            .iter()
            .filter_map(|o| o.sector.as_deref())
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
        let info = &self.manifest().package;
        Ok(NokScores {
            scheme: SchemeStamp {
                package: info.id.clone(),
                version: info.version.clone(),
                scheme: scheme.id.clone(),
                name: scheme.name.clone(),
                edition: scheme.edition.clone(),
            },
            period,
            policies: scheme.settings(&effective),
            rounding: effective.rounding,
            region,
            groups,
            sectors,
            organisations,
            not_assessed: data.not_assessed.clone(),
        })
    }
}

/// Competition ranks of the exact totals: in the region, its group and its
/// sector.
fn rank(orgs: &mut [OrgNok], exact: &[OrgExact]) {
    let totals: Vec<Option<&Exact>> = exact.iter().map(|x| x.total.as_ref()).collect();
    for (o, r) in orgs.iter_mut().zip(ranks(&totals)) {
        o.rank = r;
    }
    for key in [0, 1] {
        let of = |o: &OrgNok| -> Option<String> {
            if key == 0 {
                o.group.clone()
            } else {
                o.sector.clone()
            }
        };
        let keys: Vec<Option<String>> = orgs.iter().map(of).collect();
        for k in keys.iter().flatten() {
            let members: Vec<usize> = (0..orgs.len())
                .filter(|&i| keys[i].as_ref() == Some(k))
                .collect();
            let values: Vec<Option<&Exact>> = members.iter().map(|&i| totals[i]).collect();
            for (&i, r) in members.iter().zip(ranks(&values)) {
                if key == 0 {
                    orgs[i].rank_in_group = r;
                } else {
                    orgs[i].rank_in_sector = r;
                }
            }
        }
    }
}

/// The exact mean of the values there are, and how many there are.
fn mean<'a>(values: impl Iterator<Item = Option<&'a Exact>>) -> (Option<Exact>, u32) {
    let mut sum = Exact::from(0);
    let mut n = 0u32;
    for v in values.flatten() {
        sum = &sum + v;
        n += 1;
    }
    (sum.checked_div(&Exact::from(i64::from(n))), n)
}

/// The figure of `orgs` (means of their exact figures), and its exact total
/// that ranks it.
pub(super) fn figure(
    scheme: &NokScheme,
    kind: &str,
    id: &str,
    name: Option<String>,
    orgs: &[(&OrgNok, &OrgExact)],
) -> (NokFigure, Option<Exact>) {
    let (exact_total, with_total) = mean(orgs.iter().map(|(_, x)| x.total.as_ref()));
    let criteria = scheme
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (value, n) = mean(orgs.iter().map(|(_, x)| x.criteria[i].as_ref()));
            FigureValue {
                id: c.id.clone(),
                value: value.as_ref().map(Exact::to_decimal),
                organisations: n,
            }
        })
        .collect();
    let indicators = scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let (value, n) = mean(orgs.iter().map(|(_, x)| x.indicators[i].as_ref()));
            FigureValue {
                id: ind.id.clone(),
                value: value.as_ref().map(Exact::to_decimal),
                organisations: n,
            }
        })
        .collect();
    let total = exact_total.as_ref().map(Exact::to_decimal);
    let figure = NokFigure {
        kind: kind.to_string(),
        id: id.to_string(),
        name,
        organisations: orgs.len() as u32,
        total,
        with_total,
        criteria,
        indicators,
        rank: None,
    };
    (figure, exact_total)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn competition_ranking() {
        let r = ranks(&[
            Some(d("90")),
            Some(d("95")),
            None,
            Some(d("90")),
            Some(d("80")),
        ]);
        assert_eq!(r, [Some(2), Some(1), None, Some(2), Some(4)]);
    }
}
