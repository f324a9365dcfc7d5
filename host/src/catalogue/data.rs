//! Faults of input data in the reader's language.

use etalon_core::scoring::NokInputError;
use etalon_core::{DataError, Text};

use super::message;
use crate::report::Lang;

/// Where a fault of data is: each part when known.
#[derive(Debug, Clone, Copy, Default)]
pub struct Place<'a> {
    /// The file the table was read from.
    pub file: Option<&'a str>,
    /// The 1-based line in `file`.
    pub line: Option<u64>,
    /// The table.
    pub table: Option<&'a str>,
    /// The 1-based record of the table.
    pub row: Option<u64>,
    /// The column.
    pub field: Option<&'a str>,
}

impl<'a> Place<'a> {
    /// The place a [`DataError`] names.
    pub fn of(e: &'a DataError) -> Self {
        Place {
            file: e.file.as_deref(),
            line: e.line,
            table: Some(&e.table),
            row: e.row,
            field: e.field.as_deref(),
        }
    }

    /// `file, line 4: cases, row 2, field `x`` in `lang` (the form the
    /// English `Display` of a [`DataError`] has).
    pub fn render(&self, lang: Lang) -> String {
        let say = |id: &str, name: &str, value: String| {
            message(lang, id, &[(name, value.as_str())]).unwrap_or(value)
        };
        let mut out = String::new();
        if let Some(file) = self.file {
            match self.line {
                Some(line) => {
                    let line = line.to_string();
                    out.push_str(
                        &message(lang, "data-place-line", &[("file", file), ("line", &line)])
                            .unwrap_or_else(|| format!("{file}, line {line}")),
                    );
                }
                None => out.push_str(file),
            }
            out.push_str(": ");
        }
        let mut parts: Vec<String> = self.table.map(String::from).into_iter().collect();
        if let Some(row) = self.row {
            parts.push(say("data-place-row", "row", row.to_string()));
        }
        if let Some(field) = self.field {
            parts.push(say("data-place-field", "field", field.to_string()));
        }
        out.push_str(&parts.join(", "));
        out
    }
}

/// What a fault of data says, without its place, in `lang`: its catalogue
/// message, or the English `message` where it has none.
pub fn data_text(text: Option<&Text>, english: &str, lang: Lang) -> String {
    text.and_then(|t| data_message(t, lang))
        .unwrap_or_else(|| english.to_string())
}

/// The catalogue message `data-<id>` of `text`; an argument `said` names
/// another data message, rendered with the same values, that this one
/// extends. `None` when the catalogue has no such message.
pub fn data_message(text: &Text, lang: Lang) -> Option<String> {
    let mut args: Vec<(&str, String)> = text
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    if let Some(said) = args.iter_mut().find(|(k, _)| *k == "said") {
        let inner = Text {
            id: said.1.clone(),
            args: text
                .args
                .iter()
                .filter(|(k, _)| k.as_str() != "said")
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        };
        said.1 = data_message(&inner, lang)?;
    }
    message(lang, &format!("data-{}", text.id), &args)
}

/// The whole fault in `lang`: its place, then what is wrong. In English
/// it is the error's `Display`.
pub fn data_error(e: &DataError, lang: Lang) -> String {
    format!(
        "{}: {}",
        Place::of(e).render(lang),
        data_text(e.text(), &e.message, lang)
    )
}

/// A fault of НОК input in `lang`: `НОК input, line 4, organisation `O1`,
/// column `c` = v: what is wrong` (in English the error's `Display`).
/// `None` when the catalogue lacks its words.
pub fn nok_input(e: &NokInputError, lang: Lang) -> Option<String> {
    let text = e.text()?;
    let args: Vec<(&str, &str)> = text
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let words = message(lang, &format!("nok-{}", text.id), &args)?;
    let mut parts = Vec::new();
    if let Some(line) = e.line {
        parts.push(message(
            lang,
            "nok-place-line",
            &[("line", line.to_string())],
        )?);
    }
    if let Some(org) = &e.org {
        parts.push(message(lang, "nok-place-org", &[("org", org)])?);
    }
    if let Some(column) = &e.column {
        parts.push(match &e.value {
            Some(value) => message(
                lang,
                "nok-place-column-value",
                &[("column", column), ("value", value)],
            )?,
            None => message(lang, "nok-place-column", &[("column", column)])?,
        });
    }
    let head = message::<&str>(lang, "nok-input", &[])?;
    Some(match parts.is_empty() {
        true => format!("{head}: {words}"),
        false => format!("{head}, {}: {words}", parts.join(", ")),
    })
}
