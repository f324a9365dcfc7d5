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
use crate::scoring::policy::{NoQuestionnaires, Rounding, SkippedAnswers, ZeroBase};
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
    no_questionnaires: Option<NoQuestionnaires>,
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

fn error<'d>(
    diags: &'d mut Vec<Diagnostic>,
    code: &str,
    at: Location,
    message: impl Into<String>,
) -> &'d mut Diagnostic {
    diags.push(Diagnostic::error(code, at, message));
    diags.last_mut().expect("just pushed")
}

/// The sections a НОК file may have.
const SECTIONS: &[&str] = &[
    "scheme",
    "policies",
    "surveys",
    "params",
    "input",
    "indicator",
    "criterion",
    "choice",
    "band",
];

/// Policy names the package cannot reuse for a [[choice]].
const BUILT_IN_POLICIES: &[&str] = &[
    "zero_base",
    "rounding",
    "skipped_answers",
    "min_respondents",
    "decimals",
    "bands",
    "bases",
    "cap",
];

fn error_count(diags: &[Diagnostic]) -> usize {
    diags.iter().filter(|d| d.is_error()).count()
}

/// Reads the НОК file `file`, section by section in the order a reader
/// meets them, so that diagnostics come in the same order as the file.
pub(crate) fn compile(
    file: &str,
    text: &str,
    cx: &Context,
    surveys: &mut SurveyRules,
    diags: &mut Vec<Diagnostic>,
) -> Option<NokScheme> {
    let doc = TomlDoc::parse(file, text, diags)?;
    doc.reject_unknown_keys(SECTIONS, diags);
    let errors_before = error_count(diags);
    let (scheme_at, raw) = read_scheme(&doc, diags)?;
    let policies = read_policies(&doc, &scheme_at, diags);
    let params = read_params(&doc, diags);
    let (inputs, derivations) = read_inputs(&doc, cx, &params, &scheme_at, diags);
    let (respondents, respondents_filter) = read_respondents(&doc, cx, surveys, diags);
    let choices = read_choices(&doc, diags);
    let formulas = Formulas::new(&doc, cx, &inputs, &params);
    let mut indicators = read_indicators(&doc, &formulas, &choices, diags);
    let criteria = read_criteria(&doc, &mut indicators, &scheme_at, diags);
    let total = read_total(&doc, raw.total, &criteria, diags);
    let bands = read_bands(&doc, diags);

    (error_count(diags) == errors_before).then(|| NokScheme {
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
        respondents,
        params,
        respondents_filter,
        derivations,
    })
}

/// `[scheme]`: the file's identity. Without it nothing else is read.
fn read_scheme(doc: &TomlDoc, diags: &mut Vec<Diagnostic>) -> Option<(Location, RawScheme)> {
    let file = doc.file();
    let Some((scheme_at, raw)) = doc.table::<RawScheme>("scheme", diags) else {
        if !diags.iter().any(|d| d.file == file && d.is_error()) {
            error(
                diags,
                "missing-section",
                Location::file(file),
                "the НОК file needs a [scheme] section with id, name and edition",
            )
            .set_text::<&str>("nok-missing-scheme", &[]);
        }
        return None;
    };
    if !is_id(raw.id.get_ref()) {
        error(
            diags,
            "bad-id",
            doc.at(raw.id.span()),
            message_bad_id(raw.id.get_ref()),
        )
        .set_text("bad-id", &[("id", raw.id.get_ref())]);
    }
    Some((scheme_at, raw))
}

/// `[policies]`: the zero base must be decided, never left to a default.
fn read_policies(doc: &TomlDoc, scheme_at: &Location, diags: &mut Vec<Diagnostic>) -> NokPolicies {
    let Some((at, p)) = doc.table::<RawPolicies>("policies", diags) else {
        error(
            diags,
            "missing-section",
            scheme_at.clone(),
            "the НОК file needs a [policies] section saying at least what a zero base does (zero_base = \"reweight\", \"zero\" or \"undefined\")",
        ).set_text::<&str>("nok-missing-policies", &[]);
        return NokPolicies {
            zero_base: ZeroBase::Undefined,
            rounding: Rounding::default(),
            skipped_answers: SkippedAnswers::Ignore,
            min_respondents: 0,
            no_questionnaires: NoQuestionnaires::default(),
        };
    };
    if p.zero_base.is_none() {
        error(
            diags,
            "missing-policy",
            at,
            "[policies] must say what a share over a zero base does: zero_base = \"reweight\", \"zero\" or \"undefined\"",
        ).set_text::<&str>("nok-missing-zero-base", &[]);
    }
    if let Some(r) = p.rounding {
        if r.decimals > 28 {
            error(
                diags,
                "bad-value",
                Location::file(doc.file()),
                "rounding decimals must be 0..28",
            )
            .set_text::<&str>("rounding-decimals", &[]);
        }
    }
    NokPolicies {
        zero_base: p.zero_base.unwrap_or(ZeroBase::Undefined),
        rounding: p.rounding.unwrap_or_default(),
        skipped_answers: p.skipped_answers.unwrap_or(SkippedAnswers::Ignore),
        min_respondents: p.min_respondents.unwrap_or(0),
        no_questionnaires: p.no_questionnaires.unwrap_or_default(),
    }
}

/// `[params]`: named constants the formulas may use.
fn read_params(doc: &TomlDoc, diags: &mut Vec<Diagnostic>) -> BTreeMap<String, Decimal> {
    let params: BTreeMap<String, Decimal> = doc
        .table::<BTreeMap<String, Num>>("params", diags)
        .map(|(_, p)| p.into_iter().map(|(k, v)| (k, v.0)).collect())
        .unwrap_or_default();
    for name in params.keys() {
        if !is_id(name) || name.contains('-') {
            error(
                diags,
                "bad-id",
                Location::file(doc.file()),
                message_bad_id(name),
            )
            .set_text("bad-id", &[("id", name)]);
        }
    }
    params
}

/// `[[input]]`: the columns of an input row, and which of them are counted
/// from the questionnaire.
fn read_inputs(
    doc: &TomlDoc,
    cx: &Context,
    params: &BTreeMap<String, Decimal>,
    scheme_at: &Location,
    diags: &mut Vec<Diagnostic>,
) -> (Vec<InputColumn>, Vec<Derivation>) {
    let mut inputs: Vec<InputColumn> = Vec::new();
    let mut derivations = Vec::new();
    let raw_inputs = doc.array::<RawInput>("input", diags);
    for (at, r) in &raw_inputs {
        let id = r.id.get_ref();
        if !is_id(id) || id.contains('-') {
            error(diags, "bad-id", doc.at(r.id.span()), message_bad_id(id))
                .set_text("bad-id", &[("id", id)]);
        } else if IDENTITY.contains(&id.as_str()) {
            error(
                diags,
                "duplicate-id",
                doc.at(r.id.span()),
                format!("`{id}` is a fixed column of every input row"),
            )
            .set_text("nok-fixed-column", &[("id", id)]);
        } else if inputs.iter().any(|c| &c.id == id) || params.contains_key(id) {
            error(
                diags,
                "duplicate-id",
                doc.at(r.id.span()),
                format!("input column `{id}` is defined twice (or is also a parameter)"),
            )
            .set_text("nok-duplicate-input", &[("id", id)]);
            continue;
        }
        if let Some(m) = r.max {
            if m.0.is_sign_negative() {
                error(diags, "bad-value", at.clone(), "`max` cannot be negative")
                    .set_text::<&str>("nok-negative-max", &[]);
            }
        }
        let survey = survey_source(doc, cx, at, r, inputs.len(), &mut derivations, diags);
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
                )
                .set_text("nok-unknown-part-of", &[("id", p.get_ref())]);
            } else if p.get_ref() == r.id.get_ref() {
                error(
                    diags,
                    "bad-value",
                    doc.at(p.span()),
                    "a column cannot be a part of itself",
                )
                .set_text::<&str>("nok-part-of-itself", &[]);
            }
        }
    }
    if inputs.is_empty() {
        error(
            diags,
            "empty-list",
            scheme_at.clone(),
            "the НОК file lists no input columns ([[input]])",
        )
        .set_text::<&str>("nok-no-inputs", &[]);
    }
    (inputs, derivations)
}

/// The question an input column is counted from (`survey` and `count`),
/// recorded as a derivation of input number `input`.
fn survey_source(
    doc: &TomlDoc,
    cx: &Context,
    at: &Location,
    r: &RawInput,
    input: usize,
    derivations: &mut Vec<Derivation>,
    diags: &mut Vec<Diagnostic>,
) -> Option<SurveySource> {
    match (&r.survey, r.count) {
        (Some(q), Some(count)) => match cx.questions.iter().position(|x| &x.id == q.get_ref()) {
            Some(qi) => {
                if count == SurveyCount::Satisfied && cx.questions[qi].satisfied.is_empty() {
                    error(
                        diags,
                        "bad-question",
                        doc.at(q.span()),
                        format!(
                            "question `{}` says no answer counts as satisfied; give it `satisfied = [...]` in the questionnaire",
                            q.get_ref()
                        ),
                    ).set_text("nok-no-satisfied", &[("id", q.get_ref())]);
                }
                derivations.push(Derivation {
                    input,
                    question: qi,
                    count,
                });
                Some(SurveySource {
                    question: q.get_ref().clone(),
                    count,
                })
            }
            None => {
                let known: Vec<String> = cx.questions.iter().map(|x| x.id.clone()).collect();
                let suggestion = crate::filter::suggest(q.get_ref(), &known);
                let hint = suggestion
                    .map(|s| format!("; did you mean `{s}`?"))
                    .unwrap_or_default();
                let d = error(
                    diags,
                    "unknown-question",
                    doc.at(q.span()),
                    format!("the questionnaire has no question `{}`{hint}", q.get_ref()),
                );
                match suggestion {
                    Some(s) => d.set_text(
                        "unknown-question-suggest",
                        &[("id", q.get_ref().as_str()), ("suggestion", s)],
                    ),
                    None => d.set_text("unknown-question", &[("id", q.get_ref())]),
                };
                None
            }
        },
        (Some(q), None) => {
            error(
                diags,
                "missing-field",
                doc.at(q.span()),
                "a column counted from a question says what it counts: count = \"satisfied\" or \"base\"",
            ).set_text::<&str>("nok-count-missing", &[]);
            None
        }
        (None, Some(_)) => {
            error(
                diags,
                "missing-field",
                at.clone(),
                "`count` needs `survey` (the question it is counted from)",
            )
            .set_text::<&str>("nok-survey-missing", &[]);
            None
        }
        (None, None) => None,
    }
}

/// `[surveys]`: which questionnaires count, as written and compiled.
fn read_respondents(
    doc: &TomlDoc,
    cx: &Context,
    surveys: &mut SurveyRules,
    diags: &mut Vec<Diagnostic>,
) -> (Option<String>, Option<crate::filter::Pred>) {
    let respondents = doc
        .table::<RawSurveys>("surveys", diags)
        .and_then(|(_, s)| s.respondents);
    let filter = respondents.as_ref().and_then(|r| {
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
    (respondents.map(Spanned::into_inner), filter)
}

/// `[[choice]]`: the open points of the order, each decided by the package.
fn read_choices(doc: &TomlDoc, diags: &mut Vec<Diagnostic>) -> Vec<Choice> {
    let mut choices: Vec<Choice> = Vec::new();
    for (at, c) in doc.array::<RawChoice>("choice", diags) {
        let id = c.id.get_ref().clone();
        if !is_id(&id) {
            error(diags, "bad-id", doc.at(c.id.span()), message_bad_id(&id))
                .set_text("bad-id", &[("id", &id)]);
        }
        if choices.iter().any(|x| x.id == id) || BUILT_IN_POLICIES.contains(&id.as_str()) {
            error(
                diags,
                "duplicate-id",
                doc.at(c.id.span()),
                format!("policy `{id}` is defined twice (or is a built-in policy)"),
            )
            .set_text("nok-duplicate-policy", &[("id", &id)]);
            continue;
        }
        if c.options.is_empty() {
            error(
                diags,
                "empty-list",
                at.clone(),
                format!("choice `{id}` lists no options"),
            )
            .set_text("nok-choice-no-options", &[("id", &id)]);
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
            )
            .set_text(
                "nok-unknown-option",
                &[
                    ("option", c.chosen.get_ref().clone()),
                    ("id", id.clone()),
                    ("options", c.options.join(", ")),
                ],
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
    choices
}

/// Compiles the formulas of the НОК indicators against the input columns
/// and parameters.
struct Formulas<'d, 'a> {
    doc: &'d TomlDoc<'a>,
    cx: &'d Context<'d>,
    inputs: &'d [InputColumn],
    params: &'d BTreeMap<String, Decimal>,
    known: Vec<&'d str>,
}

impl<'d, 'a> Formulas<'d, 'a> {
    fn new(
        doc: &'d TomlDoc<'a>,
        cx: &'d Context<'d>,
        inputs: &'d [InputColumn],
        params: &'d BTreeMap<String, Decimal>,
    ) -> Self {
        let mut known: Vec<&str> = inputs.iter().map(|c| c.id.as_str()).collect();
        known.extend(params.keys().map(String::as_str));
        Formulas {
            doc,
            cx,
            inputs,
            params,
            known,
        }
    }

    fn arg(&self, name: &str) -> Arg {
        match self.inputs.iter().position(|c| c.id == name) {
            Some(i) => Arg::Input(i),
            None => Arg::Param(self.params.get(name).copied().unwrap_or_default()),
        }
    }

    /// One weighted part; a formula that does not compile is reported at its
    /// own line and column inside the file.
    fn part(
        &self,
        id: Option<String>,
        weight: Decimal,
        formula: &Spanned<String>,
        rule: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Part> {
        let location = self.doc.at(formula.span());
        match self
            .cx
            .runtime
            .compile_formula(formula.get_ref(), &self.known)
        {
            Ok(compiled) => Some(Part {
                id,
                weight,
                formula: formula.get_ref().clone(),
                args: compiled.inputs.iter().map(|n| self.arg(n)).collect(),
                compiled,
                location,
            }),
            Err(e) => {
                let code = if e.limit.is_some() {
                    "script-limit"
                } else {
                    "bad-formula"
                };
                let at = location.within(e.line.max(1), e.column);
                let mut d = Diagnostic::error(code, at, e.message).with_rule(rule);
                if let Some((text, args)) = &e.text {
                    d.set_text(text, args);
                }
                diags.push(d);
                None
            }
        }
    }
}

/// `[[indicator]]`: each with exactly one of a formula, weighted parts, or
/// formulas chosen by a policy.
fn read_indicators(
    doc: &TomlDoc,
    formulas: &Formulas,
    choices: &[Choice],
    diags: &mut Vec<Diagnostic>,
) -> Vec<NokIndicator> {
    let mut indicators: Vec<NokIndicator> = Vec::new();
    for (at, r) in doc.array::<RawIndicator>("indicator", diags) {
        let id = r.id.get_ref().clone();
        if !is_id(&id) {
            error(diags, "bad-id", doc.at(r.id.span()), message_bad_id(&id))
                .set_text("bad-id", &[("id", &id)]);
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
            )
            .set_text(
                "nok-duplicate-indicator",
                &[("id", id.as_str()), ("number", r.number.get_ref())],
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
            )
            .set_text::<&str>("nok-one-formula", &[]);
            continue;
        }
        if r.formulas.is_some() != r.choice.is_some() {
            error(
                diags,
                "conflict",
                at.clone(),
                "`formulas` (one per option) goes with `choice` (the policy that picks one)",
            )
            .set_text::<&str>("nok-formulas-choice", &[]);
            continue;
        }
        if let Some(cap) = r.cap {
            if cap.0.is_sign_negative() {
                error(diags, "bad-value", at.clone(), "`cap` cannot be negative")
                    .set_text::<&str>("nok-negative-cap", &[]);
            }
        }
        let variants = if let Some(f) = &r.formula {
            formulas
                .part(None, Decimal::ONE, f, &id, diags)
                .map(|p| Variant {
                    option: None,
                    parts: vec![p],
                })
                .into_iter()
                .collect()
        } else if let Some(parts) = &r.parts {
            vec![weighted_parts(doc, formulas, &r, parts, &at, &id, diags)]
        } else if let (Some(by_option), Some(choice)) = (&r.formulas, &r.choice) {
            chosen_variants(doc, formulas, choices, by_option, choice, &id, diags)
        } else {
            Vec::new()
        };
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
    indicators
}

/// An indicator of weighted parts: the weights are above 0 and add up to 1.
fn weighted_parts(
    doc: &TomlDoc,
    formulas: &Formulas,
    r: &RawIndicator,
    parts: &[RawPart],
    at: &Location,
    rule: &str,
    diags: &mut Vec<Diagnostic>,
) -> Variant {
    let mut compiled: Vec<Part> = Vec::new();
    let mut sum = Decimal::ZERO;
    for p in parts {
        sum += p.weight.0;
        if compiled
            .iter()
            .any(|x| x.id.as_deref() == Some(p.id.as_str()))
        {
            error(
                diags,
                "duplicate-id",
                doc.at(p.formula.span()),
                format!("part `{}` is given twice", p.id),
            )
            .set_text("nok-duplicate-part", &[("id", &p.id)]);
        }
        if p.weight.0 <= Decimal::ZERO {
            error(
                diags,
                "bad-weight",
                doc.at(p.formula.span()),
                "a weight is above 0",
            )
            .set_text::<&str>("nok-weight-positive", &[]);
        }
        if let Some(c) = formulas.part(Some(p.id.clone()), p.weight.0, &p.formula, rule, diags) {
            compiled.push(c);
        }
    }
    if parts.is_empty() {
        error(diags, "empty-list", at.clone(), "`parts` lists no part")
            .set_text::<&str>("nok-no-parts", &[]);
    } else if sum != Decimal::ONE {
        error(
            diags,
            "bad-weight",
            at.clone(),
            format!(
                "the weights of the parts of {} add up to {sum}, not 1",
                r.number.get_ref()
            ),
        )
        .set_text(
            "nok-part-weights",
            &[
                ("number", r.number.get_ref().to_string()),
                ("sum", sum.to_string()),
            ],
        );
    }
    Variant {
        option: None,
        parts: compiled,
    }
}

/// An indicator with a formula per option of a [[choice]].
fn chosen_variants(
    doc: &TomlDoc,
    formulas: &Formulas,
    choices: &[Choice],
    by_option: &BTreeMap<String, Spanned<String>>,
    choice: &Spanned<String>,
    rule: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Variant> {
    let Some(c) = choices.iter().find(|c| &c.id == choice.get_ref()) else {
        error(
            diags,
            "unknown-policy",
            doc.at(choice.span()),
            format!("there is no [[choice]] `{}`", choice.get_ref()),
        )
        .set_text("nok-unknown-choice", &[("id", choice.get_ref())]);
        return Vec::new();
    };
    let mut variants = Vec::new();
    for (option, f) in by_option {
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
            )
            .set_text(
                "nok-unknown-option",
                &[
                    ("option", option.clone()),
                    ("id", c.id.clone()),
                    ("options", c.options.join(", ")),
                ],
            );
            continue;
        }
        if let Some(p) = formulas.part(None, Decimal::ONE, f, rule, diags) {
            variants.push(Variant {
                option: Some(option.clone()),
                parts: vec![p],
            });
        }
    }
    variants
}

/// `[[criterion]]`: every indicator weighted in exactly one criterion.
fn read_criteria(
    doc: &TomlDoc,
    indicators: &mut [NokIndicator],
    scheme_at: &Location,
    diags: &mut Vec<Diagnostic>,
) -> Vec<NokCriterion> {
    let mut criteria: Vec<NokCriterion> = Vec::new();
    let mut placed: BTreeMap<usize, String> = BTreeMap::new();
    for (_, c) in doc.array::<RawCriterion>("criterion", diags) {
        let id = c.id.get_ref().clone();
        if !is_id(&id) {
            error(diags, "bad-id", doc.at(c.id.span()), message_bad_id(&id))
                .set_text("bad-id", &[("id", &id)]);
        }
        if criteria.iter().any(|x| x.id == id || x.number == c.number) {
            error(
                diags,
                "duplicate-id",
                doc.at(c.id.span()),
                format!("criterion `{id}` (number {}) is defined twice", c.number),
            )
            .set_text(
                "nok-duplicate-criterion",
                &[("id", id.clone()), ("number", c.number.to_string())],
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
                )
                .set_text("nok-criterion-weight-positive", &[("name", name)]);
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
                        )
                        .set_text("nok-weighted-twice", &[("name", name), ("other", other)]);
                    }
                    placed.insert(i, id.clone());
                    members.push((i, w.0));
                }
                None => {
                    error(
                        diags,
                        "unknown-indicator",
                        weights_at.clone(),
                        format!(
                            "criterion `{id}` weighs `{name}`, which is not an indicator of the НОК file"
                        ),
                    )
                    .set_text("nok-criterion-unknown-indicator", &[("id", &id), ("name", name)]);
                }
            }
        }
        if sum != Decimal::ONE {
            error(
                diags,
                "bad-weight",
                weights_at.clone(),
                format!("the weights of criterion `{id}` add up to {sum}, not 1"),
            )
            .set_text(
                "nok-criterion-weights",
                &[("id", id.clone()), ("sum", sum.to_string())],
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
            )
            .set_text("nok-unused-indicator", &[("number", &ind.number)]);
        }
    }
    if criteria.is_empty() {
        error(
            diags,
            "empty-list",
            scheme_at.clone(),
            "the НОК file lists no criteria ([[criterion]])",
        )
        .set_text::<&str>("nok-no-criteria", &[]);
    }
    criteria
}

/// `total` of `[scheme]`: the mean of the criteria, or weights that cover
/// every criterion and add up to 1.
fn read_total(
    doc: &TomlDoc,
    total: Option<Spanned<RawTotal>>,
    criteria: &[NokCriterion],
    diags: &mut Vec<Diagnostic>,
) -> TotalRule {
    let Some(t) = total else {
        return TotalRule::Mean;
    };
    let at = doc.at(t.span());
    let weights = match t.into_inner() {
        RawTotal::Named(n) if n == "mean" => return TotalRule::Mean,
        RawTotal::Named(n) => {
            error(
                diags,
                "bad-value",
                at,
                format!("`total = \"{n}\"`: write \"mean\" or a table of criterion weights"),
            )
            .set_text("nok-bad-total", &[("name", &n)]);
            return TotalRule::Mean;
        }
        RawTotal::Weights(w) => w,
    };
    let mut sum = Decimal::ZERO;
    let mut out = Vec::new();
    for (name, v) in weights {
        sum += v.0;
        if !criteria.iter().any(|c| c.id == name) {
            error(
                diags,
                "unknown-criterion",
                at.clone(),
                format!("`{name}` is not a criterion"),
            )
            .set_text("nok-unknown-criterion", &[("name", &name)]);
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
        )
        .set_text("nok-total-weights", &[("sum", sum.to_string())]);
    }
    let missing: BTreeSet<&str> = criteria
        .iter()
        .map(|c| c.id.as_str())
        .filter(|c| !out.iter().any(|w| w.id == *c))
        .collect();
    if !missing.is_empty() {
        let missing = missing.into_iter().collect::<Vec<_>>().join(", ");
        error(
            diags,
            "bad-weight",
            at,
            format!("the total gives no weight to {missing}"),
        )
        .set_text("nok-total-missing", &[("criteria", missing)]);
    }
    TotalRule::Weighted(out)
}

/// `[[band]]`: rating bands, highest minimum first.
fn read_bands(doc: &TomlDoc, diags: &mut Vec<Diagnostic>) -> Vec<RatingBand> {
    let mut bands: Vec<RatingBand> = doc
        .array::<RawBand>("band", diags)
        .into_iter()
        .map(|(_, b)| RatingBand {
            name: b.name,
            min: b.min.0,
        })
        .collect();
    bands.sort_by_key(|b| std::cmp::Reverse(b.min));
    bands
}
