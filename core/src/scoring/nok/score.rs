//! Scoring: indicators from the package's formulas, criteria as weighted
//! sums, the organisation total, the figures of groups, sectors and the
//! region, and the ranking. Exact decimals throughout; rounding is for
//! display only.

use std::collections::BTreeMap;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::input::{NokData, NokInputError, NokRow, NokTable};
use super::{Arg, NokError, NokOptions, NokScheme, TotalRule, Weight};
use crate::diagnostics::Location;
use crate::methodology::Methodology;
use crate::scoring::policy::{
    PolicyNote, PolicySetting, Rounding, RoundingMode, SkippedAnswers, ZeroBase,
};
use crate::scoring::ranks;
use crate::script::ScriptError;
use crate::time::Period;

const HUNDRED: Decimal = Decimal::ONE_HUNDRED;

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
    /// Organisations with answers but no row of facts.
    pub not_assessed: Vec<String>,
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
            chosen: self
                .choices
                .iter()
                .map(|c| c.options.iter().position(|o| *o == c.chosen).unwrap_or(0))
                .collect(),
        };
        for (key, value) in &options.policies {
            match key.as_str() {
                "zero_base" => e.zero_base = value.parse().map_err(NokError::Policy)?,
                "skipped_answers" => {
                    e.skipped_answers = match value.as_str() {
                        "ignore" => SkippedAnswers::Ignore,
                        "count" => SkippedAnswers::Count,
                        _ => {
                            return Err(NokError::Policy(format!(
                                "`{value}` is not a skipped-answers policy; use ignore or count"
                            )));
                        }
                    }
                }
                "min_respondents" => {
                    e.min_respondents = value.parse().map_err(|_| {
                        NokError::Policy(format!(
                            "min_respondents must be a whole number, not `{value}`"
                        ))
                    })?
                }
                "decimals" => {
                    e.rounding.decimals =
                        value.parse().ok().filter(|d| *d <= 28).ok_or_else(|| {
                            NokError::Policy(format!("decimals must be 0..28, not `{value}`"))
                        })?
                }
                "rounding" => {
                    e.rounding.mode = value.parse::<RoundingMode>().map_err(NokError::Policy)?
                }
                other => match self.choices.iter().position(|c| c.id == other) {
                    Some(i) => {
                        let c = &self.choices[i];
                        e.chosen[i] =
                            c.options.iter().position(|o| o == value).ok_or_else(|| {
                                NokError::Policy(format!(
                                    "`{value}` is not an option of `{other}`; its options are {}",
                                    c.options.join(", ")
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
                        ];
                        known.extend(self.choices.iter().map(|c| c.id.as_str()));
                        return Err(NokError::Policy(format!(
                            "unknown policy `{other}`; the policies are {}",
                            known.join(", ")
                        )));
                    }
                },
            }
        }
        Ok(e)
    }

    fn settings(&self, e: &Effective) -> Vec<PolicySetting> {
        let mut out = vec![
            PolicySetting {
                id: "zero_base".into(),
                setting: e.zero_base.to_string(),
                about: "a share over a zero base (no disabled respondents, no site users)".into(),
            },
            PolicySetting {
                id: "rounding".into(),
                setting: e.rounding.to_string(),
                about: "display only; scores are kept at full precision".into(),
            },
            PolicySetting {
                id: "skipped_answers".into(),
                setting: e.skipped_answers.name().into(),
                about: "answers given although the skip rule says the question was not asked"
                    .into(),
            },
            PolicySetting {
                id: "min_respondents".into(),
                setting: e.min_respondents.to_string(),
                about: "fewer questionnaires than this are reported (0: no rule)".into(),
            },
            PolicySetting {
                id: "bands".into(),
                setting: if self.bands.is_empty() {
                    "none".into()
                } else {
                    self.bands
                        .iter()
                        .map(|b| format!("{} ≥ {}", b.name, b.min))
                        .collect::<Vec<_>>()
                        .join("; ")
                },
                about: "rating bands of the total (regional practice)".into(),
            },
        ];
        for (c, &chosen) in self.choices.iter().zip(&e.chosen) {
            out.push(PolicySetting {
                id: c.id.clone(),
                setting: c.options[chosen].clone(),
                about: c.name.clone(),
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
            out.push(PolicySetting {
                id: "bases".into(),
                setting: bases.join("; "),
                about: "the base of each survey share, from the questionnaire's `base` (when counted from raw answers)".into(),
            });
        }
        out
    }
}

/// A weighted item to combine: its label, weight, policy, and value.
struct Item<'a> {
    label: &'a str,
    weight: Decimal,
    policy: ZeroBase,
    value: Slot,
}

#[derive(Clone, Copy)]
enum Slot {
    Value(Decimal),
    NoValue,
    NotScored,
}

struct Combined {
    value: Option<Decimal>,
    weights: Vec<(String, Decimal)>,
    left_out: Vec<String>,
    zeroed: Vec<String>,
    not_scored: Vec<String>,
    undefined_by: Vec<String>,
}

/// Σ w·v over the items, with the zero-base policy of each item deciding
/// what a missing value does, and items left out spreading their weight
/// over the others in proportion.
fn combine(items: &[Item]) -> Combined {
    let mut c = Combined {
        value: None,
        weights: Vec::new(),
        left_out: Vec::new(),
        zeroed: Vec::new(),
        not_scored: Vec::new(),
        undefined_by: Vec::new(),
    };
    let mut kept: Vec<(String, Decimal, Decimal)> = Vec::new();
    for item in items {
        match item.value {
            Slot::Value(v) => kept.push((item.label.to_string(), item.weight, v)),
            Slot::NotScored => c.not_scored.push(item.label.to_string()),
            Slot::NoValue => match item.policy {
                ZeroBase::Reweight => c.left_out.push(item.label.to_string()),
                ZeroBase::Zero => {
                    c.zeroed.push(item.label.to_string());
                    kept.push((item.label.to_string(), item.weight, Decimal::ZERO));
                }
                ZeroBase::Undefined => c.undefined_by.push(item.label.to_string()),
            },
        }
    }
    let total_weight: Decimal = kept.iter().map(|(_, w, _)| *w).sum();
    if !c.undefined_by.is_empty() || kept.is_empty() || total_weight.is_zero() {
        return c;
    }
    let sum: Decimal = kept.iter().map(|(_, w, v)| *w * *v).sum();
    let spread = !(c.left_out.is_empty() && c.not_scored.is_empty());
    c.value = Some(if spread || total_weight != Decimal::ONE {
        sum / total_weight
    } else {
        sum
    });
    c.weights = kept
        .into_iter()
        .map(|(l, w, _)| (l, if spread { w / total_weight } else { w }))
        .collect();
    c
}

fn list(items: &[String]) -> String {
    items.join(", ")
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
                    [] => return Err(NokError::Period("the НОК input has no rows".into())),
                    many => {
                        let names: Vec<String> = many.iter().map(|p| p.to_string()).collect();
                        return Err(NokError::Period(format!(
                            "the НОК input holds the periods {}; choose one",
                            names.join(", ")
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
            return Err(NokError::Period(format!(
                "the НОК input has no rows for {period}; it holds {}",
                held.join(", ")
            )));
        }
        for (i, row) in rows.iter().enumerate() {
            scheme.check_row(row, NokTable::Counts)?;
            if rows[..i].iter().any(|r| r.org == row.org) {
                return Err(NokInputError {
                    line: row.line,
                    org: Some(row.org.clone()),
                    column: None,
                    value: None,
                    message: format!("the organisation has two rows for {period}"),
                }
                .into());
            }
        }
        let mut organisations = Vec::with_capacity(rows.len());
        for row in &rows {
            organisations.push(self.score_row(scheme, &effective, row)?);
        }
        rank(&mut organisations);
        let region_id = data.region.clone().unwrap_or_else(|| "region".to_string());
        let all: Vec<&OrgNok> = organisations.iter().collect();
        let region = figure(scheme, "region", &region_id, data.region_name.clone(), &all);
        let mut groups = Vec::new();
        let mut group_ids: Vec<&str> = organisations
            .iter()
            .filter_map(|o| o.group.as_deref())
            .collect();
        group_ids.sort_unstable();
        group_ids.dedup();
        for g in group_ids {
            let members: Vec<&OrgNok> = organisations
                .iter()
                .filter(|o| o.group.as_deref() == Some(g))
                .collect();
            let name = rows
                .iter()
                .find(|r| r.group.as_deref() == Some(g))
                .and_then(|r| r.group_name.clone());
            groups.push(figure(scheme, "group", g, name, &members));
        }
        let totals: Vec<Option<Decimal>> = groups.iter().map(|g| g.total).collect();
        for (g, r) in groups.iter_mut().zip(ranks(&totals)) {
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
                let members: Vec<&OrgNok> = organisations
                    .iter()
                    .filter(|o| o.sector.as_deref() == Some(s))
                    .collect();
                figure(scheme, "sector", s, None, &members)
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

    fn score_row(
        &self,
        scheme: &NokScheme,
        e: &Effective,
        row: &NokRow,
    ) -> Result<OrgNok, NokError> {
        let values: Vec<Decimal> = scheme
            .inputs
            .iter()
            .map(|c| row.values.get(&c.id).copied().unwrap_or_default())
            .collect();
        // A zero that explains a missing value is a base (a whole), not a part.
        let is_whole = |k: &str| scheme.input(k).is_none_or(|c| c.part_of.is_none());
        let mut notes = Vec::new();
        let mut indicators = Vec::with_capacity(scheme.indicators.len());
        let mut args = Vec::new();
        for ind in &scheme.indicators {
            let policy = ind.zero_base.unwrap_or(e.zero_base);
            let choice = ind
                .choice
                .as_ref()
                .and_then(|c| scheme.choices.iter().position(|x| &x.id == c));
            let option = choice.map(|c| scheme.choices[c].options[e.chosen[c]].clone());
            let variant = ind.variants.iter().find(|v| v.option == option);
            let Some(variant) = variant else {
                let c = choice.map(|c| &scheme.choices[c]);
                notes.push(PolicyNote {
                    policy: c.map_or_else(String::new, |c| c.id.clone()),
                    figure: ind.number.clone(),
                    message: format!(
                        "{} is not scored under `{}`",
                        ind.number,
                        option.as_deref().unwrap_or_default()
                    ),
                });
                indicators.push(IndicatorScore {
                    id: ind.id.clone(),
                    number: ind.number.clone(),
                    criterion: ind.criterion.clone(),
                    value: None,
                    status: IndicatorStatus::NotScored,
                    uncapped: None,
                    option,
                    parts: Vec::new(),
                });
                continue;
            };
            let mut parts = Vec::with_capacity(variant.parts.len());
            for part in &variant.parts {
                args.clear();
                let mut inputs = BTreeMap::new();
                for (name, arg) in part.compiled.inputs.iter().zip(&part.args) {
                    let v = match arg {
                        Arg::Input(i) => {
                            inputs.insert(name.clone(), values[*i]);
                            values[*i]
                        }
                        Arg::Param(v) => *v,
                    };
                    args.push(v);
                }
                let value = self
                    .inner
                    .runtime
                    .eval(&part.compiled, &args)
                    .map_err(|f| script_error(&ind.id, &part.location, f))?;
                parts.push(PartScore {
                    id: part.id.clone(),
                    weight: part.weight,
                    formula: part.formula.clone(),
                    value,
                    inputs,
                });
            }
            let labels: Vec<String> = parts
                .iter()
                .map(|p| match &p.id {
                    Some(id) if parts.len() > 1 => format!("{}/{id}", ind.number),
                    _ => ind.number.clone(),
                })
                .collect();
            let items: Vec<Item> = parts
                .iter()
                .zip(&labels)
                .map(|(p, label)| Item {
                    label,
                    weight: p.weight,
                    policy,
                    value: p.value.map_or(Slot::NoValue, Slot::Value),
                })
                .collect();
            let combined = combine(&items);
            let zeros = |label: &str| -> String {
                let part = labels.iter().position(|l| l == label).map(|i| &parts[i]);
                let zero: Vec<String> = part
                    .map(|p| {
                        p.inputs
                            .iter()
                            .filter(|(k, v)| v.is_zero() && is_whole(k))
                            .map(|(k, _)| format!("{k} = 0"))
                            .collect()
                    })
                    .unwrap_or_default();
                if zero.is_empty() {
                    "no value".to_string()
                } else {
                    format!("no value ({})", zero.join(", "))
                }
            };
            for label in &combined.zeroed {
                notes.push(PolicyNote {
                    policy: "zero_base".into(),
                    figure: label.clone(),
                    message: format!("{}: scored 0", zeros(label)),
                });
            }
            if parts.len() > 1 {
                for label in &combined.left_out {
                    let others: Vec<&String> = labels
                        .iter()
                        .filter(|l| !combined.left_out.contains(l))
                        .collect();
                    let message = if others.is_empty() {
                        format!("{}: left out, and no other part has a value", zeros(label))
                    } else {
                        format!(
                            "{}: left out, {} is computed from {}",
                            zeros(label),
                            ind.number,
                            others
                                .iter()
                                .map(|s| s.as_str())
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    notes.push(PolicyNote {
                        policy: "zero_base".into(),
                        figure: label.clone(),
                        message,
                    });
                }
                for label in &combined.undefined_by {
                    notes.push(PolicyNote {
                        policy: "zero_base".into(),
                        figure: label.clone(),
                        message: format!("{}: {} has no value", zeros(label), ind.number),
                    });
                }
            }
            let mut value = combined.value.map(|v| v.normalize());
            let mut uncapped = None;
            if let (Some(v), Some(cap)) = (value, ind.cap) {
                if v > cap {
                    uncapped = Some(v);
                    value = Some(cap);
                    notes.push(PolicyNote {
                        policy: "cap".into(),
                        figure: ind.number.clone(),
                        message: format!("{v} points capped at {cap}"),
                    });
                }
            }
            if let Some(v) = value {
                if v.is_sign_negative() && !v.is_zero() || v > HUNDRED {
                    return Err(NokError::OutOfRange {
                        org: row.org.clone(),
                        indicator: ind.number.clone(),
                        value: v,
                    });
                }
            }
            let status = if value.is_some() {
                IndicatorStatus::Scored
            } else {
                IndicatorStatus::NoValue
            };
            indicators.push(IndicatorScore {
                id: ind.id.clone(),
                number: ind.number.clone(),
                criterion: ind.criterion.clone(),
                value,
                status,
                uncapped,
                option,
                parts,
            });
        }

        let mut criteria = Vec::with_capacity(scheme.criteria.len());
        for c in &scheme.criteria {
            let items: Vec<Item> = c
                .members
                .iter()
                .map(|&(i, w)| {
                    let score = &indicators[i];
                    let ind = &scheme.indicators[i];
                    Item {
                        label: &score.number,
                        weight: w,
                        policy: ind.zero_base.unwrap_or(e.zero_base),
                        value: match score.status {
                            IndicatorStatus::Scored => Slot::Value(score.value.unwrap_or_default()),
                            IndicatorStatus::NoValue => Slot::NoValue,
                            IndicatorStatus::NotScored => Slot::NotScored,
                        },
                    }
                })
                .collect();
            let combined = combine(&items);
            let name = format!("K{}", c.number);
            let no_value = |label: &str| -> String {
                let score = indicators.iter().find(|s| s.number == label);
                let zero: Vec<String> = score
                    .map(|s| {
                        s.parts
                            .iter()
                            .flat_map(|p| p.inputs.iter())
                            .filter(|(k, v)| v.is_zero() && is_whole(k))
                            .map(|(k, _)| format!("{k} = 0"))
                            .collect()
                    })
                    .unwrap_or_default();
                if zero.is_empty() {
                    format!("{label} has no value")
                } else {
                    format!("{label} has no value ({})", zero.join(", "))
                }
            };
            let kept: Vec<String> = combined.weights.iter().map(|(l, _)| l.clone()).collect();
            for label in &combined.left_out {
                notes.push(PolicyNote {
                    policy: "zero_base".into(),
                    figure: label.clone(),
                    message: if kept.is_empty() {
                        format!(
                            "{}: left out of {name}, which then has no value",
                            no_value(label)
                        )
                    } else {
                        format!(
                            "{}: left out of {name}; its weight is spread over {}",
                            no_value(label),
                            list(&kept)
                        )
                    },
                });
            }
            for label in &combined.not_scored {
                if !kept.is_empty() {
                    let policy = notes
                        .iter()
                        .find(|n| &n.figure == label)
                        .map_or_else(String::new, |n| n.policy.clone());
                    notes.push(PolicyNote {
                        policy,
                        figure: name.clone(),
                        message: format!(
                            "{name} is computed without {label}, from {}",
                            list(&kept)
                        ),
                    });
                }
            }
            for label in &combined.undefined_by {
                notes.push(PolicyNote {
                    policy: "zero_base".into(),
                    figure: label.clone(),
                    message: format!("{}: {name} has no value", no_value(label)),
                });
            }
            criteria.push(CriterionScore {
                id: c.id.clone(),
                number: c.number,
                value: combined.value.map(|v| v.normalize()),
                weights: combined
                    .weights
                    .into_iter()
                    .map(|(label, weight)| Weight {
                        id: scheme
                            .indicators
                            .iter()
                            .find(|i| i.number == label)
                            .map_or(label, |i| i.id.clone()),
                        weight: weight.normalize(),
                    })
                    .collect(),
            });
        }

        let labels: Vec<String> = scheme
            .criteria
            .iter()
            .map(|c| format!("K{}", c.number))
            .collect();
        let weights: Vec<Decimal> = match &scheme.total {
            TotalRule::Mean => vec![Decimal::ONE; criteria.len()],
            TotalRule::Weighted(w) => scheme
                .criteria
                .iter()
                .map(|c| {
                    w.iter()
                        .find(|w| w.id == c.id)
                        .map_or(Decimal::ZERO, |w| w.weight)
                })
                .collect(),
        };
        let items: Vec<Item> = criteria
            .iter()
            .zip(&labels)
            .zip(&weights)
            .map(|((c, label), &weight)| Item {
                label,
                weight,
                policy: e.zero_base,
                value: c.value.map_or(Slot::NoValue, Slot::Value),
            })
            .collect();
        let combined = combine(&items);
        let kept: Vec<String> = combined.weights.iter().map(|(l, _)| l.clone()).collect();
        for label in &combined.left_out {
            notes.push(PolicyNote {
                policy: "zero_base".into(),
                figure: label.clone(),
                message: if kept.is_empty() {
                    "no criterion has a value: the total has none".to_string()
                } else {
                    format!("{label} has no value: the total is made of {}", list(&kept))
                },
            });
        }
        for label in &combined.zeroed {
            notes.push(PolicyNote {
                policy: "zero_base".into(),
                figure: label.clone(),
                message: format!("{label} has no value: counted as 0 in the total"),
            });
        }
        for label in &combined.undefined_by {
            notes.push(PolicyNote {
                policy: "zero_base".into(),
                figure: label.clone(),
                message: format!(
                    "{label} has no value: the total has none, and the organisation is not ranked"
                ),
            });
        }
        let total = combined.value.map(|v| v.normalize());
        let band = total.and_then(|t| {
            scheme
                .bands
                .iter()
                .find(|b| t >= b.min)
                .map(|b| b.name.clone())
        });
        if let Some(survey) = &row.survey {
            for (question, n) in &survey.skipped_answers {
                notes.push(PolicyNote {
                    policy: "skipped_answers".into(),
                    figure: question.clone(),
                    message: match e.skipped_answers {
                        SkippedAnswers::Ignore => format!(
                            "{n} answer(s) given although the skip rule says the question was not asked: ignored"
                        ),
                        SkippedAnswers::Count => format!(
                            "{n} answer(s) given although the skip rule says the question was not asked: counted"
                        ),
                    },
                });
            }
            if e.min_respondents > 0 && survey.respondents < i64::from(e.min_respondents) {
                notes.push(PolicyNote {
                    policy: "min_respondents".into(),
                    figure: "respondents".into(),
                    message: format!(
                        "{} questionnaire(s), fewer than the {} the package asks for",
                        survey.respondents, e.min_respondents
                    ),
                });
            }
        }
        Ok(OrgNok {
            org: row.org.clone(),
            name: row.org_name.clone(),
            group: row.group.clone(),
            sector: row.sector.clone(),
            indicators,
            criteria,
            total,
            band,
            rank: None,
            rank_in_group: None,
            rank_in_sector: None,
            respondents: row.survey.as_ref().map(|s| s.respondents),
            notes,
            inputs: row.values.clone(),
        })
    }
}

fn script_error(rule: &str, at: &Location, f: crate::script::ScriptFailure) -> NokError {
    let at = match f.file {
        Some(file) => Location {
            file,
            line: f.line,
            column: f.column,
        },
        None if f.line > 0 => at.within(f.line, f.column),
        None => at.clone(),
    };
    NokError::Script(ScriptError {
        rule: rule.to_string(),
        file: at.file,
        line: at.line,
        column: at.column,
        kind: f.kind,
    })
}

fn rank(orgs: &mut [OrgNok]) {
    let totals: Vec<Option<Decimal>> = orgs.iter().map(|o| o.total).collect();
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
            let values: Vec<Option<Decimal>> = members.iter().map(|&i| orgs[i].total).collect();
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

fn mean(values: impl Iterator<Item = Option<Decimal>>) -> (Option<Decimal>, u32) {
    let mut sum = Decimal::ZERO;
    let mut n = 0u32;
    for v in values.flatten() {
        sum += v;
        n += 1;
    }
    if n == 0 {
        (None, 0)
    } else {
        (Some((sum / Decimal::from(n)).normalize()), n)
    }
}

pub(super) fn figure(
    scheme: &NokScheme,
    kind: &str,
    id: &str,
    name: Option<String>,
    orgs: &[&OrgNok],
) -> NokFigure {
    let (total, with_total) = mean(orgs.iter().map(|o| o.total));
    let criteria = scheme
        .criteria
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let (value, n) = mean(orgs.iter().map(|o| o.criteria[i].value));
            FigureValue {
                id: c.id.clone(),
                value,
                organisations: n,
            }
        })
        .collect();
    let indicators = scheme
        .indicators
        .iter()
        .enumerate()
        .map(|(i, ind)| {
            let (value, n) = mean(orgs.iter().map(|o| o.indicators[i].value));
            FigureValue {
                id: ind.id.clone(),
                value,
                organisations: n,
            }
        })
        .collect();
    NokFigure {
        kind: kind.to_string(),
        id: id.to_string(),
        name,
        organisations: orgs.len() as u32,
        total,
        with_total,
        criteria,
        indicators,
        rank: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn item<'a>(label: &'a str, w: &str, policy: ZeroBase, v: Option<&str>) -> Item<'a> {
        Item {
            label,
            weight: d(w),
            policy,
            value: v.map_or(Slot::NoValue, |v| Slot::Value(d(v))),
        }
    }

    #[test]
    fn combining_weights_and_missing_values() {
        let full = combine(&[
            item("3.1", "0.3", ZeroBase::Reweight, Some("60")),
            item("3.2", "0.4", ZeroBase::Reweight, Some("80")),
            item("3.3", "0.3", ZeroBase::Reweight, Some("90")),
        ]);
        assert_eq!(full.value, Some(d("77")));
        let reweighted = combine(&[
            item("3.1", "0.3", ZeroBase::Reweight, Some("60")),
            item("3.2", "0.4", ZeroBase::Reweight, Some("80")),
            item("3.3", "0.3", ZeroBase::Reweight, None),
        ]);
        // (0.3·60 + 0.4·80) / 0.7 = 50 / 0.7
        assert_eq!(reweighted.value, Some(d("50") / d("0.7")));
        assert_eq!(reweighted.left_out, ["3.3"]);
        assert_eq!(reweighted.weights[0].1, d("0.3") / d("0.7"));
        let zero = combine(&[
            item("3.1", "0.3", ZeroBase::Zero, Some("60")),
            item("3.2", "0.4", ZeroBase::Zero, Some("80")),
            item("3.3", "0.3", ZeroBase::Zero, None),
        ]);
        assert_eq!(zero.value, Some(d("50")));
        assert_eq!(zero.zeroed, ["3.3"]);
        let undefined = combine(&[
            item("3.1", "0.3", ZeroBase::Undefined, Some("60")),
            item("3.3", "0.7", ZeroBase::Undefined, None),
        ]);
        assert_eq!(undefined.value, None);
        let nothing = combine(&[item("3.3", "1", ZeroBase::Reweight, None)]);
        assert_eq!(nothing.value, None);
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
