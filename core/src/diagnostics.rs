//! Problems found in a rule package, each with the place it was found.
//!
//! A methodologist fixes a package from this list, so every diagnostic names
//! the file, line and column, the rule it concerns and says what is wrong in
//! plain words. Codes are stable (tools branch on them); wording may improve.

use std::collections::BTreeMap;
use std::fmt;

use serde::{Deserialize, Serialize};

/// Every code a package diagnostic can carry, in one place: each has an
/// entry in the message catalogue of the host (`code-<code>`, its meaning
/// in Russian and English), and a test here finds every code the core's
/// sources emit in this list.
pub const CODES: &[&str] = &[
    "bad-active",
    "bad-aggregate",
    "bad-band",
    "bad-dates",
    "bad-filter",
    "bad-formula",
    "bad-funnel",
    "bad-id",
    "bad-measure",
    "bad-param",
    "bad-question",
    "bad-selector",
    "bad-source",
    "bad-step",
    "bad-value",
    "bad-weight",
    "band-direction",
    "base-not-in-formula",
    "checks-skipped",
    "conflict",
    "deadline",
    "duplicate",
    "duplicate-id",
    "empty-list",
    "empty-tests",
    "escalation-order",
    "limit-capped",
    "matches-nothing",
    "matrix-ambiguous",
    "matrix-gap",
    "missing-field",
    "missing-file",
    "missing-key",
    "missing-manifest",
    "missing-policy",
    "missing-section",
    "missing-source",
    "never-escalates",
    "no-process-column",
    "no-reference",
    "not-a-date",
    "not-a-number",
    "overlapping-references",
    "package-too-large",
    "process-card",
    "role-level",
    "script-limit",
    "script-runtime",
    "script-syntax",
    "shadows-built-in",
    "share-out-of-range",
    "target-outside-band",
    "toml-shape",
    "toml-syntax",
    "unknown-criterion",
    "unknown-field",
    "unknown-indicator",
    "unknown-input",
    "unknown-measure",
    "unknown-option",
    "unknown-policy",
    "unknown-process",
    "unknown-question",
    "unknown-role",
    "unknown-section",
    "unknown-source",
    "unknown-table",
    "unlisted-file",
    "unused-indicator",
    "unused-measure",
    "verify-ambiguous",
    "verify-gap",
];

/// How serious a diagnostic is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// The package cannot be used until this is fixed.
    Error,
    /// The package works, but probably not as its author meant.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// One problem in a rule package.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Diagnostic {
    /// Error or warning.
    pub severity: Severity,
    /// A stable, kebab-case code such as `unknown-measure`.
    pub code: String,
    /// The package file, with `/` separators, relative to the package root.
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: u32,
    /// 1-based column, counted in characters; 0 when unknown.
    pub column: u32,
    /// The id of the rule (measure, indicator, reference...) concerned, if any.
    pub rule: Option<String>,
    /// What is wrong, in words a methodologist understands.
    pub message: String,
    /// The catalogue message this diagnostic's text comes from, with the
    /// values that go into it; hosts render it in the reader's language
    /// (the host crate's `i18n` catalogue). Behind one pointer, since a
    /// diagnostic travels in `Result`s and must stay small.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    text: Option<Box<Text>>,
}

/// The catalogue message of a diagnostic: its id and named arguments.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Text {
    /// The message id in the catalogue, without its `diag-` prefix.
    pub id: String,
    /// The values that go into the text, by the catalogue's variable names.
    pub args: BTreeMap<String, String>,
}

impl Text {
    /// The message `id` with its values (`(variable, value)` pairs).
    pub fn new<V: ToString>(id: &str, args: &[(&str, V)]) -> Self {
        Text {
            id: id.to_string(),
            args: args
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        }
    }
}

/// Words an error says, in English, with the catalogue message that says
/// them in every language (hosts render it): for errors whose variants
/// carry free text rather than named fields. Displays the English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The English words.
    pub english: String,
    /// The catalogue message with its values.
    pub text: Text,
}

impl Message {
    /// The catalogue message `id` with `args`, which says the English
    /// `words` (the id comes first, where a reader of the code and the
    /// catalogue's tests look for it).
    pub fn new<V: ToString>(id: &str, args: &[(&str, V)], words: impl Into<String>) -> Self {
        Message {
            english: words.into(),
            text: Text::new(id, args),
        }
    }
}

impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.english)
    }
}

impl Diagnostic {
    /// An error at `location`.
    pub fn error(code: &str, location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Error, code, location, message)
    }

    /// A warning at `location`.
    pub fn warning(code: &str, location: Location, message: impl Into<String>) -> Self {
        Self::new(Severity::Warning, code, location, message)
    }

    fn new(severity: Severity, code: &str, location: Location, message: impl Into<String>) -> Self {
        Diagnostic {
            severity,
            code: code.to_string(),
            file: location.file,
            line: location.line,
            column: location.column,
            rule: None,
            message: message.into(),
            text: None,
        }
    }

    /// Names the catalogue message this diagnostic's text comes from and
    /// the values that go into it (`(variable, value)` pairs).
    pub fn with_text<V: ToString>(mut self, id: &str, args: &[(&str, V)]) -> Self {
        self.set_text(id, args);
        self
    }

    /// Sets the catalogue message of the text (see [`Diagnostic::with_text`]).
    pub fn set_text<V: ToString>(&mut self, id: &str, args: &[(&str, V)]) -> &mut Self {
        self.text = Some(Box::new(Text::new(id, args)));
        self
    }

    /// The catalogue message of the text, where the diagnostic has one.
    pub fn text(&self) -> Option<&Text> {
        self.text.as_deref()
    }

    /// Names the rule this diagnostic concerns.
    pub fn with_rule(mut self, rule: impl Into<String>) -> Self {
        self.rule = Some(rule.into());
        self
    }

    /// Whether this is an error (as opposed to a warning).
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    /// The compiler-like human form:
    /// `file:line:column: error[code] (rule): message`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if self.line > 0 {
            write!(f, ":{}", self.line)?;
            if self.column > 0 {
                write!(f, ":{}", self.column)?;
            }
        }
        write!(f, ": {}[{}]", self.severity, self.code)?;
        if let Some(rule) = &self.rule {
            write!(f, " ({rule})")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// A place in a package file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Location {
    /// File path relative to the package root.
    pub file: String,
    /// 1-based line, 0 for the whole file.
    pub line: u32,
    /// 1-based column in characters, 0 when unknown.
    pub column: u32,
}

impl Location {
    /// The file as a whole.
    pub fn file(file: &str) -> Self {
        Location {
            file: file.to_string(),
            line: 0,
            column: 0,
        }
    }

    /// The place `line`:`column` (1-based) of a text that starts right after
    /// this location, such as a formula inside a quoted TOML string.
    pub fn within(&self, line: u32, column: u32) -> Self {
        if line <= 1 {
            Location {
                file: self.file.clone(),
                line: self.line,
                column: self.column + column,
            }
        } else {
            Location {
                file: self.file.clone(),
                line: self.line + line - 1,
                column,
            }
        }
    }
}

/// Every problem found in a package, sorted by file and position.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// An empty list.
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one diagnostic.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Adds every diagnostic of `other`.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    /// Number of errors.
    pub fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    /// Number of warnings.
    pub fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    /// All diagnostics, in file and position order once [`Diagnostics::sort`] ran.
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.items.iter()
    }

    /// Number of diagnostics.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Sorts by file, line, column, code and message, and drops exact repeats,
    /// so that the same package always gives the same list. A file that does
    /// not parse comes first, with the line saying which checks it made
    /// skip: what follows may be its consequence.
    pub fn sort(&mut self) {
        fn rank(d: &Diagnostic) -> u8 {
            match d.code.as_str() {
                "toml-syntax" | "script-syntax" => 0,
                "checks-skipped" => 1,
                _ => 2,
            }
        }
        self.items.sort_by(|a, b| {
            (
                rank(a),
                &a.file,
                a.line,
                a.column,
                &a.code,
                &a.message,
                &a.rule,
            )
                .cmp(&(
                    rank(b),
                    &b.file,
                    b.line,
                    b.column,
                    &b.code,
                    &b.message,
                    &b.rule,
                ))
        });
        self.items.dedup();
    }

    /// Counts by code, for summaries.
    pub fn counts_by_code(&self) -> BTreeMap<&str, usize> {
        let mut counts = BTreeMap::new();
        for d in &self.items {
            *counts.entry(d.code.as_str()).or_insert(0) += 1;
        }
        counts
    }
}

impl<'a> IntoIterator for &'a Diagnostics {
    type Item = &'a Diagnostic;
    type IntoIter = std::slice::Iter<'a, Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.iter()
    }
}

impl From<Vec<Diagnostic>> for Diagnostics {
    fn from(items: Vec<Diagnostic>) -> Self {
        let mut d = Diagnostics { items };
        d.sort();
        d
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.items {
            writeln!(f, "{d}")?;
        }
        write!(
            f,
            "{} error(s), {} warning(s)",
            self.error_count(),
            self.warning_count()
        )
    }
}

impl std::error::Error for Diagnostics {}

/// Turns byte offsets of one file into 1-based line and character column.
#[derive(Debug, Clone)]
pub struct SourceMap<'a> {
    file: &'a str,
    text: &'a str,
    line_starts: Vec<usize>,
}

impl<'a> SourceMap<'a> {
    /// Indexes the line starts of `text`.
    pub fn new(file: &'a str, text: &'a str) -> Self {
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        SourceMap {
            file,
            text,
            line_starts,
        }
    }

    /// The file's name.
    pub fn file(&self) -> &'a str {
        self.file
    }

    /// The location of byte `offset` (clamped to the text).
    pub fn locate(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let line = match self.line_starts.binary_search(&offset) {
            Ok(i) => i,
            Err(i) => i - 1,
        };
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(0);
        Location {
            file: self.file.to_string(),
            line: line as u32 + 1,
            column: column as u32 + 1,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every kebab-case literal given as the code of a diagnostic (the
    /// first argument of a constructor or of the modules' `error`, `warn`
    /// and `fail` helpers, or a `code` chosen by a condition) is listed.
    #[test]
    fn every_code_emitted_is_listed() {
        fn files(dir: &std::path::Path, out: &mut Vec<std::path::PathBuf>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    files(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs")
                    && path.file_name().is_some_and(|n| n != "tests.rs")
                {
                    out.push(path);
                }
            }
        }
        let mut paths = Vec::new();
        files(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
            &mut paths,
        );
        let is_code = |s: &str| {
            s.contains('-')
                && s.split('-')
                    .all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase()))
        };
        let mut found = std::collections::BTreeSet::new();
        for path in paths {
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or_default();
            for start in [
                "error(",
                "warn(",
                "warning(",
                "fail(",
                "code = if",
                "} else {",
            ] {
                for (i, _) in code.match_indices(start) {
                    let rest = code[i + start.len()..].trim_start();
                    let rest = rest.strip_prefix("diags,").unwrap_or(rest).trim_start();
                    if let Some(lit) = rest.strip_prefix('"').and_then(|r| r.split('"').next())
                        && is_code(lit)
                    {
                        found.insert(lit.to_string());
                    }
                }
            }
        }
        assert!(found.len() > 50, "the scan found too few codes: {found:?}");
        let missing: Vec<_> = found
            .iter()
            .filter(|c| !CODES.contains(&c.as_str()))
            .collect();
        assert!(
            missing.is_empty(),
            "codes emitted but not in CODES: {missing:?}"
        );
    }

    #[test]
    fn locates_offsets_in_characters() {
        let text = "a = 1\nимя = \"x\"\n";
        let map = SourceMap::new("f.toml", text);
        assert_eq!(map.locate(0).line, 1);
        let x = text.find('"').unwrap();
        let loc = map.locate(x);
        assert_eq!((loc.line, loc.column), (2, 7));
    }

    #[test]
    fn display_is_compiler_like() {
        let d = Diagnostic::error(
            "unknown-measure",
            Location {
                file: "processes/a.toml".into(),
                line: 3,
                column: 11,
            },
            "no measure `x`",
        )
        .with_rule("ind_a");
        assert_eq!(
            d.to_string(),
            "processes/a.toml:3:11: error[unknown-measure] (ind_a): no measure `x`"
        );
    }

    #[test]
    fn sort_orders_and_dedups() {
        let loc = |l| Location {
            file: "a".into(),
            line: l,
            column: 1,
        };
        let mut ds = Diagnostics::new();
        ds.push(Diagnostic::error("x", loc(5), "m"));
        ds.push(Diagnostic::warning("y", loc(2), "m"));
        ds.push(Diagnostic::error("x", loc(5), "m"));
        ds.sort();
        assert_eq!(ds.len(), 2);
        assert_eq!(ds.iter().next().map(|d| d.line), Some(2));
        assert_eq!(ds.error_count(), 1);
        assert_eq!(ds.warning_count(), 1);
    }
}
