//! The comparison of two editions as one HTML page a board can read
//! before adopting the new one: what changes in the rules, then what it
//! does to deviations, values, НОК and KPI on the same data.

use askama::Template;
use etalon_core::Methodology;
use etalon_core::methodology::DeviationSeverity;
use etalon_core::{Judgement, Level};
use rust_decimal::Decimal;

use super::{Change, Movement, RulesDiff};
use crate::report::{Lang, Word};

/// Values listed in full; past this many the page says how many more.
const VALUES_SHOWN: usize = 300;

/// The diff as an HTML page in `lang`; names of indicators come from the
/// new package (the old one's where the new one no longer has them).
pub fn render(diff: &RulesDiff, old: &Methodology, new: &Methodology, lang: Lang) -> String {
    let page = DiffPage {
        d: diff,
        old,
        new,
        l: lang,
        version: env!("CARGO_PKG_VERSION"),
        counts: diff.counts(),
        values_shown: VALUES_SHOWN,
    };
    // Writing into a String fails only if a value's Display fails, and
    // none of the page's values does.
    page.render().unwrap_or_default()
}

#[derive(Template)]
#[template(path = "diff.html")]
struct DiffPage<'a> {
    d: &'a RulesDiff,
    old: &'a Methodology,
    new: &'a Methodology,
    l: Lang,
    version: &'static str,
    counts: (usize, usize, usize),
    values_shown: usize,
}

impl DiffPage<'_> {
    fn indicator_name(&self, id: &str) -> String {
        let ind = self.new.indicator(id).or_else(|| self.old.indicator(id));
        ind.map_or(id.to_string(), |i| {
            self.l.pick(&i.name, i.name_en.as_deref()).to_string()
        })
    }

    fn severity(&self, s: &Option<DeviationSeverity>) -> &'static str {
        s.map_or("—", |s| self.l.severity(s))
    }

    fn severity_class(&self, s: &Option<DeviationSeverity>) -> &'static str {
        match s {
            Some(DeviationSeverity::Critical) => "crit",
            Some(DeviationSeverity::Warning) => "warn",
            None => "ok",
        }
    }

    fn judgement(&self, j: &Option<Judgement>) -> &'static str {
        j.map_or("—", |j| self.l.judgement(j))
    }

    fn movement(&self, m: &Movement) -> &'static str {
        self.l.t(match m {
            Movement::Appears => Word::Appear,
            Movement::Disappears => Word::Disappear,
            Movement::Changes => Word::ChangeSeverityOrOwner,
        })
    }

    fn change(&self, c: &Change) -> &'static str {
        self.l.t(match c {
            Change::Added => Word::Added,
            Change::Removed => Word::Removed,
            Change::Changed => Word::Modified,
        })
    }

    fn kind(&self, kind: &str) -> &'static str {
        self.l.t(match kind {
            "reference" => Word::KindReference,
            "formula" => Word::KindFormula,
            _ => Word::KindMatrix,
        })
    }

    /// The НОК and the KPI tables: title and changes.
    fn score_tables(&self) -> [(Word, &[super::ScoreChange]); 2] {
        [
            (Word::NokChanged, &self.d.nok),
            (Word::KpiChanged, &self.d.kpi),
        ]
    }

    fn level(&self, level: &Level) -> &'static str {
        self.l.level(*level)
    }

    fn number(&self, v: &Option<Decimal>) -> String {
        v.map_or("—".to_string(), |v| self.l.number(v, v.scale().min(2)))
    }

    fn rank(&self, r: &Option<u32>) -> String {
        r.map_or("—".to_string(), |r| r.to_string())
    }

    fn text_or_dash<'t>(&self, t: &'t Option<String>) -> &'t str {
        t.as_deref().unwrap_or("—")
    }
}
