//! KPI points of managers: a scheme of items, each turning a value
//! (an indicator of the evaluation, a НОК figure, the share of deviations
//! closed on time, the execution of the improvement plan) into points by
//! threshold steps or a pass/fail test, with weights, per-quarter accrual
//! and caps. Directors are ranked within their group and the region; heads
//! of territorial administrations (groups) within the region. Every total
//! explains itself item by item.

use std::collections::{BTreeMap, HashMap};
use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::nok::{NokScheme, NokScores};
use super::{Exact, ranks};
use super::{is_id, message_bad_id};
use crate::data::{Level, OrgTree};
use crate::diagnostics::{Diagnostic, Location, Message, Text};
use crate::evaluate::Evaluation;
use crate::methodology::{Indicator, Methodology};
use crate::package::source::TomlDoc;
use crate::package::values::Num;
use crate::time::{Period, PeriodKind};

/// Where an item's value comes from.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(into = "String", try_from = "String")]
pub enum KpiSource {
    /// An indicator of the evaluation (`indicator:gen_satisfied`).
    Indicator(String),
    /// A НОК figure: `nok:total`, a criterion (`nok:k3`) or an indicator
    /// (`nok:3.3`).
    Nok(String),
    /// The share of deviations closed on time, from the deviation journal
    /// (`journal:closed_on_time`, percent).
    Journal,
    /// The share of improvement-plan measures executed on time
    /// (`plans:on_time`, percent).
    Plans,
}

impl fmt::Display for KpiSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            KpiSource::Indicator(i) => write!(f, "indicator:{i}"),
            KpiSource::Nok(n) => write!(f, "nok:{n}"),
            KpiSource::Journal => f.write_str("journal:closed_on_time"),
            KpiSource::Plans => f.write_str("plans:on_time"),
        }
    }
}

impl From<KpiSource> for String {
    fn from(s: KpiSource) -> String {
        s.to_string()
    }
}

impl TryFrom<String> for KpiSource {
    type Error = String;
    fn try_from(s: String) -> Result<Self, String> {
        s.parse()
    }
}

impl std::str::FromStr for KpiSource {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s.split_once(':') {
            Some(("indicator", i)) if !i.is_empty() => Ok(KpiSource::Indicator(i.to_string())),
            Some(("nok", n)) if !n.is_empty() => Ok(KpiSource::Nok(n.to_string())),
            Some(("journal", "closed_on_time")) => Ok(KpiSource::Journal),
            Some(("plans", "on_time")) => Ok(KpiSource::Plans),
            _ => Err(format!(
                "`{s}` is not a value source; write indicator:<id>, nok:total, nok:<criterion or indicator>, journal:closed_on_time or plans:on_time"
            )),
        }
    }
}

/// One threshold step: a value inside gives the points.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    /// Lowest value inside (inclusive).
    pub min: Option<Decimal>,
    /// Highest value inside (inclusive).
    pub max: Option<Decimal>,
    /// Points for a value inside.
    pub points: Decimal,
}

impl Step {
    fn contains(&self, v: Decimal) -> bool {
        self.min.is_none_or(|m| v >= m) && self.max.is_none_or(|m| v <= m)
    }
}

impl fmt::Display for Step {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.min, self.max) {
            (Some(a), Some(b)) => write!(f, "{a}..{b} → {}", self.points),
            (Some(a), None) => write!(f, "≥ {a} → {}", self.points),
            (None, Some(b)) => write!(f, "≤ {b} → {}", self.points),
            (None, None) => write!(f, "any → {}", self.points),
        }
    }
}

/// How an item's points accrue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Accrual {
    /// Points for the value of the period scored.
    Period,
    /// Points for each quarter of the year, up to the period scored, added
    /// up (and cut to the item's cap): "5 per quarter, 20 per year".
    Quarterly,
}

/// What an item without a value gives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Missing {
    /// No points (reported).
    Zero,
    /// The item does not count for this manager: neither points nor maximum.
    NotApplicable,
}

/// An item of the scheme.
#[derive(Debug, Clone, Serialize)]
pub struct KpiItem {
    /// Stable id.
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name (English).
    pub name_en: Option<String>,
    /// Where the value comes from.
    pub source: KpiSource,
    /// Threshold steps, the first that holds gives its points; none: 0.
    pub steps: Vec<Step>,
    /// Whether it is a pass/fail item (one step).
    pub binary: bool,
    /// Points are multiplied by this.
    pub weight: Decimal,
    /// How points accrue.
    pub accrual: Accrual,
    /// Most points the item gives (after accrual).
    pub cap: Option<Decimal>,
    /// Organisation types it applies to (empty: all).
    pub org_types: Vec<String>,
    /// What a missing value gives.
    pub missing: Missing,
    /// Where the item comes from: what was seen in a real scheme, what is
    /// proposed.
    pub basis: Option<String>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

impl KpiItem {
    fn step_max(&self) -> Decimal {
        self.steps
            .iter()
            .map(|s| s.points)
            .max()
            .unwrap_or_default()
            .max(Decimal::ZERO)
    }

    /// The most points the item can give (weighted), for a year of
    /// `per_year` periods of accrual.
    pub fn max_points(&self, per_year: u32) -> Decimal {
        let mut m = self.step_max();
        if self.accrual == Accrual::Quarterly {
            m *= Decimal::from(per_year);
        }
        if let Some(cap) = self.cap {
            m = m.min(cap);
        }
        m * self.weight
    }
}

/// How managers are ranked.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RankBy {
    /// By points.
    Points,
    /// By points as a percentage of the most the manager's items can give
    /// (fair when items apply to some organisation types only).
    Percent,
}

/// How the head of a territorial administration is scored.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum GroupScore {
    /// The mean of the points of the group's directors.
    MeanOfDirectors,
    /// The scheme applied to the group's own figures (indicators rolled up
    /// to the group, the group's НОК figure, means of the on-time shares).
    GroupFigures,
}

/// The KPI scheme of a package.
#[derive(Debug, Clone, Serialize)]
pub struct KpiScheme {
    /// Stable id.
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name (English).
    pub name_en: Option<String>,
    /// The acts and schemes it follows.
    pub source: Option<String>,
    /// How managers are ranked.
    pub rank_by: RankBy,
    /// How group heads are scored.
    pub group_score: GroupScore,
    /// Decimals shown.
    pub decimals: u32,
    /// The items.
    pub items: Vec<KpiItem>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScheme {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    source: Option<String>,
    rank_by: Option<RankBy>,
    group_score: Option<GroupScore>,
    decimals: Option<u32>,
    missing: Option<Missing>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawStep {
    min: Option<Num>,
    max: Option<Num>,
    points: Num,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPass {
    min: Option<Num>,
    max: Option<Num>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawItem {
    id: Spanned<String>,
    name: String,
    name_en: Option<String>,
    value: Spanned<String>,
    steps: Option<Vec<RawStep>>,
    pass: Option<RawPass>,
    points: Option<Num>,
    weight: Option<Num>,
    accrual: Option<Accrual>,
    cap: Option<Num>,
    org_types: Option<Vec<String>>,
    missing: Option<Missing>,
    basis: Option<String>,
}

/// Reads the KPI file.
pub(crate) fn compile(
    file: &str,
    text: &str,
    indicators: &[Indicator],
    nok: Option<&NokScheme>,
    diags: &mut Vec<Diagnostic>,
) -> Option<KpiScheme> {
    let doc = TomlDoc::parse(file, text, diags)?;
    doc.reject_unknown_keys(&["scheme", "item"], diags);
    let before = diags.iter().filter(|d| d.is_error()).count();
    let Some((scheme_at, raw)) = doc.table::<RawScheme>("scheme", diags) else {
        if !diags.iter().any(|d| d.file == file && d.is_error()) {
            diags.push(
                Diagnostic::error(
                    "missing-section",
                    Location::file(file),
                    "the KPI file needs a [scheme] section with id and name",
                )
                .with_text::<&str>("kpi-missing-scheme", &[]),
            );
        }
        return None;
    };
    if !is_id(raw.id.get_ref()) {
        diags.push(
            Diagnostic::error(
                "bad-id",
                doc.at(raw.id.span()),
                message_bad_id(raw.id.get_ref()),
            )
            .with_text("bad-id", &[("id", raw.id.get_ref())]),
        );
    }
    let mut items: Vec<KpiItem> = Vec::new();
    for (at, r) in doc.array::<RawItem>("item", diags) {
        let id = r.id.get_ref().clone();
        // The error `code` at `at`: its English `message`, and the
        // catalogue message `text` with its values.
        let mut fail =
            |code: &str, at: Location, message: String, text: &str, args: &[(&str, &str)]| {
                diags.push(
                    Diagnostic::error(code, at, message)
                        .with_rule(&id)
                        .with_text(text, args),
                );
            };
        if !is_id(&id) {
            fail(
                "bad-id",
                doc.at(r.id.span()),
                message_bad_id(&id),
                "bad-id",
                &[("id", &id)],
            );
        }
        if items.iter().any(|i| i.id == id) {
            fail(
                "duplicate-id",
                doc.at(r.id.span()),
                format!("item `{id}` is defined twice"),
                "kpi-duplicate-item",
                &[("id", &id)],
            );
            continue;
        }
        let source = match r.value.get_ref().parse::<KpiSource>() {
            Ok(s) => s,
            Err(m) => {
                fail(
                    "bad-source",
                    doc.at(r.value.span()),
                    m,
                    "kpi-bad-source",
                    &[("value", r.value.get_ref())],
                );
                continue;
            }
        };
        match &source {
            KpiSource::Indicator(i) if !indicators.iter().any(|x| &x.id == i) => {
                let known: Vec<String> = indicators.iter().map(|x| x.id.clone()).collect();
                let message = format!("there is no indicator `{i}`");
                match crate::filter::suggest(i, &known) {
                    Some(s) => fail(
                        "unknown-indicator",
                        doc.at(r.value.span()),
                        format!("{message}; did you mean `{s}`?"),
                        "unknown-indicator-suggest",
                        &[("id", i), ("suggestion", s)],
                    ),
                    None => fail(
                        "unknown-indicator",
                        doc.at(r.value.span()),
                        message,
                        "unknown-indicator",
                        &[("id", i)],
                    ),
                }
            }
            KpiSource::Nok(n) => match nok {
                None => fail(
                    "unknown-source",
                    doc.at(r.value.span()),
                    "the package has no НОК scheme ([contents] nok) for a `nok:` value".into(),
                    "kpi-no-nok",
                    &[],
                ),
                Some(s) if n != "total" && s.criterion(n).is_none() && s.indicator(n).is_none() => {
                    fail(
                        "unknown-source",
                        doc.at(r.value.span()),
                        format!(
                            "`{n}` is neither `total`, a criterion nor an indicator of the НОК scheme"
                        ),
                        "kpi-unknown-nok",
                        &[("name", n)],
                    )
                }
                Some(_) => {}
            },
            _ => {}
        }
        let steps: Vec<Step> = match (&r.steps, &r.pass, &r.points) {
            (Some(steps), None, None) => {
                if steps.is_empty() {
                    fail(
                        "empty-list",
                        at.clone(),
                        "`steps` lists no step".into(),
                        "kpi-no-steps",
                        &[],
                    );
                }
                steps
                    .iter()
                    .map(|s| {
                        if s.min.is_none() && s.max.is_none() {
                            fail(
                                "bad-step",
                                at.clone(),
                                "a step needs a min, a max or both".into(),
                                "kpi-step-empty",
                                &[],
                            );
                        }
                        Step {
                            min: s.min.map(|n| n.0),
                            max: s.max.map(|n| n.0),
                            points: s.points.0,
                        }
                    })
                    .collect()
            }
            (None, Some(pass), Some(points)) => {
                if pass.min.is_none() && pass.max.is_none() {
                    fail(
                        "bad-step",
                        at.clone(),
                        "`pass` needs a min, a max or both".into(),
                        "kpi-pass-empty",
                        &[],
                    );
                }
                vec![Step {
                    min: pass.min.map(|n| n.0),
                    max: pass.max.map(|n| n.0),
                    points: points.0,
                }]
            }
            _ => {
                fail(
                    "conflict",
                    at.clone(),
                    "an item gives points either by `steps = [{ min = .., points = .. }, ...]` or by `pass = { min = .. }` with `points = ..`".into(),
                    "kpi-steps-or-pass",
                    &[],
                );
                continue;
            }
        };
        for s in &steps {
            if s.points.is_sign_negative() && !s.points.is_zero() {
                fail(
                    "bad-step",
                    at.clone(),
                    "points cannot be negative".into(),
                    "kpi-negative-points",
                    &[],
                );
            }
            if let (Some(a), Some(b)) = (s.min, s.max) {
                if a > b {
                    fail(
                        "bad-step",
                        at.clone(),
                        format!("a step has min {a} above max {b}"),
                        "kpi-step-inverted",
                        &[("min", &a.to_string()), ("max", &b.to_string())],
                    );
                }
            }
        }
        let weight = r.weight.map_or(Decimal::ONE, |w| w.0);
        if weight <= Decimal::ZERO {
            fail(
                "bad-weight",
                at.clone(),
                "a weight is above 0".into(),
                "nok-weight-positive",
                &[],
            );
        }
        items.push(KpiItem {
            id,
            name: r.name,
            name_en: r.name_en,
            binary: r.pass.is_some(),
            source,
            steps,
            weight,
            accrual: r.accrual.unwrap_or(Accrual::Period),
            cap: r.cap.map(|c| c.0),
            org_types: r.org_types.unwrap_or_default(),
            missing: r.missing.or(raw.missing).unwrap_or(Missing::Zero),
            basis: r.basis,
            location: at,
        });
    }
    if items.is_empty() {
        diags.push(
            Diagnostic::error(
                "empty-list",
                scheme_at,
                "the KPI file lists no items ([[item]])",
            )
            .with_text::<&str>("kpi-no-items", &[]),
        );
    }
    let after = diags.iter().filter(|d| d.is_error()).count();
    (after == before).then(|| KpiScheme {
        id: raw.id.into_inner(),
        name: raw.name,
        name_en: raw.name_en,
        source: raw.source,
        rank_by: raw.rank_by.unwrap_or(RankBy::Points),
        group_score: raw.group_score.unwrap_or(GroupScore::MeanOfDirectors),
        decimals: raw.decimals.unwrap_or(1).min(10),
        items,
    })
}

/// The values of one manager's organisation (or group).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiRow {
    /// Organisation (or group) id.
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// Its group (organisations only).
    pub group: Option<String>,
    /// Its organisation type (organisations only).
    pub org_type: Option<String>,
    /// For a group: the organisation types in it.
    pub org_types: Vec<String>,
    /// Values of the period scored, by source (`indicator:gen_satisfied`).
    pub values: BTreeMap<String, Decimal>,
    /// Values of each quarter of the year, by source (quarterly items).
    pub quarters: BTreeMap<String, Vec<(Period, Option<Decimal>)>>,
}

impl KpiRow {
    /// A row with no values yet.
    pub fn new(id: impl Into<String>) -> Self {
        KpiRow {
            id: id.into(),
            ..KpiRow::default()
        }
    }

    /// With the value of `source`.
    pub fn with(mut self, source: &str, value: impl Into<Decimal>) -> Self {
        self.values.insert(source.to_string(), value.into());
        self
    }
}

/// The values a KPI scoring reads.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct KpiInput {
    /// The period scored.
    pub period: Option<Period>,
    /// Periods of accrual in a year (4 for quarters).
    pub per_year: u32,
    /// One row per organisation (director).
    pub orgs: Vec<KpiRow>,
    /// One row per group (head of a territorial administration), with the
    /// group's own figures (used when the scheme scores group figures).
    pub groups: Vec<KpiRow>,
}

/// Where the values of a KPI scoring come from.
#[derive(Debug, Clone, Copy)]
pub struct KpiSources<'a> {
    /// The organisation tree: who the directors and the heads are.
    pub tree: &'a OrgTree,
    /// The evaluation of the period (quarterly items read its window).
    pub evaluation: Option<&'a Evaluation>,
    /// The НОК scores.
    pub nok: Option<&'a NokScores>,
    /// Per organisation, the share of deviations closed on time (percent),
    /// from the deviation journal.
    pub journal: Option<&'a BTreeMap<String, Decimal>>,
    /// Per organisation, the share of improvement-plan measures executed on
    /// time (percent).
    pub plans: Option<&'a BTreeMap<String, Decimal>>,
}

/// One item of one manager, explained.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ItemScore {
    /// Item id.
    pub item: String,
    /// Its name.
    pub name: String,
    /// Where its value comes from.
    pub source: String,
    /// The value (of the period scored).
    pub value: Option<Decimal>,
    /// For quarterly items: each quarter's value and points.
    pub quarters: Vec<QuarterPoints>,
    /// The step that gave the points (`≥ 95 → 5`), or why none did, in
    /// English.
    pub rule: String,
    /// The catalogue message that says `rule` in every language (not
    /// written out, as [`PolicyNote::text`](super::PolicyNote::text)).
    #[serde(skip)]
    pub rule_text: Option<Text>,
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
    /// A remark (cap, missing value, not applicable), in English.
    pub note: Option<String>,
    /// The catalogue message that says `note` in every language.
    #[serde(skip)]
    pub note_text: Option<Text>,
}

impl ItemScore {
    /// Sets the rule, in English and as its catalogue message.
    fn set_rule(&mut self, rule: Message) {
        self.rule = rule.english;
        self.rule_text = Some(rule.text);
    }

    /// Sets the remark, in English and as its catalogue message.
    fn set_note(&mut self, note: Message) {
        self.note = Some(note.english);
        self.note_text = Some(note.text);
    }
}

/// One quarter of a quarterly item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuarterPoints {
    /// The quarter.
    pub period: Period,
    /// Its value.
    pub value: Option<Decimal>,
    /// Its points.
    pub points: Decimal,
}

/// The points of one manager.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManagerScore {
    /// Organisation id (director) or group id (head).
    pub id: String,
    /// Its name.
    pub name: Option<String>,
    /// The group (directors).
    pub group: Option<String>,
    /// The organisation type (directors).
    pub org_type: Option<String>,
    /// Item by item.
    pub items: Vec<ItemScore>,
    /// Points.
    pub points: Decimal,
    /// The most the applicable items can give.
    pub max_points: Decimal,
    /// Points as a percentage of the maximum.
    pub percent: Option<Decimal>,
    /// Rank in the region (1 is best; ties share a rank).
    pub rank: Option<u32>,
    /// Rank in the group (directors).
    pub rank_in_group: Option<u32>,
}

impl ManagerScore {
    /// An item's explanation.
    pub fn item(&self, id: &str) -> Option<&ItemScore> {
        self.items.iter().find(|i| i.item == id)
    }
}

/// The KPI points of a period.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct KpiScores {
    /// Package id and version.
    pub package: String,
    /// Scheme id.
    pub scheme: String,
    /// Scheme name.
    pub name: String,
    /// The period scored.
    pub period: Option<Period>,
    /// How managers are ranked.
    pub rank_by: RankBy,
    /// How heads are scored.
    pub group_score: GroupScore,
    /// Directors of organisations.
    pub directors: Vec<ManagerScore>,
    /// Heads of territorial administrations.
    pub heads: Vec<ManagerScore>,
}

impl KpiScores {
    /// A director's points.
    pub fn director(&self, org: &str) -> Option<&ManagerScore> {
        self.directors.iter().find(|d| d.id == org)
    }

    /// A head's points.
    pub fn head(&self, group: &str) -> Option<&ManagerScore> {
        self.heads.iter().find(|d| d.id == group)
    }

    /// The deterministic JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }
}

/// Why KPI points could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum KpiError {
    /// The package has no KPI scheme.
    #[error("the rule package has no KPI scheme (add `kpi = \"...\"` to [contents])")]
    NoScheme,
    /// The values given do not fit the scheme.
    #[error("KPI input: {0}")]
    Input(crate::Message),
}

impl Methodology {
    /// The KPI scheme of the package, if it has one.
    pub fn kpi(&self) -> Option<&KpiScheme> {
        self.inner.scoring.kpi.as_ref()
    }

    /// Gathers, for every organisation and group of the tree, the values
    /// the KPI items read.
    pub fn kpi_input(&self, sources: &KpiSources) -> Result<KpiInput, KpiError> {
        let scheme = self.kpi().ok_or(KpiError::NoScheme)?;
        let tree = sources.tree;
        let mut by_entity: HashMap<(Level, &str, &str), &crate::evaluate::IndicatorValue> =
            HashMap::new();
        if let Some(e) = sources.evaluation {
            for v in &e.values {
                if matches!(v.entity.level, Level::Org | Level::Group) {
                    by_entity.insert((v.entity.level, v.entity.id.as_str(), &*v.indicator), v);
                }
            }
        }
        let period = sources.evaluation.map(|e| e.period);
        let quarterly = scheme.items.iter().any(|i| i.accrual == Accrual::Quarterly);
        if quarterly {
            if let Some(e) = sources.evaluation {
                if e.period.kind() != PeriodKind::Quarter {
                    let period = e.period.to_string();
                    return Err(KpiError::Input(crate::Message::new(
                        "kpi-quarterly",
                        &[("period", &period)],
                        format!(
                            "the scheme has quarterly items, so the evaluation must be of a quarter, not {period}"
                        ),
                    )));
                }
            }
        }
        let value_of = |level: Level, id: &str, source: &KpiSource| -> Option<Decimal> {
            match source {
                KpiSource::Indicator(i) => by_entity
                    .get(&(level, id, i.as_str()))
                    .and_then(|v| v.value),
                KpiSource::Nok(n) => {
                    let nok = sources.nok?;
                    if level == Level::Org {
                        let o = nok.org(id)?;
                        if n == "total" {
                            o.total
                        } else {
                            o.criterion(n)
                                .or_else(|| o.indicator(n).and_then(|i| i.value))
                        }
                    } else {
                        let g = nok.group(id)?;
                        if n == "total" {
                            g.total
                        } else {
                            g.criterion(n).or_else(|| {
                                let ind = self.nok()?.indicator(n)?;
                                g.indicators
                                    .iter()
                                    .find(|x| x.id == ind.id)
                                    .and_then(|x| x.value)
                            })
                        }
                    }
                }
                KpiSource::Journal | KpiSource::Plans => {
                    let map = if *source == KpiSource::Journal {
                        sources.journal?
                    } else {
                        sources.plans?
                    };
                    if level == Level::Org {
                        map.get(id).copied()
                    } else {
                        let g = tree.find(Level::Group, id)?;
                        let shares: Vec<Decimal> = tree
                            .orgs()
                            .iter()
                            .filter(|o| o.group == g)
                            .filter_map(|o| map.get(&o.id).copied())
                            .collect();
                        let shares: Vec<Exact> =
                            shares.into_iter().map(Exact::from_decimal).collect();
                        mean(&shares).map(|m| m.to_decimal())
                    }
                }
            }
        };
        let quarters_of =
            |level: Level, id: &str, source: &KpiSource| -> Vec<(Period, Option<Decimal>)> {
                let (Some(e), KpiSource::Indicator(i)) = (sources.evaluation, source) else {
                    return Vec::new();
                };
                let Some(v) = by_entity.get(&(level, id, i.as_str())) else {
                    return e
                        .periods
                        .iter()
                        .filter(|p| p.year() == e.period.year())
                        .map(|p| (*p, None))
                        .collect();
                };
                let series = v.history.iter().copied().chain(std::iter::once(v.value));
                e.periods
                    .iter()
                    .copied()
                    .zip(series)
                    .filter(|(p, _)| p.year() == e.period.year())
                    .collect()
            };
        let fill = |level: Level, mut row: KpiRow| -> KpiRow {
            for item in &scheme.items {
                let key = item.source.to_string();
                if let Some(v) = value_of(level, &row.id, &item.source) {
                    row.values.insert(key.clone(), v);
                }
                if item.accrual == Accrual::Quarterly {
                    row.quarters
                        .insert(key, quarters_of(level, &row.id, &item.source));
                }
            }
            row
        };
        let orgs = tree
            .orgs()
            .iter()
            .map(|o| {
                let row = KpiRow {
                    id: o.id.clone(),
                    name: Some(o.name.clone()),
                    group: Some(tree.groups()[o.group].id.clone()),
                    org_type: Some(o.org_type.clone()),
                    ..KpiRow::default()
                };
                fill(Level::Org, row)
            })
            .collect();
        let groups = tree
            .groups()
            .iter()
            .enumerate()
            .map(|(gi, g)| {
                let mut types: Vec<String> = tree
                    .orgs()
                    .iter()
                    .filter(|o| o.group == gi)
                    .map(|o| o.org_type.clone())
                    .collect();
                types.sort();
                types.dedup();
                let row = KpiRow {
                    id: g.id.clone(),
                    name: Some(g.name.clone()),
                    org_types: types,
                    ..KpiRow::default()
                };
                fill(Level::Group, row)
            })
            .collect();
        Ok(KpiInput {
            period,
            per_year: 4,
            orgs,
            groups,
        })
    }

    /// Scores every director and head, item by item, and ranks them.
    pub fn score_kpi(&self, input: &KpiInput) -> Result<KpiScores, KpiError> {
        let scheme = self.kpi().ok_or(KpiError::NoScheme)?;
        let per_year = if input.per_year == 0 {
            4
        } else {
            input.per_year
        };
        for row in input.orgs.iter().chain(&input.groups) {
            for (source, v) in &row.values {
                if v.is_sign_negative() && !v.is_zero() {
                    let (id, source, value) = (&row.id, source.to_string(), v.to_string());
                    return Err(KpiError::Input(crate::Message::new(
                        "kpi-negative",
                        &[("id", id), ("source", &source), ("value", &value)],
                        format!("`{id}`, value `{source}` = {value}: values are never negative"),
                    )));
                }
            }
        }
        let mut directors: Vec<ManagerScore> = input
            .orgs
            .iter()
            .map(|row| {
                let types: Vec<String> = row.org_type.iter().cloned().collect();
                score_row(scheme, row, &types, per_year)
            })
            .collect();
        // Ranked on exact fractions: equal points or percents share a rank.
        let key = |points: &Exact, max: &Exact| match scheme.rank_by {
            RankBy::Points => Some(points.clone()),
            RankBy::Percent => exact_percent(points, max),
        };
        let keys: Vec<Option<Exact>> = directors
            .iter()
            .map(|d| {
                key(
                    &Exact::from_decimal(d.points),
                    &Exact::from_decimal(d.max_points),
                )
            })
            .collect();
        for (d, r) in directors.iter_mut().zip(ranks(&keys)) {
            d.rank = r;
        }
        let mut group_ids: Vec<String> = directors.iter().filter_map(|d| d.group.clone()).collect();
        group_ids.sort();
        group_ids.dedup();
        for g in &group_ids {
            let members: Vec<usize> = (0..directors.len())
                .filter(|&i| directors[i].group.as_ref() == Some(g))
                .collect();
            let values: Vec<Option<&Exact>> = members.iter().map(|&i| keys[i].as_ref()).collect();
            for (&i, r) in members.iter().zip(ranks(&values)) {
                directors[i].rank_in_group = r;
            }
        }
        let (mut heads, head_keys): (Vec<ManagerScore>, Vec<Option<Exact>>) = match scheme
            .group_score
        {
            GroupScore::GroupFigures => input
                .groups
                .iter()
                .map(|row| {
                    let h = score_row(scheme, row, &row.org_types, per_year);
                    let k = key(
                        &Exact::from_decimal(h.points),
                        &Exact::from_decimal(h.max_points),
                    );
                    (h, k)
                })
                .unzip(),
            GroupScore::MeanOfDirectors => {
                let mut ids: Vec<(String, Option<String>)> = input
                    .groups
                    .iter()
                    .map(|g| (g.id.clone(), g.name.clone()))
                    .collect();
                for g in &group_ids {
                    if !ids.iter().any(|(i, _)| i == g) {
                        ids.push((g.clone(), None));
                    }
                }
                ids.into_iter()
                    .filter_map(|(g, name)| {
                        let members: Vec<&ManagerScore> = directors
                            .iter()
                            .filter(|d| d.group.as_ref() == Some(&g))
                            .collect();
                        if members.is_empty() {
                            return None;
                        }
                        let exact = |f: fn(&ManagerScore) -> Decimal| -> Vec<Exact> {
                            members.iter().map(|d| Exact::from_decimal(f(d))).collect()
                        };
                        let zero = Exact::from(0);
                        let points = mean(&exact(|d| d.points)).unwrap_or_else(|| zero.clone());
                        let max_points = mean(&exact(|d| d.max_points)).unwrap_or(zero);
                        let items = scheme
                            .items
                            .iter()
                            .map(|item| {
                                let scores: Vec<&ItemScore> = members
                                    .iter()
                                    .filter_map(|d| d.item(&item.id))
                                    .filter(|s| s.applicable)
                                    .collect();
                                let mean_of = |f: fn(&ItemScore) -> Decimal| -> Decimal {
                                    let values: Vec<Exact> =
                                        scores.iter().map(|s| Exact::from_decimal(f(s))).collect();
                                    mean(&values).map_or(Decimal::ZERO, |m| m.to_decimal())
                                };
                                let rule = Message::new(
                                    "kpi-rule-mean",
                                    &[("count", scores.len())],
                                    format!("mean over {} director(s)", scores.len()),
                                );
                                ItemScore {
                                    item: item.id.clone(),
                                    name: item.name.clone(),
                                    source: item.source.to_string(),
                                    value: None,
                                    quarters: Vec::new(),
                                    rule: rule.english,
                                    rule_text: Some(rule.text),
                                    points: mean_of(|s| s.points),
                                    weight: item.weight,
                                    weighted: mean_of(|s| s.weighted),
                                    max: mean_of(|s| s.max),
                                    applicable: !scores.is_empty(),
                                    note: None,
                                    note_text: None,
                                }
                            })
                            .collect();
                        let head = ManagerScore {
                            id: g,
                            name,
                            group: None,
                            org_type: None,
                            items,
                            points: points.to_decimal(),
                            max_points: max_points.to_decimal(),
                            percent: exact_percent(&points, &max_points).map(|p| p.to_decimal()),
                            rank: None,
                            rank_in_group: None,
                        };
                        Some((head, key(&points, &max_points)))
                    })
                    .unzip()
            }
        };
        for (h, r) in heads.iter_mut().zip(ranks(&head_keys)) {
            h.rank = r;
        }
        let info = &self.manifest().package;
        Ok(KpiScores {
            package: format!("{} {}", info.id, info.version),
            scheme: scheme.id.clone(),
            name: scheme.name.clone(),
            period: input.period,
            rank_by: scheme.rank_by,
            group_score: scheme.group_score,
            directors,
            heads,
        })
    }
}

/// Points as a percent of the maximum, exactly; none for a maximum of 0.
fn exact_percent(points: &Exact, max: &Exact) -> Option<Exact> {
    (points * &Exact::from(100)).checked_div(max)
}

/// The exact mean; none of nothing.
fn mean(values: &[Exact]) -> Option<Exact> {
    values
        .iter()
        .sum::<Exact>()
        .checked_div(&Exact::from(values.len() as i64))
}

/// The points of `v` by the item's steps, and the step that gave them.
fn points_of(item: &KpiItem, v: Decimal) -> (Decimal, Option<&Step>) {
    match item.steps.iter().find(|s| s.contains(v)) {
        Some(s) => (s.points, Some(s)),
        None => (Decimal::ZERO, None),
    }
}

fn score_row(scheme: &KpiScheme, row: &KpiRow, types: &[String], per_year: u32) -> ManagerScore {
    let mut items = Vec::with_capacity(scheme.items.len());
    for item in &scheme.items {
        let key = item.source.to_string();
        let value = row.values.get(&key).copied();
        let max = item.max_points(per_year);
        let mut score = ItemScore {
            item: item.id.clone(),
            name: item.name.clone(),
            source: key.clone(),
            value,
            quarters: Vec::new(),
            rule: String::new(),
            rule_text: None,
            points: Decimal::ZERO,
            weight: item.weight,
            weighted: Decimal::ZERO,
            max,
            applicable: true,
            note: None,
            note_text: None,
        };
        if !item.org_types.is_empty() && !types.iter().any(|t| item.org_types.contains(t)) {
            score.applicable = false;
            score.max = Decimal::ZERO;
            let types = item.org_types.join(", ");
            score.set_rule(Message::new(
                "kpi-rule-applies",
                &[("types", &types)],
                format!("applies to {types} only"),
            ));
            items.push(score);
            continue;
        }
        match item.accrual {
            Accrual::Period => match value {
                Some(v) => {
                    let (p, step) = points_of(item, v);
                    score.points = p;
                    score.set_rule(match step {
                        Some(step) => {
                            let step = step.to_string();
                            Message::new("kpi-rule-step", &[("step", &step)], step.clone())
                        }
                        None => Message::new::<&str>("kpi-rule-no-step", &[], "no step holds → 0"),
                    });
                }
                None => missing(item, &mut score),
            },
            Accrual::Quarterly => {
                let quarters = row.quarters.get(&key).cloned().unwrap_or_default();
                if quarters.iter().all(|(_, v)| v.is_none()) && value.is_none() {
                    missing(item, &mut score);
                } else {
                    let mut sum = Decimal::ZERO;
                    for (period, v) in &quarters {
                        let p = v.map_or(Decimal::ZERO, |v| points_of(item, v).0);
                        sum += p;
                        score.quarters.push(QuarterPoints {
                            period: *period,
                            value: *v,
                            points: p,
                        });
                    }
                    let steps: Vec<String> = item.steps.iter().map(Step::to_string).collect();
                    let steps = steps.join(", ");
                    score.set_rule(Message::new(
                        "kpi-rule-quarterly",
                        &[
                            ("steps", steps.clone()),
                            ("count", quarters.len().to_string()),
                            ("year", per_year.to_string()),
                        ],
                        format!(
                            "each quarter: {steps}; {} quarter(s) of {per_year}",
                            quarters.len()
                        ),
                    ));
                    score.points = sum;
                    let empty: Vec<String> = quarters
                        .iter()
                        .filter(|(_, v)| v.is_none())
                        .map(|(p, _)| p.to_string())
                        .collect();
                    if !empty.is_empty() {
                        let empty = empty.join(", ");
                        score.set_note(Message::new(
                            "kpi-note-empty-quarters",
                            &[("quarters", &empty)],
                            format!("no value in {empty}: 0 points there"),
                        ));
                    }
                    if let Some(cap) = item.cap {
                        if sum > cap {
                            score.points = cap;
                            score.set_note(Message::new(
                                "kpi-note-cap-year",
                                &[("points", sum), ("cap", cap)],
                                format!("{sum} points capped at {cap} a year"),
                            ));
                        }
                    }
                }
            }
        }
        if item.accrual == Accrual::Period {
            if let Some(cap) = item.cap {
                if score.points > cap {
                    score.set_note(Message::new(
                        "kpi-note-cap",
                        &[("points", score.points), ("cap", cap)],
                        format!("{} points capped at {cap}", score.points),
                    ));
                    score.points = cap;
                }
            }
        }
        if !score.applicable {
            score.max = Decimal::ZERO;
        }
        score.weighted = (score.points * item.weight).normalize();
        score.points = score.points.normalize();
        items.push(score);
    }
    let points: Decimal = items.iter().map(|i| i.weighted).sum();
    let max_points: Decimal = items.iter().filter(|i| i.applicable).map(|i| i.max).sum();
    ManagerScore {
        id: row.id.clone(),
        name: row.name.clone(),
        group: row.group.clone(),
        org_type: row.org_type.clone(),
        items,
        points: points.normalize(),
        max_points: max_points.normalize(),
        percent: exact_percent(
            &Exact::from_decimal(points),
            &Exact::from_decimal(max_points),
        )
        .map(|p| p.to_decimal()),
        rank: None,
        rank_in_group: None,
    }
}

fn missing(item: &KpiItem, score: &mut ItemScore) {
    match item.missing {
        Missing::Zero => {
            score.set_rule(Message::new::<&str>("kpi-rule-no-value", &[], "no value"));
            score.set_note(Message::new::<&str>(
                "kpi-note-missing-zero",
                &[],
                "no value: 0 points (missing = zero)",
            ));
        }
        Missing::NotApplicable => {
            score.applicable = false;
            score.set_rule(Message::new::<&str>("kpi-rule-no-value", &[], "no value"));
            score.set_note(Message::new::<&str>(
                "kpi-note-missing-na",
                &[],
                "no value: the item does not count (missing = not_applicable)",
            ));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::PackageFiles;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn kpi_text(group_score: &str, extra: &str) -> String {
        format!(
            r#"
            [scheme]
            id = "test_kpi"
            name = "test"
            group_score = "{group_score}"
            {extra}

            [[item]]
            id = "q"
            name = "quarterly, 5 a quarter, at most 12"
            value = "indicator:justified_share"
            steps = [{{ max = 10, points = 5 }}]
            accrual = "quarterly"
            cap = 12

            [[item]]
            id = "b"
            name = "binary, weight 2"
            value = "indicator:justified_share"
            pass = {{ max = 0 }}
            points = 10
            weight = 2
            org_types = ["residential"]

            [[item]]
            id = "s"
            name = "steps"
            value = "journal:closed_on_time"
            steps = [{{ min = 95, points = 10 }}, {{ min = 90, points = 5 }}]

            [[item]]
            id = "p"
            name = "plan, not counted without a value"
            value = "plans:on_time"
            pass = {{ min = 100 }}
            points = 4
            missing = "not_applicable"
            "#
        )
    }

    fn compile_package(kpi: &str) -> Result<Methodology, crate::Diagnostics> {
        let files: PackageFiles = [
            (
                "etalon.toml",
                r#"
                [package]
                id = "k"
                name = "k"
                version = "1.0.0"
                edition = "2026"
                in_force_from = 2026-01-01
                [contents]
                processes = ["general.toml"]
                kpi = "kpi.toml"
                "#,
            ),
            (
                "general.toml",
                r#"
                [[measure]]
                id = "complaints"
                name = "c"
                table = "complaints"
                [[measure]]
                id = "justified"
                name = "j"
                table = "complaints"
                where = "justified == true"
                [[indicator]]
                id = "justified_share"
                name = "j"
                unit = "percent"
                direction = "lower_is_better"
                formula = "share(justified, complaints)"
                base = "complaints"
                "#,
            ),
            ("kpi.toml", kpi),
        ]
        .into_iter()
        .collect();
        Methodology::compile(&files)
    }

    fn package(group_score: &str, extra: &str) -> Methodology {
        let m = compile_package(&kpi_text(group_score, extra)).unwrap_or_else(|e| panic!("{e}"));
        assert!(m.kpi().is_some());
        m
    }

    fn quarters(values: &[Option<&str>]) -> Vec<(Period, Option<Decimal>)> {
        values
            .iter()
            .enumerate()
            .map(|(i, v)| {
                (
                    Period::new(PeriodKind::Quarter, 2026, i as u32 + 1).unwrap(),
                    v.map(d),
                )
            })
            .collect()
    }

    fn input() -> KpiInput {
        let mut a = KpiRow::new("A")
            .with("indicator:justified_share", 0)
            .with("journal:closed_on_time", 96);
        a.group = Some("G1".into());
        a.org_type = Some("residential".into());
        a.quarters.insert(
            "indicator:justified_share".into(),
            quarters(&[Some("0"), Some("5"), Some("20"), Some("0")]),
        );
        let mut b = KpiRow::new("B")
            .with("indicator:justified_share", 12)
            .with("plans:on_time", 100);
        b.group = Some("G1".into());
        b.org_type = Some("non_residential".into());
        b.quarters.insert(
            "indicator:justified_share".into(),
            quarters(&[Some("0"), None, Some("0"), Some("12")]),
        );
        let mut c = KpiRow::new("C").with("journal:closed_on_time", 91);
        c.group = Some("G2".into());
        c.org_type = Some("residential".into());
        let mut g1 = KpiRow::new("G1")
            .with("indicator:justified_share", 3)
            .with("journal:closed_on_time", d("93.5"));
        g1.org_types = vec!["non_residential".into(), "residential".into()];
        g1.quarters.insert(
            "indicator:justified_share".into(),
            quarters(&[Some("1"), Some("2")]),
        );
        KpiInput {
            period: Some(Period::new(PeriodKind::Quarter, 2026, 4).unwrap()),
            per_year: 4,
            orgs: vec![a, b, c],
            groups: vec![g1, KpiRow::new("G2")],
        }
    }

    #[test]
    fn points_by_hand() {
        let m = package("mean_of_directors", "");
        let s = m.score_kpi(&input()).unwrap();
        // A: q = 5 + 5 + 0 + 5 = 15, capped at 12; b = 10 × 2 = 20;
        //    s = 96 → 10; p: no value, not counted. 42 of 12 + 20 + 10 = 42.
        let a = s.director("A").unwrap();
        assert_eq!(a.item("q").unwrap().points, d("12"));
        assert!(
            a.item("q")
                .unwrap()
                .note
                .as_deref()
                .unwrap()
                .contains("15 points capped at 12")
        );
        assert_eq!(a.item("b").unwrap().weighted, d("20"));
        assert_eq!(a.item("s").unwrap().points, d("10"));
        assert!(!a.item("p").unwrap().applicable);
        assert_eq!((a.points, a.max_points), (d("42"), d("42")));
        // B: q = 5 + 0 (no value) + 5 + 0 = 10; b does not apply (type);
        //    s: no value → 0 (missing = zero); p = 4. 14 of 12 + 10 + 4 = 26.
        let b = s.director("B").unwrap();
        assert_eq!(b.item("q").unwrap().points, d("10"));
        assert!(!b.item("b").unwrap().applicable);
        assert_eq!(b.item("s").unwrap().points, d("0"));
        assert!(
            b.item("s")
                .unwrap()
                .note
                .as_deref()
                .unwrap()
                .contains("missing = zero")
        );
        assert_eq!((b.points, b.max_points), (d("14"), d("26")));
        // C: no quarters, no value → q 0; b: no value → 0; s = 91 → 5. 5 of 42.
        let c = s.director("C").unwrap();
        assert_eq!((c.points, c.max_points), (d("5"), d("42")));
        assert_eq!(s.director("A").unwrap().rank, Some(1));
        assert_eq!((b.rank, c.rank), (Some(2), Some(3)));
        assert_eq!((b.rank_in_group, c.rank_in_group), (Some(2), Some(1)));
        // Heads: G1 = mean of A and B = 28 of 34; G2 = C.
        let g1 = s.head("G1").unwrap();
        assert_eq!((g1.points, g1.max_points), (d("28"), d("34")));
        assert_eq!(s.head("G2").unwrap().points, d("5"));
        assert_eq!((g1.rank, s.head("G2").unwrap().rank), (Some(1), Some(2)));
    }

    /// Words in English, their catalogue message's id and its values.
    type Said = (String, String, Vec<(String, String)>);

    /// An item's rule and remark: each in English with its catalogue
    /// message's id and values.
    fn said(i: &ItemScore) -> [Option<Said>; 2] {
        let one = |english: Option<&String>, text: Option<&Text>| {
            english.map(|e| {
                let t = text.expect("words made here carry their message");
                let args = t.args.iter().map(|(k, v)| (k.clone(), v.clone())).collect();
                (e.clone(), t.id.clone(), args)
            })
        };
        [
            one(Some(&i.rule), i.rule_text.as_ref()),
            one(i.note.as_ref(), i.note_text.as_ref()),
        ]
    }

    fn words(english: &str, id: &str, args: &[(&str, &str)]) -> Option<Said> {
        let args = args
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Some((english.to_string(), id.to_string(), args))
    }

    #[test]
    fn rules_and_remarks_carry_their_catalogue_message() {
        // A period item capped below its top step, with a range step.
        let m = package(
            "mean_of_directors",
            "[[item]]\nid = \"c\"\nname = \"capped\"\nvalue = \"journal:closed_on_time\"\nsteps = [{ min = 90, max = 100, points = 20 }]\ncap = 15\n",
        );
        let mut input = input();
        input
            .orgs
            .push(KpiRow::new("D").with("journal:closed_on_time", 50));
        let s = m.score_kpi(&input).unwrap();
        let item = |who: &str, id: &str| {
            let x = s.director(who).or_else(|| s.head(who)).unwrap();
            said(x.item(id).unwrap())
        };
        assert_eq!(
            item("A", "q"),
            [
                words(
                    "each quarter: ≤ 10 → 5; 4 quarter(s) of 4",
                    "kpi-rule-quarterly",
                    &[("count", "4"), ("steps", "≤ 10 → 5"), ("year", "4")]
                ),
                words(
                    "15 points capped at 12 a year",
                    "kpi-note-cap-year",
                    &[("cap", "12"), ("points", "15")]
                ),
            ]
        );
        assert_eq!(
            item("A", "c"),
            [
                words("90..100 → 20", "kpi-rule-step", &[("step", "90..100 → 20")]),
                words(
                    "20 points capped at 15",
                    "kpi-note-cap",
                    &[("cap", "15"), ("points", "20")]
                ),
            ]
        );
        assert_eq!(
            item("A", "s"),
            [
                words("≥ 95 → 10", "kpi-rule-step", &[("step", "≥ 95 → 10")]),
                None
            ]
        );
        assert_eq!(
            item("D", "s"),
            [words("no step holds → 0", "kpi-rule-no-step", &[]), None]
        );
        assert_eq!(
            item("B", "q")[1],
            words(
                "no value in 2026-Q2: 0 points there",
                "kpi-note-empty-quarters",
                &[("quarters", "2026-Q2")]
            )
        );
        assert_eq!(
            item("B", "b"),
            [
                words(
                    "applies to residential only",
                    "kpi-rule-applies",
                    &[("types", "residential")]
                ),
                None
            ]
        );
        assert_eq!(
            item("B", "s"),
            [
                words("no value", "kpi-rule-no-value", &[]),
                words(
                    "no value: 0 points (missing = zero)",
                    "kpi-note-missing-zero",
                    &[]
                ),
            ]
        );
        assert_eq!(
            item("A", "p")[1],
            words(
                "no value: the item does not count (missing = not_applicable)",
                "kpi-note-missing-na",
                &[]
            )
        );
        assert_eq!(
            item("G1", "q"),
            [
                words(
                    "mean over 2 director(s)",
                    "kpi-rule-mean",
                    &[("count", "2")]
                ),
                None
            ]
        );
    }

    #[test]
    fn equal_percents_share_a_rank_however_reached() {
        let x = |n: i64| Exact::from(n);
        // 28 of 34, 14 of 17, and a head's mean of 42 of 42 and 14 of 26
        // (28 of 34 again): 82.35…% each, exactly.
        let head = (
            mean(&[x(42), x(14)]).unwrap(),
            mean(&[x(42), x(26)]).unwrap(),
        );
        let keys = [
            exact_percent(&x(28), &x(34)),
            exact_percent(&x(14), &x(17)),
            exact_percent(&head.0, &head.1),
            exact_percent(&x(5), &x(42)),
            exact_percent(&x(1), &x(0)),
        ];
        assert_eq!(ranks(&keys), [Some(1), Some(1), Some(1), Some(4), None]);
        assert_eq!(
            keys[0].as_ref().map(Exact::to_decimal),
            Some(d("82.352941176470588235294117647"))
        );
    }

    #[test]
    fn ranking_by_percent_and_group_figures() {
        let m = package("group_figures", "rank_by = \"percent\"");
        let s = m.score_kpi(&input()).unwrap();
        // B: 14 of 26 = 53.85 %; C: 5 of 42 = 11.9 %; A: 100 %.
        let b = s.director("B").unwrap();
        assert_eq!(b.percent.unwrap().round_dp(2), d("53.85"));
        assert_eq!(b.rank, Some(2));
        // G1 from its own figures: q = 5 + 5 = 10 (two quarters);
        // b = 0.. value 3 > 0 → 0 (applies: G1 has residential orgs);
        // s = 93.5 → 5; p: not counted. 15 of 42.
        let g1 = s.head("G1").unwrap();
        assert_eq!(g1.item("q").unwrap().points, d("10"));
        assert_eq!(g1.item("b").unwrap().points, d("0"));
        assert_eq!((g1.points, g1.max_points), (d("15"), d("42")));
    }

    #[test]
    fn sources_and_schemes_are_checked() {
        let text = kpi_text("mean_of_directors", "");
        for (from, to, message) in [
            (
                "value = \"indicator:justified_share\"\n            steps",
                "value = \"indicator:justfied_share\"\n            steps",
                "did you mean `justified_share`",
            ),
            (
                "journal:closed_on_time",
                "journal:closed",
                "not a value source",
            ),
            ("weight = 2", "weight = 0", "above 0"),
            (
                "steps = [{ min = 95, points = 10 }, { min = 90, points = 5 }]",
                "points = 3",
                "either by `steps",
            ),
            (
                "value = \"plans:on_time\"",
                "value = \"nok:total\"",
                "no НОК scheme",
            ),
            (
                "steps = [{ max = 10, points = 5 }]",
                "steps = [{ max = 10, points = -5 }]",
                "negative",
            ),
        ] {
            assert!(text.contains(from), "{from}");
            let e = compile_package(&text.replacen(from, to, 1)).unwrap_err();
            assert!(e.to_string().contains(message), "{message}: {e}");
        }
        let source: KpiSource = "nok:3.3".parse().unwrap();
        assert_eq!(source.to_string(), "nok:3.3");
        assert!("plans:late".parse::<KpiSource>().is_err());
    }
}
