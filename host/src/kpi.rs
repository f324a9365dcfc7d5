//! The KPI of managers as a host asks for it: the period, the data, an
//! evaluation or none (then it is made), the НОК scores, and where the
//! on-time shares of the journal and of improvement plans come from. The
//! `etalon score kpi` command and both bindings call [`score_kpi`], so the
//! assembly of the KPI input is written once.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use etalon_core::journal::{JournalState, closed_on_time_by_org};
use etalon_core::scoring::{KpiError, KpiScores, KpiSources, NokScores, PlanError, PlanOrg};
use etalon_core::{
    Dataset, Evaluation, EvaluationError, EvaluationOptions, Message, Methodology, Period,
};
use rust_decimal::Decimal;

use crate::error::Envelope;
use crate::io::{JournalFileError, ScoringFileError};

/// Where the shares of deviations closed on time come from.
#[derive(Debug)]
pub enum JournalSource {
    /// Shares the host gives: from a journal it holds
    /// (`closed_on_time_by_org` at the end of the period), or as given
    /// (organisation → percent, checked with [`crate::given::share`]).
    Shares(BTreeMap<String, Decimal>),
    /// A file: a journal (`.jsonl`), or a table of shares (`org_id`,
    /// `share`; CSV or JSON).
    File(PathBuf),
}

/// Where the shares of improvement-plan measures executed on time come from.
#[derive(Debug)]
pub enum PlanSource<'a> {
    /// Shares the host gives or took from a plan's status.
    Shares(BTreeMap<String, Decimal>),
    /// A plan file and, if any, its executions; the status is taken at the
    /// end of the period.
    Files {
        /// The plan (TOML).
        plan: &'a Path,
        /// Its executions (CSV or JSON).
        executions: Option<&'a Path>,
    },
}

/// What the KPI is scored from.
#[derive(Debug)]
pub struct KpiRequest<'a> {
    /// The data: the organisation tree and, when no evaluation is given,
    /// the records to evaluate.
    pub data: &'a Dataset,
    /// The period scored.
    pub period: Period,
    /// The evaluation of the period; made from `data` when none is given.
    pub evaluation: Option<&'a Evaluation>,
    /// The НОК scores, if the scheme has НОК items.
    pub nok: Option<&'a NokScores>,
    /// The journal's on-time shares, if any.
    pub journal: Option<JournalSource>,
    /// The plans' on-time shares, if any.
    pub plans: Option<PlanSource<'a>>,
}

/// Why the KPI could not be scored.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum KpiRequestError {
    /// The evaluation of the period failed.
    #[error(transparent)]
    Evaluation(#[from] EvaluationError),
    /// The journal file cannot be read.
    #[error(transparent)]
    JournalFile(#[from] JournalFileError),
    /// A file of shares, a plan or its executions cannot be read.
    #[error(transparent)]
    File(#[from] ScoringFileError),
    /// The executions do not fit the plan.
    #[error(transparent)]
    Plan(#[from] PlanError),
    /// The values do not fit the KPI scheme.
    #[error(transparent)]
    Kpi(#[from] KpiError),
}

impl From<KpiRequestError> for Envelope {
    fn from(e: KpiRequestError) -> Self {
        match e {
            KpiRequestError::Evaluation(e) => e.into(),
            KpiRequestError::JournalFile(e) => e.into(),
            KpiRequestError::File(e) => e.into(),
            KpiRequestError::Plan(e) => e.into(),
            KpiRequestError::Kpi(e) => e.into(),
        }
    }
}

/// The period to score: the one asked, or the evaluation's; both given
/// must agree.
pub fn kpi_period(
    asked: Option<Period>,
    evaluation: Option<&Evaluation>,
) -> Result<Period, EvaluationError> {
    match (asked, evaluation) {
        (Some(p), Some(e)) if p != e.period => {
            let (asked, evaluated) = (p.to_string(), e.period.to_string());
            Err(EvaluationError::Request(Message::new(
                "kpi-other-period",
                &[("asked", &asked), ("evaluated", &evaluated)],
                format!("period {asked} is not the period of the evaluation given ({evaluated})"),
            )))
        }
        (Some(p), _) => Ok(p),
        (None, Some(e)) => Ok(e.period),
        (None, None) => Err(EvaluationError::Request(Message::new::<&str>(
            "kpi-no-period",
            &[],
            "give the period scored, or an evaluation of it",
        ))),
    }
}

/// The journal's on-time shares at the end of `period`.
fn journal_shares(
    source: JournalSource,
    period: Period,
) -> Result<BTreeMap<String, Decimal>, KpiRequestError> {
    Ok(match source {
        JournalSource::Shares(shares) => shares,
        JournalSource::File(path) if path.extension().is_some_and(|e| e == "jsonl") => {
            let decoded = crate::io::read_journal(&path)?;
            let state = JournalState::replay(&decoded.events);
            closed_on_time_by_org(&state, period.end())
        }
        JournalSource::File(path) => crate::io::read_shares(&path)?,
    })
}

/// The plans' on-time shares at the end of `period`.
fn plan_shares(
    source: PlanSource<'_>,
    data: &Dataset,
    period: Period,
) -> Result<BTreeMap<String, Decimal>, KpiRequestError> {
    Ok(match source {
        PlanSource::Shares(shares) => shares,
        PlanSource::Files { plan, executions } => {
            let plan = crate::io::read_plan(plan)?;
            let executions = match executions {
                Some(path) => crate::io::read_executions(path)?,
                None => Vec::new(),
            };
            plan.status(&PlanOrg::from_tree(data.tree()), &executions, period.end())?
                .shares()
        }
    })
}

/// KPI points of directors and heads for `request`.
pub fn score_kpi(m: &Methodology, request: KpiRequest<'_>) -> Result<KpiScores, KpiRequestError> {
    let KpiRequest {
        data,
        period,
        evaluation,
        nok,
        journal,
        plans,
    } = request;
    let own;
    let evaluation = match evaluation {
        Some(e) => e,
        None => {
            own = m.evaluate_with(data, &EvaluationOptions::new(period))?;
            &own
        }
    };
    let journal = journal.map(|j| journal_shares(j, period)).transpose()?;
    let plans = plans.map(|p| plan_shares(p, data, period)).transpose()?;
    let input = m.kpi_input(&KpiSources {
        tree: data.tree(),
        evaluation: Some(evaluation),
        nok,
        journal: journal.as_ref(),
        plans: plans.as_ref(),
    })?;
    Ok(m.score_kpi(&input)?)
}
