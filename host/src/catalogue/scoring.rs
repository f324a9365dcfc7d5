//! The words of scores in the reader's language: НОК policy notes, how a
//! KPI item gave its points, a plan's targets. The core says each in
//! English beside its catalogue message (`scoring.ftl`).

use etalon_core::Text;
use etalon_core::scoring::{ItemScore, PolicyNote, ResultCheck};

use super::text;
use crate::report::Lang;

/// `english` in `lang`: the English as the core wrote it, or its catalogue
/// message `said` in Russian. Words read back from JSON carry no message:
/// they stay English.
pub fn said(lang: Lang, english: &str, said: Option<&Text>) -> String {
    match (lang, said) {
        (Lang::Ru, Some(t)) => text(lang, t, None).unwrap_or_else(|| english.to_string()),
        _ => english.to_string(),
    }
}

/// What a НОК policy did to a figure (`120 points capped at 100`), in
/// `lang`.
pub fn policy_note(lang: Lang, note: &PolicyNote) -> String {
    said(lang, &note.message, note.text.as_ref())
}

/// A НОК policy note as a line, `[policy] figure: what it did` (the form
/// of its English `Display`), in `lang`.
pub fn policy_note_line(lang: Lang, note: &PolicyNote) -> String {
    format!(
        "[{}] {}: {}",
        note.policy,
        note.figure,
        policy_note(lang, note)
    )
}

/// The step that gave a KPI item its points, or why none did, in `lang`.
pub fn kpi_rule(lang: Lang, item: &ItemScore) -> String {
    said(lang, &item.rule, item.rule_text.as_ref())
}

/// A KPI item's remark (cap, missing value), in `lang`.
pub fn kpi_note(lang: Lang, item: &ItemScore) -> Option<String> {
    item.note
        .as_deref()
        .map(|n| said(lang, n, item.note_text.as_ref()))
}

/// The target of a plan's result indicator (`≥ 75, above the baseline`),
/// in `lang`.
pub fn plan_target(lang: Lang, check: &ResultCheck) -> String {
    said(lang, &check.target, check.target_text.as_ref())
}
