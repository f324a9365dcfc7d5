//! The test cases a package carries (`etalon rules test`): inputs and the
//! scores expected from them, kept by methodologists beside the rules, so
//! that every change of a formula, a weight or a policy is checked against
//! cases worked out by hand.
//!
//! A case is a TOML file in the package's test folder (`[contents] tests`):
//!
//! ```toml
//! [case]
//! name = "Пример расчёта из NOK.md"
//! kind = "nok"                        # nok | kpi | indicator | evaluation
//! policies = { zero_base = "zero" }   # policies set otherwise than in the package
//! # input = "rows.csv"                # rows from a CSV or JSON file beside the case
//!
//! [[row]]                             # or rows written here
//! org_id = "A"
//! period = "2026"
//! info_stand_present = 15
//! # ...
//!
//! [expect.org.A]
//! k1 = 87.28                          # the value, rounded to the digits written
//! total = "88.7656"                   # quote a number to keep trailing zeros
//! "3.3" = "none"                      # no value
//! rank = 1
//! notes = ["zero_base:3.3"]           # the policy notes, as policy:figure
//!
//! [expect.region]
//! total = 88.77
//! ```
//!
//! An expected number matches when the value rounded (half away from zero)
//! to the decimals written equals it, or, with `tolerance` in `[case]`,
//! when it is that close. `[expect] error = "..."` expects the scoring to
//! fail with a message containing the text. Expectations may also come from
//! a CSV file (`expected = "file.csv"`, columns `entity,figure,value`, with
//! entities such as `org:A`, `region`, `group:G1`, `sector:residential`,
//! `director:O1`, `head:G1`).
//!
//! A case of kind `indicator` pins one indicator's formula and judgement:
//! each `[[given]]` row (or each row of `input`) holds measure values and
//! the `value` and `judgement` expected from them, judged against the
//! reference in force on `date` for an entity of `level` (and `org_type`,
//! `org_id`, `group_id`, `unit_id` when references are scoped):
//!
//! ```toml
//! [case]
//! name = "Доля заявок, удовлетворённых в срок"
//! kind = "indicator"
//! indicator = "al_issued_in_term"
//! date = 2026-06-30
//!
//! [[given]]
//! al_issued_in_term = 19
//! al_requests = 20
//! value = 95
//! judgement = "critical"   # normal | warning | critical | insufficient_base | no_reference | undefined
//! ```

use std::collections::BTreeMap;
use std::fmt;

use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;
use toml::de::{DeTable, DeValue};

use super::evaluation_case::{self, DEVIATION_KEYS, EvaluationCase, ExpectedDeviation};
use super::kpi::{KpiInput, KpiRow, KpiScores, ManagerScore};
use super::nok::{NokData, NokFigure, NokOptions, NokScores, NokTable, OrgNok};
use super::table::{TextRow, TextTable};
use crate::data::{Dataset, Level};
use crate::diagnostics::{Message, Text};
use crate::methodology::Methodology;
use crate::methodology::references::Subject;
use crate::package::PackageFiles;
use crate::time::Period;

/// Reads a folder of the package's files (a path such as
/// `tests/evaluations/home_care`) into a dataset, or says why it cannot,
/// naming the file and line.
pub type TableReader<'a> = dyn Fn(&str) -> Result<Dataset, String> + 'a;

/// A value of a case file, with numbers kept as written.
#[derive(Debug, Clone, PartialEq)]
enum Val {
    Text(String),
    Num(String),
    Bool(bool),
    Table(Vec<(String, Val)>),
    Array(Vec<Val>),
}

impl Val {
    fn from_de(v: &DeValue) -> Val {
        match v {
            DeValue::String(s) => Val::Text(s.to_string()),
            DeValue::Integer(i) => Val::Num(
                i64::from_str_radix(i.as_str(), i.radix())
                    .map_or_else(|_| i.as_str().to_string(), |n| n.to_string()),
            ),
            DeValue::Float(f) => Val::Num(f.as_str().replace('_', "")),
            DeValue::Boolean(b) => Val::Bool(*b),
            DeValue::Datetime(d) => Val::Text(d.to_string()),
            DeValue::Array(items) => {
                Val::Array(items.iter().map(|i| Val::from_de(i.get_ref())).collect())
            }
            DeValue::Table(t) => Val::Table(
                t.iter()
                    .map(|(k, v)| (k.get_ref().to_string(), Val::from_de(v.get_ref())))
                    .collect(),
            ),
        }
    }

    fn text(&self) -> String {
        match self {
            Val::Text(s) | Val::Num(s) => s.clone(),
            Val::Bool(b) => b.to_string(),
            Val::Table(_) => "a table".into(),
            Val::Array(_) => "a list".into(),
        }
    }

    fn get(&self, key: &str) -> Option<&Val> {
        match self {
            Val::Table(items) => items.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    fn entries(&self) -> &[(String, Val)] {
        match self {
            Val::Table(items) => items,
            _ => &[],
        }
    }
}

/// One expected figure that did not come out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Mismatch {
    /// What was checked there.
    pub check: Check,
    /// Where: `org A, k1`, a row of the `given` table (`2, value`), an
    /// entity and indicator (`region:R ma_decided_in_term`, with a trend
    /// rule in brackets); empty for the count and the expected error.
    pub at: String,
    /// What the case expects.
    pub expected: Figure,
    /// What came out.
    pub got: Figure,
}

impl Mismatch {
    /// Where, in English: the check's word and the place, as the
    /// English report of a run prints it (`missing    region:R ind`).
    pub fn at_en(&self) -> String {
        let word = self.check.word_en();
        match self.check {
            Check::Figure => self.at.clone(),
            Check::Given => format!("{word} {}", self.at),
            Check::Error | Check::Count => word.to_string(),
            _ => format!("{word:<10} {}", self.at),
        }
    }
}

/// What a mismatch checked. Hosts say it in their language from its
/// serde name (`missing`, `count`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Check {
    /// A figure a scoring case expects (`[expect.org.A] total`).
    Figure,
    /// An expected column of an indicator case's `given` table.
    Given,
    /// The error a case expects.
    Error,
    /// An expected deviation that was not found.
    Missing,
    /// An expected deviation found with another severity.
    Severity,
    /// An expected deviation routed to another owner.
    Owner,
    /// A deviation of a named indicator that the case does not list.
    Unexpected,
    /// The count of all deviations.
    Count,
}

impl Check {
    /// Its name, as in JSON (`missing`).
    pub fn name(self) -> &'static str {
        match self {
            Check::Figure => "figure",
            Check::Given => "given",
            Check::Error => "error",
            Check::Missing => "missing",
            Check::Severity => "severity",
            Check::Owner => "owner",
            Check::Unexpected => "unexpected",
            Check::Count => "count",
        }
    }

    /// The check's English word.
    pub fn word_en(self) -> &'static str {
        match self {
            Check::Figure => "",
            Check::Count => "count of all deviations",
            other => other.name(),
        }
    }
}

/// A figure a case expects or a run gives: a value as written, or one of
/// the few words a host says in its language. Its `Display` (and JSON) is
/// the English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Figure {
    /// A value as written: a number, a text, a list `[a, b]`.
    Value(String),
    /// No value.
    NoValue,
    /// The scoring has no such figure.
    NoSuchFigure,
    /// No deviation.
    NoDeviation,
    /// No error.
    NoError,
    /// A number rounded as the case writes it, with its exact value
    /// (`more`: the exact value goes on past the digits shown).
    Rounded {
        /// As rounded.
        shown: String,
        /// Exactly (to six more digits).
        exactly: String,
        /// Whether the exact value has more digits.
        more: bool,
    },
}

impl fmt::Display for Figure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Figure::Value(v) => f.pad(v),
            Figure::NoValue => f.pad("no value"),
            Figure::NoSuchFigure => f.pad("no such figure"),
            Figure::NoDeviation => f.pad("no deviation"),
            Figure::NoError => f.pad("no error"),
            Figure::Rounded {
                shown,
                exactly,
                more,
            } => f.pad(&format!(
                "{shown} (exactly {exactly}{})",
                if *more { "…" } else { "" }
            )),
        }
    }
}

impl Serialize for Figure {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// The outcome of one case.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CaseResult {
    /// The case file.
    pub file: String,
    /// The case's name.
    pub name: String,
    /// Figures checked.
    pub checks: usize,
    /// Those that did not come out as expected.
    pub failures: Vec<Mismatch>,
    /// Why the case could not run (a bad case file, or an unexpected error),
    /// in English.
    pub error: Option<String>,
    /// The catalogue message that says `error` in every language (hosts
    /// render it). Not written out: the JSON of a case is its English.
    #[serde(skip)]
    pub error_text: Option<Text>,
}

impl CaseResult {
    /// Whether the case passed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty() && self.error.is_none()
    }
}

/// The outcome of every case of a package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct TestReport {
    /// One per case file, in path order.
    pub cases: Vec<CaseResult>,
}

impl TestReport {
    /// Whether every case passed (and there was at least one).
    pub fn passed(&self) -> bool {
        !self.cases.is_empty() && self.cases.iter().all(CaseResult::passed)
    }

    /// Cases that failed.
    pub fn failed(&self) -> usize {
        self.cases.iter().filter(|c| !c.passed()).count()
    }
}

impl fmt::Display for TestReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for c in &self.cases {
            if c.passed() {
                writeln!(f, "ok     {} — {} ({} checks)", c.file, c.name, c.checks)?;
                continue;
            }
            writeln!(f, "FAILED {} — {}", c.file, c.name)?;
            if let Some(e) = &c.error {
                writeln!(f, "         {e}")?;
            }
            let width = c
                .failures
                .iter()
                .map(|m| m.at_en().chars().count())
                .max()
                .unwrap_or(0);
            for m in &c.failures {
                writeln!(
                    f,
                    "         {:<width$}  expected {:<12} got {}",
                    m.at_en(),
                    m.expected,
                    m.got
                )?;
            }
        }
        if self.cases.is_empty() {
            writeln!(f, "no test cases found")?;
        } else {
            writeln!(
                f,
                "{} case(s): {} passed, {} failed",
                self.cases.len(),
                self.cases.len() - self.failed(),
                self.failed()
            )?;
        }
        Ok(())
    }
}

/// An expected value.
#[derive(Debug, Clone)]
enum Expected {
    /// A number as the case writes it (shown so in a failure), and its
    /// value; its decimals are the precision a result is rounded to.
    Number(String, Decimal),
    Text(String),
    Nothing,
    List(Vec<String>),
}

impl Expected {
    fn of(v: &Val) -> Expected {
        match v {
            // A TOML float may be written `1.5e3`; `inf` and `nan` are
            // no number a result can equal, so they stay text.
            Val::Num(n) => match number(n) {
                Some(d) => Expected::Number(n.clone(), d),
                None => Expected::Text(n.clone()),
            },
            Val::Text(t) if t == "none" => Expected::Nothing,
            Val::Text(t) => match t.parse() {
                Ok(d) => Expected::Number(t.clone(), d),
                Err(_) => Expected::Text(t.clone()),
            },
            Val::Array(items) => Expected::List(items.iter().map(Val::text).collect()),
            other => Expected::Text(other.text()),
        }
    }

    fn show(&self) -> Figure {
        match self {
            Expected::Number(n, _) | Expected::Text(n) => Figure::Value(n.clone()),
            Expected::Nothing => Figure::NoValue,
            Expected::List(l) => Figure::Value(format!("[{}]", l.join(", "))),
        }
    }
}

/// `text`, a number of a TOML case file, as a `Decimal`: plain (`1.50`) or
/// in the exponent form TOML allows for floats (`1.5e3`).
fn number(text: &str) -> Option<Decimal> {
    text.parse()
        .ok()
        .or_else(|| Decimal::from_scientific(text).ok())
}

/// What a scoring gives for one figure.
enum Got {
    Number(Option<Decimal>),
    Text(Option<String>),
    List(Vec<String>),
    Unknown,
    /// The scoring succeeded where the case expects an error.
    NoError,
}

struct Checker {
    tolerance: Option<Decimal>,
    checks: usize,
    failures: Vec<Mismatch>,
}

impl Checker {
    fn check(&mut self, check: Check, at: String, expected: &Expected, got: Got) {
        self.checks += 1;
        let fail = |got: Figure| Mismatch {
            check,
            at: at.clone(),
            expected: expected.show(),
            got,
        };
        let value = |v: String| fail(Figure::Value(v));
        let or_none = |t: Option<String>| fail(t.map_or(Figure::NoValue, Figure::Value));
        let failure = match (expected, got) {
            (_, Got::Unknown) => Some(fail(Figure::NoSuchFigure)),
            (_, Got::NoError) => Some(fail(Figure::NoError)),
            (Expected::Nothing, Got::Number(None) | Got::Text(None)) => None,
            (Expected::Nothing, Got::Number(Some(v))) => Some(value(v.to_string())),
            (Expected::Nothing, Got::Text(Some(t))) => Some(value(t)),
            (Expected::Number(_, want), Got::Number(v)) => {
                let want = *want;
                let digits = want.scale();
                match v {
                    None => Some(fail(Figure::NoValue)),
                    Some(v) => {
                        let ok = match self.tolerance {
                            Some(t) => (v - want).abs() <= t,
                            None => {
                                v.round_dp_with_strategy(
                                    digits,
                                    RoundingStrategy::MidpointAwayFromZero,
                                ) == want
                            }
                        };
                        (!ok).then(|| {
                            let shown = v.round_dp_with_strategy(
                                digits,
                                RoundingStrategy::MidpointAwayFromZero,
                            );
                            let finer = v
                                .round_dp_with_strategy(
                                    digits + 6,
                                    RoundingStrategy::MidpointAwayFromZero,
                                )
                                .normalize();
                            if finer == v.normalize() && shown.normalize() == finer {
                                value(finer.to_string())
                            } else {
                                fail(Figure::Rounded {
                                    shown: shown.to_string(),
                                    exactly: finer.to_string(),
                                    more: finer != v.normalize(),
                                })
                            }
                        })
                    }
                }
            }
            (Expected::Text(t), Got::Text(g)) => match g {
                Some(g) if &g == t => None,
                g => Some(or_none(g)),
            },
            (Expected::List(want), Got::List(mut got)) => {
                let mut want = want.clone();
                want.sort();
                got.sort();
                (want != got).then(|| value(format!("[{}]", got.join(", "))))
            }
            (_, Got::List(l)) => Some(value(format!("[{}]", l.join(", ")))),
            (_, Got::Number(v)) => Some(or_none(v.map(|v| v.to_string()))),
            (_, Got::Text(t)) => Some(or_none(t)),
        };
        self.failures.extend(failure);
    }
}

fn rank(r: Option<u32>) -> Got {
    Got::Number(r.map(Decimal::from))
}

fn org_figure(o: &OrgNok, figure: &str) -> Got {
    match figure {
        "total" => Got::Number(o.total),
        "rank" => rank(o.rank),
        "rank_in_group" => rank(o.rank_in_group),
        "rank_in_sector" => rank(o.rank_in_sector),
        "band" => Got::Text(o.band.clone()),
        "respondents" => Got::Number(o.respondents.map(Decimal::from)),
        "notes" => Got::List(
            o.notes
                .iter()
                .map(|n| format!("{}:{}", n.policy, n.figure))
                .collect(),
        ),
        f => {
            if let Some(c) = o.criteria.iter().find(|c| c.id == f) {
                Got::Number(c.value)
            } else if let Some(i) = o.indicator(f) {
                Got::Number(i.value)
            } else if let Some(v) = o.inputs.get(f) {
                Got::Number(Some(*v))
            } else {
                Got::Unknown
            }
        }
    }
}

fn nok_figure(g: &NokFigure, figure: &str) -> Got {
    match figure {
        "total" => Got::Number(g.total),
        "organisations" => Got::Number(Some(Decimal::from(g.organisations))),
        "with_total" => Got::Number(Some(Decimal::from(g.with_total))),
        "rank" => rank(g.rank),
        f => match g.criteria.iter().chain(&g.indicators).find(|c| c.id == f) {
            Some(c) => Got::Number(c.value),
            None => Got::Unknown,
        },
    }
}

fn manager_figure(m: &ManagerScore, figure: &str) -> Got {
    match figure {
        "points" => Got::Number(Some(m.points)),
        "max_points" => Got::Number(Some(m.max_points)),
        "percent" => Got::Number(m.percent),
        "rank" => rank(m.rank),
        "rank_in_group" => rank(m.rank_in_group),
        f => {
            let id = f.strip_prefix("item.").unwrap_or(f);
            match m.item(id) {
                Some(i) if i.applicable => Got::Number(Some(i.weighted)),
                Some(_) => Got::Number(None),
                None => Got::Unknown,
            }
        }
    }
}

/// An expectation: which entity, which figure, what value.
struct Expectation {
    kind: String,
    id: Option<String>,
    figure: String,
    value: Expected,
}

fn expectations(expect: Option<&Val>) -> Vec<Expectation> {
    let mut out = Vec::new();
    let Some(expect) = expect else { return out };
    for (kind, v) in expect.entries() {
        match kind.as_str() {
            "error" => {}
            "region" => {
                for (figure, value) in v.entries() {
                    out.push(Expectation {
                        kind: kind.clone(),
                        id: None,
                        figure: figure.clone(),
                        value: Expected::of(value),
                    });
                }
            }
            _ => {
                for (id, figures) in v.entries() {
                    for (figure, value) in figures.entries() {
                        if let ("items", Val::Table(items)) = (figure.as_str(), value) {
                            for (item, value) in items {
                                out.push(Expectation {
                                    kind: kind.clone(),
                                    id: Some(id.clone()),
                                    figure: format!("item.{item}"),
                                    value: Expected::of(value),
                                });
                            }
                            continue;
                        }
                        out.push(Expectation {
                            kind: kind.clone(),
                            id: Some(id.clone()),
                            figure: figure.clone(),
                            value: Expected::of(value),
                        });
                    }
                }
            }
        }
    }
    out
}

/// A name near `name` among `known`, as the catalogue's `suggestion`
/// (`none` when there is none) and as the English words that offer it.
fn near(name: &str, known: &[String]) -> (String, String) {
    match crate::filter::suggest(name, known) {
        Some(s) => (s.to_string(), format!("; did you mean `{s}`?")),
        None => ("none".to_string(), String::new()),
    }
}

fn expectations_from_csv(table: &TextTable) -> Result<Vec<Expectation>, Message> {
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let cell = |name: &str| {
            table.get(r, name).map(str::to_string).ok_or_else(|| {
                Message::new(
                    "case-csv-no-column",
                    &[("line", row.line.to_string()), ("column", name.to_string())],
                    format!("line {}: no `{name}`", row.line),
                )
            })
        };
        let entity = cell("entity")?;
        let (kind, id) = match entity.split_once(':') {
            Some((k, i)) => (k.to_string(), Some(i.to_string())),
            None => (entity.clone(), None),
        };
        let value = cell("value")?;
        out.push(Expectation {
            kind,
            id,
            figure: cell("figure")?,
            value: match value.parse() {
                _ if value == "none" => Expected::Nothing,
                Ok(d) => Expected::Number(value, d),
                Err(_) => Expected::Text(value),
            },
        });
    }
    Ok(out)
}

/// Rows written in a case (`[[row]]`) as a table of text.
fn rows_table(rows: Option<&Val>) -> TextTable {
    let mut t = TextTable::default();
    let Some(Val::Array(rows)) = rows else {
        return t;
    };
    for row in rows {
        for (k, _) in row.entries() {
            if !t.header.contains(k) {
                t.header.push(k.clone());
            }
        }
    }
    for (i, row) in rows.iter().enumerate() {
        let cells = t
            .header
            .iter()
            .map(|h| row.get(h).map(Val::text).unwrap_or_default())
            .collect();
        t.rows.push(TextRow {
            line: i as u64 + 1,
            cells,
        });
    }
    t
}

/// The rows of a KPI case. A value must feed an item of the scheme
/// (`sources`): a value no item reads would let the case pass without
/// testing it, so it is refused.
fn kpi_rows(table: &TextTable, groups: bool, sources: &[String]) -> Result<Vec<KpiRow>, Message> {
    let id_column = if groups { "group_id" } else { "org_id" };
    for name in &table.header {
        let source = name.split_once('@').map_or(name.as_str(), |(s, _)| s);
        let identity = [
            "org_id",
            "org_name",
            "group_id",
            "group_name",
            "org_type",
            "org_types",
        ];
        if !identity.contains(&source) && !sources.iter().any(|s| s == source) {
            let (suggestion, hint) = near(source, sources);
            return Err(Message::new(
                "case-kpi-feeds-nothing",
                &[("column", name.clone()), ("suggestion", suggestion)],
                format!(
                    "`{name}` feeds no item of the KPI scheme, so the case would not test it{hint}"
                ),
            ));
        }
    }
    let mut out = Vec::new();
    for (r, row) in table.rows.iter().enumerate() {
        let cell = |name: &str| table.get(r, name).map(str::to_string);
        let mut k = KpiRow::new(cell(id_column).ok_or_else(|| {
            Message::new(
                "case-row-no-column",
                &[
                    ("row", row.line.to_string()),
                    ("column", id_column.to_string()),
                ],
                format!("row {}: no `{id_column}`", row.line),
            )
        })?);
        k.name = cell(if groups { "group_name" } else { "org_name" });
        if !groups {
            k.group = cell("group_id");
            k.org_type = cell("org_type");
        } else if let Some(types) = cell("org_types") {
            k.org_types = types.split(';').map(|s| s.trim().to_string()).collect();
        }
        for (c, name) in table.header.iter().enumerate() {
            if [
                "org_id",
                "org_name",
                "group_id",
                "group_name",
                "org_type",
                "org_types",
            ]
            .contains(&name.as_str())
            {
                continue;
            }
            let text = &row.cells[c];
            if text.is_empty() {
                continue;
            }
            let value: Decimal = text.parse().map_err(|_| {
                Message::new(
                    "case-row-not-a-number",
                    &[
                        ("row", row.line.to_string()),
                        ("column", name.clone()),
                        ("value", text.clone()),
                    ],
                    format!("row {}: `{name}` = `{text}` is not a number", row.line),
                )
            })?;
            match name.split_once('@') {
                Some((source, period)) => {
                    let period: Period =
                        period.parse().map_err(|e: crate::time::PeriodError| {
                            Message::new(
                                "case-row-bad-period",
                                &[("row", row.line.to_string()), ("text", e.text.clone())],
                                format!("row {}: {e}", row.line),
                            )
                        })?;
                    let series = k.quarters.entry(source.to_string()).or_default();
                    series.push((period, Some(value)));
                    series.sort_by_key(|(p, _)| *p);
                }
                None => {
                    k.values.insert(name.clone(), value);
                }
            }
        }
        out.push(k);
    }
    Ok(out)
}

enum Outcome {
    Nok(Box<NokScores>),
    Kpi(KpiScores),
    Checked,
}

/// Columns of a `[[given]]` row that are not measures.
const GIVEN_EXPECTED: [&str; 2] = ["value", "judgement"];

/// Runs an `indicator` case: every given row computed and judged, each
/// expected field checked.
fn indicator_case(
    m: &Methodology,
    case: &Val,
    given: &TextTable,
    checker: &mut Checker,
) -> Result<(), Message> {
    let id = case.get("indicator").map(Val::text).ok_or_else(|| {
        Message::new::<&str>(
            "case-indicator-unnamed",
            &[],
            "an indicator case names its `indicator`",
        )
    })?;
    if m.indicator(&id).is_none() {
        let known: Vec<String> = m.indicators().iter().map(|i| i.id.clone()).collect();
        let (suggestion, hint) = near(&id, &known);
        return Err(Message::new(
            "case-indicator-unknown",
            &[("indicator", id.clone()), ("suggestion", suggestion)],
            format!("there is no indicator `{id}`{hint}"),
        ));
    }
    let date = case.get("date").map(Val::text).ok_or_else(|| {
        Message::new::<&str>(
            "case-indicator-no-date",
            &[],
            "an indicator case gives the `date` its references are chosen for",
        )
    })?;
    let date: chrono::NaiveDate = date.parse().map_err(|_| {
        Message::new(
            "case-indicator-bad-date",
            &[("date", date.clone())],
            format!("`date` = `{date}` is not a date (YYYY-MM-DD)"),
        )
    })?;
    let level = match case.get("level").map(Val::text).as_deref() {
        None | Some("org") => Level::Org,
        Some("unit") => Level::Unit,
        Some("group") => Level::Group,
        Some("region") => Level::Region,
        Some(other) => {
            return Err(Message::new(
                "case-indicator-bad-level",
                &[("level", other)],
                format!("`level` = `{other}`: use unit, org, group or region"),
            ));
        }
    };
    let text = |k: &str| case.get(k).map(Val::text);
    let (org_type, org, group, unit) = (
        text("org_type"),
        text("org_id"),
        text("group_id"),
        text("unit_id"),
    );
    let subject = Subject {
        level,
        unit: unit.as_deref(),
        org: org.as_deref(),
        group: group.as_deref(),
        org_type: org_type.as_deref(),
    };
    if given.rows.is_empty() {
        return Err(Message::new::<&str>(
            "case-indicator-no-rows",
            &[],
            "an indicator case needs [[given]] rows (or `input`)",
        ));
    }
    let measures_known: Vec<String> = m.measures().iter().map(|x| x.id.clone()).collect();
    for (r, row) in given.rows.iter().enumerate() {
        let mut measures = BTreeMap::new();
        for (c, name) in given.header.iter().enumerate() {
            let cell = &row.cells[c];
            if GIVEN_EXPECTED.contains(&name.as_str()) || cell.is_empty() {
                continue;
            }
            if !measures_known.contains(name) {
                let (suggestion, hint) = near(name, &measures_known);
                return Err(Message::new(
                    "case-given-unknown-measure",
                    &[
                        ("row", row.line.to_string()),
                        ("measure", name.clone()),
                        ("suggestion", suggestion),
                    ],
                    format!(
                        "given row {}: `{name}` is not a measure of the package{hint}",
                        row.line
                    ),
                ));
            }
            let n: i64 = cell.parse().map_err(|_| {
                Message::new(
                    "case-given-not-whole",
                    &[
                        ("row", row.line.to_string()),
                        ("measure", name.clone()),
                        ("value", cell.clone()),
                    ],
                    format!(
                        "given row {}: `{name}` = `{cell}` is not a whole number",
                        row.line
                    ),
                )
            })?;
            measures.insert(name.clone(), n);
        }
        let (value, judgement) = m.judge_given(&id, &measures, &subject, date).map_err(|e| {
            Message::new(
                "case-given-failed",
                &[("row", row.line.to_string()), ("detail", e.to_string())],
                format!("given row {}: {e}", row.line),
            )
        })?;
        let mut expected = 0;
        for field in GIVEN_EXPECTED {
            let Some(want) = given.get(r, field).filter(|w| !w.is_empty()) else {
                continue;
            };
            expected += 1;
            let at = format!("{}, {field}", row.line);
            let want = if want == "none" {
                Expected::Nothing
            } else if field == "value" {
                let d = number(want).ok_or_else(|| {
                    Message::new(
                        "case-given-value-not-a-number",
                        &[("row", row.line.to_string()), ("value", want.to_string())],
                        format!(
                            "given row {}: the expected `value` = `{want}` is not a number (write a point: 0.5)",
                            row.line
                        ),
                    )
                })?;
                Expected::Number(want.to_string(), d)
            } else {
                Expected::Text(want.to_string())
            };
            let got = if field == "value" {
                Got::Number(value)
            } else {
                Got::Text(Some(judgement_name(judgement)))
            };
            checker.check(Check::Given, at, &want, got);
        }
        if expected == 0 {
            return Err(Message::new(
                "case-given-nothing",
                &[("row", row.line)],
                format!(
                    "given row {}: say the `value` or the `judgement` expected",
                    row.line
                ),
            ));
        }
    }
    Ok(())
}

/// The `[[deviation]]` rows and the `[expect] deviations` count of an
/// evaluation case.
fn evaluation_expectations(root: &Val) -> Result<EvaluationCase, Message> {
    let mut deviations = Vec::new();
    let rows = match root.get("deviation") {
        None => &[][..],
        Some(Val::Array(rows)) => rows.as_slice(),
        Some(_) => {
            return Err(Message::new::<&str>(
                "case-deviation-not-a-list",
                &[],
                "`deviation` is a list of tables: write [[deviation]]",
            ));
        }
    };
    for (i, row) in rows.iter().enumerate() {
        let n = i + 1;
        for (k, _) in row.entries() {
            if !DEVIATION_KEYS.contains(&k.as_str()) {
                let keys = DEVIATION_KEYS.join(", ");
                return Err(Message::new(
                    "case-deviation-unknown-key",
                    &[
                        ("n", n.to_string()),
                        ("key", k.clone()),
                        ("keys", keys.clone()),
                    ],
                    format!("deviation {n}: unknown key `{k}`; a deviation holds {keys}"),
                ));
            }
        }
        let field = |k: &str| {
            row.get(k).map(Val::text).ok_or_else(|| {
                Message::new(
                    "case-deviation-no-key",
                    &[("n", n.to_string()), ("key", k.to_string())],
                    format!("deviation {n}: say its `{k}`"),
                )
            })
        };
        let severity = field("severity")?;
        if !["warning", "critical"].contains(&severity.as_str()) {
            return Err(Message::new(
                "case-deviation-bad-severity",
                &[("n", n.to_string()), ("severity", severity.clone())],
                format!("deviation {n}: `severity` = `{severity}`: use warning or critical"),
            ));
        }
        deviations.push(ExpectedDeviation {
            entity: field("entity")?,
            indicator: field("indicator")?,
            severity,
            owner: row.get("owner").map(Val::text),
            rule: row.get("rule").map_or_else(|| "band".into(), Val::text),
        });
    }
    let count = match root.get("expect").and_then(|e| e.get("deviations")) {
        None => None,
        Some(v) => Some(v.text().parse::<usize>().map_err(|_| {
            Message::new(
                "case-deviations-not-whole",
                &[("value", v.text())],
                format!("`deviations` = `{}` is not a whole number", v.text()),
            )
        })?),
    };
    if deviations.is_empty() && count.is_none() {
        return Err(Message::new::<&str>(
            "case-evaluation-expects-nothing",
            &[],
            "the case expects nothing: add [[deviation]] rows or [expect] deviations = N",
        ));
    }
    Ok(EvaluationCase { deviations, count })
}

fn judgement_name(j: crate::evaluate::Judgement) -> String {
    serde_json::to_value(j)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_else(|| format!("{j:?}"))
}

impl Methodology {
    /// Runs every test case in the package's test folder (`[contents]
    /// tests`) against this methodology. `files` are the package's files
    /// (the cases and the CSV files they read are among them); `tables`
    /// reads a folder of them (a path in the package, holding `units.csv`
    /// and table files) into a dataset, for cases of kind `evaluation`:
    /// the host's table reader (`etalon::run_tests` passes it), so that a
    /// case's tables are read exactly as a data folder is.
    pub fn run_tests(&self, files: &PackageFiles, tables: &TableReader<'_>) -> TestReport {
        let Some(dir) = &self.inner.scoring.tests else {
            return TestReport::default();
        };
        let prefix = format!("{dir}/");
        let cases = files
            .iter()
            .filter(|(p, _)| p.starts_with(&prefix) && p.ends_with(".toml"))
            .map(|(path, text)| self.run_case(files, tables, path, text))
            .collect();
        TestReport { cases }
    }

    fn run_case(
        &self,
        files: &PackageFiles,
        tables: &TableReader<'_>,
        path: &str,
        text: &str,
    ) -> CaseResult {
        let mut result = CaseResult {
            file: path.to_string(),
            name: path.to_string(),
            checks: 0,
            failures: Vec::new(),
            error: None,
            error_text: None,
        };
        if let Err(e) = self.case(files, tables, path, text, &mut result) {
            result.error = Some(e.english);
            result.error_text = Some(e.text);
        }
        result
    }

    fn case(
        &self,
        files: &PackageFiles,
        tables: &TableReader<'_>,
        path: &str,
        text: &str,
        result: &mut CaseResult,
    ) -> Result<(), Message> {
        let doc = DeTable::parse(text).map_err(|e| {
            let detail = e.message().to_string();
            match e.span() {
                Some(s) => {
                    let l = crate::diagnostics::SourceMap::new(path, text).locate(s.start);
                    Message::new(
                        "case-toml",
                        &[
                            ("line", l.line.to_string()),
                            ("column", l.column.to_string()),
                            ("detail", detail.clone()),
                        ],
                        format!(
                            "not valid TOML (line {}, column {}): {detail}",
                            l.line, l.column
                        ),
                    )
                }
                None => Message::new(
                    "case-toml-nowhere",
                    &[("detail", detail.clone())],
                    format!("not valid TOML: {detail}"),
                ),
            }
        })?;
        let root = Val::from_de(&DeValue::Table(doc.into_inner()));
        for (k, _) in root.entries() {
            if !super::CASE_SECTIONS.contains(&k.as_str()) {
                let sections = super::CASE_SECTIONS.join(", ");
                return Err(Message::new(
                    "case-unknown-section",
                    &[("section", k.clone()), ("sections", sections.clone())],
                    format!("unknown section `{k}`; a case holds {sections}"),
                ));
            }
        }
        let case = root.get("case").ok_or_else(|| {
            Message::new::<&str>(
                "case-no-case",
                &[],
                "a case needs a [case] section with a name and a kind",
            )
        })?;
        if let Some(name) = case.get("name") {
            result.name = name.text();
        }
        let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
        let table_file = |name: &str| -> Result<TextTable, Message> {
            let full = if folder.is_empty() {
                name.to_string()
            } else {
                format!("{folder}/{name}")
            };
            let text = files.get(&full).ok_or_else(|| {
                Message::new(
                    "case-file-missing",
                    &[("file", full.clone())],
                    format!("the case reads `{full}`, which is not in the package"),
                )
            })?;
            let parsed = if full.ends_with(".json") {
                TextTable::from_json(text)
            } else {
                TextTable::from_csv(text)
            };
            parsed.map_err(|e| {
                Message::new(
                    "case-file-bad",
                    &[
                        ("file", full.clone()),
                        ("line", e.line.to_string()),
                        ("detail", e.message.english.clone()),
                    ],
                    format!("{full}, {e}"),
                )
            })
        };
        let kind = case
            .get("kind")
            .map_or_else(|| "nok".to_string(), Val::text);
        let mut input = rows_table(root.get(if kind == "indicator" { "given" } else { "row" }));
        if let Some(file) = case.get("input") {
            if !input.rows.is_empty() {
                return Err(Message::new::<&str>(
                    "case-rows-twice",
                    &[],
                    "give the rows either in [[row]] or in `input`, not both",
                ));
            }
            input = table_file(&file.text())?;
        }
        let period: Option<Period> = match case.get("period") {
            Some(p) => Some(p.text().parse().map_err(|e: crate::time::PeriodError| {
                Message::new("period-bad", &[("text", e.text.clone())], e.to_string())
            })?),
            None => None,
        };
        let mut checker = Checker {
            tolerance: match case.get("tolerance") {
                Some(t) => Some(t.text().parse().map_err(|_| {
                    Message::new::<&str>("case-tolerance", &[], "`tolerance` is not a number")
                })?),
                None => None,
            },
            checks: 0,
            failures: Vec::new(),
        };
        let expect = root.get("expect");
        let mut wanted = expectations(expect);
        if let Some(file) = case.get("expected") {
            wanted.extend(expectations_from_csv(&table_file(&file.text())?)?);
        }
        let expected_error = expect.and_then(|e| e.get("error")).map(Val::text);
        // The scoring's own refusal, which `[expect] error` may expect.
        let failed = |e: String| Message::new("case-scoring-failed", &[("detail", e.clone())], e);
        let outcome: Result<Outcome, Message> = match kind.as_str() {
            "nok" => {
                let scheme = self.nok().ok_or_else(|| {
                    Message::new::<&str>("case-no-nok", &[], "the package has no НОК scheme")
                })?;
                let mut options = NokOptions {
                    period,
                    policies: BTreeMap::new(),
                };
                for (k, v) in case.get("policies").map_or(&[][..], Val::entries) {
                    options.policies.insert(k.clone(), v.text());
                }
                scheme
                    .read_table(&input, NokTable::Counts)
                    .map_err(|e| failed(e.to_string()))
                    .and_then(|rows| {
                        self.score_nok(&NokData::from_rows(rows), &options)
                            .map_err(|e| failed(e.to_string()))
                    })
                    .map(|s| Outcome::Nok(Box::new(s)))
            }
            "kpi" => {
                let scheme = self.kpi().ok_or_else(|| {
                    Message::new::<&str>("case-no-kpi", &[], "the package has no KPI scheme")
                })?;
                let sources: Vec<String> =
                    scheme.items.iter().map(|i| i.source.to_string()).collect();
                let orgs = kpi_rows(&input, false, &sources)?;
                let groups = kpi_rows(&rows_table(root.get("group")), true, &sources)?;
                let per_year = match case.get("per_year") {
                    Some(n) => n.text().parse().map_err(|_| {
                        Message::new::<&str>("case-per-year", &[], "`per_year` is a whole number")
                    })?,
                    None => 4,
                };
                self.score_kpi(&KpiInput {
                    period,
                    per_year,
                    orgs,
                    groups,
                })
                .map_err(|e| failed(e.to_string()))
                .map(Outcome::Kpi)
            }
            "indicator" => {
                indicator_case(self, case, &input, &mut checker)?;
                Ok(Outcome::Checked)
            }
            "evaluation" => {
                let period = period.ok_or_else(|| {
                    Message::new::<&str>(
                        "case-evaluation-no-period",
                        &[],
                        "an evaluation case gives the `period` evaluated",
                    )
                })?;
                let wanted = evaluation_expectations(&root)?;
                let data = case.get("data").map(Val::text).ok_or_else(|| {
                    Message::new::<&str>(
                        "case-evaluation-no-data",
                        &[],
                        "an evaluation case names its `data` folder (beside the case, with units.csv and the tables)",
                    )
                })?;
                let folder = if folder.is_empty() {
                    data
                } else {
                    format!("{folder}/{data}")
                };
                let dataset = tables(&folder).map_err(|e| {
                    Message::new("case-evaluation-tables", &[("detail", e.clone())], e)
                })?;
                match self.evaluate(&dataset, period) {
                    Ok(evaluation) => {
                        let (checks, failures) =
                            evaluation_case::compare(self, &dataset, &evaluation, &wanted)
                                .map_err(|e| {
                                    Message::new(
                                        "case-evaluation-compare",
                                        &[("detail", e.clone())],
                                        e,
                                    )
                                })?;
                        checker.checks += checks;
                        checker.failures.extend(failures);
                        Ok(Outcome::Checked)
                    }
                    Err(e) => Err(failed(e.to_string())),
                }
            }
            other => {
                let kinds = super::CASE_KINDS.join(", ");
                return Err(Message::new(
                    "case-unknown-kind",
                    &[("kind", other.to_string()), ("kinds", kinds.clone())],
                    format!("unknown kind `{other}`; the kinds are {kinds}"),
                ));
            }
        };
        match (outcome, expected_error) {
            (Err(e), Some(want)) => {
                checker.check(
                    Check::Error,
                    String::new(),
                    &Expected::Text(want.clone()),
                    Got::Text(Some(if e.english.contains(&want) {
                        want
                    } else {
                        e.english
                    })),
                );
            }
            (Err(e), None) => return Err(e),
            (Ok(_), Some(want)) => {
                checker.check(
                    Check::Error,
                    String::new(),
                    &Expected::Text(want),
                    Got::NoError,
                );
            }
            (Ok(Outcome::Checked), None) => {}
            (Ok(outcome), None) => {
                if wanted.is_empty() {
                    return Err(Message::new::<&str>(
                        "case-expects-nothing",
                        &[],
                        "the case expects nothing: add [expect.org.<id>] figures (or an error)",
                    ));
                }
                for w in &wanted {
                    let at = match &w.id {
                        Some(id) => format!("{} {id}, {}", w.kind, w.figure),
                        None => format!("{}, {}", w.kind, w.figure),
                    };
                    let id = w.id.as_deref().unwrap_or_default();
                    let got = match (&outcome, w.kind.as_str()) {
                        (Outcome::Nok(s), "org") => {
                            s.org(id).map_or(Got::Unknown, |o| org_figure(o, &w.figure))
                        }
                        (Outcome::Nok(s), "region") => nok_figure(&s.region, &w.figure),
                        (Outcome::Nok(s), "group") => s
                            .group(id)
                            .map_or(Got::Unknown, |g| nok_figure(g, &w.figure)),
                        (Outcome::Nok(s), "sector") => s
                            .sector(id)
                            .map_or(Got::Unknown, |g| nok_figure(g, &w.figure)),
                        (Outcome::Kpi(s), "director") => s
                            .director(id)
                            .map_or(Got::Unknown, |m| manager_figure(m, &w.figure)),
                        (Outcome::Kpi(s), "head") => s
                            .head(id)
                            .map_or(Got::Unknown, |m| manager_figure(m, &w.figure)),
                        _ => Got::Unknown,
                    };
                    checker.check(Check::Figure, at, &w.value, got);
                }
            }
        }
        result.checks = checker.checks;
        result.failures = checker.failures;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::testkit::standard_nok;

    fn files(case: &str) -> (Methodology, PackageFiles) {
        let m = standard_nok();
        let mut files = PackageFiles::new();
        files.insert("tests/case.toml", case);
        (m, files)
    }

    fn run(m: &Methodology, files: &PackageFiles) -> TestReport {
        // The unit-test package has no [contents] tests: run the one case.
        let (path, text) = files.iter().next().unwrap();
        let no_tables = |folder: &str| Err(format!("no tables in `{folder}`"));
        TestReport {
            cases: vec![m.run_case(files, &no_tables, path, text)],
        }
    }

    const CASE: &str = r#"
        [case]
        name = "caps"
        kind = "nok"
        [[row]]
        org_id = "A"
        period = "2026"
        info_stand_present = 15
        info_stand_required = 18
        info_site_present = 30
        info_site_required = 36
        distance_channels = 4
        open_stand_satisfied = 40
        open_stand_base = 45
        open_site_satisfied = 35
        open_site_base = 40
        comfort_conditions = 4
        timely_served = 90
        timely_base = 100
        comfort_satisfied = 95
        comfort_base = 100
        disab_facility_items = 3
        disab_service_items = 4
        disab_satisfied = 0
        disab_base = 0
        polite_first_satisfied = 97
        polite_first_base = 100
        polite_service_satisfied = 98
        polite_service_base = 100
        polite_remote_satisfied = 30
        polite_remote_base = 32
        recommend_yes = 92
        recommend_base = 100
        org_conditions_satisfied = 96
        org_conditions_base = 100
        overall_satisfied = 95
        overall_base = 100
        [expect.org.A]
        "1.2" = 100
        "3.3" = "none"
        k3 = 71.43
        notes = ["cap:1.2", "zero_base:3.3"]
        [expect.region]
        organisations = 1
    "#;

    #[test]
    fn a_case_passes_and_an_altered_one_fails_with_a_diff() {
        let (m, f) = files(CASE);
        let report = run(&m, &f);
        assert!(report.passed(), "{report}");
        assert_eq!(report.cases[0].checks, 5);
        let (m, f) = files(
            &CASE
                .replace("k3 = 71.43", "k3 = 71.42")
                .replace("\"1.2\" = 100", "\"1.2\" = 90"),
        );
        let report = run(&m, &f);
        assert!(!report.passed());
        let text = report.to_string();
        assert!(text.contains("FAILED tests/case.toml — caps"), "{text}");
        assert!(text.contains("org A, 1.2"), "{text}");
        assert!(text.contains("expected 90"), "{text}");
        assert!(text.contains("got 100"), "{text}");
        assert!(text.contains("org A, k3"), "{text}");
        assert_eq!(report.cases[0].failures.len(), 2);
    }

    #[test]
    fn expected_errors_and_bad_cases() {
        let (m, f) = files(
            &CASE
                .replace("open_stand_satisfied = 40", "open_stand_satisfied = 50")
                .replace(
                    "[expect.org.A]",
                    "[expect]\nerror = \"more than open_stand_base\"\n[expect.org.A]",
                ),
        );
        let report = run(&m, &f);
        assert!(report.passed(), "{report}");
        let (m, f) = files("[case]\nname = \"x\"\nkind = \"nok\"\n[expect.org.A]\nk1 = 1\n");
        let report = run(&m, &f);
        assert!(report.cases[0].error.is_some());
        let (m, f) = files("[cas]\nname = \"x\"\n");
        assert!(
            run(&m, &f).cases[0]
                .error
                .as_deref()
                .unwrap()
                .contains("unknown section")
        );
    }

    /// The error of a case that cannot run, in English and as the
    /// catalogue message hosts say in every language.
    fn error_of(case: &str, more: &[(&str, &str)]) -> (String, Text) {
        let (m, mut f) = files(case);
        for (path, text) in more {
            f.insert(*path, *text);
        }
        let result = m.run_case(&f, &|_: &str| Err(String::new()), "tests/case.toml", case);
        assert!(
            result.failures.is_empty() && result.checks == 0,
            "{result:?}"
        );
        (result.error.unwrap(), result.error_text.unwrap())
    }

    #[test]
    fn a_case_that_is_not_toml_is_placed_by_line_and_column() {
        let (english, text) = error_of("[case]\nname = \"x\"\nkind = @\n", &[]);
        assert_eq!(
            english,
            "not valid TOML (line 3, column 8): string values must be quoted, expected literal string"
        );
        assert_eq!(
            text,
            Text::new(
                "case-toml",
                &[
                    ("line", "3"),
                    ("column", "8"),
                    (
                        "detail",
                        "string values must be quoted, expected literal string"
                    ),
                ],
            )
        );
    }

    #[test]
    fn a_case_without_its_section_or_a_deviation_without_a_key_is_named() {
        let (english, text) = error_of("[expect]\nk1 = 1\n", &[]);
        assert_eq!(
            english,
            "a case needs a [case] section with a name and a kind"
        );
        assert_eq!(text, Text::new::<&str>("case-no-case", &[]));
        let (english, text) = error_of(
            "[case]\nname = \"e\"\nkind = \"evaluation\"\nperiod = \"2026\"\n\
             [[deviation]]\nentity = \"org:O1\"\nseverity = \"warning\"\n",
            &[],
        );
        assert_eq!(english, "deviation 1: say its `indicator`");
        assert_eq!(
            text,
            Text::new("case-deviation-no-key", &[("n", "1"), ("key", "indicator")])
        );
    }

    #[test]
    fn a_bad_csv_of_expectations_names_its_line_and_column() {
        let case = "[case]\nname = \"x\"\nkind = \"nok\"\nexpected = \"want.csv\"\n";
        let (english, text) = error_of(case, &[("tests/want.csv", "entity,figure\norg:A,k1\n")]);
        assert_eq!(english, "line 2: no `value`");
        assert_eq!(
            text,
            Text::new("case-csv-no-column", &[("line", "2"), ("column", "value")])
        );
        let (english, text) = error_of(case, &[]);
        assert_eq!(
            english,
            "the case reads `tests/want.csv`, which is not in the package"
        );
        assert_eq!(
            text,
            Text::new("case-file-missing", &[("file", "tests/want.csv")])
        );
    }

    #[test]
    fn an_unknown_indicator_is_named_with_no_near_name() {
        let (english, text) = error_of(
            "[case]\nname = \"i\"\nkind = \"indicator\"\nindicator = \"k99\"\n",
            &[],
        );
        assert_eq!(english, "there is no indicator `k99`");
        assert_eq!(
            text,
            Text::new(
                "case-indicator-unknown",
                &[("indicator", "k99"), ("suggestion", "none")]
            )
        );
    }
}
