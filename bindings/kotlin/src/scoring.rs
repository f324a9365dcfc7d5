//! Scoring: the independent assessment (НОК, Order 344н) from a table of
//! counts or from raw questionnaires, and the KPI points of managers, the
//! same operations as `etalon score nok` and `etalon score kpi`.
//!
//! Tables cross as a header and rows of text cells, or as records (column
//! to cell); the Rust API reads and checks them (an error names the
//! organisation, the column and the value). The results stay on the Rust
//! side and are read as records or as the CLI's JSON.

use std::collections::HashMap;
use std::sync::Arc;

use etalon::catalogue::{kpi_note, kpi_rule, policy_note_line};
use etalon::error::Envelope;
use etalon::kpi::{JournalSource, KpiRequest, score_kpi};
use etalon::nok::{NokSource, NokTableSource};
use etalon::scoring::{self as sc, TextTable};
use rust_decimal::Decimal;

use crate::dataset::Dataset;
use crate::error::{EtalonError, guard_scripts};
use crate::evaluation::Evaluation;
use crate::journal::Journal;
use crate::methodology::Methodology;
use crate::types::int;

/// What to score: the period and policies set otherwise than the package.
#[derive(Debug, Clone, Default, PartialEq, Eq, uniffi::Record)]
pub struct NokOptions {
    /// The assessment period (a year: `2026`); needed when the input holds
    /// several, and for questionnaires.
    #[uniffi(default = None)]
    pub period: Option<String>,
    /// Policies by id, as `--policy` of the CLI: `zero_base` = `zero`,
    /// `grid_2_2`, `skipped_answers`, `min_respondents`, `decimals`; none
    /// for the package's own.
    #[uniffi(default = None)]
    pub policies: Option<HashMap<String, String>>,
}

impl NokOptions {
    fn to_rust(&self) -> Result<sc::NokOptions, EtalonError> {
        let period = self.period.as_deref().map(period).transpose()?;
        Ok(sc::NokOptions {
            period,
            policies: self
                .policies
                .iter()
                .flatten()
                .map(|(k, v)| (k.trim().to_string(), v.trim().to_string()))
                .collect(),
        })
    }
}

fn period(text: &str) -> Result<etalon::Period, EtalonError> {
    text.trim().parse().map_err(EtalonError::period)
}

/// A table of text cells from a header and rows; an empty or null cell is
/// missing. A row's line is its 1-based number.
fn table(columns: Vec<String>, rows: Vec<Vec<Option<String>>>) -> Result<TextTable, EtalonError> {
    let width = columns.len();
    if let Some((i, cells)) = rows.iter().enumerate().find(|(_, c)| c.len() != width) {
        return Err(EtalonError::argument(
            "rows",
            format!(
                "row {} has {} cells but there are {width} columns",
                i + 1,
                cells.len()
            ),
        ));
    }
    let cells = rows
        .into_iter()
        .map(|cells| cells.into_iter().map(Option::unwrap_or_default));
    Ok(etalon::given::text_table(columns, cells))
}

/// A table from records, as a JSON array of objects is read: the columns
/// of every record, in first-seen order (by name within a record, as maps
/// have no order).
fn table_of_records(
    records: Vec<HashMap<String, Option<String>>>,
) -> Result<TextTable, EtalonError> {
    let mut columns: Vec<String> = Vec::new();
    for r in &records {
        let mut keys: Vec<&String> = r.keys().collect();
        keys.sort();
        for k in keys {
            if !columns.contains(k) {
                columns.push(k.clone());
            }
        }
    }
    let rows = records
        .into_iter()
        .map(|mut r| columns.iter().map(|c| r.remove(c).flatten()).collect())
        .collect();
    table(columns, rows)
}

impl Methodology {
    fn score_nok_source(
        &self,
        source: NokSource<'_>,
        options: &sc::NokOptions,
    ) -> Result<Arc<NokScores>, EtalonError> {
        let inner = etalon::nok::score_nok(&self.inner, source, options)?;
        Ok(Arc::new(NokScores { inner }))
    }
}

#[uniffi::export]
impl Methodology {
    /// НОК scores from a table of counts, one row per organisation and
    /// period: `org_id`, `period`, every input column of the package's НОК
    /// file, and optionally `org_name`, `group_id`, `group_name`,
    /// `org_type` (what `etalon score nok --data counts.csv` reads).
    pub fn score_nok(
        &self,
        columns: Vec<String>,
        rows: Vec<Vec<Option<String>>>,
        options: NokOptions,
    ) -> Result<Arc<NokScores>, EtalonError> {
        guard_scripts(|| {
            let counts = NokTableSource::Given(table(columns, rows)?);
            self.score_nok_source(NokSource::Counts(counts), &options.to_rust()?)
        })
    }

    /// НОК scores from a table of counts given as records (column to cell).
    pub fn score_nok_records(
        &self,
        records: Vec<HashMap<String, Option<String>>>,
        options: NokOptions,
    ) -> Result<Arc<NokScores>, EtalonError> {
        guard_scripts(|| {
            let counts = NokTableSource::Given(table_of_records(records)?);
            self.score_nok_source(NokSource::Counts(counts), &options.to_rust()?)
        })
    }

    /// НОК scores from raw questionnaires: every survey count derived from
    /// the `surveys` table of `data` for `options.period` (a year), the
    /// other columns from the facts (one row per organisation assessed,
    /// as `nok_facts.csv`: `org_id`, `period` and the columns not counted
    /// from answers).
    pub fn score_nok_surveys(
        &self,
        data: Arc<Dataset>,
        fact_columns: Vec<String>,
        fact_rows: Vec<Vec<Option<String>>>,
        options: NokOptions,
    ) -> Result<Arc<NokScores>, EtalonError> {
        guard_scripts(|| {
            let rust = options.to_rust()?;
            let year = rust.period.ok_or_else(|| {
                EtalonError::argument(
                    "period",
                    "scoring questionnaires needs the assessment year, e.g. 2026",
                )
            })?;
            let source = NokSource::Surveys {
                data: &data.inner,
                year,
                facts: NokTableSource::Given(table(fact_columns, fact_rows)?),
            };
            self.score_nok_source(source, &rust)
        })
    }

    /// KPI points of directors and heads of territorial administrations for
    /// the period of `evaluation` (made on `data`), as `etalon score kpi`:
    /// НОК totals from `nok`, the share of deviations closed on time from
    /// `journal` (on the last day of the period); items without a source
    /// are not counted.
    #[uniffi::method(default(nok = None, journal = None))]
    pub fn score_kpi(
        &self,
        data: Arc<Dataset>,
        evaluation: Arc<Evaluation>,
        nok: Option<Arc<NokScores>>,
        journal: Option<Arc<Journal>>,
    ) -> Result<Arc<KpiScores>, EtalonError> {
        guard_scripts(|| {
            let evaluation = evaluation.as_rust();
            let shares = journal.map(|j| j.closed_on_time_by_org(evaluation.period));
            let request = KpiRequest {
                data: &data.inner,
                period: evaluation.period,
                evaluation: Some(evaluation),
                nok: nok.as_ref().map(|n| &n.inner),
                journal: shares.map(JournalSource::Shares),
                plans: None,
            };
            let scores = score_kpi(&self.inner, request)
                .map_err(|e| EtalonError::from(Envelope::from(e)))?;
            Ok(Arc::new(KpiScores { inner: scores }))
        })
    }
}

/// A criterion's (or indicator's) points.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NokPoints {
    /// Criterion id (`k1`) or indicator number (`1.2`).
    pub id: String,
    /// Points at full precision; none when it has no value.
    pub value: Option<Decimal>,
}

/// The НОК of one organisation.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct OrgNok {
    /// Organisation id.
    pub org: String,
    /// Its name.
    pub name: Option<String>,
    /// Its group.
    pub group: Option<String>,
    /// Its sector (organisation type).
    pub sector: Option<String>,
    /// The total, at full precision.
    pub total: Option<Decimal>,
    /// The criteria, in package order.
    pub criteria: Vec<NokPoints>,
    /// The indicators by number (`1.1`), in package order.
    pub indicators: Vec<NokPoints>,
    /// Rank in the region (1 is best; ties share a rank).
    pub rank: Option<i32>,
    /// Its rating band, if the package has bands.
    pub band: Option<String>,
    /// Questionnaires counted, when scored from raw answers.
    pub respondents: Option<i64>,
    /// Where a policy changed a figure (`[zero_base] 3.2: ...`), in the
    /// language chosen by `setLanguage` when it was read.
    pub notes: Vec<String>,
    /// The same notes in English.
    pub notes_en: Vec<String>,
}

impl From<&sc::OrgNok> for OrgNok {
    fn from(o: &sc::OrgNok) -> Self {
        OrgNok {
            org: o.org.clone(),
            name: o.name.clone(),
            group: o.group.clone(),
            sector: o.sector.clone(),
            total: o.total,
            criteria: o
                .criteria
                .iter()
                .map(|c| NokPoints {
                    id: c.id.clone(),
                    value: c.value,
                })
                .collect(),
            indicators: o
                .indicators
                .iter()
                .map(|i| NokPoints {
                    id: i.number.clone(),
                    value: i.value,
                })
                .collect(),
            rank: o.rank.map(int),
            band: o.band.clone(),
            respondents: o.respondents,
            notes: o
                .notes
                .iter()
                .map(|n| policy_note_line(crate::language::current(), n))
                .collect(),
            notes_en: o.notes.iter().map(|n| n.to_string()).collect(),
        }
    }
}

/// The figure of a group, a sector or the region: means over its assessed
/// organisations.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct NokFigure {
    /// `region`, `group` or `sector`.
    pub kind: String,
    /// Its id (an organisation type for a sector).
    pub id: String,
    /// Its name, when known.
    pub name: Option<String>,
    /// Organisations assessed in it.
    pub organisations: i32,
    /// Mean of the totals.
    pub total: Option<Decimal>,
    /// Means of the criteria.
    pub criteria: Vec<NokPoints>,
    /// Rank among the groups (groups only).
    pub rank: Option<i32>,
}

impl From<&sc::NokFigure> for NokFigure {
    fn from(f: &sc::NokFigure) -> Self {
        NokFigure {
            kind: f.kind.clone(),
            id: f.id.clone(),
            name: f.name.clone(),
            organisations: int(f.organisations),
            total: f.total,
            criteria: f
                .criteria
                .iter()
                .map(|c| NokPoints {
                    id: c.id.clone(),
                    value: c.value,
                })
                .collect(),
            rank: f.rank.map(int),
        }
    }
}

/// НОК scores of a period: organisations, groups, sectors, the region.
/// Immutable; safe to share.
#[derive(Debug, uniffi::Object)]
pub struct NokScores {
    pub(crate) inner: sc::NokScores,
}

#[uniffi::export]
impl NokScores {
    /// The assessment period.
    pub fn period(&self) -> String {
        self.inner.period.to_string()
    }

    /// Every organisation, in input order.
    pub fn organisations(&self) -> Vec<OrgNok> {
        self.inner.organisations.iter().map(OrgNok::from).collect()
    }

    /// One organisation's scores.
    pub fn org(&self, id: String) -> Option<OrgNok> {
        self.inner.org(&id).map(OrgNok::from)
    }

    /// The region.
    pub fn region(&self) -> NokFigure {
        (&self.inner.region).into()
    }

    /// The groups, by id.
    pub fn groups(&self) -> Vec<NokFigure> {
        self.inner.groups.iter().map(NokFigure::from).collect()
    }

    /// The sectors (organisation types), by id.
    pub fn sectors(&self) -> Vec<NokFigure> {
        self.inner.sectors.iter().map(NokFigure::from).collect()
    }

    /// Organisations not assessed in the period (answers but no row of
    /// facts, or facts but no questionnaire), by id.
    pub fn not_assessed(&self) -> Vec<String> {
        self.inner
            .not_assessed
            .iter()
            .map(|n| n.org.clone())
            .collect()
    }

    /// The policies in force, id to setting (the engine's English words:
    /// a map for programs; the package's spellings as written).
    pub fn policies(&self) -> HashMap<String, String> {
        self.inner
            .policies
            .iter()
            .map(|p| (p.id.clone(), p.setting.clone()))
            .collect()
    }

    /// Everything, every figure with its explanation, as the CLI's
    /// `score nok --format json`.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}

/// One KPI item of one manager, explained.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KpiItem {
    /// Item id.
    pub item: String,
    /// Its name.
    pub name: String,
    /// Where its value comes from (`indicator:gen_satisfied`, `nok:total`).
    pub source: String,
    /// The value of the period scored.
    pub value: Option<Decimal>,
    /// The step that gave the points (`≥ 95 → 5`), or why none did, in the
    /// language chosen by `setLanguage` when it was read.
    pub rule: String,
    /// The same in English.
    pub rule_en: String,
    /// Points before the weight.
    pub points: Decimal,
    /// The weight.
    pub weight: Decimal,
    /// Points × weight.
    pub weighted: Decimal,
    /// The most it could give (weighted).
    pub max: Decimal,
    /// Whether it counts for this manager.
    pub applicable: bool,
    /// A remark (cap, missing value, not applicable), in the language
    /// chosen by `setLanguage` when it was read.
    pub note: Option<String>,
    /// The same in English.
    pub note_en: Option<String>,
    /// Quarterly items: each quarter's period, value and points.
    pub quarters: Vec<KpiQuarter>,
}

/// One quarter of a quarterly KPI item.
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct KpiQuarter {
    /// The quarter (`2026-Q1`).
    pub period: String,
    /// Its value.
    pub value: Option<Decimal>,
    /// Its points.
    pub points: Decimal,
}

/// The points of one manager: a director (organisation) or a head of a
/// territorial administration (group).
#[derive(Debug, Clone, PartialEq, Eq, uniffi::Record)]
pub struct ManagerScore {
    /// Organisation id (director) or group id (head).
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// The group (directors).
    pub group: Option<String>,
    /// The organisation type (directors).
    pub org_type: Option<String>,
    /// Points.
    pub points: Decimal,
    /// The most the applicable items can give.
    pub max_points: Decimal,
    /// Points as a percentage of the maximum.
    pub percent: Option<Decimal>,
    /// Rank in the region (1 is best).
    pub rank: Option<i32>,
    /// Rank in the group (directors).
    pub rank_in_group: Option<i32>,
    /// Item by item.
    pub items: Vec<KpiItem>,
}

impl From<&sc::ManagerScore> for ManagerScore {
    fn from(m: &sc::ManagerScore) -> Self {
        ManagerScore {
            id: m.id.clone(),
            name: m.name.clone(),
            group: m.group.clone(),
            org_type: m.org_type.clone(),
            points: m.points,
            max_points: m.max_points,
            percent: m.percent,
            rank: m.rank.map(int),
            rank_in_group: m.rank_in_group.map(int),
            items: m
                .items
                .iter()
                .map(|i| KpiItem {
                    item: i.item.clone(),
                    name: i.name.clone(),
                    source: i.source.clone(),
                    value: i.value,
                    rule: kpi_rule(crate::language::current(), i),
                    rule_en: i.rule.clone(),
                    points: i.points,
                    weight: i.weight,
                    weighted: i.weighted,
                    max: i.max,
                    applicable: i.applicable,
                    note: kpi_note(crate::language::current(), i),
                    note_en: i.note.clone(),
                    quarters: i
                        .quarters
                        .iter()
                        .map(|q| KpiQuarter {
                            period: q.period.to_string(),
                            value: q.value,
                            points: q.points,
                        })
                        .collect(),
                })
                .collect(),
        }
    }
}

/// KPI points of a period. Immutable; safe to share.
#[derive(Debug, uniffi::Object)]
pub struct KpiScores {
    inner: sc::KpiScores,
}

#[uniffi::export]
impl KpiScores {
    /// The period scored.
    pub fn period(&self) -> Option<String> {
        self.inner.period.map(|p| p.to_string())
    }

    /// Directors of organisations, in tree order.
    pub fn directors(&self) -> Vec<ManagerScore> {
        self.inner
            .directors
            .iter()
            .map(ManagerScore::from)
            .collect()
    }

    /// Heads of territorial administrations, in tree order.
    pub fn heads(&self) -> Vec<ManagerScore> {
        self.inner.heads.iter().map(ManagerScore::from).collect()
    }

    /// The director of organisation `org`.
    pub fn director(&self, org: String) -> Option<ManagerScore> {
        self.inner.director(&org).map(ManagerScore::from)
    }

    /// The head of group `group`.
    pub fn head(&self, group: String) -> Option<ManagerScore> {
        self.inner.head(&group).map(ManagerScore::from)
    }

    /// Everything, as the CLI's `score kpi --format json`.
    pub fn to_json(&self) -> String {
        self.inner.to_json()
    }
}
