//! One error envelope for every face.
//!
//! Every error of the engine and of the host converts into an [`Envelope`]:
//! a stable [`Code`], the message the error displays and structured
//! [`Fields`] (file, line, column, table, row, rule, organisation,
//! deviation, limit...). Bindings map the code's [`Family`] to their
//! exception classes once, instead of matching every variant of every error
//! type by hand, and a new error variant reaches every language by adding
//! one line to [`codes`] and one arm to the conversion.
//!
//! ```
//! use etalon::error::{Code, Envelope};
//!
//! let e = Envelope::from("2026-Q5".parse::<etalon::Period>().unwrap_err());
//! assert_eq!(e.code, Code::DataPeriod);
//! assert_eq!(e.code.as_str(), "E-DATA-PERIOD");
//! assert_eq!(e.fields.value.as_deref(), Some("2026-Q5"));
//! ```

mod codes;
mod convert;
mod journal;

use std::fmt;
use std::path::Path;

use chrono::NaiveDate;
use etalon_core::{Diagnostic, Text};
use serde::Serialize;

pub use codes::{Code, Family};

use crate::catalogue::{self, Place};
use crate::report::Lang;

/// An error of the engine or the host, in the form every face reads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Envelope {
    /// The stable code.
    pub code: Code,
    /// What went wrong, in words (the text the error displays).
    pub message: String,
    /// Where and what, each when known (boxed: an envelope travels in
    /// every `Result`, and most errors fill few fields).
    pub fields: Box<Fields>,
    /// Every problem of a rule package or plan that does not compile
    /// (codes `E-PACKAGE-*`); empty otherwise.
    pub diagnostics: Vec<Diagnostic>,
    /// Every problem of a data folder that loading found (up to its
    /// limit), each an envelope with its own code and place, sorted by
    /// file and line; empty when there was one problem (this envelope).
    pub problems: Vec<Envelope>,
    /// What the message says, as the catalogue says it, for
    /// [`Envelope::message_in`]; none where the error's words are not in
    /// the catalogue yet.
    #[serde(skip)]
    said: Option<Box<Said>>,
}

/// The catalogue form of an envelope's message.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Said {
    /// A fault of data: the place (from the fields), then the text, or
    /// the English words where the fault has no catalogue message.
    Data { text: Option<Text>, message: String },
    /// Many problems: a heading, then each problem in its own words.
    Problems { stopped: bool },
    /// A text whole.
    Whole(Text),
    /// A fault of НОК input, after the file it was read from.
    Nok {
        error: Box<etalon_core::scoring::NokInputError>,
        file: Option<String>,
    },
    /// Words set in a frame: the frame's message, with the words said
    /// within it as its value `words` (a place before an error's words, a
    /// journal refusal around its reason, a file around its damaged line).
    Framed { frame: Text, words: Box<Said> },
    /// Lines, each said on its own, the later ones indented below the
    /// first.
    Lines(Vec<Said>),
    /// A package or plan that does not compile: the counts of its
    /// diagnostics (the envelope's), then the first error's line.
    Package { first: Option<Box<Diagnostic>> },
}

/// The structured fields of an [`Envelope`]; each is set only when known.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Fields {
    /// The file: a data or journal file as given, or a package file
    /// relative to the package root.
    pub file: Option<String>,
    /// 1-based line in `file`.
    pub line: Option<u64>,
    /// 1-based column in `file`.
    pub column: Option<u64>,
    /// The table (`cases`, `complaints`, `nok`, `shares`, `executions`...).
    pub table: Option<String>,
    /// 1-based number of the record within its table, for rows given by
    /// the host rather than read from a file.
    pub row: Option<u64>,
    /// The column of the table at fault, by name.
    pub field: Option<String>,
    /// The rule (indicator, scoring item...) concerned.
    pub rule: Option<String>,
    /// The organisation concerned.
    pub organisation: Option<String>,
    /// The НОК or KPI indicator concerned.
    pub indicator: Option<String>,
    /// The deviation concerned.
    pub deviation: Option<String>,
    /// The kind of journal event refused.
    pub event: Option<String>,
    /// The limit reached: a sandbox limit (`operations`, `call_depth`,
    /// `expression_depth`, `string_size`, `array_size`, `map_size`,
    /// `variables`), `records` or `deadline`.
    pub limit: Option<String>,
    /// The value as given, when it is the fault (a period's text).
    pub value: Option<String>,
    /// The period concerned.
    pub period: Option<String>,
    /// The rule package concerned (`id version`).
    pub package: Option<String>,
    /// The first day the package is in force (`E-EVAL-NOT-IN-FORCE`).
    pub in_force_from: Option<NaiveDate>,
    /// The last day the package is in force, if it has one.
    pub in_force_to: Option<NaiveDate>,
}

impl Envelope {
    /// An envelope with `code` and `message` and no fields.
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Envelope {
            code,
            message: message.into(),
            fields: Box::default(),
            diagnostics: Vec::new(),
            problems: Vec::new(),
            said: None,
        }
    }

    /// Notes the catalogue message (`id` with its values) that says this
    /// envelope's whole message in each language.
    pub fn with_text<V: ToString>(mut self, id: &str, args: &[(&str, V)]) -> Self {
        self.said = Some(Box::new(Said::Whole(Text::new(id, args))));
        self
    }

    /// The message in `lang`. English is [`Envelope::message`]; Russian
    /// comes from the message catalogue where the error's words are in it
    /// (a fault of data whose words are not: its place in Russian, then the
    /// English words), and is otherwise the meaning of the code before the
    /// English words.
    pub fn message_in(&self, lang: Lang) -> String {
        if lang == Lang::En {
            return self.message.clone();
        }
        self.render(lang, false)
            .unwrap_or_else(|| format!("{}: {}", self.code.meaning(lang), self.message))
    }

    /// The message in `lang` wholly from the message catalogue; `None`
    /// where some of its words are not in the catalogue. In English it is
    /// [`Envelope::message`] (tests hold the two equal).
    pub fn catalogued(&self, lang: Lang) -> Option<String> {
        self.render(lang, true)
    }

    /// The message from the catalogue; `whole`: only if every word is in
    /// it, else with the English words where a fault of data lacks them.
    fn render(&self, lang: Lang, whole: bool) -> Option<String> {
        self.say(self.said.as_deref()?, lang, whole)
    }

    /// What `said` says in `lang` (see [`Envelope::render`]).
    fn say(&self, said: &Said, lang: Lang, whole: bool) -> Option<String> {
        let fields = &self.fields;
        match said {
            Said::Data { text, message } => {
                let words = match text.as_ref().and_then(|t| catalogue::data_message(t, lang)) {
                    Some(words) => words,
                    None if whole => return None,
                    None => message.clone(),
                };
                let place = Place {
                    file: fields.file.as_deref(),
                    line: fields.line,
                    table: fields.table.as_deref(),
                    row: fields.row,
                    field: fields.field.as_deref(),
                };
                Some(format!("{}: {words}", place.render(lang)))
            }
            Said::Problems { stopped } => {
                let count = self.problems.len().to_string();
                let stopped = if *stopped { "yes" } else { "no" };
                let mut out = catalogue::message(
                    lang,
                    "data-problems",
                    &[("count", count.as_str()), ("stopped", stopped)],
                )?;
                for p in &self.problems {
                    out.push_str("\n  ");
                    match whole {
                        true => out.push_str(&p.render(lang, true)?),
                        false => out.push_str(&p.message_in(lang)),
                    }
                }
                Some(out)
            }
            Said::Nok { error, file } => {
                let words = catalogue::nok_input(error, lang)?;
                Some(match file {
                    Some(file) => format!("{file}: {words}"),
                    None => words,
                })
            }
            Said::Whole(text) => catalogue::text(lang, text, None),
            Said::Framed { frame, words } => {
                let words = self.say(words, lang, whole)?;
                catalogue::text(lang, frame, Some(&words))
            }
            Said::Package { first } => {
                let errors = self.diagnostics.iter().filter(|d| d.is_error()).count();
                let warnings = self.diagnostics.len() - errors;
                let counts = [("errors", errors), ("warnings", warnings)];
                let Some(first) = first else {
                    return catalogue::text(
                        lang,
                        &Text::new("eval-package-invalid", &counts),
                        None,
                    );
                };
                // The first error as `rules check` prints it; wholly from
                // the catalogue only if its text is there.
                let said = first.text().and_then(|t| {
                    let args: Vec<(&str, &str)> = t
                        .args
                        .iter()
                        .map(|(k, v)| (k.as_str(), v.as_str()))
                        .collect();
                    catalogue::message(lang, &format!("diag-{}", t.id), &args)
                });
                if whole && said.is_none() {
                    return None;
                }
                let words = catalogue::line(first, lang);
                let frame = Text::new("eval-package-invalid-first", &counts);
                catalogue::text(lang, &frame, Some(&words))
            }
            Said::Lines(lines) => {
                let lines: Option<Vec<String>> =
                    lines.iter().map(|l| self.say(l, lang, whole)).collect();
                Some(lines?.join("\n  "))
            }
        }
    }

    /// Notes the catalogue message that says `m`, the envelope's words.
    fn said(mut self, m: etalon_core::Message) -> Self {
        self.said = Some(Box::new(Said::Whole(m.text)));
        self
    }

    /// Sets what the envelope says within the catalogue message `id` (with
    /// its values `args`), as its value `words`; the caller sets the
    /// English message that goes with it.
    fn framed<V: ToString>(mut self, id: &str, args: &[(&str, V)]) -> Self {
        if let Some(words) = self.said.take() {
            self.said = Some(Box::new(Said::Framed {
                frame: Text::new(id, args),
                words,
            }));
        }
        self
    }

    /// Notes the catalogue messages that say this envelope's message, each
    /// framing the next (a refusal around its reason, a file around its
    /// damaged line); nothing if `texts` is `None` or empty.
    fn with_texts(mut self, texts: Option<Vec<Text>>) -> Self {
        let mut texts = texts.unwrap_or_default().into_iter().rev();
        if let Some(last) = texts.next() {
            let said = texts.fold(Said::Whole(last), |words, frame| Said::Framed {
                frame,
                words: Box::new(words),
            });
            self.said = Some(Box::new(said));
        }
        self
    }

    /// A defect of the engine (a panic caught at a boundary), with what is
    /// known of it.
    pub fn internal(what: &str) -> Self {
        Envelope::new(
            Code::Internal,
            format!(
                "internal error in the etalon engine ({what}); please report it with the input that caused it"
            ),
        )
    }

    /// Its family.
    pub fn family(&self) -> Family {
        self.code.family()
    }

    /// Names the table the error is in, unless one is named already.
    pub fn in_table(mut self, table: &str) -> Self {
        self.fields.table.get_or_insert_with(|| table.to_string());
        self
    }

    /// For rows the host gave as a table or list rather than a file: the
    /// line the engine counted is the record's number, so it moves to
    /// `row`.
    pub fn as_given_rows(mut self) -> Self {
        if self.fields.file.is_none() {
            self.fields.row = self.fields.line.take().or(self.fields.row);
        }
        self
    }
}

impl fmt::Display for Envelope {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Envelope {}

/// A path as the envelope shows it.
fn shown(path: &Path) -> String {
    path.display().to_string()
}

/// The table a data file holds: its name without extension.
fn table_of(path: &Path) -> String {
    path.file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod said_tests;
#[cfg(test)]
mod tests;
