use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::hash::{BuildHasherDefault, Hasher};

/// Marks the end of a chain of names sharing a hash.
const END: u32 = u32::MAX;

/// Maps short strings (codes, pseudonymous recipient ids) to dense numbers.
///
/// Hashed with aHash keyed at random per process: several times faster
/// than the standard SipHash on short ids, and still keyed, so a file
/// crafted to collide cannot slow loading down
/// (docs/decisions/0005-fast-keyed-hash.md). The names are kept in one
/// string, not allocated one by one, and the table maps each name's keyed
/// hash to its number: a string is hashed once per lookup, and the rare
/// names sharing a whole hash are chained.
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    state: ahash::RandomState,
    /// The keyed hash of a name → the number of the last name added with
    /// that hash (earlier ones follow `next`).
    slots: HashMap<u64, u32, BuildHasherDefault<Spread>>,
    /// The names, concatenated; name `i` ends at `ends[i]`.
    text: String,
    ends: Vec<usize>,
    /// Per name, the number of the name before it with the same hash.
    next: Vec<u32>,
}

impl Interner {
    /// The number of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        let hash = self.state.hash_one(s);
        let id = self.ends.len() as u32;
        let before = match self.slots.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(id);
                END
            }
            Entry::Occupied(mut slot) => {
                let head = *slot.get();
                if let Some(known) = find(&self.text, &self.ends, &self.next, head, s) {
                    return known;
                }
                slot.insert(id);
                head
            }
        };
        self.text.push_str(s);
        self.ends.push(self.text.len());
        self.next.push(before);
        id
    }

    /// The number of `s`, if known.
    pub fn get(&self, s: &str) -> Option<u32> {
        let head = *self.slots.get(&self.state.hash_one(s))?;
        find(&self.text, &self.ends, &self.next, head, s)
    }

    /// The string of number `id`.
    pub fn name(&self, id: u32) -> &str {
        name(&self.text, &self.ends, id).unwrap_or("")
    }

    /// How many strings are known.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Forgets every name numbered `len` or later, as if they had never
    /// been added (a chunk's work undone to be done again another way).
    pub fn truncate(&mut self, len: usize) {
        // Latest first: the table's entry for a name's hash is then that
        // name, and the chain it heads goes back to the one before.
        while self.ends.len() > len {
            let id = self.ends.len() - 1;
            let start = if id == 0 { 0 } else { self.ends[id - 1] };
            let hash = self.state.hash_one(&self.text[start..]);
            match self.next[id] {
                END => self.slots.remove(&hash),
                before => self.slots.insert(hash, before),
            };
            self.text.truncate(start);
            self.ends.pop();
            self.next.pop();
        }
    }
}

fn name<'t>(text: &'t str, ends: &[usize], id: u32) -> Option<&'t str> {
    let id = id as usize;
    let end = *ends.get(id)?;
    let start = if id == 0 { 0 } else { ends[id - 1] };
    text.get(start..end)
}

/// The number of `s` along the chain starting at `head`.
fn find(text: &str, ends: &[usize], next: &[u32], mut head: u32, s: &str) -> Option<u32> {
    while head != END {
        if name(text, ends, head) == Some(s) {
            return Some(head);
        }
        head = next[head as usize];
    }
    None
}

/// The hasher of the table's keys, which are already keyed hashes: it
/// passes them through (hashing them again would add nothing).
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct Spread(u64);

impl Hasher for Spread {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only `u64` keys are hashed; any other input is folded in all the same.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Names are numbered in the order first met and read back as
        /// given, as a plain map from each name to its first position
        /// does.
        #[test]
        fn names_are_numbered_in_first_use_order(
            names in proptest::collection::vec("[a-c]{0,3}|Ж|\\PC{0,5}", 0..60)
        ) {
            let mut interner = Interner::default();
            let mut plain: Vec<&str> = Vec::new();
            for n in &names {
                let id = interner.intern(n);
                let expected = plain.iter().position(|p| p == n).unwrap_or_else(|| {
                    plain.push(n);
                    plain.len() - 1
                });
                prop_assert_eq!(id as usize, expected);
            }
            prop_assert_eq!(interner.len(), plain.len());
            for (i, p) in plain.iter().enumerate() {
                prop_assert_eq!(interner.name(i as u32), *p);
                prop_assert_eq!(interner.get(p), Some(i as u32));
            }
            prop_assert_eq!(interner.get("never given, too long"), None);
        }

        /// Names forgotten past a length are numbered again as if only
        /// the names before had ever been added.
        #[test]
        fn truncating_forgets_the_later_names(
            first in proptest::collection::vec("[a-c]{0,2}", 0..30),
            later in proptest::collection::vec("[a-d]{0,2}", 0..30),
            again in proptest::collection::vec("[a-e]{0,2}", 0..30),
        ) {
            let mut undone = Interner::default();
            let mut fresh = Interner::default();
            for n in &first {
                undone.intern(n);
                fresh.intern(n);
            }
            let kept = undone.len();
            for n in &later {
                undone.intern(n);
            }
            undone.truncate(kept);
            prop_assert_eq!(undone.len(), kept);
            for n in later.iter().chain(&again) {
                prop_assert_eq!(undone.get(n), fresh.get(n));
                prop_assert_eq!(undone.intern(n), fresh.intern(n));
            }
            prop_assert_eq!(&undone.text, &fresh.text);
        }
    }

    #[test]
    fn names_sharing_a_hash_are_told_apart_by_the_chain() {
        let mut interner = Interner::default();
        // No names are known to share a keyed hash: file three under the
        // hash of the first, as the table would if they did.
        let hash = interner.state.hash_one("a");
        for (i, n) in ["a", "b", "c"].into_iter().enumerate() {
            interner.text.push_str(n);
            interner.ends.push(interner.text.len());
            let head = interner.slots.insert(hash, i as u32).unwrap_or(END);
            interner.next.push(head);
        }
        assert_eq!(interner.get("a"), Some(0));
        assert_eq!(
            find(&interner.text, &interner.ends, &interner.next, 2, "a"),
            Some(0)
        );
        assert_eq!(
            find(&interner.text, &interner.ends, &interner.next, 2, "b"),
            Some(1)
        );
        assert_eq!(
            find(&interner.text, &interner.ends, &interner.next, 2, "d"),
            None
        );
        assert_eq!(interner.intern("a"), 0);
        assert_eq!(interner.name(2), "c");
    }
}
