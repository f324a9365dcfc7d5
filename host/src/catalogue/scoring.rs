//! The words of scores in the reader's language: НОК policy notes, how a
//! KPI item gave its points, a plan's targets. The core says each in
//! English beside its catalogue message (`scoring.ftl`).

use etalon_core::Text;
use etalon_core::scoring::{ItemScore, PolicyNote, PolicySetting, ResultCheck};

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

/// What a НОК policy is set to (`2 decimals, half_away_from_zero`), in
/// `lang`: the engine's own words from the catalogue, the package's
/// spelling as it is.
pub fn policy_setting(lang: Lang, setting: &PolicySetting) -> String {
    said(lang, &setting.setting, setting.setting_text.as_ref())
}

/// What a НОК policy decides, in `lang` (a choice of the package: its name
/// as the package writes it).
pub fn policy_about(lang: Lang, setting: &PolicySetting) -> String {
    said(lang, &setting.about, setting.about_text.as_ref())
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

#[cfg(test)]
mod tests {
    use etalon_core::scoring::{Change, Target};

    use super::*;

    /// The message `id` with `args` in English and in Russian.
    fn both(id: &str, args: &[(&str, &str)]) -> [String; 2] {
        let t = Text::new(id, args);
        [Lang::En, Lang::Ru]
            .map(|lang| text(lang, &t, None).unwrap_or_else(|| panic!("{id} in {}", lang.code())))
    }

    #[test]
    fn policy_settings_in_both_languages() {
        assert_eq!(
            both(
                "nok-setting-rounding",
                &[("decimals", "2"), ("mode", "half_away_from_zero")]
            ),
            [
                "2 decimals, half_away_from_zero",
                "2 знака после запятой, half_away_from_zero"
            ]
        );
        assert_eq!(
            both(
                "nok-setting-rounding",
                &[("decimals", "0"), ("mode", "half_even")]
            )[1],
            "0 знаков после запятой, half_even"
        );
        assert_eq!(both("nok-setting-no-bands", &[]), ["none", "нет"]);
        assert_eq!(
            both("nok-about-rounding", &[]),
            [
                "display only; scores are kept at full precision",
                "только для показа; баллы хранятся с полной точностью"
            ]
        );
    }

    #[test]
    fn nok_policy_notes_in_both_languages() {
        assert_eq!(
            both("nok-note-cap", &[("points", "150"), ("cap", "100")]),
            ["150 points capped at 100", "150 баллов, ограничено до 100"]
        );
        assert_eq!(
            both("nok-note-cap", &[("points", "101"), ("cap", "100")])[1],
            "101 балл, ограничено до 100"
        );
        assert_eq!(
            both("nok-note-cap", &[("points", "102.5"), ("cap", "100")])[1],
            "102.5 балла, ограничено до 100"
        );
        let zeros = [("bases", "1"), ("zeros", "open_site_base = 0")];
        assert_eq!(
            both(
                "nok-note-part-left-out",
                &[
                    zeros[0],
                    zeros[1],
                    ("indicator", "1.3"),
                    ("others", "1.3/stand")
                ]
            ),
            [
                "no value (open_site_base = 0): left out, 1.3 is computed from 1.3/stand",
                "нет значения (open_site_base = 0): не учитывается, 1.3 считается по 1.3/stand"
            ]
        );
        assert_eq!(
            both("nok-note-part-zeroed", &[("bases", "0"), ("zeros", "")]),
            ["no value: scored 0", "нет значения: засчитано 0"]
        );
        assert_eq!(
            both(
                "nok-note-criterion-left-out",
                &[
                    ("bases", "1"),
                    ("zeros", "disab_base = 0"),
                    ("figure", "3.3"),
                    ("criterion", "K3"),
                    ("kept", "3.1, 3.2")
                ]
            ),
            [
                "3.3 has no value (disab_base = 0): left out of K3; its weight is spread over 3.1, 3.2",
                "у 3.3 нет значения (disab_base = 0): не учитывается в K3; его вес распределён между 3.1, 3.2"
            ]
        );
        assert_eq!(
            both("nok-note-total-undefined", &[("criterion", "K3")]),
            [
                "K3 has no value: the total has none, and the organisation is not ranked",
                "у K3 нет значения: итога нет, и организация не ранжируется"
            ]
        );
        assert_eq!(
            both(
                "nok-note-few-respondents",
                &[("count", "22"), ("min", "30")]
            ),
            [
                "22 questionnaire(s), fewer than the 30 the package asks for",
                "22 анкеты, меньше 30, которых требует пакет"
            ]
        );
        assert_eq!(
            both("nok-note-skipped-ignored", &[("count", "5")])[1],
            "5 ответов дано, хотя по правилу перехода вопрос не задавался: не учитываются"
        );
    }

    #[test]
    fn kpi_rules_and_remarks_in_both_languages() {
        assert_eq!(
            both("kpi-rule-step", &[("step", "≥ 95 → 10")]),
            ["≥ 95 → 10", "≥ 95 → 10"]
        );
        assert_eq!(
            both("kpi-rule-no-step", &[]),
            ["no step holds → 0", "ни одна ступень не подходит → 0"]
        );
        assert_eq!(
            both(
                "kpi-rule-quarterly",
                &[("steps", "≤ 10 → 5"), ("count", "3"), ("year", "4")]
            ),
            [
                "each quarter: ≤ 10 → 5; 3 quarter(s) of 4",
                "каждый квартал: ≤ 10 → 5; 3 квартала из 4"
            ]
        );
        assert_eq!(
            both("kpi-rule-applies", &[("types", "residential")]),
            ["applies to residential only", "только для: residential"]
        );
        assert_eq!(
            both("kpi-rule-mean", &[("count", "2")]),
            ["mean over 2 director(s)", "среднее по 2 директорам"]
        );
        assert_eq!(
            both("kpi-rule-mean", &[("count", "1")])[1],
            "среднее по 1 директору"
        );
        assert_eq!(
            both("kpi-note-cap-year", &[("points", "15"), ("cap", "12")]),
            [
                "15 points capped at 12 a year",
                "15 баллов, ограничено до 12 в год"
            ]
        );
        assert_eq!(
            both("kpi-note-cap", &[("points", "20"), ("cap", "15")]),
            ["20 points capped at 15", "20 баллов, ограничено до 15"]
        );
        assert_eq!(
            both("kpi-note-empty-quarters", &[("quarters", "2026-Q2")]),
            [
                "no value in 2026-Q2: 0 points there",
                "нет значения за 2026-Q2: там 0 баллов"
            ]
        );
        assert_eq!(
            both("kpi-note-missing-na", &[]),
            [
                "no value: the item does not count (missing = not_applicable)",
                "нет значения: показатель не учитывается (missing = not_applicable)"
            ]
        );
    }

    #[test]
    fn a_target_in_both_languages_as_the_core_says_it() {
        let d = |s: &str| Some(s.parse().unwrap());
        for (target, ru) in [
            (
                Target {
                    min: d("75"),
                    max: None,
                    change: None,
                },
                "≥ 75",
            ),
            (
                Target {
                    min: None,
                    max: d("10"),
                    change: None,
                },
                "≤ 10",
            ),
            (
                Target {
                    min: None,
                    max: None,
                    change: Some(Change::Increase),
                },
                "выше базы",
            ),
            (
                Target {
                    min: d("75"),
                    max: None,
                    change: Some(Change::Decrease),
                },
                "≥ 75, ниже базы",
            ),
        ] {
            let m = target.message();
            let check = ResultCheck {
                measure: 1,
                org: "O1".into(),
                indicator: "nok:3.1".into(),
                target: m.english.clone(),
                target_text: Some(m.text.clone()),
                baseline: None,
                value: None,
                reached: None,
            };
            assert_eq!(plan_target(Lang::Ru, &check), ru);
            assert_eq!(plan_target(Lang::En, &check), target.to_string());
            // The catalogue's English is the core's.
            assert_eq!(text(Lang::En, &m.text, None).unwrap(), m.english);
        }
    }

    #[test]
    fn words_without_their_message_stay_english() {
        // A note read back from JSON carries no message.
        let note: PolicyNote = serde_json::from_str(
            r#"{"policy": "cap", "figure": "1.2", "message": "120 points capped at 100"}"#,
        )
        .unwrap();
        assert_eq!(note.text, None);
        assert_eq!(
            policy_note_line(Lang::Ru, &note),
            "[cap] 1.2: 120 points capped at 100"
        );
        let made = PolicyNote::new(
            "cap",
            "1.2",
            etalon_core::Message::new(
                "nok-note-cap",
                &[("points", "120"), ("cap", "100")],
                "120 points capped at 100",
            ),
        );
        assert_eq!(
            policy_note_line(Lang::Ru, &made),
            "[cap] 1.2: 120 баллов, ограничено до 100"
        );
        assert_eq!(policy_note_line(Lang::En, &made), made.to_string());
        // Written out, the note is its English alone.
        assert_eq!(
            serde_json::to_string(&made).unwrap(),
            r#"{"policy":"cap","figure":"1.2","message":"120 points capped at 100"}"#
        );
    }
}
