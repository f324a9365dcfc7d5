//! What scoring adds to a report: the independent assessment (НОК) of the
//! report's organisations with their ranking, and the KPI points of their
//! directors and of the heads of their groups.

use etalon_core::scoring::{KpiScores, ManagerScore, NokFigure, NokScores, OrgNok};
use etalon_core::{EntityRef, Level};
use rust_decimal::Decimal;

use super::model::{Node, Report};

/// The НОК as a report shows it.
#[derive(Debug, Clone)]
pub struct NokView<'a> {
    /// Every score, as computed.
    pub scores: &'a NokScores,
    /// The organisations of the report, best first (by rank, then id).
    pub orgs: Vec<&'a OrgNok>,
    /// The figure of the report's one root: the region's or the group's.
    pub figure: Option<&'a NokFigure>,
}

impl<'a> NokView<'a> {
    /// The НОК of `report`'s organisations in `scores`.
    pub fn new(report: &Report<'_>, scores: &'a NokScores) -> NokView<'a> {
        let mut orgs: Vec<&OrgNok> = scores
            .organisations
            .iter()
            .filter(|o| report.node_of(&entity(Level::Org, &o.org)).is_some())
            .collect();
        orgs.sort_by(|a, b| {
            (a.rank.unwrap_or(u32::MAX), &a.org).cmp(&(b.rank.unwrap_or(u32::MAX), &b.org))
        });
        let figure = match report.roots.as_slice() {
            [root] if root.level == Level::Region => Some(&scores.region),
            [root] if root.level == Level::Group => scores.group(report.id(*root)),
            _ => None,
        };
        NokView {
            scores,
            orgs,
            figure,
        }
    }

    /// An organisation's scores, if it was assessed.
    pub fn org(&self, id: &str) -> Option<&'a OrgNok> {
        self.orgs.iter().copied().find(|o| o.org == id)
    }

    /// A score written in `report`'s language, rounded by the scheme's
    /// rounding policy.
    pub fn show(&self, report: &Report<'_>, v: Option<Decimal>) -> String {
        let r = self.scores.rounding;
        v.map_or_else(
            || "—".to_string(),
            |v| report.lang.number(r.apply(v), r.decimals),
        )
    }
}

/// The KPI points as a report shows them.
#[derive(Debug, Clone)]
pub struct KpiView<'a> {
    /// Every score, as computed.
    pub scores: &'a KpiScores,
    /// Decimals of points.
    pub decimals: u32,
    /// Directors of the report's organisations, best first.
    pub directors: Vec<&'a ManagerScore>,
    /// Heads of the report's groups, best first.
    pub heads: Vec<&'a ManagerScore>,
}

impl<'a> KpiView<'a> {
    /// The KPI points of `report`'s managers in `scores`.
    pub fn new(report: &Report<'_>, scores: &'a KpiScores) -> KpiView<'a> {
        let pick = |managers: &'a [ManagerScore], level: Level| {
            let mut v: Vec<&ManagerScore> = managers
                .iter()
                .filter(|m| report.node_of(&entity(level, &m.id)).is_some())
                .collect();
            v.sort_by(|a, b| {
                (a.rank.unwrap_or(u32::MAX), &a.id).cmp(&(b.rank.unwrap_or(u32::MAX), &b.id))
            });
            v
        };
        KpiView {
            scores,
            decimals: report.methodology.kpi().map_or(1, |k| k.decimals),
            directors: pick(&scores.directors, Level::Org),
            heads: pick(&scores.heads, Level::Group),
        }
    }

    /// The manager answering for the entity at `node` (a director for an
    /// organisation, a head for a group).
    pub fn of(&self, report: &Report<'_>, node: Node) -> Option<&'a ManagerScore> {
        let id = report.id(node);
        match node.level {
            Level::Org => self.directors.iter().copied().find(|m| m.id == id),
            Level::Group => self.heads.iter().copied().find(|m| m.id == id),
            _ => None,
        }
    }
}

fn entity(level: Level, id: &str) -> EntityRef {
    EntityRef {
        level,
        id: id.to_string(),
    }
}
