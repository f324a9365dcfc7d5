use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// The files of a rule package, by path relative to the package root
/// (always with `/` separators), in a stable order.
///
/// ```
/// use etalon_core::PackageFiles;
/// let mut files = PackageFiles::new();
/// files.insert("etalon.toml", "[package]\nid = \"demo\"\n");
/// assert!(files.get("etalon.toml").is_some());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PackageFiles {
    files: BTreeMap<String, String>,
}

impl PackageFiles {
    /// The name of the manifest at the package root.
    pub const MANIFEST: &'static str = "etalon.toml";

    /// An empty package.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds or replaces a file. Backslashes and leading `./` are normalised away.
    pub fn insert(&mut self, path: impl AsRef<str>, text: impl Into<String>) {
        self.files.insert(normalise(path.as_ref()), text.into());
    }

    /// The text of a file, if present.
    pub fn get(&self, path: &str) -> Option<&str> {
        self.files.get(&normalise(path)).map(String::as_str)
    }

    /// Every file, in path order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.files.iter().map(|(p, t)| (p.as_str(), t.as_str()))
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether the package has no files.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }

    /// Total size of all texts in bytes (a host may cap it).
    pub fn total_bytes(&self) -> usize {
        self.files.values().map(String::len).sum()
    }
}

impl<P: AsRef<str>, T: Into<String>> FromIterator<(P, T)> for PackageFiles {
    fn from_iter<I: IntoIterator<Item = (P, T)>>(iter: I) -> Self {
        let mut files = PackageFiles::new();
        for (p, t) in iter {
            files.insert(p, t);
        }
        files
    }
}

fn normalise(path: &str) -> String {
    let path = path.replace('\\', "/");
    let mut path = path.as_str();
    while let Some(rest) = path.strip_prefix("./") {
        path = rest;
    }
    path.trim_start_matches('/').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised() {
        let files: PackageFiles = [(".\\scripts\\a.rhai", "x")].into_iter().collect();
        assert_eq!(files.get("scripts/a.rhai"), Some("x"));
        assert_eq!(files.get("./scripts/a.rhai"), Some("x"));
        assert_eq!(files.total_bytes(), 1);
    }
}
