//! Text for people: summaries and deviation lists, and a spinner on long work.

use std::fmt::Write as _;
use std::io::IsTerminal;

use etalon::report::Lang;
use etalon::{DeviationRule, Evaluation, Level, Methodology};

use super::say;

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

/// The plural of `level` for counts and table rows, in `lang`.
fn level_name(lang: Lang, level: Level) -> String {
    say(
        lang,
        "cli-eval-level",
        &[("level", level.name().to_string())],
    )
}

/// The summary a quality officer reads: counts by level and severity, the
/// worst indicators, then the deviations (critical and higher levels first)
/// with why each is one, in `lang` (indicators by their English name in
/// English where the package gives one).
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
        "{}",
        say(
            lang,
            "cli-eval-heading",
            &[
                ("region", e.region.to_string()),
                ("period", e.period.to_string()),
                ("package", info.id.to_string()),
                ("version", info.version.to_string()),
                ("edition", info.edition.to_string()),
            ],
        )
    );
    let entities: Vec<String> = Level::ALL
        .iter()
        .rev()
        .map(|l| {
            say(
                lang,
                "cli-eval-entities",
                &[
                    (
                        "count",
                        e.summary.entities.get(l).copied().unwrap_or(0).to_string(),
                    ),
                    ("level", l.name().to_string()),
                ],
            )
        })
        .collect();
    let _ = writeln!(s, "{}", entities.join(", "));
    let _ = writeln!(
        s,
        "{}\n",
        say(
            lang,
            "cli-eval-values",
            &[
                ("values", e.summary.values.to_string()),
                ("judged", e.summary.judged.to_string()),
                ("small", e.summary.insufficient_base.to_string()),
            ],
        )
    );
    for note in &e.notes {
        let message = match lang {
            Lang::En => &note.message,
            Lang::Ru => &note.message_ru,
        };
        let _ = writeln!(
            s,
            "{}\n",
            say(lang, "cli-eval-note", &[("message", message.to_string())])
        );
    }
    // The level column as wide as its longest word in the language, never
    // narrower than the English one.
    let rows: Vec<(String, u64, u64)> = Level::ALL
        .iter()
        .rev()
        .map(|level| {
            let c = e.summary.deviations.get(level).copied().unwrap_or_default();
            (level_name(lang, *level), c.warning, c.critical)
        })
        .collect();
    let total = rows
        .iter()
        .fold((0, 0), |(w, c), row| (w + row.1, c + row.2));
    let total_word = say(lang, "cli-eval-total", &[]);
    let warning = say(lang, "cli-severity", &[("severity", "warning".to_string())]);
    let critical = say(
        lang,
        "cli-severity",
        &[("severity", "critical".to_string())],
    );
    let name_w = rows
        .iter()
        .map(|r| r.0.chars().count())
        .chain([13, total_word.chars().count()])
        .max()
        .unwrap_or(13);
    let warn_w = warning.chars().count().max(7);
    let crit_w = critical.chars().count().max(8);
    let _ = writeln!(
        s,
        "{:<head$}{warning:>warn_w$}  {critical:>crit_w$}",
        say(lang, "cli-eval-deviations-table", &[]),
        head = name_w + 3
    );
    for (name, w, c) in rows.iter().chain([&(total_word, total.0, total.1)]) {
        let _ = writeln!(s, "  {name:<name_w$} {w:>warn_w$}  {c:>crit_w$}");
    }
    let _ = writeln!(s);
    if !e.summary.worst_indicators.is_empty() {
        let _ = writeln!(s, "{}", say(lang, "cli-eval-worst-heading", &[]));
        for w in e.summary.worst_indicators.iter().take(5) {
            let name = m
                .indicator(&w.indicator)
                .map_or("", |i| lang.pick(&i.name, i.name_en.as_deref()));
            let _ = writeln!(
                s,
                "  {:>4} ({:>3} {})  {}  {}",
                w.deviations,
                w.critical,
                say(lang, "cli-eval-critical", &[]),
                w.indicator,
                name
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
        "{}",
        say(
            lang,
            "cli-eval-deviations-heading",
            &[(
                "level",
                only.map_or("all".to_string(), |l| l.name().to_string())
            )],
        )
    );
    for d in shown.iter().take(limit) {
        let rule = match &d.rule {
            DeviationRule::Band => String::new(),
            DeviationRule::Trend { rule } => format!(" [{rule}]"),
        };
        let name = m.indicator(&d.indicator).map_or(d.indicator.as_str(), |i| {
            lang.pick(&i.name, i.name_en.as_deref())
        });
        let _ = writeln!(
            s,
            "  {:<8} {:<6} {:<12} {}{}\n           {} — {}",
            say(
                lang,
                "cli-severity",
                &[("severity", d.severity.to_string())]
            ),
            say(
                lang,
                "cli-eval-level-short",
                &[("level", d.entity.level.to_string())]
            ),
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
            "  {}",
            say(
                lang,
                "cli-eval-more",
                &[("count", (shown.len() - limit).to_string())]
            )
        );
    }
    if shown.is_empty() {
        let _ = writeln!(s, "  {}", say(lang, "cli-eval-none", &[]));
    }
    s
}
