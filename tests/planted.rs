//! The generated region: every planted deviation is found, and nothing is
//! flagged on entities generated clean.

use etalon::Level;
use etalon::generate::Region;

use crate::support::{evaluate_last, mid_region, standard};

/// Whether entity (level, id) is `unit` or one of its ancestors.
fn covers(region: &Region, level: Level, id: &str, unit: &str) -> bool {
    let Some(row) = region.units.iter().find(|u| u.unit.0 == unit) else {
        return false;
    };
    match level {
        Level::Unit => row.unit.0 == id,
        Level::Org => row.org.0 == id,
        Level::Group => row.group.0 == id,
        Level::Region => region.id == id,
        Level::Country => false,
    }
}

#[test]
fn every_planted_deviation_is_found_and_nothing_else() {
    let m = standard();
    let (region, data) = mid_region();
    let e = evaluate_last(&m, &data);
    assert!(region.plants.len() >= 10, "all recipes found a unit");
    for plant in &region.plants {
        for (indicator, expected) in &plant.expected {
            assert!(
                expected.holds(&e, &plant.unit, indicator),
                "not found: {} {indicator} {expected:?}",
                plant.unit
            );
        }
    }
    let unexplained: Vec<String> = e
        .deviations
        .iter()
        .filter(|d| {
            !region.plants.iter().any(|p| {
                p.indicators().any(|i| i == d.indicator)
                    && covers(&region, d.entity.level, &d.entity.id, &p.unit)
            })
        })
        .map(|d| format!("{} ({:?}): {}", d.id, d.severity, d.reason))
        .collect();
    assert!(
        unexplained.is_empty(),
        "flagged on clean entities:\n{}",
        unexplained.join("\n")
    );
}
