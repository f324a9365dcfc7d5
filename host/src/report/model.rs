//! What a report shows, gathered once from an evaluation, its methodology
//! and the organisation tree; the HTML and the spreadsheet are two ways of
//! writing the same [`Report`].

use std::collections::{BTreeMap, BTreeSet, HashMap};

use etalon_core::evaluate::{AppliedReference, Deviation, Evaluation, IndicatorValue, Judgement};
use etalon_core::evaluate::{DeviationRule, SeverityCounts};
use etalon_core::methodology::{
    Band, DeviationSeverity, Indicator, Measure, Process, Reference, Scope, Source,
};
use etalon_core::{EntityRef, Level, Methodology, OrgTree, Period};
use rust_decimal::Decimal;

use chrono::NaiveDate;
use etalon_core::journal::JournalState;

use super::ReportError;
use super::i18n::{Lang, Word};
use super::journal::JournalView;
use super::scores::{KpiView, NokView};
use etalon_core::scoring::{KpiScores, NokScores};

/// What to report on.
#[derive(Debug, Clone)]
pub struct ReportOptions {
    /// The level of the entities the report starts from.
    pub level: Level,
    /// One entity of that level; every entity of the level when `None`.
    pub entity: Option<String>,
    /// The lowest level that gets its own section (`Unit`: every level).
    pub depth: Level,
    /// The language of the report.
    pub lang: Lang,
    /// How many critical deviations the summary lists.
    pub top: usize,
}

impl Default for ReportOptions {
    fn default() -> Self {
        ReportOptions {
            level: Level::Region,
            entity: None,
            depth: Level::Unit,
            lang: Lang::Ru,
            top: 25,
        }
    }
}

/// An entity of the tree by level and position (anchors are made from
/// positions, so that no id from the data ever goes into a URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Node {
    /// Its level.
    pub level: Level,
    /// Its position among the entities of its level in the tree.
    pub index: usize,
}

impl Node {
    /// The anchor of the entity's section (`r0`, `g3`, `o17`, `u905`).
    pub fn anchor(self) -> String {
        let prefix = match self.level {
            Level::Country => 'c',
            Level::Region => 'r',
            Level::Group => 'g',
            Level::Org => 'o',
            Level::Unit => 'u',
        };
        format!("{prefix}{}", self.index)
    }
}

/// The bands of a reference at one period of a chart.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BandsAt {
    /// Normal band.
    pub normal: Band,
    /// Warning band.
    pub warning: Option<Band>,
    /// Target.
    pub target: Option<Decimal>,
}

impl From<&AppliedReference> for BandsAt {
    fn from(r: &AppliedReference) -> Self {
        BandsAt {
            normal: r.normal,
            warning: r.warning,
            target: r.target,
        }
    }
}

impl From<&Reference> for BandsAt {
    fn from(r: &Reference) -> Self {
        BandsAt {
            normal: r.normal,
            warning: r.warning,
            target: r.target,
        }
    }
}

/// One indicator of one entity: its value with everything that explains it.
#[derive(Debug, Clone)]
pub struct Row<'a> {
    /// The value as the evaluation gave it.
    pub value: &'a IndicatorValue,
    /// The indicator's definition.
    pub indicator: &'a Indicator,
    /// The deviations found on it in the period.
    pub deviations: Vec<&'a Deviation>,
    /// The value at every period of the window, oldest first.
    pub series: Vec<Option<Decimal>>,
    /// The reference bands at every period of the window (the rows of the
    /// same scope in force at each period's end).
    pub bands: Vec<Option<BandsAt>>,
    /// Position of the applied reference in [`Report::references`].
    pub reference: Option<usize>,
}

impl Row<'_> {
    /// The worst severity of the row's deviations.
    pub fn severity(&self) -> Option<DeviationSeverity> {
        self.deviations.iter().map(|d| d.severity).max()
    }
}

/// The indicators of one process (or the cross-cutting ones) of an entity.
#[derive(Debug, Clone)]
pub struct Section<'a> {
    /// The process; `None` for cross-cutting indicators.
    pub process: Option<&'a Process>,
    /// Its indicators, in package order.
    pub rows: Vec<Row<'a>>,
}

/// One entity of the report.
#[derive(Debug, Clone)]
pub struct EntityView<'a> {
    /// Where it is in the tree.
    pub node: Node,
    /// Its id.
    pub id: &'a str,
    /// Its name.
    pub name: &'a str,
    /// Its ancestors, the region first (some may be outside the report).
    pub ancestors: Vec<Node>,
    /// Its parts (the next level down).
    pub children: Vec<Node>,
    /// Its indicators, by process.
    pub sections: Vec<Section<'a>>,
    /// Its own deviations in the period.
    pub counts: SeverityCounts,
}

/// An indicator with many deviations in the report's scope.
#[derive(Debug, Clone)]
pub struct WorstIndicator<'a> {
    /// The indicator.
    pub indicator: &'a Indicator,
    /// Deviations of it.
    pub deviations: u64,
    /// Of which critical.
    pub critical: u64,
    /// Entities where it deviates.
    pub entities: u64,
}

/// Counts over the report's scope.
#[derive(Debug, Clone, Default)]
pub struct ScopeSummary {
    /// Entities per level.
    pub entities: BTreeMap<Level, u64>,
    /// Indicator values.
    pub values: u64,
    /// Of which judged against a reference.
    pub judged: u64,
    /// Of which not judged for a too small base.
    pub insufficient_base: u64,
    /// Deviations per level and severity.
    pub deviations: BTreeMap<Level, SeverityCounts>,
}

/// Everything a report shows.
#[derive(Debug)]
pub struct Report<'a> {
    /// The language.
    pub lang: Lang,
    /// The methodology the evaluation was made with.
    pub methodology: &'a Methodology,
    /// The evaluation.
    pub evaluation: &'a Evaluation,
    /// The organisation tree.
    pub tree: &'a OrgTree,
    /// The entities the report starts from.
    pub roots: Vec<Node>,
    /// Every entity of the report, depth first (each followed by its parts).
    pub entities: Vec<EntityView<'a>>,
    /// Counts over the scope.
    pub summary: ScopeSummary,
    /// Indicators with most deviations, most first.
    pub worst: Vec<WorstIndicator<'a>>,
    /// Every deviation in the scope, critical and higher levels first.
    pub deviations: Vec<&'a Deviation>,
    /// The reference rows that judged a value of the report, in package order.
    pub references: Vec<AppliedReference>,
    /// Full reference rows by id (dates in force, notes), where the
    /// methodology has them.
    pub reference_rows: HashMap<&'a str, &'a Reference>,
    /// How many critical deviations the summary lists.
    pub top: usize,
    /// The deviation journal, when one is given ([`Report::with_journal`]).
    pub journal: Option<JournalView>,
    /// The independent assessment, when given ([`Report::with_nok`]).
    pub nok: Option<NokView<'a>>,
    /// KPI points of managers, when given ([`Report::with_kpi`]).
    pub kpi: Option<KpiView<'a>>,
    depth: Level,
    position: HashMap<Node, usize>,
}

impl<'a> Report<'a> {
    /// Gathers a report of `evaluation` (made by `methodology` on a dataset
    /// with `tree`).
    pub fn build(
        methodology: &'a Methodology,
        tree: &'a OrgTree,
        evaluation: &'a Evaluation,
        options: &ReportOptions,
    ) -> Result<Report<'a>, ReportError> {
        let roots = roots(tree, options)?;
        let mut children = children_of(tree);
        children.retain(|parent, _| parent.level > options.depth);
        let mut order = Vec::new();
        for root in &roots {
            depth_first(*root, &children, &mut order);
        }
        let position: HashMap<Node, usize> =
            order.iter().enumerate().map(|(i, n)| (*n, i)).collect();
        let scoped = InScope::gather(tree, evaluation, &position);
        let reference_rows: HashMap<&str, &Reference> = methodology
            .references()
            .iter()
            .map(|r| (r.id.as_str(), r))
            .collect();
        let (mut entities, summary, used_refs) = entity_views(
            methodology,
            tree,
            evaluation,
            &order,
            &children,
            scoped.by_entity,
        );
        let references = references_in_order(methodology, used_refs);
        link_references(&mut entities, &references);
        let deviations = ordered_deviations(scoped.deviations, &position);
        let worst = worst_indicators(methodology, &deviations);
        Ok(Report {
            lang: options.lang,
            methodology,
            evaluation,
            tree,
            roots,
            entities,
            summary,
            worst,
            deviations,
            references,
            reference_rows,
            top: options.top,
            journal: None,
            nok: None,
            kpi: None,
            depth: options.depth,
            position,
        })
    }

    /// Adds the open and overdue deviations of the report's entities from a
    /// deviation journal, with terms counted to `as_of`.
    pub fn with_journal(mut self, state: &JournalState, as_of: NaiveDate) -> Self {
        self.journal = Some(JournalView::new(&self, state, as_of));
        self
    }

    /// Adds the independent assessment (НОК) of the report's organisations.
    pub fn with_nok(mut self, scores: &'a NokScores) -> Self {
        self.nok = Some(NokView::new(&self, scores));
        self
    }

    /// Adds the KPI points of the directors of the report's organisations
    /// and of the heads of its groups.
    pub fn with_kpi(mut self, scores: &'a KpiScores) -> Self {
        self.kpi = Some(KpiView::new(&self, scores));
        self
    }

    /// The report's entity at `node`, if it is in the report.
    pub fn entity(&self, node: Node) -> Option<&EntityView<'a>> {
        self.position.get(&node).map(|i| &self.entities[*i])
    }

    /// The node of an entity reference, if it is in the report.
    pub fn node_of(&self, entity: &EntityRef) -> Option<Node> {
        let index = self.tree.find(entity.level, &entity.id)?;
        let node = Node {
            level: entity.level,
            index,
        };
        self.position.contains_key(&node).then_some(node)
    }

    /// The id of the entity at `node`.
    pub fn id(&self, node: Node) -> &'a str {
        self.tree.id(node.level, node.index)
    }

    /// The name of the entity at `node`.
    pub fn name(&self, node: Node) -> &'a str {
        self.tree.name(node.level, node.index)
    }

    /// The levels the report covers, highest first.
    pub fn levels(&self) -> Vec<Level> {
        let top = self.roots.first().map_or(Level::Region, |n| n.level);
        Level::ALL
            .iter()
            .rev()
            .copied()
            .filter(|l| *l <= top && *l >= self.depth.min(top))
            .collect()
    }

    /// The periods of the charts, oldest first.
    pub fn periods(&self) -> &[Period] {
        &self.evaluation.periods
    }

    /// An indicator's name in the report's language.
    pub fn indicator_name<'s>(&self, indicator: &'s Indicator) -> &'s str {
        self.lang
            .pick(&indicator.name, indicator.name_en.as_deref())
    }

    /// The position of an indicator in the package (its anchor in the
    /// catalogue).
    pub fn indicator_index(&self, indicator: &Indicator) -> usize {
        self.methodology
            .indicators()
            .iter()
            .position(|i| i.id == indicator.id)
            .unwrap_or(0)
    }

    /// The measures an indicator's formula reads, in package order.
    pub fn indicator_measures(&self, indicator: &Indicator) -> Vec<&'a Measure> {
        let words: BTreeSet<&str> = indicator
            .formula
            .split(|c: char| !(c.is_alphanumeric() || c == '_'))
            .collect();
        self.methodology
            .measures()
            .iter()
            .filter(|m| words.contains(m.id.as_str()))
            .collect()
    }

    /// A process's name in the report's language.
    pub fn process_name<'s>(&'s self, process: Option<&'s Process>) -> &'s str {
        match process {
            Some(p) => self.lang.pick(&p.name, p.name_en.as_deref()),
            None => self.lang.t(Word::CrossCutting),
        }
    }

    /// A measure's name in the report's language (its id if unknown).
    pub fn measure_name<'s>(&'s self, id: &'s str) -> &'s str {
        self.methodology
            .measures()
            .iter()
            .find(|m| m.id == id)
            .map_or(id, |m| self.lang.pick(&m.name, m.name_en.as_deref()))
    }

    /// `value` of `indicator` written with its decimals and unit.
    pub fn value_text(&self, indicator: &Indicator, value: Option<Decimal>) -> String {
        crate::explain::value_text(self.lang, indicator, value)
    }

    /// The value of deviation `d` of `indicator`, with the decimals it takes
    /// to read inside or outside its bands as the value lies (`—` for none).
    pub fn deviation_value_text(&self, indicator: &Indicator, d: &Deviation) -> String {
        crate::explain::deviation_value_text(self.lang, indicator, d)
            .unwrap_or_else(|| "—".to_string())
    }

    /// A band written for people: `≥ 95`, `≤ 25`, `85–95`.
    pub fn band_text(&self, band: &Band, decimals: u32) -> String {
        crate::explain::band_text(self.lang, band, decimals)
    }

    /// A reference's scope written for people.
    pub fn scope_text(&self, scope: &Scope) -> String {
        self.lang.scope(scope)
    }

    /// Whether a source is an act or a proposal, and its text.
    pub fn source_text<'s>(&self, source: &'s Source) -> (&'static str, &'s str) {
        match source {
            Source::Act(t) => (self.lang.t(Word::Act), t),
            Source::Proposal(t) => (self.lang.t(Word::Proposal), t),
        }
    }

    /// Why `d` is a deviation, in the report's language, with what the
    /// deviation policy made of it ([`crate::explain::reason`]).
    pub fn reason(&self, d: &Deviation) -> String {
        crate::explain::reason(self.methodology, d, self.lang)
    }

    /// The name of the rule that found `d`.
    pub fn rule_name<'s>(&'s self, d: &'s Deviation) -> &'s str {
        match &d.rule {
            DeviationRule::Band => self.lang.t(Word::BandRule),
            DeviationRule::Trend { rule } => self
                .methodology
                .trends()
                .iter()
                .find(|t| &t.id == rule)
                .map_or(rule.as_str(), |t| {
                    self.lang.pick(&t.name, t.name_en.as_deref())
                }),
        }
    }
}

/// The entities the report starts from: the one asked for, or every
/// entity of the level.
fn roots(tree: &OrgTree, options: &ReportOptions) -> Result<Vec<Node>, ReportError> {
    let level = options.level;
    Ok(match &options.entity {
        Some(id) => {
            let index = tree
                .find(level, id)
                .ok_or_else(|| ReportError::UnknownEntity {
                    level,
                    id: id.clone(),
                })?;
            vec![Node { level, index }]
        }
        None => (0..tree.count(level))
            .map(|index| Node { level, index })
            .collect(),
    })
}

/// The values and deviations of an entity, by indicator.
#[derive(Default)]
struct EntityData<'a> {
    values: Vec<&'a IndicatorValue>,
    deviations: HashMap<&'a str, Vec<&'a Deviation>>,
}

/// The values and deviations of the evaluation that fall in the report.
struct InScope<'a> {
    by_entity: HashMap<Node, EntityData<'a>>,
    deviations: Vec<(Node, &'a Deviation)>,
}

impl<'a> InScope<'a> {
    fn gather(tree: &OrgTree, evaluation: &'a Evaluation, position: &HashMap<Node, usize>) -> Self {
        let node_of = |e: &EntityRef| {
            let index = tree.find(e.level, &e.id)?;
            let node = Node {
                level: e.level,
                index,
            };
            position.contains_key(&node).then_some(node)
        };
        let mut by_entity: HashMap<Node, EntityData<'a>> = HashMap::new();
        for v in &evaluation.values {
            if let Some(node) = node_of(&v.entity) {
                by_entity.entry(node).or_default().values.push(v);
            }
        }
        let mut deviations = Vec::new();
        for d in &evaluation.deviations {
            if let Some(node) = node_of(&d.entity) {
                by_entity
                    .entry(node)
                    .or_default()
                    .deviations
                    .entry(d.indicator.as_str())
                    .or_default()
                    .push(d);
                deviations.push((node, d));
            }
        }
        InScope {
            by_entity,
            deviations,
        }
    }
}

/// The sections of every entity of the report in `order`, the counts over
/// the scope, and the reference rows that judged a value.
fn entity_views<'a>(
    methodology: &'a Methodology,
    tree: &'a OrgTree,
    evaluation: &'a Evaluation,
    order: &[Node],
    children: &HashMap<Node, Vec<Node>>,
    mut by_entity: HashMap<Node, EntityData<'a>>,
) -> (
    Vec<EntityView<'a>>,
    ScopeSummary,
    BTreeMap<String, AppliedReference>,
) {
    let indicator_order: HashMap<&str, usize> = methodology
        .indicators()
        .iter()
        .enumerate()
        .map(|(i, ind)| (ind.id.as_str(), i))
        .collect();
    let mut used_refs: BTreeMap<String, AppliedReference> = BTreeMap::new();
    let mut summary = ScopeSummary::default();
    let mut entities = Vec::with_capacity(order.len());
    for node in order {
        *summary.entities.entry(node.level).or_default() += 1;
        summary.deviations.entry(node.level).or_default();
        let EntityData {
            mut values,
            mut deviations,
        } = by_entity.remove(node).unwrap_or_default();
        values.sort_by_key(|v| {
            indicator_order
                .get(&*v.indicator)
                .copied()
                .unwrap_or(usize::MAX)
        });
        let mut counts = SeverityCounts::default();
        let mut sections: Vec<Section<'a>> = Vec::new();
        for v in values {
            let Some(indicator) = methodology.indicator(&v.indicator) else {
                continue;
            };
            summary.values += 1;
            summary.judged += v.judgement.is_judged() as u64;
            summary.insufficient_base += (v.judgement == Judgement::InsufficientBase) as u64;
            let devs = deviations.remove(&*v.indicator).unwrap_or_default();
            for d in &devs {
                match d.severity {
                    DeviationSeverity::Warning => counts.warning += 1,
                    DeviationSeverity::Critical => counts.critical += 1,
                }
            }
            if let Some(r) = &v.reference {
                used_refs
                    .entry(r.id.clone())
                    .or_insert_with(|| (**r).clone());
            }
            let row = Row {
                value: v,
                indicator,
                deviations: devs,
                series: v.history.iter().copied().chain([v.value]).collect(),
                bands: bands_over(methodology, evaluation, v),
                reference: None,
            };
            let process = v.process.as_deref().and_then(|p| methodology.process(p));
            match sections
                .iter_mut()
                .find(|s| s.process.map(|p| &p.id) == process.map(|p| &p.id))
            {
                Some(s) => s.rows.push(row),
                None => sections.push(Section {
                    process,
                    rows: vec![row],
                }),
            }
        }
        // Processes in package order, cross-cutting indicators last.
        sections.sort_by_key(|s| match s.process {
            Some(p) => methodology
                .processes()
                .iter()
                .position(|q| q.id == p.id)
                .unwrap_or(usize::MAX - 1),
            None => usize::MAX,
        });
        let level_counts = summary.deviations.entry(node.level).or_default();
        level_counts.warning += counts.warning;
        level_counts.critical += counts.critical;
        entities.push(EntityView {
            node: *node,
            id: tree.id(node.level, node.index),
            name: tree.name(node.level, node.index),
            ancestors: ancestors(tree, *node),
            children: children.get(node).cloned().unwrap_or_default(),
            sections,
            counts,
        });
    }
    (entities, summary, used_refs)
}

/// The references in package order, then any the package no longer has.
fn references_in_order(
    methodology: &Methodology,
    mut used: BTreeMap<String, AppliedReference>,
) -> Vec<AppliedReference> {
    let mut references: Vec<AppliedReference> = Vec::new();
    for r in methodology.references() {
        if let Some(a) = used.remove(&r.id) {
            references.push(a);
        }
    }
    references.extend(used.into_values());
    references
}

/// Points every row at its reference's position in `references`.
fn link_references(entities: &mut [EntityView<'_>], references: &[AppliedReference]) {
    let position: HashMap<&str, usize> = references
        .iter()
        .enumerate()
        .map(|(i, r)| (r.id.as_str(), i))
        .collect();
    for e in entities {
        for s in &mut e.sections {
            for row in &mut s.rows {
                row.reference = row
                    .value
                    .reference
                    .as_ref()
                    .and_then(|r| position.get(r.id.as_str()).copied());
            }
        }
    }
}

/// The deviations critical first, then higher levels first, then in the
/// report's order.
fn ordered_deviations<'a>(
    mut deviations: Vec<(Node, &'a Deviation)>,
    position: &HashMap<Node, usize>,
) -> Vec<&'a Deviation> {
    deviations.sort_by(|(na, a), (nb, b)| {
        (b.severity, b.entity.level, position[na], &a.indicator).cmp(&(
            a.severity,
            a.entity.level,
            position[nb],
            &b.indicator,
        ))
    });
    deviations.into_iter().map(|(_, d)| d).collect()
}

/// Indicators by their deviations in the scope, most first.
fn worst_indicators<'a>(
    methodology: &'a Methodology,
    deviations: &[&'a Deviation],
) -> Vec<WorstIndicator<'a>> {
    let mut worst: BTreeMap<&str, (u64, u64, BTreeSet<&EntityRef>)> = BTreeMap::new();
    for d in deviations {
        let w = worst.entry(d.indicator.as_str()).or_default();
        w.0 += 1;
        w.1 += (d.severity == DeviationSeverity::Critical) as u64;
        w.2.insert(&d.entity);
    }
    let mut worst: Vec<WorstIndicator<'a>> = worst
        .into_iter()
        .filter_map(|(id, (n, c, e))| {
            Some(WorstIndicator {
                indicator: methodology.indicator(id)?,
                deviations: n,
                critical: c,
                entities: e.len() as u64,
            })
        })
        .collect();
    worst.sort_by(|a, b| {
        (b.deviations, b.critical)
            .cmp(&(a.deviations, a.critical))
            .then_with(|| a.indicator.id.cmp(&b.indicator.id))
    });
    worst
}

/// The parts of every entity (the next level down), in tree order.
fn children_of(tree: &OrgTree) -> HashMap<Node, Vec<Node>> {
    let mut children: HashMap<Node, Vec<Node>> = HashMap::new();
    let region = Node {
        level: Level::Region,
        index: 0,
    };
    for (level, up) in [
        (Level::Group, Level::Region),
        (Level::Org, Level::Group),
        (Level::Unit, Level::Org),
    ] {
        for index in 0..tree.count(level) {
            let parent = match up {
                Level::Region => region,
                _ => Node {
                    level: up,
                    index: tree.parent(level, index),
                },
            };
            children
                .entry(parent)
                .or_default()
                .push(Node { level, index });
        }
    }
    children
}

fn depth_first(node: Node, children: &HashMap<Node, Vec<Node>>, out: &mut Vec<Node>) {
    out.push(node);
    for c in children.get(&node).into_iter().flatten() {
        depth_first(*c, children, out);
    }
}

/// The ancestors of `node`, the region first.
fn ancestors(tree: &OrgTree, node: Node) -> Vec<Node> {
    let mut up = Vec::new();
    let mut current = node;
    while current.level != Level::Region {
        let (level, index) = match current.level {
            Level::Unit => (Level::Org, tree.parent(Level::Unit, current.index)),
            Level::Org => (Level::Group, tree.parent(Level::Org, current.index)),
            _ => (Level::Region, 0),
        };
        current = Node { level, index };
        up.push(current);
    }
    up.reverse();
    up
}

/// The bands at every period of the window: the rows of the applied
/// reference's scope in force at each period's end (the applied row itself
/// for the period asked).
fn bands_over(m: &Methodology, e: &Evaluation, v: &IndicatorValue) -> Vec<Option<BandsAt>> {
    let Some(applied) = &v.reference else {
        return vec![None; e.periods.len()];
    };
    let last = e.periods.len().saturating_sub(1);
    e.periods
        .iter()
        .enumerate()
        .map(|(i, p)| {
            if i == last {
                return Some(BandsAt::from(&**applied));
            }
            m.references()
                .iter()
                .find(|r| {
                    *r.indicator == *v.indicator
                        && r.scope == applied.scope
                        && (r.levels.is_empty() || r.levels.contains(&v.entity.level))
                        && r.in_force(p.end())
                })
                .map(BandsAt::from)
        })
        .collect()
}
