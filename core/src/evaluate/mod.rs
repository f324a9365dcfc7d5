//! Evaluation of a period: measures, indicators at four levels, judgement
//! against reference values, trend rules and deviations; and the roll-up of
//! regions' totals into the country (`rollup.rs`).
//!
//! An evaluation is a pure function of (methodology, dataset, options): the
//! same input gives the same [`Evaluation`], byte for byte, whatever the
//! number of threads.

mod assurance;
pub(crate) mod bind;
pub(crate) mod budget;
pub(crate) mod contract;
mod entities;
mod float;
mod funnel;
mod json;
mod measures;
mod result;
mod rollup;
mod series;
mod stats;
mod table;
mod tally;
mod trends;

use std::collections::BTreeMap;
use std::ops::Range;
use std::sync::Arc;
use std::time::Instant;

use rust_decimal::Decimal;

pub use assurance::{Assurance, AssuranceClass, Variation};
pub use funnel::{EXACT_UP_TO, Funnel, FunnelPosition, limits_at};
pub use result::{
    Action, AppliedReference, Deviation, DeviationRule, Evaluation, EvaluationNote, IndicatorCount,
    IndicatorValue, Judgement, MethodologyStamp, SeverityCounts, Summary,
};
pub use rollup::Totals;
pub use table::MeasureTable;

use crate::Message;
use crate::data::{DataError, Dataset, EntityRef, Level};
use crate::methodology::{Band, Direction, Indicator, Input, Methodology, Reference, ValueUnit};
use crate::script::{FailureKind, ScriptError, ScriptFailureCount, ScriptFailures};
use crate::time::{CalendarIndex, Day, Period};
use budget::Budget;
pub use budget::Cancel;
use entities::{Entities, Regional};
use measures::{Activity, MeasureValues, Window};
use result::deviation_id;
use series::{IndicatorSeries, SeriesOf, SeriesTable, Slot};

/// What to evaluate.
#[derive(Debug, Clone)]
pub struct EvaluationOptions {
    /// The period asked.
    pub period: Period,
    /// Earlier periods to evaluate too (trends, charts); the package's
    /// `[evaluation] history` when not given.
    pub history: Option<u32>,
    /// Worker threads; 0 uses every core.
    pub threads: usize,
    /// Refuse datasets with more records than this.
    pub max_records: Option<usize>,
    /// Stop with [`EvaluationError::DeadlineExceeded`] past this instant.
    pub deadline: Option<Instant>,
    /// Stop with [`EvaluationError::Cancelled`] once this is cancelled.
    pub cancel: Option<Cancel>,
    /// The region whose own holidays the production calendar adds (a
    /// `[[region]]` code of the package's calendar).
    pub calendar_region: Option<String>,
}

impl EvaluationOptions {
    /// Evaluate `period` with the package's defaults.
    pub fn new(period: Period) -> Self {
        EvaluationOptions {
            period,
            history: None,
            threads: 0,
            max_records: None,
            deadline: None,
            cancel: None,
            calendar_region: None,
        }
    }

    /// Counting working days with the own holidays of region `code`.
    pub fn with_calendar_region(mut self, code: impl Into<String>) -> Self {
        self.calendar_region = Some(code.into());
        self
    }

    /// Refusing datasets of more than `records` records.
    pub fn with_max_records(mut self, records: usize) -> Self {
        self.max_records = Some(records);
        self
    }

    /// Stopping after `timeout` from now.
    pub fn with_timeout(mut self, timeout: std::time::Duration) -> Self {
        self.deadline = Instant::now().checked_add(timeout);
        self
    }

    /// Stopping when `cancel` is cancelled (from another thread).
    pub fn with_cancel(mut self, cancel: Cancel) -> Self {
        self.cancel = Some(cancel);
        self
    }

    /// With `threads` worker threads (0: every core).
    pub fn with_threads(mut self, threads: usize) -> Self {
        self.threads = threads;
        self
    }

    /// With `history` earlier periods.
    pub fn with_history(mut self, history: u32) -> Self {
        self.history = Some(history);
        self
    }
}

/// Why an evaluation could not be made. An evaluation either succeeds
/// whole or fails: it never returns half a result.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum EvaluationError {
    /// The data does not fit the package.
    #[error(transparent)]
    Data(#[from] DataError),
    /// A rule's script failed or exceeded a limit.
    #[error(transparent)]
    Script(#[from] ScriptError),
    /// Scripts failed more than once: every distinct failure, how many
    /// values it stopped and the first of them.
    #[error(transparent)]
    Scripts(#[from] ScriptFailures),
    /// The request names something the package does not have.
    #[error("{0}")]
    Request(Message),
    /// The dataset is larger than the host allows.
    #[error("the dataset has {records} records; this evaluation allows at most {limit}")]
    TooManyRecords {
        /// Records in the dataset.
        records: usize,
        /// The limit set.
        limit: usize,
    },
    /// The host cancelled the evaluation.
    #[error("the evaluation was cancelled")]
    Cancelled,
    /// The evaluation ran past its deadline.
    #[error("the evaluation ran past its deadline and was stopped")]
    DeadlineExceeded,
    /// Totals that cannot be rolled up together (other packages, periods
    /// or measures, a region given twice).
    #[error("{0}")]
    RollUp(Message),
    /// The period asked lies outside the dates of the data's records.
    #[error(
        "the data covers {from} to {to} (the main dates of its records); {period} lies outside it"
    )]
    OutsideCoverage {
        /// Period asked.
        period: Period,
        /// The earliest main date of a record.
        from: chrono::NaiveDate,
        /// The latest main date of a record.
        to: chrono::NaiveDate,
    },
    /// The package is not in force in the period asked.
    #[error("the methodology {package} is in force from {from}{}, not in {period}", .to.map(|t| format!(" to {t}")).unwrap_or_default())]
    NotInForce {
        /// Package id and version.
        package: String,
        /// Period asked.
        period: Period,
        /// First day in force.
        from: chrono::NaiveDate,
        /// Last day in force.
        to: Option<chrono::NaiveDate>,
    },
}

impl Methodology {
    /// Evaluates `period` on `data` with the package's defaults.
    pub fn evaluate(&self, data: &Dataset, period: Period) -> Result<Evaluation, EvaluationError> {
        self.evaluate_with(data, &EvaluationOptions::new(period))
    }

    /// Evaluates with explicit options.
    pub fn evaluate_with(
        &self,
        data: &Dataset,
        options: &EvaluationOptions,
    ) -> Result<Evaluation, EvaluationError> {
        let (window, measures, activity, threads, budget) = self.prepare(data, options)?;
        let entities = Regional::new(data.tree(), &measures, &activity);
        let series = evaluate_indicators(self, &entities, &window, threads, &budget)?;
        let mut evaluation = assemble(self, &entities, &window, series, threads);
        evaluation
            .notes
            .extend(contract::notes(self, data, options.period));
        Ok(evaluation)
    }

    /// The measures alone: every measure of every entity in every period
    /// of the window, rolled up (what indicators are computed from).
    pub fn measure(
        &self,
        data: &Dataset,
        options: &EvaluationOptions,
    ) -> Result<MeasureTable, EvaluationError> {
        let (window, measures, ..) = self.prepare(data, options)?;
        Ok(MeasureTable::new(self, data, &window, &measures))
    }

    /// Computes one indicator's formula on given measure values (a what-if
    /// for methodologists: "what would this organisation score with these
    /// counts?"). Every measure the formula reads must be given.
    pub fn compute_indicator(
        &self,
        indicator: &str,
        measures: &BTreeMap<String, i64>,
    ) -> Result<Option<Decimal>, EvaluationError> {
        let mut values = self.compute_indicator_rows(indicator, std::slice::from_ref(measures))?;
        Ok(values.pop().flatten())
    }

    /// [`Methodology::compute_indicator`] on many rows of measure values at
    /// once (a what-if over a table), one value per row in order. Scripts
    /// run on a thread with a big stack; a batch pays for that thread once,
    /// where row-by-row calls pay for it on every call.
    pub fn compute_indicator_rows(
        &self,
        indicator: &str,
        rows: &[BTreeMap<String, i64>],
    ) -> Result<Vec<Option<Decimal>>, EvaluationError> {
        let ind = self
            .indicator(indicator)
            .ok_or_else(|| no_indicator(indicator))?;
        let mut all = Vec::with_capacity(rows.len());
        for measures in rows {
            let mut inputs = Vec::with_capacity(ind.inputs.len());
            for (input, name) in ind.inputs.iter().zip(&ind.compiled.inputs) {
                inputs.push(match input {
                    Input::Measure(_) => Decimal::from(*measures.get(name).ok_or_else(|| {
                        EvaluationError::Request(Message::new(
                            "eval-needs-measure",
                            &[("indicator", indicator), ("measure", name)],
                            format!("indicator `{indicator}` needs measure `{name}`"),
                        ))
                    })?),
                    Input::Param(v) => *v,
                });
            }
            all.push(inputs);
        }
        let run = || -> Result<Vec<Option<Decimal>>, EvaluationError> {
            all.iter()
                .map(|inputs| {
                    self.inner
                        .runtime
                        .eval(&ind.compiled, inputs)
                        .map_err(|f| script_error(ind, f))
                })
                .collect()
        };
        // A native kernel runs no script and needs no big stack.
        if ind.compiled.is_native() {
            run()
        } else {
            crate::script::on_script_stack(run)
        }
    }

    /// An indicator computed on given measures and judged against the
    /// reference that applies to `subject` on `date` (what an `indicator`
    /// test case of a package pins).
    pub(crate) fn judge_given(
        &self,
        indicator: &str,
        measures: &BTreeMap<String, i64>,
        subject: &crate::methodology::references::Subject,
        date: chrono::NaiveDate,
    ) -> Result<(Option<Decimal>, Judgement), EvaluationError> {
        let value = self.compute_indicator(indicator, measures)?;
        let Some(i) = self.indicators().iter().position(|x| x.id == indicator) else {
            return Err(no_indicator(indicator));
        };
        let ind = &self.indicators()[i];
        let base = ind.base.as_ref().and_then(|b| measures.get(b).copied());
        let reference = self.inner.references.select(i, subject, date);
        Ok((value, judge(value, base, ind.min_base, reference)))
    }

    /// Checks the period, binds the data and runs the measure pass.
    fn prepare(
        &self,
        data: &Dataset,
        options: &EvaluationOptions,
    ) -> Result<(Window, MeasureValues, Activity, usize, Budget), EvaluationError> {
        let info = &self.manifest().package;
        let period = options.period;
        if period.end() < info.in_force_from || info.in_force_to.is_some_and(|t| period.start() > t)
        {
            return Err(EvaluationError::NotInForce {
                package: format!("{} {}", info.id, info.version),
                period,
                from: info.in_force_from,
                to: info.in_force_to,
            });
        }
        contract::check_coverage(data, period)?;
        if let Some(limit) = options.max_records {
            let records = data.total_records();
            if records > limit {
                return Err(EvaluationError::TooManyRecords { records, limit });
            }
        }
        let budget = Budget::new(options);
        budget.check()?;
        let threads = match options.threads {
            0 => std::thread::available_parallelism().map_or(1, |n| n.get()),
            n => n,
        };
        // Problems of the data found here name the file and line of a
        // table read from a file, as problems found while reading do.
        let placed = |e| data.sources().locate(e);
        let binding = bind::bind(self, data).map_err(placed)?;
        contract::check_columns(self, data).map_err(placed)?;
        contract::check_dates(self, data, period).map_err(placed)?;
        let window = Window::new(period, options.history.unwrap_or(self.manifest().history));
        let regional;
        let calendar = match &options.calendar_region {
            None => self.calendar(),
            Some(code) => {
                regional = self.calendar().for_region(code).ok_or_else(|| {
                    let known: Vec<&str> = self
                        .calendar()
                        .regions()
                        .iter()
                        .map(|r| r.code.as_str())
                        .collect();
                    let known = known.join(", ");
                    EvaluationError::Request(match known.is_empty() {
                        true => Message::new(
                            "eval-no-calendar-region-none",
                            &[("code", code)],
                            format!("the production calendar declares no region `{code}` (it declares: none)"),
                        ),
                        false => Message::new(
                            "eval-no-calendar-region",
                            &[("code", code), ("known", &known)],
                            format!("the production calendar declares no region `{code}` (it declares: {known})"),
                        ),
                    })
                })?;
                &regional
            }
        };
        let calendar = CalendarIndex::new(
            calendar,
            Day(window.starts[0] - 3 * 366),
            Day(window.ends[window.target()] + 366),
        );
        let (measures, activity) =
            measures::compute(self, data, &binding, &window, &calendar, threads, &budget)?;
        Ok((window, measures, activity, threads, budget))
    }
}

/// The request names an indicator the package does not have.
fn no_indicator(indicator: &str) -> EvaluationError {
    EvaluationError::Request(Message::new(
        "eval-no-indicator",
        &[("indicator", indicator)],
        format!("there is no indicator `{indicator}`"),
    ))
}

/// A script failure of indicator `ind`, placed in its formula or library file.
/// A script stopped by the deadline or cancellation gives that error.
fn script_error(ind: &Indicator, f: crate::script::ScriptFailure) -> EvaluationError {
    if f.kind == FailureKind::Cancelled {
        return Budget::current_stop().unwrap_or(EvaluationError::Cancelled);
    }
    let at = match f.file {
        Some(file) => crate::Location {
            file,
            line: f.line,
            column: f.column,
        },
        None if f.line > 0 => ind.formula_location.within(f.line, f.column),
        None => ind.formula_location.clone(),
    };
    EvaluationError::Script(ScriptError {
        rule: ind.id.clone(),
        file: at.file,
        line: at.line,
        column: at.column,
        kind: f.kind,
        text: f.text,
    })
}

fn applies<E: Entities>(ind: &Indicator, level: Level, entity: usize, entities: &E) -> bool {
    ind.levels.contains(&level)
        && ind
            .process_index
            .is_none_or(|p| entities.runs(level, entity, p))
}

fn evaluate_indicators<'m, E: Entities>(
    m: &'m Methodology,
    entities: &E,
    window: &Window,
    threads: usize,
    budget: &Budget,
) -> Result<SeriesTable<'m>, EvaluationError> {
    let tasks = entities.entities();
    // The series each entity has: a part's columns are made to size, and
    // the parts cut to about as many series each (an organisation has
    // more than a unit).
    let counts: Vec<usize> = tasks
        .iter()
        .map(|&(level, entity)| {
            (m.indicators().iter())
                .filter(|ind| applies(ind, level, entity, entities))
                .count()
        })
        .collect();
    let ends: Vec<chrono::NaiveDate> = window.periods.iter().map(|p| p.end()).collect();
    let work = |chunk: Range<usize>| -> Result<Part<'m>, EvaluationError> {
        let series = counts[chunk.clone()].iter().sum();
        let mut out = SeriesTable::with_capacity(window.len(), series);
        // A script failure does not stop the evaluation at once: every
        // value is tried, so that one run lists every broken script.
        let mut failures = Vec::new();
        let (mut inputs, mut slots) = (Vec::new(), Vec::with_capacity(ends.len()));
        for &(level, entity) in &tasks[chunk] {
            budget.check()?;
            let subject = entities.subject(level, entity);
            for (i, ind) in m.indicators().iter().enumerate() {
                if !applies(ind, level, entity, entities) {
                    continue;
                }
                for (slot, &end) in ends.iter().enumerate() {
                    inputs.clear();
                    inputs.extend(ind.inputs.iter().map(|input| match input {
                        Input::Measure(mi) => {
                            Decimal::from(entities.measure(level, *mi, slot, entity))
                        }
                        Input::Param(v) => *v,
                    }));
                    let value = match m.inner.runtime.eval(&ind.compiled, &inputs) {
                        Ok(v) => v,
                        Err(f) => match script_error(ind, f) {
                            EvaluationError::Script(e) => {
                                failures.push((e, format!("{} {end}", entities.id(level, entity))));
                                None
                            }
                            stop => return Err(stop),
                        },
                    };
                    let base = ind
                        .base_measure
                        .map(|b| entities.measure(level, b, slot, entity));
                    let reference = m.inner.references.select(i, &subject, end);
                    slots.push(Slot {
                        value,
                        base,
                        judgement: judge(value, base, ind.min_base, reference),
                        reference,
                    });
                }
                let of = SeriesOf {
                    level,
                    entity,
                    indicator: i,
                };
                out.push(of, slots.drain(..));
            }
        }
        Ok((out, failures))
    };
    let work = |chunk: Range<usize>| budget.enter(|| work(chunk));
    let threads = threads.clamp(1, 64);
    if threads == 1 || tasks.len() < 64 {
        let part = crate::script::on_script_stack(|| work(0..tasks.len()))?;
        return gathered(vec![part], window.len());
    }
    let parts: Vec<Result<Part, EvaluationError>> = std::thread::scope(|s| {
        let handles: Vec<_> = even_runs(&counts, threads)
            .into_iter()
            .map(|c| {
                let thread = std::thread::Builder::new()
                    .name("etalon-scripts".into())
                    .stack_size(crate::script::SCRIPT_STACK);
                let run = c.clone();
                (c, thread.spawn_scoped(s, move || work(run)))
            })
            .collect();
        handles
            .into_iter()
            .map(|(c, h)| match h {
                Ok(h) => h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)),
                // No thread could be started for this part: do it here.
                Err(_) => crate::script::on_script_stack(|| work(c)),
            })
            .collect()
    });
    gathered(parts.into_iter().collect::<Result<_, _>>()?, window.len())
}

/// `parts` contiguous runs of the items whose `weights` are given, each
/// of about the same total weight (an empty run only where there are
/// fewer items than parts).
fn even_runs(weights: &[usize], parts: usize) -> Vec<Range<usize>> {
    let total: usize = weights.iter().sum();
    let parts = parts.max(1);
    let mut runs = Vec::with_capacity(parts);
    let (mut from, mut taken) = (0, 0);
    for (i, w) in weights.iter().enumerate() {
        taken += w;
        if runs.len() + 1 < parts && taken * parts >= total * (runs.len() + 1) {
            runs.push(from..i + 1);
            from = i + 1;
        }
    }
    runs.push(from..weights.len());
    runs
}

/// What a worker made: its series, and the script failures it met, each
/// with the entity and period it met it in.
type Part<'m> = (SeriesTable<'m>, Vec<(ScriptError, String)>);

/// The series of every part, or every distinct script failure of them.
fn gathered<'m>(parts: Vec<Part<'m>>, slots: usize) -> Result<SeriesTable<'m>, EvaluationError> {
    let mut out = SeriesTable::with_capacity(slots, 0);
    let mut failures: Vec<ScriptFailureCount> = Vec::new();
    let mut more = BTreeMap::new();
    for (series, failed) in parts {
        out.append(series);
        for (error, first) in failed {
            if let Some(c) = failures.iter_mut().find(|c| c.error == error) {
                c.times += 1;
            } else if failures.len() < ScriptFailures::KEPT {
                failures.push(ScriptFailureCount {
                    error,
                    times: 1,
                    first,
                });
            } else {
                more.insert(error.to_string(), ());
            }
        }
    }
    match failures.len() {
        0 => Ok(out),
        1 if more.is_empty() => Err(EvaluationError::Script(failures.remove(0).error)),
        _ => Err(EvaluationError::Scripts(ScriptFailures {
            failures,
            more: more.len(),
        })),
    }
}

fn judge(
    value: Option<Decimal>,
    base: Option<i64>,
    min_base: i64,
    reference: Option<&Reference>,
) -> Judgement {
    let Some(v) = value else {
        return Judgement::Undefined;
    };
    if base.is_some_and(|b| b < min_base) {
        return Judgement::InsufficientBase;
    }
    let Some(r) = reference else {
        return Judgement::NoReference;
    };
    if r.normal.contains(v) {
        Judgement::Normal
    } else if r.warning.is_some_and(|w| w.contains(v)) {
        Judgement::Warning
    } else {
        Judgement::Critical
    }
}

fn show_band(b: &Band) -> String {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => format!("{lo}..{hi}"),
        (Some(lo), None) => format!(">= {lo}"),
        (None, Some(hi)) => format!("<= {hi}"),
        (None, None) => "any".to_string(),
    }
}

fn band_reason(value: Decimal, unit: ValueUnit, judgement: Judgement, r: &Reference) -> String {
    let shown = format!(
        "{} {}",
        crate::rounding::for_display(value, 2).normalize(),
        unit.symbol()
    );
    match judgement {
        Judgement::Warning => format!(
            "{} is outside the normal band {} but inside the warning band {}",
            shown.trim(),
            show_band(&r.normal),
            r.warning.as_ref().map(show_band).unwrap_or_default()
        ),
        _ => match &r.warning {
            Some(w) => format!(
                "{} is outside the warning band {} (normal {})",
                shown.trim(),
                show_band(w),
                show_band(&r.normal)
            ),
            None => format!(
                "{} is outside the normal band {}",
                shown.trim(),
                show_band(&r.normal)
            ),
        },
    }
}

/// The centre of a funnel: the normal band's edge on the worse side.
fn centre_of(direction: Direction, normal: &Band) -> Option<f64> {
    match direction {
        Direction::HigherIsBetter => normal.min,
        Direction::LowerIsBetter => normal.max,
        Direction::WithinBand => None,
    }
    .map(float::to_f64)
}

/// The funnel of every series' value in the period asked, computed per
/// indicator and level (overdispersion is a property of a level's
/// entities taken together); the groups shared out between `threads`.
fn level_funnels(
    m: &Methodology,
    series: &SeriesTable,
    target: usize,
    threads: usize,
) -> Vec<Option<Funnel>> {
    // The country's level too (a country's evaluation).
    let levels = Level::WITH_COUNTRY.len();
    let mut groups: Vec<Vec<usize>> = vec![Vec::new(); m.indicators().len() * levels];
    for k in 0..series.len() {
        let s = series.of(k);
        if m.indicators()[s.indicator].funnel.is_some() {
            groups[s.indicator * levels + s.level.index()].push(k);
        }
    }
    let groups: Vec<(usize, Vec<usize>)> = (groups.into_iter().enumerate())
        .filter(|(_, members)| !members.is_empty())
        .map(|(g, members)| (g / levels, members))
        .collect();
    // A group's cost follows its bases (exact tails are summed term by
    // term), not its size: the groups are taken in turn.
    let found = crate::parallel::map_taken("etalon-funnels", groups.len(), threads, |g| {
        let (i, members) = &groups[g];
        group_funnels(m, *i, series, members, target)
    });
    let mut out = vec![None; series.len()];
    for (k, f) in found.into_iter().flatten() {
        out[k] = f;
    }
    out
}

/// The funnels of the `members` series of indicator `i` at one level, by
/// series index.
fn group_funnels(
    m: &Methodology,
    i: usize,
    series: &SeriesTable,
    members: &[usize],
    target: usize,
) -> Vec<(usize, Option<Funnel>)> {
    let ind = &m.indicators()[i];
    let Some(rule) = &ind.funnel else {
        return Vec::new();
    };
    let mut at = Vec::with_capacity(members.len());
    let mut points = Vec::with_capacity(members.len());
    for &k in members {
        let s = series.get(k);
        let (Some(value), Some(base), Some(r)) =
            (s.floats[target], s.bases[target], s.references[target])
        else {
            continue;
        };
        let Some(centre) = centre_of(ind.direction, &r.normal) else {
            continue;
        };
        at.push(k);
        points.push(funnel::Point {
            value,
            base,
            centre,
            judged: s.judgements[target].is_judged(),
        });
    }
    at.into_iter()
        .zip(funnel::funnels(rule, ind.direction, &points))
        .collect()
}

/// A probability as people read it.
fn chance(p: f64) -> String {
    if p < 0.001 {
        "below 0.1 %".to_string()
    } else {
        format!("{:.1} %", p * 100.0)
    }
}

/// The deviation policy of a band deviation: on a base below the
/// indicator's `small_base`, escalate only when the value is also beyond
/// the funnel limit on the worse side, or the entity consistently fails;
/// otherwise watch. Returns the action and the words added to the reason.
fn policy(
    ind: &Indicator,
    base: Option<i64>,
    funnel: Option<&Funnel>,
    assurance: Option<&Assurance>,
) -> (Action, String) {
    let (Some(rule), Some(base), Some(f)) = (&ind.funnel, base, funnel) else {
        return (Action::Escalate, String::new());
    };
    let Some(small) = rule.small_base.filter(|&s| base < s) else {
        return (Action::Escalate, String::new());
    };
    let (name, limit) = match rule.limit {
        crate::methodology::FunnelLimit::P95 => ("95 %", (f.lower_95, f.upper_95)),
        crate::methodology::FunnelLimit::P998 => ("99.8 %", (f.lower_99_8, f.upper_99_8)),
    };
    let edge = match ind.direction {
        Direction::HigherIsBetter => limit.0,
        _ => limit.1,
    };
    let p = chance(f.probability);
    if f.position.is_worse_beyond(ind.direction, rule.limit) {
        return (
            Action::Escalate,
            format!(
                "; beyond the {name} funnel limit {edge:.2} on a base of {base} (below {small}): by chance with probability {p}, a real signal"
            ),
        );
    }
    if assurance.is_some_and(|a| a.class == AssuranceClass::ConsistentlyFails) {
        return (
            Action::Escalate,
            format!(
                "; inside the {name} funnel limit {edge:.2} on a base of {base}, but the process consistently fails its requirement over the window"
            ),
        );
    }
    (
        Action::Watch,
        format!(
            "; on a base of {base} (below {small}) a value this far happens by chance with probability {p}, inside the {name} funnel limit {edge:.2}: a signal to watch, not escalated beyond its own level"
        ),
    )
}

/// Series assembled into values and deviations by a thread at a time.
const ASSEMBLED_PIECE: usize = 512;

/// What one part of the series gives: its values and deviations in series
/// order, and its counts for the summary.
#[derive(Default)]
struct Assembled {
    values: Vec<IndicatorValue>,
    deviations: Vec<Deviation>,
    judged: u64,
    insufficient_base: u64,
    watched: u64,
}

/// What every part of the assembly reads.
struct AssemblyContext<'a, E> {
    m: &'a Methodology,
    entities: &'a E,
    target: usize,
    period: Period,
    /// The trend rules that apply to each indicator, found once rather
    /// than for every entity.
    trend_rules: Vec<Vec<&'a crate::methodology::TrendRule>>,
    /// Each indicator's texts, shared by all its values.
    texts: Vec<IndicatorTexts>,
}

/// An indicator's texts as its values cite them, made once per evaluation
/// and shared (a region has tens of thousands of values: a copy in each
/// was about ten allocations per value to make and to free).
struct IndicatorTexts {
    id: Arc<str>,
    process: Option<Arc<str>>,
    formula: Arc<str>,
    /// The name of each input, as the formula names it.
    inputs: Vec<Arc<str>>,
}

impl IndicatorTexts {
    fn of(ind: &Indicator) -> Self {
        IndicatorTexts {
            id: Arc::from(ind.id.as_str()),
            process: ind.process.as_deref().map(Arc::from),
            formula: Arc::from(ind.formula.as_str()),
            inputs: ind
                .compiled
                .inputs
                .iter()
                .map(|n| Arc::from(n.as_str()))
                .collect(),
        }
    }
}

fn assemble<E: Entities>(
    m: &Methodology,
    entities: &E,
    window: &Window,
    series: SeriesTable,
    threads: usize,
) -> Evaluation {
    let target = window.target();
    let period = window.periods[target];
    let funnels = level_funnels(m, &series, target, threads);
    let trend_rules = m
        .indicators()
        .iter()
        .map(|ind| {
            m.trends()
                .iter()
                .filter(|rule| rule.indicators.is_empty() || rule.indicators.contains(&ind.id))
                .filter(|rule| {
                    ind.direction != Direction::WithinBand
                        || !matches!(rule.kind, crate::methodology::TrendKind::PChart { .. })
                })
                .collect()
        })
        .collect();
    let context = AssemblyContext {
        m,
        entities,
        target,
        period,
        trend_rules,
        texts: m.indicators().iter().map(IndicatorTexts::of).collect(),
    };
    // Pieces of the series taken in turn by the threads (a series costs
    // what its deviations and trends ask); their values and deviations are
    // joined in series order.
    let pieces = series.len().div_ceil(ASSEMBLED_PIECE);
    let assembled = crate::parallel::map_taken("etalon-assemble", pieces, threads, |p| {
        let range = p * ASSEMBLED_PIECE..((p + 1) * ASSEMBLED_PIECE).min(series.len());
        assemble_part(&context, series.range(range.clone()), &funnels[range])
    });
    let mut summary = Summary {
        entities: entities.counts(),
        values: series.len() as u64,
        ..Summary::default()
    };
    let mut values = Vec::with_capacity(series.len());
    let mut deviations = Vec::new();
    for part in assembled {
        values.extend(part.values);
        deviations.extend(part.deviations);
        summary.judged += part.judged;
        summary.insufficient_base += part.insufficient_base;
        summary.watched += part.watched;
    }
    let mut by_indicator: BTreeMap<&str, (u64, u64)> = BTreeMap::new();
    for d in &deviations {
        let counts = summary.deviations.entry(d.entity.level).or_default();
        let e = by_indicator.entry(d.indicator.as_str()).or_default();
        e.0 += 1;
        match d.severity {
            crate::methodology::DeviationSeverity::Warning => counts.warning += 1,
            crate::methodology::DeviationSeverity::Critical => {
                counts.critical += 1;
                e.1 += 1;
            }
        }
    }
    let mut worst: Vec<IndicatorCount> = by_indicator
        .into_iter()
        .map(|(i, (n, c))| IndicatorCount {
            indicator: i.to_string(),
            deviations: n,
            critical: c,
        })
        .collect();
    worst.sort_by(|a, b| {
        (b.critical, b.deviations)
            .cmp(&(a.critical, a.deviations))
            .then(a.indicator.cmp(&b.indicator))
    });
    worst.truncate(10);
    summary.worst_indicators = worst;
    let info = &m.manifest().package;
    Evaluation {
        methodology: MethodologyStamp {
            id: info.id.clone(),
            version: info.version.clone(),
            edition: info.edition.clone(),
        },
        region: entities.top().to_string(),
        period,
        periods: window.periods.clone(),
        values,
        deviations,
        summary,
        notes: m
            .calendar()
            .notes(window.periods[0].start(), period.end())
            .into_iter()
            .map(EvaluationNote::from)
            .collect(),
    }
}

/// The values and deviations of `series`, whose funnels are `funnels`.
fn assemble_part<'a, 'm: 'a, E: Entities>(
    context: &AssemblyContext<'_, E>,
    series: impl Iterator<Item = IndicatorSeries<'a, 'm>>,
    funnels: &[Option<Funnel>],
) -> Assembled {
    let AssemblyContext {
        m,
        entities,
        target,
        period,
        trend_rules,
        texts,
    } = context;
    let (target, period) = (*target, *period);
    let mut out = Assembled {
        values: Vec::with_capacity(funnels.len()),
        ..Assembled::default()
    };
    // The series of an entity come together: its name is shared by them.
    let mut named: Option<((Level, usize), Arc<str>)> = None;
    for (s, funnel) in series.zip(funnels.iter().cloned()) {
        let ind = &m.indicators()[s.indicator];
        let text = &texts[s.indicator];
        let entity = EntityRef {
            level: s.level,
            id: entities.id(s.level, s.entity).to_string(),
        };
        let entity_name = match &named {
            Some((at, name)) if *at == (s.level, s.entity) => Arc::clone(name),
            _ => {
                let name: Arc<str> = Arc::from(entities.name(s.level, s.entity));
                named = Some(((s.level, s.entity), Arc::clone(&name)));
                name
            }
        };
        let inputs: BTreeMap<Arc<str>, i64> = ind
            .inputs
            .iter()
            .zip(&text.inputs)
            .filter_map(|(input, name)| match input {
                Input::Measure(mi) => Some((
                    Arc::clone(name),
                    entities.measure(s.level, *mi, target, s.entity),
                )),
                Input::Param(_) => None,
            })
            .collect();
        let judgement = s.judgements[target];
        let reference = s.references[target];
        let assurance = reference.map(|r| assurance::assess(s.floats, ind.direction, &r.normal));
        out.judged += judgement.is_judged() as u64;
        out.insufficient_base += (judgement == Judgement::InsufficientBase) as u64;
        let mut found = |rule: DeviationRule, severity, reason: String, action, probability| {
            out.deviations.push(Deviation {
                id: deviation_id(&entity, &ind.id, period, &rule),
                entity: entity.clone(),
                entity_name: entity_name.to_string(),
                indicator: ind.id.clone(),
                process: ind.process.clone(),
                period,
                rule,
                severity,
                value: s.values[target],
                reference: reference.map(AppliedReference::from),
                reason,
                inputs: inputs.iter().map(|(k, v)| (k.to_string(), *v)).collect(),
                formula: ind.formula.clone(),
                action,
                probability,
            });
        };
        if let (Some(severity), Some(v), Some(r)) =
            (judgement.severity(), s.values[target], reference)
        {
            let (action, why) = policy(ind, s.bases[target], funnel.as_ref(), assurance.as_ref());
            out.watched += (action == Action::Watch) as u64;
            found(
                DeviationRule::Band,
                severity,
                band_reason(v, ind.unit, judgement, r) + why.as_str(),
                action,
                funnel.as_ref().map(|f| f.probability),
            );
        }
        let trend_series = trends::Series {
            values: s.values,
            floats: s.floats,
            bases: s.bases,
            judgements: s.judgements,
            references: s.references,
            direction: ind.direction,
            is_share: ind.unit == ValueUnit::Percent && ind.base_measure.is_some(),
        };
        for &rule in &trend_rules[s.indicator] {
            if let Some(reason) = trends::check(rule, &trend_series) {
                found(
                    DeviationRule::Trend {
                        rule: rule.id.clone(),
                    },
                    rule.severity,
                    format!("{}: {reason}", rule.name),
                    Action::Escalate,
                    None,
                );
            }
        }
        out.values.push(IndicatorValue {
            entity,
            entity_name,
            indicator: Arc::clone(&text.id),
            process: text.process.clone(),
            period,
            value: s.values[target],
            base: s.bases[target],
            judgement,
            reference: reference.map(|r| m.inner.references.applied(s.indicator, r)),
            formula: Arc::clone(&text.formula),
            inputs,
            history: s.values[..target].to_vec(),
            funnel,
            assurance,
        });
    }
    out
}
