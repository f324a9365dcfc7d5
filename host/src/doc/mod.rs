//! The package as a document, without data: its processes with their
//! cards, measures, indicators with formulas, reference bands by scope and
//! date with their sources, trend rules, the responsibility matrix, the НОК
//! and KPI schemes and the source list — as one HTML page or Markdown
//! (`etalon rules doc`), in Russian or English.

use askama::Template;
use etalon_core::Methodology;
use etalon_core::methodology::{
    AggregateKind, Band, Direction, Indicator, Measure, Process, Reference, Scope, Source,
};
use etalon_core::responsibility::MatrixRow;
use etalon_core::scoring::KpiSource;

use crate::report::{Lang, Word};

/// The package as one self-contained HTML page.
pub fn html(m: &Methodology, lang: Lang) -> String {
    // Writing into a String fails only if a value's Display fails, and
    // none of the page's values does.
    DocHtml {
        d: Doc::new(m, lang),
    }
    .render()
    .unwrap_or_default()
}

/// The package as Markdown.
pub fn markdown(m: &Methodology, lang: Lang) -> String {
    DocMd {
        d: Doc::new(m, lang),
    }
    .render()
    .unwrap_or_default()
}

#[derive(Template)]
#[template(path = "doc.html")]
struct DocHtml<'a> {
    d: Doc<'a>,
}

#[derive(Template)]
#[template(path = "doc.md")]
struct DocMd<'a> {
    d: Doc<'a>,
}

/// What both forms read: the package and the words in the language.
struct Doc<'a> {
    m: &'a Methodology,
    l: Lang,
    version: &'static str,
}

impl<'a> Doc<'a> {
    fn new(m: &'a Methodology, l: Lang) -> Self {
        Doc {
            m,
            l,
            version: env!("CARGO_PKG_VERSION"),
        }
    }

    fn t(&self, w: Word) -> &'static str {
        self.l.t(w)
    }

    fn pick<'s>(&self, ru: &'s str, en: &'s Option<String>) -> &'s str {
        self.l.pick(ru, en.as_deref())
    }

    fn name(&self) -> &'a str {
        let p = &self.m.manifest().package;
        self.l.pick(&p.name, p.name_en.as_deref())
    }

    /// The processes in package order, then the cross-cutting group
    /// (`None`) when the package has cross-cutting indicators.
    fn processes(&self) -> Vec<Option<&'a Process>> {
        let mut out: Vec<Option<&Process>> = self.m.processes().iter().map(Some).collect();
        if self.m.indicators().iter().any(|i| i.process.is_none()) {
            out.push(None);
        }
        out
    }

    fn process_name<'p>(&'p self, p: &Option<&'p Process>) -> &'p str {
        match p {
            Some(p) => self.l.pick(&p.name, p.name_en.as_deref()),
            None => self.l.t(Word::CrossCutting),
        }
    }

    fn anchor(&self, p: &Option<&Process>) -> String {
        match p {
            Some(p) => format!("p-{}", p.id),
            None => "p-cross".to_string(),
        }
    }

    fn measures_of(&self, p: &Option<&Process>) -> Vec<&'a Measure> {
        let id = p.map(|p| p.id.as_str());
        self.m
            .measures()
            .iter()
            .filter(|m| m.process.as_deref() == id)
            .collect()
    }

    fn indicators_of(&self, p: &Option<&Process>) -> Vec<&'a Indicator> {
        let id = p.map(|p| p.id.as_str());
        self.m
            .indicators()
            .iter()
            .filter(|i| i.process.as_deref() == id)
            .collect()
    }

    /// The lines of a process card: inputs, outputs, consumers, acts.
    fn card(&self, p: &Process) -> Vec<(&'static str, String)> {
        let Some(card) = &p.card else {
            return Vec::new();
        };
        let line = |ru: &[String], en: &[String]| {
            ru.iter()
                .zip(en)
                .map(|(r, e)| self.l.pick(r, Some(e)))
                .collect::<Vec<_>>()
                .join("; ")
        };
        vec![
            (
                self.t(Word::CardInputs),
                line(&card.inputs, &card.inputs_en),
            ),
            (self.t(Word::Outputs), line(&card.outputs, &card.outputs_en)),
            (
                self.t(Word::Consumers),
                line(&card.consumers, &card.consumers_en),
            ),
            (self.t(Word::Acts), line(&card.acts, &card.acts_en)),
        ]
    }

    fn aggregate(&self, m: &Measure) -> String {
        match &m.aggregate {
            AggregateKind::Count => "count".to_string(),
            AggregateKind::Sum(e) => format!("sum({e})"),
            AggregateKind::DistinctRecipients => "distinct recipients".to_string(),
        }
    }

    fn table(&self, m: &Measure) -> String {
        format!("{:?}", m.table).to_lowercase()
    }

    /// Direction, unit and base of an indicator in words.
    fn judged(&self, i: &Indicator) -> String {
        let mut s = self
            .t(match i.direction {
                Direction::HigherIsBetter => Word::HigherIsBetter,
                Direction::LowerIsBetter => Word::LowerIsBetter,
                Direction::WithinBand => Word::WithinBand,
            })
            .to_string();
        let unit = self.l.unit(i.unit);
        if !unit.is_empty() {
            s.push_str(&format!(" · {unit}"));
        }
        if let Some(b) = &i.base {
            s.push_str(&format!(" · {} {b} ≥ {}", self.t(Word::Base), i.min_base));
        }
        s
    }

    fn references_of(&self, i: &Indicator) -> Vec<&'a Reference> {
        self.m
            .references()
            .iter()
            .filter(|r| r.indicator == i.id)
            .collect()
    }

    fn scope(&self, s: &Scope) -> String {
        self.l.scope(s)
    }

    fn in_force(&self, r: &Reference) -> String {
        match r.to {
            Some(to) => format!("{} – {to}", r.from),
            None => format!("{} –", r.from),
        }
    }

    fn band(&self, b: &Option<Band>) -> String {
        match b {
            Some(b) => match (b.min, b.max) {
                (Some(lo), Some(hi)) => format!("{lo}–{hi}"),
                (Some(lo), None) => format!("≥ {lo}"),
                (None, Some(hi)) => format!("≤ {hi}"),
                (None, None) => "—".to_string(),
            },
            None => "—".to_string(),
        }
    }

    fn normal(&self, r: &Reference) -> String {
        self.band(&Some(r.normal))
    }

    fn target(&self, r: &Reference) -> String {
        r.target.map_or(String::new(), |t| t.to_string())
    }

    /// Act or proposal, and its text.
    fn source<'s>(&self, r: &'s Reference) -> (&'static str, &'s str) {
        match &r.source {
            Source::Act(t) => (self.t(Word::Act), t),
            Source::Proposal(t) => (self.t(Word::Proposal), t),
        }
    }

    fn severity(&self, s: &etalon_core::methodology::DeviationSeverity) -> &'static str {
        self.l.severity(*s)
    }

    fn trend_indicators(&self, ids: &[String]) -> String {
        if ids.is_empty() {
            return self.t(Word::Any).to_string();
        }
        ids.iter()
            .map(|id| {
                self.m
                    .indicator(id)
                    .map_or(id.as_str(), |i| self.l.pick(&i.name, i.name_en.as_deref()))
            })
            .collect::<Vec<_>>()
            .join(", ")
    }

    fn role_name(&self, id: &str) -> String {
        self.m
            .responsibility()
            .and_then(|r| r.role(id))
            .map_or(id.to_string(), |r| {
                self.l.pick(&r.name, r.name_en.as_deref()).to_string()
            })
    }

    /// What a matrix row matches, in words.
    fn matches(&self, row: &MatrixRow) -> String {
        let any = self.t(Word::Any);
        let list = |v: &Option<Vec<String>>| v.as_ref().map_or(any.to_string(), |v| v.join(", "));
        format!(
            "{}: {} · {}: {} · {}: {} · {}: {}",
            self.t(Word::Processes),
            list(&row.processes),
            self.t(Word::Indicators),
            list(&row.indicators),
            self.t(Word::Severity),
            row.severities.as_ref().map_or(any.to_string(), |v| v
                .iter()
                .map(|s| self.l.severity(*s))
                .collect::<Vec<_>>()
                .join(", ")),
            self.t(Word::Level),
            row.levels.as_ref().map_or(any.to_string(), |v| v
                .iter()
                .map(|l| self.l.level(*l))
                .collect::<Vec<_>>()
                .join(", ")),
        )
    }

    fn escalation(&self, row: &MatrixRow) -> String {
        row.escalate
            .to
            .iter()
            .map(|r| self.role_name(r))
            .collect::<Vec<_>>()
            .join(" → ")
    }

    fn kpi_source(&self, s: &KpiSource) -> String {
        match s {
            KpiSource::Indicator(id) => format!("indicator:{id}"),
            KpiSource::Nok(f) => format!("nok:{f}"),
            KpiSource::Journal => "journal:closed_on_time".to_string(),
            KpiSource::Plans => "plans:on_time".to_string(),
        }
    }

    fn steps(&self, item: &etalon_core::scoring::KpiItem) -> String {
        item.steps
            .iter()
            .map(|s| {
                let range = self.band(&Some(Band {
                    min: s.min,
                    max: s.max,
                }));
                format!("{range} → {}", s.points)
            })
            .collect::<Vec<_>>()
            .join("; ")
    }

    fn criterion_name(&self, id: &str) -> String {
        self.m
            .nok()
            .and_then(|n| n.criteria.iter().find(|c| c.id == id))
            .map_or(id.to_string(), |c| {
                format!(
                    "{}. {}",
                    c.number,
                    self.l.pick(&c.name, c.name_en.as_deref())
                )
            })
    }
}
