//! Scoring from Python: the independent assessment (НОК, Order 344н) from
//! counts or from a dataset's questionnaires, KPI points of managers, and
//! improvement plans with their status. Results as objects and as tables.
//!
//! Everything is computed by the Rust API (`Methodology::score_nok`,
//! `nok_from_surveys`, `kpi_input`, `score_kpi`, `Plan::status`, ...);
//! tables given from Python are read as text cells, exactly as the engine
//! reads the same tables from CSV files. Scoring runs with the GIL
//! released.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;
use etalon::error::Envelope;
use etalon::kpi::{JournalSource, KpiRequest, PlanSource, kpi_period};
use etalon::nok::{NokSource, NokTableSource};
use etalon::scoring::{
    Execution, NokError, NokOptions, PlanError, PlanOrg, ResultValues, TextTable,
};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::types::PyMapping;
use rust_decimal::Decimal;

use etalon::catalogue::{kpi_note, kpi_rule, policy_about, policy_note, policy_setting, said};

use crate::dataset::{Dataset, TextInput};
use crate::errors::{Error, guard};
use crate::evaluation::Evaluation;
use crate::language;
use crate::methodology::{Diagnostic, Methodology};
use crate::table::{Table, TableBuilder};

/// The word serde writes for a value of a unit enum (`on_time`,
/// `mean_of_directors`, ...): the same word as the JSON output.
pub(crate) fn word<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default()
}

/// A НОК error of rows given from Python: the table they were given as,
/// and the record's number as `row` (the engine counted it as a line).
fn nok_failure(error: NokError, table: &'static str) -> Error {
    Envelope::from(error).in_table(table).as_given_rows().into()
}

/// Executions of a plan given from Python: the record's number as `row`.
fn executions_failure(error: PlanError) -> Error {
    Envelope::from(error).as_given_rows().into()
}

/// A table of scoring input: a CSV or JSON file, or a table from Python.
pub(crate) enum Tabular {
    /// A file (read by `etalon::io`).
    File(PathBuf),
    /// A table or list of dicts, read as text cells.
    Given(TextInput),
}

impl Tabular {
    /// A path (`str` or `os.PathLike`) is a file; anything else must be an
    /// Arrow table or a list of dicts.
    pub(crate) fn read(name: &str, obj: &Bound<'_, PyAny>) -> PyResult<Tabular> {
        if let Ok(path) = obj.extract::<PathBuf>() {
            return Ok(Tabular::File(path));
        }
        Ok(Tabular::Given(TextInput::read(name, obj)?))
    }

    /// The rows as the engine's table of text (record `n` is line `n`).
    fn text(input: TextInput, table: &str) -> Result<TextTable, Error> {
        let (header, rows) = input.into_rows(table)?;
        Ok(etalon::given::text_table(header, rows))
    }

    /// The table as the host's НОК input named `table`.
    fn nok(self, table: &str) -> Result<NokTableSource, Error> {
        Ok(match self {
            Tabular::File(path) => NokTableSource::File(path),
            Tabular::Given(input) => NokTableSource::Given(Tabular::text(input, table)?),
        })
    }
}

/// НОК options from Python: the period and the policies set otherwise than
/// in the package (`{"zero_base": "zero", "decimals": 1}`).
fn nok_options(period: Option<&str>, policies: Option<&Bound<'_, PyAny>>) -> PyResult<NokOptions> {
    let mut options = NokOptions {
        period: period.map(crate::convert::period).transpose()?,
        ..NokOptions::default()
    };
    if let Some(policies) = policies.filter(|p| !p.is_none()) {
        let mapping = policies.cast::<PyMapping>().map_err(|_| {
            Error::Type("policies: give a mapping of policy ids to settings".into())
        })?;
        for item in mapping.items()?.iter() {
            let (k, v): (Bound<'_, PyAny>, Bound<'_, PyAny>) = item.extract()?;
            options
                .policies
                .insert(k.str()?.to_string(), v.str()?.to_string());
        }
    }
    Ok(options)
}

/// `Methodology.score_nok`: НОК scores from counts.
pub(crate) fn score_nok(
    py: Python<'_>,
    m: &Methodology,
    counts: &Bound<'_, PyAny>,
    period: Option<&str>,
    policies: Option<&Bound<'_, PyAny>>,
) -> PyResult<NokScores> {
    let counts = Tabular::read("counts", counts)?;
    let options = nok_options(period, policies)?;
    let m = m.inner.clone();
    let scores = py.detach(move || {
        guard(|| {
            let source = NokSource::Counts(counts.nok("nok")?);
            Ok(etalon::nok::score_nok(&m, source, &options)?)
        })
    })?;
    Ok(NokScores::new(scores))
}

/// `Methodology.score_nok_surveys`: НОК scores from a dataset's
/// questionnaires and a row of facts per organisation.
pub(crate) fn score_nok_surveys(
    py: Python<'_>,
    m: &Methodology,
    dataset: &Dataset,
    period: &str,
    facts: &Bound<'_, PyAny>,
    policies: Option<&Bound<'_, PyAny>>,
) -> PyResult<NokScores> {
    let facts = Tabular::read("facts", facts)?;
    let year = crate::convert::period(period)?;
    let options = nok_options(None, policies)?;
    let m = m.inner.clone();
    let data = Arc::clone(&dataset.inner);
    let scores = py.detach(move || {
        guard(|| {
            let source = NokSource::Surveys {
                data: &data,
                year,
                facts: facts.nok("nok_facts")?,
            };
            Ok(etalon::nok::score_nok(&m, source, &options)?)
        })
    })?;
    Ok(NokScores::new(scores))
}

/// `Methodology.nok_survey_counts`: the survey counts and bases of the НОК
/// input per organisation, counted from a dataset's questionnaires.
pub(crate) fn nok_survey_counts(
    py: Python<'_>,
    m: &Methodology,
    dataset: &Dataset,
    period: &str,
    policies: Option<&Bound<'_, PyAny>>,
) -> PyResult<Table> {
    let period = crate::convert::period(period)?;
    let options = nok_options(None, policies)?;
    let m = m.inner.clone();
    let data = Arc::clone(&dataset.inner);
    let counts = py.detach(move || {
        guard(|| {
            m.nok_survey_counts(&data, period, &options)
                .map_err(|e| nok_failure(e, "surveys"))
        })
    })?;
    let orgs = &counts.orgs;
    let columns: Vec<&String> = orgs
        .first()
        .map(|o| o.counts.keys().collect())
        .unwrap_or_default();
    let mut t = TableBuilder::new();
    t.text("org_id", orgs.iter().map(|o| Some(&o.org)))
        .text(
            "period",
            orgs.iter().map(|_| Some(counts.period.to_string())),
        )
        .int("respondents", orgs.iter().map(|o| Some(o.respondents)));
    for c in columns {
        t.int(c, orgs.iter().map(|o| o.counts.get(c).copied()));
    }
    Ok(t.finish()?)
}

/// Per organisation a share in percent (0..100) from Python: a mapping of
/// organisation ids to numbers.
fn shares(name: &str, value: &Bound<'_, PyAny>) -> PyResult<BTreeMap<String, Decimal>> {
    let mapping = value.cast::<PyMapping>().map_err(|_| {
        Error::Type(format!(
            "{name}: give a mapping of organisation ids to shares (percent)"
        ))
    })?;
    let mut out = BTreeMap::new();
    for item in mapping.items()?.iter() {
        let (k, v): (String, Bound<'_, PyAny>) = item.extract()?;
        let share: Decimal = match v.extract::<Decimal>() {
            Ok(d) => d,
            Err(_) => v.str()?.to_string().parse().map_err(|_| {
                PyValueError::new_err(format!("{name}: `{k}`: {v} is not a number"))
            })?,
        };
        let share = etalon::given::share(name, &k, share).map_err(Error::from)?;
        out.insert(k, share);
    }
    Ok(out)
}

/// Where the journal's on-time shares come from, as Python gave it.
enum JournalGiven {
    Journal(Arc<crate::journal::Shared>),
    Shares(BTreeMap<String, Decimal>),
    File(PathBuf),
}

/// `Methodology.score_kpi`: KPI points of directors and heads.
#[allow(clippy::too_many_arguments)]
pub(crate) fn score_kpi(
    py: Python<'_>,
    m: &Methodology,
    dataset: &Dataset,
    period: Option<&str>,
    evaluation: Option<&Evaluation>,
    nok: Option<&NokScores>,
    journal: Option<&Bound<'_, PyAny>>,
    plans: Option<&Bound<'_, PyAny>>,
) -> PyResult<KpiScores> {
    let period = period.map(crate::convert::period).transpose()?;
    let evaluation = evaluation.map(Evaluation::shared);
    let period =
        kpi_period(period, evaluation.as_deref().map(|e| &e.evaluation)).map_err(Error::from)?;
    let journal = match journal.filter(|j| !j.is_none()) {
        None => None,
        Some(j) => Some(if let Ok(j) = j.cast::<crate::journal::Journal>() {
            JournalGiven::Journal(j.get().shared())
        } else if let Ok(path) = j.extract::<PathBuf>() {
            JournalGiven::File(path)
        } else {
            JournalGiven::Shares(shares("journal", j)?)
        }),
    };
    let plans = match plans.filter(|p| !p.is_none()) {
        None => None,
        Some(p) => Some(match p.cast::<PlanStatus>() {
            Ok(s) => s.get().inner.shares(),
            Err(_) => shares("plans", p)?,
        }),
    };
    let nok = nok.map(|n| Arc::clone(&n.inner));
    let decimals = m.inner.kpi().map_or(1, |k| k.decimals);
    let m = m.inner.clone();
    let data = Arc::clone(&dataset.inner);
    let scores = py.detach(move || {
        guard(|| {
            let journal = match journal {
                None => None,
                Some(JournalGiven::Journal(j)) => Some(JournalSource::Shares(
                    j.closed_on_time_by_org(period.end())?,
                )),
                Some(JournalGiven::Shares(s)) => Some(JournalSource::Shares(s)),
                Some(JournalGiven::File(p)) => Some(JournalSource::File(p)),
            };
            let request = KpiRequest {
                data: &data,
                period,
                evaluation: evaluation.as_deref().map(|e| &e.evaluation),
                nok: nok.as_deref(),
                journal,
                plans: plans.map(PlanSource::Shares),
            };
            Ok(etalon::kpi::score_kpi(&m, request)?)
        })
    })?;
    Ok(KpiScores {
        inner: Arc::new(scores),
        decimals,
    })
}

/// A policy in force for a result.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct PolicySetting {
    /// Policy id (`zero_base`, `rounding`, `grid_2_2`, ...).
    #[pyo3(get)]
    id: String,
    inner: etalon::scoring::PolicySetting,
}

#[pymethods]
impl PolicySetting {
    /// Its setting (`reweight`, `2 decimals, half_away_from_zero`, ...), in
    /// the language chosen by :func:`set_language` (English in
    /// ``setting_en``; the package's spellings stay as written).
    #[getter]
    fn setting(&self) -> String {
        policy_setting(language::current(), &self.inner)
    }

    /// Its setting in English.
    #[getter]
    fn setting_en(&self) -> String {
        self.inner.setting.clone()
    }

    /// What it decides, in the language chosen (English in ``about_en``;
    /// a choice of the package: its name as the package writes it).
    #[getter]
    fn about(&self) -> String {
        policy_about(language::current(), &self.inner)
    }

    /// What it decides, in English.
    #[getter]
    fn about_en(&self) -> String {
        self.inner.about.clone()
    }

    fn __repr__(&self) -> String {
        format!("<etalon.PolicySetting {} = {}>", self.id, self.setting())
    }
}

/// A policy that changed a figure of one organisation.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct PolicyNote {
    /// Policy id.
    #[pyo3(get)]
    policy: String,
    /// The figure it touched (an indicator, a part, a criterion, the total).
    #[pyo3(get)]
    figure: String,
    /// What it did, in English.
    #[pyo3(get)]
    message_en: String,
    said: Option<etalon::Text>,
}

impl From<&etalon::scoring::PolicyNote> for PolicyNote {
    fn from(n: &etalon::scoring::PolicyNote) -> Self {
        PolicyNote {
            policy: n.policy.clone(),
            figure: n.figure.clone(),
            message_en: n.message.clone(),
            said: n.text.clone(),
        }
    }
}

#[pymethods]
impl PolicyNote {
    /// What it did, in the language chosen by :func:`set_language` (its
    /// English in ``message_en``).
    #[getter]
    fn message(&self) -> String {
        said(language::current(), &self.message_en, self.said.as_ref())
    }

    fn __str__(&self) -> String {
        format!("[{}] {}: {}", self.policy, self.figure, self.message())
    }

    fn __repr__(&self) -> String {
        format!("<etalon.PolicyNote {}>", self.__str__())
    }
}

/// One weighted part of a НОК indicator, as computed.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct NokPart {
    /// Part id, if the indicator has several (`stand`, `site`).
    id: Option<String>,
    /// Its weight in the indicator.
    weight: Decimal,
    /// The formula.
    formula: String,
    /// Its value (none for a zero base).
    value: Option<Decimal>,
    /// The inputs it read.
    inputs: BTreeMap<String, Decimal>,
}

#[pymethods]
impl NokPart {
    fn __repr__(&self) -> String {
        format!("<etalon.NokPart {}: {}>", self.formula, show(self.value))
    }
}

fn show(v: Option<Decimal>) -> String {
    v.map_or_else(|| "no value".to_string(), |d| d.normalize().to_string())
}

/// One НОК indicator of one organisation.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct NokIndicatorScore {
    /// Indicator id (`i1_1`).
    id: String,
    /// Its number in the order (`1.1`).
    number: String,
    /// Its criterion.
    criterion: String,
    /// Points, at full precision.
    value: Option<Decimal>,
    /// `scored`, `no_value` or `not_scored`.
    status: String,
    /// The points before the cap, when the cap cut them.
    uncapped: Option<Decimal>,
    /// The option of its choice policy in force, if it has one.
    option: Option<String>,
    /// How it was computed.
    parts: Vec<NokPart>,
}

impl From<&etalon::scoring::IndicatorScore> for NokIndicatorScore {
    fn from(i: &etalon::scoring::IndicatorScore) -> Self {
        NokIndicatorScore {
            id: i.id.clone(),
            number: i.number.clone(),
            criterion: i.criterion.clone(),
            value: i.value,
            status: word(&i.status),
            uncapped: i.uncapped,
            option: i.option.clone(),
            parts: i
                .parts
                .iter()
                .map(|p| NokPart {
                    id: p.id.clone(),
                    weight: p.weight,
                    formula: p.formula.clone(),
                    value: p.value,
                    inputs: p.inputs.clone(),
                })
                .collect(),
        }
    }
}

#[pymethods]
impl NokIndicatorScore {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.NokIndicatorScore {} ({}): {}>",
            self.number,
            self.id,
            show(self.value)
        )
    }
}

/// One НОК criterion of one organisation.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct NokCriterionScore {
    /// Criterion id (`k1`).
    id: String,
    /// Its number.
    number: u32,
    /// Points, at full precision.
    value: Option<Decimal>,
    /// The weights applied (after a policy left an indicator out).
    weights: BTreeMap<String, Decimal>,
}

#[pymethods]
impl NokCriterionScore {
    fn __repr__(&self) -> String {
        format!(
            "<etalon.NokCriterionScore {}: {}>",
            self.id,
            show(self.value)
        )
    }
}

/// The НОК scores of one organisation: indicators, criteria, total, ranks,
/// and where a policy changed a figure.
#[pyclass(frozen, module = "etalon")]
pub struct OrgNok {
    inner: etalon::scoring::OrgNok,
}

#[pymethods]
impl OrgNok {
    /// Organisation id.
    #[getter]
    fn org(&self) -> &str {
        &self.inner.org
    }

    /// Its name.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// Its group.
    #[getter]
    fn group(&self) -> Option<&str> {
        self.inner.group.as_deref()
    }

    /// Its sector (organisation type).
    #[getter]
    fn sector(&self) -> Option<&str> {
        self.inner.sector.as_deref()
    }

    /// The total, at full precision.
    #[getter]
    fn total(&self) -> Option<Decimal> {
        self.inner.total
    }

    /// Its rating band, if the package has bands.
    #[getter]
    fn band(&self) -> Option<&str> {
        self.inner.band.as_deref()
    }

    /// Rank in the region (1 is best; ties share a rank).
    #[getter]
    fn rank(&self) -> Option<u32> {
        self.inner.rank
    }

    /// Rank in its group.
    #[getter]
    fn rank_in_group(&self) -> Option<u32> {
        self.inner.rank_in_group
    }

    /// Rank in its sector.
    #[getter]
    fn rank_in_sector(&self) -> Option<u32> {
        self.inner.rank_in_sector
    }

    /// Questionnaires counted, when scored from questionnaires.
    #[getter]
    fn respondents(&self) -> Option<i64> {
        self.inner.respondents
    }

    /// The indicators, in package order.
    #[getter]
    fn indicators(&self) -> Vec<NokIndicatorScore> {
        self.inner
            .indicators
            .iter()
            .map(NokIndicatorScore::from)
            .collect()
    }

    /// The criteria, in package order.
    #[getter]
    fn criteria(&self) -> Vec<NokCriterionScore> {
        self.inner
            .criteria
            .iter()
            .map(|c| NokCriterionScore {
                id: c.id.clone(),
                number: c.number,
                value: c.value,
                weights: c.weights.iter().map(|w| (w.id.clone(), w.weight)).collect(),
            })
            .collect()
    }

    /// Where a policy changed a figure.
    #[getter]
    fn notes(&self) -> Vec<PolicyNote> {
        self.inner.notes.iter().map(PolicyNote::from).collect()
    }

    /// The input row.
    #[getter]
    fn inputs(&self) -> BTreeMap<String, Decimal> {
        self.inner.inputs.clone()
    }

    /// A criterion's points (`None` without a value or for no such criterion).
    fn criterion(&self, id: &str) -> Option<Decimal> {
        self.inner.criterion(id)
    }

    /// An indicator by id or number (`i3_3` or `3.3`).
    fn indicator(&self, id: &str) -> Option<NokIndicatorScore> {
        self.inner.indicator(id).map(NokIndicatorScore::from)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.OrgNok {}: total {}, rank {}>",
            self.inner.org,
            show(self.inner.total),
            self.inner
                .rank
                .map_or_else(|| "—".to_string(), |r| r.to_string())
        )
    }
}

/// The НОК figure of a group, a sector or the region: means over its
/// assessed organisations.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct NokFigure {
    /// `region`, `group` or `sector`.
    kind: String,
    /// Its id (an organisation type for a sector).
    id: String,
    /// Its name, when known.
    name: Option<String>,
    /// Organisations assessed in it.
    organisations: u32,
    /// Mean of the totals (over organisations with a total).
    total: Option<Decimal>,
    /// Organisations with a total.
    with_total: u32,
    /// Means of the criteria, by criterion id.
    criteria: BTreeMap<String, Option<Decimal>>,
    /// Means of the indicators, by indicator id.
    indicators: BTreeMap<String, Option<Decimal>>,
    /// Rank among the groups of the region (groups only).
    rank: Option<u32>,
}

impl From<&etalon::scoring::NokFigure> for NokFigure {
    fn from(f: &etalon::scoring::NokFigure) -> Self {
        NokFigure {
            kind: f.kind.clone(),
            id: f.id.clone(),
            name: f.name.clone(),
            organisations: f.organisations,
            total: f.total,
            with_total: f.with_total,
            criteria: f.criteria.iter().map(|c| (c.id.clone(), c.value)).collect(),
            indicators: f
                .indicators
                .iter()
                .map(|c| (c.id.clone(), c.value))
                .collect(),
            rank: f.rank,
        }
    }
}

#[pymethods]
impl NokFigure {
    /// A criterion's mean.
    fn criterion(&self, id: &str) -> Option<Decimal> {
        self.criteria.get(id).copied().flatten()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.NokFigure {} {}: total {} ({} org.)>",
            self.kind,
            self.id,
            show(self.total),
            self.organisations
        )
    }
}

/// НОК figures as a table: one row each, with one column per criterion
/// (the criteria of the first figure; every figure of one scheme has them).
pub(crate) fn figures_table(f: Vec<&etalon::scoring::NokFigure>) -> PyResult<Table> {
    let criteria: Vec<String> = f
        .first()
        .map(|x| x.criteria.iter().map(|c| c.id.clone()).collect())
        .unwrap_or_default();
    let mut t = TableBuilder::new();
    t.text("kind", f.iter().map(|x| Some(&x.kind)))
        .text("id", f.iter().map(|x| Some(&x.id)))
        .text("name", f.iter().map(|x| x.name.as_ref()))
        .int(
            "organisations",
            f.iter().map(|x| Some(i64::from(x.organisations))),
        )
        .int(
            "with_total",
            f.iter().map(|x| Some(i64::from(x.with_total))),
        )
        .decimal("total", f.iter().map(|x| x.total))
        .int("rank", f.iter().map(|x| x.rank.map(i64::from)));
    for c in criteria {
        t.decimal(&c, f.iter().map(|x| x.criterion(&c)));
    }
    Ok(t.finish()?)
}

/// The НОК scores of a period: organisations, groups, sectors, the region,
/// the ranking, and the policies in force with every figure they changed.
#[pyclass(frozen, module = "etalon")]
pub struct NokScores {
    pub(crate) inner: Arc<etalon::scoring::NokScores>,
}

impl NokScores {
    pub(crate) fn new(inner: etalon::scoring::NokScores) -> Self {
        NokScores {
            inner: Arc::new(inner),
        }
    }

    /// Criterion ids in package order.
    fn criterion_ids(&self) -> Vec<String> {
        self.inner
            .region
            .criteria
            .iter()
            .map(|c| c.id.clone())
            .collect()
    }

    fn orgs_sorted(&self) -> Vec<&etalon::scoring::OrgNok> {
        let mut order: Vec<&etalon::scoring::OrgNok> = self.inner.organisations.iter().collect();
        order.sort_by_key(|o| (o.rank.unwrap_or(u32::MAX), o.org.clone()));
        order
    }
}

#[pymethods]
impl NokScores {
    /// The assessment period.
    #[getter]
    fn period(&self) -> String {
        self.inner.period.to_string()
    }

    /// Package id.
    #[getter]
    fn package(&self) -> &str {
        &self.inner.scheme.package
    }

    /// Package version.
    #[getter]
    fn version(&self) -> &str {
        &self.inner.scheme.version
    }

    /// Scheme id (`nok_344n`).
    #[getter]
    fn scheme(&self) -> &str {
        &self.inner.scheme.scheme
    }

    /// Scheme name.
    #[getter]
    fn scheme_name(&self) -> &str {
        &self.inner.scheme.name
    }

    /// Edition of the order the scheme follows.
    #[getter]
    fn edition(&self) -> &str {
        &self.inner.scheme.edition
    }

    /// The policies in force.
    #[getter]
    fn policies(&self) -> Vec<PolicySetting> {
        self.inner
            .policies
            .iter()
            .map(|p| PolicySetting {
                id: p.id.clone(),
                inner: p.clone(),
            })
            .collect()
    }

    /// Rounding for display: (decimals, mode).
    #[getter]
    fn rounding(&self) -> (u32, &'static str) {
        (
            self.inner.rounding.decimals,
            self.inner.rounding.mode.name(),
        )
    }

    /// The region.
    #[getter]
    fn region(&self) -> NokFigure {
        (&self.inner.region).into()
    }

    /// Groups, by id.
    #[getter]
    fn groups(&self) -> Vec<NokFigure> {
        self.inner.groups.iter().map(NokFigure::from).collect()
    }

    /// Sectors (organisation types), by id.
    #[getter]
    fn sectors(&self) -> Vec<NokFigure> {
        self.inner.sectors.iter().map(NokFigure::from).collect()
    }

    /// Organisations, in input order.
    #[getter]
    fn organisations(&self) -> Vec<OrgNok> {
        self.inner
            .organisations
            .iter()
            .map(|o| OrgNok { inner: o.clone() })
            .collect()
    }

    /// Organisations by rank (ties by id), those without a total last.
    #[getter]
    fn ranking(&self) -> Vec<OrgNok> {
        self.orgs_sorted()
            .into_iter()
            .map(|o| OrgNok { inner: o.clone() })
            .collect()
    }

    /// Organisations not assessed in the period (questionnaires but no row
    /// of facts, or facts but no questionnaire), by id.
    #[getter]
    fn not_assessed(&self) -> Vec<String> {
        self.inner
            .not_assessed
            .iter()
            .map(|n| n.org.clone())
            .collect()
    }

    /// An organisation's scores, or `None`.
    fn org(&self, id: &str) -> Option<OrgNok> {
        self.inner.org(id).map(|o| OrgNok { inner: o.clone() })
    }

    /// A group's figure, or `None`.
    fn group(&self, id: &str) -> Option<NokFigure> {
        self.inner.group(id).map(NokFigure::from)
    }

    /// A sector's figure, or `None`.
    fn sector(&self, id: &str) -> Option<NokFigure> {
        self.inner.sector(id).map(NokFigure::from)
    }

    /// `value` rounded for display by the rounding policy in force
    /// (`88.77`; `—` for `None`).
    fn format(&self, value: Option<Decimal>) -> String {
        self.inner.rounding.show(value)
    }

    /// Reads scores back from the JSON `to_json()` writes (to carry them
    /// between machines, as the Spark module does).
    #[staticmethod]
    fn from_json(py: Python<'_>, text: String) -> PyResult<NokScores> {
        let inner = py.detach(move || {
            serde_json::from_str::<etalon::scoring::NokScores>(&text)
                .map_err(|e| PyValueError::new_err(format!("the НОК scores cannot be read: {e}")))
        })?;
        Ok(NokScores::new(inner))
    }

    /// The scores as JSON, exactly as `etalon score nok --format json`
    /// writes them (without the last newline).
    fn to_json(&self, py: Python<'_>) -> String {
        let inner = Arc::clone(&self.inner);
        py.detach(move || inner.to_json())
    }

    /// One row per organisation: ids, total, ranks, band, respondents, one
    /// column per criterion (`k1`, ...) and the number of policy notes.
    fn organisations_table(&self) -> PyResult<Table> {
        let o = &self.inner.organisations;
        let mut t = TableBuilder::new();
        t.text("org", o.iter().map(|x| Some(&x.org)))
            .text("name", o.iter().map(|x| x.name.as_ref()))
            .text("group", o.iter().map(|x| x.group.as_ref()))
            .text("sector", o.iter().map(|x| x.sector.as_ref()))
            .decimal("total", o.iter().map(|x| x.total))
            .int("rank", o.iter().map(|x| x.rank.map(i64::from)))
            .int(
                "rank_in_group",
                o.iter().map(|x| x.rank_in_group.map(i64::from)),
            )
            .int(
                "rank_in_sector",
                o.iter().map(|x| x.rank_in_sector.map(i64::from)),
            )
            .text("band", o.iter().map(|x| x.band.as_ref()))
            .int("respondents", o.iter().map(|x| x.respondents));
        for c in self.criterion_ids() {
            t.decimal(&c, o.iter().map(|x| x.criterion(&c)));
        }
        t.int("notes", o.iter().map(|x| Some(x.notes.len() as i64)));
        Ok(t.finish()?)
    }

    /// One row per organisation and indicator: points, status, the points
    /// before a cap, the option of a choice policy.
    fn indicators_table(&self) -> PyResult<Table> {
        let rows: Vec<(&str, &etalon::scoring::IndicatorScore)> = self
            .inner
            .organisations
            .iter()
            .flat_map(|o| o.indicators.iter().map(move |i| (o.org.as_str(), i)))
            .collect();
        let mut t = TableBuilder::new();
        t.text("org", rows.iter().map(|r| Some(r.0)))
            .text("indicator", rows.iter().map(|r| Some(&r.1.id)))
            .text("number", rows.iter().map(|r| Some(&r.1.number)))
            .text("criterion", rows.iter().map(|r| Some(&r.1.criterion)))
            .decimal("value", rows.iter().map(|r| r.1.value))
            .text("status", rows.iter().map(|r| Some(word(&r.1.status))))
            .decimal("uncapped", rows.iter().map(|r| r.1.uncapped))
            .text("option", rows.iter().map(|r| r.1.option.as_ref()));
        Ok(t.finish()?)
    }

    /// The figures of the region, the groups and the sectors: one row each,
    /// with one column per criterion.
    fn figures_table(&self) -> PyResult<Table> {
        let s = &self.inner;
        figures_table(
            std::iter::once(&s.region)
                .chain(&s.groups)
                .chain(&s.sectors)
                .collect(),
        )
    }

    /// Which policy touched which organisation: one row per note.
    fn notes_table(&self) -> PyResult<Table> {
        let rows: Vec<(&str, &etalon::scoring::PolicyNote)> = self
            .inner
            .organisations
            .iter()
            .flat_map(|o| o.notes.iter().map(move |n| (o.org.as_str(), n)))
            .collect();
        let mut t = TableBuilder::new();
        let lang = language::current();
        t.text("org", rows.iter().map(|r| Some(r.0)))
            .text("policy", rows.iter().map(|r| Some(&r.1.policy)))
            .text("figure", rows.iter().map(|r| Some(&r.1.figure)))
            .text("message", rows.iter().map(|r| Some(policy_note(lang, r.1))))
            .text("message_en", rows.iter().map(|r| Some(&r.1.message)));
        Ok(t.finish()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.NokScores {} {}: {} organisations, region total {}>",
            self.inner.scheme.scheme,
            self.inner.period,
            self.inner.organisations.len(),
            show(self.inner.region.total)
        )
    }
}

/// One KPI item of one manager, explained: its value, the step that gave
/// the points, the weight.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct KpiItemScore {
    /// Item id.
    #[pyo3(get)]
    item: String,
    /// Its name.
    #[pyo3(get)]
    name: String,
    /// Where its value comes from (`indicator:...`, `nok:total`, ...).
    #[pyo3(get)]
    source: String,
    /// The value of the period scored.
    #[pyo3(get)]
    value: Option<Decimal>,
    /// For quarterly items: (quarter, value, points) of each quarter.
    #[pyo3(get)]
    quarters: Vec<(String, Option<Decimal>, Decimal)>,
    /// The step that gave the points (`≥ 95 → 5`), or why none did, in
    /// English.
    #[pyo3(get)]
    rule_en: String,
    rule_said: Option<etalon::Text>,
    /// Points before the weight.
    #[pyo3(get)]
    points: Decimal,
    /// The weight.
    #[pyo3(get)]
    weight: Decimal,
    /// Points × weight.
    #[pyo3(get)]
    weighted: Decimal,
    /// The most it could give (weighted).
    #[pyo3(get)]
    max: Decimal,
    /// Whether it counts for this manager.
    #[pyo3(get)]
    applicable: bool,
    /// A remark (cap, missing value, not applicable), in English.
    #[pyo3(get)]
    note_en: Option<String>,
    note_said: Option<etalon::Text>,
}

impl From<&etalon::scoring::ItemScore> for KpiItemScore {
    fn from(i: &etalon::scoring::ItemScore) -> Self {
        KpiItemScore {
            item: i.item.clone(),
            name: i.name.clone(),
            source: i.source.clone(),
            value: i.value,
            quarters: i
                .quarters
                .iter()
                .map(|q| (q.period.to_string(), q.value, q.points))
                .collect(),
            rule_en: i.rule.clone(),
            rule_said: i.rule_text.clone(),
            points: i.points,
            weight: i.weight,
            weighted: i.weighted,
            max: i.max,
            applicable: i.applicable,
            note_en: i.note.clone(),
            note_said: i.note_text.clone(),
        }
    }
}

#[pymethods]
impl KpiItemScore {
    /// The step that gave the points (`≥ 95 → 5`), or why none did, in the
    /// language chosen by :func:`set_language` (its English in ``rule_en``).
    #[getter]
    fn rule(&self) -> String {
        said(language::current(), &self.rule_en, self.rule_said.as_ref())
    }

    /// A remark (cap, missing value, not applicable), in the language
    /// chosen by :func:`set_language` (its English in ``note_en``).
    #[getter]
    fn note(&self) -> Option<String> {
        self.note_en
            .as_deref()
            .map(|n| said(language::current(), n, self.note_said.as_ref()))
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.KpiItemScore {}: {} of {} ({})>",
            self.item,
            self.weighted.normalize(),
            self.max.normalize(),
            self.rule()
        )
    }
}

/// The KPI points of one manager: a director (an organisation) or the head
/// of a territorial administration (a group), item by item.
#[pyclass(frozen, module = "etalon")]
pub struct ManagerScore {
    inner: etalon::scoring::ManagerScore,
}

#[pymethods]
impl ManagerScore {
    /// Organisation id (director) or group id (head).
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Its name.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// The group (directors).
    #[getter]
    fn group(&self) -> Option<&str> {
        self.inner.group.as_deref()
    }

    /// The organisation type (directors).
    #[getter]
    fn org_type(&self) -> Option<&str> {
        self.inner.org_type.as_deref()
    }

    /// Points.
    #[getter]
    fn points(&self) -> Decimal {
        self.inner.points
    }

    /// The most the applicable items can give.
    #[getter]
    fn max_points(&self) -> Decimal {
        self.inner.max_points
    }

    /// Points as a percentage of the maximum.
    #[getter]
    fn percent(&self) -> Option<Decimal> {
        self.inner.percent
    }

    /// Rank in the region (1 is best; ties share a rank).
    #[getter]
    fn rank(&self) -> Option<u32> {
        self.inner.rank
    }

    /// Rank in the group (directors).
    #[getter]
    fn rank_in_group(&self) -> Option<u32> {
        self.inner.rank_in_group
    }

    /// Item by item: how the points were made.
    #[getter]
    fn items(&self) -> Vec<KpiItemScore> {
        self.inner.items.iter().map(KpiItemScore::from).collect()
    }

    /// An item by id, or `None`.
    fn item(&self, id: &str) -> Option<KpiItemScore> {
        self.inner.item(id).map(KpiItemScore::from)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.ManagerScore {}: {} of {} points>",
            self.inner.id,
            self.inner.points.normalize(),
            self.inner.max_points.normalize()
        )
    }
}

/// The KPI points of a period: directors of organisations and heads of
/// territorial administrations, ranked, each explained item by item.
#[pyclass(frozen, module = "etalon")]
pub struct KpiScores {
    inner: Arc<etalon::scoring::KpiScores>,
    decimals: u32,
}

fn managers_table(m: &[etalon::scoring::ManagerScore]) -> PyResult<Table> {
    let mut t = TableBuilder::new();
    t.text("id", m.iter().map(|x| Some(&x.id)))
        .text("name", m.iter().map(|x| x.name.as_ref()))
        .text("group", m.iter().map(|x| x.group.as_ref()))
        .text("org_type", m.iter().map(|x| x.org_type.as_ref()))
        .decimal("points", m.iter().map(|x| Some(x.points)))
        .decimal("max_points", m.iter().map(|x| Some(x.max_points)))
        .decimal("percent", m.iter().map(|x| x.percent))
        .int("rank", m.iter().map(|x| x.rank.map(i64::from)))
        .int(
            "rank_in_group",
            m.iter().map(|x| x.rank_in_group.map(i64::from)),
        );
    Ok(t.finish()?)
}

#[pymethods]
impl KpiScores {
    /// Package id and version.
    #[getter]
    fn package(&self) -> &str {
        &self.inner.package
    }

    /// Scheme id.
    #[getter]
    fn scheme(&self) -> &str {
        &self.inner.scheme
    }

    /// Scheme name.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// The period scored.
    #[getter]
    fn period(&self) -> Option<String> {
        self.inner.period.map(|p| p.to_string())
    }

    /// How managers are ranked: `points` or `percent`.
    #[getter]
    fn rank_by(&self) -> String {
        word(&self.inner.rank_by)
    }

    /// How heads are scored: `mean_of_directors` or `group_figures`.
    #[getter]
    fn group_score(&self) -> String {
        word(&self.inner.group_score)
    }

    /// Digits shown for points (the scheme's `decimals`).
    #[getter]
    fn decimals(&self) -> u32 {
        self.decimals
    }

    /// Directors of organisations.
    #[getter]
    fn directors(&self) -> Vec<ManagerScore> {
        self.inner
            .directors
            .iter()
            .map(|d| ManagerScore { inner: d.clone() })
            .collect()
    }

    /// Heads of territorial administrations.
    #[getter]
    fn heads(&self) -> Vec<ManagerScore> {
        self.inner
            .heads
            .iter()
            .map(|d| ManagerScore { inner: d.clone() })
            .collect()
    }

    /// A director by organisation id, or `None`.
    fn director(&self, org: &str) -> Option<ManagerScore> {
        self.inner
            .director(org)
            .map(|d| ManagerScore { inner: d.clone() })
    }

    /// A head by group id, or `None`.
    fn head(&self, group: &str) -> Option<ManagerScore> {
        self.inner
            .head(group)
            .map(|d| ManagerScore { inner: d.clone() })
    }

    /// The points as JSON, exactly as `etalon score kpi --format json`
    /// writes them (without the last newline).
    fn to_json(&self, py: Python<'_>) -> String {
        let inner = Arc::clone(&self.inner);
        py.detach(move || inner.to_json())
    }

    /// The directors as a table.
    fn directors_table(&self) -> PyResult<Table> {
        managers_table(&self.inner.directors)
    }

    /// The heads as a table.
    fn heads_table(&self) -> PyResult<Table> {
        managers_table(&self.inner.heads)
    }

    /// Every item of every manager, one row each (`manager` is `director`
    /// or `head`): the per-item explanation as a table.
    fn items_table(&self) -> PyResult<Table> {
        let rows: Vec<(&str, &str, &etalon::scoring::ItemScore)> = self
            .inner
            .directors
            .iter()
            .map(|d| ("director", d))
            .chain(self.inner.heads.iter().map(|h| ("head", h)))
            .flat_map(|(kind, m)| m.items.iter().map(move |i| (kind, m.id.as_str(), i)))
            .collect();
        let lang = language::current();
        let mut t = TableBuilder::new();
        t.text("manager", rows.iter().map(|r| Some(r.0)))
            .text("id", rows.iter().map(|r| Some(r.1)))
            .text("item", rows.iter().map(|r| Some(&r.2.item)))
            .text("source", rows.iter().map(|r| Some(&r.2.source)))
            .decimal("value", rows.iter().map(|r| r.2.value))
            .text("rule", rows.iter().map(|r| Some(kpi_rule(lang, r.2))))
            .text("rule_en", rows.iter().map(|r| Some(&r.2.rule)))
            .decimal("points", rows.iter().map(|r| Some(r.2.points)))
            .decimal("weight", rows.iter().map(|r| Some(r.2.weight)))
            .decimal("weighted", rows.iter().map(|r| Some(r.2.weighted)))
            .decimal("max", rows.iter().map(|r| Some(r.2.max)))
            .flag("applicable", rows.iter().map(|r| Some(r.2.applicable)))
            .text("note", rows.iter().map(|r| kpi_note(lang, r.2)))
            .text("note_en", rows.iter().map(|r| r.2.note.as_ref()));
        Ok(t.finish()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.KpiScores {} {}: {} directors, {} heads>",
            self.inner.scheme,
            self.inner.period.map(|p| p.to_string()).unwrap_or_default(),
            self.inner.directors.len(),
            self.inner.heads.len()
        )
    }
}

/// A measure of an improvement plan.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct PlanMeasure {
    /// Its number in the plan.
    #[pyo3(get)]
    number: u32,
    /// Its criteria group.
    #[pyo3(get)]
    group: String,
    /// What is to be done.
    #[pyo3(get)]
    name: String,
    /// The finding of the assessment it answers.
    #[pyo3(get)]
    finding: String,
    /// When it is due: `permanent`, `quarterly`, `yearly by 31 December`,
    /// `by 2018-12-31`.
    #[pyo3(get)]
    term: String,
    /// The date of a term `by` a date.
    #[pyo3(get)]
    due_by: Option<NaiveDate>,
    /// The term as written in the plan.
    #[pyo3(get)]
    term_text: Option<String>,
    /// Who answers for it.
    #[pyo3(get)]
    responsible: String,
    /// The expected result.
    #[pyo3(get)]
    expected: String,
    /// The indicators of the result, as written.
    #[pyo3(get)]
    result: Option<String>,
    /// The result indicator the engine checks (`indicator:...`, `nok:...`).
    #[pyo3(get)]
    indicator: Option<String>,
    /// Its target (`≥ 80`, `below the baseline`), in English.
    #[pyo3(get)]
    target_en: Option<String>,
    target_said: Option<etalon::Text>,
    /// Organisation types it applies to (empty: the plan's).
    #[pyo3(get)]
    org_types: Vec<String>,
}

#[pymethods]
impl PlanMeasure {
    /// Its target (`≥ 80`, `below the baseline`), in the language chosen
    /// by :func:`set_language` (its English in ``target_en``).
    #[getter]
    fn target(&self) -> Option<String> {
        self.target_en
            .as_deref()
            .map(|t| said(language::current(), t, self.target_said.as_ref()))
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.PlanMeasure {} ({}): {}>",
            self.number, self.term, self.name
        )
    }
}

/// An improvement plan: measures with their criteria groups, findings,
/// terms, responsible, expected results and result indicators.
#[pyclass(frozen, module = "etalon")]
pub struct Plan {
    inner: Arc<etalon::scoring::Plan>,
}

/// Executions of a plan's measures, as given.
enum Executions {
    None,
    Given(Tabular),
}

fn read_executions(e: Executions) -> Result<Vec<Execution>, Error> {
    match e {
        Executions::None => Ok(Vec::new()),
        Executions::Given(Tabular::File(path)) => Ok(etalon::io::read_executions(&path)?),
        Executions::Given(Tabular::Given(input)) => {
            let table = Tabular::text(input, "executions")?;
            Execution::read_table(&table).map_err(executions_failure)
        }
    }
}

/// A date from Python: a `datetime.date` (or datetime) or text
/// (`2018-10-15`, `15.10.2018`).
pub(crate) fn date_arg(name: &str, v: &Bound<'_, PyAny>) -> PyResult<NaiveDate> {
    if let Ok(d) = v.extract::<NaiveDate>() {
        return Ok(d);
    }
    if let Ok(t) = v.extract::<chrono::NaiveDateTime>() {
        return Ok(t.date());
    }
    if let Ok(t) = v.extract::<chrono::DateTime<chrono::FixedOffset>>() {
        return Ok(t.date_naive());
    }
    let text: String = v
        .extract()
        .map_err(|_| Error::Type(format!("{name}: give a date (datetime.date or 2018-10-15)")))?;
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(text.trim(), "%d.%m.%Y"))
        .map_err(|_| {
            PyValueError::new_err(format!("{name}: `{text}` is not a date such as 2018-10-15"))
        })
}

#[pymethods]
impl Plan {
    /// Reads a plan from its TOML file.
    #[staticmethod]
    fn from_file(py: Python<'_>, path: PathBuf) -> PyResult<Plan> {
        let plan = py.detach(move || guard(|| Ok(etalon::io::read_plan(&path)?)))?;
        Ok(Plan {
            inner: Arc::new(plan),
        })
    }

    /// Reads a plan from its TOML text; `name` names it in diagnostics.
    #[staticmethod]
    #[pyo3(signature = (text, name = "plan.toml"))]
    fn from_toml(text: &str, name: &str) -> PyResult<Plan> {
        let plan = guard(|| Ok(etalon::scoring::Plan::from_toml(name, text)?))?;
        Ok(Plan {
            inner: Arc::new(plan),
        })
    }

    /// Plan id.
    #[getter]
    fn id(&self) -> &str {
        &self.inner.id
    }

    /// Its title.
    #[getter]
    fn name(&self) -> &str {
        &self.inner.name
    }

    /// Who approved it.
    #[getter]
    fn approved_by(&self) -> Option<&str> {
        self.inner.approved_by.as_deref()
    }

    /// When.
    #[getter]
    fn approved_on(&self) -> Option<NaiveDate> {
        self.inner.approved_on
    }

    /// First day of the plan.
    #[getter]
    fn start(&self) -> NaiveDate {
        self.inner.from
    }

    /// Last day of the plan.
    #[getter]
    fn end(&self) -> NaiveDate {
        self.inner.to
    }

    /// Organisation types it applies to (empty: every organisation).
    #[getter]
    fn org_types(&self) -> Vec<String> {
        self.inner.org_types.clone()
    }

    /// Organisations it applies to (empty: by type).
    #[getter]
    fn orgs(&self) -> Vec<String> {
        self.inner.orgs.clone()
    }

    /// Criteria groups: (id, name, НОК criterion).
    #[getter]
    fn groups(&self) -> Vec<(String, String, Option<String>)> {
        self.inner
            .groups
            .iter()
            .map(|g| (g.id.clone(), g.name.clone(), g.criterion.clone()))
            .collect()
    }

    /// The measures.
    #[getter]
    fn measures(&self) -> Vec<PlanMeasure> {
        self.inner
            .measures
            .iter()
            .map(|m| PlanMeasure {
                number: m.number,
                group: m.group.clone(),
                name: m.name.clone(),
                finding: m.finding.clone(),
                term: m.term.to_string(),
                due_by: match m.term {
                    etalon::scoring::Term::By(d) => Some(d),
                    _ => None,
                },
                term_text: m.term_text.clone(),
                responsible: m.responsible.clone(),
                expected: m.expected.clone(),
                result: m.result.clone(),
                indicator: m.indicator.as_ref().map(|i| i.to_string()),
                target_en: m.target.as_ref().map(|t| t.to_string()),
                target_said: m.target.as_ref().map(|t| t.message().text),
                org_types: m.org_types.clone(),
            })
            .collect()
    }

    /// Checks the plan's result indicators against a methodology (every
    /// problem, as `Diagnostic`s; empty when it fits).
    fn check(&self, methodology: &Methodology) -> Vec<Diagnostic> {
        self.inner
            .check(&methodology.inner)
            .iter()
            .cloned()
            .map(Diagnostic::from)
            .collect()
    }

    /// Where every measure of every organisation of `dataset` (its tree)
    /// stands on `on`, from the executions reported (a CSV or JSON file, an
    /// Arrow table or a list of dicts with the columns `measure`, `org_id`,
    /// `done_on`, and optionally `period` and `note`).
    #[pyo3(signature = (dataset, on, executions = None))]
    fn status(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        on: &Bound<'_, PyAny>,
        executions: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<PlanStatus> {
        let on = date_arg("on", on)?;
        let executions = match executions.filter(|e| !e.is_none()) {
            Some(e) => Executions::Given(Tabular::read("executions", e)?),
            None => Executions::None,
        };
        let plan = Arc::clone(&self.inner);
        let data = Arc::clone(&dataset.inner);
        let status = py.detach(move || {
            guard(|| {
                let executions = read_executions(executions)?;
                let orgs = PlanOrg::from_tree(data.tree());
                plan.status(&orgs, &executions, on)
                    .map_err(executions_failure)
            })
        })?;
        Ok(PlanStatus {
            inner: Arc::new(status),
        })
    }

    /// Whether the result indicators reached their targets in `evaluation`
    /// (and `nok`, for `nok:` indicators), for every organisation of
    /// `dataset` a measure applies to; targets relative to a baseline read
    /// `baseline` (and `baseline_nok`).
    #[pyo3(signature = (dataset, evaluation, *, nok = None, baseline = None, baseline_nok = None))]
    fn results(
        &self,
        py: Python<'_>,
        dataset: &Dataset,
        evaluation: &Evaluation,
        nok: Option<&NokScores>,
        baseline: Option<&Evaluation>,
        baseline_nok: Option<&NokScores>,
    ) -> Vec<PlanResult> {
        let plan = Arc::clone(&self.inner);
        let data = Arc::clone(&dataset.inner);
        let later = evaluation.shared();
        let nok = nok.map(|n| Arc::clone(&n.inner));
        let base = baseline.map(Evaluation::shared);
        let base_nok = baseline_nok.map(|n| Arc::clone(&n.inner));
        let checks = py.detach(move || {
            let orgs = PlanOrg::from_tree(data.tree());
            let later = ResultValues {
                evaluation: Some(&later.evaluation),
                nok: nok.as_deref(),
            };
            let base = (base.is_some() || base_nok.is_some()).then(|| ResultValues {
                evaluation: base.as_ref().map(|b| &b.evaluation),
                nok: base_nok.as_deref(),
            });
            plan.results(&orgs, &later, base.as_ref())
        });
        checks
            .into_iter()
            .map(|r| PlanResult {
                measure: r.measure,
                org: r.org,
                indicator: r.indicator,
                target_en: r.target,
                target_said: r.target_text,
                baseline: r.baseline,
                value: r.value,
                reached: r.reached,
            })
            .collect()
    }

    /// The measures as a table.
    fn measures_table(&self) -> PyResult<Table> {
        let m = &self.inner.measures;
        let lang = language::current();
        let mut t = TableBuilder::new();
        t.int("number", m.iter().map(|x| Some(i64::from(x.number))))
            .text("group", m.iter().map(|x| Some(&x.group)))
            .text("name", m.iter().map(|x| Some(&x.name)))
            .text("finding", m.iter().map(|x| Some(&x.finding)))
            .text("term", m.iter().map(|x| Some(x.term.to_string())))
            .text("responsible", m.iter().map(|x| Some(&x.responsible)))
            .text("expected", m.iter().map(|x| Some(&x.expected)))
            .text(
                "indicator",
                m.iter()
                    .map(|x| x.indicator.as_ref().map(|i| i.to_string())),
            )
            .text(
                "target",
                m.iter().map(|x| {
                    x.target
                        .as_ref()
                        .map(|t| said(lang, &t.to_string(), Some(&t.message().text)))
                }),
            )
            .text(
                "target_en",
                m.iter().map(|x| x.target.as_ref().map(|t| t.to_string())),
            );
        Ok(t.finish()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.Plan {}: {} measures, {} to {}>",
            self.inner.id,
            self.inner.measures.len(),
            self.inner.from,
            self.inner.to
        )
    }
}

/// Whether a result indicator reached its target.
#[pyclass(frozen, module = "etalon")]
#[derive(Clone)]
pub struct PlanResult {
    /// The measure.
    #[pyo3(get)]
    measure: u32,
    /// The organisation.
    #[pyo3(get)]
    org: String,
    /// The result indicator.
    #[pyo3(get)]
    indicator: String,
    /// Its target (`≥ 75, above the baseline`), in English.
    #[pyo3(get)]
    target_en: String,
    target_said: Option<etalon::Text>,
    /// Its baseline value.
    #[pyo3(get)]
    baseline: Option<Decimal>,
    /// Its value in the later evaluation.
    #[pyo3(get)]
    value: Option<Decimal>,
    /// Reached (`None`: no value, or no baseline for a change).
    #[pyo3(get)]
    reached: Option<bool>,
}

#[pymethods]
impl PlanResult {
    /// Its target (`≥ 75, above the baseline`), in the language chosen by
    /// :func:`set_language` (its English in ``target_en``).
    #[getter]
    fn target(&self) -> String {
        said(
            language::current(),
            &self.target_en,
            self.target_said.as_ref(),
        )
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.PlanResult {} {} {}: {} (target {})>",
            self.measure,
            self.org,
            self.indicator,
            show(self.value),
            self.target()
        )
    }
}

/// One measure of one organisation on the date of a status.
#[pyclass(frozen, get_all, module = "etalon")]
#[derive(Clone)]
pub struct PlanMeasureState {
    /// The measure's number.
    number: u32,
    /// Its criteria group.
    group: String,
    /// Its term.
    term: String,
    /// `on_time`, `pending`, `late`, `overdue` or `not_applicable`: the
    /// worst of its due dates, or pending when nothing is due yet.
    status: String,
    /// Its due dates up to the date of the status: (due, done on, status).
    instances: Vec<(NaiveDate, Option<NaiveDate>, String)>,
    /// The next due date after the date of the status.
    next_due: Option<NaiveDate>,
}

#[pymethods]
impl PlanMeasureState {
    fn __repr__(&self) -> String {
        format!("<etalon.PlanMeasureState {}: {}>", self.number, self.status)
    }
}

/// A plan of one organisation on a date.
#[pyclass(frozen, module = "etalon")]
pub struct OrgPlanStatus {
    inner: etalon::scoring::OrgPlanStatus,
}

#[pymethods]
impl OrgPlanStatus {
    /// Organisation id.
    #[getter]
    fn org(&self) -> &str {
        &self.inner.org
    }

    /// Its name.
    #[getter]
    fn name(&self) -> Option<&str> {
        self.inner.name.as_deref()
    }

    /// Due dates passed.
    #[getter]
    fn due(&self) -> u32 {
        self.inner.due
    }

    /// Of which done on time.
    #[getter]
    fn on_time(&self) -> u32 {
        self.inner.on_time
    }

    /// Share executed on time, percent (`None` when nothing was due).
    #[getter]
    fn share_on_time(&self) -> Option<Decimal> {
        self.inner.share_on_time
    }

    /// Numbers of the overdue measures.
    #[getter]
    fn overdue(&self) -> Vec<u32> {
        self.inner.overdue.clone()
    }

    /// Every measure that applies.
    #[getter]
    fn measures(&self) -> Vec<PlanMeasureState> {
        self.inner
            .measures
            .iter()
            .map(|m| PlanMeasureState {
                number: m.number,
                group: m.group.clone(),
                term: m.term.to_string(),
                status: word(&m.status),
                instances: m
                    .instances
                    .iter()
                    .map(|i| (i.due, i.done_on, word(&i.status)))
                    .collect(),
                next_due: m.next_due,
            })
            .collect()
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.OrgPlanStatus {}: {} of {} on time>",
            self.inner.org, self.inner.on_time, self.inner.due
        )
    }
}

/// A plan's execution on a date: per organisation, where every measure
/// stands, the overdue ones and the share executed on time.
#[pyclass(frozen, module = "etalon")]
pub struct PlanStatus {
    pub(crate) inner: Arc<etalon::scoring::PlanStatus>,
}

#[pymethods]
impl PlanStatus {
    /// Plan id.
    #[getter]
    fn plan(&self) -> &str {
        &self.inner.plan
    }

    /// The date of the status.
    #[getter]
    fn on(&self) -> NaiveDate {
        self.inner.on
    }

    /// Due dates passed, all organisations.
    #[getter]
    fn due(&self) -> u32 {
        self.inner.due
    }

    /// Of which done on time.
    #[getter]
    fn on_time(&self) -> u32 {
        self.inner.on_time
    }

    /// Share executed on time, percent.
    #[getter]
    fn share_on_time(&self) -> Option<Decimal> {
        self.inner.share_on_time
    }

    /// Per organisation.
    #[getter]
    fn orgs(&self) -> Vec<OrgPlanStatus> {
        self.inner
            .orgs
            .iter()
            .map(|o| OrgPlanStatus { inner: o.clone() })
            .collect()
    }

    /// One organisation's status, or `None`.
    fn org(&self, id: &str) -> Option<OrgPlanStatus> {
        self.inner
            .org(id)
            .map(|o| OrgPlanStatus { inner: o.clone() })
    }

    /// Per organisation, the share executed on time (the KPI's
    /// `plans:on_time`).
    fn shares(&self) -> BTreeMap<String, Decimal> {
        self.inner.shares()
    }

    /// The status as JSON (the `status` of `etalon plan status --format json`).
    fn to_json(&self) -> String {
        self.inner.to_json()
    }

    /// One row per organisation.
    fn orgs_table(&self) -> PyResult<Table> {
        let o = &self.inner.orgs;
        let mut t = TableBuilder::new();
        t.text("org", o.iter().map(|x| Some(&x.org)))
            .text("name", o.iter().map(|x| x.name.as_ref()))
            .int("due", o.iter().map(|x| Some(i64::from(x.due))))
            .int("on_time", o.iter().map(|x| Some(i64::from(x.on_time))))
            .decimal("share_on_time", o.iter().map(|x| x.share_on_time))
            .text_lists(
                "overdue",
                o.iter().map(|x| x.overdue.iter().map(|n| n.to_string())),
            );
        Ok(t.finish()?)
    }

    /// One row per organisation and measure.
    fn measures_table(&self) -> PyResult<Table> {
        let rows: Vec<(&str, &etalon::scoring::MeasureState)> = self
            .inner
            .orgs
            .iter()
            .flat_map(|o| o.measures.iter().map(move |m| (o.org.as_str(), m)))
            .collect();
        let mut t = TableBuilder::new();
        t.text("org", rows.iter().map(|r| Some(r.0)))
            .int("measure", rows.iter().map(|r| Some(i64::from(r.1.number))))
            .text("group", rows.iter().map(|r| Some(&r.1.group)))
            .text("term", rows.iter().map(|r| Some(r.1.term.to_string())))
            .text("status", rows.iter().map(|r| Some(word(&r.1.status))))
            .int(
                "due_dates",
                rows.iter().map(|r| Some(r.1.instances.len() as i64)),
            )
            .date("next_due", rows.iter().map(|r| r.1.next_due));
        Ok(t.finish()?)
    }

    fn __repr__(&self) -> String {
        format!(
            "<etalon.PlanStatus {} on {}: {} of {} due dates on time>",
            self.inner.plan, self.inner.on, self.inner.on_time, self.inner.due
        )
    }
}

/// Registers the scoring classes.
pub(crate) fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<NokScores>()?;
    m.add_class::<OrgNok>()?;
    m.add_class::<NokFigure>()?;
    m.add_class::<NokIndicatorScore>()?;
    m.add_class::<NokCriterionScore>()?;
    m.add_class::<NokPart>()?;
    m.add_class::<PolicySetting>()?;
    m.add_class::<PolicyNote>()?;
    m.add_class::<KpiScores>()?;
    m.add_class::<ManagerScore>()?;
    m.add_class::<KpiItemScore>()?;
    m.add_class::<Plan>()?;
    m.add_class::<PlanMeasure>()?;
    m.add_class::<PlanStatus>()?;
    m.add_class::<OrgPlanStatus>()?;
    m.add_class::<PlanMeasureState>()?;
    m.add_class::<PlanResult>()?;
    Ok(())
}
