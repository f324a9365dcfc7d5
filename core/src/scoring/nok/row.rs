//! One organisation's НОК: its indicators from the package's formulas, its
//! criteria as weighted sums, its total and band, and a note for every
//! policy that changed a figure.

use std::collections::BTreeMap;

use rust_decimal::Decimal;

use super::input::NokRow;
use super::score::{
    CriterionScore, Effective, IndicatorScore, IndicatorStatus, OrgExact, OrgNok, PartScore,
};
use super::{Arg, NokError, NokIndicator, NokScheme, TotalRule, Weight};
use crate::diagnostics::{Location, Message};
use crate::scoring::Exact;
use crate::scoring::policy::{PolicyNote, SkippedAnswers, ZeroBase};
use crate::script::{Runtime, ScriptError};

/// Scores one organisation's row of inputs: its figures as shown, and the
/// exact fractions behind them that rank it and average it.
pub(super) fn score_row(
    runtime: &Runtime,
    scheme: &NokScheme,
    e: &Effective,
    row: &NokRow,
) -> Result<(OrgNok, OrgExact), NokError> {
    let values: Vec<Decimal> = scheme
        .inputs
        .iter()
        .map(|c| row.values.get(&c.id).copied().unwrap_or_default())
        .collect();
    let mut notes = Vec::new();
    let mut indicators = Vec::with_capacity(scheme.indicators.len());
    let mut exact = OrgExact::default();
    for ind in &scheme.indicators {
        let (score, value) = score_indicator(runtime, scheme, e, row, &values, ind, &mut notes)?;
        indicators.push(score);
        exact.indicators.push(value);
    }
    let criteria = score_criteria(scheme, e, &indicators, &mut exact, &mut notes);
    exact.total = score_total(scheme, e, &criteria, &exact.criteria, &mut notes);
    let total = exact.total.as_ref().map(Exact::to_decimal);
    // A total equal to a band's bound is in the band: decided on the
    // fraction, not on its 28-digit decimal.
    let band = exact.total.as_ref().and_then(|t| {
        scheme
            .bands
            .iter()
            .find(|b| *t >= Exact::from_decimal(b.min))
            .map(|b| b.name.clone())
    });
    survey_notes(row, e, &mut notes);
    let org = OrgNok {
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
    };
    Ok((org, exact))
}

/// The inputs of `inputs` that are zero bases (wholes, not parts), written
/// `name = 0`: what explains a missing value.
fn zero_bases<'a>(
    scheme: &NokScheme,
    inputs: impl Iterator<Item = (&'a String, &'a Decimal)>,
) -> Vec<String> {
    inputs
        .filter(|(k, v)| v.is_zero() && scheme.input(k).is_none_or(|c| c.part_of.is_none()))
        .map(|(k, _)| format!("{k} = 0"))
        .collect()
}

/// One indicator: the variant the package's choice picks, its parts run in
/// the sandbox and combined under the zero-base policy, then the cap. A
/// formula's result is taken as the fraction it stands for
/// ([`Exact::recover`]).
fn score_indicator(
    runtime: &Runtime,
    scheme: &NokScheme,
    e: &Effective,
    row: &NokRow,
    values: &[Decimal],
    ind: &NokIndicator,
    notes: &mut Vec<PolicyNote>,
) -> Result<(IndicatorScore, Option<Exact>), NokError> {
    let policy = ind.zero_base.unwrap_or(e.zero_base);
    let choice = ind
        .choice
        .as_ref()
        .and_then(|c| scheme.choices.iter().position(|x| &x.id == c));
    let option = choice.map(|c| scheme.choices[c].options[e.chosen[c]].clone());
    let Some(variant) = ind.variants.iter().find(|v| v.option == option) else {
        let c = choice.map(|c| &scheme.choices[c]);
        let option_name = option.as_deref().unwrap_or_default();
        notes.push(PolicyNote::new(
            c.map_or_else(String::new, |c| c.id.clone()),
            ind.number.clone(),
            Message::new(
                "nok-note-not-scored",
                &[("indicator", ind.number.as_str()), ("option", option_name)],
                format!("{} is not scored under `{option_name}`", ind.number),
            ),
        ));
        let score = IndicatorScore {
            id: ind.id.clone(),
            number: ind.number.clone(),
            criterion: ind.criterion.clone(),
            value: None,
            status: IndicatorStatus::NotScored,
            uncapped: None,
            option,
            parts: Vec::new(),
        };
        return Ok((score, None));
    };
    let mut parts = Vec::with_capacity(variant.parts.len());
    let mut exact_parts = Vec::with_capacity(variant.parts.len());
    let mut args = Vec::new();
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
        let value = runtime
            .eval(&part.compiled, &args)
            .map_err(|f| script_error(&ind.id, &part.location, f))?
            .map(Exact::recover);
        parts.push(PartScore {
            id: part.id.clone(),
            weight: part.weight,
            formula: part.formula.clone(),
            value: value.as_ref().map(Exact::to_decimal),
            inputs,
        });
        exact_parts.push(value);
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
        .zip(exact_parts)
        .map(|((p, label), value)| Item {
            label,
            weight: Exact::from_decimal(p.weight),
            policy,
            value: value.map_or(Slot::NoValue, Slot::Value),
        })
        .collect();
    let combined = combine(&items);
    part_notes(scheme, ind, &parts, &labels, &combined, notes);
    let mut value = combined.value;
    let mut uncapped = None;
    if let (Some(v), Some(cap)) = (&value, ind.cap) {
        if *v > Exact::from_decimal(cap) {
            let shown = v.to_decimal();
            uncapped = Some(shown);
            value = Some(Exact::from_decimal(cap));
            notes.push(PolicyNote::new(
                "cap",
                ind.number.clone(),
                Message::new(
                    "nok-note-cap",
                    &[("points", shown.to_string()), ("cap", cap.to_string())],
                    format!("{shown} points capped at {cap}"),
                ),
            ));
        }
    }
    if let Some(v) = &value {
        if v.is_negative() || *v > Exact::from(100) {
            return Err(NokError::OutOfRange {
                org: row.org.clone(),
                indicator: ind.number.clone(),
                value: v.to_decimal(),
            });
        }
    }
    let status = if value.is_some() {
        IndicatorStatus::Scored
    } else {
        IndicatorStatus::NoValue
    };
    let score = IndicatorScore {
        id: ind.id.clone(),
        number: ind.number.clone(),
        criterion: ind.criterion.clone(),
        value: value.as_ref().map(Exact::to_decimal),
        status,
        uncapped,
        option,
        parts,
    };
    Ok((score, value))
}

/// The notes of an indicator's parts: which were scored 0, left out or left
/// the indicator without a value, and why.
fn part_notes(
    scheme: &NokScheme,
    ind: &NokIndicator,
    parts: &[PartScore],
    labels: &[String],
    combined: &Combined,
    notes: &mut Vec<PolicyNote>,
) {
    let zeros = |label: &str| -> Zeros {
        Zeros(
            labels
                .iter()
                .position(|l| l == label)
                .map(|i| zero_bases(scheme, parts[i].inputs.iter()))
                .unwrap_or_default(),
        )
    };
    for label in &combined.zeroed {
        let z = zeros(label);
        notes.push(PolicyNote::new(
            "zero_base",
            label.clone(),
            z.said(
                "nok-note-part-zeroed",
                &[],
                format!("{}: scored 0", z.english()),
            ),
        ));
    }
    if parts.len() <= 1 {
        return;
    }
    for label in &combined.left_out {
        let others: Vec<&str> = labels
            .iter()
            .filter(|l| !combined.left_out.contains(l))
            .map(String::as_str)
            .collect();
        let z = zeros(label);
        let message = if others.is_empty() {
            z.said(
                "nok-note-part-left-out-alone",
                &[],
                format!("{}: left out, and no other part has a value", z.english()),
            )
        } else {
            let others = others.join(", ");
            z.said(
                "nok-note-part-left-out",
                &[("indicator", &ind.number), ("others", &others)],
                format!(
                    "{}: left out, {} is computed from {others}",
                    z.english(),
                    ind.number
                ),
            )
        };
        notes.push(PolicyNote::new("zero_base", label.clone(), message));
    }
    for label in &combined.undefined_by {
        let z = zeros(label);
        notes.push(PolicyNote::new(
            "zero_base",
            label.clone(),
            z.said(
                "nok-note-part-undefined",
                &[("indicator", &ind.number)],
                format!("{}: {} has no value", z.english(), ind.number),
            ),
        ));
    }
}

/// The zero bases (`name = 0`) that explain why a figure has no value:
/// its notes say "no value" and list them, if any.
struct Zeros(Vec<String>);

impl Zeros {
    /// "no value", and the zero bases in brackets.
    fn english(&self) -> String {
        if self.0.is_empty() {
            "no value".to_string()
        } else {
            format!("no value ({})", self.0.join(", "))
        }
    }

    /// The English `words` of catalogue message `id`, with `args` and the
    /// zero bases (`bases`: how many, `zeros`: the list), which the
    /// catalogue's messages say through `nok-note-no-value` (`figure`: the
    /// figure that has no value, when a message names it).
    fn said(&self, id: &str, args: &[(&str, &str)], words: String) -> Message {
        let bases = self.0.len().to_string();
        let zeros = self.0.join(", ");
        let mut all: Vec<(&str, &str)> = vec![("bases", &bases), ("zeros", &zeros)];
        all.extend_from_slice(args);
        Message::new(id, &all, words)
    }
}

/// Each criterion: the weighted sum of its indicators, a missing one handled
/// by that indicator's zero-base policy.
fn score_criteria(
    scheme: &NokScheme,
    e: &Effective,
    indicators: &[IndicatorScore],
    exact: &mut OrgExact,
    notes: &mut Vec<PolicyNote>,
) -> Vec<CriterionScore> {
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
                    weight: Exact::from_decimal(w),
                    policy: ind.zero_base.unwrap_or(e.zero_base),
                    value: match (score.status, &exact.indicators[i]) {
                        (IndicatorStatus::NotScored, _) => Slot::NotScored,
                        (_, Some(v)) => Slot::Value(v.clone()),
                        (_, None) => Slot::NoValue,
                    },
                }
            })
            .collect();
        let combined = combine(&items);
        let name = format!("K{}", c.number);
        let zeros = |label: &str| -> Zeros {
            Zeros(
                indicators
                    .iter()
                    .find(|s| s.number == label)
                    .map(|s| zero_bases(scheme, s.parts.iter().flat_map(|p| p.inputs.iter())))
                    .unwrap_or_default(),
            )
        };
        // "3.3 has no value (a = 0)": the indicator named before the zero
        // bases, unlike a part's notes.
        let no_value = |z: &Zeros, label: &str| -> String {
            if z.0.is_empty() {
                format!("{label} has no value")
            } else {
                format!("{label} has no value ({})", z.0.join(", "))
            }
        };
        let kept: Vec<String> = combined.weights.iter().map(|(l, _)| l.clone()).collect();
        let kept_list = list(&kept);
        for label in &combined.left_out {
            let z = zeros(label);
            let said = no_value(&z, label);
            let message = if kept.is_empty() {
                z.said(
                    "nok-note-criterion-left-out-alone",
                    &[("figure", label), ("criterion", &name)],
                    format!("{said}: left out of {name}, which then has no value"),
                )
            } else {
                z.said(
                    "nok-note-criterion-left-out",
                    &[
                        ("figure", label),
                        ("criterion", &name),
                        ("kept", &kept_list),
                    ],
                    format!("{said}: left out of {name}; its weight is spread over {kept_list}"),
                )
            };
            notes.push(PolicyNote::new("zero_base", label.clone(), message));
        }
        for label in &combined.not_scored {
            if !kept.is_empty() {
                let policy = notes
                    .iter()
                    .find(|n| &n.figure == label)
                    .map_or_else(String::new, |n| n.policy.clone());
                notes.push(PolicyNote::new(
                    policy,
                    name.clone(),
                    Message::new(
                        "nok-note-criterion-without",
                        &[
                            ("criterion", name.as_str()),
                            ("indicator", label),
                            ("kept", &kept_list),
                        ],
                        format!("{name} is computed without {label}, from {kept_list}"),
                    ),
                ));
            }
        }
        for label in &combined.undefined_by {
            let z = zeros(label);
            let said = no_value(&z, label);
            notes.push(PolicyNote::new(
                "zero_base",
                label.clone(),
                z.said(
                    "nok-note-criterion-undefined",
                    &[("figure", label), ("criterion", &name)],
                    format!("{said}: {name} has no value"),
                ),
            ));
        }
        criteria.push(CriterionScore {
            id: c.id.clone(),
            number: c.number,
            value: combined.value.as_ref().map(Exact::to_decimal),
            weights: combined
                .weights
                .into_iter()
                .map(|(label, weight)| Weight {
                    id: scheme
                        .indicators
                        .iter()
                        .find(|i| i.number == label)
                        .map_or(label, |i| i.id.clone()),
                    weight: weight.to_decimal(),
                })
                .collect(),
        });
        exact.criteria.push(combined.value);
    }
    criteria
}

/// The total: the mean of the criteria or their weighted sum, as the scheme
/// says; a criterion without a value follows the package's zero-base policy.
fn score_total(
    scheme: &NokScheme,
    e: &Effective,
    criteria: &[CriterionScore],
    values: &[Option<Exact>],
    notes: &mut Vec<PolicyNote>,
) -> Option<Exact> {
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
    debug_assert_eq!(criteria.len(), values.len());
    let items: Vec<Item> = values
        .iter()
        .zip(&labels)
        .zip(&weights)
        .map(|((v, label), &weight)| Item {
            label,
            weight: Exact::from_decimal(weight),
            policy: e.zero_base,
            value: v.clone().map_or(Slot::NoValue, Slot::Value),
        })
        .collect();
    let combined = combine(&items);
    let kept: Vec<String> = combined.weights.iter().map(|(l, _)| l.clone()).collect();
    let kept_list = list(&kept);
    for label in &combined.left_out {
        let message = if kept.is_empty() {
            Message::new::<&str>(
                "nok-note-total-none",
                &[],
                "no criterion has a value: the total has none",
            )
        } else {
            Message::new(
                "nok-note-total-left-out",
                &[("criterion", label.as_str()), ("kept", &kept_list)],
                format!("{label} has no value: the total is made of {kept_list}"),
            )
        };
        notes.push(PolicyNote::new("zero_base", label.clone(), message));
    }
    for label in &combined.zeroed {
        notes.push(PolicyNote::new(
            "zero_base",
            label.clone(),
            Message::new(
                "nok-note-total-zeroed",
                &[("criterion", label)],
                format!("{label} has no value: counted as 0 in the total"),
            ),
        ));
    }
    for label in &combined.undefined_by {
        notes.push(PolicyNote::new(
            "zero_base",
            label.clone(),
            Message::new(
                "nok-note-total-undefined",
                &[("criterion", label)],
                format!(
                    "{label} has no value: the total has none, and the organisation is not ranked"
                ),
            ),
        ));
    }
    combined.value
}

/// Notes on the questionnaires behind the row: answers the skip rules say
/// were not asked, and fewer respondents than the package asks for.
fn survey_notes(row: &NokRow, e: &Effective, notes: &mut Vec<PolicyNote>) {
    let Some(survey) = &row.survey else {
        return;
    };
    if survey.respondents == 0 {
        // Only under `no_questionnaires = "facts_only"` does such a row
        // reach scoring.
        let setting = e.no_questionnaires.name();
        notes.push(PolicyNote::new(
            "no_questionnaires",
            "respondents",
            Message::new(
                "nok-note-no-questionnaires",
                &[("setting", setting)],
                format!("no questionnaire counted: scored from its facts alone ({setting})"),
            ),
        ));
    }
    for (question, n) in &survey.skipped_answers {
        let count = [("count", n.to_string())];
        notes.push(PolicyNote::new(
            "skipped_answers",
            question.clone(),
            match e.skipped_answers {
                SkippedAnswers::Ignore => Message::new(
                    "nok-note-skipped-ignored",
                    &count,
                    format!(
                        "{n} answer(s) given although the skip rule says the question was not asked: ignored"
                    ),
                ),
                SkippedAnswers::Count => Message::new(
                    "nok-note-skipped-counted",
                    &count,
                    format!(
                        "{n} answer(s) given although the skip rule says the question was not asked: counted"
                    ),
                ),
            },
        ));
    }
    if e.min_respondents > 0 && survey.respondents < i64::from(e.min_respondents) {
        notes.push(PolicyNote::new(
            "min_respondents",
            "respondents",
            Message::new(
                "nok-note-few-respondents",
                &[
                    ("count", survey.respondents.to_string()),
                    ("min", e.min_respondents.to_string()),
                ],
                format!(
                    "{} questionnaire(s), fewer than the {} the package asks for",
                    survey.respondents, e.min_respondents
                ),
            ),
        ));
    }
}

/// A weighted item to combine: its label, weight, policy, and value.
struct Item<'a> {
    label: &'a str,
    weight: Exact,
    policy: ZeroBase,
    value: Slot,
}

#[derive(Clone)]
enum Slot {
    Value(Exact),
    NoValue,
    NotScored,
}

struct Combined {
    value: Option<Exact>,
    weights: Vec<(String, Exact)>,
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
    let mut kept: Vec<(String, Exact, Exact)> = Vec::new();
    for item in items {
        match &item.value {
            Slot::Value(v) => kept.push((item.label.to_string(), item.weight.clone(), v.clone())),
            Slot::NotScored => c.not_scored.push(item.label.to_string()),
            Slot::NoValue => match item.policy {
                ZeroBase::Reweight => c.left_out.push(item.label.to_string()),
                ZeroBase::Zero => {
                    c.zeroed.push(item.label.to_string());
                    kept.push((item.label.to_string(), item.weight.clone(), Exact::from(0)));
                }
                ZeroBase::Undefined => c.undefined_by.push(item.label.to_string()),
            },
        }
    }
    let total_weight: Exact = kept.iter().map(|(_, w, _)| w).sum();
    if !c.undefined_by.is_empty() || kept.is_empty() || total_weight.is_zero() {
        return c;
    }
    let products: Vec<Exact> = kept.iter().map(|(_, w, v)| w * v).collect();
    let sum: Exact = products.iter().sum();
    let spread = !(c.left_out.is_empty() && c.not_scored.is_empty());
    c.value = sum.checked_div(&total_weight);
    c.weights = kept
        .into_iter()
        .map(|(l, w, _)| {
            let w = if spread {
                w.checked_div(&total_weight).unwrap_or(w)
            } else {
                w
            };
            (l, w)
        })
        .collect();
    c
}

fn list(items: &[String]) -> String {
    items.join(", ")
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
        text: f.text,
    })
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
            weight: Exact::from_decimal(d(w)),
            policy,
            value: v.map_or(Slot::NoValue, |v| Slot::Value(Exact::from_decimal(d(v)))),
        }
    }

    fn x(s: &str) -> Option<Exact> {
        Some(Exact::from_decimal(d(s)))
    }

    #[test]
    fn combining_weights_and_missing_values() {
        let full = combine(&[
            item("3.1", "0.3", ZeroBase::Reweight, Some("60")),
            item("3.2", "0.4", ZeroBase::Reweight, Some("80")),
            item("3.3", "0.3", ZeroBase::Reweight, Some("90")),
        ]);
        assert_eq!(full.value, x("77"));
        let reweighted = combine(&[
            item("3.1", "0.3", ZeroBase::Reweight, Some("60")),
            item("3.2", "0.4", ZeroBase::Reweight, Some("80")),
            item("3.3", "0.3", ZeroBase::Reweight, None),
        ]);
        // (0.3·60 + 0.4·80) / 0.7 = 50 / 0.7 = 500/7, exactly
        assert_eq!(reweighted.value, Exact::fraction(500, 7));
        assert_eq!(reweighted.left_out, ["3.3"]);
        assert_eq!(reweighted.weights[0].1, Exact::fraction(3, 7).unwrap());
        let zero = combine(&[
            item("3.1", "0.3", ZeroBase::Zero, Some("60")),
            item("3.2", "0.4", ZeroBase::Zero, Some("80")),
            item("3.3", "0.3", ZeroBase::Zero, None),
        ]);
        assert_eq!(zero.value, x("50"));
        assert_eq!(zero.zeroed, ["3.3"]);
        let undefined = combine(&[
            item("3.1", "0.3", ZeroBase::Undefined, Some("60")),
            item("3.3", "0.7", ZeroBase::Undefined, None),
        ]);
        assert_eq!(undefined.value, None);
        let nothing = combine(&[item("3.3", "1", ZeroBase::Reweight, None)]);
        assert_eq!(nothing.value, None);
    }
}
