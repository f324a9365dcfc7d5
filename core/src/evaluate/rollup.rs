//! Levels above a dataset: the country from its regions (or a region from
//! evaluations of its groups made apart).
//!
//! A region's evaluation hands up its [`Totals`]: every measure in every
//! period of the window, rolled up to the region, and the processes it
//! runs. [`Methodology::roll_up`] sums the totals of the parts and runs the
//! indicators, judgement and trend rules on the sums, with the same code as
//! a region's own evaluation: shares above the region are sums of
//! numerators over sums of denominators, never means of the regions'
//! shares.
//!
//! Distinct-recipient measures are counted per region; above the region
//! they are summed, which treats the parts as disjoint populations (a
//! person served in two regions counts in each, as regions report to the
//! federal level). Recipient ids are regional registers, so counting them
//! across regions would join different people. When the parts are groups
//! of one region, the same sum is exact only if no recipient is served in
//! two groups; evaluate the whole region for exact distinct counts.

use std::collections::{BTreeMap, BTreeSet};

use serde::{Deserialize, Serialize};

use super::entities::{Entities, Regional};
use super::measures::Window;
use super::result::MethodologyStamp;
use super::{
    Evaluation, EvaluationError, EvaluationOptions, assemble, budget::Budget, evaluate_indicators,
};
use crate::data::{Dataset, EntityRef, Level};
use crate::methodology::Methodology;
use crate::methodology::references::Subject;
use crate::time::Period;

/// What an entity hands up to the level above: its measures in every period
/// of an evaluation's window and the processes it runs. Serialises to JSON
/// so that it can travel between machines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Totals {
    /// The package the measures were computed with.
    pub methodology: MethodologyStamp,
    /// The entity (a region, a group, or the country after a roll-up).
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// The periods of the window, oldest first (the last is the one asked).
    pub periods: Vec<Period>,
    /// The measure ids, in package order.
    pub measures: Vec<String>,
    /// `values[m * periods.len() + p]`: measure `m` in period `p`.
    pub values: Vec<i64>,
    /// The processes the entity runs (declared in its tree or seen in its
    /// cases), in package order.
    pub processes: Vec<String>,
}

impl Totals {
    /// Measure `measure` in `period`.
    pub fn get(&self, measure: &str, period: Period) -> Option<i64> {
        let m = self.measures.iter().position(|x| x == measure)?;
        let p = self.periods.iter().position(|x| *x == period)?;
        self.values.get(m * self.periods.len() + p).copied()
    }

    /// The JSON form.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|e| format!("{{\"error\": \"{e}\"}}"))
    }

    /// Reads the JSON form.
    pub fn from_json(text: &str) -> Result<Totals, EvaluationError> {
        serde_json::from_str(text).map_err(|e| {
            let detail = e.to_string();
            refuse(
                "rollup-unreadable",
                &[("detail", &detail)],
                format!("the totals cannot be read: {detail}"),
            )
        })
    }

    fn of<E: Entities>(
        m: &Methodology,
        entities: &E,
        window: &Window,
        level: Level,
        entity: usize,
    ) -> Totals {
        let slots = window.len();
        let values = (0..m.measures().len())
            .flat_map(|mi| (0..slots).map(move |s| (mi, s)))
            .map(|(mi, s)| entities.measure(level, mi, s, entity))
            .collect();
        let processes = m
            .processes()
            .iter()
            .enumerate()
            .filter(|(p, _)| entities.runs(level, entity, *p))
            .map(|(_, p)| p.id.clone())
            .collect();
        Totals {
            methodology: stamp(m),
            entity: EntityRef {
                level,
                id: entities.id(level, entity).to_string(),
            },
            entity_name: entities.name(level, entity).to_string(),
            periods: window.periods.clone(),
            measures: m.measures().iter().map(|x| x.id.clone()).collect(),
            values,
            processes,
        }
    }
}

fn stamp(m: &Methodology) -> MethodologyStamp {
    let info = &m.manifest().package;
    MethodologyStamp {
        id: info.id.clone(),
        version: info.version.clone(),
        edition: info.edition.clone(),
    }
}

/// One entity made of the sums of its parts.
struct Rolled<'a> {
    entity: &'a EntityRef,
    name: &'a str,
    slots: usize,
    /// `measure * slots + slot`.
    values: Vec<i64>,
    /// By process index.
    runs: Vec<bool>,
    parts: (Level, u64),
}

impl Entities for Rolled<'_> {
    fn entities(&self) -> Vec<(Level, usize)> {
        vec![(self.entity.level, 0)]
    }

    fn id(&self, _: Level, _: usize) -> &str {
        &self.entity.id
    }

    fn name(&self, _: Level, _: usize) -> &str {
        self.name
    }

    fn subject(&self, level: Level, _: usize) -> Subject<'_> {
        Subject::rolled_up(level)
    }

    fn runs(&self, _: Level, _: usize, process: usize) -> bool {
        self.runs.get(process).copied().unwrap_or(false)
    }

    fn measure(&self, _: Level, measure: usize, slot: usize, _: usize) -> i64 {
        self.values[measure * self.slots + slot]
    }

    fn top(&self) -> &str {
        &self.entity.id
    }

    fn counts(&self) -> BTreeMap<Level, u64> {
        [(self.entity.level, 1), self.parts].into_iter().collect()
    }
}

/// A roll-up refused: the catalogue message `id` with `args`, which says
/// the English `words`.
fn refuse(id: &str, args: &[(&str, &str)], words: String) -> EvaluationError {
    EvaluationError::RollUp(crate::Message::new(id, args, words))
}

impl Methodology {
    /// Evaluates like [`Methodology::evaluate_with`] and, from the same
    /// pass, returns the [`Totals`] of every entity at `level` (the region
    /// for a country roll-up; each group for a region evaluated in parts).
    /// No totals at [`Level::Country`], which is not in a region's tree.
    pub fn evaluate_with_totals(
        &self,
        data: &Dataset,
        options: &EvaluationOptions,
        level: Level,
    ) -> Result<(Evaluation, Vec<Totals>), EvaluationError> {
        let (window, measures, activity, threads, budget) = self.prepare(data, options)?;
        let entities = Regional::new(data.tree(), &measures, &activity);
        let series = evaluate_indicators(self, &entities, &window, threads, &budget)?;
        let mut evaluation = assemble(self, &entities, &window, series, threads);
        // The same notes as `evaluate_with`: the evaluation is the same one.
        evaluation
            .notes
            .extend(super::contract::notes(self, data, options.period));
        let totals = (0..data.tree().count(level))
            .map(|e| Totals::of(self, &entities, &window, level, e))
            .collect();
        Ok((evaluation, totals))
    }

    /// Evaluates `entity` (the country, or a region) from the totals of
    /// its parts (its regions, or its groups): each measure summed over the
    /// parts in every period, then the indicators that apply at the
    /// entity's level, judged against the references of that level (rows
    /// written `country = true` for the country; the region's rows for a
    /// region) and the trend rules. Returns the evaluation of that one
    /// entity and its own totals, to roll up again.
    ///
    /// Every part must come from this package, for the same window of
    /// periods, from one level below `entity`, each entity once.
    pub fn roll_up(
        &self,
        entity: &EntityRef,
        name: &str,
        parts: &[Totals],
    ) -> Result<(Evaluation, Totals), EvaluationError> {
        let part_level = match entity.level {
            Level::Country => Level::Region,
            Level::Region => Level::Group,
            other => {
                return Err(refuse(
                    "rollup-level",
                    &[("level", other.name())],
                    format!("a roll-up makes a region or the country, not a {other}"),
                ));
            }
        };
        let first = parts.first().ok_or_else(|| {
            let entity = entity.to_string();
            refuse(
                "rollup-nothing",
                &[("entity", &entity)],
                format!("{entity}: there are no totals to roll up"),
            )
        })?;
        let own = stamp(self);
        let measures: Vec<&str> = self.measures().iter().map(|m| m.id.as_str()).collect();
        let periods = &first.periods;
        if periods.is_empty() {
            let entity = first.entity.to_string();
            return Err(refuse(
                "rollup-no-period",
                &[("entity", &entity)],
                format!("{entity}: the totals have no period"),
            ));
        }
        let mut seen = BTreeSet::new();
        let mut runs = vec![false; self.processes().len()];
        let slots = periods.len();
        let mut values = vec![0i64; measures.len() * slots];
        for part in parts {
            let who = part.entity.to_string();
            if part.methodology.id != own.id || part.methodology.version != own.version {
                let theirs = format!("{} {}", part.methodology.id, part.methodology.version);
                let ours = format!("{} {}", own.id, own.version);
                return Err(refuse(
                    "rollup-other-package",
                    &[("entity", &who), ("theirs", &theirs), ("ours", &ours)],
                    format!("{who}: the totals were computed with {theirs}, not {ours}"),
                ));
            }
            if part.entity.level != part_level {
                return Err(refuse(
                    "rollup-part-level",
                    &[
                        ("entity", &who),
                        ("level", entity.level.name()),
                        ("part_level", part_level.name()),
                    ],
                    format!(
                        "{who}: {} is rolled up from totals at the {part_level} level",
                        entity.level
                    ),
                ));
            }
            if !seen.insert(part.entity.id.as_str()) {
                return Err(refuse(
                    "rollup-twice",
                    &[("entity", &who)],
                    format!("{who}: the totals are given twice"),
                ));
            }
            if &part.periods != periods {
                let (theirs, first_periods) = (show_periods(&part.periods), show_periods(periods));
                let first_entity = first.entity.to_string();
                return Err(refuse(
                    "rollup-other-periods",
                    &[
                        ("entity", &who),
                        ("theirs", &theirs),
                        ("first", &first_entity),
                        ("periods", &first_periods),
                    ],
                    format!(
                        "{who}: the totals cover {theirs}, those of {first_entity} cover {first_periods}"
                    ),
                ));
            }
            if part.measures.len() != measures.len()
                || part.measures.iter().zip(&measures).any(|(a, b)| a != b)
            {
                return Err(refuse(
                    "rollup-other-measures",
                    &[("entity", &who)],
                    format!("{who}: the totals list other measures than the package"),
                ));
            }
            if part.values.len() != values.len() {
                let (held, count) = (part.values.len().to_string(), measures.len().to_string());
                let periods = slots.to_string();
                return Err(refuse(
                    "rollup-values",
                    &[
                        ("entity", &who),
                        ("values", &held),
                        ("measures", &count),
                        ("periods", &periods),
                    ],
                    format!(
                        "{who}: the totals hold {held} values, not {count} measures × {periods} periods"
                    ),
                ));
            }
            for (sum, v) in values.iter_mut().zip(&part.values) {
                *sum = sum.saturating_add(*v);
            }
            for p in &part.processes {
                let i = self
                    .processes()
                    .iter()
                    .position(|x| &x.id == p)
                    .ok_or_else(|| {
                        refuse(
                            "rollup-no-process",
                            &[("entity", &who), ("process", p)],
                            format!("{who}: there is no process `{p}`"),
                        )
                    })?;
                runs[i] = true;
            }
        }
        let period = periods[slots - 1];
        let window = Window::new(period, (slots - 1) as u32);
        if &window.periods != periods {
            let (entity, periods) = (first.entity.to_string(), show_periods(periods));
            return Err(refuse(
                "rollup-not-a-window",
                &[("entity", &entity), ("periods", &periods)],
                format!(
                    "{entity}: the totals' periods {periods} are not a window of consecutive periods"
                ),
            ));
        }
        let rolled = Rolled {
            entity,
            name,
            slots,
            values,
            runs,
            parts: (part_level, parts.len() as u64),
        };
        let budget = Budget::new(&EvaluationOptions::new(period));
        let series = evaluate_indicators(self, &rolled, &window, 1, &budget)?;
        let evaluation = assemble(self, &rolled, &window, series, 1);
        let totals = Totals::of(self, &rolled, &window, entity.level, 0);
        Ok((evaluation, totals))
    }
}

fn show_periods(periods: &[Period]) -> String {
    match (periods.first(), periods.last()) {
        (Some(a), Some(b)) if a != b => format!("{a}..{b}"),
        (Some(a), _) => a.to_string(),
        _ => "no period".to_string(),
    }
}
