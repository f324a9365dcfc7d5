//! What a new edition of a rule package changes, before it is adopted:
//! both packages evaluated on the same data and period, and the results
//! compared — deviations that appear, disappear or change severity or
//! owner; indicator values that change; НОК totals and ranks and KPI
//! points that change — beside the structural changes of the package
//! (reference rows, formulas, matrix rows) that explain them.
//!
//! [`compare`] takes both evaluations (and the НОК and KPI scores where
//! the caller has them); the command (`etalon rules diff`) and the bindings
//! evaluate and score each side the same way, then call it. [`html`]
//! writes the comparison for a board.

pub mod html;
mod structure;

use std::collections::BTreeMap;

use etalon_core::evaluate::{Deviation, DeviationRule, Evaluation, IndicatorValue, Judgement};
use etalon_core::methodology::DeviationSeverity;
use etalon_core::responsibility::{Subject, path_of};
use etalon_core::scoring::{KpiScores, NokScores};
use etalon_core::{EntityRef, Methodology, OrgTree, Period};
use rust_decimal::Decimal;
use serde::Serialize;

pub use structure::{Change, StructuralChange};

/// One side of the comparison: a package with what it made of the data.
#[derive(Debug, Clone, Copy)]
pub struct Side<'a> {
    /// The package.
    pub methodology: &'a Methodology,
    /// Its evaluation of the period.
    pub evaluation: &'a Evaluation,
    /// Its НОК scores, where the data has the НОК facts.
    pub nok: Option<&'a NokScores>,
    /// Its KPI points of managers, where the package has a scheme.
    pub kpi: Option<&'a KpiScores>,
}

/// The package an edition is: id, version and edition.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Edition {
    /// Package id.
    pub id: String,
    /// Version.
    pub version: String,
    /// Edition.
    pub edition: String,
}

/// How a deviation moves from the old package to the new.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Movement {
    /// Found by the new package only.
    Appears,
    /// Found by the old package only.
    Disappears,
    /// Found by both, with another severity or owner.
    Changes,
}

/// A deviation that appears, disappears or changes.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DeviationChange {
    /// How it moves.
    pub movement: Movement,
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// The indicator.
    pub indicator: String,
    /// The rule that finds it: `band` or the trend rule's id.
    pub rule: String,
    /// Severity under the old package (none if it does not find it).
    pub old_severity: Option<DeviationSeverity>,
    /// Severity under the new package.
    pub new_severity: Option<DeviationSeverity>,
    /// Who answers under the old package (`role@level:id`), where its
    /// matrix routes it.
    pub old_owner: Option<String>,
    /// Who answers under the new package.
    pub new_owner: Option<String>,
    /// The value under the new package (the old one where it disappears).
    pub value: Option<Decimal>,
}

/// An indicator value that changes (its value or its judgement).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ValueChange {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
    /// The indicator.
    pub indicator: String,
    /// The old value (none: undefined, or not computed by the old package).
    pub old_value: Option<Decimal>,
    /// The new value.
    pub new_value: Option<Decimal>,
    /// The old judgement (none: not computed by the old package).
    pub old_judgement: Option<Judgement>,
    /// The new judgement.
    pub new_judgement: Option<Judgement>,
}

/// A score that changes: an organisation's НОК total or a manager's KPI
/// points, with ranks.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ScoreChange {
    /// The organisation or group.
    pub entity: EntityRef,
    /// Its name.
    pub name: Option<String>,
    /// The old score.
    pub old: Option<Decimal>,
    /// The new score.
    pub new: Option<Decimal>,
    /// The old rank.
    pub old_rank: Option<u32>,
    /// The new rank.
    pub new_rank: Option<u32>,
}

/// Everything a new edition changes on the same data.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RulesDiff {
    /// The old package.
    pub old: Edition,
    /// The new package.
    pub new: Edition,
    /// The period evaluated.
    pub period: Period,
    /// The changes of the package itself.
    pub structure: Vec<StructuralChange>,
    /// Deviations that appear, disappear or change, by entity and indicator.
    pub deviations: Vec<DeviationChange>,
    /// Indicator values that change, by entity and indicator.
    pub values: Vec<ValueChange>,
    /// НОК totals and ranks of organisations that change.
    pub nok: Vec<ScoreChange>,
    /// KPI points and ranks of directors and heads that change.
    pub kpi: Vec<ScoreChange>,
}

impl RulesDiff {
    /// How many deviations move each way: appear, disappear, change.
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |m: Movement| self.deviations.iter().filter(|d| d.movement == m).count();
        (
            n(Movement::Appears),
            n(Movement::Disappears),
            n(Movement::Changes),
        )
    }

    /// Whether the new package changes nothing on this data.
    pub fn is_empty(&self) -> bool {
        self.structure.is_empty()
            && self.deviations.is_empty()
            && self.values.is_empty()
            && self.nok.is_empty()
            && self.kpi.is_empty()
    }
}

fn edition(m: &Methodology) -> Edition {
    let p = &m.manifest().package;
    Edition {
        id: p.id.clone(),
        version: p.version.clone(),
        edition: p.edition.clone(),
    }
}

/// The rule's name in a deviation's key: `band` or the trend rule's id.
fn rule_key(d: &Deviation) -> String {
    match &d.rule {
        DeviationRule::Band => "band".to_string(),
        DeviationRule::Trend { rule } => rule.clone(),
    }
}

type Key = (EntityRef, String, String);

/// The owner the package's matrix routes a deviation to.
fn owner(m: &Methodology, tree: &OrgTree, d: &Deviation) -> Option<String> {
    let matrix = m.responsibility()?;
    let path = path_of(tree, &d.entity)?;
    let subject = Subject {
        indicator: &d.indicator,
        process: d.process.as_deref(),
        severity: d.severity,
    };
    let end = d.period.end();
    let a = matrix.route(&subject, &path, end, end).ok()?;
    Some(a.owner.to_string())
}

/// Compares what two packages make of the same data (`tree` is the data's
/// organisation tree, which routes deviations to their owners).
pub fn compare(old: &Side<'_>, new: &Side<'_>, tree: &OrgTree) -> RulesDiff {
    RulesDiff {
        old: edition(old.methodology),
        new: edition(new.methodology),
        period: new.evaluation.period,
        structure: structure::compare(old.methodology, new.methodology),
        deviations: deviations(old, new, tree),
        values: values(old.evaluation, new.evaluation),
        nok: nok(old.nok, new.nok),
        kpi: kpi(old.kpi, new.kpi),
    }
}

fn deviations(old: &Side<'_>, new: &Side<'_>, tree: &OrgTree) -> Vec<DeviationChange> {
    fn keyed<'e>(
        side: &Side<'e>,
        tree: &OrgTree,
    ) -> BTreeMap<Key, (&'e Deviation, Option<String>)> {
        side.evaluation
            .deviations
            .iter()
            .map(|d| {
                (
                    (d.entity.clone(), d.indicator.clone(), rule_key(d)),
                    (d, owner(side.methodology, tree, d)),
                )
            })
            .collect()
    }
    let before = keyed(old, tree);
    let mut after = keyed(new, tree);
    let mut out = Vec::new();
    for (key, (d, was_owner)) in before {
        let change = |movement, now: Option<(&Deviation, Option<String>)>| DeviationChange {
            movement,
            entity: key.0.clone(),
            entity_name: d.entity_name.clone(),
            indicator: key.1.clone(),
            rule: key.2.clone(),
            old_severity: Some(d.severity),
            new_severity: now.as_ref().map(|(n, _)| n.severity),
            old_owner: was_owner.clone(),
            new_owner: now.as_ref().and_then(|(_, o)| o.clone()),
            value: now.as_ref().map_or(d.value, |(n, _)| n.value),
        };
        match after.remove(&key) {
            None => out.push(change(Movement::Disappears, None)),
            Some((n, o)) if n.severity != d.severity || o != was_owner => {
                out.push(change(Movement::Changes, Some((n, o))))
            }
            Some(_) => {}
        }
    }
    for (key, (d, now_owner)) in after {
        out.push(DeviationChange {
            movement: Movement::Appears,
            entity: key.0,
            entity_name: d.entity_name.clone(),
            indicator: key.1,
            rule: key.2,
            old_severity: None,
            new_severity: Some(d.severity),
            old_owner: None,
            new_owner: now_owner,
            value: d.value,
        });
    }
    out.sort_by(|a, b| {
        (a.movement, &a.indicator, &a.entity, &a.rule).cmp(&(
            b.movement,
            &b.indicator,
            &b.entity,
            &b.rule,
        ))
    });
    out
}

fn values(old: &Evaluation, new: &Evaluation) -> Vec<ValueChange> {
    fn keyed(e: &Evaluation) -> BTreeMap<(EntityRef, String), &IndicatorValue> {
        e.values
            .iter()
            .map(|v| ((v.entity.clone(), v.indicator.to_string()), v))
            .collect()
    }
    let before = keyed(old);
    let mut after = keyed(new);
    let mut out = Vec::new();
    for (key, v) in before {
        let now = after.remove(&key);
        if now.is_some_and(|n| n.value == v.value && n.judgement == v.judgement) {
            continue;
        }
        out.push(ValueChange {
            entity: key.0,
            entity_name: v.entity_name.to_string(),
            indicator: key.1,
            old_value: v.value,
            new_value: now.and_then(|n| n.value),
            old_judgement: Some(v.judgement),
            new_judgement: now.map(|n| n.judgement),
        });
    }
    for (key, v) in after {
        out.push(ValueChange {
            entity: key.0,
            entity_name: v.entity_name.to_string(),
            indicator: key.1,
            old_value: None,
            new_value: v.value,
            old_judgement: None,
            new_judgement: Some(v.judgement),
        });
    }
    out.sort_by(|a, b| (&a.indicator, &a.entity).cmp(&(&b.indicator, &b.entity)));
    out
}

/// Scores keyed by entity, with name, score and rank.
type Scored = BTreeMap<EntityRef, (Option<String>, Option<Decimal>, Option<u32>)>;

fn score_changes(before: Scored, mut after: Scored) -> Vec<ScoreChange> {
    let mut out = Vec::new();
    for (entity, (name, old, old_rank)) in before {
        let now = after.remove(&entity);
        if now
            .as_ref()
            .is_some_and(|(_, new, new_rank)| *new == old && *new_rank == old_rank)
        {
            continue;
        }
        out.push(ScoreChange {
            entity,
            name,
            old,
            new: now.as_ref().and_then(|n| n.1),
            old_rank,
            new_rank: now.and_then(|n| n.2),
        });
    }
    for (entity, (name, new, new_rank)) in after {
        out.push(ScoreChange {
            entity,
            name,
            old: None,
            new,
            old_rank: None,
            new_rank,
        });
    }
    out
}

fn nok(old: Option<&NokScores>, new: Option<&NokScores>) -> Vec<ScoreChange> {
    let keyed = |s: Option<&NokScores>| -> Scored {
        s.into_iter()
            .flat_map(|s| &s.organisations)
            .map(|o| {
                (
                    EntityRef {
                        level: etalon_core::Level::Org,
                        id: o.org.clone(),
                    },
                    (o.name.clone(), o.total, o.rank),
                )
            })
            .collect()
    };
    score_changes(keyed(old), keyed(new))
}

fn kpi(old: Option<&KpiScores>, new: Option<&KpiScores>) -> Vec<ScoreChange> {
    let keyed = |s: Option<&KpiScores>| -> Scored {
        let mut out = Scored::new();
        for s in s.into_iter() {
            for (level, managers) in [
                (etalon_core::Level::Org, &s.directors),
                (etalon_core::Level::Group, &s.heads),
            ] {
                for m in managers {
                    out.insert(
                        EntityRef {
                            level,
                            id: m.id.clone(),
                        },
                        (m.name.clone(), Some(m.points), m.rank),
                    );
                }
            }
        }
        out
    };
    score_changes(keyed(old), keyed(new))
}
