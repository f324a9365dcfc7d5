//! Text for people: summaries and deviation lists, and a spinner on long work.

use std::fmt::Write as _;
use std::io::IsTerminal;

use etalon::report::Lang;
use etalon::{DeviationRule, Evaluation, Level, Methodology};

/// A spinner on standard error, shown only on a terminal, with the step
/// in the reader's language.
pub struct Progress(Option<indicatif::ProgressBar>, Lang);

impl Progress {
    pub fn new(lang: Lang) -> Self {
        if !std::io::stderr().is_terminal() {
            return Progress(None, lang);
        }
        let bar = indicatif::ProgressBar::new_spinner();
        bar.enable_steady_tick(std::time::Duration::from_millis(120));
        Progress(Some(bar), lang)
    }

    /// Shows the step `id` of the catalogue (`cli-progress-…`).
    pub fn say(&self, id: &str, args: &[(&str, String)]) {
        if let Some(bar) = &self.0 {
            bar.set_message(super::say(self.1, id, args));
        }
    }

    pub fn done(&self) {
        if let Some(bar) = &self.0 {
            bar.finish_and_clear();
        }
    }
}

fn level_name(level: Level) -> &'static str {
    match level {
        Level::Country => "country",
        Level::Region => "region",
        Level::Group => "groups",
        Level::Org => "organisations",
        Level::Unit => "units",
    }
}

/// The summary a quality officer reads: counts by level and severity, the
/// worst indicators, then the deviations (critical and higher levels first)
/// with why each is one, in `lang`.
pub fn render_evaluation(
    m: &Methodology,
    e: &Evaluation,
    only: Option<Level>,
    limit: usize,
    lang: Lang,
) -> String {
    let mut s = String::new();
    let info = &m.manifest().package;
    let _ = writeln!(
        s,
        "Region {} — period {} — {} {} (edition {})",
        e.region, e.period, info.id, info.version, info.edition
    );
    let entities: Vec<String> = Level::ALL
        .iter()
        .rev()
        .map(|l| {
            format!(
                "{} {}",
                e.summary.entities.get(l).copied().unwrap_or(0),
                level_name(*l)
            )
        })
        .collect();
    let _ = writeln!(s, "{}", entities.join(", "));
    let _ = writeln!(
        s,
        "{} indicator values: {} judged against reference values, {} with too small a base to judge\n",
        e.summary.values, e.summary.judged, e.summary.insufficient_base
    );
    for note in &e.notes {
        let _ = writeln!(
            s,
            "Note: {}\nПримечание: {}\n",
            note.message, note.message_ru
        );
    }
    let _ = writeln!(s, "Deviations      warning  critical");
    let mut total = (0, 0);
    for level in Level::ALL.iter().rev() {
        let c = e.summary.deviations.get(level).copied().unwrap_or_default();
        total.0 += c.warning;
        total.1 += c.critical;
        let _ = writeln!(
            s,
            "  {:<13} {:>7}  {:>8}",
            level_name(*level),
            c.warning,
            c.critical
        );
    }
    let _ = writeln!(s, "  {:<13} {:>7}  {:>8}\n", "total", total.0, total.1);
    if !e.summary.worst_indicators.is_empty() {
        let _ = writeln!(s, "Indicators with most deviations");
        for w in e.summary.worst_indicators.iter().take(5) {
            let name = m.indicator(&w.indicator).map_or("", |i| i.name.as_str());
            let _ = writeln!(
                s,
                "  {:>4} ({:>3} critical)  {}  {}",
                w.deviations, w.critical, w.indicator, name
            );
        }
        let _ = writeln!(s);
    }
    let mut shown: Vec<_> = e
        .deviations
        .iter()
        .filter(|d| only.is_none_or(|l| d.entity.level == l))
        .collect();
    shown.sort_by(|a, b| {
        (b.severity, b.entity.level, &a.entity.id, &a.indicator).cmp(&(
            a.severity,
            a.entity.level,
            &b.entity.id,
            &b.indicator,
        ))
    });
    let _ = writeln!(
        s,
        "Deviations{}",
        only.map(|l| format!(" ({})", level_name(l)))
            .unwrap_or_default()
    );
    for d in shown.iter().take(limit) {
        let rule = match &d.rule {
            DeviationRule::Band => String::new(),
            DeviationRule::Trend { rule } => format!(" [{rule}]"),
        };
        let name = m
            .indicator(&d.indicator)
            .map_or(d.indicator.as_str(), |i| i.name.as_str());
        let _ = writeln!(
            s,
            "  {:<8} {:<6} {:<12} {}{}\n           {} — {}",
            d.severity.to_string(),
            d.entity.level.to_string(),
            d.entity.id,
            name,
            rule,
            d.entity_name,
            etalon::explain::reason(m, d, lang)
        );
    }
    if shown.len() > limit {
        let _ = writeln!(
            s,
            "  … and {} more (use --format json for every value and its explanation)",
            shown.len() - limit
        );
    }
    if shown.is_empty() {
        let _ = writeln!(s, "  none");
    }
    s
}
