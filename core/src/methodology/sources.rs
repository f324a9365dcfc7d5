//! The sources a package cites: the list of acts and documents
//! (`sources.toml`, keys such as `L1` or `R17`), and the check that every
//! key a `source` or `proposal` text cites is in it.
//!
//! A key is a Latin capital letter or three followed by digits, standing as
//! a word (`L5`, `R21`); a range `R4–R6` cites every key between. Keys are
//! looked for in the `source` and `proposal` lines of the reference files
//! and of the НОК and KPI schemes.

use std::collections::BTreeSet;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::diagnostics::{Diagnostic, Location};
use crate::package::source::TomlDoc;
use crate::package::values::TomlDate;
use crate::package::{Contents, PackageFiles};

/// One act or document of the package's source list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Citation {
    /// The key the rules cite it by (`L1`, `R17`).
    pub key: String,
    /// The kind of act as it is named (`Федеральный закон`, `Приказ
    /// Минтруда России`), or the kind of document.
    pub act: String,
    /// Its number (`442-ФЗ`, `190н`), where it has one.
    pub number: Option<String>,
    /// The day it was signed, where known.
    pub date: Option<NaiveDate>,
    /// The article, clause or annex cited.
    pub article: Option<String>,
    /// Its title, as published (Russian).
    pub title: String,
    /// What the rules take from it, in Russian.
    pub about: Option<String>,
    /// What the rules take from it, in English.
    pub about_en: Option<String>,
    /// Where it can be read.
    pub link: Option<String>,
}

impl Citation {
    /// The citation in full, the way Russian acts are cited:
    /// `Федеральный закон от 28.12.2013 № 442-ФЗ «…», ст. 15`.
    pub fn text(&self) -> String {
        let mut s = self.act.clone();
        if let Some(d) = self.date {
            s.push_str(&format!(" от {}", d.format("%d.%m.%Y")));
        }
        if let Some(n) = &self.number {
            s.push_str(&format!(" № {n}"));
        }
        s.push_str(&format!(" «{}»", self.title));
        if let Some(a) = &self.article {
            s.push_str(&format!(", {a}"));
        }
        s
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCitation {
    key: toml::Spanned<String>,
    act: String,
    number: Option<String>,
    date: Option<TomlDate>,
    article: Option<String>,
    title: String,
    about: Option<String>,
    about_en: Option<String>,
    link: Option<String>,
}

/// The keys `text` cites, each with its byte offset in `text`.
pub fn cited_keys(text: &str) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut i = 0;
    while i < chars.len() {
        let (at, c) = chars[i];
        let starts_word = i == 0 || !chars[i - 1].1.is_alphanumeric();
        if !(starts_word && c.is_ascii_uppercase()) {
            i += 1;
            continue;
        }
        let Some((key, letters, number, end)) = key_at(&chars, i) else {
            i += 1;
            continue;
        };
        // A range `R4–R6` (or `R4-R6`) cites every key between.
        if let Some(&(_, dash)) = chars.get(end)
            && (dash == '–' || dash == '-')
            && let Some((_, letters2, last, end2)) = key_at(&chars, end + 1)
            && letters2 == letters
            && last > number
            && last - number <= 50
        {
            for n in number..=last {
                out.push((format!("{letters}{n}"), at));
            }
            i = end2;
            continue;
        }
        out.push((key, at));
        i = end;
    }
    out
}

/// A key starting at `chars[i]`: the key, its letters, its number and the
/// index after it.
fn key_at(chars: &[(usize, char)], i: usize) -> Option<(String, String, u32, usize)> {
    let mut j = i;
    while j < chars.len() && chars[j].1.is_ascii_uppercase() {
        j += 1;
    }
    let letters: String = chars[i..j].iter().map(|(_, c)| *c).collect();
    let digits_from = j;
    while j < chars.len() && chars[j].1.is_ascii_digit() {
        j += 1;
    }
    let digits: String = chars[digits_from..j].iter().map(|(_, c)| *c).collect();
    let ends_word = chars.get(j).is_none_or(|(_, c)| !c.is_alphanumeric());
    if letters.is_empty()
        || letters.len() > 3
        || digits.is_empty()
        || digits.len() > 3
        || !ends_word
    {
        return None;
    }
    let number = digits.parse().ok()?;
    Some((format!("{letters}{digits}"), letters, number, j))
}

/// Reads the source list the manifest names and checks every key the
/// package cites against it.
pub(super) fn read(
    files: &PackageFiles,
    manifest: &TomlDoc,
    contents: &Contents,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Citation> {
    let mut sources = Vec::new();
    let listed = contents.sources.as_ref();
    if let Some(path) = listed {
        match files.iter().find(|(p, _)| *p == path.get_ref()) {
            Some((file, text)) => {
                if let Some(doc) = TomlDoc::parse(file, text, diags) {
                    doc.reject_unknown_keys(&["source"], diags);
                    let mut seen = BTreeSet::new();
                    for (_, raw) in doc.array::<RawCitation>("source", diags) {
                        let key = raw.key.get_ref().clone();
                        if key_at(&key.char_indices().collect::<Vec<_>>(), 0)
                            .is_none_or(|(k, ..)| k != key)
                        {
                            diags.push(Diagnostic::error(
                                "bad-source",
                                doc.at(raw.key.span()),
                                format!(
                                    "`{key}` is not a source key: Latin capitals and a number, such as L1 or R17"
                                ),
                            ).with_text("bad-source-key", &[("key", &key)]));
                            continue;
                        }
                        // Links go into reports as they are: only web addresses.
                        if let Some(link) = &raw.link
                            && !(link.starts_with("https://") || link.starts_with("http://"))
                        {
                            diags.push(Diagnostic::error(
                                "bad-source",
                                doc.at(raw.key.span()),
                                format!(
                                    "the link of source `{key}` must be a web address starting with https:// or http://, not `{link}`"
                                ),
                            ).with_text("bad-source-link", &[("key", &key), ("link", link)]));
                            continue;
                        }
                        if !seen.insert(key.clone()) {
                            diags.push(
                                Diagnostic::error(
                                    "duplicate",
                                    doc.at(raw.key.span()),
                                    format!("source `{key}` is listed twice"),
                                )
                                .with_text("duplicate-source", &[("key", &key)]),
                            );
                            continue;
                        }
                        sources.push(Citation {
                            key,
                            act: raw.act,
                            number: raw.number,
                            date: raw.date.map(|d| d.0),
                            article: raw.article,
                            title: raw.title,
                            about: raw.about,
                            about_en: raw.about_en,
                            link: raw.link,
                        });
                    }
                }
            }
            None => diags.push(
                Diagnostic::error(
                    "missing-file",
                    manifest.at(path.span()),
                    format!(
                        "the manifest lists `{}`, but the package has no such file",
                        path.get_ref()
                    ),
                )
                .with_text("missing-file", &[("file", path.get_ref())]),
            ),
        }
    }
    let known: BTreeSet<&str> = sources.iter().map(|s| s.key.as_str()).collect();
    let citing = contents
        .references
        .iter()
        .chain(contents.nok.as_ref())
        .chain(contents.kpi.as_ref());
    for path in citing {
        let Some((file, text)) = files.iter().find(|(p, _)| *p == path.get_ref()) else {
            continue; // reported where the file is read
        };
        for (line_no, line) in text.lines().enumerate() {
            let Some((value, value_at)) = cited_text(line) else {
                continue;
            };
            for (key, at) in cited_keys(value) {
                if known.contains(key.as_str()) {
                    continue;
                }
                let column = line[..value_at + at].chars().count() + 1;
                let (hint, id) = if listed.is_some() {
                    (
                        "add it to the source list or correct the key",
                        "unknown-source",
                    )
                } else {
                    (
                        "the package has no source list: name one in [contents] as `sources = \"sources.toml\"`",
                        "unknown-source-no-list",
                    )
                };
                diags.push(
                    Diagnostic::error(
                        "unknown-source",
                        Location {
                            file: file.to_string(),
                            line: line_no as u32 + 1,
                            column: column as u32,
                        },
                        format!(
                            "the source key `{key}` is not in the package's source list; {hint}"
                        ),
                    )
                    .with_text(id, &[("key", key.as_str())]),
                );
            }
        }
    }
    sources
}

/// The text of a one-line `source = "…"` or `proposal = "…"`, and where
/// it starts in the line.
fn cited_text(line: &str) -> Option<(&str, usize)> {
    let trimmed = line.trim_start();
    let rest = trimmed
        .strip_prefix("source")
        .or_else(|| trimmed.strip_prefix("proposal"))?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let body = rest.strip_prefix('"')?;
    let end = body.find('"')?;
    let start = line.len() - body.len();
    Some((&body[..end], start))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(text: &str) -> Vec<String> {
        cited_keys(text).into_iter().map(|(k, _)| k).collect()
    }

    #[test]
    fn keys_are_words_and_ranges_expand() {
        assert_eq!(
            keys("442-ФЗ ст. 15–16 (L1, L3); полосы по R21; R4–R6; K1-K2"),
            ["L1", "L3", "R21", "R4", "R5", "R6", "K1", "K2"]
        );
        // Not keys: Cyrillic letters, numbers inside words, lower case.
        assert!(keys("Приказ № 190н, ст. 8 ч. 3, 59-ФЗ, r5, AB12x, ABCD1").is_empty());
    }

    #[test]
    fn the_cited_text_is_found_with_its_column() {
        let line = "source = \"по R21\"";
        let (text, at) = cited_text(line).unwrap();
        assert_eq!(text, "по R21");
        assert_eq!(&line[at..at + text.len()], "по R21");
        assert!(cited_text("sources = [\"x\"]").is_none());
        assert!(cited_text("# source = \"R1\"").is_none());
    }

    #[test]
    fn a_citation_reads_as_russian_acts_are_cited() {
        let c = Citation {
            key: "L5".into(),
            act: "Федеральный закон".into(),
            number: Some("59-ФЗ".into()),
            date: NaiveDate::from_ymd_opt(2006, 5, 2),
            article: Some("ст. 12".into()),
            title: "О порядке рассмотрения обращений граждан Российской Федерации".into(),
            about: None,
            about_en: None,
            link: None,
        };
        assert_eq!(
            c.text(),
            "Федеральный закон от 02.05.2006 № 59-ФЗ «О порядке рассмотрения обращений граждан Российской Федерации», ст. 12"
        );
    }
}
