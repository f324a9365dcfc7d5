//! The message catalogue: every text of the engine that a methodologist,
//! analyst or quality officer reads, in Russian and English, held in
//! Project Fluent files (`host/locales/<lang>/*.ftl`) built into the
//! library and parsed once.
//!
//! The core stays free of a localisation library: a package diagnostic
//! carries its code, the id of its catalogue message and the values that
//! go into it ([`etalon_core::Text`]); [`diagnostic`] renders it here.

mod data;
mod diagnostics;
mod journal;
mod scoring;
#[cfg(test)]
mod tests;

use std::borrow::Cow;
use std::sync::OnceLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

pub use data::{Place, data_error, data_message, data_text, nok_input};
pub use diagnostics::{check_summary, diagnostic, diagnostic_json, line, severity};
pub use journal::conflict;
pub use scoring::{
    kpi_note, kpi_rule, plan_target, policy_about, policy_note, policy_note_line, policy_setting,
    said,
};

use etalon_core::Text;

use crate::report::Lang;

/// The catalogue files of each language, by name: both languages hold the
/// same files, with the same message ids and variables (a test checks).
const FILES: [(&str, &str, &str); 11] = [
    (
        "cli.ftl",
        include_str!("../../locales/ru/cli.ftl"),
        include_str!("../../locales/en/cli.ftl"),
    ),
    (
        "codes.ftl",
        include_str!("../../locales/ru/codes.ftl"),
        include_str!("../../locales/en/codes.ftl"),
    ),
    (
        "data.ftl",
        include_str!("../../locales/ru/data.ftl"),
        include_str!("../../locales/en/data.ftl"),
    ),
    (
        "diagnostics.ftl",
        include_str!("../../locales/ru/diagnostics.ftl"),
        include_str!("../../locales/en/diagnostics.ftl"),
    ),
    (
        "evaluation.ftl",
        include_str!("../../locales/ru/evaluation.ftl"),
        include_str!("../../locales/en/evaluation.ftl"),
    ),
    (
        "explain.ftl",
        include_str!("../../locales/ru/explain.ftl"),
        include_str!("../../locales/en/explain.ftl"),
    ),
    (
        "inputs.ftl",
        include_str!("../../locales/ru/inputs.ftl"),
        include_str!("../../locales/en/inputs.ftl"),
    ),
    (
        "errors.ftl",
        include_str!("../../locales/ru/errors.ftl"),
        include_str!("../../locales/en/errors.ftl"),
    ),
    (
        "journal.ftl",
        include_str!("../../locales/ru/journal.ftl"),
        include_str!("../../locales/en/journal.ftl"),
    ),
    (
        "report.ftl",
        include_str!("../../locales/ru/report.ftl"),
        include_str!("../../locales/en/report.ftl"),
    ),
    (
        "scoring.ftl",
        include_str!("../../locales/ru/scoring.ftl"),
        include_str!("../../locales/en/scoring.ftl"),
    ),
];

/// Both languages' bundles.
struct Catalogue {
    ru: FluentBundle<FluentResource>,
    en: FluentBundle<FluentResource>,
}

fn bundle(lang: Lang) -> FluentBundle<FluentResource> {
    let tag = lang.code().parse().unwrap_or_default();
    let mut bundle = FluentBundle::new_concurrent(vec![tag]);
    // Texts go to terminals, files and JSON, not into bidirectional
    // layouts: no invisible isolation marks around the values.
    bundle.set_use_isolating(false);
    for (_, ru, en) in FILES {
        let text = match lang {
            Lang::Ru => ru,
            Lang::En => en,
        };
        // The files are built in and checked by the tests (each parses,
        // no id is defined twice); a defect there is the engine's own,
        // caught before release, so what parses is kept.
        let resource = FluentResource::try_new(text.to_string()).unwrap_or_else(|(r, _)| r);
        let _ = bundle.add_resource(resource);
    }
    bundle
}

fn catalogue() -> &'static Catalogue {
    static CATALOGUE: OnceLock<Catalogue> = OnceLock::new();
    CATALOGUE.get_or_init(|| Catalogue {
        ru: bundle(Lang::Ru),
        en: bundle(Lang::En),
    })
}

/// The message `id` in `lang` with the values `args`; `None` when the
/// catalogue has no such message or a value it needs is missing.
///
/// A value written as a whole number (`12`, not `012`) goes in as a
/// number, so that plural forms can be chosen on it.
pub fn message<V: AsRef<str>>(lang: Lang, id: &str, args: &[(&str, V)]) -> Option<String> {
    let c = catalogue();
    let bundle = match lang {
        Lang::Ru => &c.ru,
        Lang::En => &c.en,
    };
    let pattern = bundle.get_message(id)?.value()?;
    let mut fluent = FluentArgs::new();
    for (name, value) in args {
        fluent.set(name.to_string(), value_of(value.as_ref()));
    }
    let mut errors = Vec::new();
    let text = bundle.format_pattern(pattern, Some(&fluent), &mut errors);
    errors.is_empty().then(|| text.into_owned())
}

/// The catalogue message of `text` in `lang` with its values, and with
/// `words` (what is said within it) as its value `words` if given.
pub fn text(lang: Lang, text: &Text, words: Option<&str>) -> Option<String> {
    let mut args: Vec<(&str, &str)> = text
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    args.extend(words.map(|w| ("words", w)));
    message(lang, &text.id, &args)
}

/// A whole number that an `f64` holds exactly and writes back the same
/// way becomes a number; anything else stays text.
fn value_of(value: &str) -> FluentValue<'static> {
    const EXACT: i64 = 1 << 53;
    match value.parse::<i64>() {
        Ok(n) if n.abs() <= EXACT && n.to_string() == value => FluentValue::from(n),
        _ => FluentValue::String(Cow::Owned(value.to_string())),
    }
}
