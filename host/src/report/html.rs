//! The report as one self-contained HTML file: inline CSS and SVG, no
//! script, no font or image from outside.
//!
//! The page is written by the templates in `templates/` (checked when the
//! crate is built); every value they print is escaped by
//! [`Xhtml`](super::escape::Xhtml) unless marked `|safe` (only the SVG
//! charts, built and escaped in code). The markup is XHTML-compatible
//! (every element closed, every attribute quoted, only the five XML
//! entities), so that an XML parser reads it as well as a browser.

use std::fmt::Write as _;

use askama::Template;
use etalon_core::evaluate::{AppliedReference, Deviation, SeverityCounts, Variation};
use etalon_core::journal::{OpenDeviation, Stage};
use etalon_core::methodology::{DeviationSeverity, Direction, Indicator, Process, ProcessCard};
use etalon_core::responsibility::Owner;
use etalon_core::{AssuranceClass, EntityRef, Evaluation, Judgement, Level, PackageInfo};

use super::funnel::funnel_plot;
use super::i18n::{Lang, Word};
use super::journal::{JournalView, owner_text, stage_text};
use super::model::{EntityView, Node, Report, Row};
use super::scores::{KpiView, NokView};
use super::svg::chart;
use etalon_core::scoring::ManagerScore;

pub use super::escape::esc;

/// The whole report as an HTML document.
pub fn render(report: &Report<'_>) -> String {
    let l = report.lang;
    let e = report.evaluation;
    let scope_name = match report.roots.as_slice() {
        [one] => format!("{} {}", l.level(one.level), report.name(*one)),
        _ => format!(
            "{} — {}",
            report.tree.region().name,
            l.levels(report.roots.first().map_or(Level::Region, |n| n.level))
        ),
    };
    let periods = periods_text(report);
    let page = Page {
        title: format!("{} — {} — {}", l.t(Word::Title), scope_name, e.period),
        scope_name,
        periods,
        version: env!("CARGO_PKG_VERSION"),
        info: &report.methodology.manifest().package,
        r: report,
        l,
        e,
    };
    // Writing into a String fails only if a value's Display fails, and
    // none of the page's values does.
    page.render().unwrap_or_default()
}

/// The page's template with what it reads.
#[derive(Template)]
#[template(path = "page.html")]
struct Page<'p, 'a> {
    r: &'p Report<'a>,
    l: Lang,
    e: &'a Evaluation,
    info: &'a PackageInfo,
    title: String,
    scope_name: String,
    periods: String,
    version: &'static str,
}

/// A part of the НОК and KPI line of an organisation's or group's section.
enum ScorePart {
    Nok {
        period: String,
        total: String,
        /// Rank and of how many.
        rank: Option<(u32, usize)>,
    },
    Kpi {
        points: String,
        max: String,
        rank: Option<u32>,
    },
}

impl<'a> Page<'_, 'a> {
    /// A count written the report's way.
    fn count(&self, n: impl Into<rust_decimal::Decimal>) -> String {
        self.l.number(n.into(), 0)
    }

    fn entities_at(&self, level: Level) -> u64 {
        self.r.summary.entities.get(&level).copied().unwrap_or(0)
    }

    fn level_counts(&self, level: Level) -> SeverityCounts {
        self.r
            .summary
            .deviations
            .get(&level)
            .copied()
            .unwrap_or_default()
    }

    /// Warnings and criticals over the scope.
    fn deviation_totals(&self) -> (u64, u64) {
        self.r
            .summary
            .deviations
            .values()
            .fold((0, 0), |(w, c), x| (w + x.warning, c + x.critical))
    }

    /// Critical deviations, higher levels first.
    fn critical(&self) -> Vec<&'a Deviation> {
        self.r
            .deviations
            .iter()
            .copied()
            .filter(|d| d.severity == DeviationSeverity::Critical)
            .collect()
    }

    fn process_of(&self, indicator: &Indicator) -> Option<&'a Process> {
        indicator
            .process
            .as_deref()
            .and_then(|p| self.r.methodology.process(p))
    }

    fn severity_class(&self, s: &DeviationSeverity) -> &'static str {
        match s {
            DeviationSeverity::Warning => "warn",
            DeviationSeverity::Critical => "crit",
        }
    }

    fn judgement_class(&self, j: &Judgement) -> &'static str {
        match j {
            Judgement::Normal => "ok",
            Judgement::Warning => "warn",
            Judgement::Critical => "crit",
            _ => "nj",
        }
    }

    fn row_class(&self, row: &Row<'_>) -> &'static str {
        match row.severity() {
            Some(sev) => self.severity_class(&sev),
            None => self.judgement_class(&row.value.judgement),
        }
    }

    fn assurance_class(&self, class: &AssuranceClass) -> &'static str {
        match class {
            AssuranceClass::ConsistentlyMeets => "cm",
            AssuranceClass::HitAndMiss => "hm",
            AssuranceClass::ConsistentlyFails => "cf",
            AssuranceClass::InsufficientData => "nd",
        }
    }

    /// The class of a special cause beside the assurance, if there is one.
    fn cause_class(&self, variation: &Variation) -> Option<&'static str> {
        match variation {
            Variation::CommonCause => None,
            Variation::Improving => Some("im"),
            _ => Some("dt"),
        }
    }

    fn direction_word(&self, ind: &Indicator) -> Word {
        match ind.direction {
            Direction::HigherIsBetter => Word::HigherIsBetter,
            Direction::LowerIsBetter => Word::LowerIsBetter,
            Direction::WithinBand => Word::WithinBand,
        }
    }

    /// The node of an entity of the report by level and id.
    fn node_at(&self, level: Level, id: &str) -> Option<Node> {
        self.r.node_of(&EntityRef {
            level,
            id: id.to_string(),
        })
    }

    fn owner_node(&self, owner: Option<&Owner>) -> Option<Node> {
        owner.and_then(|o| self.r.node_of(&o.entity))
    }

    fn group_name(&self, group: Option<&str>) -> &'a str {
        group
            .and_then(|g| self.r.tree.find(Level::Group, g))
            .map_or("", |i| self.r.tree.name(Level::Group, i))
    }

    fn indicator_name_of(&self, id: &'a str) -> &'a str {
        self.r
            .methodology
            .indicator(id)
            .map_or(id, |i| self.r.indicator_name(i))
    }

    /// An owner's role and entity in words.
    fn owner_text(&self, owner: Option<&Owner>) -> (String, String) {
        owner_text(self.r, owner)
    }

    fn stage_text(&self, stage: Stage) -> &'static str {
        stage_text(self.l, stage)
    }

    /// A row's chart (SVG, escaped where it is built).
    fn chart(&self, row: &Row<'_>) -> String {
        chart(self.r, row)
    }

    /// The journal's open deviations past their term.
    fn overdue<'j>(&self, j: &'j JournalView) -> Vec<&'j OpenDeviation> {
        j.open.iter().filter(|o| o.overdue_days.is_some()).collect()
    }

    /// The criteria of the package's НОК scheme: id, number, name.
    fn criteria(&self) -> Vec<(String, u32, String)> {
        self.r
            .methodology
            .nok()
            .map(|sc| {
                sc.criteria
                    .iter()
                    .map(|c| {
                        (
                            c.id.clone(),
                            c.number,
                            self.l.pick(&c.name, c.name_en.as_deref()).to_string(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The directors' and the heads' tables of the KPI section.
    fn managers<'k>(&self, kpi: &'k KpiView<'a>) -> [(Word, Level, &'k [&'a ManagerScore]); 2] {
        [
            (Word::Directors, Level::Org, &kpi.directors),
            (Word::Heads, Level::Group, &kpi.heads),
        ]
    }

    /// Whether any organisation has a rating band.
    fn banded(&self, nok: &NokView<'_>) -> bool {
        nok.orgs.iter().any(|o| o.band.is_some())
    }

    fn nok_scheme_name<'n>(&self, nok: &'n NokView<'a>) -> &'n str {
        match self.r.methodology.nok() {
            Some(sc) => self.l.pick(&sc.name, sc.name_en.as_deref()),
            None => nok.scores.scheme.name.as_str(),
        }
    }

    /// The НОК and KPI line of an organisation's or a group's section.
    fn scores_line(&self, node: &Node) -> Vec<ScorePart> {
        let (r, l) = (self.r, self.l);
        let mut parts = Vec::new();
        if let Some(nok) = &r.nok {
            let id = r.id(*node);
            let found = match node.level {
                Level::Org => nok
                    .org(id)
                    .map(|o| (o.total, o.rank, nok.scores.organisations.len())),
                Level::Group => nok
                    .scores
                    .group(id)
                    .map(|g| (g.total, g.rank, nok.scores.groups.len())),
                _ => None,
            };
            if let Some((total, rank, of)) = found {
                parts.push(ScorePart::Nok {
                    period: nok.scores.period.to_string(),
                    total: nok.show(r, total),
                    rank: rank.map(|rank| (rank, of)),
                });
            }
        }
        if let Some(kpi) = &r.kpi
            && let Some(m) = kpi.of(r, *node)
        {
            parts.push(ScorePart::Kpi {
                points: l.number(m.points, kpi.decimals),
                max: l.number(m.max_points, kpi.decimals),
                rank: m.rank,
            });
        }
        parts
    }

    fn first_child_level(&self, entity: &EntityView<'_>) -> Level {
        entity.children.first().map_or(Level::Unit, |c| c.level)
    }

    fn values_of(&self, entity: &EntityView<'_>) -> usize {
        entity.sections.iter().map(|x| x.rows.len()).sum()
    }

    /// The deviating indicators of an entity, with their worst severity.
    fn deviating<'v>(&self, view: &'v EntityView<'a>) -> Vec<(DeviationSeverity, &'a Indicator)> {
        view.sections
            .iter()
            .flat_map(|s| &s.rows)
            .filter_map(|row| row.severity().map(|sev| (sev, row.indicator)))
            .collect()
    }

    /// The lines of a process card: inputs, outputs, consumers, acts.
    fn card_lines(&self, card: &ProcessCard) -> [(Word, String); 4] {
        let line = |ru: &[String], en: &[String]| {
            ru.iter()
                .zip(en)
                .map(|(r, e)| self.l.pick(r, Some(e)))
                .collect::<Vec<_>>()
                .join("; ")
        };
        [
            (Word::CardInputs, line(&card.inputs, &card.inputs_en)),
            (Word::Outputs, line(&card.outputs, &card.outputs_en)),
            (Word::Consumers, line(&card.consumers, &card.consumers_en)),
            (Word::Acts, line(&card.acts, &card.acts_en)),
        ]
    }

    /// A row's earlier values: `2026-Q1: 95 % · 2026-Q2: 97 %`.
    fn earlier(&self, row: &Row<'_>) -> String {
        self.r
            .periods()
            .iter()
            .zip(&row.value.history)
            .map(|(p, h)| format!("{p}: {}", self.r.value_text(row.indicator, *h)))
            .collect::<Vec<_>>()
            .join(" · ")
    }

    /// The warning band and the target beside a row's normal band.
    fn band_more(&self, reference: &AppliedReference, ind: &Indicator) -> String {
        let l = self.l;
        let mut more = Vec::new();
        if let Some(w) = &reference.warning {
            more.push(format!(
                "{} {}",
                l.t(Word::WarningShort),
                self.r.band_text(w, ind.decimals)
            ));
        }
        if let Some(t) = reference.target {
            more.push(format!(
                "{} {}",
                l.t(Word::TargetShort),
                l.number(t, ind.decimals.min(t.scale()))
            ));
        }
        more.join(" · ")
    }

    fn reference_indicator(&self, reference: &AppliedReference) -> Option<&'a Indicator> {
        self.r
            .reference_rows
            .get(reference.id.as_str())
            .and_then(|x| self.r.methodology.indicator(&x.indicator))
    }

    fn decimals_of(&self, indicator: &Option<&Indicator>) -> u32 {
        indicator.map_or(2, |i| i.decimals)
    }

    /// The dates a reference row is in force, in words.
    fn in_force(&self, reference: &AppliedReference) -> String {
        let l = self.l;
        self.r
            .reference_rows
            .get(reference.id.as_str())
            .map_or(String::new(), |x| match x.to {
                Some(to) => format!("{} {} {} {to}", l.t(Word::From), x.from, l.t(Word::To)),
                None => format!("{} {}", l.t(Word::From), x.from),
            })
    }

    /// Funnel plots of every indicator with funnel limits at every level of
    /// the report with two values or more: the SVG and its caption.
    fn funnels(&self) -> Vec<(String, String)> {
        let (r, l) = (self.r, self.l);
        let in_scope: std::collections::HashSet<(Level, &str)> =
            r.entities.iter().map(|e| (e.node.level, e.id)).collect();
        let values: Vec<&etalon_core::IndicatorValue> = r
            .evaluation
            .values
            .iter()
            .filter(|v| in_scope.contains(&(v.entity.level, v.entity.id.as_str())))
            .collect();
        let mut out = Vec::new();
        for ind in r.methodology.indicators() {
            if ind.funnel.is_none() {
                continue;
            }
            let of: Vec<&etalon_core::IndicatorValue> = values
                .iter()
                .copied()
                .filter(|v| *v.indicator == *ind.id)
                .collect();
            for level in [Level::Group, Level::Org, Level::Unit] {
                let Some(plot) = funnel_plot(ind, level, &of) else {
                    continue;
                };
                let mut caption = format!(
                    "{} · {}: {} {}, {} {}",
                    r.indicator_name(ind),
                    l.levels(level),
                    plot.shown,
                    l.t(Word::FunnelEntities),
                    plot.outside,
                    l.t(Word::OutsideLimit)
                );
                if plot.insufficient > 0 {
                    let _ = write!(
                        caption,
                        ", {} {}",
                        plot.insufficient,
                        l.t(Word::InsufficientData)
                    );
                }
                if plot.other_centre > 0 {
                    let _ = write!(
                        caption,
                        "; {} {}",
                        plot.other_centre,
                        l.t(Word::OtherCentre)
                    );
                }
                out.push((plot.svg, caption));
            }
        }
        out
    }
}

fn periods_text(report: &Report<'_>) -> String {
    match (report.periods().first(), report.periods().last()) {
        (Some(a), Some(b)) if a != b => format!("{a} – {b}"),
        (Some(a), _) => a.to_string(),
        _ => String::new(),
    }
}
