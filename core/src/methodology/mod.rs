//! A compiled methodology: the rule package checked, with every script
//! compiled once. Immutable and `Send + Sync`; clone it freely (it is one
//! `Arc`) and share it across threads.
//!
//! # The whole public API of [`Methodology`], by concern
//!
//! Each concern keeps its methods beside its code; this table is the one
//! place to find them.
//!
//! | concern | methods | where |
//! |---|---|---|
//! | compile and check a package | [`compile`](Methodology::compile), [`compile_with`](Methodology::compile_with), [`check`](Methodology::check), [`check_with`](Methodology::check_with), [`warnings`](Methodology::warnings) | this module |
//! | the catalogue | [`manifest`](Methodology::manifest), [`processes`](Methodology::processes), [`process`](Methodology::process), [`measures`](Methodology::measures), [`indicators`](Methodology::indicators), [`indicator`](Methodology::indicator), [`references`](Methodology::references), [`trends`](Methodology::trends), [`questions`](Methodology::questions), [`calendar`](Methodology::calendar), [`responsibility`](Methodology::responsibility), [`sources`](Methodology::sources), [`cited`](Methodology::cited), [`params`](Methodology::params), [`catalogue`](Methodology::catalogue) | this module |
//! | evaluate a region | [`evaluate`](Methodology::evaluate), [`evaluate_with`](Methodology::evaluate_with), [`measure`](Methodology::measure), [`compute_indicator`](Methodology::compute_indicator), [`compute_indicator_rows`](Methodology::compute_indicator_rows) | `evaluate/mod.rs` |
//! | above a region | [`evaluate_with_totals`](Methodology::evaluate_with_totals), [`roll_up`](Methodology::roll_up) | `evaluate/rollup.rs` |
//! | НОК input | [`nok_from_surveys`](Methodology::nok_from_surveys), [`nok_survey_counts`](Methodology::nok_survey_counts) | `scoring/nok/input.rs` |
//! | НОК scores | [`nok`](Methodology::nok), [`score_nok`](Methodology::score_nok) | `scoring/nok/score.rs` |
//! | НОК above a region | [`nok_roll_up`](Methodology::nok_roll_up) | `scoring/nok/rollup.rs` |
//! | KPI of managers | [`kpi`](Methodology::kpi), [`kpi_input`](Methodology::kpi_input), [`score_kpi`](Methodology::score_kpi) | `scoring/kpi.rs` |
//! | the package's own test cases | [`run_tests`](Methodology::run_tests) | `scoring/fixtures.rs` |

mod calendar;
mod compile;
mod model;
mod probe;
mod reading;
pub(crate) mod references;
mod sources;

use std::collections::BTreeMap;
use std::sync::Arc;

use serde::Serialize;

pub(crate) use model::Input;
pub use model::{
    AggregateKind, Band, DeviationSeverity, Direction, FunnelLimit, FunnelModel, FunnelRule,
    Indicator, Measure, Overdispersion, PeriodRule, Process, ProcessCard, Question, Reference,
    Scope, Source, TrendKind, TrendRule, ValueUnit,
};
pub(crate) use references::ReferenceIndex;
pub use sources::{Citation, cited_keys};

use crate::data::TableKind;
use crate::diagnostics::Diagnostics;
use crate::filter::{Fields, ParamValue};
use crate::package::{Manifest, PackageFiles};
use crate::script::{Runtime, ScriptLimits};
use crate::time::WorkCalendar;

/// What a host may set when compiling a package.
#[derive(Debug, Clone, Default)]
pub struct CompileOptions {
    /// The ceiling of the script limits a package may ask for;
    /// [`ScriptLimits::CEILING`] when not given. A limit asked above it is
    /// capped, with a `limit-capped` warning.
    pub limits_cap: Option<ScriptLimits>,
    /// Largest package accepted, in bytes of text.
    pub max_package_bytes: Option<usize>,
    /// Stop running the package's scripts (the probes of the check) past
    /// this instant: the check then fails with a `deadline` error.
    pub deadline: Option<std::time::Instant>,
}

/// Everything compiled from a package.
#[derive(Debug)]
pub(crate) struct Compiled {
    pub manifest: Manifest,
    pub processes: Vec<Process>,
    pub measures: Vec<Measure>,
    pub indicators: Vec<Indicator>,
    pub references: ReferenceIndex,
    pub trends: Vec<TrendRule>,
    pub questions: Vec<Question>,
    pub params: BTreeMap<String, ParamValue>,
    pub calendar: WorkCalendar,
    pub responsibility: Option<crate::responsibility::Responsibility>,
    /// The acts and documents the rules cite, in the list's order.
    pub sources: Vec<Citation>,
    /// Code literals used by filters, by index.
    pub codes: Vec<String>,
    /// The fields filters may name, per table.
    pub fields: Vec<Fields>,
    pub runtime: Runtime,
    pub scoring: crate::scoring::Scoring,
    pub warnings: Diagnostics,
}

/// A compiled rule package.
///
/// ```
/// use etalon_core::{Methodology, PackageFiles};
/// let files: PackageFiles = [
///     ("etalon.toml", r#"
///         [package]
///         id = "tiny"
///         name = "Tiny"
///         version = "1.0.0"
///         edition = "2026"
///         in_force_from = 2026-01-01
///         [contents]
///         processes = ["general.toml"]
///     "#),
///     ("general.toml", r#"
///         [[measure]]
///         id = "complaints"
///         name = "Complaints received"
///         table = "complaints"
///
///         [[measure]]
///         id = "justified"
///         name = "Justified complaints"
///         table = "complaints"
///         where = "justified == true"
///
///         [[indicator]]
///         id = "justified_share"
///         name = "Share of justified complaints"
///         unit = "percent"
///         direction = "lower_is_better"
///         formula = "share(justified, complaints)"
///         base = "complaints"
///     "#),
/// ]
/// .into_iter()
/// .collect();
/// let methodology = Methodology::compile(&files).unwrap();
/// assert_eq!(methodology.indicators().len(), 1);
/// ```
#[derive(Debug, Clone)]
pub struct Methodology {
    pub(crate) inner: Arc<Compiled>,
}

impl Methodology {
    /// Compiles a package, reporting every problem at once.
    pub fn compile(files: &PackageFiles) -> Result<Methodology, Diagnostics> {
        Self::compile_with(files, &CompileOptions::default())
    }

    /// Compiles a package under a host's options.
    pub fn compile_with(
        files: &PackageFiles,
        options: &CompileOptions,
    ) -> Result<Methodology, Diagnostics> {
        // Parsing deep scripts recurses; give it the scripts' stack.
        let budget = crate::evaluate::budget::Budget::until(options.deadline);
        crate::script::on_script_stack(|| budget.enter(|| compile::compile(files, options)))
            .map(|c| Methodology { inner: Arc::new(c) })
    }

    /// Checks a package without keeping the result: every error and warning.
    pub fn check(files: &PackageFiles) -> Diagnostics {
        Self::check_with(files, &CompileOptions::default())
    }

    /// [`Methodology::check`] under a host's options.
    pub fn check_with(files: &PackageFiles, options: &CompileOptions) -> Diagnostics {
        match Self::compile_with(files, options) {
            Ok(m) => m.inner.warnings.clone(),
            Err(d) => d,
        }
    }

    /// The manifest.
    pub fn manifest(&self) -> &Manifest {
        &self.inner.manifest
    }

    /// Warnings found while compiling (the package works, but look at them).
    pub fn warnings(&self) -> &Diagnostics {
        &self.inner.warnings
    }

    /// The processes, in package order.
    pub fn processes(&self) -> &[Process] {
        &self.inner.processes
    }

    /// The measures, in package order.
    pub fn measures(&self) -> &[Measure] {
        &self.inner.measures
    }

    /// The indicators, in package order.
    pub fn indicators(&self) -> &[Indicator] {
        &self.inner.indicators
    }

    /// An indicator by id.
    pub fn indicator(&self, id: &str) -> Option<&Indicator> {
        self.inner.indicators.iter().find(|i| i.id == id)
    }

    /// A process by id.
    pub fn process(&self, id: &str) -> Option<&Process> {
        self.inner.processes.iter().find(|p| p.id == id)
    }

    /// Every reference row, grouped by indicator in package order.
    pub fn references(&self) -> &[Reference] {
        self.inner.references.all()
    }

    /// The trend rules.
    pub fn trends(&self) -> &[TrendRule] {
        &self.inner.trends
    }

    /// The questionnaire items (columns of the survey table).
    pub fn questions(&self) -> &[Question] {
        &self.inner.questions
    }

    /// The working-day calendar.
    pub fn calendar(&self) -> &WorkCalendar {
        &self.inner.calendar
    }

    /// The responsibility matrix and verification rules, if the package
    /// lists them (`[contents] responsibility`).
    pub fn responsibility(&self) -> Option<&crate::responsibility::Responsibility> {
        self.inner.responsibility.as_ref()
    }

    /// The acts and documents the rules cite (`[contents] sources`), in
    /// the list's order.
    pub fn sources(&self) -> &[Citation] {
        &self.inner.sources
    }

    /// The sources a reference's `source` or `proposal` text cites, in the
    /// order cited, each once (every key resolves: `rules check` refuses a
    /// package citing a key it does not list).
    pub fn cited(&self, text: &str) -> Vec<&Citation> {
        let mut out: Vec<&Citation> = Vec::new();
        for (key, _) in cited_keys(text) {
            if let Some(c) = self.inner.sources.iter().find(|c| c.key == key)
                && !out.iter().any(|o| o.key == key)
            {
                out.push(c);
            }
        }
        out
    }

    /// The package parameters.
    pub fn params(&self) -> &BTreeMap<String, ParamValue> {
        &self.inner.params
    }

    /// A serialisable description of the whole methodology (what a report
    /// or a binding shows as its catalogue).
    pub fn catalogue(&self) -> Catalogue<'_> {
        Catalogue {
            package: &self.inner.manifest.package,
            processes: &self.inner.processes,
            measures: &self.inner.measures,
            indicators: &self.inner.indicators,
            references: self.inner.references.all(),
            trends: &self.inner.trends,
            questions: &self.inner.questions,
        }
    }

    /// The columns of `table` the package reads: the dates that place its
    /// measures' records, every column their filters and sums name, the
    /// `process` column where a measure reads one process, and
    /// `recipient_id` where one counts distinct recipients (questionnaire
    /// items among them where a measure's filter names one). A table the
    /// host gives with records must have each of them (see `rules/README.md`, "The data contract"); a column
    /// not listed here changes no result of this package.
    pub fn columns_read(&self, table: TableKind) -> Vec<&str> {
        let fields = self.fields(table);
        let mut read = Vec::new();
        for m in self.measures().iter().filter(|m| m.table == table) {
            let c = &m.compiled;
            read.push(c.date_field);
            read.extend(c.end_field);
            if let Some(filter) = &c.filter {
                filter.fields_read(&mut read);
            }
            if let Some(sum) = &c.sum {
                sum.fields_read(&mut read);
            }
        }
        let mut names: Vec<&str> = Vec::new();
        // Distinct counts are of recipients.
        if self
            .measures()
            .iter()
            .any(|m| m.table == table && m.compiled.distinct)
        {
            names.push("recipient_id");
        }
        if self
            .measures()
            .iter()
            .any(|m| m.table == table && m.compiled.process_code.is_some())
        {
            names.push("process");
        }
        names.extend(read.iter().map(|&i| fields.names[i].as_str()));
        let mut seen = std::collections::BTreeSet::new();
        names.retain(|n| seen.insert(*n));
        names
    }

    pub(crate) fn fields(&self, table: TableKind) -> &Fields {
        &self.inner.fields[table.index()]
    }
}

/// The methodology as data: processes, measures, indicators, references.
#[derive(Debug, Serialize)]
pub struct Catalogue<'a> {
    /// What the package says about itself.
    pub package: &'a crate::package::PackageInfo,
    /// Processes.
    pub processes: &'a [Process],
    /// Measures.
    pub measures: &'a [Measure],
    /// Indicators.
    pub indicators: &'a [Indicator],
    /// Reference values.
    pub references: &'a [Reference],
    /// Trend rules.
    pub trends: &'a [TrendRule],
    /// Questionnaire items.
    pub questions: &'a [Question],
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn methodology_is_shareable() {
        fn assert_send_sync<T: Send + Sync>() {}
        assert_send_sync::<Methodology>();
    }
}
