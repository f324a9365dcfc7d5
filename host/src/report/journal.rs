//! What the deviation journal adds to a report: the open deviations of the
//! report's entities on a date, by owner, overdue first.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use etalon_core::journal::{JournalState, OpenDeviation, Stage, ViewFilter, open_deviations};
use etalon_core::methodology::DeviationSeverity;
use etalon_core::responsibility::Owner;

use super::i18n::{Lang, Word};
use super::model::Report;

/// Open deviations of one owner.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerLine {
    /// Who answers (`None`: not assigned).
    pub owner: Option<Owner>,
    /// Open deviations.
    pub open: u64,
    /// Of which past their response term.
    pub overdue: u64,
    /// Of which critical.
    pub critical: u64,
}

/// The journal as a report shows it.
#[derive(Debug, Clone)]
pub struct JournalView {
    /// The day the terms are counted to.
    pub as_of: NaiveDate,
    /// Deviations the journal follows (of every entity).
    pub followed: u64,
    /// The open deviations of the report's entities, overdue first.
    pub open: Vec<OpenDeviation>,
    /// By owner: most overdue first, then most open.
    pub owners: Vec<OwnerLine>,
}

impl JournalView {
    /// The open deviations of `report`'s entities in `state` on `as_of`.
    pub fn new(report: &Report<'_>, state: &JournalState, as_of: NaiveDate) -> JournalView {
        let open: Vec<OpenDeviation> = open_deviations(state, as_of, &ViewFilter::default())
            .into_iter()
            .filter(|o| report.node_of(&o.entity).is_some())
            .collect();
        let mut by_owner: BTreeMap<Option<Owner>, OwnerLine> = BTreeMap::new();
        for o in &open {
            let line = by_owner
                .entry(o.owner.clone())
                .or_insert_with(|| OwnerLine {
                    owner: o.owner.clone(),
                    open: 0,
                    overdue: 0,
                    critical: 0,
                });
            line.open += 1;
            line.overdue += o.overdue_days.is_some() as u64;
            line.critical += (o.severity == DeviationSeverity::Critical) as u64;
        }
        let mut owners: Vec<OwnerLine> = by_owner.into_values().collect();
        owners.sort_by(|a, b| {
            (b.overdue, b.open)
                .cmp(&(a.overdue, a.open))
                .then_with(|| a.owner.cmp(&b.owner))
        });
        JournalView {
            as_of,
            followed: state.len() as u64,
            open,
            owners,
        }
    }

    /// How many open deviations are past their term.
    pub fn overdue(&self) -> u64 {
        self.open
            .iter()
            .filter(|o| o.overdue_days.is_some())
            .count() as u64
    }
}

/// The role of an owner in the report's language (its id if the package
/// does not name it), and the entity it answers for.
pub fn owner_text(report: &Report<'_>, owner: Option<&Owner>) -> (String, String) {
    let l = report.lang;
    match owner {
        Some(o) => {
            let role = report
                .methodology
                .responsibility()
                .and_then(|r| r.role(&o.role))
                .map_or(o.role.clone(), |r| {
                    l.pick(&r.name, r.name_en.as_deref()).to_string()
                });
            (role, o.entity_name.clone())
        }
        None => (l.t(Word::Unassigned).to_string(), String::new()),
    }
}

/// A stage of a deviation's life in `lang`.
pub fn stage_text(lang: Lang, stage: Stage) -> &'static str {
    lang.t(match stage {
        Stage::Detected => Word::StageDetected,
        Stage::Assigned => Word::StageAssigned,
        Stage::CauseRecorded => Word::StageCause,
        Stage::ActionPlanned => Word::StageAction,
        Stage::Corrected => Word::StageCorrected,
        Stage::Verified => Word::StageVerified,
        Stage::Closed => Word::StageClosed,
    })
}
