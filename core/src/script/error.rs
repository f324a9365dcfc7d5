use std::fmt;

use serde::{Deserialize, Serialize};

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
