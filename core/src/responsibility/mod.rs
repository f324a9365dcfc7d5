//! The responsibility matrix: who answers a deviation, by when, and to whom
//! it escalates (steps 3 and 4 of the quality cycle).
//!
//! A package lists its matrix in `[contents] responsibility`. The file holds
//! the roles (`[[role]]`: who, at which level of the hierarchy), the rows of
//! the matrix (`[[row]]`: process, indicator, severity and level → role,
//! response term, escalation ladder and triggers) and the verification
//! rules (`[[verify]]`: how many evaluated periods back inside the band prove
//! a correction effective). Compiling the package checks the matrix: every
//! process × severity × level must be covered by some row (a *gap* is an
//! error) and no two equally specific rows may both match (an *ambiguity*
//! is an error), so a compiled matrix routes every deviation of its package
//! to exactly one row.
//!
//! ```
//! use etalon_core::{EntityRef, Level};
//! use etalon_core::methodology::DeviationSeverity;
//! use etalon_core::responsibility::{Place, Subject};
//!
//! let m = etalon_core::Methodology::compile(&tiny_package()).unwrap();
//! let matrix = m.responsibility().expect("the package has a matrix");
//! let path = vec![
//!     Place::new(Level::Unit, "U1", "Отделение"),
//!     Place::new(Level::Org, "O1", "Центр"),
//!     Place::new(Level::Group, "G1", "Управление"),
//!     Place::new(Level::Region, "R", "Область"),
//! ];
//! let subject = Subject { indicator: "justified_share", process: None, severity: DeviationSeverity::Critical };
//! let period_end = chrono::NaiveDate::from_ymd_opt(2026, 9, 30).unwrap();
//! let a = matrix.route(&subject, &path, period_end, period_end).unwrap();
//! assert_eq!(a.owner.role, "unit_head");
//! assert_eq!(a.owner.entity, EntityRef { level: Level::Unit, id: "U1".into() });
//! assert_eq!(a.due.to_string(), "2026-10-14");
//! # fn tiny_package() -> etalon_core::PackageFiles {
//! #     [
//! #         ("etalon.toml", "[package]\nid = \"tiny\"\nname = \"Tiny\"\nversion = \"1.0.0\"\nedition = \"2026\"\nin_force_from = 2026-01-01\n[contents]\nprocesses = [\"general.toml\"]\nresponsibility = \"responsibility.toml\"\n"),
//! #         ("general.toml", "[[measure]]\nid = \"complaints\"\nname = \"c\"\ntable = \"complaints\"\n[[measure]]\nid = \"justified\"\nname = \"j\"\ntable = \"complaints\"\nwhere = \"justified == true\"\n[[indicator]]\nid = \"justified_share\"\nname = \"s\"\nunit = \"percent\"\ndirection = \"lower_is_better\"\nformula = \"share(justified, complaints)\"\nbase = \"complaints\"\nlevels = [\"unit\"]\n"),
//! #         ("responsibility.toml", "[[role]]\nid = \"unit_head\"\nname = \"Заведующий\"\nlevel = \"unit\"\n[[role]]\nid = \"director\"\nname = \"Директор\"\nlevel = \"org\"\n[[row]]\nlevel = \"unit\"\nrole = \"unit_head\"\nterm_days = 14\nescalate = { to = [\"director\"], overdue = true }\n[[verify]]\nindicator = \"*\"\nperiods = 2\n"),
//! #     ]
//! #     .into_iter()
//! #     .collect()
//! # }
//! ```

mod compile;

use std::fmt;

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::{EntityRef, Level, OrgTree};
use crate::diagnostics::Location;
use crate::methodology::DeviationSeverity;

pub(crate) use compile::read;

/// A role that answers deviations (unit head, quality officer, director,
/// territorial administration, ministry department...).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Role {
    /// Stable id (`unit_head`).
    pub id: String,
    /// Name (Russian).
    pub name: String,
    /// Name in English.
    pub name_en: Option<String>,
    /// The level of the hierarchy the role works at: a unit head answers
    /// for a unit, a director for an organisation, a territorial
    /// administration for a group, a ministry department for the region.
    pub level: Level,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

/// The date a response term is counted from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TermFrom {
    /// The last day of the evaluated period (the default).
    #[default]
    PeriodEnd,
    /// The day the deviation was detected (the evaluation was applied).
    Detection,
}

/// When and to whom a deviation escalates.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Escalation {
    /// The ladder: each escalation moves the deviation one step up.
    pub to: Vec<String>,
    /// Escalate when the response term passes without a planned action.
    pub overdue: bool,
    /// Escalate each time the deviation has been found outside its band in
    /// this many evaluated periods.
    pub recurrence: Option<u32>,
    /// Escalate as soon as the deviation is detected (for critical ones).
    pub at_once: bool,
}

/// A row of the matrix: which deviations it covers (an empty selector is
/// "any") and who answers them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct MatrixRow {
    /// Processes covered (`None`: any, including cross-cutting indicators).
    pub processes: Option<Vec<String>>,
    /// Indicators covered (`None`: any).
    pub indicators: Option<Vec<String>>,
    /// Severities covered (`None`: any).
    pub severities: Option<Vec<DeviationSeverity>>,
    /// Levels of the deviation's entity covered (`None`: any).
    pub levels: Option<Vec<Level>>,
    /// The role that answers.
    pub role: String,
    /// The response term in calendar days: by then the cause is recorded and
    /// an action planned.
    pub term_days: u32,
    /// What the term is counted from.
    pub term_from: TermFrom,
    /// Escalation ladder and triggers.
    pub escalate: Escalation,
    /// A remark for people.
    pub note: Option<String>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

fn selected<T: PartialEq>(selector: &Option<Vec<T>>, value: &T) -> bool {
    selector.as_ref().is_none_or(|v| v.contains(value))
}

impl MatrixRow {
    /// Whether the row covers a deviation of `indicator` (of `process`) with
    /// `severity` at `level`.
    pub fn matches(
        &self,
        indicator: &str,
        process: Option<&str>,
        severity: DeviationSeverity,
        level: Level,
    ) -> bool {
        selected(&self.indicators, &indicator.to_string())
            && match (&self.processes, process) {
                (None, _) => true,
                (Some(ps), Some(p)) => ps.iter().any(|x| x == p),
                (Some(_), None) => false,
            }
            && selected(&self.severities, &severity)
            && selected(&self.levels, &level)
    }

    /// How specific the row is: a row naming indicators beats one naming
    /// processes, which beats one naming severities, which beats one naming
    /// levels. The most specific matching row wins.
    pub fn specificity(&self) -> u8 {
        (u8::from(self.indicators.is_some()) << 3)
            | (u8::from(self.processes.is_some()) << 2)
            | (u8::from(self.severities.is_some()) << 1)
            | u8::from(self.levels.is_some())
    }

    /// `file:line` of the row, for explanations.
    pub fn place(&self) -> String {
        format!("{}:{}", self.location.file, self.location.line)
    }
}

/// How a correction of an indicator is verified: back inside its normal
/// band for `periods` evaluated periods running.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerifyRule {
    /// Indicators covered (`None`: any).
    pub indicators: Option<Vec<String>>,
    /// Evaluated periods back inside the band that prove the correction.
    pub periods: u32,
    /// A remark for people.
    pub note: Option<String>,
    /// Where it is defined.
    #[serde(skip)]
    pub location: Location,
}

/// A place in the organisation tree: an entity and its name.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Place {
    /// The entity.
    pub entity: EntityRef,
    /// Its name.
    pub name: String,
}

impl Place {
    /// A place at `level` with `id` and `name`.
    pub fn new(level: Level, id: &str, name: &str) -> Place {
        Place {
            entity: EntityRef {
                level,
                id: id.to_string(),
            },
            name: name.to_string(),
        }
    }
}

/// An entity and its ancestors up to the region, smallest first.
pub fn path_of(tree: &OrgTree, entity: &EntityRef) -> Option<Vec<Place>> {
    let mut index = tree.find(entity.level, &entity.id)?;
    let mut out = Vec::new();
    let start = entity.level.index();
    for (i, level) in Level::ALL.iter().enumerate().skip(start) {
        if i > start {
            index = tree.parent(Level::ALL[i - 1], index);
        }
        out.push(Place::new(
            *level,
            tree.id(*level, index),
            tree.name(*level, index),
        ));
    }
    Some(out)
}

/// Who answers a deviation: a role at an entity.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Owner {
    /// The role id.
    pub role: String,
    /// The entity whose role answers (a unit, an organisation, a group or the region).
    pub entity: EntityRef,
    /// Its name.
    pub entity_name: String,
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}@{}", self.role, self.entity)
    }
}

/// What is routed: a deviation's indicator, process and severity.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Subject<'a> {
    /// Indicator id.
    pub indicator: &'a str,
    /// Its process (`None` for cross-cutting indicators).
    pub process: Option<&'a str>,
    /// Severity.
    pub severity: DeviationSeverity,
}

/// A deviation routed by the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Assignment {
    /// Who answers.
    pub owner: Owner,
    /// The last day of the response term.
    pub due: NaiveDate,
    /// The term in days.
    pub term_days: u32,
    /// The row that routed it (`file:line`).
    pub row: String,
}

/// A deviation the matrix cannot route.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum RouteError {
    /// No row covers it (the deviation comes from another package).
    #[error(
        "no row of the responsibility matrix covers indicator `{indicator}`, severity {severity}, level {level}"
    )]
    NoRow {
        /// Indicator.
        indicator: String,
        /// Severity.
        severity: DeviationSeverity,
        /// Level.
        level: Level,
    },
    /// The role is not in the matrix.
    #[error("the responsibility matrix has no role `{0}`")]
    UnknownRole(String),
    /// The role works at a level below the deviation's entity.
    #[error("role `{role}` works at {level} level, below the deviation's entity {entity}")]
    BelowEntity {
        /// The role.
        role: String,
        /// Its level.
        level: Level,
        /// The deviation's entity.
        entity: EntityRef,
    },
    /// The entity's place in the tree is not known.
    #[error("{0} is not in the organisation tree")]
    NotInTree(EntityRef),
    /// No place was given for the deviation's entity.
    #[error("the deviation's entity has no place in the organisation tree")]
    NoPlace,
}

/// A compiled responsibility matrix with its verification rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Responsibility {
    /// The file it was read from.
    pub file: String,
    roles: Vec<Role>,
    rows: Vec<MatrixRow>,
    verify: Vec<VerifyRule>,
}

impl Responsibility {
    /// The roles, in file order.
    pub fn roles(&self) -> &[Role] {
        &self.roles
    }

    /// A role by id.
    pub fn role(&self, id: &str) -> Option<&Role> {
        self.roles.iter().find(|r| r.id == id)
    }

    /// The rows, in file order.
    pub fn rows(&self) -> &[MatrixRow] {
        &self.rows
    }

    /// The verification rules, in file order.
    pub fn verify_rules(&self) -> &[VerifyRule] {
        &self.verify
    }

    /// The row that covers a deviation: the most specific matching row.
    pub fn row_for(&self, subject: &Subject, level: Level) -> Option<&MatrixRow> {
        self.rows
            .iter()
            .filter(|r| r.matches(subject.indicator, subject.process, subject.severity, level))
            .max_by_key(|r| (r.specificity(), std::cmp::Reverse(r.location.line)))
    }

    /// The verification rule of `indicator`: the most specific one.
    pub fn verify_rule(&self, indicator: &str) -> Option<&VerifyRule> {
        self.verify
            .iter()
            .filter(|v| selected(&v.indicators, &indicator.to_string()))
            .max_by_key(|v| (v.indicators.is_some(), std::cmp::Reverse(v.location.line)))
    }

    /// Evaluated periods back inside the band that verify a correction of
    /// `indicator` (1 if the matrix has no rule for it).
    pub fn periods_to_verify(&self, indicator: &str) -> u32 {
        self.verify_rule(indicator).map_or(1, |v| v.periods)
    }

    /// The owner of `role` for a deviation of the first place of `path`
    /// (the entity, then its ancestors up to the region).
    pub fn owner(&self, role: &str, path: &[Place]) -> Result<Owner, RouteError> {
        let r = self
            .role(role)
            .ok_or_else(|| RouteError::UnknownRole(role.to_string()))?;
        let entity = path.first().ok_or(RouteError::NoPlace)?;
        let place = path
            .iter()
            .find(|p| p.entity.level == r.level)
            .ok_or_else(|| RouteError::BelowEntity {
                role: role.to_string(),
                level: r.level,
                entity: entity.entity.clone(),
            })?;
        Ok(Owner {
            role: role.to_string(),
            entity: place.entity.clone(),
            entity_name: place.name.clone(),
        })
    }

    /// Routes a deviation of the first place of `path`: its owner and the
    /// end of its response term, counted from `period_end` or `detected_on`
    /// as the row says.
    pub fn route(
        &self,
        subject: &Subject,
        path: &[Place],
        period_end: NaiveDate,
        detected_on: NaiveDate,
    ) -> Result<Assignment, RouteError> {
        let entity = path.first().ok_or(RouteError::NoPlace)?;
        let level = entity.entity.level;
        let row = self
            .row_for(subject, level)
            .ok_or_else(|| RouteError::NoRow {
                indicator: subject.indicator.to_string(),
                severity: subject.severity,
                level,
            })?;
        let from = match row.term_from {
            TermFrom::PeriodEnd => period_end,
            TermFrom::Detection => detected_on,
        };
        Ok(Assignment {
            owner: self.owner(&row.role, path)?,
            due: add_days(from, row.term_days),
            term_days: row.term_days,
            row: row.place(),
        })
    }
}

/// `date` plus `days` calendar days (clamped at the end of the calendar).
pub(crate) fn add_days(date: NaiveDate, days: u32) -> NaiveDate {
    date.checked_add_days(Days::new(days.into()))
        .unwrap_or(NaiveDate::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(
        indicators: Option<Vec<&str>>,
        processes: Option<Vec<&str>>,
        severities: Option<Vec<DeviationSeverity>>,
        levels: Option<Vec<Level>>,
    ) -> MatrixRow {
        let strings = |v: Option<Vec<&str>>| v.map(|v| v.into_iter().map(String::from).collect());
        MatrixRow {
            processes: strings(processes),
            indicators: strings(indicators),
            severities,
            levels,
            role: "r".into(),
            term_days: 1,
            term_from: TermFrom::PeriodEnd,
            escalate: Escalation::default(),
            note: None,
            location: Location::default(),
        }
    }

    #[test]
    fn rows_match_by_selectors_and_rank_by_specificity() {
        use DeviationSeverity::*;
        let any = row(None, None, None, None);
        assert!(any.matches("x", None, Warning, Level::Group));
        let care = row(None, Some(vec!["home_care"]), None, None);
        assert!(care.matches("hc", Some("home_care"), Critical, Level::Unit));
        assert!(!care.matches("gen", None, Critical, Level::Unit));
        let ind = row(Some(vec!["hc"]), None, Some(vec![Critical]), None);
        assert!(!ind.matches("hc", Some("home_care"), Warning, Level::Unit));
        assert!(ind.specificity() > care.specificity());
        assert!(care.specificity() > row(None, None, Some(vec![Warning]), None).specificity());
        assert!(
            row(None, None, Some(vec![Warning]), None).specificity()
                > row(None, None, None, Some(vec![Level::Unit])).specificity()
        );
    }

    #[test]
    fn paths_run_from_the_entity_to_the_region() {
        let mut b = OrgTree::builder("R", "Region");
        b.group("G1", "Group").unwrap();
        b.org("O1", "Org", "G1", "non_residential").unwrap();
        b.unit("U1", "Unit", "O1", ["home_care"]).unwrap();
        let tree = b.build().unwrap();
        let unit = EntityRef {
            level: Level::Unit,
            id: "U1".into(),
        };
        let path = path_of(&tree, &unit).unwrap();
        let ids: Vec<&str> = path.iter().map(|p| p.entity.id.as_str()).collect();
        assert_eq!(ids, ["U1", "O1", "G1", "R"]);
        let group = EntityRef {
            level: Level::Group,
            id: "G1".into(),
        };
        assert_eq!(path_of(&tree, &group).unwrap().len(), 2);
        let missing = EntityRef {
            level: Level::Org,
            id: "O9".into(),
        };
        assert!(path_of(&tree, &missing).is_none());
    }
}
