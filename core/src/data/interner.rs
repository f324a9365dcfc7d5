use std::collections::HashMap;

/// Maps short strings (codes, pseudonymous recipient ids) to dense numbers.
///
/// Hashed with aHash keyed at random per process: several times faster
/// than the standard SipHash on short ids, and still keyed, so a file
/// crafted to collide cannot slow loading down
/// (docs/decisions/0005-fast-keyed-hash.md).
#[derive(Debug, Clone, Default)]
pub(crate) struct Interner {
    ids: HashMap<Box<str>, u32, ahash::RandomState>,
    names: Vec<Box<str>>,
}

impl Interner {
    /// The number of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(s.into());
        self.ids.insert(s.into(), id);
        id
    }

    /// The number of `s`, if known.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    /// The string of number `id`.
    pub fn name(&self, id: u32) -> &str {
        self.names.get(id as usize).map(|s| &**s).unwrap_or("")
    }

    /// How many strings are known.
    pub fn len(&self) -> usize {
        self.names.len()
    }
}
