//! Improvement plans (планы мероприятий по улучшению качества): measures
//! adopted after an assessment, each with its criteria group, the finding
//! it answers, a term, the responsible, the expected result and a result
//! indicator; and their tracking: the status of every measure of every
//! organisation on a date, the overdue ones, the share executed on time,
//! and whether a result indicator reached its target in a later evaluation.
//!
//! A plan is data, not a rule of the package: it is read from a TOML file
//! ([`Plan::from_toml`]); executions are rows of a table (measure, org_id,
//! done_on, period).

use std::collections::BTreeMap;
use std::fmt;

use chrono::{Datelike, Days, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::kpi::KpiSource;
use super::nok::NokScores;
use super::table::TextTable;
use crate::Message;
use crate::data::{Level, OrgTree};
use crate::diagnostics::{Diagnostic, Diagnostics, Location};
use crate::evaluate::Evaluation;
use crate::methodology::Methodology;
use crate::package::source::TomlDoc;
use crate::package::values::{Num, TomlDate};
use crate::time::{Period, PeriodKind};

/// When a measure is due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "date")]
pub enum Term {
    /// «постоянно»: continuously; checked as the plan's `permanent` policy says.
    Permanent,
    /// «ежеквартально»: by the end of every quarter.
    Quarterly,
    /// «ежегодно до 31 декабря»: by 31 December of every year.
    Yearly,
    /// «до 31.12.2018»: once, by a date; also «в течение N дней после
    /// утверждения приказа», written `{ days_after_approval = N }` and
    /// dated from the plan's `approved_on`.
    By(NaiveDate),
    /// «по индивидуальным планам»: each organisation's own schedule; the
    /// plan sets no date, so the measure is listed but never due.
    Individual,
}

impl fmt::Display for Term {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Term::Permanent => f.write_str("permanent"),
            Term::Quarterly => f.write_str("quarterly"),
            Term::Yearly => f.write_str("yearly by 31 December"),
            Term::By(d) => write!(f, "by {d}"),
            Term::Individual => f.write_str("according to individual plans"),
        }
    }
}

/// How a permanent measure is checked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PermanentCheck {
    /// Its execution is confirmed every quarter, like a quarterly measure.
    Quarterly,
    /// It is never due: it is listed, but counts neither as on time nor as
    /// overdue.
    None,
}

/// Which way a result indicator should move when it has no fixed target.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// «повышение доли»: above its baseline.
    Increase,
    /// «снижение количества жалоб»: below its baseline.
    Decrease,
}

/// The target of a result indicator.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Target {
    /// At least this.
    pub min: Option<Decimal>,
    /// At most this.
    pub max: Option<Decimal>,
    /// Better than the baseline, in this direction.
    pub change: Option<Change>,
}

impl Target {
    /// The target in words (`≥ 75, above the baseline`), in English and as
    /// its catalogue message: the bounds are signs and numbers in every
    /// language, the change is said in words.
    pub fn message(&self) -> Message {
        let mut bounds = Vec::new();
        if let Some(m) = self.min {
            bounds.push(format!("≥ {m}"));
        }
        if let Some(m) = self.max {
            bounds.push(format!("≤ {m}"));
        }
        let bounds = bounds.join(", ");
        let change = match self.change {
            Some(Change::Increase) => Some(("increase", "above the baseline")),
            Some(Change::Decrease) => Some(("decrease", "below the baseline")),
            None => None,
        };
        match change {
            None => Message::new("plan-target-bounds", &[("bounds", &bounds)], bounds.clone()),
            Some((change, words)) if bounds.is_empty() => {
                Message::new("plan-target-change", &[("change", change)], words)
            }
            Some((change, words)) => Message::new(
                "plan-target-bounds-change",
                &[("bounds", bounds.as_str()), ("change", change)],
                format!("{bounds}, {words}"),
            ),
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message().english)
    }
}

/// A criteria group of a plan (the section headers of seed 003).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanGroup {
    /// Stable id.
    pub id: String,
    /// Its title as written in the plan.
    pub name: String,
    /// The НОК criterion it answers, if any (`k1`).
    pub criterion: Option<String>,
}

/// A measure of a plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanMeasure {
    /// Its number in the plan.
    pub number: u32,
    /// Its criteria group.
    pub group: String,
    /// What is to be done.
    pub name: String,
    /// The finding of the assessment it answers (основание).
    pub finding: String,
    /// When it is due.
    pub term: Term,
    /// The term as written in the plan.
    pub term_text: Option<String>,
    /// Who answers for it (a role or a person).
    pub responsible: String,
    /// The expected result.
    pub expected: String,
    /// The indicators of the result, as written.
    pub result: Option<String>,
    /// The result indicator the engine can check (`indicator:...`, `nok:...`).
    pub indicator: Option<KpiSource>,
    /// Its target.
    pub target: Option<Target>,
    /// Organisation types it applies to (empty: the plan's).
    pub org_types: Vec<String>,
}

/// An improvement plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    /// Stable id.
    pub id: String,
    /// Its title.
    pub name: String,
    /// Who approved it.
    pub approved_by: Option<String>,
    /// When.
    pub approved_on: Option<NaiveDate>,
    /// First day of the plan.
    pub from: NaiveDate,
    /// Last day of the plan.
    pub to: NaiveDate,
    /// How permanent measures are checked.
    pub permanent: PermanentCheck,
    /// Organisation types it applies to (empty: every organisation).
    pub org_types: Vec<String>,
    /// Organisations it applies to (empty: by type).
    pub orgs: Vec<String>,
    /// Criteria groups.
    pub groups: Vec<PlanGroup>,
    /// Measures.
    pub measures: Vec<PlanMeasure>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPlan {
    id: String,
    name: String,
    approved_by: Option<String>,
    approved_on: Option<TomlDate>,
    from: TomlDate,
    to: TomlDate,
    basis: Option<String>,
    permanent: Option<PermanentCheck>,
    org_types: Option<Vec<String>>,
    orgs: Option<Vec<String>>,
    responsible: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawGroup {
    id: String,
    name: String,
    criterion: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum RawTerm {
    Named(String),
    By { by: TomlDate },
    AfterApproval { days_after_approval: u32 },
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTarget {
    min: Option<Num>,
    max: Option<Num>,
    change: Option<Change>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMeasure {
    number: u32,
    group: Spanned<String>,
    name: String,
    finding: Option<String>,
    term: Spanned<RawTerm>,
    term_text: Option<String>,
    responsible: Option<String>,
    expected: String,
    result: Option<String>,
    indicator: Option<Spanned<String>>,
    target: Option<RawTarget>,
    org_types: Option<Vec<String>>,
}

impl Plan {
    /// Reads a plan from its TOML text; `file` names it in diagnostics.
    pub fn from_toml(file: &str, text: &str) -> Result<Plan, Diagnostics> {
        let mut diags = Vec::new();
        let plan = read(file, text, &mut diags);
        let diags: Diagnostics = diags.into();
        match plan {
            Some(p) if !diags.has_errors() => Ok(p),
            _ => Err(diags),
        }
    }

    /// A measure by number.
    pub fn measure(&self, number: u32) -> Option<&PlanMeasure> {
        self.measures.iter().find(|m| m.number == number)
    }

    /// Problems of the plan against a methodology: result indicators it
    /// does not have.
    pub fn check(&self, m: &Methodology) -> Diagnostics {
        let mut out = Vec::new();
        for measure in &self.measures {
            let known = match &measure.indicator {
                Some(KpiSource::Indicator(i)) => m.indicator(i).is_some(),
                Some(KpiSource::Nok(n)) => m.nok().is_some_and(|s| {
                    n == "total" || s.criterion(n).is_some() || s.indicator(n).is_some()
                }),
                _ => true,
            };
            if !known {
                let indicator = measure
                    .indicator
                    .as_ref()
                    .map(ToString::to_string)
                    .unwrap_or_default();
                out.push(
                    Diagnostic::error(
                        "unknown-indicator",
                        Location::file("plan"),
                        format!(
                            "measure {}: the methodology has no result indicator `{indicator}`",
                            measure.number
                        ),
                    )
                    .with_text(
                        "plan-unknown-indicator",
                        &[
                            ("number", measure.number.to_string()),
                            ("indicator", indicator),
                        ],
                    )
                    .with_rule(measure.number.to_string()),
                );
            }
        }
        out.into()
    }

    fn applies(&self, measure: &PlanMeasure, org: &PlanOrg) -> bool {
        if !self.orgs.is_empty() && !self.orgs.contains(&org.id) {
            return false;
        }
        let types = if measure.org_types.is_empty() {
            &self.org_types
        } else {
            &measure.org_types
        };
        types.is_empty() || org.org_type.as_ref().is_some_and(|t| types.contains(t))
    }

    /// The due dates of a measure within the plan, each with the first day
    /// of the period it covers.
    pub fn due_dates(&self, measure: &PlanMeasure) -> Vec<(NaiveDate, NaiveDate)> {
        let quarters = || {
            let mut out = Vec::new();
            let mut q = Period::containing(PeriodKind::Quarter, self.from);
            while q.end() <= self.to {
                out.push((q.start().max(self.from), q.end()));
                q = q.next();
            }
            out
        };
        match measure.term {
            Term::By(d) => vec![(self.from, d)],
            Term::Individual => Vec::new(),
            Term::Quarterly => quarters(),
            Term::Permanent => match self.permanent {
                PermanentCheck::Quarterly => quarters(),
                PermanentCheck::None => Vec::new(),
            },
            Term::Yearly => (self.from.year()..=self.to.year())
                .filter_map(|y| {
                    let end = NaiveDate::from_ymd_opt(y, 12, 31)?;
                    let start = NaiveDate::from_ymd_opt(y, 1, 1)?.max(self.from);
                    (end >= self.from && end <= self.to).then_some((start, end))
                })
                .collect(),
        }
    }
}

fn read(file: &str, text: &str, diags: &mut Vec<Diagnostic>) -> Option<Plan> {
    let doc = TomlDoc::parse(file, text, diags)?;
    doc.reject_unknown_keys(&["plan", "group", "measure"], diags);
    let Some((plan_at, raw)) = doc.table::<RawPlan>("plan", diags) else {
        if !diags.iter().any(|d| d.is_error()) {
            diags.push(
                Diagnostic::error(
                    "missing-section",
                    Location::file(file),
                    "a plan needs a [plan] section with id, name, from and to",
                )
                .with_text::<&str>("plan-missing-section", &[]),
            );
        }
        return None;
    };
    if raw.to.0 < raw.from.0 {
        diags.push(
            Diagnostic::error("bad-dates", plan_at.clone(), "`to` is before `from`")
                .with_text::<&str>("to-before-from", &[]),
        );
    }
    let groups: Vec<PlanGroup> = doc
        .array::<RawGroup>("group", diags)
        .into_iter()
        .map(|(_, g)| PlanGroup {
            id: g.id,
            name: g.name,
            criterion: g.criterion,
        })
        .collect();
    let mut measures: Vec<PlanMeasure> = Vec::new();
    for (at, r) in doc.array::<RawMeasure>("measure", diags) {
        let rule = r.number.to_string();
        // A `bad-measure` error at `at`: its English `message`, and the
        // catalogue message `text` with its values.
        let mut fail = |at: Location, message: String, text: &str, args: &[(&str, &str)]| {
            diags.push(
                Diagnostic::error("bad-measure", at, message)
                    .with_rule(&rule)
                    .with_text(text, args),
            );
        };
        if measures.iter().any(|m| m.number == r.number) {
            fail(
                at.clone(),
                format!("measure {} is listed twice", r.number),
                "plan-duplicate-measure",
                &[("number", &rule)],
            );
            continue;
        }
        if !groups.iter().any(|g| &g.id == r.group.get_ref()) {
            fail(
                doc.at(r.group.span()),
                format!("there is no [[group]] `{}`", r.group.get_ref()),
                "plan-unknown-group",
                &[("id", r.group.get_ref())],
            );
        }
        let term_at = doc.at(r.term.span());
        let term = match r.term.into_inner() {
            RawTerm::By { by } => Term::By(by.0),
            RawTerm::AfterApproval {
                days_after_approval,
            } => match raw
                .approved_on
                .and_then(|a| a.0.checked_add_days(Days::new(days_after_approval.into())))
            {
                Some(due) => Term::By(due),
                None => {
                    fail(
                        term_at,
                        "a term counted after the order's approval needs `approved_on` in [plan]"
                            .into(),
                        "plan-approved-on",
                        &[],
                    );
                    continue;
                }
            },
            RawTerm::Named(n) => match n.as_str() {
                "permanent" => Term::Permanent,
                "quarterly" => Term::Quarterly,
                "yearly" => Term::Yearly,
                "individual" => Term::Individual,
                other => {
                    fail(
                        term_at,
                        format!(
                            "`{other}` is not a term; write \"permanent\", \"quarterly\", \"yearly\", \"individual\", {{ by = 2018-12-31 }} or {{ days_after_approval = 30 }}"
                        ),
                        "plan-bad-term",
                        &[("term", other)],
                    );
                    continue;
                }
            },
        };
        let indicator = match &r.indicator {
            Some(s) => match s.get_ref().parse::<KpiSource>() {
                Ok(src @ (KpiSource::Indicator(_) | KpiSource::Nok(_))) => Some(src),
                Ok(_) => {
                    fail(
                        doc.at(s.span()),
                        "a result indicator is `indicator:<id>` or `nok:<figure>`".into(),
                        "plan-result-indicator",
                        &[],
                    );
                    None
                }
                Err(m) => {
                    fail(
                        doc.at(s.span()),
                        m,
                        "kpi-bad-source",
                        &[("value", s.get_ref())],
                    );
                    None
                }
            },
            None => None,
        };
        let target = r.target.map(|t| Target {
            min: t.min.map(|n| n.0),
            max: t.max.map(|n| n.0),
            change: t.change,
        });
        if target.is_some() && indicator.is_none() {
            fail(
                at.clone(),
                "a `target` needs an `indicator` to check it on".into(),
                "plan-target-indicator",
                &[],
            );
        }
        if let Some(t) = &target {
            if t.min.is_none() && t.max.is_none() && t.change.is_none() {
                fail(
                    at.clone(),
                    "a target needs min, max or change".into(),
                    "plan-target-empty",
                    &[],
                );
            }
        }
        let Some(finding) = r.finding.or_else(|| raw.basis.clone()) else {
            fail(
                at.clone(),
                "a measure says which finding it answers (`finding`, or the plan's `basis`)".into(),
                "plan-finding",
                &[],
            );
            continue;
        };
        let Some(responsible) = r.responsible.or_else(|| raw.responsible.clone()) else {
            fail(
                at.clone(),
                "a measure names who answers for it (`responsible`, or the plan's)".into(),
                "plan-responsible",
                &[],
            );
            continue;
        };
        measures.push(PlanMeasure {
            number: r.number,
            group: r.group.into_inner(),
            name: r.name,
            finding,
            term,
            term_text: r.term_text,
            responsible,
            expected: r.expected,
            result: r.result,
            indicator,
            target,
            org_types: r.org_types.unwrap_or_default(),
        });
    }
    if measures.is_empty() {
        diags.push(
            Diagnostic::error("empty-list", plan_at, "the plan lists no measures")
                .with_text::<&str>("plan-no-measures", &[]),
        );
    }
    Some(Plan {
        id: raw.id,
        name: raw.name,
        approved_by: raw.approved_by,
        approved_on: raw.approved_on.map(|d| d.0),
        from: raw.from.0,
        to: raw.to.0,
        permanent: raw.permanent.unwrap_or(PermanentCheck::Quarterly),
        org_types: raw.org_types.unwrap_or_default(),
        orgs: raw.orgs.unwrap_or_default(),
        groups,
        measures,
    })
}

/// An organisation a plan may apply to.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanOrg {
    /// Organisation id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its type.
    pub org_type: Option<String>,
}

impl PlanOrg {
    /// Every organisation of a tree.
    pub fn from_tree(tree: &OrgTree) -> Vec<PlanOrg> {
        tree.orgs()
            .iter()
            .map(|o| PlanOrg {
                id: o.id.clone(),
                name: Some(o.name.clone()),
                org_type: Some(o.org_type.clone()),
            })
            .collect()
    }
}

/// A measure reported executed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Execution {
    /// The measure's number.
    pub measure: u32,
    /// The organisation.
    pub org: String,
    /// When it was done.
    pub done_on: NaiveDate,
    /// The period it covers, for a recurring measure (`2018-Q1`, `2018`);
    /// by default the period containing `done_on`.
    pub period: Option<Period>,
    /// A remark.
    pub note: Option<String>,
    /// Line of its file, for messages.
    pub line: Option<u64>,
}

/// A bad row of executions.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("executions{}: {message}", .line.map(|l| format!(", line {l}")).unwrap_or_default())]
pub struct PlanError {
    /// The line.
    pub line: Option<u64>,
    /// What is wrong.
    pub message: Message,
}

impl Execution {
    /// Reads executions from a table with the columns `measure`, `org_id`,
    /// `done_on`, and optionally `period` and `note`.
    pub fn read_table(table: &TextTable) -> Result<Vec<Execution>, PlanError> {
        for name in &table.header {
            if !["measure", "org_id", "done_on", "period", "note"].contains(&name.as_str()) {
                return Err(PlanError {
                    line: Some(1),
                    message: Message::new(
                        "plan-unknown-column",
                        &[("name", name)],
                        format!(
                            "unknown column `{name}`; the columns are measure, org_id, done_on, period, note"
                        ),
                    ),
                });
            }
        }
        let mut out = Vec::new();
        for (r, row) in table.rows.iter().enumerate() {
            let fail = |message: Message| PlanError {
                line: Some(row.line),
                message,
            };
            let missing = |column: &str| {
                fail(Message::new(
                    "plan-no-cell",
                    &[("column", column)],
                    format!("no `{column}`"),
                ))
            };
            let cell = |name: &str| table.get(r, name);
            let measure = cell("measure")
                .ok_or_else(|| missing("measure"))?
                .parse::<u32>()
                .map_err(|_| {
                    fail(Message::new::<&str>(
                        "plan-measure-number",
                        &[],
                        "`measure` is the measure's number",
                    ))
                })?;
            let org = cell("org_id").ok_or_else(|| missing("org_id"))?.to_string();
            let done = cell("done_on").ok_or_else(|| missing("done_on"))?;
            let done_on = NaiveDate::parse_from_str(done, "%Y-%m-%d")
                .or_else(|_| NaiveDate::parse_from_str(done, "%d.%m.%Y"))
                .map_err(|_| {
                    fail(Message::new(
                        "plan-not-a-date",
                        &[("text", done)],
                        format!("`{done}` is not a date such as 2018-03-31"),
                    ))
                })?;
            let period = match cell("period") {
                Some(p) => Some(p.parse::<Period>().map_err(|e| {
                    // The period reader's own message.
                    fail(Message::new(
                        "period-bad",
                        &[("text", &e.text)],
                        e.to_string(),
                    ))
                })?),
                None => None,
            };
            out.push(Execution {
                measure,
                org,
                done_on,
                period,
                note: cell("note").map(str::to_string),
                line: Some(row.line),
            });
        }
        Ok(out)
    }
}

/// Where one due date of a measure stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MeasureStatus {
    /// Done by its due date.
    OnTime,
    /// Not due yet, and not reported.
    Pending,
    /// Done, but after its due date.
    Late,
    /// Past its due date and not done.
    Overdue,
    /// The measure does not apply to the organisation.
    NotApplicable,
}

impl fmt::Display for MeasureStatus {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            MeasureStatus::OnTime => "on time",
            MeasureStatus::Pending => "pending",
            MeasureStatus::Late => "late",
            MeasureStatus::Overdue => "OVERDUE",
            MeasureStatus::NotApplicable => "n/a",
        })
    }
}

/// One due date of a measure for one organisation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Instance {
    /// The due date.
    pub due: NaiveDate,
    /// When it was done, if reported by the date of the status.
    pub done_on: Option<NaiveDate>,
    /// Where it stands.
    pub status: MeasureStatus,
}

/// One measure for one organisation on a date.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureState {
    /// The measure's number.
    pub number: u32,
    /// Its criteria group.
    pub group: String,
    /// Its term.
    pub term: Term,
    /// Where it stands: the worst of its due dates (overdue, late, on time),
    /// or pending when nothing is due yet.
    pub status: MeasureStatus,
    /// Its due dates up to the date of the status, and the next one.
    pub instances: Vec<Instance>,
    /// The next due date after the date of the status.
    pub next_due: Option<NaiveDate>,
}

/// A plan of one organisation on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct OrgPlanStatus {
    /// Organisation id.
    pub org: String,
    /// Its name.
    pub name: Option<String>,
    /// Every measure that applies.
    pub measures: Vec<MeasureState>,
    /// Due dates passed.
    pub due: u32,
    /// Of which done on time.
    pub on_time: u32,
    /// Share executed on time, percent (none when nothing was due).
    pub share_on_time: Option<Decimal>,
    /// Numbers of the overdue measures.
    pub overdue: Vec<u32>,
}

/// A plan's execution on a date.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanStatus {
    /// Plan id.
    pub plan: String,
    /// The date of the status.
    pub on: NaiveDate,
    /// Per organisation.
    pub orgs: Vec<OrgPlanStatus>,
    /// Due dates passed, all organisations.
    pub due: u32,
    /// Of which done on time.
    pub on_time: u32,
    /// Share executed on time, percent.
    pub share_on_time: Option<Decimal>,
}

impl PlanStatus {
    /// Per organisation, the share executed on time (the KPI's
    /// `plans:on_time`).
    pub fn shares(&self) -> BTreeMap<String, Decimal> {
        self.orgs
            .iter()
            .filter_map(|o| o.share_on_time.map(|s| (o.org.clone(), s)))
            .collect()
    }

    /// One organisation's status.
    pub fn org(&self, id: &str) -> Option<&OrgPlanStatus> {
        self.orgs.iter().find(|o| o.org == id)
    }

    /// The deterministic JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

fn share(part: u32, whole: u32) -> Option<Decimal> {
    (whole > 0)
        .then(|| (Decimal::from(part) * Decimal::ONE_HUNDRED / Decimal::from(whole)).normalize())
}

impl Plan {
    /// Where every measure of every organisation stands on `on`, from the
    /// executions reported (those done after `on` are not yet known).
    pub fn status(
        &self,
        orgs: &[PlanOrg],
        executions: &[Execution],
        on: NaiveDate,
    ) -> Result<PlanStatus, PlanError> {
        for e in executions {
            if self.measure(e.measure).is_none() {
                return Err(PlanError {
                    line: e.line,
                    message: Message::new(
                        "plan-no-measure",
                        &[("number", e.measure)],
                        format!("the plan has no measure {}", e.measure),
                    ),
                });
            }
            if !orgs.iter().any(|o| o.id == e.org) {
                return Err(PlanError {
                    line: e.line,
                    message: Message::new(
                        "plan-unknown-org",
                        &[("org", &e.org)],
                        format!(
                            "organisation `{}` is not among the plan's organisations",
                            e.org
                        ),
                    ),
                });
            }
        }
        let mut out = Vec::new();
        for org in orgs {
            let mut measures = Vec::new();
            for m in &self.measures {
                if !self.applies(m, org) {
                    continue;
                }
                let mut done: Vec<&Execution> = executions
                    .iter()
                    .filter(|e| e.measure == m.number && e.org == org.id && e.done_on <= on)
                    .collect();
                done.sort_by_key(|e| e.done_on);
                let mut instances = Vec::new();
                let mut next_due = None;
                let dues = self.due_dates(m);
                let mut used = vec![false; done.len()];
                for &(start, due) in &dues {
                    // The execution covering this due date: one naming its
                    // period, or else one done inside the period.
                    let covers = |e: &Execution| match (m.term, e.period) {
                        (Term::By(_), _) => true,
                        (_, Some(p)) => p.start() <= due && p.end() >= start,
                        (_, None) => e.done_on >= start && e.done_on <= due,
                    };
                    let found = (0..done.len()).find(|&i| !used[i] && covers(done[i]));
                    if let Some(i) = found {
                        used[i] = true;
                    }
                    let done_on = found.map(|i| done[i].done_on);
                    let status = match done_on {
                        Some(d) if d <= due => MeasureStatus::OnTime,
                        Some(_) => MeasureStatus::Late,
                        None if due < on => MeasureStatus::Overdue,
                        None => MeasureStatus::Pending,
                    };
                    if due >= on && status == MeasureStatus::Pending {
                        next_due.get_or_insert(due);
                        continue;
                    }
                    instances.push(Instance {
                        due,
                        done_on,
                        status,
                    });
                }
                let status = instances
                    .iter()
                    .filter(|i| i.due < on || i.status != MeasureStatus::Pending)
                    .map(|i| i.status)
                    .max_by_key(|s| match s {
                        MeasureStatus::Overdue => 3,
                        MeasureStatus::Late => 2,
                        MeasureStatus::OnTime => 1,
                        _ => 0,
                    })
                    .unwrap_or(MeasureStatus::Pending);
                measures.push(MeasureState {
                    number: m.number,
                    group: m.group.clone(),
                    term: m.term,
                    status,
                    instances,
                    next_due,
                });
            }
            let counted = |s: &MeasureState| -> (u32, u32) {
                let due: Vec<&Instance> = s.instances.iter().filter(|i| i.due <= on).collect();
                let on_time = due
                    .iter()
                    .filter(|i| i.status == MeasureStatus::OnTime)
                    .count();
                (due.len() as u32, on_time as u32)
            };
            let (due, on_time) = measures
                .iter()
                .map(counted)
                .fold((0, 0), |a, b| (a.0 + b.0, a.1 + b.1));
            if measures.is_empty() {
                continue;
            }
            out.push(OrgPlanStatus {
                org: org.id.clone(),
                name: org.name.clone(),
                overdue: measures
                    .iter()
                    .filter(|s| s.status == MeasureStatus::Overdue)
                    .map(|s| s.number)
                    .collect(),
                measures,
                due,
                on_time,
                share_on_time: share(on_time, due),
            });
        }
        let due = out.iter().map(|o| o.due).sum();
        let on_time = out.iter().map(|o| o.on_time).sum();
        Ok(PlanStatus {
            plan: self.id.clone(),
            on,
            orgs: out,
            due,
            on_time,
            share_on_time: share(on_time, due),
        })
    }

    /// For every measure with a result indicator and every organisation it
    /// applies to: the indicator in a later evaluation (and its НОК), and
    /// whether it reached its target. A target relative to the baseline
    /// reads the baseline's values.
    pub fn results(
        &self,
        orgs: &[PlanOrg],
        later: &ResultValues,
        baseline: Option<&ResultValues>,
    ) -> Vec<ResultCheck> {
        let mut out = Vec::new();
        for m in &self.measures {
            let (Some(source), Some(target)) = (&m.indicator, &m.target) else {
                continue;
            };
            for org in orgs.iter().filter(|o| self.applies(m, o)) {
                let value = later.value(&org.id, source);
                let base = baseline.and_then(|b| b.value(&org.id, source));
                // Already at the best value (100 → 100 where the target
                // is 100, 0 → 0 where it is 0) cannot move and is reached.
                let best = later.best(&org.id, source);
                let reached = value.and_then(|v| {
                    let mut ok =
                        target.min.is_none_or(|t| v >= t) && target.max.is_none_or(|t| v <= t);
                    let at_best = best == Some(v);
                    match target.change {
                        Some(Change::Increase) => ok &= v > base? || (v == base? && at_best),
                        Some(Change::Decrease) => ok &= v < base? || (v == base? && at_best),
                        None => {}
                    }
                    Some(ok)
                });
                let words = target.message();
                out.push(ResultCheck {
                    measure: m.number,
                    org: org.id.clone(),
                    indicator: source.to_string(),
                    target: words.english,
                    target_text: Some(words.text),
                    baseline: base,
                    value,
                    reached,
                });
            }
        }
        out
    }
}

/// The values a result check reads: an evaluation and, for `nok:` figures,
/// the НОК scores.
#[derive(Debug, Clone, Copy, Default)]
pub struct ResultValues<'a> {
    /// An evaluation (organisation-level values of its period).
    pub evaluation: Option<&'a Evaluation>,
    /// НОК scores.
    pub nok: Option<&'a NokScores>,
}

impl ResultValues<'_> {
    /// The best value the figure can take: an indicator's reference target
    /// in the evaluation, 100 points for the НОК.
    fn best(&self, org: &str, source: &KpiSource) -> Option<Decimal> {
        match source {
            KpiSource::Indicator(i) => {
                self.evaluation?
                    .value(Level::Org, org, i)?
                    .reference
                    .as_ref()?
                    .target
            }
            KpiSource::Nok(_) => Some(Decimal::from(100)),
            _ => None,
        }
    }

    fn value(&self, org: &str, source: &KpiSource) -> Option<Decimal> {
        match source {
            KpiSource::Indicator(i) => self.evaluation?.value(Level::Org, org, i)?.value,
            KpiSource::Nok(n) => {
                let o = self.nok?.org(org)?;
                if n == "total" {
                    o.total
                } else {
                    o.criterion(n)
                        .or_else(|| o.indicator(n).and_then(|i| i.value))
                }
            }
            _ => None,
        }
    }
}

/// Whether a result indicator reached its target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ResultCheck {
    /// The measure.
    pub measure: u32,
    /// The organisation.
    pub org: String,
    /// The result indicator.
    pub indicator: String,
    /// Its target, in English.
    pub target: String,
    /// The catalogue message that says `target` in every language (not
    /// written out, as [`PolicyNote::text`](super::PolicyNote::text)).
    #[serde(skip)]
    pub target_text: Option<crate::Text>,
    /// Its baseline value.
    pub baseline: Option<Decimal>,
    /// Its value in the later evaluation.
    pub value: Option<Decimal>,
    /// Reached (none: no value, or no baseline for a change).
    pub reached: Option<bool>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_target_is_said_with_its_catalogue_message() {
        let d = |s: &str| Some(s.parse::<Decimal>().unwrap());
        let said = |t: Target| {
            let m = t.message();
            let args: Vec<(String, String)> = m.text.args.into_iter().collect();
            (t.to_string(), m.english, m.text.id, args)
        };
        let pair = |k: &str, v: &str| (k.to_string(), v.to_string());
        let target = |min, max, change| Target { min, max, change };
        assert_eq!(
            said(target(d("75"), None, None)),
            (
                "≥ 75".into(),
                "≥ 75".into(),
                "plan-target-bounds".into(),
                vec![pair("bounds", "≥ 75")]
            )
        );
        assert_eq!(
            said(target(d("1"), d("10"), None)),
            (
                "≥ 1, ≤ 10".into(),
                "≥ 1, ≤ 10".into(),
                "plan-target-bounds".into(),
                vec![pair("bounds", "≥ 1, ≤ 10")]
            )
        );
        assert_eq!(
            said(target(None, None, Some(Change::Decrease))),
            (
                "below the baseline".into(),
                "below the baseline".into(),
                "plan-target-change".into(),
                vec![pair("change", "decrease")]
            )
        );
        assert_eq!(
            said(target(d("75"), None, Some(Change::Increase))),
            (
                "≥ 75, above the baseline".into(),
                "≥ 75, above the baseline".into(),
                "plan-target-bounds-change".into(),
                vec![pair("bounds", "≥ 75"), pair("change", "increase")]
            )
        );
    }

    const PLAN: &str = r#"
        [plan]
        id = "p"
        name = "План"
        from = 2018-01-01
        to = 2018-12-31
        basis = "рекомендации Общественного совета"
        responsible = "директор"
        org_types = ["non_residential", "residential"]

        [[group]]
        id = "openness"
        name = "Открытость"
        criterion = "k1"

        [[measure]]
        number = 1
        group = "openness"
        name = "Стенды"
        term = "quarterly"
        expected = "актуальная информация"

        [[measure]]
        number = 2
        group = "openness"
        name = "Пандус"
        term = { by = 2018-06-30 }
        expected = "доступность"
        indicator = "nok:3.1"
        target = { min = 80 }

        [[measure]]
        number = 3
        group = "openness"
        name = "Отчёт"
        term = "yearly"
        expected = "отчёт"
        org_types = ["residential"]

        [[measure]]
        number = 4
        group = "openness"
        name = "Сайт"
        term = "permanent"
        expected = "сайт"
    "#;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn orgs() -> Vec<PlanOrg> {
        ["A", "B"]
            .iter()
            .zip(["non_residential", "residential"])
            .map(|(id, t)| PlanOrg {
                id: id.to_string(),
                name: None,
                org_type: Some(t.to_string()),
            })
            .collect()
    }

    fn done(measure: u32, org: &str, on: &str, period: Option<&str>) -> Execution {
        Execution {
            measure,
            org: org.into(),
            done_on: d(on),
            period: period.map(|p| p.parse().unwrap()),
            note: None,
            line: None,
        }
    }

    #[test]
    fn terms_become_due_dates() {
        let plan = Plan::from_toml("plan.toml", PLAN).unwrap_or_else(|e| panic!("{e}"));
        let q: Vec<NaiveDate> = plan
            .due_dates(&plan.measures[0])
            .iter()
            .map(|x| x.1)
            .collect();
        assert_eq!(
            q,
            [
                d("2018-03-31"),
                d("2018-06-30"),
                d("2018-09-30"),
                d("2018-12-31")
            ]
        );
        assert_eq!(
            plan.due_dates(&plan.measures[1]),
            [(d("2018-01-01"), d("2018-06-30"))]
        );
        assert_eq!(
            plan.due_dates(&plan.measures[2]),
            [(d("2018-01-01"), d("2018-12-31"))]
        );
        assert_eq!(plan.due_dates(&plan.measures[3]).len(), 4);
    }

    #[test]
    fn status_on_a_date_hand_computed() {
        let plan = Plan::from_toml("plan.toml", PLAN).unwrap();
        let executions = vec![
            done(1, "A", "2018-03-20", None),            // Q1 on time
            done(1, "A", "2018-07-05", Some("2018-Q2")), // Q2 late
            // Q3 of A: nothing → overdue on 2018-10-15
            done(2, "A", "2018-06-01", None), // by 30.06: on time
            done(4, "A", "2018-02-01", None),
            done(4, "A", "2018-05-01", None),
            done(4, "A", "2018-08-01", None),
            done(1, "B", "2018-03-31", None),
            done(1, "B", "2018-06-30", None),
            done(1, "B", "2018-09-30", None),
            done(2, "B", "2018-07-10", None), // late
            done(1, "A", "2018-12-01", None), // after the date: not yet known
        ];
        let s = plan.status(&orgs(), &executions, d("2018-10-15")).unwrap();
        let a = s.org("A").unwrap();
        let m1 = &a.measures[0];
        assert_eq!(m1.status, MeasureStatus::Overdue);
        assert_eq!(
            m1.instances.iter().map(|i| i.status).collect::<Vec<_>>(),
            [
                MeasureStatus::OnTime,
                MeasureStatus::Late,
                MeasureStatus::Overdue
            ]
        );
        assert_eq!(m1.next_due, Some(d("2018-12-31")));
        assert_eq!(a.measures[1].status, MeasureStatus::OnTime);
        // A is non-residential: measure 3 does not apply.
        assert!(a.measures.iter().all(|m| m.number != 3));
        assert_eq!(a.measures[2].status, MeasureStatus::OnTime);
        // A: due 3 (m1) + 1 (m2) + 3 (m4) = 7; on time 1 + 1 + 3 = 5.
        assert_eq!((a.due, a.on_time), (7, 5));
        assert_eq!(
            a.share_on_time.unwrap().round_dp(2),
            "71.43".parse().unwrap()
        );
        assert_eq!(a.overdue, [1]);
        let b = s.org("B").unwrap();
        assert_eq!(b.measures[1].status, MeasureStatus::Late);
        // Measure 3 (yearly) is not due yet on 15.10.
        let m3 = b.measures.iter().find(|m| m.number == 3).unwrap();
        assert_eq!(m3.status, MeasureStatus::Pending);
        assert_eq!(m3.next_due, Some(d("2018-12-31")));
        // B: m1 3 of 3, m2 late 0 of 1, m4 overdue 0 of 3 → 3 of 7.
        assert_eq!((b.due, b.on_time), (7, 3));
        assert_eq!(b.overdue, [4]);
        assert_eq!((s.due, s.on_time), (14, 8));
        assert_eq!(s.shares()["A"], a.share_on_time.unwrap());
    }

    #[test]
    fn result_indicators_against_their_targets() {
        use crate::scoring::nok::{NokData, NokOptions};
        let plan = Plan::from_toml("plan.toml", PLAN).unwrap();
        let m = crate::scoring::testkit::standard_nok();
        assert!(plan.check(&m).is_empty());
        let score = |items: i64| {
            let a =
                crate::scoring::nok::tests::worked_example("A").with("disab_facility_items", items);
            m.score_nok(&NokData::from_rows(vec![a]), &NokOptions::default())
                .unwrap()
        };
        let (before, after) = (score(3), score(4));
        let later = ResultValues {
            evaluation: None,
            nok: Some(&after),
        };
        let checks = plan.results(&orgs(), &later, None);
        // Measure 2 applies to A and B; B has no НОК row.
        assert_eq!(checks.len(), 2);
        assert_eq!(checks[0].value, Some(Decimal::from(80)));
        assert_eq!(checks[0].reached, Some(true));
        assert_eq!(checks[1].reached, None);
        let raised = Plan::from_toml(
            "plan.toml",
            &PLAN.replace(
                "target = { min = 80 }",
                "target = { change = \"increase\" }",
            ),
        )
        .unwrap();
        let base = ResultValues {
            evaluation: None,
            nok: Some(&before),
        };
        let checks = raised.results(&orgs(), &later, Some(&base));
        assert_eq!(checks[0].baseline, Some(Decimal::from(60)));
        assert_eq!(checks[0].reached, Some(true));
        let checks = raised.results(&orgs(), &later, None);
        assert_eq!(checks[0].reached, None);
        let unknown = Plan::from_toml("plan.toml", &PLAN.replace("nok:3.1", "nok:9.9")).unwrap();
        assert!(unknown.check(&m).has_errors());
    }

    #[test]
    fn permanent_measures_can_be_never_due() {
        let plan = Plan::from_toml(
            "plan.toml",
            &PLAN.replace("basis =", "permanent = \"none\"\nbasis ="),
        )
        .unwrap();
        let s = plan.status(&orgs(), &[], d("2018-10-15")).unwrap();
        let m4 = s
            .org("A")
            .unwrap()
            .measures
            .iter()
            .find(|m| m.number == 4)
            .unwrap();
        assert_eq!(m4.status, MeasureStatus::Pending);
        assert!(m4.instances.is_empty());
    }

    #[test]
    fn bad_plans_and_executions_are_refused() {
        let e = Plan::from_toml(
            "plan.toml",
            &PLAN.replace("term = \"yearly\"", "term = \"monthly\""),
        )
        .unwrap_err();
        assert!(e.to_string().contains("`monthly` is not a term"), "{e}");
        let e = Plan::from_toml(
            "plan.toml",
            &PLAN.replace(
                "group = \"openness\"\n        name = \"Пандус\"",
                "group = \"comfort\"\n        name = \"Пандус\"",
            ),
        )
        .unwrap_err();
        assert!(e.to_string().contains("no [[group]] `comfort`"), "{e}");
        let plan = Plan::from_toml("plan.toml", PLAN).unwrap();
        let e = plan
            .status(
                &orgs(),
                &[done(9, "A", "2018-01-01", None)],
                d("2018-10-15"),
            )
            .unwrap_err();
        assert!(e.to_string().contains("no measure 9"));
        let t =
            TextTable::from_csv("measure,org_id,done_on\n1,A,31.03.2018\n1,A,someday\n").unwrap();
        let e = Execution::read_table(&t).unwrap_err();
        assert_eq!(e.line, Some(3));
    }
}
