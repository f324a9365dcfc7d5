//! The НОК input: one row per organisation and period, from aggregated
//! counts or derived from raw questionnaires plus a row of facts (items on
//! the stand, channels, conditions) per organisation. Every row is checked
//! before anything is scored; an error names the organisation, the column
//! and the value.

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::{InputKind, NokError, NokOptions, NokScheme};
use crate::Text;
use crate::data::{Dataset, Level};
use crate::methodology::Methodology;
use crate::scoring::policy::NoQuestionnaires;
use crate::scoring::table::TextTable;
use crate::time::Period;

/// Columns of an input row that say who it is about, besides the inputs.
pub(crate) const IDENTITY: [&str; 6] = [
    "org_id",
    "period",
    "org_name",
    "group_id",
    "group_name",
    "org_type",
];

/// Bad НОК input: which organisation, which column, which value, and what
/// is wrong.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub struct NokInputError {
    /// Line of the input file (or record of a JSON array), when known.
    pub line: Option<u64>,
    /// The organisation.
    pub org: Option<String>,
    /// The column.
    pub column: Option<String>,
    /// The value as given.
    pub value: Option<String>,
    /// What is wrong, in English (boxed text: the error stays small in
    /// the `Result`s of scoring).
    pub message: Box<str>,
    /// The catalogue message of `message` (`nok-<id>`), with its values.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) text: Option<Box<Text>>,
}

impl fmt::Display for NokInputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut parts = Vec::new();
        if let Some(l) = self.line {
            parts.push(format!("line {l}"));
        }
        if let Some(o) = &self.org {
            parts.push(format!("organisation `{o}`"));
        }
        if let Some(c) = &self.column {
            match &self.value {
                Some(v) => parts.push(format!("column `{c}` = {v}")),
                None => parts.push(format!("column `{c}`")),
            }
        }
        if parts.is_empty() {
            write!(f, "НОК input: {}", self.message)
        } else {
            write!(f, "НОК input, {}: {}", parts.join(", "), self.message)
        }
    }
}

impl NokInputError {
    /// What is wrong: the catalogue id (`nok-<id>`) and the English words;
    /// no place yet.
    pub fn new(id: &str, message: impl Into<Box<str>>) -> Self {
        NokInputError {
            line: None,
            org: None,
            column: None,
            value: None,
            message: message.into(),
            text: Some(Box::new(Text::new::<&str>(id, &[]))),
        }
    }

    /// A value that goes into the catalogue's text.
    pub fn with(mut self, name: &str, value: impl ToString) -> Self {
        if let Some(text) = &mut self.text {
            text.args.insert(name.to_string(), value.to_string());
        }
        self
    }

    /// The catalogue message of `message`, with its values.
    pub fn text(&self) -> Option<&Text> {
        self.text.as_deref()
    }

    fn column(mut self, column: &str) -> Self {
        self.column = Some(column.to_string());
        self
    }

    fn value(mut self, value: impl fmt::Display) -> Self {
        self.value = Some(value.to_string());
        self
    }

    fn row(mut self, row: &NokRow) -> Self {
        self.org = Some(row.org.clone());
        self.line = row.line;
        self
    }
}

/// What the survey said of one organisation, when the counts were derived
/// from raw answers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgSurvey {
    /// Questionnaires counted.
    pub respondents: i64,
    /// Per question, answers given against the skip rule.
    pub skipped_answers: BTreeMap<String, i64>,
}

/// One organisation in one assessment period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NokRow {
    /// Organisation id.
    pub org: String,
    /// Organisation name.
    pub org_name: Option<String>,
    /// Its group (territorial administration).
    pub group: Option<String>,
    /// The group's name.
    pub group_name: Option<String>,
    /// Its sector (organisation type).
    pub sector: Option<String>,
    /// The assessment period (usually a year).
    pub period: Period,
    /// Input values by column.
    pub values: BTreeMap<String, Decimal>,
    /// Survey facts, when derived from raw answers.
    pub survey: Option<OrgSurvey>,
    /// Line of the input file, for messages.
    pub line: Option<u64>,
}

impl NokRow {
    /// A row with no values yet.
    pub fn new(org: impl Into<String>, period: Period) -> Self {
        NokRow {
            org: org.into(),
            org_name: None,
            group: None,
            group_name: None,
            sector: None,
            period,
            values: BTreeMap::new(),
            survey: None,
            line: None,
        }
    }

    /// With `column` set to `value`.
    pub fn with(mut self, column: &str, value: impl Into<Decimal>) -> Self {
        self.values.insert(column.to_string(), value.into());
        self
    }

    /// With its group and sector.
    pub fn in_group(mut self, group: &str, sector: &str) -> Self {
        self.group = Some(group.to_string());
        self.sector = Some(sector.to_string());
        self
    }
}

/// Why an organisation is not assessed in a period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NotAssessedReason {
    /// Questionnaires were counted, but there is no row of facts.
    NoFacts,
    /// There is a row of facts, but no questionnaire was counted (policy
    /// `no_questionnaires = "not_assessed"`).
    NoQuestionnaires,
}

impl NotAssessedReason {
    /// The reason in English.
    pub fn message(self) -> &'static str {
        match self {
            NotAssessedReason::NoFacts => {
                "questionnaires counted but no row of facts: not assessed"
            }
            NotAssessedReason::NoQuestionnaires => {
                "a row of facts but no questionnaire counted: not assessed, not ranked, not in the means"
            }
        }
    }

    /// The reason in Russian.
    pub fn message_ru(self) -> &'static str {
        match self {
            NotAssessedReason::NoFacts => {
                "анкеты учтены, но строки фактов нет: оценка не проводилась"
            }
            NotAssessedReason::NoQuestionnaires => {
                "строка фактов есть, но ни одной анкеты не учтено: оценка не проводилась, в рейтинг и средние не входит"
            }
        }
    }
}

/// An organisation not assessed in a period, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotAssessed {
    /// Organisation id.
    pub org: String,
    /// Why.
    pub reason: NotAssessedReason,
}

impl fmt::Display for NotAssessed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.org, self.reason.message())
    }
}

/// The whole input of a scoring: the rows, and the organisations not
/// assessed in the period, with their reasons.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct NokData {
    /// Region id, when known.
    pub region: Option<String>,
    /// Region name, when known.
    pub region_name: Option<String>,
    /// One row per organisation and period.
    pub rows: Vec<NokRow>,
    /// Organisations not assessed in the period: questionnaires but no row
    /// of facts, or (by the `no_questionnaires` policy) facts but no
    /// questionnaire.
    pub not_assessed: Vec<NotAssessed>,
}

impl NokData {
    /// Rows given by a host.
    pub fn from_rows(rows: Vec<NokRow>) -> Self {
        NokData {
            rows,
            ..NokData::default()
        }
    }
}

/// Which columns a table must hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NokTable {
    /// Every input column: aggregated counts.
    Counts,
    /// The columns not derived from the survey: the facts that go with raw
    /// answers.
    Facts,
}

impl NokScheme {
    /// Reads input rows from a table of text (a CSV or JSON file) and
    /// checks them. `kind` says whether survey counts are in the table or
    /// will be derived from raw answers.
    pub fn read_table(&self, table: &TextTable, kind: NokTable) -> Result<Vec<NokRow>, NokError> {
        for (i, name) in table.header.iter().enumerate() {
            if table.header[..i].contains(name) {
                return Err(
                    NokInputError::new("column-twice", "the column is given twice")
                        .column(name)
                        .into(),
                );
            }
            if IDENTITY.contains(&name.as_str()) {
                continue;
            }
            match self.input(name) {
                Some(c) if kind == NokTable::Facts && c.survey.is_some() => {
                    return Err(NokInputError::new(
                        "counted-column",
                        "this column is counted from the questionnaires; leave it out of the facts, or score from counts",
                    )
                    .column(name)
                    .into());
                }
                Some(_) => {}
                None => {
                    let known: Vec<String> = self.inputs.iter().map(|c| c.id.clone()).collect();
                    let suggestion = crate::filter::suggest(name, &known);
                    let hint = suggestion
                        .map(|s| format!("; did you mean `{s}`?"))
                        .unwrap_or_default();
                    let message = format!(
                        "unknown column{hint} (the columns are listed by `[[input]]` in the package's НОК file)"
                    );
                    let e = match suggestion {
                        Some(s) => {
                            NokInputError::new("unknown-column-hint", message).with("suggestion", s)
                        }
                        None => NokInputError::new("unknown-column", message),
                    };
                    return Err(e.column(name).into());
                }
            }
        }
        for required in ["org_id", "period"]
            .into_iter()
            .chain(self.inputs.iter().filter_map(|c| {
                (kind == NokTable::Counts || c.survey.is_none()).then_some(c.id.as_str())
            }))
        {
            if table.column(required).is_none() {
                return Err(
                    NokInputError::new("column-missing", "a required column is missing")
                        .column(required)
                        .into(),
                );
            }
        }
        let mut rows = Vec::with_capacity(table.rows.len());
        for (r, text) in table.rows.iter().enumerate() {
            let cell = |name: &str| table.get(r, name).map(str::to_string);
            let fail = |column: &str, e: NokInputError| {
                let mut e = e.column(column);
                e.line = Some(text.line);
                e.org = cell("org_id");
                e
            };
            let org = cell("org_id").ok_or_else(|| {
                fail("org_id", NokInputError::new("no-org", "no organisation id"))
            })?;
            let period_text = cell("period")
                .ok_or_else(|| fail("period", NokInputError::new("no-period", "no period")))?;
            let period = period_text.parse::<Period>().map_err(|e| {
                let detail = e.to_string();
                fail(
                    "period",
                    NokInputError::new("bad-period", detail.as_str()).with("detail", &detail),
                )
            })?;
            let mut row = NokRow::new(org, period);
            row.line = Some(text.line);
            row.org_name = cell("org_name");
            row.group = cell("group_id");
            row.group_name = cell("group_name");
            row.sector = cell("org_type");
            // The group and the type place an organisation in the region's
            // figures: a row that leaves a given one empty would drop out
            // of them unseen.
            for key in ["group_id", "org_type"] {
                if table.column(key).is_some() && cell(key).is_none() {
                    let message = format!("empty: the file gives `{key}`, so every row fills it");
                    return Err(fail(
                        key,
                        NokInputError::new("empty-key", message).with("key", key),
                    )
                    .into());
                }
            }
            for (c, name) in table.header.iter().enumerate() {
                if IDENTITY.contains(&name.as_str()) {
                    continue;
                }
                let raw = &text.cells[c];
                if raw.is_empty() {
                    continue;
                }
                let value = raw.replace(',', ".").parse::<Decimal>().map_err(|_| {
                    fail(name, NokInputError::new("not-a-number", "not a number")).value(raw)
                })?;
                row.values.insert(name.clone(), value);
            }
            rows.push(row);
        }
        let mut first_lines: BTreeMap<(&str, Period), u64> = BTreeMap::new();
        for (row, text) in rows.iter().zip(&table.rows) {
            if let Some(first) = first_lines.insert((&row.org, row.period), text.line) {
                return Err(NokInputError::new(
                    "two-rows",
                    format!(
                        "the organisation has two rows for {}; the first is on line {first}",
                        row.period
                    ),
                )
                .with("period", row.period)
                .with("first", first)
                .column("org_id")
                .row(row)
                .into());
            }
        }
        for row in &rows {
            self.check_row(row, kind)?;
        }
        Ok(rows)
    }

    /// Checks one row: every column present, counts whole and never
    /// negative, parts not above their wholes, values within their max.
    pub fn check_row(&self, row: &NokRow, kind: NokTable) -> Result<(), NokInputError> {
        for name in row.values.keys() {
            if self.input(name).is_none() {
                return Err(NokInputError::new("unknown-input", "unknown column")
                    .column(name)
                    .row(row));
            }
        }
        for c in &self.inputs {
            if kind == NokTable::Facts && c.survey.is_some() {
                continue;
            }
            let Some(&v) = row.values.get(&c.id) else {
                return Err(NokInputError::new("no-value", "no value")
                    .column(&c.id)
                    .row(row));
            };
            if v.is_sign_negative() && !v.is_zero() {
                return Err(NokInputError::new("negative", "cannot be negative")
                    .column(&c.id)
                    .value(v)
                    .row(row));
            }
            if c.kind == InputKind::Count && !v.fract().is_zero() {
                return Err(NokInputError::new("not-whole", "must be a whole number")
                    .column(&c.id)
                    .value(v)
                    .row(row));
            }
            if let Some(max) = c.max {
                if v > max {
                    return Err(NokInputError::new(
                        "above-max",
                        format!("more than the largest allowed, {max}"),
                    )
                    .with("max", max)
                    .column(&c.id)
                    .value(v)
                    .row(row));
                }
            }
            if let Some(whole) = &c.part_of {
                if let Some(&w) = row.values.get(whole) {
                    if v > w {
                        return Err(NokInputError::new(
                            "above-whole",
                            format!("more than {whole} ({w})"),
                        )
                        .with("whole", whole)
                        .with("given", w)
                        .column(&c.id)
                        .value(v)
                        .row(row));
                    }
                }
            }
        }
        Ok(())
    }
}

impl Methodology {
    /// The НОК input of `period` from raw questionnaires: every survey count
    /// and base derived from the dataset's `surveys` table in one pass, the
    /// other columns from `facts` (one row per organisation assessed).
    ///
    /// Organisations with answers but no row of facts are listed as not
    /// assessed. A row of facts for an organisation without a counted
    /// questionnaire follows the `no_questionnaires` policy: not assessed
    /// (the default), or scored from its facts alone with zero counts.
    pub fn nok_from_surveys(
        &self,
        data: &Dataset,
        period: Period,
        facts: Vec<NokRow>,
        options: &NokOptions,
    ) -> Result<NokData, NokError> {
        let scheme = self.nok().ok_or(NokError::NoScheme)?;
        let policy = scheme.effective(options)?.no_questionnaires;
        let counts = self.nok_survey_counts(data, period, options)?;
        let tree = data.tree();
        let mut rows = Vec::new();
        let mut not_assessed = Vec::new();
        for mut row in facts {
            if row.period != period {
                continue;
            }
            scheme.check_row(&row, NokTable::Facts)?;
            if let Some(c) = scheme
                .inputs
                .iter()
                .find(|c| c.survey.is_some() && row.values.contains_key(&c.id))
            {
                return Err(NokInputError::new(
                    "counted-fact",
                    "this column is counted from the questionnaires; leave it out of the facts",
                )
                .column(&c.id)
                .row(&row)
                .into());
            }
            let Some(o) = tree.find(Level::Org, &row.org) else {
                return Err(NokInputError::new(
                    "org-not-in-tree",
                    "the organisation is not in the organisation tree",
                )
                .row(&row)
                .into());
            };
            let g = tree.parent(Level::Org, o);
            row.org_name
                .get_or_insert_with(|| tree.name(Level::Org, o).to_string());
            row.group
                .get_or_insert_with(|| tree.id(Level::Group, g).to_string());
            row.group_name
                .get_or_insert_with(|| tree.name(Level::Group, g).to_string());
            row.sector
                .get_or_insert_with(|| tree.orgs()[o].org_type.clone());
            let found = counts.orgs.iter().find(|c| c.org == row.org);
            if found.is_none() && policy == NoQuestionnaires::NotAssessed {
                not_assessed.push(NotAssessed {
                    org: row.org.clone(),
                    reason: NotAssessedReason::NoQuestionnaires,
                });
                continue;
            }
            for c in scheme.inputs.iter().filter(|c| c.survey.is_some()) {
                let n = found
                    .and_then(|f| f.counts.get(&c.id))
                    .copied()
                    .unwrap_or(0);
                row.values.insert(c.id.clone(), Decimal::from(n));
            }
            row.survey = Some(OrgSurvey {
                respondents: found.map_or(0, |f| f.respondents),
                skipped_answers: found.map(|f| f.skipped_answers.clone()).unwrap_or_default(),
            });
            scheme.check_row(&row, NokTable::Counts)?;
            rows.push(row);
        }
        not_assessed.extend(
            counts
                .orgs
                .iter()
                .filter(|c| !rows.iter().any(|r| r.org == c.org))
                .map(|c| NotAssessed {
                    org: c.org.clone(),
                    reason: NotAssessedReason::NoFacts,
                }),
        );
        Ok(NokData {
            region: Some(tree.region().id.clone()),
            region_name: Some(tree.region().name.clone()),
            rows,
            not_assessed,
        })
    }

    /// Every survey count and base of the НОК input, per organisation with
    /// at least one counted questionnaire in `period`: one native pass over
    /// the `surveys` table, each questionnaire counted for the organisation
    /// of its unit. `options` may set the `skipped_answers` policy.
    pub fn nok_survey_counts(
        &self,
        data: &Dataset,
        period: Period,
        options: &NokOptions,
    ) -> Result<crate::scoring::SurveyCounts, NokError> {
        let scheme = self.nok().ok_or(NokError::NoScheme)?;
        let effective = scheme.effective(options)?;
        let names: Vec<String> = scheme.inputs.iter().map(|c| c.id.clone()).collect();
        Ok(crate::scoring::questionnaire::count(
            self,
            data,
            period,
            scheme.respondents_filter.as_ref(),
            effective.skipped_answers,
            &scheme.derivations,
            &names,
        )?)
    }
}
