//! Applying an evaluation to the journal: what the engine writes itself.
//!
//! For each deviation of the evaluation: a new subject is detected, routed
//! by the responsibility matrix and, if its row says so, escalated at once
//! (unless the deviation policy made it a signal to watch: then it stays
//! with the owner at its own level);
//! an open one found again is marked as recurred; a corrected, verified or
//! closed one is reopened. For each open deviation the evaluation does not
//! find: if its indicator is judged inside the normal band, the correction
//! is observed, and verified once it has held for the periods its
//! verification rule asks. Then every open deviation whose response term
//! passed is escalated. A deviation moves at most one step up its ladder
//! per application, with every trigger that fired named.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{DateTime, Utc};

use super::JournalError;
use super::event::{Change, Detection, ENGINE_ACTOR, Event, ReopenCause, Trigger, Verification};
use super::state::{DeviationState, JournalState, Status};
use crate::data::{EntityRef, OrgTree};
use crate::diagnostics::Text;
use crate::evaluate::{Action, Deviation, DeviationRule, Evaluation, Judgement};
use crate::methodology::Methodology;
use crate::responsibility::{Responsibility, Subject, add_days, path_of};
use crate::time::Period;

/// The subject of a deviation: indicator, entity and rule, without the
/// period. Deviations of one subject in later periods are one journal entry.
pub fn subject_of(d: &Deviation) -> String {
    match &d.rule {
        DeviationRule::Band => format!("{}@{}", d.indicator, d.entity),
        DeviationRule::Trend { rule } => format!("{}@{}#{rule}", d.indicator, d.entity),
    }
}

/// Events planned against a copy of the state, each checked as it is added.
struct Plan<'a> {
    staged: JournalState,
    events: Vec<Event>,
    at: DateTime<Utc>,
    matrix: &'a Responsibility,
    triggers: BTreeMap<String, Vec<Trigger>>,
    /// Deviations this evaluation found as signals to watch: routed to
    /// their own level, not escalated at once.
    watched: HashSet<String>,
}

impl Plan<'_> {
    fn push(
        &mut self,
        deviation: &str,
        suffix: &str,
        reason: String,
        change: Change,
    ) -> Result<(), JournalError> {
        let e = Event {
            id: format!("{deviation}/{suffix}"),
            deviation: deviation.to_string(),
            at: self.at,
            actor: ENGINE_ACTOR.to_string(),
            reason,
            change,
        };
        self.staged.apply(&e)?;
        self.events.push(e);
        Ok(())
    }

    fn state(&self, id: &str) -> Option<&DeviationState> {
        self.staged.deviation(id)
    }

    /// Routes an open deviation without an owner (just detected or reopened).
    fn assign(&mut self, id: &str) -> Result<(), JournalError> {
        let matrix = self.matrix;
        let Some(d) = self.state(id) else {
            return Ok(());
        };
        if d.status != Status::Open || d.owner.is_some() {
            return Ok(());
        }
        let subject = Subject {
            indicator: &d.detection.indicator,
            process: d.detection.process.as_deref(),
            severity: d.severity,
        };
        let period_end = d.last_period.end();
        let a = matrix.route(
            &subject,
            &d.detection.path,
            period_end,
            self.at.date_naive(),
        )?;
        let row = row_of(matrix, d).ok();
        let opening = d.reopened + 1;
        let role = matrix
            .role(&a.owner.role)
            .map_or(a.owner.role.clone(), |r| r.name.clone());
        let reason = format!(
            "routed by the responsibility matrix ({}): {role}, {} answers by {} ({} days)",
            a.row, a.owner.entity_name, a.due, a.term_days
        );
        self.push(
            id,
            &format!("assigned/{opening}"),
            reason,
            Change::Assigned {
                owner: a.owner,
                due: a.due,
                row: a.row,
            },
        )?;
        if row.is_some_and(|r| r.escalate.at_once) && !self.watched.contains(id) {
            let severity = self.state(id).map(|d| d.severity);
            if let Some(severity) = severity {
                self.trigger(id, Trigger::AtOnce { severity });
            }
        }
        Ok(())
    }

    fn trigger(&mut self, id: &str, t: Trigger) {
        self.triggers.entry(id.to_string()).or_default().push(t);
    }

    /// A recurrence trigger if the periods outside reached a multiple of the
    /// row's `recurrence`.
    fn check_recurrence(&mut self, id: &str) {
        let matrix = self.matrix;
        let Some(d) = self.state(id) else { return };
        let Ok(row) = row_of(matrix, d) else {
            return;
        };
        let periods = d.periods_outside;
        if row.escalate.recurrence.is_some_and(|n| periods % n == 0) {
            self.trigger(id, Trigger::Recurrence { periods });
        }
    }

    /// One step up the ladder for every deviation with triggers.
    fn escalate(&mut self) -> Result<(), JournalError> {
        let matrix = self.matrix;
        let triggers = std::mem::take(&mut self.triggers);
        for (id, triggers) in triggers {
            let Some(d) = self.state(&id) else { continue };
            if !matches!(d.status, Status::Open | Status::Corrected) {
                continue;
            }
            let Ok(row) = row_of(matrix, d) else {
                continue;
            };
            let Some(target) = row.escalate.to.get(d.escalation_step as usize) else {
                continue;
            };
            let to = matrix.owner(target, &d.detection.path)?;
            let due = add_days(self.at.date_naive(), row.term_days);
            let words: Vec<String> = triggers
                .iter()
                .map(|t| match t {
                    Trigger::Overdue { due } => {
                        format!("the response term ended on {due} with no action planned")
                    }
                    Trigger::Recurrence { periods } => {
                        format!("found outside its band in {periods} evaluated periods")
                    }
                    Trigger::AtOnce { severity } => {
                        format!("a {severity} deviation escalates at once")
                    }
                    Trigger::Manual => "escalated by hand".to_string(),
                })
                .collect();
            let role = matrix
                .role(target)
                .map_or(target.clone(), |r| r.name.clone());
            let reason = format!(
                "{}; now {role}, {} answers by {due}",
                words.join("; "),
                to.entity_name
            );
            let n = d.escalations + 1;
            let from = d.owner.clone();
            self.push(
                &id,
                &format!("escalated/{n}"),
                reason,
                Change::Escalated {
                    from,
                    to,
                    due,
                    triggers,
                },
            )?;
        }
        Ok(())
    }

    /// Repairs and the overdue sweep: owners for open deviations without
    /// one, verification of corrections that held long enough, escalation
    /// of overdue ones.
    fn sweep(&mut self) -> Result<(), JournalError> {
        let ids: Vec<String> = self.staged.deviations().map(|d| d.id.clone()).collect();
        for id in &ids {
            self.assign(id)?;
            let Some(d) = self.state(id) else { continue };
            if d.status == Status::Corrected && d.in_band.len() as u32 >= d.needed {
                let periods = d.in_band.clone();
                let last = periods.last().copied().unwrap_or(d.last_period);
                self.push(
                    id,
                    &format!("verified/{last}"),
                    verified_reason(&periods),
                    Change::Verified {
                        method: Verification::Measured { periods },
                    },
                )?;
            }
            let Some(d) = self.state(id) else { continue };
            if d.is_overdue(self.at.date_naive()) {
                if let Some(due) = d.due {
                    self.trigger(id, Trigger::Overdue { due });
                }
            }
        }
        self.escalate()
    }
}

fn verified_reason(periods: &[Period]) -> String {
    let list: Vec<String> = periods.iter().map(Period::to_string).collect();
    format!(
        "back inside its normal band {} evaluated period(s) running: {}",
        periods.len(),
        list.join(", ")
    )
}

fn matrix(methodology: &Methodology) -> Result<&Responsibility, JournalError> {
    methodology.responsibility().ok_or_else(|| {
        let p = &methodology.manifest().package;
        JournalError::NoMatrix(format!("{} {}", p.id, p.version))
    })
}

/// The events that applying `evaluation` at `at` writes.
pub(crate) fn plan_apply(
    state: &JournalState,
    methodology: &Methodology,
    evaluation: &Evaluation,
    tree: &OrgTree,
    at: DateTime<Utc>,
) -> Result<Vec<Event>, JournalError> {
    let matrix = matrix(methodology)?;
    let info = &methodology.manifest().package;
    let stamp = &evaluation.methodology;
    if stamp.id != info.id || stamp.version != info.version {
        return Err(JournalError::PackageMismatch {
            evaluation: format!("{} {}", stamp.id, stamp.version),
            package: format!("{} {}", info.id, info.version),
        });
    }
    if evaluation.region != tree.region().id {
        return Err(JournalError::RegionMismatch {
            evaluation: evaluation.region.clone(),
            tree: tree.region().id.clone(),
        });
    }
    let period = evaluation.period;
    if let Some(last) = state.last_period() {
        if last.kind() != period.kind() {
            return Err(JournalError::PeriodKind {
                journal: last,
                evaluation: period,
            });
        }
        if period < last {
            return Err(JournalError::StalePeriod { period, last });
        }
    }
    let mut plan = Plan {
        staged: state.clone(),
        events: Vec::new(),
        at,
        matrix,
        triggers: BTreeMap::new(),
        watched: HashSet::new(),
    };
    let mut found: HashMap<String, &Deviation> = HashMap::new();
    for d in &evaluation.deviations {
        let subject = subject_of(d);
        found.insert(subject.clone(), d);
        let existing = plan
            .staged
            .by_subject(&subject)
            .map(|s| (s.id.clone(), s.status, s.last_period));
        if d.action == Action::Watch {
            let id = existing.as_ref().map_or(&d.id, |(id, ..)| id);
            plan.watched.insert(id.clone());
        }
        match existing {
            None => {
                let path = path_of(tree, &d.entity)
                    .ok_or_else(|| JournalError::NotInTree(d.entity.clone()))?;
                let id = d.id.clone();
                plan.push(
                    &id,
                    "detected",
                    d.reason.clone(),
                    Change::Detected(Detection {
                        subject,
                        indicator: d.indicator.clone(),
                        process: d.process.clone(),
                        path,
                        rule: d.rule.clone(),
                        period: d.period,
                        severity: d.severity,
                        value: d.value,
                    }),
                )?;
                plan.assign(&id)?;
            }
            Some((_, _, last)) if last >= period => {}
            Some((id, status, _)) => {
                match status {
                    Status::Open => {
                        plan.push(
                            &id,
                            &format!("recurred/{period}"),
                            d.reason.clone(),
                            Change::Recurred {
                                period,
                                severity: d.severity,
                                value: d.value,
                            },
                        )?;
                    }
                    status => {
                        let cause = if status == Status::Closed {
                            ReopenCause::RecurredAfterClosing
                        } else {
                            ReopenCause::Ineffective
                        };
                        let why = match cause {
                            ReopenCause::Ineffective => {
                                "outside its band again before the correction was closed: the correction was ineffective"
                            }
                            ReopenCause::RecurredAfterClosing => {
                                "outside its band again after it was closed"
                            }
                        };
                        plan.push(
                            &id,
                            &format!("reopened/{period}"),
                            format!("{why}; {}", d.reason),
                            Change::Reopened {
                                period,
                                severity: d.severity,
                                value: d.value,
                                cause,
                            },
                        )?;
                        plan.assign(&id)?;
                    }
                }
                plan.check_recurrence(&id);
            }
        }
    }

    // Open deviations the evaluation does not find: back inside the band?
    let values: HashMap<(&EntityRef, &str), (Judgement, Option<rust_decimal::Decimal>)> =
        evaluation
            .values
            .iter()
            .map(|v| ((&v.entity, &*v.indicator), (v.judgement, v.value)))
            .collect();
    let pending: Vec<(String, EntityRef, String)> = plan
        .staged
        .deviations()
        .filter(|d| matches!(d.status, Status::Open | Status::Corrected))
        .filter(|d| d.last_period < period && !found.contains_key(&d.detection.subject))
        .filter_map(|d| {
            d.detection
                .entity()
                .map(|e| (d.id.clone(), e.clone(), d.detection.indicator.clone()))
        })
        .collect();
    for (id, entity, indicator) in pending {
        let Some(&(Judgement::Normal, value)) = values.get(&(&entity, indicator.as_str())) else {
            continue;
        };
        let Some(d) = plan.state(&id) else { continue };
        let in_band = d.in_band.len() as u32 + 1;
        let needed = matrix.periods_to_verify(&indicator);
        let shown = value.map_or_else(|| "no value".to_string(), |v| v.normalize().to_string());
        plan.push(
            &id,
            &format!("corrected/{period}"),
            format!(
                "back inside its normal band in {period} ({shown}): {in_band} of the {needed} period(s) that verify the correction"
            ),
            Change::CorrectionObserved {
                period,
                value,
                in_band,
                needed,
            },
        )?;
    }
    plan.sweep()?;
    Ok(plan.events)
}

/// The events a sweep at `at` writes: overdue escalations, and repairs of
/// what a cut-short write left (owners, verifications).
pub(crate) fn plan_sweep(
    state: &JournalState,
    methodology: &Methodology,
    at: DateTime<Utc>,
) -> Result<Vec<Event>, JournalError> {
    let mut plan = Plan {
        staged: state.clone(),
        events: Vec::new(),
        at,
        matrix: matrix(methodology)?,
        triggers: BTreeMap::new(),
        watched: HashSet::new(),
    };
    plan.sweep()?;
    Ok(plan.events)
}

/// The matrix row of a deviation at its current severity.
fn row_of<'m>(
    matrix: &'m Responsibility,
    d: &DeviationState,
) -> Result<&'m crate::responsibility::MatrixRow, JournalError> {
    let subject = Subject {
        indicator: &d.detection.indicator,
        process: d.detection.process.as_deref(),
        severity: d.severity,
    };
    let entity = d
        .detection
        .path
        .first()
        .ok_or(crate::responsibility::RouteError::NoPlace)?;
    matrix
        .row_for(&subject, entity.entity.level)
        .ok_or_else(|| {
            JournalError::Route(crate::responsibility::RouteError::NoRow {
                indicator: d.detection.indicator.clone(),
                severity: d.severity,
                level: entity.entity.level,
            })
        })
}

fn unknown(kind: &'static str, deviation: &str) -> JournalError {
    JournalError::Rejected(super::state::Rejection::new(
        kind,
        deviation,
        Text::new::<&str>("unknown", &[]),
        "the journal has no such deviation (it was never detected)",
    ))
}

/// An escalation made by hand: one step up the deviation's ladder, or to
/// `role` if given, with the row's term counted from `at`.
pub fn escalation_by_hand(
    state: &JournalState,
    methodology: &Methodology,
    deviation: &str,
    role: Option<&str>,
    at: DateTime<Utc>,
    actor: &str,
    reason: &str,
) -> Result<Event, JournalError> {
    let matrix = matrix(methodology)?;
    let d = state
        .deviation(deviation)
        .ok_or_else(|| unknown("escalated", deviation))?;
    let row = row_of(matrix, d)?;
    let target = match role {
        Some(r) => r.to_string(),
        None => row
            .escalate
            .to
            .get(d.escalation_step as usize)
            .cloned()
            .ok_or_else(|| {
                JournalError::Rejected(super::state::Rejection::new(
                    "escalated",
                    deviation,
                    Text::new::<&str>("no-step-left", &[]),
                    "its escalation ladder has no step left; name the role to escalate to",
                ))
            })?,
    };
    let to = matrix.owner(&target, &d.detection.path)?;
    let term = row.term_days;
    Ok(Event::recorded(
        deviation,
        at,
        actor,
        reason,
        Change::Escalated {
            from: d.owner.clone(),
            to,
            due: add_days(at.date_naive(), term),
            triggers: vec![Trigger::Manual],
        },
    ))
}

/// An assignment made by hand to `role`, due on `due` or at the end of the
/// row's term counted from `at`.
#[allow(clippy::too_many_arguments)]
pub fn assignment_by_hand(
    state: &JournalState,
    methodology: &Methodology,
    deviation: &str,
    role: &str,
    due: Option<chrono::NaiveDate>,
    at: DateTime<Utc>,
    actor: &str,
    reason: &str,
) -> Result<Event, JournalError> {
    let matrix = matrix(methodology)?;
    let d = state
        .deviation(deviation)
        .ok_or_else(|| unknown("assigned", deviation))?;
    let term = row_of(matrix, d)?.term_days;
    let owner = matrix.owner(role, &d.detection.path)?;
    Ok(Event::recorded(
        deviation,
        at,
        actor,
        reason,
        Change::Assigned {
            owner,
            due: due.unwrap_or_else(|| add_days(at.date_naive(), term)),
            row: "by hand".to_string(),
        },
    ))
}
