//! Why a deviation is one, in Russian or English: the value against the
//! band it left, or the trend rule that found it, and what the deviation
//! policy made of it. The words are the catalogue's (`explain.ftl`); the
//! report, the CLI and every binding say the same.

use etalon_core::evaluate::{Action, Deviation, DeviationRule};
use etalon_core::methodology::{Band, DeviationSeverity, Indicator};
use etalon_core::{Evaluation, Methodology};
use rust_decimal::{Decimal, RoundingStrategy};

use super::say;
use crate::report::Lang;

/// Why `d`, a deviation found by `methodology`, is one, in `lang`.
///
/// A deviation the methodology cannot place (an indicator or trend rule it
/// does not know, as from another package) keeps the evaluation's own
/// wording of it.
pub fn reason(methodology: &Methodology, d: &Deviation, lang: Lang) -> String {
    let Some(why) = band_or_trend(methodology, d, lang) else {
        return d.reason.clone();
    };
    if d.action != Action::Watch {
        return why;
    }
    let p = d.probability.unwrap_or(1.0) * 100.0;
    let shown = lang.number(Decimal::from_f64_retain(p).unwrap_or_default(), 1);
    say(
        lang,
        "reason-watch",
        &[("reason", why.as_str()), ("probability", shown.as_str())],
    )
}

/// Puts the catalogue's English reason ([`reason`]) into every deviation
/// of `evaluation`, found by `methodology`, in place of the evaluation's
/// own wording: the JSON, the journal events written from it and the
/// bindings' `reason_en` then carry one English, the report's.
pub fn english_reasons(methodology: &Methodology, evaluation: &mut Evaluation) {
    for d in &mut evaluation.deviations {
        d.reason = reason(methodology, d, Lang::En);
    }
}

/// The band left or the trend rule, in `lang`; `None` where the
/// methodology cannot place the deviation.
fn band_or_trend(methodology: &Methodology, d: &Deviation, lang: Lang) -> Option<String> {
    match &d.rule {
        DeviationRule::Band => {
            let indicator = methodology.indicator(&d.indicator)?;
            let (Some(value), Some(r)) = (deviation_value_text(lang, indicator, d), &d.reference)
            else {
                return None;
            };
            let normal = band_text(lang, &r.normal, indicator.decimals);
            let warning = r
                .warning
                .as_ref()
                .map(|w| band_text(lang, w, indicator.decimals));
            let mut args = vec![("value", value.as_str()), ("normal", normal.as_str())];
            let id = match (d.severity, &warning) {
                (DeviationSeverity::Warning, Some(_)) => "reason-band-warning",
                (_, Some(_)) => "reason-band-critical",
                (_, None) => "reason-band",
            };
            args.extend(warning.as_deref().map(|w| ("warning", w)));
            Some(say(lang, id, &args))
        }
        DeviationRule::Trend { rule } => {
            let t = methodology.trends().iter().find(|t| &t.id == rule)?;
            let name = lang.pick(&t.name, t.name_en.as_deref());
            Some(match (d.value, methodology.indicator(&d.indicator)) {
                (Some(v), Some(ind)) => {
                    let value = value_text(lang, ind, Some(v));
                    say(
                        lang,
                        "reason-trend",
                        &[("rule", name), ("value", value.as_str())],
                    )
                }
                _ => name.to_string(),
            })
        }
    }
}

/// `value` of `indicator` written with its decimals and unit, the way
/// `lang` writes numbers (`—` for no value).
pub(crate) fn value_text(lang: Lang, indicator: &Indicator, value: Option<Decimal>) -> String {
    match value {
        Some(v) => written(lang, indicator, v, indicator.decimals),
        None => "—".to_string(),
    }
}

/// The value of `d`, a deviation of `indicator`, written as [`value_text`]
/// writes it but with as many more decimals as it takes for the written
/// value to lie inside or outside each band of `d`'s reference just as the
/// value does: a value beside a band it left never reads as inside it
/// (94.96 against `≥ 95` is `94.96`, not `95.0`). `None` without a value.
pub(crate) fn deviation_value_text(
    lang: Lang,
    indicator: &Indicator,
    d: &Deviation,
) -> Option<String> {
    let v = d.value?;
    let bands: Vec<&Band> = d
        .reference
        .iter()
        .flat_map(|r| std::iter::once(&r.normal).chain(r.warning.as_ref()))
        .collect();
    let mut decimals = indicator.decimals;
    while decimals < v.scale() {
        let shown = v.round_dp_with_strategy(decimals, RoundingStrategy::MidpointAwayFromZero);
        if bands.iter().all(|b| b.contains(shown) == b.contains(v)) {
            break;
        }
        decimals += 1;
    }
    Some(written(lang, indicator, v, decimals))
}

/// `v` with `decimals` and the unit of `indicator`, in `lang`.
fn written(lang: Lang, indicator: &Indicator, v: Decimal, decimals: u32) -> String {
    let n = lang.number(v, decimals);
    match lang.unit(indicator.unit) {
        "" => n,
        "%" => format!("{n}\u{a0}%"),
        u => format!("{n}\u{a0}{u}"),
    }
}

/// A band written for people: `≥ 95`, `≤ 25`, `85–95`.
pub(crate) fn band_text(lang: Lang, band: &Band, decimals: u32) -> String {
    let n = |v: Decimal| lang.number(v, decimals.min(v.scale()));
    match (band.min, band.max) {
        (Some(lo), Some(hi)) => format!("{}–{}", n(lo), n(hi)),
        (Some(lo), None) => format!("≥\u{a0}{}", n(lo)),
        (None, Some(hi)) => format!("≤\u{a0}{}", n(hi)),
        (None, None) => "—".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::explain::tests::sample;

    /// The reason of the sample's deviation of `indicator` at `entity`
    /// found by `rule` (`band` or a trend rule's id), in both languages.
    fn reasons(entity: &str, indicator: &str, rule: &str) -> [String; 2] {
        let (m, e) = sample();
        let d = e
            .deviations
            .iter()
            .find(|d| {
                d.entity.id == entity
                    && d.indicator == indicator
                    && match &d.rule {
                        DeviationRule::Band => rule == "band",
                        DeviationRule::Trend { rule: r } => r == rule,
                    }
            })
            .unwrap_or_else(|| panic!("no deviation {entity} {indicator} {rule}"));
        [Lang::Ru, Lang::En].map(|lang| reason(&m, d, lang))
    }

    #[test]
    fn a_value_in_the_warning_band() {
        let [ru, en] = reasons("SVR", "us_served_in_term", "band");
        assert_eq!(
            ru,
            "93,3\u{a0}% вне нормы ≥\u{a0}95, в полосе предупреждения ≥\u{a0}90"
        );
        assert_eq!(
            en,
            "93.3\u{a0}% is outside the normal band ≥\u{a0}95, inside the warning band ≥\u{a0}90"
        );
    }

    #[test]
    fn a_deviation_on_a_small_base_is_watched() {
        let [ru, en] = reasons("G02", "gen_complaints_per_100", "band");
        assert_eq!(
            ru,
            "2,27\u{a0}на 100 вне полосы предупреждения ≤\u{a0}2 (норма ≤\u{a0}1); на малой базе такое отклонение возникает случайно с вероятностью 1,5 % (внутри границы воронки): сигнал для наблюдения, без эскалации выше своего уровня"
        );
        assert_eq!(
            en,
            "2.27\u{a0}per 100 is outside the warning band ≤\u{a0}2 (normal ≤\u{a0}1); on a small base a deviation this far happens by chance with probability 1.5 % (inside the funnel limit): a signal to watch, not escalated beyond its own level"
        );
    }

    #[test]
    fn a_value_just_outside_a_band_is_never_written_inside_it() {
        // The sample's SVR us_served_in_term (normal ≥ 95, warning ≥ 90,
        // one decimal shown) moved to 89.96: one decimal would write 90.0,
        // inside the warning band the value left.
        let (m, e) = sample();
        let mut d = e
            .deviations
            .iter()
            .find(|d| d.entity.id == "SVR" && d.indicator == "us_served_in_term")
            .cloned()
            .expect("the sample's deviation");
        d.value = Some("89.96".parse().expect("a number"));
        d.severity = DeviationSeverity::Critical;
        assert_eq!(
            reason(&m, &d, Lang::En),
            "89.96\u{a0}% is outside the warning band ≥\u{a0}90 (normal ≥\u{a0}95)"
        );
        assert_eq!(
            reason(&m, &d, Lang::Ru),
            "89,96\u{a0}% вне полосы предупреждения ≥\u{a0}90 (норма ≥\u{a0}95)"
        );
        // Where one decimal keeps the side, one decimal is written.
        d.value = Some("89.94".parse().expect("a number"));
        assert_eq!(
            reason(&m, &d, Lang::En),
            "89.9\u{a0}% is outside the warning band ≥\u{a0}90 (normal ≥\u{a0}95)"
        );
    }

    #[test]
    fn a_trend_names_its_rule_and_the_value() {
        let [ru, en] = reasons("SVR", "dc_attendance", "steady_drift");
        assert_eq!(ru, "Устойчивое ухудшение в пределах нормы (94,3\u{a0}%)");
        assert_eq!(en, "Steady drift toward the limit (94.3\u{a0}%)");
    }
}
