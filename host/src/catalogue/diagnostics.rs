//! Package diagnostics in the reader's language.

use etalon_core::{Diagnostic, Severity, Text};

use super::message;
use crate::report::Lang;

/// `error` / `ошибка`, `warning` / `предупреждение`.
pub fn severity(lang: Lang, severity: Severity) -> String {
    let id = match severity {
        Severity::Error => "severity-error",
        Severity::Warning => "severity-warning",
    };
    message::<&str>(lang, id, &[]).unwrap_or_else(|| severity.to_string())
}

/// What the diagnostic says, in `lang`: its catalogue message with its
/// values (a value `said` names another message, said with the same
/// values, that goes in its place). A diagnostic whose text is not in the
/// catalogue yet keeps the core's English words; in Russian they follow
/// the meaning of its code, which the catalogue holds for every code.
pub fn diagnostic(d: &Diagnostic, lang: Lang) -> String {
    if let Some(rendered) = d.text().and_then(|t| diagnostic_text(t, lang)) {
        return rendered;
    }
    match (
        lang,
        message::<&str>(lang, &format!("code-{}", d.code), &[]),
    ) {
        (Lang::Ru, Some(meaning)) => format!("{meaning}: {}", d.message),
        _ => d.message.clone(),
    }
}

/// The catalogue message `diag-<id>` of `text` in `lang`.
fn diagnostic_text(text: &Text, lang: Lang) -> Option<String> {
    let mut args: Vec<(&str, String)> = text
        .args
        .iter()
        .map(|(k, v)| (k.as_str(), v.clone()))
        .collect();
    if let Some(said) = args.iter_mut().find(|(k, _)| *k == "said") {
        let inner: Vec<(&str, &str)> = text
            .args
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        said.1 = message(lang, &said.1.clone(), &inner)?;
    }
    message(lang, &format!("diag-{}", text.id), &args)
}

/// The compiler-like line `file:line:column: error[code] (rule): text`,
/// with the severity and the text in `lang`.
pub fn line(d: &Diagnostic, lang: Lang) -> String {
    let mut out = d.file.clone();
    if d.line > 0 {
        out.push_str(&format!(":{}", d.line));
        if d.column > 0 {
            out.push_str(&format!(":{}", d.column));
        }
    }
    out.push_str(&format!(": {}[{}]", severity(lang, d.severity), d.code));
    if let Some(rule) = &d.rule {
        out.push_str(&format!(" ({rule})"));
    }
    out.push_str(&format!(": {}", diagnostic(d, lang)));
    out
}

/// The diagnostic as JSON for tools: its fields, `message` in English and
/// `message_ru` in Russian, both from the catalogue.
pub fn diagnostic_json(d: &Diagnostic) -> serde_json::Value {
    let mut value = serde_json::to_value(d).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("message".into(), diagnostic(d, Lang::En).into());
        object.insert("message_ru".into(), diagnostic(d, Lang::Ru).into());
    }
    value
}

/// The closing line of `rules check`: counts of errors, warnings, files.
pub fn check_summary(lang: Lang, errors: usize, warnings: usize, files: usize) -> String {
    let (e, w, f) = (errors.to_string(), warnings.to_string(), files.to_string());
    message(
        lang,
        "check-summary",
        &[("errors", &e), ("warnings", &w), ("files", &f)],
    )
    .unwrap_or_else(|| format!("{e} error(s), {w} warning(s) in {f} file(s)"))
}
