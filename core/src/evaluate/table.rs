//! The measures of an evaluation as a table: what every indicator is
//! computed from, per entity and period.

use serde::{Deserialize, Serialize};

use super::measures::{MeasureValues, Window};
use crate::data::{Dataset, EntityRef, Level};
use crate::methodology::Methodology;
use crate::time::Period;

/// Every measure of every entity in every period of the window.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureTable {
    /// The periods, oldest first.
    pub periods: Vec<Period>,
    /// The measure ids, in package order.
    pub measures: Vec<String>,
    /// One row per entity (region, groups, organisations, units).
    pub rows: Vec<MeasureRow>,
}

/// The measures of one entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MeasureRow {
    /// The entity.
    pub entity: EntityRef,
    /// `values[m * periods + p]`: measure `m` in period `p`.
    pub values: Vec<i64>,
}

impl MeasureTable {
    pub(crate) fn new(
        m: &Methodology,
        data: &Dataset,
        window: &Window,
        values: &MeasureValues,
    ) -> Self {
        let tree = data.tree();
        let slots = window.len();
        let n = m.measures().len();
        let mut rows = Vec::new();
        for level in Level::ALL.iter().rev() {
            for e in 0..tree.count(*level) {
                let values = (0..n)
                    .flat_map(|mi| (0..slots).map(move |s| (mi, s)))
                    .map(|(mi, s)| values.get(*level, mi, s, e))
                    .collect();
                rows.push(MeasureRow {
                    entity: EntityRef {
                        level: *level,
                        id: tree.id(*level, e).to_string(),
                    },
                    values,
                });
            }
        }
        MeasureTable {
            periods: window.periods.clone(),
            measures: m.measures().iter().map(|x| x.id.clone()).collect(),
            rows,
        }
    }

    /// Measure `measure` of entity `id` at `level` in `period`.
    pub fn get(&self, level: Level, id: &str, measure: &str, period: Period) -> Option<i64> {
        let m = self.measures.iter().position(|x| x == measure)?;
        let p = self.periods.iter().position(|x| *x == period)?;
        let row = self
            .rows
            .iter()
            .find(|r| r.entity.level == level && r.entity.id == id)?;
        row.values.get(m * self.periods.len() + p).copied()
    }
}
