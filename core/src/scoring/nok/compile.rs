//! Reading and checking the НОК file of a package: input columns, survey
//! derivations, indicators (Rhai formulas compiled once), criteria and
//! weights, the total, the policies and the bands. Every problem is
//! reported with its place; nothing is scored from a file with errors.

use std::collections::{BTreeMap, BTreeSet};

use rust_decimal::Decimal;
use serde::Deserialize;
use toml::Spanned;

use super::input::IDENTITY;
use super::{
    Arg, Choice, InputColumn, InputKind, NokCriterion, NokIndicator, NokPolicies, NokScheme, Part,
    RatingBand, SurveySource, TotalRule, Variant, Weight,
};
use crate::diagnostics::{Diagnostic, Location};
use crate::filter::{Fields, ParamValue};
use crate::methodology::Question;
use crate::package::source::TomlDoc;
use crate::package::values::Num;
use crate::scoring::policy::{Rounding, SkippedAnswers, ZeroBase};
use crate::scoring::questionnaire::{Derivation, SurveyCount, SurveyRules, survey_filter};
use crate::scoring::{is_id, message_bad_id};
use crate::script::Runtime;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    edition: String,
    source: Option<String>,
    total: Option<Spanned<RawTotal>>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawTotal {
    Named(String),
    Weights(BTreeMap<String, Num>),
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPolicies {
    zero_base: Option<ZeroBase>,
    rounding: Option<Rounding>,
    skipped_answers: Option<SkippedAnswers>,
    min_respondents: Option<u32>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSurveys {
    respondents: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInput {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    kind: Option<InputKind>,
    part_of: Option<Spanned<String>>,
    max: Option<Num>,
    survey: Option<Spanned<String>>,
    count: Option<SurveyCount>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPart {
    id: String,
    weight: Num,
    formula: Spanned<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawIndicator {
    id: Spanned<String>,
    number: Spanned<String>,
    name: String,
    name_en: Option<String>,
    formula: Option<Spanned<String>>,
    parts: Option<Vec<RawPart>>,
    choice: Option<Spanned<String>>,
    formulas: Option<BTreeMap<String, Spanned<String>>>,
    cap: Option<Num>,
    zero_base: Option<ZeroBase>,
    source: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCriterion {
    id: Spanned<String>,
    number: u32,
    name: String,
    name_en: Option<String>,
    weights: Spanned<BTreeMap<String, Num>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChoice {
    id: Spanned<String>,
    name: String,
    options: Vec<String>,
    chosen: Spanned<String>,
    note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBand {
    name: String,
    min: Num,
}

/// What the НОК compiler needs from the rest of the package.
pub(crate) struct Context<'a> {
    pub runtime: &'a Runtime,
    pub questions: &'a [Question],
    pub survey_fields: &'a Fields,
    pub params: &'a BTreeMap<String, ParamValue>,
}

fn error(diags: &mut Vec<Diagnostic>, code: &str, at: Location, message: impl Into<String>) {
    diags.push(Diagnostic::error(code, at, message));
}

/// Reads the НОК file `file`.
pub(crate) fn compile(
    file: &str,
    text: &str,
    cx: &Context,
    surveys: &mut SurveyRules,
    diags: &mut Vec<Diagnostic>,
) -> Option<NokScheme> {
    let doc = TomlDoc::parse(file, text, diags)?;
    doc.reject_unknown_keys(
        &[
            "scheme",
            "policies",
            "surveys",
            "params",
            "input",
            "indicator",
            "criterion",
            "choice",
            "band",
        ],
        diags,
    );
    let errors_before = diags.iter().filter(|d| d.is_error()).count();
    let Some((scheme_at, raw)) = doc.table::<RawScheme>("scheme", diags) else {
        if !diags.iter().any(|d| d.file == file && d.is_error()) {
            error(
                diags,
                "missing-section",
                Location::file(file),
                "the НОК file needs a [scheme] section with id, name and edition",
            );
        }
        return None;
    };
    if !is_id(raw.id.get_ref()) {
        error(
            diags,
            "bad-id",
            doc.at(raw.id.span()),
            message_bad_id(raw.id.get_ref()),
        );
    }

    // Policies: the zero base must be decided, never left to a default.
    let policies = match doc.table::<RawPolicies>("policies", diags) {
        Some((at, p)) => {
            if p.zero_base.is_none() {
                error(
                    diags,
                    "missing-policy",
                    at,
                    "[policies] must say what a share over a zero base does: zero_base = \"reweight\", \"zero\" or \"undefined\"",
                );
            }
            if let Some(r) = p.rounding {
                if r.decimals > 28 {
                    error(
                        diags,
                        "bad-value",
                        Location::file(file),
                        "rounding decimals must be 0..28",
                    );
                }
            }
            NokPolicies {
                zero_base: p.zero_base.unwrap_or(ZeroBase::Undefined),
                rounding: p.rounding.unwrap_or_default(),
                skipped_answers: p.skipped_answers.unwrap_or(SkippedAnswers::Ignore),
                min_respondents: p.min_respondents.unwrap_or(0),
            }
        }
        None => {
            error(
                diags,
                "missing-section",
                scheme_at.clone(),
                "the НОК file needs a [policies] section saying at least what a zero base does (zero_base = \"reweight\", \"zero\" or \"undefined\")",
            );
            NokPolicies {
                zero_base: ZeroBase::Undefined,
                rounding: Rounding::default(),
                skipped_answers: SkippedAnswers::Ignore,
                min_respondents: 0,
            }
        }
    };

    let params: BTreeMap<String, Decimal> = doc
        .table::<BTreeMap<String, Num>>("params", diags)
        .map(|(_, p)| p.into_iter().map(|(k, v)| (k, v.0)).collect())
        .unwrap_or_default();
    for name in params.keys() {
        if !is_id(name) || name.contains('-') {
            error(diags, "bad-id", Location::file(file), message_bad_id(name));
        }
    }

    // Input columns.
    let mut inputs: Vec<InputColumn> = Vec::new();
    let mut derivations = Vec::new();
    let raw_inputs = doc.array::<RawInput>("input", diags);
    for (at, r) in &raw_inputs {
        let id = r.id.get_ref();
        if !is_id(id) || id.contains('-') {
            error(diags, "bad-id", doc.at(r.id.span()), message_bad_id(id));
        } else if IDENTITY.contains(&id.as_str()) {
            error(
                diags,
                "duplicate-id",
                doc.at(r.id.span()),
                format!("`{id}` is a fixed column of every input row"),
            );
        } else if inputs.iter().any(|c| &c.id == id) || params.contains_key(id) {
            error(
                diags,
                "duplicate-id",
                doc.at(r.id.span()),
                format!("input column `{id}` is defined twice (or is also a parameter)"),
            );
            continue;
        }
        if let Some(m) = r.max {
            if m.0.is_sign_negative() {
                error(diags, "bad-value", at.clone(), "`max` cannot be negative");
            }
        }
        let survey = match (&r.survey, r.count) {
            (Some(q), Some(count)) => {
                match cx.questions.iter().position(|x| &x.id == q.get_ref()) {
                    Some(qi) => {
                        if count == SurveyCount::Satisfied && cx.questions[qi].satisfied.is_empty()
                        {
                            error(
                                diags,
                                "bad-question",
                                doc.at(q.span()),
                                format!(
                                    "question `{}` says no answer counts as satisfied; give it `satisfied = [...]` in the questionnaire",
                                    q.get_ref()
                                ),
                            );
                        }
                        derivations.push(Derivation {
                            input: inputs.len(),
                            question: qi,
                            count,
                        });
                        Some(SurveySource {
                            question: q.get_ref().clone(),
                            count,
                        })
                    }
                    None => {
                        let known: Vec<String> =
                            cx.questions.iter().map(|x| x.id.clone()).collect();
                        let hint = crate::filter::suggest(q.get_ref(), &known)
                            .map(|s| format!("; did you mean `{s}`?"))
                            .unwrap_or_default();
                        error(
                            diags,
                            "unknown-question",
                            doc.at(q.span()),
                            format!("the questionnaire has no question `{}`{hint}", q.get_ref()),
                        );
                        None
                    }
                }
            }
            (Some(q), None) => {
                error(
                    diags,
                    "missing-field",
                    doc.at(q.span()),
                    "a column counted from a question says what it counts: count = \"satisfied\" or \"base\"",
                );
                None
            }
            (None, Some(_)) => {
                error(
                    diags,
                    "missing-field",
                    at.clone(),
                    "`count` needs `survey` (the question it is counted from)",
                );
                None
            }
            (None, None) => None,
        };
        inputs.push(InputColumn {
            id: id.clone(),
            name: r.name.clone(),
            name_en: r.name_en.clone(),
            kind: r.kind.unwrap_or(InputKind::Count),
            part_of: r.part_of.as_ref().map(|p| p.get_ref().clone()),
            max: r.max.map(|m| m.0),
            survey,
        });
    }
    for (_, r) in &raw_inputs {
        if let Some(p) = &r.part_of {
            if !inputs.iter().any(|c| &c.id == p.get_ref()) {
                error(
                    diags,
                    "unknown-input",
                    doc.at(p.span()),
                    format!(
                        "`part_of` names `{}`, which is not an input column",
                        p.get_ref()
                    ),
                );
            } else if p.get_ref() == r.id.get_ref() {
                error(
                    diags,
                    "bad-value",
                    doc.at(p.span()),
                    "a column cannot be a part of itself",
                );
            }
        }
    }
    if inputs.is_empty() {
        error(
            diags,
            "empty-list",
            scheme_at.clone(),
            "the НОК file lists no input columns ([[input]])",
        );
    }

    // Which questionnaires count.
    let respondents = doc
        .table::<RawSurveys>("surveys", diags)
        .and_then(|(_, s)| s.respondents);
    let respondents_filter = respondents.as_ref().and_then(|r| {
        let at = doc.at(r.span());
        match survey_filter(
            r.get_ref(),
            &at,
            cx.survey_fields,
            cx.params,
            cx.questions,
            &mut surveys.codes,
        ) {
            Ok(p) => Some(p),
            Err(d) => {
                diags.push(d);
                None
            }
        }
    });

    // Choice policies.
    let mut choices: Vec<Choice> = Vec::new();
    for (at, c) in doc.array::<RawChoice>("choice", diags) {
        let id = c.id.get_ref().clone();
        if !is_id(&id) {
            error(diags, "bad-id", doc.at(c.id.span()), message_bad_id(&id));
        }
        if choices.iter().any(|x| x.id == id)
            || [
                "zero_base",
                "rounding",
                "skipped_answers",
                "min_respondents",
                "decimals",
                "bands",
                "bases",
                "cap",
            ]
            .contains(&id.as_str())
        {
            error(
                diags,
                "duplicate-id",
                doc.at(c.id.span()),
                format!("policy `{id}` is defined twice (or is a built-in policy)"),
            );
            continue;
        }
        if c.options.is_empty() {
            error(
                diags,
                "empty-list",
                at.clone(),
                format!("choice `{id}` lists no options"),
            );
        }
        if !c.options.contains(c.chosen.get_ref()) {
            error(
                diags,
                "unknown-option",
                doc.at(c.chosen.span()),
                format!(
                    "`{}` is not an option of `{id}`; its options are {}",
                    c.chosen.get_ref(),
                    c.options.join(", ")
                ),
            );
        }
        choices.push(Choice {
            id,
            name: c.name,
            options: c.options,
            chosen: c.chosen.into_inner(),
            note: c.note,
        });
    }

    // Indicators.
    let mut known: Vec<&str> = inputs.iter().map(|c| c.id.as_str()).collect();
    known.extend(params.keys().map(String::as_str));
    let arg = |name: &str| -> Arg {
        match inputs.iter().position(|c| c.id == name) {
            Some(i) => Arg::Input(i),
            None => Arg::Param(params.get(name).copied().unwrap_or_default()),
        }
    };
    let compile_part = |id: Option<String>,
                        weight: Decimal,
                        formula: &Spanned<String>,
                        rule: &str,
                        diags: &mut Vec<Diagnostic>|
     -> Option<Part> {
        match cx.runtime.compile_formula(formula.get_ref(), &known) {
            Ok(compiled) => Some(Part {
                id,
                weight,
                formula: formula.get_ref().clone(),
                args: compiled.inputs.iter().map(|n| arg(n)).collect(),
                compiled,
                location: doc.at(formula.span()),
            }),
            Err(e) => {
                let at = doc.at(formula.span()).within(e.line.max(1), e.column);
                diags.push(
                    Diagnostic::error(
                        if e.limit.is_some() {
                            "script-limit"
                        } else {
                            "bad-formula"
                        },
                        at,
                        e.message,
                    )
                    .with_rule(rule),
                );
                None
            }
        }
    };
    let mut indicators: Vec<NokIndicator> = Vec::new();
    for (at, r) in doc.array::<RawIndicator>("indicator", diags) {
        let id = r.id.get_ref().clone();
        if !is_id(&id) {
            error(diags, "bad-id", doc.at(r.id.span()), message_bad_id(&id));
        }
        if indicators
            .iter()
            .any(|i| i.id == id || &i.number == r.number.get_ref())
        {
            error(
                diags,
                "duplicate-id",
                doc.at(r.id.span()),
                format!("indicator `{id}` ({}) is defined twice", r.number.get_ref()),
            );
            continue;
        }
        let ways = [r.formula.is_some(), r.parts.is_some(), r.formulas.is_some()]
            .iter()
            .filter(|b| **b)
            .count();
        if ways != 1 {
            error(
                diags,
                "conflict",
                at.clone(),
                "an indicator has exactly one of `formula`, `parts` or `formulas` (with `choice`)",
            );
            continue;
        }
        if r.formulas.is_some() != r.choice.is_some() {
            error(
                diags,
                "conflict",
                at.clone(),
                "`formulas` (one per option) goes with `choice` (the policy that picks one)",
            );
            continue;
        }
        if let Some(cap) = r.cap {
            if cap.0.is_sign_negative() {
                error(diags, "bad-value", at.clone(), "`cap` cannot be negative");
            }
        }
        let mut variants = Vec::new();
        if let Some(f) = &r.formula {
            if let Some(p) = compile_part(None, Decimal::ONE, f, &id, diags) {
                variants.push(Variant {
                    option: None,
                    parts: vec![p],
                });
            }
        } else if let Some(parts) = &r.parts {
            let mut compiled = Vec::new();
            let mut sum = Decimal::ZERO;
            for p in parts {
                sum += p.weight.0;
                if compiled
                    .iter()
                    .any(|x: &Part| x.id.as_deref() == Some(p.id.as_str()))
                {
                    error(
                        diags,
                        "duplicate-id",
                        doc.at(p.formula.span()),
                        format!("part `{}` is given twice", p.id),
                    );
                }
                if p.weight.0 <= Decimal::ZERO {
                    error(
                        diags,
                        "bad-weight",
                        doc.at(p.formula.span()),
                        "a weight is above 0",
                    );
                }
                if let Some(c) =
                    compile_part(Some(p.id.clone()), p.weight.0, &p.formula, &id, diags)
                {
                    compiled.push(c);
                }
            }
            if parts.is_empty() {
                error(diags, "empty-list", at.clone(), "`parts` lists no part");
            } else if sum != Decimal::ONE {
                error(
                    diags,
                    "bad-weight",
                    at.clone(),
                    format!(
                        "the weights of the parts of {} add up to {sum}, not 1",
                        r.number.get_ref()
                    ),
                );
            }
            variants.push(Variant {
                option: None,
                parts: compiled,
            });
        } else if let (Some(formulas), Some(choice)) = (&r.formulas, &r.choice) {
            match choices.iter().find(|c| &c.id == choice.get_ref()) {
                Some(c) => {
                    for (option, f) in formulas {
                        if !c.options.contains(option) {
                            error(
                                diags,
                                "unknown-option",
                                doc.at(f.span()),
                                format!(
                                    "`{option}` is not an option of `{}`; its options are {}",
                                    c.id,
                                    c.options.join(", ")
                                ),
                            );
                            continue;
                        }
                        if let Some(p) = compile_part(None, Decimal::ONE, f, &id, diags) {
                            variants.push(Variant {
                                option: Some(option.clone()),
                                parts: vec![p],
                            });
                        }
                    }
                }
                None => error(
                    diags,
                    "unknown-policy",
                    doc.at(choice.span()),
                    format!("there is no [[choice]] `{}`", choice.get_ref()),
                ),
            }
        }
        indicators.push(NokIndicator {
            id,
            number: r.number.into_inner(),
            name: r.name,
            name_en: r.name_en,
            criterion: String::new(),
            cap: r.cap.map(|c| c.0),
            zero_base: r.zero_base,
            choice: r.choice.map(Spanned::into_inner),
            variants,
            source: r.source,
            location: at,
        });
    }

    // Criteria: every indicator in exactly one.
    let mut criteria: Vec<NokCriterion> = Vec::new();
    let mut placed: BTreeMap<usize, String> = BTreeMap::new();
    for (_, c) in doc.array::<RawCriterion>("criterion", diags) {
        let id = c.id.get_ref().clone();
        if !is_id(&id) {
            error(diags, "bad-id", doc.at(c.id.span()), message_bad_id(&id));
        }
        if criteria.iter().any(|x| x.id == id || x.number == c.number) {
            error(
                diags,
                "duplicate-id",
                doc.at(c.id.span()),
                format!("criterion `{id}` (number {}) is defined twice", c.number),
            );
            continue;
        }
        let weights_at = doc.at(c.weights.span());
        let mut members = Vec::new();
        let mut sum = Decimal::ZERO;
        for (name, w) in c.weights.get_ref() {
            sum += w.0;
            if w.0 <= Decimal::ZERO {
                error(
                    diags,
                    "bad-weight",
                    weights_at.clone(),
                    format!("the weight of `{name}` must be above 0"),
                );
            }
            match indicators
                .iter()
                .position(|i| &i.id == name || &i.number == name)
            {
                Some(i) => {
                    if let Some(other) = placed.get(&i) {
                        error(
                            diags,
                            "conflict",
                            weights_at.clone(),
                            format!(
                                "indicator `{name}` is already weighted in criterion `{other}`"
                            ),
                        );
                    }
                    placed.insert(i, id.clone());
                    members.push((i, w.0));
                }
                None => error(
                    diags,
                    "unknown-indicator",
                    weights_at.clone(),
                    format!(
                        "criterion `{id}` weighs `{name}`, which is not an indicator of the НОК file"
                    ),
                ),
            }
        }
        if sum != Decimal::ONE {
            error(
                diags,
                "bad-weight",
                weights_at.clone(),
                format!("the weights of criterion `{id}` add up to {sum}, not 1"),
            );
        }
        members.sort_by_key(|(i, _)| *i);
        for &(i, _) in &members {
            indicators[i].criterion = id.clone();
        }
        criteria.push(NokCriterion {
            id,
            number: c.number,
            name: c.name,
            name_en: c.name_en,
            weights: members
                .iter()
                .map(|&(i, w)| Weight {
                    id: indicators[i].id.clone(),
                    weight: w,
                })
                .collect(),
            members,
        });
    }
    for (i, ind) in indicators.iter().enumerate() {
        if !placed.contains_key(&i) {
            error(
                diags,
                "unused-indicator",
                ind.location.clone(),
                format!("indicator {} is in no criterion's `weights`", ind.number),
            );
        }
    }
    if criteria.is_empty() {
        error(
            diags,
            "empty-list",
            scheme_at.clone(),
            "the НОК file lists no criteria ([[criterion]])",
        );
    }

    let total = match raw.total {
        None => TotalRule::Mean,
        Some(t) => {
            let at = doc.at(t.span());
            match t.into_inner() {
                RawTotal::Named(n) if n == "mean" => TotalRule::Mean,
                RawTotal::Named(n) => {
                    error(
                        diags,
                        "bad-value",
                        at,
                        format!(
                            "`total = \"{n}\"`: write \"mean\" or a table of criterion weights"
                        ),
                    );
                    TotalRule::Mean
                }
                RawTotal::Weights(w) => {
                    let mut sum = Decimal::ZERO;
                    let mut out = Vec::new();
                    for (name, v) in w {
                        sum += v.0;
                        if !criteria.iter().any(|c| c.id == name) {
                            error(
                                diags,
                                "unknown-criterion",
                                at.clone(),
                                format!("`{name}` is not a criterion"),
                            );
                        }
                        out.push(Weight {
                            id: name,
                            weight: v.0,
                        });
                    }
                    if sum != Decimal::ONE {
                        error(
                            diags,
                            "bad-weight",
                            at.clone(),
                            format!("the weights of the total add up to {sum}, not 1"),
                        );
                    }
                    let missing: BTreeSet<&str> = criteria
                        .iter()
                        .map(|c| c.id.as_str())
                        .filter(|c| !out.iter().any(|w| w.id == *c))
                        .collect();
                    if !missing.is_empty() {
                        error(
                            diags,
                            "bad-weight",
                            at,
                            format!(
                                "the total gives no weight to {}",
                                missing.into_iter().collect::<Vec<_>>().join(", ")
                            ),
                        );
                    }
                    TotalRule::Weighted(out)
                }
            }
        }
    };

    let mut bands: Vec<RatingBand> = doc
        .array::<RawBand>("band", diags)
        .into_iter()
        .map(|(_, b)| RatingBand {
            name: b.name,
            min: b.min.0,
        })
        .collect();
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));

    let errors_after = diags.iter().filter(|d| d.is_error()).count();
    (errors_after == errors_before).then(|| NokScheme {
        id: raw.id.into_inner(),
        name: raw.name,
        name_en: raw.name_en,
        edition: raw.edition,
        source: raw.source,
        inputs,
        indicators,
        criteria,
        total,
        policies,
        choices,
        bands,
        respondents: respondents.map(Spanned::into_inner),
        params,
        respondents_filter,
        derivations,
    })
}
