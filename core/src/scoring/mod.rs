//! Scoring: the independent assessment of quality (НОК, Order 344н over
//! the indicators of Order 317н), KPI points of managers, and improvement
//! plans with their tracking.
//!
//! Every number of the regulations lives in the rule package: the НОК file
//! (`[contents] nok`) declares the input columns, the indicators as Rhai
//! formulas, the criteria with their weights and the named policies for
//! the open points of the order; the KPI file (`[contents] kpi`) declares
//! the point scheme. Arithmetic is exact ([`rust_decimal::Decimal`]);
//! rounding is for display only.
//!
//! A whole, small package and a score:
//!
//! ```
//! use etalon_core::{Methodology, PackageFiles};
//! use etalon_core::scoring::{NokData, NokOptions, NokRow};
//!
//! let files: PackageFiles = [
//!     ("etalon.toml", r#"
//!         [package]
//!         id = "tiny"
//!         name = "Tiny"
//!         version = "1.0.0"
//!         edition = "2026"
//!         in_force_from = 2026-01-01
//!         [contents]
//!         nok = "nok.toml"
//!     "#),
//!     ("nok.toml", r#"
//!         [scheme]
//!         id = "tiny_nok"
//!         name = "Two indicators, one criterion"
//!         edition = "test"
//!
//!         [policies]
//!         zero_base = "reweight"
//!
//!         [params]
//!         per_channel = 30
//!
//!         [[input]]
//!         id = "channels"
//!         name = "Working channels"
//!
//!         [[input]]
//!         id = "satisfied"
//!         name = "Satisfied"
//!         part_of = "asked"
//!
//!         [[input]]
//!         id = "asked"
//!         name = "Asked"
//!
//!         [[indicator]]
//!         id = "i1_2"
//!         number = "1.2"
//!         name = "Channels"
//!         formula = "channels * per_channel"
//!         cap = 100
//!
//!         [[indicator]]
//!         id = "i1_3"
//!         number = "1.3"
//!         name = "Satisfied"
//!         formula = "share(satisfied, asked)"
//!
//!         [[criterion]]
//!         id = "k1"
//!         number = 1
//!         name = "Openness"
//!         weights = { i1_2 = 0.5, i1_3 = 0.5 }
//!     "#),
//! ]
//! .into_iter()
//! .collect();
//! let m = Methodology::compile(&files).unwrap();
//! let period = "2026".parse().unwrap();
//! let rows = vec![
//!     NokRow::new("A", period).with("channels", 4).with("satisfied", 9).with("asked", 10),
//!     NokRow::new("B", period).with("channels", 2).with("satisfied", 0).with("asked", 0),
//! ];
//! let scores = m.score_nok(&NokData::from_rows(rows), &NokOptions::default()).unwrap();
//! let a = scores.org("A").unwrap();
//! assert_eq!(a.total.unwrap().to_string(), "95"); // (min(120, 100) + 90) / 2
//! assert_eq!(a.notes[0].policy, "cap");
//! let b = scores.org("B").unwrap();
//! assert_eq!(b.total.unwrap().to_string(), "60"); // 1.3 has no base: left out
//! assert_eq!(b.notes[0].policy, "zero_base");
//! assert_eq!(scores.region.total.unwrap().to_string(), "77.5");
//! assert_eq!((a.rank, b.rank), (Some(1), Some(2)));
//! ```

mod evaluation_case;
pub mod exact;
pub mod fixtures;
pub mod kpi;
pub mod nok;
pub mod plans;
pub mod policy;
pub mod questionnaire;
pub mod table;

pub use exact::Exact;
pub use fixtures::{CaseResult, Check, Figure, Mismatch, TableReader, TestReport};
pub use kpi::{
    Accrual, GroupScore, ItemScore, KpiError, KpiInput, KpiItem, KpiRow, KpiScheme, KpiScores,
    KpiSource, KpiSources, ManagerScore, Missing, QuarterPoints, RankBy, Step,
};
pub use nok::{
    Choice, CriterionScore, IndicatorScore, IndicatorStatus, InputColumn, InputKind, NokCriterion,
    NokData, NokError, NokFigure, NokIndicator, NokInputError, NokOptions, NokPolicies, NokRollUp,
    NokRow, NokScheme, NokScores, NokTable, NotAssessed, NotAssessedReason, OrgNok, OrgSurvey,
    PartScore, RatingBand, SchemeStamp, SurveySource, TotalRule, Weight,
};
pub use plans::{
    Change, Execution, Instance, MeasureState, MeasureStatus, OrgPlanStatus, PermanentCheck, Plan,
    PlanError, PlanGroup, PlanMeasure, PlanOrg, PlanStatus, ResultCheck, ResultValues, Target,
    Term,
};
pub use policy::{
    NoQuestionnaires, PolicyNote, PolicySetting, Rounding, RoundingMode, SkippedAnswers, ZeroBase,
};
pub use questionnaire::{BaseMode, OrgSurveyCounts, SurveyCount, SurveyCounts};
pub use table::{TableError, TextRow, TextTable};

use std::collections::BTreeMap;

use serde::Deserialize;

use crate::diagnostics::{Diagnostic, Location};
use crate::filter::{Fields, ParamValue};
use crate::methodology::{Indicator, Question};
use crate::package::source::TomlDoc;
use crate::package::{Contents, PackageFiles};
use crate::script::Runtime;

/// Everything of scoring compiled from a package.
#[derive(Debug, Default)]
pub(crate) struct Scoring {
    pub nok: Option<NokScheme>,
    pub kpi: Option<KpiScheme>,
    pub surveys: questionnaire::SurveyRules,
    /// The folder of the package's test cases.
    pub tests: Option<String>,
}

/// What scoring needs from the rest of the package.
pub(crate) struct Inputs<'a> {
    pub files: &'a PackageFiles,
    pub manifest: &'a TomlDoc<'a>,
    pub contents: &'a Contents,
    pub runtime: &'a Runtime,
    pub questions: &'a [Question],
    pub survey_fields: &'a Fields,
    pub params: &'a BTreeMap<String, ParamValue>,
    pub indicators: &'a [Indicator],
}

/// Compiles the questionnaire's scoring keys, the НОК file and the KPI
/// file, adding every problem to `diags`.
pub(crate) fn compile(inputs: &Inputs, diags: &mut Vec<Diagnostic>) -> Scoring {
    let mut surveys =
        questionnaire::compile(inputs.questions, inputs.survey_fields, inputs.params, diags);
    let listed = |path: &toml::Spanned<String>, diags: &mut Vec<Diagnostic>| match inputs
        .files
        .iter()
        .find(|(p, _)| *p == path.get_ref())
    {
        Some(entry) => Some(entry),
        None => {
            diags.push(
                Diagnostic::error(
                    "missing-file",
                    inputs.manifest.at(path.span()),
                    format!(
                        "the manifest lists `{}`, but the package has no such file",
                        path.get_ref()
                    ),
                )
                .with_text("missing-file", &[("file", path.get_ref())]),
            );
            None
        }
    };
    let nok = inputs.contents.nok.as_ref().and_then(|path| {
        let (file, text) = listed(path, diags)?;
        let cx = nok::compile::Context {
            runtime: inputs.runtime,
            questions: inputs.questions,
            survey_fields: inputs.survey_fields,
            params: inputs.params,
        };
        nok::compile(file, text, &cx, &mut surveys, diags)
    });
    let kpi = inputs.contents.kpi.as_ref().and_then(|path| {
        let (file, text) = listed(path, diags)?;
        kpi::compile(file, text, inputs.indicators, nok.as_ref(), diags)
    });
    let tests = inputs.contents.tests.as_ref().map(|t| {
        let dir = t.get_ref().trim_end_matches('/').to_string();
        check_test_files(inputs.files, &dir, diags);
        if !inputs
            .files
            .iter()
            .any(|(p, _)| p.starts_with(&format!("{dir}/")))
        {
            diags.push(Diagnostic::warning(
                "empty-tests",
                inputs.manifest.at(t.span()),
                format!(
                    "the manifest names the test folder `{dir}`, but the package has no file in it"
                ),
            ).with_text("empty-tests", &[("dir", &dir)]));
        }
        dir
    });
    Scoring {
        nok,
        kpi,
        surveys,
        tests,
    }
}

/// The sections a test case may hold, and its kinds.
pub(crate) const CASE_SECTIONS: [&str; 6] =
    ["case", "row", "group", "given", "deviation", "expect"];
pub(crate) const CASE_KINDS: [&str; 4] = ["nok", "kpi", "indicator", "evaluation"];

/// Reads every test case of the package (`rules check`): a file that is
/// not valid TOML (a duplicate key, say) is reported with its line, and an
/// unknown section or kind with its place, before any case is run.
fn check_test_files(files: &PackageFiles, dir: &str, diags: &mut Vec<Diagnostic>) {
    let prefix = format!("{dir}/");
    for (path, text) in files.iter() {
        if !(path.starts_with(&prefix) && path.ends_with(".toml")) {
            continue;
        }
        let Some(doc) = TomlDoc::parse(path, text, diags) else {
            continue;
        };
        doc.reject_unknown_keys(&CASE_SECTIONS, diags);
        let kind = doc
            .table::<toml::Table>("case", diags)
            .and_then(|(at, case)| match case.get("kind") {
                None => None,
                Some(toml::Value::String(k)) => Some((at, k.clone())),
                Some(other) => Some((at, other.to_string())),
            });
        if let Some((at, kind)) = kind {
            if kind == "evaluation" {
                check_evaluation_case(files, path, &doc, at.clone(), diags);
            }
            if !CASE_KINDS.contains(&kind.as_str()) {
                diags.push(
                    Diagnostic::error(
                        "bad-value",
                        at,
                        format!(
                            "unknown kind `{kind}` of a test case; the kinds are {}",
                            CASE_KINDS.join(", ")
                        ),
                    )
                    .with_text(
                        "case-unknown-kind",
                        &[("kind", kind.clone()), ("kinds", CASE_KINDS.join(", "))],
                    ),
                );
            }
        }
    }
}

/// A `[[deviation]]` of an evaluation case, as `rules check` reads it.
/// The severity is read for its values only (warning, critical).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct DeviationRow {
    entity: String,
    indicator: String,
    #[serde(rename = "severity")]
    _severity: crate::methodology::DeviationSeverity,
    owner: Option<String>,
    rule: Option<String>,
}

impl DeviationRow {
    /// What is wrong with the row's words, if anything, as a diagnostic
    /// at `at`.
    fn fault(&self, at: &Location) -> Option<Diagnostic> {
        let entity_ok = self.entity.split_once(':').is_some_and(|(level, id)| {
            level.parse::<crate::data::Level>().is_ok() && !id.trim().is_empty()
        });
        if !entity_ok {
            let message = format!(
                "`entity` = `{}`: write level:id (unit:U1, org:O1, group:G1, region:R)",
                self.entity
            );
            return Some(
                Diagnostic::error("bad-value", at.clone(), message)
                    .with_text("case-bad-entity", &[("entity", &self.entity)]),
            );
        }
        let role = self
            .owner
            .as_deref()
            .map(|o| o.split('@').next().unwrap_or(o));
        [Some(self.indicator.as_str()), role, self.rule.as_deref()]
            .into_iter()
            .flatten()
            .find(|id| !is_id(id))
            .map(|id| {
                Diagnostic::error("bad-value", at.clone(), message_bad_id(id))
                    .with_text("bad-id", &[("id", id)])
            })
    }
}

/// An evaluation case names its period and a data folder beside it that
/// holds `units.csv`; each `[[deviation]]` is well formed.
fn check_evaluation_case(
    files: &PackageFiles,
    path: &str,
    doc: &TomlDoc<'_>,
    at: Location,
    diags: &mut Vec<Diagnostic>,
) {
    let case = doc
        .table::<toml::Table>("case", &mut Vec::new())
        .map(|(_, c)| c);
    let text = |k: &str| {
        case.as_ref()
            .and_then(|c| c.get(k))
            .and_then(|v| v.as_str())
    };
    match text("period").map(str::parse::<crate::time::Period>) {
        None => diags.push(
            Diagnostic::error(
                "missing-key",
                at.clone(),
                "an evaluation case gives the `period` evaluated (`period = \"2026-Q3\"`)",
            )
            .with_text::<&str>("case-needs-period", &[]),
        ),
        Some(Err(e)) => diags.push(
            Diagnostic::error("bad-value", at.clone(), e.to_string())
                .with_text("case-bad-period", &[("text", &e.text)]),
        ),
        Some(Ok(_)) => {}
    }
    match text("data") {
        None => diags.push(Diagnostic::error(
            "missing-key",
            at.clone(),
            "an evaluation case names its `data` folder (beside the case, with units.csv and the tables)",
        ).with_text::<&str>("case-needs-data", &[])),
        Some(data) => {
            let folder = path.rsplit_once('/').map_or("", |(d, _)| d);
            let units = if folder.is_empty() {
                format!("{data}/units.csv")
            } else {
                format!("{folder}/{data}/units.csv")
            };
            if files.get(&units).is_none() {
                diags.push(Diagnostic::error(
                    "missing-file",
                    at.clone(),
                    format!("the case reads the folder `{data}`, but `{units}` is not in the package"),
                ).with_text("case-missing-units", &[("data", data), ("units", &units)]));
            }
        }
    }
    let rows = doc.array::<DeviationRow>("deviation", diags);
    for (place, row) in &rows {
        diags.extend(row.fault(place));
    }
    let count = doc
        .table::<toml::Table>("expect", &mut Vec::new())
        .is_some_and(|(_, e)| e.contains_key("deviations"));
    if rows.is_empty() && !count {
        diags.push(
            Diagnostic::error(
                "bad-value",
                at,
                "the case expects nothing: add [[deviation]] rows or [expect] deviations = N",
            )
            .with_text::<&str>("case-expects-nothing", &[]),
        );
    }
}

/// The files scoring reads, for the check of files the manifest forgot.
pub(crate) fn listed_files(contents: &Contents) -> impl Iterator<Item = &str> {
    [&contents.nok, &contents.kpi]
        .into_iter()
        .flatten()
        .map(|s| s.get_ref().as_str())
}

/// Competition ranks (1, 2, 2, 4) by value, highest first; none for none.
/// Scores are ranked on their exact fractions ([`Exact`]), so that equal
/// totals share a rank however they were reached.
pub(crate) fn ranks<T: Ord>(values: &[Option<T>]) -> Vec<Option<u32>> {
    values
        .iter()
        .map(|v| {
            v.as_ref().map(|v| {
                1 + values
                    .iter()
                    .filter(|o| o.as_ref().is_some_and(|o| o > v))
                    .count() as u32
            })
        })
        .collect()
}

/// Ids are short latin words: the rule of every id of a package.
pub(crate) fn is_id(s: &str) -> bool {
    let mut chars = s.chars();
    chars.next().is_some_and(|c| c.is_ascii_lowercase())
        && chars.all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_' || c == '-')
}

pub(crate) fn message_bad_id(s: &str) -> String {
    format!(
        "`{s}` is not a valid id: use lower-case latin letters, digits, `_` or `-`, starting with a letter (names in Russian go in `name`)"
    )
}

#[cfg(test)]
pub(crate) mod testkit;
