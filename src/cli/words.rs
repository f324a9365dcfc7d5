//! The command's own texts (`cli.ftl` of the message catalogue): refusals
//! of arguments, confirmations, headings, in the language asked for.

use std::fmt;

use etalon::report::Lang;

/// The catalogue message `id` in `lang` with the values `args`; the id
/// itself where the catalogue lacks it (a test holds every id the command
/// names in both languages).
pub fn say(lang: Lang, id: &str, args: &[(&str, String)]) -> String {
    etalon::catalogue::message(lang, id, args).unwrap_or_else(|| id.to_string())
}

/// A text of the command's own, said later in the reader's language: its
/// catalogue id and values. It displays in English.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Words {
    id: &'static str,
    args: Vec<(&'static str, String)>,
}

impl Words {
    /// The message `id` with its values.
    pub fn new(id: &'static str, args: &[(&'static str, String)]) -> Self {
        Words {
            id,
            args: args.to_vec(),
        }
    }

    /// The text in `lang`.
    pub fn in_lang(&self, lang: Lang) -> String {
        say(lang, self.id, &self.args)
    }
}

impl fmt::Display for Words {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_lang(Lang::En))
    }
}
