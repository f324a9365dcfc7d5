//! Reference rows by indicator, and the choice of the row that applies to
//! an entity on a date: the most specific scope in force.

use std::sync::Arc;

use chrono::NaiveDate;

use super::model::{Reference, Scope};
use crate::data::{Level, OrgTree};
use crate::diagnostics::Diagnostic;
use crate::evaluate::AppliedReference;

/// Reference rows grouped by indicator.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReferenceIndex {
    rows: Vec<Reference>,
    /// Each row as a value cites it, made once and shared by every value
    /// it judges (a region has tens of thousands of values).
    applied: Vec<Arc<AppliedReference>>,
    /// `by_indicator[i]` = positions in `rows` of indicator `i`'s references.
    by_indicator: Vec<Vec<usize>>,
}

/// The entity a reference is chosen for, with its ancestors' ids.
pub(crate) struct Subject<'a> {
    pub level: Level,
    pub unit: Option<&'a str>,
    pub org: Option<&'a str>,
    pub group: Option<&'a str>,
    pub org_type: Option<&'a str>,
}

impl<'a> Subject<'a> {
    /// Entity `index` at `level` of `tree`.
    pub fn of(tree: &'a OrgTree, level: Level, index: usize) -> Subject<'a> {
        let (unit, org, group) = match level {
            Level::Unit => {
                let org = tree.parent(Level::Unit, index);
                (Some(index), Some(org), Some(tree.parent(Level::Org, org)))
            }
            Level::Org => (None, Some(index), Some(tree.parent(Level::Org, index))),
            Level::Group => (None, None, Some(index)),
            Level::Region | Level::Country => (None, None, None),
        };
        Subject {
            level,
            unit: unit.map(|i| tree.id(Level::Unit, i)),
            org: org.map(|i| tree.id(Level::Org, i)),
            group: group.map(|i| tree.id(Level::Group, i)),
            org_type: tree.org_type(level, index),
        }
    }

    /// An entity rolled up from the ones below it (a region from its
    /// groups, the country from its regions): no ancestors to match.
    pub fn rolled_up(level: Level) -> Subject<'static> {
        Subject {
            level,
            unit: None,
            org: None,
            group: None,
            org_type: None,
        }
    }

    fn matches(&self, scope: &Scope) -> bool {
        match scope {
            Scope::Region => self.level != Level::Country,
            Scope::Country => self.level == Level::Country,
            Scope::OrgType(t) => self.org_type == Some(t.as_str()),
            Scope::Group(g) => self.group == Some(g.as_str()),
            Scope::Org(o) => self.org == Some(o.as_str()),
            Scope::Unit(u) => self.unit == Some(u.as_str()),
        }
    }
}

fn levels_meet(a: &[Level], b: &[Level]) -> bool {
    a.is_empty() || b.is_empty() || a.iter().any(|l| b.contains(l))
}

impl ReferenceIndex {
    /// Groups `rows` (already checked one by one) by indicator and reports
    /// rows of one indicator and scope whose validity overlaps.
    pub fn new(
        rows: Vec<Reference>,
        indicator_of: impl Fn(&str) -> Option<usize>,
        indicators: usize,
    ) -> (Self, Vec<Diagnostic>) {
        let mut by_indicator = vec![Vec::new(); indicators];
        let mut diags = Vec::new();
        for (i, r) in rows.iter().enumerate() {
            let Some(ind) = indicator_of(&r.indicator) else {
                continue;
            };
            for &j in &by_indicator[ind] {
                let other: &Reference = &rows[j];
                let overlap = other.scope == r.scope
                    && levels_meet(&other.levels, &r.levels)
                    && other.to.is_none_or(|t| r.from <= t)
                    && r.to.is_none_or(|t| other.from <= t);
                if overlap {
                    diags.push(
                        Diagnostic::error(
                            "overlapping-references",
                            r.location.clone(),
                            format!(
                                "this reference for scope {} is in force on dates when the one at {}:{} is too; end one before the other starts (`to = ...`)",
                                r.scope, other.location.file, other.location.line
                            ),
                        )
                        .with_text(
                            "overlapping-references",
                            &[
                                ("scope", r.scope.to_string()),
                                ("file", other.location.file.clone()),
                                ("line", other.location.line.to_string()),
                            ],
                        )
                        .with_rule(r.id.clone()),
                    );
                }
            }
            by_indicator[ind].push(i);
        }
        let applied = rows
            .iter()
            .map(|r| Arc::new(AppliedReference::from(r)))
            .collect();
        (
            ReferenceIndex {
                rows,
                applied,
                by_indicator,
            },
            diags,
        )
    }

    /// Row `r`, one that [`select`](Self::select) chose for `indicator`,
    /// as a value cites it.
    pub fn applied(&self, indicator: usize, r: &Reference) -> Arc<AppliedReference> {
        self.by_indicator[indicator]
            .iter()
            .find(|&&k| std::ptr::eq(&self.rows[k], r))
            .map_or_else(
                // A row from elsewhere is cited all the same, made afresh.
                || Arc::new(AppliedReference::from(r)),
                |&k| Arc::clone(&self.applied[k]),
            )
    }

    /// Every row.
    pub fn all(&self) -> &[Reference] {
        &self.rows
    }

    /// Whether indicator `indicator` has any row at all.
    pub fn has_any(&self, indicator: usize) -> bool {
        !self.by_indicator[indicator].is_empty()
    }

    /// The row that applies to `subject` for `indicator` on `date`: the
    /// most specific scope in force (first in package order on a tie).
    pub fn select(
        &self,
        indicator: usize,
        subject: &Subject,
        date: NaiveDate,
    ) -> Option<&Reference> {
        let mut best: Option<&Reference> = None;
        for &i in &self.by_indicator[indicator] {
            let r = &self.rows[i];
            let applies = r.in_force(date)
                && (r.levels.is_empty() || r.levels.contains(&subject.level))
                && subject.matches(&r.scope);
            if applies && best.is_none_or(|b| r.scope.rank() > b.scope.rank()) {
                best = Some(r);
            }
        }
        best
    }
}

/// The stable id of a reference row.
pub(crate) fn reference_id(indicator: &str, scope: &Scope, from: NaiveDate) -> String {
    format!("{indicator}/{scope}/{from}")
}
