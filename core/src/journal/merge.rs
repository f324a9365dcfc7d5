//! Merging journals written on separate machines (offline thick clients)
//! into a central one: no event lost, none duplicated (events are
//! identified by id), the new ones appended in a fixed order, and every
//! conflict reported.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::event::Event;
use super::state::{Conflict, JournalState};
use crate::diagnostics::Text;

/// What merging found.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct MergeReport {
    /// Events new to the base journal, in the order they are appended:
    /// by time, place in a deviation's life, then id.
    pub added: Vec<Event>,
    /// Incoming events the base already held (or that came twice).
    pub duplicates: usize,
    /// Conflicts: an id holding two different events, and events the
    /// merged state cannot follow (two closings of one deviation).
    pub conflicts: Vec<Conflict>,
}

/// Merges `incoming` journals into `base`.
///
/// The result depends only on the set of events, not on the order of the
/// journals or of their events: merging A then B adds what merging B then A
/// adds, and merging a journal twice adds nothing the second time. An id
/// with two different events keeps the base's version, or among incoming
/// versions the one whose JSON sorts first, and reports the conflict.
pub fn merge(base: &[Event], incoming: &[&[Event]]) -> MergeReport {
    let known: BTreeMap<&str, &Event> = base.iter().map(|e| (e.id.as_str(), e)).collect();
    let mut fresh: BTreeMap<&str, &Event> = BTreeMap::new();
    let mut clashes: BTreeSet<&str> = BTreeSet::new();
    let mut duplicates = 0;
    for e in incoming.iter().flat_map(|j| j.iter()) {
        if let Some(k) = known.get(e.id.as_str()) {
            if *k == e {
                duplicates += 1;
            } else {
                clashes.insert(&e.id);
            }
            continue;
        }
        match fresh.get(e.id.as_str()) {
            None => {
                fresh.insert(&e.id, e);
            }
            Some(f) if *f == e => duplicates += 1,
            Some(f) => {
                clashes.insert(&e.id);
                if e.to_json() < f.to_json() {
                    fresh.insert(&e.id, e);
                }
            }
        }
    }
    let mut added: Vec<Event> = fresh.into_values().cloned().collect();
    added.sort_by(|a, b| a.order(b).then_with(|| a.deviation.cmp(&b.deviation)));
    let mut conflicts: Vec<Conflict> = clashes
        .into_iter()
        .map(|id| Conflict {
            event: id.to_string(),
            deviation: known
                .get(id)
                .map(|e| e.deviation.clone())
                .or_else(|| {
                    added
                        .iter()
                        .find(|e| e.id == id)
                        .map(|e| e.deviation.clone())
                })
                .unwrap_or_default(),
            message: format!("two different events have the id `{id}`; the first version is kept"),
            text: Some(Text::new("id-twice-first-kept", &[("event", id)])),
        })
        .collect();
    let before: BTreeSet<Conflict> = JournalState::replay(base)
        .conflicts()
        .iter()
        .cloned()
        .collect();
    let after = JournalState::replay(base.iter().chain(added.iter()));
    conflicts.extend(
        after
            .conflicts()
            .iter()
            .filter(|c| !before.contains(*c))
            .cloned(),
    );
    MergeReport {
        added,
        duplicates,
        conflicts,
    }
}
