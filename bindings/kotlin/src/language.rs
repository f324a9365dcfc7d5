//! The language of what the binding says: `setLanguage(Language.RU)` and
//! `language()` (`Etalon.setLanguage`, `Etalon.language` in Java).
//!
//! One choice for the whole process, as the CLI's `--lang` is one choice for
//! a run: every exception and diagnostic made from then on speaks it. Until
//! a program chooses, the locale decides by the CLI's rule
//! ([`Lang::from_locale`]). An enum rather than a code: a JVM caller cannot
//! pass a language the engine does not speak.

use etalon::report::{ChosenLang, Lang};

static CHOSEN: ChosenLang = ChosenLang::new();

/// A language of messages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, uniffi::Enum)]
pub enum Language {
    /// Russian.
    Ru,
    /// English.
    En,
}

impl From<Language> for Lang {
    fn from(l: Language) -> Self {
        match l {
            Language::Ru => Lang::Ru,
            Language::En => Lang::En,
        }
    }
}

impl From<Lang> for Language {
    fn from(l: Lang) -> Self {
        match l {
            Lang::Ru => Language::Ru,
            Lang::En => Language::En,
        }
    }
}

/// The language chosen, or the locale's when none was.
pub(crate) fn current() -> Lang {
    CHOSEN.get()
}

/// Chooses the language of messages for the whole process: exceptions
/// (`message`, `errorMessage`) and diagnostics made from now on speak it;
/// `errorMessageEn` and `messageEn` stay English.
#[uniffi::export]
pub fn set_language(language: Language) {
    CHOSEN.set(language.into());
}

/// The language of messages: the one chosen by [`set_language`], else the
/// locale's (the first of `LC_ALL`, `LC_MESSAGES` and `LANG` that is set:
/// English if it starts with `en`, otherwise Russian), else Russian.
#[uniffi::export]
pub fn language() -> Language {
    current().into()
}

/// For tests that compare English texts: English whatever the machine's
/// locale. No test of this crate chooses Russian (the JUnit suite does), so
/// tests running at once agree.
#[cfg(test)]
pub(crate) fn english() {
    set_language(Language::En);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_language_is_the_host_s() {
        assert_eq!(Lang::from(Language::Ru), Lang::Ru);
        assert_eq!(Language::from(Lang::En), Language::En);
        english();
        assert_eq!(language(), Language::En);
        assert_eq!(current(), Lang::En);
    }
}
