//! An error in the text of a filter or a sum, with the catalogue message
//! that says it in the reader's language.

use super::syntax::Span;
use crate::diagnostics::{Diagnostic, Location};

/// A parse or type-check error at a place in the filter text: the core's
/// English words, and the catalogue message id (without `diag-`) with the
/// values that go into it.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FilterError {
    pub message: String,
    pub span: Span,
    pub id: &'static str,
    pub args: Vec<(&'static str, String)>,
}

impl FilterError {
    /// The error `id` with `args` at `span`, saying `message` in English.
    pub fn new(
        span: Span,
        id: &'static str,
        args: &[(&'static str, &str)],
        message: impl Into<String>,
    ) -> Self {
        FilterError {
            message: message.into(),
            span,
            id,
            args: args.iter().map(|(k, v)| (*k, v.to_string())).collect(),
        }
    }

    /// The package diagnostic `code` at `at` that reports this error.
    pub fn diagnostic(self, code: &str, at: Location) -> Diagnostic {
        Diagnostic::error(code, at, self.message).with_text(self.id, &self.args)
    }
}
