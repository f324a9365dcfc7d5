//! The language of what the binding says: `etalon.set_language` and
//! `etalon.language`.
//!
//! One choice for the whole process (as the CLI's `--lang` is one choice for
//! a run), read by every exception and diagnostic the binding makes. Until
//! a program chooses, the locale decides by the CLI's rule
//! ([`Lang::from_locale`]).

use etalon::report::{ChosenLang, Lang};
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;

static CHOSEN: ChosenLang = ChosenLang::new();

/// The language chosen, or the locale's when none was.
pub fn current() -> Lang {
    CHOSEN.get()
}

/// Chooses the language of messages for the whole process: ``"ru"`` or
/// ``"en"``. Exceptions raised from now on and diagnostics read from now on
/// speak it; every exception keeps its English text in ``message_en``.
/// Any other code raises ``ValueError`` naming the accepted ones.
#[pyfunction]
pub fn set_language(code: &str) -> PyResult<()> {
    let lang: Lang = code.parse().map_err(PyValueError::new_err)?;
    CHOSEN.set(lang);
    Ok(())
}

/// The language of messages, ``"ru"`` or ``"en"``: the one chosen by
/// :func:`set_language`, else the locale's (the first of ``LC_ALL``,
/// ``LC_MESSAGES`` and ``LANG`` that is set: English if it starts with
/// ``en``, otherwise Russian), else Russian.
#[pyfunction]
pub fn language() -> &'static str {
    current().code()
}
