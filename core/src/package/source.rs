//! Reading TOML files so that every problem is reported with its place.
//!
//! A file is parsed once into spanned values; each section and each element
//! of an array of tables is then read on its own, so one typo does not hide
//! the next one.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

use crate::diagnostics::{Diagnostic, Location, SourceMap};

/// A parsed TOML file of a package.
pub(crate) struct TomlDoc<'a> {
    map: SourceMap<'a>,
    root: DeTable<'a>,
}

impl<'a> TomlDoc<'a> {
    /// Parses `text`; a syntax error becomes a diagnostic and `None`.
    pub fn parse(file: &'a str, text: &'a str, diags: &mut Vec<Diagnostic>) -> Option<Self> {
        let map = SourceMap::new(file, text);
        match DeTable::parse(text) {
            Ok(root) => Some(TomlDoc {
                map,
                root: root.into_inner(),
            }),
            Err(e) => {
                let location = e
                    .span()
                    .map(|s| map.locate(s.start))
                    .unwrap_or_else(|| Location::file(file));
                diags.push(
                    Diagnostic::error(
                        "toml-syntax",
                        location,
                        format!("this file is not valid TOML: {}", e.message()),
                    )
                    .with_text("toml-syntax", &[("detail", e.message())]),
                );
                None
            }
        }
    }

    /// The location of byte `offset`.
    pub fn locate(&self, offset: usize) -> Location {
        self.map.locate(offset)
    }

    /// The location of the start of `span`.
    pub fn at(&self, span: Range<usize>) -> Location {
        self.map.locate(span.start)
    }

    /// The file's name.
    pub fn file(&self) -> &'a str {
        self.map.file()
    }

    fn get(&self, key: &str) -> Option<(&Spanned<DeString<'a>>, &Spanned<DeValue<'a>>)> {
        self.root.iter().find(|(k, _)| k.get_ref().as_ref() == key)
    }

    /// Reports every top-level key that is not in `allowed`.
    pub fn reject_unknown_keys(&self, allowed: &[&str], diags: &mut Vec<Diagnostic>) {
        for (key, _) in self.root.iter() {
            let name: &str = key.get_ref().as_ref();
            if !allowed.contains(&name) {
                diags.push(
                    Diagnostic::error(
                        "unknown-section",
                        self.at(key.span()),
                        format!(
                            "unknown section `{name}`; this file may hold: {}",
                            allowed.join(", ")
                        ),
                    )
                    .with_text(
                        "unknown-section",
                        &[("name", name.to_string()), ("allowed", allowed.join(", "))],
                    ),
                );
            }
        }
    }

    /// Reads the table under `key`, if present.
    pub fn table<T: DeserializeOwned>(
        &self,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<(Location, T)> {
        let (k, value) = self.get(key)?;
        let location = self.at(k.span());
        self.read(value.clone(), &location, diags)
            .map(|v| (location, v))
    }

    /// Reads each element of the array under `key` on its own (usually an
    /// array of tables), keeping those that are well formed.
    pub fn array<T: DeserializeOwned>(
        &self,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(Location, T)> {
        let Some((k, value)) = self.get(key) else {
            return Vec::new();
        };
        match value.get_ref() {
            DeValue::Array(items) => items
                .iter()
                .filter_map(|item| {
                    let location = self.at(item.span());
                    self.read(item.clone(), &location, diags)
                        .map(|v| (location, v))
                })
                .collect(),
            other => {
                diags.push(
                    Diagnostic::error(
                        "toml-shape",
                        self.at(k.span()),
                        format!(
                            "`{key}` must be a list (`[[{key}]]` tables, or `[...]`), found {}",
                            other.type_str()
                        ),
                    )
                    .with_text(
                        "toml-not-a-list",
                        &[("key", key), ("type", other.type_str())],
                    ),
                );
                Vec::new()
            }
        }
    }

    fn read<T: DeserializeOwned>(
        &self,
        value: Spanned<DeValue<'a>>,
        fallback: &Location,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value)) {
            Ok(v) => Some(v),
            Err(e) => {
                let location = e
                    .span()
                    .map(|s| self.locate(s.start))
                    .unwrap_or_else(|| fallback.clone());
                // The TOML reader's own words, after what failed.
                let detail = e.message().trim().to_string();
                diags.push(
                    Diagnostic::error("toml-shape", location, detail.clone())
                        .with_text("toml-shape", &[("detail", detail)]),
                );
                None
            }
        }
    }
}

use toml::de::DeString;

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    struct Item {
        id: Spanned<String>,
        #[allow(dead_code)]
        n: Option<i64>,
    }

    #[test]
    fn every_bad_element_is_reported() {
        let text = "[[item]]\nid = \"a\"\n\n[[item]]\nid = \"b\"\nnn = 1\n\n[[item]]\nid = 3\n\n[[item]]\nid = \"d\"\n";
        let mut diags = Vec::new();
        let doc = TomlDoc::parse("f.toml", text, &mut diags).unwrap();
        let items: Vec<(Location, Item)> = doc.array("item", &mut diags);
        assert_eq!(items.len(), 2);
        assert_eq!(items[1].0.line, 11);
        assert_eq!(doc.at(items[1].1.id.span()).line, 12);
        assert_eq!(diags.len(), 2, "{diags:?}");
        assert_eq!(diags[0].line, 6);
        assert!(diags[0].message.contains("nn"));
        assert_eq!(diags[1].line, 9);
    }

    #[test]
    fn syntax_error_has_a_place() {
        let mut diags = Vec::new();
        assert!(TomlDoc::parse("f.toml", "a = 1\nb = \n", &mut diags).is_none());
        assert_eq!(diags[0].code, "toml-syntax");
        assert_eq!(diags[0].line, 2);
    }
}
