use std::fmt;

use serde::{Deserialize, Serialize};

use crate::Text;

/// A sandbox limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Limit {
    /// Operations per call (stops endless loops).
    Operations,
    /// Nested function calls (stops runaway recursion).
    CallDepth,
    /// Nesting of expressions.
    ExpressionDepth,
    /// Length of a string.
    StringSize,
    /// Length of an array.
    ArraySize,
    /// Size of an object map.
    MapSize,
    /// Variables in one scope.
    Variables,
}

impl Limit {
    /// The limit's key as written in a package (`call_depth`...), which
    /// the message catalogue names it by.
    pub fn key(self) -> &'static str {
        match self {
            Limit::Operations => "operations",
            Limit::CallDepth => "call_depth",
            Limit::ExpressionDepth => "expression_depth",
            Limit::StringSize => "string_size",
            Limit::ArraySize => "array_size",
            Limit::MapSize => "map_size",
            Limit::Variables => "variables",
        }
    }
}

impl fmt::Display for Limit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Limit::Operations => "operation budget",
            Limit::CallDepth => "call depth",
            Limit::ExpressionDepth => "expression depth",
            Limit::StringSize => "string size",
            Limit::ArraySize => "array size",
            Limit::MapSize => "map size",
            Limit::Variables => "number of variables",
        })
    }
}

/// Why a script stopped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum FailureKind {
    /// It exceeded a sandbox limit.
    Limit(Limit),
    /// The host cancelled the evaluation.
    Cancelled,
    /// It failed (a runtime error, a wrong result type...).
    Failed(String),
}

/// A script failure before it is tied to a rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ScriptFailure {
    /// 1-based line in the script (0 if unknown).
    pub line: u32,
    /// 1-based column (0 if unknown).
    pub column: u32,
    /// The library file the failure happened in, if not the formula itself.
    pub file: Option<String>,
    /// What happened.
    pub kind: FailureKind,
    /// The catalogue message of a failure's words where they are the
    /// engine's own (a hint on an undefined value, a result that is not a
    /// number) rather than the script engine's. Boxed: a failure travels
    /// in every evaluation's `Result`.
    pub text: Option<Box<Text>>,
}

/// A rule's script stopped during evaluation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{file}:{line}:{column}: rule `{rule}`: {}", describe(.kind))]
pub struct ScriptError {
    /// The rule (indicator, scoring item...) whose script ran.
    pub rule: String,
    /// The file of the script or of the rule's formula.
    pub file: String,
    /// 1-based line.
    pub line: u32,
    /// 1-based column.
    pub column: u32,
    /// What happened.
    #[serde(flatten)]
    pub kind: FailureKind,
    /// The catalogue message of the failure's words, where they are the
    /// engine's own (see [`ScriptFailure::text`]).
    #[serde(skip)]
    pub text: Option<Box<Text>>,
}

impl ScriptError {
    /// The limit exceeded, if that is what stopped the script.
    pub fn limit(&self) -> Option<Limit> {
        match self.kind {
            FailureKind::Limit(l) => Some(l),
            _ => None,
        }
    }
}

fn describe(kind: &FailureKind) -> String {
    match kind {
        FailureKind::Limit(l) => format!("the script exceeded its {l} and was stopped"),
        FailureKind::Cancelled => "the evaluation was cancelled".to_string(),
        FailureKind::Failed(m) => m.clone(),
    }
}

/// One distinct script failure of an evaluation and where it happened.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScriptFailureCount {
    /// The failure (rule, file, line, what happened).
    pub error: ScriptError,
    /// In how many entities' values (entity and period) it happened.
    pub times: usize,
    /// The id of the first entity it happened in, and the period's end.
    pub first: String,
}

/// Every distinct script failure of an evaluation, in the order of the
/// rules: an evaluation runs every indicator of every entity before it
/// fails, so that one run shows every broken script.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
#[error("{}", describe_all(self))]
pub struct ScriptFailures {
    /// The failures kept, at most [`ScriptFailures::KEPT`].
    pub failures: Vec<ScriptFailureCount>,
    /// Distinct failures beyond those kept.
    pub more: usize,
}

impl ScriptFailures {
    /// How many distinct failures an evaluation lists.
    pub const KEPT: usize = 50;
}

fn describe_all(f: &ScriptFailures) -> String {
    // English only: hosts say it in other languages from their catalogue.
    let mut text = format!(
        "{} script error(s) stopped the evaluation:",
        f.failures.len() + f.more
    );
    for c in &f.failures {
        text.push_str(&format!(
            "\n  {} ({} value(s), first: {})",
            c.error, c.times, c.first
        ));
    }
    if f.more > 0 {
        text.push_str(&format!("\n  ... and {} more", f.more));
    }
    text
}
