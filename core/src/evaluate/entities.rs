//! The entities an evaluation computes indicators for, seen the same way
//! whether they come from a region's tree and its measure pass
//! ([`Regional`]) or are rolled up from the totals of the entities below
//! them (the country from its regions, `rollup.rs`). The indicator loop
//! and the assembly of the result (`mod.rs`) are written once, over this
//! trait.

use std::collections::BTreeMap;

use super::measures::{Activity, MeasureValues};
use crate::data::{Level, OrgTree};
use crate::methodology::references::Subject;

/// Entities with their measures, the processes they run and what chooses
/// their reference rows.
pub(crate) trait Entities: Sync {
    /// Every entity as (level, index), in the order values are reported.
    fn entities(&self) -> Vec<(Level, usize)>;
    /// The id of an entity.
    fn id(&self, level: Level, entity: usize) -> &str;
    /// The name of an entity.
    fn name(&self, level: Level, entity: usize) -> &str;
    /// What chooses the entity's reference rows.
    fn subject(&self, level: Level, entity: usize) -> Subject<'_>;
    /// Whether the entity runs process `process` (by index).
    fn runs(&self, level: Level, entity: usize, process: usize) -> bool;
    /// Measure `measure` (by index) in slot `slot` of the window.
    fn measure(&self, level: Level, measure: usize, slot: usize, entity: usize) -> i64;
    /// The id the result is reported for (the region, or the country).
    fn top(&self) -> &str;
    /// Entities per level, for the summary.
    fn counts(&self) -> BTreeMap<Level, u64>;
}

/// The entities of a region's tree, with the measures of its pass.
pub(crate) struct Regional<'a> {
    tree: &'a OrgTree,
    measures: &'a MeasureValues,
    activity: &'a Activity,
}

impl<'a> Regional<'a> {
    pub fn new(tree: &'a OrgTree, measures: &'a MeasureValues, activity: &'a Activity) -> Self {
        Regional {
            tree,
            measures,
            activity,
        }
    }
}

impl Entities for Regional<'_> {
    fn entities(&self) -> Vec<(Level, usize)> {
        Level::ALL
            .iter()
            .rev()
            .flat_map(|&l| (0..self.tree.count(l)).map(move |e| (l, e)))
            .collect()
    }

    fn id(&self, level: Level, entity: usize) -> &str {
        self.tree.id(level, entity)
    }

    fn name(&self, level: Level, entity: usize) -> &str {
        self.tree.name(level, entity)
    }

    fn subject(&self, level: Level, entity: usize) -> Subject<'_> {
        Subject::of(self.tree, level, entity)
    }

    #[inline]
    fn runs(&self, level: Level, entity: usize, process: usize) -> bool {
        self.activity.runs(level, entity, process)
    }

    #[inline]
    fn measure(&self, level: Level, measure: usize, slot: usize, entity: usize) -> i64 {
        self.measures.get(level, measure, slot, entity)
    }

    fn top(&self) -> &str {
        &self.tree.region().id
    }

    fn counts(&self) -> BTreeMap<Level, u64> {
        Level::ALL
            .iter()
            .map(|&l| (l, self.tree.count(l) as u64))
            .collect()
    }
}
