//! The questionnaire behind the survey shares: which answers count as
//! satisfied, which count as answered, the skip rules, and the base of each
//! share; and the one native pass that derives, per organisation, every
//! survey count and base of the НОК input from the raw `surveys` table.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::data::{Column, DataError, Dataset, Level, NULL_CODE, TableKind};
use crate::diagnostics::{Diagnostic, Location};
use crate::filter::{Binder, Bounds, Checker, Fields, ParamValue, Pred, parse_condition};
use crate::methodology::{Methodology, Question};
use crate::time::{CalendarIndex, Day, Period};

use super::policy::SkippedAnswers;

/// Who is in the base of a survey share.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BaseMode {
    /// Every respondent counted for the assessment.
    AllRespondents,
    /// Respondents who answered this question (an answer in `answered`).
    AnsweredItem,
    /// Respondents to whom the question applies: its skip rule (`asked_if`)
    /// holds, e.g. those who answered "yes" to "did you use the site?".
    FilterYes,
}

impl BaseMode {
    /// The name written in packages.
    pub fn name(self) -> &'static str {
        match self {
            BaseMode::AllRespondents => "all_respondents",
            BaseMode::AnsweredItem => "answered_item",
            BaseMode::FilterYes => "filter_yes",
        }
    }
}

/// One question as the counting pass uses it.
#[derive(Debug, Clone)]
pub(crate) struct QuestionRule {
    /// Field index in the survey table's fields.
    pub field: usize,
    /// Code literal indices of the answers that count as satisfied.
    pub satisfied: Vec<usize>,
    /// Code literal indices of the answers that count as answered.
    pub answered: Vec<usize>,
    pub asked_if: Option<Pred>,
    pub base: BaseMode,
}

/// The compiled questionnaire rules, aligned with the methodology's
/// questions, and the code literals their filters use.
#[derive(Debug, Clone, Default)]
pub(crate) struct SurveyRules {
    pub questions: Vec<QuestionRule>,
    pub codes: Vec<String>,
}

impl SurveyRules {
    pub fn code(&mut self, code: &str) -> usize {
        match self.codes.iter().position(|c| c == code) {
            Some(i) => i,
            None => {
                self.codes.push(code.to_string());
                self.codes.len() - 1
            }
        }
    }
}

/// Compiles a filter on the survey table (a skip rule, or which
/// respondents count) against its fields, with the package's parameters.
pub(crate) fn survey_filter(
    text: &str,
    at: &Location,
    fields: &Fields,
    params: &BTreeMap<String, ParamValue>,
    questions: &[Question],
    codes: &mut Vec<String>,
) -> Result<Pred, Diagnostic> {
    let closed = |f: usize| -> &'static [&'static str] {
        TableKind::Surveys
            .columns()
            .iter()
            .find(|c| c.name == fields.names[f])
            .map_or(&[], |c| c.values)
    };
    let mut checker = Checker {
        fields,
        params,
        codes,
        closed: &closed,
    };
    let place = |offset: usize| {
        let chars = text.get(..offset).map_or(0, |t| t.chars().count());
        at.within(1, chars as u32 + 1)
    };
    let pred = parse_condition(text)
        .and_then(|e| checker.condition(&e))
        .map_err(|e| {
            let at = place(e.span.start);
            e.diagnostic("bad-filter", at)
        })?;
    // A code compared with a question must be one of its answers.
    let mut bad = None;
    walk_codes(&pred, &mut |field, code| {
        let name = &fields.names[field];
        if let Some(q) = questions.iter().find(|q| &q.id == name) {
            let literal = &checker.codes[code];
            if bad.is_none() && !q.answers.contains(literal) {
                bad = Some((literal.clone(), name.clone(), q.answers.join(", ")));
            }
        }
    });
    match bad {
        Some((literal, name, answers)) => Err(Diagnostic::error(
            "bad-filter",
            place(0),
            format!("`{literal}` is not an answer of question `{name}`; it takes {answers}"),
        )
        .with_text(
            "filter-not-an-answer",
            &[("code", literal), ("question", name), ("answers", answers)],
        )),
        None => Ok(pred),
    }
}

fn walk_codes(p: &Pred, f: &mut impl FnMut(usize, usize)) {
    match p {
        Pred::And(items) | Pred::Or(items) => items.iter().for_each(|i| walk_codes(i, f)),
        Pred::Not(inner) => walk_codes(inner, f),
        Pred::Code { field, codes, .. } => codes.iter().for_each(|&c| f(*field, c)),
        _ => {}
    }
}

/// Checks the scoring keys of every question and compiles the skip rules.
pub(crate) fn compile(
    questions: &[Question],
    fields: &Fields,
    params: &BTreeMap<String, ParamValue>,
    diags: &mut Vec<Diagnostic>,
) -> SurveyRules {
    let mut rules = SurveyRules::default();
    for q in questions {
        let at = q.location.clone();
        let filter_at = q.asked_if_location.clone().unwrap_or_else(|| at.clone());
        // A problem: its English `message`, and its catalogue message `id`
        // with `args`.
        let mut problem = |message: String, id: &str, args: &[(&str, &str)]| {
            diags.push(
                Diagnostic::error("bad-question", at.clone(), message)
                    .with_text(id, args)
                    .with_rule(&q.id),
            );
        };
        let answers = q.answers.join(", ");
        for (key, list) in [("satisfied", &q.satisfied), ("answered", &q.answered)] {
            for a in list {
                if !q.answers.contains(a) {
                    problem(
                        format!(
                            "`{a}` in `{key}` is not an answer of question `{}`; it takes {answers}",
                            q.id,
                        ),
                        "question-not-an-answer",
                        &[
                            ("answer", a),
                            ("key", key),
                            ("id", &q.id),
                            ("answers", &answers),
                        ],
                    );
                }
            }
        }
        for a in &q.satisfied {
            if q.answers.contains(a) && !q.answered.contains(a) {
                problem(
                    format!(
                        "`{a}` counts as satisfied but not as answered; a satisfied answer is an answer"
                    ),
                    "question-satisfied-not-answered",
                    &[("answer", a)],
                );
            }
        }
        let base = match (q.base, &q.asked_if) {
            (Some(BaseMode::FilterYes), None) => {
                problem(
                    format!(
                        "question `{}` takes its base from its filter (`filter_yes`) but has no `asked_if`",
                        q.id
                    ),
                    "question-filter-base",
                    &[("id", &q.id)],
                );
                BaseMode::FilterYes
            }
            (Some(b), _) => b,
            (None, Some(_)) => BaseMode::FilterYes,
            (None, None) => BaseMode::AllRespondents,
        };
        let asked_if = q.asked_if.as_ref().and_then(|text| {
            match survey_filter(
                text,
                &filter_at,
                fields,
                params,
                questions,
                &mut rules.codes,
            ) {
                Ok(p) => Some(p),
                Err(d) => {
                    diags.push(d.with_rule(&q.id));
                    None
                }
            }
        });
        let field = fields
            .names
            .iter()
            .position(|n| n == &q.id)
            .unwrap_or_default();
        let satisfied = q.satisfied.iter().map(|a| rules.code(a)).collect();
        let answered = q.answered.iter().map(|a| rules.code(a)).collect();
        rules.questions.push(QuestionRule {
            field,
            satisfied,
            answered,
            asked_if,
            base,
        });
    }
    rules
}

/// What a survey count of the НОК input counts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyCount {
    /// Respondents whose answer counts as satisfied.
    Satisfied,
    /// Respondents in the base of the question's share.
    Base,
}

/// The survey counts of one organisation in one period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSurveyCounts {
    /// Organisation id.
    pub org: String,
    /// Questionnaires counted for the assessment.
    pub respondents: i64,
    /// Every survey count of the НОК input, by input column.
    pub counts: BTreeMap<String, i64>,
    /// Per question, answers given although its skip rule says it was not
    /// asked (handled by the `skipped_answers` policy).
    pub skipped_answers: BTreeMap<String, i64>,
}

/// Survey counts of every organisation with at least one counted
/// questionnaire in a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SurveyCounts {
    /// The period.
    pub period: Period,
    /// Organisations in tree order.
    pub orgs: Vec<OrgSurveyCounts>,
}

/// What one input column derives from: question index and count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Derivation {
    pub input: usize,
    pub question: usize,
    pub count: SurveyCount,
}

/// One pass over the survey table: per organisation, the satisfied and
/// base counts of every question a derivation reads.
pub(crate) fn count(
    m: &Methodology,
    data: &Dataset,
    period: Period,
    respondents: Option<&Pred>,
    skipped: SkippedAnswers,
    derivations: &[Derivation],
    input_names: &[String],
) -> Result<SurveyCounts, DataError> {
    // Problems of the surveys name their file and line, as at evaluation.
    let placed = |e| data.sources().locate(e);
    crate::evaluate::contract::check_questionnaire(m, data).map_err(placed)?;
    let binding = crate::evaluate::bind::bind(m, data).map_err(placed)?;
    let rules = &m.inner.scoring.surveys;
    let codes: Vec<Option<u32>> = rules.codes.iter().map(|c| data.codes.get(c)).collect();
    let table = data.table(TableKind::Surveys);
    let columns = &binding.columns[TableKind::Surveys.index()];
    let (start, end) = (Day::of(period.start()).0, Day::of(period.end()).0);
    let calendar = CalendarIndex::new(m.calendar(), Day(start - 366), Day(end + 366));
    let binder = Binder {
        table,
        columns,
        codes: &codes,
    };
    let bounds = Bounds { start, end };
    let respondents = respondents.map(|p| p.lower(&binder));
    let asked_if: Vec<_> = rules
        .questions
        .iter()
        .map(|q| q.asked_if.as_ref().map(|p| p.lower(&binder)))
        .collect();
    let answered_on = match table.column("answered_on") {
        Some(Column::Date(v)) => v.as_slice(),
        _ => &[],
    };
    let units = table.units();
    let tree = data.tree();
    // The questions read, each once.
    let mut used: Vec<usize> = derivations.iter().map(|d| d.question).collect();
    used.sort_unstable();
    used.dedup();
    let answers: Vec<Option<&[u32]>> = used
        .iter()
        .map(
            |&q| match columns[rules.questions[q].field].map(|c| &table.columns[c]) {
                Some(Column::Code(v)) => Some(v.as_slice()),
                _ => None,
            },
        )
        .collect();
    let is = |code: u32, list: &[usize]| list.iter().any(|&c| codes[c] == Some(code));
    // Per organisation: respondents, then per used question satisfied, base, skipped.
    let width = 1 + 3 * used.len();
    let mut acc = vec![0i64; tree.count(Level::Org) * width];
    for row in 0..table.len {
        let day = answered_on.get(row).copied().unwrap_or(i32::MIN);
        if day < start || day > end {
            continue;
        }
        if respondents
            .as_ref()
            .is_some_and(|p| !p.test(row, bounds, &calendar))
        {
            continue;
        }
        let org = tree.unit_ancestor(units[row] as usize, Level::Org);
        let slot = &mut acc[org * width..(org + 1) * width];
        slot[0] += 1;
        for (k, &q) in used.iter().enumerate() {
            let rule = &rules.questions[q];
            let answer = answers[k].map_or(NULL_CODE, |v| v[row]);
            let asked = asked_if[q]
                .as_ref()
                .is_none_or(|p| p.test(row, bounds, &calendar));
            let given = answer != NULL_CODE && is(answer, &rule.answered);
            let skipped_answer = !asked && answer != NULL_CODE;
            let counts = asked || (skipped_answer && skipped == SkippedAnswers::Count);
            let answered = given && counts;
            if answered && is(answer, &rule.satisfied) {
                slot[1 + 3 * k] += 1;
            }
            let in_base = match rule.base {
                BaseMode::AllRespondents => true,
                BaseMode::AnsweredItem => answered,
                BaseMode::FilterYes => asked || answered,
            };
            if in_base {
                slot[2 + 3 * k] += 1;
            }
            if skipped_answer {
                slot[3 + 3 * k] += 1;
            }
        }
    }
    let orgs = (0..tree.count(Level::Org))
        .filter(|&o| acc[o * width] > 0)
        .map(|o| {
            let slot = &acc[o * width..(o + 1) * width];
            let position = |q: usize| used.iter().position(|&u| u == q).unwrap_or_default();
            let counts = derivations
                .iter()
                .map(|d| {
                    let k = position(d.question);
                    let v = match d.count {
                        SurveyCount::Satisfied => slot[1 + 3 * k],
                        SurveyCount::Base => slot[2 + 3 * k],
                    };
                    (input_names[d.input].clone(), v)
                })
                .collect();
            let skipped_answers = used
                .iter()
                .enumerate()
                .filter(|(k, _)| slot[3 + 3 * k] > 0)
                .map(|(k, &q)| (m.questions()[q].id.clone(), slot[3 + 3 * k]))
                .collect();
            OrgSurveyCounts {
                org: tree.id(Level::Org, o).to_string(),
                respondents: slot[0],
                counts,
                skipped_answers,
            }
        })
        .collect();
    Ok(SurveyCounts { period, orgs })
}
