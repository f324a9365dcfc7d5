//! Test cases of kind `evaluation`: small tables in the case's folder, a
//! period, and the deviations expected from them, each with its severity
//! and (optionally) the owner the responsibility matrix routes it to.
//!
//! ```toml
//! [case]
//! name = "Надомное обслуживание: опоздания одного отделения"
//! kind = "evaluation"
//! data = "home_care"        # a folder beside the case: units.csv and tables
//! period = "2026-Q3"
//!
//! [[deviation]]
//! entity = "unit:U1"
//! indicator = "hc_delivered_on_time"
//! severity = "critical"
//! owner = "unit_head"       # a role, or role@level:id as routed
//! # rule = "band"           # or a trend rule's id
//!
//! [expect]
//! deviations = 1            # optional: the count of all deviations
//! ```
//!
//! The listed deviations must all be found, with the severity and owner
//! written; a deviation of an indicator the case names that is not listed is
//! unexpected. With `[expect] deviations`, the count of every deviation of
//! every indicator is checked as well.

use std::collections::BTreeMap;

use crate::data::Dataset;
use crate::evaluate::{Deviation, DeviationRule, Evaluation};
use crate::methodology::Methodology;
use crate::responsibility::{Subject, path_of};

use super::fixtures::{Check, Figure, Mismatch};

/// The keys of a `[[deviation]]` table.
pub(crate) const DEVIATION_KEYS: [&str; 5] = ["entity", "indicator", "severity", "owner", "rule"];

/// One deviation a case expects.
#[derive(Debug, Clone)]
pub(crate) struct ExpectedDeviation {
    /// `unit:U1`, `org:O1`, `group:G1` or `region:R`.
    pub entity: String,
    /// The indicator's id.
    pub indicator: String,
    /// `warning` or `critical`.
    pub severity: String,
    /// A role id, or `role@level:id`.
    pub owner: Option<String>,
    /// `band` (the default) or a trend rule's id.
    pub rule: String,
}

/// What an evaluation case checks, read from its file.
#[derive(Debug, Clone)]
pub(crate) struct EvaluationCase {
    /// The deviations expected.
    pub deviations: Vec<ExpectedDeviation>,
    /// The count of all deviations, when the case pins it.
    pub count: Option<usize>,
}

fn rule_of(d: &Deviation) -> &str {
    match &d.rule {
        DeviationRule::Band => "band",
        DeviationRule::Trend { rule } => rule,
    }
}

/// The owner the package's matrix routes `d` to, as `role@level:id`.
fn owner(m: &Methodology, data: &Dataset, d: &Deviation) -> Result<String, String> {
    let matrix = m
        .responsibility()
        .ok_or("the case expects an owner, but the package has no responsibility matrix")?;
    let path = path_of(data.tree(), &d.entity)
        .ok_or_else(|| format!("{} is not in the case's tree", d.entity))?;
    let subject = Subject {
        indicator: &d.indicator,
        process: d.process.as_deref(),
        severity: d.severity,
    };
    let end = d.period.end();
    matrix
        .route(&subject, &path, end, end)
        .map(|a| a.owner.to_string())
        .map_err(|e| format!("{} {}: {e}", d.entity, d.indicator))
}

/// Compares what `evaluation` found with what `case` expects: one
/// mismatch per missing, unexpected or different deviation. Returns the
/// number of checks made and the mismatches.
pub(crate) fn compare(
    m: &Methodology,
    data: &Dataset,
    evaluation: &Evaluation,
    case: &EvaluationCase,
) -> Result<(usize, Vec<Mismatch>), String> {
    type Key = (String, String, String);
    let mut found: BTreeMap<Key, &Deviation> = BTreeMap::new();
    for d in &evaluation.deviations {
        found.insert(
            (
                d.entity.to_string(),
                d.indicator.clone(),
                rule_of(d).to_string(),
            ),
            d,
        );
    }
    let mut checks = 0;
    let mut failures = Vec::new();
    let mut listed = Vec::new();
    for want in &case.deviations {
        if m.indicator(&want.indicator).is_none() {
            return Err(format!(
                "a [[deviation]] names `{}`, which is not an indicator of the package",
                want.indicator
            ));
        }
        let key = (
            want.entity.clone(),
            want.indicator.clone(),
            want.rule.clone(),
        );
        let place = format!("{} {}", want.entity, want.indicator);
        let place = if want.rule == "band" {
            place
        } else {
            format!("{place} ({})", want.rule)
        };
        checks += 1;
        let Some(d) = found.get(&key) else {
            failures.push(Mismatch {
                check: Check::Missing,
                at: place,
                expected: Figure::Value(want.severity.clone()),
                got: Figure::NoDeviation,
            });
            listed.push(key);
            continue;
        };
        if d.severity.to_string() != want.severity {
            failures.push(Mismatch {
                check: Check::Severity,
                at: place.clone(),
                expected: Figure::Value(want.severity.clone()),
                got: Figure::Value(d.severity.to_string()),
            });
        }
        if let Some(expected) = &want.owner {
            checks += 1;
            let routed = owner(m, data, d)?;
            // A bare role matches the role of whatever entity it is routed to.
            let got = if expected.contains('@') {
                routed.clone()
            } else {
                routed.split('@').next().unwrap_or_default().to_string()
            };
            if &got != expected {
                failures.push(Mismatch {
                    check: Check::Owner,
                    at: place,
                    expected: Figure::Value(expected.clone()),
                    got: Figure::Value(routed),
                });
            }
        }
        listed.push(key);
    }
    let named: Vec<&str> = case
        .deviations
        .iter()
        .map(|d| d.indicator.as_str())
        .collect();
    for (key, d) in &found {
        if named.contains(&key.1.as_str()) && !listed.contains(key) {
            checks += 1;
            let place = if key.2 == "band" {
                format!("{} {}", key.0, key.1)
            } else {
                format!("{} {} ({})", key.0, key.1, key.2)
            };
            failures.push(Mismatch {
                check: Check::Unexpected,
                at: place,
                expected: Figure::NoDeviation,
                got: Figure::Value(d.severity.to_string()),
            });
        }
    }
    if let Some(count) = case.count {
        checks += 1;
        if count != evaluation.deviations.len() {
            failures.push(Mismatch {
                check: Check::Count,
                at: String::new(),
                expected: Figure::Value(count.to_string()),
                got: Figure::Value(evaluation.deviations.len().to_string()),
            });
        }
    }
    Ok((checks, failures))
}
