//! An [`Explanation`] written for people in Russian or English, its words
//! from the catalogue (`explain.ftl`). The English is also its `Display`.
//!
//! Names (of the indicator, the entity, the measures) are the package's and
//! the data's, the package's English one in English where it gives one
//! (`name_en`); formulas, tables, aggregates and filters stay as the rule
//! files write them, so that a reader finds them there.

use std::fmt;

use rust_decimal::Decimal;

use etalon_core::evaluate::Variation;
use etalon_core::methodology::{Band, FunnelModel, Source, ValueUnit};
use etalon_core::{AssuranceClass, FunnelPosition, Judgement, Level};

use super::{Explanation, say};
use crate::report::Lang;

impl Explanation {
    /// The value as shown in reports: rounded to the indicator's decimals,
    /// with its unit.
    pub fn shown_value(&self) -> String {
        show(Lang::En, self.value, self.decimals, self.unit)
    }

    /// The explanation for people in `lang`, a few lines (in English):
    ///
    /// ```text
    /// ma_decided_in_term — Share of applications decided within the regulatory term
    /// unit U0001 (Отделение ...), 2026-Q3: 80 % — critical
    /// formula: share(ma_decided_in_term, ma_decided)
    ///   ma_decided = 10  Applications decided in the period [cases, count by decided_on where ...]
    /// ...
    /// ```
    pub fn render(&self, lang: Lang) -> String {
        let mut out = Vec::new();
        out.push(format!(
            "{} — {}",
            self.indicator,
            lang.pick(&self.indicator_name, self.indicator_name_en.as_deref())
        ));
        let value = show(lang, self.value, self.decimals, self.unit);
        let period = self.period.to_string();
        out.push(say(
            lang,
            "explain-value",
            &[
                ("level", level(self.entity.level)),
                ("entity", self.entity.id.as_str()),
                ("name", self.entity_name.as_str()),
                ("period", period.as_str()),
                ("value", value.as_str()),
                ("judgement", judgement(self.judgement)),
            ],
        ));
        out.push(say(
            lang,
            "explain-formula",
            &[("formula", self.formula.as_str())],
        ));
        for input in &self.inputs {
            let name = lang.pick(&input.name, input.name_en.as_deref());
            let mut line = format!("  {} = {}  {name}", input.measure, input.value);
            if let Some(table) = input.table {
                let table = table.to_string();
                let mut counts = say(
                    lang,
                    "explain-counts",
                    &[
                        ("table", table.as_str()),
                        ("aggregate", input.aggregate.as_str()),
                        ("period", input.period_by.as_str()),
                    ],
                );
                if let Some(filter) = &input.filter {
                    let filter = filter.split_whitespace().collect::<Vec<_>>().join(" ");
                    counts.push(' ');
                    counts.push_str(&say(lang, "explain-where", &[("filter", filter.as_str())]));
                }
                line.push_str(&format!(" [{counts}]"));
            }
            out.push(line);
        }
        if let Some(base) = &self.base {
            let value = self
                .base_value
                .map_or_else(|| say(lang, "explain-none", &[]), |b| b.to_string());
            let min = self.min_base.to_string();
            out.push(say(
                lang,
                "explain-base",
                &[
                    ("base", base.as_str()),
                    ("value", value.as_str()),
                    ("min", min.as_str()),
                ],
            ));
        }
        match &self.reference {
            Some(r) => {
                let normal = band(lang, &r.normal);
                let mut line = say(
                    lang,
                    "explain-reference",
                    &[("id", r.id.as_str()), ("normal", normal.as_str())],
                );
                if let Some(w) = &r.warning {
                    let w = band(lang, w);
                    line.push_str(", ");
                    line.push_str(&say(lang, "explain-warning", &[("band", w.as_str())]));
                }
                if let Some(t) = r.target {
                    let t = number(lang, t.normalize().to_string());
                    line.push_str(", ");
                    line.push_str(&say(lang, "explain-target", &[("target", t.as_str())]));
                }
                out.push(line);
                let (id, text) = match &r.source {
                    Source::Act(text) => ("explain-source-act", text),
                    Source::Proposal(text) => ("explain-source-proposal", text),
                };
                out.push(format!("  {}", say(lang, id, &[("text", text.as_str())])));
                for c in &self.citations {
                    out.push(format!("    {}: {}", c.key, c.text()));
                }
            }
            None => out.push(say(lang, "explain-no-reference", &[])),
        }
        if let Some(x) = &self.funnel {
            let n = |v: f64| number(lang, v.to_string());
            let z = x.z.map_or_else(
                || say(lang, "explain-none", &[]),
                |z| number(lang, format!("{z:.2}")),
            );
            let probability = number(lang, format!("{:.2}", x.probability * 100.0));
            let model = match x.model {
                FunnelModel::Binomial => "binomial",
                FunnelModel::Poisson => "poisson",
            };
            let method = if x.exact { "exact" } else { "normal" };
            let limits = [x.centre, x.lower_95, x.upper_95, x.lower_99_8, x.upper_99_8].map(n);
            out.push(say(
                lang,
                "explain-funnel",
                &[
                    ("model", model),
                    ("method", method),
                    ("centre", limits[0].as_str()),
                    ("lower95", limits[1].as_str()),
                    ("upper95", limits[2].as_str()),
                    ("lower998", limits[3].as_str()),
                    ("upper998", limits[4].as_str()),
                    ("z", z.as_str()),
                    ("probability", probability.as_str()),
                    ("position", position(x.position)),
                ],
            ));
        }
        if let Some(a) = &self.assurance {
            let points = a.points.to_string();
            let mut line = say(
                lang,
                "explain-assurance",
                &[
                    ("points", points.as_str()),
                    ("class", assurance_class(a.class)),
                    ("variation", variation(a.variation)),
                ],
            );
            if let (Some(lo), Some(hi)) = (a.lower, a.upper) {
                let (lo, hi) = (number(lang, lo.to_string()), number(lang, hi.to_string()));
                line.push(' ');
                line.push_str(&say(
                    lang,
                    "explain-process-limits",
                    &[("lower", lo.as_str()), ("upper", hi.as_str())],
                ));
            }
            out.push(line);
        }
        let mut text = out.join("\n");
        if self.history.is_empty() {
            // The lines above each end a line; the history alone does not.
            text.push('\n');
        } else {
            let earlier: Vec<String> = self
                .history
                .iter()
                .map(|(p, v)| format!("{p} {}", show(lang, *v, self.decimals, self.unit)))
                .collect();
            let earlier = earlier.join(", ");
            text.push('\n');
            text.push_str(&say(
                lang,
                "explain-earlier",
                &[("values", earlier.as_str())],
            ));
        }
        text
    }
}

impl fmt::Display for Explanation {
    /// The explanation in English ([`Explanation::render`]).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

/// A number written in `lang`: Russian writes a decimal comma.
fn number(lang: Lang, text: String) -> String {
    match lang {
        Lang::En => text,
        Lang::Ru => text.replace('.', ","),
    }
}

fn show(lang: Lang, value: Option<Decimal>, decimals: u32, unit: ValueUnit) -> String {
    match value {
        None => say(lang, "explain-no-value", &[]),
        Some(v) => {
            let shown = crate::rounding::for_display(v, decimals).to_string();
            let (number, symbol) = match lang {
                Lang::En => (shown, unit.symbol()),
                Lang::Ru => (shown.replace('.', ","), lang.unit(unit)),
            };
            match symbol {
                "" => number,
                s => format!("{number} {s}"),
            }
        }
    }
}

fn band(lang: Lang, b: &Band) -> String {
    let n = |v: Decimal| number(lang, v.normalize().to_string());
    match (b.min, b.max) {
        (Some(lo), Some(hi)) => format!("{}..{}", n(lo), n(hi)),
        (Some(lo), None) => format!(">= {}", n(lo)),
        (None, Some(hi)) => format!("<= {}", n(hi)),
        (None, None) => say(lang, "explain-any", &[]),
    }
}

// The keys below choose a variant of a catalogue message.

fn level(l: Level) -> &'static str {
    l.name()
}

fn position(p: FunnelPosition) -> &'static str {
    match p {
        FunnelPosition::Inside => "inside",
        FunnelPosition::Above95 => "above95",
        FunnelPosition::Above998 => "above998",
        FunnelPosition::Below95 => "below95",
        FunnelPosition::Below998 => "below998",
    }
}

fn assurance_class(c: AssuranceClass) -> &'static str {
    match c {
        AssuranceClass::ConsistentlyMeets => "meets",
        AssuranceClass::HitAndMiss => "hit-and-miss",
        AssuranceClass::ConsistentlyFails => "fails",
        AssuranceClass::InsufficientData => "insufficient",
    }
}

fn variation(v: Variation) -> &'static str {
    match v {
        Variation::CommonCause => "common",
        Variation::Improving => "improving",
        Variation::Deteriorating => "deteriorating",
        Variation::Higher => "higher",
        Variation::Lower => "lower",
    }
}

fn judgement(j: Judgement) -> &'static str {
    match j {
        Judgement::Normal => "normal",
        Judgement::Warning => "warning",
        Judgement::Critical => "critical",
        Judgement::InsufficientBase => "insufficient-base",
        Judgement::NoReference => "no-reference",
        Judgement::Undefined => "undefined",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_value_of_the_sample_region_in_both_languages() {
        let (m, e) = crate::explain::tests::sample();
        let v = e
            .values
            .iter()
            .find(|v| &*v.indicator == "ma_decided_in_term" && v.entity.id == "SVR")
            .expect("the region's material-aid value");
        let x = super::super::explain(&m, &e, v);
        let (ru, en) = (x.render(Lang::Ru), x.render(Lang::En));
        assert_eq!(en, x.to_string());
        let lines = |text: &str| -> Vec<String> {
            text.lines()
                .filter(|l| !l.starts_with("  "))
                .map(str::to_string)
                .collect()
        };
        assert_eq!(
            lines(&ru)[1..],
            [
                "регион SVR (Свердловская область (демонстрационные данные)), 2026-Q3: 81,0 % — критическое",
                "формула: share(ma_decided_in_term, ma_decided)",
                "база: ma_decided = 63 (оценивается от 5)",
                "эталон ma_decided_in_term/region/2025-01-01: норма >= 100, предупреждение >= 95, цель 100",
                "воронка (биномиальная, точная): центр 100, 95 % 98,452381..100, 99,8 % 98,414286..100, z нет, случайно с вероятностью 0,00 % — ниже границы 99,8 %",
                "устойчивость за 5 периодов: то выполняет, то нет, ухудшение (границы процесса 83,52381..108,857143)",
                "ранее: 2025-Q3 100 %, 2025-Q4 100 %, 2026-Q1 100 %, 2026-Q2 100 %",
            ]
        );
        assert_eq!(
            lines(&en)[1..],
            [
                "region SVR (Свердловская область (демонстрационные данные)), 2026-Q3: 81.0 % — critical",
                "formula: share(ma_decided_in_term, ma_decided)",
                "base: ma_decided = 63 (judged from 5)",
                "reference ma_decided_in_term/region/2025-01-01: normal >= 100, warning >= 95, target 100",
                "funnel (binomial, exact): centre 100, 95 % 98.452381..100, 99.8 % 98.414286..100, z none, by chance 0.00 % — below the 99.8 % limit",
                "assurance over 5 period(s): hit and miss, deteriorating (process limits 83.52381..108.857143)",
                "earlier: 2025-Q3 100 %, 2025-Q4 100 %, 2026-Q1 100 %, 2026-Q2 100 %",
            ]
        );
        assert!(
            ru.contains("\n  источник (нормативный акт): Региональные регламенты"),
            "{ru}"
        );
        assert!(
            ru.contains("  ma_decided = 63  Заявления, по которым принято решение в периоде [cases, count по decided_on где decision in"),
            "{ru}"
        );
        // Names: the package's Russian in Russian, its `name_en` in English.
        assert_eq!(
            lines(&ru)[0],
            "ma_decided_in_term — Доля заявлений, решение по которым принято в установленный срок"
        );
        assert_eq!(
            lines(&en)[0],
            "ma_decided_in_term — Share of applications decided within the regulatory term"
        );
        assert!(
            en.contains("\n  ma_decided = 63  Applications decided in the period [cases, count by decided_on where decision in"),
            "{en}"
        );
    }

    #[test]
    fn russian_takes_the_plural_form_of_the_periods() {
        let forms = [1, 3, 5].map(|n| {
            let n = n.to_string();
            say(
                Lang::Ru,
                "explain-assurance",
                &[
                    ("points", n.as_str()),
                    ("class", "meets"),
                    ("variation", "common"),
                ],
            )
        });
        assert_eq!(
            forms,
            [
                "устойчивость за 1 период: стабильно выполняет, обычная изменчивость",
                "устойчивость за 3 периода: стабильно выполняет, обычная изменчивость",
                "устойчивость за 5 периодов: стабильно выполняет, обычная изменчивость",
            ]
        );
    }
}
