//! The structural changes of a package: reference rows, indicator formulas
//! and rows of the responsibility matrix added, removed or changed.

use std::collections::BTreeMap;

use etalon_core::Methodology;
use etalon_core::methodology::{Band, Indicator, Reference, Source};
use etalon_core::responsibility::MatrixRow;
use serde::Serialize;

/// Added, removed or changed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Change {
    /// Only in the new package.
    Added,
    /// Only in the old package.
    Removed,
    /// In both, written differently.
    Changed,
}

/// One change of the package itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StructuralChange {
    /// What changed: `reference`, `formula` or `matrix`.
    pub kind: &'static str,
    /// Added, removed or changed.
    pub change: Change,
    /// The reference row's id, the indicator's id, or what a matrix row
    /// matches.
    pub id: String,
    /// The indicator it concerns, where there is one.
    pub indicator: Option<String>,
    /// The old text (bands, formula, owner and term); empty when added.
    pub old: String,
    /// The new text; empty when removed.
    pub new: String,
}

pub(super) fn compare(old: &Methodology, new: &Methodology) -> Vec<StructuralChange> {
    let mut out = Vec::new();
    let refs = |m: &Methodology| -> BTreeMap<String, (String, String)> {
        m.references()
            .iter()
            .map(|r| (r.id.clone(), (r.indicator.clone(), reference_text(r))))
            .collect()
    };
    changes("reference", refs(old), refs(new), &mut out);
    let formulas = |m: &Methodology| -> BTreeMap<String, (String, String)> {
        m.indicators()
            .iter()
            .map(|i| (i.id.clone(), (i.id.clone(), formula_text(i))))
            .collect()
    };
    changes("formula", formulas(old), formulas(new), &mut out);
    let matrix = |m: &Methodology| -> BTreeMap<String, (String, String)> {
        m.responsibility()
            .map(|r| r.rows())
            .unwrap_or_default()
            .iter()
            .map(|row| (matches_text(row), (String::new(), owner_text(row))))
            .collect()
    };
    changes("matrix", matrix(old), matrix(new), &mut out);
    out
}

fn changes(
    kind: &'static str,
    before: BTreeMap<String, (String, String)>,
    mut after: BTreeMap<String, (String, String)>,
    out: &mut Vec<StructuralChange>,
) {
    let indicator = |i: String| (!i.is_empty()).then_some(i);
    for (id, (ind, old)) in before {
        match after.remove(&id) {
            None => out.push(StructuralChange {
                kind,
                change: Change::Removed,
                id,
                indicator: indicator(ind),
                old,
                new: String::new(),
            }),
            Some((_, new)) if new != old => out.push(StructuralChange {
                kind,
                change: Change::Changed,
                id,
                indicator: indicator(ind),
                old,
                new,
            }),
            Some(_) => {}
        }
    }
    for (id, (ind, new)) in after {
        out.push(StructuralChange {
            kind,
            change: Change::Added,
            id,
            indicator: indicator(ind),
            old: String::new(),
            new,
        });
    }
}

fn band(b: &Band) -> String {
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => format!("{lo}..{hi}"),
        (Some(lo), None) => format!("≥ {lo}"),
        (None, Some(hi)) => format!("≤ {hi}"),
        (None, None) => "—".to_string(),
    }
}

/// A reference row as one line: dates, target, bands and source.
fn reference_text(r: &Reference) -> String {
    let mut s = format!("normal {}", band(&r.normal));
    if let Some(w) = &r.warning {
        s.push_str(&format!("; warning {}", band(w)));
    }
    if let Some(t) = r.target {
        s.push_str(&format!("; target {t}"));
    }
    s.push_str(&format!("; from {}", r.from));
    if let Some(to) = r.to {
        s.push_str(&format!(" to {to}"));
    }
    match &r.source {
        Source::Act(t) => s.push_str(&format!("; source: {t}")),
        Source::Proposal(t) => s.push_str(&format!("; proposal: {t}")),
    }
    s
}

/// An indicator's computation as one line: formula, base and its minimum.
fn formula_text(i: &Indicator) -> String {
    match &i.base {
        Some(b) => format!("{}; base {b} ≥ {}", i.formula, i.min_base),
        None => i.formula.clone(),
    }
}

/// What a matrix row matches: processes, indicators, severities, levels.
fn matches_text(row: &MatrixRow) -> String {
    let list = |name: &str, v: Option<String>| v.map(|v| format!("{name} {v}"));
    let join = |v: &Option<Vec<String>>| v.as_ref().map(|v| v.join(", "));
    let text = [
        list("processes", join(&row.processes)),
        list("indicators", join(&row.indicators)),
        list(
            "severities",
            row.severities.as_ref().map(|v| {
                v.iter()
                    .map(|s| format!("{s:?}").to_lowercase())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
        list(
            "levels",
            row.levels.as_ref().map(|v| {
                v.iter()
                    .map(|l| l.name().to_string())
                    .collect::<Vec<_>>()
                    .join(", ")
            }),
        ),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("; ");
    if text.is_empty() {
        "any deviation".to_string()
    } else {
        text
    }
}

/// Who answers a matrix row and in what term.
fn owner_text(row: &MatrixRow) -> String {
    format!(
        "{} within {} days ({:?}); escalate {}",
        row.role,
        row.term_days,
        row.term_from,
        serde_json::to_string(&row.escalate).unwrap_or_default()
    )
}
